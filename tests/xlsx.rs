//! `projects.xlsx` in the built site: opened with calamine as Excel would read it,
//! its XML looked at for what calamine does not tell (frozen header, number formats,
//! fills, the creation time), and two builds compared byte for byte.

use calamine::{Data, Reader, Xlsx};
use std::fs;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

/// The demo ledger the tests use (moved to tests/fixtures/demo by issue 10.6).
fn demo_data() -> PathBuf {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let fixture = repo.join("tests/fixtures/demo/data");
    if fixture.is_dir() {
        fixture
    } else {
        repo.join("data")
    }
}

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let from = demo_data();
    for e in walkdir::WalkDir::new(&from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let dest = dir
            .path()
            .join("data")
            .join(e.path().strip_prefix(&from).expect("prefix"));
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(e.path(), &dest).expect("copy");
        }
    }
    dir
}

/// Build into `<root>/<out>` and return the site folder.
fn build(root: &Path, out: &str, profile: &str) -> PathBuf {
    build_with(root, out, profile, &[])
}

/// [`build`] with extra environment variables.
fn build_with(root: &Path, out: &str, profile: &str, env: &[(&str, &Path)]) -> PathBuf {
    let site = root.join(out);
    let o = Command::new(BIN)
        .args(["build", "--profile", profile, "--root"])
        .arg(root)
        .arg("--out")
        .arg(&site)
        .env("CI", "1")
        .envs(env.iter().copied())
        .output()
        .expect("run tongbao build");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    site
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut s = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_workbook_has_every_sheet_header_format_and_is_the_same_twice() {
    let dir = demo();
    let a = build(dir.path(), "a", "public");
    let b = build(dir.path(), "b", "public");
    let bytes = fs::read(a.join("projects.xlsx")).expect("projects.xlsx beside projects.csv");
    assert!(a.join("projects.csv").is_file());
    assert!(
        bytes == fs::read(b.join("projects.xlsx")).expect("second build"),
        "two builds give different projects.xlsx bytes"
    );

    let projects: serde_json::Value =
        serde_json::from_slice(&fs::read(a.join("projects.json")).expect("json")).expect("json");
    let projects = projects.as_array().expect("array");
    let findings: serde_json::Value =
        serde_json::from_slice(&fs::read(a.join("findings.json")).expect("json")).expect("json");
    let findings = findings["findings"].as_array().expect("findings");

    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.clone())).expect("calamine opens it");
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("全部项目"));
    assert_eq!(names.last().map(String::as_str), Some("问题清单"));
    let units: toml::Value =
        toml::from_str(&fs::read_to_string(demo_data().join("units.toml")).expect("units"))
            .expect("units.toml");
    let kfq_name = units["unit"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["id"].as_str() == Some("kfq"))
        .and_then(|u| u["name"].as_str())
        .expect("kfq")
        .to_string();
    assert!(names.contains(&kfq_name), "{names:?}");
    for n in &names {
        assert!(n.chars().count() <= 31 && !n.contains(['[', ']', ':', '*', '?', '/', '\\']));
    }
    let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    assert_eq!(lower.len(), names.len(), "sheet names are unique");

    let all = book.worksheet_range("全部项目").expect("sheet");
    let head: Vec<String> = all
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        head,
        [
            "编号",
            "名称",
            "落地单位",
            "招引单位",
            "类别",
            "领域",
            "跟踪级别",
            "总投资（万元）",
            "供地（亩）",
            "阶段",
            "签约日期",
            "下一期限",
            "期限日期",
            "灯号",
            "投资企业",
            "增资原项目",
            "到位资金来源",
            "累计到位资金-外资（万元）",
            "累计到位资金-省外内资（万元）",
            "累计到位资金-省内（万元）",
            "累计到位资金-未注明（万元）"
        ],
        "no personal data in the public profile"
    );
    assert_eq!(all.height(), projects.len() + 1, "one row per project");
    let first = &projects[0];
    let row: Vec<&Data> = all.rows().nth(1).expect("row").iter().collect();
    assert_eq!(text(row[0]), first["id"].as_str().expect("id"));
    assert_eq!(
        row[7],
        &Data::Float(first["investment_wan"].as_f64().expect("wan")),
        "the amount is a number, not text"
    );
    // A signed project's date is an Excel date.
    let dated = all
        .rows()
        .skip(1)
        .filter(|r| matches!(r[10], Data::DateTime(_)))
        .count();
    assert!(dated > 0, "签约日期 are real dates");

    // Unit sheets split the projects by landing unit.
    let units: usize = names[1..names.len() - 1]
        .iter()
        .map(|n| book.worksheet_range(n).expect("unit sheet").height() - 1)
        .sum();
    assert_eq!(units, projects.len());
    let kfq = book.worksheet_range(&kfq_name).expect("kfq");
    let kfq_count = projects.iter().filter(|p| p["unit"] == "kfq").count();
    assert_eq!(kfq.height(), kfq_count + 1);

    let issues = book.worksheet_range("问题清单").expect("findings");
    assert_eq!(issues.height(), findings.len() + 1);
    assert_eq!(text(&issues[(0, 5)]), "说明");

    // What calamine does not show: frozen header, formats, fills, fixed creation time.
    let sheet1 = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(r#"ySplit="1""#) && sheet1.contains(r#"state="frozen""#),
        "{sheet1}"
    );
    let styles = part(&bytes, "xl/styles.xml");
    for fmt in [
        r##"formatCode="#,##0""##,
        r#"formatCode="0.00""#,
        r#"formatCode="yyyy-mm-dd""#,
    ] {
        assert!(styles.contains(fmt), "{fmt} in {styles}");
    }
    for rgb in ["FFFFC7CE", "FFFFEB9C", "FFC6EFCE", "FFD9D9D9"] {
        assert!(styles.contains(rgb), "light fill {rgb}");
    }
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("2026-11-20T00:00:00Z"), "{core}");
}

