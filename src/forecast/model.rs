//! What a run samples, worked out once from the network: each activity
//! whose duration varies from run to run (a feature with work left, or an
//! item a risk affects), how its sample becomes the activity's duration
//! and its owner's work, and the risks as events.

use crate::cost::{Cost, Rates};
use crate::model::{RiskStatus, Status};
use crate::plan::{ItemKind, Plan};
use crate::schedule::cpm::Progress;
use crate::schedule::inputs::{EstimateInputs, Inputs};
use crate::schedule::level;
use crate::schedule::network::Parts;

use super::sample::{Dist, Shape};

/// The spread a single-point estimate gets, as multiples of it: from 10%
/// less to 50% more, most likely as written (docs/monte-carlo.md).
pub const SINGLE_POINT: (f64, f64) = (0.9, 1.5);

/// How an activity's sampled work becomes its duration.
#[derive(Clone, Copy, Debug)]
pub(super) enum How {
    /// Not started: the sample is its work, in working days.
    Estimate,
    /// Blocked before it started with `remaining` written: that, scaled as
    /// the estimate's sample is to the estimate.
    Scaled { base: f64 },
    /// Started on day `start`; `rem` whole working days left from `from`
    /// (the status day, or its start if later), and `effort` left for its
    /// owner as leveling books it (`network::work_of`), each scaled the
    /// same way; the effort is at least `least`, a day of its owner's work.
    Started {
        start: i64,
        from: i64,
        rem: i64,
        effort: f64,
        least: f64,
    },
    /// A milestone, or a feature without an estimate: no work of its own,
    /// only the delays of risks that happen.
    Delay,
}

/// An activity whose duration varies from run to run.
#[derive(Clone, Debug)]
pub(super) struct Var {
    pub node: usize,
    /// The distribution of its estimate, when it is uncertain.
    pub dist: Option<Dist>,
    /// The estimate's deterministic value (the PERT mean, or the single
    /// point): what the sample is measured against to scale other work.
    pub det: f64,
    pub how: How,
    /// Its cost at the deterministic estimate, scaled with the sample.
    pub cost: f64,
    /// The bounds of its sample's low and high third (sensitivity).
    pub thirds: (f64, f64),
}

/// A risk, as an event of a run.
#[derive(Clone, Debug)]
pub(super) struct Event {
    /// Position among the plan's risks.
    pub index: usize,
    pub probability: f64,
    pub delay: f64,
    pub cost: f64,
    /// The activities it delays.
    pub nodes: Vec<usize>,
}

/// One input of the sensitivity ranking: a feature's estimate or a risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Input {
    /// A position among [`Model::vars`].
    Var(usize),
    /// A position among [`Model::events`].
    Event(usize),
}

/// Everything a run reads.
pub(super) struct Model<'a> {
    pub parts: Parts<'a>,
    pub vars: Vec<Var>,
    pub events: Vec<Event>,
    /// The inputs the sensitivity ranking follows, in the order their
    /// codes are kept per run: the uncertain estimates, then the risks
    /// that may or may not happen.
    pub inputs: Vec<Input>,
    /// The cost of what does not vary (done work, work without spread).
    pub fixed_cost: f64,
    /// Whether anything has a cost.
    pub costed: bool,
    /// Whether runs are leveled.
    pub leveled: bool,
    /// The orders leveling tries in each run: the one leveling the plan
    /// kept ([`level::Orders::As`]).
    pub orders: level::Orders,
    /// The links into and out of a milestone whose days vary from run to
    /// run (a risk on it that may or may not happen): a run reads them as
    /// the schedule reads a milestone's links when it has days of its own
    /// (`network::scheduled_kind`), and as written when it has none.
    pub milestone_links: Vec<usize>,
}

impl<'a> Model<'a> {
    pub fn new(
        plan: &Plan,
        inputs: &Inputs<'_>,
        parts: Parts<'a>,
        shape: Shape,
        orders: Option<level::Orders>,
    ) -> Model<'a> {
        let leveled = orders.is_some();
        let rates = plan.project.as_ref().map(|p| Rates::of(&p.data));
        let events = events(inputs, &parts);
        let mut delayed = vec![false; parts.activities.len()];
        for e in &events {
            for &n in &e.nodes {
                delayed[n] = true;
            }
        }
        let mut vars: Vec<Var> = Vec::new();
        let (mut fixed_cost, mut costed) = (0.0, false);
        for (node, &delayed) in delayed.iter().enumerate() {
            if node < parts.m {
                if delayed {
                    vars.push(Var::fixed(node, How::Delay));
                }
                continue;
            }
            let position = parts.features[node - parts.m];
            let cost = match (&rates, plan.features.get(position)) {
                (Some(r), Some(item)) => r.cost(&item.data),
                _ => Cost::NoEstimate,
            };
            costed |= cost.amount().is_some();
            let amount = cost.amount().unwrap_or(0.0);
            match feature_var(inputs, &parts, node, shape, delayed) {
                Some(mut v) => {
                    v.cost = amount;
                    if let Some(d) = v.dist {
                        // The thirds of a distribution depend on its shape
                        // alone (a numerical integration): worked out once
                        // per shape.
                        v.thirds = d.scale(super::sample::unit_thirds_memo(&d));
                    }
                    vars.push(v);
                }
                None => fixed_cost += amount,
            }
        }
        costed |= events.iter().any(|e| e.cost != 0.0);
        let milestone_links = milestone_links(&parts, &events);
        let mut sensitive: Vec<Input> = (0..vars.len())
            .filter(|&k| vars[k].dist.is_some())
            .map(Input::Var)
            .collect();
        sensitive.extend(
            (0..events.len())
                .filter(|&k| events[k].probability > 0.0 && events[k].probability < 1.0)
                .map(Input::Event),
        );
        Model {
            parts,
            vars,
            events,
            inputs: sensitive,
            fixed_cost,
            costed,
            leveled,
            orders: orders.unwrap_or(level::Orders::All),
            milestone_links,
        }
    }
}

