//! `data/config.toml`: every key optional, every default as in DESIGN.md §4.

use crate::model::Date;
use serde::Deserialize;

/// The whole config file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// A frozen reporting date (the demo pins one); `--as-of` overrides it.
    pub as_of: Option<Date>,
    /// Name of the county ledger, shown on pages and in summaries.
    pub title: String,
    /// The issuing office (发文机关).
    pub office: String,
    /// Allowed project categories.
    pub categories: Vec<String>,
    /// Deadline lengths.
    pub deadlines: Deadlines,
    /// Switches for rule families.
    pub rules: Rules,
    /// Approval tiers.
    pub approval: ApprovalConfig,
    /// Tracking thresholds.
    pub tracking: Tracking,
    /// Calendar overrides.
    pub calendar: CalendarConfig,
    /// 比拼 scoring.
    pub scoring: Scoring,
    /// Monthly bulletins (通报).
    pub bulletin: BulletinConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            as_of: None,
            title: "招商引资项目台账".into(),
            office: "招商引资工作领导小组办公室".into(),
            categories: [
                "工业",
                "制造业",
                "文旅",
                "康养",
                "养老",
                "服务业",
                "农业",
                "商业",
            ]
            .map(String::from)
            .to_vec(),
            deadlines: Deadlines::default(),
            rules: Rules::default(),
            approval: ApprovalConfig::default(),
            tracking: Tracking::default(),
            calendar: CalendarConfig::default(),
            scoring: Scoring::default(),
            bulletin: BulletinConfig::default(),
        }
    }
}

/// `[deadlines]`: lengths of the §4 deadlines.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Deadlines {
    /// filing: working days after `signed` [古县 第五条(三)1].
    pub filing_days: u32,
    /// plan: working days after `filed` [古县 第五条(三)2].
    pub plan_days: u32,
    /// kickoff: working days after `plan_issued` [古县 第七条].
    pub kickoff_days: u32,
    /// platform: months after `signed` [贵州 一(五)3].
    pub platform_months: u32,
    /// notice-reply: working days after `notice.issued` [长子 13].
    pub notice_reply_days: u32,
    /// The due-soon (yellow light) window in working days.
    pub due_soon_days: u32,
}

impl Default for Deadlines {
    fn default() -> Self {
        Deadlines {
            filing_days: 3,
            plan_days: 5,
            kickoff_days: 5,
            platform_months: 1,
            notice_reply_days: 3,
            due_soon_days: 5,
        }
    }
}

/// `[rules]`: switches.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// Check the prerequisites of `signed` and `approved`.
    pub prerequisites: bool,
    /// Check approval tiers.
    pub approval_tiers: bool,
    /// Deadline rules to switch off, by name (`report`, `platform`, …).
    pub disabled: Vec<String>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            prerequisites: true,
            approval_tiers: true,
            disabled: Vec::new(),
        }
    }
}

/// `[approval]`: category classes and land bounds (亩, inclusive upper bounds).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalConfig {
    /// Industrial categories.
    pub industrial: Vec<String>,
    /// Service categories.
    pub service: Vec<String>,
    /// Tier 1 bound for industrial projects.
    pub industrial_tier1_max_mu: f64,
    /// Tier 1 bound for service (and unclassified) projects.
    pub service_tier1_max_mu: f64,
    /// Tier 2 bound for both classes; above it is tier 3.
    pub tier2_max_mu: f64,
    /// Steps of tier 1.
    pub tier1_steps: Vec<String>,
    /// Steps of tier 2.
    pub tier2_steps: Vec<String>,
    /// Steps of tier 3.
    pub tier3_steps: Vec<String>,
    /// Steps when a self-approving zone approves itself.
    pub self_steps: Vec<String>,
    /// Steps when a self-approving zone's project exceeds its bound.
    pub self_over_steps: Vec<String>,
}

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

impl Default for ApprovalConfig {
    fn default() -> Self {
        ApprovalConfig {
            industrial: strings(&["工业", "制造业"]),
            service: strings(&["文旅", "康养", "养老", "服务业", "农业", "商业"]),
            industrial_tier1_max_mu: 30.0,
            service_tier1_max_mu: 20.0,
            tier2_max_mu: 50.0,
            tier1_steps: strings(&["县长同意", "分管副县长审批"]),
            tier2_steps: strings(&["分管副县长审核", "县长办公会议审议", "县长审批"]),
            tier3_steps: strings(&[
                "分管副县长审核",
                "县长办公会议审议",
                "县委常委会审议",
                "县长审批",
            ]),
            self_steps: strings(&["领导小组审议", "开发区审批"]),
            self_over_steps: strings(&["县委常委会审议", "县长审批"]),
        }
    }
}

/// `[tracking]`: investment thresholds (万元) of the tracking levels.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Tracking {
    /// 省级重点跟踪 (default 10亿).
    pub province_wan: f64,
    /// 市级 (default 5亿).
    pub city_wan: f64,
    /// 县级 (default 1亿).
    pub county_wan: f64,
}

impl Default for Tracking {
    fn default() -> Self {
        Tracking {
            province_wan: 100_000.0,
            city_wan: 50_000.0,
            county_wan: 10_000.0,
        }
    }
}

/// `[calendar]`: days added to or overriding the built-in schedule.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// Days off.
    pub holidays: Vec<Date>,
    /// Working days (调休 make-up days).
    pub workdays: Vec<Date>,
}

/// `[scoring]`: 比拼 points [磐安 一(四), 四(三); 谯城 九]. A signing, start or
/// operation in the period earns points for the landing unit and, equally, for the
/// 招引单位 when that is another unit [磐安 三(一)]; each overdue, late or missing-report
/// finding due in the period costs the unit it counts against.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    /// Per project signed.
    pub signed: f64,
    /// Per project started.
    pub started: f64,
    /// Per project put into operation.
    pub operating: f64,
    /// Per 亿元 of investment signed.
    pub per_yi_signed: f64,
    /// Bonus for a manufacturing (industrial class) project of at least `manufacturing_min_wan`.
    pub bonus_manufacturing: f64,
    /// Threshold of that bonus (万元, default 7亿).
    pub manufacturing_min_wan: f64,
    /// Bonus for another major industry project of at least `major_min_wan`.
    pub bonus_major: f64,
    /// Threshold of that bonus (万元, default 3亿).
    pub major_min_wan: f64,
    /// Deduction per overdue finding.
    pub overdue: f64,
    /// Deduction per late finding.
    pub late: f64,
    /// Deduction per missing monthly report.
    pub missing_report: f64,
}

impl Default for Scoring {
    fn default() -> Self {
        Scoring {
            signed: 10.0,
            started: 10.0,
            operating: 15.0,
            per_yi_signed: 1.0,
            bonus_manufacturing: 20.0,
            manufacturing_min_wan: 70_000.0,
            bonus_major: 10.0,
            major_min_wan: 30_000.0,
            overdue: 5.0,
            late: 2.0,
            missing_report: 3.0,
        }
    }
}

/// `[bulletin]`: numbering and signature of the monthly 通报.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BulletinConfig {
    /// 发文字号 prefix, e.g. "谯招" gives 谯招〔2026〕5号.
    pub prefix: String,
    /// The number of month M is `M + number_offset` unless the editorial front matter
    /// gives one.
    pub number_offset: i32,
    /// 发文机关标志 (the red mark); defaults to `office`.
    pub mark: Option<String>,
}

impl Default for BulletinConfig {
    fn default() -> Self {
        BulletinConfig {
            prefix: "招".into(),
            number_offset: 0,
            mark: None,
        }
    }
}
