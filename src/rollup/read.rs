//! Reading the roll-up's inputs: `rollup.toml` and each county's `site.json`,
//! `projects.json` and `findings.json`. The only I/O of the roll-up besides writing;
//! local files only, never the network. Every read goes through [`crate::safe_fs`]: no
//! links, no special files, and at most a capped number of bytes (a huge or endless
//! file is refused before it is read into memory). A file that is missing, malformed,
//! of another format or a newer version, or that does not agree with the others is a
//! Chinese error naming it and saying what to do.

use super::RollupError;
use super::config::{self, RollupConfig};
use super::manifest::{self, SiteManifest};
use super::model::{FindingsIn, ProjectIn};
use crate::safe_fs::{self, Kind, Refusal};
use std::path::{Path, PathBuf};

/// The cap of `site.json` (its tracking list is about 80 bytes a project).
pub const MAX_MANIFEST_BYTES: u64 = 16 * 1024 * 1024;

/// The cap of `projects.json` and `findings.json` (at 10,000 projects they are about 12
/// and 16 MB).
pub const MAX_DATA_BYTES: u64 = 128 * 1024 * 1024;

/// The cap of every county's `projects.json` and `findings.json` together: what the
/// roll-up holds in memory at once (a 省 of 100 counties of 1,000 projects each reads
/// about 300 MB).
pub const MAX_TOTAL_BYTES: u64 = 1024 * 1024 * 1024;

/// The cap of `rollup.toml`.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// What to do when a county's file is unusable.
const REBUILD: &str = "请在该县的台账中用新版 tongbao 重新运行 tongbao build 生成网站，再汇总";

/// One county's inputs as read.
#[derive(Debug, Clone)]
pub struct CountyInput {
    /// The path as given (for messages).
    pub shown: String,
    /// The site folder, canonical.
    pub dir: PathBuf,
    /// Its `site.json`.
    pub manifest: SiteManifest,
    /// Its `projects.json`.
    pub projects: Vec<ProjectIn>,
    /// Its `findings.json`.
    pub findings: FindingsIn,
}

