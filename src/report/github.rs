//! `--format github`: workflow commands (errors first; GitHub shows only 10 of each
//! kind per step) and a complete Markdown summary grouped by unit for
//! `$GITHUB_STEP_SUMMARY` (at most 1 MiB).

use super::human::strip_controls;
use crate::findings::{Finding, Severity, counts};
use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// GitHub shows at most this many annotations of one severity per step.
pub const ANNOTATIONS_PER_KIND: usize = 10;
/// The step summary size limit.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

/// A workflow command's message: `%`, `\r`, `\n` encoded as the runner decodes
/// them, then any other control character (terminal escapes) removed.
fn escape_data(s: &str) -> String {
    strip_controls(
        &s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A"),
    )
}

/// A workflow command's property value: as [`escape_data`], and `:` and `,`, which
/// would end the value.
fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The workflow commands, errors first.
pub fn commands(findings: &[Finding]) -> String {
    commands_scoped(findings, None)
}

/// The findings that get an annotation, in the order they are emitted: errors, then
/// warnings. With `changed` (`check --changed-since`), the changed files' findings come
/// first within each kind, so that GitHub's 10 per kind show the author's own; the
/// errors of other files follow (they fail the check, so they must be seen); the
/// warnings of other files are left to the summary.
pub fn annotated<'a>(
    findings: &'a [Finding],
    changed: Option<&BTreeSet<String>>,
) -> Vec<&'a Finding> {
    let mut out = Vec::with_capacity(findings.len());
    for sev in [Severity::Error, Severity::Warning] {
        let of_kind = findings.iter().filter(|f| f.severity == sev);
        match changed {
            None => out.extend(of_kind),
            Some(changed) => {
                let (mine, others): (Vec<&Finding>, Vec<&Finding>) =
                    of_kind.partition(|f| changed.contains(&f.file));
                out.extend(mine);
                if sev == Severity::Error {
                    out.extend(others);
                }
            }
        }
    }
    out
}

/// The workflow commands of [`annotated`].
pub fn commands_scoped(findings: &[Finding], changed: Option<&BTreeSet<String>>) -> String {
    let mut s = String::new();
    for f in annotated(findings, changed) {
        let kind = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let title = match f.rule {
            Some(r) => format!("{}{}（{}/{}）", r.label(), f.code.label(), f.code, r),
            None => format!("{}（{}）", f.code.label(), f.code),
        };
        let _ = writeln!(
            s,
            "::{kind} file={},line={},col={},title={}::{}",
            escape_prop(&f.file),
            f.line,
            f.column,
            escape_prop(&title),
            escape_data(&f.message)
        );
    }
    s
}

/// Data in the Markdown summary, shown as typed: no control characters, line ends
/// as spaces, HTML (`<`, `>`, `&`) escaped so no tag from data is rendered, and the
/// characters that would end a table cell (`|`), make a link or image (`[`, `]`),
/// escape the next character (`\\`) or format text (`` ` ``, `*`, `_`, `~`) written
/// as entities. (Backticks too: inside a code span entities would show as typed.)
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in strip_controls(s).chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            '\\' => out.push_str("&#92;"),
            '`' => out.push_str("&#96;"),
            '*' => out.push_str("&#42;"),
            '_' => out.push_str("&#95;"),
            '~' => out.push_str("&#126;"),
            c => out.push(c),
        }
    }
    out
}

/// The Markdown summary: counts, what the annotations could not show, then every
/// finding grouped by unit. Cut to fit 1 MiB, saying so.
pub fn summary(
    as_of: NaiveDate,
    findings: &[Finding],
    unit_names: &BTreeMap<String, String>,
) -> String {
    summary_scoped(as_of, findings, unit_names, None)
}

