//! Money: what the plan's work costs at its people's day rates.
//!
//! A feature costs its estimate in working days (the PERT mean for a
//! three-point estimate, not rounded) times its owner's `day-rate`. Cut
//! features cost nothing. A feature without an estimate, an owner, or an
//! owner with a day rate cannot be costed; such work is counted apart so a
//! report can say how much of the plan the figures leave out.

use crate::model::{FeatureFile, ProjectFile, Status};
use crate::plan::Plan;
use crate::schedule::calendar::days_per_week;
use crate::schedule::estimate_days;

/// What one feature costs, or why it cannot be said.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cost {
    /// Estimate × day rate, in the project currency.
    Costed {
        days: f64,
        amount: f64,
    },
    /// Cut: out of the plan, costs nothing.
    Cut,
    NoEstimate,
    /// Estimated, but nobody owns it.
    NoOwner {
        days: f64,
    },
    /// Estimated and owned, but the owner has no `day-rate`.
    NoRate {
        days: f64,
    },
}

impl Cost {
    /// The money, when the feature could be costed.
    pub fn amount(self) -> Option<f64> {
        match self {
            Cost::Costed { amount, .. } => Some(amount),
            _ => None,
        }
    }

    /// The estimate in working days, when there is one and the feature is not cut.
    pub fn days(self) -> Option<f64> {
        match self {
            Cost::Costed { days, .. } | Cost::NoOwner { days } | Cost::NoRate { days } => Some(days),
            Cost::Cut | Cost::NoEstimate => None,
        }
    }
}

/// What costing features needs from the project file, worked out once for
/// a whole plan: the length of a week and who has which day rate.
pub struct Rates<'p> {
    per_week: u8,
    /// Day rate by person id (the first person with an id, as validation
    /// reports duplicates).
    people: std::collections::HashMap<&'p str, Option<f64>, foldhash::fast::FixedState>,
}

impl<'p> Rates<'p> {
    pub fn of(project: &'p ProjectFile) -> Rates<'p> {
        Rates {
            per_week: days_per_week(project),
            people: project.people.iter().rev().fold(Default::default(), |mut people, p| {
                // Later duplicates first, so that the first one wins.
                people.insert(p.value.id.value.as_str(), p.value.day_rate.as_ref().map(|r| r.value.0));
                people
            }),
        }
    }

    /// The cost of one feature of a plan with this project file.
    pub fn cost(&self, feature: &FeatureFile) -> Cost {
        if feature.status() == Status::Cut {
            return Cost::Cut;
        }
        let Some(estimate) = &feature.estimate else {
            return Cost::NoEstimate;
        };
        let days = estimate_days(&estimate.value, self.per_week).0;
        let Some(owner) = &feature.owner else {
            return Cost::NoOwner { days };
        };
        match self.people.get(owner.value.as_str()).copied().flatten() {
            Some(rate) => Cost::Costed {
                days,
                amount: days * rate,
            },
            None => Cost::NoRate { days },
        }
    }
}

/// The cost of a whole plan, or of a part of it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Totals {
    /// Money, over the features that could be costed.
    pub amount: f64,
    /// Working days of the features that could be costed.
    pub costed_days: f64,
    /// Live features left out of `amount`: no estimate, owner or day rate.
    pub uncosted_features: usize,
    /// Estimated working days left out of `amount` (no owner or day rate).
    pub uncosted_days: f64,
}

impl Totals {
    pub fn add(&mut self, cost: Cost) {
        match cost {
            Cost::Costed { days, amount } => {
                self.amount += amount;
                self.costed_days += days;
            }
            Cost::Cut => {}
            Cost::NoEstimate => self.uncosted_features += 1,
            Cost::NoOwner { days } | Cost::NoRate { days } => {
                self.uncosted_features += 1;
                self.uncosted_days += days;
            }
        }
    }
}

/// Whether the plan's cost can be worked out: every person's day rate was
/// read (`project.toml` decoded, each `[[people]]` entry with it). A plan
/// whose `project.toml` does not parse has a cost nobody knows, not zero.
pub fn known(plan: &Plan) -> bool {
    plan.project_file().is_some_and(|p| !p.data.read.people_missing)
}

/// The cost of every live feature of the plan; zero without a project file
/// ([`known`] says whether that zero is the cost).
pub fn plan_totals(plan: &Plan) -> Totals {
    plan_totals_with(plan, |_| None).0
}

/// [`plan_totals`], taking the cost of the feature at position `i` of
/// `plan.features` from `known(i)` where it says (a feature costed before
/// with the same file and project file), with every feature's cost by
/// position for the next plan (none without a project file). Summed in
/// plan order either way: the same total to the last bit.
pub fn plan_totals_with(plan: &Plan, known: impl Fn(usize) -> Option<Cost>) -> (Totals, Vec<Cost>) {
    let mut totals = Totals::default();
    let Some(project) = plan.project_file() else {
        return (totals, Vec::new());
    };
    let mut rates = None;
    let costs: Vec<Cost> = plan
        .features
        .iter()
        .enumerate()
        .map(|(i, f)| known(i).unwrap_or_else(|| rates.get_or_insert_with(|| Rates::of(&project.data)).cost(&f.data)))
        .collect();
    for &c in &costs {
        totals.add(c);
    }
    (totals, costs)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_plan as plan;

    const PROJECT: &str = r#"
[project]
name = "P"
start = 2026-01-05
currency = "EUR"
[calendar]
workdays = ["mon", "tue", "wed", "thu"]
[[people]]
id = "ann"
name = "Ann"
day-rate = 500
[[people]]
id = "bob"
name = "Bob"
"#;

    #[test]
    fn costs_estimate_times_owner_rate() {
        let p = plan(&[
            ("project.toml", PROJECT),
            // 1w is 4 days with a four-day week: 4 × 500.
            ("features/a.toml", "title = \"A\"\nowner = \"ann\"\nestimate = \"1w\""),
            // PERT mean (2 + 4·3 + 10) / 6 = 4 days, unrounded: 4 × 500.
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ann\"\nestimate = { low = \"2d\", likely = \"3d\", high = \"10d\" }",
            ),
            ("features/c.toml", "title = \"C\"\nowner = \"bob\"\nestimate = \"3d\""),
            ("features/d.toml", "title = \"D\"\nestimate = \"2d\""),
            ("features/e.toml", "title = \"E\"\nowner = \"ann\""),
            (
                "features/f.toml",
                "title = \"F\"\nowner = \"ann\"\nestimate = \"9d\"\nstatus = \"cut\"",
            ),
        ]);
        assert_eq!(p.error_count(), 0, "{:?}", p.diagnostics);
        let project = &p.project.as_ref().unwrap().data;
        let rates = Rates::of(project);
        let costs: Vec<Cost> = p.features.iter().map(|f| rates.cost(&f.data)).collect();
        assert_eq!(
            costs,
            vec![
                Cost::Costed {
                    days: 4.0,
                    amount: 2000.0
                },
                Cost::Costed {
                    days: 4.0,
                    amount: 2000.0
                },
                Cost::NoRate { days: 3.0 },
                Cost::NoOwner { days: 2.0 },
                Cost::NoEstimate,
                Cost::Cut,
            ]
        );
        let t = plan_totals(&p);
        assert_eq!(t.amount, 4000.0);
        assert_eq!(t.costed_days, 8.0);
        assert_eq!(t.uncosted_features, 3);
        assert_eq!(t.uncosted_days, 5.0);
    }
}
