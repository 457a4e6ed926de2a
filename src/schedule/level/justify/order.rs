//! The order of a justification pass ([`super::serial`]): of the work
//! that moves, each once all it waits for is placed, the smallest `first`
//! first, then plan order ([`Pass::order`]).

use super::Ordered;
use crate::schedule::cpm::{self, Link};

/// The order of a [`super::serial`] pass: of the work `moving` says, each once
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

    /// The order. The work is sorted by `first` once. Most often `first`
    /// falls along the links: then the sorted work is the order, each being
    /// ready when its turn comes and the least of the work ready; among
    /// work of the same `first` (milestones due the same day), plan order
    /// is kept wherever the links between them allow ([`Pass::in_runs`]).
    /// Otherwise the least ready is taken each time, as from a queue of
    /// the work ready ([`Pass::readied`]).
    pub fn order(&self, first: &impl Fn(usize) -> (i64, i64)) -> Vec<usize> {
        let n = self.net.net.activities.len();
        let places_in = |sorted: &[usize]| {
            let mut at = vec![u32::MAX; n];
            for (k, &i) in sorted.iter().enumerate() {
                at[i] = k as u32;
            }
            at
        };
        let mut sorted = self.by_first(first);
        let mut at = places_in(&sorted);
        // The places of the work that links within runs of the same
        // `first` make wait against the sorted order; `None` when a link
        // runs against it across runs.
        let mut against = Some(Vec::new());
        for l in self.net.links {
            let (then, before) = self.ends(l);
            if at[before] > at[then] && self.waits(l) {
                match &mut against {
                    Some(places) if first(before) == first(then) => places.push(at[before] as usize),
                    _ => against = None,
                }
            }
        }
        if let Some(places) = against {
            if self.in_runs(first, &at, &mut sorted, places).is_some() {
                return sorted;
            }
            // (Runs put in order already: sorted afresh.)
            sorted = self.by_first(first);
            at = places_in(&sorted);
        }
        self.readied(&sorted, |i| at.get(i).filter(|&&k| k != u32::MAX).map(|&k| k as usize))
    }

    /// `sorted` (each one's place there in `at`) with each run of the same
    /// `first` that holds one of `places` put in the order a queue takes
    /// it ([`Pass::within`]). `None` when the links within a run loop.
    fn in_runs(
        &self,
        first: &impl Fn(usize) -> (i64, i64),
        at: &[u32],
        sorted: &mut [usize],
        mut places: Vec<usize>,
    ) -> Option<()> {
        places.sort_unstable();
        // Each run, once.
        let mut done = 0;
        for k in places {
            if k < done {
                continue;
            }
            let same = |j: &usize| first(*j) == first(sorted[k]);
            let lo = k - sorted[..k].iter().rev().take_while(|j| same(j)).count();
            let hi = k + sorted[k..].iter().take_while(|j| same(j)).count();
            self.within(at, &mut sorted[lo..hi])?;
            done = hi;
        }
        Some(())
    }

    /// `items` in the order a queue of the work ready takes them: each
    /// once all it waits for among them is placed, the first ready by its
    /// place in `items` each time, found in a bit set of the work ready by
    /// its places (`place(i)`: activity `i`'s place in `items`, if one of
    /// them). Most often the work is ready nearly in the order of `items`,
    /// and each step is a bit or two, where a heap of the work ready costs
    /// a sift. Work waiting in a loop is left out.
    fn readied(&self, items: &[usize], place: impl Fn(usize) -> Option<usize>) -> Vec<usize> {
        // Each link an item waits on, from the item it waits for.
        let place = &place;
        let waited = |i: usize| {
            self.released_by(i).iter().filter_map(move |&li| {
                let l = &self.net.links[li as usize];
                place(self.ends(l).0).filter(|_| self.waits(l))
            })
        };
        let mut waiting = vec![0u32; items.len()];
        for &i in items {
            for k in waited(i) {
                waiting[k] += 1;
            }
        }
        let mut ready = Bits::new(items.len());
        for (k, w) in waiting.iter().enumerate() {
            if *w == 0 {
                ready.set(k);
            }
        }
        let mut out = Vec::with_capacity(items.len());
        // Nothing is ready before `from`.
        let mut from = 0;
        while let Some(k) = ready.first_from(from) {
            ready.unset(k);
            from = k;
            out.push(items[k]);
            for k in waited(items[k]) {
                waiting[k] -= 1;
                if waiting[k] == 0 {
                    ready.set(k);
                    from = from.min(k);
                }
            }
        }
        out
    }

    /// `run`, work of the same `first` in plan order (each one's place in
    /// the whole order in `at`), put in the order a queue takes it
    /// ([`Pass::readied`]: of the work whose links within the run are
    /// placed, the first in plan order first). `None` when those links
    /// loop.
    fn within(&self, at: &[u32], run: &mut [usize]) -> Option<()> {
        let lo = at[*run.first()?];
        let len = run.len();
        let place = |i: usize| at[i].checked_sub(lo).map(|k| k as usize).filter(|&k| k < len);
        let out = self.readied(run, place);
        (out.len() == run.len()).then(|| run.copy_from_slice(&out))
    }

    /// The work that moves, by `first` then plan order: its parts packed in
    /// one number when they fit (both from their least, in 21 bits each,
    /// the activity in the last 22), which sorts faster.
    fn by_first(&self, first: &impl Fn(usize) -> (i64, i64)) -> Vec<usize> {
        let n = self.net.net.activities.len();
        let moving = || (0..n).filter(|&i| self.moving[i]);
        let (mut lo, mut hi) = ((i64::MAX, i64::MAX), (i64::MIN, i64::MIN));
        for i in moving() {
            let (a, b) = first(i);
            (lo, hi) = ((lo.0.min(a), lo.1.min(b)), (hi.0.max(a), hi.1.max(b)));
        }
        let fits = |lo: i64, hi: i64| hi.checked_sub(lo).is_some_and(|d| d < 1 << 21);
        if n <= 1 << 22 && fits(lo.0, hi.0) && fits(lo.1, hi.1) {
            let mut keys: Vec<u64> = moving()
                .map(|i| {
                    let (a, b) = first(i);
                    ((a - lo.0) as u64) << 43 | ((b - lo.1) as u64) << 22 | i as u64
                })
                .collect();
            keys.sort_unstable();
            return keys.into_iter().map(|k| (k & ((1 << 22) - 1)) as usize).collect();
        }
        let mut keys: Vec<(i64, i64, usize)> = moving()
            .map(|i| {
                let (a, b) = first(i);
                (a, b, i)
            })
            .collect();
        keys.sort_unstable();
        keys.into_iter().map(|(_, _, i)| i).collect()
    }
}

