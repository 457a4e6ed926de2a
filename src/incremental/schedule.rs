//! Schedules made from the schedule of a plan before: the last calendar
//! kept ([`Calendars`]), a plan that schedules as the one before
//! ([`same_inputs`]), and a network patched from the one before
//! ([`forecast_after`]). What may be reused is decided by comparing the
//! plans' [`Inputs`]; the scheduler itself knows nothing of it.

use crate::model::Date;
use crate::plan::Plan;
use crate::schedule::calendar::Calendar;
use crate::schedule::inputs::{CalendarInputs, same_id};
use crate::schedule::reshape::Kept;
use crate::schedule::{Inputs, Keep, Network, Schedule, ScheduleError, cpm, solve_after};

/// The last calendar built, to start the next schedule of a plan with the
/// same calendar from (a history walk schedules hundreds of plans that
/// share one `project.toml`): days are counted once, not per schedule.
#[derive(Default)]
pub struct Calendars {
    last: Option<(std::sync::Arc<crate::model::ProjectFile>, Calendar)>,
}

impl Calendars {
    /// A calendar of the plan whose inputs are `inputs` that knows every
    /// day from the earlier of `earliest` and the project's start:
    /// [`Calendar::of`]'s, or the last one kept if it was made from the
    /// same [`CalendarInputs`] and counts from that day or before
    /// (days known in front change no answer about later dates, and working
    /// day 0 is the project's first either way).
    pub fn get(&self, inputs: &Inputs<'_>, earliest: Date) -> Calendar {
        let wanted = inputs.calendar();
        let from = earliest.min(wanted.start);
        match &self.last {
            Some((p, cal))
                if (std::sync::Arc::ptr_eq(p, inputs.project_file()) || CalendarInputs::of(p) == *wanted)
                    && cal.counts_from() <= from =>
            {
                cal.clone()
            }
            _ => Calendar::of(wanted, earliest),
        }
    }

    /// Keeps `cal`, a calendar of `project`, for the next [`Calendars::get`].
    pub fn keep(&mut self, project: &std::sync::Arc<crate::model::ProjectFile>, cal: &Calendar) {
        // The one kept already serves as well unless this one knows more days.
        if let Some((p, kept)) = &self.last
            && std::sync::Arc::ptr_eq(p, project)
            && kept.counts_from() <= cal.counts_from()
            && kept.last_day() >= cal.last_day()
        {
            return;
        }
        self.last = Some((project.clone(), cal.clone()));
    }
}

/// Whether two plans schedule alike, as of any date: their [`Inputs`] are
/// equal (then [`Schedule::retitled`] gives one's schedule from the other's).
pub fn same_inputs(a: &Plan, b: &Plan) -> bool {
    Inputs::of(a).zip(Inputs::of(b)).is_some_and(|(a, b)| a == b)
}

/// Whether two plans forecast alike in the Monte Carlo
/// ([`crate::forecast`]), as of any day that falls on the same working
/// day: their [`Inputs`] are equal and so are their risks, the one thing
/// the Monte Carlo reads that the deterministic schedule does not. (Its
/// cost figures read day rates and estimates' costs too; a history's
/// confidence reads no cost.)
pub fn same_forecast_inputs(a: &Plan, b: &Plan) -> bool {
    Inputs::of(a)
        .zip(Inputs::of(b))
        .is_some_and(|(a, b)| a == b && a.same_risks(&b))
}

/// The network of the plan whose inputs are `now`, as of `as_of`, made
/// from `net`, the network of the plan whose inputs are `before`, when the
/// two differ only in some features' own activities
/// ([`Inputs::activities_changed`]): those activities are worked out
/// again, and every link stays. As of another date, every feature's
/// activity is worked out again ([`Network::redate`]). `None` when the
/// plans differ in more, or a date falls before the calendar's first day:
/// the network is then built from scratch.
pub fn patch(
    net: Network,
    before: &Inputs<'_>,
    now: &Inputs<'_>,
    as_of: Date,
) -> Option<Result<Network, ScheduleError>> {
    let changed = before.activities_changed(now)?;
    Some(rework(net, now, changed, as_of)?.map(|(net, _)| net))
}

