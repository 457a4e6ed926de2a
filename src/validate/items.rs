//! Rules for single milestones, features and risks, and their references.

use super::{Index, SCHEDULABLE, unknown_item};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::model::{Date, Dependency, Estimate, FeatureFile, Status};
use crate::plan::{Item, ItemKind, Plan};
use crate::span::Sp;

/// Checks every milestone, feature and risk. `reuse(i)` gives the problems
/// already known for the feature at position `i`, if they are known; the
/// features' problems are returned, by position, for the next plan.
pub(super) fn check<'m>(
    plan: &Plan,
    index: &Index<'_>,
    reuse: &(dyn Fn(usize) -> Option<&'m Vec<Diagnostic>> + Sync),
    parallel: bool,
    out: &mut Vec<Diagnostic>,
) -> Vec<(usize, Vec<Diagnostic>)> {
    for m in &plan.milestones {
        let data = &m.data;
        if let Some(owner) = &data.owner {
            index.person(m.file, owner, "owner", out);
        }
        if let (Some(deadline), Some(start)) = (&data.deadline, index.project_start())
            && deadline.value < start
        {
            let mut d = Diagnostic::new(
                Code::DeadlineBeforeStart,
                format!(
                    "the deadline {} of `{}` is before the project starts ({start})",
                    deadline.value, m.id
                ),
            )
            .at(m.file, deadline.span, "before the project start")
            .help("move the deadline, or the project's `start` in project.toml");
            if let Some(p) = plan.dated_project() {
                d = d.also(p.file, p.data.project.start.span, "the project starts here");
            }
            out.push(d);
        }
        dependencies(index, m.file, &m.id, &data.depends_on, out);
    }

    let fresh = |i: usize| {
        let mut found = Vec::new();
        if let Some(f) = plan.features.get(i) {
            feature(index, f, &mut found);
        }
        found
    };
    let per_feature: Vec<(usize, Vec<Diagnostic>)> = if parallel {
        // Thousands of features, each checked on its own: use every core.
        let positions: Vec<usize> = (0..plan.features.len()).collect();
        crate::par::map(&positions, |&i| reuse(i).cloned().unwrap_or_else(|| fresh(i)))
            .into_iter()
            .enumerate()
            .filter(|(_, found)| !found.is_empty())
            .collect()
    } else {
        // One plan after another (a history walk): most features are known
        // to have no problem, at the cost of a pointer comparison and a
        // look in the memo each.
        (0..plan.features.len())
            .filter_map(|i| match reuse(i) {
                Some(known) if known.is_empty() => None,
                Some(known) => Some((i, known.clone())),
                None => Some((i, fresh(i))).filter(|(_, found)| !found.is_empty()),
            })
            .collect()
    };
    out.extend(per_feature.iter().flat_map(|(_, found)| found.iter().cloned()));

    for r in &plan.risks {
        let data = &r.data;
        if let Some(owner) = &data.owner {
            index.person(r.file, owner, "owner", out);
        }
        for target in &data.affects {
            unknown_item(index, r.file, target, Code::UnknownRiskTarget, out);
        }
    }
    per_feature
}

/// A feature's own rules: they read the feature and `index`, and no other
/// item (their problems are reused on that basis: see [`crate::incremental::Memo`]).
fn feature(index: &Index<'_>, item: &Item<FeatureFile>, out: &mut Vec<Diagnostic>) {
    let (file, id, f) = (item.file, &*item.id, &item.data);
    let status = f.status();
    if let Some(m) = &f.milestone {
        unknown_item(index, file, m, Code::UnknownMilestone, out);
    }
    if let Some(owner) = &f.owner {
        index.person(file, owner, "owner", out);
    }
    dependencies(index, file, id, &f.depends_on, out);

    if let Some(estimate) = &f.estimate {
        estimate_values(file, estimate, index.days_per_week, out);
    }
    if let Some(rem) = &f.remaining {
        non_negative(file, rem.span, rem.value.amount, "remaining", out);
    }
    progress_dates(file, id, f, status, item.clean, out);
    for (key, date, later) in [("started", &f.started, true), ("finished", &f.finished, false)] {
        if let Some(date) = date {
            off_calendar(index, file, key, date, later, out);
        }
    }

    // A file with errors may have lost the very value these rules look for.
    let committed = item.clean && matches!(status, Status::Planned | Status::InProgress | Status::Blocked);
    if committed {
        commitment(file, id, f, status, out);
    }
    if item.clean && matches!(status, Status::Planned | Status::Proposed) {
        remaining_not_started(file, id, f, status, out);
    }
}

