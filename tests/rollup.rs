//! Issue 13.3: `tongbao rollup`, a 市/省 site from several counties' built sites
//! [贵州 一：≥10亿 省级重点跟踪, ≥5亿 市级, ≥1亿 县级]. Three small county ledgers are
//! written here, each built with the `tongbao` binary, then rolled up: the thresholds at
//! their boundaries (exactly 100000 万元, 99999.99), the counties' lights and
//! timeliness, the ranking with shared ranks, the links into each county's own pages,
//! determinism, `rollup.toml`, and every bad input with the Chinese message a user sees.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{err, read_tree, run, schema};

/// What a generated project is as of 2026-06-20.
#[derive(Clone, Copy)]
enum State {
    /// 谋划 only: no deadline, green.
    Green,
    /// Signed 2026-04-30 with every later step missing: overdue (red).
    Overdue,
    /// 终止.
    Terminated,
}

/// One generated project: id, unit, the amount keys, category, state.
struct P(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    State,
);

fn record(p: &P) -> String {
    let P(id, unit, amount, category, state) = p;
    let head = format!(
        "id = \"{id}\"\nname = \"项目{id}\"\ncategory = \"{category}\"\nunit = \"{unit}\"\n{amount}\n"
    );
    match state {
        State::Green => format!("{head}\n[dates]\nproposed = 2026-01-05\n"),
        State::Terminated => format!(
            "{head}\n[dates]\nproposed = 2026-01-05\nterminated = 2026-03-01\nterminated_reason = \"企业撤资\"\n"
        ),
        State::Overdue => format!(
            "{head}\n[dates]\nassessed = 2026-01-05\napproved = 2026-01-10\nlegal_review = 2026-01-10\nsigned = 2026-04-30\n\n[[approvals]]\nstep = \"县长同意\"\non = 2026-01-06\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-01-07\n"
        ),
    }
}

/// Write a county ledger under `scratch/ledgers/<dir>` and build it into
/// `scratch/sites/<dir>` (as of `as_of`); the site folder.
fn county(
    scratch: &Path,
    dir: &str,
    config: &str,
    units: &[(&str, &str)],
    projects: &[P],
    as_of: &str,
) -> PathBuf {
    let root = scratch.join("ledgers").join(dir);
    fs::create_dir_all(root.join("data")).expect("mkdir");
    fs::write(
        root.join("data/config.toml"),
        format!("as_of = 2026-06-20\n{config}"),
    )
    .expect("config");
    let mut u = String::new();
    for (id, name) in units {
        u.push_str(&format!(
            "[[unit]]\nid = \"{id}\"\nname = \"{name}\"\nkind = \"乡镇\"\n\n"
        ));
        fs::create_dir_all(root.join("data/projects").join(id)).expect("mkdir");
    }
    fs::write(root.join("data/units.toml"), u).expect("units");
    for p in projects {
        fs::write(
            root.join(format!("data/projects/{}/{}.toml", p.1, p.0)),
            record(p),
        )
        .expect("record");
    }
    let site = scratch.join("sites").join(dir);
    fs::create_dir_all(scratch.join("sites")).expect("mkdir");
    let out = run(
        scratch,
        &[
            "build",
            "--root",
            &root.display().to_string(),
            "--out",
            &site.display().to_string(),
            "--as-of",
            as_of,
        ],
    );
    assert!(out.status.success(), "build {dir}: {}", err(&out));
    site
}

