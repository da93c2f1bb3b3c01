//! 不及时更新 (issue 12.4): each record's last update read from the ledger's Git history.
//!
//! A scratch repository with dated commits (GIT_AUTHOR_DATE / GIT_COMMITTER_DATE, a
//! Chinese author), as-of 2026-10-15, `[rules] stale_days` at its default 35:
//!
//! | record   | state       | last commit (Beijing)            | days | stale |
//! |----------|-------------|----------------------------------|------|-------|
//! | 2026-001 | under way   | 2026-09-11                       | 34   | no    |
//! | 2026-002 | under way   | 2026-09-10                       | 35   | no    |
//! | 2026-003 | under way   | 2026-09-09                       | 36   | yes   |
//! | 2026-004 | operating   | 2026-07-07                       | 100  | no    |
//! | 2026-005 | terminated  | 2026-07-07                       | 100  | no    |
//! | 2026-006 | under way   | 2026-07-07 (and 2026-10-20, unseen) | 100 | yes |
//! | 2026-007 | under way   | 2026-09-09 17:00 UTC = 09-10 Beijing | 35 | no |
//! | 2026-008 | under way   | never committed (untracked)      | —    | no    |
//!
//! Skipped (with the reason printed) only when `git` is not installed.

mod common;

use common::copy_dir;
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");
const AS_OF: &str = "2026-10-15";
const AUTHOR: &str = "张晓燕";

fn have_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("跳过：本机没有 git，无法建测试用的 Git 仓库");
    }
    ok
}

/// Run git in `root` with a fixed author/committer date (RFC 3339).
fn git_at(root: &Path, date: &str, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .env("GIT_AUTHOR_NAME", AUTHOR)
        .env("GIT_COMMITTER_NAME", AUTHOR)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn record(id: &str, extra: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 800\nland_mu = 0\ninvestor = \"某某有限公司\"\nleader = \"赵文博\"\nowner = \"苏建华\"\n\n[dates]\nsigned = 2026-06-01\n{extra}"
    )
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    fs::write(p, text).expect("write");
}

/// Commit one record alone at a date.
fn commit_record(root: &Path, id: &str, extra: &str, date: &str, subject: &str) {
    let rel = format!("data/projects/kfq/{id}.toml");
    write(root, &rel, &record(id, extra));
    git_at(root, date, &["add", "--", &rel]);
    git_at(root, date, &["commit", "-q", "-m", subject]);
}

/// The scratch ledger of the table above, in a Git repository.
fn ledger() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "data/units.toml",
        "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"xz\"\nname = \"示例镇\"\nkind = \"乡镇\"\n",
    );
    write(
        root,
        "data/config.toml",
        "[rules]\nprerequisites = false\napproval_tiers = false\ndisabled = [\"filing\", \"plan\", \"kickoff\", \"platform\", \"report\", \"start\", \"complete\", \"operate\"]\n",
    );
    git_at(root, "2026-05-01T09:00:00+08:00", &["init", "-q"]);
    git_at(root, "2026-05-01T09:00:00+08:00", &["add", "data"]);
    git_at(
        root,
        "2026-05-01T09:00:00+08:00",
        &["commit", "-q", "-m", "建立台账"],
    );
    let old = "2026-07-07T10:00:00+08:00";
    commit_record(root, "2026-004", "operating = 2026-06-20\n", old, "投产");
    commit_record(
        root,
        "2026-005",
        "terminated = 2026-06-20\nterminated_reason = \"企业撤资\"\n",
        old,
        "终止",
    );
    commit_record(root, "2026-006", "", old, "新建 2026-006");
    commit_record(
        root,
        "2026-003",
        "",
        "2026-09-09T23:30:00+08:00",
        "九月进展 003",
    );
    commit_record(
        root,
        "2026-002",
        "",
        "2026-09-10T08:00:00+08:00",
        "九月进展 002",
    );
    commit_record(
        root,
        "2026-001",
        "",
        "2026-09-11T08:00:00+08:00",
        "九月进展 001",
    );
    // 17:00 UTC on 09-09 is 01:00 on 09-10 in Beijing: 35 days, not 36.
    commit_record(
        root,
        "2026-007",
        "",
        "2026-09-09T17:00:00+00:00",
        "九月进展 007",
    );
    // After the as-of date: not seen as of 2026-10-15.
    let rel = "data/projects/kfq/2026-006.toml";
    write(
        root,
        rel,
        &format!("{}# 十月补充\n", record("2026-006", "")),
    );
    git_at(
        root,
        "2026-10-20T10:00:00+08:00",
        &["commit", "-q", "-am", "十月进展 006"],
    );
    // Never committed.
    write(
        root,
        "data/projects/kfq/2026-008.toml",
        &record("2026-008", ""),
    );
    dir
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("tongbao")
}

fn check_json(root: &Path, extra: &[&str]) -> (Value, String) {
    let mut args = vec!["check", "--format", "json", "--as-of", AS_OF];
    args.extend_from_slice(extra);
    let o = run(root, &args);
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "json: {e}\n{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    (v, String::from_utf8_lossy(&o.stderr).into_owned())
}

