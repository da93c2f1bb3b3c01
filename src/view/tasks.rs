//! 交办单 / 工作单 as of a date: escalation levels (催办 → 督办 → 通报批评 → 约谈 by working
//! days past the due date, `[tasks] escalation`) [贵州 四(一)1：每季度催办、督办、通报], the rows
//! of the task pages, the 一票否优 they cause [磐安 四(二)] and the quarterly 工作单落实情况
//! table per unit. Pure.

use crate::calendar::Calendar;
use crate::config::Escalation;
use crate::load::Ledger;
use crate::rules::Context;
use crate::tasks::{Loaded, Task, done_as_of, due_date, feedback_as_of, known};
use chrono::NaiveDate;
use serde::Serialize;

/// The level (index into `levels`) of a task due `due` and not 办结 as of `as_of`: the
/// last level whose `after_days` the working days since the due date
/// ([`Calendar::count_workdays`]`(due, as_of)`, what the overdue message says) reach;
/// `None` while the due date has not passed.
pub fn level_at(
    levels: &[Escalation],
    cal: &Calendar,
    due: NaiveDate,
    as_of: NaiveDate,
) -> Option<usize> {
    if as_of <= due {
        return None;
    }
    let days = cal.count_workdays(due, as_of);
    levels.iter().rposition(|l| days >= l.after_days)
}

/// The level of a task as of `ctx`: an open task's level today; a task 办结 by then keeps
/// the highest level it reached (its level the day before it was 办结), so a past
/// bulletin and the year's assessment still see it.
pub fn level(t: &Task, ctx: &Context) -> Option<usize> {
    if !known(t, ctx) {
        return None;
    }
    let due = due_date(t, &ctx.calendar)?.date;
    let levels = &ctx.config.tasks.escalation;
    match done_as_of(t, ctx) {
        Some(done) => level_at(levels, &ctx.calendar, due, done.pred_opt()?),
        None => level_at(levels, &ctx.calendar, due, ctx.as_of),
    }
}

/// The first day a task due `due` stands at level `i` if still open then.
pub fn reached_on(levels: &[Escalation], cal: &Calendar, due: NaiveDate, i: usize) -> NaiveDate {
    match levels.get(i).map_or(0, |l| l.after_days) {
        0 => due.succ_opt().unwrap_or(due),
        n => cal.add_workdays(due, n).date,
    }
}

/// One task as shown on the pages and in `tasks.json`.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRow {
    /// Task id (page `tasks/<id>.html`).
    pub id: String,
    /// 交办单 / 工作单.
    pub kind: &'static str,
    /// 交办事项.
    pub title: String,
    /// 交办机关.
    pub issued_by: String,
    /// 下发日期.
    pub issued: String,
    /// 承办单位 id.
    pub unit: String,
    /// 承办单位 name.
    pub unit_name: String,
    /// Linked project ids.
    pub projects: Vec<String>,
    /// 交办内容.
    pub content: String,
    /// Due date.
    pub due: String,
    /// 办结 date as of the date, if any.
    pub done: Option<String>,
    /// Whether it is still open (not 办结) as of the date.
    pub open: bool,
    /// Its escalation level's name, if it has one.
    pub level: Option<String>,
    /// The level's index (0 = the first level), for sorting and styling.
    pub level_index: Option<usize>,
    /// Working days past the due date (open: as of the date; 办结 late: by the 办结 date).
    pub overdue_days: u32,
    /// Feedback entries as of the date.
    pub feedback_count: usize,
    /// When the next 推进情况 feedback is due (open tasks with `feedback_days` > 0).
    pub feedback_due: Option<String>,
    /// Working days that feedback is overdue as of the date (0: not overdue).
    pub feedback_late: u32,
    /// The feedback entries as of the date (date, text), in date order.
    pub feedback: Vec<(String, String)>,
    /// Whether the level makes the unit 一票否优.
    pub not_excellent: bool,
}

