//! The figures of a dashboard or bulletin: counts and amounts by stage, what happened
//! in a period, the red and yellow lists and open 督办 notices.

use super::funds::is_expansion;
use super::{Light, Period, Snapshot};
use crate::calendar::Calendar;
use crate::derive::Stage;
use crate::findings::Rule;
use crate::load::Ledger;
use crate::rules::deadlines::Status;
use crate::rules::deadlines::{Deadline, What};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Stages shown in funnels, in order.
pub const FUNNEL: [Stage; 8] = [
    Stage::Proposed,
    Stage::Negotiating,
    Stage::Assessed,
    Stage::Approved,
    Stage::Signed,
    Stage::Started,
    Stage::Completed,
    Stage::Operating,
];

/// Count and investment of projects in one stage.
#[derive(Debug, Clone, Serialize)]
pub struct StageRow {
    /// Chinese stage name.
    pub stage: &'static str,
    /// Number of projects.
    pub count: usize,
    /// Investment (万元).
    pub investment_wan: f64,
}

/// Projects by stage (the funnel), terminated last. A 增资 record (`expands`) adds its
/// investment to its stage but is not counted as a project.
pub fn by_stage(snap: &Snapshot) -> Vec<StageRow> {
    FUNNEL
        .iter()
        .chain(std::iter::once(&Stage::Terminated))
        .map(|st| {
            let it = snap.items.iter().filter(|i| i.state.stage == *st);
            StageRow {
                stage: st.label(),
                // A 增资 is not a project of its own: its amount counts, not itself.
                count: it.clone().filter(|i| !is_expansion(i.project)).count(),
                investment_wan: it.map(|i| *i.project.investment_wan.get_ref()).sum(),
            }
        })
        .collect()
}

/// What happened in a period.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Activity {
    /// Projects signed.
    pub signed: usize,
    /// Investment signed (万元).
    pub signed_wan: f64,
    /// Projects started.
    pub started: usize,
    /// Projects put into operation.
    pub operating: usize,
    /// 到位资金 reported for months in the period (万元).
    pub invested_wan: f64,
}

impl Activity {
    /// The five figures shown for a period, in order: (label, value, whether the value
    /// is money in 万元 rather than a count of projects).
    pub fn figures(&self) -> [(&'static str, f64, bool); 5] {
        [
            ("签约项目", self.signed as f64, false),
            ("签约投资额", self.signed_wan, true),
            ("开工项目", self.started as f64, false),
            ("投产项目", self.operating as f64, false),
            ("到位资金", self.invested_wan, true),
        ]
    }
}

/// Activity in a period, from a snapshot at (or after) its end. A 增资 record
/// (`expands`) adds its investment to `signed_wan` and its reports to `invested_wan`,
/// but is not counted in `signed`, `started` or `operating`.
pub fn activity(snap: &Snapshot, period: Period) -> Activity {
    let mut a = Activity::default();
    let within = |d: &crate::model::SDate| snap.known(d).is_some_and(|x| period.contains(x));
    // A report counts when the first day of its month lies in the period: compare
    // (year, month, 1) with the period's ends as plain numbers.
    let key = |y: i32, m: u32, d: u32| i64::from(y) * 10_000 + i64::from(m) * 100 + i64::from(d);
    let (lo, hi) = (
        key(
            period.start.year(),
            period.start.month(),
            period.start.day(),
        ),
        key(period.end.year(), period.end.month(), period.end.day()),
    );
    for i in &snap.items {
        let p = i.project;
        // A 增资 counts its increment in 签约额, never as a project.
        let counted = usize::from(!is_expansion(p));
        if within(&p.dates.signed) {
            a.signed += counted;
            a.signed_wan += *p.investment_wan.get_ref();
        }
        if within(&p.dates.started) {
            a.started += counted;
        }
        if within(&p.dates.operating) {
            a.operating += counted;
        }
        for r in p.reports.iter().filter(|r| snap.report_known(r)) {
            let Some((y, m)) = r.ym() else {
                continue;
            };
            if (lo..=hi).contains(&key(y, m, 1)) {
                a.invested_wan += r.invested_wan.unwrap_or(0.0);
            }
        }
    }
    a
}

/// One item of a red or yellow list: borrowed from the ledger and small, as a site's
/// history keeps the lists of every month; its texts are made when it is serialized
/// (for the templates: `unit`, `unit_name`, `project`, `project_name`, `rule`,
/// `rule_label`, `subject`, `due`, `workdays`, `how`, `light`).
#[derive(Clone)]
pub struct Item<'a> {
    /// Unit charged (id).
    pub unit: &'a str,
    /// Unit name.
    pub unit_name: &'a str,
    /// The project.
    pub project: &'a crate::model::Project,
    /// The rule.
    pub rule: Rule,
    /// What is due.
    pub what: What,
    /// Due date.
    pub due: NaiveDate,
    /// Working days overdue (red) or left (yellow).
    pub workdays: u32,
    /// Overdue or due soon.
    pub light: Light,
}

