//! Scheduling a valid plan: the critical path method over the project's
//! working-day calendar, with progress as of a status date.
//!
//! [`network`] turns the plan into a network of activities ([`cpm`]): one per
//! feature that is not cut (its duration the estimate in working days; a
//! three-point estimate counts as its PERT mean) and one per milestone (zero
//! duration, finishing when its features and its own dependencies have). The
//! network is solved in whole working days and mapped back to dates with the
//! [`calendar`].
//!
//! Rounding: a duration is rounded *up* to whole working days (a `0.5d` task
//! takes a day; a PERT mean of 4.2 days takes 5), lags to the nearest whole
//! day (halves away from zero).

pub mod calendar;
pub mod chains;
pub mod cpm;
mod entries;
pub mod inputs;
pub mod level;
pub mod network;
pub mod pert;
pub use pert::EntryPert;
pub mod reshape;

pub use inputs::Inputs;
pub use network::Network;

use crate::model::{Date, DependencyType, Estimate, Status};
use crate::plan::{ItemKind, Plan};
use calendar::Calendar;
use entries::Solved;

/// What set an item's early start, in the plan's terms.
#[derive(Clone, Debug, PartialEq)]
pub enum Driver {
    ProjectStart,
    StatusDate,
    NotBefore,
    /// Started or done: its actual dates.
    Actual,
    /// Waits for another item.
    Item {
        /// Shared with the plan's item (no copy per schedule).
        id: std::sync::Arc<str>,
        kind: DependencyType,
        lag: i64,
    },
    /// Leveling: waits for its owner, who works on another feature first.
    Person {
        /// The owner's id.
        person: std::sync::Arc<str>,
        /// The feature they work on first.
        on: std::sync::Arc<str>,
        /// The last day of that work.
        until: Date,
        /// Why that work went first.
        first: Precedence,
    },
    /// Leveling: its owner is away (time off, or a day they do not work)
    /// when everything else would let it start.
    OwnerAway {
        /// The owner's id.
        person: std::sync::Arc<str>,
        /// The time off that ends just before it starts (first and last
        /// day); `None` when it is a day of the week they do not work.
        time_off: Option<(Date, Date)>,
    },
}

/// Why a person works on one feature before another (leveling's order,
/// docs/scheduling.md).
#[derive(Clone, Debug, PartialEq)]
pub enum Precedence {
    /// It had started already.
    Started,
    /// Its `rank`.
    Rank(u32),
    /// It leads to an earlier milestone deadline.
    Deadline { milestone: std::sync::Arc<str>, date: Date },
    /// Its MoSCoW priority, its own or inherited from what waits for it.
    Priority(crate::model::Priority),
    /// Less slack in the unleveled schedule.
    LessSlack,
    /// Equal in all of that: earlier in the plan.
    PlanOrder,
    /// Not ahead in that order, but ready to start first.
    ReadyFirst,
    /// Not ahead in that order, though both could start: leveling kept an
    /// order that ends the project sooner (docs/scheduling.md).
    Sooner,
    /// The one that waits depends on it through a link of this type and
    /// lag in working days (it may not finish before the other does, say:
    /// FF).
    Linked(DependencyType, i64),
}

