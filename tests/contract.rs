//! Independent contract tests for `tongbao check`.
//!
//! Written from docs/contract.md §2–§5 and docs/conventions.md only. Each fixture under
//! tests/fixtures/<name>/ is a small ledger (data/…) plus `expected.json` (what the
//! contract says `check --format json` must report) and `NOTES.md` (the hand
//! computation of every expected value).
//!
//! Comparison rules:
//! * exit code, `as_of`, `errors`, `warnings` must equal the expected values;
//! * the actual findings, projected onto the fields each expected finding names,
//!   must equal the expected findings as a multiset (an expected value given as a
//!   JSON array means "any one of these");
//! * the actual findings must be in contract order: sorted by file, then line, then code;
//! * every finding has a non-empty Chinese `message`, a relative forward-slash `file`,
//!   and deadline findings (`overdue`, `late`, `due-soon`) carry `rule` and `due`.

use serde_json::Value;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_dir(name: &str) -> PathBuf {
    manifest_dir().join("tests").join("fixtures").join(name)
}

fn load_expected(name: &str) -> Value {
    let p = fixture_dir(name).join("expected.json");
    let text = fs::read_to_string(&p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", p.display()))
}

fn run(args: &[&str], cwd: Option<&Path>, envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args);
    if let Some(d) = cwd {
        cmd.current_dir(d);
    }
    // Never let an outer CI environment leak into the JSON / human runs.
    cmd.env_remove("GITHUB_STEP_SUMMARY");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd.output().expect("spawn tongbao")
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

fn show(list: &[Value]) -> String {
    if list.is_empty() {
        return "    (none)\n".to_string();
    }
    list.iter()
        .map(|f| format!("    {}\n", compact(f)))
        .collect()
}

/// One finding on one line, message last (it is long).
fn compact(f: &Value) -> String {
    let Some(obj) = f.as_object() else {
        return f.to_string();
    };
    let order = [
        "severity", "code", "rule", "project", "unit", "file", "line", "due",
    ];
    let mut parts = Vec::new();
    for k in order {
        if let Some(v) = obj.get(k) {
            parts.push(format!(
                "{k}={}",
                v.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string())
            ));
        }
    }
    for (k, v) in obj {
        if !order.contains(&k.as_str()) && k != "message" {
            parts.push(format!("{k}={v}"));
        }
    }
    if let Some(m) = obj.get("message") {
        parts.push(format!("message={m}"));
    }
    parts.join(" ")
}

/// Does actual finding `a` match expected finding `e` on every field `e` names?
fn matches(e: &Value, a: &Value) -> bool {
    let eo = e.as_object().expect("expected finding is an object");
    eo.iter().all(|(k, ev)| {
        let av = a.get(k).unwrap_or(&Value::Null);
        match ev {
            Value::Array(alts) => alts.iter().any(|alt| alt == av),
            _ => ev == av,
        }
    })
}

/// Maximum bipartite matching (expected → actual); returns unmatched indices of both sides.
fn multiset_diff(expected: &[Value], actual: &[Value]) -> (Vec<usize>, Vec<usize>) {
    fn augment(
        i: usize,
        expected: &[Value],
        actual: &[Value],
        seen: &mut [bool],
        owner: &mut [Option<usize>],
    ) -> bool {
        for j in 0..actual.len() {
            if !seen[j] && matches(&expected[i], &actual[j]) {
                seen[j] = true;
                if owner[j].is_none() || augment(owner[j].unwrap(), expected, actual, seen, owner) {
                    owner[j] = Some(i);
                    return true;
                }
            }
        }
        false
    }
    let mut owner: Vec<Option<usize>> = vec![None; actual.len()];
    let mut unmatched_e = Vec::new();
    for i in 0..expected.len() {
        let mut seen = vec![false; actual.len()];
        if !augment(i, expected, actual, &mut seen, &mut owner) {
            unmatched_e.push(i);
        }
    }
    let unmatched_a = (0..actual.len()).filter(|&j| owner[j].is_none()).collect();
    (unmatched_e, unmatched_a)
}

/// The codes in the order docs/contract.md §5 lists them.
const CODE_ORDER: [&str; 14] = [
    "parse",
    "encoding",
    "schema",
    "duplicate-id",
    "path",
    "unknown-ref",
    "date-order",
    "future-date",
    "prerequisite",
    "approval",
    "calendar",
    "overdue",
    "late",
    "due-soon",
];

