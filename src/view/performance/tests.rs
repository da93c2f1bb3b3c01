use super::*;

fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).expect("date")
}

/// A signed project of 10 亩 with the given extra TOML (dates, agreement, actuals).
fn project(dates: &str, rest: &str) -> Project {
    let src = format!(
        "id = \"2025-001\"\nname = \"测试项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 10000\nland_mu = 10\n\n[dates]\nsigned = 2025-01-10\n{dates}\n{rest}"
    );
    toml::from_str(&src).expect("a record")
}

fn cfg() -> PerformanceConfig {
    PerformanceConfig::default()
}

/// Agreement: output 1000, operate_by 2025-06-30; operating 2025-06-01; 2025 output `out`.
fn output_case(out: f64) -> Evaluation {
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        &format!(
            "[agreement]\noutput_wan = 1000\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2025\noutput_wan = {out}\n"
        ),
    );
    evaluate(&p, 2025, d(2026, 3, 1), &cfg()).expect("evaluated")
}

#[test]
fn ratio_exactly_at_met_is_met_and_just_below_is_short() {
    let e = output_case(1000.0);
    assert_eq!(e.verdict, Verdict::Met);
    let m = e.decider().expect("decider");
    assert_eq!(m.indicator, Indicator::Output);
    assert_eq!(m.ratio, Some(1.0));
    assert!(
        e.suggestion.contains("兑现招商引资优惠政策"),
        "{}",
        e.suggestion
    );

    let e = output_case(999.9);
    assert_eq!(e.verdict, Verdict::Short);
    assert_eq!(e.decider().map(|m| m.indicator), Some(Indicator::Output));
    assert!(e.rule.contains("年产值为约定的 99.9%"), "{}", e.rule);
    // No 投资强度 agreed: the investment is not in question, so 二次招商.
    assert!(e.suggestion.contains("二次招商"), "{}", e.suggestion);
}

#[test]
fn ratio_exactly_at_serious_is_short_and_below_is_serious() {
    let e = output_case(500.0);
    assert_eq!(e.verdict, Verdict::Short, "50% is not below 50%");
    let e = output_case(499.9);
    assert_eq!(e.verdict, Verdict::Serious);
    assert!(e.rule.contains("低于严重违约界限 50%"), "{}", e.rule);
    assert!(e.suggestion.contains("清退"), "{}", e.suggestion);
}

/// Agreed start 2025-03-01, never started; evaluated on `on` with the default 180 days.
fn start_case(on: NaiveDate) -> Evaluation {
    let p = project("", "[agreement]\nstart_by = 2025-03-01\n");
    evaluate(&p, on.year(), on, &cfg()).expect("evaluated")
}

#[test]
fn start_grace_day_before_on_and_after() {
    let due = d(2025, 3, 1);
    // On the agreed day itself: not due yet.
    let e = start_case(due);
    assert_eq!(e.verdict, Verdict::NotDue);
    // The day before the grace ends and its last day: still within the grace.
    for on in [due + Duration::days(179), due + Duration::days(180)] {
        let e = start_case(on);
        assert_eq!(e.verdict, Verdict::NotDue, "{on}");
        assert_eq!(e.decider().map(|m| m.status), Some(Status::Grace), "{on}");
        assert!(e.rule.contains("宽限 180 天内"), "{}", e.rule);
    }
    // The day after: 严重违约, decided by 开工.
    let e = start_case(due + Duration::days(181));
    assert_eq!(e.verdict, Verdict::Serious);
    let m = e.decider().expect("decider");
    assert_eq!(m.indicator, Indicator::Start);
    assert_eq!(m.days_late, Some(181));
    assert!(
        e.rule.contains("超过约定开工日期 181 天仍未开工"),
        "{}",
        e.rule
    );
}

#[test]
fn started_late_but_started_is_met_and_facts_after_the_date_are_ignored() {
    let p = project(
        "started = 2025-12-01",
        "[agreement]\nstart_by = 2025-03-01\n",
    );
    let e = evaluate(&p, 2025, d(2026, 1, 5), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Met);
    assert_eq!(e.measures[0].days_late, Some(275));
    // As of 2025-11-30 the start had not happened: 274 days > 180.
    let e = evaluate(&p, 2025, d(2025, 11, 30), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Serious);
}

#[test]
fn investment_done_but_tax_short_suggests_second_round_otherwise_completion() {
    // 10 亩, intensity 300 万元/亩 agreed; reports bring 3000 万元 by 2025 → met.
    let rest = |invested: f64| {
        format!(
            "[agreement]\nintensity_wan_per_mu = 300\ntax_wan = 100\noperate_by = 2025-06-30\n\n[[reports]]\nmonth = \"2025-02\"\ninvested_wan = {invested}\n\n[[actuals]]\nyear = 2025\ntax_wan = 70\n"
        )
    };
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        &rest(3000.0),
    );
    let e = evaluate(&p, 2025, d(2026, 2, 1), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Short);
    assert_eq!(e.decider().map(|m| m.indicator), Some(Indicator::Tax));
    assert!(e.suggestion.contains("二次招商"), "{}", e.suggestion);
    let intensity = &e.measures[1];
    assert_eq!(intensity.indicator, Indicator::Intensity);
    assert_eq!(intensity.actual, Some(300.0));

    // Investment 2400 of 3000 (80%): the intensity is the lower ratio and decides.
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        &rest(2400.0),
    );
    let e = evaluate(&p, 2025, d(2026, 2, 1), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Short);
    assert_eq!(e.decider().map(|m| m.indicator), Some(Indicator::Tax));
    assert!(
        e.suggestion.contains("督促企业按协议完成投资"),
        "{}",
        e.suggestion
    );
}

