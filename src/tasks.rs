//! 交办单 / 工作单 `data/tasks/<年份>-<序号>.toml` [磐安 三(三)：由县督考办以清单形式下发交办单；
//! 贵州 一(一)1、(四)5：“项目落地服务工作单”派发、督办落实、及时反馈推进情况]: one task per
//! file, issued to a unit (承办单位), about zero or more projects, due on a date or N working
//! days after issue, with its feedback entries and the date it was 办结. Optional: a ledger
//! without the folder behaves as before. [`check`] validates what serde cannot (id against
//! the file name, references, date order, future dates); the deadlines are judged in
//! [`crate::rules::tasks`], the escalation levels in [`crate::view::tasks`]. Pure.

use crate::calendar::{Calendar, Reckoned};
use crate::findings::{Code, Finding, Severity};
use crate::load::Ledger;
use crate::model::{Date, SDate, Spanned};
use crate::rules::Context;
use crate::source::Source;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};

/// `data/tasks`, relative to the root.
pub const TASKS_PATH: &str = "data/tasks";

/// The longest `due_days` (a year has about 250 working days).
pub const MAX_DUE_DAYS: i64 = 250;

fn due_days<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<u32>>, D::Error> {
    let v = Spanned::<i64>::deserialize(d)?;
    let n = *v.get_ref();
    if !(1..=MAX_DUE_DAYS).contains(&n) {
        return Err(de::Error::custom(format!(
            "取值 {n} 超出允许范围：办理时限 due_days 应为 1 到 {MAX_DUE_DAYS} 之间的工作日数。请改正，或改写办结期限日期 due = 2026-12-31"
        )));
    }
    let span = v.span();
    Ok(Some(Spanned::new(span, n as u32)))
}

/// 交办单还是工作单。
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
pub enum TaskKind {
    /// 交办单（县督考办、领导小组办公室下发）[磐安 三(三)]。
    #[default]
    #[serde(rename = "交办单")]
    Jiaoban,
    /// 项目落地服务工作单 [贵州 一(一)1、(四)5]。
    #[serde(rename = "工作单")]
    Gongzuo,
}

impl TaskKind {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            TaskKind::Jiaoban => "交办单",
            TaskKind::Gongzuo => "工作单",
        }
    }
}

/// 交办单、工作单 `data/tasks/<年份>-<序号>.toml`：一份一个文件，交给一个承办单位。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "交办单、工作单 data/tasks/<年份>-<序号>.toml")]
pub struct Task {
    /// 编号，必须与文件名相同，如 "2026-003"（写在 data/tasks/2026-003.toml 中）。
    #[schemars(with = "String", regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"))]
    pub id: Spanned<String>,
    /// 种类："交办单"（默认）或 "工作单"（项目落地服务工作单）。
    #[serde(default)]
    pub kind: TaskKind,
    /// 交办事项（一句话）。
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// 交办机关，如 "县督考办"、"县招商引资工作领导小组办公室"。
    pub issued_by: String,
    /// 下发日期。
    #[schemars(with = "Date")]
    pub issued: Spanned<Date>,
    /// 承办单位编号（data/units.toml 中的 id）。
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    /// 涉及的项目编号（可选），如 ["2026-003"]。
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub projects: Vec<Spanned<String>>,
    /// 交办内容：要办什么、办到什么程度。
    pub content: String,
    /// 办结期限（日期）；与 due_days 二选一。
    #[schemars(with = "Option<Date>")]
    pub due: SDate,
    /// 办理时限：下发后几个工作日内办结（按法定节假日和调休计算）；与 due 二选一。
    #[serde(default, deserialize_with = "due_days")]
    #[schemars(with = "Option<u32>", range(min = 1, max = 250))]
    pub due_days: Option<Spanned<u32>>,
    /// 推进情况反馈，每次一段 [[feedback]]。
    #[serde(default)]
    pub feedback: Vec<Feedback>,
    /// 办结日期（可选）。
    #[schemars(with = "Option<Date>")]
    pub done: SDate,
}

/// `[[feedback]]`：一次推进情况反馈。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Feedback {
    /// 反馈日期。
    #[schemars(with = "Date")]
    pub on: Spanned<Date>,
    /// 反馈内容。
    pub text: String,
}

/// One parsed task file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file (path and text, for positions).
    pub source: Source,
    /// The file stem (the id it must carry).
    pub stem: String,
    /// Its contents.
    pub task: Task,
}

