//! Critical chains (`critical_paths`): every path of critical items joined by
//! binding links, through the command line on small plans, and against a
//! brute-force enumeration on random networks.

use std::collections::BTreeSet;

use milepost::model::DependencyType;
use milepost::schedule::chains::{Chains, critical_chains};
use milepost::schedule::cpm::{Activity, Link, Progress, Reason, Times, solve};
use proptest::prelude::*;

use crate::support::{milepost, run, write_files};

/// `milepost schedule --no-level --format json` on a plan of `files` (under
/// a project starting Monday 2026-03-02, the status date): its critical
/// paths, as ids, and how many there are in all. (Ana owns everything: the
/// cases are those of the critical path method alone.)
fn critical_paths(files: &[(&str, &str)]) -> (Vec<Vec<String>>, u64) {
    critical_paths_with(files, &["--no-level"])
}

fn critical_paths_with(files: &[(&str, &str)], more: &[&str]) -> (Vec<Vec<String>>, u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![("project.toml", crate::support::PROJECT)];
    all.extend_from_slice(files);
    write_files(dir.path(), &all);
    let out = run(milepost()
        .args(["schedule", "--as-of", "2026-03-02", "--format", "json"])
        .args(more)
        .arg("--plan")
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let paths = serde_json::from_value(doc["critical_paths"].clone()).unwrap();
    (paths, doc["critical_paths_total"].as_u64().unwrap())
}

fn feature(estimate: &str, depends_on: &str) -> String {
    format!("title = \"F\"\nowner = \"ana\"\nestimate = \"{estimate}\"\ndepends-on = [{depends_on}]\n")
}

/// A (2d) and B (2d) both hold C (1d): C is on two chains, one through each.
#[test]
fn tied_predecessors_give_a_chain_each() {
    let (a, b, c) = (feature("2d", ""), feature("2d", ""), feature("1d", "\"a\", \"b\""));
    let files = [
        ("features/a.toml", &*a),
        ("features/b.toml", &*b),
        ("features/c.toml", &*c),
    ];
    assert_eq!(
        critical_paths(&files),
        (vec![vec!["a".into(), "c".into()], vec!["b".into(), "c".into()]], 2)
    );
    // Leveled, Ana does A, then B (a resource link), then C: one chain.
    assert_eq!(
        critical_paths_with(&files, &[]),
        (vec![vec!["a".into(), "b".into(), "c".into()]], 1)
    );
}

/// A zero-day item that A depends on (a milestone, or a feature estimated at
/// 0d) begins the chain through A: it is not a chain of its own.
#[test]
fn a_zero_day_start_item_begins_the_chain() {
    let a = feature("3d", "\"start\"");
    let milestone = "title = \"Start\"\n";
    let files = [("milestones/start.toml", milestone), ("features/a.toml", &*a)];
    assert_eq!(critical_paths(&files), (vec![vec!["start".into(), "a".into()]], 1));
    let kickoff = feature("0d", "");
    let files = [
        ("features/kickoff.toml", &*kickoff),
        ("features/a.toml", &*a.replace("start", "kickoff")),
    ];
    assert_eq!(critical_paths(&files), (vec![vec!["kickoff".into(), "a".into()]], 1));
}

/// A (1d) –SS→ B (10d): one chain, A then B.
#[test]
fn a_start_to_start_link_joins_the_chain() {
    let (a, b) = (feature("1d", ""), feature("10d", "{ id = \"a\", type = \"SS\" }"));
    let files = [("features/a.toml", &*a), ("features/b.toml", &*b)];
    assert_eq!(critical_paths(&files), (vec![vec!["a".into(), "b".into()]], 1));
}

/// The status report's critical path is the first chain: the zero-day
/// start milestone, then A.
#[test]
fn the_report_lists_the_first_chain_from_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let a = feature("3d", "\"start\"");
    let files = [
        ("project.toml", crate::support::PROJECT),
        ("milestones/start.toml", "title = \"Start\"\n"),
        ("features/a.toml", &*a),
    ];
    write_files(dir.path(), &files);
    let out = run(milepost()
        .args(["report", "--as-of", "2026-03-02", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let section = &out.stdout[out.stdout.find("## Critical path").unwrap()..];
    let section = &section[..section.find("\n## ").unwrap()];
    let steps: Vec<&str> = section.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
    assert_eq!(steps.len(), 2, "{section}");
    assert!(steps[0].starts_with("1. ◆ Start (`start`)"), "{section}");
    assert!(steps[1].starts_with("2. F (`a`)"), "{section}");
}

// --- Against a brute-force enumeration on random networks -----------------

const TYPES: [DependencyType; 4] = [
    DependencyType::FinishToStart,
    DependencyType::StartToStart,
    DependencyType::FinishToFinish,
    DependencyType::StartToFinish,
];

/// An activity from raw draws: its duration, a not-before day, progress
/// (0-5 not started, 6 started, 7 done) and a deadline (when `deadline < 8`).
fn activity((duration, not_before, progress, deadline, at): (i64, i64, u8, i64, i64)) -> Activity {
    Activity {
        duration,
        min_start: not_before,
        min_start_reason: if not_before > 0 {
            Reason::NotBefore
        } else {
            Reason::ProjectStart
        },
        progress: match progress {
            6 => Progress::InProgress {
                start: at,
                min_finish: at + duration.max(1),
            },
            7 => Progress::Done {
                start: at,
                finish: at + duration,
            },
            _ => Progress::NotStarted,
        },
        deadline: (deadline < 8).then_some(deadline + duration),
    }
}

/// Random networks: small (few enough paths to list them all), ties made
/// likely by short durations, every link type, leads and lags, progress,
/// not-before days and deadlines, and sometimes two links between the same
/// pair.
fn network() -> impl Strategy<Value = (Vec<Activity>, Vec<Link>)> {
    (1usize..14).prop_flat_map(|n| {
        let acts = proptest::collection::vec((0i64..4, 0i64..3, 0u8..8, 0i64..30, 0i64..4), n);
        let links = proptest::collection::vec((0..n, 0..n, 0usize..4, -2i64..3), 0..(n * 3));
        (acts, links).prop_map(|(acts, raw)| {
            let links = raw
                .into_iter()
                .filter(|(a, b, _, _)| a < b)
                .map(|(from, to, k, lag)| Link {
                    from,
                    to,
                    kind: TYPES[k],
                    lag,
                })
                .collect();
            (acts.into_iter().map(activity).collect(), links)
        })
    })
}

/// The critical activities: not done, with the least float (at most 0).
fn critical(acts: &[Activity], times: &[Times]) -> Vec<bool> {
    let live = |i: usize| !matches!(acts[i].progress, Progress::Done { .. });
    let least = (0..acts.len())
        .filter(|&i| live(i))
        .map(|i| times[i].total_float)
        .fold(0, i64::min);
    (0..acts.len())
        .map(|i| live(i) && times[i].total_float == least)
        .collect()
}

/// Whether a link binds, written out again: it holds with equality and
/// its successor has not started (for FS and SS) or is not done (FF, SF).
fn binding(l: &Link, acts: &[Activity], t: &[Times]) -> bool {
    let (f, to) = (&t[l.from], &t[l.to]);
    let progress = acts[l.to].progress;
    match l.kind {
        DependencyType::FinishToStart => progress == Progress::NotStarted && to.early_start == f.early_finish + l.lag,
        DependencyType::StartToStart => progress == Progress::NotStarted && to.early_start == f.early_start + l.lag,
        DependencyType::FinishToFinish => {
            !matches!(progress, Progress::Done { .. }) && to.early_finish == f.early_finish + l.lag
        }
        DependencyType::StartToFinish => {
            !matches!(progress, Progress::Done { .. }) && to.early_finish == f.early_start + l.lag
        }
    }
}

/// Every maximal path of critical activities joined by binding links, by
/// recursion over all of them, sorted.
fn brute_force(acts: &[Activity], links: &[Link], t: &[Times], critical: &[bool]) -> Vec<Vec<usize>> {
    let steps: BTreeSet<(usize, usize)> = links
        .iter()
        .filter(|l| critical[l.from] && critical[l.to] && binding(l, acts, t))
        .map(|l| (l.from, l.to))
        .collect();
    fn extend(path: &mut Vec<usize>, steps: &BTreeSet<(usize, usize)>, out: &mut Vec<Vec<usize>>) {
        let last = path[path.len() - 1];
        let next: Vec<usize> = steps.iter().filter(|s| s.0 == last).map(|s| s.1).collect();
        if next.is_empty() {
            out.push(path.clone());
        }
        for w in next {
            path.push(w);
            extend(path, steps, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    for v in (0..acts.len()).filter(|&v| critical[v] && !steps.iter().any(|s| s.1 == v)) {
        extend(&mut vec![v], &steps, &mut out);
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn chains_are_every_maximal_binding_path((acts, links) in network()) {
        let s = solve(&acts, &links).unwrap();
        let critical = critical(&acts, &s.times);
        let expected = brute_force(&acts, &links, &s.times, &critical);
        let all = critical_chains(&acts, &links, &s.times, &critical, s.end, usize::MAX);
        prop_assert_eq!(&all.paths, &expected);
        prop_assert_eq!(all.total, expected.len() as u64);
        // Each chain ends where the float is set: at the project's end, or
        // at a deadline (the one missed by the most when any is missed).
        for chain in &expected {
            let last = chain[chain.len() - 1];
            let t = &s.times[last];
            let at_deadline = acts[last].deadline.is_some_and(|d| t.late_finish == d && d <= t.early_finish);
            prop_assert!(t.early_finish == s.end || at_deadline, "{chain:?} ends at {t:?}, the end is {}", s.end);
        }
        // Every critical activity is on a chain.
        for v in (0..acts.len()).filter(|&v| critical[v]) {
            prop_assert!(expected.iter().any(|c| c.contains(&v)), "{v} is on no chain");
        }
        // Capped: the first chains in the same order, and the same total.
        let capped: Chains = critical_chains(&acts, &links, &s.times, &critical, s.end, 3);
        prop_assert_eq!(&capped.paths[..], &expected[..expected.len().min(3)]);
        prop_assert_eq!(capped.total, expected.len() as u64);
    }
}

/// docs/scheduling.md gives the limit on listed chains that the code has.
#[test]
fn the_documented_limit_is_the_limit() {
    let doc = std::fs::read_to_string(crate::support::root().join("docs/scheduling.md")).unwrap();
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let limit = milepost::schedule::chains::MAX_CHAINS;
    let says = format!("so at most {limit} are listed: the first {limit} in that order");
    assert!(doc.contains(&says), "docs/scheduling.md does not say `{says}`");
}
