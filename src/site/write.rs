//! Writing the site: into a temporary folder beside the output, swapped in only when
//! complete, so a failed build leaves the previous site untouched.
//!
//! `build --out DIR` replaces DIR as a whole, so [`check_out`] lets it replace only what
//! is safe to lose: a new or empty folder, or an earlier tongbao site (it carries the
//! marker file [`MARKER`]). Both the output and the ledger are compared as canonical
//! paths (symlinks and `..` resolved), so no spelling of `data/`, `templates/`, `.git`,
//! `src/` or the ledger root gets through. [`replace_dir`] holds a lock file beside the
//! output while it writes and swaps, so two builds to the same folder take turns, and
//! removes the temporary folders that killed builds left behind.

use super::{Output, SiteError};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{SyncSender, sync_channel};
use std::thread::JoinHandle;
use xxhash_rust::xxh3::{Xxh3, xxh3_128};

/// The marker file at the top of every built site: an output folder that holds it may be
/// replaced by the next build.
pub const MARKER: &str = ".tongbao-site";

/// The version of the marker format written now. The first line of the marker is
/// `tongbao-site <version>`; a marker of any version marks a tongbao site. Version 2
/// adds one line per file: `<content hash> <size> <inputs hash or -> <path>` (hashes
/// are 32 hex digits of XXH3-128), which the next build reads to reuse what did not
/// change.
pub const MARKER_VERSION: u32 = 2;

/// The top-level entries of a site built before the marker existed: a marker-less
/// `<root>/site` made only of these (with `index.html` and `projects/`) is an old build.
const OLD_SITE: &[&str] = &[
    "404.html",
    // Not in sites built before the marker, but a site whose marker was lost has them.
    "assessment",
    "assessment.csv",
    "assessment.json",
    "bulletins",
    "findings.json",
    "index.html",
    // Not in sites built before the marker, but a site whose marker was lost has them.
    "performance.csv",
    "performance.html",
    "performance.json",
    "projects",
    "projects.csv",
    "projects.json",
    // Not in sites built before the marker, but a site whose marker was lost has it.
    "projects.xlsx",
    "rankings.html",
    // Not in sites built before the marker, but a site whose marker was lost has it.
    "site.json",
    "static",
    // 交办事项 (a ledger with data/tasks/); not in sites built before the marker.
    "tasks",
    "tasks.json",
    "units",
];

/// The folders of the ledger an output may be, contain, or lie inside of none of.
const GUARDED: &[&str] = &["data", "templates", ".git", "src"];

fn io(p: &Path, e: std::io::Error) -> SiteError {
    SiteError::Io(plain(p), e.to_string())
}

/// A path for people: without the `\\?\` prefix Windows puts on canonical paths.
fn plain(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_prefix(r"\\?\") {
        Some(rest) if !rest.starts_with("UNC") => rest.to_string(),
        _ => s,
    }
}

/// What the marker records of one file of a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// XXH3-128 of the file's bytes.
    pub hash: u128,
    /// Its size in bytes.
    pub size: u64,
    /// XXH3-128 of everything the page was made from, if the page kind says
    /// ([`Output::reuse`]): an equal value lets the next build skip rendering it.
    pub inputs: Option<u128>,
}

