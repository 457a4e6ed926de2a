//! The independent checker of leveled schedules (issue 14), in
//! `leveling_check/rules.rs` so that the schedule fuzz target
//! (`fuzz/src/targets.rs`) runs the same rules; its own tests below.

mod rules;
pub use rules::*;

// ---------------------------------------------------------------------------
// The checker, checked.

use std::path::Path;

use milepost::Plan;
use milepost::model::Date;

use crate::support::{check_dir, milepost, run, write_files};

/// The valid plan in `dir`.
pub fn load(dir: &Path) -> Plan {
    let plan = check_dir(dir, "").unwrap();
    assert_eq!(plan.error_count(), 0, "{}: {:#?}", dir.display(), plan.diagnostics);
    plan
}

/// The forecast of `milepost schedule --format json` for the plan in
/// `dir` as of `as_of` (leveled when the plan has people who own work),
/// with `args` added.
pub fn schedule_json(dir: &Path, as_of: &str, args: &[&str]) -> serde_json::Value {
    let out = run(milepost()
        .args(["schedule", "--format", "json", "--as-of", as_of])
        .args(args)
        .arg("--plan")
        .arg(dir));
    assert_eq!(out.code, 0, "schedule failed:\n{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// The forecast of the plan in `dir` as of `as_of`.
pub fn forecast(dir: &Path, as_of: &str) -> Timings {
    from_json(&schedule_json(dir, as_of, &[]))
}

/// The CPM schedule, people left out: `schedule --no-level`.
pub fn unleveled(dir: &Path, as_of: &str) -> Timings {
    from_json(&schedule_json(dir, as_of, &["--no-level"]))
}

/// What the checker says of the unleveled schedule of a plan of `project`
/// (the `[project]` table and the people) and `features` (id, text).
fn flags(project: &str, features: &[(&str, &str)], as_of: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), project, features);
    let plan = load(dir.path());
    texts(&violations(
        &plan,
        Date::parse(as_of).unwrap(),
        &unleveled(dir.path(), as_of),
    ))
}

fn write_plan(dir: &Path, project: &str, features: &[(&str, &str)]) {
    let files: Vec<(String, String)> = std::iter::once(("project.toml".to_string(), project.to_string()))
        .chain(
            features
                .iter()
                .map(|(id, text)| (format!("features/{id}.toml"), text.to_string())),
        )
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_files(dir, &refs);
}

/// Starts on Monday 2026-03-02, Monday to Friday.
const ANA: &str = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

#[test]
fn two_parallel_features_of_one_person_are_flagged() {
    // a: days 0..2 (Mar 2-4), b: days 0..1 (Mar 2-3), both ana's.
    let got = flags(
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"3d\"\nowner = \"ana\"\n"),
            ("b", "title = \"B\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        ["ana works on a and b on the same 2 days, 2026-03-02 to 2026-03-03"]
    );
}

#[test]
fn three_overlapping_features_are_flagged_pair_by_pair() {
    // a: Mar 2-6, b: Mar 2-3, c after an SS +1 on a: Mar 3-5. Day by day,
    // the first feature on a day holds it: b and c meet a, not each other.
    let got = flags(
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"5d\"\nowner = \"ana\"\n"),
            ("b", "title = \"B\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
            (
                "c",
                "title = \"C\"\nestimate = \"3d\"\nowner = \"ana\"\ndepends-on = [{ id = \"a\", type = \"SS\", lag = \"1d\" }]\n",
            ),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        [
            "ana works on a and b on the same 2 days, 2026-03-02 to 2026-03-03",
            "ana works on a and c on the same 3 days, 2026-03-03 to 2026-03-05",
        ]
    );
}

