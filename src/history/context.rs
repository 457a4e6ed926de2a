//! What `milepost history` produces: the JSON document of `--format json`
//! and the context its templates see (the same data).
//!
//! Field docs here are the reference; `docs/templates.md` repeats them and
//! `schema/history-context.schema.json` is generated from these types. Text
//! from the plan and from commits (titles, subjects, author names) is raw:
//! templates pass it through the `md` filter.

use schemars::JsonSchema;
use serde::Serialize;

use crate::diff::context::DetailedChange;
use crate::diff::{Change, DependencyChanges, FieldChange, MilestoneImpact, Problem};

/// Everything a history template can use.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "milepost history context")]
pub struct History {
    /// The shape of this document: 1. Bumped when a field changes meaning or goes away.
    pub version: u32,
    /// `history`, or `history-item` with `--item` (also with `--template FILE`).
    pub report: String,
    /// The project's name in the newest readable plan of the commits listed, or, when none is listed, in the plan where the walk starts (empty if none).
    pub project: String,
    /// The plan directory, relative to the repository root.
    pub plan: String,
    /// The project's currency (ISO 4217), from the same plan as `project`.
    pub currency: Option<String>,
    /// What was walked: `HEAD`, the `--rev-range` given, or `REV..` for `--since REV`.
    pub range: String,
    /// True unless `--all-parents`: merges count as one change on the main line.
    pub first_parent: bool,
    /// `--since DATE` (YYYY-MM-DD), when given (`--since REV` shows in `range`).
    pub since: Option<String>,
    /// `--until` (YYYY-MM-DD), when given.
    pub until: Option<String>,
    /// Commits looked at, whether or not they changed the plan.
    pub commits_seen: usize,
    /// Commits that changed the plan directory (and pass the date filters).
    pub commits: usize,
    /// Of those, how many had a plan without errors (charted when it could be scheduled).
    pub valid: usize,
    /// Of the valid ones, how many could not be scheduled as of their
    /// commit's date (the work runs past the year 9000): listed in the log,
    /// left out of the charts.
    pub unscheduled: usize,
    /// How many had a plan with errors (listed in the log, left out of the charts).
    pub invalid: usize,
    /// How many had no plan directory (it was removed).
    pub missing: usize,
    /// Set when the repository is a shallow clone: the history stops early.
    pub shallow: Option<Shallow>,
    /// What each milestone's `slip_days` is measured from and as of when,
    /// in words: `working days from the milestone's first forecast in the
    /// history walked, each plan as of its commit's date`.
    pub basis: String,
    /// What the change log's milestone moves (`log[].milestones[].delta_days`)
    /// are measured from and as of when, in words.
    pub log_basis: String,
    /// One slip series per milestone seen in a valid plan, in forecast
    /// order: by the latest forecast, then deadline (none last), then id.
    pub milestones: Vec<SlipSeries>,
    /// Scope and progress at each commit with a valid plan, oldest first.
    pub scope: Vec<ScopePoint>,
    /// Scope added and taken out per week (weeks start on Monday), oldest first.
    pub weeks: Vec<ScopeWeek>,
    /// The change log: one entry per commit that changed the plan, newest first.
    pub log: Vec<LogEntry>,
    /// Mermaid charts, ready to print in a ```` ```mermaid ```` block.
    pub charts: Charts,
    /// With `--item ID`: the life of that item; `null` otherwise.
    pub item: Option<ItemLife>,
    /// With `--forecast`: the Monte Carlo forecast at each commit with a
    /// valid plan; `null` otherwise.
    pub monte_carlo: Option<MonteCarlo>,
}

/// The Monte Carlo forecast of each commit's plan (`--forecast`,
/// docs/monte-carlo.md), as of the commit's date, as `milepost forecast
/// --rev COMMIT --as-of DATE --runs N --seed S` makes it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonteCarlo {
    /// Runs per commit (`--runs`).
    pub runs: usize,
    /// The seed, the same at every commit (`--seed`): common random
    /// numbers, so that a commit that changes nothing the forecast reads
    /// moves no figure.
    pub seed: u64,
    /// How three-point estimates were sampled: `pert` (PERT-Beta).
    pub distribution: String,
    /// One per commit whose plan could be scheduled, oldest first.
    pub commits: Vec<CommitConfidence>,
}

/// One commit's Monte Carlo figures, beside its deterministic forecast.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CommitConfidence {
    /// The commit's date (the status date the plan was forecast as of).
    pub date: String,
    /// Short commit id.
    pub commit: String,
    /// The project's finish.
    pub project: FinishConfidence,
    /// Each milestone, in plan order.
    pub milestones: Vec<MilestoneConfidence>,
}

/// A finish over the runs, beside the deterministic forecast.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FinishConfidence {
    /// The deterministic forecast (YYYY-MM-DD).
    pub forecast: String,
    /// The finish half the runs make.
    pub p50: String,
    /// That 80% of runs make: "80% confident by".
    pub p80: String,
    /// That 95% of runs make.
    pub p95: String,
}

