//! `milepost report status --baseline REV` and `--since REV`, in a real Git
//! repository built in a temporary directory with a scripted history.
//!
//! The project starts on Monday 2026-03-02 and works Monday to Friday; `ana`
//! costs €500 a day. Each commit is made one day after the previous one, at
//! 08:00 UTC, so the first is dated 2026-03-03.
//!
//! 1. 2026-03-03, tagged `v1-plan-approved`: milestones `alpha` (deadline
//!    2026-03-13) and `beta` (deadline 2026-03-27); features `f1` (5d,
//!    alpha), `f5` (4d, alpha), `f2` (3d, beta, after `f1`), all `ana`'s.
//!    Scheduled as of its commit date, Tuesday 03-03: `f1` 03-03..03-09
//!    (3, 4, 5, 6, 9), `f5` 03-03..03-06, so `alpha` on **03-09**; `f2`
//!    03-10..03-12, so `beta` on **03-12**. Estimate 5 + 4 + 3 = 12 days,
//!    cost 12 × 500 = €6,000.
//! 2. 2026-03-04, tagged `docs-1`: the README only.
//! 3. 2026-03-05, tagged `v2`: `f1` raised to 8d; `f3` (2d, alpha) added.
//! 4. 2026-03-06: `f5` cut; milestone `beta` removed and `gamma` (deadline
//!    2026-04-03) added; `f2` moves to `gamma`; `f4` (1d, gamma) added.
//! 5. 2026-03-07, tagged `docs-2`: the README only.
//!
//! The report is of the working tree (= commit 5) as of Monday 2026-03-09:
//! `f1` 03-09..03-18 (9, 10, 11, 12, 13, 16, 17, 18), `f3` 03-09..03-10,
//! so `alpha` on **03-18**, 7 working days after 03-09 (10, 11, 12, 13, 16,
//! 17, 18), past its deadline; `f2` 03-19, 20, 23, `f4` 03-09, so `gamma`
//! on **03-23**. Estimate 8 + 2 + 3 + 1 = 14 days (+2), cost €7,000 (+€1,000).

use serde_json::Value;

use crate::support::{Repo, run};

const PROJECT: &str = r#"[project]
name = "Base"
start = 2026-03-02
currency = "EUR"

[[people]]
id = "ana"
name = "Ana Ruiz"
day-rate = 500
"#;

fn feature(title: &str, milestone: &str, estimate: &str, extra: &str) -> String {
    format!("title = \"{title}\"\nmilestone = \"{milestone}\"\nowner = \"ana\"\nestimate = \"{estimate}\"\n{extra}")
}

fn milestone(title: &str, deadline: &str) -> String {
    format!("title = \"{title}\"\ndeadline = {deadline}\n")
}

/// The history described at the top.
pub(crate) fn history() -> Repo {
    let mut repo = Repo::new();
    repo.write(&[
        ("README.md", "Base\n"),
        ("plan/project.toml", PROJECT),
        ("plan/milestones/alpha.toml", &milestone("Alpha", "2026-03-13")),
        ("plan/milestones/beta.toml", &milestone("Beta", "2026-03-27")),
        ("plan/features/f1.toml", &feature("First", "alpha", "5d", "")),
        ("plan/features/f5.toml", &feature("Fifth", "alpha", "4d", "")),
        (
            "plan/features/f2.toml",
            &feature("Second", "beta", "3d", "depends-on = [\"f1\"]\n"),
        ),
    ]);
    repo.commit("plan approved");
    repo.tag("v1-plan-approved");
    repo.write(&[("README.md", "Base, documented\n")]);
    repo.commit("docs");
    repo.tag("docs-1");
    repo.write(&[
        ("plan/features/f1.toml", &feature("First", "alpha", "8d", "")),
        ("plan/features/f3.toml", &feature("Third", "alpha", "2d", "")),
    ]);
    repo.commit("f1 takes longer, f3 added");
    repo.tag("v2");
    repo.remove("plan/milestones/beta.toml");
    repo.write(&[
        ("plan/milestones/gamma.toml", &milestone("Gamma", "2026-04-03")),
        (
            "plan/features/f5.toml",
            &feature("Fifth", "alpha", "4d", "status = \"cut\"\n"),
        ),
        (
            "plan/features/f2.toml",
            &feature("Second", "gamma", "3d", "depends-on = [\"f1\"]\n"),
        ),
        ("plan/features/f4.toml", &feature("Fourth <b>", "gamma", "1d", "")),
    ]);
    repo.commit("beta becomes gamma, f5 cut");
    repo.write(&[("README.md", "Base, documented again\n")]);
    repo.commit("more docs");
    repo.tag("docs-2");
    repo
}

