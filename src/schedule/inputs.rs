//! What the scheduler reads of a plan, as types: the contract between the
//! plan and every schedule made of it.
//!
//! One type per kind of item: [`CalendarInputs`] for the project's
//! calendar, [`MilestoneInputs`] and [`FeatureInputs`] (its own activity in
//! [`ActivityInputs`], its place in the network in its milestone and
//! [`Links`]). Each is made from the model by one function (`of`), which
//! takes the model's struct apart *exhaustively*: a field added to
//! `FeatureFile`, `MilestoneFile` or `[calendar]` does not compile until
//! that function says whether the scheduler reads it. The network
//! ([`super::network`]) reads a plan only through these types.
//!
//! Each derives `Eq` and `Hash` (a plan's [`Inputs`] compare item by item),
//! and that is what reuse compares: a history
//! walk reuses a commit's schedule for the next one when their [`Inputs`]
//! are equal, and patches a network where only [`ActivityInputs`] differ.
//! There is no list of "fields that matter" to keep in step by hand: a new
//! input is compared because it is a field of these types.
//!
//! The people are read in `people.rs` ([`PersonInputs`]). The risks are
//! read in `risks.rs`: the days of those that occurred are
//! a scheduling input ([`Occurred`], in [`ActivityInputs::delay`] and
//! [`MilestoneInputs::delay`]); the others only the Monte Carlo reads.
//!
//! Positions (spans) are no input: a link moved down a line schedules the
//! same. The inputs borrow from the plan; making them costs no allocation
//! but the list of the risks that occurred, when one did.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::model::{
    Date, Dependency, DependencyType, Duration, Estimate, FeatureFile, Holiday, MilestoneFile, Priority, Rank, Status,
};
use crate::plan::{Item, ItemKind, Plan};
use crate::span::Sp;

mod people;
mod risks;
pub use people::{Exact, PersonInputs, TimeOff};
pub use risks::{Occurred, RiskInputs};

/// The working-day calendar: weekdays, holidays, the project's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CalendarInputs<'p> {
    pub start: Date,
    /// Monday first.
    pub workdays: [bool; 7],
    pub holidays: Holidays<'p>,
}

impl<'p> CalendarInputs<'p> {
    pub fn of(project: &'p crate::model::ProjectFile) -> CalendarInputs<'p> {
        // Every part of project.toml, said to be read or not.
        let crate::model::ProjectFile {
            project,
            budget: _,
            roles: _,
            stakeholders: _,
            calendar,
            // Read by `PersonInputs`.
            people: _,
            // A project file is scheduled only when all of it was read.
            read: _,
        } = project;
        let (workdays, holidays) = match calendar.as_ref().map(|c| &c.value) {
            // (A week not read is in a plan with an error: not scheduled.)
            Some(crate::model::Calendar {
                workdays,
                holidays,
                week_unread: _,
            }) => (workdays.as_ref(), &holidays[..]),
            None => (None, &[][..]),
        };
        let workdays = match workdays {
            Some(days) if !days.value.is_empty() => {
                let mut on = [false; 7];
                for d in &days.value {
                    on[d.value as usize] = true;
                }
                on
            }
            _ => [true, true, true, true, true, false, false],
        };
        CalendarInputs {
            start: project.value.start.value,
            workdays,
            holidays: Holidays(holidays),
        }
    }

    /// How many days a working week has: what `1w` means in this plan.
    pub fn days_per_week(&self) -> u8 {
        self.workdays.iter().filter(|&&w| w).count().max(1) as u8
    }
}

/// The project's holidays: compared by the days they cover, not by their
/// names or where they are written.
#[derive(Clone, Copy, Debug)]
pub struct Holidays<'p>(&'p [Sp<Holiday>]);

impl Holidays<'_> {
    /// Each holiday's first and last day, as written.
    pub fn bounds(&self) -> impl Iterator<Item = (Date, Date)> + '_ {
        self.0.iter().map(|h| h.value.bounds())
    }
}

impl PartialEq for Holidays<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.bounds().eq(other.bounds())
    }
}

impl Eq for Holidays<'_> {}

impl Hash for Holidays<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for b in self.bounds() {
            b.hash(state);
        }
    }
}

/// One link, as the scheduler reads it: the item waited for, the type, the
/// lag as written (counted in working days of the plan's week).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LinkInputs<'p> {
    pub from: &'p str,
    pub kind: DependencyType,
    pub lag: Option<Duration>,
}

