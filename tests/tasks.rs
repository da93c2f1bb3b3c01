//! 交办单 / 工作单 `data/tasks/` (issue 13, item 1): loading errors with the Chinese
//! message a user sees, the `task-due` / `task-feedback` findings across a holiday,
//! `--changed-since`, past months, `tongbao new task`, and the built pages.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{build, demo, git, text, to_json};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"town\"\nname = \"城关镇\"\nkind = \"乡镇\"\n";

const PROJECT: &str = "id = \"2026-001\"\nname = \"示例项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 1000\n\n[dates]\nproposed = 2026-01-05\n";

/// A scratch ledger with two units, one project and the given task files.
fn ledger(tasks: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::create_dir_all(root.join("data/tasks")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    fs::write(root.join("data/projects/kfq/2026-001.toml"), PROJECT).expect("project");
    for (name, text) in tasks {
        fs::write(root.join("data/tasks").join(name), text).expect("task");
    }
    dir
}

fn check_at(root: &Path, as_of: &str, extra: &[&str]) -> (Output, serde_json::Value) {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "--as-of", as_of, "--root"])
        .arg(root)
        .args(extra)
        .output()
        .expect("run tongbao check");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "json: {e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, json)
}

/// The findings of a file: (severity, code, rule, line, due, message).
type Row = (String, String, String, u64, String, String);

fn findings_of(json: &serde_json::Value, file: &str) -> Vec<Row> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_string();
            (
                s("severity"),
                s("code"),
                s("rule"),
                f["line"].as_u64().unwrap_or(0),
                s("due"),
                s("message"),
            )
        })
        .collect()
}

fn task(extra: &str) -> String {
    format!(
        "id = \"2026-001\"\ntitle = \"协调解决示例项目用电接入\"\nissued_by = \"县督考办\"\nissued = 2026-09-28\nunit = \"kfq\"\nprojects = [\"2026-001\"]\ncontent = \"十个工作日内完成线路接入方案\"\n{extra}"
    )
}

const T: &str = "data/tasks/2026-001.toml";

/// One finding of the file expected: its (code, line) and the words its message must hold.
fn expect_one(as_of: &str, text: &str, code: &str, line: u64, words: &[&str]) -> Row {
    let dir = ledger(&[("2026-001.toml", text)]);
    let (_, json) = check_at(dir.path(), as_of, &[]);
    let f = findings_of(&json, T);
    let hit = f
        .iter()
        .find(|r| r.1 == code)
        .unwrap_or_else(|| panic!("no {code} in {f:#?}"));
    assert_eq!(hit.3, line, "{hit:?}");
    for w in words {
        assert!(hit.5.contains(w), "「{w}」 not in {}", hit.5);
    }
    hit.clone()
}

