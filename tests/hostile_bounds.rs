//! Issue 8, items 10, 11, 15 and 16: bounded work (one typo must not make a 1 GB
//! site or a 4 GB check) and the messages a clerk meets on day one. Every case runs
//! the binary (or the library on an in-memory ledger) and asserts the Chinese
//! message a user sees, with its file:line.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tongbao::findings::{Code, Rule, Severity};
use tongbao::load::RawData;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"经开区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"gxq\"\nname = \"示例高新技术产业开发区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"zrzy\"\nname = \"自然资源局\"\nkind = \"部门\"\n";

const GOOD: &str = "id = \"2026-001\"\nname = \"年产5万吨新型建材项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 72000\n";

const FILE: &str = "data/projects/kfq/2026-001.toml";

fn ledger(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    for (path, bytes) in files {
        fs::write(root.join(path), bytes).expect("write");
    }
    dir
}

fn run(root: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run tongbao");
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `check --as-of 2026-05-08` in human format: (exit code, stdout).
fn human(root: &Path) -> (i32, String) {
    let out = run(root, &["check", "--as-of", "2026-05-08"]);
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("UTF-8"),
    )
}

fn record(extra: &str) -> String {
    format!("{GOOD}{extra}")
}

// ---------------------------------------------------------------- item 10: dates

#[test]
fn a_date_before_2000_is_a_schema_error_saying_the_year_looks_wrong() {
    let text = record("\n[dates]\nproposed = 0205-01-06\n");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[schema]"), "{out}");
    assert!(
        out.contains("`proposed` 日期 0205-01-06 早于 2000-01-01，年份写错了？"),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:8:12"), "{out}");
}

#[test]
fn every_kind_of_date_is_bounded_below() {
    let cases = [
        "\n[plan]\nstart = 1999-12-31\n",
        "\n[[approvals]]\nstep = \"县长同意\"\non = 0026-03-01\n",
        "\n[[milestones]]\nitem = \"土地供应\"\nunit = \"zrzy\"\ndue = 1026-05-31\n",
        "\n[[problems]]\nraised = 2026-01-02\ntext = \"电力\"\nunit = \"zrzy\"\ndue = 2026-02-01\nnotice = { no = \"督办1号\", issued = 1926-01-05 }\n",
        "\n[[reports]]\nmonth = \"0205-10\"\n",
    ];
    for extra in cases {
        let text = record(extra);
        let dir = ledger(&[(FILE, text.as_bytes())]);
        let (code, out) = human(dir.path());
        assert_eq!(code, 1, "{extra}: {out}");
        assert!(out.contains("错误[schema]"), "{extra}: {out}");
        assert!(out.contains("年份写错了？"), "{extra}: {out}");
    }
}

#[test]
fn a_date_more_than_ten_years_after_as_of_is_a_schema_error_not_a_future_date() {
    let text = record(
        "\n[dates]\nproposed = 2026-01-05\nnegotiating = 2206-01-05\n[plan]\nstart = 2040-01-01\n[[milestones]]\nitem = \"土地供应\"\nunit = \"zrzy\"\ndue = 2036-05-08\n",
    );
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "`negotiating` 的日期 2206-01-05 比核查日 2026-05-08 晚 10 年以上，年份写错了？"
        ),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:9:15"), "{out}");
    assert!(
        !out.contains("错误[future-date]"),
        "said once, as a range error: {out}"
    );
    assert!(out.contains("[plan] `start` 的日期 2040-01-01"), "{out}");
    // Exactly ten years ahead is still a plan.
    assert!(!out.contains("2036-05-08 比核查日"), "{out}");
}

#[test]
fn build_refuses_a_record_with_a_year_typo_before_making_any_page() {
    let text = record("\n[dates]\nproposed = 0205-01-06\n");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let site = dir.path().join("site");
    let started = Instant::now();
    let out = Command::new(BIN)
        .args(["build", "--as-of", "2026-05-08", "--root"])
        .arg(dir.path())
        .arg("--out")
        .arg(&site)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("年份写错了？"), "{err}");
    assert!(!site.exists(), "no site for an invalid ledger");
    assert!(started.elapsed() < Duration::from_secs(20));
}

// ------------------------------------------------------- item 11: numbers, knobs

