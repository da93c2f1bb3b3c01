//! JSON Schemas of the files people edit (and of `site.json`, which a roll-up reads), derived from the serde types (schemars) with
//! the Chinese doc comments as descriptions, so editors (VS Code with Even Better TOML,
//! via `.taplo.toml`) validate and complete records as people type.

use crate::config::Config;
use crate::model::{Project, UnitsFile};
use schemars::generate::SchemaSettings;

/// (file name, pretty JSON) of every schema, in a fixed order.
pub fn schemas() -> Vec<(&'static str, String)> {
    let generator = || SchemaSettings::draft07().into_generator();
    let render = |mut schema: schemars::Schema| {
        schema.insert("$comment".into(), "由 tongbao schema 生成，请勿手改".into());
        let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
        s.push('\n');
        s
    };
    vec![
        (
            "project.schema.json",
            render(generator().into_root_schema_for::<Project>()),
        ),
        (
            "units.schema.json",
            render(generator().into_root_schema_for::<UnitsFile>()),
        ),
        (
            "config.schema.json",
            render(generator().into_root_schema_for::<Config>()),
        ),
        (
            "targets.schema.json",
            render(generator().into_root_schema_for::<crate::targets::TargetsFile>()),
        ),
        (
            "task.schema.json",
            render(generator().into_root_schema_for::<crate::tasks::Task>()),
        ),
        (
            "rollup.schema.json",
            render(generator().into_root_schema_for::<crate::rollup::config::RollupConfig>()),
        ),
        (
            "site.schema.json",
            render(generator().into_root_schema_for::<crate::rollup::manifest::SiteManifest>()),
        ),
    ]
}
