//! `milepost explain ID`: the chain of items and constraints that sets an
//! item's dates.

use crate::args::ExplainArgs;
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::render::schedule::driver_text;
use crate::render::vocab;
use crate::schedule::{Driver, Entry, Schedule};

pub fn run(args: &ExplainArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let Some(located) = super::load_valid(&args.plan, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let as_of = super::as_of(&args.as_of);
    let schedule = crate::schedule::schedule_with(&located.plan, as_of, super::schedule_options(&args.as_of))?;
    let text = explain(&schedule, &args.id)?;
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}

fn describe(e: &Entry) -> String {
    let what = if e.duration == 0 {
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
    let float = format!(
        "total float {}{}",
        vocab::days(e.times.total_float),
        if e.critical { ", critical" } else { "" }
    );
    format!("{what}; {float}")
}

/// The explanation, one line per link of the chain.
pub fn explain(s: &Schedule, id: &str) -> Result<String> {
    let find = |id: &str| s.entries.iter().find(|e| &*e.id == id);
    let Some(mut entry) = find(id) else {
        let suggestion = crate::suggest::nearest(id, s.entries.iter().map(|e| &*e.id)).map(String::from);
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
        if !seen.insert(&*entry.id) {
            break;
        }
        let because = match &entry.driver {
            Driver::ProjectStart => format!("  because the project starts on {}", s.start),
            Driver::StatusDate => format!(
                "  because nothing unstarted is scheduled before the status date, {}",
                s.as_of
            ),
            Driver::NotBefore => format!(
                "  because its `not-before` date keeps it from starting before {}",
                entry.start
            ),
            Driver::Actual => "  because it has started: its actual dates are kept".to_string(),
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
                    out.push_str(&format!(
                        "  because it waits for {person}, who works on {on} until {until} (first: {})\n",
                        vocab::precedence(first)
                    ));
                    entry = prev;
                    continue;
                }
                None => format!("  because it waits for {person}, who works on `{on}` until {until}"),
            },
            Driver::Item { id, .. } => match find(id) {
                Some(prev) => {
                    let link = driver_text(&entry.driver);
                    let at = if matches!(link.as_str(), _ if link.contains("(SS") || link.contains("(SF")) {
                        format!("starts {}", prev.start)
                    } else {
                        format!("finishes {}", prev.finish)
                    };
                    out.push_str(&format!("  because it waits for {link}, which {at}\n"));
                    entry = prev;
                    continue;
                }
                None => format!("  because it waits for `{id}`"),
            },
        };
        out.push_str(&because);
        out.push('\n');
        break;
    }
    Ok(out)
}