/// Three counties: 甲县 (4 在库, 1 overdue, 1 terminated), 乙县 (5 在库, 1 overdue; only
/// 工业 is a 重点产业 there), 丙县 (4 在库, 1 overdue). 丙县 is built as of `bing_as_of`.
fn three(scratch: &Path, bing_as_of: &str) -> [PathBuf; 3] {
    use State::*;
    let jia = county(
        scratch,
        "jia",
        "title = \"甲县招商引资项目台账\"\ncounty = \"甲县\"\n",
        &[("kfq", "甲县经济开发区"), ("town", "甲县城关镇")],
        &[
            P("j-1", "kfq", "investment_wan = 100000", "工业", Green),
            P("j-2", "kfq", "investment_wan = 99999.99", "工业", Green),
            P("j-3", "town", "investment_wan = 50000", "工业", Overdue),
            P("j-4", "town", "investment_wan = 49999.99", "工业", Green),
            P("j-5", "kfq", "investment_wan = 200000", "工业", Terminated),
        ],
        "2026-06-20",
    );
    let yi = county(
        scratch,
        "yi",
        "title = \"乙县招商引资项目台账\"\ncounty = \"乙县\"\n\n[tracking]\nindustries = [\"工业\"]\n",
        &[("gyq", "乙县工业园区")],
        &[
            P("y-1", "gyq", "investment_wan = 150000", "工业", Overdue),
            P("y-2", "gyq", "investment_wan = 10000", "工业", Green),
            P("y-3", "gyq", "investment_wan = 9999.99", "工业", Green),
            // The 单个合同投资额 decides, not the total.
            P(
                "y-4",
                "gyq",
                "investment_wan = 120000\ncontract_wan = 100000",
                "工业",
                Green,
            ),
            // Not a 重点产业 in 乙县: never tracked by level.
            P("y-5", "gyq", "investment_wan = 200000", "文旅", Green),
        ],
        "2026-06-20",
    );
    let bing = county(
        scratch,
        "bing",
        "title = \"丙县招商引资项目台账\"\ncounty = \"丙县\"\n",
        &[("town", "丙县城关镇")],
        &[
            P("b-1", "town", "investment_wan = 60000", "工业", Overdue),
            P("b-2", "town", "investment_wan = 30000", "工业", Green),
            P("b-3", "town", "investment_wan = 20000", "工业", Green),
            P("b-4", "town", "investment_wan = 5000", "工业", Green),
        ],
        bing_as_of,
    );
    [jia, yi, bing]
}

/// `tongbao rollup` in `scratch/city` (its --root) with `args`.
fn rollup(scratch: &Path, args: &[&str]) -> Output {
    let city = scratch.join("city");
    fs::create_dir_all(&city).expect("mkdir");
    let mut all = vec!["rollup", "--root", "."];
    all.extend_from_slice(args);
    run(&city, &all)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(path).expect("read json")).expect("parse json")
}

