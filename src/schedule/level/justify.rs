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
use super::{Work, place};
use crate::model::DependencyType;
use crate::schedule::ScheduleError;
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress};

/// The network being leveled: what justification reads.
pub(super) struct Net<'a> {
    pub activities: &'a [Activity],
    pub links: &'a [Link],
    pub graph: &'a cpm::Graph,
    pub work: &'a [Work],
    /// Milestones are activities `0..milestones`.
    pub milestones: usize,
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
