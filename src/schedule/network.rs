//! The network of activities a plan schedules as: one activity per
//! milestone and per live feature, with its duration, earliest start and
//! progress as of the status date, and the links between them
//! ([`cpm::Link`]). [`Network::build`] makes it from a plan's inputs.

use std::collections::HashMap;

use super::calendar::Calendar;
use super::cpm::{self, Activity, Link, Progress, Reason};
use super::inputs::{ActivityInputs, EstimateInputs, FeatureInputs, Inputs, Links};
use super::level::{Work, Worker};
use super::{ScheduleError, lag_days, whole_days};
use crate::model::{Date, DependencyType, Status};
use crate::plan::ItemKind;

/// A plan's activity network as of a status date: what the critical path
/// method solves, with what maps its solution back to the plan's items.
/// Made from the plan's [`Inputs`] only. It can be moved to another status
/// date, and have single features' activities worked out again
/// ([`Network::redate`], [`Network::rework`]): [`crate::incremental`]
/// decides when that gives the network of another plan.
#[derive(Clone, Debug)]
pub struct Network {
    /// The project file the calendar was made from.
    pub(super) project: std::sync::Arc<crate::model::ProjectFile>,
    pub(super) as_of: Date,
    /// Knows every day the network's dates were converted on.
    pub(super) cal: Calendar,
    pub(super) status_day: i64,
    /// Milestones: activities `0..m`.
    pub(super) m: usize,
    /// The live features' positions in the plan, in activity order (from `m`).
    pub(super) features: Vec<usize>,
    /// Each live feature's milestone activity, when its milestone is one.
    pub(super) milestone_node: Vec<Option<usize>>,
    pub(super) activities: Vec<Activity>,
    /// PERT standard deviation of each activity's duration.
    pub(super) sigma: Vec<f64>,
    /// Features with a three-point estimate: the PERT mean.
    pub(super) means: Vec<Option<f64>>,
    pub(super) links: Vec<Link>,
    /// The links' graph (with its order), kept with them.
    pub(super) graph: cpm::Graph,
    /// The people who do the work, in the order of `[[people]]`.
    pub(super) workers: Vec<Worker>,
    /// Each worker's position, by id.
    pub(super) worker_index: HashMap<std::sync::Arc<str>, u32>,
    /// Per activity: who does it and how much (no one for
    /// milestones).
    pub(super) work: Vec<Work>,
}

impl Network {
    /// Everything of the network the critical path method reads, as text:
    /// for tests that compare networks made in different ways.
    #[cfg(test)]
    pub(crate) fn solved_from(&self) -> String {
        format!(
            "{:?}",
            (
                self.as_of,
                self.status_day,
                &self.features,
                &self.milestone_node,
                &self.activities,
                &self.sigma,
                &self.means,
                &self.links,
                &self.workers,
                &self.work
            )
        )
    }

    /// The solution of the critical path method: from scratch, or after
    /// `before` (a solution and how the network differs from its own).
    #[cfg(test)]
    pub(crate) fn solution(
        &self,
        before: Option<(&cpm::Solution, &cpm::Changes)>,
    ) -> Result<cpm::Solution, cpm::Cycle> {
        match before {
            Some((old, changes)) => cpm::solve_after(&self.activities, &self.links, &self.graph, old, changes),
            None => cpm::solve_graph(&self.activities, &self.links, &self.graph),
        }
    }

    /// The status date the network is as of.
    pub fn as_of(&self) -> Date {
        self.as_of
    }

    /// The project file its calendar was made from.
    pub fn project_file(&self) -> &std::sync::Arc<crate::model::ProjectFile> {
        &self.project
    }

    /// The working day the network's status date falls on (or the next
    /// one), from the project's start; 0 before it.
    pub fn status_day(&self) -> i64 {
        self.status_day
    }

    /// The status day ([`Network::status_day`]) of the network moved to
    /// `as_of`; `None` when `as_of` falls before the calendar's first day.
    pub fn status_day_of(&mut self, as_of: Date) -> Option<i64> {
        if as_of < self.cal.counts_from() {
            return None;
        }
        self.cal.on_or_after(as_of).ok().map(|day| day.max(0))
    }

