//! Justification: the forward–backward improvement of a leveled schedule.
//!
//! A serial pass places each feature once, in priority order, and can leave
//! gaps a better order would fill. Justification moves every feature not
//! started as late as it can go (latest finish first), then, in the order of
//! those late starts, as early as it can go again. That keeps every link,
//! constraint and person's time valid, and often closes gaps, shortening
//! the project (Valls, Ballestín and Quintanilla, 2005). A round is kept
//! only if the project ends earlier, no milestone passes its bar
//! ([`Net::bars`]: its deadline) and each person's work that the team's pin
//! ([`Key::pin`]: started work, then `rank`) tells apart keeps its order;
//! rounds go on while they gain, at most [`ROUNDS`].

mod order;

use order::Pass;

use super::people::People;
use super::{Key, Pin, Work, place};
use crate::model::DependencyType;
use crate::schedule::ScheduleError;
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress, Times};

/// The network being leveled: what justification reads.
pub(super) struct Net<'a> {
    pub activities: &'a [Activity],
    pub links: &'a [Link],
    pub graph: &'a cpm::Graph,
    pub work: &'a [Work],
    /// Each activity's place in the team's order (for [`Key::pin`]).
    pub keys: &'a [Key],
    /// Per milestone (activities `0..bar.len()`), the latest finish a
    /// schedule may give it to be kept in place of the team's order's
    /// ([`Net::bars`]).
    pub bar: &'a [i64],
}

impl Net<'_> {
    /// Whether `span` reaches no milestone after its bar.
    pub(super) fn within(&self, span: &[(i64, i64)]) -> bool {
        self.bar.iter().zip(span).all(|(&bar, s)| s.1 <= bar)
    }

    /// The bar of each of the first `milestones` activities for schedules
    /// to be kept in place of `team`, the serial pass in the team's order:
    /// a milestone with a deadline may come later as long as it keeps its
    /// deadline, or misses it by no more than there (its deadline or its
    /// finish there, the later); one without a deadline has no bar.
    pub(super) fn bars(activities: &[Activity], milestones: usize, team: &[(i64, i64)], into: &mut Vec<i64>) {
        into.clear();
        into.extend((0..milestones).map(|i| activities[i].deadline.map_or(i64::MAX, |d| d.max(team[i].1))));
    }
}

/// The network justification moves work in: the plan's links, and those
/// keeping the pin ([`pins`]) when there are any.
struct Ordered<'a> {
    net: &'a Net<'a>,
    links: &'a [Link],
    graph: &'a cpm::Graph,
}

/// Justifies the schedule of a serial pass (`span`, `people` holding the
/// same), unless no order of the work could end the project sooner
/// ([`settled`]); `unleveled` are the critical path method's times.
/// Whether it changed the schedule.
pub(super) fn justify(
    net: &Net<'_>,
    unleveled: &[Times],
    span: &mut Vec<(i64, i64)>,
    people: &mut People,
    cal: &mut Calendar,
) -> Result<bool, ScheduleError> {
    if settled(net.activities, unleveled, span, people, cal)? {
        return Ok(false);
    }
    let pins = pins(net.keys, people);
    if pins.is_empty() {
        let ordered = Ordered {
            net,
            links: net.links,
            graph: net.graph,
        };
        return improve(&ordered, span, people, cal);
    }
    let mut links: Vec<Link> = net
        .links
        .iter()
        .filter(|l| cpm::applies(&net.activities[l.to], l))
        .copied()
        .collect();
    links.extend(pins);
    // A loop of links that is none in time (leads, or FF and SF links
    // against the order) leaves the schedule as the serial pass made it.
    let Ok(graph) = cpm::Graph::new(net.activities.len(), &links) else {
        return Ok(false);
    };
    let ordered = Ordered {
        net,
        links: &links,
        graph: &graph,
    };
    improve(&ordered, span, people, cal)
}

/// Between consecutive features of a person, neither started, that the
/// team's pin ([`Key::pin`]: a `rank`) orders apart, one finish to start
/// link, so that justification keeps them in their order (the links into
/// started or done work are left out then: justification moves neither,
/// and they could close a loop with these that is none in time).
/// [`keeps_pins`] checks the rest.
fn pins(keys: &[Key], people: &People) -> Vec<Link> {
    let mut links = Vec::new();
    for busy in people.busy() {
        for pair in busy.windows(2) {
            let (a, b) = (&keys[pair[0].2], &keys[pair[1].2]);
            if a.fresh && b.fresh && a.pin() != b.pin() {
                links.push(Link {
                    from: a.node,
                    to: b.node,
                    kind: DependencyType::FinishToStart,
                    lag: 0,
                });
            }
        }
    }
    links
}

