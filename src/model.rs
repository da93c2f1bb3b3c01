//! The records as users write them (DESIGN.md §3): serde types with
//! `deny_unknown_fields`, every field that a finding may point at wrapped in
//! [`Spanned`] so the checker can name its line.

use chrono::NaiveDate;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;

pub use toml::Spanned;

/// A calendar date, written as a TOML local date (`2026-04-01`) or a quoted ISO string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.format("%Y-%m-%d").fmt(f)
    }
}

/// Parse `YYYY-MM-DD` strictly.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn date_error<E: de::Error>(got: &str) -> E {
    E::custom(format!(
        "日期格式不对：`{got}`。请写成 2026-04-01 这样的“年-月-日”（月、日各两位，半角数字）"
    ))
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("日期（如 2026-04-01）")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_iso_date(v.trim())
            .map(Date)
            .ok_or_else(|| date_error(v))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                    .map(Date)
                    .ok_or_else(|| date_error(&dt.to_string()))
            }
            _ => Err(de::Error::custom(format!(
                "这里只要日期，不要时间：`{dt}`。请写成 2026-04-01 这样的“年-月-日”"
            ))),
        }
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
        Err(date_error(&v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Date, E> {
        Err(date_error(&v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Date, E> {
        Err(date_error(&v.to_string()))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

/// A spanned optional date.
pub type SDate = Option<Spanned<Date>>;

/// Read the date out of a spanned optional date.
pub fn day(d: &SDate) -> Option<NaiveDate> {
    d.as_ref().map(|s| s.get_ref().0)
}

/// `data/units.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitsFile {
    /// The `[[unit]]` entries.
    #[serde(default)]
    pub unit: Vec<Spanned<Unit>>,
}

/// Kind of unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum UnitKind {
    /// Development zone / industrial park.
    #[serde(rename = "区块")]
    Block,
    /// Township.
    #[serde(rename = "乡镇")]
    Township,
    /// County department.
    #[serde(rename = "部门")]
    Department,
    /// Liaison office in another city.
    #[serde(rename = "联络处")]
    Liaison,
}

impl UnitKind {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Block => "区块",
            UnitKind::Township => "乡镇",
            UnitKind::Department => "部门",
            UnitKind::Liaison => "联络处",
        }
    }
}

/// A unit (区块、乡镇、部门、联络处).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// Identifier used in paths and URLs.
    pub id: Spanned<String>,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: UnitKind,
    /// 联系县领导.
    pub leader: Option<String>,
    /// Takes part in 比拼; default true for 区块/乡镇.
    pub ranked: Option<bool>,
    /// A zone approving its own projects up to this land area (亩).
    pub self_approval_max_mu: Option<f64>,
    /// GitHub users/teams who must review changes to this unit's folder.
    #[serde(default)]
    pub owners: Vec<String>,
}

impl Unit {
    /// Whether the unit is ranked in 比拼.
    pub fn is_ranked(&self) -> bool {
        self.ranked
            .unwrap_or(matches!(self.kind, UnitKind::Block | UnitKind::Township))
    }
}

/// Sector (长子 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
pub enum Sector {
    /// 产业转型
    #[serde(rename = "产业转型")]
    Industry,
    /// 基础设施
    #[serde(rename = "基础设施")]
    Infrastructure,
    /// 社会民生
    #[serde(rename = "社会民生")]
    Livelihood,
    /// 科技创新
    #[serde(rename = "科技创新")]
    Innovation,
}

/// One project record, `data/projects/<unit>/<id>.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Identifier; equals the file stem.
    pub id: Spanned<String>,
    /// Project name.
    pub name: Spanned<String>,
    /// Category (one of config `categories`).
    pub category: Spanned<String>,
    /// Optional sector.
    pub sector: Option<Sector>,
    /// Optional industry chain.
    pub chain: Option<String>,
    /// 落地单位.
    pub unit: Spanned<String>,
    /// 招引单位; defaults to `unit`.
    pub source: Option<Spanned<String>>,
    /// 总投资 (万元).
    pub investment_wan: Spanned<f64>,
    /// 供地面积 (亩); absent or 0 = no land.
    pub land_mu: Option<Spanned<f64>>,
    /// 一事一议.
    #[serde(default)]
    pub special_policy: bool,
    /// Investor company.
    pub investor: Option<String>,
    /// 包联领导.
    pub leader: Option<String>,
    /// 推进负责人.
    pub owner: Option<String>,
    /// 项目联系人 (personal data).
    pub contact: Option<String>,
    /// 跟踪服务人 (personal data).
    pub service: Option<String>,
    /// 法人代表 (personal data).
    pub legal_rep: Option<String>,
    /// Phone (personal data).
    pub phone: Option<String>,
    /// Dated facts.
    #[serde(default)]
    pub dates: Dates,
    /// Targets set by the 联席会议.
    #[serde(default)]
    pub plan: Plan,
    /// Approval chain taken.
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// 开工计划表 items.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Monthly reports.
    #[serde(default)]
    pub reports: Vec<Report>,
    /// 问题清单.
    #[serde(default)]
    pub problems: Vec<Problem>,
}