    /// The network as of another status date: every live feature's
    /// activity is worked out again from `inputs` (its progress and
    /// earliest start depend on the status date); the links, and their
    /// order, stay. `inputs` are those the network was made of (but for
    /// features' own activities). `None` when `as_of` or a feature's date
    /// falls before the calendar's first day (build it from scratch then).
    pub fn redate(&mut self, inputs: &Inputs<'_>, as_of: Date) -> Option<Result<(), ScheduleError>> {
        if as_of < self.cal.counts_from() {
            return None;
        }
        let status_day = match self.cal.on_or_after(as_of) {
            Ok(day) => day.max(0),
            Err(e) => return Some(Err(e.into())),
        };
        self.as_of = as_of;
        // Activities read the status date through its working day alone.
        if std::mem::replace(&mut self.status_day, status_day) == status_day {
            return Some(Ok(()));
        }
        for k in 0..self.features.len() {
            let f = inputs.feature(self.features[k])?;
            if let Err(e) = self.rework_node(self.m + k, &f.activity)? {
                return Some(Err(e));
            }
        }
        Some(Ok(()))
    }

    /// Works feature `i`'s activity (its position in the plan) out again
    /// from `inputs`, whose other parts are those the network was made of.
    /// A cut feature has none. `None` when the feature is live but not in
    /// the network, or names a date before the calendar's first day.
    pub fn rework(&mut self, inputs: &Inputs<'_>, i: usize) -> Option<Result<(), ScheduleError>> {
        let f = inputs.feature(i)?;
        if !f.live() {
            return Some(Ok(()));
        }
        let node = self.m + self.features.binary_search(&i).ok()?;
        self.rework_node(node, &f.activity)
    }

    /// Works the activity of live feature node `node` out again from `a`;
    /// `None` when `a` names a date before the calendar's first day.
    fn rework_node(&mut self, node: usize, a: &ActivityInputs) -> Option<Result<(), ScheduleError>> {
        if before_calendar(&self.cal, a) {
            return None;
        }
        let per_week = self.cal.days_per_week();
        match feature_activity(a, &mut self.cal, self.status_day, per_week) {
            Ok((activity, sd, mean)) => {
                let who = (&self.worker_index, &self.workers[..]);
                self.work[node] = match work_of(a, &activity, who, (self.status_day, per_week), &mut self.cal) {
                    Ok(work) => work,
                    Err(e) => return Some(Err(e)),
                };
                self.activities[node] = activity;
                self.sigma[node] = sd;
                self.means[node] = mean;
                Some(Ok(()))
            }
            Err(e) => Some(Err(e)),
        }
    }

    /// The earliest date a network of `inputs` as of `as_of` reads: its
    /// calendar must count from there (or before).
    pub fn earliest(inputs: &Inputs<'_>, as_of: Date) -> Date {
        let mut earliest = inputs.calendar().start.min(as_of);
        for f in inputs.features() {
            let a = &f.activity;
            for d in [a.started, a.finished, a.not_before].into_iter().flatten() {
                earliest = earliest.min(d);
            }
        }
        earliest
    }

    /// The network of the plan whose inputs are `inputs`, as of `as_of`,
    /// built from scratch on `cal`, a calendar of those inputs that counts
    /// from [`Network::earliest`] or before.
    pub fn build(inputs: &Inputs<'_>, as_of: Date, mut cal: Calendar) -> Result<Network, ScheduleError> {
        let m = inputs.milestone_count();
        let (features, feature_node) = live_features(inputs);
        let per_week = cal.days_per_week();
        let status_day = cal.on_or_after(as_of)?.max(0);
        // Each live feature's inputs read once: the passes below go over
        // them, not over the plan's (large, scattered) files again.
        let live: Vec<FeatureInputs<'_>> = features.iter().filter_map(|&i| inputs.feature(i)).collect();
        let (activities, sigma, means) = activities(inputs, &live, &mut cal, status_day)?;
        let (links, milestone_node) = links(inputs, &live, &feature_node, per_week);
        let graph = cpm::Graph::new(activities.len(), &links).map_err(|_| ScheduleError::Cycle)?;
        let workers: Vec<Worker> = inputs.people().map(|p| Worker::of(&p)).collect();
        let mut worker_index = HashMap::with_capacity(workers.len());
        for (k, w) in workers.iter().enumerate() {
            worker_index.entry(w.id.clone()).or_insert(k as u32);
        }
        // A milestone's work is no one's: the delay of the risks that
        // occurred, unrounded (what PERT reads of its duration).
        let mut work: Vec<Work> = inputs
            .milestones()
            .map(|ms| Work {
                effort: ms.delay.0,
                ..Work::NONE
            })
            .collect();
        for (k, f) in live.iter().enumerate() {
            work.push(work_of(
                &f.activity,
                &activities[m + k],
                (&worker_index, &workers),
                (status_day, per_week),
                &mut cal,
            )?);
        }
        Ok(Network {
            project: inputs.project_file().clone(),
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
            workers,
            worker_index,
            work,
        })
    }

