//! `tongbao new <unit> <名称>`: a new record with the next free id of the year, every
//! field present with a Chinese comment, dates left for the user to fill in.

use crate::load::Ledger;

/// The next free id `YYYY-NNN` of `year` across all units.
pub fn next_id(ledger: &Ledger, year: i32) -> String {
    let prefix = format!("{year:04}-");
    let max = ledger
        .records
        .iter()
        .flat_map(|r| [r.id(), r.stem.as_str()])
        .filter_map(|id| id.strip_prefix(&prefix))
        .filter_map(|n| n.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:03}", max + 1)
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Align the trailing `# …` comments of `key = value  # …` lines to one column,
/// counting display width (a Chinese character is two columns wide).
pub fn align_comments(text: &str) -> String {
    use unicode_width::UnicodeWidthStr;
    let split = |line: &str| -> Option<(usize, usize)> {
        // The comment starts after the value; skip over a quoted value first.
        let eq = line.find(" = ")?;
        let rest = &line[eq + 3..];
        let value_end = if let Some(q) = rest.strip_prefix('"') {
            let mut escaped = false;
            let close = q.char_indices().find(|&(_, c)| {
                let hit = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                hit
            })?;
            eq + 3 + 1 + close.0 + 1
        } else {
            eq + 3
        };
        let hash = line[value_end..].find("  #")? + value_end;
        Some((line[..hash].trim_end().len(), hash))
    };
    let lines: Vec<&str> = text.lines().collect();
    // One column for the usual short `key = value`; a longer line keeps two spaces.
    const COLUMN: usize = 28;
    let column = COLUMN;
    let mut out = String::new();
    for l in lines {
        match split(l) {
            Some((end, hash)) => {
                let head = &l[..end];
                out.push_str(head);
                out.push_str(&" ".repeat(column.saturating_sub(head.width()).max(2)));
                out.push_str(l[hash..].trim_start());
            }
            None => out.push_str(l),
        }
        out.push('\n');
    }
    out
}

/// The text of a new record.
pub fn record(
    ledger: &Ledger,
    unit: &str,
    name: &str,
    id: &str,
    today: chrono::NaiveDate,
) -> String {
    let cfg = &ledger.config;
    let categories = cfg.categories.join(" ");
    let first_category = cfg.categories.first().map(String::as_str).unwrap_or("工业");
    let units = unit_ids(ledger);
    let text = format!(
        r#"# 新建于 {today}。带 # 的行是说明或待填内容：填写时删去行首的 #。
# 字段说明见 docs/fields.md；改完运行 tongbao check 检查。

id = {id_q}                 # 项目编号，须与文件名相同
name = {name_q}
category = {cat_q}          # 类别：{categories}
# sector = "产业转型"       # 领域：产业转型 / 基础设施 / 社会民生 / 科技创新
# chain = ""                # 产业链
# key_industry = true       # 属于重点产业时写（分级跟踪）；配置 [tracking] industries 已列的类别不必写
unit = {unit_q}             # 落地单位编号，须与所在文件夹相同
# source = {unit_q}         # 招引单位编号（默认同落地单位），可选：{units}
investment_wan = 0          # 总投资（万元），请改为实际金额
# contract_wan = 0          # 单个合同投资额（万元）：写了按它定跟踪级别，不写按总投资
# land_mu = 0               # 供地面积（亩）；非供地项目不写或写 0
# funds_origin = "外资"     # 到位资金来源：外资 / 省外内资 / 省内（各月报告可另写 origin）
# expands = "2026-001"      # 增资项目：被增资的原项目编号；只计增资额，不另计签约项目个数
special_policy = false      # 涉及“一事一议”财政扶持时改为 true（审批提高一级）
# signer = "政府"           # 签约主体：政府（须司法局合法性审查）/ 开发区（须法务审核和领导小组审议）
# investor = ""             # 投资企业
# leader = ""               # 包保领导（签约后须填）
# owner = ""                # 落地责任人（签约后须填）
# contact = ""              # 项目联系人（个人信息，只在内部版显示）
# service = ""              # 跟踪服务人（个人信息，只在内部版显示）
# legal_rep = ""            # 法人代表（个人信息，只在内部版显示）
# phone = ""                # 联系电话（个人信息，只在内部版显示）

[dates]                     # 已发生的事，日期写成 {today} 这样；不能晚于今天
# proposed = {today}        # 谋划入库
# negotiating =             # 纳入洽谈库
# assessed =                # 研判通过
# approved =                # 审批通过（须先研判通过）
# legal_review =            # 合法性审查（须在签约前）：政府签约为司法局合法性审查，开发区签约为法务审核
# signed =                  # 签约（须先审批通过、合法性审查）
# filed =                   # 报领导小组办公室备案（签约后 3 个工作日内）
# plan_issued =             # 开工目标计划表下发（备案后 5 个工作日内）
# kickoff =                 # 牵头部门专题推进会（计划表下发后 5 个工作日内）
# platform =                # 录入项目信息管理平台（签约后 1 个月内）
# started =                 # 开工
# completed =               # 竣工
# operating =               # 投产
# terminated =              # 终止；同时写 terminated_reason = "原因"

[plan]                      # 联席会议确定的目标
# start =                   # 计划开工
# complete =                # 计划竣工
# operate =                 # 计划投产
# start_extended_to =       # 延期须写依据：start_extension_ref = "联席会议纪要〔年〕号"
# start_extended_on =       # 延期决定日期（纪要日期）：此前各月通报仍按原计划计算

# 审批步骤，每步一段（按审批层级填写）：
# [[approvals]]
# step = "县长同意"
# on =
# ref = ""

# 开工计划表节点，每个一段：
# [[milestones]]
# item = "土地供应"          # 项目备案 能耗指标 土地供应 环境影响评估 规划许可 施工许可 电力接入 用水供给 开工入统 项目竣工
# unit = ""                 # 责任单位编号
# due =                     # 计划完成时间
# done =                    # 实际完成
# measures = ""             # 解决措施
# extended_to =             # 延期至；同时写 extension_ref = "纪要文号"、extended_on = 决定日期

# 月调度，签约次月起每月一段：
# [[reports]]
# month = "{month}"
# planned = ""              # 计划进度
# actual = ""               # 实际进度
# problems = ""             # 存在问题
# suggestions = ""          # 工作建议
# invested_wan = 0          # 本月完成投资（万元）；累计不能超过总投资
# origin = "外资"           # 本月到位资金来源（不写时取项目的 funds_origin）
# submitted =               # 实际报送日期；晚于当月最后一个工作日为逾期报送

# 问题清单，每个问题一段：
# [[problems]]
# raised =                  # 提出日期
# text = ""
# unit = ""                 # 责任单位编号
# due =                     # 解决时限
# resolved =                # 解决日期
# notice = {{ no = "督办〔年〕号", issued = , replied = }}   # 挂牌督办（可选）

# 落地单位变更（项目移交其他单位时），每次一段，按日期先后：
# [[transfers]]
# from = ""                 # 原落地单位编号；变更后的单位写在上面的 unit，文件移到该单位文件夹
# on =                      # 变更日期：此前各月的计分、扣分和红黄灯仍计入原单位
# ref = ""                  # 变更依据文号

# 投资协议约定的履约指标（可选；写了才做履约评估，只考核写了的指标）：
# [agreement]
# intensity_wan_per_mu = 0  # 投资强度（万元/亩）= 累计完成投资 ÷ 供地面积
# output_wan = 0            # 年产值（万元）
# tax_wan = 0               # 年税收（万元）
# tax_per_mu_wan = 0        # 亩均税收（万元/亩）= 年税收 ÷ 供地面积
# jobs = 0                  # 就业人数
# start_by =                # 约定开工日期
# operate_by =              # 约定投产日期：投资强度和经济指标自此考核

# 年度实际数（履约评估用），每年一段：
# [[actuals]]
# year = {year}
# output_wan = 0            # 当年产值（万元）
# tax_wan = 0               # 当年税收（万元）
# jobs = 0                  # 年末就业人数
# invested_wan = 0          # 截至年末累计完成投资（万元）；不写取月调度 invested_wan 之和
# reported =                # 填报日期：此前的季度赛拼看不到这一年的实际数
"#,
        id_q = quote(id),
        name_q = quote(name),
        cat_q = quote(first_category),
        unit_q = quote(unit),
        units = units.join(" "),
        month = today.format("%Y-%m"),
        year = today.format("%Y"),
    );
    align_comments(&text)
}

/// The text of a new 交办单 `data/tasks/<id>.toml` (`tongbao new task <unit> <事项>`):
/// issued on `issued` (the as-of date), due 10 working days later, every other key
/// commented with what to write.
pub fn task(
    ledger: &Ledger,
    unit: &str,
    title: &str,
    id: &str,
    issued: chrono::NaiveDate,
) -> String {
    let cfg = &ledger.config;
    let units = unit_ids(ledger);
    let text = format!(
        r#"# 新建于 {issued}。带 # 的行是说明或待填内容：填写时删去行首的 #。
# 改完运行 tongbao check 检查。

id = {id_q}                 # 编号，须与文件名相同
kind = "交办单"             # 交办单 / 工作单（项目落地服务工作单）
title = {title_q}
issued_by = {office_q}
issued = {issued}           # 下发日期
unit = {unit_q}             # 承办单位编号，可选：{units}
# projects = []             # 涉及的项目编号，如 ["2026-001"]（可选）
content = ""                # 交办内容：要办什么、办到什么程度
due_days = 10               # 办理时限：下发后几个工作日内办结；或改写办结期限 due = 日期（二者只写一个）
# done =                    # 办结日期

# 推进情况反馈，每次一段；未办结期间每 {n} 个工作日至少反馈一次：
# [[feedback]]
# on = {issued}
# text = ""                 # 推进情况
"#,
        id_q = quote(id),
        title_q = quote(title),
        office_q = quote(&cfg.office),
        unit_q = quote(unit),
        units = units.join(" "),
        n = cfg.tasks.feedback_days,
    );
    align_comments(&text)
}

/// The ids of the ledger's units, in file order (listed in a scaffold's comments).
fn unit_ids(ledger: &Ledger) -> Vec<&str> {
    ledger
        .units
        .iter()
        .map(|u| u.id.get_ref().as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{RawData, RawFile};

    /// A ledger of one unit, 开发区 (`kfq`), and no records.
    fn one_unit() -> Ledger {
        let raw = RawData {
            units: Some(RawFile {
                path: "data/units.toml".into(),
                bytes: "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\n".into(),
            }),
            ..Default::default()
        };
        Ledger::parse(&raw).0
    }

    #[test]
    fn record_parses_back_with_tricky_names_and_next_ids() {
        let ledger = one_unit();
        assert_eq!(next_id(&ledger, 2026), "2026-001");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let name = "年产5万吨\"新型\"建材#1项目  # 不是注释";
        let text = record(&ledger, "kfq", name, "2026-001", today);
        let p: crate::model::Project = toml::from_str(&text).expect("the template parses");
        assert_eq!(p.name.get_ref(), name);
        assert_eq!(p.id.get_ref(), "2026-001");
        // Comments line up on one column (counted in display width).
        let col = |l: &str| {
            use unicode_width::UnicodeWidthStr;
            l.find("# 项目编号").map(|i| l[..i].width())
        };
        assert_eq!(text.lines().find_map(col), Some(28));
    }

    #[test]
    fn task_template_parses_back_due_in_ten_working_days() {
        let ledger = one_unit();
        assert_eq!(crate::tasks::next_id(&ledger, 2026), "2026-001");
        let issued = chrono::NaiveDate::from_ymd_opt(2026, 9, 28).expect("date");
        let title = "协调\"用电\"接入 # 不是注释";
        let text = task(&ledger, "kfq", title, "2026-001", issued);
        let t: crate::tasks::Task = toml::from_str(&text).expect("the template parses");
        assert_eq!(t.title.get_ref(), title);
        let cal = crate::calendar::Calendar::new(&[], &[]);
        let due = crate::tasks::due_date(&t, &cal).expect("due");
        assert_eq!(
            due.date.to_string(),
            "2026-10-16",
            "10 working days over National Day"
        );
    }
}
