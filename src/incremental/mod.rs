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

use crate::plan::Plan;

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
