//! The data every report template sees: a serializable snapshot of the plan
//! and its schedule as of the status date.
//!
//! Field docs here (and in `context/people.rs`, each person's load) are the
//! reference for template authors; `docs/templates.md`
//! explains them with examples and `schema/report-context.schema.json` is
//! generated from these types. Text fields that come from the plan (titles,
//! names, descriptions, mitigations) are raw: templates pass them through the
//! `md` filter (Markdown) or `mermaid` filter (charts).

use std::sync::Arc;

use crate::model::Date;

use schemars::JsonSchema;
use serde::Serialize;

/// Text the context shares with the plan and the schedule (ids, titles,
/// names) rather than copies: written out as a string.
pub type Text = Arc<str>;

/// A value of the plan in its words (its `Display`: `3d/5d/2w` for an
/// estimate), written out when a template or the context's JSON reads it:
/// a large plan's status report reads a few of tens of thousands.
#[derive(Clone, Debug)]
pub struct Written<T>(pub T);

impl<T: std::fmt::Display> Serialize for Written<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// What sets an item's start, in the words of the context's `driver`
/// fields (`auth-db (FS)`, `the status date`, `not-before`, `actual
/// dates`, `the project start`, `mara, busy on auth/mfa`): the schedule's
/// driver, written out when a template or the context's JSON reads it
/// ([`Written`]).
#[derive(Clone, Debug)]
pub struct DriverWords(pub crate::schedule::Driver);

impl std::fmt::Display for DriverWords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::schedule::Driver;
        f.write_str(match &self.0 {
            Driver::ProjectStart => "the project start",
            Driver::StatusDate => "the status date",
            Driver::NotBefore => "not-before",
            Driver::Actual => "actual dates",
            d @ (Driver::Item { .. } | Driver::Person { .. } | Driver::OwnerAway { .. }) => {
                return f.write_str(&crate::render::schedule::driver_text(d));
            }
        })
    }
}

mod people;
pub use people::{Gap, MonthLoad, Person, Queued, Window};

