//! Deadlines of docs/contract.md §4: each computed from the dated facts, then judged as of
//! a date (overdue / late / due-soon). [`deadlines`] is also what the site uses for
//! "next deadline" and the lights.

use super::{Context, at_record};
use crate::calendar::{Reckoned, add_months, last_day_of_month};
use crate::findings::{Code, Finding, Rule, Severity};
use crate::load::{CONFIG_PATH, Ledger, Record};
use crate::model::{Date, Project, SDate, Spanned};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeSet;
use std::ops::Range;

/// What a deadline asks, with what its text needs (the text itself is made only when
/// shown: a site's month-by-month history judges millions of deadlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum What {
    /// Filing within `days` working days of signing.
    Filing(u32),
    /// Entering the platform within `months` months of signing.
    Platform(u32),
    /// The start plan within `days` working days of filing.
    Plan(u32),
    /// The kick-off meeting within `days` working days of the plan.
    Kickoff(u32),
    /// Milestone `i` of `[[milestones]]`.
    Milestone(u32),
    /// A 联席会议 target (开工/竣工/投产).
    Target(Goal),
    /// Problem `i` of `[[problems]]`.
    Problem(u32),
    /// The reply to the notice of problem `i`, within `days` working days.
    NoticeReply(u32, u32),
    /// The monthly report of a year and month.
    Report(i32, u32),
}

/// A 联席会议 target: 开工, 竣工 or 投产.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Goal {
    /// 开工, met by `[dates] started`.
    Start,
    /// 竣工, met by `[dates] completed`.
    Complete,
    /// 投产, met by `[dates] operating`.
    Operate,
}

impl Goal {
    /// 开工 / 竣工 / 投产.
    pub fn what(self) -> &'static str {
        match self {
            Goal::Start => "开工",
            Goal::Complete => "竣工",
            Goal::Operate => "投产",
        }
    }
    /// The `[dates]` key that meets it.
    pub fn key(self) -> &'static str {
        match self {
            Goal::Start => "started",
            Goal::Complete => "completed",
            Goal::Operate => "operating",
        }
    }
}

/// A position (an item in its list, a byte in its record) in 32 bits: a record is at
/// most 1 MiB, so none comes near; [`What`] and [`Span`] are kept small, a history
/// holds millions of deadlines.
fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// One deadline of one project (`'p`: the project record it was computed from).
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline<'p> {
    /// Which rule.
    pub rule: Rule,
    /// Due date (meeting it on this day is on time).
    pub due: NaiveDate,
    /// When it was done, if it was (reports: their month's due date when present).
    pub done: Option<NaiveDate>,
    /// Span of the key that set the due date.
    pub due_span: Span,
    /// Span of the key holding the done date.
    pub done_span: Option<Span>,
    /// What must be done ([`Deadline::subject`] says it in Chinese).
    pub what: What,
    /// The unit responsible.
    pub unit: &'p str,
    /// Policy source.
    pub basis: &'static str,
    /// Years whose schedule was unknown when computing `due`.
    pub unknown_years: Years,
}

/// A byte span in a record (records are at most 1 MiB, so 32 bits suffice): a history
/// of 10,000 projects holds every month's deadlines, and two `usize` ranges were a
/// third of each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    /// The span as a byte range.
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span {
            start: index(r.start),
            end: index(r.end),
        }
    }
}

/// Years whose holiday schedule was unknown; nearly always none, so boxed (one word).
#[derive(Debug, Clone, Default, PartialEq)]
// The box is the point: one word in every deadline instead of a set's three.
#[allow(clippy::box_collection)]
pub struct Years(Option<Box<BTreeSet<i32>>>);

impl Years {
    /// Whether no year was unknown.
    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }
}

impl From<BTreeSet<i32>> for Years {
    fn from(set: BTreeSet<i32>) -> Self {
        Years((!set.is_empty()).then(|| Box::new(set)))
    }
}

impl<'a> IntoIterator for &'a Years {
    type Item = &'a i32;
    type IntoIter = std::iter::Flatten<std::option::IntoIter<&'a BTreeSet<i32>>>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.as_deref().into_iter().flatten()
    }
}