/// Whether each person's work (`busy`) keeps the order it had (`before`)
/// wherever the pin tells two apart ([`Key::pin`]). `at` is a buffer.
pub(super) fn keeps_pins(
    keys: &[Key],
    before: &[Vec<(i64, i64, usize)>],
    busy: &[Vec<(i64, i64, usize)>],
    at: &mut Vec<u32>,
) -> bool {
    for (old, new) in before.iter().zip(busy) {
        let Some(first) = old.first() else { continue };
        let pin = keys[first.2].pin();
        if old.iter().all(|b| keys[b.2].pin() == pin) {
            continue;
        }
        at.resize(keys.len(), 0);
        for (k, b) in old.iter().enumerate() {
            at[b.2] = k as u32;
        }
        // Walking the new order: the latest old place among the work seen
        // so far of each pin, kept as the greatest (`top`, with its pin)
        // and the greatest of any other pin than the top's (`second`).
        let mut top: Option<(u32, Pin)> = None;
        let mut second: Option<u32> = None;
        for b in new {
            let (k, pin) = (at[b.2], keys[b.2].pin());
            let other = match top {
                Some((t, p)) if p != pin => Some(t),
                _ => second,
            };
            if other.is_some_and(|o| o > k) {
                return false;
            }
            top = match top {
                Some((t, p)) if p == pin => Some((t.max(k), p)),
                Some((t, _)) if k > t => {
                    second = Some(t);
                    Some((k, pin))
                }
                Some(t) => {
                    second = Some(second.map_or(k, |s| s.max(k)));
                    Some(t)
                }
                None => Some((k, pin)),
            };
        }
    }
    true
}

