//! Every rule a plan must follow, checked all at once.
//!
//! Loading has already reported problems inside single files (syntax, types,
//! unknown keys). The rules here look across files: references, dependency
//! cycles, and values that are well-typed but inconsistent.

mod graph;
mod items;
mod project;

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{self, Code, Diagnostic};
use crate::files::FileId;
use crate::plan::{ItemKind, Plan};
use crate::span::Sp;
use crate::suggest;

/// Validates `plan`, appending to `plan.diagnostics`, then sorts them into
/// reading order.
pub fn validate(plan: &mut Plan) {
    check(plan, None, true);
}

/// What the rules that look at one feature, and the rules over the
/// dependency graph, found in a validated plan: kept to validate the next
/// plan of a history walk, which differs from this one in a file or two.
///
/// Each part is keyed by what its rules read. A feature's rules read the
/// feature and an [`Index`] (the ids the plan declares, and what
/// project.toml says of people and the calendar), and nothing else: they
/// are not handed the plan. So a feature's problems are reused when its
/// decoded file is the very same value and the plan has the same
/// [`Shape`] and project file. The graph rules read every item's
/// `graph::GraphInputs`, and their problems are reused when those are the
/// same. A rule that needs to read another item's contents is a graph rule.
#[derive(Clone, Debug, Default)]
pub struct Memo {
    /// By position in `Plan::features`; features with no problem are left out.
    features: Vec<(usize, Vec<Diagnostic>)>,
    graph: Vec<Diagnostic>,
}

/// [`validate`], reusing what validating `before` (a plan and its memo)
/// found wherever the answer cannot differ: when both plans have the same
/// files, the same project file and the same items, a feature whose decoded
/// file is the very same (shared) value gets the same problems, and when no
/// link between items moved, the graph's problems are the same. Anything
/// else is checked again. Returns this plan's memo.
///
/// All on the calling thread, even with no plan `before`: this is a history
/// walk's, whose threads use every core already.
pub fn validate_after(plan: &mut Plan, before: Option<(&Plan, &Memo)>) -> Memo {
    check(plan, before, false)
}

/// [`validate_after`], each feature's rules spread over every core if
/// `parallel`.
fn check(plan: &mut Plan, before: Option<(&Plan, &Memo)>, parallel: bool) -> Memo {
    let shaped = before.filter(|(old, _)| Shape(old) == Shape(plan));
    let mut out = Vec::new();
    let index = Index::new(plan);
    project::check(plan, &index, &mut out);
    // With files added or removed, a feature is found by its path in the
    // plan before; only its having had no problem can be reused then (a
    // problem points at file positions that have moved).
    let moved = match before {
        Some((old, _)) if shaped.is_none() && same_project(old, plan) => Some(positions_by_path(old, plan)),
        _ => None,
    };
    let reuse = |i: usize| -> Option<&Vec<Diagnostic>> {
        static NONE: Vec<Diagnostic> = Vec::new();
        let (old, memo) = before?;
        let j = match (&shaped, &moved) {
            (Some(_), _) => i,
            (None, Some(moved)) => (*moved.get(i)?)?,
            (None, None) => return None,
        };
        let (a, b) = (old.features.get(j)?, plan.features.get(i)?);
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
        // No problem before, and every item it names is still there, of a
        // kind it may name: no problem now.
        (known.is_empty() && items::references_resolve(&index, &b.data)).then_some(&NONE)
    };
    let before = shaped;
    let features = items::check(plan, &index, &reuse, parallel, &mut out);
    let graph = match before {
        Some((old, memo)) if graph::same_inputs(old, plan, memo.graph.is_empty()) => memo.graph.clone(),
        _ => {
            let mut found = Vec::new();
            graph::check(plan, &mut found);
            found
        }
    };
    out.extend(graph.iter().cloned());
    plan.diagnostics.extend(out);
    diagnostic::sort(&mut plan.diagnostics);
    Memo { features, graph }
}

/// What a plan is made of, but for the contents of its items: its files
/// (by path), its project file, and which file each item comes from. Two
/// plans of the same shape declare the same ids at the same places, so
/// every reference resolves alike in both, and their [`Index`] is the same.
#[derive(Clone, Copy)]
pub(crate) struct Shape<'p>(pub(crate) &'p Plan);

impl PartialEq for Shape<'_> {
    fn eq(&self, other: &Self) -> bool {
        fn same_files<T>(a: &[crate::plan::Item<T>], b: &[crate::plan::Item<T>]) -> bool {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.file == y.file)
        }
        let (a, b) = (self.0, other.0);
        let project = match (&a.project, &b.project) {
            (Some(x), Some(y)) => std::sync::Arc::ptr_eq(&x.data, &y.data) && x.file == y.file && x.clean == y.clean,
            (None, None) => true,
            _ => false,
        };
        project
            && a.files.len() == b.files.len()
            && a.files
                .iter()
                .zip(b.files.iter())
                // A file both plans share is the same shared path.
                .all(|((_, x), (_, y))| std::sync::Arc::ptr_eq(&x.rel, &y.rel) || x.rel == y.rel)
            && same_files(&a.milestones, &b.milestones)
            && same_files(&a.features, &b.features)
            && same_files(&a.risks, &b.risks)
    }
}

