//! Each record's change history, read from the Git repository that holds the ledger
//! (磐安 四(一)：及时更新项目进展情况). The only module besides `main.rs` that runs `git`:
//! [`read`] runs it (never anything that reaches the network), [`parse_log`] turns its
//! output into plain data and is pure.
//!
//! What counts as an update is what was committed: a record modified in the work tree
//! but not committed, or not yet added, has no new change here (the history is what
//! was merged; `check` before a commit must not make a record look up to date). Renames
//! are not followed (`--no-renames`): a record moved to another unit's folder starts a
//! new history under its new path, and the move is its latest update.

use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::Path;

/// One commit that changed a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Abbreviated commit hash.
    pub commit: String,
    /// Committer date as a calendar date in Beijing time (UTC+8).
    pub date: NaiveDate,
    /// Author name.
    pub author: String,
    /// Subject line of the commit message.
    pub subject: String,
}

/// Why the history could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// `git` is not installed (or cannot be started).
    GitMissing(String),
    /// The ledger root is not inside a Git work tree.
    NotRepository,
    /// The repository is a shallow clone: the history is cut off.
    Shallow,
    /// git ran but failed (its message).
    Failed(String),
}

impl Unavailable {
    /// What happened and what to do, in Chinese.
    pub fn reason(&self) -> String {
        match self {
            Unavailable::GitMissing(e) => format!(
                "未能运行 git（{e}）。请安装 Git（https://git-scm.com）并确认命令行能运行 git"
            ),
            Unavailable::NotRepository => {
                "台账目录不在 Git 仓库中，无从得知各记录何时更新。请在台账的 Git 仓库（git clone 得到的目录）中运行".to_string()
            }
            Unavailable::Shallow => "台账仓库是浅克隆（只取了最近几个提交），看不到完整的更新记录。请取完整历史：git fetch --unshallow；GitHub Actions 中给 actions/checkout 设 fetch-depth: 0；GitLab CI 中设变量 GIT_DEPTH: 0".to_string(),
            Unavailable::Failed(e) => format!("读取 Git 提交记录失败：{e}。请在台账目录中运行 git log 查看原因"),
        }
    }
}

/// The change history of every record, keyed by path relative to the ledger root
/// (`data/projects/<unit>/<id>.toml`, as in findings), newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum History {
    /// Not read (library use, `new`, `import`): the `stale` rule is silently off.
    #[default]
    NotRead,
    /// Read from Git.
    Read(BTreeMap<String, Vec<Change>>),
    /// Could not be read: the `stale` rule is skipped, once said why.
    Unavailable(Unavailable),
}

impl History {
    /// A record's changes, newest first (empty when unknown).
    pub fn changes(&self, path: &str) -> &[Change] {
        match self {
            History::Read(m) => m.get(path).map_or(&[], Vec::as_slice),
            _ => &[],
        }
    }

    /// A record's changes on or before `as_of`, newest first (later commits are not
    /// seen: a site as of a past date shows what was known then).
    pub fn changes_until(&self, path: &str, as_of: NaiveDate) -> &[Change] {
        let all = self.changes(path);
        let first = all
            .iter()
            .position(|c| c.date <= as_of)
            .unwrap_or(all.len());
        &all[first..]
    }
}

/// Marks the start of a commit's header in the log (paths never start with it: they
/// start with `data/projects/`).
const START: char = '\u{1e}';
/// Separates a header's fields.
const SEP: char = '\u{1f}';

/// The `--format` [`parse_log`] reads: start mark, short hash, committer time (Unix
/// seconds), author name, subject.
pub const FORMAT: &str = "%x1e%h%x1f%ct%x1f%an%x1f%s";

/// Parse `git log -z --name-only --format=FORMAT` output into each path's changes,
/// newest first (the log's order, then committer date, newest first; a stable sort
/// keeps git's order within a day). Pure. Headers that do not parse are skipped with
/// their files.
pub fn parse_log(out: &[u8]) -> BTreeMap<String, Vec<Change>> {
    let text = String::from_utf8_lossy(out);
    let mut map: BTreeMap<String, Vec<Change>> = BTreeMap::new();
    let mut current: Option<Change> = None;
    for token in text.split('\0') {
        let token = token.trim_start_matches('\n');
        if let Some(header) = token.strip_prefix(START) {
            current = parse_header(header);
        } else if !token.is_empty()
            && let Some(c) = &current
        {
            map.entry(token.to_string()).or_default().push(c.clone());
        }
    }
    for v in map.values_mut() {
        v.sort_by_key(|c| std::cmp::Reverse(c.date));
        v.dedup_by(|a, b| a.commit == b.commit);
    }
    map
}