/// Whether no order of the work could end the project sooner, so that
/// justification has nothing to gain: the project ends when the critical
/// path method's does, or the work that ends it is that of a person busy
/// on each of their working days from the earliest day any of their work
/// not started may start until the end.
pub(super) fn settled(
    activities: &[Activity],
    unleveled: &[Times],
    span: &[(i64, i64)],
    people: &mut People,
    cal: &mut Calendar,
) -> Result<bool, ScheduleError> {
    let end = end(span);
    if end <= unleveled.iter().map(|t| t.early_finish).max().unwrap_or(0) {
        return Ok(true);
    }
    for p in 0..people.busy().len() {
        let busy = &people.busy()[p];
        if busy.last().is_none_or(|b| b.1 != end) {
            continue;
        }
        let earliest = busy
            .iter()
            .filter(|b| matches!(activities[b.2].progress, Progress::NotStarted))
            .map(|b| activities[b.2].min_start)
            .min();
        if let Some(from) = earliest
            && busy_throughout(people, p, from, cal)?
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether person `p` works on something on each of their working days
/// from `from` to the finish of their last work.
fn busy_throughout(people: &mut People, p: usize, from: i64, cal: &mut Calendar) -> Result<bool, ScheduleError> {
    let mut t = from;
    for k in 0..people.busy()[p].len() {
        let (s, f, _) = people.busy()[p][k];
        if f <= t {
            continue;
        }
        if s > people.next_working(p, t, cal)? {
            return Ok(false);
        }
        t = f;
    }
    Ok(true)
}

/// At most this many rounds: each costs two passes over the network, and
/// gains shrink fast.
const ROUNDS: usize = 3;

/// Justifies `span` (each activity's start and finish, `people` holding
/// the same) while it helps: a round is kept when the project ends sooner,
/// no milestone passes its bar and the pin holds. Whether one was kept.
fn improve(
    net: &Ordered<'_>,
    span: &mut Vec<(i64, i64)>,
    people: &mut People,
    cal: &mut Calendar,
) -> Result<bool, ScheduleError> {
    let moving: Vec<bool> = net
        .net
        .activities
        .iter()
        .map(|a| matches!(a.progress, Progress::NotStarted))
        .collect();
    let mut at = Vec::new();
    let mut kept = false;
    for _ in 0..ROUNDS {
        let (before, busy) = (span.clone(), people.snapshot());
        let placed = right(net, &moving, span, people, cal)? && left(net, &moving, end(&before), span, people, cal)?;
        if !placed
            || end(span) >= end(&before)
            || !net.net.within(span)
            || !keeps_pins(net.net.keys, &busy, people.busy(), &mut at)
        {
            *span = before;
            people.restore(busy);
            break;
        }
        kept = true;
    }
    Ok(kept)
}

pub(super) fn end(span: &[(i64, i64)]) -> i64 {
    span.iter().map(|s| s.1).max().unwrap_or(0)
}

/// A serial pass over the activities `moving` says, each once all it waits
/// for (its successors when `backward`, else its predecessors) is placed,
/// the first by `first` first; `place` places one. The order depends on
/// `first` and the links alone ([`Pass::order`]), not on where work goes.
fn serial(
    net: &Ordered<'_>,
    moving: &[bool],
    backward: bool,
    first: impl Fn(usize) -> (i64, i64),
    mut place: impl FnMut(usize) -> Result<bool, ScheduleError>,
) -> Result<bool, ScheduleError> {
    let pass = Pass { net, moving, backward };
    for i in pass.order(&first) {
        if !place(i)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A backward serial pass: each activity not started as late as its
/// successors, the project's end and its owner allow, the latest finish
/// first. `false` when one does not fit after its own earliest start (a
/// not-before date, the status date, or work already done or started).
fn right(
    net: &Ordered<'_>,
    moving: &[bool],
    span: &mut [(i64, i64)],
    people: &mut People,
    cal: &mut Calendar,
) -> Result<bool, ScheduleError> {
    let end = end(span);
    let old = span.to_vec();
    people.clear(moving);
    serial(
        net,
        moving,
        true,
        |i| (-old[i].1, -old[i].0),
        |i| {
            let (from, start_by, finish_by) = window(net, moving, span, i, end);
            let (s, f) = old[i];
            let placed = match net.net.work[i].worker() {
                None => {
                    let d = f - s;
                    let t = start_by.min(finish_by - d);
                    (t >= from).then_some((t, t + d))
                }
                Some(p) => {
                    let days = people.length(i);
                    people.place_late(p, days, from, start_by, finish_by, i, cal)?
                }
            };
            Ok(match placed {
                Some(at) => {
                    span[i] = at;
                    true
                }
                None => false,
            })
        },
    )
}

/// Where activity `i` may go in a backward pass: not before the earliest
/// its constraints and the work not moving allow, starting and finishing
/// by what its successors (placed) and the project's `end` allow.
fn window(net: &Ordered<'_>, moving: &[bool], span: &[(i64, i64)], i: usize, end: i64) -> (i64, i64, i64) {
    let a = &net.net.activities[i];
    let (mut from, mut start_by, mut finish_by) = (a.min_start, i64::MAX, end);
    for &li in net.graph.outgoing(i) {
        let l = &net.links[li as usize];
        if !cpm::applies(&net.net.activities[l.to], l) {
            continue;
        }
        let (ts, tf) = span[l.to];
        match l.kind {
            DependencyType::FinishToStart => finish_by = finish_by.min(ts - l.lag),
            DependencyType::StartToStart => start_by = start_by.min(ts - l.lag),
            DependencyType::FinishToFinish => finish_by = finish_by.min(tf - l.lag),
            DependencyType::StartToFinish => start_by = start_by.min(tf - l.lag),
        }
    }
    for &li in net.graph.incoming(i) {
        let l = &net.links[li as usize];
        if moving[l.from] || !cpm::applies(a, l) {
            continue;
        }
        let (fs, ff) = span[l.from];
        let d = span[i].1 - span[i].0;
        from = from.max(cpm::forward_bound(l, fs, ff, d));
    }
    (from, start_by, finish_by)
}

/// A forward serial pass: each activity not started as early as its
/// predecessors, its constraints and its owner allow, the earliest start of
/// the backward pass first. `false` as soon as the round cannot be kept
/// ([`improve`]): an activity finishes at `ceiling` (the project's end
/// before the round) or later, or a milestone after its bar.
fn left(
    net: &Ordered<'_>,
    moving: &[bool],
    ceiling: i64,
    span: &mut [(i64, i64)],
    people: &mut People,
    cal: &mut Calendar,
) -> Result<bool, ScheduleError> {
    let late = span.to_vec();
    people.clear(moving);
    serial(
        net,
        moving,
        false,
        |i| late[i],
        |i| {
            span[i] = place(
                i,
                net.net.activities,
                net.links,
                net.graph,
                net.net.work,
                span,
                people,
                cal,
            )?;
            let finish = span[i].1;
            Ok(finish < ceiling && net.net.bar.get(i).is_none_or(|&bar| finish <= bar))
        },
    )
}
