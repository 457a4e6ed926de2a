//! `milepost history`: a scripted history in a real Git repository, walked
//! and checked value by value, then by snapshot.
//!
//! The project starts on Monday 2026-03-02 and works Monday to Friday (no
//! holidays). Milestone `ga` has the deadline Friday 2026-03-20. Ana's day
//! rate is €500, Bob's €400. One commit a day at 08:00 UTC, each plan
//! scheduled as of its commit's date; nothing is ever started, so each day
//! the unstarted work moves to begin on the status date (the first working
//! day on or after it).
//!
//! | commit | date | what | `ga` forecast |
//! |---|---|---|---|
//! | c1 | Tue 03-03 | `a` (5d, ana), `b` (3d, ana, after `a`) | a 03-03..09, b 10..12: **03-12** |
//! | c2 | Wed 03-04 | `b` raised to 6d (by Bob) | a 04..10, b 11..18: **03-18** |
//! | c3 | Thu 03-05 | `src/lib.rs` only: not in the history | |
//! | c4 | Fri 03-06 | `c` (2d, bob), `d` (4d, bob) added | a 06..12, b 13..20: **03-20** |
//! | c5 | Sat 03-07 | `c` cut | as of Mon 03-09: a 09..13, b 16..23: **03-23** |
//! | c6 | Sun 03-08 | `d.toml` renamed `docs.toml` | **03-23** |
//! | c7 | Mon 03-09 | `b` depends on `aa`: invalid (E0203) | (not scheduled) |
//! | c8 | Tue 03-10 | fixed | a 10..16, b 17..24: **03-24** |
//! | t1 | Wed 03-11 | branch `topic`: `e` (1d, bob) added | |
//! | c10 | Thu 03-12 | main: `a` to Bob, 6d | a 12..19, b 20..27: **03-27** |
//! | c11 | Fri 03-13 | merge `topic` (adds `e`) | a 13..20, b 23..30: **03-30** |
//!
//! Slip of `ga` since its first forecast (03-12), in working days: 03-18 is
//! 4 (13, 16, 17, 18), 03-20 is 6, 03-23 is 7, 03-24 is 8, 03-27 is 11,
//! 03-30 is 12. Margin against the deadline 03-20: 03-12 is 6 early
//! (13, 16..20), 03-18 is 2, 03-20 is 0, 03-23 is -1, 03-24 -2, 03-27 -5,
//! 03-30 -6.

use serde_json::Value;

use crate::support::{Repo, run};

const PROJECT: &str = r#"[project]
name = "History"
start = 2026-03-02
currency = "EUR"

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

const AFTER_A: &str = "depends-on = [\"a\"]\n";

/// The history in the table above; returns the repository and the ids of
/// (c1, c7, c10, c11).
fn scripted() -> (Repo, [git2::Oid; 4]) {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", GA),
        ("plan/features/a.toml", &feature("Alpha", "ana", "5d", "")),
        ("plan/features/b.toml", &feature("Beta", "ana", "3d", AFTER_A)),
        ("src/lib.rs", "// v1\n"),
    ]);
    let c1 = repo.commit("Plan the release");
    repo.author = ("Bob Stone", "bob@example.com");
    repo.write(&[("plan/features/b.toml", &feature("Beta", "ana", "6d", AFTER_A))]);
    repo.commit("Beta needs a migration");
    repo.author = ("Ana Ruiz", "ana@example.com");
    repo.write(&[("src/lib.rs", "// v2\n")]);
    repo.commit("Code only");
    repo.write(&[
        ("plan/features/c.toml", &feature("Cleanup", "bob", "2d", "")),
        ("plan/features/d.toml", &feature("Docs", "bob", "4d", "")),
    ]);
    repo.commit("Add cleanup and docs");
    repo.write(&[(
        "plan/features/c.toml",
        &feature("Cleanup", "bob", "2d", "status = \"cut\"\n"),
    )]);
    repo.commit("Cut the cleanup");
    repo.remove("plan/features/d.toml");
    repo.write(&[("plan/features/docs.toml", &feature("Docs", "bob", "4d", ""))]);
    repo.commit("Rename d to docs");
    repo.write(&[(
        "plan/features/b.toml",
        &feature("Beta", "ana", "6d", "depends-on = [\"aa\"]\n"),
    )]);
    let c7 = repo.commit("Typo in a dependency");
    repo.write(&[("plan/features/b.toml", &feature("Beta", "ana", "6d", AFTER_A))]);
    let c8 = repo.commit("Fix the dependency");
    {
        let c8 = repo.repo.find_commit(c8).unwrap();
        repo.repo.branch("main", &c8, true).unwrap();
        repo.repo.branch("topic", &c8, true).unwrap();
    }
    repo.checkout("topic");
    repo.write(&[("plan/features/e.toml", &feature("Extra", "bob", "1d", ""))]);
    let t1 = repo.commit("Topic: add extra");
    repo.checkout("main");
    repo.author = ("Bob Stone", "bob@example.com");
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "bob", "6d", ""))]);
    let c10 = repo.commit("Bob takes alpha");
    repo.author = ("Ana Ruiz", "ana@example.com");
    repo.write(&[("plan/features/e.toml", &feature("Extra", "bob", "1d", ""))]);
    let c11 = repo.commit_with("Merge branch 'topic'", &[t1]);
    (repo, [c1, c7, c10, c11])
}

