//! `tongbao rollup`: a 市/省 site made from several counties' built sites [贵州 一：
//! ≥10亿 省级重点跟踪, ≥5亿 市级, ≥1亿 县级; 市/省 offices track many counties].
//!
//! Data flows one way, as in `build`: [`read`] (the only I/O: each county's `site.json`,
//! `projects.json`, `findings.json` through `safe_fs`, capped) → [`model::rollup`]
//! (pure: the projects at or above the level's threshold, each county's lights and
//! timeliness, the ranking, the links) → [`render`] (tera, into an
//! [`crate::site::Output`]: `index.html`, `rollup.json`, the style sheet).

pub mod config;
pub mod manifest;
pub mod model;
pub mod read;
pub mod render;

use std::fmt;

/// The level a roll-up is made for, and so its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    /// 省级重点跟踪 (default threshold 10亿元).
    Province,
    /// 市级 (5亿元). The default level.
    #[default]
    City,
    /// 县级 (1亿元).
    County,
}

impl Level {
    /// The level from its Chinese name (省, 市, 县, also 省级 …) or English one.
    pub fn from_name(s: &str) -> Option<Level> {
        match s.trim() {
            "省" | "省级" | "province" => Some(Level::Province),
            "市" | "市级" | "州" | "city" => Some(Level::City),
            "县" | "县级" | "county" => Some(Level::County),
            _ => None,
        }
    }

    /// Chinese name: 省级, 市级, 县级.
    pub fn label(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "县级",
        }
    }

    /// The threshold of this level (万元, inclusive).
    pub fn threshold(self, t: &config::Thresholds) -> f64 {
        match self {
            Level::Province => t.province_wan,
            Level::City => t.city_wan,
            Level::County => t.county_wan,
        }
    }
}

/// Why a roll-up could not be made. Every message is Chinese, names the file and says
/// what to do.
#[derive(Debug, Clone, PartialEq)]
pub enum RollupError {
    /// A county's input (site folder, `site.json`, a data file) is missing, refused,
    /// malformed or inconsistent: the file (as shown) and the full message.
    Input(String, String),
    /// `rollup.toml` is wrong: the message.
    Config(String),
    /// Bad arguments (no county, two counties of one name, …).
    Usage(String),
    /// Rendering or writing the site failed.
    Site(crate::site::SiteError),
}

impl RollupError {
    /// Whether the roll-up could not run at all (exit code 2), as opposed to failing
    /// while it wrote (exit code 1).
    pub fn could_not_run(&self) -> bool {
        match self {
            RollupError::Site(e) => e.is_refused_out(),
            _ => true,
        }
    }
}

impl fmt::Display for RollupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RollupError::Input(file, msg) => write!(f, "{file}：{msg}"),
            RollupError::Config(msg) | RollupError::Usage(msg) => f.write_str(msg),
            RollupError::Site(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for RollupError {}

impl From<crate::site::SiteError> for RollupError {
    fn from(e: crate::site::SiteError) -> Self {
        RollupError::Site(e)
    }
}

/// What `tongbao rollup` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// The 市/省 repository's folder (holds `rollup.toml`, optional `templates/`).
    pub root: std::path::PathBuf,
    /// Counties' site folders (or `site.json` files) from the command line; when empty,
    /// `rollup.toml`'s `[[county]]` list.
    pub sites: Vec<std::path::PathBuf>,
    /// The level (else `rollup.toml`'s, else 市).
    pub level: Option<Level>,
    /// The name (else `rollup.toml`'s).
    pub name: Option<String>,
    /// The output folder (else `<root>/site`).
    pub out: Option<std::path::PathBuf>,
}

/// What a roll-up made.
#[derive(Debug, Clone)]
pub struct Done {
    /// The roll-up.
    pub rollup: model::Rollup,
    /// The output folder as given.
    pub out: std::path::PathBuf,
    /// What replacing the output folder left or removed.
    pub replaced: crate::site::write::Replaced,
}

