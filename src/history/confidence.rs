//! `history --forecast`: the Monte Carlo forecast ([`crate::forecast`]) of
//! each commit's plan, as of the commit's date, with the same seed and runs
//! at every commit (common random numbers: a commit that changes nothing
//! the forecast reads moves no figure).
//!
//! The runs are most of the cost, so a commit whose plan forecasts as its
//! parent's did ([`crate::incremental::same_forecast_inputs`]: the same
//! schedule inputs and risks) on the same working day takes its parent's
//! figures instead of running again.

use std::sync::Arc;

use crate::forecast::{self, Spread};
use crate::model::Date;
use crate::plan::Plan;
use crate::schedule::Schedule;

use super::context::{CommitConfidence, FinishConfidence, MilestoneConfidence, MonteCarlo, SlipConfidence};
use super::walk::Touch;

/// The runs `history --forecast` makes per commit unless told (`--runs`):
/// a tenth of `report`'s, since a history forecasts every commit that
/// changed what the forecast reads. A P80 over 200 runs is the 160th
/// finish; its share is known to about ±2.8 percentage points (the
/// standard error of a share near 0.8), enough to see a trend across
/// commits, while the bench repository of 2,000 commits stays usable
/// (CONTRIBUTING, Benchmarks).
pub const DEFAULT_RUNS: usize = 200;

/// A finish's P50, P80 and P95.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Band {
    pub p50: Date,
    pub p80: Date,
    pub p95: Date,
}

impl Band {
    fn of(s: &Spread) -> Band {
        Band {
            p50: s.p50.date,
            p80: s.p80.date,
            p95: s.p95.date,
        }
    }
}

/// One commit's Monte Carlo figures.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Confidence {
    /// The working day the figures were forecast as of.
    status_day: i64,
    pub project: Band,
    /// In plan order: each milestone's id, band and chance of its deadline.
    pub milestones: Vec<(Arc<str>, Band, Option<f64>)>,
}

impl Confidence {
    /// A milestone's band and chance of its deadline.
    pub fn milestone(&self, id: &str) -> Option<(Band, Option<f64>)> {
        self.milestones.iter().find(|m| &*m.0 == id).map(|m| (m.1, m.2))
    }
}

/// The figures of a valid `plan` whose schedule as of `as_of` is
/// `schedule`: those of `before` (a plan and its figures, most often the
/// parent's) when it forecasts alike on the same working day, else a
/// forecast made now. `None` when the forecast fails (a guard: a plan that
/// schedules forecasts).
pub(super) fn after(
    plan: &Plan,
    schedule: &Schedule,
    as_of: Date,
    options: &forecast::Options,
    before: Option<(&Plan, &Arc<Confidence>)>,
) -> Option<Arc<Confidence>> {
    if let Some((old, c)) = before
        && c.status_day == schedule.status_day
        && (std::ptr::eq(old, plan) || crate::incremental::same_forecast_inputs(old, plan))
    {
        return Some(c.clone());
    }
    fresh(plan, schedule, as_of, options).map(Arc::new)
}

/// The figures of a forecast made now from `schedule`.
pub(super) fn fresh(plan: &Plan, schedule: &Schedule, as_of: Date, options: &forecast::Options) -> Option<Confidence> {
    let f = forecast::run_with(plan, as_of, options, schedule.clone()).ok()?;
    Some(Confidence {
        status_day: schedule.status_day,
        project: Band::of(&f.project),
        milestones: f
            .milestones
            .iter()
            .map(|m| (m.id.clone(), Band::of(&m.spread), m.deadline_probability))
            .collect(),
    })
}

/// A slip point's figures: `band` and `chance` in the document, each date
/// counted in working days from `first` (the series' first forecast).
pub(super) fn slip(
    first: Date,
    (band, chance): (Band, Option<f64>),
    days: &mut dyn FnMut(Date, Date) -> i64,
) -> SlipConfidence {
    SlipConfidence {
        p50: band.p50.to_string(),
        p80: band.p80.to_string(),
        p95: band.p95.to_string(),
        p50_slip_days: days(first, band.p50),
        p80_slip_days: days(first, band.p80),
        p95_slip_days: days(first, band.p95),
        deadline_chance: chance,
    }
}

