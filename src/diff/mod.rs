//! Comparing two versions of a plan: what a change to `plan/` does.
//!
//! [`diff`] takes two loaded plans (a base and a head, from Git revisions or
//! the working tree), schedules each one that is valid with the same status
//! date, and returns a [`PlanDiff`]: items added, removed, cut, restored or
//! changed field by field; each milestone's forecast before and after, in
//! working days of the head's calendar; the critical path's changes; the cost
//! before and after; and the validation problems the change brings or fixes.
//! An invalid side is compared item by item and problem by problem, but not
//! scheduled.
//!
//! The [`PlanDiff`] is the JSON document of `milepost diff --format json`
//! (`docs/json.md`); [`crate::render::diff`] renders it for a terminal, and the template
//! `diff.md` renders its [`context`] as a pull-request comment.

mod baseline;
pub mod confidence;
pub mod context;
mod document;
mod items;
mod milestones;
mod project;
mod sentence;

use std::collections::{BTreeMap, HashMap};

use crate::cost::plan_totals;
use crate::layout::Rename;
use crate::model::Date;
use crate::plan::{ItemKind, Plan};
use crate::render::vocab;
use crate::schedule::Schedule;
use crate::schedule::calendar::Calendar;
use crate::source::Revision;
use milestones::milestone_impacts;
pub(crate) use milestones::renamed_milestones;

pub use baseline::{baseline, clause as baseline_clause};
pub use document::*;
pub use items::{item_changes, item_changes_in};
pub use sentence::summary;

/// Bumped when a field changes meaning or disappears.
pub const VERSION: u32 = 1;

/// One version of the plan to compare.
pub struct Version<'a> {
    /// How to name it: the revision as given (`main`, `HEAD~1`), `merge base
    /// of main and topic`, or `working tree`.
    pub label: String,
    pub revision: Option<Revision>,
    /// The plan directory as shown to the user.
    pub display: String,
    pub plan: &'a Plan,
    /// The plan's cost, when it was worked out already (a history walk
    /// compares each plan twice: with its parent, then with its child).
    pub cost: Option<crate::cost::Totals>,
    /// Without the plan directory because its path holds something else:
    /// what (`a file`, `a symbolic link`, `a submodule`).
    pub not_a_folder: Option<&'static str>,
}

impl<'a> Version<'a> {
    /// A loaded plan as one side of a comparison, named `label`.
    pub fn of(label: String, l: &'a crate::load::Loaded) -> Self {
        Version {
            label,
            revision: l.revision.clone(),
            display: l.display.clone(),
            plan: &l.plan,
            cost: None,
            not_a_folder: l.not_a_folder,
        }
    }
}

impl PlanDiff {
    /// Whether the change does anything: a plan appears or goes, an item
    /// changes, a forecast moves (both sides scheduled), the critical path,
    /// the cost or the uncosted features change, or a problem comes or goes.
    fn changes_anything(&self) -> bool {
        // With a side unscheduled, dates cannot be compared: that side's
        // problems are the change.
        let both = self.base.scheduled && self.head.scheduled;
        let (cost, problems) = (&self.cost, &self.problems);
        self.base.exists != self.head.exists
            || !self.items.is_empty()
            || (both && self.milestones.iter().any(MilestoneImpact::moved))
            || (both && self.project_finish.before != self.project_finish.after)
            || !self.critical_path.entered.is_empty()
            || !self.critical_path.left.is_empty()
            || cost.delta.is_some_and(|d| d.abs() >= 0.005)
            || cost.uncosted_features_before != cost.uncosted_features_after
            || !problems.new.is_empty()
            || !problems.fixed.is_empty()
    }

    /// Whether the forecasts can be compared: each side was scheduled, or
    /// is an absent plan (which has no milestones).
    pub fn comparable(&self) -> bool {
        (self.base.scheduled || !self.base.exists) && (self.head.scheduled || !self.head.exists)
    }

