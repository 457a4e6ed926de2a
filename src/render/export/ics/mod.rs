//! The plan as an iCalendar feed (RFC 5545): `milepost export --format ics`.
//!
//! Every event is an all-day event (`DTSTART;VALUE=DATE`, and `DTEND` the
//! day after its last day: iCalendar's end is exclusive):
//!
//! - per milestone, its **forecast** (the day the schedule reaches it) and,
//!   when it has one, its **deadline**, as two events: a calendar event has
//!   one date range, and the two move independently (the forecast with
//!   every change of the plan, the deadline only when someone moves it);
//! - per milestone, when the Monte Carlo forecast was made (`--runs N`),
//!   the day it is reached in 80% of the runs ("80% confident by"), a third
//!   event;
//! - with `--person ID`, each of that person's features that is not cut,
//!   from its first to its last day in the schedule (leveled unless
//!   `--no-level`).
//!
//! Re-importing the feed updates its events rather than duplicating them:
//! each `UID` is made of the project's name, the item's kind and id and
//! what the event is ([`uid`]), none of which a change of dates, estimates
//! or titles touches. `DTSTAMP` is the status date (`--as-of`) at midnight
//! UTC and `SEQUENCE` the status date's day number, not the clock: the same
//! plan and status date give the same bytes (a committed feed changes only
//! when the plan does), and a feed of a later status date is a later
//! revision of each event for clients that compare them.

pub mod syntax;

use std::fmt::Write as _;

use crate::forecast::{Forecast, MilestoneForecast};
use crate::model::{Date, Status};
use crate::plan::{ItemKind, Plan};
use crate::render::vocab;
use crate::schedule::{Entry, Schedule};
use syntax::Lines;

/// What a feed holds.
pub struct Feed<'a> {
    pub plan: &'a Plan,
    /// The schedule its dates come from.
    pub schedule: &'a Schedule,
    /// The Monte Carlo forecast of the same plan and status date, when one
    /// was made: each milestone's "80% confident by" event.
    pub forecast: Option<&'a Forecast>,
    /// The person (an id of `[[people]]`) whose work is added as events.
    pub person: Option<&'a str>,
}

/// What an event of an item is: the last part of its [`uid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A milestone's forecast.
    Forecast,
    /// A milestone's deadline.
    Deadline,
    /// A milestone's Monte Carlo P80.
    P80,
    /// A feature's work.
    Work,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Forecast => "forecast",
            Event::Deadline => "deadline",
            Event::P80 => "p80",
            Event::Work => "work",
        }
    }
}

/// The `UID` of an item's event: `PROJECT/KIND/ID/EVENT@milepost`, the
/// project's name percent-encoded (every byte but ASCII letters, digits,
/// `-`, `_` and `.`), so that it is one unambiguous ASCII word. The kind
/// and event are words without `/`, at either end, so no two items' UIDs
/// are the same even though an id may hold `/`.
pub fn uid(project: &str, kind: ItemKind, id: &str, event: Event) -> String {
    let mut out = String::new();
    for b in project.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    let _ = write!(out, "/{}/{id}/{}@milepost", kind.as_str(), event.as_str());
    out
}

