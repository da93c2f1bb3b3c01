//! 排名: this year's ranking of ranked units (区块/乡镇) with every score component,
//! and a separate timeliness table of 部门 (their overdue and late counts).

use super::score_chart;
use crate::model::UnitKind;
use crate::site::model::{money, rank_rows, trim};
use crate::site::{Site, SiteError};
use crate::view::Period;
use crate::view::figures;
use crate::view::history::year_components;
use crate::view::scoring::{open_items, rank, with_open};
use chrono::Datelike;
use serde::Serialize;

#[derive(Serialize)]
struct Dept {
    unit: String,
    name: String,
    open_overdue: usize,
    overdue: u32,
    late: u32,
    duties: usize,
    on_time_rate: String,
    /// 一票否决 (`[assessment] veto_overdue`) [古县 第十二条].
    veto: bool,
}

/// A unit's bonuses, each with its project.
#[derive(Serialize)]
struct BonusLine {
    unit: String,
    name: String,
    items: Vec<BonusItem>,
}

#[derive(Serialize)]
struct BonusItem {
    id: String,
    name: String,
    what: String,
    on: String,
    points: String,
}

/// Render `rankings.html`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let s = &ledger.config.scoring;
    let as_of = site.ctx.as_of;
    let ytd = Period::year_to_date(as_of);
    let comps = year_components(ledger, &site.months, as_of.year());
    let (red, _) = figures::lights(ledger, &site.current, &site.ctx.calendar);
    let mut ranking = rank(ledger, &comps);
    with_open(&mut ranking, &open_items(&red));
    let rows = rank_rows(&ranking, None, s);
    // Each bonus with the project that earned it [磐安 一(四)].
    let earned = crate::view::scoring::bonus_projects(ledger, ytd);
    let bonus_lines: Vec<BonusLine> = ranking
        .iter()
        .filter_map(|r| {
            let list = earned.get(r.unit.as_str())?;
            Some(BonusLine {
                unit: r.unit.clone(),
                name: r.name.clone(),
                items: list
                    .iter()
                    .map(|e| BonusItem {
                        id: e.project.id.get_ref().clone(),
                        name: e.project.name.get_ref().clone(),
                        what: e.bonus.label(s),
                        on: e.on.to_string(),
                        points: trim(e.bonus.points(s), 2),
                    })
                    .collect(),
            })
        })
        .collect();
    let svg = score_chart(
        &format!("{}年比拼得分", as_of.year()),
        &ranking,
        760,
        "排名",
    )?;

    let mut depts: Vec<Dept> = ledger
        .units
        .iter()
        .filter(|u| u.kind == UnitKind::Department)
        .map(|u| {
            let id = u.id.get_ref();
            let t = figures::timeliness(&site.current, id, ytd);
            let c = comps.get(id).cloned().unwrap_or_default();
            Dept {
                unit: id.clone(),
                name: u.name.clone(),
                open_overdue: t.open_overdue,
                overdue: c.overdue,
                late: c.late,
                duties: t.duties,
                on_time_rate: t.rate(),
                veto: crate::view::targets::vetoed(ledger, u, c.overdue),
            }
        })
        .collect();
    // Most overdue first; ties keep units.toml order.
    depts.sort_by(|a, b| {
        (b.open_overdue, b.overdue, b.late).cmp(&(a.open_overdue, a.overdue, a.late))
    });

    let units: Vec<(String, String, &str)> = ledger
        .units
        .iter()
        .map(|u| (u.id.get_ref().clone(), u.name.clone(), u.kind.label()))
        .collect();
    let mut c = tera::Context::new();
    c.insert("units", &units);
    c.insert("year", &as_of.year());
    c.insert("ranking", &rows);
    c.insert("bonus_lines", &bonus_lines);
    c.insert("bonus_at", s.bonus_at.label());
    // The county's own rule text, never another county's document.
    let basis = s
        .basis
        .clone()
        .or_else(|| ledger.config.rules.names.default.clone())
        .unwrap_or_else(|| "本县招商引资比拼有关规定".into());
    c.insert("basis", &basis);
    c.insert("score_svg", &svg);
    c.insert("depts", &depts);
    c.insert("scoring", &serde_json::json!({
        "signed": trim(s.signed, 2), "started": trim(s.started, 2), "operating": trim(s.operating, 2),
        "per_yi_signed": trim(s.per_yi_signed, 2), "bonus_manufacturing": trim(s.bonus_manufacturing, 2),
        "manufacturing_min": money(s.manufacturing_min_wan), "bonus_major": trim(s.bonus_major, 2),
        "major_min": money(s.major_min_wan), "overdue": trim(s.overdue, 2), "late": trim(s.late, 2),
        "missing_report": trim(s.missing_report, 2),
        "stale": trim(s.stale, 2), "stale_days": ledger.config.rules.stale_days,
        "industry_categories": s.industry_categories.join("、"),
        "shortfall_manufacturing": trim(s.shortfall_manufacturing, 2),
        "shortfall_major": trim(s.shortfall_major, 2),
    }));
    // 分类考核: targets, done and 完成率 of the year [磐安 四(三)].
    let (done, through) = super::assessment::year_done(site, as_of.year());
    let targets = crate::view::targets::table(ledger, as_of.year(), &done, through);
    c.insert("headers", &super::assessment::headers(site));
    c.insert("targets", &super::assessment::rows(&targets));
    c.insert("veto_overdue", &ledger.config.assessment.veto_overdue);
    site.page("rankings.html", "rankings.html", "排名", "rankings", c)
}
