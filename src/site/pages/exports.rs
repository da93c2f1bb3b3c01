//! Machine-readable exports beside the pages: `projects.json`, `projects.csv`
//! (UTF-8 with BOM so Excel opens it in Chinese), `projects.xlsx` (a workbook to
//! print from: one sheet for all, one per unit, one of findings) and `findings.json`
//! (the same as `check --format json`).

use crate::report::json;
use crate::site::{Profile, Site, SiteError};
use serde::Serialize;

#[derive(Serialize)]
struct Export<'a> {
    #[serde(flatten)]
    row: &'a crate::site::model::ProjectRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_rep: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'a str>,
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` neutralised so a
/// spreadsheet does not run it as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Render the exports.
pub fn render(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SiteError> {
    let internal = site.profile == Profile::Internal;
    let ledger = &site.checked.ledger;
    let exports: Vec<Export> = site
        .current
        .items
        .iter()
        .zip(&site.rows)
        .map(|(item, row)| {
            let p = &ledger.records[item.index].project;
            fn personal(internal: bool, v: &Option<String>) -> Option<&str> {
                if internal { v.as_deref() } else { None }
            }
            Export {
                row,
                legal_rep: personal(internal, &p.legal_rep),
                phone: personal(internal, &p.phone),
                contact: personal(internal, &p.contact),
                service: personal(internal, &p.service),
            }
        })
        .collect();
    let json = serde_json::to_string_pretty(&exports)
        .map_err(|e| SiteError::Io("projects.json".into(), e.to_string()))?;

    let mut head = vec![
        "编号",
        "名称",
        "落地单位",
        "招引单位",
        "类别",
        "领域",
        "跟踪级别",
        "总投资（万元）",
        "供地（亩）",
        "阶段",
        "下一期限",
        "灯号",
        "投资企业",
    ];
    if internal {
        head.extend(["法人代表", "联系电话", "项目联系人", "跟踪服务人"]);
    }
    let mut csv = String::from("\u{FEFF}");
    csv.push_str(&head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    csv.push_str("\r\n");
    for e in &exports {
        let r = e.row;
        let mut cells = vec![
            cell(&r.id),
            cell(&r.name),
            cell(&r.unit_name),
            cell(&r.source_name),
            cell(&r.category),
            cell(&r.sector),
            cell(r.tracking),
            r.investment_wan.to_string(),
            r.land_mu.to_string(),
            cell(r.stage),
            cell(&r.next_label),
            cell(r.light_label),
            cell(&r.investor),
        ];
        if internal {
            for v in [e.legal_rep, e.phone, e.contact, e.service] {
                cells.push(cell(v.unwrap_or("")));
            }
        }
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    let findings = json::render(site.checked.as_of, &site.checked.findings);
    let xlsx = xlsx::workbook(site, &exports)
        .map_err(|e| SiteError::Io("projects.xlsx".into(), e.to_string()))?;
    Ok(vec![
        ("projects.json".into(), json.into_bytes()),
        ("projects.csv".into(), csv.into_bytes()),
        ("projects.xlsx".into(), xlsx),
        ("findings.json".into(), findings.into_bytes()),
    ])
}

/// `projects.xlsx`, written with rust_xlsxwriter: byte-identical for the same ledger and
/// as-of date (the document's creation time is the as-of date, not the clock).
mod xlsx {
    use super::Export;
    use crate::site::{Profile, Site};
    use crate::view::Light;
    use rust_xlsxwriter::{
        Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
    };
    use std::collections::BTreeSet;
    use unicode_width::UnicodeWidthStr;

    /// The longest text a cell holds (Excel's limit).
    const MAX_CELL: usize = 32_767;

    /// Characters a sheet name may not contain.
    const FORBIDDEN: &[char] = &['[', ']', ':', '*', '?', '/', '\\'];

    /// A sheet name Excel accepts: no `[]:*?/\`, no apostrophe at either end, at most
    /// 31 characters, not `taken` (compared ignoring case, as Excel does); `fallback`
    /// when nothing is left.
    pub fn sheet_name(name: &str, fallback: &str, taken: &BTreeSet<String>) -> String {
        let clean = |s: &str| -> String {
            let s: String = s.chars().filter(|c| !FORBIDDEN.contains(c)).collect();
            s.trim()
                .trim_matches('\'')
                .trim()
                .chars()
                .take(31)
                .collect()
        };
        let mut base = clean(name);
        if base.is_empty() {
            base = clean(fallback);
        }
        if base.is_empty() {
            base = "单位".into();
        }
        let free = |s: &str| !taken.contains(&s.to_lowercase());
        if free(&base) {
            return base;
        }
        (2..)
            .map(|n| {
                let suffix = format!("({n})");
                let keep = 31 - suffix.chars().count();
                format!("{}{suffix}", base.chars().take(keep).collect::<String>())
            })
            .find(|s| free(s))
            .unwrap_or(base)
    }

    fn date(d: chrono::NaiveDate) -> Result<ExcelDateTime, XlsxError> {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
    }

    fn fill(light: Light) -> Color {
        match light {
            Light::Red => Color::RGB(0xFFC7CE),
            Light::Yellow => Color::RGB(0xFFEB9C),
            Light::Green => Color::RGB(0xC6EFCE),
            Light::Terminated => Color::RGB(0xD9D9D9),
        }
    }

    /// A value in one cell of a sheet.
    enum V {
        Text(String),
        Wan(f64),
        Mu(f64),
        Date(Option<chrono::NaiveDate>),
        Light(Light, &'static str),
        Int(usize),
    }

    impl V {
        /// Display width in Excel's character units (a Chinese character is two).
        fn width(&self) -> usize {
            match self {
                V::Text(s) => s.width(),
                V::Light(_, s) => s.width(),
                V::Wan(v) => format!("{:.0}", v).len() + format!("{:.0}", v).len() / 3,
                V::Mu(v) => format!("{v:.2}").len(),
                V::Date(_) => 10,
                V::Int(n) => n.to_string().len(),
            }
        }
    }

    struct Formats {
        head: Format,
        text: Format,
        wan: Format,
        mu: Format,
        date: Format,
    }

    fn formats() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            head: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_text_wrap(),
            text: cell.clone(),
            wan: cell.clone().set_num_format("#,##0"),
            mu: cell.clone().set_num_format("0.00"),
            date: cell.set_num_format("yyyy-mm-dd"),
        }
    }

    /// One sheet: header, rows, frozen header, widths for Chinese text, set up to print.
    fn sheet(
        ws: &mut Worksheet,
        head: &[&str],
        rows: &[&Vec<V>],
        f: &Formats,
    ) -> Result<(), XlsxError> {
        let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &f.head)?;
        }
        for (r, row) in rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.iter().enumerate() {
                let col = c as u16;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(v.width());
                }
                match v {
                    V::Text(s) => {
                        let s: String = s.chars().take(MAX_CELL).collect();
                        ws.write_string_with_format(r, col, s, &f.text)?
                    }
                    V::Wan(x) => ws.write_number_with_format(r, col, *x, &f.wan)?,
                    V::Mu(x) => ws.write_number_with_format(r, col, *x, &f.mu)?,
                    V::Int(n) => ws.write_number_with_format(r, col, *n as f64, &f.text)?,
                    V::Date(Some(d)) => {
                        ws.write_datetime_with_format(r, col, date(*d)?, &f.date)?
                    }
                    V::Date(None) => ws.write_blank(r, col, &f.text)?,
                    V::Light(l, label) => ws.write_string_with_format(
                        r,
                        col,
                        *label,
                        &f.text.clone().set_background_color(fill(*l)),
                    )?,
                };
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (*w + 2).clamp(6, 60) as f64)?;
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        Ok(())
    }

    /// The workbook's bytes.
    pub fn workbook(site: &Site, exports: &[Export]) -> Result<Vec<u8>, XlsxError> {
        let internal = site.profile == Profile::Internal;
        let ledger = &site.checked.ledger;
        let f = formats();
        let mut head = vec![
            "编号",
            "名称",
            "落地单位",
            "招引单位",
            "类别",
            "领域",
            "跟踪级别",
            "总投资（万元）",
            "供地（亩）",
            "阶段",
            "签约日期",
            "下一期限",
            "期限日期",
            "灯号",
            "投资企业",
        ];
        if internal {
            head.extend(["法人代表", "联系电话", "项目联系人", "跟踪服务人"]);
        }
        let all: Vec<(&str, Vec<V>)> = site
            .current
            .items
            .iter()
            .zip(exports)
            .map(|(item, e)| {
                let r = e.row;
                let p = &ledger.records[item.index].project;
                let mut v = vec![
                    V::Text(r.id.clone()),
                    V::Text(r.name.clone()),
                    V::Text(r.unit_name.clone()),
                    V::Text(r.source_name.clone()),
                    V::Text(r.category.clone()),
                    V::Text(r.sector.clone()),
                    V::Text(r.tracking.to_string()),
                    V::Wan(r.investment_wan),
                    V::Mu(r.land_mu),
                    V::Text(r.stage.to_string()),
                    V::Date(crate::model::day(&p.dates.signed)),
                    V::Text(r.next_label.clone()),
                    V::Date(crate::model::parse_iso_date(&r.next_due)),
                    V::Light(r.light, r.light_label),
                    V::Text(r.investor.clone()),
                ];
                if internal {
                    for x in [e.legal_rep, e.phone, e.contact, e.service] {
                        v.push(V::Text(x.unwrap_or("").to_string()));
                    }
                }
                (r.unit.as_str(), v)
            })
            .collect();

        let mut book = Workbook::new();
        let as_of = date(site.checked.as_of)?;
        book.set_properties(
            &DocProperties::new()
                .set_title(format!(
                    "{}（截至 {}）",
                    ledger.config.title, site.checked.as_of
                ))
                .set_company(ledger.config.office.clone())
                .set_creation_datetime(&as_of),
        );
        let mut taken: BTreeSet<String> = ["全部项目", "问题清单"]
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        {
            let ws = book.add_worksheet();
            ws.set_name("全部项目")?;
            let rows: Vec<&Vec<V>> = all.iter().map(|(_, v)| v).collect();
            sheet(ws, &head, &rows, &f)?;
        }
        for unit in &ledger.units {
            let id = unit.id.get_ref();
            let rows: Vec<&Vec<V>> = all
                .iter()
                .filter(|(u, _)| *u == id.as_str())
                .map(|(_, v)| v)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let name = sheet_name(&unit.name, id, &taken);
            taken.insert(name.to_lowercase());
            let ws = book.add_worksheet();
            ws.set_name(name)?;
            sheet(ws, &head, &rows, &f)?;
        }
        {
            let names = |id: &str| {
                ledger
                    .unit(id)
                    .map_or_else(|| id.to_string(), |u| u.name.clone())
            };
            let rows: Vec<Vec<V>> = site
                .checked
                .findings
                .iter()
                .map(|x| {
                    vec![
                        V::Text(x.severity.label().to_string()),
                        V::Text(x.code.label().to_string()),
                        V::Text(x.project.clone().unwrap_or_default()),
                        V::Text(x.unit.as_deref().map(names).unwrap_or_default()),
                        V::Date(x.due),
                        V::Text(x.message.clone()),
                        V::Text(x.file.clone()),
                        V::Int(x.line),
                    ]
                })
                .collect();
            let ws = book.add_worksheet();
            ws.set_name("问题清单")?;
            let refs: Vec<&Vec<V>> = rows.iter().collect();
            sheet(
                ws,
                &[
                    "级别",
                    "类别",
                    "项目编号",
                    "责任单位",
                    "期限",
                    "说明",
                    "文件",
                    "行",
                ],
                &refs,
                &f,
            )?;
            // The message column wraps instead of running off the page.
            ws.set_column_width(5, 60)?;
        }
        book.save_to_buffer()
    }

    #[cfg(test)]
    mod tests {
        use super::sheet_name;
        use std::collections::BTreeSet;

        #[test]
        fn sheet_names_excel_accepts() {
            let mut taken: BTreeSet<String> = ["全部项目", "问题清单"]
                .iter()
                .map(|s| s.to_string())
                .collect();
            let mut add = |name: &str, id: &str| {
                let n = sheet_name(name, id, &taken);
                taken.insert(n.to_lowercase());
                n
            };
            assert_eq!(add("示例经济开发区", "kfq"), "示例经济开发区");
            assert_eq!(add("驻[京]招商:联络处/北京*?", "bj"), "驻京招商联络处北京");
            assert_eq!(add("'引号'", "q"), "引号");
            assert_eq!(add("[]:*?/\\", "lxc"), "lxc");
            let long = "某某省某某市某某县某某经济技术开发区管理委员会招商引资服务中心";
            let a = add(long, "a");
            assert_eq!(a.chars().count(), 31);
            let b = add(long, "b");
            assert_eq!(b.chars().count(), 31);
            assert!(b.ends_with("(2)"), "{b}");
            assert_eq!(add("全部项目", "x"), "全部项目(2)");
            assert_eq!(
                add("LXC", "y"),
                "LXC(2)",
                "Excel compares names ignoring case"
            );
        }
    }
}