    /// Whether leveling can move anything: some activity has work left
    /// for someone of `[[people]]`.
    pub fn has_owned_work(&self) -> bool {
        self.work.iter().any(|w| w.worker().is_some())
    }

    /// What a Monte Carlo forecast reads of the network, to sample its
    /// durations and solve it again run after run ([`crate::forecast`]).
    pub(crate) fn parts(&self) -> Parts<'_> {
        Parts {
            m: self.m,
            features: &self.features,
            activities: &self.activities,
            links: &self.links,
            graph: &self.graph,
            work: &self.work,
            workers: &self.workers,
            cal: &self.cal,
            status_day: self.status_day,
        }
    }
}

/// A network's parts, borrowed ([`Network::parts`]).
pub(crate) struct Parts<'a> {
    /// Milestones: activities `0..m`.
    pub m: usize,
    /// The live features' positions in the plan, in activity order (from `m`).
    pub features: &'a [usize],
    pub activities: &'a [Activity],
    pub links: &'a [Link],
    pub graph: &'a cpm::Graph,
    pub work: &'a [Work],
    pub workers: &'a [Worker],
    pub cal: &'a Calendar,
    pub status_day: i64,
}

/// What leveling reads of a live feature: its owner (a position among the
/// workers, `(index, workers)`; `None` without one, or for someone not in
/// `[[people]]`), its work left at full rate, its rank and priority.
///
/// The work left is the unleveled `activity`'s, but for work started:
/// its `remaining` unrounded; without one, for work in progress whose
/// owner is one of the people, the estimate less what they did since it
/// started, a day of work for each of their working days (at their
/// capacity) before the status date, and at least one of their days' work
/// (docs/scheduling.md, progress).
pub(super) fn work_of(
    a: &ActivityInputs<'_>,
    activity: &Activity,
    (index, workers): (&HashMap<std::sync::Arc<str>, u32>, &[Worker]),
    (status_day, per_week): (i64, u8),
    cal: &mut Calendar,
) -> Result<Work, ScheduleError> {
    let owner = a.owner.and_then(|o| index.get(o).copied());
    let mut resume = 0;
    let effort = match activity.progress {
        // Blocked before it started: `remaining` is its work, as for the
        // activity.
        Progress::NotStarted if a.status == Status::Blocked && a.remaining.is_some() => {
            a.remaining.map_or(0.0, |r| r.working_days(per_week)) + a.delay.0
        }
        Progress::NotStarted => a.estimate.map_or(0.0, |e| e.days(per_week).0) + a.delay.0,
        Progress::InProgress { start, min_finish } => {
            resume = status_day.max(start);
            let worker = owner.and_then(|o| workers.get(o as usize));
            let delay = a.started_delay() as f64;
            match (a.remaining, a.status, worker) {
                (Some(r), _, _) => r.working_days(per_week) + delay,
                (None, Status::InProgress, Some(w)) => {
                    let worked = w.working_days_in(start, status_day, cal)? as f64 * w.capacity;
                    (a.estimate.map_or(0.0, |e| e.days(per_week).0) - worked).max(w.capacity) + delay
                }
                // The days left, the delay's whole days included.
                _ => (min_finish - resume).max(0) as f64,
            }
        }
        Progress::Done { .. } => 0.0,
    };
    Ok(Work {
        owner,
        effort,
        resume,
        rank: a.rank.map(|r| r.0),
        priority: a.priority,
    })
}

/// Whether `a` names a date before the first day `cal` knows: an activity
/// worked out again on an existing calendar needs it built anew.
pub(super) fn before_calendar(cal: &Calendar, a: &ActivityInputs) -> bool {
    let from = cal.counts_from();
    [a.started, a.finished, a.not_before]
        .into_iter()
        .flatten()
        .any(|d| d < from)
}

/// The live features of `inputs`: their positions in the plan, in activity
/// order, and each feature's activity by its position in the plan (`None`
/// for a cut one). Milestones are activities `0..m`; the live features
/// follow, in plan order.
pub(super) fn live_features(inputs: &Inputs<'_>) -> (Vec<usize>, Vec<Option<usize>>) {
    let m = inputs.milestone_count();
    let mut features: Vec<usize> = Vec::with_capacity(inputs.feature_count());
    let mut feature_node = vec![None; inputs.feature_count()];
    for (i, f) in inputs.features().enumerate() {
        if f.live() {
            feature_node[i] = Some(m + features.len());
            features.push(i);
        }
    }
    (features, feature_node)
}

