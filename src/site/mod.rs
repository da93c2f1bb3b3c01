//! `tongbao build`: the static site. [`render`] turns a checked ledger into files and
//! hands each to an [`Output`] as soon as it is made (pure but for that seam);
//! [`write::check_out`] decides whether the output folder may be replaced and
//! [`write::Staging`] writes pages into a temporary folder and swaps it in atomically.
//! One file per page kind under `pages/`.

pub mod model;
pub mod pages;
pub mod templates;
pub mod write;

use crate::Checked;
use crate::findings::{Code, Finding, Severity};
use crate::rules::Context;
use crate::view::history::{MonthData, history};
use crate::view::{Snapshot, snapshot};
use model::{ProjectRow, project_row};
use serde::Serialize;
use std::fmt;
use templates::Templates;

/// Which data the site may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Leaves out personal data (legal_rep, phone, contact, service). The default.
    #[default]
    Public,
    /// Includes personal data; for the office's intranet.
    Internal,
}

/// Why the site could not be built.
#[derive(Debug, Clone, PartialEq)]
pub enum SiteError {
    /// The ledger has invalid records (errors other than `overdue`).
    Invalid {
        /// How many.
        errors: usize,
    },
    /// A template failed to load or render.
    Template {
        /// Template name.
        template: String,
        /// The page (record) being rendered.
        page: String,
        /// Tera's message.
        message: String,
    },
    /// The templates could not be loaded (syntax error).
    TemplateLoad(String),
    /// A chart failed.
    Chart {
        /// The page being rendered.
        page: String,
        /// What failed.
        message: String,
    },
    /// Reading templates or writing output failed.
    Io(String, String),
    /// The output folder is, holds or lies inside the ledger (root, `data/`,
    /// `templates/`, `.git`, `src/`): the text names the folder and why.
    UnsafeOut(String),
    /// The output folder (as written) is not empty and not a tongbao site: why.
    OutNotSite(String, String),
    /// The output (as written) is a file, not a folder.
    OutIsFile(String),
    /// The output folder's parent does not exist.
    OutParentMissing {
        /// The output folder as written.
        out: String,
        /// Its parent as written.
        parent: String,
    },
}

impl SiteError {
    /// Whether the build refused its output folder (a usage error: nothing was written).
    pub fn is_refused_out(&self) -> bool {
        matches!(
            self,
            SiteError::UnsafeOut(_)
                | SiteError::OutNotSite(..)
                | SiteError::OutIsFile(_)
                | SiteError::OutParentMissing { .. }
        )
    }
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SiteError::Invalid { errors } => write!(
                f,
                "台账有 {errors} 个记录错误（见上），网站未生成。请先运行 tongbao check 改正；超期本身不阻止生成"
            ),
            SiteError::Template {
                template,
                page,
                message,
            } => write!(
                f,
                "模板 {template} 渲染{page}时出错：{message}。请检查 templates/{template}（删除它即恢复内置模板）"
            ),
            SiteError::TemplateLoad(message) => write!(
                f,
                "模板有语法错误：{message}。请改正 templates/ 中对应的文件（删除它即恢复内置模板）"
            ),
            SiteError::Chart { page, message } => write!(f, "{page}的图表生成失败：{message}"),
            SiteError::Io(path, e) => write!(f, "无法读写 {path}：{e}"),
            SiteError::UnsafeOut(why) => write!(
                f,
                "输出目录不安全：{why}，生成网站会把它整个替换掉。请用 --out 指定一个专用的新目录或空目录（默认是根目录下的 site）"
            ),
            SiteError::OutNotSite(out, why) => write!(
                f,
                "输出目录不安全：{out} {why}，生成网站会删除其中所有文件。请用 --out 指定一个空目录或新目录（默认是根目录下的 site）；若它是旧版 tongbao 生成的网站，请先删除它再生成"
            ),
            SiteError::OutIsFile(out) => write!(
                f,
                "输出目录不安全：{out} 是一个文件，不是目录，生成网站会删除它。请用 --out 指定一个空目录或新目录（默认是根目录下的 site）"
            ),
            SiteError::OutParentMissing { out, parent } => write!(
                f,
                "输出目录 {out} 的上级目录 {parent} 不存在。请先建立 {parent}，或用 --out 指定一个已有目录中的新文件夹（默认是根目录下的 site）"
            ),
        }
    }
}

impl std::error::Error for SiteError {}

/// Tera's error with its causes.
pub fn tera_message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push('：');
        msg.push_str(&s.to_string());
        src = s.source();
    }
    msg
}

/// Findings that make records invalid: every error but `overdue`.
pub fn invalid(findings: &[Finding]) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code != Code::Overdue)
        .collect()
}

