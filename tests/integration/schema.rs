//! The JSON Schemas under `schema/` are generated from the model types: they
//! must match what `milepost schema` prints, and describe exactly the keys the
//! decoder accepts.

use milepost::args::SchemaKind;

use crate::support::{milepost, root, run};

const KINDS: [(SchemaKind, &str); 4] = [
    (SchemaKind::Project, "project"),
    (SchemaKind::Milestone, "milestone"),
    (SchemaKind::Feature, "feature"),
    (SchemaKind::Risk, "risk"),
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
    let file = milepost::source::RawFile {
        rel: rel.into(),
        display: rel.into(),
        bytes: b"zzz-not-a-key = 1\n".to_vec(),
        blob: None,
    };
    let plan = milepost::check(vec![file]);
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
