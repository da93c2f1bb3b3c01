//! 分类考核 and 年度考评 [磐安 四(二)、四(三); 古县 第十二条]: per unit and year, what
//! was done on each indicator of `data/targets/<年份>.toml` month by month, the
//! completion rate against the target and the 倒排 monthly plan, and the marks of the
//! year: 一票评优, 一票否优 and (for 部门, when configured) 一票否决. Pure.
//!
//! What counts as done (each credited, as in 比拼, to the landing unit and equally to
//! the 招引单位 `source` when that is another unit, as they were at the end of the
//! month the fact happened in):
//! * 7亿元以上制造业项目: projects of the industrial class (config `[approval]
//!   industrial`) of at least `[scoring] manufacturing_min_wan`; 3亿元以上产业项目:
//!   projects of a category in `[scoring] industry_categories` (产业项目, default 工业 and
//!   制造业) of at least `major_min_wan`; each when it **started** (开工, 招引落地) in the
//!   year; a 7亿元 one of an industry category counts in both;
//! * 亿元以上项目: projects of at least 1亿元 **signed** in the year and not terminated by
//!   the end of that month; 签约额: their investment (a 增资 record's increment too);
//! * 利用外资 / 省外内资 / 制造业项目到位资金: the monthly reports' `invested_wan` by
//!   origin ([`funds_done`]).
//!
//! A record with `expands` (增资) is never a project: it counts only in the amounts.

use super::Month;
use super::history::MonthData;
use super::scoring::Components;
use crate::findings::Rule;
use crate::load::Ledger;
use crate::model::{FundsOrigin, UnitKind};
use crate::rules::approval::{Class, class_of};
use crate::targets::{Indicator, of_unit};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;

/// 亿元以上项目: 1亿元 = 10000 万元.
pub const YI_WAN: f64 = 10_000.0;

/// One unit's figures month by month: `[indicator][month 0..12]`, each the month's own
/// amount (not cumulative).
pub type Monthly = [[f64; 12]; 7];

fn slot(i: Indicator) -> usize {
    Indicator::ALL.iter().position(|x| *x == i).unwrap_or(0)
}

/// A project that counted for a unit's 7亿元以上制造业项目 (a cause of 一票评优).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landed {
    /// Project id.
    pub project: String,
    /// Project name.
    pub project_name: String,
    /// 开工 date.
    pub started: String,
    /// Investment (万元).
    pub investment_wan: f64,
    /// The same, formatted (whole 万元, thousands separated).
    pub investment: String,
}

/// What every unit did in a year.
#[derive(Debug, Clone, Default)]
pub struct Done {
    /// Per unit, per indicator, per month.
    pub monthly: BTreeMap<String, Monthly>,
    /// Per unit, the 7亿元以上制造业项目 landed, by start date.
    pub landed: BTreeMap<String, Vec<Landed>>,
}

impl Done {
    /// A unit's total of an indicator over months 1..=`through` (1–12).
    pub fn upto(&self, unit: &str, i: Indicator, through: u32) -> f64 {
        self.monthly.get(unit).map_or(0.0, |m| {
            m[slot(i)].iter().take(through.min(12) as usize).sum()
        })
    }
    /// A unit's cumulative figures of an indicator, month by month.
    pub fn cumulative(&self, unit: &str, i: Indicator) -> [f64; 12] {
        let mut out = [0.0; 12];
        if let Some(m) = self.monthly.get(unit) {
            let mut acc = 0.0;
            for (k, v) in m[slot(i)].iter().enumerate() {
                acc += v;
                out[k] = acc;
            }
        }
        out
    }
}

/// 到位资金 of a year per unit and month: `[外资, 省外内资, 制造业项目]` (万元), from the
/// reports that count as of `as_of` ([`super::funds::project_entries`], the same
/// reading as the 到位资金 tables: origin the report's, else the project's; months up to
/// the as-of month; a dated report only once submitted), credited to the landing unit
/// and equally to the 招引单位 as they were at the month's end, as 比拼 credits them
/// [磐安 一(四)]. Manufacturing: [`super::funds::is_manufacturing`], any origin.
pub fn funds_done(
    ledger: &Ledger,
    year: i32,
    as_of: NaiveDate,
) -> BTreeMap<String, [[f64; 12]; 3]> {
    let mut out: BTreeMap<String, [[f64; 12]; 3]> = BTreeMap::new();
    for rec in &ledger.records {
        let p = &rec.project;
        let industrial = super::funds::is_manufacturing(&ledger.config, p);
        for e in super::funds::project_entries(p, as_of) {
            if e.month.year != year {
                continue;
            }
            let k = (e.month.month - 1) as usize;
            for u in p.credited_on(e.month.last()) {
                let t = out.entry(u.to_string()).or_default();
                match e.origin {
                    Some(FundsOrigin::Foreign) => t[0][k] += e.wan,
                    Some(FundsOrigin::OutOfProvince) => t[1][k] += e.wan,
                    _ => {}
                }
                if industrial {
                    t[2][k] += e.wan;
                }
            }
        }
    }
    out
}

