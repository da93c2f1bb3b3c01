//! 年度考评 `assessment/<year>.html` (一票评优 / 一票否优 / 一票否决 with the items
//! that caused them), the targets table (目标、完成、完成率) shared with the rankings,
//! quarter and unit pages, the plan-against-actual chart, and the per-unit exports
//! `assessment.json` / `assessment.csv`.

use super::chart;
use crate::charts::{Series, lines};
use crate::site::model::{fixed, money, trim};
use crate::site::{Profile, Site, SiteError};
use crate::targets::Indicator;
use crate::view::history::year_components;
use crate::view::targets::{Assessment, Done, UnitFigures, assess, done, rate_text, table};
use chrono::Datelike;
use serde::Serialize;

/// The indicator's name, with the configured thresholds.
pub fn label(site: &Site, i: Indicator) -> String {
    let s = &site.checked.ledger.config.scoring;
    match i {
        Indicator::Manufacturing => format!("{}以上制造业项目", money(s.manufacturing_min_wan)),
        Indicator::Industry => format!("{}以上产业项目", money(s.major_min_wan)),
        Indicator::YiProjects => "亿元以上项目".into(),
        Indicator::SignedWan => "签约额".into(),
        Indicator::ForeignWan => "利用外资".into(),
        Indicator::OutOfProvinceWan => "省外内资".into(),
        Indicator::ManufacturingFundsWan => "制造业项目到位资金".into(),
    }
}

/// Column headers: the name and its unit (个 / 亿元).
pub fn headers(site: &Site) -> Vec<(String, &'static str)> {
    Indicator::ALL
        .iter()
        .map(|&i| (label(site, i), if i.is_count() { "个" } else { "亿元" }))
        .collect()
}

/// A count or a sum in 亿元 (two decimals), as the column's header says.
fn amount(v: f64, count: bool) -> String {
    if count {
        trim(v, 2)
    } else {
        fixed(v / 10_000.0, 2)
    }
}

/// One cell of the targets table.
#[derive(Serialize)]
pub struct Cell {
    done: String,
    target: String,
    rate: String,
    planned: Option<String>,
    /// Over 100 %.
    over: bool,
    /// Behind the monthly plan.
    behind: bool,
}

/// One row of the targets table.
#[derive(Serialize)]
pub struct Row {
    unit: String,
    name: String,
    kind: &'static str,
    has_targets: bool,
    cells: Vec<Cell>,
}

/// The targets table formatted for a template.
pub fn rows(figures: &[UnitFigures]) -> Vec<Row> {
    figures
        .iter()
        .map(|u| Row {
            unit: u.unit.clone(),
            name: u.name.clone(),
            kind: u.kind,
            has_targets: u.has_targets,
            cells: u
                .figures
                .iter()
                .map(|f| Cell {
                    done: amount(f.done, f.is_count),
                    target: f
                        .target
                        .map_or_else(|| "—".into(), |t| amount(t, f.is_count)),
                    rate: rate_text(f.rate),
                    planned: f.planned.map(|p| amount(p, f.is_count)),
                    over: f.rate.is_some_and(|r| r > 100.0),
                    behind: f.planned.is_some_and(|p| f.done < p),
                })
                .collect(),
        })
        .collect()
}

/// The year's figures up to `through` (the month of `as_of` in its year, else December).
pub fn year_done(site: &Site, year: i32) -> (Done, u32) {
    let as_of = site.ctx.as_of;
    let through = if as_of.year() == year {
        as_of.month()
    } else {
        12
    };
    (done(&site.checked.ledger, year, as_of), through)
}

/// Charts of the monthly plan against the actual cumulative figures, one per
/// indicator with a plan, for a unit's year up to month `through`.
pub fn plan_charts(
    site: &Site,
    (unit, unit_name): (&str, &str),
    year: i32,
    done: &Done,
    through: u32,
    width: u32,
    page: &str,
) -> Result<Vec<String>, SiteError> {
    let Some(t) = crate::targets::of_unit(&site.checked.ledger, year, unit) else {
        return Ok(Vec::new());
    };
    let x: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let mut out = Vec::new();
    for i in Indicator::ALL {
        let Some(plan) = t.plan(i) else { continue };
        let scale = if i.is_count() { 1.0 } else { 10_000.0 };
        let cum = done.cumulative(unit, i);
        let planned = Series {
            name: "月度目标计划（累计）".into(),
            values: plan.get_ref().iter().map(|v| Some(v / scale)).collect(),
        };
        let actual = Series {
            name: "实际完成（累计）".into(),
            values: (0..12)
                .map(|k| (k < through as usize).then(|| cum[k] / scale))
                .collect(),
        };
        // No year: every page that shows it names the year (and a phone has no room for it).
        let title = format!("{unit_name}{}：计划与实际", label(site, i));
        let unit_label = if i.is_count() { "个" } else { "亿元" };
        out.push(chart(
            lines(&title, &x, &[planned, actual], unit_label, width),
            page,
        )?);
    }
    Ok(out)
}