/// Feed one length-prefixed part into a hash (so `ab`+`c` and `a`+`bc` differ).
pub fn hash_part(h: &mut Xxh3, bytes: &[u8]) {
    h.update(&(bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The content of the marker file for a site of these files, sorted by path.
pub fn marker(entries: &BTreeMap<String, Entry>) -> String {
    let mut out = format!("tongbao-site {MARKER_VERSION}\n");
    for (path, e) in entries {
        let inputs = e
            .inputs
            .map_or_else(|| "-".to_string(), |i| format!("{i:032x}"));
        out.push_str(&format!("{:032x} {} {inputs} {path}\n", e.hash, e.size));
    }
    out
}

/// The file entries of a marker (lines that do not parse are ignored: the file is then
/// simply written again).
pub fn parse_marker(text: &str) -> HashMap<String, Entry> {
    let mut out = HashMap::new();
    for line in text.lines().skip(1) {
        let mut parts = line.splitn(4, ' ');
        let (Some(hash), Some(size), Some(inputs), Some(path)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let hex = |s: &str| {
            (s.len() == 32)
                .then(|| u128::from_str_radix(s, 16).ok())
                .flatten()
        };
        let (Some(hash), Ok(size)) = (hex(hash), size.parse()) else {
            continue;
        };
        let inputs = match inputs {
            "-" => None,
            i => match hex(i) {
                Some(i) => Some(i),
                None => continue,
            },
        };
        out.insert(path.to_string(), Entry { hash, size, inputs });
    }
    out
}

/// Whether `text`, the start of a marker file, is a tongbao marker (of any version).
pub fn is_marker(text: &str) -> bool {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or("");
    first
        .trim_end()
        .strip_prefix("tongbao-site ")
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a marker-less folder listing (name, is a folder) is a site built before the
/// marker existed: only names a build writes, among them `index.html` and `projects/`.
pub fn looks_like_old_site(entries: &[(String, bool)]) -> bool {
    let has = |name: &str, dir: bool| entries.iter().any(|(n, d)| n == name && *d == dir);
    has("index.html", false)
        && has("projects", true)
        && entries.iter().all(|(n, _)| OLD_SITE.contains(&n.as_str()))
}

/// Why replacing the canonical folder `out` would destroy part of the ledger at the
/// canonical `root`, or `None`. `guarded` lists each ledger folder's name and its
/// canonical path(s). Pure: compares paths only.
pub fn clash(out: &Path, root: &Path, guarded: &[(&str, PathBuf)]) -> Option<String> {
    if out == root {
        return Some("就是台账根目录".into());
    }
    if root.starts_with(out) {
        return Some(format!("包含台账根目录 {}", plain(root)));
    }
    for (name, path) in guarded {
        if out == path {
            return Some(format!("就是台账的 {name}/ 目录"));
        }
        if path.starts_with(out) {
            return Some(format!("包含台账的 {name}/ 目录"));
        }
        if out.starts_with(path) {
            return Some(format!("位于台账的 {name}/ 目录之内"));
        }
    }
    None
}

/// An output folder that [`check_out`] found safe to replace (only it makes one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The folder, canonical (its parent exists).
    dir: PathBuf,
    /// The folder as the user wrote it, for messages.
    shown: String,
    /// Whether this is the ledger's default `site/`, where an old marker-less build may
    /// be replaced.
    default_site: bool,
}

impl Target {
    /// The output folder, canonical.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The canonical path of the output folder `out`, which need not exist but whose parent must.
fn resolve(out: &Path, shown: &str) -> Result<PathBuf, SiteError> {
    match fs::symlink_metadata(out) {
        Ok(_) => fs::canonicalize(out).map_err(|e| {
            SiteError::UnsafeOut(format!(
                "{shown} 指向的位置无法确定（{e}），可能是指向不存在位置的快捷方式（符号链接）"
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let missing = || SiteError::OutParentMissing {
                out: shown.to_string(),
                parent: out
                    .parent()
                    .map_or_else(String::new, |p| p.display().to_string()),
            };
            let abs = std::path::absolute(out).map_err(|e| io(out, e))?;
            let (Some(parent), Some(name)) = (abs.parent(), abs.file_name()) else {
                return Err(missing());
            };
            let parent = fs::canonicalize(parent).map_err(|_| missing())?;
            Ok(parent.join(name))
        }
        Err(e) => Err(io(out, e)),
    }
}

/// Check that the build may replace `out`: not the ledger root or anything holding it, not
/// `data/`, `templates/`, `.git` or `src/` (nor inside or around them), and either new,
/// empty, or an earlier tongbao site. Reads the file system; compares canonical paths.
pub fn check_out(root: &Path, out: &Path) -> Result<Target, SiteError> {
    let shown = out.display().to_string();
    let root = fs::canonicalize(root).map_err(|e| io(root, e))?;
    let dir = resolve(out, &shown)?;
    let mut guarded = Vec::new();
    for name in GUARDED {
        let path = root.join(name);
        if let Ok(real) = fs::canonicalize(&path)
            && real != path
        {
            guarded.push((*name, real));
        }
        guarded.push((*name, path));
    }
    if let Some(why) = clash(&dir, &root, &guarded) {
        return Err(SiteError::UnsafeOut(format!("{shown} {why}")));
    }
    let default_site = fs::canonicalize(root.join("site")).is_ok_and(|s| s == dir);
    let target = Target {
        dir,
        shown,
        default_site,
    };
    replaceable(&target)?;
    Ok(target)
}

/// Whether the folder `dir` holds a tongbao marker file (a regular file, not a link).
fn has_marker(dir: &Path) -> bool {
    let path = dir.join(MARKER);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = String::new();
    fs::File::open(&path)
        .and_then(|f| f.take(256).read_to_string(&mut head))
        .is_ok()
        && is_marker(&head)
}

/// Check the target's present state: absent, an empty folder, a marked site, or (at the
/// default `site/`) an old build. Anything else is refused.
fn replaceable(target: &Target) -> Result<(), SiteError> {
    let dir = &target.dir;
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(dir, e)),
    };
    if !meta.is_dir() {
        return Err(SiteError::OutIsFile(target.shown.clone()));
    }
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| io(dir, e))? {
        let entry = entry.map_err(|e| io(dir, e))?;
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        entries.push((entry.file_name().to_string_lossy().to_string(), is_dir));
    }
    if entries.is_empty()
        || has_marker(dir)
        || (target.default_site && looks_like_old_site(&entries))
    {
        return Ok(());
    }
    Err(SiteError::OutNotSite(
        target.shown.clone(),
        format!("不是空目录，也没有 tongbao 网站的标记文件 {MARKER}"),
    ))
}

/// What [`replace_dir`] did besides writing the site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replaced {
    /// Temporary folders of killed or interrupted builds that were removed (their
    /// names; they were beside the output folder).
    pub removed: Vec<String>,
    /// The previous site, renamed aside, that could not be removed (its name, beside
    /// the output folder); the next build removes it.
    pub left: Option<String>,
}

/// Whether `file` is a temporary folder name of a build to `name` (`.NAME.tmp-PID` or
/// `.NAME.old-PID`).
pub fn is_temporary(file: &str, name: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'))
    else {
        return false;
    };
    rest.strip_prefix("tmp-")
        .or_else(|| rest.strip_prefix("old-"))
        .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

/// A site being written: a temporary folder `.NAME.tmp-PID` beside the output, under
/// the lock file `.NAME.tongbao-lock` (so two builds to the same folder take turns; as
/// every build writes its temporary folders only under that lock, the ones found on
/// taking it belong to dead builds and are removed). Pages are written as they are
/// rendered ([`Output`]), so the whole site is never held in memory. [`Staging::commit`]
/// swaps it in; dropping it uncommitted (a failed build) removes it and leaves the
/// previous site untouched.
///
/// Incremental: the previous site's marker says each file's content hash, size and
/// inputs hash. A file whose new content (or, for [`Output::reuse`], whose inputs) are
/// the same is hard-linked from the previous site instead of written (or rendered).
pub struct Staging {
    shown: String,
    out: PathBuf,
    parent: PathBuf,
    name: String,
    tmp: PathBuf,
    lock: Option<fs::File>,
    previous: HashMap<String, Entry>,
    /// Folders of the previous site (relative) and whether they are real folders inside
    /// it, not links to elsewhere: asked once per folder.
    real_dirs: Mutex<HashMap<String, bool>>,
    writer: Option<Writer>,
    entries: Mutex<BTreeMap<String, Entry>>,
    linked: AtomicUsize,
    written: AtomicUsize,
    committed: bool,
    /// Temporary folders of killed or interrupted builds that were removed.
    pub removed: Vec<String>,
}

/// How many files a build wrote and how many it took unchanged from the previous site.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Files written.
    pub written: usize,
    /// Files linked unchanged from the previous site (content or inputs the same).
    pub reused: usize,
}

impl Staging {
    /// Take the lock, remove dead builds' temporary folders, check the target again and
    /// create the temporary folder. With `reuse`, read the previous site's marker.
    pub fn begin(target: &Target, reuse: bool) -> Result<Staging, SiteError> {
        let out = &target.dir;
        let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else {
            return Err(SiteError::UnsafeOut(format!(
                "{} 是文件系统的根目录",
                target.shown
            )));
        };
        let name = name.to_string_lossy().to_string();
        let lock_path = parent.join(format!(".{name}.tongbao-lock"));
        let lock = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| io(&lock_path, e))?;
        lock.lock().map_err(|e| io(&lock_path, e))?;
        let mut removed = Vec::new();
        for entry in fs::read_dir(parent).map_err(|e| io(parent, e))? {
            let entry = entry.map_err(|e| io(parent, e))?;
            let file = entry.file_name().to_string_lossy().to_string();
            if is_temporary(&file, &name) {
                let path = entry.path();
                fs::remove_dir_all(&path).map_err(|e| io(&path, e))?;
                removed.push(file);
            }
        }
        removed.sort();
        replaceable(target)?;
        let previous = if reuse {
            read_marker(out)
        } else {
            HashMap::new()
        };
        let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        fs::create_dir(&tmp).map_err(|e| io(&tmp, e))?;
        Ok(Staging {
            shown: target.shown.clone(),
            out: out.clone(),
            parent: parent.to_path_buf(),
            name,
            tmp,
            lock: Some(lock),
            previous,
            real_dirs: Mutex::new(HashMap::new()),
            writer: Some(Writer::start()),
            entries: Mutex::new(BTreeMap::new()),
            linked: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
            committed: false,
            removed,
        })
    }

    /// Hand a job to the writer thread (an error it met earlier is returned now).
    fn send(&self, job: Job) -> Result<(), SiteError> {
        let w = self.writer.as_ref().ok_or_else(|| io(&self.tmp, gone()))?;
        if w.tx.send(job).is_err() {
            // The writer stopped on an error: say it.
            return Err(w.failure().unwrap_or_else(|| io(&self.tmp, gone())));
        }
        Ok(())
    }

    /// Link `rel` from the previous site if it is there as recorded; `false` if not.
    fn link_previous(&self, rel: &str, entry: &Entry) -> Result<bool, SiteError> {
        let old = self.out.join(rel);
        if !self.real_dir_of(rel)
            || !fs::symlink_metadata(&old).is_ok_and(|m| m.is_file() && m.len() == entry.size)
        {
            return Ok(false);
        }
        self.send(Job::Link(old, self.tmp.join(rel)))?;
        self.linked.fetch_add(1, Ordering::Relaxed);
        self.record(rel, *entry);
        Ok(true)
    }

    /// Whether the folder holding `rel` in the previous site is that site's own folder
    /// (a folder replaced by a link to elsewhere would otherwise lend its files).
    fn real_dir_of(&self, rel: &str) -> bool {
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        let mut known = self.real_dirs.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ok) = known.get(dir) {
            return *ok;
        }
        let ok = fs::canonicalize(self.out.join(dir)).is_ok_and(|real| real == self.out.join(dir));
        known.insert(dir.to_string(), ok);
        ok
    }

    fn record(&self, rel: &str, entry: Entry) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), entry);
    }

    /// Write the marker, swap the temporary folder in (the previous site renamed aside
    /// to `.NAME.old-PID`, then removed) and release the lock.
    pub fn commit(mut self) -> Result<(Replaced, Counts), SiteError> {
        if let Some(w) = self.writer.take() {
            w.finish()?;
        }
        let entries = std::mem::take(&mut *self.entries.lock().unwrap_or_else(|e| e.into_inner()));
        let path = self.tmp.join(MARKER);
        fs::write(&path, marker(&entries)).map_err(|e| io(&path, e))?;
        let pid = std::process::id();
        let old = self.parent.join(format!(".{}.old-{pid}", self.name));
        let mut done = Replaced {
            removed: std::mem::take(&mut self.removed),
            left: None,
        };
        let existed = fs::symlink_metadata(&self.out).is_ok();
        if existed {
            fs::rename(&self.out, &old).map_err(|e| io(&self.out, e))?;
        }
        if let Err(e) = fs::rename(&self.tmp, &self.out) {
            // Put the previous site back.
            if existed {
                let _ = fs::rename(&old, &self.out);
            }
            return Err(io(&self.out, e));
        }
        self.committed = true;
        if existed && fs::remove_dir_all(&old).is_err() {
            done.left = Some(format!(".{}.old-{pid}", self.name));
        }
        let counts = Counts {
            written: self.written.load(Ordering::Relaxed),
            reused: self.linked.load(Ordering::Relaxed),
        };
        drop(self.lock.take());
        Ok((done, counts))
    }
}

