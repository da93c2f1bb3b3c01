//! The records as users write them (docs/contract.md §3): serde types with
//! `deny_unknown_fields`, every field that a finding may point at wrapped in
//! [`Spanned`] so the checker can name its line.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
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

/// The earliest date a record may carry: the ledger is about projects of this century,
/// and a date before it is a typo in the year (`0205-01-06` for `2025-01-06`) that would
/// otherwise make every month since then a bulletin page and a missing report.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Accept a parsed date only from [`MIN_DATE`] on.
fn in_range<E: de::Error>(d: NaiveDate) -> Result<Date, E> {
    if d < MIN_DATE {
        return Err(E::custom(format!(
            "日期 {} 早于 2000-01-01，年份写错了？台账只收 2000 年以后的日期。请核对年份（如 0205-01-06 应为 2025-01-06）",
            Date(d)
        )));
    }
    Ok(Date(d))
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Date;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("日期（如 2026-04-01）")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
        parse_iso_date(v.trim())
            .ok_or_else(|| date_error(v))
            .and_then(in_range)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Date, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                    .ok_or_else(|| date_error(&dt.to_string()))
                    .and_then(in_range)
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

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "date",
            "description": "日期，写成 2026-04-01（可不加引号）"
        })
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        d.deserialize_any(DateVisitor)
    }
}

/// The largest amount in 万元 a record or the config may carry: 1 亿万元 = 1 万亿元,
/// far above any county project, small enough that sums and charts stay exact.
pub const MAX_WAN: f64 = 1e8;
/// The largest land area in 亩 (1,000,000 亩 ≈ 667 km², more than a county's
/// development land).
pub const MAX_MU: f64 = 1e6;

/// Check that a number is finite and within `min..=max`; the Chinese error names the
/// range and the unit (`what`).
pub fn check_number(v: f64, min: f64, max: f64, what: &str) -> Result<f64, String> {
    if !v.is_finite() {
        return Err(format!(
            "不能写 inf 或 nan（无穷大、非数）：应为 {min} 到 {max} 之间的数字（{what}）。请写实际数值"
        ));
    }
    if v < min || v > max {
        let v = if v.abs() >= 1e12 {
            format!("{v:e}")
        } else {
            v.to_string()
        };
        return Err(format!(
            "取值 {v} 超出允许范围：应为 {min} 到 {max} 之间的数字（{what}）。请核对是否多写了位数或写错了单位"
        ));
    }
    Ok(v)
}

fn spanned_bounded<'de, D: Deserializer<'de>>(
    d: D,
    max: f64,
    what: &str,
) -> Result<Spanned<f64>, D::Error> {
    let s = Spanned::<f64>::deserialize(d)?;
    check_number(*s.get_ref(), 0.0, max, what).map_err(de::Error::custom)?;
    Ok(s)
}

/// Deserialize an amount in 万元 (`0..=`[`MAX_WAN`], finite) keeping its span.
pub fn spanned_wan<'de, D: Deserializer<'de>>(d: D) -> Result<Spanned<f64>, D::Error> {
    spanned_bounded(d, MAX_WAN, "万元；1 亿万元即 1 万亿元")
}

/// Deserialize an optional land area in 亩 (`0..=`[`MAX_MU`], finite) keeping its span.
pub fn opt_spanned_mu<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Spanned<f64>>, D::Error> {
    spanned_bounded(d, MAX_MU, "亩").map(Some)
}

/// Deserialize an optional amount in 万元 (`0..=`[`MAX_WAN`], finite).
pub fn opt_wan<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = f64::deserialize(d)?;
    check_number(v, 0.0, MAX_WAN, "万元；1 亿万元即 1 万亿元")
        .map(Some)
        .map_err(de::Error::custom)
}

/// Deserialize an optional land area in 亩 (`0..=`[`MAX_MU`], finite).
pub fn opt_mu<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = f64::deserialize(d)?;
    check_number(v, 0.0, MAX_MU, "亩")
        .map(Some)
        .map_err(de::Error::custom)
}

