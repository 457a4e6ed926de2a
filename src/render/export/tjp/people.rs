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
//!   `priority` first; the export orders owned work as milepost's leveling
//!   does (docs/scheduling.md, "Who goes first"). Started work continues
//!   before anything else: 1000. Other owned work is ordered by `rank` (1
//!   first; none last), then the earliest milestone deadline it leads to
//!   (its milestone's, or that of anything waiting for it, directly or not;
//!   none last), then the most urgent MoSCoW priority it leads to (`must`,
//!   `should`, `could`, `wont`, none), then the latest start of the CPM
//!   schedule (least slack first), then plan order; in that order the work
//!   gets 999 down to 1, spread evenly (the i-th of n gets `999 - i * 998 /
//!   (n - 1)`), so up to 999 features keep distinct priorities. Past that,
//!   neighbours share one and tj3 breaks the tie (its path criticalness,
//!   then the file's order, which is plan order).
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

/// The items of a graph where `waits[i]` lists what item `i` waits for,
/// each after everything that waits for it (Kahn's algorithm); items on a
/// cycle (validation forbids them) are left out.
fn later_first(waits: &[Vec<usize>]) -> Vec<usize> {
    let mut waited_on = vec![0usize; waits.len()];
    for list in waits {
        for &w in list {
            waited_on[w] += 1;
        }
    }
    let mut order: Vec<usize> = (0..waits.len()).filter(|&i| waited_on[i] == 0).collect();
    let mut next = 0;
    while let Some(&at) = order.get(next) {
        next += 1;
        for &w in &waits[at] {
            waited_on[w] -= 1;
            if waited_on[w] == 0 {
                order.push(w);
            }
        }
    }
    order
}
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

/// Leveling's order of a feature not started, most urgent first: a rank
/// (none last), the earliest deadline it leads to (none last), the most
/// urgent MoSCoW priority it leads to, the latest start of the CPM
/// schedule, plan order.
type Urgency = ((bool, u32), (bool, Option<Date>), usize, i64, usize);

fn moscow(p: Option<Priority>) -> usize {
    match p {
        Some(Priority::Must) => 0,
        Some(Priority::Should) => 1,
        Some(Priority::Could) => 2,
        Some(Priority::Wont) => 3,
        None => 4,
    }
}

impl Export<'_> {
    /// The tj3 priority of each feature's work (see the module comment):
    /// `None` for features that have no owner, or are done or cut. Call
    /// once the tasks have ids.
    pub(super) fn work_priorities(&self) -> Vec<Option<u16>> {
        let urgency = self.urgency();
        let mut distinct: Vec<Urgency> = urgency.iter().flatten().copied().collect();
        distinct.sort_unstable();
        distinct.dedup();
        let spread = distinct.len().saturating_sub(1).max(1);
        (0..self.states.len())
            .map(|i| {
                self.owners[i]?;
                match (self.states[i], urgency[i]) {
                    (State::Started { .. }, _) => Some(1000),
                    (_, Some(k)) => {
                        let i = distinct.binary_search(&k).unwrap_or(0);
                        Some((999 - i * 998 / spread) as u16)
                    }
                    _ => None,
                }
            })
            .collect()
    }

    /// Each owned feature not started, its place in leveling's order.
    fn urgency(&self) -> Vec<Option<Urgency>> {
        let (deadline, priority) = self.inherited();
        let unleveled = crate::schedule::Options { level: false };
        let late: std::collections::HashMap<std::sync::Arc<str>, i64> =
            crate::schedule::schedule_with(self.plan, self.as_of, unleveled)
                .map(|s| s.entries.iter().map(|e| (e.id.clone(), e.times.late_start)).collect())
                .unwrap_or_default();
        let m = self.plan.milestones.len();
        (0..self.states.len())
            .map(|i| {
                self.owners[i]?;
                if !matches!(self.states[i], State::NotStarted { .. }) {
                    return None;
                }
                let f = &self.plan.features[i];
                let rank = f.data.rank.as_ref().map_or((true, 0), |r| (false, r.value.0));
                let d = deadline[m + i];
                let slack = late.get(&*f.id).copied().unwrap_or(0);
                Some((rank, (d.is_none(), d), priority[m + i], slack, i))
            })
            .collect()
    }

    /// For each milestone, then each feature: the earliest deadline and the
    /// most urgent MoSCoW priority among its own and those of everything
    /// that waits for it, directly or not (its milestone, its successors).
    fn inherited(&self) -> (Vec<Option<Date>>, Vec<usize>) {
        let m = self.plan.milestones.len();
        let index = |node: Node| match node {
            Node::Milestone(i) => i,
            Node::Feature(i) => m + i,
        };
        let mut deadline: Vec<Option<Date>> = self
            .plan
            .milestones
            .iter()
            .map(|x| x.data.deadline.as_ref().map(|d| d.value))
            .collect();
        deadline.resize(m + self.plan.features.len(), None);
        let mut priority: Vec<usize> = vec![4; m];
        priority.extend(
            self.plan
                .features
                .iter()
                .map(|f| moscow(f.data.priority.as_ref().map(|p| p.value))),
        );
        // What each item waits for: its links, and a feature its milestone's.
        let mut waits: Vec<Vec<usize>> = vec![Vec::new(); deadline.len()];
        let items = self
            .plan
            .milestones
            .iter()
            .enumerate()
            .map(|(i, x)| (Node::Milestone(i), &x.data.depends_on));
        let features = self.plan.features.iter().enumerate();
        let live = features.filter(|(i, _)| self.feature_ids[*i].is_some());
        for (me, deps) in items.chain(live.clone().map(|(i, f)| (Node::Feature(i), &f.data.depends_on))) {
            for link in self.links(me, deps) {
                waits[index(me)].push(index(link.from));
            }
        }
        for (i, f) in live {
            if let Some(Node::Milestone(k)) = f.data.milestone.as_ref().and_then(|x| self.node_of(&x.value)) {
                waits[k].push(m + i);
            }
        }
        // From the last item waited for back: each passes its own on.
        for at in later_first(&waits) {
            for &before in &waits[at] {
                deadline[before] = match (deadline[before], deadline[at]) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                priority[before] = priority[before].min(priority[at]);
            }
        }
        (deadline, priority)
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