/// A network made from another, with how the two differ when that helps
/// solving it after the other ([`cpm::solve_after`]; `None` when every
/// activity may differ).
type Made = (Network, Option<cpm::Changes>);

/// `net`, the network of inputs that differ from `now` only in the
/// activities of the features at `changed`, made the network of `now` as
/// of `as_of` (see [`patch`]).
fn rework(mut net: Network, now: &Inputs<'_>, changed: Vec<usize>, as_of: Date) -> Option<Result<Made, ScheduleError>> {
    if as_of != net.as_of() {
        // Every activity again, the changed ones with them.
        let day = net.status_day();
        return match net.redate(now, as_of)? {
            // (On the same working day, only the changed ones.)
            Ok(()) if net.status_day() == day => rework(net, now, changed, as_of),
            Ok(()) => Some(Ok((net, None))),
            Err(e) => Some(Err(e)),
        };
    }
    for &i in &changed {
        if let Err(e) = net.rework(now, i)? {
            return Some(Err(e));
        }
    }
    let changes = net.reworked(&changed);
    Some(Ok((net, Some(changes))))
}

/// The network of `plan` as of `as_of`, made from `net`, the network of
/// `old`: [`patch`]ed when the plans differ only in some features' own
/// activities; otherwise, when they differ only in their features (added,
/// removed, cut, restored, linked anew: the same calendar, people and
/// milestones), [`Network::reshape`]d, each feature that stayed (at the
/// same path) copied where its inputs are the same (`kept`), and moved
/// to `as_of` if the network is as of another day. With how the network
/// differs from `net`, when it is as of the same working day. `None` when
/// the plans differ in more (the network is then built from scratch).
pub fn reshape(net: Network, old: &Plan, plan: &Plan, as_of: Date) -> Option<Result<Made, ScheduleError>> {
    let (before, now) = (Inputs::of(old)?, Inputs::of(plan)?);
    if let Some(changed) = before.activities_changed(&now) {
        return rework(net, &now, changed, as_of);
    }
    if !before.same_but_features(&now) {
        return None;
    }
    let kept = kept(old, plan, &before, &now)?;
    let (mut net, changes) = match net.reshape(&now, &kept)? {
        Ok(made) => made,
        Err(e) => return Some(Err(e)),
    };
    if as_of == net.as_of() {
        return Some(Ok((net, Some(changes))));
    }
    let day = net.status_day();
    match net.redate(&now, as_of)? {
        Ok(()) => {
            let same_day = net.status_day() == day;
            Some(Ok((net, same_day.then_some(changes))))
        }
        Err(e) => Some(Err(e)),
    }
}

/// A network with the solution the critical path method found for it:
/// what the next plan of a history walk is scheduled after.
#[derive(Clone, Debug)]
pub struct Solved {
    pub network: Network,
    pub solution: cpm::Solution,
}

/// The forecast of `plan` as of `as_of`, from `schedule`, its forecast as
/// of another day, and `solved`, the network that was solved for it: when
/// `as_of` falls on the same working day ([`Network::status_day`]), every
/// activity is the same ([`Network::redate`]), and so is the forecast but
/// for its date; the network is then moved to `as_of`. `None` otherwise,
/// the network left as it was.
pub fn same_day(schedule: &Schedule, solved: &mut Solved, plan: &Plan, as_of: Date) -> Option<Schedule> {
    let inputs = Inputs::of(plan)?;
    let net = &mut solved.network;
    if net.status_day_of(as_of)? != net.status_day() {
        return None;
    }
    // On the same working day, only the date changes.
    net.redate(&inputs, as_of)?.ok()?;
    let mut moved = schedule.clone();
    moved.as_of = as_of;
    Some(moved)
}

