//! Readers' trust (issues 9 and 15.2): numbers that agree with each other, terminated
//! projects apart from the totals, one unit per money column, plain Chinese on public
//! pages, and the ledger and unit pages a reader needs. The demo county is built by the
//! binary into a scratch folder and its pages asserted; the period arithmetic is checked
//! on the demo ledger through the library.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::Datelike;
use tongbao::rules::Context;
use tongbao::view::history::history;
use tongbao::view::scoring::{Components, add, period_components};
use tongbao::view::{Month, Period};

mod common;
use common::{demo, demo_root, read_tree};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .arg("--root")
        .arg(root)
        .env("CI", "1")
        .output()
        .expect("run tongbao")
}

/// Build the site into `<root>/site` with extra arguments; return path → text.
fn build(root: &Path, extra: &[&str]) -> BTreeMap<String, String> {
    let out_dir = root.join("site");
    let out_s = out_dir.to_string_lossy().to_string();
    let mut args = vec!["build", "--out", out_s.as_str()];
    args.extend_from_slice(extra);
    let out = run(root, &args);
    assert!(
        out.status.success(),
        "build failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    read_tree(&out_dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") || rel.ends_with(".json"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).expect("UTF-8 page")))
        .collect()
}

fn demo_checked() -> tongbao::Checked {
    let raw = tongbao::load::read_dir(&demo_root()).expect("read the demo");
    tongbao::check(&raw, None)
}

fn sum_year(
    months: &[tongbao::view::history::MonthData],
    year: i32,
) -> BTreeMap<String, Components> {
    let mut acc = BTreeMap::new();
    for m in months.iter().filter(|m| m.month.year == year) {
        add(&mut acc, &m.comps);
    }
    acc
}

#[test]
fn the_demo_ledgers_months_add_up_to_its_years_for_every_component() {
    let checked = demo_checked();
    let l = &checked.ledger;
    let as_of = checked.as_of;
    let ctx = Context::new(&l.config, as_of);
    let months = history(l, &ctx);
    let mut charged = 0;
    // 2025 whole, and 2026 to the demo's as-of date.
    for year in [as_of.year() - 1, as_of.year()] {
        let start = Month { year, month: 1 }.first();
        let end = Month { year, month: 12 }.last().min(as_of);
        let by_months = sum_year(&months, year);
        let direct = period_components(l, &ctx, Period { start, end });
        assert!(!direct.is_empty());
        for (unit, c) in &direct {
            let m = by_months.get(unit).cloned().unwrap_or_default();
            assert_eq!(&m, c, "{unit}: the monthly tables of {year} vs the year");
            charged += c.overdue + c.late + c.missing_reports;
        }
    }
    assert!(charged > 0, "the demo has overdue, late and missing items");
}

#[test]
fn no_bulletin_shows_fewer_open_overdue_items_than_its_red_list_names() {
    let checked = demo_checked();
    let l = &checked.ledger;
    let ctx = Context::new(&l.config, checked.as_of);
    for m in history(l, &ctx) {
        for r in &m.ranking {
            let named = m.red.iter().filter(|i| i.unit == r.unit).count() as u32;
            assert_eq!(
                r.open.overdue + r.open.missing_reports,
                named,
                "{} {}: the table must agree with the red list",
                m.month.key(),
                r.name
            );
        }
    }
}

#[test]
fn ranking_tables_say_which_count_is_new_and_which_is_still_open_and_how_it_was_scored() {
    let dir = demo();
    let site = build(dir.path(), &[]);
    let nov = &site["bulletins/2026-11.html"];
    for h in [
        "新增超期",
        "新增漏报",
        "为本月新增",
        "月末仍超期",
        "扣分明细",
    ] {
        assert!(nov.contains(h), "bulletin lacks {h}");
    }
    assert!(nov.contains("新增超期1项×5分=5分"), "{nov}");
    let rankings = &site["rankings.html"];
    for h in [
        "新增超期",
        "逾期完成",
        "新增漏报",
        "至今未办结",
        "仍超期",
        "扣分明细",
    ] {
        assert!(rankings.contains(h), "rankings lacks {h}");
    }
    let q = &site["bulletins/2026-Q4.html"];
    assert!(q.contains("期末未办结") && q.contains("季度得分为本季度各月得分之和"));
}

#[test]
fn terminated_projects_are_grey_without_deadlines_and_apart_from_the_totals() {
    let dir = demo();
    let site = build(dir.path(), &[]);
    let projects: serde_json::Value =
        serde_json::from_str(&site["projects.json"]).expect("projects.json");
    let rows = projects.as_array().expect("array");
    let ended: Vec<&serde_json::Value> =
        rows.iter().filter(|r| r["light"] == "terminated").collect();
    assert_eq!(ended.len(), 3, "the demo has three terminated projects");
    // 在库 counts projects: not the terminated ones, nor the 增资 record (2026-020),
    // which adds its investment but is not a project of its own.
    let live = rows
        .iter()
        .filter(|r| r["light"] != "terminated" && r["expands"].is_null())
        .count();
    assert_eq!(live, rows.len() - ended.len() - 1);
    let index = &site["index.html"];
    assert!(
        index.contains(&format!("<div class=\"num\">{live}</div><div>在库项目")),
        "在库 counts only projects not terminated"
    );
    assert!(index.contains("已终止 3 个 / 5.95 亿元"), "{index}");
    for p in ended {
        let id = p["id"].as_str().expect("id");
        assert_eq!(p["light_label"], "已终止");
        assert_eq!(p["next_label"], "", "{id}: no next deadline");
        let page = &site[&format!("projects/{id}.html")];
        assert!(page.contains("badge terminated"), "{id}");
        assert!(!page.contains("badge green"), "{id}: not a green light");
        assert!(page.contains("不再计算期限"), "{id}");
        assert!(!page.contains(">待办<"), "{id}: no open approval rows");
    }
    let ledger = &site["projects/index.html"];
    assert!(ledger.contains("<option value=\"terminated\">已终止</option>"));
}

