//! Every rule a plan must follow, checked all at once.
//!
//! Loading has already reported problems inside single files (syntax, types,
//! unknown keys). The rules here look across files: references, dependency
//! cycles, and values that are well-typed but inconsistent.

mod graph;
mod grown;
mod items;
mod limits;
mod progress;
mod project;
mod suggestions;

use std::collections::BTreeSet;

use crate::diagnostic::{self, Code, Diagnostic};
use crate::files::FileId;
use crate::plan::{ItemKind, Plan};
use crate::span::Sp;

/// Validates `plan`, appending to `plan.diagnostics`, then sorts them into
/// reading order.
pub fn validate(plan: &mut Plan) {
    check(plan, &|_, _| None, None, LinksKnown::default(), true);
}

/// [`validate`], running `beside` on the plan while the rules over the
/// whole plan (the graph's, links to cut work, progress, limits) check it,
/// on another core when there is one: once every item has been found
/// without error (loading's problems and each item's rules), for work that
/// needs a plan of valid items but may start before it is known valid
/// through and through, such as building a schedule's network (a command
/// that schedules a plan drops it should the plan have errors). Its
/// result: `None` when an item has an error, and `beside` did not run.
pub fn validate_beside<R: Send>(plan: &mut Plan, beside: impl FnOnce(&Plan) -> R + Send) -> Option<R> {
    check_beside(plan, &|_, _| None, None, LinksKnown::default(), true, Some(beside)).1
}

/// What a plan's problems are made of, besides those of loading: each
/// feature's (by position; features with none left out) and the graph's;
/// with what the limit rule added up ([`Sums`]).
pub(crate) type Found = (Vec<(usize, Vec<Diagnostic>)>, GraphFound, Option<Sums>);

pub(crate) use limits::{Before as LimitsBefore, Sums};

/// What the graph rules found in a plan: their problems, and for each
/// feature (by position) whether it waits for a milestone through
/// `depends-on` links alone, which lets a plan grown from this one be
/// checked from its new links ([`graph_clean_after`]).
#[derive(Clone, Debug, Default)]
pub(crate) struct GraphFound {
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) reach: Vec<bool>,
}

pub(crate) use grown::clean_after as graph_clean_after;

/// [`validate`], with answers already known: `known(plan, i)` gives the
/// problems of the feature at position `i` when known, `graph` those of the
/// graph rules, and `links` those of links to cut features
/// ([`cut_links_after`]) and of work started before what it waits for
/// ([`progress_after`]); the rest are checked. Each feature's rules run on every
/// core if `parallel`. Returns the features' and the graph's problems.
///
/// A feature's rules read the feature and an [`Index`] (the ids the plan
/// declares, and what project.toml says of people and the calendar), and
/// nothing else: they are not handed the plan. The graph rules read every
/// item through `graph::GraphInputs` ([`same_graph_inputs`]). A rule that
/// needs to read another item's contents is a graph rule. What can be
/// known from another plan is worked out by [`crate::incremental`].
pub(crate) fn check<'m>(
    plan: &mut Plan,
    known: &(dyn Fn(&Plan, usize) -> Option<&'m Vec<Diagnostic>> + Sync),
    graph: Option<GraphFound>,
    links: LinksKnown<'_>,
    parallel: bool,
) -> Found {
    check_beside(plan, known, graph, links, parallel, None::<fn(&Plan)>).0
}

/// [`check`], running `beside` (if any) as [`validate_beside`] does.
fn check_beside<'m, R: Send>(
    plan: &mut Plan,
    known: &(dyn Fn(&Plan, usize) -> Option<&'m Vec<Diagnostic>> + Sync),
    graph: Option<GraphFound>,
    links: LinksKnown<'_>,
    parallel: bool,
    beside: Option<impl FnOnce(&Plan) -> R + Send>,
) -> (Found, Option<R>) {
    let mut out = Vec::new();
    let view: &Plan = plan;
    let index = Index::new(view);
    project::check(view, &index, &mut out);
    let features = items::check(view, &index, &|i| known(view, i), parallel, &mut out);
    suggestions::give(view, &index, &mut out, parallel);
    let whole = || whole_plan(view, graph, links);
    let items_valid = !view
        .diagnostics
        .iter()
        .chain(&out)
        .any(|d| d.severity() == diagnostic::Severity::Error);
    let ((graph, found, sums), beside) = match beside.filter(|_| items_valid) {
        Some(beside) => {
            let (whole, beside) = crate::par::join(view.features.len(), whole, || beside(view));
            (whole, Some(beside))
        }
        None => (whole(), None),
    };
    out.extend(found);
    plan.diagnostics.extend(out);
    diagnostic::sort(&mut plan.diagnostics);
    ((features, graph, sums), beside)
}