/// Read `<root>/rollup.toml`; `None` when there is none.
pub fn read_config(root: &Path) -> Result<Option<RollupConfig>, RollupError> {
    let path = root.join(config::FILE);
    match safe_fs::read_regular(&path, MAX_CONFIG_BYTES) {
        Ok(Ok(bytes)) => config::parse(bytes).map(Some),
        Ok(Err(refusal)) => Err(RollupError::Config(refused(
            refusal,
            config::FILE,
            MAX_CONFIG_BYTES,
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(RollupError::Config(format!(
            "无法读取 {}：{e}",
            config::FILE
        ))),
    }
}

/// The message of a refused read, with the cap that applies here.
fn refused(refusal: Refusal, rel: &str, cap: u64) -> String {
    match refusal {
        Refusal::TooLarge(size) => format!(
            "{rel} 文件过大{}，超过汇总读取的上限 {} MB，未读取。它不像 tongbao 生成的文件；请确认路径指向该县 tongbao build 生成的网站",
            size.map_or_else(String::new, |n| format!(
                "（{:.1} MB）",
                n as f64 / 1_048_576.0
            )),
            cap / 1_048_576
        ),
        other => other.message(rel),
    }
}

/// `rel` joined to `shown` for messages.
fn show(shown: &str, rel: &str) -> String {
    format!("{}/{rel}", shown.trim_end_matches(['/', '\\']))
}

/// Read a county's built site: `path` is its folder or the `site.json` in it.
/// `budget` is what may still be read of data files in this roll-up ([`MAX_TOTAL_BYTES`]
/// at the start); what this county's files take is subtracted.
pub fn read_county(path: &Path, budget: &mut u64) -> Result<CountyInput, RollupError> {
    let shown = path.display().to_string();
    let kind = safe_fs::kind(path)
        .map_err(|e| RollupError::Input(shown.clone(), format!("无法读取：{e}")))?;
    let (dir, dir_shown, manifest_path) = match kind {
        None => {
            return Err(RollupError::Input(
                shown,
                "找不到这个文件夹或文件。请写该县生成的网站文件夹（含 site.json），或其中 site.json 的路径".into(),
            ));
        }
        Some(Kind::Dir) => (path.to_path_buf(), shown.clone(), path.join(manifest::FILE)),
        Some(Kind::File) => {
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            (
                parent.clone(),
                parent.display().to_string(),
                path.to_path_buf(),
            )
        }
        Some(Kind::Link) => {
            return Err(RollupError::Input(
                shown.clone(),
                Refusal::NotDir(Kind::Link).message(&shown),
            ));
        }
        Some(k) => {
            return Err(RollupError::Input(
                shown.clone(),
                Refusal::NotRegular(k).message(&shown),
            ));
        }
    };
    let manifest_shown = if kind == Some(Kind::File) {
        shown.clone()
    } else {
        show(&dir_shown, manifest::FILE)
    };
    let bytes = match safe_fs::read_regular(&manifest_path, MAX_MANIFEST_BYTES) {
        Ok(Ok(b)) => b,
        Ok(Err(r)) => {
            return Err(RollupError::Input(
                manifest_shown.clone(),
                refused(r, &manifest_shown, MAX_MANIFEST_BYTES),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(RollupError::Input(
                manifest_shown,
                format!(
                    "找不到 site.json：这个文件夹不是 tongbao 生成的县网站，或由尚不生成 site.json 的旧版 tongbao 生成。{REBUILD}"
                ),
            ));
        }
        Err(e) => return Err(RollupError::Input(manifest_shown, format!("无法读取：{e}"))),
    };
    let manifest =
        parse_manifest(&bytes).map_err(|m| RollupError::Input(manifest_shown.clone(), m))?;
    drop(bytes);
    let dir = std::fs::canonicalize(&dir)
        .map_err(|e| RollupError::Input(dir_shown.clone(), format!("无法确定位置：{e}")))?;
    let projects_shown = show(&dir_shown, &manifest.files.projects);
    let projects: Vec<ProjectIn> = parse_json(
        &read_data(&dir, &manifest.files.projects, &projects_shown, budget)?,
        "项目清单",
    )
    .map_err(|m| RollupError::Input(projects_shown.clone(), m))?;
    let findings_shown = show(&dir_shown, &manifest.files.findings);
    let findings: FindingsIn = parse_json(
        &read_data(&dir, &manifest.files.findings, &findings_shown, budget)?,
        "检查结果",
    )
    .map_err(|m| RollupError::Input(findings_shown.clone(), m))?;
    super::model::check_county(&manifest, &projects, &findings).map_err(|(which, msg)| {
        let file = match which {
            super::model::Which::Manifest => manifest_shown.clone(),
            super::model::Which::Projects => projects_shown.clone(),
            super::model::Which::Findings => findings_shown.clone(),
        };
        RollupError::Input(file, format!("{msg}。{REBUILD}"))
    })?;
    Ok(CountyInput {
        shown,
        dir,
        manifest,
        projects,
        findings,
    })
}

/// Read one data file named by the manifest, inside the site folder.
fn read_data(
    dir: &Path,
    name: &str,
    shown: &str,
    budget: &mut u64,
) -> Result<Vec<u8>, RollupError> {
    let cap = MAX_DATA_BYTES.min(*budget);
    match safe_fs::read_regular(&dir.join(name), cap) {
        Ok(Ok(b)) => {
            *budget = budget.saturating_sub(b.len() as u64);
            Ok(b)
        }
        Ok(Err(Refusal::TooLarge(_))) if cap < MAX_DATA_BYTES => Err(RollupError::Input(
            shown.to_string(),
            format!(
                "各县的 projects.json、findings.json 合计超过汇总读取的上限 {} MB，读到这里停止。请分批汇总（如先按市汇总各县，再由省汇总重点项目），或少列几个县",
                MAX_TOTAL_BYTES / 1_048_576
            ),
        )),
        Ok(Err(r)) => Err(RollupError::Input(
            shown.to_string(),
            refused(r, shown, MAX_DATA_BYTES),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(RollupError::Input(
            shown.to_string(),
            format!("找不到（site.json 列出了它）。网站可能没有完整复制过来；{REBUILD}"),
        )),
        Err(e) => Err(RollupError::Input(
            shown.to_string(),
            format!("无法读取：{e}"),
        )),
    }
}

/// A serde_json error in Chinese: where, and what kind.
fn json_error(e: &serde_json::Error, what: &str) -> String {
    use serde_json::error::Category;
    let kind = match e.classify() {
        Category::Eof => "文件不完整（可能被截断）",
        Category::Syntax => "不是有效的 JSON",
        Category::Data => "字段或类型不对",
        Category::Io => "读取出错",
    };
    format!(
        "{kind}，不能作为{what}读取（第 {} 行第 {} 列；原文：{e}）。文件可能被截断或手工改坏了。{REBUILD}",
        e.line(),
        e.column()
    )
}

fn parse_json<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| json_error(&e, what))
}

/// Parse `site.json`: the format and version first (so a newer file says so rather
/// than failing on a field), then the whole manifest.
pub fn parse_manifest(bytes: &[u8]) -> Result<SiteManifest, String> {
    #[derive(serde::Deserialize)]
    struct Header {
        format: Option<serde_json::Value>,
        version: Option<serde_json::Value>,
    }
    let header: Header = parse_json(bytes, "网站清单")?;
    if header.format.as_ref().and_then(|v| v.as_str()) != Some(manifest::FORMAT) {
        return Err(format!(
            "不是 tongbao 的网站清单（format 应为 \"{}\"）。请指定 tongbao build 生成的县网站文件夹或其中的 site.json",
            manifest::FORMAT
        ));
    }
    match header.version.as_ref().and_then(|v| v.as_u64()) {
        Some(v) if v == u64::from(manifest::VERSION) => {}
        Some(v) if v > u64::from(manifest::VERSION) => {
            return Err(format!(
                "格式版本为 {v}，由更新版本的 tongbao 生成；本程序（tongbao {}）只能读取版本 {}。请升级 tongbao 后再汇总",
                env!("CARGO_PKG_VERSION"),
                manifest::VERSION
            ));
        }
        _ => {
            return Err(format!(
                "格式版本（version）应为 {}，而不是 {}。{REBUILD}",
                manifest::VERSION,
                header
                    .version
                    .as_ref()
                    .map_or_else(|| "空".to_string(), |v| v.to_string())
            ));
        }
    }
    parse_json(bytes, "网站清单")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counties_files_share_one_budget() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("projects.json"), b"[]\n[]\n").expect("write");
        let mut budget = 10;
        let bytes = read_data(
            dir.path(),
            "projects.json",
            "甲县/projects.json",
            &mut budget,
        )
        .expect("within the budget");
        assert_eq!((bytes.len(), budget), (6, 4));
        let e = read_data(
            dir.path(),
            "projects.json",
            "乙县/projects.json",
            &mut budget,
        )
        .expect_err("over the budget");
        let msg = e.to_string();
        assert!(msg.starts_with("乙县/projects.json："), "{msg}");
        assert!(
            msg.contains("合计超过汇总读取的上限 1024 MB") && msg.contains("分批汇总"),
            "{msg}"
        );
    }

    #[test]
    fn a_newer_or_foreign_manifest_says_so_before_its_fields() {
        let e = parse_manifest(br#"{"format":"tongbao-site","version":7,"other":1}"#)
            .expect_err("newer");
        assert!(
            e.contains("格式版本为 7") && e.contains("请升级 tongbao"),
            "{e}"
        );
        let e = parse_manifest(br#"{"format":"tongbao-site"}"#).expect_err("no version");
        assert!(e.contains("格式版本（version）应为 1，而不是 空"), "{e}");
        let e = parse_manifest(b"[1, 2").expect_err("truncated");
        assert!(e.contains("文件不完整") && e.contains("第 1 行"), "{e}");
        let e = parse_manifest(br#"{"format":"tongbao-site","version":1}"#).expect_err("fields");
        assert!(e.contains("字段或类型不对"), "{e}");
    }
}
