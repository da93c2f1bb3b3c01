//! Reading and writing only regular files inside the ledger root.
//!
//! Git can commit a symlink, so a pull request can put `data/config.toml ->
//! /proc/self/environ` or `templates/static/style.css -> ~/.ssh/id_rsa` where the tool
//! expects a file; a FIFO or a device (`/dev/zero`) can stand there too. Nothing here
//! follows a link or opens anything but a regular file, reads stop at the size cap
//! (cap + 1 bytes are read, whatever the metadata says), and writes replace only a
//! regular file, through a temporary file and a rename (a rename replaces a link, it
//! never writes through it).

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// What a path is, without following a symlink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A regular file.
    File,
    /// A folder.
    Dir,
    /// A symbolic link (or a Windows junction reported as one).
    Link,
    /// A named pipe (FIFO): opening it waits for a writer forever.
    Fifo,
    /// A socket.
    Socket,
    /// A block or character device (`/dev/zero` never ends).
    Device,
    /// Anything else.
    Other,
}

impl Kind {
    /// The kind of a file type (from `symlink_metadata`).
    pub fn of(t: fs::FileType) -> Kind {
        if t.is_symlink() {
            return Kind::Link;
        }
        if t.is_file() {
            return Kind::File;
        }
        if t.is_dir() {
            return Kind::Dir;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_fifo() {
                return Kind::Fifo;
            }
            if t.is_socket() {
                return Kind::Socket;
            }
            if t.is_block_device() || t.is_char_device() {
                return Kind::Device;
            }
        }
        Kind::Other
    }

    /// Chinese name.
    pub fn label(self) -> &'static str {
        match self {
            Kind::File => "普通文件",
            Kind::Dir => "文件夹",
            Kind::Link => "符号链接（快捷方式）",
            Kind::Fifo => "命名管道（FIFO）",
            Kind::Socket => "套接字",
            Kind::Device => "设备文件",
            Kind::Other => "特殊文件",
        }
    }
}

/// The kind of `path` without following a link; `None` when nothing is there.
pub fn kind(path: &Path) -> io::Result<Option<Kind>> {
    match fs::symlink_metadata(path) {
        Ok(m) => Ok(Some(Kind::of(m.file_type()))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Why a file was not read or written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a regular file where one is expected.
    NotRegular(Kind),
    /// Not a real folder where one is expected (a link, a file).
    NotDir(Kind),
    /// Larger than the cap; the size when the metadata told it.
    TooLarge(Option<u64>),
}

impl Refusal {
    /// What is wrong with `rel` (a path relative to the root) and what to do, in Chinese.
    pub fn message(self, rel: &str) -> String {
        match self {
            Refusal::NotRegular(Kind::Link) | Refusal::NotDir(Kind::Link) => format!(
                "{rel} 是{}，不是真正的{}。tongbao 不跟随链接读写，以免借链接读出、发布或改写仓库外的文件。请删除这个链接，换成真正的{}",
                Kind::Link.label(),
                what(self),
                what(self)
            ),
            Refusal::NotRegular(Kind::Dir) => {
                format!("{rel} 是文件夹，不是文件。请把它换成文件（或移走这个文件夹）")
            }
            Refusal::NotRegular(k) | Refusal::NotDir(k) => format!(
                "{rel} 不是{}，而是{}，tongbao 不打开它（读取会卡住或读出无穷的数据）。请删除它，换成真正的{}",
                if matches!(self, Refusal::NotDir(_)) {
                    "文件夹"
                } else {
                    "普通文件"
                },
                k.label(),
                what(self)
            ),
            Refusal::TooLarge(Some(n)) => format!(
                "{rel} 文件过大（{:.1} MB），一条台账记录通常只有几 KB，上限 1 MB。请检查是否误存了其他内容，或把附件放到仓库外",
                n as f64 / 1_048_576.0
            ),
            Refusal::TooLarge(None) => format!(
                "{rel} 文件过大，超过 1 MB 上限，一条台账记录通常只有几 KB。请检查是否误存了其他内容，或把附件放到仓库外"
            ),
        }
    }
}

fn what(r: Refusal) -> &'static str {
    match r {
        Refusal::NotDir(_) => "文件夹",
        _ => "文件",
    }
}

/// Read a regular file, not following a link, at most `cap` bytes: `Ok(Err(_))` when
/// it is not a regular file or is larger than `cap`; `Err` when the system refused
/// (missing, no permission). Reads at most `cap + 1` bytes even if the metadata lies.
pub fn read_regular(path: &Path, cap: u64) -> io::Result<Result<Vec<u8>, Refusal>> {
    let meta = fs::symlink_metadata(path)?;
    let k = Kind::of(meta.file_type());
    if k != Kind::File {
        return Ok(Err(Refusal::NotRegular(k)));
    }
    if meta.len() > cap {
        return Ok(Err(Refusal::TooLarge(Some(meta.len()))));
    }
    let file = fs::File::open(path)?;
    // The file opened must be the one just looked at, not a link or FIFO put there since.
    let opened = file.metadata()?;
    if !opened.is_file() {
        return Ok(Err(Refusal::NotRegular(Kind::of(opened.file_type()))));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if (opened.dev(), opened.ino()) != (meta.dev(), meta.ino()) {
            return Ok(Err(Refusal::NotRegular(Kind::Link)));
        }
    }
    // Sized from the metadata: grown by doubling, a text took up to twice its length
    // for as long as the ledger lived (a quarter of the parse phase's memory).
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(cap)).unwrap_or(0) + 1);
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
        return Ok(Err(Refusal::TooLarge(None)));
    }
    Ok(Ok(bytes))
}

