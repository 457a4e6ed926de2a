//! Command-line arguments: clap types only, no logic.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Git-native project plans: validate, schedule and report a plan kept as
/// TOML files next to the code.
#[derive(Debug, Parser)]
#[command(name = "milepost", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    /// When to use colours: `auto` uses them on a terminal unless NO_COLOR is set.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the plan and report every problem at once.
    ///
    /// Exit status: 0 when the plan is valid, 1 when it has errors (or
    /// warnings, with `--deny warnings`), 2 when the plan cannot be read at all
    /// (no plan found, unknown revision, unreadable file, bad arguments).
    Check(CheckArgs),
    /// Print the JSON Schema of a plan file kind, for editors and other tools.
    Schema(SchemaArgs),
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
    /// One JSON document, described in docs/json.md.
    Json,
    /// GitHub Actions annotations (`::error file=...`).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    Warnings,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema to print.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// `project.toml`
    Project,
    /// `milestones/*.toml`
    Milestone,
    /// `features/*.toml`
    Feature,
    /// `risks/*.toml`
    Risk,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