/// (file, line, code) with code compared as text (`by_rank == false`) or by its
/// position in the docs/contract.md §5 list (`by_rank == true`).
fn sort_key(f: &Value, by_rank: bool) -> (String, u64, String) {
    let code = f.get("code").and_then(Value::as_str).unwrap_or("");
    let code = if by_rank {
        format!(
            "{:02}",
            CODE_ORDER.iter().position(|c| *c == code).unwrap_or(99)
        )
    } else {
        code.to_string()
    };
    (
        f.get("file")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string(),
        f.get("line").and_then(Value::as_u64).unwrap_or(0),
        code,
    )
}

/// Compare one run's JSON against expected.json; returns a list of problems.
fn compare(expected: &Value, code: Option<i32>, stdout: &str, stderr: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let want_exit = expected["exit"].as_i64().unwrap() as i32;
    if code != Some(want_exit) {
        problems.push(format!("exit code: expected {want_exit}, got {code:?}"));
    }
    let actual: Value = match serde_json::from_str(stdout.trim()) {
        Ok(v) => v,
        Err(e) => {
            problems.push(format!(
                "stdout is not one JSON object ({e}):\n{stdout}\n--- stderr:\n{stderr}"
            ));
            return problems;
        }
    };
    for k in ["as_of", "errors", "warnings"] {
        if actual.get(k) != expected.get(k) {
            problems.push(format!(
                "{k}: expected {}, got {}",
                expected[k],
                actual.get(k).unwrap_or(&Value::Null)
            ));
        }
    }
    let empty = Vec::new();
    let exp_f = expected["findings"].as_array().unwrap_or(&empty);
    let Some(act_f) = actual.get("findings").and_then(Value::as_array) else {
        problems.push("`findings` missing or not an array".into());
        return problems;
    };

    // Counts must agree with the findings themselves.
    let n_err = act_f.iter().filter(|f| f["severity"] == "error").count() as u64;
    let n_warn = act_f.iter().filter(|f| f["severity"] == "warning").count() as u64;
    if actual["errors"].as_u64() != Some(n_err) || actual["warnings"].as_u64() != Some(n_warn) {
        problems.push(format!(
            "errors/warnings ({}, {}) disagree with the findings listed ({n_err}, {n_warn})",
            actual["errors"], actual["warnings"]
        ));
    }

    // Per-finding invariants.
    for f in act_f {
        let msg = f.get("message").and_then(Value::as_str).unwrap_or("");
        if msg.trim().is_empty() || !has_cjk(msg) {
            problems.push(format!("finding without a Chinese message: {}", compact(f)));
        }
        let file = f.get("file").and_then(Value::as_str).unwrap_or("");
        if file.is_empty() || file.starts_with('/') || file.contains('\\') || file.contains(':') {
            problems.push(format!(
                "`file` must be relative with forward slashes: {}",
                compact(f)
            ));
        }
        if f.get("line").and_then(Value::as_u64).is_none_or(|l| l == 0) {
            problems.push(format!("`line` must be a 1-based number: {}", compact(f)));
        }
        let sev = f.get("severity").and_then(Value::as_str).unwrap_or("");
        if sev != "error" && sev != "warning" {
            problems.push(format!("bad severity: {}", compact(f)));
        }
        let c = f.get("code").and_then(Value::as_str).unwrap_or("");
        if ["overdue", "late", "due-soon"].contains(&c)
            && (f.get("rule").and_then(Value::as_str).is_none()
                || f.get("due").and_then(Value::as_str).is_none())
        {
            problems.push(format!("deadline finding without rule/due: {}", compact(f)));
        }
    }

    // Contract order: file, then line, then code. "Then code" is read either as the
    // code's text or as its position in the contract §5 list of codes (the contract does not say
    // which); the whole list must follow one of the two consistently.
    let sorted_by = |by_rank: bool| {
        act_f
            .windows(2)
            .all(|w| sort_key(&w[0], by_rank) <= sort_key(&w[1], by_rank))
    };
    if !sorted_by(false) && !sorted_by(true) {
        for w in act_f.windows(2) {
            if sort_key(&w[0], false) > sort_key(&w[1], false)
                && sort_key(&w[0], true) > sort_key(&w[1], true)
            {
                problems.push(format!(
                    "findings out of order (file, line, code):\n    {}\n  before\n    {}",
                    compact(&w[0]),
                    compact(&w[1])
                ));
            }
        }
        if problems
            .iter()
            .all(|p| !p.starts_with("findings out of order"))
        {
            problems.push(format!(
                "findings mix two code orders (text and contract §5 list):\n{}",
                show(act_f)
            ));
        }
    }

    let (ue, ua) = multiset_diff(exp_f, act_f);
    if !ue.is_empty() || !ua.is_empty() {
        let missing: Vec<Value> = ue.iter().map(|&i| exp_f[i].clone()).collect();
        let extra: Vec<Value> = ua.iter().map(|&j| act_f[j].clone()).collect();
        problems.push(format!(
            "findings differ.\n  expected (projected fields only):\n{}  actual:\n{}  expected but not found:\n{}  found but not expected:\n{}",
            show(exp_f),
            show(act_f),
            show(&missing),
            show(&extra)
        ));
    }
    problems
}

