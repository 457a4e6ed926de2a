//! Scheduling a valid plan: the critical path method over the project's
//! working-day calendar, with progress as of a status date.
//!
//! [`build`] turns the plan into a network of activities ([`cpm`]): one per
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
pub mod cpm;

use crate::model::{Date, DependencyType, Estimate, Status};
use crate::plan::{ItemKind, Plan};
use calendar::Calendar;
use cpm::{Activity, Link, Progress, Reason};

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
    /// Working days.
    pub duration: i64,
    pub times: cpm::Times,
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
    /// PERT standard deviation in working days: of the duration for a
    /// feature with a three-point estimate; of the finish, summed along the
    /// driving path, for a milestone.
    pub std_dev: Option<f64>,
    /// Milestones with a deadline and uncertainty on their driving path: the
    /// chance of finishing by the deadline (PERT's normal approximation).
    pub probability: Option<f64>,
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
    /// Chains of critical items, each from its first item to its last: the
    /// project's end, or a deadline missed by the most.
    pub critical_paths: Vec<Vec<usize>>,
    /// The working day the status date falls on (or the next one), as an
    /// offset from the project start; 0 when the status date is before it.
    pub status_day: i64,
    /// The working-day calendar the schedule was computed on.
    pub calendar: Calendar,
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
    let d = (days - 1e-9).ceil();
    if d.is_finite() { (d as i64).max(0) } else { 0 }
}

/// Whole working days for a lag: to the nearest day, halves away from zero.
pub fn lag_days(days: f64) -> i64 {
    if days.is_finite() { days.round() as i64 } else { 0 }
}

/// The estimate in working days (the PERT mean for a three-point estimate)
/// and its PERT standard deviation.
pub fn estimate_days(e: &Estimate, per_week: u8) -> (f64, f64) {
    match e {
        Estimate::Single(d) => (d.working_days(per_week), 0.0),
        Estimate::ThreePoint(t) => {
            let (l, m, h) = (
                t.low.value.working_days(per_week),
                t.likely.value.working_days(per_week),
                t.high.value.working_days(per_week),
            );
            ((l + 4.0 * m + h) / 6.0, (h - l) / 6.0)
        }
    }
}