#[test]
fn capacity_time_off_and_workdays_are_flagged() {
    let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
                   [[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n\n\
                   [[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\
                   time-off = [{ from = 2026-03-03, to = 2026-03-03 }]\n";
    let got = flags(
        project,
        &[
            // 4.2 days at half time: 9 of ana's days; the CPM gives it 5.
            (
                "a",
                "title = \"A\"\nestimate = { low = \"3d\", likely = \"4d\", high = \"6.2d\" }\nowner = \"ana\"\n",
            ),
            // Mar 2-4; ben is off on Mar 3: 2 of his days for 3 of effort.
            ("b", "title = \"B\"\nestimate = \"3d\"\nowner = \"ben\"\n"),
            // Friday Mar 6, which ben does not work.
            (
                "c",
                "title = \"C\"\nestimate = \"1d\"\nowner = \"ben\"\nnot-before = 2026-03-06\n",
            ),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        [
            "a spans 5 of ana's working days (days 0 .. 4), where its effort of 4.2d at capacity 0.5 needs 9",
            "b spans 2 of ben's working days (days 0 .. 2), where its effort of 3d at capacity 1 needs 3",
            "c starts on day 4 (2026-03-06), a day off for ben",
            "c finishes on day 4 (2026-03-06), a day off for ben",
            "c spans 0 of ben's working days (days 4 .. 4), where its effort of 1d at capacity 1 needs 1",
        ]
    );
}

/// Copies the plan in `from` to `to`, leaving out every `owner` line.
fn copy_without_owners(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_without_owners(&path, &target);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("owner = ")).collect();
            std::fs::write(&target, kept.join("\n") + "\n").unwrap();
        }
    }
}

/// The CPM schedule keeps every link, floor and date rule: on the example
/// and the tj3 fixtures (every link type, leads, short weeks, holidays,
/// progress), with owners left out, the checker finds nothing.
#[test]
fn the_cpm_schedule_of_plans_without_owners_passes() {
    let root = crate::support::root();
    let plans = [
        ("examples/atlas/plan", &["2026-01-05", "2026-03-16", "2026-06-01"][..]),
        (
            "tests/fixtures/tj3/calendar/plan",
            &["2026-03-02", "2026-04-03", "2026-04-22"][..],
        ),
        ("tests/fixtures/tj3/progress/plan", &["2026-04-06", "2026-04-14"][..]),
        ("tests/fixtures/tj3/links/plan", &["2026-03-18"][..]),
    ];
    for (rel, dates) in plans {
        let dir = tempfile::tempdir().unwrap();
        copy_without_owners(&root.join(rel), dir.path());
        let plan = load(dir.path());
        assert!(plan.features.iter().all(|f| f.data.owner.is_none()));
        for as_of in dates {
            let timings = unleveled(dir.path(), as_of);
            assert!(timings.len() > 10, "{rel}: {} items", timings.len());
            let got = texts(&violations(&plan, Date::parse(as_of).unwrap(), &timings));
            assert!(got.is_empty(), "{rel} as of {as_of}:\n{}", got.join("\n"));
        }
    }
}

/// People whose work does not collide: one after the other, at full
/// capacity, with time off and short weeks outside their work, and work
/// that has started or is done. The CPM schedule is then already leveled,
/// and passes.
#[test]
fn a_plan_without_conflicts_passes() {
    let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
                   [[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-09, to = 2026-03-13 }]\n\n\
                   [[people]]\nid = \"ben\"\nname = \"Ben\"\ncapacity = 1\nworkdays = [\"mon\", \"tue\", \"wed\"]\n\n\
                   [[people]]\nid = \"eve\"\nname = \"Eve\"\n";
    // As of Wednesday 2026-03-04, day 2.
    let got = flags(
        project,
        &[
            // ana: a on Mar 4-5; c 6 working days after a, Mon Mar 16, after her week off.
            ("a", "title = \"A\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
            (
                "c",
                "title = \"C\"\nestimate = \"1d\"\nowner = \"ana\"\ndepends-on = [{ id = \"a\", lag = \"6d\" }]\n",
            ),
            // ben (Mon-Wed): b on Wed Mar 4; d 3 days after b starts, Mon-Wed Mar 9-11.
            ("b", "title = \"B\"\nestimate = \"1d\"\nowner = \"ben\"\n"),
            (
                "d",
                "title = \"D\"\nestimate = \"3d\"\nowner = \"ben\"\n\
                 depends-on = [{ id = \"b\", type = \"SS\", lag = \"3d\" }, { id = \"b\", type = \"FF\" }]\n",
            ),
            // eve: e done; f in progress, 2 days left (Mar 4-5); h after f (Fri Mar 6, Mon Mar 9).
            (
                "e",
                "title = \"E\"\nestimate = \"2d\"\nowner = \"eve\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-03\n",
            ),
            (
                "f",
                "title = \"F\"\nestimate = \"4d\"\nowner = \"eve\"\nstatus = \"in-progress\"\nstarted = 2026-03-03\n\
                 remaining = \"2d\"\ndepends-on = [{ id = \"e\", type = \"SF\", lag = \"-1d\" }]\n",
            ),
            (
                "h",
                "title = \"H\"\nestimate = \"2d\"\nowner = \"eve\"\ndepends-on = [\"f\"]\n",
            ),
            // Nobody's: not constrained by people.
            ("g", "title = \"G\"\nestimate = \"2w\"\nnot-before = 2026-03-04\n"),
        ],
        "2026-03-04",
    );
    assert_eq!(got, Vec::<String>::new());
}

/// A schedule altered by hand breaks the rules the checker names: a link,
/// the status date, a `not-before`, started work (its own or a person's)
/// finishing too early for the work left, and a date that is not its day.
#[test]
fn each_broken_rule_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(
        dir.path(),
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"3d\"\n"),
            (
                "b",
                "title = \"B\"\nestimate = \"2d\"\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"1d\" }]\n",
            ),
            ("c", "title = \"C\"\nestimate = \"1d\"\nnot-before = 2026-03-12\n"),
            (
                "d",
                "title = \"D\"\nestimate = \"5d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"2d\"\n",
            ),
            (
                "e",
                "title = \"E\"\nestimate = \"5d\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"1d\"\n",
            ),
        ],
    );
    let plan = load(dir.path());
    let as_of = "2026-03-04";
    let mut timings = unleveled(dir.path(), as_of);
    // As scheduled: a days 2..4 (from the status date, Wed Mar 4), b 4..6
    // (finishing a day after a), c from Thu Mar 12 (day 8), d to day 4.
    let at = |s: i64, f: i64| (s, f);
    let got: Vec<(i64, i64)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|id| at(timings[*id].start, timings[*id].finish))
        .collect();
    assert_eq!(got, [(2, 5), (4, 6), (8, 9), (0, 4), (0, 3)]);
    assert!(violations(&plan, Date::parse(as_of).unwrap(), &timings).is_empty());

    let mut set = |id: &str, start: i64, finish: i64| {
        let p = timings.get_mut(id).unwrap();
        (p.start, p.finish, p.dates) = (start, finish, None);
    };
    set("a", 1, 4);
    set("b", 2, 4);
    set("c", 7, 8);
    set("d", 0, 3);
    set("e", 0, 2);
    timings.get_mut("d").unwrap().dates = Some(("2026-03-02".into(), "2026-03-05".into()));
    let got = texts(&violations(&plan, Date::parse(as_of).unwrap(), &timings));
    assert_eq!(
        got,
        [
            "d is placed on days 0 .. 2 (2026-03-02 to 2026-03-04 on the project calendar), but its dates are 2026-03-02 to 2026-03-05",
            "FF a -> b +1d does not hold: b's finish is day 4, a's finish is day 4",
            "a starts on day 1, before the status date (day 2 (2026-03-04))",
            "c starts on day 7, before its not-before 2026-03-12 (day 8)",
            "d finishes on day 2, but its 2 days of work left cannot start before the status date (day 2 (2026-03-04))",
            "e has 1d of effort left at capacity 1, 1 of ana's working days, but only 0 from the status date (day 2 (2026-03-04)) to its finish",
        ]
    );
}

