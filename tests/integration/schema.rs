//! The JSON Schemas under `schema/` are generated from the model types: they
//! must match what `milepost schema` prints, and describe exactly the keys the
//! decoder accepts.

use milepost::schema::SchemaKind;

use crate::support::{milepost, root, run};

const KINDS: [(SchemaKind, &str); 8] = [
    (SchemaKind::Project, "project"),
    (SchemaKind::Milestone, "milestone"),
    (SchemaKind::Feature, "feature"),
    (SchemaKind::Risk, "risk"),
    (SchemaKind::ReportContext, "report-context"),
    (SchemaKind::HistoryContext, "history-context"),
    (SchemaKind::DiffContext, "diff-context"),
    (SchemaKind::Forecast, "forecast"),
];

#[test]
fn checked_in_schemas_are_up_to_date() {
    let bless = std::env::var_os("MILEPOST_BLESS").is_some();
    for (kind, name) in KINDS {
        let path = root().join("schema").join(milepost::schema::file_name(kind));
        let generated = milepost::schema::json(kind);
        if bless {
            std::fs::write(&path, &generated).unwrap();
        }
        let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            on_disk == generated,
            "{} is out of date: run `MILEPOST_BLESS=1 cargo test schema` and commit the result",
            path.display()
        );
        let printed = run(milepost().args(["schema", name]));
        assert_eq!(printed.code, 0);
        assert_eq!(printed.stdout, generated);
    }
}

/// The keys the decoder accepts at the top level of a file, read from the
/// hint it gives for an unknown key ("a feature accepts `title`, ... or `links`").
fn decoder_keys(rel: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(dir.path(), &[(rel, "zzz-not-a-key = 1\n")]);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    let d = plan
        .diagnostics
        .iter()
        .find(|d| d.code.id() == "E0101")
        .expect("unknown key reported");
    let help = d.help.as_deref().unwrap();
    let list = help.split_once(" accepts ").unwrap().1;
    let mut keys: Vec<String> = list
        .split(['`'])
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, k)| k.to_string())
        .collect();
    keys.sort();
    keys
}

#[test]
fn schemas_describe_exactly_the_keys_the_decoder_accepts() {
    for (kind, rel) in [
        (SchemaKind::Project, "project.toml"),
        (SchemaKind::Milestone, "milestones/m.toml"),
        (SchemaKind::Feature, "features/f.toml"),
        (SchemaKind::Risk, "risks/r.toml"),
    ] {
        let schema: serde_json::Value = serde_json::from_str(&milepost::schema::json(kind)).unwrap();
        let mut props: Vec<String> = schema["properties"].as_object().unwrap().keys().cloned().collect();
        props.sort();
        assert_eq!(props, decoder_keys(rel), "{rel}");
        assert_eq!(schema["additionalProperties"], serde_json::Value::Bool(false));
    }
}

#[test]
fn every_example_file_is_mapped_to_a_schema_in_the_taplo_config() {
    let config = std::fs::read_to_string(root().join("examples/atlas/.taplo.toml")).unwrap();
    for name in ["project", "milestone", "feature", "risk"] {
        assert!(
            config.contains(&format!("schema/{name}.schema.json")),
            "{name} missing from .taplo.toml"
        );
    }
}

