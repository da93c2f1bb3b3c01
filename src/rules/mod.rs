//! The rules of docs/contract.md §4, one family per file. Pure: they read a parsed
//! [`Ledger`] and return findings; nothing here touches the file system.

pub mod amendments;
pub mod approval;
pub mod deadlines;
pub mod funds;
pub mod performance;
pub mod recorded;
pub mod stale;
pub mod structure;
pub mod tasks;

use crate::calendar::{Calendar, Reckoned};
use crate::config::Config;
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::source::Source;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;

/// What every rule needs: the config, the calendar and the as-of date.
#[derive(Debug, Clone)]
pub struct Context<'a> {
    /// The ledger's config.
    pub config: &'a Config,
    /// The working-day calendar built from it.
    pub calendar: Calendar,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The last day of the due-soon window (the N-th working day after as-of).
    pub horizon: Reckoned,
    /// Ignore facts dated after `as_of` (a past month's bulletin is computed from what
    /// was known then). `check` reports such facts as `future-date` instead.
    pub cutoff: bool,
}

impl Context<'_> {
    /// The same context as of another date, ignoring facts recorded after it (for
    /// bulletins of past months).
    pub fn at(&self, as_of: NaiveDate) -> Self {
        let horizon = self
            .calendar
            .add_workdays(as_of, self.config.deadlines.due_soon_days);
        Context {
            config: self.config,
            calendar: self.calendar.clone(),
            as_of,
            horizon,
            cutoff: true,
        }
    }
}

impl<'a> Context<'a> {
    /// Build the context for a config and as-of date.
    pub fn new(config: &'a Config, as_of: NaiveDate) -> Context<'a> {
        let hol: Vec<NaiveDate> = config.calendar.holidays.iter().map(|d| d.0).collect();
        let work: Vec<NaiveDate> = config.calendar.workdays.iter().map(|d| d.0).collect();
        let calendar = Calendar::new(&hol, &work);
        let horizon = calendar.add_workdays(as_of, config.deadlines.due_soon_days);
        Context {
            config,
            calendar,
            as_of,
            horizon,
            cutoff: false,
        }
    }
}

/// A finding pointing at a span of a source.
pub fn at(
    src: &Source,
    span: Range<usize>,
    severity: Severity,
    code: Code,
    msg: String,
) -> Finding {
    let pos = src.pos(span);
    let mut f = Finding::new(severity, code, &src.path, msg);
    f.line = pos.line;
    f.column = pos.column;
    f.width = pos.width;
    f
}

/// A finding about a project record.
pub fn at_record(
    rec: &Record,
    span: Range<usize>,
    severity: Severity,
    code: Code,
    msg: String,
) -> Finding {
    let mut f = at(&rec.source, span, severity, code, msg);
    f.project = Some(rec.id().to_string());
    f.unit = Some(rec.project.unit.get_ref().clone());
    f
}

/// A record's findings and its candidate calendar warnings by unknown year.
type PerRecord = (Vec<Finding>, Vec<(i32, Finding)>);

/// Run every rule on a parsed ledger.
pub fn check_ledger(ledger: &Ledger, ctx: &Context) -> Vec<Finding> {
    let mut findings = structure::check_units(ledger);
    findings.extend(structure::check_duplicates(ledger));
    let ids = funds::Index::new(ledger);
    findings.extend(crate::targets::check(ledger));
    findings.extend(crate::tasks::check(ledger, ctx));
    let (task_findings, task_unknown) = tasks::check(ledger, ctx);
    findings.extend(task_findings);
    findings.extend(amendments::check_config(ledger));
    let per_record: Vec<PerRecord> = ledger
        .records
        .par_iter()
        .map(|rec| {
            let mut f = structure::check_record(ledger, rec, ctx);
            f.extend(recorded::check(ledger, rec, ctx));
            f.extend(funds::check(rec, &ids));
            f.extend(amendments::check(rec, ctx, &ids));
            f.extend(performance::check(rec, ctx));
            if ctx.config.rules.approval_tiers {
                f.extend(approval::check(ledger, rec, ctx.config));
            }
            let (d, unknown) = deadlines::check(ledger, rec, ctx);
            f.extend(d);
            f.extend(stale::check(ledger, rec, ctx));
            (f, unknown)
        })
        .collect();
    // One calendar warning per unknown year, at the first place (by file, line) that needed it.
    let mut first_unknown: BTreeMap<i32, Finding> = BTreeMap::new();
    for (f, unknown) in per_record.into_iter().chain([(Vec::new(), task_unknown)]) {
        findings.extend(f);
        for (year, cand) in unknown {
            let e = first_unknown.entry(year).or_insert_with(|| cand.clone());
            if (&cand.file, cand.line) < (&e.file, e.line) {
                *e = cand;
            }
        }
    }
    if let Some(f) = deadlines::window_calendar_warning(ctx) {
        first_unknown.entry(f.0).or_insert(f.1);
    }
    findings.extend(first_unknown.into_values());
    findings
}

#[cfg(test)]
mod tests;

/// `check --changed-since`: deadline errors (`overdue`) count only for the changed
/// files; elsewhere they become warnings, so one unit's pull request is not blocked by
/// another unit's delay. Invalid records stay errors everywhere.
pub fn limit_to_changed(findings: &mut [Finding], changed: &std::collections::BTreeSet<String>) {
    for f in findings.iter_mut() {
        if f.code == Code::Overdue && f.severity == Severity::Error && !changed.contains(&f.file) {
            f.severity = Severity::Warning;
            f.message.push_str("（本次合并请求未改动该文件，仅作提示）");
        }
    }
}
