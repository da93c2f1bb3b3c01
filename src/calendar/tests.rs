use super::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
}

fn builtin() -> Calendar {
    Calendar::new(&[], &[])
}

/// Every day 2007–2025 against the independent holiday-cn data (NateScarlet's
/// scrape of the State Council notices).
#[test]
fn builtin_matches_independent_source_2007_2025() {
    let cal = builtin();
    let mut mismatches = Vec::new();
    let mut day = d(2007, 1, 1);
    while day <= d(2025, 12, 31) {
        let theirs = holiday_cn::is_workday(&day.format("%Y-%m-%d").to_string())
            .expect("holiday-cn parses ISO dates");
        let (ours, known) = cal.is_workday(day);
        assert!(known, "{day} should be known");
        if ours != theirs {
            mismatches.push(day);
        }
        day = day.succ_opt().expect("in range");
    }
    assert!(
        mismatches.is_empty(),
        "calendar disagrees on {mismatches:?}"
    );
}

/// The 2026 schedule (国办发明电〔2025〕7号), written out by hand.
#[test]
fn builtin_2026_matches_the_notice() {
    let off = [
        (1, 1..=3),
        (2, 15..=23),
        (4, 4..=6),
        (5, 1..=5),
        (6, 19..=21),
        (9, 25..=27),
        (10, 1..=7),
    ];
    let make_up = [
        d(2026, 1, 4),
        d(2026, 2, 14),
        d(2026, 2, 28),
        d(2026, 5, 9),
        d(2026, 9, 20),
        d(2026, 10, 10),
    ];
    let cal = builtin();
    let mut day = d(2026, 1, 1);
    while day <= BUILTIN_LAST {
        let holiday = off
            .iter()
            .any(|(m, r)| day.month() == *m && r.contains(&day.day()));
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        let expected = make_up.contains(&day) || (!holiday && !weekend);
        assert_eq!(cal.is_workday(day), (expected, true), "{day}");
        day = day.succ_opt().expect("in range");
    }
}

#[test]
fn errata_2016_10_09_is_a_workday() {
    assert_eq!(builtin().is_workday(d(2016, 10, 9)), (true, true));
}

#[test]
fn no_date_panics_and_unknown_dates_fall_back_to_weekends() {
    let cal = builtin();
    for day in [
        NaiveDate::MIN,
        d(1999, 12, 31),
        d(2003, 12, 31),
        d(2027, 1, 1),
        d(2027, 10, 1),
        NaiveDate::MAX,
    ] {
        let (work, known) = cal.is_workday(day);
        assert!(!known, "{day}");
        assert_eq!(work, !matches!(day.weekday(), Weekday::Sat | Weekday::Sun));
    }
    // 2027-10-01 is a Friday: without the 2027 schedule it counts as a workday.
    assert_eq!(cal.is_workday(d(2027, 10, 1)), (true, false));
    let r = cal.add_workdays(NaiveDate::MAX, 3);
    assert_eq!(r.date, NaiveDate::MAX);
    assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
    assert_eq!(last_day_of_month(2026, 13), NaiveDate::MAX);
}

#[test]
fn config_adds_next_year_and_marks_it_known() {
    let cal = Calendar::new(&[d(2027, 1, 1)], &[d(2027, 1, 2)]);
    assert_eq!(cal.is_workday(d(2027, 1, 1)), (false, true));
    assert_eq!(cal.is_workday(d(2027, 1, 2)), (true, true));
    // The rest of 2027 and the tail of 2026 count as known now.
    assert_eq!(cal.is_workday(d(2027, 6, 7)), (true, true));
    assert_eq!(cal.is_workday(d(2026, 12, 28)), (true, true));
    let r = cal.add_workdays(d(2026, 12, 31), 1);
    assert_eq!(r.date, d(2027, 1, 2));
    assert!(r.unknown_years.is_empty());
}

