//! W0408 `started-before-predecessor`: work that started (or, held by its
//! finish, finished) before the work it waits for started at all. Work
//! that has started is past its start links (FS, SS), and done work past
//! all of them: the schedule keeps the dates written and drops those links
//! (the progress override, docs/scheduling.md). Overlap is common and
//! allowed (a feature started while the one it waits for is being
//! finished); work done while what it needs is still `planned` is not: a
//! status or a date is wrong, or the link is. A link with a lead (a
//! negative lag) says the overlap is meant and is not checked.
//!
//! A history walk validates a plan per commit: what the plan before found
//! is kept when no work that started changed ([`check_after`]), and worked
//! out afresh otherwise.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Date, Dependency, DependencyType, FeatureFile, Status};
use crate::plan::{Item, Plan};
use crate::span::Sp;

/// What a feature's file says of its progress.
struct Actual<'f> {
    /// In progress, done, or blocked after it started.
    begun: bool,
    done: bool,
    /// Its `started`, when it has begun.
    started: Option<&'f Sp<Date>>,
    /// Its `finished`, when it is done.
    finished: Option<&'f Sp<Date>>,
}

impl Actual<'_> {
    fn of(f: &FeatureFile) -> Actual<'_> {
        let status = f.status();
        let done = status == Status::Done;
        let begun = done || status == Status::InProgress || (status == Status::Blocked && f.started.is_some());
        Actual {
            begun,
            done,
            started: f.started.as_ref().filter(|_| begun),
            finished: f.finished.as_ref().filter(|_| done),
        }
    }
}

/// Appends a W0408 problem to `out` for each link into a feature of `plan`
/// that its progress contradicts.
pub(super) fn check(plan: &Plan, out: &mut Vec<Diagnostic>) {
    for item in &plan.features {
        let me = Actual::of(&item.data);
        if !me.begun {
            continue;
        }
        for dep in &item.data.depends_on {
            if dep.value.lag().is_some_and(|lag| lag.value.amount < 0.0) {
                continue;
            }
            let target = &dep.value.id().value;
            let Some(other) = plan.feature(target) else {
                // A milestone (no dates of its own), or a name that is
                // reported elsewhere.
                continue;
            };
            if other.data.status() == Status::Cut {
                // W0407 says the link is dropped.
                continue;
            }
            out.extend(against(item, &me, other, dep));
        }
    }
}

/// What [`check`] finds in `plan`, known from `old`, a plan of the same
/// shape validated before it: its W0408 problems, when every feature whose
/// file changed (by value) has not begun in either plan, and is cut in both
/// or in neither. A feature that has not begun has no problem of its own,
/// and is named in another's only as "has not started", from its id: every
/// problem is then about files that are the same values at the same places,
/// and so are the messages and positions. `None` when it cannot be known so
/// (a commit that starts or finishes work, or edits work under way).
pub(super) fn check_after(old: &Plan, plan: &Plan) -> Option<Vec<Diagnostic>> {
    let quiet = |f: &FeatureFile| !Actual::of(f).begun;
    let cut = |f: &FeatureFile| f.status() == Status::Cut;
    for (a, b) in super::changed(&old.features, &plan.features) {
        if !quiet(&a.data) || !quiet(&b.data) || cut(&a.data) != cut(&b.data) {
            return None;
        }
    }
    Some(super::found_before(old, Code::StartedBeforePredecessor))
}

