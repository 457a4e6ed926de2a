//! PERT figures of a solved network: each activity's expected finish and
//! its standard deviation, and the project's (docs/scheduling.md, "PERT
//! figures").
//!
//! The schedule people read is in whole working days: a PERT mean of 4.2
//! days takes 5. Summing those rounded days along a path would bias the
//! expected finish late (on a chain of 200 features each mean rounded up
//! by half a day, by 100 days). So PERT makes its own forward pass, over
//! the same network the schedule was solved with (the plan's links and,
//! when leveled, the resource links), in the same order, with each
//! activity's duration *unrounded*: the schedule's duration less what
//! rounding added to it. The constraints that are not links (the project
//! start, the status date, `not-before`, an owner away, actual dates) hold
//! as in the schedule. Each activity's variance is summed along the link
//! that drives it in that pass (classic PERT: the critical path by expected
//! times, and its variance), and the chance of a date is the normal
//! approximation `Φ((date - expected) / σ)`.

use super::cpm::{self, Activity, Link, Progress, Reason};
use super::level::{Work, Worker};
use super::normal_cdf;
use crate::model::{Date, DependencyType};

/// A finish with PERT's uncertainty. Working days count from day 0, and a
/// finish is exclusive, as [`cpm::Times::early_finish`]: 19.5 is half way
/// through the 20th working day.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Finish {
    /// The expected finish, in working days from day 0, unrounded.
    pub mean: f64,
    /// Its standard deviation in working days: 0 when nothing on the path
    /// to it is uncertain.
    pub std_dev: f64,
}

impl Finish {
    /// A finish known for certain at `day`.
    pub const fn certain(day: f64) -> Finish {
        Finish {
            mean: day,
            std_dev: 0.0,
        }
    }

    /// The chance of finishing by `by`, an exclusive working-day number
    /// (a finish on day `by - 1` or before): PERT's normal approximation.
    /// `None` when nothing on the path is uncertain (the schedule's date is
    /// then the answer).
    pub fn probability_by(&self, by: i64) -> Option<f64> {
        (self.std_dev > 0.0).then(|| normal_cdf((by as f64 - self.mean) / self.std_dev))
    }

    /// The working day the expected finish falls on, from day 0: the last
    /// day of work when the work ends part way through a day. Never below
    /// 0, as the schedule's finish.
    pub fn day(&self) -> i64 {
        (super::whole_days(self.mean) - 1).max(0)
    }
}

/// The project's PERT outlook: its expected finish, the working day that
/// falls on, and the chance of finishing by a date when one was asked for.
/// What a Monte Carlo forecast sets its percentiles beside.
#[derive(Clone, Debug, PartialEq)]
pub struct Outlook {
    pub finish: Finish,
    /// The working day the expected finish falls on ([`Finish::day`]).
    pub date: Date,
    pub by: Option<By>,
}

/// The chance of finishing by a date.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct By {
    /// The date asked for: a finish on it counts.
    pub date: Date,
    /// PERT's normal approximation; `None` when nothing on the path is
    /// uncertain (the forecast date then says it).
    pub probability: Option<f64>,
}

/// An entry's PERT figures ([`super::Entry::pert`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EntryPert {
    /// PERT standard deviation in working days: of the duration for a
    /// feature (0 for a single-point estimate, and for done work); of the
    /// finish, along the path that drives it, for a milestone. 0 when
    /// nothing is uncertain.
    pub std_dev: f64,
    /// PERT's expected finish, from the unrounded durations
    /// ([module](self)), and its standard deviation.
    pub finish: Finish,
    /// The working day [`EntryPert::finish`] falls on, by the rule of
    /// [`super::Entry::finish`] (for a milestone: the day it is reached).
    pub date: Date,
    /// Milestones with a deadline and uncertainty on the path to them: the
    /// chance of finishing by the deadline (PERT's normal approximation,
    /// against [`EntryPert::finish`]).
    pub probability: Option<f64>,
}

impl super::Entry {
    /// Its PERT figures; for an entry without them (a history's forecast,
    /// which no output shows), those of a finish known for certain.
    pub fn pert_figures(&self) -> EntryPert {
        self.pert.unwrap_or(EntryPert {
            std_dev: 0.0,
            finish: Finish::certain(self.times.early_finish as f64),
            date: self.finish,
            probability: None,
        })
    }
}

/// What the PERT pass reads of a solved network.
pub(super) struct Network<'a> {
    pub(super) activities: &'a [Activity],
    /// The links the times were solved with.
    pub(super) links: &'a [Link],
    /// The graph of `links[..seen]`: the links the pass follows.
    pub(super) graph: &'a cpm::Graph,
    /// How many of `links` are in `graph`; a start a link past those set
    /// holds as scheduled.
    pub(super) seen: usize,
    /// The schedule's times (leveled when `leveled`).
    pub(super) times: &'a [cpm::Times],
    /// PERT standard deviation of each activity's effort, at full rate.
    pub(super) sigma: &'a [f64],
    pub(super) work: &'a [Work],
    pub(super) workers: &'a [Worker],
    pub(super) leveled: bool,
}

