//! The scheduler, checked against values worked out by hand and against a
//! second, naive implementation on random networks.

use milepost::model::{Date, DependencyType};
use milepost::schedule::cpm::{Activity, Link, Progress, Reason, solve};
use proptest::prelude::*;

use crate::support::{milepost, run, write_files};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn unleveled() -> milepost::schedule::Options {
    milepost::schedule::Options { level: false }
}

/// A small plan worked by hand on a calendar. 2026-03-02 is a Monday;
/// Friday 2026-03-13 is a holiday.
///
/// Working days are numbered from 0 (Mon 03-02); a finish is exclusive.
///
/// - `design` (3d): days 0-2, Mon 03-02 .. Wed 03-04; finish 3.
/// - `build` (1w = 5d), FS after design: days 3-7, Thu 03-05 .. Wed 03-11; finish 8.
/// - `docs` (2d), SS +1d after build: starts day 4, Fri 03-06 .. Mon 03-09.
/// - `test` (PERT mean of 2/3/4 = 3d), FF +2d after build: finishes no earlier
///   than 8 + 2 = 10, so days 7-9: Wed 03-11, Thu 03-12 and, over the holiday,
///   Mon 03-16.
/// - `launch-prep` (1.5d rounds up to 2), not before Saturday 03-14: Mon 03-16 .. Tue 03-17.
/// - milestone `beta` (deadline Wed 03-11, i.e. finish by 8) waits for build,
///   docs and test: reached when test finishes (10), on Mon 03-16: 2 days late.
///   Late finishes back from 8: test 8, build min(8 - 2, 8) = 6, design
///   6 - 5 = 1: all three have float -2; docs has 8 - 6 = 2.
#[test]
fn a_plan_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    // The hand-worked plan, and a feature that may not start before Sat 03-14.
    let mut files = crate::support::HAND.to_vec();
    files.push((
        "features/launch-prep.toml",
        "title = \"Launch prep\"\nowner = \"ana\"\nestimate = \"1.5d\"\nnot-before = 2026-03-14\n",
    ));
    write_files(dir.path(), &files);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics);
    // Ana owns everything: the critical path method alone, as if she were
    // as many people as needed.
    let s = milepost::schedule::schedule_with(&plan, date("2026-03-02"), unleveled()).unwrap();
    let get = |id: &str| s.entries.iter().find(|e| &*e.id == id).unwrap();
    let dates = |id: &str| (get(id).start.to_string(), get(id).finish.to_string());
    assert_eq!(dates("design"), ("2026-03-02".into(), "2026-03-04".into()));
    assert_eq!(dates("build"), ("2026-03-05".into(), "2026-03-11".into()));
    assert_eq!(dates("docs"), ("2026-03-06".into(), "2026-03-09".into()));
    assert_eq!(dates("test"), ("2026-03-11".into(), "2026-03-16".into()));
    assert_eq!(dates("launch-prep"), ("2026-03-16".into(), "2026-03-17".into()));
    assert_eq!(get("launch-prep").duration, 2, "1.5d rounds up to 2 working days");
    let beta = get("beta");
    assert_eq!(beta.finish.to_string(), "2026-03-16");
    assert_eq!(beta.deadline_margin, Some(-2));
    assert_eq!(beta.times.total_float, -2);
    assert_eq!(get("docs").times.total_float, 2);
    // The chain that misses the deadline is critical (milestones listed first).
    let critical: Vec<&str> = s.entries.iter().filter(|e| e.critical).map(|e| &*e.id).collect();
    assert_eq!(critical, ["beta", "build", "design", "test"]);
    // The critical path ends at the missed deadline, not at the project end.
    let chains: Vec<Vec<&str>> = s
        .critical_paths
        .iter()
        .map(|c| c.iter().map(|&i| &*s.entries[i].id).collect())
        .collect();
    assert_eq!(chains, [["design", "build", "test", "beta"]]);
    // PERT: test's duration has σ (4-2)/6. Its finish is held by build's
    // (FF +2d), which is certain: the path to beta (design, build, test by
    // its finish) has nothing uncertain on it, so σ is 0 and the chance is
    // not a PERT figure: the forecast is 2 days late, for certain.
    assert!((get("test").pert.unwrap().std_dev - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(beta.pert.unwrap().std_dev, 0.0);
    assert_eq!(beta.pert.unwrap().finish.mean, 10.0);
    assert_eq!(beta.pert.unwrap().probability, None);
    assert!((milepost::schedule::normal_cdf(-1.0) - 0.158_655).abs() < 1e-6);
    assert!((milepost::schedule::normal_cdf(1.96) - 0.975_002).abs() < 1e-6);
    assert_eq!(s.finish.to_string(), "2026-03-17");
}

/// Progress as of a status date: done work keeps its dates, work in progress
/// continues from the status date with its remaining estimate, and unstarted
/// work waits for the status date.
#[test]
fn progress_as_of_a_status_date() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-04\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \"10d\"\nstatus = \"in-progress\"\nstarted = 2026-03-05\nremaining = \"3d\"\ndepends-on = [\"a\"]\n",
            ),
            ("features/c.toml", "title = \"C\"\nowner = \"ana\"\nestimate = \"2d\"\n"),
            (
                "features/d.toml",
                "title = \"D\"\nowner = \"ana\"\nestimate = \"1d\"\ndepends-on = [\"b\"]\n",
            ),
        ],
    );
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    // Status date: Wednesday 2026-03-11. Ana owns everything: the critical
    // path method alone here (leveling: `leveling.rs`).
    let s = milepost::schedule::schedule_with(&plan, date("2026-03-11"), unleveled()).unwrap();
    let get = |id: &str| s.entries.iter().find(|e| &*e.id == id).unwrap();
    let dates = |id: &str| (get(id).start.to_string(), get(id).finish.to_string());
    assert_eq!(dates("a"), ("2026-03-02".into(), "2026-03-04".into()));
    // 3 days remaining from Wed 03-11: Wed, Thu, Fri.
    assert_eq!(dates("b"), ("2026-03-05".into(), "2026-03-13".into()));
    assert_eq!(dates("c"), ("2026-03-11".into(), "2026-03-12".into()));
    assert_eq!(dates("d"), ("2026-03-16".into(), "2026-03-16".into()));
    assert!(!get("a").critical, "done work is never critical");
}

