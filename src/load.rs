//! Loading: read `data/` (the only I/O of `check`), decode, parse into typed records.
//!
//! [`read_dir`] does the I/O and returns raw bytes; [`Ledger::parse`] is pure, so tests
//! build ledgers from strings. One bad file never hides the others: every problem
//! becomes a [`Finding`] and the file is left out of the ledger.

use crate::config::Config;
use crate::findings::{Code, Finding, Severity};
use crate::model::{Project, Unit, UnitsFile};
use crate::parse::{decode, parse_toml};
use crate::safe_fs::{self, Kind, Refusal};
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
/// `data/projects`, relative to the root.
pub const PROJECTS_PATH: &str = "data/projects";

/// Why loading could not run at all (exit code 2).
#[derive(Debug)]
pub enum LoadError {
    /// `data/` is missing under the root.
    NoData(PathBuf),
    /// `data/units.toml` is missing.
    NoUnits(PathBuf),
    /// A file or folder could not be read.
    Io(PathBuf, std::io::Error),
    /// `data/` is a link or not a folder: the message says what to do.
    Refused(String),
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
            LoadError::Refused(msg) => f.write_str(msg),
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
    /// `data/targets/*.toml` (年度目标任务), sorted by path.
    pub targets: Vec<RawFile>,
    /// `data/tasks/*.toml` (交办单、工作单), sorted by path.
    pub tasks: Vec<RawFile>,
    /// `.github/CODEOWNERS`, if present.
    pub codeowners: Option<RawFile>,
    /// Files refused before parsing (too large, a link, a special file), files skipped
    /// under `data/projects/` (warnings) and a missing `data/projects/`.
    pub refused: Vec<Finding>,
}