/// A milestone's Monte Carlo figures at one commit.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MilestoneConfidence {
    /// The milestone's id.
    pub id: String,
    /// The deterministic forecast (YYYY-MM-DD).
    pub forecast: String,
    /// Its deadline at that commit.
    pub deadline: Option<String>,
    /// The day half the runs reach it by.
    pub p50: String,
    /// The day 80% of runs reach it by.
    pub p80: String,
    /// The day 95% of runs reach it by.
    pub p95: String,
    /// The share of runs that reach it by its deadline, 0 to 1; null
    /// without a deadline.
    pub deadline_chance: Option<f64>,
}

/// A slip point's Monte Carlo figures (`--forecast`).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct SlipConfidence {
    /// The day half the runs reach the milestone by.
    pub p50: String,
    /// The day 80% of runs reach it by.
    pub p80: String,
    /// The day 95% of runs reach it by.
    pub p95: String,
    /// Working days from the series' first (deterministic) forecast to `p50`.
    pub p50_slip_days: i64,
    /// To `p80`.
    pub p80_slip_days: i64,
    /// To `p95`.
    pub p95_slip_days: i64,
    /// The share of runs that reach it by its deadline, 0 to 1; null
    /// without a deadline.
    pub deadline_chance: Option<f64>,
}

/// How much history a shallow clone holds.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Shallow {
    /// The oldest commit available (short id).
    pub oldest_commit: String,
    /// Its committer date.
    pub oldest_date: String,
    /// What to do to see the rest, in one sentence.
    pub hint: String,
}

/// One milestone's forecast over time.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SlipSeries {
    /// The milestone's id.
    pub id: String,
    /// Its title in the newest plan that has it.
    pub title: String,
    /// Its deadline in the newest plan that has it.
    pub deadline: Option<String>,
    /// The first forecast finish in the history walked.
    pub first: String,
    /// The newest forecast finish.
    pub last: String,
    /// Working days from `first` to `last` (positive: it slipped).
    pub slip_days: i64,
    /// Whether the newest forecast misses the deadline.
    pub late: bool,
    /// Whether the newest valid plan still has the milestone.
    pub current: bool,
    /// The forecast at the first commit, at each commit where it or the
    /// deadline changed (or, with `--forecast`, a Monte Carlo figure), and
    /// at the last commit; oldest first.
    pub points: Vec<SlipPoint>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SlipPoint {
    /// The commit's date (the status date the plan was scheduled as of).
    pub date: String,
    /// Short commit id.
    pub commit: String,
    /// Forecast finish.
    pub forecast: String,
    /// The deadline at that commit.
    pub deadline: Option<String>,
    /// Working days between forecast and deadline (negative: late).
    pub margin_days: Option<i64>,
    /// Working days from the series' first forecast to this one.
    pub slip_days: i64,
    /// With `--forecast`: the Monte Carlo figures at that commit; `null`
    /// otherwise.
    pub confidence: Option<SlipConfidence>,
}

/// The plan's size and progress at one commit.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScopePoint {
    /// The commit's date.
    pub date: String,
    /// Short commit id.
    pub commit: String,
    /// Live (not cut) features.
    pub features: usize,
    /// Of those, how many are done.
    pub done: usize,
    /// Cut features.
    pub cut: usize,
    /// Working days of estimate of the live features (PERT means).
    pub estimate_days: f64,
    /// Working days of estimate of the done features.
    pub done_days: f64,
    /// The forecast project finish.
    pub finish: String,
}

/// Scope moved in one week, from the change log.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct ScopeWeek {
    /// The Monday the week starts on.
    pub week: String,
    /// Commits that changed the plan that week.
    pub commits: usize,
    /// Features added.
    pub added: usize,
    /// Their estimates, in working days.
    pub added_days: f64,
    /// Features cut, or removed from the plan.
    pub cut: usize,
    /// Their estimates, in working days.
    pub cut_days: f64,
    /// Cut features restored.
    pub restored: usize,
    /// Their estimates, in working days.
    pub restored_days: f64,
    /// The estimates of features live before and after raised (positive) or lowered.
    pub reestimated_days: f64,
    /// How the estimate of live features moved over the week: what each
    /// valid commit in it moved it from its parent's plan (from the last
    /// valid commit walked before it when the parent's plan could not be
    /// read), so that a walk that starts after the plan was created starts
    /// from the plan there, and a commit dated out of order counts in its
    /// own week. With `--all-parents`, a merge moves only what it changed
    /// itself: its branch counted already.
    pub net_days: f64,
    /// The part of `net_days` the change log cannot attribute: changes made
    /// across commits whose plan could not be read (0 otherwise).
    pub unattributed_days: f64,
}

