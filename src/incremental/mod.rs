//! Reuse from one plan to the next: everything a history walk keeps from
//! one commit to the next, and `diff` from one side to the other.
//!
//! The stages below (loading, validation, scheduling) are functions of
//! their inputs and know nothing of reuse. This module decides what can be
//! reused, and only by comparing what a stage reads: a schedule by the
//! plans' typed schedule inputs ([`crate::schedule::Inputs`]), a feature's
//! problems by its file and the names it reads, the graph's problems by
//! what the graph rules read.
//!
//! - [`validation`]: validating a plan after another ([`validate_after`]).
//! - [`schedule`]: the last calendar kept ([`Calendars`]), a plan that
//!   schedules as the one before ([`same_inputs`]), a network patched from
//!   the one before ([`patch`]: some features' own activities changed) or
//!   reshaped from it ([`reshape`]: features added, removed, cut, restored
//!   or linked anew, the rest copied and renumbered), and the forecast made
//!   on it ([`forecast_after`]); and a plan whose Monte Carlo forecast is
//!   the one before's ([`same_forecast_inputs`]: the schedule's inputs and
//!   the risks).
//!
//! Two kinds of reuse stay with the loader, by design: the cache of decoded
//! files ([`crate::load::Cache`], each Git blob decoded once, shared by
//! `diff`'s two sides and every commit of a history walk) is the loader's
//! own input (`load::load(&Source, &mut Cache)`: held here, it would make
//! the loader and this module import each other), and a plan assembled
//! after one with the same files copies its id table. Both are keyed by
//! content (a blob's id, the files' paths), not by what a later stage
//! reads, so no stage's knowledge leaks into them.

pub mod schedule;
#[cfg(test)]
pub(crate) mod testgen;
pub mod validation;

pub use schedule::{Calendars, Solved, forecast_after, patch, reshape, same_day, same_forecast_inputs, same_inputs};
pub use validation::{Memo, validate_after};

use crate::cost::{Cost, Totals};
use crate::plan::Plan;

/// The cost of `plan` ([`crate::cost::plan_totals`]) and each feature's,
/// by position, reusing those of `before` (a plan and its features' costs)
/// for every feature whose decoded file is the very same (shared) value,
/// when the project file is the same value too: a feature's cost reads its
/// file and the project's day rates and week, nothing else (not its path).
/// With as many features, each is looked for at its own position; else at
/// its path's position before.
pub fn totals_after(plan: &Plan, before: Option<(&Plan, &[Cost])>) -> (Totals, Vec<Cost>) {
    let before =
        before.filter(|(old, costs)| crate::validate::same_project(old, plan) && costs.len() == old.features.len());
    let Some((old, costs)) = before else {
        return crate::cost::plan_totals_with(plan, |_| None);
    };
    let at = (old.features.len() != plan.features.len()).then(|| positions_by_path(old, plan));
    crate::cost::plan_totals_with(plan, |i| {
        let j = match &at {
            Some(at) => at.get(i).copied().flatten()?,
            None => i,
        };
        let same = std::sync::Arc::ptr_eq(&old.features.get(j)?.data, &plan.features.get(i)?.data);
        costs.get(j).copied().filter(|_| same)
    })
}

/// For each feature of `plan`, the position of the feature at the same
/// path in `old`, if any: both lists are in path order.
pub(crate) fn positions_by_path(old: &Plan, plan: &Plan) -> Vec<Option<usize>> {
    fn path<'p>(p: &'p Plan, item: &crate::plan::Item<crate::model::FeatureFile>) -> Option<&'p str> {
        p.files.get(item.file).map(|f| &*f.rel)
    }
    let mut out = Vec::with_capacity(plan.features.len());
    let mut j = 0;
    for f in &plan.features {
        let Some(mine) = path(plan, f) else {
            out.push(None);
            continue;
        };
        // Most files are the very same (shared) path: no comparison.
        let same = loop {
            match old.features.get(j).and_then(|g| path(old, g)) {
                Some(theirs) if std::ptr::eq(theirs, mine) => break true,
                Some(theirs) => match theirs.cmp(mine) {
                    std::cmp::Ordering::Less => j += 1,
                    std::cmp::Ordering::Equal => break true,
                    std::cmp::Ordering::Greater => break false,
                },
                None => break false,
            }
        };
        out.push(same.then_some(j));
        // A path is in a plan once: the next feature's is further on.
        if same {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::incremental::testgen::{Edited, Rng};

    /// Plans edited at random (estimates, owners, states, features added
    /// and removed), each costed after the one before ([`totals_after`]):
    /// every feature's cost, and the totals to the last bit, are those
    /// costed from scratch. Reuse needs the same project file, which most
    /// steps keep (counted, so that the test cannot pass by never reusing).
    #[test]
    fn costs_after_a_plan_are_those_from_scratch() {
        let bits = |t: &Totals| {
            (
                t.amount.to_bits(),
                t.costed_days.to_bits(),
                t.uncosted_features,
                t.uncosted_days.to_bits(),
            )
        };
        let (mut reusable, mut costed) = (0, 0);
        for seed in 1..=30u64 {
            let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ seed);
            let mut edited = Edited::default();
            let mut plan = edited.plan();
            let (_, mut costs) = totals_after(&plan, None);
            for step in 0..40 {
                for _ in 0..1 + rng.below(3) {
                    edited.edit(&mut rng);
                }
                let next = edited.plan();
                let (totals, now) = totals_after(&next, Some((&plan, &costs)));
                let (scratch, each) = crate::cost::plan_totals_with(&next, |_| None);
                assert_eq!(now, each, "seed {seed}, step {step}");
                assert_eq!(bits(&totals), bits(&scratch), "seed {seed}, step {step}");
                reusable += usize::from(crate::validate::same_project(&plan, &next));
                costed += now.iter().filter(|c| matches!(c, Cost::Costed { .. })).count();
                (plan, costs) = (next, now);
            }
        }
        assert!(reusable == 30 * 40 && costed > 5_000, "{reusable} {costed}");
    }
}
