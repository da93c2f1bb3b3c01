//! Views on in-memory ledgers: stage, scoring attribution, ranking ties, past months.

use super::scoring::{month_components as components, period_components, rank};
use super::{Light, Month, Period, snapshot};
use crate::derive::Stage;
use crate::load::{Ledger, RawData, RawFile};
use crate::rules::Context;
use chrono::NaiveDate;

const UNITS: &str = r#"
[[unit]]
id = "a"
name = "甲镇"
kind = "乡镇"

[[unit]]
id = "b"
name = "乙镇"
kind = "乡镇"

[[unit]]
id = "bj"
name = "驻北京联络处"
kind = "联络处"
ranked = true

[[unit]]
id = "zrzy"
name = "自然资源局"
kind = "部门"
"#;

fn d(s: &str) -> NaiveDate {
    crate::model::parse_iso_date(s).expect("date")
}

fn ledger(projects: &[(&str, &str)]) -> Ledger {
    let raw = RawData {
        units: Some(RawFile {
            path: "data/units.toml".into(),
            bytes: UNITS.as_bytes().to_vec(),
        }),
        projects: projects
            .iter()
            .map(|(p, t)| RawFile {
                path: p.to_string(),
                bytes: t.as_bytes().to_vec(),
            })
            .collect(),
        ..Default::default()
    };
    let (l, findings) = Ledger::parse(&raw);
    assert!(findings.is_empty(), "{findings:#?}");
    l
}

const SIGNED_BY_BJ: &str = r#"id = "p1"
name = "甲镇项目"
category = "制造业"
unit = "a"
source = "bj"
investment_wan = 80000

[dates]
assessed = 2026-01-05
approved = 2026-01-10
legal_review = 2026-01-10
signed = 2026-03-02
filed = 2026-03-03
plan_issued = 2026-03-04
kickoff = 2026-03-05
platform = 2026-03-20

[[milestones]]
item = "土地供应"
unit = "zrzy"
due = 2026-03-31
done = 2026-04-10

[[reports]]
month = "2026-04"
actual = "土地平整"
"#;

#[test]
fn source_unit_gets_equal_credit_and_departments_their_deductions() {
    let l = ledger(&[("data/projects/a/p1.toml", SIGNED_BY_BJ)]);
    let ctx = Context::new(&l.config, d("2026-04-30"));
    let snap = snapshot(&l, &ctx);
    let q1 = Period {
        start: d("2026-01-01"),
        end: d("2026-04-30"),
    };
    let c = components(&l, &snap, q1);
    for u in ["a", "bj"] {
        assert_eq!(c[u].signed, 1, "{u}");
        assert_eq!(c[u].signed_wan, 80000.0);
        assert_eq!(c[u].bonus_manufacturing, 1, "7亿+ manufacturing bonus");
    }
    assert_eq!(c["b"].signed, 0);
    assert_eq!(
        c["zrzy"].late, 1,
        "the late milestone counts against its responsible unit"
    );
    assert_eq!(c["a"].late, 0);
    // 10 per signing + 8 per 亿 + 20 bonus; 2 deducted per late item.
    let s = &l.config.scoring;
    assert_eq!(c["a"].total(s), 38.0);
    assert_eq!(c["zrzy"].total(s), -2.0);
}

#[test]
fn ties_share_a_rank_and_keep_file_order() {
    let l = ledger(&[("data/projects/a/p1.toml", SIGNED_BY_BJ)]);
    let ctx = Context::new(&l.config, d("2026-04-30"));
    let snap = snapshot(&l, &ctx);
    let c = components(
        &l,
        &snap,
        Period {
            start: d("2026-01-01"),
            end: d("2026-04-30"),
        },
    );
    let r = rank(&l, &c);
    let order: Vec<(&str, usize)> = r.iter().map(|x| (x.unit.as_str(), x.rank)).collect();
    // a and bj tie at the top (units.toml order), b is third; zrzy (部门) is not ranked.
    assert_eq!(order, vec![("a", 1), ("bj", 1), ("b", 3)]);
}

