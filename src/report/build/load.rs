//! Each person's load from the schedule, day by day: the days they are at
//! work in each month, the runs of their own working days with no work
//! (idle gaps), and their unfinished features in the order they do them.
//!
//! One pass over the schedule's entries puts each feature with its owner;
//! then each person's days are counted over the working days from the
//! status date to the project's end, numbered as the schedule numbers them,
//! from a table made once for everyone (each day's date, month and
//! weekday). A report costs time in proportion to the plan and its days,
//! however many people and months it has.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::model::{Date, Person, ProjectFile, Status};

use crate::report::context::{DriverWords, Gap, MonthLoad, Queued, Written};
use crate::schedule::{Entry, Schedule};

/// An idle gap is a run of at least this many of a person's own working
/// days with no work between two of their features (a working week).
pub const IDLE_GAP_MIN_DAYS: i64 = 5;

/// What the report says of one person's load (the [`crate::report::context::Person`]
/// fields it fills).
#[derive(Default)]
pub(super) struct Load {
    pub(super) busy_days: i64,
    pub(super) available_days: f64,
    pub(super) effort_days: f64,
    pub(super) first_day: Option<String>,
    pub(super) last_day: Option<String>,
    pub(super) months: Vec<MonthLoad>,
    pub(super) gaps: Vec<Gap>,
    pub(super) queue: Vec<Queued>,
}

/// The working days from the status day to the end of the month of the
/// project's finish, as offsets
/// from the status day: each one's date, month (an index into `months`)
/// and weekday (Monday 0).
pub(super) struct Days {
    /// The schedule's number of the first day of the table: the status day.
    first: i64,
    dates: Vec<Date>,
    month: Vec<u32>,
    weekday: Vec<u8>,
    /// `YYYY-MM`, every calendar month from the first day's to the last's.
    pub(super) months: Vec<String>,
    /// Per month, the offset of its first day in the table, then the
    /// table's length: month `m` is `bounds[m]..bounds[m + 1]`.
    bounds: Vec<usize>,
    /// For each table offset `k` (and the table's length), how many days
    /// of each weekday come before it: everyone's working days in a range
    /// are counted from these and their time off, not day by day.
    weekdays_before: Vec<[u32; 7]>,
    leveled: bool,
}

impl Days {
    pub(super) fn of(schedule: &Schedule) -> Days {
        let first = schedule.status_day.max(0);
        let mut cal = schedule.calendar.clone();
        // To the end of the month of the project's finish, so that every
        // month counts its days in full (from the status date on).
        let end = cal
            .on_or_before(Date(schedule.finish.0.last_of_month()))
            .map_or(schedule.length, |last| (last + 1).max(schedule.length));
        let mut dates = Vec::new();
        for i in first..end {
            match cal.date(i) {
                Ok(d) => dates.push(d),
                // Past the calendar's range: the schedule could not have
                // been made; stop where the days stop.
                Err(_) => break,
            }
        }
        Days::from_dates(first, dates, schedule.leveled())
    }

    /// The table of `dates` (the project's working days from the status
    /// day on, in order), the first of them the schedule's day `first`.
    fn from_dates(first: i64, dates: Vec<Date>, leveled: bool) -> Days {
        let start = dates.first().map(|d| month_number(*d));
        let month: Vec<u32> = dates
            .iter()
            .map(|d| start.map_or(0, |s| u32::try_from(month_number(*d) - s).unwrap_or(0)))
            .collect();
        let count = month.last().map_or(0, |&m| m as usize + 1);
        let months = (0..count)
            .map(|k| {
                let n = start.unwrap_or(0) + k as i64;
                format!("{:04}-{:02}", n.div_euclid(12), n.rem_euclid(12) + 1)
            })
            .collect();
        let weekday: Vec<u8> = dates.iter().map(|d| crate::model::Weekday::of(*d) as u8).collect();
        let bounds = (0..=count)
            .map(|m| month.partition_point(|&k| (k as usize) < m))
            .collect();
        let mut weekdays_before = Vec::with_capacity(weekday.len() + 1);
        let mut counts = [0u32; 7];
        weekdays_before.push(counts);
        for &w in &weekday {
            if let Some(c) = counts.get_mut(w as usize) {
                *c += 1;
            }
            weekdays_before.push(counts);
        }
        Days {
            first,
            dates,
            month,
            weekday,
            months,
            bounds,
            weekdays_before,
            leveled,
        }
    }

    /// How many of the table's days from offset `lo` to before `hi` fall
    /// on the weekdays of `week`.
    fn on_weekdays(&self, week: &[bool; 7], lo: usize, hi: usize) -> i64 {
        let (Some(a), Some(b)) = (self.weekdays_before.get(lo), self.weekdays_before.get(hi)) else {
            return 0;
        };
        (0..7)
            .filter(|&w| week[w])
            .map(|w| i64::from(b[w]) - i64::from(a[w]))
            .sum()
    }

