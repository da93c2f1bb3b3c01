//! Issue 14 items 2–5: the rules as the seeds wrote them (docs/contract.md §4,
//! amendments), each at its boundaries, each bad input with the Chinese message a user
//! sees (what is wrong, where, what to do, which seed rule).
//!
//! * who signs decides the review [谯城 六]: `signer = "政府" | "开发区"`;
//! * 领导小组审议 before county-path approval [磐安 附件3]: `[rules] leading_group_review`;
//! * tracking level only for 重点产业, on the 单个合同投资额 [贵州 一]: `key_industry`,
//!   `[tracking] industries`, `contract_wan`;
//! * 包保 [长子 9、谯城 五]: `baobao` warning, `[rules] baobao`;
//! * the demo and the `tongbao new` template carry the new keys.

use std::collections::BTreeMap;

use tongbao::findings::{Code, Finding, Severity};
use tongbao::load::{RawData, read_dir};

mod common;
use common::{d, ledger};

const UNITS: &str = r#"
[[unit]]
id = "kfq"
name = "示例经济开发区"
kind = "区块"
self_approval_max_mu = 50

[[unit]]
id = "town"
name = "城关镇"
kind = "乡镇"
"#;

const PATH: &str = "data/projects/town/p1.toml";

fn raw_with(config: Option<&str>, projects: &[(&str, String)]) -> RawData {
    ledger(UNITS, config, projects)
}

fn check(config: Option<&str>, text: &str, as_of: &str) -> Vec<Finding> {
    tongbao::check(
        &raw_with(config, &[(PATH, text.to_string())]),
        Some(d(as_of)),
    )
    .findings
}

fn of(fs: &[Finding], code: Code) -> Vec<&Finding> {
    fs.iter().filter(|f| f.code == code).collect()
}

/// The 1-based line of the first line of `text` starting with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in\n{text}"))
}

fn has_all(msg: &str, words: &[&str]) {
    for w in words {
        assert!(msg.contains(w), "message lacks {w:?}: {msg}");
    }
}

/// A town project (county path, tier 1: 工业, no land) signed on `signed`, its
/// prerequisites met unless `dates` says otherwise. `head` goes among the top-level
/// keys, `dates` into `[dates]`, `approvals` replaces the default tier-1 chain.
fn project(head: &str, dates: &str, approvals: Option<&str>) -> String {
    let chain = approvals.unwrap_or(
        "[[approvals]]\nstep = \"县长同意\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-03-06\n",
    );
    format!(
        r#"id = "p1"
name = "测试项目"
category = "工业"
unit = "town"
investment_wan = 12000
leader = "包保领导"
owner = "落地责任人"
{head}

[dates]
assessed = 2026-03-02
approved = 2026-03-10
{dates}

{chain}"#
    )
}

const SIGNED: &str = "legal_review = 2026-03-12\nsigned = 2026-03-20";

// ---- Item 2: who signs decides the review [谯城 六] ----

#[test]
fn government_signing_without_legal_review_names_the_justice_bureau_review() {
    let text = project("", "signed = 2026-03-20", None);
    let fs = check(None, &text, "2026-03-25");
    let p = of(&fs, Code::Prerequisite);
    assert_eq!(p.len(), 1, "{fs:#?}");
    assert_eq!(p[0].severity, Severity::Error);
    assert_eq!(p[0].file, PATH);
    assert_eq!(p[0].line, line_of(&text, "signed"));
    has_all(
        &p[0].message,
        &[
            "没有司法局合法性审查日期 `legal_review`",
            "请补填",
            "signer = \"开发区\"",
            "[谯城 六]",
        ],
    );
    // The default is 政府: writing it changes nothing.
    let explicit = project("signer = \"政府\"", "signed = 2026-03-20", None);
    let fs2 = check(None, &explicit, "2026-03-25");
    assert_eq!(of(&fs2, Code::Prerequisite).len(), 1);
    assert!(
        of(&fs2, Code::Prerequisite)[0]
            .message
            .contains("司法局合法性审查")
    );
}

#[test]
fn government_signing_needs_no_leading_group_review() {
    let text = project("signer = \"政府\"", SIGNED, None);
    let fs = check(None, &text, "2026-03-25");
    assert!(of(&fs, Code::Prerequisite).is_empty(), "{fs:#?}");
}

