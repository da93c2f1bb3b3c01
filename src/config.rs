//! `data/config.toml`: every key optional, every default as in docs/contract.md §4.

use crate::model::{Date, MAX_MU, MAX_WAN, MIN_DATE, check_number};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer};

// Bounds of every knob: one typo (`filing_days = 100000000`, a weight of 1e308, `inf`)
// must give a Chinese error with file:line, not a run that never ends or a site of
// gigabytes. Each bound is far beyond any sensible setting.

/// Most working days a deadline may be set to (a year has about 250).
pub const MAX_WORKDAYS: i64 = 250;
/// Most months for the platform deadline.
pub const MAX_MONTHS: i64 = 12;
/// Most working days of the due-soon (yellow) window.
pub const MAX_DUE_SOON_DAYS: i64 = 60;
/// Largest 比拼 points a single item may give or cost.
pub const MAX_WEIGHT: f64 = 1000.0;
/// Largest offset of the bulletin number.
pub const MAX_OFFSET: i64 = 1000;

fn int_in<'de, D: Deserializer<'de>>(
    d: D,
    min: i64,
    max: i64,
    what: &str,
) -> Result<i64, D::Error> {
    let v = i64::deserialize(d)?;
    if v < min || v > max {
        return Err(de::Error::custom(format!(
            "取值 {v} 超出允许范围：应为 {min} 到 {max} 之间的整数（{what}）。请核对是否多写了位数"
        )));
    }
    Ok(v)
}

fn workdays<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int_in(d, 0, MAX_WORKDAYS, "工作日数；一年约 250 个工作日").map(|v| v as u32)
}

fn months<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int_in(d, 0, MAX_MONTHS, "月数").map(|v| v as u32)
}

fn soon<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int_in(d, 0, MAX_DUE_SOON_DAYS, "黄灯提前的工作日数").map(|v| v as u32)
}

/// The longest `[rules] stale_days` (ten years).
pub const MAX_STALE_DAYS: i64 = 3660;

fn stale_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int_in(d, 0, MAX_STALE_DAYS, "天数；0 表示不检查不及时更新").map(|v| v as u32)
}

fn offset<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
    int_in(d, -MAX_OFFSET, MAX_OFFSET, "文号序号的调整数").map(|v| v as i32)
}

fn number<'de, D: Deserializer<'de>>(d: D, max: f64, what: &str) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    check_number(v, 0.0, max, what).map_err(de::Error::custom)
}

fn mu<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number(d, MAX_MU, "亩")
}

fn wan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number(d, MAX_WAN, "万元；1 亿万元即 1 万亿元")
}

fn weight<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    number(d, MAX_WEIGHT, "分")
}

/// How far after today an as-of date may lie (a preview of the coming year is useful;
/// `--as-of 2100-01-01` is a typo that would make every month to 2100 a bulletin and
/// every project hundreds of missing reports).
pub const MAX_AS_OF_AHEAD_DAYS: i64 = 366;

/// Whether an as-of date is plausible: from [`MIN_DATE`] to [`MAX_AS_OF_AHEAD_DAYS`]
/// after `today`. The error is the Chinese reason, for `main` to print (exit 2).
pub fn check_as_of(as_of: NaiveDate, today: NaiveDate) -> Result<(), String> {
    let max = today + chrono::Duration::days(MAX_AS_OF_AHEAD_DAYS);
    if as_of < MIN_DATE || as_of > max {
        return Err(format!(
            "核查日 {as_of} 离今天（{today}）太远：只能在 {MIN_DATE} 到 {max}（今天起一年内）之间。年份写错了？请改正后再运行"
        ));
    }
    Ok(())
}

/// The as-of date a run will use (the explicit one, else config `as_of`), checked
/// with [`check_as_of`] before any work is done. Reads only the config file's bytes
/// (a config that does not parse is reported by `check` itself).
pub fn check_run_as_of(
    explicit: Option<NaiveDate>,
    raw: &crate::load::RawData,
    today: NaiveDate,
) -> Result<(), String> {
    if let Some(d) = explicit {
        return check_as_of(d, today).map_err(|e| format!("--as-of 参数不对：{e}"));
    }
    let configured = raw
        .config
        .as_ref()
        .and_then(|f| crate::parse::decode(f).ok())
        .and_then(|src| crate::parse::parse_toml::<Config>(&src).ok())
        .and_then(|c| c.as_of);
    match configured {
        Some(d) => {
            check_as_of(d.0, today).map_err(|e| format!("data/config.toml 的 as_of 不对：{e}"))
        }
        None => Ok(()),
    }
}