/// Every command that schedules refuses a plan with errors, printing what
/// `check` prints, whether its items are valid (a cycle: the schedule's
/// network is built while the rest is checked, and dropped) or not.
#[test]
fn schedule_refuses_an_invalid_plan_with_the_check_diagnostics() {
    let commands: [&[&str]; 3] = [
        &["schedule"],
        &["report", "--no-since", "--runs", "0"],
        &["explain", "a"],
    ];
    for command in commands {
        let out = run(milepost()
            .args(command)
            .args(["--plan", "examples/invalid/cycle", "--as-of", "2026-03-02"]));
        assert_eq!(out.code, 1, "{command:?}: {}", out.stderr);
        assert!(out.stdout.is_empty(), "{command:?}");
        assert!(
            out.stderr
                .contains("error[E0206]: circular dependency `a -> b -> c -> a`"),
            "{command:?}: {}",
            out.stderr
        );
        let check = run(milepost().args(["check", "--plan", "examples/invalid/cycle"]));
        assert_eq!(out.stderr, check.stderr, "{command:?}");
        let fields = run(milepost()
            .args(command)
            .args(["--plan", "examples/invalid/fields", "--as-of", "2026-03-02"]));
        assert_eq!(fields.code, 1, "{command:?}: {}", fields.stderr);
        assert!(fields.stderr.contains("error["), "{command:?}: {}", fields.stderr);
    }
}

