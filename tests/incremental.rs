//! Incremental builds: a second `build` reuses (hard-links) the files whose content or
//! inputs did not change, and its site is byte-identical to a full build's.

mod common;

use common::{demo, read_tree};
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn build(root: &Path, extra: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args(["build", "--as-of", "2026-11-20", "--root"])
        .arg(root)
        .args(extra)
        .env("CI", "1")
        .output()
        .expect("run tongbao");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The number in "其中 N 个未变、沿用上次生成" (0 when the line does not say it).
fn reused(o: &Output) -> usize {
    let err = String::from_utf8_lossy(&o.stderr);
    err.split("其中 ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn total(o: &Output) -> usize {
    let err = String::from_utf8_lossy(&o.stderr);
    err.split("已生成网站：")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("file count")
}

fn first_record(root: &Path) -> std::path::PathBuf {
    walkdir::WalkDir::new(root.join("data/projects"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_type().is_file())
        .expect("a record")
        .into_path()
}

#[test]
fn a_second_build_reuses_what_did_not_change_and_equals_a_full_build() {
    let dir = demo();
    let root = dir.path();
    let first = build(root, &[]);
    assert_eq!(reused(&first), 0, "nothing to reuse the first time");
    let n = total(&first);

    // Nothing changed: every file is taken over.
    let again = build(root, &[]);
    assert_eq!(
        reused(&again),
        n,
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );

    // One record changes (its name): its page and the pages that list it are written,
    // the other project pages are reused without rendering.
    let rec = first_record(root);
    let text = fs::read_to_string(&rec).expect("read");
    let old_name = text
        .lines()
        .find_map(|l| l.strip_prefix("name = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("name line")
        .to_string();
    fs::write(&rec, text.replacen(&old_name, "改名后的项目", 1)).expect("write");
    let edited = build(root, &[]);
    let r = reused(&edited);
    assert!(r > n / 2 && r < n, "reused {r} of {n}");
    let incremental = read_tree(&root.join("site"));
    let shows_new_name = incremental.iter().any(|(p, b)| {
        p.starts_with("projects/")
            && p != "projects/index.html"
            && String::from_utf8_lossy(b).contains("改名后的项目")
    });
    assert!(
        shows_new_name,
        "the edited project's page shows the new name"
    );

    // The same as building from scratch, byte for byte.
    let full_dir = root.join("full");
    build(root, &["--out", &full_dir.to_string_lossy(), "--full"]);
    let full = read_tree(&full_dir);
    assert_eq!(
        incremental.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &full {
        assert!(
            incremental[path] == *bytes,
            "{path} differs from a full build"
        );
    }
}

#[test]
fn a_changed_template_or_as_of_renders_every_page_again() {
    let dir = demo();
    let root = dir.path();
    let n = total(&build(root, &[]));
    // Another as-of date changes every page's inputs; pages whose bytes happen to be
    // equal (assets, exports that do not name the date) may still be reused.
    let other_day = Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args(["build", "--as-of", "2026-11-19", "--root"])
        .arg(root)
        .env("CI", "1")
        .output()
        .expect("run");
    assert!(other_day.status.success());
    assert!(reused(&other_day) < n / 2, "{}", reused(&other_day));
    // A template override: no project page may be reused.
    build(root, &[]);
    fs::create_dir_all(root.join("templates")).expect("mkdir");
    let tpl =
        include_str!("../templates/project.html").replace("</h1>", "</h1><p>县里加的说明</p>");
    fs::write(root.join("templates/project.html"), tpl).expect("write");
    build(root, &[]);
    let site = read_tree(&root.join("site"));
    let pages: Vec<_> = site
        .iter()
        .filter(|(p, _)| {
            p.starts_with("projects/") && !p.ends_with("index.html") && p.ends_with(".html")
        })
        .collect();
    assert!(!pages.is_empty());
    for (p, b) in pages {
        assert!(
            String::from_utf8_lossy(b).contains("县里加的说明"),
            "{p} was reused from before the template changed"
        );
    }
}

#[test]
fn a_hand_edited_or_replaced_file_in_the_old_site_is_not_taken_over() {
    let dir = demo();
    let root = dir.path();
    build(root, &[]);
    let site = root.join("site");
    let page = fs::read_dir(site.join("projects"))
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "index.html"))
        .min()
        .expect("a project page");
    let good = fs::read(&page).expect("read");
    // Edited by hand (another length): written again.
    fs::write(&page, "被人手工改过").expect("write");
    build(root, &[]);
    assert_eq!(fs::read(&page).expect("read"), good);
    // Replaced by a link to a file elsewhere: never linked or followed.
    #[cfg(unix)]
    {
        let elsewhere = root.join("secret.txt");
        fs::write(&elsewhere, &good).expect("write");
        fs::remove_file(&page).expect("rm");
        std::os::unix::fs::symlink(&elsewhere, &page).expect("symlink");
        build(root, &[]);
        let meta = fs::symlink_metadata(&page).expect("meta");
        assert!(meta.is_file() && !meta.file_type().is_symlink());
        assert_eq!(fs::read(&page).expect("read"), good);
        // The whole folder replaced by a link to one elsewhere holding a file of the
        // recorded size: its files are not lent to the new site.
        let name = page.file_name().expect("name").to_owned();
        let other = root.join("elsewhere");
        fs::create_dir(&other).expect("mkdir");
        fs::write(other.join(&name), vec![b'x'; good.len()]).expect("write");
        let projects = site.join("projects");
        fs::rename(&projects, root.join("moved")).expect("move");
        std::os::unix::fs::symlink(&other, &projects).expect("symlink");
        build(root, &[]);
        assert!(
            !fs::symlink_metadata(&projects)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read(projects.join(&name)).expect("read"), good);
    }
    // A garbled marker: everything is written again, nothing breaks.
    fs::write(
        site.join(".tongbao-site"),
        "tongbao-site 2\nzz 1 - index.html\n",
    )
    .expect("write");
    let o = build(root, &[]);
    assert_eq!(reused(&o), 0);
}
