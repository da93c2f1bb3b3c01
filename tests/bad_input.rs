//! Every bad input of docs/contract.md §7 and the message a user sees for it in the
//! terminal (`--format human`): what is wrong, where (file:line:col, with the line
//! and a caret), and what to do — never a panic, never a write under data/.

use std::fs;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n";

fn ledger(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    for (path, bytes) in files {
        fs::write(root.join(path), bytes).expect("write");
    }
    dir
}

/// Run `check` in human format; return (exit code, stdout). Panics (exit 101) fail.
fn human(root: &Path) -> (i32, String) {
    let out = Command::new(BIN)
        .args(["check", "--as-of", "2026-05-08", "--root"])
        .arg(root)
        .output()
        .expect("run tongbao");
    let code = out.status.code().expect("exit code");
    assert_ne!(
        code,
        101,
        "panicked: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        code,
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
    )
}

const GOOD: &str = "id = \"2026-001\"\nname = \"年产5万吨新型建材项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 72000\n";

#[test]
fn gbk_file_says_gbk_and_how_to_save_as_utf8() {
    let (gbk, _, _) = encoding_rs::GBK.encode(GOOD);
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", &gbk)]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("错误[encoding]"), "{out}");
    assert!(out.contains("GBK"), "{out}");
    assert!(out.contains("UTF-8"), "{out}");
    assert!(out.contains("另存为"), "{out}");
    assert!(out.contains("data/projects/kfq/2026-001.toml:2:1"), "{out}");
    // The decoded line is shown so the user recognises their text.
    assert!(out.contains("年产5万吨新型建材项目"), "{out}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{FEFF}{}", GOOD.replace('\n', "\r\n"));
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("均无问题"), "{out}");
}

#[test]
fn truncated_file_is_a_parse_error_with_its_line() {
    let cut = "id = \"2026-001\"\nname = \"年产5万吨";
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", cut.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("错误[parse]"), "{out}");
    assert!(out.contains("引号没有配对"), "{out}");
    assert!(out.contains("2026-001.toml:2:"), "{out}");
}

#[test]
fn huge_file_is_refused_without_reading_it() {
    let mut big = GOOD.as_bytes().to_vec();
    big.extend(std::iter::repeat_n(b'#', 2 * 1024 * 1024));
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", &big)]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("文件过大"), "{out}");
    assert!(out.contains("2026-001.toml:1:1"), "{out}");
}

#[test]
fn wrong_type_names_the_field_and_the_expected_type() {
    let text = GOOD.replace("72000", "\"七亿\"");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("错误[schema]"), "{out}");
    assert!(out.contains("`investment_wan` 类型不对：应为数字"), "{out}");
    assert!(out.contains("2026-001.toml:5:18"), "{out}");
}

#[test]
fn full_width_digit_is_pointed_out_with_an_aligned_caret() {
    let text = GOOD.replace("72000", "７２０００");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("全角字符「７２０００」"), "{out}");
    assert!(out.contains("半角"), "{out}");
    // The caret sits under the value: "investment_wan = " is 17 cells, and the
    // five full-width digits are ten cells wide.
    let caret = out.lines().find(|l| l.contains('^')).expect("caret line");
    let after_bar = caret.split_once("| ").expect("gutter").1;
    assert_eq!(after_bar, format!("{}{}", " ".repeat(17), "^".repeat(10)));
}

#[test]
fn unknown_key_suggests_the_nearest_name() {
    let text = format!("{GOOD}\n[dates]\nsigend = 2026-04-01\n");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(
        out.contains("未知字段 `sigend`。是不是想写 `signed`？"),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:8:1"), "{out}");
}

#[test]
fn a_record_key_appended_under_a_table_says_where_it_belongs() {
    // A careless clerk adds `leader` at the end of the file, below [[approvals]].
    let text =
        format!("{GOOD}\n[[approvals]]\nstep = \"县长同意\"\non = 2026-03-01\nleader = \"张三\"\n");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(
        out.contains("注意：这一行在 [[approvals]] 之下，TOML 把表头以下的行都算作该表的字段；如果 `leader` 是整份记录的字段，请把它移到第一个 [ ] 表头之前"),
        "{out}"
    );
    assert!(out.contains("2026-001.toml:10:1"), "{out}");
    // A one-letter slip inside a table gets only the suggestion.
    let text = format!("{GOOD}\n[dates]\nsigend = 2026-04-01\n");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(!out.contains("注意：这一行在"), "{out}");
}

#[test]
fn missing_key_is_named() {
    let text = GOOD.replace("name = \"年产5万吨新型建材项目\"\n", "");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", text.as_bytes())]);
    let (code, out) = human(dir.path());
    assert_eq!(code, 1);
    assert!(out.contains("缺少必填字段 `name`"), "{out}");
}

#[test]
fn bad_date_shows_the_expected_form() {
    let dated = format!("{GOOD}\n[dates]\nsigned = \"2026/4/1\"\n");
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", dated.as_bytes())]);
    let (_, out) = human(dir.path());
    assert!(out.contains("日期格式不对：`2026/4/1`"), "{out}");
    assert!(out.contains("2026-04-01"), "{out}");
    assert!(out.contains("2026-001.toml:8:10"), "{out}");
}

#[test]
fn check_writes_nothing_under_data() {
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD.as_bytes())]);
    let before: Vec<_> = walk(dir.path());
    human(dir.path());
    assert_eq!(before, walk(dir.path()));
}

fn walk(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn no_data_folder_exits_2_with_advice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = Command::new(BIN)
        .args(["check", "--root"])
        .arg(dir.path())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("找不到台账目录"), "{err}");
    assert!(err.contains("--root"), "{err}");
}

#[test]
fn a_bad_bulletin_front_matter_is_reported_once_with_its_line() {
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD.as_bytes())]);
    fs::create_dir_all(dir.path().join("data/bulletins")).expect("mkdir");
    fs::write(
        dir.path().join("data/bulletins/2026-10.md"),
        "+++\n文号 = 10号\n+++\n正文\n",
    )
    .expect("write");
    let (code, out) = human(dir.path());
    assert_eq!(code, 1);
    assert_eq!(
        out.matches("data/bulletins/2026-10.md:2:").count(),
        1,
        "{out}"
    );
}

#[test]
fn help_is_chinese_and_bad_arguments_exit_2() {
    let help = Command::new(BIN).arg("--help").output().expect("run");
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("用法:") && text.contains("命令:") && text.contains("显示帮助"),
        "{text}"
    );
    let sub = Command::new(BIN)
        .args(["check", "--help"])
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&sub.stdout).contains("选项:"));
    let bad = Command::new(BIN)
        .args(["check", "--format", "xml"])
        .output()
        .expect("run");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("命令行参数不对"));
}