impl Drop for Staging {
    /// An uncommitted build leaves nothing behind.
    fn drop(&mut self) {
        if let Some(w) = self.writer.take() {
            let _ = w.finish();
        }
        if !self.committed {
            let _ = fs::remove_dir_all(&self.tmp);
        }
    }
}

impl Output for Staging {
    fn put(&self, rel: &str, bytes: Vec<u8>, inputs: Option<u128>) -> Result<(), SiteError> {
        let entry = Entry {
            hash: xxh3_128(&bytes),
            size: bytes.len() as u64,
            inputs,
        };
        if let Some(prev) = self.previous.get(rel)
            && (prev.hash, prev.size) == (entry.hash, entry.size)
            && self.link_previous(rel, &entry)?
        {
            return Ok(());
        }
        self.send(Job::Write(self.tmp.join(rel), bytes))?;
        self.written.fetch_add(1, Ordering::Relaxed);
        self.record(rel, entry);
        Ok(())
    }

    fn reuse(&self, rel: &str, inputs: u128) -> Result<bool, SiteError> {
        match self.previous.get(rel) {
            Some(prev) if prev.inputs == Some(inputs) => self.link_previous(rel, prev),
            _ => Ok(false),
        }
    }
}

impl std::fmt::Debug for Staging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Staging({} → {})", self.tmp.display(), self.shown)
    }
}