#[test]
fn unknown_years_are_reported() {
    // 12-31 (Thu) known; 2027-01-01 (Fri), 01-04, 01-05 by weekends only.
    let r = builtin().add_workdays(d(2026, 12, 30), 4);
    assert_eq!(r.date, d(2027, 1, 5));
    assert_eq!(r.unknown_years.into_iter().collect::<Vec<_>>(), vec![2027]);
}

/// The 2026 schedule is published whole: the last days of December, after the
/// holiday crate's table stops (12-25), are ordinary known days, so no deadline and no
/// as-of date in 2026 warns of an unknown year.
#[test]
fn december_2026_is_known_to_its_last_day() {
    let cal = builtin();
    let mut day = d(2026, 12, 20);
    while day <= d(2026, 12, 31) {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        assert_eq!(cal.is_workday(day), (!weekend, true), "{day}");
        let theirs = holiday_cn::is_workday(&day.format("%Y-%m-%d").to_string())
            .expect("holiday-cn parses ISO dates");
        assert_eq!(theirs, !weekend, "independent source on {day}");
        day = day.succ_opt().expect("in range");
    }
    // Across the crate's last day: working day before, on and after.
    let r = cal.add_workdays(d(2026, 12, 24), 3);
    assert_eq!(r.date, d(2026, 12, 29));
    assert!(r.unknown_years.is_empty());
    let r = cal.add_workdays(d(2026, 12, 25), 3);
    assert_eq!(r.date, d(2026, 12, 30));
    assert!(r.unknown_years.is_empty());
    let r = cal.add_workdays(d(2026, 12, 28), 3);
    assert_eq!(r.date, d(2026, 12, 31));
    assert!(r.unknown_years.is_empty());
    let r = cal.last_workday_of_month(2026, 12);
    assert_eq!(r.date, d(2026, 12, 31));
    assert!(r.unknown_years.is_empty());
    assert_eq!(cal.count_workdays(d(2026, 12, 24), d(2026, 12, 31)), 5);
}

/// 3 working days after the last working day before each 2025 and 2026 holiday.
#[test]
fn three_working_days_across_every_holiday_2025_2026() {
    let cal = builtin();
    let cases = [
        (d(2024, 12, 31), d(2025, 1, 6)),  // 元旦: 1/1
        (d(2025, 1, 27), d(2025, 2, 7)),   // 春节: 1/28–2/4
        (d(2025, 4, 3), d(2025, 4, 9)),    // 清明: 4/4–4/6
        (d(2025, 4, 30), d(2025, 5, 8)),   // 劳动节: 5/1–5/5
        (d(2025, 5, 30), d(2025, 6, 5)),   // 端午: 5/31–6/2
        (d(2025, 9, 30), d(2025, 10, 11)), // 国庆中秋: 10/1–10/8, 10/11 (Sat) works
        (d(2025, 12, 31), d(2026, 1, 6)),  // 元旦: 1/1–1/3, 1/4 (Sun) works
        (d(2026, 2, 14), d(2026, 2, 26)),  // 春节: 2/15–2/23, 2/14 (Sat) works
        (d(2026, 4, 3), d(2026, 4, 9)),    // 清明: 4/4–4/6
        (d(2026, 4, 30), d(2026, 5, 8)),   // 劳动节: 5/1–5/5
        (d(2026, 6, 18), d(2026, 6, 24)),  // 端午: 6/19–6/21
        (d(2026, 9, 24), d(2026, 9, 30)),  // 中秋: 9/25–9/27
        (d(2026, 9, 30), d(2026, 10, 10)), // 国庆: 10/1–10/7, 10/10 (Sat) works
    ];
    for (from, due) in cases {
        let r = cal.add_workdays(from, 3);
        assert_eq!(r.date, due, "3 working days after {from}");
        assert!(r.unknown_years.is_empty());
        // The day before the due date is a working day or the count would differ.
        assert_eq!(cal.count_workdays(from, due), 3);
    }
    // 5 working days include the make-up Saturdays.
    assert_eq!(cal.add_workdays(d(2026, 2, 14), 5).date, d(2026, 2, 28));
    assert_eq!(cal.add_workdays(d(2026, 4, 30), 5).date, d(2026, 5, 11));
    assert_eq!(cal.add_workdays(d(2026, 5, 8), 1).date, d(2026, 5, 9));
}

