//! A clone is self-sufficient (issue 10 item 3): the contract that code, tests and docs
//! cite is `docs/contract.md` in the repository, every relative link in the docs resolves,
//! and the contract names every finding code, deadline rule and subcommand there is.

use std::path::{Path, PathBuf};
use tongbao::findings::{Code, Rule};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).expect("read a doc of the repository")
}

/// The repository's own text files (no build output, no installed packages, no images).
fn text_files() -> Vec<PathBuf> {
    let top = root();
    let outputs = [top.join("target"), top.join("site")];
    walkdir::WalkDir::new(&top)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            name != ".git" && name != "node_modules" && !outputs.iter().any(|o| o == e.path())
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| std::fs::read_to_string(p).is_ok())
        .collect()
}

#[test]
fn nothing_cites_a_design_file_outside_the_repository() {
    // Spelled in pieces so that this file does not match itself.
    let outside = [
        concat!("DESIGN", ".md"),
        concat!("DESIGN", " §"),
        concat!("../", "shared/"),
    ];
    let mut found = Vec::new();
    for path in text_files() {
        let text = std::fs::read_to_string(&path).expect("text file");
        for (n, line) in text.lines().enumerate() {
            if outside.iter().any(|s| line.contains(s)) {
                let rel = path
                    .strip_prefix(root())
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                found.push(format!("{rel}:{}: {line}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "cite docs/contract.md instead:\n{}",
        found.join("\n")
    );
}

/// Relative targets of Markdown links `](target)` in `text`, without `#fragment`.
fn relative_links(text: &str) -> Vec<String> {
    text.split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(|t| t.split('#').next().unwrap_or("").trim().to_string())
        .filter(|t| !t.is_empty() && !t.contains("://") && !t.starts_with("mailto:"))
        .collect()
}

#[test]
fn every_relative_link_in_the_docs_resolves() {
    let docs = [
        "README.md",
        "CHANGELOG.md",
        "ARCHITECTURE.md",
        "docs/contract.md",
        "docs/conventions.md",
        "docs/fields.md",
    ];
    let mut broken = Vec::new();
    for doc in docs {
        let dir = Path::new(doc).parent().unwrap_or(Path::new(""));
        for target in relative_links(&read(doc)) {
            if !root().join(dir).join(&target).exists() {
                broken.push(format!("{doc}: ({target})"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_contract_names_every_code_rule_and_section_it_is_cited_for() {
    let contract = read("docs/contract.md");
    for code in Code::ALL {
        assert!(
            contract.contains(&format!("`{}`", code.as_str())),
            "docs/contract.md §5 does not list the code `{code}`"
        );
    }
    for rule in Rule::ALL {
        assert!(
            contract.contains(&format!("| {}", rule.as_str()))
                || contract.contains(&format!("/ {} ", rule.as_str()))
                || contract.contains(&format!("/ {} |", rule.as_str())),
            "docs/contract.md §4 has no row for the rule `{rule}`"
        );
    }
    // Code and docs cite §1–§7: each must be a heading of the contract.
    for n in 1..=7 {
        assert!(
            contract.contains(&format!("\n## §{n} ")),
            "docs/contract.md has no section §{n}"
        );
    }
}

#[test]
fn the_contract_lists_every_subcommand() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .arg("--help")
        .output()
        .expect("run tongbao --help");
    let help = String::from_utf8_lossy(&out.stdout);
    let commands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("命令"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(commands.contains(&"check"), "no commands in:\n{help}");
    let contract = read("docs/contract.md");
    for c in commands {
        assert!(
            contract.contains(&format!("tongbao {c}")),
            "docs/contract.md §5 does not list `tongbao {c}`"
        );
    }
}