fn check_fixture_with(name: &str, args: &[&str], cwd: Option<&Path>) {
    let expected = load_expected(name);
    let out = run(args, cwd, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let problems = compare(&expected, out.status.code(), &stdout, &stderr);
    if !problems.is_empty() {
        panic!(
            "fixture `{name}` ({}) — {} problem(s):\n\n{}\n\n(hand computation: tests/fixtures/{name}/NOTES.md)",
            args.join(" "),
            problems.len(),
            problems.join("\n\n")
        );
    }
}

fn check_fixture(name: &str) {
    let expected = load_expected(name);
    let root = fixture_dir(name);
    let as_of = expected["as_of"].as_str().unwrap().to_string();
    let root_s = root.to_str().unwrap().to_string();
    check_fixture_with(
        name,
        &[
            "check", "--root", &root_s, "--as-of", &as_of, "--format", "json",
        ],
        None,
    );
}

macro_rules! fixture_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                check_fixture(stringify!($name));
            }
        )*
    };
}

fixture_tests!(
    clean,
    filing_after_may_day,
    filing_due_soon,
    plan_kickoff_spring_festival,
    plan_kickoff_national_day_2025,
    platform_month_end,
    milestones,
    plan_targets,
    problems_notices,
    reports,
    approval_tiers,
    approval_self_and_order,
    schema_errors,
    paths_refs,
    dates_prereq,
    encoding_gbk,
    bom_crlf,
    fullwidth_truncated,
    config_calendar,
    calendar_unknown_year,
);

// ---------------------------------------------------------------- CLI ----