impl<'p> LinkInputs<'p> {
    pub fn of(d: &'p Dependency) -> LinkInputs<'p> {
        LinkInputs {
            from: &d.id().value,
            kind: d.kind(),
            lag: d.lag().map(|l| l.value),
        }
    }
}

/// An item's `depends-on`, compared link by link ([`LinkInputs`]).
#[derive(Clone, Copy, Debug)]
pub struct Links<'p>(&'p [Sp<Dependency>]);

impl<'p> Links<'p> {
    pub fn iter(&self) -> impl ExactSizeIterator<Item = LinkInputs<'p>> + 'p {
        self.0.iter().map(|d| LinkInputs::of(&d.value))
    }
}

impl PartialEq for Links<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Links<'_> {}

impl Hash for Links<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for l in self.iter() {
            l.hash(state);
        }
    }
}

/// A milestone: an event reached when what it waits for is finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MilestoneInputs<'p> {
    pub id: &'p str,
    pub deadline: Option<Date>,
    pub depends_on: Links<'p>,
    /// Working days the risks that occurred add before it is reached
    /// ([`Occurred`]).
    pub delay: Exact,
}

impl<'p> MilestoneInputs<'p> {
    /// `delay`: what the plan's risks that occurred add ([`Occurred::of`]).
    pub fn of(id: &'p str, milestone: &'p MilestoneFile, delay: Exact) -> MilestoneInputs<'p> {
        let MilestoneFile {
            title: _,
            description: _,
            deadline,
            depends_on,
            owner: _,
        } = milestone;
        MilestoneInputs {
            id,
            deadline: deadline.as_ref().map(|d| d.value),
            depends_on: Links(depends_on),
            delay,
        }
    }
}

/// A feature's estimate: a duration, or low, likely and high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EstimateInputs {
    Single(Duration),
    ThreePoint {
        low: Duration,
        likely: Duration,
        high: Duration,
    },
}

impl EstimateInputs {
    /// The estimate in working days (the PERT mean for a three-point
    /// estimate) and its PERT standard deviation.
    pub fn days(&self, per_week: u8) -> (f64, f64) {
        match self {
            EstimateInputs::Single(d) => (d.working_days(per_week), 0.0),
            EstimateInputs::ThreePoint { low, likely, high } => {
                let (l, m, h) = (
                    low.working_days(per_week),
                    likely.working_days(per_week),
                    high.working_days(per_week),
                );
                ((l + 4.0 * m + h) / 6.0, (h - l) / 6.0)
            }
        }
    }

    pub fn of(e: &Estimate) -> EstimateInputs {
        match e {
            Estimate::Single(d) => EstimateInputs::Single(*d),
            Estimate::ThreePoint(t) => EstimateInputs::ThreePoint {
                low: t.low.value,
                likely: t.likely.value,
                high: t.high.value,
            },
        }
    }
}

/// What a feature's own activity is made of: its work, who does it, how
/// it ranks against their other work, and its progress. Two networks whose
/// features differ only in these are patched, not rebuilt
/// ([`crate::incremental::schedule::patch`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ActivityInputs<'p> {
    pub status: Status,
    /// The person who does the work, as written (an id of `[[people]]`).
    pub owner: Option<&'p str>,
    pub priority: Option<Priority>,
    pub rank: Option<Rank>,
    pub estimate: Option<EstimateInputs>,
    pub remaining: Option<Duration>,
    pub not_before: Option<Date>,
    pub started: Option<Date>,
    pub finished: Option<Date>,
    /// Working days of work the risks that occurred add to it, unless it
    /// is done ([`Occurred`]).
    pub delay: Exact,
}

impl ActivityInputs<'_> {
    /// The whole working days work already started takes from the risks
    /// that occurred: after its whole days left, on the calendar as in its
    /// owner's effort (docs/scheduling.md, risks). Work not started takes
    /// [`ActivityInputs::delay`] unrounded, with its estimate.
    pub fn started_delay(&self) -> i64 {
        super::whole_days(self.delay.0)
    }
}

/// A feature: its own activity, and its place in the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FeatureInputs<'p> {
    pub id: &'p str,
    pub activity: ActivityInputs<'p>,
    /// The milestone it ships in, as written.
    pub milestone: Option<&'p str>,
    pub depends_on: Links<'p>,
}

