//! `milepost history` against `milepost diff`, commit by commit, on a
//! generated history (`benches/synth_git.rs`): features added, estimates
//! changed, work started and finished, features cut, files renamed,
//! dependencies added, deadlines moved, broken commits fixed by the next
//! one, merges.
//!
//! A history walk takes shortcuts `diff` does not: each commit's plan is
//! validated after its parent's (a feature whose file did not change keeps
//! its problems; the graph rules are skipped when no link moved), only the
//! items whose files changed are compared, and schedules start from the
//! calendar of the schedule before. `diff PARENT COMMIT --as-of DATE` loads,
//! validates, schedules and compares both sides from scratch. Every log
//! entry must say exactly what that `diff` says.

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde_json::Value;

use crate::support::{PROJECT, Repo, milepost, run};
use crate::synth_git;

fn json(dir: &std::path::Path, args: &[&str]) -> Value {
    let out = run(milepost().current_dir(dir).args(args));
    assert!(out.code <= 1, "milepost {args:?} failed: {}", out.stderr);
    match serde_json::from_str(&out.stdout) {
        Ok(v) => v,
        Err(e) => panic!("milepost {args:?}: not JSON ({e}): {}", out.stdout),
    }
}

/// A generated history (`benches/synth_git.rs`) in a temporary directory:
/// the directory (removed when dropped), the repository's path in it, and
/// what the history holds.
fn generated(commits: usize, features: usize, seed: u64) -> (tempfile::TempDir, PathBuf, synth_git::Summary) {
    let tmp = tempfile::TempDir::new().unwrap();
    let dir = tmp.path().join("repo");
    let options = synth_git::Options {
        commits,
        features,
        seed,
    };
    let summary = synth_git::history(&dir, &options).unwrap();
    (tmp, dir, summary)
}

#[test]
fn every_log_entry_is_what_diff_says_of_its_commit() {
    // A seed whose history breaks the plan in all three ways the generator
    // knows (a TOML syntax error, an unknown owner, a renamed file whose
    // dependents still name the old id), with renames and merges.
    let (_tmp, dir, summary) = generated(360, 60, 8);
    assert!(
        summary.invalid >= 3 && summary.renames > 0 && summary.merges > 0,
        "{summary:?}"
    );

    let (kinds, codes) = log_matches_diff(&dir);
    // The history exercised what it is meant to.
    for kind in ["added", "changed", "cut", "renamed"] {
        assert!(kinds.contains(kind), "no item {kind} in {kinds:?}");
    }
    // A syntax error, an unknown person, an unknown dependency.
    for code in ["E0001", "E0202", "E0203"] {
        assert!(codes.contains(code), "no new {code} in {codes:?}");
    }
}

/// Checks every log entry of `history` in the repository `dir` against
/// `diff` of its commit; returns the kinds of item changes and the codes of
/// the new problems seen.
fn log_matches_diff(dir: &std::path::Path) -> (BTreeSet<String>, BTreeSet<String>) {
    let history = json(dir, &["history", "--plan", "plan", "--format", "json"]);
    let log = history["log"].as_array().unwrap();
    let mut kinds = BTreeSet::new();
    let mut codes = BTreeSet::new();
    // Newest first: the last entry is the root commit, compared with no plan.
    for entry in &log[..log.len() - 1] {
        assert_eq!(entry["compared"], Value::Bool(true));
        let commit = entry["commit"].as_str().unwrap();
        let date = entry["date"].as_str().unwrap();
        let d = json(
            dir,
            &[
                "diff",
                &format!("{commit}^1"),
                commit,
                "--plan",
                "plan",
                "--as-of",
                date,
                "--format",
                "json",
            ],
        );
        let at = format!("commit {} ({})", entry["short"], entry["subject"]);
        // The log adds a sentence per item (`details`); the rest is the diff's.
        let items: Vec<Value> = entry["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                let mut i = i.clone();
                i.as_object_mut().unwrap().remove("details");
                i
            })
            .collect();
        assert_eq!(Value::from(items), d["items"], "{at}: items");
        let moved: Vec<&Value> = d["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["before"] != m["after"] || m["late_before"] != m["late_after"])
            .collect();
        assert_eq!(
            entry["milestones"].as_array().unwrap().iter().collect::<Vec<_>>(),
            moved,
            "{at}: milestones"
        );
        assert_eq!(entry["cost_before"], d["cost"]["before"], "{at}: cost before");
        assert_eq!(entry["cost_after"], d["cost"]["after"], "{at}: cost after");
        assert_eq!(entry["problems_new"], d["problems"]["new"], "{at}: new problems");
        assert_eq!(entry["problems_fixed"], d["problems"]["fixed"], "{at}: fixed problems");
        assert_eq!(entry["errors"], d["head"]["errors"], "{at}: errors");
        assert_eq!(entry["warnings"], d["head"]["warnings"], "{at}: warnings");
        // The log names a commit by its short id, `diff` as it was given.
        let short = entry["short"].as_str().unwrap();
        let summary = d["summary"].as_str().unwrap().replace(commit, short);
        assert_eq!(entry["summary"].as_str().unwrap(), summary, "{at}: summary");
        for i in d["items"].as_array().unwrap() {
            kinds.insert(i["change"].as_str().unwrap().to_string());
        }
        for p in d["problems"]["new"].as_array().unwrap() {
            codes.insert(p["code"].as_str().unwrap().to_string());
        }
    }
    (kinds, codes)
}