#[test]
fn zone_signing_without_legal_review_names_the_legal_affairs_review() {
    let group = "[[approvals]]\nstep = \"领导小组审议\"\non = 2026-03-15\n";
    let text = project(
        "signer = \"开发区\"",
        "signed = 2026-03-20",
        Some(&format!(
            "[[approvals]]\nstep = \"县长同意\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-03-06\n\n{group}"
        )),
    );
    let fs = check(None, &text, "2026-03-25");
    let p = of(&fs, Code::Prerequisite);
    assert_eq!(p.len(), 1, "{fs:#?}");
    assert_eq!(p[0].line, line_of(&text, "signed"));
    has_all(
        &p[0].message,
        &[
            "没有法务审核日期 `legal_review`",
            "须经法务审核，并报领导小组审议",
            "[谯城 六]",
        ],
    );
    assert!(!p[0].message.contains("司法局"), "{}", p[0].message);
}

#[test]
fn zone_signing_after_its_legal_review_is_refused_with_the_review_named() {
    let text = project(
        "signer = \"开发区\"",
        "legal_review = 2026-03-21\nsigned = 2026-03-20",
        Some(
            "[[approvals]]\nstep = \"县长同意\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-03-06\n\n[[approvals]]\nstep = \"领导小组审议\"\non = 2026-03-15\n",
        ),
    );
    let fs = check(None, &text, "2026-03-25");
    let p = of(&fs, Code::Prerequisite);
    assert_eq!(p.len(), 1, "{fs:#?}");
    has_all(&p[0].message, &["早于法务审核日期 2026-03-21", "[谯城 六]"]);
}

fn zone_chain(group_on: Option<&str>) -> String {
    let mut chain = "[[approvals]]\nstep = \"县长同意\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-03-06\n".to_string();
    if let Some(on) = group_on {
        chain.push_str(&format!(
            "\n[[approvals]]\nstep = \"  领导小组审议 \"\non = {on}\nref = \"领导小组会议纪要〔2026〕3号\"\n"
        ));
    }
    chain
}

#[test]
fn zone_signing_without_a_leading_group_review_is_a_prerequisite_error() {
    let text = project("signer = \"开发区\"", SIGNED, Some(&zone_chain(None)));
    let fs = check(None, &text, "2026-03-25");
    let p = of(&fs, Code::Prerequisite);
    assert_eq!(p.len(), 1, "{fs:#?}");
    assert_eq!(p[0].severity, Severity::Error);
    assert_eq!(p[0].line, line_of(&text, "signed"));
    assert_eq!(p[0].project.as_deref(), Some("p1"));
    has_all(
        &p[0].message,
        &[
            "以开发区名义签约",
            "没有「领导小组审议」",
            "[[approvals]]",
            "step = \"领导小组审议\"",
            "signer = \"政府\"",
            "[谯城 六]",
        ],
    );
}

#[test]
fn zone_signing_leading_group_review_on_the_signing_day_passes_a_day_later_does_not() {
    // On the day of signing (the step's name written with blanks): on time.
    let text = project(
        "signer = \"开发区\"",
        SIGNED,
        Some(&zone_chain(Some("2026-03-20"))),
    );
    let fs = check(None, &text, "2026-03-25");
    assert!(of(&fs, Code::Prerequisite).is_empty(), "{fs:#?}");
    // The day after: too late.
    let text = project(
        "signer = \"开发区\"",
        SIGNED,
        Some(&zone_chain(Some("2026-03-21"))),
    );
    let fs = check(None, &text, "2026-03-25");
    let p = of(&fs, Code::Prerequisite);
    assert_eq!(p.len(), 1, "{fs:#?}");
    has_all(&p[0].message, &["2026-03-21", "晚于签约", "[谯城 六]"]);
}

#[test]
fn zone_signing_is_not_judged_before_signing_nor_with_prerequisites_off() {
    let unsigned = project("signer = \"开发区\"", "", Some(&zone_chain(None)));
    assert!(of(&check(None, &unsigned, "2026-03-25"), Code::Prerequisite).is_empty());
    let text = project("signer = \"开发区\"", SIGNED, Some(&zone_chain(None)));
    let off = "[rules]\nprerequisites = false\n";
    assert!(of(&check(Some(off), &text, "2026-03-25"), Code::Prerequisite).is_empty());
}

