//! Which day an instant (a milestone, a feature of no duration) is shown
//! on: the day that ends at it or the day that starts at it, read from a
//! solution (docs/scheduling.md, time and dates). The schedule's entries,
//! its finish, PERT's expected date, `explain`, the MSPDI export and every
//! Monte Carlo run read it here.

use super::{Activity, Graph, Link, Progress, Times, forward_bound};
use crate::model::DependencyType;

/// Per activity of a solution (`times`, solved with `links` over
/// `graph`), into `into`: whether it is an instant shown on the day that
/// starts at it rather than on the day that ends at it. Dates are
/// inclusive days: work is shown on its last day, and so is an instant (a
/// milestone) once whole days have passed since what holds it, at the end
/// of the day a finish falls on or a lag runs out. It is shown on the day
/// that starts at it when no time has passed: held by its floor (the
/// project start, the status date, a `not-before` date), started, or held
/// by an SS or SF link from work, or by any link from an instant shown so,
/// with no lag (or a lead). When links hold it at once it takes the later
/// day, so that nothing waiting for an instant is shown before it.
pub fn starts_of_day(activities: &[Activity], times: &[Times], links: &[Link], graph: &Graph, into: &mut Vec<bool>) {
    into.clear();
    into.resize(times.len(), false);
    for &i in graph.order() {
        let (Some(a), Some(t)) = (activities.get(i), times.get(i)) else {
            continue;
        };
        if t.early_finish != t.early_start {
            continue;
        }
        let at_start = match a.progress {
            Progress::Done { .. } => false,
            Progress::InProgress { .. } => true,
            Progress::NotStarted => t.early_finish <= a.min_start || start_link(i, times, links, graph, into).is_some(),
        };
        if let Some(x) = into.get_mut(i) {
            *x = at_start;
        }
    }
}

/// The first link that holds instant `i` (an activity of no duration not
/// started) at the start of the day it falls on ([`starts_of_day`]), given
/// `at_start` for what it waits for: the link that names why it is shown
/// on that day.
pub fn start_link(i: usize, times: &[Times], links: &[Link], graph: &Graph, at_start: &[bool]) -> Option<usize> {
    let t = times.get(i)?;
    graph.incoming(i).iter().map(|&l| l as usize).find(|&l| {
        links
            .get(l)
            .is_some_and(|l| holds_at_start(l, t.early_finish, times, at_start))
    })
}

/// Whether link `l` holds its instant, reached at `at`, at the start of
/// that day: an SS or SF link from work, or any link from an instant shown
/// so, with no lag (or a lead), that gives it that time.
pub fn holds_at_start(l: &Link, at: i64, times: &[Times], at_start: &[bool]) -> bool {
    let Some(from) = times.get(l.from) else { return false };
    let none_passed = if from.early_finish == from.early_start {
        at_start.get(l.from).copied().unwrap_or(false)
    } else {
        matches!(l.kind, DependencyType::StartToStart | DependencyType::StartToFinish)
    };
    none_passed && l.lag <= 0 && forward_bound(l, from.early_start, from.early_finish, 0) == at
}

/// Whether the project's finish (`end`, exclusive) is shown on the day
/// that starts at it: what ends it is an instant shown so
/// ([`starts_of_day`], `at_start`).
pub fn ends_at_start_of_day(times: &[Times], at_start: &[bool], end: i64) -> bool {
    times.iter().zip(at_start).any(|(t, &s)| s && t.early_finish == end)
}
