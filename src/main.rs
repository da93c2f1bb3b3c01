//! The `tongbao` command line: parses arguments, runs the library, prints, and alone
//! decides the exit code (0 ok, 1 errors found, 2 could not run).

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use tongbao::findings::counts;
use tongbao::report::{github, human, json};

// std's `println!`/`eprintln!`/`eprint!` panic when the stream is closed or full (exit
// 101, with a panic message nobody can read). These shadow them in this file, so every
// message goes through one place that drops a message it cannot write. The report on
// stdout is written with `print_report`, which tells the caller (exit code 2).
#[allow(unused_macros)] // kept so that a `println!` added later is safe too
macro_rules! println {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
macro_rules! eprint {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

/// Write the report to stdout; false if it could not be written in full (closed, full).
fn print_report(text: &str) -> bool {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_ok()
}

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "招商引资项目台账：检查记录、生成网站",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 显示帮助
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

/// Help in Chinese: clap's own headings are English, so every command gets this template.
const HELP: &str = "{about-with-newline}\n用法: {usage}\n\n{all-args}{after-help}";

fn localize(mut cmd: clap::Command) -> clap::Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        cmd = cmd.mut_arg(id, |a| {
            // The Chinese help texts name the defaults and choices themselves.
            if a.get_action().takes_values() {
                a.help_heading("选项")
                    .hide_default_value(true)
                    .hide_possible_values(true)
            } else {
                a.help_heading("选项")
            }
        });
    }
    cmd.help_template(HELP).subcommand_help_heading("命令")
}

fn localized() -> clap::Command {
    let mut cmd = localize(Cli::command());
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |c| {
            let inner: Vec<String> = c
                .get_subcommands()
                .map(|s| s.get_name().to_string())
                .collect();
            let mut c = localize(c);
            for n in inner {
                c = c.mut_subcommand(n, localize);
            }
            c
        });
    }
    cmd
}