#[test]
fn an_unknown_signer_is_a_schema_error_saying_the_two_choices() {
    let text = project("signer = \"管委会\"", SIGNED, None);
    let fs = check(None, &text, "2026-03-25");
    let s = of(&fs, Code::Schema);
    assert_eq!(s.len(), 1, "{fs:#?}");
    assert_eq!(s[0].file, PATH);
    assert_eq!(s[0].line, line_of(&text, "signer"));
    has_all(
        &s[0].message,
        &[
            "signer",
            "管委会",
            "\"政府\"",
            "\"开发区\"",
            "司法局合法性审查",
            "法务审核",
            "[谯城 六]",
        ],
    );
    // A value of the wrong type is said as such.
    let text = project("signer = 1", SIGNED, None);
    let fs = check(None, &text, "2026-03-25");
    let s = of(&fs, Code::Schema);
    assert_eq!(s.len(), 1, "{fs:#?}");
    has_all(&s[0].message, &["signer", "类型不对"]);
}

// ---- Item 3: 领导小组审议 before county-path approval [磐安 附件3] ----

const GROUP_ON: &str = "[rules]\nleading_group_review = true\n";

fn county_chain(group_on: Option<&str>) -> String {
    let mut chain = String::new();
    if let Some(on) = group_on {
        chain.push_str(&format!(
            "[[approvals]]\nstep = \"领导小组审议\"\non = {on}\n\n"
        ));
    }
    chain.push_str(&zone_chain(None));
    chain
}

#[test]
fn leading_group_review_is_off_by_default() {
    let text = project("", SIGNED, Some(&county_chain(None)));
    let fs = check(None, &text, "2026-03-25");
    assert!(of(&fs, Code::Approval).is_empty(), "{fs:#?}");
    let off = "[rules]\nleading_group_review = false\n";
    assert!(of(&check(Some(off), &text, "2026-03-25"), Code::Approval).is_empty());
}

#[test]
fn leading_group_review_on_a_county_chain_without_it_is_an_approval_error() {
    let text = project("", SIGNED, Some(&county_chain(None)));
    let fs = check(Some(GROUP_ON), &text, "2026-03-25");
    let a = of(&fs, Code::Approval);
    assert_eq!(a.len(), 1, "{fs:#?}");
    assert_eq!(a[0].severity, Severity::Error);
    assert_eq!(a[0].line, line_of(&text, "approved"));
    has_all(
        &a[0].message,
        &[
            "第 1 级审批",
            "领导小组审议 → 县长同意 → 分管副县长审批",
            "缺少：领导小组审议",
            "leading_group_review",
            "[磐安 附件3]",
        ],
    );
}

#[test]
fn leading_group_review_on_the_assessed_day_passes_the_day_before_does_not() {
    // assessed = 2026-03-02.
    let text = project("", SIGNED, Some(&county_chain(Some("2026-03-02"))));
    assert!(of(&check(Some(GROUP_ON), &text, "2026-03-25"), Code::Approval).is_empty());
    let text = project("", SIGNED, Some(&county_chain(Some("2026-03-01"))));
    let fs = check(Some(GROUP_ON), &text, "2026-03-25");
    let a = of(&fs, Code::Approval);
    assert_eq!(a.len(), 1, "{fs:#?}");
    has_all(
        &a[0].message,
        &[
            "「领导小组审议」（2026-03-01）早于研判通过（assessed = 2026-03-02）",
            "[磐安 附件3]",
        ],
    );
}

