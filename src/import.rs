//! `tongbao import 台账.xlsx`: an office's existing Excel ledger, one record per row.
//!
//! The mapping is pure ([`plan`]: a [`Table`] of cells and the ledger → one
//! [`RowReport`] per row, with the text of each new record made by the same scaffold
//! as `tongbao new`); only [`read_table`] (calamine) and [`write`] (`create_new`) touch
//! files. Every message names the row number and the column letter as Excel shows them.

use crate::config::AmountUnit;
use crate::load::Ledger;
use crate::model::{MAX_MU, MAX_WAN, MIN_DATE, check_number};
use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// A record field a column maps to (the value of `[import.columns]` in `data/config.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, JsonSchema)]
pub enum Field {
    /// 项目名称 → `name`
    #[serde(rename = "name")]
    Name,
    /// 落地单位（编号或名称）→ `unit`
    #[serde(rename = "unit")]
    Unit,
    /// 招引单位（编号或名称）→ `source`
    #[serde(rename = "source")]
    Source,
    /// 项目类别 → `category`
    #[serde(rename = "category")]
    Category,
    /// 所属领域 → `sector`
    #[serde(rename = "sector")]
    Sector,
    /// 产业链 → `chain`
    #[serde(rename = "chain")]
    Chain,
    /// 总投资（万元）→ `investment_wan`
    #[serde(rename = "investment_wan")]
    InvestmentWan,
    /// 总投资（亿元），乘以 10000 → `investment_wan`
    #[serde(rename = "investment_yi")]
    InvestmentYi,
    /// 总投资，单位看单元格（“亿”）或 `amount_unit` → `investment_wan`
    #[serde(rename = "investment")]
    Investment,
    /// 供地面积（亩）→ `land_mu`
    #[serde(rename = "land_mu")]
    LandMu,
    /// 投资企业 → `investor`
    #[serde(rename = "investor")]
    Investor,
    /// 包联领导 → `leader`
    #[serde(rename = "leader")]
    Leader,
    /// 推进负责人 → `owner`
    #[serde(rename = "owner")]
    Owner,
    /// 项目联系人 → `contact`
    #[serde(rename = "contact")]
    Contact,
    /// 跟踪服务人 → `service`
    #[serde(rename = "service")]
    Service,
    /// 法人代表 → `legal_rep`
    #[serde(rename = "legal_rep")]
    LegalRep,
    /// 联系电话 → `phone`
    #[serde(rename = "phone")]
    Phone,
    /// 谋划入库日期 → `[dates] proposed`
    #[serde(rename = "dates.proposed")]
    Proposed,
    /// 签约日期 → `[dates] signed`
    #[serde(rename = "dates.signed")]
    Signed,
    /// 开工日期 → `[dates] started`
    #[serde(rename = "dates.started")]
    Started,
    /// 竣工日期 → `[dates] completed`
    #[serde(rename = "dates.completed")]
    Completed,
    /// 投产日期 → `[dates] operating`
    #[serde(rename = "dates.operating")]
    Operating,
    /// 计划开工 → `[plan] start`
    #[serde(rename = "plan.start")]
    PlanStart,
    /// 计划竣工 → `[plan] complete`
    #[serde(rename = "plan.complete")]
    PlanComplete,
    /// 计划投产 → `[plan] operate`
    #[serde(rename = "plan.operate")]
    PlanOperate,
    /// 不导入这一列
    #[serde(rename = "skip")]
    Skip,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Text,
    UnitRef,
    Amount(Option<AmountUnit>),
    Mu,
    Date,
}

impl Field {
    /// The section and key of the record the field is written to.
    fn target(self) -> (&'static str, &'static str) {
        use Field::*;
        match self {
            Name => ("", "name"),
            Unit => ("", "unit"),
            Source => ("", "source"),
            Category => ("", "category"),
            Sector => ("", "sector"),
            Chain => ("", "chain"),
            InvestmentWan | InvestmentYi | Investment => ("", "investment_wan"),
            LandMu => ("", "land_mu"),
            Investor => ("", "investor"),
            Leader => ("", "leader"),
            Owner => ("", "owner"),
            Contact => ("", "contact"),
            Service => ("", "service"),
            LegalRep => ("", "legal_rep"),
            Phone => ("", "phone"),
            Proposed => ("dates", "proposed"),
            Signed => ("dates", "signed"),
            Started => ("dates", "started"),
            Completed => ("dates", "completed"),
            Operating => ("dates", "operating"),
            PlanStart => ("plan", "start"),
            PlanComplete => ("plan", "complete"),
            PlanOperate => ("plan", "operate"),
            Skip => ("", ""),
        }
    }

    fn kind(self) -> Kind {
        use Field::*;
        match self {
            Unit | Source => Kind::UnitRef,
            InvestmentWan => Kind::Amount(Some(AmountUnit::Wan)),
            InvestmentYi => Kind::Amount(Some(AmountUnit::Yi)),
            Investment => Kind::Amount(None),
            LandMu => Kind::Mu,
            Proposed | Signed | Started | Completed | Operating | PlanStart | PlanComplete
            | PlanOperate => Kind::Date,
            _ => Kind::Text,
        }
    }
}

