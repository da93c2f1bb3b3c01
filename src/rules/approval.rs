//! Approval tiers [磐安 二(五), 附件3-4]: which steps a project needs before
//! `approved`, and whether its `[[approvals]]` chain has them in order.

use super::at_record;
use crate::config::Config;
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::{Project, Unit};
use chrono::NaiveDate;

/// The step of the 招商引资工作领导小组's review [磐安 附件3; 谯城 六], as written in
/// `[[approvals]]`.
pub const LEADING_GROUP_STEP: &str = "领导小组审议";

/// Whether a chain has `step` (names compared after trimming whitespace).
pub(crate) fn is_step(a: &crate::model::Approval, step: &str) -> bool {
    a.step.get_ref().trim() == step.trim()
}

/// Category class for the land bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// 工业类.
    Industrial,
    /// 文旅、康养、服务业、农业、商业等.
    Service,
    /// Neither: uses the service (stricter) bounds.
    Other,
}

/// Which approval path applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tier {
    /// 第 1–3 级 (county path).
    County(u8),
    /// A self-approving zone within its bound.
    Zone,
    /// A self-approving zone above its bound (or 一事一议).
    ZoneOver,
}

impl Tier {
    /// Chinese label.
    pub fn label(self) -> String {
        match self {
            Tier::County(n) => format!("第 {n} 级审批"),
            Tier::Zone => "开发区自行审批".into(),
            Tier::ZoneOver => "超出开发区审批权限、报县审批".into(),
        }
    }
}

/// The approval a project needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// Which tier.
    pub tier: Tier,
    /// Required steps in order.
    pub steps: Vec<String>,
    /// Why, in Chinese (category, land, 一事一议).
    pub reason: String,
}

/// The land area exactly as recorded (shortest form that reads back the same value):
/// 50.004 亩 must not read "50 亩" against a 50 亩 bound.
fn fmt_mu(x: f64) -> String {
    format!("{x}")
}

/// The class of a category.
pub fn class_of(cfg: &Config, category: &str) -> Class {
    if cfg.approval.industrial.iter().any(|c| c == category) {
        Class::Industrial
    } else if cfg.approval.service.iter().any(|c| c == category) {
        Class::Service
    } else {
        Class::Other
    }
}

/// The approval requirement of a project landing in `unit`.
pub fn required(cfg: &Config, p: &Project, unit: Option<&Unit>) -> Requirement {
    let a = &cfg.approval;
    let land = p.land();
    let category = p.category.get_ref();
    let special = if p.special_policy {
        "，涉及“一事一议”提级审批"
    } else {
        ""
    };
    if let Some(max) = unit.and_then(|u| u.self_approval_max_mu) {
        let uname = unit.map(|u| u.name.as_str()).unwrap_or("");
        let within = land <= max && !p.special_policy;
        let reason = format!(
            "{uname}自行审批权限为供地 {} 亩（含）以下，本项目供地 {} 亩{special}",
            fmt_mu(max),
            fmt_mu(land)
        );
        return if within {
            Requirement {
                tier: Tier::Zone,
                steps: a.self_steps.clone(),
                reason,
            }
        } else {
            Requirement {
                tier: Tier::ZoneOver,
                steps: a.self_over_steps.clone(),
                reason,
            }
        };
    }
    let class = class_of(cfg, category);
    let (t1, cname) = match class {
        Class::Industrial => (a.industrial_tier1_max_mu, "工业类"),
        Class::Service => (a.service_tier1_max_mu, "服务业等类"),
        Class::Other => (a.service_tier1_max_mu, "未归类（按服务业等类标准）"),
    };
    let (base, why) = if land <= 0.0 {
        (1, "非供地项目".to_string())
    } else if land <= t1 {
        (
            1,
            format!(
                "{cname}供地 {} 亩，在 {} 亩（含）以下",
                fmt_mu(land),
                fmt_mu(t1)
            ),
        )
    } else if land <= a.tier2_max_mu {
        (
            2,
            format!(
                "{cname}供地 {} 亩，在 {}–{} 亩（含）之间",
                fmt_mu(land),
                fmt_mu(t1),
                fmt_mu(a.tier2_max_mu)
            ),
        )
    } else {
        (
            3,
            format!(
                "供地 {} 亩，超过 {} 亩",
                fmt_mu(land),
                fmt_mu(a.tier2_max_mu)
            ),
        )
    };
    let tier = if p.special_policy {
        (base + 1).min(3)
    } else {
        base
    };
    let mut steps = match tier {
        1 => a.tier1_steps.clone(),
        2 => a.tier2_steps.clone(),
        _ => a.tier3_steps.clone(),
    };
    let mut reason = format!("「{category}」{why}{special}");
    // [磐安 附件3]: 研判 → 领导小组审议 → 审批, when the county has chosen this rule.
    if cfg.rules.leading_group_review && !steps.iter().any(|s| s.trim() == LEADING_GROUP_STEP) {
        steps.insert(0, LEADING_GROUP_STEP.to_string());
        reason.push_str("；本县规定研判通过后须先经领导小组审议，再按层级审批");
    }
    Requirement {
        tier: Tier::County(tier),
        steps,
        reason,
    }
}

