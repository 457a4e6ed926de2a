//! Validating a plan after another: what validating the plan before found
//! is reused wherever the answer cannot differ, keyed by what the rules
//! read (see [`mod@crate::validate`]).

use crate::diagnostic::Diagnostic;
use crate::plan::Plan;
use crate::validate::{self, Shape};

/// What the rules that look at one feature, and the rules over the
/// dependency graph, found in a validated plan: kept to validate the next
/// plan of a history walk, which differs from this one in a file or two.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    /// By position in `Plan::features`; features with no problem are left out.
    features: Vec<(usize, Vec<Diagnostic>)>,
    graph: Vec<Diagnostic>,
}

/// Validates `plan` ([`crate::validate::validate`]), reusing what
/// validating `before` (a plan and its memo) found wherever the answer
/// cannot differ, and returns this plan's memo:
///
/// - a feature's problems, when its decoded file is the very same (shared)
///   value and the plans have the same shape (the same files, ids and
///   project file: all its rules read besides the feature);
/// - with files added or removed (another shape), a feature's having had no
///   problem, when its file is the same value at the same path, the project
///   file is the same, and every item it names is still declared, of a kind
///   it may name (a problem found before points at file positions that may
///   have moved: such a feature is checked again);
/// - the graph's problems, when the plans have the same shape and the same
///   graph inputs.
///
/// All on the calling thread, even with no plan `before`: this is a history
/// walk's, whose threads use every core already.
pub fn validate_after(plan: &mut Plan, before: Option<(&Plan, &Memo)>) -> Memo {
    let shaped = before.filter(|(old, _)| Shape(old) == Shape(plan));
    let moved = match before {
        Some((old, _)) if shaped.is_none() && validate::same_project(old, plan) => Some(super::positions_by_path(old, plan)),
        _ => None,
    };
    let graph = match shaped {
        Some((old, memo)) if validate::same_graph_inputs(old, plan, memo.graph.is_empty()) => Some(memo.graph.clone()),
        _ => None,
    };
    let known = |now: &Plan, i: usize| -> Option<&Vec<Diagnostic>> {
        static NONE: Vec<Diagnostic> = Vec::new();
        let (old, memo) = before?;
        let j = match (&shaped, &moved) {
            (Some(_), _) => i,
            (None, Some(moved)) => (*moved.get(i)?)?,
            (None, None) => return None,
        };
        let (a, b) = (old.features.get(j)?, now.features.get(i)?);
        if !std::sync::Arc::ptr_eq(&a.data, &b.data) || a.clean != b.clean {
            return None;
        }
        let known = match memo.features.binary_search_by_key(&j, |(k, _)| *k) {
            Ok(k) => &memo.features[k].1,
            Err(_) => &NONE,
        };
        if shaped.is_some() {
            return Some(known);
        }
        (known.is_empty() && validate::references_resolve(now, &b.data)).then_some(&NONE)
    };
    let (features, graph) = validate::check(plan, &known, graph, false);
    Memo { features, graph }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, file_id, prepare};
    use crate::validate::validate;

    fn file(rel: &str, text: &str) -> Prepared {
        prepare(file_id(0), rel.into(), format!("plan/{rel}"), text.as_bytes().to_vec())
    }

    /// A plan's problems, validated after `before` (reusing its memo) and
    /// from scratch: the same, in the same order, at the same places.
    fn after_equals_scratch(before: &[&Prepared], now: &[&Prepared], what: &str) -> usize {
        let mut old = assemble_from(before.iter().copied());
        let memo = validate_after(&mut old, None);
        let mut reused = assemble_from(now.iter().copied());
        validate_after(&mut reused, Some((&old, &memo)));
        let mut scratch = assemble_from(now.iter().copied());
        validate(&mut scratch);
        assert_eq!(
            format!("{:?}", reused.diagnostics),
            format!("{:?}", scratch.diagnostics),
            "{what}"
        );
        scratch.diagnostics.len()
    }

    /// Files added and removed (the plan's shape changes): a feature with no
    /// problem keeps none while what it names is still there; one that
    /// names a file gone gets the problem; problems found before point at
    /// the files' new positions.
    #[test]
    fn problems_after_files_come_and_go_are_those_found_from_scratch() {
        let project = file(
            "project.toml",
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n",
        );
        let beta = file("milestones/beta.toml", "title = \"Beta\"\n");
        let feature = |id: &str, rest: &str| {
            file(
                &format!("features/{id}.toml"),
                &format!("title = \"{id}\"\nowner = \"ana\"\nestimate = \"2d\"\nmilestone = \"beta\"\n{rest}"),
            )
        };
        let (b, c, d) = (
            feature("b", ""),
            feature("c", "depends-on = [\"b\"]\n"),
            feature("d", ""),
        );
        let e = file(
            "features/e.toml",
            "title = \"e\"\nowner = \"zed\"\nestimate = \"2d\"\nmilestone = \"beta\"\n",
        );
        let a = feature("a", "");
        let waits_for_x = feature("f", "depends-on = [\"x\"]\n");
        let x = feature("x", "");
        // (what, before, now, how many problems now)
        let cases: Vec<(&str, Vec<&Prepared>, Vec<&Prepared>, usize)> = vec![
            (
                "a feature added first",
                vec![&project, &beta, &b, &c, &e],
                vec![&project, &beta, &a, &b, &c, &e],
                1,
            ),
            (
                "the feature depended on removed",
                vec![&project, &beta, &b, &c, &d],
                vec![&project, &beta, &c, &d],
                1,
            ),
            (
                "what was unknown added",
                vec![&project, &beta, &d, &waits_for_x],
                vec![&project, &beta, &d, &waits_for_x, &x],
                0,
            ),
            (
                "the milestone removed",
                vec![&project, &beta, &b, &d],
                vec![&project, &b, &d],
                2,
            ),
            (
                "a problem moved by a file added before it",
                vec![&project, &beta, &e],
                vec![&project, &beta, &a, &b, &e],
                1,
            ),
        ];
        for (what, before, now, problems) in cases {
            assert_eq!(after_equals_scratch(&before, &now, what), problems, "{what}");
        }
    }
}
