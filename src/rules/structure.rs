//! Structure rules: ids and paths, references, required companions
//! (`terminated_reason`, `*_ref`), future dates, date order, prerequisites, reports.

use super::{Context, at, at_record};
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::{Date, SDate, Spanned, parse_month};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, BTreeSet};

/// The id charset: `[A-Za-z0-9][A-Za-z0-9_-]*`.
pub fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

const ID_HELP: &str =
    "只能用半角字母、数字、- 和 _，且以字母或数字开头（它会出现在文件路径和网址里）";

/// Unit-level rules: id charset, duplicate unit ids.
pub fn check_units(ledger: &Ledger) -> Vec<Finding> {
    let src = &ledger.units_source;
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for u in &ledger.units {
        let id = u.id.get_ref();
        if !valid_id(id) {
            out.push(at(
                src,
                u.id.span(),
                Severity::Error,
                Code::Schema,
                format!("单位编号 `{id}` 不合规：{ID_HELP}"),
            ));
        }
        let line = src.pos(u.id.span()).line;
        if let Some(first) = seen.get(id.as_str()) {
            let mut f = at(
                src,
                u.id.span(),
                Severity::Error,
                Code::DuplicateId,
                format!("单位编号 `{id}` 重复（第 {first} 行已用过）。每个单位的编号必须唯一"),
            );
            f.unit = Some(id.clone());
            out.push(f);
        } else {
            seen.insert(id, line);
        }
        for o in &u.owners {
            if !crate::codeowners::valid_owner(o.get_ref()) {
                let mut f = at(
                    src,
                    o.span(),
                    Severity::Error,
                    Code::Schema,
                    format!(
                        "单位 `{id}` 的审核人 owners 中 \"{}\" 写法不对：请写成 GitHub 用户 \"@zhangsan\"、团队 \"@county-org/kfq\" 或邮箱 \"name@example.com\"，每个审核人单独加引号，不能含空格、换行或其他控制字符（否则会写坏 .github/CODEOWNERS）",
                        o.get_ref().escape_debug()
                    ),
                );
                f.unit = Some(id.clone());
                out.push(f);
            }
        }
        if let Some(m) = u.self_approval_max_mu
            && m < 0.0
        {
            out.push(at(
                src,
                u.id.span(),
                Severity::Error,
                Code::Schema,
                format!("单位 `{id}` 的 self_approval_max_mu 不能为负数"),
            ));
        }
    }
    out
}

/// Duplicate project ids across files: every file but the first (by path) is flagged.
pub fn check_duplicates(ledger: &Ledger) -> Vec<Finding> {
    let mut first: BTreeMap<&str, &Record> = BTreeMap::new();
    let mut out = Vec::new();
    for rec in &ledger.records {
        match first.get(rec.id()) {
            Some(orig) => out.push(at_record(
                rec,
                rec.project.id.span(),
                Severity::Error,
                Code::DuplicateId,
                format!(
                    "项目编号 `{}` 重复：{} 已经用了这个编号。请给本项目换一个未用过的编号（同时改文件名）",
                    rec.id(),
                    orig.source.path
                ),
            )),
            None => {
                first.insert(rec.id(), rec);
            }
        }
    }
    out
}

fn names_list<'a>(it: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = it.collect();
    if v.is_empty() {
        "（无）".into()
    } else {
        v.join("、")
    }
}

/// Lifecycle keys in order, with their Chinese names.
pub const LIFECYCLE: [(&str, &str); 8] = [
    ("proposed", "谋划入库"),
    ("negotiating", "纳入洽谈库"),
    ("assessed", "研判通过"),
    ("approved", "审批通过"),
    ("signed", "签约"),
    ("started", "开工"),
    ("completed", "竣工"),
    ("operating", "投产"),
];

/// The `[dates]` facts with their key names, in declaration order.
pub fn date_fields(d: &crate::model::Dates) -> [(&'static str, &SDate); 14] {
    [
        ("proposed", &d.proposed),
        ("negotiating", &d.negotiating),
        ("assessed", &d.assessed),
        ("approved", &d.approved),
        ("legal_review", &d.legal_review),
        ("signed", &d.signed),
        ("filed", &d.filed),
        ("plan_issued", &d.plan_issued),
        ("kickoff", &d.kickoff),
        ("platform", &d.platform),
        ("started", &d.started),
        ("completed", &d.completed),
        ("operating", &d.operating),
        ("terminated", &d.terminated),
    ]
}

fn get<'a>(d: &'a crate::model::Dates, key: &str) -> &'a SDate {
    date_fields(d)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
        .unwrap_or(&None)
}

