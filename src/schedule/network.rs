//! The network of activities a plan schedules as: one activity per
//! milestone and per live feature, with its duration, earliest start and
//! progress as of the status date, and the links between them
//! ([`cpm::Link`]). [`Network::build`] makes it from a plan;
//! [`Network::after`] from the network of the plan before, when only some
//! features' own activities changed (a history walk schedules a plan per
//! commit).

use super::calendar::Calendar;
use super::cpm::{self, Activity, Link, Progress, Reason};
use super::inputs::{ActivityInputs, EstimateInputs, Inputs, Links};
use super::{Calendars, ScheduleError, lag_days, whole_days};
use crate::model::{Date, DependencyType, Status};
use crate::plan::ItemKind;

/// A plan's activity network as of a status date: what the critical path
/// method solves, with what maps its solution back to the plan's items.
/// Made from the plan's [`Inputs`] only. A history walk keeps each commit's,
/// to build the next one's by redoing only the features whose own
/// activities changed ([`Network::after`]).
#[derive(Clone, Debug)]
pub struct Network {
    /// The project file the calendar was made from, for the next
    /// [`Calendars::get`].
    pub(super) project: std::sync::Arc<crate::model::ProjectFile>,
    pub(super) as_of: Date,
    /// Knows every day the network's dates were converted on.
    pub(super) cal: Calendar,
    pub(super) status_day: i64,
    /// Milestones: activities `0..m`.
    pub(super) m: usize,
    /// The live features' positions in the plan, in activity order (from `m`).
    pub(super) features: Vec<usize>,
    /// Each live feature's milestone activity, when its milestone is one.
    pub(super) milestone_node: Vec<Option<usize>>,
    pub(super) activities: Vec<Activity>,
    /// PERT standard deviation of each activity's duration.
    pub(super) sigma: Vec<f64>,
    /// Features with a three-point estimate: the PERT mean.
    pub(super) means: Vec<Option<f64>>,
    pub(super) links: Vec<Link>,
    /// The links' graph (with its order), kept with them.
    pub(super) graph: cpm::Graph,
}

impl Network {
    /// The network of the plan whose inputs are `now`, as of `as_of`, made
    /// from this one (the network of the plan whose inputs are `before`,
    /// changed in place), when the two differ only in some features' own
    /// activities ([`Inputs::activities_changed`]): those activities are
    /// worked out again, and everything else (the other activities, every
    /// link, the links' order) is the same. As of another date, every
    /// feature's activity is worked out again (its progress and earliest
    /// start depend on the status date), and still no link. `None` when
    /// the plans differ in more, or a date falls before the calendar's
    /// first day: [`Network::build`] then builds it from scratch.
    pub fn after(
        mut self,
        before: &Inputs<'_>,
        now: &Inputs<'_>,
        as_of: Date,
    ) -> Option<Result<Network, ScheduleError>> {
        let changed = before.activities_changed(now)?;
        let from = self.cal.counts_from();
        if as_of < from {
            return None;
        }
        let redo: Vec<usize> = if as_of == self.as_of {
            changed
        } else {
            self.status_day = match self.cal.on_or_after(as_of) {
                Ok(day) => day.max(0),
                Err(e) => return Some(Err(e.into())),
            };
            self.as_of = as_of;
            self.features.clone()
        };
        let per_week = self.cal.days_per_week();
        for i in redo {
            let f = now.feature(i)?;
            if !f.live() {
                continue;
            }
            let a = &f.activity;
            if [a.started, a.finished, a.not_before]
                .into_iter()
                .flatten()
                .any(|d| d < from)
            {
                return None;
            }
            let node = self.m + self.features.binary_search(&i).ok()?;
            match feature_activity(a, &mut self.cal, self.status_day, per_week) {
                Ok((activity, sd, mean)) => {
                    self.activities[node] = activity;
                    self.sigma[node] = sd;
                    self.means[node] = mean;
                }
                Err(e) => return Some(Err(e)),
            }
        }
        Some(Ok(self))
    }

