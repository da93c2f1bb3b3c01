//! 到位资金 by origin (外资 / 省外内资 / 省内 / 未注明) [磐安 四(三)：利用外资、省外内资、
//! 制造业项目到位资金], and the 增资 (`expands`) counting convention.
//!
//! Pure: every sum takes a `cutoff` date and counts only the monthly reports of months
//! up to the cutoff's month that were there by the cutoff (a report with `submitted`
//! counts from that day), so a past month's page never changes when later reports are
//! added. A report's origin is its own `origin`, else the project's `funds_origin`
//! ([`crate::model::Report::origin_in`]); neither → 未注明.
//!
//! Each report counts for the landing unit (and the 招引单位) the project had at the
//! end of the report's month (`[[transfers]]`). A project is *manufacturing* when its
//! category is in config `[approval] industrial` — the same class that earns the
//! 7亿元 manufacturing bonus in 比拼 ([`crate::rules::approval::class_of`]).

use super::Month;
use crate::config::Config;
use crate::load::Ledger;
use crate::model::{FundsOrigin, Project};
use crate::rules::approval::{Class, class_of};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// Whether a record is a 增资 (capital increase of another record): it counts its
/// `investment_wan` in amounts (签约额) but never as a project in counts.
pub fn is_expansion(p: &Project) -> bool {
    p.expands.is_some()
}

/// Whether a project counts as a manufacturing project (制造业项目): its category is in
/// config `[approval] industrial`.
pub fn is_manufacturing(cfg: &Config, p: &Project) -> bool {
    class_of(cfg, p.category.get_ref()) == Class::Industrial
}

/// 到位资金 split by origin (万元).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct OriginTotals {
    /// 外资.
    pub foreign: f64,
    /// 省外内资.
    pub out_of_province: f64,
    /// 省内.
    pub in_province: f64,
    /// 未注明 (neither the report nor the project says).
    pub unstated: f64,
}

impl OriginTotals {
    /// Add an amount under an origin (`None` = 未注明).
    pub fn add(&mut self, origin: Option<FundsOrigin>, wan: f64) {
        match origin {
            Some(FundsOrigin::Foreign) => self.foreign += wan,
            Some(FundsOrigin::OutOfProvince) => self.out_of_province += wan,
            Some(FundsOrigin::InProvince) => self.in_province += wan,
            None => self.unstated += wan,
        }
    }
    /// The amount under one origin (`None` = 未注明).
    pub fn get(&self, origin: Option<FundsOrigin>) -> f64 {
        match origin {
            Some(FundsOrigin::Foreign) => self.foreign,
            Some(FundsOrigin::OutOfProvince) => self.out_of_province,
            Some(FundsOrigin::InProvince) => self.in_province,
            None => self.unstated,
        }
    }
    /// All origins together.
    pub fn total(&self) -> f64 {
        self.foreign + self.out_of_province + self.in_province + self.unstated
    }
    /// Add another set of totals.
    pub fn merge(&mut self, o: &OriginTotals) {
        self.foreign += o.foreign;
        self.out_of_province += o.out_of_province;
        self.in_province += o.in_province;
        self.unstated += o.unstated;
    }
}

/// The origins in display order, `None` (未注明) last.
pub const ORIGINS: [Option<FundsOrigin>; 4] = [
    Some(FundsOrigin::Foreign),
    Some(FundsOrigin::OutOfProvince),
    Some(FundsOrigin::InProvince),
    None,
];

/// Chinese label of an origin (`None` = 未注明).
pub fn origin_label(o: Option<FundsOrigin>) -> &'static str {
    o.map_or("未注明", FundsOrigin::label)
}

/// Year to date (the cutoff's year, months up to the cutoff's month) and cumulative
/// (every month up to the cutoff's month).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    /// 本年累计.
    pub ytd: OriginTotals,
    /// 开始以来累计.
    pub cumulative: OriginTotals,
}

impl Totals {
    fn add(&mut self, month: Month, cutoff: NaiveDate, origin: Option<FundsOrigin>, wan: f64) {
        self.cumulative.add(origin, wan);
        if month.year == cutoff.year() {
            self.ytd.add(origin, wan);
        }
    }
    /// Add another set of totals.
    pub fn merge(&mut self, o: &Totals) {
        self.ytd.merge(&o.ytd);
        self.cumulative.merge(&o.cumulative);
    }
}