/// What each feature of `plan` was in `old` ([`Kept`]): the feature at the
/// same path, if any, and whether its own activity and its links are the
/// same. `None` when a feature at a new path has an id `old` declares (an
/// id that named another item there).
fn kept(old: &Plan, plan: &Plan, before: &Inputs<'_>, now: &Inputs<'_>) -> Option<Vec<Option<Kept>>> {
    let at = super::positions_by_path(old, plan);
    let mut kept = Vec::with_capacity(at.len());
    for (i, (f, was)) in plan.features.iter().zip(at).enumerate() {
        let Some(was) = was else {
            if old.ids.contains_key(&f.id) {
                return None;
            }
            kept.push(None);
            continue;
        };
        let g = old.features.get(was)?;
        if std::sync::Arc::ptr_eq(&f.data, &g.data)
            && same_id(&f.id, &g.id)
            && before.occurred().delay(&g.id) == now.occurred().delay(&f.id)
        {
            kept.push(Some(Kept {
                was,
                activity: true,
                links: true,
            }));
            continue;
        }
        let (x, y) = (before.feature(was)?, now.feature(i)?);
        if x.id != y.id {
            return None;
        }
        kept.push(Some(Kept {
            was,
            activity: x.activity == y.activity,
            links: x.milestone == y.milestone && x.depends_on == y.depends_on,
        }));
    }
    Some(kept)
}