    /// The table's offset of the schedule's day `i`, clamped into the table.
    fn offset(&self, i: i64) -> usize {
        usize::try_from(i - self.first).unwrap_or(0).min(self.dates.len())
    }
}

/// Each person's unfinished features with an owner in `[[people]]` (the
/// first of two people with one id, as a search from the top finds it):
/// entry indices, by person index, in one pass over the entries.
pub(super) fn by_person(project: &ProjectFile, schedule: &Schedule) -> Vec<Vec<usize>> {
    let mut index: HashMap<&str, usize, FixedState> = HashMap::default();
    for (i, p) in project.people.iter().enumerate() {
        index.entry(p.value.id.value.as_str()).or_insert(i);
    }
    let mut mine = vec![Vec::new(); project.people.len()];
    for (e, entry) in schedule.entries.iter().enumerate() {
        if entry.status.is_none_or(|s| s == Status::Done) {
            continue;
        }
        let person = entry.owner.as_deref().and_then(|o| index.get(o));
        if let Some(list) = person.and_then(|&p| mine.get_mut(p)) {
            list.push(e);
        }
    }
    mine
}

/// Person `p`'s own working days among the table's: the project's, on
/// their weekdays, outside their time off. Counted over a range from the
/// table's weekday counts less their days away in it, so that a person
/// costs in proportion to their time off, not to the table's length.
pub(super) struct Own {
    week: [bool; 7],
    /// Table offsets of the project's working days, on their weekdays,
    /// that they are away, sorted.
    away: Vec<usize>,
}

impl Own {
    pub(super) fn of(p: &Person, days: &Days) -> Own {
        let week = match p.workdays.as_ref().filter(|w| !w.value.is_empty()) {
            Some(w) => {
                let mut week = [false; 7];
                for d in &w.value {
                    week[d.value as usize] = true;
                }
                week
            }
            None => [true; 7],
        };
        let time_off = p.time_off.iter().map(|r| (r.value.from.value, r.value.to.value));
        Own::with(week, time_off, days)
    }

    /// Someone who works on the weekdays of `week` (Monday first), away
    /// over each range of `time_off` (both ends included).
    fn with(week: [bool; 7], time_off: impl Iterator<Item = (Date, Date)>, days: &Days) -> Own {
        let mut away = Vec::new();
        for (from, to) in time_off {
            let lo = days.dates.partition_point(|d| *d < from);
            let hi = days.dates.partition_point(|d| *d <= to);
            away.extend((lo..hi.max(lo)).filter(|&k| days.weekday.get(k).is_some_and(|&w| week[w as usize])));
        }
        away.sort_unstable();
        away.dedup();
        Own { week, away }
    }

    /// Their own working days among the table's days from offset `lo` to
    /// before `hi`.
    fn count(&self, days: &Days, lo: usize, hi: usize) -> i64 {
        let hi = hi.min(days.dates.len());
        if hi <= lo {
            return 0;
        }
        let away = self.away.partition_point(|&k| k < hi) - self.away.partition_point(|&k| k < lo);
        days.on_weekdays(&self.week, lo, hi) - away as i64
    }

    /// Their own working days in the whole table.
    fn total(&self, days: &Days) -> i64 {
        self.count(days, 0, days.dates.len())
    }

    /// Their own working days in month `m` of the table.
    fn in_month(&self, days: &Days, m: usize) -> i64 {
        match (days.bounds.get(m), days.bounds.get(m + 1)) {
            (Some(&lo), Some(&hi)) => self.count(days, lo, hi),
            _ => 0,
        }
    }

    /// Their own working days from `from` to `to`, both included, among
    /// the table's (from the status date to the end of the month of the
    /// project's finish); 0 when `to` is before `from`.
    pub(super) fn between(&self, days: &Days, from: Date, to: Date) -> i64 {
        let lo = days.dates.partition_point(|d| *d < from);
        let hi = days.dates.partition_point(|d| *d <= to);
        self.count(days, lo, hi)
    }

    /// Whether they work on the table's day `k`.
    fn works(&self, days: &Days, k: usize) -> bool {
        days.weekday.get(k).is_some_and(|&w| self.week[w as usize]) && self.away.binary_search(&k).is_err()
    }
}