/// Deserialize `contract_wan` (单个合同投资额): an amount in 万元 like `investment_wan`,
/// its bound error naming the key and the seed rule.
fn opt_spanned_contract_wan<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Spanned<f64>>, D::Error> {
    spanned_bounded(
        d,
        MAX_WAN,
        "单个合同投资额，万元；1 亿万元即 1 万亿元 [贵州 一]",
    )
    .map(Some)
}

/// A spanned optional date.
pub type SDate = Option<Spanned<Date>>;

/// Read the date out of a spanned optional date.
pub fn day(d: &SDate) -> Option<NaiveDate> {
    d.as_ref().map(|s| s.get_ref().0)
}

/// 单位清单 `data/units.toml`：每个 `[[unit]]` 是一个区块、乡镇、部门或联络处。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "单位清单 data/units.toml")]
pub struct UnitsFile {
    /// 各单位，每个单位写一段 `[[unit]]`。
    #[serde(default)]
    #[schemars(with = "Vec<Unit>")]
    pub unit: Vec<Spanned<Unit>>,
}

/// 单位类型。
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum UnitKind {
    /// 区块（开发区、工业园区）。
    #[serde(rename = "区块")]
    Block,
    /// 乡镇（街道）。
    #[serde(rename = "乡镇")]
    Township,
    /// 县直部门、要素保障单位。
    #[serde(rename = "部门")]
    Department,
    /// 驻外招商联络处。
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

/// 一个单位。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    /// 单位编号：半角字母、数字、- 和 _，以字母或数字开头；用作文件夹名和网址，如 "kfq"。
    #[schemars(with = "String", regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"))]
    pub id: Spanned<String>,
    /// 单位名称，如 "示例经济开发区"。
    pub name: String,
    /// 单位类型：区块、乡镇、部门或联络处。
    pub kind: UnitKind,
    /// 联系县领导姓名（可选）。
    pub leader: Option<String>,
    /// 是否参加比拼排名；不写时区块、乡镇参加，部门、联络处不参加。
    pub ranked: Option<bool>,
    /// 开发区自行审批的供地面积上限（亩）：不超过它的项目由开发区审批（可选）。
    #[schemars(range(min = 0, max = 1e6))]
    #[serde(default, deserialize_with = "opt_mu")]
    pub self_approval_max_mu: Option<f64>,
    /// 该单位文件夹的 GitHub 审核人（用户或团队，如 "@county-org/kfq"），用于生成 CODEOWNERS。
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub owners: Vec<Spanned<String>>,
}

impl Unit {
    /// Whether the unit is ranked in 比拼.
    pub fn is_ranked(&self) -> bool {
        self.ranked
            .unwrap_or(matches!(self.kind, UnitKind::Block | UnitKind::Township))
    }
}

/// 所属领域 [长子 2]。
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
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

/// 到位资金来源 [磐安 四(三)：利用外资、省外内资]。
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
pub enum FundsOrigin {
    /// 外资（利用外资）。
    #[serde(rename = "外资")]
    Foreign,
    /// 省外内资。
    #[serde(rename = "省外内资")]
    OutOfProvince,
    /// 省内资金。
    #[serde(rename = "省内")]
    InProvince,
}

impl FundsOrigin {
    /// The Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            FundsOrigin::Foreign => "外资",
            FundsOrigin::OutOfProvince => "省外内资",
            FundsOrigin::InProvince => "省内",
        }
    }
}

/// 签约主体 [谯城 六]：以谁的名义签署投资协议，决定签约前要经过的审查。
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, JsonSchema,
)]
pub enum Signer {
    /// 政府：以县（区）政府名义签署，签约前须经司法局合法性审查（legal_review）。
    #[default]
    #[serde(rename = "政府")]
    Government,
    /// 开发区：以开发区管委会名义签署，签约前须经法务审核（legal_review），并报领导小组审议通过（[[approvals]] 中的“领导小组审议”）。
    #[serde(rename = "开发区")]
    Zone,
}

