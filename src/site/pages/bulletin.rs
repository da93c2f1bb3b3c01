//! 月度通报 (one per month, each as of that month's last day), 季度赛拼 (one per
//! quarter) and their index. The monthly page prints as an official document
//! (GB/T 9704-2012) through `static/print.css`.

use super::{by_unit, score_chart, stage_chart};
use crate::site::model::{money, rank_rows, trim, yi};
use crate::site::{Site, SiteError};
use crate::view::history::MonthData;
use crate::view::scoring::{Ranked, rank, with_open};
use chrono::Datelike;
use rayon::prelude::*;
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

/// A date as official text writes it: 2026年10月31日.
pub fn cn_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

fn nowrap(s: &str) -> String {
    format!("<span class=\"nowrap\">{s}</span>")
}

/// Text for the bulletin, as HTML: escaped; ISO dates written 2026年10月31日 and
/// months 2026年10月 (a following " 月" absorbed), each kept on one line; no
/// spaces beside numbers.
pub fn official_html(text: &str) -> String {
    // Most texts (names, units) have no digit and no space: only escaping applies.
    if !text.bytes().any(|b| b.is_ascii_digit() || b == b' ') {
        return crate::html::escape(text);
    }
    let c: Vec<char> = text.chars().collect();
    let digits =
        |i: usize, n: usize| (i..i + n).all(|k| c.get(k).is_some_and(char::is_ascii_digit));
    let num = |i: usize, n: usize| -> u32 {
        c[i..i + n]
            .iter()
            .fold(0, |a, d| a * 10 + d.to_digit(10).unwrap_or(0))
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    while i < c.len() {
        let at_start = i == 0 || !c[i - 1].is_ascii_digit();
        if at_start && digits(i, 4) && c.get(i + 4) == Some(&'-') && digits(i + 5, 2) {
            let (y, m) = (num(i, 4), num(i + 5, 2));
            if c.get(i + 7) == Some(&'-') && digits(i + 8, 2) && !digits(i + 10, 1) {
                out.push_str(&nowrap(&format!("{y}年{m}月{}日", num(i + 8, 2))));
                i += 10;
                continue;
            }
            if !digits(i + 7, 1) && c.get(i + 7) != Some(&'-') {
                out.push_str(&nowrap(&format!("{y}年{m}月")));
                i += 7;
                // "2026-10 月调度报告": the 月 is already written.
                let mut j = i;
                while c.get(j) == Some(&' ') {
                    j += 1;
                }
                if c.get(j) == Some(&'月') {
                    i = j + 1;
                }
                continue;
            }
        }
        // A date already in Chinese (2026年11月17日, 11月17日, 2026年10月) stays whole.
        if at_start && let Some(n) = chinese_date_len(&c[i..]) {
            let d: String = c[i..i + n].iter().collect();
            out.push_str(&nowrap(&d));
            i += n;
            continue;
        }
        let ch = c[i];
        if ch == ' ' {
            let prev = out.chars().last();
            let next = c.get(i + 1).copied();
            let cjk = |x: Option<char>| {
                x.is_some_and(|x| {
                    (!x.is_ascii() && x.is_alphanumeric()) || "（）：，。；、".contains(x)
                })
            };
            let digit = |x: Option<char>| x.is_some_and(|x| x.is_ascii_digit() || x == '>');
            // A space between a number and Chinese text is dropped.
            if (digit(prev) && cjk(next))
                || (cjk(prev) && next.is_some_and(|x| x.is_ascii_digit()))
                || (cjk(prev) && cjk(next))
            {
                i += 1;
                continue;
            }
        }
        crate::html::push_escaped(&mut out, ch);
        i += 1;
    }
    out
}

/// The length in characters of a Chinese date at the start of `c`: 2026年11月17日,
/// 2026年10月 or 11月17日 (not a bare 10月 or 2026年).
fn chinese_date_len(c: &[char]) -> Option<usize> {
    let digits = |from: usize, max: usize| {
        c[from.min(c.len())..]
            .iter()
            .take(max + 1)
            .take_while(|x| x.is_ascii_digit())
            .count()
    };
    let unit = |at: usize, u: char| c.get(at) == Some(&u);
    let mut i = 0;
    let mut parts = 0;
    let y = digits(0, 4);
    if y == 4 && unit(4, '年') {
        i = 5;
        parts += 1;
    }
    let m = digits(i, 2);
    if (1..=2).contains(&m) && unit(i + m, '月') {
        i += m + 1;
        parts += 1;
        let d = digits(i, 2);
        if (1..=2).contains(&d) && unit(i + d, '日') {
            i += d + 1;
            parts += 1;
        }
    } else {
        return None;
    }
    (parts >= 2).then_some(i)
}

/// Apply [`official_html`] to every string in a serialized value.
fn officialize(v: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(official_html(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(officialize).collect()),
        Value::Object(o) => {
            Value::Object(o.into_iter().map(|(k, v)| (k, officialize(v))).collect())
        }
        v => v,
    }
}

/// An item of a red or yellow list with every text in official form, as HTML (the
/// fields of [`crate::view::figures::Item`]). Made directly, without a JSON tree: a
/// large county's bulletin lists thousands.
#[derive(Serialize)]
struct OfficialItem {
    unit: String,
    unit_name: String,
    project: String,
    project_name: String,
    rule: String,
    rule_label: String,
    subject: String,
    due: String,
    workdays: u32,
    how: String,
    light: crate::view::Light,
}

/// A unit's items in official form.
#[derive(Serialize)]
struct OfficialGroup {
    unit: String,
    unit_name: String,
    items: Vec<OfficialItem>,
}

/// The red or yellow list grouped by unit, every text in official form.
fn official_groups(items: &[crate::view::figures::Item]) -> Vec<OfficialGroup> {
    by_unit(items)
        .into_iter()
        .map(|g| OfficialGroup {
            unit: official_html(g.unit),
            unit_name: official_html(g.unit_name),
            items: g
                .items
                .iter()
                .map(|i| OfficialItem {
                    unit: official_html(i.unit),
                    unit_name: official_html(i.unit_name),
                    project: official_html(i.project_id()),
                    project_name: official_html(i.project.name.get_ref()),
                    rule: official_html(i.rule.as_str()),
                    rule_label: official_html(i.rule.label()),
                    subject: official_html(&i.subject()),
                    due: official_html(&i.due.to_string()),
                    workdays: i.workdays,
                    how: official_html(&i.how()),
                    light: i.light,
                })
                .collect(),
        })
        .collect()
}

/// Rows for the bulletin with every text in official form, as HTML. (Plain rows
/// of strings and numbers always serialize; `Null` would print nothing.)
fn to_html<T: Serialize>(rows: &T) -> serde_json::Value {
    officialize(serde_json::to_value(rows).unwrap_or_default())
}

/// Apply [`official_html`] to the text of rendered HTML, leaving tags alone.
fn officialize_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&official_html(&unescape(&rest[..lt])));
        match rest[lt..].find('>') {
            Some(gt) => {
                out.push_str(&rest[lt..lt + gt + 1]);
                rest = &rest[lt + gt + 1..];
            }
            None => {
                out.push_str(&crate::html::escape(&rest[lt..]));
                rest = "";
            }
        }
    }
    out.push_str(&official_html(&unescape(rest)));
    out
}