/// A person's load: `own` are their working days, `mine` their
/// unfinished features (entry indices of `schedule`), `capacity` their
/// rate.
pub(super) fn load(own: &Own, capacity: f64, mine: &[usize], schedule: &Schedule, days: &Days) -> Load {
    let months = days.months.len();
    // Their features in the order they do them: by their first day of work
    // from the status date, then leveling's order, then plan order.
    let mut order: Vec<(usize, usize, &Entry)> = mine
        .iter()
        .filter_map(|&e| schedule.entries.get(e))
        .map(|e| {
            let (from, to) = at_work(e, own, days);
            (from, to, e)
        })
        .collect();
    order.sort_by_key(|&(from, to, e)| (from, e.queue, to));
    let mut busy = vec![0i64; months];
    let mut queue = Vec::with_capacity(order.len());
    let mut gaps = Vec::new();
    // The end (a table offset, exclusive) of the work so far and the
    // feature that reaches it.
    let mut reached: Option<(usize, &Entry)> = None;
    let (mut first, mut last) = (None, None);
    for (from, to, e) in order {
        let n = count_busy(own, days, from..to, &mut busy);
        if from < to {
            if let Some((end, before)) = reached
                && from > end
                && let Some(gap) = gap(own, days, end, from, before, e)
            {
                gaps.push(gap);
            }
            first = first.or(Some(from));
            last = last.max(Some(to - 1));
            reached = match reached {
                Some((end, _)) if end >= to => reached,
                _ => Some((to, e)),
            };
        }
        queue.push(queued(e, (from < to).then(|| days.dates.get(from)).flatten(), n));
    }
    // Effort per busy day: their rate when leveled; the critical path
    // method gives every feature a day of effort a day.
    let rate = if days.leveled { capacity } else { 1.0 };
    // Only the months with work: a forecast may span years.
    let months: Vec<MonthLoad> = busy
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b > 0)
        .map(|(m, &b)| month_load(m, &days.months[m], own.in_month(days, m) as f64 * capacity, b, rate))
        .collect();
    let date = |k: Option<usize>| k.and_then(|k| days.dates.get(k)).map(|d| d.to_string());
    let busy_days: i64 = busy.iter().sum();
    Load {
        busy_days,
        available_days: own.total(days) as f64 * capacity,
        effort_days: busy_days as f64 * rate,
        first_day: date(first),
        last_day: date(last),
        months,
        gaps,
        queue,
    }
}

/// How many of the table's days `span` (offsets) count as days at work
/// (leveled, the person's own working days; else every one), each added
/// to its month in `busy`.
fn count_busy(own: &Own, days: &Days, span: std::ops::Range<usize>, busy: &mut [i64]) -> i64 {
    let mut n = 0;
    for k in span {
        if !days.leveled || own.works(days, k) {
            n += 1;
            if let Some(b) = busy.get_mut(days.month[k] as usize) {
                *b += 1;
            }
        }
    }
    n
}

/// Feature `e` in a person's queue, at work from `from` (if at all from
/// the status date on) for `days` days.
fn queued(e: &Entry, from: Option<&Date>, days: i64) -> Queued {
    Queued {
        id: e.id.clone(),
        title: e.title.clone(),
        milestone: e.milestone.clone(),
        status: e.status.map_or("planned", Status::as_str),
        start: e.start,
        from: from.copied(),
        finish: e.finish,
        days,
        driver: Written(DriverWords(e.driver.clone())),
    }
}

/// The days (table offsets, the last exclusive) over which the schedule
/// has feature `e` at work from the status date on. Not leveled: its
/// dates from the status date. Leveled: from the first of the owner's
/// working days that leveling books for it (`Entry::work_days`, counted
/// back from its finish: work in progress resumes once its owner is free,
/// which may be after the status date).
fn at_work(e: &Entry, own: &Own, days: &Days) -> (usize, usize) {
    let (mut from, to) = (days.offset(e.times.early_start), days.offset(e.times.early_finish));
    if let (true, Some(booked)) = (days.leveled, e.work_days) {
        let mut n = 0;
        let mut k = to;
        while k > from && n < booked {
            k -= 1;
            n += i64::from(own.works(days, k));
        }
        from = k;
        // The first of those days is one of theirs.
        while from < to && !own.works(days, from) {
            from += 1;
        }
    }
    (from, to)
}

fn month_load(index: usize, month: &str, available: f64, busy: i64, rate: f64) -> MonthLoad {
    let assigned = busy as f64 * rate;
    MonthLoad {
        index,
        month: month.to_string(),
        available_days: available,
        busy_days: busy,
        assigned_days: assigned,
        load: (available > 0.0).then(|| assigned / available),
        over: assigned > available + 1e-9,
    }
}

