//! `--format human`: one rustc-style block per finding, in Chinese, with the source
//! line and a caret aligned by display width (a Chinese character is two cells).

use super::source_of;
use crate::findings::{Finding, Severity, counts};
use crate::load::Ledger;
use chrono::NaiveDate;
use std::fmt::Write;
use unicode_width::UnicodeWidthStr;

/// Render findings for a terminal (no colour). The problems of `data/config.toml` and
/// `data/units.toml` come first (everything else depends on them; when one fails to
/// load its note says how many follow-on findings were left out), the rest in the
/// contract's order.
pub fn render(ledger: &Ledger, as_of: NaiveDate, findings: &[Finding]) -> String {
    let mut s = String::new();
    let base =
        |f: &&Finding| f.file == crate::load::CONFIG_PATH || f.file == crate::load::UNITS_PATH;
    for f in findings.iter().filter(base) {
        block(&mut s, ledger, f);
    }
    for f in findings.iter().filter(|f| !base(f)) {
        block(&mut s, ledger, f);
    }
    let (e, w) = counts(findings);
    if findings.is_empty() {
        let _ = writeln!(
            s,
            "核查日 {as_of}：全部 {} 个项目均无问题。",
            ledger.records.len()
        );
    } else {
        let _ = writeln!(
            s,
            "核查日 {as_of}：{} 个项目，{e} 个错误，{w} 个警告。{}",
            ledger.records.len(),
            if e > 0 {
                "有错误，检查未通过。"
            } else {
                "只有警告，检查通过。"
            }
        );
    }
    s
}

fn block(s: &mut String, ledger: &Ledger, f: &Finding) {
    let sev = match f.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let rule = f.rule.map(|r| format!("/{r}")).unwrap_or_default();
    let _ = writeln!(s, "{sev}[{}{rule}]: {}", f.code, f.message);
    let gutter = " ".repeat(f.line.to_string().len());
    let _ = writeln!(s, "{gutter}--> {}:{}:{}", f.file, f.line, f.column);
    if let Some(src) = source_of(ledger, f) {
        let text = src.line_text(f.line);
        if !text.is_empty() {
            let shown = text.replace('\t', "    ");
            let prefix: String = text
                .chars()
                .take(f.column.saturating_sub(1))
                .collect::<String>();
            let pad = prefix.replace('\t', "    ").width();
            let marked: String = text
                .chars()
                .skip(f.column.saturating_sub(1))
                .take(f.width.max(1))
                .collect();
            let carets = marked.width().max(1);
            let _ = writeln!(s, "{gutter} |");
            let _ = writeln!(s, "{} | {shown}", f.line);
            let _ = writeln!(s, "{gutter} | {}{}", " ".repeat(pad), "^".repeat(carets));
        }
    }
    if let Some(d) = f.due {
        let _ = writeln!(s, "{gutter} = 期限: {d}");
    }
    s.push('\n');
}