/// What every unit did in `year`, from the facts dated on or before `as_of`.
pub fn done(ledger: &Ledger, year: i32, as_of: NaiveDate) -> Done {
    let cfg = &ledger.config;
    let s = &cfg.scoring;
    let mut out = Done::default();
    let in_year = |d: &crate::model::SDate| {
        crate::model::day(d).filter(|x| *x <= as_of && chrono::Datelike::year(x) == year)
    };
    for rec in &ledger.records {
        let p = &rec.project;
        let inv = *p.investment_wan.get_ref();
        let industrial = class_of(cfg, p.category.get_ref()) == Class::Industrial;
        let industry = super::scoring::is_industry(cfg, p);
        let project = p.expands.is_none();
        if let Some(d) = in_year(&p.dates.started).filter(|_| project && (industrial || industry)) {
            let month = Month::of(d);
            let k = (month.month - 1) as usize;
            for u in p.credited_on(month.last()) {
                let e = out.monthly.entry(u.to_string()).or_default();
                if industrial && inv >= s.manufacturing_min_wan {
                    e[slot(Indicator::Manufacturing)][k] += 1.0;
                    out.landed.entry(u.to_string()).or_default().push(Landed {
                        project: p.id.get_ref().clone(),
                        project_name: p.name.get_ref().clone(),
                        started: d.to_string(),
                        investment_wan: inv,
                        investment: crate::site::model::fixed(inv, 0),
                    });
                }
                if industry && inv >= s.major_min_wan {
                    e[slot(Indicator::Industry)][k] += 1.0;
                }
            }
        }
        if let Some(d) = in_year(&p.dates.signed) {
            let month = Month::of(d);
            let terminated = crate::model::day(&p.dates.terminated)
                .is_some_and(|t| t <= month.last().min(as_of));
            if !terminated {
                let k = (month.month - 1) as usize;
                for u in p.credited_on(month.last()) {
                    let e = out.monthly.entry(u.to_string()).or_default();
                    e[slot(Indicator::SignedWan)][k] += inv;
                    if project && inv >= YI_WAN {
                        e[slot(Indicator::YiProjects)][k] += 1.0;
                    }
                }
            }
        }
    }
    for (u, f) in funds_done(ledger, year, as_of) {
        let e = out.monthly.entry(u).or_default();
        e[slot(Indicator::ForeignWan)] = f[0];
        e[slot(Indicator::OutOfProvinceWan)] = f[1];
        e[slot(Indicator::ManufacturingFundsWan)] = f[2];
    }
    for v in out.landed.values_mut() {
        v.sort_by(|a, b| (&a.started, &a.project).cmp(&(&b.started, &b.project)));
    }
    out
}

/// Completion rate in percent, or `None` without a (positive) target.
pub fn rate(done: f64, target: Option<f64>) -> Option<f64> {
    target.filter(|t| *t > 0.0).map(|t| done / t * 100.0)
}

/// A rate as shown: one decimal and `%`, or "—".
pub fn rate_text(r: Option<f64>) -> String {
    r.map_or_else(|| "—".into(), |r| format!("{r:.1}%"))
}

/// One indicator of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Key in the targets file.
    pub key: &'static str,
    /// Whether it counts projects (else 万元).
    pub is_count: bool,
    /// The yearly target, if set.
    pub target: Option<f64>,
    /// Done from January to the month the figures are taken at.
    pub done: f64,
    /// 完成率 (%), if there is a target.
    pub rate: Option<f64>,
    /// The plan's cumulative figure for that month, if there is a plan.
    pub planned: Option<f64>,
    /// The monthly plan (12 cumulative figures), if any.
    pub plan: Option<Vec<f64>>,
}