/// Why a file could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The target (or a folder on the way) is a link, a special file or outside the root.
    Refused(String),
    /// The system refused.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(msg) => f.write_str(msg),
            WriteError::Io(p, e) => write!(f, "无法写入 {}：{e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

/// Make sure `dir` is a real folder (creating it and its missing parents), never a link:
/// every existing component from `root` down is checked without following links.
/// `rel` is `dir` relative to `root`, with `/` separators (for messages).
pub fn real_dir(root: &Path, rel: &str) -> Result<PathBuf, WriteError> {
    let mut dir = root.to_path_buf();
    let mut shown = String::new();
    for part in rel.split('/').filter(|p| !p.is_empty()) {
        if part == ".." || part == "." {
            return Err(WriteError::Refused(format!(
                "{rel} 含有 `{part}`，不能写到台账根目录之外。请换一个目录"
            )));
        }
        dir.push(part);
        if !shown.is_empty() {
            shown.push('/');
        }
        shown.push_str(part);
        match kind(&dir).map_err(|e| WriteError::Io(dir.clone(), e))? {
            Some(Kind::Dir) => {}
            None => fs::create_dir(&dir).map_err(|e| WriteError::Io(dir.clone(), e))?,
            Some(k) => return Err(WriteError::Refused(Refusal::NotDir(k).message(&shown))),
        }
    }
    Ok(dir)
}

/// Write `bytes` to `dir/name`, where `dir` is a real folder (see [`real_dir`]): an
/// existing `name` must be a regular file (a link or special file is refused); the
/// bytes go to a new temporary file in `dir` that is then renamed over `name`.
/// `rel` names the file in messages.
pub fn replace_file(dir: &Path, name: &str, rel: &str, bytes: &[u8]) -> Result<(), WriteError> {
    let path = dir.join(name);
    match kind(&path).map_err(|e| WriteError::Io(path.clone(), e))? {
        None | Some(Kind::File) => {}
        Some(k) => return Err(WriteError::Refused(Refusal::NotRegular(k).message(rel))),
    }
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|_| f.sync_all()))
        .and_then(|_| fs::rename(&tmp, &path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(WriteError::Io(path, e));
    }
    Ok(())
}