/// Everything a report template can use.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "milepost report context")]
pub struct Context {
    /// The shape of this context: 1. Bumped when a field changes meaning or goes away.
    pub version: u32,
    /// Which report is being rendered: `status`, `roadmap`, `gantt`, `risks`,
    /// or `custom` for `--template FILE`.
    pub report: String,
    /// `engineering` (the default: the full detail) or `exec` (`--audience exec`).
    pub audience: String,
    /// The project: name, dates, where the plan was read from.
    pub project: Project,
    /// Overall health: `late` when a milestone is forecast after its
    /// deadline; `at-risk` when one has little margin, a critical feature is
    /// blocked, or someone is booked over their capacity (`overloaded`:
    /// never in a leveled forecast, where people move dates instead; with
    /// `--no-level`, whenever the schedule overbooks someone); `done` when
    /// every milestone and feature is done; else `on-track`.
    pub health: String,
    /// Why the health is what it is, one sentence each, worst first. Only
    /// ids, dates and numbers: safe to print without escaping.
    pub health_reasons: Vec<String>,
    pub progress: Progress,
    /// Milestones in forecast order: by forecast, then deadline (none
    /// last), then id.
    pub milestones: Vec<Milestone>,
    /// Live (not cut) features in schedule order: by start, then finish, then id.
    // (Shared with `blocked`, `late` and `unassigned`, not copied.)
    pub features: Vec<Arc<Feature>>,
    /// Cut features, by id: out of the schedule, kept for the record.
    pub cut: Vec<Feature>,
    /// The first critical path, from its start to the project end. Every
    /// critical feature and milestone also has `critical = true`.
    pub critical_path: Vec<Step>,
    /// The critical chains (several when paths tie), each as ids in order:
    /// at most 100, the first in plan order of their items.
    pub critical_paths: Vec<Vec<String>>,
    /// Features with `status = "blocked"`, in schedule order. Their forecast
    /// assumes they resume on the status date (docs/scheduling.md); those
    /// with negative total float are late too, but listed here only.
    pub blocked: Vec<Arc<Feature>>,
    /// Unfinished features with negative total float that are not blocked:
    /// they cannot finish in time for a deadline they lead to. Most
    /// negative float first.
    pub late: Vec<Arc<Feature>>,
    /// Committed, unfinished features nobody owns (not `proposed`, `done`
    /// or cut), in schedule order.
    pub unassigned: Vec<Arc<Feature>>,
    /// Risks by exposure: open ones first (schedule exposure, then cost
    /// exposure, then id), closed ones last.
    pub risks: Vec<Risk>,
    /// The Monte Carlo forecast's runs and the project's P50/P80/P95
    /// (`--runs`, docs/monte-carlo.md); null with `--runs 0`.
    pub monte_carlo: Option<super::confidence::MonteCarlo>,
    /// The people in `project.toml`, in file order, with their load.
    pub people: Vec<Person>,
    /// The calendar months the forecast spans (`YYYY-MM`), from the status
    /// date's to the project finish's, in order: `MonthLoad.index` is a
    /// place in this list. Empty when no working day is left.
    pub months: Vec<String>,
    pub budget: Budget,
    pub gantt: Gantt,
    /// With `--baseline REV`: the forecast now against the plan at REV,
    /// scheduled as of REV's commit date. Null without `--baseline`.
    pub baseline: Option<crate::diff::Baseline>,
    /// What changed in the plan since `--since REV`, or by default since
    /// the previous tag touching the plan. Null when there is no such tag,
    /// the plan is not in a Git repository, or with `--no-since`.
    pub changes: Option<Changes>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Project {
    /// The project's name.
    pub name: String,
    /// What the project is for.
    pub description: Option<String>,
    /// ISO 4217 code, when the project sets one.
    pub currency: Option<String>,
    /// First working day of the project (YYYY-MM-DD).
    pub start: String,
    /// Forecast last working day of the project.
    pub finish: String,
    /// The status date (`--as-of`).
    pub as_of: String,
    /// Working days from the start to the forecast finish.
    pub length_days: i64,
    /// PERT's expected finish of the project (YYYY-MM-DD): the day it
    /// falls on, from the unrounded estimates (docs/scheduling.md).
    pub pert_finish: String,
    /// The same, in working days from day 0, unrounded.
    pub pert_finish_days: f64,
    /// Its PERT standard deviation in working days; 0 when certain.
    pub pert_std_dev_days: f64,
    /// Whether the forecast is leveled: people move dates (the plan has
    /// people who own work, and `--no-level` was not given).
    pub leveled: bool,
    /// The plan directory as given on the command line.
    pub plan: String,
    /// The Git revision the plan was read from (`--rev`), if any.
    pub revision: Option<Revision>,
    /// Name of the `[roles] owner`.
    pub owner: Option<String>,
    /// Name of the `[roles] tech-lead`.
    pub tech_lead: Option<String>,
    /// Name of the `[roles] product` owner.
    pub product: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Revision {
    /// As given: `main`, `v1.0`, `HEAD~3`.
    pub name: String,
    /// The full commit id.
    pub commit: String,
}

/// Counts over live features, and work done by estimate.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Progress {
    /// Features not cut.
    pub features: usize,
    /// Features done.
    pub done: usize,
    /// Features in progress.
    pub in_progress: usize,
    /// Features blocked.
    pub blocked: usize,
    /// `planned` or `proposed`.
    pub not_started: usize,
    /// Features cut (not counted in `features`).
    pub cut: usize,
    /// Sum of the estimates, in working days (PERT means, unrounded).
    pub estimate_days: f64,
    /// Working days of that estimate already done: done features in full,
    /// features in progress or blocked as their estimate minus `remaining`;
    /// work not started counts nothing.
    pub done_days: f64,
    /// `done_days / estimate_days`, from 0 to 1; 0 when nothing is estimated.
    pub complete: f64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Milestone {
    /// Its id (the file name under `milestones/`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its description: the exit criteria.
    pub description: Option<String>,
    /// Id of the person accountable.
    pub owner: Option<String>,
    /// The owner's name, from `[[people]]`.
    pub owner_name: Option<String>,
    /// The committed date, if any.
    pub deadline: Option<String>,
    /// Forecast day the milestone is reached (early finish).
    pub forecast: String,
    /// Latest day it can be reached without delaying the project or missing
    /// a deadline.
    pub late_finish: String,
    /// Working days between the forecast and the deadline: positive when
    /// early, negative when late, 0 on the day. None without a deadline.
    pub margin_days: Option<i64>,
    /// `done` (every feature done and the day reached), `late` (forecast
    /// after the deadline), `at-risk` (fewer than 5 working days of margin,
    /// or under 80% chance of making it: the Monte Carlo's when the report
    /// makes one, else PERT's), `on-track`, or `no-deadline`.
    pub status: String,
    /// Working days it can slip without delaying the project or missing a deadline; negative when a deadline cannot be met.
    pub total_float: i64,
    /// On the critical path.
    pub critical: bool,
    /// Live features shipping in it.
    pub features: usize,
    /// Of which done.
    pub features_done: usize,
    /// Share of its features' estimate that is done, 0 to 1.
    pub complete: f64,
    /// PERT's expected finish (YYYY-MM-DD): the day it falls on, from the
    /// unrounded estimates along the driving path (docs/scheduling.md).
    pub pert_finish: String,
    /// The same, in working days from the project's day 0, unrounded.
    pub pert_finish_days: f64,
    /// PERT standard deviation of the forecast, in working days, along the
    /// driving path: 0 when nothing on it is uncertain.
    pub std_dev: f64,
    /// PERT's normal approximation of the chance to make the deadline, 0
    /// to 1, against `pert_finish_days`; null without a deadline or when
    /// nothing on the path is uncertain (`std_dev` 0).
    pub probability: Option<f64>,
    /// The Monte Carlo's dates and chance of the deadline; null with `--runs 0`.
    pub monte_carlo: Option<super::confidence::MilestoneConfidence>,
    /// Cost of its features at day rates (see `budget`).
    pub cost: f64,
    /// Ids of the risks that affect it.
    pub risks: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Feature {
    /// Its id (the path under `features/`, without `.toml`).
    pub id: Text,
    /// Its title.
    pub title: Text,
    /// Its description.
    pub description: Option<String>,
    /// Id of the milestone it ships in.
    pub milestone: Option<Text>,
    /// That milestone's title.
    pub milestone_title: Option<Text>,
    /// Id of the person who owns it.
    pub owner: Option<Text>,
    /// That person's name.
    pub owner_name: Option<Text>,
    /// `proposed`, `planned`, `in-progress`, `blocked`, `done` or `cut`.
    pub status: &'static str,
    /// `feature`, `tech-debt`, `bug` or `chore`.
    pub kind: &'static str,
    /// MoSCoW: `must`, `should`, `could`, `wont`.
    pub priority: Option<&'static str>,
    /// The estimate as written: `5d`, or `3d/5d/2w` (low/likely/high).
    #[schemars(with = "Option<String>")]
    pub estimate: Option<Written<crate::model::Estimate>>,
    /// The estimate in working days (the PERT mean for three points).
    pub estimate_days: Option<f64>,
    /// Working days of scheduled work left from the status date (0 when done).
    pub remaining_days: i64,
    /// Forecast first day of work (early start). Dates are None for cut features.
    #[schemars(with = "Option<String>")]
    pub start: Option<Date>,
    /// Forecast last day of work (inclusive).
    #[schemars(with = "Option<String>")]
    pub finish: Option<Date>,
    /// Latest start that delays neither the project nor a deadline.
    #[schemars(with = "Option<String>")]
    pub late_start: Option<Date>,
    /// Latest finish that delays neither the project nor a deadline.
    #[schemars(with = "Option<String>")]
    pub late_finish: Option<Date>,
    /// Working days it can slip without delaying the project or missing a deadline.
    pub total_float: Option<i64>,
    /// Working days it can slip without delaying anything that waits for it.
    pub free_float: Option<i64>,
    /// On the critical path.
    pub critical: bool,
    /// What sets its start, in words: `auth-db (FS)`, `the status date`,
    /// `not-before`, `actual dates`, `the project start`.
    #[schemars(with = "Option<String>")]
    pub driver: Option<Written<DriverWords>>,
    /// RICE score: reach × impact × confidence / effort in working days.
    /// None unless reach, impact, confidence and an estimate are all given.
    pub rice: Option<f64>,
    /// Estimate × the owner's day rate; None when it cannot be costed.
    pub cost: Option<f64>,
    /// Share done by estimate, 0 to 1: 1 when done; `(estimate −
    /// remaining) / estimate` with a `remaining`, in progress or blocked
    /// (not on work not started); for work in progress
    /// without one, what the schedule counts done: leveled, with an owner
    /// among the people, a day for each of their working days since it
    /// started at their capacity; otherwise the project's working days
    /// since then; leaving a day of work at least; otherwise 0.
    pub complete: f64,
    /// Ids of what it waits for (`depends-on`).
    pub depends_on: Vec<String>,
    /// Its tags.
    pub tags: Vec<String>,
    /// Its links (URLs).
    pub links: Vec<String>,
}

/// An item on the critical path.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Step {
    /// Its id.
    pub id: String,
    /// `feature` or `milestone`.
    pub kind: String,
    /// Its title.
    pub title: String,
    /// Start (for a milestone, the day it is reached).
    pub start: String,
    /// Inclusive finish (for a milestone, the day it is reached).
    pub finish: String,
    /// Working days (0 for a milestone).
    pub duration: i64,
    /// Its total float, in working days (negative when a deadline cannot be met).
    pub total_float: i64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Risk {
    /// Its id (the path under `risks/`).
    pub id: String,
    /// What might happen.
    pub title: String,
    /// Cause, trigger, consequences.
    pub description: Option<String>,
    /// `open`, `mitigating`, `accepted`, `occurred` or `closed`.
    pub status: String,
    /// Chance it happens, 0 to 1: 1 for a risk that occurred (as the
    /// Monte Carlo forecast counts it), whatever its file says.
    pub probability: f64,
    /// Working days of delay if it happens.
    pub impact_days: Option<f64>,
    /// Extra cost if it happens.
    pub impact_cost: Option<f64>,
    /// probability × impact_days (0 without impact_days).
    pub exposure_days: f64,
    /// probability × impact_cost (0 without impact_cost).
    pub exposure_cost: f64,
    /// Id of the person watching it.
    pub owner: Option<String>,
    /// That person's name.
    pub owner_name: Option<String>,
    /// What is being done about it.
    pub mitigation: Option<String>,
    /// When it should be looked at again.
    pub review_by: Option<String>,
    /// The review-by date is before the status date and the risk is not closed.
    pub review_overdue: bool,
    /// The features and milestones it would hit.
    pub affects: Vec<Affected>,
    /// Its effect on the project's P80 in the Monte Carlo; null with
    /// `--runs 0`, when it cannot move a date, or when it happens in every
    /// run or in none (occurred, closed): there is no P80 without it to
    /// compare with.
    pub p80_effect: Option<super::confidence::RiskEffect>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Affected {
    /// The id of the feature or milestone.
    pub id: String,
    /// `feature` or `milestone`.
    pub kind: String,
    /// Its title.
    pub title: String,
}

/// Cost at day rates: each feature's estimate (PERT mean) × its owner's
/// `day-rate`. Work without an owner or a rate is counted apart.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Budget {
    /// The project currency (ISO 4217), if set.
    pub currency: Option<String>,
    /// `[budget] total`, if set.
    pub total: Option<f64>,
    /// `[budget] contingency`, if set: part of the total held back for risks.
    pub contingency: Option<f64>,
    /// Cost of every live feature that can be costed.
    pub planned: f64,
    /// Of which done.
    pub spent: f64,
    /// Cost of the risks that occurred (their `impact.cost`): certain, so
    /// counted with `planned` in `remaining`, `used`, `into_contingency`
    /// and `over`.
    pub occurred_risks: f64,
    /// total − (planned + occurred_risks); None without a budget.
    pub remaining: Option<f64>,
    /// (planned + occurred_risks) / total; None without a budget.
    pub used: Option<f64>,
    /// planned + occurred_risks > total − contingency: the plan eats into
    /// the contingency.
    pub into_contingency: bool,
    /// planned + occurred_risks > total.
    pub over: bool,
    /// The cost over the Monte Carlo's runs (estimate ranges, and the open
    /// risks that happen in each run): null without a Monte Carlo forecast
    /// (`--runs 0`) or when nothing has a cost.
    pub monte_carlo: Option<BudgetConfidence>,
    /// Per milestone, in milestone order, then work in no milestone.
    pub by_milestone: Vec<BudgetLine>,
    /// Live features that could not be costed (no estimate, owner or rate).
    pub uncosted_features: usize,
    /// Their estimated working days (those with an estimate).
    pub uncosted_days: f64,
}

/// The cost over the Monte Carlo's runs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BudgetConfidence {
    /// The cost half the runs stay within.
    pub p50: f64,
    /// The cost 80% of the runs stay within.
    pub p80: f64,
    /// The cost 95% of the runs stay within.
    pub p95: f64,
    /// The share of runs whose cost is within `total`; null without a
    /// budget.
    pub within_budget: Option<f64>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BudgetLine {
    /// The milestone id; None for work in no milestone.
    pub milestone: Option<String>,
    /// The milestone title, or `No milestone`.
    pub title: String,
    /// Cost of its features that could be costed.
    pub cost: f64,
    /// Its live features that could not be costed.
    pub uncosted_features: usize,
}

/// The Mermaid Gantt chart, already escaped and sized.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Gantt {
    /// Mermaid source, without the ``` fence. Print it as is.
    pub chart: String,
    /// What the chart shows: `full` (every feature and milestone),
    /// `critical` (milestones and critical features only), `milestones`, or
    /// `none` when even that passes the budget.
    pub scope: String,
    /// Characters in `chart`.
    pub size: usize,
    /// The budget it had to fit (`--gantt-budget`).
    pub budget: usize,
    /// Characters the full chart would have taken.
    pub full_size: usize,
}

/// The plan's changes since a revision, in `milepost diff`'s vocabulary.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Changes {
    /// The revision as given to `--since` (the date, for `--since DATE`), or
    /// the tag's name.
    pub name: String,
    /// The full commit id it resolved to.
    pub commit: String,
    /// Its commit's committer date.
    pub date: String,
    /// How it was chosen: `since` (`--since REV` or `--since DATE`) or `previous-tag` (the
    /// most recent tag on the first-parent line before the plan reported
    /// whose commit changed the plan directory).
    pub chosen: String,
    /// False when the plan directory did not exist at that revision: every
    /// item is then `added`.
    pub exists: bool,
    /// Errors in the plan at that revision (it is compared item by item all the same).
    pub errors: usize,
    pub counts: ChangeCounts,
    /// Items added, removed, cut, restored or changed, by kind (milestones,
    /// features, risks) then id, then the project's own change and its
    /// people's (in the head's `[[people]]` order, then those removed).
    pub items: Vec<ItemChange>,
}

/// The number of `items` with each `change`.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct ChangeCounts {
    /// New items.
    pub added: usize,
    /// Items whose file is gone.
    pub removed: usize,
    /// Features whose status became `cut`.
    pub cut: usize,
    /// Features whose status was `cut` and is not any more.
    pub restored: usize,
    /// Items whose file was renamed (Git's rename detection), with or
    /// without other changes.
    pub renamed: usize,
    /// Items with other changes.
    pub changed: usize,
}