impl Signer {
    /// The Chinese name, as written in a record.
    pub fn label(self) -> &'static str {
        match self {
            Signer::Government => "政府",
            Signer::Zone => "开发区",
        }
    }
    /// The review a signing by this signer needs, as the seed names it [谯城 六].
    pub fn review(self) -> &'static str {
        match self {
            Signer::Government => "司法局合法性审查",
            Signer::Zone => "法务审核",
        }
    }
    /// Who signs, said in full for a project page: "政府（以政府名义签署，须经司法局合法性审查）".
    pub fn describe(self) -> &'static str {
        match self {
            Signer::Government => "政府（以政府名义签署，须经司法局合法性审查）",
            Signer::Zone => "开发区（以开发区管委会名义签署，须经法务审核和领导小组审议）",
        }
    }
}

impl<'de> Deserialize<'de> for Signer {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Signer, D::Error> {
        let s = String::deserialize(d)?;
        match s.trim() {
            "政府" => Ok(Signer::Government),
            "开发区" => Ok(Signer::Zone),
            other => Err(de::Error::custom(format!(
                "签约主体只能写 \"政府\" 或 \"开发区\"，不能写 \"{}\"。以县（区）政府名义签署投资协议的写 \"政府\"（签约前须经司法局合法性审查），以开发区管委会名义签署的写 \"开发区\"（签约前须经法务审核，并经领导小组审议）；不写即为 \"政府\" [谯城 六]",
                other.escape_debug()
            ))),
        }
    }
}

