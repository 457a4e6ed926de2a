//! The graph rules on a plan grown from one where they found nothing:
//! proving, from the added features' links alone, that they find nothing
//! again ([`clean_after`]).

use super::graph::{GraphInputs, node_of};
use crate::plan::{Item, Plan};

/// Whether the graph rules find nothing in `plan`, grown from `old`, a
/// valid plan in which they found nothing, and each feature's reach
/// there (see `graph::Graph::reach`). `at[i]` is the position in `old` of
/// the feature at position `i` of `plan` (at the same path), if any.
///
/// What it asks of the two plans: the same milestones (at the same paths,
/// with the same graph inputs); features that were there with the same
/// graph inputs; the others (added) with ids `old` does not declare; some
/// features may be gone. Then nothing waits for an added feature but its
/// milestone and other added features (in a valid plan every reference
/// resolved, and none named an added id), and every other link is one of
/// `old`'s, between the same items. So a cycle through an added feature
/// goes out through its links to a milestone (directly, or through a
/// feature that reaches one), or stays among added features; and a
/// feature waiting on work of a later milestone is an added one.
///
/// Returns each feature's reach in `plan` when the rules find nothing
/// there; `None` when it cannot tell (the rules must go over the whole
/// graph: they may well find nothing either).
pub(crate) fn clean_after(old: &Plan, reach: &[bool], plan: &Plan, at: &[Option<usize>]) -> Option<Vec<bool>> {
    if reach.len() != old.features.len() || at.len() != plan.features.len() || old.error_count() > 0 {
        return None;
    }
    let same_milestones = old.milestones.len() == plan.milestones.len()
        && old.milestones.iter().zip(&plan.milestones).all(|(a, b)| {
            same_path(old, a, plan, b)
                && (std::sync::Arc::ptr_eq(&a.data, &b.data)
                    || GraphInputs::of_milestone(a).same_values(&GraphInputs::of_milestone(b)))
        });
    if !same_milestones {
        return None;
    }
    let mut grown = Vec::with_capacity(plan.features.len());
    let mut added = Vec::new();
    for (i, (f, was)) in plan.features.iter().zip(at).enumerate() {
        match was.and_then(|j| Some((old.features.get(j)?, *reach.get(j)?))) {
            Some((g, r)) => {
                let same = std::sync::Arc::ptr_eq(&f.data, &g.data)
                    || GraphInputs::of_feature(f).same_values(&GraphInputs::of_feature(g));
                if !same {
                    return None;
                }
                grown.push(r);
            }
            None if old.ids.contains_key(&f.id) => return None,
            None => {
                added.push(i);
                grown.push(false);
            }
        }
    }
    added_links_clean(plan, &added, &grown).then_some(grown)
}

/// Whether two items are at the same path in their plans.
fn same_path<T>(a_plan: &Plan, a: &Item<T>, b_plan: &Plan, b: &Item<T>) -> bool {
    match (a_plan.files.get(a.file), b_plan.files.get(b.file)) {
        (Some(x), Some(y)) => std::sync::Arc::ptr_eq(&x.rel, &y.rel) || x.rel == y.rel,
        _ => false,
    }
}

/// Whether the links of the features `added` (positions in `plan`) lead
/// to no milestone, directly or through a feature that reaches one
/// (`reach`, by position), form no cycle among themselves, and go to no
/// feature of a later milestone.
fn added_links_clean(plan: &Plan, added: &[usize], reach: &[bool]) -> bool {
    let m = plan.milestones.len();
    let milestone_of = |f: &Item<crate::model::FeatureFile>| -> Option<usize> {
        let node = node_of(plan, &GraphInputs::of_feature(f).milestone?.value)? as usize;
        (node < m).then_some(node)
    };
    let upstream = Upstream::of(plan);
    // The links among added features, by position in `added`.
    let mut among: Vec<Vec<usize>> = vec![Vec::new(); added.len()];
    for (k, &i) in added.iter().enumerate() {
        let Some(f) = plan.features.get(i) else { return false };
        let mine = milestone_of(f);
        for dep in GraphInputs::of_feature(f).depends_on {
            let Some(t) = node_of(plan, &dep.value.id().value).map(|t| t as usize) else {
                continue;
            };
            let Some(p) = t.checked_sub(m) else { return false };
            if p == i {
                continue;
            }
            if reach.get(p).copied().unwrap_or(true) {
                return false;
            }
            if let Ok(other) = added.binary_search(&p) {
                among[k].push(other);
            }
            let theirs = plan.features.get(p).and_then(milestone_of);
            if let (Some(mine), Some(theirs)) = (mine, theirs)
                && theirs != mine
                && upstream.later(plan, theirs, mine)
            {
                return false;
            }
        }
    }
    acyclic(&among)
}

/// Which milestones wait for which, directly or not: what tells a later
/// milestone (see `graph::later_milestones`).
struct Upstream {
    m: usize,
    /// `upstream[a * m + b]`: milestone `a` waits for milestone `b`.
    upstream: Vec<bool>,
}

impl Upstream {
    fn of(plan: &Plan) -> Upstream {
        let m = plan.milestones.len();
        let mut upstream = vec![false; m * m];
        for (a, ms) in plan.milestones.iter().enumerate() {
            for dep in GraphInputs::of_milestone(ms).depends_on {
                if let Some(b) = node_of(plan, &dep.value.id().value).map(|b| b as usize)
                    && b < m
                    && b != a
                {
                    upstream[a * m + b] = true;
                }
            }
        }
        for k in 0..m {
            for a in 0..m {
                if upstream[a * m + k] {
                    for b in 0..m {
                        if upstream[k * m + b] {
                            upstream[a * m + b] = true;
                        }
                    }
                }
            }
        }
        Upstream { m, upstream }
    }

    /// Whether milestone `theirs` is later than `mine`: it waits for it,
    /// or, when neither waits for the other, its deadline is later.
    fn later(&self, plan: &Plan, theirs: usize, mine: usize) -> bool {
        let m = self.m;
        let deadline = |i: usize| {
            let ms = plan.milestones.get(i)?;
            GraphInputs::of_milestone(ms).deadline.map(|d| d.value)
        };
        if self.upstream[theirs * m + mine] {
            true
        } else if self.upstream[mine * m + theirs] {
            false
        } else {
            matches!((deadline(theirs), deadline(mine)), (Some(t), Some(d)) if t > d)
        }
    }
}

/// Whether the graph `edges` (each node's successors) has no cycle.
fn acyclic(edges: &[Vec<usize>]) -> bool {
    let mut indegree = vec![0usize; edges.len()];
    for e in edges.iter().flatten() {
        indegree[*e] += 1;
    }
    let mut ready: Vec<usize> = (0..edges.len()).filter(|&i| indegree[i] == 0).collect();
    let mut removed = 0;
    while let Some(i) = ready.pop() {
        removed += 1;
        for &j in &edges[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                ready.push(j);
            }
        }
    }
    removed == edges.len()
}