#[test]
fn huge_negative_and_non_finite_amounts_are_refused_with_the_range() {
    let cases = [
        (
            "investment_wan = 9e307",
            "investment_wan",
            "9e307",
            "0 到 100000000",
        ),
        (
            "investment_wan = -5",
            "investment_wan",
            "-5",
            "0 到 100000000",
        ),
        (
            "investment_wan = inf",
            "investment_wan",
            "inf 或 nan",
            "0 到 100000000",
        ),
        (
            "investment_wan = nan",
            "investment_wan",
            "inf 或 nan",
            "万元",
        ),
    ];
    for (line, key, said, range) in cases {
        let text = GOOD.replace("investment_wan = 72000", line);
        let dir = ledger(&[(FILE, text.as_bytes())]);
        let (code, out) = human(dir.path());
        assert_eq!(code, 1, "{line}: {out}");
        assert!(out.contains("错误[schema]"), "{line}: {out}");
        assert!(out.contains(&format!("`{key}`")), "{line}: {out}");
        assert!(out.contains(said), "{line}: {out}");
        assert!(out.contains(range), "{line}: {out}");
        assert!(out.contains("2026-001.toml:5:18"), "{line}: {out}");
    }
    let land = record("land_mu = -inf\n");
    let dir = ledger(&[(FILE, land.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("`land_mu` 不能写 inf 或 nan"), "{out}");
    assert!(out.contains("0 到 1000000"), "{out}");
    assert!(out.contains("2026-001.toml:6:11"), "{out}");
    let report = record("\n[[reports]]\nmonth = \"2026-04\"\ninvested_wan = 1e20\n");
    let dir = ledger(&[(FILE, report.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(
        out.contains("`invested_wan` 取值 1e20 超出允许范围"),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:9:16"), "{out}");
}

#[test]
fn every_config_knob_is_bounded_with_file_line_and_range() {
    let cases = [
        (
            "[deadlines]\nfiling_days = 100000000\n",
            "`filing_days` 取值 100000000 超出允许范围：应为 0 到 250 之间的整数",
        ),
        (
            "[deadlines]\nplatform_months = 1200\n",
            "`platform_months` 取值 1200 超出允许范围：应为 0 到 12",
        ),
        (
            "[deadlines]\ndue_soon_days = 100000\n",
            "`due_soon_days` 取值 100000 超出允许范围：应为 0 到 60",
        ),
        (
            "[scoring]\nlate = 1e308\n",
            "`late` 取值 1e308 超出允许范围：应为 0 到 1000",
        ),
        (
            "[scoring]\nper_yi_signed = nan\n",
            "`per_yi_signed` 不能写 inf 或 nan",
        ),
        (
            "[tracking]\ncity_wan = inf\n",
            "`city_wan` 不能写 inf 或 nan",
        ),
        (
            "[approval]\ntier2_max_mu = -1\n",
            "`tier2_max_mu` 取值 -1 超出允许范围",
        ),
        (
            "[bulletin]\nnumber_offset = 99999\n",
            "`number_offset` 取值 99999 超出允许范围",
        ),
    ];
    for (config, said) in cases {
        let dir = ledger(&[
            (FILE, GOOD.as_bytes()),
            ("data/config.toml", config.as_bytes()),
        ]);
        let (code, out) = human(dir.path());
        assert_eq!(code, 1, "{config}: {out}");
        assert!(out.contains("错误[schema]"), "{config}: {out}");
        assert!(out.contains(said), "{config}: {out}");
        assert!(out.contains("data/config.toml:2:"), "{config}: {out}");
    }
}

#[test]
fn an_as_of_far_from_today_is_refused_before_any_work() {
    let dir = ledger(&[(FILE, GOOD.as_bytes())]);
    for cmd in ["check", "build"] {
        let out = run(dir.path(), &[cmd, "--as-of", "2100-01-01"]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--as-of 参数不对"), "{err}");
        assert!(err.contains("核查日 2100-01-01 离今天"), "{err}");
        assert!(err.contains("年份写错了？"), "{err}");
        let out = run(dir.path(), &[cmd, "--as-of", "1999-12-31"]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
    }
    assert!(!dir.path().join("site").exists());
    let dir = ledger(&[
        (FILE, GOOD.as_bytes()),
        ("data/config.toml", b"as_of = 2206-11-20\n"),
    ]);
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("data/config.toml 的 as_of 不对"), "{err}");
}

fn raw(project: &str) -> RawData {
    common::ledger(UNITS, None, &[(FILE, project)])
}

const SIGNED: &str = "\n[dates]\nproposed = 2026-01-05\nnegotiating = 2026-01-10\nassessed = 2026-01-15\napproved = 2026-01-20\nlegal_review = 2026-01-21\nsigned = 2026-01-22\nfiled = 2026-01-23\nplan_issued = 2026-01-26\nkickoff = 2026-01-27\nplatform = 2026-01-28\n\n[[approvals]]\nstep = \"县长同意\"\non = 2026-01-16\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-01-17\n";

#[test]
fn missing_reports_far_ahead_are_one_finding_per_gap_and_the_check_is_quick() {
    // The library accepts any as-of (the command line refuses this one): 74 years of
    // months are checked, but said as one finding, quickly.
    let text = record(&format!(
        "{SIGNED}\n[[reports]]\nmonth = \"2026-02\"\n\n[[reports]]\nmonth = \"2026-05\"\n"
    ));
    let started = Instant::now();
    let as_of = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).expect("date");
    let checked = tongbao::check(&raw(&text), Some(as_of));
    assert!(started.elapsed() < Duration::from_secs(2));
    let reports: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule == Some(Rule::Report) && f.code == Code::Overdue)
        .collect();
    // 2026-03..04 (a gap of two) and 2026-06..2099-12 (the rest).
    assert_eq!(reports.len(), 2, "{reports:#?}");
    let first = reports[0];
    let second = reports[1];
    assert_eq!(first.code, Code::Overdue);
    assert_eq!(first.severity, Severity::Error);
    assert_eq!(
        first.due.map(|d| d.to_string()).as_deref(),
        Some("2026-03-31")
    );
    assert!(
        first
            .message
            .contains("2026-03 至 2026-04 连续 2 个月的月调度报告未报"),
        "{}",
        first.message
    );
    assert_eq!(
        second.due.map(|d| d.to_string()).as_deref(),
        Some("2026-06-30")
    );
    assert!(
        second.message.contains("2026-06 至 2099-12 连续 883 个月"),
        "{}",
        second.message
    );
    // Besides: one calendar warning per unknown year (2027..2100), nothing per month.
    let other = checked
        .findings
        .iter()
        .filter(|f| f.code != Code::Calendar)
        .count();
    assert!(other < 10, "{:#?}", checked.findings);
    let calendar = checked.findings.len() - other;
    assert!(calendar <= 75, "{calendar}");
    // One missing month alone keeps its own message.
    let text = record(&format!(
        "{SIGNED}\n[[reports]]\nmonth = \"2026-02\"\n\n[[reports]]\nmonth = \"2026-04\"\n"
    ));
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 5, 8).expect("date");
    let checked = tongbao::check(&raw(&text), Some(as_of));
    let reports: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.rule == Some(Rule::Report) && f.code == Code::Overdue)
        .collect();
    assert_eq!(reports.len(), 1, "{reports:#?}");
    assert!(
        reports[0].message.contains("2026-03 月调度报告"),
        "{}",
        reports[0].message
    );
}

#[test]
fn a_hundred_projects_a_year_ahead_check_quickly_with_bounded_json() {
    // The farthest as-of the command line accepts, on projects signed in 2000: every
    // project misses ~300 reports, said as one finding each.
    let dir = ledger(&[]);
    let old = SIGNED.replace("2026-", "2000-");
    for i in 0..100 {
        let text = record(&old).replace("2026-001", &format!("2000-{i:03}"));
        fs::write(
            dir.path()
                .join(format!("data/projects/kfq/2000-{i:03}.toml")),
            text,
        )
        .expect("write");
    }
    let today = tongbao::today_shanghai();
    let as_of = (today + chrono::Duration::days(365)).to_string();
    let started = Instant::now();
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--as-of", &as_of],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(started.elapsed() < Duration::from_secs(20));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = json["findings"].as_array().expect("findings");
    let reports = findings
        .iter()
        .filter(|f| f["rule"] == "report" && f["code"] == "overdue")
        .count();
    assert_eq!(reports, 100);
    assert!(out.stdout.len() < 200_000, "{} bytes", out.stdout.len());
}

// --------------------------------------------------------- item 15: day-one messages

#[test]
fn an_unquoted_date_the_chinese_way_is_told_the_iso_form() {
    for (written, col) in [("2026/01/05", 12), ("2026年1月5日", 12), ("2026.1.5", 18)] {
        let text = record(&format!("\n[dates]\nproposed = {written}\n"));
        let dir = ledger(&[(FILE, text.as_bytes())]);
        let (code, out) = human(dir.path());
        assert_eq!(code, 1, "{out}");
        assert!(out.contains("日期请写成 2026-01-05"), "{written}: {out}");
        assert!(
            !out.contains("文字要用英文双引号括起来"),
            "{written}: {out}"
        );
        assert!(out.contains(&format!("2026-001.toml:8:{col}")), "{out}");
    }
}

#[test]
fn an_empty_template_line_is_told_to_be_filled_or_commented_out() {
    let text = record("\n[dates]\nproposed = 2026-01-05\nnegotiating =\n");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("这一行没有填值"), "{out}");
    assert!(out.contains("`negotiating =` 后面是空的"), "{out}");
    assert!(out.contains("#"), "{out}");
    assert!(!out.contains("文字要用英文双引号括起来"), "{out}");
    assert!(out.contains("2026-001.toml:9:14"), "{out}");
}

#[test]
fn the_full_width_hint_ignores_strings_and_comments() {
    // Full-width punctuation inside a string and a comment is normal Chinese text;
    // the error here is the unknown key, and no full-width hint may be given.
    let text =
        record("investor = \"某某（北京）有限公司\"  # 备注：投资方，已核实\nnmae = \"甲\"\n");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("未知字段 `nmae`"), "{out}");
    assert!(!out.contains("全角字符"), "{out}");
    let text = record("land_mu = 12，5  # 备注：约数\n");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("全角字符「，」"), "{out}");
    assert!(
        !out.contains("：」"),
        "the comment's colon is not listed: {out}"
    );
}