/// How `item`'s progress (`me`) goes against its link `dep` to `other`:
/// the problem, pointing at the link, or `None` when it does not (or
/// cannot be told).
fn against(
    item: &Item<FeatureFile>,
    me: &Actual<'_>,
    other: &Item<FeatureFile>,
    dep: &Sp<Dependency>,
) -> Option<Diagnostic> {
    let kind = dep.value.kind();
    // An FS or SS link binds the start: checked once the work started. An
    // FF or SF link binds the finish, and the schedule holds work in
    // progress to it: checked once the work is done.
    let (what, mine, my_word) = match kind {
        DependencyType::FinishToStart | DependencyType::StartToStart => ("has started", me.started, "started"),
        DependencyType::FinishToFinish | DependencyType::StartToFinish if me.done => {
            ("is done", me.finished, "finished")
        }
        _ => return None,
    };
    let it = Actual::of(&other.data);
    let (id, target) = (&item.id, &other.id);
    let link = kind.as_str();
    // (Only written out for a problem: a history walk checks every commit.)
    let dropped = || format!("the schedule keeps `{id}`'s dates and drops the link");
    if !it.begun {
        return Some(
            Diagnostic::new(
                Code::StartedBeforePredecessor,
                format!(
                    "`{id}` {what}, but `{target}`, which it waits for ({link}), has not started: {}",
                    dropped()
                ),
            )
            .at(item.file, dep.span, format!("`{target}` has not started"))
            .help(format!(
                "if `{target}` has started, give it `status = \"in-progress\"` and its `started` date; if `{id}` has not, correct its status; if `{id}` does not need `{target}`, remove the link"
            )),
        );
    }
    let (mine, theirs) = (mine?, it.started?);
    if mine.value >= theirs.value {
        return None;
    }
    Some(
        Diagnostic::new(
            Code::StartedBeforePredecessor,
            format!(
                "`{id}` {my_word} on {}, but `{target}`, which it waits for ({link}), started on {}: {}",
                mine.value,
                theirs.value,
                dropped()
            ),
        )
        .at(item.file, dep.span, format!("`{target}` started {}", theirs.value))
        .also(other.file, theirs.span, format!("`{target}` started here"))
        .help(format!(
            "correct the date that is wrong (`{id}`'s `{my_word}` or `{target}`'s `started`); if the work really went in that order, `{id}` does not wait for `{target}`: remove the link, or give it the type that says what it waits for"
        )),
    )
}

#[cfg(test)]
mod tests {
    const PROJECT: &str = "[project]\nname = \"T\"\nstart = 2026-03-02\n";

    /// The W0408 messages `check` gives a plan of `p` (the feature waited
    /// for) and `b` (the feature with the link `link`), each given as the
    /// lines of its file after its title.
    fn found(p: &str, b: &str, link: &str) -> Vec<String> {
        let p = format!("title = \"P\"\nestimate = \"3d\"\n{p}");
        let b = format!("title = \"B\"\nestimate = \"3d\"\ndepends-on = [{link}]\n{b}");
        let plan = crate::test_plan(&[
            ("project.toml", PROJECT),
            ("features/p.toml", &p),
            ("features/b.toml", &b),
        ]);
        let others: Vec<_> = plan.diagnostics.iter().filter(|d| d.code.id() != "W0408").collect();
        assert!(others.iter().all(|d| d.code.id().starts_with("W04")), "{others:?}");
        plan.diagnostics
            .iter()
            .filter(|d| d.code.id() == "W0408")
            .map(|d| d.message.clone())
            .collect()
    }

    const DONE_3_TO_5: &str = "status = \"done\"\nstarted = 2026-03-03\nfinished = 2026-03-05\n";
    const DOING_FROM_4: &str = "status = \"in-progress\"\nstarted = 2026-03-04\n";
    const PLANNED: &str = "";