#[derive(Subcommand)]
enum Command {
    /// 检查台账记录（格式、引用、审批层级、各项工作日期限）
    Check {
        /// 核查日（YYYY-MM-DD）；默认取 data/config.toml 的 as_of，否则为今天（北京时间）
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// 输出格式：human（默认）、json、github（GitHub Actions 注释）、gitlab（GitLab 代码质量报告）
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// 只对自该 Git 提交以来改动过的文件报超期错误（其余超期降为警告）；记录错误仍全部报告
        #[arg(long, value_name = "BASE")]
        changed_since: Option<String>,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 在标准错误输出各阶段用时和峰值内存
        #[arg(long)]
        timings: bool,
    },
    /// 生成静态网站（首页、台账、项目页、单位页、月度通报、季度赛拼、排名）
    Build {
        /// 核查日（YYYY-MM-DD）；默认取 data/config.toml 的 as_of，否则为今天（北京时间）
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// 输出目录（整个替换），默认为根目录下的 site
        #[arg(long)]
        out: Option<PathBuf>,
        /// public：不含个人信息（默认）；internal：含法人代表、电话等，仅供内网使用
        #[arg(long, value_enum, default_value_t = ProfileArg::Public)]
        profile: ProfileArg,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 在标准错误输出各阶段用时和峰值内存
        #[arg(long)]
        timings: bool,
        /// 全部重新生成，不沿用上次生成中未变的页面（默认只重写有变化的页面）
        #[arg(long)]
        full: bool,
    },
    /// 汇总各县台账网站，生成市、省的分级跟踪网站：tongbao rollup 甲县/site 乙县/site --level 市
    Rollup {
        /// 各县 tongbao build 生成的网站文件夹（或其中的 site.json）；不写则取根目录下 rollup.toml 的 [[county]]
        #[arg(value_name = "SITE")]
        sites: Vec<PathBuf>,
        /// 汇总级别：省（10 亿元及以上）、市（5 亿元，默认）、县（1 亿元）；门槛可在 rollup.toml 的 [thresholds] 中改
        #[arg(long, value_parser = parse_level)]
        level: Option<tongbao::rollup::Level>,
        /// 名称，如 黔州市（显示在页面标题中）；默认取 rollup.toml 的 name
        #[arg(long)]
        name: Option<String>,
        /// 输出目录（整个替换），默认为根目录下的 site；不能是各县的网站文件夹
        #[arg(long)]
        out: Option<PathBuf>,
        /// 汇总仓库的根目录（含 rollup.toml 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 生成记录、单位、配置的 JSON Schema（供 VS Code 等编辑器检查和补全）
    Schema {
        /// 输出目录，默认为根目录下的 schema
        #[arg(long)]
        out: Option<PathBuf>,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 新建项目记录：tongbao new <单位编号> <项目名称>（编号取当年下一个空号）；
    /// 新建交办单：tongbao new task <承办单位编号> <交办事项>
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    New {
        /// 新建交办单、工作单（data/tasks/<年份>-<序号>.toml）
        #[command(subcommand)]
        kind: Option<NewKind>,
        /// 落地单位编号（data/units.toml 中的 id）
        #[arg(required = true)]
        unit: Option<String>,
        /// 项目名称
        #[arg(required = true)]
        name: Option<String>,
        /// 项目编号；不写则取当年下一个空号，如 2026-018
        #[arg(long)]
        id: Option<String>,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 从 Excel 台账导入项目：tongbao import 台账.xlsx（每行新建一条记录，不覆盖已有文件）
    Import {
        /// Excel 文件（.xlsx、.xls）；第一行或前几行中须有含“项目名称”“落地单位”的表头
        file: PathBuf,
        /// 只显示将导入什么，不写入任何文件
        #[arg(long)]
        dry_run: bool,
        /// 读取的工作表名称，默认为第一个工作表（或 data/config.toml 中 [import] 的 sheet）
        #[arg(long)]
        sheet: Option<String>,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 根据各单位的 owners 生成 .github/CODEOWNERS
    Codeowners {
        /// 台账根目录（含 data/ 的目录），默认为当前目录
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// 输出命令行补全脚本（按 Tab 补全命令和选项），如 tongbao completions bash > tongbao.bash
    Completions {
        /// 命令行程序：bash、zsh、fish、powershell 或 elvish
        #[arg(value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
}

/// What `tongbao new` makes besides a project record.
#[derive(Subcommand)]
enum NewKind {
    /// 新建交办单：tongbao new task <承办单位编号> <交办事项>（编号取核查日所在年份的下一个空号）
    Task {
        /// 承办单位编号（data/units.toml 中的 id）
        unit: String,
        /// 交办事项（一句话）。只写一个参数时（tongbao new task <项目名称>）是为编号为 task 的单位新建项目记录
        title: Option<String>,
        /// 编号；不写则取当年下一个空号，如 2026-004
        #[arg(long)]
        id: Option<String>,
        /// 台账根目录（含 data/ 的目录），默认为当前目录
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
    Gitlab,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    tongbao::model::parse_iso_date(s.trim())
        .ok_or_else(|| format!("日期 `{s}` 格式不对，请写成 2026-11-20 这样的“年-月-日”"))
}

fn parse_level(s: &str) -> Result<tongbao::rollup::Level, String> {
    tongbao::rollup::Level::from_name(s)
        .ok_or_else(|| format!("汇总级别 `{s}` 不对，请写 省、市 或 县"))
}

fn main() -> ExitCode {
    let parsed = localized()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(c) => c,
        Err(e) => {
            if !e.use_stderr() {
                // --help / --version: the output is the report.
                return match e.print() {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(_) => ExitCode::from(2),
                };
            }
            eprintln!("错误: 命令行参数不对。运行 tongbao --help 查看用法。\n");
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Check {
            as_of,
            format,
            changed_since,
            root,
            timings,
        } => run_check(as_of, format, changed_since.as_deref(), &root, timings),
        Command::Schema { out, root } => run_schema(out, &root),
        Command::New {
            kind:
                Some(NewKind::Task {
                    unit,
                    title: Some(title),
                    id,
                    root,
                }),
            ..
        } => run_new_task(&unit, &title, id, &root),
        // `tongbao new task <名称>`: a project of a unit whose id is `task`.
        Command::New {
            kind:
                Some(NewKind::Task {
                    unit: name,
                    title: None,
                    id,
                    root,
                }),
            ..
        } => run_new("task", &name, id, &root),
        Command::New {
            kind: None,
            unit,
            name,
            id,
            root,
        } => run_new(
            unit.as_deref().unwrap_or_default(),
            name.as_deref().unwrap_or_default(),
            id,
            &root,
        ),
        Command::Codeowners { root } => run_codeowners(&root),
        Command::Rollup {
            sites,
            level,
            name,
            out,
            root,
        } => run_rollup(tongbao::rollup::Request {
            root,
            sites,
            level,
            name,
            out,
        }),
        Command::Completions { shell } => run_completions(shell),
        Command::Import {
            file,
            dry_run,
            sheet,
            root,
        } => run_import(&file, dry_run, sheet, &root),
        Command::Build {
            as_of,
            out,
            profile,
            root,
            timings,
            full,
        } => run_build(
            BuildArgs {
                as_of,
                out,
                profile,
                timings,
                full,
            },
            &root,
        ),
    }
}

fn run_check(
    as_of: Option<chrono::NaiveDate>,
    format: Format,
    changed_since: Option<&str>,
    root: &std::path::Path,
    timings: bool,
) -> ExitCode {
    let started = std::time::Instant::now();
    let t = tongbao::timings::Timings::new();
    let raw = match t.time("read", || read(root)) {
        Ok(r) => r,
        Err(code) => return code,
    };
    if let Err(e) = tongbao::config::check_run_as_of(as_of, &raw, tongbao::today_shanghai()) {
        eprintln!("错误: {e}");
        return ExitCode::from(2);
    }
    let history = t.time("git", || tongbao::gitlog::read(root));
    let mut checked = tongbao::check_with_history(raw, as_of, history, &t);
    if let Some(note) = tongbao::rules::stale::skipped(&checked.ledger) {
        eprintln!("提醒: {note}");
    }
    let mut changed = None;
    if let Some(base) = changed_since {
        match changed_files(root, base) {
            Ok(files) => {
                tongbao::rules::limit_to_changed(&mut checked.findings, &files);
                changed = Some(files);
            }
            Err(e) => {
                eprintln!("错误: {e}");
                return ExitCode::from(2);
            }
        }
    }
    let findings = &checked.findings;
    let out = match format {
        Format::Gitlab => tongbao::report::gitlab::render(findings),
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
                let md = github::summary_scoped(checked.as_of, findings, &names, changed.as_ref());
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
            github::commands_scoped(findings, changed.as_ref())
        }
    };
    let printed = t.time("report", || print_report(&out));
    if timings {
        eprint!(
            "{}",
            t.table(started.elapsed(), tongbao::timings::peak_memory_kb())
        );
    }
    if !printed {
        return ExitCode::from(2);
    }
    let (errors, _) = counts(findings);
    ExitCode::from(if errors > 0 { 1 } else { 0 })
}

/// The options of `tongbao build`.
struct BuildArgs {
    as_of: Option<chrono::NaiveDate>,
    out: Option<PathBuf>,
    profile: ProfileArg,
    timings: bool,
    full: bool,
}

fn run_build(args: BuildArgs, root: &std::path::Path) -> ExitCode {
    use tongbao::site::{self, Profile, SiteError};
    let started = std::time::Instant::now();
    let t = tongbao::timings::Timings::new();
    let raw = match t.time("read", || read(root)) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let as_of = args.as_of;
    if let Err(e) = tongbao::config::check_run_as_of(as_of, &raw, tongbao::today_shanghai()) {
        eprintln!("错误: {e}");
        return ExitCode::from(2);
    }
    let out = args.out.unwrap_or_else(|| root.join("site"));
    let target = match site::write::check_out(root, &out) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::from(2);
        }
    };
    let history = t.time("git", || tongbao::gitlog::read(root));
    let mut checked = tongbao::check_with_history(raw, as_of, history, &t);
    if let Some(note) = tongbao::rules::stale::skipped(&checked.ledger) {
        eprintln!("提醒: {note}");
    }
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
    // The site shows no source lines: the texts go (most of the memory of a big ledger).
    checked.ledger.forget_record_texts();
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
    let staging = match site::write::Staging::begin(&target, !args.full) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("错误: {e}（原有网站未改动）");
            return ExitCode::from(if e.is_refused_out() { 2 } else { 1 });
        }
    };
    let bar = progress_bar(site::page_count(&checked) as u64);
    let tick = || bar.inc(1);
    let opts = site::Options {
        profile: match args.profile {
            ProfileArg::Public => Profile::Public,
            ProfileArg::Internal => Profile::Internal,
        },
        tool: tool_fingerprint(),
        tick: Some(&tick),
    };
    let rendered = site::render(&checked, &templates, &opts, &t, &staging);
    bar.finish_and_clear();
    if let Err(e) = rendered {
        drop(staging);
        eprintln!("错误: {e}（原有网站未改动）");
        return ExitCode::from(1);
    }
    let (replaced, written) = match t.time("swap", || staging.commit()) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("错误: {e}（原有网站未改动）");
            return ExitCode::from(if e.is_refused_out() { 2 } else { 1 });
        }
    };
    for dir in &replaced.removed {
        eprintln!("已删除中断的生成留下的临时目录 {dir}");
    }
    if let Some(dir) = &replaced.left {
        eprintln!("提醒: 旧网站已移到 {dir}，但未能删除；下次生成时会再删除");
    }
    let (errors, warnings) = counts(&checked.findings);
    let reused = if written.reused > 0 {
        format!("，其中 {} 个未变、沿用上次生成", written.reused)
    } else {
        String::new()
    };
    eprintln!(
        "已生成网站：{} 个文件{reused} → {}（核查日 {}，{} 个项目，用时 {:.1} 秒）",
        written.written + written.reused,
        out.join("index.html").display(),
        checked.as_of,
        checked.ledger.records.len(),
        started.elapsed().as_secs_f64()
    );
    if args.timings {
        eprint!(
            "{}",
            t.table(started.elapsed(), tongbao::timings::peak_memory_kb())
        );
    }
    if errors + warnings > 0 {
        eprintln!(
            "其中超期 {errors} 项、提醒 {warnings} 项已在网站上标出；详情运行 tongbao check。"
        );
    }
    ExitCode::SUCCESS
}