// ---------------------------------------------------------------------------
// Generated plans.

use crate::support::people_plans;

/// The seeds of the generated plans the leveling checks run on.
pub const SEEDS: std::ops::RangeInclusive<u64> = 1..=40;

/// Writes the plan of `seed` into a fresh directory; returns it, the plan
/// loaded (valid) and its status date.
pub fn generated(seed: u64) -> (tempfile::TempDir, Plan, String) {
    let g = people_plans::generate(seed);
    let dir = tempfile::tempdir().unwrap();
    g.write(dir.path());
    let plan = check_dir(dir.path(), "").unwrap();
    assert_eq!(
        plan.error_count(),
        0,
        "seed {seed}: {:#?}\n{:#?}",
        plan.diagnostics,
        g.files
    );
    (dir, plan, g.as_of)
}

/// Whether `v` breaks a rule of people (not a link, floor or date).
pub fn about_people(v: &Violation) -> bool {
    matches!(v.rule, Rule::DayOff | Rule::Span { .. } | Rule::Overlap { .. })
}

/// The generated plans are valid, their CPM schedules keep every link,
/// floor and date rule, and overbook people: the checker finds what
/// leveling must fix on most of them.
#[test]
fn generated_plans_overbook_people_when_not_leveled() {
    let (mut overlaps, mut spans, mut days_off) = (0, 0, 0);
    for seed in SEEDS {
        let (dir, plan, as_of) = generated(seed);
        let found = violations(&plan, Date::parse(&as_of).unwrap(), &unleveled(dir.path(), &as_of));
        let (people, other): (Vec<Violation>, Vec<Violation>) = found.into_iter().partition(about_people);
        assert!(other.is_empty(), "seed {seed}:\n{}", texts(&other).join("\n"));
        overlaps += usize::from(people.iter().any(|v| matches!(v.rule, Rule::Overlap { .. })));
        spans += usize::from(people.iter().any(|v| matches!(v.rule, Rule::Span { .. })));
        days_off += usize::from(people.iter().any(|v| v.rule == Rule::DayOff));
    }
    let n = SEEDS.count();
    println!(
        "of {n} generated plans, the CPM schedule overbooks someone in {overlaps}, misses a capacity, time off or workday in {spans}, starts or ends work on a day off in {days_off}"
    );
    assert!(
        overlaps * 4 >= n * 3 && spans * 2 >= n && days_off * 4 >= n,
        "{overlaps} {spans} {days_off} of {n}"
    );
}

