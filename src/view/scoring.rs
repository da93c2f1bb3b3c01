//! 比拼 scoring of a period [磐安 一(四), 四(三); 谯城 九]: every component is kept so
//! a ranking table can show why a unit ranks where it does.
//!
//! A period is scored month by month: each month is judged from what was known at its
//! last day (the as-of date for the current month), and a quarter or a year is the sum
//! of its months. A deadline is charged once, in the month in which it becomes overdue
//! (the day after its due date): still not done at that month's end → overdue (or a
//! missing report), done within that month but after its due date → late, on time →
//! nothing. So a report due on a month's last working day is charged in the next month,
//! and the months add up to the quarter and the year for every component.
//! A project whose record is stale (不及时更新) at a month's end is charged in that month.

use super::figures::Item;
use super::{Month, Period, Snapshot, is_report, months, snapshot};
use crate::config::{BonusAt, Scoring};
use crate::load::Ledger;
use crate::rules::Context;
use crate::rules::approval::{Class, class_of};
use crate::rules::deadlines::Status;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Counts behind a unit's score in one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Components {
    /// Projects signed.
    pub signed: u32,
    /// Investment signed (万元).
    pub signed_wan: f64,
    /// Projects started.
    pub started: u32,
    /// Projects put into operation.
    pub operating: u32,
    /// Manufacturing projects over the bonus threshold landed (started; or signed, by
    /// `[scoring] bonus_at`).
    pub bonus_manufacturing: u32,
    /// Other major 产业项目 (`[scoring] industry_categories`) over the bonus threshold
    /// landed (started; or signed, by `[scoring] bonus_at`).
    pub bonus_major: u32,
    /// 7亿元 manufacturing projects the unit fell short of its year's target by,
    /// charged in December (加扣分).
    pub short_manufacturing: u32,
    /// 3亿元 产业项目 the unit fell short of its year's target by, charged in December.
    pub short_major: u32,
    /// Deadlines (other than reports) that became overdue in the period and were
    /// still not done at the end of that month (新增超期).
    pub overdue: u32,
    /// Deadlines that became overdue in the period and were done within that month,
    /// after their due date (逾期完成).
    pub late: u32,
    /// Monthly reports that became overdue in the period and were missing at the end
    /// of that month (新增漏报).
    pub missing_reports: u32,
    /// Projects under way whose record was stale (不及时更新, `rules::stale`) at the end
    /// of a month of the period: charged once per project and month, so a quarter
    /// charges a project left stale at three month-ends three times.
    pub stale: u32,
}

impl AddAssign<&Components> for Components {
    fn add_assign(&mut self, o: &Components) {
        self.signed += o.signed;
        self.signed_wan += o.signed_wan;
        self.started += o.started;
        self.operating += o.operating;
        self.bonus_manufacturing += o.bonus_manufacturing;
        self.bonus_major += o.bonus_major;
        self.short_manufacturing += o.short_manufacturing;
        self.short_major += o.short_major;
        self.overdue += o.overdue;
        self.late += o.late;
        self.missing_reports += o.missing_reports;
        self.stale += o.stale;
    }
}

/// Items still overdue at a period's end, per unit (what the red list names).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OpenItems {
    /// Overdue deadlines other than reports.
    pub overdue: u32,
    /// Missing monthly reports.
    pub missing_reports: u32,
}

/// Count the red list's items per unit charged.
pub fn open_items(red: &[Item]) -> BTreeMap<String, OpenItems> {
    let mut out: BTreeMap<String, OpenItems> = BTreeMap::new();
    for i in red {
        let o = out.entry(i.unit.to_string()).or_default();
        if i.rule == crate::findings::Rule::Report {
            o.missing_reports += 1;
        } else {
            o.overdue += 1;
        }
    }
    out
}

