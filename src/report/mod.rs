//! Printing findings: human (rustc-style), json (the contract of docs/contract.md §5) and
//! github (workflow commands + step summary). Each printer returns a `String`; the
//! caller writes it.

pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;

use crate::findings::Finding;
use crate::load::Ledger;
use crate::source::Source;

/// Find the source text of a finding's file, for showing its line.
pub fn source_of<'a>(ledger: &'a Ledger, f: &Finding) -> Option<&'a Source> {
    if ledger.units_source.path == f.file {
        return Some(&ledger.units_source);
    }
    if !ledger.config_source.path.is_empty() && ledger.config_source.path == f.file {
        return Some(&ledger.config_source);
    }
    ledger
        .records
        .binary_search_by(|r| r.source.path.as_str().cmp(f.file.as_str()))
        .ok()
        .map(|i| &ledger.records[i].source)
        .or_else(|| ledger.broken.iter().find(|s| s.path == f.file))
        .or_else(|| {
            ledger
                .targets
                .iter()
                .map(|t| &t.source)
                .find(|s| s.path == f.file)
        })
}
