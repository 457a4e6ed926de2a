//! The people of the report: each one's remaining work, by the window up
//! to each milestone still ahead, against the working days they have.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use foldhash::fast::FixedState;

use super::index::group_by;
use super::load::{Days, Own, by_person, load};
use super::parse;
use crate::model::{Date, ProjectFile};
use crate::report::context::{Feature, Milestone, Person, Text, Window};
use crate::schedule::Schedule;

/// Each person of the project with the features they own and have not
/// finished, by window: one per milestone still ahead, up to its forecast,
/// then one for the work in no milestone, up to the project's finish (only
/// the windows with work of theirs); each window's available days are its
/// working days from the first start of that work (not before the status
/// date), less time off, times the capacity.
///
/// With each person, their load from the schedule day by day ([`load`]);
/// returned with the months it counts (the context's `months`).
pub(super) fn people(
    project: &ProjectFile,
    schedule: &Schedule,
    milestones: &[Milestone],
    features: &[Arc<Feature>],
) -> (Vec<Person>, Vec<String>) {
    // Windows: each milestone still ahead, then work in no milestone.
    let mut windows: Vec<(Option<Text>, Text, Date)> = milestones
        .iter()
        .filter(|m| m.status != "done")
        .map(|m| {
            let to = parse(&m.forecast).unwrap_or(schedule.as_of);
            (Some(Text::from(m.id.as_str())), Text::from(m.title.as_str()), to)
        })
        .collect();
    if features.iter().any(|f| f.milestone.is_none() && f.status != "done") {
        windows.push((None, "No milestone".into(), schedule.finish));
    }
    let window_of: HashMap<Option<&str>, usize, FixedState> =
        windows.iter().enumerate().map(|(i, w)| (w.0.as_deref(), i)).collect();
    let unfinished = group_by(features, |f| f.owner.as_deref().filter(|_| f.status != "done"));
    let booked: HashMap<&str, i64, FixedState> = schedule
        .entries
        .iter()
        .filter_map(|e| Some((&*e.id, e.work_days?)))
        .collect();
    let work_days = |id: &str| booked.get(id).copied();
    let load_days = Days::of(schedule);
    let mine_of = by_person(project, schedule);
    // Each person's part on every core: their days are counted one by one
    // over the span of their work.
    let each: Vec<(&crate::span::Sp<crate::model::Person>, &Vec<usize>)> =
        project.people.iter().zip(&mine_of).collect();
    let people = crate::par::map(&each, |&(p, entries)| {
        let p = &p.value;
        let own = Own::of(p, &load_days);
        let capacity = p.capacity.as_ref().map_or(1.0, |c| c.value.0);
        let mine: &[&Feature] = unfinished.get(p.id.value.as_str()).map_or(&[], Vec::as_slice);
        let person_windows: Vec<Window> = by_window(mine, &window_of)
            .into_iter()
            .filter_map(|(w, work)| {
                let (ms, title, to) = windows.get(w)?;
                Some(window(
                    capacity,
                    ms.as_ref(),
                    title,
                    *to,
                    &work,
                    &work_days,
                    schedule.as_of,
                    &own,
                    &load_days,
                ))
            })
            .collect();
        let l = load(&own, capacity, entries, schedule, &load_days);
        Person {
            id: p.id.value.clone(),
            name: p.name.value.clone(),
            role: p.role.as_ref().map(|r| r.value.clone()),
            capacity,
            day_rate: p.day_rate.as_ref().map(|r| r.value.0),
            assigned_days: mine.iter().map(|f| f.remaining_days).sum(),
            features: mine.len(),
            overloaded: person_windows.iter().any(|w| w.over) || l.months.iter().any(|m| m.over),
            windows: person_windows,
            busy_days: l.busy_days,
            available_days: l.available_days,
            effort_days: l.effort_days,
            load: (l.available_days > 0.0).then(|| l.effort_days / l.available_days),
            first_day: l.first_day,
            last_day: l.last_day,
            months: l.months,
            gaps: l.gaps,
            queue: l.queue,
        }
    });
    (people, load_days.months)
}

/// A person's unfinished features `mine` by window (`window_of`: each
/// window by its milestone), in window order; features in no window (a
/// milestone done or not scheduled) are left out.
fn by_window<'f>(
    mine: &[&'f Feature],
    window_of: &HashMap<Option<&str>, usize, FixedState>,
) -> Vec<(usize, Vec<&'f Feature>)> {
    let mut groups: BTreeMap<usize, Vec<&'f Feature>> = BTreeMap::new();
    for &f in mine {
        if let Some(&w) = window_of.get(&f.milestone.as_deref()) {
            groups.entry(w).or_default().push(f);
        }
    }
    groups.into_iter().collect()
}

/// A person's window up to `to` for milestone `ms` (titled `title`),
/// with their unfinished `work` in it, from the first start of that work
/// (not before `as_of`). Available: their own working days in the window
/// (`own`: the project's, on their weekdays, outside their time off)
/// times their `capacity`. Assigned: for a leveled schedule, the days leveling books
/// for each feature (`work_days` of its id) times the capacity, which
/// fit in those days, so a window is never over; otherwise the working
/// days the schedule gives the work.
#[allow(clippy::too_many_arguments)]
fn window(
    capacity: f64,
    ms: Option<&Text>,
    title: &Text,
    until: Date,
    work: &[&Feature],
    work_days: &dyn Fn(&str) -> Option<i64>,
    as_of: Date,
    own: &Own,
    days: &Days,
) -> Window {
    let first = work.iter().filter_map(|f| f.start).min().unwrap_or(until);
    let from = first.max(as_of);
    // Leveled: the owner's days each feature takes at their capacity;
    // otherwise the working days the schedule gives it.
    let assigned: f64 = work
        .iter()
        .map(|f| match work_days(&f.id) {
            Some(d) => d as f64 * capacity,
            None => f.remaining_days as f64,
        })
        .sum();
    let available = own.between(days, from, until) as f64 * capacity;
    Window {
        milestone: ms.cloned(),
        title: title.clone(),
        from,
        to: until,
        available_days: available,
        assigned_days: assigned,
        load: (available > 0.0).then(|| assigned / available),
        over: assigned > available + 1e-9,
    }
}
