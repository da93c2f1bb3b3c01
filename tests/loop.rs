//! The editing and publishing loop: JSON Schema, `new`, `codeowners`,
//! `--changed-since` against a scratch git repository, and the GitLab report.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{git, to_json};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The demo county's `data/` as the tests keep it (tests/fixtures/demo), independent of
/// the `data/` a county edits.
fn demo_data() -> std::path::PathBuf {
    repo().join("tests/fixtures/demo/data")
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .expect("run tongbao")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn shipped_schemas_are_up_to_date() {
    for (name, text) in tongbao::schema::schemas() {
        let shipped = fs::read_to_string(repo().join("schema").join(name))
            .unwrap_or_else(|e| panic!("schema/{name}: {e}"));
        assert!(
            shipped == text,
            "schema/{name} is stale: run `cargo run -- schema`"
        );
    }
    let taplo = fs::read_to_string(repo().join(".taplo.toml")).expect(".taplo.toml");
    for name in [
        "project.schema.json",
        "units.schema.json",
        "config.schema.json",
        "targets.schema.json",
        "task.schema.json",
        "rollup.schema.json",
    ] {
        assert!(taplo.contains(name), ".taplo.toml maps {name}");
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    common::schema(name)
}

fn record(path: &Path) -> serde_json::Value {
    to_json(toml::from_str(&fs::read_to_string(path).expect("read")).expect("toml"))
}

#[test]
fn schema_accepts_every_demo_record_and_rejects_a_broken_one() {
    let project = validator("project.schema.json");
    let mut n = 0;
    for e in walkdir::WalkDir::new(demo_data().join("projects"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "toml") {
            let v = record(e.path());
            let errors: Vec<String> = project.iter_errors(&v).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", e.path().display());
            n += 1;
        }
    }
    assert_eq!(n, 48, "47 projects and one 增资 record (2026-020)");
    assert!(validator("units.schema.json").is_valid(&record(&demo_data().join("units.toml"))));
    assert!(validator("config.schema.json").is_valid(&record(&demo_data().join("config.toml"))));

    let good = record(&demo_data().join("projects/kfq/2026-002.toml"));
    let mut typo = good.clone();
    typo["dates"]["sigend"] = "2026-04-01".into();
    assert!(!project.is_valid(&typo), "unknown key rejected");
    let mut wrong = good.clone();
    wrong["investment_wan"] = "很多".into();
    assert!(!project.is_valid(&wrong), "wrong type rejected");
    let mut missing = good;
    missing.as_object_mut().expect("object").remove("name");
    assert!(!project.is_valid(&missing), "missing key rejected");
    // Every field carries a Chinese description.
    let schema = fs::read_to_string(repo().join("schema/project.schema.json")).expect("schema");
    assert!(schema.contains("供地面积（亩）"));
}

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\nowners = [\"@org/kfq\"]\n\n[[unit]]\nid = \"town\"\nname = \"城关镇\"\nkind = \"乡镇\"\n";

fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("data/projects")).expect("mkdir");
    fs::write(dir.path().join("data/units.toml"), UNITS).expect("units");
    dir
}

#[test]
fn new_writes_a_record_that_passes_check_and_never_overwrites() {
    let dir = scratch();
    let root = dir.path();
    assert!(run(root, &["codeowners"]).status.success());
    let out = run(root, &["new", "kfq", "年产5万吨新型建材项目"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let year = chrono::Datelike::year(&tongbao::today_shanghai());
    let path = root.join(format!("data/projects/kfq/{year}-001.toml"));
    let text = fs::read_to_string(&path).expect("new record");
    assert!(text.contains("name = \"年产5万吨新型建材项目\""));
    assert!(text.contains("# 谋划入库"), "fields carry Chinese comments");
    let check = run(root, &["check", "--format", "json"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(json(&check)["findings"], serde_json::json!([]));
    // The next one takes the next free id, in another unit too.
    assert!(run(root, &["new", "town", "第二个项目"]).status.success());
    assert!(
        root.join(format!("data/projects/town/{year}-002.toml"))
            .exists()
    );
    // An existing id is refused and nothing is touched.
    let again = run(
        root,
        &["new", "kfq", "重复", "--id", &format!("{year}-001")],
    );
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("已被"));
    assert_eq!(fs::read_to_string(&path).expect("still there"), text);
    // An unknown unit lists the valid ones.
    let bad = run(root, &["new", "nowhere", "项目"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("kfq、town"));
}

#[test]
fn codeowners_is_generated_and_check_warns_when_stale() {
    let dir = scratch();
    let root = dir.path();
    let missing = json(&run(root, &["check", "--format", "json"]));
    assert_eq!(missing["findings"][0]["code"], "codeowners");
    assert_eq!(missing["findings"][0]["severity"], "warning");
    assert!(run(root, &["codeowners"]).status.success());
    let text = fs::read_to_string(root.join(".github/CODEOWNERS")).expect("CODEOWNERS");
    assert!(text.contains("/data/projects/kfq/ @org/kfq\n"));
    assert!(!text.contains("town"), "units without owners are left out");
    assert_eq!(
        json(&run(root, &["check", "--format", "json"]))["findings"],
        serde_json::json!([])
    );
    fs::write(
        root.join("data/units.toml"),
        UNITS.replace("@org/kfq", "@org/kfq-team"),
    )
    .expect("units");
    let stale = json(&run(root, &["check", "--format", "json"]));
    assert_eq!(stale["findings"][0]["code"], "codeowners");
    assert_eq!(stale["findings"][0]["line"], 3);
    assert_eq!(stale["errors"], 0);
}

fn overdue_project(id: &str, unit: &str) -> String {
    format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"工业\"\nunit = \"{unit}\"\ninvestment_wan = 100\n\n[dates]\nassessed = 2026-01-05\napproved = 2026-01-10\nlegal_review = 2026-01-10\nsigned = 2026-04-30\n\n[[approvals]]\nstep = \"县长同意\"\non = 2026-01-06\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-01-07\n"
    )
}

#[test]
fn changed_since_fails_only_for_the_records_a_change_touches() {
    let dir = scratch();
    let root = dir.path();
    assert!(run(root, &["codeowners"]).status.success());
    for (id, unit) in [("a-1", "kfq"), ("b-1", "town")] {
        fs::create_dir_all(root.join(format!("data/projects/{unit}"))).expect("mkdir");
        fs::write(
            root.join(format!("data/projects/{unit}/{id}.toml")),
            overdue_project(id, unit),
        )
        .expect("write");
    }
    git(root, &["init", "-q"]);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "first"]);
    // The second commit touches only the town's record (it files it, late).
    let b = root.join("data/projects/town/b-1.toml");
    let text = fs::read_to_string(&b).expect("read").replace(
        "signed = 2026-04-30\n",
        "signed = 2026-04-30\nfiled = 2026-05-11\n",
    );
    fs::write(&b, text).expect("write");
    git(root, &["commit", "-qam", "second"]);

    let all = run(
        root,
        &["check", "--format", "json", "--as-of", "2026-06-20"],
    );
    assert_eq!(all.status.code(), Some(1));
    let full = json(&all);
    let scoped_out = run(
        root,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-06-20",
            "--changed-since",
            "HEAD~1",
        ],
    );
    let scoped = json(&scoped_out);
    let sev = |v: &serde_json::Value, file: &str, rule: &str| -> Vec<String> {
        v["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["file"] == file && f["rule"] == rule && f["code"] == "overdue")
            .map(|f| f["severity"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let a = "data/projects/kfq/a-1.toml";
    let bf = "data/projects/town/b-1.toml";
    assert_eq!(sev(&full, a, "filing"), vec!["error"]);
    assert_eq!(
        sev(&scoped, a, "filing"),
        vec!["warning"],
        "another unit's delay is only a warning"
    );
    assert_eq!(
        sev(&scoped, bf, "plan"),
        vec!["error"],
        "the changed record must deal with its overdue items"
    );
    assert_eq!(scoped_out.status.code(), Some(1));
    // A change that touches no record: no deadline error anywhere, exit 0.
    fs::write(root.join("README.md"), "说明\n").expect("write");
    git(root, &["add", "README.md"]);
    git(root, &["commit", "-qm", "docs"]);
    let docs = run(
        root,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-06-20",
            "--changed-since",
            "HEAD~1",
        ],
    );
    assert_eq!(
        docs.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&docs.stdout)
    );
    // An invalid record fails the check whatever the change.
    fs::write(
        root.join("data/projects/kfq/a-1.toml"),
        overdue_project("a-1", "kfq").replace("investment_wan = 100", "investment_wan = \"很多\""),
    )
    .expect("write");
    git(root, &["commit", "-qam", "break"]);
    fs::write(root.join("README.md"), "说明2\n").expect("write");
    git(root, &["commit", "-qam", "docs2"]);
    let broken = run(
        root,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            "2026-06-20",
            "--changed-since",
            "HEAD~1",
        ],
    );
    assert_eq!(broken.status.code(), Some(1));
    // A base that does not exist: exit 2 with advice.
    let nobase = run(root, &["check", "--changed-since", "no-such-ref"]);
    assert_eq!(nobase.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&nobase.stderr).contains("fetch-depth"));
}

#[test]
fn gitlab_report_is_a_code_quality_array() {
    let out = run(
        &repo().join("tests/fixtures/filing_after_may_day"),
        &["check", "--format", "gitlab", "--as-of", "2026-05-11"],
    );
    let v = json(&out);
    let issues = v.as_array().expect("array");
    assert!(!issues.is_empty());
    for i in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(i[key].is_string(), "{key} in {i}");
        }
        assert!(
            i["location"]["path"]
                .as_str()
                .expect("path")
                .starts_with("data/")
        );
        assert!(i["location"]["lines"]["begin"].as_u64().expect("line") >= 1);
    }
    let fps: std::collections::BTreeSet<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    assert_eq!(fps.len(), issues.len(), "fingerprints are unique");
    assert_eq!(
        out.stdout,
        run(
            &repo().join("tests/fixtures/filing_after_may_day"),
            &["check", "--format", "gitlab", "--as-of", "2026-05-11"]
        )
        .stdout
    );
}