#[test]
fn leading_group_review_after_approval_or_after_the_tier_steps_is_refused() {
    // approved = 2026-03-10: a review the day after is too late.
    let text = project("", SIGNED, Some(&county_chain(Some("2026-03-11"))));
    let fs = check(Some(GROUP_ON), &text, "2026-03-25");
    let a = of(&fs, Code::Approval);
    assert_eq!(a.len(), 1, "{fs:#?}");
    has_all(
        &a[0].message,
        &["晚于审批通过日：「领导小组审议」2026-03-11", "[磐安 附件3]"],
    );
    // Between the tier's steps (县长同意 03-03, 分管副县长审批 03-06): out of order.
    let text = project("", SIGNED, Some(&county_chain(Some("2026-03-04"))));
    let fs = check(Some(GROUP_ON), &text, "2026-03-25");
    let a = of(&fs, Code::Approval);
    assert_eq!(a.len(), 1, "{fs:#?}");
    has_all(
        &a[0].message,
        &[
            "顺序不对",
            "「县长同意」（2026-03-03）早于「领导小组审议」（2026-03-04）",
        ],
    );
}

#[test]
fn leading_group_review_applies_to_every_county_tier_not_to_the_zone_path() {
    // Tier 3 (land > 50): named in the message.
    let text = project("land_mu = 60", SIGNED, None).replace(
        "[[approvals]]\nstep = \"县长同意\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-03-06\n",
        "[[approvals]]\nstep = \"分管副县长审核\"\non = 2026-03-03\n\n[[approvals]]\nstep = \"县长办公会议审议\"\non = 2026-03-04\n\n[[approvals]]\nstep = \"县委常委会审议\"\non = 2026-03-05\n\n[[approvals]]\nstep = \"县长审批\"\non = 2026-03-06\n",
    );
    let fs = check(Some(GROUP_ON), &text, "2026-03-25");
    let a = of(&fs, Code::Approval);
    assert_eq!(a.len(), 1, "{fs:#?}");
    has_all(&a[0].message, &["第 3 级审批", "缺少：领导小组审议"]);
    // The zone's own path already has the step: nothing added, nothing changed.
    let zone = project(
        "land_mu = 20",
        SIGNED,
        Some("[[approvals]]\nstep = \"领导小组审议\"\non = 2026-03-04\n\n[[approvals]]\nstep = \"开发区审批\"\non = 2026-03-06\n"),
    )
    .replace("unit = \"town\"", "unit = \"kfq\"");
    let raw = raw_with(Some(GROUP_ON), &[("data/projects/kfq/p1.toml", zone)]);
    let fs = tongbao::check(&raw, Some(d("2026-03-25"))).findings;
    assert!(of(&fs, Code::Approval).is_empty(), "{fs:#?}");
}

#[test]
fn the_required_steps_shown_on_pages_include_the_review_only_when_switched_on() {
    use tongbao::rules::approval::{Tier, required};
    let text = project("", SIGNED, None);
    let p: tongbao::model::Project = toml::from_str(&text).expect("record");
    let mut cfg = tongbao::config::Config::default();
    let off = required(&cfg, &p, None);
    assert_eq!(off.tier, Tier::County(1));
    assert_eq!(off.steps, ["县长同意", "分管副县长审批"]);
    cfg.rules.leading_group_review = true;
    let on = required(&cfg, &p, None);
    assert_eq!(on.steps, ["领导小组审议", "县长同意", "分管副县长审批"]);
    assert!(on.reason.contains("领导小组审议"), "{}", on.reason);
    // A county whose tier steps already name it gets it once.
    cfg.approval.tier1_steps = vec![
        "领导小组审议".into(),
        "县长同意".into(),
        "分管副县长审批".into(),
    ];
    assert_eq!(required(&cfg, &p, None).steps.len(), 3);
}

// ---- Item 4: tracking level only for 重点产业, on the 单个合同投资额 [贵州 一] ----

fn tracked(category: &str, head: &str, config: Option<&str>) -> &'static str {
    let text = project(head, "", None)
        .replace("category = \"工业\"", &format!("category = \"{category}\""));
    let p: tongbao::model::Project = toml::from_str(&text).expect("record");
    let cfg: tongbao::config::Config = toml::from_str(config.unwrap_or("")).expect("config");
    tongbao::derive::tracking(&cfg, &p).label()
}

