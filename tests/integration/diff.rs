//! `milepost diff`: two versions of a plan compared, in real Git repositories
//! built in temporary directories with a scripted history.
//!
//! The project starts on Monday 2026-03-02, works Monday to Friday, and has
//! a holiday on Thursday 2026-03-19. Every run is as of 2026-03-02.
//!
//! - v1: `a` (5d, ana), then `b` (3d, ana, after `a`), and `c` (2d, bob), all
//!   for milestone `ga` (deadline 2026-03-20). `a` runs 03-02..03-06, `b`
//!   03-09..03-11, so `ga` is reached 2026-03-11; `a`, `b`, `ga` critical.
//!   Cost: a 5 × 500 + b 3 × 500 + c 2 × 400 = €4,800.
//! - v2: `b` raised to 12d: 03-09..03-13, 16, 17, 18, (19 is the holiday) 20,
//!   23, 24, 25: `ga` on 2026-03-25. From 03-11 to 03-25 that is 12, 13, 16,
//!   17, 18, 20, 23, 24, 25: **9 working days** (14 calendar days), past the
//!   deadline. Cost +9 × 500 = +€4,500 (€9,300).
//! - v3: `c` cut; `a` owned by bob (day rate 400); `d` added (6d, ana); `b`
//!   now also waits for `d`. `d` runs 03-02..03-09 (six days), so `b` starts
//!   03-10 and ends 03-26: `ga` +1 working day, still late. `d` enters the
//!   critical path and `a` leaves it. Cost: a 2,000 + b 6,000 + d 3,000 =
//!   €11,000, +€1,700.
//! - v4: `b` waits for `dd`, which does not exist (E0203): invalid.
//! - v5: fixed, and `c` restored.
//! - topic, branched from v5: `e` added. main, meanwhile: `a` renamed.

use serde::Deserialize;

use crate::support::{Repo, run};

const PROJECT: &str = r#"[project]
name = "Diff"
start = 2026-03-02
currency = "EUR"

[calendar]
holidays = [2026-03-19]

[[people]]
id = "ana"
name = "Ana Ruiz"
day-rate = 500

[[people]]
id = "bob"
name = "Bob Stone"
day-rate = 400
"#;

const GA: &str = "title = \"General availability\"\ndeadline = 2026-03-20\n";

fn feature(title: &str, owner: &str, estimate: &str, extra: &str) -> String {
    format!("title = \"{title}\"\nmilestone = \"ga\"\nowner = \"{owner}\"\nestimate = \"{estimate}\"\n{extra}")
}

/// Writes the plan of v1 (described at the top).
fn write_v1(repo: &Repo) {
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", GA),
        ("plan/features/a.toml", &feature("Alpha work", "ana", "5d", "")),
        (
            "plan/features/b.toml",
            &feature("Beta work", "ana", "3d", "depends-on = [\"a\"]\n"),
        ),
        ("plan/features/c.toml", &feature("Side work", "bob", "2d", "")),
    ]);
}

/// The history described at the top, tagged v1 to v5, with branches `main`
/// and `topic`; HEAD is `main`.
fn history() -> Repo {
    let mut repo = Repo::new();
    write_v1(&repo);
    repo.commit("v1");
    repo.tag("v1");
    repo.write(&[(
        "plan/features/b.toml",
        &feature("Beta work", "ana", "12d", "depends-on = [\"a\"]\n"),
    )]);
    repo.commit("v2: b takes longer");
    repo.tag("v2");
    repo.write(&[
        ("plan/features/a.toml", &feature("Alpha work", "bob", "5d", "")),
        (
            "plan/features/b.toml",
            &feature("Beta work", "ana", "12d", "depends-on = [\"a\", \"d\"]\n"),
        ),
        (
            "plan/features/c.toml",
            &feature("Side work", "bob", "2d", "status = \"cut\"\n"),
        ),
        (
            "plan/features/d.toml",
            &feature("Docs & <guides> | v2", "ana", "6d", ""),
        ),
    ]);
    repo.commit("v3: cut c, add d");
    repo.tag("v3");
    repo.write(&[(
        "plan/features/b.toml",
        &feature("Beta work", "ana", "12d", "depends-on = [\"a\", \"dd\"]\n"),
    )]);
    repo.commit("v4: a typo");
    repo.tag("v4");
    repo.write(&[
        (
            "plan/features/b.toml",
            &feature("Beta work", "ana", "12d", "depends-on = [\"a\", \"d\"]\n"),
        ),
        ("plan/features/c.toml", &feature("Side work", "bob", "2d", "")),
    ]);
    let v5 = repo.commit("v5: fixed, c back");
    repo.tag("v5");

    // `topic` adds `e`; `main` renames `a` meanwhile.
    {
        let v5_commit = repo.repo.find_commit(v5).unwrap();
        repo.repo.branch("main", &v5_commit, true).unwrap();
        repo.repo.branch("topic", &v5_commit, true).unwrap();
    }
    repo.checkout("topic");
    repo.write(&[("plan/features/e.toml", &feature("Extra", "bob", "1d", ""))]);
    repo.commit("topic: add e");
    repo.checkout("main");
    repo.write(&[("plan/features/a.toml", &feature("Alpha work, renamed", "bob", "5d", ""))]);
    repo.commit("main: rename a");
    repo
}

