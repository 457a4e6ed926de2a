//! People as TaskJuggler resources, so that `tj3` levels the problem
//! milepost's leveling solves (docs/scheduling.md, "People and leveling").
//!
//! - **Resources.** Each `[[people]]` entry is a `resource`. Global holidays
//!   come first in the file, so every resource inherits them. A person with
//!   their own `workdays` gets `workinghours` of their own: the project's
//!   working weekdays that are also theirs, 24 hours each like the
//!   project's. Their `time-off` ranges are `leaves annual` (tj3 intervals
//!   end exclusively: a range ends the day after its `to`).
//! - **Effort.** A feature with an owner that is neither done nor cut is
//!   `effort Nd` with `allocate OWNER` instead of `length`: N is the
//!   owner's working days of the work left as milepost's leveling books
//!   them (`Entry::work_days` of its schedule: `ceil(E / capacity)`, E the
//!   estimate unrounded, a PERT mean of 4.2 at capacity 0.5 taking 9, or
//!   for started work the effort left in whole days). Capacity is folded
//!   into N and the resource keeps efficiency 1: with `efficiency 0.5` tj3
//!   would book 4.2 / 0.5 = 8.4 days and end mid-day, where milepost
//!   rounds up to whole days of its owner. Milestones, done work, unowned
//!   work and work of zero days allocate no one, as in milepost; nor does
//!   any work when the plan does not schedule (it keeps its length, as
//!   unowned work does).
//! - **Priority.** tj3 gives a resource to the ready task of highest
//!   `priority` first; the export orders owned work as milepost's leveling
//!   takes it (`Entry::queue`; docs/scheduling.md, "Who goes first":
//!   `rank`, the earliest milestone deadline it leads to, the most urgent
//!   MoSCoW priority it leads to, least slack, plan order). Started work
//!   continues before anything else: 1000. Other owned work gets 999 down
//!   to 1 in that order, spread evenly (the i-th of n gets `999 - i * 998
//!   / (n - 1)`), so up to 999 features keep distinct priorities. Past
//!   that, neighbours share one and tj3 breaks the tie (its path
//!   criticalness, then the file's order, which is plan order).
//! - **What tj3 cannot say.** tj3 books a task's whole effort at once, the
//!   highest priority first among tasks whose start is known, on its
//!   owner's free days from that start. Days it booked before, for a task
//!   of higher priority that became ready later, split the work around
//!   them. No attribute forbids it in tj3 3.x: `persistent` keeps one
//!   resource among alternatives, and the `atomic` allocation of its
//!   source has no syntax. So tj3 may split a feature where milepost runs
//!   it on each of its owner's days until done.
//! - **Links with owned work.** Its start and finish are N working days
//!   apart only when it runs without a pause; its owner's days off (or tj3)
//!   may stretch it. So bounds are put where they hold either way, later
//!   than needed when it pauses: FF and SF into it bound its start by the
//!   bound less N (see `links.rs`), and the links from it are all on its
//!   finish, a bound on its start taken as its finish less N. (tj3 lets a
//!   task that depends on the start of effort go first, with a start the
//!   effort then leaves when its owner is busy, and fails.) The effort
//!   left of started work is bound by its FF and SF links the same way.

use std::collections::HashMap;

use super::*;
use crate::model::Person;
use crate::schedule::level::Place;
use crate::schedule::{Entry, Schedule};

/// Whether the export writes people as resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resources {
    /// People are resources and owned work is effort: tj3 levels.
    People,
    /// No resources: every feature keeps its length (the CPM schedule, as
    /// `schedule --no-level`).
    Omitted,
}

/// Who does a feature's work, as exported, and how: read off milepost's
/// leveled schedule.
#[derive(Clone, Copy, Debug)]
pub(super) struct Owner {
    /// Index in `[[people]]`.
    pub person: usize,
    /// The owner's working days of the work left ([`Entry::work_days`]).
    pub days: i64,
    /// Its place in leveling's order ([`Entry::queue`]).
    pub queue: Option<Place>,
}

/// For each feature, its owner among `people` when `resources` asks for
/// them, the feature has one that is a person and the leveled `schedule`
/// gives them work on it (owned work not done); `None` otherwise.
pub(super) fn owners(
    plan: &Plan,
    people: &[Sp<Person>],
    resources: Resources,
    schedule: Option<&Schedule>,
) -> Vec<Option<Owner>> {
    let entries: HashMap<&str, &Entry> = match (resources, schedule) {
        (Resources::People, Some(s)) => s.by_id(),
        _ => HashMap::new(),
    };
    plan.features
        .iter()
        .map(|f| {
            let entry = entries.get(&*f.id)?;
            let owner = f.data.owner.as_ref()?;
            let person = people.iter().position(|p| p.value.id.value == owner.value)?;
            Some(Owner {
                person,
                days: entry.work_days?,
                queue: entry.queue,
            })
        })
        .collect()
}

