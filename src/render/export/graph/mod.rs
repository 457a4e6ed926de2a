//! The dependency network as a graph: `milepost export --format dot`
//! (Graphviz, [`dot`]) and `--format mermaid-flowchart` ([`mermaid`]).
//!
//! [`Graph::of`] reads the plan's links and the schedule once; both
//! languages draw the same graph:
//!
//! - a node per milestone and per feature that is not cut (the schedule's
//!   entries), each milestone in a cluster with its features; features of
//!   no milestone outside any;
//! - an edge per link of `depends-on` (into a feature or a milestone), its
//!   type and lag as its label (`SS +2d`; a plain finish-to-start link has
//!   none), links to cut features left out, as the schedule leaves them;
//! - a **member** edge from a feature to its milestone when nothing else
//!   in that milestone waits for it (the milestone waits for all its
//!   features; the others reach it through those), or when the critical
//!   chain goes that way;
//! - the **critical chain** ([`Schedule::critical_paths`]): its items and
//!   the edges between consecutive items highlighted; a step of a chain
//!   that is no link of the plan is a person's work order in a leveled
//!   schedule (one feature waits for its owner to finish another), drawn
//!   as a **wait** edge, labelled with who.
//!
//! Everything is in the schedule's order (milestones, then features, in
//! plan order), so the same plan and status date give the same bytes.

pub mod dot;
pub mod mermaid;

use std::collections::{BTreeSet, HashMap};

use crate::model::{Dependency, DependencyType, Status};
use crate::plan::{ItemKind, Plan};
use crate::render::vocab;
use crate::schedule::{Driver, Entry, Schedule};

/// The longest title a node shows; longer ones end with `…` (DOT keeps
/// the whole title as the node's tooltip).
pub const MAX_TITLE: usize = 48;

/// What an edge stands for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EdgeKind {
    /// A link of `depends-on`: its type and lag in whole working days.
    Link { kind: DependencyType, lag: i64 },
    /// A feature its milestone waits for.
    Member,
    /// In a leveled schedule, a step of the critical chain where one
    /// feature waits for its owner, `person` (a name), to finish another.
    Wait { person: String },
}

/// An edge, between entries of the schedule (by index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub critical: bool,
}

impl Edge {
    /// The label: `SS`, `+2d`, `FF -1d` for a link (none for FS without a
    /// lag), `waits for Ana` for a wait; none for a member edge.
    pub fn label(&self) -> Option<String> {
        match &self.kind {
            EdgeKind::Link { kind, lag } => {
                let lag = (*lag != 0).then(|| vocab::signed_days(*lag));
                match (kind, lag) {
                    (DependencyType::FinishToStart, None) => None,
                    (DependencyType::FinishToStart, Some(lag)) => Some(lag),
                    (kind, None) => Some(kind.as_str().to_string()),
                    (kind, Some(lag)) => Some(format!("{} {lag}", kind.as_str())),
                }
            }
            EdgeKind::Member => None,
            EdgeKind::Wait { person } => Some(format!("waits for {person}")),
        }
    }
}

/// A milestone and the features in its cluster (entry indices).
#[derive(Clone, Debug)]
pub struct Cluster {
    pub milestone: usize,
    pub features: Vec<usize>,
}

/// The network, ready to be written in either language.
pub struct Graph<'a> {
    pub project: &'a str,
    pub schedule: &'a Schedule,
    pub clusters: Vec<Cluster>,
    /// Features of no milestone.
    pub loose: Vec<usize>,
    pub edges: Vec<Edge>,
}

impl<'a> Graph<'a> {
    /// The graph of `plan`, scheduled as `schedule`.
    pub fn of(plan: &'a Plan, schedule: &'a Schedule) -> Graph<'a> {
        let project = plan.project.as_ref().map_or("", |p| p.data.project.name.value.as_str());
        let entries = &schedule.entries;
        let index: HashMap<&str, usize> = entries.iter().enumerate().map(|(i, e)| (&*e.id, i)).collect();
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut cluster_of: HashMap<&str, usize> = HashMap::new();
        for (i, e) in entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == ItemKind::Milestone)
        {
            cluster_of.insert(&e.id, clusters.len());
            clusters.push(Cluster {
                milestone: i,
                features: Vec::new(),
            });
        }
        let mut loose = Vec::new();
        for (i, e) in entries.iter().enumerate().filter(|(_, e)| e.kind == ItemKind::Feature) {
            match e.milestone.as_deref().and_then(|m| cluster_of.get(m)) {
                Some(&c) => clusters[c].features.push(i),
                None => loose.push(i),
            }
        }
        let critical = critical_steps(schedule);
        let mut edges = links(plan, schedule, &index);
        members(&clusters, &critical, &mut edges);
        waits(plan, schedule, &critical, &mut edges);
        for e in &mut edges {
            e.critical = critical.contains(&(e.from, e.to));
        }
        Graph {
            project,
            schedule,
            clusters,
            loose,
            edges,
        }
    }

    pub fn entry(&self, i: usize) -> &'a Entry {
        &self.schedule.entries[i]
    }
}

/// Every step `(from, to)` of the schedule's critical chains.
fn critical_steps(s: &Schedule) -> BTreeSet<(usize, usize)> {
    s.critical_paths
        .iter()
        .flat_map(|path| path.windows(2).map(|w| (w[0], w[1])))
        .collect()
}

