//! Working-day calendar: the State Council holiday schedule (with 调休 make-up workdays)
//! from the `chinese_holiday` crate, corrected by a small errata table and extended by
//! the `[calendar]` overrides of `data/config.toml`.
//!
//! Pure: no I/O, never panics for any date. A built-in year is known to 31 December.
//! A date the calendar does not know is a working day iff Monday–Friday, and the year
//! is reported so the caller can warn.

use chrono::{Datelike, Months, NaiveDate, Weekday};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// First day the `chinese_holiday` data covers.
pub const BUILTIN_FIRST: NaiveDate = match NaiveDate::from_ymd_opt(2004, 1, 1) {
    Some(d) => d,
    None => panic!("invalid constant"),
};
/// Last day the `chinese_holiday` data covers (the crate panics after it).
pub const CRATE_LAST: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 25) {
    Some(d) => d,
    None => panic!("invalid constant"),
};
/// Last day of the last year whose State Council schedule is published and built in
/// (2026: 国办发明电〔2025〕7号). The crate's table stops at [`CRATE_LAST`], after the
/// year's last listed holiday, so the days after it up to 31 December are ordinary
/// days: Monday–Friday work, weekends rest. They are known days, not a fallback.
pub const BUILTIN_LAST: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 31) {
    Some(d) => d,
    None => panic!("invalid constant"),
};

/// Days where the crate's table disagrees with the published State Council notices
/// (checked against the independent holiday-cn data in the tests): `true` = workday.
const ERRATA: &[((i32, u32, u32), bool)] = &[
    // 国办发明电〔2015〕18号: 10月9日（星期日）上班.
    ((2016, 10, 9), true),
    // 国办发明电〔2016〕5号: 元旦 2016年12月31日至2017年1月2日; 12月30日（星期五）上班.
    ((2016, 12, 30), true),
];

/// A result that may have needed days the calendar does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reckoned {
    /// The computed date.
    pub date: NaiveDate,
    /// Years whose schedule was unknown on the way (weekends-only fallback used).
    pub unknown_years: BTreeSet<i32>,
}

/// First day of the precomputed table ([`crate::model::MIN_DATE`]: no record is earlier).
const TABLE_FIRST: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(d) => d,
    None => panic!("invalid constant"),
};
/// Days in the table: 2000-01-01 to 2060-12-31, beyond the latest date a record may
/// carry (ten years after an as-of at most a year after today) plus the longest
/// deadline. Dates outside are answered day by day, as before.
const TABLE_DAYS: usize = 22_281;

/// Every day of [`TABLE_FIRST`].. answered once: working day, known, and running
/// counts, so that counting and adding working days is a lookup, not a walk (the
/// site's month-by-month history asks millions of times).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Table {
    /// Per day: bit 0 working day, bit 1 schedule known.
    day: Vec<u8>,
    /// `work[i]`: working days among the first `i` days.
    work: Vec<u32>,
    /// `unknown[i]`: days of unknown schedule among the first `i` days.
    unknown: Vec<u32>,
}

impl Table {
    fn index(d: NaiveDate) -> Option<usize> {
        usize::try_from(d.signed_duration_since(TABLE_FIRST).num_days())
            .ok()
            .filter(|i| *i < TABLE_DAYS)
    }
}

/// The working-day calendar.
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    overrides: BTreeMap<NaiveDate, bool>,
    known_until: Option<NaiveDate>,
    table: Option<Arc<Table>>,
}