#[test]
fn a_past_month_ignores_later_facts() {
    let l = ledger(&[("data/projects/a/p1.toml", SIGNED_BY_BJ)]);
    let now = Context::new(&l.config, d("2026-04-30"));
    // As of the end of March the milestone (done 04-10) was still open, due that very
    // day: yellow then.
    let march = now.at(Month {
        year: 2026,
        month: 3,
    }
    .last());
    let snap = snapshot(&l, &march);
    assert_eq!(snap.items.len(), 1);
    assert_eq!(snap.items[0].state.light, Light::Yellow);
    assert_eq!(snap.items[0].state.stage, Stage::Signed);
    // In February only the approval was known: no deadlines yet, stage 审批.
    let feb = snapshot(&l, &now.at(d("2026-02-28")));
    assert_eq!(feb.items[0].state.stage, Stage::Approved);
    assert!(feb.items[0].state.deadlines.is_empty());
    // Before any fact the project is not in the snapshot at all.
    assert!(snapshot(&l, &now.at(d("2025-12-31"))).items.is_empty());
    // Today the milestone was done late: green light, a late deadline; the April report
    // (due 04-30, the last working day) is there.
    let today = snapshot(&l, &now);
    assert_eq!(today.items[0].state.light, Light::Green);
    assert!(
        today.items[0]
            .state
            .deadlines
            .iter()
            .any(|j| j.status == crate::rules::deadlines::Status::Late)
    );
}

/// Signed 2025-01-15, never reports, a milestone due 2025-09-30 (a Tuesday, the month's
/// last working day) never done; a problem due 2025-06-30 resolved 2025-07-03.
const MONTH_END: &str = r#"id = "p2"
name = "月末期限项目"
category = "工业"
unit = "a"
investment_wan = 5000

[dates]
assessed = 2025-01-02
approved = 2025-01-06
legal_review = 2025-01-06
signed = 2025-01-15
filed = 2025-01-16
plan_issued = 2025-01-17
kickoff = 2025-01-20
platform = 2025-01-27

[[milestones]]
item = "土地供应"
unit = "zrzy"
due = 2025-09-30

[[problems]]
raised = 2025-06-02
text = "用电"
unit = "a"
due = 2025-06-30
resolved = 2025-07-03
"#;

fn sum_months(
    hist: &[super::history::MonthData],
    year: i32,
) -> std::collections::BTreeMap<String, super::scoring::Components> {
    let mut acc = std::collections::BTreeMap::new();
    for m in hist.iter().filter(|m| m.month.year == year) {
        super::scoring::add(&mut acc, &m.comps);
    }
    acc
}

#[test]
fn month_end_deadlines_are_charged_in_the_month_they_become_overdue() {
    let l = ledger(&[("data/projects/a/p2.toml", MONTH_END)]);
    let ctx = Context::new(&l.config, d("2025-12-31"));
    let hist = super::history::history(&l, &ctx);
    let month = |k: &str| {
        hist.iter()
            .find(|m| m.month.key() == k)
            .unwrap_or_else(|| panic!("month {k}"))
    };
    // The September report and the milestone are due 09-30, the month's last day: in
    // September's table they are only due soon; October charges them.
    assert_eq!(month("2025-09").comps["zrzy"].overdue, 0);
    assert_eq!(
        month("2025-10").comps["zrzy"].overdue,
        1,
        "milestone due 09-30"
    );
    assert_eq!(
        month("2025-10").comps["a"].missing_reports,
        1,
        "report due 09-30"
    );
    // The problem due 06-30 (Monday) was resolved 07-03: late, charged in July once.
    assert_eq!(month("2025-06").comps["a"].late, 0);
    assert_eq!(month("2025-07").comps["a"].late, 1);
    // Still overdue at later month ends: shown open (red list), never charged again.
    assert_eq!(month("2025-11").comps["zrzy"].overdue, 0);
    assert_eq!(month("2025-11").open["zrzy"].overdue, 1);
    // Every report month Feb..Nov is charged exactly once in 2025 (December's, due
    // 12-31, becomes overdue in 2026).
    let year = sum_months(&hist, 2025);
    assert_eq!(year["a"].missing_reports, 10);
    // November charges October's report (due Friday 10-31) and its own (due Friday
    // 11-28, overdue from Saturday 11-29).
    assert_eq!(month("2025-11").comps["a"].missing_reports, 2);
}