/// `diff --format json`, read back strictly (see docs/json.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiffJson {
    version: u32,
    as_of: String,
    base: SideJson,
    head: SideJson,
    changed: bool,
    summary: String,
    counts: CountsJson,
    items: Vec<ItemJson>,
    milestones: Vec<MilestoneJson>,
    critical_path: CriticalJson,
    project_finish: FinishJson,
    cost: CostJson,
    problems: ProblemsJson,
    gate: GateJson,
    baseline: Option<BaselineJson>,
    p80: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineJson {
    name: String,
    commit: String,
    as_of: String,
    forecast_as_of: String,
    basis: String,
    exists: bool,
    errors: usize,
    milestones: Vec<BaselineMilestoneJson>,
    scope: Option<ScopeJson>,
    cost: Option<CostVarianceJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct BaselineMilestoneJson {
    id: String,
    /// Only for a milestone whose file was renamed since the baseline.
    #[serde(default)]
    renamed_from: Option<String>,
    title: String,
    change: String,
    baseline: Option<String>,
    forecast: Option<String>,
    variance_days: Option<i64>,
    deadline: Option<String>,
    late: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeJson {
    added: Vec<ScopeItemJson>,
    cut: Vec<ScopeItemJson>,
    removed: Vec<ScopeItemJson>,
    baseline_days: f64,
    current_days: f64,
    delta_days: f64,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct ScopeItemJson {
    id: String,
    title: String,
    estimate_days: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CostVarianceJson {
    currency: Option<String>,
    baseline: f64,
    current: f64,
    delta: f64,
    uncosted_features_baseline: usize,
    uncosted_features_current: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SideJson {
    label: String,
    revision: Option<crate::invalid::RevisionJson>,
    plan: String,
    errors: usize,
    warnings: usize,
    scheduled: bool,
    exists: bool,
    not_a_folder: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct CountsJson {
    added: usize,
    removed: usize,
    cut: usize,
    restored: usize,
    changed: usize,
    renamed: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemJson {
    kind: String,
    id: String,
    title: String,
    change: String,
    renamed_from: Option<String>,
    fields: Vec<FieldJson>,
    dependencies: DependenciesJson,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct FieldJson {
    field: String,
    before: Option<String>,
    after: Option<String>,
    before_days: Option<f64>,
    after_days: Option<f64>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct DependenciesJson {
    added: Vec<LinkJson>,
    removed: Vec<LinkJson>,
    changed: Vec<LinkChangeJson>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct LinkJson {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    lag: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
struct LinkChangeJson {
    id: String,
    before: LinkJson,
    after: LinkJson,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MilestoneJson {
    id: String,
    /// Only for a milestone whose file was renamed.
    #[serde(default)]
    renamed_from: Option<String>,
    title: String,
    before: Option<String>,
    after: Option<String>,
    delta_days: Option<i64>,
    deadline: Option<String>,
    late_before: Option<bool>,
    late_after: Option<bool>,
    newly_late: bool,
    /// Only for a milestone that slips because of people.
    #[serde(default)]
    #[allow(dead_code)]
    people: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriticalJson {
    entered: Vec<ItemRefJson>,
    left: Vec<ItemRefJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemRefJson {
    kind: String,
    id: String,
    title: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FinishJson {
    before: Option<String>,
    after: Option<String>,
    delta_days: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CostJson {
    currency: Option<String>,
    before: Option<f64>,
    after: Option<f64>,
    delta: Option<f64>,
    uncosted_features_before: usize,
    uncosted_features_after: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemsJson {
    new: Vec<ProblemJson>,
    fixed: Vec<ProblemJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProblemJson {
    code: String,
    severity: String,
    file: Option<String>,
    line: Option<usize>,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GateJson {
    fail_on_slip: Option<u32>,
    fail_on_p80_slip: Option<u32>,
    fail_on_invalid: bool,
    tripped: bool,
    reasons: Vec<String>,
}

const AS_OF: [&str; 2] = ["--as-of", "2026-03-02"];

fn json(repo: &Repo, args: &[&str]) -> (i32, DiffJson) {
    let out = run(repo
        .milepost()
        .arg("diff")
        .args(AS_OF)
        .args(["--format", "json"])
        .args(args));
    let parsed = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, parsed)
}

fn text(repo: &Repo, format: &str, args: &[&str]) -> String {
    let out = run(repo
        .milepost()
        .arg("diff")
        .args(AS_OF)
        .args(["--format", format])
        .args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn item<'d>(d: &'d DiffJson, id: &str) -> &'d ItemJson {
    d.items
        .iter()
        .find(|i| i.id == id)
        .unwrap_or_else(|| panic!("no item `{id}`"))
}

fn link(id: &str) -> LinkJson {
    LinkJson {
        id: id.into(),
        kind: "FS".into(),
        lag: None,
    }
}

fn no_links() -> DependenciesJson {
    DependenciesJson {
        added: vec![],
        removed: vec![],
        changed: vec![],
    }
}

#[test]
fn a_raised_estimate_slips_the_milestone_past_its_deadline() {
    let repo = history();
    let (code, d) = json(&repo, &["v1..v2"]);
    assert_eq!(code, 0);
    assert_eq!(d.version, 1);
    assert_eq!(d.as_of, "2026-03-02");
    assert!(d.changed);
    assert_eq!((d.base.label.as_str(), d.head.label.as_str()), ("v1", "v2"));
    assert_eq!(d.base.revision.as_ref().unwrap().spec, "v1");
    assert_eq!(d.head.plan, "v2:plan");
    assert!(d.base.scheduled && d.head.scheduled);
    assert_eq!(
        (d.base.errors, d.base.warnings, d.head.errors, d.head.warnings),
        (0, 0, 0, 0)
    );
    assert_eq!(
        d.counts,
        CountsJson {
            added: 0,
            removed: 0,
            cut: 0,
            restored: 0,
            changed: 1,
            renamed: 0
        }
    );
    let b = item(&d, "b");
    assert_eq!(
        (b.kind.as_str(), b.change.as_str(), b.title.as_str()),
        ("feature", "changed", "Beta work")
    );
    assert_eq!(
        b.fields,
        [FieldJson {
            field: "estimate".into(),
            before: Some("3d".into()),
            after: Some("12d".into()),
            before_days: Some(3.0),
            after_days: Some(12.0),
        }]
    );
    assert_eq!(b.dependencies, no_links());

    let [ga] = &d.milestones[..] else {
        panic!("{:?}", d.milestones)
    };
    assert_eq!(ga.id, "ga");
    assert_eq!(ga.title, "General availability");
    assert_eq!(ga.before.as_deref(), Some("2026-03-11"));
    assert_eq!(ga.after.as_deref(), Some("2026-03-25"));
    // Worked out by hand at the top: 9 working days (the holiday is skipped).
    assert_eq!(ga.delta_days, Some(9));
    assert_eq!(ga.deadline.as_deref(), Some("2026-03-20"));
    assert_eq!(
        (ga.late_before, ga.late_after, ga.newly_late),
        (Some(false), Some(true), true)
    );
    assert_eq!(d.project_finish.before.as_deref(), Some("2026-03-11"));
    assert_eq!(d.project_finish.after.as_deref(), Some("2026-03-25"));
    assert_eq!(d.project_finish.delta_days, Some(9));
    assert!(d.critical_path.entered.is_empty() && d.critical_path.left.is_empty());
    assert_eq!(d.cost.currency.as_deref(), Some("EUR"));
    assert_eq!(
        (d.cost.before, d.cost.after, d.cost.delta),
        (Some(4800.0), Some(9300.0), Some(4500.0))
    );
    assert_eq!(
        (d.cost.uncosted_features_before, d.cost.uncosted_features_after),
        (0, 0)
    );
    assert!(d.problems.new.is_empty() && d.problems.fixed.is_empty());
    assert!(!d.gate.tripped);
    assert_eq!(
        d.summary,
        "1 feature changed; General availability slips 9 working days (misses its deadline 2026-03-20); cost +€4,500"
    );
}

#[test]
fn cut_added_owner_and_dependency_changes_and_the_critical_path() {
    let repo = history();
    let (code, d) = json(&repo, &["v2", "v3"]);
    assert_eq!(code, 0);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("a", "changed"), ("b", "changed"), ("c", "cut"), ("d", "added")]);
    assert_eq!(
        item(&d, "a").fields,
        [FieldJson {
            field: "owner".into(),
            before: Some("ana".into()),
            after: Some("bob".into()),
            before_days: None,
            after_days: None,
        }]
    );
    let b = item(&d, "b");
    assert!(b.fields.is_empty());
    assert_eq!(
        b.dependencies,
        DependenciesJson {
            added: vec![link("d")],
            removed: vec![],
            changed: vec![],
        }
    );
    // The status change is the `cut` itself, not repeated as a field.
    assert!(item(&d, "c").fields.is_empty());
    assert_eq!(item(&d, "d").title, "Docs & <guides> | v2");

    let ga = &d.milestones[0];
    assert_eq!(
        (ga.before.as_deref(), ga.after.as_deref()),
        (Some("2026-03-25"), Some("2026-03-26"))
    );
    assert_eq!(ga.delta_days, Some(1));
    assert_eq!(
        (ga.late_before, ga.late_after, ga.newly_late),
        (Some(true), Some(true), false)
    );
    let ids = |r: &[ItemRefJson]| r.iter().map(|r| format!("{} {}", r.kind, r.id)).collect::<Vec<_>>();
    assert_eq!(ids(&d.critical_path.entered), ["feature d"]);
    assert_eq!(ids(&d.critical_path.left), ["feature a"]);
    assert_eq!(d.critical_path.entered[0].title, "Docs & <guides> | v2");
    assert_eq!(
        (d.cost.before, d.cost.after, d.cost.delta),
        (Some(9300.0), Some(11000.0), Some(1700.0))
    );
}

/// Sides without an error that cannot be scheduled all the same (as of
/// the last day of 8999, the work runs past the year 9000): the diff says
/// so, as of when, and what says why; not that they have 0 errors and a
/// plan with errors is not scheduled.
#[test]
fn a_valid_side_that_cannot_be_scheduled_says_so() {
    let repo = history();
    let args = ["diff", "v1", "v2", "--as-of", "8999-12-31", "--runs", "0"];
    let human = run(repo.milepost().args(args));
    let markdown = run(repo.milepost().args(args).args(["--format", "markdown"]));
    for out in [&human, &markdown] {
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains("could not be scheduled as of 8999-12-31 and "),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout
                .contains("`milepost schedule --rev REV --as-of DATE` says why"),
            "{}",
            out.stdout
        );
        assert!(!out.stdout.contains("0 errors"), "{}", out.stdout);
    }
}

/// A slip gate does not pass a side whose forecast is unknown: with
/// `--fail-on-slip` the same diff fails (exit 1) and says which side and
/// why; without a gate it still compares (exit 0, above).
#[test]
fn a_slip_gate_fails_when_a_side_cannot_be_scheduled() {
    let repo = history();
    let args = ["diff", "v1", "v2", "--as-of", "8999-12-31", "--runs", "0"];
    let out = run(repo.milepost().args(args).args(["--fail-on-slip", "5"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    for side in ["v1", "v2"] {
        let reason = format!("gate: {side} could not be scheduled as of 8999-12-31, so its slip is unknown");
        assert!(out.stderr.contains(&reason), "{}", out.stderr);
    }
}

#[test]
fn an_invalid_side_is_reported_not_scheduled() {
    let repo = history();
    let (code, d) = json(&repo, &["v3..v4"]);
    assert_eq!(code, 0, "without a gate, an invalid head is only reported");
    assert_eq!((d.head.errors, d.head.scheduled), (1, false));
    assert!(d.base.scheduled);
    let [p] = &d.problems.new[..] else {
        panic!("{:?}", d.problems)
    };
    assert_eq!(
        (p.code.as_str(), p.severity.as_str(), p.file.as_deref(), p.line),
        ("E0203", "error", Some("plan/features/b.toml"), Some(5))
    );
    assert_eq!(p.message, "unknown feature or milestone `dd`");
    assert!(d.problems.fixed.is_empty());
    assert_eq!(
        item(&d, "b").dependencies,
        DependenciesJson {
            added: vec![link("dd")],
            removed: vec![link("d")],
            changed: vec![],
        }
    );
    let ga = &d.milestones[0];
    assert_eq!(
        (ga.before.as_deref(), ga.after.as_deref(), ga.delta_days),
        (Some("2026-03-26"), None, None)
    );
    assert_eq!((ga.late_after, ga.newly_late), (None, false));
    assert_eq!(d.project_finish.delta_days, None);

    let (code, d) = json(&repo, &["v3..v4", "--fail-on-invalid"]);
    assert_eq!(code, 1);
    assert!(d.gate.tripped && d.gate.fail_on_invalid);
    assert_eq!(d.gate.reasons, ["v4 has 1 error"]);

    // v5 fixes it and restores `c`.
    let (code, d) = json(&repo, &["v4..v5", "--fail-on-invalid"]);
    assert_eq!(code, 0);
    assert_eq!(d.problems.fixed.len(), 1);
    assert_eq!(d.problems.fixed[0].code, "E0203");
    assert!(d.problems.new.is_empty());
    assert_eq!(item(&d, "c").change, "restored");
    assert_eq!(d.milestones[0].before, None);
}

/// A head whose `project.toml` does not parse has a cost nobody knows:
/// `null`, and no "Cost €4,800 → €0" in the sentence, the Markdown or the
/// terminal (it read as a saving of everything).
#[test]
fn a_side_whose_people_cannot_be_read_has_no_cost() {
    let mut repo = Repo::new();
    write_v1(&repo);
    repo.commit("v1");
    repo.tag("v1");
    let broken = PROJECT.replace("day-rate = 400", "day-rate = 400\nday-rate = 450");
    repo.write(&[("plan/project.toml", &broken)]);
    repo.commit("v2: a key twice");
    let (code, d) = json(&repo, &["v1..HEAD"]);
    assert_eq!(code, 0);
    assert_eq!((d.cost.before, d.cost.after, d.cost.delta), (Some(4800.0), None, None));
    assert!(!d.summary.to_lowercase().contains("cost"), "{}", d.summary);
    for format in ["markdown", "human"] {
        let out = text(&repo, format, &["v1..HEAD"]);
        assert!(!out.contains("Cost"), "{format}:\n{out}");
        assert!(!out.contains("without a cost"), "{format}:\n{out}");
    }
}

#[test]
fn the_slip_gate_trips_on_a_slip_beyond_the_limit_or_a_new_miss() {
    let repo = history();
    // 9 days is within 10, but `ga` newly misses its deadline.
    let (code, d) = json(&repo, &["v1..v2", "--fail-on-slip", "10"]);
    assert_eq!(code, 1);
    assert_eq!(d.gate.fail_on_slip, Some(10));
    assert_eq!(d.gate.fail_on_p80_slip, None);
    // The P80 shift is on by default (tests/integration/diff_p80.rs checks it).
    assert!(d.p80.is_some());
    assert_eq!(d.gate.reasons, ["milestone `ga` now misses its deadline 2026-03-20"]);
    // v2 to v3: one day later, and already late before.
    let (code, d) = json(&repo, &["v2..v3", "--fail-on-slip", "1"]);
    assert_eq!(code, 0, "{:?}", d.gate);
    let out = run(repo
        .milepost()
        .args(["diff", "v2..v3", "--fail-on-slip", "0"])
        .args(AS_OF));
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "gate: milestone `ga` slips 1 working day (more than 0 working days)\n"
    );
    // Earlier is never a slip.
    let (code, _) = json(&repo, &["v3..v1", "--fail-on-slip", "0"]);
    assert_eq!(code, 0);
}

#[test]
fn three_dots_compare_from_the_merge_base() {
    let repo = history();
    // What the pull request of `topic` into `main` shows: only `e`.
    let (_, d) = json(&repo, &["main...topic"]);
    assert_eq!(d.base.label, "merge base of main and topic");
    let v5 = repo.repo.revparse_single("v5").unwrap().id().to_string();
    assert_eq!(d.base.revision.as_ref().unwrap().commit, v5);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("e", "added")]);
    // Two dots compare the tips: main's rename shows too.
    let (_, d) = json(&repo, &["main..topic"]);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("a", "changed"), ("e", "added")]);

    // Merge topic into main; the merge against its first parent adds `e`.
    let main = repo.repo.head().unwrap().peel_to_commit().unwrap();
    let topic = repo.repo.revparse_single("topic").unwrap().peel_to_commit().unwrap();
    repo.write(&[("plan/features/e.toml", &feature("Extra", "bob", "1d", ""))]);
    let mut index = repo.repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = git2::Signature::new("Ana Ruiz", "ana@example.com", &git2::Time::new(1_773_000_000, 0)).unwrap();
    repo.repo
        .commit(Some("HEAD"), &sig, &sig, "merge topic", &tree, &[&main, &topic])
        .unwrap();
    let (_, d) = json(&repo, &["HEAD~1..HEAD"]);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("e", "added")]);
    // The topic's own view of the merged main: nothing left to merge.
    let (_, d) = json(&repo, &["main...topic"]);
    assert!(!d.changed, "{}", d.summary);
}

#[test]
fn the_working_tree_is_compared_with_head_or_a_revision() {
    let repo = history();
    let out = run(repo.milepost().arg("diff").args(AS_OF));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "HEAD ({}) → working tree, as of 2026-03-02\nNo changes to the plan\n",
            short(&repo, "HEAD")
        )
    );
    let md = text(&repo, "markdown", &[]);
    assert!(md.starts_with("**No changes to the plan**\n"), "{md}");

    repo.write(&[("plan/features/f.toml", &feature("Fresh", "ana", "1d", ""))]);
    let (_, d) = json(&repo, &[]);
    assert_eq!((d.base.label.as_str(), d.head.label.as_str()), ("HEAD", "working tree"));
    assert!(d.head.revision.is_none());
    assert_eq!(d.head.plan, "plan");
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("f", "added")]);

    // `--plan` names the directory, from anywhere in the repository.
    std::fs::create_dir_all(repo.path().join("docs")).unwrap();
    let out = run(repo
        .milepost()
        .current_dir(repo.path().join("docs"))
        .args(["diff", "v1..v2", "--plan", "../plan", "--format", "json"])
        .args(AS_OF));
    let d: DiffJson = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stderr));
    assert_eq!((d.head.plan.as_str(), d.counts.changed), ("v2:plan", 1));

    // One revision: that revision against the working tree.
    let (_, d) = json(&repo, &["v5"]);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("a", "changed"), ("f", "added")]);
}

#[test]
fn an_unknown_revision_cannot_run() {
    let repo = history();
    let out = run(repo.milepost().args(["diff", "v1..nope"]).args(AS_OF));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown revision `nope`"), "{}", out.stderr);
    assert!(out.stderr.contains("help: "), "{}", out.stderr);
    let out = run(repo.milepost().args(["diff", "nope...main"]).args(AS_OF));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown revision `nope`"), "{}", out.stderr);
    // A folder or a file at a revision is no commit: said so, not in
    // libgit2's words ("can not be successfully peeled into a commit").
    for (rev, what) in [
        ("v1:plan", "folder (a tree)"),
        ("v1^{tree}", "folder (a tree)"),
        ("v1:plan/project.toml", "file (a blob)"),
    ] {
        let out = run(repo.milepost().args(["check", "--rev", rev]));
        assert_eq!(out.code, 2, "{rev}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("`{rev}` names a {what}, not a commit")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("help: give a commit"), "{}", out.stderr);
    }
}

/// A gate's days that are no whole number from 0 are said to be so, in
/// milepost's words.
#[test]
fn a_gate_s_days_are_a_whole_number() {
    let repo = history();
    for days in ["1e3", "-1", "2.5"] {
        for gate in ["--fail-on-slip", "--fail-on-p80-slip"] {
            let out = run(repo.milepost().args(["diff", "v1", "v2", gate, days]));
            assert_eq!(out.code, 2, "{gate} {days}: {}", out.stderr);
            assert!(
                out.stderr.contains("give a whole number of working days, 0 or more"),
                "{}",
                out.stderr
            );
            assert!(!out.stderr.contains("invalid digit"), "{}", out.stderr);
        }
    }
}

fn short(repo: &Repo, rev: &str) -> String {
    repo.repo.revparse_single(rev).unwrap().id().to_string()[..12].to_string()
}

/// Every row of every table has as many cells as the table's header.
fn assert_tables_are_rectangular(md: &str) {
    let cells = |line: &str| {
        let mut n = 0;
        let mut escaped = false;
        for c in line.chars() {
            match c {
                '\\' if !escaped => escaped = true,
                '|' if !escaped => n += 1,
                _ => escaped = false,
            }
            if c != '\\' {
                escaped = false;
            }
        }
        n
    };
    let mut header = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let n = cells(line);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "row with {n} pipes under a header of {h}: {line}"),
            }
        } else {
            header = None;
        }
    }
}

