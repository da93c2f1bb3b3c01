//! 年度目标任务 `data/targets/<年份>.toml` [磐安 四(三)]: per unit and year, the targets
//! of 分类考核 (7亿元以上制造业项目, 3亿元以上产业项目, 亿元以上项目, 签约额, 利用外资,
//! 省外内资, 制造业项目到位资金), each optionally with a 倒排 month-by-month plan written
//! as 12 cumulative month-end figures. Optional: a ledger without the folder behaves as
//! before. [`check`] validates what serde cannot (the year against the file name, unit
//! ids, the plans); the figures are computed in [`crate::view::targets`].

use crate::findings::{Code, Finding, Severity};
use crate::load::Ledger;
use crate::model::{MAX_WAN, check_number};
use crate::source::Source;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};

/// `data/targets`, relative to the root.
pub const TARGETS_PATH: &str = "data/targets";

/// Most projects a count target may name (far above any county's year).
pub const MAX_COUNT: i64 = 10_000;

fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let v = i64::deserialize(d)?;
    if !(0..=MAX_COUNT).contains(&v) {
        return Err(de::Error::custom(format!(
            "取值 {v} 超出允许范围：项目个数应为 0 到 {MAX_COUNT} 之间的整数。请改正"
        )));
    }
    Ok(Some(v as u32))
}

fn wan<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    let v = f64::deserialize(d)?;
    check_number(v, 0.0, MAX_WAN, "万元；1 亿万元即 1 万亿元")
        .map(Some)
        .map_err(de::Error::custom)
}

fn plan<'de, D: Deserializer<'de>>(d: D) -> Result<Option<toml::Spanned<Vec<f64>>>, D::Error> {
    let v = toml::Spanned::<Vec<f64>>::deserialize(d)?;
    for x in v.get_ref() {
        check_number(*x, 0.0, MAX_WAN, "月度目标计划的累计数").map_err(de::Error::custom)?;
    }
    Ok(Some(v))
}

/// 年度目标任务 `data/targets/<年份>.toml`：各区块、乡镇（也可以是部门）当年的招商引资目标 [磐安 四(三)]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "年度目标任务 data/targets/<年份>.toml")]
pub struct TargetsFile {
    /// 年份，必须与文件名相同，如 2026（写在 data/targets/2026.toml 中）。
    #[schemars(with = "i32", range(min = 2000, max = 9999))]
    pub year: toml::Spanned<i64>,
    /// 各单位的目标，每个单位写一段 `[[unit]]`；没有写的单位视为“没有下达目标”。
    #[serde(default)]
    pub unit: Vec<UnitTargets>,
}

/// 一个单位的年度目标。每项都可省略：省略的指标照常统计完成数，但不计算完成率。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitTargets {
    /// 单位编号（data/units.toml 中的 id）。
    #[schemars(with = "String")]
    pub id: toml::Spanned<String>,
    /// 7亿元以上制造业项目招引落地（开工）个数：工业类（配置 [approval] industrial）、总投资不低于 [scoring] manufacturing_min_wan 的项目，当年开工计入。
    #[serde(default, deserialize_with = "count")]
    #[schemars(range(min = 0, max = 10000))]
    pub manufacturing: Option<u32>,
    /// 3亿元以上产业项目招引落地（开工）个数：类别在 [scoring] industry_categories（产业项目，默认工业、制造业）、总投资不低于 [scoring] major_min_wan 的项目，当年开工计入（7亿元以上的制造业项目也计入）。
    #[serde(default, deserialize_with = "count")]
    #[schemars(range(min = 0, max = 10000))]
    pub industry: Option<u32>,
    /// 招引亿元以上项目个数：总投资 1 亿元（10000 万元）以上、当年签约的项目。
    #[serde(default, deserialize_with = "count")]
    #[schemars(range(min = 0, max = 10000))]
    pub yi_projects: Option<u32>,
    /// 签约额（万元）：当年签约项目的总投资之和（增资记录计增资额）。
    #[serde(default, deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub signed_wan: Option<f64>,
    /// 利用外资（万元）：当年各月报告中来源为“外资”的到位资金之和。
    #[serde(default, deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub foreign_wan: Option<f64>,
    /// 省外内资（万元）：当年各月报告中来源为“省外内资”的到位资金之和。
    #[serde(default, deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub out_of_province_wan: Option<f64>,
    /// 制造业项目到位资金（万元）：当年工业类项目各月报告的到位资金之和。
    #[serde(default, deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub manufacturing_funds_wan: Option<f64>,
    /// 倒排的月度目标计划（可选）：每项写 12 个数，依次为 1—12 月各月月底应累计完成的数（不减少，12 月的数等于全年目标）。
    #[serde(default)]
    pub plan: MonthlyPlan,
}

