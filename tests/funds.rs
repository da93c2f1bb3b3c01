//! Issue 12 item 3: 到位资金 by origin, the cumulative check (`funds`), and 增资
//! (`expands`): its validation and that it is counted once — its increment in 签约额,
//! never as a project — in every place that counts projects.

use std::collections::BTreeMap;

use tongbao::findings::{Code, Finding, Severity};
use tongbao::load::{RawData, read_dir};
use tongbao::view::{Month, Period, figures, funds, history, scoring, snapshot};

mod common;
use common::{d, ledger};

const UNITS: &str = r#"
[[unit]]
id = "kfq"
name = "示例经济开发区"
kind = "区块"

[[unit]]
id = "a"
name = "甲镇"
kind = "乡镇"
"#;

fn raw(projects: &[(&str, String)]) -> RawData {
    let files: Vec<(String, &str)> = projects
        .iter()
        .map(|(p, t)| (format!("data/projects/{p}.toml"), t.as_str()))
        .collect();
    ledger(UNITS, None, &files)
}

/// A record with the keys every test needs; `extra` goes before any table.
fn record(id: &str, unit: &str, inv: u32, extra: &str, tables: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"工业\"\nunit = \"{unit}\"\ninvestment_wan = {inv}\n{extra}\n{tables}"
    )
}

fn findings_of(code: Code, raw: &RawData, as_of: &str) -> Vec<Finding> {
    tongbao::check(raw, Some(d(as_of)))
        .findings
        .into_iter()
        .filter(|f| f.code == code)
        .collect()
}

const THREE_REPORTS: &str = "[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 300\n\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 400\n\n[[reports]]\nmonth = \"2026-03\"\ninvested_wan = 300\n";

#[test]
fn cumulative_funds_one_wan_over_the_investment_is_an_error_at_that_month() {
    // 300 + 400 = 700 by February; 999 万元 is exceeded in March (1,000).
    let over = raw(&[("a/p1", record("p1", "a", 999, "", THREE_REPORTS))]);
    let f = findings_of(Code::Funds, &over, "2026-04-30");
    assert_eq!(f.len(), 1, "{f:#?}");
    let f = &f[0];
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.file, "data/projects/a/p1.toml");
    // The `month = "2026-03"` line of the third report.
    let text = record("p1", "a", 999, "", THREE_REPORTS);
    let line = text
        .lines()
        .position(|l| l == "month = \"2026-03\"")
        .expect("line")
        + 1;
    assert_eq!(f.line, line);
    assert_eq!(f.project.as_deref(), Some("p1"));
    for words in [
        "到位资金累计超过总投资",
        "2026-03",
        "累计到位资金 1000 万元",
        "总投资 999 万元",
        "请核对到位资金或总投资",
    ] {
        assert!(f.message.contains(words), "{words}: {}", f.message);
    }
    // Exactly equal, and under: fine.
    for inv in [1000, 1001] {
        let ok = raw(&[("a/p1", record("p1", "a", inv, "", THREE_REPORTS))]);
        assert!(
            findings_of(Code::Funds, &ok, "2026-04-30").is_empty(),
            "{inv}"
        );
    }
}

#[test]
fn an_expansion_is_limited_by_its_own_increment() {
    let orig = record("p1", "a", 100_000, "", "[dates]\nsigned = 2025-06-01\n");
    let exp = record("p2", "a", 900, "expands = \"p1\"", THREE_REPORTS);
    let f = findings_of(
        Code::Funds,
        &raw(&[("a/p1", orig), ("a/p2", exp)]),
        "2026-04-30",
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    // 700 万元 by February is within the 900 万元 increment; March's 1,000 is not.
    assert!(f[0].message.contains("截至 2026-03"), "{}", f[0].message);
    assert!(
        f[0].message.contains("累计到位资金 1000 万元"),
        "{}",
        f[0].message
    );
    assert!(
        f[0].message.contains("增资记录的增资额 900 万元"),
        "{}",
        f[0].message
    );
}

#[test]
fn an_unknown_expands_id_names_the_nearest_record() {
    let orig = record("2026-001", "a", 1000, "", "");
    let exp = record("2026-002", "a", 500, "expands = \"2026-01\"", "");
    let f = findings_of(
        Code::UnknownRef,
        &raw(&[("a/2026-001", orig), ("a/2026-002", exp)]),
        "2026-04-30",
    );
    assert_eq!(f.len(), 1, "{f:#?}");
    let m = &f[0].message;
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].line, 6, "the expands line");
    assert!(m.contains("expands = \"2026-01\" 不在台账中"), "{m}");
    assert!(m.contains("是不是指 `2026-001`（项目2026-001）"), "{m}");
    assert!(m.contains("请写被增资的原项目的项目编号"), "{m}");
}

