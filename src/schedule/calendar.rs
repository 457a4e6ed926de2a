//! The working-day calendar: which days are worked, and the mapping between
//! dates and working-day numbers.
//!
//! The scheduler counts time in working days. Day `0` is the project's first
//! working day (its `start`, or the next working day after it); day `n` is the
//! n-th working day after that, and negative numbers are working days before
//! the start (work that began early). Time points are the *start* of a day:
//! an activity of `d` days starting on day `s` occupies days `s .. s + d - 1`
//! and finishes (exclusive) at `s + d`.

use std::collections::BTreeSet;

use super::inputs::CalendarInputs;
use crate::model::{Date, ProjectFile};

/// The furthest a schedule may reach: a plan's own dates are before it, and
/// validation rejects a plan whose work could run past it (see
/// `validate::limits`), so only a status date chosen beyond it gets there.
pub use crate::model::date::MAX_YEAR;

#[derive(Clone, Debug)]
pub struct Calendar {
    workdays: [bool; 7],
    /// Shared: a calendar is cloned for every schedule of a history walk.
    holidays: std::sync::Arc<BTreeSet<jiff::civil::Date>>,
    /// Working days from `days[0]` on; `days[origin]` is day 0.
    days: Vec<jiff::civil::Date>,
    /// The date the days were counted from: the earlier of the project's
    /// start and the earliest date asked for when built, or the first day
    /// added in front since.
    from: jiff::civil::Date,
    origin: usize,
    /// For each calendar day from `days[0]` on (by [`day_number`], from
    /// `base`) to the last working day, how many working days come before
    /// it: a date's position in `days` without a search. Kept up to date as
    /// days are added; rebuilt when days are added in front.
    before: Vec<u32>,
    base: i32,
}

/// Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`): a few integer operations, where jiff's date
/// arithmetic computes a span.
fn day_number(d: jiff::civil::Date) -> i32 {
    let (month, day) = (i32::from(d.month()), i32::from(d.day()));
    let y = i32::from(d.year()) - i32::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    // Days since March 1st: February, with its leap day, comes last.
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// What a calendar's working days from day 0 on are made of: its working
/// weekdays, its holidays and day 0's date. Two calendars with equal ones
/// have the same date for every working day from day 0 on, whatever date
/// each counts from and however far each has been extended.
#[derive(Clone, Debug)]
pub(crate) struct WorkingDays {
    workdays: [bool; 7],
    holidays: std::sync::Arc<BTreeSet<jiff::civil::Date>>,
    day0: jiff::civil::Date,
}

impl PartialEq for WorkingDays {
    fn eq(&self, other: &WorkingDays) -> bool {
        self.workdays == other.workdays
            && self.day0 == other.day0
            && (std::sync::Arc::ptr_eq(&self.holidays, &other.holidays) || self.holidays == other.holidays)
    }
}

/// The calendar could not reach a date (see [`MAX_YEAR`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfRange;

fn weekday_index(d: jiff::civil::Date) -> usize {
    d.weekday().to_monday_zero_offset() as usize
}

/// The project's working weekdays, Monday first: Monday to Friday unless
/// the calendar says otherwise.
pub fn workdays(project: &ProjectFile) -> [bool; 7] {
    CalendarInputs::of(project).workdays
}

/// How many days a working week has: what `1w` means in this plan.
pub fn days_per_week(project: &ProjectFile) -> u8 {
    CalendarInputs::of(project).days_per_week()
}

impl Calendar {
    /// The project's calendar, with day 0 on the first working day on or
    /// after `start`, covering at least back to `earliest`.
    pub fn new(project: &ProjectFile, earliest: Date) -> Calendar {
        Calendar::of(&CalendarInputs::of(project), earliest)
    }

    /// The calendar `inputs` describe, covering at least back to `earliest`.
    pub fn of(inputs: &CalendarInputs<'_>, earliest: Date) -> Calendar {
        let mut holidays = BTreeSet::new();
        for (from, to) in inputs.holidays.bounds() {
            let mut d = from.0;
            while d <= to.0 {
                holidays.insert(d);
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
        }
        Calendar::from_parts(inputs.workdays, holidays, inputs.start, earliest)
    }

    /// A calendar from working weekdays (Monday first) and holidays.
    pub fn from_parts(
        workdays: [bool; 7],
        holidays: BTreeSet<jiff::civil::Date>,
        start: Date,
        earliest: Date,
    ) -> Calendar {
        // With no working weekday at all (validation forbids it), treat every
        // day as one rather than loop forever.
        let workdays = if workdays.iter().any(|&w| w) {
            workdays
        } else {
            [true; 7]
        };
        let mut cal = Calendar {
            workdays,
            holidays: std::sync::Arc::new(holidays),
            days: Vec::new(),
            origin: 0,
            from: earliest.0.min(start.0),
            before: Vec::new(),
            base: 0,
        };
        let first = cal.from;
        let mut d = first;
        let mut weekday = weekday_index(d);
        // Fill from `first` up to the first working day on or after `start`.
        loop {
            if cal.works(d, weekday) {
                if d >= start.0 {
                    cal.origin = cal.days.len();
                    cal.days.push(d);
                    break;
                }
                cal.days.push(d);
            }
            match d.tomorrow() {
                Ok(next) if next.year() < MAX_YEAR => {
                    d = next;
                    weekday = (weekday + 1) % 7;
                }
                _ => break,
            }
        }
        cal.count_days(0);
        cal
    }

    pub fn is_working(&self, d: jiff::civil::Date) -> bool {
        self.works(d, weekday_index(d))
    }

    /// [`Calendar::is_working`] for a day whose weekday (Monday 0) is known:
    /// walking day by day, it is one more than the day before's.
    fn works(&self, d: jiff::civil::Date, weekday: usize) -> bool {
        self.workdays[weekday % 7] && (self.holidays.is_empty() || !self.holidays.contains(&d))
    }

    /// The date this calendar counts from: for a calendar built for
    /// `(project, earliest)`, the earlier of `earliest` and the project's
    /// start, until it is asked for a day before that. Two calendars of one
    /// project counting from the same date give the same answers, however
    /// far each has been extended.
    pub fn counts_from(&self) -> Date {
        Date(self.from)
    }

    /// What its working days from day 0 on are made of
    /// ([`WorkingDays`]); `None` before day 0 is known.
    pub(crate) fn working_days(&self) -> Option<WorkingDays> {
        Some(WorkingDays {
            workdays: self.workdays,
            holidays: self.holidays.clone(),
            day0: *self.days.get(self.origin)?,
        })
    }

    /// The last working day counted so far.
    pub fn last_day(&self) -> Option<Date> {
        self.days.last().copied().map(Date)
    }

    /// Adds the working days in front needed for the calendar to know
    /// `date` (a calendar counts from where it was built).
    pub fn reach_back_to(&mut self, date: Date) -> Result<(), OutOfRange> {
        while let Some(first) = self.days.first().copied()
            && first > date.0
        {
            let behind = i64::from((first - date.0).get_days()).max(1);
            let step = (behind * i64::from(self.days_per_week()) / 7).max(1);
            self.reach(-(self.origin as i64) - step)?;
        }
        Ok(())
    }

    /// Working weekdays per week, for converting `w` durations.
    pub fn days_per_week(&self) -> u8 {
        self.workdays.iter().filter(|&&w| w).count() as u8
    }

    /// Working days from `from` to `to`, both included; 0 when `to` is
    /// before `from`.
    pub fn working_days_between(&self, from: Date, to: Date) -> i64 {
        let mut n = 0;
        let mut d = from.0;
        while d <= to.0 {
            if self.is_working(d) {
                n += 1;
            }
            match d.tomorrow() {
                Ok(next) => d = next,
                Err(_) => break,
            }
        }
        n
    }

    /// Extends the list of working days until it holds index `i`.
    #[inline]
    fn reach(&mut self, i: i64) -> Result<(), OutOfRange> {
        let want = i + self.origin as i64;
        // Almost always: a day already counted.
        if usize::try_from(want).is_ok_and(|w| w < self.days.len()) {
            return Ok(());
        }
        self.grow(i)
    }

    /// [`Calendar::reach`] for a day not counted yet.
    fn grow(&mut self, i: i64) -> Result<(), OutOfRange> {
        let want = i + self.origin as i64;
        if want < 0 {
            // Before the first day known (a late start ahead of the project,
            // under a deadline that cannot be met): add the days in front.
            let missing = usize::try_from(-want).map_err(|_| OutOfRange)?;
            let mut earlier = Vec::with_capacity(missing);
            let mut d = *self.days.first().ok_or(OutOfRange)?;
            while earlier.len() < missing {
                d = d.yesterday().map_err(|_| OutOfRange)?;
                if d.year() < 1 {
                    return Err(OutOfRange);
                }
                if self.is_working(d) {
                    earlier.push(d);
                }
            }
            earlier.reverse();
            self.from = d;
            self.origin += earlier.len();
            self.days.splice(0..0, earlier);
            // Every position moved: count again from the new first day.
            self.count_days(0);
            return Ok(());
        }
        let Some(mut d) = self.days.last().copied() else {
            return Err(OutOfRange);
        };
        let mut weekday = weekday_index(d);
        let counted = self.days.len();
        while (self.days.len() as i64) <= want {
            loop {
                d = d.tomorrow().map_err(|_| OutOfRange)?;
                weekday = (weekday + 1) % 7;
                if d.year() >= MAX_YEAR {
                    return Err(OutOfRange);
                }
                if self.works(d, weekday) {
                    break;
                }
            }
            self.days.push(d);
        }
        self.count_days(counted);
        Ok(())
    }

    /// The date of working day `i`.
    pub fn date(&mut self, i: i64) -> Result<Date, OutOfRange> {
        self.reach(i)?;
        let at = usize::try_from(i + self.origin as i64).map_err(|_| OutOfRange)?;
        self.days.get(at).copied().map(Date).ok_or(OutOfRange)
    }

    /// The first working day on or after `date`.
    pub fn on_or_after(&mut self, date: Date) -> Result<i64, OutOfRange> {
        self.extend_to(date.0)?;
        let pos = self.working_days_before(day_number(date.0));
        Ok(pos as i64 - self.origin as i64)
    }

    /// The last working day on or before `date` (may be before day 0).
    pub fn on_or_before(&mut self, date: Date) -> Result<i64, OutOfRange> {
        self.extend_to(date.0)?;
        let pos = self.working_days_before(day_number(date.0) + 1);
        Ok(pos as i64 - 1 - self.origin as i64)
    }

    /// How many of the working days known come before the calendar day
    /// numbered `day` ([`day_number`]): its position in `days`, as a
    /// binary search would find it.
    fn working_days_before(&self, day: i32) -> usize {
        match day.checked_sub(self.base).map(usize::try_from) {
            Some(Ok(offset)) => self.before.get(offset).map_or(self.days.len(), |&k| k as usize),
            // Before the first working day known.
            _ => 0,
        }
    }

    /// Brings the table of [`Calendar::working_days_before`] up to date
    /// with the days from `days[from]` on, the ones added (from 0: the
    /// table is built again): called wherever days are added, so that a
    /// copy of a calendar has it complete.
    fn count_days(&mut self, from: usize) {
        let Some(&first) = self.days.first() else {
            return;
        };
        if from == 0 {
            self.before.clear();
            self.base = day_number(first);
        }
        // Each working day k covers the calendar days after the one before
        // it, up to itself: k working days come before each.
        for (k, &d) in self.days.iter().enumerate().skip(from) {
            let last = usize::try_from(day_number(d) - self.base).unwrap_or(0);
            if self.before.len() <= last {
                self.before.resize(last + 1, u32::try_from(k).unwrap_or(u32::MAX));
            }
        }
    }

    /// Extends the list of working days past `date`. Dates before the first
    /// day known map to index `-origin` (the calendar is built to cover the
    /// earliest date of the plan).
    fn extend_to(&mut self, date: jiff::civil::Date) -> Result<(), OutOfRange> {
        if date.year() >= MAX_YEAR {
            return Err(OutOfRange);
        }
        while self.days.last().is_some_and(|last| *last < date) {
            // Calendar days behind, times the share of working days (a
            // little under what fits, so as not to run past `date` by much):
            // far fewer steps than one working day at a time.
            let behind = self.days.last().map_or(1, |last| i64::from((date - *last).get_days()));
            let step = (behind * i64::from(self.days_per_week()) / 7).max(1);
            let next = self.days.len() as i64 - self.origin as i64;
            self.reach(next + step - 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn five_day(holidays: &[&str], start: &str) -> Calendar {
        let h = holidays.iter().map(|s| d(s).0).collect();
        Calendar::from_parts(
            [true, true, true, true, true, false, false],
            h,
            d(start),
            d("2026-01-01"),
        )
    }

    #[test]
    fn counts_working_days_skipping_weekends_and_holidays() {
        // 2026-03-02 is a Monday; Friday 2026-03-06 is a holiday.
        let mut cal = five_day(&["2026-03-06"], "2026-03-02");
        let dates: Vec<String> = (0..6).map(|i| cal.date(i).unwrap().to_string()).collect();
        assert_eq!(
            dates,
            [
                "2026-03-02",
                "2026-03-03",
                "2026-03-04",
                "2026-03-05",
                "2026-03-09",
                "2026-03-10"
            ]
        );
        assert_eq!(cal.date(-1).unwrap().to_string(), "2026-02-27");
        // Before the first day the calendar was built for: it grows backwards.
        assert_eq!(cal.date(-45).unwrap().to_string(), "2025-12-29");
        assert_eq!(cal.date(0).unwrap().to_string(), "2026-03-02");
        assert_eq!(cal.on_or_after(d("2026-03-06")), Ok(4)); // holiday -> Monday
        assert_eq!(cal.on_or_before(d("2026-03-08")), Ok(3)); // Sunday -> Thursday
        assert_eq!(cal.on_or_after(d("2026-02-27")), Ok(-1));
        assert_eq!(cal.on_or_after(d("2027-03-02")), Ok(260)); // 52 weeks later, one holiday
    }

    #[test]
    fn a_start_on_a_weekend_moves_to_the_next_working_day() {
        let mut cal = five_day(&[], "2026-03-07");
        assert_eq!(cal.date(0).unwrap().to_string(), "2026-03-09");
        assert_eq!(cal.on_or_after(d("2026-03-07")), Ok(0));
    }

    #[test]
    fn day_numbers_count_days_as_jiff_does() {
        let epoch = jiff::civil::date(1970, 1, 1);
        for (y, m, d) in [
            (1970, 1, 1),
            (1, 1, 1),
            (1600, 2, 29),
            (1900, 3, 1),
            (2000, 2, 29),
            (2026, 12, 31),
            (8999, 12, 31),
        ] {
            let date = jiff::civil::date(y, m, d);
            let days = date.since((jiff::Unit::Day, epoch)).map(|s| s.get_days()).ok();
            assert_eq!(Some(day_number(date)), days, "{date}");
        }
        // Consecutive across leap and non-leap years.
        let mut date = jiff::civil::date(1999, 1, 1);
        let mut n = day_number(date);
        while date.year() < 2005 {
            let next = date.tomorrow().unwrap();
            assert_eq!(day_number(next), n + 1, "{next}");
            (date, n) = (next, n + 1);
        }
    }

    /// Positions found by counting match a search of the days, on dates
    /// on, between and around working days, as the calendar grows at both ends.
    #[test]
    fn positions_match_a_search_of_the_days() {
        let mut cal = five_day(&["2026-03-06", "2026-12-25", "2027-01-01"], "2026-03-02");
        let check = |cal: &mut Calendar, from: &str, to: &str| {
            let mut day = d(from).0;
            while day <= d(to).0 {
                let date = Date(day);
                let after = cal.on_or_after(date).unwrap();
                let before = cal.on_or_before(date).unwrap();
                let origin = cal.origin as i64;
                let expect_after = cal.days.partition_point(|x| *x < day) as i64 - origin;
                let expect_before = cal.days.partition_point(|x| *x <= day) as i64 - 1 - origin;
                assert_eq!((after, before), (expect_after, expect_before), "{day}");
                day = day.tomorrow().unwrap();
            }
        };
        check(&mut cal, "2026-01-01", "2026-04-01");
        // Later dates extend the calendar, then earlier ones are counted again.
        check(&mut cal, "2026-12-20", "2027-01-10");
        cal.date(-200).unwrap();
        check(&mut cal, "2025-01-01", "2025-03-01");
        check(&mut cal, "2026-03-01", "2026-03-10");
    }

    #[test]
    fn refuses_to_run_to_the_end_of_time() {
        let mut cal = five_day(&[], "2026-03-02");
        assert_eq!(cal.date(10_000_000), Err(OutOfRange));
    }
}