/// One feature or milestone, scheduled.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Shared with the plan's item (no copy per schedule).
    pub id: std::sync::Arc<str>,
    pub kind: ItemKind,
    /// Shared with the plan's item.
    pub title: std::sync::Arc<str>,
    /// For features; milestones have none.
    pub status: Option<Status>,
    /// For features: the milestone they ship in.
    pub milestone: Option<std::sync::Arc<str>>,
    /// For features: the owner, as written.
    pub owner: Option<std::sync::Arc<str>>,
    /// In a leveled schedule: the item's place in the order leveling takes
    /// work in (docs/scheduling.md, "Who goes first"). Of two items of the
    /// schedule, the one with the lesser place is taken first; no two
    /// places are equal (plan order breaks ties). `None` when the schedule
    /// is not leveled.
    pub queue: Option<level::Place>,
    /// In a leveled schedule, for a feature not done whose owner is one of
    /// `[[people]]`: the owner's working days of the work left, at their
    /// capacity (`ceil(effort / capacity)`, the effort being the estimate
    /// unrounded for work not started, the working days left for work
    /// started), as leveling books them. `None` otherwise.
    pub work_days: Option<i64>,
    /// Beside [`Entry::work_days`]: the work left at full rate, in working
    /// days, as leveling books it: the estimate unrounded for work not
    /// started; for work started, its `remaining`, or the estimate less a
    /// day for each of its owner's working days since it started, at their
    /// capacity, and at least one of their days' work (docs/scheduling.md,
    /// progress). `None` when `work_days` is.
    pub work_left: Option<f64>,
    /// The early start and finish of the unleveled schedule (the critical
    /// path method alone): the same as `times` when the schedule is not
    /// leveled.
    pub unleveled: Unleveled,
    /// Working days.
    pub duration: i64,
    /// Working days the risks that occurred add (docs/scheduling.md,
    /// risks): to a feature's work, unless it is done (in whole days to
    /// work started, which [`Entry::work_left`] includes); to the wait
    /// before a milestone is reached. 0 when none does.
    pub risk_delay: f64,
    pub times: cpm::Times,
    /// Whether it is an instant (a milestone) shown on the day that starts
    /// at it rather than on the day that ends at it
    /// ([`cpm::starts_of_day`]; docs/scheduling.md, time and dates).
    pub at_start_of_day: bool,
    pub start: Date,
    /// Inclusive: the last day of work. For a milestone: the day it is reached.
    pub finish: Date,
    pub late_start: Date,
    pub late_finish: Date,
    pub critical: bool,
    pub driver: Driver,
    pub deadline: Option<Date>,
    /// Working days between the forecast finish and the deadline: positive
    /// is early, negative late.
    pub deadline_margin: Option<i64>,
    /// Features with a three-point estimate: the PERT mean, in working days,
    /// before rounding up.
    pub mean_duration: Option<f64>,
    /// Its PERT figures ([`pert`]); `None` in a history's forecast
    /// ([`forecast`]), which reads none of them and skips PERT's pass.
    pub pert: Option<EntryPert>,
    /// For started work in a leveled schedule: where its work left
    /// resumes on its owner's time, and what holds it there.
    pub resumes: Option<Resumes>,
}

/// Where started work's work left resumes in a leveled schedule
/// ([`Entry::resumes`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Resumes {
    /// The working day (from day 0) it resumes on, and its date.
    pub day: i64,
    pub date: Date,
    /// What holds its finish, so that it resumes no sooner: its owner's
    /// other work ([`Driver::Person`]) or a finish-to-finish or
    /// start-to-finish link ([`Driver::Item`]); `None` when nothing does
    /// (its owner is away before it, or it resumes at once).
    pub held_by: Option<Driver>,
}

/// An item's dates in the unleveled schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unleveled {
    /// Working days from day 0; the finish is exclusive.
    pub early_start: i64,
    pub early_finish: i64,
    pub start: Date,
    /// Inclusive, as [`Entry::finish`].
    pub finish: Date,
}

impl Entry {
    /// Working days its finish moved because of people: the leveled finish
    /// less the unleveled one (never negative).
    pub fn resource_delay(&self) -> i64 {
        (self.times.early_finish - self.unleveled.early_finish).max(0)
    }
}

/// How to schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Level resources when the plan has people who own work (the
    /// default); `false` gives the critical path method alone.
    pub level: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options { level: true }
    }
}

#[derive(Clone, Debug)]
pub struct Schedule {
    pub as_of: Date,
    pub start: Date,
    /// The last working day of the project.
    pub finish: Date,
    /// Project length in working days, from day 0.
    pub length: i64,
    /// Milestones first, then features, each in plan (file) order. Cut
    /// features are left out.
    pub entries: Vec<Entry>,
    /// Chains of critical items (entry indices), each from its first item
    /// to its last: the project's end, or a deadline missed by the most. At
    /// most [`chains::MAX_CHAINS`], the first in order ([`chains`]).
    pub critical_paths: Vec<Vec<usize>>,
    /// How many critical chains there are in all: more than
    /// `critical_paths.len()` when the listing was cut.
    pub critical_paths_total: u64,
    /// The working day the status date falls on (or the next one), as an
    /// offset from the project start; 0 when the status date is before it.
    pub status_day: i64,
    /// The working-day calendar the schedule was computed on.
    pub calendar: Calendar,
    /// The project's PERT outlook: its expected finish and standard
    /// deviation and, once asked ([`Schedule::ask_by`]), its chance of
    /// finishing by a date. `None` in a history's forecast ([`forecast`]).
    pub pert: Option<pert::Outlook>,
    /// The pass leveling kept, when the schedule is leveled ([`Schedule::leveled`]):
    /// a Monte Carlo run of the plan levels in it ([`level::Orders::As`])
    /// without leveling the plan again to learn it.
    pub kept: Option<level::Kept>,
}

