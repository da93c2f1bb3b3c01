//! Dates of record (issue 15.3): the facts that can change an old month's red list
//! carry the date they were recorded — `*_extended_on` of an extension, `submitted`
//! of a monthly report, `[[transfers]]` of a change of landing unit — so each past
//! month is computed from what was recorded by its end. This file checks those keys:
//! companions, dates not in the future, date order, known units, and a warning where
//! an extension without its date makes past bulletins depend on when it is recorded.

use super::structure::{MAX_YEARS_AHEAD, latest_date, unknown_unit_message};
use super::{Context, at_record};
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::{Date, MIN_DATE, Spanned, day, parse_month};
use chrono::NaiveDate;

/// The last day of the month before the as-of month: a deadline due before it was
/// judged overdue at the end of some past month.
fn last_past_month_end(as_of: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1)?.pred_opt()
}

/// Every rule on the dates of record of one project.
pub fn check(ledger: &Ledger, rec: &Record, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &rec.project;
    let as_of = ctx.as_of;
    let latest = latest_date(as_of);
    let mut err = |span: std::ops::Range<usize>, code: Code, msg: String| {
        out.push(at_record(rec, span, Severity::Error, code, msg));
    };

    // Not in the future, not a typo in the year.
    let mut when = |d: &Spanned<Date>, what: &str| {
        let x = d.get_ref().0;
        if x > latest {
            err(
                d.span(),
                Code::Schema,
                format!(
                    "{what} 的日期 {} 比核查日 {as_of} 晚 {MAX_YEARS_AHEAD} 年以上，年份写错了？台账的日期应在 {MIN_DATE} 到 {latest} 之间。请核对年份",
                    d.get_ref()
                ),
            );
        } else if x > as_of {
            err(
                d.span(),
                Code::FutureDate,
                format!(
                    "{what}的日期 {} 晚于核查日 {as_of}：台账只记已发生的事。请改正日期，或等到那天再填写",
                    d.get_ref()
                ),
            );
        }
    };
    let plan = &p.plan;
    let ext = [
        (
            "start",
            "开工",
            &plan.start,
            &plan.start_extended_to,
            &plan.start_extended_on,
            &p.dates.started,
        ),
        (
            "complete",
            "竣工",
            &plan.complete,
            &plan.complete_extended_to,
            &plan.complete_extended_on,
            &p.dates.completed,
        ),
        (
            "operate",
            "投产",
            &plan.operate,
            &plan.operate_extended_to,
            &plan.operate_extended_on,
            &p.dates.operating,
        ),
    ];
    for (key, _, _, _, on, _) in ext {
        if let Some(on) = on {
            when(on, &format!("[plan] `{key}_extended_on`（延期决定）"));
        }
    }
    for m in &p.milestones {
        if let Some(on) = &m.extended_on {
            when(
                on,
                &format!("节点「{}」的延期决定 extended_on", m.item.get_ref()),
            );
        }
    }
    for r in &p.reports {
        if let Some(s) = &r.submitted {
            when(
                s,
                &format!("{} 月报的报送日期 submitted", r.month.get_ref()),
            );
        }
    }
    for t in &p.transfers {
        when(
            &t.on,
            &format!("落地单位变更（原单位 {}）", t.from.get_ref()),
        );
    }

    // Companions: a decision date belongs to an extension.
    for (key, name, _, to, on, _) in ext {
        if let (None, Some(on)) = (to, on) {
            err(
                on.span(),
                Code::Schema,
                format!(
                    "写了{name}延期的决定日期 {key}_extended_on，却没有延期后的日期 {key}_extended_to。请补写 {key}_extended_to（及依据 {key}_extension_ref），或删去 {key}_extended_on"
                ),
            );
        }
    }
    for m in &p.milestones {
        if let (None, Some(on)) = (&m.extended_to, &m.extended_on) {
            err(
                on.span(),
                Code::Schema,
                format!(
                    "节点「{}」写了延期的决定日期 extended_on，却没有延期后的日期 extended_to。请补写 extended_to（及依据 extension_ref），或删去 extended_on",
                    m.item.get_ref()
                ),
            );
        }
    }

    // An extension changes the 计划表, which exists only once the project is signed.
    if let Some(signed) = &p.dates.signed {
        let s = signed.get_ref().0;
        let decided = ext
            .iter()
            .filter_map(|(key, name, _, _, on, _)| {
                on.as_ref()
                    .map(|on| (on, format!("计划{name}延期的决定日期 `{key}_extended_on`")))
            })
            .chain(p.milestones.iter().filter_map(|m| {
                m.extended_on.as_ref().map(|on| {
                    (
                        on,
                        format!("节点「{}」延期的决定日期 extended_on", m.item.get_ref()),
                    )
                })
            }));
        for (on, what) in decided.collect::<Vec<_>>() {
            if on.get_ref().0 < s {
                err(
                    on.span(),
                    Code::DateOrder,
                    format!(
                        "{what} = {} 早于签约日期 {}：开工计划表在签约后才制定，延期只能在签约之后决定。请核对日期",
                        on.get_ref(),
                        signed.get_ref()
                    ),
                );
            }
        }
    }

    // A report is submitted in or after its month.
    for r in &p.reports {
        let (Some(s), Some((y, m))) = (&r.submitted, parse_month(r.month.get_ref())) else {
            continue;
        };
        let first = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN);
        if s.get_ref().0 < first {
            err(
                s.span(),
                Code::DateOrder,
                format!(
                    "{} 月报的报送日期 submitted = {} 早于该月 {first}：月调度报告报的是本月进度，不能在月份开始前报送。请核对报送日期或月份",
                    r.month.get_ref(),
                    s.get_ref()
                ),
            );
        }
    }

    // Transfers: known units, in date order, each to another unit.
    let mut prev: Option<&Spanned<Date>> = None;
    for (i, t) in p.transfers.iter().enumerate() {
        let from = t.from.get_ref();
        if ledger.unit(from).is_none() {
            err(
                t.from.span(),
                Code::UnknownRef,
                unknown_unit_message(ledger, "落地单位变更的原单位 from", from),
            );
        }
        if let Some(pv) = prev
            && t.on.get_ref().0 < pv.get_ref().0
        {
            err(
                t.on.span(),
                Code::DateOrder,
                format!(
                    "落地单位变更记录的日期倒序了：on = {} 早于上一条的 {}。[[transfers]] 请按日期先后排列",
                    t.on.get_ref(),
                    pv.get_ref()
                ),
            );
        }
        prev = Some(&t.on);
        let to = p
            .transfers
            .get(i + 1)
            .map_or(p.unit.get_ref(), |n| n.from.get_ref());
        if to == from {
            let whose = if i + 1 == p.transfers.len() {
                "本项目现在的落地单位 unit"
            } else {
                "下一条变更记录的 from"
            };
            err(
                t.from.span(),
                Code::Schema,
                format!(
                    "落地单位变更记录的原单位 from = \"{from}\" 与{whose}相同，等于没有变更。请核对：from 应写变更前的单位，变更后的单位写在 unit（或下一条记录的 from）"
                ),
            );
        }
    }

    // An extension without its date of record, where that date decides past months:
    // the original date passed before the last month's end with the target not met
    // then. Today every month takes the extension; recording it late rewrites them.
    let Some(past) = last_past_month_end(as_of) else {
        return out;
    };
    let matters =
        |orig: NaiveDate, done: Option<NaiveDate>| orig < past && done.is_none_or(|x| x > orig);
    let mut warn = |span: std::ops::Range<usize>, msg: String| {
        out.push(at_record(rec, span, Severity::Warning, Code::Schema, msg));
    };
    for (key, name, orig, to, on, done) in ext {
        if let (Some(o), Some(t), None) = (orig, to, on)
            && matters(o.get_ref().0, day(done))
        {
            warn(
                t.span(),
                no_date_message(
                    &format!("计划{name}"),
                    o.get_ref(),
                    t.get_ref(),
                    &format!("{key}_extended_on"),
                ),
            );
        }
    }
    for m in &p.milestones {
        if let (Some(t), None) = (&m.extended_to, &m.extended_on)
            && matters(m.due.get_ref().0, day(&m.done))
        {
            warn(
                t.span(),
                no_date_message(
                    &format!("节点「{}」", m.item.get_ref()),
                    m.due.get_ref(),
                    t.get_ref(),
                    "extended_on",
                ),
            );
        }
    }
    out
}

fn no_date_message(what: &str, orig: &Date, to: &Date, key: &str) -> String {
    format!(
        "{what}延期未写决定日期 {key}：原定 {orig} 已过且当时未完成，各月通报现在一律按延期后的 {to} 计算，补记延期会改写已发的通报。请补写 {key} = 联席会议决定延期的日期（纪要日期），此前各月即按原定日期计算、不再改变"
    )
}
