//! The critical path method on a network of activities, in whole working days.
//!
//! This module knows nothing of plans, files or dates: activities have
//! durations, lower bounds on their start, optional fixed actual dates and
//! optional deadlines; links have a type and a lag. That keeps it small enough
//! to check against textbook networks by hand.
//!
//! Times are working-day numbers; a time is the *start* of a day. An activity
//! starting at `s` with duration `d` finishes (exclusive) at `s + d`.

use crate::model::DependencyType;

mod shown;
pub use shown::{ends_at_start_of_day, holds_at_start, start_link, starts_of_day};

mod after;

pub use after::{Changes, Moved, solve_after};

mod backward;
pub(crate) use backward::{Bounds, backward_pass, backward_pass_by};
use backward::{Late, backward_plain};

/// Why an activity cannot start earlier: what set its early start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    /// The project start.
    ProjectStart,
    /// The status date: nothing unstarted is scheduled before it.
    StatusDate,
    /// Its own `not-before` date.
    NotBefore,
    /// It has started (or finished): its actual dates.
    Actual,
    /// A link from another activity (index into the links).
    Link(usize),
    /// Leveling: its owner was not working (time off, their week) from
    /// `since`, when everything else allowed it to start, to its start.
    Owner { since: i64 },
}

/// Actual progress that pins an activity in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    NotStarted,
    /// Started at `start`; cannot finish before `min_finish` (the status date
    /// plus the remaining work).
    InProgress {
        start: i64,
        min_finish: i64,
    },
    /// Done, from `start` to `finish` (exclusive).
    Done {
        start: i64,
        finish: i64,
    },
}

#[derive(Clone, Debug)]
pub struct Activity {
    pub duration: i64,
    /// The earliest the activity may start, and why (project start, status
    /// date, not-before: the largest of them).
    pub min_start: i64,
    pub min_start_reason: Reason,
    pub progress: Progress,
    /// A deadline, as an exclusive finish time: the latest finish allowed.
    pub deadline: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub kind: DependencyType,
    pub lag: i64,
}

/// The result for one activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Times {
    pub early_start: i64,
    pub early_finish: i64,
    pub late_start: i64,
    pub late_finish: i64,
    /// How far the activity can slip without delaying the project end or
    /// missing a deadline. Negative when a deadline cannot be met.
    pub total_float: i64,
    /// How far it can slip without delaying any successor's early start.
    pub free_float: i64,
    /// What set the early start (for a link: the driving predecessor).
    pub driver: Reason,
}

#[derive(Clone, Debug)]
pub struct Solution {
    pub times: Vec<Times>,
    /// The project's end: the latest early finish.
    pub end: i64,
}

/// The network has a cycle (validation rejects those; this is the guard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle;

/// Adjacency in compressed form: the links of activity `i` are
/// `index[start[i]..start[i + 1]]`. Two flat vectors instead of one small
/// vector per activity: the network can have tens of thousands of them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Adjacency {
    start: Vec<u32>,
    index: Vec<u32>,
}

impl Adjacency {
    /// Groups link indices by `key` (the link's `from` or `to`), keeping
    /// their order. Counts each key's links, sums the counts into the end of
    /// each key's range, then fills the ranges from the back with the links
    /// taken last to first: no second array of fill positions. In this
    /// one's buffers.
    pub(crate) fn fill(
        &mut self,
        n: usize,
        links: &[Link],
        key: impl Fn(&Link) -> usize,
        keep: impl Fn(&Link) -> bool,
    ) {
        let Adjacency { start, index } = self;
        start.clear();
        start.resize(n + 1, 0);
        let mut kept = 0;
        for l in links.iter().filter(|l| keep(l)) {
            start[key(l)] += 1;
            kept += 1;
        }
        let mut sum = 0;
        for s in start.iter_mut() {
            sum += *s;
            *s = sum;
        }
        index.clear();
        index.resize(kept, 0);
        for (li, l) in links.iter().enumerate().rev().filter(|(_, l)| keep(l)) {
            let k = key(l);
            start[k] -= 1;
            index[start[k] as usize] = li as u32;
        }
    }

