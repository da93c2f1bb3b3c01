//! The roll-up as data, without I/O: which projects reach the level's threshold, each
//! county's lights and timeliness, the ranking of counties, and the links into each
//! county's own site. The same value is the page's context and `rollup.json`.

use super::Level;
use super::config::Thresholds;
use super::manifest::{Pages, SiteManifest};
use crate::site::model::{trim, yi};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

/// The value of `format` in `rollup.json`.
pub const FORMAT: &str = "tongbao-rollup";

/// The version of `rollup.json`.
pub const VERSION: u32 = 1;

/// The ranking rule, as the page states it.
pub const FORMULA: &str = "按“按期率”从高到低排名：按期率 = 无超期未完成事项的在库项目数 ÷ 在库项目数（在库项目不含已终止项目和增资记录；超期以该县 findings.json 中的 overdue 错误为准）。按期率相同的县并列同一名次，下一名次顺延；没有在库项目的县不排名。";

/// One row of a county's `projects.json`: the fields the roll-up reads (others are
/// ignored, so later fields do not break it).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProjectIn {
    /// Project id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Landing unit id.
    pub unit: String,
    /// Landing unit name.
    pub unit_name: String,
    /// Category.
    #[serde(default)]
    pub category: String,
    /// Total investment (万元).
    pub investment_wan: f64,
    /// Stage label (谋划 … 投产, 终止).
    pub stage: String,
    /// Stage order.
    #[serde(default)]
    pub stage_order: u8,
    /// Next deadline: rule and due date.
    #[serde(default)]
    pub next_label: String,
    /// Next due date (ISO) or empty.
    #[serde(default)]
    pub next_due: String,
    /// red, yellow, green or terminated.
    pub light: String,
    /// The record this one increases (增资), if any.
    #[serde(default)]
    pub expands: Option<String>,
}

/// A county's `findings.json` (the `check --format json` object).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FindingsIn {
    /// The as-of date.
    pub as_of: String,
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// The findings.
    pub findings: Vec<FindingIn>,
}

/// One finding: the fields the roll-up reads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct FindingIn {
    /// error or warning.
    pub severity: String,
    /// The code (overdue, late, due-soon, …).
    pub code: String,
    /// The project, if any.
    #[serde(default)]
    pub project: Option<String>,
}

/// Which of a county's files an inconsistency is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// `site.json`.
    Manifest,
    /// `projects.json`.
    Projects,
    /// `findings.json`.
    Findings,
}

/// A name a page path may contain: ASCII letters, digits, `-`, `_`, `.`, `/`, `{`, `}`;
/// relative, no `..`.
fn safe_path(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && p.split('/').all(|part| part != ".." && !part.is_empty())
        && p.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./{}".contains(&b))
}

/// A data file name: a plain file in the site's top folder.
fn safe_file(p: &str) -> bool {
    safe_path(p) && !p.contains(['/', '{', '}'])
}

