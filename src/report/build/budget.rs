//! The report's budget: planned cost against the project's budget, by
//! milestone.

use std::sync::Arc;

use super::index::ByKey;
use crate::cost::Totals;
use crate::model::ProjectFile;
use crate::report::context::{Budget, BudgetLine, Feature, Milestone, Risk};

/// The plan's cost against its budget: each live feature's cost (worked
/// out once, with the feature), in all and by milestone, with the cost of
/// the `risks` that occurred.
pub(super) fn budget(
    project: &ProjectFile,
    milestones: &[Milestone],
    features: &[Arc<Feature>],
    risks: &[Risk],
) -> Budget {
    let (lines, all, spent) = by_milestone(milestones, features);
    let b = project.budget.as_ref().map(|b| &b.value);
    let total = b.map(|b| b.total.value.0);
    let contingency = b.and_then(|b| b.contingency.as_ref()).map(|c| c.value.0);
    // A risk that occurred is a cost to meet, as the Monte Carlo counts it.
    // (Folded from 0: an empty `sum` of floats is -0, written "-0.0".)
    let occurred = risks
        .iter()
        .filter(|r| r.status == "occurred")
        .filter_map(|r| r.impact_cost)
        .fold(0.0, |total, cost| total + cost);
    let committed = all.amount + occurred;
    Budget {
        currency: project.project.value.currency.as_ref().map(|c| c.value.clone()),
        total,
        contingency,
        planned: all.amount,
        spent,
        occurred_risks: occurred,
        remaining: total.map(|t| t - committed),
        used: total.map(|t| if t > 0.0 { committed / t } else { 0.0 }),
        into_contingency: total.is_some_and(|t| committed > t - contingency.unwrap_or(0.0) + 1e-9),
        over: total.is_some_and(|t| committed > t + 1e-9),
        monte_carlo: None,
        by_milestone: lines,
        uncosted_features: all.uncosted_features,
        uncosted_days: all.uncosted_days,
    }
}

/// The cost of `features` by milestone (a line per milestone, in
/// `milestones`' order, then one for features of none, if any), in all,
/// and of the work done.
fn by_milestone(milestones: &[Milestone], features: &[Arc<Feature>]) -> (Vec<BudgetLine>, Totals, f64) {
    let mut all = Totals::default();
    let mut spent = 0.0;
    let mut lines: Vec<BudgetLine> = milestones
        .iter()
        .map(|m| BudgetLine {
            milestone: Some(m.id.clone()),
            title: m.title.clone(),
            cost: 0.0,
            uncosted_features: 0,
        })
        .collect();
    let mut loose = BudgetLine {
        milestone: None,
        title: "No milestone".into(),
        cost: 0.0,
        uncosted_features: 0,
    };
    let line_of: ByKey<'_, usize> = milestones
        .iter()
        .enumerate()
        .rev() // the first line of an id wins, as a search from the top finds it
        .map(|(i, m)| (m.id.as_str(), i))
        .collect();
    // Each live feature's cost was worked out once, with the feature
    // (`super::feature`).
    for f in features {
        match f.cost {
            Some(amount) => {
                all.amount += amount;
                if f.status == "done" {
                    spent += amount;
                }
            }
            None => {
                all.uncosted_features += 1;
                all.uncosted_days += f.estimate_days.unwrap_or(0.0);
            }
        }
        let line = match &f.milestone {
            Some(m) => line_of.get(&**m).and_then(|&i| lines.get_mut(i)),
            None => Some(&mut loose),
        };
        if let Some(line) = line {
            match f.cost {
                Some(a) => line.cost += a,
                None => line.uncosted_features += 1,
            }
        }
    }
    if features.iter().any(|f| f.milestone.is_none()) {
        lines.push(loose);
    }
    (lines, all, spent)
}
