//! Rules over the dependency graph: cycles, features that wait on work
//! planned for a later milestone, and links to cut features.

use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::model::{Date, Dependency, FeatureFile, MilestoneFile};
use crate::plan::{Item, ItemKind, Plan};
use crate::span::{Sp, Span};
use cycles::{MAX_CYCLES, components, cycle};

mod cycles;

/// What the graph rules read of one item: the file it is in, its links,
/// its milestone (a feature's) and its deadline (a milestone's), each with
/// where it is written. The rules read items only through this type (and
/// the plan's shape: its items' ids, in order, see [`super::Shape`]); a
/// new rule that reads more of an item adds it here, and the graph's
/// problems are then reused only when that is the same too
/// ([`same_inputs`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct GraphInputs<'p> {
    file: FileId,
    pub(super) depends_on: &'p [Sp<Dependency>],
    pub(super) milestone: Option<&'p Sp<String>>,
    pub(super) deadline: Option<&'p Sp<Date>>,
    /// A feature that is cut: its links are dropped from the schedule.
    pub(super) cut: bool,
}

impl<'p> GraphInputs<'p> {
    pub(super) fn of_milestone(item: &'p Item<MilestoneFile>) -> GraphInputs<'p> {
        GraphInputs {
            file: item.file,
            depends_on: &item.data.depends_on,
            milestone: None,
            deadline: item.data.deadline.as_ref(),
            cut: false,
        }
    }

    pub(super) fn of_feature(item: &'p Item<FeatureFile>) -> GraphInputs<'p> {
        GraphInputs {
            file: item.file,
            depends_on: &item.data.depends_on,
            milestone: item.data.milestone.as_ref(),
            deadline: None,
            cut: item.data.status() == crate::model::Status::Cut,
        }
    }

    /// Whether the two are the same but for where things are written:
    /// enough when the rules found nothing to point at.
    pub(super) fn same_values(&self, other: &GraphInputs<'_>) -> bool {
        let GraphInputs {
            file: _,
            depends_on,
            milestone,
            deadline,
            // Read only by `cut_links`, which is worked out afresh.
            cut: _,
        } = *self;
        depends_on
            .iter()
            .map(super::link)
            .eq(other.depends_on.iter().map(super::link))
            && milestone.map(|m| &m.value) == other.milestone.map(|m| &m.value)
            && deadline.map(|d| d.value) == other.deadline.map(|d| d.value)
    }
}

/// Every item's graph inputs: milestones first, then features, in plan order.
fn inputs(plan: &Plan) -> impl Iterator<Item = GraphInputs<'_>> {
    let milestones = plan.milestones.iter().map(GraphInputs::of_milestone);
    milestones.chain(plan.features.iter().map(GraphInputs::of_feature))
}

/// Whether the graph rules find the same in `b` as in `a`, two plans of the
/// same shape: every item's [`GraphInputs`] are the same (but for where
/// things are written, when the rules found nothing in `a`: `clean`). An
/// item whose decoded file is the same value in both is skipped.
pub(super) fn same_inputs(a: &Plan, b: &Plan, clean: bool) -> bool {
    fn same<'p, T>(x: &'p Item<T>, y: &'p Item<T>, of: fn(&'p Item<T>) -> GraphInputs<'p>, clean: bool) -> bool {
        if std::sync::Arc::ptr_eq(&x.data, &y.data) && x.file == y.file {
            return true;
        }
        let (x, y) = (of(x), of(y));
        if clean { x.same_values(&y) } else { x == y }
    }
    a.milestones.len() == b.milestones.len()
        && a.features.len() == b.features.len()
        && a.milestones
            .iter()
            .zip(&b.milestones)
            .all(|(x, y)| same(x, y, GraphInputs::of_milestone, clean))
        && a.features
            .iter()
            .zip(&b.features)
            .all(|(x, y)| same(x, y, GraphInputs::of_feature, clean))
}

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

/// The dependency graph by position: milestones first, then features, as in
/// the plan. Edges go from an item to what it waits for.
struct Graph<'p> {
    names: Vec<&'p str>,
    edges: Vec<(u32, u32, Link)>,
    milestones: usize,
}