    /// Applies the gate: `fail_on_slip` trips when a milestone slips by more
    /// than that many working days or newly misses its deadline;
    /// `fail_on_p80_slip` when the project's or a milestone's P80 moves later
    /// by more than that many working days; `fail_on_invalid` when the head
    /// has errors.
    pub fn apply_gate(&mut self, fail_on_slip: Option<u32>, fail_on_p80_slip: Option<u32>, fail_on_invalid: bool) {
        let mut reasons = Vec::new();
        // A slip gate cannot pass on a side whose forecast is unknown: one
        // with no errors that still could not be scheduled as of the date
        // (a plan with errors is `--fail-on-invalid`'s).
        if fail_on_slip.is_some() || fail_on_p80_slip.is_some() {
            for side in [&self.base, &self.head] {
                if side.exists && !side.scheduled && side.errors == 0 {
                    reasons.push(format!(
                        "{} could not be scheduled as of {}, so its slip is unknown",
                        side.label, self.as_of
                    ));
                }
            }
        }
        if let Some(limit) = fail_on_slip {
            for m in &self.milestones {
                if let Some(d) = m.delta_days
                    && d > i64::from(limit)
                {
                    reasons.push(format!(
                        "milestone `{}` slips {} (more than {})",
                        m.id,
                        vocab::working_days(d),
                        vocab::working_days(limit)
                    ));
                }
                if m.newly_late {
                    reasons.push(format!(
                        "milestone `{}` now misses its deadline{}",
                        m.id,
                        m.deadline.map(|d| format!(" {d}")).unwrap_or_default()
                    ));
                }
            }
        }
        if let (Some(limit), Some(p80)) = (fail_on_p80_slip, &self.p80) {
            let all = std::iter::once(("the project", &p80.project))
                .chain(p80.milestones.iter().map(|m| (m.id.as_str(), &m.change)));
            for (what, c) in all {
                if let Some(d) = c.delta_days
                    && d > i64::from(limit)
                {
                    let name = if what == "the project" {
                        what.to_string()
                    } else {
                        format!("milestone `{what}`")
                    };
                    reasons.push(format!(
                        "the P80 of {name} slips {} (more than {})",
                        vocab::working_days(d),
                        vocab::working_days(limit)
                    ));
                }
            }
        }
        if fail_on_invalid && self.head.errors > 0 {
            reasons.push(format!(
                "{} has {}",
                self.head.label,
                crate::render::diagnostics::human::count(self.head.errors, "error")
            ));
        }
        self.gate = Gate {
            fail_on_slip,
            fail_on_p80_slip,
            fail_on_invalid,
            tripped: !reasons.is_empty(),
            reasons,
        };
    }
}

/// Whether the plan exists: a plan read at a revision where its directory
/// does not exist is empty, with no files and no problems, while a plan
/// directory without files at least lacks `project.toml` (an error).
pub fn exists(plan: &Plan) -> bool {
    !(plan.files.is_empty() && plan.project.is_none() && plan.diagnostics.is_empty())
}

/// Compares `base` with `head`, both scheduled as of `as_of` when valid.
/// `renames` are the item files Git saw renamed between the two; `only`,
/// when known, the ids of the items whose files differ (the others are the
/// same and need not be compared).
pub fn diff(
    base: &Version<'_>,
    head: &Version<'_>,
    as_of: Date,
    options: crate::schedule::Options,
    renames: &[Rename],
    only: Option<&std::collections::HashSet<String>>,
) -> PlanDiff {
    diff_dated(base, head, (as_of, as_of), options, renames, only).0
}

/// The two sides' schedules (`None` for a side that is invalid), as
/// [`diff`] makes them.
pub type Schedules = (Option<Schedule>, Option<Schedule>);

