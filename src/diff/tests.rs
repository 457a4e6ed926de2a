//! Unit tests of `diff`: item changes, fields and links compared on small plans.

use super::*;

use crate::test_plan as plan;

const PROJECT: &str = "[project]\nname = \"P\"\nstart = 2026-03-02\n[[people]]\nid = \"ann\"\nname = \"Ann\"\n";

/// The diff of two valid plans, as of 2026-03-02.
fn diff_valid(base: &Plan, head: &Plan) -> PlanDiff {
    assert_eq!(
        (base.error_count(), head.error_count()),
        (0, 0),
        "{:?}",
        head.diagnostics
    );
    let as_of = Date::parse("2026-03-02").unwrap_or_else(|e| panic!("{e}"));
    diff(&version(base), &version(head), as_of, Default::default(), &[], None)
}

fn version(plan: &Plan) -> Version<'_> {
    Version {
        label: "x".into(),
        revision: None,
        display: "plan".into(),
        plan,
        cost: None,
        not_a_folder: None,
    }
}

#[test]
fn compares_deadlines_links_three_point_estimates_and_risks() {
    let base = plan(&[
        ("project.toml", PROJECT),
        ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-04-30\n"),
        ("features/a.toml", "title = \"A\"\nowner = \"ann\"\nestimate = \"2d\"\n"),
        (
            "features/b.toml",
            "title = \"B\"\nowner = \"ann\"\nestimate = \"1w\"\ndepends-on = [\"a\"]\n",
        ),
        ("risks/r.toml", "title = \"R\"\nprobability = 0.5\n"),
    ]);
    let head = plan(&[
        ("project.toml", PROJECT),
        ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-05-29\n"),
        ("features/a.toml", "title = \"A\"\nowner = \"ann\"\nestimate = \"2d\"\n"),
        (
            "features/b.toml",
            "title = \"B\"\nowner = \"ann\"\nestimate = { low = \"2d\", likely = \"3d\", high = \"10d\" }\ndepends-on = [{ id = \"a\", type = \"SS\", lag = \"1d\" }]\n",
        ),
        (
            "risks/r.toml",
            "title = \"R\"\nprobability = 0.5\nstatus = \"closed\"\n",
        ),
    ]);
    let d = diff_valid(&base, &head);
    let changes: Vec<(&str, &str, Change)> = d.items.iter().map(|i| (i.kind, i.id.as_str(), i.change)).collect();
    assert_eq!(
        changes,
        [
            ("milestone", "m", Change::Changed),
            ("feature", "b", Change::Changed),
            ("risk", "r", Change::Changed)
        ]
    );
    assert_eq!(d.items[0].fields[0].field, "deadline");
    assert_eq!(d.items[0].fields[0].after.as_deref(), Some("2026-05-29"));
    let estimate = &d.items[1].fields[0];
    // 1w is five days; the PERT mean of 2/3/10 is (2 + 12 + 10) / 6 = 4.
    assert_eq!(
        (estimate.before.as_deref(), estimate.after.as_deref()),
        (Some("1w"), Some("2d/3d/10d"))
    );
    assert_eq!((estimate.before_days, estimate.after_days), (Some(5.0), Some(4.0)));
    let link = &d.items[1].dependencies.changed[0];
    assert_eq!(
        (link.before.kind, link.after.kind, link.after.lag.as_deref()),
        ("FS", "SS", Some("1d"))
    );
    assert_eq!(d.items[2].fields[0].field, "status");
    assert_eq!(
        (
            d.items[2].fields[0].before.as_deref(),
            d.items[2].fields[0].after.as_deref()
        ),
        (Some("open"), Some("closed")),
        "a risk's status is shown with its default"
    );
}