impl Components {
    /// Points gained.
    pub fn gained(&self, s: &Scoring) -> f64 {
        self.signed as f64 * s.signed
            + self.signed_wan / 10_000.0 * s.per_yi_signed
            + self.started as f64 * s.started
            + self.operating as f64 * s.operating
            + self.bonus_manufacturing as f64 * s.bonus_manufacturing
            + self.bonus_major as f64 * s.bonus_major
    }
    /// Points deducted (positive number).
    pub fn deducted(&self, s: &Scoring) -> f64 {
        self.overdue as f64 * s.overdue
            + self.late as f64 * s.late
            + self.missing_reports as f64 * s.missing_report
            + self.short_manufacturing as f64 * s.shortfall_manufacturing
            + self.short_major as f64 * s.shortfall_major
            + self.stale as f64 * s.stale
    }
    /// Total score, rounded to 0.01.
    pub fn total(&self, s: &Scoring) -> f64 {
        ((self.gained(s) - self.deducted(s)) * 100.0).round() / 100.0
    }
}

/// Components of every unit for one month (or the part of it up to the as-of date),
/// from a snapshot taken at `period.end`. `period` must lie within one month: for
/// longer periods use [`period_components`], which adds months up.
pub fn month_components(
    ledger: &Ledger,
    snap: &Snapshot,
    period: Period,
) -> BTreeMap<String, Components> {
    let cfg = &ledger.config;
    let s = &cfg.scoring;
    let mut out: BTreeMap<String, Components> = ledger
        .units
        .iter()
        .map(|u| (u.id.get_ref().clone(), Components::default()))
        .collect();
    for item in &snap.items {
        let p = item.project;
        // 不及时更新: judged at the snapshot's date (the month's end, or as-of).
        if let Some(rec) = ledger.records.get(item.index)
            && crate::rules::stale::stale(ledger, rec, snap.as_of).is_some()
            && let Some(c) = out.get_mut(snap.unit_of(p))
        {
            c.stale += 1;
        }
        let terminated = snap.known(&p.dates.terminated).is_some();
        // A past month credits the units of then (`[[transfers]]`).
        let landed = snap.unit_of(p);
        let mut credited = vec![landed];
        let src = snap.source_of(p);
        if src != landed {
            credited.push(src);
        }
        let inv = *p.investment_wan.get_ref();
        // A 增资 (`expands`) earns its increment in 签约额 only: it is not a new
        // project, so no signing, start, operation or bonus count.
        let expansion = super::funds::is_expansion(p);
        let within = |d: &crate::model::SDate| snap.known(d).is_some_and(|x| period.contains(x));
        for u in &credited {
            let Some(c) = out.get_mut(*u) else { continue };
            if within(&p.dates.signed) && !terminated {
                c.signed_wan += inv;
                if !expansion {
                    c.signed += 1;
                }
            }
            if within(bonus_date(s, p)) && !terminated {
                match bonus_of(cfg, p) {
                    Some(Bonus::Manufacturing) => c.bonus_manufacturing += 1,
                    Some(Bonus::Major) => c.bonus_major += 1,
                    None => {}
                }
            }
            if within(&p.dates.started) && !expansion {
                c.started += 1;
            }
            if within(&p.dates.operating) && !expansion {
                c.operating += 1;
            }
        }
        for j in &item.state.deadlines {
            // Charged in the month in which it becomes overdue: the day after it is due.
            let Some(overdue_from) = j.deadline.due.succ_opt() else {
                continue;
            };
            if !period.contains(overdue_from) {
                continue;
            }
            let Some(c) = out.get_mut(j.deadline.unit) else {
                continue;
            };
            match j.status {
                Status::Overdue if is_report(j.deadline.rule) => c.missing_reports += 1,
                Status::Overdue => c.overdue += 1,
                Status::Late => c.late += 1,
                _ => {}
            }
        }
    }
    // 加扣分: a year's targets fall due with the year; the shortfall is charged in its
    // last month, once December is over.
    let end = period.end;
    if end.month() == 12 && end.day() == 31 {
        shortfall(ledger, end, &mut out);
    }
    out
}

