//! Issue 8, items 1–3, 12 and 13, tried as a careless or hostile user would: `build --out`
//! must never replace anything but an empty folder or an earlier tongbao site (not the
//! ledger, not `docs/`, not `.git`, not a file), must clean up after dead builds and let two
//! builds run at once; `--changed-since` must never reach git as an option; a closed or full
//! stdout/stderr must not panic. Every refusal asserts the Chinese message a user sees.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;
use common::{copy_dir, err, read_tree, run};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

/// A scratch folder holding `county/`, a copy of the demo ledger (data/ only), so that
/// `--out ..` and `--out ../county` stay inside the scratch folder.
fn county() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("county");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo/data"),
        &root.join("data"),
    );
    (dir, root)
}

fn ok(o: &Output) {
    assert!(o.status.success(), "failed: {}", err(o));
}

/// Folders named like a build's temporary ones (`.NAME.tmp-PID`, `.NAME.old-PID`) anywhere under `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with('.') && (n.contains(".tmp-") || n.contains(".old-")))
        .collect()
}

/// Assert a refused build: exit 2, the Chinese message holds every word of `words`,
/// nothing in the scratch folder changed and no temporary folder was left.
fn refused(scratch: &Path, cwd: &Path, args: &[&str], words: &[&str]) {
    let before = read_tree(scratch);
    let o = run(cwd, args);
    let e = err(&o);
    assert_eq!(o.status.code(), Some(2), "{args:?}: {e}");
    assert!(e.contains("错误: "), "{args:?}: {e}");
    for w in words {
        assert!(e.contains(w), "{args:?}: `{w}` missing in: {e}");
    }
    assert!(!e.contains("已生成网站"), "{args:?}: {e}");
    assert_eq!(before, read_tree(scratch), "{args:?} changed files");
    assert_eq!(temporaries(scratch), Vec::<String>::new(), "{args:?}");
}

