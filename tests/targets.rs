//! 年度目标任务 `data/targets/<year>.toml`, 分类考核 and 年度考评 (issue 12, items 1–2, 5):
//! built sites from the demo and from small fixture ledgers, and `check` on bad
//! target files with the Chinese messages a user sees.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{build, demo, text, to_json};

const BIN: &str = env!("CARGO_BIN_EXE_tongbao");

fn check(root: &Path) -> (Output, serde_json::Value) {
    let out = Command::new(BIN)
        .args(["check", "--format", "json", "--root"])
        .arg(root)
        .output()
        .expect("run tongbao check");
    let json = serde_json::from_slice(&out.stdout).expect("json");
    (out, json)
}

/// The findings of a file, as (code, line, message).
fn findings_of(json: &serde_json::Value, file: &str) -> Vec<(String, u64, String)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["file"] == file)
        .map(|f| {
            (
                f["code"].as_str().unwrap_or("").to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["message"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// A section of a page from `from` up to the next `</section>`.
fn section<'a>(page: &'a str, from: &str) -> &'a str {
    let i = page.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &page[i..];
    &rest[..rest.find("</section>").unwrap_or(rest.len())]
}

#[test]
fn the_demo_shows_targets_rates_marks_and_the_plan_chart() {
    let dir = demo();
    let site = build(dir.path());

    // Rankings: the targets table, with rates, "—" for units without a target, and
    // the link to the 年度考评.
    let r = text(&site, "rankings.html");
    let t = section(&r, "2026年目标任务完成情况");
    assert!(t.contains("7亿元以上制造业项目"), "{t}");
    // kfq 制造业项目到位资金 15.05 亿元 of 10: its 增资 2026-020 brought 1.27 亿元 in 2026.
    assert!(t.contains("150.5%"), "kfq 制造业项目到位资金: {t}");
    assert!(
        t.contains("100.0%"),
        "kfq lands exactly its one 7亿元 project"
    );
    assert!(t.contains("计划 2"), "gyyq's plan to November");
    assert!(t.contains("未下达目标"));
    assert!(r.contains("href=\"assessment/2026.html\""));

    // 比拼 bonuses are for 招引落地: the rankings name the project and its 开工 day
    // (issue 14: paid when the project starts, not when it signs).
    let b = section(&r, "加分明细");
    assert!(
        b.contains(
            "年产5万吨锂电池正极材料项目</a>（7亿元以上制造业项目，开工 2026-03-18，加 20 分）"
        ),
        "{b}"
    );
    assert!(r.contains("均在项目开工（招引落地）的当月计入"), "{r}");
    assert!(
        r.contains(
            "计分依据：本县招商引资比拼有关规定；以上分值、加分时点和产业项目类别由本县设定"
        ),
        "{r}"
    );

    // 年度考评: 评优 for the liaison office that landed two 7亿元 projects without a
    // target, 否优 for the units on the red lists, with the items and the months.
    let a = text(&site, "assessment/2026.html");
    let top = section(&a, "一票评优、一票否优");
    assert!(
        top.contains("青岚县驻北京招商联络处</a> <small>联络处</small></td><td class=\"date\"><strong>一票评优"),
        "{top}"
    );
    assert!(
        top.contains(
            "青岚经济开发区</a> <small>区块</small></td><td class=\"date\"><strong>一票否优"
        ),
        "{top}"
    );
    let kfq = section(&a, "青岚经济开发区：一票否优");
    assert!(kfq.contains("被批评通报的单位实行年度综合考评“一票否优”"));
    assert!(kfq.contains("href=\"../bulletins/2026-10.html\""), "{kfq}");
    assert!(kfq.contains("href=\"../projects/"));
    assert!(
        !kfq.contains("磐安"),
        "seed citations only in the internal edition"
    );
    let bj = section(&a, "青岚县驻北京招商联络处：一票评优");
    assert!(
        bj.contains("未下达7亿元以上制造业项目目标，当年落地（开工）2个"),
        "{bj}"
    );
    assert!(bj.contains("150,000"), "{bj}");
    assert!(site.contains_key("assessment/2025.html"));

    // The unit with a monthly plan shows it against the actual, on its page and in
    // the quarter's 赛拼.
    let g = text(&site, "units/gyyq.html");
    assert!(g.contains("计划与实际"), "plan chart on the unit page");
    assert!(g.contains("月度目标计划（累计）") && g.contains("实际完成（累计）"));
    let q = text(&site, "bulletins/2026-Q4.html");
    assert!(q.contains("年度目标任务完成情况（截至季度末）"));
    assert!(q.contains("青岚县新材料工业园区7亿元以上制造业项目：计划与实际"));

    // The exports: per unit, with targets, done, rates and the marks with their rule.
    let json: serde_json::Value =
        serde_json::from_slice(&site["assessment.json"]).expect("assessment.json");
    let y2026 = json["years"]
        .as_array()
        .expect("years")
        .iter()
        .find(|y| y["year"] == 2026)
        .expect("2026");
    let unit = |id: &str| {
        y2026["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["unit"] == id)
            .unwrap_or_else(|| panic!("{id}"))
            .clone()
    };
    let kfq = unit("kfq");
    assert_eq!(kfq["indicators"][0]["target"], 1.0);
    assert_eq!(kfq["indicators"][0]["done"], 1.0);
    assert_eq!(kfq["indicators"][6]["rate"], 150.5);
    assert_eq!(kfq["result"], "一票否优");
    assert!(
        kfq["marks"][0]["rule"]
            .as_str()
            .is_some_and(|r| r.contains("被批评通报"))
    );
    assert_eq!(unit("beijing")["result"], "一票评优");
    assert_eq!(unit("gyyq")["result"], serde_json::Value::Null);
    let csv = String::from_utf8(site["assessment.csv"].clone()).expect("utf-8");
    assert!(csv.starts_with('\u{FEFF}'));
    assert!(csv.contains("\"7亿元以上制造业项目目标（个）\""));
    assert!(csv.contains(
        "\"2026\",\"2026-11-20\",\"kfq\",\"青岚经济开发区\",\"区块\",\"1\",\"1\",\"100.0%\""
    ));
}

#[test]
fn the_internal_edition_names_the_seed_clause() {
    let dir = demo();
    let out = Command::new(BIN)
        .args(["build", "--profile", "internal", "--root"])
        .arg(dir.path())
        .output()
        .expect("build");
    assert!(out.status.success());
    let a = fs::read_to_string(dir.path().join("site/assessment/2026.html")).expect("page");
    assert!(a.contains("（参考：磐安 四(二)）"));
}

#[test]
fn a_ledger_without_targets_builds_and_checks_as_before() {
    let dir = demo();
    fs::remove_dir_all(dir.path().join("data/targets")).expect("rm");
    let (out, json) = check(dir.path());
    assert_eq!(out.status.code(), Some(1), "the demo's overdue items");
    assert!(
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .all(|f| f["file"].as_str().is_some_and(|f| !f.contains("targets")))
    );
    let site = build(dir.path());
    let r = text(&site, "rankings.html");
    let t = section(&r, "2026年目标任务完成情况");
    assert!(!t.contains('%'), "no rate without targets: {t}");
    assert!(t.contains("未下达目标"));
    // Every unit without a target that landed a 7亿元 project is 评优 unless red-listed.
    let a = text(&site, "assessment/2026.html");
    assert!(a.contains("没有 data/targets/2026.toml"));
    assert!(section(&a, "青岚县新材料工业园区：一票评优").contains("风电塔筒及法兰制造项目"));
}

#[test]
fn the_veto_marks_a_department_with_n_overdue_items_and_not_n_minus_one() {
    // In the demo 县自然资源局 and 国网青岚县供电公司 each have 2 items newly overdue in 2026.
    for (n, vetoed) in [(3, false), (2, true)] {
        let dir = demo();
        let cfg = dir.path().join("data/config.toml");
        let mut c = fs::read_to_string(&cfg).expect("config");
        c.push_str(&format!("\n[assessment]\nveto_overdue = {n}\n"));
        fs::write(&cfg, c).expect("write");
        let site = build(dir.path());
        let r = text(&site, "rankings.html");
        let depts = section(&r, "部门办理时效");
        assert!(depts.contains("<th>年度考评</th>"));
        assert_eq!(
            depts.matches("<strong>一票否决</strong>").count(),
            if vetoed { 2 } else { 0 },
            "{n}"
        );
        let a = text(&site, "assessment/2026.html");
        assert_eq!(a.contains("县自然资源局：一票否决"), vetoed, "{n}");
        if vetoed {
            let z = section(&a, "县自然资源局：一票否决");
            assert!(z.contains("本年新增超期2项，达到一票否决的2项"), "{z}");
            assert!(z.contains("推诿扯皮、敷衍塞责"));
        }
    }
    // Off by default: no column.
    let dir = demo();
    let site = build(dir.path());
    assert!(!text(&site, "rankings.html").contains("<th>年度考评</th>"));
}

/// The demo with `data/targets/<name>` replaced by `text`.
fn with_targets(name: &str, text: &str) -> tempfile::TempDir {
    let dir = demo();
    let t = dir.path().join("data/targets");
    fs::remove_dir_all(&t).expect("rm");
    fs::create_dir_all(&t).expect("mkdir");
    fs::write(t.join(name), text).expect("write");
    dir
}

#[test]
fn bad_target_files_are_errors_with_file_line_and_chinese_advice() {
    let cases: &[(&str, &str, &str, u64, &[&str])] = &[
        (
            "2026.toml",
            "year = 2026\n\n[[unit]]\nid = \"kfqq\"\nmanufacturing = 1\n",
            "unknown-ref",
            4,
            &[
                "目标中的单位 `kfqq` 不在 data/units.toml 中",
                "是不是指 `kfq`（青岚经济开发区）",
            ],
        ),
        (
            "2027.toml",
            "year = 2026\n",
            "schema",
            1,
            &[
                "year = 2026 与文件名 2027.toml 的年份 2027 不一致",
                "请把 year 改为 2027",
            ],
        ),
        (
            "2026.toml",
            "year = 2026\n[[unit]]\nid = \"kfq\"\nmanufacturing = 2\n[unit.plan]\nmanufacturing = [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2]\n",
            "schema",
            6,
            &["plan.manufacturing", "应写 12 个数", "实际写了 11 个"],
        ),
        (
            "2026.toml",
            "year = 2026\n[[unit]]\nid = \"kfq\"\nmanufacturing = 2\n[unit.plan]\nmanufacturing = [0, 0, 1, 1, 1, 2, 2, 2, 2, 1, 2, 2]\n",
            "schema",
            6,
            &["不能减少", "10 月写了 1，比 9 月的 2 少"],
        ),
        (
            "2026.toml",
            "year = 2026\n[[unit]]\nid = \"kfq\"\nmanufacturing = 2\n[unit.plan]\nmanufacturing = [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3]\n",
            "schema",
            6,
            &["12 月的累计数 3 应等于全年目标 manufacturing = 2"],
        ),
        (
            "2026.toml",
            "year = 2026\n[[unit]]\nid = \"kfq\"\nsigned_wan = -5\n",
            "schema",
            4,
            &["取值 -5 超出允许范围"],
        ),
        (
            "2026.toml",
            "year = 2026\n[[unit]]\nid = \"kfq\"\nmanufactoring = 1\n",
            "schema",
            4,
            &["未知字段 `manufactoring`", "是不是想写 `manufacturing`"],
        ),
        (
            "目标.toml",
            "year = 2026\n",
            "path",
            1,
            &["目标文件名 目标.toml 不是年份", "data/targets/2026.toml"],
        ),
    ];
    for (name, body, code, line, words) in cases {
        let dir = with_targets(name, body);
        let (out, json) = check(dir.path());
        assert_eq!(out.status.code(), Some(1), "{name}: {body}");
        let file = format!("data/targets/{name}");
        let fs = findings_of(&json, &file);
        let hit = fs
            .iter()
            .find(|(c, l, _)| c == code && l == line)
            .unwrap_or_else(|| panic!("{code} at {file}:{line} for {body}: {fs:#?}"));
        for w in *words {
            assert!(hit.2.contains(w), "{w} in {}", hit.2);
        }
        // A site is not built from a bad targets file.
        let b = Command::new(BIN)
            .args(["build", "--root"])
            .arg(dir.path())
            .output()
            .expect("build");
        assert_eq!(b.status.code(), Some(1), "{name}");
    }
}

#[test]
fn the_schema_command_writes_the_targets_schema() {
    let dir = tempfile::tempdir().expect("tmp");
    let out = Command::new(BIN)
        .args(["schema", "--root"])
        .arg(dir.path())
        .output()
        .expect("schema");
    assert!(out.status.success());
    let s = fs::read_to_string(dir.path().join("schema/targets.schema.json")).expect("schema");
    let shipped = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/targets.schema.json"),
    )
    .expect("shipped");
    assert_eq!(s, shipped, "run cargo run -- schema");
    let v: serde_json::Value = serde_json::from_str(&s).expect("json");
    assert_eq!(v["additionalProperties"], false);
    assert!(s.contains("7亿元以上制造业项目"));
    assert!(s.contains("\"minItems\": 12"));
}

#[test]
fn the_schema_accepts_the_demo_targets_and_rejects_a_bad_plan() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let v = common::schema("targets.schema.json");
    let demo: toml::Value = toml::from_str(
        &fs::read_to_string(root.join("tests/fixtures/demo/data/targets/2026.toml")).expect("demo"),
    )
    .expect("toml");
    assert!(v.is_valid(&to_json(demo)));
    let bad: toml::Value = toml::from_str(
        "year = 2026\n[[unit]]\nid = \"kfq\"\nmanufacturing = 1\n[unit.plan]\nmanufacturing = [0, 1]\n",
    )
    .expect("toml");
    assert!(!v.is_valid(&to_json(bad)));
}

/// A unit named for more items than a page should list: the 年度考评 lists the first
/// 100 by due date and says how many there are; `assessment.json` carries the count.
#[test]
fn a_long_red_list_is_cut_to_the_first_hundred_with_the_count() {
    let dir = demo();
    let mut record = String::from(
        "id = \"2026-099\"\nname = \"节点众多的测试项目\"\ncategory = \"工业\"\nunit = \"linhe\"\n\
         investment_wan = 5000\nleader = \"何建平\"\nowner = \"周明\"\n\n[dates]\nassessed = 2026-01-05\n\
         approved = 2026-01-10\nlegal_review = 2026-01-10\nsigned = 2026-01-12\nfiled = 2026-01-13\n\
         plan_issued = 2026-01-14\nkickoff = 2026-01-15\nplatform = 2026-01-20\n\n\
         [[approvals]]\nstep = \"县长同意\"\non = 2026-01-08\n\n[[approvals]]\nstep = \"分管副县长审批\"\non = 2026-01-09\n",
    );
    // 105 milestones of 临河镇 itself, each overdue by the end of October.
    for k in 0..105 {
        record.push_str(&format!(
            "\n[[milestones]]\nitem = \"节点{k:03}\"\nunit = \"linhe\"\ndue = 2026-{:02}-{:02}\n",
            3 + k / 28,
            1 + k % 28
        ));
    }
    for m in 2..=10 {
        record.push_str(&format!(
            "\n[[reports]]\nmonth = \"2026-{m:02}\"\nactual = \"推进中\"\n"
        ));
    }
    fs::write(dir.path().join("data/projects/linhe/2026-099.toml"), record).expect("write");
    let site = build(dir.path());
    let page = text(&site, "assessment/2026.html");
    assert!(
        page.contains("共 10")
            && page.contains("项，此处列出期限最早的 100 项；其余见各期月度通报的红灯清单。"),
        "the cut is said"
    );
    assert!(
        page.contains("节点000") && !page.contains("节点104"),
        "earliest first"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&site["assessment.json"]).expect("assessment.json");
    let linhe = json["years"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|y| y["units"].as_array().into_iter().flatten())
        .find(|u| u["unit"] == "linhe" && !u["marks"].as_array().is_none_or(|m| m.is_empty()))
        .expect("linhe marked");
    let mark = &linhe["marks"][0];
    assert_eq!(mark["named"].as_array().map(Vec::len), Some(100), "{mark}");
    assert!(
        mark["named_total"].as_u64().is_some_and(|n| n >= 105),
        "{mark}"
    );
}

/// A mistyped `[scoring] bonus_at` is a schema error that names the two choices.
#[test]
fn a_mistyped_bonus_time_names_the_choices() {
    let dir = demo();
    let cfg = dir.path().join("data/config.toml");
    let mut text = fs::read_to_string(&cfg).expect("config");
    text.push_str("\n[scoring]\nbonus_at = \"落地\"\n");
    fs::write(&cfg, text).expect("write");
    let (_, json) = check(dir.path());
    let f = findings_of(&json, "data/config.toml");
    assert!(
        f.iter().any(|(code, line, msg)| code == "schema"
            && *line > 0
            && msg.contains("`bonus_at` 取值 `落地` 不在允许范围内，可选：开工、签约")),
        "{f:?}"
    );
}
