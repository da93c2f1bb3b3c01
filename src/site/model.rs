//! Shared page models: plain strings and numbers, formatted once here so templates
//! only lay them out.

use crate::config::Scoring;
use crate::derive::tracking;
use crate::findings::Rule;
use crate::load::{Ledger, Record};
use crate::rules::Context;
use crate::rules::deadlines::Status;
use crate::view::Judged;
use crate::view::scoring::{Components, Ranked};
use crate::view::{Light, ProjectState};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Format 万元: shown as 亿元 from 1亿 (10000万) up.
pub fn money(wan: f64) -> String {
    if wan == 0.0 || !wan.is_finite() {
        // Not "0万元" (nor "-0万元" from a negative zero sum).
        "0元".into()
    } else if wan.abs() >= 10_000.0 {
        format!("{}亿元", trim(wan / 10_000.0, 2))
    } else {
        format!("{}万元", trim(wan, 0))
    }
}

/// A money column in 亿元 (the header names the unit): two fixed decimals, thousands
/// separated, "—" for none. 9,000万元 reads "0.90" beside "6.00".
pub fn yi(wan: f64) -> String {
    if wan == 0.0 || !wan.is_finite() {
        "—".into()
    } else {
        fixed(wan / 10_000.0, 2)
    }
}

/// A money column in 万元 (the header names the unit): whole 万元, thousands
/// separated, "—" for none.
pub fn wan(wan: f64) -> String {
    if wan == 0.0 || !wan.is_finite() {
        "—".into()
    } else {
        fixed(wan, 0)
    }
}

/// A number with exactly `places` decimals, thousands separated with commas.
pub fn fixed(x: f64, places: usize) -> String {
    group(&format!("{:.*}", places, x))
}

/// Thousands separators in the integer part of a formatted number.
fn group(s: &str) -> String {
    let (int, frac) = s.split_once('.').map_or((s, None), |(a, b)| (a, Some(b)));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A number with at most `places` decimals, trailing zeros removed, thousands
/// separated with commas.
pub fn trim(x: f64, places: usize) -> String {
    let s = format!("{:.*}", places, x);
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    // A negative zero, or a negative that rounds to zero, reads "0", never "-0".
    if s == "-0" {
        return "0".into();
    }
    group(&s)
}

/// How a unit's deduction was computed, e.g. "新增超期2项×5分=10分" (no spaces beside numbers, as official text writes).
pub fn deduction_note(c: &Components, s: &Scoring) -> String {
    let parts: Vec<String> = [
        ("新增超期", c.overdue, "项", s.overdue),
        ("逾期完成", c.late, "项", s.late),
        ("新增漏报月调度", c.missing_reports, "次", s.missing_report),
        ("不及时更新", c.stale, "项次", s.stale),
        (
            "7亿元以上制造业项目差年度目标",
            c.short_manufacturing,
            "个",
            s.shortfall_manufacturing,
        ),
        (
            "3亿元以上产业项目差年度目标",
            c.short_major,
            "个",
            s.shortfall_major,
        ),
    ]
    .into_iter()
    .filter(|(_, n, _, _)| *n > 0)
    .map(|(what, n, unit, pts)| {
        format!(
            "{what}{n}{unit}×{}分={}分",
            trim(pts, 2),
            trim(n as f64 * pts, 2)
        )
    })
    .collect();
    match parts.len() {
        0 => "不扣分".into(),
        1 => parts.concat(),
        _ => format!("{}，共扣{}分", parts.join("；"), trim(c.deducted(s), 2)),
    }
}

/// One row of a ranking table (rankings page, monthly bulletin, quarterly 赛拼).
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// 1-based rank.
    pub rank: usize,
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Projects signed.
    pub signed: u32,
    /// Investment signed, 亿元 column.
    pub signed_money: String,
    /// Projects started.
    pub started: u32,
    /// Projects put into operation.
    pub operating: u32,
    /// Manufacturing bonuses.
    pub bonus_manufacturing: u32,
    /// Major industry bonuses.
    pub bonus_major: u32,
    /// Both bonuses.
    pub bonus: u32,
    /// Newly overdue in the period (charged).
    pub overdue: u32,
    /// Done late in the period (charged).
    pub late: u32,
    /// Newly missing reports in the period (charged).
    pub missing_reports: u32,
    /// Projects stale (不及时更新) at a month's end in the period, one per project and month (charged).
    pub stale: u32,
    /// Still overdue at the period's end (what the red list names; not charged again).
    pub open_overdue: u32,
    /// Reports still missing at the period's end.
    pub open_missing: u32,
    /// Points gained.
    pub gained: String,
    /// Points deducted.
    pub deducted: String,
    /// Total.
    pub total: String,
    /// How the deduction was computed.
    pub deduction: String,
    /// Rank change against the previous period ("—" without one).
    pub change: String,
}

