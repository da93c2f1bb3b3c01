//! Rule tests on in-memory ledgers: every deadline at its boundaries, every tier at
//! its bounds, every structure code.

use crate::findings::{Code, Finding, Rule, Severity};
use crate::load::{Ledger, RawData, RawFile};
use chrono::NaiveDate;

const UNITS: &str = r#"
[[unit]]
id = "kfq"
name = "示例经济开发区"
kind = "区块"
self_approval_max_mu = 50

[[unit]]
id = "town"
name = "城关镇"
kind = "乡镇"

[[unit]]
id = "zrzy"
name = "自然资源局"
kind = "部门"
"#;

fn d(s: &str) -> NaiveDate {
    crate::model::parse_iso_date(s).expect("test date")
}

fn raw(projects: &[(&str, String)]) -> RawData {
    RawData {
        config: None,
        units: Some(RawFile {
            path: "data/units.toml".into(),
            bytes: UNITS.as_bytes().to_vec(),
        }),
        projects: projects
            .iter()
            .map(|(p, t)| RawFile {
                path: p.to_string(),
                bytes: t.as_bytes().to_vec(),
            })
            .collect(),
        ..Default::default()
    }
}

fn run(text: &str, as_of: &str) -> Vec<Finding> {
    crate::check(
        &raw(&[("data/projects/town/p1.toml", text.to_string())]),
        Some(d(as_of)),
    )
    .findings
}

/// A town project (tier rules by county path) with approval prerequisites met.
fn signed(signed: &str, extra: &str) -> String {
    format!(
        r#"id = "p1"
name = "测试项目"
category = "工业"
unit = "town"
investment_wan = 12000

[dates]
assessed = 2025-01-02
approved = 2025-01-10
legal_review = 2025-01-10
signed = {signed}
{extra}

[[approvals]]
step = "县长同意"
on = 2025-01-03

[[approvals]]
step = "分管副县长审批"
on = 2025-01-06
"#
    )
}

fn deadline(fs: &[Finding], rule: Rule) -> Vec<(Code, String)> {
    fs.iter()
        .filter(|f| f.rule == Some(rule) && f.code != Code::Calendar)
        .map(|f| (f.code, f.due.map(|x| x.to_string()).unwrap_or_default()))
        .collect()
}

fn only(fs: &[Finding], rule: Rule, code: Code, due: &str) {
    assert_eq!(deadline(fs, rule), vec![(code, due.to_string())], "{fs:#?}");
}

fn none(fs: &[Finding], rule: Rule) {
    assert_eq!(deadline(fs, rule), vec![], "{fs:#?}");
}

// ---- filing: signed 2026-04-30, 5/1–5/5 off → due 2026-05-08 ----

#[test]
fn filing_on_the_day_before_and_on_due_is_on_time() {
    none(
        &run(&signed("2026-04-30", "filed = 2026-05-07"), "2026-05-20"),
        Rule::Filing,
    );
    none(
        &run(&signed("2026-04-30", "filed = 2026-05-08"), "2026-05-20"),
        Rule::Filing,
    );
}

#[test]
fn filing_a_working_day_after_due_is_late() {
    // 2026-05-09 is a make-up Saturday: the first working day after the due date.
    let fs = run(&signed("2026-04-30", "filed = 2026-05-09"), "2026-05-20");
    only(&fs, Rule::Filing, Code::Late, "2026-05-08");
    let f = fs.iter().find(|f| f.code == Code::Late).expect("late");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.line, 12, "late points at the filed key");
    assert!(f.message.contains("晚 1 个工作日"), "{}", f.message);
}

/// Done on a holiday after the due date: late, but by no working day — the message
/// must not say "晚 0 个工作日".
#[test]
fn filing_done_on_a_holiday_after_due_says_so() {
    // Signed 09-24: 3 working days skip 中秋 (09-25..27): due 09-30; 10-01 is 国庆.
    let fs = run(&signed("2026-09-24", "filed = 2026-10-01"), "2026-10-20");
    only(&fs, Rule::Filing, Code::Late, "2026-09-30");
    let f = fs.iter().find(|f| f.code == Code::Late).expect("late");
    assert!(!f.message.contains("晚 0"), "{}", f.message);
    assert!(
        f.message.contains("晚于期限，期限后的节假日办结"),
        "{}",
        f.message
    );
}

#[test]
fn filing_not_done_is_yellow_until_due_then_red() {
    let text = signed("2026-04-30", "");
    only(
        &run(&text, "2026-05-07"),
        Rule::Filing,
        Code::DueSoon,
        "2026-05-08",
    );
    only(
        &run(&text, "2026-05-08"),
        Rule::Filing,
        Code::DueSoon,
        "2026-05-08",
    );
    let fs = run(&text, "2026-05-09");
    only(&fs, Rule::Filing, Code::Overdue, "2026-05-08");
    let f = fs
        .iter()
        .find(|f| f.code == Code::Overdue && f.rule == Some(Rule::Filing))
        .expect("overdue");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.line, 11, "overdue points at the signed key");
    assert_eq!(f.unit.as_deref(), Some("town"));
}