/// 招商引资项目记录 `data/projects/<单位编号>/<项目编号>.toml`。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "招商引资项目 data/projects/<单位>/<编号>.toml")]
pub struct Project {
    /// 项目编号，必须与文件名相同，如 "2026-017"。
    #[schemars(with = "String", regex(pattern = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"))]
    pub id: Spanned<String>,
    /// 项目名称。
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// 项目类别：工业 制造业 文旅 康养 养老 服务业 农业 商业（可在配置 categories 中调整）。
    #[schemars(with = "String")]
    pub category: Spanned<String>,
    /// 所属领域：产业转型 / 基础设施 / 社会民生 / 科技创新（可选）。
    pub sector: Option<Sector>,
    /// 产业链，如 "先进制造业"（可选）。
    pub chain: Option<String>,
    /// 是否属于重点产业 [贵州 一]（可选，默认否）：只有重点产业项目分级跟踪（省级、市级、县级）。
    /// 配置 [tracking] industries 列出的类别也算重点产业；配置未列任何类别时，所有项目都分级跟踪。
    #[serde(default)]
    pub key_industry: bool,
    /// 落地单位编号（data/units.toml 中的 id），必须与所在文件夹相同。
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    /// 招引单位编号（可选，默认同落地单位）；招引单位与落地单位同等计分。
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
    /// 总投资（万元）。
    #[schemars(with = "f64", range(min = 0, max = 1e8))]
    #[serde(deserialize_with = "spanned_wan")]
    pub investment_wan: Spanned<f64>,
    /// 单个合同投资额（万元，可选）[贵州 一]：写了就按它确定跟踪级别（10 亿元以上省级、5 亿元以上市级、1 亿元以上县级），不写按总投资。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_spanned_contract_wan")]
    pub contract_wan: Option<Spanned<f64>>,
    /// 供地面积（亩）；不写或写 0 为非供地项目。决定审批层级。
    #[schemars(with = "Option<f64>", range(min = 0, max = 1e6))]
    #[serde(default, deserialize_with = "opt_spanned_mu")]
    pub land_mu: Option<Spanned<f64>>,
    /// 增资项目：被增资的原项目编号（可选）。增资单独建档，只计增资额：签约项目个数不重复计算，签约额只计本记录的投资额。
    #[schemars(with = "Option<String>")]
    pub expands: Option<Spanned<String>>,
    /// 到位资金来源（可选）：外资 / 省外内资 / 省内；各月报告可另写 origin 覆盖。
    pub funds_origin: Option<FundsOrigin>,
    /// 是否涉及“一事一议”财政扶持政策：是则审批提高一级。
    #[serde(default)]
    pub special_policy: bool,
    /// 签约主体 [谯城 六]（可选，默认 "政府"）："政府" 签约前须经司法局合法性审查；
    /// "开发区"（以开发区管委会名义签署）签约前须经法务审核，并在 [[approvals]] 中有“领导小组审议”。
    #[serde(default)]
    pub signer: Signer,
    /// 投资企业名称。
    pub investor: Option<String>,
    /// 包保（包联）领导 [长子 9、谯城 五]：已签约项目须明确。
    pub leader: Option<String>,
    /// 落地责任人（推进负责人）[长子 9、谯城 五]：已签约项目须明确。
    pub owner: Option<String>,
    /// 项目联系人（个人信息，只在内部版网站显示）。
    pub contact: Option<String>,
    /// 跟踪服务人（个人信息，只在内部版网站显示）。
    pub service: Option<String>,
    /// 法人代表（个人信息，只在内部版网站显示）。
    pub legal_rep: Option<String>,
    /// 联系电话（个人信息，只在内部版网站显示）。
    pub phone: Option<String>,
    /// 已经发生的事及其日期（都不能晚于核查日）。
    #[serde(default)]
    pub dates: Dates,
    /// 联席会议确定的开工、竣工、投产目标。
    #[serde(default)]
    pub plan: Plan,
    /// 实际走过的审批步骤，每步一段 [[approvals]]。
    #[serde(default)]
    pub approvals: Vec<Approval>,
    /// 签约项目开工计划表的节点，每个一段 [[milestones]]。
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// 月调度报告，每月一段 [[reports]]。
    #[serde(default)]
    pub reports: Vec<Report>,
    /// 问题清单，每个问题一段 [[problems]]。
    #[serde(default)]
    pub problems: Vec<Problem>,
    /// 落地单位变更记录，每次一段 [[transfers]]（按日期先后）：变更日期之前各月的通报仍计入原单位。
    #[serde(default)]
    pub transfers: Vec<Transfer>,
    /// 投资协议约定的履约指标（可选）[谯城 七]：投资强度、年产值、年税收、亩均税收、就业人数、约定开工和投产日期。
    #[serde(default)]
    pub agreement: Option<crate::agreement::Agreement>,
    /// 各年度实际数，每年一段 [[actuals]]（可选），与 [agreement] 对照做履约评估。
    #[serde(default)]
    pub actuals: Vec<crate::agreement::Actual>,
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
    /// The landing unit on a date: the `from` of the first transfer (by date) after
    /// that date, else the current `unit`.
    pub fn unit_on(&self, date: NaiveDate) -> &str {
        let mut ts: Vec<&Transfer> = self.transfers.iter().collect();
        ts.sort_by_key(|t| t.on.get_ref().0);
        ts.into_iter()
            .find(|t| t.on.get_ref().0 > date)
            .map_or(self.unit.get_ref().as_str(), |t| t.from.get_ref().as_str())
    }
    /// The units a fact on `date` is credited to in 比拼 and 分类考核: the landing unit
    /// of then and, when it is another unit, the 招引单位 of then, equally [磐安 三(一)].
    pub fn credited_on(&self, date: NaiveDate) -> Vec<&str> {
        let landed = self.unit_on(date);
        let src = self.source_on(date);
        if src == landed {
            vec![landed]
        } else {
            vec![landed, src]
        }
    }
    /// 招引单位 on a date (`source`, or the landing unit on that date).
    pub fn source_on(&self, date: NaiveDate) -> &str {
        self.source
            .as_ref()
            .map_or_else(|| self.unit_on(date), |s| s.get_ref().as_str())
    }
}