impl Loaded {
    /// The task's id.
    pub fn id(&self) -> &str {
        self.task.id.get_ref()
    }
}

/// A task's due date as a date, or `None` when neither or both of `due` and `due_days`
/// are written ([`check`] reports that).
pub fn due_date(t: &Task, cal: &Calendar) -> Option<Reckoned> {
    match (&t.due, &t.due_days) {
        (Some(d), None) => Some(Reckoned {
            date: d.get_ref().0,
            unknown_years: Default::default(),
        }),
        (None, Some(n)) => Some(cal.add_workdays(t.issued.get_ref().0, *n.get_ref())),
        _ => None,
    }
}

/// The span of the key that sets the due date (`due` or `due_days`; `issued` if neither).
pub fn due_span(t: &Task) -> std::ops::Range<usize> {
    t.due
        .as_ref()
        .map(|d| d.span())
        .or_else(|| t.due_days.as_ref().map(|d| d.span()))
        .unwrap_or_else(|| t.issued.span())
}

/// Whether a task counts as of `ctx` (with a cutoff, a task issued later did not exist).
pub fn known(t: &Task, ctx: &Context) -> bool {
    !ctx.cutoff || t.issued.get_ref().0 <= ctx.as_of
}

/// Its 办结 date as of `ctx` (with a cutoff, a later 办结 had not happened yet).
pub fn done_as_of(t: &Task, ctx: &Context) -> Option<NaiveDate> {
    crate::model::day(&t.done).filter(|d| !ctx.cutoff || *d <= ctx.as_of)
}

/// Its feedback entries as of `ctx`, in the order written.
pub fn feedback_as_of<'t>(t: &'t Task, ctx: &Context) -> impl Iterator<Item = &'t Feedback> {
    let (cutoff, as_of) = (ctx.cutoff, ctx.as_of);
    t.feedback
        .iter()
        .filter(move |f| !cutoff || f.on.get_ref().0 <= as_of)
}

/// The year a task id says (`2026-003` → 2026).
pub fn year_of_id(id: &str) -> Option<i32> {
    let (y, _) = id.split_once('-')?;
    (y.len() == 4)
        .then(|| y.parse().ok())
        .flatten()
        .filter(|y| (2000..=9999).contains(y))
}

/// The next free task id `YYYY-NNN` of `year` (ids and file stems both count).
pub fn next_id(ledger: &Ledger, year: i32) -> String {
    let prefix = format!("{year:04}-");
    let max = ledger
        .tasks
        .iter()
        .flat_map(|t| [t.id(), t.stem.as_str()])
        // A file that did not parse still holds its number.
        .chain(ledger.broken.iter().filter_map(|s| {
            s.path
                .strip_prefix("data/tasks/")
                .and_then(|n| n.strip_suffix(".toml"))
        }))
        .filter_map(|id| id.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:03}", max + 1)
}

fn finding(t: &Loaded, span: std::ops::Range<usize>, code: Code, msg: String) -> Finding {
    let mut f = crate::rules::at(&t.source, span, Severity::Error, code, msg);
    f.unit = Some(t.task.unit.get_ref().clone());
    f
}