#[test]
fn due_soon_window_is_five_working_days() {
    // Due 2026-05-08. As of 2026-04-30 the window ends on the 5th working day after
    // it, 2026-05-11 (5/1–5/5 off), so the filing is yellow on the day of signing.
    only(
        &run(&signed("2026-04-30", ""), "2026-04-30"),
        Rule::Filing,
        Code::DueSoon,
        "2026-05-08",
    );
    // Signed 2026-05-14 → due 2026-05-19; the default window (to 2026-05-21) covers it,
    // a two-day window (to 2026-05-18) does not.
    let text = signed("2026-05-14", "");
    only(
        &run(&text, "2026-05-14"),
        Rule::Filing,
        Code::DueSoon,
        "2026-05-19",
    );
    let mut r = raw(&[("data/projects/town/p1.toml", text)]);
    r.config = Some(RawFile {
        path: "data/config.toml".into(),
        bytes: b"[deadlines]\ndue_soon_days = 2\n".to_vec(),
    });
    none(
        &crate::check(&r, Some(d("2026-05-14"))).findings,
        Rule::Filing,
    );
}

// ---- plan: filed 2026-02-14 (make-up Sat) across Spring Festival → due 2026-02-28 ----

#[test]
fn plan_across_spring_festival() {
    let base = "filed = 2026-02-14";
    none(
        &run(
            &signed("2026-02-13", &format!("{base}\nplan_issued = 2026-02-28")),
            "2026-03-20",
        ),
        Rule::Plan,
    );
    only(
        &run(
            &signed("2026-02-13", &format!("{base}\nplan_issued = 2026-03-02")),
            "2026-03-20",
        ),
        Rule::Plan,
        Code::Late,
        "2026-02-28",
    );
    only(
        &run(&signed("2026-02-13", base), "2026-02-27"),
        Rule::Plan,
        Code::DueSoon,
        "2026-02-28",
    );
    only(
        &run(&signed("2026-02-13", base), "2026-03-01"),
        Rule::Plan,
        Code::Overdue,
        "2026-02-28",
    );
}

// ---- kickoff: plan_issued 2025-09-30 across 国庆 2025 → 10/9, 10/10, 10/11(Sat), 10/13, 10/14 ----

#[test]
fn kickoff_across_national_day_2025() {
    let b = "filed = 2025-09-26\nplan_issued = 2025-09-30";
    none(
        &run(
            &signed("2025-09-25", &format!("{b}\nkickoff = 2025-10-14")),
            "2025-10-20",
        ),
        Rule::Kickoff,
    );
    only(
        &run(
            &signed("2025-09-25", &format!("{b}\nkickoff = 2025-10-15")),
            "2025-10-20",
        ),
        Rule::Kickoff,
        Code::Late,
        "2025-10-14",
    );
    only(
        &run(&signed("2025-09-25", b), "2025-10-15"),
        Rule::Kickoff,
        Code::Overdue,
        "2025-10-14",
    );
}

// ---- platform: one calendar month, clamped to month end ----

#[test]
fn platform_one_month_clamped() {
    only(
        &run(&signed("2026-01-31", ""), "2026-03-01"),
        Rule::Platform,
        Code::Overdue,
        "2026-02-28",
    );
    none(
        &run(&signed("2026-01-31", "platform = 2026-02-28"), "2026-03-10"),
        Rule::Platform,
    );
    only(
        &run(&signed("2026-01-31", "platform = 2026-03-02"), "2026-03-10"),
        Rule::Platform,
        Code::Late,
        "2026-02-28",
    );
}

// ---- milestone with extension ----

fn milestone(done: &str) -> String {
    format!(
        "{}\n[[milestones]]\nitem = \"土地供应\"\nunit = \"zrzy\"\ndue = 2026-06-30\nextended_to = 2026-07-31\nextension_ref = \"联席会议纪要〔2026〕5号\"\n{done}\n",
        signed(
            "2026-04-30",
            "filed = 2026-05-06\nplan_issued = 2026-05-07\nkickoff = 2026-05-08\nplatform = 2026-05-20"
        )
    )
}

#[test]
fn milestone_extension_moves_the_due_date() {
    none(
        &run(&milestone("done = 2026-07-31"), "2026-07-31"),
        Rule::Milestone,
    );
    let fs = run(&milestone("done = 2026-08-03"), "2026-08-10");
    only(&fs, Rule::Milestone, Code::Late, "2026-07-31");
    let fs = run(&milestone(""), "2026-08-01");
    only(&fs, Rule::Milestone, Code::Overdue, "2026-07-31");
    let f = fs
        .iter()
        .find(|f| f.rule == Some(Rule::Milestone))
        .expect("milestone");
    assert_eq!(
        f.unit.as_deref(),
        Some("zrzy"),
        "the responsible unit is charged"
    );
    only(
        &run(&milestone(""), "2026-07-27"),
        Rule::Milestone,
        Code::DueSoon,
        "2026-07-31",
    );
}

// ---- plan targets ----