impl Deadline<'_> {
    /// What must be done, in Chinese; `p` is the project the deadline is of.
    pub fn subject(&self, p: &Project) -> String {
        self.what.subject(p)
    }

    /// Which key records it being done.
    pub fn done_key(&self) -> String {
        self.what.done_key()
    }
}

impl What {
    /// What must be done, in Chinese; `p` is the project the deadline is of.
    pub fn subject(self, p: &Project) -> String {
        match self {
            What::Filing(days) => {
                format!("签约后 {days} 个工作日内报县招商引资工作领导小组办公室备案")
            }
            What::Platform(months) => format!("签约后 {months} 个月内录入项目信息管理平台"),
            What::Plan(days) => {
                format!("备案后 {days} 个工作日内编制并下发签约项目开工目标计划表")
            }
            What::Kickoff(days) => {
                format!("收到开工目标计划表 {days} 个工作日内召开部门专题推进会")
            }
            What::Milestone(i) => p.milestones.get(i as usize).map_or_else(String::new, |m| {
                format!("开工计划表节点「{}」", m.item.get_ref())
            }),
            What::Target(goal) => format!("联席会议确定的{}目标", goal.what()),
            What::Problem(i) => p
                .problems
                .get(i as usize)
                .map_or_else(String::new, |pr| format!("问题「{}」", pr.text)),
            What::NoticeReply(i, days) => {
                let no = p
                    .problems
                    .get(i as usize)
                    .and_then(|pr| pr.notice.as_ref())
                    .map_or("", |n| n.get_ref().no.as_str());
                format!("挂牌督办 {no} 下发后 {days} 个工作日内书面回复")
            }
            What::Report(y, m) => format!("{y:04}-{m:02} 月调度报告（每月最后一个工作日前报送）"),
        }
    }

    /// Which key records it being done.
    pub fn done_key(self) -> String {
        match self {
            What::Filing(_) => "[dates] 中的 filed".into(),
            What::Platform(_) => "[dates] 中的 platform".into(),
            What::Plan(_) => "[dates] 中的 plan_issued".into(),
            What::Kickoff(_) => "[dates] 中的 kickoff".into(),
            What::Milestone(_) => "该节点下的 done".into(),
            What::Target(goal) => format!("[dates] 中的 {}", goal.key()),
            What::Problem(_) => "该问题下的 resolved".into(),
            What::NoticeReply(..) => "notice 中的 replied".into(),
            What::Report(y, m) => format!("[[reports]] month = \"{y:04}-{m:02}\""),
        }
    }
}

/// How a deadline stands as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Done on or before the due date.
    OnTime,
    /// Done after the due date.
    Late,
    /// Not done, due date passed.
    Overdue,
    /// Not done, due within the window.
    DueSoon,
    /// Not done, due later.
    Open,
}

/// Judge a deadline as of `ctx.as_of`.
pub fn status(d: &Deadline, ctx: &Context) -> Status {
    judge(d.due, d.done, ctx)
}

/// The status of anything due on `due` and done on `done` as of `ctx` (a project
/// deadline through [`status`], a 交办事项 in `rules::tasks`).
pub fn judge(due: NaiveDate, done: Option<NaiveDate>, ctx: &Context) -> Status {
    match done {
        Some(d) if d <= due => Status::OnTime,
        Some(_) => Status::Late,
        None if due < ctx.as_of => Status::Overdue,
        None if due <= ctx.horizon.date => Status::DueSoon,
        None => Status::Open,
    }
}

fn sp(d: &SDate) -> Option<Range<usize>> {
    d.as_ref().map(|s| s.span())
}

struct Builder<'a, 'p> {
    ctx: &'a Context<'a>,
    /// The landing unit charged with the project's own deadlines (as of the cutoff).
    unit: &'p str,
    out: Vec<Deadline<'p>>,
}

impl<'p> Builder<'_, 'p> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        rule: Rule,
        due: Reckoned,
        due_span: Range<usize>,
        done: &SDate,
        what: What,
        unit: &'p str,
        basis: &'static str,
    ) {
        self.out.push(Deadline {
            rule,
            due: due.date,
            done: done.as_ref().map(|d| d.get_ref().0),
            due_span: due_span.into(),
            done_span: sp(done).map(Span::from),
            what,
            unit,
            basis,
            unknown_years: due.unknown_years.into(),
        });
    }
}

