//! The risks, as the scheduler reads them: each one as the Monte Carlo
//! forecast samples it ([`RiskInputs`]), and the days of those that
//! occurred, which the deterministic schedule counts ([`Occurred`]).

use crate::model::{RiskFile, RiskStatus};
use crate::plan::Plan;
use crate::span::Sp;

use super::Exact;

/// A risk, as the Monte Carlo forecast reads it ([`crate::forecast`]): an
/// event that happens in a run with its probability and then delays what
/// it affects and adds its cost. The deterministic schedule reads only the
/// delays of those that occurred ([`Occurred`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RiskInputs<'p> {
    pub id: &'p str,
    /// From 0 to 1.
    pub probability: f64,
    pub status: RiskStatus,
    /// Working days of delay to each item it affects, when it happens.
    pub delay_days: f64,
    /// Extra cost, in the project currency, when it happens.
    pub cost: f64,
    /// Ids of the features and milestones it would hit, as written.
    pub affects: &'p [Sp<String>],
}

impl<'p> RiskInputs<'p> {
    /// The working days it adds to what it affects in the schedule: its
    /// `impact.days` once it has occurred, when there are some.
    pub fn occurred_delay(&self) -> Option<f64> {
        (self.status == RiskStatus::Occurred && self.delay_days > 0.0).then_some(self.delay_days)
    }

    pub fn of(id: &'p str, risk: &'p RiskFile) -> RiskInputs<'p> {
        // Every field of a risk file, said to be read or not.
        let RiskFile {
            title: _,
            description: _,
            probability,
            impact,
            owner: _,
            status,
            mitigation: _,
            affects,
            review_by: _,
        } = risk;
        let (days, cost) = impact
            .as_ref()
            .map_or((None, None), |i| (i.value.days.as_ref(), i.value.cost.as_ref()));
        RiskInputs {
            id,
            // (Always there: a plan with errors is not scheduled.)
            probability: probability.as_ref().map_or(0.0, |p| p.value.0),
            status: status.as_ref().map_or(RiskStatus::Open, |s| s.value),
            delay_days: days.map_or(0.0, |d| d.value.0),
            cost: cost.map_or(0.0, |c| c.value.0),
            affects,
        }
    }
}

/// The delays of the risks that occurred: per item a risk with `status =
/// "occurred"` affects, the working days of its `impact.days`, summed over
/// those risks (a risk that names an item twice counts once). The
/// schedule adds them as the Monte Carlo forecast adds a risk that happens
/// in a run: to the work of a feature not done, and before a milestone is
/// reached (docs/scheduling.md, risks). Sorted by id; empty (no allocation)
/// when no risk occurred.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Occurred<'p>(Vec<(&'p str, Exact)>);

impl<'p> Occurred<'p> {
    pub fn of(plan: &'p Plan) -> Occurred<'p> {
        let mut delays: Vec<(&'p str, Exact)> = Vec::new();
        for r in &plan.risks {
            let risk = RiskInputs::of(&r.id, &r.data);
            let Some(days) = risk.occurred_delay() else { continue };
            let named = delays.len();
            for id in risk.affects {
                if !delays[named..].iter().any(|(x, _)| *x == id.value.as_str()) {
                    delays.push((&id.value, Exact(days)));
                }
            }
        }
        // Ids in order, each once (a stable sort keeps the risks' order,
        // so the sum is the same from plan to plan).
        delays.sort_by(|a, b| a.0.cmp(b.0));
        delays.dedup_by(|later, first| {
            let same = later.0 == first.0;
            if same {
                first.1 = Exact(first.1.0 + later.1.0);
            }
            same
        });
        Occurred(delays)
    }

    /// The risks that occurred that delay item `id` of `plan`, in plan
    /// order, with the working days each adds: what [`Occurred::delay`]
    /// sums, named.
    pub fn risks_on(plan: &'p Plan, id: &str) -> Vec<(&'p str, f64)> {
        plan.risks
            .iter()
            .map(|r| RiskInputs::of(&r.id, &r.data))
            .filter(|r| r.affects.iter().any(|a| a.value == id))
            .filter_map(|r| Some((r.id, r.occurred_delay()?)))
            .collect()
    }

    /// The working days the risks that occurred add to item `id`.
    pub fn delay(&self, id: &str) -> Exact {
        match self.0.binary_search_by(|(x, _)| (*x).cmp(id)) {
            Ok(k) => self.0[k].1,
            Err(_) => Exact(0.0),
        }
    }
}
