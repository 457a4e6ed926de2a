//! The arguments of the commands that write the plan: `init`, `new`,
//! `start` and `done`. Clap types only, no logic.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the plan. Default: `MILEPOST_PLAN`, or the `plan`
    /// of a `milepost.toml`, or `plan/` in the current directory.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// The project's name. Default: the name of the folder the plan is in.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// The project's first working day (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_plan_date)]
    pub start: Option<crate::model::Date>,

    /// Also write a CI workflow: `github`, `.github/workflows/milepost.yml`
    /// at the repository root (check, and the pull request's diff in the
    /// job summary).
    #[arg(long, value_enum, value_name = "CI")]
    pub ci: Option<InitCi>,

    /// Also write a Git pre-commit hook (`.git/hooks/pre-commit`) that runs
    /// `milepost check` when a commit touches the plan. An existing hook is
    /// never replaced.
    #[arg(long)]
    pub hooks: bool,

    /// Leave out `.taplo.toml` (the `#:schema` line of each file still
    /// tells editors its schema).
    #[arg(long)]
    pub no_taplo: bool,

    /// Overwrite milepost's own files that are there and differ (the
    /// schemas, `.taplo.toml`, the workflow); never a plan file or a hook.
    ///
    /// A plan's files (`project.toml`, with the project, its people,
    /// calendar and holidays, and every milestone, feature and risk) are
    /// never overwritten, `--force` or not: where a plan is there, `init`
    /// keeps it and adds what is missing around it. With `--force` the
    /// schemas written by another version of milepost are brought up to
    /// date. Never a pre-commit hook, never any other file. Without
    /// `--force`, `init` lists the files that are there and differ, and
    /// writes nothing.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InitCi {
    /// A GitHub Actions workflow.
    Github,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    #[command(subcommand)]
    pub item: NewItem,
}

#[derive(Debug, Subcommand)]
pub enum NewItem {
    /// `features/ID.toml`: one piece of work.
    Feature(NewFeatureArgs),
    /// `milestones/ID.toml`: a point the team works towards.
    Milestone(NewMilestoneArgs),
    /// `risks/ID.toml`: something that may go wrong.
    Risk(NewRiskArgs),
}

/// What every new item takes.
#[derive(Debug, Args)]
pub struct NewCommonArgs {
    /// The new item's id, which is its file name: letters, digits, `-` and
    /// `_`; `/` makes subfolders (`auth/sso` is `features/auth/sso.toml`).
    #[arg(value_name = "ID")]
    pub id: String,

    /// One line saying what it is. Default: made from the id.
    #[arg(long, value_name = "TEXT")]
    pub title: Option<String>,

    /// The person who owns it: an `id` from `[[people]]`.
    #[arg(long, value_name = "PERSON")]
    pub owner: Option<String>,

    /// The plan directory (the one holding `project.toml`). Default: `plan/`
    /// in the current directory or the nearest parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct NewFeatureArgs {
    #[command(flatten)]
    pub common: NewCommonArgs,

    /// The milestone it ships in.
    #[arg(long, value_name = "MILESTONE")]
    pub milestone: Option<String>,

    /// The work, in working days or weeks (`5d`, `0.5d`, `2w`).
    #[arg(long, value_name = "DURATION")]
    pub estimate: Option<String>,

    /// Features or milestones it waits for (finish-to-start), comma-separated.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub after: Vec<String>,

    /// `must`, `should`, `could` or `wont`.
    #[arg(long, value_name = "PRIORITY")]
    pub priority: Option<String>,

    /// `proposed` or `planned` (the default).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
}

#[derive(Debug, Args)]
pub struct NewMilestoneArgs {
    #[command(flatten)]
    pub common: NewCommonArgs,

    /// The committed date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = super::parse_plan_date)]
    pub deadline: Option<crate::model::Date>,

    /// Milestones or features that must finish first, comma-separated.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub after: Vec<String>,
}

#[derive(Debug, Args)]
pub struct NewRiskArgs {
    #[command(flatten)]
    pub common: NewCommonArgs,

    /// The chance it happens, from 0 to 1 (`0.3`, not `30%`).
    #[arg(long, value_name = "NUMBER", allow_negative_numbers = true)]
    pub probability: String,

    /// Working days of delay if it happens, a number without a unit (`5`,
    /// not `5d`), at most 10000.
    #[arg(long, value_name = "DAYS", allow_negative_numbers = true)]
    pub impact_days: Option<String>,

    /// Extra cost if it happens, in the project currency (`5000`).
    #[arg(long, value_name = "AMOUNT", allow_negative_numbers = true)]
    pub impact_cost: Option<String>,

    /// The features and milestones it would hit, comma-separated.
    #[arg(long, value_name = "ID,...", value_delimiter = ',')]
    pub affects: Vec<String>,

    /// What is being done about it.
    #[arg(long, value_name = "TEXT")]
    pub mitigation: Option<String>,
}

/// `milepost start` and `milepost done`.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// The feature's id.
    #[arg(value_name = "ID")]
    pub id: String,

    /// The day (YYYY-MM-DD), today or before. Default: today.
    #[arg(long, value_name = "DATE", value_parser = super::parse_plan_date)]
    pub on: Option<crate::model::Date>,

    /// The plan directory (the one holding `project.toml`). Default: `plan/`
    /// in the current directory or the nearest parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,
}
