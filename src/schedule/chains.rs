//! Critical chains: the paths of critical activities, joined by the links
//! that hold them, from where a chain starts to where the schedule ends.
//!
//! This module knows nothing of plans: it reads a solved network
//! ([`cpm::Activity`], [`cpm::Link`], [`cpm::Times`]), which activities are
//! critical, and the project's end, so that it lists the chains of any
//! network solved by [`cpm`], a leveled one (with resource links) too.
//!
//! A link **binds** when it holds with equality in the early times (FS:
//! `ES(to) = EF(from) + lag`; SS: `ES(to) = ES(from) + lag`; FF: `EF(to) =
//! EF(from) + lag`; SF: `EF(to) = ES(from) + lag`) and still applies under
//! the progress override (`cpm::applies`: a started activity keeps only
//! its FF and SF links, a done one none). A chain is a path of critical
//! activities, each joined to the next by a binding link, that cannot be
//! made longer at either end:
//!
//! - it **starts** at a critical activity that no binding link from a
//!   critical one leads into: its start is then held by a constraint (the
//!   project start, the status date, a not-before date, its actual dates) or
//!   by work that is done;
//! - it **ends** at a critical activity that binds no critical one, has no
//!   float, and whose late finish is set by the end itself: the project's
//!   end, or its own deadline (the milestone missing its deadline by the
//!   most, when deadlines are missed; or one made with no day to spare).
//!
//! An activity whose start is held both by a constraint and by a critical
//! predecessor is listed on the longer chain only: the shorter is a part of
//! it. Every path is listed, in order of node indices (by the first node,
//! then the second, …), up to a limit: ties multiply paths (a ladder of `k`
//! tied pairs has `2^k`), so at most `limit` chains are listed, the first in
//! that order, and [`Chains::total`] says how many there are in all.

use super::cpm::{self, Activity, Link, Times};
use crate::model::DependencyType;

/// How many chains a schedule lists at most ([`critical_chains`]'s `limit`).
pub const MAX_CHAINS: usize = 100;

/// The critical chains of a solved network.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Chains {
    /// Each chain as node indices, from its first activity to its last; the
    /// first `limit` chains in order of node indices.
    pub paths: Vec<Vec<usize>>,
    /// How many chains there are in all (at most `u64::MAX`: a count that
    /// would overflow stops there); more than `paths.len()` when the listing
    /// was cut at the limit.
    pub total: u64,
}

/// The critical chains of a network of `activities` joined by `links`,
/// solved as `times` (one per activity), with `critical` flagging the
/// critical activities and `end` the project's end (the latest early
/// finish): at most `limit` of them, and their number in all. Links or
/// flags that name no activity are ignored; a cycle among binding links
/// (which [`cpm`] refuses to solve) lists nothing through it.
pub fn critical_chains(
    activities: &[Activity],
    links: &[Link],
    times: &[Times],
    critical: &[bool],
    end: i64,
    limit: usize,
) -> Chains {
    let n = activities.len().min(times.len()).min(critical.len());
    let graph = Binding::new(activities, links, times, critical, n);
    // Paths from each critical activity to an end, counted from the last
    // backwards; 0 from the others.
    let mut paths_from = vec![0u64; n];
    for &v in graph.order(critical).iter().rev() {
        let onward = graph
            .next(v)
            .iter()
            .fold(0u64, |sum, &w| sum.saturating_add(paths_from[w as usize]));
        paths_from[v] = if onward == 0 && ends(&activities[v], &times[v], critical[v], end) {
            1
        } else {
            onward
        };
    }
    let mut chains = Chains::default();
    for v in (0..n).filter(|&v| graph.into[v] == 0 && paths_from[v] > 0) {
        chains.total = chains.total.saturating_add(paths_from[v]);
        if chains.paths.len() < limit {
            graph.list_from(v, &paths_from, limit, &mut chains.paths);
        }
    }
    chains
}

