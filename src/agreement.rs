//! 履约 (issue 13.2) record types: the investment agreement's indicators
//! (`[agreement]`) and the yearly actuals (`[[actuals]]`) of a project record
//! [谯城 七：制定产业项目履约评估体系，组织实施履约考核]. Both are optional, so
//! records written before them read unchanged. The evaluation is in
//! [`crate::view::performance`], the checks in [`crate::rules::performance`].

use crate::model::{Date, MAX_WAN, SDate, Spanned, check_number};
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};

/// The most jobs an agreement or a year may name (far above any county project).
pub const MAX_JOBS: i64 = 1_000_000;

fn opt_spanned_number<'de, D: Deserializer<'de>>(
    d: D,
    max: f64,
    what: &str,
) -> Result<Option<Spanned<f64>>, D::Error> {
    let s = Spanned::<f64>::deserialize(d)?;
    check_number(*s.get_ref(), 0.0, max, what).map_err(de::Error::custom)?;
    Ok(Some(s))
}

/// An optional amount in 万元 (`0..=`[`MAX_WAN`], finite), keeping its span.
fn opt_spanned_wan<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<f64>>, D::Error> {
    opt_spanned_number(d, MAX_WAN, "万元；1 亿万元即 1 万亿元")
}

/// An optional 投资强度 or 亩均税收 in 万元/亩, keeping its span.
fn opt_spanned_per_mu<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<f64>>, D::Error> {
    opt_spanned_number(d, MAX_WAN, "万元/亩")
}

/// An optional head count (`0..=`[`MAX_JOBS`]), keeping its span.
fn opt_spanned_jobs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<u32>>, D::Error> {
    let s = Spanned::<i64>::deserialize(d)?;
    let (span, v) = (s.span(), *s.get_ref());
    if !(0..=MAX_JOBS).contains(&v) {
        return Err(de::Error::custom(format!(
            "取值 {v} 超出允许范围：就业人数应为 0 到 {MAX_JOBS} 之间的整数（人）。请核对是否写成了负数或多写了位数"
        )));
    }
    Ok(Some(Spanned::new(span, v as u32)))
}

/// `[agreement]`：投资协议约定的履约指标 [谯城 七]，都可省略；只考核写了的指标。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// 约定投资强度（万元/亩）：累计完成投资 ÷ 供地面积 land_mu；须写 land_mu。约定投产日期起考核。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_per_mu")]
    pub intensity_wan_per_mu: Option<Spanned<f64>>,
    /// 约定年产值（万元）。投产后（约定投产日期或实际投产日期起）按年度实际数考核。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_wan")]
    pub output_wan: Option<Spanned<f64>>,
    /// 约定年税收（万元）。投产后按年度实际数考核。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_wan")]
    pub tax_wan: Option<Spanned<f64>>,
    /// 约定亩均税收（万元/亩）：年税收 ÷ 供地面积 land_mu；须写 land_mu。投产后按年度实际数考核。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_per_mu")]
    pub tax_per_mu_wan: Option<Spanned<f64>>,
    /// 约定就业人数（人）。投产后按年度实际数考核。
    #[schemars(with = "Option<u32>", range(min = 0, max = 1000000))]
    #[serde(default, deserialize_with = "opt_spanned_jobs")]
    pub jobs: Option<Spanned<u32>>,
    /// 约定开工日期：逾期超过配置 [performance] start_grace_days 天仍未开工（[dates] started）为严重违约。
    #[schemars(with = "Option<Date>")]
    #[serde(default)]
    pub start_by: SDate,
    /// 约定投产日期：逾期超过配置 [performance] operate_grace_days 天仍未投产（[dates] operating）为严重违约；
    /// 投资强度和各项经济指标自这一年起考核。
    #[schemars(with = "Option<Date>")]
    #[serde(default)]
    pub operate_by: SDate,
}

/// `[[actuals]]`：一个年度的实际数（每年一段），与 [agreement] 的约定指标对照考核。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Actual {
    /// 年度，如 2026（不能晚于核查日所在年度，不能早于签约年度；同一年度只写一段）。
    #[schemars(with = "i32", range(min = 2000, max = 2200))]
    pub year: Spanned<i64>,
    /// 当年产值（万元，可选）。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_wan")]
    pub output_wan: Option<Spanned<f64>>,
    /// 当年税收（万元，可选）；亩均税收由它除以 land_mu 算出。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_wan")]
    pub tax_wan: Option<Spanned<f64>>,
    /// 年末就业人数（人，可选）。
    #[schemars(with = "Option<u32>", range(min = 0, max = 1000000))]
    #[serde(default, deserialize_with = "opt_spanned_jobs")]
    pub jobs: Option<Spanned<u32>>,
    /// 截至年末累计完成投资（万元，可选）；不写时取月调度报告 [[reports]] 中到该年年末的 invested_wan 之和。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_wan")]
    pub invested_wan: Option<Spanned<f64>>,
    /// 填报日期（登记日期，可选）：此前的季度赛拼和评估看不到这一年的实际数；不写时各期都计入。
    #[schemars(with = "Option<Date>")]
    #[serde(default)]
    pub reported: SDate,
}

impl Actual {
    /// Whether the figures were known on `as_of` (no `reported` date: always).
    pub fn known(&self, as_of: chrono::NaiveDate) -> bool {
        crate::model::day(&self.reported).is_none_or(|d| d <= as_of)
    }
}

/// Read the number out of a spanned optional number.
pub fn num(v: &Option<Spanned<f64>>) -> Option<f64> {
    v.as_ref().map(|s| *s.get_ref())
}

/// Read the count out of a spanned optional count.
pub fn count(v: &Option<Spanned<u32>>) -> Option<u32> {
    v.as_ref().map(|s| *s.get_ref())
}