/// Where the pages go, one file at a time, from several threads: the one seam between
/// rendering and the file system.
pub trait Output: Sync {
    /// Take one file of the site (`rel`: its path, `/` separators). `inputs`, when the
    /// page kind can say, is a hash of everything the page was made from.
    fn put(&self, rel: &str, bytes: Vec<u8>, inputs: Option<u128>) -> Result<(), SiteError>;

    /// Whether the file `rel` made from `inputs` is already there unchanged (from the
    /// previous build) and was taken over; then it need not be rendered.
    fn reuse(&self, _rel: &str, _inputs: u128) -> Result<bool, SiteError> {
        Ok(false)
    }
}

/// An [`Output`] that keeps every file in memory, by path (tests; tools that look at a
/// site without writing it).
#[derive(Default)]
pub struct Memory(std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>);

impl Memory {
    /// The files taken, by path.
    pub fn into_files(self) -> std::collections::BTreeMap<String, Vec<u8>> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Memory {
    fn put(&self, rel: &str, bytes: Vec<u8>, _: Option<u128>) -> Result<(), SiteError> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes);
        Ok(())
    }
}

/// Everything the page renderers share.
pub struct Site<'a> {
    /// The checked ledger.
    pub checked: &'a Checked,
    /// Templates and assets.
    pub templates: &'a Templates,
    /// Profile.
    pub profile: Profile,
    /// Rules context at the as-of date.
    pub ctx: Context<'a>,
    /// Every project as of the as-of date.
    pub current: Snapshot<'a>,
    /// Project rows by record index.
    pub rows: Vec<ProjectRow>,
    /// Month-by-month history.
    pub months: Vec<MonthData<'a>>,
    /// Called once per page written (progress).
    pub tick: &'a (dyn Fn() + Sync),
    /// Where the files go.
    pub out: &'a dyn Output,
    /// A hash of what every page depends on besides its own record: the tool, the
    /// templates, config, units, as-of date, profile and the latest bulletin.
    pub fingerprint: u128,
    /// Whether any record has an `[agreement]` (then the 履约评估 page is written and linked).
    pub has_performance: bool,
}

#[derive(Serialize)]
struct Common<'a> {
    title: &'a str,
    office: &'a str,
    as_of: String,
    root: &'a str,
    active: &'a str,
    profile: &'static str,
    latest_bulletin: Option<String>,
    /// `[scoring] industry_categories` (产业项目), joined with 、 for notes.
    industry_categories: String,
    /// Whether the ledger has 交办单 (then the nav links `tasks/index.html`).
    has_tasks: bool,
    /// Whether any record has an `[agreement]` (then the nav links `performance.html`).
    has_performance: bool,
}

impl Site<'_> {
    /// Render `template` to `path` with the page context plus the common fields, and
    /// hand it to the output.
    pub fn page(
        &self,
        template: &str,
        path: &str,
        page: &str,
        active: &str,
        ctx: tera::Context,
    ) -> Result<(), SiteError> {
        self.page_from(template, path, page, active, ctx, None)
    }

    /// [`Self::page`] for a page made from `inputs` (see [`Output::put`]).
    pub fn page_from(
        &self,
        template: &str,
        path: &str,
        page: &str,
        active: &str,
        mut ctx: tera::Context,
        inputs: Option<u128>,
    ) -> Result<(), SiteError> {
        let depth = path.matches('/').count();
        let root = match depth {
            0 => "",
            1 => "../",
            _ => "../../",
        };
        let cfg = &self.checked.ledger.config;
        let common = Common {
            title: &cfg.title,
            office: &cfg.office,
            as_of: self.ctx.as_of.to_string(),
            root,
            active,
            profile: match self.profile {
                Profile::Public => "public",
                Profile::Internal => "internal",
            },
            latest_bulletin: self.months.last().map(|m| m.month.key()),
            industry_categories: cfg.scoring.industry_categories.join("、"),
            has_tasks: pages::tasks::any(self),
            has_performance: self.has_performance,
        };
        ctx.insert("site", &common);
        let html = self
            .templates
            .tera
            .render(template, &ctx)
            .map_err(|e| SiteError::Template {
                template: template.to_string(),
                page: page.to_string(),
                message: tera_message(&e),
            })?;
        (self.tick)();
        self.out.put(path, html.into_bytes(), inputs)
    }

    /// Hand a file that is not a page (an export, an asset) to the output.
    pub fn emit(&self, path: &str, bytes: Vec<u8>) -> Result<(), SiteError> {
        self.out.put(path, bytes, None)
    }

    /// Unit name by id.
    pub fn unit_name(&self, id: &str) -> String {
        self.checked
            .ledger
            .unit(id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    }
}

