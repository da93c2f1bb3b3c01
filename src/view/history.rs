//! Month-by-month history: for each month from the first dated fact to the as-of
//! month, everything a bulletin shows, computed from the projects as known at that
//! month's last day (the as-of date for the current month). A past month therefore
//! never changes when later facts are added: dated facts after its end are ignored, and
//! so are facts recorded after it — an extension decided later (`*_extended_on`), a
//! report submitted later (`submitted`), a change of landing unit (`[[transfers]]`).
//! Only an extension or a report without its date of record counts in every month.

use super::figures::{self, Activity, Item, NoticeRow, StageRow};
use super::scoring::{
    Components, OpenItems, Ranked, add, month_components, open_items, rank, with_open,
};
use super::{Month, Period, first_facts, months, snapshot_known};
use crate::load::Ledger;
use crate::model::MIN_DATE;
use crate::rules::Context;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// What one month's bulletin needs.
#[derive(Debug, Clone)]
pub struct MonthData<'a> {
    /// The month.
    pub month: Month,
    /// The date its figures are computed as of.
    pub as_of: NaiveDate,
    /// Projects by stage.
    pub stages: Vec<StageRow>,
    /// What happened in the month.
    pub month_activity: Activity,
    /// What happened in the year up to the month's end.
    pub ytd_activity: Activity,
    /// Score components of every unit for the month (deadlines charged in the month
    /// in which they became overdue).
    pub comps: BTreeMap<String, Components>,
    /// Items still overdue at the month's end, per unit (the red list's counts).
    pub open: BTreeMap<String, OpenItems>,
    /// The month's ranking of ranked units.
    pub ranking: Vec<Ranked>,
    /// Overdue items as of the month's end.
    pub red: Vec<Item<'a>>,
    /// Items due soon.
    pub yellow: Vec<Item<'a>>,
    /// Open or newly issued 督办 notices.
    pub notices: Vec<NoticeRow>,
    /// For a quarter's last month (or the as-of month): the quarter's components, the
    /// sum of its months.
    pub quarter: Option<BTreeMap<String, Components>>,
    /// Number of projects known (增资 records not counted).
    pub projects: usize,
}

/// The first month with a dated fact, if any. Never before 2000-01
/// ([`MIN_DATE`]): records cannot carry earlier dates (they are refused when read), and
/// a ledger built another way must not make a bulletin for every month since year 205.
pub fn first_month(ledger: &Ledger) -> Option<Month> {
    earliest(&first_facts(ledger))
}

/// The month of the earliest of the records' first facts ([`first_month`]).
fn earliest(firsts: &[Option<NaiveDate>]) -> Option<Month> {
    firsts
        .iter()
        .flatten()
        .min()
        .map(|d| Month::of((*d).max(MIN_DATE)))
}

/// Compute every month from the first dated fact to the as-of month.
pub fn history<'a>(ledger: &'a Ledger, ctx: &Context) -> Vec<MonthData<'a>> {
    let firsts = first_facts(ledger);
    let Some(first) = earliest(&firsts) else {
        return Vec::new();
    };
    let last = Month::of(ctx.as_of);
    // One month at a time, each computed in parallel inside: a month holds a snapshot
    // of every project while it is computed, and months side by side kept several
    // snapshots alive at once (+50–70 MB at 10,000 projects, issue 11).
    let mut out: Vec<MonthData> = months(first, last)
        .into_iter()
        .map(|m| month_data(ledger, ctx, &firsts, m))
        .collect();
    // A quarter is the sum of its months (those in the history).
    let mut acc: BTreeMap<String, Components> = BTreeMap::new();
    for k in 0..out.len() {
        let m = out[k].month;
        if k == 0 || m.month % 3 == 1 || out[k - 1].month.quarter() != m.quarter() {
            acc.clear();
        }
        add(&mut acc, &out[k].comps);
        if m.month.is_multiple_of(3) || m == last {
            out[k].quarter = Some(acc.clone());
        }
    }
    out
}

/// One month of the history (see [`history`]).
fn month_data<'a>(
    ledger: &'a Ledger,
    ctx: &Context,
    firsts: &[Option<NaiveDate>],
    m: Month,
) -> MonthData<'a> {
    let as_of = m.last().min(ctx.as_of);
    let cm = ctx.at(as_of);
    let snap = snapshot_known(ledger, &cm, Some(firsts));
    let month = Period {
        start: m.first(),
        end: as_of,
    };
    let ytd = Period::year_to_date(as_of);
    // The two heavy figures side by side, the four light ones beside them.
    let ((comps, (red, yellow)), (stages, month_activity, ytd_activity, notices)) = rayon::join(
        || {
            rayon::join(
                || month_components(ledger, &snap, month),
                || figures::lights(ledger, &snap, &cm.calendar),
            )
        },
        || {
            (
                figures::by_stage(&snap),
                figures::activity(&snap, month),
                figures::activity(&snap, ytd),
                figures::notices(ledger, &snap, month),
            )
        },
    );
    let open = open_items(&red);
    let mut ranking = rank(ledger, &comps);
    with_open(&mut ranking, &open);
    MonthData {
        month: m,
        as_of,
        stages,
        month_activity,
        ytd_activity,
        comps,
        open,
        ranking,
        red,
        yellow,
        notices,
        quarter: None,
        // A 增资 record is not a project of its own.
        projects: snap
            .items
            .iter()
            .filter(|i| !super::funds::is_expansion(i.project))
            .count(),
    }
}

/// Components of a year up to the last month in `months`: the sum of its months, so
/// the year table agrees with the monthly bulletins by construction.
pub fn year_components(
    ledger: &Ledger,
    months: &[MonthData],
    year: i32,
) -> BTreeMap<String, Components> {
    let mut acc: BTreeMap<String, Components> = ledger
        .units
        .iter()
        .map(|u| (u.id.get_ref().clone(), Components::default()))
        .collect();
    for m in months.iter().filter(|m| m.month.year == year) {
        add(&mut acc, &m.comps);
    }
    acc
}