/// A network's activities, the PERT standard deviation of each one's
/// duration and, for a three-point estimate, its PERT mean: [`Network`]'s
/// `activities`, `sigma` and `means`.
type Activities = (Vec<Activity>, Vec<f64>, Vec<Option<f64>>);

/// The activities of a network of `inputs`, milestones first, then the
/// live features (`live`, their inputs); with each one's standard deviation of its duration and,
/// for a three-point estimate, its PERT mean. Dates are converted on `cal`.
fn activities(
    inputs: &Inputs<'_>,
    live: &[FeatureInputs<'_>],
    cal: &mut Calendar,
    status_day: i64,
) -> Result<Activities, ScheduleError> {
    let n = inputs.milestone_count() + live.len();
    let per_week = cal.days_per_week();
    let mut activities = Vec::with_capacity(n);
    let mut sigma = Vec::with_capacity(n);
    let mut means = Vec::with_capacity(n);
    for ms in inputs.milestones() {
        let deadline = match ms.deadline {
            Some(d) => Some(cal.on_or_before(d)? + 1),
            None => None,
        };
        // A milestone is an event, not work: it is reached when what it waits
        // for is finished, even if that was before the status date, and as
        // many working days later as the risks that occurred add.
        activities.push(Activity {
            duration: whole_days(ms.delay.0),
            min_start: 0,
            min_start_reason: Reason::ProjectStart,
            progress: Progress::NotStarted,
            deadline,
        });
        sigma.push(0.0);
        means.push(None);
    }
    for f in live {
        let (activity, sd, mean) = feature_activity(&f.activity, cal, status_day, per_week)?;
        activities.push(activity);
        sigma.push(sd);
        means.push(mean);
    }
    Ok((activities, sigma, means))
}

/// The links of a network of `inputs`: one per dependency (on an item with
/// an activity, not itself), and one from each live feature to its
/// milestone; with each live feature's milestone activity, when its
/// milestone is one. `live` are the live features' inputs, in activity
/// order; `feature_node` is each feature's activity, by its position in
/// the plan ([`live_features`]).
fn links(
    inputs: &Inputs<'_>,
    live: &[FeatureInputs<'_>],
    feature_node: &[Option<usize>],
    per_week: u8,
) -> (Vec<Link>, Vec<Option<usize>>) {
    let m = inputs.milestone_count();
    let node_of = resolver(inputs, feature_node);

    // One link per dependency, and one per feature to its milestone.
    let link_count = inputs.milestones().map(|m| m.depends_on.iter().len()).sum::<usize>()
        + live.iter().map(|f| f.depends_on.iter().len() + 1).sum::<usize>();
    let mut links = Vec::with_capacity(link_count);
    let delayed = delayed_milestones(inputs);
    for (i, ms) in inputs.milestones().enumerate() {
        push_links(&mut links, i, ms.depends_on, &node_of, (per_week, &delayed));
    }
    for (k, f) in live.iter().enumerate() {
        push_links(&mut links, m + k, f.depends_on, &node_of, (per_week, &delayed));
    }
    // Each live feature's milestone node, when its milestone is one.
    let mut milestone_node = vec![None; live.len()];
    for (k, f) in live.iter().enumerate() {
        if let Some(to) = f.milestone.and_then(&node_of)
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
    (links, milestone_node)
}

/// The activity of the item an id names in `inputs`, if it has one:
/// `feature_node` is each feature's, by its position in the plan
/// ([`live_features`]).
pub(super) fn resolver<'a>(
    inputs: &'a Inputs<'_>,
    feature_node: &'a [Option<usize>],
) -> impl Fn(&str) -> Option<usize> + 'a {
    move |id| match inputs.item(id)? {
        (ItemKind::Milestone, i) => Some(i),
        (_, i) => feature_node.get(i).copied().flatten(),
    }
}

/// Pushes onto `links` one link into activity `me` per dependency of
/// `deps` on an item with an activity (`node_of` it), not itself.
pub(super) fn push_links(
    links: &mut Vec<Link>,
    me: usize,
    deps: Links<'_>,
    node_of: &impl Fn(&str) -> Option<usize>,
    (per_week, delayed): (u8, &[bool]),
) {
    let delayed = |node: usize| delayed.get(node).copied().unwrap_or(false);
    for dep in deps.iter() {
        if let Some(from) = node_of(dep.from)
            && from != me
        {
            let lag = dep.lag.map_or(0, |l| lag_days(l.working_days(per_week)));
            links.push(Link {
                from,
                to: me,
                kind: scheduled_kind(dep.kind, delayed(from), delayed(me)),
                lag,
            });
        }
    }
}

/// A link's type as scheduled, given whether the milestone it comes from
/// (`from_delayed`) or goes to (`to_delayed`) has days of its own, the
/// risks that occurred delaying it. Such a milestone is reached at the end
/// of those days: a link out of it counts from there (start-to-start read
/// as finish-to-start, start-to-finish as finish-to-finish), and a link
/// into it holds the start of those days (finish-to-finish read as
/// finish-to-start, start-to-finish as start-to-start), so that the days
/// come after what it waits for whatever the link. On a milestone without
/// days, start and finish are one day: the types read the same.
pub(crate) fn scheduled_kind(kind: DependencyType, from_delayed: bool, to_delayed: bool) -> DependencyType {
    use DependencyType::{FinishToFinish as FF, FinishToStart as FS, StartToFinish as SF, StartToStart as SS};
    let kind = match (kind, from_delayed) {
        (SS, true) => FS,
        (SF, true) => FF,
        (k, _) => k,
    };
    match (kind, to_delayed) {
        (FF, true) => FS,
        (SF, true) => SS,
        (k, _) => k,
    }
}

/// Per milestone of `inputs` (activities `0..m`): whether the risks that
/// occurred give it days of its own ([`scheduled_kind`]).
pub(super) fn delayed_milestones(inputs: &Inputs<'_>) -> Vec<bool> {
    inputs.milestones().map(|ms| whole_days(ms.delay.0) > 0).collect()
}

/// A live feature's activity, the standard deviation of its duration and,
/// for a three-point estimate, its PERT mean: from its [`ActivityInputs`]
/// alone.
pub(super) fn feature_activity(
    f: &ActivityInputs,
    cal: &mut Calendar,
    status_day: i64,
    per_week: u8,
) -> Result<(Activity, f64, Option<f64>), ScheduleError> {
    let (mean, sd) = f.estimate.map_or((0.0, 0.0), |e| e.days(per_week));
    // The work the risks that occurred add (none to done work).
    let delay = f.delay.0;
    let mut duration = whole_days(mean);
    let (mut min_start, mut reason) = if status_day > 0 {
        (status_day, Reason::StatusDate)
    } else {
        (0, Reason::ProjectStart)
    };
    if let Some(nb) = f.not_before {
        let day = cal.on_or_after(nb)?;
        if day > min_start {
            min_start = day;
            reason = Reason::NotBefore;
        }
    }
    let progress = match (f.status, f.started, f.finished) {
        (Status::Done, started, Some(finished)) => {
            let finish = cal.on_or_before(finished)? + 1;
            let start = match started {
                Some(s) => cal.on_or_after(s)?.min(finish),
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
            let start = cal.on_or_after(started)?;
            let elapsed = (status_day - start).max(0);
            let remaining = match f.remaining {
                Some(r) => whole_days(r.working_days(per_week)),
                // Blocked work made no progress: all of it is left, from the
                // status date on (docs/scheduling.md, progress).
                None if f.status == Status::Blocked => duration.max(1),
                // Not done, so at least a day of work is left.
                None => (duration - elapsed).max(1),
            };
            let min_finish = status_day.max(start) + remaining + f.started_delay();
            duration = min_finish - start;
            Progress::InProgress { start, min_finish }
        }
        // Blocked before it started: what `remaining` says is its work.
        (Status::Blocked, None, _) => {
            duration = match f.remaining {
                Some(r) => whole_days(r.working_days(per_week) + delay),
                None => whole_days(mean + delay),
            };
            Progress::NotStarted
        }
        _ => {
            duration = whole_days(mean + delay);
            Progress::NotStarted
        }
    };
    let done = matches!(progress, Progress::Done { .. });
    let activity = Activity {
        duration,
        min_start,
        min_start_reason: reason,
        progress,
        deadline: None,
    };
    let three_point = matches!(f.estimate, Some(EstimateInputs::ThreePoint { .. }));
    Ok((activity, if done { 0.0 } else { sd }, three_point.then_some(mean)))
}