#[test]
fn plan_targets_and_extensions() {
    let facts =
        "filed = 2026-05-06\nplan_issued = 2026-05-07\nkickoff = 2026-05-08\nplatform = 2026-05-20";
    let with = |dates: &str, plan: &str| {
        format!(
            "{}\n[plan]\n{plan}\n",
            signed("2026-04-30", &format!("{facts}\n{dates}"))
        )
    };
    only(
        &run(
            &with("started = 2026-07-01", "start = 2026-06-30"),
            "2026-07-10",
        ),
        Rule::Start,
        Code::Late,
        "2026-06-30",
    );
    none(
        &run(
            &with(
                "started = 2026-07-01",
                "start = 2026-06-30\nstart_extended_to = 2026-08-31\nstart_extension_ref = \"纪要〔2026〕5号\"",
            ),
            "2026-07-10",
        ),
        Rule::Start,
    );
    only(
        &run(&with("", "start = 2026-06-30"), "2026-07-01"),
        Rule::Start,
        Code::Overdue,
        "2026-06-30",
    );
    only(
        &run(
            &with(
                "started = 2026-06-01",
                "start = 2026-06-30\ncomplete = 2026-09-30",
            ),
            "2026-10-09",
        ),
        Rule::Complete,
        Code::Overdue,
        "2026-09-30",
    );
    none(
        &run(
            &with(
                "started = 2026-06-01",
                "start = 2026-06-30\ncomplete = 2026-09-30",
            ),
            "2026-09-30",
        ),
        Rule::Operate,
    );
}

// ---- problems and 督办 ----

fn problem(resolved: &str, notice: &str) -> String {
    format!(
        "{}\n[[problems]]\nraised = 2026-09-01\ntext = \"电力接入线路审批慢\"\nunit = \"zrzy\"\ndue = 2026-09-30\n{resolved}\n{notice}\n",
        signed(
            "2026-04-30",
            "filed = 2026-05-06\nplan_issued = 2026-05-07\nkickoff = 2026-05-08\nplatform = 2026-05-20"
        )
    )
}

#[test]
fn problem_due_and_resolution() {
    none(
        &run(&problem("resolved = 2026-09-30", ""), "2026-10-20"),
        Rule::Problem,
    );
    only(
        &run(&problem("resolved = 2026-10-08", ""), "2026-10-20"),
        Rule::Problem,
        Code::Late,
        "2026-09-30",
    );
    only(
        &run(&problem("", ""), "2026-09-30"),
        Rule::Problem,
        Code::DueSoon,
        "2026-09-30",
    );
    only(
        &run(&problem("", ""), "2026-10-01"),
        Rule::Problem,
        Code::Overdue,
        "2026-09-30",
    );
}

#[test]
fn notice_reply_three_working_days_across_national_day() {
    // Issued 2026-09-30: 10/1–10/7 off → 10/8, 10/9, 10/10 (make-up Saturday).
    let n = |r: &str| format!("notice = {{ no = \"督办〔2026〕5号\", issued = 2026-09-30{r} }}");
    none(
        &run(
            &problem("resolved = 2026-09-30", &n(", replied = 2026-10-10")),
            "2026-10-20",
        ),
        Rule::NoticeReply,
    );
    only(
        &run(
            &problem("resolved = 2026-09-30", &n(", replied = 2026-10-12")),
            "2026-10-20",
        ),
        Rule::NoticeReply,
        Code::Late,
        "2026-10-10",
    );
    only(
        &run(&problem("resolved = 2026-09-30", &n("")), "2026-10-09"),
        Rule::NoticeReply,
        Code::DueSoon,
        "2026-10-10",
    );
    only(
        &run(&problem("resolved = 2026-09-30", &n("")), "2026-10-12"),
        Rule::NoticeReply,
        Code::Overdue,
        "2026-10-10",
    );
}

// ---- monthly reports ----

fn reported(dates: &str, months: &[&str]) -> String {
    let mut s = signed(
        "2026-07-15",
        &format!(
            "filed = 2026-07-16\nplan_issued = 2026-07-17\nkickoff = 2026-07-20\nplatform = 2026-07-30\n{dates}"
        ),
    );
    for m in months {
        s.push_str(&format!(
            "\n[[reports]]\nmonth = \"{m}\"\nactual = \"推进中\"\n"
        ));
    }
    s
}

#[test]
fn missing_month_report_is_overdue_on_the_last_working_day() {
    let fs = run(&reported("", &["2026-08", "2026-10"]), "2026-11-05");
    only(&fs, Rule::Report, Code::Overdue, "2026-09-30");
    // The current month is yellow within five working days of its last working day.
    let fs = run(
        &reported("", &["2026-08", "2026-09", "2026-10"]),
        "2026-11-25",
    );
    only(&fs, Rule::Report, Code::DueSoon, "2026-11-30");
    none(
        &run(
            &reported("", &["2026-08", "2026-09", "2026-10"]),
            "2026-11-20",
        ),
        Rule::Report,
    );
}