/// The forecast ([`crate::schedule::forecast`]) of `plan` as of `as_of`,
/// with the network it solved and its solution: the network made from
/// `before`'s (a plan and its solved network) when it can be ([`reshape`])
/// and solved after it ([`cpm::solve_after`]), built from scratch and
/// solved otherwise, on a calendar from `calendars` when one fits.
pub fn forecast_after(
    plan: &Plan,
    as_of: Date,
    calendars: &mut Calendars,
    before: Option<(&Plan, Solved)>,
    options: crate::schedule::Options,
) -> Result<(Schedule, Solved), ScheduleError> {
    let inputs = Inputs::of(plan).ok_or(ScheduleError::NoProject)?;
    let made = before.and_then(|(old, solved)| {
        let made = reshape(solved.network, old, plan, as_of)?;
        Some(made.map(|(net, changes)| (net, changes.map(|c| (solved.solution, c)))))
    });
    let (net, prior) = match made {
        Some(made) => made?,
        None => {
            let cal = calendars.get(&inputs, Network::earliest(&inputs, as_of));
            (Network::build(&inputs, as_of, cal)?, None)
        }
    };
    let prior = prior.as_ref().map(|(solution, changes)| (solution, changes));
    let (schedule, solution) = solve_after(plan, &inputs, &net, Keep::Forecast, options, prior)?;
    calendars.keep(net.project_file(), &schedule.calendar);
    let mut net = net;
    net.extend_calendar(&schedule.calendar);
    Ok((schedule, Solved { network: net, solution }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, test_file as file};
    use crate::plan::Plan;

    /// Everything of a network the critical path method reads.
    fn solved_from(n: &Network) -> String {
        n.solved_from()
    }

    fn build(inputs: &Inputs<'_>, as_of: Date) -> Network {
        let cal = Calendar::of(inputs.calendar(), Network::earliest(inputs, as_of));
        Network::build(inputs, as_of, cal).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// A network patched from its parent's ([`patch`]) is, part for
    /// part, the one built from scratch, and differs from the parent's where
    /// the change is; what it cannot patch it leaves to [`Network::build`].
    #[test]
    fn a_patched_network_is_the_one_built_from_scratch() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let beta = file(
            "milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-05-01\ndepends-on = [\"b\"]\n",
        );
        let a = file(
            "features/a.toml",
            "title = \"A\"\nestimate = \"5d\"\nmilestone = \"beta\"\n",
        );
        let b = file(
            "features/b.toml",
            "title = \"B\"\nestimate = \"3d\"\ndepends-on = [\"a\"]\nmilestone = \"beta\"\n",
        );
        let c = file("features/c.toml", "title = \"C\"\nestimate = \"2w\"\n");
        let base = assemble_from([&project, &beta, &a, &b, &c]);
        assert_eq!(base.error_count(), 0, "{:?}", base.diagnostics);
        let as_of = Date::new(2026, 3, 16).unwrap_or_else(|e| panic!("{e}"));
        let network = |plan: &Plan| {
            let inputs = Inputs::of(plan).unwrap_or_else(|| panic!("no project"));
            build(&inputs, as_of)
        };
        let parent = network(&base);

        let a_longer = file(
            "features/a.toml",
            "title = \"A\"\nestimate = \"9d\"\nmilestone = \"beta\"\n",
        );
        let b_started = file(
            "features/b.toml",
            "title = \"B\"\nestimate = \"3d\"\ndepends-on = [\"a\"]\nmilestone = \"beta\"\nstatus = \"in-progress\"\nstarted = 2026-03-03\n",
        );
        let c_range = file(
            "features/c.toml",
            "title = \"C\"\nestimate = { low = \"1w\", likely = \"2w\", high = \"5w\" }\n",
        );
        let beta_renamed = file(
            "milestones/beta.toml",
            "title = \"Beta, renamed\"\ndeadline = 2026-05-01\ndepends-on = [\"b\"]\n",
        );
        let beta_later = file(
            "milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-06-01\ndepends-on = [\"b\"]\n",
        );
        let c_cut = file(
            "features/c.toml",
            "title = \"C\"\nestimate = \"2w\"\nstatus = \"cut\"\n",
        );
        let b_alone = file(
            "features/b.toml",
            "title = \"B\"\nestimate = \"3d\"\nmilestone = \"beta\"\n",
        );
        let a_elsewhere = file("features/a.toml", "title = \"A\"\nestimate = \"5d\"\n");
        // The files, whether the network patches, whether activities change.
        let cases: [(&str, [&Prepared; 5], bool, bool); 8] = [
            ("estimate", [&project, &beta, &a_longer, &b, &c], true, true),
            ("started", [&project, &beta, &a, &b_started, &c], true, true),
            ("range", [&project, &beta, &a, &b, &c_range], true, true),
            ("milestone title", [&project, &beta_renamed, &a, &b, &c], true, false),
            ("deadline", [&project, &beta_later, &a, &b, &c], false, true),
            ("cut", [&project, &beta, &a, &b, &c_cut], false, true),
            ("link gone", [&project, &beta, &a, &b_alone, &c], false, true),
            ("milestone gone", [&project, &beta, &a_elsewhere, &b, &c], false, true),
        ];
        for (what, files, patches, changes) in cases {
            let plan = assemble_from(files);
            assert_eq!(plan.error_count(), 0, "{what}: {:?}", plan.diagnostics);
            let scratch = network(&plan);
            let (before, now) = (Inputs::of(&base), Inputs::of(&plan));
            let (Some(before), Some(now)) = (before, now) else {
                panic!("{what}: no project");
            };
            match patch(parent.clone(), &before, &now, as_of) {
                Some(patched) => {
                    assert!(patches, "{what}: patched");
                    let patched = patched.unwrap_or_else(|e| panic!("{e:?}"));
                    assert_eq!(solved_from(&patched), solved_from(&scratch), "{what}");
                }
                None => assert!(!patches, "{what}: not patched"),
            }
            let differs = solved_from(&scratch) != solved_from(&parent);
            assert_eq!(differs, changes, "{what}: whether the network changed");
        }
    }

    /// A network made as of one date and patched to another (the plan
    /// itself, or the plan with a feature's progress changed) is the one
    /// built from scratch as of that date: every activity's progress and
    /// earliest start follow the new status date.
    #[test]
    fn a_network_moved_to_another_date_is_the_one_built_as_of_it() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let beta = file("milestones/beta.toml", "title = \"Beta\"\ndeadline = 2026-05-01\n");
        let a = file(
            "features/a.toml",
            "title = \"A\"\nestimate = \"5d\"\nmilestone = \"beta\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-06\n",
        );
        let b = file(
            "features/b.toml",
            "title = \"B\"\nestimate = \"8d\"\ndepends-on = [\"a\"]\nmilestone = \"beta\"\nstatus = \"in-progress\"\nstarted = 2026-03-09\n",
        );
        let b_more = file(
            "features/b.toml",
            "title = \"B\"\nestimate = \"8d\"\ndepends-on = [\"a\"]\nmilestone = \"beta\"\nstatus = \"in-progress\"\nstarted = 2026-03-09\nremaining = \"6d\"\n",
        );
        let c = file(
            "features/c.toml",
            "title = \"C\"\nestimate = { low = \"1w\", likely = \"2w\", high = \"5w\" }\nnot-before = 2026-04-01\n",
        );
        let base = assemble_from([&project, &beta, &a, &b, &c]);
        let edited = assemble_from([&project, &beta, &a, &b_more, &c]);
        assert_eq!(base.error_count() + edited.error_count(), 0, "{:?}", base.diagnostics);
        let inputs = |plan| Inputs::of(plan).unwrap_or_else(|| panic!("no project"));
        let date = |s: &str| Date::parse(s).unwrap_or_else(|e| panic!("{e}"));
        let build = |plan, as_of| build(&inputs(plan), as_of);
        // (Saturday 14 and Sunday 15 March fall on Monday 16's working day.)
        let dates = [
            "2026-03-02",
            "2026-03-11",
            "2026-03-14",
            "2026-03-15",
            "2026-03-16",
            "2026-03-20",
            "2026-04-06",
            "2026-06-01",
        ];
        for from in dates {
            for to in dates {
                for now in [&base, &edited] {
                    let network = build(&base, date(from));
                    let moved = match patch(network, &inputs(&base), &inputs(now), date(to)) {
                        Some(Ok(n)) => n,
                        other => panic!("{from} -> {to}: not patched: {other:?}"),
                    };
                    assert_eq!(
                        solved_from(&moved),
                        solved_from(&build(now, date(to))),
                        "{from} -> {to}"
                    );
                }
            }
        }
        // Before the first day the calendar knows: built from scratch.
        let network = build(&base, date("2026-03-11"));
        assert!(patch(network, &inputs(&base), &inputs(&base), date("2026-02-02")).is_none());
    }

    /// A forecast whose late dates fall before the first day its calendar
    /// knew (a deadline the work cannot meet) leaves those days counted in
    /// the network it keeps ([`Network::extend_calendar`]), so the next
    /// forecast made from it does not count them again; that forecast is
    /// the one made from scratch. A and B take 20 working days and Beta is
    /// due on day 4 (Friday 6 March): A's late start is 15 working days
    /// before the start, Monday 9 February.
    #[test]
    fn a_network_keeps_the_days_its_forecast_counted() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n");
        let beta = file(
            "milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-03-06\ndepends-on = [\"b\"]\n",
        );
        let a = file("features/a.toml", "title = \"A\"\nestimate = \"10d\"\n");
        let b = |estimate: &str| {
            file(
                "features/b.toml",
                &format!("title = \"B\"\nestimate = \"{estimate}\"\ndepends-on = [\"a\"]\n"),
            )
        };
        let (before, after) = (
            assemble_from([&project, &beta, &a, &b("10d")]),
            assemble_from([&project, &beta, &a, &b("12d")]),
        );
        assert_eq!(
            before.error_count() + after.error_count(),
            0,
            "{:?}",
            before.diagnostics
        );
        let date = |s: &str| Date::parse(s).unwrap_or_else(|e| panic!("{e}"));
        let as_of = date("2026-03-02");
        let options = crate::schedule::Options::default();
        let mut calendars = Calendars::default();
        let (first, mut solved) =
            forecast_after(&before, as_of, &mut calendars, None, options).unwrap_or_else(|e| panic!("{e:?}"));
        let a_entry = first.entries.iter().find(|e| &*e.id == "a");
        assert_eq!(a_entry.map(|e| e.late_start), Some(date("2026-02-09")));
        // The network's calendar knows that day now (it counted from the
        // project's start): a status date there is one it can move to.
        assert_eq!(solved.network.status_day_of(date("2026-02-09")), Some(0));
        assert_eq!(solved.network.status_day_of(date("2026-02-06")), None);
        let (next, _) = forecast_after(&after, as_of, &mut calendars, Some((&before, solved)), options)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let scratch = crate::schedule::forecast(&after, as_of).unwrap_or_else(|e| panic!("{e:?}"));
        let shown = |s: &Schedule| {
            format!(
                "{:?} {:?} {} {} {} {}",
                s.entries, s.critical_paths, s.start, s.finish, s.length, s.status_day
            )
        };
        assert_eq!(shown(&next), shown(&scratch));
        assert_eq!(
            next.entries.iter().find(|e| &*e.id == "a").map(|e| e.late_start),
            Some(date("2026-02-05"))
        );
    }
}