/// One item that changed.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ItemChange {
    /// `milestone`, `feature` or `risk`; `project` (the project file's own
    /// fields) or `person` (one of `[[people]]`, by id).
    pub kind: String,
    /// Its id. An item gone since may come from a plan with errors: print
    /// it through `md`.
    pub id: String,
    /// For `renamed`: its id before (its file's old name); null otherwise.
    pub renamed_from: Option<String>,
    /// Its current title (the old one for a removed item).
    pub title: String,
    /// `added`, `removed`, `cut`, `restored`, `renamed` or `changed`.
    #[schemars(with = "String")]
    pub change: crate::diff::Change,
    /// Each field that differs (for `cut` and `restored`, besides the status).
    pub fields: Vec<crate::diff::FieldChange>,
    /// Each `depends-on` link added, removed or changed.
    pub dependencies: Vec<DependencyChange>,
}

/// A `depends-on` link added, removed or changed.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DependencyChange {
    /// `added`, `removed` or `changed` (same predecessor, another type or lag).
    pub change: String,
    /// The predecessor's id.
    pub id: String,
    /// The link before, as `diff` prints it (`auth-db`, `auth-db (SS, lag
    /// 2d)`); null when added.
    pub before: Option<String>,
    /// The link after; null when removed.
    pub after: Option<String>,
}