#[test]
fn an_expansion_of_itself_is_refused() {
    let exp = record("p1", "a", 500, "expands = \"p1\"", "");
    let f = findings_of(Code::UnknownRef, &raw(&[("a/p1", exp)]), "2026-04-30");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].message.contains("指向本记录自己"), "{}", f[0].message);
    assert!(f[0].message.contains("删去 expands"), "{}", f[0].message);
}

#[test]
fn a_cycle_of_expansions_is_refused_on_each_record() {
    let a = record("p1", "a", 500, "expands = \"p2\"", "");
    let b = record("p2", "a", 500, "expands = \"p1\"", "");
    let f = findings_of(
        Code::UnknownRef,
        &raw(&[("a/p1", a), ("a/p2", b)]),
        "2026-04-30",
    );
    assert_eq!(f.len(), 2, "{f:#?}");
    assert!(
        f[0].message.contains("增资关系成环：p1 → p2 → p1"),
        "{}",
        f[0].message
    );
    assert!(
        f[1].message.contains("增资关系成环：p2 → p1 → p2"),
        "{}",
        f[1].message
    );
    assert!(f[0].message.contains("原项目本身不写 expands"));
    // A longer one too.
    let a = record("p1", "a", 500, "expands = \"p2\"", "");
    let b = record("p2", "a", 500, "expands = \"p3\"", "");
    let c = record("p3", "a", 500, "expands = \"p1\"", "");
    let f = findings_of(
        Code::UnknownRef,
        &raw(&[("a/p1", a), ("a/p2", b), ("a/p3", c)]),
        "2026-04-30",
    );
    assert_eq!(f.len(), 3, "{f:#?}");
}

#[test]
fn the_original_must_be_signed_no_later_than_the_expansion() {
    let orig = |signed: &str| record("p1", "a", 1000, "", &format!("[dates]\n{signed}\n"));
    let exp = record(
        "p2",
        "a",
        500,
        "expands = \"p1\"",
        "[dates]\nsigned = 2026-03-01\n",
    );
    let later = raw(&[("a/p1", orig("signed = 2026-03-02")), ("a/p2", exp.clone())]);
    let f: Vec<Finding> = findings_of(Code::DateOrder, &later, "2026-04-30")
        .into_iter()
        .filter(|f| f.project.as_deref() == Some("p2"))
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Error);
    assert!(
        f[0].message
            .contains("增资记录签约日期 2026-03-01 早于原项目 p1（项目p1）的签约日期 2026-03-02"),
        "{}",
        f[0].message
    );
    // The same day is fine.
    let same = raw(&[("a/p1", orig("signed = 2026-03-01")), ("a/p2", exp.clone())]);
    assert!(
        findings_of(Code::DateOrder, &same, "2026-04-30")
            .iter()
            .all(|f| f.project.as_deref() != Some("p2"))
    );
    // An unsigned original: a warning.
    let unsigned = raw(&[("a/p1", orig("proposed = 2026-01-01")), ("a/p2", exp)]);
    let f: Vec<Finding> = findings_of(Code::Prerequisite, &unsigned, "2026-04-30")
        .into_iter()
        .filter(|f| f.message.contains("原项目"))
        .collect();
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].severity, Severity::Warning);
    assert!(
        f[0].message.contains("原项目 p1（项目p1）没有签约日期"),
        "{}",
        f[0].message
    );
}

// ---- Counting: a 增资 counts its amount, never as a project. ----

/// An original and its 增资, both industrial, both signed in March 2026 (the original in
/// 2025), the 增资 over the 7亿元 manufacturing bonus threshold so a wrong count would
/// show in the bonus too.
fn pair(expands: bool) -> RawData {
    let orig = record(
        "p1",
        "kfq",
        80_000,
        "",
        "[dates]\nsigned = 2025-06-01\nstarted = 2025-09-01\n",
    );
    let exp = record(
        "p2",
        "kfq",
        75_000,
        if expands { "expands = \"p1\"" } else { "" },
        "[dates]\nsigned = 2026-03-02\nstarted = 2026-03-20\noperating = 2026-03-30\n",
    );
    raw(&[("kfq/p1", orig), ("kfq/p2", exp)])
}