/// Whether two plans have the same project file (people, calendar): what
/// a feature's rules read besides the feature and the ids.
fn same_project(a: &Plan, b: &Plan) -> bool {
    match (&a.project, &b.project) {
        (Some(x), Some(y)) => std::sync::Arc::ptr_eq(&x.data, &y.data) && x.clean == y.clean,
        (None, None) => true,
        _ => false,
    }
}

/// For each feature of `plan`, the position of the feature at the same
/// path in `old`, if any: both lists are in path order.
fn positions_by_path(old: &Plan, plan: &Plan) -> Vec<Option<usize>> {
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
        while let Some(theirs) = old.features.get(j).and_then(|g| path(old, g))
            && theirs < mine
        {
            j += 1;
        }
        let same = old
            .features
            .get(j)
            .and_then(|g| path(old, g))
            .is_some_and(|theirs| theirs == mine);
        out.push(same.then_some(j));
    }
    out
}

/// What a link says, wherever it is written: the item, the type, the lag.
pub(crate) fn link(
    d: &Sp<crate::model::Dependency>,
) -> (&String, crate::model::DependencyType, Option<&crate::model::Duration>) {
    (&d.value.id().value, d.value.kind(), d.value.lag().map(|l| &l.value))
}

/// Names things can refer to: all that a rule about one item may read
/// besides the item itself.
struct Index<'p> {
    /// Every id the plan declares.
    ids: &'p crate::plan::IdMap<crate::plan::Declared>,
    /// `None` when `project.toml` is missing or has errors: then nobody can
    /// say which people exist, and references to people are not checked.
    people: Option<BTreeSet<&'p str>>,
    /// Working days in a week, for comparing `"1w"` with `"5d"`.
    days_per_week: u8,
    project_start: Option<crate::model::Date>,
}

impl<'p> Index<'p> {
    fn new(plan: &'p Plan) -> Index<'p> {
        let project = plan.project.as_ref().map(|p| &p.data);
        let people = plan
            .project
            .as_ref()
            .filter(|p| p.clean)
            .map(|p| p.data.people.iter().map(|person| person.id.value.as_str()).collect());
        let days_per_week = project
            .and_then(|p| p.calendar.as_ref())
            .and_then(|c| c.workdays.as_ref())
            .map_or(5, |w| {
                let distinct: BTreeSet<_> = w.value.iter().map(|d| d.value).collect();
                u8::try_from(distinct.len()).unwrap_or(7)
            });
        Index {
            ids: &plan.ids,
            people,
            days_per_week,
            project_start: project.map(|p| p.project.start.value),
        }
    }

    /// Reports `reference` if it does not name a person.
    fn person(&self, file: FileId, reference: &Sp<String>, field: &str, out: &mut Vec<Diagnostic>) {
        let Some(people) = &self.people else { return };
        if people.contains(reference.value.as_str()) {
            return;
        }
        let help = suggest::did_you_mean(&reference.value, people.iter().copied()).unwrap_or_else(|| {
            if people.is_empty() {
                "add the person to `[[people]]` in project.toml".to_string()
            } else {
                format!("`{field}` takes a person id from `[[people]]` in project.toml, or add this person there")
            }
        });
        out.push(
            Diagnostic::new(Code::UnknownPerson, format!("unknown person `{}`", reference.value))
                .at(file, reference.span, "no person with this id")
                .help(help),
        );
    }
}

/// Reports an id that does not name an item of the accepted kinds. The
/// message says which kind it names instead, if any.
fn unknown_item(
    ids: &crate::plan::IdMap<crate::plan::Declared>,
    file: FileId,
    reference: &Sp<String>,
    accepted: &[ItemKind],
    code: Code,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let id = reference.value.as_str();
    let found = ids.get(id);
    if found.is_some_and(|d| accepted.contains(&d.kind)) {
        return false;
    }
    let wanted = accepted.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ");
    match found {
        Some(d) => out.push(
            Diagnostic::new(code, format!("`{id}` is a {}, not a {wanted}", d.kind.as_str()))
                .at(file, reference.span, format!("expected a {wanted}"))
                .also(
                    d.file,
                    crate::span::Span::new(0, 0),
                    format!("{} `{id}` is declared here", d.kind.as_str()),
                ),
        ),
        None => {
            let candidates: BTreeMap<&str, ()> = ids
                .iter()
                .filter(|(_, d)| accepted.contains(&d.kind))
                .map(|(id, _)| (&**id, ()))
                .collect();
            let help = suggest::did_you_mean(id, candidates.keys().copied()).unwrap_or_else(|| {
                let folders = accepted
                    .iter()
                    .map(|k| format!("`{}/`", k.folder()))
                    .collect::<Vec<_>>()
                    .join(" or ");
                format!("ids are file names under {folders} without `.toml`")
            });
            out.push(
                Diagnostic::new(code, format!("unknown {wanted} `{id}`"))
                    .at(file, reference.span, format!("no {wanted} with this id"))
                    .help(help),
            );
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, file_id, prepare};

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
