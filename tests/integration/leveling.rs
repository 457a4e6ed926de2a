//! Resource leveling, checked against schedules worked out by hand.
//!
//! Working days are numbered from 0; a finish is exclusive. 2026-03-02 is
//! a Monday.

use milepost::model::Date;
use milepost::schedule::{Driver, Precedence, Schedule};

use crate::support::{HAND, milepost, run, write_files};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// Schedules the plan made of `files` (leveled) as of `as_of`.
fn leveled(files: &[(&str, &str)], as_of: &str) -> Schedule {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    assert_eq!(plan.error_count(), 0, "{:#?}", plan.diagnostics);
    milepost::schedule::schedule(&plan, date(as_of)).unwrap()
}

/// (start, finish) of `id`, inclusive dates.
fn dates(s: &Schedule, id: &str) -> (String, String) {
    let e = s.entries.iter().find(|e| &*e.id == id).unwrap();
    (e.start.to_string(), e.finish.to_string())
}

/// What `milepost explain ID --as-of AS_OF --plan PLAN` prints; it must
/// succeed.
fn explain_at(plan: &str, id: &str, as_of: &str) -> String {
    let out = run(milepost().args(["explain", id, "--as-of", as_of, "--color", "never", "--plan", plan]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn entry<'a>(s: &'a Schedule, id: &str) -> &'a milepost::schedule::Entry {
    s.entries.iter().find(|e| &*e.id == id).unwrap()
}

/// The ids of a leveled schedule's items in the order leveling takes them
/// ([`milepost::schedule::Entry::queue`]); every place differs.
fn leveling_order(s: &Schedule) -> Vec<&str> {
    let mut order: Vec<_> = s.entries.iter().map(|e| (e.queue.unwrap(), &*e.id)).collect();
    order.sort_unstable();
    assert!(order.windows(2).all(|w| w[0].0 < w[1].0), "two items share a place");
    order.into_iter().map(|(_, id)| id).collect()
}

/// The plan of `schedule::a_plan_worked_by_hand`, plus `launch-prep`, with
/// one person, Ana, doing all of it. Days: 0 Mon 03-02 .. 8 Thu 03-12,
/// (Fri 03-13 a holiday), 9 Mon 03-16, 10 Tue 03-17, 11 Wed 03-18, 12 Thu
/// 03-19, 13 Fri 03-20, 14 Mon 03-23.
///
/// Unleveled: design 0-3, build 3-8, docs 4-6, test 7-10, launch-prep 9-11;
/// latest starts (beta due by 8): design -2, build 1, test 5, docs 6,
/// launch-prep 9. Every feature but launch-prep leads to beta's deadline.
///
/// Leveled, most urgent first (beta's deadline, then least slack):
/// - design 0-3 (Mon 03-02 .. Wed 03-04), then build 3-8 (Thu 03-05 .. Wed 03-11);
/// - test (FF +2 after build: finish >= 10) would take 7-10, but Ana is on
///   build until 8: 8-11 (Thu 03-12, Mon 03-16, Tue 03-17);
/// - docs (SS +1: from 4): Ana is busy until 11: 11-13 (Wed 03-18 .. Thu 03-19);
/// - beta is reached at 13 (Thu 03-19): 5 days late;
/// - launch-prep (not before day 9, no deadline): 13-15 (Fri 03-20, Mon 03-23).
///
/// Backward over the leveled network (end 15; beta due by 8): docs 8 - 13
/// = -5, test (ahead of docs on Ana) 6 - 11 = -5, build min(test's late
/// start 3, 6 - 2) - 8 = -5, design -2 - 3 = -5: all critical with beta;
/// launch-prep has 0, not the least.
#[test]
fn one_person_does_it_all_worked_by_hand() {
    let mut files = HAND.to_vec();
    files.push((
        "features/launch-prep.toml",
        "title = \"Launch prep\"\nowner = \"ana\"\nestimate = \"1.5d\"\nnot-before = 2026-03-14\n",
    ));
    let s = leveled(&files, "2026-03-02");
    assert!(s.leveled());
    assert_eq!(dates(&s, "design"), ("2026-03-02".into(), "2026-03-04".into()));
    assert_eq!(dates(&s, "build"), ("2026-03-05".into(), "2026-03-11".into()));
    assert_eq!(dates(&s, "test"), ("2026-03-12".into(), "2026-03-17".into()));
    assert_eq!(dates(&s, "docs"), ("2026-03-18".into(), "2026-03-19".into()));
    assert_eq!(dates(&s, "launch-prep"), ("2026-03-20".into(), "2026-03-23".into()));
    assert_eq!(entry(&s, "beta").finish.to_string(), "2026-03-19");
    assert_eq!(entry(&s, "beta").deadline_margin, Some(-5));
    assert_eq!(s.finish.to_string(), "2026-03-23");
    assert_eq!(s.length, 15);
    for (id, float) in [
        ("design", -5),
        ("build", -5),
        ("test", -5),
        ("docs", -5),
        ("launch-prep", 0),
    ] {
        assert_eq!(entry(&s, id).times.total_float, float, "{id}");
    }
    // How far people moved each finish: docs 6 -> 13, launch-prep 11 -> 15.
    assert_eq!(entry(&s, "docs").resource_delay(), 7);
    assert_eq!(entry(&s, "launch-prep").resource_delay(), 4);
    assert_eq!(entry(&s, "design").resource_delay(), 0);
    assert_eq!(entry(&s, "docs").unleveled.start.to_string(), "2026-03-06");
    // Drivers: a plan link wins a tie with Ana.
    assert!(matches!(&entry(&s, "build").driver, Driver::Item { id, .. } if &**id == "design"));
    let person = |id: &str| match &entry(&s, id).driver {
        Driver::Person {
            person,
            on,
            until,
            first,
        } => (person.to_string(), on.to_string(), until.to_string(), first.clone()),
        other => panic!("{id}: {other:?}"),
    };
    // Build goes first because test may not finish before it does (FF
    // +2d), whatever their order.
    let linked = Precedence::Linked(milepost::model::DependencyType::FinishToFinish, 2);
    assert_eq!(
        person("test"),
        ("ana".into(), "build".into(), "2026-03-11".into(), linked)
    );
    assert_eq!(
        person("docs"),
        ("ana".into(), "test".into(), "2026-03-17".into(), Precedence::LessSlack)
    );
    let beta_first = Precedence::Deadline {
        milestone: "beta".into(),
        date: date("2026-03-11"),
    };
    assert_eq!(
        person("launch-prep"),
        ("ana".into(), "docs".into(), "2026-03-19".into(), beta_first)
    );
    // The critical chain runs through Ana's queue.
    let chains: Vec<Vec<&str>> = s
        .critical_paths
        .iter()
        .map(|c| c.iter().map(|&i| &*s.entries[i].id).collect())
        .collect();
    assert_eq!(chains, [["design", "build", "test", "docs", "beta"]]);
}

/// `capacity` scales a person's rate: at 0.5, 4 days of effort take 8 of
/// their working days, and a PERT mean of (2 + 4 × 4 + 7) / 6 = 4.1667 days
/// takes ceil(8.33) = 9. Someone at full capacity beside them is not slowed.
#[test]
fn capacity_scales_the_days_work_takes() {
    let s = leveled(
        &[
            (
                "project.toml",
                "[project]\nname = \"C\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n",
            ),
            ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"4d\"\n"),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = { low = \"2d\", likely = \"4d\", high = \"7d\" }\ndepends-on = [\"a\"]\n",
            ),
            ("features/c.toml", "title = \"C\"\nowner = \"ben\"\nestimate = \"4d\"\n"),
        ],
        "2026-03-02",
    );
    // a: days 0-8 (Mon 03-02 .. Wed 03-11); b: 8-17 (Thu 03-12 .. Tue 03-24).
    assert_eq!(dates(&s, "a"), ("2026-03-02".into(), "2026-03-11".into()));
    assert_eq!(entry(&s, "a").duration, 8);
    assert_eq!(dates(&s, "b"), ("2026-03-12".into(), "2026-03-24".into()));
    assert_eq!(entry(&s, "b").duration, 9);
    assert_eq!(dates(&s, "c"), ("2026-03-02".into(), "2026-03-05".into()));
    // Unleveled, a takes 4 days and b 5 (ceil 4.17): b finishes on day 9.
    assert_eq!(entry(&s, "b").unleveled.early_finish, 9);
    assert_eq!(entry(&s, "b").resource_delay(), 17 - 9);
    // Each owner's working days of the work, as the schedule says them.
    assert_eq!(
        ["a", "b", "c"].map(|id| entry(&s, id).work_days),
        [Some(8), Some(9), Some(4)]
    );
}