/// 配置 `data/config.toml`：每一项都可省略，省略时取默认值。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// 固定核查日（演示或冻结报告日期用）；不写则为当天（北京时间），命令行 --as-of 优先。
    pub as_of: Option<Date>,
    /// 台账名称，显示在网站和检查摘要中。
    pub title: String,
    /// 发文机关名称，如 "示例县招商引资工作领导小组办公室"。
    pub office: String,
    /// 本县（区、开发区）名称，如 "青岚县"：写入网站的 site.json，市、省汇总（tongbao rollup）时用来称呼本县。不写则取 title。
    pub county: Option<String>,
    /// 允许的项目类别。
    pub categories: Vec<String>,
    /// 各项期限的长度。
    pub deadlines: Deadlines,
    /// 规则开关。
    pub rules: Rules,
    /// 审批层级：类别分类、面积界限和各级步骤。
    pub approval: ApprovalConfig,
    /// 跟踪级别的投资额门槛。
    pub tracking: Tracking,
    /// 补充或更正节假日（次年安排公布后在此补充）。
    pub calendar: CalendarConfig,
    /// 比拼计分。
    pub scoring: Scoring,
    /// 月度通报的发文字号。
    pub bulletin: BulletinConfig,
    /// `tongbao import` 读取 Excel 台账时的表头对应关系。
    #[serde(default)]
    pub import: ImportConfig,
    /// 年度考评：要素保障部门的一票否决。
    #[serde(default)]
    pub assessment: AssessmentConfig,
    /// 交办单、工作单：反馈间隔和逾期升级（催办、督办、通报批评、约谈）。
    #[serde(default)]
    pub tasks: TasksConfig,
    /// 履约评估的界限 [谯城 七]。
    #[serde(default)]
    pub performance: crate::view::performance::PerformanceConfig,
}

/// `[assessment]`：年度考评 [古县 第十二条]。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct AssessmentConfig {
    /// 部门（要素保障部门）一年内新增超期事项达到这个数即“一票否决”（不写或写 0 为不启用）[古县 第十二条]。
    #[serde(deserialize_with = "veto")]
    #[schemars(range(min = 0, max = 10000))]
    pub veto_overdue: u32,
}

fn veto<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    int_in(d, 0, 10_000, "超期事项数；0 为不启用").map(|v| v as u32)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            as_of: None,
            title: "招商引资项目台账".into(),
            office: "招商引资工作领导小组办公室".into(),
            county: None,
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
            import: ImportConfig::default(),
            assessment: AssessmentConfig::default(),
            tasks: TasksConfig::default(),
            performance: Default::default(),
        }
    }
}

/// `[deadlines]`：各项期限的长度。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Deadlines {
    /// 签约后几个工作日内备案（默认 3）[古县 第五条(三)1]。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub filing_days: u32,
    /// 备案后几个工作日内下发开工目标计划表（默认 5）[古县 第五条(三)2]。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub plan_days: u32,
    /// 计划表下发后几个工作日内召开专题推进会（默认 5）[古县 第七条]。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub kickoff_days: u32,
    /// 签约后几个月内录入项目信息管理平台（默认 1）[贵州 一(五)3]。
    #[serde(deserialize_with = "months")]
    #[schemars(range(min = 0, max = 12))]
    pub platform_months: u32,
    /// 督办下发后几个工作日内回复（默认 3）[长子 13]。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub notice_reply_days: u32,
    /// 黄灯提前量：几个工作日内到期算“即将到期”（默认 5）。
    #[serde(deserialize_with = "soon")]
    #[schemars(range(min = 0, max = 60))]
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

