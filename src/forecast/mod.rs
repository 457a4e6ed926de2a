//! The Monte Carlo forecast (`milepost forecast`, docs/monte-carlo.md): how
//! sure the deterministic forecast is.
//!
//! Each run samples every unfinished feature's work (a three-point
//! estimate from a PERT-Beta or a triangle; a single point spread from 10%
//! less to 50% more, [`model::SINGLE_POINT`]), lets each risk happen with
//! its probability (delaying what it affects and adding its cost), and
//! schedules the plan's own network with the deterministic forecast's
//! engine: the forward pass of the critical path method, or resource
//! leveling when people own work. Dates stay whole working days, rounded
//! as the deterministic schedule rounds them ([`crate::schedule::whole_days`]).
//!
//! Run `i` draws from its own generator, made from the seed and `i`
//! alone ([`sample::Rng`]): the same plan, seed and number of runs give
//! the same figures on any number of threads.
//!
//! [`run`] is the entry point: a plan, a status date and [`Options`]
//! give a [`Forecast`], data only (every format is in `crate::render`);
//! [`run_with`] takes the plan's deterministic schedule when the caller
//! has made it already.

mod model;
mod runs;
pub mod sample;
mod summary;

use std::sync::Arc;

use crate::model::Date;
use crate::plan::{ItemKind, Plan};
use crate::schedule::calendar::Calendar;
use crate::schedule::{Inputs, Network, Schedule, ScheduleError, level};

pub use model::SINGLE_POINT;
pub use sample::Shape;

/// The runs `milepost forecast` makes unless told.
pub const DEFAULT_RUNS: usize = 10_000;
/// The most runs it makes.
pub const MAX_RUNS: usize = 1_000_000;
/// The seed unless told: the same plan gives the same forecast.
pub const DEFAULT_SEED: u64 = 1;
/// The most features a plan may have for `report` and `diff` to make
/// their whole default runs ([`default_runs`]).
pub const FULL_RUNS_UP_TO: usize = 5_000;
/// The fewest runs [`default_runs`] gives.
pub const FEWEST_DEFAULT_RUNS: usize = 100;

/// The runs a command whose default is `default` makes, unless told, on a
/// plan of `features` features: `default` up to [`FULL_RUNS_UP_TO`]
/// features, and beyond, as many feature-runs as that many features get
/// (`default × 5,000 / features`, rounded down), never fewer than
/// [`FEWEST_DEFAULT_RUNS`]. A run schedules (and levels) the whole plan,
/// so a run's cost grows with the plan: the default keeps `report` and
/// `diff` within seconds on a plan of any size, and says how many runs it
/// made. `--runs N` is taken as it is.
pub fn default_runs(default: usize, features: usize) -> usize {
    if features <= FULL_RUNS_UP_TO {
        return default;
    }
    let scaled = default.saturating_mul(FULL_RUNS_UP_TO) / features;
    scaled.clamp(FEWEST_DEFAULT_RUNS.min(default), default)
}

/// How to forecast.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// From 1 to [`MAX_RUNS`].
    pub runs: usize,
    pub seed: u64,
    /// How a three-point estimate is read.
    pub shape: Shape,
    /// Level resources when the plan has people who own work, as the
    /// deterministic schedule does; `false` gives the critical path method.
    pub level: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            runs: DEFAULT_RUNS,
            seed: DEFAULT_SEED,
            shape: Shape::Pert,
            level: true,
        }
    }
}

/// A finish: its working day (exclusive, from the project's day 0, as
/// [`crate::schedule::cpm::Times`]) and the date of its last day of work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub day: i64,
    pub date: Date,
}

/// The spread of a finish over the runs: its percentiles (nearest rank:
/// the P80 is the earliest finish at least 80% of runs make), mean,
/// earliest and latest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub p50: Point,
    pub p80: Point,
    pub p95: Point,
    /// In working days (exclusive finish, from day 0).
    pub mean_days: f64,
    pub earliest: Point,
    pub latest: Point,
}

