//! The loops of links a plan's dependency graph holds (E0206): each as one
//! diagnostic with a label on every link.

use std::collections::{BTreeSet, HashMap, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{Link, Why};
use crate::diagnostic::{Code, Diagnostic};

/// At most this many cycles are reported (a dense knot of links has more
/// than anyone reads).
pub(super) const MAX_CYCLES: usize = 20;

/// The strongly connected components of more than one item, each sorted
/// by id, in order of their first id.
pub(super) fn components(g: &DiGraph<&str, Link>) -> Vec<Vec<NodeIndex>> {
    let mut sccs: Vec<Vec<NodeIndex>> = petgraph::algo::tarjan_scc(g)
        .into_iter()
        .filter(|c| c.len() > 1)
        .collect();
    for scc in &mut sccs {
        scc.sort_by_key(|n| g[*n]);
    }
    sccs.sort_by_key(|scc| scc.first().map(|n| g[*n]));
    sccs
}

/// One concrete cycle through a strongly connected component, as a diagnostic
/// with a label on every link, and its closing link.
pub(super) fn cycle(
    graph: &DiGraph<&str, Link>,
    scc: &[NodeIndex],
) -> (Diagnostic, Option<petgraph::graph::EdgeIndex>) {
    let members: BTreeSet<NodeIndex> = scc.iter().copied().collect();
    let start = scc[0];
    // Breadth-first search for the shortest way back to `start`.
    let mut came_from: HashMap<NodeIndex, (NodeIndex, Link)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut closing = None;
    'search: while let Some(n) = queue.pop_front() {
        let mut edges: Vec<_> = graph.edges(n).filter(|e| members.contains(&e.target())).collect();
        edges.sort_by_key(|e| graph[e.target()]);
        for e in edges {
            let t = e.target();
            if t == start {
                closing = Some((n, *e.weight(), e.id()));
                break 'search;
            }
            if let std::collections::hash_map::Entry::Vacant(v) = came_from.entry(t) {
                v.insert((n, *e.weight()));
                queue.push_back(t);
            }
        }
    }
    // Walk back from the closing edge to `start`.
    let mut links = Vec::new();
    if let Some((last, link, _)) = closing {
        links.push((last, start, link));
        let mut n = last;
        while n != start {
            let Some(&(prev, link)) = came_from.get(&n) else { break };
            links.push((prev, n, link));
            n = prev;
        }
    }
    links.reverse();
    let path: Vec<&str> = links
        .iter()
        .map(|(from, _, _)| graph[*from])
        .chain(std::iter::once(graph[start]))
        .collect();
    let text = path.join(" -> ");
    let mut d = Diagnostic::new(Code::DependencyCycle, format!("circular dependency `{text}`"))
        .help("remove one of these links; work that waits on itself can never be scheduled");
    for (i, (from, to, link)) in links.iter().enumerate() {
        let label = match link.why {
            Why::DependsOn => format!("`{}` depends on `{}`", graph[*from], graph[*to]),
            Why::Contains => format!(
                "`{}` is part of milestone `{}`, so `{}` waits for it",
                graph[*to], graph[*from], graph[*from]
            ),
        };
        d = if i == 0 {
            d.at(link.file, link.span, label)
        } else {
            d.also(link.file, link.span, label)
        };
    }
    (d, closing.map(|(_, _, e)| e))
}
