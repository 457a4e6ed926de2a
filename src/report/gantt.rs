//! The Gantt chart of a report, kept within a size budget.
//!
//! Renderers cap diagram sizes: GitHub renders Mermaid up to 50,000
//! characters, GitLab auto-renders small diagrams only (`--gantt-budget
//! 2000`). A chart over budget falls back to milestones plus the critical
//! path, then to milestones alone; the context says which was drawn, so the
//! template can tell the reader.

use crate::plan::ItemKind;
use crate::render::schedule::{Sections, mermaid_in};
use crate::schedule::Schedule;

use super::context::Gantt;

/// GitHub's limit on a Mermaid diagram: the default budget.
pub const DEFAULT_BUDGET: usize = 50_000;

/// The chart of `schedule`, divided into `sections`, within `budget`.
pub fn gantt(schedule: &Schedule, project: &str, budget: usize, sections: Sections<'_>) -> Gantt {
    let mermaid_with =
        |s: &Schedule, p: &str, keep: &dyn Fn(&crate::schedule::Entry) -> bool| mermaid_in(s, p, keep, sections);
    let full = mermaid_with(schedule, project, &|_| true);
    let full_size = full.chars().count();
    let fits = |chart: String, scope: &str| {
        let size = chart.chars().count();
        (size <= budget).then(|| Gantt {
            chart,
            scope: scope.into(),
            size,
            budget,
            full_size,
        })
    };
    if let Some(g) = fits(full, "full") {
        return g;
    }
    let critical = mermaid_with(schedule, project, &|e| e.kind == ItemKind::Milestone || e.critical);
    if let Some(g) = fits(critical, "critical") {
        return g;
    }
    let milestones = mermaid_with(schedule, project, &|e| e.kind == ItemKind::Milestone);
    if let Some(g) = fits(milestones, "milestones") {
        return g;
    }
    Gantt {
        chart: String::new(),
        scope: "none".into(),
        size: 0,
        budget,
        full_size,
    }
}