impl<'p> FeatureInputs<'p> {
    /// `delay`: what the plan's risks that occurred add ([`Occurred::of`]).
    pub fn of(id: &'p str, feature: &'p FeatureFile, delay: Exact) -> FeatureInputs<'p> {
        // Every field of a feature file, said to be read or not.
        let FeatureFile {
            title: _,
            description: _,
            milestone,
            owner,
            status: _,
            kind: _,
            priority,
            rank,
            estimate,
            remaining,
            depends_on,
            not_before,
            started,
            finished,
            value: _,
            tags: _,
            links: _,
        } = feature;
        let date = |d: &Option<Sp<Date>>| d.as_ref().map(|d| d.value);
        FeatureInputs {
            id,
            activity: ActivityInputs {
                status: feature.status(),
                owner: owner.as_ref().map(|o| o.value.as_str()),
                priority: priority.as_ref().map(|p| p.value),
                rank: rank.as_ref().map(|r| r.value),
                estimate: estimate.as_ref().map(|e| EstimateInputs::of(&e.value)),
                remaining: remaining.as_ref().map(|r| r.value),
                not_before: date(not_before),
                started: date(started),
                finished: date(finished),
                delay,
            },
            milestone: milestone.as_ref().map(|m| m.value.as_str()),
            depends_on: Links(depends_on),
        }
    }

    /// Whether the feature is scheduled at all (a cut feature is not).
    pub fn live(&self) -> bool {
        self.activity.status != Status::Cut
    }

    /// The part of the network this feature shapes: which activities there
    /// are, and the links between them. Two plans whose features differ
    /// only in their [`ActivityInputs`], but not here, have the same links.
    fn placement(&self) -> (&'p str, bool, Option<&'p str>, Links<'p>) {
        let FeatureInputs {
            id,
            activity: _,
            milestone,
            depends_on,
        } = *self;
        (id, self.live(), milestone, depends_on)
    }
}

/// Everything a plan's schedule is made of, read through the types above.
/// Two plans with equal inputs have the same schedule as of any date, but
/// for the titles (see [`super::Schedule::retitled`]).
///
/// Comparing two plans' inputs skips an item whose decoded file is the very
/// same value in both: its inputs are a function of its id and its file,
/// but for the days of the risks that occurred ([`Occurred`]), compared
/// apart.
#[derive(Clone, Debug)]
pub struct Inputs<'p> {
    plan: &'p Plan,
    project: &'p Arc<crate::model::ProjectFile>,
    calendar: CalendarInputs<'p>,
    occurred: Occurred<'p>,
}

/// Whether two ids are the same: most often the very same (shared) value.
/// (`Arc<str>`'s own `==` compares the text even then.)
pub(crate) fn same_id(a: &Arc<str>, b: &Arc<str>) -> bool {
    Arc::ptr_eq(a, b) || a == b
}

/// Whether two items have equal inputs (`of`), skipping the work when they
/// are the same file under the same id.
fn same_item<'p, T, I: PartialEq>(a: &'p Item<T>, b: &'p Item<T>, of: impl Fn(&'p str, &'p T) -> I) -> bool {
    (Arc::ptr_eq(&a.data, &b.data) && same_id(&a.id, &b.id)) || of(&a.id, &a.data) == of(&b.id, &b.data)
}

impl<'p> Inputs<'p> {
    /// The inputs of `plan`; `None` without a valid project file.
    pub fn of(plan: &'p Plan) -> Option<Inputs<'p>> {
        let project = &plan.project.as_ref()?.data;
        Some(Inputs {
            plan,
            project,
            calendar: CalendarInputs::of(project),
            occurred: Occurred::of(plan),
        })
    }

    /// What the risks that occurred add to the plan's items.
    pub fn occurred(&self) -> &Occurred<'p> {
        &self.occurred
    }