/// A hash of this program's executable, so that pages rendered by another build of
/// tongbao are never reused (0 when it cannot be read: then only the version counts).
fn tool_fingerprint() -> u128 {
    use std::io::Read;
    // Streamed: the binary is 10 MB, and reading it whole sat on top of the ledger.
    let hash = || -> std::io::Result<u128> {
        let mut file = std::fs::File::open(std::env::current_exe()?)?;
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        let mut buf = vec![0u8; 1 << 16];
        loop {
            match file.read(&mut buf)? {
                0 => return Ok(hasher.digest128()),
                n => hasher.update(&buf[..n]),
            }
        }
    };
    hash().unwrap_or(0)
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

/// Files changed since `base` (committed or not, and new files git does not track yet
/// but does not ignore), relative to the root, from git.
/// `base` never reaches git as an option: it is resolved to a commit id with
/// `rev-parse --verify --end-of-options BASE^{commit}` first, and only that id is diffed.
fn changed_files(
    root: &std::path::Path,
    base: &str,
) -> Result<std::collections::BTreeSet<String>, String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .map_err(|e| format!("无法运行 git（--changed-since 需要 git）：{e}"))
    };
    // Where the checkout keeps too little history: said for every platform.
    const SHALLOW: &str = "CI 只取了最近几个提交时，请让检出包含该提交（GitHub Actions：actions/checkout 的 fetch-depth；GitLab CI：变量 GIT_DEPTH）";
    let rev = format!("{base}^{{commit}}");
    let verified = git(&["rev-parse", "--verify", "--quiet", "--end-of-options", &rev])?;
    let id = String::from_utf8_lossy(&verified.stdout).trim().to_string();
    if !verified.status.success() || id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        // With --quiet git says nothing about a revision that does not exist; anything
        // it does say is about the repository itself.
        let why = String::from_utf8_lossy(&verified.stderr).trim().to_string();
        return Err(if why.is_empty() {
            format!(
                "--changed-since 的值 `{base}` 不是本仓库中的提交。请写提交号、分支名或标签，如 origin/main 或 HEAD^1；{SHALLOW}"
            )
        } else {
            format!(
                "--changed-since 需要 Git 仓库，但在 {} 中运行 git 失败：{why}。请在台账的 Git 仓库中运行",
                root.display()
            )
        });
    }
    let diff = git(&[
        "diff",
        "--name-only",
        "--no-renames",
        "--relative",
        "-z",
        "--end-of-options",
        &id,
        "--",
    ])?;
    if !diff.status.success() {
        return Err(format!(
            "git diff {id} 失败：{}。请确认 {} 是 Git 仓库",
            String::from_utf8_lossy(&diff.stderr).trim(),
            root.display()
        ));
    }
    // A record just created and not yet added (`tongbao new`, then check) is a change too.
    let new = git(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "-z",
        "--",
        ".",
    ])?;
    if !new.status.success() {
        return Err(format!(
            "git ls-files 失败：{}。请确认 {} 是 Git 仓库",
            String::from_utf8_lossy(&new.stderr).trim(),
            root.display()
        ));
    }
    Ok(diff
        .stdout
        .split(|&b| b == 0)
        .chain(new.stdout.split(|&b| b == 0))
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// `tongbao rollup`: exit 0 when the roll-up was written, 2 when it could not run (bad
/// arguments, unreadable or malformed county files, a refused output folder), 1 when
/// writing failed.
fn run_rollup(req: tongbao::rollup::Request) -> ExitCode {
    match tongbao::rollup::run(&req) {
        Ok(done) => {
            let r = &done.rollup;
            if let Some(note) = &r.as_of_note {
                eprintln!("提醒: {note}");
            }
            if let Some(note) = &r.internal_note {
                eprintln!("提醒: {note}");
            }
            for dir in &done.replaced.removed {
                eprintln!("已删除中断的生成留下的临时目录 {dir}");
            }
            if let Some(dir) = &done.replaced.left {
                eprintln!("提醒: 旧网站已移到 {dir}，但未能删除；下次生成时会再删除");
            }
            eprintln!(
                "已生成汇总网站：{} 个县，{} 个{}重点跟踪项目（{}及以上） → {}",
                r.counties.len(),
                r.projects.len(),
                r.level,
                r.threshold,
                done.out.join("index.html").display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let kept = if matches!(e, tongbao::rollup::RollupError::Site(_)) {
                "（原有网站未改动）"
            } else {
                ""
            };
            eprintln!("错误: {e}{kept}");
            ExitCode::from(if e.could_not_run() { 2 } else { 1 })
        }
    }
}

/// Write the JSON Schemas into a folder inside the root (default `schema/`), never
/// through a link, never outside the root and never under `data/` or `.git`.
fn run_schema(out: Option<PathBuf>, root: &std::path::Path) -> ExitCode {
    use tongbao::safe_fs;
    let dir = out.unwrap_or_else(|| root.join("schema"));
    let rel = match safe_fs::inside(root, &dir) {
        Ok(Some(rel)) => rel,
        Ok(None) => {
            eprintln!(
                "错误: 输出目录 {} 不在台账根目录 {} 之内（或经符号链接指向了别处），未写入任何文件。请用 --out 指定根目录下的文件夹，如 schema",
                dir.display(),
                root.display()
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("错误: 无法确定输出目录 {} 的位置：{e}", dir.display());
            return ExitCode::from(2);
        }
    };
    let first = rel.split('/').next().unwrap_or("");
    if rel.is_empty() || first == "data" || first == ".git" || first == ".github" {
        eprintln!(
            "错误: 不能把 Schema 写到 {}：台账根目录、data/、.git/ 和 .github/ 不放生成的文件。请用 --out 指定专用文件夹，如 schema",
            if rel.is_empty() { "." } else { rel.as_str() }
        );
        return ExitCode::from(2);
    }
    let written = safe_fs::real_dir(root, &rel).and_then(|real| {
        for (name, json) in tongbao::schema::schemas() {
            safe_fs::replace_file(&real, name, &format!("{rel}/{name}"), json.as_bytes())?;
            eprintln!("已写入 {}", real.join(name).display());
        }
        Ok(())
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误: {e}");
            ExitCode::from(2)
        }
    }
}

/// Read `data/` or say why not (exit code 2).
fn read(root: &std::path::Path) -> Result<tongbao::load::RawData, ExitCode> {
    tongbao::load::read_dir(root).map_err(|e| {
        eprintln!("错误: {e}");
        ExitCode::from(2)
    })
}

fn load_ledger(root: &std::path::Path) -> Result<tongbao::Checked, ExitCode> {
    read(root).map(|raw| tongbao::check(&raw, None))
}

/// Refuse (exit 2) a unit id that is not in data/units.toml, listing the ids there are;
/// `role` names it in the message (单位, 承办单位).
fn known_unit(ledger: &tongbao::load::Ledger, unit: &str, role: &str) -> Result<(), ExitCode> {
    if ledger.unit(unit).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = ledger
        .units
        .iter()
        .map(|u| u.id.get_ref().as_str())
        .collect();
    eprintln!(
        "错误: {role} `{unit}` 不在 data/units.toml 中。可用的单位编号：{}",
        ids.join("、")
    );
    Err(ExitCode::from(2))
}

fn run_new(unit: &str, name: &str, id: Option<String>, root: &std::path::Path) -> ExitCode {
    let checked = match load_ledger(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ledger = &checked.ledger;
    if let Err(code) = known_unit(ledger, unit, "单位") {
        return code;
    }
    if name.trim().is_empty() {
        eprintln!("错误: 项目名称不能为空");
        return ExitCode::from(2);
    }
    let today = tongbao::today_shanghai();
    use chrono::Datelike;
    let id = id.unwrap_or_else(|| tongbao::scaffold::next_id(ledger, today.year()));
    if !tongbao::rules::structure::valid_id(&id) {
        eprintln!("错误: 项目编号 `{id}` 不合规：只能用半角字母、数字、- 和 _");
        return ExitCode::from(2);
    }
    if let Some(r) = ledger.records.iter().find(|r| r.id() == id) {
        eprintln!("错误: 项目编号 `{id}` 已被 {} 使用", r.source.path);
        return ExitCode::from(2);
    }
    let dir = root.join("data").join("projects").join(unit);
    let path = dir.join(format!("{id}.toml"));
    let text = tongbao::scaffold::record(ledger, unit, name.trim(), &id, today);
    create_scaffold(&dir, &path, &text, "请打开填写日期、投资额等")
}

/// `tongbao new task <unit> <事项>`: `data/tasks/<id>.toml` with the next free number of
/// the as-of year, issued on the as-of date; never overwrites.
fn run_new_task(unit: &str, title: &str, id: Option<String>, root: &std::path::Path) -> ExitCode {
    let checked = match load_ledger(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let ledger = &checked.ledger;
    if let Err(code) = known_unit(ledger, unit, "承办单位") {
        return code;
    }
    if title.trim().is_empty() {
        eprintln!("错误: 交办事项不能为空：请用一句话写明交办的事项");
        return ExitCode::from(2);
    }
    let issued = checked.as_of;
    use chrono::Datelike;
    let id = id.unwrap_or_else(|| tongbao::tasks::next_id(ledger, issued.year()));
    if !tongbao::rules::structure::valid_id(&id) {
        eprintln!("错误: 交办单编号 `{id}` 不合规：只能用半角字母、数字、- 和 _");
        return ExitCode::from(2);
    }
    let dir = root.join("data").join("tasks");
    let path = dir.join(format!("{id}.toml"));
    let text = tongbao::scaffold::task(ledger, unit, title.trim(), &id, issued);
    create_scaffold(&dir, &path, &text, "请填写交办内容 content、办理时限")
}

/// Write a new scaffold `text` to `path` (creating `dir`), never overwriting; say on stderr
/// what to fill in (`todo`) and print the path on stdout. Exit 0 written, 2 otherwise.
fn create_scaffold(
    dir: &std::path::Path,
    path: &std::path::Path,
    text: &str,
    todo: &str,
) -> ExitCode {
    let written = std::fs::create_dir_all(dir).and_then(|_| {
        // create_new: never overwrite anything.
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .and_then(|mut f| f.write_all(text.as_bytes()))
    });
    match written {
        Ok(()) => {
            eprintln!("已新建 {}：{todo}，再运行 tongbao check", path.display());
            // The path on stdout is the report (scripts open it): losing it is a failure.
            if print_report(&format!("{}\n", path.display())) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "错误: {} 已存在，未改动。请换一个编号（--id）",
                path.display()
            );
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("错误: 无法写入 {}：{e}", path.display());
            ExitCode::from(2)
        }
    }
}

/// `tongbao import`: exit 0 when every row was imported (or already there), 1 when a
/// row or cell could not be, 2 when the import could not run.
fn run_import(
    file: &std::path::Path,
    dry_run: bool,
    sheet: Option<String>,
    root: &std::path::Path,
) -> ExitCode {
    use tongbao::findings::Severity;
    let checked = match load_ledger(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let bad_config: Vec<&tongbao::findings::Finding> = checked
        .findings
        .iter()
        .filter(|f| f.file == "data/config.toml" && f.severity == Severity::Error)
        .collect();
    if !bad_config.is_empty() || checked.ledger.units.is_empty() {
        let shown: Vec<tongbao::findings::Finding> = bad_config.into_iter().cloned().collect();
        eprint!("{}", human::render(&checked.ledger, checked.as_of, &shown));
        eprintln!(
            "错误: 导入前 data/config.toml 须无错误、data/units.toml 须列出单位。请先改正，再运行 tongbao import"
        );
        return ExitCode::from(2);
    }
    let sheet = sheet.or_else(|| checked.ledger.config.import.sheet.clone());
    let table = match tongbao::import::read_table(file, sheet.as_deref()) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("错误: {e}");
            return ExitCode::from(2);
        }
    };
    let name = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let plan =
        match tongbao::import::plan(&table, &checked.ledger, tongbao::today_shanghai(), &name) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("错误: {e}");
                return ExitCode::from(2);
            }
        };
    if !print_report(&tongbao::import::render_report(&plan, dry_run)) {
        return ExitCode::from(2);
    }
    let mut failed = 0;
    if !dry_run {
        for (_, result) in tongbao::import::write(root, &plan) {
            if let Err(e) = result {
                eprintln!("错误: {e}");
                failed += 1;
            }
        }
    }
    ExitCode::from(if failed > 0 || plan.problems() > 0 {
        1
    } else {
        0
    })
}

/// Write `.github/CODEOWNERS` from the units' owners. Refused while units.toml has any
/// error (an empty or wrong file would remove every unit's protection) and when
/// `.github` or the file is a link or special file.
fn run_codeowners(root: &std::path::Path) -> ExitCode {
    use tongbao::findings::Severity;
    use tongbao::load::UNITS_PATH;
    use tongbao::safe_fs;
    let checked = match load_ledger(root) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let errors: Vec<tongbao::findings::Finding> = checked
        .findings
        .iter()
        .filter(|f| f.file == UNITS_PATH && f.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        eprint!("{}", human::render(&checked.ledger, checked.as_of, &errors));
        eprintln!(
            "错误: {UNITS_PATH} 有 {} 个错误（见上），未生成 {}：按有错的单位清单生成会删掉或写错各单位的审核人。请先改正这些错误，再运行 tongbao codeowners",
            errors.len(),
            tongbao::codeowners::PATH
        );
        return ExitCode::from(2);
    }
    let text = tongbao::codeowners::generate(&checked.ledger);
    let written = safe_fs::real_dir(root, ".github").and_then(|dir| {
        safe_fs::replace_file(
            &dir,
            "CODEOWNERS",
            tongbao::codeowners::PATH,
            text.as_bytes(),
        )
    });
    match written {
        Ok(()) => {
            eprintln!("已生成 {}", root.join(tongbao::codeowners::PATH).display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("错误: {e}");
            ExitCode::from(2)
        }
    }
}

/// `tongbao completions <shell>`: the completion script on stdout, made from the same
/// localized command line as `--help`, so descriptions are the Chinese help texts.
fn run_completions(shell: clap_complete::Shell) -> ExitCode {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut localized(), "tongbao", &mut script);
    if print_report(&String::from_utf8_lossy(&script)) {
        ExitCode::SUCCESS
    } else {
        eprintln!("错误: 补全脚本没能完整写出（标准输出已关闭或磁盘已满）");
        ExitCode::from(2)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_localized_command_line_is_consistent() {
        super::localized().debug_assert();
    }
}
