//! The report's [`Context`] as a template value whose fields are made
//! template values the first time a template reads them, and kept; and
//! whose lists of features, milestones, risks, people and steps are lists
//! of items whose fields are made values when read.
//!
//! Making the whole context a template value at once copies every field
//! into the engine's own values, the 50,000 features of a large plan
//! included, whether the template reads them or not (the status report
//! does not read `features`, and reads 5 of the 26 fields of each late
//! feature). A template sees the same names and values either way: an
//! item is a map of its fields, in the order the context serializes them.

mod pick;

use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use serde::Serialize;

use super::context::{self, Context};

/// Lists the fields of [`Context`] once: their names, in declaration
/// order (as the context serializes), and how each is made a value:
/// `value` at once, `rows` as a list of [`Row`]s.
macro_rules! fields {
    ($($field:ident: $how:ident),* $(,)?) => {
        /// Every field of the context, by name, in declaration order.
        pub const FIELDS: &[&str] = &[$(stringify!($field)),*];

        /// How each field of [`FIELDS`] is made a template value.
        const MAKE: &[fn(&Arc<Context>) -> Value] = &[$(fields!(@make $field $how)),*];
    };
    (@make $field:ident value) => {
        |c: &Arc<Context>| Value::from(Serde(&c.$field))
    };
    (@make $field:ident rows) => {
        |c: &Arc<Context>| Rows::value(c, |c: &Context| &c.$field)
    };
}

fields!(
    version: value,
    report: value,
    audience: value,
    project: value,
    health: value,
    health_reasons: value,
    progress: value,
    milestones: rows,
    features: rows,
    cut: rows,
    critical_path: rows,
    critical_paths: value,
    blocked: rows,
    late: rows,
    unassigned: rows,
    risks: rows,
    monte_carlo: value,
    people: rows,
    months: value,
    budget: value,
    gantt: value,
    baseline: value,
    changes: value,
);

/// The context, and each field once a template has read it.
#[derive(Debug)]
pub struct LazyContext {
    context: Arc<Context>,
    made: Vec<OnceLock<Value>>,
}

impl LazyContext {
    /// `context` as a template value.
    pub fn value(context: Context) -> Value {
        Value::from_object(LazyContext {
            context: Arc::new(context),
            made: FIELDS.iter().map(|_| OnceLock::new()).collect(),
        })
    }
}

impl Object for LazyContext {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        let i = FIELDS.iter().position(|f| *f == key)?;
        let made = self.made.get(i)?;
        if let Some(v) = made.get() {
            return Some(v.clone());
        }
        let v = MAKE.get(i)?(&self.context);
        Some(made.get_or_init(|| v).clone())
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Str(FIELDS)
    }
}

/// Where a list of the context is: the list, found from the context.
type Locate<T> = Box<dyn for<'c> Fn(&'c Context) -> &'c [T] + Send + Sync>;

/// A list of the context (the one `list` finds) as a template sequence of
/// [`Row`]s.
struct Rows<T: 'static> {
    context: Arc<Context>,
    list: Locate<T>,
}

impl<T: Item> Rows<T> {
    fn value(context: &Arc<Context>, list: fn(&Context) -> &[T]) -> Value {
        Value::from_object(Rows {
            context: context.clone(),
            list: Box::new(list),
        })
    }

    fn slice(&self) -> &[T] {
        (self.list)(&self.context)
    }
}

impl<T> std::fmt::Debug for Rows<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rows")
            .field("len", &(self.list)(&self.context).len())
            .finish()
    }
}

impl<T: Item> Object for Rows<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Seq
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let i = key.as_usize()?;
        self.slice().get(i)?;
        Some(Value::from_object(Row { rows: self.clone(), i }))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Seq(self.slice().len())
    }
}

/// Item `i` of a list of the context, as a map of its fields, each made a
/// template value when read.
struct Row<T: 'static> {
    rows: Arc<Rows<T>>,
    i: usize,
}

impl<T: Item> Row<T> {
    fn item(&self) -> Option<&T> {
        self.rows.slice().get(self.i)
    }

    /// The list `field` of this row's item, as [`Rows`] of its own: a
    /// person's months are made values one by one too, when read.
    fn list<U: Item>(self: &Arc<Self>, field: fn(&T) -> &[U]) -> Value {
        let row = self.clone();
        Value::from_object(Rows {
            context: self.rows.context.clone(),
            list: Box::new(move |c: &Context| (row.rows.list)(c).get(row.i).map_or(&[], field)),
        })
    }
}

impl<T> std::fmt::Debug for Row<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row").field("i", &self.i).finish()
    }
}

