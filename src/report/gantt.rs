//! The Gantt chart of a report, kept within a size budget.
//!
//! Renderers cap diagram sizes: GitHub renders Mermaid up to 50,000
//! characters, GitLab auto-renders small diagrams only (`--gantt-budget
//! 2000`). A chart over budget falls back to milestones plus the critical
//! path, then to milestones alone; the context says which was drawn, so the
//! template can tell the reader.

use crate::plan::ItemKind;
use crate::render::mermaid::{Chart, Sections};
use crate::render::schedule::in_order;
use crate::schedule::{Entry, Schedule};

use super::context::Gantt;

/// GitHub's limit on a Mermaid diagram: the default budget.
pub const DEFAULT_BUDGET: usize = 50_000;

/// The chart of `schedule`, divided into `sections`, within `budget`.
pub fn gantt(schedule: &Schedule, project: &str, budget: usize, sections: Sections<'_>) -> Gantt {
    // Sorted once: each scope below keeps some of them, in this order.
    let milestones = in_order(schedule, ItemKind::Milestone);
    let features = in_order(schedule, ItemKind::Feature);
    let within = |keep: &dyn Fn(&Entry) -> bool| {
        let kept: Vec<&Entry> = features.iter().copied().filter(|e| keep(e)).collect();
        let chart = Chart {
            project,
            milestones: &milestones,
            features: &kept,
            sections,
        };
        chart.within(budget)
    };
    let (full, full_size) = within(&|_| true);
    let drawn = |chart: String, size: usize, scope: &str| Gantt {
        chart,
        scope: scope.into(),
        size,
        budget,
        full_size,
    };
    if let Some(chart) = full {
        return drawn(chart, full_size, "full");
    }
    if let (Some(chart), size) = within(&|e| e.critical) {
        return drawn(chart, size, "critical");
    }
    if let (Some(chart), size) = within(&|_| false) {
        return drawn(chart, size, "milestones");
    }
    drawn(String::new(), 0, "none")
}