impl Calendar {
    /// The built-in calendar plus config overrides: `holidays` are days off,
    /// `workdays` are working days (make-up days). A year named in the overrides
    /// counts as known to its end, so a county can add next year's schedule.
    pub fn new(holidays: &[NaiveDate], workdays: &[NaiveDate]) -> Calendar {
        let mut overrides = BTreeMap::new();
        for d in holidays {
            overrides.insert(*d, false);
        }
        for d in workdays {
            overrides.insert(*d, true);
        }
        let known_until = overrides
            .keys()
            .map(|d| d.year())
            .max()
            .and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31))
            .filter(|d| *d > BUILTIN_LAST);
        let mut cal = Calendar {
            overrides,
            known_until,
            table: None,
        };
        let mut table = Table {
            day: Vec::with_capacity(TABLE_DAYS),
            work: Vec::with_capacity(TABLE_DAYS + 1),
            unknown: Vec::with_capacity(TABLE_DAYS + 1),
        };
        table.work.push(0);
        table.unknown.push(0);
        let mut d = TABLE_FIRST;
        for _ in 0..TABLE_DAYS {
            let (work, known) = cal.is_workday_slow(d);
            table.day.push(u8::from(work) | (u8::from(known) << 1));
            let (w, u) = (
                table.work[table.work.len() - 1],
                table.unknown[table.unknown.len() - 1],
            );
            table.work.push(w + u32::from(work));
            table.unknown.push(u + u32::from(!known));
            d = d.succ_opt().unwrap_or(d);
        }
        cal.table = Some(Arc::new(table));
        cal
    }

    /// Whether the schedule of `d` is known (built in or given by config).
    pub fn knows(&self, d: NaiveDate) -> bool {
        if self.overrides.contains_key(&d) {
            return true;
        }
        let last = self.known_until.unwrap_or(BUILTIN_LAST);
        d >= BUILTIN_FIRST && d <= last
    }

    /// Is `d` a working day? The second value is false when the schedule of `d` is
    /// unknown and the answer is the weekend-only fallback.
    pub fn is_workday(&self, d: NaiveDate) -> (bool, bool) {
        if let Some(t) = &self.table
            && let Some(i) = Table::index(d)
        {
            let b = t.day[i];
            return (b & 1 == 1, b & 2 == 2);
        }
        self.is_workday_slow(d)
    }

    /// [`Self::is_workday`] without the table (used to build it).
    fn is_workday_slow(&self, d: NaiveDate) -> (bool, bool) {
        if let Some(w) = self.overrides.get(&d) {
            return (*w, true);
        }
        if let Some(&(_, w)) = ERRATA
            .iter()
            .find(|((y, m, day), _)| d.year() == *y && d.month() == *m && d.day() == *day)
        {
            return (w, true);
        }
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        if d >= BUILTIN_FIRST && d <= CRATE_LAST {
            // In range: the crate cannot panic. Conversions are lossless here.
            let ymd = chinese_holiday::Ymd::new(d.year() as u16, d.month() as u8, d.day() as u8);
            return (chinese_holiday::chinese_holiday(ymd).is_workday(), true);
        }
        (!weekend, self.knows(d))
    }

    /// The `n`-th working day strictly after `d` ("N 个工作日内").
    pub fn add_workdays(&self, d: NaiveDate, n: u32) -> Reckoned {
        if let Some(r) = self.add_workdays_table(d, n) {
            return r;
        }
        let mut unknown = BTreeSet::new();
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => break,
            }
            let (work, known) = self.is_workday(cur);
            if !known {
                unknown.insert(cur.year());
            }
            if work {
                left -= 1;
            }
        }
        Reckoned {
            date: cur,
            unknown_years: unknown,
        }
    }

    /// [`Self::add_workdays`] by lookup, when the start and the result are in the table.
    fn add_workdays_table(&self, d: NaiveDate, n: u32) -> Option<Reckoned> {
        let t = self.table.as_ref()?;
        let i = Table::index(d)?;
        if n == 0 {
            return Some(Reckoned {
                date: d,
                unknown_years: BTreeSet::new(),
            });
        }
        // The result is day j > i with work[j + 1] == work[i + 1] + n: the first index
        // k with work[k] >= that, minus one.
        let want = t.work[i + 1].checked_add(n)?;
        let k = t.work.partition_point(|w| *w < want);
        if k > TABLE_DAYS {
            return None;
        }
        let j = k - 1;
        let date = TABLE_FIRST.checked_add_days(chrono::Days::new(j as u64))?;
        let mut unknown_years = BTreeSet::new();
        if t.unknown[j + 1] > t.unknown[i + 1] {
            // Unknown days lie in (d, date]: name their years.
            let mut cur = d;
            while cur < date {
                cur = cur.succ_opt()?;
                if let Some(x) = Table::index(cur)
                    && t.day[x] & 2 == 0
                {
                    unknown_years.insert(cur.year());
                }
            }
        }
        Some(Reckoned {
            date,
            unknown_years,
        })
    }

    /// Number of working days in `(a, b]` (0 when `b <= a`).
    pub fn count_workdays(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        if b <= a {
            return 0;
        }
        if let Some(t) = &self.table
            && let (Some(i), Some(j)) = (Table::index(a), Table::index(b))
        {
            return t.work[j + 1] - t.work[i + 1];
        }
        let mut n = 0;
        let mut cur = a;
        while cur < b {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => break,
            }
            if self.is_workday(cur).0 {
                n += 1;
            }
        }
        n
    }

    /// The last working day of the month of `d` (月调度: 每月最后一个工作日).
    pub fn last_workday_of_month(&self, year: i32, month: u32) -> Reckoned {
        let mut unknown = BTreeSet::new();
        let mut cur = last_day_of_month(year, month);
        loop {
            let (work, known) = self.is_workday(cur);
            if !known {
                unknown.insert(cur.year());
            }
            if work || cur.day() == 1 {
                break;
            }
            match cur.pred_opt() {
                Some(p) => cur = p,
                None => break,
            }
        }
        Reckoned {
            date: cur,
            unknown_years: unknown,
        }
    }
}

/// "N months after D": the same day N months later, or that month's last day.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    d.checked_add_months(Months::new(n))
        .unwrap_or(NaiveDate::MAX)
}

/// The last calendar day of a month (`month` 1–12; out-of-range input gives MAX).
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1)
        .and_then(|first| first.checked_add_months(Months::new(1)))
        .and_then(|next| next.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests;