fn march() -> Period {
    Period {
        start: d("2026-03-01"),
        end: d("2026-03-31"),
    }
}

#[test]
fn activity_counts_the_increment_in_signed_amount_not_as_a_project() {
    for (expands, projects) in [(true, 0), (false, 1)] {
        let c = tongbao::check(&pair(expands), Some(d("2026-04-30")));
        let ctx = tongbao::rules::Context::new(&c.ledger.config, d("2026-04-30"));
        let a = figures::activity(&snapshot(&c.ledger, &ctx), march());
        assert_eq!(a.signed, projects, "签约项目 expands={expands}");
        assert_eq!(a.started, projects, "开工项目");
        assert_eq!(a.operating, projects, "投产项目");
        assert_eq!(a.signed_wan, 75_000.0, "签约额 counts the increment");
    }
}

#[test]
fn the_stage_funnel_counts_an_expansion_amount_not_the_project() {
    let c = tongbao::check(&pair(true), Some(d("2026-04-30")));
    let ctx = tongbao::rules::Context::new(&c.ledger.config, d("2026-04-30"));
    let st = figures::by_stage(&snapshot(&c.ledger, &ctx));
    let started = st.iter().find(|s| s.stage == "开工").expect("开工");
    assert_eq!(started.count, 1, "the original only");
    let operating = st.iter().find(|s| s.stage == "投产").expect("投产");
    assert_eq!(operating.count, 0, "the 增资 is not a project");
    assert_eq!(operating.investment_wan, 75_000.0, "its amount is");
}

#[test]
fn scoring_counts_no_signing_start_operation_or_bonus_for_an_expansion() {
    for (expands, n) in [(true, 0), (false, 1)] {
        let c = tongbao::check(&pair(expands), Some(d("2026-04-30")));
        let ctx = tongbao::rules::Context::new(&c.ledger.config, d("2026-04-30"));
        let comps = scoring::period_components(&c.ledger, &ctx, march());
        let k = &comps["kfq"];
        assert_eq!(k.signed, n, "签约项目 expands={expands}");
        assert_eq!(k.started, n);
        assert_eq!(k.operating, n);
        assert_eq!(k.bonus_manufacturing, n, "7亿元 bonus");
        assert_eq!(k.bonus_major, 0);
        assert_eq!(k.signed_wan, 75_000.0, "签约额");
    }
}

#[test]
fn a_months_bulletin_counts_an_expansion_neither_as_a_project_known() {
    for (expands, known) in [(true, 1), (false, 2)] {
        let c = tongbao::check(&pair(expands), Some(d("2026-04-30")));
        let ctx = tongbao::rules::Context::new(&c.ledger.config, d("2026-04-30"));
        let h = history::history(&c.ledger, &ctx);
        let m = h
            .iter()
            .find(|m| {
                m.month
                    == Month {
                        year: 2026,
                        month: 3,
                    }
            })
            .expect("March");
        assert_eq!(m.projects, known, "台账在库项目 expands={expands}");
        assert_eq!(m.month_activity.signed, known - 1);
        assert_eq!(m.comps["kfq"].signed, (known - 1) as u32);
        assert_eq!(m.comps["kfq"].signed_wan, 75_000.0, "签约额");
        let q = m.quarter.as_ref().map(|q| q["kfq"].signed);
        assert!(q.is_none() || q == Some((known - 1) as u32), "quarter");
    }
}

// ---- The demo, built in memory with and without its 增资 marked. ----

/// The demo's raw data; with `plain`, its 增资 record 2026-020 without `expands`.
fn demo_raw(plain: bool) -> RawData {
    let mut raw = read_dir(&common::demo_root()).expect("demo");
    let f = raw
        .projects
        .iter_mut()
        .find(|f| f.path.ends_with("kfq/2026-020.toml"))
        .expect("the demo has a 增资 record");
    if plain {
        let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
        let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("expands")).collect();
        f.bytes = (kept.join("\n") + "\n").into_bytes();
    }
    raw
}

fn site(plain: bool) -> BTreeMap<String, String> {
    common::render_in_memory(&demo_raw(plain))
        .into_iter()
        .filter_map(|(k, v)| String::from_utf8(v).ok().map(|v| (k, v)))
        .collect()
}

/// The number right before `after` in a page (`<div class="num">12</div><div>在库项目`).
fn number_before(page: &str, after: &str) -> usize {
    let i = page.find(after).unwrap_or_else(|| panic!("no {after}"));
    let head = &page[..i];
    let digits: String = head
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .expect("number")
}