/// One report's 到位资金 as counted as of a cutoff.
#[derive(Debug, Clone, Copy)]
pub struct FundsEntry<'a> {
    /// The record.
    pub project: &'a Project,
    /// The report's month.
    pub month: Month,
    /// Landing unit at the end of the month.
    pub unit: &'a str,
    /// 招引单位 at the end of the month (the landing unit when none is written).
    pub source: &'a str,
    /// Origin (`None` = 未注明).
    pub origin: Option<FundsOrigin>,
    /// 万元 (`invested_wan`; a report without it is left out).
    pub wan: f64,
}

/// A project's reports that count as of `cutoff`: month valid and not after the
/// cutoff's month, known by the cutoff (`submitted` on or before it, or not dated),
/// with an `invested_wan`. In the order written.
pub fn project_entries(p: &Project, cutoff: NaiveDate) -> impl Iterator<Item = FundsEntry<'_>> {
    let last = Month::of(cutoff);
    p.reports.iter().filter_map(move |r| {
        let (year, month) = r.ym()?;
        let m = Month { year, month };
        let wan = r.invested_wan?;
        let known = r.submitted.as_ref().is_none_or(|s| s.get_ref().0 <= cutoff);
        (m <= last && known).then(|| {
            let end = m.last();
            FundsEntry {
                project: p,
                month: m,
                unit: p.unit_on(end),
                source: p.source_on(end),
                origin: r.origin_in(p),
                wan,
            }
        })
    })
}

/// One project's 到位资金 by origin as of `cutoff` (the project page).
pub fn project_totals(p: &Project, cutoff: NaiveDate) -> Totals {
    let mut t = Totals::default();
    for e in project_entries(p, cutoff) {
        t.add(e.month, cutoff, e.origin, e.wan);
    }
    t
}

/// The key of [`by_unit_month`]: one landing unit, calendar month, origin and whether
/// the project is manufacturing.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FundsKey {
    /// Landing unit id at the end of the month.
    pub unit: String,
    /// The report's month.
    pub month: Month,
    /// Origin (`None` = 未注明).
    pub origin: Option<FundsOrigin>,
    /// Category in config `[approval] industrial` ([`is_manufacturing`]).
    pub manufacturing: bool,
}

/// Every record's 到位资金 as of `cutoff`, summed per landing unit, calendar month,
/// origin and manufacturing (万元). This is the one table the assessment indicators
/// read: 利用外资 = origin 外资, 省外内资 = origin 省外内资, 制造业项目到位资金 =
/// `manufacturing`; sum the months of a year (or up to a month) as needed. Only keys
/// with reports appear. A 增资 record's reports count like any other (its money did
/// arrive).
pub fn by_unit_month(ledger: &Ledger, cutoff: NaiveDate) -> BTreeMap<FundsKey, f64> {
    let mut out = BTreeMap::new();
    for rec in &ledger.records {
        let p = &rec.project;
        let manufacturing = is_manufacturing(&ledger.config, p);
        for e in project_entries(p, cutoff) {
            *out.entry(FundsKey {
                unit: e.unit.to_string(),
                month: e.month,
                origin: e.origin,
                manufacturing,
            })
            .or_insert(0.0) += e.wan;
        }
    }
    out
}

/// Year-to-date and cumulative totals per landing unit as of `cutoff` (unit pages).
/// Every unit of the ledger appears, with zeros when it has no reports.
pub fn unit_totals(ledger: &Ledger, cutoff: NaiveDate) -> BTreeMap<String, Totals> {
    let mut out: BTreeMap<String, Totals> = ledger
        .units
        .iter()
        .map(|u| (u.id.get_ref().clone(), Totals::default()))
        .collect();
    for (k, wan) in by_unit_month(ledger, cutoff) {
        out.entry(k.unit)
            .or_default()
            .add(k.month, cutoff, k.origin, wan);
    }
    out
}

/// The county's year-to-date and cumulative totals as of `cutoff` (dashboard).
pub fn county_totals(ledger: &Ledger, cutoff: NaiveDate) -> Totals {
    let mut t = Totals::default();
    for rec in &ledger.records {
        t.merge(&project_totals(&rec.project, cutoff));
    }
    t
}