/// `[rules]`：规则开关。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// 检查签约、审批的前置条件（默认 true）。
    pub prerequisites: bool,
    /// 检查审批层级（默认 true）。
    pub approval_tiers: bool,
    /// 关闭的期限规则名称，如 ["report", "platform"]。
    pub disabled: Vec<String>,
    /// 县级审批（第 1–3 级）也须先经“领导小组审议”（默认 false）[磐安 附件3]：打开后，
    /// [[approvals]] 须有“领导小组审议”，在研判通过（assessed）之后、其他审批步骤之前，不晚于审批通过日。
    /// 开发区自行审批本来就有这一步，不受影响。
    pub leading_group_review: bool,
    /// 已签约项目须明确包保领导（leader）和落地责任人（owner），缺一项给出警告 baobao（默认 true）
    /// [长子 9、谯城 五]。
    pub baobao: bool,
    /// 公开网页上“依据”一栏显示的本县制度名称，按规则填写，如
    /// filing = "《青岚县招商引资项目全流程管理办法》第五条"；未填的规则显示 default。
    pub names: RuleNames,
    /// 不及时更新：在建项目（已签约、未投产、未终止）的记录在 Git 中超过这么多天没有提交更新，
    /// 报 stale 提醒并在比拼中扣分（默认 35；0 表示不检查）[磐安 四(一)]。
    #[serde(deserialize_with = "stale_days")]
    #[schemars(range(min = 0, max = 3660))]
    pub stale_days: u32,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            prerequisites: true,
            approval_tiers: true,
            disabled: Vec::new(),
            leading_group_review: false,
            baobao: true,
            names: RuleNames::default(),
            stale_days: 35,
        }
    }
}

/// `[rules.names]`：各期限规则在公开网页上显示的本县制度名称（可省略）。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RuleNames {
    /// 未单独填写的规则显示此名称（默认“本县招商引资项目管理有关规定”）。
    pub default: Option<String>,
    /// 签约备案。
    pub filing: Option<String>,
    /// 开工目标计划表。
    pub plan: Option<String>,
    /// 专题推进会。
    pub kickoff: Option<String>,
    /// 录入信息平台。
    pub platform: Option<String>,
    /// 开工计划节点。
    pub milestone: Option<String>,
    /// 计划开工。
    pub start: Option<String>,
    /// 计划竣工。
    pub complete: Option<String>,
    /// 计划投产。
    pub operate: Option<String>,
    /// 问题整改。
    pub problem: Option<String>,
    /// 督办回复。
    #[serde(rename = "notice-reply")]
    pub notice_reply: Option<String>,
    /// 月调度报告。
    pub report: Option<String>,
}

impl RuleNames {
    /// The county's name for the rule `rule` (its contract name, e.g. "filing").
    pub fn get(&self, rule: &str) -> &str {
        let own = match rule {
            "filing" => &self.filing,
            "plan" => &self.plan,
            "kickoff" => &self.kickoff,
            "platform" => &self.platform,
            "milestone" => &self.milestone,
            "start" => &self.start,
            "complete" => &self.complete,
            "operate" => &self.operate,
            "problem" => &self.problem,
            "notice-reply" => &self.notice_reply,
            "report" => &self.report,
            _ => &None,
        };
        own.as_deref()
            .or(self.default.as_deref())
            .unwrap_or("本县招商引资项目管理有关规定")
    }
}

/// `[approval]`：审批层级的类别分类与供地面积界限（亩，含上限）[磐安 二(五)]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ApprovalConfig {
    /// 工业类类别（默认 工业、制造业）。
    pub industrial: Vec<String>,
    /// 服务业等类别（默认 文旅、康养、养老、服务业、农业、商业）。
    pub service: Vec<String>,
    /// 工业类第 1 级上限（默认 30 亩，含）。
    #[serde(deserialize_with = "mu")]
    #[schemars(range(min = 0, max = 1e6))]
    pub industrial_tier1_max_mu: f64,
    /// 服务业等类（及未归类）第 1 级上限（默认 20 亩，含）。
    #[serde(deserialize_with = "mu")]
    #[schemars(range(min = 0, max = 1e6))]
    pub service_tier1_max_mu: f64,
    /// 第 2 级上限（默认 50 亩，含），超过为第 3 级。
    #[serde(deserialize_with = "mu")]
    #[schemars(range(min = 0, max = 1e6))]
    pub tier2_max_mu: f64,
    /// 第 1 级必经步骤（依次）。
    pub tier1_steps: Vec<String>,
    /// 第 2 级必经步骤（依次）。
    pub tier2_steps: Vec<String>,
    /// 第 3 级必经步骤（依次）。
    pub tier3_steps: Vec<String>,
    /// 开发区自行审批的步骤。
    pub self_steps: Vec<String>,
    /// 超出开发区审批权限时的步骤。
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

