//! Decoding bytes (UTF-8 with optional BOM; GBK and UTF-16 recognised and refused
//! with advice) and parsing TOML into typed records, with toml's English errors
//! said again in Chinese, keeping their position.

use crate::findings::{Code, Finding, Severity};
use crate::load::RawFile;
use crate::source::Source;
use serde::de::DeserializeOwned;

const SAVE_AS_UTF8: &str = "请用 UTF-8 编码重新保存：记事本“文件→另存为”，编码选“UTF-8”；VS Code 点右下角的编码名，选“通过编码保存”→“UTF-8”；WPS/Excel 导出时选“UTF-8”";

/// Decode a raw file: strip a UTF-8 BOM; refuse anything that is not UTF-8.
/// [`decode`] taking the file: a plain UTF-8 file (the usual case) becomes its text
/// without a copy, so a large ledger is not held twice while it is parsed.
pub fn decode_owned(f: RawFile) -> Result<Source, Box<Finding>> {
    if f.bytes.starts_with(b"\xEF\xBB\xBF") {
        return decode(&f);
    }
    match String::from_utf8(f.bytes) {
        Ok(text) => Ok(Source::new(f.path, text)),
        Err(e) => decode(&RawFile {
            path: f.path,
            bytes: e.into_bytes(),
        }),
    }
}

/// Decode a raw file: UTF-8 (a byte-order mark is dropped); anything else is an
/// `encoding` finding that names the encoding it probably is.
pub fn decode(f: &RawFile) -> Result<Source, Box<Finding>> {
    let bytes = f.bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&f.bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(Box::new(Finding::new(
            Severity::Error,
            Code::Encoding,
            &f.path,
            format!("文件是 UTF-16 编码，本工具只读 UTF-8。{SAVE_AS_UTF8}"),
        )));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(f.path.clone(), text.to_string())),
        Err(e) => {
            let bad = e.valid_up_to();
            let line = bytes[..bad].iter().filter(|b| **b == b'\n').count() + 1;
            if e.error_len().is_none() {
                // Valid UTF-8 up to a multi-byte character cut off at the very end:
                // the file was saved or copied incompletely, it is not another encoding.
                let mut finding = Finding::new(
                    Severity::Error,
                    Code::Encoding,
                    &f.path,
                    format!(
                        "文件似乎被截断了：第 {line} 行末尾的最后一个汉字只剩半个（文件没有保存完整或复制中断）。请用编辑器打开，补全最后一行后重新保存（编码 UTF-8），或从 Git 历史中恢复完整的文件"
                    ),
                );
                finding.line = line;
                return Err(Box::new(finding));
            }
            let line_start = bytes[..bad]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[bad..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| bad + i);
            let raw_line = &bytes[line_start..line_end];
            let (gbk, _, had_errors) = encoding_rs::GBK.decode(raw_line);
            let hint = if had_errors {
                "它可能是 GBK/GB18030（Windows 下常说的“ANSI”）或其他编码".to_string()
            } else {
                format!(
                    "看起来是 GBK 编码（Windows 下常说的“ANSI”），按 GBK 读出这一行是：{}",
                    gbk.trim_end_matches(['\r', '\n']).trim()
                )
            };
            let mut finding = Finding::new(
                Severity::Error,
                Code::Encoding,
                &f.path,
                format!(
                    "文件不是 UTF-8 编码（第 {line} 行起有无法识别的字节），{hint}。{SAVE_AS_UTF8}"
                ),
            );
            finding.line = line;
            Err(Box::new(finding))
        }
    }
}

/// Parse a decoded source as `T`, translating the error into a Chinese finding.
pub fn parse_toml<T: DeserializeOwned>(src: &Source) -> Result<T, Box<Finding>> {
    toml::from_str::<T>(&src.text).map_err(|e| Box::new(translate(src, &e)))
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// The key written at the start of a line (`key = …`), if any.
fn key_of_line(line: &str) -> Option<&str> {
    let (k, _) = line.split_once('=')?;
    let k = k.trim().trim_matches('"');
    (!k.is_empty() && !k.starts_with('[')).then_some(k)
}

/// The characters of a line that TOML reads as syntax: outside `"…"` and `'…'`
/// strings and before a `#` comment (a line-based approximation: a multi-line
/// string is not followed across lines).
fn syntax_chars(line: &str) -> Vec<char> {
    let mut out = Vec::new();
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if q == '"' && c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None => match c {
                '#' => break,
                '"' | '\'' => quote = Some(c),
                c => out.push(c),
            },
        }
    }
    out
}

