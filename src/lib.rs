//! tongbao: checks a county's investment-promotion project ledger (招商引资项目台账)
//! and builds its static site.
//!
//! Data flows one way: [`load`] (read + parse) → [`rules`] (validate and judge
//! deadlines as of a date) → [`report`] (print findings). Everything but
//! [`load::read_dir`] and the printers is pure and tested without files.

pub mod agreement;
pub mod calendar;
pub mod charts;
pub mod codeowners;
pub mod config;
pub mod derive;
pub mod editorial;
pub mod findings;
pub mod gitlog;
pub mod html;
pub mod import;
pub mod load;
pub mod model;
pub mod parse;
pub mod report;
pub mod rollup;
pub mod rules;
pub mod safe_fs;
pub mod scaffold;
pub mod schema;
pub mod site;
pub mod source;
pub mod targets;
pub mod tasks;
pub mod timings;
pub mod view;

use chrono::NaiveDate;
use findings::Finding;
use load::{Ledger, RawData};

/// The result of checking a ledger.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The parsed ledger (files that failed to parse are left out).
    pub ledger: Ledger,
    /// The as-of date used.
    pub as_of: NaiveDate,
    /// All findings, sorted as the contract says.
    pub findings: Vec<Finding>,
}

/// The as-of date: the explicit one, else config `as_of`, else today in Asia/Shanghai.
pub fn resolve_as_of(explicit: Option<NaiveDate>, ledger: &Ledger) -> NaiveDate {
    explicit
        .or(ledger.config.as_of.map(|d| d.0))
        .unwrap_or_else(today_shanghai)
}

/// Today's date in Asia/Shanghai (UTC+8, no daylight saving).
pub fn today_shanghai() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(8)).date_naive()
}

/// Parse and check raw data as of a date (or the config/today default).
///
/// When `data/units.toml` or `data/config.toml` fails to load (refused, not decodable
/// or not parsable), the findings that exist only because of it are left out — every
/// unit reference of every record would be "unknown", approval tiers would be judged
/// without the units' own approval powers or the configured classes, and
/// CODEOWNERS would look stale — and one `unknown-ref` warning at the first error of
/// the file that failed says how many were left out. The rest keeps the contract's order.
pub fn check(raw: &RawData, as_of: Option<NaiveDate>) -> Checked {
    check_timed(raw, as_of, &timings::Timings::new())
}

/// [`check`], recording the phases `parse` and `rules` in `t`.
pub fn check_timed(raw: &RawData, as_of: Option<NaiveDate>, t: &timings::Timings) -> Checked {
    check_owned(raw.clone(), as_of, t)
}

/// [`check_timed`] taking the raw data, which is freed as it is parsed (a large
/// ledger is then not held twice).
pub fn check_owned(raw: RawData, as_of: Option<NaiveDate>, t: &timings::Timings) -> Checked {
    check_with_history(raw, as_of, gitlog::History::NotRead, t)
}

/// [`check_owned`] with the records' change history read from Git ([`gitlog::read`]),
/// which the `stale` rule and the pages use.
pub fn check_with_history(
    mut raw: RawData,
    as_of: Option<NaiveDate>,
    history: gitlog::History,
    t: &timings::Timings,
) -> Checked {
    let owners_refused = raw.refused.iter().any(|f| f.file == codeowners::PATH);
    let owners = raw
        .codeowners
        .take()
        .map(|f| String::from_utf8_lossy(&f.bytes).into_owned());
    let (mut ledger, mut findings) = t.time("parse", || Ledger::parse_owned(raw));
    ledger.history = history;
    let failed = |path: &str| {
        findings
            .iter()
            .any(|f| f.file == path && f.severity == findings::Severity::Error)
    };
    let units_failed = failed(load::UNITS_PATH);
    let config_failed = failed(load::CONFIG_PATH);
    let as_of = resolve_as_of(as_of, &ledger);
    let ctx = rules::Context::new(&ledger.config, as_of);
    let mut suppressed = Suppressed::default();
    let found = t.time("rules", || rules::check_ledger(&ledger, &ctx));
    for f in found {
        if !suppressed.count(&ledger, &f, units_failed, config_failed) {
            findings.push(f);
        }
    }
    if let Some(f) = codeowners::check(&ledger, owners.as_deref()).filter(|_| !owners_refused) {
        if units_failed {
            suppressed.codeowners += 1;
        } else {
            findings.push(f);
        }
    }
    if let Some(mut note) = suppressed.summary(units_failed, config_failed) {
        // Right after the error that caused it (same line; `unknown-ref` sorts after
        // `parse`, `encoding`, `schema` and `path`).
        note.line = findings
            .iter()
            .filter(|f| f.file == note.file && f.severity == findings::Severity::Error)
            .map(|f| f.line)
            .min()
            .unwrap_or(1);
        findings.push(note);
    }
    t.time("rules", || Finding::sort_all(&mut findings));
    Checked {
        ledger,
        as_of,
        findings,
    }
}

/// Follow-on findings left out because units or config failed to load.
#[derive(Default)]
struct Suppressed {
    units: usize,
    categories: usize,
    approvals: usize,
    codeowners: usize,
}

impl Suppressed {
    /// Whether `f` exists only because the units or the config could not be read
    /// (then it is counted and left out).
    fn count(&mut self, ledger: &Ledger, f: &Finding, units_failed: bool, config: bool) -> bool {
        use findings::Code;
        match f.code {
            Code::Approval if units_failed || config => self.approvals += 1,
            // `[tracking] industries` against `categories`: the config's own finding.
            Code::UnknownRef if f.file == load::CONFIG_PATH => return false,
            Code::UnknownRef => {
                let category = ledger
                    .records
                    .iter()
                    .find(|r| r.source.path == f.file)
                    .is_some_and(|r| {
                        let p = r.source.pos(r.project.category.span());
                        (p.line, p.column) == (f.line, f.column)
                    });
                match (category, units_failed, config) {
                    (true, _, true) => self.categories += 1,
                    (false, true, _) => self.units += 1,
                    _ => return false,
                }
            }
            _ => return false,
        }
        true
    }

    /// One warning saying what was left out, at the file that failed to load.
    fn summary(&self, units_failed: bool, config_failed: bool) -> Option<Finding> {
        let total = self.units + self.categories + self.approvals + self.codeowners;
        if total == 0 {
            return None;
        }
        let file = if units_failed {
            load::UNITS_PATH
        } else {
            load::CONFIG_PATH
        };
        let mut parts = Vec::new();
        for (n, what) in [
            (self.units, "引用的单位不存在"),
            (self.categories, "项目类别不在允许范围"),
            (self.approvals, "审批程序不符"),
            (self.codeowners, "CODEOWNERS 过期"),
        ] {
            if n > 0 {
                parts.push(format!("{what} {n} 条"));
            }
        }
        let failed = match (units_failed, config_failed) {
            (true, true) => "data/units.toml 和 data/config.toml",
            (true, false) => "data/units.toml",
            _ => "data/config.toml",
        };
        Some(Finding::new(
            findings::Severity::Warning,
            findings::Code::UnknownRef,
            file,
            format!(
                "{failed} 有错误、未能载入，由此引起的 {total} 条后续问题暂不报告（{}）：它们不是各记录本身的错误。请先改正 {failed} 的错误，再运行 tongbao check 查看其余问题",
                parts.join("，")
            ),
        ))
    }
}