/// The number right after `before`.
fn number_after(page: &str, before: &str) -> usize {
    let i = page.find(before).unwrap_or_else(|| panic!("no {before}")) + before.len();
    page[i..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect::<String>()
        .parse()
        .expect("number")
}

#[test]
fn the_demo_pages_count_its_expansion_once() {
    let (marked, plain) = (site(false), site(true));
    // Dashboard: 在库项目.
    let card = "</div><div>在库项目";
    assert_eq!(
        number_before(&marked["index.html"], card) + 1,
        number_before(&plain["index.html"], card),
        "dashboard"
    );
    // Ledger total row.
    let total = "<span id=\"total-count\">";
    assert_eq!(
        number_after(&marked["projects/index.html"], total) + 1,
        number_after(&plain["projects/index.html"], total),
        "ledger"
    );
    assert!(marked["projects/index.html"].contains("data-expands=\"2025-003\""));
    // Unit page card.
    let card = "</div><div>落地项目（个";
    assert_eq!(
        number_before(&marked["units/kfq.html"], card) + 1,
        number_before(&plain["units/kfq.html"], card),
        "unit"
    );
    assert!(marked["units/kfq.html"].contains("另有增资 1 项"));
    // The June 2026 bulletin (the month the 增资 signed) and every later one.
    for b in ["bulletins/2026-06.html", "bulletins/2026-11.html"] {
        let known = "台账在库项目";
        assert_eq!(
            number_after(&marked[b], known) + 1,
            number_after(&plain[b], known),
            "{b}"
        );
    }
    // Ranking tables: the year's rankings, the second quarter's 赛拼 and June's
    // bulletin. Cells: rank, name, 签约项目, 签约额, 开工, …
    for (page, link, started) in [
        ("rankings.html", "\"units/kfq.html\"", true),
        ("bulletins/2026-Q2.html", "\"../units/kfq.html\"", false),
        ("bulletins/2026-06.html", "\"../units/kfq.html\"", false),
    ] {
        let (m, p) = (
            row_cells(&marked[page], link),
            row_cells(&plain[page], link),
        );
        let n = |v: &[String], i: usize| v[i].replace(',', "").parse::<f64>().expect("number");
        assert_eq!(n(&m, 2) + 1.0, n(&p, 2), "{page}: 签约项目 {m:?} {p:?}");
        assert_eq!(m[3], p[3], "{page}: 签约额 is the same");
        if started {
            assert_eq!(n(&m, 4) + 1.0, n(&p, 4), "{page}: 开工项目");
        }
    }
    // The stage funnel on the dashboard: its bars say "N个 · amount". Exactly one bar
    // (开工, where 2026-020 stands) has one project fewer, with the same amount.
    let notes = |page: &str| -> Vec<(usize, String)> {
        page.split("个 · ")
            .collect::<Vec<_>>()
            .windows(2)
            .map(|w| {
                let n: String = w[0]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_ascii_digit())
                    .collect::<String>()
                    .chars()
                    .rev()
                    .collect();
                let money = w[1].split('<').next().unwrap_or("").to_string();
                (n.parse().expect("count"), money)
            })
            .collect()
    };
    let (m, p) = (notes(&marked["index.html"]), notes(&plain["index.html"]));
    assert_eq!(m.len(), p.len());
    let mut diff: Vec<_> = m.iter().zip(&p).filter(|(a, b)| a != b).collect();
    // Each chart is drawn twice (wide and narrow).
    diff.dedup();
    assert_eq!(diff.len(), 1, "{diff:?}");
    let ((mc, mm), (pc, pm)) = diff[0];
    assert_eq!(
        (mc + 1, mm),
        (*pc, pm),
        "one project fewer, the same amount"
    );
}

/// The texts of the cells of the table row holding `link`.
fn row_cells(page: &str, link: &str) -> Vec<String> {
    let i = page.find(link).unwrap_or_else(|| panic!("no {link}"));
    let start = page[..i].rfind("<tr").expect("row start");
    let end = i + page[i..].find("</tr>").expect("row end");
    page[start..end]
        .split("</td>")
        .map(|c| {
            let mut out = String::new();
            let mut tag = false;
            for ch in c.chars() {
                match ch {
                    '<' => tag = true,
                    '>' => tag = false,
                    _ if !tag => out.push(ch),
                    _ => {}
                }
            }
            out.trim().to_string()
        })
        .collect()
}

