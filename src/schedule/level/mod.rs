//! Resource leveling: the forecast when people do the work.
//!
//! The critical path method assumes infinite people. Leveling places each
//! feature on its owner's time: a person works on one feature at a time,
//! on their own working days (the project's, on their weekdays, outside
//! their time off), at their capacity's rate; once started, a feature runs
//! on each of its owner's working days until done. Links, lags, not-before
//! dates and progress hold exactly as in the unleveled schedule.
//!
//! The method is a *serial schedule generation scheme*: features are taken
//! one at a time, each once everything it waits for is placed, the most
//! urgent first (`Key`), and each is placed at the earliest time its
//! links allow where its owner is free for its whole length. A feature can
//! fill a gap its owner left earlier. With a fixed priority order the
//! result is deterministic: ties fall to plan order.
//!
//! The leveled network is the plan's links plus one *resource link* per
//! person between consecutive features of theirs (finish to start, the lag
//! being the owner's days off in between): floats, drivers and the critical
//! chain are those of that network, so "waits for mara" is a driver like
//! any link.

mod justify;
mod leveler;
mod people;
#[cfg(test)]
mod tests;
mod timed;

use super::calendar::Calendar;
use super::cpm::{self, Activity, Link, Progress, Reason, Times};
use super::inputs::PersonInputs;
use super::{ScheduleError, whole_days};
use crate::model::{Date, DependencyType, Priority};
pub use leveler::Leveler;
use people::People;

/// A person, as leveling reads them: owned by the network.
#[derive(Clone, Debug, PartialEq)]
pub struct Worker {
    pub id: std::sync::Arc<str>,
    /// Share of their time, more than 0 (validation forbids 0; leveling
    /// treats it as a tiny share rather than divide by it).
    pub capacity: f64,
    /// The weekdays they work (Monday first), when not all of the project's.
    pub workdays: Option<[bool; 7]>,
    /// Absences: first and last day, inclusive.
    pub time_off: Vec<(Date, Date)>,
}

impl Worker {
    pub fn of(p: &PersonInputs<'_>) -> Worker {
        Worker {
            id: p.id.into(),
            capacity: if p.capacity.0 > 0.0 { p.capacity.0 } else { 1e-3 },
            workdays: p.workdays,
            time_off: p.time_off.bounds().collect(),
        }
    }

    /// How many of their working days `effort` (working days at full
    /// rate) takes: `ceil(effort / capacity)`, never negative.
    pub fn days_for(&self, effort: f64) -> i64 {
        whole_days(effort / self.capacity)
    }

    /// How many of the project's working days `from..to` (positions in
    /// `cal`) they work: those on their weekdays, less their time off.
    pub fn working_days_in(&self, from: i64, to: i64, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        let mut days = 0;
        for d in from..to {
            let date = cal.date(d)?;
            if self.works_on(date) && self.time_off_on(date).is_none() {
                days += 1;
            }
        }
        Ok(days)
    }

    /// Their time off on a day of their week in `since..start` (positions
    /// in `cal`, days they do not work), the latest when there are
    /// several. `None` when those days are only days of the week they do
    /// not work.
    pub fn off_before(
        &self,
        since: i64,
        start: i64,
        cal: &mut Calendar,
    ) -> Result<Option<(Date, Date)>, ScheduleError> {
        for d in (since.max(0)..start).rev() {
            let date = cal.date(d)?;
            if !self.works_on(date) {
                continue;
            }
            if let Some(off) = self.time_off_on(date) {
                return Ok(Some(off));
            }
        }
        Ok(None)
    }

    /// Whether `date`'s weekday is one of theirs.
    pub(super) fn works_on(&self, date: Date) -> bool {
        let weekday = usize::from(date.0.weekday().to_monday_zero_offset().unsigned_abs());
        self.workdays.is_none_or(|w| w[weekday % 7])
    }

    /// Their time off that `date` falls in (first and last day).
    fn time_off_on(&self, date: Date) -> Option<(Date, Date)> {
        self.time_off.iter().find(|&&(a, b)| a <= date && date <= b).copied()
    }

    /// Whether they work every working day of the project.
    pub(super) fn always(&self) -> bool {
        self.workdays.is_none_or(|w| w.iter().all(|&d| d)) && self.time_off.is_empty()
    }
}

/// What leveling reads of one activity beyond the critical path method's
/// [`Activity`]: who does it, how much, and how it ranks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Work {
    /// The owner's position among the network's workers.
    pub owner: Option<u32>,
    /// Work left, in working days at full rate: the estimate (unrounded)
    /// for work not started, what is left for work in progress (see
    /// `network::work_of`).
    pub effort: f64,
    /// For work in progress: the day its work left resumes (the status
    /// date, or its start if later); 0 otherwise.
    pub resume: i64,
    pub rank: Option<u32>,
    pub priority: Option<Priority>,
}