/// The links (positions in `parts.links`) from or to a milestone whose
/// days vary: one a risk delays that has not occurred. (One that occurred
/// gives the network's milestone days of its own, in every run, and its
/// links are read for them already.)
fn milestone_links(parts: &Parts<'_>, events: &[Event]) -> Vec<usize> {
    let mut varies = vec![false; parts.m];
    for e in events {
        for &n in e.nodes.iter().filter(|&&n| n < parts.m) {
            varies[n] = parts.activities[n].duration == 0;
        }
    }
    (0..parts.links.len())
        .filter(|&k| {
            let l = &parts.links[k];
            varies.get(l.from).copied().unwrap_or(false) || varies.get(l.to).copied().unwrap_or(false)
        })
        .collect()
}

/// Feature activity `node`'s var: `None` when it does not vary (done, or
/// certain and not `delayed` by a risk).
fn feature_var(inputs: &Inputs<'_>, parts: &Parts<'_>, node: usize, shape: Shape, delayed: bool) -> Option<Var> {
    let per_week = inputs.calendar().days_per_week();
    let f = inputs.feature(parts.features[node - parts.m])?;
    let a = &f.activity;
    let how = match parts.activities[node].progress {
        Progress::Done { .. } => return None,
        Progress::NotStarted if a.status == Status::Blocked && a.remaining.is_some() => How::Scaled {
            base: a.remaining.map_or(0.0, |r| r.working_days(per_week)),
        },
        Progress::NotStarted if a.estimate.is_some() => How::Estimate,
        Progress::NotStarted => How::Delay,
        Progress::InProgress { start, min_finish } => {
            let from = parts.status_day.max(start);
            // The network counts the risks that occurred in its work left
            // (`network::feature_activity`, `work_of`); a run adds them as
            // events (`events`): taken out here, so counted once.
            let delay = a.started_delay();
            How::Started {
                start,
                from,
                rem: min_finish - from - delay,
                effort: parts.work.get(node).map_or(0.0, |w| w.effort) - delay as f64,
                least: parts
                    .work
                    .get(node)
                    .and_then(|w| parts.workers.get(w.owner? as usize))
                    .map_or(1.0, |p| p.capacity),
            }
        }
    };
    let dist = a.estimate.map(|e| dist_of(&e, per_week, shape)).filter(Dist::uncertain);
    if dist.is_none() && !delayed {
        return None;
    }
    let det = a.estimate.map_or(0.0, |e| e.days(per_week).0);
    Some(Var {
        node,
        dist,
        det,
        how,
        cost: 0.0,
        // Set by the caller, once per shape.
        thirds: (det, det),
    })
}

impl Var {
    fn fixed(node: usize, how: How) -> Var {
        Var {
            node,
            dist: None,
            det: 0.0,
            how,
            cost: 0.0,
            thirds: (0.0, 0.0),
        }
    }
}

/// The distribution of an estimate in working days: its three points, or
/// a single point spread by [`SINGLE_POINT`].
pub(super) fn dist_of(e: &EstimateInputs, per_week: u8, shape: Shape) -> Dist {
    match e {
        EstimateInputs::Single(d) => {
            let days = d.working_days(per_week);
            Dist::new(days * SINGLE_POINT.0, days, days * SINGLE_POINT.1, shape)
        }
        EstimateInputs::ThreePoint { low, likely, high } => Dist::new(
            low.working_days(per_week),
            likely.working_days(per_week),
            high.working_days(per_week),
            shape,
        ),
    }
}

/// The risks as events: closed ones left out, one that occurred certain
/// (docs/monte-carlo.md, risks). The items each affects are those of the
/// network that are not done.
fn events(inputs: &Inputs<'_>, parts: &Parts<'_>) -> Vec<Event> {
    let mut events = Vec::new();
    for (index, r) in inputs.risks().enumerate() {
        let probability = match r.status {
            RiskStatus::Closed => continue,
            RiskStatus::Occurred => 1.0,
            RiskStatus::Open | RiskStatus::Mitigating | RiskStatus::Accepted => r.probability.clamp(0.0, 1.0),
        };
        let mut nodes = Vec::new();
        if r.delay_days > 0.0 {
            for id in r.affects {
                let node = match inputs.item(&id.value) {
                    Some((ItemKind::Milestone, i)) => Some(i),
                    Some((ItemKind::Feature, i)) => parts.features.binary_search(&i).ok().map(|k| parts.m + k),
                    _ => None,
                };
                if let Some(n) = node
                    && !matches!(parts.activities[n].progress, Progress::Done { .. })
                    && !nodes.contains(&n)
                {
                    nodes.push(n);
                }
            }
        }
        events.push(Event {
            index,
            probability,
            delay: r.delay_days.max(0.0),
            cost: r.cost,
            nodes,
        });
    }
    events
}