#[test]
fn the_internal_workbook_adds_the_personal_columns() {
    let dir = demo();
    let site = build(dir.path(), "internal", "internal");
    let bytes = fs::read(site.join("projects.xlsx")).expect("xlsx");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("open");
    let all = book.worksheet_range("全部项目").expect("sheet");
    let head: Vec<String> = all
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        &head[21..],
        ["法人代表", "联系电话", "项目联系人", "跟踪服务人"]
    );
}

/// Every sheet's cells as text, in order.
fn cells(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("open");
    book.sheet_names()
        .into_iter()
        .map(|n| {
            let range = book.worksheet_range(&n).expect("sheet");
            let rows = range.rows().map(|r| r.iter().map(text).collect()).collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn without_a_temporary_folder_the_workbook_is_kept_in_memory_with_the_same_cells() {
    // The sheets stream their rows through temporary files; where none can be made
    // (TMPDIR missing or read-only) the build still writes the same workbook.
    let dir = demo();
    let streamed = build(dir.path(), "streamed", "internal");
    let missing = dir.path().join("no-such-folder");
    let kept = build_with(dir.path(), "kept", "internal", &[("TMPDIR", &missing)]);
    let a = fs::read(streamed.join("projects.xlsx")).expect("xlsx");
    let b = fs::read(kept.join("projects.xlsx")).expect("xlsx");
    // Both paths ran: only a sheet held in memory carries the optional `spans` hint.
    let sheet = "xl/worksheets/sheet1.xml";
    assert!(!part(&a, sheet).contains(" spans="), "streamed rows");
    assert!(part(&b, sheet).contains(" spans="), "rows kept in memory");
    let (a, b) = (cells(&a), cells(&b));
    assert!(a.len() >= 3 && a[0].1.len() > 1, "sheets with rows: {a:?}");
    assert_eq!(a, b);
    for f in ["projects.json", "projects.csv", "findings.json"] {
        assert_eq!(
            fs::read(streamed.join(f)).expect(f),
            fs::read(kept.join(f)).expect(f),
            "{f}"
        );
    }
}