    /// Each link type against each kind of progress. FS and SS links bind
    /// the start: checked once the work started, against the other's start
    /// (on the same day is kept). FF and SF links bind the finish, which the
    /// schedule still holds work in progress to: checked once the work is
    /// done, its finish against the other's start. Overlap is not reported.
    #[test]
    fn progress_is_checked_against_each_link_type() {
        let dropped = "the schedule keeps `b`'s dates and drops the link";
        let not_started = |what: &str, link: &str| {
            Some(format!(
                "`b` {what}, but `p`, which it waits for ({link}), has not started: {dropped}"
            ))
        };
        let fs = "\"p\"";
        let ss = "{ id = \"p\", type = \"SS\", lag = \"2d\" }";
        let ff = "{ id = \"p\", type = \"FF\" }";
        let sf = "{ id = \"p\", type = \"SF\" }";
        let doing_from = |day: &str| format!("status = \"in-progress\"\nstarted = 2026-03-{day}\n");
        let done =
            |from: &str, to: &str| format!("status = \"done\"\nstarted = 2026-03-{from}\nfinished = 2026-03-{to}\n");
        let blocked_before_starting = "status = \"blocked\"\n";
        let cases: Vec<(&str, String, &str, Option<String>)> = vec![
            // P done from the 3rd to the 5th; B started on its last day, or
            // while P is in progress: overlap, not reported.
            (DONE_3_TO_5, doing_from("05"), fs, None),
            (DOING_FROM_4, doing_from("05"), fs, None),
            // B started on the 3rd, before P started on the 4th.
            (
                DOING_FROM_4,
                doing_from("03"),
                fs,
                Some(format!(
                    "`b` started on 2026-03-03, but `p`, which it waits for (FS), started on 2026-03-04: {dropped}"
                )),
            ),
            (DOING_FROM_4, doing_from("04"), ss, None),
            (
                DOING_FROM_4,
                done("02", "06"),
                ss,
                Some(format!(
                    "`b` started on 2026-03-02, but `p`, which it waits for (SS), started on 2026-03-04: {dropped}"
                )),
            ),
            // P has not started: planned, or blocked before it started.
            (PLANNED, doing_from("05"), fs, not_started("has started", "FS")),
            (
                blocked_before_starting,
                "status = \"blocked\"\nstarted = 2026-03-05\n".into(),
                fs,
                not_started("has started", "FS"),
            ),
            // B not started (blocked before starting): the schedule holds it.
            (PLANNED, blocked_before_starting.into(), fs, None),
            // A lead says the overlap is meant.
            (PLANNED, doing_from("05"), "{ id = \"p\", lag = \"-2d\" }", None),
            // FF and SF: work in progress is held to the link still.
            (PLANNED, doing_from("02"), ff, None),
            (PLANNED, done("02", "03"), ff, not_started("is done", "FF")),
            (
                DOING_FROM_4,
                done("02", "03"),
                sf,
                Some(format!(
                    "`b` finished on 2026-03-03, but `p`, which it waits for (SF), started on 2026-03-04: {dropped}"
                )),
            ),
            // Finished on the day P started: kept; and FF against P's start only.
            (DOING_FROM_4, done("02", "04"), sf, None),
            (DONE_3_TO_5, done("02", "04"), ff, None),
        ];
        for (p, b, link, expected) in cases {
            let got = found(p, &b, link);
            assert_eq!(
                got,
                expected.into_iter().collect::<Vec<_>>(),
                "P: {p:?}, B: {b:?}, link {link}"
            );
        }
    }

    /// The problem points at the link, says how to fix it, and shows where
    /// the other feature's start is written; links to milestones and to cut
    /// features are not checked.
    #[test]
    fn the_problem_points_at_the_link_and_the_date() {
        let plan = crate::test_plan(&[
            ("project.toml", PROJECT),
            ("milestones/m.toml", "title = \"M\"\n"),
            (
                "features/p.toml",
                &format!("title = \"P\"\nestimate = \"3d\"\n{DONE_3_TO_5}"),
            ),
            (
                "features/gone.toml",
                "title = \"Gone\"\nestimate = \"3d\"\nstatus = \"cut\"\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nestimate = \"3d\"\ndepends-on = [\"m\", \"gone\", \"p\"]\nstatus = \"in-progress\"\nstarted = 2026-03-02\n",
            ),
        ]);
        let w: Vec<_> = plan.diagnostics.iter().filter(|d| d.code.id() == "W0408").collect();
        assert_eq!(w.len(), 1, "{:?}", plan.diagnostics);
        let d = w[0];
        let primary = d.primary.as_ref().unwrap_or_else(|| panic!("no place"));
        let text = "title = \"B\"\nestimate = \"3d\"\ndepends-on = [\"m\", \"gone\", \"p\"]\n";
        let at = text.rfind("\"p\"").unwrap_or_default();
        assert_eq!(primary.span.start as usize, at);
        assert_eq!(primary.message, "`p` started 2026-03-03");
        assert_eq!(d.secondary.len(), 1);
        assert_eq!(d.secondary[0].message, "`p` started here");
        let p_text = format!("title = \"P\"\nestimate = \"3d\"\n{DONE_3_TO_5}");
        let started = p_text.find("2026-03-03").unwrap_or_default();
        assert_eq!(d.secondary[0].span.start as usize, started);
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.starts_with("correct the date that is wrong")),
            "{d:?}"
        );
    }
}