#[test]
fn reports_stop_at_operation_and_termination() {
    let fs = run(
        &reported(
            "started = 2026-07-20\ncompleted = 2026-08-20\noperating = 2026-09-01",
            &["2026-08"],
        ),
        "2026-11-20",
    );
    none(&fs, Rule::Report);
    let fs = run(
        &reported(
            "terminated = 2026-09-15\nterminated_reason = \"投资方撤资\"",
            &[],
        ),
        "2026-11-20",
    );
    only(&fs, Rule::Report, Code::Overdue, "2026-08-31");
}

#[test]
fn termination_drops_later_deadlines() {
    let fs = run(
        &signed(
            "2026-04-30",
            "terminated = 2026-05-06\nterminated_reason = \"项目方放弃\"",
        ),
        "2026-06-30",
    );
    none(&fs, Rule::Filing);
    none(&fs, Rule::Platform);
}

#[test]
fn disabled_rules_are_skipped() {
    let text = signed("2026-04-30", "");
    let mut r = raw(&[("data/projects/town/p1.toml", text)]);
    r.config = Some(RawFile {
        path: "data/config.toml".into(),
        bytes: "[rules]\ndisabled = [\"filing\"]\n[deadlines]\nplatform_months = 2\n"
            .as_bytes()
            .to_vec(),
    });
    let fs = crate::check(&r, Some(d("2026-06-24"))).findings;
    none(&fs, Rule::Filing);
    only(&fs, Rule::Platform, Code::DueSoon, "2026-06-30");
}

// ---- approval tiers ----

fn tiered(
    unit: &str,
    category: &str,
    land: &str,
    special: bool,
    steps: &[(&str, &str)],
) -> Vec<Finding> {
    let mut s = format!(
        "id = \"p1\"\nname = \"测试\"\ncategory = \"{category}\"\nunit = \"{unit}\"\ninvestment_wan = 5000\nland_mu = {land}\nspecial_policy = {special}\n\n[dates]\nassessed = 2026-03-01\napproved = 2026-03-20\n"
    );
    for (step, on) in steps {
        s.push_str(&format!("\n[[approvals]]\nstep = \"{step}\"\non = {on}\n"));
    }
    let path = format!("data/projects/{unit}/p1.toml");
    crate::check(&raw(&[(path.as_str(), s)]), Some(d("2026-04-01")))
        .findings
        .into_iter()
        .filter(|f| f.code == Code::Approval)
        .collect()
}

const T1: &[(&str, &str)] = &[("县长同意", "2026-03-02"), ("分管副县长审批", "2026-03-05")];
const T2: &[(&str, &str)] = &[
    ("分管副县长审核", "2026-03-02"),
    ("县长办公会议审议", "2026-03-05"),
    ("县长审批", "2026-03-06"),
];
const T3: &[(&str, &str)] = &[
    ("分管副县长审核", "2026-03-02"),
    ("县长办公会议审议", "2026-03-05"),
    ("县委常委会审议", "2026-03-10"),
    ("县长审批", "2026-03-12"),
];

fn tier_of(unit: &str, category: &str, land: &str, special: bool) -> u8 {
    let ok: Vec<u8> = [(1, T1), (2, T2), (3, T3)]
        .into_iter()
        .filter(|(_, steps)| tiered(unit, category, land, special, steps).is_empty())
        .map(|(t, _)| t)
        .collect();
    // Tier 3 steps contain tier 2's: the lowest chain that passes is the tier.
    ok.first().copied().unwrap_or(0)
}

#[test]
fn service_bounds_20_and_50() {
    assert_eq!(tier_of("town", "文旅", "0", false), 1);
    assert_eq!(tier_of("town", "文旅", "20", false), 1);
    assert_eq!(tier_of("town", "文旅", "20.01", false), 2);
    assert_eq!(tier_of("town", "康养", "50", false), 2);
    assert_eq!(tier_of("town", "康养", "50.01", false), 3);
}

/// A message about a bound shows the exact area: 50.004 亩 is over 50, and says so.
#[test]
fn land_area_in_messages_is_exact() {
    let f = tiered("town", "康养", "50.004", false, T2);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(
        f[0].message.contains("供地 50.004 亩，超过 50 亩"),
        "{}",
        f[0].message
    );
    let f = tiered("town", "文旅", "20.01", false, T1);
    assert!(f[0].message.contains("供地 20.01 亩"), "{}", f[0].message);
    let f = tiered("town", "文旅", "45.5", false, T1);
    assert!(
        f[0].message.contains("在 20–50 亩（含）之间"),
        "{}",
        f[0].message
    );
}

#[test]
fn industrial_bounds_30_and_50() {
    assert_eq!(tier_of("town", "工业", "30", false), 1);
    assert_eq!(tier_of("town", "工业", "30.01", false), 2);
    assert_eq!(tier_of("town", "制造业", "50", false), 2);
    assert_eq!(tier_of("town", "制造业", "50.01", false), 3);
}

#[test]
fn special_policy_raises_one_tier_and_three_stays_three() {
    assert_eq!(tier_of("town", "工业", "0", true), 2);
    assert_eq!(tier_of("town", "工业", "40", true), 3);
    assert_eq!(tier_of("town", "工业", "80", true), 3);
}