fn parse_header(h: &str) -> Option<Change> {
    let mut it = h.splitn(4, SEP);
    let commit = it.next()?.trim().to_string();
    let secs: i64 = it.next()?.trim().parse().ok()?;
    let author = it.next()?.trim().to_string();
    let subject = it.next().unwrap_or("").trim().to_string();
    if commit.is_empty() {
        return None;
    }
    Some(Change {
        commit,
        date: beijing_date(secs)?,
        author,
        subject,
    })
}

/// The calendar date in Beijing (UTC+8, no daylight saving) of a Unix time.
pub fn beijing_date(secs: i64) -> Option<NaiveDate> {
    chrono::DateTime::from_timestamp(secs.checked_add(8 * 3600)?, 0).map(|t| t.date_naive())
}

/// Read the history of every record under `data/projects/` from the Git repository
/// that contains `root`, with the git command line (local only: `rev-parse` and `log`;
/// `GIT_NO_LAZY_FETCH` keeps a partial clone from fetching; `--no-renames` needs no blobs).
pub fn read(root: &Path) -> History {
    use std::io::ErrorKind;
    let git = |args: &[&str]| {
        let run = || {
            std::process::Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .env("GIT_TERMINAL_PROMPT", "0")
                // A partial clone must not fetch missing objects from its remote: no network.
                .env("GIT_NO_LAZY_FETCH", "1")
                .output()
        };
        // A machine out of processes for a moment (EAGAIN) must not change the site:
        // try again before saying git could not run.
        let mut out = run();
        for wait in [50, 200, 800] {
            match &out {
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::Interrupted) => {
                    std::thread::sleep(std::time::Duration::from_millis(wait));
                    out = run();
                }
                _ => break,
            }
        }
        out
    };
    let probe = match git(&[
        "rev-parse",
        "--is-inside-work-tree",
        "--is-shallow-repository",
    ]) {
        Ok(o) => o,
        Err(e) => return History::Unavailable(Unavailable::GitMissing(e.to_string())),
    };
    match probe_result(probe.status.success(), &probe.stdout, &probe.stderr) {
        Ok(()) => {}
        Err(u) => return History::Unavailable(u),
    }
    let format = format!("--format={FORMAT}");
    let log = match git(&[
        "-c",
        "log.showSignature=false",
        "-c",
        "log.follow=false",
        "log",
        "-z",
        "--no-renames",
        "--name-only",
        "--no-color",
        "--relative",
        &format,
        "--",
        "data/projects/",
    ]) {
        Ok(o) => o,
        Err(e) => return History::Unavailable(Unavailable::GitMissing(e.to_string())),
    };
    if !log.status.success() {
        let why = String::from_utf8_lossy(&log.stderr).trim().to_string();
        // A repository without any commit yet: nothing is recorded.
        if why.contains("does not have any commits") {
            return History::Read(BTreeMap::new());
        }
        return History::Unavailable(Unavailable::Failed(why));
    }
    History::Read(parse_log(&log.stdout))
}

