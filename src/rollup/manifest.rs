//! `site.json`: the manifest every county build publishes beside `projects.json` and
//! `findings.json`, so that a 市/省 office can roll several counties up
//! (`tongbao rollup`). Versioned: [`FORMAT`] and [`VERSION`]; a reader refuses another
//! format or a newer version. Version 1 is documented in docs/contract.md §5 (extension).
//!
//! The same types are written by `build` ([`render`]) and read by `rollup`, so the two
//! cannot drift apart. No build time in it: two builds stay byte-identical.

use crate::site::{Profile, Site, SiteError};
use crate::view::Light;
use serde::{Deserialize, Serialize};

/// The value of `format`.
pub const FORMAT: &str = "tongbao-site";

/// The version written now (and the newest one read).
pub const VERSION: u32 = 1;

/// The manifest's file name at the top of a built site.
pub const FILE: &str = "site.json";

/// `site.json`, version 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SiteManifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// The county's name (config `county`, else `title`).
    pub county: String,
    /// Config `title`.
    pub title: String,
    /// Config `office`.
    pub office: String,
    /// The as-of date of the build (YYYY-MM-DD).
    pub as_of: String,
    /// `tongbao <version>`.
    pub generator: String,
    /// `public` or `internal`.
    pub profile: String,
    /// The data files, relative to the site's top folder.
    pub files: Files,
    /// Page paths, relative to the site's top folder; `{id}` stands for a project or unit id.
    pub pages: Pages,
    /// Counts of `projects.json` and `findings.json`.
    pub counts: Counts,
    /// The tracking level's inputs, which `projects.json` does not carry.
    pub tracking: Tracking,
}

/// `files` of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Files {
    /// `projects.json`: one row per record.
    pub projects: String,
    /// `findings.json`: the `check --format json` object.
    pub findings: String,
}

/// `pages` of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Pages {
    /// The county's home page.
    pub index: String,
    /// The ledger (all projects).
    pub ledger: String,
    /// One project (`{id}`: the project id).
    pub project: String,
    /// One unit (`{id}`: the unit id).
    pub unit: String,
    /// The 比拼 rankings.
    pub rankings: String,
    /// The monthly bulletins.
    pub bulletins: String,
}

/// `counts` of the manifest.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Counts {
    /// Rows of `projects.json` (every record, 增资 and terminated ones included).
    pub records: usize,
    /// 在库项目: records that are neither terminated nor 增资 (`expands`).
    pub projects: usize,
    /// Of them, red (something overdue).
    pub red: usize,
    /// Yellow (something due soon).
    pub yellow: usize,
    /// Green.
    pub green: usize,
    /// Terminated records (not 增资).
    pub terminated: usize,
    /// Errors in `findings.json`.
    pub errors: usize,
    /// Warnings in `findings.json`.
    pub warnings: usize,
}

/// `tracking` of the manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tracking {
    /// The county's own 省级 threshold (万元).
    pub province_wan: f64,
    /// 市级 (万元).
    pub city_wan: f64,
    /// 县级 (万元).
    pub county_wan: f64,
    /// One entry per row of `projects.json`, in its order.
    pub projects: Vec<Tracked>,
}

/// The tracking inputs of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tracked {
    /// Project id.
    pub id: String,
    /// The amount the level is judged on (万元): `contract_wan`, else `investment_wan`.
    pub amount_wan: f64,
    /// In a 重点产业 (only these are tracked by level).
    pub key_industry: bool,
}

/// The version-1 page paths of a build.
pub fn pages() -> Pages {
    Pages {
        index: "index.html".into(),
        ledger: "projects/index.html".into(),
        project: "projects/{id}.html".into(),
        unit: "units/{id}.html".into(),
        rankings: "rankings.html".into(),
        bulletins: "bulletins/index.html".into(),
    }
}

/// The manifest of a site being built.
pub fn manifest(site: &Site) -> SiteManifest {
    let ledger = &site.checked.ledger;
    let cfg = &ledger.config;
    let mut counts = Counts {
        records: site.rows.len(),
        ..Counts::default()
    };
    for row in site.rows.iter().filter(|r| r.expands.is_none()) {
        match row.light {
            Light::Terminated => counts.terminated += 1,
            light => {
                counts.projects += 1;
                match light {
                    Light::Red => counts.red += 1,
                    Light::Yellow => counts.yellow += 1,
                    _ => counts.green += 1,
                }
            }
        }
    }
    let (errors, warnings) = crate::findings::counts(&site.checked.findings);
    counts.errors = errors;
    counts.warnings = warnings;
    let projects = site
        .current
        .items
        .iter()
        .map(|item| {
            let rec = &ledger.records[item.index];
            Tracked {
                id: rec.id().to_string(),
                amount_wan: crate::derive::tracking_amount(&rec.project),
                key_industry: crate::derive::key_industry(cfg, &rec.project),
            }
        })
        .collect();
    SiteManifest {
        format: FORMAT.into(),
        version: VERSION,
        county: county_name(cfg.county.as_deref(), &cfg.title),
        title: cfg.title.clone(),
        office: cfg.office.clone(),
        as_of: site.checked.as_of.format("%Y-%m-%d").to_string(),
        generator: format!("tongbao {}", env!("CARGO_PKG_VERSION")),
        profile: match site.profile {
            Profile::Public => "public",
            Profile::Internal => "internal",
        }
        .into(),
        files: Files {
            projects: "projects.json".into(),
            findings: "findings.json".into(),
        },
        pages: pages(),
        counts,
        tracking: Tracking {
            province_wan: cfg.tracking.province_wan,
            city_wan: cfg.tracking.city_wan,
            county_wan: cfg.tracking.county_wan,
            projects,
        },
    }
}

/// The county's name: config `county`, else `title` without a trailing
/// 招商引资项目台账 (青岚县招商引资项目台账 → 青岚县), else `title`.
pub fn county_name(county: Option<&str>, title: &str) -> String {
    if let Some(c) = county.map(str::trim).filter(|c| !c.is_empty()) {
        return c.to_string();
    }
    let title = title.trim();
    ["招商引资项目台账", "招商引资台账", "项目台账"]
        .iter()
        .find_map(|s| {
            title
                .strip_suffix(s)
                .filter(|rest| !rest.trim().is_empty() && !rest.ends_with("招商引资"))
        })
        .unwrap_or(title)
        .trim()
        .to_string()
}

/// Write `site.json` into the site.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let mut bytes = serde_json::to_vec(&manifest(site))
        .map_err(|e| SiteError::Io(FILE.into(), e.to_string()))?;
    bytes.push(b'\n');
    site.emit(FILE, bytes)
}

#[cfg(test)]
mod tests {
    use super::county_name;

    #[test]
    fn the_county_is_named_by_config_else_by_the_title() {
        assert_eq!(county_name(Some(" 青岚县 "), "x"), "青岚县");
        assert_eq!(county_name(None, "青岚县招商引资项目台账"), "青岚县");
        assert_eq!(county_name(Some(""), "黔东开发区项目台账"), "黔东开发区");
        assert_eq!(county_name(None, "招商引资项目台账"), "招商引资项目台账");
        assert_eq!(county_name(None, "某县台账"), "某县台账");
    }
}