/// `remaining` on feature `id`, which has not started (`status`: planned
/// or proposed): the work left of work that started or was blocked, read
/// for nothing else, so the schedule and the report count the estimate
/// alone (docs/scheduling.md).
fn remaining_not_started(file: FileId, id: &str, f: &FeatureFile, status: Status, out: &mut Vec<Diagnostic>) {
    let Some(rem) = &f.remaining else { return };
    let counted = match &f.estimate {
        Some(e) => format!("its whole estimate ({})", e.value),
        None => "0 days, as it has no `estimate`".to_string(),
    };
    out.push(
        Diagnostic::new(
            Code::RemainingNotStarted,
            format!(
                "`{id}` is {status}, not started, so its `remaining` ({}) is not read: the schedule and the report count {counted}",
                rem.value
            ),
        )
        .at(file, rem.span, "read only once work has started")
        .help(format!(
            "if the work is {} in all, write `estimate = \"{}\"` and drop `remaining`; if work on it has started, set `status = \"in-progress\"` and `started = YYYY-MM-DD`",
            rem.value, rem.value
        )),
    );
}

/// A `started` (`later`: the schedule counts from the next working day)
/// or `finished` date (from the one before) on a day the project does not
/// work: a weekend, a holiday. Work done that day counts for nothing.
fn off_calendar(index: &Index<'_>, file: FileId, key: &str, date: &Sp<Date>, later: bool, out: &mut Vec<Diagnostic>) {
    if index.works_on(date.value) != Some(false) {
        return;
    }
    let weekday = format!("{:?}", date.value.0.weekday());
    let counted = match (index.working_day_from(date.value, later), later) {
        (Some(d), true) => format!("the schedule counts it from the next working day, {d}"),
        (Some(d), false) => format!("the schedule counts the work as finished on the working day before, {d}"),
        (None, _) => "the schedule counts it on the nearest working day".to_string(),
    };
    out.push(
        Diagnostic::new(
            Code::DateOffCalendar,
            format!(
                "`{key}` {} is a {weekday}, a day the project does not work: {counted}",
                date.value
            ),
        )
        .at(file, date.span, "not a working day")
        .help(format!(
            "write the working day the work {} on, or make the day a working day in `[calendar]` (`workdays`, `holidays`)",
            if later { "started" } else { "finished" }
        )),
    );
}

/// An estimate's durations are not negative and, for a three-point
/// estimate, in order (`low <= likely <= high`, in working days of a week
/// of `days_per_week`; when the week is not known, only two points in the
/// same unit are compared).
fn estimate_values(file: FileId, estimate: &Sp<Estimate>, days_per_week: Option<u8>, out: &mut Vec<Diagnostic>) {
    match &estimate.value {
        Estimate::Single(d) => non_negative(file, estimate.span, d.amount, "estimate", out),
        Estimate::ThreePoint(t) => {
            for (name, p) in [("low", &t.low), ("likely", &t.likely), ("high", &t.high)] {
                non_negative(file, p.span, p.value.amount, name, out);
            }
            let days = |p: &Sp<crate::model::Duration>| p.value.working_days(days_per_week.unwrap_or(5));
            for (a, an, b, bn) in [
                (&t.low, "low", &t.likely, "likely"),
                (&t.likely, "likely", &t.high, "high"),
            ] {
                let comparable = days_per_week.is_some() || a.value.unit == b.value.unit;
                if comparable && days(a) > days(b) {
                    out.push(
                        Diagnostic::new(
                            Code::EstimateOrder,
                            format!("`{an}` ({}) is more than `{bn}` ({})", a.value, b.value),
                        )
                        .at(file, a.span, format!("`{an}` here"))
                        .also(file, b.span, format!("`{bn}` here"))
                        .help("a three-point estimate needs `low <= likely <= high`"),
                    );
                }
            }
        }
    }
}

