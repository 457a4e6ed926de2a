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
//!   `effort Nd` with `allocate OWNER` instead of `length`: N is
//!   `ceil(E / capacity)` working days of its owner, E the estimate
//!   unrounded (a PERT mean of 4.2 at capacity 0.5 takes 9), or for
//!   started work the effort left (`remaining`, else the estimate less the
//!   working days since it started, at least one day). Capacity is folded
//!   into N and the resource keeps efficiency 1: with `efficiency 0.5` tj3
//!   would book 4.2 / 0.5 = 8.4 days and end mid-day, where milepost rounds
//!   up to whole days of its owner. Milestones, done work, unowned work and
//!   work of zero days allocate no one, as in milepost.
//! - **Priority.** tj3 gives a resource to the ready task of highest
//!   `priority` first. Started work continues before anything else: 1000.
//!   Other owned work is ordered by the deadline of its milestone (earliest
//!   first; none last), then MoSCoW (`must`, `should`, `could`, `wont`,
//!   none), then `rank` (1 first; none last); the distinct keys in that
//!   order spread over 999 down to 1 (the i-th of n gets `999 - i * 998 /
//!   (n - 1)`, so up to 999 keys keep distinct priorities). Equal keys get
//!   equal priorities and tj3 breaks the tie (path criticalness, then the
//!   order of the file: plan order).
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

use super::*;
use crate::model::{Person, Priority};
use crate::schedule::calendar::Calendar;

/// Whether the export writes people as resources.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resources {
    /// People are resources and owned work is effort: tj3 levels.
    People,
    /// No resources: every feature keeps its length (the CPM schedule, as
    /// `schedule --no-level`).
    Omitted,
}

/// Who does a feature's work, as exported.
#[derive(Clone, Copy, Debug)]
pub(super) struct Owner {
    /// Index in `[[people]]`.
    pub person: usize,
    pub capacity: f64,
}

/// Working days of its owner for `days` of effort at `capacity`:
/// `ceil(days / capacity)`, never negative. A capacity outside (0, 1]
/// (validation forbids it) counts as 1.
pub(super) fn owner_days(days: f64, capacity: f64) -> i64 {
    let c = if capacity > 0.0 && capacity <= 1.0 {
        capacity
    } else {
        1.0
    };
    whole_days(days / c)
}

/// For each feature, its owner among `people` when `resources` asks for
/// them and the feature has one that is a person; `None` otherwise.
pub(super) fn owners(plan: &Plan, people: &[Sp<Person>], resources: Resources) -> Vec<Option<Owner>> {
    plan.features
        .iter()
        .map(|f| {
            if resources == Resources::Omitted {
                return None;
            }
            let owner = f.data.owner.as_ref()?;
            let person = people.iter().position(|p| p.value.id.value == owner.value)?;
            let capacity = people[person].value.capacity.as_ref().map_or(1.0, |c| c.value.0);
            Some(Owner { person, capacity })
        })
        .collect()
}

/// The effort left of work started on `started`, as of `as_of`, in
/// working days: `remaining`, or the estimate of `duration` whole days
/// less the project's working days since the start, at least one (as
/// milepost's scheduler counts it).
pub(super) fn effort_left(
    project: &ProjectFile,
    started: Date,
    as_of: Date,
    duration: i64,
    remaining: Option<f64>,
) -> f64 {
    if let Some(r) = remaining {
        return r;
    }
    let start = project.project.value.start.value;
    let mut cal = Calendar::new(project, started.min(as_of).min(start));
    let elapsed = match (cal.on_or_after(started), cal.on_or_after(as_of)) {
        (Ok(s), Ok(now)) => (now.max(0) - s).max(0),
        _ => 0,
    };
    (duration - elapsed).max(1) as f64
}

/// The priority of each feature's work in tj3 (see the module comment):
/// `None` for features with no owner or that are done or cut.
pub(super) fn priorities(plan: &Plan, states: &[State], owners: &[Option<Owner>]) -> Vec<Option<u16>> {
    // No deadline last, then the deadline; MoSCoW; rank, none last.
    type Key = (bool, Option<Date>, usize, u32);
    let keys: Vec<Option<Key>> = plan
        .features
        .iter()
        .zip(states.iter().zip(owners))
        .map(|(f, (state, owner))| {
            owner.as_ref()?;
            if !matches!(state, State::NotStarted { .. }) {
                return None;
            }
            let f = &f.data;
            let deadline = f
                .milestone
                .as_ref()
                .and_then(|m| plan.milestone(&m.value))
                .and_then(|m| m.data.deadline.as_ref())
                .map(|d| d.value);
            let moscow = match f.priority.as_ref().map(|p| p.value) {
                Some(Priority::Must) => 0,
                Some(Priority::Should) => 1,
                Some(Priority::Could) => 2,
                Some(Priority::Wont) => 3,
                None => 4,
            };
            let rank = f.rank.as_ref().map_or(u32::MAX, |r| r.value.0);
            Some((deadline.is_none(), deadline, moscow, rank))
        })
        .collect();
    let mut distinct: Vec<Key> = keys.iter().flatten().copied().collect();
    distinct.sort();
    distinct.dedup();
    let spread = distinct.len().saturating_sub(1).max(1);
    states
        .iter()
        .zip(owners)
        .zip(&keys)
        .map(|((state, owner), key)| {
            owner.as_ref()?;
            match (state, key) {
                (State::Started { .. }, _) => Some(1000),
                (_, Some(k)) => {
                    let i = distinct.binary_search(k).unwrap_or(0);
                    Some((999 - i * 998 / spread) as u16)
                }
                _ => None,
            }
        })
        .collect()
}

impl Export<'_> {
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
