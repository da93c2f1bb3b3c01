//! 履约评估 `performance.html` [谯城 七；贵州 二(二)1]: every project with an
//! `[agreement]`, its current verdict and the indicator that decided it, the counts per
//! unit, every year's evaluation; the section on a project page; the counts in the
//! quarterly 赛拼; `performance.json` / `performance.csv`.

use crate::model::Project;
use crate::site::model::{trim, wan};
use crate::site::{Site, SiteError};
use crate::view::performance::{
    Counts, Evaluation, Indicator, Measure, Status, Verdict, counts_by_unit, history, standings,
};
use chrono::NaiveDate;
use serde::Serialize;

/// One indicator of one evaluation, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureRow {
    /// `output_wan`, `start_by`, …
    pub key: Indicator,
    /// 年产值, 开工, …
    pub label: &'static str,
    /// 万元, 万元/亩, 人 or "" for dates.
    pub unit: &'static str,
    /// The agreed value or date.
    pub agreed: String,
    /// The actual value or date ("未填报", "未开工").
    pub actual: String,
    /// "64.0%", "逾期 30 天" or "".
    pub ratio: String,
    /// Status key (`met`, `short`, `serious`, `grace`, `not-due`, `unreported`).
    pub status: Status,
    /// Its Chinese name.
    pub status_label: &'static str,
    /// Whether it decided the verdict.
    pub decisive: bool,
    /// The deciding sentence: "年税收：约定 500 万元，实际 320 万元（64%）".
    pub text: String,
}

/// One evaluation, formatted.
#[derive(Debug, Clone, Serialize)]
pub struct EvalRow {
    /// Project id.
    pub project: String,
    /// Project name.
    pub name: String,
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub unit_name: String,
    /// The year.
    pub year: i32,
    /// The evaluation date.
    pub on: String,
    /// Whether the year has `[[actuals]]`.
    pub has_actuals: bool,
    /// `met`, `short`, `serious`, `not-due`.
    pub verdict: Verdict,
    /// 履约, 未达标, 严重违约, 未到考核期.
    pub verdict_label: &'static str,
    /// Row class: ok / yellow / red / "".
    pub class: &'static str,
    /// Every indicator.
    pub measures: Vec<MeasureRow>,
    /// The deciding indicator.
    pub decider: Option<MeasureRow>,
    /// The rule applied.
    pub rule: String,
    /// What to do.
    pub suggestion: String,
}

fn number(ind: Indicator, v: f64) -> String {
    match ind {
        Indicator::Output | Indicator::Tax => wan(v),
        Indicator::Jobs => trim(v, 0),
        _ => trim(v, 2),
    }
}

fn pct(r: f64) -> String {
    format!("{}%", trim((r * 1000.0 + 1e-6).floor() / 10.0, 1))
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn measure_row(m: &Measure, decisive: bool) -> MeasureRow {
    let ind = m.indicator;
    let (agreed, actual, ratio) = match ind {
        Indicator::Start | Indicator::Operate => (
            date(m.agreed_on),
            m.actual_on.map_or_else(
                || {
                    if m.status == Status::NotDue {
                        "未到期".to_string()
                    } else {
                        format!("未{}", ind.label())
                    }
                },
                |d| d.to_string(),
            ),
            match m.days_late {
                Some(n) if n > 0 => format!("逾期 {n} 天"),
                Some(_) => "按期".to_string(),
                None => String::new(),
            },
        ),
        _ => (
            m.agreed.map(|v| number(ind, v)).unwrap_or_default(),
            match (m.status, m.actual) {
                (Status::NotDue, _) => "—".to_string(),
                (_, Some(v)) => number(ind, v),
                (_, None) => "未填报".to_string(),
            },
            if m.status == Status::NotDue {
                String::new()
            } else {
                m.ratio.map(pct).unwrap_or_default()
            },
        ),
    };
    let text = match ind {
        Indicator::Start | Indicator::Operate if m.status == Status::NotDue => {
            format!("{}：约定 {agreed}，未到期", ind.label())
        }
        Indicator::Start | Indicator::Operate => format!(
            "{}：约定 {agreed}，实际 {actual}{}",
            ind.label(),
            if ratio.is_empty() {
                String::new()
            } else {
                format!("（{ratio}）")
            }
        ),
        _ => format!(
            "{}：约定 {agreed} {u}，实际 {actual}{}{}",
            ind.label(),
            if matches!(m.status, Status::NotDue) || m.actual.is_none() {
                String::new()
            } else {
                format!(" {}", ind.unit())
            },
            if ratio.is_empty() {
                String::new()
            } else {
                format!("（{ratio}）")
            },
            u = ind.unit()
        ),
    };
    MeasureRow {
        key: ind,
        label: ind.label(),
        unit: ind.unit(),
        agreed,
        actual,
        ratio,
        status: m.status,
        status_label: if m.status == Status::NotDue && m.due < NaiveDate::MAX {
            "未到考核期"
        } else {
            m.status.label()
        },
        decisive,
        text,
    }
}

fn class(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "ok",
        Verdict::Short => "yellow",
        Verdict::Serious => "red",
        Verdict::NotDue => "",
    }
}