/// All rules about one record that are not approvals or deadlines.
pub fn check_record(ledger: &Ledger, rec: &Record, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &rec.project;
    let cfg = ctx.config;
    let mut push = |span: std::ops::Range<usize>, code: Code, msg: String| {
        out.push(at_record(rec, span, Severity::Error, code, msg));
    };
    let id = rec.id();

    // Ids and paths.
    if !valid_id(id) {
        push(
            p.id.span(),
            Code::Schema,
            format!("项目编号 `{id}` 不合规：{ID_HELP}"),
        );
    }
    if id != rec.stem {
        push(
            p.id.span(),
            Code::Path,
            format!(
                "项目编号 `{id}` 与文件名 `{}.toml` 不一致。请把文件改名为 `{id}.toml`，或把 id 改成 `{}`",
                rec.stem, rec.stem
            ),
        );
    }
    let unit = p.unit.get_ref();
    match &rec.folder {
        Some(folder) if folder != unit => push(
            p.unit.span(),
            Code::Path,
            format!(
                "记录写的落地单位是 `{unit}`，文件却放在 data/projects/{folder}/ 下。请把文件移到 data/projects/{unit}/，或改正 unit"
            ),
        ),
        None => push(
            p.unit.span(),
            Code::Path,
            format!(
                "项目文件应放在 data/projects/<单位编号>/<项目编号>.toml，本文件的位置不对。请移到 data/projects/{unit}/{id}.toml"
            ),
        ),
        _ => {}
    }

    // References.
    let unit_names = || names_list(ledger.units.iter().map(|u| u.id.get_ref().as_str()));
    let mut check_unit = |s: &Spanned<String>, what: &str| {
        if ledger.unit(s.get_ref()).is_none() {
            push(
                s.span(),
                Code::UnknownRef,
                format!(
                    "{what} `{}` 不在 data/units.toml 中。可用的单位编号：{}",
                    s.get_ref(),
                    unit_names()
                ),
            );
        }
    };
    check_unit(&p.unit, "落地单位");
    if let Some(s) = &p.source {
        check_unit(s, "招引单位 source");
    }
    for m in &p.milestones {
        check_unit(&m.unit, &format!("节点「{}」的责任单位", m.item.get_ref()));
    }
    for pr in &p.problems {
        check_unit(&pr.unit, "问题的责任单位");
    }
    if !cfg.categories.iter().any(|c| c == p.category.get_ref()) {
        push(
            p.category.span(),
            Code::UnknownRef,
            format!(
                "项目类别 `{}` 不在允许的类别中。可选：{}（可在 data/config.toml 的 categories 中调整）",
                p.category.get_ref(),
                names_list(cfg.categories.iter().map(|s| s.as_str()))
            ),
        );
    }

    // Numbers.
    if *p.investment_wan.get_ref() < 0.0 || !p.investment_wan.get_ref().is_finite() {
        push(
            p.investment_wan.span(),
            Code::Schema,
            "总投资 investment_wan 不能为负数（单位：万元）".into(),
        );
    }
    if let Some(l) = &p.land_mu
        && (*l.get_ref() < 0.0 || !l.get_ref().is_finite())
    {
        push(
            l.span(),
            Code::Schema,
            "供地面积 land_mu 不能为负数（单位：亩；非供地项目不写或写 0）".into(),
        );
    }

    // Companions.
    if let Some(t) = &p.dates.terminated {
        let empty = p
            .dates
            .terminated_reason
            .as_ref()
            .is_none_or(|r| r.get_ref().trim().is_empty());
        if empty {
            push(
                t.span(),
                Code::Schema,
                "项目已终止（terminated），但没有写终止原因。请补充 terminated_reason = \"……\""
                    .into(),
            );
        }
    }
    let ext = [
        (
            "start",
            &p.plan.start_extended_to,
            &p.plan.start_extension_ref,
        ),
        (
            "complete",
            &p.plan.complete_extended_to,
            &p.plan.complete_extension_ref,
        ),
        (
            "operate",
            &p.plan.operate_extended_to,
            &p.plan.operate_extension_ref,
        ),
    ];
    for (name, to, r) in ext {
        if let Some(to) = to
            && r.as_ref().is_none_or(|s| s.trim().is_empty())
        {
            push(
                to.span(),
                Code::Schema,
                format!(
                    "计划延期必须有依据：写了 {name}_extended_to，却没有 {name}_extension_ref。请补充联席会议纪要等文号，如 {name}_extension_ref = \"联席会议纪要〔2026〕5号\""
                ),
            );
        }
    }
    for m in &p.milestones {
        if let Some(to) = &m.extended_to
            && m.extension_ref.as_ref().is_none_or(|s| s.trim().is_empty())
        {
            push(
                to.span(),
                Code::Schema,
                format!(
                    "节点「{}」延期必须有依据：写了 extended_to，却没有 extension_ref。请补充会议纪要等文号",
                    m.item.get_ref()
                ),
            );
        }
    }

    // Future dates.
    let as_of = ctx.as_of;
    let mut future = |d: &Spanned<Date>, what: &str| {
        if d.get_ref().0 > as_of {
            push(
                d.span(),
                Code::FutureDate,
                format!(
                    "{what}的日期 {} 晚于核查日 {as_of}：台账只记已发生的事。请改正日期，或等到那天再填写",
                    d.get_ref()
                ),
            );
        }
    };
    for (key, d) in date_fields(&p.dates) {
        if let Some(d) = d {
            future(d, &format!("`{key}`"));
        }
    }
    for a in &p.approvals {
        future(&a.on, &format!("审批步骤「{}」", a.step.get_ref()));
    }
    for m in &p.milestones {
        if let Some(d) = &m.done {
            future(d, &format!("节点「{}」完成", m.item.get_ref()));
        }
    }
    for pr in &p.problems {
        future(&pr.raised, "问题提出");
        if let Some(d) = &pr.resolved {
            future(d, "问题解决");
        }
    }
    for pr in &p.problems {
        if let Some(n) = &pr.notice {
            let nt = n.get_ref();
            let late = [Some(nt.issued), nt.replied]
                .into_iter()
                .flatten()
                .find(|d| d.0 > as_of);
            if let Some(d) = late {
                push(
                    n.span(),
                    Code::FutureDate,
                    format!("督办 {} 的日期 {d} 晚于核查日 {as_of}。请改正日期", nt.no),
                );
            }
        }
    }

    // Date order along the lifecycle.
    let prereq = cfg.rules.prerequisites;
    let mut prev: Option<(&str, &str, NaiveDate)> = None;
    for (key, name) in LIFECYCLE {
        let Some(d) = get(&p.dates, key) else {
            continue;
        };
        let day = d.get_ref().0;
        if let Some((pk, pname, pday)) = prev {
            let covered =
                prereq && matches!((pk, key), ("assessed", "approved") | ("approved", "signed"));
            if day < pday && !covered {
                push(
                    d.span(),
                    Code::DateOrder,
                    format!(
                        "{name}（`{key}` = {day}）早于{pname}（`{pk}` = {pday}），日期倒序了。请核对两者日期"
                    ),
                );
            }
        }
        prev = Some((key, name, day));
    }
    let after = [
        ("filed", "signed", "报备案", "签约"),
        ("plan_issued", "filed", "计划表下发", "报备案"),
        ("kickoff", "plan_issued", "专题推进会", "计划表下发"),
        ("platform", "signed", "录入平台", "签约"),
        ("terminated", "proposed", "终止", "谋划入库"),
    ];
    for (key, base, name, bname) in after {
        if let (Some(d), Some(b)) = (get(&p.dates, key), get(&p.dates, base))
            && d.get_ref().0 < b.get_ref().0
        {
            push(
                d.span(),
                Code::DateOrder,
                format!(
                    "{name}（`{key}` = {}）早于{bname}（`{base}` = {}），日期倒序了。请核对两者日期",
                    d.get_ref(),
                    b.get_ref()
                ),
            );
        }
    }
    let targets = [
        ("start", &p.plan.start),
        ("complete", &p.plan.complete),
        ("operate", &p.plan.operate),
    ];
    for w in targets.windows(2) {
        if let (Some(a), Some(b)) = (w[0].1, w[1].1)
            && b.get_ref().0 < a.get_ref().0
        {
            push(
                b.span(),
                Code::DateOrder,
                format!(
                    "计划 `{}` = {} 早于计划 `{}` = {}。请核对 [plan] 的目标日期",
                    w[1].0,
                    b.get_ref(),
                    w[0].0,
                    a.get_ref()
                ),
            );
        }
    }
    let plan_ext = [
        ("start", &p.plan.start, &p.plan.start_extended_to),
        ("complete", &p.plan.complete, &p.plan.complete_extended_to),
        ("operate", &p.plan.operate, &p.plan.operate_extended_to),
    ];
    for (name, orig, to) in plan_ext {
        if let (Some(o), Some(t)) = (orig, to)
            && t.get_ref().0 < o.get_ref().0
        {
            push(
                t.span(),
                Code::DateOrder,
                format!(
                    "{name}_extended_to = {} 早于原计划 {name} = {}：延期日期应晚于原计划",
                    t.get_ref(),
                    o.get_ref()
                ),
            );
        }
    }
    for m in &p.milestones {
        if let Some(t) = &m.extended_to
            && t.get_ref().0 < m.due.get_ref().0
        {
            push(
                t.span(),
                Code::DateOrder,
                format!(
                    "节点「{}」延期到 {}，早于原定 {}：延期日期应晚于原定日期",
                    m.item.get_ref(),
                    t.get_ref(),
                    m.due.get_ref()
                ),
            );
        }
    }
    for pr in &p.problems {
        let raised = pr.raised.get_ref().0;
        if let Some(r) = &pr.resolved
            && r.get_ref().0 < raised
        {
            push(
                r.span(),
                Code::DateOrder,
                format!(
                    "问题解决日期 {} 早于提出日期 {}。请核对",
                    r.get_ref(),
                    pr.raised.get_ref()
                ),
            );
        }
        if pr.due.get_ref().0 < raised {
            push(
                pr.due.span(),
                Code::DateOrder,
                format!(
                    "解决时限 {} 早于问题提出日期 {}。请核对",
                    pr.due.get_ref(),
                    pr.raised.get_ref()
                ),
            );
        }
        if let Some(n) = &pr.notice
            && let Some(rep) = n.get_ref().replied
            && rep < n.get_ref().issued
        {
            push(
                n.span(),
                Code::DateOrder,
                format!(
                    "督办回复日期 {rep} 早于下发日期 {}。请核对",
                    n.get_ref().issued
                ),
            );
        }
    }

    // Prerequisites [磐安 二(三)-(五), 谯城 六].
    if prereq {
        let d = &p.dates;
        let needs = [
            (
                &d.signed,
                "signed",
                "签约",
                &d.approved,
                "approved",
                "审批通过",
            ),
            (
                &d.signed,
                "signed",
                "签约",
                &d.legal_review,
                "legal_review",
                "投资协议合法性审查",
            ),
            (
                &d.approved,
                "approved",
                "审批",
                &d.assessed,
                "assessed",
                "研判通过",
            ),
        ];
        for (this, key, name, need, nkey, nname) in needs {
            let Some(this) = this else { continue };
            let day = this.get_ref().0;
            match need {
                None => push(
                    this.span(),
                    Code::Prerequisite,
                    format!(
                        "已{name}（`{key}` = {day}），但没有{nname}日期 `{nkey}`：{name}前必须先经{nname}。请补填 `{nkey}`"
                    ),
                ),
                Some(n) if n.get_ref().0 > day => push(
                    this.span(),
                    Code::Prerequisite,
                    format!(
                        "{name}日期 {day} 早于{nname}日期 {}（`{nkey}`）：必须先{nname}、后{name}。请核对日期",
                        n.get_ref()
                    ),
                ),
                _ => {}
            }
        }
    }

    // Reports: month format, one per month, not in the future.
    let mut months: BTreeSet<(i32, u32)> = BTreeSet::new();
    let as_of_month = (as_of.year(), as_of.month());
    for r in &p.reports {
        let m = r.month.get_ref();
        match parse_month(m) {
            None => push(
                r.month.span(),
                Code::Schema,
                format!("月报的 month = \"{m}\" 格式不对，请写成 \"2026-10\" 这样的“年-月”"),
            ),
            Some(ym) => {
                if !months.insert(ym) {
                    push(
                        r.month.span(),
                        Code::Schema,
                        format!(
                            "{m} 的月调度报告写了两次。每月只能有一条 [[reports]]，请合并成一条"
                        ),
                    );
                }
                if ym > as_of_month {
                    push(
                        r.month.span(),
                        Code::FutureDate,
                        format!("月报月份 {m} 晚于核查日 {as_of} 所在月份。请改正月份"),
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::valid_id;

    #[test]
    fn id_charset() {
        assert!(valid_id("2026-017"));
        assert!(valid_id("kfq_2"));
        assert!(!valid_id("-x"));
        assert!(!valid_id("../etc"));
        assert!(!valid_id("开发区"));
        assert!(!valid_id(""));
        assert!(!valid_id("a b"));
    }
}
