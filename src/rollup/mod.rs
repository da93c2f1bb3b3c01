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
