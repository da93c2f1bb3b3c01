//! One renderer per page kind. Each returns its output files.

pub mod bulletin;
pub mod dashboard;
pub mod exports;
pub mod ledger;
pub mod project;
pub mod rankings;
pub mod unit;

use super::SiteError;
use crate::view::figures::Item;
use serde::Serialize;

/// A list of red/yellow items grouped by the unit charged.
#[derive(Debug, Clone, Serialize)]
pub struct UnitItems {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// Its items.
    pub items: Vec<Item>,
}

/// Group items (already sorted by unit) by unit.
pub fn by_unit(items: &[Item]) -> Vec<UnitItems> {
    let mut out: Vec<UnitItems> = Vec::new();
    for it in items {
        match out.last_mut() {
            Some(g) if g.unit == it.unit => g.items.push(it.clone()),
            _ => out.push(UnitItems {
                unit: it.unit.clone(),
                unit_name: it.unit_name.clone(),
                items: vec![it.clone()],
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