/// The rules over the whole plan: the graph's (`graph` when known), links
/// to cut work and work started before what it waits for (`links`, when
/// known), limits (from `links.limits`' plan and sums when known). What
/// they found, the graph's kept apart too, and the limit rule's sums.
fn whole_plan(
    plan: &Plan,
    graph: Option<GraphFound>,
    links: LinksKnown<'_>,
) -> (GraphFound, Vec<Diagnostic>, Option<Sums>) {
    let graph = graph.unwrap_or_else(|| {
        let mut problems = Vec::new();
        let reach = graph::check(plan, &mut problems);
        GraphFound { problems, reach }
    });
    let mut out = graph.problems.clone();
    match links.cut {
        Some(found) => out.extend(found),
        None => graph::cut_links(plan, &mut out),
    }
    match links.progress {
        Some(found) => out.extend(found),
        None => progress::check(plan, &mut out),
    }
    let sums = limits::check(plan, links.limits, &mut out);
    (graph, out, sums)
}

/// Whether every item feature `f` of `plan` names (its milestone, what it
/// depends on) is declared, and of a kind it may name: then the rules
/// about its references find nothing.
pub(crate) fn references_resolve(plan: &Plan, f: &crate::model::FeatureFile) -> bool {
    items::references_resolve(&plan.ids, f)
}

/// The items of two plans of the same [`Shape`] whose files changed (by
/// value), side by side: what a rule's problems known from the plan before
/// ([`found_before`]) may depend on.
fn changed<'p, T>(
    old: &'p [crate::plan::Item<T>],
    now: &'p [crate::plan::Item<T>],
) -> impl Iterator<Item = (&'p crate::plan::Item<T>, &'p crate::plan::Item<T>)> {
    old.iter()
        .zip(now)
        .filter(|(a, b)| !std::sync::Arc::ptr_eq(&a.data, &b.data))
}

/// The problems of code `code` that validating `old` found: what a rule
/// keeps when it has shown they are the same in the plan after.
fn found_before(old: &Plan, code: Code) -> Vec<Diagnostic> {
    old.diagnostics.iter().filter(|d| d.code == code).cloned().collect()
}

/// What the rules over links found, known from a plan validated before
/// ([`check`]); `None` for what must be worked out.
#[derive(Default)]
pub(crate) struct LinksKnown<'o> {
    /// Links to cut features (W0407): [`cut_links_after`].
    pub(crate) cut: Option<Vec<Diagnostic>>,
    /// Work started before what it waits for (W0408): [`progress_after`].
    pub(crate) progress: Option<Vec<Diagnostic>>,
    /// A plan with the same project file validated before, with what the
    /// limit rule added up in it: the rule adds up only the features that
    /// differ.
    pub(crate) limits: Option<LimitsBefore<'o>>,
}

/// The problems of work started before what it waits for in `plan`
/// (W0408), when they are known from `old`, a plan of the same [`Shape`]
/// validated before it: no feature whose file changed has begun, in
/// either.
pub(crate) fn progress_after(old: &Plan, plan: &Plan) -> Option<Vec<Diagnostic>> {
    progress::check_after(old, plan)
}

/// The problems of links to cut features in `plan` (W0407), when they are
/// known from `old`, a plan of the same [`Shape`] validated before it: no
/// item whose file changed is cut or depends on a cut feature, in either.
pub(crate) fn cut_links_after(old: &Plan, plan: &Plan) -> Option<Vec<Diagnostic>> {
    graph::cut_links_after(old, plan)
}

