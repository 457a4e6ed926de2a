//! "Did you mean …?" for references to ids no item or person has, worked
//! out once every rule has run, for all of them at once: each missing id is
//! looked for once however often it is referenced (renaming a folder of a
//! large plan leaves thousands of references to a few hundred ids that are
//! gone), and within a budget, so that no plan makes `check` slow.
//!
//! Looking for an id compares it with every id of the kinds it may name
//! (or every person's), so a plan whose references each name another
//! missing id would cost the square of its size. The comparisons are counted: at most
//! [`COMPARISONS_PER_BYTE`] per byte of the plan's files (at least
//! [`LEAST_COMPARISONS`]), given to the missing ids in the order their
//! problems are found. A missing id past the budget keeps the general help
//! (where ids come from). What is suggested depends on the problems found
//! and the plan's ids and size alone, never on which thread found what:
//! a history walk, which reuses a feature's problems from the commit
//! before, suggests as a check from scratch does.

use std::collections::HashMap;

use super::{Index, named_by};
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{ItemKind, Plan};
use crate::suggest::Names;

/// Comparisons of a missing id with a candidate allowed per byte of the
/// plan's files: about a quarter of a second per megabyte.
const COMPARISONS_PER_BYTE: usize = 5;

/// Comparisons allowed however small the plan.
const LEAST_COMPARISONS: usize = 1_000_000;

/// Comparisons from which the questions are spread over the cores (a
/// few milliseconds' work).
const SPREAD_FROM: usize = 200_000;

/// What a reference names: an item of these kinds, or a person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Among {
    Items(&'static [ItemKind]),
    People,
}

impl Among {
    /// What the references that `code` reports name.
    fn of(code: Code) -> Option<Among> {
        match code {
            Code::UnknownPerson => Some(Among::People),
            _ => named_by(code).map(Among::Items),
        }
    }

    /// Passes over the candidates a question takes at most: item ids are
    /// tried whole, then by their last segment ([`Names::nearest_id`]).
    fn passes(self) -> usize {
        match self {
            Among::Items(_) => 2,
            Among::People => 1,
        }
    }
}

/// Per kind of reference, the help for each missing id that a likely
/// spelling was found for.
type Answers = HashMap<Among, HashMap<Box<str>, String>>;

/// Gives each problem in `out` about an id no item or person of `plan`
/// (`index`) has ([`Diagnostic::unknown_id`]) the likeliest id as its
/// help, where one is close enough ([`crate::suggest::nearest_id`],
/// [`crate::suggest::nearest`] for people) and the budget allows; on every
/// core if `parallel`.
pub(super) fn give(plan: &Plan, index: &Index<'_>, out: &mut [Diagnostic], parallel: bool) {
    let bytes: usize = plan.files.iter().map(|(_, f)| f.text.len()).sum();
    let budget = bytes.saturating_mul(COMPARISONS_PER_BYTE).max(LEAST_COMPARISONS);
    give_within(index, out, parallel.then_some(SPREAD_FROM), budget);
}

/// [`give`], within `budget` comparisons, spread over the cores from
/// `spread_from` comparisons (never if `None`).
fn give_within(index: &Index<'_>, out: &mut [Diagnostic], spread_from: Option<usize>, budget: usize) {
    let answers = answers(index, out, spread_from, budget);
    if answers.is_empty() {
        return;
    }
    for d in out {
        let found = Among::of(d.code)
            .zip(d.unknown_id.as_deref())
            .and_then(|(among, id)| answers.get(&among)?.get(id));
        if let Some(help) = found {
            d.help = Some(help.clone());
        }
    }
}

/// The answers for the problems of `out`: each missing id asked once, in
/// the order first found, while `budget` lasts.
fn answers<'p>(index: &Index<'p>, out: &[Diagnostic], spread_from: Option<usize>, budget: usize) -> Answers {
    let mut questions: Vec<(&str, Among)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in out {
        if let (Some(among), Some(id)) = (Among::of(d.code), d.unknown_id.as_deref())
            && seen.insert((id, among))
        {
            questions.push((id, among));
        }
    }
    if questions.is_empty() {
        return Answers::new();
    }
    // The names of each kind asked about, in order.
    let mut candidates: HashMap<Among, Names<'p>> = HashMap::new();
    for &(_, among) in &questions {
        candidates.entry(among).or_insert_with(|| match among {
            Among::Items(kinds) => {
                let mut ids: Vec<&'p str> = index
                    .ids
                    .iter()
                    .filter(|(_, d)| kinds.contains(&d.kind))
                    .map(|(id, _)| &**id)
                    .collect();
                ids.sort_unstable();
                Names::new(ids)
            }
            // (In order already.)
            Among::People => Names::new(index.people.iter().flatten().copied()),
        });
    }
    let mut left = budget;
    let mut within = Vec::with_capacity(questions.len());
    for (id, among) in questions {
        let Some(names) = candidates.get(&among) else { continue };
        let cost = names.len().saturating_mul(among.passes());
        if cost <= left {
            left -= cost;
            within.push((id, among, names));
        }
    }
    let answer = |&(id, among, names): &(&str, Among, &Names<'p>)| match among {
        Among::Items(_) => names.nearest_id(id),
        Among::People => names.nearest(id),
    };
    // A question costs milliseconds on a large plan: spread from two.
    let found: Vec<Option<&'p str>> = if spread_from.is_some_and(|from| budget - left >= from) {
        crate::par::map_costly(&within, answer)
    } else {
        within.iter().map(answer).collect()
    };
    let mut answers = Answers::new();
    for ((id, among, _), found) in within.into_iter().zip(found) {
        if let Some(c) = found {
            answers
                .entry(among)
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

    /// The problems of code `code` the rules about items find in `plan`,
    /// in plan order, as they leave them (before suggestions).
    fn found(plan: &Plan, index: &Index<'_>, code: Code) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        super::super::items::check(plan, index, &|_| None, false, &mut out);
        out.retain(|d| d.code == code);
        out
    }

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
        let index = Index::new(&plan);
        // The features' problems as the rules leave them, in plan order.
        let found = || found(&plan, &index, Code::UnknownDependency);
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
                give_within(&index, &mut out, spread_from, budget);
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
    /// A person no one is gets the nearest person's id, within the budget
    /// as ids do: one pass over the people a question.
    #[test]
    fn missing_people_are_answered_within_the_budget_too() {
        let project = file(
            "project.toml",
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"mara\"\nname = \"Mara\"\n\n[[people]]\nid = \"noor\"\nname = \"Noor\"\n",
        );
        let owned = |i: usize, owner: &str| {
            file(
                &format!("features/f{i}.toml"),
                &format!("title = \"F\"\nestimate = \"1d\"\nowner = \"{owner}\"\n"),
            )
        };
        let files = [owned(0, "maar"), owned(1, "nor"), owned(2, "maar")];
        let plan = assemble_from(std::iter::once(&project).chain(&files));
        let index = Index::new(&plan);
        let found = || found(&plan, &index, Code::UnknownPerson);
        let general = found()[0].help.clone();
        let said = |id: &str| Some(format!("did you mean `{id}`?"));
        for (budget, expected) in [
            (1, [general.clone(), general.clone(), general.clone()]),
            (2, [said("mara"), general.clone(), said("mara")]),
            (4, [said("mara"), said("noor"), said("mara")]),
        ] {
            let mut out = found();
            give_within(&index, &mut out, None, budget);
            let helps: Vec<Option<String>> = out.iter().map(|d| d.help.clone()).collect();
            assert_eq!(helps, expected, "budget {budget}");
        }
    }
}
