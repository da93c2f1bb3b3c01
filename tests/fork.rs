//! A county's fork stays green (issue 10, items 6–11): the tool's own tests read the demo
//! from tests/fixtures/demo, never the `data/` a county replaces; the workflows a county
//! inherits are enforceable and platform-neutral.

use std::fs;
use std::path::{Path, PathBuf};

mod common;
use common::git;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every test source: the integration tests and the browser tests.
fn test_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["tests", "tests/browser"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(repo().join(dir))
            .expect("tests folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "rs" || x == "mjs" || x == "js")
            })
            .collect();
        entries.sort();
        for p in entries {
            let rel = p
                .strip_prefix(repo())
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, fs::read_to_string(&p).expect("read test source")));
        }
    }
    out
}

#[test]
fn the_tools_tests_never_read_the_countys_data_folder() {
    // The ways a test reached the repository's own data/ before the demo moved to
    // tests/fixtures/demo. A county that deletes the demo (使用指南 step 3) must not get red tests.
    let forbidden = [
        "repo().join(\"data",
        "manifest_dir().join(\"data",
        "CARGO_MANIFEST_DIR\")).join(\"data\")",
        "CARGO_MANIFEST_DIR\").join(\"data\")",
        ".arg(repo())",
        "read_dir(&repo())",
        "\"--root\", repo,",
        "\"--root\", repo]",
    ];
    let mut hits = Vec::new();
    for (file, text) in test_sources() {
        if file == "tests/fork.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for pat in forbidden {
                if line.contains(pat) {
                    hits.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "tests must read the demo from tests/fixtures/demo, not data/:\n{}",
        hits.join("\n")
    );
    let demo = repo().join("tests/fixtures/demo/data");
    for f in ["units.toml", "config.toml", "projects", "bulletins"] {
        assert!(
            demo.join(f).exists(),
            "{} is missing",
            demo.join(f).display()
        );
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}

// ------------------------------------------------- item 8: --changed-since in a pull request

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"town\"\nname = \"城关镇\"\nkind = \"乡镇\"\n";

/// A signed record with every post-signing step missing: overdue on 2026-06-20.
fn overdue_project(id: &str, unit: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"工业\"\nunit = \"{unit}\"\ninvestment_wan = 100\n\n[dates]\nassessed = 2026-01-05\napproved = 2026-01-10\nlegal_review = 2026-01-10\nsigned = 2026-04-30\n\n[[approvals]]\nstep = \"县长同意\"\non = 2026-01-06\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-01-07\n"
    )
}

/// Twelve overdue records of the development zone (committed), and one record of the town
/// that the last commit changed: it files late (a warning) and is overdue on its plan.
fn pull_request() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::create_dir_all(root.join("data/projects/town")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    for n in 1..=12 {
        let id = format!("a-{n:02}");
        fs::write(
            root.join(format!("data/projects/kfq/{id}.toml")),
            overdue_project(&id, "kfq"),
        )
        .expect("write");
    }
    let z = root.join("data/projects/town/z-1.toml");
    fs::write(&z, overdue_project("z-1", "town")).expect("write");
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "base"]);
    let text = overdue_project("z-1", "town").replace(
        "signed = 2026-04-30\n",
        "signed = 2026-04-30\nfiled = 2026-05-11\n",
    );
    fs::write(&z, text).expect("write");
    git(root, &["commit", "-qam", "the town files z-1"]);
    dir
}

fn tongbao(root: &Path, args: &[&str], summary: Option<&Path>) -> std::process::Output {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"));
    cmd.args(args).arg("--root").arg(root);
    match summary {
        Some(p) => cmd.env("GITHUB_STEP_SUMMARY", p),
        None => cmd.env_remove("GITHUB_STEP_SUMMARY"),
    };
    cmd.output().expect("run tongbao")
}

#[test]
fn a_pull_requests_own_findings_are_annotated_first_and_other_files_warnings_only_summarised() {
    let dir = pull_request();
    let root = dir.path();
    let summary = tempfile::NamedTempFile::new().expect("summary file");
    let o = tongbao(
        root,
        &[
            "check",
            "--format",
            "github",
            "--as-of",
            "2026-06-20",
            "--changed-since",
            "HEAD^1",
        ],
        Some(summary.path()),
    );
    assert_eq!(o.status.code(), Some(1), "z-1 is overdue on its plan");
    let out = String::from_utf8_lossy(&o.stdout);
    let warnings: Vec<&str> = out.lines().filter(|l| l.starts_with("::warning")).collect();
    let errors: Vec<&str> = out.lines().filter(|l| l.starts_with("::error")).collect();
    // GitHub shows 10 of each kind: the town's late filing (its path sorts after the 12
    // development-zone files) must be among them, i.e. first.
    assert!(
        warnings
            .first()
            .is_some_and(|l| l.contains("file=data/projects/town/z-1.toml")),
        "{out}"
    );
    assert!(
        warnings.iter().all(|l| !l.contains("data/projects/kfq/")),
        "other files' warnings go to the summary only:\n{out}"
    );
    assert!(!errors.is_empty(), "{out}");
    assert!(
        errors
            .iter()
            .all(|l| l.contains("file=data/projects/town/z-1.toml")),
        "{out}"
    );
    let md = fs::read_to_string(summary.path()).expect("summary");
    assert!(md.contains("### 本次改动的文件"), "{md}");
    assert!(md.contains("其他文件的警告不标注，只列在下表"), "{md}");
    assert!(
        md.contains("a-12") && md.contains("本次合并请求未改动该文件，仅作提示"),
        "{md}"
    );
    // The changed files' section comes before the complete list by unit.
    let mine = md.find("### 本次改动的文件").expect("section");
    let kfq = md.find("### 开发区（kfq）").expect("unit section");
    assert!(mine < kfq, "{md}");
}