/// Format one evaluation of a project.
pub fn eval_row(site: &Site, p: &Project, e: &Evaluation) -> EvalRow {
    EvalRow {
        project: e.project.clone(),
        name: p.name.get_ref().clone(),
        unit: e.unit.clone(),
        unit_name: site.unit_name(&e.unit),
        year: e.year,
        on: e.on.to_string(),
        has_actuals: e.has_actuals,
        verdict: e.verdict,
        verdict_label: e.verdict.label(),
        class: class(e.verdict),
        measures: e
            .measures
            .iter()
            .enumerate()
            .map(|(i, m)| measure_row(m, e.decided_by == Some(i)))
            .collect(),
        decider: e.decider().map(|m| measure_row(m, true)),
        rule: e.rule.clone(),
        suggestion: e.suggestion.clone(),
    }
}

/// One unit's counts of current verdicts.
#[derive(Debug, Clone, Serialize)]
pub struct CountRow {
    /// Unit id.
    pub unit: String,
    /// Unit name.
    pub name: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: Counts,
}

/// The counts per unit of the verdicts as of a date, in units.toml order (units with
/// at least one evaluated project).
pub fn unit_counts(site: &Site, as_of: NaiveDate) -> Vec<CountRow> {
    let ledger = &site.checked.ledger;
    let cfg = &ledger.config.performance;
    let evals = standings(ledger.records.iter().map(|r| &r.project), as_of, cfg);
    let by_unit = counts_by_unit(&evals);
    ledger
        .units
        .iter()
        .filter_map(|u| {
            let id = u.id.get_ref();
            by_unit.get(id).map(|c| CountRow {
                unit: id.clone(),
                name: u.name.clone(),
                counts: *c,
            })
        })
        .collect()
}

/// The 履约评估 of one project as of the site's date (newest year first), for its page;
/// empty without an `[agreement]`.
pub fn project_section(site: &Site, p: &Project) -> Vec<EvalRow> {
    let cfg = &site.checked.ledger.config.performance;
    history(p, site.ctx.as_of, cfg)
        .iter()
        .rev()
        .map(|e| eval_row(site, p, e))
        .collect()
}

/// One project in `performance.json`.
#[derive(Serialize)]
struct ExportProject {
    project: String,
    name: String,
    unit: String,
    unit_name: String,
    current: EvalRow,
    years: Vec<EvalRow>,
}

/// `performance.json`.
#[derive(Serialize)]
struct Export<'a> {
    as_of: String,
    thresholds: &'a crate::view::performance::PerformanceConfig,
    units: &'a [CountRow],
    projects: &'a [ExportProject],
}

