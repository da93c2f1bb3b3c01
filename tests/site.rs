//! The site built from real ledgers (as Zola's components/site/tests do): the demo
//! county copied to a scratch folder, built by the binary, and its output asserted.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{demo, read_tree, text};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

/// Run `build --root <root>`; an `--out NAME` in `extra` is taken relative to the root.
fn build(root: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    if let Some(i) = args.iter().position(|a| a == "--out") {
        args[i + 1] = root.join(&args[i + 1]).to_string_lossy().to_string();
    }
    Command::new(BIN)
        .arg("build")
        .arg("--root")
        .arg(root)
        .args(&args)
        .env("CI", "1")
        .output()
        .expect("run tongbao build")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn demo_builds_every_stable_address() {
    let dir = demo();
    ok(&build(dir.path(), &[]));
    let site = read_tree(&dir.path().join("site"));
    for p in [
        "index.html",
        "projects/index.html",
        "projects/2026-004.html",
        "units/kfq.html",
        "units/zrzy.html",
        "bulletins/index.html",
        "bulletins/2026-10.html",
        "bulletins/2026-11.html",
        "bulletins/2025-01.html",
        "bulletins/2026-Q3.html",
        "bulletins/2026-Q4.html",
        "rankings.html",
        "projects.json",
        "projects.csv",
        "findings.json",
        "static/style.css",
        "static/ledger.js",
        "projects/ledger-data.js",
    ] {
        assert!(site.contains_key(p), "missing {p}");
    }
    // One page per project and unit.
    let projects = site
        .keys()
        .filter(|k| {
            k.starts_with("projects/")
                && k.ends_with(".html")
                && k.as_str() != "projects/index.html"
        })
        .count();
    // 47 projects and one 增资 record (2026-020), each with its page.
    assert_eq!(projects, 48);
    assert_eq!(site.keys().filter(|k| k.starts_with("units/")).count(), 11);
    // The dashboard shows the deliberate red and yellow items.
    let index = text(&site, "index.html");
    assert!(index.contains("红灯：超期未完成（6 项）"), "{index}");
    assert!(index.contains("黄灯：5个工作日内到期（4 项）"));
    assert!(index.contains("<svg"), "charts are inline SVG");
    // The bulletin uses the editorial's 文号 and prints as an official document.
    let b = text(&site, "bulletins/2026-10.html");
    assert!(b.contains("青招办〔2026〕10号"));
    assert!(b.contains("static/print.css"));
    assert!(b.contains("class=\"gw-mark\""));
    // A month without editorial gets the configured number.
    assert!(text(&site, "bulletins/2026-09.html").contains("青招办〔2026〕9号"));
    // CSV opens in Excel: UTF-8 BOM, CRLF.
    let csv = &site["projects.csv"];
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(csv).contains("\r\n"));
    // findings.json is exactly what check --format json prints.
    let check = Command::new(BIN)
        .args(["check", "--format", "json", "--root"])
        .arg(dir.path())
        .output()
        .expect("check");
    assert_eq!(check.stdout, site["findings.json"]);
}

#[test]
fn builds_are_byte_identical() {
    let dir = demo();
    ok(&build(dir.path(), &["--out", "a"]));
    ok(&build(dir.path(), &["--out", "b"]));
    let a = read_tree(&dir.path().join("a"));
    let b = read_tree(&dir.path().join("b"));
    assert!(a.len() > 90, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between two builds");
    }
}

#[test]
fn links_are_relative_and_resolve() {
    let dir = demo();
    ok(&build(dir.path(), &[]));
    let root = dir.path().join("site");
    let site = read_tree(&root);
    for (path, bytes) in site.iter().filter(|(k, _)| k.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        for attr in ["href=\"", "src=\""] {
            for part in html.split(attr).skip(1) {
                let link = part.split('"').next().unwrap_or("");
                if link.starts_with('#') || link.is_empty() {
                    continue;
                }
                assert!(
                    !link.starts_with('/') && !link.contains("://"),
                    "{path}: absolute link {link}"
                );
                let target = link.split(['#', '?']).next().unwrap_or("");
                let base = Path::new(path).parent().unwrap_or(Path::new(""));
                let resolved = normalize(&base.join(target));
                assert!(
                    site.contains_key(&resolved),
                    "{path}: broken link {link} → {resolved}"
                );
            }
        }
    }
}

fn normalize(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::Normal(s) => parts.push(s.to_string_lossy().to_string()),
            _ => {}
        }
    }
    parts.join("/")
}

const EVIL: &str = "<script>alert(1)</script>\"&'";

