//! Views on in-memory ledgers: stage, scoring attribution, ranking ties, past months.

use super::scoring::{components, rank};
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