/// `[[transfers]]`：一次落地单位变更（项目移交另一单位管理）。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// 原落地单位编号（data/units.toml 中的 id）：变更日期之前，项目的计分、扣分和红黄灯都计入该单位。
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// 变更日期（自这天起计入下一单位；不能晚于核查日）。
    #[schemars(with = "Date")]
    pub on: Spanned<Date>,
    /// 变更依据，如会议纪要文号（可选）。
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// `[dates]`：已经发生的事。阶段由这些日期推算，不必填写。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// 谋划入库日期。
    #[schemars(with = "Option<Date>")]
    pub proposed: SDate,
    /// 纳入洽谈库日期。
    #[schemars(with = "Option<Date>")]
    pub negotiating: SDate,
    /// 研判通过日期。
    #[schemars(with = "Option<Date>")]
    pub assessed: SDate,
    /// 审批通过日期（须有研判通过在先）。
    #[schemars(with = "Option<Date>")]
    pub approved: SDate,
    /// 投资协议合法性审查日期（须在签约前）[谯城 六]。
    #[schemars(with = "Option<Date>")]
    pub legal_review: SDate,
    /// 签约日期（须有审批通过和合法性审查在先）。
    #[schemars(with = "Option<Date>")]
    pub signed: SDate,
    /// 报县招商引资工作领导小组办公室备案日期（签约后 3 个工作日内）。
    #[schemars(with = "Option<Date>")]
    pub filed: SDate,
    /// 开工目标计划表下发日期（备案后 5 个工作日内）。
    #[schemars(with = "Option<Date>")]
    pub plan_issued: SDate,
    /// 牵头部门专题推进会日期（计划表下发后 5 个工作日内）。
    #[schemars(with = "Option<Date>")]
    pub kickoff: SDate,
    /// 录入项目信息管理平台日期（签约后 1 个月内）。
    #[schemars(with = "Option<Date>")]
    pub platform: SDate,
    /// 开工日期。
    #[schemars(with = "Option<Date>")]
    pub started: SDate,
    /// 竣工日期。
    #[schemars(with = "Option<Date>")]
    pub completed: SDate,
    /// 投产日期。
    #[schemars(with = "Option<Date>")]
    pub operating: SDate,
    /// 终止（清退）日期：之后到期的期限不再计算；须同时写 terminated_reason。
    #[schemars(with = "Option<Date>")]
    pub terminated: SDate,
    /// 终止原因。
    #[schemars(with = "Option<String>")]
    pub terminated_reason: Option<Spanned<String>>,
}

/// `[plan]`：联席会议确定的目标；延期须写依据（*_extension_ref）。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// 计划开工日期。
    #[schemars(with = "Option<Date>")]
    pub start: SDate,
    /// 计划开工延期至（须写 start_extension_ref）。
    #[schemars(with = "Option<Date>")]
    pub start_extended_to: SDate,
    /// 开工延期依据，如 "联席会议纪要〔2026〕5号"。
    pub start_extension_ref: Option<String>,
    /// 开工延期的决定日期（联席会议作出延期决定、记入台账的日期，可选）：此前各月的通报仍按原计划日期计算。
    #[schemars(with = "Option<Date>")]
    pub start_extended_on: SDate,
    /// 计划竣工日期。
    #[schemars(with = "Option<Date>")]
    pub complete: SDate,
    /// 计划竣工延期至（须写 complete_extension_ref）。
    #[schemars(with = "Option<Date>")]
    pub complete_extended_to: SDate,
    /// 竣工延期依据。
    pub complete_extension_ref: Option<String>,
    /// 竣工延期的决定日期（联席会议作出延期决定、记入台账的日期，可选）：此前各月的通报仍按原计划日期计算。
    #[schemars(with = "Option<Date>")]
    pub complete_extended_on: SDate,
    /// 计划投产日期。
    #[schemars(with = "Option<Date>")]
    pub operate: SDate,
    /// 计划投产延期至（须写 operate_extension_ref）。
    #[schemars(with = "Option<Date>")]
    pub operate_extended_to: SDate,
    /// 投产延期依据。
    pub operate_extension_ref: Option<String>,
    /// 投产延期的决定日期（联席会议作出延期决定、记入台账的日期，可选）：此前各月的通报仍按原计划日期计算。
    #[schemars(with = "Option<Date>")]
    pub operate_extended_on: SDate,
}

/// `[[approvals]]`：一个审批步骤。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// 步骤名称，与审批层级表一致：县长同意、分管副县长审批、分管副县长审核、县长办公会议审议、县委常委会审议、县长审批、领导小组审议、开发区审批。
    #[schemars(with = "String")]
    pub step: Spanned<String>,
    /// 日期（不晚于审批通过日）。
    #[schemars(with = "Date")]
    pub on: Spanned<Date>,
    /// 会议纪要等文号（可选）。
    #[serde(rename = "ref")]
    pub reference: Option<String>,
}

