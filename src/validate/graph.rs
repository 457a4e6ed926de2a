//! Rules over the dependency graph: cycles, and features that wait on work
//! planned for a later milestone.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::plan::Plan;
use crate::span::Span;

/// Why one item waits for another.
#[derive(Clone, Copy, Debug)]
enum Why {
    DependsOn,
    /// A milestone waits for the features that belong to it.
    Contains,
}

#[derive(Clone, Copy, Debug)]
struct Link {
    file: FileId,
    span: Span,
    why: Why,
}

pub(super) fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let mut graph: DiGraph<&str, Link> = DiGraph::with_capacity(plan.features.len() + plan.milestones.len(), 0);
    let mut nodes: HashMap<&str, NodeIndex> = HashMap::with_capacity(plan.features.len() + plan.milestones.len());
    for id in plan
        .milestones
        .iter()
        .map(|m| &m.id)
        .chain(plan.features.iter().map(|f| &f.id))
    {
        nodes.insert(id.as_str(), graph.add_node(id.as_str()));
    }
    let edge = |graph: &mut DiGraph<&str, Link>, from: &str, to: &str, link: Link| {
        if let (Some(&a), Some(&b)) = (nodes.get(from), nodes.get(to))
            && a != b
        {
            graph.add_edge(a, b, link);
        }
    };
    for m in &plan.milestones {
        for dep in &m.data.depends_on {
            let target = dep.value.id();
            let link = Link {
                file: m.file,
                span: target.span,
                why: Why::DependsOn,
            };
            edge(&mut graph, &m.id, &target.value, link);
        }
    }
    for f in &plan.features {
        for dep in &f.data.depends_on {
            let target = dep.value.id();
            let link = Link {
                file: f.file,
                span: target.span,
                why: Why::DependsOn,
            };
            edge(&mut graph, &f.id, &target.value, link);
        }
        if let Some(m) = &f.data.milestone {
            let link = Link {
                file: f.file,
                span: m.span,
                why: Why::Contains,
            };
            edge(&mut graph, &m.value, &f.id, link);
        }
    }

    let mut has_cycle = false;
    let mut sccs = petgraph::algo::tarjan_scc(&graph);
    for scc in &mut sccs {
        scc.sort_by_key(|n| graph[*n]);
    }
    sccs.sort_by_key(|scc| scc.first().map(|n| graph[*n]));
    for scc in sccs.iter().filter(|scc| scc.len() > 1) {
        has_cycle = true;
        out.push(cycle(&graph, scc));
    }
    if !has_cycle {
        later_milestones(plan, out);
    }
}

/// One concrete cycle through a strongly connected component, as a diagnostic
/// with a label on every link.
fn cycle(graph: &DiGraph<&str, Link>, scc: &[NodeIndex]) -> Diagnostic {
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
                closing = Some((n, *e.weight()));
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
    if let Some((last, link)) = closing {
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
    d
}

/// Warns when a feature waits on a feature of a later milestone.
///
/// Milestone `b` is later than `a` when `b` depends on `a` (directly or through
/// other milestones); when neither depends on the other, when `b`'s deadline
/// is later.
fn later_milestones(plan: &Plan, out: &mut Vec<Diagnostic>) {
    let milestone_of: HashMap<&str, &str> = plan
        .features
        .iter()
        .filter_map(|f| f.data.milestone.as_ref().map(|m| (f.id.as_str(), m.value.as_str())))
        .collect();
    let deadlines: HashMap<&str, _> = plan
        .milestones
        .iter()
        .filter_map(|m| m.data.deadline.as_ref().map(|d| (m.id.as_str(), d.value)))
        .collect();
    let milestone_ids: BTreeSet<&str> = plan.milestones.iter().map(|m| m.id.as_str()).collect();
    // Milestone -> milestones it depends on, directly.
    let direct: BTreeMap<&str, Vec<&str>> = plan
        .milestones
        .iter()
        .map(|m| {
            let deps = m
                .data
                .depends_on
                .iter()
                .map(|d| d.value.id().value.as_str())
                .filter(|id| milestone_ids.contains(id))
                .collect();
            (m.id.as_str(), deps)
        })
        .collect();
    // Milestone -> every milestone it depends on, directly or not.
    let upstream: HashMap<&str, BTreeSet<&str>> = direct
        .keys()
        .map(|&m| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&str> = direct.get(m).cloned().unwrap_or_default();
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    stack.extend(direct.get(n).into_iter().flatten().copied());
                }
            }
            (m, seen)
        })
        .collect();
    let depends = |a: &str, b: &str| upstream.get(a).is_some_and(|s| s.contains(b));

    for f in &plan.features {
        let Some(mine) = &f.data.milestone else { continue };
        for dep in &f.data.depends_on {
            let target = dep.value.id();
            let Some(&theirs) = milestone_of.get(target.value.as_str()) else {
                continue;
            };
            if theirs == mine.value {
                continue;
            }
            let later = if depends(theirs, &mine.value) {
                true
            } else if depends(&mine.value, theirs) {
                false
            } else {
                matches!((deadlines.get(theirs), deadlines.get(mine.value.as_str())), (Some(t), Some(m)) if t > m)
            };
            if later {
                out.push(
                    Diagnostic::new(
                        Code::DependsOnLaterMilestone,
                        format!(
                            "`{}` (milestone `{}`) depends on `{}`, which is planned for the later milestone `{theirs}`",
                            f.id, mine.value, target.value
                        ),
                    )
                    .at(f.file, target.span, format!("`{}` ships in `{theirs}`", target.value))
                    .also(f.file, mine.span, format!("`{}` ships in `{}`", f.id, mine.value))
                    .help(format!(
                        "move `{}` to `{}` or earlier, or move `{}` to `{theirs}`",
                        target.value, mine.value, f.id
                    )),
                );
            }
        }
    }
}