/// Check every task file: id charset and file name (`path`), ids alike ignoring case
/// (`duplicate-id`), `due` xor `due_days` (`schema`), a blank title (`schema`), unit and
/// project references (`unknown-ref`), dates before `issued` (`date-order`) and facts
/// after as-of (`future-date`; a due date may of course lie ahead, but not more than ten
/// years: `schema`).
pub fn check(ledger: &Ledger, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: std::collections::BTreeMap<String, &Loaded> = Default::default();
    for t in &ledger.tasks {
        let task = &t.task;
        let id = t.id();
        let file = t.source.path.rsplit('/').next().unwrap_or(&t.source.path);
        if !crate::rules::structure::valid_id(id) {
            out.push(finding(
                t,
                task.id.span(),
                Code::Path,
                format!(
                    "交办单编号 `{id}` 不合规：只能用半角字母、数字、- 和 _，且以字母或数字开头（它会出现在网址里）。请改为 {} 这样的“年份-序号”",
                    t.stem
                ),
            ));
        } else if id != t.stem {
            out.push(finding(
                t,
                task.id.span(),
                Code::Path,
                format!(
                    "交办单编号 id = \"{id}\" 与文件名 {file} 不一致。请把 id 改为 \"{}\"，或把文件改名为 {id}.toml",
                    t.stem
                ),
            ));
        }
        match seen.get(&id.to_ascii_lowercase()) {
            Some(first) => out.push(finding(
                t,
                task.id.span(),
                Code::DuplicateId,
                format!(
                    "交办单编号 `{id}` 与 {} 的编号 `{}` 重复（不区分大小写）。请换一个未用过的编号（同时改文件名）",
                    first.source.path,
                    first.id()
                ),
            )),
            None => {
                seen.insert(id.to_ascii_lowercase(), t);
            }
        }
        if task.title.get_ref().trim().is_empty() {
            out.push(finding(
                t,
                task.title.span(),
                Code::Schema,
                "交办事项 title 是空的。请用一句话写明交办的事项".into(),
            ));
        }
        match (&task.due, &task.due_days) {
            (None, None) => out.push(finding(
                t,
                task.issued.span(),
                Code::Schema,
                "没有写办结期限：请写 due = 2026-12-31（日期），或 due_days = 10（下发后几个工作日内办结），二者写一个".into(),
            )),
            (Some(_), Some(n)) => out.push(finding(
                t,
                n.span(),
                Code::Schema,
                "办结期限 due 和办理时限 due_days 只能写一个：两个都写，不知以哪个为准。请删去其中一个".into(),
            )),
            _ => {}
        }
        let unit = task.unit.get_ref();
        if ledger.unit(unit).is_none() {
            out.push(finding(
                t,
                task.unit.span(),
                Code::UnknownRef,
                crate::rules::structure::unknown_unit_message(ledger, "承办单位", unit),
            ));
        }
        for p in &task.projects {
            let pid = p.get_ref();
            if !ledger.records.iter().any(|r| r.id() == pid) {
                let near = ledger
                    .records
                    .iter()
                    .map(|r| (strsim::damerau_levenshtein(pid, r.id()), r))
                    .filter(|(d, _)| *d <= 2)
                    .min_by_key(|(d, r)| (*d, r.id().to_string()))
                    .map(|(_, r)| {
                        format!("是不是指 `{}`（{}）？", r.id(), r.project.name.get_ref())
                    })
                    .unwrap_or_default();
                out.push(finding(
                    t,
                    p.span(),
                    Code::UnknownRef,
                    format!(
                        "涉及的项目 `{pid}` 不在台账中（data/projects/ 下没有这个编号的记录）。{near}请写项目编号（文件名去掉 .toml），不要写项目名称"
                    ),
                ));
            }
        }
        let issued = task.issued.get_ref().0;
        let mut dates: Vec<(&str, &Spanned<Date>)> = Vec::new();
        if let Some(d) = &task.due {
            dates.push(("办结期限 due", d));
        }
        for f in &task.feedback {
            dates.push(("反馈日期 on", &f.on));
        }
        if let Some(d) = &task.done {
            dates.push(("办结日期 done", d));
        }
        for (what, d) in &dates {
            if d.get_ref().0 < issued {
                out.push(finding(
                    t,
                    d.span(),
                    Code::DateOrder,
                    format!(
                        "{what} = {} 早于下发日期 issued = {issued}：事项下发之前不能{}。请核对日期",
                        d.get_ref(),
                        if what.starts_with("办结期限") {
                            "到期"
                        } else if what.starts_with("反馈") {
                            "反馈"
                        } else {
                            "办结"
                        }
                    ),
                ));
            }
        }
        let latest = crate::rules::structure::latest_date(ctx.as_of);
        if let Some(d) = &task.due
            && d.get_ref().0 > latest
        {
            out.push(finding(
                t,
                d.span(),
                Code::Schema,
                format!(
                    "办结期限 due = {} 比核查日 {} 晚 10 年以上，年份写错了？请核对年份",
                    d.get_ref(),
                    ctx.as_of
                ),
            ));
        }
        let facts = std::iter::once(("下发日期 issued", &task.issued))
            .chain(task.feedback.iter().map(|f| ("反馈日期 on", &f.on)))
            .chain(task.done.iter().map(|d| ("办结日期 done", d)));
        for (what, d) in facts {
            if d.get_ref().0 > ctx.as_of {
                out.push(finding(
                    t,
                    d.span(),
                    Code::FutureDate,
                    format!(
                        "{what} = {} 晚于核查日 {}：已发生的事不能写将来的日期。请核对日期（尚未发生的请先不写）",
                        d.get_ref(),
                        ctx.as_of
                    ),
                ));
            }
        }
    }
    out
}
