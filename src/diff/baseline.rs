//! A baseline: the plan as it stood at a Git revision (a tag such as
//! `v1-plan-approved`) against the plan now. No sidecar file: the baseline
//! is the Git ref.
//!
//! The baseline plan is scheduled as of its commit's committer date, so its
//! figures are the forecast as it stood when the baseline was taken (what a
//! project manager means by a baseline), not the old plan replayed as of
//! today. Variances are in working days of the current plan's calendar.
//!
//! [`Baseline`] is both the `baseline` section of `milepost diff --format
//! json` and the `baseline` field of the report context, so it derives
//! `JsonSchema` and keeps dates as `YYYY-MM-DD` strings.

use schemars::JsonSchema;
use serde::Serialize;

use super::{Change, PlanDiff, Version};
use crate::cost::plan_totals;
use crate::model::Date;
use crate::plan::Plan;

/// The forecast now against the forecast at a baseline revision.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Baseline {
    /// The baseline revision as given (`v1-plan-approved`, `HEAD~10`).
    pub name: String,
    /// The full commit id it resolved to.
    pub commit: String,
    /// The baseline's status date: its commit's committer date. The
    /// baseline plan is scheduled as of this day.
    pub as_of: String,
    /// The status date of the forecast it is compared with (`--as-of`, or
    /// today).
    pub forecast_as_of: String,
    /// What the variances are measured from and as of when, in words:
    /// `working days from the forecast at baseline v1 as of 2026-03-03 (its
    /// commit's date) to the forecast as of 2026-03-09`. The same words in
    /// every output; plain text, with the revision as given.
    pub basis: String,
    /// False when the plan directory did not exist at the baseline: every
    /// milestone is then `new` and every live feature `added`.
    pub exists: bool,
    /// Errors in the baseline plan. A plan with errors is not scheduled:
    /// `milestones` is then empty and `scope` and `cost` are null.
    pub errors: usize,
    /// Every milestone of the baseline or of the current plan, in forecast
    /// order: by the current forecast, then deadline (none last), then id;
    /// `gone` milestones last.
    pub milestones: Vec<BaselineMilestone>,
    /// Features added, cut and removed since the baseline, and the change in
    /// the total estimate. Null when the baseline has errors.
    pub scope: Option<BaselineScope>,
    /// The cost now against the cost at the baseline. Null when the
    /// baseline has errors.
    pub cost: Option<CostVariance>,
}

/// One milestone's forecast at the baseline and now.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BaselineMilestone {
    /// Its id.
    pub id: String,
    /// Its id at the baseline, when its file was renamed since (`kept`);
    /// absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Its current title (the baseline's for a milestone gone since).
    pub title: String,
    /// `kept` (in both plans), `new` (not in the baseline) or `gone` (in
    /// the baseline only).
    pub change: String,
    /// The forecast at the baseline, as of the baseline's date; null for a
    /// `new` milestone.
    pub baseline: Option<String>,
    /// The forecast now; null for a `gone` milestone, or when the current
    /// plan could not be scheduled.
    pub forecast: Option<String>,
    /// Working days from `baseline` to `forecast` on the current calendar:
    /// positive when the milestone is now later than at the baseline. Null
    /// unless both are known.
    pub variance_days: Option<i64>,
    /// The current deadline (the baseline's for a `gone` milestone).
    pub deadline: Option<String>,
    /// Whether the current forecast misses the deadline; null when not known.
    pub late: Option<bool>,
}

/// What changed in the features since the baseline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BaselineScope {
    /// Features live now that were not at the baseline: new ones, and cut
    /// ones restored. By id.
    pub added: Vec<ScopeItem>,
    /// Features live at the baseline and cut since. By id.
    pub cut: Vec<ScopeItem>,
    /// Features live at the baseline whose file is gone. By id.
    pub removed: Vec<ScopeItem>,
    /// Total estimate of the live features at the baseline, in working days
    /// (PERT means, unrounded).
    pub baseline_days: f64,
    /// The same now.
    pub current_days: f64,
    /// `current_days - baseline_days`: positive when the scope grew.
    pub delta_days: f64,
}

/// A feature added, cut or removed since the baseline.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ScopeItem {
    /// Its id.
    pub id: String,
    /// Its title (the current one; the baseline's for a removed feature).
    pub title: String,
    /// Its estimate in working days (the baseline's for a cut or removed
    /// feature); null without one.
    pub estimate_days: Option<f64>,
}

/// The cost at day rates (each live feature's estimate × its owner's day
/// rate) now against the baseline's.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CostVariance {
    /// The current currency (ISO 4217), or the baseline's.
    pub currency: Option<String>,
    /// The cost of the live features at the baseline.
    pub baseline: f64,
    /// The cost of the live features now.
    pub current: f64,
    /// `current - baseline`: positive when the plan costs more.
    pub delta: f64,
    /// Live features left out of `baseline` (no estimate, owner or day rate).
    pub uncosted_features_baseline: usize,
    /// Live features left out of `current`.
    pub uncosted_features_current: usize,
}