fn stale_of(v: &Value) -> Vec<&Value> {
    v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["code"] == "stale")
        .collect()
}

#[test]
fn stale_is_more_than_35_days_for_projects_under_way_and_later_commits_are_unseen() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let (v, err) = check_json(dir.path(), &[]);
    let errors: Vec<&Value> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!err.contains("未检查"), "history was read: {err}");
    let stale = stale_of(&v);
    let ids: Vec<&str> = stale
        .iter()
        .map(|f| f["project"].as_str().expect("project"))
        .collect();
    // 36 days is stale, 34 and 35 are not; operating and terminated never; the commit
    // of 10-20 is after as-of, so 2026-006 is judged from 07-07; 2026-007's commit is on
    // 09-10 in Beijing; 2026-008 was never committed.
    assert_eq!(ids, vec!["2026-003", "2026-006"], "{stale:#?}");
    let f = stale[0];
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["unit"], "kfq");
    assert_eq!(f["file"], "data/projects/kfq/2026-003.toml");
    let m = f["message"].as_str().expect("message");
    // The public findings.json carries this message: no staff name in it.
    assert!(!m.contains(AUTHOR), "{m}");
    for want in [
        "2026-09-09",
        "九月进展 003",
        "36 天没有更新",
        "超过 35 天",
        "请更新项目进展后提交",
        "磐安 四(一)",
    ] {
        assert!(m.contains(want), "{want}: {m}");
    }
    let m6 = stale[1]["message"].as_str().expect("message");
    assert!(m6.contains("2026-07-07") && m6.contains("100 天"), "{m6}");
    assert!(
        !m6.contains("十月进展"),
        "a commit after as-of is unseen: {m6}"
    );

    // As of 10-21 the commit of 10-20 is seen: 2026-006 is up to date.
    let o = run(
        dir.path(),
        &["check", "--format", "json", "--as-of", "2026-10-21"],
    );
    let later: Value = serde_json::from_slice(&o.stdout).expect("json");
    let ids: Vec<&str> = stale_of(&later)
        .iter()
        .map(|f| f["project"].as_str().expect("project"))
        .collect();
    assert_eq!(ids, vec!["2026-001", "2026-002", "2026-003", "2026-007"]);
}

#[test]
fn the_limit_is_configurable_and_zero_turns_it_off() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let cfg = dir.path().join("data/config.toml");
    let base = fs::read_to_string(&cfg).expect("config");
    fs::write(
        &cfg,
        base.replace("[rules]\n", "[rules]\nstale_days = 34\n"),
    )
    .expect("write");
    let (v, _) = check_json(dir.path(), &[]);
    let ids: Vec<&str> = stale_of(&v)
        .iter()
        .map(|f| f["project"].as_str().expect("project"))
        .collect();
    assert_eq!(ids, vec!["2026-002", "2026-003", "2026-006", "2026-007"]);
    fs::write(&cfg, base.replace("[rules]\n", "[rules]\nstale_days = 0\n")).expect("write");
    let (v, err) = check_json(dir.path(), &[]);
    assert!(stale_of(&v).is_empty());
    assert!(!err.contains("stale"), "{err}");
    // Out of range: a Chinese error at the key, with the allowed range.
    fs::write(
        &cfg,
        base.replace("[rules]\n", "[rules]\nstale_days = 99999\n"),
    )
    .expect("write");
    let (v, _) = check_json(dir.path(), &[]);
    let bad = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["file"] == "data/config.toml" && f["severity"] == "error")
        .unwrap_or_else(|| panic!("no config error: {v:#}"));
    let m = bad["message"].as_str().expect("message");
    assert!(m.contains("3660") && m.contains("不及时更新"), "{m}");
}

#[test]
fn changed_since_keeps_the_stale_warnings() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let (v, _) = check_json(dir.path(), &["--changed-since", "HEAD"]);
    let stale = stale_of(&v);
    assert_eq!(stale.len(), 2, "{v:#}");
    assert!(stale.iter().all(|f| f["severity"] == "warning"));
}

#[test]
fn a_shallow_clone_says_so_once_and_skips_the_rule() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let clone = tempfile::tempdir().expect("tempdir");
    let url = format!("file://{}", dir.path().display());
    let dest = clone.path().join("c");
    let o = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(&dest)
        .output()
        .expect("git clone");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (v, err) = check_json(&dest, &[]);
    assert!(stale_of(&v).is_empty(), "{v:#}");
    assert_eq!(err.matches("浅克隆").count(), 1, "{err}");
    assert!(err.contains("未检查“不及时更新”"), "{err}");
    assert!(err.contains("fetch-depth: 0"), "{err}");
    // build says it once too, and the project page says why there is no history.
    let out = dest.join("site");
    let b = Command::new(BIN)
        .args(["build", "--as-of", AS_OF, "--root"])
        .arg(&dest)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("build");
    let berr = String::from_utf8_lossy(&b.stderr);
    assert!(b.status.success(), "{berr}");
    assert_eq!(berr.matches("浅克隆").count(), 1, "{berr}");
    let page = fs::read_to_string(out.join("projects/2026-003.html")).expect("page");
    assert!(
        page.contains("更新记录") && page.contains("浅克隆"),
        "{page}"
    );
}