impl Item<'_> {
    /// Project id.
    pub fn project_id(&self) -> &str {
        self.project.id.get_ref()
    }
    /// What is due, in plain Chinese.
    pub fn subject(&self) -> String {
        plain_text(self.rule, self.what, self.due, self.project)
    }
    /// The same said plainly: 超期15个工作日 / 还剩3个工作日.
    pub fn how(&self) -> String {
        if self.light == Light::Red {
            format!("超期{}个工作日", self.workdays)
        } else {
            format!("还剩{}个工作日", self.workdays)
        }
    }
}

/// What a reader sees of it (the project by id, not the whole record).
impl std::fmt::Debug for Item<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Item")
            .field("unit", &self.unit)
            .field("project", &self.project_id())
            .field("rule", &self.rule)
            .field("subject", &self.subject())
            .field("due", &self.due)
            .field("how", &self.how())
            .finish()
    }
}

impl Serialize for Item<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Item", 11)?;
        st.serialize_field("unit", self.unit)?;
        st.serialize_field("unit_name", self.unit_name)?;
        st.serialize_field("project", self.project_id())?;
        st.serialize_field("project_name", self.project.name.get_ref())?;
        st.serialize_field("rule", self.rule.as_str())?;
        st.serialize_field("rule_label", self.rule.label())?;
        st.serialize_field("subject", &self.subject())?;
        st.serialize_field("due", &self.due.to_string())?;
        st.serialize_field("workdays", &self.workdays)?;
        st.serialize_field("how", &self.how())?;
        st.serialize_field("light", &self.light)?;
        st.end()
    }
}

/// Drop the spaces the checker's messages put between numbers and Chinese text
/// ("签约后 1 个月" → "签约后1个月"): official text has none.
pub fn tidy(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let prev = i.checked_sub(1).and_then(|k| chars.get(k));
            let next = chars.get(i + 1);
            let digit = |x: Option<&char>| x.is_some_and(|c| c.is_ascii_digit());
            let wide = |x: Option<&char>| x.is_some_and(|c| !c.is_ascii());
            if (digit(prev) && wide(next)) || (wide(prev) && digit(next)) {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// What a deadline asks, in plain Chinese for public pages (no record keys, no ISO
/// months): "2026年10月的月调度报告".
pub fn plain_subject(d: &Deadline, p: &crate::model::Project) -> String {
    plain_text(d.rule, d.what, d.due, p)
}

fn plain_text(rule: Rule, what: What, due: NaiveDate, p: &crate::model::Project) -> String {
    if rule == Rule::Report {
        format!("{}年{}月的月调度报告", due.year(), due.month())
    } else {
        tidy(&what.subject(p))
    }
}

/// Overdue (red) and due-soon (yellow) items, sorted by unit, due date, project.
pub fn lights<'a>(
    ledger: &'a Ledger,
    snap: &Snapshot<'a>,
    cal: &Calendar,
) -> (Vec<Item<'a>>, Vec<Item<'a>>) {
    let mut red = Vec::new();
    let mut yellow = Vec::new();
    for i in &snap.items {
        for j in &i.state.deadlines {
            let light = match j.status {
                Status::Overdue => Light::Red,
                Status::DueSoon => Light::Yellow,
                _ => continue,
            };
            let d = &j.deadline;
            let workdays = if light == Light::Red {
                cal.count_workdays(d.due, snap.as_of)
            } else {
                cal.count_workdays(snap.as_of, d.due)
            };
            let item = Item {
                unit: d.unit,
                unit_name: ledger.unit(d.unit).map_or(d.unit, |u| u.name.as_str()),
                project: i.project,
                rule: d.rule,
                what: d.what,
                due: d.due,
                workdays,
                light,
            };
            if light == Light::Red {
                red.push(item)
            } else {
                yellow.push(item)
            }
        }
    }
    let order = |a: &Item, b: &Item| {
        (a.unit, a.due, a.project_id(), a.rule.as_str()).cmp(&(
            b.unit,
            b.due,
            b.project_id(),
            b.rule.as_str(),
        ))
    };
    red.sort_by(order);
    yellow.sort_by(order);
    (red, yellow)
}

/// A 挂牌督办 notice and its state.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeRow {
    /// 文号.
    pub no: String,
    /// Project id.
    pub project: String,
    /// Project name.
    pub project_name: String,
    /// Responsible unit name.
    pub unit_name: String,
    /// The problem.
    pub problem: String,
    /// Issued.
    pub issued: String,
    /// Replied, if so.
    pub replied: Option<String>,
    /// Problem resolved, if so.
    pub resolved: Option<String>,
}