/// [`diff`] with `base` scheduled as of the first of `as_of` and `head` as
/// of the second (a baseline is scheduled as of its own commit date). The
/// document's `as_of` is the head's. With the two sides' schedules, for
/// the Monte Carlo to start from ([`confidence::shift`]).
pub fn diff_dated(
    base: &Version<'_>,
    head: &Version<'_>,
    (base_as_of, head_as_of): (Date, Date),
    options: crate::schedule::Options,
    renames: &[Rename],
    only: Option<&std::collections::HashSet<String>>,
) -> (PlanDiff, Schedules) {
    // The two sides are scheduled (and leveled) at once on two cores.
    let (before, after) = crate::par::join(
        base.plan.features.len() + head.plan.features.len(),
        || schedule_of(base.plan, base_as_of, options),
        || schedule_of(head.plan, head_as_of, options),
    );
    let mut d = compare(base, head, before.as_ref(), after.as_ref(), head_as_of, renames, only);
    let slipped = |m: &MilestoneImpact| m.delta_days.is_some_and(|x| x > 0);
    if let (Some(b), Some(a)) = (&before, &after)
        && d.milestones.iter().any(slipped)
    {
        // Each side's entries by id, found once for every milestone.
        let (b, a) = (b.by_id(), a.by_id());
        for m in d.milestones.iter_mut().filter(|m| slipped(m)) {
            let (was, was_risks) = causes_on_path(&b, base.plan, &m.id);
            let (now, now_risks) = causes_on_path(&a, head.plan, &m.id);
            m.people = now
                .into_iter()
                .filter(|p| !was.contains(p))
                .take(PEOPLE_SHOWN)
                .collect();
            m.risks = now_risks
                .into_iter()
                .filter(|r| !was_risks.contains(r))
                .take(PEOPLE_SHOWN)
                .collect();
        }
    }
    (d, (before, after))
}

/// At most this many people (and risks) causes per milestone: the nearest.
const PEOPLE_SHOWN: usize = 3;

/// What is on item `id`'s driving path in `by_id` (the entries of a
/// schedule of `plan`, [`Schedule::by_id`]), in words, nearest first: the people (someone it waits for, busy on other
/// work; an absence it waits for; time off that pauses work on the path),
/// and the risks that occurred that add days to an item on it (the item
/// itself included).
fn causes_on_path(by_id: &HashMap<&str, &crate::schedule::Entry>, plan: &Plan, id: &str) -> (Vec<String>, Vec<String>) {
    use crate::schedule::Driver;
    let project = plan.project.as_ref().map(|p| &*p.data);
    let mut out = Vec::new();
    let mut risks = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut at = by_id.get(id).copied();
    while let Some(e) = at {
        if !seen.insert(&*e.id) {
            break;
        }
        if e.risk_delay > 0.0 {
            let on = match e.kind {
                ItemKind::Milestone => "before",
                _ => "on",
            };
            for (risk, days) in crate::schedule::inputs::Occurred::risks_on(plan, &e.id) {
                risks.push(format!("{risk} ({} {on} {})", vocab::written_working_days(days), e.id));
            }
        }
        // Time off of its owner's within its work pauses it.
        if let Some(owner) = &e.owner
            && let Some(p) = project.and_then(|p| p.person(owner))
        {
            for off in p.time_off_within(e.start, e.finish) {
                let words = format!("{owner}'s time off {}", vocab::date_range(off.from.value, off.to.value));
                if !out.contains(&words) {
                    out.push(words);
                }
            }
        }
        at = match &e.driver {
            Driver::Item { id, .. } => by_id.get(&**id).copied(),
            Driver::Person { person, on, until, .. } => {
                out.push(format!("{person} works on {on} until {until}"));
                by_id.get(&**on).copied()
            }
            Driver::OwnerAway { person, time_off } => {
                let words = match time_off {
                    Some((from, to)) => format!("{person}'s time off {}", vocab::date_range(*from, *to)),
                    None => format!("{person}'s week"),
                };
                if !out.contains(&words) {
                    out.push(words);
                }
                None
            }
            _ => None,
        };
    }
    (out, risks)
}

