//! A bounded fuzz harness over the record parser, the rules, every report format and
//! the bulletin Markdown renderer (issue 8: "a fuzz target … run in CI for a bounded
//! time, with the corpus committed").
//!
//! `cargo fuzz` needs a nightly toolchain, which CI does not have; this harness runs on
//! stable with proptest. Each case takes a file of the committed corpus in
//! `tests/fuzz/corpus/` and mutates its bytes (flips, inserts, deletions, truncation,
//! splices of hostile tokens), then runs what a pull request would reach. Invariants:
//! no panic; every finding's line lies inside its file; the JSON report parses; no
//! control character reaches the human report; a published bulletin never carries a
//! live link with a scheme other than http, https or mailto.
//!
//! More cases: `PROPTEST_CASES=20000 cargo test --release --test fuzz`. A failure prints
//! the shrunk input; add it to the corpus once fixed.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use std::path::Path;
use tongbao::load::{RawData, RawFile};

/// Tokens a hostile pull request or a careless clerk would bring.
const DICT: &[&str] = &[
    "\"",
    "'",
    "=",
    "[[",
    "]]",
    "[dates]",
    "\n",
    "\r\n",
    "\u{feff}",
    "#",
    "0205-01-06",
    "2100-01-01",
    "9999-12-31",
    "2026/01/05",
    "2026年1月5日",
    "inf",
    "-inf",
    "nan",
    "9e307",
    "1e308",
    "-1",
    "18446744073709551616",
    "２０２６",
    "＝",
    "\u{1b}[31m",
    "\u{7}",
    "\u{0}",
    "\u{202e}",
    "<script>alert(1)</script>",
    "javascript:alert(1)",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x]: javascript:alert(2)",
    "java&#x09;script:",
    "data:text/html,<b>",
    "../../../etc/passwd",
    "index",
    "工业",
    "招商引资项目推进情况",
    "+++",
    "文号 = \"〔2026〕1号\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Truncate(usize),
    Splice(usize, usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..DICT.len()).prop_map(|(i, t)| Mutation::Splice(i, t)),
        (any::<usize>(), 1usize..200).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(mut bytes: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = bytes.len();
        let at = |i: &usize| if len == 0 { 0 } else { i % (len + 1) };
        match m {
            Mutation::Flip(i, b) if len > 0 => bytes[i % len] ^= b | 1,
            Mutation::Flip(..) => {}
            Mutation::Insert(i, b) => bytes.insert(at(i), *b),
            Mutation::Delete(i, n) => {
                let s = at(i);
                let e = (s + n).min(len);
                bytes.drain(s..e);
            }
            Mutation::Truncate(i) => bytes.truncate(at(i)),
            Mutation::Splice(i, t) => {
                let s = at(i);
                let tok = DICT[*t].as_bytes();
                bytes.splice(s..s, tok.iter().copied());
            }
            Mutation::Duplicate(i, n) => {
                let s = at(i);
                let e = (s + n).min(len);
                let chunk = bytes[s..e].to_vec();
                bytes.splice(e..e, chunk);
            }
        }
    }
    bytes
}

fn corpus(kind: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(kind);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("corpus folder")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .expect("file name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&p).expect("corpus file"))
        })
        .collect()
}

fn file(path: &str, bytes: Vec<u8>) -> RawFile {
    RawFile {
        path: path.into(),
        bytes,
    }
}

/// The demo-shaped ledger the mutated file is put into.
fn base() -> RawData {
    let units = corpus("units").remove(0).1;
    let mut raw = RawData {
        units: Some(file("data/units.toml", units)),
        ..RawData::default()
    };
    for (name, bytes) in corpus("records") {
        let stem = name.trim_end_matches(".toml");
        raw.projects
            .push(file(&format!("data/projects/kfq/{stem}.toml"), bytes));
    }
    raw
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(96),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// Run everything a `check` reaches and assert the invariants.
fn check_all(raw: &RawData) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
    let checked = tongbao::check(raw, as_of);
    let files: Vec<&RawFile> = raw
        .projects
        .iter()
        .chain(raw.units.iter())
        .chain(raw.config.iter())
        .chain(raw.bulletins.iter())
        .collect();
    for f in &checked.findings {
        let line = f.line;
        if let Some(src) = files.iter().find(|r| r.path == f.file).filter(|_| line > 0) {
            let lines = String::from_utf8_lossy(&src.bytes).lines().count().max(1);
            assert!(
                line <= lines + 1,
                "{}: line {line} of {lines}: {}",
                f.file,
                f.message
            );
        }
        assert!(!f.message.is_empty());
    }
    let json = tongbao::report::json::render(checked.as_of, &checked.findings);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON report parses");
    let human = tongbao::report::human::render(&checked.ledger, checked.as_of, &checked.findings);
    assert!(
        !human
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t'),
        "a control character reached the terminal"
    );
    let _ = tongbao::report::github::commands(&checked.findings);
    let _ = tongbao::report::gitlab::render(&checked.findings);
}

