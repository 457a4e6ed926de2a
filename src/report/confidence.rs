//! The report's confidence figures from the Monte Carlo forecast
//! ([`crate::forecast`], docs/monte-carlo.md): each milestone's "80%
//! confident by" date and chance of its deadline, and each risk's effect
//! on the project's P80. The forecast is made by the command; this fills
//! the figures into a built [`Context`].

use schemars::JsonSchema;
use serde::Serialize;

use crate::forecast::{Forecast, Point, Shape};
use crate::plan::ItemKind;

use super::context::{BudgetConfidence, Context};

/// The Monte Carlo runs `milepost report` makes unless told (`--runs`):
/// enough for a P80 and a deadline's chance to within about ±1.3
/// percentage points (the standard error of a share near 0.8 over 1,000
/// runs), few enough to keep a report fast.
pub const DEFAULT_RUNS: usize = 1_000;

/// How the Monte Carlo was made, and the project's finish over its runs.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonteCarlo {
    /// Runs made (`--runs`).
    pub runs: usize,
    /// The seed (`--seed`).
    pub seed: u64,
    /// How three-point estimates were sampled: `pert` (PERT-Beta).
    pub distribution: String,
    /// Whether each run was leveled, as the deterministic forecast is.
    pub leveled: bool,
    /// The project's finish that half the runs make (YYYY-MM-DD).
    pub p50: String,
    /// That 80% of runs make: "80% confident by".
    pub p80: String,
    /// That 95% of runs make.
    pub p95: String,
}

/// A milestone's Monte Carlo figures.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MilestoneConfidence {
    /// The day half the runs reach it by (YYYY-MM-DD).
    pub p50: String,
    /// The day 80% of runs reach it by: "80% confident by".
    pub p80: String,
    /// The day 95% of runs reach it by.
    pub p95: String,
    /// The share of runs that reach it by its deadline, 0 to 1; null
    /// without a deadline.
    pub deadline_chance: Option<f64>,
}

/// A risk's effect on the project's P80: the P80 over the runs in which
/// it does not happen against those in which it does.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct RiskEffect {
    /// The project's P80 over the runs without it (YYYY-MM-DD).
    pub if_not: String,
    /// Over the runs in which it happens.
    pub if_occurs: String,
    /// Working days from `if_not` to `if_occurs`.
    pub days: i64,
}

/// The forecast's options for `--runs`, `--seed` and `--no-level`; `None`
/// for `--runs 0` (no Monte Carlo).
pub fn options(runs: usize, seed: u64, level: bool) -> Option<crate::forecast::Options> {
    (runs > 0).then_some(crate::forecast::Options {
        runs,
        seed,
        shape: Shape::Pert,
        level,
    })
}

/// Fills a forecast's figures into the context: the project's, each
/// milestone's and each risk's that the sensitivity ranking names.
pub fn apply(context: &mut Context, forecast: &Forecast) {
    let date = |p: Point| p.date.to_string();
    let spread = &forecast.project;
    context.monte_carlo = Some(MonteCarlo {
        runs: forecast.options.runs,
        seed: forecast.options.seed,
        distribution: match forecast.options.shape {
            Shape::Pert => "pert",
            Shape::Triangular => "triangular",
        }
        .into(),
        leveled: forecast.leveled,
        p50: date(spread.p50),
        p80: date(spread.p80),
        p95: date(spread.p95),
    });
    for m in &mut context.milestones {
        m.monte_carlo = forecast
            .milestones
            .iter()
            .find(|f| *f.id == *m.id)
            .map(|f| MilestoneConfidence {
                p50: date(f.spread.p50),
                p80: date(f.spread.p80),
                p95: date(f.spread.p95),
                deadline_chance: f.deadline_probability,
            });
        // The chance of making the deadline is the Monte Carlo's: PERT's
        // follows the driving path alone, and an exec page showing "14%"
        // beside "on track" was PERT's status next to the Monte Carlo's
        // chance.
        if let Some(chance) = m.monte_carlo.as_ref().and_then(|mc| mc.deadline_chance)
            && m.status != "done"
        {
            m.status = super::build::status(m.margin_days, Some(chance)).into();
        }
    }
    super::build::health_again(context);
    for r in &mut context.risks {
        r.p80_effect = forecast
            .sensitivity
            .iter()
            .find(|s| s.kind == ItemKind::Risk && *s.id == *r.id)
            .map(|s| RiskEffect {
                if_not: date(s.low),
                if_occurs: date(s.high),
                days: s.swing_days,
            });
    }
    context.budget.monte_carlo = forecast.cost.as_ref().map(|cost| BudgetConfidence {
        p50: cost.p50,
        p80: cost.p80,
        p95: cost.p95,
        within_budget: context.budget.total.map(|total| forecast.cost_within(total)),
    });
}