#[test]
fn tracking_at_ten_yi_exactly_is_provincial_just_under_is_city() {
    let inv = |v: &str| {
        let text = project("", "", None)
            .replace("investment_wan = 12000", &format!("investment_wan = {v}"));
        let p: tongbao::model::Project = toml::from_str(&text).expect("record");
        tongbao::derive::tracking(&tongbao::config::Config::default(), &p).label()
    };
    assert_eq!(inv("100000"), "省级");
    assert_eq!(inv("99999.99"), "市级");
    assert_eq!(inv("50000"), "市级");
    assert_eq!(inv("49999.99"), "县级");
    assert_eq!(inv("10000"), "县级");
    assert_eq!(inv("9999.99"), "—");
}

#[test]
fn tracking_uses_the_contract_amount_both_ways() {
    // Total 12000 (县级) with a 10亿 contract: 省级; total 150000 (省级) with an 8亿 contract: 市级.
    assert_eq!(tracked("工业", "contract_wan = 100000", None), "省级");
    assert_eq!(tracked("工业", "contract_wan = 99999.99", None), "市级");
    let big = project("contract_wan = 80000", "", None)
        .replace("investment_wan = 12000", "investment_wan = 150000");
    let p: tongbao::model::Project = toml::from_str(&big).expect("record");
    assert_eq!(
        tongbao::derive::tracking(&tongbao::config::Config::default(), &p).label(),
        "市级"
    );
    // A contract under the county threshold: no level, even though the total has one.
    assert_eq!(tracked("工业", "contract_wan = 9000", None), "—");
}

#[test]
fn tracking_only_for_listed_industries_or_key_industry_records() {
    let list = Some("[tracking]\nindustries = [\"工业\", \"制造业\"]\n");
    assert_eq!(tracked("工业", "", list), "县级", "listed category");
    assert_eq!(
        tracked("文旅", "", list),
        "非重点产业，不分级跟踪",
        "category not listed"
    );
    assert_eq!(
        tracked("文旅", "key_industry = true", list),
        "县级",
        "key_industry"
    );
    assert_eq!(
        tracked("文旅", "key_industry = false", list),
        "非重点产业，不分级跟踪"
    );
    // No list: every category counts, as before.
    assert_eq!(tracked("文旅", "", None), "县级");
    assert_eq!(tracked("文旅", "key_industry = false", None), "县级");
}

#[test]
fn a_bad_contract_amount_is_a_schema_error_at_its_line() {
    for bad in [
        "contract_wan = -1",
        "contract_wan = 1e9",
        "contract_wan = inf",
    ] {
        let text = project(bad, "", None);
        let fs = check(None, &text, "2026-03-25");
        let s = of(&fs, Code::Schema);
        assert_eq!(s.len(), 1, "{bad}: {fs:#?}");
        assert_eq!(s[0].line, line_of(&text, "contract_wan"), "{bad}");
        has_all(
            &s[0].message,
            &["contract_wan", "单个合同投资额", "万元", "[贵州 一]"],
        );
    }
    let text = project("contract_wan = \"8亿\"", "", None);
    let s = check(None, &text, "2026-03-25");
    let s = of(&s, Code::Schema);
    assert_eq!(s.len(), 1);
    has_all(&s[0].message, &["contract_wan", "类型不对", "数字"]);
}

#[test]
fn an_unknown_industry_in_config_is_an_error_at_its_value() {
    let config = "[tracking]\nindustries = [\"工业\",\n  \"新材料\"]\n";
    let text = project("", "", None);
    let fs = check(Some(config), &text, "2026-03-25");
    let u = of(&fs, Code::UnknownRef);
    assert_eq!(u.len(), 1, "{fs:#?}");
    assert_eq!(u[0].severity, Severity::Error);
    assert_eq!(u[0].file, "data/config.toml");
    assert_eq!(u[0].line, 3);
    has_all(
        &u[0].message,
        &[
            "industries",
            "`新材料`",
            "categories",
            "非重点产业，不分级跟踪",
            "[贵州 一]",
        ],
    );
    // A listed category that exists: nothing.
    let ok = "[tracking]\nindustries = [\"工业\"]\n";
    assert!(of(&check(Some(ok), &text, "2026-03-25"), Code::UnknownRef).is_empty());
}

// ---- Item 5: 包保 [长子 9、谯城 五] ----

fn without_people(text: &str) -> String {
    text.replace("leader = \"包保领导\"\n", "")
        .replace("owner = \"落地责任人\"\n", "")
}