/// The row of one task as of `ctx` (`None` when it did not exist yet or has no due date).
pub fn row(ledger: &Ledger, t: &Loaded, ctx: &Context) -> Option<TaskRow> {
    let task = &t.task;
    if !known(task, ctx) {
        return None;
    }
    let due = due_date(task, &ctx.calendar)?.date;
    let done = done_as_of(task, ctx);
    let level = level(task, ctx);
    let levels = &ctx.config.tasks.escalation;
    let mut feedback: Vec<(NaiveDate, String)> = feedback_as_of(task, ctx)
        .map(|f| (f.on.get_ref().0, f.text.clone()))
        .collect();
    feedback.sort_by_key(|f| f.0);
    let next = crate::rules::tasks::feedback_due(t, ctx).map(|(d, _, _)| d);
    let unit = task.unit.get_ref();
    Some(TaskRow {
        id: t.id().to_string(),
        kind: task.kind.label(),
        title: task.title.get_ref().clone(),
        issued_by: task.issued_by.clone(),
        issued: task.issued.get_ref().to_string(),
        unit: unit.clone(),
        unit_name: ledger
            .unit(unit)
            .map_or_else(|| unit.clone(), |u| u.name.clone()),
        projects: task.projects.iter().map(|p| p.get_ref().clone()).collect(),
        content: task.content.clone(),
        due: due.to_string(),
        done: done.map(|d| d.to_string()),
        open: done.is_none(),
        level: level.and_then(|i| levels.get(i)).map(|l| l.level.clone()),
        level_index: level,
        overdue_days: ctx.calendar.count_workdays(due, done.unwrap_or(ctx.as_of)),
        feedback_count: feedback.len(),
        feedback_due: next.map(|d| d.to_string()),
        feedback_late: next
            .filter(|d| *d < ctx.as_of)
            .map_or(0, |d| ctx.calendar.count_workdays(d, ctx.as_of)),
        feedback: feedback
            .into_iter()
            .map(|(d, s)| (d.to_string(), s))
            .collect(),
        not_excellent: level
            .and_then(|i| levels.get(i))
            .is_some_and(|l| l.not_excellent),
    })
}

/// Every task as of `ctx`: open ones first, then by level (highest first), due date and id.
pub fn rows(ledger: &Ledger, ctx: &Context) -> Vec<TaskRow> {
    let mut out: Vec<TaskRow> = ledger
        .tasks
        .iter()
        .filter_map(|t| row(ledger, t, ctx))
        .collect();
    sort(&mut out);
    out
}

/// Sort rows: open first, then by level (highest first), due date and id.
pub fn sort(out: &mut [TaskRow]) {
    out.sort_by(|a, b| {
        (!a.open, std::cmp::Reverse(a.level_index), &a.due, &a.id).cmp(&(
            !b.open,
            std::cmp::Reverse(b.level_index),
            &b.due,
            &b.id,
        ))
    });
}

/// A task that makes its unit 一票否优 in a year: it reached a `not_excellent` level
/// (默认“通报批评”) on a day of that year, on or before `ctx.as_of`, while still open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Criticised {
    /// Task id.
    pub id: String,
    /// 交办事项.
    pub title: String,
    /// The level reached (its name).
    pub level: String,
    /// The day it reached it.
    pub on: String,
    /// Its due date.
    pub due: String,
}

/// The tasks of `unit` that reached a `not_excellent` level in `year` (as of `ctx`).
pub fn criticised(ledger: &Ledger, ctx: &Context, year: i32, unit: &str) -> Vec<Criticised> {
    let levels = &ctx.config.tasks.escalation;
    let Some(first) = levels.iter().position(|l| l.not_excellent) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in &ledger.tasks {
        let task = &t.task;
        if task.unit.get_ref() != unit || !known(task, ctx) {
            continue;
        }
        let Some(due) = due_date(task, &ctx.calendar).map(|r| r.date) else {
            continue;
        };
        let on = reached_on(levels, &ctx.calendar, due, first);
        let open_then = done_as_of(task, ctx).is_none_or(|d| d > on);
        if on <= ctx.as_of && open_then && chrono::Datelike::year(&on) == year {
            out.push(Criticised {
                id: t.id().to_string(),
                title: task.title.get_ref().clone(),
                level: levels[first].level.clone(),
                on: on.to_string(),
                due: due.to_string(),
            });
        }
    }
    out.sort_by(|a, b| (&a.on, &a.id).cmp(&(&b.on, &b.id)));
    out
}

/// Whether a task answered within every feedback interval up to `end` (its 办结 ends the
/// last interval): each feedback (or the 办结) came within `[tasks] feedback_days`
/// working days of the issue or the previous feedback, and at `end` an open task's
/// next feedback was not yet overdue. Always true with `feedback_days = 0`.
pub fn answered_in_time(t: &Task, cal: &Calendar, n: u32, end: NaiveDate) -> bool {
    if n == 0 {
        return true;
    }
    let mut on: Vec<NaiveDate> = t
        .feedback
        .iter()
        .map(|f| f.on.get_ref().0)
        .filter(|d| *d <= end)
        .collect();
    on.sort();
    let done = crate::model::day(&t.done).filter(|d| *d <= end);
    let mut last = t.issued.get_ref().0;
    for d in on.into_iter().chain(done) {
        if d > cal.add_workdays(last, n).date {
            return false;
        }
        last = last.max(d);
    }
    done.is_some() || cal.add_workdays(last, n).date >= end
}

/// One unit's row of the quarterly 工作单落实情况 table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitTasks {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Tasks issued to it in the period.
    pub issued: usize,
    /// Of those, answered within every feedback interval to the period's end.
    pub answered: usize,
    /// Of those, 办结 by the period's end.
    pub done: usize,
    /// Of those, past due and not 办结 at the period's end.
    pub overdue: usize,
}