#[test]
fn the_demo_exports_and_pages_show_expands_and_funds_origin() {
    let s = site(false);
    let json: serde_json::Value = serde_json::from_str(&s["projects.json"]).expect("json");
    let rows = json.as_array().expect("rows");
    let by_id = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("{id}"))
    };
    let exp = by_id("2026-020");
    assert_eq!(exp["expands"], "2025-003");
    assert_eq!(exp["funds_origin"], "外资");
    // 1,200 + 3,500 + 3,800 外资 (the project's), 4,200 省外内资 (the report's own).
    assert_eq!(exp["funds_cumulative_wan"]["foreign"], 8500.0);
    assert_eq!(exp["funds_cumulative_wan"]["out_of_province"], 4200.0);
    assert_eq!(exp["funds_ytd_wan"]["out_of_province"], 4200.0);
    assert_eq!(by_id("2025-003")["expands"], serde_json::Value::Null);
    // CSV: the new columns.
    let csv = &s["projects.csv"];
    let head = csv.lines().next().expect("head");
    for h in ["增资原项目", "到位资金来源", "累计到位资金-外资（万元）"] {
        assert!(head.contains(h), "{head}");
    }
    let line = csv
        .lines()
        .find(|l| l.starts_with("\"2026-020\""))
        .expect("row");
    assert!(
        line.contains("\"2025-003\",\"外资\",8500,4200,0,0"),
        "{line}"
    );

    // The 增资 page links its original; the original lists its 增资 with the amount.
    let p = &s["projects/2026-020.html"];
    assert!(
        p.contains("增资项目（原项目：<a href=\"2025-003.html\">智能网联汽车零部件产业园项目</a>"),
        "{p}"
    );
    let o = &s["projects/2025-003.html"];
    assert!(
        o.contains("增资记录（1 项，增资额合计 20,000 万元）"),
        "{o}"
    );
    assert!(o.contains("<a href=\"2026-020.html\">"));
    // The report table names each month's origin; the totals table sums them.
    assert!(o.contains("<th>到位资金来源</th>"));
    assert!(
        o.contains("<td>外资</td>"),
        "the May 2026 report's own origin"
    );
    assert!(o.contains("<td>省外内资（同项目）</td>"));
    assert!(o.contains("<h2>到位资金来源</h2>"));
    // Unit and county tables.
    assert!(s["units/kfq.html"].contains("<h2>到位资金来源</h2>"));
    let idx = &s["index.html"];
    assert!(idx.contains("<h2>到位资金来源</h2>"));
    for o in ["外资", "省外内资", "省内", "未注明", "合计"] {
        assert!(idx.contains(&format!("<td>{o}</td>")), "{o}");
    }
    // Sums in 亿元 (unit, county), one project in 万元, as every money column.
    assert!(idx.contains("累计（亿元）") && s["units/kfq.html"].contains("累计（亿元）"));
    assert!(o.contains("累计（万元）"));
}

#[test]
fn county_funds_add_up_over_units_and_a_past_cutoff_counts_only_its_months() {
    let c = tongbao::check(&demo_raw(false), None);
    let as_of = c.as_of;
    let county = funds::county_totals(&c.ledger, as_of);
    let units = funds::unit_totals(&c.ledger, as_of);
    let sum: f64 = units.values().map(|t| t.cumulative.total()).sum();
    assert!((sum - county.cumulative.total()).abs() < 1e-6);
    assert!(county.cumulative.foreign > 0.0 && county.cumulative.out_of_province > 0.0);
    // June 2026: the 增资's reports (July on) are not there yet.
    let june = funds::project_totals(
        &c.ledger
            .records
            .iter()
            .find(|r| r.id() == "2026-020")
            .expect("2026-020")
            .project,
        d("2026-06-30"),
    );
    assert_eq!(june.cumulative.total(), 0.0);
    // by_unit_month for 利用外资 of kfq in 2026: the 增资's 外资 months and the
    // original's May report.
    let t = funds::by_unit_month(&c.ledger, as_of);
    let foreign_2026: f64 = t
        .iter()
        .filter(|(k, _)| {
            k.unit == "kfq"
                && k.month.year == 2026
                && k.origin == Some(tongbao::model::FundsOrigin::Foreign)
        })
        .map(|(_, v)| *v)
        .sum();
    assert_eq!(foreign_2026, 6750.0 + 8500.0);
}