#[test]
fn month_arithmetic_clamps_to_month_end() {
    assert_eq!(add_months(d(2026, 1, 31), 1), d(2026, 2, 28));
    assert_eq!(add_months(d(2024, 1, 31), 1), d(2024, 2, 29));
    assert_eq!(add_months(d(2026, 4, 15), 1), d(2026, 5, 15));
    assert_eq!(add_months(d(2026, 12, 31), 1), d(2027, 1, 31));
}

#[test]
fn last_working_day_of_month_skips_holidays_and_weekends() {
    let cal = builtin();
    assert_eq!(cal.last_workday_of_month(2026, 9).date, d(2026, 9, 30));
    assert_eq!(cal.last_workday_of_month(2026, 10).date, d(2026, 10, 30));
    assert_eq!(cal.last_workday_of_month(2026, 1).date, d(2026, 1, 30));
    // 2025-05-31 (Sat) is a holiday; 5-30 Friday works.
    assert_eq!(cal.last_workday_of_month(2025, 5).date, d(2025, 5, 30));
    // 2026-02-28 is a make-up Saturday.
    assert_eq!(cal.last_workday_of_month(2026, 2).date, d(2026, 2, 28));
    // 2025-09: 9-28 (Sun) works but 9-30 (Tue) is later.
    assert_eq!(cal.last_workday_of_month(2025, 9).date, d(2025, 9, 30));
}

/// The precomputed table answers exactly as the day-by-day walk: working days, counts
/// and additions (with the unknown years on the way), with and without config overrides,
/// including the table's edges and dates beyond it.
#[test]
fn the_table_agrees_with_walking_day_by_day() {
    let overrides = (vec![d(2027, 2, 10), d(2027, 2, 11)], vec![d(2027, 2, 7)]);
    for (hol, work) in [(vec![], vec![]), overrides] {
        let fast = Calendar::new(&hol, &work);
        // The same calendar without its table.
        let slow = Calendar {
            table: None,
            ..fast.clone()
        };
        let walk_add = |a: NaiveDate, n: u32| {
            let mut cur = a;
            let mut left = n;
            let mut unknown = BTreeSet::new();
            while left > 0 {
                cur = cur.succ_opt().expect("in range");
                let (w, k) = slow.is_workday(cur);
                if !k {
                    unknown.insert(cur.year());
                }
                if w {
                    left -= 1;
                }
            }
            Reckoned {
                date: cur,
                unknown_years: unknown,
            }
        };
        let starts = [
            d(1999, 12, 25),
            d(2000, 1, 1),
            d(2016, 9, 30),
            d(2026, 9, 30),
            d(2026, 12, 20),
            d(2026, 12, 31),
            d(2027, 2, 5),
            d(2060, 12, 20),
            d(2060, 12, 31),
            d(2061, 1, 3),
        ];
        for a in starts {
            for n in [0, 1, 2, 5, 10, 20, 60, 400] {
                assert_eq!(fast.add_workdays(a, n), walk_add(a, n), "{a} + {n}");
                let b = walk_add(a, n).date;
                assert_eq!(fast.count_workdays(a, b), n, "({a}, {b}]");
                assert_eq!(fast.count_workdays(b, a), 0);
                assert_eq!(fast.is_workday(b), slow.is_workday(b), "{b}");
            }
        }
        let mut day = d(2000, 1, 1);
        while day <= d(2061, 1, 10) {
            assert_eq!(fast.is_workday(day), slow.is_workday(day), "{day}");
            day = day.succ_opt().expect("in range");
        }
    }
}