fn fullwidth_hint(line: &str) -> Option<String> {
    let odd: Vec<char> = syntax_chars(line)
        .into_iter()
        .filter(|c| {
            ('\u{FF01}'..='\u{FF5E}').contains(c) || *c == '\u{3000}' || "“”‘’。".contains(*c)
        })
        .collect();
    if odd.is_empty() {
        return None;
    }
    let shown: String = odd.iter().take(6).collect();
    Some(format!(
        "这一行有全角字符「{shown}」：数字、等号、引号、逗号、方括号要用半角（切换到英文输入法再输入）"
    ))
}

fn type_name(expected: &str) -> &'static str {
    let e = expected.trim();
    if e.starts_with("f64") || e.starts_with("f32") {
        "数字（半角，如 72000 或 45.5）"
    } else if e.starts_with("i64")
        || e.starts_with("u32")
        || e.starts_with("u64")
        || e.contains("integer")
    {
        "整数（半角数字）"
    } else if e.contains("bool") {
        "true 或 false"
    } else if e.contains("sequence") || e.contains("array") {
        "数组，如 [\"a\", \"b\"]"
    } else if e.contains("string") {
        "加英文双引号的文字，如 \"文字\""
    } else if e.contains("日期") {
        "日期，如 2026-04-01"
    } else if e.contains("struct") || e.contains("map") || e.contains("table") {
        "表（[…] 或 { … }）"
    } else if e.contains("variant") {
        "规定的取值之一"
    } else {
        "另一种类型"
    }
}

fn got_name(got: &str) -> String {
    let g = got.trim();
    if let Some(rest) = g.strip_prefix("string ") {
        format!("文字 {rest}")
    } else if let Some(rest) = g.strip_prefix("integer ") {
        format!("整数 {rest}")
    } else if let Some(rest) = g.strip_prefix("floating point ") {
        format!("数字 {rest}")
    } else if let Some(rest) = g.strip_prefix("boolean ") {
        format!("布尔值 {rest}")
    } else if g.starts_with("sequence") {
        "数组".into()
    } else if g.starts_with("map") {
        "表/日期".into()
    } else {
        g.to_string()
    }
}

/// The value written after `key =` on a line, without a trailing comment.
fn value_of_line(line: &str) -> Option<&str> {
    let (_, v) = line.split_once('=')?;
    let v = v.split_once('#').map_or(v, |(v, _)| v);
    Some(v.trim())
}