/// The status date; the numbers below are worked out for the critical path
/// method alone (leveling has its own: `leveling.rs`).
const AS_OF: [&str; 3] = ["--as-of", "2026-03-09", "--no-level"];

fn context(repo: &Repo, args: &[&str]) -> Value {
    let out = run(repo.milepost().args(["report", "--context"]).args(AS_OF).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn report(repo: &Repo, args: &[&str]) -> String {
    let out = run(repo.milepost().arg("report").args(AS_OF).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    out.stdout
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn baseline_variance_scope_and_cost_worked_out_by_hand() {
    let repo = history();
    let c = context(&repo, &["--baseline", "v1-plan-approved"]);
    let b = &c["baseline"];
    assert_eq!(b["name"], "v1-plan-approved");
    let v1 = repo.repo.revparse_single("v1-plan-approved").unwrap().id().to_string();
    assert_eq!(b["commit"], v1.as_str());
    // Scheduled as of its commit's date, not as of the report's.
    assert_eq!(b["as_of"], "2026-03-03");
    assert_eq!((b["exists"].as_bool(), b["errors"].as_u64()), (Some(true), Some(0)));

    let rows: Vec<(String, String, Value, Value, Value, Value)> = b["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                m["change"].as_str().unwrap().to_string(),
                m["baseline"].clone(),
                m["forecast"].clone(),
                m["variance_days"].clone(),
                m["deadline"].clone(),
            )
        })
        .collect();
    let s = |x: &str| Value::from(x);
    assert_eq!(
        rows,
        [
            // 03-09 → 03-18: 7 working days later (see the top).
            (
                "alpha".into(),
                "kept".into(),
                s("2026-03-09"),
                s("2026-03-18"),
                Value::from(7),
                s("2026-03-13")
            ),
            // In forecast order: gone milestones, without one, last.
            (
                "gamma".into(),
                "new".into(),
                Value::Null,
                s("2026-03-23"),
                Value::Null,
                s("2026-04-03")
            ),
            (
                "beta".into(),
                "gone".into(),
                s("2026-03-12"),
                Value::Null,
                Value::Null,
                s("2026-03-27")
            ),
        ]
    );
    assert_eq!(b["milestones"][0]["late"], true);

    let scope = &b["scope"];
    assert_eq!(ids(&scope["added"]), ["f3", "f4"]);
    assert_eq!(scope["added"][0]["estimate_days"], 2.0);
    assert_eq!(scope["added"][1]["title"], "Fourth <b>");
    assert_eq!(ids(&scope["cut"]), ["f5"]);
    assert_eq!(scope["cut"][0]["estimate_days"], 4.0);
    assert_eq!(ids(&scope["removed"]), Vec::<String>::new());
    // 5 + 4 + 3 = 12 at the baseline; 8 + 2 + 3 + 1 = 14 now.
    assert_eq!(
        (&scope["baseline_days"], &scope["current_days"], &scope["delta_days"]),
        (&Value::from(12.0), &Value::from(14.0), &Value::from(2.0))
    );
    let cost = &b["cost"];
    assert_eq!(cost["currency"], "EUR");
    // 12 × 500 and 14 × 500.
    assert_eq!(
        (&cost["baseline"], &cost["current"], &cost["delta"]),
        (&Value::from(6000.0), &Value::from(7000.0), &Value::from(1000.0))
    );
    assert_eq!(
        (&cost["uncosted_features_baseline"], &cost["uncosted_features_current"]),
        (&Value::from(0), &Value::from(0))
    );

    // Without `--baseline`, no baseline.
    let c = context(&repo, &[]);
    assert!(c["baseline"].is_null());
}

#[test]
fn the_status_report_shows_the_baseline_and_the_changes() {
    let repo = history();
    let text = report(&repo, &["--baseline", "v1-plan-approved"]);
    assert!(!text.contains("<b>"), "user text is escaped");
    let v1 = repo.repo.revparse_single("v1-plan-approved").unwrap().id().to_string();
    let v2 = repo.repo.revparse_single("v2").unwrap().id().to_string();
    let text = text.replace(&v1[..10], "<v1>").replace(&v2[..10], "<v2>");
    let start = text.find("## Against baseline").unwrap();
    let end = text.find("## Critical path").unwrap();
    insta::assert_snapshot!("baseline-status-section", &text[start..end]);
    let start = text.find("## Changes since").unwrap();
    let end = text.find("## Gantt").unwrap();
    insta::assert_snapshot!("changes-status-section", &text[start..end]);

    let exec = report(&repo, &["--baseline", "v1-plan-approved", "--audience", "exec"]);
    let line = exec.lines().find(|l| l.starts_with("**Against baseline")).unwrap();
    assert_eq!(
        line,
        "**Against baseline v1-plan-approved:** Alpha +7d; scope +2d (2 added, 1 cut or removed); cost +€1,000. \
         Variance: working days from the forecast at baseline v1-plan-approved as of 2026-03-03 (its commit's date) \
         to the forecast as of 2026-03-09."
    );
}

#[test]
fn an_invalid_baseline_is_reported_not_scheduled() {
    let mut repo = history();
    repo.write(&[(
        "plan/features/f4.toml",
        &feature("Fourth", "gamma", "1d", "depends-on = [\"nope\"]\n"),
    )]);
    repo.commit("a typo");
    repo.tag("broken");
    repo.write(&[("plan/features/f4.toml", &feature("Fourth", "gamma", "1d", ""))]);
    let c = context(&repo, &["--baseline", "broken"]);
    let b = &c["baseline"];
    assert_eq!(b["errors"], 1);
    assert_eq!(b["milestones"], Value::Array(vec![]));
    assert!(b["scope"].is_null() && b["cost"].is_null());
    let text = report(&repo, &["--baseline", "broken"]);
    assert!(
        text.contains(
            "The baseline plan has 1 error, so it is not scheduled; `milepost check --rev` at that revision lists it.\n"
        ),
        "{text}"
    );
    let exec = report(&repo, &["--baseline", "broken", "--audience", "exec"]);
    assert!(exec.contains("**Against baseline broken:** its plan has 1 error; no comparison.\n"));
}

#[test]
fn an_unknown_or_unreachable_revision_is_an_error() {
    let repo = history();
    for option in ["--baseline", "--since"] {
        let out = run(repo.milepost().args(["report", option, "nope"]).args(AS_OF));
        assert_eq!(out.code, 2, "{option}");
        assert!(out.stderr.contains("unknown revision `nope`"), "{}", out.stderr);
        assert!(out.stderr.contains("help: "), "{}", out.stderr);
    }
    // A misspelt tag or branch: the nearest, with what follows the name.
    for (option, rev, nearest) in [
        ("--baseline", "v1-plan-aproved", "v1-plan-approved"),
        ("--since", "v1-plan-approved~1", ""),
        ("--since", "V2~1", "v2~1"),
    ] {
        let out = run(repo.milepost().args(["report", option, rev]).args(AS_OF));
        if nearest.is_empty() {
            assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
            continue;
        }
        assert_eq!(out.code, 2, "{option} {rev}");
        assert!(
            out.stderr.contains(&format!("unknown revision `{rev}`")),
            "{}",
            out.stderr
        );
        assert!(
            out.stderr
                .contains(&format!("help: did you mean `{nearest}`? use a branch, tag or commit")),
            "{}",
            out.stderr
        );
    }
    let out = run(repo.milepost().args(["history", "--rev-range", "docs-l..HEAD"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("did you mean `docs-1..HEAD`?"), "{}", out.stderr);
    // Outside a Git repository: say which revision and what to do.
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(
        dir.path(),
        &[
            ("plan/project.toml", PROJECT),
            ("plan/milestones/alpha.toml", &milestone("Alpha", "2026-03-13")),
        ],
    );
    for option in ["--baseline", "--since"] {
        let out = run(crate::support::milepost()
            .current_dir(dir.path())
            .args(["report", option, "v1"])
            .args(AS_OF));
        assert_eq!(out.code, 2, "{option}: {}", out.stderr);
        assert!(
            out.stderr
                .starts_with(&format!("error: `{option} v1` reads the plan from Git, but `")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains(&format!("or drop `{option}`")), "{}", out.stderr);
    }
}

#[test]
fn changes_since_the_previous_tag_touching_the_plan() {
    let repo = history();
    // `docs-2`, the latest tag, did not touch the plan: `v2` did.
    let c = context(&repo, &[]);
    let ch = &c["changes"];
    assert_eq!(ch["name"], "v2");
    assert_eq!(ch["chosen"], "previous-tag");
    assert_eq!(ch["date"], "2026-03-05");
    let v2 = repo.repo.revparse_single("v2").unwrap().id().to_string();
    assert_eq!(ch["commit"], v2.as_str());
    let items: Vec<(String, String, String)> = ch["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["kind"].as_str().unwrap().into(),
                i["id"].as_str().unwrap().into(),
                i["change"].as_str().unwrap().into(),
            )
        })
        .collect();
    let item = |k: &str, id: &str, ch: &str| (k.to_string(), id.to_string(), ch.to_string());
    assert_eq!(
        items,
        [
            item("milestone", "beta", "removed"),
            item("milestone", "gamma", "added"),
            item("feature", "f2", "changed"),
            item("feature", "f4", "added"),
            item("feature", "f5", "cut"),
        ]
    );
    assert_eq!(
        ch["items"][2]["fields"],
        serde_json::json!([{"field": "milestone", "before": "beta", "after": "gamma", "before_days": null, "after_days": null}])
    );
    assert_eq!(
        ch["counts"],
        serde_json::json!({"added": 2, "removed": 1, "cut": 1, "restored": 0, "renamed": 0, "changed": 1})
    );

    // `--rev v2` reports v2 itself: the previous tag touching the plan is
    // then the baseline tag, `docs-1` being skipped.
    let c = context(&repo, &["--rev", "v2"]);
    assert_eq!(c["changes"]["name"], "v1-plan-approved");
    let changed: Vec<String> = ids(&c["changes"]["items"]);
    assert_eq!(changed, ["f1", "f3"]);
    assert_eq!(c["changes"]["items"][0]["fields"][0]["after_days"], 8.0);

    // `--no-since` leaves the section out.
    assert!(context(&repo, &["--no-since"])["changes"].is_null());
}

#[test]
fn changes_since_an_explicit_revision() {
    let repo = history();
    let c = context(&repo, &["--since", "docs-1"]);
    let ch = &c["changes"];
    assert_eq!(
        (ch["name"].as_str(), ch["chosen"].as_str()),
        (Some("docs-1"), Some("since"))
    );
    assert_eq!(ch["date"], "2026-03-04");
    assert_eq!(
        ch["counts"],
        serde_json::json!({"added": 3, "removed": 1, "cut": 1, "restored": 0, "renamed": 0, "changed": 2})
    );
    // Since HEAD: nothing changed.
    let text = report(&repo, &["--since", "HEAD"]);
    assert!(text.contains("## Changes since HEAD\n"), "{text}");
    assert!(text.contains("no changes to the plan.\n"), "{text}");
}

/// A file renamed since the revision is one item renamed, as `diff` and
/// `history` say, not one removed and another added.
#[test]
fn changes_since_pair_a_renamed_file() {
    let repo = history();
    let f4 = std::fs::read_to_string(repo.path().join("plan/features/f4.toml")).unwrap();
    repo.remove("plan/features/f4.toml");
    repo.write(&[("plan/features/fourth.toml", &f4)]);
    let ch = &context(&repo, &["--since", "HEAD"])["changes"];
    assert_eq!(
        ch["counts"],
        serde_json::json!({"added": 0, "removed": 0, "cut": 0, "restored": 0, "renamed": 1, "changed": 0})
    );
    let i = &ch["items"][0];
    assert_eq!(
        (i["change"].as_str(), i["id"].as_str(), i["renamed_from"].as_str()),
        (Some("renamed"), Some("fourth"), Some("f4"))
    );
    let text = report(&repo, &["--since", "HEAD"]);
    assert!(text.contains(": 1 renamed.\n"), "{text}");
    assert!(
        text.contains("- **renamed** feature fourth (was f4): Fourth &lt;b&gt;\n"),
        "{text}"
    );
}

/// `--since DATE`: the plan as it was when that day began (the last commit
/// before it on the main line), named by the date.
#[test]
fn changes_since_a_date() {
    let repo = history();
    let by_tag = context(&repo, &["--since", "docs-1"]);
    // docs-1 was committed on 2026-03-04, the last commit before 03-05.
    let by_date = context(&repo, &["--since", "2026-03-05"]);
    let (t, d) = (&by_tag["changes"], &by_date["changes"]);
    assert_eq!(
        (d["name"].as_str(), d["chosen"].as_str()),
        (Some("2026-03-05"), Some("since"))
    );
    assert_eq!(d["commit"], t["commit"]);
    assert_eq!(d["date"], "2026-03-04");
    assert_eq!(d["counts"], t["counts"]);
    assert_eq!(d["items"], t["items"]);
    let text = report(&repo, &["--since", "2026-03-05"]);
    assert!(text.contains("## Changes since 2026-03-05\n"), "{text}");

    // Before the first commit: nothing to compare with, and it says so.
    let out = run(repo
        .milepost()
        .args(["report", "--as-of", "2026-03-16", "--since", "2026-01-01"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no commit before 2026-01-01"), "{}", out.stderr);
    assert!(out.stderr.contains("choose a later date"), "{}", out.stderr);
}

#[test]
fn without_a_tag_touching_the_plan_there_is_no_section() {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/alpha.toml", &milestone("Alpha", "2026-03-13")),
    ]);
    repo.commit("plan");
    repo.write(&[("README.md", "docs\n")]);
    repo.commit("docs");
    repo.tag("docs-only");
    let c = context(&repo, &[]);
    assert!(c["changes"].is_null(), "{:#}", c["changes"]);
    let text = report(&repo, &[]);
    assert!(!text.contains("## Changes since"));
}
