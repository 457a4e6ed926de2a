//! People exported to TaskJuggler 3 (issue 14): `export --format tjp`
//! writes each person as a resource and owned work as effort allocated to
//! them, so that `tj3` levels the problem milepost levels. Its schedule is
//! read off its CSV report and checked under milepost's rules by the
//! independent checker of leveling_check.rs.
//!
//! One rule tj3 cannot follow: it may split a feature around work it gave
//! the same person before (see src/render/export/tjp/people.rs). The
//! checker sees a split as work spanning more of its owner's days than it
//! needs, overlapping the work inside the gap; those are counted and
//! printed, and every other rule must hold.

use std::collections::BTreeSet;
use std::path::Path;

use milepost::Plan;
use milepost::model::Date;
use milepost::render::export::tjp::REPORT;

use crate::leveling_check::{
    Days, Placed, Rule, SEEDS, Timings, Violation, about_people, forecast, generated, load, lower_bound, makespan,
    texts, unleveled, violations,
};
use crate::support::{tj3_available, write_files};
use crate::tj3::{export_with, instant, run_tj3_allowing};

/// tj3's warning that a task of lower priority got a person first, because
/// the one of higher priority could not start yet: how tj3 levels, not a
/// fault of the export.
const PRIORITY_INVERSION: &str = "stole resources from";

/// tj3's schedule of the plan in `dir` (loaded: `plan`) as of `as_of`,
/// people exported: every plan item's first day and the day after its
/// last, as working-day numbers of the project calendar.
fn tj3_schedule(dir: &Path, plan: &Plan, as_of: &str) -> Timings {
    let tjp = export_with(dir, as_of, &[]);
    let out = run_tj3_allowing(&tjp, &[PRIORITY_INVERSION]);
    let csv = std::fs::read_to_string(out.path().join(format!("{REPORT}.csv"))).unwrap();
    let mut rows = Vec::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').map(|c| c.trim_matches('"')).collect();
        assert_eq!(cells.len(), 4, "unexpected report line {line:?}");
        if cells[1].is_empty() {
            continue; // a fixed date, a helper or a child task
        }
        let [start, end] = [cells[2], cells[3]].map(|s| {
            let t = instant(s);
            assert_eq!((t.hour(), t.minute()), (0, 0), "{line}: whole days only");
            t.date()
        });
        rows.push((cells[1].to_string(), start, end));
    }
    let project_start = plan.project.as_ref().unwrap().data.project.value.start.value.0;
    let last = rows.iter().map(|r| r.2).max().unwrap_or(project_start);
    let reach = i64::from((last - project_start).get_days()).max(0);
    let days = Days::of(plan, Date::parse(as_of).unwrap(), reach);
    rows.into_iter()
        .map(|(id, start, end)| {
            let placed = Placed {
                start: days.on_or_after(start),
                finish: days.on_or_after(end),
                dates: None,
            };
            (id, placed)
        })
        .collect()
}

/// Starts Monday 2026-03-02, Monday to Friday. Ana works half time, Monday
/// to Thursday, and is off on Tuesday 2026-03-10; Ben works full time.
const PROJECT: &str = "[project]\nname = \"People\"\nstart = 2026-03-02\n\n\
     [[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\
     time-off = [{ from = 2026-03-10, to = 2026-03-10, name = \"Dentist\" }]\n\n\
     [[people]]\nid = \"ben\"\nname = \"Ben\"\n";

/// Worked out by hand: a (must, 2 days at half time: 4 of Ana's days) runs
/// Mon 2 to Thu 5; b (could, 1.5 days: 3) waits for it, skips her Friday
/// and her day off: Mon 9, Wed 11, Thu 12. c (Ben's) starts a day after a,
/// Tue 3 to Thu 5; d (nobody's) follows b: Fri 13 and Mon 16.
#[test]
fn tj3_levels_capacity_workdays_and_time_off_as_worked_out() {
    if !tj3_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", PROJECT),
            (
                "features/a.toml",
                "title = \"A\"\nestimate = \"2d\"\nowner = \"ana\"\npriority = \"must\"\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nestimate = \"1.5d\"\nowner = \"ana\"\npriority = \"could\"\n",
            ),
            (
                "features/c.toml",
                "title = \"C\"\nestimate = \"3d\"\nowner = \"ben\"\ndepends-on = [{ id = \"a\", type = \"SS\", lag = \"1d\" }]\n",
            ),
            (
                "features/d.toml",
                "title = \"D\"\nestimate = \"2d\"\ndepends-on = [\"b\"]\n",
            ),
        ],
    );
    let as_of = "2026-03-02";
    let tjp = export_with(dir.path(), as_of, &[]);
    for line in [
        "resource ana \"Ana\" {",
        "  workinghours mon, tue, wed, thu 0:00 - 24:00",
        "  workinghours fri, sat, sun off",
        "  leaves annual \"Dentist\" 2026-03-10 - 2026-03-11",
        "resource ben \"Ben\" {",
        "  effort 4d\n  allocate ana\n  priority 999",
        "  effort 3d\n  allocate ana\n  priority 500",
        "  effort 3d\n  allocate ben\n  priority 1",
        "  length 2d",
    ] {
        assert!(tjp.contains(line), "{line:?} not in\n{tjp}");
    }
    let no_people = export_with(dir.path(), as_of, &["--no-level"]);
    assert!(
        !no_people.contains("resource") && !no_people.contains("effort"),
        "{no_people}"
    );

    let plan = load(dir.path());
    let tj3 = tj3_schedule(dir.path(), &plan, as_of);
    let got: Vec<(&str, i64, i64)> = tj3.iter().map(|(id, p)| (id.as_str(), p.start, p.finish)).collect();
    // Day numbers: Mar 2 is day 0, Mar 9 day 5, Mar 13 day 9, Mar 16 day 10.
    assert_eq!(got, [("a", 0, 4), ("b", 5, 9), ("c", 1, 4), ("d", 9, 11)]);
    assert_eq!(
        texts(&violations(&plan, Date::parse(as_of).unwrap(), &tj3)),
        Vec::<String>::new()
    );
    // milepost's leveling gives the same days.
    let ours = forecast(dir.path(), as_of);
    let ours: Vec<(&str, i64, i64)> = ours.iter().map(|(id, p)| (id.as_str(), p.start, p.finish)).collect();
    assert_eq!(ours, got);
}

