//! 项目台账: every project in one table, sortable and filterable by a small script of
//! our own (`static/ledger.js`); without JavaScript the full table still reads well.

use crate::derive::Stage;
use crate::site::model::{trim, wan};
use crate::site::{Site, SiteError};
use crate::view::Light;
use crate::view::figures::FUNNEL;
use serde::Serialize;

#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
}

/// Render `projects/index.html`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let units: Vec<Opt> = ledger
        .units
        .iter()
        .filter(|u| site.rows.iter().any(|r| r.unit == *u.id.get_ref()))
        .map(|u| Opt {
            value: u.id.get_ref().clone(),
            label: u.name.clone(),
        })
        .collect();
    let stages: Vec<Opt> = FUNNEL
        .iter()
        .chain(std::iter::once(&Stage::Terminated))
        .map(|s| Opt {
            value: s.label().into(),
            label: s.label().into(),
        })
        .collect();
    let categories: Vec<Opt> = ledger
        .config
        .categories
        .iter()
        .map(|c| Opt {
            value: c.clone(),
            label: c.clone(),
        })
        .collect();
    // The total row: projects not terminated (JavaScript recomputes it for a filter).
    let live: Vec<_> = site
        .rows
        .iter()
        .filter(|r| r.light != Light::Terminated)
        .collect();
    let mut c = tera::Context::new();
    c.insert("live_count", &live.len());
    c.insert(
        "live_investment",
        &wan(live.iter().map(|r| r.investment_wan).sum()),
    );
    c.insert("live_land", &trim(live.iter().map(|r| r.land_mu).sum(), 2));
    c.insert("rows", &site.rows);
    c.insert("units", &units);
    c.insert("stages", &stages);
    c.insert("categories", &categories);
    site.page(
        "ledger.html",
        "projects/index.html",
        "项目台账",
        "projects",
        c,
    )
}