/// Check that a county's three files agree and hold nothing a link could be made of
/// but ids: `Err((file, reason))` in Chinese (the caller adds what to do).
pub fn check_county(
    m: &SiteManifest,
    projects: &[ProjectIn],
    findings: &FindingsIn,
) -> Result<(), (Which, String)> {
    let manifest = |msg: String| Err((Which::Manifest, msg));
    if crate::model::parse_iso_date(&m.as_of).is_none() {
        return manifest(format!("as_of `{}` 不是“年-月-日”日期", m.as_of));
    }
    if m.county.trim().is_empty() {
        return manifest("county（县名）为空".into());
    }
    for (key, name) in [
        ("projects", &m.files.projects),
        ("findings", &m.files.findings),
    ] {
        if !safe_file(name) {
            return manifest(format!(
                "files.{key} `{name}` 不是网站文件夹中的普通文件名（只允许字母、数字、-、_、.）"
            ));
        }
    }
    let p = &m.pages;
    for (key, path, id) in [
        ("index", &p.index, false),
        ("ledger", &p.ledger, false),
        ("project", &p.project, true),
        ("unit", &p.unit, true),
        ("rankings", &p.rankings, false),
        ("bulletins", &p.bulletins, false),
    ] {
        if !safe_path(path) || path.contains("{id}") != id {
            return manifest(format!(
                "pages.{key} `{path}` 不是网站内的相对路径{}",
                if id { "（须含 {id}）" } else { "" }
            ));
        }
    }
    if m.counts.records != projects.len() {
        return Err((
            Which::Projects,
            format!(
                "有 {} 条项目，而 site.json 记的是 {} 条：两者不是同一次生成的",
                projects.len(),
                m.counts.records
            ),
        ));
    }
    if m.tracking.projects.len() != projects.len()
        || m.tracking
            .projects
            .iter()
            .zip(projects)
            .any(|(t, p)| t.id != p.id)
    {
        return Err((
            Which::Projects,
            "与 site.json 的 tracking.projects 不一一对应：两者不是同一次生成的".into(),
        ));
    }
    if let Some(t) = m
        .tracking
        .projects
        .iter()
        .find(|t| !t.amount_wan.is_finite() || t.amount_wan < 0.0)
    {
        return manifest(format!(
            "项目 {} 的跟踪额 {} 不是非负数",
            t.id, t.amount_wan
        ));
    }
    for (i, r) in projects.iter().enumerate() {
        let n = i + 1;
        if !crate::rules::structure::valid_id(&r.id) {
            return Err((
                Which::Projects,
                format!(
                    "第 {n} 条的编号 `{}` 不合规（只能用半角字母、数字、- 和 _）",
                    r.id
                ),
            ));
        }
        if !crate::rules::structure::valid_id(&r.unit) {
            return Err((
                Which::Projects,
                format!("第 {n} 条（{}）的单位编号 `{}` 不合规", r.id, r.unit),
            ));
        }
        if !matches!(r.light.as_str(), "red" | "yellow" | "green" | "terminated") {
            return Err((
                Which::Projects,
                format!(
                    "第 {n} 条（{}）的灯号 `{}` 不是 red、yellow、green 或 terminated",
                    r.id, r.light
                ),
            ));
        }
        if !r.investment_wan.is_finite() {
            return Err((
                Which::Projects,
                format!("第 {n} 条（{}）的总投资不是数字", r.id),
            ));
        }
    }
    if findings.as_of != m.as_of {
        return Err((
            Which::Findings,
            format!(
                "数据截至 {}，而 site.json 截至 {}：两者不是同一次生成的",
                findings.as_of, m.as_of
            ),
        ));
    }
    Ok(())
}

/// One county, ready for the roll-up.
#[derive(Debug, Clone)]
pub struct County {
    /// The name shown.
    pub name: String,
    /// Where its site is, as a link prefix ending in `/`: a relative path from the
    /// roll-up's folder, or its published address.
    pub base: String,
    /// Its manifest.
    pub manifest: SiteManifest,
    /// Its projects.
    pub projects: Vec<ProjectIn>,
    /// Its findings.
    pub findings: FindingsIn,
}

/// A tracked project of the roll-up table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tracked {
    /// County name.
    pub county: String,
    /// Project id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Landing unit id.
    pub unit: String,
    /// Landing unit name.
    pub unit_name: String,
    /// Category.
    pub category: String,
    /// The amount the level is judged on (万元).
    pub amount_wan: f64,
    /// It, in 亿元 with two decimals.
    pub amount: String,
    /// Total investment (万元).
    pub investment_wan: f64,
    /// Stage label.
    pub stage: String,
    /// Stage order (for sorting).
    pub stage_order: u8,
    /// red, yellow or green.
    pub light: String,
    /// 红灯, 黄灯, 绿灯.
    pub light_label: &'static str,
    /// Next deadline (rule and due date), or empty.
    pub next_label: String,
    /// Next due date (ISO), or empty.
    pub next_due: String,
    /// The record this one increases (增资), if any.
    pub expands: Option<String>,
    /// The project's page on the county's site.
    pub href: String,
    /// The unit's page on the county's site.
    pub unit_href: String,
}

