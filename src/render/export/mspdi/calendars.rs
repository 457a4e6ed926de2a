//! Calendars: the project's (its working week, holidays as exceptions)
//! and one per person derived from it (the weekdays they do not work,
//! their time off as exceptions), and the working-day arithmetic the
//! tasks need on each.

use crate::model::{Date, Person, ProjectFile};
use crate::schedule::calendar::Calendar;

use super::xml::{Instant, MINUTES_PER_DAY, Xml, day_bound};

/// The project calendar's UID; person `i`'s is `PROJECT_CALENDAR + 1 + i`.
pub(super) const PROJECT_CALENDAR: usize = 1;

/// MSPDI's `DayType` of a weekday given Monday first (0) as milepost counts:
/// 1 is Sunday, 2 Monday … 7 Saturday.
fn day_type(monday_first: usize) -> usize {
    (monday_first + 1) % 7 + 1
}

/// The weekday index, Monday 0, of `date`.
fn weekday(date: Date) -> usize {
    usize::from(date.0.weekday().to_monday_zero_offset().unsigned_abs())
}

/// Which days a task is worked on: the project's working days, or a
/// person's (the project's, on their weekdays, outside their time off),
/// as MS Project reads a task with an assignment on its resource's
/// calendar.
#[derive(Clone, Copy)]
pub(super) struct Days<'a> {
    cal: &'a Calendar,
    person: Option<&'a PersonDays>,
}

/// A person's own weekdays and time off.
pub(super) struct PersonDays {
    workdays: [bool; 7],
    time_off: Vec<(Date, Date)>,
}

impl PersonDays {
    pub(super) fn of(person: &Person) -> PersonDays {
        let p = crate::schedule::inputs::PersonInputs::of(person);
        PersonDays {
            workdays: p.workdays.unwrap_or([true; 7]),
            time_off: p.time_off.bounds().collect(),
        }
    }
}

impl<'a> Days<'a> {
    pub(super) fn project(cal: &'a Calendar) -> Days<'a> {
        Days { cal, person: None }
    }

    pub(super) fn person(cal: &'a Calendar, person: &'a PersonDays) -> Days<'a> {
        Days {
            cal,
            person: Some(person),
        }
    }

    pub(super) fn is_working(&self, date: Date) -> bool {
        self.cal.is_working(date.0)
            && self.person.is_none_or(|p| {
                p.workdays[weekday(date)] && !p.time_off.iter().any(|&(from, to)| from <= date && date <= to)
            })
    }

    /// Working days from `from` to `to`, both included (0 when `to` is
    /// before `from`).
    pub(super) fn count(&self, from: Date, to: Date) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d <= to {
            n += i64::from(self.is_working(d));
            match d.0.tomorrow() {
                Ok(next) => d = Date(next),
                Err(_) => break,
            }
        }
        n
    }

    /// Working minutes from `from` to `to` (0 when `to` is not later).
    pub(super) fn minutes(&self, from: Instant, to: Instant) -> i64 {
        let mut days = self.count(from.date, to.date);
        if from.end && self.is_working(from.date) {
            days -= 1;
        }
        if !to.end && self.is_working(to.date) {
            days -= 1;
        }
        (days * MINUTES_PER_DAY).max(0)
    }
}

/// `<Calendars>`: the project's, then one per person.
pub(super) fn write(project: &ProjectFile, workdays: [bool; 7], xml: &mut Xml) {
    xml.open("Calendars");
    xml.open("Calendar");
    xml.leaf("UID", PROJECT_CALENDAR);
    xml.text("Name", "Standard", 512);
    xml.bool("IsBaseCalendar", true);
    xml.leaf("BaseCalendarUID", -1);
    xml.open("WeekDays");
    for day in [6, 0, 1, 2, 3, 4, 5] {
        week_day(day, workdays[day], xml);
    }
    xml.close("WeekDays");
    let holidays = project.calendar.iter().flat_map(|c| &c.value.holidays).map(|h| {
        let (from, to) = h.value.bounds();
        (from, to, h.value.name())
    });
    exceptions(holidays, "Holiday", xml);
    xml.close("Calendar");

    for (i, person) in project.people.iter().enumerate() {
        let p = &person.value;
        let own = PersonDays::of(p).workdays;
        xml.open("Calendar");
        xml.leaf("UID", PROJECT_CALENDAR + 1 + i);
        xml.text("Name", &p.name.value, 512);
        xml.bool("IsBaseCalendar", false);
        xml.leaf("BaseCalendarUID", PROJECT_CALENDAR);
        // Only the weekdays that differ from the project's: the rest are
        // the base calendar's.
        let off: Vec<usize> = [6, 0, 1, 2, 3, 4, 5]
            .into_iter()
            .filter(|&d| workdays[d] && !own[d])
            .collect();
        if !off.is_empty() {
            xml.open("WeekDays");
            for d in off {
                week_day(d, false, xml);
            }
            xml.close("WeekDays");
        }
        let time_off = p.time_off.iter().map(|r| {
            let r = &r.value;
            (r.from.value, r.to.value, r.name.as_ref().map(|n| n.value.as_str()))
        });
        exceptions(time_off, "Time off", xml);
        xml.close("Calendar");
    }
    xml.close("Calendars");
}

/// A `WeekDay` of the regular week: working 08:00–12:00 and 13:00–17:00,
/// or not at all.
fn week_day(monday_first: usize, working: bool, xml: &mut Xml) {
    xml.open("WeekDay");
    xml.leaf("DayType", day_type(monday_first));
    xml.bool("DayWorking", working);
    if working {
        xml.open("WorkingTimes");
        for (from, to) in [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")] {
            xml.open("WorkingTime");
            xml.leaf("FromTime", from);
            xml.leaf("ToTime", to);
            xml.close("WorkingTime");
        }
        xml.close("WorkingTimes");
    }
    xml.close("WeekDay");
}

/// `<Exceptions>`: each range of days off (first and last day, its name or
/// `unnamed`) as a non-working exception, none when there are none.
fn exceptions<'a>(ranges: impl Iterator<Item = (Date, Date, Option<&'a str>)>, unnamed: &str, xml: &mut Xml) {
    let mut ranges = ranges.peekable();
    if ranges.peek().is_none() {
        return;
    }
    xml.open("Exceptions");
    for (from, to, name) in ranges {
        xml.open("Exception");
        xml.bool("EnteredByOccurrences", false);
        xml.open("TimePeriod");
        xml.leaf("FromDate", day_bound(from, false));
        xml.leaf("ToDate", day_bound(to, true));
        xml.close("TimePeriod");
        xml.leaf("Occurrences", 1);
        xml.text("Name", name.unwrap_or(unnamed), 512);
        // Daily, every day of the period.
        xml.leaf("Type", 1);
        xml.leaf("Period", 1);
        xml.bool("DayWorking", false);
        xml.close("Exception");
    }
    xml.close("Exceptions");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_types_count_from_sunday() {
        // Monday first in milepost: Monday 0 … Sunday 6.
        assert_eq!(day_type(0), 2);
        assert_eq!(day_type(5), 7);
        assert_eq!(day_type(6), 1);
        assert_eq!(weekday(Date::parse("2026-03-02").unwrap()), 0);
        assert_eq!(weekday(Date::parse("2026-03-08").unwrap()), 6);
    }
}