    #[inline]
    pub(crate) fn of(&self, i: usize) -> &[u32] {
        &self.index[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Topological order of the activities (Kahn's algorithm, taking ready
/// activities first in, first out, starting from the lowest index: the
/// order is deterministic).
/// Into `order`.
fn order_with(
    n: usize,
    links: &[Link],
    incoming: &Adjacency,
    outgoing: &Adjacency,
    order: &mut Vec<usize>,
) -> Result<(), Cycle> {
    // Each activity's count of links in, from where they start.
    let mut indegree: Vec<u32> = incoming.start.windows(2).map(|w| w[1] - w[0]).collect();
    // The order doubles as the queue: `order[next..]` are ready, unvisited.
    order.clear();
    order.reserve(n);
    order.extend((0..n).filter(|&i| indegree[i] == 0));
    let mut next = 0;
    while let Some(&i) = order.get(next) {
        next += 1;
        for &li in outgoing.of(i) {
            let j = links[li as usize].to;
            indegree[j] -= 1;
            if indegree[j] == 0 {
                order.push(j);
            }
        }
    }
    if order.len() == n { Ok(()) } else { Err(Cycle) }
}

/// The earliest start of `to` that link `l` allows, given `from`'s early
/// times and `to`'s duration.
#[inline]
pub(crate) fn forward_bound(l: &Link, from_start: i64, from_finish: i64, to_duration: i64) -> i64 {
    match l.kind {
        DependencyType::FinishToStart => from_finish + l.lag,
        DependencyType::StartToStart => from_start + l.lag,
        DependencyType::FinishToFinish => from_finish + l.lag - to_duration,
        DependencyType::StartToFinish => from_start + l.lag - to_duration,
    }
}

/// Whether link `l` still constrains its successor `to` (progress
/// override): not at all once `to` is done; once it has started, only
/// through its finish (FF, SF). The forward pass ignores the other links, so
/// the backward pass must too: work that started out of sequence does not
/// give its predecessors negative float.
#[inline]
pub(crate) fn applies(to: &Activity, l: &Link) -> bool {
    match to.progress {
        Progress::Done { .. } => false,
        Progress::InProgress { .. } => {
            matches!(l.kind, DependencyType::FinishToFinish | DependencyType::StartToFinish)
        }
        Progress::NotStarted => true,
    }
}

/// The shape of a network: each activity's links in and out, and an order
/// in which every link goes forward. It depends on the links alone, so a
/// network whose activities change and whose links do not keeps it. (The
/// default graph is of no activities: [`Graph::rebuild`] one.)
#[derive(Clone, Debug, Default)]
pub struct Graph {
    incoming: Adjacency,
    outgoing: Adjacency,
    order: Vec<usize>,
}

impl Graph {
    /// The activities in an order where every link goes forward.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// The links into activity `i`, as indices into the links, in order.
    pub(crate) fn incoming(&self, i: usize) -> &[u32] {
        self.incoming.of(i)
    }

    /// The links out of activity `i`, as indices into the links, in order.
    pub(crate) fn outgoing(&self, i: usize) -> &[u32] {
        self.outgoing.of(i)
    }

    /// The graph of `n` activities joined by `links`; a cycle is refused.
    pub fn new(n: usize, links: &[Link]) -> Result<Graph, Cycle> {
        let mut graph = Graph::default();
        graph.rebuild(n, links)?;
        Ok(graph)
    }

    /// This graph made [`Graph::new`]'s of `n` activities and `links`, in
    /// its own buffers. After a cycle, it has no order (no pass can use
    /// it), but its links in and out of each activity are those of `links`.
    pub fn rebuild(&mut self, n: usize, links: &[Link]) -> Result<(), Cycle> {
        self.rebuild_where(n, links, |_| true)
    }

    /// [`Graph::rebuild`] with only the links `keep` says: the others are
    /// in no activity's links in or out, and set no order.
    pub fn rebuild_where(&mut self, n: usize, links: &[Link], keep: impl Fn(&Link) -> bool) -> Result<(), Cycle> {
        self.incoming.fill(n, links, |l| l.to, &keep);
        self.outgoing.fill(n, links, |l| l.from, &keep);
        let built = order_with(n, links, &self.incoming, &self.outgoing, &mut self.order);
        if built.is_err() {
            self.order.clear();
        }
        built
    }
}

/// Forward and backward pass.
pub fn solve(activities: &[Activity], links: &[Link]) -> Result<Solution, Cycle> {
    solve_graph(activities, links, &Graph::new(activities.len(), links)?)
}

/// [`solve`] on a graph built already: `graph` must be [`Graph::new`] of
/// these activities' count and these links.
pub fn solve_graph(activities: &[Activity], links: &[Link], graph: &Graph) -> Result<Solution, Cycle> {
    let n = activities.len();
    if graph.order.len() != n {
        return Err(Cycle);
    }
    // Each pass writes its fields of the activities' times in place.
    let mut times = vec![
        Times {
            early_start: 0,
            early_finish: 0,
            late_start: 0,
            late_finish: 0,
            total_float: 0,
            free_float: 0,
            driver: Reason::ProjectStart,
        };
        n
    ];
    let end = forward_pass(activities, links, graph, &mut times);
    backward_pass(activities, links, graph, end, &mut times);
    Ok(Solution { times, end })
}

/// The forward pass, in `graph`'s order: writes each activity's early start,
/// early finish and driver into `times`, and returns the project's end (the
/// latest early finish). The Monte Carlo forecast runs it alone, thousands
/// of times into one buffer (`crate::forecast`).
pub(crate) fn forward_pass(activities: &[Activity], links: &[Link], graph: &Graph, times: &mut [Times]) -> i64 {
    let mut end = 0;
    for &i in &graph.order {
        let (start, finish, why) = forward(activities, links, graph, times, i);
        let t = &mut times[i];
        t.early_start = start;
        t.early_finish = finish;
        t.driver = why;
        end = end.max(finish);
    }
    end
}

/// Activity `i`'s early start, early finish and driver, from its
/// predecessors' early times in `times`.
#[inline]
fn forward(activities: &[Activity], links: &[Link], graph: &Graph, times: &[Times], i: usize) -> (i64, i64, Reason) {
    let a = &activities[i];
    match a.progress {
        Progress::Done { start, finish } => (start, finish, Reason::Actual),
        Progress::InProgress { start, min_finish } => {
            // It started: only links that constrain its finish still apply.
            let mut finish = min_finish.max(start + a.duration.min(0));
            for &li in graph.incoming.of(i) {
                let l = &links[li as usize];
                if matches!(l.kind, DependencyType::FinishToFinish | DependencyType::StartToFinish) {
                    let from = &times[l.from];
                    finish = finish.max(forward_bound(l, from.early_start, from.early_finish, 0));
                }
            }
            (start, finish.max(start), Reason::Actual)
        }
        Progress::NotStarted => {
            let mut start = a.min_start;
            let mut why = a.min_start_reason;
            for &li in graph.incoming.of(i) {
                let l = &links[li as usize];
                let from = &times[l.from];
                let bound = forward_bound(l, from.early_start, from.early_finish, a.duration);
                if bound > start {
                    start = bound;
                    why = Reason::Link(li as usize);
                }
            }
            (start, start + a.duration, why)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use DependencyType::*;

    fn act(duration: i64) -> Activity {
        Activity {
            duration,
            min_start: 0,
            min_start_reason: Reason::ProjectStart,
            progress: Progress::NotStarted,
            deadline: None,
        }
    }

    fn link(from: usize, to: usize, kind: DependencyType, lag: i64) -> Link {
        Link { from, to, kind, lag }
    }

    /// (ES, EF, LS, LF, TF, FF) for each activity.
    fn table(s: &Solution) -> Vec<(i64, i64, i64, i64, i64, i64)> {
        s.times
            .iter()
            .map(|t| {
                (
                    t.early_start,
                    t.early_finish,
                    t.late_start,
                    t.late_finish,
                    t.total_float,
                    t.free_float,
                )
            })
            .collect()
    }

    /// A classic finish-to-start network, worked by hand:
    /// A(3); B(4) and C(2) after A; D(5) after B and C; E(3) after C; F(2) after D and E.
    #[test]
    fn finish_to_start_network() {
        let acts = [act(3), act(4), act(2), act(5), act(3), act(2)];
        let (a, b, c, d, e, f) = (0, 1, 2, 3, 4, 5);
        let links = [
            link(a, b, FinishToStart, 0),
            link(a, c, FinishToStart, 0),
            link(b, d, FinishToStart, 0),
            link(c, d, FinishToStart, 0),
            link(c, e, FinishToStart, 0),
            link(d, f, FinishToStart, 0),
            link(e, f, FinishToStart, 0),
        ];
        let s = solve(&acts, &links).unwrap();
        assert_eq!(s.end, 14);
        assert_eq!(
            table(&s),
            [
                (0, 3, 0, 3, 0, 0),
                (3, 7, 3, 7, 0, 0),
                (3, 5, 5, 7, 2, 0),
                (7, 12, 7, 12, 0, 0),
                (5, 8, 9, 12, 4, 4),
                (12, 14, 12, 14, 0, 0),
            ]
        );
        assert_eq!(s.times[d].driver, Reason::Link(2)); // B drives D
        assert_eq!(s.times[f].driver, Reason::Link(5)); // D drives F
    }

    /// All four link types, a lag and a lead, worked by hand:
    /// A(4); B(6) SS+2 from A; C(3) FF+1 from B; D(2) FS-1 from A;
    /// E(5) SF+4 from D; F(1) FS from C and from E.
    #[test]
    fn all_link_types_with_lags_and_leads() {
        let acts = [act(4), act(6), act(3), act(2), act(5), act(1)];
        let links = [
            link(0, 1, StartToStart, 2),
            link(1, 2, FinishToFinish, 1),
            link(0, 3, FinishToStart, -1),
            link(3, 4, StartToFinish, 4),
            link(2, 5, FinishToStart, 0),
            link(4, 5, FinishToStart, 0),
        ];
        let s = solve(&acts, &links).unwrap();
        assert_eq!(s.end, 10);
        assert_eq!(
            table(&s),
            [
                (0, 4, 0, 4, 0, 0),
                (2, 8, 2, 8, 0, 0),
                (6, 9, 6, 9, 0, 0),
                (3, 5, 5, 7, 2, 0),
                (2, 7, 4, 9, 2, 2),
                (9, 10, 9, 10, 0, 0),
            ]
        );
    }

    /// A deadline that cannot be met gives negative float along the chain.
    #[test]
    fn missed_deadline_gives_negative_float() {
        let mut b = act(5);
        b.deadline = Some(8);
        let acts = [act(5), b, act(2)];
        let s = solve(&acts, &[link(0, 1, FinishToStart, 0)]).unwrap();
        assert_eq!(
            table(&s),
            [(0, 5, -2, 3, -2, 0), (5, 10, 3, 8, -2, 0), (0, 2, 8, 10, 8, 8)]
        );
    }

    /// Progress pins activities: done ones keep their actual dates, started
    /// ones their actual start, and successors follow.
    #[test]
    fn progress_pins_actual_dates() {
        let mut done = act(3);
        done.progress = Progress::Done { start: 0, finish: 4 };
        let mut doing = act(5);
        doing.progress = Progress::InProgress {
            start: 4,
            min_finish: 12,
        };
        let mut later = act(2);
        later.min_start = 10;
        later.min_start_reason = Reason::StatusDate;
        let acts = [done, doing, later];
        let s = solve(&acts, &[link(0, 1, FinishToStart, 0), link(0, 2, FinishToStart, 0)]).unwrap();
        assert_eq!((s.times[0].early_start, s.times[0].early_finish), (0, 4));
        assert_eq!((s.times[1].early_start, s.times[1].early_finish), (4, 12));
        assert_eq!((s.times[2].early_start, s.times[2].early_finish), (10, 12));
        assert_eq!(s.times[2].driver, Reason::StatusDate);
    }

    #[test]
    fn work_started_out_of_sequence_gives_no_negative_float() {
        // `before` (3 days, unstarted, held to the status date, day 10) is an
        // FS predecessor of `doing`, which started on day 4 anyway and runs to
        // day 12; `fin` (2 days, from day 10) must finish before `doing` (FF).
        let mut before = act(3);
        before.min_start = 10;
        let mut doing = act(8);
        doing.progress = Progress::InProgress {
            start: 4,
            min_finish: 12,
        };
        let mut fin = act(2);
        fin.min_start = 10;
        let links = [link(0, 1, FinishToStart, 0), link(2, 1, FinishToFinish, 1)];
        let s = solve(&[before, doing, fin], &links).unwrap();
        // Forward: before 10..13; fin 10..12; doing 4..max(12, 12 + 1) = 13.
        assert_eq!((s.times[1].early_start, s.times[1].early_finish), (4, 13));
        assert_eq!(s.end, 13);
        // Backward: the FS link into started work no longer binds `before`:
        // it ends the project (LF 13) with float 0, where the link would
        // have put its late finish at doing's late start (13 - 9 = 4): -9.
        assert_eq!((s.times[0].late_finish, s.times[0].total_float), (13, 0));
        // The FF link still does: fin's LF = doing's LF (13) - lag 1 = 12.
        assert_eq!((s.times[2].late_finish, s.times[2].total_float), (12, 0));
        assert_eq!(s.times[1].total_float, 0);
    }

    /// Each change solved after the network before is what solving from
    /// scratch gives, even where the early times stay and only the late
    /// ones move: a deadline moved (the activity's own late times), a
    /// successor done on its planned dates (its links no longer bind the
    /// predecessor), a link added (the predecessor's links out), an
    /// estimate that moves the project's end.
    #[test]
    fn solving_after_a_change_is_solving_from_scratch() {
        let base = || {
            let mut m = act(0);
            m.deadline = Some(12);
            (
                vec![act(3), act(4), act(2), m],
                vec![link(0, 1, FinishToStart, 0), link(1, 3, FinishToStart, 0)],
            )
        };
        let identity = |n: usize, l: usize, changed: &[usize], out: &[usize]| Changes {
            moved: Some(Moved {
                was: (0..n).map(Some).collect(),
                link_now: (0..l).map(Some).collect(),
            }),
            same_in: (0..n).map(|i| !changed.contains(&i)).collect(),
            same_out: (0..n).map(|i| !out.contains(&i)).collect(),
        };
        type Edit = fn(&mut Vec<Activity>, &mut Vec<Link>);
        // (what, edit, activities changed, activities with other links out)
        let cases: [(&str, Edit, &[usize], &[usize]); 4] = [
            ("deadline", |a, _| a[3].deadline = Some(5), &[3], &[]),
            (
                "done as planned",
                |a, _| {
                    a[1].progress = Progress::Done { start: 3, finish: 7 };
                },
                &[1],
                &[],
            ),
            ("link added", |_, l| l.push(link(2, 3, FinishToStart, 9)), &[3], &[2]),
            ("longer", |a, _| a[1].duration = 9, &[1], &[]),
        ];
        for (what, edit, changed, out) in cases {
            let (acts, links) = base();
            let old = solve(&acts, &links).unwrap();
            let (mut acts, mut links) = base();
            edit(&mut acts, &mut links);
            let graph = Graph::new(acts.len(), &links).unwrap();
            let changes = identity(acts.len(), 2, changed, out);
            let after = solve_after(&acts, &links, &graph, &old, &changes).unwrap();
            let scratch = solve_graph(&acts, &links, &graph).unwrap();
            assert_eq!(table(&after), table(&scratch), "{what}");
            // The same, saying that nothing moved.
            let unmoved = Changes { moved: None, ..changes };
            let after = solve_after(&acts, &links, &graph, &old, &unmoved).unwrap();
            assert_eq!(table(&after), table(&scratch), "{what}, nothing moved");
            assert_eq!(after.end, scratch.end, "{what}");
            assert_ne!(table(&scratch), table(&old), "{what}: the change shows");
        }
    }

    #[test]
    fn cycles_are_refused_not_looped() {
        let acts = [act(1), act(1)];
        let links = [link(0, 1, FinishToStart, 0), link(1, 0, FinishToStart, 0)];
        assert_eq!(solve(&acts, &links).err(), Some(Cycle));
    }
}