/// One county's line: lights, timeliness, rank and links.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountyRow {
    /// Rank (1-based, shared on ties); `None` without projects.
    pub rank: Option<usize>,
    /// Name.
    pub name: String,
    /// Its as-of date.
    pub as_of: String,
    /// 在库项目 (not terminated, not 增资).
    pub projects: usize,
    /// Red of them.
    pub red: usize,
    /// Yellow.
    pub yellow: usize,
    /// Green.
    pub green: usize,
    /// Terminated (not 增资).
    pub terminated: usize,
    /// Its projects in the roll-up table (at or above the threshold).
    pub tracked: usize,
    /// Overdue errors in its findings.
    pub overdue: usize,
    /// Late (done after the due date).
    pub late: usize,
    /// Due soon.
    pub due_soon: usize,
    /// 在库项目 without an overdue finding.
    pub on_time: usize,
    /// `on_time / projects`, `None` without projects.
    pub share: Option<f64>,
    /// The share as shown ("87.5%", "—").
    pub share_label: String,
    /// Its home page.
    pub href: String,
    /// Its ledger.
    pub ledger_href: String,
    /// Its rankings.
    pub rankings_href: String,
    /// Its bulletins.
    pub bulletins_href: String,
    /// Its projects.json.
    pub projects_href: String,
}

/// The roll-up: the page's context and `rollup.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    /// [`FORMAT`].
    pub format: &'static str,
    /// [`VERSION`].
    pub version: u32,
    /// The 市/省's name.
    pub name: String,
    /// 省级, 市级, 县级.
    pub level: &'static str,
    /// The threshold (万元, inclusive).
    pub threshold_wan: f64,
    /// It as shown ("5亿元").
    pub threshold: String,
    /// The latest as-of date of the counties.
    pub as_of: String,
    /// Whether the counties' as-of dates differ.
    pub as_of_differ: bool,
    /// The warning when they differ.
    pub as_of_note: Option<String>,
    /// The warning when a county's site is its internal version (personal data).
    pub internal_note: Option<String>,
    /// The ranking rule.
    pub formula: &'static str,
    /// Counties in ranking order (ties and unranked by name).
    pub counties: Vec<CountyRow>,
    /// Tracked projects, largest amount first.
    pub projects: Vec<Tracked>,
}

/// `base` + a page path with `{id}` replaced.
fn link(base: &str, page: &str, id: &str) -> String {
    format!("{base}{}", page.replace("{id}", id))
}

fn light_label(light: &str) -> &'static str {
    match light {
        "red" => "红灯",
        "yellow" => "黄灯",
        "green" => "绿灯",
        _ => "已终止",
    }
}

/// Whether `a/b` ranks before `c/d` (a larger share), exactly.
fn share_cmp(a: (usize, usize), b: (usize, usize)) -> std::cmp::Ordering {
    let (an, ad) = (a.0 as u128, a.1 as u128);
    let (bn, bd) = (b.0 as u128, b.1 as u128);
    (bn * ad).cmp(&(an * bd))
}

