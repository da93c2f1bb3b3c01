//! The deadlines of 交办单 / 工作单 (`data/tasks/`), as of a date, on the existing codes:
//! rule `task-due` (办结 by the due date [磐安 三(三)]) and rule `task-feedback` (推进情况
//! fed back at least every `[tasks] feedback_days` working days while open [贵州 二(一)3、
//! 四(一)1]). Each finding has `due` and `unit` (the 承办单位) and no `project`. With
//! `Context::cutoff` (a past month) facts dated after the date are ignored, as in
//! [`super::deadlines`].

use super::Context;
use super::deadlines::{Status, calendar_message, judge};
use crate::findings::{Code, Finding, Rule, Severity};
use crate::load::Ledger;
use crate::tasks::{Loaded, done_as_of, due_date, due_span, feedback_as_of, known};
use chrono::NaiveDate;
use std::ops::Range;

/// When the next feedback of an open task is due as of `ctx`, and the span of the key
/// it runs from (the last feedback's `on`, or `issued`); `None` once 办结 or with
/// `feedback_days = 0`.
pub fn feedback_due(
    t: &Loaded,
    ctx: &Context,
) -> Option<(NaiveDate, Range<usize>, Option<NaiveDate>)> {
    let n = ctx.config.tasks.feedback_days;
    let task = &t.task;
    if n == 0 || done_as_of(task, ctx).is_some() {
        return None;
    }
    let last = feedback_as_of(task, ctx).max_by_key(|f| f.on.get_ref().0);
    let (from, span, last_on) = match last {
        Some(f) if f.on.get_ref().0 >= task.issued.get_ref().0 => {
            (f.on.get_ref().0, f.on.span(), Some(f.on.get_ref().0))
        }
        _ => (task.issued.get_ref().0, task.issued.span(), None),
    };
    Some((ctx.calendar.add_workdays(from, n).date, span, last_on))
}

/// The findings of every task as of `ctx`, and candidate calendar warnings by unknown
/// year (a `due_days` that needed a year the calendar does not know).
pub fn check(ledger: &Ledger, ctx: &Context) -> (Vec<Finding>, Vec<(i32, Finding)>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let disabled = |r: Rule| ctx.config.rules.disabled.iter().any(|d| d == r.as_str());
    for t in &ledger.tasks {
        let task = &t.task;
        if !known(task, ctx) {
            continue;
        }
        let Some(due) = due_date(task, &ctx.calendar) else {
            continue;
        };
        let unit = task.unit.get_ref();
        let unit_name = ledger.unit(unit).map_or(unit.as_str(), |u| u.name.as_str());
        let subject = format!(
            "{}「{}」（{} {} 下发，承办单位：{unit_name}）",
            task.kind.label(),
            task.title.get_ref(),
            task.issued_by,
            task.issued.get_ref()
        );
        let push = |out: &mut Vec<Finding>,
                    rule: Rule,
                    sev: Severity,
                    code: Code,
                    span: Range<usize>,
                    on: NaiveDate,
                    msg: String| {
            let mut f = super::at(&t.source, span, sev, code, msg);
            f.rule = Some(rule);
            f.due = Some(on);
            f.unit = Some(unit.clone());
            out.push(f);
        };
        for y in &due.unknown_years {
            let mut f = super::at(
                &t.source,
                due_span(task),
                Severity::Warning,
                Code::Calendar,
                calendar_message(*y),
            );
            f.rule = Some(Rule::TaskDue);
            f.due = Some(due.date);
            f.unit = Some(unit.clone());
            unknown.push((*y, f));
        }
        let due = due.date;
        let done = done_as_of(task, ctx);
        let cal = &ctx.calendar;
        if !disabled(Rule::TaskDue) {
            match judge(due, done, ctx) {
                Status::OnTime | Status::Open => {}
                Status::Overdue => {
                    let level = crate::view::tasks::level(task, ctx)
                        .and_then(|i| ctx.config.tasks.escalation.get(i))
                        .map(|l| format!("，已升级为「{}」", l.level))
                        .unwrap_or_default();
                    push(
                        &mut out,
                        Rule::TaskDue,
                        Severity::Error,
                        Code::Overdue,
                        due_span(task),
                        due,
                        format!(
                            "交办事项办结超期：{subject}应于 {due} 前办结，至 {} 已超期 {} 个工作日仍未办结（未见 done）{level}。办结后请补填 done = 办结日期，并在 [[feedback]] 中写明办理结果 [磐安 三(三)]",
                            ctx.as_of,
                            cal.count_workdays(due, ctx.as_of)
                        ),
                    );
                }
                Status::DueSoon => push(
                    &mut out,
                    Rule::TaskDue,
                    Severity::Warning,
                    Code::DueSoon,
                    due_span(task),
                    due,
                    format!(
                        "交办事项即将到期（黄灯）：{subject}应于 {due} 前办结，还剩 {} 个工作日。办结后请补填 done = 办结日期 [磐安 三(三)]",
                        cal.count_workdays(ctx.as_of, due)
                    ),
                ),
                Status::Late => {
                    let d = done.unwrap_or(due);
                    let lag = match cal.count_workdays(due, d) {
                        0 => "晚于期限，期限后的节假日办结".to_string(),
                        n => format!("晚 {n} 个工作日"),
                    };
                    let span = task
                        .done
                        .as_ref()
                        .map_or_else(|| due_span(task), |x| x.span());
                    push(
                        &mut out,
                        Rule::TaskDue,
                        Severity::Warning,
                        Code::Late,
                        span,
                        due,
                        format!(
                            "交办事项逾期办结：{subject}应于 {due} 前办结，实际 {d}（{lag}）。如日期填错请改正，否则无需处理 [磐安 三(三)]"
                        ),
                    );
                }
            }
        }
        if disabled(Rule::TaskFeedback) {
            continue;
        }
        let Some((fdue, span, last)) = feedback_due(t, ctx) else {
            continue;
        };
        let n = ctx.config.tasks.feedback_days;
        let since = match last {
            Some(d) => format!("上次反馈 {d}"),
            None => format!("下发 {}", task.issued.get_ref()),
        };
        match judge(fdue, None, ctx) {
            Status::Overdue => push(
                &mut out,
                Rule::TaskFeedback,
                Severity::Error,
                Code::Overdue,
                span,
                fdue,
                format!(
                    "交办事项未按时反馈：{subject}未办结期间每 {n} 个工作日须反馈一次推进情况，自{since} 起应于 {fdue} 前反馈，至 {} 已超期 {} 个工作日未见反馈。请增加一段 [[feedback]]，写明 on = 反馈日期、text = \"推进情况\" [贵州 二(一)3、四(一)1]",
                    ctx.as_of,
                    cal.count_workdays(fdue, ctx.as_of)
                ),
            ),
            Status::DueSoon => push(
                &mut out,
                Rule::TaskFeedback,
                Severity::Warning,
                Code::DueSoon,
                span,
                fdue,
                format!(
                    "交办事项即将须反馈（黄灯）：{subject}自{since} 起应于 {fdue} 前反馈推进情况（每 {n} 个工作日一次），还剩 {} 个工作日。请增加一段 [[feedback]] [贵州 二(一)3、四(一)1]",
                    cal.count_workdays(ctx.as_of, fdue)
                ),
            ),
            _ => {}
        }
    }
    (out, unknown)
}
