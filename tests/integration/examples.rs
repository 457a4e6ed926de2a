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