/// What the writer thread does: write a file, or take one over from the previous site.
enum Job {
    Write(PathBuf, Vec<u8>),
    /// Hard-link (else copy) the previous site's file to the new place.
    Link(PathBuf, PathBuf),
}

fn gone() -> std::io::Error {
    std::io::Error::other("写入线程已停止")
}

/// One thread that creates every file: renderers on all cores hand it pages through a
/// short queue (at most [`QUEUE`] pages wait, so memory stays bounded). Creating files
/// in one folder from several threads makes them wait on the folder's lock in the
/// kernel, spinning; one writer keeps the other cores rendering.
struct Writer {
    tx: SyncSender<Job>,
    handle: JoinHandle<Result<(), SiteError>>,
    error: std::sync::Arc<Mutex<Option<SiteError>>>,
}

/// Pages that may wait for the writer.
const QUEUE: usize = 256;

impl Writer {
    fn start() -> Writer {
        let (tx, rx) = sync_channel::<Job>(QUEUE);
        let error = std::sync::Arc::new(Mutex::new(None));
        let seen = error.clone();
        let handle = std::thread::spawn(move || {
            let mut made: HashSet<PathBuf> = HashSet::new();
            let mut dir_for = |path: &Path| -> Result<(), SiteError> {
                if let Some(dir) = path.parent()
                    && !made.contains(dir)
                {
                    fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
                    made.insert(dir.to_path_buf());
                }
                Ok(())
            };
            for job in rx {
                let done = match job {
                    Job::Write(path, bytes) => dir_for(&path)
                        .and_then(|()| fs::write(&path, bytes).map_err(|e| io(&path, e))),
                    Job::Link(old, path) => dir_for(&path).and_then(|()| {
                        fs::hard_link(&old, &path)
                            .or_else(|_| fs::copy(&old, &path).map(|_| ()))
                            .map_err(|e| io(&path, e))
                    }),
                };
                if let Err(e) = done {
                    *seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.clone());
                    // Dropping the receiver makes every later send fail.
                    return Err(e);
                }
            }
            Ok(())
        });
        Writer { tx, handle, error }
    }

    /// The error that stopped the writer, if any.
    fn failure(&self) -> Option<SiteError> {
        self.error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Wait for every queued job.
    fn finish(self) -> Result<(), SiteError> {
        drop(self.tx);
        match self.handle.join() {
            Ok(r) => r,
            Err(_) => Err(SiteError::Io("site".into(), "写入线程意外退出".into())),
        }
    }
}

