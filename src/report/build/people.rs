//! The people of the report: each one's remaining work, by the window up
//! to each milestone still ahead, against the working days they have.

use std::collections::{BTreeMap, HashMap};

use foldhash::fast::FixedState;

use super::index::group_by;
use super::load::{Days, by_person, load};
use super::parse;
use crate::model::{Date, ProjectFile};
use crate::report::context::{Feature, Milestone, Person, Window};
use crate::schedule::{Entry, Schedule, calendar::Calendar};

/// Each person of the project with the features they own and have not
/// finished, by window: one per milestone still ahead, up to its forecast,
/// then one for the work in no milestone, up to the project's finish (only
/// the windows with work of theirs); each window's available days are its
/// working days from the first start of that work (not before the status
/// date), less time off, times the capacity.
/// With each person, their load from the schedule day by day ([`load`]);
/// returned with the months it counts (the context's `months`).
pub(super) fn people(
    project: &ProjectFile,
    schedule: &Schedule,
    milestones: &[Milestone],
    features: &[Feature],
    driver: &dyn Fn(&Entry) -> String,
) -> (Vec<Person>, Vec<String>) {
    // Windows: each milestone still ahead, then work in no milestone.
    let mut windows: Vec<(Option<&str>, String, String)> = milestones
        .iter()
        .filter(|m| m.status != "done")
        .map(|m| (Some(m.id.as_str()), m.title.clone(), m.forecast.clone()))
        .collect();
    if features.iter().any(|f| f.milestone.is_none() && f.status != "done") {
        windows.push((None, "No milestone".into(), schedule.finish.to_string()));
    }
    let window_of: HashMap<Option<&str>, usize, FixedState> =
        windows.iter().enumerate().map(|(i, w)| (w.0, i)).collect();
    let unfinished = group_by(features, |f| f.owner.as_deref().filter(|_| f.status != "done"));
    let mut days = WorkingDays::of(schedule);
    let booked: HashMap<&str, i64, FixedState> = schedule
        .entries
        .iter()
        .filter_map(|e| Some((&*e.id, e.work_days?)))
        .collect();
    let work_days = |id: &str| booked.get(id).copied();
    let load_days = Days::of(schedule);
    let mine_of = by_person(project, schedule);
    let people = project
        .people
        .iter()
        .zip(&mine_of)
        .map(|(p, entries)| {
            let p = &p.value;
            let capacity = p.capacity.as_ref().map_or(1.0, |c| c.value.0);
            let mine: &[&Feature] = unfinished.get(p.id.value.as_str()).map_or(&[], Vec::as_slice);
            let person_windows: Vec<Window> = by_window(mine, &window_of)
                .into_iter()
                .filter_map(|(w, work)| {
                    let (ms, title, to) = windows.get(w)?;
                    Some(window(
                        p,
                        capacity,
                        *ms,
                        title,
                        to,
                        &work,
                        &work_days,
                        schedule.as_of,
                        &mut days,
                    ))
                })
                .collect();
            let l = load(p, capacity, entries, schedule, &load_days, driver);
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
        })
        .collect();
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

/// Person `p`'s window up to `to` for milestone `ms` (titled `title`),
/// with their unfinished `work` in it, from the first start of that work
/// (not before `as_of`). Available: their own working days in the window
/// (the project's, on their weekdays, outside their time off) times their
/// `capacity`. Assigned: for a leveled schedule, the days leveling books
/// for each feature (`work_days` of its id) times the capacity, which
/// fit in those days, so a window is never over; otherwise the working
/// days the schedule gives the work.
#[allow(clippy::too_many_arguments)]
fn window(
    p: &crate::model::Person,
    capacity: f64,
    ms: Option<&str>,
    title: &str,
    to: &str,
    work: &[&Feature],
    work_days: &dyn Fn(&str) -> Option<i64>,
    as_of: Date,
    days: &mut WorkingDays,
) -> Window {
    let first = work.iter().filter_map(|f| f.start.as_deref()).min().unwrap_or(to);
    let from = parse(first).map_or(as_of, |d| d.max(as_of));
    let until = parse(to).unwrap_or(as_of);
    // Leveled: the owner's days each feature takes at their capacity;
    // otherwise the working days the schedule gives it.
    let assigned: f64 = work
        .iter()
        .map(|f| match work_days(&f.id) {
            Some(d) => d as f64 * capacity,
            None => f.remaining_days as f64,
        })
        .sum();
    let available = days.of_person(p, from, until) as f64 * capacity;
    Window {
        milestone: ms.map(str::to_string),
        title: title.to_string(),
        from: from.to_string(),
        to: until.to_string(),
        available_days: available,
        assigned_days: assigned,
        load: (available > 0.0).then(|| assigned / available),
        over: assigned > available + 1e-9,
    }
}

/// Working days between two dates on the schedule's calendar, counted from
/// its table of working days (a copy, which learns the days asked about)
/// rather than day by day.
struct WorkingDays {
    cal: Calendar,
}

impl WorkingDays {
    fn of(schedule: &Schedule) -> WorkingDays {
        WorkingDays {
            cal: schedule.calendar.clone(),
        }
    }

    /// [`Calendar::working_days_between`]: from `from` to `to`, both
    /// included; 0 when `to` is before `from`.
    fn between(&mut self, from: Date, to: Date) -> i64 {
        if to < from {
            return 0;
        }
        let cal = &mut self.cal;
        let mut counted = || -> Option<i64> {
            cal.reach_back_to(from).ok()?;
            let first = cal.on_or_after(from).ok()?;
            let last = cal.on_or_before(to).ok()?;
            Some((last - first + 1).max(0))
        };
        // Out of the calendar's range (the year 9000): day by day.
        counted().unwrap_or_else(|| self.cal.working_days_between(from, to))
    }

    /// Person `p`'s working days from `from` to `to`, both included: the
    /// project's, less their time off, less the weekdays they do not work
    /// (counted day by day, only for someone with such a week).
    fn of_person(&mut self, p: &crate::model::Person, from: Date, to: Date) -> i64 {
        if to < from {
            return 0;
        }
        let away = |d: Date| {
            p.time_off
                .iter()
                .any(|r| r.value.from.value <= d && d <= r.value.to.value)
        };
        let mut n = self.between(from, to);
        for r in &p.time_off {
            n -= self.between(r.value.from.value.max(from), r.value.to.value.min(to));
        }
        if let Some(week) = p.workdays.as_ref().filter(|w| !w.value.is_empty()) {
            let mut d = from;
            while d <= to {
                let on = week.value.iter().any(|w| w.value == crate::model::Weekday::of(d));
                if !on && self.cal.is_working(d.0) && !away(d) {
                    n -= 1;
                }
                match d.0.tomorrow() {
                    Ok(next) => d = Date(next),
                    Err(_) => break,
                }
            }
        }
        n.max(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn d(s: &str) -> Date {
        match Date::parse(s) {
            Ok(date) => date,
            Err(e) => panic!("{s}: {e}"),
        }
    }

    /// The count from the calendar's table is the count day by day
    /// (`Calendar::working_days_between`), for dates before the calendar's
    /// first day, inside it, far past its last day, and near the end of
    /// its range (the year 9000), with weekends and holidays in between.
    #[test]
    fn working_days_counted_from_the_table_are_the_days_counted_one_by_one() {
        let holidays: BTreeSet<jiff::civil::Date> = ["2026-03-06", "2026-04-03", "2026-12-24", "2026-12-25"]
            .iter()
            .map(|s| d(s).0)
            .collect();
        // Monday to Thursday, and Saturday.
        let week = [true, true, true, true, false, true, false];
        let cal = Calendar::from_parts(week, holidays, d("2026-03-02"), d("2026-03-02"));
        let mut counter = WorkingDays { cal: cal.clone() };
        let anchors = [
            "1990-01-01",
            "2025-12-31",
            "2026-03-02",
            "2026-03-06",
            "2027-06-30",
            "8999-12-25",
        ];
        let mut seed: u64 = 7;
        let mut next = |n: i64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as i64 % n
        };
        let mut checked = 0;
        for _ in 0..400 {
            let base = d(anchors[next(anchors.len() as i64) as usize]);
            let (Ok(from), Ok(to)) = (
                base.0.checked_add(jiff::Span::new().days(next(30) - 10)),
                base.0.checked_add(jiff::Span::new().days(next(900) - 20)),
            ) else {
                continue;
            };
            let (from, to) = (Date(from), Date(to));
            assert_eq!(
                counter.between(from, to),
                cal.working_days_between(from, to),
                "from {from} to {to}"
            );
            checked += 1;
        }
        assert!(checked > 300, "only {checked} pairs checked");
        // By hand: Monday 2 to Sunday 8 March 2026 is Mon, Tue, Wed, Thu
        // and Sat, less Friday's holiday (not a working day anyway): 5.
        assert_eq!(counter.between(d("2026-03-02"), d("2026-03-08")), 5);
        assert_eq!(counter.between(d("2026-03-08"), d("2026-03-02")), 0);
    }
}