/// Why a plan could not be scheduled. Validation rules out the causes; this
/// is the guard that keeps the scheduler from panicking if one slips through.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScheduleError {
    #[error("the plan has no valid project.toml")]
    NoProject,
    #[error("the dependencies form a cycle")]
    Cycle,
    #[error(
        "the schedule runs past the year {}; check the estimates and lags",
        calendar::MAX_YEAR
    )]
    TooLong,
}

impl From<calendar::OutOfRange> for ScheduleError {
    fn from(_: calendar::OutOfRange) -> ScheduleError {
        ScheduleError::TooLong
    }
}

/// Whole working days for a duration: rounded up, never negative.
pub fn whole_days(days: f64) -> i64 {
    let d = days - 1e-9;
    if !d.is_finite() {
        return 0;
    }
    // `d.ceil() as i64`, without a call to the C library's `ceil` (the
    // build's baseline x86-64 has no instruction for it, and leveling
    // asks this for every placement): toward zero, then up one if that
    // fell below. (Casts saturate, as `ceil`'s would.)
    let t = d as i64;
    (if (t as f64) < d { t.saturating_add(1) } else { t }).max(0)
}

/// Whole working days for a lag: to the nearest day, halves away from zero.
pub fn lag_days(days: f64) -> i64 {
    if days.is_finite() { days.round() as i64 } else { 0 }
}

/// The estimate in working days (the PERT mean for a three-point estimate)
/// and its PERT standard deviation.
pub fn estimate_days(e: &Estimate, per_week: u8) -> (f64, f64) {
    inputs::EstimateInputs::of(e).days(per_week)
}

/// Feature `id`'s estimate in working days of `plan`'s week (the PERT mean
/// for a three-point estimate); `None` without the feature or an estimate.
pub fn feature_days(plan: &Plan, id: &str) -> Option<f64> {
    let per_week = Inputs::of(plan).map_or(5, |i| i.calendar().days_per_week());
    let e = plan.feature(id)?.data.estimate.as_ref()?;
    Some(estimate_days(&e.value, per_week).0)
}

/// P(X <= x) for a standard normal X (Abramowitz and Stegun 7.1.26; error
/// below 1.5e-7).
pub fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * x);
    let poly =
        t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erf = 1.0 - poly * (-x * x).exp();
    if z >= 0.0 { 0.5 * (1.0 + erf) } else { 0.5 * (1.0 - erf) }
}

/// Schedules a valid plan as of `as_of`, leveled when it has people who
/// own work.
pub fn schedule(plan: &Plan, as_of: Date) -> Result<Schedule, ScheduleError> {
    compute(plan, as_of, Keep::All, Options::default())
}

/// Schedules a valid plan as of `as_of`, as `options` say.
pub fn schedule_with(plan: &Plan, as_of: Date, options: Options) -> Result<Schedule, ScheduleError> {
    compute(plan, as_of, Keep::All, options)
}

impl Schedule {
    /// Each entry by its item's id.
    pub fn by_id(&self) -> std::collections::HashMap<&str, &Entry> {
        self.entries.iter().map(|e| (&*e.id, e)).collect()
    }

    /// Whether people moved dates: the plan has people who own work and
    /// leveling was asked for.
    pub fn leveled(&self) -> bool {
        self.kept.is_some()
    }

    /// Works out the project's chance of finishing by `date` (its last day
    /// of work on or before it), into [`Schedule::pert`]. A date past the
    /// calendar's reach is after any finish.
    pub fn ask_by(&mut self, date: Date) {
        let by = self.calendar.on_or_before(date).map_or(i64::MAX / 4, |day| day + 1);
        if let Some(pert) = &mut self.pert {
            pert.by = Some(pert::By {
                date,
                probability: pert.finish.probability_by(by),
            });
        }
    }