#[test]
fn a_file_cut_inside_a_character_is_said_to_be_truncated_not_gbk() {
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend("investor = \"某某".as_bytes());
    bytes.extend(&"公".as_bytes()[..2]);
    let dir = ledger(&[(FILE, &bytes)]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[encoding]"), "{out}");
    assert!(out.contains("文件似乎被截断了"), "{out}");
    assert!(!out.contains("GBK"), "{out}");
    assert!(out.contains("2026-001.toml:6"), "{out}");
}

// ----------------------------------------------------------- item 16: unknown unit

#[test]
fn an_unknown_unit_lists_id_and_name_and_suggests_the_nearest() {
    let text = GOOD.replace("unit = \"kfq\"", "unit = \"kfq\"\nsource = \"经开区\"");
    let dir = ledger(&[(FILE, text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("错误[unknown-ref]"), "{out}");
    assert!(
        out.contains("招引单位 source `经开区` 不在 data/units.toml 中"),
        "{out}"
    );
    assert!(out.contains("是不是指 `kfq`（经开区）？"), "{out}");
    assert!(
        out.contains("这里要写单位编号 id，不是单位名称：请写成 \"kfq\""),
        "{out}"
    );
    assert!(
        out.contains(
            "可用的单位：kfq（经开区）、gxq（示例高新技术产业开发区）、zrzy（自然资源局）"
        ),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:5:"), "{out}");
    // A short form of a name, and a near id.
    let ms = record(
        "\n[[milestones]]\nitem = \"土地供应\"\nunit = \"自然资源\"\ndue = 2026-06-30\n\n[[problems]]\nraised = 2026-04-01\ntext = \"电力\"\nunit = \"zrzu\"\ndue = 2026-06-30\n",
    );
    let dir = ledger(&[(FILE, ms.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(
        out.contains("`自然资源` 不在 data/units.toml 中。是不是指 `zrzy`（自然资源局）？"),
        "{out}"
    );
    assert!(
        out.contains("`zrzu` 不在 data/units.toml 中。是不是指 `zrzy`（自然资源局）？"),
        "{out}"
    );
    // Nothing near: no guess.
    let far = GOOD.replace("unit = \"kfq\"", "unit = \"kfq\"\nsource = \"beijing\"");
    let dir = ledger(&[(FILE, far.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("`beijing` 不在"), "{out}");
    assert!(!out.contains("是不是指"), "{out}");
}
