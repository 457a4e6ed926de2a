//! The diff as a document: the types `milepost diff --format json` writes
//! (`docs/json.md`) and the text and Markdown renderers read.

use schemars::JsonSchema;
use serde::Serialize;

pub use super::baseline::{Baseline, BaselineMilestone, BaselineScope, CostVariance, ScopeItem};
pub use super::confidence::{P80Change, P80Milestone, P80Shift};
use crate::model::Date;
use crate::source::Revision;

/// Everything that changed between two versions of a plan.
#[derive(Clone, Debug, Serialize)]
pub struct PlanDiff {
    pub version: u32,
    pub as_of: Date,
    pub base: Side,
    pub head: Side,
    /// False when nothing below differs.
    pub changed: bool,
    /// The one-sentence summary, in plain text.
    pub summary: String,
    pub counts: Counts,
    /// Items added, removed, cut, restored or changed, by kind then id.
    pub items: Vec<ItemChange>,
    /// Every milestone of either side that is scheduled on either side,
    /// in forecast order: by the head's forecast, then deadline (none
    /// last), then id; those not forecast on the head last.
    pub milestones: Vec<MilestoneImpact>,
    pub critical_path: CriticalPathChange,
    pub project_finish: FinishChange,
    pub cost: CostChange,
    pub problems: Problems,
    /// Filled in by the command from `--fail-on-slip`, `--fail-on-p80-slip`
    /// and `--fail-on-invalid`.
    pub gate: Gate,
    /// With `--baseline REV`: the head against the plan at REV, scheduled
    /// as of REV's commit date (see [`Baseline`]).
    pub baseline: Option<Baseline>,
    /// The Monte Carlo P80 before and after (`--runs`, `--seed`); null with
    /// `--runs 0` or when neither side can be forecast.
    pub p80: Option<P80Shift>,
}

/// One side of the comparison.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Side {
    /// The revision as given (`main`, `HEAD~1`), `merge base of A and B`
    /// for `A...B`, or `working tree`.
    pub label: String,
    /// The revision and the full commit id it resolved to; null for the
    /// working tree.
    pub revision: Option<Revision>,
    /// The plan directory as shown: `REV:path/in/repo` for a revision.
    pub plan: String,
    /// Errors on that side.
    pub errors: usize,
    /// Warnings on that side.
    pub warnings: usize,
    /// Whether the side could be scheduled: it has no errors (and a plan).
    pub scheduled: bool,
    /// False when the plan directory does not exist at that revision: the
    /// side is then an empty plan, and everything on the other is added (or
    /// removed).
    pub exists: bool,
    /// When `exists` is false because the plan directory's path holds
    /// something else at that revision: what (`a file`, `a symbolic link`,
    /// `a submodule`); null otherwise.
    pub not_a_folder: Option<String>,
}

impl Side {
    /// Why a side without the plan has none, when its path holds something
    /// else: ` (the plan's path is a file there)`; empty otherwise.
    pub fn why_no_plan(&self) -> String {
        match &self.not_a_folder {
            Some(what) if !self.exists => format!(" (the plan's path is {what} there)"),
            _ => String::new(),
        }
    }
}

/// The number of items with each change.
#[derive(Clone, Copy, Debug, Default, Serialize, JsonSchema)]
pub struct Counts {
    /// Items added.
    pub added: usize,
    /// Items whose file is gone.
    pub removed: usize,
    /// Items whose status became `cut`.
    pub cut: usize,
    /// Items whose status was `cut` and is not any more.
    pub restored: usize,
    /// Items with other changes.
    pub changed: usize,
    /// Items whose file was renamed.
    pub renamed: usize,
}

impl Counts {
    /// How many of `items` there are of each kind of change.
    pub fn of(items: &[ItemChange]) -> Counts {
        let mut counts = Counts::default();
        for i in items {
            *match i.change {
                Change::Added => &mut counts.added,
                Change::Removed => &mut counts.removed,
                Change::Cut => &mut counts.cut,
                Change::Restored => &mut counts.restored,
                Change::Changed => &mut counts.changed,
                Change::Renamed => &mut counts.renamed,
            } += 1;
        }
        counts
    }
}