#[test]
fn actuals_invested_wins_over_reports_and_tax_per_mu_divides_by_land() {
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        "[agreement]\nintensity_wan_per_mu = 300\ntax_per_mu_wan = 10\noperate_by = 2025-06-30\n\n[[reports]]\nmonth = \"2025-02\"\ninvested_wan = 100\n\n[[actuals]]\nyear = 2025\ninvested_wan = 1000\ntax_wan = 120\n",
    );
    let e = evaluate(&p, 2025, d(2026, 2, 1), &cfg()).expect("evaluated");
    // 1000 / 10 亩 = 100 万元/亩 of 300: 33% < 50% → 严重违约 by the intensity.
    assert_eq!(e.verdict, Verdict::Serious);
    let m = e.decider().expect("decider");
    assert_eq!(m.indicator, Indicator::Intensity);
    assert_eq!(m.actual, Some(100.0));
    let per_mu = e
        .measures
        .iter()
        .find(|m| m.indicator == Indicator::TaxPerMu)
        .expect("亩均税收");
    assert_eq!(per_mu.actual, Some(12.0));
    assert_eq!(per_mu.status, Status::Met);
}

#[test]
fn economic_indicators_wait_for_the_agreed_operation_date() {
    let p = project(
        "started = 2025-03-01",
        "[agreement]\noutput_wan = 1000\noperate_by = 2026-06-30\n\n[[actuals]]\nyear = 2025\noutput_wan = 10\n",
    );
    let e = evaluate(&p, 2025, d(2026, 2, 1), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::NotDue);
    assert!(e.rule.contains("2026-06-30 起考核投产"), "{}", e.rule);
    // Due in 2026, no 2026 actuals yet: unreported, not decisive.
    let e = evaluate(&p, 2026, d(2026, 11, 20), &cfg()).expect("evaluated");
    let out = e
        .measures
        .iter()
        .find(|m| m.indicator == Indicator::Output)
        .expect("output");
    assert_eq!(out.status, Status::Unreported);
    assert_eq!(
        e.verdict,
        Verdict::NotDue,
        "投产 in grace, output unreported"
    );
}

#[test]
fn current_keeps_the_latest_judged_year_unless_the_as_of_year_is_serious() {
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        "[agreement]\noutput_wan = 1000\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2025\noutput_wan = 700\n",
    );
    let as_of = d(2026, 11, 20);
    assert_eq!(years(&p, as_of), vec![2025, 2026]);
    let c = current(&p, as_of, &cfg()).expect("current");
    assert_eq!((c.year, c.verdict), (2025, Verdict::Short));
    let s = standings([&p], as_of, &cfg());
    let counts = counts_by_unit(&s);
    assert_eq!(counts.get("kfq").map(|c| c.short), Some(1));
}

#[test]
fn unsigned_terminated_or_without_agreement_is_not_evaluated() {
    let p = project("", "");
    assert!(current(&p, d(2026, 1, 1), &cfg()).is_none());
    let p = project(
        "terminated = 2025-05-01\nterminated_reason = \"清退\"",
        "[agreement]\nstart_by = 2025-03-01\n",
    );
    assert!(current(&p, d(2026, 1, 1), &cfg()).is_none());
    assert!(current(&p, d(2025, 4, 1), &cfg()).is_some());
}

#[test]
fn configured_thresholds_apply() {
    let c = PerformanceConfig {
        met: 0.8,
        serious: 0.3,
        ..cfg()
    };
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        "[agreement]\njobs = 100\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2025\njobs = 80\n",
    );
    let e = evaluate(&p, 2025, d(2026, 2, 1), &c).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Met);
    assert_eq!(e.decider().map(|m| m.indicator), Some(Indicator::Jobs));
}

#[test]
fn a_start_kept_before_the_figures_are_due_is_not_yet_met() {
    let p = project(
        "started = 2025-03-01",
        "[agreement]\nstart_by = 2025-03-31\noutput_wan = 1000\noperate_by = 2027-06-30\n",
    );
    let e = evaluate(&p, 2026, d(2026, 11, 20), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::NotDue);
    assert_eq!(e.decider().map(|m| m.indicator), Some(Indicator::Operate));
    assert_eq!(e.rule, "已按约定开工；2027-06-30 起考核投产、年产值");
}

#[test]
fn actuals_count_from_their_reported_date() {
    let p = project(
        "started = 2025-03-01\noperating = 2025-06-01",
        "[agreement]\noutput_wan = 1000\noperate_by = 2025-06-30\n\n[[actuals]]\nyear = 2026\nreported = 2026-11-10\noutput_wan = 400\n",
    );
    // Before the date of record the 2026 figures are unknown: the output is unreported.
    let e = evaluate(&p, 2026, d(2026, 11, 9), &cfg()).expect("evaluated");
    assert!(!e.has_actuals);
    assert_eq!(e.measures[1].status, Status::Unreported);
    // From it on they decide: 40% < 50%.
    let e = evaluate(&p, 2026, d(2026, 11, 10), &cfg()).expect("evaluated");
    assert_eq!(e.verdict, Verdict::Serious);
}