/// Header texts recognised without any `[import]` table (compared after [`normalize`]).
const ALIASES: &[(&str, Field)] = &[
    ("项目名称", Field::Name),
    ("名称", Field::Name),
    ("项目", Field::Name),
    ("落地单位", Field::Unit),
    ("所在单位", Field::Unit),
    ("责任单位", Field::Unit),
    ("落地乡镇", Field::Unit),
    ("所在乡镇", Field::Unit),
    ("单位", Field::Unit),
    ("招引单位", Field::Source),
    ("项目类别", Field::Category),
    ("类别", Field::Category),
    ("所属领域", Field::Sector),
    ("领域", Field::Sector),
    ("产业链", Field::Chain),
    ("所属产业链", Field::Chain),
    ("总投资(万元)", Field::InvestmentWan),
    ("总投资额(万元)", Field::InvestmentWan),
    ("投资额(万元)", Field::InvestmentWan),
    ("计划总投资(万元)", Field::InvestmentWan),
    ("总投资(亿元)", Field::InvestmentYi),
    ("总投资额(亿元)", Field::InvestmentYi),
    ("投资额(亿元)", Field::InvestmentYi),
    ("计划总投资(亿元)", Field::InvestmentYi),
    ("总投资", Field::Investment),
    ("总投资额", Field::Investment),
    ("投资额", Field::Investment),
    ("计划总投资", Field::Investment),
    ("供地面积(亩)", Field::LandMu),
    ("供地面积", Field::LandMu),
    ("用地面积(亩)", Field::LandMu),
    ("用地面积", Field::LandMu),
    ("占地面积(亩)", Field::LandMu),
    ("占地面积", Field::LandMu),
    ("供地(亩)", Field::LandMu),
    ("投资方", Field::Investor),
    ("投资企业", Field::Investor),
    ("投资主体", Field::Investor),
    ("签约企业", Field::Investor),
    ("包联领导", Field::Leader),
    ("包联县领导", Field::Leader),
    ("推进负责人", Field::Owner),
    ("包保领导", Field::Leader),
    ("包保县领导", Field::Leader),
    ("落地责任人", Field::Owner),
    ("项目联系人", Field::Contact),
    ("联系人", Field::Contact),
    ("跟踪服务人", Field::Service),
    ("法人代表", Field::LegalRep),
    ("法定代表人", Field::LegalRep),
    ("联系电话", Field::Phone),
    ("电话", Field::Phone),
    ("入库日期", Field::Proposed),
    ("入库时间", Field::Proposed),
    ("谋划入库", Field::Proposed),
    ("签约日期", Field::Signed),
    ("签约时间", Field::Signed),
    ("开工日期", Field::Started),
    ("开工时间", Field::Started),
    ("实际开工", Field::Started),
    ("竣工日期", Field::Completed),
    ("竣工时间", Field::Completed),
    ("投产日期", Field::Operating),
    ("投产时间", Field::Operating),
    ("计划开工", Field::PlanStart),
    ("计划开工日期", Field::PlanStart),
    ("计划开工时间", Field::PlanStart),
    ("计划竣工", Field::PlanComplete),
    ("计划竣工日期", Field::PlanComplete),
    ("计划投产", Field::PlanOperate),
    ("计划投产日期", Field::PlanOperate),
    ("序号", Field::Skip),
    ("备注", Field::Skip),
];

/// A header as compared: no blanks or line breaks, half-width brackets and digits,
/// without a required-field star.
pub fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        })
        .filter(|c| !matches!(c, '*' | '＊'))
        .collect()
}

/// The field of a header: `[import.columns]` first, then the built-in aliases.
pub fn field_of(header: &str, cfg: &crate::config::ImportConfig) -> Option<Field> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    cfg.columns
        .iter()
        .find(|(k, _)| normalize(k) == h)
        .map(|(_, f)| *f)
        .or_else(|| ALIASES.iter().find(|(a, _)| *a == h).map(|(_, f)| *f))
}

/// One cell as read from the workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text.
    Text(String),
    /// A number (not formatted as a date).
    Number(f64),
    /// A number Excel formats as a date: the serial day count (1900 date system).
    Serial(f64),
}

/// A sheet's used range.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name.
    pub sheet: String,
    /// Zero-based row and column of the first cell (the used range may not start at A1).
    pub origin: (u32, u32),
    /// Rows of cells.
    pub rows: Vec<Vec<Cell>>,
}