/// `[[milestones]]`：签约项目开工计划表的一个节点 [古县 附表2]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    /// 事项：项目备案 能耗指标 土地供应 环境影响评估 规划许可 施工许可 电力接入 用水供给 开工入统 项目竣工（或其他）。
    #[schemars(with = "String")]
    pub item: Spanned<String>,
    /// 责任单位编号（data/units.toml 中的 id）。
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    /// 计划完成时间。
    #[schemars(with = "Date")]
    pub due: Spanned<Date>,
    /// 实际完成日期。
    #[schemars(with = "Option<Date>")]
    pub done: SDate,
    /// 解决措施（可选）。
    pub measures: Option<String>,
    /// 延期至（须写 extension_ref）。
    #[schemars(with = "Option<Date>")]
    pub extended_to: SDate,
    /// 延期依据，如会议纪要文号。
    pub extension_ref: Option<String>,
    /// 延期的决定日期（可选）：此前各月的通报仍按原定日期计算。
    #[schemars(with = "Option<Date>")]
    pub extended_on: SDate,
}

impl Milestone {
    /// The effective due date (extension wins) and its span.
    pub fn effective_due(&self) -> &Spanned<Date> {
        self.extended_to.as_ref().unwrap_or(&self.due)
    }
}

/// `[[reports]]`：月调度报告（项目调度汇报表）[古县 附表3, 长子 11]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// 月份，如 "2026-10"；签约次月起每月一条，当月最后一个工作日前报送。
    #[schemars(with = "String", regex(pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"))]
    pub month: Spanned<String>,
    /// 计划进度。
    pub planned: Option<String>,
    /// 实际进度。
    pub actual: Option<String>,
    /// 存在问题（可选）。
    pub problems: Option<String>,
    /// 工作建议（可选）。
    pub suggestions: Option<String>,
    /// 本月完成投资/到位资金（万元，可选）。
    #[schemars(range(min = 0, max = 1e8))]
    #[serde(default, deserialize_with = "opt_wan")]
    pub invested_wan: Option<f64>,
    /// 本月到位资金来源（可选，不写时取项目的 funds_origin）：外资 / 省外内资 / 省内。
    pub origin: Option<FundsOrigin>,
    /// 实际报送日期（可选）：晚于该月最后一个工作日为逾期报送；此前各月的通报视为未报。不写时视为按时报送。
    #[schemars(with = "Option<Date>")]
    pub submitted: SDate,
    /// `month` as (year, month), parsed once when the record is loaded.
    #[serde(skip)]
    #[schemars(skip)]
    pub ym: Option<(i32, u32)>,
}

impl Report {
    /// Where this month's 到位资金 came from: the report's `origin`, else the project's.
    pub fn origin_in(&self, p: &Project) -> Option<FundsOrigin> {
        self.origin.or(p.funds_origin)
    }
    /// The report's month as (year, month), if `month` is a valid `YYYY-MM`.
    pub fn ym(&self) -> Option<(i32, u32)> {
        self.ym.or_else(|| parse_month(self.month.get_ref()))
    }
}

/// `[[problems]]`：问题清单中的一个问题 [长子 14]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// 提出日期。
    #[schemars(with = "Date")]
    pub raised: Spanned<Date>,
    /// 问题内容。
    pub text: String,
    /// 责任单位编号。
    #[schemars(with = "String")]
    pub unit: Spanned<String>,
    /// 解决时限。
    #[schemars(with = "Date")]
    pub due: Spanned<Date>,
    /// 解决日期。
    #[schemars(with = "Option<Date>")]
    pub resolved: SDate,
    /// 挂牌督办（可选）：{ no = "督办〔2026〕5号", issued = 2026-09-05, replied = 2026-09-08 }。
    #[schemars(with = "Option<Notice>")]
    pub notice: Option<Spanned<Notice>>,
}

/// 挂牌督办 [长子 13]：下发后 3 个工作日内书面回复。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// 督办文号。
    pub no: String,
    /// 下发日期。
    pub issued: Date,
    /// 回复日期。
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