/// One unit's row of the targets table.
#[derive(Debug, Clone, Serialize)]
pub struct UnitFigures {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Unit kind (Chinese).
    pub kind: &'static str,
    /// Whether the year's targets file names the unit.
    pub has_targets: bool,
    /// The indicators, in [`Indicator::ALL`] order.
    pub figures: Vec<Figure>,
}

/// The targets table of `year` taken at the end of month `through` (1–12): the ranked
/// units and every unit with targets, those with a 7亿元 manufacturing target first by
/// its rate, then by what they landed; ties keep units.toml order.
pub fn table(ledger: &Ledger, year: i32, done: &Done, through: u32) -> Vec<UnitFigures> {
    let mut rows: Vec<UnitFigures> = ledger
        .units
        .iter()
        .filter_map(|u| {
            let id = u.id.get_ref();
            let t = of_unit(ledger, year, id);
            if t.is_none() && !u.is_ranked() {
                return None;
            }
            let figures = Indicator::ALL
                .iter()
                .map(|&i| {
                    let target = t.and_then(|t| t.target(i));
                    let d = done.upto(id, i, through);
                    let plan = t.and_then(|t| t.plan(i)).map(|p| p.get_ref().clone());
                    Figure {
                        key: i.key(),
                        is_count: i.is_count(),
                        target,
                        done: d,
                        rate: rate(d, target),
                        planned: plan
                            .as_ref()
                            .and_then(|p| p.get(through.clamp(1, 12) as usize - 1).copied()),
                        plan,
                    }
                })
                .collect();
            Some(UnitFigures {
                unit: id.clone(),
                name: u.name.clone(),
                kind: u.kind.label(),
                has_targets: t.is_some(),
                figures,
            })
        })
        .collect();
    let key = |r: &UnitFigures| {
        let f = &r.figures[0];
        (f.rate.is_some(), f.rate.unwrap_or(0.0), f.done)
    };
    rows.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0)
            .then(kb.1.total_cmp(&ka.1))
            .then(kb.2.total_cmp(&ka.2))
    });
    rows
}

/// A year's mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkKind {
    /// 一票评优.
    Excellent,
    /// 一票否优 (被批评通报).
    NotExcellent,
    /// 一票否决 (要素保障部门, when configured).
    Veto,
}

impl MarkKind {
    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            MarkKind::Excellent => "一票评优",
            MarkKind::NotExcellent => "一票否优",
            MarkKind::Veto => "一票否决",
        }
    }
}

/// An item a unit was named for in the red lists of a year's bulletins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Named {
    /// Project id.
    pub project: String,
    /// Project name.
    pub project_name: String,
    /// What was overdue, in plain Chinese.
    pub subject: String,
    /// Its due date.
    pub due: String,
    /// The months (`YYYY-MM`) whose bulletins listed it.
    pub months: Vec<String>,
}

/// One mark with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mark {
    /// Which mark.
    pub kind: MarkKind,
    /// Its name (一票评优 …).
    pub label: &'static str,
    /// Why, in one sentence with the figures.
    pub reason: String,
    /// The rule's text it comes from.
    pub rule: String,
    /// The seed document and clause (for the internal edition).
    pub source: &'static str,
    /// Whether another mark overrides it (评优 under 否优 or 否决).
    pub overridden: bool,
    /// The projects landed (评优).
    pub landed: Vec<Landed>,
    /// The items named in red lists (否优) or charged as overdue (否决): the first
    /// [`NAMED_SHOWN`] by due date.
    pub named: Vec<Named>,
    /// How many items there are in all.
    pub named_total: usize,
    /// The 交办事项 that reached 通报批评 (a `not_excellent` level) in the year (否优).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<crate::view::tasks::Criticised>,
}

/// A unit's 年度考评.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// Unit kind (Chinese).
    pub kind: &'static str,
    /// The result: the strongest mark that is not overridden, if any.
    pub result: Option<MarkKind>,
    /// Its label, or "" without a mark.
    pub result_label: &'static str,
    /// Every mark, 评优 first.
    pub marks: Vec<Mark>,
}