/// Why an import could not run at all.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// The workbook could not be opened.
    Open {
        /// Path as given.
        path: String,
        /// Reason from the reader.
        reason: String,
    },
    /// The named sheet does not exist.
    NoSheet {
        /// The name asked for.
        name: String,
        /// The sheets there are.
        available: Vec<String>,
    },
    /// No header row with 项目名称 in the first rows.
    NoHeader {
        /// Sheet name.
        sheet: String,
    },
    /// A needed column is missing.
    MissingColumn {
        /// Sheet name.
        sheet: String,
        /// What is missing (Chinese).
        what: &'static str,
        /// The header row's number.
        row: u32,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Open { path, reason } => write!(
                f,
                "无法打开 Excel 文件 {path}：{reason}。请确认文件存在、是 .xlsx/.xls 格式且没有加密（另存为 .xlsx 后再试）"
            ),
            ImportError::NoSheet { name, available } => write!(
                f,
                "工作簿中没有名为“{name}”的工作表。现有工作表：{}。请用 --sheet 指定其中之一",
                available.join("、")
            ),
            ImportError::NoHeader { sheet } => write!(
                f,
                "工作表“{sheet}”的前 {HEADER_SEARCH} 行中找不到表头（含“项目名称”一列的行）。请确认表头写有“项目名称”，或在 data/config.toml 的 [import.columns] 中写明，如 \"工程名称\" = \"name\""
            ),
            ImportError::MissingColumn { sheet, what, row } => write!(
                f,
                "工作表“{sheet}”第 {row} 行的表头中没有“{what}”列。请在表格中加上这一列，或在 data/config.toml 的 [import.columns] 中写明对应的表头"
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH: usize = 10;

/// Excel's column letters for a zero-based column (0 → A, 26 → AA).
pub fn column_letter(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push((b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.iter().rev().collect()
}

/// The date of an Excel serial day number (1900 date system; days from 2000 on).
pub fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || serial < 1.0 {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// A date written as text: `2026-01-05`, `2026/1/5`, `2026.1.5`, `2026年1月5日`,
/// `20260105`, with half- or full-width digits; a time after it is ignored.
pub fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s: String = normalize_digits(s.trim());
    let s = s.split(['T', ' ']).next().unwrap_or("");
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
    }
    let unified: String = s
        .trim_end_matches(['日', '号'])
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' | '-' => '-',
            c => c,
        })
        .collect();
    let parts: Vec<&str> = unified.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    if y.len() != 4
        || !(1..=2).contains(&m.len())
        || !(1..=2).contains(&d.len())
        || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn normalize_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '．' => '.',
            '－' => '-',
            c => c,
        })
        .collect()
}

/// The latest date an import accepts (a year beyond is a typo).
fn max_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX)
}

fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.trim().to_string(),
        Cell::Number(v) | Cell::Serial(v) => trim_number(*v),
    }
}

/// A number as TOML and people write it: no `.0`, no float noise.
pub fn trim_number(v: f64) -> String {
    let r = (v * 1e6).round() / 1e6;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

fn to_date(c: &Cell) -> Result<NaiveDate, String> {
    let d = match c {
        Cell::Serial(v) => serial_date(*v),
        Cell::Number(v) => {
            let v = *v;
            if v.fract() == 0.0 && (20000101.0..=21001231.0).contains(&v) {
                parse_date_text(&trim_number(v))
            } else if (36526.0..=73415.0).contains(&v) {
                serial_date(v)
            } else {
                None
            }
        }
        Cell::Text(s) => parse_date_text(s),
        Cell::Empty => None,
    };
    match d {
        Some(d) if d >= MIN_DATE && d <= max_date() => Ok(d),
        Some(d) => Err(format!("日期 {d} 不在 2000 年到 2100 年之间，年份写错了？")),
        None => Err(format!(
            "无法识别的日期“{}”，请写成 2026-01-05、2026/1/5、2026.1.5 或 2026年1月5日",
            cell_text(c)
        )),
    }
}

fn to_number(c: &Cell, suffixes: &[(&str, f64)]) -> Result<(f64, Option<f64>), String> {
    match c {
        Cell::Number(v) | Cell::Serial(v) => Ok((*v, None)),
        Cell::Text(s) => {
            let t: String = normalize_digits(s)
                .chars()
                .filter(|c| !c.is_whitespace() && *c != ',' && *c != '，')
                .collect();
            let (num, factor) = suffixes
                .iter()
                .find_map(|(suf, f)| t.strip_suffix(suf).map(|n| (n, Some(*f))))
                .unwrap_or((t.as_str(), None));
            num.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .map(|v| (v, factor))
                .ok_or_else(|| format!("无法识别的数字“{}”", s.trim()))
        }
        Cell::Empty => Err("空".into()),
    }
}

/// An amount in 万元 from a cell; `unit` is the column's (None: look at the cell,
/// else `default`).
fn to_wan(c: &Cell, unit: Option<AmountUnit>, default: AmountUnit) -> Result<f64, String> {
    let (v, factor) = to_number(c, &[("亿元", 1e4), ("亿", 1e4), ("万元", 1.0), ("万", 1.0)])
        .map_err(|e| format!("{e}，金额请写数字，可带“万元”或“亿元”"))?;
    let factor = factor.unwrap_or(match unit.unwrap_or(default) {
        AmountUnit::Wan => 1.0,
        AmountUnit::Yi => 1e4,
    });
    let wan = (v * factor * 1e4).round() / 1e4;
    check_number(wan, 0.0, MAX_WAN, "万元；1 亿万元即 1 万亿元")
}

fn to_mu(c: &Cell) -> Result<f64, String> {
    let (v, _) =
        to_number(c, &[("亩", 1.0)]).map_err(|e| format!("{e}，供地面积请写亩数，如 35.5"))?;
    check_number(v, 0.0, MAX_MU, "亩")
}

/// A unit id from what a cell says: the id, the exact name, else the one unit whose
/// name contains it (or is contained in it).
pub fn find_unit(ledger: &Ledger, s: &str) -> Result<String, String> {
    let s = s.trim();
    if let Some(u) = ledger.unit(s) {
        return Ok(u.id.get_ref().clone());
    }
    if let Some(u) = ledger.units.iter().find(|u| u.name == s) {
        return Ok(u.id.get_ref().clone());
    }
    let hits: Vec<_> = ledger
        .units
        .iter()
        .filter(|u| !s.is_empty() && (u.name.contains(s) || s.contains(u.name.as_str())))
        .collect();
    match hits.as_slice() {
        [u] => Ok(u.id.get_ref().clone()),
        [] => {
            let all: Vec<String> = ledger
                .units
                .iter()
                .map(|u| format!("{}（{}）", u.id.get_ref(), u.name))
                .collect();
            Err(format!(
                "单位“{s}”不在 data/units.toml 中（按编号和名称都找不到）。现有单位：{}。请改正表格，或先在 units.toml 中添加该单位",
                all.join("、")
            ))
        }
        many => {
            let names: Vec<String> = many
                .iter()
                .map(|u| format!("{}（{}）", u.id.get_ref(), u.name))
                .collect();
            Err(format!(
                "单位“{s}”可能是 {}，请写全称或单位编号",
                names.join("、")
            ))
        }
    }
}

/// A column of the header: where, what it says, what it maps to.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Zero-based index into the table's rows.
    pub index: usize,
    /// Column letter as Excel shows it.
    pub letter: String,
    /// The header text.
    pub header: String,
    /// The field; None when not recognised.
    pub field: Option<Field>,
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// A new record.
    New {
        /// Its id.
        id: String,
        /// Its unit.
        unit: String,
        /// Its path from the root, `data/projects/<unit>/<id>.toml`.
        path: String,
        /// The record's text.
        text: String,
    },
    /// A project of that name is already in the ledger (or earlier in the sheet).
    Duplicate {
        /// Where it is.
        path: String,
    },
    /// Nothing in the row.
    Empty,
    /// The row cannot be imported; the reason is among the notes.
    Skipped,
}