#[test]
fn a_signed_project_without_leader_and_owner_warns_at_signed() {
    let text = without_people(&project("", SIGNED, None));
    let fs = check(None, &text, "2026-03-25");
    let b = of(&fs, Code::Baobao);
    assert_eq!(b.len(), 1, "{fs:#?}");
    assert_eq!(b[0].severity, Severity::Warning);
    assert_eq!(b[0].file, PATH);
    assert_eq!(b[0].line, line_of(&text, "signed"));
    assert_eq!(b[0].unit.as_deref(), Some("town"));
    has_all(
        &b[0].message,
        &[
            "已签约项目",
            "未明确包保领导（leader）和落地责任人（owner）",
            "一个项目、一位领导、一套班子",
            "请在记录中补填",
            "baobao = false",
            "[长子 9、谯城 五]",
        ],
    );
    // A warning: check still passes.
    assert_eq!(tongbao::findings::counts(&fs).0, 0, "{fs:#?}");
    assert_eq!(b[0].code.as_str(), "baobao");
    assert_eq!(b[0].code.label(), "未明确包保责任");
}

#[test]
fn each_missing_person_is_named_and_a_blank_one_counts_as_missing() {
    let text = project("", SIGNED, None).replace("leader = \"包保领导\"\n", "leader = \"  \"\n");
    let b = check(None, &text, "2026-03-25");
    let b = of(&b, Code::Baobao);
    assert_eq!(b.len(), 1);
    assert!(
        b[0].message.contains("未明确包保领导（leader）："),
        "{}",
        b[0].message
    );
    assert!(
        !b[0].message.contains("落地责任人（owner）："),
        "{}",
        b[0].message
    );
    let text = project("", SIGNED, None).replace("owner = \"落地责任人\"\n", "");
    let b = check(None, &text, "2026-03-25");
    let b = of(&b, Code::Baobao);
    assert_eq!(b.len(), 1);
    has_all(
        &b[0].message,
        &["未明确落地责任人（owner）", "owner = \"落地责任人姓名\""],
    );
    assert!(!b[0].message.contains("leader ="), "{}", b[0].message);
    // Both named: nothing.
    assert!(
        of(
            &check(None, &project("", SIGNED, None), "2026-03-25"),
            Code::Baobao
        )
        .is_empty()
    );
}

#[test]
fn baobao_from_the_signing_day_on_and_not_after_termination() {
    let text = without_people(&project("", SIGNED, None));
    // Signed 2026-03-20: on that day it counts; the day before it is not signed yet
    // (and `signed` is then a future date, reported as such, not as 包保).
    assert_eq!(of(&check(None, &text, "2026-03-20"), Code::Baobao).len(), 1);
    assert!(of(&check(None, &text, "2026-03-19"), Code::Baobao).is_empty());
    // Not signed: nothing.
    let unsigned = without_people(&project("", "", None));
    assert!(of(&check(None, &unsigned, "2026-03-25"), Code::Baobao).is_empty());
    // Terminated on or before as-of: nothing; terminated later: still warned.
    let term = without_people(&project(
        "",
        "legal_review = 2026-03-12\nsigned = 2026-03-20\nterminated = 2026-03-24\nterminated_reason = \"企业撤资\"",
        None,
    ));
    assert!(of(&check(None, &term, "2026-03-24"), Code::Baobao).is_empty());
    assert_eq!(of(&check(None, &term, "2026-03-23"), Code::Baobao).len(), 1);
}

#[test]
fn baobao_can_be_switched_off() {
    let text = without_people(&project("", SIGNED, None));
    let off = "[rules]\nbaobao = false\n";
    assert!(of(&check(Some(off), &text, "2026-03-25"), Code::Baobao).is_empty());
    // A wrong type is said at its line.
    let fs = check(Some("[rules]\nbaobao = \"关\"\n"), &text, "2026-03-25");
    let s: Vec<&Finding> = fs.iter().filter(|f| f.file == "data/config.toml").collect();
    assert_eq!(s.len(), 1, "{fs:#?}");
    assert_eq!(s[0].line, 2);
    has_all(&s[0].message, &["baobao", "true 或 false"]);
}

