//! A county's fork stays green (issue 10, items 6–11): the tool's own tests read the demo
//! from tests/fixtures/demo, never the `data/` a county replaces; the workflows a county
//! inherits are enforceable and platform-neutral.

use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every test source: the integration tests and the browser tests.
fn test_sources() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["tests", "tests/browser"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(repo().join(dir))
            .expect("tests folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                p.extension()
                    .is_some_and(|x| x == "rs" || x == "mjs" || x == "js")
            })
            .collect();
        entries.sort();
        for p in entries {
            let rel = p
                .strip_prefix(repo())
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, fs::read_to_string(&p).expect("read test source")));
        }
    }
    out
}

#[test]
fn the_tools_tests_never_read_the_countys_data_folder() {
    // The ways a test reached the repository's own data/ before the demo moved to
    // tests/fixtures/demo. A county that deletes the demo (使用指南 step 3) must not get red tests.
    let forbidden = [
        "repo().join(\"data",
        "manifest_dir().join(\"data",
        "CARGO_MANIFEST_DIR\")).join(\"data\")",
        "CARGO_MANIFEST_DIR\").join(\"data\")",
        ".arg(repo())",
        "read_dir(&repo())",
        "\"--root\", repo,",
        "\"--root\", repo]",
    ];
    let mut hits = Vec::new();
    for (file, text) in test_sources() {
        if file == "tests/fork.rs" {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            for pat in forbidden {
                if line.contains(pat) {
                    hits.push(format!("{file}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        hits.is_empty(),
        "tests must read the demo from tests/fixtures/demo, not data/:\n{}",
        hits.join("\n")
    );
    let demo = repo().join("tests/fixtures/demo/data");
    for f in ["units.toml", "config.toml", "projects", "bulletins"] {
        assert!(demo.join(f).exists(), "{} is missing", demo.join(f).display());
    }
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()))
}