fn fixed(date: NaiveDate) -> Reckoned {
    Reckoned {
        date,
        unknown_years: BTreeSet::new(),
    }
}

/// Whether an extension counts as of `ctx`: always without a cutoff or without its
/// date of record (`*_extended_on`, for ledgers written before it existed), else only
/// once it was decided.
fn extension_known(ctx: &Context, on: &SDate) -> bool {
    !ctx.cutoff || on.as_ref().is_none_or(|o| o.get_ref().0 <= ctx.as_of)
}

#[allow(clippy::too_many_arguments)]
fn target(
    b: &mut Builder,
    rule: Rule,
    plan: &SDate,
    ext: &SDate,
    ext_on: &SDate,
    done: &SDate,
    goal: Goal,
) {
    let ext = ext.as_ref().filter(|_| extension_known(b.ctx, ext_on));
    let Some(set) = ext.or(plan.as_ref()) else {
        return;
    };
    let unit = b.unit;
    b.push(
        rule,
        fixed(set.get_ref().0),
        set.span(),
        done,
        What::Target(goal),
        unit,
        "长子 15",
    );
}

/// Every deadline of a project (before judging), dropping those due after termination.
pub fn deadlines<'p>(p: &'p Project, ctx: &Context) -> Vec<Deadline<'p>> {
    let cal = &ctx.calendar;
    let dl = &ctx.config.deadlines;
    let disabled = &ctx.config.rules.disabled;
    // A past month charges the unit the project belonged to then (`[[transfers]]`).
    let unit: &'p str = if ctx.cutoff {
        p.unit_on(ctx.as_of)
    } else {
        p.unit.get_ref()
    };
    let mut b = Builder {
        ctx,
        unit,
        out: Vec::new(),
    };
    // With a cutoff, facts recorded after as-of count as not (yet) done.
    let cut = |x: &SDate| -> SDate {
        x.clone()
            .filter(|s| !ctx.cutoff || s.get_ref().0 <= ctx.as_of)
    };
    let pd = &p.dates;
    let dates = crate::model::Dates {
        signed: cut(&pd.signed),
        filed: cut(&pd.filed),
        plan_issued: cut(&pd.plan_issued),
        kickoff: cut(&pd.kickoff),
        platform: cut(&pd.platform),
        started: cut(&pd.started),
        completed: cut(&pd.completed),
        operating: cut(&pd.operating),
        terminated: cut(&pd.terminated),
        ..Default::default()
    };
    let d = &dates;
    let day = |x: &Spanned<Date>| x.get_ref().0;

    if let Some(signed) = &d.signed {
        b.push(
            Rule::Filing,
            cal.add_workdays(day(signed), dl.filing_days),
            signed.span(),
            &d.filed,
            What::Filing(dl.filing_days),
            unit,
            "古县 第五条(三)1",
        );
        b.push(
            Rule::Platform,
            fixed(add_months(day(signed), dl.platform_months)),
            signed.span(),
            &d.platform,
            What::Platform(dl.platform_months),
            unit,
            "贵州 一(五)3",
        );
    }
    if let Some(filed) = &d.filed {
        b.push(
            Rule::Plan,
            cal.add_workdays(day(filed), dl.plan_days),
            filed.span(),
            &d.plan_issued,
            What::Plan(dl.plan_days),
            unit,
            "古县 第五条(三)2",
        );
    }
    if let Some(pi) = &d.plan_issued {
        b.push(
            Rule::Kickoff,
            cal.add_workdays(day(pi), dl.kickoff_days),
            pi.span(),
            &d.kickoff,
            What::Kickoff(dl.kickoff_days),
            unit,
            "古县 第七条",
        );
    }
    // The 计划表 (milestones, [plan] targets) is drawn up after signing: for a past
    // month before the signing it was not known yet.
    let planned = !ctx.cutoff || d.signed.is_some();
    for (i, m) in p.milestones.iter().enumerate().filter(|_| planned) {
        // An extension recorded after as-of was not known yet: the original date holds.
        let set = m
            .extended_to
            .as_ref()
            .filter(|_| extension_known(ctx, &m.extended_on))
            .unwrap_or(&m.due);
        b.push(
            Rule::Milestone,
            fixed(set.get_ref().0),
            set.span(),
            &cut(&m.done),
            What::Milestone(index(i)),
            m.unit.get_ref(),
            "古县 第六条、附表2",
        );
    }
    let no_plan = crate::model::Plan::default();
    let pl = if planned { &p.plan } else { &no_plan };
    target(
        &mut b,
        Rule::Start,
        &pl.start,
        &pl.start_extended_to,
        &pl.start_extended_on,
        &d.started,
        Goal::Start,
    );
    target(
        &mut b,
        Rule::Complete,
        &pl.complete,
        &pl.complete_extended_to,
        &pl.complete_extended_on,
        &d.completed,
        Goal::Complete,
    );
    target(
        &mut b,
        Rule::Operate,
        &pl.operate,
        &pl.operate_extended_to,
        &pl.operate_extended_on,
        &d.operating,
        Goal::Operate,
    );
    for (i, pr) in p.problems.iter().enumerate() {
        if ctx.cutoff && pr.raised.get_ref().0 > ctx.as_of {
            continue;
        }
        b.push(
            Rule::Problem,
            fixed(pr.due.get_ref().0),
            pr.due.span(),
            &cut(&pr.resolved),
            What::Problem(index(i)),
            pr.unit.get_ref(),
            "长子 14",
        );
        let notice = pr
            .notice
            .as_ref()
            .filter(|n| !ctx.cutoff || n.get_ref().issued.0 <= ctx.as_of);
        if let Some(n) = notice {
            let nt = n.get_ref();
            let mut dd = cal.add_workdays(nt.issued.0, dl.notice_reply_days);
            let replied = nt
                .replied
                .filter(|r| !ctx.cutoff || r.0 <= ctx.as_of)
                .map(|r| Spanned::new(n.span(), r));
            let x = Deadline {
                rule: Rule::NoticeReply,
                due: dd.date,
                done: replied.as_ref().map(|r| r.get_ref().0),
                due_span: n.span().into(),
                done_span: replied.as_ref().map(|r| r.span().into()),
                what: What::NoticeReply(index(i), dl.notice_reply_days),
                unit: pr.unit.get_ref(),
                basis: "长子 13",
                unknown_years: std::mem::take(&mut dd.unknown_years).into(),
            };
            b.out.push(x);
        }
    }
    if let Some(signed) = &d.signed {
        report_deadlines(&mut b, p, d, signed);
    }

    let stop = d.terminated.as_ref().map(day).filter(|t| *t <= ctx.as_of);
    let mut out = b.out;
    if let Some(t) = stop {
        out.retain(|x| x.due <= t);
    }
    if !disabled.is_empty() {
        out.retain(|x| !disabled.iter().any(|r| r == x.rule.as_str()));
    }
    out
}

