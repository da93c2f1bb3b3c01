//! `tongbao import`: a workbook made with a real spreadsheet library (rust_xlsxwriter),
//! read back with calamine, written through the `new` scaffold, checked by `check`.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run tongbao")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A ledger root with units and no records.
fn root() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("data")).expect("data");
    fs::write(
        dir.path().join("data/units.toml"),
        "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n\n\
         [[unit]]\nid = \"xz\"\nname = \"示例镇\"\nkind = \"乡镇\"\n",
    )
    .expect("units");
    dir
}

/// The office's 台账 as Excel keeps it: a title row, the header, serial and text
/// dates, a 亿元 column, a unit by name, an unknown unit, an empty row, a bad date.
fn workbook(path: &Path) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet();
    sheet.set_name("台账").expect("name");
    sheet
        .write_string(0, 0, "2026年招商引资项目台账")
        .expect("title");
    let header = [
        "序号",
        "项目名称",
        "落地单位",
        "总投资（亿元）",
        "签约日期",
        "计划开工",
        "供地面积（亩）",
        "投资方",
        "项目类别",
        "备忘",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(1, c as u16, *h).expect("header");
    }
    // Row 3: a serial date, a unit by id.
    sheet.write_number(2, 0, 1).expect("n");
    sheet
        .write_string(2, 1, "年产5万吨新型建材项目")
        .expect("n");
    sheet.write_string(2, 2, "kfq").expect("n");
    sheet.write_number(2, 3, 1.2).expect("n");
    let d = ExcelDateTime::from_ymd(2026, 1, 5).expect("date");
    sheet
        .write_datetime_with_format(2, 4, &d, &date)
        .expect("d");
    sheet.write_string(2, 5, "2026/3/1").expect("n");
    sheet.write_number(2, 6, 35.5).expect("n");
    sheet.write_string(2, 7, "示例建材有限公司").expect("n");
    sheet.write_string(2, 8, "工业").expect("n");
    // Row 4: the unit by its full name, 年月日 text.
    sheet.write_number(3, 0, 2).expect("n");
    sheet.write_string(3, 1, "康养小镇").expect("n");
    sheet.write_string(3, 2, "示例镇").expect("n");
    sheet.write_number(3, 3, 0.5).expect("n");
    sheet.write_string(3, 4, "2026年2月10日").expect("n");
    sheet.write_string(3, 5, "2026-05-01").expect("n");
    sheet.write_string(3, 8, "康养").expect("n");
    // Row 5: the unit by part of its name, a dotted date, an amount with 万.
    sheet.write_number(4, 0, 3).expect("n");
    sheet.write_string(4, 1, "物流园").expect("n");
    sheet.write_string(4, 2, "开发区").expect("n");
    sheet.write_string(4, 3, "8000万").expect("n");
    sheet.write_string(4, 4, "2026.1.20").expect("n");
    // Row 6 empty. Row 7: a unit nobody knows.
    sheet.write_number(6, 0, 4).expect("n");
    sheet.write_string(6, 1, "火星基地").expect("n");
    sheet.write_string(6, 2, "火星乡").expect("n");
    sheet.write_number(6, 3, 1).expect("n");
    // Row 8: a date that does not exist.
    sheet.write_number(7, 0, 5).expect("n");
    sheet.write_string(7, 1, "数据中心").expect("n");
    sheet.write_string(7, 2, "kfq").expect("n");
    sheet.write_number(7, 3, 2).expect("n");
    sheet.write_string(7, 4, "2026.13.5").expect("n");
    book.save(path).expect("save");
}

fn files(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<(PathBuf, Vec<u8>)> = walk(&root.join("data/projects"));
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            let bytes = fs::read(&p).expect("read");
            out.push((p, bytes));
        }
    }
    out
}