/// The PERT figures of every activity of a network.
#[derive(Clone, Debug, Default)]
pub(super) struct Figures {
    /// Each activity's finish.
    pub(super) finish: Vec<Finish>,
    /// Each activity's standard deviation of its duration as scheduled:
    /// its effort's, over its owner's capacity when leveling books it.
    pub(super) duration_sd: Vec<f64>,
}

impl Figures {
    /// The project's finish: the latest expected finish of any activity
    /// (of two equal, the more uncertain; then the first); day 0 with no
    /// activity.
    pub(super) fn project(&self) -> Finish {
        let mut best = Finish::certain(0.0);
        for f in &self.finish {
            if later(f.mean, f.std_dev, best.mean, best.std_dev) {
                best = *f;
            }
        }
        best
    }
}

/// Whether a finish at `mean` with standard deviation `sd` goes after one
/// at `best_mean`, `best_sd`: later, or as late (to 1e-9 day) and more
/// uncertain.
fn later(mean: f64, sd: f64, best_mean: f64, best_sd: f64) -> bool {
    if (mean - best_mean).abs() <= 1e-9 {
        sd > best_sd
    } else {
        mean > best_mean
    }
}

/// An activity's start and finish in the PERT pass: expected times and
/// their variances.
#[derive(Clone, Copy)]
struct Times {
    start: f64,
    start_var: f64,
    finish: f64,
    finish_var: f64,
}

impl Times {
    /// Day 0, certain: an activity's times before the pass reaches it.
    const ZERO: Times = Times {
        start: 0.0,
        start_var: 0.0,
        finish: 0.0,
        finish_var: 0.0,
    };
}

/// The PERT pass over `net` (see the module's documentation).
pub(super) fn figures(net: &Network<'_>) -> Figures {
    let n = net.times.len();
    let mut pass = vec![Times::ZERO; n];
    let mut duration_sd = vec![0.0; n];
    for &i in net.graph.order() {
        let (Some(a), Some(t)) = (net.activities.get(i), net.times.get(i)) else {
            continue;
        };
        let (excess, sd, pause) = rounding(net, i);
        duration_sd[i] = sd;
        let links = net
            .graph
            .incoming(i)
            .iter()
            .filter_map(|&l| net.links.get(l as usize))
            .filter(|l| cpm::applies(a, l) && l.from < n);
        pass[i] = match a.progress {
            Progress::Done { start, finish } => Times {
                start: start as f64,
                start_var: 0.0,
                finish: finish as f64,
                finish_var: 0.0,
            },
            Progress::InProgress { min_finish, .. } => in_progress(net, t, min_finish, sd * sd, links, &pass),
            Progress::NotStarted => {
                let duration = ((t.early_finish - t.early_start) as f64 - excess).max(0.0);
                not_started(net, (a, t), (duration, pause), sd * sd, links, &pass)
            }
        };
    }
    Figures {
        finish: pass
            .iter()
            .map(|p| Finish {
                mean: p.finish,
                std_dev: p.finish_var.max(0.0).sqrt(),
            })
            .collect(),
        duration_sd,
    }
}

/// The PERT times of work in progress whose schedule is `t` and whose
/// work left has variance `var`: its start is history; its finish is the
/// schedule's, or `min_finish` (the work left alone) when one of `links`
/// holds the finish, moved by each of `links` from work already passed
/// (`pass`) that holds it later.
fn in_progress<'l>(
    net: &Network<'_>,
    t: &cpm::Times,
    min_finish: i64,
    var: f64,
    links: impl Iterator<Item = &'l Link> + Clone,
    pass: &[Times],
) -> Times {
    // The start is history; the finish is the work left, or a link on the
    // finish (FF, SF) when one holds it.
    let held = links.clone().any(|l| {
        let from = &net.times[l.from];
        cpm::forward_bound(l, from.early_start, from.early_finish, 0) >= t.early_finish
    });
    let own = if held { min_finish } else { t.early_finish };
    let (mut finish, mut finish_var) = (own as f64, var);
    for l in links {
        let (bound, bound_var) = anchor(l, &pass[l.from]);
        if later(bound, bound_var.sqrt(), finish, finish_var.sqrt()) {
            (finish, finish_var) = (bound, bound_var);
        }
    }
    Times {
        start: t.early_start as f64,
        start_var: 0.0,
        finish,
        finish_var,
    }
}