/// The previous site's marker entries (none if it has no readable marker, an old
/// version, or the folder is absent). At most 64 MiB is read.
fn read_marker(out: &Path) -> HashMap<String, Entry> {
    let path = out.join(MARKER);
    if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
        return HashMap::new();
    }
    let mut text = String::new();
    if fs::File::open(&path)
        .and_then(|f| f.take(64 << 20).read_to_string(&mut text))
        .is_err()
        || !is_marker(&text)
    {
        return HashMap::new();
    }
    parse_marker(&text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_of_any_version_is_recognised() {
        assert!(is_marker(&marker(&BTreeMap::new())));
        assert!(is_marker("tongbao-site 1\n"));
        assert!(is_marker(
            "\u{feff}tongbao-site 2\r\nsha256 abc index.html\n"
        ));
        assert!(!is_marker(""));
        assert!(!is_marker("tongbao-site\n"));
        assert!(!is_marker("tongbao-site x\n"));
        assert!(!is_marker("# my notes\ntongbao-site 1\n"));
    }

    #[test]
    fn an_old_site_is_made_only_of_build_outputs() {
        let e = |list: &[(&str, bool)]| -> Vec<(String, bool)> {
            list.iter().map(|(n, d)| (n.to_string(), *d)).collect()
        };
        let old = [
            ("index.html", false),
            ("projects", true),
            ("static", true),
            ("rankings.html", false),
        ];
        assert!(looks_like_old_site(&e(&old)));
        let mut more = old.to_vec();
        more.push(("README.md", false));
        assert!(!looks_like_old_site(&e(&more)));
        assert!(!looks_like_old_site(&e(&[("index.html", false)])));
        assert!(!looks_like_old_site(&e(&[
            ("index.html", false),
            ("projects", false)
        ])));
    }

    #[test]
    fn the_ledger_clashes_however_it_is_reached() {
        let root = PathBuf::from("/x/county");
        let guarded: Vec<(&str, PathBuf)> = vec![
            ("data", PathBuf::from("/elsewhere/data")),
            ("data", root.join("data")),
            (".git", root.join(".git")),
        ];
        let c = |out: &str| clash(Path::new(out), &root, &guarded);
        assert_eq!(c("/x/county"), Some("就是台账根目录".into()));
        assert_eq!(c("/x"), Some("包含台账根目录 /x/county".into()));
        assert_eq!(c("/x/county/data"), Some("就是台账的 data/ 目录".into()));
        assert_eq!(c("/elsewhere"), Some("包含台账的 data/ 目录".into()));
        assert_eq!(
            c("/elsewhere/data/site"),
            Some("位于台账的 data/ 目录之内".into())
        );
        assert_eq!(
            c("/x/county/.git/site"),
            Some("位于台账的 .git/ 目录之内".into())
        );
        assert_eq!(c("/x/county/site"), None);
        assert_eq!(c("/x/county/database"), None);
        assert_eq!(c("/x/other"), None);
    }

    #[test]
    fn paths_for_people_lose_the_windows_verbatim_prefix() {
        assert_eq!(plain(Path::new(r"\\?\C:\台账\site")), r"C:\台账\site");
        assert_eq!(
            plain(Path::new(r"\\?\UNC\server\share")),
            r"\\?\UNC\server\share"
        );
        assert_eq!(plain(Path::new("/x/site")), "/x/site");
    }

    #[test]
    fn only_this_outputs_temporary_folders_are_ours() {
        assert!(is_temporary(".site.tmp-123", "site"));
        assert!(is_temporary(".site.old-9", "site"));
        assert!(!is_temporary(".site.tmp-", "site"));
        assert!(!is_temporary(".site.tmp-12a", "site"));
        assert!(!is_temporary(".docs.tmp-12", "site"));
        assert!(!is_temporary(".site.tongbao-lock", "site"));
        assert!(!is_temporary("site.tmp-12", "site"));
        assert!(!is_temporary(".site.v2.tmp-12", "site"));
        assert!(is_temporary(".site.v2.tmp-12", "site.v2"));
    }
}
