//! "Did you mean …?" for references to ids no item has, worked out once
//! every rule has run, for all of them at once: each missing id is looked
//! for once however often it is referenced (renaming a folder of a large
//! plan leaves thousands of references to a few hundred ids that are gone),
//! and within a budget, so that no plan makes `check` slow.
//!
//! Looking for an id compares it with every id of the kinds it may name,
//! so a plan whose references each name another missing id would cost the
//! square of its size. The comparisons are counted: at most
//! [`COMPARISONS_PER_BYTE`] per byte of the plan's files (at least
//! [`LEAST_COMPARISONS`]), given to the missing ids in the order their
//! problems are found. A missing id past the budget keeps the general help
//! (where ids come from). What is suggested depends on the problems found
//! and the plan's ids and size alone, never on which thread found what:
//! a history walk, which reuses a feature's problems from the commit
//! before, suggests as a check from scratch does.

use std::collections::HashMap;

use super::named_by;
use crate::diagnostic::Diagnostic;
use crate::plan::{ItemKind, Plan};
use crate::suggest::Ids;

/// Comparisons of a missing id with a candidate allowed per byte of the
/// plan's files: about a quarter of a second per megabyte.
const COMPARISONS_PER_BYTE: usize = 5;

/// Comparisons allowed however small the plan.
const LEAST_COMPARISONS: usize = 1_000_000;

/// Comparisons from which the questions are spread over the cores (a
/// few milliseconds' work).
const SPREAD_FROM: usize = 200_000;

/// Per set of kinds of item a reference may name, the help for each
/// missing id among them that a likely spelling was found for.
type Answers = HashMap<&'static [ItemKind], HashMap<Box<str>, String>>;

/// Gives each problem in `out` about an id no item has
/// ([`Diagnostic::unknown_id`]) the likeliest id as its help, where one
/// is close enough ([`crate::suggest::nearest_id`]) and the budget allows;
/// on every core if `parallel`.
pub(super) fn give(plan: &Plan, out: &mut [Diagnostic], parallel: bool) {
    let bytes: usize = plan.files.iter().map(|(_, f)| f.text.len()).sum();
    let budget = bytes.saturating_mul(COMPARISONS_PER_BYTE).max(LEAST_COMPARISONS);
    give_within(plan, out, parallel.then_some(SPREAD_FROM), budget);
}

/// [`give`], within `budget` comparisons, spread over the cores from
/// `spread_from` comparisons (never if `None`).
fn give_within(plan: &Plan, out: &mut [Diagnostic], spread_from: Option<usize>, budget: usize) {
    let answers = answers(plan, out, spread_from, budget);
    if answers.is_empty() {
        return;
    }
    for d in out {
        let found = named_by(d.code)
            .zip(d.unknown_id.as_deref())
            .and_then(|(kinds, id)| answers.get(kinds)?.get(id));
        if let Some(help) = found {
            d.help = Some(help.clone());
        }
    }
}

/// The answers for the problems of `out`: each missing id asked once, in
/// the order first found, while `budget` lasts.
fn answers<'p>(plan: &'p Plan, out: &[Diagnostic], spread_from: Option<usize>, budget: usize) -> Answers {
    let mut questions: Vec<(&str, &'static [ItemKind])> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in out {
        if let (Some(kinds), Some(id)) = (named_by(d.code), d.unknown_id.as_deref())
            && seen.insert((id, kinds))
        {
            questions.push((id, kinds));
        }
    }
    if questions.is_empty() {
        return Answers::new();
    }
    // The ids of each set of kinds asked about, in order.
    let mut candidates: HashMap<&'static [ItemKind], Ids<'p>> = HashMap::new();
    for &(_, kinds) in &questions {
        candidates.entry(kinds).or_insert_with(|| {
            let mut ids: Vec<&str> = plan
                .ids
                .iter()
                .filter(|(_, d)| kinds.contains(&d.kind))
                .map(|(id, _)| &**id)
                .collect();
            ids.sort_unstable();
            Ids::new(ids)
        });
    }
    let mut left = budget;
    let mut within = Vec::with_capacity(questions.len());
    for (id, kinds) in questions {
        let Some(ids) = candidates.get(kinds) else { continue };
        // Whole ids, then their last segments when none is close.
        let cost = ids.len().saturating_mul(2);
        if cost <= left {
            left -= cost;
            within.push((id, kinds, ids));
        }
    }
    let answer = |&(id, _, ids): &(&str, &'static [ItemKind], &Ids<'p>)| ids.nearest(id);
    // A question costs milliseconds on a large plan: spread from two.
    let found: Vec<Option<&'p str>> = if spread_from.is_some_and(|from| budget - left >= from) {
        crate::par::map_costly(&within, answer)
    } else {
        within.iter().map(answer).collect()
    };
    let mut answers = Answers::new();
    for ((id, kinds, _), found) in within.into_iter().zip(found) {
        if let Some(c) = found {
            answers
                .entry(kinds)
                .or_default()
                .insert(id.into(), format!("did you mean `{c}`?"));
        }
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Code;
    use crate::load::{assemble_from, test_file as file};

    /// Missing ids are answered in the order their problems are found, each
    /// once however often it is referenced, while the budget lasts; past
    /// it, the general help stays. In one thread or on every core alike.
    #[test]
    fn missing_ids_are_answered_in_order_while_the_budget_lasts() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let known = ["alpha", "bravo", "charlie", "delta"]
            .map(|id| file(&format!("features/{id}.toml"), "title = \"T\"\nestimate = \"1d\"\n"));
        // Two references to each of three misspellings, in this order.
        let uses = ["alpah", "bravvo", "charile", "alpah", "bravvo", "charile"].map(|typo| typo.to_string());
        let users: Vec<_> = uses
            .iter()
            .enumerate()
            .map(|(i, typo)| {
                file(
                    &format!("features/u{i}.toml"),
                    &format!("title = \"U\"\nestimate = \"1d\"\ndepends-on = [\"{typo}\"]\n"),
                )
            })
            .collect();
        let plan = assemble_from(std::iter::once(&project).chain(&known).chain(&users));
        // The features' problems as the rules leave them, in plan order.
        let found = || {
            let mut out = Vec::new();
            let index = super::super::Index::new(&plan);
            super::super::items::check(&plan, &index, &|_| None, false, &mut out);
            out.retain(|d| d.code == Code::UnknownDependency);
            out
        };
        let general = found()[0].help.clone();
        assert!(
            general.as_deref().is_some_and(|h| h.starts_with("ids are file names")),
            "{general:?}"
        );
        // Ten ids to compare with: 20 comparisons a question.
        let candidates = plan.ids.len();
        assert_eq!(candidates, 10);
        for spread_from in [None, Some(0)] {
            for (budget, answered) in [(0, 0), (19, 0), (20, 1), (59, 2), (60, 3), (1_000, 3)] {
                let mut out = found();
                give_within(&plan, &mut out, spread_from, budget);
                let helps: Vec<Option<String>> = out.iter().map(|d| d.help.clone()).collect();
                let said = |id: &str| Some(format!("did you mean `{id}`?"));
                let expected: Vec<Option<String>> = ["alpha", "bravo", "charlie", "alpha", "bravo", "charlie"]
                    .iter()
                    .enumerate()
                    .map(|(i, id)| if i % 3 < answered { said(id) } else { general.clone() })
                    .collect();
                assert_eq!(helps, expected, "budget {budget}, spread from {spread_from:?}");
            }
        }
    }
}
