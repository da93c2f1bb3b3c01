//! 交办事项 pages: `tasks/index.html` (every task, open first, with its level),
//! `tasks/<id>.html` (the task, its feedback timeline, linked projects, level) and
//! `tasks.json`; plus the pieces other pages show (a unit's and a project's tasks, the
//! bulletin's 交办事项 section, the quarter's 工作单落实情况 table). Written only when
//! the ledger has tasks, so a ledger without `data/tasks/` builds the same site as before.

use crate::site::{Site, SiteError};
use crate::view::tasks::{TaskRow, UnitTasks, period_table, rows};
use chrono::NaiveDate;
use serde::Serialize;

/// Whether the site has task pages.
pub fn any(site: &Site) -> bool {
    !site.checked.ledger.tasks.is_empty()
}

/// Every task as of the site's date (open first, highest level first).
pub fn current(site: &Site) -> Vec<TaskRow> {
    rows(&site.checked.ledger, &site.ctx)
}

/// The level names in order, for the legend.
fn levels(site: &Site) -> Vec<(String, u32, bool)> {
    site.checked
        .ledger
        .config
        .tasks
        .escalation
        .iter()
        .map(|l| (l.level.clone(), l.after_days, l.not_excellent))
        .collect()
}

/// One entry of `tasks.json`.
#[derive(Serialize)]
struct Export<'a> {
    id: &'a str,
    kind: &'a str,
    unit: &'a str,
    title: &'a str,
    issued: &'a str,
    due: &'a str,
    done: Option<&'a str>,
    level: Option<&'a str>,
    overdue_days: u32,
    feedback: usize,
    /// When the next feedback is due (open tasks only).
    feedback_due: Option<&'a str>,
    /// Working days that feedback is overdue (0: not).
    feedback_late: u32,
    projects: &'a [String],
}

/// `tasks.json`: `{"as_of", "tasks": [...]}`.
#[derive(Serialize)]
struct ExportFile<'a> {
    as_of: String,
    tasks: Vec<Export<'a>>,
}

/// Render `tasks/index.html`, one `tasks/<id>.html` per task and `tasks.json`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    if !any(site) {
        return Ok(());
    }
    let all = current(site);
    let levels = levels(site);
    let open = all.iter().filter(|t| t.open).count();
    let overdue = all.iter().filter(|t| t.open && t.level.is_some()).count();
    let mut c = tera::Context::new();
    c.insert("tasks", &all);
    c.insert("levels", &levels);
    c.insert("open", &open);
    c.insert("overdue", &overdue);
    c.insert(
        "feedback_days",
        &site.checked.ledger.config.tasks.feedback_days,
    );
    c.insert(
        "not_excellent_from",
        &levels.iter().find(|l| l.2).map(|l| l.0.clone()),
    );
    site.page("tasks.html", "tasks/index.html", "交办事项", "tasks", c)?;
    for t in &all {
        let projects: Vec<(String, String)> = t
            .projects
            .iter()
            .map(|id| {
                let name = site
                    .checked
                    .ledger
                    .records
                    .iter()
                    .find(|r| r.id() == id)
                    .map_or_else(String::new, |r| r.project.name.get_ref().clone());
                (id.clone(), name)
            })
            .collect();
        let file = format!("{}/{}.toml", crate::tasks::TASKS_PATH, t.id);
        let internal = site.profile == crate::site::Profile::Internal;
        let findings: Vec<String> = site
            .checked
            .findings
            .iter()
            .filter(|f| f.file == file)
            .map(|f| {
                if internal {
                    format!("{}（{}:{}）", f.message, f.file, f.line)
                } else {
                    plain(f, t, &site.ctx)
                }
            })
            .collect();
        let mut c = tera::Context::new();
        c.insert("t", t);
        c.insert("projects", &projects);
        c.insert("levels", &levels);
        c.insert("findings", &findings);
        site.page(
            "task.html",
            &format!("tasks/{}.html", t.id),
            &format!("交办事项 {}", t.id),
            "tasks",
            c,
        )?;
    }
    let export = ExportFile {
        as_of: site.ctx.as_of.to_string(),
        tasks: all
            .iter()
            .map(|t| Export {
                id: &t.id,
                kind: t.kind,
                unit: &t.unit,
                title: &t.title,
                issued: &t.issued,
                due: &t.due,
                done: t.done.as_deref(),
                level: t.level.as_deref(),
                overdue_days: if t.level.is_some() { t.overdue_days } else { 0 },
                feedback: t.feedback_count,
                feedback_due: t.feedback_due.as_deref(),
                feedback_late: t.feedback_late,
                projects: &t.projects,
            })
            .collect(),
    };
    let json = serde_json::to_vec(&export)
        .map_err(|e| SiteError::Io("tasks.json".into(), e.to_string()))?;
    site.emit("tasks.json", json)
}

