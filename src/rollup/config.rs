//! `rollup.toml`: the 市/省 repository's list of counties and its options. Every key may
//! be left out; the command line's values win over the file's.
//!
//! ```toml
//! name = "黔州市"          # 页面标题中的名称
//! level = "市"             # 省、市 或 县：取哪一级的门槛
//!
//! [thresholds]             # 万元，含本数；不写取默认值
//! province_wan = 100000    # 省级重点跟踪：10 亿元
//! city_wan = 50000         # 市级：5 亿元
//! county_wan = 10000       # 县级：1 亿元
//!
//! [[county]]
//! name = "青岚县"                          # 不写则取该县 site.json 的 county
//! path = "counties/qinglan"                # 该县生成的网站文件夹（或其中的 site.json），相对本文件
//! url = "https://example.gov.cn/qinglan/"  # 该县网站的发布地址；不写则链接到本地文件夹
//! ```

use super::{Level, RollupError};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

/// The configuration file's name, at the top of `--root`.
pub const FILE: &str = "rollup.toml";

/// `rollup.toml`：市、省汇总仓库的县清单和选项（tongbao rollup）。每项都可省略，命令行写了的以命令行为准。
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RollupConfig {
    /// 市、省的名称，写在页面标题中，如 "黔州市"。
    pub name: Option<String>,
    /// 汇总哪一级重点跟踪项目："省"（10 亿元及以上）、"市"（5 亿元，默认）或 "县"（1 亿元）。
    #[serde(deserialize_with = "level")]
    #[schemars(with = "Option<LevelName>")]
    pub level: Option<Level>,
    /// 各级门槛（万元，含本数）。
    pub thresholds: Thresholds,
    /// 各县，按写的先后排列：每县一段 [[county]]。
    pub county: Vec<CountyEntry>,
}

/// The names `level` accepts (for the schema only; [`level`] parses them).
#[derive(JsonSchema)]
#[allow(dead_code)]
enum LevelName {
    /// 省级：单个合同投资额 10 亿元及以上。
    #[serde(rename = "省")]
    Province,
    /// 市级：5 亿元及以上。
    #[serde(rename = "市")]
    City,
    /// 县级：1 亿元及以上。
    #[serde(rename = "县")]
    County,
}

/// `[thresholds]`：各级重点跟踪门槛（万元，含本数；默认取贵州 一：10 亿、5 亿、1 亿元）。
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// 省级重点跟踪门槛（万元，默认 100000 即 10 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub province_wan: f64,
    /// 市级门槛（万元，默认 50000 即 5 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub city_wan: f64,
    /// 县级门槛（万元，默认 10000 即 1 亿元）。
    #[serde(deserialize_with = "wan")]
    #[schemars(range(min = 0, max = 1e8))]
    pub county_wan: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            province_wan: 100_000.0,
            city_wan: 50_000.0,
            county_wan: 10_000.0,
        }
    }
}

/// `[[county]]`：一个县。
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CountyEntry {
    /// 县名；不写则取该县 site.json 的 county。
    #[serde(default)]
    pub name: Option<String>,
    /// 该县生成的网站文件夹（或其中的 site.json），相对 rollup.toml 所在目录。
    pub path: String,
    /// 该县网站的发布地址（http 或 https）；写了则链接到这里，不写则链接到本地文件夹。
    #[serde(default)]
    pub url: Option<String>,
}

fn level<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Level>, D::Error> {
    let s = String::deserialize(d)?;
    Level::from_name(&s).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "level 只能是 \"省\"、\"市\" 或 \"县\"，不是 \"{s}\""
        ))
    })
}

fn wan<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if v.is_finite() && (0.0..=1e8).contains(&v) {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "门槛须是 0 到 100000000 之间的万元数（10 亿元写 100000），不是 {v}"
        )))
    }
}

/// Parse `rollup.toml` (its bytes): a Chinese error with the line on a mistake.
pub fn parse(bytes: Vec<u8>) -> Result<RollupConfig, RollupError> {
    let raw = crate::load::RawFile {
        path: FILE.into(),
        bytes,
    };
    let src = crate::parse::decode_owned(raw)
        .map_err(|f| RollupError::Config(format!("{FILE}：{}", f.message)))?;
    crate::parse::parse_toml::<RollupConfig>(&src)
        .map_err(|f| RollupError::Config(format!("{FILE}:{}：{}", f.line, f.message)))
}

/// Whether a county's published address is acceptable: http or https, nothing that a
/// browser would run.
pub fn valid_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && lower.len() > "https://".len()
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_parses_and_defaults_fill_the_rest() {
        let c = parse(
            "name = \"黔州市\"\nlevel = \"省\"\n[[county]]\npath = \"a\"\nurl = \"https://x.cn/a/\"\n"
                .as_bytes()
                .to_vec(),
        )
        .expect("parse");
        assert_eq!(c.name.as_deref(), Some("黔州市"));
        assert_eq!(c.level, Some(Level::Province));
        assert_eq!(c.thresholds, Thresholds::default());
        assert_eq!(c.county.len(), 1);
        assert_eq!(c.county[0].url.as_deref(), Some("https://x.cn/a/"));
    }

    #[test]
    fn mistakes_are_said_in_chinese_with_the_line() {
        let e = parse(b"level = \"\xe9\x83\xa1\"\n".to_vec()).expect_err("bad level");
        assert!(e.to_string().contains("只能是"), "{e}");
        assert!(e.to_string().starts_with("rollup.toml:1"), "{e}");
        let e = parse(b"[thresholds]\ncity_wan = -1\n".to_vec()).expect_err("negative");
        assert!(e.to_string().contains("门槛"), "{e}");
        let e = parse(b"[[county]]\nname = \"a\"\n".to_vec()).expect_err("no path");
        assert!(e.to_string().contains("path"), "{e}");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(valid_url("https://example.gov.cn/qinglan/"));
        assert!(valid_url("http://10.0.0.1/site"));
        assert!(!valid_url("javascript:alert(1)"));
        assert!(!valid_url("file:///etc/passwd"));
        assert!(!valid_url("https://"));
        assert!(!valid_url("https://a\" onclick=\"x"));
    }
}