impl<'p> Graph<'p> {
    fn build(plan: &'p Plan) -> Graph<'p> {
        let milestones = plan.milestones.len();
        let names = plan
            .milestones
            .iter()
            .map(|m| &*m.id)
            .chain(plan.features.iter().map(|f| &*f.id))
            .collect();
        let mut edges = Vec::with_capacity(plan.features.len() * 4);
        let node = |id: &str| node_of(plan, id);
        for (me, item) in inputs(plan).enumerate() {
            let GraphInputs {
                file,
                depends_on,
                milestone,
                deadline: _,
                // A cycle through a cut feature is still one in the files.
                cut: _,
            } = item;
            let me = me as u32;
            for dep in depends_on {
                let target = dep.value.id();
                if let Some(t) = node(&target.value)
                    && t != me
                {
                    edges.push((
                        me,
                        t,
                        Link {
                            file,
                            span: target.span,
                            why: Why::DependsOn,
                        },
                    ));
                }
            }
            if let Some(m) = milestone
                && let Some(t) = node(&m.value)
                && (t as usize) < milestones
            {
                edges.push((
                    t,
                    me,
                    Link {
                        file,
                        span: m.span,
                        why: Why::Contains,
                    },
                ));
            }
        }
        Graph {
            names,
            edges,
            milestones,
        }
    }

    /// Whether removing nodes without dependencies, repeatedly, empties the
    /// graph (Kahn's algorithm): linear, and the common case.
    fn is_acyclic(&self) -> bool {
        let n = self.names.len();
        let mut pending = vec![0u32; n];
        // Each node's dependents, flat: `dependents[first[i]..first[i + 1]]`
        // (one allocation, not one per node: this runs for every commit of
        // a history walk).
        let mut first = vec![0u32; n + 1];
        for &(from, to, _) in &self.edges {
            pending[from as usize] += 1;
            first[to as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut dependents = vec![0u32; self.edges.len()];
        for &(from, to, _) in &self.edges {
            dependents[fill[to as usize] as usize] = from;
            fill[to as usize] += 1;
        }
        let mut ready: Vec<u32> = (0..n as u32).filter(|&i| pending[i as usize] == 0).collect();
        let mut removed = 0;
        while let Some(i) = ready.pop() {
            removed += 1;
            let i = i as usize;
            for &d in &dependents[first[i] as usize..first[i + 1] as usize] {
                pending[d as usize] -= 1;
                if pending[d as usize] == 0 {
                    ready.push(d);
                }
            }
        }
        removed == n
    }
}

/// The graph node of a feature or milestone id: milestones first, then
/// features, by position in the plan.
pub(super) fn node_of(plan: &Plan, id: &str) -> Option<u32> {
    let d = plan.ids.get(id)?;
    let index = d.index?;
    match d.kind {
        ItemKind::Milestone => Some(index),
        ItemKind::Feature => Some(plan.milestones.len() as u32 + index),
        ItemKind::Risk => None,
    }
}

/// Checks the graph rules, and returns each feature's [`Graph::reach`].
pub(super) fn check(plan: &Plan, out: &mut Vec<Diagnostic>) -> Vec<bool> {
    let graph = Graph::build(plan);
    let reach = graph.reach();
    if graph.is_acyclic() {
        later_milestones(plan, &graph, out);
        return reach;
    }
    // Rare: find the strongly connected components to print each cycle.
    let mut g: DiGraph<&str, Link> = DiGraph::with_capacity(graph.names.len(), graph.edges.len());
    for name in &graph.names {
        g.add_node(name);
    }
    for &(from, to, link) in &graph.edges {
        g.add_edge(NodeIndex::new(from as usize), NodeIndex::new(to as usize), link);
    }
    // A cycle through each strongly connected component; then, each
    // cycle's closing link taken out, the cycles that are left (items that
    // wait on each other in more than one loop), up to [`MAX_CYCLES`].
    let mut found = 0;
    loop {
        let sccs = components(&g);
        if sccs.is_empty() {
            break;
        }
        if found >= MAX_CYCLES {
            if let Some(last) = out.last_mut() {
                let more = "; more loops among these items remain: `milepost check` shows them once these are broken";
                last.help = last.help.take().map(|h| h + more);
            }
            break;
        }
        for scc in sccs.iter().take(MAX_CYCLES - found) {
            let (d, closing) = cycle(&g, scc);
            out.push(d);
            found += 1;
            if let Some(e) = closing {
                g.remove_edge(e);
            }
        }
    }
    reach
}

/// Warns when a feature waits on a feature of a later milestone.
///
/// Milestone `b` is later than `a` when `b` depends on `a` (directly or through
/// other milestones); when neither depends on the other, when `b`'s deadline
/// is later.
fn later_milestones(plan: &Plan, graph: &Graph<'_>, out: &mut Vec<Diagnostic>) {
    let m = graph.milestones;
    if m < 2 {
        return;
    }
    let milestone_of = graph.milestone_of();
    let upstream = graph.upstream();
    let deadline = |i: usize| {
        let m = plan.milestones.get(i)?;
        GraphInputs::of_milestone(m).deadline.map(|d| d.value)
    };
    let later = |theirs: usize, mine: usize| {
        if upstream[theirs * m + mine] {
            true
        } else if upstream[mine * m + theirs] {
            false
        } else {
            matches!((deadline(theirs), deadline(mine)), (Some(t), Some(d)) if t > d)
        }
    };

    // A feature's dependencies, in the order of its file, are its
    // `DependsOn` links, in the order they were added.
    for &(me, target, link) in &graph.edges {
        if !matches!(link.why, Why::DependsOn) {
            continue;
        }
        let Some(f) = (me as usize).checked_sub(m).and_then(|i| plan.features.get(i)) else {
            continue;
        };
        let (Some(mine), Some(mine_ref)) = (milestone_of[me as usize], GraphInputs::of_feature(f).milestone) else {
            continue;
        };
        let Some(theirs) = milestone_of[target as usize] else {
            continue;
        };
        if theirs == mine || !later(theirs as usize, mine as usize) {
            continue;
        }
        let theirs_id = graph.names[theirs as usize];
        let target_id = graph.names[target as usize];
        out.push(
            Diagnostic::new(
                Code::DependsOnLaterMilestone,
                format!(
                    "`{}` (milestone `{}`) depends on `{target_id}`, which is planned for the later milestone `{theirs_id}`",
                    f.id, mine_ref.value
                ),
            )
            .at(f.file, link.span, format!("`{target_id}` ships in `{theirs_id}`"))
            .also(f.file, mine_ref.span, format!("`{}` ships in `{}`", f.id, mine_ref.value))
            .help(format!(
                "move `{target_id}` to `{}` or earlier, or move `{}` to `{theirs_id}`",
                mine_ref.value, f.id
            )),
        );
    }
}

/// Live items (milestones, features not cut) that depend on a cut
/// feature: the schedule drops the link, so they no longer wait for what
/// the cut feature waited for, and nothing says so. Not one of the graph
/// rules whose problems are kept from plan to plan ([`check`]): worked out
/// afresh for each plan, it leaves a plan grown from one that has such a
/// link to be proven free of the others from its new links alone; and it
/// costs next to nothing in a plan with no cut feature.
pub(super) fn cut_links(plan: &Plan, out: &mut Vec<Diagnostic>) {
    if !plan.features.iter().any(|f| GraphInputs::of_feature(f).cut) {
        return;
    }
    let milestones = plan.milestones.iter().map(|m| (&m.id, GraphInputs::of_milestone(m)));
    let features = plan.features.iter().map(|f| (&f.id, GraphInputs::of_feature(f)));
    for (id, me) in milestones.chain(features).filter(|(_, g)| !g.cut) {
        for dep in me.depends_on {
            let target = &dep.value.id().value;
            let Some(cut) = plan.feature(target).map(GraphInputs::of_feature).filter(|t| t.cut) else {
                continue;
            };
            let needed = waited_for(plan, &cut, id);
            let (waited, help) = if needed.is_empty() {
                (String::new(), format!("remove `{target}` from `depends-on`"))
            } else {
                (
                    format!(
                        ", so `{id}` no longer waits for what `{target}` waited for ({})",
                        needed.join(", ")
                    ),
                    format!(
                        "remove `{target}` from `depends-on`, or depend instead on what `{id}` still needs ({})",
                        needed.join(", ")
                    ),
                )
            };
            out.push(
                Diagnostic::new(
                    Code::DependsOnCut,
                    format!("`{id}` depends on `{target}`, which is cut: the schedule drops the link{waited}"),
                )
                .at(me.file, dep.span, format!("`{target}` is cut"))
                .help(help),
            );
        }
    }
}

/// What a live item `me` no longer waits for when it depends on the cut
/// feature `cut`: the items `cut` waited for that exist and are live,
/// through other cut features to what those waited for, `me` left out;
/// each once, in the order written, in backticks.
fn waited_for(plan: &Plan, cut: &GraphInputs<'_>, me: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let ids = |g: &GraphInputs<'_>| -> Vec<String> {
        g.depends_on.iter().rev().map(|d| d.value.id().value.clone()).collect()
    };
    let mut stack = ids(cut);
    while let Some(x) = stack.pop() {
        if !seen.insert(x.clone()) {
            continue;
        }
        let live = match plan.feature(&x).map(GraphInputs::of_feature) {
            Some(g) if g.cut => {
                stack.extend(ids(&g));
                false
            }
            Some(_) => true,
            // Not an item of the plan (another error says so) unless a
            // milestone.
            None => plan.milestones.iter().any(|m| *m.id == *x),
        };
        if live && x != me {
            out.push(format!("`{x}`"));
        }
    }
    out
}

/// What [`cut_links`] finds in `plan`, known from `old`, a plan of the same
/// shape validated before it: its W0407 problems, when no item whose file
/// changed (by value) is cut, or depends on a cut feature, in either plan.
/// Then every problem is about items whose files are the same values at
/// the same places, and so are the messages and positions. `None` when it
/// cannot be known so.
pub(super) fn cut_links_after(old: &Plan, plan: &Plan) -> Option<Vec<Diagnostic>> {
    let cut_in = |p: &Plan, id: &str| p.feature(id).is_some_and(|f| GraphInputs::of_feature(f).cut);
    let untouched =
        |p: &Plan, me: GraphInputs<'_>| !me.cut && me.depends_on.iter().all(|d| !cut_in(p, &d.value.id().value));
    for (a, b) in super::changed(&old.features, &plan.features) {
        if !untouched(old, GraphInputs::of_feature(a)) || !untouched(plan, GraphInputs::of_feature(b)) {
            return None;
        }
    }
    for (a, b) in super::changed(&old.milestones, &plan.milestones) {
        if !untouched(old, GraphInputs::of_milestone(a)) || !untouched(plan, GraphInputs::of_milestone(b)) {
            return None;
        }
    }
    Some(super::found_before(old, Code::DependsOnCut))
}

impl Graph<'_> {
    /// For each feature (by position), whether it waits for a milestone
    /// through `depends-on` links alone: its own, or those of a feature it
    /// waits for so. Only such a feature can be on a cycle with a
    /// milestone, as nothing else leads to one.
    fn reach(&self) -> Vec<bool> {
        let m = self.milestones;
        let n = self.names.len();
        let mut reach = vec![false; n];
        // Each node's dependents through `depends-on`, flat (as in
        // `is_acyclic`); then outward from the features that name a
        // milestone.
        let depends_on =
            |&&(from, _, link): &&(u32, u32, Link)| matches!(link.why, Why::DependsOn) && from as usize >= m;
        let mut first = vec![0u32; n + 1];
        for &(_, to, _) in self.edges.iter().filter(depends_on) {
            first[to as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let mut fill = first.clone();
        let mut dependents = vec![0u32; first[n] as usize];
        let mut ready = Vec::new();
        for &(from, to, _) in self.edges.iter().filter(depends_on) {
            dependents[fill[to as usize] as usize] = from;
            fill[to as usize] += 1;
            if (to as usize) < m && !std::mem::replace(&mut reach[from as usize], true) {
                ready.push(from);
            }
        }
        while let Some(i) = ready.pop() {
            let i = i as usize;
            for &d in &dependents[first[i] as usize..first[i + 1] as usize] {
                if !std::mem::replace(&mut reach[d as usize], true) {
                    ready.push(d);
                }
            }
        }
        reach.split_off(m)
    }

    /// Each feature's milestone (by node), from the links that say a
    /// milestone contains a feature: no id looked up again. `None` for a
    /// milestone's node and for a feature in no milestone of the plan.
    fn milestone_of(&self) -> Vec<Option<u32>> {
        let mut milestone_of: Vec<Option<u32>> = vec![None; self.names.len()];
        for &(from, to, link) in &self.edges {
            if matches!(link.why, Why::Contains) {
                milestone_of[to as usize] = Some(from);
            }
        }
        milestone_of
    }

    /// Which milestones depend on which, directly or not: with `m`
    /// milestones, `upstream[a * m + b]` when milestone `a` depends on
    /// milestone `b`.
    fn upstream(&self) -> Vec<bool> {
        let m = self.milestones;
        let mut upstream = vec![false; m * m];
        for &(from, to, link) in &self.edges {
            if matches!(link.why, Why::DependsOn) && (from as usize) < m && (to as usize) < m {
                upstream[from as usize * m + to as usize] = true;
            }
        }
        // Transitive closure (Floyd-Warshall on booleans): milestones are few.
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
        upstream
    }
}
