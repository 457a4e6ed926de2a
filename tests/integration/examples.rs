//! The bundled example plan: valid, with every feature of the format in use.

use crate::invalid::check_json;

#[test]
fn atlas_is_valid_without_warnings() {
    let (code, json) = check_json(&["--plan", "examples/atlas/plan", "--deny", "warnings"]);
    assert_eq!(code, 0, "{:#?}", json.diagnostics);
    assert!(json.diagnostics.is_empty());
    assert_eq!(json.counts.milestones, 5);
    assert!(json.counts.features >= 35, "{}", json.counts.features);
    assert_eq!(json.counts.people, 8);
    assert!(json.counts.risks >= 4);
}

#[test]
fn atlas_uses_every_dependency_type_and_status() {
    let plan = crate::support::check_dir(&crate::support::root().join("examples/atlas/plan"), "").unwrap();
    let mut types = std::collections::BTreeSet::new();
    let mut lead = false;
    for f in &plan.features {
        for d in &f.data.depends_on {
            types.insert(d.value.kind());
            lead |= d.value.lag().is_some_and(|l| l.value.amount < 0.0);
        }
    }
    assert_eq!(types.len(), 4, "{types:?}");
    assert!(lead, "a negative lag (lead) is shown");
    let statuses: std::collections::BTreeSet<_> = plan.features.iter().map(|f| f.data.status()).collect();
    assert!(statuses.len() >= 5, "{statuses:?}");
    assert!(
        plan.features.iter().any(|f| f.id.contains('/')),
        "a feature in a subfolder"
    );
}

/// Every `milepost ...` command in the CI examples (`examples/ci/`) is one
/// the command line accepts: a renamed flag cannot silently break them.
#[test]
fn ci_examples_use_real_commands() {
    use clap::Parser;
    let dir = crate::support::root().join("examples/ci");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        // Join shell continuation lines.
        let joined = text.replace("\\\n", " ");
        for line in joined.lines() {
            let line = line
                .trim()
                .trim_start_matches("run:")
                .trim_start_matches("entry:")
                .trim();
            if !line.starts_with("milepost ") {
                continue;
            }
            // Shell and Actions expressions stand for a date or a revision.
            let mut command = String::new();
            let mut rest = line;
            while let Some(i) = rest.find("${{") {
                command.push_str(&rest[..i]);
                command.push_str("2026-01-05");
                rest = rest[i..].split_once("}}").map_or("", |(_, r)| r);
            }
            command.push_str(rest);
            let command = command
                .replace("\"$AS_OF\"", "2026-01-05")
                .replace("\"$SINCE\"", "2026-01-05");
            // Stop at a redirection or a pipe.
            let command = command.split(['>', '|']).next().unwrap();
            let args: Vec<String> = command
                .split_whitespace()
                .map(|a| a.trim_matches('"').to_string())
                .collect();
            if let Err(e) = milepost::args::Cli::try_parse_from(&args) {
                panic!("{}: `{line}` is not a valid milepost command:\n{e}", path.display());
            }
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} commands found in examples/ci");
}