/// Only a leveled schedule says where leveling took each item and how
/// many of its owner's days work left takes; done work, unowned work and
/// milestones take none of anyone's days, and work of zero days takes 0.
#[test]
fn queue_and_work_days_are_those_of_a_leveled_schedule() {
    let files = [
        (
            "project.toml",
            "[project]\nname = \"Q\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n",
        ),
        ("milestones/m.toml", "title = \"M\"\n"),
        (
            "features/done.toml",
            "title = \"Done\"\nowner = \"ana\"\nestimate = \"2d\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-03\n",
        ),
        ("features/none.toml", "title = \"None\"\nestimate = \"2d\"\n"),
        (
            "features/spike.toml",
            "title = \"Spike\"\nowner = \"ana\"\nestimate = \"0d\"\n",
        ),
        (
            "features/work.toml",
            "title = \"Work\"\nowner = \"ana\"\nestimate = \"3d\"\nmilestone = \"m\"\n",
        ),
    ];
    let s = leveled(&files, "2026-03-04");
    assert!(s.leveled());
    let work_days = ["m", "done", "none", "spike", "work"].map(|id| entry(&s, id).work_days);
    assert_eq!(work_days, [None, None, None, Some(0), Some(6)]);
    // Every item has a place: done work first, then by latest start
    // (status date day 2; unleveled, work 2-5, m at 5, none 2-4, spike at
    // 2): work 2, none 3, then m and spike at 5, in plan order.
    assert_eq!(leveling_order(&s), ["done", "work", "none", "m", "spike"]);

    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    let options = milepost::schedule::Options { level: false };
    let cpm = milepost::schedule::schedule_with(&plan, date("2026-03-04"), options).unwrap();
    assert!(!cpm.leveled());
    assert!(cpm.entries.iter().all(|e| e.queue.is_none() && e.work_days.is_none()));
}

/// A person's days off pause their work: a 5-day feature from Mon 03-02
/// with time off Wed 03-04 .. Thu 03-05 runs Mon, Tue, Fri, Mon, Tue and
/// finishes Tue 03-10 (its span is 7 working days of the project). Someone
/// who works Monday to Thursday starts a 5-day feature on Mon 03-02 and
/// finishes it on Mon 03-09; a feature that could start on a Friday waits
/// for their Monday, and `explain` says why.
#[test]
fn time_off_and_a_short_week_pause_work() {
    let s = leveled(
        &[
            (
                "project.toml",
                "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-04, to = 2026-03-05, name = \"Dentist\" }]\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n",
            ),
            ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n"),
            ("features/b.toml", "title = \"B\"\nowner = \"ben\"\nestimate = \"5d\"\n"),
            ("features/c.toml", "title = \"C\"\nestimate = \"4d\"\n"),
            (
                "features/d.toml",
                "title = \"D\"\nowner = \"ben\"\nestimate = \"1d\"\ndepends-on = [\"c\"]\nnot-before = 2026-03-02\n",
            ),
        ],
        "2026-03-02",
    );
    assert_eq!(dates(&s, "a"), ("2026-03-02".into(), "2026-03-10".into()));
    assert_eq!(entry(&s, "a").duration, 7);
    assert_eq!(dates(&s, "b"), ("2026-03-02".into(), "2026-03-09".into()));
    // c (nobody's) ends Thu 03-05; d could start Fri 03-06, Ben's day off,
    // and he is on b until Mon 03-09: d takes Tue 03-10.
    assert_eq!(dates(&s, "d"), ("2026-03-10".into(), "2026-03-10".into()));
    assert!(matches!(&entry(&s, "d").driver, Driver::Person { on, .. } if &**on == "b"));
}

/// `explain` says why a feature spans more working days than its work:
/// Ana's `a` (5d) spans 7 (03-02..03-10, her dentist 03-04..05), Ben's `b`
/// (5d) 6 (03-02..03-09, Friday 03-06 not his day); Ben's `d` (1d) none.
/// Work in progress without `remaining`: what its owner did counts, their
/// own working days at their capacity, so its forecast finish stays put as
/// the status date moves until it is late. Each feature is 4 days of work,
/// 2026-03-02 a Monday:
/// - `half` (capacity 0.5), started Mon 03-02: 8 of her days, Mon 03-02 ..
///   Wed 03-11. As of Fri 03-06, 4 days × 0.5 = 2 done, 2 left: Fri, Mon,
///   Tue, Wed. As of Wed 03-11, 3.5 done: the half day left is that day's.
///   As of Thu 03-12 it is late: its last day is the status date.
/// - `mt` (Mon to Thu), started Thu 03-05: Thu 03-05, Mon 09, Tue 10, Wed
///   11. As of Tue 03-10, Friday 03-06 is not a day of his: 2 done (Thu,
///   Mon), 2 left, Tue and Wed.
/// - `vac` (off Wed 03-04 .. Fri 03-06), started Mon 03-02: Mon, Tue, then
///   Mon 03-09, Tue 03-10. As of Mon 03-09, 2 done, 2 left.
///
/// Unleveled, the days since the start count at full rate, project days:
/// as of 03-06, `half` has 4 done and a day left at least: it ends 03-06.
#[test]
fn work_in_progress_counts_what_its_owner_did() {
    let project = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"half\"\nname = \"H\"\ncapacity = 0.5\n\n[[people]]\nid = \"mt\"\nname = \"M\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\n[[people]]\nid = \"vac\"\nname = \"V\"\ntime-off = [{ from = 2026-03-04, to = 2026-03-06 }]\n";
    let feature = |owner: &str, started: &str| {
        format!(
            "title = \"{owner}\"\nowner = \"{owner}\"\nstatus = \"in-progress\"\nstarted = {started}\nestimate = \"4d\"\n"
        )
    };
    let (a, b, c) = (
        feature("half", "2026-03-02"),
        feature("mt", "2026-03-05"),
        feature("vac", "2026-03-02"),
    );
    let files = [
        ("project.toml", project),
        ("features/a.toml", a.as_str()),
        ("features/b.toml", b.as_str()),
        ("features/c.toml", c.as_str()),
    ];
    for as_of in ["2026-03-02", "2026-03-04", "2026-03-06", "2026-03-09", "2026-03-10"] {
        let s = leveled(&files, as_of);
        let finish = |id: &str| entry(&s, id).finish.to_string();
        assert_eq!(
            [finish("a"), finish("b"), finish("c")],
            ["2026-03-11", "2026-03-11", "2026-03-10"],
            "as of {as_of}"
        );
    }
    let s = leveled(&files, "2026-03-06");
    assert_eq!(entry(&s, "a").work_left, Some(2.0));
    assert_eq!(entry(&s, "a").work_days, Some(4));
    assert_eq!(entry(&leveled(&files, "2026-03-10"), "b").work_left, Some(2.0));
    assert_eq!(entry(&leveled(&files, "2026-03-09"), "c").work_left, Some(2.0));
    let s = leveled(&files, "2026-03-11");
    assert_eq!(entry(&s, "a").work_left, Some(0.5), "3.5 of 4 done");
    assert_eq!(dates(&s, "a").1, "2026-03-11");
    let s = leveled(&files, "2026-03-12");
    assert_eq!(entry(&s, "a").work_left, Some(0.5), "late: a day of hers at least");
    assert_eq!(dates(&s, "a").1, "2026-03-12");

    // The report counts the same work done: 2 of 4 days as of 03-06.
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    // `explain` says what sets the finish of started work.
    let plan = dir.path().to_str().unwrap();
    let explain = |id: &str, as_of: &str| explain_at(plan, id, as_of);
    assert_eq!(
        explain("a", "2026-03-06"),
        "`a` starts 2026-03-02 and finishes 2026-03-11 (8 working days); total float 0d, critical\n  \
         it has 2d of work left of its 4d estimate, half's working days since it started counted done at 50% of their time: 4 of their working days from 2026-03-06\n  \
         because it has started: its start, 2026-03-02, is kept\n"
    );
    assert!(
        explain("c", "2026-03-03").contains(
            "  it has 3d of work left of its 4d estimate, vac's working days since it started counted done: 3 of their working days from 2026-03-03\n  \
             it pauses 3 working days on the way while vac is away: time off 2026-03-04..06\n"
        ),
        "{}",
        explain("c", "2026-03-03")
    );
    let context = |more: &[&str]| -> serde_json::Value {
        let out = run(milepost()
            .args([
                "report",
                "--context",
                "--no-since",
                "--runs",
                "0",
                "--as-of",
                "2026-03-06",
                "--plan",
            ])
            .arg(dir.path())
            .args(more));
        serde_json::from_str(&out.stdout).unwrap()
    };
    let c = context(&[]);
    assert_eq!(crate::support::by_id(&c["features"], "a")["complete"], 0.5);
    // Unleveled: 4 project days at full rate, a day left at least: 3 of 4.
    let c = context(&["--no-level"]);
    assert_eq!(crate::support::by_id(&c["features"], "a")["complete"], 0.75);
    assert_eq!(crate::support::by_id(&c["features"], "a")["finish"], "2026-03-06");
}