/// The summary for `check --changed-since`: as [`summary`], and first the changed files'
/// findings, saying which findings had no annotation (see [`annotated`]).
pub fn summary_scoped(
    as_of: NaiveDate,
    findings: &[Finding],
    unit_names: &BTreeMap<String, String>,
    changed: Option<&BTreeSet<String>>,
) -> String {
    let (e, w) = counts(findings);
    let mut s = String::new();
    let _ = writeln!(s, "## 台账检查（核查日 {as_of}）\n");
    if findings.is_empty() {
        let _ = writeln!(s, "全部记录通过检查。");
        return s;
    }
    let _ = writeln!(s, "**{e} 个错误，{w} 个警告。**\n");
    let marked = annotated(findings, changed);
    let (me, mw) = counts_of(&marked);
    let shown_marks = me.min(ANNOTATIONS_PER_KIND) + mw.min(ANNOTATIONS_PER_KIND);
    let hidden = findings.len() - shown_marks;
    if let Some(changed) = changed {
        let mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| changed.contains(&f.file))
            .collect();
        let (ce, cw) = counts_of(&mine);
        let _ = writeln!(
            s,
            "本次改动的文件：**{ce} 个错误，{cw} 个警告**（先标注在代码上）；其他文件的警告不标注，只列在下表。\n"
        );
    }
    if hidden > 0 {
        let _ = writeln!(
            s,
            "> GitHub 每一步最多显示 10 条错误和 10 条警告注释，另有 {hidden} 条未能在代码上标注；完整清单见下表。\n"
        );
    }
    let mut by_unit: BTreeMap<String, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        by_unit
            .entry(f.unit.clone().unwrap_or_default())
            .or_default()
            .push(f);
    }
    let label = |unit: &str| {
        if unit.is_empty() {
            "（无单位：配置与单位清单）".to_string()
        } else {
            match unit_names.get(unit) {
                Some(n) => format!("{n}（{unit}）"),
                None => unit.to_string(),
            }
        }
    };
    // Counts by unit first: complete even when the details below must be cut.
    let _ = writeln!(s, "| 单位 | 错误 | 警告 |\n|---|---:|---:|");
    for (unit, list) in &by_unit {
        let ue = list
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        let _ = writeln!(s, "| {} | {ue} | {} |", cell(&label(unit)), list.len() - ue);
    }
    s.push('\n');
    // Sections: the changed files' findings first (a copy, for the author), then the
    // complete list by unit. `shown` counts the rows of the complete list.
    let mut sections: Vec<(String, Vec<&Finding>, bool)> = Vec::new();
    if let Some(changed) = changed {
        let mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| changed.contains(&f.file))
            .collect();
        if !mine.is_empty() {
            sections.push(("本次改动的文件".to_string(), mine, false));
        }
    }
    for (unit, list) in &by_unit {
        sections.push((label(unit), list.clone(), true));
    }
    let mut body = String::new();
    let mut shown = 0;
    'outer: for (name, list, complete) in &sections {
        let mut part = format!(
            "### {}\n\n| 级别 | 代码 | 规则 | 项目 | 位置 | 期限 | 说明 |\n|---|---|---|---|---|---|---|\n",
            cell(name)
        );
        for f in list {
            let row = format!(
                "| {} | {} | {} | {} | {}:{} | {} | {} |\n",
                f.severity.label(),
                f.code,
                f.rule.map(|r| r.as_str()).unwrap_or(""),
                cell(f.project.as_deref().unwrap_or("")),
                cell(&f.file),
                f.line,
                f.due.map(|d| d.to_string()).unwrap_or_default(),
                cell(&f.message)
            );
            if s.len() + body.len() + part.len() + row.len() + 200 > SUMMARY_LIMIT {
                body.push_str(&part);
                break 'outer;
            }
            part.push_str(&row);
            if *complete {
                shown += 1;
            }
        }
        part.push('\n');
        body.push_str(&part);
    }
    s.push_str(&body);
    if shown < findings.len() {
        let _ = writeln!(
            s,
            "\n> 摘要超过 GitHub 1 MiB 上限，另有 {} 条未列出；请在本地运行 `tongbao check` 查看全部。",
            findings.len() - shown
        );
    }
    s
}

/// Errors and warnings among some findings.
fn counts_of(list: &[&Finding]) -> (usize, usize) {
    let e = list
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    (e, list.len() - e)
}