/// Owned work is ordered as leveling orders it: rank, then the deadline
/// it leads to, then the MoSCoW priority it leads to, then slack. Ben's
/// one-day features: z (must, rank 1), w (must, rank 2), x (could, due
/// 2026-04-01 with m1), v (could, but u, a must, waits for it), y (should),
/// s and t (none; three days of r wait for s: less slack). Priorities 999
/// down to 1 in that order; tj3 gives Ben one a day in it, and so does
/// milepost's serial pass: z 0, w 1, x 2, v 3, y 4, s 5, t 6, then u (4
/// days after v) 4..8 and r (3 after s) 6..9, the end on day 9.
/// milepost's justification then moves v and s, which u and r wait for,
/// before x and y (their ranks hold, and m1, due 2026-04-01, day 21, is
/// reached on day 5, within its deadline): z 0, w 1, v 2, s 3, x 4, y 5,
/// t 6, u 3..7, r 4..7, the end on day 7. That is the optimum: Ben has 7
/// days of work from day 0.
#[test]
fn priorities_follow_rank_deadline_moscow_and_slack() {
    if !tj3_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ben = |more: &str| format!("title = \"T\"\nestimate = \"1d\"\nowner = \"ben\"\n{more}");
    let files = [
        ("project.toml", PROJECT.to_string()),
        (
            "milestones/m1.toml",
            "title = \"M1\"\ndeadline = 2026-04-01\n".to_string(),
        ),
        (
            "features/r.toml",
            "title = \"R\"\nestimate = \"3d\"\ndepends-on = [\"s\"]\n".to_string(),
        ),
        ("features/s.toml", ben("")),
        ("features/t.toml", ben("")),
        (
            "features/u.toml",
            "title = \"U\"\nestimate = \"4d\"\npriority = \"must\"\ndepends-on = [\"v\"]\n".to_string(),
        ),
        ("features/v.toml", ben("priority = \"could\"\n")),
        ("features/w.toml", ben("priority = \"must\"\nrank = 2\n")),
        ("features/x.toml", ben("priority = \"could\"\nmilestone = \"m1\"\n")),
        ("features/y.toml", ben("priority = \"should\"\n")),
        ("features/z.toml", ben("priority = \"must\"\nrank = 1\n")),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    write_files(dir.path(), &refs);
    let tjp = export_with(dir.path(), "2026-03-02", &[]);
    let priority = |id: &str| {
        let task = &tjp[tjp.find(&format!("task {id} ")).unwrap()..];
        let task = &task[..task.find("\n}").unwrap()];
        let line = task.lines().find(|l| l.starts_with("  priority ")).unwrap();
        line.trim_start_matches("  priority ").parse::<u16>().unwrap()
    };
    // The i-th of 7 gets 999 - i * 998 / 6.
    assert_eq!(
        ["z", "w", "x", "v", "y", "s", "t"].map(priority),
        [999, 833, 667, 500, 334, 168, 1]
    );

    let expected = [
        ("m1", 3),
        ("r", 6),
        ("s", 5),
        ("t", 6),
        ("u", 4),
        ("v", 3),
        ("w", 1),
        ("x", 2),
        ("y", 4),
        ("z", 0),
    ];
    let plan = load(dir.path());
    let tj3 = tj3_schedule(dir.path(), &plan, "2026-03-02");
    let starts: Vec<(&str, i64)> = tj3.iter().map(|(id, p)| (id.as_str(), p.start)).collect();
    assert_eq!(starts, expected, "tj3");
    let ours = forecast(dir.path(), "2026-03-02");
    let starts: Vec<(&str, i64)> = ours.iter().map(|(id, p)| (id.as_str(), p.start)).collect();
    let justified = [
        ("m1", 5),
        ("r", 4),
        ("s", 3),
        ("t", 6),
        ("u", 3),
        ("v", 2),
        ("w", 1),
        ("x", 4),
        ("y", 5),
        ("z", 0),
    ];
    assert_eq!(starts, justified, "milepost");
    assert_eq!(makespan(&tj3), 9);
    assert_eq!(makespan(&ours), 7);
}

/// What the checker says of tj3's schedule, sorted: splits (features that
/// span more of their owner's days than they need, and the overlaps with
/// work inside them), and anything else, which is a failure.
fn split_or_broken(found: Vec<Violation>) -> (BTreeSet<String>, Vec<Violation>) {
    let mut split = BTreeSet::new();
    for v in &found {
        if let Rule::Span { have, need } = v.rule
            && have > need
        {
            // The feature's id starts the sentence.
            split.insert(v.text.split(' ').next().unwrap_or_default().to_string());
        }
    }
    let broken = found
        .into_iter()
        .filter(|v| match &v.rule {
            Rule::Span { have, need } => have < need,
            Rule::Overlap { a, b } => !split.contains(a) && !split.contains(b),
            _ => true,
        })
        .collect();
    (split, broken)
}

/// tj3's leveled schedule of each generated plan keeps milepost's rules:
/// every link, floor and date, no work on a day off, nobody on two
/// features a day, each feature its owner's days, but for the features tj3
/// splits. Prints the makespans: tj3's, milepost's forecast, the CPM's
/// and a lower bound (no valid schedule is shorter: tj3's is not).
#[test]
fn tj3_levels_generated_plans_within_the_rules() {
    if !tj3_available() {
        return;
    }
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let (mut split_features, mut owned) = (0, 0);
    // Makespans summed, tj3's and milepost's; plans where milepost's is longer, shorter.
    let (mut theirs, mut mine, mut longer, mut shorter) = (0, 0, 0, 0);
    for seed in SEEDS.take(20) {
        let (dir, plan, as_of) = generated(seed);
        let tj3 = tj3_schedule(dir.path(), &plan, &as_of);
        let found = violations(&plan, Date::parse(&as_of).unwrap(), &tj3);
        let people = found.iter().filter(|v| about_people(v)).count();
        let (split, broken) = split_or_broken(found);
        if !broken.is_empty() {
            failures.push(format!("seed {seed} as of {as_of}:\n  {}", texts(&broken).join("\n  ")));
        }
        split_features += split.len();
        owned += plan.features.iter().filter(|f| f.data.owner.is_some()).count();
        let ours = forecast(dir.path(), &as_of);
        let cpm = unleveled(dir.path(), &as_of);
        let bound = lower_bound(&plan, Date::parse(&as_of).unwrap(), &cpm);
        report.push(format!(
            "seed {seed:>2}: makespan tj3 {:>3}, milepost {:>3} working days (lower bound {bound:>3}, CPM {:>3}); tj3 splits {} ({people} findings about people)",
            makespan(&tj3),
            makespan(&ours),
            makespan(&cpm),
            split.len()
        ));
        assert!(
            makespan(&tj3) >= bound,
            "seed {seed}: tj3's makespan is below the lower bound {bound}"
        );
        (theirs, mine) = (theirs + makespan(&tj3), mine + makespan(&ours));
        longer += usize::from(makespan(&ours) > makespan(&tj3));
        shorter += usize::from(makespan(&ours) < makespan(&tj3));
    }
    println!("{}", report.join("\n"));
    println!("tj3 split {split_features} of {owned} owned features");
    println!(
        "makespans summed: tj3 {theirs}, milepost {mine} working days; milepost longer on {longer} plans, shorter on {shorter}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The example plan, leveled by tj3 at three status dates: every rule
/// holds but for the features tj3 splits.
#[test]
fn tj3_levels_the_example_within_the_rules() {
    if !tj3_available() {
        return;
    }
    let dir = crate::support::root().join("examples/atlas/plan");
    let plan = load(&dir);
    for as_of in ["2026-01-05", "2026-03-16", "2026-06-01"] {
        let tj3 = tj3_schedule(&dir, &plan, as_of);
        let (split, broken) = split_or_broken(violations(&plan, Date::parse(as_of).unwrap(), &tj3));
        assert!(broken.is_empty(), "as of {as_of}:\n{}", texts(&broken).join("\n"));
        let cpm = unleveled(&dir, as_of);
        let bound = lower_bound(&plan, Date::parse(as_of).unwrap(), &cpm);
        assert!(makespan(&tj3) >= bound, "as of {as_of}");
        println!(
            "atlas as of {as_of}: makespan tj3 {}, CPM {}, lower bound {bound} working days; tj3 splits {split:?}",
            makespan(&tj3),
            makespan(&cpm)
        );
    }
}