/// The rule texts, with the configured threshold.
fn rule_text(kind: MarkKind, target: bool, min: &str) -> (String, &'static str) {
    match (kind, target) {
        (MarkKind::Excellent, true) => (
            format!(
                "对超额完成年度{min}以上制造业项目招引落地任务的区块、乡镇（街道），实行年度综合考评“一票评优”（有其他“一票否决”事项除外）"
            ),
            "磐安 四(二)",
        ),
        (MarkKind::Excellent, false) => (
            format!(
                "没有招引任务的部门、乡镇（街道）招引{min}以上制造业项目签约落地的，实行“一票评优”"
            ),
            "磐安 四(二)",
        ),
        (MarkKind::NotExcellent, _) => (
            "对未及时完成县领导小组及办公室交办任务，影响重大产业招商项目招引或落地项目推进的部门、区块、乡镇（街道），被批评通报的单位实行年度综合考评“一票否优”，取消当年优秀单位评选资格".into(),
            "磐安 四(二)",
        ),
        (MarkKind::Veto, _) => (
            "将要素保障部门的年度考核工作与招商引资工作紧密挂钩，纳入年度招商引资考评体系。对推诿扯皮、敷衍塞责、履职不到位、影响项目推进的责任单位，年度考评实行考核一票否决制".into(),
            "古县 第十二条",
        ),
    }
}

/// How many items a mark lists (the page and `assessment.json`); the count says how
/// many there are, and every one is in its month's bulletin red list. At 10,000
/// projects a unit can be named for thousands.
pub const NAMED_SHOWN: usize = 100;

/// The items charged to `unit` in the red lists of the year's bulletins (`months`
/// already restricted to the year), each once with the months that listed it, by due
/// date, project and subject; `only_new` keeps only deadlines other than reports that
/// became overdue in `year`. Each item's text is made once, not once per month.
fn named(months: &[&MonthData], unit: &str, year: i32, only_new: bool) -> Vec<Named> {
    let mut index: std::collections::HashMap<
        (NaiveDate, &str, Rule, crate::rules::deadlines::What),
        usize,
    > = std::collections::HashMap::new();
    let mut out: Vec<Named> = Vec::new();
    for m in months {
        for i in m.red.iter().filter(|i| i.unit == unit) {
            if only_new
                && (i.rule == Rule::Report
                    || i.due.succ_opt().map(|d| chrono::Datelike::year(&d)) != Some(year))
            {
                continue;
            }
            let k = *index
                .entry((i.due, i.project_id(), i.rule, i.what))
                .or_insert_with(|| {
                    out.push(Named {
                        project: i.project_id().to_string(),
                        project_name: i.project.name.get_ref().clone(),
                        subject: i.subject(),
                        due: i.due.to_string(),
                        months: Vec::new(),
                    });
                    out.len() - 1
                });
            out[k].months.push(m.month.key());
        }
    }
    out.sort_by(|a, b| (&a.due, &a.project, &a.subject).cmp(&(&b.due, &b.project, &b.subject)));
    out
}

