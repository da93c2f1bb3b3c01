//! 月度通报 (one per month, each as of that month's last day), 季度赛拼 (one per
//! quarter) and their index. The monthly page prints as an official document
//! (GB/T 9704-2012) through `static/print.css`.

use super::{by_unit, score_chart, stage_chart};
use crate::site::model::{money, rank_rows, trim, yi};
use crate::site::{Site, SiteError};
use crate::view::history::MonthData;
use crate::view::scoring::{Ranked, rank, with_open};
use chrono::Datelike;
use serde::Serialize;

/// 发文字号 of a month: the editorial's own, else `prefix〔YYYY〕N号`.
pub fn number(site: &Site, m: &MonthData) -> String {
    let cfg = &site.checked.ledger.config;
    site.checked
        .ledger
        .bulletins
        .get(&m.month.key())
        .and_then(|e| e.number.clone())
        .unwrap_or_else(|| {
            format!(
                "{}〔{}〕{}号",
                cfg.bulletin.prefix,
                m.month.year,
                m.month.month as i32 + cfg.bulletin.number_offset
            )
        })
}

fn title(site: &Site, m: &MonthData) -> String {
    site.checked
        .ledger
        .bulletins
        .get(&m.month.key())
        .and_then(|e| e.title.clone())
        .unwrap_or_else(|| format!("关于{}全县招商引资项目推进情况的通报", m.month.label()))
}

#[derive(Serialize)]
struct Entry {
    key: String,
    label: String,
    number: String,
    title: String,
    red: usize,
    yellow: usize,
}

fn activity_rows(m: &MonthData) -> Vec<(&'static str, String, String)> {
    let show = |v: f64, is_money: bool| {
        if is_money {
            money(v)
        } else {
            format!("{v}个")
        }
    };
    m.month_activity
        .figures()
        .into_iter()
        .zip(m.ytd_activity.figures())
        .map(|((label, a, is_money), (_, y, _))| (label, show(a, is_money), show(y, is_money)))
        .collect()
}

/// The activity table of the annex: one unit per row, named in its label (个 or
/// 亿元 with two fixed decimals), "—" for none.
fn activity_table(m: &MonthData) -> Vec<(String, String, String)> {
    let show = |v: f64, is_money: bool| match (v == 0.0, is_money) {
        (true, _) => "—".to_string(),
        (false, true) => yi(v),
        (false, false) => format!("{v}"),
    };
    m.month_activity
        .figures()
        .into_iter()
        .zip(m.ytd_activity.figures())
        .map(|((label, a, is_money), (_, y, _))| {
            let unit = if is_money { "亿元" } else { "个" };
            (
                format!("{label}（{unit}）"),
                show(a, is_money),
                show(y, is_money),
            )
        })
        .collect()
}