fn json(repo: &Repo, args: &[&str]) -> Value {
    let out = run(repo.milepost().args(["history", "--format", "json"]).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// A commit dated past what a timestamp holds (9999-12-31T23:59:59, a
/// clock gone wrong or a forged commit) is shown on the last date there
/// is, not on 0000-01-01 in a week of the year -1.
#[test]
fn a_commit_past_the_last_date_is_on_the_last_date() {
    let repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
        ("plan/features/a.toml", "title = \"A\"\nestimate = \"2d\"\n"),
    ]);
    // (With the `git` command: libgit2 writes a time past 2106 modulo 2^32.)
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .envs([("GIT_AUTHOR_NAME", "Ana Ruiz"), ("GIT_AUTHOR_EMAIL", "ana@example.com")])
            .envs([
                ("GIT_COMMITTER_NAME", "Ana Ruiz"),
                ("GIT_COMMITTER_EMAIL", "ana@example.com"),
            ])
            .envs([
                ("GIT_AUTHOR_DATE", "@253402300799 +0000"),
                ("GIT_COMMITTER_DATE", "@253402300799 +0000"),
            ])
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(&["add", "plan"]);
    git(&["commit", "--quiet", "-m", "far"]);
    let h = json(&repo, &[]);
    assert_eq!(strings(&h["log"], "date"), ["9999-12-31"]);
    assert_eq!(strings(&h["weeks"], "week"), ["9999-12-27"]);
    // A valid plan that cannot be scheduled as of that date (its work runs
    // past the year 9000) is said so, not silently left out of the charts.
    assert_eq!((h["valid"].as_u64(), h["unscheduled"].as_u64()), (Some(1), Some(1)));
    assert_eq!(h["log"][0]["state"], "valid");
    assert_eq!(h["log"][0]["scheduled"], false);
    assert_eq!(h["scope"].as_array().map(Vec::len), Some(0));
    let out = run(repo.milepost().arg("history"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for said in [
        "1 with a valid plan (1 of them could not be scheduled as of the commit's date, left out of the charts)",
        "· ⚠️ the plan could not be scheduled as of 9999-12-31",
    ] {
        assert!(out.stdout.contains(said), "{said}\n{}", out.stdout);
    }
}

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x[key].as_str().unwrap_or("-").to_string())
        .collect()
}

fn ints(v: &Value, key: &str) -> Vec<i64> {
    v.as_array().unwrap().iter().map(|x| x[key].as_i64().unwrap()).collect()
}

#[test]
fn the_main_line_is_walked_and_each_plan_scheduled_as_of_its_commit() {
    let (repo, [c1, ..]) = scripted();
    let h = json(&repo, &[]);
    // 11 commits on the main line (the topic commit is not on it); the
    // code-only commit did not touch the plan.
    assert_eq!(h["commits_seen"], 10);
    assert_eq!(h["commits"], 9);
    assert_eq!(
        (h["valid"].as_i64(), h["invalid"].as_i64(), h["missing"].as_i64()),
        (Some(8), Some(1), Some(0))
    );
    assert_eq!(h["shallow"], Value::Null);
    assert_eq!(h["first_parent"], true);
    assert_eq!(h["project"], "History");

    // The change log, newest first.
    let log = &h["log"];
    assert_eq!(
        strings(log, "subject"),
        [
            "Merge branch 'topic'",
            "Bob takes alpha",
            "Fix the dependency",
            "Typo in a dependency",
            "Rename d to docs",
            "Cut the cleanup",
            "Add cleanup and docs",
            "Beta needs a migration",
            "Plan the release"
        ]
    );
    assert_eq!(
        strings(log, "date"),
        [
            "2026-03-13",
            "2026-03-12",
            "2026-03-10",
            "2026-03-09",
            "2026-03-08",
            "2026-03-07",
            "2026-03-06",
            "2026-03-04",
            "2026-03-03"
        ]
    );
    assert_eq!(log[8]["commit"], c1.to_string());
    assert_eq!(log[7]["author"], "Bob Stone");
    assert_eq!(log[0]["merge"], true);
    assert_eq!(
        strings(log, "state"),
        [
            "valid", "valid", "valid", "invalid", "valid", "valid", "valid", "valid", "valid"
        ]
    );

    // The slip of `ga`: a point where the forecast changed, and the last.
    let ga = &h["milestones"][0];
    assert_eq!(
        (ga["id"].as_str(), ga["first"].as_str(), ga["last"].as_str()),
        (Some("ga"), Some("2026-03-12"), Some("2026-03-30"))
    );
    assert_eq!((ga["slip_days"].as_i64(), ga["late"].as_bool()), (Some(12), Some(true)));
    let points = &ga["points"];
    assert_eq!(
        strings(points, "date"),
        [
            "2026-03-03",
            "2026-03-04",
            "2026-03-06",
            "2026-03-07",
            "2026-03-10",
            "2026-03-12",
            "2026-03-13"
        ]
    );
    assert_eq!(
        strings(points, "forecast"),
        [
            "2026-03-12",
            "2026-03-18",
            "2026-03-20",
            "2026-03-23",
            "2026-03-24",
            "2026-03-27",
            "2026-03-30"
        ]
    );
    assert_eq!(ints(points, "slip_days"), [0, 4, 6, 7, 8, 11, 12]);
    assert_eq!(ints(points, "margin_days"), [6, 2, 0, -1, -2, -5, -6]);
}