/// One required step and the date it was taken, if it was.
#[derive(Debug, Clone, PartialEq)]
pub struct StepStatus {
    /// Step name.
    pub step: String,
    /// Date taken (the latest on or before `approved`, else the earliest).
    pub on: Option<NaiveDate>,
}

/// Match the required steps against the chain taken.
pub fn match_steps(req: &Requirement, p: &Project, approved: Option<NaiveDate>) -> Vec<StepStatus> {
    req.steps
        .iter()
        .map(|s| {
            let dates: Vec<NaiveDate> = p
                .approvals
                .iter()
                .filter(|a| is_step(a, s))
                .map(|a| a.on.get_ref().0)
                .collect();
            let ok = dates
                .iter()
                .filter(|d| approved.is_none_or(|ap| **d <= ap))
                .max();
            StepStatus {
                step: s.clone(),
                on: ok.or(dates.iter().min()).copied(),
            }
        })
        .collect()
}

/// Check the approval chain of a record that has `approved`.
pub fn check(ledger: &Ledger, rec: &Record, cfg: &Config) -> Option<Finding> {
    let p = &rec.project;
    let approved = p.dates.approved.as_ref()?;
    let ap = approved.get_ref().0;
    // The path is that of the unit the project belonged to when approved (`[[transfers]]`).
    let req = required(cfg, p, ledger.unit(p.unit_on(ap)));
    let status = match_steps(&req, p, Some(ap));
    let missing: Vec<&str> = status
        .iter()
        .filter(|s| s.on.is_none())
        .map(|s| s.step.as_str())
        .collect();
    let after: Vec<String> = status
        .iter()
        .filter_map(|s| {
            s.on.filter(|d| *d > ap)
                .map(|d| format!("「{}」{d}", s.step))
        })
        .collect();
    let mut disorder = Vec::new();
    let dated: Vec<(&str, NaiveDate)> = status
        .iter()
        .filter_map(|s| s.on.map(|d| (s.step.as_str(), d)))
        .collect();
    for w in dated.windows(2) {
        if w[1].1 < w[0].1 {
            disorder.push(format!(
                "「{}」（{}）早于「{}」（{}）",
                w[1].0, w[1].1, w[0].0, w[0].1
            ));
        }
    }
    // The county's 领导小组审议 comes after 研判通过 [磐安 附件3].
    let group_rule = matches!(req.tier, Tier::County(_)) && cfg.rules.leading_group_review;
    if group_rule
        && let Some(assessed) = crate::model::day(&p.dates.assessed)
        && let Some(s) = status.iter().find(|s| s.step.trim() == LEADING_GROUP_STEP)
        && let Some(on) = s.on.filter(|d| *d < assessed)
    {
        disorder.push(format!(
            "「{}」（{on}）早于研判通过（assessed = {assessed}）",
            s.step
        ));
    }
    if missing.is_empty() && after.is_empty() && disorder.is_empty() {
        return None;
    }
    let mut msg = format!(
        "审批程序不符：本项目应走{}（{}），须依次经过 {}，均不晚于审批通过日 {ap}。",
        req.tier.label(),
        req.reason,
        req.steps.join(" → ")
    );
    if !missing.is_empty() {
        msg.push_str(&format!("缺少：{}。", missing.join("、")));
    }
    if !disorder.is_empty() {
        msg.push_str(&format!("顺序不对：{}。", disorder.join("；")));
    }
    if !after.is_empty() {
        msg.push_str(&format!("晚于审批通过日：{}。", after.join("、")));
    }
    let group_involved = group_rule
        && (missing.contains(&LEADING_GROUP_STEP)
            || disorder
                .iter()
                .chain(&after)
                .any(|x| x.contains(LEADING_GROUP_STEP)));
    if group_involved {
        msg.push_str(&format!(
            "本县配置 [rules] leading_group_review = true：研判通过后、审批前须经「{LEADING_GROUP_STEP}」[磐安 附件3]。"
        ));
    }
    msg.push_str("请在 [[approvals]] 中按实际补全（step、on、ref），或核对 land_mu、category、special_policy");
    Some(at_record(
        rec,
        approved.span(),
        Severity::Error,
        Code::Approval,
        msg,
    ))
}