/// Feature `id`'s progress dates: it finished no earlier than it started;
/// done, it has a `finished` date; in progress, a `started` one (unless its
/// file is not `clean`: a date that could not be read is reported as
/// such, not as missing).
fn progress_dates(file: FileId, id: &str, f: &FeatureFile, status: Status, clean: bool, out: &mut Vec<Diagnostic>) {
    if let (Some(start), Some(finish)) = (&f.started, &f.finished)
        && finish.value < start.value
    {
        out.push(
            Diagnostic::new(
                Code::FinishedBeforeStarted,
                format!("`{id}` finished ({}) before it started ({})", finish.value, start.value),
            )
            .at(file, finish.span, "finished here")
            .also(file, start.span, "started here")
            .help("`finished` is the last day of work and cannot come before `started`"),
        );
    }
    let status_span = f.status.as_ref().map(|s| s.span);
    if clean && status == Status::Done && f.finished.is_none() {
        out.push(
            Diagnostic::new(
                Code::DoneWithoutFinish,
                format!("`{id}` is done but has no `finished` date"),
            )
            .at(file, status_span.unwrap_or_default(), "done")
            .help("add `finished = YYYY-MM-DD`, the last day of work"),
        );
    }
    if clean && status == Status::InProgress && f.started.is_none() {
        out.push(
            Diagnostic::new(
                Code::StartedWithoutStart,
                format!("`{id}` is in progress but has no `started` date"),
            )
            .at(file, status_span.unwrap_or_default(), "in progress")
            .help("add `started = YYYY-MM-DD`, the first day of work"),
        );
    }
}

/// Feature `id`, committed to (planned, in progress or blocked: `status`),
/// has an owner and an estimate (or what remains); blocked after starting,
/// it says what remains.
fn commitment(file: FileId, id: &str, f: &FeatureFile, status: Status, out: &mut Vec<Diagnostic>) {
    let at = f.status.as_ref().map_or(f.title.span, |s| s.span);
    if f.owner.is_none() {
        out.push(
            Diagnostic::new(Code::NoOwner, format!("`{id}` is {status} but has no owner"))
                .at(file, at, "no `owner`")
                .help("add `owner = \"<person id>\"`, or set `status = \"proposed\"` while it is only an idea"),
        );
    }
    if f.estimate.is_none() && f.remaining.is_none() {
        out.push(
            Diagnostic::new(Code::NoEstimate, format!("`{id}` is {status} but has no estimate"))
                .at(file, at, "no `estimate`")
                .help("add `estimate = \"3d\"` (or `{ low = \"2d\", likely = \"3d\", high = \"6d\" }`); without it the work counts as 0 days"),
        );
    }
    if status == Status::Blocked
        && f.remaining.is_none()
        && let (Some(started), Some(estimate)) = (&f.started, &f.estimate)
    {
        // Blocked work makes no progress, and how much was done before it
        // was blocked is nowhere in the plan (docs/scheduling.md).
        out.push(
            Diagnostic::new(
                Code::BlockedWithoutRemaining,
                format!(
                    "`{id}` is blocked after starting on {} and has no `remaining`: its forecast assumes the whole estimate ({}) is left",
                    started.value, estimate.value
                ),
            )
            .at(file, at, "blocked")
            .also(file, started.span, "started here")
            .help(format!(
                "set `remaining` to the working days left when it resumes, at most its estimate ({}): it is assumed unblocked on the status date",
                estimate.value
            )),
        );
    }
}

/// Whether every item `f` names (its milestone, what it depends on) is
/// declared, and of a kind it may name: then the rules about its references
/// find nothing, in any plan with the same people and calendar.
pub(super) fn references_resolve(ids: &crate::plan::IdMap<crate::plan::Declared>, f: &FeatureFile) -> bool {
    let is = |id: &str, kinds: &[ItemKind]| ids.get(id).is_some_and(|d| kinds.contains(&d.kind));
    f.milestone
        .as_ref()
        .is_none_or(|m| is(&m.value, &[ItemKind::Milestone]))
        && f.depends_on.iter().all(|d| is(&d.value.id().value, SCHEDULABLE))
}

fn non_negative(file: FileId, span: crate::span::Span, amount: f64, field: &str, out: &mut Vec<Diagnostic>) {
    if amount < 0.0 {
        out.push(
            Diagnostic::new(Code::OutOfRange, format!("`{field}` cannot be negative"))
                .at(file, span, "negative")
                .help("only dependency lags can be negative (a lead)"),
        );
    }
}

