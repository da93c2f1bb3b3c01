//! The rules a reading of the seeds added (docs/contract.md §4, the amendments), where
//! they are not part of an older family: an agreement signed in the 开发区's name needs
//! the 领导小组审议 before signing [谯城 六] (`prerequisite`, error); a signed project
//! names its 包保领导 and 落地责任人 [长子 9、谯城 五] (`baobao`, warning); the
//! 重点产业 of `[tracking] industries` are configured categories [贵州 一]
//! (`unknown-ref`, error in `data/config.toml`).
//!
//! Elsewhere: the legal review (`legal_review` before `signed`, named 司法局合法性审查 or
//! 法务审核 by the signer) stays with the other prerequisites in [`super::structure`];
//! the county's 领导小组审议 before 审批 (`[rules] leading_group_review`) is a step of
//! [`super::approval::required`]; the tracking level is [`crate::derive::tracking`].

use super::approval::{LEADING_GROUP_STEP, is_step};
use super::funds::Index;
use super::{Context, at_record};
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::{Project, Signer, day};

/// Why the legal review is needed and how it is named, for the `legal_review`
/// prerequisite message (said in brackets after the review's name).
pub fn review_basis(signer: Signer) -> &'static str {
    match signer {
        Signer::Government => {
            "（以政府名义签署的投资协议须经司法局合法性审查；以开发区管委会名义签署的，请写 signer = \"开发区\"，须经法务审核）"
        }
        Signer::Zone => {
            "（signer = \"开发区\"：以开发区管委会名义签署的投资协议须经法务审核，并报领导小组审议通过）"
        }
    }
}

/// The findings of this family for one record.
pub fn check(rec: &Record, ctx: &Context, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    if ctx.config.rules.prerequisites {
        out.extend(zone_signing(rec));
    }
    if ctx.config.rules.baobao {
        out.extend(baobao(rec, ctx, index));
    }
    out
}

/// [谯城 六]: an agreement signed in the 开发区's name (`signer = "开发区"`) needs a
/// 领导小组审议 step in `[[approvals]]` on or before `signed` (`prerequisite`, error,
/// at the `signed` key). Its 法务审核 is the `legal_review` prerequisite.
fn zone_signing(rec: &Record) -> Option<Finding> {
    let p = &rec.project;
    if p.signer != Signer::Zone {
        return None;
    }
    let signed = p.dates.signed.as_ref()?;
    let on = signed.get_ref().0;
    let reviews: Vec<chrono::NaiveDate> = p
        .approvals
        .iter()
        .filter(|a| is_step(a, LEADING_GROUP_STEP))
        .map(|a| a.on.get_ref().0)
        .collect();
    if reviews.iter().any(|d| *d <= on) {
        return None;
    }
    let msg = match reviews.iter().min() {
        None => format!(
            "以开发区名义签约（signer = \"开发区\"，`signed` = {on}），但 [[approvals]] 中没有「{LEADING_GROUP_STEP}」：以开发区管委会名义签署的投资协议须经法务审核，并报领导小组审议通过后才能签约。请补一段 [[approvals]]（step = \"{LEADING_GROUP_STEP}\"、on = 审议日期、ref = 会议纪要文号）；如以政府名义签署，请改为 signer = \"政府\" [谯城 六]"
        ),
        Some(first) => format!(
            "以开发区名义签约（signer = \"开发区\"，`signed` = {on}），但「{LEADING_GROUP_STEP}」在 {first}，晚于签约：须先经领导小组审议通过、后签约。请核对审议日期和签约日期 [谯城 六]"
        ),
    };
    Some(at_record(
        rec,
        signed.span(),
        Severity::Error,
        Code::Prerequisite,
        msg,
    ))
}

/// Whether a people field is filled in (not absent, not blank).
fn named(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

/// [长子 9: 一个项目、一位领导、一套班子; 谯城 五: 一个包保领导、一套推进班子]: a project
/// signed on or before as-of and not terminated by then names its 包保领导 (`leader`)
/// and 落地责任人 (`owner`); a 增资 record may rely on its original's. Otherwise a
/// `baobao` warning at the `signed` key naming what is missing.
fn baobao(rec: &Record, ctx: &Context, index: &Index) -> Option<Finding> {
    let p = &rec.project;
    let signed = p.dates.signed.as_ref()?;
    let on = signed.get_ref().0;
    if on > ctx.as_of || day(&p.dates.terminated).is_some_and(|t| t <= ctx.as_of) {
        return None;
    }
    let original: Option<&Project> = p
        .expands
        .as_ref()
        .and_then(|e| index.get(e.get_ref().trim()))
        .filter(|o| o.id() != rec.id())
        .map(|o| &o.project);
    let has = |get: fn(&Project) -> &Option<String>| {
        named(get(p)) || original.is_some_and(|o| named(get(o)))
    };
    let mut missing = Vec::new();
    let mut fill = Vec::new();
    if !has(|p| &p.leader) {
        missing.push("包保领导（leader）");
        fill.push("leader = \"包保领导姓名\"");
    }
    if !has(|p| &p.owner) {
        missing.push("落地责任人（owner）");
        fill.push("owner = \"落地责任人姓名\"");
    }
    if missing.is_empty() {
        return None;
    }
    let msg = format!(
        "已签约项目（`signed` = {on}）未明确{}：按“一个项目、一位领导、一套班子、一抓到底”，每个签约项目都要有包保领导和落地责任人。请在记录中补填 {}（本县不要求的，可在 data/config.toml 的 [rules] 写 baobao = false）[长子 9、谯城 五]",
        missing.join("和"),
        fill.join("、")
    );
    Some(at_record(
        rec,
        signed.span(),
        Severity::Warning,
        Code::Baobao,
        msg,
    ))
}

/// `[tracking] industries` names categories of `categories`: a misspelt one would
/// silently leave its projects untracked. One `unknown-ref` error per unknown name, at
/// its value in `data/config.toml`.
pub fn check_config(ledger: &Ledger) -> Vec<Finding> {
    let cfg = &ledger.config;
    let src = &ledger.config_source;
    if src.path.is_empty() {
        return Vec::new();
    }
    cfg.tracking
        .industries
        .iter()
        .filter(|c| !cfg.categories.iter().any(|k| k == c.get_ref()))
        .map(|c| {
            super::at(
                src,
                c.span(),
                Severity::Error,
                Code::UnknownRef,
                format!(
                    "[tracking] industries 中的重点产业 `{}` 不是项目类别（categories：{}）：这个名称不会与任何项目的 category 相同，它的项目都会显示“非重点产业，不分级跟踪”。请改成 categories 中的类别名称，或先把它加入 categories [贵州 一]",
                    c.get_ref(),
                    cfg.categories.join("、")
                ),
            )
        })
        .collect()
}