/// Make the roll-up of `counties` at `level`.
pub fn rollup(name: &str, level: Level, thresholds: &Thresholds, counties: &[County]) -> Rollup {
    let threshold = level.threshold(thresholds);
    let mut projects = Vec::new();
    let mut rows = Vec::new();
    for c in counties {
        let pages: &Pages = &c.manifest.pages;
        let overdue_projects: BTreeSet<&str> = c
            .findings
            .findings
            .iter()
            .filter(|f| f.code == "overdue" && f.severity == "error")
            .filter_map(|f| f.project.as_deref())
            .collect();
        let count = |code: &str| {
            c.findings
                .findings
                .iter()
                .filter(|f| f.code == code)
                .count()
        };
        let mut row = CountyRow {
            rank: None,
            name: c.name.clone(),
            as_of: c.manifest.as_of.clone(),
            projects: 0,
            red: 0,
            yellow: 0,
            green: 0,
            terminated: 0,
            tracked: 0,
            overdue: c
                .findings
                .findings
                .iter()
                .filter(|f| f.code == "overdue" && f.severity == "error")
                .count(),
            late: count("late"),
            due_soon: count("due-soon"),
            on_time: 0,
            share: None,
            share_label: "—".into(),
            href: link(&c.base, &pages.index, ""),
            ledger_href: link(&c.base, &pages.ledger, ""),
            rankings_href: link(&c.base, &pages.rankings, ""),
            bulletins_href: link(&c.base, &pages.bulletins, ""),
            projects_href: link(&c.base, &c.manifest.files.projects, ""),
        };
        for (p, t) in c.projects.iter().zip(&c.manifest.tracking.projects) {
            let live = p.light != "terminated";
            if p.expands.is_none() {
                match p.light.as_str() {
                    "terminated" => row.terminated += 1,
                    light => {
                        row.projects += 1;
                        match light {
                            "red" => row.red += 1,
                            "yellow" => row.yellow += 1,
                            _ => row.green += 1,
                        }
                        if !overdue_projects.contains(p.id.as_str()) {
                            row.on_time += 1;
                        }
                    }
                }
            }
            if live && t.key_industry && t.amount_wan >= threshold {
                row.tracked += 1;
                projects.push(Tracked {
                    county: c.name.clone(),
                    id: p.id.clone(),
                    name: p.name.clone(),
                    unit: p.unit.clone(),
                    unit_name: p.unit_name.clone(),
                    category: p.category.clone(),
                    amount_wan: t.amount_wan,
                    amount: yi(t.amount_wan),
                    investment_wan: p.investment_wan,
                    stage: p.stage.clone(),
                    stage_order: p.stage_order,
                    light: p.light.clone(),
                    light_label: light_label(&p.light),
                    next_label: p.next_label.clone(),
                    next_due: p.next_due.clone(),
                    expands: p.expands.clone(),
                    href: link(&c.base, &pages.project, &p.id),
                    unit_href: link(&c.base, &pages.unit, &p.unit),
                });
            }
        }
        if row.projects > 0 {
            let share = row.on_time as f64 / row.projects as f64;
            row.share = Some(share);
            row.share_label = format!("{}%", trim(share * 100.0, 1));
        }
        rows.push(row);
    }
    rank(&mut rows);
    projects.sort_by(|a, b| {
        b.amount_wan
            .total_cmp(&a.amount_wan)
            .then_with(|| a.county.cmp(&b.county))
            .then_with(|| a.id.cmp(&b.id))
    });
    let dates: BTreeMap<&str, Vec<&str>> = rows.iter().fold(BTreeMap::new(), |mut m, r| {
        m.entry(r.as_of.as_str())
            .or_insert_with(Vec::new)
            .push(r.name.as_str());
        m
    });
    let as_of = dates
        .keys()
        .next_back()
        .map_or_else(String::new, |d| d.to_string());
    let as_of_note = (dates.len() > 1).then(|| as_of_note(&rows));
    let internal_note = internal_note(counties);
    Rollup {
        format: FORMAT,
        version: VERSION,
        name: name.to_string(),
        level: level.label(),
        threshold_wan: threshold,
        threshold: crate::site::model::money(threshold),
        as_of,
        as_of_differ: dates.len() > 1,
        as_of_note,
        internal_note,
        formula: FORMULA,
        counties: rows,
        projects,
    }
}

