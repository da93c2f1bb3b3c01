//! Checks of `[agreement]` and `[[actuals]]` (履约评估, issue 13.2). Numbers out of
//! range (negative, inf, nan) are refused when the file is read (`schema`, at the value);
//! this adds what needs the whole record:
//!
//! * a year outside 2000..2200 (`schema` error), after the as-of year (`future-date`
//!   error), before the signing year (`date-order` error), written twice (`schema` error
//!   at the second);
//! * `[[actuals]]` without `[agreement]` (`schema` **warning**: the figures are not wrong
//!   and may serve statistics, but nothing can be evaluated; a warning does not stop the
//!   site being built);
//! * `start_by` after `operate_by` (`date-order` error);
//! * a per-亩 indicator without `land_mu` (`schema` warning: it cannot be evaluated);
//! * units mixed up (`schema` warnings): 亩均税收 larger than the 年税收 with land ≥ 1 亩;
//!   投资强度 × land above the total investment;
//! * a year whose indicator is due but not written (`schema` warning at the year).

use super::{Context, at_record};
use crate::agreement::num;
use crate::findings::{Code, Finding, Severity};
use crate::load::Record;
use crate::model::day;
use crate::view::performance::economic_due;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

fn fmt(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    format!("{}", r + 0.0)
}

/// The 履约 findings of one record.
pub fn check(rec: &Record, ctx: &Context) -> Vec<Finding> {
    let p = &rec.project;
    let mut out = Vec::new();
    let mut push = |span, severity, code, msg: String| {
        out.push(at_record(rec, span, severity, code, msg));
    };
    let signed = day(&p.dates.signed);

    // Years.
    let mut seen: BTreeMap<i64, usize> = BTreeMap::new();
    for a in &p.actuals {
        let y = *a.year.get_ref();
        let line = rec.source.pos(a.year.span()).line;
        if !(2000..=2200).contains(&y) {
            push(
                a.year.span(),
                Severity::Error,
                Code::Schema,
                format!(
                    "[[actuals]] 的年度 year = {y} 不对：应为 2000 到 2200 之间的四位年份，如 year = 2026"
                ),
            );
            continue;
        }
        if let Some(first) = seen.get(&y) {
            push(
                a.year.span(),
                Severity::Error,
                Code::Schema,
                format!(
                    "[[actuals]] 年度 {y} 写了两次（第一次在第 {first} 行）。每个年度只写一段实际数：请合并为一段，或改正年份"
                ),
            );
            continue;
        }
        seen.insert(y, line);
        if let Some(r) = &a.reported {
            let r_day = r.get_ref().0;
            if r_day > ctx.as_of {
                push(
                    r.span(),
                    Severity::Error,
                    Code::FutureDate,
                    format!(
                        "[[actuals]] 的填报日期 reported = {} 晚于核查日 {}。请核对日期",
                        r.get_ref(),
                        ctx.as_of
                    ),
                );
            } else if i64::from(r_day.year()) < y {
                push(
                    r.span(),
                    Severity::Error,
                    Code::DateOrder,
                    format!(
                        "[[actuals]] 的填报日期 reported = {} 早于年度 {y}：实际数只能在该年度开始后填报。请核对年份或日期",
                        r.get_ref()
                    ),
                );
            }
        }
        if y > i64::from(ctx.as_of.year()) {
            push(
                a.year.span(),
                Severity::Error,
                Code::FutureDate,
                format!(
                    "[[actuals]] 的年度 {y} 晚于核查日 {} 所在年度：还没到的年度不能有实际数。请核对年份",
                    ctx.as_of
                ),
            );
        } else if let Some(s) = signed
            && y < i64::from(s.year())
        {
            push(
                a.year.span(),
                Severity::Error,
                Code::DateOrder,
                format!(
                    "[[actuals]] 的年度 {y} 早于签约日期 {s}：签约前没有履约实际数。请核对年份或签约日期"
                ),
            );
        }
    }

    let Some(ag) = &p.agreement else {
        if let Some(first) = p.actuals.first() {
            push(
                first.year.span(),
                Severity::Warning,
                Code::Schema,
                "写了年度实际数 [[actuals]]，但没有投资协议约定指标 [agreement]，无法做履约评估。请按投资协议补写 [agreement]（如 output_wan、tax_wan、operate_by），或删去 [[actuals]]".to_string(),
            );
        }
        return out;
    };

    if let (Some(s), Some(o)) = (&ag.start_by, &ag.operate_by)
        && o.get_ref().0 < s.get_ref().0
    {
        push(
            o.span(),
            Severity::Error,
            Code::DateOrder,
            format!(
                "约定投产日期 operate_by = {} 早于约定开工日期 start_by = {}。请按投资协议核对这两个日期",
                o.get_ref(),
                s.get_ref()
            ),
        );
    }

    let land = p.land();
    for (v, key, what) in [
        (&ag.intensity_wan_per_mu, "intensity_wan_per_mu", "投资强度"),
        (&ag.tax_per_mu_wan, "tax_per_mu_wan", "亩均税收"),
    ] {
        if let Some(s) = v
            && land <= 0.0
        {
            push(
                s.span(),
                Severity::Warning,
                Code::Schema,
                format!(
                    "约定了{what} {key}（万元/亩），但本项目没有供地面积 land_mu，无法计算实际{what}，该指标不考核。请补写 land_mu，或删去 {key}"
                ),
            );
        }
    }
    if let (Some(per_mu), Some(tax)) = (&ag.tax_per_mu_wan, num(&ag.tax_wan))
        && land >= 1.0
        && *per_mu.get_ref() > tax
    {
        push(
            per_mu.span(),
            Severity::Warning,
            Code::Schema,
            format!(
                "约定亩均税收 {} 万元/亩 大于约定年税收 {} 万元：供地 {} 亩时亩均税收应为年税收 ÷ 亩数 ≈ {} 万元/亩。是否把单位写成了元/亩？请按投资协议核对（两项都以万元计）",
                fmt(*per_mu.get_ref()),
                fmt(tax),
                fmt(land),
                fmt(tax / land)
            ),
        );
    }
    if let Some(i) = &ag.intensity_wan_per_mu
        && land > 0.0
    {
        let implied = *i.get_ref() * land;
        let total = *p.investment_wan.get_ref();
        if implied > total * 1.0001 {
            push(
                i.span(),
                Severity::Warning,
                Code::Schema,
                format!(
                    "约定投资强度 {} 万元/亩 × 供地 {} 亩 = {} 万元，超过总投资 {} 万元。是否把单位写成了元/亩，或总投资、供地面积有误？请按投资协议核对",
                    fmt(*i.get_ref()),
                    fmt(land),
                    fmt(implied),
                    fmt(total)
                ),
            );
        }
    }

    // A year whose economic indicators are due but not written.
    for a in &p.actuals {
        let y = *a.year.get_ref();
        let Ok(year) = i32::try_from(y) else { continue };
        if seen.get(&y) != Some(&rec.source.pos(a.year.span()).line)
            || y > i64::from(ctx.as_of.year())
        {
            continue;
        }
        let on = NaiveDate::from_ymd_opt(year, 12, 31)
            .unwrap_or(ctx.as_of)
            .min(ctx.as_of);
        if economic_due(p, ag, on).is_none_or(|d| d > on) {
            continue;
        }
        let mut missing = Vec::new();
        if ag.output_wan.is_some() && a.output_wan.is_none() {
            missing.push("output_wan（产值）");
        }
        if (ag.tax_wan.is_some() || (ag.tax_per_mu_wan.is_some() && land > 0.0))
            && a.tax_wan.is_none()
        {
            missing.push("tax_wan（税收）");
        }
        if ag.jobs.is_some() && a.jobs.is_none() {
            missing.push("jobs（就业人数）");
        }
        if !missing.is_empty() {
            push(
                a.year.span(),
                Severity::Warning,
                Code::Schema,
                format!(
                    "{y} 年已到履约考核期，但这一年的实际数没有写 {}，这些指标无法考核。请按统计或税务数据补写",
                    missing.join("、")
                ),
            );
        }
    }
    out
}