/// The idle gap from the table's day `from` to before `to`, after feature
/// `prev` and before `next`: their own working days in it, when there are
/// at least [`IDLE_GAP_MIN_DAYS`].
fn gap(own: &Own, days: &Days, from: usize, to: usize, prev: &Entry, next: &Entry) -> Option<Gap> {
    let n = own.count(days, from, to);
    if n < IDLE_GAP_MIN_DAYS {
        return None;
    }
    // Their first and last own days in it (there are some: `n` > 0).
    let first = (from..to).find(|&k| own.works(days, k));
    let last = (from..to).rev().find(|&k| own.works(days, k));
    let date = |k: Option<usize>| k.and_then(|k| days.dates.get(k)).copied();
    // A person waits for a link or a constraint; their own work or time
    // off would not leave them idle.
    let why = match next.driver {
        crate::schedule::Driver::Item { .. } => Some(DriverWords(next.driver.clone()).to_string()),
        crate::schedule::Driver::NotBefore => Some("its not-before date".to_string()),
        _ => None,
    };
    Some(Gap {
        from: date(first)?,
        to: date(last)?,
        days: n,
        after: prev.id.clone(),
        before: next.id.clone(),
        why,
    })
}

/// Months since year 0: a month's number, to count months apart.
fn month_number(d: Date) -> i64 {
    i64::from(d.0.year()) * 12 + i64::from(d.0.month()) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i16, m: i8, d: i8) -> Date {
        Date(jiff::civil::date(y, m, d))
    }

    /// A person's own working days, counted from the weekday table and
    /// their time off, are those a day-by-day count finds: in every range
    /// of the table, every month, the whole table and between two dates.
    #[test]
    fn own_days_are_those_counted_one_by_one() {
        // The project works Monday to Friday but two holidays, for 15 months.
        let holidays = [day(2026, 4, 3), day(2026, 12, 25)];
        let mut dates = Vec::new();
        let mut d = day(2026, 3, 2);
        while d < day(2027, 6, 1) {
            if (crate::model::Weekday::of(d) as u8) < 5 && !holidays.contains(&d) {
                dates.push(d);
            }
            d = Date(d.0.tomorrow().unwrap_or(d.0));
        }
        let days = Days::from_dates(0, dates.clone(), true);
        let weeks: [[bool; 7]; 3] = [
            [true; 7],
            [true, true, true, true, false, false, false],
            [false, true, false, true, false, true, true],
        ];
        let time_offs: [Vec<(Date, Date)>; 3] = [
            vec![],
            vec![(day(2026, 3, 5), day(2026, 3, 11)), (day(2026, 8, 1), day(2026, 8, 31))],
            // Unsorted, overlapping, over a weekend and a holiday, past the table.
            vec![
                (day(2027, 5, 20), day(2027, 7, 1)),
                (day(2026, 4, 1), day(2026, 4, 8)),
                (day(2026, 4, 6), day(2026, 4, 14)),
                (day(2026, 12, 24), day(2026, 12, 28)),
                (day(2025, 1, 1), day(2026, 3, 3)),
            ],
        ];
        let n = dates.len();
        for week in weeks {
            for off in &time_offs {
                let own = Own::with(week, off.iter().copied(), &days);
                let works = |k: usize| {
                    let d = dates[k];
                    week[crate::model::Weekday::of(d) as usize] && !off.iter().any(|&(a, b)| a <= d && d <= b)
                };
                for (k, d) in dates.iter().enumerate() {
                    assert_eq!(own.works(&days, k), works(k), "{d}");
                }
                let by_hand = |lo: usize, hi: usize| (lo..hi.min(n)).filter(|&k| works(k)).count() as i64;
                for lo in (0..=n + 3).step_by(7) {
                    for hi in (0..=n + 3).step_by(5) {
                        assert_eq!(own.count(&days, lo, hi), by_hand(lo, hi), "{lo}..{hi}");
                    }
                }
                assert_eq!(own.total(&days), by_hand(0, n));
                let mut months = 0;
                for m in 0..days.months.len() {
                    let in_month = (0..n).filter(|&k| days.month[k] as usize == m && works(k)).count() as i64;
                    assert_eq!(own.in_month(&days, m), in_month, "{}", days.months[m]);
                    months += in_month;
                }
                assert_eq!(months, own.total(&days));
                let from_to =
                    |a: Date, b: Date| (0..n).filter(|&k| a <= dates[k] && dates[k] <= b && works(k)).count() as i64;
                for (a, b) in [
                    (day(2026, 3, 1), day(2026, 3, 31)),
                    (day(2026, 4, 4), day(2026, 4, 30)),
                    (day(2026, 12, 1), day(2027, 1, 15)),
                    (day(2027, 5, 1), day(2028, 1, 1)),
                    (day(2026, 6, 1), day(2026, 5, 1)),
                ] {
                    assert_eq!(own.between(&days, a, b), from_to(a, b), "{a} to {b}");
                }
            }
        }
        // The count can fail: someone away all of August has fewer days then.
        let away = Own::with(weeks[0], time_offs[1].iter().copied(), &days);
        let here = Own::with(weeks[0], std::iter::empty(), &days);
        assert!(away.between(&days, day(2026, 8, 1), day(2026, 8, 31)) == 0);
        assert_eq!(here.between(&days, day(2026, 8, 1), day(2026, 8, 31)), 21);
    }
}
