//! "Did you mean …?" for references to ids no item or person has, worked
//! out after the rules about each item and `project.toml` have run, for
//! all of their problems at once: each missing id is looked for once
//! however often it is referenced (renaming a folder of a large plan
//! leaves thousands of references to a few hundred ids that are gone), and
//! within a budget, so that no plan makes `check` slow.
//!
//! Looking for an id compares it with every id of the kinds it may name
//! (or every person's), so a plan whose references each name another
//! missing id would cost the square of its size, and long ids the square
//! of their length. The work is counted before it is done, in pairs of
//! characters compared ([`Names::work`]): at most [`PAIRS_PER_BYTE`] per
//! byte of the plan's files (at least [`LEAST_PAIRS`]), given to the
//! missing ids in the order their problems are found (`project.toml`,
//! milestones, features, risks), first for the whole ids, then, for those
//! no whole id is close to, for their last segments. A question that does
//! not fit is not asked (a later, cheaper one still may be), and its
//! problem keeps the general help (where ids come from). What is suggested
//! depends on the problems found and the plan's ids and size alone, never
//! on which thread found what: a history walk, which reuses a feature's
//! problems from the commit before, suggests as a check from scratch does.

use std::collections::HashMap;

use super::{Index, named_by};
use crate::diagnostic::{Code, Diagnostic};
use crate::plan::{ItemKind, Plan};
use crate::suggest::Names;

/// Pairs of characters compared allowed per byte of the plan's files:
/// about half a second per megabyte at worst (long random ids, measured),
/// a fifth of that with ids of ten characters or so.
const PAIRS_PER_BYTE: usize = 500;

/// Pairs allowed however small the plan.
const LEAST_PAIRS: usize = 100_000_000;

/// Pairs from which the questions are spread over the cores (a few
/// milliseconds' work).
const SPREAD_FROM: usize = 20_000_000;

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
}

/// Per kind of reference, for each missing id that a likely spelling was
/// found for, that spelling.
type Answers = HashMap<Among, HashMap<Box<str>, String>>;

/// Gives each problem in `out` about an id no item or person of `plan`
/// (`index`) has ([`Diagnostic::unknown_id`]) the likeliest id as its
/// help, where one is close enough ([`crate::suggest::nearest_id`],
/// [`crate::suggest::nearest`] for people) and the budget allows; on every
/// core if `parallel`.
pub(super) fn give(plan: &Plan, index: &Index<'_>, out: &mut [Diagnostic], parallel: bool) {
    // Most plans have none: a history walk validates one per commit.
    if out.iter().all(|d| d.unknown_id.is_none()) {
        return;
    }
    let bytes: usize = plan.files.iter().map(|(_, f)| f.text.len()).sum();
    let budget = bytes.saturating_mul(PAIRS_PER_BYTE).max(LEAST_PAIRS);
    give_within(index, out, parallel.then_some(SPREAD_FROM), budget);
}

