//! Command-line arguments: clap types only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use words::Since;
pub(crate) use words::joined;
use words::{parse_date, parse_gate_days, parse_plan_date, parse_since};

mod edit;
mod forecast;
mod history;
mod report;
mod words;
/// Defined by the output layer, whose charts it divides.
pub use crate::render::mermaid::GanttBy;
pub use edit::{
    InitArgs, InitCi, NewArgs, NewCommonArgs, NewFeatureArgs, NewItem, NewMilestoneArgs, NewRiskArgs, ProgressArgs,
};
pub use forecast::{Distribution, ForecastArgs, ForecastFormat};
use forecast::{parse_diff_runs, parse_export_runs, parse_schedule_runs, parse_seed};
pub use history::{HistoryArgs, HistoryFormat};
pub use report::{Audience, ReportArgs, ReportFormat, TemplateArgs};

/// `milepost --version`: the package version, and the commit it was built
/// from when it was built from a Git checkout or a published package
/// (`build.rs`).
const VERSION: &str = env!("MILEPOST_VERSION");

/// Git-native project plans: validate, schedule and report a plan kept as
/// TOML files next to the code.
#[derive(Debug, Parser)]
#[command(
    name = "milepost",
    version = VERSION,
    about,
    long_about = None,
    max_term_width = 100,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// When to use colours: `auto` uses them on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// Whether standard output carries a document (JSON, Markdown, CSV,
    /// Mermaid, a TaskJuggler project) rather than styled text. A document
    /// is written as it is: the very bytes `-o FILE` would write, without a
    /// pass looking for colour codes to strip (megabytes, for `history`).
    pub fn writes_document(&self) -> bool {
        match &self.command {
            Command::History(_)
            | Command::Report(_)
            | Command::Export(_)
            | Command::Schema(_)
            | Command::Completions(_)
            | Command::Man(_) => true,
            Command::Diff(a) => a.format != DiffFormat::Human,
            Command::Schedule(a) => a.format != ScheduleFormat::Table,
            Command::Forecast(a) => a.format != ForecastFormat::Table,
            Command::Check(a) => a.format != CheckFormat::Human,
            Command::Explain(_)
            | Command::Help(_)
            | Command::Fmt(_)
            | Command::Init(_)
            | Command::New(_)
            | Command::Start(_)
            | Command::Done(_) => false,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the plan and report every problem at once.
    ///
    /// Exit status: 0 when the plan is valid, 1 when it has errors (or
    /// warnings, with `--deny warnings`), 2 when the plan cannot be read at all
    /// (no plan found, unknown revision, unreadable file, bad arguments).
    Check(CheckArgs),
    /// Schedule the plan: critical path over the working-day calendar, floats,
    /// deadlines, progress as of a date.
    ///
    /// Exit status: 0 when scheduled, 1 when the plan is invalid (its problems
    /// are printed as by `check`), 2 when it cannot be read.
    Schedule(ScheduleArgs),
    /// Forecast with Monte Carlo: how sure the schedule is. Runs the
    /// schedule thousands of times with sampled estimates and risks that
    /// happen or not; gives P50/P80/P95 dates, the chance of each deadline,
    /// each feature's criticality, what moves the P80 most, and the cost
    /// (`milepost help monte-carlo`).
    ///
    /// The same plan, `--seed` and `--runs` give the same output on any
    /// machine and number of threads.
    ///
    /// Exit status: 0 when forecast, 1 when the plan is invalid (its problems
    /// are printed as by `check`), 2 when it cannot be read or an argument is bad.
    Forecast(ForecastArgs),
    /// Explain why an item is scheduled when it is: the chain of what it waits for.
    Explain(ExplainArgs),
    /// Write every plan file the canonical way: keys in the documented
    /// order, one way of quoting and spacing, comments kept.
    ///
    /// Only files that change are rewritten, each atomically; a file that
    /// does not decode is left as it is and its problems printed as by
    /// `check`. `--check` writes nothing: it lists the files that are not
    /// formatted, with their first line that differs, for CI and pre-commit
    /// hooks.
    ///
    /// Exit status: 0 when every file is formatted (or, with `--check`,
    /// already was), 1 when a file is not (`--check`) or could not be (it
    /// does not decode), 2 when the plan cannot be read.
    Fmt(FmtArgs),
    /// Compare two versions of the plan: items added, removed, cut, restored
    /// or changed; each milestone's forecast before and after; the critical
    /// path; the cost; new and fixed problems.
    ///
    /// `milepost diff` compares HEAD with the working tree; `diff REV`, REV
    /// with the working tree; `diff A..B` or `diff A B`, A with B; `diff
    /// A...B`, the merge base of A and B with B (what a pull request shows).
    /// Both sides are scheduled as of the same `--as-of`; a side with errors
    /// is compared but not scheduled.
    ///
    /// Exit status: 0 when compared, 1 when a gate trips (`--fail-on-slip`,
    /// `--fail-on-p80-slip`, `--fail-on-invalid`), 2 when it cannot run (unknown revision, no plan,
    /// not a Git repository).
    Diff(DiffArgs),
    /// Walk the plan's Git history: each milestone's forecast over time (slip
    /// charts), scope and work done over time (burn-up), scope added and cut
    /// per week, and a change log of what every commit did to the plan.
    ///
    /// Only commits that changed the plan directory are read; each is
    /// scheduled as of its own commit date. The main line is followed (the
    /// first parent of merges) unless `--all-parents`. `--item ID` tells
    /// the life of one feature or milestone instead. Nothing is checked out.
    ///
    /// Exit status: 0 when written, 2 when it cannot run (not a Git
    /// repository, unknown revision, unknown item, template error).
    History(HistoryArgs),
    /// Write a report, in Markdown or as one HTML page (`--format html`): status (the default), roadmap, gantt or risks.
    ///
    /// Reports are rendered from templates: the defaults are built in,
    /// `--templates DIR` overrides any of them by name, `--template FILE`
    /// renders your own. The same plan and `--as-of` always give the same bytes.
    ///
    /// Exit status: 0 when written, 1 when the plan is invalid (its problems
    /// are printed as by `check`) or when `--check FILE` finds FILE out of
    /// date, 2 on any other error (unreadable plan, template error, bad arguments).
    Report(ReportArgs),
    /// Write the plan in another tool's format: TaskJuggler, Microsoft
    /// Project XML, an iCalendar feed, the dependency network in Graphviz
    /// DOT or as a Mermaid flowchart; on standard output or into a file
    /// (`-o FILE`).
    ///
    /// `milepost help exports` describes each format. The same plan and
    /// `--as-of` always give the same bytes.
    ///
    /// Exit status: 0 when written, 1 when the plan is invalid (its problems
    /// are printed as by `check`), 2 on any other error (unreadable plan, a
    /// file it cannot write, an unknown `--person`, an option the format
    /// does not take).
    Export(ExportArgs),
    /// Print the JSON Schema of a plan file kind, for editors and other tools.
    Schema(SchemaArgs),
    /// Print the shell completion script for SHELL.
    ///
    /// bash: `milepost completions bash > ~/.local/share/bash-completion/completions/milepost`;
    /// zsh: `milepost completions zsh > ~/.zfunc/_milepost` (with `fpath+=~/.zfunc` before
    /// `compinit`); fish: `milepost completions fish > ~/.config/fish/completions/milepost.fish`;
    /// PowerShell: `milepost completions powershell | Out-String | Invoke-Expression` in your
    /// profile; elvish: `eval (milepost completions elvish | slurp)` in `rc.elv`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff) of milepost or of one of its commands,
    /// or write them all, one per command, with `--out DIR`.
    ///
    /// `milepost man | man -l -` reads it; `milepost man --out ~/.local/share/man/man1`
    /// installs the pages for `man milepost` and `man milepost-check`.
    ///
    /// Exit status: 0 when written, 2 when it cannot be (an existing page
    /// without `--force`, an unknown command, a directory it cannot write).
    Man(ManArgs),
    /// Print the help of a command, or a reference shipped inside milepost:
    /// `format`, `scheduling`, `monte-carlo`, `templates`, `exports`, `mspdi`, `svg`, `diagnostics` or `json`.
    ///
    /// `milepost help format` prints the plan format, every key; `milepost
    /// help check` is `milepost check --help`. The references are the
    /// Markdown files of the repository's `docs/`, as they were when this
    /// milepost was built.
    Help(HelpArgs),
    /// Start a plan: a commented `project.toml`, a first milestone and
    /// feature, JSON Schemas for editors; optionally a GitHub workflow and
    /// a pre-commit hook.
    ///
    /// Where a plan is already there, its files are kept and only what is
    /// missing around it is added (`init --ci github` on the plan you have).
    /// Never overwrites: when a file it would write is there and differs,
    /// it lists them and writes nothing (`--force` overwrites milepost's own
    /// files: schemas, `.taplo.toml`, the workflow; never a plan file or a
    /// pre-commit hook).
    ///
    /// Exit status: 0 when written (or nothing was missing), 1 when files
    /// are already there (nothing written), 2 when it cannot run (a
    /// directory it cannot write, `--hooks` outside a Git repository).
    Init(InitArgs),
    /// Add a feature, milestone or risk file, its references checked first.
    ///
    /// Exit status: 0 when written, 1 when refused (the id is taken, a
    /// reference names nothing; nothing written), 2 for a bad argument (not
    /// a valid id, a value no plan would take) or when it cannot run (no
    /// plan found, unreadable plan).
    New(NewArgs),
    /// Mark a feature started: `status = "in-progress"`, `started` today
    /// or `--on DATE`. The file keeps its comments and layout.
    ///
    /// Exit status: 0 when written, 1 when refused (unknown id, a feature
    /// already started, done or cut, the file changed on disk meanwhile;
    /// nothing written), 2 when it cannot run.
    Start(ProgressArgs),
    /// Mark a feature done: `status = "done"`, `finished` today or `--on
    /// DATE`. The file keeps its comments and layout.
    ///
    /// Exit status: 0 when written, 1 when refused (unknown id, a feature
    /// not started, finished before it started, already done or cut, the
    /// file changed on disk meanwhile; nothing written), 2 when it cannot run.
    Done(ProgressArgs),
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The plan directory (the one holding `project.toml`). Default: `plan/`
    /// in the current directory or the nearest parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// Write nothing: list the files that are not formatted and exit with 1
    /// if there is any.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct HelpArgs {
    /// A command (`check`, `report`, ...) or a reference (`format`,
    /// `scheduling`, `monte-carlo`, `templates`, `exports`, `mspdi`, `svg`,
    /// `diagnostics`, `json`). Default: the overview, and the list of
    /// references.
    #[arg(value_name = "COMMAND|TOPIC")]
    pub topic: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`check`, `report`, ...). Default:
    /// the page of `milepost` itself.
    #[arg(value_name = "COMMAND", conflicts_with = "out")]
    pub command: Option<String>,

    /// Write every page into DIR (created if missing), each file
    /// atomically: `milepost.1`, `milepost-check.1`, ...
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// With `--out`: replace pages that are already there.
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The status date.
#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// The status date (YYYY-MM-DD): done work keeps its actual dates, work
    /// in progress continues from it, nothing unstarted is scheduled before
    /// it. Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<crate::model::Date>,

    /// Schedule as if people were unlimited: the critical path method
    /// alone, without resource leveling (`milepost help scheduling`).
    #[arg(long)]
    pub no_level: bool,
}

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    #[command(flatten)]
    pub plan: PlanArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// `table` (for people), `json` (`milepost help json`), `csv`,
    /// `mermaid` (a Gantt chart in Markdown) or `svg` (a Gantt chart drawn
    /// by milepost: `milepost help svg`).
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Table)]
    pub format: ScheduleFormat,

    /// How the Gantt chart (`--format mermaid` or `svg`) is divided: a
    /// section per milestone, or per person (each one's work in the order
    /// they do it).
    #[arg(long, value_enum, default_value_t = GanttBy::Milestone)]
    pub by: GanttBy,

    /// With `--format svg`: also draw each milestone's P50 to P95 band
    /// from a Monte Carlo forecast of N runs (as `milepost forecast`; 0,
    /// the default, draws none).
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 0, value_parser = parse_schedule_runs)]
    pub runs: usize,

    /// The seed of that forecast's random numbers (as `milepost forecast --seed`).
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,

    /// Also give the project's chance of finishing by DATE (YYYY-MM-DD, a
    /// finish on that day counts): PERT's normal approximation, in the
    /// table's PERT line and as `pert.by` in JSON (`milepost help scheduling`).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub by_date: Option<crate::model::Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScheduleFormat {
    Table,
    Json,
    Csv,
    Mermaid,
    Svg,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The feature or milestone id.
    pub id: String,

    #[command(flatten)]
    pub plan: PlanArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub plan: PlanArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// The format to write.
    #[arg(long, value_enum)]
    pub format: ExportFormat,

    /// With `--format ics`: add this person's work (an id of
    /// `[[people]]`), each feature they own as an event.
    #[arg(long, value_name = "ID")]
    pub person: Option<String>,

    /// With `--format ics`: make the Monte Carlo forecast with N runs, from
    /// 0 to 1000000, and add each milestone's "80% confident by" day as an
    /// event. Default 0: no Monte Carlo.
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = 0, value_parser = parse_export_runs)]
    pub runs: usize,

    /// The seed of the Monte Carlo's random numbers (as `milepost forecast --seed`).
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,

    /// Write to FILE (atomically) instead of standard output; never over a
    /// file of the plan or a template it reads.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A TaskJuggler 3 project (`tj3`), to cross-check the schedule.
    Tjp,
    /// Microsoft Project XML (MSPDI), which MS Project and ProjectLibre
    /// open: tasks with milepost's forecast, links, people as resources,
    /// assignments, calendars (`milepost help mspdi`).
    Mspdi,
    /// An iCalendar feed (RFC 5545) of the milestones' forecasts and
    /// deadlines, for Google Calendar, Outlook or any calendar.
    Ics,
    /// The dependency network in Graphviz's DOT (`dot -Tsvg`).
    Dot,
    /// The dependency network as a Mermaid flowchart.
    MermaidFlowchart,
}