#[test]
fn bad_task_files_get_chinese_messages_with_file_and_line() {
    let as_of = "2026-10-09";
    // Syntax.
    expect_one(as_of, &task("due = 2026-10-30\ndone = \n"), "parse", 9, &[]);
    // Unknown key (a typo) and a wrong kind.
    let r = expect_one(
        as_of,
        &task("due = 2026-10-30\ndeu = 1\n"),
        "schema",
        9,
        &["deu"],
    );
    assert_eq!(r.0, "error");
    expect_one(
        as_of,
        &task("due = 2026-10-30\nkind = \"通知单\"\n"),
        "schema",
        9,
        &["交办单", "工作单"],
    );
    // due_days out of range.
    expect_one(
        as_of,
        &task("due_days = 0\n"),
        "schema",
        8,
        &["due_days", "1 到 250"],
    );
    // Neither or both of due and due_days.
    expect_one(
        as_of,
        &task(""),
        "schema",
        4,
        &["没有写办结期限", "due_days"],
    );
    expect_one(
        as_of,
        &task("due = 2026-10-30\ndue_days = 5\n"),
        "schema",
        9,
        &["只能写一个"],
    );
    // A blank title.
    expect_one(
        as_of,
        &task("due = 2026-10-30\n").replace("协调解决示例项目用电接入", " "),
        "schema",
        2,
        &["交办事项 title 是空的"],
    );
    // Unknown unit (named by its name) and unknown project (nearest suggested).
    expect_one(
        as_of,
        &task("due = 2026-10-30\n").replace("unit = \"kfq\"", "unit = \"开发区\""),
        "unknown-ref",
        5,
        &["承办单位", "是不是指 `kfq`", "不是单位名称"],
    );
    expect_one(
        as_of,
        &task("due = 2026-10-30\n").replace("[\"2026-001\"]", "[\"2026-01\"]"),
        "unknown-ref",
        6,
        &["涉及的项目 `2026-01`", "是不是指 `2026-001`"],
    );
    // Id against the file name.
    expect_one(
        as_of,
        &task("due = 2026-10-30\n").replace("id = \"2026-001\"", "id = \"2026-002\""),
        "path",
        1,
        &["与文件名 2026-001.toml 不一致", "改为 \"2026-001\""],
    );
    // Dates before the issue; facts after as-of.
    expect_one(
        as_of,
        &task("due = 2026-10-30\n[[feedback]]\non = 2026-09-20\ntext = \"已对接\"\n"),
        "date-order",
        10,
        &["反馈日期 on = 2026-09-20 早于下发日期 issued = 2026-09-28"],
    );
    expect_one(
        as_of,
        &task("due = 2026-10-30\ndone = 2026-09-01\n"),
        "date-order",
        9,
        &["办结日期 done", "早于下发日期"],
    );
    expect_one(
        as_of,
        &task("due = 2026-10-30\ndone = 2026-10-12\n"),
        "future-date",
        9,
        &["办结日期 done = 2026-10-12 晚于核查日 2026-10-09"],
    );
    expect_one(
        "2026-09-01",
        &task("due = 2026-10-30\n"),
        "future-date",
        4,
        &["下发日期 issued", "晚于核查日"],
    );
}

#[test]
fn ids_alike_ignoring_case_are_duplicates() {
    let a = task("due = 2026-10-30\n").replace("2026-001\"\ntitle", "t-a\"\ntitle");
    let b = task("due = 2026-10-30\n").replace("2026-001\"\ntitle", "T-A\"\ntitle");
    let dir = ledger(&[("T-A.toml", &b), ("t-a.toml", &a)]);
    let (_, json) = check_at(dir.path(), "2026-10-09", &[]);
    let f = findings_of(&json, "data/tasks/t-a.toml");
    assert!(
        f.iter()
            .any(|r| r.1 == "duplicate-id" && r.3 == 1 && r.5.contains("data/tasks/T-A.toml")),
        "{f:#?}"
    );
}

/// The task findings of one as-of date: (code, rule, line, due).
fn deadline_findings(text: &str, as_of: &str) -> Vec<(String, String, u64, String, String)> {
    let dir = ledger(&[("2026-001.toml", text)]);
    let (_, json) = check_at(dir.path(), as_of, &[]);
    findings_of(&json, T)
        .into_iter()
        .map(|r| (r.1, r.2, r.3, r.4, r.5))
        .collect()
}

