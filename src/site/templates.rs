//! Built-in templates and static assets, embedded in the binary (so `build` works
//! with no `templates/` folder), each overridden by a file of the same name in the
//! ledger's `templates/` folder — as Zola does.

use super::SiteError;
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
}

impl Templates {
    /// Load the built-ins, overridden by `<root>/templates/<name>` where present.
    pub fn load(root: &Path) -> Result<Templates, SiteError> {
        let dir = root.join("templates");
        let mut overridden = Vec::new();
        let mut sources = Vec::new();
        for (name, builtin) in TEMPLATES {
            let path = dir.join(name);
            let text = if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| SiteError::Io(path.display().to_string(), e.to_string()))?;
                if text != *builtin {
                    overridden.push(name.to_string());
                }
                text
            } else {
                builtin.to_string()
            };
            sources.push((
                name.to_string(),
                text.trim_start_matches('\u{FEFF}').to_string(),
            ));
        }
        let mut assets = Vec::new();
        for (name, builtin) in STATIC {
            let path = dir.join("static").join(name);
            let bytes = if path.is_file() {
                let bytes = std::fs::read(&path)
                    .map_err(|e| SiteError::Io(path.display().to_string(), e.to_string()))?;
                if bytes != builtin.as_bytes() {
                    overridden.push(format!("static/{name}"));
                }
                bytes
            } else {
                builtin.as_bytes().to_vec()
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
        Ok(Templates {
            tera,
            assets,
            overridden,
        })
    }
}