impl ExportFormat {
    /// The name `--format` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Tjp => "tjp",
            ExportFormat::Mspdi => "mspdi",
            ExportFormat::Ics => "ics",
            ExportFormat::Dot => "dot",
            ExportFormat::MermaidFlowchart => "mermaid-flowchart",
        }
    }
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The base revision, or a range `BASE..HEAD` or `BASE...HEAD` (from the
    /// merge base). Default: `HEAD`.
    #[arg(value_name = "BASE")]
    pub base: Option<String>,

    /// The head revision. Default: the working tree.
    #[arg(value_name = "HEAD")]
    pub head: Option<String>,

    /// The plan directory (the one holding `project.toml`), the same at both
    /// revisions. Default: `plan/` in the current directory or the nearest
    /// parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// `human` (for a terminal), `markdown` (a pull-request comment, from
    /// the template `diff.md`: see `--template`) or `json` (`milepost help json`).
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,

    /// Exit 1 when a milestone's forecast moves later by more than DAYS
    /// working days, or newly misses its deadline.
    #[arg(long, allow_negative_numbers = true, value_name = "DAYS", value_parser = parse_gate_days)]
    pub fail_on_slip: Option<u32>,

    /// Exit 1 when the Monte Carlo P80 of the project or of a milestone
    /// moves later by more than DAYS working days.
    #[arg(long, allow_negative_numbers = true, value_name = "DAYS", value_parser = parse_gate_days)]
    pub fail_on_p80_slip: Option<u32>,

    /// Monte Carlo runs of each side for the P80 shift (the same seed on
    /// both sides, so an unchanged plan shifts by 0); 0 leaves it out.
    /// Default: 1000, or when either side has more than 5000 features
    /// 1000 × 5000 / features (at least 100), as `report`.
    #[arg(long, allow_negative_numbers = true, value_name = "N", value_parser = parse_diff_runs)]
    pub runs: Option<usize>,

    /// The seed of the P80 shift's random numbers.
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,

    /// Exit 1 when the head side has errors.
    #[arg(long)]
    pub fail_on_invalid: bool,

    /// Also compare the head with the plan at this revision (a tag such as
    /// `v1-plan-approved`), scheduled as of that commit's date: each
    /// milestone's variance, the scope added and cut, the cost.
    #[arg(long, value_name = "REV")]
    pub baseline: Option<String>,

    /// With `--format markdown`: the template of the comment.
    #[command(flatten)]
    pub templating: TemplateArgs,
}

