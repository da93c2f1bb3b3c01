//! Shared page models: plain strings and numbers, formatted once here so templates
//! only lay them out.

use crate::derive::tracking;
use crate::load::{Ledger, Record};
use crate::rules::deadlines::Status;
use crate::view::{Light, ProjectState};
use serde::Serialize;

/// Format 万元: shown as 亿元 from 1亿 (10000万) up.
pub fn money(wan: f64) -> String {
    if wan.abs() >= 10_000.0 {
        format!("{}亿元", trim(wan / 10_000.0, 2))
    } else {
        format!("{}万元", trim(wan, 0))
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
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(a, b)| (a, Some(b)));
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
    /// Investment, formatted.
    pub investment: String,
    /// Land (亩).
    pub land_mu: f64,
    /// Land, formatted ("—" for none).
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
        investment: money(*p.investment_wan.get_ref()),
        land_mu: land,
        land: if land > 0.0 {
            format!("{}亩", trim(land, 2))
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
        assert_eq!(money(0.0), "0万元");
        assert_eq!(trim(-1234.5, 1), "-1,234.5");
    }
}