#[test]
fn explain_says_what_pauses_a_feature() {
    let files = [
        (
            "project.toml",
            "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-04, to = 2026-03-05, name = \"Dentist\" }, { from = 2026-06-01, to = 2026-06-05 }]\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\ntime-off = [{ from = 2026-03-06, to = 2026-03-06 }]\n",
        ),
        ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n"),
        ("features/b.toml", "title = \"B\"\nowner = \"ben\"\nestimate = \"5d\"\n"),
        (
            "features/d.toml",
            "title = \"D\"\nowner = \"ben\"\nestimate = \"1d\"\ndepends-on = [\"b\"]\n",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = dir.path().to_str().unwrap();
    let explain = |id: &str| explain_at(plan, id, "2026-03-02");
    let a = explain("a");
    assert!(
        a.starts_with("`a` starts 2026-03-02 and finishes 2026-03-10 (7 working days)"),
        "{a}"
    );
    // Only the time off within its span is named.
    assert!(
        a.contains("\n  it pauses 2 working days of its 7 working days while its owner, ana, is away: time off 2026-03-04..05\n"),
        "{a}"
    );
    // Ben's time off on a Friday, a day he does not work anyway, is not
    // named: only his week pauses `b`.
    let b = explain("b");
    assert!(
        b.contains("\n  it pauses 1 working day of its 6 working days while its owner, ben, is away: the days of the week they do not work\n"),
        "{b}"
    );
    // `d` (Tue 03-10) waits for b and pauses nowhere.
    let d = explain("d");
    assert!(d.starts_with("`d` starts 2026-03-10 and finishes 2026-03-10"), "{d}");
    assert!(!d.lines().nth(1).unwrap_or("").contains("pauses"), "{d}");
    // Without leveling, nobody pauses.
    let out = run(milepost().args(["explain", "a", "--as-of", "2026-03-02", "--no-level", "--plan", plan]));
    assert!(!out.stdout.contains("pauses"), "{}", out.stdout);
}

/// Ben's time off, alone in the way, is the driver, with its dates.
#[test]
fn time_off_is_named_as_the_driver() {
    let files = [
        (
            "project.toml",
            "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\ntime-off = [{ from = 2026-03-02, to = 2026-03-06 }]\n",
        ),
        ("features/a.toml", "title = \"A\"\nowner = \"ben\"\nestimate = \"2d\"\n"),
    ];
    let s = leveled(&files, "2026-03-02");
    assert_eq!(dates(&s, "a"), ("2026-03-09".into(), "2026-03-10".into()));
    assert_eq!(
        entry(&s, "a").driver,
        Driver::OwnerAway {
            person: "ben".into(),
            time_off: Some((date("2026-03-02"), date("2026-03-06")))
        }
    );
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = dir.path().to_str().unwrap();
    let out = run(milepost().args(["explain", "a", "--as-of", "2026-03-02", "--plan", plan]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("because its owner, ben, is away before it: time off 2026-03-02..06"),
        "{}",
        out.stdout
    );
    // Without leveling, Ben is as many people as needed, and never away.
    let out = run(milepost().args([
        "schedule",
        "--no-level",
        "--format",
        "json",
        "--as-of",
        "2026-03-02",
        "--plan",
        plan,
    ]));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["leveled"], false);
    assert_eq!(doc["items"][0]["early_start"]["date"], "2026-03-02");
    let out = run(milepost().args(["schedule", "--format", "json", "--as-of", "2026-03-02", "--plan", plan]));
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(doc["leveled"], true);
    let a = &doc["items"][0];
    assert_eq!(a["early_start"]["date"], "2026-03-09");
    assert_eq!(a["unleveled_start"]["date"], "2026-03-02");
    assert_eq!(a["resource_delay_days"], 5);
    assert_eq!(a["driver"]["kind"], "owner-away");
    assert_eq!(a["driver"]["time_off"]["to"], "2026-03-06");
}

/// The driver is what holds the start, not what ends near it (hand-checked
/// plans of a review). Days: 0 Mon 03-02 .. 4 Fri 03-06, 5 Mon 03-09 .. 9
/// Fri 03-13, 10 Mon 03-16 .. 14 Fri 03-20, 15 Mon 03-23.
///
/// - Ana does `a` (5d: 0-5), is off 03-09..11 (5-8), then does `b` (2d,
///   not before 03-09: 8-10), then `c` (1d, after `a`; `b` is first in
///   plan order: 10-11). What holds `b` at 03-12 is her time off: without
///   it `b` would start 03-09, when `a` ends and its not-before allows; not
///   "waits for ana, who works on a". `c` waits for Ana on `b`.
/// - Ben works Monday to Thursday: `d` (4d: 0-4), then `e` (1d) on Mon
///   03-09 (5): it waits for Ben on `d` (his Friday is his week, not time
///   off).
/// - `f` (Cy, 3d, off 03-16..20) finishes a day after `a` at least (FF +1: at 6 or
///   later): from 03-05 (3) it ends at 6 (3, 4, 5); from 03-04 at 5. The
///   link holds it: 03-05..03-09.
/// - `g` (Cy too, 3d) finishes 5 days after `a` at least (FF +5: at 10 or
///   later). From 03-11 (7) it ends at 10 (7, 8, 9): 03-11..03-13; from
///   03-10 it would end at 9. The link holds it.
/// - `h` (Dee, 3d, off 03-16..20: 10-15) finishes at 11 or later (FF +6).
///   From 03-12 (8) she works 8, 9, is away 10-14, works 15: it ends at 16
///   (Mon 03-23); from 03-11 it ends at 10, a day short. So 03-12..03-23,
///   and the link holds its start, not her time off, which comes after it
///   starts.
/// - Eli works Monday to Thursday and is off Mon 03-09: `i` (4d: 0-4),
///   then `j` (1d) on Tue 03-10. Her Friday alone would have `j` wait for
///   her on `i`, to Monday; her day off holds it to Tuesday: the time off
///   is the driver, found across the Friday she does not work.
#[test]
fn the_driver_is_what_holds_the_start() {
    let files = [
        (
            "project.toml",
            "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
             [[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-09, to = 2026-03-11, name = \"Conf\" }]\n\n\
             [[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\n\
             [[people]]\nid = \"cy\"\nname = \"Cy\"\ntime-off = [{ from = 2026-03-16, to = 2026-03-20 }]\n\n\
             [[people]]\nid = \"dee\"\nname = \"Dee\"\ntime-off = [{ from = 2026-03-16, to = 2026-03-20 }]\n\n\
             [[people]]\nid = \"eli\"\nname = \"Eli\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\ntime-off = [{ from = 2026-03-09, to = 2026-03-09 }]\n",
        ),
        ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n"),
        (
            "features/b.toml",
            "title = \"B\"\nowner = \"ana\"\nestimate = \"2d\"\nnot-before = 2026-03-09\n",
        ),
        (
            "features/c.toml",
            "title = \"C\"\nowner = \"ana\"\nestimate = \"1d\"\ndepends-on = [\"a\"]\n",
        ),
        ("features/d.toml", "title = \"D\"\nowner = \"ben\"\nestimate = \"4d\"\n"),
        ("features/e.toml", "title = \"E\"\nowner = \"ben\"\nestimate = \"1d\"\n"),
        (
            "features/f.toml",
            "title = \"F\"\nowner = \"cy\"\nestimate = \"3d\"\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"1d\" }]\n",
        ),
        (
            "features/g.toml",
            "title = \"G\"\nowner = \"cy\"\nestimate = \"3d\"\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"5d\" }]\n",
        ),
        (
            "features/h.toml",
            "title = \"H\"\nowner = \"dee\"\nestimate = \"3d\"\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"6d\" }]\n",
        ),
        ("features/i.toml", "title = \"I\"\nowner = \"eli\"\nestimate = \"4d\"\n"),
        ("features/j.toml", "title = \"J\"\nowner = \"eli\"\nestimate = \"1d\"\n"),
    ];
    let s = leveled(&files, "2026-03-02");
    let conf = Some((date("2026-03-09"), date("2026-03-11")));
    assert_eq!(dates(&s, "a"), ("2026-03-02".into(), "2026-03-06".into()));
    assert_eq!(dates(&s, "b"), ("2026-03-12".into(), "2026-03-13".into()));
    let away = |time_off| Driver::OwnerAway {
        person: "ana".into(),
        time_off,
    };
    assert_eq!(entry(&s, "b").driver, away(conf));
    assert_eq!(dates(&s, "c"), ("2026-03-16".into(), "2026-03-16".into()));
    assert!(
        matches!(&entry(&s, "c").driver, Driver::Person { person, on, .. } if &**person == "ana" && &**on == "b"),
        "{:?}",
        entry(&s, "c").driver
    );
    assert_eq!(dates(&s, "e"), ("2026-03-09".into(), "2026-03-09".into()));
    assert!(
        matches!(&entry(&s, "e").driver, Driver::Person { person, on, .. } if &**person == "ben" && &**on == "d"),
        "{:?}",
        entry(&s, "e").driver
    );
    let ff = |lag| Driver::Item {
        id: "a".into(),
        kind: milepost::model::DependencyType::FinishToFinish,
        lag,
    };
    assert_eq!(dates(&s, "f"), ("2026-03-05".into(), "2026-03-09".into()));
    assert_eq!(entry(&s, "f").driver, ff(1));
    assert_eq!(dates(&s, "g"), ("2026-03-11".into(), "2026-03-13".into()));
    assert_eq!(entry(&s, "g").driver, ff(5));
    assert_eq!(dates(&s, "h"), ("2026-03-12".into(), "2026-03-23".into()));
    assert_eq!(entry(&s, "h").driver, ff(6));
    assert_eq!(dates(&s, "j"), ("2026-03-10".into(), "2026-03-10".into()));
    assert_eq!(
        entry(&s, "j").driver,
        Driver::OwnerAway {
            person: "eli".into(),
            time_off: Some((date("2026-03-09"), date("2026-03-09")))
        }
    );
    // What `explain` says of them.
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = dir.path().to_str().unwrap();
    let explain = |id: &str| explain_at(plan, id, "2026-03-02");
    let b = explain("b");
    assert!(
        b.contains("\n  because its owner, ana, is away before it: time off 2026-03-09..11"),
        "{b}"
    );
    let h = explain("h");
    assert!(
        h.contains("\n  because it waits for a (FF +6d), which finishes 2026-03-06"),
        "{h}"
    );
}

/// What holds a start is read on the owner's own days (cases of a review,
/// each checked by removing the constraint named: the start moves
/// earlier). Days: 0 Mon 03-02 .. 4 Fri 03-06, 5 Mon 03-09. Bob does `z`
/// (4d: 0-4, Mon to Thu).
///
/// - `b` (Ana, 1d) finishes with `z` at least (FF: at 4): from Thu 03-05
///   (3), but Ana is off Thu and Fri: Mon 03-09. Her time off holds it, not
///   the link (which a start on Thursday would meet).
/// - Ben works Monday to Thursday, with a day off on Friday 03-06, a day
///   he does not work anyway: `e` waits for him on `d` (4d: 0-4), as
///   without that day off.
/// - Cy works Monday to Thursday, off Thu 03-05: `k` (after `z`, from Fri
///   03-06) starts Mon 03-09, held by his week (he does not work
///   Fridays), not by his day off, which is before `z` ends.
/// - Dee works Monday to Thursday, off Thu 03-05, and does `m` (3d: Mon to
///   Wed) first: `n` (after `z`) starts Mon 03-09, held by her week after
///   `z`, not by her work on `m`, which ends before `z` does.
#[test]
fn what_holds_a_start_is_read_on_the_owners_days() {
    let week = "workdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n";
    let project = format!(
        "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
         [[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{{ from = 2026-03-05, to = 2026-03-06 }}]\n\n\
         [[people]]\nid = \"bob\"\nname = \"Bob\"\n\n\
         [[people]]\nid = \"ben\"\nname = \"Ben\"\n{week}time-off = [{{ from = 2026-03-06, to = 2026-03-06 }}]\n\n\
         [[people]]\nid = \"cy\"\nname = \"Cy\"\n{week}time-off = [{{ from = 2026-03-05, to = 2026-03-05 }}]\n\n\
         [[people]]\nid = \"dee\"\nname = \"Dee\"\n{week}time-off = [{{ from = 2026-03-05, to = 2026-03-05 }}]\n"
    );
    let s = leveled(
        &[
            ("project.toml", &project),
            ("features/z.toml", "title = \"Z\"\nowner = \"bob\"\nestimate = \"4d\"\n"),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \"1d\"\ndepends-on = [{ id = \"z\", type = \"FF\" }]\n",
            ),
            ("features/d.toml", "title = \"D\"\nowner = \"ben\"\nestimate = \"4d\"\n"),
            ("features/e.toml", "title = \"E\"\nowner = \"ben\"\nestimate = \"2d\"\n"),
            (
                "features/k.toml",
                "title = \"K\"\nowner = \"cy\"\nestimate = \"2d\"\ndepends-on = [\"z\"]\n",
            ),
            ("features/m.toml", "title = \"M\"\nowner = \"dee\"\nestimate = \"3d\"\n"),
            (
                "features/n.toml",
                "title = \"N\"\nowner = \"dee\"\nestimate = \"2d\"\ndepends-on = [\"z\"]\n",
            ),
        ],
        "2026-03-02",
    );
    let away = |person: &str, time_off: Option<(&str, &str)>| Driver::OwnerAway {
        person: person.into(),
        time_off: time_off.map(|(a, b)| (date(a), date(b))),
    };
    assert_eq!(dates(&s, "b"), ("2026-03-09".into(), "2026-03-09".into()));
    assert_eq!(entry(&s, "b").driver, away("ana", Some(("2026-03-05", "2026-03-06"))));
    assert_eq!(dates(&s, "e"), ("2026-03-09".into(), "2026-03-10".into()));
    assert!(
        matches!(&entry(&s, "e").driver, Driver::Person { person, on, .. } if &**person == "ben" && &**on == "d"),
        "{:?}",
        entry(&s, "e").driver
    );
    assert_eq!(dates(&s, "k"), ("2026-03-09".into(), "2026-03-10".into()));
    assert_eq!(entry(&s, "k").driver, away("cy", None));
    assert_eq!(dates(&s, "m"), ("2026-03-02".into(), "2026-03-04".into()));
    assert_eq!(dates(&s, "n"), ("2026-03-09".into(), "2026-03-10".into()));
    assert_eq!(entry(&s, "n").driver, away("dee", None));
}

/// Work in progress keeps its owner and goes first; `rank` orders the rest
/// before any other signal; MoSCoW priority passes to what a `must` waits
/// for.
#[test]
fn started_work_then_rank_then_inherited_priority() {
    let s = leveled(
        &[
            ("project.toml", crate::support::PROJECT),
            (
                "features/doing.toml",
                "title = \"Doing\"\nowner = \"ana\"\nestimate = \"5d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"2d\"\n",
            ),
            (
                "features/must.toml",
                "title = \"Must\"\nowner = \"ana\"\nestimate = \"1d\"\npriority = \"must\"\n",
            ),
            (
                "features/pinned.toml",
                "title = \"Pinned\"\nowner = \"ana\"\nestimate = \"1d\"\nrank = 1\n",
            ),
            (
                "features/prep.toml",
                "title = \"Prep\"\nowner = \"ana\"\nestimate = \"1d\"\n",
            ),
            (
                "features/wants-prep.toml",
                "title = \"Wants prep\"\nestimate = \"1d\"\npriority = \"must\"\ndepends-on = [\"prep\"]\n",
            ),
            (
                "features/zzz.toml",
                "title = \"Last\"\nowner = \"ana\"\nestimate = \"1d\"\n",
            ),
        ],
        "2026-03-04",
    );
    // Status date Wed 03-04 (day 2): doing's 2 days left take Wed and Thu;
    // then pinned (rank 1) Fri 03-06; then prep and must, both `must` (prep
    // inherits it from what waits for it), prep first: unleveled, the plan
    // ends on day 4 and prep must start by day 2 (wants-prep by 3), must by
    // 3. Prep Mon 03-09, must Tue 03-10; the rest last.
    assert_eq!(dates(&s, "doing"), ("2026-03-02".into(), "2026-03-05".into()));
    assert_eq!(dates(&s, "pinned"), ("2026-03-06".into(), "2026-03-06".into()));
    assert_eq!(dates(&s, "prep"), ("2026-03-09".into(), "2026-03-09".into()));
    assert_eq!(dates(&s, "must"), ("2026-03-10".into(), "2026-03-10".into()));
    assert_eq!(dates(&s, "zzz"), ("2026-03-11".into(), "2026-03-11".into()));
    let first = |id: &str| match &entry(&s, id).driver {
        Driver::Person { first, .. } => first.clone(),
        other => panic!("{id}: {other:?}"),
    };
    assert_eq!(first("pinned"), Precedence::Started);
    assert_eq!(first("prep"), Precedence::Rank(1));
    assert_eq!(first("must"), Precedence::LessSlack);
    assert_eq!(first("zzz"), Precedence::Priority(milepost::model::Priority::Must));
    // That order, as the schedule says it (wants-prep, nobody's, has a
    // place too: `must`, and it must start by day 3 as `must` does, after
    // it in the plan). Doing has its 2 days left.
    assert_eq!(
        leveling_order(&s),
        ["doing", "pinned", "prep", "must", "wants-prep", "zzz"]
    );
    assert_eq!(entry(&s, "doing").work_days, Some(2));
    assert_eq!(entry(&s, "wants-prep").work_days, None);
}

/// When every feature has its own person, who works every day, leveling
/// changes nothing: the leveled schedule is the unleveled one, to the
/// drivers and floats.
#[test]
fn one_person_per_feature_changes_nothing() {
    let mut files: Vec<(String, String)> = vec![(
        "project.toml".into(),
        "[project]\nname = \"Hand\"\nstart = 2026-03-02\n\n[calendar]\nholidays = [2026-03-13]\n".to_string()
            + &["design", "build", "docs", "test"]
                .iter()
                .map(|p| format!("\n[[people]]\nid = \"{p}-owner\"\nname = \"{p}\"\n"))
                .collect::<String>(),
    )];
    for (path, text) in HAND.iter().skip(1) {
        let id = path.trim_start_matches("features/").trim_end_matches(".toml");
        files.push((
            path.to_string(),
            text.replace("owner = \"ana\"", &format!("owner = \"{id}-owner\"")),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &refs);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    let level = milepost::schedule::schedule(&plan, date("2026-03-02")).unwrap();
    let cpm =
        milepost::schedule::schedule_with(&plan, date("2026-03-02"), milepost::schedule::Options { level: false })
            .unwrap();
    assert!(level.leveled() && !cpm.leveled());
    assert_eq!(level.entries.len(), cpm.entries.len());
    for (a, b) in level.entries.iter().zip(&cpm.entries) {
        assert_eq!((&a.id, a.times, &a.driver), (&b.id, b.times, &b.driver));
    }
    assert_eq!(level.critical_paths, cpm.critical_paths);
}

/// `diff` names the person when a milestone slips because of them: Ben's
/// vacation over the days he would work on B moves the milestone by the
/// days he is away, and reassigning C to him moves it again, after B.
#[test]
fn diff_says_a_slip_is_a_person() {
    let mut repo = crate::support::Repo::new();
    let project = |ben: &str| {
        format!(
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n{ben}"
        )
    };
    let c = |owner: &str| format!("title = \"C\"\nowner = \"{owner}\"\nestimate = \"2d\"\nmilestone = \"beta\"\n");
    let files = |project: &str, c: &str| {
        vec![
            ("plan/project.toml".to_string(), project.to_string()),
            (
                "plan/milestones/beta.toml".to_string(),
                "title = \"Beta\"\n".to_string(),
            ),
            (
                "plan/features/b.toml".to_string(),
                "title = \"B\"\nowner = \"ben\"\nestimate = \"5d\"\nmilestone = \"beta\"\n".to_string(),
            ),
            ("plan/features/c.toml".to_string(), c.to_string()),
        ]
    };
    let commit = |repo: &mut crate::support::Repo, files: Vec<(String, String)>, message: &str| {
        let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        repo.write(&refs);
        repo.commit(message);
    };
    commit(&mut repo, files(&project(""), &c("ana")), "Plan");
    let away = "time-off = [{ from = 2026-03-04, to = 2026-03-06 }]\n";
    commit(&mut repo, files(&project(away), &c("ana")), "Ben away");
    commit(&mut repo, files(&project(away), &c("ben")), "C to Ben");
    let diff = |base: &str, head: &str| -> serde_json::Value {
        let out = run(milepost().current_dir(repo.path()).args([
            "diff",
            base,
            head,
            "--plan",
            "plan",
            "--as-of",
            "2026-03-02",
            "--format",
            "json",
        ]));
        assert_eq!(out.code, 0, "{}", out.stderr);
        serde_json::from_str(&out.stdout).unwrap()
    };
    // B: Mon 03-02, Tue 03-03, (away Wed-Fri), Mon 03-09 .. Wed 03-11: beta
    // moves from Fri 03-06 to Wed 03-11, 3 working days.
    let d = diff("HEAD~2", "HEAD~1");
    let beta = &d["milestones"][0];
    assert_eq!(
        (beta["before"].as_str(), beta["after"].as_str()),
        (Some("2026-03-06"), Some("2026-03-11"))
    );
    assert_eq!(beta["delta_days"], 3);
    assert_eq!(beta["people"], serde_json::json!(["ben's time off 2026-03-04..06"]));
    // C after B on Ben's time: Thu 03-12 .. Fri 03-13.
    let d = diff("HEAD~1", "HEAD");
    let beta = &d["milestones"][0];
    assert_eq!(beta["after"], "2026-03-13");
    assert_eq!(beta["people"], serde_json::json!(["ben works on b until 2026-03-11"]));
    let out = run(milepost().current_dir(repo.path()).args([
        "diff",
        "HEAD~1",
        "HEAD",
        "--plan",
        "plan",
        "--as-of",
        "2026-03-02",
    ]));
    assert!(
        out.stdout
            .contains("beta waits for people now: ben works on b until 2026-03-11"),
        "{}",
        out.stdout
    );
    let out = run(milepost().current_dir(repo.path()).args([
        "diff",
        "HEAD~2",
        "HEAD~1",
        "--plan",
        "plan",
        "--as-of",
        "2026-03-02",
        "--format",
        "markdown",
    ]));
    assert!(
        out.stdout
            .contains("- Beta (`beta`) waits for people now: ben’s time off 2026-03-04..06.")
            || out
                .stdout
                .contains("waits for people now: ben's time off 2026-03-04..06."),
        "{}",
        out.stdout
    );
}

/// `--by person`: a Gantt section per person, their work in the order they
/// do it; then what no one of them owns; then the milestones. The same
/// chart in `report gantt --by person`.
#[test]
fn gantt_by_person() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"G\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana Ruiz\"\n\n[[people]]\nid = \"ben\"\nname = \"Ben Okafor\"\n",
            ),
            ("milestones/m.toml", "title = \"M\"\n"),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"ana\"\nestimate = \"2d\"\nmilestone = \"m\"\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \"1d\"\nrank = 1\n",
            ),
            ("features/c.toml", "title = \"C\"\nowner = \"ben\"\nestimate = \"1d\"\n"),
            (
                "features/d.toml",
                "title = \"D\"\nestimate = \"1d\"\nmilestone = \"m\"\n",
            ),
        ],
    );
    let plan = dir.path().to_str().unwrap();
    let out = run(milepost().args([
        "schedule",
        "--format",
        "mermaid",
        "--by",
        "person",
        "--as-of",
        "2026-03-02",
        "--plan",
        plan,
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // B is ranked: Ana does it first (Mon 03-02), then A (Tue 03-03 .. Wed
    // 03-04, so the chart's exclusive end is 03-05); M waits for A and D.
    // The critical chain runs B, A (waiting for Ana), M.
    let body: Vec<&str> = out.stdout.lines().skip(5).collect();
    assert_eq!(
        body,
        [
            "    section Ana Ruiz",
            "    B :crit, t1, 2026-03-02, 2026-03-03",
            "    A :crit, t2, 2026-03-03, 2026-03-05",
            "    section Ben Okafor",
            "    C :t3, 2026-03-02, 2026-03-03",
            "    section No owner",
            "    D :t4, 2026-03-02, 2026-03-03",
            "    section Milestones",
            "    M :crit, milestone, t5, 2026-03-04, 0d",
        ]
    );
    let report = run(milepost().args([
        "report",
        "gantt",
        "--by",
        "person",
        "--as-of",
        "2026-03-02",
        "--plan",
        plan,
    ]));
    assert_eq!(report.code, 0, "{}", report.stderr);
    assert!(report.stdout.contains(&out.stdout), "{}", report.stdout);
}

/// The status report's load comes from the leveled schedule: one person
/// with two parallel features is over capacity in the unleveled
/// schedule's windows, and never in the leveled one's, whose forecast has
/// moved instead.
#[test]
fn the_report_load_is_that_of_the_leveled_schedule() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"L\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana Ruiz\"\ncapacity = 0.5\n",
            ),
            ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-03-13\n"),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"ana\"\nestimate = \"4d\"\nmilestone = \"m\"\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \"4d\"\nmilestone = \"m\"\n",
            ),
        ],
    );
    let report = |more: &[&str]| {
        let out = run(milepost()
            .args(["report", "--no-since", "--as-of", "2026-03-02"])
            .args(more)
            .arg("--plan")
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    // Unleveled: both in days 0-3, M on Thu 03-05; Ana has 4 × 0.5 = 2
    // days for 8 days of work: 400%.
    let plain = report(&["--no-level"]);
    assert!(
        plain.contains("| Ana Ruiz | 50% | M (to 2026-03-05) | 2d | 8d | 400% ⚠️ over |"),
        "{plain}"
    );
    // M makes its deadline, but Ana is over capacity: not on track. In
    // March (from Mon 03-02) she has 22 × 0.5 = 11 days for 4 + 4 days
    // of work, each on its 4 days: 8 / 11.
    assert!(plain.contains("**Health: 🟡 at risk**"), "{plain}");
    assert!(
        plain.contains(
            "- `ana` is booked over their capacity: 400% of their time up to 2026-03-05 (not leveled: `--no-level`)"
        ),
        "{plain}"
    );
    // Leveled: 8 + 8 of her days, M on Mon 03-23 (late); her window from
    // Mon 03-02 has 16 days × 0.5 = 8 days for 4 + 4 of work: 100%.
    let leveled = report(&[]);
    assert!(
        leveled.contains("| Ana Ruiz | 50% | M (to 2026-03-23) | 8d | 8d | 100% |"),
        "{leveled}"
    );
    assert!(!leveled.contains("over"), "{leveled}");
    assert!(!leveled.contains("⚠️"), "{leveled}");
    assert!(leveled.contains("**Health: 🔴 late**"), "{leveled}");
    // Busy all her days of March from the 2nd to the 23rd (16), of the 22
    // of the month: 73%.
    assert!(
        leveled.contains("| Ana Ruiz | 50% | 73% | 16d | 73% | 2026-03-23 |"),
        "{leveled}"
    );
}

/// What leveling could not work with is an error with its place and a
/// fix: a `rank` of 0, a capacity of 0, an empty week, a week with none of
/// the project's days.
#[test]
fn people_and_ranks_leveling_cannot_use_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"E\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0\nworkdays = []\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"sat\"]\n",
            ),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"ana\"\nestimate = \"1d\"\nrank = 0\n",
            ),
        ],
    );
    let out = run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert_eq!(out.code, 1);
    let text = out.stderr + &out.stdout;
    for expected in [
        "error[E0107]: `rank` must be a whole number from 1 to 1000000",
        "features/a.toml:4:8",
        "help: rank 1 goes first",
        "error[E0107]: `ana` has no capacity: nobody can do their work",
        "project.toml:8:12",
        "error[E0107]: `ana`'s week has no working days",
        "project.toml:9:12",
        "error[E0107]: `ben` works none of the project's working days",
        "project.toml:14:12",
        "help: list at least one of the project's working days",
        "the plan has 4 errors",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

/// A small generated plan (the optimum bench's, seed 7, plan 229) with
/// three people, SF, FF and lead links, on which justification shortens
/// the serial pass's schedule, plus `started`: work of p2's in progress.
const STARTED_AND_JUSTIFIED: &[(&str, &str)] = &[
    (
        "project.toml",
        r#"[project]
name = "Started and justified"
start = 2027-09-20

[calendar]
holidays = [2027-10-19, 2027-12-29]

[[people]]
id = "p1"
name = "P1"
capacity = 0.5

[[people]]
id = "p2"
name = "P2"

[[people]]
id = "p3"
name = "P3"
capacity = 0.5
"#,
    ),
    ("milestones/m1.toml", "title = \"M1\"\ndeadline = 2028-02-07\n"),
    (
        "milestones/m2.toml",
        "title = \"M2\"\ndeadline = 2027-10-25\ndepends-on = [\"m1\", { id = \"f006\", type = \"FF\" }]\n",
    ),
    (
        "features/f001.toml",
        "title = \"F1\"\nmilestone = \"m1\"\nowner = \"p2\"\npriority = \"could\"\nestimate = \"1w\"\n",
    ),
    (
        "features/f002.toml",
        "title = \"F2\"\nmilestone = \"m1\"\nowner = \"p1\"\npriority = \"could\"\nestimate = \"5d\"\ndepends-on = [{ id = \"f001\", type = \"SF\" }]\n",
    ),
    (
        "features/f003.toml",
        "title = \"F3\"\nowner = \"p1\"\npriority = \"could\"\nestimate = \"3d\"\ndepends-on = [\"f001\"]\n",
    ),
    (
        "features/f004.toml",
        "title = \"F4\"\nowner = \"p3\"\npriority = \"must\"\nestimate = \"2d\"\ndepends-on = [{ id = \"f001\", type = \"FF\" }]\n",
    ),
    (
        "features/f005.toml",
        "title = \"F5\"\nmilestone = \"m1\"\nowner = \"p3\"\npriority = \"must\"\nestimate = \"5.5d\"\ndepends-on = [{ id = \"f001\", lag = \"-2d\" }]\n",
    ),
    (
        "features/f006.toml",
        "title = \"F6\"\nowner = \"p2\"\nestimate = \"5d\"\ndepends-on = [{ id = \"f001\", lag = \"-2d\" }]\n",
    ),
    (
        "features/f007.toml",
        "title = \"F7\"\nmilestone = \"m2\"\nowner = \"p1\"\npriority = \"should\"\nestimate = \"5d\"\ndepends-on = [\"f001\", \"f004\"]\n",
    ),
    (
        "features/f008.toml",
        "title = \"F8\"\nmilestone = \"m2\"\nstatus = \"proposed\"\nestimate = \"7d\"\ndepends-on = [{ id = \"f001\", type = \"FF\" }]\n",
    ),
    (
        "features/f009.toml",
        "title = \"F9\"\nmilestone = \"m1\"\nowner = \"p3\"\npriority = \"must\"\nestimate = \"2d\"\ndepends-on = [\"f005\", { id = \"f008\", type = \"FF\", lag = \"2d\" }]\n",
    ),
    (
        "features/f010.toml",
        "title = \"F10\"\nmilestone = \"m2\"\nowner = \"p1\"\nestimate = \"6d\"\ndepends-on = [{ id = \"f001\", lag = \"3d\" }, { id = \"f003\", type = \"FF\" }, { id = \"f004\", type = \"FF\" }]\n",
    ),
];

const STARTED: &str = "title = \"Started\"\nowner = \"p2\"\nstatus = \"in-progress\"\nstarted = 2027-09-20\nremaining = \"2d\"\nestimate = \"4d\"\n";

/// A link into work already started does not apply (its start is a fact),
/// so adding one changes no date. It used to: leveling keeps the team's
/// order for justification as links, started work first, and p2's order
/// `started` -> f001, then f001 -> f010 (a link) and f010 -> `started`
/// (the link added) closed a loop of links that is none in time. The
/// network was then left unjustified: the project ended 4 working days
/// later, on 2027-11-19 instead of 2027-11-15.
#[test]
fn a_link_into_started_work_changes_no_date() {
    let as_of = "2027-09-22";
    let mut files = STARTED_AND_JUSTIFIED.to_vec();
    files.push(("features/started.toml", STARTED));
    let without = leveled(&files, as_of);
    let linked = format!("{STARTED}depends-on = [\"f010\"]\n");
    files.pop();
    files.push(("features/started.toml", &linked));
    let with = leveled(&files, as_of);
    for e in &without.entries {
        assert_eq!(dates(&with, &e.id), dates(&without, &e.id), "{}", e.id);
    }
    // Both are valid leveled schedules by the independent checker.
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = crate::leveling_check::load(dir.path());
    let timings = crate::leveling_check::forecast(dir.path(), as_of);
    let found = crate::leveling_check::violations(&plan, date(as_of), &timings);
    assert!(found.is_empty(), "{:#?}", crate::leveling_check::texts(&found));
}

/// A plan where the serial pass is provably not the best, worked by hand.
/// Ana works full time on x (4 days, must, after ben's y) and z (5 days,
/// could); ben does y (3 days). Days from Monday 2026-03-02 (day 0).
///
/// The serial pass in the team's order places y 0..3, then x (the must)
/// at its first free days 3..7; z does not fit in ana's three free days
/// before x, so 7..12: the end on day 12. Justification cannot help: ana
/// is busy from day 3 to the end, and only a different order fills days
/// 0..3. The optimum is 9: ana has 9 days of work and can start on day 0,
/// so no schedule ends before day 9, and z 0..5, x 5..9 (y 0..3) does.
/// Taking the team's order time first (of the work ready, what can start
/// first first) gives that: at day 0 only z can start.
const SERIAL_NOT_BEST: &[(&str, &str)] = &[
    (
        "project.toml",
        "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n",
    ),
    (
        "features/x.toml",
        "title = \"X\"\nowner = \"ana\"\nestimate = \"4d\"\npriority = \"must\"\ndepends-on = [\"y\"]\n",
    ),
    ("features/y.toml", "title = \"Y\"\nowner = \"ben\"\nestimate = \"3d\"\n"),
    (
        "features/z.toml",
        "title = \"Z\"\nowner = \"ana\"\nestimate = \"5d\"\npriority = \"could\"\n",
    ),
];

/// `SERIAL_NOT_BEST` with `more` appended to the file at `path`, and
/// `extra` files.
fn serial_not_best(path: &str, more: &str, extra: &[(&'static str, &'static str)]) -> Schedule {
    let mut texts: Vec<(String, String)> = SERIAL_NOT_BEST
        .iter()
        .map(|&(p, t)| {
            (
                p.to_string(),
                if p == path { format!("{t}{more}") } else { t.to_string() },
            )
        })
        .collect();
    texts.extend(extra.iter().map(|&(p, t)| (p.to_string(), t.to_string())));
    let files: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    leveled(&files, "2026-03-02")
}

#[test]
fn a_plan_the_serial_pass_schedules_badly_gets_the_optimum() {
    let s = serial_not_best("", "", &[]);
    assert_eq!(s.length, 9);
    // z Mon 2 .. Fri 6, x Mon 9 .. Thu 12, y Mon 2 .. Wed 4.
    assert_eq!(dates(&s, "z"), ("2026-03-02".into(), "2026-03-06".into()));
    assert_eq!(dates(&s, "x"), ("2026-03-09".into(), "2026-03-12".into()));
    assert_eq!(dates(&s, "y"), ("2026-03-02".into(), "2026-03-04".into()));
    // x waits for ana, on z until Friday: z went first because x could
    // not start before y was done, though x is the must.
    match &entry(&s, "x").driver {
        Driver::Person { person, on, first, .. } => {
            assert_eq!((&**person, &**on), ("ana", "z"));
            assert_eq!(*first, Precedence::ReadyFirst);
        }
        other => panic!("{other:?}"),
    }
    // The independent checker accepts it.
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), SERIAL_NOT_BEST);
    let plan = crate::leveling_check::load(dir.path());
    let timings = crate::leveling_check::forecast(dir.path(), "2026-03-02");
    let found = crate::leveling_check::violations(&plan, date("2026-03-02"), &timings);
    assert!(found.is_empty(), "{:#?}", crate::leveling_check::texts(&found));
}

