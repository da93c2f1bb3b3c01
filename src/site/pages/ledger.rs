//! 项目台账: every project in one table, sortable and filterable by a small script of
//! our own (`static/ledger.js`). The page itself carries the first [`FIRST_PAGE`] rows
//! (readable without JavaScript, with links to the full CSV/Excel); all rows travel in
//! `projects/ledger-data.js`, compact arrays that the script turns into the table. A
//! script file, not JSON: officials open the site from `file://`, where `fetch` fails,
//! and the CSP forbids inline scripts.

use crate::derive::Stage;
use crate::site::model::{trim, wan};
use crate::site::{Site, SiteError};
use crate::view::Light;
use crate::view::figures::FUNNEL;
use serde::Serialize;
use std::collections::HashMap;

/// Rows in the page itself (in ledger order); the rest come from `ledger-data.js`.
pub const FIRST_PAGE: usize = 200;

/// Strings that repeat across rows (units, categories, stages…), each stored once.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    index: HashMap<String, usize>,
}

impl Strings {
    fn id(&mut self, s: &str) -> usize {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), self.list.len() - 1);
        self.list.len() - 1
    }
}

/// Append `v` as compact JSON (writing into a `Vec` cannot fail; a value serde_json
/// refuses would be a bug in this file, and it then writes nothing).
fn push<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) {
    let _ = serde_json::to_writer(&mut *out, v);
}

/// A number as JSON, whole numbers without a trailing `.0`.
fn push_num(out: &mut Vec<u8>, x: f64) {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        push(out, &(x as i64));
    } else {
        push(out, &x);
    }
}

/// `projects/ledger-data.js`: `window.TONGBAO_LEDGER = {rows, s, u}` where `s` is the
/// string table, `u` the units as `[id, name]` and each row an array (fields named in
/// `static/ledger.js`, function `row`). Plain JSON after the assignment, so names and
/// other text are JSON-escaped and the script only ever puts them in `textContent`.
/// Written row by row straight into the file's buffer (a JSON tree of 10,000 rows
/// was 10 MB of memory for a 1.5 MB file); the rows come first, so the string table
/// is complete when it is written.
fn data_js(site: &Site) -> Vec<u8> {
    let mut s = Strings::default();
    let mut units: Vec<(&str, &str)> = Vec::new();
    let mut unit_ix: HashMap<&str, usize> = HashMap::new();
    let mut out = String::from(
        "// 项目台账的全部行（tongbao 生成，供 static/ledger.js 使用；字段见该脚本的 row 函数）。\n\
         window.TONGBAO_LEDGER = {\"rows\":[",
    )
    .into_bytes();
    for (k, r) in site.rows.iter().enumerate() {
        if k > 0 {
            out.push(b',');
        }
        let u = *unit_ix.entry(r.unit.as_str()).or_insert_with(|| {
            units.push((r.unit.as_str(), r.unit_name.as_str()));
            units.len() - 1
        });
        // "规则 2027-01-29": the rule once in the table, the date in its own field
        // (its string is numbered first, as it always was).
        let next = r
            .next_label
            .strip_suffix(r.next_due.as_str())
            .map(|rule| s.id(rule));
        out.push(b'[');
        push(&mut out, &r.id);
        out.push(b',');
        push(&mut out, &r.name);
        out.push(b',');
        push(&mut out, &u);
        for text in [&r.source_name, &r.category, &r.sector] {
            out.push(b',');
            push(&mut out, &s.id(text));
        }
        out.push(b',');
        push(&mut out, &s.id(r.tracking));
        out.push(b',');
        push_num(&mut out, r.investment_wan);
        out.push(b',');
        push(&mut out, &r.investment);
        out.push(b',');
        push_num(&mut out, r.land_mu);
        out.push(b',');
        push(&mut out, &r.land);
        out.push(b',');
        push(&mut out, &s.id(r.stage));
        out.push(b',');
        push(&mut out, &r.stage_order);
        out.push(b',');
        match next {
            Some(id) => push(&mut out, &id),
            None => push(&mut out, &r.next_label),
        }
        out.push(b',');
        push(&mut out, &r.next_due);
        out.push(b',');
        push(&mut out, &r.light);
        out.push(b',');
        push(&mut out, &s.id(r.light_label));
        out.push(b',');
        push(&mut out, &r.investor);
        // 增资: the original's id as a 19th field, only on such rows.
        if let Some(e) = &r.expands {
            out.push(b',');
            push(&mut out, e);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"],\"s\":");
    push(&mut out, &s.list);
    out.extend_from_slice(b",\"u\":");
    push(&mut out, &units);
    out.extend_from_slice(b"};\n");
    out
}

#[derive(Serialize)]
struct Opt {
    value: String,
    label: String,
}

/// Render `projects/index.html`.
pub fn render(site: &Site) -> Result<(), SiteError> {
    let ledger = &site.checked.ledger;
    let units: Vec<Opt> = ledger
        .units
        .iter()
        .filter(|u| site.rows.iter().any(|r| r.unit == *u.id.get_ref()))
        .map(|u| Opt {
            value: u.id.get_ref().clone(),
            label: u.name.clone(),
        })
        .collect();
    let stages: Vec<Opt> = FUNNEL
        .iter()
        .chain(std::iter::once(&Stage::Terminated))
        .map(|s| Opt {
            value: s.label().into(),
            label: s.label().into(),
        })
        .collect();
    let categories: Vec<Opt> = ledger
        .config
        .categories
        .iter()
        .map(|c| Opt {
            value: c.clone(),
            label: c.clone(),
        })
        .collect();
    // The total row: projects not terminated (JavaScript recomputes it for a filter).
    let live: Vec<_> = site
        .rows
        .iter()
        .filter(|r| r.light != Light::Terminated)
        .collect();
    let mut c = tera::Context::new();
    // A 增资 record adds its investment to the total, not a project to the count.
    c.insert(
        "live_count",
        &live.iter().filter(|r| r.expands.is_none()).count(),
    );
    c.insert(
        "live_investment",
        &wan(live.iter().map(|r| r.investment_wan).sum()),
    );
    c.insert("live_land", &trim(live.iter().map(|r| r.land_mu).sum(), 2));
    let first = &site.rows[..site.rows.len().min(FIRST_PAGE)];
    c.insert("rows", first);
    c.insert("total_rows", &site.rows.len());
    c.insert("units", &units);
    c.insert("stages", &stages);
    c.insert("categories", &categories);
    site.page(
        "ledger.html",
        "projects/index.html",
        "项目台账",
        "projects",
        c,
    )?;
    site.emit("projects/ledger-data.js", data_js(site))
}
