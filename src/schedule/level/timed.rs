//! The pass that takes, of the work ready, the work that can start first
//! first, the most urgent first among work that can start at once (a
//! *parallel* schedule generation scheme, the way TaskJuggler levels):
//! [`Order::Time`](super::orders::Order::Time).
//!
//! Each person's work ready waits in two queues: the work that could start
//! by the time they are free, by its place in the order, and the rest, by
//! when it could start. Only each person's first is in the queue of all
//! work, so each placement costs a few queue operations, not one per piece
//! of work waiting.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::people::People;
use super::{Work, earliest, place};
use crate::schedule::ScheduleError;
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress};

/// The network, and each activity's number in the order.
pub(super) struct Net<'a> {
    pub activities: &'a [Activity],
    pub links: &'a [Link],
    pub graph: &'a cpm::Graph,
    pub work: &'a [Work],
    pub rank: &'a [u128],
}

/// The pass's queues, kept from one leveling to the next.
#[derive(Default)]
pub(super) struct Timed {
    /// The work to place next: each person's first, and work that takes
    /// no one's time, by (earliest start, number in the order).
    all: BinaryHeap<Reverse<(i64, u128)>>,
    /// Per person: their work ready, by the earliest start it had when it
    /// became ready, then its number.
    later: Vec<BinaryHeap<Reverse<(i64, u128, usize)>>>,
    /// Per person: their work ready that could start by the time they are
    /// free, by its number.
    now: Vec<BinaryHeap<Reverse<(u128, usize)>>>,
    /// Per person: the finish of the last work placed on their time.
    free: Vec<i64>,
    /// Per person: their entry in `all` that counts (others are stale).
    first: Vec<Option<(i64, u128)>>,
}

impl Timed {
    /// Places every activity into `span` (`people` holding the same),
    /// each once all it waits for is placed (`waiting`: the links into
    /// each that apply); `node` gives the activity of a number.
    pub(super) fn pass(
        &mut self,
        net: &Net<'_>,
        node: impl Fn(u128) -> usize,
        waiting: &mut [u32],
        span: &mut [(i64, i64)],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        let n = net.activities.len();
        let persons = people.busy().len();
        self.all.clear();
        self.later.iter_mut().for_each(BinaryHeap::clear);
        self.later.resize_with(persons, BinaryHeap::new);
        self.now.iter_mut().for_each(BinaryHeap::clear);
        self.now.resize_with(persons, BinaryHeap::new);
        self.free.clear();
        self.free.resize(persons, i64::MIN);
        self.first.clear();
        self.first.resize(persons, None);
        for i in (0..n).filter(|&i| waiting[i] == 0) {
            self.ready(net, i, span, people, cal)?;
        }
        let mut placed = 0;
        while let Some(Reverse((at, r))) = self.all.pop() {
            let i = node(r);
            let Some(p) = person(net, i) else {
                span[i] = place(i, net.activities, net.links, net.graph, net.work, span, people, cal)?;
                placed += 1;
                self.release(net, i, waiting, span, people, cal)?;
                continue;
            };
            if self.first[p] != Some((at, r)) {
                continue;
            }
            self.first[p] = None;
            let Some((c, from_now)) = self.best(p) else { continue };
            // Its earliest start now: later than thought, it waits its turn.
            let (s, f) = earliest(
                c,
                net.activities,
                net.links,
                net.graph,
                net.work,
                span,
                people,
                cal,
                false,
            )?;
            if (s, net.rank[c]) > (at, r) {
                self.first[p] = Some((s, net.rank[c]));
                self.all.push(Reverse((s, net.rank[c])));
                continue;
            }
            if from_now {
                self.now[p].pop();
            } else {
                self.later[p].pop();
            }
            span[c] = match net.activities[c].progress {
                // Its work resumes after its start: booked as it resumes.
                Progress::InProgress { .. } => {
                    place(c, net.activities, net.links, net.graph, net.work, span, people, cal)?
                }
                _ => people.book(p, s, f, c),
            };
            self.free[p] = self.free[p].max(span[c].1);
            placed += 1;
            self.release(net, c, waiting, span, people, cal)?;
            self.offer(p);
        }
        if placed != n {
            return Err(ScheduleError::Cycle);
        }
        Ok(())
    }

    /// Activity `i` is ready: into its owner's queues, or the queue of all.
    fn ready(
        &mut self,
        net: &Net<'_>,
        i: usize,
        span: &[(i64, i64)],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        match person(net, i) {
            None => {
                let (s, _) = earliest(
                    i,
                    net.activities,
                    net.links,
                    net.graph,
                    net.work,
                    span,
                    people,
                    cal,
                    false,
                )?;
                self.all.push(Reverse((s, net.rank[i])));
            }
            Some(p) => {
                // When its links let it start, its owner aside.
                let s = bound(net, i, span);
                self.later[p].push(Reverse((s, net.rank[i], i)));
                self.offer(p);
            }
        }
        Ok(())
    }

    /// Counts activity `i` placed for everything that waits for it.
    fn release(
        &mut self,
        net: &Net<'_>,
        i: usize,
        waiting: &mut [u32],
        span: &[(i64, i64)],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        for &li in net.graph.outgoing(i) {
            let l = &net.links[li as usize];
            if cpm::applies(&net.activities[l.to], l) {
                waiting[l.to] -= 1;
                if waiting[l.to] == 0 {
                    self.ready(net, l.to, span, people, cal)?;
                }
            }
        }
        Ok(())
    }

    /// Person `p`'s first work: the first in the order of what could start
    /// by the time they are free, else what can start first; and whether
    /// it is of the former.
    fn best(&mut self, p: usize) -> Option<(usize, bool)> {
        let free = self.free[p];
        while let Some(&Reverse((s, r, i))) = self.later[p].peek()
            && s <= free
        {
            self.later[p].pop();
            self.now[p].push(Reverse((r, i)));
        }
        match self.now[p].peek() {
            Some(&Reverse((_, i))) => Some((i, true)),
            None => self.later[p].peek().map(|&Reverse((_, _, i))| (i, false)),
        }
    }

    /// Puts person `p`'s first work in the queue of all when it goes
    /// before their entry there.
    fn offer(&mut self, p: usize) {
        let key = match self.best(p) {
            Some((_, true)) => self.now[p].peek().map(|&Reverse((r, _))| (self.free[p], r)),
            Some((_, false)) => self.later[p].peek().map(|&Reverse((s, r, _))| (s, r)),
            None => None,
        };
        if let Some(key) = key
            && self.first[p].is_none_or(|f| key < f)
        {
            self.first[p] = Some(key);
            self.all.push(Reverse(key));
        }
    }
}

/// Whose time activity `i`'s work takes, if anyone's.
fn person(net: &Net<'_>, i: usize) -> Option<usize> {
    match net.activities[i].progress {
        Progress::Done { .. } => None,
        _ => net.work[i].worker(),
    }
}

/// The earliest start of activity `i` that its constraints and links
/// allow (a finish bound read as a start `duration` before), its owner's
/// time aside: where its owner's queue puts it.
fn bound(net: &Net<'_>, i: usize, span: &[(i64, i64)]) -> i64 {
    let a = &net.activities[i];
    if let Progress::InProgress { start, .. } = a.progress {
        return start;
    }
    let mut at = a.min_start;
    for &li in net.graph.incoming(i) {
        let l = &net.links[li as usize];
        if cpm::applies(a, l) {
            let (s, f) = span[l.from];
            at = at.max(cpm::forward_bound(l, s, f, a.duration));
        }
    }
    at
}