impl<T: Item> Object for Row<T> {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.get_value_by_str(key.as_str()?)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        T::list(self, key).or_else(|| self.item()?.field(key))
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let names = self.item().map(pick::names).unwrap_or_default();
        Enumerator::Values(names.into_iter().map(Value::from).collect())
    }
}

/// An item of a list of the context: a struct whose fields a [`Row`]
/// makes values when read, and whose lists of structs (`list`) are
/// [`Rows`] of their own.
trait Item: Serialize + Send + Sync + Sized + 'static {
    /// Field `key` of `row`, when it is a list of structs.
    fn list(row: &Arc<Row<Self>>, key: &str) -> Option<Value> {
        let _ = (row, key);
        None
    }

    /// Field `key` of this item as a value; `None` when it has none. Picked
    /// from its serialization ([`pick::field`]) unless the type names its
    /// fields itself ([`fields_by_name`]).
    fn field(&self, key: &str) -> Option<Value> {
        pick::field(self, key)
    }
}

/// An [`Item`] that reads its fields by name, each made a value as it
/// serializes: the items a large report's templates read in their longest
/// loops (every person's windows and months), where picking a field from
/// the serialization walks the fields before it. Every field is listed: a
/// test compares them with the serialization's.
macro_rules! fields_by_name {
    ($ty:ty: $($field:ident),* $(,)?) => {
        impl Item for $ty {
            fn field(&self, key: &str) -> Option<Value> {
                match key {
                    $(stringify!($field) => Some(Value::from(Serde(&self.$field))),)*
                    _ => None,
                }
            }
        }
    };
}

fields_by_name!(context::Window: milestone, title, from, to, available_days, assigned_days, load, over);
fields_by_name!(context::MonthLoad: index, month, available_days, busy_days, assigned_days, load, over);

impl Item for context::Milestone {}
impl Item for context::Feature {}
impl Item for Arc<context::Feature> {}
impl Item for context::Step {}
impl Item for context::Affected {}
impl Item for context::Gap {}
impl Item for context::Queued {}

impl Item for context::Risk {
    fn list(row: &Arc<Row<Self>>, key: &str) -> Option<Value> {
        (key == "affects").then(|| row.list(|r: &Self| &r.affects))
    }
}