/// One row of a by-origin table for templates: origin label, year to date and
/// cumulative, as 万元 column strings.
#[derive(Debug, Clone, Serialize)]
pub struct OriginRow {
    /// 外资 / 省外内资 / 省内 / 未注明 / 合计.
    pub origin: &'static str,
    /// Year to date (万元), raw.
    pub ytd_wan: f64,
    /// Cumulative (万元), raw.
    pub cumulative_wan: f64,
}

/// The rows of a by-origin table: the four origins then 合计.
pub fn rows(t: &Totals) -> Vec<OriginRow> {
    ORIGINS
        .iter()
        .map(|o| OriginRow {
            origin: origin_label(*o),
            ytd_wan: t.ytd.get(*o),
            cumulative_wan: t.cumulative.get(*o),
        })
        .chain(std::iter::once(OriginRow {
            origin: "合计",
            ytd_wan: t.ytd.total(),
            cumulative_wan: t.cumulative.total(),
        }))
        .collect()
}

/// Where a record's running 到位资金 first exceeds its investment: the month, the
/// running sum and the limit (the record's own `investment_wan`; for a 增资 that is
/// the increment), and the index of the report in `reports`. Reports are taken in
/// month order (invalid months left out); exactly equal is fine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Overrun {
    /// Index into `Project::reports` of the first report over the limit.
    pub report: usize,
    /// Its month.
    pub month: Month,
    /// The running sum up to and including it (万元).
    pub running_wan: f64,
    /// The limit (万元).
    pub investment_wan: f64,
}