/// `dir` relative to the canonical `root` when it lies inside it (after resolving every
/// link of its existing part; the part still to be created must have no `..`), with `/`
/// separators; `None` when it lies outside.
pub fn inside(root: &Path, dir: &Path) -> io::Result<Option<String>> {
    let root = fs::canonicalize(root)?;
    let mut existing = dir.to_path_buf();
    let mut rest: Vec<String> = Vec::new();
    loop {
        match fs::symlink_metadata(&existing) {
            Ok(_) => break,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                // `..` or `.` in the part still to be created: refuse rather than guess.
                let Some(name) = existing.file_name() else {
                    return Ok(None);
                };
                rest.push(name.to_string_lossy().into_owned());
                if !existing.pop() || existing.as_os_str().is_empty() {
                    existing = PathBuf::from(".");
                    break;
                }
            }
            Err(e) => return Err(e),
        }
    }
    let real = fs::canonicalize(&existing)?;
    let Ok(within) = real.strip_prefix(&root) else {
        return Ok(None);
    };
    // No link on the way below the root either (the root itself may be one).
    for anc in existing.ancestors() {
        if anc.as_os_str().is_empty() {
            break;
        }
        let real = fs::canonicalize(anc)?;
        if real == root || !real.starts_with(&root) {
            break;
        }
        if kind(anc)? == Some(Kind::Link) {
            return Ok(None);
        }
    }
    let mut parts: Vec<String> = within
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.extend(rest.into_iter().rev());
    Ok(Some(parts.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_say_what_to_do() {
        let m = Refusal::NotRegular(Kind::Link).message("data/config.toml");
        assert!(
            m.contains("data/config.toml") && m.contains("符号链接"),
            "{m}"
        );
        assert!(m.contains("换成真正的文件"), "{m}");
        let m = Refusal::NotRegular(Kind::Fifo).message("data/units.toml");
        assert!(m.contains("命名管道") && m.contains("请删除它"), "{m}");
        let m = Refusal::NotDir(Kind::Link).message("schema");
        assert!(m.contains("真正的文件夹"), "{m}");
        let m = Refusal::TooLarge(Some(3 * 1_048_576)).message("data/units.toml");
        assert!(m.contains("3.0 MB") && m.contains("上限 1 MB"), "{m}");
    }

    #[test]
    fn reads_are_capped_and_regular_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.toml");
        fs::write(&p, b"12345").expect("write");
        assert_eq!(read_regular(&p, 5).expect("io"), Ok(b"12345".to_vec()));
        assert_eq!(
            read_regular(&p, 4).expect("io"),
            Err(Refusal::TooLarge(Some(5)))
        );
        assert_eq!(
            read_regular(dir.path(), 4).expect("io"),
            Err(Refusal::NotRegular(Kind::Dir))
        );
        #[cfg(unix)]
        {
            let l = dir.path().join("l.toml");
            std::os::unix::fs::symlink(&p, &l).expect("symlink");
            assert_eq!(
                read_regular(&l, 10).expect("io"),
                Err(Refusal::NotRegular(Kind::Link))
            );
            let z = dir.path().join("z.toml");
            std::os::unix::fs::symlink("/dev/zero", &z).expect("symlink");
            assert_eq!(
                read_regular(&z, 10).expect("io"),
                Err(Refusal::NotRegular(Kind::Link))
            );
        }
    }

    #[test]
    fn inside_resolves_links_and_dots() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("a")).expect("mkdir");
        assert_eq!(
            inside(root, &root.join("a/new/deeper")).expect("io"),
            Some("a/new/deeper".to_string())
        );
        assert_eq!(inside(root, &root.join("a/../..")).expect("io"), None);
        assert_eq!(inside(root, &root.join("new/../../x")).expect("io"), None);
        let other = tempfile::tempdir().expect("tempdir");
        assert_eq!(inside(root, other.path()).expect("io"), None);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(other.path(), root.join("out")).expect("symlink");
            assert_eq!(inside(root, &root.join("out/schema")).expect("io"), None);
            // A link to a folder inside the root is refused too.
            std::os::unix::fs::symlink(root.join("a"), root.join("b")).expect("symlink");
            assert_eq!(inside(root, &root.join("b/schema")).expect("io"), None);
            assert_eq!(inside(root, &root.join("b")).expect("io"), None);
            // The root itself may be reached through a link.
            let via = other.path().join("via");
            std::os::unix::fs::symlink(root, &via).expect("symlink");
            assert_eq!(
                inside(&via, &via.join("a/schema")).expect("io"),
                Some("a/schema".to_string())
            );
        }
    }
}