/// [`reshape`] against [`Network::build`], and [`cpm::solve_after`]
/// against [`cpm::solve_graph`], on plans edited at random.
#[cfg(test)]
mod reshape_tests {
    use super::*;
    use crate::incremental::testgen::{Edited, Rng};

    fn build(plan: &Plan, as_of: Date) -> Result<Network, ScheduleError> {
        let inputs = Inputs::of(plan).unwrap_or_else(|| panic!("no project"));
        let cal = Calendar::of(inputs.calendar(), Network::earliest(&inputs, as_of));
        Network::build(&inputs, as_of, cal)
    }

    fn shown(n: &Result<Network, ScheduleError>) -> String {
        match n {
            Ok(n) => n.solved_from(),
            Err(e) => format!("{e:?}"),
        }
    }

    /// Plans edited at random, one to three edits a step, each network
    /// reshaped from the step before's (itself reshaped when it could be):
    /// part for part the network built from scratch, links in the same
    /// order; and, solved after the network before, the solution solved
    /// from scratch, every activity's times. The status date moves now
    /// and then, sometimes to another day of the same working day (a
    /// weekend). Counts how often each way was taken, so that the test
    /// cannot pass by never reshaping or never solving after.
    #[test]
    fn a_reshaped_network_is_the_one_built_from_scratch() {
        let dates = ["2026-03-02", "2026-03-09", "2026-03-20", "2026-03-21", "2026-03-22"]
            .map(|d| Date::parse(d).unwrap_or_else(|e| panic!("{e}")));
        let (mut reshaped, mut refused, mut grown, mut solved_after) = (0, 0, 0, 0);
        for seed in 1..=40u64 {
            let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
            let mut edited = Edited::default();
            for _ in 0..6 {
                edited.edit(&mut rng);
            }
            let mut plan = edited.plan();
            let mut as_of = dates[0];
            let mut net = build(&plan, as_of);
            for step in 0..40 {
                for _ in 0..1 + rng.below(3) {
                    edited.edit(&mut rng);
                }
                let next = edited.plan();
                if rng.chance(15) {
                    as_of = dates[rng.below(dates.len())];
                }
                let scratch = build(&next, as_of);
                let Ok(parent) = net else {
                    (plan, net) = (next, scratch);
                    continue;
                };
                let grows = next.features.len() != plan.features.len();
                let before = parent.solution(None).ok();
                let at = format!("seed {seed}, step {step}");
                match reshape(parent, &plan, &next, as_of) {
                    Some(Ok((made, changes))) => {
                        assert_eq!(made.solved_from(), shown(&scratch), "{at}");
                        if let (Some(before), Some(changes)) = (before, changes) {
                            let after = made.solution(Some((&before, &changes)));
                            let scratch = made.solution(None);
                            assert_eq!(format!("{after:?}"), format!("{scratch:?}"), "{at}: solved after");
                            solved_after += 1;
                        }
                        reshaped += 1;
                        grown += usize::from(grows);
                        net = Ok(made);
                    }
                    Some(Err(e)) => {
                        assert_eq!(format!("{e:?}"), shown(&scratch), "{at}");
                        net = scratch;
                    }
                    None => {
                        refused += 1;
                        net = scratch;
                    }
                }
                plan = next;
            }
        }
        assert!(
            reshaped > 800 && grown > 300 && refused > 10 && solved_after > 700,
            "{reshaped} {grown} {refused} {solved_after}"
        );
    }
}
