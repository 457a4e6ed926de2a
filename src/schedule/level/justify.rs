//! Justification: the forward–backward improvement of a leveled schedule.
//!
//! A serial pass places each feature once, in priority order, and can leave
//! gaps a better order would fill. Justification moves every feature not
//! started as late as it can go (latest finish first), then, in the order of
//! those late starts, as early as it can go again. That keeps every link,
//! constraint and person's time valid, and often closes gaps, shortening
//! the project (Valls, Ballestín and Quintanilla, 2005). It is kept only if
//! the project ends earlier and no milestone is reached later.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::people::People;
use super::{Key, Work, place};
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
    /// Milestones are activities `0..milestones`.
    pub milestones: usize,
}

/// Justifies the schedule of a serial pass (`span`, `people` holding the
/// same), unless no order of the work could end the project sooner
/// ([`settled`]). `keys` are each activity's place in the team's order,
/// `unleveled` the critical path method's times.
#[allow(clippy::too_many_arguments)]
pub(super) fn justify(
    milestones: usize,
    activities: &[Activity],
    links: &[Link],
    work: &[Work],
    unleveled: &[Times],
    keys: &[Key],
    span: &mut Vec<(i64, i64)>,
    people: &mut People,
    cal: &mut Calendar,
) -> Result<(), ScheduleError> {
    if settled(activities, unleveled, span, people, cal)? {
        return Ok(());
    }
    let ordered = ordered(activities, links, keys, people);
    // A loop of links that is none in time (leads, or FF and SF links
    // against the order) leaves the schedule as the serial pass made it.
    let Ok(graph) = cpm::Graph::new(activities.len(), &ordered) else {
        return Ok(());
    };
    let net = Net {
        activities,
        links: &ordered,
        graph: &graph,
        work,
        milestones,
    };
    improve(&net, span, people, cal)
}

/// The links justification keeps to: the plan's that apply (the progress
/// override), then, between consecutive features of a person that the
/// team's order (started, rank, deadline, priority) ranks apart, one
/// finish to start, so that it reorders a person's work only where that
/// order does not say which goes first. A link into started or done work
/// is left out: justification moves neither, and such a link can close a
/// loop with the order (started work first) that is none in time.
fn ordered(activities: &[Activity], links: &[Link], keys: &[Key], people: &People) -> Vec<Link> {
    let mut ordered: Vec<Link> = links
        .iter()
        .filter(|l| cpm::applies(&activities[l.to], l))
        .copied()
        .collect();
    for busy in people.busy() {
        for pair in busy.windows(2) {
            let (a, b) = (pair[0].2, pair[1].2);
            if keys[a].team() != keys[b].team() {
                ordered.push(Link {
                    from: a,
                    to: b,
                    kind: DependencyType::FinishToStart,
                    lag: 0,
                });
            }
        }
    }
    ordered
}

/// Whether no order of the work could end the project sooner, so that
/// justification has nothing to gain: the project ends when the critical
/// path method's does, or the work that ends it is that of a person busy
/// on each of their working days from the earliest day any of their work
/// not started may start until the end.
fn settled(
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
/// the same) while it helps.
pub(super) fn improve(
    net: &Net<'_>,
    span: &mut Vec<(i64, i64)>,
    people: &mut People,
    cal: &mut Calendar,
) -> Result<(), ScheduleError> {
    let moving: Vec<bool> = net
        .activities
        .iter()
        .map(|a| matches!(a.progress, Progress::NotStarted))
        .collect();
    for _ in 0..ROUNDS {
        let (before, busy) = (span.clone(), people.snapshot());
        let kept = right(net, &moving, span, people, cal)? && left(net, &moving, span, people, cal)?;
        if !kept || !better(net, &before, span) {
            *span = before;
            people.restore(busy);
            break;
        }
    }
    Ok(())
}

fn end(span: &[(i64, i64)]) -> i64 {
    span.iter().map(|s| s.1).max().unwrap_or(0)
}

/// Whether `after` ends the project earlier than `before`, reaching no
/// milestone later.
fn better(net: &Net<'_>, before: &[(i64, i64)], after: &[(i64, i64)]) -> bool {
    end(after) < end(before) && (0..net.milestones).all(|i| after[i].1 <= before[i].1)
}

/// A serial pass over the activities `moving` says, each once all it waits
/// for (its successors when `backward`, else its predecessors) is placed,
/// the first by `first` first; `place` places one.
fn serial(
    net: &Net<'_>,
    moving: &[bool],
    backward: bool,
    first: impl Fn(usize) -> (i64, i64),
    mut place: impl FnMut(usize) -> Result<bool, ScheduleError>,
) -> Result<bool, ScheduleError> {
    let n = net.activities.len();
    // For each activity, the links it waits on among those that apply.
    let waits = |l: &Link| cpm::applies(&net.activities[l.to], l) && moving[if backward { l.to } else { l.from }];
    let mut waiting = vec![0u32; n];
    for l in net.links {
        if waits(l) {
            waiting[if backward { l.from } else { l.to }] += 1;
        }
    }
    // The smallest `first` first, then plan order.
    let key = |i: usize| {
        let (a, b) = first(i);
        Reverse((a, b, i))
    };
    let mut ready: BinaryHeap<Reverse<(i64, i64, usize)>> =
        (0..n).filter(|&i| moving[i] && waiting[i] == 0).map(key).collect();
    while let Some(Reverse((_, _, i))) = ready.pop() {
        if !place(i)? {
            return Ok(false);
        }
        let next = if backward {
            net.graph.incoming(i)
        } else {
            net.graph.outgoing(i)
        };
        for &li in next {
            let l = &net.links[li as usize];
            let other = if backward { l.from } else { l.to };
            if moving[other] && waits(l) {
                waiting[other] -= 1;
                if waiting[other] == 0 {
                    ready.push(key(other));
                }
            }
        }
    }
    Ok(true)
}

/// A backward serial pass: each activity not started as late as its
/// successors, the project's end and its owner allow, the latest finish
/// first. `false` when one does not fit after its own earliest start (a
/// not-before date, the status date, or work already done or started).
fn right(
    net: &Net<'_>,
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
            let w = &net.work[i];
            let placed = match w.owner.filter(|_| w.effort > 0.0).map(|o| o as usize) {
                None => {
                    let d = f - s;
                    let t = start_by.min(finish_by - d);
                    (t >= from).then_some((t, t + d))
                }
                Some(p) => {
                    let days = people.days_for(p, w.effort);
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
fn window(net: &Net<'_>, moving: &[bool], span: &[(i64, i64)], i: usize, end: i64) -> (i64, i64, i64) {
    let a = &net.activities[i];
    let (mut from, mut start_by, mut finish_by) = (a.min_start, i64::MAX, end);
    for &li in net.graph.outgoing(i) {
        let l = &net.links[li as usize];
        if !cpm::applies(&net.activities[l.to], l) {
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
/// the backward pass first.
fn left(
    net: &Net<'_>,
    moving: &[bool],
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
            span[i] = place(i, net.activities, net.links, net.graph, net.work, span, people, cal)?;
            Ok(true)
        },
    )
}