/// Render `performance.html`, `performance.json` and `performance.csv`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    if !site.has_performance {
        return Ok(());
    }
    let ledger = &site.checked.ledger;
    let cfg = &ledger.config.performance;
    let as_of = site.ctx.as_of;
    let mut projects: Vec<ExportProject> = Vec::new();
    for rec in &ledger.records {
        let p = &rec.project;
        let Some(cur) = crate::view::performance::current(p, as_of, cfg) else {
            continue;
        };
        let current = eval_row(site, p, &cur);
        let years = project_section(site, p);
        projects.push(ExportProject {
            project: current.project.clone(),
            name: current.name.clone(),
            unit: current.unit.clone(),
            unit_name: current.unit_name.clone(),
            current,
            years,
        });
    }
    // Gravest first, then by unit order and id: what needs action leads the page.
    let unit_pos = |u: &str| {
        ledger
            .units
            .iter()
            .position(|x| x.id.get_ref() == u)
            .unwrap_or(usize::MAX)
    };
    let rank = |v: Verdict| match v {
        Verdict::Serious => 0,
        Verdict::Short => 1,
        Verdict::Met => 2,
        Verdict::NotDue => 3,
    };
    projects.sort_by(|a, b| {
        (rank(a.current.verdict), unit_pos(&a.unit), &a.project).cmp(&(
            rank(b.current.verdict),
            unit_pos(&b.unit),
            &b.project,
        ))
    });
    let counts = unit_counts(site, as_of);
    let mut total = Counts::default();
    for c in &counts {
        total.met += c.counts.met;
        total.short += c.counts.short;
        total.serious += c.counts.serious;
        total.not_due += c.counts.not_due;
    }
    let mut c = tera::Context::new();
    c.insert("counts", &counts);
    c.insert("total", &total);
    c.insert("projects", &projects);
    c.insert("met_pct", &pct(cfg.met));
    c.insert("serious_pct", &pct(cfg.serious));
    c.insert("start_grace_days", &cfg.start_grace_days);
    c.insert("operate_grace_days", &cfg.operate_grace_days);
    site.page(
        "performance.html",
        "performance.html",
        "履约评估",
        "performance",
        c,
    )?;

    let export = Export {
        as_of: as_of.to_string(),
        thresholds: cfg,
        units: &counts,
        projects: &projects,
    };
    let json = serde_json::to_vec(&export)
        .map_err(|e| SiteError::Io("performance.json".into(), e.to_string()))?;
    site.emit("performance.json", json)?;
    site.emit("performance.csv", csv(&projects))
}

/// The indicators in column order of the CSV.
const COLUMNS: [Indicator; 7] = [
    Indicator::Start,
    Indicator::Operate,
    Indicator::Intensity,
    Indicator::Output,
    Indicator::Tax,
    Indicator::TaxPerMu,
    Indicator::Jobs,
];

/// `performance.csv`: one row per project and year (UTF-8 with BOM, CRLF), cells
/// through the exports' formula-neutralising [`super::exports::push_cell`].
fn csv(projects: &[ExportProject]) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let mut head: Vec<String> = [
        "项目编号",
        "项目名称",
        "单位编号",
        "单位名称",
        "年度",
        "评估日期",
        "结论",
        "决定指标",
        "依据",
        "建议",
    ]
    .map(String::from)
    .to_vec();
    for ind in COLUMNS {
        let u = if ind.unit().is_empty() {
            String::new()
        } else {
            format!("（{}）", ind.unit())
        };
        head.push(format!("约定{}{u}", ind.label()));
        head.push(format!("实际{}{u}", ind.label()));
    }
    let line = |out: &mut String, cells: &[String]| {
        for (k, c) in cells.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            super::exports::push_cell(out, c);
        }
        out.push_str("\r\n");
    };
    line(&mut out, &head);
    for p in projects {
        for y in &p.years {
            let mut cells = vec![
                y.project.clone(),
                y.name.clone(),
                y.unit.clone(),
                y.unit_name.clone(),
                y.year.to_string(),
                y.on.clone(),
                y.verdict_label.to_string(),
                y.decider
                    .as_ref()
                    .map(|m| m.text.clone())
                    .unwrap_or_default(),
                y.rule.clone(),
                y.suggestion.clone(),
            ];
            for ind in COLUMNS {
                let m = y.measures.iter().find(|m| m.key == ind);
                cells.push(m.map(|m| m.agreed.replace(',', "")).unwrap_or_default());
                cells.push(m.map(|m| m.actual.replace(',', "")).unwrap_or_default());
            }
            line(&mut out, &cells);
        }
    }
    out.into_bytes()
}