fn rel(root: &Path, p: &Path) -> String {
    let r = p.strip_prefix(root).unwrap_or(p);
    r.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Read one regular file (never a link or a special file, at most [`MAX_FILE_BYTES`]).
fn read_one(root: &Path, path: &Path) -> Result<Result<RawFile, Finding>, LoadError> {
    let relp = rel(root, path);
    match safe_fs::read_regular(path, MAX_FILE_BYTES) {
        Ok(Ok(bytes)) => Ok(Ok(RawFile { path: relp, bytes })),
        Ok(Err(refusal)) => Ok(Err(refused(&relp, refusal))),
        Err(e) => Err(LoadError::Io(path.to_path_buf(), e)),
    }
}

fn refused(relp: &str, refusal: Refusal) -> Finding {
    let code = match refusal {
        Refusal::TooLarge(_) => Code::Parse,
        _ => Code::Path,
    };
    Finding::new(Severity::Error, code, relp, refusal.message(relp))
}

fn kind_of(path: &Path) -> Result<Option<Kind>, LoadError> {
    safe_fs::kind(path).map_err(|e| LoadError::Io(path.to_path_buf(), e))
}

/// A folder under the root that may be absent: `Ok(true)` when it is a real folder to
/// walk; a link or a file there is an error finding.
fn optional_dir(root: &Path, dir: &Path, raw: &mut RawData) -> Result<bool, LoadError> {
    match kind_of(dir)? {
        Some(Kind::Dir) => Ok(true),
        None => Ok(false),
        Some(k) => {
            let relp = rel(root, dir);
            raw.refused.push(refused(&relp, Refusal::NotDir(k)));
            Ok(false)
        }
    }
}

/// Names that editors and systems leave in folders; skipped without a warning.
const IGNORED: &[&str] = &[".gitkeep", ".keep", ".DS_Store", "Thumbs.db", "desktop.ini"];

/// Why a file under `data/projects/` is not read as a record, and what to do; `None`
/// for a record (`*.toml`, not hidden) or a file that is ignored silently.
pub fn skipped_reason(name: &str) -> Option<String> {
    if IGNORED.iter().any(|i| i.eq_ignore_ascii_case(name)) {
        return None;
    }
    if name.starts_with('.') {
        return Some(format!(
            "{name} 以点开头，是隐藏文件，tongbao 不读取它。如果这是项目记录，请去掉文件名开头的点；否则请把它移出 data/projects/"
        ));
    }
    if name.ends_with(".toml") {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    if let Some(stem) = lower
        .strip_suffix(".txt")
        .filter(|s| s.ends_with(".toml"))
        .map(|_| &name[..name.len() - 4])
    {
        let stem = fix_ext(stem);
        return Some(format!(
            "{name} 的扩展名是 .txt（记事本另存时常自动加上），tongbao 只读取 .toml 文件，这条记录没有被检查。请改名为 {stem}（在资源管理器“查看”中勾选“文件扩展名”后重命名；记事本另存为时“保存类型”选“所有文件”）"
        ));
    }
    if lower.ends_with(".toml") {
        return Some(format!(
            "{name} 的扩展名不是小写的 .toml，tongbao 不读取它，这条记录没有被检查。请改名为 {}",
            fix_ext(name)
        ));
    }
    Some(format!(
        "{name} 不是 .toml 文件，tongbao 不读取它。如果这是项目记录，请改名为 <项目编号>.toml；否则请把它移出 data/projects/"
    ))
}

/// `name` with its `.toml` extension in lower case.
fn fix_ext(name: &str) -> String {
    match name.len().checked_sub(5) {
        Some(i) if name.is_char_boundary(i) => format!("{}.toml", &name[..i]),
        _ => format!("{name}.toml"),
    }
}

/// Walk `data/projects/`: records to read, and a finding for every entry that is not
/// read (a warning naming it and saying why) or cannot be (a link or special file).
fn project_paths(
    root: &Path,
    projects: &Path,
    raw: &mut RawData,
) -> Result<Vec<PathBuf>, LoadError> {
    let mut paths = Vec::new();
    let mut walk = walkdir::WalkDir::new(projects)
        .min_depth(1)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = walk.next() {
        let entry = entry.map_err(|e| {
            let p = e.path().unwrap_or(projects).to_path_buf();
            LoadError::Io(p, e.into())
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relp = rel(root, entry.path());
        match Kind::of(entry.file_type()) {
            Kind::File => match skipped_reason(&name) {
                None if name.ends_with(".toml") => paths.push(entry.into_path()),
                None => {}
                Some(why) => {
                    let mut f = Finding::new(Severity::Warning, Code::Path, &relp, why);
                    f.unit = folder_of(&relp);
                    raw.refused.push(f);
                }
            },
            Kind::Dir => {
                if name.starts_with('.') {
                    walk.skip_current_dir();
                    let mut f = Finding::new(
                        Severity::Warning,
                        Code::Path,
                        &relp,
                        format!(
                            "文件夹 {name} 以点开头，是隐藏文件夹，tongbao 不读取其中的记录。单位文件夹请用单位编号命名（如 data/projects/kfq/）"
                        ),
                    );
                    f.unit = folder_of(&relp);
                    raw.refused.push(f);
                }
            }
            k => {
                // Looking where a link points (without opening it) picks the advice.
                let to_dir = k == Kind::Link && entry.path().metadata().is_ok_and(|m| m.is_dir());
                let refusal = if to_dir {
                    Refusal::NotDir(k)
                } else {
                    Refusal::NotRegular(k)
                };
                let mut f = refused(&relp, refusal);
                f.unit = folder_of(&relp);
                raw.refused.push(f);
            }
        }
    }
    Ok(paths)
}

/// The unit folder of a path `data/projects/<unit>/…`.
fn folder_of(relp: &str) -> Option<String> {
    let parts: Vec<&str> = relp.split('/').collect();
    (parts.len() >= 4).then(|| parts[2].to_string())
}

/// Read `data/` under `root`. Fails only when it cannot run (no `data/`, no units file,
/// unreadable files); bad contents are left to [`Ledger::parse`]. Only regular files
/// inside the root are read: a link or special file where a file is expected, and a
/// file under `data/projects/` that is not read, become findings in `refused`.
pub fn read_dir(root: &Path) -> Result<RawData, LoadError> {
    let data = root.join("data");
    match kind_of(&data)? {
        Some(Kind::Dir) => {}
        None => return Err(LoadError::NoData(data)),
        Some(k) => return Err(LoadError::Refused(Refusal::NotDir(k).message("data"))),
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
    if kind_of(&config)?.is_some() {
        raw.config = take(&config, &mut raw)?;
    }
    let units = data.join("units.toml");
    if kind_of(&units)?.is_none() {
        return Err(LoadError::NoUnits(units));
    }
    raw.units = take(&units, &mut raw)?;
    let projects = data.join("projects");
    match kind_of(&projects)? {
        Some(Kind::Dir) => {
            let paths = project_paths(root, &projects, &mut raw)?;
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
        None => raw.refused.push(Finding::new(
            Severity::Error,
            Code::Path,
            PROJECTS_PATH,
            "找不到项目目录 data/projects/，没有检查任何项目记录。请新建这个文件夹，每个单位一个子文件夹，如 data/projects/kfq/（运行 tongbao new <单位编号> <项目名称> 会自动建立）".into(),
        )),
        Some(k) => raw
            .refused
            .push(refused(PROJECTS_PATH, Refusal::NotDir(k))),
    }
    let github = root.join(".github");
    if optional_dir(root, &github, &mut raw)? {
        let owners = github.join("CODEOWNERS");
        if kind_of(&owners)?.is_some() {
            raw.codeowners = take(&owners, &mut raw)?;
        }
    }
    for (folder, ext) in [
        ("bulletins", ".md"),
        ("targets", ".toml"),
        ("tasks", ".toml"),
    ] {
        let dir = data.join(folder);
        if !optional_dir(root, &dir, &mut raw)? {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir)
            .min_depth(1)
            .max_depth(1)
            .follow_links(false)
            .sort_by_file_name()
        {
            let entry = entry.map_err(|e| {
                let p = e.path().unwrap_or(&dir).to_path_buf();
                LoadError::Io(p, e.into())
            })?;
            let name = entry.file_name().to_string_lossy();
            if !name.ends_with(ext) || name.starts_with('.') {
                continue;
            }
            match Kind::of(entry.file_type()) {
                Kind::Dir => {}
                Kind::File => {
                    if let Some(f) = take(entry.path(), &mut raw)? {
                        match folder {
                            "bulletins" => raw.bulletins.push(f),
                            "targets" => raw.targets.push(f),
                            _ => raw.tasks.push(f),
                        }
                    }
                }
                k => raw
                    .refused
                    .push(refused(&rel(root, entry.path()), Refusal::NotRegular(k))),
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

impl Ledger {
    /// Drop every record's source text ([`Source::forget_text`]): for `build`, after
    /// `check` has said every position it needs.
    pub fn forget_record_texts(&mut self) {
        for r in &mut self.records {
            r.source.forget_text();
        }
        for s in &mut self.broken {
            s.forget_text();
        }
    }
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
    /// The config file source, when it parsed (for positions of config findings).
    pub config_source: Source,
    /// Units in file order.
    pub units: Vec<Unit>,
    /// Projects sorted by path.
    pub records: Vec<Record>,
    /// Sources of files that decoded but did not parse (to show their lines).
    pub broken: Vec<Source>,
    /// Editorial texts of the monthly bulletins, by month `YYYY-MM`.
    pub bulletins: std::collections::BTreeMap<String, crate::editorial::Editorial>,
    /// 年度目标任务 `data/targets/<年份>.toml` that parsed, sorted by path.
    pub targets: Vec<crate::targets::Loaded>,
    /// 交办单、工作单 `data/tasks/*.toml` that parsed, sorted by path.
    pub tasks: Vec<crate::tasks::Loaded>,
    /// Each record's change history from Git (set by the caller that read it;
    /// [`crate::gitlog::History::NotRead`] otherwise).
    pub history: crate::gitlog::History,
}

impl Ledger {
    /// Parse raw data. Returns the ledger (with the files that parsed) and the
    /// findings of the files that did not.
    pub fn parse(raw: &RawData) -> (Ledger, Vec<Finding>) {
        Self::parse_owned(raw.clone())
    }

    /// [`Ledger::parse`] taking the raw data: each record's bytes become its text
    /// without a copy.
    pub fn parse_owned(raw: RawData) -> (Ledger, Vec<Finding>) {
        let mut findings = raw.refused.clone();
        let mut ledger = Ledger::default();
        if let Some(f) = &raw.config {
            match decode(f) {
                Ok(src) => match parse_toml::<Config>(&src) {
                    Ok(c) => {
                        ledger.config = c;
                        ledger.config_source = src;
                    }
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
        for f in &raw.targets {
            match decode(f).map_err(|e| (e, None)).and_then(|src| {
                match parse_toml::<crate::targets::TargetsFile>(&src) {
                    Ok(file) => Ok((file, src)),
                    Err(e) => Err((e, Some(src))),
                }
            }) {
                Ok((file, source)) => ledger.targets.push(crate::targets::Loaded {
                    name_year: crate::targets::year_of_name(&f.path),
                    source,
                    file,
                }),
                Err((e, src)) => {
                    findings.push(*e);
                    ledger.broken.extend(src);
                }
            }
        }
        for f in &raw.tasks {
            let stem = f
                .path
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".toml"))
                .unwrap_or_default()
                .to_string();
            match decode(f) {
                Ok(src) => match parse_toml::<crate::tasks::Task>(&src) {
                    Ok(task) => ledger.tasks.push(crate::tasks::Loaded {
                        source: src,
                        stem,
                        task,
                    }),
                    Err(e) => {
                        findings.push(*e);
                        ledger.broken.push(src);
                    }
                },
                Err(e) => findings.push(*e),
            }
        }
        let parsed: Vec<Parsed> = raw.projects.into_par_iter().map(parse_record).collect();
        // A record is over a kilobyte before its strings: grown by doubling, the
        // vector's spare room alone was ~10 MB at 10,000 records.
        ledger.records.reserve_exact(parsed.len());
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

fn parse_record(f: RawFile) -> Parsed {
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
    let src = match crate::parse::decode_owned(f) {
        Ok(s) => s,
        Err(e) => return Parsed::Broken(name(e), None),
    };
    match parse_toml::<Project>(&src) {
        Ok(mut project) => {
            for r in &mut project.reports {
                r.ym = crate::model::parse_month(r.month.get_ref());
            }
            Parsed::Ok(Box::new(Record {
                source: src,
                folder,
                stem,
                project,
            }))
        }
        Err(e) => Parsed::Broken(name(e), Some(src)),
    }
}