/// Ranking table rows, with the rank change against `prev` where given.
pub fn rank_rows(ranking: &[Ranked], prev: Option<&[Ranked]>, s: &Scoring) -> Vec<RankRow> {
    let prev: std::collections::BTreeMap<&str, usize> = prev
        .unwrap_or(&[])
        .iter()
        .map(|r| (r.unit.as_str(), r.rank))
        .collect();
    ranking
        .iter()
        .map(|r| {
            let c = &r.components;
            let change = match prev.get(r.unit.as_str()) {
                None => "—".to_string(),
                Some(p) if *p > r.rank => format!("↑{}", p - r.rank),
                Some(p) if *p < r.rank => format!("↓{}", r.rank - p),
                Some(_) => "持平".to_string(),
            };
            RankRow {
                rank: r.rank,
                unit: r.unit.clone(),
                name: r.name.clone(),
                signed: c.signed,
                signed_money: yi(c.signed_wan),
                started: c.started,
                operating: c.operating,
                bonus_manufacturing: c.bonus_manufacturing,
                bonus_major: c.bonus_major,
                bonus: c.bonus_manufacturing + c.bonus_major,
                overdue: c.overdue,
                late: c.late,
                missing_reports: c.missing_reports,
                stale: c.stale,
                open_overdue: r.open.overdue,
                open_missing: r.open.missing_reports,
                gained: trim(r.gained, 2),
                deducted: trim(r.deducted, 2),
                total: trim(r.total, 2),
                deduction: deduction_note(c, s),
                change,
            }
        })
        .collect()
}

/// A date as official Chinese text: 2026年10月31日.
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

pub use crate::view::figures::{plain_subject, tidy};

/// Where a deadline stands, in plain Chinese: what is late, by how many working days,
/// and who must act.
pub fn plain_status(j: &Judged, ctx: &Context, unit_name: &str) -> String {
    let d = &j.deadline;
    let due = cn_date(d.due);
    let cal = &ctx.calendar;
    match j.status {
        Status::Overdue => format!(
            "应于{due}前完成，已超期{}个工作日，请{unit_name}尽快办结",
            cal.count_workdays(d.due, ctx.as_of)
        ),
        Status::DueSoon => format!(
            "应于{due}前完成，还剩{}个工作日，请{unit_name}按期办结",
            cal.count_workdays(ctx.as_of, d.due)
        ),
        Status::Late => {
            let done = d.done.unwrap_or(d.due);
            match cal.count_workdays(d.due, done) {
                0 => format!(
                    "应于{due}前完成，{}完成，晚于期限（期限后的节假日办结）",
                    cn_date(done)
                ),
                n => format!("应于{due}前完成，{}完成，超期{n}个工作日", cn_date(done)),
            }
        }
        Status::OnTime if d.rule == Rule::Report => "已按期报送".into(),
        Status::OnTime => format!(
            "应于{due}前完成，{}按期完成",
            cn_date(d.done.unwrap_or(d.due))
        ),
        Status::Open => format!("应于{due}前完成，尚未到期"),
    }
}

/// Chinese label of a deadline status.
pub fn status_label(s: Status) -> &'static str {
    match s {
        Status::OnTime => "按时完成",
        Status::Late => "逾期完成",
        Status::Overdue => "超期未完成",
        Status::DueSoon => "即将到期",
        Status::Open => "未到期",
    }
}

/// CSS class of a deadline status.
pub fn status_class(s: Status) -> &'static str {
    match s {
        Status::OnTime => "ok",
        Status::Late => "late",
        Status::Overdue => "red",
        Status::DueSoon => "yellow",
        Status::Open => "open",
    }
}

/// One row of a project table (ledger, unit pages, exports).
#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Landing unit id.
    pub unit: String,
    /// Landing unit name.
    pub unit_name: String,
    /// 招引单位 name.
    pub source_name: String,
    /// Category.
    pub category: String,
    /// Sector.
    pub sector: String,
    /// Tracking level label.
    pub tracking: &'static str,
    /// Investment (万元).
    pub investment_wan: f64,
    /// Investment, formatted for a 万元 column.
    pub investment: String,
    /// Land (亩).
    pub land_mu: f64,
    /// Land, formatted for a 亩 column ("—" for none).
    pub land: String,
    /// Stage label.
    pub stage: &'static str,
    /// Stage order (for sorting).
    pub stage_order: u8,
    /// Next deadline: rule label and due date.
    pub next_label: String,
    /// Next deadline's due date (ISO) or empty.
    pub next_due: String,
    /// Light.
    pub light: Light,
    /// Light label.
    pub light_label: &'static str,
    /// Investor.
    pub investor: String,
    /// Path of the project page from the site root.
    pub href: String,
    /// 增资: the id of the record this one increases (`expands`); such a record counts
    /// its investment in amounts but is never counted as a project.
    pub expands: Option<String>,
    /// 到位资金来源 of the record (`funds_origin`): 外资 / 省外内资 / 省内.
    pub funds_origin: Option<&'static str>,
}