/// The warning when a county's site was built with `--profile internal`: the roll-up
/// shows no personal data itself, but it links to pages that do.
pub fn internal_note(counties: &[County]) -> Option<String> {
    let mut names: Vec<&str> = counties
        .iter()
        .filter(|c| c.manifest.profile == "internal")
        .map(|c| c.name.as_str())
        .collect();
    if names.is_empty() {
        return None;
    }
    names.sort_unstable();
    Some(format!(
        "{}的网站是内部版（含法人代表、电话等个人信息）：本页链接到这些内部页面，请勿公开发布。公开发布请改用各县的公开版网站（tongbao build 默认生成公开版）汇总",
        names.join("、")
    ))
}

/// The warning when the counties' as-of dates differ: each county's date.
pub fn as_of_note(rows: &[CountyRow]) -> String {
    let mut by_name: Vec<&CountyRow> = rows.iter().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    let list: Vec<String> = by_name
        .iter()
        .map(|r| format!("{} {}", r.name, r.as_of))
        .collect();
    format!(
        "各县数据截至日期不同（{}）：截至日期较早的县，此后到期的事项尚未计入，比较和排名时请注意。请各县按同一核查日重新生成网站后再汇总",
        list.join("；")
    )
}

/// Sort rows by share (largest first; no projects last), then name, and give ranks:
/// equal shares share a rank, the next rank skips (1, 1, 3).
pub fn rank(rows: &mut [CountyRow]) {
    rows.sort_by(|a, b| match (a.projects, b.projects) {
        (0, 0) => a.name.cmp(&b.name),
        (0, _) => std::cmp::Ordering::Greater,
        (_, 0) => std::cmp::Ordering::Less,
        _ => share_cmp((a.on_time, a.projects), (b.on_time, b.projects))
            .then_with(|| a.name.cmp(&b.name)),
    });
    let mut prev: Option<(usize, usize, usize)> = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if r.projects == 0 {
            r.rank = None;
            continue;
        }
        let rank = match prev {
            Some((on, n, rank)) if share_cmp((on, n), (r.on_time, r.projects)).is_eq() => rank,
            _ => i + 1,
        };
        r.rank = Some(rank);
        prev = Some((r.on_time, r.projects, rank));
    }
}

