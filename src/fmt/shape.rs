//! The canonical order of every plan file's keys: the order in which
//! `docs/format.md` documents them (a test there checks that the two agree).

use crate::layout::Role;
use crate::plan::ItemKind;

/// The keys of one table, in order, and what each holds.
pub struct Shape {
    pub keys: &'static [(&'static str, Child)],
}

/// What a key holds, when it is a table or tables with keys of their own.
#[derive(Clone, Copy)]
pub enum Child {
    /// A value with no keys inside (a string, a date, an array of strings).
    Leaf,
    /// A table: `[budget]`, `value = { reach = 1 }`, an estimate's
    /// `{ low, likely, high }`.
    Table(&'static Shape),
    /// An array of tables, inline (`depends-on = [{ id = "a" }]`) or as
    /// sections (`[[people]]`); its strings (`depends-on = ["a"]`) are left
    /// as they are.
    Tables(&'static Shape),
}

impl Shape {
    /// Where `key` goes among this table's keys; `None` when the format does
    /// not define it.
    pub fn rank(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|(k, _)| *k == key)
    }

    /// What `key` holds; [`Child::Leaf`] for a key the format does not define.
    pub fn child(&self, key: &str) -> Child {
        self.keys.iter().find(|(k, _)| *k == key).map_or(Leaf, |(_, c)| *c)
    }
}

use Child::{Leaf, Table, Tables};

/// The shape of the plan file at `role`; `None` for a stray file.
pub fn of(role: &Role) -> Option<&'static Shape> {
    match role {
        Role::Project => Some(&PROJECT),
        Role::Item(ItemKind::Milestone, _) => Some(&MILESTONE),
        Role::Item(ItemKind::Feature, _) => Some(&FEATURE),
        Role::Item(ItemKind::Risk, _) => Some(&RISK),
        Role::Stray => None,
    }
}

pub static PROJECT: Shape = Shape {
    keys: &[
        ("project", Table(&PROJECT_INFO)),
        ("budget", Table(&BUDGET)),
        ("roles", Table(&ROLES)),
        ("stakeholders", Tables(&STAKEHOLDER)),
        ("calendar", Table(&CALENDAR)),
        ("people", Tables(&PERSON)),
    ],
};

pub static PROJECT_INFO: Shape = Shape {
    keys: &[
        ("name", Leaf),
        ("description", Leaf),
        ("start", Leaf),
        ("currency", Leaf),
    ],
};

pub static BUDGET: Shape = Shape {
    keys: &[("total", Leaf), ("contingency", Leaf)],
};

pub static ROLES: Shape = Shape {
    keys: &[("owner", Leaf), ("tech-lead", Leaf), ("product", Leaf)],
};

pub static STAKEHOLDER: Shape = Shape {
    keys: &[("name", Leaf), ("role", Leaf), ("interest", Leaf)],
};

pub static CALENDAR: Shape = Shape {
    keys: &[("workdays", Leaf), ("holidays", Tables(&HOLIDAY))],
};

pub static PERSON: Shape = Shape {
    keys: &[
        ("id", Leaf),
        ("name", Leaf),
        ("role", Leaf),
        ("capacity", Leaf),
        ("workdays", Leaf),
        ("day-rate", Leaf),
        ("time-off", Tables(&TIME_OFF)),
    ],
};

pub static HOLIDAY: Shape = Shape {
    keys: &[("date", Leaf), ("from", Leaf), ("to", Leaf), ("name", Leaf)],
};

pub static TIME_OFF: Shape = Shape {
    keys: &[("from", Leaf), ("to", Leaf), ("name", Leaf)],
};

pub static MILESTONE: Shape = Shape {
    keys: &[
        ("title", Leaf),
        ("description", Leaf),
        ("deadline", Leaf),
        ("depends-on", Tables(&DEPENDENCY)),
        ("owner", Leaf),
    ],
};

pub static FEATURE: Shape = Shape {
    keys: &[
        ("title", Leaf),
        ("description", Leaf),
        ("milestone", Leaf),
        ("owner", Leaf),
        ("status", Leaf),
        ("kind", Leaf),
        ("priority", Leaf),
        ("rank", Leaf),
        ("estimate", Table(&ESTIMATE)),
        ("remaining", Leaf),
        ("depends-on", Tables(&DEPENDENCY)),
        ("not-before", Leaf),
        ("started", Leaf),
        ("finished", Leaf),
        ("value", Table(&VALUE)),
        ("tags", Leaf),
        ("links", Leaf),
    ],
};

pub static ESTIMATE: Shape = Shape {
    keys: &[("low", Leaf), ("likely", Leaf), ("high", Leaf)],
};

pub static VALUE: Shape = Shape {
    keys: &[("reach", Leaf), ("impact", Leaf), ("confidence", Leaf)],
};

pub static DEPENDENCY: Shape = Shape {
    keys: &[("id", Leaf), ("type", Leaf), ("lag", Leaf)],
};

pub static RISK: Shape = Shape {
    keys: &[
        ("title", Leaf),
        ("description", Leaf),
        ("probability", Leaf),
        ("impact", Table(&IMPACT)),
        ("owner", Leaf),
        ("status", Leaf),
        ("mitigation", Leaf),
        ("affects", Leaf),
        ("review-by", Leaf),
    ],
};

pub static IMPACT: Shape = Shape {
    keys: &[("days", Leaf), ("cost", Leaf)],
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of the `n`th table (from 0) of `docs/format.md` after
    /// `heading`: the rows that start with a key in backquotes.
    fn documented_nth(heading: &str, n: usize) -> Vec<String> {
        let doc = include_str!("../../docs/format.md");
        let Some(at) = doc.find(heading) else {
            panic!("the format reference has no heading {heading:?}");
        };
        let table = doc[at..].split("\n\n").filter(|b| b.starts_with("| Key")).nth(n);
        table
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .map(|r| r.split('`').next().unwrap_or_default().to_string())
            .collect()
    }

    fn documented(heading: &str) -> Vec<String> {
        documented_nth(heading, 0)
    }

    fn keys(shape: &Shape) -> Vec<String> {
        shape.keys.iter().map(|(k, _)| k.to_string()).collect()
    }

    #[test]
    fn every_order_is_the_order_docs_format_md_documents() {
        let cases: [(&str, &Shape); 14] = [
            ("## project.toml", &PROJECT),
            ("### `[project]`", &PROJECT_INFO),
            ("### `[budget]`", &BUDGET),
            ("### `[roles]`", &ROLES),
            ("### `[[stakeholders]]`", &STAKEHOLDER),
            ("### `[calendar]`", &CALENDAR),
            ("### `[[people]]`", &PERSON),
            ("## Milestones", &MILESTONE),
            ("## Features", &FEATURE),
            ("RICE: score", &VALUE),
            ("## Risks", &RISK),
            ("### Estimates", &ESTIMATE),
            ("### Dependencies", &DEPENDENCY),
            ("### Holidays", &HOLIDAY),
        ];
        for (heading, shape) in cases {
            assert_eq!(keys(shape), documented(heading), "under {heading:?}");
        }
        // A risk's `impact` is the second table under its heading; a
        // time-off range is a holiday range without `date`.
        assert_eq!(keys(&IMPACT), documented_nth("## Risks", 1));
        assert_eq!(keys(&TIME_OFF), ["from", "to", "name"]);
    }
}
