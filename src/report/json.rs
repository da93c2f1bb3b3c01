//! `--format json`: one object, exactly the fields of docs/contract.md §5.

use crate::findings::{Finding, counts};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
struct Out<'a> {
    as_of: String,
    errors: usize,
    warnings: usize,
    findings: &'a [Finding],
}

/// Render findings (already sorted) as the JSON contract.
pub fn render(as_of: NaiveDate, findings: &[Finding]) -> String {
    let (errors, warnings) = counts(findings);
    let out = Out {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        errors,
        warnings,
        findings,
    };
    // Serialising plain strings and numbers cannot fail.
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