/// The 年度考评 of `year`: every unit with a mark, in units.toml order. `months` is the
/// site's history (the year's bulletins are taken from it), `comps` the year's 比拼
/// components (新增超期 of 部门 for the veto).
pub fn assess(
    ledger: &Ledger,
    year: i32,
    done: &Done,
    months: &[MonthData],
    comps: &BTreeMap<String, Components>,
) -> Vec<Assessment> {
    let cfg = &ledger.config;
    let min = crate::site::model::money(cfg.scoring.manufacturing_min_wan);
    let veto_n = cfg.assessment.veto_overdue;
    let in_year: Vec<&MonthData> = months.iter().filter(|m| m.month.year == year).collect();
    // The year's 交办事项 are judged as of its last bulletin (the year's end, or as-of).
    let task_ctx = in_year
        .last()
        .filter(|_| !ledger.tasks.is_empty())
        .map(|m| crate::rules::Context::new(cfg, m.as_of).at(m.as_of));
    let mut out = Vec::new();
    for u in &ledger.units {
        let id = u.id.get_ref();
        let mut marks = Vec::new();
        let landed = done.landed.get(id).cloned().unwrap_or_default();
        let n = landed.len() as f64;
        let target = of_unit(ledger, year, id).and_then(|t| t.manufacturing);
        let excellent = match target {
            Some(t) if n > f64::from(t) => Some(format!(
                "{min}以上制造业项目落地（开工）{n}个，超过年度目标{t}个"
            )),
            None if n > 0.0 => Some(format!(
                "未下达{min}以上制造业项目目标，当年落地（开工）{n}个"
            )),
            _ => None,
        };
        if let Some(reason) = excellent {
            let (rule, source) = rule_text(MarkKind::Excellent, target.is_some(), &min);
            marks.push(Mark {
                kind: MarkKind::Excellent,
                label: MarkKind::Excellent.label(),
                reason,
                rule,
                source,
                overridden: false,
                landed,
                named: Vec::new(),
                named_total: 0,
                tasks: Vec::new(),
            });
        }
        let mut red = named(&in_year, id, year, false);
        // 交办事项 that reached 通报批评 in the year, as known at the year's last bulletin.
        let criticised = task_ctx
            .as_ref()
            .map(|c| crate::view::tasks::criticised(ledger, c, year, id))
            .unwrap_or_default();
        if !red.is_empty() || !criticised.is_empty() {
            let (rule, source) = rule_text(MarkKind::NotExcellent, false, &min);
            let listed: std::collections::BTreeSet<&String> =
                red.iter().flat_map(|r| &r.months).collect();
            let mut reasons = Vec::new();
            if !red.is_empty() {
                reasons.push(format!(
                    "{}项事项逾期未完成，被{}期月度通报列入超期（红灯）清单",
                    red.len(),
                    listed.len()
                ));
            }
            if let Some(first) = criticised.first() {
                reasons.push(format!(
                    "{}件交办事项逾期未办结，升级为“{}”",
                    criticised.len(),
                    first.level
                ));
            }
            marks.push(Mark {
                kind: MarkKind::NotExcellent,
                label: MarkKind::NotExcellent.label(),
                reason: reasons.join("；"),
                rule,
                source,
                overridden: false,
                landed: Vec::new(),
                named_total: red.len(),
                named: {
                    red.truncate(NAMED_SHOWN);
                    red
                },
                tasks: criticised,
            });
        }
        let overdue = comps.get(id).map_or(0, |c| c.overdue);
        if vetoed(ledger, u, overdue) {
            let (rule, source) = rule_text(MarkKind::Veto, false, &min);
            let mut charged = named(&in_year, id, year, true);
            marks.push(Mark {
                kind: MarkKind::Veto,
                label: MarkKind::Veto.label(),
                reason: format!("本年新增超期{overdue}项，达到一票否决的{veto_n}项"),
                rule,
                source,
                overridden: false,
                landed: Vec::new(),
                named_total: charged.len(),
                named: {
                    charged.truncate(NAMED_SHOWN);
                    charged
                },
                tasks: Vec::new(),
            });
        }
        if marks.is_empty() {
            continue;
        }
        let negative = marks.iter().any(|m| m.kind != MarkKind::Excellent);
        for m in &mut marks {
            m.overridden = negative && m.kind == MarkKind::Excellent;
        }
        let result = marks.iter().filter(|m| !m.overridden).map(|m| m.kind).max();
        out.push(Assessment {
            unit: id.clone(),
            name: u.name.clone(),
            kind: u.kind.label(),
            result,
            result_label: result.map_or("", MarkKind::label),
            marks,
        });
    }
    out
}