fn ids(r: &serde_json::Value) -> Vec<String> {
    r["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_string())
        .collect()
}

fn sites(s: &[PathBuf]) -> Vec<String> {
    s.iter().map(|p| p.display().to_string()).collect()
}

#[test]
fn every_build_publishes_a_versioned_site_manifest() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let [jia, ..] = three(scratch.path(), "2026-06-20");
    let m = json(&jia.join("site.json"));
    assert_eq!(m["format"], "tongbao-site");
    assert_eq!(m["version"], 1);
    assert_eq!(m["county"], "甲县");
    assert_eq!(m["as_of"], "2026-06-20");
    assert_eq!(
        m["generator"],
        format!("tongbao {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(m["files"]["projects"], "projects.json");
    assert_eq!(m["files"]["findings"], "findings.json");
    // Every page path named is a page of the build.
    for (key, id) in [
        ("index", ""),
        ("ledger", ""),
        ("project", "j-1"),
        ("unit", "kfq"),
        ("rankings", ""),
        ("bulletins", ""),
    ] {
        let rel = m["pages"][key].as_str().expect("page").replace("{id}", id);
        assert!(jia.join(&rel).is_file(), "pages.{key} = {rel} is not built");
    }
    let c = &m["counts"];
    assert_eq!(
        [
            &c["records"],
            &c["projects"],
            &c["red"],
            &c["green"],
            &c["terminated"]
        ],
        [5, 4, 1, 3, 1]
    );
    let t = &m["tracking"]["projects"];
    assert_eq!(t.as_array().expect("list").len(), 5);
    assert_eq!(t[1]["id"], "j-2");
    assert_eq!(t[1]["amount_wan"], 99999.99);
    assert_eq!(t[1]["key_industry"], true);
    // The published schema (schema/site.schema.json) describes what a build writes.
    let schema = schema("site.schema.json");
    let errors: Vec<String> = schema.iter_errors(&m).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = m.clone();
    broken["counts"]["red"] = "六".into();
    assert!(!schema.is_valid(&broken), "a wrong type is refused");
}

/// A shipped JSON Schema of `schema/`.

#[test]
fn the_rollup_toml_schema_accepts_the_readme_example_and_refuses_a_typo() {
    let schema = schema("rollup.schema.json");
    let doc = serde_json::json!({
        "name": "黔州市", "level": "市",
        "thresholds": {"province_wan": 100000, "city_wan": 50000, "county_wan": 10000},
        "county": [
            {"name": "甲县", "path": "counties/jia/site", "url": "https://jia.example.gov.cn/tongbao/"},
            {"path": "counties/yi/site"}
        ]
    });
    let errors: Vec<String> = schema.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    for (key, bad) in [
        ("level", serde_json::json!("州")),
        ("countys", serde_json::json!([])),
        ("thresholds", serde_json::json!({"city_wan": -1})),
    ] {
        let mut d = doc.clone();
        d[key] = bad;
        assert!(!schema.is_valid(&d), "{key} refused");
    }
}

#[test]
fn three_counties_roll_up_at_each_level_with_counts_ranking_and_links() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    let counties = sites(&three(s, "2026-06-20"));
    let mut args: Vec<&str> = counties.iter().map(String::as_str).collect();
    args.extend(["--name", "黔州市", "--level", "省"]);
    let out = rollup(s, &args);
    assert!(out.status.success(), "{}", err(&out));
    assert!(
        err(&out).contains("已生成汇总网站：3 个县，3 个省级重点跟踪项目"),
        "{}",
        err(&out)
    );
    let site = s.join("city/site");
    let r = json(&site.join("rollup.json"));
    assert_eq!(r["format"], "tongbao-rollup");
    assert_eq!(r["level"], "省级");
    assert_eq!(r["threshold_wan"], 100000.0);
    // Exactly 100000 万元 is in, 99999.99 is not; the contract amount decides (y-4);
    // terminated (j-5) and non-重点产业 (y-5) projects are out; largest first, then county.
    assert_eq!(ids(&r), ["y-1", "y-4", "j-1"]);
    let p = &r["projects"][2];
    assert_eq!(p["county"], "甲县");
    assert_eq!(p["unit_name"], "甲县经济开发区");
    assert_eq!(p["href"], "../../sites/jia/projects/j-1.html");
    assert_eq!(p["unit_href"], "../../sites/jia/units/kfq.html");
    // The links land on the county's own pages.
    for p in r["projects"].as_array().expect("projects") {
        for key in ["href", "unit_href"] {
            let rel = p[key].as_str().expect("href");
            assert!(site.join(rel).is_file(), "{key} {rel} does not exist");
        }
    }
    // Counties: lights and timeliness, ranked by the share without overdue (乙县 4/5,
    // then 丙县 and 甲县 3/4 sharing rank 2, by name).
    let c = r["counties"].as_array().expect("counties");
    let row = |i: usize, k: &str| c[i][k].clone();
    let names: Vec<&str> = c
        .iter()
        .map(|x| x["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["乙县", "丙县", "甲县"]);
    let ranks: Vec<u64> = c
        .iter()
        .map(|x| x["rank"].as_u64().expect("rank"))
        .collect();
    assert_eq!(ranks, [1, 2, 2]);
    assert_eq!(
        [
            row(2, "projects"),
            row(2, "red"),
            row(2, "green"),
            row(2, "terminated")
        ],
        [4, 1, 3, 1]
    );
    assert_eq!(row(2, "on_time"), 3);
    assert_eq!(row(2, "share_label"), "75%");
    assert_eq!([row(0, "projects"), row(0, "on_time")], [5, 4]);
    assert_eq!(row(0, "share_label"), "80%");
    assert!(row(2, "overdue").as_u64().expect("overdue") >= 1);
    assert_eq!(row(2, "tracked"), 1);
    assert_eq!(row(1, "tracked"), 0);
    assert_eq!(row(2, "href"), "../../sites/jia/index.html");
    assert_eq!(row(2, "ledger_href"), "../../sites/jia/projects/index.html");
    assert_eq!(r["as_of_differ"], false);
    // The page: the formula, each county's links, readable without a script.
    let html = fs::read_to_string(site.join("index.html")).expect("index");
    assert!(html.contains("黔州市招商引资项目分级汇总"));
    assert!(html.contains("按期率 = 无超期未完成事项的在库项目数 ÷ 在库项目数"));
    assert!(html.contains("并列同一名次"));
    assert!(html.contains(r#"href="../../sites/yi/projects/y-4.html""#));
    assert!(html.contains(r#"href="../../sites/bing/rankings.html""#));
    // Filtering and sorting from a file, no inline script (the CSP forbids it).
    assert!(html.contains(r#"<script src="static/rollup.js"></script>"#));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(site.join("static/rollup.js").is_file());
    assert!(site.join("static/rollup.css").is_file());
    assert!(!html.contains("as-of-warning"));
    assert!(site.join("static/style.css").is_file());
    assert!(
        site.join(".tongbao-site").is_file(),
        "the output is marked as a site"
    );

    // 市: 5亿 and up (j-4 at 49999.99 is not).
    let mut args: Vec<&str> = counties.iter().map(String::as_str).collect();
    args.extend(["--level", "市", "--out", "city-site"]);
    assert!(rollup(s, &args).status.success());
    let r = json(&s.join("city/city-site/rollup.json"));
    assert_eq!(ids(&r), ["y-1", "y-4", "j-1", "j-2", "b-1", "j-3"]);
    // 县: 1亿 and up (y-3 at 9999.99 and b-4 are not).
    let mut args: Vec<&str> = counties.iter().map(String::as_str).collect();
    args.extend(["--level", "县", "--out", "county-site"]);
    assert!(rollup(s, &args).status.success());
    let r = json(&s.join("city/county-site/rollup.json"));
    assert_eq!(
        ids(&r),
        [
            "y-1", "y-4", "j-1", "j-2", "b-1", "j-3", "j-4", "b-2", "b-3", "y-2"
        ]
    );
}

#[test]
fn two_rollups_are_byte_identical() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    let counties = sites(&three(s, "2026-06-20"));
    for out in ["a", "b"] {
        let mut args: Vec<&str> = counties.iter().map(String::as_str).collect();
        args.extend(["--out", out]);
        assert!(rollup(s, &args).status.success());
    }
    let a = read_tree(&s.join("city/a"));
    let b = read_tree(&s.join("city/b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between two roll-ups");
    }
    // The counties' manifests carry no build time either: build 甲县 again.
    let again = run(
        s,
        &[
            "build",
            "--root",
            "ledgers/jia",
            "--out",
            "sites/jia2",
            "--as-of",
            "2026-06-20",
        ],
    );
    assert!(again.status.success(), "{}", err(&again));
    assert_eq!(
        fs::read(s.join("sites/jia/site.json")).expect("a"),
        fs::read(s.join("sites/jia2/site.json")).expect("b")
    );
}

#[test]
fn rollup_toml_lists_counties_with_names_published_addresses_and_thresholds() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    three(s, "2026-06-20");
    fs::create_dir_all(s.join("city")).expect("mkdir");
    fs::write(
        s.join("city/rollup.toml"),
        "name = \"黔州市\"\nlevel = \"市\"\n\n[thresholds]\ncity_wan = 60000\n\n\
         [[county]]\nname = \"甲县（含开发区）\"\npath = \"../sites/jia\"\nurl = \"https://jia.example.gov.cn/tongbao\"\n\n\
         [[county]]\npath = \"../sites/yi/site.json\"\n\n\
         [[county]]\npath = \"../sites/bing\"\n",
    )
    .expect("config");
    let out = rollup(s, &[]);
    assert!(out.status.success(), "{}", err(&out));
    let r = json(&s.join("city/site/rollup.json"));
    assert_eq!(r["name"], "黔州市");
    assert_eq!(r["threshold_wan"], 60000.0);
    // 60000 is in (b-1), 50000 (j-3) is not.
    assert_eq!(ids(&r), ["y-1", "y-4", "j-1", "j-2", "b-1"]);
    let j1 = &r["projects"][2];
    assert_eq!(j1["county"], "甲县（含开发区）");
    assert_eq!(
        j1["href"],
        "https://jia.example.gov.cn/tongbao/projects/j-1.html"
    );
    assert_eq!(r["projects"][0]["href"], "../../sites/yi/projects/y-1.html");
    // The command line's level wins over the file's.
    let out = rollup(s, &["--level", "省", "--out", "p"]);
    assert!(out.status.success(), "{}", err(&out));
    assert_eq!(
        ids(&json(&s.join("city/p/rollup.json"))),
        ["y-1", "y-4", "j-1"]
    );

    // A county's url must be a web address.
    fs::write(
        s.join("city/rollup.toml"),
        "[[county]]\npath = \"../sites/jia\"\nurl = \"javascript:alert(1)\"\n",
    )
    .expect("config");
    let out = rollup(s, &["--out", "q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("不是 http:// 或 https:// 开头的网址"),
        "{}",
        err(&out)
    );
    // A mistyped key names the line.
    fs::write(s.join("city/rollup.toml"), "[[county]]\npaht = \"x\"\n").expect("config");
    let out = rollup(s, &["--out", "q"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("rollup.toml:2"), "{}", err(&out));
    assert!(!s.join("city/q").exists());
}

#[test]
fn counties_as_of_different_dates_are_warned_on_the_page_and_stderr() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    let counties = sites(&three(s, "2026-06-10"));
    let args: Vec<&str> = counties.iter().map(String::as_str).collect();
    let out = rollup(s, &args);
    assert!(out.status.success(), "{}", err(&out));
    let e = err(&out);
    assert!(e.contains("提醒: 各县数据截至日期不同"), "{e}");
    assert!(
        e.contains("丙县 2026-06-10") && e.contains("甲县 2026-06-20"),
        "{e}"
    );
    let html = fs::read_to_string(s.join("city/site/index.html")).expect("index");
    assert!(html.contains("as-of-warning") && html.contains("丙县 2026-06-10"));
    let r = json(&s.join("city/site/rollup.json"));
    assert_eq!(r["as_of_differ"], true);
    assert_eq!(r["as_of"], "2026-06-20");
}

/// Assert a refused roll-up: exit 2, no output written, the message holds every word.
fn refused(scratch: &Path, args: &[&str], words: &[&str]) {
    let out = rollup(scratch, args);
    let e = err(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {e}");
    for w in words {
        assert!(e.contains(w), "{args:?}: missing {w:?} in {e}");
    }
    assert!(e.starts_with("错误: "), "{e}");
    assert!(!scratch.join("city/site").exists(), "nothing is written");
}

#[test]
fn bad_inputs_are_refused_with_a_chinese_message_naming_the_file() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    let [jia, yi, _] = three(s, "2026-06-20");
    let copy = |name: &str| {
        let to = s.join("bad").join(name);
        common::copy_dir(&jia, &to);
        to
    };
    let yi = yi.display().to_string();

    // A folder that is not a site.
    let plain = s.join("bad/plain");
    fs::create_dir_all(&plain).expect("mkdir");
    fs::write(plain.join("projects.json"), "[]").expect("write");
    refused(
        s,
        &[&plain.display().to_string(), &yi],
        &["site.json", "找不到 site.json", "tongbao build"],
    );
    // Nothing at all there.
    refused(
        s,
        &["../nowhere"],
        &["../nowhere", "找不到这个文件夹或文件"],
    );
    // No county.
    refused(s, &[], &["没有要汇总的县", "rollup.toml"]);

    // A newer version.
    let newer = copy("newer");
    let mut manifest = json(&newer.join("site.json"));
    manifest["version"] = 2.into();
    fs::write(newer.join("site.json"), manifest.to_string()).expect("write");
    refused(
        s,
        &[&newer.display().to_string()],
        &["newer/site.json", "格式版本为 2", "请升级 tongbao"],
    );
    // Another format.
    fs::write(
        newer.join("site.json"),
        "{\"format\":\"hugo\",\"version\":1}",
    )
    .expect("write");
    refused(
        s,
        &[&newer.display().to_string()],
        &["不是 tongbao 的网站清单"],
    );

    // A truncated projects.json.
    let truncated = copy("truncated");
    let bytes = fs::read(truncated.join("projects.json")).expect("read");
    fs::write(truncated.join("projects.json"), &bytes[..bytes.len() / 2]).expect("write");
    refused(
        s,
        &[&truncated.display().to_string()],
        &[
            "truncated/projects.json",
            "文件不完整",
            "第",
            "重新运行 tongbao build",
        ],
    );
    // A malformed findings.json.
    let malformed = copy("malformed");
    fs::write(
        malformed.join("findings.json"),
        "{\"as_of\": \"2026-06-20\",, \"errors\": 1}",
    )
    .expect("write");
    refused(
        s,
        &[&malformed.display().to_string()],
        &["malformed/findings.json", "不是有效的 JSON", "第 1 行"],
    );
    // projects.json of another build than site.json.
    let mixed = copy("mixed");
    fs::copy(
        Path::new(&yi).join("projects.json"),
        mixed.join("projects.json"),
    )
    .expect("copy");
    refused(
        s,
        &[&mixed.display().to_string()],
        &["mixed/projects.json", "不是同一次生成的"],
    );

    // An oversize findings.json (sparse: no disk used) is refused before it is read.
    let huge = copy("huge");
    let f = fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(huge.join("findings.json"))
        .expect("open");
    f.set_len(129 * 1024 * 1024).expect("set_len");
    drop(f);
    refused(
        s,
        &[&huge.display().to_string()],
        &["huge/findings.json", "文件过大", "上限 128 MB"],
    );

    #[cfg(unix)]
    {
        // A symlinked projects.json (it could publish any file of the machine).
        let linked = copy("linked");
        fs::remove_file(linked.join("projects.json")).expect("rm");
        std::os::unix::fs::symlink(yi.clone() + "/projects.json", linked.join("projects.json"))
            .expect("symlink");
        refused(
            s,
            &[&linked.display().to_string()],
            &["linked/projects.json", "符号链接", "不跟随链接"],
        );
        // A symlinked site folder.
        std::os::unix::fs::symlink(&jia, s.join("bad/alias")).expect("symlink");
        refused(
            s,
            &[&s.join("bad/alias").display().to_string()],
            &["bad/alias", "符号链接"],
        );
    }

    // The same county twice.
    let jia_s = jia.display().to_string();
    refused(s, &[&jia_s, &jia_s], &["两个县同名“甲县”"]);
}

#[test]
fn out_may_never_be_or_hold_a_county_folder() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let s = scratch.path();
    let [jia, yi, bing] = three(s, "2026-06-20");
    // A folder marked as a site (an earlier roll-up, say) that holds a county's site.
    let wrap = s.join("wrap");
    common::copy_dir(&bing, &wrap.join("bing"));
    fs::write(wrap.join(".tongbao-site"), "tongbao-site 2\n").expect("marker");
    let bing = wrap.join("bing");
    let before = (read_tree(&s.join("sites")), read_tree(&wrap));
    let all = sites(&[jia.clone(), yi, bing]);
    for (out, words) in [
        (
            jia.display().to_string(),
            &["就是要汇总的县网站文件夹", "原有网站未改动"][..],
        ),
        (
            wrap.display().to_string(),
            &["包含要汇总的县网站文件夹"][..],
        ),
        (
            jia.join("inner").display().to_string(),
            &["位于要汇总的县网站文件夹之内"][..],
        ),
    ] {
        let mut args: Vec<&str> = all.iter().map(String::as_str).collect();
        args.extend(["--out", &out]);
        let o = rollup(s, &args);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", err(&o));
        let e = err(&o);
        assert!(e.contains("输出目录不安全"), "{e}");
        for w in words {
            assert!(e.contains(w), "--out {out}: missing {w} in {e}");
        }
    }
    // An ordinary folder with files is refused as by build.
    let docs = s.join("city/docs");
    fs::create_dir_all(&docs).expect("mkdir");
    fs::write(docs.join("a.txt"), "keep").expect("write");
    let mut args: Vec<&str> = all.iter().map(String::as_str).collect();
    args.extend(["--out", "docs"]);
    let o = rollup(s, &args);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("没有 tongbao 网站的标记文件"),
        "{}",
        err(&o)
    );
    assert_eq!(
        fs::read_to_string(docs.join("a.txt")).expect("kept"),
        "keep"
    );
    assert!(
        (read_tree(&s.join("sites")), read_tree(&wrap)) == before,
        "no county file changed"
    );
}

#[test]
fn help_is_chinese_and_a_bad_level_is_a_usage_error() {
    let scratch = tempfile::tempdir().expect("tempdir");
    let out = run(scratch.path(), &["rollup", "--help"]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("汇总各县台账网站") && help.contains("--level"),
        "{help}"
    );
    let out = run(scratch.path(), &["rollup", "x", "--level", "郡"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("请写 省、市 或 县"), "{}", err(&out));
}