/// The same plan with x ranked first: a rank the team pinned is never
/// reordered, so x goes before z as in the team's order, and the project
/// ends on day 12 (x 3..7, z 7..12).
#[test]
fn a_rank_is_kept_even_when_another_order_ends_sooner() {
    let s = serial_not_best("features/x.toml", "rank = 1\n", &[]);
    assert_eq!(s.length, 12);
    assert_eq!(dates(&s, "x"), ("2026-03-05".into(), "2026-03-10".into()));
    assert_eq!(dates(&s, "z"), ("2026-03-11".into(), "2026-03-17".into()));
}

/// The same plan with a milestone m that x leads to. Due on Tuesday
/// 2026-03-10 (x's last day in the team's order, day 6), it keeps the
/// team's order: time first, m would be reached on Thursday 12 (day 8),
/// past its deadline. Without a deadline m may come later: the project
/// ends on day 9.
#[test]
fn another_order_is_kept_only_if_no_milestone_misses_its_deadline_by_it() {
    let m = [("features/x.toml", "milestone = \"m\"\n")];
    let due = serial_not_best(
        m[0].0,
        m[0].1,
        &[("milestones/m.toml", "title = \"M\"\ndeadline = 2026-03-10\n")],
    );
    assert_eq!(due.length, 12);
    assert_eq!(dates(&due, "m").1, "2026-03-10");
    let free = serial_not_best(m[0].0, m[0].1, &[("milestones/m.toml", "title = \"M\"\n")]);
    assert_eq!(free.length, 9);
    assert_eq!(dates(&free, "m").1, "2026-03-12");
}

