//! The critical path method again after a change: a network solved
//! before, and how the network differs from it, give the new solution with
//! only what can differ worked out again (the history walk's hot path).

use super::{
    Activity, Cycle, Graph, Late, Link, Reason, Solution, Times, backward_pass, backward_plain, forward, solve_graph,
};

/// How a network differs from one solved before, for [`solve_after`]:
/// where each activity and link of the network before went, and which
/// activities have other links in or out.
#[derive(Clone, Debug, Default)]
pub struct Changes {
    /// Where the activities and links went; `None` when every one is at
    /// the same place.
    pub moved: Option<Moved>,
    /// For each activity: whether it is the same as before (its duration,
    /// bounds, progress and deadline) with the same links in, in the same
    /// order, each from the same activity as before.
    pub same_in: Vec<bool>,
    /// For each activity: whether its links out are the same as before.
    pub same_out: Vec<bool>,
}

/// Where the activities and links of a network went in the next.
#[derive(Clone, Debug, Default)]
pub struct Moved {
    /// For each activity, its activity in the network before, if any.
    pub was: Vec<Option<usize>>,
    /// For each link of the network before, its link now, if any.
    pub link_now: Vec<Option<usize>>,
}

/// [`solve_graph`], knowing `old`, the solution of the network before
/// (see [`Changes`]): only what can differ is worked out again. Each
/// activity's times are a function of its own activity, its links and its
/// neighbours' times, so an activity whose inputs are all as before keeps
/// its times. Forward, in `graph`'s order, the activities that changed and
/// those after an activity whose early times changed are worked out
/// again; backward, unless the project's end moved (then every activity
/// is), those with other links, those before an activity that changed,
/// and those before an activity whose late times changed.
pub fn solve_after(
    activities: &[Activity],
    links: &[Link],
    graph: &Graph,
    old: &Solution,
    changes: &Changes,
) -> Result<Solution, Cycle> {
    let n = activities.len();
    let fits = changes.moved.as_ref().is_none_or(|m| m.was.len() == n)
        && (changes.moved.is_some() || old.times.len() == n)
        && changes.same_in.len() == n
        && changes.same_out.len() == n;
    if graph.order.len() != n || !fits {
        return solve_graph(activities, links, graph);
    }
    let (mut times, mut dirty) = times_before(old, changes);
    // Forward: an activity worked out again whose early times changed
    // makes its successors work theirs out again.
    let mut moved = vec![false; n];
    for &i in &graph.order {
        if !dirty[i] {
            continue;
        }
        let (start, finish, why) = forward(activities, links, graph, &times, i);
        let t = &mut times[i];
        let new = changes.moved.as_ref().is_some_and(|m| m.was[i].is_none());
        if (t.early_start, t.early_finish, t.driver) != (start, finish, why) || new {
            (t.early_start, t.early_finish, t.driver) = (start, finish, why);
            moved[i] = true;
            for &li in graph.outgoing.of(i) {
                dirty[links[li as usize].to] = true;
            }
        }
    }
    let end = times.iter().map(|t| t.early_finish).max().unwrap_or(0).max(0);
    if end != old.end {
        backward_pass(activities, links, graph, end, &mut times);
        return Ok(Solution { times, end });
    }
    // Backward: what reads a changed activity, or its early times.
    let mut dirty: Vec<bool> = (0..n).map(|i| !changes.same_out[i] || moved[i]).collect();
    for i in 0..n {
        if !changes.same_in[i] || moved[i] {
            dirty[i] = true;
            for &li in graph.incoming.of(i) {
                dirty[links[li as usize].from] = true;
            }
        }
    }
    for &i in graph.order.iter().rev() {
        if !dirty[i] {
            continue;
        }
        let late = backward_plain(activities, links, graph, end, &times, i);
        let before = Late::of(&times[i]);
        if late != before {
            late.write(&mut times[i]);
            if (late.late_start, late.late_finish) != (before.late_start, before.late_finish) {
                for &li in graph.incoming.of(i) {
                    dirty[links[li as usize].from] = true;
                }
            }
        }
    }
    Ok(Solution { times, end })
}

/// The times of the network before, each at its activity now (a link
/// driving one at its link now), and which activities must be worked out
/// again forward: those not the same as before ([`Changes::same_in`]).
fn times_before(old: &Solution, changes: &Changes) -> (Vec<Times>, Vec<bool>) {
    let Some(moved) = &changes.moved else {
        return (old.times.clone(), changes.same_in.iter().map(|same| !same).collect());
    };
    let unknown = Times {
        early_start: 0,
        early_finish: 0,
        late_start: 0,
        late_finish: 0,
        total_float: 0,
        free_float: 0,
        driver: Reason::ProjectStart,
    };
    let mut dirty = Vec::with_capacity(moved.was.len());
    let times = moved
        .was
        .iter()
        .zip(&changes.same_in)
        .map(|(was, &same)| {
            let mut t = match was.and_then(|w| old.times.get(w)) {
                Some(t) => *t,
                None => {
                    dirty.push(true);
                    return unknown;
                }
            };
            let mut known = same;
            if let Reason::Link(l) = t.driver {
                match moved.link_now.get(l).copied().flatten() {
                    Some(now) => t.driver = Reason::Link(now),
                    None => known = false,
                }
            }
            dirty.push(!known);
            t
        })
        .collect();
    (times, dirty)
}
