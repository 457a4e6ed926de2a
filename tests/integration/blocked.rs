//! Blocked work: no progress while blocked, assumed unblocked on the status
//! date, with its `remaining` work or (started, without it) its whole
//! estimate (docs/scheduling.md, progress). The dates are worked out by
//! hand on a Monday-to-Friday calendar without holidays.

use serde_json::Value;

use crate::support::{milepost, run, write_files};

const PROJECT: &str = r#"[project]
name = "Blocked"
start = 2026-03-02

[[people]]
id = "ana"
name = "Ana Ruiz"
"#;

/// A plan whose feature `feed` (10 days, blocked) has the extra lines
/// `feed`, and whose `after` (2 days) waits for it; milestone `m` (deadline
/// Friday 2026-03-27) waits for both.
fn plan(feed: &str) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    let feed = format!(
        "title = \"Partner feed\"\nmilestone = \"m\"\nowner = \"ana\"\nstatus = \"blocked\"\nestimate = \"10d\"\n{feed}"
    );
    write_files(
        dir.path(),
        &[
            ("project.toml", PROJECT),
            ("milestones/m.toml", "title = \"Launch\"\ndeadline = 2026-03-27\n"),
            ("features/feed.toml", &feed),
            (
                "features/after.toml",
                "title = \"Announce\"\nmilestone = \"m\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [\"feed\"]\n",
            ),
        ],
    );
    dir
}