/// Ids and total floats of the schedule's features, and its chains by id.
fn floats_and_chains(s: &Schedule) -> (Vec<(String, i64)>, Vec<Vec<String>>) {
    let floats = s
        .entries
        .iter()
        .map(|e| (e.id.to_string(), e.times.total_float))
        .collect();
    let chains = s
        .critical_paths
        .iter()
        .map(|c| c.iter().map(|&i| s.entries[i].id.to_string()).collect())
        .collect();
    (floats, chains)
}

const ANA: &str = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

/// Two started features of Ana's, as of Monday 03-09 (day 5): x has 3 days
/// left, y 2. Started work goes first, x before y (it started first): x
/// 5-8 (Mon 03-09 .. Wed 03-11), y resumes after it, 8-10 (Thu, Fri 03-13).
/// y ends the project (10); every day x slips, y does: x has no float
/// either, and the chain runs x, then y (it was y alone, x with 2 days).
#[test]
fn work_before_started_work_on_its_owner_s_time_has_its_float() {
    let x = "title = \"X\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nestimate = \"5d\"\nremaining = \"3d\"\n";
    let y = "title = \"Y\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-03\nestimate = \"4d\"\nremaining = \"2d\"\n";
    let s = leveled(
        &[("project.toml", ANA), ("features/x.toml", x), ("features/y.toml", y)],
        "2026-03-09",
    );
    assert_eq!(dates(&s, "x"), ("2026-03-02".into(), "2026-03-11".into()));
    assert_eq!(dates(&s, "y"), ("2026-03-03".into(), "2026-03-13".into()));
    let (floats, chains) = floats_and_chains(&s);
    assert_eq!(floats, [("x".to_string(), 0), ("y".to_string(), 0)]);
    assert_eq!(chains, [["x", "y"]]);
}