impl Project {
    /// Land in 亩 (0 when absent).
    pub fn land(&self) -> f64 {
        self.land_mu.as_ref().map(|s| *s.get_ref()).unwrap_or(0.0)
    }
    /// 招引单位 (defaults to the landing unit).
    pub fn source_unit(&self) -> &str {
        self.source.as_ref().unwrap_or(&self.unit).get_ref()
    }
}

/// The `[dates]` table: facts that happened.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    pub proposed: SDate,
    pub negotiating: SDate,
    pub assessed: SDate,
    pub approved: SDate,
    pub legal_review: SDate,
    pub signed: SDate,
    pub filed: SDate,
    pub plan_issued: SDate,
    pub kickoff: SDate,
    pub platform: SDate,
    pub started: SDate,
    pub completed: SDate,
    pub operating: SDate,
    pub terminated: SDate,
    pub terminated_reason: Option<Spanned<String>>,
}

/// The `[plan]` table: targets and their recorded postponements.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub start: SDate,
    pub start_extended_to: SDate,
    pub start_extension_ref: Option<String>,
    pub complete: SDate,
    pub complete_extended_to: SDate,
    pub complete_extension_ref: Option<String>,
    pub operate: SDate,
    pub operate_extended_to: SDate,
    pub operate_extension_ref: Option<String>,
}

/// One `[[approvals]]` step.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    pub step: Spanned<String>,
    pub on: Spanned<Date>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// One `[[milestones]]` item (签约项目开工计划表).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub item: Spanned<String>,
    pub unit: Spanned<String>,
    pub due: Spanned<Date>,
    pub done: SDate,
    pub measures: Option<String>,
    pub extended_to: SDate,
    pub extension_ref: Option<String>,
}

impl Milestone {
    /// The effective due date (extension wins) and its span.
    pub fn effective_due(&self) -> &Spanned<Date> {
        self.extended_to.as_ref().unwrap_or(&self.due)
    }
}

/// One `[[reports]]` entry (月调度).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub month: Spanned<String>,
    pub planned: Option<String>,
    pub actual: Option<String>,
    pub problems: Option<String>,
    pub suggestions: Option<String>,
    pub invested_wan: Option<f64>,
}

/// One `[[problems]]` entry (问题清单).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    pub raised: Spanned<Date>,
    pub text: String,
    pub unit: Spanned<String>,
    pub due: Spanned<Date>,
    pub resolved: SDate,
    pub notice: Option<Spanned<Notice>>,
}

/// 挂牌督办 notice.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub no: String,
    pub issued: Date,
    pub replied: Option<Date>,
}

/// Parse a `YYYY-MM` month.
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let b = s.as_bytes();
    if b.len() != 7 || b[4] != b'-' {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u32 = s[5..].parse().ok()?;
    if (1..=12).contains(&m) && s[..4].bytes().all(|c| c.is_ascii_digit()) {
        Some((y, m))
    } else {
        None
    }
}