#[test]
fn self_approving_zone() {
    let zone = [("领导小组审议", "2026-03-02"), ("开发区审批", "2026-03-05")];
    let county = [("县委常委会审议", "2026-03-02"), ("县长审批", "2026-03-05")];
    assert!(tiered("kfq", "工业", "50", false, &zone).is_empty());
    assert!(tiered("kfq", "工业", "0", false, &zone).is_empty());
    assert_eq!(tiered("kfq", "工业", "50.01", false, &zone).len(), 1);
    assert!(tiered("kfq", "工业", "50.01", false, &county).is_empty());
    assert!(
        tiered("kfq", "工业", "40", true, &county).is_empty(),
        "一事一议 leaves the zone's authority"
    );
}

#[test]
fn approval_message_names_tier_reason_and_missing_steps() {
    let fs = tiered("town", "文旅", "35", false, &T2[..2]);
    assert_eq!(fs.len(), 1);
    let m = &fs[0].message;
    assert!(m.contains("第 2 级审批"), "{m}");
    assert!(m.contains("「文旅」"), "{m}");
    assert!(m.contains("35 亩"), "{m}");
    assert!(m.contains("缺少：县长审批"), "{m}");
    assert_eq!(fs[0].line, 11, "points at approved");
}

#[test]
fn approval_steps_out_of_order_or_after_approved() {
    let swapped = [("县长同意", "2026-03-05"), ("分管副县长审批", "2026-03-02")];
    let fs = tiered("town", "工业", "10", false, &swapped);
    assert!(fs[0].message.contains("顺序不对"), "{}", fs[0].message);
    let late = [("县长同意", "2026-03-02"), ("分管副县长审批", "2026-03-25")];
    let fs = tiered("town", "工业", "10", false, &late);
    assert!(
        fs[0].message.contains("晚于审批通过日"),
        "{}",
        fs[0].message
    );
    // Extra steps are allowed.
    let extra = [
        ("县长同意", "2026-03-02"),
        ("专家论证", "2026-03-03"),
        ("分管副县长审批", "2026-03-05"),
    ];
    assert!(tiered("town", "工业", "10", false, &extra).is_empty());
}

// ---- structure ----

fn codes(fs: &[Finding]) -> Vec<Code> {
    fs.iter().map(|f| f.code).collect()
}

#[test]
fn prerequisites_and_date_order() {
    let text = "id = \"p1\"\nname = \"测试\"\ncategory = \"工业\"\nunit = \"town\"\ninvestment_wan = 100\n[dates]\nproposed = 2026-03-01\nnegotiating = 2026-02-01\nsigned = 2026-03-10\n";
    let fs = run(text, "2026-03-11");
    let pre: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::Prerequisite).collect();
    assert_eq!(pre.len(), 2, "{fs:#?}");
    assert!(pre.iter().any(|f| f.message.contains("approved")));
    assert!(pre.iter().any(|f| f.message.contains("legal_review")));
    let order: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::DateOrder).collect();
    assert_eq!(order.len(), 1);
    assert_eq!(order[0].line, 8);
}

#[test]
fn future_dates_are_errors() {
    let fs = run(&signed("2026-04-30", "filed = 2026-05-06"), "2026-05-05");
    let fut: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::FutureDate).collect();
    assert_eq!(fut.len(), 1);
    assert_eq!(fut[0].line, 12);
}

#[test]
fn references_paths_and_companions() {
    let text = "id = \"p2\"\nname = \"测试\"\ncategory = \"航天\"\nunit = \"nowhere\"\ninvestment_wan = 100\n[dates]\nproposed = 2026-03-01\nterminated = 2026-03-05\n[plan]\nstart = 2026-06-01\nstart_extended_to = 2026-07-01\n[[reports]]\nmonth = \"2026-02\"\n[[reports]]\nmonth = \"2026-02\"\n";
    let fs = run(text, "2026-03-11");
    let c = codes(&fs);
    assert_eq!(c.iter().filter(|c| **c == Code::Path).count(), 2, "{fs:#?}");
    assert_eq!(c.iter().filter(|c| **c == Code::UnknownRef).count(), 2);
    assert_eq!(c.iter().filter(|c| **c == Code::Schema).count(), 3);
    let cat = fs
        .iter()
        .find(|f| f.code == Code::UnknownRef && f.line == 3)
        .expect("category");
    assert!(cat.message.contains("工业、制造业"), "{}", cat.message);
    let unit = fs
        .iter()
        .find(|f| f.code == Code::UnknownRef && f.line == 4)
        .expect("unit");
    // Units are listed as id（名称） (issue 8.16).
    assert!(
        unit.message
            .contains("kfq（示例经济开发区）、town（城关镇）、zrzy（自然资源局）"),
        "{}",
        unit.message
    );
}

