//! Issue 13 item 2: 履约评估 [谯城 七]. Bad `[agreement]` / `[[actuals]]` input gets a
//! Chinese message at its file:line; the built site has the 履约评估 page, its exports,
//! the section on a project page and the counts in the quarterly 赛拼.

use tongbao::findings::{Code, Finding, Severity};
use tongbao::load::RawData;

mod common;
use common::{d, ledger, text};

const UNITS: &str = r#"
[[unit]]
id = "kfq"
name = "示例经济开发区"
kind = "区块"
"#;

fn raw(text: &str) -> RawData {
    ledger(UNITS, None, &[("data/projects/kfq/p1.toml", text)])
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

/// The demo site (public profile), every file by path.
fn demo_site() -> std::collections::BTreeMap<String, Vec<u8>> {
    common::render_in_memory(&tongbao::load::read_dir(&common::demo_root()).expect("demo"))
}

/// The table row of `html` that contains `needle`.
fn row_of<'a>(html: &'a str, needle: &str) -> &'a str {
    let at = html
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in page"));
    let start = html[..at].rfind("<tr").expect("row start");
    let end = at + html[at..].find("</tr>").expect("row end");
    &html[start..end]
}

#[test]
fn the_demo_site_shows_each_verdict_with_its_deciding_indicator() {
    let site = demo_site();
    let page = text(&site, "performance.html");
    let index = text(&site, "index.html");
    assert_eq!(
        index.matches("href=\"performance.html\"").count(),
        2,
        "the nav and the dashboard link the page once each"
    );
    let nav = &index[index.find("<nav").expect("nav")..index.find("</nav>").expect("nav end")];
    assert_eq!(nav.matches(">比拼排名</a>").count(), 1, "nav links once");
    // One of each verdict, gravest first, each with the indicator that decided it.
    let serious = row_of(&page, "农村电商物流园项目");
    assert!(serious.contains("严重违约"), "{serious}");
    assert!(
        serious.contains("年税收：约定 96 万元，实际 40 万元（41.6%）"),
        "{serious}"
    );
    assert!(serious.contains("清退"), "{serious}");
    let short = row_of(&page, "碳纤维预浸料生产项目");
    assert!(short.contains("未达标"), "{short}");
    assert!(
        short.contains("年税收：约定 2,400 万元，实际 1,500 万元（62.5%）"),
        "{short}"
    );
    assert!(short.contains("二次招商"), "{short}");
    let met = row_of(&page, "高分子复合材料项目");
    assert!(met.contains("履约"), "{met}");
    assert!(met.contains("兑现招商引资优惠政策"), "{met}");
    let not_due = row_of(&page, "年产5万吨锂电池正极材料项目");
    assert!(not_due.contains("未到考核期"), "{not_due}");
    assert!(not_due.contains("2028-03-31 起考核"), "{not_due}");
    assert!(
        page.find("农村电商物流园项目") < page.find("碳纤维预浸料生产项目"),
        "严重违约 first"
    );
    // Public page: no seed citations.
    assert!(!page.contains("[谯城 七]"));
    // Counts per unit.
    let u = row_of(&page, ">石桥镇</a>");
    assert!(u.contains("<td class=\"n red\">1</td>"), "{u}");

    // The project page's section, with the agreed and actual figures.
    let project = text(&site, "projects/2025-005.html");
    assert!(project.contains("<h2>履约评估</h2>"));
    assert!(project.contains("2026年：<span class=\"verdict short\">未达标</span>"));
    assert!(
        project.contains("<strong>年税收</strong>（决定）"),
        "deciding row marked"
    );
    // A project without an agreement has no section.
    assert!(!text(&site, "projects/2025-009.html").contains("<h2>履约评估</h2>"));

    // Exports: JSON and CSV (UTF-8 BOM, one row per project and year).
    let json: serde_json::Value =
        serde_json::from_slice(site.get("performance.json").expect("json")).expect("valid json");
    assert_eq!(json["projects"].as_array().map(Vec::len), Some(4));
    assert_eq!(json["projects"][0]["current"]["verdict"], "serious");
    assert_eq!(json["projects"][0]["current"]["decider"]["key"], "tax_wan");
    let csv = text(&site, "performance.csv");
    assert!(csv.starts_with("\u{FEFF}\"项目编号\""), "BOM and header");
    assert!(csv.contains("\"2025-001\",\"农村电商物流园项目\",\"shiqiao\",\"石桥镇\",\"2026\",\"2026-11-20\",\"严重违约\""));
    assert!(csv.contains("\r\n"));

    // Nav and dashboard link to it.
    assert!(text(&site, "index.html").contains("href=\"performance.html\">履约评估</a></p>"));
}

