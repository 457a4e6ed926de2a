//! The one-sentence summary of a [`PlanDiff`]: what changed, in the order
//! items, milestones, cost, problems, with any absent plan named first.

use super::{MilestoneImpact, PlanDiff, baseline};
use crate::render::diagnostics::human::count;
use crate::render::vocab;

/// How many milestone moves the sentence names; the others are counted.
const MOVES_SHOWN: usize = 3;

/// The one-sentence summary; `name` renders user text (titles, revision
/// labels), escaped for Markdown or as is. With a baseline, its clause
/// ends the sentence.
pub fn summary(d: &PlanDiff, name: &dyn Fn(&str) -> String) -> String {
    let s = change_summary(d, name);
    match &d.baseline {
        Some(b) => format!("{s}; {}", baseline::clause(b, name)),
        None => s,
    }
}

fn change_summary(d: &PlanDiff, name: &dyn Fn(&str) -> String) -> String {
    if !d.changed {
        return "No changes to the plan".into();
    }
    let mut parts = Vec::new();
    parts.extend(item_counts(d));
    milestone_parts(d, name, &mut parts);
    cost_and_problem_parts(d, name, &mut parts);
    let absent: Vec<String> = [&d.base, &d.head]
        .iter()
        .filter(|s| !s.exists)
        .map(|s| format!("no plan at {}{}", name(&s.label), s.why_no_plan()))
        .collect();
    if parts.is_empty() && absent.is_empty() {
        return "The schedule and the cost are unchanged".into();
    }
    join(&parts, &absent)
}

/// The item counts, as "3 features added, 1 removed" (items when any is
/// not a feature); `None` when no item changed.
fn item_counts(d: &PlanDiff) -> Option<String> {
    let all_features = d.items.iter().all(|i| i.kind == "feature");
    let noun = if all_features { "feature" } else { "item" };
    let mut items = Vec::new();
    for (n, what) in [
        (d.counts.added, "added"),
        (d.counts.removed, "removed"),
        (d.counts.cut, "cut"),
        (d.counts.restored, "restored"),
        (d.counts.changed, "changed"),
        (d.counts.renamed, "renamed"),
    ] {
        if n > 0 {
            if items.is_empty() {
                items.push(format!("{} {what}", count(n, noun)));
            } else {
                items.push(format!("{n} {what}"));
            }
        }
    }
    (!items.is_empty()).then(|| items.join(", "))
}

/// Pushes the milestones that move, latest slip first (the first
/// [`MOVES_SHOWN`], then a count of the others), then those that newly miss
/// their deadline without moving.
fn milestone_parts(d: &PlanDiff, name: &dyn Fn(&str) -> String, parts: &mut Vec<String>) {
    let mut moves: Vec<&MilestoneImpact> = d
        .milestones
        .iter()
        .filter(|m| m.delta_days.is_some_and(|x| x != 0))
        .collect();
    moves.sort_by_key(|m| (std::cmp::Reverse(m.delta_days.unwrap_or(0)), m.id.clone()));
    for m in moves.iter().take(MOVES_SHOWN) {
        let n = m.delta_days.unwrap_or(0);
        let title = name(if m.title.is_empty() { &m.id } else { &m.title });
        let mut s = if n > 0 {
            format!("{title} slips {}", vocab::working_days(n))
        } else {
            format!("{title} moves {} earlier", vocab::working_days(-n))
        };
        if m.late_after == Some(true)
            && let Some(deadline) = m.deadline
        {
            s.push_str(&format!(" (misses its deadline {deadline})"));
        }
        parts.push(s);
    }
    if moves.len() > MOVES_SHOWN {
        parts.push(format!("{} more milestones move", moves.len() - MOVES_SHOWN));
    }
    for m in d
        .milestones
        .iter()
        .filter(|m| m.newly_late && m.delta_days.is_none_or(|x| x == 0))
    {
        let title = name(if m.title.is_empty() { &m.id } else { &m.title });
        parts.push(format!("{title} now misses its deadline"));
    }
}

/// Pushes the cost's change (from half a unit), the problems new and
/// fixed, and the head's errors.
fn cost_and_problem_parts(d: &PlanDiff, name: &dyn Fn(&str) -> String, parts: &mut Vec<String>) {
    if let Some(delta) = d.cost.delta.filter(|d| d.abs() >= 0.5) {
        parts.push(format!(
            "cost {}",
            vocab::signed_money(delta, d.cost.currency.as_deref())
        ));
    }
    let (new, fixed) = (d.problems.new.len(), d.problems.fixed.len());
    if new > 0 {
        parts.push(format!("{new} new problem{}", if new == 1 { "" } else { "s" }));
    }
    if fixed > 0 {
        parts.push(format!("{} fixed", count(fixed, "problem")));
    }
    if d.head.errors > 0 {
        parts.push(format!("{} has {}", name(&d.head.label), count(d.head.errors, "error")));
    }
}

/// The sentence from its `parts`, led by the `absent` plans ("No plan at
/// main: 3 features added; ..."); not both empty.
fn join(parts: &[String], absent: &[String]) -> String {
    let mut s = parts.join("; ");
    if parts.is_empty() {
        // The plan appears or goes with nothing in it: "No plan at v0".
        s = absent.join(", ");
        s.replace_range(..1, "N");
    } else if !absent.is_empty() {
        // "No plan at main: 3 features added; ..."
        s = format!("{}: {s}", absent.join(", "));
        s.replace_range(..1, "N");
    } else if s.starts_with("cost ") {
        // Capitalised unless it starts with a title or label, which stay as written.
        s.replace_range(..1, "C");
    }
    s
}