/// The graph rules (a cycle, a feature waiting on a later milestone's work)
/// coming and going while the plan keeps the same files: what the walk's
/// reuse of the graph's problems must get right.
#[test]
fn graph_problems_come_and_go_as_diff_says() {
    let mut repo = Repo::new();
    let feature = |milestone: &str, deps: &str| {
        format!(
            "title = \"Work\"\nmilestone = \"{milestone}\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [{deps}]\n"
        )
    };
    let m1 = "title = \"One\"\ndeadline = 2026-04-03\n";
    let m2 = "title = \"Two\"\ndeadline = 2026-05-01\n";
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/m1.toml", m1),
        ("plan/milestones/m2.toml", m2),
        ("plan/features/a.toml", &feature("m1", "")),
        ("plan/features/b.toml", &feature("m1", "\"a\"")),
        ("plan/features/c.toml", &feature("m2", "")),
    ]);
    repo.commit("Plan");
    // b <- a <- b: a cycle (E0206), then gone.
    repo.write(&[("plan/features/a.toml", &feature("m1", "\"b\""))]);
    repo.commit("a waits for b");
    repo.write(&[("plan/features/a.toml", &feature("m1", ""))]);
    repo.commit("a waits for nothing");
    // b (m1) waits for c (m2, later): a warning.
    repo.write(&[("plan/features/b.toml", &feature("m1", "\"a\", \"c\""))]);
    repo.commit("b waits for c");
    // Only a title changes: the same warning, nothing new.
    repo.write(&[("plan/features/c.toml", &feature("m2", "").replace("Work", "Other work"))]);
    repo.commit("Retitle c");
    // m2's deadline moves before m1's: c's milestone is no longer later.
    repo.write(&[("plan/milestones/m2.toml", "title = \"Two\"\ndeadline = 2026-03-27\n")]);
    repo.commit("Two comes first");
    // The link moves down a line (a comment above it, longer than the link's
    // column, so that its old place would now be on the line above): the
    // same problem, at a new place.
    repo.write(&[("plan/milestones/m2.toml", m2)]);
    repo.commit("Two comes second again");
    repo.write(&[(
        "plan/features/b.toml",
        &format!(
            "# b waits for a, and for c: planned for milestone Two, which is later\n{}",
            feature("m1", "\"a\", \"c\"")
        ),
    )]);
    repo.commit("Comment on b");
    // c moves to m1 (its links unchanged): b no longer waits on later work.
    repo.write(&[("plan/features/c.toml", &feature("m1", ""))]);
    repo.commit("c is part of One");
    // Changes the scheduler does not read: the walk schedules such a commit
    // as its parent. An unknown owner still makes the plan invalid (not
    // scheduled); a new title still shows.
    repo.write(&[("plan/features/c.toml", &feature("m1", "").replace("ana", "zed"))]);
    repo.commit("c to a stranger");
    repo.write(&[("plan/features/c.toml", &feature("m1", ""))]);
    repo.commit("c back to Ana");
    repo.write(&[("plan/milestones/m1.toml", m1.replace("One", "First release").as_str())]);
    repo.commit("Rename One");
    let (_, codes) = log_matches_diff(repo.path());
    assert!(
        codes.contains("E0206") && codes.contains("W0401") && codes.contains("E0202"),
        "{codes:?}"
    );
    let history = json(repo.path(), &["history", "--plan", "plan", "--format", "json"]);
    let log = history["log"].as_array().unwrap();
    assert_eq!(log[1]["subject"], "c back to Ana");
    assert_eq!(log[2]["state"], "invalid", "{}", log[2]);
    let m1 = history["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "m1")
        .unwrap();
    assert_eq!(m1["title"], "First release");
    // The invalid commit is no point of the slip series.
    let stranger = log[2]["short"].clone();
    assert!(
        m1["points"].as_array().unwrap().iter().all(|p| p["commit"] != stranger),
        "{m1}"
    );
}

/// However many threads share the work, and whichever thread works out
/// which run of commits, the history is the same, byte for byte: one
/// thread (the walk's, after the walk), one worker beside the walk, three
/// (as many as the machine has cores). The Markdown's change log is
/// converted on one thread, then on two. (How runs are handed out, to any
/// number of workers: `history::process`'s own tests.)
#[test]
fn the_history_is_the_same_whatever_the_number_of_threads() {
    let (_tmp, dir, _) = generated(400, 40, 3);
    let outputs: Vec<(String, String)> = ["1", "2", "4"]
        .iter()
        .map(|n| {
            let json = run(milepost()
                .current_dir(&dir)
                .env("MILEPOST_THREADS", n)
                .args(["history", "--format", "json"]));
            let md = run(milepost()
                .current_dir(&dir)
                .env("MILEPOST_THREADS", n)
                .args(["history"]));
            assert_eq!((json.code, md.code), (0, 0), "{}{}", json.stderr, md.stderr);
            (json.stdout, md.stdout)
        })
        .collect();
    let v: Value = serde_json::from_str(&outputs[0].0).unwrap();
    // Enough commits for many runs (of 32) to be handed out, and for the
    // change log to be made a template value on two threads (from 256).
    let entries = v["log"].as_array().map_or(0, Vec::len);
    assert!(entries >= 256, "{entries} log entries");
    for (n, out) in outputs.iter().enumerate().skip(1) {
        assert!(out.0 == outputs[0].0, "JSON differs with thread setting #{n}");
        assert!(out.1 == outputs[0].1, "Markdown differs with thread setting #{n}");
    }
}
