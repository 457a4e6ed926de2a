//! `milepost explain ID`: the chain of items and constraints that sets an
//! item's dates.

use crate::args::ExplainArgs;
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::model::{Date, DependencyType, Status};
use crate::plan::{ItemKind, Plan};
use crate::render::schedule::driver_text;
use crate::render::vocab;
use crate::schedule::{Driver, Entry, Schedule};

pub fn run(args: &ExplainArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let as_of = super::as_of(&args.as_of);
    let options = super::schedule_options(&args.as_of);
    let Some((located, schedule)) = super::load_scheduled(&args.plan, as_of, options, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let text = explain(&schedule, &located.plan, &args.id)?;
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}

fn describe(e: &Entry) -> String {
    let what = if e.kind == ItemKind::Milestone && e.duration > 0 {
        format!(
            "`{}` is reached on {}, {} after what it waits for",
            e.id,
            e.finish,
            vocab::working_days(e.duration)
        )
    } else if e.duration == 0 {
        format!("`{}` is reached on {}", e.id, e.finish)
    } else {
        format!(
            "`{}` starts {} and finishes {} ({})",
            e.id,
            e.start,
            e.finish,
            vocab::working_days(e.duration)
        )
    };
    // Leveled work that pauses over its owner's days off at its early
    // dates and not its late ones (or the other way) can slip its start
    // and its finish by different amounts: the float is the lesser.
    let (start, finish) = (
        e.times.late_start - e.times.early_start,
        e.times.late_finish - e.times.early_finish,
    );
    let slip = |what: &str, d: i64| match d {
        0.. => format!("its {what} can slip {}", vocab::days(d)),
        _ => format!("its {what} is {} behind", vocab::days(-d)),
    };
    let slips = if start != finish && e.duration > 0 {
        format!(" ({}, {})", slip("start", start), slip("finish", finish))
    } else {
        String::new()
    };
    let float = format!(
        "total float {}{slips}{}",
        vocab::days(e.times.total_float),
        if e.critical { ", critical" } else { "" }
    );
    format!("{what}; {float}")
}

/// For a blocked feature of `plan`, what its forecast assumes: blocked
/// work makes no progress and is unblocked on the status date `s.as_of`,
/// with its `remaining` work, or (started, without it) its whole estimate;
/// it resumes then, or once its owner is free (a second line when people
/// move its finish: the leveled forecast has it wait).
fn blocked(e: &Entry, plan: &Plan, s: &Schedule) -> Option<String> {
    if e.status != Some(Status::Blocked) {
        return None;
    }
    let declared = plan.ids.get(&*e.id).filter(|d| d.kind == ItemKind::Feature)?;
    let f = &plan.features.get(declared.index? as usize)?.data;
    let estimate = f.estimate.as_ref().map_or("0d".to_string(), |e| e.value.to_string());
    let mut text = match (&f.started, &f.remaining) {
        (Some(_), Some(r)) => format!(
            "  it is blocked: it makes no progress while blocked and is assumed unblocked on the status date, {}, with its `remaining` {} left",
            s.as_of, r.value
        ),
        (Some(_), None) => format!(
            "  it is blocked: it makes no progress while blocked and is assumed unblocked on the status date, {}, with its whole estimate ({estimate}) left: set `remaining` to what is left",
            s.as_of
        ),
        (None, Some(r)) => format!(
            "  it is blocked: it is assumed to be unblocked on the status date, {}, and to take its `remaining` {}",
            s.as_of, r.value
        ),
        (None, None) => format!(
            "  it is blocked: it is assumed to be unblocked on the status date, {}, and cannot start before that day",
            s.as_of
        ),
    };
    let delay = e.resource_delay();
    if let (Some(owner), true) = (&e.owner, delay > 0) {
        text.push_str(&format!(
            "\n  its owner, {owner}, has other work or days off first: that moves its finish {} later",
            vocab::working_days(delay)
        ));
    }
    Some(text)
}

/// For an item the risks that occurred delay (`Entry::risk_delay`): which
/// risks, and how many working days each adds (its `impact.days`), to the
/// feature's work or before the milestone is reached.
fn risks(e: &Entry, plan: &Plan) -> Option<String> {
    if e.risk_delay <= 0.0 {
        return None;
    }
    let named = crate::schedule::inputs::Occurred::risks_on(plan, &e.id);
    let added = if e.kind == ItemKind::Milestone {
        "before it is reached"
    } else {
        "to its work"
    };
    // Work started takes them in whole days (`Entry::risk_delay`).
    let total: f64 = named.iter().map(|(_, d)| d).sum();
    let whole = if (total - e.risk_delay).abs() > 1e-9 {
        format!(
            " (as {}: work started takes whole days)",
            vocab::working_days(e.risk_delay)
        )
    } else {
        String::new()
    };
    Some(match &named[..] {
        [(id, d)] => format!(
            "  risk `{id}` occurred: its impact, {}, is added {added}{whole}",
            vocab::written_working_days(*d)
        ),
        _ => {
            let each: Vec<String> = named
                .iter()
                .map(|(id, d)| format!("`{id}` ({})", vocab::written_working_days(*d)))
                .collect();
            format!(
                "  risks {} occurred: their impact, {} in all, is added {added}{whole}",
                each.join(", "),
                vocab::written_working_days(total)
            )
        }
    })
}

/// For a feature not started whose leveled span holds project working
/// days its owner does not work (their time off, or weekdays off), how
/// many, and the time off between its start and finish: a 21-day feature
/// that spans 31 working days says why.
fn paused(e: &Entry, plan: &Plan, s: &Schedule) -> Option<String> {
    if matches!(e.status, Some(Status::InProgress | Status::Blocked | Status::Done)) {
        return None;
    }
    let off = e.duration - e.work_days?;
    let owner = e.owner.as_deref()?;
    if off <= 0 {
        return None;
    }
    let person = plan.project.as_ref()?.data.person(owner)?;
    // Time off that takes a day they would work (a project working day
    // of their week): off on a day they do not work anyway is not named.
    let takes_a_day = |from: Date, to: Date| {
        let (first, last) = (from.max(e.start).0, to.min(e.finish).0);
        first
            .series(jiff::Span::new().days(1))
            .take_while(|d| *d <= last)
            .any(|d| s.calendar.is_working(d) && person.works_on(Date(d)))
    };
    let ranges: Vec<String> = person
        .time_off_within(e.start, e.finish)
        .filter(|r| takes_a_day(r.from.value, r.to.value))
        .map(|r| vocab::date_range(r.from.value, r.to.value))
        .collect();
    let mut why = Vec::new();
    if !ranges.is_empty() {
        why.push(format!("time off {}", ranges.join(", ")));
    }
    if person.workdays.is_some() || ranges.is_empty() {
        why.push("the days of the week they do not work".to_string());
    }
    let why = why.join(", and ");
    Some(format!(
        "  it pauses {} of its {} while its owner, {owner}, is away: {why}",
        vocab::working_days(off),
        vocab::working_days(e.duration)
    ))
}

/// For work in progress (not blocked) in a leveled schedule, whose owner
/// is one of the people: the work left, where it comes from, how many of
/// the owner's days it takes, and the days off it pauses over. The
/// forecast finish of started work is no actual date: this says what sets
/// it.
fn in_progress(e: &Entry, plan: &Plan, s: &Schedule) -> Option<String> {
    if e.status != Some(Status::InProgress) {
        return None;
    }
    let (left, days, owner) = (e.work_left?, e.work_days?, e.owner.as_deref()?);
    let f = &plan.feature(&e.id)?.data;
    let person = plan.project.as_ref()?.data.person(owner)?;
    let capacity = person.capacity.as_ref().map_or(1.0, |c| c.value.0);
    // Where leveling booked its work left: before it, it waits; within
    // it, it pauses over the owner's days off.
    let resumes = e.resumes.as_ref()?;
    let since = e.times.early_start.max(s.status_day);
    let from = resumes.date;
    // The days of the risks that occurred, in whole days (`Entry::risk_delay`).
    let risk = (e.risk_delay > 0.0).then(|| format!("the {} the risks that occurred add", vocab::days(e.risk_delay)));
    let mut text = match (&f.remaining, &f.estimate) {
        (Some(r), _) => format!(
            "  its `remaining`, {}{}: {} of {owner}'s working days from {from}",
            r.value,
            risk.as_ref().map_or(", is its work left".to_string(), |r| format!(
                ", and {r} are its work left"
            )),
            vocab::number(days)
        ),
        (None, estimate) => {
            let at = if capacity < 1.0 {
                format!(" at {} of their time", vocab::percent(capacity))
            } else {
                String::new()
            };
            let estimate = estimate.as_ref().map_or("0d".to_string(), |e| e.value.to_string());
            format!(
                "  it has {} of work left of its {estimate} estimate{}, {owner}'s working days since it started counted done{at}: {} of their working days from {from}",
                vocab::days(left - e.risk_delay),
                risk.as_ref().map_or(String::new(), |r| format!(" (and {r})")),
                vocab::number(days)
            )
        }
    };
    let waited = resumes.day - since;
    if waited > 0 {
        let after = if since > e.times.early_start {
            "the status date"
        } else {
            "its start"
        };
        let why = match &resumes.held_by {
            Some(Driver::Person { person, on, until, .. }) => {
                format!("waits for {person}, who works on {on} until {until}")
            }
            Some(link) => format!(
                "waits for {}: it cannot finish sooner, so its work left is done last",
                driver_text(link)
            ),
            None => format!("{owner} is away before it"),
        };
        text.push_str(&format!(
            "\n  it resumes {} after {after}: {why}",
            vocab::working_days(waited)
        ));
    }
    let off = e.times.early_finish - resumes.day - days;
    if off > 0 {
        let ranges: Vec<String> = person
            .time_off_within(resumes.date, e.finish)
            .map(|r| vocab::date_range(r.from.value, r.to.value))
            .collect();
        let why = if ranges.is_empty() {
            "the days of the week they do not work".to_string()
        } else {
            format!("time off {}", ranges.join(", "))
        };
        text.push_str(&format!(
            "\n  it pauses {} on the way while {owner} is away: {why}",
            vocab::working_days(off)
        ));
    }
    Some(text)
}

/// Why `id`, an item of the plan, has no dates to explain: it is a risk,
/// or a cut feature. `None` when it is no item of the plan.
fn not_scheduled(plan: &Plan, id: &str) -> Option<Error> {
    let declared = plan.ids.get(id)?;
    let what = match declared.kind {
        ItemKind::Risk => format!("`{id}` is a risk: `explain` says what sets a feature's or a milestone's dates"),
        ItemKind::Feature => format!("`{id}` is cut: it is not scheduled, so nothing sets its dates"),
        ItemKind::Milestone => return None,
    };
    let hint = match declared.kind {
        ItemKind::Risk => {
            "run `milepost explain` on a feature or milestone it affects; `milepost report risks` lists the risks and their effect on the forecast"
        }
        _ => "set its `status` to another value than `cut` to schedule it again",
    };
    Some(Error::Refused {
        what,
        hint: hint.into(),
    })
}

/// Why `entry` starts when it does, as a line of the explanation, and the
/// entry of `s` it waits for, if the chain goes on there.
fn because<'a>(entry: &Entry, s: &'a Schedule) -> (String, Option<&'a Entry>) {
    let find = |id: &str| s.entries.iter().find(|e| &*e.id == id);
    let last = match &entry.driver {
        Driver::ProjectStart => format!("  because the project starts on {}", s.start),
        Driver::StatusDate => format!(
            "  because nothing unstarted is scheduled before the status date, {}",
            s.as_of
        ),
        Driver::NotBefore => format!(
            "  because its `not-before` date keeps it from starting before {}",
            entry.start
        ),
        Driver::Actual if entry.status == Some(Status::Done) => {
            "  because it is done: its actual dates are kept".to_string()
        }
        Driver::Actual => format!("  because it has started: its start, {}, is kept", entry.start),
        Driver::OwnerAway { person, time_off } => match time_off {
            Some((from, to)) => format!(
                "  because its owner, {person}, is away before it: time off {}",
                vocab::date_range(*from, *to)
            ),
            None => format!("  because its owner, {person}, does not work the days before it"),
        },
        Driver::Person {
            person,
            on,
            until,
            first,
        } => match find(on) {
            Some(prev) => {
                let first = vocab::precedence(first);
                let line = format!("  because it waits for {person}, who works on {on} until {until} (first: {first})");
                return (line, Some(prev));
            }
            None => format!("  because it waits for {person}, who works on `{on}` until {until}"),
        },
        Driver::Item { id, kind, .. } => match find(id) {
            Some(prev) => {
                let link = driver_text(&entry.driver);
                // An instant is reached at the start or at the end of the
                // day it is shown on (docs/scheduling.md): a lag counts
                // from there.
                let at = if prev.duration == 0 {
                    let side = if prev.at_start_of_day { "start" } else { "end" };
                    format!("is reached at the {side} of {}", prev.finish)
                } else if matches!(kind, DependencyType::StartToStart | DependencyType::StartToFinish) {
                    // Its start is what holds the link.
                    format!("starts {}", prev.start)
                } else {
                    format!("finishes {}", prev.finish)
                };
                return (format!("  because it waits for {link}, which {at}"), Some(prev));
            }
            None => format!("  because it waits for `{id}`"),
        },
    };
    (last, None)
}