/// The plan's feed, as iCalendar text with CRLF line endings.
pub fn to_ics(feed: &Feed<'_>) -> String {
    let project = feed
        .plan
        .project
        .as_ref()
        .map_or("", |p| p.data.project.name.value.as_str());
    let person = feed
        .person
        .and_then(|id| person_name(feed.plan, id).map(|name| (id, name)));
    let mut lines = Lines::default();
    lines.line("BEGIN", "VCALENDAR");
    // No version in PRODID: the bytes depend on the plan and the status date only.
    lines.line("PRODID", "-//milepost//milepost//EN");
    lines.line("VERSION", "2.0");
    lines.line("CALSCALE", "GREGORIAN");
    lines.line("METHOD", "PUBLISH");
    let name = match person {
        Some((_, name)) => format!("{project}: {name}"),
        None => project.to_string(),
    };
    lines.line("X-WR-CALNAME", &syntax::text(&name));
    let about = format!(
        "Milestones of {project} as of {} (milepost export --format ics)",
        feed.schedule.as_of
    );
    lines.line("X-WR-CALDESC", &syntax::text(&about));
    let stamp = Stamp::of(feed.schedule.as_of);
    let milestones = feed.schedule.entries.iter().filter(|e| e.kind == ItemKind::Milestone);
    let mut events = 0;
    for m in milestones {
        events += 1;
        let mc = feed.forecast.and_then(|f| f.milestones.iter().find(|x| x.id == m.id));
        milestone_events(&mut lines, project, m, mc, feed, &stamp);
    }
    if let Some((id, name)) = person {
        let mut work: Vec<&Entry> = feed
            .schedule
            .entries
            .iter()
            .filter(|e| e.kind == ItemKind::Feature && e.owner.as_deref() == Some(id))
            .collect();
        // In the order they are done; plan order among equals (a stable sort).
        work.sort_by_key(|e| (e.start, e.finish));
        for f in work {
            events += 1;
            work_event(&mut lines, project, f, name, feed, &stamp);
        }
    }
    if events == 0 {
        // A calendar holds at least one component (RFC 5545, 3.6): with no
        // event (a plan without milestones, a person without work), the
        // time zone its dates are in, UTC, which changes nothing they say.
        lines.line("BEGIN", "VTIMEZONE");
        lines.line("TZID", "UTC");
        lines.line("BEGIN", "STANDARD");
        lines.line("DTSTART", "19700101T000000");
        lines.line("TZOFFSETFROM", "+0000");
        lines.line("TZOFFSETTO", "+0000");
        lines.line("END", "STANDARD");
        lines.line("END", "VTIMEZONE");
    }
    lines.line("END", "VCALENDAR");
    lines.finish()
}

/// The name of person `id` of the plan.
fn person_name<'p>(plan: &'p Plan, id: &str) -> Option<&'p str> {
    let project = plan.project.as_ref()?;
    let person = project.data.person(id)?;
    Some(person.name.value.as_str())
}

/// `DTSTAMP` and `SEQUENCE`, from the status date.
struct Stamp {
    stamp: String,
    sequence: String,
}

impl Stamp {
    fn of(as_of: Date) -> Stamp {
        let epoch = jiff::civil::date(1970, 1, 1);
        let days = (as_of.0 - epoch).get_days().max(0);
        Stamp {
            stamp: syntax::midnight_utc(as_of),
            sequence: days.to_string(),
        }
    }
}

/// One all-day event, from `first` to `last` (inclusive).
struct AllDay<'a> {
    uid: String,
    first: Date,
    last: Date,
    summary: &'a str,
    description: &'a str,
    categories: &'a str,
}

fn event(lines: &mut Lines, e: &AllDay<'_>, stamp: &Stamp) {
    lines.line("BEGIN", "VEVENT");
    lines.line("UID", &syntax::text(&e.uid));
    lines.line("DTSTAMP", &stamp.stamp);
    lines.line("SEQUENCE", &stamp.sequence);
    lines.line("DTSTART;VALUE=DATE", &syntax::date(e.first));
    // The day after the last: iCalendar's end is exclusive. (No plan
    // reaches the end of the calendar; were one to, the event would have
    // no DTEND, which for a date means one day.)
    if let Ok(end) = e.last.max(e.first).0.tomorrow() {
        lines.line("DTEND;VALUE=DATE", &syntax::date(Date(end)));
    }
    lines.line("SUMMARY", &syntax::text(e.summary));
    lines.line("DESCRIPTION", &syntax::multiline(e.description));
    lines.line("CATEGORIES", e.categories);
    // A plan's dates do not make anyone busy.
    lines.line("TRANSP", "TRANSPARENT");
    lines.line("END", "VEVENT");
}

