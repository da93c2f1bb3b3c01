//! Derived facts of a project as of a date: stage and tracking level.

use crate::config::Config;
use crate::model::{Project, day};
use chrono::NaiveDate;

/// Lifecycle stage (derived, never typed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Not yet proposed as of the date (no dated fact yet).
    None,
    /// 谋划
    Proposed,
    /// 洽谈
    Negotiating,
    /// 研判
    Assessed,
    /// 审批
    Approved,
    /// 签约
    Signed,
    /// 开工
    Started,
    /// 竣工
    Completed,
    /// 投产
    Operating,
    /// 终止
    Terminated,
}

impl Stage {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Stage::None => "未入库",
            Stage::Proposed => "谋划",
            Stage::Negotiating => "洽谈",
            Stage::Assessed => "研判",
            Stage::Approved => "审批",
            Stage::Signed => "签约",
            Stage::Started => "开工",
            Stage::Completed => "竣工",
            Stage::Operating => "投产",
            Stage::Terminated => "终止",
        }
    }
}

/// The stage of a project as of a date.
pub fn stage(p: &Project, as_of: NaiveDate) -> Stage {
    let d = &p.dates;
    if day(&d.terminated).is_some_and(|t| t <= as_of) {
        return Stage::Terminated;
    }
    let chain = [
        (&d.operating, Stage::Operating),
        (&d.completed, Stage::Completed),
        (&d.started, Stage::Started),
        (&d.signed, Stage::Signed),
        (&d.approved, Stage::Approved),
        (&d.assessed, Stage::Assessed),
        (&d.negotiating, Stage::Negotiating),
        (&d.proposed, Stage::Proposed),
    ];
    chain
        .into_iter()
        .filter(|(date, _)| day(date).is_some_and(|x| x <= as_of))
        .map(|(_, s)| s)
        .max()
        .unwrap_or(Stage::None)
}

/// Tracking level [贵州 一(二)4, (四)4, (五)2]: only for 重点产业 projects, on the
/// 单个合同投资额 (`contract_wan`, else `investment_wan`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tracking {
    /// Not in a 重点产业 (`key_industry` unset and the category not in
    /// `[tracking] industries`): not tracked by level.
    NotKey,
    /// Below the county threshold.
    None,
    /// 县级.
    County,
    /// 市级.
    City,
    /// 省级重点跟踪.
    Province,
}

impl Tracking {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Tracking::NotKey => "非重点产业，不分级跟踪",
            Tracking::None => "—",
            Tracking::County => "县级",
            Tracking::City => "市级",
            Tracking::Province => "省级",
        }
    }
}

/// Whether a project is in a 重点产业 [贵州 一]: `key_industry = true`, or its category
/// is listed in `[tracking] industries`; with no such list every project is.
pub fn key_industry(cfg: &Config, p: &Project) -> bool {
    let list = &cfg.tracking.industries;
    p.key_industry || list.is_empty() || list.iter().any(|c| c.get_ref() == p.category.get_ref())
}

/// The amount the tracking level is judged on (万元): the 单个合同投资额 `contract_wan`
/// when given, else the total `investment_wan`.
pub fn tracking_amount(p: &Project) -> f64 {
    *p.contract_wan
        .as_ref()
        .unwrap_or(&p.investment_wan)
        .get_ref()
}

/// Tracking level of a project (thresholds inclusive: exactly 10 亿元 is 省级).
pub fn tracking(cfg: &Config, p: &Project) -> Tracking {
    if !key_industry(cfg, p) {
        return Tracking::NotKey;
    }
    let t = &cfg.tracking;
    let inv = tracking_amount(p);
    if inv >= t.province_wan {
        Tracking::Province
    } else if inv >= t.city_wan {
        Tracking::City
    } else if inv >= t.county_wan {
        Tracking::County
    } else {
        Tracking::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(category: &str, extra: &str) -> Project {
        toml::from_str(&format!(
            "id = \"p\"\nname = \"项目\"\ncategory = \"{category}\"\nunit = \"a\"\n{extra}\n"
        ))
        .expect("record")
    }

    fn level(cfg: &Config, category: &str, extra: &str) -> Tracking {
        tracking(cfg, &project(category, extra))
    }

    #[test]
    fn thresholds_are_inclusive_on_the_contract_amount_else_the_total() {
        let cfg = Config::default();
        for (inv, want) in [
            ("100000", Tracking::Province),
            ("99999.99", Tracking::City),
            ("50000", Tracking::City),
            ("10000", Tracking::County),
            ("9999.99", Tracking::None),
        ] {
            assert_eq!(
                level(&cfg, "工业", &format!("investment_wan = {inv}")),
                want,
                "{inv}"
            );
            // The same amount as the contract, under a total on the other side of it.
            let other = if want == Tracking::None { 200000 } else { 1 };
            assert_eq!(
                level(
                    &cfg,
                    "工业",
                    &format!("investment_wan = {other}\ncontract_wan = {inv}")
                ),
                want,
                "contract {inv}"
            );
        }
    }

    #[test]
    fn only_key_industries_are_tracked_once_a_list_is_configured() {
        let mut cfg = Config::default();
        assert_eq!(
            level(&cfg, "文旅", "investment_wan = 100000"),
            Tracking::Province
        );
        cfg.tracking.industries = vec![toml::Spanned::new(0..0, "工业".to_string())];
        assert_eq!(
            level(&cfg, "工业", "investment_wan = 100000"),
            Tracking::Province
        );
        assert_eq!(
            level(&cfg, "文旅", "investment_wan = 100000"),
            Tracking::NotKey
        );
        assert_eq!(
            level(&cfg, "文旅", "investment_wan = 100000\nkey_industry = true"),
            Tracking::Province
        );
        assert_eq!(Tracking::NotKey.label(), "非重点产业，不分级跟踪");
    }
}
