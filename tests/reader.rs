//! What a reader meets (issue 9): the printed 通报 (GB/T 9704-2012) and the pages a
//! leader reads on a phone, asserted on the built demo site. Layout widths at 390 px
//! are asserted in the real browser (tests/browser); here the markup and the style
//! sheets that make them.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

/// The demo county the tests read: a copy of the shipped `data/` kept in
/// tests/fixtures/demo, so that a county that deletes the demo keeps green tests.
fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo")
}

/// Build the demo ledger into a scratch folder.
fn site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("site");
    let o = Command::new(BIN)
        .args(["build", "--root"])
        .arg(demo_root())
        .arg("--out")
        .arg(&out)
        .env("CI", "1")
        .output()
        .expect("run tongbao build");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (dir, out)
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).expect("read page")
}

/// The official document's text: inside `<article class="gw">`, tags removed.
fn document(page: &str) -> (String, String) {
    let start = page.find("<article class=\"gw\">").expect("article");
    let end = page.find("</article>").expect("end of article");
    let html = page[start..end].to_string();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    (html, text)
}

fn has_iso_date(text: &str) -> Option<String> {
    let c: Vec<char> = text.chars().collect();
    (0..c.len().saturating_sub(6)).find_map(|i| {
        let d = |k: usize| c.get(i + k).is_some_and(char::is_ascii_digit);
        (d(0) && d(1) && d(2) && d(3) && c[i + 4] == '-' && d(5) && d(6)).then(|| {
            c[i.saturating_sub(10)..(i + 12).min(c.len())]
                .iter()
                .collect()
        })
    })
}

#[test]
fn the_printed_bulletin_follows_the_standard() {
    let (_dir, out) = site();
    let page = read(&out.join("bulletins/2026-10.html"));
    let (html, text) = document(&page);

    // 附件说明 one line below the body, before the signature.
    let attach = html
        .find("附件：2026年10月全县招商引资项目推进情况统计")
        .expect("附件说明");
    let sign = html.find("class=\"gw-sign\"").expect("signature");
    assert!(attach < sign);
    // Signature: office name, then the date written in Chinese and kept on one line.
    assert!(
        html.contains(
            "<div class=\"gw-sign-date\"><span class=\"nowrap\">2026年11月6日</span></div>"
        ),
        "{html}"
    );
    // 版记: 抄送 from the editorial, 印发机关 and 印发日期.
    assert!(text.contains("抄送：县委办公室，县人大常委会办公室，县政府办公室，县政协办公室。"));
    assert!(html.contains("<span>青岚县招商引资工作领导小组办公室</span><span><span class=\"nowrap\">2026年11月6日</span>印发</span>"), "{html}");
    // No ISO dates and no spaced numbers in the document's text.
    assert_eq!(has_iso_date(&text), None, "ISO date in the bulletin");
    assert!(
        text.contains("截至2026年10月31日，台账在库项目46个"),
        "{text}"
    );
    assert!(!text.contains("月调度报告（") || !text.contains("10 月"));
    for bad in [" 项", " 个", "截至 "] {
        assert!(!text.contains(bad), "“{bad}” in the bulletin");
    }
    // The title breaks only between phrases.
    assert!(html.contains("关于<wbr><span class=\"nowrap\">2026年10月</span><wbr>全县<wbr>招商引资项目<wbr>推进情况的通报"));
    // No 14-column ranking table: each table has at most 8 columns.
    for table in html.split("<table").skip(1) {
        let head = table.split("</thead>").next().unwrap_or("");
        assert!(head.matches("<th>").count() <= 8, "{head}");
    }

    // The print button works without inline script (the pages' CSP forbids it).
    assert!(!page.contains("onclick="));
    assert!(
        page.contains("<button type=\"button\" data-print hidden>")
            && page.contains("static/print.js")
    );

    // 督办 table: 未回复 / 未解决 written out.
    let nov = read(&out.join("bulletins/2026-11.html"));
    let (nov_html, _) = document(&nov);
    let notices = nov_html
        .split("gw-table notices")
        .nth(1)
        .expect("督办 table");
    assert!(notices.contains("<td>未回复</td>") && notices.contains("<td>未解决</td>"));

    // Print geometry and fonts in the style sheets.
    let print = read(&out.join("static/print.css"));
    for rule in [
        "margin: 37mm 26mm 35mm 28mm",
        ".gw-annex { break-before: page",
        "break-inside: avoid",
    ] {
        assert!(print.contains(rule), "print.css lacks {rule}");
    }
    let style = read(&out.join("static/style.css"));
    let gw = style.split("\n.gw {").nth(1).expect(".gw rule");
    assert!(
        gw.trim_start().contains("\"仿宋_GB2312\""),
        "仿宋_GB2312 first"
    );
    assert!(style.contains("local(\"方正小标宋简体\")"));
    let title = style
        .split(".gw-mark, .gw-title {")
        .nth(1)
        .expect("title rule");
    assert!(
        title
            .split('}')
            .next()
            .unwrap_or("")
            .contains("font-weight: normal")
    );
    assert!(style.contains("break-after: avoid"));
}

#[test]
fn pages_fit_a_phone_and_charts_come_in_two_sizes() {
    let (_dir, out) = site();
    let style = read(&out.join("static/style.css"));
    for rule in [
        "@media screen and (max-width: 640px)",
        "table.data, .gw-table { display: block; overflow-x: auto; max-width: 100%; }",
        "table.items thead { display: none; }",
        "table.ledger tbody tr[hidden] { display: none; }",
        "@container (min-width: 500px)",
        "@media screen and (max-width: 880px)",
        ".date, .id, table.ledger td:first-child { white-space: nowrap;",
    ] {
        assert!(style.contains(rule), "style.css lacks {rule}");
    }
    for page in ["index.html", "rankings.html", "bulletins/2026-10.html"] {
        let html = read(&out.join(page));
        let wide = html.matches("chart-wide").count();
        assert!(wide > 0, "{page} has no chart");
        assert_eq!(wide, html.matches("chart-narrow").count(), "{page}");
        for svg in html.split("<svg ").skip(1) {
            let head = svg.split('>').next().unwrap_or("");
            assert_eq!(head.matches("viewBox").count(), 1, "{page}: {head}");
        }
    }
    // The milestone Gantt is one rendering for every width (issue 11): text at its
    // shown size, no viewBox to scale it.
    let project = read(&out.join("projects/2026-004.html"));
    let svgs: Vec<&str> = project.split("<svg ").skip(1).collect();
    assert_eq!(svgs.len(), 1, "one chart on the project page");
    let head = svgs[0].split('>').next().unwrap_or("");
    assert!(
        head.contains("class=\"chart gantt\"") && !head.contains("viewBox"),
        "{head}"
    );
    assert!(style.contains("svg.gantt {"));
}

#[test]
fn favicon_data_date_and_the_latest_bulletin_named() {
    let (_dir, out) = site();
    assert!(out.join("static/favicon.svg").is_file());
    let index = read(&out.join("index.html"));
    assert!(
        index.contains("<link rel=\"icon\" href=\"static/favicon.svg\""),
        "favicon link"
    );
    let header = index.split("</header>").next().unwrap_or("");
    assert!(
        header.contains("数据截至 2026-11-20") && !header.contains("核查日"),
        "{header}"
    );
    assert!(
        index.contains("（青招办〔2026〕11号，<span class=\"nowrap\">2026年11月20日</span>）"),
        "the latest bulletin's link names its 文号 and date"
    );
    let project = read(&out.join("projects/2026-004.html"));
    assert!(
        project.contains("数据截至2026年11月20日"),
        "the Gantt's date line is labelled"
    );
}
