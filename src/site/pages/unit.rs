//! 单位页: a unit's projects, its score month by month, what it has overdue or due
//! soon, and — for 部门 above all — the milestones and problems it is responsible for.

use super::chart;
use crate::charts::{Series, lines};
use crate::findings::Rule;
use crate::site::model::{ProjectRow, status_class, status_label};
use crate::site::{Site, SiteError};
use crate::view::figures;
use crate::view::history::year_components;
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;

/// Rows shown of a unit's projects and of its milestones and problems; the rest are
/// counted and linked (the ledger filtered to the unit; the project pages). Its open
/// red and yellow items are always listed in full: they are what the unit must do.
pub const LIST_MAX: usize = 50;
/// Rows shown of the milestones and problems a unit is responsible for (open first).
pub const DUTIES_MAX: usize = 100;

/// `s` percent-encoded for the ledger's address (`#q=…`, read by `decodeURIComponent`).
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Duty {
    project: String,
    project_name: String,
    kind: &'static str,
    what: String,
    due: String,
    done: String,
    status: &'static str,
    class: &'static str,
}

#[derive(Serialize)]
struct MonthScore {
    month: String,
    total: String,
    rank: String,
}

/// Render every `units/<id>.html`.
/// A project of the unit whose record is stale (不及时更新) as of the site's date.
#[derive(Serialize)]
struct StaleProject {
    id: String,
    name: String,
    last: String,
    days: i64,
}

/// The unit's stale projects (landed there), longest without an update first.
fn stale_projects(site: &Site, unit: &str) -> Vec<StaleProject> {
    let ledger = &site.checked.ledger;
    let mut v: Vec<StaleProject> = ledger
        .records
        .iter()
        .filter(|r| r.project.unit.get_ref() == unit)
        .filter_map(|r| {
            let u = crate::rules::stale::stale(ledger, r, site.checked.as_of)?;
            Some(StaleProject {
                id: r.id().to_string(),
                name: r.project.name.get_ref().clone(),
                last: u.change.date.to_string(),
                days: u.days,
            })
        })
        .collect();
    v.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.id.cmp(&b.id)));
    v
}

pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let s = &ledger.config.scoring;
    let (red, yellow) = figures::lights(ledger, &site.current, &site.ctx.calendar);
    let as_of = site.ctx.as_of;
    let ytd_comps = year_components(ledger, &site.months, as_of.year());
    let funds = crate::view::funds::unit_totals(ledger, as_of);
    // 分类考核 of the year, computed once for every unit page.
    let (done, through) = super::assessment::year_done(site, as_of.year());
    let targets = crate::view::targets::table(ledger, as_of.year(), &done, through);
    ledger.units.par_iter().try_for_each(|u| {
        let id = u.id.get_ref();
        let page_name = format!("单位 {id}（{}）", u.name);
        let landed: Vec<&ProjectRow> = site.rows.iter().filter(|r| &r.unit == id).collect();
        let sourced: Vec<&ProjectRow> = site
            .current
            .items
            .iter()
            .zip(&site.rows)
            .filter(|(i, r)| i.project.source_unit() == id && &r.unit != id)
            .map(|(_, r)| r)
            .collect();
        let history: Vec<MonthScore> = site
            .months
            .iter()
            .map(|m| MonthScore {
                month: m.month.key(),
                total: m
                    .comps
                    .get(id)
                    .map(|c| c.total(s))
                    .unwrap_or(0.0)
                    .to_string(),
                rank: m
                    .ranking
                    .iter()
                    .find(|r| &r.unit == id)
                    .map(|r| format!("{}/{}", r.rank, m.ranking.len()))
                    .unwrap_or_else(|| "—".into()),
            })
            .collect();
        let recent: Vec<&crate::view::history::MonthData> = site
            .months
            .iter()
            .rev()
            .take(24)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let x: Vec<String> = recent.iter().map(|m| m.month.key()).collect();
        let series = Series {
            name: "月度得分".into(),
            values: recent
                .iter()
                .map(|m| m.comps.get(id).map(|c| c.total(s)))
                .collect(),
        };
        let score_svg = chart(
            lines(&format!("{}月度比拼得分", u.name), &x, &[series], "分", 760),
            &page_name,
        )?;

        let mut duties = Vec::new();
        for (item, row) in site.current.items.iter().zip(&site.rows) {
            for j in &item.state.deadlines {
                if j.deadline.unit != id.as_str()
                    || !matches!(
                        j.deadline.rule,
                        Rule::Milestone | Rule::Problem | Rule::NoticeReply
                    )
                {
                    continue;
                }
                if row.unit == *id && u.kind != crate::model::UnitKind::Department {
                    continue;
                }
                duties.push(Duty {
                    project: row.id.clone(),
                    project_name: row.name.clone(),
                    kind: j.deadline.rule.label(),
                    what: crate::view::figures::plain_subject(&j.deadline, item.project),
                    due: j.deadline.due.to_string(),
                    done: j.deadline.done.map(|d| d.to_string()).unwrap_or_default(),
                    status: status_label(j.status),
                    class: status_class(j.status),
                });
            }
        }
        // Open items first by due date; finished ones after, most recent first.
        duties.sort_by(|a, b| {
            let (da, db) = (
                a.class == "ok" || a.class == "late",
                b.class == "ok" || b.class == "late",
            );
            da.cmp(&db)
                .then_with(|| {
                    if da {
                        b.due.cmp(&a.due)
                    } else {
                        a.due.cmp(&b.due)
                    }
                })
                .then_with(|| a.project.cmp(&b.project))
        });

        let stale = stale_projects(site, id);
        let comps = ytd_comps.get(id).cloned().unwrap_or_default();
        let t = figures::timeliness(&site.current, id, crate::view::Period::year_to_date(as_of));
        let mut c = tera::Context::new();
        c.insert("unit", &serde_json::json!({
            "id": id, "name": u.name, "kind": u.kind.label(), "leader": u.leader, "ranked": u.is_ranked(),
        }));
        c.insert("unit_query", &percent(&u.name));
        c.insert("landed_total", &landed.len());
        c.insert("sourced_total", &sourced.len());
        // A 增资 record is listed, but not counted as a project.
        let projects = |rows: &[&ProjectRow]| rows.iter().filter(|r| r.expands.is_none()).count();
        c.insert("landed_projects", &projects(&landed));
        c.insert("sourced_projects", &projects(&sourced));
        c.insert(
            "funds",
            &super::funds_rows(&funds.get(id.as_str()).copied().unwrap_or_default(), true),
        );
        c.insert("landed", &landed[..landed.len().min(LIST_MAX)]);
        c.insert("sourced", &sourced[..sourced.len().min(LIST_MAX)]);
        c.insert("history", &history);
        c.insert("score_svg", &score_svg);
        c.insert(
            "red",
            &red.iter().filter(|i| i.unit == id.as_str()).collect::<Vec<_>>(),
        );
        c.insert(
            "yellow",
            &yellow.iter().filter(|i| i.unit == id.as_str()).collect::<Vec<_>>(),
        );
        c.insert("duties_total", &duties.len());
        c.insert(
            "duties_open",
            &duties
                .iter()
                .filter(|d| d.class != "ok" && d.class != "late")
                .count(),
        );
        c.insert("duties", &duties[..duties.len().min(DUTIES_MAX)]);
        c.insert(
            "department",
            &(u.kind == crate::model::UnitKind::Department),
        );
        c.insert("on_time_rate", &t.rate());
        c.insert("timeliness", &t);
        c.insert("ytd", &comps);
        c.insert("stale", &stale);
        c.insert("stale_days", &ledger.config.rules.stale_days);
        c.insert(
            "stale_skipped",
            &crate::rules::stale::skipped(ledger).unwrap_or_default(),
        );
        c.insert("ytd_total", &comps.total(s));
        c.insert("year", &as_of.year());
        // 分类考核: the unit's targets of the year and its monthly plan against the actual.
        c.insert("headers", &super::assessment::headers(site));
        c.insert(
            "targets",
            &super::assessment::rows(
                &targets
                    .iter()
                    .filter(|r| &r.unit == id)
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
        );
        c.insert(
            "plan_svgs",
            &super::assessment::plan_charts(
                site, (id, &u.name), as_of.year(), &done, through, 760, &page_name,
            )?,
        );
        c.insert("tasks", &super::tasks::for_unit(site, id));
        site.page(
            "unit.html",
            &format!("units/{id}.html"),
            &page_name,
            "units",
            c,
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_encodes_all_but_unreserved() {
        assert_eq!(
            super::percent("北京 a&b=c#d"),
            "%E5%8C%97%E4%BA%AC%20a%26b%3Dc%23d"
        );
    }
}