/// Whether a 部门 reaches the configured 一票否决 (`[assessment] veto_overdue`, 0 = off).
pub fn vetoed(ledger: &Ledger, unit: &crate::model::Unit, overdue: u32) -> bool {
    let n = ledger.config.assessment.veto_overdue;
    n > 0 && unit.kind == UnitKind::Department && overdue >= n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{RawData, RawFile};
    use crate::rules::Context;
    use crate::view::history::{history, year_components};

    const UNITS: &str = r#"
[[unit]]
id = "a"
name = "甲镇"
kind = "乡镇"

[[unit]]
id = "b"
name = "乙镇"
kind = "乡镇"

[[unit]]
id = "bj"
name = "驻北京联络处"
kind = "联络处"

[[unit]]
id = "zrzy"
name = "自然资源局"
kind = "部门"
"#;

    fn d(s: &str) -> NaiveDate {
        crate::model::parse_iso_date(s).expect("date")
    }

    fn file(path: &str, text: &str) -> RawFile {
        RawFile {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    /// A record landed (started) on `started`, with `extra` appended.
    fn project(id: &str, unit: &str, category: &str, wan: f64, extra: &str) -> RawFile {
        file(
            &format!("data/projects/{unit}/{id}.toml"),
            &format!(
                "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"{category}\"\nunit = \"{unit}\"\ninvestment_wan = {wan}\n{extra}"
            ),
        )
    }

    fn ledger(config: &str, targets: &str, projects: Vec<RawFile>) -> Ledger {
        let raw = RawData {
            config: Some(file("data/config.toml", config)),
            units: Some(file("data/units.toml", UNITS)),
            targets: vec![file("data/targets/2026.toml", targets)],
            projects,
            ..Default::default()
        };
        let (l, findings) = Ledger::parse(&raw);
        assert!(findings.is_empty(), "{findings:#?}");
        l
    }

    const STARTED: &str = "[dates]\nstarted = 2026-04-01\n";

    fn marks(l: &Ledger, as_of: &str) -> Vec<Assessment> {
        let ctx = Context::new(&l.config, d(as_of));
        let months = history(l, &ctx);
        let comps = year_components(l, &months, 2026);
        let done = done(l, 2026, ctx.as_of);
        assess(l, 2026, &done, &months, &comps)
    }

    fn result(a: &[Assessment], unit: &str) -> Option<MarkKind> {
        a.iter().find(|x| x.unit == unit).and_then(|x| x.result)
    }

    #[test]
    fn exactly_at_target_is_not_excellent_one_over_is() {
        let target = "year = 2026\n[[unit]]\nid = \"a\"\nmanufacturing = 1\n";
        let one = vec![project("p1", "a", "制造业", 70000.0, STARTED)];
        let l = ledger("", target, one.clone());
        let done = done(&l, 2026, d("2026-11-20"));
        assert_eq!(done.upto("a", Indicator::Manufacturing, 12), 1.0);
        let t = table(&l, 2026, &done, 11);
        let a = t.iter().find(|r| r.unit == "a").expect("row");
        assert_eq!(a.figures[0].rate, Some(100.0));
        assert_eq!(rate_text(a.figures[0].rate), "100.0%");
        assert_eq!(
            result(&marks(&l, "2026-11-20"), "a"),
            None,
            "评优 needs more"
        );

        let mut two = one;
        two.push(project("p2", "a", "工业", 90000.0, STARTED));
        let l = ledger("", target, two);
        let m = marks(&l, "2026-11-20");
        assert_eq!(result(&m, "a"), Some(MarkKind::Excellent));
        let mark = &m[0].marks[0];
        assert!(mark.reason.contains("超过年度目标1个"), "{}", mark.reason);
        assert!(mark.rule.contains("超额完成年度7亿元以上制造业项目"));
        assert_eq!(mark.landed.len(), 2);
    }

    #[test]
    fn a_unit_without_target_that_lands_a_7yi_project_is_excellent() {
        let target = "year = 2026\n[[unit]]\nid = \"a\"\nmanufacturing = 1\n";
        let mut ps = vec![
            project("p1", "b", "制造业", 70000.0, STARTED),
            // Below the threshold, a service project, an unstarted one: none counts.
            project("p2", "a", "制造业", 69999.0, STARTED),
            project("p3", "a", "服务业", 200000.0, STARTED),
            project("p4", "a", "制造业", 200000.0, ""),
        ];
        // Started last year: not this year's.
        ps.push(project(
            "p5",
            "a",
            "制造业",
            200000.0,
            "[dates]\nstarted = 2025-12-31\n",
        ));
        let l = ledger("", target, ps);
        let m = marks(&l, "2026-11-20");
        assert_eq!(result(&m, "b"), Some(MarkKind::Excellent));
        assert_eq!(result(&m, "a"), None);
        let b = m.iter().find(|x| x.unit == "b").expect("b");
        assert!(b.marks[0].rule.contains("没有招引任务"));
        assert!(b.marks[0].reason.contains("未下达"));
        // b has no target: listed (it is ranked) with no rate.
        let done = done(&l, 2026, d("2026-11-20"));
        let t = table(&l, 2026, &done, 11);
        let row = t.iter().find(|r| r.unit == "b").expect("row");
        assert!(!row.has_targets);
        assert_eq!(rate_text(row.figures[0].rate), "—");
        assert_eq!(row.figures[0].done, 1.0);
    }

    #[test]
    fn a_red_listed_unit_is_not_excellent_even_if_it_exceeds() {
        let target = "year = 2026\n[[unit]]\nid = \"a\"\nmanufacturing = 0\n";
        // Signed without 备案: the filing deadline is overdue and on the red lists.
        let l = ledger(
            "",
            target,
            vec![project(
                "p1",
                "a",
                "制造业",
                80000.0,
                "[dates]\nsigned = 2026-03-02\nstarted = 2026-04-01\n",
            )],
        );
        let m = marks(&l, "2026-11-20");
        let a = m.iter().find(|x| x.unit == "a").expect("a");
        assert_eq!(a.result, Some(MarkKind::NotExcellent));
        assert_eq!(a.result_label, "一票否优");
        let excellent = a.marks.iter().find(|m| m.kind == MarkKind::Excellent);
        assert!(excellent.is_some_and(|m| m.overridden), "{a:#?}");
        let not = a
            .marks
            .iter()
            .find(|m| m.kind == MarkKind::NotExcellent)
            .expect("否优");
        assert!(not.rule.contains("被批评通报"));
        let filing = not
            .named
            .iter()
            .find(|n| n.subject.contains("备案"))
            .expect("the filing item");
        assert_eq!(filing.project, "p1");
        assert_eq!(filing.months.first().map(String::as_str), Some("2026-03"));
        assert_eq!(filing.months.last().map(String::as_str), Some("2026-11"));
    }

    /// A signed project of `a` whose two milestones, charged to zrzy, are overdue.
    fn two_overdue_for_zrzy() -> RawFile {
        project(
            "p1",
            "a",
            "服务业",
            5000.0,
            "[dates]\nsigned = 2026-03-02\nfiled = 2026-03-03\n\n[[milestones]]\nitem = \"土地供应\"\nunit = \"zrzy\"\ndue = 2026-05-06\n\n[[milestones]]\nitem = \"规划许可\"\nunit = \"zrzy\"\ndue = 2026-06-05\n",
        )
    }

    #[test]
    fn the_veto_needs_n_overdue_items_of_a_department_and_is_off_by_default() {
        let t = "year = 2026\n";
        for (config, vetoed) in [
            ("", false),
            ("[assessment]\nveto_overdue = 3\n", false),
            ("[assessment]\nveto_overdue = 2\n", true),
        ] {
            let l = ledger(config, t, vec![two_overdue_for_zrzy()]);
            let m = marks(&l, "2026-11-20");
            let z = m
                .iter()
                .find(|x| x.unit == "zrzy")
                .expect("zrzy is red-listed");
            let veto = z.marks.iter().find(|m| m.kind == MarkKind::Veto);
            assert_eq!(veto.is_some(), vetoed, "{config}");
            if let Some(v) = veto {
                assert_eq!(z.result, Some(MarkKind::Veto));
                assert!(v.reason.contains("本年新增超期2项"), "{}", v.reason);
                assert!(v.rule.contains("一票否决"));
                assert_eq!(v.source, "古县 第十二条");
                assert_eq!(v.named.len(), 2);
            }
            // A 乡镇 is never vetoed by the department rule.
            assert!(
                m.iter()
                    .filter(|x| x.unit == "a")
                    .all(|x| x.marks.iter().all(|m| m.kind != MarkKind::Veto))
            );
        }
    }

    #[test]
    fn expands_never_counts_as_a_project_and_terminated_signings_do_not_count() {
        let l = ledger(
            "",
            "year = 2026\n",
            vec![
                project(
                    "p1",
                    "a",
                    "制造业",
                    80000.0,
                    "[dates]\nsigned = 2026-02-02\nstarted = 2026-03-02\n",
                ),
                project(
                    "p2",
                    "a",
                    "制造业",
                    90000.0,
                    "expands = \"p1\"\n[dates]\nsigned = 2026-05-06\nstarted = 2026-06-01\n",
                ),
                project(
                    "p3",
                    "a",
                    "服务业",
                    20000.0,
                    "[dates]\nsigned = 2026-04-01\nterminated = 2026-04-20\nterminated_reason = \"清退\"\n",
                ),
                // Terminated in a later month: its signing counted in its month.
                project(
                    "p4",
                    "a",
                    "服务业",
                    10000.0,
                    "[dates]\nsigned = 2026-04-01\nterminated = 2026-07-20\nterminated_reason = \"清退\"\n",
                ),
            ],
        );
        let done = done(&l, 2026, d("2026-11-20"));
        assert_eq!(done.upto("a", Indicator::Manufacturing, 12), 1.0);
        assert_eq!(done.upto("a", Indicator::Industry, 12), 1.0);
        assert_eq!(done.upto("a", Indicator::YiProjects, 12), 2.0, "p1 and p4");
        assert_eq!(done.upto("a", Indicator::SignedWan, 12), 180_000.0);
        assert_eq!(done.cumulative("a", Indicator::SignedWan)[1], 80_000.0);
        assert_eq!(
            done.upto("a", Indicator::SignedWan, 4),
            90_000.0,
            "p2 signed in May"
        );
    }

    #[test]
    fn funds_are_summed_by_origin_and_manufacturing_class_and_credit_the_source() {
        let l = ledger(
            "",
            "year = 2026\n",
            vec![project(
                "p1",
                "a",
                "制造业",
                80000.0,
                "source = \"bj\"\nfunds_origin = \"外资\"\n[dates]\nsigned = 2025-12-01\n\n[[reports]]\nmonth = \"2026-01\"\ninvested_wan = 100\n\n[[reports]]\nmonth = \"2026-02\"\ninvested_wan = 50\norigin = \"省外内资\"\n\n[[reports]]\nmonth = \"2025-12\"\ninvested_wan = 999\n",
            )],
        );
        let f = funds_done(&l, 2026, d("2026-11-20"));
        for u in ["a", "bj"] {
            let x = f.get(u).expect(u);
            assert_eq!(x[0].iter().sum::<f64>(), 100.0);
            assert_eq!(x[1].iter().sum::<f64>(), 50.0);
            assert_eq!(x[2].iter().sum::<f64>(), 150.0);
        }
        let done = done(&l, 2026, d("2026-11-20"));
        assert_eq!(done.upto("a", Indicator::ForeignWan, 1), 100.0);
        assert_eq!(done.upto("a", Indicator::ManufacturingFundsWan, 12), 150.0);
    }

    #[test]
    fn plan_to_date_is_the_cumulative_figure_of_the_month() {
        let target = "year = 2026\n[[unit]]\nid = \"a\"\nmanufacturing = 2\n[unit.plan]\nmanufacturing = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]\n";
        let l = ledger(
            "",
            target,
            vec![project("p1", "a", "制造业", 70000.0, STARTED)],
        );
        let done = done(&l, 2026, d("2026-06-30"));
        let t = table(&l, 2026, &done, 6);
        let a = t.iter().find(|r| r.unit == "a").expect("a");
        assert_eq!(a.figures[0].planned, Some(1.0));
        assert_eq!(rate_text(a.figures[0].rate), "50.0%");
        assert_eq!(done.cumulative("a", Indicator::Manufacturing)[3], 1.0);
    }

    #[test]
    fn bad_plans_and_files_are_refused_in_chinese() {
        use crate::targets::plan_problem;
        let i = Indicator::Manufacturing;
        let short = plan_problem(&[0.0; 11], Some(0.0), i).expect("short");
        assert!(
            short.contains("应写 12 个数") && short.contains("写了 11 个"),
            "{short}"
        );
        let mut down = [1.0; 12];
        down[4] = 0.0;
        let m = plan_problem(&down, Some(1.0), i).expect("decreasing");
        assert!(m.contains("不能减少") && m.contains("5 月"), "{m}");
        let m = plan_problem(&[1.0; 12], Some(2.0), i).expect("end");
        assert!(m.contains("应等于全年目标"), "{m}");
        let m = plan_problem(&[1.0; 12], None, i).expect("no target");
        assert!(m.contains("没有写全年目标"), "{m}");
        let m = plan_problem(&[0.5; 12], Some(0.5), i).expect("fraction");
        assert!(m.contains("整数"), "{m}");
        assert_eq!(plan_problem(&[2.0; 12], Some(2.0), i), None);

        let l = ledger(
            "",
            "year = 2025\n\n[[unit]]\nid = \"zz\"\n\n[[unit]]\nid = \"a\"\nsigned_wan = 10\n[unit.plan]\nsigned_wan = [1, 2]\n",
            Vec::new(),
        );
        let f = crate::targets::check(&l);
        let codes: Vec<(&str, usize)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
        assert_eq!(
            codes,
            [("schema", 1), ("unknown-ref", 4), ("schema", 10)],
            "{f:#?}"
        );
        assert!(
            f[0].message
                .contains("与文件名 2026.toml 的年份 2026 不一致")
        );
        assert!(f[1].message.contains("`zz` 不在 data/units.toml 中"));
        assert!(f[2].message.contains("plan.signed_wan"));
    }
}
