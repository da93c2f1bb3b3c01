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
    ledger_with(None, None, projects)
}

/// A ledger with a config and a `data/targets/2026.toml`.
fn ledger_with(config: Option<&str>, targets: Option<&str>, projects: &[(&str, &str)]) -> Ledger {
    let file = |path: &str, text: &str| RawFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    };
    let raw = RawData {
        config: config.map(|c| file("data/config.toml", c)),
        targets: targets
            .map(|t| vec![file("data/targets/2026.toml", t)])
            .unwrap_or_default(),
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
        // The 7亿元 bonus is for 招引落地: paid when the project starts, and it has not.
        assert_eq!(c[u].bonus_manufacturing, 0, "no bonus before 开工");
    }
    assert_eq!(c["b"].signed, 0);
    assert_eq!(
        c["zrzy"].late, 1,
        "the late milestone counts against its responsible unit"
    );
    assert_eq!(c["a"].late, 0);
    // 10 per signing + 8 per 亿; 2 deducted per late item.
    let s = &l.config.scoring;
    assert_eq!(c["a"].total(s), 18.0);
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

/// A project of unit `a`: category, investment, signed and (optionally) started.
fn big(id: &str, category: &str, wan: &str, signed: &str, started: Option<&str>) -> String {
    let started = started.map_or(String::new(), |d| format!("started = {d}\n"));
    format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"{category}\"\nunit = \"a\"\n\
         investment_wan = {wan}\n\n[dates]\nassessed = 2026-01-05\napproved = 2026-01-10\n\
         legal_review = 2026-01-10\nsigned = {signed}\n{started}"
    )
}

fn month_bonus(l: &Ledger, as_of: &str, month: &str) -> (u32, u32) {
    let m = crate::model::parse_month(month).expect("month");
    let m = Month {
        year: m.0,
        month: m.1,
    };
    let end = m.last().min(d(as_of));
    let ctx = Context::new(&l.config, end);
    let snap = snapshot(l, &ctx.at(end));
    let c = components(
        l,
        &snap,
        Period {
            start: m.first(),
            end,
        },
    );
    (c["a"].bonus_manufacturing, c["a"].bonus_major)
}

#[test]
fn big_project_bonuses_are_paid_when_the_project_starts_by_default() {
    // 磐安 一(四): 招引落地. Signed in March, started in May.
    let p = big("p1", "工业", "70000", "2026-03-02", Some("2026-05-10"));
    let l = ledger(&[("data/projects/a/p1.toml", &p)]);
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-03"), (0, 0));
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-04"), (0, 0));
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-05"), (1, 0));
    // The county's choice: `bonus_at = "签约"` pays it when signed, as before.
    let l = ledger_with(
        Some("[scoring]\nbonus_at = \"签约\"\n"),
        None,
        &[("data/projects/a/p1.toml", &p)],
    );
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-03"), (1, 0));
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-05"), (0, 0));
    // The rankings' explanation finds the same project in the same month.
    let l = ledger(&[("data/projects/a/p1.toml", &p)]);
    let earned = super::scoring::bonus_projects(
        &l,
        Period {
            start: d("2026-01-01"),
            end: d("2026-06-30"),
        },
    );
    let a = &earned["a"];
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].on, d("2026-05-10"));
    assert_eq!(a[0].bonus, super::scoring::Bonus::Manufacturing);
}

#[test]
fn the_major_bonus_is_for_industry_projects_from_3_yi() {
    let cases = [
        ("工业", "30000", (0, 1)),
        ("工业", "29999.99", (0, 0)),
        ("制造业", "69999.99", (0, 1)),
        ("制造业", "70000", (1, 0)),
        // 文旅 is not a 产业项目 by default: no bonus however big.
        ("文旅", "300000", (0, 0)),
    ];
    for (category, wan, want) in cases {
        let p = big("p1", category, wan, "2026-03-02", Some("2026-05-10"));
        let l = ledger(&[("data/projects/a/p1.toml", &p)]);
        assert_eq!(
            month_bonus(&l, "2026-06-30", "2026-05"),
            want,
            "{category} {wan}"
        );
    }
    // A county that counts 文旅 as a 产业 lists it.
    let p = big("p1", "文旅", "30000", "2026-03-02", Some("2026-05-10"));
    let l = ledger_with(
        Some("[scoring]\nindustry_categories = [\"工业\", \"文旅\"]\n"),
        None,
        &[("data/projects/a/p1.toml", &p)],
    );
    assert_eq!(month_bonus(&l, "2026-06-30", "2026-05"), (0, 1));
}

#[test]
fn a_unit_short_of_its_target_loses_points_in_december() {
    let targets = "year = 2026\n\n[[unit]]\nid = \"a\"\nmanufacturing = 2\nindustry = 1\n";
    let one = big("p1", "工业", "80000", "2026-03-02", Some("2026-05-10"));
    let l = ledger_with(None, Some(targets), &[("data/projects/a/p1.toml", &one)]);
    let short = |as_of: &str, month: &str| {
        let m = crate::model::parse_month(month).expect("month");
        let m = Month {
            year: m.0,
            month: m.1,
        };
        let end = m.last().min(d(as_of));
        let ctx = Context::new(&l.config, end);
        let snap = snapshot(&l, &ctx.at(end));
        let c = components(
            &l,
            &snap,
            Period {
                start: m.first(),
                end,
            },
        );
        (c["a"].short_manufacturing, c["a"].short_major)
    };
    // One 7亿元 project of two landed (it is also the one 3亿元 产业项目 asked for).
    assert_eq!(short("2026-12-31", "2026-12"), (1, 0));
    // Not before the year is over, and never in another month.
    assert_eq!(short("2026-12-30", "2026-12"), (0, 0));
    assert_eq!(short("2026-12-31", "2026-11"), (0, 0));
    let s = &l.config.scoring;
    let c = period_components(
        &l,
        &Context::new(&l.config, d("2026-12-31")),
        Period {
            start: d("2026-01-01"),
            end: d("2026-12-31"),
        },
    );
    assert_eq!(c["a"].short_manufacturing, 1);
    let mut without = c["a"].clone();
    without.short_manufacturing = 0;
    assert_eq!(
        c["a"].deducted(s) - without.deducted(s),
        20.0,
        "one project short × 20"
    );
    assert_eq!(c["b"].short_manufacturing, 0, "no target, no shortfall");
    // Meeting the target: nothing to deduct.
    let two = big("p2", "工业", "70000", "2026-03-02", Some("2026-12-01"));
    let l = ledger_with(
        None,
        Some(targets),
        &[
            ("data/projects/a/p1.toml", &one),
            ("data/projects/a/p2.toml", &two),
        ],
    );
    let c = period_components(
        &l,
        &Context::new(&l.config, d("2026-12-31")),
        Period {
            start: d("2026-12-01"),
            end: d("2026-12-31"),
        },
    );
    assert_eq!(
        (c["a"].short_manufacturing, c["a"].bonus_manufacturing),
        (0, 1)
    );
}
