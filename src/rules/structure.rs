//! Structure rules: ids and paths, references, required companions
//! (`terminated_reason`, `*_ref`), future dates, date order, prerequisites, reports.

use super::{Context, at, at_record};
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::{Date, MIN_DATE, SDate, Spanned, parse_month};
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

/// Names Windows reserves for devices in every folder (`con.html` cannot be written
/// there, nor `data/projects/kfq/con.toml` checked out), compared ignoring case.
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8",
    "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
];

/// Why an id may not be used for a page in `folder` (`projects` or `units`), if it
/// may not: it names a page the site writes there (`index`, as `projects/index.html`;
/// reserved for `units/` too), or a Windows device name. Compared ignoring ASCII case,
/// as Windows and macOS compare file names.
pub fn reserved_id(id: &str, folder: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    if lower == "index" {
        let page = if folder == "projects" {
            "项目台账总页"
        } else {
            "单位总页（预留）"
        };
        return Some(format!(
            "会与网站的{page} {folder}/index.html 重名，生成网站时互相覆盖"
        ));
    }
    WINDOWS_DEVICES.contains(&lower.as_str()).then(|| {
        format!(
            "是 Windows 的设备保留名，Windows 上无法创建 {folder}/{id}.html 这样的文件（也无法检出同名的数据文件）"
        )
    })
}

