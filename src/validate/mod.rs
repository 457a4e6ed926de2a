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
    let before = before.filter(|(old, _)| same_shape(old, plan));
    let mut out = Vec::new();
    let index = Index::new(plan);
    project::check(plan, &index, &mut out);
    let reuse = |i: usize| -> Option<&Vec<Diagnostic>> {
        let (old, memo) = before?;
        let (a, b) = (old.features.get(i)?, plan.features.get(i)?);
        if !std::sync::Arc::ptr_eq(&a.data, &b.data) || a.clean != b.clean {
            return None;
        }
        static NONE: Vec<Diagnostic> = Vec::new();
        Some(match memo.features.binary_search_by_key(&i, |(k, _)| *k) {
            Ok(k) => &memo.features[k].1,
            Err(_) => &NONE,
        })
    };
    let features = items::check(plan, &index, &reuse, parallel, &mut out);
    let graph = match before {
        Some((old, memo)) if same_links(old, plan, memo.graph.is_empty()) => memo.graph.clone(),
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

/// Whether two plans have the same files (by path), the same project file
/// and items in the same files: then they declare the same ids, at the same
/// places, and every reference resolves alike in both.
pub(crate) fn same_shape(a: &Plan, b: &Plan) -> bool {
    fn same_files<T>(a: &[crate::plan::Item<T>], b: &[crate::plan::Item<T>]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.file == y.file)
    }
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

/// What a link says, wherever it is written: the item, the type, the lag.
pub(crate) fn link(
    d: &Sp<crate::model::Dependency>,
) -> (&String, crate::model::DependencyType, Option<&crate::model::Duration>) {
    (&d.value.id().value, d.value.kind(), d.value.lag().map(|l| &l.value))
}

/// Whether two plans of the same shape have the same links between items
/// (each feature's milestone included) and the same milestone deadlines:
/// everything the graph rules read, and everything an activity network's
/// links and milestones are made of (see `schedule::Network::after`). Where
/// the links are written matters only when there were problems to point at:
/// with none (`clean`), whether there is one does not depend on it.
pub(crate) fn same_links(a: &Plan, b: &Plan, clean: bool) -> bool {
    let deps = |x: &[Sp<crate::model::Dependency>], y: &[Sp<crate::model::Dependency>]| {
        if clean {
            x.iter().map(link).eq(y.iter().map(link))
        } else {
            x == y
        }
    };
    fn at<T: PartialEq>(x: &Option<Sp<T>>, y: &Option<Sp<T>>, clean: bool) -> bool {
        if clean {
            x.as_ref().map(|v| &v.value) == y.as_ref().map(|v| &v.value)
        } else {
            x == y
        }
    }
    let milestones = a.milestones.iter().zip(&b.milestones).all(|(x, y)| {
        let (x, y) = (&x.data, &y.data);
        std::sync::Arc::ptr_eq(x, y) || (deps(&x.depends_on, &y.depends_on) && at(&x.deadline, &y.deadline, clean))
    });
    milestones
        && a.features.iter().zip(&b.features).all(|(x, y)| {
            let (x, y) = (&x.data, &y.data);
            std::sync::Arc::ptr_eq(x, y)
                || (deps(&x.depends_on, &y.depends_on) && at(&x.milestone, &y.milestone, clean))
        })
}

/// Names things can refer to.
struct Index<'p> {
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
    plan: &Plan,
    file: FileId,
    reference: &Sp<String>,
    accepted: &[ItemKind],
    code: Code,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let id = reference.value.as_str();
    let found = plan.ids.get(id);
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
            let candidates: BTreeMap<&str, ()> = plan
                .ids
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