/// The explanation, one line per link of the chain (and a line on what is
/// assumed of each blocked feature on it).
pub fn explain(s: &Schedule, plan: &Plan, id: &str) -> Result<String> {
    let find = |id: &str| s.entries.iter().find(|e| &*e.id == id);
    let Some(mut entry) = find(id) else {
        if let Some(refused) = not_scheduled(plan, id) {
            return Err(refused);
        }
        let suggestion = crate::suggest::nearest_id(id, s.entries.iter().map(|e| &*e.id)).map(String::from);
        return Err(Error::UnknownItem {
            id: id.to_string(),
            place: "the plan",
            suggestion,
        });
    };
    let mut out = String::new();
    let mut seen = std::collections::HashSet::new();
    loop {
        out.push_str(&describe(entry));
        out.push('\n');
        let notes = [
            risks(entry, plan),
            blocked(entry, plan, s),
            paused(entry, plan, s).or_else(|| in_progress(entry, plan, s)),
        ];
        for line in notes.into_iter().flatten() {
            out.push_str(&line);
            out.push('\n');
        }
        if !seen.insert(&*entry.id) {
            break;
        }
        let (line, next) = because(entry, s);
        out.push_str(&line);
        out.push('\n');
        match next {
            Some(prev) => entry = prev,
            None => break,
        }
    }
    Ok(out)
}