fn evil_ledger() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    fs::create_dir_all(root.join("data/projects/kfq")).expect("mkdir");
    let e = EVIL.replace('\\', "\\\\").replace('"', "\\\"");
    fs::write(
        root.join("data/config.toml"),
        format!("as_of = 2026-11-20\ntitle = \"{e}\"\noffice = \"{e}\"\ncategories = [\"工业\", \"{e}\"]\n[approval]\nindustrial = [\"工业\", \"{e}\"]\n[bulletin]\nprefix = \"{e}\"\n"),
    )
    .expect("config");
    fs::write(
        root.join("data/units.toml"),
        format!("[[unit]]\nid = \"kfq\"\nname = \"{e}\"\nkind = \"区块\"\nleader = \"{e}\"\n"),
    )
    .expect("units");
    let project = format!(
        r#"id = "2026-001"
name = "{e}"
category = "{e}"
chain = "{e}"
unit = "kfq"
investment_wan = 80000
investor = "{e}"
leader = "{e}"
owner = "{e}"
contact = "{e}"
service = "{e}"
legal_rep = "{e}"
phone = "{e}"

[dates]
assessed = 2026-03-01
approved = 2026-03-20
legal_review = 2026-03-20
signed = 2026-04-01
terminated = 2026-11-01
terminated_reason = "{e}"

[plan]
start = 2026-06-30
start_extended_to = 2026-08-31
start_extension_ref = "{e}"

[[approvals]]
step = "县长同意"
on = 2026-03-02
ref = "{e}"

[[approvals]]
step = "分管副县长审批"
on = 2026-03-05

[[approvals]]
step = "{e}"
on = 2026-03-06

[[milestones]]
item = "{e}"
unit = "kfq"
due = 2026-05-31
measures = "{e}"
extended_to = 2026-06-30
extension_ref = "{e}"

[[reports]]
month = "2026-05"
planned = "{e}"
actual = "{e}"
problems = "{e}"
suggestions = "{e}"

[[problems]]
raised = 2026-05-02
text = "{e}"
unit = "kfq"
due = 2026-05-30
notice = {{ no = "{e}", issued = 2026-05-06 }}
"#
    );
    fs::write(root.join("data/projects/kfq/2026-001.toml"), project).expect("project");
    fs::create_dir_all(root.join("data/bulletins")).expect("mkdir");
    fs::write(
        root.join("data/bulletins/2026-10.md"),
        format!(
            "+++\n文号 = \"{e}\"\n标题 = \"{e}\"\n+++\n\n{EVIL}\n\n<img src=x onerror=alert(1)>\n"
        ),
    )
    .expect("bulletin");
    dir
}