/// Compares two versions already scheduled (`None`: not scheduled, because
/// invalid or absent). `as_of` is recorded as the status date of the
/// comparison; a history walk passes schedules taken at its commit's date,
/// and in `only` the ids of the items whose files the commit changed.
pub fn compare(
    base: &Version<'_>,
    head: &Version<'_>,
    before: Option<&Schedule>,
    after: Option<&Schedule>,
    as_of: Date,
    renames: &[Rename],
    only: Option<&std::collections::HashSet<String>>,
) -> PlanDiff {
    // An absent side is an empty plan: known to have no milestone at all.
    let (base_exists, head_exists) = (exists(base.plan), exists(head.plan));
    let items = item_changes_in(base.plan, head.plan, renames, only);
    let counts = Counts::of(&items);
    let mut calendar = counting_calendar(head.plan, before, after);
    let mut delta = |from: Option<Date>, to: Option<Date>| -> Option<i64> {
        let (from, to, cal) = (from?, to?, calendar.as_mut()?);
        Some(cal.on_or_before(to).ok()? - cal.on_or_before(from).ok()?)
    };
    let known = (before.is_some() || !base_exists, after.is_some() || !head_exists);
    let milestones = milestone_impacts(before, after, known, renames, &mut delta);
    let project_finish = finish_change(before, after, &mut delta);
    let critical_path = match (before, after) {
        (Some(b), Some(a)) => critical_changes(b, a, renames),
        _ => CriticalPathChange::default(),
    };
    let cost = cost_change(base, head);
    let problems = problem_changes(base.plan, head.plan);
    let mut d = PlanDiff {
        version: VERSION,
        as_of,
        base: side(base, before.is_some(), base_exists),
        head: side(head, after.is_some(), head_exists),
        changed: false,
        summary: String::new(),
        counts,
        items,
        milestones,
        critical_path,
        project_finish,
        cost,
        problems,
        gate: Gate::default(),
        baseline: None,
        p80: None,
    };
    d.changed = d.changes_anything();
    d.summary = summary(&d, &|s| s.to_string());
    d
}

/// One side of the comparison as the document records it.
fn side(v: &Version<'_>, scheduled: bool, exists: bool) -> Side {
    Side {
        label: v.label.clone(),
        revision: v.revision.clone(),
        plan: v.display.clone(),
        errors: v.plan.error_count(),
        warnings: v.plan.warning_count(),
        scheduled,
        exists,
        not_a_folder: v.not_a_folder.map(str::to_string),
    }
}

/// The head's calendar, reaching back to the earliest forecast of either
/// side, to count the working days between forecasts; `None` without a
/// project.
fn counting_calendar(head: &Plan, before: Option<&Schedule>, after: Option<&Schedule>) -> Option<Calendar> {
    head.project.as_ref().map(|p| {
        let earliest = earliest(&p.data.project.start.value, before, after);
        // The head's schedule (of this plan, so of this project) has
        // counted the days already: reuse them, adding any missing in front
        // (differences of days do not depend on where counting began).
        let reused = after.and_then(|s| {
            let mut cal = s.calendar.clone();
            cal.reach_back_to(earliest).ok().map(|()| cal)
        });
        reused.unwrap_or_else(|| Calendar::new(&p.data, earliest))
    })
}

/// The project's finish before and after, and the working days between;
/// all `None` when neither side was scheduled.
fn finish_change(
    before: Option<&Schedule>,
    after: Option<&Schedule>,
    delta: &mut dyn FnMut(Option<Date>, Option<Date>) -> Option<i64>,
) -> FinishChange {
    match (before, after) {
        (None, None) => FinishChange {
            before: None,
            after: None,
            delta_days: None,
        },
        _ => {
            let (b, a) = (before.map(|s| s.finish), after.map(|s| s.finish));
            FinishChange {
                before: b,
                after: a,
                delta_days: delta(b, a),
            }
        }
    }
}

/// The schedule of a valid plan; `None` for an invalid one (or, should the
/// scheduler's guards trip, one it cannot schedule).
fn schedule_of(plan: &Plan, as_of: Date, options: crate::schedule::Options) -> Option<Schedule> {
    if plan.error_count() > 0 {
        return None;
    }
    crate::schedule::schedule_with(plan, as_of, options).ok()
}

/// The earliest date the calendar must reach to count between any two forecasts.
fn earliest(start: &Date, before: Option<&Schedule>, after: Option<&Schedule>) -> Date {
    let mut earliest = *start;
    for s in before.into_iter().chain(after) {
        earliest = earliest.min(s.start);
        for e in &s.entries {
            earliest = earliest.min(e.finish);
        }
    }
    earliest
}