/// Charge each unit with a 7亿元 / 3亿元 target in `data/targets/<year>.toml` for every
/// project it is short of at the year's end `end` (what counts as done:
/// [`super::targets::done`], the 分类考核 table's own figures).
fn shortfall(ledger: &Ledger, end: NaiveDate, out: &mut BTreeMap<String, Components>) {
    use crate::targets::Indicator;
    let year = end.year();
    let Some(file) = crate::targets::for_year(ledger, year) else {
        return;
    };
    let done = super::targets::done(ledger, year, end);
    for t in &file.unit {
        let id = t.id.get_ref();
        let Some(c) = out.get_mut(id.as_str()) else {
            continue;
        };
        let short = |i: Indicator| {
            t.target(i).map_or(0, |want| {
                (want - done.upto(id, i, 12)).max(0.0).ceil() as u32
            })
        };
        c.short_manufacturing += short(Indicator::Manufacturing);
        c.short_major += short(Indicator::Industry);
    }
}

/// A 比拼 bonus a project can earn [磐安 一(四)].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Bonus {
    /// 7亿元以上制造业项目: industrial class, at least `manufacturing_min_wan`.
    Manufacturing,
    /// 3亿元以上重大产业项目: a category in `[scoring] industry_categories`, at least
    /// `major_min_wan` (and not a manufacturing one).
    Major,
}

impl Bonus {
    /// The Chinese name, with the configured threshold.
    pub fn label(self, s: &Scoring) -> String {
        match self {
            Bonus::Manufacturing => format!(
                "{}以上制造业项目",
                crate::site::model::money(s.manufacturing_min_wan)
            ),
            Bonus::Major => format!(
                "{}以上重大产业项目",
                crate::site::model::money(s.major_min_wan)
            ),
        }
    }
    /// Its points.
    pub fn points(self, s: &Scoring) -> f64 {
        match self {
            Bonus::Manufacturing => s.bonus_manufacturing,
            Bonus::Major => s.bonus_major,
        }
    }
}

/// Whether a project is a 产业项目: its category is in `[scoring] industry_categories`.
pub fn is_industry(cfg: &crate::config::Config, p: &crate::model::Project) -> bool {
    cfg.scoring
        .industry_categories
        .iter()
        .any(|c| c == p.category.get_ref())
}

/// The bonus a project earns, if any; a 增资 earns none (it is not a new project).
pub fn bonus_of(cfg: &crate::config::Config, p: &crate::model::Project) -> Option<Bonus> {
    let s = &cfg.scoring;
    let inv = *p.investment_wan.get_ref();
    if super::funds::is_expansion(p) {
        None
    } else if class_of(cfg, p.category.get_ref()) == Class::Industrial
        && inv >= s.manufacturing_min_wan
    {
        Some(Bonus::Manufacturing)
    } else if is_industry(cfg, p) && inv >= s.major_min_wan {
        Some(Bonus::Major)
    } else {
        None
    }
}

/// The date a project's bonus is paid on: 开工 (招引落地, the default) or 签约.
pub fn bonus_date<'p>(s: &Scoring, p: &'p crate::model::Project) -> &'p crate::model::SDate {
    match s.bonus_at {
        BonusAt::Started => &p.dates.started,
        BonusAt::Signed => &p.dates.signed,
    }
}

/// A project that earned a unit a bonus in a period (the rankings explain each bonus).
#[derive(Debug, Clone)]
pub struct Earned<'a> {
    /// The project.
    pub project: &'a crate::model::Project,
    /// Which bonus.
    pub bonus: Bonus,
    /// The day it was paid for (开工 or 签约, by `[scoring] bonus_at`).
    pub on: NaiveDate,
}