/// milepost's own forecast of every generated plan keeps every rule,
/// finishes no item earlier than the CPM schedule, and is the same with one
/// thread or two.
#[test]
fn milepost_levels_generated_plans_validly() {
    let mut failures = Vec::new();
    for seed in SEEDS {
        let (dir, plan, as_of) = generated(seed);
        let leveled = forecast(dir.path(), &as_of);
        let cpm = unleveled(dir.path(), &as_of);
        let found = texts(&violations(&plan, Date::parse(&as_of).unwrap(), &leveled));
        if !found.is_empty() {
            failures.push(format!("seed {seed} as of {as_of}:\n  {}", found.join("\n  ")));
        }
        if makespan(&leveled) < makespan(&cpm) {
            failures.push(format!(
                "seed {seed}: leveled makespan {} < CPM {}",
                makespan(&leveled),
                makespan(&cpm)
            ));
        }
        // No item finishes earlier than the critical path method has it.
        for (id, p) in &leveled {
            if cpm.get(id).is_some_and(|c| p.finish < c.finish) {
                failures.push(format!(
                    "seed {seed}: {id} finishes on day {} before its CPM finish",
                    p.finish
                ));
            }
        }
        // The same schedule whatever the number of threads.
        let text = |threads: &str| {
            let out = run(milepost()
                .env("MILEPOST_THREADS", threads)
                .args(["schedule", "--format", "json", "--as-of", &as_of, "--plan"])
                .arg(dir.path()));
            assert_eq!(out.code, 0, "{}", out.stderr);
            out.stdout
        };
        if seed % 8 == 0 && text("1") != text("2") {
            failures.push(format!("seed {seed}: the schedule differs with 1 and 2 threads"));
        }
        println!(
            "seed {seed}: makespan {} working days leveled, {} CPM",
            makespan(&leveled),
            makespan(&cpm)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