/// Every field that moves the forecast, or says what a change is, is
/// compared: a feature's kind, rank, remaining work and tags; a risk's
/// probability, impact, the items it affects and its review date.
#[test]
fn compares_the_fields_that_move_the_forecast() {
    let base = plan(&[
        ("project.toml", PROJECT),
        ("milestones/m.toml", "title = \"M\"\n"),
        (
            "features/a.toml",
            "title = \"A\"\nowner = \"ann\"\nestimate = \"4d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"2d\"\ntags = [\"api\"]\n",
        ),
        (
            "risks/r.toml",
            "title = \"R\"\nprobability = 0.3\nimpact = { days = 5 }\naffects = [\"m\"]\n",
        ),
    ]);
    let head = plan(&[
        ("project.toml", PROJECT),
        ("milestones/m.toml", "title = \"M\"\n"),
        (
            "features/a.toml",
            "title = \"A\"\nowner = \"ann\"\nkind = \"bug\"\nrank = 1\nestimate = \"4d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"3.5d\"\ntags = [\"api\", \"urgent\"]\n",
        ),
        (
            "risks/r.toml",
            "title = \"R\"\nprobability = 0.8\nimpact = { days = 8, cost = 1200 }\naffects = [\"m\", \"a\"]\nreview-by = 2026-04-01\n",
        ),
    ]);
    let d = diff_valid(&base, &head);
    let fields = |id: &str| -> Vec<(&str, Option<&str>, Option<&str>)> {
        d.items
            .iter()
            .find(|i| i.id == id)
            .map(|i| {
                i.fields
                    .iter()
                    .map(|f| (f.field, f.before.as_deref(), f.after.as_deref()))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        fields("a"),
        [
            ("kind", Some("feature"), Some("bug")),
            ("rank", None, Some("1")),
            ("remaining", Some("2d"), Some("3.5d")),
            ("tags", Some("api"), Some("api, urgent")),
        ]
    );
    assert_eq!(
        fields("r"),
        [
            ("probability", Some("30%"), Some("80%")),
            ("impact.days", Some("5d"), Some("8d")),
            ("impact.cost", None, Some("1200")),
            ("affects", Some("m"), Some("m, a")),
            ("review-by", None, Some("2026-04-01")),
        ]
    );
}

#[test]
fn a_renamed_critical_item_stays_on_the_critical_path() {
    let feature = "title = \"A\"\nowner = \"ann\"\nestimate = \"2d\"\n";
    let base = plan(&[("project.toml", PROJECT), ("features/a.toml", feature)]);
    let head = plan(&[("project.toml", PROJECT), ("features/alpha.toml", feature)]);
    let as_of = Date::parse("2026-03-02").unwrap_or_else(|e| panic!("{e}"));
    let rename = Rename {
        kind: ItemKind::Feature,
        from: "a".into(),
        to: "alpha".into(),
    };
    let d = diff(
        &version(&base),
        &version(&head),
        as_of,
        Default::default(),
        &[rename],
        None,
    );
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.items[0].change, Change::Renamed);
    assert!(
        d.critical_path.entered.is_empty() && d.critical_path.left.is_empty(),
        "{:?}",
        d.critical_path
    );
    // Without the rename, it is one item leaving and another entering.
    let d = diff(&version(&base), &version(&head), as_of, Default::default(), &[], None);
    assert_eq!((d.critical_path.entered.len(), d.critical_path.left.len()), (1, 1));
}

#[test]
fn a_plan_that_appears_empty_is_a_change() {
    let none = Plan::default();
    let project = plan(&[("project.toml", PROJECT)]);
    let as_of = Date::parse("2026-03-02").unwrap_or_else(|e| panic!("{e}"));
    let mut base = version(&none);
    base.label = "v0".into();
    let d = diff(&base, &version(&project), as_of, Default::default(), &[], None);
    assert!(d.changed);
    assert_eq!(d.summary, "No plan at v0");
    assert!(
        !diff(
            &version(&project),
            &version(&project),
            as_of,
            Default::default(),
            &[],
            None
        )
        .changed
    );
}
