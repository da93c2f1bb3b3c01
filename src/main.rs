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
    /// 生成静态网站（首页、台账、项目页、单位页、月度通报、季度赛拼、排名）
    Build {
        /// 核查日（YYYY-MM-DD）；默认取 data/config.toml 的 as_of，否则为今天（北京时间）
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// 输出目录（整个替换），默认为根目录下的 site
        #[arg(long)]
        out: Option<PathBuf>,
        /// public：不含个人信息（默认）；internal：含法人代表、电话等，仅供内网
        #[arg(long, value_enum, default_value_t = ProfileArg::Public)]
        profile: ProfileArg,
        /// 台账根目录（含 data/ 的目录）
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ProfileArg {
    Public,
    Internal,
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
        Command::Build {
            as_of,
            out,
            profile,
            root,
        } => run_build(as_of, out, profile, &root),
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

fn run_build(
    as_of: Option<chrono::NaiveDate>,
    out: Option<PathBuf>,
    profile: ProfileArg,
    root: &std::path::Path,
) -> ExitCode {
    use tongbao::site::{self, Profile, SiteError};
    let raw = match tongbao::load::read_dir(root) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::from(2);
        }
    };
    let out = out.unwrap_or_else(|| root.join("site"));
    if let Err(e) = site::write::check_out(root, &out) {
        eprintln!("错误: {e}");
        return ExitCode::from(2);
    }
    let started = std::time::Instant::now();
    let checked = tongbao::check(&raw, as_of);
    let invalid: Vec<tongbao::findings::Finding> = site::invalid(&checked.findings)
        .into_iter()
        .cloned()
        .collect();
    if !invalid.is_empty() {
        eprint!(
            "{}",
            human::render(&checked.ledger, checked.as_of, &invalid)
        );
        eprintln!(
            "错误: {}",
            SiteError::Invalid {
                errors: invalid.len()
            }
        );
        return ExitCode::from(1);
    }
    let templates = match site::templates::Templates::load(root) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::from(1);
        }
    };
    for name in &templates.overridden {
        eprintln!("使用自定义模板 templates/{name}");
    }
    let bar = progress_bar(site::page_count(&checked) as u64);
    let tick = || bar.inc(1);
    let profile = match profile {
        ProfileArg::Public => Profile::Public,
        ProfileArg::Internal => Profile::Internal,
    };
    let files = match site::render(&checked, &templates, profile, &tick) {
        Ok(f) => f,
        Err(e) => {
            bar.finish_and_clear();
            eprintln!("错误: {e}");
            return ExitCode::from(1);
        }
    };
    bar.finish_and_clear();
    if let Err(e) = site::write::replace_dir(&out, &files) {
        eprintln!("错误: {e}（原有网站未改动）");
        return ExitCode::from(1);
    }
    let (errors, warnings) = counts(&checked.findings);
    eprintln!(
        "已生成网站：{} 个文件 → {}（核查日 {}，{} 个项目，用时 {:.1} 秒）",
        files.len(),
        out.join("index.html").display(),
        checked.as_of,
        checked.ledger.records.len(),
        started.elapsed().as_secs_f64()
    );
    if errors + warnings > 0 {
        eprintln!(
            "其中超期 {errors} 项、提醒 {warnings} 项已在网站上标出；详情运行 tongbao check。"
        );
    }
    ExitCode::SUCCESS
}

/// A progress bar on an interactive terminal; hidden in CI and when piped.
fn progress_bar(len: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if !interactive {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} 页 {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}
