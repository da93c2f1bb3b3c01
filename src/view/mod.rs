//! Derived views as of a date: a project as it was known then, its deadlines and
//! light, periods (months, quarters), 比拼 scores and the monthly figures of a
//! bulletin. Pure: used by the site, tested without files.

pub mod figures;
pub mod funds;
pub mod history;
pub mod performance;
pub mod scoring;
pub mod targets;
pub mod tasks;

use crate::derive::{Stage, stage};
use crate::findings::Rule;
use crate::load::Ledger;
use crate::model::{Project, SDate};
use crate::rules::Context;
use crate::rules::deadlines::{Deadline, Status, deadlines, status};
use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

/// Traffic light of a project or unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// Nothing overdue or due soon.
    Green,
    /// Something due within the window.
    Yellow,
    /// Something overdue.
    Red,
    /// Terminated (终止/清退): no deadlines, shown grey and apart from the totals.
    Terminated,
}

impl Light {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "绿灯",
            Light::Yellow => "黄灯",
            Light::Red => "红灯",
            Light::Terminated => "已终止",
        }
    }
}

impl Snapshot<'_> {
    /// A fact's date if it counts in this snapshot.
    pub fn known(&self, d: &SDate) -> Option<NaiveDate> {
        d.as_ref()
            .map(|s| s.get_ref().0)
            .filter(|x| !self.cutoff || *x <= self.as_of)
    }
    /// The landing unit a project counts for in this snapshot: for a past month the
    /// unit it belonged to at the month's end (`[[transfers]]`), else its `unit`.
    pub fn unit_of<'p>(&self, p: &'p Project) -> &'p str {
        if self.cutoff {
            p.unit_on(self.as_of)
        } else {
            p.unit.get_ref()
        }
    }
    /// The 招引单位 a project counts for in this snapshot (`source`, else [`Self::unit_of`]).
    pub fn source_of<'p>(&self, p: &'p Project) -> &'p str {
        if self.cutoff {
            p.source_on(self.as_of)
        } else {
            p.source_unit()
        }
    }
    /// Whether a report was there in this snapshot: a report that says when it was
    /// `submitted` counts from that day; one that does not, always (ledgers written
    /// before the key existed).
    pub fn report_known(&self, r: &crate::model::Report) -> bool {
        r.submitted.is_none() || self.known(&r.submitted).is_some()
    }
}

/// Every dated fact of a project.
fn fact_dates(p: &Project) -> impl Iterator<Item = NaiveDate> + '_ {
    let d = &p.dates;
    let dates: [&SDate; 14] = [
        &d.proposed,
        &d.negotiating,
        &d.assessed,
        &d.approved,
        &d.legal_review,
        &d.signed,
        &d.filed,
        &d.plan_issued,
        &d.kickoff,
        &d.platform,
        &d.started,
        &d.completed,
        &d.operating,
        &d.terminated,
    ];
    dates
        .into_iter()
        .filter_map(|x| x.as_ref().map(|s| s.get_ref().0))
        .chain(p.approvals.iter().map(|a| a.on.get_ref().0))
        .chain(p.transfers.iter().map(|t| t.on.get_ref().0))
        .chain(
            p.reports
                .iter()
                .filter_map(|r| r.submitted.as_ref().map(|s| s.get_ref().0)),
        )
        .chain(
            p.milestones
                .iter()
                .filter_map(|m| m.done.as_ref().map(|s| s.get_ref().0)),
        )
        .chain(p.problems.iter().flat_map(|pr| {
            let n = pr.notice.as_ref().map(|n| n.get_ref());
            [
                Some(pr.raised.get_ref().0),
                pr.resolved.as_ref().map(|s| s.get_ref().0),
                n.map(|n| n.issued.0),
                n.and_then(|n| n.replied.map(|r| r.0)),
            ]
            .into_iter()
            .flatten()
        }))
}

/// Each record's earliest dated fact, by record index.
pub fn first_facts(ledger: &Ledger) -> Vec<Option<NaiveDate>> {
    ledger
        .records
        .par_iter()
        .map(|r| fact_range(&r.project).map(|(lo, _)| lo))
        .collect()
}

/// The earliest and latest dated fact of a project.
pub fn fact_range(p: &Project) -> Option<(NaiveDate, NaiveDate)> {
    let mut it = fact_dates(p);
    let first = it.next()?;
    Some(it.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}

/// A deadline with how it stands.
#[derive(Debug, Clone)]
pub struct Judged<'p> {
    /// The deadline.
    pub deadline: Deadline<'p>,
    /// Its status as of the context date.
    pub status: Status,
}

/// A project's state as of a date.
#[derive(Debug, Clone)]
pub struct ProjectState<'p> {
    /// Stage.
    pub stage: Stage,
    /// Every deadline, judged.
    pub deadlines: Vec<Judged<'p>>,
    /// Red / yellow / green.
    pub light: Light,
}

impl<'p> ProjectState<'p> {
    /// The earliest deadline not yet done (overdue, due soon or open).
    pub fn next(&self) -> Option<&Judged<'p>> {
        self.deadlines
            .iter()
            .filter(|j| matches!(j.status, Status::Overdue | Status::DueSoon | Status::Open))
            .min_by_key(|j| (j.deadline.due, j.deadline.rule))
    }
}

