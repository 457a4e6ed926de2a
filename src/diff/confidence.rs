//! The P80 shift of a change: the Monte Carlo forecast
//! ([`crate::forecast::run_with`]) of each side, with the same seed and number of
//! runs (common random numbers: an unchanged plan shifts by exactly 0), and
//! the working days between each P80 before and after.

use schemars::JsonSchema;
use serde::Serialize;

use crate::forecast::{self, Forecast};
use crate::incremental::same_forecast_inputs;
use crate::model::Date;
use crate::plan::Plan;
use crate::schedule::Schedule;
use crate::schedule::calendar::Calendar;

/// The runs `milepost diff` makes on each side unless told (`--runs`).
pub const DEFAULT_RUNS: usize = 1_000;

/// The P80 of the project and of each milestone, before and after.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct P80Shift {
    /// Runs of each side (`--runs`).
    pub runs: usize,
    /// The seed of both sides (`--seed`).
    pub seed: u64,
    /// The project's P80: the finish at least 80% of runs make.
    pub project: P80Change,
    /// Each milestone forecast on either side: the head's in plan order,
    /// then those only on the base.
    pub milestones: Vec<P80Milestone>,
}

/// A P80 before and after; `delta_days` is in working days of the head's
/// calendar, null when either side has none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct P80Change {
    pub before: Option<Date>,
    pub after: Option<Date>,
    pub delta_days: Option<i64>,
}

/// One milestone's P80 shift.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct P80Milestone {
    pub id: String,
    /// Its id in the base, when its file was renamed; absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    pub title: String,
    #[serde(flatten)]
    pub change: P80Change,
}

impl P80Change {
    /// Whether the P80 moved (or appeared, or went).
    pub fn moved(&self) -> bool {
        self.before != self.after
    }
}

/// The forecast of a valid plan from its schedule (`None` for an invalid
/// or absent one, which has none).
fn forecast_of(plan: &Plan, as_of: Date, options: &forecast::Options, schedule: Option<Schedule>) -> Option<Forecast> {
    if plan.error_count() > 0 || plan.project.is_none() {
        return None;
    }
    forecast::run_with(plan, as_of, options, schedule?).ok()
}

/// The P80 shift from `base` to `head`, each forecast from its schedule
/// as of `as_of` ([`super::diff_dated`]'s, made as `options.level`
/// says); `None` when neither side can be forecast. When both sides read
/// the same forecast inputs ([`same_forecast_inputs`]: a change of titles,
/// descriptions, costs or people's names), the head's forecast is the
/// base's too, with the same seed and runs, and is made once: the shift is
/// exactly 0 at half the cost.
pub fn shift(
    base: &Plan,
    head: &Plan,
    as_of: Date,
    options: &forecast::Options,
    (before, after): super::Schedules,
    renames: &[crate::layout::Rename],
) -> Option<P80Shift> {
    let after = forecast_of(head, as_of, options, after);
    let reused = after.is_some() && base.error_count() == 0 && same_forecast_inputs(base, head);
    let before = if reused {
        None
    } else {
        forecast_of(base, as_of, options, before)
    };
    let before = if reused { after.as_ref() } else { before.as_ref() };
    let after = after.as_ref();
    if before.is_none() && after.is_none() {
        return None;
    }
    let mut cal = counting_calendar(before, after);
    let mut change = |b: Option<Date>, a: Option<Date>| {
        let delta_days = match (b, a, cal.as_mut()) {
            (Some(b), Some(a), Some(c)) => match (c.on_or_before(a), c.on_or_before(b)) {
                (Ok(a), Ok(b)) => Some(a - b),
                _ => None,
            },
            _ => None,
        };
        P80Change {
            before: b,
            after: a,
            delta_days,
        }
    };
    let project = change(before.map(|f| f.project.p80.date), after.map(|f| f.project.p80.date));
    let has = |f: Option<&Forecast>, id: &str| f.is_some_and(|f| f.milestones.iter().any(|m| &*m.id == id));
    let p80 = |f: Option<&Forecast>, id: &str| {
        f.and_then(|f| f.milestones.iter().find(|m| &*m.id == id))
            .map(|m| m.spread.p80.date)
    };
    // A milestone whose file was renamed is one row, under its head id.
    let was = super::renamed_milestones(renames, |id| has(before, id), |id| has(after, id));
    let renamed = |id: &str| was.values().any(|&from| from == id);
    let mut shown: Vec<(&str, &str)> = Vec::new();
    for f in after.iter().chain(before.iter()) {
        for m in &f.milestones {
            if !shown.iter().any(|(id, _)| *id == &*m.id) && !renamed(&m.id) {
                shown.push((&m.id, &m.title));
            }
        }
    }
    let milestones = shown
        .into_iter()
        .map(|(id, title)| P80Milestone {
            id: id.to_string(),
            renamed_from: was.get(id).map(|from| from.to_string()),
            title: title.to_string(),
            change: change(p80(before, was.get(id).copied().unwrap_or(id)), p80(after, id)),
        })
        .collect();
    Some(P80Shift {
        runs: options.runs,
        seed: options.seed,
        project,
        milestones,
    })
}

/// The head's calendar (else the base's), reaching back to the earliest
/// P80 of either side, to count working days between them.
fn counting_calendar(before: Option<&Forecast>, after: Option<&Forecast>) -> Option<Calendar> {
    let mut cal = after.or(before)?.deterministic.calendar.clone();
    let mut earliest: Option<Date> = None;
    for f in before.into_iter().chain(after) {
        for d in std::iter::once(f.project.p80.date).chain(f.milestones.iter().map(|m| m.spread.p80.date)) {
            earliest = Some(earliest.map_or(d, |e| e.min(d)));
        }
    }
    if let Some(e) = earliest {
        cal.reach_back_to(e).ok()?;
    }
    Some(cal)
}