/// Percent-encode a path segment for a URL (unreserved ASCII stays).
fn encode(seg: &str) -> String {
    let mut out = String::new();
    for b in seg.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The link prefix (ending in `/`) from the folder `from` to the folder `to`, both
/// absolute and canonical: a relative path when they share a root, else a `file:` URL.
pub fn relative_link(from: &Path, to: &Path) -> String {
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    // Another drive (Windows) shares no first component.
    let shares_root = common > 0;
    let seg = |c: &Component| encode(&c.as_os_str().to_string_lossy());
    if !shares_root {
        // Another drive (Windows): an absolute file address.
        let parts: Vec<String> = b
            .iter()
            .filter(|c| !matches!(c, Component::RootDir))
            .map(|c| match c {
                Component::Prefix(p) => p
                    .as_os_str()
                    .to_string_lossy()
                    .trim_start_matches(r"\\?\")
                    .to_string(),
                other => seg(other),
            })
            .collect();
        return format!("file:///{}/", parts.join("/"));
    }
    let mut out = String::new();
    for _ in common..a.len() {
        out.push_str("../");
    }
    for c in &b[common..] {
        out.push_str(&seg(c));
        out.push('/');
    }
    out
}

/// The link prefix of a published address: it, ending in `/`.
pub fn url_base(url: &str) -> String {
    let url = url.trim();
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}

/// Parse an as-of date of a manifest (checked by [`check_county`]).
pub fn as_of(m: &SiteManifest) -> Option<NaiveDate> {
    crate::model::parse_iso_date(&m.as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollup::manifest::{Counts, Files, Tracked as T, Tracking, pages};

    fn project(id: &str, light: &str) -> ProjectIn {
        ProjectIn {
            id: id.into(),
            name: format!("项目{id}"),
            unit: "kfq".into(),
            unit_name: "开发区".into(),
            category: "工业".into(),
            investment_wan: 1.0,
            stage: "签约".into(),
            stage_order: 5,
            next_label: String::new(),
            next_due: String::new(),
            light: light.into(),
            expands: None,
        }
    }

    fn county(name: &str, as_of: &str, rows: &[(&str, &str, f64)], overdue: &[&str]) -> County {
        let projects: Vec<ProjectIn> = rows.iter().map(|(id, l, _)| project(id, l)).collect();
        County {
            name: name.into(),
            base: format!("../{name}/"),
            manifest: SiteManifest {
                format: "tongbao-site".into(),
                version: 1,
                county: name.into(),
                title: String::new(),
                office: String::new(),
                as_of: as_of.into(),
                generator: String::new(),
                profile: "public".into(),
                files: Files {
                    projects: "projects.json".into(),
                    findings: "findings.json".into(),
                },
                pages: pages(),
                counts: Counts {
                    records: rows.len(),
                    ..Counts::default()
                },
                tracking: Tracking {
                    province_wan: 100_000.0,
                    city_wan: 50_000.0,
                    county_wan: 10_000.0,
                    projects: rows
                        .iter()
                        .map(|(id, _, a)| T {
                            id: (*id).into(),
                            amount_wan: *a,
                            key_industry: true,
                        })
                        .collect(),
                },
            },
            projects,
            findings: FindingsIn {
                as_of: as_of.into(),
                errors: overdue.len(),
                warnings: 0,
                findings: overdue
                    .iter()
                    .map(|p| FindingIn {
                        severity: "error".into(),
                        code: "overdue".into(),
                        project: Some((*p).into()),
                    })
                    .collect(),
            },
        }
    }

    #[test]
    fn thresholds_are_inclusive_and_terminated_projects_are_left_out() {
        let c = county(
            "甲县",
            "2026-11-20",
            &[
                ("a", "green", 100_000.0),
                ("b", "green", 99_999.99),
                ("c", "red", 50_000.0),
                ("d", "terminated", 200_000.0),
            ],
            &["c"],
        );
        let t = Thresholds::default();
        let ids = |l| -> Vec<String> {
            rollup("某市", l, &t, std::slice::from_ref(&c))
                .projects
                .into_iter()
                .map(|p| p.id)
                .collect()
        };
        assert_eq!(ids(Level::Province), ["a"]);
        assert_eq!(ids(Level::City), ["a", "b", "c"]);
        let r = rollup("某市", Level::Province, &t, std::slice::from_ref(&c));
        assert_eq!(r.projects[0].href, "../甲县/projects/a.html");
        assert_eq!(r.projects[0].unit_href, "../甲县/units/kfq.html");
        assert_eq!(r.projects[0].amount, "10.00");
        assert_eq!(r.threshold, "10亿元");
        let row = &r.counties[0];
        assert_eq!(
            (row.projects, row.red, row.green, row.terminated),
            (3, 1, 2, 1)
        );
        assert_eq!((row.on_time, row.share_label.as_str()), (2, "66.7%"));
    }

    #[test]
    fn equal_shares_share_a_rank_and_empty_counties_are_not_ranked() {
        let t = Thresholds::default();
        let a = county(
            "甲县",
            "2026-11-20",
            &[("a", "green", 1.0), ("b", "red", 1.0)],
            &["b"],
        );
        let b = county(
            "乙县",
            "2026-11-20",
            &[
                ("a", "green", 1.0),
                ("b", "green", 1.0),
                ("c", "red", 1.0),
                ("d", "red", 1.0),
            ],
            &["c", "d"],
        );
        let c = county("丙县", "2026-11-20", &[("a", "green", 1.0)], &[]);
        let d = county("丁县", "2026-11-20", &[], &[]);
        let r = rollup("某市", Level::City, &t, &[a, b, c, d]);
        let ranks: Vec<(String, Option<usize>)> = r
            .counties
            .iter()
            .map(|c| (c.name.clone(), c.rank))
            .collect();
        assert_eq!(
            ranks,
            [
                ("丙县".to_string(), Some(1)),
                ("乙县".to_string(), Some(2)),
                ("甲县".to_string(), Some(2)),
                ("丁县".to_string(), None)
            ]
        );
        assert!(!r.as_of_differ);
    }

    #[test]
    fn differing_as_of_dates_are_named() {
        let t = Thresholds::default();
        let a = county("甲县", "2026-11-20", &[], &[]);
        let b = county("乙县", "2026-10-31", &[], &[]);
        let r = rollup("某市", Level::City, &t, &[a, b]);
        assert!(r.as_of_differ);
        assert_eq!(r.as_of, "2026-11-20");
        let note = r.as_of_note.expect("note");
        assert!(
            note.contains("乙县 2026-10-31") && note.contains("甲县 2026-11-20"),
            "{note}"
        );
    }

    #[test]
    fn an_internal_county_site_is_named_in_a_warning() {
        let t = Thresholds::default();
        let a = county("甲县", "2026-11-20", &[], &[]);
        let mut b = county("乙县", "2026-11-20", &[], &[]);
        assert_eq!(
            rollup("某市", Level::City, &t, &[a.clone(), b.clone()]).internal_note,
            None
        );
        b.manifest.profile = "internal".into();
        let note = rollup("某市", Level::City, &t, &[a, b])
            .internal_note
            .expect("note");
        assert!(
            note.starts_with("乙县的网站是内部版") && note.contains("请勿公开发布"),
            "{note}"
        );
    }

    #[test]
    fn links_are_relative_and_encoded() {
        assert_eq!(
            relative_link(
                Path::new("/srv/city/site"),
                Path::new("/srv/counties/甲 县/site")
            ),
            "../../counties/%E7%94%B2%20%E5%8E%BF/site/"
        );
        assert_eq!(relative_link(Path::new("/a/b"), Path::new("/a/b/c")), "c/");
        assert_eq!(url_base("https://x.cn/a"), "https://x.cn/a/");
    }

    #[test]
    fn inconsistent_or_unsafe_inputs_are_refused() {
        let c = county("甲县", "2026-11-20", &[("a", "green", 1.0)], &[]);
        assert!(check_county(&c.manifest, &c.projects, &c.findings).is_ok());
        let mut m = c.manifest.clone();
        m.pages.project = "javascript:alert(1)/{id}".into();
        let (w, msg) = check_county(&m, &c.projects, &c.findings).expect_err("unsafe page");
        assert_eq!(w, Which::Manifest);
        assert!(msg.contains("pages.project"), "{msg}");
        let mut m = c.manifest.clone();
        m.files.projects = "../../etc/passwd".into();
        assert!(check_county(&m, &c.projects, &c.findings).is_err());
        let mut p = c.projects.clone();
        p[0].id = "<script>".into();
        let mut m = c.manifest.clone();
        m.tracking.projects[0].id = "<script>".into();
        let (w, msg) = check_county(&m, &p, &c.findings).expect_err("bad id");
        assert_eq!(w, Which::Projects);
        assert!(msg.contains("不合规"), "{msg}");
        let mut m = c.manifest.clone();
        m.counts.records = 2;
        let (w, msg) = check_county(&m, &c.projects, &c.findings).expect_err("count");
        assert_eq!(w, Which::Projects);
        assert!(msg.contains("不是同一次生成的"), "{msg}");
        let mut f = c.findings.clone();
        f.as_of = "2026-10-31".into();
        let (w, _) = check_county(&c.manifest, &c.projects, &f).expect_err("as_of");
        assert_eq!(w, Which::Findings);
    }
}