#[test]
fn money_columns_name_one_unit_and_never_print_zero_wan() {
    let dir = demo();
    let site = build(dir.path(), &[]);
    for page in [
        "index.html",
        "rankings.html",
        "projects/index.html",
        "units/kfq.html",
    ] {
        let html = &site[page];
        for bad in [">0万元<", ">0亿元<"] {
            assert!(!html.contains(bad), "{page} shows {bad}");
        }
    }
    let ledger = &site["projects/index.html"];
    assert!(ledger.contains("总投资（万元）"));
    assert!(
        !ledger.contains("亿元</td>") && !ledger.contains("万元</td>"),
        "ledger cells carry no unit: the header names it"
    );
    assert!(site["rankings.html"].contains("签约额<br>（亿元）"));
    assert!(site["index.html"].contains("签约投资额（亿元）"));
}

#[test]
fn public_pages_speak_plain_chinese_and_the_internal_edition_keeps_paths_and_codes() {
    let dir = demo();
    let public = build(dir.path(), &[]);
    for (path, html) in public.iter().filter(|(p, _)| p.ends_with(".html")) {
        for bad in [
            "data/projects/",
            "<code>overdue</code>",
            "[dates] 中的",
            "古县",
            "贵州",
            "长子",
            "磐安",
            "谯城",
        ] {
            assert!(!html.contains(bad), "{path} shows {bad}");
        }
    }
    // 2026-004: the land-supply milestone was due 2026-10-31 and is still open.
    let p = &public["projects/2026-004.html"];
    assert!(p.contains("需要办理"), "{p}");
    assert!(
        p.contains("应于2026年10月31日前完成，已超期15个工作日，请县自然资源局尽快办结"),
        "{p}"
    );
    assert!(p.contains("本县招商引资项目管理有关规定"));
    assert!(
        p.contains("href=\"../units/gyyq.html\""),
        "project links its unit"
    );
    // The red list names months in Chinese, not "2026-10 月".
    assert!(public["index.html"].contains("2026年10月的月调度报告"));
    assert!(public["index.html"].contains("超期15个工作日"));

    let internal = build(dir.path(), &["--profile", "internal"]);
    let p = &internal["projects/2026-004.html"];
    assert!(p.contains("data/projects/gyyq/2026-004.toml"));
    assert!(p.contains("<code>overdue</code>"));
    assert!(p.contains("参考：古县"), "the seed citation stays internal");
    for (path, html) in internal.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(
            html.contains("class=\"internal-mark\"") && html.contains("data-profile=\"internal\""),
            "{path} is not marked internal"
        );
    }
}

#[test]
fn a_county_names_its_own_rules_and_a_misspelt_rule_is_a_chinese_error() {
    let dir = demo();
    let cfg = dir.path().join("data/config.toml");
    let mut text = fs::read_to_string(&cfg).expect("config");
    text.push_str("\n[rules.names]\nmilestone = \"《青岚县重大项目推进办法》第六条\"\n");
    fs::write(&cfg, &text).expect("write");
    let site = build(dir.path(), &[]);
    assert!(site["projects/2026-004.html"].contains("《青岚县重大项目推进办法》第六条"));

    text.push_str("milstone = \"x\"\n");
    fs::write(&cfg, &text).expect("write");
    let out = run(dir.path(), &["check"]);
    let msg =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(msg.contains("未知字段 `milstone`"), "{msg}");
    assert!(msg.contains("milestone"), "suggests the right name: {msg}");
    assert!(msg.contains("data/config.toml"), "{msg}");
}

#[test]
fn the_ledger_totals_the_filtered_rows_and_department_pages_lead_with_their_on_time_rate() {
    let dir = demo();
    let site = build(dir.path(), &[]);
    let ledger = &site["projects/index.html"];
    assert!(ledger.contains("<tfoot><tr id=\"total\">"));
    assert!(
        // 1,762,700 for the projects plus the 增资 record 2026-020's 20,000.
        ledger.contains("id=\"total-investment\">1,782,700<"),
        "sum of live projects"
    );
    assert!(ledger.contains("id=\"empty\""));
    assert!(ledger.contains("没有符合条件的项目"));
    assert!(ledger.contains("<tr class=\"red\""), "red rows are tinted");
    assert!(ledger.contains("ledger-wrap"), "sticky header box");
    let js = fs::read_to_string(repo().join("templates/static/ledger.js")).expect("js");
    assert!(js.contains("total-investment") && js.contains("排在最后"));

    let dept = &site["units/zrzy.html"];
    let rate = dept.find("按时办结率").expect("on-time rate");
    let first_card = dept.find("class=\"card").expect("cards");
    assert!(
        rate > first_card && rate < first_card + 300,
        "leads with it"
    );
    assert!(!dept.contains("落地项目（个"), "not '0 落地项目'");
    // kfq has the demo's 增资 record: listed, but said apart from the count.
    assert!(site["units/kfq.html"].contains("落地项目（个，另有增资 1 项）"));
}
