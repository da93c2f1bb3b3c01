//! 履约评估 [谯城 七；贵州 二(二)1]: each project with an `[agreement]` judged per
//! year against its `[[actuals]]` and its agreed start and operation dates.
//!
//! * 严重违约 (suggest 清退): an agreed date passed by more than the grace days
//!   without the fact, or a due ratio indicator below `serious`.
//! * 未达标 (suggest 二次招商 when the investment is done, else 督促完成投资): a due
//!   ratio indicator below `met`.
//! * 履约 (兑现优惠政策): every due indicator met.
//! * 未到考核期: nothing due yet.
//!
//! Pure: no I/O; the site and `check` call it.

use crate::agreement::{Agreement, count, num};
use crate::model::{Project, day};
use chrono::{Datelike, Duration, NaiveDate};
use schemars::JsonSchema;
use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tolerance of ratio comparisons (a ratio exactly at a threshold is on its upper side).
const EPS: f64 = 1e-9;

/// Largest ratio threshold (10 = ten times the agreed value).
pub const MAX_RATIO: f64 = 10.0;
/// Longest grace in days (ten years).
pub const MAX_GRACE_DAYS: i64 = 3660;

fn ratio<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    crate::model::check_number(v, 0.0, MAX_RATIO, "实际数与约定数之比；1 即 100%")
        .map_err(de::Error::custom)
}

fn grace<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = i64::deserialize(d)?;
    if !(0..=MAX_GRACE_DAYS).contains(&v) {
        return Err(de::Error::custom(format!(
            "取值 {v} 超出允许范围：应为 0 到 {MAX_GRACE_DAYS} 之间的整数（自然日天数）。请核对是否多写了位数"
        )));
    }
    Ok(v as u32)
}

/// `[performance]`：履约评估的界限 [谯城 七]。
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PerformanceConfig {
    /// 达标比例（默认 1，即 100%）：实际数不低于约定数的这个比例，该指标即达到约定。
    #[serde(deserialize_with = "ratio")]
    #[schemars(range(min = 0, max = 10))]
    pub met: f64,
    /// 严重违约比例（默认 0.5，即 50%）：任一已到考核期的指标（投资强度、年产值、年税收、亩均税收、就业人数）
    /// 低于约定数的这个比例即为严重违约，建议按协议清退。应不大于 met。
    #[serde(deserialize_with = "ratio")]
    #[schemars(range(min = 0, max = 10))]
    pub serious: f64,
    /// 开工宽限（自然日，默认 180）：超过约定开工日期 start_by 这么多天仍未开工即为严重违约。
    #[serde(deserialize_with = "grace")]
    #[schemars(range(min = 0, max = 3660))]
    pub start_grace_days: u32,
    /// 投产宽限（自然日，默认 180）：超过约定投产日期 operate_by 这么多天仍未投产即为严重违约。
    #[serde(deserialize_with = "grace")]
    #[schemars(range(min = 0, max = 3660))]
    pub operate_grace_days: u32,
}

impl Default for PerformanceConfig {
    fn default() -> Self {
        PerformanceConfig {
            met: 1.0,
            serious: 0.5,
            start_grace_days: 180,
            operate_grace_days: 180,
        }
    }
}

/// The verdict of one project and year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Verdict {
    /// 严格履约：兑现招商引资优惠政策。
    #[serde(rename = "met")]
    Met,
    /// 未达到约定指标：已完成投资的协助二次招商。
    #[serde(rename = "short")]
    Short,
    /// 严重违约：按协议清退。
    #[serde(rename = "serious")]
    Serious,
    /// 没有到考核期的指标。
    #[serde(rename = "not-due")]
    NotDue,
}

impl Verdict {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "履约",
            Verdict::Short => "未达标",
            Verdict::Serious => "严重违约",
            Verdict::NotDue => "未到考核期",
        }
    }
    /// The ASCII key (CSS class, JSON).
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Short => "short",
            Verdict::Serious => "serious",
            Verdict::NotDue => "not-due",
        }
    }
}

/// An agreed indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Indicator {
    /// 约定开工日期。
    #[serde(rename = "start_by")]
    Start,
    /// 约定投产日期。
    #[serde(rename = "operate_by")]
    Operate,
    /// 投资强度（万元/亩）。
    #[serde(rename = "intensity_wan_per_mu")]
    Intensity,
    /// 年产值（万元）。
    #[serde(rename = "output_wan")]
    Output,
    /// 年税收（万元）。
    #[serde(rename = "tax_wan")]
    Tax,
    /// 亩均税收（万元/亩）。
    #[serde(rename = "tax_per_mu_wan")]
    TaxPerMu,
    /// 就业人数（人）。
    #[serde(rename = "jobs")]
    Jobs,
}