impl Export<'_> {
    /// The tj3 priority of each feature's work (see the module comment):
    /// `None` for features that have no owner, or are done or cut.
    pub(super) fn work_priorities(&self) -> Vec<Option<u16>> {
        let mut priorities = vec![None; self.states.len()];
        // Owned work not started, in leveling's order.
        let mut waiting = Vec::new();
        for (i, (state, owner)) in self.states.iter().zip(&self.owners).enumerate() {
            match (state, owner) {
                (State::Started { .. }, Some(_)) => priorities[i] = Some(1000),
                (State::NotStarted { .. }, Some(Owner { queue: Some(q), .. })) => waiting.push((*q, i)),
                _ => {}
            }
        }
        waiting.sort_unstable();
        let spread = waiting.len().saturating_sub(1).max(1);
        for (at, &(_, i)) in waiting.iter().enumerate() {
            priorities[i] = Some((999 - at * 998 / spread) as u16);
        }
        priorities
    }

    /// The resource of feature `i`'s owner and the priority of its work,
    /// when the feature is owned unfinished work (see [`priorities`]).
    pub(super) fn allocation(&self, i: usize) -> Option<(&str, u16)> {
        let owner = self.owners.get(i).copied().flatten()?;
        let priority = self.priorities.get(i).copied().flatten()?;
        Some((self.resource_ids.get(owner.person)?.as_str(), priority))
    }

    /// One `resource` per person (when the export has them): their working
    /// weekdays when not the project's, their time off as leaves.
    pub(super) fn write_resources(&self, out: &mut String) {
        if self.resource_ids.is_empty() {
            return;
        }
        out.push_str("\n# People: a resource each, who works on one task at a time. Holidays above\n");
        out.push_str("# are theirs too; time off is a leave (ending the day after its last day).\n");
        out.push_str("# Capacity is folded into the effort of their work: efficiency stays 1.\n");
        for (person, id) in self.project.people.iter().zip(&self.resource_ids) {
            let p = &person.value;
            let _ = writeln!(out, "resource {id} {} {{", quote(&p.name.value));
            if let Some(c) = &p.capacity {
                let _ = writeln!(
                    out,
                    "  # capacity {}: their work takes effort / {} days",
                    c.value.0, c.value.0
                );
            }
            if let Some(week) = self.week_of(p) {
                let on: Vec<&str> = (0..7).filter(|&d| week[d]).map(|d| WEEKDAYS[d]).collect();
                let off: Vec<&str> = (0..7).filter(|&d| !week[d]).map(|d| WEEKDAYS[d]).collect();
                if !on.is_empty() {
                    let _ = writeln!(out, "  workinghours {} 0:00 - 24:00", on.join(", "));
                }
                if !off.is_empty() {
                    let _ = writeln!(out, "  workinghours {} off", off.join(", "));
                }
            }
            for r in &p.time_off {
                let name = r
                    .value
                    .name
                    .as_ref()
                    .map(|n| format!("{} ", quote(&n.value)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  leaves annual {name}{} - {}",
                    r.value.from.value,
                    next_day(r.value.to.value)
                );
            }
            out.push_str("}\n");
        }
    }

    /// The weekdays `p` works (Monday first): the project's that are also
    /// in their `workdays`; `None` when they work all the project's.
    fn week_of(&self, p: &Person) -> Option<[bool; 7]> {
        let days = p.workdays.as_ref().filter(|d| !d.value.is_empty())?;
        let mut week = [false; 7];
        for d in &days.value {
            let d = d.value as usize;
            week[d] = self.workdays[d];
        }
        Some(week)
    }

    /// Room for leveling at the end of the tj3 project: twice the calendar
    /// days the busiest person needs for all their work (their working days
    /// at their weekly rate, plus their time off). 0 without resources.
    pub(super) fn people_margin(&self) -> i64 {
        let mut days = vec![0i64; self.resource_ids.len()];
        for (state, owner) in self.states.iter().zip(&self.owners) {
            let n = match state {
                State::NotStarted { duration } => *duration,
                State::Started { remaining, .. } => remaining.unwrap_or(1),
                _ => 0,
            };
            if let Some(d) = owner.and_then(|o| days.get_mut(o.person)) {
                *d += n;
            }
        }
        let people = self.project.people.iter().zip(&days);
        let need = people.map(|(p, &n)| {
            let p = &p.value;
            let weekly = match self.week_of(p) {
                Some(week) => week.iter().filter(|&&w| w).count(),
                None => usize::from(self.per_week),
            };
            let off: i64 = p
                .time_off
                .iter()
                .map(|r| days_between(r.value.from.value, r.value.to.value).max(0) + 1)
                .sum();
            n * 7 / weekly.max(1) as i64 + 7 + off
        });
        2 * need.max().unwrap_or(0)
    }

    /// Resource ids for `people`: sanitized like task ids, with `_2`, `_3`…
    /// on a clash (resources have a namespace of their own in tj3).
    pub(super) fn resource_ids(people: &[Sp<Person>]) -> Vec<String> {
        let mut used = HashSet::new();
        people
            .iter()
            .map(|p| {
                let base = sanitize(&p.value.id.value);
                let mut id = base.clone();
                let mut n = 2;
                while used.contains(&id) {
                    id = format!("{base}_{n}");
                    n += 1;
                }
                used.insert(id.clone());
                id
            })
            .collect()
    }
}
