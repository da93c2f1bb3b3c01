//! Writing the site: into a temporary folder beside the output, swapped in only when
//! complete, so a failed build leaves the previous site untouched. Refuses output
//! folders that would replace the ledger itself.

use super::{Files, SiteError};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

fn io(p: &Path, e: std::io::Error) -> SiteError {
    SiteError::Io(p.display().to_string(), e.to_string())
}

fn absolute(p: &Path) -> PathBuf {
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Check that replacing `out` cannot destroy the ledger: it must not be the root,
/// contain `data/`, or lie inside `data/` or `templates/`.
pub fn check_out(root: &Path, out: &Path) -> Result<(), SiteError> {
    let root = absolute(root);
    let out = absolute(out);
    let data = root.join("data");
    if out == root || data.starts_with(&out) {
        return Err(SiteError::UnsafeOut(format!(
            "{} 包含台账数据 data/，整个目录会被替换",
            out.display()
        )));
    }
    for inner in [data, root.join("templates"), root.join("src")] {
        if out.starts_with(&inner) {
            return Err(SiteError::UnsafeOut(format!(
                "{} 位于 {} 之内",
                out.display(),
                inner.display()
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(SiteError::UnsafeOut(format!(
            "{} 是一个文件，不是目录",
            out.display()
        )));
    }
    Ok(())
}

/// Write `files` into `out`, replacing it atomically (as far as the file system allows:
/// the old folder is renamed aside, the new one renamed in, the old one removed).
pub fn replace_dir(out: &Path, files: &Files) -> Result<(), SiteError> {
    let out = absolute(out);
    let parent = out
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into());
    std::fs::create_dir_all(&parent).map_err(|e| io(&parent, e))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.tmp-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
    }
    let written = (|| {
        std::fs::create_dir_all(&tmp).map_err(|e| io(&tmp, e))?;
        files.par_iter().try_for_each(|(rel, bytes)| {
            let path = tmp.join(rel);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| io(&path, e))
        })
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(&out, &old).map_err(|e| {
            let _ = std::fs::remove_dir_all(&tmp);
            io(&out, e)
        })?;
    }
    if let Err(e) = std::fs::rename(&tmp, &out) {
        // Put the previous site back.
        let _ = std::fs::rename(&old, &out);
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(io(&out, e));
    }
    if old.exists() {
        std::fs::remove_dir_all(&old).map_err(|e| io(&old, e))?;
    }
    Ok(())
}
