//! 不及时更新 [磐安 四(一)：各部门、乡镇要及时更新项目进展情况，对不及时更新的责任单位…予以扣分]:
//! a project under way whose record has not been committed for more than
//! `[rules] stale_days` days. The history is a value ([`crate::gitlog::History`] in the
//! ledger); this module only judges it.
//!
//! * Under way as of a date: signed on or before it, and neither operating nor
//!   terminated on or before it.
//! * The last update is the newest commit dated (committer date, Beijing time) on or
//!   before the as-of date; later commits are not seen. A record with no commit by then
//!   (just added, not yet committed) is not judged.
//! * Stale: more than `stale_days` days between that commit's date and the as-of date
//!   (with 35: 35 days is on time, 36 days is stale). `stale_days = 0` turns it off.

use super::{Context, at_record};
use crate::findings::{Code, Finding, Severity};
use crate::gitlog::{Change, History};
use crate::load::{Ledger, Record};
use crate::model::{Project, day};
use chrono::NaiveDate;

/// The rule text cited in messages and on pages.
pub const BASIS: &str =
    "磐安 四(一)：各部门、乡镇要及时更新项目进展情况，对不及时更新的责任单位…予以扣分";

/// Whether a project is under way as of a date: signed by then, not operating and not
/// terminated by then.
pub fn under_way(p: &Project, as_of: NaiveDate) -> bool {
    let by = |d: Option<NaiveDate>| d.is_some_and(|d| d <= as_of);
    by(day(&p.dates.signed)) && !by(day(&p.dates.operating)) && !by(day(&p.dates.terminated))
}

/// A record's last update as of a date and how many days ago it was.
#[derive(Debug, Clone, Copy)]
pub struct LastUpdate<'a> {
    /// The newest commit on or before the date.
    pub change: &'a Change,
    /// Days from that commit's date to the as-of date.
    pub days: i64,
}

/// The last commit of a record on or before `as_of`.
pub fn last_update<'a>(
    history: &'a History,
    path: &str,
    as_of: NaiveDate,
) -> Option<LastUpdate<'a>> {
    let change = history.changes_until(path, as_of).first()?;
    Some(LastUpdate {
        change,
        days: (as_of - change.date).num_days(),
    })
}

/// The record's last update if the project is stale as of `as_of` (under way, and last
/// committed more than `[rules] stale_days` days before); `None` otherwise or when the
/// rule is off.
pub fn stale<'a>(ledger: &'a Ledger, rec: &Record, as_of: NaiveDate) -> Option<LastUpdate<'a>> {
    let limit = ledger.config.rules.stale_days;
    if limit == 0 || !under_way(&rec.project, as_of) {
        return None;
    }
    last_update(&ledger.history, &rec.source.path, as_of).filter(|u| u.days > i64::from(limit))
}

/// The `stale` warning of a record, if any.
pub fn check(ledger: &Ledger, rec: &Record, ctx: &Context) -> Option<Finding> {
    let u = stale(ledger, rec, ctx.as_of)?;
    let c = u.change;
    let limit = ledger.config.rules.stale_days;
    let msg = format!(
        // No author: findings.json is published in the public edition too, and staff
        // names are personal data (contract §7); the internal project page shows them.
        "项目“{}”在建，但记录自 {}（提交 {}：{}）以来 {} 天没有更新，超过 {limit} 天。请更新项目进展后提交（依据 {BASIS}）",
        rec.project.name.get_ref(),
        c.date,
        c.commit,
        short(&c.subject),
        u.days
    );
    Some(at_record(
        rec,
        rec.project.id.span(),
        Severity::Warning,
        Code::Stale,
        msg,
    ))
}

/// A commit subject cut to 30 characters for a message.
fn short(s: &str) -> String {
    let mut it = s.chars();
    let head: String = it.by_ref().take(30).collect();
    if it.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Why the rule was skipped for the whole run (outside Git, a shallow clone, git
/// missing), said once; `None` when it ran, was off or the history was not read.
pub fn skipped(ledger: &Ledger) -> Option<String> {
    if ledger.config.rules.stale_days == 0 {
        return None;
    }
    match &ledger.history {
        History::Unavailable(u) => Some(format!(
            "未检查“不及时更新”（stale），比拼也不扣此项分：{}",
            u.reason()
        )),
        _ => None,
    }
}