/// Rendered Markdown split before its last paragraph when it ends with one (a line
/// starting `<p>` through the closing `</p>`), with the headings right above it (a
/// heading is kept with what follows it), else all of it and nothing.
fn split_last_paragraph(html: &str) -> (&str, &str) {
    let t = html.trim_end();
    let line_start = |s: &str, tag: &str| match s.rfind(&format!("\n{tag}")) {
        Some(i) => Some(i + 1),
        None => s.starts_with(tag).then_some(0),
    };
    let Some(mut start) = line_start(t, "<p>") else {
        return (html, "");
    };
    let tail = &t[start..];
    if !(tail.ends_with("</p>") && tail.matches("</p>").count() == 1) {
        return (html, "");
    }
    loop {
        let before = t[..start].trim_end();
        let heading = ["</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>"]
            .iter()
            .any(|h| before.ends_with(h));
        match line_start(before, "<h").filter(|_| heading) {
            Some(h) => start = h,
            None => break,
        }
    }
    (&html[..start], &t[start..])
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The title as HTML that breaks only between phrases (with `word-break: keep-all`
/// in the style sheet): after 关于, after a date, after 全县/招商引资项目, before
/// 推进情况 or 的通报 when nothing else fits.
pub fn title_html(title: &str) -> String {
    let t = official_html(title);
    let mut out = String::new();
    let mut rest = t.as_str();
    const AFTER: [&str; 5] = ["关于", "</span>", "全县", "招商引资项目", "项目"];
    while !rest.is_empty() {
        let hit = AFTER
            .iter()
            .filter_map(|w| rest.find(w).map(|i| (i + w.len(), *w)))
            .min_by_key(|(i, _)| *i);
        match hit {
            Some((end, _)) if end < rest.len() => {
                out.push_str(&rest[..end]);
                out.push_str("<wbr>");
                rest = &rest[end..];
            }
            _ => {
                out.push_str(rest);
                rest = "";
            }
        }
    }
    out
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
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let cfg = &ledger.config;
    let months = &site.months;
    months.par_iter().enumerate().try_for_each(|(i, m)| {
        let key = m.month.key();
        let page_name = format!("{key} 通报");
        let prev = i.checked_sub(1).and_then(|j| months.get(j));
        let editorial = ledger.bulletins.get(&key);
        let mut c = tera::Context::new();
        c.insert("key", &key);
        c.insert("label", &m.month.label());
        c.insert("as_of", &m.as_of.to_string());
        c.insert("as_of_html", &nowrap(&cn_date(m.as_of)));
        c.insert("number", &number(site, m));
        c.insert("office", &cfg.office);
        c.insert("mark", cfg.bulletin.mark.as_deref().unwrap_or(&cfg.office));
        c.insert("title", &title(site, m));
        c.insert("title_html", &title_html(&title(site, m)));
        let signed = editorial
            .and_then(|e| e.signed)
            .map(|d| d.0)
            .unwrap_or(m.as_of);
        c.insert("signed", &signed.to_string());
        c.insert("signed_cn", &cn_date(signed));
        c.insert("signed_html", &nowrap(&cn_date(signed)));
        // 印发日期: the day it is signed (the office prints it the same day).
        c.insert("printed_html", &nowrap(&cn_date(signed)));
        c.insert("cc", &editorial.and_then(|e| e.cc.clone()));
        let editorial_html = editorial.map(|e| officialize_html(&e.html));
        // The whole text for templates that show it in one piece; the built-in one
        // prints its last paragraph with the 落款 (GB/T 9704: no 落款 page without text).
        let (head, tail) = editorial_html
            .as_deref()
            .map_or(("", ""), split_last_paragraph);
        c.insert("editorial_head", head);
        c.insert("editorial_tail", tail);
        c.insert("editorial", &editorial_html);
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
        c.insert("red", &official_groups(&m.red));
        c.insert("yellow", &official_groups(&m.yellow));
        c.insert("red_items", &m.red.len());
        c.insert("yellow_items", &m.yellow.len());
        c.insert("notices", &to_html(&m.notices));
        // 分类考核 [磐安 四(三)]: the year's targets as of the month's end, when the
        // county set any (a past month counts only what was known by its end).
        let year = m.month.year;
        let targets = if crate::targets::for_year(ledger, year).is_some() {
            let done = crate::view::targets::done(ledger, year, m.as_of);
            let figures = crate::view::targets::table(ledger, year, &done, m.month.month);
            super::assessment::rows(&figures)
        } else {
            Vec::new()
        };
        c.insert("targets", &targets);
        // 交办事项 as of the month's end [磐安 三(三)、贵州 四(一)1].
        c.insert(
            "tasks",
            &super::tasks::bulletin(site, m.month.first(), m.as_of).map(|t| to_html(&t)),
        );
        c.insert("headers", &super::assessment::headers(site));
        c.insert("year", &year);
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
        site.page(
            "bulletin.html",
            &format!("bulletins/{key}.html"),
            &page_name,
            "bulletins",
            c,
        )
    })?;

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
        // 季度晒拼 of the targets: done to the quarter's end against target and plan.
        let year = last.month.year;
        let done = crate::view::targets::done(ledger, year, last.as_of);
        let figures = crate::view::targets::table(ledger, year, &done, last.month.month);
        let mut plan_svgs = Vec::new();
        for f in figures
            .iter()
            .filter(|f| f.figures.iter().any(|x| x.plan.is_some()))
        {
            plan_svgs.extend(super::assessment::plan_charts(
                site,
                (&f.unit, &f.name),
                year,
                &done,
                last.month.month,
                640,
                &page_name,
            )?);
        }
        c.insert("headers", &super::assessment::headers(site));
        c.insert("targets", &super::assessment::rows(&figures));
        c.insert("plan_svgs", &plan_svgs);
        // 工作单落实情况 of the tasks issued in the quarter [贵州 四(一)1].
        let q_first = crate::view::Month {
            year,
            month: (last.month.quarter() - 1) * 3 + 1,
        }
        .first();
        c.insert("tasks", &super::tasks::quarter(site, q_first, last.as_of));
        c.insert("year", &year);
        c.insert(
            "performance",
            &super::performance::unit_counts(site, last.as_of),
        );
        site.page(
            "quarter.html",
            &format!("bulletins/{q}.html"),
            &page_name,
            "bulletins",
            c,
        )?;
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
    site.page(
        "bulletins.html",
        "bulletins/index.html",
        "通报目录",
        "bulletins",
        c,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_paragraph_is_split_off_only_when_the_text_ends_with_one() {
        let html = "<p>各乡镇：</p>\n<h2>一、总体情况</h2>\n<p>甲\n乙</p>\n<p>请于 11 月 10 日前报送。</p>\n";
        let (head, tail) = split_last_paragraph(html);
        assert_eq!(tail, "<p>请于 11 月 10 日前报送。</p>");
        assert_eq!(format!("{head}{tail}\n"), html);
        assert_eq!(
            split_last_paragraph("<p>唯一一段</p>\n"),
            ("", "<p>唯一一段</p>")
        );
        // The headings above it go with it.
        let html = "<p>甲</p>\n<h2>三、工作要求</h2>\n<h3>（一）</h3>\n<p>乙</p>\n";
        assert_eq!(
            split_last_paragraph(html),
            (
                "<p>甲</p>\n",
                "<h2>三、工作要求</h2>\n<h3>（一）</h3>\n<p>乙</p>"
            )
        );
        // A list, a table or a quote at the end stays where it is.
        for html in [
            "<p>甲</p>\n<ul>\n<li>乙</li>\n</ul>\n",
            "<p>甲</p>\n<blockquote>\n<p>乙</p>\n</blockquote>\n",
            "<p>甲</p>\n<ul>\n<li>\n<p>乙</p>\n</li>\n</ul>\n",
            "",
        ] {
            assert_eq!(split_last_paragraph(html), (html, ""), "{html}");
        }
    }

    #[test]
    fn official_text_writes_chinese_dates_kept_whole_and_no_spaces_by_numbers() {
        assert_eq!(
            official_html("截至 2026-10-31，有超期事项 46 个"),
            "截至<span class=\"nowrap\">2026年10月31日</span>，有超期事项46个"
        );
        assert_eq!(
            official_html("2026-10 月调度报告（应于 2026-10-30 前完成）"),
            "<span class=\"nowrap\">2026年10月</span>调度报告（应于<span class=\"nowrap\">2026年10月30日</span>前完成）"
        );
        assert_eq!(
            official_html("时限为11月17日，10月份"),
            "时限为<span class=\"nowrap\">11月17日</span>，10月份"
        );
        // Text is escaped; numbers that are not dates stay as they are.
        assert_eq!(
            official_html("<b>12345-67</b> A 1"),
            "&lt;b&gt;12345-67&lt;/b&gt; A 1"
        );
        assert_eq!(
            officialize_html("<p>截至 2026-11-20，<a href=\"x-2026-11-20\">x</a></p>"),
            "<p>截至<span class=\"nowrap\">2026年11月20日</span>，<a href=\"x-2026-11-20\">x</a></p>"
        );
    }

    #[test]
    fn the_title_breaks_only_between_phrases() {
        let t = title_html("关于2026年10月全县招商引资项目推进情况的通报");
        assert_eq!(
            t,
            "关于<wbr><span class=\"nowrap\">2026年10月</span><wbr>全县<wbr>招商引资项目<wbr>推进情况的通报"
        );
        assert_eq!(title_html("通报<script>"), "通报&lt;script&gt;");
    }
}