/// (first day, last day) of every feature, as `schedule --format json`
/// gives them as of `as_of`.
fn dates(dir: &tempfile::TempDir, as_of: &str) -> Vec<(String, String, String)> {
    let out = run(milepost()
        .args(["schedule", "--format", "json", "--as-of", as_of, "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&out.stdout).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "feature")
        .map(|i| {
            let day = |k: &str| i[k]["date"].as_str().unwrap().to_string();
            (
                i["id"].as_str().unwrap().to_string(),
                day("early_start"),
                day("early_finish"),
            )
        })
        .collect()
}

fn row(id: &str, first: &str, last: &str) -> (String, String, String) {
    (id.to_string(), first.to_string(), last.to_string())
}

/// Started on Monday 2026-03-09 and blocked since. As of Monday 2026-03-23
/// (two weeks later) it resumes that day: without `remaining`, its 10 days
/// run to Friday 2026-04-03 (not "the status date": the old forecast, 10
/// days less the 10 elapsed, at least 1); with `remaining = "3d"`, to
/// Wednesday 2026-03-25. `after` follows on the next two working days.
#[test]
fn blocked_after_its_start_resumes_on_the_status_date() {
    let whole = plan("started = 2026-03-09\n");
    assert_eq!(
        dates(&whole, "2026-03-23"),
        [
            row("after", "2026-04-06", "2026-04-07"),
            row("feed", "2026-03-09", "2026-04-03")
        ]
    );
    let some = plan("started = 2026-03-09\nremaining = \"3d\"\n");
    assert_eq!(
        dates(&some, "2026-03-23"),
        [
            row("after", "2026-03-26", "2026-03-27"),
            row("feed", "2026-03-09", "2026-03-25")
        ]
    );
    // A week later, still blocked: it moves a week.
    assert_eq!(
        dates(&whole, "2026-03-30"),
        [
            row("after", "2026-04-13", "2026-04-14"),
            row("feed", "2026-03-09", "2026-04-10")
        ]
    );
}

/// As of Wednesday 2026-03-04, before its `started` date (Monday
/// 2026-03-09): its work runs from that start, 10 days to Friday
/// 2026-03-20, or 3 days to Wednesday 2026-03-11 with `remaining`.
#[test]
fn blocked_before_its_start_date_runs_from_it() {
    let whole = plan("started = 2026-03-09\n");
    assert_eq!(
        dates(&whole, "2026-03-04"),
        [
            row("after", "2026-03-23", "2026-03-24"),
            row("feed", "2026-03-09", "2026-03-20")
        ]
    );
    let some = plan("started = 2026-03-09\nremaining = \"3d\"\n");
    assert_eq!(
        dates(&some, "2026-03-04"),
        [
            row("after", "2026-03-12", "2026-03-13"),
            row("feed", "2026-03-09", "2026-03-11")
        ]
    );
}

/// Never started: it starts on the status date, Monday 2026-03-23, with
/// its estimate (10 days, to Friday 2026-04-03), or with its `remaining`
/// (3 days, to Wednesday 2026-03-25).
#[test]
fn blocked_before_starting_starts_on_the_status_date() {
    assert_eq!(
        dates(&plan(""), "2026-03-23"),
        [
            row("after", "2026-04-06", "2026-04-07"),
            row("feed", "2026-03-23", "2026-04-03")
        ]
    );
    assert_eq!(
        dates(&plan("remaining = \"3d\"\n"), "2026-03-23"),
        [
            row("after", "2026-03-26", "2026-03-27"),
            row("feed", "2026-03-23", "2026-03-25")
        ]
    );
}

/// `check` warns (W0405) about a blocked feature that started without
/// `remaining`, not about one with it, nor one that has not started.
#[test]
fn check_warns_about_a_started_blocked_feature_without_remaining() {
    let codes = |dir: &tempfile::TempDir| -> Vec<String> {
        let out = run(milepost().args(["check", "--format", "json", "--plan"]).arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let json: Value = serde_json::from_str(&out.stdout).unwrap();
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| format!("{} {}", d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
            .collect()
    };
    assert_eq!(
        codes(&plan("started = 2026-03-09\n")),
        [
            "W0405 `feed` is blocked after starting on 2026-03-09 and has no `remaining`: its forecast assumes the whole estimate (10d) is left"
        ]
    );
    assert!(codes(&plan("started = 2026-03-09\nremaining = \"3d\"\n")).is_empty());
    assert!(codes(&plan("")).is_empty());
}

/// `explain` says the feature is blocked and what its forecast assumes.
#[test]
fn explain_says_what_is_assumed_of_blocked_work() {
    let explain = |dir: &tempfile::TempDir, id: &str| {
        let out = run(milepost()
            .args(["explain", id, "--as-of", "2026-03-23", "--plan"])
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let whole = plan("started = 2026-03-09\n");
    insta::assert_snapshot!("explain-blocked-whole", explain(&whole, "after"));
    let some = plan("started = 2026-03-09\nremaining = \"3d\"\n");
    assert!(
        explain(&some, "feed").contains(
            "it is blocked: it makes no progress while blocked and is assumed unblocked on the status date, 2026-03-23, with its `remaining` 3d left"
        ),
        "{}",
        explain(&some, "feed")
    );
    assert!(explain(&plan(""), "feed").contains(
        "it is blocked: it is assumed to be unblocked on the status date, 2026-03-23, and cannot start before that day"
    ));
}

/// The status report lists a blocked feature once under "Needs attention",
/// late as it is, with the day it is assumed unblocked.
#[test]
fn the_status_report_lists_blocked_work_once() {
    let whole = plan("started = 2026-03-09\n");
    let out = run(milepost()
        .args(["report", "--no-since", "--as-of", "2026-03-23", "--plan"])
        .arg(whole.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let start = out.stdout.find("## Needs attention").unwrap();
    let end = out.stdout[start..].find("## Top risks").unwrap() + start;
    let section = &out.stdout[start..end];
    assert_eq!(section.matches("`feed`").count(), 1, "{section}");
    insta::assert_snapshot!("report-blocked-needs-attention", section);
}

/// In a leveled forecast, blocked work unblocked on the status date waits
/// for its owner when they have other work first, and `explain` says so.
/// The example as of Monday 2026-06-15: `ingest/warehouse-connectors`
/// (blocked, 6d `remaining`, and the 10 days of the risk that occurred,
/// `snowflake-partner-access`: 16 days of work) would run 06-15..07-06 if
/// Lena were free (no holiday or time off of hers in June and July); she
/// works on `ingest/http-collector` until 06-18, so it runs 06-19..07-10:
/// its finish moves 4 working days (07-07, 08, 09, 10).
#[test]
fn explain_says_when_the_owner_holds_blocked_work_back() {
    let explain = |extra: &[&str]| {
        let out = run(milepost()
            .args([
                "explain",
                "ingest/warehouse-connectors",
                "--plan",
                "examples/atlas/plan",
            ])
            .args(["--as-of", "2026-06-15"])
            .args(extra));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let leveled = explain(&[]);
    assert!(
        leveled.contains(
            "is assumed unblocked on the status date, 2026-06-15, with its `remaining` 6d left\n  its owner, lena, has other work or days off first: that moves its finish 4 working days later\n"
        ),
        "{leveled}"
    );
    assert!(
        leveled.starts_with("`ingest/warehouse-connectors` starts 2026-03-09 and finishes 2026-07-10 "),
        "{leveled}"
    );
    // Not leveled, nobody holds it back.
    let unleveled = explain(&["--no-level"]);
    assert!(!unleveled.contains("its owner"), "{unleveled}");
    assert!(unleveled.contains("finishes 2026-07-06 "), "{unleveled}");
    // Both say where the 10 days come from.
    for text in [&leveled, &unleveled] {
        assert!(
            text.contains(
                "  risk `snowflake-partner-access` occurred: its impact, 10 working days, is added to its work\n"
            ),
            "{text}"
        );
    }
}
