//! Issue 13 item 2: 履约评估 [谯城 七]. Bad `[agreement]` / `[[actuals]]` input gets a
//! Chinese message at its file:line; the built site has the 履约评估 page, its exports,
//! the section on a project page and the counts in the quarterly 赛拼.

use chrono::NaiveDate;
use tongbao::findings::{Code, Finding, Severity};
use tongbao::load::{RawData, RawFile};

mod common;

fn d(s: &str) -> NaiveDate {
    tongbao::model::parse_iso_date(s).expect("date")
}

const UNITS: &str = r#"
[[unit]]
id = "kfq"
name = "示例经济开发区"
kind = "区块"
"#;

fn raw(text: &str) -> RawData {
    RawData {
        units: Some(RawFile {
            path: "data/units.toml".into(),
            bytes: UNITS.as_bytes().to_vec(),
        }),
        projects: vec![RawFile {
            path: "data/projects/kfq/p1.toml".into(),
            bytes: text.as_bytes().to_vec(),
        }],
        ..Default::default()
    }
}

/// A signed, operating record of 10 亩 and 10000 万元, then `tables`.
fn record(tables: &str) -> String {
    format!(
        "id = \"p1\"\nname = \"项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 10000\nland_mu = 10\nleader = \"甲\"\nowner = \"乙\"\n\n[dates]\nsigned = 2025-01-10\nstarted = 2025-03-01\noperating = 2025-06-01\n\n{tables}"
    )
}

/// The 1-based line of the first line of `text` equal to `needle`, from the `nth` match.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim() == needle)
        .nth(nth)
        .map(|(i, _)| i + 1)
        .expect("line present")
}

/// The findings of the record (the file p1.toml), as of 2026-11-20.
fn findings(text: &str) -> Vec<Finding> {
    tongbao::check(&raw(text), Some(d("2026-11-20")))
        .findings
        .into_iter()
        .filter(|f| f.file == "data/projects/kfq/p1.toml")
        .filter(|f| {
            !matches!(
                f.code,
                Code::Overdue | Code::DueSoon | Code::Late | Code::Prerequisite | Code::Approval
            )
        })
        .collect()
}

fn one(text: &str, needle: &str, nth: usize, words: &[&str]) -> Finding {
    let f = findings(text);
    let hit: Vec<&Finding> = f
        .iter()
        .filter(|f| words.iter().all(|w| f.message.contains(w)))
        .collect();
    assert_eq!(hit.len(), 1, "want one finding with {words:?}: {f:#?}");
    assert_eq!(
        hit[0].line,
        line_of(text, needle, nth),
        "line of {needle}: {:#?}",
        hit[0]
    );
    hit[0].clone()
}

#[test]
fn old_records_without_agreement_pass_unchanged() {
    assert!(
        findings(&record("")).is_empty(),
        "{:#?}",
        findings(&record(""))
    );
    let ok = record(
        "[agreement]\noutput_wan = 1000\ntax_wan = 100\ntax_per_mu_wan = 10\nintensity_wan_per_mu = 300\njobs = 50\nstart_by = 2025-03-31\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2025\noutput_wan = 1200\ntax_wan = 110\njobs = 60\ninvested_wan = 3200\n",
    );
    assert!(findings(&ok).is_empty(), "{:#?}", findings(&ok));
}

#[test]
fn negative_and_infinite_numbers_are_refused_at_their_line() {
    let t = record("[agreement]\noutput_wan = -5\n");
    let f = one(&t, "output_wan = -5", 0, &["-5", "超出允许范围", "万元"]);
    assert_eq!(f.severity, Severity::Error);
    let t = record("[[actuals]]\nyear = 2025\ntax_wan = inf\n");
    one(&t, "tax_wan = inf", 0, &["不能写 inf 或 nan"]);
    let t = record("[agreement]\njobs = -3\n");
    one(&t, "jobs = -3", 0, &["就业人数", "-3", "负数"]);
}

#[test]
fn a_year_twice_in_the_future_or_before_signing_is_an_error() {
    let t = record(
        "[agreement]\noutput_wan = 1000\n\n[[actuals]]\nyear = 2025\noutput_wan = 1\n\n[[actuals]]\nyear = 2025\noutput_wan = 2\n",
    );
    let f = one(&t, "year = 2025", 1, &["年度 2025 写了两次", "第一次在第"]);
    assert_eq!((f.code, f.severity), (Code::Schema, Severity::Error));
    assert!(
        f.message
            .contains(&format!("第 {} 行", line_of(&t, "year = 2025", 0))),
        "{}",
        f.message
    );

    let t = record("[agreement]\noutput_wan = 1000\n\n[[actuals]]\nyear = 2027\noutput_wan = 1\n");
    let f = one(&t, "year = 2027", 0, &["年度 2027 晚于核查日 2026-11-20"]);
    assert_eq!((f.code, f.severity), (Code::FutureDate, Severity::Error));

    let t = record("[agreement]\noutput_wan = 1000\n\n[[actuals]]\nyear = 2024\noutput_wan = 1\n");
    let f = one(&t, "year = 2024", 0, &["早于签约日期 2025-01-10"]);
    assert_eq!((f.code, f.severity), (Code::DateOrder, Severity::Error));
}

#[test]
fn actuals_without_agreement_is_a_warning() {
    let t = record("[[actuals]]\nyear = 2025\noutput_wan = 1\n");
    let f = one(
        &t,
        "year = 2025",
        0,
        &["没有投资协议约定指标 [agreement]", "无法做履约评估"],
    );
    assert_eq!(f.severity, Severity::Warning);
}

#[test]
fn mixed_units_and_missing_land_are_warnings_at_the_key() {
    let t = record("[agreement]\ntax_wan = 100\ntax_per_mu_wan = 5000\n");
    let f = one(
        &t,
        "tax_per_mu_wan = 5000",
        0,
        &[
            "亩均税收 5000 万元/亩 大于约定年税收 100 万元",
            "≈ 10 万元/亩",
            "元/亩",
        ],
    );
    assert_eq!(f.severity, Severity::Warning);
    let t = record("[agreement]\nintensity_wan_per_mu = 3000\n");
    one(
        &t,
        "intensity_wan_per_mu = 3000",
        0,
        &["× 供地 10 亩 = 30000 万元，超过总投资 10000 万元"],
    );
    let t = record("[agreement]\ntax_per_mu_wan = 5\n").replace("land_mu = 10\n", "");
    one(
        &t,
        "tax_per_mu_wan = 5",
        0,
        &["没有供地面积 land_mu", "不考核"],
    );
}

#[test]
fn agreed_dates_out_of_order_and_a_due_year_without_figures() {
    let t = record("[agreement]\nstart_by = 2025-06-30\noperate_by = 2025-03-31\n");
    let f = one(
        &t,
        "operate_by = 2025-03-31",
        0,
        &["约定投产日期", "早于约定开工日期"],
    );
    assert_eq!(f.code, Code::DateOrder);
    let t = record(
        "[agreement]\noutput_wan = 1000\njobs = 10\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2025\ninvested_wan = 100\n",
    );
    one(
        &t,
        "year = 2025",
        0,
        &[
            "2025 年已到履约考核期",
            "output_wan（产值）、jobs（就业人数）",
        ],
    );
}