/// Unit-level rules: id charset, duplicate unit ids, reserved ids and ids equal
/// ignoring case.
pub fn check_units(ledger: &Ledger) -> Vec<Finding> {
    let src = &ledger.units_source;
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    // Lower-cased id → (first id so spelled, its line).
    let mut folded: BTreeMap<String, (&str, usize)> = BTreeMap::new();
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
        if let Some(why) = reserved_id(id, "units") {
            let mut f = at(
                src,
                u.id.span(),
                Severity::Error,
                Code::Path,
                format!(
                    "单位编号 `{id}` {why}。请在 data/units.toml 中给这个单位换一个编号（同时改 data/projects/{id}/ 文件夹名和记录里的 unit）"
                ),
            );
            f.unit = Some(id.clone());
            out.push(f);
        }
        if let Some((other, first)) = folded.get(&id.to_ascii_lowercase())
            && other != id
        {
            let mut f = at(
                src,
                u.id.span(),
                Severity::Error,
                Code::Path,
                format!(
                    "单位编号 `{id}` 与第 {first} 行的 `{other}` 只差大小写：Windows 和 macOS 不区分大小写，data/projects/{id}/ 与 data/projects/{other}/ 两个文件夹、units/{id}.html 与 units/{other}.html 两个网页会互相覆盖。请给本单位换一个编号"
                ),
            );
            f.unit = Some(id.clone());
            out.push(f);
        } else {
            folded.entry(id.to_ascii_lowercase()).or_insert((id, line));
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

/// Duplicate project ids across files: every file but the first (by path) is flagged;
/// ids equal only ignoring ASCII case (`ABC`, `abc`) are a `path` error the same way.
pub fn check_duplicates(ledger: &Ledger) -> Vec<Finding> {
    let mut first: BTreeMap<&str, &Record> = BTreeMap::new();
    let mut folded: BTreeMap<String, &Record> = BTreeMap::new();
    let mut out = Vec::new();
    for rec in &ledger.records {
        match folded.get(&rec.id().to_ascii_lowercase()) {
            Some(orig) if orig.id() != rec.id() => out.push(at_record(
                rec,
                rec.project.id.span(),
                Severity::Error,
                Code::Path,
                format!(
                    "{} 的项目编号 `{}` 与 {} 的编号 `{}` 只差大小写：Windows 和 macOS 不区分大小写，两个项目的网页 projects/{}.html 会互相覆盖。请给本项目换一个编号（同时改文件名）",
                    rec.source.path,
                    rec.id(),
                    orig.source.path,
                    orig.id(),
                    orig.id()
                ),
            )),
            Some(_) => {}
            None => {
                folded.insert(rec.id().to_ascii_lowercase(), rec);
            }
        }
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
    if let Some(why) = reserved_id(id, "projects") {
        push(
            p.id.span(),
            Code::Path,
            format!(
                "{} 的项目编号 `{id}` {why}。请给本项目换一个编号（同时改文件名）",
                rec.source.path
            ),
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
    let mut check_unit = |s: &Spanned<String>, what: &str| {
        if ledger.unit(s.get_ref()).is_none() {
            push(
                s.span(),
                Code::UnknownRef,
                unknown_unit_message(ledger, what, s.get_ref()),
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

    // Date range: a date more than 10 years after as-of is a typo in the year
    // (`2205-01-06`), said as such instead of as a future date (issue 8.10; dates
    // before 2000 are refused when the record is read, see `model::MIN_DATE`).
    let as_of = ctx.as_of;
    let latest = latest_date(as_of);
    let mut out_of_range = |span: std::ops::Range<usize>, d: Date, what: &str| {
        let late = d.0 > latest;
        if late {
            push(span, Code::Schema, far_message(what, d, as_of));
        }
        late
    };
    let mut too_late = |d: &Spanned<Date>, what: &str| out_of_range(d.span(), *d.get_ref(), what);
    let mut far = BTreeSet::new();
    for (key, d) in date_fields(&p.dates) {
        if let Some(d) = d
            && too_late(d, &format!("`{key}`"))
        {
            far.insert(d.span().start);
        }
    }
    let plan_dates = [
        ("start", &p.plan.start),
        ("start_extended_to", &p.plan.start_extended_to),
        ("complete", &p.plan.complete),
        ("complete_extended_to", &p.plan.complete_extended_to),
        ("operate", &p.plan.operate),
        ("operate_extended_to", &p.plan.operate_extended_to),
    ];
    for (key, d) in plan_dates {
        if let Some(d) = d {
            too_late(d, &format!("[plan] `{key}`"));
        }
    }
    for a in &p.approvals {
        if too_late(&a.on, &format!("审批步骤「{}」", a.step.get_ref())) {
            far.insert(a.on.span().start);
        }
    }
    for m in &p.milestones {
        let what = format!("节点「{}」", m.item.get_ref());
        too_late(&m.due, &format!("{what}的 due"));
        if let Some(d) = &m.extended_to {
            too_late(d, &format!("{what}的 extended_to"));
        }
        if let Some(d) = &m.done
            && too_late(d, &format!("{what}的 done"))
        {
            far.insert(d.span().start);
        }
    }
    for pr in &p.problems {
        for (d, what) in [
            (Some(&pr.raised), "raised"),
            (pr.resolved.as_ref(), "resolved"),
        ] {
            if let Some(d) = d
                && too_late(d, &format!("问题的 {what}"))
            {
                far.insert(d.span().start);
            }
        }
        too_late(&pr.due, "问题的解决时限 due");
        if let Some(n) = &pr.notice {
            let nt = n.get_ref();
            if let Some(d) = [Some(nt.issued), nt.replied]
                .into_iter()
                .flatten()
                .find(|d| d.0 > latest)
            {
                too_late(&Spanned::new(n.span(), d), &format!("督办 {}", nt.no));
                far.insert(n.span().start);
            }
        }
    }

    // Future dates (those already said to be out of range are not repeated).
    let mut future = |d: &Spanned<Date>, what: &str| {
        if d.get_ref().0 > as_of && !far.contains(&d.span().start) {
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
            if let Some(d) = late.filter(|_| !far.contains(&n.span().start)) {
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
                // 司法局合法性审查 or 法务审核, by who signs [谯城 六].
                p.signer.review(),
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
            let (why, tag) = if nkey == "legal_review" {
                (super::amendments::review_basis(p.signer), " [谯城 六]")
            } else {
                ("", "")
            };
            match need {
                None => push(
                    this.span(),
                    Code::Prerequisite,
                    format!(
                        "已{name}（`{key}` = {day}），但没有{nname}日期 `{nkey}`：{name}前必须先经{nname}{why}。请补填 `{nkey}`{tag}"
                    ),
                ),
                Some(n) if n.get_ref().0 > day => push(
                    this.span(),
                    Code::Prerequisite,
                    format!(
                        "{name}日期 {day} 早于{nname}日期 {}（`{nkey}`）：必须先{nname}、后{name}{why}。请核对日期{tag}",
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
            Some(ym) if ym.0 < MIN_DATE.year() || ym > month_of(latest) => push(
                r.month.span(),
                Code::Schema,
                format!(
                    "月报的 month = \"{m}\" 不在 {}-01 到 {}-{:02} 之间，年份写错了？请核对年份",
                    MIN_DATE.year(),
                    latest.year(),
                    latest.month()
                ),
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

/// The unit a mistyped reference most likely means: one whose name is written (a
/// name where the id belongs, `unit = "经开区"`), whose id differs only in case, or
/// whose id or name is within a small edit distance.
pub fn nearest_unit<'a>(ledger: &'a Ledger, written: &str) -> Option<&'a crate::model::Unit> {
    let w = written.trim();
    if w.is_empty() {
        return None;
    }
    let by_name = ledger
        .units
        .iter()
        .find(|u| u.name == w)
        .or_else(|| {
            ledger
                .units
                .iter()
                .find(|u| u.id.get_ref().eq_ignore_ascii_case(w))
        })
        .or_else(|| {
            // A short name inside the full one (经开区 / 示例经济开发区 are not, but
            // 高新区 / 示例高新区 are).
            ledger
                .units
                .iter()
                .filter(|u| w.chars().count() >= 2 && (u.name.contains(w) || w.contains(&u.name)))
                .min_by_key(|u| u.name.chars().count().abs_diff(w.chars().count()))
        });
    if by_name.is_some() {
        return by_name;
    }
    let limit = (w.chars().count() / 3).clamp(1, 3);
    ledger
        .units
        .iter()
        .map(|u| {
            let d = strsim::damerau_levenshtein(w, u.id.get_ref())
                .min(strsim::damerau_levenshtein(w, &u.name));
            (d, u)
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, u)| u)
}

/// An unknown unit reference: the nearest unit if one is likely meant, and every
/// unit as `id（名称）` (issue 8.16).
pub(crate) fn unknown_unit_message(ledger: &Ledger, what: &str, written: &str) -> String {
    let mut msg = format!("{what} `{written}` 不在 data/units.toml 中。");
    if let Some(u) = nearest_unit(ledger, written) {
        let id = u.id.get_ref();
        msg.push_str(&format!("是不是指 `{id}`（{}）？", u.name));
        if u.name == written.trim() || u.name.contains(written.trim()) {
            msg.push_str(&format!(
                "这里要写单位编号 id，不是单位名称：请写成 \"{id}\"。"
            ));
        }
    }
    let all = names_list(
        ledger
            .units
            .iter()
            .map(|u| format!("{}（{}）", u.id.get_ref(), u.name))
            .collect::<Vec<_>>()
            .iter()
            .map(|s| s.as_str()),
    );
    msg.push_str(&format!("可用的单位：{all}"));
    msg
}

/// How far after the as-of date a planned date may lie.
pub const MAX_YEARS_AHEAD: u32 = 10;

/// The latest date a record may carry: [`MAX_YEARS_AHEAD`] years after as-of.
pub fn latest_date(as_of: NaiveDate) -> NaiveDate {
    as_of
        .checked_add_months(chrono::Months::new(12 * MAX_YEARS_AHEAD))
        .unwrap_or(NaiveDate::MAX)
}

fn month_of(d: NaiveDate) -> (i32, u32) {
    (d.year(), d.month())
}

fn far_message(what: &str, d: Date, as_of: NaiveDate) -> String {
    format!(
        "{what} 的日期 {d} 比核查日 {as_of} 晚 {MAX_YEARS_AHEAD} 年以上，年份写错了？台账的日期应在 {MIN_DATE} 到 {} 之间。请核对年份",
        latest_date(as_of)
    )
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