#[test]
fn months_add_up_to_quarters_and_to_the_year_for_every_component() {
    let l = ledger(&[
        ("data/projects/a/p1.toml", SIGNED_BY_BJ),
        ("data/projects/a/p2.toml", MONTH_END),
    ]);
    for as_of in ["2025-12-31", "2026-11-20"] {
        let as_of = d(as_of);
        let ctx = Context::new(&l.config, as_of);
        let hist = super::history::history(&l, &ctx);
        for year in [2025, 2026] {
            let by_months = sum_months(&hist, year);
            let start = d(&format!("{year}-01-01"));
            let end = d(&format!("{year}-12-31")).min(as_of);
            if end < start {
                continue;
            }
            let direct = period_components(&l, &ctx, Period { start, end });
            for (u, c) in &direct {
                let m = by_months.get(u).cloned().unwrap_or_default();
                assert_eq!(&m, c, "{u} {year} as of {as_of}");
            }
        }
        // Each quarter is the sum of its months.
        for m in hist.iter().filter(|m| m.quarter.is_some()) {
            let q = m.month.quarter();
            let mut acc = std::collections::BTreeMap::new();
            for x in hist
                .iter()
                .filter(|x| x.month.year == m.month.year && x.month.quarter() == q)
            {
                super::scoring::add(&mut acc, &x.comps);
            }
            let quarter = m.quarter.clone().unwrap_or_default();
            for (u, c) in &quarter {
                assert_eq!(acc.get(u).cloned().unwrap_or_default(), *c, "{u} {q}");
            }
        }
    }
}

#[test]
fn a_bulletin_never_shows_fewer_open_overdue_items_than_its_red_list() {
    let l = ledger(&[("data/projects/a/p2.toml", MONTH_END)]);
    let ctx = Context::new(&l.config, d("2025-12-31"));
    for m in super::history::history(&l, &ctx) {
        for r in &m.ranking {
            let named = m.red.iter().filter(|i| i.unit == r.unit).count() as u32;
            assert_eq!(
                r.open.overdue + r.open.missing_reports,
                named,
                "{} {}",
                m.month.key(),
                r.unit
            );
        }
    }
}

// ---- dates of record: a past month stays as it was (issue 15.3) ----

/// Signed 2026-03-02 in 乙镇 (b), start planned 2026-04-30 and not met, reports for
/// April and May only.
fn recorded(unit: &str, plan: &str, extra: &str) -> String {
    format!(
        r#"id = "p3"
name = "记录日期项目"
category = "工业"
unit = "{unit}"
investment_wan = 20000

[dates]
assessed = 2026-01-05
approved = 2026-01-10
legal_review = 2026-01-10
signed = 2026-03-02
filed = 2026-03-03
plan_issued = 2026-03-04
kickoff = 2026-03-05
platform = 2026-03-20

[plan]
start = 2026-04-30
{plan}

[[reports]]
month = "2026-04"
actual = "前期手续"

[[reports]]
month = "2026-05"
actual = "前期手续"
{extra}
"#
    )
}

/// What a month's bulletin shows of units: red list, components, open items, ranking.
fn shown(l: &Ledger, as_of: &str, month: &str) -> String {
    let ctx = Context::new(&l.config, d(as_of));
    let hist = super::history::history(l, &ctx);
    let m = hist
        .iter()
        .find(|m| m.month.key() == month)
        .unwrap_or_else(|| panic!("month {month}"));
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
        m.red, m.yellow, m.comps, m.open, m.ranking
    )
}

fn month_of<'h, 'a>(
    hist: &'h [super::history::MonthData<'a>],
    k: &str,
) -> &'h super::history::MonthData<'a> {
    hist.iter()
        .find(|m| m.month.key() == k)
        .unwrap_or_else(|| panic!("month {k}"))
}

