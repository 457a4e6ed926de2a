//! What the diff's template (`diff.md`, `milepost diff --format markdown`)
//! sees: the document of `--format json` ([`PlanDiff`]), with some of it in
//! words, as the terminal report says it.
//!
//! Field docs here are the reference; `docs/templates.md` repeats them and
//! `schema/diff-context.schema.json` is generated from these types. Text from
//! the plan (titles, messages, the ids of items read from a plan with errors)
//! and revision names is raw: templates pass it through the `md` or `code`
//! filter. The fields named `..._markdown` are Markdown already.

use schemars::JsonSchema;
use serde::Serialize;

use super::{
    Baseline, CostChange, Counts, CriticalPathChange, FinishChange, Gate, ItemChange, MilestoneImpact, P80Shift,
    PlanDiff, Problems, ScopeItem, Side,
};
use crate::model::Date;
use crate::render::diff::{baseline_name, deadline_status, details, scope_rows, side_name};
use crate::render::markdown::inline;
use crate::render::vocab;

/// Everything the diff template can use.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[schemars(title = "milepost diff context")]
pub struct Context {
    /// The shape of this context: 1. Bumped when a field changes meaning or goes away.
    pub version: u32,
    /// The status date both sides are scheduled as of (a baseline has its own).
    pub as_of: Date,
    /// What the milestones' `delta_days` and the project finish's are
    /// measured from and as of when, in words: `working days from the
    /// forecast at v1 to the forecast at v3, both as of 2026-03-02`. The same
    /// words as the terminal output; plain text, with the revisions as given.
    pub basis: String,
    /// The version compared from.
    pub base: DiffSide,
    /// The version compared to.
    pub head: DiffSide,
    /// False when nothing below differs.
    pub changed: bool,
    /// The one-sentence summary, in plain text.
    pub summary: String,
    /// The same sentence in Markdown: the titles and revision names in it
    /// escaped as `md` escapes them, the rest as is. Print it as it is.
    pub summary_markdown: String,
    /// Whether the forecasts can be compared: each side was scheduled, or
    /// is an absent plan. When false, milestone forecasts and the project
    /// finish are not compared, and a side with errors is the reason.
    pub comparable: bool,
    /// How many items changed, by kind of change.
    pub counts: Counts,
    /// Items added, removed, cut, restored, changed or renamed, by kind
    /// (milestones, features, risks) then id, then the project's own change
    /// and its people's (in the head's `[[people]]` order, then those
    /// removed).
    pub items: Vec<DetailedChange>,
    /// Every milestone of either side that is scheduled on either side,
    /// in forecast order: by the head's forecast, then deadline (none
    /// last), then id; those not forecast on the head last.
    pub milestones: Vec<DiffMilestone>,
    /// Items that entered and left the critical path.
    pub critical_path: CriticalPathChange,
    /// The project's last working day before and after.
    pub project_finish: FinishChange,
    /// The cost before and after.
    pub cost: CostChange,
    /// Problems new on the head and fixed since the base.
    pub problems: Problems,
    /// The gate of `--fail-on-slip`, `--fail-on-p80-slip` and `--fail-on-invalid`.
    pub gate: Gate,
    /// With `--baseline REV`: the head against the plan at REV. Null without.
    pub baseline: Option<DiffBaseline>,
    /// The Monte Carlo P80 of the project and each milestone before and
    /// after (same seed and runs on both sides). Null with `--runs 0` or
    /// when neither side can be forecast.
    pub p80: Option<P80Shift>,
}

/// One side of the comparison, and how to name it.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DiffSide {
    #[serde(flatten)]
    pub side: Side,
    /// How to name it: the label and the first 12 characters of its commit
    /// (`v1 (d22e995a292f)`, `working tree`), after `no plan at ` when the
    /// plan directory does not exist there.
    pub name: String,
}

/// An item change (the fields of `milepost diff`'s items) with its details
/// in words.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DetailedChange {
    /// The change, as `milepost diff` describes it.
    #[serde(flatten)]
    pub change: ItemChange,
    /// Each field and dependency change as one line of plain text
    /// (`estimate: 1w → 2d/3d/10d (5 → 4 working days)`, `depends on auth`): one
    /// per entry of `fields`, in that order, then the dependencies.
    pub details: Vec<String>,
}