#[test]
fn an_excel_ledger_becomes_records_that_check_and_a_second_run_overwrites_nothing() {
    let dir = root();
    let xlsx = dir.path().join("台账.xlsx");
    workbook(&xlsx);
    let xlsx = xlsx.to_str().expect("utf-8 path");
    let year = tongbao::today_shanghai().year();
    let id = |n: u32| format!("{year}-{n:03}");

    // --dry-run: the full report, nothing written.
    let dry = run(dir.path(), &["import", xlsx, "--dry-run"]);
    let report = stdout(&dry);
    assert_eq!(dry.status.code(), Some(1), "{report}{}", stderr(&dry));
    assert!(files(dir.path()).is_empty(), "dry run wrote nothing");
    assert!(report.contains("工作表“台账”，表头在第 2 行"), "{report}");
    assert!(
        report.contains("D 列“总投资（亿元）” → investment_wan（亿元"),
        "{report}"
    );
    assert!(report.contains("J 列“备忘”：未识别的表头"), "{report}");
    assert!(
        report.contains(&format!("第 3 行 将新建 data/projects/kfq/{}.toml", id(1))),
        "{report}"
    );
    assert!(report.contains("第 6 行：空行，跳过"), "{report}");
    assert!(
        report.contains("第 7 行 C 列（落地单位）：单位“火星乡”不在 data/units.toml 中"),
        "{report}"
    );
    assert!(
        report.contains("第 8 行 E 列（签约日期）：无法识别的日期“2026.13.5”"),
        "{report}"
    );
    assert!(report.contains("没有写入任何文件"), "{report}");

    // The real run writes four records, numbered in row order.
    let first = run(dir.path(), &["import", xlsx]);
    assert_eq!(first.status.code(), Some(1), "{}", stderr(&first));
    let written = files(dir.path());
    let names: Vec<String> = written
        .iter()
        .map(|(p, _)| {
            p.strip_prefix(dir.path())
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    assert_eq!(
        names,
        [
            format!("data/projects/kfq/{}.toml", id(1)),
            format!("data/projects/kfq/{}.toml", id(3)),
            format!("data/projects/kfq/{}.toml", id(4)),
            format!("data/projects/xz/{}.toml", id(2)),
        ]
    );
    let record = |n: usize| -> tongbao::model::Project {
        toml::from_str(std::str::from_utf8(&written[n].1).expect("utf-8")).expect("a record")
    };
    let p = record(0);
    assert_eq!(p.name.get_ref(), "年产5万吨新型建材项目");
    assert_eq!(
        *p.investment_wan.get_ref(),
        12000.0,
        "1.2 亿元 = 12000 万元"
    );
    assert_eq!(p.land_mu.as_ref().map(|m| *m.get_ref()), Some(35.5));
    let ymd = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
    assert_eq!(
        tongbao::model::day(&p.dates.signed),
        ymd(2026, 1, 5),
        "serial date"
    );
    assert_eq!(tongbao::model::day(&p.plan.start), ymd(2026, 3, 1));
    assert_eq!(p.investor.as_deref(), Some("示例建材有限公司"));
    let p = record(1);
    assert_eq!(p.name.get_ref(), "物流园");
    assert_eq!(
        *p.investment_wan.get_ref(),
        8000.0,
        "a 万 suffix wins over the 亿元 header"
    );
    assert_eq!(tongbao::model::day(&p.dates.signed), ymd(2026, 1, 20));
    let p = record(2);
    assert_eq!(p.name.get_ref(), "数据中心");
    assert_eq!(p.dates.signed, None, "the bad date is left for the user");
    let p = record(3);
    assert_eq!(p.unit.get_ref(), "xz", "unit by name");
    assert_eq!(p.category.get_ref(), "康养");
    assert_eq!(tongbao::model::day(&p.dates.signed), ymd(2026, 2, 10));
    assert_eq!(tongbao::model::day(&p.plan.start), ymd(2026, 5, 1));

    // `check` finds no record-format problem in what was written.
    let check = run(dir.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    let bad: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            matches!(
                f["code"].as_str(),
                Some("parse" | "encoding" | "schema" | "duplicate-id" | "path" | "unknown-ref")
            )
        })
        .collect();
    assert!(bad.is_empty(), "{bad:#?}");

    // A second run of the same workbook: every project is already there.
    let second = run(dir.path(), &["import", xlsx]);
    let report = stdout(&second);
    assert!(
        report.contains(&format!(
            "第 3 行：“年产5万吨新型建材项目”已有记录 data/projects/kfq/{}.toml，跳过（不覆盖）",
            id(1)
        )),
        "{report}"
    );
    assert!(report.contains("新建 0 条记录"), "{report}");
    assert_eq!(files(dir.path()), written, "nothing overwritten or added");
}

#[test]
fn a_wrong_sheet_or_file_says_what_to_do() {
    let dir = root();
    let xlsx = dir.path().join("台账.xlsx");
    workbook(&xlsx);
    let xlsx = xlsx.to_str().expect("utf-8 path");
    let out = run(dir.path(), &["import", xlsx, "--sheet", "Sheet9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("没有名为“Sheet9”的工作表。现有工作表：台账"),
        "{err}"
    );
    let missing = dir.path().join("无此文件.xlsx");
    let out = run(dir.path(), &["import", missing.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("无法打开 Excel 文件"),
        "{}",
        stderr(&out)
    );
    assert!(files(dir.path()).is_empty());
}