impl Work {
    /// No work for anyone: milestones, and features without an owner.
    pub const NONE: Work = Work {
        owner: None,
        effort: 0.0,
        resume: 0,
        rank: None,
        priority: None,
    };

    /// The position of the person whose time this work takes: its owner,
    /// when there is work left (no effort books no one's time).
    pub fn worker(&self) -> Option<usize> {
        self.owner.filter(|_| self.effort > 0.0).map(|o| o as usize)
    }
}

/// A leveled network: each activity's times (early dates leveled, late
/// dates and floats from the backward pass over the leveled network), the
/// links it was solved with (the plan's, then the resource links) and who
/// each resource link waits for.
#[derive(Clone, Debug, Default)]
pub struct Leveled {
    pub times: Vec<Times>,
    pub end: i64,
    pub links: Vec<Link>,
    /// For each link from `plain` on: the worker it waits for.
    pub waits_for: Vec<u32>,
    /// How many of `links` are the plan's own.
    pub plain: usize,
    /// The graph of `links`, the plan's and the resource links; `None` when
    /// a resource link closes a loop of links (possible with leads), and
    /// passes over the leveled network keep to the plan's links, or when
    /// only early dates were asked for ([`Dates::Early`]).
    pub graph: Option<cpm::Graph>,
    /// Each activity's place in the order work was taken in.
    keys: Vec<Key>,
    /// Each activity not started: the earliest start its constraints and
    /// the plan's links allow, people aside.
    ready: Vec<i64>,
    /// The order kept ([`Orders`]).
    pub kept: Kept,
    /// Whether the schedule is not the serial pass's in the team's order
    /// (justified, or in another order).
    pub improved: bool,
    /// Per activity, the first day of the work booked on its owner's time
    /// (for started work, where its work left resumes); `i64::MIN` for
    /// work on no one's time.
    pub booked: Vec<i64>,
}

/// Another pass than the serial pass in the team's order ([`Key`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Order {
    /// The team's order, but time first: of the work ready, what can start
    /// first first, the most urgent first among work that can start at once
    /// (a *parallel* schedule generation scheme, as TaskJuggler levels).
    Time,
}

/// The orders tried after the team's, in turn.
const ORDERS: [Order; 1] = [Order::Time];

/// The pass a leveling kept: the team's serial pass (`None`), or another
/// that ended the project sooner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Kept(Option<Order>);

/// Which of a leveled network's dates a leveling works out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dates {
    /// Early and late dates, floats, and the first day each activity's
    /// work is booked on ([`Leveled::booked`]): a schedule's.
    All,
    /// Early dates and drivers only: what a Monte Carlo run reads. Late
    /// dates and floats are left at 0 and nothing is said booked, which
    /// saves the backward pass over the leveled network.
    Early,
}

/// Which orders a leveling tries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Orders {
    /// The team's, then the others while the project could end sooner.
    All,
    /// Only the one a leveling of the same network kept: what a Monte
    /// Carlo run does, so that each costs one order.
    As(Kept),
}

/// An activity's place in the order leveling takes work in (`Key`):
/// of two activities of one network, the lesser is taken first. No two are
/// equal (plan order breaks ties).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place(Key);

/// Why a person took one feature before another: the first part of the
/// order (`Key`) where the first goes ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ahead {
    /// It had started already.
    Started,
    /// Its `rank` (or it has one and the other has none).
    Rank(u32),
    /// The milestone deadline it leads to (the milestone's activity).
    Deadline(usize),
    /// The MoSCoW priority it has or inherits.
    Priority(Priority),
    /// Less slack in the unleveled schedule.
    LessSlack,
    /// Equal in all that: earlier in the plan.
    PlanOrder,
    /// Not ahead in the order, but ready to start first.
    ReadyFirst,
    /// Not ahead in the order, and both ready: an order that ends the
    /// project sooner (justification, or another order than the team's).
    Sooner,
    /// The other depends on it through a link of this type and lag:
    /// whatever the order, its work is placed first.
    Linked(DependencyType, i64),
}

impl Leveled {
    /// Activity `i`'s place in the order work is taken in.
    pub fn place(&self, i: usize) -> Option<Place> {
        self.keys.get(i).copied().map(Place)
    }