/// The report context milepost really produces (for the example, at two
/// status dates) fits its schema: every key is declared, every required key
/// is there, and every value has a declared type.
#[test]
fn report_context_matches_its_schema() {
    let schema: serde_json::Value = serde_json::from_str(&milepost::schema::json(SchemaKind::ReportContext)).unwrap();
    for as_of in ["2026-01-05", "2026-06-15", "2027-03-01"] {
        let out = run(milepost().args(["report", "--context", "--plan", "examples/atlas/plan", "--as-of", as_of]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let context: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        conforms(&schema, &schema, &context, "$");
        // The check itself can fail: an undeclared key, a wrong type.
        for broken in [
            |c: &mut serde_json::Value| c["milestones"][0]["bogus"] = 1.into(),
            |c: &mut serde_json::Value| c["budget"]["planned"] = "a lot".into(),
        ] {
            let mut c = context.clone();
            broken(&mut c);
            let caught = std::panic::catch_unwind(|| conforms(&schema, &schema, &c, "$"));
            assert!(caught.is_err(), "the validator accepted a broken context");
        }
    }
}

/// The diff context fits its schema, with its optional parts filled in: a
/// baseline, items with fields and links, problems, a tripped gate.
#[test]
fn diff_context_matches_its_schema() {
    use milepost::diff::{self, Version};
    let schema: serde_json::Value = serde_json::from_str(&milepost::schema::json(SchemaKind::DiffContext)).unwrap();
    let plan = |files: &[(&str, &str)]| {
        let dir = tempfile::tempdir().unwrap();
        crate::support::write_files(dir.path(), files);
        crate::support::check_dir(dir.path(), "plan").unwrap()
    };
    let project = "[project]\nname = \"P\"\nstart = 2026-03-02\ncurrency = \"EUR\"\n[[people]]\nid = \"ann\"\nname = \"Ann\"\nday-rate = 500\n";
    let base = plan(&[
        ("project.toml", project),
        ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-03-06\n"),
        (
            "features/a.toml",
            "title = \"A\"\nmilestone = \"m\"\nowner = \"ann\"\nestimate = \"2d\"\n",
        ),
        (
            "features/c.toml",
            "title = \"C\"\nmilestone = \"m\"\nowner = \"ann\"\nestimate = \"1d\"\n",
        ),
    ]);
    let head = plan(&[
        ("project.toml", project),
        ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-03-06\n"),
        (
            "features/a.toml",
            "title = \"A\"\nmilestone = \"m\"\nowner = \"ann\"\nestimate = \"5d\"\n",
        ),
        (
            "features/b.toml",
            "title = \"B\"\nmilestone = \"m\"\nestimate = \"1d\"\ndepends-on = [{ id = \"a\", lag = \"1d\" }]\n",
        ),
    ]);
    let version = |label: &str, plan| Version {
        label: label.into(),
        revision: None,
        display: "plan".into(),
        plan,
        cost: None,
        not_a_folder: None,
    };
    let as_of = milepost::model::Date::parse("2026-03-02").unwrap();
    let mut d = diff::diff(
        &version("base", &base),
        &version("head", &head),
        as_of,
        Default::default(),
        &[],
        None,
    );
    d.baseline = Some(diff::baseline(&d, &version("v1", &base), &head, as_of));
    d.apply_gate(Some(0), Some(0), true);
    let context = serde_json::to_value(diff::context::Context::of(&d)).unwrap();
    for filled in [
        "items",
        "milestones",
        "problems/new",
        "baseline/scope_words/features",
        "gate/reasons",
    ] {
        let value = context.pointer(&format!("/{filled}")).unwrap();
        assert!(!value.as_array().unwrap().is_empty(), "{filled} is empty: {context:#}");
    }
    conforms(&schema, &schema, &context, "$");
}

/// A small structural validator for the subset of draft-07 schemars emits:
/// `$ref` into `definitions`, `type` (one or a list), `properties` and
/// `required`, `items`, `anyOf`, `allOf`.
pub fn conforms(root: &serde_json::Value, schema: &serde_json::Value, value: &serde_json::Value, at: &str) {
    use serde_json::Value;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/definitions/");
        return conforms(root, &root["definitions"][name], value, at);
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        return all.iter().for_each(|s| conforms(root, s, value, at));
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let fits = any
            .iter()
            .any(|s| std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| conforms(root, s, value, at))).is_ok());
        assert!(fits, "{at}: {value} fits none of {any:?}");
        return;
    }
    let type_name = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    if let Some(t) = schema.get("type") {
        let allowed: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let ok = allowed.contains(&type_name) || (type_name == "integer" && allowed.contains(&"number"));
        assert!(ok, "{at}: {type_name} where the schema allows {allowed:?}");
    }
    match value {
        Value::Object(map) => {
            let props = schema["properties"]
                .as_object()
                .unwrap_or_else(|| panic!("{at}: no properties"));
            for (k, v) in map {
                let sub = props.get(k).unwrap_or_else(|| panic!("{at}.{k} is not in the schema"));
                conforms(root, sub, v, &format!("{at}.{k}"));
            }
            for r in schema["required"].as_array().into_iter().flatten() {
                let r = r.as_str().unwrap();
                assert!(map.contains_key(r), "{at}.{r} is required but missing");
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                conforms(root, &schema["items"], v, &format!("{at}[{i}]"));
            }
        }
        _ => {}
    }
}