/// A milestone's events: its forecast, its deadline, its P80.
fn milestone_events(
    lines: &mut Lines,
    project: &str,
    m: &Entry,
    mc: Option<&MilestoneForecast>,
    feed: &Feed<'_>,
    stamp: &Stamp,
) {
    let title = &*m.title;
    let mut about = format!(
        "Milestone `{}` of {project}, as of {} ({}).\nForecast: reached {}",
        m.id,
        feed.schedule.as_of,
        basis(feed.schedule),
        m.finish
    );
    if m.critical {
        about.push_str(", on the critical chain");
    }
    about.push_str(".\n");
    if let (Some(deadline), Some(margin)) = (m.deadline, m.deadline_margin) {
        let _ = writeln!(about, "Deadline: {deadline} ({}).", vocab::margin(margin));
    }
    if let (Some(mc), Some(f)) = (mc, feed.forecast) {
        let _ = write!(
            about,
            "Monte Carlo ({} runs, seed {}): 80% confident by {} (P50 {}, P95 {})",
            f.options.runs, f.options.seed, mc.spread.p80.date, mc.spread.p50.date, mc.spread.p95.date
        );
        if let Some(p) = mc.deadline_probability {
            let _ = write!(about, "; {} chance of the deadline", vocab::percent(p));
        }
        about.push_str(".\n");
    }
    if let Some(text) = feed.plan.milestone(&m.id).and_then(|x| x.data.description.as_ref()) {
        let _ = write!(about, "\n{}", text.value.trim_end());
    }
    let about = about.trim_end();
    let uid = |event| uid(project, ItemKind::Milestone, &m.id, event);
    let forecast = AllDay {
        uid: uid(Event::Forecast),
        first: m.finish,
        last: m.finish,
        summary: &format!("{title}: forecast"),
        description: about,
        categories: "milestone,forecast",
    };
    event(lines, &forecast, stamp);
    if let Some(deadline) = m.deadline {
        let e = AllDay {
            uid: uid(Event::Deadline),
            first: deadline,
            last: deadline,
            summary: &format!("{title}: deadline"),
            description: about,
            categories: "milestone,deadline",
        };
        event(lines, &e, stamp);
    }
    if let Some(mc) = mc {
        let e = AllDay {
            uid: uid(Event::P80),
            first: mc.spread.p80.date,
            last: mc.spread.p80.date,
            summary: &format!("{title}: 80% confident"),
            description: about,
            categories: "milestone,p80",
        };
        event(lines, &e, stamp);
    }
}

/// A feature of the person's, from its first day to its last.
fn work_event(lines: &mut Lines, project: &str, f: &Entry, name: &str, feed: &Feed<'_>, stamp: &Stamp) {
    let status = f.status.unwrap_or(Status::Planned);
    let mut about = format!(
        "Feature `{}` of {project}, owned by {name}, as of {} ({}).\n{} ({}), {}",
        f.id,
        feed.schedule.as_of,
        basis(feed.schedule),
        vocab::date_range(f.start, f.finish),
        vocab::working_days(f.duration),
        status
    );
    if f.critical {
        about.push_str(", on the critical chain");
    }
    about.push_str(".\n");
    let milestone = f.milestone.as_deref().and_then(|m| feed.plan.milestone(m));
    if let Some(m) = milestone {
        let _ = writeln!(about, "Milestone: {} (`{}`).", m.data.title.value, m.id);
    }
    if let Some(text) = feed.plan.feature(&f.id).and_then(|x| x.data.description.as_ref()) {
        let _ = write!(about, "\n{}", text.value.trim_end());
    }
    let summary = match status {
        Status::Done => format!("{} (done)", f.title),
        _ => f.title.to_string(),
    };
    let e = AllDay {
        uid: uid(project, ItemKind::Feature, &f.id, Event::Work),
        first: f.start,
        last: f.finish,
        summary: &summary,
        description: about.trim_end(),
        categories: "feature",
    };
    event(lines, &e, stamp);
}

/// Which schedule the dates are of.
fn basis(s: &Schedule) -> &'static str {
    if s.leveled() {
        "leveled schedule"
    } else {
        "critical path method"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_unambiguous_ascii() {
        assert_eq!(
            uid("Atlas", ItemKind::Milestone, "beta", Event::Forecast),
            "Atlas/milestone/beta/forecast@milepost"
        );
        assert_eq!(
            uid("Ün, ü/2", ItemKind::Feature, "auth/sso", Event::Work),
            "%C3%9Cn%2C%20%C3%BC%2F2/feature/auth/sso/work@milepost"
        );
    }

    #[test]
    fn the_stamp_is_the_status_date() {
        let s = Stamp::of(Date::parse("1970-01-11").unwrap());
        assert_eq!((s.stamp.as_str(), s.sequence.as_str()), ("19700111T000000Z", "10"));
        let before = Stamp::of(Date::parse("1969-12-31").unwrap());
        assert_eq!(before.sequence, "0");
    }
}