    /// The project's PERT outlook; for a schedule without one (a history's
    /// forecast, which no output shows), that of a finish known for
    /// certain.
    pub fn outlook(&self) -> pert::Outlook {
        self.pert.clone().unwrap_or(pert::Outlook {
            finish: pert::Finish::certain(self.length as f64),
            date: self.finish,
            by: None,
        })
    }

    /// This schedule, for `plan`: a plan that schedules alike (its
    /// [`Inputs`] equal those of the plan this one was computed for), whose
    /// titles may differ. Works on a [`forecast`]'s entries too.
    pub fn retitled(&self, plan: &Plan) -> Schedule {
        let mut s = self.clone();
        for e in &mut s.entries {
            let title = match e.kind {
                ItemKind::Milestone => plan.milestone(&e.id).map(|m| &m.data.title.value),
                ItemKind::Feature => plan.feature(&e.id).map(|f| &f.data.title.value),
                ItemKind::Risk => None,
            };
            if let Some(title) = title {
                e.title = title.clone();
            }
        }
        s
    }
}

/// Which entries a schedule keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keep {
    All,
    /// Milestones and critical items only, without critical paths.
    Forecast,
}

/// The forecast of a plan, for a history walk that schedules a plan per
/// commit: a [`Schedule`] whose entries are the milestones and, of the
/// features, only the critical ones (in the same order as [`schedule`]'s),
/// and whose `critical_paths` are left empty. Every number it keeps is the
/// one [`schedule`] computes; it skips building the entries of the other
/// features (their dates, drivers, shared ids and titles), most of a
/// schedule's cost, and PERT's pass (`pert` is `None`, the schedule's and
/// each entry's). That is all a comparison reads
/// ([`crate::diff::compare`]: milestones, the project's finish, critical
/// items).
pub fn forecast(plan: &Plan, as_of: Date) -> Result<Schedule, ScheduleError> {
    compute(plan, as_of, Keep::Forecast, Options::default())
}

fn compute(plan: &Plan, as_of: Date, keep: Keep, options: Options) -> Result<Schedule, ScheduleError> {
    let inputs = Inputs::of(plan).ok_or(ScheduleError::NoProject)?;
    let net = network_of(&inputs, as_of)?;
    solve(plan, &inputs, &net, keep, options)
}

/// The network of the plan `inputs` are of, as of `as_of`.
fn network_of(inputs: &Inputs<'_>, as_of: Date) -> Result<Network, ScheduleError> {
    let cal = Calendar::of(inputs.calendar(), Network::earliest(inputs, as_of));
    Network::build(inputs, as_of, cal)
}

/// The first part of [`schedule_with`]: `plan`'s network as of `as_of`,
/// its activities and links, to be solved by [`schedule_network`]. It
/// reads a plan whose items are valid (each one's fields, and the ids they
/// name), and may be built before the rest of the plan is known valid: a
/// plan with a dependency cycle, or whose work runs past the calendar's
/// reach, is an error here, as it is in [`schedule_with`].
pub(crate) fn network(plan: &Plan, as_of: Date) -> Result<Network, ScheduleError> {
    network_of(&Inputs::of(plan).ok_or(ScheduleError::NoProject)?, as_of)
}

/// [`schedule_with`], of `plan`'s network built ahead by [`network`] as
/// of `as_of` (built here when `None`): the same schedule.
pub(crate) fn schedule_network(
    plan: &Plan,
    network: Option<Result<Network, ScheduleError>>,
    as_of: Date,
    options: Options,
) -> Result<Schedule, ScheduleError> {
    let inputs = Inputs::of(plan).ok_or(ScheduleError::NoProject)?;
    let net = match network {
        Some(built) => built?,
        None => network_of(&inputs, as_of)?,
    };
    solve(plan, &inputs, &net, Keep::All, options)
}