#[test]
fn scope_over_time_and_per_week() {
    let (repo, _) = scripted();
    let h = json(&repo, &[]);
    // Valid commits only: the invalid one (03-09) is left out.
    let scope = &h["scope"];
    assert_eq!(
        strings(scope, "date"),
        [
            "2026-03-03",
            "2026-03-04",
            "2026-03-06",
            "2026-03-07",
            "2026-03-08",
            "2026-03-10",
            "2026-03-12",
            "2026-03-13"
        ]
    );
    assert_eq!(ints(scope, "features"), [2, 2, 4, 3, 3, 3, 3, 4]);
    assert_eq!(ints(scope, "cut"), [0, 0, 0, 1, 1, 1, 1, 1]);
    // a 5 + b 3; b 6; + c 2 + d 4; - c; ...; a 6; + e 1.
    let days: Vec<f64> = scope
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["estimate_days"].as_f64().unwrap())
        .collect();
    assert_eq!(days, [8.0, 11.0, 17.0, 15.0, 15.0, 15.0, 16.0, 17.0]);

    // Week of 03-02: c1 adds a and b (8d), c4 adds c and d (6d), c5 cuts
    // c (2d), c2 raises b by 3d; the rename adds nothing. Net 8 + 6 - 2 + 3 = 15.
    // Week of 03-09: the merge adds e (1d), c10 raises a by 1d. Net 2.
    let weeks = &h["weeks"];
    assert_eq!(strings(weeks, "week"), ["2026-03-02", "2026-03-09"]);
    assert_eq!(ints(weeks, "commits"), [5, 4]);
    assert_eq!(ints(weeks, "added"), [4, 1]);
    assert_eq!(ints(weeks, "cut"), [1, 0]);
    let f = |k: &str| -> Vec<f64> {
        weeks
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w[k].as_f64().unwrap())
            .collect()
    };
    assert_eq!(f("added_days"), [14.0, 1.0]);
    assert_eq!(f("cut_days"), [2.0, 0.0]);
    assert_eq!(f("reestimated_days"), [3.0, 1.0]);
    assert_eq!(f("net_days"), [15.0, 2.0]);
}