#[test]
fn task_due_around_national_day() {
    // due_days = 3 from Monday 09-28: 09-29, 09-30, then 10-08 (10-01..07 is the holiday).
    let t = task("due_days = 3\n[[feedback]]\non = 2026-09-30\ntext = \"方案已报送\"\n");
    let on_day = deadline_findings(&t, "2026-10-08");
    let due: Vec<_> = on_day.iter().filter(|r| r.1 == "task-due").collect();
    assert_eq!(due.len(), 1, "{on_day:#?}");
    assert_eq!(
        (due[0].0.as_str(), due[0].2, due[0].3.as_str()),
        ("due-soon", 8, "2026-10-08")
    );
    assert!(due[0].4.contains("还剩 0 个工作日"), "{}", due[0].4);
    // The working day before the due date (09-30): due soon, 1 working day left.
    let before = deadline_findings(&t, "2026-09-30");
    assert!(
        before
            .iter()
            .any(|r| r.1 == "task-due" && r.0 == "due-soon" && r.4.contains("还剩 1 个工作日")),
        "{before:#?}"
    );
    // The working day after: overdue, 1 working day, level 催办.
    let after = deadline_findings(&t, "2026-10-09");
    let o = after.iter().find(|r| r.1 == "task-due").expect("task-due");
    assert_eq!((o.0.as_str(), o.2), ("overdue", 8));
    for w in [
        "交办事项办结超期",
        "交办单「协调解决示例项目用电接入」",
        "县督考办 2026-09-28 下发",
        "承办单位：开发区",
        "应于 2026-10-08 前办结",
        "已超期 1 个工作日",
        "已升级为「催办」",
        "补填 done",
    ] {
        assert!(o.4.contains(w), "「{w}」 not in {}", o.4);
    }
    // A due date on the holiday's eve, 办结 on a holiday after it: late, by no working day.
    let late = deadline_findings(
        &task(
            "due = 2026-09-30\ndone = 2026-10-03\n[[feedback]]\non = 2026-09-29\ntext = \"推进中\"\n",
        ),
        "2026-10-20",
    );
    let l = late.iter().find(|r| r.1 == "task-due").expect("late");
    assert_eq!((l.0.as_str(), l.2, l.3.as_str()), ("late", 9, "2026-09-30"));
    assert!(l.4.contains("期限后的节假日办结"), "{}", l.4);
    // 办结 on the due date: nothing, and no feedback finding once 办结.
    assert!(
        deadline_findings(&task("due = 2026-09-30\ndone = 2026-09-30\n"), "2026-12-01").is_empty()
    );
}

#[test]
fn feedback_every_ten_working_days_counted_across_the_holiday() {
    // Issued 09-28, no feedback: 10 working days → 09-29, 09-30, 10-08, 10-09, 10-10
    // (make-up Saturday), 10-12 … 10-16 → 10-16.
    let t = task("due = 2026-12-31\n");
    let soon = deadline_findings(&t, "2026-10-16");
    let f = soon
        .iter()
        .find(|r| r.1 == "task-feedback")
        .expect("feedback");
    assert_eq!(
        (f.0.as_str(), f.2, f.3.as_str()),
        ("due-soon", 4, "2026-10-16")
    );
    assert!(
        f.4.contains("自下发 2026-09-28 起应于 2026-10-16 前反馈"),
        "{}",
        f.4
    );
    let over = deadline_findings(&t, "2026-10-19");
    let f = over
        .iter()
        .find(|r| r.1 == "task-feedback")
        .expect("feedback");
    assert_eq!((f.0.as_str(), f.2), ("overdue", 4));
    for w in [
        "交办事项未按时反馈",
        "每 10 个工作日",
        "已超期 1 个工作日",
        "[[feedback]]",
    ] {
        assert!(f.4.contains(w), "「{w}」 not in {}", f.4);
    }
    // A feedback restarts the interval from its date, and the finding points at it.
    let fed = task("due = 2026-12-31\n[[feedback]]\non = 2026-10-12\ntext = \"已对接供电公司\"\n");
    let f = deadline_findings(&fed, "2026-10-19");
    let f: Vec<_> = f.iter().filter(|r| r.1 == "task-feedback").collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].0.as_str(), f[0].2, f[0].3.as_str()),
        ("due-soon", 10, "2026-10-26")
    );
    let later = deadline_findings(&fed, "2026-10-27");
    let f = later
        .iter()
        .find(|r| r.1 == "task-feedback")
        .expect("feedback");
    assert_eq!(
        (f.0.as_str(), f.2, f.3.as_str()),
        ("overdue", 10, "2026-10-26")
    );
    assert!(f.4.contains("自上次反馈 2026-10-12 起"), "{}", f.4);
    // [tasks] feedback_days = 0 turns it off; [rules] disabled too.
    for config in [
        "[tasks]\nfeedback_days = 0\n",
        "[rules]\ndisabled = [\"task-feedback\"]\n",
    ] {
        let dir = ledger(&[("2026-001.toml", &t)]);
        fs::write(dir.path().join("data/config.toml"), config).expect("config");
        let (_, json) = check_at(dir.path(), "2026-10-19", &[]);
        assert!(
            !findings_of(&json, T).iter().any(|r| r.2 == "task-feedback"),
            "{config}"
        );
    }
}