fn dependencies(index: &Index<'_>, file: FileId, id: &str, deps: &[Sp<Dependency>], out: &mut Vec<Diagnostic>) {
    // A short list: items have a handful of dependencies.
    let mut seen: Vec<&Sp<String>> = Vec::with_capacity(deps.len());
    for dep in deps {
        let target = dep.value.id();
        if target.value == id {
            out.push(
                Diagnostic::new(Code::SelfDependency, format!("`{id}` depends on itself"))
                    .at(file, target.span, "this is the item's own id")
                    .help("remove this entry from `depends-on`"),
            );
            continue;
        }
        if unknown_item(index, file, target, Code::UnknownDependency, out) {
            continue;
        }
        match seen.iter().find(|s| s.value == target.value) {
            Some(first) => out.push(
                Diagnostic::new(
                    Code::DuplicateDependency,
                    format!("`{id}` depends on `{}` twice", target.value),
                )
                .at(file, target.span, "listed again")
                .also(file, first.span, "first listed here")
                .help("keep one entry; with different types or lags, the tighter link would win anyway"),
            ),
            None => seen.push(target),
        }
    }
}

#[cfg(test)]
mod tests {
    /// The codes `check` gives the plan of `files`, in order.
    fn codes(files: &[(&str, &str)]) -> Vec<String> {
        let plan = crate::test_plan(files);
        plan.diagnostics.iter().map(|d| d.code.id().to_string()).collect()
    }

    /// Each problem of `plan`: its code, message and help.
    fn said(plan: &crate::plan::Plan) -> Vec<(&str, &str, &str)> {
        plan.diagnostics
            .iter()
            .map(|d| (d.code.id(), d.message.as_str(), d.help.as_deref().unwrap_or_default()))
            .collect()
    }

    const PROJECT: &str = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

    /// An item without its `title` is kept (with none), so that its other
    /// problems are reported at once: an owner nobody is, a link to
    /// itself, a deadline before the project starts; and the items that
    /// refer to it find it.
    #[test]
    fn an_item_without_a_title_hides_no_other_problem() {
        let feature = "owner = \"bo\"\nestimate = \"3d\"\nmilestone = \"m\"\ndepends-on = [\"a\"]\n";
        let milestone = "deadline = 2026-01-05\n";
        let risk = "title = \"R\"\nprobability = 0.5\naffects = [\"a\"]\n";
        let found = codes(&[
            ("project.toml", PROJECT),
            ("features/a.toml", feature),
            ("milestones/m.toml", milestone),
            ("risks/r.toml", risk),
        ]);
        assert_eq!(found, ["E0103", "E0202", "E0205", "E0103", "E0305"]);
    }

    /// A risk without its `probability` is kept too: an owner nobody is
    /// and an item it affects that is not in the plan are reported with
    /// the missing key (they came only once it was added).
    #[test]
    fn a_risk_without_a_probability_hides_no_other_problem() {
        let risk = "title = \"R\"\nowner = \"bo\"\naffects = [\"nowhere\"]\n";
        let found = codes(&[("project.toml", PROJECT), ("risks/r.toml", risk)]);
        assert_eq!(found, ["E0103", "E0202", "E0204"]);
    }