/// `[unit.plan]`：月度目标计划，每项 12 个月末累计数，如 manufacturing = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2]。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthlyPlan {
    /// 7亿元以上制造业项目（个），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub manufacturing: Option<toml::Spanned<Vec<f64>>>,
    /// 3亿元以上产业项目（个），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub industry: Option<toml::Spanned<Vec<f64>>>,
    /// 亿元以上项目（个），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub yi_projects: Option<toml::Spanned<Vec<f64>>>,
    /// 签约额（万元），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub signed_wan: Option<toml::Spanned<Vec<f64>>>,
    /// 利用外资（万元），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub foreign_wan: Option<toml::Spanned<Vec<f64>>>,
    /// 省外内资（万元），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub out_of_province_wan: Option<toml::Spanned<Vec<f64>>>,
    /// 制造业项目到位资金（万元），1—12 月月末累计。
    #[serde(default, deserialize_with = "plan")]
    #[schemars(with = "Option<Vec<f64>>", length(min = 12, max = 12))]
    pub manufacturing_funds_wan: Option<toml::Spanned<Vec<f64>>>,
}

/// The indicators of 分类考核, in the order pages show them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Indicator {
    /// 7亿元以上制造业项目 (count, landed = started).
    Manufacturing,
    /// 3亿元以上产业项目 (count, landed = started).
    Industry,
    /// 亿元以上项目 (count, signed).
    YiProjects,
    /// 签约额 (万元).
    SignedWan,
    /// 利用外资 (万元).
    ForeignWan,
    /// 省外内资 (万元).
    OutOfProvinceWan,
    /// 制造业项目到位资金 (万元).
    ManufacturingFundsWan,
}

impl Indicator {
    /// Every indicator, in page order.
    pub const ALL: [Indicator; 7] = [
        Indicator::Manufacturing,
        Indicator::Industry,
        Indicator::YiProjects,
        Indicator::SignedWan,
        Indicator::ForeignWan,
        Indicator::OutOfProvinceWan,
        Indicator::ManufacturingFundsWan,
    ];

    /// The key in the targets file.
    pub fn key(self) -> &'static str {
        match self {
            Indicator::Manufacturing => "manufacturing",
            Indicator::Industry => "industry",
            Indicator::YiProjects => "yi_projects",
            Indicator::SignedWan => "signed_wan",
            Indicator::ForeignWan => "foreign_wan",
            Indicator::OutOfProvinceWan => "out_of_province_wan",
            Indicator::ManufacturingFundsWan => "manufacturing_funds_wan",
        }
    }

    /// Whether the indicator counts projects (else it sums 万元).
    pub fn is_count(self) -> bool {
        matches!(
            self,
            Indicator::Manufacturing | Indicator::Industry | Indicator::YiProjects
        )
    }
}

impl UnitTargets {
    /// The yearly target of an indicator, if set.
    pub fn target(&self, i: Indicator) -> Option<f64> {
        match i {
            Indicator::Manufacturing => self.manufacturing.map(f64::from),
            Indicator::Industry => self.industry.map(f64::from),
            Indicator::YiProjects => self.yi_projects.map(f64::from),
            Indicator::SignedWan => self.signed_wan,
            Indicator::ForeignWan => self.foreign_wan,
            Indicator::OutOfProvinceWan => self.out_of_province_wan,
            Indicator::ManufacturingFundsWan => self.manufacturing_funds_wan,
        }
    }

    /// The monthly plan of an indicator (12 cumulative month-end figures), if set.
    pub fn plan(&self, i: Indicator) -> Option<&toml::Spanned<Vec<f64>>> {
        let p = &self.plan;
        match i {
            Indicator::Manufacturing => p.manufacturing.as_ref(),
            Indicator::Industry => p.industry.as_ref(),
            Indicator::YiProjects => p.yi_projects.as_ref(),
            Indicator::SignedWan => p.signed_wan.as_ref(),
            Indicator::ForeignWan => p.foreign_wan.as_ref(),
            Indicator::OutOfProvinceWan => p.out_of_province_wan.as_ref(),
            Indicator::ManufacturingFundsWan => p.manufacturing_funds_wan.as_ref(),
        }
    }
}

/// One parsed targets file.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The file (path and text, for positions).
    pub source: Source,
    /// The year its name says (`2026.toml` → 2026), if the name is a year.
    pub name_year: Option<i32>,
    /// Its contents.
    pub file: TargetsFile,
}

/// The year a targets file's name stands for: `2026.toml` → 2026 (2000–9999).
pub fn year_of_name(path: &str) -> Option<i32> {
    let name = path.rsplit('/').next()?;
    let stem = name.strip_suffix(".toml")?;
    if stem.len() != 4 || !stem.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    stem.parse().ok().filter(|y| (2000..=9999).contains(y))
}

