//! 到位资金 and 增资 rules (issue 12): a record's cumulative 到位资金 never exceeds its
//! investment (`funds`, error), and `expands` names another record of the ledger,
//! not itself, not in a cycle, signed on or before the 增资 (`unknown-ref`,
//! `date-order` errors; `prerequisite` warning when the original has no `signed`).

use super::at_record;
use crate::findings::{Code, Finding, Severity};
use crate::load::{Ledger, Record};
use crate::model::day;
use crate::view::funds::overrun;
use std::collections::{BTreeMap, BTreeSet};

/// The ledger's records by id (the first file of a duplicated id, as
/// [`super::structure::check_duplicates`] keeps it), built once per check.
#[derive(Debug, Default)]
pub struct Index<'a> {
    by_id: BTreeMap<&'a str, &'a Record>,
}

impl<'a> Index<'a> {
    /// Index every record of the ledger by id.
    pub fn new(ledger: &'a Ledger) -> Index<'a> {
        let mut by_id = BTreeMap::new();
        for rec in &ledger.records {
            by_id.entry(rec.id()).or_insert(rec);
        }
        Index { by_id }
    }
    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<&'a Record> {
        self.by_id.get(id).copied()
    }
    /// The id a mistyped reference most likely means: equal ignoring case, else the
    /// closest within an edit distance of ⌈len/3⌉ (1–3), ties by id order.
    pub fn nearest(&self, written: &str) -> Option<&'a Record> {
        let w = written.trim();
        if w.is_empty() {
            return None;
        }
        if let Some(r) = self.get(w) {
            return Some(r);
        }
        if let Some(r) = self.by_id.values().find(|r| r.id().eq_ignore_ascii_case(w)) {
            return Some(r);
        }
        let limit = (w.chars().count() / 3).clamp(1, 3);
        self.by_id
            .values()
            .map(|r| (strsim::damerau_levenshtein(w, r.id()), *r))
            .filter(|(d, _)| *d <= limit)
            .min_by_key(|(d, _)| *d)
            .map(|(_, r)| r)
    }
}

/// An amount in 万元 as written in records: up to 4 decimals (1 元), no float noise
/// (0.1 + 0.2 reads 0.3).
fn wan(x: f64) -> String {
    let r = (x * 10_000.0).round() / 10_000.0;
    format!("{}", r + 0.0)
}

/// The 到位资金 and 增资 findings of one record.
pub fn check(rec: &Record, index: &Index) -> Vec<Finding> {
    let mut out = Vec::new();
    let p = &rec.project;

    // Cumulative 到位资金 against the investment (the increment for a 增资).
    if let Some(o) = overrun(p)
        && let Some(r) = p.reports.get(o.report)
    {
        let limit = if p.expands.is_some() {
            format!(
                "本增资记录的增资额 {} 万元（investment_wan；增资记录只计增资额，原项目的到位资金写在原项目中）",
                wan(o.investment_wan)
            )
        } else {
            format!(
                "本项目总投资 {} 万元（investment_wan）",
                wan(o.investment_wan)
            )
        };
        out.push(at_record(
            rec,
            r.month.span(),
            Severity::Error,
            Code::Funds,
            format!(
                "到位资金累计超过总投资：截至 {} 的月调度报告，累计到位资金 {} 万元，超过{limit}。请核对到位资金或总投资：各月 invested_wan 是否多写了位数、把累计数写成了当月数，或总投资是否已调整",
                o.month.key(),
                wan(o.running_wan),
            ),
        ));
    }

    let Some(exp) = &p.expands else {
        return out;
    };
    let target = exp.get_ref().trim();
    let mut push = |severity, code, msg: String| {
        out.push(at_record(rec, exp.span(), severity, code, msg));
    };
    if target == rec.id() {
        push(
            Severity::Error,
            Code::UnknownRef,
            format!(
                "增资的原项目 expands = \"{target}\" 指向本记录自己。expands 应写被增资的原项目的编号；本记录不是增资就删去 expands"
            ),
        );
        return out;
    }
    let Some(orig) = index.get(target) else {
        let mut msg = format!("增资的原项目编号 expands = \"{target}\" 不在台账中。");
        if let Some(n) = index.nearest(target).filter(|n| n.id() != rec.id()) {
            msg.push_str(&format!(
                "是不是指 `{}`（{}）？",
                n.id(),
                n.project.name.get_ref()
            ));
        }
        msg.push_str(
            "请写被增资的原项目的项目编号（data/projects/ 下原项目文件的文件名，如 \"2026-001\"）",
        );
        push(Severity::Error, Code::UnknownRef, msg);
        return out;
    };

    // A cycle: follow expands from the original; coming back here is a cycle.
    let mut chain = vec![rec.id(), orig.id()];
    let mut seen: BTreeSet<&str> = chain.iter().copied().collect();
    let mut cur = orig;
    while let Some(next) = cur.project.expands.as_ref().map(|e| e.get_ref().trim()) {
        let Some(n) = index.get(next) else { break };
        chain.push(n.id());
        if n.id() == rec.id() {
            push(
                Severity::Error,
                Code::UnknownRef,
                format!(
                    "增资关系成环：{}。增资记录的 expands 应指向原项目，原项目本身不写 expands。请删去原项目中的 expands",
                    chain.join(" → ")
                ),
            );
            return out;
        }
        if !seen.insert(n.id()) {
            // A cycle further on that does not pass here: reported on its own records.
            break;
        }
        cur = n;
    }

    // The original is signed on or before the 增资.
    if let Some(signed) = day(&p.dates.signed) {
        match day(&orig.project.dates.signed) {
            Some(o) if o > signed => push(
                Severity::Error,
                Code::DateOrder,
                format!(
                    "增资记录签约日期 {signed} 早于原项目 {}（{}）的签约日期 {o}：增资只能在原项目签约之后。请核对两者的签约日期，或 expands 是否写错了项目",
                    orig.id(),
                    orig.project.name.get_ref()
                ),
            ),
            None => push(
                Severity::Warning,
                Code::Prerequisite,
                format!(
                    "增资记录已签约（{signed}），但原项目 {}（{}）没有签约日期：增资的原项目应是已签约项目。请补填原项目的 signed，或核对 expands 是否写错了项目",
                    orig.id(),
                    orig.project.name.get_ref()
                ),
            ),
            _ => {}
        }
    }
    out
}