#[test]
fn an_expansion_may_rely_on_its_originals_people() {
    let original = project("", SIGNED, None);
    let expansion = without_people(&project("expands = \"p1\"", SIGNED, None))
        .replace("id = \"p1\"", "id = \"p2\"");
    let raw = raw_with(
        None,
        &[
            (PATH, original.clone()),
            ("data/projects/town/p2.toml", expansion.clone()),
        ],
    );
    let fs = tongbao::check(&raw, Some(d("2026-03-25"))).findings;
    assert!(of(&fs, Code::Baobao).is_empty(), "{fs:#?}");
    // An original without them: both records are warned.
    let raw = raw_with(
        None,
        &[
            (PATH, without_people(&original)),
            ("data/projects/town/p2.toml", expansion),
        ],
    );
    let fs = tongbao::check(&raw, Some(d("2026-03-25"))).findings;
    assert_eq!(of(&fs, Code::Baobao).len(), 2, "{fs:#?}");
}

// ---- The demo and the pages ----

fn site(raw: &RawData) -> BTreeMap<String, String> {
    common::render_in_memory(raw)
        .into_iter()
        .filter_map(|(k, v)| String::from_utf8(v).ok().map(|v| (k, v)))
        .collect()
}

fn demo_raw() -> RawData {
    read_dir(&common::demo_root()).expect("demo")
}