/// Monthly reports: every month after the signing month, due on its last working day,
/// until the project is operating or terminated, up to the end of the due-soon window.
fn report_deadlines<'p>(
    b: &mut Builder<'_, 'p>,
    p: &'p Project,
    d: &crate::model::Dates,
    signed: &Spanned<Date>,
) {
    let ctx = b.ctx;
    let s = signed.get_ref().0;
    // Month → the report's `submitted` key, if it says when; a report submitted after
    // as-of was not there yet in a past month. Without `submitted` it counts as on time.
    // Latest first, so that after a stable sort the first of a month is the report
    // that counts: for a month reported twice (a `schema` error) the later one, as
    // with the map this replaced.
    let mut present: Vec<((i32, u32), &SDate)> = p
        .reports
        .iter()
        .rev()
        .filter(|r| {
            !ctx.cutoff
                || r.submitted
                    .as_ref()
                    .is_none_or(|s| s.get_ref().0 <= ctx.as_of)
        })
        .filter_map(|r| r.ym().map(|ym| (ym, &r.submitted)))
        .collect();
    present.sort_by_key(|(ym, _)| *ym);
    present.dedup_by_key(|(ym, _)| *ym);
    let end = [&d.operating, &d.terminated]
        .into_iter()
        .filter_map(|x| x.as_ref().map(|d| d.get_ref().0))
        .min();
    let (mut y, mut m) = (s.year(), s.month());
    let unit = b.unit;
    // No cap: the months run from the signing (never before 2000, `model::MIN_DATE`)
    // to the due-soon window, and `main` refuses an as-of more than a year after
    // today, so this grows with real months; `check` says a run of missing months as
    // one finding (`collapse_reports`).
    loop {
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
        if last_day_of_month(y, m) == NaiveDate::MAX {
            break;
        }
        let due = ctx.calendar.last_workday_of_month(y, m);
        if due.date > ctx.horizon.date || end.is_some_and(|e| due.date > e) {
            break;
        }
        let report = present
            .binary_search_by_key(&(y, m), |(ym, _)| *ym)
            .ok()
            .map(|k| present[k].1);
        let done = report.map(|s| s.as_ref().map_or(due.date, |s| s.get_ref().0));
        b.out.push(Deadline {
            rule: Rule::Report,
            due: due.date,
            done,
            due_span: signed.span().into(),
            done_span: report.and_then(sp).map(Span::from),
            what: What::Report(y, m),
            unit,
            basis: "古县 第十条、长子 11",
            unknown_years: due.unknown_years.into(),
        });
    }
}