/// [`give`], within `budget` pairs of characters compared, spread over
/// the cores from `spread_from` pairs (never if `None`).
fn give_within(index: &Index<'_>, out: &mut [Diagnostic], spread_from: Option<usize>, budget: usize) {
    let answers = answers(index, out, spread_from, budget);
    if answers.is_empty() {
        return;
    }
    for d in out {
        let found = Among::of(d.code)
            .zip(d.unknown_id.as_deref())
            .and_then(|(among, id)| answers.get(&among)?.get(id));
        // Never the item the problem is in (`depends-on = ["signin"]` in
        // `signup`): it cannot name itself (E0205).
        let own = |c: &str| {
            let declared = index.ids.get(c).map(|declared| declared.file);
            declared.is_some() && declared == d.primary.as_ref().map(|at| at.file)
        };
        if let Some(c) = found.filter(|c| !own(c)) {
            d.help = Some(format!("did you mean `{c}`?"));
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
    // Whole names first, each question that fits in order.
    let whole = within(&mut left, &questions, |(id, among)| {
        let names = candidates.get(among)?;
        Some((names.work(id), names))
    });
    let spread = |work: usize| spread_from.is_some_and(|from| work >= from);
    let found = ask(&whole, spread(budget - left), |&(id, _, names)| names.nearest(id));
    let mut found: Vec<((&str, Among), Option<&'p str>)> =
        whole.iter().map(|&(id, among, _)| (id, among)).zip(found).collect();
    // Then the last segments of the ids no whole id is close to.
    let unanswered: Vec<(&str, Among)> = found
        .iter()
        .filter(|(q, answer)| answer.is_none() && matches!(q.1, Among::Items(_)))
        .map(|(q, _)| *q)
        .collect();
    let before = left;
    let segments = within(&mut left, &unanswered, |(id, among)| {
        let names = candidates.get(among)?;
        Some((names.segment_work(id), names))
    });
    let by_segment = ask(&segments, spread(before - left), |&(id, _, names)| names.by_segment(id));
    found.extend(segments.iter().map(|&(id, among, _)| (id, among)).zip(by_segment));
    let mut answers = Answers::new();
    for ((id, among), answer) in found {
        if let Some(c) = answer {
            answers.entry(among).or_default().insert(id.into(), c.to_string());
        }
    }
    answers
}

/// A question, with the names it is asked of.
type Asked<'q, 'p> = (&'q str, Among, &'q Names<'p>);

/// Of `questions`, in order, those whose work (`work`: with the names they
/// are asked of) fits in what is `left` of the budget, taking it.
fn within<'q, 'p>(
    left: &mut usize,
    questions: &[(&'q str, Among)],
    work: impl Fn(&(&'q str, Among)) -> Option<(usize, &'q Names<'p>)>,
) -> Vec<Asked<'q, 'p>> {
    let mut asked = Vec::with_capacity(questions.len());
    for q in questions {
        let Some((cost, names)) = work(q) else { continue };
        if cost <= *left {
            *left -= cost;
            asked.push((q.0, q.1, names));
        }
    }
    asked
}

/// The answer to each question, spread over the cores if `spread`.
fn ask<'q, 'p>(
    asked: &[Asked<'q, 'p>],
    spread: bool,
    answer: impl Fn(&Asked<'q, 'p>) -> Option<&'p str> + Sync,
) -> Vec<Option<&'p str>> {
    if spread {
        crate::par::map_costly(asked, answer)
    } else {
        asked.iter().map(answer).collect()
    }
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

    /// An item is never told it meant itself: `signup` waiting for the
    /// missing `signin` gets no "did you mean `signup`?" (it cannot wait for
    /// itself), while `login`, waiting for the same, does.
    #[test]
    fn an_item_is_not_offered_its_own_id() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let waiting = |id: &str| {
            file(
                &format!("features/{id}.toml"),
                "title = \"T\"\nestimate = \"1d\"\ndepends-on = [\"signin\"]\n",
            )
        };
        let (signup, login) = (waiting("signup"), waiting("login"));
        let plan = assemble_from([&project, &login, &signup]);
        let index = Index::new(&plan);
        let mut out = found(&plan, &index, Code::UnknownDependency);
        give(&plan, &index, &mut out, false);
        let helps: Vec<(String, Option<String>)> = out
            .iter()
            .map(|d| {
                (
                    plan.files
                        .get(d.primary.as_ref().unwrap().file)
                        .unwrap()
                        .rel
                        .to_string(),
                    d.help.clone(),
                )
            })
            .collect();
        let general = found(&plan, &index, Code::UnknownDependency)[1].help.clone();
        assert_eq!(
            helps,
            [
                (
                    "features/login.toml".to_string(),
                    Some("did you mean `signup`?".to_string())
                ),
                ("features/signup.toml".to_string(), general),
            ]
        );
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
        // By hand: the ids' characters plus two sum to 7 + 7 + 9 + 7 + 6 × 4
        // (`u0` to `u5`) = 54; a question of n characters costs (n + 2) × 54:
        // 378, 432 and 486. No whole id is far: no segment is looked at.
        let names = Names::new(index.ids.keys().map(|id| &**id));
        assert_eq!(["alpah", "bravvo", "charile"].map(|q| names.work(q)), [378, 432, 486]);
        for spread_from in [None, Some(0)] {
            for (budget, answered) in [(0, 0), (377, 0), (378, 1), (809, 1), (810, 2), (1295, 2), (1296, 3)] {
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

    /// An id no whole id is close to is looked for by its last segment,
    /// which costs more of the budget: without it, the general help.
    #[test]
    fn a_last_segment_is_looked_for_within_the_budget() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let sso = file("features/auth/sso.toml", "title = \"T\"\nestimate = \"1d\"\n");
        let user = file(
            "features/user.toml",
            "title = \"U\"\nestimate = \"1d\"\ndepends-on = [\"old/sso\"]\n",
        );
        let plan = assemble_from([&project, &sso, &user]);
        let index = Index::new(&plan);
        // By hand: `auth/sso` and `user` make 10 + 6 = 16 whole, 5 + 6 = 11
        // by segment (`sso`, `user`); `old/sso` costs 9 × 16 = 144 whole,
        // then `sso` 5 × 11 = 55.
        let general = found(&plan, &index, Code::UnknownDependency)[0].help.clone();
        for (budget, expected) in [
            (143, general.clone()),
            (198, general.clone()),
            (199, Some("did you mean `auth/sso`?".to_string())),
        ] {
            let mut out = found(&plan, &index, Code::UnknownDependency);
            give_within(&index, &mut out, None, budget);
            assert_eq!(out[0].help, expected, "budget {budget}");
        }
    }

    /// A person no one is gets the nearest person's id, within the budget
    /// as ids do.
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
        let general = found(&plan, &index, Code::UnknownPerson)[0].help.clone();
        let said = |id: &str| Some(format!("did you mean `{id}`?"));
        // By hand: people 6 + 6 = 12; `maar` costs 6 × 12 = 72, `nor` 5 × 12 = 60.
        // A question that does not fit leaves the budget to later ones.
        for (budget, expected) in [
            (59, [general.clone(), general.clone(), general.clone()]),
            (71, [general.clone(), said("noor"), general.clone()]),
            (131, [said("mara"), general.clone(), said("mara")]),
            (132, [said("mara"), said("noor"), said("mara")]),
        ] {
            let mut out = found(&plan, &index, Code::UnknownPerson);
            give_within(&index, &mut out, None, budget);
            let helps: Vec<Option<String>> = out.iter().map(|d| d.help.clone()).collect();
            assert_eq!(helps, expected, "budget {budget}");
        }
    }
}