    /// Why the work of activity `first` went before that of `then`.
    pub fn ahead(&self, first: usize, then: usize) -> Ahead {
        // A link from it, whatever the keys: the serial pass places what
        // work waits for first. (Without a graph, with a loop of links,
        // this is not looked for.)
        let linked = self.graph.as_ref().and_then(|g| {
            g.incoming(then)
                .iter()
                .map(|&li| li as usize)
                .filter(|&li| li < self.plain)
                .filter_map(|li| self.links.get(li))
                .find(|l| l.from == first)
        });
        if let Some(l) = linked {
            return Ahead::Linked(l.kind, l.lag);
        }
        let (a, b) = (&self.keys[first], &self.keys[then]);
        if a >= b {
            // Whether `then` could have started when `first` did.
            let both = self.ready.get(then).zip(self.times.get(first));
            match both {
                Some((&ready, t)) if self.improved && ready <= t.early_start => Ahead::Sooner,
                _ => Ahead::ReadyFirst,
            }
        } else if a.fresh != b.fresh {
            Ahead::Started
        } else if a.rank != b.rank {
            Ahead::Rank(a.rank.1)
        } else if a.deadline != b.deadline {
            Ahead::Deadline(a.deadline_of)
        } else if a.priority != b.priority {
            a.moscow.map_or(Ahead::PlanOrder, Ahead::Priority)
        } else if a.late_start != b.late_start {
            Ahead::LessSlack
        } else {
            Ahead::PlanOrder
        }
    }
}

/// The order features are taken in, most urgent first: work already
/// started (it keeps its owner), then a `rank` the team pinned (1 first,
/// ranked before unranked), then the earliest milestone deadline it leads
/// to, then MoSCoW priority (must, should, could, won't, none), both
/// inherited from everything that waits for it; then the latest start of
/// the unleveled schedule (least slack first); then plan order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Key {
    fresh: bool,
    rank: (bool, u32),
    /// The deadline's working day (by day only: two milestones due the same
    /// day rank alike).
    deadline: i64,
    priority: u8,
    late_start: i64,
    node: usize,
    /// The milestone the deadline is of (not part of the order: `node`
    /// comes first and differs).
    deadline_of: usize,
    /// The priority `priority` ranks (not part of the order).
    moscow: Option<Priority>,
}

/// Work started first, then its `rank` ([`Key::pin`]).
type Pin = (bool, (bool, u32));

impl Key {
    /// The part of the order nothing may change: started work first, then
    /// the `rank` the team pinned.
    fn pin(&self) -> Pin {
        (self.fresh, self.rank)
    }
}

fn moscow(p: Option<Priority>) -> u8 {
    match p {
        Some(Priority::Must) => 0,
        Some(Priority::Should) => 1,
        Some(Priority::Could) => 2,
        Some(Priority::Wont) => 3,
        None => 4,
    }
}

/// Writes each activity's inherited deadline (with the activity it is
/// of) and priority into `deadline` and `priority`: its own, or the most
/// urgent of everything that waits for it (in `order` reversed).
type Inherited = (Vec<(i64, usize)>, Vec<(u8, Option<Priority>)>);

fn inherited(into: &mut Inherited, activities: &[Activity], work: &[Work], links: &[Link], graph: &cpm::Graph) {
    let (deadline, priority) = into;
    deadline.clear();
    deadline.extend(activities.iter().enumerate().map(|(i, a)| {
        (
            a.deadline.unwrap_or(i64::MAX),
            if a.deadline.is_some() { i } else { usize::MAX },
        )
    }));
    priority.clear();
    priority.extend(work.iter().map(|w| (moscow(w.priority), w.priority)));
    for &i in graph.order().iter().rev() {
        for &li in graph.outgoing(i) {
            let to = links[li as usize].to;
            deadline[i] = deadline[i].min(deadline[to]);
            priority[i] = priority[i].min(priority[to]);
        }
    }
}