#[test]
fn the_demo_exercises_each_rule_and_stays_as_it_was() {
    let raw = demo_raw();
    let checked = tongbao::check(&raw, None);
    let fs = &checked.findings;
    // Every signed demo project names its people; nothing new is reported.
    assert!(of(fs, Code::Baobao).is_empty(), "{fs:#?}");
    assert!(
        !fs.iter()
            .any(|f| f.code == Code::Prerequisite || f.code == Code::Approval),
        "{fs:#?}"
    );
    let rec = |id: &str| {
        checked
            .ledger
            .records
            .iter()
            .find(|r| r.id() == id)
            .unwrap_or_else(|| panic!("demo record {id}"))
    };
    // A 开发区-signed project with its 领导小组审议 before signing.
    let zone = &rec("2026-012").project;
    assert_eq!(zone.signer, tongbao::model::Signer::Zone);
    assert!(zone.dates.signed.is_some() && zone.dates.legal_review.is_some());
    assert!(
        zone.approvals
            .iter()
            .any(|a| a.step.get_ref() == "领导小组审议")
    );
    // A key_industry project tracked on its contract (8亿: 市级, not 省级 on 11亿).
    let key = &rec("2025-009").project;
    assert!(key.key_industry);
    assert_eq!(
        key.contract_wan.as_ref().map(|c| *c.get_ref()),
        Some(80_000.0)
    );
    assert_eq!(*key.investment_wan.get_ref(), 110_000.0);
    assert_eq!(
        tongbao::derive::tracking(&checked.ledger.config, key).label(),
        "市级"
    );

    // Removing the 领导小组审议 from the 开发区-signed record is caught.
    let mut broken = raw.clone();
    let f = broken
        .projects
        .iter_mut()
        .find(|f| f.path.ends_with("kfq/2026-012.toml"))
        .expect("2026-012");
    let text = String::from_utf8(f.bytes.clone()).expect("utf-8");
    f.bytes = text
        .replace("step = \"领导小组审议\"", "step = \"领导小组会议\"")
        .into_bytes();
    let fs = tongbao::check(&broken, None).findings;
    assert!(
        fs.iter().any(|f| f.code == Code::Prerequisite
            && f.file.ends_with("kfq/2026-012.toml")
            && f.message.contains("领导小组审议")),
        "{fs:#?}"
    );

    // The commented switches in config.toml are the defaults: switched on, the
    // 领导小组审议 is required of county-path approvals.
    let config =
        String::from_utf8(raw.config.as_ref().expect("config").bytes.clone()).expect("utf-8");
    for line in [
        "# [rules]",
        "# leading_group_review = true",
        "# baobao = false",
        "# [tracking]",
        "# industries = [\"工业\", \"制造业\"]",
    ] {
        assert!(config.contains(line), "data/config.toml lacks {line:?}");
    }
    let mut on = raw.clone();
    let uncommented: String = config
        .lines()
        .map(|l| {
            if l.starts_with("# [rules]") || l.starts_with("# leading_group_review") {
                &l[2..]
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    on.config.as_mut().expect("config").bytes = uncommented.into_bytes();
    let fs = tongbao::check(&on, None).findings;
    let approvals = of(&fs, Code::Approval);
    assert!(
        !approvals.is_empty(),
        "switched on, county-path demo chains lack the review"
    );
    assert!(
        approvals
            .iter()
            .all(|f| f.message.contains("缺少：领导小组审议"))
    );
    assert!(
        approvals.iter().all(|f| !f.file.contains("/kfq/")),
        "{approvals:#?}"
    );
}

#[test]
fn the_pages_show_who_signs_the_review_and_the_tracking_basis() {
    let pages = site(&demo_raw());
    let zone = &pages["projects/2026-012.html"];
    has_all(
        zone,
        &["签约主体", "开发区（以开发区管委会名义签署", "法务审核"],
    );
    assert!(
        !zone.contains("司法局合法性审查"),
        "the 开发区 page names its own review"
    );
    let gov = &pages["projects/2025-009.html"];
    has_all(
        gov,
        &[
            "签约主体",
            "政府（以政府名义签署",
            "司法局合法性审查",
            "单个合同投资额",
            "市级（按单个合同投资额）",
            "包保领导",
            "落地责任人",
        ],
    );
    // Ledger data and exports carry the same level.
    let json = &pages["projects.json"];
    assert!(
        json.contains("\"2025-009\""),
        "projects.json lists the project"
    );
}

#[test]
fn projects_outside_the_key_industries_show_no_level_everywhere() {
    let mut raw = demo_raw();
    raw.config
        .as_mut()
        .expect("config")
        .bytes
        .extend_from_slice("\n[tracking]\nindustries = [\"工业\", \"制造业\"]\n".as_bytes());
    let checked = tongbao::check(&raw, None);
    assert_eq!(
        tongbao::findings::counts(&checked.findings).0,
        9,
        "the demo's own 9 errors only (6 of projects, 3 of 交办事项 in data/tasks/)"
    );
    let pages = site(&raw);
    // kfq/2026-012 is 服务业: not a 重点产业 now.
    assert!(pages["projects/2026-012.html"].contains("非重点产业，不分级跟踪"));
    assert!(!pages["projects/2025-009.html"].contains("非重点产业"));
    let csv = &pages["projects.csv"];
    let row = csv
        .lines()
        .find(|l| l.contains("2026-012"))
        .expect("csv row");
    assert!(row.contains("非重点产业，不分级跟踪"), "{row}");
    let data = &pages["projects/ledger-data.js"];
    assert!(data.contains("非重点产业，不分级跟踪"), "ledger data");
}

// ---- Item 6: the `tongbao new` template ----

#[test]
fn the_new_record_template_offers_the_new_keys_and_they_parse_when_uncommented() {
    let (ledger, _) = tongbao::load::Ledger::parse(&raw_with(None, &[]));
    let text = tongbao::scaffold::record(&ledger, "town", "新项目", "2026-001", d("2026-03-25"));
    for key in [
        "# signer = \"政府\"",
        "# key_industry = true",
        "# contract_wan = 0",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(key)),
            "template lacks {key:?}:\n{text}"
        );
    }
    let uncommented: String = text
        .lines()
        .map(|l| {
            for key in [
                "# signer",
                "# key_industry",
                "# contract_wan",
                "# leader",
                "# owner",
            ] {
                if l.starts_with(key) {
                    return l[2..].replace("\"\"", "\"某某\"");
                }
            }
            l.to_string()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let fs = check(None, &uncommented, "2026-03-25");
    assert!(
        !fs.iter()
            .any(|f| f.severity == Severity::Error && f.code != Code::Path),
        "{fs:#?}\n{uncommented}"
    );
    let p: tongbao::model::Project = toml::from_str(&uncommented).expect("parses");
    assert_eq!(p.signer, tongbao::model::Signer::Government);
    assert!(p.key_industry);
    assert_eq!(p.contract_wan.map(|c| *c.get_ref()), Some(0.0));
}