/// The links of `depends-on`, into each entry in turn, as the plan lists them.
fn links(plan: &Plan, schedule: &Schedule, index: &HashMap<&str, usize>) -> Vec<Edge> {
    let per_week = schedule.calendar.days_per_week();
    let mut edges = Vec::new();
    for (to, e) in schedule.entries.iter().enumerate() {
        let deps: &[crate::span::Sp<Dependency>] = match e.kind {
            ItemKind::Milestone => plan.milestone(&e.id).map_or(&[], |m| &m.data.depends_on),
            ItemKind::Feature => plan.feature(&e.id).map_or(&[], |f| &f.data.depends_on),
            ItemKind::Risk => &[],
        };
        for d in deps {
            // A link to a cut feature (no entry) is not scheduled.
            let Some(&from) = index.get(d.value.id().value.as_str()) else {
                continue;
            };
            let lag = d
                .value
                .lag()
                .map_or(0, |l| crate::schedule::lag_days(l.value.working_days(per_week)));
            edges.push(Edge {
                from,
                to,
                kind: EdgeKind::Link {
                    kind: d.value.kind(),
                    lag,
                },
                critical: false,
            });
        }
    }
    edges
}

/// Member edges: from each feature that nothing else in its milestone
/// waits for, or that the critical chain leaves for its milestone, unless
/// a link already joins them.
fn members(clusters: &[Cluster], critical: &BTreeSet<(usize, usize)>, edges: &mut Vec<Edge>) {
    let joined: BTreeSet<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    let mut cluster_of = HashMap::new();
    for (c, cluster) in clusters.iter().enumerate() {
        for &f in &cluster.features {
            cluster_of.insert(f, c);
        }
    }
    // Features that another feature of the same milestone waits for.
    let mut waited_for = BTreeSet::new();
    for e in edges.iter() {
        if let (Some(a), Some(b)) = (cluster_of.get(&e.from), cluster_of.get(&e.to))
            && a == b
        {
            waited_for.insert(e.from);
        }
    }
    for cluster in clusters {
        for &f in &cluster.features {
            let step = (f, cluster.milestone);
            if (!waited_for.contains(&f) || critical.contains(&step)) && !joined.contains(&step) {
                edges.push(Edge {
                    from: f,
                    to: cluster.milestone,
                    kind: EdgeKind::Member,
                    critical: false,
                });
            }
        }
    }
}

/// Wait edges: each step of the critical chains that no edge draws yet.
fn waits(plan: &Plan, schedule: &Schedule, critical: &BTreeSet<(usize, usize)>, edges: &mut Vec<Edge>) {
    let drawn: BTreeSet<(usize, usize)> = edges.iter().map(|e| (e.from, e.to)).collect();
    for &(from, to) in critical {
        if drawn.contains(&(from, to)) {
            continue;
        }
        let (a, b) = (&schedule.entries[from], &schedule.entries[to]);
        let person = match &b.driver {
            Driver::Person { person, .. } => Some(&**person),
            _ => b.owner.as_deref().filter(|o| a.owner.as_deref() == Some(*o)),
        };
        let person = person.map_or_else(|| "its owner".to_string(), |id| person_name(plan, id));
        edges.push(Edge {
            from,
            to,
            kind: EdgeKind::Wait { person },
            critical: false,
        });
    }
}

/// The name of person `id`, or the id when no person has it.
fn person_name(plan: &Plan, id: &str) -> String {
    plan.project
        .as_ref()
        .and_then(|p| p.data.person(id))
        .map_or_else(|| id.to_string(), |p| p.name.value.clone())
}

/// A node's text, in lines, before any language's escaping: its title
/// (at most [`MAX_TITLE`] characters), then `id · dates · duration`,
/// then what it is (`critical`, `done`, a deadline).
pub fn node_lines(e: &Entry) -> Vec<String> {
    let title = crate::text::shown(&e.title, false);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut lines = vec![ellipsis(&title)];
    let mut marks = Vec::new();
    match e.kind {
        ItemKind::Milestone => {
            lines.push(format!("{} · {}", e.id, e.finish));
            if let (Some(deadline), Some(margin)) = (e.deadline, e.deadline_margin) {
                marks.push(format!("deadline {deadline} ({})", vocab::margin(margin)));
            }
        }
        _ => {
            lines.push(format!(
                "{} · {} · {}",
                e.id,
                vocab::date_range(e.start, e.finish),
                vocab::days(e.duration)
            ));
            match e.status {
                Some(Status::Done) => marks.push("done".into()),
                Some(s @ (Status::InProgress | Status::Blocked)) => marks.push(s.as_str().replace('-', " ")),
                _ => {}
            }
        }
    }
    if e.critical {
        marks.push("critical".into());
    }
    if !marks.is_empty() {
        lines.push(marks.join(" · "));
    }
    lines
}

/// `text` cut to [`MAX_TITLE`] characters, the last one `…` when cut.
fn ellipsis(text: &str) -> String {
    if text.chars().count() <= MAX_TITLE {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX_TITLE - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// Whether an entry is done (drawn greyed, and says so).
pub fn is_done(e: &Entry) -> bool {
    e.status == Some(Status::Done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut_on_a_character() {
        let t = "é".repeat(60);
        let cut = ellipsis(&t);
        assert_eq!(cut.chars().count(), MAX_TITLE);
        assert!(cut.ends_with('…'));
        assert_eq!(ellipsis("short"), "short");
    }

    #[test]
    fn labels_say_type_and_lag() {
        let edge = |kind, lag| Edge {
            from: 0,
            to: 1,
            kind: EdgeKind::Link { kind, lag },
            critical: false,
        };
        assert_eq!(edge(DependencyType::FinishToStart, 0).label(), None);
        assert_eq!(edge(DependencyType::FinishToStart, 2).label().as_deref(), Some("+2d"));
        assert_eq!(edge(DependencyType::StartToStart, 0).label().as_deref(), Some("SS"));
        assert_eq!(
            edge(DependencyType::FinishToFinish, -1).label().as_deref(),
            Some("FF -1d")
        );
    }
}