/// How an item changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Added,
    Removed,
    /// Its status became `cut`.
    Cut,
    /// Its status was `cut` and is not any more.
    Restored,
    /// Some of its fields changed.
    Changed,
    /// Its file was renamed (Git's rename detection): a new id for the same
    /// item; its other changes are in `fields` and `dependencies`.
    Renamed,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Cut => "cut",
            Change::Restored => "restored",
            Change::Changed => "changed",
            Change::Renamed => "renamed",
        }
    }
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(rename = "ItemDiff")]
pub struct ItemChange {
    /// `milestone`, `feature` or `risk`; `project` (the project file's own
    /// fields, id `project`) or `person` (one of `[[people]]`, by id).
    pub kind: &'static str,
    /// The item's id (on the head side; on the base for a removed item).
    pub id: String,
    /// The head's title (the base's for a removed item).
    pub title: String,
    /// `added`, `removed`, `cut`, `restored`, `changed` or `renamed`.
    pub change: Change,
    /// For `renamed`: the id it had before.
    pub renamed_from: Option<String>,
    /// Fields that differ (for `cut` and `restored`, besides the status;
    /// for `added`, every field set but the title, with `before` null).
    pub fields: Vec<FieldChange>,
    /// `depends-on` links added, removed or changed (for `added`, all of them).
    pub dependencies: DependencyChanges,
}

/// One field, before and after, as written in the plan (`null`: not set).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[schemars(rename = "FieldDiff")]
pub struct FieldChange {
    /// For a feature `title`, `status`, `kind`, `owner`, `milestone`,
    /// `priority`, `rank`, `estimate`, `remaining`, `not-before`,
    /// `started`, `finished` or `tags`; for a milestone `title`, `owner` or
    /// `deadline`; for a risk `title`, `status`, `probability` (as a
    /// percentage), `impact.days`, `impact.cost`, `affects`, `owner` or
    /// `review-by`; for the project
    /// `name`, `start`, `currency`, `budget`, `contingency`, `owner`,
    /// `tech-lead`, `product`, `workdays` or `holiday`; for a person
    /// `name`, `role`, `capacity`, `workdays`, `day-rate` or `time off`. A
    /// `holiday` or `time off` added has no `before`, one removed no
    /// `after`.
    pub field: &'static str,
    /// The value before, as written.
    pub before: Option<String>,
    /// The value after, as written.
    pub after: Option<String>,
    /// For `estimate`: the working days it stands for (the PERT mean of a
    /// three-point estimate).
    pub before_days: Option<f64>,
    /// For `estimate`: the working days it stands for after.
    pub after_days: Option<f64>,
}

