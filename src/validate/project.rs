//! Rules for `project.toml`.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use super::Index;
use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::model::project::{Budget, DateRange, Person, Weekday};
use crate::plan::Plan;
use crate::span::Sp;

/// The rules for the plan's `project.toml`, if it has one: its currency,
/// budget, people, roles and calendar, in that order.
pub(super) fn check(plan: &Plan, index: &Index<'_>, out: &mut Vec<Diagnostic>) {
    let Some(item) = plan.project_file() else { return };
    let file = item.file;
    let p = &item.data;

    if let Some(currency) = &p.project.currency {
        currency_code(file, currency, out);
    }
    if let Some(budget) = &p.budget {
        contingency(file, budget, out);
    }
    // A calendar week that could not be read is not compared with anyone's.
    let week = crate::schedule::calendar::workdays(p);
    let week = (!p.calendar.as_ref().is_some_and(|c| c.week_unread)).then_some(week);
    people(file, &p.people, week, out);
    if let Some(roles) = &p.roles {
        for (field, who) in [
            ("owner", &roles.owner),
            ("tech-lead", &roles.tech_lead),
            ("product", &roles.product),
        ] {
            if let Some(who) = who {
                index.person(file, who, field, out);
            }
        }
    }
    if let Some(cal) = &p.calendar {
        if let Some(days) = &cal.workdays {
            workdays(file, days, "the calendar", out);
        }
        for h in &cal.holidays {
            if let crate::model::Holiday::Range(r) = &h.value {
                range_order(file, r, out);
            }
        }
    }
}

/// A currency is an ISO 4217 code: three capital letters.
fn currency_code(file: FileId, currency: &Sp<String>, out: &mut Vec<Diagnostic>) {
    let c = currency.value.as_str();
    if c.len() != 3 || !c.chars().all(|ch| ch.is_ascii_uppercase()) {
        out.push(
            Diagnostic::new(Code::InvalidValue, format!("`{c}` is not a currency code"))
                .at(file, currency.span, "expected three capital letters")
                .help(format!(
                    "use an ISO 4217 code such as `EUR`, `USD` or `GBP` (`{}`?)",
                    c.to_ascii_uppercase()
                )),
        );
    }
}

/// The budget's contingency is no more than its total.
fn contingency(file: FileId, budget: &Budget, out: &mut Vec<Diagnostic>) {
    if let Some(c) = &budget.contingency
        && c.value.0 > budget.total.value.0
    {
        out.push(
            Diagnostic::new(
                Code::OutOfRange,
                format!(
                    "the contingency ({}) is more than the total budget ({})",
                    c.value.0, budget.total.value.0
                ),
            )
            .at(file, c.span, "more than the total")
            .also(file, budget.total.span, "total budget")
            .help("the contingency is the part of the total held back for risks"),
        );
    }
}

/// Each person's id is distinct, each of their time-off ranges in order,
/// their week has working days, one of them the project's (`project_week`,
/// Monday first), and their capacity is more than 0; person by person.
fn people(file: FileId, people: &[Sp<Person>], project_week: Option<[bool; 7]>, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<&str, &Sp<String>> = BTreeMap::new();
    for person in people {
        match seen.entry(person.id.value.as_str()) {
            Entry::Occupied(first) => out.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("two people have the id `{}`", person.id.value),
                )
                .at(file, person.id.span, "declared again here")
                .also(file, first.get().span, "first declared here")
                .help("give each person a distinct `id`"),
            ),
            Entry::Vacant(v) => {
                v.insert(&person.id);
            }
        }
        for off in &person.time_off {
            range_order(file, off, out);
        }
        if let Some(days) = &person.workdays {
            workdays(file, days, &format!("`{}`'s week", person.id.value), out);
            // Leveling would wait for a day they never work.
            if let Some(project_week) = project_week
                && !days.value.is_empty()
                && !days.value.iter().any(|d| project_week[d.value as usize])
            {
                out.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        format!("`{}` works none of the project's working days", person.id.value),
                    )
                    .at(file, days.span, "no day in common with `[calendar] workdays`")
                    .help(
                        "list at least one of the project's working days, or add their days to `[calendar] workdays`",
                    ),
                );
            }
        }
        if let Some(c) = &person.capacity
            && c.value.0 <= 0.0
        {
            out.push(
                Diagnostic::new(
                    Code::OutOfRange,
                    format!("`{}` has no capacity: nobody can do their work", person.id.value),
                )
                .at(file, c.span, "must be more than 0")
                .help(
                    "give the share of their time the project has (e.g. `capacity = 0.2`), or take them off the plan",
                ),
            );
        }
    }
}

/// A week's working days (`whose`: the calendar's, a person's) are at
/// least one, and each listed once.
fn workdays(file: FileId, days: &Sp<Vec<Sp<Weekday>>>, whose: &str, out: &mut Vec<Diagnostic>) {
    if days.value.is_empty() {
        out.push(
            Diagnostic::new(Code::OutOfRange, format!("{whose} has no working days"))
                .at(file, days.span, "empty")
                .help("list at least one day, e.g. `workdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]`"),
        );
    }
    let mut seen = BTreeMap::new();
    for d in &days.value {
        match seen.entry(d.value) {
            Entry::Occupied(first) => out.push(
                Diagnostic::new(Code::InvalidValue, format!("`{}` is listed twice", d.value))
                    .at(file, d.span, "listed again")
                    .also(file, *first.get(), "first listed here")
                    .help("list each working day once"),
            ),
            Entry::Vacant(v) => {
                v.insert(d.span);
            }
        }
    }
}

/// A date range ends on or after the day it starts.
fn range_order(file: FileId, r: &DateRange, out: &mut Vec<Diagnostic>) {
    if r.from.value > r.to.value {
        out.push(
            Diagnostic::new(
                Code::ReversedRange,
                format!("the range ends ({}) before it starts ({})", r.to.value, r.from.value),
            )
            .at(file, r.to.span, "`to` is before `from`")
            .also(file, r.from.span, "`from`")
            .help("swap `from` and `to`; both days are included"),
        );
    }
}