#[test]
fn duplicate_ids_flag_every_file_but_the_first() {
    let a = signed("2026-04-30", "").replace("unit = \"town\"", "unit = \"kfq\"");
    let r = raw(&[
        ("data/projects/kfq/p1.toml", a),
        ("data/projects/town/p1.toml", signed("2026-04-30", "")),
    ]);
    let checked = crate::check(&r, Some(d("2026-05-01")));
    let dup: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.code == Code::DuplicateId)
        .collect();
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].file, "data/projects/town/p1.toml");
    assert!(dup[0].message.contains("data/projects/kfq/p1.toml"));
}

#[test]
fn one_bad_file_does_not_hide_the_others() {
    let r = raw(&[
        ("data/projects/town/a.toml", "id = \"a\"\nname = 1\n".into()),
        ("data/projects/town/p1.toml", signed("2026-04-30", "")),
    ]);
    let (ledger, parse_findings) = Ledger::parse(&r);
    assert_eq!(ledger.records.len(), 1);
    assert_eq!(parse_findings.len(), 1);
    let all = crate::check(&r, Some(d("2026-05-20"))).findings;
    assert!(all.iter().any(|f| f.code == Code::Overdue));
    assert!(
        all.iter()
            .any(|f| f.code == Code::Schema && f.file.ends_with("a.toml"))
    );
}

#[test]
fn unknown_calendar_year_warns_once() {
    // Filing is due 3 working days after 12-29: 12-30, 12-31, then 2027 (unknown).
    let a = signed("2026-12-29", "");
    let b = signed("2026-12-29", "").replace("id = \"p1\"", "id = \"p2\"");
    let r = raw(&[
        ("data/projects/town/p1.toml", a),
        ("data/projects/town/p2.toml", b),
    ]);
    let fs = crate::check(&r, Some(d("2026-12-29"))).findings;
    let cal: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::Calendar).collect();
    assert_eq!(cal.len(), 1, "{cal:#?}");
    assert_eq!(cal[0].severity, Severity::Warning);
    assert_eq!(
        cal[0].file, "data/projects/town/p1.toml",
        "the first record that needed it"
    );
}

/// The 2026 schedule is known to 31 December: from 21 December on, a check whose
/// deadlines and due-soon window stay in 2026 must not warn of an unknown year
/// (the holiday crate's table stops at 12-25).
#[test]
fn no_false_calendar_warning_in_late_december() {
    let r = raw(&[("data/projects/town/p1.toml", signed("2026-12-18", ""))]);
    for as_of in ["2026-12-21", "2026-12-22", "2026-12-23", "2026-12-24"] {
        let fs = crate::check(&r, Some(d(as_of))).findings;
        assert!(
            !fs.iter().any(|f| f.code == Code::Calendar),
            "as of {as_of}: {fs:#?}"
        );
    }
    // From 12-25 the due-soon window (5 working days) reaches into 2027: the real warning.
    let fs = crate::check(&r, Some(d("2026-12-25"))).findings;
    let cal: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::Calendar).collect();
    assert_eq!(cal.len(), 1, "{fs:#?}");
    assert!(cal[0].message.contains("2027"), "{}", cal[0].message);
}

// ---- dates of record (issue 15.3) ----

fn report_with(month: &str, submitted: &str) -> String {
    format!(
        "{}\n[[reports]]\nmonth = \"{month}\"\nactual = \"推进中\"\n{submitted}\n",
        reported("", &["2026-08", "2026-09"])
    )
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(needle))
        .expect("line")
        + 1
}

#[test]
fn a_report_submitted_after_its_due_date_is_late() {
    // 2026-10's report is due 2026-10-30 (its last working day).
    let text = report_with("2026-10", "submitted = 2026-11-04");
    let fs = run(&text, "2026-11-20");
    only(&fs, Rule::Report, Code::Late, "2026-10-30");
    let f = fs.iter().find(|f| f.code == Code::Late).expect("late");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.line, line_of(&text, "submitted"), "points at submitted");
    assert!(f.message.contains("月调度报告逾期完成"), "{}", f.message);
    assert!(f.message.contains("实际 2026-11-04"), "{}", f.message);
    assert!(f.message.contains("计入比拼扣分"), "{}", f.message);
    // On its due date: on time; without `submitted`: on time, as before.
    none(
        &run(
            &report_with("2026-10", "submitted = 2026-10-30"),
            "2026-11-20",
        ),
        Rule::Report,
    );
    none(
        &run(&report_with("2026-10", ""), "2026-11-20"),
        Rule::Report,
    );
}

#[test]
fn a_report_submitted_before_its_month_or_in_the_future_is_refused() {
    let text = report_with("2026-10", "submitted = 2026-09-20");
    let fs = run(&text, "2026-11-20");
    let f = fs
        .iter()
        .find(|f| f.code == Code::DateOrder)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(f.line, line_of(&text, "submitted"));
    assert!(f.message.contains("早于该月 2026-10-01"), "{}", f.message);
    let fs = run(
        &report_with("2026-10", "submitted = 2026-11-25"),
        "2026-11-20",
    );
    let f = fs
        .iter()
        .find(|f| f.code == Code::FutureDate)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert!(f.message.contains("报送日期"), "{}", f.message);
    assert!(f.message.contains("晚于核查日 2026-11-20"), "{}", f.message);
}

