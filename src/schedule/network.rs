//! The network of activities a plan schedules as: one activity per
//! milestone and per live feature, with its duration, earliest start and
//! progress as of the status date, and the links between them
//! ([`cpm::Link`]). [`Network::build`] makes it from a plan;
//! [`Network::after`] from the network of the plan before, when only some
//! features' own activities changed (a history walk schedules a plan per
//! commit).

use super::calendar::Calendar;
use super::cpm::{self, Activity, Link, Progress, Reason};
use super::{Calendars, ScheduleError, estimate_days, lag_days, whole_days};
use crate::model::{Date, DependencyType, Estimate, Status};
use crate::plan::{ItemKind, Plan};

/// A plan's activity network as of a status date: what the critical path
/// method solves, with what maps its solution back to the plan's items. A
/// history walk keeps each commit's, to build the next one's by redoing
/// only the features whose files changed ([`Network::after`]).
#[derive(Clone, Debug)]
pub struct Network {
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
    /// The network of `plan` as of `as_of`, made from this one (the network
    /// of `before` as of the same date, changed in place), when they differ only in features
    /// whose own activity changed (estimate, progress, dates, status short
    /// of a cut): those activities are worked out again, and everything
    /// else (the other activities, every link) is the same. `None` when the
    /// plans differ in more (shape, project file, links, a feature's
    /// milestone or a milestone's deadline, see
    /// [`crate::validate::same_links`]; a cut or a restore, a date before the
    /// calendar's first day): [`Network::build`] then builds it from scratch.
    pub fn after(mut self, before: &Plan, plan: &Plan, as_of: Date) -> Option<Result<Network, ScheduleError>> {
        use std::sync::Arc;
        let project = plan.project.as_ref()?;
        let same = as_of == self.as_of
            && Arc::ptr_eq(&project.data, &self.project)
            && crate::validate::same_shape(before, plan)
            && crate::validate::same_links(before, plan, true);
        if !same {
            return None;
        }
        let per_week = self.cal.days_per_week();
        for (i, (a, b)) in before.features.iter().zip(&plan.features).enumerate() {
            let (a, b) = (&a.data, &b.data);
            if Arc::ptr_eq(a, b) {
                continue;
            }
            let cut = b.status() == Status::Cut;
            if (a.status() == Status::Cut) != cut {
                return None;
            }
            if cut {
                continue;
            }
            let from = self.cal.counts_from();
            if [&b.started, &b.finished, &b.not_before]
                .into_iter()
                .flatten()
                .any(|d| d.value < from)
            {
                return None;
            }
            let node = self.m + self.features.binary_search(&i).ok()?;
            match feature_activity(b, &mut self.cal, self.status_day, per_week) {
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

    /// The network of `plan` as of `as_of`, built from scratch (its
    /// calendar from `calendars` when one fits).
    pub fn build(plan: &Plan, as_of: Date, calendars: &mut Calendars) -> Result<Network, ScheduleError> {
        let project = plan.project.as_ref().ok_or(ScheduleError::NoProject)?;
        let start_date = project.data.project.start.value;

        // The calendar must reach back to the earliest date the plan mentions.
        // One pass over the features: the live ones (their activity index:
        // milestones first, then live features, in plan order), and the
        // earliest date the calendar must reach back to.
        let m = plan.milestones.len();
        let mut earliest = start_date.min(as_of);
        let mut features: Vec<usize> = Vec::with_capacity(plan.features.len());
        let mut feature_node = vec![None; plan.features.len()];
        for (i, f) in plan.features.iter().enumerate() {
            let f = &f.data;
            for d in [&f.started, &f.finished, &f.not_before].into_iter().flatten() {
                earliest = earliest.min(d.value);
            }
            if f.status() != Status::Cut {
                feature_node[i] = Some(m + features.len());
                features.push(i);
            }
        }
        let mut cal = calendars.get(&project.data, earliest);
        let per_week = cal.days_per_week();
        let status_day = cal.on_or_after(as_of)?.max(0);
        let node_of = |id: &str| -> Option<usize> {
            let d = plan.ids.get(id)?;
            let i = d.index? as usize;
            match d.kind {
                ItemKind::Milestone => Some(i),
                ItemKind::Feature => feature_node.get(i).copied().flatten(),
                ItemKind::Risk => None,
            }
        };

        let mut activities = Vec::with_capacity(m + features.len());
        let mut sigma = Vec::with_capacity(m + features.len());
        let mut means = Vec::with_capacity(m + features.len());
        // One link per dependency, and one per feature to its milestone.
        let link_count = plan.milestones.iter().map(|m| m.data.depends_on.len()).sum::<usize>()
            + features
                .iter()
                .map(|&i| plan.features[i].data.depends_on.len() + 1)
                .sum::<usize>();
        let mut links = Vec::with_capacity(link_count);
        for ms in &plan.milestones {
            let deadline = match &ms.data.deadline {
                Some(d) => Some(cal.on_or_before(d.value)? + 1),
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
        for &i in &features {
            let (activity, sd, mean) = feature_activity(&plan.features[i].data, &mut cal, status_day, per_week)?;
            activities.push(activity);
            sigma.push(sd);
            means.push(mean);
        }

        let mut add_links = |me: usize, deps: &[crate::span::Sp<crate::model::Dependency>]| {
            for dep in deps {
                if let Some(from) = node_of(&dep.value.id().value)
                    && from != me
                {
                    let lag = dep.value.lag().map_or(0, |l| lag_days(l.value.working_days(per_week)));
                    links.push(Link {
                        from,
                        to: me,
                        kind: dep.value.kind(),
                        lag,
                    });
                }
            }
        };
        for (i, ms) in plan.milestones.iter().enumerate() {
            add_links(i, &ms.data.depends_on);
        }
        for (k, &i) in features.iter().enumerate() {
            add_links(m + k, &plan.features[i].data.depends_on);
        }
        // Each live feature's milestone node, when its milestone is one.
        let mut milestone_node = vec![None; features.len()];
        for (k, &i) in features.iter().enumerate() {
            if let Some(ms) = &plan.features[i].data.milestone
                && let Some(to) = node_of(&ms.value)
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
            project: project.data.clone(),
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
/// for a three-point estimate, its PERT mean.
fn feature_activity(
    f: &crate::model::FeatureFile,
    cal: &mut Calendar,
    status_day: i64,
    per_week: u8,
) -> Result<(Activity, f64, Option<f64>), ScheduleError> {
    let (mean, sd) = f
        .estimate
        .as_ref()
        .map_or((0.0, 0.0), |e| estimate_days(&e.value, per_week));
    let mut duration = whole_days(mean);
    let (mut min_start, mut reason) = if status_day > 0 {
        (status_day, Reason::StatusDate)
    } else {
        (0, Reason::ProjectStart)
    };
    if let Some(nb) = &f.not_before {
        let day = cal.on_or_after(nb.value)?;
        if day > min_start {
            min_start = day;
            reason = Reason::NotBefore;
        }
    }
    let progress = match (f.status(), &f.started, &f.finished) {
        (Status::Done, started, Some(finished)) => {
            let finish = cal.on_or_before(finished.value)? + 1;
            let start = match started {
                Some(s) => cal.on_or_after(s.value)?.min(finish),
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
            let start = cal.on_or_after(started.value)?;
            let elapsed = (status_day - start).max(0);
            let remaining = match &f.remaining {
                Some(r) => whole_days(r.value.working_days(per_week)),
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
    let three_point = matches!(f.estimate.as_ref().map(|e| &e.value), Some(Estimate::ThreePoint(_)));
    Ok((activity, if done { 0.0 } else { sd }, three_point.then_some(mean)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, file_id, prepare};

    fn file(rel: &str, text: &str) -> Prepared {
        prepare(file_id(0), rel.into(), format!("plan/{rel}"), text.as_bytes().to_vec())
    }

    /// Everything of a network the critical path method reads.
    fn solved_from(n: &Network) -> String {
        format!(
            "{:?}",
            (
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
        let network =
            |plan: &Plan| Network::build(plan, as_of, &mut Calendars::default()).unwrap_or_else(|e| panic!("{e:?}"));
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
            match parent.clone().after(&base, &plan, as_of) {
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
}
