//! Helpers shared by the integration tests that build the demo county.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

/// The demo county the tests read: a copy of the shipped `data/` kept in
/// tests/fixtures/demo, so that a county that deletes the demo keeps green tests.
pub fn demo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo")
}

/// Copy a folder tree (folders and regular files).
pub fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = e.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).expect("mkdir");
        } else {
            fs::copy(e.path(), &dest).expect("copy");
        }
    }
}

/// A scratch copy of the demo ledger (data/ only: no templates/, so the built-ins are used).
pub fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&demo_root().join("data"), &dir.path().join("data"));
    dir
}

/// Every file under `dir`: its path relative to `dir` (with `/`) → its bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// Run git in `root` as a test user (no signing); a failure fails the test.
pub fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Run tongbao in `cwd` with `args` (CI=1: no progress bar); a panic (exit 101) fails the test.
pub fn run(cwd: &Path, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .current_dir(cwd)
        .args(args)
        .env("CI", "1")
        .output()
        .expect("run tongbao");
    assert_ne!(out.status.code(), Some(101), "panicked: {}", err(&out));
    out
}

/// What a run wrote to standard error.
pub fn err(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// `tongbao build --root root` (into `root/site`), which must succeed; every file it wrote.
pub fn build(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .env("CI", "1")
        .output()
        .expect("run tongbao build");
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    read_tree(&root.join("site"))
}

/// The text of the built file `path` (which must exist).
pub fn text(site: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        site.get(path)
            .unwrap_or_else(|| panic!("missing {path}"))
            .clone(),
    )
    .expect("utf-8")
}

/// The site of `raw` (checked as of its config), rendered in memory with the public
/// profile: every file by path.
pub fn render_in_memory(
    raw: &tongbao::load::RawData,
) -> std::collections::BTreeMap<String, Vec<u8>> {
    let checked = tongbao::check(raw, None);
    let mem = tongbao::site::Memory::default();
    tongbao::site::render(
        &checked,
        &tongbao::site::templates::Templates::builtin().expect("templates"),
        &tongbao::site::Options::default(),
        &tongbao::timings::Timings::new(),
        &mem,
    )
    .expect("render");
    mem.into_files()
}

/// TOML to JSON as editors see it (for the JSON Schema checks): dates become strings.
pub fn to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => f.into(),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(to_json).collect(),
        toml::Value::Table(t) => t.into_iter().map(|(k, v)| (k, to_json(v))).collect(),
    }
}

/// A ledger in memory: the text of `data/units.toml`, of `data/config.toml` if any, and
/// project files as (path from the root, text).
pub fn ledger(
    units: &str,
    config: Option<&str>,
    projects: &[(impl AsRef<str>, impl AsRef<str>)],
) -> tongbao::load::RawData {
    let file = |path: &str, text: &str| tongbao::load::RawFile {
        path: path.into(),
        bytes: text.as_bytes().to_vec(),
    };
    tongbao::load::RawData {
        config: config.map(|c| file("data/config.toml", c)),
        units: Some(file("data/units.toml", units)),
        projects: projects
            .iter()
            .map(|(p, t)| file(p.as_ref(), t.as_ref()))
            .collect(),
        ..Default::default()
    }
}

/// An ISO date (`2026-11-20`) of a test.
pub fn d(s: &str) -> chrono::NaiveDate {
    tongbao::model::parse_iso_date(s).expect("date")
}

/// The validator of `schema/<name>` (a JSON Schema the repository ships).
pub fn schema(name: &str) -> jsonschema::Validator {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(name);
    let v: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(path).expect("schema")).expect("json");
    jsonschema::validator_for(&v).expect("valid schema")
}
