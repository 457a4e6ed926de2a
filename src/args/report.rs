//! `milepost report`'s arguments: which report, for whom, in which
//! format, through which templates.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::forecast::{parse_report_runs, parse_seed};
use super::{AsOfArgs, GanttBy, PlanArgs, Since, parse_since};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_enum, default_value_t = ReportKind::Status)]
    pub report: ReportKind,

    #[command(flatten)]
    pub plan: PlanArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// Who reads it: `engineering` (the full detail) or `exec` (a one-screen
    /// summary: health, milestone dates, top risks, budget).
    #[arg(long, value_enum, default_value_t = Audience::Engineering)]
    pub audience: Audience,

    /// `markdown`, or `html`: one self-contained page (no scripts, nothing
    /// loaded from the network) to send to people outside the repository;
    /// `status` holds the status report, the roadmap and the risk register.
    /// Default: `html` when `-o` or `--check` names a `.html` or `.htm`
    /// file, else `markdown`.
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    #[command(flatten)]
    pub templating: TemplateArgs,

    /// Print the data templates see, as JSON, instead of a report.
    #[arg(long)]
    pub context: bool,

    /// Write to FILE (atomically) instead of standard output; never over a
    /// file of the plan or a template it reads.
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "check")]
    pub output: Option<PathBuf>,

    /// Do not write: exit 1 if FILE differs from what would be written (for
    /// CI: keep a committed STATUS.md current).
    #[arg(long, value_name = "FILE")]
    pub check: Option<PathBuf>,

    /// Largest Mermaid Gantt chart, in characters. A larger chart falls back
    /// to milestones and the critical path, then to milestones. The default
    /// is GitHub's limit; GitLab auto-renders charts up to 2000.
    #[arg(long, allow_negative_numbers = true, value_name = "CHARS", default_value_t = crate::report::gantt::DEFAULT_BUDGET)]
    pub gantt_budget: usize,

    /// How the Gantt chart is divided: a section per milestone, or per
    /// person (each one's work in the order they do it).
    #[arg(long, value_enum, default_value_t = GanttBy::Milestone)]
    pub by: GanttBy,

    /// Compare the forecast with the plan at this revision (a tag such as
    /// `v1-plan-approved`), scheduled as of that commit's date: each
    /// milestone's variance, the scope added and cut, the cost.
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,

    /// List the plan's changes since this revision, or since this date
    /// (YYYY-MM-DD: the plan of the last commit before that day, on the
    /// main line). Default: the previous tag whose commit changed the plan,
    /// if any.
    #[arg(long, value_name = "REV|DATE", value_parser = parse_since, conflicts_with = "no_since")]
    pub since: Option<Since>,

    /// Leave out the changes since the previous tag.
    #[arg(long)]
    pub no_since: bool,

    /// Monte Carlo runs behind the report's confidence figures ("80%
    /// confident by", the chance of each deadline, each risk's effect on
    /// the P80), from 0 to 1000000; 0 leaves the Monte Carlo out. Default:
    /// 1000, or on a plan of more than 5000 features 1000 × 5000 /
    /// features (at least 100).
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = parse_report_runs)]
    pub runs: Option<usize>,

    /// The seed of the Monte Carlo's random numbers (as `milepost forecast --seed`).
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,
}

impl ReportArgs {
    /// `--format`, else what the extension of `-o` or `--check` says
    /// (`.html`, `.htm`), else Markdown.
    pub fn format(&self) -> ReportFormat {
        let file = self.output.as_deref().or(self.check.as_deref());
        match self.format {
            Some(format) => format,
            None if file.is_some_and(|f| super::has_extension(f, &["html", "htm"])) => ReportFormat::Html,
            None => ReportFormat::Markdown,
        }
    }
}

/// Which templates render the output (see `milepost help templates`).
#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Render this template file instead of a built-in one (see `milepost help templates`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Look up templates here first: a file named like a built-in one
    /// (`status.md`, `gantt.md`, `diff.md`, ...) replaces it.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Write this command's built-in templates into DIR to start your own
    /// from, and stop.
    #[arg(long, value_name = "DIR")]
    pub init_templates: Option<PathBuf>,

    /// With `--init-templates`: replace files that already exist.
    #[arg(long, requires = "init_templates")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportKind {
    /// Health, milestones, critical path, attention, risks, load, budget, Gantt.
    Status,
    /// Features by milestone with priority, RICE, status and owner.
    Roadmap,
    /// The Mermaid Gantt chart alone.
    Gantt,
    /// The risk register by exposure.
    Risks,
}

impl ReportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Status => "status",
            ReportKind::Roadmap => "roadmap",
            ReportKind::Gantt => "gantt",
            ReportKind::Risks => "risks",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
}

impl ReportFormat {
    /// The extension of its templates' names.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Html => "html",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Audience {
    Engineering,
    Exec,
}