fn scratch_dir(tag: &str) -> PathBuf {
    let d = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("contract-{tag}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

/// Every file under `dir` with its bytes, to prove `check` writes nothing.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn cli_missing_data_folder_exits_2() {
    let empty = scratch_dir("empty");
    let root = empty.to_str().unwrap();
    let out = run(
        &[
            "check",
            "--root",
            root,
            "--as-of",
            "2026-05-08",
            "--format",
            "json",
        ],
        None,
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "no data/ folder must exit 2; stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let missing = empty.join("does-not-exist");
    let out = run(
        &[
            "check",
            "--root",
            missing.to_str().unwrap(),
            "--as-of",
            "2026-05-08",
        ],
        None,
        &[],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "a --root that does not exist must exit 2"
    );
    let _ = fs::remove_dir_all(&empty);
}

#[test]
fn cli_bad_arguments_exit_2() {
    let root = fixture_dir("clean");
    let root = root.to_str().unwrap();
    for args in [
        vec![
            "check",
            "--root",
            root,
            "--as-of",
            "2026-06-10",
            "--format",
            "xml",
        ],
        vec![
            "check",
            "--root",
            root,
            "--as-of",
            "2026-13-45",
            "--format",
            "json",
        ],
        vec!["check", "--root", root, "--no-such-flag"],
    ] {
        let out = run(&args, None, &[]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "bad arguments must exit 2: {}",
            args.join(" ")
        );
    }
}

#[test]
fn cli_human_format_shows_file_line_col_and_chinese_message() {
    let name = "filing_after_may_day";
    let expected = load_expected(name);
    let root = fixture_dir(name);
    let out = run(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2026-05-11",
            "--format",
            "human",
        ],
        None,
        &[],
    );
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code with an overdue error; output:\n{text}"
    );
    for f in expected["findings"].as_array().unwrap() {
        let file = f["file"].as_str().unwrap();
        let line = f["line"].as_u64().unwrap();
        let needle = format!("{file}:{line}:");
        let found = text.match_indices(&needle).any(|(i, _)| {
            text[i + needle.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        });
        assert!(found, "human output lacks `{needle}<col>`; output:\n{text}");
        // rustc style: the offending source line is quoted.
        let src = fs::read_to_string(root.join(file)).unwrap();
        let src_line = src.lines().nth(line as usize - 1).unwrap().trim();
        assert!(
            text.contains(src_line),
            "human output does not quote the line `{src_line}`; output:\n{text}"
        );
    }
    assert!(
        has_cjk(&text),
        "human output must carry the Chinese message:\n{text}"
    );
}

#[test]
fn cli_github_format_errors_first_and_step_summary() {
    let name = "filing_after_may_day";
    let root = fixture_dir(name);
    let dir = scratch_dir("summary");
    let summary = dir.join("summary.md");
    fs::write(&summary, "# 之前的步骤\n\nprevious content\n").unwrap();
    let out = run(
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--as-of",
            "2026-05-11",
            "--format",
            "github",
        ],
        None,
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert_eq!(out.status.code(), Some(1), "exit code; stdout:\n{stdout}");
    let cmds: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
        .collect();
    let first_warning = cmds.iter().position(|l| l.starts_with("::warning"));
    let last_error = cmds.iter().rposition(|l| l.starts_with("::error"));
    assert!(
        first_warning.is_some() && last_error.is_some(),
        "expected ::error and ::warning lines:\n{stdout}"
    );
    assert!(
        last_error < first_warning,
        "errors must be emitted before warnings:\n{stdout}"
    );

    // `::error file=…,line=…::message`
    let params = |l: &str, kind: &str| -> (BTreeMap<String, String>, String) {
        let rest = l.strip_prefix(kind).unwrap().trim_start();
        let (p, msg) = rest
            .split_once("::")
            .unwrap_or_else(|| panic!("no `::` message separator in {l}"));
        let map = p
            .split(',')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.trim().to_string(), v.to_string()))
            .collect();
        (map, msg.to_string())
    };
    let (ep, emsg) = params(cmds[last_error.unwrap()], "::error");
    assert_eq!(
        ep.get("file").map(String::as_str),
        Some("data/projects/kfq/2026-003.toml"),
        "{stdout}"
    );
    assert_eq!(ep.get("line").map(String::as_str), Some("14"), "{stdout}");
    assert!(has_cjk(&emsg), "annotation message must be Chinese: {emsg}");
    // Warnings in contract order: the fixture's records name no 包保领导/落地责任人, so
    // the first is 2026-001's `baobao` at its `signed` key (issue 14 item 5); the
    // `late` filing of 2026-002 follows it.
    let (wp, _) = params(cmds[first_warning.unwrap()], "::warning");
    assert_eq!(
        wp.get("file").map(String::as_str),
        Some("data/projects/kfq/2026-001.toml"),
        "{stdout}"
    );
    assert_eq!(wp.get("line").map(String::as_str), Some("14"), "{stdout}");
    assert!(
        cmds.iter().any(|l| {
            let (p, _) = params(
                l,
                if l.starts_with("::error") {
                    "::error"
                } else {
                    "::warning"
                },
            );
            l.starts_with("::warning")
                && p.get("file").map(String::as_str) == Some("data/projects/kfq/2026-002.toml")
                && p.get("line").map(String::as_str) == Some("15")
        }),
        "{stdout}"
    );

    let sum = fs::read_to_string(&summary).unwrap();
    assert!(
        sum.starts_with("# 之前的步骤\n\nprevious content\n"),
        "summary must be appended to, not replaced:\n{sum}"
    );
    let added = &sum["# 之前的步骤\n\nprevious content\n".len()..];
    assert!(
        added
            .lines()
            .any(|l| l.trim_start().starts_with('|') && l.contains("---")),
        "summary must contain a Markdown table:\n{added}"
    );
    assert!(
        added.contains("2026-002") && added.contains("2026-003"),
        "summary must list every finding:\n{added}"
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn cli_relative_root_from_another_cwd() {
    let tests_dir = manifest_dir().join("tests");
    check_fixture_with(
        "filing_after_may_day",
        &[
            "check",
            "--root",
            "fixtures/filing_after_may_day",
            "--as-of",
            "2026-05-11",
            "--format",
            "json",
        ],
        Some(&tests_dir),
    );
}

#[test]
fn cli_root_defaults_to_cwd() {
    let dir = fixture_dir("filing_after_may_day");
    check_fixture_with(
        "filing_after_may_day",
        &["check", "--as-of", "2026-05-11", "--format", "json"],
        Some(&dir),
    );
}

#[test]
fn cli_as_of_defaults_to_config() {
    // config_calendar's data/config.toml sets as_of = 2026-05-11.
    let root = fixture_dir("config_calendar");
    check_fixture_with(
        "config_calendar",
        &[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
}

#[test]
fn cli_check_writes_nothing() {
    for name in ["paths_refs", "bom_crlf", "encoding_gbk"] {
        let root = fixture_dir(name);
        let before = snapshot(&root);
        let _ = run(
            &[
                "check",
                "--root",
                root.to_str().unwrap(),
                "--as-of",
                "2026-05-08",
                "--format",
                "json",
            ],
            None,
            &[],
        );
        let _ = run(
            &[
                "check",
                "--root",
                root.to_str().unwrap(),
                "--as-of",
                "2026-05-08",
                "--format",
                "human",
            ],
            None,
            &[],
        );
        assert!(
            before == snapshot(&root),
            "`check` changed files under {}",
            root.display()
        );
    }
}
