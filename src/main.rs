//! The `tongbao` command line: parses arguments, runs the library, prints, and alone
//! decides the exit code (0 ok, 1 errors found, 2 could not run).

use clap::{Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tongbao::findings::counts;
use tongbao::report::{github, human, json};

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "招商引资项目台账：检查记录、生成网站"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查台账记录（格式、引用、审批层级、各项工作日期限）
    Check {
        /// 核查日（YYYY-MM-DD）；默认取 data/config.toml 的 as_of，否则为今天（北京时间）
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// 台账根目录（含 data/ 的目录）
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    tongbao::model::parse_iso_date(s.trim())
        .ok_or_else(|| format!("日期 `{s}` 格式不对，请写成 2026-11-20 这样的“年-月-日”"))
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check {
            as_of,
            format,
            root,
        } => run_check(as_of, format, &root),
    }
}

fn run_check(as_of: Option<chrono::NaiveDate>, format: Format, root: &std::path::Path) -> ExitCode {
    let raw = match tongbao::load::read_dir(root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::from(2);
        }
    };
    let checked = tongbao::check(&raw, as_of);
    let findings = &checked.findings;
    let out = match format {
        Format::Human => human::render(&checked.ledger, checked.as_of, findings),
        Format::Json => json::render(checked.as_of, findings),
        Format::Github => {
            if let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) {
                let names: BTreeMap<String, String> = checked
                    .ledger
                    .units
                    .iter()
                    .map(|u| (u.id.get_ref().clone(), u.name.clone()))
                    .collect();
                let md = github::summary(checked.as_of, findings, &names);
                let appended = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(&path)
                    .and_then(|mut f| f.write_all(md.as_bytes()));
                if let Err(e) = appended {
                    eprintln!(
                        "警告: 无法写入 GITHUB_STEP_SUMMARY（{}）：{e}",
                        PathBuf::from(path).display()
                    );
                }
            }
            github::commands(findings)
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(out.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let (errors, _) = counts(findings);
    ExitCode::from(if errors > 0 { 1 } else { 0 })
}