/// One commit that changed the plan, with what it changed (the vocabulary of
/// `milepost diff`: its parent's plan against its own, both scheduled as of
/// the commit's date).
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LogEntry {
    /// Full commit id.
    pub commit: String,
    /// Short commit id (7 characters).
    pub short: String,
    /// The committer's date (YYYY-MM-DD, in the committer's time zone).
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// The commit has several parents.
    pub merge: bool,
    /// `valid`, `invalid` (errors: listed, not charted) or `missing` (no plan directory).
    pub state: String,
    /// When `state` is `missing` because the plan directory's path holds
    /// something else at this commit: what (`a file`, `a symbolic link`,
    /// `a submodule`); null otherwise.
    pub not_a_folder: Option<String>,
    /// Errors in the plan at this commit.
    pub errors: usize,
    /// Warnings in the plan at this commit.
    pub warnings: usize,
    /// Whether the plan was scheduled as of the commit's date: false when
    /// `state` is not `valid`, and for a valid plan whose work runs past the
    /// year 9000 from that date (listed, left out of the charts).
    pub scheduled: bool,
    /// False for the oldest commit of a shallow clone: its parent is not
    /// there to compare with, so `items` and the rest are empty.
    pub compared: bool,
    /// One sentence: what the commit did to the plan.
    pub summary: String,
    /// Items added, removed, cut, restored, renamed or changed.
    pub items: Vec<DetailedChange>,
    /// Milestones whose forecast or deadline status moved.
    pub milestones: Vec<MilestoneImpact>,
    /// Total cost at the parent, in the project currency; null when its
    /// people could not be read (unknown, not zero).
    pub cost_before: Option<f64>,
    /// Total cost at this commit; null as `cost_before`.
    pub cost_after: Option<f64>,
    /// `cost_after - cost_before`; null when either is.
    pub cost_delta: Option<f64>,
    /// Problems the commit brought.
    pub problems_new: Vec<Problem>,
    /// Problems the commit fixed.
    pub problems_fixed: Vec<Problem>,
}

/// Charts as Mermaid source.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Charts {
    /// One line chart per milestone whose forecast is known on at least
    /// two days: its slip since the first forecast.
    pub slip: Vec<Chart>,
    /// Scope and done work (burn-up), when valid plans span at least two days.
    pub scope: Option<String>,
    /// Set when the charts show a sample of the points: says how many.
    pub sampled: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Chart {
    /// The milestone's id.
    pub id: String,
    /// Mermaid `xychart-beta` source.
    pub mermaid: String,
}

/// The life of one item, for `--item ID`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ItemLife {
    /// The id asked for.
    pub id: String,
    /// `milestone`, `feature` or `risk`; empty if never found.
    pub kind: String,
    /// Its newest title.
    pub title: String,
    /// Every id it had, oldest first (several when its file was renamed).
    pub ids: Vec<String>,
    /// Whether it is in the newest plan.
    pub exists: bool,
    /// Each commit that changed it, oldest first; the first is usually its creation.
    pub events: Vec<ItemEvent>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ItemEvent {
    /// Full commit id.
    pub commit: String,
    /// Short commit id.
    pub short: String,
    /// The committer's date.
    pub date: String,
    /// The author's name.
    pub author: String,
    /// The first line of the commit message.
    pub subject: String,
    /// `added`, `removed`, `cut`, `restored`, `renamed` or `changed`.
    pub change: Change,
    /// For `renamed`: the id before.
    pub renamed_from: Option<String>,
    /// Fields set (for `added`) or changed.
    pub fields: Vec<FieldChange>,
    /// Dependencies added (for `added`: all of them), removed or changed.
    pub dependencies: DependencyChanges,
    /// The same, one line of plain text each.
    pub details: Vec<String>,
}

/// The history as a template's context. The change log (most of a long
/// history) is converted on two cores, half on another thread while this
/// one converts the other half and the rest; the log is put back after.
pub fn template_context(h: &mut History) -> minijinja::Value {
    use minijinja::value::{Serde, Value};
    let convert = |x: &LogEntry| Value::from(Serde(x));
    // Below this many entries a thread costs more than it saves.
    const SPLIT: usize = 256;
    if h.log.len() < SPLIT || crate::par::threads() < 2 {
        return Value::from(Serde(&*h));
    }
    let log = std::mem::take(&mut h.log);
    let (older, newer) = log.split_at(log.len() / 2);
    let (rest, entries) = std::thread::scope(|scope| {
        let other = scope.spawn(|| newer.iter().map(convert).collect::<Vec<_>>());
        let mut entries: Vec<Value> = older.iter().map(convert).collect();
        let rest = Value::from(Serde(&*h));
        match other.join() {
            Ok(part) => entries.extend(part),
            // A panic converting is a bug: let it surface as one.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        (rest, entries)
    });
    h.log = log;
    // `log` is looked up first, then everything else (an empty `log` in it).
    minijinja::context! { log => Value::from(entries), ..rest }
}