/// Read the counties, make the roll-up and write it (replacing the output folder only
/// when [`crate::site::write::check_out`] allows, and never a county's own folder).
pub fn run(req: &Request) -> Result<Done, RollupError> {
    use crate::site::write::{Staging, check_out};
    let cfg = read::read_config(&req.root)?.unwrap_or_default();
    let entries: Vec<config::CountyEntry> = if req.sites.is_empty() {
        cfg.county
            .iter()
            .map(|c| config::CountyEntry {
                path: req.root.join(&c.path).display().to_string(),
                ..c.clone()
            })
            .collect()
    } else {
        req.sites
            .iter()
            .map(|p| config::CountyEntry {
                name: None,
                path: p.display().to_string(),
                url: None,
            })
            .collect()
    };
    if entries.is_empty() {
        return Err(RollupError::Usage(format!(
            "没有要汇总的县。请在命令行写出各县生成的网站文件夹，如 tongbao rollup 甲县/site 乙县/site；或在 {} 中用 [[county]] 逐个列出（path 为网站文件夹）",
            req.root.join(config::FILE).display()
        )));
    }
    for e in &entries {
        if let Some(url) = &e.url
            && !config::valid_url(url)
        {
            return Err(RollupError::Config(format!(
                "{}：[[county]] {} 的 url `{url}` 不是 http:// 或 https:// 开头的网址。请写该县网站的发布地址，或删去 url（链接到本地文件夹）",
                config::FILE,
                e.path
            )));
        }
    }
    let out = req.out.clone().unwrap_or_else(|| req.root.join("site"));
    let target = check_out(&req.root, &out)?;
    let mut counties = Vec::new();
    let mut seen: std::collections::BTreeMap<String, String> = std::collections::BTreeMap::new();
    let mut budget = read::MAX_TOTAL_BYTES;
    for e in &entries {
        let input = read::read_county(std::path::Path::new(&e.path), &mut budget)?;
        if let Some(why) = county_clash(target.dir(), &input.dir) {
            return Err(RollupError::Site(crate::site::SiteError::UnsafeOut(
                format!("{} {why}（{}）", out.display(), input.shown),
            )));
        }
        let name = e
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .unwrap_or(&input.manifest.county)
            .to_string();
        if let Some(other) = seen.insert(name.clone(), input.shown.clone()) {
            return Err(RollupError::Usage(format!(
                "两个县同名“{name}”（{other} 与 {}）：同一个县只能汇总一次；不同的县请在 {} 的 [[county]] 中用 name 区分",
                input.shown,
                config::FILE
            )));
        }
        let base = match &e.url {
            Some(url) => model::url_base(url),
            None => model::relative_link(target.dir(), &input.dir),
        };
        counties.push(model::County {
            name,
            base,
            manifest: input.manifest,
            projects: input.projects,
            findings: input.findings,
        });
    }
    let level = req.level.or(cfg.level).unwrap_or_default();
    let name = req
        .name
        .clone()
        .or(cfg.name.clone())
        .unwrap_or_default()
        .trim()
        .to_string();
    let rollup = model::rollup(&name, level, &cfg.thresholds, &counties);
    drop(counties);
    let templates = crate::site::templates::Templates::load(&req.root)?;
    let staging = Staging::begin(&target, false)?;
    render::render(&rollup, &templates, &staging)?;
    let (replaced, _) = staging.commit()?;
    Ok(Done {
        rollup,
        out,
        replaced,
    })
}

/// Why writing the roll-up to the canonical folder `out` would replace (part of) the
/// county site at the canonical `county`, or `None`. Pure: compares paths only.
pub fn county_clash(out: &std::path::Path, county: &std::path::Path) -> Option<&'static str> {
    if out == county {
        Some("就是要汇总的县网站文件夹")
    } else if county.starts_with(out) {
        Some("包含要汇总的县网站文件夹")
    } else if out.starts_with(county) {
        Some("位于要汇总的县网站文件夹之内")
    } else {
        None
    }
}
