//! The parse floor of issue 11: read every `.toml` file under a root and parse each
//! into a `toml::Table`, in one thread, with the toml crate — the least work any
//! checker of the ledger must do. `tongbao check` is measured against 1.5× this.
//!
//!     cargo run --release --example parse_floor -- target/bench/ledger-10000
//!
//! Prints one line for people and one for scripts (`scripts/bench` reads the second):
//!
//!     parse floor: 10002 files, 61.3 MB: read 0.112 s + parse 0.934 s = 1.046 s
//!     files=10002 bytes=64270112 read_s=0.112 parse_s=0.934 total_s=1.046
//!
//! Exit status 1 if a file cannot be read or parsed (the floor is then meaningless),
//! 2 on a usage error.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(root), None) = (args.next(), args.next()) else {
        eprintln!("usage: parse_floor ROOT   (every .toml under ROOT, one thread)");
        return ExitCode::from(2);
    };
    let root = PathBuf::from(root);
    if !root.is_dir() {
        eprintln!("parse_floor: {} is not a folder", root.display());
        return ExitCode::from(2);
    }

    // Read first, then parse, so each part has its own time; both in this thread.
    let start = Instant::now();
    let mut paths: Vec<PathBuf> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    paths.sort();
    let mut texts = Vec::with_capacity(paths.len());
    for p in &paths {
        match std::fs::read_to_string(p) {
            Ok(t) => texts.push(t),
            Err(e) => {
                eprintln!("parse_floor: {}: {e}", p.display());
                return ExitCode::from(1);
            }
        }
    }
    let read = start.elapsed();

    let start = Instant::now();
    let mut keys = 0usize;
    for (p, text) in paths.iter().zip(&texts) {
        match text.parse::<toml::Table>() {
            // Use the result so the parse cannot be optimised away.
            Ok(table) => keys += table.len(),
            Err(e) => {
                eprintln!("parse_floor: {}: {e}", p.display());
                return ExitCode::from(1);
            }
        }
    }
    let parse = start.elapsed();

    let bytes: usize = texts.iter().map(String::len).sum();
    let (r, p) = (read.as_secs_f64(), parse.as_secs_f64());
    println!(
        "parse floor: {} files, {:.1} MB: read {r:.3} s + parse {p:.3} s = {:.3} s ({keys} top-level keys)",
        paths.len(),
        bytes as f64 / 1_048_576.0,
        r + p
    );
    println!(
        "files={} bytes={bytes} read_s={r:.3} parse_s={p:.3} total_s={:.3}",
        paths.len(),
        r + p
    );
    ExitCode::SUCCESS
}