/// The report on one row.
#[derive(Debug, Clone, PartialEq)]
pub struct RowReport {
    /// Row number as Excel shows it (1-based).
    pub row: u32,
    /// Project name, if any.
    pub name: String,
    /// What was mapped: `表头=值`.
    pub mapped: Vec<String>,
    /// Problems, each `第 N 行 X 列（表头）：…`.
    pub notes: Vec<String>,
    /// What became of it.
    pub outcome: Outcome,
}

/// The whole import, before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Sheet name.
    pub sheet: String,
    /// Header row number (1-based).
    pub header_row: u32,
    /// The header's columns.
    pub columns: Vec<Column>,
    /// Notes about the header (unknown or repeated columns).
    pub header_notes: Vec<String>,
    /// One report per data row.
    pub rows: Vec<RowReport>,
}

impl Plan {
    /// Rows that could not be imported or had a cell that could not be read.
    pub fn problems(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Skipped || !r.notes.is_empty())
            .count()
    }
}

fn fill(
    text: &str,
    section: &str,
    key: &str,
    value: &str,
    comment: Option<&str>,
) -> Option<String> {
    let mut current = "";
    let mut done = false;
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix('[')
            && !rest.starts_with('[')
        {
            current = rest.split(']').next().unwrap_or("");
        }
        let body = line.strip_prefix("# ").unwrap_or(line);
        let hit = !done
            && current == section
            && body
                .strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='));
        if hit {
            let old = body
                .find("  #")
                .map(|i| body[i..].trim_start())
                .unwrap_or("");
            let comment = comment.unwrap_or(old);
            out.push_str(&format!("{key} = {value}"));
            if !comment.is_empty() {
                out.push_str("  ");
                out.push_str(comment);
            }
            done = true;
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    done.then_some(out)
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn is_empty_row(row: &[Cell]) -> bool {
    row.iter().all(|c| cell_text(c).is_empty())
}

/// Plan the import of `table` into `ledger`: find the header, map every row, allocate
/// ids `YYYY-NNN` of `today`'s year after the ledger's last, and make each record's
/// text with the `tongbao new` scaffold. `file` is named in each record's first line.
pub fn plan(
    table: &Table,
    ledger: &Ledger,
    today: NaiveDate,
    file: &str,
) -> Result<Plan, ImportError> {
    let cfg = &ledger.config.import;
    let default_unit = cfg.amount_unit.unwrap_or(AmountUnit::Wan);
    let (row0, col0) = table.origin;
    let row_no = |i: usize| row0 + i as u32 + 1;
    let header_at = table
        .rows
        .iter()
        .take(HEADER_SEARCH)
        .position(|r| {
            r.iter()
                .any(|c| field_of(&cell_text(c), cfg) == Some(Field::Name))
        })
        .ok_or_else(|| ImportError::NoHeader {
            sheet: table.sheet.clone(),
        })?;
    let mut columns = Vec::new();
    let mut header_notes = Vec::new();
    let mut seen: Vec<(Field, String)> = Vec::new();
    for (index, c) in table.rows[header_at].iter().enumerate() {
        let header = cell_text(c);
        if header.is_empty() {
            continue;
        }
        let letter = column_letter(col0 + index as u32);
        let mut field = field_of(&header, cfg);
        match field {
            None => header_notes.push(format!(
                "{letter} 列“{header}”：未识别的表头，这一列不导入（如需导入，在 data/config.toml 的 [import.columns] 中写明，如 \"{header}\" = \"investor\"）"
            )),
            Some(Field::Skip) => {}
            Some(f) => {
                let target = f.target();
                if let Some((_, first)) = seen.iter().find(|(g, _)| g.target() == target) {
                    header_notes.push(format!(
                        "{letter} 列“{header}”：与 {first} 列对应同一字段，这一列不导入"
                    ));
                    field = None;
                } else {
                    seen.push((f, letter.clone()));
                }
            }
        }
        columns.push(Column {
            index,
            letter,
            header,
            field,
        });
    }
    let header_row = row_no(header_at);
    let has = |f: Field| columns.iter().any(|c| c.field == Some(f));
    if !has(Field::Unit) {
        return Err(ImportError::MissingColumn {
            sheet: table.sheet.clone(),
            what: "落地单位",
            row: header_row,
        });
    }

    let year = today.year();
    let first = crate::scaffold::next_id(ledger, year);
    let mut next: u32 = first
        .rsplit('-')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let mut planned: BTreeSet<(String, String)> = BTreeSet::new();
    let mut planned_paths: Vec<((String, String), String)> = Vec::new();
    let data_rows = &table.rows[header_at + 1..];
    let last = data_rows
        .iter()
        .rposition(|r| !is_empty_row(r))
        .map_or(0, |i| i + 1);
    let mut rows = Vec::new();
    for (offset, cells) in data_rows[..last].iter().enumerate() {
        let row = row_no(header_at + 1 + offset);
        let mut report = RowReport {
            row,
            name: String::new(),
            mapped: Vec::new(),
            notes: Vec::new(),
            outcome: Outcome::Skipped,
        };
        if is_empty_row(cells) {
            report.outcome = Outcome::Empty;
            rows.push(report);
            continue;
        }
        let mut fills: Vec<(&str, &str, String, Option<&str>)> = Vec::new();
        let mut name = String::new();
        let mut unit: Option<String> = None;
        let mut fatal = false;
        for col in &columns {
            let Some(field) = col.field.filter(|f| *f != Field::Skip) else {
                continue;
            };
            let cell = cells.get(col.index).unwrap_or(&Cell::Empty);
            let text = cell_text(cell);
            let here = format!("第 {row} 行 {} 列（{}）", col.letter, col.header);
            if text.is_empty() {
                if field == Field::Name {
                    report
                        .notes
                        .push(format!("{here}：项目名称为空，本行未导入"));
                    fatal = true;
                }
                if field == Field::Unit {
                    report.notes.push(format!(
                        "{here}：落地单位为空，本行未导入。请填写单位名称或编号"
                    ));
                    fatal = true;
                }
                continue;
            }
            let (section, key) = field.target();
            let value: Result<(String, String), String> = match field.kind() {
                Kind::Text => match field {
                    Field::Sector
                        if !["产业转型", "基础设施", "社会民生", "科技创新"]
                            .contains(&text.as_str()) =>
                    {
                        Err(format!(
                            "领域“{text}”不是 产业转型、基础设施、社会民生、科技创新 之一"
                        ))
                    }
                    Field::Category if !ledger.config.categories.contains(&text) => Err(format!(
                        "类别“{text}”不在配置的类别中（{}）",
                        ledger.config.categories.join("、")
                    )),
                    _ => Ok((toml_string(&text), text.clone())),
                },
                Kind::UnitRef => find_unit(ledger, &text).map(|id| (toml_string(&id), id)),
                Kind::Amount(u) => {
                    to_wan(cell, u, default_unit).map(|v| (trim_number(v), trim_number(v)))
                }
                Kind::Mu => to_mu(cell).map(|v| (trim_number(v), trim_number(v))),
                Kind::Date => to_date(cell).map(|d| (d.to_string(), d.to_string())),
            };
            match value {
                Ok((toml_value, shown)) => {
                    report.mapped.push(format!("{}={shown}", col.header));
                    match field {
                        Field::Name => name = text.clone(),
                        Field::Unit => unit = Some(shown.clone()),
                        _ => {}
                    }
                    if !matches!(field, Field::Name | Field::Unit) {
                        let comment =
                            matches!(field.kind(), Kind::Amount(_)).then_some("# 总投资（万元）");
                        fills.push((section, key, toml_value, comment));
                    }
                }
                Err(why) if field == Field::Unit => {
                    report.notes.push(format!("{here}：{why}；本行未导入"));
                    fatal = true;
                }
                Err(why) if field == Field::Category => {
                    let first = ledger
                        .config
                        .categories
                        .first()
                        .map_or("工业", String::as_str);
                    report
                        .notes
                        .push(format!("{here}：{why}；记录中暂填“{first}”，请改正"))
                }
                Err(why) => report
                    .notes
                    .push(format!("{here}：{why}；该项未导入，请在记录中补填")),
            }
        }
        report.name = name.clone();
        let Some(unit) = unit.filter(|_| !fatal) else {
            rows.push(report);
            continue;
        };
        let key = (unit.clone(), name.clone());
        let existing = ledger
            .records
            .iter()
            .find(|r| r.project.unit.get_ref() == &unit && r.project.name.get_ref().trim() == name)
            .map(|r| r.source.path.clone())
            .or_else(|| {
                planned
                    .contains(&key)
                    .then(|| {
                        planned_paths
                            .iter()
                            .find(|(k, _)| *k == key)
                            .map(|(_, p)| p.clone())
                    })
                    .flatten()
            });
        if let Some(path) = existing {
            report.outcome = Outcome::Duplicate { path };
            rows.push(report);
            continue;
        }
        let id = format!("{year:04}-{next:03}");
        let mut text = format!(
            "# 由 tongbao import 从 {file} 工作表“{}”第 {row} 行导入。\n{}",
            table.sheet,
            crate::scaffold::record(ledger, &unit, &name, &id, today)
        );
        let mut ok = true;
        for (section, key, value, comment) in &fills {
            match fill(&text, section, key, value, *comment) {
                Some(t) => text = t,
                None => ok = false,
            }
        }
        let text = crate::scaffold::align_comments(&text);
        if let Err(e) = toml::from_str::<crate::model::Project>(&text)
            .map(|_| ())
            .and_then(|()| {
                ok.then_some(()).ok_or_else(|| {
                    <toml::de::Error as serde::de::Error>::custom("模板中缺少要填写的字段")
                })
            })
        {
            report.notes.push(format!(
                "第 {row} 行：生成的记录无法通过格式检查（{}），本行未导入。请报告此问题",
                e.message()
            ));
            rows.push(report);
            continue;
        }
        next += 1;
        let path = format!("data/projects/{unit}/{id}.toml");
        planned.insert(key.clone());
        planned_paths.push((key, path.clone()));
        report.outcome = Outcome::New {
            id,
            unit,
            path,
            text,
        };
        rows.push(report);
    }
    Ok(Plan {
        sheet: table.sheet.clone(),
        header_row,
        columns,
        header_notes,
        rows,
    })
}

/// The report a user reads: the header mapping, one paragraph per row, a summary.
pub fn render_report(plan: &Plan, dry_run: bool) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "工作表“{}”，表头在第 {} 行：\n",
        plan.sheet, plan.header_row
    ));
    for c in &plan.columns {
        if let Some(f) = c.field.filter(|f| *f != Field::Skip) {
            let (section, key) = f.target();
            let key = if section.is_empty() {
                key.to_string()
            } else {
                format!("[{section}] {key}")
            };
            let unit = match f {
                Field::InvestmentYi => "（亿元，乘以 10000 换算为万元）",
                Field::Investment => "（单元格带“亿”按亿元，否则按配置的单位，默认万元）",
                _ => "",
            };
            out.push_str(&format!("  {} 列“{}” → {key}{unit}\n", c.letter, c.header));
        }
    }
    for n in &plan.header_notes {
        out.push_str(&format!("  {n}\n"));
    }
    out.push('\n');
    let (mut new, mut dup, mut empty, mut skipped) = (0, 0, 0, 0);
    let verb = if dry_run { "将新建" } else { "已新建" };
    for r in &plan.rows {
        match &r.outcome {
            Outcome::New { path, .. } => {
                new += 1;
                out.push_str(&format!(
                    "第 {} 行 {verb} {path}：{}\n",
                    r.row,
                    r.mapped.join("，")
                ));
            }
            Outcome::Duplicate { path } => {
                dup += 1;
                out.push_str(&format!(
                    "第 {} 行：“{}”已有记录 {path}，跳过（不覆盖）\n",
                    r.row, r.name
                ));
            }
            Outcome::Empty => {
                empty += 1;
                out.push_str(&format!("第 {} 行：空行，跳过\n", r.row));
            }
            Outcome::Skipped => skipped += 1,
        }
        for n in &r.notes {
            out.push_str(&format!("{n}\n"));
        }
    }
    out.push_str(&format!(
        "\n共 {} 行：{verb} {new} 条记录，已有记录跳过 {dup} 行，空行 {empty} 行，无法导入 {skipped} 行；有问题的行 {} 行。\n",
        plan.rows.len(),
        plan.problems()
    ));
    if dry_run {
        out.push_str("试运行（--dry-run）：没有写入任何文件。去掉 --dry-run 再运行即写入。\n");
    } else if new > 0 {
        out.push_str("请打开新建的记录核对、补填日期等，再运行 tongbao check。\n");
    }
    out
}