/// The binding links between critical activities, as a graph: each
/// activity's successors in index order, once each (two links between the
/// same activities are one step of a chain).
struct Binding {
    /// Activity `v`'s successors are `to[start[v]..start[v + 1]]`.
    start: Vec<u32>,
    to: Vec<u32>,
    /// How many binding links lead into each activity.
    into: Vec<u32>,
}

impl Binding {
    fn new(activities: &[Activity], links: &[Link], times: &[Times], critical: &[bool], n: usize) -> Binding {
        let mut edges: Vec<(u32, u32)> = links
            .iter()
            .filter(|l| l.from < n && l.to < n && l.from != l.to && critical[l.from] && critical[l.to])
            .filter(|l| cpm::applies(&activities[l.to], l) && binds(l, &times[l.from], &times[l.to]))
            .map(|l| (l.from as u32, l.to as u32))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let mut start = vec![0u32; n + 1];
        let mut into = vec![0u32; n];
        for &(from, to) in &edges {
            start[from as usize + 1] += 1;
            into[to as usize] += 1;
        }
        let mut sum = 0;
        for s in &mut start {
            sum += *s;
            *s = sum;
        }
        Binding {
            start,
            to: edges.into_iter().map(|(_, to)| to).collect(),
            into,
        }
    }

    /// Activity `v`'s successors, in index order.
    fn next(&self, v: usize) -> &[u32] {
        &self.to[self.start[v] as usize..self.start[v + 1] as usize]
    }

    /// The critical activities in an order where every binding link goes
    /// forward (Kahn's algorithm); those on or after a cycle are left out.
    /// (Binding links join critical activities only.)
    fn order(&self, critical: &[bool]) -> Vec<usize> {
        let mut into = self.into.clone();
        let mut order: Vec<usize> = (0..into.len()).filter(|&v| critical[v] && into[v] == 0).collect();
        let mut next = 0;
        while let Some(&v) = order.get(next) {
            next += 1;
            for &w in self.next(v) {
                into[w as usize] -= 1;
                if into[w as usize] == 0 {
                    order.push(w as usize);
                }
            }
        }
        order
    }

    /// Appends to `paths` the chains from `first`, in order, until there are
    /// `limit`: a depth-first walk that takes successors in index order and
    /// only those from which an end is reached (`paths_from` above 0), so
    /// that every step leads to a chain.
    fn list_from(&self, first: usize, paths_from: &[u64], limit: usize, paths: &mut Vec<Vec<usize>>) {
        let onward = |v: usize| self.next(v).iter().any(|&w| paths_from[w as usize] > 0);
        let mut path = vec![first];
        // The next successor to try, for each activity on `path`.
        let mut tried = vec![0usize];
        while let (Some(&v), Some(k)) = (path.last(), tried.last_mut()) {
            if !onward(v) {
                paths.push(path.clone());
                if paths.len() >= limit {
                    return;
                }
            }
            let next = self.next(v);
            match next[*k..].iter().position(|&w| paths_from[w as usize] > 0) {
                Some(at) => {
                    *k += at + 1;
                    path.push(next[*k - 1] as usize);
                    tried.push(0);
                }
                None => {
                    path.pop();
                    tried.pop();
                }
            }
        }
    }
}

