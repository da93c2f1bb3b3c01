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
    /// 到位资金 by origin, this year to the as-of date (万元).
    funds_ytd_wan: crate::view::funds::OriginTotals,
    /// 到位资金 by origin, every month to the as-of date (万元).
    funds_cumulative_wan: crate::view::funds::OriginTotals,
    /// Date of the record's last commit on or before the as-of date (null: none, or no Git).
    last_updated: Option<String>,
    /// Days from it to the as-of date.
    days_since_update: Option<i64>,
    /// 不及时更新 as the `stale` rule judges it.
    stale: bool,
}

/// Headers of `projects.csv`; the internal profile adds [`PERSONAL`].
const CSV_HEAD: [&str; 19] = [
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
    "增资原项目",
    "到位资金来源",
    "累计到位资金-外资（万元）",
    "累计到位资金-省外内资（万元）",
    "累计到位资金-省内（万元）",
    "累计到位资金-未注明（万元）",
];

/// The 到位资金 columns (cumulative, by origin) in [`CSV_HEAD`] order.
fn funds_cells(e: &Export) -> [f64; 4] {
    let f = &e.funds_cumulative_wan;
    [f.foreign, f.out_of_province, f.in_province, f.unstated]
}
/// The 更新 columns of `projects.csv`, after [`CSV_HEAD`] (not in the workbook).
const CSV_UPDATES: [&str; 3] = ["最近更新", "未更新天数", "不及时更新"];

/// The personal columns of the internal profile (CSV and workbook).
const PERSONAL: [&str; 4] = ["法人代表", "联系电话", "项目联系人", "跟踪服务人"];

/// Append a CSV cell to `out`: quoted, quotes doubled, and a leading `= + - @`
/// (or tab, carriage return) neutralised with an apostrophe so a spreadsheet does
/// not run it as a formula.
pub(crate) fn push_cell(out: &mut String, s: &str) {
    out.push('"');
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    let mut rest = s;
    while let Some(i) = rest.find('"') {
        out.push_str(&rest[..=i]);
        out.push('"');
        rest = &rest[i + 1..];
    }
    out.push_str(rest);
    out.push('"');
}

/// `projects.csv`: UTF-8 with a BOM, CRLF line ends, written into one buffer.
fn projects_csv(internal: bool, exports: &[Export]) -> Vec<u8> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(64 + exports.len() * 256);
    out.push('\u{FEFF}');
    let personal: &[&str] = if internal { &PERSONAL } else { &[] };
    for (i, h) in CSV_HEAD
        .iter()
        .chain(CSV_UPDATES.iter())
        .chain(personal)
        .enumerate()
    {
        if i > 0 {
            out.push(',');
        }
        push_cell(&mut out, h);
    }
    out.push_str("\r\n");
    for e in exports {
        let r = e.row;
        let before: [&str; 7] = [
            &r.id,
            &r.name,
            &r.unit_name,
            &r.source_name,
            &r.category,
            &r.sector,
            r.tracking,
        ];
        for (i, s) in before.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_cell(&mut out, s);
        }
        // Writing to a String cannot fail.
        let _ = write!(out, ",{},{}", r.investment_wan, r.land_mu);
        for s in [
            r.stage,
            &r.next_label,
            r.light_label,
            &r.investor,
            r.expands.as_deref().unwrap_or(""),
            r.funds_origin.unwrap_or(""),
        ] {
            out.push(',');
            push_cell(&mut out, s);
        }
        for v in funds_cells(e) {
            let _ = write!(out, ",{v}");
        }
        out.push(',');
        push_cell(&mut out, e.last_updated.as_deref().unwrap_or(""));
        match e.days_since_update {
            Some(d) => {
                let _ = write!(out, ",{d}");
            }
            None => out.push(','),
        }
        out.push(',');
        push_cell(&mut out, if e.stale { "是" } else { "" });
        if internal {
            for v in [e.legal_rep, e.phone, e.contact, e.service] {
                out.push(',');
                push_cell(&mut out, v.unwrap_or(""));
            }
        }
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// Render the exports and hand each to the output as soon as it is made. The four
/// files do not depend on each other, so they are built side by side (rayon): the
/// workbook, the longest (its package is deflated as one stream), beside the three
/// text files, each serialised straight into its own buffer from borrowed rows. A
/// buffer goes to the writer the moment it is done, so the four never all sit in
/// memory at once (at 10,000 projects they are 28 MB).
pub fn render(site: &Site) -> Result<(), SiteError> {
    let internal = site.profile == Profile::Internal;
    let ledger = &site.checked.ledger;
    fn personal(internal: bool, v: &Option<String>) -> Option<&str> {
        if internal { v.as_deref() } else { None }
    }
    let exports: Vec<Export> = site
        .current
        .items
        .iter()
        .zip(&site.rows)
        .map(|(item, row)| {
            let rec = &ledger.records[item.index];
            let p = &rec.project;
            let as_of = site.checked.as_of;
            let last = crate::rules::stale::last_update(&ledger.history, &rec.source.path, as_of);
            let funds = crate::view::funds::project_totals(p, site.ctx.as_of);
            Export {
                funds_ytd_wan: funds.ytd,
                funds_cumulative_wan: funds.cumulative,
                last_updated: last.map(|u| u.change.date.to_string()),
                days_since_update: last.map(|u| u.days),
                stale: crate::rules::stale::stale(ledger, rec, as_of).is_some(),
                row,
                legal_rep: personal(internal, &p.legal_rep),
                phone: personal(internal, &p.phone),
                contact: personal(internal, &p.contact),
                service: personal(internal, &p.service),
            }
        })
        .collect();
    let io = |name: &str, e: &dyn std::fmt::Display| SiteError::Io(name.into(), e.to_string());
    let (xlsx, (json, (csv, findings))) = rayon::join(
        || {
            let bytes = xlsx::workbook(site, &exports).map_err(|e| io("projects.xlsx", &e))?;
            site.emit("projects.xlsx", bytes)
        },
        || {
            rayon::join(
                || {
                    let bytes =
                        serde_json::to_vec(&exports).map_err(|e| io("projects.json", &e))?;
                    site.emit("projects.json", bytes)
                },
                || {
                    rayon::join(
                        || site.emit("projects.csv", projects_csv(internal, &exports)),
                        || {
                            site.emit(
                                "findings.json",
                                json::to_vec(site.checked.as_of, &site.checked.findings),
                            )
                        },
                    )
                },
            )
        },
    );
    xlsx.and(json).and(csv).and(findings)
}

