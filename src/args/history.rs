//! `milepost history`'s arguments: which commits, what to forecast at
//! each, and how to write it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::forecast::{parse_history_runs, parse_seed};
use super::{Since, has_extension, parse_date, parse_since};

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The plan directory (the one holding `project.toml`), the same at every
    /// commit. Default: `plan/` in the current directory or the nearest
    /// parent, up to the repository root.
    #[arg(long, value_name = "DIR")]
    pub plan: Option<PathBuf>,

    /// Walk these commits: `A..B` (after A, up to B) or one revision to walk
    /// back from. Default: `HEAD`.
    #[arg(long, value_name = "RANGE")]
    pub rev_range: Option<String>,

    /// Follow every parent of merges, not only the main line.
    #[arg(long)]
    pub all_parents: bool,

    /// Only commits dated on or after DATE (YYYY-MM-DD, committer date), or
    /// only the commits after the revision REV (as `--rev-range REV..`).
    #[arg(long, value_name = "DATE|REV", value_parser = parse_since)]
    pub since: Option<Since>,

    /// Only commits dated on or before DATE.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<crate::model::Date>,

    /// The life of one feature, milestone or risk: when it was created, each
    /// change and who made it (renamed files followed).
    #[arg(long, value_name = "ID")]
    pub item: Option<String>,

    /// Schedule every commit's plan as if people were unlimited: the
    /// critical path method alone, without resource leveling
    /// (`milepost help scheduling`).
    #[arg(long)]
    pub no_level: bool,

    /// Also forecast each commit's plan with the Monte Carlo (`milepost
    /// help monte-carlo`): its P50, P80 and P95 and the chance of each
    /// deadline, beside the forecast; the slip charts show the P50 and P95.
    #[arg(long)]
    pub forecast: bool,

    /// Monte Carlo runs per commit with `--forecast`, from 1 to 1000000.
    #[arg(long, allow_negative_numbers = true, value_name = "N", requires = "forecast", default_value_t = crate::history::confidence::DEFAULT_RUNS, value_parser = parse_history_runs)]
    pub runs: usize,

    /// The seed of the Monte Carlo's random numbers with `--forecast`, the
    /// same for every commit (as `milepost forecast --seed`).
    #[arg(long, allow_negative_numbers = true, value_name = "S", requires = "forecast", default_value_t = crate::forecast::DEFAULT_SEED, value_parser = parse_seed)]
    pub seed: u64,

    /// `markdown` (through a template, like `report`) or `json` (`milepost
    /// help json`). Default: `json` when `-o` names a `.json` file, else
    /// `markdown`.
    #[arg(long, value_enum)]
    pub format: Option<HistoryFormat>,

    /// Render this template file instead of the built-in one (see `milepost help templates`).
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,

    /// Look up templates here first: `history.md` or `history-item.md` replaces the default.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,

    /// Write to FILE (atomically) instead of standard output; never over a
    /// file of the plan or a template it reads.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

impl HistoryArgs {
    /// `--format`, else JSON when `-o` names a `.json` file, else Markdown.
    pub fn format(&self) -> HistoryFormat {
        match self.format {
            Some(format) => format,
            None if self.output.as_deref().is_some_and(|f| has_extension(f, &["json"])) => HistoryFormat::Json,
            None => HistoryFormat::Markdown,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Markdown,
    Json,
}