#[test]
fn outside_git_says_so_once_and_skips_the_rule() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let plain = tempfile::tempdir().expect("tempdir");
    copy_dir(&dir.path().join("data"), &plain.path().join("data"));
    let (v, err) = check_json(plain.path(), &[]);
    assert!(stale_of(&v).is_empty(), "{v:#}");
    assert_eq!(err.matches("不在 Git 仓库").count(), 1, "{err}");
    assert!(err.contains("未检查“不及时更新”"), "{err}");
    // Not a finding: the counts are those of the ledger alone.
    assert_eq!(v["warnings"].as_u64(), Some(0), "{v:#}");
}

fn build(root: &Path, out: &Path, profile: &str) -> String {
    let b = Command::new(BIN)
        .args(["build", "--as-of", AS_OF, "--profile", profile, "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .output()
        .expect("build");
    let err = String::from_utf8_lossy(&b.stderr).into_owned();
    assert!(b.status.success(), "{err}");
    err
}

#[test]
fn pages_show_the_history_and_the_rankings_the_deduction() {
    if !have_git() {
        return;
    }
    let dir = ledger();
    let site = tempfile::tempdir().expect("tempdir");
    let internal = site.path().join("internal");
    build(dir.path(), &internal, "internal");
    let page = fs::read_to_string(internal.join("projects/2026-006.html")).expect("page");
    assert!(page.contains("更新记录（1 次提交）"), "{page}");
    assert!(
        page.contains("新建 2026-006") && page.contains(AUTHOR),
        "{page}"
    );
    assert!(!page.contains("十月进展"), "after as-of: {page}");
    assert!(
        page.contains("最近一次更新：2026-07-07，距 2026-10-15 已 100 天"),
        "{page}"
    );
    assert!(page.contains("超过 35 天未更新"), "{page}");
    let fresh = fs::read_to_string(internal.join("projects/2026-001.html")).expect("page");
    assert!(
        fresh.contains("已 34 天") && !fresh.contains("超过 35 天未更新"),
        "{fresh}"
    );
    let new = fs::read_to_string(internal.join("projects/2026-008.html")).expect("page");
    assert!(new.contains("还没有提交到 Git"), "{new}");

    // The public edition keeps staff names out.
    let public = site.path().join("public");
    build(dir.path(), &public, "public");
    let page = fs::read_to_string(public.join("projects/2026-006.html")).expect("page");
    assert!(
        page.contains("新建 2026-006") && !page.contains(AUTHOR),
        "{page}"
    );

    // Unit page: its stale projects.
    let unit = fs::read_to_string(public.join("units/kfq.html")).expect("unit");
    assert!(unit.contains("不及时更新（2 个项目）"), "{unit}");
    assert!(
        unit.contains("项目2026-003") && unit.contains("项目2026-006"),
        "{unit}"
    );

    // Rankings: 2026-006 is stale at the ends of August (55 days) and September (85),
    // and both 2026-003 and 2026-006 as of 10-15: 4 charges × 1 point.
    let rank = fs::read_to_string(public.join("rankings.html")).expect("rankings");
    assert!(rank.contains("不及时更新<br>（项次）"), "{rank}");
    assert!(rank.contains("不及时更新4项次×1分=4分"), "{rank}");

    // Exports.
    let json: Value =
        serde_json::from_slice(&fs::read(public.join("projects.json")).expect("json"))
            .expect("json");
    let p6 = json
        .as_array()
        .expect("array")
        .iter()
        .find(|p| p["id"] == "2026-006")
        .expect("2026-006");
    assert_eq!(p6["last_updated"], "2026-07-07");
    assert_eq!(p6["days_since_update"], 100);
    assert_eq!(p6["stale"], true);
    let csv = String::from_utf8(fs::read(public.join("projects.csv")).expect("csv")).expect("utf8");
    assert!(
        csv.contains("\"最近更新\",\"未更新天数\",\"不及时更新\""),
        "{csv}"
    );
    assert!(csv.contains("\"2026-07-07\",100,\"是\""), "{csv}");
    let findings = fs::read_to_string(public.join("findings.json")).expect("findings");
    assert_eq!(
        findings.matches("\"code\": \"stale\"").count(),
        2,
        "{findings}"
    );

    // As of a date before every commit of a record, the page says so.
    let early = site.path().join("early");
    let b = Command::new(BIN)
        .args(["build", "--as-of", "2026-06-30", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&early)
        .output()
        .expect("build");
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let page = fs::read_to_string(early.join("projects/2026-006.html")).expect("page");
    assert!(
        page.contains("该记录的 2 次提交都在核查日 2026-06-30 之后"),
        "{page}"
    );
    assert!(!page.contains("新建 2026-006"), "{page}");

    // Same repository, same as-of: the same site.
    let again = site.path().join("again");
    build(dir.path(), &again, "public");
    assert_eq!(common::read_tree(&public), common::read_tree(&again));
}
