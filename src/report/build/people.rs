//! The people of the report: each one's remaining work, by the window up
//! to each milestone still ahead, against the working days they have.

use super::parse;
use crate::model::ProjectFile;
use crate::report::context::{Feature, Milestone, Person, Window};
use crate::schedule::Schedule;

/// Each person of the project with the features they own and have not
/// finished, by window: one per milestone still ahead, up to its forecast,
/// then one for the work in no milestone, up to the project's finish (only
/// the windows with work of theirs); each window's available days are its
/// working days from the first start of that work (not before the status
/// date), less time off, times the capacity.
pub(super) fn people(
    project: &ProjectFile,
    schedule: &Schedule,
    milestones: &[Milestone],
    features: &[Feature],
) -> Vec<Person> {
    let as_of = schedule.as_of;
    let cal = &schedule.calendar;
    // Windows: each milestone still ahead, then work in no milestone.
    let mut windows: Vec<(Option<&str>, String, String)> = milestones
        .iter()
        .filter(|m| m.status != "done")
        .map(|m| (Some(m.id.as_str()), m.title.clone(), m.forecast.clone()))
        .collect();
    if features.iter().any(|f| f.milestone.is_none() && f.status != "done") {
        windows.push((None, "No milestone".into(), schedule.finish.to_string()));
    }
    project
        .people
        .iter()
        .map(|p| {
            let p = &p.value;
            let capacity = p.capacity.as_ref().map_or(1.0, |c| c.value.0);
            let mine: Vec<&Feature> = features
                .iter()
                .filter(|f| f.status != "done" && f.owner.as_deref() == Some(p.id.value.as_str()))
                .collect();
            let person_windows: Vec<Window> = windows
                .iter()
                .filter_map(|(ms, title, to)| {
                    let work: Vec<&&Feature> = mine.iter().filter(|f| f.milestone.as_deref() == *ms).collect();
                    if work.is_empty() {
                        return None;
                    }
                    let assigned: i64 = work.iter().map(|f| f.remaining_days).sum();
                    let first = work.iter().filter_map(|f| f.start.as_deref()).min().unwrap_or(to);
                    let from = parse(first).map_or(as_of, |d| d.max(as_of));
                    let until = parse(to).unwrap_or(as_of);
                    let days = cal.working_days_between(from, until) as f64;
                    let off: f64 = p
                        .time_off
                        .iter()
                        .map(|r| {
                            let (a, b) = (r.value.from.value, r.value.to.value);
                            cal.working_days_between(a.max(from), b.min(until)) as f64
                        })
                        .sum();
                    let available = ((days - off).max(0.0)) * capacity;
                    Some(Window {
                        milestone: ms.map(str::to_string),
                        title: title.clone(),
                        from: from.to_string(),
                        to: until.to_string(),
                        available_days: available,
                        assigned_days: assigned,
                        load: (available > 0.0).then(|| assigned as f64 / available),
                        over: assigned as f64 > available + 1e-9,
                    })
                })
                .collect();
            Person {
                id: p.id.value.clone(),
                name: p.name.value.clone(),
                role: p.role.as_ref().map(|r| r.value.clone()),
                capacity,
                day_rate: p.day_rate.as_ref().map(|r| r.value.0),
                assigned_days: mine.iter().map(|f| f.remaining_days).sum(),
                features: mine.len(),
                overloaded: person_windows.iter().any(|w| w.over),
                windows: person_windows,
            }
        })
        .collect()
}
