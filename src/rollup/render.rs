//! The roll-up site: `index.html` (templates `rollup_index.html` over
//! `rollup_base.html`, overridable like every template), `rollup.json` (the same
//! data) and the shared style sheet, handed to an [`Output`].

use super::model::Rollup;
use crate::site::templates::Templates;
use crate::site::{Output, SiteError, tera_message};

/// The shared assets the roll-up page uses (paths under the site).
const ASSETS: &[&str] = &["static/style.css", "static/favicon.svg"];

/// The roll-up's own assets (not in county sites): filtering and sorting without a
/// server (no inline script: the page has a CSP), and the card layout at 390 px.
pub const OWN_ASSETS: &[(&str, &str)] = &[
    (
        "static/rollup.js",
        include_str!("../../templates/static/rollup.js"),
    ),
    (
        "static/rollup.css",
        include_str!("../../templates/static/rollup.css"),
    ),
];

/// `rollup.json`: the roll-up as data (pretty, ending in a newline).
pub fn json(r: &Rollup) -> Result<Vec<u8>, SiteError> {
    let mut bytes = serde_json::to_vec_pretty(r)
        .map_err(|e| SiteError::Io("rollup.json".into(), e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// Render every file of the roll-up site into `out`.
pub fn render(r: &Rollup, templates: &Templates, out: &dyn Output) -> Result<(), SiteError> {
    for (path, bytes) in &templates.assets {
        if ASSETS.contains(&path.as_str()) {
            out.put(path, bytes.clone(), None)?;
        }
    }
    for (path, text) in OWN_ASSETS {
        out.put(path, text.as_bytes().to_vec(), None)?;
    }
    let mut ctx = tera::Context::new();
    ctx.insert("r", r);
    let html = templates
        .tera
        .render("rollup_index.html", &ctx)
        .map_err(|e| SiteError::Template {
            template: "rollup_index.html".into(),
            page: "汇总首页".into(),
            message: tera_message(&e),
        })?;
    out.put("index.html", html.into_bytes(), None)?;
    out.put("rollup.json", json(r)?, None)
}