#[test]
fn an_extension_recorded_later_leaves_earlier_months_red() {
    let before = ledger(&[("data/projects/b/p3.toml", &recorded("b", "", ""))]);
    let ext = recorded(
        "b",
        "start_extended_to = 2026-09-30\nstart_extension_ref = \"联席会议纪要〔2026〕7号\"\nstart_extended_on = 2026-06-10",
        "",
    );
    let after = ledger(&[("data/projects/b/p3.toml", &ext)]);
    // May ended before the decision: the start (due 04-30) stays overdue and charged.
    assert_eq!(
        shown(&before, "2026-07-20", "2026-05"),
        shown(&after, "2026-07-20", "2026-05")
    );
    let ctx = Context::new(&after.config, d("2026-07-20"));
    let hist = super::history::history(&after, &ctx);
    let may = month_of(&hist, "2026-05");
    assert_eq!(may.comps["b"].overdue, 1);
    assert!(
        may.red
            .iter()
            .any(|i| i.rule.as_str() == "start" && i.due.to_string() == "2026-04-30")
    );
    // From June the extension is known: the start is due 09-30, off the red list.
    let june = month_of(&hist, "2026-06");
    assert!(
        june.red.iter().all(|i| i.rule.as_str() != "start"),
        "{:?}",
        june.red
    );
    // Without its date of record the extension counts in every month (as before).
    let undated = recorded(
        "b",
        "start_extended_to = 2026-09-30\nstart_extension_ref = \"联席会议纪要〔2026〕7号\"",
        "",
    );
    let l = ledger(&[("data/projects/b/p3.toml", &undated)]);
    let hist = super::history::history(&l, &Context::new(&l.config, d("2026-07-20")));
    assert_eq!(month_of(&hist, "2026-05").comps["b"].overdue, 0);
}

#[test]
fn a_report_submitted_later_leaves_earlier_months_missing_and_counts_late() {
    let before = ledger(&[("data/projects/b/p3.toml", &recorded("b", "", ""))]);
    // June's report (due Tuesday 06-30) submitted on 08-05.
    let late = recorded(
        "b",
        "",
        "\n[[reports]]\nmonth = \"2026-06\"\nactual = \"补报\"\ninvested_wan = 300\nsubmitted = 2026-08-05",
    );
    let after = ledger(&[("data/projects/b/p3.toml", &late)]);
    // July ended before it was submitted: missing then, charged then, byte for byte.
    assert_eq!(
        shown(&before, "2026-08-20", "2026-07"),
        shown(&after, "2026-08-20", "2026-07")
    );
    let hist = super::history::history(&after, &Context::new(&after.config, d("2026-08-20")));
    let july = month_of(&hist, "2026-07");
    assert_eq!(july.comps["b"].missing_reports, 1);
    assert_eq!(
        july.ytd_activity.invested_wan, 0.0,
        "not reported by July's end"
    );
    assert!(
        july.red
            .iter()
            .any(|i| i.rule.as_str() == "report" && i.subject().contains("2026年6月"))
    );
    // Submitted within the month after its due date: late in that month's 比拼.
    let in_july = recorded(
        "b",
        "",
        "\n[[reports]]\nmonth = \"2026-06\"\nactual = \"补报\"\nsubmitted = 2026-07-15",
    );
    let l = ledger(&[("data/projects/b/p3.toml", &in_july)]);
    let hist = super::history::history(&l, &Context::new(&l.config, d("2026-08-20")));
    let july = month_of(&hist, "2026-07");
    assert_eq!(july.comps["b"].late, 1);
    assert_eq!(july.comps["b"].missing_reports, 0);
}

#[test]
fn a_transfer_leaves_earlier_months_with_the_old_unit() {
    // Before: the project in 甲镇 (a). After: moved to 乙镇 (b) on 2026-06-15.
    let before = ledger(&[("data/projects/a/p3.toml", &recorded("a", "", ""))]);
    let moved = format!(
        "{}\n[[transfers]]\nfrom = \"a\"\non = 2026-06-15\nref = \"县政府常务会议纪要〔2026〕12号\"\n",
        recorded("b", "", "")
    );
    let after = ledger(&[("data/projects/b/p3.toml", &moved)]);
    for month in ["2026-03", "2026-05"] {
        assert_eq!(
            shown(&before, "2026-07-20", month),
            shown(&after, "2026-07-20", month),
            "{month}"
        );
    }
    let hist = super::history::history(&after, &Context::new(&after.config, d("2026-07-20")));
    let march = month_of(&hist, "2026-03");
    assert_eq!(march.comps["a"].signed, 1, "signed while in 甲镇");
    assert_eq!(march.comps["b"].signed, 0);
    let may = month_of(&hist, "2026-05");
    assert!(may.red.iter().all(|i| i.unit == "a"), "{:?}", may.red);
    assert!(!may.red.is_empty());
    // From the transfer on, the red list names 乙镇.
    let june = month_of(&hist, "2026-06");
    assert!(!june.red.is_empty());
    assert!(june.red.iter().all(|i| i.unit == "b"), "{:?}", june.red);
}