/// The month `YYYY-MM` of a report deadline.
fn report_month(d: &Deadline) -> String {
    match d.what {
        What::Report(y, m) => format!("{y:04}-{m:02}"),
        _ => String::new(),
    }
}

/// One finding for a run of two or more consecutive missing monthly reports, naming
/// the range and the count; `due` is the first missing month's due date, so a record
/// gets one finding per gap, not one per month (issue 8.11: `--as-of` far ahead made
/// 900 findings per record).
fn run_finding(
    rec: &Record,
    ctx: &Context,
    first: &Deadline,
    last: &Deadline,
    count: usize,
) -> Finding {
    let (from, to) = (report_month(first), report_month(last));
    let msg = format!(
        "{}超期：{from} 至 {to} 连续 {count} 个月的月调度报告未报（每月最后一个工作日前报送；最早一期应于 {} 前报送，至 {} 已超期 {} 个工作日）。请逐月补报 [[reports]]，month 从 \"{from}\" 写到 \"{to}\" [{}]",
        first.rule.label(),
        first.due,
        ctx.as_of,
        ctx.calendar.count_workdays(first.due, ctx.as_of),
        first.basis
    );
    let mut f = at_record(
        rec,
        first.due_span.range(),
        Severity::Error,
        Code::Overdue,
        msg,
    );
    f.rule = Some(first.rule);
    f.due = Some(first.due);
    f.unit = Some(first.unit.to_string());
    f
}

/// Say a run of consecutive overdue reports: one month in full, more as one finding.
fn end_run(
    rec: &Record,
    ctx: &Context,
    ledger: &Ledger,
    run: &mut Vec<Deadline>,
    out: &mut Vec<Finding>,
    unknown: &mut Vec<(i32, Finding)>,
) {
    match run.len() {
        0 => {}
        1 => {
            for d in run.drain(..) {
                push_finding(rec, ctx, ledger, d, out, unknown);
            }
        }
        n => {
            for d in run.iter() {
                for y in &d.unknown_years {
                    unknown.push((*y, calendar_finding(rec, d, *y)));
                }
            }
            if let (Some(first), Some(last)) = (run.first(), run.last()) {
                out.push(run_finding(rec, ctx, first, last, n));
            }
            run.clear();
        }
    }
}

/// Deadline findings of one record, and candidate calendar warnings by unknown year.
/// Consecutive missing monthly reports are said as one finding (see [`run_finding`]).
pub fn check(ledger: &Ledger, rec: &Record, ctx: &Context) -> (Vec<Finding>, Vec<(i32, Finding)>) {
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    let mut run: Vec<Deadline> = Vec::new();
    for d in deadlines(&rec.project, ctx) {
        if d.rule == Rule::Report {
            if status(&d, ctx) == Status::Overdue {
                run.push(d);
                continue;
            }
            end_run(rec, ctx, ledger, &mut run, &mut out, &mut unknown);
        }
        push_finding(rec, ctx, ledger, d, &mut out, &mut unknown);
    }
    end_run(rec, ctx, ledger, &mut run, &mut out, &mut unknown);
    (out, unknown)
}