fn extended(plan: &str, dates: &str) -> String {
    format!(
        "{}\n[plan]\nstart = 2026-06-30\n{plan}\n",
        signed(
            "2026-04-30",
            &format!(
                "filed = 2026-05-06\nplan_issued = 2026-05-07\nkickoff = 2026-05-08\nplatform = 2026-05-20\n{dates}"
            )
        )
    )
}

const EXT: &str =
    "start_extended_to = 2026-12-31\nstart_extension_ref = \"联席会议纪要〔2026〕9号\"";

#[test]
fn an_extension_without_its_date_of_record_warns_only_where_past_months_depend_on_it() {
    // The original 2026-06-30 passed before October's end, not started: past months
    // depend on when the extension was decided.
    let text = extended(EXT, "");
    let fs = run(&text, "2026-11-20");
    let w: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::Schema).collect();
    assert_eq!(w.len(), 1, "{fs:#?}");
    assert_eq!(w[0].severity, Severity::Warning);
    assert_eq!(w[0].line, line_of(&text, "start_extended_to"));
    assert!(
        w[0].message
            .contains("计划开工延期未写决定日期 start_extended_on"),
        "{}",
        w[0].message
    );
    assert!(
        w[0].message.contains("请补写 start_extended_on"),
        "{}",
        w[0].message
    );
    // With the date: nothing to say. Met on time, or the original date still in the
    // as-of month: nothing either (no past month depends on it).
    let dated = format!("{EXT}\nstart_extended_on = 2026-06-20");
    assert!(
        run(&extended(&dated, ""), "2026-11-20")
            .iter()
            .all(|f| f.code != Code::Schema)
    );
    assert!(
        run(&extended(EXT, "started = 2026-06-29"), "2026-11-20")
            .iter()
            .all(|f| f.code != Code::Schema)
    );
    assert!(
        run(&extended(EXT, ""), "2026-07-10")
            .iter()
            .all(|f| f.code != Code::Schema)
    );
}

#[test]
fn an_extension_date_needs_its_extension_and_may_not_be_in_the_future() {
    let text = extended("start_extended_on = 2026-06-20", "");
    let fs = run(&text, "2026-07-10");
    let f = fs
        .iter()
        .find(|f| f.code == Code::Schema && f.severity == Severity::Error)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(f.line, line_of(&text, "start_extended_on"));
    assert!(
        f.message.contains("却没有延期后的日期 start_extended_to"),
        "{}",
        f.message
    );
    let fs = run(
        &extended(&format!("{EXT}\nstart_extended_on = 2026-08-01"), ""),
        "2026-07-10",
    );
    let f = fs
        .iter()
        .find(|f| f.code == Code::FutureDate)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert!(f.message.contains("start_extended_on"), "{}", f.message);
    // Decided before the signing: the 计划表 did not exist yet.
    let text = extended(&format!("{EXT}\nstart_extended_on = 2026-04-01"), "");
    let fs = run(&text, "2026-07-10");
    let f = fs
        .iter()
        .find(|f| f.code == Code::DateOrder)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(f.line, line_of(&text, "start_extended_on"));
    assert!(
        f.message.contains("早于签约日期 2026-04-30"),
        "{}",
        f.message
    );
    // Today's deadline judgement takes the extension whatever its date of record.
    let fs = run(
        &extended(&format!("{EXT}\nstart_extended_on = 2026-07-05"), ""),
        "2026-07-10",
    );
    none(&fs, Rule::Start);
}

fn transferred(transfers: &str) -> String {
    format!("{}\n{transfers}\n", signed("2025-03-03", ""))
}

#[test]
fn transfers_name_known_units_in_date_order_each_to_another_unit() {
    let ok = transferred(
        "[[transfers]]\nfrom = \"kfq\"\non = 2025-06-01\nref = \"县政府常务会议纪要〔2025〕8号\"",
    );
    assert!(
        run(&ok, "2025-07-01")
            .iter()
            .all(|f| !matches!(f.code, Code::UnknownRef | Code::DateOrder | Code::Schema)),
        "{:#?}",
        run(&ok, "2025-07-01")
    );
    // An unknown unit, named with the likely one.
    let text = transferred("[[transfers]]\nfrom = \"示例经济开发区\"\non = 2025-06-01");
    let fs = run(&text, "2025-07-01");
    let f = fs
        .iter()
        .find(|f| f.code == Code::UnknownRef)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(f.line, line_of(&text, "from"));
    assert!(
        f.message.contains("落地单位变更的原单位 from"),
        "{}",
        f.message
    );
    assert!(f.message.contains("请写成 \"kfq\""), "{}", f.message);
    // Out of order, and a transfer to the same unit.
    let text = transferred(
        "[[transfers]]\nfrom = \"kfq\"\non = 2025-06-01\n\n[[transfers]]\nfrom = \"zrzy\"\non = 2025-05-01",
    );
    let fs = run(&text, "2025-07-01");
    let f = fs
        .iter()
        .find(|f| f.code == Code::DateOrder)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert_eq!(f.line, line_of(&text, "on = 2025-05-01"));
    assert!(f.message.contains("请按日期先后排列"), "{}", f.message);
    let fs = run(
        &transferred("[[transfers]]\nfrom = \"town\"\non = 2025-06-01"),
        "2025-07-01",
    );
    let f = fs
        .iter()
        .find(|f| f.code == Code::Schema)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert!(f.message.contains("等于没有变更"), "{}", f.message);
    // Not in the future.
    let fs = run(
        &transferred("[[transfers]]\nfrom = \"kfq\"\non = 2025-08-01"),
        "2025-07-01",
    );
    let f = fs
        .iter()
        .find(|f| f.code == Code::FutureDate)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert!(f.message.contains("落地单位变更"), "{}", f.message);
}