#[test]
fn markdown_is_a_pull_request_comment() {
    let repo = history();
    let md = text(&repo, "markdown", &["v1..v3"]);
    assert_tables_are_rectangular(&md);
    // Tables inside <details> need blank lines around them to render.
    assert!(md.contains("</summary>\n\n"));
    assert!(!md.contains("<guides>"), "user text is escaped");
    insta::assert_snapshot!("diff-markdown-v1-v3", md);
    let md = text(&repo, "markdown", &["v3..v4"]);
    assert_tables_are_rectangular(&md);
    insta::assert_snapshot!("diff-markdown-v3-v4", md);
}

#[test]
fn human_output_for_a_terminal() {
    let repo = history();
    let human = text(&repo, "human", &["v1..v3"]);
    // The commit ids vary with nothing but are long; keep the snapshot readable.
    let human = human
        .replace(&short(&repo, "v1"), "<v1>")
        .replace(&short(&repo, "v3"), "<v3>");
    insta::assert_snapshot!("diff-human-v1-v3", human);
}

/// The Markdown example in the README is real output on this history.
#[test]
fn readme_example_is_real_output() {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let marker = "<!-- milepost diff v1..v3 --as-of 2026-03-02 --format markdown -->\n```markdown\n";
    let start = readme.find(marker).expect("README has the diff example") + marker.len();
    let end = start + readme[start..].find("\n```\n").unwrap() + 1;
    let repo = history();
    assert_eq!(&readme[start..end], text(&repo, "markdown", &["v1..v3"]));
}

