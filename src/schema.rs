//! JSON Schemas of the plan files, generated from the model types, and of
//! the contexts templates see (report, history and diff).

use schemars::generate::SchemaSettings;

use crate::model::{FeatureFile, MilestoneFile, ProjectFile, RiskFile};

/// The files and documents milepost has a JSON Schema for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// `project.toml`
    Project,
    /// `milestones/*.toml`
    Milestone,
    /// `features/*.toml`
    Feature,
    /// `risks/*.toml`
    Risk,
    /// What report templates see (`milepost report --context`).
    ReportContext,
    /// What `milepost history --format json` writes and its templates see.
    HistoryContext,
    /// What the template of `milepost diff --format markdown` sees.
    DiffContext,
    /// What `milepost forecast --format json` writes.
    Forecast,
}

/// The schema of one file kind, as pretty-printed JSON with a final newline.
/// Draft-07, which Taplo and most editors understand.
pub fn json(kind: SchemaKind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = match kind {
        SchemaKind::Project => generator.into_root_schema_for::<ProjectFile>(),
        SchemaKind::Milestone => generator.into_root_schema_for::<MilestoneFile>(),
        SchemaKind::Feature => generator.into_root_schema_for::<FeatureFile>(),
        SchemaKind::Risk => generator.into_root_schema_for::<RiskFile>(),
        SchemaKind::ReportContext => generator.into_root_schema_for::<crate::report::context::Context>(),
        SchemaKind::HistoryContext => generator.into_root_schema_for::<crate::history::History>(),
        SchemaKind::DiffContext => generator.into_root_schema_for::<crate::diff::context::Context>(),
        SchemaKind::Forecast => generator.into_root_schema_for::<crate::render::forecast::json::ForecastJson>(),
    };
    let mut value = schema.to_value();
    // The contexts are JSON, where an absent value is a real `null`.
    if !matches!(
        kind,
        SchemaKind::ReportContext | SchemaKind::HistoryContext | SchemaKind::DiffContext | SchemaKind::Forecast
    ) {
        drop_null(&mut value);
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// The file name used under `schema/`.
pub fn file_name(kind: SchemaKind) -> &'static str {
    match kind {
        SchemaKind::Project => "project.schema.json",
        SchemaKind::Milestone => "milestone.schema.json",
        SchemaKind::Feature => "feature.schema.json",
        SchemaKind::Risk => "risk.schema.json",
        SchemaKind::ReportContext => "report-context.schema.json",
        SchemaKind::HistoryContext => "history-context.schema.json",
        SchemaKind::DiffContext => "diff-context.schema.json",
        SchemaKind::Forecast => "forecast.schema.json",
    }
}

/// TOML has no null: an optional key is simply absent. schemars describes
/// `Option<T>` as "T or null"; take the null out again.
fn drop_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any)) = map.get_mut("anyOf") {
                any.retain(|s| s.get("type").is_none_or(|t| t != "null"));
                if any.len() == 1 {
                    let only = any.remove(0);
                    map.remove("anyOf");
                    if let Value::Object(inner) = only {
                        for (k, v) in inner {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            for v in map.values_mut() {
                drop_null(v);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null),
        _ => {}
    }
}