#[test]
fn the_example_schedules_deterministically_in_every_format() {
    for format in ["table", "json", "csv", "mermaid"] {
        let args = [
            "schedule",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-03-16",
            "--format",
            format,
        ];
        let first = run(milepost().args(args));
        assert_eq!(first.code, 0, "{format}: {}", first.stderr);
        let second = run(milepost().args(args));
        assert_eq!(first.stdout, second.stdout, "{format} output must be byte-identical");
    }
    let explain = run(milepost().args([
        "explain",
        "ga",
        "--plan",
        "examples/atlas/plan",
        "--as-of",
        "2026-03-16",
    ]));
    assert_eq!(explain.code, 0);
    assert!(explain.stdout.starts_with("`ga` is reached on "), "{}", explain.stdout);
    let unknown = run(milepost().args([
        "explain",
        "gaa",
        "--plan",
        "examples/atlas/plan",
        "--as-of",
        "2026-03-16",
    ]));
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `ga`?"), "{}", unknown.stderr);
    // A risk, or a cut feature, is in the plan but has no dates: said so,
    // rather than "no item".
    for (id, says) in [
        (
            "eu-vat",
            "error: `eu-vat` is a risk: `explain` says what sets a feature's or a milestone's dates\n",
        ),
        (
            "dashboards/mobile-app",
            "error: `dashboards/mobile-app` is cut: it is not scheduled, so nothing sets its dates\n",
        ),
    ] {
        let out = run(milepost().args(["explain", id, "--plan", "examples/atlas/plan", "--as-of", "2026-03-16"]));
        assert_eq!(out.code, 1, "{id}: {}", out.stderr);
        assert!(out.stderr.starts_with(says), "{id}: {}", out.stderr);
        assert!(out.stderr.contains("help: "), "{id}: {}", out.stderr);
    }
}

#[test]
fn mermaid_titles_cannot_break_the_chart() {
    let text = milepost::render::mermaid::mermaid_text("API: v2; #1 <b>%%\nnext`");
    for bad in [':', ';', '#', '<', '>', '\n', '`'] {
        assert!(!text.contains(bad), "{bad:?} in {text}");
    }
    assert!(!text.contains("%%"));
}

// --- Property tests against a naive implementation -------------------------

const TYPES: [DependencyType; 4] = [
    DependencyType::FinishToStart,
    DependencyType::StartToStart,
    DependencyType::FinishToFinish,
    DependencyType::StartToFinish,
];

fn network() -> impl Strategy<Value = (Vec<i64>, Vec<Link>)> {
    (1usize..25).prop_flat_map(|n| {
        let durations = proptest::collection::vec(0i64..10, n);
        let links = proptest::collection::vec((0..n, 0..n, 0usize..4, -3i64..6), 0..(n * 3));
        (durations, links).prop_map(|(d, raw)| {
            let mut links: Vec<Link> = raw
                .into_iter()
                .filter(|(a, b, _, _)| a < b)
                .map(|(a, b, k, lag)| Link {
                    from: a,
                    to: b,
                    kind: TYPES[k],
                    lag,
                })
                .collect();
            links.dedup_by(|x, y| x.from == y.from && x.to == y.to);
            (d, links)
        })
    })
}

/// The earliest start a link allows, written out again independently.
fn bound(kind: DependencyType, lag: i64, from_es: i64, from_d: i64, to_d: i64) -> i64 {
    match kind {
        DependencyType::FinishToStart => from_es + from_d + lag,
        DependencyType::StartToStart => from_es + lag,
        DependencyType::FinishToFinish => from_es + from_d + lag - to_d,
        DependencyType::StartToFinish => from_es + lag - to_d,
    }
}