/// Solves a plan's network and maps the solution back to its items.
/// What it reads of the plan but through `inputs` are the items' shared ids
/// and titles, to name them. The schedule's calendar is the network's,
/// knowing every day the schedule's dates fall on.
pub(crate) fn solve(
    plan: &Plan,
    inputs: &Inputs<'_>,
    net: &Network,
    keep: Keep,
    options: Options,
) -> Result<Schedule, ScheduleError> {
    solve_after(plan, inputs, net, keep, options, None).map(|(schedule, _)| schedule)
}

/// [`solve`], knowing the solution of the critical path method for a
/// network this one was made from and how they differ (see
/// [`cpm::solve_after`]); with this network's solution, for the next.
/// (Leveling, when asked for, starts from that solution each time.)
pub(crate) fn solve_after(
    plan: &Plan,
    inputs: &Inputs<'_>,
    net: &Network,
    keep: Keep,
    options: Options,
    before: Option<(&cpm::Solution, &cpm::Changes)>,
) -> Result<(Schedule, cpm::Solution), ScheduleError> {
    let mut cal = net.cal.clone();
    let solution = match before {
        Some((old, changes)) => cpm::solve_after(&net.activities, &net.links, &net.graph, old, changes),
        None => cpm::solve_graph(&net.activities, &net.links, &net.graph),
    }
    .map_err(|_| ScheduleError::Cycle)?;
    let mut leveler = level::Leveler::kept();
    let leveled = match options.level && net.has_owned_work() {
        true => Some(net.level_with(&mut leveler, &solution.times, &mut cal)?),
        false => None,
    };
    let (times, links, end) = match &leveled {
        Some(l) => (&l.times[..], &l.links[..], l.end),
        None => (&solution.times[..], &net.links[..], solution.end),
    };
    // The graph the times were solved on: the leveled network's, or the
    // plan's (unleveled, or when a resource link closes a loop of links).
    let graph = leveled.and_then(|l| l.graph.as_ref()).unwrap_or(&net.graph);
    let critical = chains::critical(&net.activities, links, graph, times, end);
    // A forecast for a history walk reads no PERT figure.
    let figures = (keep == Keep::All).then(|| pert_figures(net, leveled, times, links));
    // Which instants are shown on the day that starts at them, in the
    // schedule and in the critical path method's.
    let mut at_start = (Vec::new(), Vec::new());
    cpm::starts_of_day(&net.activities, times, links, &net.graph, &mut at_start.0);
    match leveled {
        Some(_) => cpm::starts_of_day(&net.activities, &solution.times, links, &net.graph, &mut at_start.1),
        None => at_start.1.clone_from(&at_start.0),
    }
    let solved = Solved {
        plan,
        inputs,
        net,
        times,
        unleveled: &solution.times,
        links,
        leveled,
        critical: &critical,
        pert: figures.as_ref(),
        at_start: &at_start,
    };
    let entries = solved.entries(keep, &mut cal)?;

    let chains = match keep {
        Keep::All => chains::critical_chains(&net.activities, links, times, &critical, end, chains::MAX_CHAINS),
        Keep::Forecast => chains::Chains::default(),
    };

    let (start, finish, pert) = first_last_and_outlook(times, &at_start.0, end, figures.as_ref(), &mut cal)?;
    let schedule = Schedule {
        as_of: net.as_of,
        start,
        // An empty plan (or one of milestones only) ends where it starts.
        finish,
        length: end,
        entries,
        critical_paths: chains.paths,
        critical_paths_total: chains.total,
        status_day: net.status_day,
        calendar: cal,
        pert,
        kept: leveled.map(|l| l.kept),
    };
    leveler.keep();
    Ok((schedule, solution))
}

/// A schedule's first and last days, and PERT's outlook for its finish:
/// `times` end on day `end`, `at_start` says which instants are shown on
/// the day that starts at them.
fn first_last_and_outlook(
    times: &[cpm::Times],
    at_start: &[bool],
    end: i64,
    figures: Option<&pert::Figures>,
    cal: &mut Calendar,
) -> Result<(Date, Date, Option<pert::Outlook>), ScheduleError> {
    // The day the last thing ends on; the day that starts at the end when
    // that is an instant shown so (or the plan is empty).
    let at_start_end = cpm::ends_at_start_of_day(times, at_start, end);
    let last = if at_start_end { end } else { end - 1 };
    let (start, finish) = (cal.date(0)?, cal.date(last.max(0))?);
    let Some(figures) = figures else {
        return Ok((start, finish, None));
    };
    let project = figures.project();
    // PERT's expected finish falls on the day the finish is shown on when
    // they are the same day.
    let expected = match whole_days(project.mean) {
        day if at_start_end && day == end => end,
        _ => project.day(),
    };
    let pert = pert::Outlook {
        finish: project,
        date: cal.date(expected)?,
        by: None,
    };
    Ok((start, finish, Some(pert)))
}