#[test]
fn a_transferred_project_keeps_the_approval_path_of_its_unit_then() {
    // 40 亩 industrial, approved through 开发区's own path (≤ 50 亩), then handed to 城关镇.
    let text = "id = \"p1\"\nname = \"移交项目\"\ncategory = \"工业\"\nunit = \"town\"\ninvestment_wan = 12000\nland_mu = 40\n\n[dates]\nassessed = 2025-01-02\napproved = 2025-01-10\n\n[[approvals]]\nstep = \"领导小组审议\"\non = 2025-01-06\n\n[[approvals]]\nstep = \"开发区审批\"\non = 2025-01-10\n";
    let moved = format!("{text}\n[[transfers]]\nfrom = \"kfq\"\non = 2025-03-01\n");
    assert!(
        run(&moved, "2025-04-01")
            .iter()
            .all(|f| f.code != Code::Approval),
        "{:#?}",
        run(&moved, "2025-04-01")
    );
    // Without the transfer the county path is asked of a 城关镇 project.
    let fs = run(text, "2025-04-01");
    let f = fs
        .iter()
        .find(|f| f.code == Code::Approval)
        .unwrap_or_else(|| panic!("{fs:#?}"));
    assert!(f.message.contains("缺少"), "{}", f.message);
}

#[test]
fn a_month_reported_twice_is_judged_by_its_later_report() {
    // Reporting a month twice is a `schema` error; until it is mended, the later of the
    // two reports is the one the deadline reads.
    let twice = |first: &str, second: &str| {
        format!(
            "{}[[reports]]\nmonth = \"2026-10\"\nactual = \"再报\"\n{second}\n",
            report_with("2026-10", first)
        )
    };
    let late_then_on_time = run(
        &twice("submitted = 2026-11-04", "submitted = 2026-10-30"),
        "2026-11-20",
    );
    none(&late_then_on_time, Rule::Report);
    let on_time_then_late = run(
        &twice("submitted = 2026-10-30", "submitted = 2026-11-04"),
        "2026-11-20",
    );
    only(&on_time_then_late, Rule::Report, Code::Late, "2026-10-30");
}

// ---- Issue 14: who signs [谯城 六], 包保 [长子 9、谯城 五] ----

#[test]
fn baobao_warns_once_at_signed_for_a_signed_project_without_its_people() {
    // `signed()` names neither leader nor owner; signed 2026-04-30 (line 12).
    let text = signed("2026-04-30", "filed = 2026-05-06");
    let fs = run(&text, "2026-05-07");
    let b: Vec<&Finding> = fs.iter().filter(|f| f.code == Code::Baobao).collect();
    assert_eq!(b.len(), 1, "{fs:#?}");
    assert_eq!(b[0].severity, Severity::Warning);
    assert_eq!(b[0].line, line_of(&text, "signed = "));
    assert!(
        b[0].message.contains("[长子 9、谯城 五]"),
        "{}",
        b[0].message
    );
    // Named: nothing.
    let named = text.replace(
        "investment_wan = 12000\n",
        "investment_wan = 12000\nleader = \"甲\"\nowner = \"乙\"\n",
    );
    assert!(!codes(&run(&named, "2026-05-07")).contains(&Code::Baobao));
}

#[test]
fn zone_signing_needs_its_leading_group_review_on_or_before_signing() {
    let zone = |review: &str| {
        signed("2025-01-20", "").replace(
            "investment_wan = 12000\n",
            "investment_wan = 12000\nsigner = \"开发区\"\n",
        ) + review
    };
    let prereq = |text: &str| {
        run(text, "2025-01-25")
            .into_iter()
            .filter(|f| f.code == Code::Prerequisite)
            .map(|f| f.message)
            .collect::<Vec<_>>()
    };
    let missing = prereq(&zone(""));
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].contains("没有「领导小组审议」"),
        "{}",
        missing[0]
    );
    let on_the_day = "\n[[approvals]]\nstep = \"领导小组审议\"\non = 2025-01-20\n";
    assert!(prereq(&zone(on_the_day)).is_empty());
    let after = "\n[[approvals]]\nstep = \"领导小组审议\"\non = 2025-01-21\n";
    let late = prereq(&zone(after));
    assert_eq!(late.len(), 1, "{late:#?}");
    assert!(late[0].contains("晚于签约"), "{}", late[0]);
}
