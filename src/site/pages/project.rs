//! 项目页: facts, stage timeline, approval tier against the steps taken, milestones
//! plan against actual (Gantt-like SVG), reports, problems and 督办, deadlines and
//! the project's current findings.

use super::chart;
use crate::charts::{GanttRow, gantt};
use crate::findings::Finding;
use crate::load::Record;
use crate::model::day;
use crate::rules::approval::{match_steps, required};
use crate::rules::deadlines::Status;
use crate::rules::structure::LIFECYCLE;
use crate::site::model::{
    money, plain_status, plain_subject, sector_label, status_class, status_label, trim, wan,
};
use crate::site::{Profile, Site, SiteError};
use crate::view::{ProjectState, SnapItem};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Fact {
    label: &'static str,
    value: String,
}

#[derive(Serialize)]
struct Step {
    name: String,
    date: String,
    taken: bool,
    late: bool,
}

#[derive(Serialize)]
struct Row {
    cells: Vec<String>,
    class: &'static str,
}

#[derive(Serialize)]
struct FindingRow {
    severity: &'static str,
    class: &'static str,
    code: String,
    rule: String,
    line: usize,
    due: String,
    message: String,
}

fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

/// An extension's basis and, where recorded, the day it was decided:
/// "联席会议纪要〔2026〕5号，2026-09-25决定".
fn basis_of_extension(reference: &Option<String>, on: Option<chrono::NaiveDate>) -> String {
    let mut v: Vec<String> = reference.iter().cloned().collect();
    v.extend(on.map(|d| format!("{d}决定")));
    v.join("，")
}

