//! Hostile content a pull request can bring (issue 8, items 6, 7 and 9): links in a
//! bulletin that would run script, a Content-Security-Policy on every page, ids that
//! would overwrite a page of the site or collide on a case-insensitive disk, and
//! terminal escapes / raw HTML reaching the human output and the GitHub summary.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{copy_dir, demo_root, read_tree};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");
const AS_OF: &str = "2026-11-20";

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n";

/// A valid project record with the given id (in unit kfq).
fn project(id: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"年产5万吨新型建材项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 72000\n"
    )
}

/// A scratch ledger: `data/units.toml` (UNITS unless given) and the files given.
fn ledger(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    for (path, bytes) in files {
        let p = root.join(path);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, bytes).expect("write");
    }
    dir
}

fn run(root: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).arg("--root").arg(root).env("CI", "1");
    cmd.env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("run tongbao");
    assert_ne!(
        out.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `check --format json`: (exit code, findings).
fn json(root: &Path) -> (i32, Vec<serde_json::Value>) {
    let out = run(root, &["check", "--as-of", AS_OF, "--format", "json"], &[]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let findings = v["findings"].as_array().expect("findings").clone();
    (out.status.code().expect("code"), findings)
}

/// `check --format human`: (exit code, stdout).
fn human(root: &Path) -> (i32, String) {
    let out = run(root, &["check", "--as-of", AS_OF], &[]);
    (
        out.status.code().expect("code"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

fn of_file<'a>(findings: &'a [serde_json::Value], file: &str) -> Vec<&'a serde_json::Value> {
    findings.iter().filter(|f| f["file"] == file).collect()
}

// ---------------------------------------------------------------- item 6: links

/// One hostile link per line (line numbers are asserted), then allowed ones.
const HOSTILE_BULLETIN: &str = "+++\n文号 = \"青招办〔2026〕10号\"\n+++\n\
# 关于10月的通报\n\
[附件](javascript:alert(document.domain))\n\
[附件](vbscript:msgbox(1))\n\
[附件](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\
<javascript:alert(2)>\n\
[参考][坏]\n\
![图](javascript:alert(3))\n\
[附件](java&#x09;script:alert(4))\n\
[附件](< JAVASCRIPT:alert(5)>)\n\
[附件](%6Aavascript:alert(6))\n\
[附件](//evil.example/x)\n\
![图](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)\n\
[附件](file:///C:/Windows/win.ini)\n\
[附件](jav&#97;script&#58;alert(7))\n\
\n\
允许的：[官网](https://example.gov.cn/a?b=1&c=2) [旧站](http://example.gov.cn)\n\
[写信](mailto:zsb@example.gov.cn) [项目](../projects/2026-001.html) [下文](#二)\n\
![图](images/a.png) <https://example.gov.cn/auto>\n\
\n\
[坏]: javascript:alert(8)\n";

/// The 1-based lines of HOSTILE_BULLETIN holding a hostile link.
const HOSTILE_LINES: &[u64] = &[5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 23];

#[test]
fn hostile_bulletin_links_are_reported_with_file_line_and_chinese_message() {
    let p = project("2026-001");
    let dir = ledger(&[
        ("data/projects/kfq/2026-001.toml", p.as_bytes()),
        ("data/bulletins/2026-10.md", HOSTILE_BULLETIN.as_bytes()),
    ]);
    let (code, findings) = json(dir.path());
    let bul = of_file(&findings, "data/bulletins/2026-10.md");
    let lines: Vec<u64> = bul
        .iter()
        .map(|f| f["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, HOSTILE_LINES, "{bul:#?}");
    for f in &bul {
        assert_eq!(f["code"], "schema", "{f}");
        assert_eq!(f["severity"], "error", "{f}");
        let m = f["message"].as_str().expect("message");
        assert!(m.contains("未发布"), "{m}");
        assert!(m.contains("http"), "{m}");
        assert!(m.contains("https"), "{m}");
        assert!(m.contains("mailto"), "{m}");
        assert!(m.contains("相对"), "{m}");
        assert!(m.contains('#'), "{m}");
    }
    assert_eq!(code, 1, "a hostile link fails check");
    // The reference link is reported at its definition (where the fix goes) with the address.
    let def = bul
        .iter()
        .find(|f| f["line"] == 23)
        .expect("definition line");
    assert!(
        def["message"]
            .as_str()
            .expect("m")
            .contains("javascript:alert(8)"),
        "{def}"
    );
    // Obfuscation is shown visibly, never as a raw control character.
    let tab = bul.iter().find(|f| f["line"] == 11).expect("tab line");
    assert!(!tab["message"].as_str().expect("m").contains('\t'), "{tab}");
    // The human format names file:line and says what to do.
    let (_, out) = human(dir.path());
    assert!(out.contains("data/bulletins/2026-10.md:5:"), "{out}");
    assert!(out.contains("链接"), "{out}");
    assert!(out.contains("图片"), "{out}");
}

#[test]
fn hostile_bulletin_links_are_rendered_as_text_only() {
    let src = tongbao::source::Source::new("data/bulletins/2026-10.md", HOSTILE_BULLETIN.into());
    let e = tongbao::editorial::parse(&src).expect("parses");
    let html = e.html.to_lowercase();
    for bad in [
        "javascript",
        "vbscript",
        "data:",
        "evil.example",
        "file:",
        "%6aavascript",
        "jav&#97;",
    ] {
        for attr in ["href=\"", "src=\""] {
            for (i, _) in html.match_indices(attr) {
                let value: String = html[i + attr.len()..]
                    .chars()
                    .take_while(|c| *c != '"')
                    .collect();
                assert!(
                    !value.contains(bad),
                    "{attr}{value} published in\n{}",
                    e.html
                );
            }
        }
    }
    // Exactly the allowed links and the one allowed image are live.
    let hrefs: Vec<&str> = e
        .html
        .match_indices("href=\"")
        .map(|(i, _)| {
            let rest = &e.html[i + 6..];
            &rest[..rest.find('"').expect("quote")]
        })
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://example.gov.cn/a?b=1&amp;c=2",
            "http://example.gov.cn",
            "mailto:zsb@example.gov.cn",
            "../projects/2026-001.html",
            "#%E4%BA%8C",
            "https://example.gov.cn/auto",
        ],
        "{}",
        e.html
    );
    assert_eq!(e.html.matches("<img").count(), 1, "{}", e.html);
    assert!(e.html.contains("src=\"images/a.png\""), "{}", e.html);
    // The text of a refused link stays readable.
    assert!(e.html.contains("附件"), "{}", e.html);
    assert!(e.html.contains("参考"), "{}", e.html);
    // The findings travel with the editorial.
    assert_eq!(e.findings.len(), HOSTILE_LINES.len());
}

#[test]
fn a_clean_bulletin_with_allowed_links_passes_check() {
    let p = project("2026-001");
    let md = "# 通报\n\n见[官网](https://example.gov.cn)、[写信](mailto:a@b.cn)、[项目](../projects/2026-001.html)、[下文](#x)。\n";
    let dir = ledger(&[
        ("data/projects/kfq/2026-001.toml", p.as_bytes()),
        ("data/bulletins/2026-10.md", md.as_bytes()),
    ]);
    let (code, findings) = json(dir.path());
    assert_eq!(code, 0, "{findings:#?}");
    assert!(findings.is_empty(), "{findings:#?}");
}

// ---------------------------------------------------------------- item 6: CSP

/// The policy every page carries (checked exactly, so a loosening is a decision).
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'\">";

#[test]
fn every_page_of_the_demo_has_a_strict_csp_and_no_inline_script() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&demo_root().join("data"), &dir.path().join("data"));
    let out = run(dir.path(), &["build"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = read_tree(&dir.path().join("site"));
    let mut pages = 0;
    for (path, bytes) in &site {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let s = String::from_utf8_lossy(bytes);
        let head = &s[..s.find("</head>").expect("head")];
        assert_eq!(head.matches(CSP).count(), 1, "{path}: CSP meta");
        // The policy comes before anything it governs.
        let csp_at = head.find(CSP).expect("csp");
        for tag in ["<link", "<script", "<style", "<title"] {
            if let Some(i) = head.find(tag) {
                assert!(csp_at < i, "{path}: CSP after {tag}");
            }
        }
        assert!(!s.contains("unsafe-inline"), "{path}");
        // No inline script: every <script> loads a file of the site and has no body.
        for (i, _) in s.match_indices("<script") {
            let tag = &s[i..];
            let end = tag.find("</script>").expect("closed script");
            let open = &tag[..tag.find('>').expect("tag end") + 1];
            assert_eq!(
                open.len(),
                end,
                "{path}: inline script body in {}",
                &tag[..end]
            );
            let src = open
                .split("src=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .unwrap_or_else(|| panic!("{path}: script without src: {open}"));
            let depth = path.matches('/').count();
            let target = src.trim_start_matches("../");
            assert_eq!(src.len() - target.len(), depth * 3, "{path}: {src}");
            assert!(
                site.contains_key(target),
                "{path}: {src} is not in the site"
            );
        }
        // No inline event handlers, style elements or style attributes (the CSP would block them).
        let lower = s.to_lowercase();
        for bad in [
            " onclick=",
            " onload=",
            " onerror=",
            " onchange=",
            "<style",
            " style=",
            "javascript:",
        ] {
            assert!(!lower.contains(bad), "{path} has {bad}");
        }
    }
    assert!(pages > 40, "{pages} pages");
    // The print button of a bulletin works without inline script.
    let b = String::from_utf8_lossy(&site["bulletins/2026-10.html"]).into_owned();
    assert!(b.contains("data-print"), "print button");
    assert!(b.contains("static/print.js"), "print script");
    let js = String::from_utf8_lossy(&site["static/print.js"]).into_owned();
    assert!(js.contains("window.print()"), "{js}");
}

// ---------------------------------------------------------------- item 7: reserved and case-colliding ids

#[test]
fn a_project_id_index_is_a_path_error_and_does_not_overwrite_the_ledger_page() {
    let p = project("index");
    let dir = ledger(&[("data/projects/kfq/index.toml", p.as_bytes())]);
    let (code, findings) = json(dir.path());
    assert_eq!(code, 1, "{findings:#?}");
    let f = of_file(&findings, "data/projects/kfq/index.toml");
    let f = f
        .iter()
        .find(|f| f["code"] == "path")
        .expect("path finding");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["line"], 1);
    let m = f["message"].as_str().expect("m");
    assert!(m.contains("projects/index.html"), "{m}");
    assert!(m.contains("data/projects/kfq/index.toml"), "{m}");
    assert!(m.contains("换一个编号"), "{m}");
    // Upper case collides as well on Windows and macOS; so do Windows device names.
    for id in ["INDEX", "con", "Nul", "com1", "LPT9", "aux", "prn"] {
        let p = project(id);
        let path = format!("data/projects/kfq/{id}.toml");
        let dir = ledger(&[(&path, p.as_bytes())]);
        let (code, findings) = json(dir.path());
        assert_eq!(code, 1, "{id}: {findings:#?}");
        assert!(
            of_file(&findings, &path).iter().any(|f| f["code"] == "path"
                && f["message"]
                    .as_str()
                    .expect("m")
                    .contains(&format!("`{id}`"))),
            "{id}: {findings:#?}"
        );
    }
    // A build refuses, so nothing is overwritten.
    let p = project("index");
    let dir = ledger(&[("data/projects/kfq/index.toml", p.as_bytes())]);
    let out = run(dir.path(), &["build"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!dir.path().join("site").exists());
}

#[test]
fn project_ids_equal_ignoring_case_are_a_path_error_naming_both_files() {
    let (a, b) = (project("ABC-1"), project("abc-1"));
    let units = format!("{UNITS}\n[[unit]]\nid = \"xz\"\nname = \"某某镇\"\nkind = \"乡镇\"\n");
    let b = b.replace("unit = \"kfq\"", "unit = \"xz\"");
    let dir = ledger(&[
        ("data/units.toml", units.as_bytes()),
        ("data/projects/kfq/ABC-1.toml", a.as_bytes()),
        ("data/projects/xz/abc-1.toml", b.as_bytes()),
    ]);
    let (code, findings) = json(dir.path());
    assert_eq!(code, 1, "{findings:#?}");
    let path: Vec<_> = findings.iter().filter(|f| f["code"] == "path").collect();
    assert_eq!(path.len(), 1, "{findings:#?}");
    let f = path[0];
    assert_eq!(f["file"], "data/projects/xz/abc-1.toml");
    assert_eq!(f["line"], 1);
    let m = f["message"].as_str().expect("m");
    assert!(m.contains("data/projects/kfq/ABC-1.toml"), "{m}");
    assert!(m.contains("data/projects/xz/abc-1.toml"), "{m}");
    assert!(m.contains("大小写"), "{m}");
    assert!(m.contains("Windows"), "{m}");
}

#[test]
fn unit_ids_equal_ignoring_case_or_reserved_are_path_errors() {
    let units = "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n\n\
[[unit]]\nid = \"KFQ\"\nname = \"另一个开发区\"\nkind = \"区块\"\n\n\
[[unit]]\nid = \"index\"\nname = \"某某镇\"\nkind = \"乡镇\"\n\n\
[[unit]]\nid = \"CON\"\nname = \"某某乡\"\nkind = \"乡镇\"\n";
    let dir = ledger(&[("data/units.toml", units.as_bytes())]);
    let (code, findings) = json(dir.path());
    assert_eq!(code, 1, "{findings:#?}");
    let path: Vec<_> = findings.iter().filter(|f| f["code"] == "path").collect();
    let lines: Vec<u64> = path
        .iter()
        .map(|f| f["line"].as_u64().expect("l"))
        .collect();
    assert_eq!(lines, [7, 12, 17], "{findings:#?}");
    for f in &path {
        assert_eq!(f["file"], "data/units.toml");
        assert_eq!(f["severity"], "error");
    }
    let m = path[0]["message"].as_str().expect("m");
    assert!(m.contains("`KFQ`") && m.contains("`kfq`"), "{m}");
    assert!(m.contains("第 2 行"), "{m}");
    assert!(
        m.contains("data/projects/KFQ/") && m.contains("data/projects/kfq/"),
        "{m}"
    );
    assert!(m.contains("大小写"), "{m}");
    let m = path[1]["message"].as_str().expect("m");
    assert!(
        m.contains("`index`") && m.contains("units/index.html"),
        "{m}"
    );
    let m = path[2]["message"].as_str().expect("m");
    assert!(m.contains("`CON`") && m.contains("Windows"), "{m}");
}
// ---------------------------------------------------------------- item 9: terminal and summary

/// A character a terminal interprets: C0 other than \n and \t, DEL, C1.
fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || ('\u{80}'..='\u{9f}').contains(&c)
}

#[test]
fn human_output_strips_terminal_controls_from_messages_paths_and_quoted_lines() {
    // 1. A message quoting data: an unknown category written with TOML escapes.
    let p = project("2026-001").replace(
        "category = \"工业\"",
        "category = \"\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[31m红\\u009b1m\\u007f\\r工业X\"",
    );
    // 2. A quoted source line with raw control bytes (a parse error shows the line).
    let raw = "id = \"2026-002\"\nname = \"坏\u{1b}[31m名\u{7}称\u{9b}\u{85}\"\n";
    let dir = ledger(&[
        ("data/projects/kfq/2026-001.toml", p.as_bytes()),
        ("data/projects/kfq/2026-002.toml", raw.as_bytes()),
        // 3. A file name with an escape sequence.
        (
            "data/projects/kfq/x\u{1b}[2Jy.toml",
            project("x").as_bytes(),
        ),
    ]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1, "{out}");
    let bad: Vec<char> = out.chars().filter(|c| is_terminal_control(*c)).collect();
    assert!(bad.is_empty(), "controls {bad:?} in\n{out}");
    // What is left is readable: the visible text stays, the sequences are gone whole.
    // (The TOML escapes `\u001b` in the quoted line are harmless text and stay.)
    let message = out.lines().next().expect("first line");
    assert!(message.contains("红工业X"), "{out}");
    for seq in ["[31m", "]0;pwned", "[2J", "1m"] {
        assert!(!message.contains(seq), "{seq} left in {message}");
    }
    assert!(out.contains("坏名称"), "{out}");
    assert!(out.contains("xy.toml"), "{out}");
    // The caret points where the removed character was (after 坏, two cells wide).
    let quoted = out
        .lines()
        .position(|l| l == "2 | name = \"坏名称\"")
        .expect("quoted line");
    assert_eq!(
        out.lines().nth(quoted + 1),
        Some(format!("  | {}^", " ".repeat(10)).as_str()),
        "{out}"
    );
}

#[test]
fn github_summary_escapes_html_and_table_breakers() {
    let evil =
        "<img src=x onerror=alert(1)> | 断表 \\\\| a&b [点我](https://evil.example) \\n 新行";
    let p = project("2026-001").replace("category = \"工业\"", &format!("category = \"{evil}\""));
    let units = "[[unit]]\nid = \"kfq\"\nname = \"<b>开发区</b>|x\"\nkind = \"区块\"\n";
    let dir = ledger(&[
        ("data/units.toml", units.as_bytes()),
        ("data/projects/kfq/2026-001.toml", p.as_bytes()),
    ]);
    let summary = dir.path().join("summary.md");
    let out = run(
        dir.path(),
        &["check", "--as-of", AS_OF, "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    assert_eq!(out.status.code(), Some(1));
    let md = fs::read_to_string(&summary).expect("summary");
    assert!(
        !md.contains("<img") && !md.contains("<b>"),
        "raw HTML in\n{md}"
    );
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    assert!(md.contains("&lt;b&gt;开发区&lt;/b&gt;"), "{md}");
    assert!(md.contains("a&amp;b"), "{md}");
    // No code span: inside one the entities would show as typed.
    assert!(!md.contains('`'), "{md}");
    assert!(!md.contains("](https://evil"), "a link from data in\n{md}");
    // Every table row keeps its columns: count unescaped pipes.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let pipes = line.matches('|').count() - line.matches("\\|").count();
        let detail = line.starts_with("| 错误 |")
            || line.starts_with("| 警告 |")
            || line.starts_with("| 级别 |")
            || line.starts_with("|---|---|---|");
        assert_eq!(pipes, if detail { 8 } else { 4 }, "{line}");
    }
    let rows = md.lines().filter(|l| l.starts_with("| 错误 |")).count();
    assert!(rows >= 1, "{md}");
    // Rendered as GitHub does (tables on): no tag from data, the text shown as typed.
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::ENABLE_TABLES),
    );
    assert!(
        !html.contains("<img") && !html.contains("<b>") && !html.contains("<a "),
        "{html}"
    );
    assert!(
        html.contains(
            "&lt;img src=x onerror=alert(1)&gt; | 断表 \\| a&amp;b [点我](https://evil.example)"
        ),
        "{html}"
    );
    for row in html.split("<tr>").skip(1) {
        let row = &row[..row.find("</tr>").expect("row end")];
        let cells = row.matches("<td").count() + row.matches("<th").count();
        assert!(cells == 3 || cells == 7, "{cells} cells: {row}");
    }
    // The annotation carries the message on one line with the data escaped.
    let cmds = String::from_utf8(out.stdout).expect("utf-8");
    let line = cmds
        .lines()
        .find(|l| l.contains("unknown-ref"))
        .expect("annotation");
    assert!(
        line.starts_with("::error file=data/projects/kfq/2026-001.toml,line="),
        "{line}"
    );
    assert!(line.contains("%0A"), "{line}");
}

#[test]
fn workflow_command_properties_escape_percent_newline_colon_and_comma() {
    let f = tongbao::findings::Finding::new(
        tongbao::findings::Severity::Error,
        tongbao::findings::Code::Path,
        "data/projects/kfq/a,b:c%d\r\ne.toml",
        "第一行\n::error::伪造\r100%\u{1b}[31m".into(),
    );
    let s = tongbao::report::github::commands(&[f]);
    assert_eq!(s.lines().count(), 1, "{s}");
    assert!(
        s.starts_with(
            "::error file=data/projects/kfq/a%2Cb%3Ac%25d%0D%0Ae.toml,line=1,col=1,title="
        ),
        "{s}"
    );
    let data = &s[2 + s[2..].find("::").expect("data") + 2..];
    assert_eq!(data.trim_end(), "第一行%0A::error::伪造%0D100%25", "{s}");
}