fn critical_changes<'s>(before: &'s Schedule, after: &'s Schedule, renames: &'s [Rename]) -> CriticalPathChange {
    // Base items under their head ids, so a renamed item is the same item.
    // Keys borrow the ids, hashed (a history walk compares two schedules
    // per commit); an id met twice keeps its last title.
    type Critical<'s> = HashMap<(ItemKind, &'s str), &'s std::sync::Arc<str>, foldhash::fast::FixedState>;
    let critical = |s: &'s Schedule, rename: bool| -> Critical<'s> {
        s.entries
            .iter()
            .filter(|e| e.critical)
            .map(|e| {
                let renamed = rename.then(|| renames.iter().find(|r| r.kind == e.kind && *r.from == *e.id));
                let id = match renamed.flatten() {
                    Some(r) => r.to.as_str(),
                    None => &*e.id,
                };
                ((e.kind, id), &e.title)
            })
            .collect()
    };
    let (b, a) = (critical(before, true), critical(after, false));
    // In order of kind, then id.
    let refs = |from: &Critical<'_>, not_in: &Critical<'_>| {
        let mut only: Vec<_> = from.iter().filter(|(k, _)| !not_in.contains_key(*k)).collect();
        only.sort_unstable_by_key(|(k, _)| **k);
        only.into_iter()
            .map(|((kind, id), title)| ItemRef {
                kind: kind.as_str(),
                id: id.to_string(),
                title: title.to_string(),
            })
            .collect()
    };
    CriticalPathChange {
        entered: refs(&a, &b),
        left: refs(&b, &a),
    }
}

fn cost_change(base: &Version<'_>, head: &Version<'_>) -> CostChange {
    let totals = |v: &Version<'_>| v.cost.unwrap_or_else(|| plan_totals(v.plan));
    let (b, a) = (totals(base), totals(head));
    // No plan costs nothing; a plan whose people cannot be read, unknown.
    let amount =
        |v: &Version<'_>, t: crate::cost::Totals| (!exists(v.plan) || crate::cost::known(v.plan)).then_some(t.amount);
    let (before, after) = (amount(base, b), amount(head, a));
    let (base, head) = (base.plan, head.plan);
    let currency = |p: &Plan| {
        p.project
            .as_ref()
            .and_then(|p| p.data.project.currency.as_ref())
            .map(|c| c.value.clone())
    };
    CostChange {
        currency: currency(head).or_else(|| currency(base)),
        before,
        after,
        delta: before.zip(after).map(|(b, a)| a - b),
        uncosted_features_before: b.uncosted_features,
        uncosted_features_after: a.uncosted_features,
    }
}

/// A plan's diagnostics by what identifies them across versions: code,
/// file and message (not the position, which moves with any edit above).
type ProblemKey<'p> = (&'static str, Option<&'p str>, &'p str);
type ProblemMap<'p> = BTreeMap<ProblemKey<'p>, &'p crate::diagnostic::Diagnostic>;

fn problems_of(plan: &Plan) -> ProblemMap<'_> {
    let mut out = BTreeMap::new();
    for d in &plan.diagnostics {
        let rel = d.primary.as_ref().and_then(|l| plan.files.get(l.file)).map(|f| &*f.rel);
        out.entry((d.code.id(), rel, d.message.as_str())).or_insert(d);
    }
    out
}

/// A diagnostic as a diff reports it. Its line is worked out here, for the
/// few problems that differ, not for every diagnostic of both sides.
fn problem(plan: &Plan, d: &crate::diagnostic::Diagnostic) -> Problem {
    let file = d.primary.as_ref().and_then(|l| plan.files.get(l.file).map(|f| (f, l)));
    Problem {
        code: d.code.id(),
        severity: d.severity().as_str(),
        file: file.map(|(f, _)| f.display.to_string()),
        line: file.map(|(f, l)| f.line_col(l.span.start as usize).line),
        message: d.message.clone(),
    }
}

fn problem_changes(base: &Plan, head: &Plan) -> Problems {
    let (b, a) = (problems_of(base), problems_of(head));
    let only = |plan: &Plan, x: &ProblemMap<'_>, y: &ProblemMap<'_>| {
        x.iter()
            .filter(|(k, _)| !y.contains_key(*k))
            .map(|(_, d)| problem(plan, d))
            .collect()
    };
    Problems {
        new: only(head, &a, &b),
        fixed: only(base, &b, &a),
    }
}

#[cfg(test)]
mod tests;