/// A milestone's forecast.
#[derive(Clone, Debug)]
pub struct MilestoneForecast {
    pub id: Arc<str>,
    pub title: Arc<str>,
    /// The deterministic forecast.
    pub deterministic: Date,
    pub deadline: Option<Date>,
    pub spread: Spread,
    /// The share of runs in which it is reached by its deadline.
    pub deadline_probability: Option<f64>,
}

/// A live feature's criticality.
#[derive(Clone, Debug)]
pub struct FeatureForecast {
    pub id: Arc<str>,
    pub title: Arc<str>,
    /// The share of runs in which it is on the driving chain to the end.
    pub criticality: f64,
    /// Whether the deterministic schedule has it critical.
    pub critical: bool,
}

/// What moves the project's P80: one feature's estimate (its low third
/// against its high third of samples) or one risk (not happening against
/// happening).
#[derive(Clone, Debug)]
pub struct Swing {
    pub kind: ItemKind,
    pub id: Arc<str>,
    pub title: Arc<str>,
    /// The project's P80 over the runs where the input is low (or the risk
    /// does not happen).
    pub low: Point,
    /// Over the runs where it is high (or the risk happens).
    pub high: Point,
    /// `high.day - low.day`, working days.
    pub swing_days: i64,
}

/// The cost over the runs, in the project currency.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CostSpread {
    /// The plan's cost at its estimates (`crate::cost`), without risks.
    pub deterministic: f64,
    pub mean: f64,
    pub p50: f64,
    pub p80: f64,
    pub p95: f64,
}

/// The finishes of every run, for those who plot them.
#[derive(Clone, Debug, Default)]
pub struct Runs {
    /// Per run: the day after the day the project's finish is shown on,
    /// as the schedule shows it ([`Forecast::date`] gives that day): its
    /// exclusive finish, or the day after when what ends it is a milestone
    /// shown on the day that starts there.
    pub ends: Vec<i64>,
    /// Per run, then per milestone (in plan order): the day after the day
    /// it is reached on, as the schedule shows it (so that, as for `ends`,
    /// [`Forecast::date`] gives that day).
    pub milestones: Vec<i64>,
    /// Per milestone (in plan order): the runs that reach it by its
    /// deadline (0 for one without).
    pub met: Vec<u32>,
    /// Per run: the cost.
    pub costs: Vec<f64>,
}

/// One working day of the project's finish distribution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bin {
    pub finish: Point,
    /// Runs that finish that day.
    pub runs: usize,
    /// The share of runs that finish that day or before.
    pub cumulative: f64,
}

/// A Monte Carlo forecast.
#[derive(Clone, Debug)]
pub struct Forecast {
    pub as_of: Date,
    pub options: Options,
    /// Whether runs were leveled (people own work and leveling was asked for).
    pub leveled: bool,
    /// The deterministic forecast, as `milepost schedule` gives it.
    pub deterministic: Schedule,
    pub project: Spread,
    /// In plan order.
    pub milestones: Vec<MilestoneForecast>,
    /// Live features, in plan order.
    pub features: Vec<FeatureForecast>,
    /// Most swing first; inputs whose thirds never both occur are left out.
    pub sensitivity: Vec<Swing>,
    /// `None` when nothing in the plan has a cost.
    pub cost: Option<CostSpread>,
    /// The project's finish, day by day from the earliest to the latest.
    pub distribution: Vec<Bin>,
    pub runs: Runs,
    /// The dates of the days runs finish on ([`Forecast::date`]).
    dates: Dates,
}

/// Dates of a range of working days.
#[derive(Clone, Debug, Default)]
struct Dates {
    first: i64,
    dates: Vec<Date>,
}

impl Forecast {
    /// The date of the last working day of a finish on `day` (exclusive),
    /// for any day a run finishes on.
    pub fn date(&self, day: i64) -> Option<Date> {
        let i = usize::try_from((day - 1).max(0) - self.dates.first).ok()?;
        self.dates.dates.get(i).copied()
    }

