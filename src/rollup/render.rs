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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rollup::model::{CountyRow, FORMULA, Tracked};

    #[test]
    fn names_from_the_counties_files_are_text_never_markup() {
        let evil = "<script>alert(1)</script>\"'";
        let row = CountyRow {
            rank: Some(1),
            name: evil.into(),
            as_of: "2026-11-20".into(),
            projects: 1,
            red: 0,
            yellow: 0,
            green: 1,
            terminated: 0,
            tracked: 1,
            overdue: 0,
            late: 0,
            due_soon: 0,
            on_time: 1,
            share: Some(1.0),
            share_label: "100%".into(),
            href: "../a/index.html".into(),
            ledger_href: "../a/projects/index.html".into(),
            rankings_href: "../a/rankings.html".into(),
            bulletins_href: "../a/bulletins/index.html".into(),
            projects_href: "../a/projects.json".into(),
        };
        let p = Tracked {
            county: evil.into(),
            id: "p".into(),
            name: evil.into(),
            unit: "u".into(),
            unit_name: evil.into(),
            category: String::new(),
            amount_wan: 100_000.0,
            amount: "10.00".into(),
            investment_wan: 100_000.0,
            stage: "签约".into(),
            stage_order: 5,
            light: "green".into(),
            light_label: "绿灯",
            next_label: evil.into(),
            next_due: String::new(),
            expands: None,
            href: "../a/projects/p.html".into(),
            unit_href: "../a/units/u.html".into(),
        };
        let r = Rollup {
            format: "tongbao-rollup",
            version: 1,
            name: evil.into(),
            level: "省级",
            threshold_wan: 100_000.0,
            threshold: "10亿元".into(),
            as_of: "2026-11-20".into(),
            as_of_differ: false,
            as_of_note: None,
            internal_note: None,
            formula: FORMULA,
            counties: vec![row],
            projects: vec![p],
        };
        let out = crate::site::Memory::default();
        render(&r, &Templates::builtin().expect("templates"), &out).expect("render");
        let files = out.into_files();
        let html = String::from_utf8(files["index.html"].clone()).expect("utf-8");
        assert!(!html.contains("<script>alert"), "escaped");
        assert!(html.contains("&lt;script&gt;alert(1)"), "{html}");
        assert_eq!(html.matches("<script").count(), 1, "only static/rollup.js");
        let json: serde_json::Value =
            serde_json::from_slice(&files["rollup.json"]).expect("rollup.json");
        assert_eq!(json["counties"][0]["name"], evil);
        for f in ["static/style.css", "static/rollup.js", "static/rollup.css"] {
            assert!(files.contains_key(f), "{f}");
        }
    }
}