fn cell_of(d: &calamine::Data) -> Cell {
    use calamine::Data;
    match d {
        Data::Empty => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(if *b { "是" } else { "否" }.into()),
        Data::DateTime(dt) if dt.is_datetime() => Cell::Serial(dt.as_f64()),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// Read one sheet of a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods`): the named one,
/// else the first.
pub fn read_table(path: &Path, sheet: Option<&str>) -> Result<Table, ImportError> {
    use calamine::Reader;
    let open_err = |e: &dyn fmt::Display| ImportError::Open {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut book = calamine::open_workbook_auto(path).map_err(|e| open_err(&e))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| ImportError::NoSheet {
                name: s.to_string(),
                available: names.clone(),
            })?,
        None => names.first().cloned().ok_or_else(|| ImportError::NoSheet {
            name: "（第一个）".into(),
            available: Vec::new(),
        })?,
    };
    let range = book.worksheet_range(&name).map_err(|e| open_err(&e))?;
    let origin = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|r| r.iter().map(cell_of).collect())
        .collect();
    Ok(Table {
        sheet: name,
        origin,
        rows,
    })
}

/// Write the plan's new records under `root`, never overwriting (`create_new`).
/// One entry per new record: its row and the path written, or the Chinese reason.
pub fn write(root: &Path, plan: &Plan) -> Vec<(u32, Result<PathBuf, String>)> {
    use std::io::Write;
    plan.rows
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::New { path, text, .. } => Some((r.row, path, text)),
            _ => None,
        })
        .map(|(row, path, text)| {
            let full = root.join(path);
            let written = full
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&full)
                        .and_then(|mut f| f.write_all(text.as_bytes()))
                });
            let result = match written {
                Ok(()) => Ok(full),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(format!(
                    "第 {row} 行：{path} 已存在，未改动（未导入）。请检查该文件后重新导入"
                )),
                Err(e) => Err(format!("第 {row} 行：无法写入 {path}：{e}")),
            };
            (row, result)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{RawData, RawFile};

    fn ledger() -> Ledger {
        let raw = RawData {
            units: Some(RawFile {
                path: "data/units.toml".into(),
                bytes: "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n\n[[unit]]\nid = \"dz\"\nname = \"东镇\"\nkind = \"乡镇\"\n\n[[unit]]\nid = \"xz\"\nname = \"西镇\"\nkind = \"乡镇\"\n".into(),
            }),
            ..Default::default()
        };
        Ledger::parse(&raw).0
    }

    fn t(s: &str) -> Cell {
        Cell::Text(s.into())
    }

    #[test]
    fn dates_in_every_written_form() {
        let want = NaiveDate::from_ymd_opt(2026, 1, 5);
        for s in [
            "2026-01-05",
            "2026/1/5",
            "2026.1.5",
            "2026年1月5日",
            "2026-1-5",
            "20260105",
            "２０２６年１月５日",
            "2026-01-05 00:00:00",
            "2026-01-05T00:00:00",
        ] {
            assert_eq!(parse_date_text(s), want, "{s}");
        }
        for s in ["2026.13.5", "2026年1月", "26/1/5", "明年", "2026-02-30"] {
            assert_eq!(parse_date_text(s), None, "{s}");
        }
        assert_eq!(serial_date(46027.0), want);
        assert_eq!(
            to_date(&Cell::Number(46027.0)),
            Ok(NaiveDate::from_ymd_opt(2026, 1, 5).expect("d"))
        );
        let e = to_date(&t("2026.13.5")).expect_err("bad");
        assert!(e.contains("无法识别的日期“2026.13.5”"), "{e}");
        let e = to_date(&Cell::Serial(100.0)).expect_err("1900");
        assert!(e.contains("年份写错了"), "{e}");
    }

    #[test]
    fn amounts_by_header_and_by_suffix() {
        use AmountUnit::*;
        assert_eq!(to_wan(&Cell::Number(1.2), Some(Yi), Wan), Ok(12000.0));
        assert_eq!(to_wan(&Cell::Number(3500.0), None, Wan), Ok(3500.0));
        assert_eq!(to_wan(&t("1.5亿"), None, Wan), Ok(15000.0));
        assert_eq!(to_wan(&t("1.5亿元"), Some(Wan), Wan), Ok(15000.0));
        assert_eq!(to_wan(&t("12,000 万元"), None, Yi), Ok(12000.0));
        assert_eq!(to_wan(&Cell::Number(2.0), None, Yi), Ok(20000.0));
        let e = to_wan(&t("约两亿"), None, Wan).expect_err("text");
        assert!(e.contains("无法识别的数字“约两亿”"), "{e}");
        assert_eq!(to_mu(&t("35.5亩")), Ok(35.5));
    }

    #[test]
    fn units_by_id_name_and_unique_part() {
        let l = ledger();
        assert_eq!(find_unit(&l, "kfq").as_deref(), Ok("kfq"));
        assert_eq!(find_unit(&l, "东镇").as_deref(), Ok("dz"));
        assert_eq!(find_unit(&l, "开发区").as_deref(), Ok("kfq"));
        assert_eq!(find_unit(&l, "示例县东镇人民政府").as_deref(), Ok("dz"));
        let e = find_unit(&l, "镇").expect_err("two");
        assert!(e.contains("可能是 dz（东镇）、xz（西镇）"), "{e}");
        let e = find_unit(&l, "火星乡").expect_err("none");
        assert!(e.contains("不在 data/units.toml 中"), "{e}");
    }

    #[test]
    fn headers_and_columns() {
        let cfg = crate::config::ImportConfig::default();
        assert_eq!(field_of("总投资（亿元）", &cfg), Some(Field::InvestmentYi));
        assert_eq!(field_of(" 签约\n时间 ", &cfg), Some(Field::Signed));
        assert_eq!(field_of("*项目名称", &cfg), Some(Field::Name));
        assert_eq!(field_of("工程名称", &cfg), None);
        let cfg: crate::config::Config =
            toml::from_str("[import.columns]\n\"工程名称\" = \"name\"\n").expect("cfg");
        assert_eq!(field_of("工程名称", &cfg.import), Some(Field::Name));
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn rows_become_records_that_parse() {
        let l = ledger();
        let table = Table {
            sheet: "台账".into(),
            origin: (1, 0),
            rows: vec![
                vec![
                    t("项目名称"),
                    t("落地单位"),
                    t("总投资（亿元）"),
                    t("签约日期"),
                    t("计划开工"),
                    t("供地面积（亩）"),
                    t("投资方"),
                    t("联系电话"),
                    t("序号"),
                ],
                vec![
                    t("年产5万吨\"新型\"建材项目"),
                    t("开发区"),
                    Cell::Number(1.2),
                    Cell::Serial(46027.0),
                    t("2026年3月1日"),
                    Cell::Number(35.5),
                    t("某某建材有限公司"),
                    t("13800000000"),
                ],
                vec![Cell::Empty; 8],
                vec![t("乙项目"), t("火星乡"), Cell::Number(1.0)],
                vec![t("丙项目"), t("dz"), t("8000万"), t("2026.13.5")],
                vec![t("年产5万吨\"新型\"建材项目"), t("kfq")],
                vec![Cell::Empty; 8],
            ],
        };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("d");
        let plan = plan(&table, &l, today, "台账.xlsx").expect("plan");
        assert_eq!(plan.header_row, 2);
        let rows: Vec<u32> = plan.rows.iter().map(|r| r.row).collect();
        assert_eq!(rows, [3, 4, 5, 6, 7], "trailing empty rows are dropped");
        let Outcome::New { id, path, text, .. } = &plan.rows[0].outcome else {
            panic!("{:?}", plan.rows[0]);
        };
        assert_eq!(id, "2026-001");
        assert_eq!(path, "data/projects/kfq/2026-001.toml");
        let p: crate::model::Project = toml::from_str(text).expect("parses");
        assert_eq!(*p.investment_wan.get_ref(), 12000.0);
        assert_eq!(p.land_mu.as_ref().map(|m| *m.get_ref()), Some(35.5));
        assert_eq!(
            crate::model::day(&p.dates.signed),
            NaiveDate::from_ymd_opt(2026, 1, 5)
        );
        assert_eq!(
            crate::model::day(&p.plan.start),
            NaiveDate::from_ymd_opt(2026, 3, 1)
        );
        assert_eq!(p.investor.as_deref(), Some("某某建材有限公司"));
        assert_eq!(p.phone.as_deref(), Some("13800000000"));
        assert!(text.starts_with("# 由 tongbao import 从 台账.xlsx 工作表“台账”第 3 行导入。"));
        assert_eq!(plan.rows[1].outcome, Outcome::Empty);
        assert_eq!(plan.rows[2].outcome, Outcome::Skipped);
        assert!(
            plan.rows[2].notes[0].starts_with("第 5 行 B 列（落地单位）：单位“火星乡”不在"),
            "{:?}",
            plan.rows[2].notes
        );
        let Outcome::New { id, text, .. } = &plan.rows[3].outcome else {
            panic!("{:?}", plan.rows[3]);
        };
        assert_eq!(id, "2026-002");
        assert_eq!(
            plan.rows[3].notes,
            [
                "第 6 行 D 列（签约日期）：无法识别的日期“2026.13.5”，请写成 2026-01-05、2026/1/5、2026.1.5 或 2026年1月5日；该项未导入，请在记录中补填"
            ]
        );
        let p: crate::model::Project = toml::from_str(text).expect("parses");
        assert_eq!(*p.investment_wan.get_ref(), 8000.0);
        assert_eq!(p.dates.signed, None);
        assert_eq!(
            plan.rows[4].outcome,
            Outcome::Duplicate {
                path: "data/projects/kfq/2026-001.toml".into()
            }
        );
        let report = render_report(&plan, true);
        assert!(report.contains("第 3 行 将新建 data/projects/kfq/2026-001.toml：项目名称=年产5万吨\"新型\"建材项目，落地单位=kfq，总投资（亿元）=12000"), "{report}");
        assert!(report.contains("第 4 行：空行，跳过"), "{report}");
        assert!(
            report.contains("试运行（--dry-run）：没有写入任何文件"),
            "{report}"
        );
        assert_eq!(plan.problems(), 2);
        let table = Table {
            sheet: "台账".into(),
            origin: (0, 0),
            rows: vec![
                vec![t("项目名称"), t("落地单位"), t("项目类别")],
                vec![t("丁项目"), t("xz"), t("矿业")],
            ],
        };
        let plan = super::plan(&table, &l, today, "台账.xlsx").expect("plan");
        assert!(
            plan.rows[0].notes[0]
                .starts_with("第 2 行 C 列（项目类别）：类别“矿业”不在配置的类别中"),
            "{:?}",
            plan.rows[0].notes
        );
        assert!(plan.rows[0].notes[0].ends_with("记录中暂填“工业”，请改正"));
    }

    #[test]
    fn a_sheet_without_a_header_or_unit_column_says_so() {
        let l = ledger();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("d");
        let table = Table {
            sheet: "Sheet1".into(),
            origin: (0, 0),
            rows: vec![vec![t("甲"), t("乙")]],
        };
        let e = plan(&table, &l, today, "x.xlsx").expect_err("no header");
        assert!(e.to_string().contains("找不到表头"), "{e}");
        let table = Table {
            sheet: "Sheet1".into(),
            origin: (0, 0),
            rows: vec![vec![t("项目名称"), t("总投资")]],
        };
        let e = plan(&table, &l, today, "x.xlsx").expect_err("no unit");
        assert!(e.to_string().contains("没有“落地单位”列"), "{e}");
    }
}