/// A finding of a task said plainly for the public pages (no keys, files or seed citations).
fn plain(f: &crate::findings::Finding, t: &TaskRow, ctx: &crate::rules::Context) -> String {
    use crate::findings::{Code, Rule};
    let due = f.due.map(|d| d.to_string()).unwrap_or_default();
    let days = f
        .due
        .map_or(0, |d| ctx.calendar.count_workdays(d, ctx.as_of));
    let unit = &t.unit_name;
    match (f.rule, f.code) {
        (Some(Rule::TaskDue), Code::Overdue) => {
            format!(
                "已超过办结期限（{due}）{days} 个工作日仍未办结，请{unit}尽快办结并反馈办理结果。"
            )
        }
        (Some(Rule::TaskDue), Code::DueSoon) => format!("将于 {due} 到期，请{unit}按期办结。"),
        (Some(Rule::TaskDue), Code::Late) => format!("超过办结期限（{due}）后办结。"),
        (Some(Rule::TaskFeedback), Code::Overdue) => {
            format!(
                "未按时反馈推进情况：应于 {due} 前反馈，已超期 {days} 个工作日，请{unit}及时反馈。"
            )
        }
        (Some(Rule::TaskFeedback), Code::DueSoon) => {
            format!("请{unit}于 {due} 前反馈推进情况。")
        }
        _ => "记录有待改正的问题，详见检查结果（tongbao check）。".into(),
    }
}

/// The tasks issued to a unit (for its page), open first.
pub fn for_unit(site: &Site, unit: &str) -> Vec<TaskRow> {
    some(site, |t| t.unit.get_ref() == unit)
}

/// The tasks naming a project (for its page), open first.
pub fn for_project(site: &Site, project: &str) -> Vec<TaskRow> {
    some(site, |t| t.projects.iter().any(|p| p.get_ref() == project))
}

/// The rows of the tasks `keep` selects, in the order of [`rows`].
fn some(site: &Site, keep: impl Fn(&crate::tasks::Task) -> bool) -> Vec<TaskRow> {
    let ledger = &site.checked.ledger;
    let mut out: Vec<TaskRow> = ledger
        .tasks
        .iter()
        .filter(|t| keep(&t.task))
        .filter_map(|t| crate::view::tasks::row(ledger, t, &site.ctx))
        .collect();
    crate::view::tasks::sort(&mut out);
    out
}

/// The bulletin's 交办事项 section as of a month's end: the tasks overdue then with
/// their level, and those 办结 in the month.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinTasks {
    /// Open and past due at the month's end, highest level first.
    pub overdue: Vec<TaskRow>,
    /// 办结 in the month.
    pub done: Vec<TaskRow>,
    /// Open (not 办结) at the month's end.
    pub open: usize,
    /// Open, and the 推进情况 feedback overdue at the month's end (贵州 二(一)3).
    pub feedback_late: Vec<TaskRow>,
}

/// [`BulletinTasks`] of the month from `first` to `as_of` (its end, or the site's date).
pub fn bulletin(site: &Site, first: NaiveDate, as_of: NaiveDate) -> Option<BulletinTasks> {
    if !any(site) {
        return None;
    }
    let ctx = site.ctx.at(as_of);
    let all = rows(&site.checked.ledger, &ctx);
    let open = all.iter().filter(|t| t.open).count();
    let feedback_late = all
        .iter()
        .filter(|t| t.open && t.feedback_late > 0)
        .cloned()
        .collect();
    let overdue = all
        .iter()
        .filter(|t| t.open && t.level.is_some())
        .cloned()
        .collect();
    let done = all
        .into_iter()
        .filter(|t| {
            t.done
                .as_deref()
                .and_then(crate::model::parse_iso_date)
                .is_some_and(|d| d >= first && d <= as_of)
        })
        .collect();
    Some(BulletinTasks {
        overdue,
        done,
        open,
        feedback_late,
    })
}

/// The quarter's 工作单落实情况 table (tasks issued from `first` to `as_of`).
pub fn quarter(site: &Site, first: NaiveDate, as_of: NaiveDate) -> Option<Vec<UnitTasks>> {
    any(site).then(|| period_table(&site.checked.ledger, &site.ctx, first, as_of))
}
