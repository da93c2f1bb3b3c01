//! Loading: read `data/` (the only I/O of `check`), decode, parse into typed records.
//!
//! [`read_dir`] does the I/O and returns raw bytes; [`Ledger::parse`] is pure, so tests
//! build ledgers from strings. One bad file never hides the others: every problem
//! becomes a [`Finding`] and the file is left out of the ledger.

use crate::config::Config;
use crate::findings::{Code, Finding, Severity};
use crate::model::{Project, Unit, UnitsFile};
use crate::parse::{decode, parse_toml};
use crate::source::Source;
use rayon::prelude::*;
use std::fmt;
use std::path::{Path, PathBuf};

/// Files larger than this are refused (a record is a few KB).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// `data/config.toml`, relative to the root.
pub const CONFIG_PATH: &str = "data/config.toml";
/// `data/units.toml`, relative to the root.
pub const UNITS_PATH: &str = "data/units.toml";

/// Why loading could not run at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// `data/` is missing under the root.
    NoData(PathBuf),
    /// `data/units.toml` is missing.
    NoUnits(PathBuf),
    /// A file or folder could not be read.
    Io(PathBuf, std::io::Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::NoData(p) => write!(
                f,
                "找不到台账目录 {}。请在台账仓库的根目录运行，或用 --root 指定含 data/ 的目录",
                p.display()
            ),
            LoadError::NoUnits(p) => write!(
                f,
                "找不到单位清单 {}。请先建立 data/units.toml，列出各区块、乡镇、部门（[[unit]]）",
                p.display()
            ),
            LoadError::Io(p, e) => write!(f, "无法读取 {}：{e}。请检查文件权限", p.display()),
        }
    }
}

impl std::error::Error for LoadError {}

/// A raw file: its path relative to the root (`/` separators) and its bytes, or the
/// finding that stopped it from being read (e.g. too large).
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Relative path.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Everything under `data/` that `check` reads.
#[derive(Debug, Clone, Default)]
pub struct RawData {
    /// `data/config.toml`, if present.
    pub config: Option<RawFile>,
    /// `data/units.toml`.
    pub units: Option<RawFile>,
    /// `data/projects/**.toml`, sorted by path.
    pub projects: Vec<RawFile>,
    /// `data/bulletins/*.md`, sorted by path.
    pub bulletins: Vec<RawFile>,
    /// `.github/CODEOWNERS`, if present.
    pub codeowners: Option<RawFile>,
    /// Files refused before parsing (too large).
    pub refused: Vec<Finding>,
}

fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn read_one(root: &Path, path: &Path) -> Result<Result<RawFile, Finding>, LoadError> {
    let relp = rel(root, path);
    let meta = std::fs::metadata(path).map_err(|e| LoadError::Io(path.to_path_buf(), e))?;
    if meta.len() > MAX_FILE_BYTES {
        return Ok(Err(Finding::new(
            Severity::Error,
            Code::Parse,
            &relp,
            format!(
                "文件过大（{:.1} MB），一条台账记录通常只有几 KB，上限 1 MB。请检查是否误存了其他内容，或把附件放到仓库外",
                meta.len() as f64 / 1_048_576.0
            ),
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| LoadError::Io(path.to_path_buf(), e))?;
    Ok(Ok(RawFile { path: relp, bytes }))
}

/// Read `data/` under `root`. Fails only when it cannot run (no `data/`, no units file,
/// unreadable files); bad contents are left to [`Ledger::parse`].
pub fn read_dir(root: &Path) -> Result<RawData, LoadError> {
    let data = root.join("data");
    if !data.is_dir() {
        return Err(LoadError::NoData(data));
    }
    let mut raw = RawData::default();
    let take = |p: &Path, raw: &mut RawData| -> Result<Option<RawFile>, LoadError> {
        Ok(match read_one(root, p)? {
            Ok(f) => Some(f),
            Err(finding) => {
                raw.refused.push(finding);
                None
            }
        })
    };
    let config = data.join("config.toml");
    if config.exists() {
        raw.config = take(&config, &mut raw)?;
    }
    let units = data.join("units.toml");
    if !units.exists() {
        return Err(LoadError::NoUnits(units));
    }
    raw.units = take(&units, &mut raw)?;
    let projects = data.join("projects");
    if projects.is_dir() {
        let mut paths = Vec::new();
        for entry in walkdir::WalkDir::new(&projects).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                let p = e.path().unwrap_or(&projects).to_path_buf();
                LoadError::Io(p, e.into())
            })?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.ends_with(".toml") && !name.starts_with('.') {
                paths.push(entry.into_path());
            }
        }
        let files: Vec<_> = paths
            .par_iter()
            .map(|p| read_one(root, p))
            .collect::<Result<_, _>>()?;
        for f in files {
            match f {
                Ok(f) => raw.projects.push(f),
                Err(finding) => raw.refused.push(finding),
            }
        }
    }
    let owners = root.join(".github").join("CODEOWNERS");
    if owners.is_file() {
        raw.codeowners = take(&owners, &mut raw)?;
    }
    let bulletins = data.join("bulletins");
    if bulletins.is_dir() {
        for entry in walkdir::WalkDir::new(&bulletins)
            .max_depth(1)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| {
                let p = e.path().unwrap_or(&bulletins).to_path_buf();
                LoadError::Io(p, e.into())
            })?;
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file()
                && name.ends_with(".md")
                && !name.starts_with('.')
                && let Some(f) = take(entry.path(), &mut raw)?
            {
                raw.bulletins.push(f);
            }
        }
    }
    Ok(raw)
}