/// The years with a 年度考评 page: from the first bulletin's year to the as-of year.
pub fn years(site: &Site) -> Vec<i32> {
    let last = site.ctx.as_of.year();
    let first = site.months.first().map_or(last, |m| m.month.year);
    (first..=last).collect()
}

#[derive(Serialize)]
struct ExportIndicator {
    key: &'static str,
    label: String,
    unit: &'static str,
    target: Option<f64>,
    done: f64,
    rate: Option<f64>,
    planned_to_date: Option<f64>,
    plan: Option<Vec<f64>>,
}

#[derive(Serialize)]
struct ExportMark {
    kind: crate::view::targets::MarkKind,
    label: &'static str,
    reason: String,
    rule: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'static str>,
    overridden: bool,
    landed: Vec<crate::view::targets::Landed>,
    /// The first `NAMED_SHOWN` items by due date ...
    named: Vec<crate::view::targets::Named>,
    /// ... of this many.
    named_total: usize,
    /// 交办事项 that reached 通报批评 in the year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tasks: Vec<crate::view::tasks::Criticised>,
}

#[derive(Serialize)]
struct ExportUnit {
    unit: String,
    name: String,
    kind: &'static str,
    has_targets: bool,
    indicators: Vec<ExportIndicator>,
    result: Option<&'static str>,
    marks: Vec<ExportMark>,
}

#[derive(Serialize)]
struct ExportYear {
    year: i32,
    through: String,
    complete: bool,
    units: Vec<ExportUnit>,
}

#[derive(Serialize)]
struct Export {
    as_of: String,
    years: Vec<ExportYear>,
}

/// Append a CSV cell (quoted; a leading formula sign neutralised).
fn cell(out: &mut String, s: &str) {
    out.push('"');
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    out.push_str(&s.replace('"', "\"\""));
    out.push('"');
}