#[test]
fn out_may_not_be_or_hold_or_lie_in_the_ledger() {
    let (dir, root) = county();
    ok(&run(&root, &["build"]));
    fs::create_dir_all(root.join(".git/refs")).expect("mkdir");
    fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").expect("HEAD");
    fs::create_dir_all(root.join("templates")).expect("mkdir");
    fs::write(root.join("templates/rankings.html"), "排名").expect("template");
    let name = format!("../{}", root.file_name().expect("name").to_string_lossy());
    let cases: &[(&[&str], &[&str])] = &[
        (&["build", "--out", "site/../data"], &["就是台账的 data/"]),
        (&["build", "--root", "site/..", "--out", "data"], &["data/"]),
        (&["build", "--out", &name], &["就是台账根目录"]),
        (&["build", "--out", "."], &["就是台账根目录"]),
        (&["build", "--out", ".."], &["包含台账根目录"]),
        (&["build", "--out", ".git"], &["就是台账的 .git/"]),
        (&["build", "--out", "templates"], &["templates/"]),
        (
            &["build", "--out", "data/site"],
            &["位于台账的 data/ 目录之内"],
        ),
        (
            &["build", "--out", "data/projects"],
            &["位于台账的 data/ 目录之内"],
        ),
    ];
    for (args, words) in cases {
        let mut words = words.to_vec();
        words.extend(["输出目录不安全", "整个替换", "--out", "site"]);
        refused(dir.path(), &root, args, &words);
    }
    assert!(root.join("data/units.toml").is_file());
    assert!(root.join(".git/HEAD").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlinked_root_does_not_hide_the_ledger() {
    let (dir, root) = county();
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&root, &link).expect("symlink");
    refused(
        dir.path(),
        dir.path(),
        &["build", "--root", "link", "--out", "county/data"],
        &["输出目录不安全", "就是台账的 data/"],
    );
    refused(
        dir.path(),
        dir.path(),
        &["build", "--root", "county", "--out", "link/data"],
        &["输出目录不安全", "就是台账的 data/"],
    );
    // A data/ that is itself a link is refused before anything is written (the ledger
    // is read only from real folders), so its target cannot be replaced either.
    let (dir2, root2) = county();
    fs::rename(root2.join("data"), dir2.path().join("real-data")).expect("move");
    std::os::unix::fs::symlink(dir2.path().join("real-data"), root2.join("data")).expect("symlink");
    refused(
        dir2.path(),
        dir2.path(),
        &["build", "--root", "county", "--out", "real-data"],
        &["data 是符号链接", "换成真正的文件夹"],
    );
}

#[test]
fn a_folder_that_is_not_a_tongbao_site_is_refused() {
    let (dir, root) = county();
    fs::create_dir_all(root.join("docs")).expect("mkdir");
    fs::write(root.join("docs/使用说明.md"), "# 说明\n").expect("docs");
    fs::write(root.join("docs/index.html"), "<p>手写的首页</p>").expect("docs");
    refused(
        dir.path(),
        &root,
        &["build", "--out", "docs"],
        &[
            "输出目录不安全",
            "docs",
            "不是空目录",
            ".tongbao-site",
            "删除其中所有文件",
            "空目录或新目录",
        ],
    );
    fs::write(root.join("备忘.txt"), "重要").expect("file");
    refused(
        dir.path(),
        &root,
        &["build", "--out", "备忘.txt"],
        &["输出目录不安全", "备忘.txt", "是一个文件"],
    );
    refused(
        dir.path(),
        &root,
        &["build", "--out", "没有的目录/site"],
        &["没有的目录", "上级目录", "不存在", "先建立"],
    );
    assert_eq!(
        fs::read(root.join("备忘.txt")).expect("read"),
        "重要".as_bytes()
    );
}

#[test]
fn an_empty_folder_or_an_earlier_site_is_replaced_and_marked() {
    let (_dir, root) = county();
    fs::create_dir_all(root.join("docs")).expect("mkdir");
    ok(&run(&root, &["build", "--out", "docs"]));
    let marker = fs::read_to_string(root.join("docs/.tongbao-site")).expect("marker");
    assert_eq!(marker.lines().next(), Some("tongbao-site 2"));
    assert!(root.join("docs/index.html").is_file());
    // A marked site is replaced, whatever else was put in it.
    fs::write(root.join("docs/old-page.html"), "旧").expect("write");
    ok(&run(&root, &["build", "--out", "docs"]));
    assert!(!root.join("docs/old-page.html").exists());
    assert!(root.join("docs/.tongbao-site").is_file());
    // The default site/ of a checkout built before the marker existed is still replaced…
    ok(&run(&root, &["build"]));
    fs::remove_file(root.join("site/.tongbao-site")).expect("unmark");
    let o = run(&root, &["build"]);
    ok(&o);
    assert!(root.join("site/.tongbao-site").is_file());
    // …but an unmarked site elsewhere is not: only the user knows what it is.
    fs::remove_file(root.join("docs/.tongbao-site")).expect("unmark");
    let o = run(&root, &["build", "--out", "docs"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(err(&o).contains(".tongbao-site"), "{}", err(&o));
    // An unmarked site/ with something foreign in it is not replaced either.
    fs::remove_file(root.join("site/.tongbao-site")).expect("unmark");
    fs::write(root.join("site/论文.docx"), "x").expect("write");
    let o = run(&root, &["build"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(root.join("site/论文.docx").is_file());
}

#[test]
fn stale_temporary_folders_of_dead_builds_are_removed() {
    let (dir, root) = county();
    // PIDs no live process has (above Linux's pid_max; Windows PIDs are multiples of 4).
    for stale in [".site.tmp-999999991", ".site.old-999999993"] {
        fs::create_dir_all(root.join(stale).join("projects")).expect("mkdir");
        fs::write(root.join(stale).join("projects/big.html"), vec![b'x'; 4096]).expect("write");
    }
    // Not ours: another output's folder and a name that only looks similar.
    fs::create_dir_all(root.join(".docs.tmp-999999991")).expect("mkdir");
    fs::create_dir_all(root.join(".site.tmp-note")).expect("mkdir");
    let o = run(&root, &["build"]);
    ok(&o);
    assert!(!root.join(".site.tmp-999999991").exists());
    assert!(!root.join(".site.old-999999993").exists());
    assert!(root.join(".docs.tmp-999999991").exists());
    assert!(root.join(".site.tmp-note").exists());
    assert!(err(&o).contains("已删除"), "{}", err(&o));
    assert!(err(&o).contains(".site.tmp-999999991"), "{}", err(&o));
    let _ = dir;
}

#[test]
fn concurrent_builds_to_one_folder_all_succeed() {
    let (_dir, root) = county();
    ok(&run(&root, &["build", "--out", "reference"]));
    let reference = read_tree(&root.join("reference"));
    for i in 0..20 {
        let spawn = || {
            Command::new(BIN)
                .current_dir(&root)
                .args(["build"])
                .env("CI", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        };
        let (a, b) = (spawn(), spawn());
        for child in [a, b] {
            let o = child.wait_with_output().expect("wait");
            assert!(o.status.success(), "pair {i}: {}", err(&o));
        }
        let got = read_tree(&root.join("site"));
        let differ: Vec<String> = reference
            .keys()
            .chain(got.keys())
            .filter(|k| reference.get(*k) != got.get(*k))
            .map(|k| {
                let text = |m: &std::collections::BTreeMap<String, Vec<u8>>| {
                    m.get(k).map(|b| String::from_utf8_lossy(b).into_owned())
                };
                let (a, b) = (
                    text(&reference).unwrap_or_default(),
                    text(&got).unwrap_or_default(),
                );
                let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
                let around = |t: &str| {
                    t.chars()
                        .skip(at.saturating_sub(80))
                        .take(240)
                        .collect::<String>()
                };
                format!("{k}:\n  want …{}\n  got  …{}", around(&a), around(&b))
            })
            .collect();
        assert!(differ.is_empty(), "pair {i}: {}", differ.join("\n"));
    }
    assert_eq!(temporaries(&root), Vec::<String>::new());
}

/// A scratch git repository holding the demo ledger, one commit.
fn git_county() -> (tempfile::TempDir, PathBuf) {
    let (dir, root) = county();
    let git = |args: &[&str]| {
        let o = Command::new("git")
            .current_dir(&root)
            .args(["-c", "user.name=测试", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .expect("git");
        assert!(o.status.success(), "git {args:?}: {}", err(&o));
    };
    git(&["init", "-q"]);
    git(&["add", "data"]);
    git(&["commit", "-q", "-m", "台账"]);
    (dir, root)
}

#[test]
fn changed_since_never_reaches_git_as_an_option() {
    let (dir, root) = git_county();
    let units = fs::read(root.join("data/units.toml")).expect("units");
    for hostile in [
        "--output=data/units.toml",
        "--output=stolen.txt",
        "-ostolen.txt",
        "--no-index",
        "HEAD --output=stolen.txt",
    ] {
        let arg = format!("--changed-since={hostile}");
        let before = read_tree(dir.path());
        let o = run(&root, &["check", &arg]);
        let e = err(&o);
        assert_eq!(o.status.code(), Some(2), "{hostile}: {e}");
        assert!(e.contains("--changed-since"), "{hostile}: {e}");
        assert!(e.contains("不是本仓库中的提交"), "{hostile}: {e}");
        // The advice names both platforms' setting (issue 10.11), not GitHub's alone.
        assert!(
            e.contains("fetch-depth") && e.contains("GIT_DEPTH") && !e.contains("fetch-depth: 0"),
            "{hostile}: {e}"
        );
        assert!(o.stdout.is_empty(), "{hostile}: no report");
        assert_eq!(before, read_tree(dir.path()), "{hostile}: a file changed");
    }
    assert_eq!(
        fs::read(root.join("data/units.toml")).expect("units"),
        units
    );
    assert!(!root.join("stolen.txt").exists());
    // A real revision still works: a changed file keeps its overdue errors.
    let o = run(
        &root,
        &["check", "--changed-since", "HEAD", "--format", "json"],
    );
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", err(&o));
    let json = String::from_utf8_lossy(&o.stdout);
    assert!(json.contains("\"as_of\""), "{json}");
}

#[test]
fn changed_since_outside_a_git_repository_says_so() {
    let (_dir, root) = county();
    let o = run(&root, &["check", "--changed-since", "HEAD"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(
        err(&o).contains("--changed-since 需要 Git 仓库"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("运行 git 失败"), "{}", err(&o));
}

/// Run with stdout and stderr sent where given; assert no panic.
fn run_to(cwd: &Path, args: &[&str], stdout: Stdio, stderr: Stdio) -> i32 {
    let status = Command::new(BIN)
        .current_dir(cwd)
        .args(args)
        .env("CI", "1")
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .expect("run");
    let code = status.code().expect("exit code");
    assert_ne!(code, 101, "{args:?} panicked");
    code
}

/// A pipe whose reading end is already closed: every write to it fails (EPIPE).
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer.into()
}

#[cfg(unix)]
fn full() -> Stdio {
    fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
        .into()
}

#[test]
fn a_closed_stdout_or_stderr_does_not_panic() {
    let (_dir, root) = county();
    // The report cannot be written: exit 2 (could not run), not 101.
    for format in ["human", "json", "github", "gitlab"] {
        let args = ["check", "--format", format];
        assert_eq!(run_to(&root, &args, closed_pipe(), Stdio::null()), 2);
        assert_eq!(run_to(&root, &args, closed_pipe(), closed_pipe()), 2);
    }
    // Only the messages are lost: the build itself still succeeds.
    assert_eq!(run_to(&root, &["build"], Stdio::null(), closed_pipe()), 0);
    assert!(root.join("site/index.html").is_file());
    // An error that cannot be told still exits 2.
    let args = ["check", "--root", "没有的目录"];
    assert_eq!(run_to(&root, &args, Stdio::null(), closed_pipe()), 2);
    let args = ["build", "--out", "data"];
    assert_eq!(run_to(&root, &args, Stdio::null(), closed_pipe()), 2);
    assert_eq!(
        run_to(&root, &["--no-such-flag"], Stdio::null(), closed_pipe()),
        2
    );
    // Help that cannot be shown is a failure too.
    assert_eq!(run_to(&root, &["--help"], closed_pipe(), Stdio::null()), 2);
}

#[cfg(unix)]
#[test]
fn a_full_stdout_or_stderr_does_not_panic() {
    let (_dir, root) = county();
    assert_eq!(run_to(&root, &["check"], full(), full()), 2);
    assert_eq!(
        run_to(&root, &["check", "--format", "json"], full(), Stdio::null()),
        2
    );
    assert_eq!(run_to(&root, &["build"], Stdio::null(), full()), 0);
    let args = ["build", "--out", "data"];
    assert_eq!(run_to(&root, &args, Stdio::null(), full()), 2);
    let args = ["check", "--root", "没有的目录"];
    assert_eq!(run_to(&root, &args, full(), full()), 2);
    assert_eq!(run_to(&root, &["--version"], full(), full()), 2);
    // `new` prints the new file's path: if that is lost, say so by the exit code.
    let args = ["new", "kfq", "测试项目", "--id", "2026-900"];
    assert_eq!(run_to(&root, &args, full(), full()), 2);
}
