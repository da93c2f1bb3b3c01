//! One renderer per page kind. Each returns its output files.

pub mod assessment;
pub mod bulletin;
pub mod dashboard;
pub mod exports;
pub mod ledger;
pub mod performance;
pub mod project;
pub mod rankings;
pub mod tasks;
pub mod unit;

use super::SiteError;
use crate::view::figures::Item;
use serde::Serialize;

/// `404.html`: what GitHub Pages (and GitLab Pages) serve for an address that does not
/// exist — a mistyped or renamed project id — with the way back. Written at the top of
/// the site, so its links are right for a missing page there; deeper down the browser
/// resolves them against the missing page's folder.
pub fn not_found(site: &super::Site) -> Result<(), SiteError> {
    site.page(
        "404.html",
        "404.html",
        "页面不存在",
        "",
        tera::Context::new(),
    )
}

/// A list of red/yellow items grouped by the unit charged.
#[derive(Debug, Clone, Serialize)]
pub struct UnitItems<'a, 'i> {
    /// Unit id.
    pub unit: &'a str,
    /// Unit name.
    pub unit_name: &'a str,
    /// Its items.
    pub items: Vec<&'i Item<'a>>,
}

/// Group items (already sorted by unit) by unit.
pub fn by_unit<'a, 'i>(items: &'i [Item<'a>]) -> Vec<UnitItems<'a, 'i>> {
    let mut out: Vec<UnitItems> = Vec::new();
    for it in items {
        match out.last_mut() {
            Some(g) if g.unit == it.unit => g.items.push(it),
            _ => out.push(UnitItems {
                unit: it.unit,
                unit_name: it.unit_name,
                items: vec![it],
            }),
        }
    }
    out
}

/// Map a chart error to a site error naming the page.
pub fn chart<T>(r: Result<T, crate::charts::ChartError>, page: &str) -> Result<T, SiteError> {
    r.map_err(|e| SiteError::Chart {
        page: page.to_string(),
        message: e.0,
    })
}

/// Horizontal bars of the units' totals, in ranking order.
pub fn score_chart(
    title: &str,
    ranking: &[crate::view::scoring::Ranked],
    width: u32,
    page: &str,
) -> Result<String, SiteError> {
    let bars: Vec<crate::charts::Bar> = ranking
        .iter()
        .map(|r| crate::charts::Bar {
            label: r.name.clone(),
            value: r.total,
            note: format!("{}分", crate::site::model::trim(r.total, 2)),
        })
        .collect();
    chart(crate::charts::hbars(title, &bars, "得分", width), page)
}

/// Horizontal bars of projects by stage, each with its investment.
pub fn stage_chart(
    title: &str,
    stages: &[crate::view::figures::StageRow],
    width: u32,
    page: &str,
) -> Result<String, SiteError> {
    let bars: Vec<crate::charts::Bar> = stages
        .iter()
        .map(|s| crate::charts::Bar {
            label: s.stage.to_string(),
            value: s.count as f64,
            note: format!(
                "{}个 · {}",
                s.count,
                crate::site::model::money(s.investment_wan)
            ),
        })
        .collect();
    chart(
        crate::charts::hbars(title, &bars, "项目数（个）", width),
        page,
    )
}

/// One row of a 到位资金-by-origin table, formatted for its money columns.
#[derive(Debug, Clone, Serialize)]
pub struct FundsRow {
    /// 外资 / 省外内资 / 省内 / 未注明 / 合计.
    pub origin: &'static str,
    /// Year to date.
    pub ytd: String,
    /// Cumulative.
    pub cumulative: String,
}

/// The rows of a 到位资金-by-origin table (four origins, then 合计): in 亿元 with two
/// decimals for a unit's or the county's sums (`yi`), in whole 万元 for one project, as
/// every money column (docs/conventions.md).
pub fn funds_rows(t: &crate::view::funds::Totals, yi: bool) -> Vec<FundsRow> {
    let fmt = if yi {
        crate::site::model::yi
    } else {
        crate::site::model::wan
    };
    crate::view::funds::rows(t)
        .into_iter()
        .map(|r| FundsRow {
            origin: r.origin,
            ytd: fmt(r.ytd_wan),
            cumulative: fmt(r.cumulative_wan),
        })
        .collect()
}