    pub fn calendar(&self) -> &CalendarInputs<'p> {
        &self.calendar
    }

    /// The project file the calendar was read from, shared: a calendar made
    /// for one plan serves the next one with the same file.
    pub fn project_file(&self) -> &'p Arc<crate::model::ProjectFile> {
        self.project
    }

    pub fn milestone_count(&self) -> usize {
        self.plan.milestones.len()
    }

    pub fn feature_count(&self) -> usize {
        self.plan.features.len()
    }

    /// The people, in the order of `[[people]]`.
    pub fn people(&self) -> impl ExactSizeIterator<Item = PersonInputs<'p>> + 'p {
        self.project.people.iter().map(|p| PersonInputs::of(&p.value))
    }

    /// The milestones, in plan order.
    pub fn milestones(&self) -> impl ExactSizeIterator<Item = MilestoneInputs<'p>> + '_ {
        self.plan
            .milestones
            .iter()
            .map(|m| MilestoneInputs::of(&m.id, &m.data, self.occurred.delay(&m.id)))
    }

    /// The milestone at position `i` of the plan.
    pub fn milestone(&self, i: usize) -> Option<MilestoneInputs<'p>> {
        self.plan
            .milestones
            .get(i)
            .map(|m| MilestoneInputs::of(&m.id, &m.data, self.occurred.delay(&m.id)))
    }

    /// The features, in plan order, cut ones included.
    pub fn features(&self) -> impl ExactSizeIterator<Item = FeatureInputs<'p>> + '_ {
        self.plan
            .features
            .iter()
            .map(|f| FeatureInputs::of(&f.id, &f.data, self.occurred.delay(&f.id)))
    }

    /// The risks, in plan order (only the Monte Carlo forecast reads them).
    pub fn risks(&self) -> impl ExactSizeIterator<Item = RiskInputs<'p>> + 'p {
        self.plan.risks.iter().map(|r| RiskInputs::of(&r.id, &r.data))
    }

    /// The feature at position `i` of the plan.
    pub fn feature(&self, i: usize) -> Option<FeatureInputs<'p>> {
        self.plan
            .features
            .get(i)
            .map(|f| FeatureInputs::of(&f.id, &f.data, self.occurred.delay(&f.id)))
    }

    /// The links of the feature at position `i` ([`FeatureInputs::depends_on`]),
    /// without the rest of its inputs.
    pub fn depends_on(&self, i: usize) -> Option<Links<'p>> {
        self.plan.features.get(i).map(|f| Links(&f.data.depends_on))
    }

    /// What `id` names among the items the scheduler reads: a milestone or
    /// a feature, by its position in the plan.
    pub fn item(&self, id: &str) -> Option<(ItemKind, usize)> {
        let d = self.plan.ids.get(id)?;
        let i = d.index? as usize;
        matches!(d.kind, ItemKind::Milestone | ItemKind::Feature).then_some((d.kind, i))
    }

    /// Whether `self` and `other` have the same calendar, milestones, and
    /// features in the same places (ids, milestones, links, cut or not):
    /// the same network but for some features' own activities. Those that
    /// differ are the positions returned.
    pub fn activities_changed(&self, other: &Inputs<'_>) -> Option<Vec<usize>> {
        let (a, b) = (self.plan, other.plan);
        if !self.same_but_features(other) || a.features.len() != b.features.len() {
            return None;
        }
        let same_delays = self.occurred == other.occurred;
        let mut changed = Vec::new();
        for (i, (x, y)) in a.features.iter().zip(&b.features).enumerate() {
            if Arc::ptr_eq(&x.data, &y.data)
                && same_id(&x.id, &y.id)
                && (same_delays || self.occurred.delay(&x.id) == other.occurred.delay(&y.id))
            {
                continue;
            }
            let (x, y) = (
                FeatureInputs::of(&x.id, &x.data, self.occurred.delay(&x.id)),
                FeatureInputs::of(&y.id, &y.data, other.occurred.delay(&y.id)),
            );
            if x.placement() != y.placement() {
                return None;
            }
            if x.activity != y.activity {
                changed.push(i);
            }
        }
        Some(changed)
    }
}

impl Inputs<'_> {
    /// Whether `self` and `other` are the same but for their features: the
    /// same calendar, people and milestones (ids, in the same order, and
    /// their inputs).
    pub fn same_but_features(&self, other: &Inputs<'_>) -> bool {
        let (a, b) = (self.plan, other.plan);
        // The calendar and the people come from the project file.
        let same_project = Arc::ptr_eq(self.project, other.project)
            || (self.calendar == other.calendar && self.people().eq(other.people()));
        let same_delays = self.occurred == other.occurred;
        same_project
            && a.milestones.len() == b.milestones.len()
            && a.milestones.iter().zip(&b.milestones).all(|(x, y)| {
                (same_delays || self.occurred.delay(&x.id) == other.occurred.delay(&y.id))
                    && same_item(x, y, |id, m| MilestoneInputs::of(id, m, Exact(0.0)))
            })
    }
}