impl DetailedChange {
    /// `change`, with its details in words.
    pub fn of(change: ItemChange) -> DetailedChange {
        DetailedChange {
            details: details(&change),
            change,
        }
    }
}

/// A milestone's forecast before and after, and its standing in words.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DiffMilestone {
    #[serde(flatten)]
    pub impact: MilestoneImpact,
    /// Whether its forecast or its standing against the deadline differs.
    pub moved: bool,
    /// Its standing against its deadline after the change: `added`,
    /// `added, misses its deadline`, `removed`, `no deadline`, `newly
    /// misses its deadline`, `misses its deadline`, `now meets its
    /// deadline`, `meets its deadline`, or `-` when not known.
    pub status: &'static str,
}

/// The head against a baseline, with how to name it and its figures in words.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DiffBaseline {
    #[serde(flatten)]
    pub baseline: Baseline,
    /// How to name it: the revision and the first 12 characters of its
    /// commit (`v1 (d22e995a292f)`).
    pub label: String,
    /// The summary's clause about the baseline in Markdown (the revision
    /// and titles escaped as `md` escapes them): `vs baseline v1: Beta +7
    /// working days`. Print it as it is.
    pub clause_markdown: String,
    /// The scope's figures in words; null when the baseline has errors.
    pub scope_words: Option<ScopeWords>,
}

/// The scope against the baseline, with working days to one decimal at
/// most and no unit (`10`, `22.5`, `4.2`), as the `days` filter writes them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScopeWords {
    /// The total estimate at the baseline.
    pub baseline_days: String,
    /// The total estimate now.
    pub current_days: String,
    /// The change, with its sign: `+13`, `-2.5`, `0`.
    pub delta_days: String,
    /// The features added, then those cut, then those removed, each by id.
    pub features: Vec<ScopeFeature>,
}

/// A feature added, cut or removed since the baseline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScopeFeature {
    /// `added`, `cut` or `removed`.
    pub change: &'static str,
    #[serde(flatten)]
    pub item: ScopeItem,
    /// `estimate_days` in words (`6`, `2.2`); null without an estimate.
    pub estimate: Option<String>,
}

impl Context {
    /// The context of `d`.
    pub fn of(d: &PlanDiff) -> Context {
        let side = |s: &Side| DiffSide {
            side: s.clone(),
            name: side_name(s),
        };
        let md = |s: &str| inline(s);
        Context {
            version: 1,
            as_of: d.as_of,
            basis: crate::render::diff::basis(d),
            base: side(&d.base),
            head: side(&d.head),
            changed: d.changed,
            summary: d.summary.clone(),
            summary_markdown: super::summary(d, &md),
            comparable: d.comparable(),
            counts: d.counts,
            items: d.items.iter().cloned().map(DetailedChange::of).collect(),
            milestones: d
                .milestones
                .iter()
                .map(|m| DiffMilestone {
                    impact: m.clone(),
                    moved: m.moved(),
                    status: deadline_status(m),
                })
                .collect(),
            critical_path: d.critical_path.clone(),
            project_finish: d.project_finish,
            cost: d.cost.clone(),
            problems: d.problems.clone(),
            gate: d.gate.clone(),
            p80: d.p80.clone(),
            baseline: d.baseline.as_ref().map(|b| DiffBaseline {
                baseline: b.clone(),
                label: baseline_name(b),
                clause_markdown: super::baseline_clause(b, &md),
                scope_words: b.scope.as_ref().map(|s| ScopeWords {
                    baseline_days: vocab::number(s.baseline_days),
                    current_days: vocab::number(s.current_days),
                    delta_days: vocab::signed_number(s.delta_days),
                    features: scope_rows(s)
                        .into_iter()
                        .map(|(change, i)| ScopeFeature {
                            change,
                            item: i.clone(),
                            estimate: i.estimate_days.map(vocab::number),
                        })
                        .collect(),
                }),
            }),
        }
    }
}
