//! Past bulletins stay past (issue 15.3): the demo county built before and after a
//! fact is recorded late — a plan extension decided in November, October's monthly
//! report submitted in November, a project moved to another unit in November — and
//! the bulletins of the months that ended before the record are byte-identical,
//! while the current month and `check` show the new fact.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{demo, read_tree};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .env("CI", "1")
        .output()
        .expect("run tongbao")
}

/// Build into `<root>/<out>` and read every file of it.
fn build(root: &Path, out: &str) -> BTreeMap<String, Vec<u8>> {
    let dir = root.join(out);
    let o = run(root, &["build", "--out", &dir.to_string_lossy()]);
    assert!(
        o.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    read_tree(&dir)
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let p = root.join(file);
    let s = fs::read_to_string(&p).expect("read");
    assert!(s.contains(from), "{file} has no {from:?}");
    fs::write(&p, s.replacen(from, to, 1)).expect("write");
}

fn text(site: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(site[path].clone()).expect("utf-8")
}

/// Every bulletin of a month before November 2026 (and of the first three quarters)
/// is the same byte for byte; November's is not.
fn past_frozen(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) {
    let mut past = 0;
    for (path, bytes) in before {
        let Some(name) = path.strip_prefix("bulletins/") else {
            continue;
        };
        if name.starts_with("2026-11") || name.starts_with("2026-Q4") || name == "index.html" {
            continue;
        }
        assert!(
            after.get(path) == Some(bytes),
            "{path} changed when a later fact was recorded"
        );
        past += 1;
    }
    assert!(past > 20, "only {past} past bulletins compared");
    assert_ne!(
        before["bulletins/2026-11.html"], after["bulletins/2026-11.html"],
        "the current month shows the new fact"
    );
}

fn check_json(root: &Path) -> String {
    String::from_utf8(run(root, &["check", "--format", "json"]).stdout).expect("utf-8")
}

/// 开发区's 电子级化学品 project was to start on 2026-10-30 and did not: red in
/// October. The 联席会议 postponed it on 2026-11-10; October stays red.
#[test]
fn an_extension_decided_later_leaves_the_old_red_list_red() {
    let dir = demo();
    let before = build(dir.path(), "before");
    assert!(
        text(&before, "bulletins/2026-10.html")
            .contains("年产3万吨电子级化学品项目——联席会议确定的开工目标")
    );
    let start = "\"rule\": \"start\",\n      \"project\": \"2025-028\"";
    assert!(check_json(dir.path()).contains(start), "overdue before");
    edit(
        dir.path(),
        "data/projects/kfq/2025-028.toml",
        "start = 2026-10-30\n",
        "start = 2026-10-30\nstart_extended_to = 2027-03-31\nstart_extension_ref = \"联席会议纪要〔2026〕11号\"\nstart_extended_on = 2026-11-10\n",
    );
    let after = build(dir.path(), "after");
    past_frozen(&before, &after);
    // Today the start is due 2027-03-31: no longer on the dashboard's red list.
    let json = check_json(dir.path());
    assert!(!json.contains(start), "{json}");
}

/// 松岭乡's 森林康养基地 never sent October's report: red in October. It is sent on
/// 2026-11-16: October still shows it missing, and `check` says it was late.
#[test]
fn a_report_submitted_later_is_late_and_leaves_the_old_month_missing_it() {
    let dir = demo();
    let before = build(dir.path(), "before");
    let json = check_json(dir.path());
    assert!(
        json.contains("2026-10 月调度报告（每月最后一个工作日前报送），应于 2026-10-30 前完成"),
        "the demo's October report is overdue: {json}"
    );
    let file = "data/projects/songling/2025-018.toml";
    let p = dir.path().join(file);
    let mut s = fs::read_to_string(&p).expect("read");
    s.push_str("\n[[reports]]\nmonth = \"2026-10\"\nplanned = \"主体结构施工\"\nactual = \"补报：主体结构施工有序推进\"\nsubmitted = 2026-11-16\n");
    fs::write(&p, &s).expect("write");
    let after = build(dir.path(), "after");
    past_frozen(&before, &after);
    // The report is a `late` finding at its `submitted` line, not on time.
    let json = check_json(dir.path());
    let line = s
        .lines()
        .position(|l| l.starts_with("submitted = 2026-11-16"))
        .expect("line")
        + 1;
    assert!(
        json.contains(&format!(
            "\"code\": \"late\",\n      \"rule\": \"report\",\n      \"project\": \"2025-018\",\n      \"unit\": \"songling\",\n      \"file\": \"{file}\",\n      \"line\": {line},"
        )),
        "{json}"
    );
    assert!(
        json.contains("月调度报告逾期完成：2026-10 月调度报告（每月最后一个工作日前报送），应于 2026-10-30 前完成，实际 2026-11-16"),
        "{json}"
    );
    assert!(json.contains("计入比拼扣分"), "{json}");
}

/// 开发区's 电子级化学品 project is handed to 工业园区 on 2026-11-05: its file moves and
/// its unit changes, and the months before still charge and credit 开发区.
#[test]
fn a_transfer_leaves_old_months_with_the_old_unit() {
    let dir = demo();
    let before = build(dir.path(), "before");
    let old = "data/projects/kfq/2025-028.toml";
    let new = "data/projects/gyyq/2025-028.toml";
    fs::rename(dir.path().join(old), dir.path().join(new)).expect("move");
    edit(dir.path(), new, "unit = \"kfq\"\n", "unit = \"gyyq\"\n");
    let p = dir.path().join(new);
    let mut s = fs::read_to_string(&p).expect("read");
    s.push_str("\n[[transfers]]\nfrom = \"kfq\"\non = 2026-11-05\nref = \"县政府常务会议纪要〔2026〕30号\"\n");
    fs::write(&p, &s).expect("write");
    let after = build(dir.path(), "after");
    past_frozen(&before, &after);
    // October's red list names 开发区 for the start it missed; November names 工业园区.
    let oct = text(&after, "bulletins/2026-10.html");
    let nov = text(&after, "bulletins/2026-11.html");
    let line_with = |html: &str, what: &str| -> String {
        html.lines()
            .filter(|l| l.contains(what) && l.contains("<strong>"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let o = line_with(&oct, "电子级化学品");
    assert!(o.contains("青岚经济开发区"), "{o}");
    let n = line_with(&nov, "电子级化学品");
    assert!(n.contains("青岚县新材料工业园区"), "{n}");
    // The record itself is valid: no unknown-ref, date-order or path finding.
    let json = check_json(dir.path());
    for code in ["unknown-ref", "date-order", "path"] {
        assert!(
            !json.contains(&format!("\"code\": \"{code}\"")),
            "{code}: {json}"
        );
    }
}