/// The targets of every unit for a year, from the file of that year whose name and
/// `year` agree (the first such file; [`check`] reports the others).
pub fn for_year(ledger: &Ledger, year: i32) -> Option<&TargetsFile> {
    ledger
        .targets
        .iter()
        .find(|t| t.name_year == Some(year) && *t.file.year.get_ref() == i64::from(year))
        .map(|t| &t.file)
}

/// One unit's targets for a year, if it has any.
pub fn of_unit<'a>(ledger: &'a Ledger, year: i32, unit: &str) -> Option<&'a UnitTargets> {
    for_year(ledger, year)?
        .unit
        .iter()
        .find(|u| u.id.get_ref() == unit)
}

fn finding(src: &Source, span: std::ops::Range<usize>, code: Code, msg: String) -> Finding {
    crate::rules::at(src, span, Severity::Error, code, msg)
}

/// Check every targets file: the name is a year and `year` says the same; each unit
/// exists (`unknown-ref` at its `id`) and appears once; each plan has 12 entries, never
/// decreases, and ends at the yearly target, which must be set (`schema` at the plan).
pub fn check(ledger: &Ledger) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in &ledger.targets {
        let src = &t.source;
        let name = src.path.rsplit('/').next().unwrap_or(&src.path);
        let year = t.file.year.get_ref();
        match t.name_year {
            None => out.push(finding(
                src,
                0..0,
                Code::Path,
                format!(
                    "目标文件名 {name} 不是年份：年度目标要写在 data/targets/<年份>.toml 中，如 data/targets/2026.toml。请改名"
                ),
            )),
            Some(y) if i64::from(y) != *year => out.push(finding(
                src,
                t.file.year.span(),
                Code::Schema,
                format!(
                    "year = {year} 与文件名 {name} 的年份 {y} 不一致（复制上一年的文件后忘了改？）。请把 year 改为 {y}，或把文件改名为 {year}.toml，并核对各项目标是否已按该年度下达"
                ),
            )),
            Some(_) => {}
        }
        let mut seen: Vec<&str> = Vec::new();
        for u in &t.file.unit {
            let id = u.id.get_ref();
            if ledger.unit(id).is_none() {
                let mut f = finding(
                    src,
                    u.id.span(),
                    Code::UnknownRef,
                    crate::rules::structure::unknown_unit_message(ledger, "目标中的单位", id),
                );
                f.unit = None;
                out.push(f);
            } else if seen.contains(&id.as_str()) {
                let mut f = finding(
                    src,
                    u.id.span(),
                    Code::Schema,
                    format!(
                        "单位 `{id}` 在 {name} 中写了两段 [[unit]]，只能写一段。请把两段的目标合并"
                    ),
                );
                f.unit = Some(id.clone());
                out.push(f);
            }
            seen.push(id);
            for i in Indicator::ALL {
                let Some(p) = u.plan(i) else { continue };
                if let Some(msg) = plan_problem(p.get_ref(), u.target(i), i) {
                    let mut f = finding(
                        src,
                        p.span(),
                        Code::Schema,
                        format!("单位 `{id}` 的月度目标计划 plan.{}：{msg}", i.key()),
                    );
                    f.unit = Some(id.clone());
                    out.push(f);
                }
            }
        }
    }
    out
}

/// What is wrong with a monthly plan (12 cumulative month-end figures), if anything.
pub fn plan_problem(plan: &[f64], target: Option<f64>, i: Indicator) -> Option<String> {
    if plan.len() != 12 {
        return Some(format!(
            "应写 12 个数（1—12 月各月月底的累计数），实际写了 {} 个。请补齐或删去多余的数",
            plan.len()
        ));
    }
    if let Some(k) = (1..12).find(|&k| plan[k] < plan[k - 1]) {
        return Some(format!(
            "是各月月底的累计数，不能减少：{} 月写了 {}，比 {} 月的 {} 少。请按累计数填写（如 [0, 0, 1, 1, 1, 2, …]）",
            k + 1,
            crate::site::model::trim(plan[k], 2),
            k,
            crate::site::model::trim(plan[k - 1], 2)
        ));
    }
    if i.is_count() && plan.iter().any(|x| x.fract() != 0.0) {
        return Some("项目个数应为整数。请改正".into());
    }
    let Some(t) = target else {
        return Some(format!(
            "写了月度计划，但没有写全年目标 {}。请在同一段 [[unit]] 中补上 {} = …（应等于 12 月的累计数）",
            i.key(),
            i.key()
        ));
    };
    let dec = plan[11];
    if (dec - t).abs() > 1e-6 {
        return Some(format!(
            "12 月的累计数 {} 应等于全年目标 {} = {}。请改正其中之一",
            crate::site::model::trim(dec, 2),
            i.key(),
            crate::site::model::trim(t, 2)
        ));
    }
    None
}