/// Whether any record has an `[agreement]` (履约评估 is written only then).
fn has_performance(records: &[crate::load::Record]) -> bool {
    records.iter().any(|r| r.project.agreement.is_some())
}

/// Number of pages a build writes (for progress bars).
pub fn page_count(checked: &Checked) -> usize {
    let first = crate::view::history::first_month(&checked.ledger);
    let months = first
        .map(|f| crate::view::months(f, crate::view::Month::of(checked.as_of)).len())
        .unwrap_or(0);
    // One 年度考评 page per year of the history.
    let years = first.map_or(0, |f| {
        usize::try_from(chrono::Datelike::year(&checked.as_of) - f.year + 1).unwrap_or(0)
    });
    // 交办事项: the index and one page per task.
    let tasks = match checked.ledger.tasks.len() {
        0 => 0,
        n => n + 1,
    };
    5 + tasks
        + usize::from(has_performance(&checked.ledger.records))
        + checked.ledger.records.len()
        + checked.ledger.units.len()
        + months
        + months.div_ceil(3)
        + 2
        + years
        + 1 // 履约评估
}

/// What besides the ledger and templates goes into every page's inputs hash.
#[derive(Clone, Copy, Default)]
pub struct Options<'a> {
    /// Which data the site may show.
    pub profile: Profile,
    /// A hash of the tool itself (e.g. of its executable), so a new version renders
    /// every page again.
    pub tool: u128,
    /// Called once per page rendered (progress); `None` for nothing.
    pub tick: Option<&'a (dyn Fn() + Sync)>,
}

/// Render the whole site into `out`. Fails on invalid records, never on overdue ones.
pub fn render(
    checked: &Checked,
    templates: &Templates,
    opts: &Options,
    t: &crate::timings::Timings,
    out: &dyn Output,
) -> Result<(), SiteError> {
    let profile = opts.profile;
    let nothing = || {};
    let tick: &(dyn Fn() + Sync) = opts.tick.unwrap_or(&nothing);
    let bad = invalid(&checked.findings);
    if !bad.is_empty() {
        return Err(SiteError::Invalid { errors: bad.len() });
    }
    let ledger = &checked.ledger;
    let ctx = Context::new(&ledger.config, checked.as_of);
    let current = t.time("snapshot", || snapshot(ledger, &ctx));
    let rows = current
        .items
        .iter()
        .map(|i| project_row(ledger, &ledger.records[i.index], &i.state))
        .collect();
    let months = t.time("history", || history(ledger, &ctx));
    let fingerprint = fingerprint(checked, templates, opts, months.last().map(|m| m.month));
    let site = Site {
        checked,
        templates,
        profile,
        ctx,
        current,
        rows,
        months,
        tick,
        out,
        fingerprint,
        has_performance: has_performance(&ledger.records),
    };
    for (path, bytes) in &templates.assets {
        site.emit(path, bytes.clone())?;
    }
    t.time("dashboard", || pages::dashboard::render(&site))?;
    t.time("ledger", || pages::ledger::render(&site))?;
    t.time("project", || pages::project::render(&site))?;
    t.time("unit", || pages::unit::render(&site))?;
    t.time("bulletin", || pages::bulletin::render(&site))?;
    t.time("rankings", || pages::rankings::render(&site))?;
    t.time("assessment", || pages::assessment::render(&site))?;
    t.time("performance", || pages::performance::render(&site))?;
    t.time("exports", || pages::exports::render(&site))?;
    t.time("tasks", || pages::tasks::render(&site))?;
    crate::rollup::manifest::render(&site)?;
    pages::not_found(&site)
}

/// The hash of what every page depends on besides its own record.
fn fingerprint(
    checked: &Checked,
    templates: &Templates,
    opts: &Options,
    latest: Option<crate::view::Month>,
) -> u128 {
    use write::hash_part;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    hash_part(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
    hash_part(&mut h, &opts.tool.to_le_bytes());
    hash_part(&mut h, &templates.fingerprint.to_le_bytes());
    let ledger = &checked.ledger;
    hash_part(&mut h, format!("{:?}", ledger.config).as_bytes());
    hash_part(&mut h, ledger.units_source.text.as_bytes());
    // Project and unit pages show the tasks that name them.
    for t in &ledger.tasks {
        hash_part(&mut h, &t.source.digest().to_le_bytes());
    }
    hash_part(&mut h, checked.as_of.to_string().as_bytes());
    hash_part(&mut h, &[opts.profile as u8]);
    hash_part(
        &mut h,
        latest.map(|m| m.key()).unwrap_or_default().as_bytes(),
    );
    h.digest128()
}