/// `[tracking]`：跟踪级别：哪些类别算重点产业，投资额门槛（万元）[贵州 一(二)4]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Tracking {
    /// 省级重点跟踪（默认 100000 万元 = 10 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub province_wan: f64,
    /// 市级（默认 50000 万元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub city_wan: f64,
    /// 县级（默认 10000 万元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub county_wan: f64,
    /// 重点产业类别 [贵州 一：投资32个重点产业]：只有这些类别的项目（和记录写了 key_industry = true 的项目）
    /// 分级跟踪，其他项目显示“非重点产业，不分级跟踪”。默认不写：所有类别都分级跟踪。
    /// 所列类别须在 categories 中。
    #[schemars(with = "Vec<String>")]
    pub industries: Vec<toml::Spanned<String>>,
}

impl Default for Tracking {
    fn default() -> Self {
        Tracking {
            province_wan: 100_000.0,
            city_wan: 50_000.0,
            county_wan: 10_000.0,
            industries: Vec::new(),
        }
    }
}

/// `[calendar]`：补充或更正内置的节假日安排；写了某年的日期即视为该年安排已知。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct CalendarConfig {
    /// 放假日。
    pub holidays: Vec<Date>,
    /// 调休上班日。
    pub workdays: Vec<Date>,
}

/// `[scoring]`：比拼计分 [磐安 一(四)、四(三)；谯城 九]。计分期内签约、开工、投产的项目，
/// 落地单位和招引单位同等得分 [磐安 三(一)]；期限在计分期内的超期、逾期完成、漏报月调度，
/// 扣所涉单位的分。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Scoring {
    /// 每签约 1 个项目得分（默认 10）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub signed: f64,
    /// 每开工 1 个项目得分（默认 10）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub started: f64,
    /// 每投产 1 个项目得分（默认 15）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub operating: f64,
    /// 每签约 1 亿元得分（默认 1）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub per_yi_signed: f64,
    /// 制造业（工业类）大项目加分（默认 20）[磐安 一(四)]。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub bonus_manufacturing: f64,
    /// 制造业大项目门槛（万元，默认 70000 = 7 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub manufacturing_min_wan: f64,
    /// 其他重大产业项目加分（默认 10）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub bonus_major: f64,
    /// 重大产业项目门槛（万元，默认 30000 = 3 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub major_min_wan: f64,
    /// 每项超期扣分（默认 5）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub overdue: f64,
    /// 每项逾期完成扣分（默认 2）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub late: f64,
    /// 每次漏报月调度扣分（默认 3）。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub missing_report: f64,
    /// 每个不及时更新的在建项目扣分（默认 1），按月计：月末仍未更新的，当月扣一次 [磐安 四(一)]。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub stale: f64,
    /// 本县比拼计分办法的名称（可选），如 "《青岚县招商引资比拼考核办法》"：比拼排名页写明计分依据。
    /// 不写时显示 rules.names.default，也未填时显示“本县招商引资比拼有关规定”。
    pub basis: Option<String>,
    /// 大项目加分计在哪个时点：“开工”（默认，招引落地 [磐安 一(四)]）或“签约”（旧版做法）。
    pub bonus_at: BonusAt,
    /// 3亿元以上重大产业项目加分只给这些类别的项目（产业项目，默认 工业、制造业）[磐安 一(四)]。
    pub industry_categories: Vec<String>,
    /// 年度目标（data/targets/<年份>.toml 的 7亿元以上制造业项目）每差 1 个扣分（默认 20），在 12 月计入 [磐安 一(四) 加扣分]。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub shortfall_manufacturing: f64,
    /// 年度目标（3亿元以上产业项目）每差 1 个扣分（默认 10），在 12 月计入。
    #[serde(deserialize_with = "weight")]
    #[schemars(range(min = 0, max = 1000))]
    pub shortfall_major: f64,
}

/// When a big project earns its 比拼 bonus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
pub enum BonusAt {
    /// 开工：招引落地（默认）[磐安 一(四)]。
    #[default]
    #[serde(rename = "开工")]
    Started,
    /// 签约。
    #[serde(rename = "签约")]
    Signed,
}

impl BonusAt {
    /// The Chinese word.
    pub fn label(self) -> &'static str {
        match self {
            BonusAt::Started => "开工",
            BonusAt::Signed => "签约",
        }
    }
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
            stale: 1.0,
            basis: None,
            bonus_at: BonusAt::Started,
            industry_categories: vec!["工业".into(), "制造业".into()],
            shortfall_manufacturing: 20.0,
            shortfall_major: 10.0,
        }
    }
}