/// The first month in which a project's cumulative 到位资金 exceeds its
/// `investment_wan`, if any. Amounts are compared after rounding to 0.0001 万元 (1 元)
/// so that decimal sums like 0.1 + 0.2 do not overrun by a rounding error.
pub fn overrun(p: &Project) -> Option<Overrun> {
    let limit = *p.investment_wan.get_ref();
    let mut reports: Vec<(Month, usize, f64)> = p
        .reports
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let (year, month) = r.ym()?;
            Some((Month { year, month }, i, r.invested_wan.unwrap_or(0.0)))
        })
        .collect();
    reports.sort_by_key(|(m, i, _)| (*m, *i));
    let round = |x: f64| (x * 10_000.0).round();
    let mut running = 0.0;
    for (month, report, wan) in reports {
        running += wan;
        if round(running) > round(limit) {
            return Some(Overrun {
                report,
                month,
                running_wan: running,
                investment_wan: limit,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Ledger, RawData, RawFile};

    fn ledger(projects: &[(&str, &str)]) -> Ledger {
        let units = "[[unit]]\nid = \"a\"\nname = \"甲镇\"\nkind = \"乡镇\"\n\n[[unit]]\nid = \"b\"\nname = \"乙镇\"\nkind = \"乡镇\"\n";
        let raw = RawData {
            config: None,
            units: Some(RawFile {
                path: "data/units.toml".into(),
                bytes: units.as_bytes().to_vec(),
            }),
            projects: projects
                .iter()
                .map(|(path, text)| RawFile {
                    path: (*path).into(),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect(),
            ..Default::default()
        };
        let (l, f) = Ledger::parse(&raw);
        assert!(f.is_empty(), "{f:?}");
        l
    }

    fn record(id: &str, unit: &str, category: &str, inv: f64, extra: &str) -> String {
        format!(
            "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"{category}\"\nunit = \"{unit}\"\ninvestment_wan = {inv}\n{extra}"
        )
    }

    fn date(s: &str) -> NaiveDate {
        crate::model::parse_iso_date(s).expect("date")
    }

    const REPORTS: &str = "funds_origin = \"外资\"\n\
[[reports]]\nmonth = \"2025-12\"\ninvested_wan = 100\n\
[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 200\norigin = \"省内\"\n\
[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 300\n\
[[reports]]\nmonth = \"2026-03\"\ninvested_wan = 400\nsubmitted = 2026-04-10\n";

    #[test]
    fn project_totals_split_by_origin_and_respect_the_cutoff() {
        let l = ledger(&[(
            "data/projects/a/1.toml",
            &record("1", "a", "工业", 5000.0, REPORTS),
        )]);
        let p = &l.records[0].project;
        // As of 2026-03-31 the March report (submitted 04-10) is not there yet.
        let t = project_totals(p, date("2026-03-31"));
        assert_eq!(t.cumulative.foreign, 400.0);
        assert_eq!(t.cumulative.in_province, 200.0);
        assert_eq!(t.cumulative.total(), 600.0);
        assert_eq!(t.ytd.foreign, 300.0, "2025-12 is not this year");
        assert_eq!(t.ytd.total(), 500.0);
        // A past month (January) counts only months up to January.
        let t = project_totals(p, date("2026-01-31"));
        assert_eq!(t.cumulative.total(), 300.0);
        assert_eq!(t.ytd.total(), 200.0);
        // Later, everything.
        let t = project_totals(p, date("2026-04-30"));
        assert_eq!(t.cumulative.total(), 1000.0);
        assert_eq!(t.cumulative.foreign, 800.0);
    }

    #[test]
    fn unstated_origin_is_its_own_column() {
        let l = ledger(&[(
            "data/projects/a/1.toml",
            &record(
                "1",
                "a",
                "商业",
                5000.0,
                "[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 70\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 30\norigin = \"省外内资\"\n",
            ),
        )]);
        let t = project_totals(&l.records[0].project, date("2026-02-28"));
        assert_eq!(t.cumulative.unstated, 70.0);
        assert_eq!(t.cumulative.out_of_province, 30.0);
        let r = rows(&t);
        assert_eq!(
            r.iter().map(|r| r.origin).collect::<Vec<_>>(),
            ["外资", "省外内资", "省内", "未注明", "合计"]
        );
        assert_eq!(r[4].cumulative_wan, 100.0);
    }

    #[test]
    fn by_unit_month_keys_unit_month_origin_and_manufacturing() {
        let l = ledger(&[
            (
                "data/projects/a/1.toml",
                &record("1", "a", "工业", 5000.0, REPORTS),
            ),
            (
                "data/projects/b/2.toml",
                &record(
                    "2",
                    "b",
                    "商业",
                    900.0,
                    "funds_origin = \"外资\"\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 50\n",
                ),
            ),
        ]);
        let t = by_unit_month(&l, date("2026-04-30"));
        let feb = Month {
            year: 2026,
            month: 2,
        };
        let key = |unit: &str, origin, manufacturing| FundsKey {
            unit: unit.into(),
            month: feb,
            origin,
            manufacturing,
        };
        assert_eq!(t[&key("a", Some(FundsOrigin::Foreign), true)], 300.0);
        assert_eq!(t[&key("b", Some(FundsOrigin::Foreign), false)], 50.0);
        assert_eq!(t.len(), 5);
        let u = unit_totals(&l, date("2026-04-30"));
        assert_eq!(u["a"].cumulative.total(), 1000.0);
        assert_eq!(u["b"].ytd.foreign, 50.0);
        let c = county_totals(&l, date("2026-04-30"));
        assert_eq!(c.cumulative.total(), 1050.0);
        assert_eq!(c.ytd.foreign, 50.0 + 300.0 + 400.0);
    }

    #[test]
    fn a_transferred_project_counts_for_the_unit_of_each_month() {
        let l = ledger(&[(
            "data/projects/b/1.toml",
            &record(
                "1",
                "b",
                "工业",
                5000.0,
                "[[transfers]]\nfrom = \"a\"\non = 2026-02-15\n[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 10\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 20\n",
            ),
        )]);
        let u = unit_totals(&l, date("2026-03-31"));
        assert_eq!(u["a"].cumulative.total(), 10.0);
        assert_eq!(u["b"].cumulative.total(), 20.0);
    }

    #[test]
    fn overrun_names_the_first_month_over_and_allows_equal() {
        let mk = |inv: f64| {
            ledger(&[(
                "data/projects/a/1.toml",
                &record(
                    "1",
                    "a",
                    "工业",
                    inv,
                    // Written out of order: the check sums in month order.
                    "[[reports]]\nmonth = \"2026-03\"\ninvested_wan = 0.3\n[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 0.1\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 0.2\n",
                ),
            )])
        };
        assert_eq!(overrun(&mk(0.6).records[0].project), None, "equal");
        assert_eq!(overrun(&mk(1.0).records[0].project), None, "under");
        let o = overrun(&mk(0.4).records[0].project).expect("over");
        assert_eq!(
            o.month,
            Month {
                year: 2026,
                month: 3
            }
        );
        assert_eq!(o.report, 0);
        let o = overrun(&mk(0.2).records[0].project).expect("over");
        assert_eq!(o.month.month, 2);
        assert_eq!(o.report, 2);
    }
}