/// Every key of the JSON output is documented in docs/json.md's diff section.
#[test]
fn every_json_field_is_documented() {
    let doc = std::fs::read_to_string(crate::support::root().join("docs/json.md")).unwrap();
    let section = &doc[doc.find("## `milepost diff --format json`").unwrap()..];
    fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, v) in m {
                    out.insert(k.clone());
                    keys(v, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| keys(v, out)),
            _ => {}
        }
    }
    let repo = history();
    let mut all = std::collections::BTreeSet::new();
    for range in ["v1..v3", "v3..v4", "v4..v5"] {
        let out = run(repo
            .milepost()
            .args([
                "diff",
                range,
                "--format",
                "json",
                "--fail-on-slip",
                "0",
                "--baseline",
                "v1",
            ])
            .args(AS_OF));
        keys(&serde_json::from_str(&out.stdout).unwrap(), &mut all);
    }
    let missing: Vec<&String> = all.iter().filter(|k| !section.contains(&format!("`{k}`"))).collect();
    assert!(missing.is_empty(), "not documented in docs/json.md: {missing:?}");
}

/// A feature file renamed (and its estimate raised in the same change) is
/// one item renamed, between two commits and between a commit and the
/// working tree, the way Git's rename detection pairs the files.
#[test]
fn a_renamed_file_keeps_its_item() {
    let mut repo = history();
    let a = std::fs::read_to_string(repo.path().join("plan/features/a.toml")).unwrap();
    repo.remove("plan/features/a.toml");
    repo.write(&[("plan/features/alpha.toml", &a.replace("\"5d\"", "\"6d\""))]);
    // `b` still depends on `a`: the working tree is invalid until it says `alpha`.
    let b = std::fs::read_to_string(repo.path().join("plan/features/b.toml")).unwrap();
    repo.write(&[("plan/features/b.toml", &b.replace("\"a\"", "\"alpha\""))]);
    let check = |d: &DiffJson| {
        let renamed: Vec<&ItemJson> = d.items.iter().filter(|i| i.change == "renamed").collect();
        assert_eq!(renamed.len(), 1, "{:?}", d.items);
        assert_eq!(
            (renamed[0].id.as_str(), renamed[0].renamed_from.as_deref()),
            ("alpha", Some("a"))
        );
        let f = &renamed[0].fields[0];
        assert_eq!(
            (f.field.as_str(), f.before.as_deref(), f.after.as_deref()),
            ("estimate", Some("5d"), Some("6d"))
        );
        assert!(d.items.iter().all(|i| i.id != "a"), "{:?}", d.items);
        assert_eq!((d.counts.renamed, d.counts.added, d.counts.removed), (1, 0, 0));
    };
    let (_, worktree) = json(&repo, &[]);
    check(&worktree);
    repo.commit("rename a to alpha");
    let (_, committed) = json(&repo, &["HEAD~1..HEAD"]);
    check(&committed);
}