/// The PERT figures of `net` as scheduled (`times`, over `links`: the
/// plan's, and leveling's resource links when `leveled`).
fn pert_figures(
    net: &Network,
    leveled: Option<&level::Leveled>,
    times: &[cpm::Times],
    links: &[cpm::Link],
) -> pert::Figures {
    // The leveled network's graph: the plan's links and the resource
    // links. With leads, a resource link can close a loop of links (not of
    // time): PERT then keeps to the plan's links, and the resource waits
    // hold as scheduled (as leveling's backward pass does).
    let (graph, seen) = match leveled {
        Some(l) => match &l.graph {
            Some(g) => (g, links.len()),
            None => (&net.graph, l.plain),
        },
        None => (&net.graph, links.len()),
    };
    pert::figures(&pert::Network {
        activities: &net.activities,
        links,
        graph,
        seen,
        times,
        sigma: &net.sigma,
        work: &net.work,
        workers: &net.workers,
        leveled: leveled.is_some(),
    })
}

#[cfg(test)]
mod tests {
    use super::whole_days;

    /// A schedule solved from a network built ahead ([`super::network`],
    /// as the commands build it while the plan is validated) is the one
    /// [`super::schedule_with`] makes, leveled or not; so is one whose
    /// network is built when solved (`None`); a network built as of
    /// another day gives another schedule.
    #[test]
    fn a_network_built_ahead_schedules_as_schedule_with() {
        let plan = &crate::load::example("atlas/plan");
        let (Ok(as_of), Ok(other)) = (
            crate::model::Date::parse("2026-06-15"),
            crate::model::Date::parse("2026-04-01"),
        ) else {
            panic!("dates");
        };
        let json = |s: &super::Schedule| crate::render::schedule::json(s, "plan", None);
        for level in [true, false] {
            let options = super::Options { level };
            let Ok(direct) = super::schedule_with(plan, as_of, options) else {
                panic!("the example is not scheduled");
            };
            let ahead = super::schedule_network(plan, Some(super::network(plan, as_of)), as_of, options);
            let built = super::schedule_network(plan, None, as_of, options);
            let elsewhen = super::schedule_network(plan, Some(super::network(plan, other)), other, options);
            let (Ok(ahead), Ok(built), Ok(elsewhen)) = (ahead, built, elsewhen) else {
                panic!("not scheduled from a network");
            };
            assert_eq!(json(&ahead), json(&direct), "leveled: {level}");
            assert_eq!(json(&built), json(&direct), "leveled: {level}");
            assert_ne!(json(&elsewhen), json(&direct), "leveled: {level}");
        }
    }

    /// [`whole_days`] gives what the C library's `ceil` gives: on days
    /// around whole numbers, fractions, negatives, huge values, infinities
    /// and NaN.
    #[test]
    fn whole_days_round_up_as_ceil_does() {
        let by_ceil = |days: f64| {
            let d = (days - 1e-9).ceil();
            if d.is_finite() { (d as i64).max(0) } else { 0 }
        };
        let mut values = vec![
            0.0,
            -0.0,
            1e-9,
            2e-9,
            -1e-9,
            0.5,
            -0.5,
            -1.5,
            1e15,
            9.2e18,
            9.3e18,
            -9.3e18,
            1e300,
            f64::MAX,
            f64::MIN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::EPSILON,
        ];
        for k in -40..=40 {
            let k = f64::from(k);
            for step in [0.0, 1e-12, 1e-9, 2e-9, 1e-6, 0.001, 0.25, 0.5, 0.999] {
                values.extend([k + step, k - step, k / 3.0 + step, k * 0.8 - step]);
            }
        }
        for days in values {
            assert_eq!(whole_days(days), by_ceil(days), "{days:e}");
        }
    }
}
