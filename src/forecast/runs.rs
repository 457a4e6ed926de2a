//! The runs: each samples the model's inputs into a copy of the network's
//! activities kept for the whole range of runs, and solves it with the
//! scheduler's own passes (the forward pass of the critical path method,
//! or resource leveling), then traces the driving chain back from the end.

use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress, Reason, Times};
use crate::schedule::level::{self, Work};
use crate::schedule::{ScheduleError, whole_days};

use super::model::{How, Input, Model};
use super::sample::Rng;

/// What a range of runs found, run by run where a figure is per run.
#[derive(Debug, Default)]
pub(super) struct Chunk {
    /// Per run: the day after the day the project's finish is shown on
    /// (its exclusive end, or a day later: [`cpm::ends_at_start_of_day`]).
    pub ends: Vec<i64>,
    /// Per run, then per milestone: the day after the day it is shown on
    /// ([`cpm::starts_of_day`]), so that, as for the ends, the date shown is
    /// that of the day before.
    pub milestones: Vec<i64>,
    /// Per milestone: the runs that reach it by its deadline.
    pub met: Vec<u32>,
    /// Per run: the cost.
    pub costs: Vec<f64>,
    /// Per run, then per sensitivity input: 0, 1 or 2 for the low, middle
    /// or high third of an estimate's sample; 0 or 2 for a risk that did
    /// not or did happen.
    pub codes: Vec<u8>,
    /// Per activity: the runs it was on the driving chain in.
    pub critical: Vec<u32>,
}

/// A thread's buffers, kept from one run to the next.
struct Runner<'m, 'a> {
    model: &'m Model<'a>,
    seed: u64,
    acts: Vec<Activity>,
    work: Vec<Work>,
    times: Vec<Times>,
    /// Working days of risk delay per activity, this run.
    delay: Vec<f64>,
    /// Per var: its sample, this run.
    samples: Vec<f64>,
    /// Per event: whether it happened, this run.
    happened: Vec<bool>,
    /// The run an activity was last put on the chain in (1 up).
    stamp: Vec<u32>,
    stack: Vec<usize>,
    cal: Calendar,
    /// Per activity, this run: whether it is an instant shown on the day
    /// that starts at it ([`cpm::starts_of_day`]).
    at_start: Vec<bool>,
    /// The run's links, when some milestone's days vary from run to run
    /// (`Model::milestone_links`); the network's otherwise.
    links: Option<Vec<Link>>,
    /// Leveling's buffers, and with them everyone's working days, kept
    /// from one run to the next.
    leveler: level::Leveler,
}

/// Runs `range` of the runs of `seed` on the model.
pub(super) fn run_range(model: &Model<'_>, seed: u64, range: std::ops::Range<usize>) -> Result<Chunk, ScheduleError> {
    let p = &model.parts;
    let n = p.activities.len();
    let mut r = Runner {
        model,
        seed,
        acts: p.activities.to_vec(),
        work: p.work.to_vec(),
        times: vec![blank(); n],
        delay: vec![0.0; n],
        samples: vec![0.0; model.vars.len()],
        happened: vec![false; model.events.len()],
        stamp: vec![0; n],
        stack: Vec::new(),
        cal: p.cal.clone(),
        at_start: Vec::with_capacity(n),
        links: (!model.milestone_links.is_empty()).then(|| p.links.to_vec()),
        leveler: level::Leveler::default(),
    };
    let runs = range.len();
    let mut chunk = Chunk {
        ends: Vec::with_capacity(runs),
        milestones: Vec::with_capacity(runs * p.m),
        costs: Vec::with_capacity(runs),
        codes: Vec::with_capacity(runs * model.inputs.len()),
        critical: vec![0; n],
        met: vec![0; p.m],
    };
    for (k, run) in range.enumerate() {
        r.one(run as u64, k as u32 + 1, &mut chunk)?;
    }
    Ok(chunk)
}