/// Render every `assessment/<year>.html` and `assessment.json` / `assessment.csv`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let internal = site.profile == Profile::Internal;
    let mut export = Export {
        as_of: site.ctx.as_of.to_string(),
        years: Vec::new(),
    };
    let heads = headers(site);
    for year in years(site) {
        let (done, through) = year_done(site, year);
        let comps = year_components(ledger, &site.months, year);
        let figures = table(ledger, year, &done, through);
        let marks: Vec<Assessment> = assess(ledger, year, &done, &site.months, &comps);
        let complete = site.ctx.as_of >= crate::view::Month { year, month: 12 }.last();
        let through_date = if complete {
            crate::view::Month { year, month: 12 }.last()
        } else {
            site.ctx.as_of
        };
        let page_name = format!("{year}年度考评");
        let mut c = tera::Context::new();
        c.insert("year", &year);
        c.insert("through", &through_date.to_string());
        c.insert("complete", &complete);
        c.insert("headers", &heads);
        c.insert("targets", &rows(&figures));
        c.insert(
            "has_targets",
            &crate::targets::for_year(ledger, year).is_some(),
        );
        c.insert("assessments", &marks);
        c.insert("internal", &internal);
        c.insert("veto_overdue", &ledger.config.assessment.veto_overdue);
        c.insert(
            "bulletins",
            &site
                .months
                .iter()
                .filter(|m| m.month.year == year)
                .map(|m| m.month.key())
                .collect::<Vec<_>>(),
        );
        c.insert("years", &years(site).into_iter().rev().collect::<Vec<_>>());
        site.page(
            "assessment.html",
            &format!("assessment/{year}.html"),
            &page_name,
            "rankings",
            c,
        )?;
        let units = figures
            .iter()
            .map(|u| u.unit.clone())
            .chain(marks.iter().map(|a| a.unit.clone()))
            .collect::<std::collections::BTreeSet<_>>();
        let units = ledger
            .units
            .iter()
            .filter(|u| units.contains(u.id.get_ref()))
            .map(|u| {
                let id = u.id.get_ref();
                let f = figures.iter().find(|f| &f.unit == id);
                let a = marks.iter().find(|a| &a.unit == id);
                ExportUnit {
                    unit: id.clone(),
                    name: u.name.clone(),
                    kind: u.kind.label(),
                    has_targets: f.is_some_and(|f| f.has_targets),
                    indicators: Indicator::ALL
                        .iter()
                        .enumerate()
                        .map(|(k, &i)| {
                            let fig = f.map(|f| &f.figures[k]);
                            ExportIndicator {
                                key: i.key(),
                                label: label(site, i),
                                unit: if i.is_count() { "个" } else { "万元" },
                                target: fig.and_then(|x| x.target),
                                done: fig.map_or_else(|| done.upto(id, i, through), |x| x.done),
                                rate: fig.and_then(|x| x.rate).map(|r| (r * 10.0).round() / 10.0),
                                planned_to_date: fig.and_then(|x| x.planned),
                                plan: fig.and_then(|x| x.plan.clone()),
                            }
                        })
                        .collect(),
                    result: a.and_then(|a| a.result).map(|r| r.label()),
                    marks: a
                        .map(|a| {
                            a.marks
                                .iter()
                                .map(|m| ExportMark {
                                    kind: m.kind,
                                    label: m.label,
                                    reason: m.reason.clone(),
                                    rule: m.rule.clone(),
                                    source: internal.then_some(m.source),
                                    overridden: m.overridden,
                                    landed: m.landed.clone(),
                                    named: m.named.clone(),
                                    named_total: m.named_total,
                                    tasks: m.tasks.clone(),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect();
        export.years.push(ExportYear {
            year,
            through: through_date.to_string(),
            complete,
            units,
        });
    }
    let json = serde_json::to_vec(&export)
        .map_err(|e| SiteError::Io("assessment.json".into(), e.to_string()))?;
    site.emit("assessment.json", json)?;
    site.emit("assessment.csv", csv(site, &export, internal))
}

/// `assessment.csv`: one row per year and unit (UTF-8 with BOM, CRLF), each
/// indicator as 目标 / 完成 / 完成率, then the result, the reasons and the rules.
fn csv(site: &Site, export: &Export, internal: bool) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let mut head: Vec<String> = ["年度", "截至", "单位编号", "单位名称", "单位类型"]
        .map(String::from)
        .to_vec();
    for i in Indicator::ALL {
        let (l, u) = (label(site, i), if i.is_count() { "个" } else { "万元" });
        head.push(format!("{l}目标（{u}）"));
        head.push(format!("{l}完成（{u}）"));
        head.push(format!("{l}完成率"));
    }
    head.extend(["考评结果", "原因", "依据"].map(String::from));
    let line = |out: &mut String, cells: &[String]| {
        for (k, c) in cells.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            cell(out, c);
        }
        out.push_str("\r\n");
    };
    line(&mut out, &head);
    for y in &export.years {
        for u in &y.units {
            let mut cells = vec![
                y.year.to_string(),
                y.through.clone(),
                u.unit.clone(),
                u.name.clone(),
                u.kind.to_string(),
            ];
            for i in &u.indicators {
                cells.push(i.target.map(|t| trim(t, 2)).unwrap_or_default());
                cells.push(trim(i.done, 2).replace(',', ""));
                cells.push(rate_text(i.rate));
            }
            cells[5..].iter_mut().for_each(|c| *c = c.replace(',', ""));
            cells.push(u.result.unwrap_or("").to_string());
            let live = u.marks.iter();
            cells.push(
                live.clone()
                    .map(|m| {
                        let over = if m.overridden {
                            "（被否优/否决取代）"
                        } else {
                            ""
                        };
                        format!("{}{over}：{}", m.label, m.reason)
                    })
                    .collect::<Vec<_>>()
                    .join("；"),
            );
            cells.push(
                live.map(|m| match (internal, m.source) {
                    (true, Some(s)) => format!("{}（{s}）", m.rule),
                    _ => m.rule.clone(),
                })
                .collect::<Vec<_>>()
                .join("；"),
            );
            line(&mut out, &cells);
        }
    }
    out.into_bytes()
}
