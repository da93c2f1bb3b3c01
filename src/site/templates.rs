//! Built-in templates and static assets, embedded in the binary (so `build` works
//! with no `templates/` folder), each overridden by a file of the same name in the
//! ledger's `templates/` folder — as Zola does.

use super::SiteError;
use crate::load::MAX_FILE_BYTES;
use crate::safe_fs::{self, Kind, Refusal};
use std::path::Path;

/// Built-in tera templates: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("ledger.html", include_str!("../../templates/ledger.html")),
    ("project.html", include_str!("../../templates/project.html")),
    ("unit.html", include_str!("../../templates/unit.html")),
    (
        "bulletins.html",
        include_str!("../../templates/bulletins.html"),
    ),
    (
        "bulletin.html",
        include_str!("../../templates/bulletin.html"),
    ),
    ("quarter.html", include_str!("../../templates/quarter.html")),
    (
        "rankings.html",
        include_str!("../../templates/rankings.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "assessment.html",
        include_str!("../../templates/assessment.html"),
    ),
    (
        "targets_table.html",
        include_str!("../../templates/targets_table.html"),
    ),
    ("tasks.html", include_str!("../../templates/tasks.html")),
    ("task.html", include_str!("../../templates/task.html")),
    // `tongbao rollup` (src/rollup/render.rs).
    (
        "rollup_base.html",
        include_str!("../../templates/rollup_base.html"),
    ),
    (
        "rollup_index.html",
        include_str!("../../templates/rollup_index.html"),
    ),
    (
        "performance.html",
        include_str!("../../templates/performance.html"),
    ),
    (
        "performance_detail.html",
        include_str!("../../templates/performance_detail.html"),
    ),
];

/// Built-in static assets: (path under `static/`, contents).
pub const STATIC: &[(&str, &str)] = &[
    (
        "style.css",
        include_str!("../../templates/static/style.css"),
    ),
    (
        "print.css",
        include_str!("../../templates/static/print.css"),
    ),
    (
        "ledger.js",
        include_str!("../../templates/static/ledger.js"),
    ),
    ("print.js", include_str!("../../templates/static/print.js")),
    (
        "favicon.svg",
        include_str!("../../templates/static/favicon.svg"),
    ),
];

/// The loaded templates and assets.
pub struct Templates {
    /// The tera engine with every template added.
    pub tera: tera::Tera,
    /// Static files: (relative output path, bytes).
    pub assets: Vec<(String, Vec<u8>)>,
    /// Names overridden by the ledger's `templates/` folder.
    pub overridden: Vec<String>,
    /// A hash of every template and asset as used (incremental builds: a page is
    /// reused only if the templates did not change).
    pub fingerprint: u128,
}

impl Templates {
    /// Load the built-ins, overridden by `<root>/templates/<name>` where present. An
    /// override must be a regular file inside the root: a link (which could publish
    /// any file of the machine that builds) or a special file is refused, naming it.
    pub fn load(root: &Path) -> Result<Templates, SiteError> {
        let dir = root.join("templates");
        let static_dir = dir.join("static");
        let has_dir = real_dir(&dir, "templates")?;
        let has_static = has_dir && real_dir(&static_dir, "templates/static")?;
        let mut overridden = Vec::new();
        let mut sources = Vec::new();
        for (name, builtin) in TEMPLATES {
            let rel = format!("templates/{name}");
            let text = match has_dir.then(|| read(&dir.join(name), &rel)).transpose()? {
                Some(Some(bytes)) => {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        SiteError::Io(
                            rel.clone(),
                            "不是 UTF-8 编码。请用 UTF-8 另存该模板（删除它即恢复内置模板）".into(),
                        )
                    })?;
                    if text != *builtin {
                        overridden.push(name.to_string());
                    }
                    text
                }
                _ => builtin.to_string(),
            };
            sources.push((
                name.to_string(),
                text.trim_start_matches('\u{FEFF}').to_string(),
            ));
        }
        let mut assets = Vec::new();
        for (name, builtin) in STATIC {
            let rel = format!("templates/static/{name}");
            let bytes = match has_static
                .then(|| read(&static_dir.join(name), &rel))
                .transpose()?
            {
                Some(Some(bytes)) => {
                    if bytes != builtin.as_bytes() {
                        overridden.push(format!("static/{name}"));
                    }
                    bytes
                }
                _ => builtin.as_bytes().to_vec(),
            };
            assets.push((format!("static/{name}"), bytes));
        }
        Self::from_sources(sources, assets, overridden)
    }

    /// Only the built-ins (for tests).
    pub fn builtin() -> Result<Templates, SiteError> {
        let sources = TEMPLATES
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
        let assets = STATIC
            .iter()
            .map(|(n, s)| (format!("static/{n}"), s.as_bytes().to_vec()))
            .collect();
        Self::from_sources(sources, assets, Vec::new())
    }

    fn from_sources(
        sources: Vec<(String, String)>,
        assets: Vec<(String, Vec<u8>)>,
        overridden: Vec<String>,
    ) -> Result<Templates, SiteError> {
        let mut tera = tera::Tera::new();
        tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
            .map_err(|e| SiteError::TemplateLoad(super::tera_message(&e)))?;
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (name, bytes) in sources
            .iter()
            .map(|(n, s)| (n.as_str(), s.as_bytes()))
            .chain(assets.iter().map(|(n, b)| (n.as_str(), b.as_slice())))
        {
            super::write::hash_part(&mut h, name.as_bytes());
            super::write::hash_part(&mut h, bytes);
        }
        Ok(Templates {
            tera,
            assets,
            overridden,
            fingerprint: h.digest128(),
        })
    }
}

/// Whether `dir` is a real folder to read overrides from (`false` when absent); a
/// link or a file there is refused.
fn real_dir(dir: &Path, rel: &str) -> Result<bool, SiteError> {
    match safe_fs::kind(dir).map_err(|e| SiteError::Io(rel.to_string(), e.to_string()))? {
        None => Ok(false),
        Some(Kind::Dir) => Ok(true),
        Some(k) => Err(SiteError::Io(
            rel.to_string(),
            Refusal::NotDir(k).message(rel),
        )),
    }
}

/// An override's bytes (`None` when absent): a regular file of at most 1 MiB.
fn read(path: &Path, rel: &str) -> Result<Option<Vec<u8>>, SiteError> {
    match safe_fs::read_regular(path, MAX_FILE_BYTES) {
        Ok(Ok(bytes)) => Ok(Some(bytes)),
        Ok(Err(refusal)) => Err(SiteError::Io(
            rel.to_string(),
            format!("{}（删除它即恢复内置模板）", refusal.message(rel)),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(SiteError::Io(rel.to_string(), e.to_string())),
    }
}