#[test]
fn findings_carry_unit_and_due_but_no_project() {
    let dir = ledger(&[(
        "2026-001.toml",
        &task("due = 2026-10-08\n").replace("\"kfq\"", "\"town\""),
    )]);
    let (out, json) = check_at(dir.path(), "2026-10-20", &[]);
    assert_eq!(out.status.code(), Some(1), "an overdue task fails check");
    let f: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == T)
        .collect();
    assert_eq!(f.len(), 2, "{f:#?}");
    for x in f {
        assert_eq!(x["unit"], "town");
        assert!(x.get("project").is_none(), "{x}");
        assert!(x["due"].is_string());
    }
}

#[test]
fn changed_since_demotes_an_overdue_task_in_an_unchanged_file() {
    let dir = ledger(&[("2026-001.toml", &task("due = 2026-10-08\n"))]);
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "init"]);
    fs::write(
        root.join("data/projects/kfq/2026-001.toml"),
        format!("{PROJECT}\n"),
    )
    .expect("edit");
    let (out, json) = check_at(root, "2026-10-20", &["--changed-since", "HEAD"]);
    assert_eq!(out.status.code(), Some(0), "{json}");
    let f = findings_of(&json, T);
    let o = f.iter().find(|r| r.1 == "overdue").expect("overdue");
    assert_eq!(o.0, "warning");
    assert!(o.5.contains("本次合并请求未改动该文件"), "{}", o.5);
}

#[test]
fn past_months_ignore_facts_recorded_later() {
    use tongbao::load::{Ledger, RawData, RawFile};
    use tongbao::rules::Context;
    let raw = RawData {
        units: Some(RawFile {
            path: "data/units.toml".into(),
            bytes: UNITS.as_bytes().to_vec(),
        }),
        tasks: vec![RawFile {
            path: T.into(),
            bytes: task("due = 2026-10-08\ndone = 2026-11-05\n[[feedback]]\non = 2026-10-30\ntext = \"x\"\n")
                .into_bytes(),
        }],
        ..Default::default()
    };
    let (ledger, errs) = Ledger::parse(&raw);
    assert!(errs.is_empty(), "{errs:?}");
    let today = tongbao::model::parse_iso_date("2026-11-20").expect("date");
    let ctx = Context::new(&ledger.config, today);
    let month_end = ctx.at(tongbao::model::parse_iso_date("2026-10-31").expect("date"));
    let (now, _) = tongbao::rules::tasks::check(&ledger, &ctx);
    assert!(
        now.iter()
            .all(|f| f.code != tongbao::findings::Code::Overdue),
        "{now:?}"
    );
    let (then, _) = tongbao::rules::tasks::check(&ledger, &month_end);
    assert!(
        then.iter()
            .any(|f| f.code == tongbao::findings::Code::Overdue
                && f.rule.map(|r| r.as_str()) == Some("task-due")),
        "{then:?}"
    );
    // 17 working days past the due date at the month's end: 通报批评; 办结 later, it keeps
    // the highest level it reached (the day before 办结: 20 working days, 约谈).
    let lv = |c: &Context| {
        tongbao::view::tasks::level(&ledger.tasks[0].task, c)
            .map(|i| c.config.tasks.escalation[i].level.clone())
    };
    assert_eq!(lv(&month_end).as_deref(), Some("通报批评"));
    assert_eq!(lv(&ctx).as_deref(), Some("约谈"));
}

/// Run `tongbao` in a root.
fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run tongbao")
}