/// Judge the output of `git rev-parse --is-inside-work-tree --is-shallow-repository`.
/// Pure.
pub fn probe_result(success: bool, stdout: &[u8], stderr: &[u8]) -> Result<(), Unavailable> {
    let out = String::from_utf8_lossy(stdout);
    let mut lines = out.lines().map(str::trim);
    if !success {
        let why = String::from_utf8_lossy(stderr).trim().to_string();
        return Err(if why.contains("not a git repository") || why.is_empty() {
            Unavailable::NotRepository
        } else {
            Unavailable::Failed(why)
        });
    }
    if lines.next() != Some("true") {
        return Err(Unavailable::NotRepository);
    }
    if lines.next() == Some("true") {
        return Err(Unavailable::Shallow);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn a_log_is_parsed_newest_first_per_path() {
        // Two commits as `git log -z --name-only --format=FORMAT` prints them: the
        // header ends in NUL, the first path follows a newline, paths end in NUL.
        let out = "\u{1e}b2c3d4e\u{1f}1790000000\u{1f}张三\u{1f}更新十月进展\0\n\
                   data/projects/kfq/2026-001.toml\0\
                   \u{1e}a1b2c3d\u{1f}1780000000\u{1f}李四\u{1f}新建项目 2026-001\0\n\
                   data/projects/kfq/2026-001.toml\0data/projects/linhe/2026-002.toml\0";
        let m = parse_log(out.as_bytes());
        let one = &m["data/projects/kfq/2026-001.toml"];
        assert_eq!(one.len(), 2);
        assert_eq!(one[0].commit, "b2c3d4e");
        assert_eq!(one[0].author, "张三");
        assert_eq!(one[0].subject, "更新十月进展");
        assert_eq!(one[1].commit, "a1b2c3d");
        assert_eq!(m["data/projects/linhe/2026-002.toml"].len(), 1);
        assert_eq!(m["data/projects/linhe/2026-002.toml"][0].author, "李四");
    }

    #[test]
    fn the_date_is_beijing_time() {
        // 2026-10-31 16:30 UTC is 2026-11-01 00:30 in Beijing.
        let secs = 1_793_464_200;
        assert_eq!(beijing_date(secs), Some(d("2026-11-01")));
        assert_eq!(beijing_date(secs - 3600), Some(d("2026-10-31")));
    }

    #[test]
    fn odd_paths_and_subjects_survive() {
        // A path with a newline and spaces (-z keeps it whole), a subject with the
        // field separator in it, a merge commit with no files, a broken header.
        let out = "\u{1e}c0ffee1\u{1f}1790000000\u{1f}王 五\u{1f}a\u{1f}b\0\n\
                   data/projects/kfq/odd\nname .toml\0\
                   \u{1e}deadbee\u{1f}1790000000\u{1f}合并\u{1f}Merge branch 'x'\0\
                   \u{1e}bad\u{1f}notanumber\u{1f}x\u{1f}y\0\ndata/projects/kfq/x.toml\0";
        let m = parse_log(out.as_bytes());
        let odd = &m["data/projects/kfq/odd\nname .toml"];
        assert_eq!(odd[0].subject, "a\u{1f}b");
        assert_eq!(odd[0].author, "王 五");
        assert!(!m.contains_key("data/projects/kfq/x.toml"), "{m:?}");
        assert_eq!(m.len(), 1);
    }

    #[test]
    fn changes_after_as_of_are_not_seen() {
        let c = |commit: &str, date: &str| Change {
            commit: commit.into(),
            date: d(date),
            author: "张三".into(),
            subject: String::new(),
        };
        let h = History::Read(BTreeMap::from([(
            "data/projects/kfq/1.toml".to_string(),
            vec![
                c("c", "2026-11-02"),
                c("b", "2026-10-01"),
                c("a", "2026-09-01"),
            ],
        )]));
        let seen = h.changes_until("data/projects/kfq/1.toml", d("2026-10-31"));
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].commit, "b");
        assert!(
            h.changes_until("data/projects/kfq/1.toml", d("2026-08-01"))
                .is_empty()
        );
        assert!(
            History::NotRead
                .changes("data/projects/kfq/1.toml")
                .is_empty()
        );
    }

    #[test]
    fn the_probe_says_what_is_missing() {
        assert_eq!(probe_result(true, b"true\nfalse\n", b""), Ok(()));
        assert_eq!(
            probe_result(true, b"true\ntrue\n", b""),
            Err(Unavailable::Shallow)
        );
        assert_eq!(
            probe_result(
                false,
                b"",
                b"fatal: not a git repository (or any of the parent directories): .git\n"
            ),
            Err(Unavailable::NotRepository)
        );
        assert_eq!(
            probe_result(true, b"false\nfalse\n", b""),
            Err(Unavailable::NotRepository)
        );
        assert!(matches!(
            probe_result(false, b"", b"fatal: detected dubious ownership"),
            Err(Unavailable::Failed(_))
        ));
        assert!(Unavailable::Shallow.reason().contains("fetch-depth: 0"));
        assert!(
            Unavailable::NotRepository
                .reason()
                .contains("不在 Git 仓库")
        );
    }
}