/// Which activities are critical: the live ones (not done) that end the
/// schedule, their late finish set by the end itself (the project's `end`,
/// or their own deadline when earlier) with the least finish float (0, or
/// the most negative when a deadline cannot be met), and, walking back
/// from those, every live one of no float (at most 0) joined to a critical
/// one by a binding link. In a critical path method's network that is
/// every live activity of the least total float; in a leveled one, floats
/// along a chain can differ (work before one that would pause over its
/// owner's days off at its early dates and not at its late ones has less
/// to make up): API 3 days late makes UI, whose owner is then away, miss
/// its milestone by 8, and both are critical.
///
/// `graph` holds `links` (or the first of them: a leveled network whose
/// resource links close a loop is read through the plan's links alone).
pub fn critical(activities: &[Activity], links: &[Link], graph: &cpm::Graph, times: &[Times], end: i64) -> Vec<bool> {
    let n = activities.len().min(times.len());
    let live = |i: usize| !matches!(activities[i].progress, cpm::Progress::Done { .. });
    let finish_float = |i: usize| times[i].late_finish - times[i].early_finish;
    let at_end = |i: usize| live(i) && times[i].late_finish == activities[i].deadline.map_or(end, |d| d.min(end));
    let least = (0..n)
        .filter(|&i| at_end(i))
        .map(finish_float)
        .min()
        .unwrap_or(0)
        .min(0);
    let mut critical = vec![false; n];
    let mut stack: Vec<usize> = (0..n).filter(|&i| at_end(i) && finish_float(i) <= least).collect();
    for &i in &stack {
        critical[i] = true;
    }
    while let Some(j) = stack.pop() {
        for &li in graph.incoming(j) {
            let Some(l) = links.get(li as usize) else { continue };
            let i = l.from;
            if i < n
                && !critical[i]
                && live(i)
                && times[i].total_float <= 0
                && cpm::applies(&activities[j], l)
                && binds(l, &times[i], &times[j])
            {
                critical[i] = true;
                stack.push(i);
            }
        }
    }
    critical
}

/// Whether a chain may end at an activity: critical, and reaching the end
/// that sets its late finish (no float left before it): the project's `end`,
/// or its own deadline when earlier.
fn ends(a: &Activity, t: &Times, critical: bool, end: i64) -> bool {
    critical && t.total_float <= 0 && t.late_finish == a.deadline.map_or(end, |d| d.min(end))
}