/// The landing units a project had, in date order: "2026-06-01 临河镇→城关镇（纪要）".
fn transfers(site: &Site, p: &crate::model::Project) -> String {
    let mut ts: Vec<&crate::model::Transfer> = p.transfers.iter().collect();
    ts.sort_by_key(|t| t.on.get_ref().0);
    ts.iter()
        .enumerate()
        .map(|(i, t)| {
            let to = ts.get(i + 1).map_or(p.unit.get_ref(), |n| n.from.get_ref());
            let r = t
                .reference
                .as_ref()
                .map(|r| format!("（{r}）"))
                .unwrap_or_default();
            format!(
                "{} {}→{}{r}",
                t.on.get_ref(),
                site.unit_name(t.from.get_ref()),
                site.unit_name(to)
            )
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn facts(site: &Site, rec: &Record, state: &ProjectState) -> Vec<Fact> {
    let p = &rec.project;
    let cfg = &site.checked.ledger.config;
    let mut v = vec![
        Fact {
            label: "项目编号",
            value: rec.id().to_string(),
        },
        Fact {
            label: "项目类别",
            value: p.category.get_ref().clone(),
        },
        Fact {
            label: "所属领域",
            value: p
                .sector
                .map(|s| sector_label(s).to_string())
                .unwrap_or_default(),
        },
        Fact {
            label: "产业链",
            value: opt(&p.chain),
        },
        Fact {
            label: "落地单位",
            value: site.unit_name(p.unit.get_ref()),
        },
        Fact {
            label: "落地单位变更",
            value: transfers(site, p),
        },
        Fact {
            label: "招引单位",
            value: site.unit_name(p.source_unit()),
        },
        Fact {
            label: "总投资",
            value: money(*p.investment_wan.get_ref()),
        },
        Fact {
            label: "单个合同投资额",
            value: p
                .contract_wan
                .as_ref()
                .map(|c| money(*c.get_ref()))
                .unwrap_or_default(),
        },
        Fact {
            label: "到位资金来源",
            value: p
                .funds_origin
                .map(|o| o.label().to_string())
                .unwrap_or_default(),
        },
        Fact {
            label: "供地面积",
            value: if p.land() > 0.0 {
                format!("{} 亩", trim(p.land(), 2))
            } else {
                "非供地项目".into()
            },
        },
        Fact {
            label: "一事一议",
            value: if p.special_policy {
                "是".into()
            } else {
                "否".into()
            },
        },
        Fact {
            label: "签约主体",
            value: p.signer.describe().into(),
        },
        Fact {
            label: "跟踪级别",
            value: tracking_fact(cfg, p),
        },
        Fact {
            label: "当前阶段",
            value: state.stage.label().into(),
        },
        Fact {
            label: "投资企业",
            value: opt(&p.investor),
        },
        Fact {
            label: "包保领导",
            value: opt(&p.leader),
        },
        Fact {
            label: "落地责任人",
            value: opt(&p.owner),
        },
    ];
    if site.profile == Profile::Internal {
        v.extend([
            Fact {
                label: "项目联系人",
                value: opt(&p.contact),
            },
            Fact {
                label: "跟踪服务人",
                value: opt(&p.service),
            },
            Fact {
                label: "法人代表",
                value: opt(&p.legal_rep),
            },
            Fact {
                label: "联系电话",
                value: opt(&p.phone),
            },
        ]);
    }
    v.retain(|f| !f.value.is_empty());
    v
}

/// The most commits shown in a project's 更新记录.
const UPDATES_SHOWN: usize = 20;

/// One commit of a project's 更新记录.
#[derive(Serialize)]
struct UpdateRow {
    date: String,
    commit: String,
    /// Empty in the public edition (staff names are for the office).
    author: String,
    subject: String,
}

/// A project's 更新记录 (the record's commits on or before the as-of date, newest
/// first, at most [`UPDATES_SHOWN`]) and its days since the last one.
#[derive(Serialize)]
struct Updates {
    rows: Vec<UpdateRow>,
    /// Commits on or before the as-of date.
    total: usize,
    /// Date of the last one (empty when none).
    last: String,
    /// Days from it to the as-of date.
    days: Option<i64>,
    /// Stale as the `stale` rule judges it (under way and over the limit).
    stale: bool,
    /// `[rules] stale_days` (0: the rule is off).
    limit: u32,
    /// Why no history is shown, when it could not be read.
    unavailable: String,
    /// Whether the history was read at all.
    read: bool,
    /// Commits after the as-of date (not shown, not counted).
    later: usize,
}

fn updates(site: &Site, rec: &Record) -> Updates {
    use crate::gitlog::History;
    let ledger = &site.checked.ledger;
    let as_of = site.checked.as_of;
    let internal = site.profile == Profile::Internal;
    let all = ledger.history.changes_until(&rec.source.path, as_of);
    let last = crate::rules::stale::last_update(&ledger.history, &rec.source.path, as_of);
    Updates {
        rows: all
            .iter()
            .take(UPDATES_SHOWN)
            .map(|c| UpdateRow {
                date: c.date.to_string(),
                commit: c.commit.clone(),
                author: if internal {
                    c.author.clone()
                } else {
                    String::new()
                },
                subject: c.subject.clone(),
            })
            .collect(),
        total: all.len(),
        last: last.map(|u| u.change.date.to_string()).unwrap_or_default(),
        days: last.map(|u| u.days),
        stale: crate::rules::stale::stale(ledger, rec, as_of).is_some(),
        limit: ledger.config.rules.stale_days,
        unavailable: match &ledger.history {
            History::Unavailable(u) => u.reason(),
            _ => String::new(),
        },
        read: matches!(ledger.history, History::Read(_)),
        later: ledger
            .history
            .changes(&rec.source.path)
            .len()
            .saturating_sub(all.len()),
    }
}

/// The tracking level as the 基本情况 shows it, saying when it is judged on the
/// 单个合同投资额 rather than the total [贵州 一].
fn tracking_fact(cfg: &crate::config::Config, p: &crate::model::Project) -> String {
    let level = crate::derive::tracking(cfg, p);
    match (&p.contract_wan, level) {
        (Some(_), l) if l != crate::derive::Tracking::NotKey => {
            format!("{}（按单个合同投资额）", l.label())
        }
        _ => level.label().into(),
    }
}

/// The 增资 links of the ledger, computed once per build: each record's id → the
/// records that expand it (in ledger order), and id → record for the original's name.
#[derive(Default)]
struct Related<'a> {
    by_id: BTreeMap<&'a str, &'a Record>,
    expansions: BTreeMap<&'a str, Vec<&'a Record>>,
}

impl<'a> Related<'a> {
    fn new(ledger: &'a crate::load::Ledger) -> Related<'a> {
        let mut r = Related::default();
        for rec in &ledger.records {
            r.by_id.entry(rec.id()).or_insert(rec);
            if let Some(e) = &rec.project.expands {
                r.expansions
                    .entry(e.get_ref().trim())
                    .or_default()
                    .push(rec);
            }
        }
        r
    }
    /// The original a 增资 record names, if it exists (and is not the record itself).
    fn original(&self, rec: &Record) -> Option<&'a Record> {
        let e = rec.project.expands.as_ref()?.get_ref().trim();
        self.by_id.get(e).copied().filter(|o| o.id() != rec.id())
    }
    /// The 增资 records of an original.
    fn expansions_of(&self, rec: &Record) -> &[&'a Record] {
        self.expansions.get(rec.id()).map_or(&[], Vec::as_slice)
    }
}

/// A 增资 record listed on its original's page.
#[derive(Serialize)]
struct Expansion {
    id: String,
    name: String,
    signed: String,
    investment: String,
    stage: &'static str,
}

fn page(
    site: &Site,
    k: usize,
    item: &SnapItem,
    findings: &[&Finding],
    related: &Related,
) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let rec = &ledger.records[item.index];
    let p = &rec.project;
    let state = &item.state;
    let id = rec.id();
    let path = format!("projects/{id}.html");
    let original = related.original(rec);
    let expansions = related.expansions_of(rec);
    let updates = updates(site, rec);
    let inputs = inputs(site, rec, findings, original, expansions, &updates);
    if site.out.reuse(&path, inputs)? {
        (site.tick)();
        return Ok(());
    }
    let page_name = format!("项目 {id}（{}）", rec.source.path);

    // Timeline: lifecycle dates, then the post-signing steps.
    let mut timeline: Vec<(String, String, bool)> = LIFECYCLE
        .iter()
        .map(|(key, name)| {
            let d = crate::rules::structure::date_fields(&p.dates)
                .into_iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| day(v));
            (
                name.to_string(),
                d.map(|d| d.to_string()).unwrap_or_default(),
                d.is_some(),
            )
        })
        .collect();
    // The legal review before signing, named by who signs [谯城 六]: 司法局合法性审查
    // or 法务审核.
    let review = day(&p.dates.legal_review);
    let at = LIFECYCLE
        .iter()
        .position(|(k, _)| *k == "signed")
        .unwrap_or(timeline.len());
    timeline.insert(
        at,
        (
            p.signer.review().to_string(),
            review.map(|d| d.to_string()).unwrap_or_default(),
            review.is_some(),
        ),
    );
    if let Some(t) = day(&p.dates.terminated) {
        timeline.push(("终止".into(), t.to_string(), true));
    }

    // Approval.
    let approved = day(&p.dates.approved);
    let unit = ledger.unit(approved.map_or(p.unit.get_ref().as_str(), |a| p.unit_on(a)));
    let req = required(&ledger.config, p, unit);
    let steps: Vec<Step> = match_steps(&req, p, approved)
        .into_iter()
        .map(|s| Step {
            name: s.step,
            date: s.on.map(|d| d.to_string()).unwrap_or_default(),
            taken: s.on.is_some(),
            late: matches!((s.on, approved), (Some(d), Some(a)) if d > a),
        })
        .collect();
    let taken: Vec<Row> = p
        .approvals
        .iter()
        .map(|a| Row {
            cells: vec![
                a.step.get_ref().clone(),
                a.on.get_ref().to_string(),
                opt(&a.reference),
            ],
            class: "",
        })
        .collect();

    // Milestones.
    let judged = |rule: crate::findings::Rule, due: chrono::NaiveDate| {
        state
            .deadlines
            .iter()
            .find(|j| j.deadline.rule == rule && j.deadline.due == due)
    };
    let milestones: Vec<Row> = p
        .milestones
        .iter()
        .map(|m| {
            let due = m.effective_due().get_ref().0;
            let st = judged(crate::findings::Rule::Milestone, due).map(|j| j.status);
            Row {
                cells: vec![
                    m.item.get_ref().clone(),
                    site.unit_name(m.unit.get_ref()),
                    m.due.get_ref().to_string(),
                    m.extended_to
                        .as_ref()
                        .map(|e| {
                            format!(
                                "{}（{}）",
                                e.get_ref(),
                                basis_of_extension(&m.extension_ref, day(&m.extended_on))
                            )
                        })
                        .unwrap_or_default(),
                    m.done
                        .as_ref()
                        .map(|d| d.get_ref().to_string())
                        .unwrap_or_default(),
                    st.map(status_label).unwrap_or("").to_string(),
                    opt(&m.measures),
                ],
                class: st.map(status_class).unwrap_or(""),
            }
        })
        .collect();
    let gantt_svg = if p.milestones.is_empty() {
        String::new()
    } else {
        let start = day(&p.dates.signed)
            .or(day(&p.dates.plan_issued))
            .unwrap_or_else(|| {
                p.milestones
                    .iter()
                    .map(|m| m.due.get_ref().0)
                    .min()
                    .unwrap_or(site.ctx.as_of)
            });
        let rows: Vec<GanttRow> = p
            .milestones
            .iter()
            .map(|m| GanttRow {
                label: m.item.get_ref().clone(),
                due: m.effective_due().get_ref().0,
                done: day(&m.done),
            })
            .collect();
        chart(
            gantt("开工计划节点：计划与实际", start, &rows, site.ctx.as_of),
            &page_name,
        )?
    };

    let mut reports: Vec<Row> = p
        .reports
        .iter()
        .map(|r| Row {
            cells: vec![
                match day(&r.submitted) {
                    Some(s) => format!("{}（{s}报送）", r.month.get_ref()),
                    None => r.month.get_ref().clone(),
                },
                opt(&r.planned),
                opt(&r.actual),
                opt(&r.problems),
                opt(&r.suggestions),
                // 到位资金来源: the report's own, else the project's (said so).
                match (r.invested_wan, r.origin, p.funds_origin) {
                    (None, _, _) => String::new(),
                    (Some(_), Some(o), _) => o.label().to_string(),
                    (Some(_), None, Some(o)) => format!("{}（同项目）", o.label()),
                    (Some(_), None, None) => "未注明".into(),
                },
                wan(r.invested_wan.unwrap_or(0.0)),
            ],
            class: "",
        })
        .collect();
    reports.sort_by(|a, b| b.cells[0].cmp(&a.cells[0]));

    let problems: Vec<Row> = p
        .problems
        .iter()
        .map(|pr| {
            let st = judged(crate::findings::Rule::Problem, pr.due.get_ref().0).map(|j| j.status);
            let notice = pr.notice.as_ref().map(|n| {
                let n = n.get_ref();
                format!(
                    "{}（{} 下发，{}）",
                    n.no,
                    n.issued,
                    n.replied
                        .map(|r| format!("{r} 回复"))
                        .unwrap_or_else(|| "未回复".into())
                )
            });
            Row {
                cells: vec![
                    pr.raised.get_ref().to_string(),
                    pr.text.clone(),
                    site.unit_name(pr.unit.get_ref()),
                    pr.due.get_ref().to_string(),
                    pr.resolved
                        .as_ref()
                        .map(|d| d.get_ref().to_string())
                        .unwrap_or_default(),
                    st.map(status_label).unwrap_or("").to_string(),
                    notice.unwrap_or_default(),
                ],
                class: st.map(status_class).unwrap_or(""),
            }
        })
        .collect();

    // Public pages name the county's own rule (config [rules.names]); the internal
    // edition adds the seed document the default comes from.
    let names = &ledger.config.rules.names;
    let internal = site.profile == Profile::Internal;
    let basis = |d: &crate::rules::deadlines::Deadline| {
        let own = names.get(d.rule.as_str()).to_string();
        if internal {
            format!("{own}（参考：{}）", d.basis)
        } else {
            own
        }
    };
    let mut deadlines: Vec<Row> = state
        .deadlines
        .iter()
        .map(|j| Row {
            cells: vec![
                j.deadline.rule.label().to_string(),
                plain_subject(&j.deadline, p),
                site.unit_name(j.deadline.unit),
                j.deadline.due.to_string(),
                j.deadline
                    .done
                    .filter(|_| j.deadline.rule != crate::findings::Rule::Report)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                match j.status {
                    Status::Overdue | Status::DueSoon | Status::Late => format!(
                        "{}：{}",
                        status_label(j.status),
                        plain_status(j, &site.ctx, &site.unit_name(j.deadline.unit))
                    ),
                    _ => status_label(j.status).to_string(),
                },
                basis(&j.deadline),
            ],
            class: status_class(j.status),
        })
        .collect();
    deadlines.sort_by(|a, b| a.cells[3].cmp(&b.cells[3]));

    // What must be done now, said plainly: overdue first, then due soon.
    let mut todo: Vec<&crate::view::Judged> = state
        .deadlines
        .iter()
        .filter(|j| matches!(j.status, Status::Overdue | Status::DueSoon))
        .collect();
    todo.sort_by_key(|j| (j.status != Status::Overdue, j.deadline.due));
    let todo: Vec<Row> = todo
        .into_iter()
        .map(|j| Row {
            cells: vec![
                format!(
                    "{}：{}。",
                    plain_subject(&j.deadline, p),
                    plain_status(j, &site.ctx, &site.unit_name(j.deadline.unit))
                ),
                basis(&j.deadline),
            ],
            class: status_class(j.status),
        })
        .collect();

    let finding_rows: Vec<FindingRow> = findings
        .iter()
        .map(|f| FindingRow {
            severity: f.severity.label(),
            class: match f.code {
                crate::findings::Code::Overdue => "red",
                crate::findings::Code::DueSoon => "yellow",
                crate::findings::Code::Late => "late",
                _ => "",
            },
            code: f.code.to_string(),
            rule: f.rule.map(|r| r.label().to_string()).unwrap_or_default(),
            line: f.line,
            due: f.due.map(|d| d.to_string()).unwrap_or_default(),
            message: f.message.clone(),
        })
        .collect();

    let row = &site.rows[k];
    let mut c = tera::Context::new();
    c.insert("p", row);
    c.insert(
        "performance",
        &super::performance::project_section(site, &rec.project),
    );
    c.insert(
        "original",
        &original.map(|o| (o.id(), o.project.name.get_ref())),
    );
    c.insert(
        "expansions",
        &expansions
            .iter()
            .map(|e| Expansion {
                id: e.id().to_string(),
                name: e.project.name.get_ref().clone(),
                signed: day(&e.project.dates.signed)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                investment: wan(*e.project.investment_wan.get_ref()),
                stage: crate::derive::stage(&e.project, site.ctx.as_of).label(),
            })
            .collect::<Vec<_>>(),
    );
    c.insert(
        "expansions_wan",
        &wan(expansions
            .iter()
            .map(|e| *e.project.investment_wan.get_ref())
            .sum()),
    );
    let funds = crate::view::funds::project_totals(p, site.ctx.as_of);
    c.insert("funds_year", &site.ctx.as_of.format("%Y").to_string());
    c.insert(
        "funds",
        &if funds.cumulative.total() > 0.0 {
            super::funds_rows(&funds, false)
        } else {
            Vec::new()
        },
    );
    c.insert("facts", &facts(site, rec, state));
    c.insert("timeline", &timeline);
    c.insert("tier", &req.tier.label());
    c.insert("tier_reason", &req.reason);
    c.insert("approved", &approved.map(|d| d.to_string()));
    c.insert("steps", &steps);
    c.insert("taken", &taken);
    c.insert("milestones", &milestones);
    c.insert("gantt_svg", &gantt_svg);
    c.insert("reports", &reports);
    c.insert("problems", &problems);
    c.insert("deadlines", &deadlines);
    // File paths, line numbers and English codes are for the office (internal edition).
    c.insert(
        "findings",
        &if internal { finding_rows } else { Vec::new() },
    );
    c.insert("todo", &todo);
    c.insert("updates", &updates);
    c.insert(
        "terminated",
        &(state.stage == crate::derive::Stage::Terminated),
    );
    c.insert(
        "source_path",
        &if internal {
            rec.source.path.clone()
        } else {
            String::new()
        },
    );
    c.insert(
        "plan",
        &[
            (
                "计划开工",
                day(&p.plan.start),
                day(&p.plan.start_extended_to),
                basis_of_extension(&p.plan.start_extension_ref, day(&p.plan.start_extended_on)),
            ),
            (
                "计划竣工",
                day(&p.plan.complete),
                day(&p.plan.complete_extended_to),
                basis_of_extension(
                    &p.plan.complete_extension_ref,
                    day(&p.plan.complete_extended_on),
                ),
            ),
            (
                "计划投产",
                day(&p.plan.operate),
                day(&p.plan.operate_extended_to),
                basis_of_extension(
                    &p.plan.operate_extension_ref,
                    day(&p.plan.operate_extended_on),
                ),
            ),
        ]
        .into_iter()
        .filter(|(_, d, _, _)| d.is_some())
        .map(|(l, d, e, r)| {
            (
                l,
                d.map(|d| d.to_string()).unwrap_or_default(),
                e.map(|e| format!("{e}（{r}）")).unwrap_or_default(),
            )
        })
        .collect::<Vec<_>>(),
    );
    c.insert(
        "terminated_reason",
        &p.dates
            .terminated_reason
            .as_ref()
            .map(|r| r.get_ref().clone()),
    );
    c.insert("tasks", &super::tasks::for_project(site, id));
    site.page_from(
        "project.html",
        &path,
        &page_name,
        "projects",
        c,
        Some(inputs),
    )
}