/// The document's `monte_carlo`: each commit's figures beside its
/// deterministic forecast (`None` without `--forecast`).
pub(super) fn document(
    options: Option<&forecast::Options>,
    touches: &[Touch],
    points: &[super::Point],
) -> Option<MonteCarlo> {
    let options = options?;
    let commits = touches
        .iter()
        .zip(points)
        .filter_map(|(t, p)| {
            let c = p.confidence.as_ref()?;
            let finish = p.size.as_ref()?.finish;
            let milestones = p
                .forecasts
                .iter()
                .filter_map(|f| {
                    let (band, chance) = c.milestone(&f.id)?;
                    Some(MilestoneConfidence {
                        id: f.id.clone(),
                        forecast: f.finish.to_string(),
                        deadline: f.deadline.map(|d| d.to_string()),
                        p50: band.p50.to_string(),
                        p80: band.p80.to_string(),
                        p95: band.p95.to_string(),
                        deadline_chance: chance,
                    })
                })
                .collect();
            Some(CommitConfidence {
                date: t.date.to_string(),
                commit: t.id.short(),
                project: FinishConfidence {
                    forecast: finish.to_string(),
                    p50: c.project.p50.to_string(),
                    p80: c.project.p80.to_string(),
                    p95: c.project.p95.to_string(),
                },
                milestones,
            })
        })
        .collect();
    Some(MonteCarlo {
        runs: options.runs,
        seed: options.seed,
        distribution: crate::render::forecast::json::shape_name(options.shape).into(),
        commits,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Prepared, assemble_from, test_file as file};

    fn date(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    fn plan(files: &[&Prepared]) -> Plan {
        let mut plan = assemble_from(files.iter().copied());
        crate::validate::validate(&mut plan);
        assert_eq!(plan.error_count(), 0, "{:?}", plan.diagnostics);
        plan
    }

    /// Figures reused from the plan before are the figures a fresh
    /// forecast gives, and are reused only when the plans forecast alike
    /// on the same working day: a renamed feature is; a changed risk, or
    /// another working day, is not.
    #[test]
    fn reused_figures_are_the_fresh_ones() {
        let project = file(
            "project.toml",
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n",
        );
        let ga = file("milestones/ga.toml", "title = \"GA\"\ndeadline = 2026-03-20\n");
        let a = |title: &str| {
            file(
                "features/a.toml",
                &format!(
                    "title = \"{title}\"\nmilestone = \"ga\"\nowner = \"ana\"\nestimate = {{ low = \"2d\", likely = \"4d\", high = \"9d\" }}\n"
                ),
            )
        };
        let b = file(
            "features/b.toml",
            "title = \"B\"\nmilestone = \"ga\"\nowner = \"ana\"\nestimate = \"3d\"\n",
        );
        let r = |p: f64| {
            file(
                "risks/r.toml",
                &format!("title = \"R\"\nprobability = {p}\nimpact = {{ days = 4 }}\naffects = [\"b\"]\n"),
            )
        };
        let (a1, a2, r1, r2) = (a("A"), a("A, renamed"), r(0.2), r(0.8));
        let base = plan(&[&project, &ga, &a1, &b, &r1]);
        let renamed = plan(&[&project, &ga, &a2, &b, &r1]);
        let riskier = plan(&[&project, &ga, &a1, &b, &r2]);
        let options = forecast::Options {
            runs: 300,
            seed: 5,
            ..forecast::Options::default()
        };
        // Saturday and Sunday fall on Monday's working day; Tuesday does not.
        let (sat, sun, tue) = (date("2026-03-07"), date("2026-03-08"), date("2026-03-10"));
        let figures = |p: &Plan, day: Date, before: Option<(&Plan, &Arc<Confidence>)>| {
            let s = crate::schedule::forecast(p, day).unwrap_or_else(|e| panic!("{e}"));
            let fresh = fresh(p, &s, day, &options).map(Arc::new);
            let made = after(p, &s, day, &options, before);
            assert_eq!(made, fresh, "the figures are the fresh ones");
            made.unwrap_or_else(|| panic!("a forecast"))
        };
        let first = figures(&base, sat, None);
        assert!(
            Arc::ptr_eq(&figures(&renamed, sun, Some((&base, &first))), &first),
            "reused"
        );
        let risk = figures(&riskier, sun, Some((&base, &first)));
        assert!(!Arc::ptr_eq(&risk, &first));
        assert_ne!(risk.project, first.project, "a risk of 0.8 moves the P80");
        assert!(!Arc::ptr_eq(&figures(&renamed, tue, Some((&base, &first))), &first));
    }
}