/// Whether the graph rules find the same in `b` as in `a`, two plans of the
/// same [`Shape`]: every item's `graph::GraphInputs` are the same (but for
/// where things are written, when the rules found nothing in `a`: `clean`).
pub(crate) fn same_graph_inputs(a: &Plan, b: &Plan, clean: bool) -> bool {
    graph::same_inputs(a, b, clean)
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
        let project_file = a.project.as_ref().map(|p| p.file) == b.project.as_ref().map(|p| p.file);
        same_project(a, b)
            && project_file
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
pub(crate) fn same_project(a: &Plan, b: &Plan) -> bool {
    let same = |x: &Option<crate::plan::Item<crate::model::ProjectFile>>,
                y: &Option<crate::plan::Item<crate::model::ProjectFile>>| match (x, y) {
        (Some(x), Some(y)) => std::sync::Arc::ptr_eq(&x.data, &y.data) && x.clean == y.clean,
        (None, None) => true,
        _ => false,
    };
    same(&a.project, &b.project) && same(&a.unread_project, &b.unread_project)
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
    /// `None` when `project.toml` is missing or an entry of its
    /// `[[people]]` could not be read: then nobody can say which people
    /// exist, and references to people are not checked.
    people: Option<BTreeSet<&'p str>>,
    /// Working days in a week, for comparing `"1w"` with `"5d"`; `None`
    /// when the calendar's `workdays` could not be read.
    days_per_week: Option<u8>,
    /// The project's calendar, made the first time a rule asks (a plan
    /// without progress dates never does); `None` without a project file.
    calendar: std::sync::OnceLock<Option<crate::schedule::calendar::Calendar>>,
    /// The project file (its start, its calendar); `None` without one, or
    /// when its start could not be read.
    project: Option<&'p crate::model::ProjectFile>,
}

impl<'p> Index<'p> {
    fn new(plan: &'p Plan) -> Index<'p> {
        let project = plan.dated_project().map(|p| &p.data);
        let file = plan.project_file().map(|p| &p.data);
        let people = file
            .filter(|p| !p.read.people_missing)
            .map(|p| p.people.iter().map(|person| person.id.value.as_str()).collect());
        let calendar = file.and_then(|p| p.calendar.as_ref());
        // A week that could not be read is not known (`Calendar::week_unread`).
        let week_known = !calendar.is_some_and(|c| c.week_unread);
        let days_per_week = calendar.and_then(|c| c.workdays.as_ref()).map_or(5, |w| {
            let distinct: BTreeSet<_> = w.value.iter().map(|d| d.value).collect();
            u8::try_from(distinct.len()).unwrap_or(7)
        });
        let days_per_week = week_known.then_some(days_per_week);
        Index {
            ids: &plan.ids,
            people,
            days_per_week,
            calendar: std::sync::OnceLock::new(),
            project: project.map(|p| &**p),
        }
    }

    /// The project's start; `None` without a project file.
    fn project_start(&self) -> Option<crate::model::Date> {
        self.project.map(|p| p.project.start.value)
    }

    /// Whether the project works on `date`; `None` without a project file,
    /// or when its week could not be read.
    fn works_on(&self, date: crate::model::Date) -> Option<bool> {
        self.days_per_week?;
        let cal = self
            .calendar
            .get_or_init(|| {
                self.project
                    .map(|p| crate::schedule::calendar::Calendar::new(p, p.project.start.value))
            })
            .as_ref()?;
        Some(cal.is_working(date.0))
    }

    /// The nearest working day from `date` on (`later`) or back, within a
    /// year.
    fn working_day_from(&self, date: crate::model::Date, later: bool) -> Option<crate::model::Date> {
        let mut d = date.0;
        for _ in 0..366 {
            d = if later { d.tomorrow().ok()? } else { d.yesterday().ok()? };
            if self.works_on(crate::model::Date(d))? {
                return Some(crate::model::Date(d));
            }
        }
        None
    }

    /// Reports `reference` if it does not name a person.
    fn person(&self, file: FileId, reference: &Sp<String>, field: &str, out: &mut Vec<Diagnostic>) {
        let Some(people) = &self.people else { return };
        if people.contains(reference.value.as_str()) {
            return;
        }
        // A likely spelling replaces this once the rules about items have
        // run ([`suggestions::give`]).
        let help = if people.is_empty() {
            "add the person to `[[people]]` in project.toml".to_string()
        } else {
            format!("`{field}` takes a person id from `[[people]]` in project.toml, or add this person there")
        };
        out.push(
            Diagnostic::new(Code::UnknownPerson, format!("unknown person `{}`", reference.value))
                .at(file, reference.span, "no person with this id")
                .help(help)
                .naming_unknown(&reference.value),
        );
    }
}

/// Features and milestones: what a dependency or a risk may name.
const SCHEDULABLE: &[ItemKind] = &[ItemKind::Feature, ItemKind::Milestone];

/// The kinds of item a reference that `code` reports may name: the
/// problems of [`unknown_item`].
fn named_by(code: Code) -> Option<&'static [ItemKind]> {
    match code {
        Code::UnknownMilestone => Some(&[ItemKind::Milestone]),
        Code::UnknownDependency | Code::UnknownRiskTarget => Some(SCHEDULABLE),
        _ => None,
    }
}

/// Reports an id that does not name an item of the kinds `code`'s
/// references may name ([`named_by`]). The message says which kind it names
/// instead, if any; for an id no item has, the help is a likely spelling
/// once the rules about items have run ([`suggestions::give`]), else where
/// ids come from.
fn unknown_item(
    index: &Index<'_>,
    file: FileId,
    reference: &Sp<String>,
    code: Code,
    out: &mut Vec<Diagnostic>,
) -> bool {
    let Some(accepted) = named_by(code) else {
        return false;
    };
    let id = reference.value.as_str();
    let found = index.ids.get(id);
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
            let folders = accepted
                .iter()
                .map(|k| format!("`{}/`", k.folder()))
                .collect::<Vec<_>>()
                .join(" or ");
            out.push(
                Diagnostic::new(code, format!("unknown {wanted} `{id}`"))
                    .at(file, reference.span, format!("no {wanted} with this id"))
                    .help(format!("ids are file names under {folders} without `.toml`"))
                    .naming_unknown(id),
            );
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::load::example;

    /// Validating with work beside finds what validating alone finds, in
    /// the same order; the work runs when every item is valid (the rules
    /// over the whole plan may still find errors: a cycle), and not when
    /// an item has an error, however many it has.
    #[test]
    fn work_beside_runs_once_every_item_is_valid_and_changes_nothing_found() {
        let cases = [
            ("atlas/plan", true, 0),
            ("invalid/warnings", true, 0),
            ("invalid/cycle", true, 1),
            ("invalid/fields", false, 1),
            ("invalid/references", false, 1),
        ];
        for (dir, runs, least_errors) in cases {
            let mut alone = example(dir);
            validate(&mut alone);
            let mut with = example(dir);
            let seen = validate_beside(&mut with, |plan: &Plan| plan.features.len());
            assert_eq!(seen.is_some(), runs, "{dir}");
            if let Some(n) = seen {
                // It saw the plan: all its features.
                assert_eq!(n, alone.features.len(), "{dir}");
            }
            let listed = |p: &Plan| p.diagnostics.iter().map(|d| format!("{d:?}")).collect::<Vec<_>>();
            assert_eq!(listed(&with), listed(&alone), "{dir}");
            assert!(alone.error_count() >= least_errors, "{dir}: {}", alone.error_count());
        }
    }

    /// A missing id gets the suggestion of the kinds its reference takes,
    /// however often it is asked and in whichever order: the ids to
    /// suggest from are kept per set of kinds (`suggestions::give`).
    #[test]
    fn a_missing_id_is_suggested_among_the_kinds_its_reference_takes() {
        use crate::load::{assemble_from, test_file as file};
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let beta = file("milestones/beta.toml", "title = \"Beta\"\n");
        let betas = file("features/betas.toml", "title = \"Betas\"\nestimate = \"2d\"\n");
        let both = "milestone = \"betass\"\ndepends-on = [\"betass\"]\n";
        let uses = [
            file("features/c.toml", &format!("title = \"C\"\nestimate = \"1d\"\n{both}")),
            file("features/d.toml", &format!("title = \"D\"\nestimate = \"1d\"\n{both}")),
        ];
        let mut plan = assemble_from([&project, &beta, &betas, &uses[0], &uses[1]]);
        validate(&mut plan);
        let help = |code: Code| -> Vec<Option<String>> {
            plan.diagnostics
                .iter()
                .filter(|d| d.code == code)
                .map(|d| d.help.clone())
                .collect()
        };
        let said = |id: &str| Some(format!("did you mean `{id}`?"));
        assert_eq!(help(Code::UnknownMilestone), [said("beta"), said("beta")]);
        assert_eq!(help(Code::UnknownDependency), [said("betas"), said("betas")]);
    }
}
