//! The arguments of `milepost forecast`, and the parsers of the Monte
//! Carlo's runs and seed that `report`, `diff` and `history` share. Clap
//! types only.

use clap::{Args, ValueEnum};

use super::{AsOfArgs, PlanArgs};

#[derive(Debug, Args)]
pub struct ForecastArgs {
    #[command(flatten)]
    pub plan: PlanArgs,

    #[command(flatten)]
    pub as_of: AsOfArgs,

    /// How many times to schedule the plan, from 1 to 1000000.
    #[arg(long, allow_negative_numbers = true, value_name = "N", default_value_t = crate::forecast::DEFAULT_RUNS, value_parser = parse_runs)]
    pub runs: usize,

    /// The seed of the random numbers: the same seed gives the same
    /// forecast. A whole number from 0 to 18446744073709551615.
    #[arg(long, allow_negative_numbers = true, value_name = "S", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,

    /// How a three-point estimate is sampled: `pert` (PERT-Beta) or `triangular`.
    #[arg(long, value_enum, default_value_t = Distribution::Pert)]
    pub distribution: Distribution,

    /// `table` (for people), `json` (`milepost help json`), `markdown`
    /// (with a Mermaid chart of the finish), or `csv` (one row per run).
    #[arg(long, value_enum, default_value_t = ForecastFormat::Table)]
    pub format: ForecastFormat,
}

fn parse_runs(s: &str) -> Result<usize, String> {
    runs_from_one(s, crate::forecast::DEFAULT_RUNS)
}

pub(super) fn parse_history_runs(s: &str) -> Result<usize, String> {
    runs_from_one(s, crate::history::confidence::DEFAULT_RUNS)
}

/// A number of Monte Carlo runs from 1 to [`crate::forecast::MAX_RUNS`],
/// for a command whose default is `default`.
fn runs_from_one(s: &str, default: usize) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if (1..=crate::forecast::MAX_RUNS).contains(&n) => Ok(n),
        _ => Err(format!(
            "give a whole number of runs from 1 to {} ({default} is the default)",
            crate::forecast::MAX_RUNS
        )),
    }
}

pub(super) fn parse_diff_runs(s: &str) -> Result<usize, String> {
    runs_or_none(s, "no P80 shift", &scaled(crate::diff::confidence::DEFAULT_RUNS))
}

pub(super) fn parse_report_runs(s: &str) -> Result<usize, String> {
    runs_or_none(s, "no Monte Carlo", &scaled(crate::report::confidence::DEFAULT_RUNS))
}

pub(super) fn parse_schedule_runs(s: &str) -> Result<usize, String> {
    runs_or_none(s, "no forecast band", "0")
}

pub(super) fn parse_export_runs(s: &str) -> Result<usize, String> {
    runs_or_none(s, "no Monte Carlo", "0")
}

/// A default of `runs` that [`crate::forecast::default_runs`] scales
/// down on large plans, in words.
fn scaled(runs: usize) -> String {
    format!(
        "{runs}, fewer on plans of more than {} features",
        crate::forecast::FULL_RUNS_UP_TO
    )
}

/// A number of Monte Carlo runs from 0 (`none`: what 0 leaves out) to
/// [`crate::forecast::MAX_RUNS`], for a command whose default is `default`.
fn runs_or_none(s: &str, none: &str, default: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n <= crate::forecast::MAX_RUNS => Ok(n),
        _ => Err(format!(
            "give a whole number of runs from 0 ({none}) to {} (the default is {default})",
            crate::forecast::MAX_RUNS
        )),
    }
}

pub(super) fn parse_seed(s: &str) -> Result<u64, String> {
    s.trim()
        .parse::<u64>()
        .map_err(|_| "give a whole number from 0 to 18446744073709551615 as the seed".to_string())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Distribution {
    Pert,
    Triangular,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ForecastFormat {
    Table,
    Json,
    Markdown,
    Csv,
}