/// `2026/01/05`, `2026.1.5`, `2026年1月5日` → `2026-01-05` (only for an unquoted
/// value that is plainly a year, a month and a day).
fn date_like(v: &str) -> Option<String> {
    let v = v.trim_end_matches('日');
    let parts: Vec<&str> = v
        .split(['/', '.', '年', '月', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let n: Vec<u32> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    match n.as_slice() {
        [y, m, d] if parts[0].len() == 4 && (1..=12).contains(m) && (1..=31).contains(d) => {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

/// A clearer message for an unquoted value on a `key = value` line: nothing after
/// the `=` (a template line left empty), or a date written the Chinese way.
fn unquoted_value_message(line: &str, msg: &str) -> Option<String> {
    let key = key_of_line(line)?;
    let v = value_of_line(line)?;
    if v.is_empty() && msg.contains("must be quoted") {
        return Some(format!(
            "这一行没有填值：`{key} =` 后面是空的。请填上值（日期如 {key} = 2026-01-05，文字要加英文双引号），暂时不填就在行首加 # 把这一行注释掉"
        ));
    }
    let iso = date_like(v)?;
    Some(format!(
        "日期请写成 {iso}（“年-月-日”，半角短横线，月、日各两位）：`{v}` 这种写法 TOML 不认识"
    ))
}

/// Chinese wording for the common TOML syntax errors; the original is kept.
fn syntax_message(msg: &str) -> String {
    let known: &[(&str, &str)] = &[
        (
            "must be quoted",
            "文字要用英文双引号括起来，如 name = \"项目名称\"",
        ),
        ("unclosed", "引号、方括号或花括号没有配对"),
        (
            "invalid basic string",
            "引号没有配对（文字的开头和结尾都要有英文双引号）",
        ),
        ("unterminated", "引号、方括号或花括号没有配对"),
        (
            "invalid table header",
            "表头写法不对，应为 [dates] 或 [[milestones]] 这样",
        ),
        ("expected `=`", "每行应写成 键 = 值"),
        ("key with no value", "等号后面缺少值"),
        ("expected newline", "一行只能写一个 键 = 值"),
        ("invalid date", "日期不存在或格式不对，请写成 2026-04-01"),
        (
            "invalid number",
            "数字写法不对（用半角数字，不要千分位逗号和单位）",
        ),
    ];
    let hint = known
        .iter()
        .find(|(k, _)| msg.contains(k))
        .map(|(_, v)| *v)
        .unwrap_or("请对照上下行检查引号、等号、方括号是否成对，文件是否被截断");
    format!("TOML 语法错误：{hint}（原文：{msg}）")
}

/// The nearest table header (`[dates]`, `[[feedback]]`) above line `line` (1-based), if any.
fn enclosing_table(src: &Source, line: usize) -> Option<String> {
    (1..line).rev().find_map(|n| {
        let t = src.line_text(n).trim();
        if !t.starts_with('[') {
            return None;
        }
        let end = if t.starts_with("[[") { "]]" } else { "]" };
        t.find(end).map(|i| t[..i + end.len()].to_string())
    })
}

/// Turn a toml error into a finding with a Chinese message.
pub fn translate(src: &Source, e: &toml::de::Error) -> Finding {
    let msg = e.message().trim().to_string();
    let span = e.span().unwrap_or(0..0);
    let pos = src.pos(span);
    let line = src.line_text(pos.line);
    let key = key_of_line(line);
    let field = key.map(|k| format!("`{k}` ")).unwrap_or_default();
    let (code, mut text): (Code, String) = if let Some(rest) = msg.strip_prefix("unknown field") {
        let names = backticked(rest);
        let bad = names.first().copied().unwrap_or("");
        let valid: Vec<&str> = names.iter().skip(1).copied().collect();
        let nearest = valid
            .iter()
            .map(|v| (strsim::damerau_levenshtein(bad, v), *v))
            .min();
        let mut t = format!("未知字段 `{bad}`。");
        match nearest {
            Some((d, v)) if d <= 3 => t.push_str(&format!("是不是想写 `{v}`？")),
            _ => {}
        }
        if !valid.is_empty() {
            t.push_str(&format!("这里可用的字段：{}", valid.join("、")));
        }
        // Not a one-letter slip, and under a table header: most often a key of the whole
        // record appended at the end of the file, where TOML puts it in the last table.
        if nearest.is_none_or(|(d, _)| d > 1)
            && key == Some(bad)
            && let Some(header) = enclosing_table(src, pos.line)
        {
            if !t.ends_with('。') {
                t.push('。');
            }
            t.push_str(&format!(
                "注意：这一行在 {header} 之下，TOML 把表头以下的行都算作该表的字段；如果 `{bad}` 是整份记录的字段，请把它移到第一个 [ ] 表头之前"
            ));
        }
        (Code::Schema, t)
    } else if let Some(rest) = msg.strip_prefix("missing field") {
        let name = backticked(rest).first().copied().unwrap_or("").to_string();
        (
            Code::Schema,
            format!("缺少必填字段 `{name}`。请补上这一项（见 README 的记录格式）"),
        )
    } else if let Some(rest) = msg.strip_prefix("invalid type:") {
        let (got, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        (
            Code::Schema,
            format!(
                "{field}类型不对：应为{}，实际写的是{}",
                type_name(expected),
                got_name(got)
            ),
        )
    } else if let Some(rest) = msg.strip_prefix("unknown variant") {
        let names = backticked(rest);
        let bad = names.first().copied().unwrap_or("");
        let valid: Vec<&str> = names.iter().skip(1).copied().collect();
        (
            Code::Schema,
            format!(
                "{field}取值 `{bad}` 不在允许范围内，可选：{}",
                valid.join("、")
            ),
        )
    } else if msg.contains("duplicate key") {
        (
            Code::Parse,
            format!("{field}重复出现。同一个表里一个字段只能写一次，请删掉多余的一行"),
        )
    } else if msg.contains("日期") || msg.contains('。') {
        // Our own messages (dates etc.) are Chinese already.
        (Code::Schema, format!("{field}{msg}"))
    } else if msg.starts_with("invalid value") {
        (Code::Schema, format!("{field}取值不对（{msg}）"))
    } else if let Some(m) = unquoted_value_message(line, &msg) {
        (Code::Parse, format!("TOML 语法错误：{m}（原文：{msg}）"))
    } else if let Some(h) = fullwidth_hint(line) {
        (Code::Parse, format!("{h}（TOML 原文：{msg}）"))
    } else {
        (Code::Parse, syntax_message(&msg))
    };
    if code != Code::Parse
        && let Some(h) = fullwidth_hint(line)
    {
        text.push('；');
        text.push_str(&h);
    }
    let mut f = Finding::new(Severity::Error, code, &src.path, text);
    f.line = pos.line;
    f.column = pos.column;
    f.width = pos.width;
    f
}