#[test]
fn every_data_string_is_escaped_in_every_page_and_chart() {
    let dir = evil_ledger();
    ok(&build(dir.path(), &["--profile", "internal"]));
    let site = read_tree(&dir.path().join("site"));
    let mut checked = 0;
    for (path, bytes) in &site {
        if !(path.ends_with(".html") || path.ends_with(".svg")) {
            continue;
        }
        let s = String::from_utf8_lossy(bytes);
        assert!(
            !s.contains("<script>alert"),
            "{path} contains an unescaped script tag"
        );
        assert!(!s.contains("<img src=x"), "{path} passes raw HTML through");
        assert!(!s.contains(EVIL), "{path} contains the raw string");
        assert!(!s.contains("\"&'"), "{path} contains raw quote/ampersand");
        checked += 1;
    }
    assert!(checked > 5);
    // The evil name is there, escaped (it is not silently dropped).
    assert!(
        text(&site, "projects/2026-001.html")
            .contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || text(&site, "projects/2026-001.html")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    // JSON stays valid JSON with the string intact.
    let json: serde_json::Value =
        serde_json::from_slice(&site["projects.json"]).expect("valid JSON");
    assert_eq!(json[0]["name"], EVIL);
}

#[test]
fn public_profile_leaves_out_personal_data() {
    let dir = demo();
    ok(&build(dir.path(), &["--out", "public"]));
    ok(&build(
        dir.path(),
        &["--out", "internal", "--profile", "internal"],
    ));
    // A phone number and a legal representative from the demo data.
    let record =
        fs::read_to_string(dir.path().join("data/projects/kfq/2026-002.toml")).expect("record");
    let field = |k: &str| {
        record
            .lines()
            .find(|l| l.starts_with(&format!("{k} = ")))
            .and_then(|l| l.split('"').nth(1))
            .expect("field")
            .to_string()
    };
    let (phone, contact) = (field("phone"), field("contact"));
    let public = read_tree(&dir.path().join("public"));
    for (path, bytes) in &public {
        let s = String::from_utf8_lossy(bytes);
        assert!(!s.contains(&phone), "public {path} shows a phone number");
        assert!(
            !s.contains(&contact),
            "public {path} shows a contact person"
        );
    }
    let internal = read_tree(&dir.path().join("internal"));
    assert!(text(&internal, "projects/2026-002.html").contains(&phone));
    assert!(text(&internal, "projects.csv").contains(&phone));
    assert!(text(&internal, "index.html").contains("内部版"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = demo();
    ok(&build(dir.path(), &[]));
    let before = read_tree(&dir.path().join("site"));
    // An invalid record: exit 1, site unchanged.
    let p = dir.path().join("data/projects/kfq/2026-002.toml");
    let good = fs::read_to_string(&p).expect("read");
    fs::write(
        &p,
        good.replace("investment_wan = ", "investment_wan = \"很多\" #"),
    )
    .expect("write");
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("网站未生成"), "{err}");
    assert_eq!(before, read_tree(&dir.path().join("site")));
    // A broken template override: the error names the template and the record.
    fs::write(&p, good).expect("restore");
    fs::create_dir_all(dir.path().join("templates")).expect("mkdir");
    fs::write(
        dir.path().join("templates/project.html"),
        "{{ no_such.field }}",
    )
    .expect("template");
    let out = build(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("project.html"), "{err}");
    assert!(err.contains("项目 "), "{err}");
    assert!(err.contains("data/projects/"), "{err}");
    assert_eq!(before, read_tree(&dir.path().join("site")));
    // No temporary folders are left beside it (only the lock file `.site.tongbao-lock`).
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("ls")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".site") && n != ".site.tongbao-lock")
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn overdue_records_do_not_stop_the_build() {
    let dir = demo();
    let out = build(dir.path(), &[]);
    ok(&out);
    // 6 of projects and 3 of the demo's 交办事项 (data/tasks/).
    assert!(String::from_utf8_lossy(&out.stderr).contains("超期 9 项"));
}

#[test]
fn templates_folder_overrides_by_name() {
    let dir = demo();
    fs::create_dir_all(dir.path().join("templates/static")).expect("mkdir");
    fs::write(
        dir.path().join("templates/rankings.html"),
        "自定义排名页 {{ site.title }}",
    )
    .expect("write");
    fs::write(
        dir.path().join("templates/static/style.css"),
        "body{color:red}",
    )
    .expect("write");
    ok(&build(dir.path(), &[]));
    let site = read_tree(&dir.path().join("site"));
    assert_eq!(
        text(&site, "rankings.html"),
        "自定义排名页 青岚县招商引资项目台账"
    );
    assert_eq!(text(&site, "static/style.css"), "body{color:red}");
    assert!(
        text(&site, "index.html").contains("<html"),
        "others stay built in"
    );
}

#[test]
fn a_past_bulletin_does_not_change_when_later_facts_are_added() {
    let dir = demo();
    ok(&build(dir.path(), &["--out", "before"]));
    // Record a later fact: the overdue 土地供应 milestone of 2026-004 done on 2026-11-18.
    let p = dir.path().join("data/projects/gyyq/2026-004.toml");
    let s = fs::read_to_string(&p).expect("read");
    let s = s.replacen(
        "due = 2026-10-31\n",
        "due = 2026-10-31\ndone = 2026-11-18\n",
        1,
    );
    fs::write(&p, s).expect("write");
    ok(&build(dir.path(), &["--out", "after"]));
    let before = read_tree(&dir.path().join("before"));
    let after = read_tree(&dir.path().join("after"));
    assert_eq!(
        before["bulletins/2026-10.html"],
        after["bulletins/2026-10.html"]
    );
    assert_eq!(
        before["bulletins/2026-09.html"],
        after["bulletins/2026-09.html"]
    );
    assert_ne!(
        before["bulletins/2026-11.html"],
        after["bulletins/2026-11.html"]
    );
    assert_ne!(before["index.html"], after["index.html"]);
}

#[test]
fn output_folder_may_not_replace_the_ledger() {
    let dir = demo();
    for out in [".", "data", "data/site"] {
        let o = build(dir.path(), &["--out", out]);
        assert_eq!(o.status.code(), Some(2), "--out {out}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("输出目录不安全"));
    }
    assert!(dir.path().join("data/units.toml").exists());
}

#[test]
fn an_empty_ledger_builds_a_site_that_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    // data/projects/ must exist (a missing one is an error, issue 8.5), empty is fine.
    fs::create_dir_all(dir.path().join("data/projects")).expect("mkdir");
    fs::write(
        dir.path().join("data/units.toml"),
        "[[unit]]\nid = \"kfq\"\nname = \"开发区\"\nkind = \"区块\"\n",
    )
    .expect("units");
    ok(&build(dir.path(), &["--as-of", "2026-11-20"]));
    let site = read_tree(&dir.path().join("site"));
    assert!(text(&site, "index.html").contains("没有超期事项"));
    assert!(text(&site, "projects/index.html").contains("<table"));
    assert_eq!(text(&site, "projects.json").trim(), "[]");
}

/// The demo six times over (each project again as YYYY-1NN … YYYY-5NN): more rows than
/// the pages list in full (issue 11).
fn big_demo() -> tempfile::TempDir {
    let dir = demo();
    let projects = dir.path().join("data/projects");
    for unit in fs::read_dir(&projects).expect("units") {
        let unit = unit.expect("unit").path();
        for f in fs::read_dir(&unit).expect("files") {
            let f = f.expect("file").path();
            let id = f
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("id")
                .to_string();
            let text = fs::read_to_string(&f).expect("read");
            for k in 1..=5 {
                let copy = format!("{}{k}{}", &id[..5], &id[6..]);
                fs::write(
                    unit.join(format!("{copy}.toml")),
                    text.replacen(&format!("id = \"{id}\""), &format!("id = \"{copy}\""), 1),
                )
                .expect("write");
            }
        }
    }
    dir
}

#[test]
fn long_lists_are_cut_with_their_total_and_a_link_to_all() {
    let dir = big_demo();
    ok(&build(dir.path(), &[]));
    let site = read_tree(&dir.path().join("site"));
    let projects: serde_json::Value =
        serde_json::from_slice(&site["projects.json"]).expect("projects.json");
    let n = projects.as_array().expect("array").len();
    assert_eq!(n, 48 * 6, "47 projects and one 增资 record, each six times");

    // The ledger page: the first 200 rows, the total, Excel/CSV; all rows in the data file.
    let ledger = text(&site, "projects/index.html");
    assert_eq!(ledger.matches("<tr class=").count(), 200);
    assert!(
        ledger.contains(&format!("下表先列出前 200 个项目（共 {n} 个）")),
        "{ledger}"
    );
    assert!(ledger.contains("<script src=\"../projects/ledger-data.js\"></script>"));
    let data = text(&site, "projects/ledger-data.js");
    let json = data
        .split_once("window.TONGBAO_LEDGER = ")
        .and_then(|(_, j)| j.trim_end().strip_suffix(';'))
        .expect("assignment");
    let data: serde_json::Value = serde_json::from_str(json).expect("json");
    let rows = data["rows"].as_array().expect("rows");
    let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str().expect("id")).collect();
    let want: Vec<&str> = projects
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, want, "every project, in ledger order");

    // The dashboard: at most 10 items per unit, then the unit's total and a link.
    let index = text(&site, "index.html");
    let cut = index
        .split("<tr class=\"more\"><td colspan=\"4\">共 ")
        .skip(1)
        .map(|t| t.split(' ').next().unwrap_or("").to_string())
        .collect::<Vec<_>>();
    assert!(
        !cut.is_empty(),
        "some unit has more than 10 red items: {index}"
    );
    assert!(index.contains("以上为前 10 项 · <a href=\"units/"));
    assert!(index.contains(".html#todo\">查看全部</a>"));
    // A unit page lists 50 of its projects and links to the ledger filtered to it.
    let kfq = text(&site, "units/kfq.html");
    let landed = want
        .iter()
        .zip(projects.as_array().expect("array"))
        .filter(|(_, p)| p["unit"] == "kfq")
        .count();
    assert!(landed > 50, "{landed}");
    // The demo's 增资 record 2026-020 and its five copies are listed but not counted
    // as projects.
    let expansions = projects
        .as_array()
        .expect("array")
        .iter()
        .filter(|p| p["unit"] == "kfq" && !p["expands"].is_null())
        .count();
    assert_eq!(expansions, 6);
    assert!(kfq.contains(&format!(
        "落地项目（{} 个，另有增资 {expansions} 项）",
        landed - expansions
    )));
    assert!(kfq.contains(&format!(
        "共 {landed} 个，以上为前 50 个 · <a href=\"../projects/index.html#unit=kfq\">"
    )));
    assert!(
        kfq.contains("<section id=\"todo\">"),
        "the dashboard's link target"
    );
}

#[test]
fn the_deadlines_table_names_one_basis_once_and_folds_reports_on_time() {
    let dir = demo();
    ok(&build(dir.path(), &[]));
    let site = read_tree(&dir.path().join("site"));
    let page = text(&site, "projects/2025-001.html");
    let table = page
        .split("<h2>各项期限</h2>")
        .nth(1)
        .and_then(|t| t.split("</section>").next())
        .expect("deadlines");
    assert!(
        table.contains("<p class=\"note\">依据：本县招商引资项目管理有关规定</p>"),
        "{table}"
    );
    assert!(!table.contains("<th>依据</th>"), "{table}");
    assert_eq!(table.matches("本县招商引资项目管理有关规定").count(), 1);
    assert!(
        table.contains("<td>2025年7月至2026年3月按时报送的 9 期（逾期或未报的另列）</td>"),
        "{table}"
    );
    assert!(!table.contains("的月调度报告</td>"), "{table}");
    // The reports themselves are all still on the page.
    assert!(page.contains("<h2>月调度报告（9 期）</h2>"));
}