/// The 履约 section of a quarterly 赛拼 page.
fn perf_section(html: &str) -> &str {
    let s = &html[html.find("项目履约情况（截至季度末）").expect("section")..];
    &s[..s.find("</section>").expect("end")]
}

#[test]
fn the_quarterly_saipin_counts_verdicts_as_of_the_quarter_end() {
    let site = demo_site();
    let q4 = text(&site, "bulletins/2026-Q4.html");
    let sec = perf_section(&q4);
    let row = row_of(sec, ">石桥镇</a>");
    assert!(row.ends_with("<td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n red\">1</td><td class=\"n\">0</td>"), "石桥镇 严重违约 1: {row}");
    let row = row_of(sec, ">青岚县新材料工业园区</a>");
    assert!(
        row.contains("<td class=\"n yellow\">1</td>"),
        "未达标 1: {row}"
    );
    let row = row_of(sec, ">青岚经济开发区</a>");
    assert!(row.ends_with("<td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">1</td>"), "履约 1, 未到考核期 1: {row}");
    // 2026 Q1: no agreed operation date had passed and the 2026 figures (reported
    // 2026-11-10) were not known yet: every project is 未到考核期.
    let q1 = text(&site, "bulletins/2026-Q1.html");
    let sec = perf_section(&q1);
    assert!(
        !sec.contains(" red\">") && !sec.contains(" yellow\">"),
        "{sec}"
    );
    // 2026 Q3 (as of 2026-09-30): 石桥镇's project was due (投产 2026-05-31), its 2026
    // figures unknown; the investment (341.25 of 400 万元/亩, 85%) is short: 未达标,
    // not yet 严重违约.
    let q3 = text(&site, "bulletins/2026-Q3.html");
    let row = row_of(perf_section(&q3), ">石桥镇</a>");
    assert!(row.ends_with("<td class=\"n\">0</td><td class=\"n yellow\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>"), "{row}");
}

#[test]
fn a_reported_date_after_as_of_or_before_its_year_is_an_error() {
    let t = record(
        "[agreement]\noutput_wan = 1000\n\n[[actuals]]\nyear = 2026\nreported = 2026-12-01\noutput_wan = 1\n",
    );
    let f = one(
        &t,
        "reported = 2026-12-01",
        0,
        &["填报日期 reported = 2026-12-01 晚于核查日 2026-11-20"],
    );
    assert_eq!(f.code, Code::FutureDate);
    let t = record(
        "[agreement]\noutput_wan = 1000\n\n[[actuals]]\nyear = 2026\nreported = 2025-12-01\noutput_wan = 1\n",
    );
    let f = one(&t, "reported = 2025-12-01", 0, &["早于年度 2026"]);
    assert_eq!(f.code, Code::DateOrder);
}

#[test]
fn the_new_record_template_offers_agreement_and_actuals_that_parse_when_filled() {
    let raw = raw(&record(""));
    let (ledger, _) = tongbao::load::Ledger::parse(&raw);
    let text = tongbao::scaffold::record(&ledger, "kfq", "新项目", "p1", d("2026-03-25"));
    for key in [
        "# [agreement]",
        "# [[actuals]]",
        "# operate_by =",
        "# year = 2026",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(key)),
            "lacks {key:?}:\n{text}"
        );
    }
    // Uncomment the two tables with their numbers (dates left out).
    let mut on = false;
    let filled: Vec<String> = text
        .lines()
        .map(|l| {
            if l == "# [agreement]" || l == "# [[actuals]]" {
                on = true;
                return l[2..].to_string();
            }
            if l.is_empty() {
                on = false;
            }
            if on && l.starts_with("# ") && !l.contains(" =  ") && !l.trim_end().ends_with('=') {
                let v = &l[2..];
                if v.split('=')
                    .nth(1)
                    .is_some_and(|r| !r.trim_start().starts_with('#'))
                {
                    return v.replace("= 0 ", "= 10 ");
                }
            }
            l.to_string()
        })
        .collect();
    let filled = filled.join("\n");
    let p: tongbao::model::Project = toml::from_str(&filled).expect(&filled);
    let a = p.agreement.expect("agreement");
    assert_eq!(a.output_wan.map(|v| *v.get_ref()), Some(10.0));
    assert_eq!(p.actuals.len(), 1);
    assert_eq!(*p.actuals[0].year.get_ref(), 2026);
}
