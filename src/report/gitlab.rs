//! `--format gitlab`: GitLab's code-quality report (a Code Climate JSON array), so an
//! intranet GitLab shows the findings on the changed lines of a merge request.

use crate::findings::{Finding, Severity};
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: String,
    fingerprint: String,
    severity: &'static str,
    location: Location<'a>,
}

/// FNV-1a, 64 bit: a stable fingerprint without another dependency.
fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// Render findings as a code-quality report.
///
/// GitLab tells new findings from old ones by comparing the merge request's report with
/// the default branch's by fingerprint. So the fingerprint names what the finding is
/// about — code and rule, file, project, due date — and not the line (a line added above
/// moves it) nor the message (`--changed-since` adds a note to it). Findings alike in all
/// of these (two schema errors in one file) are told apart by their order among
/// themselves.
pub fn render(findings: &[Finding]) -> String {
    let mut seen: HashMap<(String, &str, &str, String), usize> = HashMap::new();
    let issues: Vec<Issue> = findings
        .iter()
        .map(|f| {
            let check = match f.rule {
                Some(r) => format!("tongbao/{}/{}", f.code, r),
                None => format!("tongbao/{}", f.code),
            };
            let due = f.due.map(|d| d.to_string()).unwrap_or_default();
            let project = f.project.as_deref().unwrap_or("");
            let n = seen
                .entry((check.clone(), f.file.as_str(), project, due.clone()))
                .or_insert(0);
            let occurrence = n.to_string();
            *n += 1;
            Issue {
                fingerprint: fnv(&[&check, &f.file, project, &due, &occurrence]),
                description: f.message.clone(),
                check_name: check,
                severity: match f.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path: &f.file,
                    lines: Lines { begin: f.line },
                },
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}