/// Per milestone (activities `0..m`) of a run solved into `times` with
/// `links` over `graph`, into `chunk`: the day after the day it is shown
/// on, as the schedule shows it ([`cpm::starts_of_day`], into `at_start`),
/// and whether it meets its deadline. The run's end (`end`, exclusive) as
/// the schedule shows the project's finish: a day later when what ends it
/// is shown on the day that starts at `end`.
fn reached(
    (acts, times, links, graph): (&[Activity], &[Times], &[Link], &cpm::Graph),
    (m, end): (usize, i64),
    at_start: &mut Vec<bool>,
    chunk: &mut Chunk,
) -> i64 {
    cpm::starts_of_day(acts, times, links, graph, at_start);
    let shown_end = end + i64::from(cpm::ends_at_start_of_day(times, at_start, end));
    for (j, (a, t)) in acts.iter().zip(times).take(m).enumerate() {
        let back = i64::from(!at_start.get(j).copied().unwrap_or(false));
        chunk.milestones.push(t.early_finish + 1 - back);
        if a.deadline.is_some_and(|d| t.early_finish <= d)
            && let Some(met) = chunk.met.get_mut(j)
        {
            *met += 1;
        }
    }
    shown_end
}

fn blank() -> Times {
    Times {
        early_start: 0,
        early_finish: 0,
        late_start: 0,
        late_finish: 0,
        total_float: 0,
        free_float: 0,
        driver: Reason::ProjectStart,
    }
}

impl Runner<'_, '_> {
    /// Run `run`, the `stamp`th of this range, into `chunk`.
    fn one(&mut self, run: u64, stamp: u32, chunk: &mut Chunk) -> Result<(), ScheduleError> {
        let mut rng = Rng::new(self.seed, run);
        let cost = self.sample(&mut rng, chunk);
        self.read_milestone_links();
        let m = self.model.parts.m;
        let end = if self.model.leveled {
            let p = &self.model.parts;
            // The critical path method first (leveling reads its late
            // starts), then leveling, as the deterministic schedule does;
            // a run reads only the early dates and the drivers.
            let links = self.links.as_deref().unwrap_or(p.links);
            let solution = cpm::solve_graph(&self.acts, links, p.graph).map_err(|_| ScheduleError::Cycle)?;
            let net = (
                p.m,
                &self.acts[..],
                links,
                p.graph,
                &solution.times[..],
                &self.work[..],
                p.workers,
            );
            let l = self.leveler.level_early(self.model.orders, net, &mut self.cal)?;
            trace(
                &self.acts,
                &l.times,
                &l.links,
                l.end,
                m,
                stamp,
                &mut self.stamp,
                &mut self.stack,
                &mut chunk.critical,
            );
            reached(
                (&self.acts, &l.times, &l.links, p.graph),
                (m, l.end),
                &mut self.at_start,
                chunk,
            )
        } else {
            let p = &self.model.parts;
            let links = self.links.as_deref().unwrap_or(p.links);
            let end = cpm::forward_pass(&self.acts, links, p.graph, &mut self.times);
            trace(
                &self.acts,
                &self.times,
                links,
                end,
                m,
                stamp,
                &mut self.stamp,
                &mut self.stack,
                &mut chunk.critical,
            );
            reached(
                (&self.acts, &self.times, links, p.graph),
                (m, end),
                &mut self.at_start,
                chunk,
            )
        };
        chunk.ends.push(end);
        chunk.costs.push(cost);
        Ok(())
    }

    /// Reads the links of the milestones whose days vary as the schedule
    /// reads a milestone's links: anew when it has days this run, as in
    /// the network otherwise.
    fn read_milestone_links(&mut self) {
        let Some(links) = self.links.as_mut() else { return };
        let (p, m) = (&self.model.parts, self.model.parts.m);
        let delayed = |n: usize| n < m && self.acts[n].duration > 0;
        for &k in &self.model.milestone_links {
            let (Some(mine), Some(written)) = (links.get_mut(k), p.links.get(k)) else {
                continue;
            };
            mine.kind =
                crate::schedule::network::scheduled_kind(written.kind, delayed(written.from), delayed(written.to));
        }
    }

