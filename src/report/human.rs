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

/// Remove what a terminal would interpret rather than show: escape sequences
/// (`ESC [ … m`, `ESC ] … BEL`, their C1 forms) whole, and every other C0 control
/// but `\n` and `\t`, DEL and the C1 controls. Data (a message quoting a value, a
/// file name, a quoted source line) cannot then clear the screen, recolour the
/// output, set the window title or hide text with carriage returns.
pub fn strip_controls(text: &str) -> String {
    let is_st = |c: char| c == '\u{7}' || c == '\u{9c}';
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // Skip a control sequence's parameters and intermediates, then its final byte.
    let csi = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        while chars
            .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
            .is_some()
        {}
        chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
    };
    // Skip a control string (OSC, DCS, SOS, PM, APC) to its terminator (BEL, ST or
    // ESC \); a line end stops it so the rest of a message stays visible.
    let string = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        while let Some(c) = chars.next_if(|c| *c != '\n') {
            if is_st(c) {
                break;
            }
            if c == '\u{1b}' {
                chars.next_if_eq(&'\\');
                break;
            }
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    csi(&mut chars);
                }
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    string(&mut chars);
                }
                Some(n) if ('\u{20}'..='\u{2f}').contains(&n) => {
                    while chars
                        .next_if(|c| ('\u{20}'..='\u{2f}').contains(c))
                        .is_some()
                    {}
                    chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
                }
                Some(n) if ('\u{30}'..='\u{7e}').contains(&n) => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => csi(&mut chars),
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => string(&mut chars),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn block(s: &mut String, ledger: &Ledger, f: &Finding) {
    let sev = match f.severity {
        Severity::Error => "错误",
        Severity::Warning => "警告",
    };
    let rule = f.rule.map(|r| format!("/{r}")).unwrap_or_default();
    let _ = writeln!(s, "{sev}[{}{rule}]: {}", f.code, strip_controls(&f.message));
    let gutter = " ".repeat(f.line.to_string().len());
    let _ = writeln!(
        s,
        "{gutter}--> {}:{}:{}",
        strip_controls(&f.file),
        f.line,
        f.column
    );
    if let Some(src) = source_of(ledger, f) {
        let text = src.line_text(f.line);
        if !text.is_empty() {
            // Columns count the characters as written; widths are of what is shown.
            let shown = strip_controls(text).replace('\t', "    ");
            let prefix: String = text
                .chars()
                .take(f.column.saturating_sub(1))
                .collect::<String>();
            let pad = strip_controls(&prefix).replace('\t', "    ").width();
            let marked: String = text
                .chars()
                .skip(f.column.saturating_sub(1))
                .take(f.width.max(1))
                .collect();
            let carets = strip_controls(&marked).width().max(1);
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

#[cfg(test)]
mod tests {
    use super::strip_controls;

    #[test]
    fn escape_sequences_go_whole_and_text_stays() {
        assert_eq!(strip_controls("a\u{1b}[1;31mb\u{1b}[0mc"), "abc");
        assert_eq!(strip_controls("标题\u{1b}]0;pwned\u{7}正文"), "标题正文");
        assert_eq!(strip_controls("x\u{1b}]8;;http://e\u{1b}\\y"), "xy");
        assert_eq!(strip_controls("x\u{1b}(By\u{1b}cz"), "xyz");
        assert_eq!(strip_controls("x\u{9b}2Jy\u{9d}t\u{9c}z"), "xyz");
        assert_eq!(strip_controls("a\rb\u{7f}c\u{85}d\u{0}e\u{8}f"), "abcdef");
        assert_eq!(strip_controls("行一\n\t行二"), "行一\n\t行二");
        // An unterminated string stops at the line end.
        assert_eq!(strip_controls("a\u{1b}]0;x\nb"), "a\nb");
        assert_eq!(strip_controls("末尾\u{1b}"), "末尾");
    }
}