/// The PERT times of activity `a`, not started, whose schedule is `t`,
/// taking `duration` with variance `var`, of which `pause` days its owner
/// is away (leveled): the latest (then the most uncertain) of what its own
/// earliest start and each of `links` from work already passed (`pass`)
/// allow.
fn not_started<'l>(
    net: &Network<'_>,
    (a, t): (&Activity, &cpm::Times),
    (duration, pause): (f64, i64),
    var: f64,
    links: impl Iterator<Item = &'l Link>,
    pass: &[Times],
) -> Times {
    // What holds the start but links: the schedule's start when nothing
    // the pass follows set it (an owner away included), the activity's own
    // earliest start when a link did.
    let floor = match t.driver {
        Reason::Link(l) if l < net.seen => a.min_start,
        _ => t.early_start,
    } as f64;
    let mut best = Times {
        start: floor,
        start_var: 0.0,
        finish: floor + duration,
        finish_var: var,
    };
    for l in links {
        let from = &pass[l.from];
        let candidate = match l.kind {
            DependencyType::FinishToStart | DependencyType::StartToStart => {
                let (start, start_var) = anchor(l, from);
                Times {
                    start,
                    start_var,
                    finish: start + duration,
                    finish_var: start_var + var,
                }
            }
            DependencyType::FinishToFinish | DependencyType::StartToFinish => {
                let (bound, finish_var) = anchor(l, from);
                // Leveled work placed to finish by the bound on its owner's
                // days ends later when it pauses over their days off
                // after it starts: as many days after the bound as in the
                // schedule, at most its days of pause.
                let before = &net.times[l.from];
                let held = t.early_finish - cpm::forward_bound(l, before.early_start, before.early_finish, 0);
                let finish = bound + held.clamp(0, pause) as f64;
                Times {
                    start: finish - duration,
                    start_var: finish_var + var,
                    finish,
                    finish_var,
                }
            }
        };
        if later(
            candidate.start,
            candidate.finish_var.sqrt(),
            best.start,
            best.finish_var.sqrt(),
        ) {
            best = candidate;
        }
    }
    best
}

/// The expected time link `l` holds its successor to (its start for FS
/// and SS, its finish for FF and SF): its predecessor `from`'s start (SS,
/// SF) or finish (FS, FF), plus the lag; with that time's variance.
fn anchor(l: &Link, from: &Times) -> (f64, f64) {
    match l.kind {
        DependencyType::StartToStart | DependencyType::StartToFinish => (from.start + l.lag as f64, from.start_var),
        DependencyType::FinishToStart | DependencyType::FinishToFinish => (from.finish + l.lag as f64, from.finish_var),
    }
}

/// What rounding added to activity `i`'s duration as scheduled, in
/// working days, and the standard deviation of that duration. Leveling
/// books an owner's work as `ceil(effort / capacity)` of their days: the
/// excess and σ are in their days then. Otherwise the duration is the
/// effort rounded up. Started and done work count as scheduled. With the
/// days its owner is away while it runs (not started, leveled): its span
/// less their days of work.
fn rounding(net: &Network<'_>, i: usize) -> (f64, f64, i64) {
    let (Some(a), Some(w), Some(t)) = (net.activities.get(i), net.work.get(i), net.times.get(i)) else {
        return (0.0, 0.0, 0);
    };
    let sigma = net.sigma.get(i).copied().unwrap_or(0.0);
    // The owner whose days leveling books the work in.
    let booked = w.worker().filter(|_| net.leveled).and_then(|o| net.workers.get(o));
    let rate = booked.map_or(1.0, |p| p.capacity);
    let (excess, pause) = match (a.progress, booked) {
        (Progress::NotStarted, Some(p)) => {
            let days = p.days_for(w.effort);
            (days as f64 - w.effort / rate, t.early_finish - t.early_start - days)
        }
        (Progress::NotStarted, None) => (a.duration as f64 - w.effort, 0),
        _ => (0.0, 0),
    };
    (excess.max(0.0), sigma / rate, pause.max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finish_falls_on_the_day_it_ends_in() {
        // 19.5 days from day 0: half way through day 19 (from 0).
        assert_eq!(Finish::certain(19.5).day(), 19);
        // 20 whole days end with day 19 too; 20.01 goes into day 20.
        assert_eq!(Finish::certain(20.0).day(), 19);
        assert_eq!(Finish::certain(20.01).day(), 20);
        assert_eq!(Finish::certain(0.0).day(), 0);
    }

    #[test]
    fn a_certain_finish_has_no_probability() {
        assert_eq!(Finish::certain(3.0).probability_by(2), None);
        assert_eq!(Finish::certain(3.0).probability_by(4), None);
        let f = Finish {
            mean: 19.5,
            std_dev: 1.5,
        };
        // One σ above the mean, and at the mean.
        assert!((f.probability_by(21).unwrap() - 0.841_345).abs() < 1e-6);
        assert!((f.probability_by(19).unwrap() - normal_cdf(-0.5 / 1.5)).abs() < 1e-12);
    }
}