/// `[bulletin]`：月度通报的发文字号与发文机关标志。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct BulletinConfig {
    /// 发文字号前缀，如 "谯招" 得 谯招〔2026〕5号。
    pub prefix: String,
    /// 字号 = 月份 + number_offset（正文开头写了文号的以正文为准）。
    #[serde(deserialize_with = "offset")]
    #[schemars(range(min = -1000, max = 1000))]
    pub number_offset: i32,
    /// 发文机关标志（红头），默认取 office。
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

/// `[import]`：`tongbao import` 读取 Excel 台账的设置；都可省略。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ImportConfig {
    /// 读取的工作表名称；不写则读第一个工作表（命令行 --sheet 优先）。
    pub sheet: Option<String>,
    /// 表头没有写单位（如只写“总投资”）时金额的单位："万元"（默认）或 "亿元"。
    pub amount_unit: Option<AmountUnit>,
    /// 补充或改写表头对应关系：表头文字 = 记录字段，如 "计划总投资（亿元）" = "investment_yi"、
    /// "备注" = "skip"。字段见 `tongbao import --help`。
    pub columns: std::collections::BTreeMap<String, crate::import::Field>,
}

/// 金额单位。
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum AmountUnit {
    /// 万元
    #[serde(rename = "万元")]
    Wan,
    /// 亿元（导入时乘以 10000 换算为万元）
    #[serde(rename = "亿元")]
    Yi,
}

/// `[tasks]`：交办单、工作单 `data/tasks/` [磐安 三(三)、四(二)；贵州 一(一)1、(四)5、四(一)1]。
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TasksConfig {
    /// 未办结的交办事项须每隔几个工作日反馈一次推进情况（自下发日或上次反馈日起算，默认 10；0 为不检查反馈）。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub feedback_days: u32,
    /// 逾期升级：超过办理期限未办结的事项，按超期工作日数依次升级。按 after_days 从小到大写，
    /// 如 { level = "督办", after_days = 5 }；not_excellent = true 的级别（默认“通报批评”及以上）
    /// 使承办单位当年年度考评“一票否优”。
    #[serde(deserialize_with = "escalation")]
    #[schemars(length(min = 1, max = 20))]
    pub escalation: Vec<Escalation>,
}

/// `[[tasks.escalation]]`：一个升级级别。
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// 级别名称，如 "催办"、"督办"、"通报批评"、"约谈"。
    pub level: String,
    /// 超过办理期限几个工作日起升到此级（0 为期限一过即升到此级）。
    #[serde(deserialize_with = "workdays")]
    #[schemars(range(min = 0, max = 250))]
    pub after_days: u32,
    /// 升到此级即被批评通报，承办单位当年年度考评“一票否优”（默认 false）[磐安 四(二)]。
    #[serde(default)]
    pub not_excellent: bool,
}

impl Default for TasksConfig {
    fn default() -> Self {
        let e = |level: &str, after_days: u32, not_excellent: bool| Escalation {
            level: level.into(),
            after_days,
            not_excellent,
        };
        TasksConfig {
            feedback_days: 10,
            escalation: vec![
                e("催办", 0, false),
                e("督办", 5, false),
                e("通报批评", 10, true),
                e("约谈", 20, true),
            ],
        }
    }
}

fn escalation<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Escalation>, D::Error> {
    let v = Vec::<Escalation>::deserialize(d)?;
    if v.is_empty() || v.len() > 20 {
        return Err(de::Error::custom(format!(
            "升级级别应有 1 到 20 个，实际写了 {} 个。请按“催办、督办、通报批评、约谈”这样列出",
            v.len()
        )));
    }
    for (i, e) in v.iter().enumerate() {
        if e.level.trim().is_empty() {
            return Err(de::Error::custom(format!(
                "第 {} 个升级级别没有写名称 level。请写上，如 level = \"督办\"",
                i + 1
            )));
        }
        if let Some(prev) = i.checked_sub(1).and_then(|j| v.get(j))
            && e.after_days <= prev.after_days
        {
            return Err(de::Error::custom(format!(
                "升级级别要按 after_days 从小到大排列：「{}」的 after_days = {} 不大于前一级「{}」的 {}。请调整顺序或天数",
                e.level, e.after_days, prev.level, prev.after_days
            )));
        }
    }
    Ok(v)
}