/// Judge a project as of `ctx.as_of` (use [`known_at`] first for a past date). A
/// project terminated by then has no deadlines and a grey light: nothing is asked of it
/// any more (its earlier months keep what was charged then).
pub fn project_state<'p>(p: &'p Project, ctx: &Context) -> ProjectState<'p> {
    let st = stage(p, ctx.as_of);
    if st == Stage::Terminated {
        return ProjectState {
            stage: st,
            deadlines: Vec::new(),
            light: Light::Terminated,
        };
    }
    let judged: Vec<Judged<'p>> = deadlines(p, ctx)
        .into_iter()
        .map(|d| {
            let st = status(&d, ctx);
            Judged {
                deadline: d,
                status: st,
            }
        })
        .collect();
    let light = if judged.iter().any(|j| j.status == Status::Overdue) {
        Light::Red
    } else if judged.iter().any(|j| j.status == Status::DueSoon) {
        Light::Yellow
    } else {
        Light::Green
    };
    ProjectState {
        stage: st,
        deadlines: judged,
        light,
    }
}

/// One project in a snapshot.
#[derive(Debug, Clone)]
pub struct SnapItem<'a> {
    /// Index into `Ledger::records`.
    pub index: usize,
    /// The project record (with `cutoff`, facts after the date are to be ignored).
    pub project: &'a Project,
    /// Its state then.
    pub state: ProjectState<'a>,
}

/// Every project as of one date.
#[derive(Debug, Clone)]
pub struct Snapshot<'a> {
    /// The date.
    pub as_of: NaiveDate,
    /// Whether facts after `as_of` are ignored (a past month).
    pub cutoff: bool,
    /// Projects known by then (all projects for the current snapshot).
    pub items: Vec<SnapItem<'a>>,
}

/// Take a snapshot. With `ctx.cutoff` (a past month) only projects with a fact on or
/// before `ctx.as_of` are taken, and later facts are ignored (as are extensions and
/// reports recorded later, and a project counts for the unit it belonged to then: see
/// [`Snapshot::unit_of`]); otherwise every record.
pub fn snapshot<'a>(ledger: &'a Ledger, ctx: &Context) -> Snapshot<'a> {
    snapshot_known(ledger, ctx, None)
}

/// [`snapshot`], given each record's first dated fact (as [`first_facts`] returns) when
/// the caller takes many snapshots.
pub fn snapshot_known<'a>(
    ledger: &'a Ledger,
    ctx: &Context,
    firsts: Option<&[Option<NaiveDate>]>,
) -> Snapshot<'a> {
    let first = |i: usize, rec: &crate::load::Record| match firsts {
        Some(f) => f.get(i).copied().flatten(),
        None => fact_range(&rec.project).map(|(lo, _)| lo),
    };
    let items = ledger
        .records
        .par_iter()
        .enumerate()
        .filter(|(i, rec)| !ctx.cutoff || first(*i, rec).is_some_and(|lo| lo <= ctx.as_of))
        .map(|(index, rec)| SnapItem {
            index,
            project: &rec.project,
            state: project_state(&rec.project, ctx),
        })
        .collect();
    Snapshot {
        as_of: ctx.as_of,
        cutoff: ctx.cutoff,
        items,
    }
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// Year.
    pub year: i32,
    /// Month 1–12.
    pub month: u32,
}

impl Month {
    /// The month of a date.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }
    /// First day.
    pub fn first(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or(NaiveDate::MIN)
    }
    /// Last day.
    pub fn last(self) -> NaiveDate {
        crate::calendar::last_day_of_month(self.year, self.month)
    }
    /// The next month.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
    /// The previous month.
    pub fn prev(self) -> Month {
        if self.month == 1 {
            Month {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Month {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
    /// Quarter 1–4.
    pub fn quarter(self) -> u32 {
        (self.month - 1) / 3 + 1
    }
    /// `YYYY-MM`.
    pub fn key(self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }
    /// `2026年10月`.
    pub fn label(self) -> String {
        format!("{}年{}月", self.year, self.month)
    }
}

/// A span of days: a month, a quarter or year-to-date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// Last day (facts are taken as known at this day).
    pub end: NaiveDate,
}

impl Period {
    /// From 1 January of the year of `as_of` to `as_of`.
    pub fn year_to_date(as_of: NaiveDate) -> Period {
        Period {
            start: Month {
                year: as_of.year(),
                month: 1,
            }
            .first(),
            end: as_of,
        }
    }

    /// Whether `d` falls in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}

/// Months from `first` to `last`, inclusive.
pub fn months(first: Month, last: Month) -> Vec<Month> {
    let mut v = Vec::new();
    let mut m = first;
    while m <= last {
        v.push(m);
        m = m.next();
    }
    v
}

/// Whether a deadline rule is the monthly report (counted as "missing report").
pub fn is_report(rule: Rule) -> bool {
    rule == Rule::Report
}

#[cfg(test)]
mod tests;