#[test]
fn the_change_log_says_what_each_commit_did() {
    let (repo, _) = scripted();
    let h = json(&repo, &[]);
    let log = h["log"].as_array().unwrap();
    let changes = |i: usize| -> Vec<(String, String)> {
        log[i]["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["change"].as_str().unwrap().to_string(),
                    c["id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |c: &str, id: &str| (c.to_string(), id.to_string());

    // The merge adds `e`: compared with the main line's parent, as of its
    // own date both sides put `ga` on 03-30, so no milestone moves.
    assert_eq!(changes(0), [pair("added", "e")]);
    assert_eq!(log[0]["milestones"], serde_json::json!([]));
    // e costs 1 × 400.
    assert_eq!(log[0]["cost_delta"], 400.0);

    // c10: Bob takes `a` at 6d. As of 03-12 the parent's plan reaches `ga`
    // on 03-26 (a 12..18, b 19..26) and this one on 03-27: +1 working day.
    // Cost: 5 × 500 → 6 × 400, -€100.
    assert_eq!(changes(1), [pair("changed", "a")]);
    let details: Vec<&str> = log[1]["items"][0]["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap())
        .collect();
    assert_eq!(details, ["owner: ana → bob", "estimate: 5d → 6d"]);
    let m = &log[1]["milestones"][0];
    assert_eq!(
        (m["before"].as_str(), m["after"].as_str(), m["delta_days"].as_i64()),
        (Some("2026-03-26"), Some("2026-03-27"), Some(1))
    );
    assert_eq!(log[1]["cost_delta"], -100.0);

    // The typo: the plan is invalid, its problem is new; the fix fixes it.
    assert_eq!(log[3]["errors"], 1);
    assert_eq!(log[3]["problems_new"][0]["code"], "E0203");
    assert_eq!(log[2]["problems_fixed"][0]["code"], "E0203");

    // The rename is one item renamed, with nothing else changed.
    assert_eq!(changes(4), [pair("renamed", "docs")]);
    assert_eq!(log[4]["items"][0]["renamed_from"], "d");
    assert_eq!(log[4]["summary"], "1 feature renamed");

    assert_eq!(changes(5), [pair("cut", "c")]);
    assert_eq!(changes(6), [pair("added", "c"), pair("added", "d")]);
    // The first commit compares with no plan at all: everything is added.
    assert_eq!(
        changes(8),
        [pair("added", "ga"), pair("added", "a"), pair("added", "b")]
    );
    assert!(log.iter().all(|e| e["compared"] == true));
}

#[test]
fn the_life_of_one_item_follows_renames() {
    let (repo, _) = scripted();
    let h = json(&repo, &["--item", "a"]);
    let a = &h["item"];
    assert_eq!(
        (a["kind"].as_str(), a["title"].as_str(), a["exists"].as_bool()),
        (Some("feature"), Some("Alpha"), Some(true))
    );
    let events = &a["events"];
    assert_eq!(strings(events, "change"), ["added", "changed"]);
    assert_eq!(strings(events, "author"), ["Ana Ruiz", "Bob Stone"]);
    assert_eq!(strings(events, "date"), ["2026-03-03", "2026-03-12"]);
    assert_eq!(
        events[0]["details"],
        serde_json::json!(["owner: ana", "milestone: ga", "estimate: 5d"])
    );

    let docs = json(&repo, &["--item", "docs"]);
    let docs = &docs["item"];
    assert_eq!(docs["ids"], serde_json::json!(["d", "docs"]));
    assert_eq!(strings(&docs["events"], "change"), ["added", "renamed"]);

    // An id the history never had: an error with a suggestion.
    let out = run(repo.milepost().args(["history", "--item", "dosc"]));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(
        out.stderr.contains("no item `dosc` in the plan's history"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("did you mean `docs`?"), "{}", out.stderr);
}

#[test]
fn windows_ranges_and_every_parent() {
    let (repo, [_, c7, c10, _]) = scripted();
    // From 03-09: the typo onwards; the first is still compared with its parent.
    let h = json(&repo, &["--since", "2026-03-09"]);
    assert_eq!(
        strings(&h["log"], "date"),
        ["2026-03-13", "2026-03-12", "2026-03-10", "2026-03-09"]
    );
    assert_eq!(h["log"][3]["commit"], c7.to_string());
    assert_eq!(h["log"][3]["compared"], true);
    assert_eq!(h["since"], "2026-03-09");
    let h = json(&repo, &["--until", "2026-03-04"]);
    assert_eq!(strings(&h["log"], "date"), ["2026-03-04", "2026-03-03"]);
    // A window without a commit is still the project's history, named as
    // the plan the walk starts from names it.
    let h = json(&repo, &["--since", "2027-01-01"]);
    assert_eq!(
        (h["commits"].as_u64(), h["project"].as_str()),
        (Some(0), Some("History"))
    );
    let md = run(repo.milepost().args(["history", "--since", "2027-01-01"]));
    assert!(md.stdout.starts_with("# History: history\n"), "{}", md.stdout);
    // A window that ends before it starts is a mistake, not an empty history.
    let swapped = run(repo
        .milepost()
        .args(["history", "--since", "2026-03-09", "--until", "2026-03-04"]));
    assert_eq!(swapped.code, 2, "{}", swapped.stderr);
    assert!(
        swapped
            .stderr
            .contains("`--since 2026-03-09` is after `--until 2026-03-04`")
            && swapped.stderr.contains("`--since 2026-03-04 --until 2026-03-09`"),
        "{}",
        swapped.stderr
    );

    // A range: after c10's parent, up to HEAD, on the main line.
    let range = format!("{c10}~1..HEAD");
    let h = json(&repo, &["--rev-range", &range]);
    assert_eq!(
        strings(&h["log"], "subject"),
        ["Merge branch 'topic'", "Bob takes alpha"]
    );

    // `--since REV`: the commits after REV, as `--rev-range REV..HEAD`.
    let after = format!("{c10}~1");
    let h = json(&repo, &["--since", &after]);
    assert_eq!(
        strings(&h["log"], "subject"),
        ["Merge branch 'topic'", "Bob takes alpha"]
    );
    // With a range that names where to walk back from: up to there.
    let h = json(&repo, &["--since", &after, "--rev-range", "HEAD~1"]);
    assert_eq!(strings(&h["log"], "subject"), ["Bob takes alpha"]);
    // With a range that has a start of its own: which start is meant?
    let out = run(repo
        .milepost()
        .args(["history", "--since", &after, "--rev-range", "HEAD~2..HEAD"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("both say where the walk starts"), "{}", out.stderr);
    assert!(out.stderr.contains("give the start once"), "{}", out.stderr);

    // Every parent: the topic commit is listed; the merge too, since its
    // plan differs from both parents'.
    let h = json(&repo, &["--all-parents"]);
    assert_eq!(h["first_parent"], false);
    assert_eq!(h["commits"], 10);
    assert!(strings(&h["log"], "subject").contains(&"Topic: add extra".to_string()));

    // Errors: an unknown revision, three dots, a date that is not one.
    let out = run(repo.milepost().args(["history", "--rev-range", "nope..HEAD"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("nope..HEAD"), "{}", out.stderr);
    assert!(
        out.stderr.contains("`git log --oneline` lists commits"),
        "{}",
        out.stderr
    );
    let out = run(repo.milepost().args(["history", "--rev-range", "HEAD~2...HEAD"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("`HEAD~2...HEAD` is a three-dot range"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("use `A..B`"), "{}", out.stderr);
    let out = run(repo.milepost().args(["history", "--since", "2026-02-30"]));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("2026-02-30"), "{}", out.stderr);
}

#[test]
fn a_shallow_clone_says_how_much_history_it_has() {
    let (repo, _) = scripted();
    let dir = tempfile::tempdir().unwrap();
    let clone = repo.shallow_clone(dir.path(), 3, &[]);
    let out = run(crate::support::milepost()
        .current_dir(&clone)
        .args(["history", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let h: Value = serde_json::from_str(&out.stdout).unwrap();
    let shallow = &h["shallow"];
    assert!(shallow["hint"].as_str().unwrap().contains("fetch-depth: 0"));
    // Depth 3 on the main line: the merge, c10 and c8.
    assert_eq!(
        strings(&h["log"], "subject"),
        ["Merge branch 'topic'", "Bob takes alpha", "Fix the dependency"]
    );
    assert_eq!(shallow["oldest_date"], "2026-03-10");
    // The oldest has no parent here to compare with.
    let log = h["log"].as_array().unwrap();
    assert_eq!(log[2]["compared"], false);
    assert_eq!(log[2]["items"], serde_json::json!([]));
    assert_eq!(log[1]["compared"], true);

    let out = run(crate::support::milepost().current_dir(&clone).arg("history"));
    assert!(out.stdout.contains("shallow clone"), "{}", out.stdout);
    assert!(out.stdout.contains("fetch-depth: 0"), "{}", out.stdout);
}

#[test]
fn markdown_history_and_item_life() {
    let (repo, _) = scripted();
    let out = run(repo.milepost().arg("history"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = redact(&repo, &out.stdout);
    insta::assert_snapshot!("history-markdown", text);
    let found = crate::report::check_markdown("history", &out.stdout);
    // Milestones, the slip table, weeks; a slip chart and the burn-up.
    assert_eq!(found.tables, 3);
    let charts: Vec<&(String, String)> = found.fenced.iter().filter(|(info, _)| info == "mermaid").collect();
    assert_eq!(charts.len(), 2);
    assert!(charts.iter().all(|(_, c)| c.contains("\nxychart-beta\n")));

    let out = run(repo.milepost().args(["history", "--item", "docs"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("history-item-docs", redact(&repo, &out.stdout));
    assert_eq!(crate::report::check_markdown("history --item", &out.stdout).tables, 1);
}

/// Without `--format`, `-o FILE.json` writes the JSON and any other file
/// the Markdown, the very text standard output gets.
#[test]
fn the_file_extension_picks_the_format_when_none_is_given() {
    let (repo, _) = scripted();
    let dir = tempfile::tempdir().unwrap();
    let stdout = |args: &[&str]| {
        let out = run(repo.milepost().arg("history").args(args));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let (json, markdown) = (stdout(&["--format", "json"]), stdout(&[]));
    assert_ne!(json, markdown);
    for (name, args, expected) in [
        ("history.json", &[][..], &json),
        ("HISTORY.JSON", &[], &json),
        ("history.md", &[], &markdown),
        ("history.json", &["--format", "markdown"], &markdown),
    ] {
        let file = dir.path().join(name);
        let out = run(repo.milepost().arg("history").args(args).arg("-o").arg(&file));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(&std::fs::read_to_string(&file).unwrap(), expected, "{name} {args:?}");
    }
}

/// Commit ids are fixed by the fixed dates and authors, but long: keep the
/// snapshots readable by naming them.
fn redact(repo: &Repo, text: &str) -> String {
    let mut walk = repo.repo.revwalk().unwrap();
    walk.push_head().unwrap();
    let mut out = text.to_string();
    for id in walk {
        let id = id.unwrap();
        let c = repo.repo.find_commit(id).unwrap();
        let name = format!("<{}>", String::from_utf8_lossy(c.summary_bytes().unwrap()));
        out = out.replace(&id.to_string()[..7], &name);
    }
    out
}

#[test]
fn outside_a_repository_or_before_the_first_commit_it_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(crate::support::milepost().current_dir(dir.path()).arg("history"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: `milepost history` reads the plan from Git, but `"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("run milepost inside the Git repository"),
        "{}",
        out.stderr
    );
    // Nothing to drop: history is Git by nature.
    assert!(!out.stderr.contains("drop"), "{}", out.stderr);

    // A repository without commits, whatever reads a revision: no
    // revision resolves there, and that is what is said (not "unknown
    // revision `HEAD`" with a hint about shallow clones).
    // Whatever the branch HEAD names: `master`, or `main` as `git init -b
    // main` and GitHub make it (which libgit2 does not call empty).
    let repo = Repo::new();
    let main = tempfile::tempdir().unwrap();
    git2::Repository::init_opts(main.path(), git2::RepositoryInitOptions::new().initial_head("main")).unwrap();
    for dir in [repo.path(), main.path()] {
        crate::support::write_files(
            dir,
            &[("plan/project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n")],
        );
        for args in [
            &["history"][..],
            &["diff"],
            &["check", "--rev", "HEAD"],
            &["report", "--baseline", "HEAD"],
        ] {
            let out = run(crate::support::milepost().current_dir(dir).args(args));
            assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
            assert!(out.stderr.contains("has no commits yet"), "{args:?}: {}", out.stderr);
            assert!(out.stderr.contains("commit the plan first"), "{args:?}: {}", out.stderr);
            assert!(!out.stderr.contains("shallow"), "{args:?}: {}", out.stderr);
        }
    }

    // A bare repository has no working tree to find the plan in: said so,
    // with where to run instead (not a damaged or shallow repository).
    let bare = tempfile::tempdir().unwrap();
    git2::Repository::init_bare(bare.path()).unwrap();
    for args in [
        &["history", "--plan", "plan"][..],
        &["diff", "HEAD", "HEAD", "--plan", "plan"],
    ] {
        let out = run(crate::support::milepost().current_dir(bare.path()).args(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("is bare: it has no working tree"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("`git worktree add DIR`"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("fsck"), "{args:?}: {}", out.stderr);
    }
}

/// An item whose file was deleted and later written again under the same
/// id is one item: its life tells both, not the second alone.
#[test]
fn the_life_of_an_item_added_again_tells_its_earlier_life() {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", GA),
        ("plan/features/a.toml", &feature("Alpha", "ana", "5d", "")),
    ]);
    repo.commit("Add a");
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ana", "6d", ""))]);
    repo.commit("a 6d");
    repo.remove("plan/features/a.toml");
    repo.commit("Drop a");
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ana", "7d", ""))]);
    repo.commit("a is back");
    let h = json(&repo, &["--item", "a"]);
    let life = &h["item"];
    assert_eq!(
        strings(&life["events"], "change"),
        ["added", "changed", "removed", "added"]
    );
    assert_eq!(
        (life["exists"].as_bool(), life["ids"].clone()),
        (Some(true), serde_json::json!(["a"]))
    );
}

/// A commit that declares its encoding (`i18n.commitEncoding`, here
/// ISO-8859-1) is read in it, as `git log` reads it: its subject and author
/// are not shown with U+FFFD.
#[test]
fn a_commit_in_latin1_is_read_in_latin1() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    crate::support::write_files(p, &[("plan/project.toml", PROJECT), ("plan/milestones/ga.toml", GA)]);
    let git = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new("git")
            .current_dir(p)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_AUTHOR_DATE", "2026-03-03T08:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-03-03T08:00:00Z")
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    let os = |b: &[u8]| std::ffi::OsStr::from_bytes(b).to_os_string();
    git(&[&os(b"init"), &os(b"-q")]);
    git(&[&os(b"add"), &os(b"plan")]);
    git(&[
        &os(b"-c"),
        &os(b"i18n.commitEncoding=ISO-8859-1"),
        &os(b"-c"),
        &os(b"user.name=Jos\xe9"),
        &os(b"-c"),
        &os(b"user.email=jose@example.com"),
        &os(b"commit"),
        &os(b"-q"),
        &os(b"-m"),
        &os(b"Caf\xe9 plan"),
    ]);
    let out = run(crate::support::milepost()
        .current_dir(p)
        .args(["history", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let h: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        (h["log"][0]["subject"].as_str(), h["log"][0]["author"].as_str()),
        (Some("Café plan"), Some("José"))
    );
}

/// A revision past the first commit is said so in the user's terms, and
/// `--since REV` names REV as given, not the range made of it.
#[test]
fn a_revision_past_the_first_commit_is_said_so() {
    let (repo, _) = scripted();
    // 10 commits on the first-parent line: HEAD has 9 before it.
    for args in [
        &["diff", "HEAD~12", "--runs", "0"][..],
        &["history", "--since", "HEAD~12"],
    ] {
        let out = run(repo.milepost().args(args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(
                "error: unknown revision `HEAD~12`: it goes back 12 commits from `HEAD`, past the first commit: `HEAD` has 9 commits before it on its first-parent line\n"
            ),
            "{args:?}: {}",
            out.stderr
        );
    }
    // The first commit has no second parent.
    let out = run(repo.milepost().args(["diff", "HEAD~9^2", "--runs", "0"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("it names a parent a commit does not have"),
        "{}",
        out.stderr
    );
}

/// A full clone that lost a commit (not a shallow one, which says so
/// cleanly): the error names the object Git could not read and how to find
/// out why.
#[test]
fn a_missing_commit_is_an_error_with_a_way_out() {
    let (repo, [c1, ..]) = scripted();
    let hex = c1.to_string();
    let object = repo.path().join(".git/objects").join(&hex[..2]).join(&hex[2..]);
    std::fs::remove_file(&object).unwrap();
    let out = run(repo.milepost().arg("history"));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.starts_with("error: git: "), "{}", out.stderr);
    assert!(out.stderr.contains(&hex), "{}", out.stderr);
    assert!(out.stderr.contains("`git fsck`"), "{}", out.stderr);
}

#[test]
fn templates_that_are_no_directory_are_refused() {
    let (repo, _) = scripted();
    let out = run(repo.milepost().args(["history", "--templates", "plan/project.toml"]));
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    assert!(
        out.stderr
            .starts_with("error: `--templates plan/project.toml` is a file, not a directory"),
        "{}",
        out.stderr
    );
}

/// The JSON fits `schema/history-context.schema.json`, in full, for an
/// item and for a shallow-free walk with every kind of entry.
#[test]
fn the_json_fits_its_schema() {
    let schema: Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::HistoryContext)).unwrap();
    let (repo, _) = scripted();
    for args in [&[][..], &["--item", "docs"][..], &["--all-parents"][..]] {
        let h = json(&repo, args);
        crate::schema::conforms(&schema, &schema, &h, "$");
    }
}

/// Following every parent, a merged branch's changes count once: on the
/// branch, not again at the merge. An old id is followed forward through
/// its rename.
#[test]
fn every_parent_counts_a_branch_once_and_old_ids_are_followed() {
    let (repo, _) = scripted();
    let h = json(&repo, &["--all-parents"]);
    // Week of 03-09: `e` added once (on the topic branch), `a` re-estimated.
    assert_eq!(ints(&h["weeks"], "added"), [4, 1]);
    let merge = h["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["merge"] == true)
        .unwrap();
    assert_eq!(merge["items"], serde_json::json!([]));

    let d = json(&repo, &["--item", "d"]);
    let d = &d["item"];
    assert_eq!(d["ids"], serde_json::json!(["d", "docs"]));
    assert_eq!(d["exists"], true);
    assert_eq!(strings(&d["events"], "change"), ["added", "renamed"]);
}

/// Following every parent, a merge that takes `project.toml` from its first
/// parent and a feature from the other changes neither: the feature's
/// change is the branch's, counted once (not again against the first
/// parent, as when `project.toml` differing from the branch made every
/// item count as the merge's).
#[test]
fn every_parent_a_merge_taking_each_side_changes_nothing() {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", GA),
        ("plan/features/a.toml", &feature("Alpha", "ana", "5d", "")),
    ]);
    let base = repo.commit("Plan"); // 03-03
    {
        let base = repo.repo.find_commit(base).unwrap();
        repo.repo.branch("main", &base, true).unwrap();
        repo.repo.branch("topic", &base, true).unwrap();
    }
    repo.checkout("topic");
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ana", "8d", ""))]);
    let topic = repo.commit("Topic: alpha 8d"); // 03-04
    repo.checkout("main");
    repo.write(&[("plan/project.toml", &PROJECT.replace("Ana Ruiz", "Ana Ruiz Lee"))]);
    repo.commit("Main: a name"); // 03-05
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ana", "8d", ""))]);
    repo.commit_with("Merge branch 'topic'", &[topic]); // 03-06
    let h = json(&repo, &["--all-parents"]);
    let merge = h["log"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["merge"] == true)
        .unwrap();
    assert_eq!(merge["items"], serde_json::json!([]), "{merge}");
    let a = json(&repo, &["--all-parents", "--item", "a"]);
    assert_eq!(strings(&a["item"]["events"], "change"), ["added", "changed"]);
    // One week: `a` added (5d), re-estimated once (+3d), nothing unexplained.
    let w = &h["weeks"][0];
    assert_eq!(
        (w["added_days"].as_f64(), w["reestimated_days"].as_f64()),
        (Some(5.0), Some(3.0))
    );
    assert_eq!(
        (w["net_days"].as_f64(), w["unattributed_days"].as_f64()),
        (Some(8.0), Some(0.0))
    );
}

/// Each week's net scope is what its own commits moved the live estimate,
/// each from its parent's: a walk that starts after the plan was created
/// (`--rev-range`, `--since`) starts from the plan there, not from nothing;
/// a commit dated out of order counts in its own week; following every
/// parent, a merge counts only what it changed itself. Nothing is
/// unattributed, since every plan was read.
#[test]
fn weekly_net_scope_counts_each_commit_from_its_parent() {
    let mut repo = Repo::new();
    let plan = |repo: &Repo, a: &str, b: &str| {
        repo.write(&[
            ("plan/project.toml", PROJECT),
            ("plan/milestones/ga.toml", GA),
            ("plan/features/a.toml", &feature("Alpha", "ana", a, "")),
            ("plan/features/b.toml", &feature("Beta", "ana", b, "")),
        ]);
    };
    plan(&repo, "5d", "3d");
    let c1 = repo.commit("8 days").to_string(); // Tue 03-03
    for (a, n) in [("6d", 9), ("7d", 10), ("8d", 11)] {
        plan(&repo, a, "3d");
        repo.commit(&format!("{n} days")); // 03-04, 03-05, 03-06
    }
    let net = |h: &Value| -> Vec<(f64, f64)> {
        h["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["net_days"].as_f64().unwrap(),
                    w["unattributed_days"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    // From 8 days at c1 to 11: +3, all re-estimates.
    let range = format!("{c1}..HEAD");
    for args in [["--rev-range", range.as_str()], ["--since", c1.as_str()]] {
        let h = json(&repo, &args);
        assert_eq!(net(&h), [(3.0, 0.0)], "{args:?}: {}", h["weeks"]);
        assert_eq!(h["weeks"][0]["reestimated_days"], 3.0);
    }
    // A commit dated in 2027 (+1 on `b`), then one back in the week of
    // 03-02 (Sat 03-07, +1 on `a`).
    let back = repo.time;
    repo.time = 1_798_790_400; // 2027-01-01T08:00:00Z: the commit is a day later
    plan(&repo, "8d", "4d");
    repo.commit("12 days, dated 2027");
    repo.time = back;
    plan(&repo, "9d", "4d");
    repo.commit("13 days"); // Sat 03-07
    // Week of 03-02: +8 (added) +3 +1; week of 2026-12-28 (2027-01-02): +1.
    let h = json(&repo, &[]);
    assert_eq!(net(&h), [(12.0, 0.0), (1.0, 0.0)], "{}", h["weeks"]);

    // A branch and a merge the week after: the branch's +1 counts on the
    // branch, not again at the merge; the first-parent line sees it at the
    // merge.
    let mut repo = Repo::new();
    plan(&repo, "5d", "3d");
    let base = repo.commit("8 days"); // 03-03
    {
        let base = repo.repo.find_commit(base).unwrap();
        repo.repo.branch("main", &base, true).unwrap();
        repo.repo.branch("topic", &base, true).unwrap();
    }
    repo.checkout("topic");
    plan(&repo, "5d", "4d");
    let topic = repo.commit("Topic: beta 4d"); // 03-04
    repo.checkout("main");
    plan(&repo, "8d", "3d");
    repo.commit("Main: alpha 8d"); // 03-05
    repo.time += 4 * 86_400;
    plan(&repo, "8d", "4d");
    repo.commit_with("Merge branch 'topic'", &[topic]); // Tue 03-10
    let h = json(&repo, &["--all-parents"]);
    assert_eq!(net(&h), [(12.0, 0.0), (0.0, 0.0)], "{}", h["weeks"]);
    let h = json(&repo, &[]);
    assert_eq!(net(&h), [(11.0, 0.0), (1.0, 0.0)], "{}", h["weeks"]);
}

/// Scope per week counts live work only, and says what the change log could
/// not attribute; a first commit with only `project.toml` is a change.
#[test]
fn weekly_scope_counts_live_work_and_unreadable_gaps() {
    let mut repo = Repo::new();
    repo.write(&[("plan/project.toml", PROJECT)]);
    repo.commit("Start"); // 03-03
    repo.write(&[
        ("plan/milestones/ga.toml", GA),
        ("plan/features/a.toml", &feature("Alpha", "ana", "5d", "")),
        (
            "plan/features/b.toml",
            &feature("Beta", "ana", "3d", "status = \"cut\"\n"),
        ),
    ]);
    repo.commit("Add"); // 03-04
    // Re-estimating a cut feature moves nothing.
    repo.write(&[(
        "plan/features/b.toml",
        &feature("Beta", "ana", "30d", "status = \"cut\"\n"),
    )]);
    repo.commit("Re-estimate the cut one"); // 03-05
    // `a` unreadable, then fixed and raised to 7d: +2d the log cannot see.
    repo.write(&[("plan/features/a.toml", "title = \"Alpha\nbroken")]);
    repo.commit("Break a"); // 03-06
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ana", "7d", ""))]);
    repo.commit("Fix a"); // 03-07
    let h = json(&repo, &[]);
    // The first commit's parent had no plan: the diff engine's wording.
    let first = &h["log"][4];
    assert_eq!(
        first["summary"],
        format!("No plan at {}^", first["short"].as_str().unwrap())
    );
    let w = &h["weeks"][0];
    // Live scope: 0 → 5 (a) → 5 → (unreadable) → 7.
    assert_eq!((w["added"].as_i64(), w["added_days"].as_f64()), (Some(1), Some(5.0)));
    assert_eq!(w["reestimated_days"], 0.0);
    assert_eq!(w["net_days"], 7.0);
    assert_eq!(w["unattributed_days"], 2.0);
    assert_eq!((h["valid"].as_i64(), h["invalid"].as_i64()), (Some(4), Some(1)));
}