/// A set of places `0..len`.
struct Bits(Vec<u64>);

impl Bits {
    fn new(len: usize) -> Bits {
        Bits(vec![0; len.div_ceil(64)])
    }

    fn set(&mut self, k: usize) {
        if let Some(w) = self.0.get_mut(k / 64) {
            *w |= 1 << (k % 64);
        }
    }

    fn unset(&mut self, k: usize) {
        if let Some(w) = self.0.get_mut(k / 64) {
            *w &= !(1 << (k % 64));
        }
    }

    /// The least place in the set from `from` on.
    fn first_from(&self, from: usize) -> Option<usize> {
        let mut w = from / 64;
        let mut bits = self.0.get(w)? & (u64::MAX << (from % 64));
        loop {
            if bits != 0 {
                return Some(w * 64 + bits.trailing_zeros() as usize);
            }
            w += 1;
            bits = *self.0.get(w)?;
        }
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
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;

    impl Pass<'_> {
        /// The order, by a queue of the work ready: what [`Pass::order`]
        /// must give.
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
    }

    /// On random networks, [`Pass::order`] is the order of a queue of the
    /// work ready, forward and backward: when `first` falls along the links
    /// (runs of the same `first` linked against plan order among them, as
    /// milestones due the same day are), when it does not (a link or all
    /// against it), and when it is too wide to pack. Counts each case so
    /// that the test cannot pass on one alone.
    #[test]
    fn a_pass_takes_work_in_the_order_of_a_queue_of_the_work_ready() {
        let (mut sorted, mut reordered, mut wide) = (0, 0, 0);
        for seed in 1..=800u64 {
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
            match rng.below(10) {
                0 | 1 => {
                    let i = rng.below(n);
                    first[i].0 -= 1 + rng.below(4) as i64;
                }
                2 => first.iter_mut().for_each(|f| f.0 = rng.below(8) as i64),
                3 => first[rng.below(n)].1 = 1 << 40,
                _ => {}
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
                let (order, queue) = (pass.order(&key), pass.queued(&key));
                assert_eq!(order, queue, "seed {seed}, backward {backward}");
                assert_eq!(order.len(), moving.iter().filter(|&&m| m).count(), "seed {seed}");
                let mut by_first = order.clone();
                by_first.sort_by_key(|&i| (key(i), i));
                if first.iter().any(|f| f.1 == 1 << 40) {
                    wide += 1;
                } else if by_first == order {
                    sorted += 1;
                } else {
                    reordered += 1;
                }
            }
        }
        assert!(
            sorted > 300 && reordered > 300 && wide > 50,
            "{sorted} {reordered} {wide}"
        );
    }
}