/// As of Tuesday 03-03 (day 1): b started Monday out of order (its link
/// from a no longer holds) with 1 day left; then Ana does c (3d) and a
/// (1d). She is busy every day from b to the end: b resumes 1-2, c 2-5, a
/// 5-6, the project's end. No float for any, one chain b, c, a. (The link
/// a -> b, into started work, closed a loop with Ana's resource links, and
/// floats fell back to the plan's links: b 4 days, c 1, a alone.)
#[test]
fn a_link_into_started_work_closes_no_loop() {
    let a = "title = \"A\"\nowner = \"ana\"\nestimate = \"1d\"\n";
    let b = "title = \"B\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nestimate = \"2d\"\nremaining = \"1d\"\ndepends-on = [\"a\"]\n";
    let c = "title = \"C\"\nowner = \"ana\"\nestimate = \"3d\"\n";
    let s = leveled(
        &[
            ("project.toml", ANA),
            ("features/a.toml", a),
            ("features/b.toml", b),
            ("features/c.toml", c),
        ],
        "2026-03-03",
    );
    assert_eq!(dates(&s, "b"), ("2026-03-02".into(), "2026-03-03".into()));
    assert_eq!(dates(&s, "c"), ("2026-03-04".into(), "2026-03-06".into()));
    assert_eq!(dates(&s, "a"), ("2026-03-09".into(), "2026-03-09".into()));
    let (floats, chains) = floats_and_chains(&s);
    let mut floats = floats;
    floats.sort();
    assert_eq!(
        floats,
        [("a".to_string(), 0), ("b".to_string(), 0), ("c".to_string(), 0)]
    );
    assert_eq!(chains, [["b", "c", "a"]]);
}

