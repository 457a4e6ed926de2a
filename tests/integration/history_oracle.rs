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

use crate::support::{PROJECT, Repo, by_id, milepost, run};
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
    let (_tmp, dir, summary) = generated(360, 60, 39);
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
    log_matches_diff_with(dir, &[])
}

/// [`log_matches_diff`], with `extra` arguments given to both commands.
fn log_matches_diff_with(dir: &std::path::Path, extra: &[&str]) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut args = vec!["history", "--plan", "plan", "--format", "json"];
    args.extend_from_slice(extra);
    let history = json(dir, &args);
    let log = history["log"].as_array().unwrap();
    let mut kinds = BTreeSet::new();
    let mut codes = BTreeSet::new();
    // Newest first: the last entry is the root commit, compared with no plan.
    for entry in &log[..log.len() - 1] {
        assert_eq!(entry["compared"], Value::Bool(true));
        let commit = entry["commit"].as_str().unwrap();
        let date = entry["date"].as_str().unwrap();
        let parent = format!("{commit}^1");
        let mut args = vec![
            "diff", &parent, commit, "--plan", "plan", "--as-of", date, "--format", "json",
        ];
        args.extend_from_slice(extra);
        let d = json(dir, &args);
        let at = format!("commit {} ({})", entry["short"], entry["subject"]);
        // `diff` names the people and the risks behind a slip; the log
        // does not look.
        let mut d = d;
        for m in d["milestones"].as_array_mut().unwrap() {
            let m = m.as_object_mut().unwrap();
            m.remove("people");
            m.remove("risks");
        }
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

/// `history --no-level` schedules every commit's plan with the critical
/// path method alone: each log entry is what `diff --no-level` says of its
/// commit. The generated plans' people own all the work and some are
/// double-booked, so leveling moves milestones: without it, the slips
/// differ, and the forecasts are never later than the leveled ones.
#[test]
fn history_without_leveling_is_what_diff_without_leveling_says() {
    let (_tmp, dir, _) = generated(120, 30, 3);
    log_matches_diff_with(&dir, &["--no-level"]);
    let leveled = json(&dir, &["history", "--plan", "plan", "--format", "json"]);
    let plain = json(&dir, &["history", "--plan", "plan", "--format", "json", "--no-level"]);
    // The project's forecast finish at each commit with a valid plan.
    let finishes = |h: &Value| -> Vec<(String, String)> {
        let scope = h["scope"].as_array().unwrap();
        let at = |p: &Value| (p["commit"].to_string(), p["finish"].as_str().unwrap().to_string());
        scope.iter().map(at).collect()
    };
    let (with, without) = (finishes(&leveled), finishes(&plain));
    assert_eq!(with.len(), without.len());
    assert!(!with.is_empty());
    // ISO dates compare as text.
    for ((at, a), (same, b)) in with.iter().zip(&without) {
        assert_eq!(at, same);
        assert!(b <= a, "{at}: unleveled {b} after leveled {a}");
    }
    assert!(
        with.iter().zip(&without).any(|(a, b)| a.1 != b.1),
        "leveling moved nothing"
    );
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
    let m1 = by_id(&history["milestones"], "m1");
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

/// Each input the scheduler reads ([`milepost::schedule::Inputs`]) changed
/// in turn, one commit each: the walk reuses a schedule when the inputs are
/// equal and patches a network when only features' own activities differ,
/// so a commit whose change its reuse missed would show a stale forecast.
/// Every commit that changes a scheduling input moves a milestone, as
/// `diff` from scratch says; and every log entry is what `diff` says.
#[test]
fn every_scheduling_input_changed_in_turn_is_what_diff_says() {
    struct Plan {
        workdays: &'static str,
        holidays: &'static str,
        start: &'static str,
        ana: &'static str,
        ben: &'static str,
        alpha: String,
        beta: String,
        features: [(&'static str, String); 6],
        risks: Vec<(&'static str, String)>,
    }
    impl Plan {
        fn files(&self) -> Vec<(String, String)> {
            let project = format!(
                "[project]\nname = \"Inputs\"\nstart = {}\n\n[calendar]\nworkdays = [{}]\nholidays = [{}]\n\n\
                 [[people]]\nid = \"ana\"\nname = \"Ana\"\nday-rate = 500\n{}\n\n\
                 [[people]]\nid = \"ben\"\nname = \"Ben\"\nday-rate = 400\n{}\n",
                self.start, self.workdays, self.holidays, self.ana, self.ben
            );
            let mut files = vec![
                ("plan/project.toml".to_string(), project),
                ("plan/milestones/alpha.toml".to_string(), self.alpha.clone()),
                ("plan/milestones/beta.toml".to_string(), self.beta.clone()),
            ];
            for (id, text) in &self.features {
                files.push((format!("plan/features/{id}.toml"), text.clone()));
            }
            for (id, text) in &self.risks {
                files.push((format!("plan/risks/{id}.toml"), text.clone()));
            }
            files
        }
    }
    let feature = |title: &str, milestone: &str, owner: &str, rest: &str| {
        format!("title = \"{title}\"\nmilestone = \"{milestone}\"\nowner = \"{owner}\"\n{rest}")
    };
    let mut plan = Plan {
        workdays: "\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"",
        holidays: "2026-04-03",
        start: "2026-03-02",
        ana: "",
        ben: "",
        alpha: "title = \"Alpha\"\ndeadline = 2026-04-10\n".into(),
        beta: "title = \"Beta\"\ndeadline = 2026-05-29\ndepends-on = [\"alpha\"]\n".into(),
        features: [
            ("a", feature("A", "alpha", "ana", "estimate = \"5d\"\n")),
            (
                "b",
                feature("B", "alpha", "ben", "estimate = \"8d\"\ndepends-on = [\"a\"]\n"),
            ),
            (
                "c",
                feature("C", "beta", "ana", "estimate = \"4d\"\ndepends-on = [\"b\"]\n"),
            ),
            ("d", feature("D", "beta", "ben", "estimate = \"6d\"\n")),
            (
                "e",
                feature("E", "beta", "ana", "estimate = \"3d\"\ndepends-on = [\"c\"]\n"),
            ),
            // Ana's, with no link: she does it after A (whose milestone is
            // due first) until it is ranked.
            ("f", feature("F", "beta", "ana", "estimate = \"2d\"\n")),
        ],
        risks: Vec::new(),
    };
    let mut repo = Repo::new();
    let commit = |repo: &mut Repo, plan: &Plan, subject: &str| {
        let files = plan.files();
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        repo.write(&refs);
        repo.commit(subject);
    };
    commit(&mut repo, &plan, "Plan");
    // (subject, whether it moves a milestone, the change): in order, each
    // on the plan as the ones before left it.
    type Change = fn(&mut Plan);
    let changes: Vec<(&str, bool, Change)> = vec![
        // Ana does F before A: A, and all that waits for it, two days later.
        ("rank", true, |p| p.features[5].1.push_str("rank = 1\n")),
        ("estimate", true, |p| {
            p.features[0].1 = p.features[0].1.replace("\"5d\"", "\"7d\"")
        }),
        ("three-point estimate", true, |p| {
            p.features[1].1 = p.features[1].1.replace(
                "estimate = \"8d\"",
                "estimate = { low = \"6d\", likely = \"8d\", high = \"16d\" }",
            )
        }),
        ("started", true, |p| {
            p.features[0]
                .1
                .push_str("status = \"in-progress\"\nstarted = 2026-03-03\n")
        }),
        ("started earlier", true, |p| {
            p.features[0].1 = p.features[0].1.replace("started = 2026-03-03", "started = 2026-03-02")
        }),
        ("remaining", true, |p| p.features[0].1.push_str("remaining = \"1d\"\n")),
        // Not read while the work is in progress.
        ("finished date", false, |p| {
            p.features[0].1.push_str("finished = 2026-03-06\n")
        }),
        // The status alone.
        ("done", true, |p| {
            p.features[0].1 = p.features[0].1.replace("in-progress", "done")
        }),
        // B waits for A: a later finish holds it back.
        ("finished later", true, |p| {
            p.features[0].1 = p.features[0]
                .1
                .replace("finished = 2026-03-06", "finished = 2026-03-20")
        }),
        ("not-before", true, |p| {
            p.features[1].1.push_str("not-before = 2026-03-30\n")
        }),
        ("link type and lag", true, |p| {
            p.features[2].1 = p.features[2]
                .1
                .replace("[\"b\"]", "[{ id = \"b\", type = \"SS\", lag = \"2d\" }]")
        }),
        ("lag", true, |p| {
            p.features[2].1 = p.features[2].1.replace("\"2d\"", "\"12d\"")
        }),
        ("link added", true, |p| {
            p.features[4].1 = p.features[4].1.replace("[\"c\"]", "[\"c\", \"d\"]");
            p.features[3].1 = p.features[3].1.replace("\"6d\"", "\"30d\"");
        }),
        ("milestone membership", true, |p| {
            p.features[3].1 = p.features[3].1.replace("\"beta\"", "\"alpha\"")
        }),
        ("deadline", true, |p| {
            p.alpha = p.alpha.replace("2026-04-10", "2026-06-30")
        }),
        // B and D now wait on one deadline (beta's, through C and E): the
        // one first by priority goes first.
        ("priority", true, |p| p.features[1].1.push_str("priority = \"must\"\n")),
        ("milestone link", true, |p| p.alpha.push_str("depends-on = [\"e\"]\n")),
        ("workdays", true, |p| p.workdays = "\"mon\", \"tue\", \"wed\", \"thu\""),
        ("holidays", true, |p| {
            p.holidays = "2026-04-03, { from = 2026-04-13, to = 2026-04-17 }"
        }),
        ("project start", true, |p| p.start = "2026-04-06"),
        ("blocked", true, |p| {
            p.features[3]
                .1
                .push_str("status = \"blocked\"\nstarted = 2026-04-06\nremaining = \"25d\"\n")
        }),
        ("cut", true, |p| {
            p.features[3].1 = p.features[3].1.replace("\"blocked\"", "\"cut\"")
        }),
        ("restored", true, |p| {
            p.features[3].1 = p.features[3].1.replace("\"cut\"", "\"blocked\"")
        }),
        // People: leveling reads them. B no longer waits for Ben to finish D.
        ("owner", true, |p| {
            p.features[3].1 = p.features[3].1.replace("\"ben\"", "\"ana\"")
        }),
        ("capacity", true, |p| p.ana = "capacity = 0.5"),
        ("time off", true, |p| {
            p.ana = "capacity = 0.5\ntime-off = [{ from = 2026-04-20, to = 2026-04-24 }]"
        }),
        (
            "a person's week",
            true,
            |p| {
                p.ana =
                    "capacity = 0.5\nworkdays = [\"mon\", \"tue\"]\ntime-off = [{ from = 2026-04-20, to = 2026-04-24 }]"
            },
        ),
        // The calendar again, now that Ana has days of her own: leveling
        // counts them on the project's working days.
        (
            "a holiday on Ana's days",
            true,
            |p| p.holidays = "2026-04-03, { from = 2026-04-13, to = 2026-04-17 }, 2026-05-05, 2026-05-12",
        ),
        // A second week beside Ana's, then Ben on hers: leveling counts a
        // week's days once for all who keep it, and keeps them on the
        // thread from one plan to the next.
        (
            "Ben on a week of his own, and away",
            true,
            |p| p.ben = "workdays = [\"wed\", \"thu\", \"fri\"]\ntime-off = [{ from = 2026-03-30, to = 2026-10-30 }]",
        ),
        (
            "Ben on Ana's week",
            true,
            |p| p.ben = "workdays = [\"mon\", \"tue\"]\ntime-off = [{ from = 2026-03-30, to = 2026-10-30 }]",
        ),
        // Risks: the schedule counts those that occurred (E waits for C and
        // D; both milestones wait for E).
        ("a risk written", false, |p| {
            p.risks.push((
                "outage",
                "title = \"Outage\"\nprobability = 0.3\nimpact = { days = 4 }\naffects = [\"e\"]\n".into(),
            ))
        }),
        ("the risk occurred", true, |p| {
            p.risks[0].1.push_str("status = \"occurred\"\n")
        }),
        ("its impact", true, |p| {
            p.risks[0].1 = p.risks[0].1.replace("days = 4", "days = 2.5")
        }),
        // Its probability is the Monte Carlo's: the schedule counts it as
        // certain.
        ("its probability", false, |p| {
            p.risks[0].1 = p.risks[0].1.replace("0.3", "0.6")
        }),
        ("it affects a milestone", true, |p| {
            p.risks[0].1 = p.risks[0].1.replace("[\"e\"]", "[\"e\", \"beta\"]")
        }),
        ("a second risk occurred", true, |p| {
            p.risks.push((
                "vendor",
                "title = \"Vendor\"\nprobability = 0.5\nstatus = \"occurred\"\nimpact = { days = 3 }\naffects = [\"e\"]\n"
                    .into(),
            ))
        }),
        ("the first risk closed", true, |p| {
            p.risks[0].1 = p.risks[0].1.replace("\"occurred\"", "\"closed\"")
        }),
        ("title", false, |p| {
            p.features[2].1 = p.features[2].1.replace("\"C\"", "\"C, renamed\"")
        }),
        ("a link moved down a line", false, |p| {
            p.features[4].1 = format!("# E waits for C and D\n{}", p.features[4].1)
        }),
    ];
    for (subject, _, change) in &changes {
        change(&mut plan);
        commit(&mut repo, &plan, subject);
    }
    log_matches_diff(repo.path());
    let history = json(repo.path(), &["history", "--plan", "plan", "--format", "json"]);
    // `diff` levels its two sides in one process, one after the other, as
    // the walk levels one commit after another: what leveling keeps from
    // one plan to the next would be wrong alike in both. Each commit's
    // project finish, leveled in a process of its own, is the history's.
    for point in history["scope"].as_array().unwrap() {
        let (commit, date) = (point["commit"].as_str().unwrap(), point["date"].as_str().unwrap());
        let args = [
            "schedule", "--plan", "plan", "--rev", commit, "--as-of", date, "--format", "json",
        ];
        let alone = json(repo.path(), &args);
        assert_eq!(
            point["finish"], alone["finish"],
            "{commit} ({date}): the project's finish"
        );
    }
    let log = history["log"].as_array().unwrap();
    let mut wrong = Vec::new();
    for (subject, moves, _) in &changes {
        let entry = log.iter().find(|e| e["subject"] == *subject).unwrap();
        assert_eq!(entry["state"], "valid", "{subject}: {entry}");
        let moved = !entry["milestones"].as_array().unwrap().is_empty();
        if moved != *moves {
            wrong.push(format!("{subject}: moved {moved}: {}", entry["milestones"]));
        }
    }
    assert!(wrong.is_empty(), "whether a milestone moved:\n{}", wrong.join("\n"));
}

/// Features added (in the middle of the plan's order, two in one commit,
/// one depending on the other), removed with their dependents updated,
/// cut and restored while another depends on them, renamed, linked to and
/// from existing features and milestones, one commit a day through
/// weekends: the walk reshapes its parent's network and solves it after
/// its parent's solution (and, on a weekend day, keeps the forecast of
/// the day before), and every log entry must be what `diff` from scratch
/// says. A commit with an unknown dependency, fixed by the next, falls
/// back to work from scratch.
#[test]
fn features_coming_and_going_with_their_links_are_what_diff_says() {
    let feature = |milestone: &str, estimate: &str, deps: &[&str]| {
        let deps: Vec<String> = deps.iter().map(|d| format!("\"{d}\"")).collect();
        let milestone = if milestone.is_empty() {
            String::new()
        } else {
            format!("milestone = \"{milestone}\"\n")
        };
        format!(
            "title = \"Work\"\n{milestone}owner = \"ana\"\nestimate = \"{estimate}\"\ndepends-on = [{}]\n",
            deps.join(", ")
        )
    };
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        (
            "plan/milestones/alpha.toml",
            "title = \"Alpha\"\ndeadline = 2026-04-03\n",
        ),
        (
            "plan/milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-05-15\ndepends-on = [\"alpha\", \"ui/c\"]\n",
        ),
        ("plan/features/core/a.toml", &feature("alpha", "5d", &[])),
        ("plan/features/core/b.toml", &feature("alpha", "3d", &["core/a"])),
        ("plan/features/ui/c.toml", &feature("beta", "4d", &["core/b"])),
        ("plan/features/ui/d.toml", &feature("beta", "2d", &[])),
    ]);
    repo.commit("Plan");
    // Added between core/a and core/b, on the critical path of alpha.
    repo.write(&[("plan/features/core/a2.toml", &feature("alpha", "6d", &["core/a"]))]);
    repo.commit("Plan core/a2");
    // Added with links to and from existing features.
    repo.write(&[
        ("plan/features/ui/e.toml", &feature("beta", "3d", &["ui/c", "core/a2"])),
        (
            "plan/features/ui/c.toml",
            &feature("beta", "4d", &["core/b", "core/a2"]),
        ),
    ]);
    repo.commit("Plan ui/e; ui/c waits for core/a2");
    // Two added first in the plan's order, one waiting for the other, and
    // an existing feature waiting for them.
    repo.write(&[
        ("plan/features/api/x.toml", &feature("beta", "30d", &[])),
        ("plan/features/api/y.toml", &feature("beta", "2d", &["api/x"])),
        ("plan/features/ui/d.toml", &feature("beta", "2d", &["api/y"])),
    ]);
    repo.commit("Plan the API");
    // Removed, and what waited for it no longer does.
    repo.remove("plan/features/core/a2.toml");
    repo.write(&[
        ("plan/features/ui/e.toml", &feature("beta", "3d", &["ui/c"])),
        ("plan/features/ui/c.toml", &feature("beta", "4d", &["core/b"])),
    ]);
    repo.commit("Drop core/a2");
    // Cut while api/y waits for it, then restored.
    repo.write(&[(
        "plan/features/api/x.toml",
        &format!("{}status = \"cut\"\n", feature("beta", "30d", &[])),
    )]);
    repo.commit("Cut api/x");
    repo.write(&[("plan/features/api/x.toml", &feature("beta", "30d", &[]))]);
    repo.commit("Restore api/x");
    // Waiting for a milestone (one in no milestone itself).
    repo.write(&[
        ("plan/features/ops/z.toml", &feature("beta", "5d", &["alpha"])),
        ("plan/features/ops/r.toml", &feature("", "1d", &["alpha"])),
    ]);
    repo.commit("Plan ops/z and ops/r after alpha");
    // An unknown dependency (the plan is invalid), then fixed.
    repo.write(&[("plan/features/ops/w.toml", &feature("beta", "1d", &["ops/nothing"]))]);
    repo.commit("Plan ops/w on something unknown");
    repo.write(&[("plan/features/ops/w.toml", &feature("beta", "1d", &["ops/z"]))]);
    repo.commit("ops/w waits for ops/z");
    // Added into a cycle: alpha waits for ops/q, which waits for ops/r,
    // which waits for alpha. Then gone again.
    repo.write(&[("plan/features/ops/q.toml", &feature("alpha", "1d", &["ops/r"]))]);
    repo.commit("Plan ops/q in alpha, after ops/r");
    repo.remove("plan/features/ops/q.toml");
    repo.commit("Drop ops/q");
    // Renamed: another id at another path.
    repo.remove("plan/features/ui/d.toml");
    repo.write(&[("plan/features/ui/dd.toml", &feature("beta", "2d", &["api/y"]))]);
    repo.commit("Rename ui/d to ui/dd");
    // A longer estimate, and a feature in no milestone.
    repo.write(&[("plan/features/core/a.toml", &feature("alpha", "9d", &[]))]);
    repo.commit("core/a takes longer");
    repo.write(&[("plan/features/misc.toml", &feature("", "2d", &["core/a"]))]);
    repo.commit("Plan misc");
    // A link to another feature instead (as many links as before).
    repo.write(&[("plan/features/ui/dd.toml", &feature("beta", "2d", &["api/x"]))]);
    repo.commit("ui/dd waits for api/x instead");
    // A milestone's link removed with the feature it named.
    repo.remove("plan/features/ui/c.toml");
    repo.write(&[
        (
            "plan/milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-05-15\ndepends-on = [\"alpha\"]\n",
        ),
        ("plan/features/ui/e.toml", &feature("beta", "3d", &["core/b"])),
    ]);
    repo.commit("Drop ui/c");
    // A milestone renamed (another id at another path), with every
    // reference to it.
    repo.remove("plan/milestones/alpha.toml");
    repo.write(&[
        (
            "plan/milestones/first.toml",
            "title = \"Alpha\"\ndeadline = 2026-04-03\n",
        ),
        (
            "plan/milestones/beta.toml",
            "title = \"Beta\"\ndeadline = 2026-05-15\ndepends-on = [\"first\"]\n",
        ),
        ("plan/features/core/a.toml", &feature("first", "9d", &[])),
        ("plan/features/core/b.toml", &feature("first", "3d", &["core/a"])),
        ("plan/features/ops/z.toml", &feature("beta", "5d", &["first"])),
        ("plan/features/ops/r.toml", &feature("", "1d", &["first"])),
    ]);
    repo.commit("Rename milestone alpha to first");
    let (kinds, codes) = log_matches_diff(repo.path());
    for kind in ["added", "removed", "cut", "restored", "changed"] {
        assert!(kinds.contains(kind), "no item {kind} in {kinds:?}");
    }
    assert!(codes.contains("E0203") && codes.contains("E0206"), "{codes:?}");
    // The forecasts moved: the comparisons were not of equal schedules.
    let history = json(repo.path(), &["history", "--plan", "plan", "--format", "json"]);
    let moved = history["log"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["milestones"].as_array().unwrap().is_empty())
        .count();
    assert!(moved >= 6, "{moved} commits moved a milestone");
}
