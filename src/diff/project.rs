//! What changed in the project file between two versions of the plan: the
//! project (its start, budget, currency, roles, working week and holidays)
//! and each person (added, removed, or changed field by field: role,
//! capacity, working week, day rate, time off). They move dates as much as
//! an item does, so they are listed with the items: kind `project` (id
//! `project`, the file's name) and kind `person` (their id).
//!
//! Holidays and time off are sets of days: each one added is a field with
//! no value before, each one removed a field with no value after.

use std::collections::BTreeSet;

use super::items::{changed_fields, field};
use super::{Change, DependencyChanges, FieldChange, ItemChange};
use crate::model::{Person, ProjectFile, Weekday};
use crate::plan::Plan;
use crate::render::vocab::{date_range, number};
use crate::span::Sp;

/// The project's and its people's changes from `base` to `head`, when
/// both have a project file: the project first (when anything of its own
/// changed), then each person in the head's order, then those removed, in
/// the base's order.
pub fn project_changes(base: &Plan, head: &Plan) -> Vec<ItemChange> {
    let (Some(b), Some(a)) = (project(base), project(head)) else {
        // A plan that appears or goes (or a project file that cannot be
        // read on one side: its problems say why) is no change of its
        // people.
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut fields = changed_fields(&project_fields(b), &project_fields(a), false);
    set_changes(&mut fields, "holiday", &holidays(b), &holidays(a));
    if !fields.is_empty() {
        out.push(item(
            "project",
            "project",
            &a.project.value.name.value,
            Change::Changed,
            fields,
        ));
    }
    for p in a.people.iter().map(|p| &p.value) {
        let old = b.person(&p.id.value);
        let (change, mut fields) = match old {
            // A person added lists what they are created with, not their
            // name (the title says it).
            None => (
                Change::Added,
                person_fields(p)
                    .into_iter()
                    .filter(|f| f.after.is_some() && f.field != "name")
                    .collect(),
            ),
            Some(old) => (
                Change::Changed,
                changed_fields(&person_fields(old), &person_fields(p), false),
            ),
        };
        set_changes(
            &mut fields,
            "time off",
            &old.map(time_off).unwrap_or_default(),
            &time_off(p),
        );
        if old.is_none() || !fields.is_empty() {
            out.push(item("person", &p.id.value, &p.name.value, change, fields));
        }
    }
    for p in b.people.iter().map(|p| &p.value) {
        if a.person(&p.id.value).is_none() {
            out.push(item("person", &p.id.value, &p.name.value, Change::Removed, Vec::new()));
        }
    }
    out
}

fn project(plan: &Plan) -> Option<&ProjectFile> {
    plan.project.as_ref().map(|p| &*p.data)
}

fn item(kind: &'static str, id: &str, title: &str, change: Change, fields: Vec<FieldChange>) -> ItemChange {
    ItemChange {
        kind,
        id: id.to_string(),
        title: title.to_string(),
        change,
        renamed_from: None,
        fields,
        dependencies: DependencyChanges::default(),
    }
}

/// The project's own fields, as one side has them ([`field`]).
fn project_fields(p: &ProjectFile) -> Vec<FieldChange> {
    let info = &p.project.value;
    let budget = p.budget.as_ref().map(|b| &b.value);
    let roles = p.roles.as_ref().map(|r| &r.value);
    let role = |r: Option<&Option<Sp<String>>>| text(r.and_then(Option::as_ref));
    vec![
        field("name", Some(info.name.value.clone())),
        field("start", Some(info.start.value.to_string())),
        field("currency", text(info.currency.as_ref())),
        field("budget", budget.map(|b| number(b.total.value.0))),
        field(
            "contingency",
            budget.and_then(|b| Some(number(b.contingency.as_ref()?.value.0))),
        ),
        field("owner", role(roles.map(|r| &r.owner))),
        field("tech-lead", role(roles.map(|r| &r.tech_lead))),
        field("product", role(roles.map(|r| &r.product))),
        field(
            "workdays",
            week(p.calendar.as_ref().and_then(|c| c.value.workdays.as_ref())),
        ),
    ]
}

/// A person's fields but their time off, as one side has them.
fn person_fields(p: &Person) -> Vec<FieldChange> {
    vec![
        field("name", Some(p.name.value.clone())),
        field("role", text(p.role.as_ref())),
        // Unset is full time: `1 → 0.5`, not `(none) → 0.5`.
        field(
            "capacity",
            Some(p.capacity.as_ref().map_or_else(|| number(1.0), |c| number(c.value.0))),
        ),
        field("workdays", week(p.workdays.as_ref())),
        field("day-rate", p.day_rate.as_ref().map(|r| number(r.value.0))),
    ]
}

/// Each value of `after` not in `before` as a field added (no value
/// before), then each of `before` not in `after` as one removed, each in
/// its list's order.
fn set_changes(fields: &mut Vec<FieldChange>, name: &'static str, before: &[String], after: &[String]) {
    let (b, a): (BTreeSet<&String>, BTreeSet<&String>) = (before.iter().collect(), after.iter().collect());
    fields.extend(
        after
            .iter()
            .filter(|x| !b.contains(x))
            .map(|x| field(name, Some(x.clone()))),
    );
    fields.extend(before.iter().filter(|x| !a.contains(x)).map(|x| FieldChange {
        before: Some(x.clone()),
        ..field(name, None)
    }));
}

fn text(v: Option<&Sp<String>>) -> Option<String> {
    v.map(|s| s.value.clone())
}

/// A working week as written: `mon, tue, wed, thu`.
fn week(days: Option<&Sp<Vec<Sp<Weekday>>>>) -> Option<String> {
    days.map(|d| d.value.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(", "))
}

/// Each holiday as the diff lists it: its day or days, and its name.
fn holidays(p: &ProjectFile) -> Vec<String> {
    let days = p.calendar.as_ref().map_or(&[][..], |c| c.value.holidays.as_slice());
    days.iter()
        .map(|h| {
            let (from, to) = h.value.bounds();
            named(from, to, h.value.name())
        })
        .collect()
}

/// A person's time off as the diff lists it, as holidays are.
fn time_off(p: &Person) -> Vec<String> {
    p.time_off
        .iter()
        .map(|r| {
            named(
                r.value.from.value,
                r.value.to.value,
                r.value.name.as_ref().map(|n| n.value.as_str()),
            )
        })
        .collect()
}

/// Days off, `2026-04-13..24`, and their name: `2026-04-13..24 (Leave)`.
fn named(from: crate::model::Date, to: crate::model::Date, name: Option<&str>) -> String {
    match name {
        Some(n) => format!("{} ({n})", date_range(from, to)),
        None => date_range(from, to),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = r#"[project]
name = "T"
start = 2026-03-02

[budget]
total = 100000

[calendar]
holidays = [2026-04-03, { date = 2026-05-01, name = "Labour Day" }]

[[people]]
id = "ana"
name = "Ana"
capacity = 0.8
time-off = [{ from = 2026-04-13, to = 2026-04-24, name = "Leave" }]

[[people]]
id = "ben"
name = "Ben"
"#;

    /// The changes from the plan of `BASE` to the plan of `head`, each as
    /// `kind id change: field before → after`.
    fn changes(head: &str) -> Vec<String> {
        let (b, a) = (
            crate::test_plan(&[("project.toml", BASE)]),
            crate::test_plan(&[("project.toml", head)]),
        );
        assert!(
            b.diagnostics.is_empty() && a.diagnostics.is_empty(),
            "{:?}",
            a.diagnostics
        );
        project_changes(&b, &a)
            .iter()
            .map(|c| {
                let fields: Vec<String> = c
                    .fields
                    .iter()
                    .map(|f| format!("{}: {:?} → {:?}", f.field, f.before, f.after))
                    .collect();
                format!("{} {} {}: {}", c.kind, c.id, c.change.as_str(), fields.join("; "))
            })
            .collect()
    }

    #[test]
    fn the_same_project_file_changes_nothing() {
        assert!(changes(BASE).is_empty());
        // Layout and comments are no change.
        assert!(changes(&BASE.replace("total = 100000", "total = 100000   # euros")).is_empty());
    }

    #[test]
    fn a_person_changed_is_listed_field_by_field() {
        let head = BASE
            .replace("capacity = 0.8", "capacity = 0.4\nworkdays = [\"mon\", \"tue\"]")
            .replace(
                "name = \"Leave\" }]",
                "name = \"Leave\" }, { from = 2026-08-03, to = 2026-08-07 }]",
            );
        assert_eq!(
            changes(&head),
            [
                "person ana changed: capacity: Some(\"0.8\") → Some(\"0.4\"); workdays: None → Some(\"mon, tue\"); time off: None → Some(\"2026-08-03..07\")"
            ]
        );
        // A capacity set where there was none: from full time.
        let head = BASE.replace("capacity = 0.8\n", "");
        assert_eq!(
            changes(&head),
            ["person ana changed: capacity: Some(\"0.8\") → Some(\"1\")"]
        );
        // Time off taken back: removed, with its reason.
        let head = BASE.replace(
            "time-off = [{ from = 2026-04-13, to = 2026-04-24, name = \"Leave\" }]\n",
            "",
        );
        assert_eq!(
            changes(&head),
            ["person ana changed: time off: Some(\"2026-04-13..24 (Leave)\") → None"]
        );
    }

    #[test]
    fn people_added_and_removed_follow_the_head_then_the_base() {
        let head = BASE.replace("[[people]]\nid = \"ben\"\nname = \"Ben\"\n", "").replace(
            "[[people]]\nid = \"ana\"",
            "[[people]]\nid = \"cy\"\nname = \"Cy\"\nrole = \"QA\"\ncapacity = 0.5\n\n[[people]]\nid = \"ana\"",
        );
        assert_eq!(
            changes(&head),
            [
                "person cy added: role: None → Some(\"QA\"); capacity: None → Some(\"0.5\")",
                "person ben removed: ",
            ]
        );
    }

    #[test]
    fn the_project_s_own_fields_and_holidays() {
        let head = BASE
            .replace("start = 2026-03-02", "start = 2026-03-09")
            .replace("total = 100000", "total = 120000\ncontingency = 10000")
            .replace(
                "holidays = [2026-04-03, { date = 2026-05-01, name = \"Labour Day\" }]",
                "workdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\nholidays = [{ date = 2026-05-01, name = \"Labour Day\" }, { from = 2026-12-24, to = 2026-12-31, name = \"Winter break\" }]",
            );
        assert_eq!(
            changes(&head),
            [
                "project project changed: start: Some(\"2026-03-02\") → Some(\"2026-03-09\"); budget: Some(\"100000\") → Some(\"120000\"); contingency: None → Some(\"10000\"); workdays: None → Some(\"mon, tue, wed, thu\"); holiday: None → Some(\"2026-12-24..31 (Winter break)\"); holiday: Some(\"2026-04-03\") → None"
            ]
        );
    }

    /// A plan that appears or goes lists its items, not its people.
    #[test]
    fn no_project_file_on_a_side_is_no_change_of_people() {
        let (none, some) = (crate::test_plan(&[]), crate::test_plan(&[("project.toml", BASE)]));
        assert!(project_changes(&none, &some).is_empty());
        assert!(project_changes(&some, &none).is_empty());
    }
}