impl Indicator {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Indicator::Start => "开工",
            Indicator::Operate => "投产",
            Indicator::Intensity => "投资强度",
            Indicator::Output => "年产值",
            Indicator::Tax => "年税收",
            Indicator::TaxPerMu => "亩均税收",
            Indicator::Jobs => "就业人数",
        }
    }
    /// The unit of its values ("" for dates).
    pub fn unit(self) -> &'static str {
        match self {
            Indicator::Start | Indicator::Operate => "",
            Indicator::Intensity | Indicator::TaxPerMu => "万元/亩",
            Indicator::Output | Indicator::Tax => "万元",
            Indicator::Jobs => "人",
        }
    }
    /// Whether it is an economic indicator (二次招商 helps with these).
    pub fn economic(self) -> bool {
        matches!(
            self,
            Indicator::Output | Indicator::Tax | Indicator::TaxPerMu | Indicator::Jobs
        )
    }
}

/// How one indicator stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Status {
    /// Met (a date: the fact happened; a ratio: at or above `met`).
    #[serde(rename = "met")]
    Met,
    /// A ratio in `serious..met`.
    #[serde(rename = "short")]
    Short,
    /// A ratio below `serious`, or a date passed beyond the grace without the fact.
    #[serde(rename = "serious")]
    Serious,
    /// A date passed, the fact not yet there, still within the grace.
    #[serde(rename = "grace")]
    Grace,
    /// Not due in this year.
    #[serde(rename = "not-due")]
    NotDue,
    /// Due, but the year's actual is not written (or land is 0 for a per-亩 figure).
    #[serde(rename = "unreported")]
    Unreported,
}

impl Status {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Status::Met => "达到约定",
            Status::Short => "未达到约定",
            Status::Serious => "严重不足",
            Status::Grace => "宽限期内",
            Status::NotDue => "未到考核期",
            Status::Unreported => "未填报",
        }
    }
}

/// One indicator of one year: agreed and actual (numbers, or dates as `YYYY-MM-DD`
/// in `agreed_on`/`actual_on`), their ratio and its status.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Which indicator.
    pub indicator: Indicator,
    /// The agreed number (ratio indicators).
    pub agreed: Option<f64>,
    /// The actual number (ratio indicators), when known.
    pub actual: Option<f64>,
    /// actual ÷ agreed, when both are known and agreed > 0.
    pub ratio: Option<f64>,
    /// The agreed date (开工, 投产).
    pub agreed_on: Option<NaiveDate>,
    /// The actual date of the fact (开工, 投产), when it happened by the evaluation date.
    pub actual_on: Option<NaiveDate>,
    /// Days from the agreed date to the fact, or to the evaluation date when the fact
    /// is missing (dates only; positive = late).
    pub days_late: Option<i64>,
    /// The indicator's standing.
    pub status: Status,
    /// From when the indicator is due.
    pub due: NaiveDate,
}

/// The evaluation of one project in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The project id.
    pub project: String,
    /// The landing unit on the evaluation date.
    pub unit: String,
    /// The year evaluated.
    pub year: i32,
    /// The evaluation date: the year's end, or the as-of date within the as-of year.
    pub on: NaiveDate,
    /// Whether `[[actuals]]` has this year.
    pub has_actuals: bool,
    /// The verdict.
    pub verdict: Verdict,
    /// Every agreed indicator, in [`Indicator`] order.
    pub measures: Vec<Measure>,
    /// The indicator that decided the verdict (index into `measures`).
    pub decided_by: Option<usize>,
    /// The rule applied, said in Chinese.
    pub rule: String,
    /// What to do, per the seed [谯城 七].
    pub suggestion: String,
}

impl Evaluation {
    /// The deciding measure.
    pub fn decider(&self) -> Option<&Measure> {
        self.decided_by.and_then(|i| self.measures.get(i))
    }
}