    /// The network of the plan whose inputs are `inputs`, as of `as_of`,
    /// built from scratch (its calendar from `calendars` when one fits).
    pub fn build(inputs: &Inputs<'_>, as_of: Date, calendars: &mut Calendars) -> Result<Network, ScheduleError> {
        // One pass over the features: the live ones (their activity index:
        // milestones first, then live features, in plan order), and the
        // earliest date the calendar must reach back to.
        let m = inputs.milestone_count();
        let mut earliest = inputs.calendar().start.min(as_of);
        let mut features: Vec<usize> = Vec::with_capacity(inputs.feature_count());
        let mut feature_node = vec![None; inputs.feature_count()];
        for (i, f) in inputs.features().enumerate() {
            let a = &f.activity;
            for d in [a.started, a.finished, a.not_before].into_iter().flatten() {
                earliest = earliest.min(d);
            }
            if f.live() {
                feature_node[i] = Some(m + features.len());
                features.push(i);
            }
        }
        let mut cal = calendars.get(inputs, earliest);
        let per_week = cal.days_per_week();
        let status_day = cal.on_or_after(as_of)?.max(0);
        let node_of = |id: &str| -> Option<usize> {
            match inputs.item(id)? {
                (ItemKind::Milestone, i) => Some(i),
                (_, i) => feature_node.get(i).copied().flatten(),
            }
        };

        let mut activities = Vec::with_capacity(m + features.len());
        let mut sigma = Vec::with_capacity(m + features.len());
        let mut means = Vec::with_capacity(m + features.len());
        for ms in inputs.milestones() {
            let deadline = match ms.deadline {
                Some(d) => Some(cal.on_or_before(d)? + 1),
                None => None,
            };
            // A milestone is an event, not work: it is reached when what it waits
            // for is finished, even if that was before the status date.
            activities.push(Activity {
                duration: 0,
                min_start: 0,
                min_start_reason: Reason::ProjectStart,
                progress: Progress::NotStarted,
                deadline,
            });
            sigma.push(0.0);
            means.push(None);
        }
        let live = || features.iter().filter_map(|&i| inputs.feature(i));
        for f in live() {
            let (activity, sd, mean) = feature_activity(&f.activity, &mut cal, status_day, per_week)?;
            activities.push(activity);
            sigma.push(sd);
            means.push(mean);
        }

        // One link per dependency, and one per feature to its milestone.
        let link_count = inputs.milestones().map(|m| m.depends_on.iter().len()).sum::<usize>()
            + live().map(|f| f.depends_on.iter().len() + 1).sum::<usize>();
        let mut links = Vec::with_capacity(link_count);
        let mut add_links = |me: usize, deps: Links<'_>| {
            for dep in deps.iter() {
                if let Some(from) = node_of(dep.from)
                    && from != me
                {
                    let lag = dep.lag.map_or(0, |l| lag_days(l.working_days(per_week)));
                    links.push(Link {
                        from,
                        to: me,
                        kind: dep.kind,
                        lag,
                    });
                }
            }
        };
        for (i, ms) in inputs.milestones().enumerate() {
            add_links(i, ms.depends_on);
        }
        for (k, f) in live().enumerate() {
            add_links(m + k, f.depends_on);
        }
        // Each live feature's milestone node, when its milestone is one.
        let mut milestone_node = vec![None; features.len()];
        for (k, f) in live().enumerate() {
            if let Some(to) = f.milestone.and_then(node_of)
                && to < m
            {
                milestone_node[k] = Some(to);
                links.push(Link {
                    from: m + k,
                    to,
                    kind: DependencyType::FinishToStart,
                    lag: 0,
                });
            }
        }

