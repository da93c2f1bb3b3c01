//! tongbao: checks a county's investment-promotion project ledger (招商引资项目台账)
//! and builds its static site.
//!
//! Data flows one way: [`load`] (read + parse) → [`rules`] (validate and judge
//! deadlines as of a date) → [`report`] (print findings). Everything but
//! [`load::read_dir`] and the printers is pure and tested without files.

pub mod calendar;
pub mod charts;
pub mod codeowners;
pub mod config;
pub mod derive;
pub mod editorial;
pub mod findings;
pub mod import;
pub mod load;
pub mod model;
pub mod parse;
pub mod report;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod source;
pub mod view;

use chrono::NaiveDate;
use findings::Finding;
use load::{Ledger, RawData};

/// The result of checking a ledger.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The parsed ledger (files that failed to parse are left out).
    pub ledger: Ledger,
    /// The as-of date used.
    pub as_of: NaiveDate,
    /// All findings, sorted as the contract says.
    pub findings: Vec<Finding>,
}

/// The as-of date: the explicit one, else config `as_of`, else today in Asia/Shanghai.
pub fn resolve_as_of(explicit: Option<NaiveDate>, ledger: &Ledger) -> NaiveDate {
    explicit
        .or(ledger.config.as_of.map(|d| d.0))
        .unwrap_or_else(today_shanghai)
}

/// Today's date in Asia/Shanghai (UTC+8, no daylight saving).
pub fn today_shanghai() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Parse and check raw data as of a date (or the config/today default).
pub fn check(raw: &RawData, as_of: Option<NaiveDate>) -> Checked {
    let (ledger, mut findings) = Ledger::parse(raw);
    let as_of = resolve_as_of(as_of, &ledger);
    let ctx = rules::Context::new(&ledger.config, as_of);
    findings.extend(rules::check_ledger(&ledger, &ctx));
    let owners = raw
        .codeowners
        .as_ref()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
    findings.extend(codeowners::check(&ledger, owners.as_deref()));
    Finding::sort_all(&mut findings);
    Checked {
        ledger,
        as_of,
        findings,
    }
}
