//! Findings: what `check` reports (docs/contract.md §5), with their order and JSON shape.

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;

/// Severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails `check`.
    Error,
    /// Reported, does not fail.
    Warning,
}

impl Severity {
    /// Chinese label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        }
    }
}

macro_rules! names {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($(#[$vm])* $v),* }
        impl $name {
            /// All values, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$v),*];
            /// The contract name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),* }
            }
            /// Look a value up by its contract name.
            pub fn from_name(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$v),)* _ => None }
            }
        }
        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

names!(
    /// Finding codes (docs/contract.md §5).
    Code {
        /// TOML syntax error.
        Parse = "parse",
        /// Not UTF-8.
        Encoding = "encoding",
        /// Wrong key, type or value.
        Schema = "schema",
        /// Two records with one id.
        DuplicateId = "duplicate-id",
        /// File name or folder does not match the record.
        Path = "path",
        /// Reference to a unit or category that does not exist.
        UnknownRef = "unknown-ref",
        /// Dates out of order.
        DateOrder = "date-order",
        /// A fact dated after the as-of date.
        FutureDate = "future-date",
        /// A step taken without its prerequisite.
        Prerequisite = "prerequisite",
        /// Approval chain incomplete for its tier.
        Approval = "approval",
        /// A needed year is missing from the calendar.
        Calendar = "calendar",
        /// Past due and not done.
        Overdue = "overdue",
        /// Done after its due date.
        Late = "late",
        /// Due within the yellow window.
        DueSoon = "due-soon",
        /// `.github/CODEOWNERS` is missing or stale (an extension of docs/contract.md §5, see docs/conventions.md).
        Codeowners = "codeowners",
        /// Cumulative 到位资金 over the investment (an extension of docs/contract.md §5, see docs/conventions.md).
        Funds = "funds",
        /// A project under way whose record has not been committed for more than
        /// `[rules] stale_days` days (an extension of docs/contract.md §5, see docs/conventions.md).
        Stale = "stale",
        /// A signed project without its 包保领导 or 落地责任人 [长子 9、谯城 五] (an extension of docs/contract.md §5, see docs/conventions.md).
        Baobao = "baobao",
    }
);

names!(
    /// Deadline rules of docs/contract.md §4.
    Rule {
        /// 签约后备案.
        Filing = "filing",
        /// 开工目标计划表下发.
        Plan = "plan",
        /// 牵头部门专题推进会.
        Kickoff = "kickoff",
        /// 录入项目信息管理平台.
        Platform = "platform",
        /// 开工计划表节点.
        Milestone = "milestone",
        /// 计划开工.
        Start = "start",
        /// 计划竣工.
        Complete = "complete",
        /// 计划投产.
        Operate = "operate",
        /// 问题解决时限.
        Problem = "problem",
        /// 督办回复.
        NoticeReply = "notice-reply",
        /// 月调度报告.
        Report = "report",
        /// 交办单、工作单按期反馈推进情况 (an extension, see docs/conventions.md).
        TaskFeedback = "task-feedback",
        /// 交办单、工作单按期办结 (an extension, see docs/conventions.md).
        TaskDue = "task-due",
    }
);

impl Code {
    /// Chinese name of the code.
    pub fn label(self) -> &'static str {
        match self {
            Code::Parse => "语法错误",
            Code::Encoding => "编码错误",
            Code::Schema => "格式错误",
            Code::DuplicateId => "编号重复",
            Code::Path => "文件位置不符",
            Code::UnknownRef => "引用不存在",
            Code::DateOrder => "日期倒序",
            Code::FutureDate => "日期晚于核查日",
            Code::Prerequisite => "缺少前置程序",
            Code::Approval => "审批程序不符",
            Code::Calendar => "节假日安排未收录",
            Code::Overdue => "超期",
            Code::Late => "逾期完成",
            Code::DueSoon => "即将到期",
            Code::Codeowners => "审核人配置过期",
            Code::Funds => "到位资金超过总投资",
            Code::Stale => "不及时更新",
            Code::Baobao => "未明确包保责任",
        }
    }
}

impl Rule {
    /// Chinese name of the rule.
    pub fn label(self) -> &'static str {
        match self {
            Rule::Filing => "签约备案",
            Rule::Plan => "开工目标计划表",
            Rule::Kickoff => "专题推进会",
            Rule::Platform => "录入信息平台",
            Rule::Milestone => "开工计划节点",
            Rule::Start => "计划开工",
            Rule::Complete => "计划竣工",
            Rule::Operate => "计划投产",
            Rule::Problem => "问题整改",
            Rule::NoticeReply => "督办回复",
            Rule::Report => "月调度报告",
            Rule::TaskFeedback => "交办事项反馈",
            Rule::TaskDue => "交办事项办结",
        }
    }
}

/// One finding. `file` is relative to the root with `/` separators; `line` and
/// `column` are 1-based (`column` counts characters).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// error or warning.
    pub severity: Severity,
    /// What kind of problem.
    pub code: Code,
    /// The deadline rule (deadline codes only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// The project id, where the finding is about a project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The unit concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// File, relative to the root.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters (not in the JSON contract).
    #[serde(skip)]
    pub column: usize,
    /// Length of the highlighted text in characters (not in the JSON contract).
    #[serde(skip)]
    pub width: usize,
    /// The due date (deadline findings).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "ser_date")]
    pub due: Option<NaiveDate>,
    /// What is wrong and what to do, in Chinese.
    pub message: String,
}

fn ser_date<S: serde::Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.format("%Y-%m-%d").to_string()),
        None => s.serialize_none(),
    }
}

impl Finding {
    /// A finding at the start of a file.
    pub fn new(severity: Severity, code: Code, file: &str, message: String) -> Finding {
        Finding {
            severity,
            code,
            rule: None,
            project: None,
            unit: None,
            file: file.to_string(),
            line: 1,
            column: 1,
            width: 0,
            due: None,
            message,
        }
    }

    /// Sort key of the contract: file, line, code; then the rest for determinism.
    pub fn sort_all(findings: &mut [Finding]) {
        findings.sort_by(|a, b| {
            (&a.file, a.line, a.code, a.column, a.rule, a.due, &a.message)
                .cmp(&(&b.file, b.line, b.code, b.column, b.rule, b.due, &b.message))
        });
    }
}

/// Counts of errors and warnings.
pub fn counts(findings: &[Finding]) -> (usize, usize) {
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (errors, findings.len() - errors)
}