#[test]
fn new_task_scaffolds_the_next_number_and_new_project_keeps_working() {
    let dir = ledger(&[]);
    let root = dir.path();
    fs::write(root.join("data/config.toml"), "as_of = 2026-11-20\n").expect("config");
    // A unit may even be called `task`.
    let units = format!("{UNITS}\n[[unit]]\nid = \"task\"\nname = \"任务镇\"\nkind = \"乡镇\"\n");
    fs::write(root.join("data/units.toml"), units).expect("units");
    fs::write(root.join("data/tasks/2026-007.toml"), "broken =").expect("a broken task");
    let out = run(root, &["new", "task", "kfq", "协调解决用电接入"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        path.ends_with("data/tasks/2026-008.toml"),
        "{path}: after the broken 007"
    );
    let text = fs::read_to_string(&path).expect("new task");
    for w in [
        "id = \"2026-008\"",
        "title = \"协调解决用电接入\"",
        "issued = 2026-11-20",
        "unit = \"kfq\"",
        "due_days = 10",
        "# [[feedback]]",
    ] {
        assert!(text.contains(w), "「{w}」 not in\n{text}");
    }
    fs::remove_file(root.join("data/tasks/2026-007.toml")).expect("rm");
    let (out, json) = check_at(root, "2026-11-20", &[]);
    assert_eq!(out.status.code(), Some(0), "{json}");
    // Never overwrites.
    let again = run(root, &["new", "task", "kfq", "重复", "--id", "2026-008"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已存在，未改动"));
    // Unknown unit, empty title.
    let bad = run(root, &["new", "task", "nowhere", "事项"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("承办单位 `nowhere` 不在 data/units.toml 中")
            && err.contains("kfq、town、task"),
        "{err}"
    );
    let empty = run(root, &["new", "task", "kfq", " "]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("交办事项不能为空"));
    // `new <unit> <name>` unchanged, and `new task <name>` is a project of the unit `task`.
    let p = run(root, &["new", "kfq", "年产5万吨新型建材项目"]);
    assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
    assert!(
        String::from_utf8_lossy(&p.stdout)
            .trim()
            .ends_with("data/projects/kfq/2026-002.toml")
    );
    let t = run(root, &["new", "task", "任务镇招商项目"]);
    assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
    let tp = String::from_utf8_lossy(&t.stdout).trim().to_string();
    assert!(tp.ends_with("data/projects/task/2026-003.toml"), "{tp}");
    assert!(
        fs::read_to_string(&tp)
            .expect("record")
            .contains("name = \"任务镇招商项目\"")
    );
}

#[test]
fn a_bad_escalation_in_config_is_a_schema_error_and_custom_levels_apply() {
    let dir = ledger(&[("2026-001.toml", &task("due = 2026-10-08\n"))]);
    fs::write(
        dir.path().join("data/config.toml"),
        "[tasks]\nescalation = [\n  { level = \"催办\", after_days = 0 },\n  { level = \"督办\", after_days = 0 },\n]\n",
    )
    .expect("config");
    let (_, json) = check_at(dir.path(), "2026-10-20", &[]);
    let f = findings_of(&json, "data/config.toml");
    assert!(
        f.iter()
            .any(|r| r.1 == "schema" && r.5.contains("从小到大") && r.5.contains("督办")),
        "{f:#?}"
    );
    fs::write(
        dir.path().join("data/config.toml"),
        "[tasks]\nescalation = [\n  { level = \"提醒\", after_days = 0 },\n  { level = \"挂牌督办\", after_days = 3, not_excellent = true },\n]\n",
    )
    .expect("config");
    let (_, json) = check_at(dir.path(), "2026-10-20", &[]);
    let f = findings_of(&json, T);
    assert!(
        f.iter().any(|r| r.5.contains("已升级为「挂牌督办」")),
        "{f:#?}"
    );
}

/// A page's text from `from` up to the next `</section>` (tags removed, blanks squeezed).
fn section(page: &str, from: &str) -> String {
    let i = page.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &page[i..];
    let rest = &rest[..rest.find("</section>").unwrap_or(rest.len())];
    let mut out = String::new();
    let mut tag = false;
    for c in rest.chars() {
        match c {
            '<' => tag = true,
            '>' => {
                tag = false;
                out.push(' ');
            }
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_demo_site_shows_tasks_levels_bulletin_quarter_and_not_excellent() {
    let dir = demo();
    let site = build(dir.path());
    // The list: open first, highest level first, each with its level and days.
    let index = text(&site, "tasks/index.html");
    let list = section(&index, "全部交办事项");
    let order: Vec<usize> = ["2026-004", "2026-003", "2026-002", "2026-005", "2026-001"]
        .iter()
        .map(|id| list.find(id).unwrap_or_else(|| panic!("{id} in {list}")))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{list}");
    for w in [
        "临河镇 2026-10-30 未办结 15 通报批评",
        "城关镇 2026-11-12 未办结 6 督办",
        "2026-09-09 7 督办",
        // Feedback overdue shows in the list, not only in `check`.
        "2026-12-15 未办结 0 反馈超期 9 个工作日",
    ] {
        assert!(list.contains(w), "「{w}」 not in {list}");
    }
    assert!(
        index.contains("催办（期限已过） → 督办（超期 5 个工作日）"),
        "legend"
    );
    // Every page links the list from the nav.
    assert!(text(&site, "index.html").contains("tasks/index.html\">交办事项</a>"));
    // A task's page: level, feedback timeline, linked project, plain advice (public).
    let t4 = text(&site, "tasks/2026-004.html");
    for w in [
        "通报批评（承办单位当年年度考评“一票否优”）",
        "未办结，已超期 15 个工作日",
        "../projects/2026-010.html",
        "推进情况反馈（2 次）",
        "一户已签订补偿协议，另一户仍有异议。",
        "已超过办结期限（2026-10-30）15 个工作日仍未办结，请临河镇尽快办结并反馈办理结果。",
    ] {
        assert!(t4.contains(w), "「{w}」 not in tasks/2026-004.html");
    }
    assert!(
        !t4.contains("[[feedback]]") && !t4.contains("磐安"),
        "no keys or citations in public"
    );
    let t2 = text(&site, "tasks/2026-002.html");
    assert!(
        t2.contains("未按时反馈推进情况：应于 2026-11-09 前反馈"),
        "feedback advice"
    );
    assert!(
        t2.contains("2026-11-09 前，<strong>已超期 9 个工作日未反馈</strong>"),
        "next feedback date"
    );
    // The unit page and the linked project page show the level.
    let unit = section(&text(&site, "units/linhe.html"), "<section id=\"tasks\"");
    assert!(
        unit.contains("农产品冷链加工项目土地征收遗留问题处置")
            && unit.contains("通报批评 超期 15 个工作日"),
        "{unit}"
    );
    let project = section(
        &text(&site, "projects/2026-010.html"),
        "<section id=\"tasks\"",
    );
    assert!(project.contains("通报批评"), "{project}");
    assert!(
        !text(&site, "projects/2026-011.html").contains("id=\"tasks\""),
        "no tasks, no section"
    );
    // The monthly bulletin's 交办事项 section, as of each month's end.
    let nov = text(&site, "bulletins/2026-11.html");
    let sec = section(&nov, "id=\"tasks\"");
    for w in [
        "七、交办事项",
        "未办结的交办单、工作单3件，其中超过办结期限2件；本月办结0件",
        "农产品冷链加工项目土地征收遗留问题处置 临河镇 2026年10月30日 15 通报批评",
        "城关镇 2026年11月12日 6 督办",
        "未按时反馈推进情况的：青岚县新材料工业园区——再生铝项目环评批复前置服务（已超期9个工作日）。",
    ] {
        assert!(sec.contains(w), "「{w}」 not in {sec}");
    }
    let oct = section(&text(&site, "bulletins/2026-10.html"), "id=\"tasks\"");
    // 10-31 is a Saturday: past due by no working day yet, 催办; 2026-003 not yet due.
    assert!(
        oct.contains("超过办结期限1件") && oct.contains("0 催办"),
        "{oct}"
    );
    let sep = section(&text(&site, "bulletins/2026-09.html"), "id=\"tasks\"");
    assert!(
        sep.contains("本月办结2件") && sep.contains("办结，办结前已督办"),
        "{sep}"
    );
    // The quarter's 工作单落实情况 per unit.
    let q = section(&text(&site, "bulletins/2026-Q4.html"), "工作单落实情况");
    for w in [
        "青岚县新材料工业园区 1 0 0 0",
        "城关镇 1 0 0 1",
        "临河镇 1 0 0 1",
    ] {
        assert!(q.contains(w), "「{w}」 not in {q}");
    }
    let q3 = section(&text(&site, "bulletins/2026-Q3.html"), "工作单落实情况");
    assert!(
        q3.contains("青岚经济开发区 1 1 1 0") && q3.contains("石桥镇 1 1 1 0"),
        "{q3}"
    );
    // 一票否优: 临河镇 for its task reaching 通报批评 in 2026, the task named as the cause.
    let a = text(&site, "assessment/2026.html");
    let linhe = section(&a, "<section id=\"linhe\"");
    assert!(
        linhe.contains("一票否优") && linhe.contains("1件交办事项逾期未办结，升级为“通报批评”"),
        "{linhe}"
    );
    assert!(
        linhe.contains("农产品冷链加工项目土地征收遗留问题处置 2026-10-30 通报批评 2026-11-13"),
        "{linhe}"
    );
    let json: serde_json::Value = serde_json::from_slice(&site["assessment.json"]).expect("json");
    assert!(
        json.to_string()
            .contains("\"tasks\":[{\"due\":\"2026-10-30\",\"id\":\"2026-004\""),
        "assessment.json names the task"
    );
    // tasks.json beside projects.json.
    let tasks: serde_json::Value = serde_json::from_slice(&site["tasks.json"]).expect("tasks.json");
    assert_eq!(tasks["as_of"], "2026-11-20");
    let t = &tasks["tasks"][0];
    assert_eq!(
        (
            t["id"].as_str(),
            t["unit"].as_str(),
            t["level"].as_str(),
            t["overdue_days"].as_u64(),
            t["done"].is_null()
        ),
        (
            Some("2026-004"),
            Some("linhe"),
            Some("通报批评"),
            Some(15),
            true
        )
    );
    assert_eq!(tasks["tasks"][4]["level"], serde_json::Value::Null);
    assert_eq!(tasks["tasks"][2]["id"], "2026-002");
    assert_eq!(tasks["tasks"][2]["feedback_due"], "2026-11-09");
    assert_eq!(tasks["tasks"][2]["feedback_late"], 9);
}

#[test]
fn a_ledger_without_tasks_or_agreements_has_no_such_pages_or_links() {
    let dir = ledger(&[]);
    fs::write(dir.path().join("data/config.toml"), "as_of = 2026-11-20\n").expect("config");
    let site = build(dir.path());
    assert!(
        !site.keys().any(|k| k.starts_with("tasks")),
        "no tasks/ nor tasks.json"
    );
    assert!(!text(&site, "index.html").contains("交办事项"));
    // No record has an [agreement]: no 履约评估 page, export or link either.
    assert!(
        !site.keys().any(|k| k.starts_with("performance")),
        "no performance.html/json/csv"
    );
    let index = text(&site, "index.html");
    assert!(
        !index.contains("履约评估"),
        "no link to a page that is not there"
    );
    // Each nav link once (a merge once doubled 比拼排名).
    let nav = &index[index.find("<nav").expect("nav")..index.find("</nav>").expect("nav end")];
    assert_eq!(nav.matches(">比拼排名</a>").count(), 1);
}

#[test]
fn the_task_schema_accepts_the_demo_tasks_and_rejects_a_typo() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let v = common::schema("task.schema.json");
    let mut n = 0;
    for e in fs::read_dir(common::demo_root().join("data/tasks")).expect("tasks") {
        let p = e.expect("entry").path();
        let doc = to_json(toml::from_str(&fs::read_to_string(&p).expect("read")).expect("toml"));
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", p.display());
        n += 1;
        if n == 1 {
            let mut typo = doc.clone();
            typo["titel"] = "x".into();
            assert!(!v.is_valid(&typo));
        }
    }
    assert_eq!(n, 5);
    let taplo = fs::read_to_string(repo.join(".taplo.toml")).expect("taplo");
    assert!(taplo.contains("data/tasks/*.toml") && taplo.contains("task.schema.json"));
    assert!(
        fs::read_to_string(repo.join(".ci/run"))
            .expect("ci")
            .contains("'data/tasks/*.toml'")
    );
}
