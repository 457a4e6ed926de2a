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

use super::{Change, DependencyChanges, FieldChange, ItemChange};
use crate::model::project::Roles;
use crate::model::{Holiday, Person, ProjectFile};
use crate::plan::Plan;
use crate::render::vocab::{date_range, number};
use crate::span::Sp;

/// The project's and its people's changes from `base` to `head`, when
/// both have a project file: the project first (when anything of its own
/// changed), then each person in the head's order, then those removed, in
/// the base's order.
pub fn project_changes(base: &Plan, head: &Plan) -> Vec<ItemChange> {
    let (Some(b), Some(a)) = (project_of(base), project_of(head)) else {
        // A plan that appears or goes (or a project file that cannot be
        // read on one side: its problems say why) is no change of its
        // people.
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(c) = project_change(b, a) {
        out.push(c);
    }
    let (before, after) = (b.people.as_slice(), a.people.as_slice());
    for p in after {
        let p = &p.value;
        let change = match find(before, &p.id.value) {
            None => Some(person_change(Change::Added, p, person_fields(None, p))),
            Some(old) => {
                let fields = person_fields(Some(old), p);
                (!fields.is_empty()).then(|| person_change(Change::Changed, p, fields))
            }
        };
        out.extend(change);
    }
    for p in before {
        let p = &p.value;
        if find(after, &p.id.value).is_none() {
            out.push(person_change(Change::Removed, p, Vec::new()));
        }
    }
    out
}

/// The person `id` of `list`.
fn find<'p>(list: &'p [Sp<Person>], id: &str) -> Option<&'p Person> {
    list.iter().find(|p| p.value.id.value == id).map(|p| &p.value)
}

fn project_of(plan: &Plan) -> Option<&ProjectFile> {
    plan.project.as_ref().map(|p| &*p.data)
}

/// The project's own fields that differ; `None` when none does.
fn project_change(b: &ProjectFile, a: &ProjectFile) -> Option<ItemChange> {
    let mut fields = Vec::new();
    for (name, x, y) in [
        (
            "name",
            Some(b.project.value.name.value.clone()),
            Some(a.project.value.name.value.clone()),
        ),
        (
            "start",
            Some(b.project.value.start.value.to_string()),
            Some(a.project.value.start.value.to_string()),
        ),
        (
            "currency",
            text(&b.project.value.currency),
            text(&a.project.value.currency),
        ),
        ("budget", budget(b, false), budget(a, false)),
        ("contingency", budget(b, true), budget(a, true)),
        ("owner", role(b, |r| &r.owner), role(a, |r| &r.owner)),
        ("tech-lead", role(b, |r| &r.tech_lead), role(a, |r| &r.tech_lead)),
        ("product", role(b, |r| &r.product), role(a, |r| &r.product)),
        ("workdays", calendar_week(b), calendar_week(a)),
    ] {
        push_if_changed(&mut fields, name, x, y);
    }
    let holidays = |p: &ProjectFile| -> Vec<String> {
        p.calendar
            .as_ref()
            .map(|c| c.value.holidays.iter().map(|h| holiday(&h.value)).collect())
            .unwrap_or_default()
    };
    set_changes(&mut fields, "holiday", &holidays(b), &holidays(a));
    (!fields.is_empty()).then(|| ItemChange {
        kind: "project",
        id: "project".into(),
        title: a.project.value.name.value.clone(),
        change: Change::Changed,
        renamed_from: None,
        fields,
        dependencies: DependencyChanges::default(),
    })
}

fn person_change(change: Change, p: &Person, fields: Vec<FieldChange>) -> ItemChange {
    ItemChange {
        kind: "person",
        id: p.id.value.clone(),
        title: p.name.value.clone(),
        change,
        renamed_from: None,
        fields,
        dependencies: DependencyChanges::default(),
    }
}

/// A person's fields that differ from `before` (every one set, for a
/// person added: `before` is `None`).
fn person_fields(before: Option<&Person>, p: &Person) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let capacity = |p: &Person| p.capacity.as_ref().map(|c| number(c.value.0));
    let day_rate = |p: &Person| p.day_rate.as_ref().map(|r| number(r.value.0));
    let b = |f: &dyn Fn(&Person) -> Option<String>| before.and_then(f);
    for (name, x, y) in [
        ("name", b(&|p| Some(p.name.value.clone())), Some(p.name.value.clone())),
        ("role", b(&|p| text(&p.role)), text(&p.role)),
        ("capacity", b(&capacity), capacity(p)),
        ("workdays", b(&|p| week(&p.workdays)), week(&p.workdays)),
        ("day-rate", b(&day_rate), day_rate(p)),
    ] {
        // A person added lists what they are created with, not their name
        // (the title says it).
        if before.is_none() && name == "name" {
            continue;
        }
        push_if_changed(&mut fields, name, x, y);
    }
    let time_off = |p: &Person| -> Vec<String> {
        p.time_off
            .iter()
            .map(|r| named(date_range(r.value.from.value, r.value.to.value), &r.value.name))
            .collect()
    };
    set_changes(
        &mut fields,
        "time off",
        &before.map(time_off).unwrap_or_default(),
        &time_off(p),
    );
    fields
}

fn push_if_changed(fields: &mut Vec<FieldChange>, name: &'static str, before: Option<String>, after: Option<String>) {
    if before != after {
        fields.push(FieldChange {
            field: name,
            before,
            after,
            before_days: None,
            after_days: None,
        });
    }
}

/// Each value of `after` not in `before` as a field added (no value
/// before), then each of `before` not in `after` as one removed, each in
/// its list's order.
fn set_changes(fields: &mut Vec<FieldChange>, name: &'static str, before: &[String], after: &[String]) {
    let (b, a): (BTreeSet<&String>, BTreeSet<&String>) = (before.iter().collect(), after.iter().collect());
    for x in after.iter().filter(|x| !b.contains(x)) {
        push_if_changed(fields, name, None, Some(x.clone()));
    }
    for x in before.iter().filter(|x| !a.contains(x)) {
        push_if_changed(fields, name, Some(x.clone()), None);
    }
}

fn text(v: &Option<Sp<String>>) -> Option<String> {
    v.as_ref().map(|s| s.value.clone())
}

fn budget(p: &ProjectFile, contingency: bool) -> Option<String> {
    let b = &p.budget.as_ref()?.value;
    let amount = if contingency {
        b.contingency.as_ref()?.value.0
    } else {
        b.total.value.0
    };
    Some(number(amount))
}

fn role(p: &ProjectFile, which: impl Fn(&Roles) -> &Option<Sp<String>>) -> Option<String> {
    text(which(&p.roles.as_ref()?.value))
}

fn calendar_week(p: &ProjectFile) -> Option<String> {
    week(&p.calendar.as_ref()?.value.workdays)
}

/// A working week as written: `mon, tue, wed, thu`.
fn week(days: &Option<Sp<Vec<Sp<crate::model::Weekday>>>>) -> Option<String> {
    days.as_ref()
        .map(|d| d.value.iter().map(|w| w.value.as_str()).collect::<Vec<_>>().join(", "))
}

/// A holiday as the diff lists it: its day or days, and its name.
fn holiday(h: &Holiday) -> String {
    let (from, to) = h.bounds();
    let name = h.name().map(|n| format!(" ({n})")).unwrap_or_default();
    format!("{}{name}", date_range(from, to))
}

fn named(days: String, name: &Option<Sp<String>>) -> String {
    match name {
        Some(n) => format!("{days} ({})", n.value),
        None => days,
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
