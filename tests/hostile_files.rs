//! Files a pull request can bring (issue 8, items 4, 5, 8 and 14): symlinks and
//! special files where the tool expects a file, files under `data/projects/` that are
//! not read, owners that would inject CODEOWNERS rules, and one typo in units.toml
//! that must not bury the real error under hundreds of follow-on findings. Every case
//! runs the binary (with a time limit: a FIFO must not hang it) and asserts the
//! Chinese message a user sees.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

const UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"示例经济开发区\"\nkind = \"区块\"\n";

const GOOD: &str = "id = \"2026-001\"\nname = \"年产5万吨新型建材项目\"\ncategory = \"工业\"\nunit = \"kfq\"\ninvestment_wan = 72000\n";

fn record(id: &str) -> String {
    GOOD.replace("2026-001", id)
}

/// A ledger with one unit and the given files (paths relative to the root).
fn ledger(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    fs::write(root.join("data/units.toml"), UNITS).expect("units");
    for (path, text) in files {
        let p = root.join(path);
        fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        fs::write(p, text).expect("write");
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn all(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Run the binary with a time limit of 30 s (killed and failed beyond it).
fn run(root: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let out = tempfile::tempdir().expect("tempdir");
    let (o, e) = (out.path().join("out"), out.path().join("err"));
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .arg("--root")
        .arg(root)
        .env("CI", "1")
        .env_remove("GITHUB_STEP_SUMMARY")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&o).expect("out"))
        .stderr(fs::File::create(&e).expect("err"));
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run tongbao");
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("tongbao {args:?} did not finish in 30 s (hung)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let r = Run {
        code: status.code().expect("exit code"),
        stdout: fs::read_to_string(&o).expect("stdout is UTF-8"),
        stderr: fs::read_to_string(&e).expect("stderr is UTF-8"),
    };
    assert_ne!(r.code, 101, "panicked: {}", r.stderr);
    r
}

fn check_json(root: &Path) -> (i32, serde_json::Value) {
    let r = run(
        root,
        &["check", "--as-of", "2026-05-08", "--format", "json"],
        &[],
    );
    let v = serde_json::from_str(&r.stdout).expect("json");
    (r.code, v)
}

fn findings(v: &serde_json::Value) -> Vec<serde_json::Value> {
    v["findings"].as_array().expect("findings").clone()
}

/// The findings for one file.
fn at(v: &serde_json::Value, file: &str) -> Vec<serde_json::Value> {
    findings(v)
        .into_iter()
        .filter(|f| f["file"] == file)
        .collect()
}

fn msg(f: &serde_json::Value) -> String {
    f["message"].as_str().expect("message").to_string()
}

// ---- item 4: symlinks and special files --------------------------------------------

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::symlink;

    const SECRET: &str = "tongbao-secret-7f3a9c";

    fn mkfifo(p: &Path) {
        let ok = Command::new("mkfifo")
            .arg(p)
            .status()
            .expect("mkfifo")
            .success();
        assert!(ok, "mkfifo {}", p.display());
    }

    #[test]
    fn config_linked_to_the_environment_leaks_nothing() {
        let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
        let root = dir.path();
        symlink("/proc/self/environ", root.join("data/config.toml")).expect("symlink");
        for format in ["human", "json", "github", "gitlab"] {
            let r = run(
                root,
                &["check", "--as-of", "2026-05-08", "--format", format],
                &[("TONGBAO_TEST_TOKEN", SECRET)],
            );
            assert_eq!(r.code, 1, "{}", r.all());
            assert!(!r.all().contains(SECRET), "{format}: {}", r.all());
            assert!(r.all().contains("data/config.toml"), "{}", r.all());
        }
        let (_, v) = check_json(root);
        let f = &at(&v, "data/config.toml")[0];
        assert_eq!(f["severity"], "error");
        assert_eq!(f["code"], "path");
        assert!(msg(f).contains("符号链接"), "{f}");
        assert!(msg(f).contains("请删除这个链接，换成真正的文件"), "{f}");
        // build refuses too, and says the same.
        let b = run(
            root,
            &["build", "--as-of", "2026-05-08"],
            &[("TONGBAO_TEST_TOKEN", SECRET)],
        );
        assert_eq!(b.code, 1);
        assert!(!b.all().contains(SECRET), "{}", b.all());
        assert!(b.stderr.contains("符号链接"), "{}", b.stderr);
        assert!(!root.join("site").exists());
    }

    /// A file outside the ledger that a link tries to publish.
    fn outside_secret() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("id_rsa");
        fs::write(&p, SECRET).expect("secret");
        (dir, p)
    }

    fn site_text(root: &Path) -> String {
        walkdir::WalkDir::new(root.join("site"))
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| String::from_utf8_lossy(&fs::read(e.path()).expect("read")).into_owned())
            .collect()
    }

    #[test]
    fn a_linked_template_or_asset_is_refused_and_not_published() {
        let (_keep, secret) = outside_secret();
        for name in ["templates/base.html", "templates/static/style.css"] {
            let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
            let root = dir.path();
            let link = root.join(name);
            fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
            symlink(&secret, &link).expect("symlink");
            let r = run(root, &["build", "--as-of", "2026-05-08"], &[]);
            assert_eq!(r.code, 1, "{name}: {}", r.all());
            assert!(r.stderr.contains(name), "{}", r.stderr);
            assert!(r.stderr.contains("符号链接"), "{}", r.stderr);
            assert!(r.stderr.contains("删除它即恢复内置模板"), "{}", r.stderr);
            assert!(!site_text(root).contains(SECRET), "{name} published");
        }
        // A linked templates/ folder is refused as well.
        let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
        let root = dir.path();
        symlink(secret.parent().expect("dir"), root.join("templates")).expect("symlink");
        let r = run(root, &["build", "--as-of", "2026-05-08"], &[]);
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(r.stderr.contains("真正的文件夹"), "{}", r.stderr);
        // A real override still works.
        fs::remove_file(root.join("templates")).expect("rm");
        fs::create_dir_all(root.join("templates/static")).expect("mkdir");
        fs::write(root.join("templates/static/style.css"), "body{color:red}").expect("css");
        let r = run(root, &["build", "--as-of", "2026-05-08"], &[]);
        assert_eq!(r.code, 0, "{}", r.all());
        assert_eq!(
            fs::read_to_string(root.join("site/static/style.css")).expect("css"),
            "body{color:red}"
        );
    }

    #[test]
    fn a_fifo_named_units_toml_does_not_hang() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
        fs::write(root.join("data/projects/kfq/2026-001.toml"), GOOD).expect("record");
        mkfifo(&root.join("data/units.toml"));
        let started = Instant::now();
        let r = run(root, &["check", "--as-of", "2026-05-08"], &[]);
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(r.code, 1, "{}", r.all());
        assert!(r.stdout.contains("data/units.toml"), "{}", r.stdout);
        assert!(r.stdout.contains("命名管道"), "{}", r.stdout);
        assert!(r.stdout.contains("换成真正的文件"), "{}", r.stdout);
        // A FIFO as a record or a bulletin neither.
        // (Writing into the FIFO would wait for a reader: replace it.)
        fs::remove_file(root.join("data/units.toml")).expect("rm fifo");
        fs::write(root.join("data/units.toml"), UNITS).expect("units");
        mkfifo(&root.join("data/projects/kfq/2026-002.toml"));
        fs::create_dir_all(root.join("data/bulletins")).expect("mkdir");
        mkfifo(&root.join("data/bulletins/2026-04.md"));
        let (code, v) = check_json(root);
        assert_eq!(code, 1);
        for file in [
            "data/projects/kfq/2026-002.toml",
            "data/bulletins/2026-04.md",
        ] {
            let f = &at(&v, file)[0];
            assert_eq!(f["severity"], "error", "{f}");
            assert!(msg(f).contains("命名管道"), "{f}");
        }
    }

    #[test]
    fn a_link_to_dev_zero_is_refused_quickly() {
        let dir = ledger(&[]);
        let root = dir.path();
        symlink("/dev/zero", root.join("data/projects/kfq/2026-001.toml")).expect("symlink");
        symlink("/dev/zero", root.join("data/projects/kfq/2026-002.md")).expect("symlink");
        let started = Instant::now();
        let (code, v) = check_json(root);
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(code, 1);
        for file in [
            "data/projects/kfq/2026-001.toml",
            "data/projects/kfq/2026-002.md",
        ] {
            let f = &at(&v, file)[0];
            assert_eq!(f["severity"], "error", "{f}");
            assert_eq!(f["code"], "path", "{f}");
            assert!(msg(f).contains("符号链接"), "{f}");
        }
        // A device itself (not through a link) where a record is expected: same.
        let dir = ledger(&[]);
        let with_dev = dir.path();
        fs::remove_dir_all(with_dev.join("data/projects/kfq")).expect("rm");
        symlink("/dev", with_dev.join("data/projects/kfq")).expect("symlink");
        let (code, v) = check_json(with_dev);
        assert_eq!(code, 1);
        let f = &at(&v, "data/projects/kfq")[0];
        assert!(msg(f).contains("真正的文件夹"), "{f}");
        assert_eq!(v["findings"].as_array().map(Vec::len), Some(1), "{v}");
    }

    #[test]
    fn a_linked_data_folder_or_units_file_is_refused() {
        let real = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
        let dir = tempfile::tempdir().expect("tempdir");
        symlink(real.path().join("data"), dir.path().join("data")).expect("symlink");
        let r = run(dir.path(), &["check", "--as-of", "2026-05-08"], &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.stderr.contains("data 是符号链接"), "{}", r.stderr);
        assert!(r.stderr.contains("真正的文件夹"), "{}", r.stderr);

        let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
        let root = dir.path();
        fs::write(root.join("units.toml"), UNITS).expect("units");
        fs::remove_file(root.join("data/units.toml")).expect("rm");
        symlink(root.join("units.toml"), root.join("data/units.toml")).expect("symlink");
        let (code, v) = check_json(root);
        assert_eq!(code, 1);
        let f = &at(&v, "data/units.toml")[0];
        assert!(msg(f).contains("符号链接"), "{f}");
        // The record's unknown unit is a follow-on of that, left out (item 14).
        assert!(
            findings(&v)
                .iter()
                .all(|f| f["severity"] == "warning" || f["file"] == "data/units.toml"),
            "{v}"
        );
    }

    #[test]
    fn codeowners_never_writes_through_a_link() {
        let (_keep, secret) = outside_secret();
        let dir = ledger(&[]);
        let root = dir.path();
        fs::write(
            root.join("data/units.toml"),
            format!("{UNITS}owners = [\"@org/kfq\"]\n"),
        )
        .expect("units");
        fs::create_dir_all(root.join(".github")).expect("mkdir");
        symlink(&secret, root.join(".github/CODEOWNERS")).expect("symlink");
        let r = run(root, &["codeowners"], &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.stderr.contains(".github/CODEOWNERS"), "{}", r.stderr);
        assert!(r.stderr.contains("符号链接"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(&secret).expect("secret"), SECRET);
        // check names it as an error too (not as a stale file).
        let (code, v) = check_json(root);
        assert_eq!(code, 1);
        let f = &at(&v, ".github/CODEOWNERS");
        assert_eq!(f.len(), 1, "{v}");
        assert_eq!(f[0]["code"], "path");
        // A linked .github folder: refused, nothing written outside.
        fs::remove_dir_all(root.join(".github")).expect("rm");
        let elsewhere = tempfile::tempdir().expect("tempdir");
        symlink(elsewhere.path(), root.join(".github")).expect("symlink");
        let r = run(root, &["codeowners"], &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.stderr.contains("真正的文件夹"), "{}", r.stderr);
        assert!(!elsewhere.path().join("CODEOWNERS").exists());
    }

    #[test]
    fn schema_never_writes_through_a_link_or_outside_the_root() {
        let (_keep, secret) = outside_secret();
        let dir = ledger(&[]);
        let root = dir.path();
        fs::create_dir_all(root.join("schema")).expect("mkdir");
        symlink(&secret, root.join("schema/project.schema.json")).expect("symlink");
        let r = run(root, &["schema"], &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(
            r.stderr.contains("schema/project.schema.json"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("符号链接"), "{}", r.stderr);
        assert_eq!(fs::read_to_string(&secret).expect("secret"), SECRET);
        // A linked schema/ folder.
        fs::remove_dir_all(root.join("schema")).expect("rm");
        let elsewhere = tempfile::tempdir().expect("tempdir");
        symlink(elsewhere.path(), root.join("schema")).expect("symlink");
        let r = run(root, &["schema"], &[]);
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.stderr.contains("不在台账根目录"), "{}", r.stderr);
        assert_eq!(fs::read_dir(elsewhere.path()).expect("dir").count(), 0);
        // --out outside the root, or into data/.
        let out = elsewhere.path().join("x");
        let r = run(
            root,
            &["schema", "--out", out.to_str().expect("utf-8")],
            &[],
        );
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(!out.exists());
        let data = root.join("data/schema");
        let r = run(
            root,
            &["schema", "--out", data.to_str().expect("utf-8")],
            &[],
        );
        assert_eq!(r.code, 2, "{}", r.all());
        assert!(r.stderr.contains("data/"), "{}", r.stderr);
        assert!(!data.exists());
        // The ordinary case still works.
        fs::remove_file(root.join("schema")).expect("rm");
        let r = run(root, &["schema"], &[]);
        assert_eq!(r.code, 0, "{}", r.all());
        assert!(root.join("schema/project.schema.json").is_file());
        let leftovers: Vec<_> = fs::read_dir(root.join("schema"))
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left");
    }
}

// ---- item 5: files under data/projects/ that are not read ---------------------------

#[test]
fn skipped_files_under_projects_each_get_a_warning_saying_what_to_do() {
    let dir = ledger(&[
        ("data/projects/kfq/2026-001.toml", GOOD),
        ("data/projects/kfq/2026-002.toml.txt", &record("2026-002")),
        ("data/projects/kfq/2026-003.TOML", &record("2026-003")),
        ("data/projects/kfq/.2026-004.toml", &record("2026-004")),
        ("data/projects/kfq/说明.docx", "x"),
        ("data/projects/kfq/.gitkeep", ""),
        ("data/projects/.hidden/2026-005.toml", &record("2026-005")),
    ]);
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 0, "warnings only: {v}");
    let warned = |file: &str, words: &[&str]| {
        let f = at(&v, file);
        assert_eq!(f.len(), 1, "{file}: {v}");
        assert_eq!(f[0]["severity"], "warning", "{file}");
        assert_eq!(f[0]["code"], "path", "{file}");
        for w in words {
            assert!(msg(&f[0]).contains(w), "{file}: {w}: {}", msg(&f[0]));
        }
    };
    warned(
        "data/projects/kfq/2026-002.toml.txt",
        &["记事本", "请改名为 2026-002.toml", "没有被检查"],
    );
    warned(
        "data/projects/kfq/2026-003.TOML",
        &["小写", "请改名为 2026-003.toml"],
    );
    warned(
        "data/projects/kfq/.2026-004.toml",
        &["隐藏文件", "去掉文件名开头的点"],
    );
    warned(
        "data/projects/kfq/说明.docx",
        &["不是 .toml", "移出 data/projects/"],
    );
    warned("data/projects/.hidden", &["隐藏文件夹"]);
    assert!(at(&v, "data/projects/kfq/.gitkeep").is_empty(), "{v}");
    assert_eq!(findings(&v).len(), 5, "{v}");
    // The human format names the file too.
    let r = run(dir.path(), &["check", "--as-of", "2026-05-08"], &[]);
    assert!(
        r.stdout
            .contains("警告[path]: 2026-002.toml.txt 的扩展名是 .txt"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("--> data/projects/kfq/2026-002.toml.txt:1:1"),
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_linked_record_is_an_error_not_silence() {
    let dir = ledger(&[("data/projects/kfq/2026-001.toml", GOOD)]);
    let root = dir.path();
    std::os::unix::fs::symlink(
        root.join("data/projects/kfq/2026-001.toml"),
        root.join("data/projects/kfq/2026-002.toml"),
    )
    .expect("symlink");
    let (code, v) = check_json(root);
    assert_eq!(code, 1);
    let f = at(&v, "data/projects/kfq/2026-002.toml");
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["unit"], "kfq");
    assert!(msg(&f[0]).contains("换成真正的文件"), "{}", msg(&f[0]));
}

#[test]
fn a_missing_projects_folder_is_an_error_saying_how_to_fix_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    fs::create_dir_all(dir.path().join("data")).expect("mkdir");
    fs::write(dir.path().join("data/units.toml"), UNITS).expect("units");
    let (code, v) = check_json(dir.path());
    assert_eq!(code, 1);
    let f = at(&v, "data/projects");
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["code"], "path");
    assert!(
        msg(&f[0]).contains("找不到项目目录 data/projects/"),
        "{}",
        msg(&f[0])
    );
    assert!(msg(&f[0]).contains("请新建这个文件夹"), "{}", msg(&f[0]));
    // `tongbao new` makes it, and then check passes.
    let r = run(dir.path(), &["new", "kfq", "新项目"], &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    let r = run(dir.path(), &["check", "--format", "json"], &[]);
    assert_eq!(r.code, 0, "{}", r.all());
}

// ---- item 8: owners cannot inject CODEOWNERS rules ---------------------------------

const PROTECTED: &str = "# 已提交的审核规则\n/data/projects/kfq/ @org/kfq\n";

#[test]
fn an_owner_with_a_newline_is_a_schema_error_and_codeowners_refuses() {
    let units = format!("{UNITS}owners = [\"@org/kfq\", \"@a\\n* @attacker\"]\n");
    let dir = ledger(&[
        ("data/units.toml", &units),
        ("data/projects/kfq/2026-001.toml", GOOD),
        (".github/CODEOWNERS", PROTECTED),
    ]);
    let root = dir.path();
    let (code, v) = check_json(root);
    assert_eq!(code, 1);
    let f: Vec<_> = at(&v, "data/units.toml")
        .into_iter()
        .filter(|f| f["code"] == "schema")
        .collect();
    assert_eq!(f.len(), 1, "{v}");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["line"], 5, "the line of the value");
    assert_eq!(f[0]["unit"], "kfq");
    let m = msg(&f[0]);
    assert!(m.contains("审核人 owners"), "{m}");
    assert!(m.contains("@county-org/kfq"), "{m}");
    assert!(m.contains("不能含空格、换行"), "{m}");
    assert!(!m.contains('\n'), "the newline is shown escaped: {m}");
    let r = run(root, &["codeowners"], &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(
        r.stderr.contains("未生成 .github/CODEOWNERS"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("data/units.toml:5:"), "{}", r.stderr);
    assert_eq!(
        fs::read_to_string(root.join(".github/CODEOWNERS")).expect("kept"),
        PROTECTED
    );
    for bad in ["@a * @b", "zhangsan", "@a\\u001b[2J"] {
        let units = format!("{UNITS}owners = [\"{bad}\"]\n");
        fs::write(root.join("data/units.toml"), units).expect("units");
        let (code, v) = check_json(root);
        assert_eq!(code, 1, "{bad}: {v}");
    }
}

#[test]
fn codeowners_refuses_to_write_while_units_toml_has_a_typo() {
    let units = format!("{UNITS}owners = [\"@org/kfq\"]\nleadr = \"张三\"\n");
    let dir = ledger(&[
        ("data/units.toml", &units),
        (".github/CODEOWNERS", PROTECTED),
    ]);
    let root = dir.path();
    let r = run(root, &["codeowners"], &[]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.stderr.contains("未知字段 `leadr`"), "{}", r.stderr);
    assert!(
        r.stderr.contains("删掉或写错各单位的审核人"),
        "{}",
        r.stderr
    );
    assert_eq!(
        fs::read_to_string(root.join(".github/CODEOWNERS")).expect("kept"),
        PROTECTED
    );
    // Fixed, it writes the rule.
    fs::write(
        root.join("data/units.toml"),
        format!("{UNITS}owners = [\"@org/kfq\", \"li@example.gov.cn\"]\n"),
    )
    .expect("units");
    let r = run(root, &["codeowners"], &[]);
    assert_eq!(r.code, 0, "{}", r.all());
    let text = fs::read_to_string(root.join(".github/CODEOWNERS")).expect("written");
    assert!(
        text.ends_with("/data/projects/kfq/ @org/kfq li@example.gov.cn\n"),
        "{text}"
    );
}

// ---- item 14: one typo in units.toml or config.toml ---------------------------------

const TWO_UNITS: &str = "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\nself_approval_max_mu = 50\n\n[[unit]]\nid = \"zrzy\"\nname = \"自然资源局\"\nkind = \"部门\"\n";

/// Twenty records, each with a milestone of another unit and a land area that needs
/// the zone's own approval: with units.toml unreadable, each gives two unknown-ref
/// findings and an approval one.
fn many_records(root: &Path) {
    for i in 1..=20 {
        let id = format!("2026-{i:03}");
        let text = format!(
            "{}land_mu = 30\n\n[dates]\nproposed = 2026-01-05\nassessed = 2026-02-02\napproved = 2026-03-02\n\n[[approvals]]\nstep = \"领导小组审议\"\non = 2026-02-10\n\n[[approvals]]\nstep = \"开发区审批\"\non = 2026-02-20\n\n[[milestones]]\nitem = \"土地供应\"\nunit = \"zrzy\"\ndue = 2026-12-31\n",
            record(&id)
        );
        fs::write(root.join(format!("data/projects/kfq/{id}.toml")), text).expect("record");
    }
}

#[test]
fn a_typo_in_units_toml_is_reported_first_without_the_cascade() {
    let dir = ledger(&[("data/units.toml", TWO_UNITS)]);
    let root = dir.path();
    many_records(root);
    let (code, v) = check_json(root);
    assert_eq!(code, 0, "the records are valid: {v}");
    assert_eq!(findings(&v).len(), 0, "{v}");

    fs::write(
        root.join("data/units.toml"),
        TWO_UNITS.replace("kind = \"部门\"", "kinds = \"部门\""),
    )
    .expect("typo");
    let (code, v) = check_json(root);
    assert_eq!(code, 1);
    let all = findings(&v);
    assert_eq!(all.len(), 2, "the error and one note, not 60 findings: {v}");
    assert_eq!(v["errors"], 1);
    assert_eq!(all[0]["code"], "schema");
    assert_eq!(all[0]["line"], 10);
    assert!(msg(&all[0]).contains("未知字段 `kinds`"), "{v}");
    // The note sits right after the error (same file and line; unknown-ref sorts after schema).
    assert_eq!(all[1]["severity"], "warning");
    assert_eq!(all[1]["code"], "unknown-ref");
    assert_eq!(all[1]["file"], "data/units.toml");
    assert_eq!(all[1]["line"], 10);
    let note = msg(&all[1]);
    assert!(note.contains("60 条后续问题暂不报告"), "{note}");
    assert!(note.contains("引用的单位不存在 40 条"), "{note}");
    assert!(note.contains("审批程序不符 20 条"), "{note}");
    assert!(note.contains("请先改正 data/units.toml 的错误"), "{note}");

    // Human: the units error first, then the note; real record findings still follow.
    fs::write(
        root.join("data/projects/kfq/2026-001.toml"),
        record("2026-001").replace("investment_wan = 72000", "investment_wan = \"七亿\""),
    )
    .expect("bad record");
    let r = run(root, &["check", "--as-of", "2026-05-08"], &[]);
    assert_eq!(r.code, 1);
    let units_at = r.stdout.find("未知字段 `kinds`").expect("units error");
    let note_at = r.stdout.find("暂不报告").expect("note");
    let record_at = r.stdout.find("2026-001.toml").expect("record error");
    assert!(units_at < note_at && note_at < record_at, "{}", r.stdout);
    assert!(r.stdout.contains("2 个错误"), "{}", r.stdout);
}

#[test]
fn a_typo_in_config_toml_hides_only_the_category_cascade() {
    let dir = ledger(&[(
        "data/config.toml",
        "categories = [\"工业\", \"数字经济\"]\ntitel = \"台账\"\n",
    )]);
    let root = dir.path();
    for i in 1..=5 {
        let id = format!("2026-{i:03}");
        fs::write(
            root.join(format!("data/projects/kfq/{id}.toml")),
            record(&id).replace("工业", "数字经济"),
        )
        .expect("record");
    }
    // A real unknown-ref (a unit typo) is kept.
    fs::write(
        root.join("data/projects/kfq/2026-006.toml"),
        record("2026-006").replace("unit = \"kfq\"", "unit = \"kfqq\""),
    )
    .expect("record");
    let (code, v) = check_json(root);
    assert_eq!(code, 1);
    let all = findings(&v);
    assert_eq!(all[0]["file"], "data/config.toml");
    assert_eq!(all[0]["severity"], "error");
    assert!(msg(&all[0]).contains("titel"), "{v}");
    let note = &all[1];
    assert_eq!(note["file"], "data/config.toml");
    assert!(msg(note).contains("项目类别不在允许范围 5 条"), "{note}");
    let kept: Vec<_> = all
        .iter()
        .filter(|f| f["file"] == "data/projects/kfq/2026-006.toml")
        .collect();
    assert!(
        kept.iter().any(|f| msg(f).contains("kfqq")),
        "the real unknown unit stays: {v}"
    );
    assert_eq!(
        all.iter().filter(|f| f["code"] == "unknown-ref").count(),
        2,
        "{v}"
    );
}