/// Naive early starts: relax every link until nothing changes (at most n rounds).
fn naive_early_starts(d: &[i64], links: &[Link]) -> Vec<i64> {
    let mut es = vec![0i64; d.len()];
    for _ in 0..=d.len() {
        let mut changed = false;
        for l in links {
            let b = bound(l.kind, l.lag, es[l.from], d[l.from], d[l.to]);
            if b > es[l.to] {
                es[l.to] = b;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    es
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn cpm_agrees_with_a_naive_longest_path((durations, links) in network()) {
        let acts: Vec<Activity> = durations
            .iter()
            .map(|&d| Activity { duration: d, min_start: 0, min_start_reason: Reason::ProjectStart, progress: Progress::NotStarted, deadline: None })
            .collect();
        let s = solve(&acts, &links).unwrap();
        let naive = naive_early_starts(&durations, &links);
        let es: Vec<i64> = s.times.iter().map(|t| t.early_start).collect();
        prop_assert_eq!(&es, &naive);
        let naive_end = naive.iter().zip(&durations).map(|(s, d)| s + d).max().unwrap_or(0);
        prop_assert_eq!(s.end, naive_end);

        for l in &links {
            // Every dependency is respected, at the early and at the late dates.
            let (f, t) = (&s.times[l.from], &s.times[l.to]);
            prop_assert!(t.early_start >= bound(l.kind, l.lag, f.early_start, durations[l.from], durations[l.to]));
            prop_assert!(t.late_start >= bound(l.kind, l.lag, f.late_start, durations[l.from], durations[l.to]));
        }
        for (i, t) in s.times.iter().enumerate() {
            prop_assert!(t.total_float >= t.free_float, "{i}: {t:?}");
            prop_assert!(t.free_float >= 0, "{i}: {t:?}");
            prop_assert!(t.late_finish <= s.end);
            prop_assert_eq!(t.late_finish - t.late_start, durations[i]);
        }
        // Walking back from an activity that ends the project along driving
        // links gives a chain of zero-float activities, each linked to the next.
        if let Some(last) = (0..durations.len()).find(|&i| s.times[i].early_finish == s.end && s.times[i].total_float == 0) {
            let mut at = last;
            while let Reason::Link(li) = s.times[at].driver {
                let l = links[li];
                prop_assert_eq!(l.to, at);
                prop_assert_eq!(s.times[l.from].total_float, 0, "driving predecessor {} of {} has float", l.from, at);
                at = l.from;
            }
        }
    }
}

/// The JSON has exactly the fields docs/json.md documents.
#[test]
fn schedule_json_has_the_documented_fields() {
    let out = run(milepost().args([
        "schedule",
        "--plan",
        "examples/atlas/plan",
        "--as-of",
        "2026-03-16",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let keys = |v: &serde_json::Value| -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&doc),
        [
            "as_of",
            "critical_paths",
            "critical_paths_total",
            "finish",
            "items",
            "length_days",
            "leveled",
            "pert",
            "plan",
            "revision",
            "start",
            "version"
        ]
    );
    let item_keys = [
        "critical",
        "deadline",
        "deadline_margin_days",
        "deadline_probability",
        "driver",
        "duration_days",
        "early_finish",
        "early_start",
        "free_float_days",
        "id",
        "kind",
        "late_finish",
        "late_start",
        "owner",
        "pert_finish",
        "pert_finish_std_dev_days",
        "pert_mean_days",
        "pert_std_dev_days",
        "resource_delay_days",
        "risk_delay_days",
        "status",
        "title",
        "total_float_days",
        "unleveled_finish",
        "unleveled_start",
    ];
    let items = doc["items"].as_array().unwrap();
    assert_eq!(items.len(), 5 + 41, "5 milestones and every feature but the cut one");
    for item in items {
        assert_eq!(keys(item), item_keys);
        assert_eq!(keys(&item["early_start"]), ["date", "day"]);
        assert_eq!(keys(&item["pert_finish"]), ["date", "day"]);
        assert!(item["pert_std_dev_days"].is_number() && item["pert_finish_std_dev_days"].is_number());
        assert_eq!(
            keys(&item["driver"]),
            ["first", "id", "kind", "lag_days", "on", "time_off", "type", "until"]
        );
        let days = item["early_finish"]["day"].as_i64().unwrap() - item["early_start"]["day"].as_i64().unwrap();
        assert_eq!(days, item["duration_days"].as_i64().unwrap());
    }
    let doc_text = std::fs::read_to_string(crate::support::root().join("docs/json.md")).unwrap();
    for key in item_keys {
        assert!(
            doc_text.contains(&format!("`{key}`")),
            "docs/json.md does not document `{key}`"
        );
    }
}

#[test]
fn an_empty_plan_schedules_to_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("project.toml", crate::support::PROJECT)]);
    let out = run(milepost()
        .args(["schedule", "--as-of", "2026-03-02", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .starts_with("Test: 2026-03-02 to 2026-03-02 (0 working days), as of 2026-03-02\n"),
        "{}",
        out.stdout
    );
}

/// A history walk schedules with `forecast`: the milestones and the
/// critical features of `schedule`, field for field but PERT's figures, and
/// nothing else.
#[test]
fn a_forecast_keeps_the_milestones_and_critical_items_of_the_schedule() {
    let generated = tempfile::tempdir().unwrap();
    crate::synth_git::synth::write_plan(generated.path(), 300, 5).unwrap();
    let dirs = [
        std::path::PathBuf::from("examples/atlas/plan"),
        std::path::PathBuf::from("tests/fixtures/tj3/links/plan"),
        std::path::PathBuf::from("tests/fixtures/tj3/calendar/plan"),
        std::path::PathBuf::from("tests/fixtures/report/late"),
        std::path::PathBuf::from("tests/fixtures/report/hostile"),
        generated.path().to_path_buf(),
    ];
    for dir in &dirs {
        let plan = crate::support::check_dir(dir, "plan").unwrap();
        assert_eq!(plan.error_count(), 0, "{}", dir.display());
        for as_of in ["2026-01-05", "2026-03-18", "2027-06-30"] {
            let as_of = date(as_of);
            let full = milepost::schedule::schedule(&plan, as_of).unwrap();
            let forecast = milepost::schedule::forecast(&plan, as_of).unwrap();
            // But for PERT's figures, which the forecast skips (and the
            // schedule has for every entry).
            assert!(full.pert.is_some() && full.entries.iter().all(|e| e.pert.is_some()));
            assert!(forecast.pert.is_none() && forecast.entries.iter().all(|e| e.pert.is_none()));
            let kept: Vec<String> = full
                .entries
                .iter()
                .filter(|e| e.kind == milepost::plan::ItemKind::Milestone || e.critical)
                .map(|e| {
                    format!(
                        "{:?}",
                        milepost::schedule::Entry {
                            pert: None,
                            ..e.clone()
                        }
                    )
                })
                .collect();
            let got: Vec<String> = forecast.entries.iter().map(|e| format!("{e:?}")).collect();
            assert_eq!(got, kept, "{} as of {as_of}", dir.display());
            assert!(
                got.len() < full.entries.len(),
                "{}: some features are not critical",
                dir.display()
            );
            assert_eq!(
                (forecast.start, forecast.finish, forecast.length, forecast.status_day),
                (full.start, full.finish, full.length, full.status_day)
            );
            assert!(forecast.critical_paths.is_empty() && !full.critical_paths.is_empty());
        }
    }
}

/// A history walk builds a commit's network from its parent's when only
/// some features' own activities changed (`incremental::patch`): the forecast
/// is the one built from scratch, field for field, and what it cannot
/// patch (a cut, a changed link) is built from scratch.
///
/// Each plan is committed after the base plan and read from Git with one
/// cache, as `milepost diff` reads its two sides: the files a plan shares
/// with the base are the very same decoded values, as in a history walk.
#[test]
fn a_network_patched_from_the_parent_forecasts_as_one_built_from_scratch() {
    use milepost::incremental::{Calendars, forecast_after, patch};
    use milepost::schedule::{Inputs, forecast};

    let mut files = crate::synth_git::synth::plan_files(300, 7);
    files.sort();

    // Feature files, each edited line by line: the keys it sets replace
    // the file's own (and `started`, `finished`, `remaining` go).
    let features: Vec<usize> = (0..files.len())
        .filter(|&i| files[i].0.starts_with("features/"))
        .collect();
    let with_deps = *features
        .iter()
        .find(|&&i| files[i].1.contains("depends-on = [\n  \""))
        .unwrap();
    let edit = |i: usize, set: &[(&str, &str)]| -> String {
        let mut text: String = files[i]
            .1
            .lines()
            .filter(|l| {
                !["started", "finished", "remaining"]
                    .iter()
                    .chain(set.iter().map(|(k, _)| k))
                    .any(|k| l.starts_with(&format!("{k} = ")))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        // Top-level keys go before the first array of tables or inline table lines.
        let head: String = set.iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
        text.insert_str(0, &head);
        text
    };
    let drop_first_dependency =
        |i: usize| -> String { files[i].1.replacen("depends-on = [\n  \"", "depends-on = [\n  # \"", 1) };
    let (a, b, c) = (features[3], features[40], features[77]);
    // What changed, the files it changed (by position), whether it patches.
    type Case<'a> = (&'a str, Vec<(usize, String)>, bool);
    let cases: Vec<Case> = vec![
        ("estimate raised", vec![(a, edit(a, &[("estimate", "\"23d\"")]))], true),
        (
            "started",
            vec![(b, edit(b, &[("status", "\"in-progress\""), ("started", "2026-02-03")]))],
            true,
        ),
        (
            "done",
            vec![(
                c,
                edit(
                    c,
                    &[
                        ("status", "\"done\""),
                        ("started", "2026-01-12"),
                        ("finished", "2026-02-20"),
                    ],
                ),
            )],
            true,
        ),
        (
            "three-point estimate and a remaining estimate, two features",
            vec![
                (
                    a,
                    edit(a, &[("estimate", "{ low = \"2d\", likely = \"4d\", high = \"15d\" }")]),
                ),
                (
                    b,
                    edit(
                        b,
                        &[
                            ("status", "\"in-progress\""),
                            ("started", "2026-02-03"),
                            ("remaining", "\"1w\""),
                        ],
                    ),
                ),
            ],
            true,
        ),
        ("cut", vec![(c, edit(c, &[("status", "\"cut\"")]))], false),
        (
            "a dependency gone",
            vec![(with_deps, drop_first_dependency(with_deps))],
            false,
        ),
    ];
    // The base plan, then each case's, one commit after the other.
    let mut revisions = vec![files.clone()];
    for (_, changed, _) in &cases {
        let mut now = files.clone();
        for (i, text) in changed {
            now[*i].1 = text.clone();
        }
        revisions.push(now);
    }
    let repo = tempfile::tempdir().unwrap();
    let commits = crate::synth_git::plan_commits(repo.path(), &revisions).unwrap();
    let plan_dir = repo.path().join("plan");
    let mut cache = milepost::load::Cache::default();
    let mut load = |commit: &git2::Oid| {
        let needs = milepost::NeedsGit::command("diff");
        let source = milepost::locate::revision(Some(&plan_dir), &commit.to_string(), needs).unwrap();
        let mut plan = milepost::load::load(&source, &mut cache).unwrap().plan;
        milepost::validate::validate(&mut plan);
        plan
    };
    let base = load(&commits[0]);
    assert_eq!(base.error_count(), 0);

    for ((what, _, patchable), commit) in cases.iter().zip(&commits[1..]) {
        let plan = load(commit);
        assert_eq!(plan.error_count(), 0, "{what}: {:?}", plan.diagnostics.first());
        for as_of in ["2026-01-05", "2026-03-18"] {
            let as_of = date(as_of);
            let (_, network) =
                forecast_after(&base, as_of, &mut Calendars::default(), None, Default::default()).unwrap();
            let (before, after) = (Inputs::of(&base).unwrap(), Inputs::of(&plan).unwrap());
            assert_eq!(
                patch(network.network.clone(), &before, &after, as_of).is_some(),
                *patchable,
                "{what}"
            );
            let (patched, _) = forecast_after(
                &plan,
                as_of,
                &mut Calendars::default(),
                Some((&base, network)),
                Default::default(),
            )
            .unwrap();
            let scratch = forecast(&plan, as_of).unwrap();
            assert_eq!(
                format!("{:?}", patched.entries),
                format!("{:?}", scratch.entries),
                "{what} as of {as_of}"
            );
            assert_eq!(
                (patched.start, patched.finish, patched.length, patched.status_day),
                (scratch.start, scratch.finish, scratch.length, scratch.status_day),
                "{what} as of {as_of}"
            );
        }
    }
}