/// A parsed project record with where it came from.
#[derive(Debug, Clone)]
pub struct Record {
    /// The source file (path and text, for positions).
    pub source: Source,
    /// The unit folder the file sits in (`data/projects/<unit>/…`), if any.
    pub folder: Option<String>,
    /// The file stem.
    pub stem: String,
    /// The record.
    pub project: Project,
}

impl Record {
    /// Project id.
    pub fn id(&self) -> &str {
        self.project.id.get_ref()
    }
}

/// The parsed ledger: config, units and every project that parsed.
#[derive(Debug, Clone, Default)]
pub struct Ledger {
    /// The config (defaults where absent or invalid).
    pub config: Config,
    /// The units file source (for positions).
    pub units_source: Source,
    /// Units in file order.
    pub units: Vec<Unit>,
    /// Projects sorted by path.
    pub records: Vec<Record>,
    /// Sources of files that decoded but did not parse (to show their lines).
    pub broken: Vec<Source>,
    /// Editorial texts of the monthly bulletins, by month `YYYY-MM`.
    pub bulletins: std::collections::BTreeMap<String, crate::editorial::Editorial>,
}

impl Ledger {
    /// Parse raw data. Returns the ledger (with the files that parsed) and the
    /// findings of the files that did not.
    pub fn parse(raw: &RawData) -> (Ledger, Vec<Finding>) {
        let mut findings = raw.refused.clone();
        let mut ledger = Ledger::default();
        if let Some(f) = &raw.config {
            match decode(f) {
                Ok(src) => match parse_toml::<Config>(&src) {
                    Ok(c) => ledger.config = c,
                    Err(e) => {
                        findings.push(*e);
                        ledger.broken.push(src);
                    }
                },
                Err(e) => findings.push(*e),
            }
        }
        if let Some(f) = &raw.units {
            match decode(f) {
                Ok(src) => {
                    match parse_toml::<UnitsFile>(&src) {
                        Ok(u) => {
                            ledger.units = u.unit.into_iter().map(|s| s.into_inner()).collect()
                        }
                        Err(e) => findings.push(*e),
                    }
                    ledger.units_source = src;
                }
                Err(e) => findings.push(*e),
            }
        }
        for f in &raw.bulletins {
            match decode(f)
                .map_err(|e| vec![*e])
                .and_then(|src| crate::editorial::parse(&src))
            {
                Ok(e) => {
                    findings.extend(e.findings.iter().cloned());
                    ledger.bulletins.insert(e.month.clone(), e);
                }
                Err(fs) => findings.extend(fs),
            }
        }
        let parsed: Vec<Parsed> = raw.projects.par_iter().map(parse_record).collect();
        for r in parsed {
            match r {
                Parsed::Ok(rec) => ledger.records.push(*rec),
                Parsed::Broken(e, src) => {
                    findings.push(*e);
                    ledger.broken.extend(src);
                }
            }
        }
        (ledger, findings)
    }

    /// Look a unit up by id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id.get_ref() == id)
    }
}

enum Parsed {
    Ok(Box<Record>),
    Broken(Box<Finding>, Option<Source>),
}

fn parse_record(f: &RawFile) -> Parsed {
    let parts: Vec<&str> = f.path.split('/').collect();
    // data/projects/<unit>/<id>.toml
    let folder = (parts.len() == 4).then(|| parts[2].to_string());
    let stem = parts
        .last()
        .map(|n| n.trim_end_matches(".toml").to_string())
        .unwrap_or_default();
    let name = |mut e: Box<Finding>| {
        e.project = Some(stem.clone());
        e.unit = folder.clone();
        e
    };
    let src = match decode(f) {
        Ok(s) => s,
        Err(e) => return Parsed::Broken(name(e), None),
    };
    match parse_toml::<Project>(&src) {
        Ok(project) => Parsed::Ok(Box::new(Record {
            source: src,
            folder,
            stem,
            project,
        })),
        Err(e) => Parsed::Broken(name(e), Some(src)),
    }
}