/// Build a project row.
pub fn project_row(ledger: &Ledger, rec: &Record, state: &ProjectState) -> ProjectRow {
    let p = &rec.project;
    let unit_name = |id: &str| {
        ledger
            .unit(id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    };
    let next = state.next();
    let land = p.land();
    ProjectRow {
        id: rec.id().to_string(),
        name: p.name.get_ref().clone(),
        unit: p.unit.get_ref().clone(),
        unit_name: unit_name(p.unit.get_ref()),
        source_name: unit_name(p.source_unit()),
        category: p.category.get_ref().clone(),
        sector: p
            .sector
            .map(|s| sector_label(s).to_string())
            .unwrap_or_default(),
        tracking: tracking(&ledger.config, p).label(),
        investment_wan: *p.investment_wan.get_ref(),
        investment: wan(*p.investment_wan.get_ref()),
        land_mu: land,
        land: if land > 0.0 {
            trim(land, 3)
        } else {
            "—".into()
        },
        stage: state.stage.label(),
        stage_order: state.stage as u8,
        next_label: next
            .map(|j| format!("{} {}", j.deadline.rule.label(), j.deadline.due))
            .unwrap_or_default(),
        next_due: next.map(|j| j.deadline.due.to_string()).unwrap_or_default(),
        light: state.light,
        light_label: state.light.label(),
        investor: p.investor.clone().unwrap_or_default(),
        href: format!("projects/{}.html", rec.id()),
        expands: p.expands.as_ref().map(|e| e.get_ref().trim().to_string()),
        funds_origin: p.funds_origin.map(crate::model::FundsOrigin::label),
    }
}

/// Chinese sector name.
pub fn sector_label(s: crate::model::Sector) -> &'static str {
    use crate::model::Sector::*;
    match s {
        Industry => "产业转型",
        Infrastructure => "基础设施",
        Livelihood => "社会民生",
        Innovation => "科技创新",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_switches_to_yi_at_ten_thousand_wan() {
        assert_eq!(money(9_999.0), "9,999万元");
        assert_eq!(money(10_000.0), "1亿元");
        assert_eq!(money(72_000.0), "7.2亿元");
        assert_eq!(money(123_456.0), "12.35亿元");
        assert_eq!(money(0.0), "0元");
        assert_eq!(trim(-1234.5, 1), "-1,234.5");
    }

    #[test]
    fn money_columns_have_one_unit_fixed_decimals_and_a_dash_for_none() {
        assert_eq!(yi(9_000.0), "0.90");
        assert_eq!(yi(60_000.0), "6.00");
        assert_eq!(yi(1_822_200.0), "182.22");
        assert_eq!(yi(123_456_789.0), "12,345.68");
        assert_eq!(yi(0.0), "—");
        assert_eq!(wan(9_000.0), "9,000");
        assert_eq!(wan(0.0), "—");
        assert_eq!(wan(1_234_567.0), "1,234,567");
    }

    #[test]
    fn zero_money_is_never_0wan_or_negative() {
        assert_eq!(money(0.0), "0元");
        assert_eq!(money(-0.0), "0元");
        assert_eq!(trim(-0.0, 0), "0");
        assert_eq!(trim(-0.001, 2), "0");
        assert_eq!(money(9000.0), "9,000万元");
        assert_eq!(money(60000.0), "6亿元");
    }

    #[test]
    fn a_deduction_says_how_it_was_computed() {
        let s = Scoring::default();
        let c = Components {
            overdue: 2,
            ..Default::default()
        };
        assert_eq!(
            deduction_note(&c, &s),
            format!(
                "新增超期2项×{0}分={1}分",
                trim(s.overdue, 2),
                trim(2.0 * s.overdue, 2)
            )
        );
        let c = Components {
            overdue: 1,
            missing_reports: 2,
            ..Default::default()
        };
        assert!(deduction_note(&c, &s).contains("新增漏报月调度2次"));
        assert!(deduction_note(&c, &s).contains("共扣"));
        assert_eq!(deduction_note(&Components::default(), &s), "不扣分");
    }
}