/// The last day of a year.
fn year_end(y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// From when the economic indicators and the 投资强度 are due: the agreed operation
/// date, else the actual one (as known on `on`); `None` = not yet due at all.
pub fn economic_due(p: &Project, a: &Agreement, on: NaiveDate) -> Option<NaiveDate> {
    day(&a.operate_by).or_else(|| day(&p.dates.operating).filter(|d| *d <= on))
}

/// 累计完成投资 at the end of `year` (as known on `on`): the year's `invested_wan`
/// in `[[actuals]]`, else the sum of `[[reports]] invested_wan` of months up to then.
pub fn invested_to(p: &Project, year: i32, on: NaiveDate) -> f64 {
    if let Some(v) = p
        .actuals
        .iter()
        .find(|a| *a.year.get_ref() == i64::from(year) && a.known(on))
        .and_then(|a| num(&a.invested_wan))
    {
        return v;
    }
    let last = (on.year(), on.month());
    p.reports
        .iter()
        .filter(|r| r.ym().is_some_and(|ym| ym <= last))
        .filter_map(|r| r.invested_wan)
        .sum()
}

fn ratio_measure(
    indicator: Indicator,
    agreed: Option<f64>,
    actual: Option<f64>,
    due: Option<NaiveDate>,
    on: NaiveDate,
    cfg: &PerformanceConfig,
) -> Option<Measure> {
    let agreed = agreed.filter(|v| *v > 0.0)?;
    let due_day = due.unwrap_or(NaiveDate::MAX);
    let ratio = actual.map(|v| v / agreed);
    let status = if due_day > on {
        Status::NotDue
    } else {
        match ratio {
            None => Status::Unreported,
            Some(r) if r + EPS >= cfg.met => Status::Met,
            Some(r) if r + EPS >= cfg.serious => Status::Short,
            Some(_) => Status::Serious,
        }
    };
    Some(Measure {
        indicator,
        agreed: Some(agreed),
        actual,
        ratio,
        agreed_on: None,
        actual_on: None,
        days_late: None,
        status,
        due: due_day,
    })
}

fn date_measure(
    indicator: Indicator,
    agreed: NaiveDate,
    fact: Option<NaiveDate>,
    grace_days: u32,
    on: NaiveDate,
) -> Measure {
    let fact = fact.filter(|d| *d <= on);
    let status = match fact {
        Some(_) => Status::Met,
        None if on <= agreed => Status::NotDue,
        None if on <= agreed + Duration::days(i64::from(grace_days)) => Status::Grace,
        None => Status::Serious,
    };
    let days_late = match (status, fact) {
        (Status::NotDue, _) => None,
        (_, Some(f)) => Some((f - agreed).num_days()),
        (_, None) => Some((on - agreed).num_days()),
    };
    Measure {
        indicator,
        agreed: None,
        actual: None,
        ratio: None,
        agreed_on: Some(agreed),
        actual_on: fact,
        days_late,
        status,
        due: agreed,
    }
}

/// A ratio as a percentage with one decimal, rounded down (99.99% reads 99.9%, never
/// 100%, so a shortfall never reads as the threshold).
fn pct(r: f64) -> String {
    let v = (r * 1000.0 + 1e-6).floor() / 10.0;
    format!("{}%", v + 0.0)
}

/// Evaluate a project with an agreement in `year`, as known on `as_of` (facts dated
/// after the evaluation date are ignored). `None` without an `[agreement]`.
pub fn evaluate(
    p: &Project,
    year: i32,
    as_of: NaiveDate,
    cfg: &PerformanceConfig,
) -> Option<Evaluation> {
    let a = p.agreement.as_ref()?;
    let on = year_end(year).min(as_of);
    let actual = p
        .actuals
        .iter()
        .find(|x| *x.year.get_ref() == i64::from(year) && x.known(as_of));
    let land = p.land();
    let econ_due = economic_due(p, a, on);
    let mut measures = Vec::new();
    if let Some(d) = day(&a.start_by) {
        measures.push(date_measure(
            Indicator::Start,
            d,
            day(&p.dates.started),
            cfg.start_grace_days,
            on,
        ));
    }
    if let Some(d) = day(&a.operate_by) {
        measures.push(date_measure(
            Indicator::Operate,
            d,
            day(&p.dates.operating),
            cfg.operate_grace_days,
            on,
        ));
    }
    let per_mu = |v: Option<f64>| v.filter(|_| land > 0.0).map(|v| v / land);
    let invested = per_mu(Some(invested_to(p, year, on)));
    let tax = actual.and_then(|x| num(&x.tax_wan));
    let rows = [
        (Indicator::Intensity, num(&a.intensity_wan_per_mu), invested),
        (
            Indicator::Output,
            num(&a.output_wan),
            actual.and_then(|x| num(&x.output_wan)),
        ),
        (Indicator::Tax, num(&a.tax_wan), tax),
        (Indicator::TaxPerMu, num(&a.tax_per_mu_wan), per_mu(tax)),
        (
            Indicator::Jobs,
            count(&a.jobs).map(f64::from),
            actual.and_then(|x| count(&x.jobs)).map(f64::from),
        ),
    ];
    for (ind, agreed, act) in rows {
        measures.extend(ratio_measure(ind, agreed, act, econ_due, on, cfg));
    }

    // The deciding measure of a status: the lowest ratio, then indicator order; a
    // date (no ratio) comes first for 严重违约 (not started is the gravest breach) and
    // last for 履约 (the tightest ratio says more than a date kept).
    let lowest = |st: Status| {
        let date_rank = if st == Status::Met {
            f64::INFINITY
        } else {
            f64::NEG_INFINITY
        };
        measures
            .iter()
            .enumerate()
            .filter(|(_, m)| m.status == st)
            .min_by(|(ia, a), (ib, b)| {
                let ra = a.ratio.unwrap_or(date_rank);
                let rb = b.ratio.unwrap_or(date_rank);
                ra.total_cmp(&rb).then(ia.cmp(ib))
            })
            .map(|(i, _)| i)
    };
    let invest_done = !measures
        .iter()
        .any(|m| m.indicator == Indicator::Intensity && m.status != Status::Met);
    let grace = |m: &Measure| match m.indicator {
        Indicator::Start => cfg.start_grace_days,
        _ => cfg.operate_grace_days,
    };
    let (verdict, decided_by, rule, suggestion) = if let Some(i) = lowest(Status::Serious) {
        let m = &measures[i];
        let rule = match m.ratio {
            Some(r) => format!(
                "{}为约定的 {}，低于严重违约界限 {}",
                m.indicator.label(),
                pct(r),
                pct(cfg.serious)
            ),
            None => format!(
                "超过约定{}日期 {} 天仍未{}，超过宽限 {} 天",
                m.indicator.label(),
                m.days_late.unwrap_or(0),
                m.indicator.label(),
                grace(m),
            ),
        };
        (
            Verdict::Serious,
            Some(i),
            rule,
            "严重违约：按协议条款约定和相关法律法规清退，严控资源利用，避免闲置浪费".to_string(),
        )
    } else if let Some(i) = lowest(Status::Short) {
        let m = &measures[i];
        let rule = format!(
            "{}为约定的 {}，低于达标比例 {}，不低于严重违约界限 {}",
            m.indicator.label(),
            pct(m.ratio.unwrap_or(0.0)),
            pct(cfg.met),
            pct(cfg.serious)
        );
        let suggestion = if invest_done && m.indicator.economic() {
            "已完成投资但未达到协议约定经济指标：协助企业开展二次招商，引入合作伙伴，促进项目转型升级"
        } else {
            "投资未达到协议约定：督促企业按协议完成投资"
        };
        (Verdict::Short, Some(i), rule, suggestion.to_string())
    } else if let Some(i) = lowest(Status::Met).filter(|&i| {
        // 履约 needs a figure met, or every indicator decided: an agreed start kept
        // while the figures wait for the operation date is not yet a 履约.
        measures[i].ratio.is_some() || measures.iter().all(|m| m.status == Status::Met)
    }) {
        let m = &measures[i];
        let rule = match m.ratio {
            Some(r) => format!(
                "已到考核期的指标均达到约定；最低的是{}，为约定的 {}（达标比例 {}）",
                m.indicator.label(),
                pct(r),
                pct(cfg.met)
            ),
            None => format!(
                "已到考核期的指标均达到约定（已按约定{}）",
                m.indicator.label()
            ),
        };
        (
            Verdict::Met,
            Some(i),
            rule,
            "严格履约：按协议约定兑现招商引资优惠政策".to_string(),
        )
    } else {
        let next = measures
            .iter()
            .enumerate()
            .filter(|(_, m)| matches!(m.status, Status::NotDue | Status::Grace))
            .min_by_key(|(i, m)| (m.due, *i))
            .map(|(i, _)| i);
        let rule = match next.map(|i| &measures[i]) {
            Some(m) if m.status == Status::Grace => format!(
                "约定{}日期已过 {} 天，仍在宽限 {} 天内",
                m.indicator.label(),
                m.days_late.unwrap_or(0),
                grace(m)
            ),
            Some(m) if m.due < NaiveDate::MAX => {
                let pending: Vec<&str> = measures
                    .iter()
                    .filter(|x| x.status == Status::NotDue && x.due == m.due)
                    .map(|x| x.indicator.label())
                    .collect();
                let kept: Vec<&str> = measures
                    .iter()
                    .filter(|x| x.status == Status::Met)
                    .map(|x| x.indicator.label())
                    .collect();
                let kept = if kept.is_empty() {
                    String::new()
                } else {
                    format!("已按约定{}；", kept.join("、"))
                };
                format!("{kept}{} 起考核{}", m.due, pending.join("、"))
            }
            _ => "尚无到期的约定指标（经济指标自约定投产日期或实际投产日期起考核）".to_string(),
        };
        (
            Verdict::NotDue,
            next,
            rule,
            "继续跟踪服务，到期后考核".to_string(),
        )
    };
    Some(Evaluation {
        project: p.id.get_ref().clone(),
        unit: p.unit_on(on).to_string(),
        year,
        on,
        has_actuals: actual.is_some(),
        verdict,
        measures,
        decided_by,
        rule,
        suggestion,
    })
}

/// Whether a project is evaluated as of a date: it has an agreement, is signed by
/// then and not terminated by then.
pub fn evaluated(p: &Project, as_of: NaiveDate) -> bool {
    p.agreement.is_some()
        && day(&p.dates.signed).is_some_and(|d| d <= as_of)
        && day(&p.dates.terminated).is_none_or(|d| d > as_of)
}

/// The years a project is evaluated in as of a date: the years of its `[[actuals]]`
/// from the signing year to the as-of year, and the as-of year; ascending.
pub fn years(p: &Project, as_of: NaiveDate) -> Vec<i32> {
    if !evaluated(p, as_of) {
        return Vec::new();
    }
    let signed = day(&p.dates.signed).map_or(as_of.year(), |d| d.year());
    let mut ys: Vec<i32> = p
        .actuals
        .iter()
        .filter(|a| a.known(as_of))
        .filter_map(|a| i32::try_from(*a.year.get_ref()).ok())
        .filter(|y| (signed..=as_of.year()).contains(y))
        .collect();
    ys.push(as_of.year());
    ys.sort_unstable();
    ys.dedup();
    ys
}

/// Every year's evaluation of a project as of a date (ascending years).
pub fn history(p: &Project, as_of: NaiveDate, cfg: &PerformanceConfig) -> Vec<Evaluation> {
    years(p, as_of)
        .into_iter()
        .filter_map(|y| evaluate(p, y, as_of, cfg))
        .collect()
}

/// A project's standing as of a date: the as-of year's evaluation when that year has
/// actuals or is 严重违约 (an agreed date passed beyond its grace, the investment far
/// short); otherwise the latest earlier year with actuals that was judged (not
/// 未到考核期); else the as-of year's. `None` when the project is not evaluated.
pub fn current(p: &Project, as_of: NaiveDate, cfg: &PerformanceConfig) -> Option<Evaluation> {
    let hist = history(p, as_of, cfg);
    let now = hist.last()?.clone();
    if now.has_actuals || now.verdict == Verdict::Serious {
        return Some(now);
    }
    Some(
        hist.iter()
            .rev()
            .find(|e| e.has_actuals && e.verdict != Verdict::NotDue)
            .cloned()
            .unwrap_or(now),
    )
}

/// Counts of current verdicts of one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// 履约.
    pub met: usize,
    /// 未达标.
    pub short: usize,
    /// 严重违约.
    pub serious: usize,
    /// 未到考核期.
    pub not_due: usize,
}

impl Counts {
    /// Add one verdict.
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Met => self.met += 1,
            Verdict::Short => self.short += 1,
            Verdict::Serious => self.serious += 1,
            Verdict::NotDue => self.not_due += 1,
        }
    }
    /// All projects counted.
    pub fn total(&self) -> usize {
        self.met + self.short + self.serious + self.not_due
    }
}

/// Every evaluated project's current standing as of a date, sorted by project id.
pub fn standings<'a>(
    projects: impl IntoIterator<Item = &'a Project>,
    as_of: NaiveDate,
    cfg: &PerformanceConfig,
) -> Vec<Evaluation> {
    let mut out: Vec<Evaluation> = projects
        .into_iter()
        .filter_map(|p| current(p, as_of, cfg))
        .collect();
    out.sort_by(|a, b| a.project.cmp(&b.project));
    out
}

/// Current verdicts counted per unit (the landing unit on the evaluation date).
pub fn counts_by_unit(evals: &[Evaluation]) -> BTreeMap<String, Counts> {
    let mut out: BTreeMap<String, Counts> = BTreeMap::new();
    for e in evals {
        out.entry(e.unit.clone()).or_default().add(e.verdict);
    }
    out
}

#[cfg(test)]
mod tests;