/// Whether `path`'s extension is one of `extensions` (lower case), in any case.
pub(crate) fn has_extension(path: &std::path::Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Human,
    Markdown,
    Json,
}

/// Which plan to read.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The plan directory (the one holding `project.toml`). Default: `plan/`
    /// in the current directory or the nearest parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// Read the plan as it is at this Git revision (branch, tag, commit,
    /// `HEAD~3`) instead of the working tree. Nothing is checked out.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub plan: PlanArgs,

    /// How to print problems: `human` (to stderr), `json` or `github` (to stdout).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Treat warnings as errors: exit 1 when there are any.
    #[arg(long, value_enum, value_name = "LINTS")]
    pub deny: Option<Deny>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Source snippets with carets and hints, like rustc.
    Human,
    /// One JSON document, described by `milepost help json`.
    Json,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

pub use crate::schema::SchemaKind;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clap_definitions_are_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    /// Every `milepost ...` command in the CI examples (`examples/ci/`) is one
    /// the command line accepts: a renamed flag cannot silently break them.
    #[test]
    fn ci_examples_use_real_commands() {
        use clap::Parser;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci");
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // Join shell continuation lines.
            let joined = text.replace("\\\n", " ");
            for line in joined.lines() {
                let line = line
                    .trim()
                    .trim_start_matches("run:")
                    .trim_start_matches("entry:")
                    .trim();
                if !line.starts_with("milepost ") {
                    continue;
                }
                // Shell and Actions expressions stand for a date or a revision.
                let mut command = String::new();
                let mut rest = line;
                while let Some(i) = rest.find("${{") {
                    command.push_str(&rest[..i]);
                    command.push_str("2026-01-05");
                    rest = rest[i..].split_once("}}").map_or("", |(_, r)| r);
                }
                command.push_str(rest);
                let command = command
                    .replace("\"$AS_OF\"", "2026-01-05")
                    .replace("\"$SINCE\"", "2026-01-05");
                // Stop at a redirection or a pipe.
                let command = command.split(['>', '|']).next().unwrap();
                let args: Vec<String> = command
                    .split_whitespace()
                    .map(|a| a.trim_matches('"').to_string())
                    .collect();
                if let Err(e) = Cli::try_parse_from(&args) {
                    panic!("{}: `{line}` is not a valid milepost command:\n{e}", path.display());
                }
                checked += 1;
            }
        }
        assert!(checked >= 2, "only {checked} commands found in examples/ci");
    }

    /// Every command the GitHub Action (`action.yml`) runs, with every
    /// option its inputs can add, is one the command line accepts. Its
    /// steps build each command as a bash array: `args=(...)`, then
    /// `args+=(...)`, then `milepost "${args[@]}" ...`.
    #[test]
    fn the_action_runs_real_commands() {
        use clap::Parser;
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml");
        let text = std::fs::read_to_string(&path).unwrap();
        let values = [
            ("\"$PLAN\"", "plan"),
            ("\"$AS_OF\"", "2026-01-05"),
            ("\"$SLIP\"", "5"),
            ("\"$KIND\"", "status"),
            ("\"$path\"", "STATUS.md"),
            ("\"$BASE...$HEAD\"", "a...b"),
        ];
        let inside = |line: &str, open: &str| {
            line.split_once(open)
                .and_then(|(_, r)| r.split_once(')'))
                .map(|(a, _)| a.to_string())
        };
        let mut args: Vec<String> = Vec::new();
        let mut commands = Vec::new();
        for line in text.lines().map(str::trim) {
            if let Some(a) = inside(line, "args=(") {
                args = vec![a];
            } else if let Some(a) = inside(line, "args+=(") {
                args.push(a);
            } else if let Some((_, rest)) = line.split_once("milepost \"${args[@]}\"") {
                let rest = rest.split(['>', '|', ';']).next().unwrap_or_default();
                let mut command = format!("milepost {} {rest}", args.join(" "));
                for (var, value) in values {
                    command = command.replace(var, value);
                }
                commands.push(command);
            }
        }
        assert_eq!(commands.len(), 4, "check, fmt, diff and report: {commands:?}");
        for command in &commands {
            assert!(!command.contains('$'), "a variable the test does not know: {command}");
            let words: Vec<&str> = command.split_whitespace().collect();
            if let Err(e) = Cli::try_parse_from(&words) {
                panic!("action.yml runs `{command}`, which is not a valid milepost command:\n{e}");
            }
        }
    }
}