/// What a project page is made of: everything every page depends on
/// ([`Site::fingerprint`]), the record's text, its 更新记录 and its findings (which carry what other
/// records say of it, e.g. a duplicate id). An equal hash means an equal page.
fn inputs(
    site: &Site,
    rec: &crate::load::Record,
    findings: &[&Finding],
    original: Option<&Record>,
    expansions: &[&Record],
    updates: &Updates,
) -> u128 {
    use crate::site::write::hash_part;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hash_part(&mut h, &site.fingerprint.to_le_bytes());
    hash_part(&mut h, rec.source.path.as_bytes());
    hash_part(&mut h, &rec.source.digest().to_le_bytes());
    // 增资: the original's name is linked, the expansions are listed with amounts.
    for r in original.into_iter().chain(expansions.iter().copied()) {
        hash_part(&mut h, b"related");
        hash_part(&mut h, r.source.path.as_bytes());
        hash_part(&mut h, &r.source.digest().to_le_bytes());
    }
    for f in findings {
        let head = format!(
            "{:?} {} {:?} {} {} {:?} {:?}",
            f.severity, f.code, f.rule, f.line, f.column, f.due, f.unit
        );
        hash_part(&mut h, head.as_bytes());
        hash_part(&mut h, f.message.as_bytes());
    }
    // The record's 更新记录 comes from Git, not from its text.
    hash_part(
        &mut h,
        serde_json::to_string(updates)
            .unwrap_or_default()
            .as_bytes(),
    );
    h.digest128()
}

/// Render every `projects/<id>.html`, in parallel.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let related = Related::new(&site.checked.ledger);
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &site.checked.findings {
        by_file.entry(f.file.as_str()).or_default().push(f);
    }
    site.current
        .items
        .par_iter()
        .enumerate()
        .map(|(k, item)| {
            let file = site.checked.ledger.records[item.index].source.path.as_str();
            let mine = by_file.get(file).map(Vec::as_slice).unwrap_or(&[]);
            page(site, k, item, mine, &related)
        })
        .collect::<Result<(), SiteError>>()
}