fn record_case() -> impl Strategy<Value = (usize, Vec<Mutation>)> {
    (0usize..16, prop::collection::vec(mutation(), 1..8))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_records_never_panic((pick, muts) in record_case()) {
        let mut raw = base();
        let i = pick % raw.projects.len();
        let bytes = std::mem::take(&mut raw.projects[i].bytes);
        raw.projects[i].bytes = apply(bytes, &muts);
        check_all(&raw);
    }

    #[test]
    fn mutated_units_and_config_never_panic(
        (pick, muts) in record_case(),
        units in any::<bool>(),
    ) {
        let mut raw = base();
        if units {
            let u = raw.units.take().expect("units");
            raw.units = Some(file("data/units.toml", apply(u.bytes, &muts)));
        } else {
            let c = corpus("config");
            let (_, bytes) = &c[pick % c.len()];
            raw.config = Some(file("data/config.toml", apply(bytes.clone(), &muts)));
        }
        check_all(&raw);
    }

    #[test]
    fn mutated_bulletins_publish_no_hostile_link((pick, muts) in record_case()) {
        let c = corpus("bulletins");
        let (_, bytes) = &c[pick % c.len()];
        let text = String::from_utf8_lossy(&apply(bytes.clone(), &muts)).into_owned();
        let src = tongbao::source::Source::new("data/bulletins/2026-09.md", text);
        if let Ok(ed) = tongbao::editorial::parse(&src) {
            assert_safe_html(&ed.html);
        }
        let mut raw = base();
        raw.bulletins.push(file("data/bulletins/2026-09.md", src.text.into_bytes()));
        check_all(&raw);
    }
}

/// Every `href`/`src` in rendered HTML is http(s), mailto, relative or a fragment, as
/// a browser reads it: entities decoded, leading blanks and controls stripped, tabs and
/// newlines removed, then a scheme is a letter followed by letters, digits, `+-.` up to
/// `:` (WHATWG URL). `0205-01-06mailto:x` has no scheme: it is a relative path.
fn assert_safe_html(html: &str) {
    for attr in ["href=\"", "src=\""] {
        for (i, _) in html.match_indices(attr) {
            let rest = &html[i + attr.len()..];
            let raw = &rest[..rest.find('"').unwrap_or(rest.len())];
            let url = decode_entities(raw);
            let url: String = url
                .trim_start_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            let scheme: Option<String> = url.find(':').and_then(|c| {
                let s = &url[..c];
                let mut chars = s.chars();
                let first = chars.next()?;
                (first.is_ascii_alphabetic()
                    && chars.all(|x| x.is_ascii_alphanumeric() || "+-.".contains(x)))
                .then(|| s.to_ascii_lowercase())
            });
            assert!(
                matches!(scheme.as_deref(), None | Some("http" | "https" | "mailto")),
                "unsafe URL published: {raw}"
            );
        }
    }
    assert!(!html.contains("<script"), "raw script published");
}

/// HTML character references in an attribute value, as a browser decodes them.
fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "colon" => Some(':'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The committed corpus itself, unmutated, runs clean of panics and the hostile
/// bulletin publishes no hostile link.
#[test]
fn corpus_as_committed() {
    for (name, bytes) in corpus("bulletins") {
        let src = tongbao::source::Source::new(
            "data/bulletins/2026-09.md",
            String::from_utf8(bytes).expect("UTF-8 corpus"),
        );
        if let Ok(ed) = tongbao::editorial::parse(&src) {
            assert_safe_html(&ed.html);
        } else {
            panic!("{name} should parse");
        }
    }
    let mut raw = base();
    raw.config = Some(file("data/config.toml", corpus("config").remove(1).1));
    check_all(&raw);
}