    /// The share of runs whose cost is at most `amount` (0 with no runs).
    pub fn cost_within(&self, amount: f64) -> f64 {
        let costs = &self.runs.costs;
        let within = costs.iter().filter(|&&c| c <= amount + 1e-9).count();
        within as f64 / costs.len().max(1) as f64
    }
}

/// Why a forecast could not be made.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ForecastError {
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    #[error("{0} runs: a forecast makes from 1 to {MAX_RUNS} runs")]
    Runs(usize),
}

/// The Monte Carlo forecast of a valid plan as of `as_of`: the plan is
/// scheduled first ([`crate::schedule::schedule_with`]), then sampled
/// ([`run_with`]).
pub fn run(plan: &Plan, as_of: Date, options: &Options) -> Result<Forecast, ForecastError> {
    check_runs(options)?;
    let level = crate::schedule::Options { level: options.level };
    let deterministic = crate::schedule::schedule_with(plan, as_of, level)?;
    run_with(plan, as_of, options, deterministic)
}

/// [`run`], given `deterministic`, the plan's schedule as of `as_of`
/// already made (by `report`, `diff` and `history`, which need it anyway),
/// leveled or not as `options.level` says. It may be a full schedule or a
/// history's forecast ([`crate::schedule::forecast`]): what the figures
/// read of it are the milestones, the critical features and the finish.
pub fn run_with(
    plan: &Plan,
    as_of: Date,
    options: &Options,
    deterministic: Schedule,
) -> Result<Forecast, ForecastError> {
    check_runs(options)?;
    let inputs = Inputs::of(plan).ok_or(ScheduleError::NoProject)?;
    let cal = Calendar::of(inputs.calendar(), Network::earliest(&inputs, as_of));
    let net = Network::build(&inputs, as_of, cal)?;
    // Each run levels in the order leveling the plan itself kept: one
    // order a run, not every order tried. The deterministic schedule says
    // which when it was leveled; else the plan is leveled to learn it.
    let orders = match (options.level && net.has_owned_work(), deterministic.kept) {
        (false, _) => None,
        (true, Some(kept)) => Some(level::Orders::As(kept)),
        (true, None) => {
            let solution = net.solve()?;
            let mut cal = net.calendar();
            let mut leveler = level::Leveler::kept();
            let kept = net.level_with(&mut leveler, &solution.times, &mut cal)?.kept;
            leveler.keep();
            Some(level::Orders::As(kept))
        }
    };
    let model = model::Model::new(plan, &inputs, net.parts(), options.shape, orders);
    let chunks = crate::par::ranges(options.runs, |range| runs::run_range(&model, options.seed, range));
    let mut all = Vec::with_capacity(chunks.len());
    for c in chunks {
        all.push(c?);
    }
    let mut cal = net.parts().cal.clone();
    summary::summarise(summary::Made {
        plan,
        model: &model,
        chunks: all,
        deterministic,
        options: *options,
        cal: &mut cal,
        as_of,
    })
}

/// From 1 to [`MAX_RUNS`] runs.
fn check_runs(options: &Options) -> Result<(), ForecastError> {
    if options.runs == 0 || options.runs > MAX_RUNS {
        return Err(ForecastError::Runs(options.runs));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::default_runs;

    /// Worked by hand: the whole default up to 5,000 features, then
    /// 1,000 × 5,000 / features rounded down, at least 100 (or the
    /// default, if that is fewer).
    #[test]
    fn default_runs_shrink_with_the_plan_beyond_5000_features() {
        let cases = [
            (1_000, 0, 1_000),
            (1_000, 5_000, 1_000),
            (1_000, 5_001, 999),
            (1_000, 6_250, 800),
            (1_000, 10_000, 500),
            (1_000, 50_000, 100),
            (1_000, 200_000, 100),
            (50, 10_000, 50),
            (0, 10_000, 0),
        ];
        for (default, features, runs) in cases {
            assert_eq!(
                default_runs(default, features),
                runs,
                "{default} runs, {features} features"
            );
        }
    }
}