/// Notices issued by the snapshot date that are still open (problem unresolved) or
/// were issued in the period.
pub fn notices(ledger: &Ledger, snap: &Snapshot, period: Period) -> Vec<NoticeRow> {
    let mut v = Vec::new();
    for i in &snap.items {
        for pr in &i.project.problems {
            let Some(n) = &pr.notice else { continue };
            let n = n.get_ref();
            if n.issued.0 > snap.as_of {
                continue;
            }
            let resolved = snap.known(&pr.resolved);
            let replied = n.replied.filter(|r| !snap.cutoff || r.0 <= snap.as_of);
            let open = resolved.is_none();
            if !open && !period.contains(n.issued.0) {
                continue;
            }
            v.push(NoticeRow {
                no: n.no.clone(),
                project: i.project.id.get_ref().clone(),
                project_name: i.project.name.get_ref().clone(),
                unit_name: ledger
                    .unit(pr.unit.get_ref())
                    .map_or_else(|| pr.unit.get_ref().clone(), |u| u.name.clone()),
                problem: pr.text.clone(),
                issued: n.issued.to_string(),
                replied: replied.map(|r| r.to_string()),
                resolved: resolved.map(|r| r.to_string()),
            });
        }
    }
    v.sort_by(|a, b| (&a.issued, &a.no, &a.project).cmp(&(&b.issued, &b.no, &b.project)));
    v
}

/// How a unit met the deadlines it is responsible for that fell due in a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Timeliness {
    /// Deadlines due in the period and judged by the snapshot date (done or overdue).
    pub duties: usize,
    /// Of those, done on time.
    pub on_time: usize,
    /// Still overdue at the snapshot date (any due date).
    pub open_overdue: usize,
}

impl Timeliness {
    /// On-time rate as "87.5%", or "—" when nothing fell due.
    pub fn rate(&self) -> String {
        if self.duties == 0 {
            "—".into()
        } else {
            let pct = self.on_time as f64 * 1000.0 / self.duties as f64;
            format!("{}%", (pct.round() / 10.0))
        }
    }
}

/// A unit's timeliness: its deadlines due in `period`, judged as of the snapshot.
pub fn timeliness(snap: &Snapshot, unit: &str, period: Period) -> Timeliness {
    let mut t = Timeliness::default();
    for item in &snap.items {
        for j in item
            .state
            .deadlines
            .iter()
            .filter(|j| j.deadline.unit == unit)
        {
            if period.contains(j.deadline.due)
                && !matches!(j.status, Status::Open | Status::DueSoon)
            {
                t.duties += 1;
                if j.status == Status::OnTime {
                    t.on_time += 1;
                }
            }
            if j.status == Status::Overdue {
                t.open_overdue += 1;
            }
        }
    }
    t
}