/// Render the bulletin index, every month and every quarter.
pub fn render(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SiteError> {
    let ledger = &site.checked.ledger;
    let cfg = &ledger.config;
    let mut out = Vec::new();
    let months = &site.months;
    for (i, m) in months.iter().enumerate() {
        let key = m.month.key();
        let page_name = format!("{key} 通报");
        let prev = i.checked_sub(1).and_then(|j| months.get(j));
        let editorial = ledger.bulletins.get(&key);
        let mut c = tera::Context::new();
        c.insert("key", &key);
        c.insert("label", &m.month.label());
        c.insert("as_of", &m.as_of.to_string());
        c.insert("number", &number(site, m));
        c.insert("mark", cfg.bulletin.mark.as_deref().unwrap_or(&cfg.office));
        c.insert("title", &title(site, m));
        let signed = editorial
            .and_then(|e| e.signed)
            .map(|d| d.0)
            .unwrap_or(m.as_of);
        c.insert("signed", &signed.to_string());
        c.insert(
            "signed_cn",
            &format!("{}年{}月{}日", signed.year(), signed.month(), signed.day()),
        );
        c.insert("editorial", &editorial.map(|e| e.html.clone()));
        c.insert("projects", &m.projects);
        c.insert(
            "stages",
            &m.stages
                .iter()
                .map(|s| (s.stage, s.count, yi(s.investment_wan)))
                .collect::<Vec<_>>(),
        );
        c.insert("activity", &activity_rows(m));
        c.insert("activity_table", &activity_table(m));
        c.insert(
            "ranking",
            &rank_rows(&m.ranking, prev.map(|p| p.ranking.as_slice()), &cfg.scoring),
        );
        c.insert("red", &by_unit(&m.red));
        c.insert("yellow", &by_unit(&m.yellow));
        c.insert("red_items", &m.red.len());
        c.insert("yellow_items", &m.yellow.len());
        c.insert("notices", &m.notices);
        c.insert(
            "score_svg",
            &score_chart(
                &format!("{}比拼得分", m.month.label()),
                &m.ranking,
                640,
                &page_name,
            )?,
        );
        c.insert(
            "stage_svg",
            &stage_chart("各阶段项目", &m.stages, 640, &page_name)?,
        );
        c.insert("prev", &prev.map(|p| p.month.key()));
        c.insert("next", &months.get(i + 1).map(|n| n.month.key()));
        c.insert(
            "quarter",
            &format!("{}-Q{}", m.month.year, m.month.quarter()),
        );
        out.push(site.page(
            "bulletin.html",
            &format!("bulletins/{key}.html"),
            &page_name,
            "bulletins",
            c,
        )?);
    }

    // Quarters: the months of each quarter, and its components at its last month.
    let mut quarters: Vec<(String, Vec<&MonthData>)> = Vec::new();
    for m in months {
        let q = format!("{}-Q{}", m.month.year, m.month.quarter());
        match quarters.last_mut() {
            Some((k, v)) if *k == q => v.push(m),
            _ => quarters.push((q, vec![m])),
        }
    }
    let mut quarter_entries = Vec::new();
    let mut prev_q: Option<Vec<Ranked>> = None;
    for (q, ms) in &quarters {
        let Some(last) = ms.last() else { continue };
        let comps = last.quarter.clone().unwrap_or_default();
        let mut ranking = rank(ledger, &comps);
        with_open(&mut ranking, &last.open);
        let page_name = format!("{q} 赛拼");
        // Month-by-month movement: each unit's monthly score and rank in the quarter.
        let movement: Vec<(String, Vec<(String, usize)>)> = ranking
            .iter()
            .map(|r| {
                let cells = ms
                    .iter()
                    .map(|m| {
                        let mr = m.ranking.iter().find(|x| x.unit == r.unit);
                        (
                            mr.map(|x| trim(x.total, 2)).unwrap_or_default(),
                            mr.map(|x| x.rank).unwrap_or(0),
                        )
                    })
                    .collect();
                (r.name.clone(), cells)
            })
            .collect();
        let mut c = tera::Context::new();
        c.insert("key", q);
        c.insert(
            "label",
            &format!("{}年第{}季度", last.month.year, last.month.quarter()),
        );
        c.insert("as_of", &last.as_of.to_string());
        c.insert(
            "complete",
            &(last.month.month % 3 == 0 && last.as_of == last.month.last()),
        );
        c.insert(
            "months",
            &ms.iter()
                .map(|m| (m.month.key(), m.month.label()))
                .collect::<Vec<_>>(),
        );
        c.insert(
            "ranking",
            &rank_rows(&ranking, prev_q.as_deref(), &cfg.scoring),
        );
        c.insert("movement", &movement);
        c.insert(
            "score_svg",
            &score_chart(&format!("{q} 赛拼得分"), &ranking, 640, &page_name)?,
        );
        out.push(site.page(
            "quarter.html",
            &format!("bulletins/{q}.html"),
            &page_name,
            "bulletins",
            c,
        )?);
        quarter_entries.push((
            q.clone(),
            format!("{}年第{}季度", last.month.year, last.month.quarter()),
        ));
        prev_q = Some(ranking);
    }

    let entries: Vec<Entry> = months
        .iter()
        .rev()
        .map(|m| Entry {
            key: m.month.key(),
            label: m.month.label(),
            number: number(site, m),
            title: title(site, m),
            red: m.red.len(),
            yellow: m.yellow.len(),
        })
        .collect();
    quarter_entries.reverse();
    let mut c = tera::Context::new();
    c.insert("entries", &entries);
    c.insert("quarters", &quarter_entries);
    out.push(site.page(
        "bulletins.html",
        "bulletins/index.html",
        "通报目录",
        "bulletins",
        c,
    )?);
    Ok(out)
}
