//! Each milestone's forecast before and after a change ([`MilestoneImpact`]),
//! a milestone whose file was renamed being one milestone.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::MilestoneImpact;
use crate::layout::Rename;
use crate::model::Date;
use crate::plan::ItemKind;
use crate::render::vocab;
use crate::schedule::Schedule;

/// `known`: whether each side's milestones are known (it was scheduled, or
/// it is an absent plan, which has none). A milestone whose file was
/// renamed ([`renamed_milestones`]) is one row, under its head id. In
/// forecast order, by the head's forecast ([`vocab::forecast_order`]):
/// milestones gone from the head last.
pub(super) fn milestone_impacts<'a>(
    before: Option<&'a Schedule>,
    after: Option<&'a Schedule>,
    known: (bool, bool),
    renames: &'a [Rename],
    delta: &mut dyn FnMut(Option<Date>, Option<Date>) -> Option<i64>,
) -> Vec<MilestoneImpact> {
    // By id, borrowed: a history walk compares two schedules per commit.
    fn of(s: Option<&Schedule>) -> BTreeMap<&str, &crate::schedule::Entry> {
        s.map(|s| {
            s.entries
                .iter()
                .filter(|e| e.kind == ItemKind::Milestone)
                .map(|e| (&*e.id, e))
                .collect()
        })
        .unwrap_or_default()
    }
    let (mut b, a) = (of(before), of(after));
    let was = renamed_milestones(renames, |id| b.contains_key(id), |id| a.contains_key(id));
    for (&to, &from) in &was {
        if let Some(e) = b.remove(from) {
            b.insert(to, e);
        }
    }
    let ids: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    let mut out: Vec<MilestoneImpact> = ids
        .into_iter()
        .map(|id| {
            let (eb, ea) = (b.get(id).copied(), a.get(id).copied());
            let late = |e: Option<&crate::schedule::Entry>, scheduled: bool| match e {
                Some(e) => Some(e.deadline_margin.is_some_and(|m| m < 0)),
                // Not in a plan that was scheduled: it did not exist, so it
                // was not late; not known when the plan was not scheduled.
                None => scheduled.then_some(false),
            };
            let late_before = late(eb, known.0);
            let late_after = late(ea, known.1);
            let shown = ea.or(eb);
            MilestoneImpact {
                id: id.to_string(),
                renamed_from: was.get(id).map(|from| from.to_string()),
                title: shown.map(|e| e.title.to_string()).unwrap_or_default(),
                before: eb.map(|e| e.finish),
                after: ea.map(|e| e.finish),
                delta_days: delta(eb.map(|e| e.finish), ea.map(|e| e.finish)),
                deadline: shown.and_then(|e| e.deadline),
                late_before,
                late_after,
                newly_late: late_after == Some(true) && late_before == Some(false),
                people: Vec::new(),
                risks: Vec::new(),
            }
        })
        .collect();
    out.sort_by(|a, b| vocab::forecast_order((a.after, a.deadline, &a.id), (b.after, b.deadline, &b.id)));
    out
}

/// The milestones whose file was renamed from `before` to `after`: each
/// head id with its base id, when the base id is gone from the head and the
/// head id new in it (`in_base`, `in_head` say which ids each side has),
/// so that the two are one milestone whose forecast can be compared.
pub(crate) fn renamed_milestones(
    renames: &[Rename],
    in_base: impl Fn(&str) -> bool,
    in_head: impl Fn(&str) -> bool,
) -> HashMap<&str, &str> {
    renames
        .iter()
        .filter(|r| r.kind == ItemKind::Milestone)
        .filter(|r| in_base(&r.from) && !in_head(&r.from) && in_head(&r.to) && !in_base(&r.to))
        .map(|r| (r.to.as_str(), r.from.as_str()))
        .collect()
}