#[test]
fn a_new_file_not_yet_added_to_git_counts_as_changed_in_a_local_run() {
    let dir = pull_request();
    let root = dir.path();
    // `tongbao new`, fill it in, check before `git add`: its overdue items are the author's.
    fs::write(
        root.join("data/projects/town/n-1.toml"),
        overdue_project("n-1", "town"),
    )
    .expect("write");
    let o = tongbao(
        root,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-06-20",
            "--changed-since",
            "HEAD",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let of = |file: &str| -> Vec<(String, String)> {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["file"] == file && f["code"] == "overdue")
            .map(|f| {
                (
                    f["severity"].as_str().unwrap_or("").to_string(),
                    f["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    let new = of("data/projects/town/n-1.toml");
    assert!(!new.is_empty());
    for (sev, msg) in &new {
        assert_eq!(sev, "error", "{msg}");
        assert!(!msg.contains("仅作提示"), "{msg}");
    }
    // Committed, unchanged files stay warnings; an ignored file would not count.
    for (sev, msg) in of("data/projects/kfq/a-01.toml") {
        assert_eq!(sev, "warning");
        assert!(msg.contains("本次合并请求未改动该文件，仅作提示"), "{msg}");
    }
}

// ------------------------------------------------------------ item 11: GitLab's base report

fn fingerprints(root: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["check", "--format", "gitlab", "--as-of", "2026-06-20"];
    args.extend_from_slice(extra);
    let o = tongbao(root, &args, None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("gitlab json");
    let mut out: Vec<(String, String)> = v
        .as_array()
        .expect("array")
        .iter()
        .map(|i| {
            (
                i["fingerprint"].as_str().expect("fingerprint").to_string(),
                i["check_name"].as_str().expect("check").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn gitlab_fingerprints_survive_a_moved_line_and_the_changed_since_note() {
    let dir = pull_request();
    let root = dir.path();
    // The default branch's report (no --changed-since: overdue items are errors there).
    let base = fingerprints(root, &[]);
    let unique: std::collections::BTreeSet<&String> = base.iter().map(|(f, _)| f).collect();
    assert_eq!(unique.len(), base.len(), "fingerprints are unique");
    // The merge request moves every finding of a-01 two lines down and reports other
    // files' overdue items as warnings with a note: nothing of that is a new finding.
    let a = root.join("data/projects/kfq/a-01.toml");
    let text = fs::read_to_string(&a).expect("read");
    fs::write(&a, format!("# 开发区项目\n# 备注\n{text}")).expect("write");
    let mr = fingerprints(root, &["--changed-since", "HEAD^1"]);
    assert_eq!(base, mr);
    // Two alike findings in one file (two open problems due the same day) still get
    // distinct fingerprints.
    let z = root.join("data/projects/town/z-1.toml");
    let problem =
        "\n[[problems]]\nraised = 2026-05-06\ntext = \"{}\"\nunit = \"town\"\ndue = 2026-05-29\n";
    let mut text = fs::read_to_string(&z).expect("read");
    text.push_str(&problem.replace("{}", "管线迁改"));
    text.push_str(&problem.replace("{}", "用电报装"));
    fs::write(&z, text).expect("write");
    let two = fingerprints(root, &[]);
    let problems = two
        .iter()
        .filter(|(_, c)| c == "tongbao/overdue/problem")
        .count();
    assert_eq!(problems, 2, "{two:?}");
    let unique: std::collections::BTreeSet<&String> = two.iter().map(|(f, _)| f).collect();
    assert_eq!(unique.len(), two.len(), "{two:?}");
}

// ------------------------------------------------------------------------ item 10: 404.html

#[test]
fn the_site_has_a_404_page_that_leads_back_and_can_be_overridden() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let root = scratch.path();
    fs::create_dir_all(root.join("data/projects")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    let build = |root: &Path| {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
            .args(["build", "--as-of", "2026-06-20", "--root"])
            .arg(root)
            .env("CI", "1")
            .output()
            .expect("run tongbao");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        o
    };
    build(root);
    let page = read(&root.join("site/404.html"));
    assert!(page.contains("<h1>页面不存在</h1>"), "{page}");
    assert!(page.contains("href=\"index.html\""), "{page}");
    assert!(page.contains("href=\"projects/index.html\""), "{page}");
    assert!(page.contains("Content-Security-Policy"), "{page}");
    assert!(page.contains("href=\"static/style.css\""), "{page}");
    // A county may word it its own way, as any other page.
    fs::create_dir_all(root.join("templates")).expect("mkdir");
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}<h1>本县招商网：页面已移走</h1>{% endblock content %}",
    )
    .expect("write");
    let o = build(root);
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("使用自定义模板 templates/404.html"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(read(&root.join("site/404.html")).contains("本县招商网：页面已移走"));
}

// ------------------------------------------------------- items 7, 9, 10: the county's workflows

/// (id, name) of each job of a workflow: the keys two spaces in under `jobs:`.
fn jobs(workflow: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut inside = false;
    for line in workflow.lines() {
        if line.starts_with("jobs:") {
            inside = true;
            continue;
        }
        if !inside || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(id) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
            && !id.starts_with(' ')
        {
            out.push((id.to_string(), String::new()));
        } else if let Some(name) = line.strip_prefix("    name: ")
            && let Some(last) = out.last_mut()
        {
            last.1 = name.trim().to_string();
        }
    }
    out
}

/// The part of a workflow before `jobs:` (triggers, workflow-wide permissions), without
/// comments.
fn head(workflow: &str) -> String {
    workflow[..workflow.find("\njobs:").expect("jobs")]
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn the_pull_request_check_can_be_required_and_compares_with_the_merge_commits_parent() {
    let check = read(&repo().join(".github/workflows/check.yml"));
    let publish = read(&repo().join(".github/workflows/publish.yml"));
    // A required check must report on every pull request, a README-only one too.
    assert!(!head(&check).contains("paths"), "{check}");
    assert!(head(&check).contains("pull_request:"));
    // The name README step 3 tells the office to require; no job elsewhere shares it or its id.
    let pr = jobs(&check);
    assert_eq!(pr, vec![("pr-check".to_string(), "台账检查".to_string())]);
    let pub_jobs = jobs(&publish);
    for (id, name) in &pub_jobs {
        assert!(!name.is_empty(), "job {id} of publish.yml has a name");
        assert!(id != "pr-check" && name != "台账检查", "{id}: {name}");
    }
    // The merge commit's first parent is the target branch as it is now, not a stale base.
    // Full history: the `stale` rule reads each record's last commit (a shallow clone skips it).
    assert!(check.contains("fetch-depth: 0"), "{check}");
    assert!(publish.contains("fetch-depth: 0"), "{publish}");
    assert!(check.contains("--changed-since HEAD^1"), "{check}");
    assert!(!check.contains("base.sha"), "{check}");
    // The site is built on every pull request and kept as a preview.
    assert!(check.contains("tongbao build --out site"), "{check}");
    assert!(
        check.contains("uses: actions/upload-artifact@v7"),
        "{check}"
    );
    assert!(check.contains("path: site"), "{check}");
}

#[test]
fn publishing_is_off_the_hour_and_only_the_deploy_job_may_write_pages() {
    let publish = read(&repo().join(".github/workflows/publish.yml"));
    assert!(publish.contains("- cron: \"17 0 * * *\""), "{publish}");
    assert!(!head(&publish).contains("pages: write"), "{publish}");
    assert!(!head(&publish).contains("id-token: write"), "{publish}");
    let deploy = &publish[publish.find("\n  deploy:").expect("deploy job")..];
    let deploy = &deploy[..1 + deploy[1..].find("\n  full-check:").expect("next job")];
    assert!(deploy.contains("pages: write") && deploy.contains("id-token: write"));
    assert_eq!(publish.matches("pages: write").count(), 1, "{publish}");
    let bot = read(&repo().join(".github/dependabot.yml"));
    assert!(bot.contains("package-ecosystem: github-actions"), "{bot}");
}

#[test]
fn the_tools_tests_run_only_when_the_tool_changes() {
    let test = read(&repo().join(".github/workflows/test.yml"));
    let on = head(&test);
    // A county's pull requests change data/ only: the tool's tests do not run for them.
    assert!(
        on.contains("\"src/**\"") && on.contains("\"tests/**\"") && on.contains("\"Cargo.lock\"")
    );
    assert!(!on.contains("data/"), "{on}");
    assert!(!on.contains("paths-ignore"), "{on}");
}

#[test]
fn gitlab_produces_a_base_report_on_the_default_branch_with_full_history_for_merge_requests() {
    let ci = read(&repo().join(".gitlab-ci.yml"));
    assert!(ci.contains("GIT_DEPTH: \"0\""), "{ci}");
    assert!(
        !ci.contains("Gitee"),
        "no unverified claim that Gitee runs this file"
    );
    // The pages job (default branch, schedule) writes the base report MRs compare with.
    let pages = &ci[ci.find("\npages:").expect("pages job")..];
    let pages = &pages[..pages[1..].find("\n\n#").map_or(pages.len(), |i| i + 1)];
    assert!(pages.contains("$CI_DEFAULT_BRANCH"), "{pages}");
    assert!(pages.contains("tongbao check --format gitlab > gl-code-quality-report.json"));
    assert!(
        pages.contains("codequality: gl-code-quality-report.json"),
        "{pages}"
    );
}
