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
    // `to_vec` writes serde_json's output, which is UTF-8.
    String::from_utf8(to_vec(as_of, findings)).unwrap_or_default()
}

/// The same bytes as [`render`], serialised straight into one buffer (the site's
/// `findings.json`, 16 MB at 10,000 projects, without a second copy).
pub fn to_vec(as_of: NaiveDate, findings: &[Finding]) -> Vec<u8> {
    let (errors, warnings) = counts(findings);
    let out = Out {
        as_of: as_of.format("%Y-%m-%d").to_string(),
        errors,
        warnings,
        findings,
    };
    // About 540 bytes a finding in the pretty form; a close guess saves regrowing.
    let mut buf = Vec::with_capacity(128 + findings.len() * 560);
    // Serialising plain strings and numbers into a Vec cannot fail.
    if serde_json::to_writer_pretty(&mut buf, &out).is_err() {
        buf.clear();
    }
    buf.push(b'\n');
    buf
}