/// Cy works Monday to Thursday; Ana's a (5d) ends the project on Friday
/// 03-06 (day 5). Cy's k (1d) on Monday can slip to Thursday 03-05, not to
/// the Friday he does not work: late finish 03-05, float 3 (it said
/// Friday, 4). With Cy off Thursday and Friday instead (every weekday his),
/// to Wednesday 03-04: float 2.
#[test]
fn late_dates_are_days_the_owner_works() {
    let project = |cy: &str| format!("{ANA}\n[[people]]\nid = \"cy\"\nname = \"Cy\"\n{cy}");
    let a = "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n";
    let k = "title = \"K\"\nowner = \"cy\"\nestimate = \"1d\"\n";
    for (cy, late, float) in [
        ("workdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n", "2026-03-05", 3),
        ("time-off = [{ from = 2026-03-05, to = 2026-03-06 }]\n", "2026-03-04", 2),
    ] {
        let project = project(cy);
        let s = leveled(
            &[
                ("project.toml", &project),
                ("features/a.toml", a),
                ("features/k.toml", k),
            ],
            "2026-03-02",
        );
        let k = entry(&s, "k");
        assert_eq!(k.times.total_float, float, "{cy}");
        assert_eq!(k.times.late_finish - k.times.early_finish, float, "{cy}");
        assert_eq!(k.times.late_start - k.times.early_start, float, "{cy}");
        let last = s.calendar.clone().date(k.times.late_finish - 1).unwrap();
        assert_eq!(last.to_string(), late, "{cy}");
    }
}

/// Started work whose work left waits says what for, not that its owner is
/// away (it said "pauses 3 working days ... while ana is away: the days of
/// the week they do not work" of an owner who works every weekday):
/// - y (2 days left) waits for Ana's started x (3 left; both started, x
///   has less slack):
///   as of Monday 03-09, x takes 03-09..11, y resumes Thursday 03-12;
/// - w (Ben's, 1 day left) must finish with Cy's v (FF, 5d from Monday
///   03-09 to Friday 03-13): its day is Friday, 4 working days on.
#[test]
fn explain_says_what_started_work_waits_for() {
    let project =
        format!("{ANA}\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n\n[[people]]\nid = \"cy\"\nname = \"Cy\"\n");
    let files = [
        ("project.toml", project.as_str()),
        (
            "features/x.toml",
            "title = \"X\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nestimate = \"5d\"\nremaining = \"3d\"\n",
        ),
        (
            "features/y.toml",
            "title = \"Y\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-03\nestimate = \"4d\"\nremaining = \"2d\"\n",
        ),
        ("features/v.toml", "title = \"V\"\nowner = \"cy\"\nestimate = \"5d\"\n"),
        (
            "features/w.toml",
            "title = \"W\"\nowner = \"ben\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nestimate = \"3d\"\nremaining = \"1d\"\ndepends-on = [{ id = \"v\", type = \"FF\" }]\n",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &files);
    let plan = dir.path().to_str().unwrap();
    let explain = |id: &str| explain_at(plan, id, "2026-03-09");
    let y = explain("y");
    assert!(
        y.contains("\n  its `remaining`, 2d, is its work left: 2 of ana's working days from 2026-03-12\n  it resumes 3 working days after the status date: waits for ana, who works on x until 2026-03-11\n"),
        "{y}"
    );
    let w = explain("w");
    assert!(w.contains("finishes 2026-03-13"), "{w}");
    assert!(
        w.contains("\n  it resumes 4 working days after the status date: waits for v (FF): it cannot finish sooner, so its work left is done last\n"),
        "{w}"
    );
    for text in [&y, &w] {
        assert!(!text.contains("away"), "{text}");
    }
}

/// Started x (1 day left) must not finish before Ana's own y starts (SF):
/// its finish depends on y's dates, so y goes first, the one exception to
/// started work first (docs/scheduling.md): as of Tuesday 03-03, y takes
/// 03-03..04 and x resumes on 03-05, its last day. The link holds: x ends
/// after y starts.
#[test]
fn a_finish_link_into_started_work_from_its_owner_s_work_puts_that_first() {
    let x = "title = \"X\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nestimate = \"3d\"\nremaining = \"1d\"\ndepends-on = [{ id = \"y\", type = \"SF\" }]\n";
    let y = "title = \"Y\"\nowner = \"ana\"\nestimate = \"2d\"\n";
    let s = leveled(
        &[("project.toml", ANA), ("features/x.toml", x), ("features/y.toml", y)],
        "2026-03-03",
    );
    assert_eq!(dates(&s, "y"), ("2026-03-03".into(), "2026-03-04".into()));
    assert_eq!(dates(&s, "x"), ("2026-03-02".into(), "2026-03-05".into()));
}

/// Z (Ben, 4d) finishes Thursday 03-05. B (Ana, 2d) may not finish before
/// it (FF): the earliest start that lets it finish by then is Wednesday,
/// and as Ana is away Thursday and Friday, B finishes Monday 03-09, the
/// project's end. Z could finish up to two working days later and B would
/// not move: the link does not bind, and B's chain starts at B. Q (Cy,
/// 3d, FF +2d) finishes exactly two days after Z, whatever Cy's Friday
/// off: Z holds it, one chain Z, Q. (Worked out by hand, and checked by
/// moving Z: a `not-before` two days later leaves B where it is.)
#[test]
fn a_finish_link_whose_bound_falls_in_a_pause_does_not_bind() {
    let project = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-05, to = 2026-03-06 }]\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n\n[[people]]\nid = \"cy\"\nname = \"Cy\"\ntime-off = [{ from = 2026-03-06, to = 2026-03-06 }]\n";
    let b = "title = \"B\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [{ id = \"z\", type = \"FF\" }]\n";
    let q = "title = \"Q\"\nowner = \"cy\"\nestimate = \"3d\"\ndepends-on = [{ id = \"z\", type = \"FF\", lag = \"2d\" }]\n";
    let plan = |z: &str| {
        leveled(
            &[
                ("project.toml", project),
                ("features/b.toml", b),
                ("features/q.toml", q),
                ("features/z.toml", z),
            ],
            "2026-03-02",
        )
    };
    let s = plan("title = \"Z\"\nowner = \"ben\"\nestimate = \"4d\"\n");
    assert_eq!(dates(&s, "z"), ("2026-03-02".into(), "2026-03-05".into()));
    assert_eq!(dates(&s, "b"), ("2026-03-04".into(), "2026-03-09".into()));
    assert_eq!(dates(&s, "q"), ("2026-03-04".into(), "2026-03-09".into()));
    let (_, chains) = floats_and_chains(&s);
    assert_eq!(chains, [vec!["b"], vec!["z", "q"]]);
    // Z two days later: B where it was.
    let later = plan("title = \"Z\"\nowner = \"ben\"\nestimate = \"4d\"\nnot-before = 2026-03-04\n");
    assert_eq!(dates(&later, "z"), ("2026-03-04".into(), "2026-03-09".into()));
    assert_eq!(dates(&later, "b"), ("2026-03-04".into(), "2026-03-09".into()));
}