        let graph = cpm::Graph::new(activities.len(), &links).map_err(|_| ScheduleError::Cycle)?;
        Ok(Network {
            project: inputs.project_file().clone(),
            as_of,
            cal,
            status_day,
            m,
            features,
            milestone_node,
            activities,
            sigma,
            means,
            links,
            graph,
        })
    }
}

/// A live feature's activity, the standard deviation of its duration and,
/// for a three-point estimate, its PERT mean: from its [`ActivityInputs`]
/// alone.
fn feature_activity(
    f: &ActivityInputs,
    cal: &mut Calendar,
    status_day: i64,
    per_week: u8,
) -> Result<(Activity, f64, Option<f64>), ScheduleError> {
    let (mean, sd) = f.estimate.map_or((0.0, 0.0), |e| e.days(per_week));
    let mut duration = whole_days(mean);
    let (mut min_start, mut reason) = if status_day > 0 {
        (status_day, Reason::StatusDate)
    } else {
        (0, Reason::ProjectStart)
    };
    if let Some(nb) = f.not_before {
        let day = cal.on_or_after(nb)?;
        if day > min_start {
            min_start = day;
            reason = Reason::NotBefore;
        }
    }
    let progress = match (f.status, f.started, f.finished) {
        (Status::Done, started, Some(finished)) => {
            let finish = cal.on_or_before(finished)? + 1;
            let start = match started {
                Some(s) => cal.on_or_after(s)?.min(finish),
                None => finish - duration,
            };
            duration = finish - start;
            Progress::Done { start, finish }
        }
        (Status::Done, _, None) => Progress::Done {
            start: status_day - duration,
            finish: status_day,
        },
        (_, Some(started), _) => {
            let start = cal.on_or_after(started)?;
            let elapsed = (status_day - start).max(0);
            let remaining = match f.remaining {
                Some(r) => whole_days(r.working_days(per_week)),
                // Not done, so at least a day of work is left.
                None => (duration - elapsed).max(1),
            };
            let min_finish = status_day.max(start) + remaining;
            duration = min_finish - start;
            Progress::InProgress { start, min_finish }
        }
        _ => Progress::NotStarted,
    };
    let done = matches!(progress, Progress::Done { .. });
    let activity = Activity {
        duration,
        min_start,
        min_start_reason: reason,
        progress,
        deadline: None,
    };
    let three_point = matches!(f.estimate, Some(EstimateInputs::ThreePoint { .. }));
    Ok((activity, if done { 0.0 } else { sd }, three_point.then_some(mean)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, file_id, prepare};
    use crate::plan::Plan;

    fn file(rel: &str, text: &str) -> Prepared {
        prepare(file_id(0), rel.into(), format!("plan/{rel}"), text.as_bytes().to_vec())
    }

    /// Everything of a network the critical path method reads.
    fn solved_from(n: &Network) -> String {
        format!(
            "{:?}",
            (
                n.as_of,
                n.status_day,
                &n.features,
                &n.milestone_node,
                &n.activities,
                &n.sigma,
                &n.means,
                &n.links
            )
        )
    }

    /// A network patched from its parent's ([`Network::after`]) is, part for
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
            Network::build(&inputs, as_of, &mut Calendars::default()).unwrap_or_else(|e| panic!("{e:?}"))
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
            match parent.clone().after(&before, &now, as_of) {
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
        let build = |plan, as_of| {
            Network::build(&inputs(plan), as_of, &mut Calendars::default()).unwrap_or_else(|e| panic!("{e:?}"))
        };
        let dates = ["2026-03-02", "2026-03-11", "2026-03-20", "2026-04-06", "2026-06-01"];
        for from in dates {
            for to in dates {
                for now in [&base, &edited] {
                    let network = build(&base, date(from));
                    let moved = match network.after(&inputs(&base), &inputs(now), date(to)) {
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
        assert!(
            network
                .after(&inputs(&base), &inputs(&base), date("2026-02-02"))
                .is_none()
        );
    }
}