/// The projects behind each unit's bonuses in `period` (a year to date, say), counted
/// as [`month_components`] counts them: the bonus day in the period and on or before
/// `as_of`, not terminated by the end of that month, credited to the landing unit and
/// the 招引单位 of that month's end. Sorted by day, then id.
pub fn bonus_projects<'a>(
    ledger: &'a Ledger,
    period: Period,
) -> BTreeMap<&'a str, Vec<Earned<'a>>> {
    let cfg = &ledger.config;
    let mut out: BTreeMap<&str, Vec<Earned>> = BTreeMap::new();
    for rec in &ledger.records {
        let p = &rec.project;
        let Some(bonus) = bonus_of(cfg, p) else {
            continue;
        };
        let Some(on) = crate::model::day(bonus_date(&cfg.scoring, p)) else {
            continue;
        };
        if !period.contains(on) {
            continue;
        }
        let end = Month::of(on).last().min(period.end);
        if crate::model::day(&p.dates.terminated).is_some_and(|t| t <= end) {
            continue;
        }
        for u in p.credited_on(end) {
            out.entry(u).or_default().push(Earned {
                project: p,
                bonus,
                on,
            });
        }
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| (a.on, a.project.id.get_ref()).cmp(&(b.on, b.project.id.get_ref())));
    }
    out
}

/// Components of every unit for any period: the sum of its months, each judged from
/// what was known at that month's end (the period's end for its last month).
pub fn period_components(
    ledger: &Ledger,
    ctx: &Context,
    period: Period,
) -> BTreeMap<String, Components> {
    let mut total: BTreeMap<String, Components> = ledger
        .units
        .iter()
        .map(|u| (u.id.get_ref().clone(), Components::default()))
        .collect();
    if period.end < period.start {
        return total;
    }
    for m in months(Month::of(period.start), Month::of(period.end)) {
        let part = Period {
            start: m.first().max(period.start),
            end: m.last().min(period.end),
        };
        let snap = snapshot(ledger, &ctx.at(part.end));
        add(&mut total, &month_components(ledger, &snap, part));
    }
    total
}

/// Add one set of components to another, unit by unit.
pub fn add(total: &mut BTreeMap<String, Components>, part: &BTreeMap<String, Components>) {
    for (u, c) in part {
        *total.entry(u.clone()).or_default() += c;
    }
}

/// One row of a ranking table.
#[derive(Debug, Clone, Serialize)]
pub struct Ranked {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// 1-based rank; equal totals share a rank.
    pub rank: usize,
    /// Total.
    pub total: f64,
    /// Points gained.
    pub gained: f64,
    /// Points deducted.
    pub deducted: f64,
    /// The counts.
    pub components: Components,
    /// Items still overdue at the period's end (set by [`with_open`]; zero otherwise).
    pub open: OpenItems,
}

/// Set each row's items still overdue at the period's end.
pub fn with_open(rows: &mut [Ranked], open: &BTreeMap<String, OpenItems>) {
    for r in rows {
        r.open = open.get(&r.unit).copied().unwrap_or_default();
    }
}

/// Rank the ranked units (区块/乡镇 by default) by total, ties sharing a rank and
/// listed in units.toml order.
pub fn rank(ledger: &Ledger, comps: &BTreeMap<String, Components>) -> Vec<Ranked> {
    let s = &ledger.config.scoring;
    let mut rows: Vec<Ranked> = ledger
        .units
        .iter()
        .filter(|u| u.is_ranked())
        .map(|u| {
            let c = comps.get(u.id.get_ref()).cloned().unwrap_or_default();
            Ranked {
                unit: u.id.get_ref().clone(),
                name: u.name.clone(),
                rank: 0,
                total: c.total(s),
                gained: c.gained(s),
                deducted: c.deducted(s),
                components: c,
                open: OpenItems::default(),
            }
        })
        .collect();
    // Stable: equal totals keep units.toml order.
    rows.sort_by(|a, b| b.total.total_cmp(&a.total));
    for i in 0..rows.len() {
        rows[i].rank = if i > 0 && rows[i].total == rows[i - 1].total {
            rows[i - 1].rank
        } else {
            i + 1
        };
    }
    rows
}