/// Late dates of work not started are the latest of its owner's working
/// days that the links and the end allow, and total float the lesser of
/// its start and finish slips. Each case worked out by hand on the
/// calendar (Monday 2 March 2026 is day 0), then checked by moving X to
/// its late start with a `not-before`: the project ends as before; a day
/// later, and it does not. Ben's P sets the end; X is someone else's.
/// - Ana away Wed 4 and Thu 5, X 3d, P 10d (to Fri 13): X runs Mon, Tue,
///   Fri early, at the latest Wed 11 to Fri 13: start float 7, finish
///   float 5, total 5 (it said late start Mon 9: the early span slid back).
/// - Ana away Mon 9 and Tue 10, X 2d, P 8d (to Wed 11): at the latest Fri
///   6 and Wed 11, float 4 (it said a late start on Tue 10, her day off,
///   and 6).
/// - Cy works Monday to Thursday, X 2d, P 6d (to Mon 9): at the latest Thu
///   5 and Mon 9, float 3 (it said Friday 6, a day he never works, and 4).
/// - Ana away Tue 10 to Fri 13; Y (Ben, 5d, not before Tue 10) may not
///   start before X starts (SS): X 2d may start as late as Mon 9 (Mon 9
///   and Mon 16, the end), float 5 (it took the start bound back by X's
///   early span, to Fri 6: 4).
#[test]
fn late_dates_are_the_latest_of_the_owner_s_days() {
    let p = |days: &str, extra: &str| format!("title = \"P\"\nowner = \"ben\"\nestimate = \"{days}\"\n{extra}");
    /// Who owns X and their days off, Ben's P, X's estimate, X's late
    /// start, late finish and float, and the project's end.
    type Case<'a> = (&'a str, &'a str, String, &'a str, (&'a str, &'a str, i64), &'a str);
    let cases: [Case<'_>; 4] = [
        (
            "ana",
            "time-off = [{ from = 2026-03-04, to = 2026-03-05 }]\n",
            p("10d", ""),
            "3d",
            ("2026-03-11", "2026-03-13", 5),
            "2026-03-13",
        ),
        (
            "ana",
            "time-off = [{ from = 2026-03-09, to = 2026-03-10 }]\n",
            p("8d", ""),
            "2d",
            ("2026-03-06", "2026-03-11", 4),
            "2026-03-11",
        ),
        (
            "cy",
            "workdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n",
            p("6d", ""),
            "2d",
            ("2026-03-05", "2026-03-09", 3),
            "2026-03-09",
        ),
        (
            "ana",
            "time-off = [{ from = 2026-03-10, to = 2026-03-13 }]\n",
            p(
                "5d",
                "not-before = 2026-03-10\ndepends-on = [{ id = \"x\", type = \"SS\" }]\n",
            ),
            "2d",
            ("2026-03-09", "2026-03-16", 5),
            "2026-03-16",
        ),
    ];
    for (who, off, p, estimate, (late_start, late_finish, float), end) in cases {
        let project = format!(
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"{who}\"\nname = \"W\"\n{off}\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n"
        );
        let plan = |not_before: &str| {
            let x = format!("title = \"X\"\nowner = \"{who}\"\nestimate = \"{estimate}\"\n{not_before}");
            leveled(
                &[
                    ("project.toml", &project),
                    ("features/p.toml", &p),
                    ("features/x.toml", &x),
                ],
                "2026-03-02",
            )
        };
        let s = plan("");
        assert_eq!(s.finish.to_string(), end, "{off}");
        let x = entry(&s, "x");
        let mut cal = s.calendar.clone();
        let mut day = |d: i64| cal.date(d).unwrap().to_string();
        assert_eq!(
            (
                day(x.times.late_start),
                day(x.times.late_finish - 1),
                x.times.total_float
            ),
            (late_start.to_string(), late_finish.to_string(), float),
            "{off}"
        );
        assert!(!x.critical, "{off}");
        // Moved to its late start, X ends the project no later.
        let moved = plan(&format!("not-before = {late_start}\n"));
        assert_eq!(dates(&moved, "x").1, late_finish, "{off}");
        assert_eq!(moved.finish.to_string(), end, "{off}");
    }
}

/// A resource link counts back without its lag. Cy works Monday to
/// Thursday and does A (4d, Mon 2 to Thu 5) then B (3d, Mon 9 to Wed 11);
/// Ben's P (9d) ends Thu 12. A could run Tue 3 to Mon 9 and B Tue 10 to
/// Thu 12: both have a day of float, and neither is critical (A was, the
/// Friday between A and B counted back as if it still fell between them).
#[test]
fn a_resource_link_counts_back_on_its_owner_s_days() {
    let project = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"cy\"\nname = \"Cy\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n";
    let plan = |a_extra: &str| {
        let a = format!("title = \"A\"\nowner = \"cy\"\nestimate = \"4d\"\n{a_extra}");
        leveled(
            &[
                ("project.toml", project),
                ("features/a.toml", &a),
                ("features/b.toml", "title = \"B\"\nowner = \"cy\"\nestimate = \"3d\"\n"),
                ("features/p.toml", "title = \"P\"\nowner = \"ben\"\nestimate = \"9d\"\n"),
            ],
            "2026-03-02",
        )
    };
    let s = plan("");
    assert_eq!(dates(&s, "a"), ("2026-03-02".into(), "2026-03-05".into()));
    assert_eq!(dates(&s, "b"), ("2026-03-09".into(), "2026-03-11".into()));
    assert_eq!(s.finish.to_string(), "2026-03-12");
    let (floats, chains) = floats_and_chains(&s);
    assert_eq!(
        floats,
        [("a".to_string(), 1), ("b".to_string(), 1), ("p".to_string(), 0)]
    );
    assert_eq!(chains, [["p"]]);
    assert!(!entry(&s, "a").critical);
    // A a day later: the end stays.
    let moved = plan("not-before = 2026-03-03\n");
    assert_eq!(dates(&moved, "b"), ("2026-03-10".into(), "2026-03-12".into()));
    assert_eq!(moved.finish.to_string(), "2026-03-12");
}

/// Work before started work that resumes later counts back from where
/// that work resumes at its late dates, on its owner's days. Ben works
/// Monday to Thursday and is away Mon 9 and Tue 10; Y (his, started Wed
/// 4, as of Thu 5) may not finish before A (Ana's, not before Tue 17)
/// starts plus 2 days (SF), so it resumes Tue 17 and ends Wed 18. X (3d)
/// goes first, Thu 5, Wed 11, Thu 12. X may end as late as Mon 16 (Wed
/// 11, Thu 12, Mon 16): float 2 (its start can slip 4). It said 0, the
/// days between X and Y at the early dates (Fri 13, which Ben does not
/// work) counted back as if still between them. Checked by moving X: from
/// Wed 11 the end stays, from Thu 12 it moves.
#[test]
fn work_before_resumed_work_counts_back_from_its_late_resume() {
    let project = "[project]\nname = \"N\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\ntime-off = [{ from = 2026-03-09, to = 2026-03-10 }]\n";
    let y = "title = \"Y\"\nowner = \"ben\"\nestimate = \"3d\"\nstatus = \"in-progress\"\nstarted = 2026-03-04\ndepends-on = [{ id = \"a\", type = \"SF\", lag = \"2d\" }]\n";
    let plan = |x_extra: &str| {
        let x = format!("title = \"X\"\nowner = \"ben\"\nestimate = \"3d\"\n{x_extra}");
        leveled(
            &[
                ("project.toml", project),
                (
                    "features/a.toml",
                    "title = \"A\"\nowner = \"ana\"\nestimate = \"2d\"\nnot-before = 2026-03-17\n",
                ),
                ("features/x.toml", &x),
                ("features/y.toml", y),
            ],
            "2026-03-05",
        )
    };
    let s = plan("");
    assert_eq!(s.finish.to_string(), "2026-03-18");
    assert_eq!(dates(&s, "x"), ("2026-03-05".into(), "2026-03-12".into()));
    let x = entry(&s, "x");
    let mut cal = s.calendar.clone();
    assert_eq!(cal.date(x.times.late_start).unwrap().to_string(), "2026-03-11");
    assert_eq!(cal.date(x.times.late_finish - 1).unwrap().to_string(), "2026-03-16");
    assert_eq!(x.times.total_float, 2);
    assert!(!x.critical);
    assert_eq!(plan("not-before = 2026-03-11\n").finish.to_string(), "2026-03-18");
    assert_eq!(plan("not-before = 2026-03-12\n").finish.to_string(), "2026-03-19");
}

/// `explain` says both slips when they differ: UI (Ben's) must start 3
/// working days sooner to finish before his week off, and finishes 8 days
/// after the MVP deadline (the `late` fixture); Launch day in the example
/// may start 10 days later but finish 20 later, before Priya's vacation.
#[test]
fn explain_shows_start_and_finish_slips_when_they_differ() {
    let explain = |id: &str, plan: &str, as_of: &str| {
        explain_at(plan, id, as_of)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(
        explain("ui", "tests/fixtures/report/late", "2026-03-09"),
        "`ui` starts 2026-03-17 and finishes 2026-04-01 (12 working days); total float -8d (its start is 3d behind, its finish is 8d behind), critical"
    );
    assert!(
        explain("launch/ga-launch", "examples/atlas/plan", "2026-03-16")
            .ends_with("total float 10d (its start can slip 10d, its finish can slip 20d)")
    );
}