#[cfg(test)]
mod tests {
    use super::push_cell;

    fn cell(s: &str) -> String {
        let mut out = String::new();
        push_cell(&mut out, s);
        out
    }

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("示例"), r#""示例""#);
        assert_eq!(cell(""), r#""""#);
        assert_eq!(cell(r#"说"好"的"#), r#""说""好""的""#);
        assert_eq!(cell(r#""""#), r#""""""""#);
        assert_eq!(cell("=1+1"), r#""'=1+1""#);
        assert_eq!(cell("+86 139"), r#""'+86 139""#);
        assert_eq!(cell("-5"), r#""'-5""#);
        assert_eq!(cell("@SUM(A1)"), r#""'@SUM(A1)""#);
        assert_eq!(cell("\tx"), "\"'\tx\"");
        assert_eq!(
            cell("a=b"),
            r#""a=b""#,
            "only a leading sign is neutralised"
        );
    }
}

/// `projects.xlsx`, written with rust_xlsxwriter: byte-identical for the same ledger and
/// as-of date (the document's creation time is the as-of date, not the clock).
mod xlsx {
    use super::{Export, PERSONAL};
    use crate::site::{Profile, Site};
    use crate::view::Light;
    use chrono::NaiveDate;
    use rust_xlsxwriter::{
        Color, DocProperties, ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError,
    };
    use std::collections::BTreeSet;
    use unicode_width::UnicodeWidthStr;

    /// The longest text a cell holds, in UTF-16 units (Excel's limit).
    const MAX_CELL: usize = 32_767;

    /// Deflate level of the package (rust_xlsxwriter's default is 6).
    const LEVEL: u8 = 4;

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

    fn date(d: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
        use chrono::Datelike;
        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
    }

    /// `s` cut to what one cell holds: at most [`MAX_CELL`] UTF-16 units, counted as
    /// Excel (and rust_xlsxwriter's check) count them, so a text of emoji fits too.
    pub fn clip(s: &str) -> &str {
        // A UTF-16 unit takes at least one byte of UTF-8: short texts need no count.
        if s.len() <= MAX_CELL {
            return s;
        }
        let mut units = 0;
        for (i, c) in s.char_indices() {
            units += c.len_utf16();
            if units > MAX_CELL {
                return &s[..i];
            }
        }
        s
    }

    fn fill(light: Light) -> Color {
        match light {
            Light::Red => Color::RGB(0xFFC7CE),
            Light::Yellow => Color::RGB(0xFFEB9C),
            Light::Green => Color::RGB(0xC6EFCE),
            Light::Terminated => Color::RGB(0xD9D9D9),
        }
    }

    /// A value in one cell of a sheet, borrowing its text from the ledger.
    enum V<'a> {
        Text(&'a str),
        Wan(f64),
        Mu(f64),
        Date(Option<NaiveDate>),
        Light(Light, &'static str),
        Int(usize),
    }

    impl V<'_> {
        /// Display width in Excel's character units (a Chinese character is two).
        fn width(&self) -> usize {
            match self {
                V::Text(s) => s.width(),
                V::Light(_, s) => s.width(),
                V::Wan(v) => {
                    let n = format!("{v:.0}").len();
                    n + n / 3
                }
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
        /// The text format filled with each light's colour.
        lights: [(Light, Format); 4],
    }

    impl Formats {
        fn new() -> Self {
            let cell = Format::new().set_border(FormatBorder::Thin);
            let light = |l: Light| (l, cell.clone().set_background_color(fill(l)));
            Formats {
                head: cell
                    .clone()
                    .set_bold()
                    .set_background_color(Color::RGB(0xD9E1F2))
                    .set_text_wrap(),
                text: cell.clone(),
                wan: cell.clone().set_num_format("#,##0"),
                mu: cell.clone().set_num_format("0.00"),
                date: cell.clone().set_num_format("yyyy-mm-dd"),
                lights: [
                    light(Light::Red),
                    light(Light::Yellow),
                    light(Light::Green),
                    light(Light::Terminated),
                ],
            }
        }

        fn light(&self, l: Light) -> &Format {
            self.lights
                .iter()
                .find(|(k, _)| *k == l)
                .map_or(&self.text, |(_, f)| f)
        }
    }

    /// One sheet: header, rows, frozen header, widths for Chinese text, set up to print.
    fn sheet<'a, R: AsRef<[V<'a>]>>(
        ws: &mut Worksheet,
        name: &str,
        head: &[&str],
        rows: impl Iterator<Item = R>,
        f: &Formats,
    ) -> Result<(), XlsxError> {
        ws.set_name(name)?;
        let mut widths: Vec<usize> = head.iter().map(|h| h.width()).collect();
        for (c, h) in head.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &f.head)?;
        }
        for (r, row) in rows.enumerate() {
            let r = r as u32 + 1;
            for (c, v) in row.as_ref().iter().enumerate() {
                let col = c as u16;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(v.width());
                }
                match v {
                    V::Text(s) => ws.write_string_with_format(r, col, clip(s), &f.text)?,
                    V::Wan(x) => ws.write_number_with_format(r, col, *x, &f.wan)?,
                    V::Mu(x) => ws.write_number_with_format(r, col, *x, &f.mu)?,
                    V::Int(n) => ws.write_number_with_format(r, col, *n as f64, &f.text)?,
                    V::Date(Some(d)) => {
                        ws.write_datetime_with_format(r, col, date(*d)?, &f.date)?
                    }
                    V::Date(None) => ws.write_blank(r, col, &f.text)?,
                    V::Light(l, label) => {
                        ws.write_string_with_format(r, col, *label, f.light(*l))?
                    }
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

    /// The findings sheet: one row a finding, the message column wrapped to the page.
    fn findings_sheet(ws: &mut Worksheet, site: &Site, f: &Formats) -> Result<(), XlsxError> {
        let ledger = &site.checked.ledger;
        fn name<'a>(ledger: &'a crate::load::Ledger, id: &'a str) -> &'a str {
            ledger.unit(id).map_or(id, |u| u.name.as_str())
        }
        let rows = site.checked.findings.iter().map(|x| {
            [
                V::Text(x.severity.label()),
                V::Text(x.code.label()),
                V::Text(x.project.as_deref().unwrap_or("")),
                V::Text(x.unit.as_deref().map_or("", |id| name(ledger, id))),
                V::Date(x.due),
                V::Text(&x.message),
                V::Text(&x.file),
                V::Int(x.line),
            ]
        });
        sheet(
            ws,
            "问题清单",
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
            rows,
            f,
        )?;
        // The message column wraps instead of running off the page.
        ws.set_column_width(5, 60)?;
        Ok(())
    }

    /// The cells of one project's row (21 columns, 25 in the internal profile).
    fn project_cells<'a>(site: &'a Site, index: usize, e: &Export<'a>) -> Vec<V<'a>> {
        let r = e.row;
        let p = &site.checked.ledger.records[index].project;
        let mut v = Vec::with_capacity(21 + PERSONAL.len());
        v.extend([
            V::Text(&r.id),
            V::Text(&r.name),
            V::Text(&r.unit_name),
            V::Text(&r.source_name),
            V::Text(&r.category),
            V::Text(&r.sector),
            V::Text(r.tracking),
            V::Wan(r.investment_wan),
            V::Mu(r.land_mu),
            V::Text(r.stage),
            V::Date(crate::model::day(&p.dates.signed)),
            V::Text(&r.next_label),
            V::Date(crate::model::parse_iso_date(&r.next_due)),
            V::Light(r.light, r.light_label),
            V::Text(&r.investor),
            V::Text(r.expands.as_deref().unwrap_or("")),
            V::Text(r.funds_origin.unwrap_or("")),
        ]);
        v.extend(super::funds_cells(e).map(V::Wan));
        if site.profile == Profile::Internal {
            for x in [e.legal_rep, e.phone, e.contact, e.service] {
                v.push(V::Text(x.unwrap_or("")));
            }
        }
        v
    }

    /// The rows of the projects landed in `unit`, or of all.
    fn projects<'a>(
        site: &'a Site<'a>,
        exports: &'a [Export<'a>],
        unit: Option<&'a str>,
    ) -> impl Iterator<Item = Vec<V<'a>>> + 'a {
        site.current
            .items
            .iter()
            .zip(exports)
            .filter(move |(_, e)| unit.is_none_or(|u| e.row.unit == u))
            .map(|(item, e)| project_cells(site, item.index, e))
    }

    /// A sheet of the workbook, in the order the sheets appear.
    enum Part<'u> {
        All,
        Unit(&'u str, String),
        Findings,
    }

    /// Add a sheet that streams its rows to a temporary file ("low memory" mode:
    /// one row in memory, each distinct text once in the shared strings), or, where
    /// no temporary file can be made, one held in memory. Both give the same cells;
    /// the streamed sheets leave out the optional `spans` hint of each row.
    fn add_sheet(book: &mut Workbook, stream: &mut bool) -> Result<usize, XlsxError> {
        if *stream {
            match book.add_worksheet_with_low_memory() {
                Ok(_) => return Ok(book.worksheets_mut().len() - 1),
                // The workbook is unchanged when the temporary file fails.
                Err(XlsxError::TempFileError(..)) => *stream = false,
                Err(e) => return Err(e),
            }
        }
        book.add_worksheet();
        Ok(book.worksheets_mut().len() - 1)
    }

    /// The workbook's bytes. The sheets are filled one after the other, rows in
    /// order, so the shared strings come out in the same order on every build.
    pub fn workbook(site: &Site, exports: &[Export]) -> Result<Vec<u8>, XlsxError> {
        let internal = site.profile == Profile::Internal;
        let ledger = &site.checked.ledger;
        let f = Formats::new();
        // The CSV's columns, with the signing date after 阶段 and the next deadline's
        // date after 下一期限 (real dates in Excel).
        let mut head = Vec::with_capacity(super::CSV_HEAD.len() + 2);
        for h in super::CSV_HEAD {
            head.push(h);
            match h {
                "阶段" => head.push("签约日期"),
                "下一期限" => head.push("期限日期"),
                _ => {}
            }
        }
        if internal {
            head.extend(PERSONAL);
        }

        // Sheet names first, in order (each must differ from those before it).
        let mut taken: BTreeSet<String> = ["全部项目", "问题清单"]
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        let mut parts = vec![Part::All];
        for unit in &ledger.units {
            let id = unit.id.get_ref().as_str();
            if !exports.iter().any(|e| e.row.unit == id) {
                continue;
            }
            let name = sheet_name(&unit.name, id, &taken);
            taken.insert(name.to_lowercase());
            parts.push(Part::Unit(id, name));
        }
        parts.push(Part::Findings);

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
        book.set_zip_compression_level(LEVEL);
        let mut stream = true;
        for part in &parts {
            let at = add_sheet(&mut book, &mut stream)?;
            let ws = book.worksheet_from_index(at)?;
            match part {
                Part::All => sheet(ws, "全部项目", &head, projects(site, exports, None), &f)?,
                Part::Unit(id, name) => {
                    sheet(ws, name, &head, projects(site, exports, Some(id)), &f)?
                }
                Part::Findings => findings_sheet(ws, site, &f)?,
            }
        }
        book.save_to_buffer()
    }

    #[cfg(test)]
    mod tests {
        use super::{MAX_CELL, clip, sheet_name};
        use std::collections::BTreeSet;

        #[test]
        fn cells_are_cut_to_excels_limit_in_utf16_units() {
            assert_eq!(clip("短文本"), "短文本");
            let han = "项".repeat(MAX_CELL + 5);
            assert_eq!(
                clip(&han).chars().count(),
                MAX_CELL,
                "a Chinese character is one unit"
            );
            // An emoji is two UTF-16 units: counting characters would let 32,767 of
            // them through, twice what a cell holds, and rust_xlsxwriter would refuse.
            let emoji = "😀".repeat(MAX_CELL);
            let cut = clip(&emoji);
            assert_eq!(cut.encode_utf16().count(), MAX_CELL - 1);
            assert_eq!(cut.chars().count(), MAX_CELL / 2);
            let mut sheet = rust_xlsxwriter::Worksheet::new();
            assert!(sheet.write_string(0, 0, cut).is_ok());
            assert!(sheet.write_string(0, 1, &emoji).is_err());
        }

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
