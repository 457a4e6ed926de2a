//! The documentation says what the code does.

use crate::support::{milepost, root, run};

/// Every diagnostic code appears in docs/diagnostics.md, with its name, and
/// the doc lists no code that does not exist.
#[test]
fn every_diagnostic_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    for code in milepost::diagnostic::Code::ALL {
        let row = format!("| {} | `{}` |", code.id(), code.name());
        assert!(doc.contains(&row), "docs/diagnostics.md lacks the row `{row}`");
    }
    let documented = doc
        .lines()
        .filter(|l| l.starts_with("| E0") || l.starts_with("| W0"))
        .count();
    assert_eq!(documented, milepost::diagnostic::Code::ALL.len());
}

/// The example in docs/json.md is real output: the same document as
/// `check --format json` on the same plan, but for the diagnostics it leaves out.
#[test]
fn json_doc_example_is_real_output() {
    let doc = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let start = doc.find("```json\n").unwrap() + "```json\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let mut documented: serde_json::Value = serde_json::from_str(&doc[start..end]).unwrap();

    let out = run(milepost().args(["check", "--format", "json", "--plan", "examples/invalid/three-files"]));
    let mut actual: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let shown = documented["diagnostics"].as_array().unwrap().clone();
    let all = actual["diagnostics"].as_array().unwrap().clone();
    for d in &shown {
        assert!(all.contains(d), "documented diagnostic not in the output: {d:#}");
    }
    documented["diagnostics"] = serde_json::Value::Null;
    actual["diagnostics"] = serde_json::Value::Null;
    assert_eq!(documented, actual);
}

/// docs/templates.md documents every field of the report context: each
/// object of the schema has a section with a row for each of its fields.
#[test]
fn every_report_context_field_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/templates.md")).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::ReportContext)).unwrap();
    let mut objects = vec![("Context".to_string(), &schema)];
    for (name, def) in schema["definitions"].as_object().unwrap() {
        objects.push((name.clone(), def));
    }
    for (name, def) in objects {
        let heading = format!("\n### {name}\n");
        let start = doc
            .find(&heading)
            .unwrap_or_else(|| panic!("docs/templates.md has no `### {name}` section"));
        let section = &doc[start + heading.len()..];
        let section = &section[..section.find("\n### ").unwrap_or(section.len())];
        for field in def["properties"].as_object().unwrap().keys() {
            assert!(
                section.contains(&format!("| `{field}` |")),
                "docs/templates.md, section {name}: field `{field}` is not documented"
            );
        }
    }
}

/// docs/templates.md documents every field of the history context, in its
/// own section (some names are also objects of the report context).
#[test]
fn every_history_context_field_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/templates.md")).unwrap();
    let doc = &doc[doc
        .find("\n## The history context\n")
        .expect("a history context section")..];
    let schema: serde_json::Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::HistoryContext)).unwrap();
    let objects = objects(&schema, "History");
    assert!(objects.len() > 10);
    for (name, def) in objects {
        let section =
            table(doc, &name).unwrap_or_else(|| panic!("docs/templates.md has no `### {name}` in the history section"));
        assert_fields(section, def, &format!("history section {name}"));
    }
}

/// docs/templates.md documents every field of the diff context: each object
/// in the diff section, or, for one shared with the report or history
/// context, where that context documents it.
#[test]
fn every_diff_context_field_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/templates.md")).unwrap();
    let diff = &doc[doc.find("\n## The diff context\n").expect("a diff context section")..];
    let schema: serde_json::Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::DiffContext)).unwrap();
    let objects = objects(&schema, "Context");
    assert!(objects.len() > 10);
    for (name, def) in objects {
        let section = table(diff, &name)
            .or_else(|| table(&doc, &name))
            .unwrap_or_else(|| panic!("docs/templates.md has no `### {name}`"));
        assert_fields(section, def, &format!("diff section {name}"));
    }
}

/// docs/json.md documents every field of `forecast --format json`, an
/// object per section of its own part.
#[test]
fn every_forecast_json_field_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/json.md")).unwrap();
    let start = doc
        .find("\n## `milepost forecast --format json`\n")
        .expect("a forecast section");
    let part = &doc[start..];
    let part = &part[..part[1..].find("\n## ").map_or(part.len(), |e| e + 1)];
    let schema: serde_json::Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::Forecast)).unwrap();
    let objects: Vec<_> = objects(&schema, "Forecast")
        .into_iter()
        .filter(|(name, _)| !matches!(name.as_str(), "Point" | "SinglePoint" | "ResolvedRevision"))
        .collect();
    assert!(objects.len() >= 6);
    for (name, def) in objects {
        let section = table(part, &name).unwrap_or_else(|| panic!("docs/json.md has no `### {name}` for forecast"));
        let fields: Vec<&String> = def["properties"].as_object().unwrap().keys().collect();
        for field in fields {
            assert!(
                section.contains(&format!("`{field}`")),
                "docs/json.md, forecast {name}: field `{field}` is not documented"
            );
        }
    }
}

/// The objects of a context's schema: the root, named `root`, and each
/// definition with fields (enums and dates are described where they are used).
fn objects<'s>(schema: &'s serde_json::Value, root: &str) -> Vec<(String, &'s serde_json::Value)> {
    let mut objects = vec![(root.to_string(), schema)];
    for (name, def) in schema["definitions"].as_object().unwrap() {
        if def.get("properties").is_some() {
            objects.push((name.clone(), def));
        }
    }
    objects
}

/// The first section `### name` of `doc`, up to the next one.
fn table<'d>(doc: &'d str, name: &str) -> Option<&'d str> {
    let heading = format!("\n### {name}\n");
    let section = &doc[doc.find(&heading)? + heading.len()..];
    Some(&section[..section.find("\n### ").unwrap_or(section.len())])
}

/// Each field of `def` has a row in `section` (`place` names it in the message).
fn assert_fields(section: &str, def: &serde_json::Value, place: &str) {
    for field in def["properties"].as_object().unwrap().keys() {
        assert!(
            section.contains(&format!("| `{field}` |")),
            "docs/templates.md, {place}: field `{field}` is not documented"
        );
    }
}