fn calendar_finding(rec: &Record, d: &Deadline, year: i32) -> Finding {
    let mut f = at_record(
        rec,
        d.due_span.range(),
        Severity::Warning,
        Code::Calendar,
        calendar_message(year),
    );
    f.rule = Some(d.rule);
    f.due = Some(d.due);
    f
}

/// The finding of one deadline (if its status calls for one) and its calendar warnings.
fn push_finding(
    rec: &Record,
    ctx: &Context,
    ledger: &Ledger,
    d: Deadline,
    out: &mut Vec<Finding>,
    unknown: &mut Vec<(i32, Finding)>,
) {
    let cal = &ctx.calendar;
    let mut subject = d.subject(&rec.project);
    if d.unit != rec.project.unit.get_ref() {
        let name = ledger.unit(d.unit).map_or(d.unit, |u| u.name.as_str());
        subject.push_str(&format!("（责任单位：{name}）"));
    }
    let done_key = d.done_key();
    for y in &d.unknown_years {
        unknown.push((*y, calendar_finding(rec, &d, *y)));
    }
    let st = status(&d, ctx);
    let label = d.rule.label();
    let (sev, code, span, msg) = match st {
        Status::OnTime | Status::Open => return,
        Status::Overdue => (
            Severity::Error,
            Code::Overdue,
            d.due_span.range(),
            format!(
                "{label}超期：{}，应于 {} 前完成，至 {} 已超期 {} 个工作日仍未完成（未见 {}）。完成后请补填 {}；确需调整的请经联席会议研究并记录依据 [{}]",
                subject,
                d.due,
                ctx.as_of,
                cal.count_workdays(d.due, ctx.as_of),
                done_key,
                done_key,
                d.basis
            ),
        ),
        Status::DueSoon => (
            Severity::Warning,
            Code::DueSoon,
            d.due_span.range(),
            format!(
                "{label}即将到期（黄灯）：{}，应于 {} 前完成，还剩 {} 个工作日。完成后请补填 {} [{}]",
                subject,
                d.due,
                cal.count_workdays(ctx.as_of, d.due),
                done_key,
                d.basis
            ),
        ),
        Status::Late => {
            let done = d.done.unwrap_or(d.due);
            let lag = match cal.count_workdays(d.due, done) {
                // Done on a day off after the due date: late, but by no working day.
                0 => "晚于期限，期限后的节假日办结".to_string(),
                n => format!("晚 {n} 个工作日"),
            };
            (
                Severity::Warning,
                Code::Late,
                d.done_span.unwrap_or(d.due_span).range(),
                format!(
                    "{label}逾期完成：{}，应于 {} 前完成，实际 {}（{lag}），计入比拼扣分。如日期填错请改正，否则无需处理 [{}]",
                    subject, d.due, done, d.basis
                ),
            )
        }
    };
    let mut f = at_record(rec, span, sev, code, msg);
    f.rule = Some(d.rule);
    f.due = Some(d.due);
    f.unit = Some(d.unit.to_string());
    out.push(f);
}

/// The `calendar` warning's text for an unknown year.
pub fn calendar_message(year: i32) -> String {
    format!(
        "{year} 年的法定节假日安排未收录，涉及该年的期限暂按“周一至周五为工作日”计算，可能不准。请在 data/config.toml 的 [calendar] 中按国务院办公厅通知补充 holidays = [...]（放假日）和 workdays = [...]（调休上班日）"
    )
}

/// The calendar warning when the due-soon window itself runs into an unknown year.
pub fn window_calendar_warning(ctx: &Context) -> Option<(i32, Finding)> {
    let year = *ctx.horizon.unknown_years.iter().next()?;
    let f = Finding::new(
        Severity::Warning,
        Code::Calendar,
        CONFIG_PATH,
        calendar_message(year),
    );
    Some((year, f))
}
