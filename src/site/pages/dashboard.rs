//! 首页 / dashboard: as-of state, stage funnel, this year against last year, the red
//! and yellow lists and the latest bulletin.

use super::{by_unit, chart, stage_chart};
use crate::charts::{Series, lines};
use crate::site::model::{fixed, trim, yi};
use crate::site::{Site, SiteError};
use crate::view::figures::{self, Activity};
use crate::view::{Light, Month, Period};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Items shown per unit in the red and yellow lists; the rest are counted and linked
/// (the unit's page lists all its open items). A 47-project county never reaches it.
pub const PER_UNIT: usize = 10;

/// One unit's items in a light's list, cut to [`PER_UNIT`].
#[derive(Serialize)]
struct Group<'a, 'i> {
    unit: &'a str,
    unit_name: &'a str,
    items: Vec<&'i crate::view::figures::Item<'a>>,
    /// All the unit's items in this list.
    total: usize,
    /// Rows the unit's heading spans: its items, and the "共 N 项" line if cut.
    rows: usize,
}

fn bounded<'a, 'i>(groups: Vec<super::UnitItems<'a, 'i>>) -> Vec<Group<'a, 'i>> {
    groups
        .into_iter()
        .map(|g| Group {
            total: g.items.len(),
            rows: g.items.len().min(PER_UNIT) + usize::from(g.items.len() > PER_UNIT),
            items: g.items.into_iter().take(PER_UNIT).collect(),
            unit: g.unit,
            unit_name: g.unit_name,
        })
        .collect()
}

#[derive(Serialize)]
struct Compare {
    label: String,
    this_year: String,
    last_year: String,
    change: String,
}

fn change(now: f64, before: f64) -> String {
    if before == 0.0 {
        if now == 0.0 {
            "—".into()
        } else {
            "新增".into()
        }
    } else {
        let pct = (now - before) / before * 100.0;
        format!("{}{}%", if pct >= 0.0 { "+" } else { "" }, trim(pct, 1))
    }
}

fn compare(now: &Activity, before: &Activity) -> Vec<Compare> {
    // One unit per row, named in the label: counts in 个, money in 亿元 (2 decimals).
    let show = |v: f64, is_money: bool| {
        if is_money {
            fixed(v / 10_000.0, 2)
        } else {
            fixed(v, 0)
        }
    };
    now.figures()
        .into_iter()
        .zip(before.figures())
        .map(|((label, n, is_money), (_, b, _))| Compare {
            label: if is_money {
                format!("{label}（亿元）")
            } else {
                format!("{label}（个）")
            },
            this_year: show(n, is_money),
            last_year: show(b, is_money),
            change: change(n, b),
        })
        .collect()
}

/// Same day last year (28 Feb for 29 Feb).
fn year_before(d: NaiveDate) -> NaiveDate {
    d.with_year(d.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() - 1, 2, 28))
        .unwrap_or(d)
}

/// Render `index.html`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let as_of = site.ctx.as_of;
    let snap = &site.current;
    let stages = figures::by_stage(snap);
    let funnel = stage_chart("各阶段项目数与投资额", &stages, 560, "首页")?;

    let ytd = Period::year_to_date(as_of);
    let last = Period {
        start: year_before(ytd.start),
        end: year_before(as_of),
    };
    let now = figures::activity(snap, ytd);
    let before = figures::activity(snap, last);

    // Cumulative signed investment by month, this year against last year.
    let x: Vec<String> = (1..=12).map(|m| format!("{m}月")).collect();
    let cumulative = |year: i32, upto: u32| -> Vec<Option<f64>> {
        let mut acc = 0.0;
        (1..=12u32)
            .map(|m| {
                if m > upto {
                    return None;
                }
                let mm = Month { year, month: m };
                let end = mm.last().min(if year == as_of.year() {
                    as_of
                } else {
                    mm.last()
                });
                let a = figures::activity(
                    snap,
                    Period {
                        start: mm.first(),
                        end,
                    },
                );
                acc += a.signed_wan / 10_000.0;
                Some((acc * 100.0).round() / 100.0)
            })
            .collect()
    };
    let trend = chart(
        lines(
            "今年与去年累计签约投资额",
            &x,
            &[
                Series {
                    name: format!("{}年", as_of.year()),
                    values: cumulative(as_of.year(), as_of.month()),
                },
                Series {
                    name: format!("{}年", as_of.year() - 1),
                    values: cumulative(as_of.year() - 1, 12),
                },
            ],
            "亿元",
            560,
        ),
        "首页",
    )?;

    let (red, yellow) = figures::lights(ledger, snap, &site.ctx.calendar);
    let count = |l: Light| site.rows.iter().filter(|r| r.light == l).count();
    // Terminated projects are shown apart: not 在库, not in 计划总投资.
    let (ended, live): (Vec<_>, Vec<_>) =
        site.rows.iter().partition(|r| r.light == Light::Terminated);
    // A 增资 record adds its investment, never a project to the count.
    let projects = |rows: &[&crate::site::model::ProjectRow]| {
        rows.iter().filter(|r| r.expands.is_none()).count()
    };
    let total_wan: f64 = live.iter().map(|r| r.investment_wan).sum();
    let ended_wan: f64 = ended.iter().map(|r| r.investment_wan).sum();
    let latest = site.months.last().map(|m| {
        let key = m.month.key();
        let title = ledger
            .bulletins
            .get(&key)
            .and_then(|e| e.title.clone())
            .unwrap_or_else(|| format!("{}招商引资项目推进情况通报", m.month.label()));
        // The link names the 文号 and date, so a reader knows which issue it is.
        let number = super::bulletin::number(site, m);
        let signed = ledger
            .bulletins
            .get(&key)
            .and_then(|e| e.signed)
            .map_or(m.as_of, |d| d.0);
        (key, title, number, super::bulletin::cn_date(signed))
    });

    let mut c = tera::Context::new();
    c.insert("projects", &projects(&live));
    c.insert("total_investment", &yi(total_wan));
    c.insert("terminated_count", &projects(&ended));
    let funds = crate::view::funds::county_totals(ledger, as_of);
    c.insert("funds", &super::funds_rows(&funds, true));
    c.insert("terminated_investment", &yi(ended_wan));
    c.insert("red_count", &count(Light::Red));
    c.insert("yellow_count", &count(Light::Yellow));
    c.insert("green_count", &count(Light::Green));
    c.insert(
        "stages",
        &stages
            .iter()
            .map(|s| (s.stage, s.count, yi(s.investment_wan)))
            .collect::<Vec<_>>(),
    );
    c.insert("funnel_svg", &funnel);
    c.insert("trend_svg", &trend);
    c.insert("compare", &compare(&now, &before));
    c.insert("this_year", &as_of.year());
    c.insert("last_period", &format!("{}–{}", last.start, last.end));
    c.insert("red", &bounded(by_unit(&red)));
    c.insert("yellow", &bounded(by_unit(&yellow)));
    c.insert("red_items", &red.len());
    c.insert("yellow_items", &yellow.len());
    c.insert("latest", &latest);
    site.page("index.html", "index.html", "首页", "index", c)
}