/// Feature `id`'s estimate in working days of `plan`'s week (the PERT mean
/// for a three-point estimate); `None` without the feature or an estimate.
pub fn feature_days(plan: &Plan, id: &str) -> Option<f64> {
    let per_week = plan.project.as_ref().map_or(5, |p| calendar::days_per_week(&p.data));
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

/// Schedules a valid plan as of `as_of`.
pub fn schedule(plan: &Plan, as_of: Date) -> Result<Schedule, ScheduleError> {
    schedule_with(plan, as_of, &mut Calendars::default())
}

/// The last calendar built, to start the next schedule of a plan with the
/// same project file from (a history walk schedules hundreds of plans that
/// share one `project.toml`): days are counted once, not per schedule.
#[derive(Default)]
pub struct Calendars {
    last: Option<(std::sync::Arc<crate::model::ProjectFile>, Calendar)>,
}

impl Calendars {
    /// A calendar of `project` that knows every day from the earlier of
    /// `earliest` and the project's start: [`Calendar::new`]'s, or the last
    /// one kept if it counts from that day or before (days known in front
    /// change no answer about later dates, and working day 0 is the
    /// project's first either way).
    pub fn get(&self, project: &std::sync::Arc<crate::model::ProjectFile>, earliest: Date) -> Calendar {
        let from = Date(earliest.0.min(project.project.start.value.0));
        match &self.last {
            Some((p, cal)) if std::sync::Arc::ptr_eq(p, project) && cal.counts_from() <= from => cal.clone(),
            _ => Calendar::new(project, earliest),
        }
    }

    /// Keeps `cal`, a calendar of `project`, for the next [`Calendars::get`].
    pub fn keep(&mut self, project: &std::sync::Arc<crate::model::ProjectFile>, cal: &Calendar) {
        // The one kept already serves as well unless this one knows more days.
        if let Some((p, kept)) = &self.last
            && std::sync::Arc::ptr_eq(p, project)
            && kept.counts_from() <= cal.counts_from()
            && kept.last_day() >= cal.last_day()
        {
            return;
        }
        self.last = Some((project.clone(), cal.clone()));
    }
}

/// Whether `b` schedules exactly as `a` (at any one status date): the same
/// files, items and project file, and every feature and milestone the same
/// in all the scheduler reads — status, dates, estimates, links, milestone,
/// deadline — wherever written. Titles, owners, priorities and the like
/// may differ: see [`Schedule::retitled`].
pub fn same_inputs(a: &Plan, b: &Plan) -> bool {
    use crate::validate::link;
    fn value<T>(v: &Option<crate::span::Sp<T>>) -> Option<&T> {
        v.as_ref().map(|v| &v.value)
    }
    let links = |x: &[crate::span::Sp<crate::model::Dependency>], y: &[crate::span::Sp<crate::model::Dependency>]| {
        x.iter().map(link).eq(y.iter().map(link))
    };
    crate::validate::same_shape(a, b)
        && a.milestones.iter().zip(&b.milestones).all(|(x, y)| {
            let (x, y) = (&x.data, &y.data);
            std::sync::Arc::ptr_eq(x, y)
                || (value(&x.deadline) == value(&y.deadline) && links(&x.depends_on, &y.depends_on))
        })
        && a.features.iter().zip(&b.features).all(|(x, y)| {
            let (x, y) = (&x.data, &y.data);
            std::sync::Arc::ptr_eq(x, y)
                || (x.status() == y.status()
                    && value(&x.estimate) == value(&y.estimate)
                    && value(&x.remaining) == value(&y.remaining)
                    && value(&x.started) == value(&y.started)
                    && value(&x.finished) == value(&y.finished)
                    && value(&x.not_before) == value(&y.not_before)
                    && value(&x.milestone) == value(&y.milestone)
                    && links(&x.depends_on, &y.depends_on))
        })
}

impl Schedule {
    /// This schedule, for `plan`: a plan that schedules alike ([`same_inputs`]
    /// with the plan this one was computed for), whose titles may differ.
    /// Works on a [`forecast_with`]'s entries too.
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

/// [`schedule`], starting from a calendar in `calendars` when it fits.
pub fn schedule_with(plan: &Plan, as_of: Date, calendars: &mut Calendars) -> Result<Schedule, ScheduleError> {
    compute(plan, as_of, calendars, Keep::All)
}

/// Which entries a schedule keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    /// Milestones and critical items only, without critical paths.
    Forecast,
}

/// The forecast of a plan, for a history walk that schedules a plan per
/// commit: a [`Schedule`] whose entries are the milestones and, of the
/// features, only the critical ones (in the same order as
/// [`schedule_with`]'s), and whose `critical_paths` are left empty. Every
/// number it keeps is the one [`schedule_with`] computes; it skips building
/// the entries of the other features (their dates, drivers, shared ids and
/// titles), most of a schedule's cost. That is all a comparison reads
/// ([`crate::diff::compare`]: milestones, the project's finish, critical
/// items).
pub fn forecast_with(plan: &Plan, as_of: Date, calendars: &mut Calendars) -> Result<Schedule, ScheduleError> {
    compute(plan, as_of, calendars, Keep::Forecast)
}

fn compute(plan: &Plan, as_of: Date, calendars: &mut Calendars, keep: Keep) -> Result<Schedule, ScheduleError> {
    let net = network(plan, as_of, calendars)?;
    solve_network(plan, &net, keep, calendars)
}

/// A plan's activity network as of a status date: what the critical path
/// method solves, with what maps its solution back to the plan's items. A
/// history walk keeps each commit's, to build the next one's by redoing
/// only the features whose files changed ([`Network::after`]).
#[derive(Clone, Debug)]
pub struct Network {
    project: std::sync::Arc<crate::model::ProjectFile>,
    as_of: Date,
    /// Knows every day the network's dates were converted on.
    cal: Calendar,
    per_week: u8,
    status_day: i64,
    /// Milestones: activities `0..m`.
    m: usize,
    /// The live features' positions in the plan, in activity order (from `m`).
    features: Vec<usize>,
    /// Each live feature's milestone activity, when its milestone is one.
    milestone_node: Vec<Option<usize>>,
    activities: Vec<Activity>,
    /// PERT standard deviation of each activity's duration.
    sigma: Vec<f64>,
    /// Features with a three-point estimate: the PERT mean.
    means: Vec<Option<f64>>,
    links: Vec<Link>,
    /// The links' graph (with its order), kept with them.
    graph: cpm::Graph,
}

impl Network {
    /// The network of `plan` as of `as_of`, from this one, the network of
    /// `before` as of the same date, when they differ only in features
    /// whose own activity changed (estimate, progress, dates, status short
    /// of a cut): those activities are worked out again, and everything
    /// else (the other activities, every link) is the same. `None` when the
    /// plans differ in more (shape, project file, milestones, a feature's
    /// links or milestone, a cut or a restore, a date before the calendar's
    /// first day): [`schedule_with`]'s network is then built from scratch.
    pub fn after(&self, before: &Plan, plan: &Plan, as_of: Date) -> Option<Result<Network, ScheduleError>> {
        use std::sync::Arc;
        let project = plan.project.as_ref()?;
        let same = as_of == self.as_of
            && Arc::ptr_eq(&project.data, &self.project)
            && crate::validate::same_shape(before, plan)
            && before
                .milestones
                .iter()
                .zip(&plan.milestones)
                .all(|(a, b)| Arc::ptr_eq(&a.data, &b.data));
        if !same {
            return None;
        }
        let mut net: Option<Network> = None;
        for (i, (a, b)) in before.features.iter().zip(&plan.features).enumerate() {
            let (a, b) = (&a.data, &b.data);
            if Arc::ptr_eq(a, b) {
                continue;
            }
            let cut = b.status() == Status::Cut;
            let same_links = a
                .depends_on
                .iter()
                .map(crate::validate::link)
                .eq(b.depends_on.iter().map(crate::validate::link));
            let same_milestone = a.milestone.as_ref().map(|m| &m.value) == b.milestone.as_ref().map(|m| &m.value);
            if (a.status() == Status::Cut) != cut || !same_milestone || !same_links {
                return None;
            }
            if cut {
                continue;
            }
            let from = self.cal.counts_from();
            if [&b.started, &b.finished, &b.not_before]
                .into_iter()
                .flatten()
                .any(|d| d.value < from)
            {
                return None;
            }
            let net = net.get_or_insert_with(|| self.clone());
            let node = net.m + net.features.binary_search(&i).ok()?;
            match feature_activity(b, &mut net.cal, net.status_day, net.per_week) {
                Ok((activity, sd, mean)) => {
                    net.activities[node] = activity;
                    net.sigma[node] = sd;
                    net.means[node] = mean;
                }
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(net.unwrap_or_else(|| self.clone())))
    }
}

/// [`forecast_with`], with the network it solved: built from `before`'s
/// (a plan and its network as of the same date) when only some features'
/// own activities differ ([`Network::after`]), from scratch otherwise.
pub fn forecast_after(
    plan: &Plan,
    as_of: Date,
    calendars: &mut Calendars,
    before: Option<(&Plan, &Network)>,
) -> Result<(Schedule, Network), ScheduleError> {
    let net = match before.and_then(|(old, net)| net.after(old, plan, as_of)) {
        Some(net) => net?,
        None => network(plan, as_of, calendars)?,
    };
    let schedule = solve_network(plan, &net, Keep::Forecast, calendars)?;
    Ok((schedule, net))
}

fn network(plan: &Plan, as_of: Date, calendars: &mut Calendars) -> Result<Network, ScheduleError> {
    let project = plan.project.as_ref().ok_or(ScheduleError::NoProject)?;
    let start_date = project.data.project.start.value;

    // The calendar must reach back to the earliest date the plan mentions.
    // One pass over the features: the live ones (their activity index:
    // milestones first, then live features, in plan order), and the
    // earliest date the calendar must reach back to.
    let m = plan.milestones.len();
    let mut earliest = start_date.min(as_of);
    let mut features: Vec<usize> = Vec::with_capacity(plan.features.len());
    let mut feature_node = vec![None; plan.features.len()];
    for (i, f) in plan.features.iter().enumerate() {
        let f = &f.data;
        for d in [&f.started, &f.finished, &f.not_before].into_iter().flatten() {
            earliest = earliest.min(d.value);
        }
        if f.status() != Status::Cut {
            feature_node[i] = Some(m + features.len());
            features.push(i);
        }
    }
    let mut cal = calendars.get(&project.data, earliest);
    let per_week = cal.days_per_week();
    let status_day = cal.on_or_after(as_of)?.max(0);
    let node_of = |id: &str| -> Option<usize> {
        let d = plan.ids.get(id)?;
        let i = d.index? as usize;
        match d.kind {
            ItemKind::Milestone => Some(i),
            ItemKind::Feature => feature_node.get(i).copied().flatten(),
            ItemKind::Risk => None,
        }
    };

    let mut activities = Vec::with_capacity(m + features.len());
    let mut sigma = Vec::with_capacity(m + features.len());
    let mut means = Vec::with_capacity(m + features.len());
    // One link per dependency, and one per feature to its milestone.
    let link_count = plan.milestones.iter().map(|m| m.data.depends_on.len()).sum::<usize>()
        + features
            .iter()
            .map(|&i| plan.features[i].data.depends_on.len() + 1)
            .sum::<usize>();
    let mut links = Vec::with_capacity(link_count);
    for ms in &plan.milestones {
        let deadline = match &ms.data.deadline {
            Some(d) => Some(cal.on_or_before(d.value)? + 1),
            None => None,
        };
        // A milestone is an event, not work: it is reached when what it waits
        // for is finished, even if that was before the status date.
        activities.push(Activity {
            duration: 0,
            min_start: 0,
            min_start_reason: Reason::ProjectStart,
            progress: Progress::NotStarted,
            deadline,
        });
        sigma.push(0.0);
        means.push(None);
    }
    for &i in &features {
        let (activity, sd, mean) = feature_activity(&plan.features[i].data, &mut cal, status_day, per_week)?;
        activities.push(activity);
        sigma.push(sd);
        means.push(mean);
    }

    let mut add_links = |me: usize, deps: &[crate::span::Sp<crate::model::Dependency>]| {
        for dep in deps {
            if let Some(from) = node_of(&dep.value.id().value)
                && from != me
            {
                let lag = dep.value.lag().map_or(0, |l| lag_days(l.value.working_days(per_week)));
                links.push(Link {
                    from,
                    to: me,
                    kind: dep.value.kind(),
                    lag,
                });
            }
        }
    };
    for (i, ms) in plan.milestones.iter().enumerate() {
        add_links(i, &ms.data.depends_on);
    }
    for (k, &i) in features.iter().enumerate() {
        add_links(m + k, &plan.features[i].data.depends_on);
    }
    // Each live feature's milestone node, when its milestone is one.
    let mut milestone_node = vec![None; features.len()];
    for (k, &i) in features.iter().enumerate() {
        if let Some(ms) = &plan.features[i].data.milestone
            && let Some(to) = node_of(&ms.value)
            && to < m
        {
            milestone_node[k] = Some(to);
            links.push(Link {
                from: m + k,
                to,
                kind: DependencyType::FinishToStart,
                lag: 0,
            });
        }
    }

    let graph = cpm::Graph::new(activities.len(), &links).map_err(|_| ScheduleError::Cycle)?;
    Ok(Network {
        project: project.data.clone(),
        as_of,
        cal,
        per_week,
        status_day,
        m,
        features,
        milestone_node,
        activities,
        sigma,
        means,
        links,
        graph,
    })
}

/// A live feature's activity, the standard deviation of its duration and,
/// for a three-point estimate, its PERT mean.
fn feature_activity(
    f: &crate::model::FeatureFile,
    cal: &mut Calendar,
    status_day: i64,
    per_week: u8,
) -> Result<(Activity, f64, Option<f64>), ScheduleError> {
    let (mean, sd) = f
        .estimate
        .as_ref()
        .map_or((0.0, 0.0), |e| estimate_days(&e.value, per_week));
    let mut duration = whole_days(mean);
    let (mut min_start, mut reason) = if status_day > 0 {
        (status_day, Reason::StatusDate)
    } else {
        (0, Reason::ProjectStart)
    };
    if let Some(nb) = &f.not_before {
        let day = cal.on_or_after(nb.value)?;
        if day > min_start {
            min_start = day;
            reason = Reason::NotBefore;
        }
    }
    let progress = match (f.status(), &f.started, &f.finished) {
        (Status::Done, started, Some(finished)) => {
            let finish = cal.on_or_before(finished.value)? + 1;
            let start = match started {
                Some(s) => cal.on_or_after(s.value)?.min(finish),
                None => finish - duration,
            };
            duration = finish - start;
            Progress::Done { start, finish }
        }
        (Status::Done, _, None) => Progress::Done {
            start: status_day - duration,
            finish: status_day,
        },
        (_, Some(started), _) => {
            let start = cal.on_or_after(started.value)?;
            let elapsed = (status_day - start).max(0);
            let remaining = match &f.remaining {
                Some(r) => whole_days(r.value.working_days(per_week)),
                // Not done, so at least a day of work is left.
                None => (duration - elapsed).max(1),
            };
            let min_finish = status_day.max(start) + remaining;
            duration = min_finish - start;
            Progress::InProgress { start, min_finish }
        }
        _ => Progress::NotStarted,
    };
    let done = matches!(progress, Progress::Done { .. });
    let activity = Activity {
        duration,
        min_start,
        min_start_reason: reason,
        progress,
        deadline: None,
    };
    let three_point = matches!(f.estimate.as_ref().map(|e| &e.value), Some(Estimate::ThreePoint(_)));
    Ok((activity, if done { 0.0 } else { sd }, three_point.then_some(mean)))
}

/// Solves a plan's network and maps the solution back to its items.
fn solve_network(plan: &Plan, net: &Network, keep: Keep, calendars: &mut Calendars) -> Result<Schedule, ScheduleError> {
    let Network {
        project,
        as_of,
        cal,
        status_day,
        m,
        features,
        milestone_node,
        activities,
        sigma,
        means,
        links,
        graph,
        ..
    } = net;
    let (as_of, status_day, m) = (*as_of, *status_day, *m);
    let mut cal = cal.clone();
    let solution = cpm::solve_graph(activities, links, graph).map_err(|_| ScheduleError::Cycle)?;
    let live: Vec<bool> = activities
        .iter()
        .map(|a| !matches!(a.progress, Progress::Done { .. }))
        .collect();
    let min_float = solution
        .times
        .iter()
        .zip(&live)
        .filter(|(_, l)| **l)
        .map(|(t, _)| t.total_float)
        .min()
        .unwrap_or(0)
        .min(0);
    let critical: Vec<bool> = solution
        .times
        .iter()
        .zip(&live)
        .map(|(t, l)| *l && t.total_float <= min_float)
        .collect();

    // Variance along the driving path (PERT's approximation).
    let mut variance = vec![0.0f64; activities.len()];
    for &i in &solution.order {
        let own = sigma[i] * sigma[i];
        variance[i] = own
            + match solution.times[i].driver {
                Reason::Link(l) => variance[links[l].from],
                _ => 0.0,
            };
    }

    let mut entries = Vec::with_capacity(match keep {
        Keep::All => activities.len(),
        Keep::Forecast => m + critical[m..].iter().filter(|c| **c).count(),
    });
    for (node, t) in solution.times.iter().enumerate() {
        if keep == Keep::Forecast && node >= m && !critical[node] {
            continue;
        }
        let (id, kind, title, status, deadline, milestone) = if node < m {
            let ms = &plan.milestones[node];
            let deadline = ms.data.deadline.as_ref().map(|d| d.value);
            (&ms.id, ItemKind::Milestone, &ms.data.title.value, None, deadline, None)
        } else {
            let f = &plan.features[features[node - m]];
            // The milestone's own id (shared), or the reference as written.
            let milestone = match milestone_node[node - m] {
                Some(to) => Some(plan.milestones[to].id.clone()),
                None => f
                    .data
                    .milestone
                    .as_ref()
                    .map(|r| std::sync::Arc::from(r.value.as_str())),
            };
            (
                &f.id,
                ItemKind::Feature,
                &f.data.title.value,
                Some(f.data.status()),
                None,
                milestone,
            )
        };
        let duration = t.early_finish - t.early_start;
        let driver = match t.driver {
            Reason::ProjectStart => Driver::ProjectStart,
            Reason::StatusDate => Driver::StatusDate,
            Reason::NotBefore => Driver::NotBefore,
            Reason::Actual => Driver::Actual,
            Reason::Link(l) => {
                let link = links[l];
                Driver::Item {
                    id: node_id(plan, features, m, link.from).clone(),
                    kind: link.kind,
                    lag: link.lag,
                }
            }
        };
        // Dates are inclusive days. An item of zero duration (a milestone)
        // held by a finish (an FS or FF link) is reached at the end of the
        // day that finish falls on; one held by a start (SS, SF, the project
        // start, a not-before date), at the start of its day.
        let back = match &driver {
            Driver::Item {
                kind: DependencyType::FinishToStart | DependencyType::FinishToFinish,
                ..
            } => 1,
            _ if duration > 0 => 1,
            _ => 0,
        };
        let (start, finish, late_start, late_finish) = if duration == 0 {
            let early = cal.date(t.early_finish - back)?;
            let late = cal.date(t.late_finish - back)?;
            (early, early, late, late)
        } else {
            (
                cal.date(t.early_start)?,
                cal.date(t.early_finish - 1)?,
                cal.date(t.late_start)?,
                cal.date(t.late_finish - 1)?,
            )
        };
        let deadline_margin = activities[node].deadline.map(|d| d - t.early_finish);
        let path_sd = variance[node].sqrt();
        let std_dev = if node < m {
            (path_sd > 0.0).then_some(path_sd)
        } else {
            (sigma[node] > 0.0).then_some(sigma[node])
        };
        let probability = match activities[node].deadline {
            Some(d) if node < m && path_sd > 0.0 => Some(normal_cdf((d - t.early_finish) as f64 / path_sd)),
            _ => None,
        };
        entries.push(Entry {
            id: id.clone(),
            kind,
            title: title.clone(),
            status,
            milestone,
            duration,
            times: *t,
            start,
            finish,
            late_start,
            late_finish,
            critical: critical[node],
            driver,
            deadline,
            deadline_margin,
            mean_duration: means[node],
            std_dev,
            probability,
        });
    }

    let critical_paths = match keep {
        Keep::All => critical_chains(&solution.times, links, &critical),
        Keep::Forecast => Vec::new(),
    };

    let (start, finish) = (cal.date(0)?, cal.date((solution.end - 1).max(0))?);
    calendars.keep(project, &cal);
    Ok(Schedule {
        as_of,
        start,
        // An empty plan (or one of milestones only) ends where it starts.
        finish,
        length: solution.end,
        entries,
        critical_paths,
        status_day,
        calendar: cal,
    })
}

/// Critical chains: from each critical item that drives no other critical
/// item (the project's end, or a deadline missed by the most), walk back
/// along driving links while the predecessor is critical too.
fn critical_chains(times: &[cpm::Times], links: &[Link], critical: &[bool]) -> Vec<Vec<usize>> {
    let mut drives_critical = vec![false; times.len()];
    for (node, t) in times.iter().enumerate() {
        if critical[node]
            && let Reason::Link(l) = t.driver
            && critical[links[l].from]
        {
            drives_critical[links[l].from] = true;
        }
    }
    let mut critical_paths = Vec::new();
    for node in 0..times.len() {
        if critical[node] && !drives_critical[node] {
            let mut chain = vec![node];
            let mut at = node;
            while let Reason::Link(l) = times[at].driver {
                let from = links[l].from;
                if !critical[from] {
                    break;
                }
                chain.push(from);
                at = from;
            }
            chain.reverse();
            critical_paths.push(chain);
        }
    }
    critical_paths
}

fn node_id<'p>(plan: &'p Plan, features: &[usize], m: usize, node: usize) -> &'p std::sync::Arc<str> {
    if node < m {
        &plan.milestones[node].id
    } else {
        &plan.features[features[node - m]].id
    }
}