/// The 工作单落实情况 of the tasks issued from `from` to `to` (inclusive), judged at `to`
/// with what was known then, per unit with any (units.toml order).
pub fn period_table(
    ledger: &Ledger,
    ctx: &Context,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<UnitTasks> {
    let at = ctx.at(to);
    let n = ctx.config.tasks.feedback_days;
    let mut out = Vec::new();
    for u in &ledger.units {
        let id = u.id.get_ref();
        let mut r = UnitTasks {
            unit: id.clone(),
            name: u.name.clone(),
            issued: 0,
            answered: 0,
            done: 0,
            overdue: 0,
        };
        for t in ledger.tasks.iter().map(|t| &t.task) {
            let issued = t.issued.get_ref().0;
            if t.unit.get_ref() != id || issued < from || issued > to {
                continue;
            }
            r.issued += 1;
            if answered_in_time(t, &at.calendar, n, to) {
                r.answered += 1;
            }
            let done = done_as_of(t, &at);
            if done.is_some() {
                r.done += 1;
            } else if due_date(t, &at.calendar).is_some_and(|d| d.date < to) {
                r.overdue += 1;
            }
        }
        if r.issued > 0 {
            out.push(r);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::TasksConfig;

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_iso_date(s).expect("date")
    }

    #[test]
    fn levels_step_at_5_10_20_working_days_counted_across_national_day() {
        let cal = Calendar::new(&[], &[]);
        let levels = TasksConfig::default().escalation;
        // Due Wednesday 2026-09-30; 2026-10-01..07 is the National Day holiday and
        // Saturday 10-10 a make-up working day.
        let due = d("2026-09-30");
        assert_eq!(level_at(&levels, &cal, due, due), None, "on the due day");
        // The first working day after the holiday is 10-08.
        assert_eq!(cal.count_workdays(due, d("2026-10-07")), 0);
        assert_eq!(level_at(&levels, &cal, due, d("2026-10-01")), Some(0));
        assert_eq!(level_at(&levels, &cal, due, d("2026-10-07")), Some(0));
        let name = |x: NaiveDate| level_at(&levels, &cal, due, x).map(|i| levels[i].level.as_str());
        // 4, 5, 6 working days after the due date: 10-08 (1), 10-09 (2), 10-10 (3,
        // make-up Saturday), 10-12 (4), 10-13 (5), 10-14 (6).
        for (day, n, want) in [
            ("2026-10-12", 4, "催办"),
            ("2026-10-13", 5, "督办"),
            ("2026-10-14", 6, "督办"),
            // 10-15 (7), 10-16 (8), 10-19 (9), 10-20 (10), 10-21 (11).
            ("2026-10-19", 9, "督办"),
            ("2026-10-20", 10, "通报批评"),
            ("2026-10-21", 11, "通报批评"),
            ("2026-11-02", 19, "通报批评"),
            ("2026-11-03", 20, "约谈"),
        ] {
            assert_eq!(cal.count_workdays(due, d(day)), n, "{day}");
            assert_eq!(name(d(day)), Some(want), "{day}");
        }
        assert_eq!(reached_on(&levels, &cal, due, 1), d("2026-10-13"));
        assert_eq!(reached_on(&levels, &cal, due, 2), d("2026-10-20"));
        assert_eq!(reached_on(&levels, &cal, due, 0), d("2026-10-01"));
    }

    #[test]
    fn answered_in_time_follows_each_interval() {
        let cal = Calendar::new(&[], &[]);
        let task = |fb: &[&str], done: Option<&str>| {
            let mut s = String::from(
                "id = \"2026-001\"\ntitle = \"x\"\nissued_by = \"县督考办\"\nissued = 2026-11-02\nunit = \"a\"\ncontent = \"c\"\ndue_days = 30\n",
            );
            if let Some(d) = done {
                s.push_str(&format!("done = {d}\n"));
            }
            for f in fb {
                s.push_str(&format!("[[feedback]]\non = {f}\ntext = \"t\"\n"));
            }
            toml::from_str::<Task>(&s).expect("task")
        };
        // 10 working days after 11-02 is 11-16.
        assert!(answered_in_time(
            &task(&["2026-11-16"], None),
            &cal,
            10,
            d("2026-11-20")
        ));
        assert!(!answered_in_time(
            &task(&["2026-11-17"], None),
            &cal,
            10,
            d("2026-11-20")
        ));
        assert!(!answered_in_time(
            &task(&[], None),
            &cal,
            10,
            d("2026-11-20")
        ));
        assert!(answered_in_time(
            &task(&[], None),
            &cal,
            10,
            d("2026-11-16")
        ));
        assert!(answered_in_time(
            &task(&[], Some("2026-11-10")),
            &cal,
            10,
            d("2026-12-31")
        ));
        assert!(answered_in_time(&task(&[], None), &cal, 0, d("2026-12-31")));
    }
}