    /// With only its `name` missing, `[project]`'s start is read by the
    /// rules about dates (a deadline before it, E0305; a `started` on a
    /// Saturday, W0406); without its start, they stand back.
    #[test]
    fn a_project_without_a_name_still_dates_the_plan() {
        let milestone = "title = \"M\"\ndeadline = 2026-01-05\n";
        let feature = "title = \"A\"\nestimate = \"3d\"\nstatus = \"in-progress\"\nstarted = 2026-03-07\n";
        let files = |project: &'static str| {
            codes(&[
                ("project.toml", project),
                ("milestones/m.toml", milestone),
                ("features/a.toml", feature),
            ])
        };
        assert_eq!(
            files("[project]\nstart = 2026-03-02\n"),
            ["W0402", "W0406", "E0305", "E0103"]
        );
        assert_eq!(files("[project]\nname = \"T\"\n"), ["W0402", "E0103"]);
    }

    /// One mistake, one problem, with what to write: a misspelled
    /// required key is an unknown key with the one it should be (not also
    /// a missing key); `[people]` for `[[people]]` says to double the
    /// brackets; no `[project]` says what it needs; a table written as
    /// text shows the table.
    #[test]
    fn a_mistake_is_said_once_with_the_fix() {
        let plan = crate::test_plan(&[
            ("project.toml", "[people]\nid = \"a\"\nname = \"A\"\n"),
            ("features/a.toml", "titel = \"A\"\nestimate = \"2d\"\n"),
            ("risks/r.toml", "title = \"R\"\nprobability = 0.3\nimpact = \"high\"\n"),
        ]);
        let said = said(&plan);
        assert_eq!(
            said,
            [
                ("E0101", "unknown key `titel` in a feature", "did you mean `title`?"),
                (
                    "E0103",
                    "project.toml is missing its `[project]` table",
                    "add `[project]` with the project's `name` and `start` (e.g. `start = 2026-03-02`); see `milepost help format`"
                ),
                (
                    "E0102",
                    "`people` must be an array, found a table",
                    "write each entry under `[[people]]` (two brackets), or `people = [...]`"
                ),
                (
                    "E0102",
                    "`impact` must be a table, found a string",
                    "write a table: `impact = { days = 5, cost = 2000 }`"
                ),
            ]
        );
    }

    /// A key spelled as another tool spells it (PERT's `optimistic`, a
    /// tracker's `assignee`, `name` for an item's `title`) is one mistake
    /// with the key milepost reads, as a misspelling is: not also the
    /// required key missing.
    #[test]
    fn another_tool_s_key_is_said_once_with_ours() {
        let plan = crate::test_plan(&[
            ("project.toml", "[project]\nname = \"T\"\nstart = 2026-03-02\n"),
            (
                "features/a.toml",
                "name = \"A\"\nassignee = \"ana\"\nestimate = { optimistic = \"1d\", likely = \"2d\", pessimistic = \"4d\" }\n",
            ),
        ]);
        let said = said(&plan);
        assert_eq!(
            said,
            [
                ("E0101", "unknown key `name` in a feature", "did you mean `title`?"),
                ("E0101", "unknown key `assignee` in a feature", "did you mean `owner`?"),
                (
                    "E0101",
                    "unknown key `optimistic` in a three-point estimate",
                    "did you mean `low`?"
                ),
                (
                    "E0101",
                    "unknown key `pessimistic` in a three-point estimate",
                    "did you mean `high`?"
                ),
            ]
        );
    }

    /// A day of time off written as a date is told the shape of a range of
    /// one day (it was told to write `time-off = { ... }`, itself wrong).
    #[test]
    fn a_day_off_written_as_a_date_is_shown_as_a_range() {
        let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [2026-08-21]\n";
        let plan = crate::test_plan(&[("project.toml", project)]);
        let helps: Vec<&str> = plan.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
        assert_eq!(
            helps,
            ["each entry is a range: `time-off = [{ from = 2026-08-21, to = 2026-08-21 }]` for the one day"]
        );
    }

    /// A week with a day that cannot be read (`"satt"`) is not the week of
    /// its other days: nothing reads it, so a six-day week's `6d` against
    /// `1w`, a Saturday `started` and someone who works Saturdays are not
    /// reported as mistakes next to the one there is. Durations in one unit
    /// are still compared; a person's own week is read whole too.
    #[test]
    fn a_week_that_cannot_be_read_makes_no_other_mistake() {
        let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[calendar]\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"satt\"]\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\nworkdays = [\"sat\"]\n\n[[people]]\nid = \"bo\"\nname = \"Bo\"\nworkdays = [\"mon\", \"tues\"]\n";
        let feature = "title = \"A\"\nowner = \"ana\"\nestimate = { low = \"6d\", likely = \"1w\", high = \"1w\" }\nstatus = \"in-progress\"\nstarted = 2026-03-07\n";
        let reversed = "title = \"B\"\nowner = \"bo\"\nestimate = { low = \"4d\", likely = \"3d\", high = \"5d\" }\n";
        let found = codes(&[
            ("project.toml", project),
            ("features/a.toml", feature),
            ("features/b.toml", reversed),
        ]);
        assert_eq!(found, ["E0301", "E0106", "E0106"]);
    }

    /// A warning found while decoding (a tab in the title) leaves nothing
    /// out, so it hides none of the rules about missing values: a done
    /// feature without `finished` is still an error, and the plan invalid.
    #[test]
    fn a_warning_hides_no_missing_value() {
        let done = "title = \"A\\tB\"\nowner = \"ana\"\nestimate = \"3d\"\nstatus = \"done\"\n";
        let plan = crate::test_plan(&[("project.toml", PROJECT), ("features/a.toml", done)]);
        let found: Vec<(&str, &str)> = plan
            .diagnostics
            .iter()
            .map(|d| (d.code.id(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                ("W0008", "`title` holds a tab, shown as a space"),
                ("E0303", "`a` is done but has no `finished` date")
            ]
        );
        let started = "title = \"A\\u0007\"\nowner = \"ana\"\nestimate = \"3d\"\nstatus = \"in-progress\"\n";
        assert_eq!(
            codes(&[("project.toml", PROJECT), ("features/a.toml", started)]),
            ["W0008", "E0304"]
        );
    }

    /// However `[project]` fails to be read (missing, not a table, without
    /// its name or start), the rest of `project.toml` is still checked
    /// (Ana's capacity, E0107) and so are references to its people (E0202),
    /// and the plan has no project to schedule. When an entry of
    /// `[[people]]` cannot be read, references are not checked: each would
    /// be reported again as an unknown person.
    #[test]
    fn a_project_that_cannot_be_read_hides_no_other_problem() {
        let people = "[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0\n";
        let feature = "title = \"A\"\nowner = \"bo\"\nestimate = \"3d\"\n";
        for (head, first) in [
            ("", "E0103"),
            ("project = \"T\"\n", "E0102"),
            ("[project]\nstart = 2026-03-02\n", "E0103"),
            ("[project]\nname = \"T\"\nstart = \"soon\"\n", "E0105"),
        ] {
            let project = format!("{head}{people}");
            let plan = crate::test_plan(&[("project.toml", &project), ("features/a.toml", feature)]);
            let found: Vec<&str> = plan.diagnostics.iter().map(|d| d.code.id()).collect();
            assert_eq!(found, ["E0202", first, "E0107"], "{head:?}");
            assert!(plan.project.is_none(), "{head:?}");
            assert!(plan.unread_project.is_some(), "{head:?}");
        }
        // A person without a name is kept, and checked: Bo's capacity.
        let nameless = format!("{PROJECT}\n[[people]]\nid = \"bo\"\ncapacity = 0\n");
        assert_eq!(
            codes(&[("project.toml", &nameless), ("features/a.toml", feature)]),
            ["E0103", "E0107"]
        );
        // Without an id, an entry cannot be kept: Bo may be the one it meant.
        let unreadable = format!("{PROJECT}\n[[people]]\nname = \"Bo\"\n");
        assert_eq!(
            codes(&[("project.toml", &unreadable), ("features/a.toml", feature)]),
            ["E0103"]
        );
        let not_a_list = "people = 3\n[project]\nname = \"T\"\nstart = 2026-03-02\n";
        assert_eq!(
            codes(&[("project.toml", not_a_list), ("features/a.toml", feature)]),
            ["E0102"]
        );
        // `[[person]]` for `[[people]]`: its people are not "unknown".
        let misspelled = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[person]]\nid = \"bo\"\nname = \"Bo\"\n";
        assert_eq!(
            codes(&[("project.toml", misspelled), ("features/a.toml", feature)]),
            ["E0101"]
        );
        let readable = format!("{PROJECT}\n[[people]]\nid = \"bo\"\nname = \"Bo\"\n");
        assert!(codes(&[("project.toml", &readable), ("features/a.toml", feature)]).is_empty());
    }

    /// A `started` or `finished` date that cannot be read is reported as
    /// such, once: not also as missing (E0304, E0303), which would send the
    /// reader looking for a key that is there. Without the key at all, it
    /// is missing.
    #[test]
    fn a_date_that_cannot_be_read_is_not_also_missing() {
        for (status, key, missing) in [("in-progress", "started", "E0304"), ("done", "finished", "E0303")] {
            let feature = |date: &str| {
                format!("title = \"A\"\nowner = \"ana\"\nestimate = \"3d\"\nstatus = \"{status}\"\nstarted = 2026-03-02\n{key} = {date}\n")
                    .replace("started = 2026-03-02\nstarted", "started")
            };
            for bad in ["2026-02-30", "\"2026-3-2\""] {
                let found = codes(&[("project.toml", PROJECT), ("features/a.toml", &feature(bad))]);
                assert!(!found.is_empty(), "{status} {bad}: the date is not reported");
                assert!(!found.iter().any(|c| c == missing), "{status} {bad}: {found:?}");
            }
            let without = format!("title = \"A\"\nowner = \"ana\"\nestimate = \"3d\"\nstatus = \"{status}\"\n");
            let found = codes(&[("project.toml", PROJECT), ("features/a.toml", &without)]);
            assert!(found.iter().any(|c| c == missing), "{status}: {found:?}");
        }
    }
}