impl Item for context::Person {
    fn list(row: &Arc<Row<Self>>, key: &str) -> Option<Value> {
        Some(match key {
            "windows" => row.list(|p: &Self| &p.windows),
            "months" => row.list(|p: &Self| &p.months),
            "gaps" => row.list(|p: &Self| &p.gaps),
            "queue" => row.list(|p: &Self| &p.queue),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report context of the example plan, as of a day in its middle.
    fn atlas() -> Context {
        let mut plan = crate::load::example("atlas/plan");
        crate::validate::validate(&mut plan);
        let Ok(as_of) = crate::model::Date::parse("2026-06-15") else {
            panic!("a date");
        };
        let Ok(schedule) = crate::schedule::schedule(&plan, as_of) else {
            panic!("the example is not scheduled");
        };
        let Some(project) = plan.project.as_ref() else {
            panic!("no project file");
        };
        let options = crate::report::build::Options {
            report: "status".into(),
            audience: "engineering".into(),
            plan_display: "plan".into(),
            revision: None,
            gantt_budget: crate::report::gantt::DEFAULT_BUDGET,
            gantt_by_person: false,
            baseline: None,
            changes: None,
        };
        crate::report::build::build(&plan, &project.data, &schedule, &options)
    }

    /// A template sees the same names and values whether the context is
    /// made a value at once or field by field: every field is listed, in
    /// the order the context serializes, and each gives the same value
    /// (compared as values, and written out as JSON: items' fields in the
    /// same order, the same numbers and text).
    #[test]
    fn the_lazy_context_has_every_field_and_the_same_values() {
        let eager = Value::from(Serde(atlas()));
        let lazy = LazyContext::value(atlas());
        let json = |v: &Value| serde_json::to_string(v).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json(&lazy), json(&eager));
        assert!(
            json(&lazy)
                .starts_with(r#"{"version":1,"report":"status","audience":"engineering","project":{"name":"Atlas""#)
        );
        let Ok(keys) = eager.try_iter() else {
            panic!("the context is not a map");
        };
        let keys: Vec<String> = keys.map(|k| k.to_string()).collect();
        assert_eq!(keys, FIELDS);
        for name in FIELDS {
            let (Ok(a), Ok(b)) = (eager.get_attr(name), lazy.get_attr(name)) else {
                panic!("`{name}` cannot be read");
            };
            assert!(!a.is_undefined(), "`{name}`");
            assert_eq!(a, b, "`{name}`");
            // Read again: the value kept.
            assert_eq!(lazy.get_attr(name).ok(), Some(b), "`{name}` again");
        }
        assert!(lazy.get_attr("featuress").is_ok_and(|v| v.is_undefined()));
        // The comparison can fail: two lists of features differ.
        let (Ok(features), Ok(blocked)) = (lazy.get_attr("features"), eager.get_attr("blocked")) else {
            panic!("no features");
        };
        assert_ne!(features, blocked);
        let (Ok(first), Ok(id)) = (features.get_item(&Value::from(0)), eager.get_attr("features")) else {
            panic!("no first feature");
        };
        assert_eq!(
            first.get_attr("id").ok(),
            id.get_item(&Value::from(0)).and_then(|f| f.get_attr("id")).ok()
        );
        assert!(first.get_attr("nope").is_ok_and(|v| v.is_undefined()));
    }

    /// The items that read their fields by name give every field their
    /// serialization has, the same values, and nothing else: windows and
    /// months of the example's people, and ones made to have every kind
    /// of value (none, over).
    #[test]
    fn fields_read_by_name_are_the_serialized_fields() {
        fn same<T: Item>(item: &T) -> usize {
            let names = pick::names(item);
            assert!(!names.is_empty());
            for name in &names {
                assert_eq!(item.field(name), pick::field(item, name), "{name}");
                assert!(item.field(name).is_some(), "{name}");
            }
            assert_eq!(item.field("nope"), None);
            names.len()
        }
        let context = atlas();
        let mut seen = 0;
        for p in &context.people {
            seen += p.windows.iter().map(same).sum::<usize>();
            seen += p.months.iter().map(same).sum::<usize>();
        }
        assert!(seen > 0, "the example's people have no windows or months");
        let Ok(day) = crate::model::Date::parse("2026-06-15") else {
            panic!("a date");
        };
        same(&context::Window {
            milestone: None,
            title: "No milestone".into(),
            from: day,
            to: day,
            available_days: 0.0,
            assigned_days: 2.5,
            load: None,
            over: true,
        });
        same(&context::MonthLoad {
            index: 3,
            month: "2026-06".into(),
            available_days: 1.5,
            busy_days: 4,
            assigned_days: 4.0,
            load: Some(2.0 / 3.0),
            over: true,
        });
    }

    /// A person's lists (windows, months, gaps, queue) and a risk's
    /// `affects` are lists of rows of their own, read lazily: the same
    /// items, fields and values as the eager context's, and a list that
    /// is not the same compares unequal.
    #[test]
    fn nested_lists_are_rows_with_the_same_values() {
        let eager = Value::from(Serde(atlas()));
        let lazy = LazyContext::value(atlas());
        let path = |v: &Value, keys: &[&str]| -> Value {
            keys.iter().fold(v.clone(), |v, k| match k.parse::<usize>() {
                Ok(i) => v.get_item(&Value::from(i)).unwrap_or_else(|e| panic!("{k}: {e}")),
                Err(_) => v.get_attr(k).unwrap_or_else(|e| panic!("{k}: {e}")),
            })
        };
        let people = path(&eager, &["people"]).len().unwrap_or(0);
        let mut read = 0;
        for p in 0..people {
            let p = p.to_string();
            for list in ["windows", "months", "gaps", "queue"] {
                let (a, b) = (path(&eager, &["people", &p, list]), path(&lazy, &["people", &p, list]));
                assert!(b.as_object().is_some(), "{list} of person {p} is not made lazily");
                assert_eq!(a, b, "{list} of person {p}");
                assert_eq!(a.len(), b.len());
                read += b.len().unwrap_or(0);
                if let Some(n) = b.len().filter(|&n| n > 0) {
                    let last = (n - 1).to_string();
                    assert_eq!(
                        path(&eager, &["people", &p, list, &last]),
                        path(&lazy, &["people", &p, list, &last])
                    );
                }
            }
        }
        assert!(read > 0, "the example's people have no months, windows or queue");
        // Two different lists of one person are not equal.
        assert_ne!(
            path(&lazy, &["people", "0", "months"]),
            path(&lazy, &["people", "0", "queue"])
        );
        let risks = path(&eager, &["risks"]).len().unwrap_or(0);
        for r in 0..risks {
            let r = r.to_string();
            let (a, b) = (
                path(&eager, &["risks", &r, "affects"]),
                path(&lazy, &["risks", &r, "affects"]),
            );
            assert!(b.as_object().is_some());
            assert_eq!(a, b, "affects of risk {r}");
        }
    }
}