/// Whether link `l` holds with equality in the early times of its ends.
pub(super) fn binds(l: &Link, from: &Times, to: &Times) -> bool {
    let (bound, held) = match l.kind {
        DependencyType::FinishToStart => (from.early_finish, to.early_start),
        DependencyType::StartToStart => (from.early_start, to.early_start),
        DependencyType::FinishToFinish => (from.early_finish, to.early_finish),
        DependencyType::StartToFinish => (from.early_start, to.early_finish),
    };
    bound.checked_add(l.lag) == Some(held)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::cpm::{Progress, Reason, solve};
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

    /// Solves the network, flags as critical the activities not done whose
    /// float is the least (at most 0), and lists the chains, at most `limit`.
    fn chains_of(acts: &[Activity], links: &[Link], limit: usize) -> Chains {
        let s = solve(acts, links).unwrap();
        let live = |i: usize| !matches!(acts[i].progress, Progress::Done { .. });
        let least = (0..acts.len())
            .filter(|&i| live(i))
            .map(|i| s.times[i].total_float)
            .min()
            .unwrap_or(0)
            .min(0);
        let critical: Vec<bool> = (0..acts.len())
            .map(|i| live(i) && s.times[i].total_float <= least)
            .collect();
        critical_chains(acts, links, &s.times, &critical, s.end, limit)
    }

    fn paths(acts: &[Activity], links: &[Link]) -> Vec<Vec<usize>> {
        chains_of(acts, links, MAX_CHAINS).paths
    }

    /// A (2d) and B (2d) both hold C (1d): two chains of 3 days, both
    /// through C (the driver alone gave `[b]` and `[a, c]`).
    #[test]
    fn tied_predecessors_give_a_chain_each() {
        let (a, b, c) = (0, 1, 2);
        let links = [link(a, c, FinishToStart, 0), link(b, c, FinishToStart, 0)];
        let chains = chains_of(&[act(2), act(2), act(1)], &links, MAX_CHAINS);
        assert_eq!(chains.paths, [vec![a, c], vec![b, c]]);
        assert_eq!(chains.total, 2);
    }

    /// A zero-day start item that A depends on starts the chain through A,
    /// although the project start holds A at day 0 too (and is its driver).
    #[test]
    fn a_zero_day_start_item_begins_the_chain_through_its_successor() {
        let (start, a, b) = (0, 1, 2);
        let links = [link(start, a, FinishToStart, 0), link(a, b, FinishToStart, 0)];
        let s = solve(&[act(0), act(3), act(2)], &links).unwrap();
        assert_eq!(s.times[a].driver, Reason::ProjectStart);
        assert_eq!(paths(&[act(0), act(3), act(2)], &links), [vec![start, a, b]]);
    }

    /// A (1d) –SS→ B (10d): B starts with A and ends the project; A's late
    /// finish is B's late start plus A's duration, so A is critical and
    /// binds B.
    #[test]
    fn a_start_to_start_link_joins_the_chain() {
        let links = [link(0, 1, StartToStart, 0)];
        assert_eq!(paths(&[act(1), act(10)], &links), [vec![0, 1]]);
    }

    /// Every link type, with lags and leads (the network of
    /// `cpm::tests::all_link_types_with_lags_and_leads`): A(4) –SS+2→ B(6)
    /// –FF+1→ C(3) –FS→ F(1) is critical (ES 0, 2, 6, 9); D and E have 2
    /// days of float.
    #[test]
    fn chains_follow_every_link_type() {
        let acts = [act(4), act(6), act(3), act(2), act(5), act(1)];
        let links = [
            link(0, 1, StartToStart, 2),
            link(1, 2, FinishToFinish, 1),
            link(0, 3, FinishToStart, -1),
            link(3, 4, StartToFinish, 4),
            link(2, 5, FinishToStart, 0),
            link(4, 5, FinishToStart, 0),
        ];
        assert_eq!(paths(&acts, &links), [vec![0, 1, 2, 5]]);
        // A(3) –SF+5→ B(4): B must finish by A's start + 5, so it runs 1..5
        // and ends the project; A's late finish is 5 - 5 + 3 = 3: critical.
        assert_eq!(paths(&[act(3), act(4)], &[link(0, 1, StartToFinish, 5)]), [vec![0, 1]]);
    }

    /// Links that do not hold with equality are not followed: B (1d) has a
    /// day of slack before C, so only A → C is a chain.
    #[test]
    fn a_link_with_slack_does_not_bind() {
        let links = [link(0, 2, FinishToStart, 0), link(1, 2, FinishToStart, 0)];
        assert_eq!(paths(&[act(2), act(1), act(1)], &links), [vec![0, 2]]);
        // A lag can make up the difference: B –FS+1→ C binds too.
        let links = [link(0, 2, FinishToStart, 0), link(1, 2, FinishToStart, 1)];
        assert_eq!(paths(&[act(2), act(1), act(1)], &links), [vec![0, 2], vec![1, 2]]);
    }

    /// When a deadline is missed, the chain ends at the milestone missing it
    /// (float -2), not at the project's end (C, float 8).
    #[test]
    fn a_missed_deadline_ends_the_chain() {
        let mut milestone = act(0);
        milestone.deadline = Some(3);
        let acts = [act(5), milestone, act(10)];
        let links = [link(0, 1, FinishToStart, 0)];
        let chains = chains_of(&acts, &links, MAX_CHAINS);
        assert_eq!(chains.paths, [vec![0, 1]]);
        // A deadline met with no day to spare ends a chain of float 0, as
        // the project's end does.
        let mut milestone = act(0);
        milestone.deadline = Some(5);
        let acts = [act(5), milestone, act(10)];
        assert_eq!(paths(&acts, &links), [vec![0, 1], vec![2]]);
    }

    /// Progress override: a started activity keeps only its FF and SF links.
    /// B started on day 3, right when A finished, but its FS link from A no
    /// longer applies, so A → B is no chain; A → C is.
    #[test]
    fn a_started_activity_keeps_only_its_finish_links() {
        let mut b = act(5);
        b.progress = Progress::InProgress {
            start: 3,
            min_finish: 8,
        };
        let acts = [act(3), b, act(5)];
        let links = [link(0, 1, FinishToStart, 0), link(0, 2, FinishToStart, 0)];
        assert_eq!(paths(&acts, &links), [vec![0, 2], vec![1]]);
        // An FF link still holds B's finish: A (8d) –FF→ B ends it on day 8.
        let mut b = act(5);
        b.progress = Progress::InProgress {
            start: 0,
            min_finish: 5,
        };
        assert_eq!(paths(&[act(8), b], &[link(0, 1, FinishToFinish, 0)]), [vec![0, 1]]);
    }

    /// Two links between the same activities (a dependency and a resource
    /// link, say) are one step: the chain is listed once.
    #[test]
    fn parallel_links_are_one_step() {
        let links = [
            link(0, 1, FinishToStart, 0),
            link(0, 1, StartToStart, 2),
            link(0, 1, FinishToStart, 0),
        ];
        let chains = chains_of(&[act(2), act(3)], &links, MAX_CHAINS);
        assert_eq!((chains.paths, chains.total), (vec![vec![0, 1]], 1));
    }

    /// A ladder of `k` rungs: two tied 1-day activities per rung, each held
    /// by both of the rung before, so `2^k` chains.
    fn ladder(k: usize) -> (Vec<Activity>, Vec<Link>) {
        let acts = vec![act(1); 2 * k];
        let mut links = Vec::new();
        for r in 1..k {
            for from in [2 * r - 2, 2 * r - 1] {
                for to in [2 * r, 2 * r + 1] {
                    links.push(link(from, to, FinishToStart, 0));
                }
            }
        }
        (acts, links)
    }

    /// Every path, in order of node indices: each rung's lower index first.
    #[test]
    fn every_path_is_listed_in_order() {
        let (acts, links) = ladder(3);
        let chains = chains_of(&acts, &links, MAX_CHAINS);
        assert_eq!(
            chains.paths,
            [
                [0, 2, 4],
                [0, 2, 5],
                [0, 3, 4],
                [0, 3, 5],
                [1, 2, 4],
                [1, 2, 5],
                [1, 3, 4],
                [1, 3, 5]
            ]
        );
        assert_eq!(chains.total, 8);
    }

    /// Past the limit, the first chains in order are listed and the total
    /// says how many there are; a count past `u64::MAX` stops there.
    #[test]
    fn the_listing_is_capped_and_the_total_counted() {
        let (acts, links) = ladder(10);
        let chains = chains_of(&acts, &links, 5);
        assert_eq!(chains.total, 1024);
        let low: Vec<usize> = (0..10).map(|r| 2 * r).collect();
        assert_eq!(chains.paths.len(), 5);
        assert_eq!(chains.paths[0], low);
        let mut fifth = low.clone();
        fifth[7] += 1; // 0b100 in the last three rungs: [.., 14, 16, 18] → [.., 15, 16, 18]
        assert_eq!(chains.paths[4], fifth);
        let (acts, links) = ladder(70);
        let chains = chains_of(&acts, &links, MAX_CHAINS);
        assert_eq!((chains.paths.len(), chains.total), (MAX_CHAINS, u64::MAX));
        assert_eq!(chains.paths[0], (0..70).map(|r| 2 * r).collect::<Vec<_>>());
    }

    /// Flags, times or links that do not fit the activities are ignored, and
    /// a cycle among binding links lists nothing through it: no panic.
    #[test]
    fn inconsistent_inputs_do_not_panic() {
        let acts = [act(1), act(1), act(1)];
        let s = solve(&acts, &[]).unwrap();
        let links = [
            link(0, 1, FinishToStart, -1),
            link(1, 0, FinishToStart, -1),
            link(0, 7, FinishToStart, 0),
            link(2, 2, FinishToStart, -1),
            link(2, 0, FinishToStart, i64::MAX),
        ];
        let chains = critical_chains(&acts, &links, &s.times, &[true; 3], s.end, MAX_CHAINS);
        assert_eq!(chains.paths, [vec![2]]);
        // Times for one activity: only that one is looked at, and the links
        // to the others are ignored.
        let chains = critical_chains(&acts, &links, &s.times[..1], &[true; 3], s.end, MAX_CHAINS);
        assert_eq!(chains.paths, [vec![0]]);
        let chains = critical_chains(&acts, &[], &s.times, &[true; 3], s.end, 0);
        assert_eq!((chains.paths.len(), chains.total), (0, 3));
    }
}