/// A milestone file renamed in the change that slips it is one milestone:
/// its forecast before and after compared, so the slip gate trips, in the
/// JSON, the pull request comment, the baseline and the history's series
/// (not a milestone added and another removed, each with no slip). From v1
/// with `b` raised to 12d, as v2: `ga` 2026-03-11 → 2026-03-25, 9 working
/// days, past its deadline.
#[test]
fn a_renamed_milestone_keeps_its_forecast_and_its_gate() {
    let mut repo = Repo::new();
    write_v1(&repo);
    repo.commit("v1");
    let ga = std::fs::read_to_string(repo.path().join("plan/milestones/ga.toml")).unwrap();
    repo.remove("plan/milestones/ga.toml");
    repo.write(&[("plan/milestones/release.toml", &ga)]);
    for (f, text) in [
        ("a", feature("Alpha work", "ana", "5d", "")),
        ("b", feature("Beta work", "ana", "12d", "depends-on = [\"a\"]\n")),
        ("c", feature("Side work", "bob", "2d", "")),
    ] {
        let text = text.replace("milestone = \"ga\"", "milestone = \"release\"");
        repo.write(&[(&format!("plan/features/{f}.toml"), &text)]);
    }
    repo.commit("release, later");
    let (code, d) = json(&repo, &["HEAD~1..HEAD", "--fail-on-slip", "0", "--runs", "0"]);
    assert_eq!(code, 1, "the gate trips: {:?}", d.gate);
    assert_eq!(d.milestones.len(), 1, "{:?}", d.milestones);
    let m = &d.milestones[0];
    assert_eq!(
        (
            m.id.as_str(),
            m.renamed_from.as_deref(),
            m.before.as_deref(),
            m.after.as_deref()
        ),
        ("release", Some("ga"), Some("2026-03-11"), Some("2026-03-25"))
    );
    assert_eq!((m.delta_days, m.newly_late), (Some(9), true));
    assert!(
        d.gate
            .reasons
            .iter()
            .any(|r| r.contains("milestone `release` slips 9 working days")),
        "{:?}",
        d.gate.reasons
    );
    let md = text(&repo, "markdown", &["HEAD~1..HEAD", "--runs", "0"]);
    assert!(
        md.contains("| General availability (`release`, was `ga`) | 2026-03-11 → 2026-03-25 | +9 |"),
        "{md}"
    );
    let human = text(&repo, "human", &["HEAD~1..HEAD", "--runs", "0"]);
    assert!(
        human.contains("release (was ga)  2026-03-11  2026-03-25  +9d"),
        "{human}"
    );

    // Against the baseline: kept, not new and gone.
    let (_, d) = json(&repo, &["HEAD", "HEAD", "--baseline", "HEAD~1", "--runs", "0"]);
    let b = d.baseline.expect("a baseline");
    assert_eq!(b.milestones.len(), 1, "{:?}", b.milestones);
    let m = &b.milestones[0];
    assert_eq!((m.change.as_str(), m.renamed_from.as_deref()), ("kept", Some("ga")));
    // The baseline as of its commit's date, Tuesday 03-03: `a` 03..09, `b`
    // 10..12. From 03-12 to 03-25: 13, 16, 17, 18, 20, 23, 24, 25.
    assert_eq!(
        (m.baseline.as_deref(), m.forecast.as_deref(), m.variance_days),
        (Some("2026-03-12"), Some("2026-03-25"), Some(8))
    );

    // The history's series goes on under the new id.
    let out = run(repo.milepost().args(["history", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let h: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let ids: Vec<&str> = h["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert_eq!(ids, ["release"], "{}", h["milestones"]);
    // Each plan as of its commit's date: 03-12 at v1 (03-03); at 03-04 `a`
    // runs 04..10 and `b` 11..27 (twelve days, the 19th a holiday): from
    // 03-12 to 03-27 is 13, 16, 17, 18, 20, 23, 24, 25, 26, 27.
    let series = &h["milestones"][0];
    assert_eq!(
        (
            series["first"].as_str(),
            series["last"].as_str(),
            series["slip_days"].as_i64()
        ),
        (Some("2026-03-12"), Some("2026-03-27"), Some(10)),
        "{series}"
    );
}

/// A history whose first commit has no plan: the pull request that
/// introduces milepost. `v0` has a README only; `v1` adds the plan of the
/// history above (`ga` on 2026-03-11, deadline 2026-03-20; €4,800).
fn introduced() -> Repo {
    let mut repo = Repo::new();
    repo.write(&[("README.md", "before milepost\n")]);
    repo.commit("v0");
    repo.tag("v0");
    write_v1(&repo);
    repo.commit("v1: milepost");
    repo.tag("v1");
    repo
}

#[test]
fn a_side_without_the_plan_is_an_empty_plan() {
    let repo = introduced();
    let (code, d) = json(&repo, &["v0..v1", "--fail-on-slip", "0", "--fail-on-invalid"]);
    assert_eq!(code, 0, "{:?}", d.gate);
    assert!(!d.base.exists && d.head.exists);
    // Nothing is there: the path holds nothing else either.
    assert_eq!(
        (d.base.not_a_folder.as_deref(), d.head.not_a_folder.as_deref()),
        (None, None)
    );
    assert_eq!((d.base.errors, d.base.warnings, d.base.scheduled), (0, 0, false));
    assert!(d.head.scheduled);
    let ids: Vec<(&str, &str)> = d.items.iter().map(|i| (i.id.as_str(), i.change.as_str())).collect();
    assert_eq!(ids, [("ga", "added"), ("a", "added"), ("b", "added"), ("c", "added")]);
    let [ga] = &d.milestones[..] else {
        panic!("{:?}", d.milestones)
    };
    assert_eq!((ga.before.as_deref(), ga.after.as_deref()), (None, Some("2026-03-11")));
    // It did not exist before, so it was not late; it is not late now.
    assert_eq!(
        (ga.late_before, ga.late_after, ga.newly_late),
        (Some(false), Some(false), false)
    );
    assert_eq!((d.cost.before, d.cost.after), (Some(0.0), Some(4800.0)));
    assert!(d.problems.new.is_empty() && d.problems.fixed.is_empty());
    assert_eq!(d.summary, "No plan at v0: 4 items added; cost +€4,800");
    let human = text(&repo, "human", &["v0..v1"])
        .replace(&short(&repo, "v0"), "<v0>")
        .replace(&short(&repo, "v1"), "<v1>");
    insta::assert_snapshot!("diff-human-no-plan-at-base", human);

    // The other way round, everything is removed.
    let (code, d) = json(&repo, &["v1..v0"]);
    assert_eq!(code, 0);
    assert!(d.base.exists && !d.head.exists);
    assert!(d.items.iter().all(|i| i.change == "removed"));
    assert_eq!(d.summary, "No plan at v0: 4 items removed; cost -€4,800");

    // With the plan on neither side there is nothing to compare.
    let out = run(repo.milepost().args(["diff", "v0..v0"]).args(AS_OF));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("revision `v0` has no `plan` directory"),
        "{}",
        out.stderr
    );
}

/// `--baseline v1` on `v2..v3`: v1 is scheduled as of its commit date,
/// Tuesday 2026-03-03, so `a` runs 03-03..03-09 and `b` 03-10..03-12: `ga`
/// on 2026-03-12 (not 03-11, as v1 as of 03-02 has it). v3 as of 03-02 has
/// `ga` on 03-26: 13, 16, 17, 18, (19 the holiday) 20, 23, 24, 25, 26 =
/// **+9 working days**. Scope: 5 + 3 + 2 = 10 days live at v1; 5 + 12 + 6
/// = 23 at v3 (`c` cut, `d` added): +13. Cost €4,800 → €11,000.
#[test]
fn baseline_in_a_diff() {
    let repo = history();
    let (code, d) = json(&repo, &["v2..v3", "--baseline", "v1"]);
    assert_eq!(code, 0);
    let b = d.baseline.as_ref().unwrap();
    assert_eq!(b.name, "v1");
    assert_eq!(b.commit, repo.repo.revparse_single("v1").unwrap().id().to_string());
    assert_eq!((b.as_of.as_str(), b.exists, b.errors), ("2026-03-03", true, 0));
    // Compared with the head's forecast as of the diff's status date, and
    // saying so.
    assert_eq!(b.forecast_as_of, "2026-03-02");
    assert_eq!(
        b.basis,
        "working days from the forecast at baseline v1 as of 2026-03-03 (its commit's date) to the forecast as of 2026-03-02"
    );
    assert_eq!(
        b.milestones,
        [BaselineMilestoneJson {
            renamed_from: None,
            id: "ga".into(),
            title: "General availability".into(),
            change: "kept".into(),
            baseline: Some("2026-03-12".into()),
            forecast: Some("2026-03-26".into()),
            variance_days: Some(9),
            deadline: Some("2026-03-20".into()),
            late: Some(true),
        }]
    );
    let scope = b.scope.as_ref().unwrap();
    let item = |id: &str, title: &str, days: f64| ScopeItemJson {
        id: id.into(),
        title: title.into(),
        estimate_days: Some(days),
    };
    assert_eq!(scope.added, [item("d", "Docs & <guides> | v2", 6.0)]);
    assert_eq!(scope.cut, [item("c", "Side work", 2.0)]);
    assert!(scope.removed.is_empty());
    assert_eq!(
        (scope.baseline_days, scope.current_days, scope.delta_days),
        (10.0, 23.0, 13.0)
    );
    let cost = b.cost.as_ref().unwrap();
    assert_eq!(cost.currency.as_deref(), Some("EUR"));
    assert_eq!((cost.baseline, cost.current, cost.delta), (4800.0, 11000.0, 6200.0));
    assert_eq!(
        (cost.uncosted_features_baseline, cost.uncosted_features_current),
        (0, 0)
    );
    assert!(
        d.summary
            .ends_with("; vs baseline v1: General availability +9 working days"),
        "{}",
        d.summary
    );

    let md = text(&repo, "markdown", &["v2..v3", "--baseline", "v1"]);
    assert_tables_are_rectangular(&md);
    assert!(!md.contains("<guides>"), "user text is escaped");
    insta::assert_snapshot!("diff-markdown-v2-v3-baseline-v1", md);
    let human = text(&repo, "human", &["v2..v3", "--baseline", "v1"])
        .replace(&short(&repo, "v1"), "<v1>")
        .replace(&short(&repo, "v2"), "<v2>")
        .replace(&short(&repo, "v3"), "<v3>");
    insta::assert_snapshot!("diff-human-v2-v3-baseline-v1", human);

    // An unchanged head still shows the baseline.
    let md = text(&repo, "markdown", &["v3..v3", "--baseline", "v1"]);
    assert!(
        md.starts_with("**No changes to the plan; vs baseline v1: General availability +9 working days**\n"),
        "{md}"
    );
    assert!(
        md.contains("<details><summary>Against baseline v1: General availability +9 working days</summary>"),
        "{md}"
    );

    // An invalid baseline: its error count instead of figures.
    let (code, d) = json(&repo, &["v2..v3", "--baseline", "v4"]);
    assert_eq!(code, 0);
    let b = d.baseline.as_ref().unwrap();
    assert_eq!(b.errors, 1);
    assert!(b.milestones.is_empty() && b.scope.is_none() && b.cost.is_none());
    assert!(
        d.summary.ends_with("; vs baseline v4: the baseline has 1 error"),
        "{}",
        d.summary
    );

    // An unknown one cannot run.
    let out = run(repo
        .milepost()
        .args(["diff", "v2..v3", "--baseline", "nope"])
        .args(AS_OF));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unknown revision `nope`"), "{}", out.stderr);
}

/// Outside a Git repository there is nothing to compare with: the error says
/// which command needs Git and what to do.
#[test]
fn outside_a_repository_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(dir.path(), &[("plan/project.toml", PROJECT)]);
    let out = run(crate::support::milepost().current_dir(dir.path()).arg("diff"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: `milepost diff` reads the plan from Git, but `"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run milepost inside the Git repository"),
        "{}",
        out.stderr
    );
}

/// `--templates DIR`: a `diff.md` there replaces the pull-request comment,
/// and a directory without one leaves the built-in comment.
#[test]
fn a_diff_template_in_the_templates_directory_replaces_the_comment() {
    let repo = history();
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().to_str().unwrap();
    std::fs::write(dir.path().join("status.md"), "not for diff\n").unwrap();
    assert_eq!(
        text(&repo, "markdown", &["v1..v3", "--templates", templates]),
        text(&repo, "markdown", &["v1..v3"])
    );

    std::fs::write(
        dir.path().join("diff.md"),
        "## {{ base.name | md }} → {{ head.name | md }}\n\n\
         {% for m in milestones if m.moved %}\
         - {{ m.title | md }}: {{ m.status }} ({{ m.delta_days | signed }})\n\
         {% endfor %}\
         {% for i in items %}\
         - {{ i.change }} {{ i.id | code }}: {{ i.title | md }}\n\
         {% endfor %}\
         Cost {{ cost.delta | money }}.\n",
    )
    .unwrap();
    let md = text(&repo, "markdown", &["v1..v3", "--templates", templates]);
    assert_eq!(
        md,
        format!(
            "## v1 ({}) → v3 ({})\n\n\
             - General availability: newly misses its deadline (+10)\n\
             - changed `a`: Alpha work\n\
             - changed `b`: Beta work\n\
             - cut `c`: Side work\n\
             - added `d`: Docs & &lt;guides&gt; \\| v2\n\
             Cost €6,200.\n",
            short(&repo, "v1"),
            short(&repo, "v3")
        )
    );
}

/// `--template FILE` renders that file with the diff's context, and can
/// include the built-in comment.
#[test]
fn a_diff_template_file_is_rendered_with_the_context() {
    let repo = history();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("comment.md");
    std::fs::write(
        &file,
        "<!-- plan-diff -->\n{{ summary_markdown }}\n\n{% include \"diff.md\" %}\n",
    )
    .unwrap();
    let args = ["v2..v3", "--baseline", "v1", "--template", file.to_str().unwrap()];
    let md = text(&repo, "markdown", &args);
    let default = text(&repo, "markdown", &["v2..v3", "--baseline", "v1"]);
    let summary = default.lines().next().unwrap().trim_matches('*');
    assert_eq!(md, format!("<!-- plan-diff -->\n{summary}\n\n{default}"));
}

/// `--init-templates DIR` writes `diff.md`, which renders as the built-in
/// comment; it replaces nothing without `--force`.
#[test]
fn init_templates_writes_the_diff_template_and_refuses_to_overwrite() {
    let repo = history();
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let init = |force: bool| {
        let mut cmd = repo.milepost();
        cmd.args(["diff", "--init-templates"]).arg(&templates);
        if force {
            cmd.arg("--force");
        }
        run(&mut cmd)
    };
    let out = init(false);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("wrote 1 template to `"), "{}", out.stderr);
    assert!(
        out.stderr.contains("milepost diff --format markdown --templates"),
        "{}",
        out.stderr
    );
    let names: Vec<_> = std::fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["diff.md"]);
    let built_in = crate::support::root().join("src/render/templates/diff.md");
    assert_eq!(
        std::fs::read_to_string(templates.join("diff.md")).unwrap(),
        std::fs::read_to_string(&built_in).unwrap()
    );
    for args in [&["v1..v3"][..], &["v3..v4"], &["v2..v3", "--baseline", "v1"]] {
        let with = [args, &["--templates", templates.to_str().unwrap()]].concat();
        assert_eq!(
            text(&repo, "markdown", &with),
            text(&repo, "markdown", args),
            "{args:?}"
        );
    }

    std::fs::write(templates.join("diff.md"), "mine\n").unwrap();
    let out = init(false);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("diff.md` already exists"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(templates.join("diff.md")).unwrap(), "mine\n");

    let out = init(true);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(templates.join("diff.md")).unwrap(),
        std::fs::read_to_string(&built_in).unwrap()
    );
}

/// A mistake in a diff template names the file and the line, and shows it.
#[test]
fn a_diff_template_error_names_the_template_and_line() {
    let repo = history();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.md");
    std::fs::write(&file, "# Plan\n\n{{ sumary }}\n").unwrap();
    let out = run(repo
        .milepost()
        .args(["diff", "v1..v3", "--format", "markdown", "--template"])
        .arg(&file)
        .args(AS_OF));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains(&format!("template `{}`, line 3: undefined value", file.display())),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("3 | {{ sumary }}"), "{}", out.stderr);
    assert!(out.stderr.contains("`milepost help templates`"), "{}", out.stderr);

    // The same in an override of the built-in one.
    std::fs::write(dir.path().join("diff.md"), "ok\n{% for i in itemz %}{% endfor %}\n").unwrap();
    let out = run(repo
        .milepost()
        .args(["diff", "v1..v3", "--format", "markdown", "--templates"])
        .arg(dir.path())
        .args(AS_OF));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("template `diff.md`, line 2"), "{}", out.stderr);

    // Templates render Markdown only.
    let out = run(repo
        .milepost()
        .args(["diff", "v1..v3", "--template"])
        .arg(&file)
        .args(AS_OF));
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .contains("`--template` renders the Markdown comment, and the format is `human`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("add `--format markdown`"), "{}", out.stderr);
}

/// Two histories that never met (an orphan branch): three dots have no
/// merge base to start from. The repository is fine, and the message says
/// so, with the comparison that works.
#[test]
fn three_dots_between_unrelated_histories_say_they_share_none() {
    let repo = history();
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    let sig = git2::Signature::new("Ana Ruiz", "ana@example.com", &git2::Time::new(1_773_000_000, 0)).unwrap();
    repo.repo
        .commit(
            Some("refs/heads/orphan"),
            &sig,
            &sig,
            "a history of its own",
            &tree,
            &[],
        )
        .unwrap();
    let out = run(repo.milepost().args(["diff", "main...orphan"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`main` and `orphan` share no history: no commit is an ancestor of both"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("milepost diff main orphan"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("fsck"),
        "the repository is not damaged: {}",
        out.stderr
    );
    // The direct comparison works.
    let direct = run(repo.milepost().args(["diff", "main", "orphan"]));
    assert!(direct.code == 0 || direct.code == 1, "{}", direct.stderr);
}

/// In a shallow clone (CI checkouts are by default), two branches whose
/// common commit was not fetched: the message says so and how to fetch it,
/// not that they never met.
#[test]
fn three_dots_in_a_shallow_clone_say_to_fetch_more_history() {
    let repo = history();
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    let parent = head.parent(0).unwrap();
    let sig = git2::Signature::new("Ana Ruiz", "ana@example.com", &git2::Time::new(1_773_000_000, 0)).unwrap();
    let tree = parent.tree().unwrap();
    repo.repo
        .commit(Some("refs/heads/side"), &sig, &sig, "side", &tree, &[&parent])
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let clone = repo.shallow_clone(dir.path(), 1, &["--no-single-branch"]);
    let out = run(crate::support::milepost()
        .current_dir(&clone)
        .args(["diff", "origin/main...origin/side"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`origin/main` and `origin/side` share no history in this shallow clone"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("fetch-depth: 0"), "{}", out.stderr);
    assert!(!out.stderr.contains("they never did"), "{}", out.stderr);
    // In the whole repository, the same comparison works.
    let full = run(repo.milepost().args(["diff", "main...side"]));
    assert!(full.code == 0 || full.code == 1, "{}", full.stderr);
}

/// A change to the project file is listed with the items, as `person` and
/// `project`, so that a milestone's slip has its cause in the diff: here
/// Ana goes half time and a holiday is added on Thursday 2026-03-05. Her
/// `a` (5d) then takes 10 of her days, 03-02..03-16 (the 5th off), and `b`
/// (3d) 6, 03-17, 18, 20, 23, 24, 25 (the 19th a holiday): `ga` on
/// 2026-03-25 instead of 03-11.
#[test]
fn people_and_calendar_changes_are_listed_with_the_items() {
    let mut repo = Repo::new();
    write_v1(&repo);
    repo.commit("v1");
    let project = PROJECT
        .replace("holidays = [2026-03-19]", "holidays = [2026-03-05, 2026-03-19]")
        .replace("name = \"Ana Ruiz\"\n", "name = \"Ana Ruiz\"\ncapacity = 0.5\n");
    repo.write(&[("plan/project.toml", &project)]);
    repo.commit("Ana half time, and a holiday");

    let (code, d) = json(&repo, &["HEAD~1", "HEAD"]);
    assert_eq!(code, 0);
    let ga = d.milestones.iter().find(|m| m.id == "ga").unwrap();
    assert_eq!(ga.after.as_deref(), Some("2026-03-25"), "{ga:?}");
    let field = |field: &str, before: Option<&str>, after: Option<&str>| FieldJson {
        field: field.into(),
        before: before.map(Into::into),
        after: after.map(Into::into),
        before_days: None,
        after_days: None,
    };
    let ana = item(&d, "ana");
    assert_eq!((ana.kind.as_str(), ana.change.as_str()), ("person", "changed"));
    assert_eq!(ana.title, "Ana Ruiz");
    assert_eq!(ana.fields, [field("capacity", Some("1"), Some("0.5"))]);
    let project_item = item(&d, "project");
    assert_eq!(project_item.kind, "project");
    assert_eq!(project_item.fields, [field("holiday", None, Some("2026-03-05"))]);
    assert_eq!(d.items.len(), 2, "{:?}", d.items);

    let human = text(&repo, "human", &["HEAD~1", "HEAD"]);
    assert!(
        human.contains("person ana: Ana Ruiz\n      capacity: 1 → 0.5\n"),
        "{human}"
    );
    assert!(
        human.contains("project project: Diff\n      holiday: (none) → 2026-03-05\n"),
        "{human}"
    );
    let markdown = text(&repo, "markdown", &["HEAD~1", "HEAD"]);
    assert!(markdown.contains("person `ana`: Ana Ruiz"), "{markdown}");

    // `history` says the same of that commit.
    let out = run(repo.milepost().args(["history", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let entry = log["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["subject"] == "Ana half time, and a holiday");
    let ids: Vec<&str> = entry.unwrap()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["project", "ana"]);
}

/// A risk that occurred is a cause `diff` names. As of Monday 2026-03-02:
/// `b` (5d) runs 03-02..03-06 and `c` (3d, after `b`) 03-09..03-11, so
/// `beta` is reached 03-11. Risk `r` occurs on `b` (2 days): `b` ends
/// 03-10, `c` 03-13, `beta` +2 working days. Then it hits `beta` too:
/// reached 2 working days after 03-13, on 03-17, +2 again, and only the
/// new cause is named (`b`'s days were there before).
#[test]
fn a_risk_that_occurred_is_named_as_the_cause_of_a_slip() {
    let mut repo = Repo::new();
    let risk = |status: &str, affects: &str| {
        format!(
            "title = \"R\"\nprobability = 0.4\nstatus = \"{status}\"\nimpact = {{ days = 2 }}\naffects = [{affects}]\n"
        )
    };
    let commit = |repo: &mut Repo, risk: &str, message: &str| {
        repo.write(&[
            ("plan/project.toml", "[project]\nname = \"R\"\nstart = 2026-03-02\n"),
            ("plan/milestones/beta.toml", "title = \"Beta\"\n"),
            (
                "plan/features/b.toml",
                "title = \"B\"\nestimate = \"5d\"\nmilestone = \"beta\"\n",
            ),
            (
                "plan/features/c.toml",
                "title = \"C\"\nestimate = \"3d\"\nmilestone = \"beta\"\ndepends-on = [\"b\"]\n",
            ),
            ("plan/risks/r.toml", risk),
        ]);
        repo.commit(message);
    };
    commit(&mut repo, &risk("open", "\"b\""), "Plan");
    commit(&mut repo, &risk("occurred", "\"b\""), "R occurred");
    commit(&mut repo, &risk("occurred", "\"b\", \"beta\""), "R hits beta");
    let path = repo.path().to_path_buf();
    let diff = |base: &str, head: &str, format: &str| {
        let out = run(crate::support::milepost().current_dir(&path).args([
            "diff",
            base,
            head,
            "--plan",
            "plan",
            "--as-of",
            "2026-03-02",
            "--format",
            format,
        ]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let beta = |base: &str, head: &str| -> serde_json::Value {
        let d: serde_json::Value = serde_json::from_str(&diff(base, head, "json")).unwrap();
        d["milestones"][0].clone()
    };
    let b = beta("HEAD~2", "HEAD~1");
    assert_eq!(
        (b["before"].as_str(), b["after"].as_str()),
        (Some("2026-03-11"), Some("2026-03-13"))
    );
    assert_eq!(b["delta_days"], 2);
    assert_eq!(b["risks"], serde_json::json!(["r (2 working days on b)"]));
    let b = beta("HEAD~1", "HEAD");
    assert_eq!(
        (b["after"].as_str(), b["delta_days"].as_i64()),
        (Some("2026-03-17"), Some(2))
    );
    assert_eq!(b["risks"], serde_json::json!(["r (2 working days before beta)"]));
    assert!(b.get("people").is_none(), "{b}");
    assert!(
        diff("HEAD~2", "HEAD", "human").contains(
            "beta is delayed by risks that occurred: r (2 working days before beta); r (2 working days on b)"
        ),
        "{}",
        diff("HEAD~2", "HEAD", "human")
    );
    assert!(
        diff("HEAD~2", "HEAD~1", "markdown")
            .contains("- Beta (`beta`) is delayed by risks that occurred: r (2 working days on b).\n"),
        "{}",
        diff("HEAD~2", "HEAD~1", "markdown")
    );
    // Closing it takes the days back, with no cause to name.
    commit(&mut repo, &risk("closed", "\"b\", \"beta\""), "R closed");
    let b = beta("HEAD~1", "HEAD");
    assert_eq!(
        (b["after"].as_str(), b["delta_days"].as_i64()),
        (Some("2026-03-11"), Some(-4))
    );
    assert!(b.get("risks").is_none(), "{b}");
}
