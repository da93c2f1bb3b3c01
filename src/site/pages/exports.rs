//! Machine-readable exports beside the pages: `projects.json`, `projects.csv`
//! (UTF-8 with BOM so Excel opens it in Chinese) and `findings.json` (the same as
//! `check --format json`).

use crate::report::json;
use crate::site::{Profile, Site, SiteError};
use serde::Serialize;

#[derive(Serialize)]
struct Export<'a> {
    #[serde(flatten)]
    row: &'a crate::site::model::ProjectRow,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_rep: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    service: Option<&'a str>,
}

/// A CSV cell: quoted, quotes doubled, and a leading `= + - @` neutralised so a
/// spreadsheet does not run it as a formula.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Render the exports.
pub fn render(site: &Site) -> Result<Vec<(String, Vec<u8>)>, SiteError> {
    let internal = site.profile == Profile::Internal;
    let ledger = &site.checked.ledger;
    let exports: Vec<Export> = site
        .current
        .items
        .iter()
        .zip(&site.rows)
        .map(|(item, row)| {
            let p = &ledger.records[item.index].project;
            fn personal(internal: bool, v: &Option<String>) -> Option<&str> {
                if internal { v.as_deref() } else { None }
            }
            Export {
                row,
                legal_rep: personal(internal, &p.legal_rep),
                phone: personal(internal, &p.phone),
                contact: personal(internal, &p.contact),
                service: personal(internal, &p.service),
            }
        })
        .collect();
    let json = serde_json::to_string_pretty(&exports)
        .map_err(|e| SiteError::Io("projects.json".into(), e.to_string()))?;

    let mut head = vec![
        "编号",
        "名称",
        "落地单位",
        "招引单位",
        "类别",
        "领域",
        "跟踪级别",
        "总投资（万元）",
        "供地（亩）",
        "阶段",
        "下一期限",
        "灯号",
        "投资企业",
    ];
    if internal {
        head.extend(["法人代表", "联系电话", "项目联系人", "跟踪服务人"]);
    }
    let mut csv = String::from("\u{FEFF}");
    csv.push_str(&head.iter().map(|h| cell(h)).collect::<Vec<_>>().join(","));
    csv.push_str("\r\n");
    for e in &exports {
        let r = e.row;
        let mut cells = vec![
            cell(&r.id),
            cell(&r.name),
            cell(&r.unit_name),
            cell(&r.source_name),
            cell(&r.category),
            cell(&r.sector),
            cell(r.tracking),
            r.investment_wan.to_string(),
            r.land_mu.to_string(),
            cell(r.stage),
            cell(&r.next_label),
            cell(r.light_label),
            cell(&r.investor),
        ];
        if internal {
            for v in [e.legal_rep, e.phone, e.contact, e.service] {
                cells.push(cell(v.unwrap_or("")));
            }
        }
        csv.push_str(&cells.join(","));
        csv.push_str("\r\n");
    }
    let findings = json::render(site.checked.as_of, &site.checked.findings);
    Ok(vec![
        ("projects.json".into(), json.into_bytes()),
        ("projects.csv".into(), csv.into_bytes()),
        ("findings.json".into(), findings.into_bytes()),
    ])
}