/// The baseline section from `d`, the diff from the baseline `base` to
/// the current plan `head` with the baseline scheduled as of `base_as_of`
/// (see [`super::diff_dated`]).
pub fn baseline(d: &PlanDiff, base: &Version<'_>, head: &Plan, base_as_of: Date) -> Baseline {
    let errors = base.plan.error_count();
    let mut out = Baseline {
        name: base.label.clone(),
        commit: base.revision.as_ref().map(|r| r.commit.clone()).unwrap_or_default(),
        as_of: base_as_of.to_string(),
        forecast_as_of: d.as_of.to_string(),
        basis: crate::render::vocab::basis(crate::render::vocab::Basis::Baseline {
            name: &base.label,
            baseline_as_of: base_as_of,
            as_of: d.as_of,
        }),
        exists: super::exists(base.plan),
        errors,
        milestones: Vec::new(),
        scope: None,
        cost: None,
    };
    if errors > 0 {
        return out;
    }
    out.milestones = milestones(d, base.plan, head);

    let mut scope = BaselineScope {
        added: Vec::new(),
        cut: Vec::new(),
        removed: Vec::new(),
        baseline_days: total_days(base.plan),
        current_days: total_days(head),
        delta_days: 0.0,
    };
    scope.delta_days = scope.current_days - scope.baseline_days;
    for i in d.items.iter().filter(|i| i.kind == "feature") {
        let item = |plan: &Plan| ScopeItem {
            id: i.id.clone(),
            title: i.title.clone(),
            estimate_days: crate::schedule::feature_days(plan, &i.id),
        };
        match i.change {
            Change::Added if head.has_live_feature(&i.id) => scope.added.push(item(head)),
            Change::Restored => scope.added.push(item(head)),
            Change::Cut => scope.cut.push(item(base.plan)),
            Change::Removed if base.plan.has_live_feature(&i.id) => scope.removed.push(item(base.plan)),
            _ => {}
        }
    }
    out.scope = Some(scope);
    // (Unknown when a side's people cannot be read: null, as with errors.)
    out.cost = d.cost.before.zip(d.cost.after).map(|(baseline, current)| CostVariance {
        currency: d.cost.currency.clone(),
        baseline,
        current,
        delta: current - baseline,
        uncosted_features_baseline: d.cost.uncosted_features_before,
        uncosted_features_current: d.cost.uncosted_features_after,
    });
    out
}

/// Each milestone of `d` (the head against the baseline `base`): kept in
/// both plans (under another id at the baseline when its file was renamed),
/// new or gone.
fn milestones(d: &PlanDiff, base: &Plan, head: &Plan) -> Vec<BaselineMilestone> {
    let has_milestone = |p: &Plan, id: &str| p.milestones.iter().any(|m| &*m.id == id);
    d.milestones
        .iter()
        .map(|m| {
            // A milestone whose file was renamed is the baseline's too.
            let base_id = m.renamed_from.as_deref().unwrap_or(&m.id);
            let change = match (has_milestone(base, base_id), has_milestone(head, &m.id)) {
                (true, true) => "kept",
                (false, _) => "new",
                (true, false) => "gone",
            };
            BaselineMilestone {
                id: m.id.clone(),
                renamed_from: m.renamed_from.clone(),
                title: m.title.clone(),
                change: change.into(),
                baseline: m.before.map(|d| d.to_string()),
                forecast: m.after.map(|d| d.to_string()),
                variance_days: m.delta_days,
                deadline: m.deadline.map(|d| d.to_string()),
                late: m.late_after,
            }
        })
        .collect()
}

/// The sum of the live features' estimates, in working days.
fn total_days(plan: &Plan) -> f64 {
    let t = plan_totals(plan);
    t.costed_days + t.uncosted_days
}

/// The summary's clause: `vs baseline v1: Beta +7 working days`. `name`
/// renders user text (titles, the revision), escaped for Markdown or as is.
pub fn clause(b: &Baseline, name: &dyn Fn(&str) -> String) -> String {
    let head = format!("vs baseline {}", name(&b.name));
    if b.errors > 0 {
        return format!(
            "{head}: the baseline has {}",
            crate::render::diagnostics::human::count(b.errors, "error")
        );
    }
    let mut moved: Vec<&BaselineMilestone> = b
        .milestones
        .iter()
        .filter(|m| m.variance_days.is_some_and(|v| v != 0))
        .collect();
    moved.sort_by_key(|m| (std::cmp::Reverse(m.variance_days.unwrap_or(0)), m.id.clone()));
    let shown = 3;
    let mut parts: Vec<String> = moved
        .iter()
        .take(shown)
        .map(|m| {
            let title = name(if m.title.is_empty() { &m.id } else { &m.title });
            format!(
                "{title} {}",
                crate::render::vocab::signed_working_days(m.variance_days.unwrap_or(0))
            )
        })
        .collect();
    if moved.len() > shown {
        parts.push(format!("{} more", moved.len() - shown));
    }
    if parts.is_empty() {
        parts.push("no milestone moved".into());
    }
    format!("{head}: {}", parts.join(", "))
}