impl FieldChange {
    /// The change as the vocabulary writes it (see [`crate::render::vocab::field_change`]).
    pub fn view(&self) -> crate::render::vocab::Field<'_> {
        crate::render::vocab::Field {
            field: self.field,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
            before_days: self.before_days,
            after_days: self.after_days,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct DependencyChanges {
    /// Links new on the head side.
    pub added: Vec<Link>,
    /// Links gone from the head side.
    pub removed: Vec<Link>,
    /// Same predecessor, another type or lag.
    pub changed: Vec<LinkChange>,
}

impl DependencyChanges {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A `depends-on` entry.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Link {
    /// The predecessor's id.
    pub id: String,
    /// `FS`, `SS`, `FF` or `SF`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// As written (`2d`, `-1d`), `null` for none.
    pub lag: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct LinkChange {
    /// The predecessor's id.
    pub id: String,
    /// The link as it was.
    pub before: Link,
    /// The link as it is.
    pub after: Link,
}

/// A milestone's forecast before and after.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MilestoneImpact {
    /// The milestone's id.
    pub id: String,
    /// Its id in the base, when its file was renamed (one milestone, its
    /// forecasts compared); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Its title (the head's, or the base's when removed).
    pub title: String,
    /// The forecast (the day it is reached); `null` when the milestone is not
    /// on that side or that side could not be scheduled.
    pub before: Option<Date>,
    /// The forecast after.
    pub after: Option<Date>,
    /// Working days from `before` to `after` on the head's calendar:
    /// positive when the milestone slips.
    pub delta_days: Option<i64>,
    /// The head's deadline (the base's for a removed milestone).
    pub deadline: Option<Date>,
    /// Whether the forecast misses the deadline before (`null`: not known).
    pub late_before: Option<bool>,
    /// Whether the forecast misses the deadline after (`null`: not known).
    pub late_after: Option<bool>,
    /// It misses its deadline after, and did not before. A milestone new in
    /// the head counts; one whose base could not be scheduled does not.
    pub newly_late: bool,
    /// `diff` only, for a milestone that slips: the people on its driving
    /// path after that were not before, in words ("ben's time off
    /// 2026-08-10..21", "mara works on auth/mfa until 2026-04-03"). Absent
    /// when none (and in `history`'s log, which does not look for them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    /// `diff` only, for a milestone that slips: the risks that occurred
    /// on its driving path after that were not before (or with other
    /// days), in words ("snowflake (10 working days on
    /// ingest/warehouse-connectors)", "outage (2 working days before
    /// beta)"). Absent when none (and in `history`'s log).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub risks: Vec<String>,
}

impl MilestoneImpact {
    /// Whether anything about it differs.
    pub fn moved(&self) -> bool {
        self.before != self.after || self.late_before != self.late_after
    }
}

/// An item on the critical path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ItemRef {
    /// `feature` or `milestone`.
    pub kind: &'static str,
    /// Its id (on the head side).
    pub id: String,
    /// Its title.
    pub title: String,
}

/// Items on the critical path after and not before, and the reverse. Empty
/// unless both sides were scheduled.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct CriticalPathChange {
    /// Critical after and not before.
    pub entered: Vec<ItemRef>,
    /// Critical before and not after.
    pub left: Vec<ItemRef>,
}

/// The project's last working day before and after.
#[derive(Clone, Copy, Debug, Serialize, JsonSchema)]
pub struct FinishChange {
    /// The last working day before; null when the base was not scheduled.
    pub before: Option<Date>,
    /// The last working day after; null when the head was not scheduled.
    pub after: Option<Date>,
    /// Working days from `before` to `after`: positive when later.
    pub delta_days: Option<i64>,
}

/// The cost at day rates (each live feature's estimate × its owner's day
/// rate) before and after.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CostChange {
    /// The head's currency (ISO 4217), or the base's.
    pub currency: Option<String>,
    /// The cost of the base's live features at their owners' day rates;
    /// null when its people could not be read (a `project.toml` that does
    /// not parse): unknown, not zero. Zero when there is no plan.
    pub before: Option<f64>,
    /// The same for the head.
    pub after: Option<f64>,
    /// `after - before`: positive when the plan costs more; null when
    /// either is.
    pub delta: Option<f64>,
    /// Live features left out of `before`: no estimate, owner or day rate.
    pub uncosted_features_before: usize,
    /// Live features left out of `after`.
    pub uncosted_features_after: usize,
}

/// Problems new and fixed, each identified by code, file and message.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Problems {
    /// On the head and not on the base.
    pub new: Vec<Problem>,
    /// On the base and not on the head.
    pub fixed: Vec<Problem>,
}

/// A diagnostic, identified by code, file and message (not by position).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Problem {
    /// The diagnostic code (`E0203`), see docs/diagnostics.md.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The file as shown on its side; `null` for the plan as a whole.
    pub file: Option<String>,
    /// The line of the problem in that file.
    pub line: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
}

/// The change-control gate: whether the change may pass.
#[derive(Clone, Debug, Default, Serialize, JsonSchema)]
pub struct Gate {
    /// `--fail-on-slip DAYS`, when given.
    pub fail_on_slip: Option<u32>,
    /// `--fail-on-p80-slip DAYS`, when given.
    pub fail_on_p80_slip: Option<u32>,
    /// Whether `--fail-on-invalid` was given.
    pub fail_on_invalid: bool,
    /// Whether the gate trips: the exit status is then 1.
    pub tripped: bool,
    /// One sentence per reason, in plain text.
    pub reasons: Vec<String>,
}
