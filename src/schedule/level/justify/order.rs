//! The order of a justification pass ([`super::serial`]): of the work
//! that moves, each once all it waits for is placed, the smallest `first`
//! first, then plan order. Most often `first` already falls along the
//! links, and the order is worked out by sorting, not with a queue of the
//! work ready ([`Pass::sorted`]); it is the same order either way.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::Ordered;
use crate::schedule::cpm::{self, Link};

/// The order of a [`serial`] pass: of the work `moving` says, each once
/// all it waits for is placed (its successors when `backward`, else its
/// predecessors), the smallest `first` first, then plan order.
pub(super) struct Pass<'a> {
    pub net: &'a Ordered<'a>,
    pub moving: &'a [bool],
    pub backward: bool,
}

impl Pass<'_> {
    /// Whether link `l` is one an activity waits on: it applies, and the
    /// activity it waits for moves.
    fn waits(&self, l: &Link) -> bool {
        cpm::applies(&self.net.net.activities[l.to], l) && self.moving[if self.backward { l.to } else { l.from }]
    }

    /// The activity link `l` makes wait, and the one it waits for.
    fn ends(&self, l: &Link) -> (usize, usize) {
        if self.backward { (l.from, l.to) } else { (l.to, l.from) }
    }

    /// The links out of activity `i` to those that may wait for it.
    fn released_by(&self, i: usize) -> &[u32] {
        if self.backward {
            self.net.graph.incoming(i)
        } else {
            self.net.graph.outgoing(i)
        }
    }

    /// The order: [`Pass::sorted`]'s when it finds it, else a queue's.
    pub fn order(&self, first: &impl Fn(usize) -> (i64, i64)) -> Vec<usize> {
        self.sorted(first).unwrap_or_else(|| self.queued(first))
    }

    /// The order, by a queue of the work ready.
    fn queued(&self, first: &impl Fn(usize) -> (i64, i64)) -> Vec<usize> {
        let n = self.net.net.activities.len();
        let mut waiting = vec![0u32; n];
        for l in self.net.links {
            if self.waits(l) {
                waiting[self.ends(l).0] += 1;
            }
        }
        let key = |i: usize| {
            let (a, b) = first(i);
            Reverse((a, b, i))
        };
        let mut ready: BinaryHeap<Reverse<(i64, i64, usize)>> =
            (0..n).filter(|&i| self.moving[i] && waiting[i] == 0).map(key).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse((_, _, i))) = ready.pop() {
            order.push(i);
            for &li in self.released_by(i) {
                let l = &self.net.links[li as usize];
                let other = self.ends(l).0;
                if self.moving[other] && self.waits(l) {
                    waiting[other] -= 1;
                    if waiting[other] == 0 {
                        ready.push(key(other));
                    }
                }
            }
        }
        order
    }

    /// The order, without a queue, when each activity waits only for work
    /// with a smaller `first` or the same: the work by `first`, and among
    /// the same `first`, plan order wherever it keeps the links between
    /// them (as the queue would: each is ready when its turn comes, and
    /// the least of the work ready). `None` when some activity waits for
    /// one with a larger `first`, or the links among the same loop.
    fn sorted(&self, first: &impl Fn(usize) -> (i64, i64)) -> Option<Vec<usize>> {
        let n = self.net.net.activities.len();
        // Each `first` and activity as one number, in their order: both
        // parts of `first` from their least, in 21 bits each, the activity
        // in the last 22 (else the queue's order).
        let (mut lo, mut hi) = ((i64::MAX, i64::MAX), (i64::MIN, i64::MIN));
        for i in (0..n).filter(|&i| self.moving[i]) {
            let (a, b) = first(i);
            (lo, hi) = ((lo.0.min(a), lo.1.min(b)), (hi.0.max(a), hi.1.max(b)));
        }
        let fits = |lo: i64, hi: i64| hi.checked_sub(lo).is_some_and(|d| d < 1 << 21);
        if n > 1 << 22 || !(fits(lo.0, hi.0) && fits(lo.1, hi.1)) {
            return None;
        }
        let mut keyed: Vec<u64> = (0..n)
            .filter(|&i| self.moving[i])
            .map(|i| {
                let (a, b) = first(i);
                ((a - lo.0) as u64) << 43 | ((b - lo.1) as u64) << 22 | i as u64
            })
            .collect();
        keyed.sort_unstable();
        let node = |k: u64| (k & ((1 << 22) - 1)) as usize;
        let mut at = vec![u32::MAX; n];
        for (k, &x) in keyed.iter().enumerate() {
            at[node(x)] = k as u32;
        }
        // Whether some link runs against plan order among the same `first`.
        let mut against = false;
        for l in self.net.links {
            let (then, first) = self.ends(l);
            if at[first] > at[then] && self.waits(l) {
                if keyed[at[first] as usize] >> 22 != keyed[at[then] as usize] >> 22 {
                    return None;
                }
                against = true;
            }
        }
        let mut order: Vec<usize> = keyed.iter().map(|&x| node(x)).collect();
        if against {
            let mut k = 0;
            while let Some(&x) = keyed.get(k) {
                let run = keyed[k..].iter().take_while(|&&y| y >> 22 == x >> 22).count();
                if run > 1 {
                    self.within(&at, order.get_mut(k..k + run)?)?;
                }
                k += run;
            }
        }
        Some(order)
    }

    /// `run`, work of the same `first` in plan order (each one's place in
    /// the whole order in `at`), put in the order a queue takes it: of the
    /// work whose links within the run are placed, the first in plan order
    /// first. `None` when those links loop.
    fn within(&self, at: &[u32], run: &mut [usize]) -> Option<()> {
        let lo = at[*run.first()?];
        let place = |i: usize| at[i].checked_sub(lo).map(|k| k as usize).filter(|&k| k < run.len());
        let mut waiting = vec![0u32; run.len()];
        for &i in run.iter() {
            for &li in self.released_by(i) {
                let l = &self.net.links[li as usize];
                if let Some(k) = place(self.ends(l).0)
                    && self.waits(l)
                {
                    waiting[k] += 1;
                }
            }
        }
        let mut ready: BinaryHeap<Reverse<usize>> = run
            .iter()
            .filter(|&&i| place(i).is_some_and(|k| waiting[k] == 0))
            .map(|&i| Reverse(i))
            .collect();
        let mut out = Vec::with_capacity(run.len());
        while let Some(Reverse(i)) = ready.pop() {
            out.push(i);
            for &li in self.released_by(i) {
                let l = &self.net.links[li as usize];
                let other = self.ends(l).0;
                if let Some(k) = place(other)
                    && self.waits(l)
                {
                    waiting[k] -= 1;
                    if waiting[k] == 0 {
                        ready.push(Reverse(other));
                    }
                }
            }
        }
        (out.len() == run.len()).then(|| run.copy_from_slice(&out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incremental::testgen::Rng;
    use crate::model::DependencyType;
    use crate::schedule::cpm::Reason;
    use crate::schedule::cpm::{Activity, Progress};
    use crate::schedule::level::justify::Net;

    /// On random networks whose work is mostly ordered as its links (runs
    /// of the same `first` linked against plan order among them, as
    /// milestones due the same day are), the order worked out without a
    /// queue is the queue's, forward and backward; counts each way so the
    /// test cannot pass by always falling back to the queue.
    #[test]
    fn the_order_without_a_queue_is_the_queue_s() {
        let (mut plain, mut within, mut queued) = (0, 0, 0);
        for seed in 1..=600u64 {
            let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ seed);
            let n = 1 + rng.below(40);
            // A topological order, and `first` never falling along it.
            let mut topo: Vec<usize> = (0..n).collect();
            for k in (1..n).rev() {
                topo.swap(k, rng.below(k + 1));
            }
            let mut first = vec![(0, 0); n];
            let mut t = 0;
            for &i in &topo {
                if rng.chance(60) {
                    t += 1 + rng.below(3) as i64;
                }
                first[i] = (t, rng.below(2) as i64);
            }
            if rng.chance(20) {
                let i = rng.below(n);
                first[i].0 -= 1 + rng.below(4) as i64;
            }
            let mut links = Vec::new();
            for _ in 0..rng.below(2 * n + 1) {
                let (a, b) = (rng.below(n), rng.below(n));
                let (a, b) = (a.min(b), a.max(b));
                if a == b {
                    continue;
                }
                links.push(Link {
                    from: topo[a],
                    to: topo[b],
                    kind: DependencyType::FinishToStart,
                    lag: 0,
                });
            }
            let activities: Vec<Activity> = (0..n)
                .map(|_| Activity {
                    duration: 1,
                    min_start: 0,
                    min_start_reason: Reason::ProjectStart,
                    progress: match rng.below(10) {
                        0 => Progress::Done { start: 0, finish: 1 },
                        1 => Progress::InProgress {
                            start: 0,
                            min_finish: 1,
                        },
                        _ => Progress::NotStarted,
                    },
                    deadline: None,
                })
                .collect();
            let moving: Vec<bool> = activities
                .iter()
                .map(|a| matches!(a.progress, Progress::NotStarted))
                .collect();
            let graph = cpm::Graph::new(n, &links).unwrap_or_else(|_| panic!("seed {seed}: a loop"));
            let net = Net {
                activities: &activities,
                links: &links,
                graph: &graph,
                work: &[],
                keys: &[],
                bar: &[],
            };
            let ordered = Ordered {
                net: &net,
                links: &links,
                graph: &graph,
            };
            for backward in [false, true] {
                // Backward, `first` falls along the links.
                let key = |i: usize| if backward { (-first[i].0, -first[i].1) } else { first[i] };
                let pass = Pass {
                    net: &ordered,
                    moving: &moving,
                    backward,
                };
                let queue = pass.queued(&key);
                assert_eq!(queue.len(), moving.iter().filter(|&&m| m).count(), "seed {seed}");
                match pass.sorted(&key) {
                    Some(order) => {
                        assert_eq!(order, queue, "seed {seed}, backward {backward}");
                        let mut by_first = order.clone();
                        by_first.sort_by_key(|&i| (key(i), i));
                        if by_first == order {
                            plain += 1;
                        } else {
                            within += 1;
                        }
                    }
                    None => queued += 1,
                }
            }
        }
        assert!(plain > 100 && within > 100 && queued > 100, "{plain} {within} {queued}");
    }
}
