//! The report's [`Context`] as a template value whose fields are made
//! template values the first time a template reads them, and kept.
//!
//! Making the whole context a template value at once copies every field
//! into the engine's own values, the 50,000 features of a large plan
//! included, whether the template reads them or not (the status report
//! does not read `features`). A template sees the same names and values
//! either way.

use std::sync::{Arc, OnceLock};

use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};

use super::context::Context;

/// Lists the fields of [`Context`] once: their names, in declaration
/// order (as the context serializes), and how each is made a value.
macro_rules! fields {
    ($($field:ident),* $(,)?) => {
        /// Every field of the context, by name, in declaration order.
        pub const FIELDS: &[&str] = &[$(stringify!($field)),*];

        /// How each field of [`FIELDS`] is made a template value.
        const MAKE: &[fn(&Context) -> Value] = &[$(|c| Value::from(Serde(&c.$field))),*];
    };
}

fields!(
    version,
    report,
    audience,
    project,
    health,
    health_reasons,
    progress,
    milestones,
    features,
    cut,
    critical_path,
    critical_paths,
    blocked,
    late,
    unassigned,
    risks,
    people,
    budget,
    gantt,
    baseline,
    changes,
);

/// The context, and each field once a template has read it.
#[derive(Debug)]
pub struct LazyContext {
    context: Context,
    made: Vec<OnceLock<Value>>,
}

impl LazyContext {
    /// `context` as a template value.
    pub fn value(context: Context) -> Value {
        Value::from_object(LazyContext {
            context,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Source;

    /// The report context of the example plan, as of a day in its middle.
    fn atlas() -> Context {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas/plan");
        let source = Source::Dir {
            path: dir,
            display: "plan".into(),
        };
        let Ok(loaded) = crate::load::load(&source, &mut crate::load::Cache::default()) else {
            panic!("the example does not load");
        };
        let mut plan = loaded.plan;
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
    /// the order the context serializes, and each gives the same value.
    #[test]
    fn the_lazy_context_has_every_field_and_the_same_values() {
        let eager = Value::from(Serde(atlas()));
        let lazy = LazyContext::value(atlas());
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
    }
}
