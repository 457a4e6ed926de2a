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
    let mut out = Vec::new();
    let index = Index::new(plan);
    project::check(plan, &index, &mut out);
    items::check(plan, &index, &mut out);
    graph::check(plan, &mut out);
    plan.diagnostics.extend(out);
    diagnostic::sort(&mut plan.diagnostics);
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
                .map(|(id, _)| (id.as_str(), ()))
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