    /// Draws the run's risks, then its estimates, into the activities and
    /// the work; writes the sensitivity codes; returns the run's cost.
    fn sample(&mut self, rng: &mut Rng, chunk: &mut Chunk) -> f64 {
        let model = self.model;
        let mut cost = model.fixed_cost;
        for v in &model.vars {
            self.delay[v.node] = 0.0;
        }
        for (k, e) in model.events.iter().enumerate() {
            // One number per risk, whatever its probability: the streams of
            // the estimates that follow stay aligned from run to run.
            let occurs = rng.uniform() < e.probability;
            self.happened[k] = occurs;
            if occurs {
                cost += e.cost;
                for &n in &e.nodes {
                    self.delay[n] += e.delay;
                }
            }
        }
        for (k, v) in model.vars.iter().enumerate() {
            let x = v.dist.map_or(v.det, |d| d.sample(rng));
            let factor = if v.det > 0.0 { x / v.det } else { 1.0 };
            self.samples[k] = x;
            cost += v.cost * factor;
            let delay = self.delay[v.node];
            let (a, w) = (&mut self.acts[v.node], &mut self.work[v.node]);
            let effort = match v.how {
                How::Estimate => x + delay,
                How::Scaled { base } => base * factor + delay,
                How::Delay => delay,
                How::Started {
                    start,
                    from,
                    rem,
                    effort,
                    least,
                } => {
                    // At least a day while some was left: `remaining = "0d"`
                    // leaves none, as in the schedule.
                    let left = whole_days(rem as f64 * factor + delay).max(i64::from(rem > 0));
                    a.progress = Progress::InProgress {
                        start,
                        min_finish: from + left,
                    };
                    a.duration = from + left - start;
                    // Not done: at least a day of its owner's work. The
                    // delays in whole days, as its finish above takes them
                    // (the schedule's rule for work started).
                    w.effort = (effort * factor + whole_days(delay) as f64).max(if rem > 0 { least } else { 0.0 });
                    continue;
                }
            };
            a.duration = whole_days(effort);
            if v.node >= model.parts.m {
                w.effort = effort;
            }
        }
        // The codes of the sensitivity ranking.
        for input in &model.inputs {
            chunk.codes.push(match *input {
                Input::Var(k) => {
                    let (low, high) = model.vars[k].thirds;
                    let x = self.samples[k];
                    if x < low {
                        0
                    } else if x > high {
                        2
                    } else {
                        1
                    }
                }
                Input::Event(k) => 2 * u8::from(self.happened[k]),
            });
        }
        cost
    }
}

/// Counts in `critical` the activities on the driving chain of a run:
/// from each one that finishes at `end`, back along what set each start
/// (a link's predecessor); done work and milestones (`0..m`) are not
/// counted. `seen` holds the run each activity was last counted in.
#[allow(clippy::too_many_arguments)]
fn trace(
    acts: &[Activity],
    times: &[Times],
    links: &[Link],
    end: i64,
    m: usize,
    stamp: u32,
    seen: &mut [u32],
    stack: &mut Vec<usize>,
    critical: &mut [u32],
) {
    stack.clear();
    stack.extend((0..times.len()).filter(|&i| times[i].early_finish == end));
    while let Some(i) = stack.pop() {
        if seen[i] == stamp {
            continue;
        }
        seen[i] = stamp;
        if i >= m && !matches!(acts[i].progress, Progress::Done { .. }) {
            critical[i] += 1;
        }
        if let Reason::Link(li) = times[i].driver
            && let Some(l) = links.get(li)
        {
            stack.push(l.from);
        }
    }
}