impl Inputs<'_> {
    /// Whether `self` and `other` have the same risks, in the same order
    /// (what the Monte Carlo forecast reads beyond the schedule's inputs).
    pub fn same_risks(&self, other: &Inputs<'_>) -> bool {
        let (a, b) = (&self.plan.risks, &other.plan.risks);
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_item(x, y, RiskInputs::of))
    }
}

impl PartialEq for Inputs<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.activities_changed(other).is_some_and(|c| c.is_empty())
    }
}

impl Eq for Inputs<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    /// The history oracle (`tests/integration/history_oracle.rs`) changes
    /// every scheduling input in some commit, in a way that moves a
    /// milestone, and checks that `history` says what `diff` from scratch
    /// says of it: a reuse blind to that input fails it. Each input type is
    /// taken apart exhaustively below (a field added does not compile until
    /// it is listed), and each field names the change of the oracle's that
    /// makes it differ: a new input needs a commit there too.
    #[test]
    fn the_history_oracle_changes_every_scheduling_input() {
        // Never called: the patterns are what is checked, when compiled.
        let _ = |c: &CalendarInputs<'_>, p: &PersonInputs<'_>, l: &LinkInputs<'_>| {
            let CalendarInputs {
                start: _,
                workdays: _,
                holidays: _,
            } = c;
            let PersonInputs {
                id: _,
                capacity: _,
                workdays: _,
                time_off: _,
            } = p;
            let LinkInputs {
                from: _,
                kind: _,
                lag: _,
            } = l;
        };
        let _ = |m: &MilestoneInputs<'_>, a: &ActivityInputs<'_>, f: &FeatureInputs<'_>| {
            let MilestoneInputs {
                id: _,
                deadline: _,
                depends_on: _,
                delay: _,
            } = m;
            let ActivityInputs {
                status: _,
                owner: _,
                priority: _,
                rank: _,
                estimate: _,
                remaining: _,
                not_before: _,
                started: _,
                finished: _,
                delay: _,
            } = a;
            let FeatureInputs {
                id: _,
                activity: _,
                milestone: _,
                depends_on: _,
            } = f;
        };
        // Field, and the oracle's change that moves a milestone with it.
        let changed_by = [
            ("CalendarInputs::start", "project start"),
            ("CalendarInputs::workdays", "workdays"),
            ("CalendarInputs::holidays", "holidays"),
            ("PersonInputs::id", "owner"),
            ("PersonInputs::capacity", "capacity"),
            ("PersonInputs::workdays", "a person's week"),
            ("PersonInputs::time_off", "time off"),
            ("LinkInputs::from", "link added"),
            ("LinkInputs::kind", "link type and lag"),
            ("LinkInputs::lag", "lag"),
            ("MilestoneInputs::deadline", "deadline"),
            ("MilestoneInputs::depends_on", "milestone link"),
            ("MilestoneInputs::delay", "it affects a milestone"),
            ("ActivityInputs::status", "blocked"),
            ("ActivityInputs::owner", "owner"),
            ("ActivityInputs::priority", "priority"),
            ("ActivityInputs::rank", "rank"),
            ("ActivityInputs::estimate", "estimate"),
            ("ActivityInputs::remaining", "remaining"),
            ("ActivityInputs::not_before", "not-before"),
            ("ActivityInputs::started", "started earlier"),
            ("ActivityInputs::finished", "finished later"),
            ("ActivityInputs::delay", "the risk occurred"),
            ("FeatureInputs::milestone", "milestone membership"),
            ("FeatureInputs::depends_on", "link added"),
        ];
        let oracle = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/integration/history_oracle.rs"
        ));
        let compact: String = oracle.chars().filter(|c| !c.is_whitespace()).collect();
        for (field, change) in changed_by {
            let written = format!("(\"{}\",true,", change.replace(' ', ""));
            assert!(
                compact.contains(&written),
                "{field}: no change \"{change}\" that moves a milestone in the history oracle"
            );
        }
        assert!(
            oracle.contains("Rename ui/d to ui/dd"),
            "FeatureInputs::id: no feature renamed"
        );
    }
}