/// What set each activity's leveled start, as the critical path method
/// would say it: the start constraint, else the first link (the plan's,
/// then the resource links) whose bound is the highest. Into `times`, and
/// into `ready` the earliest start of each not started that its
/// constraints and the plan's links allow. `incoming` gives the links into
/// each activity, in order; the first `plain` links are the plan's.
///
/// The bounds are read as the owner's days (`people`, who does each
/// activity's `work`, on `cal`) make them:
/// - a resource link counts without its lag (the owner's days off between
///   two of their features): the work before is what holds the start only
///   when it ends at the start, or when the days between are only days of
///   the owner's week (someone who works Monday to Thursday);
/// - a finish to finish or start to finish link is taken back by the
///   owner's days of work, not by the work's span, which grows with the
///   days it pauses over: such a link into work that pauses after it
///   starts holds its start.
///
/// A start later than every bound is its owner's days off
/// ([`Reason::Owner`]) when some of the days between are their time off,
/// or when the latest bound is not their own work.
#[allow(clippy::too_many_arguments)]
fn drive<'g>(
    times: &mut Vec<Times>,
    ready: &mut Vec<i64>,
    activities: &[Activity],
    links: &[Link],
    plain: usize,
    span: &[(i64, i64)],
    incoming: impl Fn(usize) -> &'g [u32],
    work: &[Work],
    people: &mut People,
    cal: &mut Calendar,
) -> Result<(), ScheduleError> {
    times.clear();
    ready.clear();
    ready.resize(activities.len(), i64::MIN);
    times.reserve(activities.len());
    for (i, a) in activities.iter().enumerate() {
        let (start, finish) = span[i];
        let owner = work.get(i).and_then(Work::worker);
        let driver = match a.progress {
            Progress::NotStarted => {
                let (mut at, mut why) = (a.min_start, a.min_start_reason);
                let mut plan = a.min_start;
                // How many of its owner's days its work takes.
                let days = owner.map(|_| people.length(i)).filter(|&d| d > 0);
                for &li in incoming(i) {
                    let l = &links[li as usize];
                    let (s, f) = span[l.from];
                    if (li as usize) >= plain {
                        // A resource link, without its lag.
                        if f > at {
                            (at, why) = (f, Reason::Link(li as usize));
                        }
                        continue;
                    }
                    let spanned = cpm::forward_bound(l, s, f, finish - start);
                    plan = plan.max(spanned);
                    let bound = match (l.kind, days) {
                        (DependencyType::FinishToFinish, Some(d)) => f + l.lag - d,
                        (DependencyType::StartToFinish, Some(d)) => s + l.lag - d,
                        _ => spanned,
                    };
                    if bound > at {
                        (at, why) = (bound, Reason::Link(li as usize));
                    }
                }
                ready[i] = plan;
                if at < start {
                    let away = match owner {
                        Some(p) => people.away_in(p, at, start, cal)?,
                        None => false,
                    };
                    match why {
                        // Their own work ends at the latest bound, and the
                        // days between are only their week.
                        Reason::Link(li) if li >= plain && !away => why,
                        _ => Reason::Owner { since: at },
                    }
                } else {
                    why
                }
            }
            _ => Reason::Actual,
        };
        times.push(Times {
            early_start: start,
            early_finish: finish,
            late_start: 0,
            late_finish: 0,
            total_float: 0,
            free_float: 0,
            driver,
        });
    }
    Ok(())
}

/// The earliest times activity `i` can have, its predecessors placed in
/// `span`: as the critical path method's forward pass when no one does
/// it, else where its owner is free; placed on its owner's time.
#[allow(clippy::too_many_arguments)]
fn place(
    i: usize,
    activities: &[Activity],
    links: &[Link],
    graph: &cpm::Graph,
    work: &[Work],
    span: &[(i64, i64)],
    people: &mut People,
    cal: &mut Calendar,
) -> Result<(i64, i64), ScheduleError> {
    earliest(i, activities, links, graph, work, span, people, cal, true)
}

/// [`place`], placing the work on its owner's time only if `book`.
#[allow(clippy::too_many_arguments)]
fn earliest(
    i: usize,
    activities: &[Activity],
    links: &[Link],
    graph: &cpm::Graph,
    work: &[Work],
    span: &[(i64, i64)],
    people: &mut People,
    cal: &mut Calendar,
    book: bool,
) -> Result<(i64, i64), ScheduleError> {
    let a = &activities[i];
    // The earliest start and finish the links allow.
    let (mut start_at, mut finish_at) = (a.min_start, i64::MIN);
    for &li in graph.incoming(i) {
        let l = &links[li as usize];
        if !cpm::applies(a, l) {
            continue;
        }
        let (s, f) = span[l.from];
        match l.kind {
            DependencyType::FinishToStart => start_at = start_at.max(f + l.lag),
            DependencyType::StartToStart => start_at = start_at.max(s + l.lag),
            DependencyType::FinishToFinish => finish_at = finish_at.max(f + l.lag),
            DependencyType::StartToFinish => finish_at = finish_at.max(s + l.lag),
        }
    }
    let w = &work[i];
    let owner = w.worker();
    let mut on = |p: usize, from: i64| -> Result<(i64, i64), ScheduleError> {
        let days = people.length(i);
        if book {
            people.place(p, days, from, finish_at, i, cal)
        } else {
            people.fit(p, days, from, finish_at, cal).map(|(t, f, _)| (t, f))
        }
    };
    match (a.progress, owner) {
        (Progress::Done { start, finish }, _) => Ok((start, finish)),
        (Progress::InProgress { start, min_finish }, None) => Ok((start, min_finish.max(finish_at).max(start))),
        (Progress::InProgress { start, .. }, Some(p)) => {
            // The work left resumes where the unleveled schedule has it
            // resume: the status date, or its start if later.
            let (_, f) = on(p, w.resume.max(start))?;
            Ok((start, f))
        }
        (Progress::NotStarted, None) => {
            let s = start_at.max(finish_at.saturating_sub(a.duration));
            Ok((s, s + a.duration))
        }
        (Progress::NotStarted, Some(p)) => on(p, start_at),
    }
}
