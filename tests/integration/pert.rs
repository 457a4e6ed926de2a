//! PERT figures against published textbook examples, and against a second,
//! plain computation in the test: the expected finish comes from the
//! unrounded means, the standard deviation from the variances along the
//! path, the chance from both.

use milepost::model::Date;
use milepost::schedule::{Entry, Options, Schedule};

use crate::support::{by_id, milepost, run, write_files};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// P(Z <= z) for a standard normal Z, by Simpson's rule over the density
/// from 0 to |z| (4,000 intervals): a second computation, independent of
/// the approximation milepost uses.
fn phi(z: f64) -> f64 {
    let n = 4000;
    let h = z.abs() / n as f64;
    let f = |x: f64| (-x * x / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let mut sum = f(0.0) + f(z.abs());
    for k in 1..n {
        sum += f(k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
    }
    let half = sum * h / 3.0;
    if z >= 0.0 { 0.5 + half } else { 0.5 - half }
}

/// `x` to 3 decimals.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// One activity of a textbook network: id, low, likely, high (days), and
/// what it waits for.
type Activity<'a> = (&'a str, f64, f64, f64, &'a [&'a str]);

/// A plan of `activities` (three-point estimates in days, FS links), all in
/// milestone `end` with `deadline`, starting Monday 2026-01-05 on the
/// default Monday-to-Friday calendar; scheduled as of the start, unleveled.
fn textbook(activities: &[Activity<'_>], deadline: &str) -> Schedule {
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        (
            "project.toml".to_string(),
            "[project]\nname = \"Textbook\"\nstart = 2026-01-05\n".to_string(),
        ),
        (
            "milestones/end.toml".to_string(),
            format!("title = \"End\"\ndeadline = {deadline}\n"),
        ),
    ];
    for (id, low, likely, high, after) in activities {
        let deps: Vec<String> = after.iter().map(|d| format!("\"{d}\"")).collect();
        files.push((
            format!("features/{id}.toml"),
            format!(
                "title = \"{id}\"\nmilestone = \"end\"\nestimate = {{ low = \"{low}d\", likely = \"{likely}d\", high = \"{high}d\" }}\ndepends-on = [{}]\n",
                deps.join(", ")
            ),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_files(dir.path(), &refs);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    // Warnings only (no owners).
    assert!(
        plan.diagnostics.iter().all(|d| d.code.id().starts_with('W')),
        "{:?}",
        plan.diagnostics
    );
    milepost::schedule::schedule_with(&plan, date("2026-01-05"), Options { level: false }).unwrap()
}

fn entry<'s>(s: &'s Schedule, id: &str) -> &'s Entry {
    s.entries.iter().find(|e| &*e.id == id).unwrap()
}

/// The "Program evaluation and review technique" article of Wikipedia,
/// its example network of activities a to g (section "Implementation"),
/// with the figures issue 15 quotes from it: expected time of the critical path a-c-e-g
/// 4 + 5.17 + 5.17 + 5.17 = 19.51 days (19.5 unrounded), and the chance of
/// finishing within 21 days 0.879 (its variances 0.44 + 0.25 + 0.25 + 0.69
/// = 1.64). The schedule, in whole days (4 + 6 + 6 + 6), ends on day 22.
#[test]
fn wikipedia_example() {
    let acts: [Activity; 7] = [
        ("a", 2.0, 4.0, 6.0, &[]),
        ("b", 3.0, 5.0, 9.0, &[]),
        ("c", 4.0, 5.0, 7.0, &["a"]),
        ("d", 4.0, 6.0, 10.0, &["a"]),
        ("e", 4.0, 5.0, 7.0, &["b", "c"]),
        ("f", 3.0, 4.0, 8.0, &["d"]),
        ("g", 3.0, 5.0, 8.0, &["e"]),
    ];
    // Day 21 (exclusive) is the 21st working day: Monday 2026-02-02.
    let s = textbook(&acts, "2026-02-02");
    let end = entry(&s, "end");
    // Whole working days for the dates people see.
    assert_eq!(s.length, 22);
    assert_eq!(end.finish.to_string(), "2026-02-03");
    assert_eq!(end.deadline_margin, Some(-1));
    // PERT from the unrounded means.
    assert_eq!(round3(end.pert.unwrap().finish.mean), 19.5);
    assert_eq!(round3(end.pert.unwrap().finish.std_dev.powi(2)), 1.639);
    assert_eq!(round3(end.pert.unwrap().probability.unwrap()), 0.879);
    assert_eq!(round3(s.pert.as_ref().unwrap().finish.mean), 19.5);
    assert_eq!(
        s.pert.as_ref().unwrap().date.to_string(),
        "2026-01-30",
        "half way through day 20 (from 1)"
    );
    // The same chance for the project, asked by date.
    let mut s = s;
    s.ask_by(date("2026-02-02"));
    assert_eq!(round3(s.pert.as_ref().unwrap().by.unwrap().probability.unwrap()), 0.879);
}

/// Heizer and Render, *Operations Management*, chapter 3 "Project
/// Management", the Milwaukee Paper Manufacturing example (examples 8 to 10
/// in the 10th edition, table 3.4 and "Probability of Project Completion"):
/// expected completion 15 weeks along A-C-E-G-H, project variance 3.11,
/// σ 1.76 weeks, and for a finish within 16 weeks z = (16 - 15) / 1.76 =
/// .57, which the book's normal table turns into .7157. Unrounded, z is
/// 0.567 and the chance 0.715: the book reads its table at z rounded to two
/// decimals. (Weeks are written as days here: the arithmetic is the same.)
#[test]
fn heizer_render_milwaukee_paper() {
    let acts: [Activity; 8] = [
        ("a", 1.0, 2.0, 3.0, &[]),
        ("b", 2.0, 3.0, 4.0, &[]),
        ("c", 1.0, 2.0, 3.0, &["a"]),
        ("d", 2.0, 4.0, 6.0, &["a", "b"]),
        ("e", 1.0, 4.0, 7.0, &["c"]),
        ("f", 1.0, 2.0, 9.0, &["c"]),
        ("g", 3.0, 4.0, 11.0, &["d", "e"]),
        ("h", 1.0, 2.0, 3.0, &["f", "g"]),
    ];
    // 16 working days from Monday 2026-01-05: Monday 2026-01-26 is day 15.
    let s = textbook(&acts, "2026-01-26");
    let end = entry(&s, "end");
    assert_eq!(round3(end.pert.unwrap().finish.mean), 15.0);
    assert_eq!(round3(end.pert.unwrap().finish.std_dev.powi(2)), 3.111);
    assert_eq!((end.pert.unwrap().finish.std_dev * 100.0).round() / 100.0, 1.76);
    let z = (16.0 - end.pert.unwrap().finish.mean) / end.pert.unwrap().finish.std_dev;
    assert_eq!((z * 100.0).round() / 100.0, 0.57);
    assert_eq!(round3(end.pert.unwrap().probability.unwrap()), 0.715);
    // The book's table value at its rounded z.
    assert_eq!(round3(milepost::schedule::normal_cdf(0.57)), 0.716);
}

/// Hillier and Lieberman, *Introduction to Operations Research*, the
/// Reliable Construction Co. project (chapter "Project Management with
/// PERT/CPM", section "Dealing with Uncertain Activity Durations", 9th
/// edition section 22.4): 14 activities, the mean critical path
/// A-B-C-E-F-J-L-N of 44 weeks, its variance 9 (σ = 3), and the chance of
/// finishing within the 47-week deadline Φ(1) = 0.84 (0.841).
#[test]
fn hillier_lieberman_reliable_construction() {
    let acts: [Activity; 14] = [
        ("a", 1.0, 2.0, 3.0, &[]),
        ("b", 2.0, 3.5, 8.0, &["a"]),
        ("c", 6.0, 9.0, 18.0, &["b"]),
        ("d", 4.0, 5.5, 10.0, &["c"]),
        ("e", 1.0, 4.5, 5.0, &["c"]),
        ("f", 4.0, 4.0, 10.0, &["e"]),
        ("g", 5.0, 6.5, 11.0, &["d"]),
        ("h", 5.0, 8.0, 17.0, &["e", "g"]),
        ("i", 3.0, 7.5, 9.0, &["c"]),
        ("j", 3.0, 9.0, 9.0, &["f", "i"]),
        ("k", 4.0, 4.0, 4.0, &["j"]),
        ("l", 1.0, 5.5, 7.0, &["j"]),
        ("m", 1.0, 2.0, 3.0, &["h"]),
        ("n", 5.0, 5.5, 9.0, &["k", "l"]),
    ];
    // 47 working days from Monday 2026-01-05: day 46 (from 0), nine weeks
    // and a day on, is Tuesday 2026-03-10.
    let s = textbook(&acts, "2026-03-10");
    let end = entry(&s, "end");
    assert_eq!(round3(end.pert.unwrap().finish.mean), 44.0);
    assert_eq!(round3(end.pert.unwrap().finish.std_dev), 3.0);
    assert_eq!(round3(end.pert.unwrap().probability.unwrap()), 0.841);
    assert_eq!(s.length, 44, "every mean is whole here: no rounding");
    let path: Vec<&str> = s.critical_paths[0].iter().map(|&i| &*s.entries[i].id).collect();
    assert_eq!(path, ["a", "b", "c", "e", "f", "j", "l", "n", "end"]);
}

/// A chain of 200 features of 1/1.5/3 days (mean 5/3, σ 1/3 each), with a
/// deadline the textbook gives a 95% chance: worked out again here from the
/// estimates (sum of means, sum of variances, the normal CDF by numeric
/// integration). Rounding each mean up to 2 days before summing, as
/// milepost did, put the forecast 67 days later and the chance at nil.
#[test]
fn a_long_chain_is_not_biased_by_rounding() {
    let (low, likely, high) = (1.0, 1.5, 3.0);
    let ids: Vec<String> = (0..200).map(|i| format!("t{i:03}")).collect();
    let after: Vec<[&str; 1]> = ids.iter().map(|id| [id.as_str()]).collect();
    let acts: Vec<Activity> = (0..200)
        .map(|i| {
            let deps: &[&str] = if i == 0 { &[] } else { &after[i - 1] };
            (ids[i].as_str(), low, likely, high, deps)
        })
        .collect();
    // Day 341 (exclusive): the 341st working day from Monday 2026-01-05 is
    // day 340 from 0, 68 weeks on: Monday 2027-04-26.
    let s = textbook(&acts, "2027-04-26");
    let end = entry(&s, "end");
    assert_eq!(s.length, 400, "the schedule keeps whole days: 200 × 2");

    // The second computation.
    let mean: f64 = (0..200).map(|_| (low + 4.0 * likely + high) / 6.0).sum();
    let variance: f64 = (0..200).map(|_| ((high - low) / 6.0_f64).powi(2)).sum();
    let p = phi((341.0 - mean) / variance.sqrt());
    assert!(
        (end.pert.unwrap().finish.mean - mean).abs() < 1e-6,
        "{} against {mean}",
        end.pert.unwrap().finish.mean
    );
    assert!((end.pert.unwrap().finish.std_dev - variance.sqrt()).abs() < 1e-9);
    assert!(
        (end.pert.unwrap().probability.unwrap() - p).abs() < 1e-6,
        "{:?} against {p}",
        end.pert.unwrap().probability
    );
    assert_eq!(round3(p), 0.948);
    // What summing the rounded days gave.
    assert!(phi((341.0 - 400.0) / variance.sqrt()) < 1e-6);
}

/// Links other than finish-to-start, worked by hand. From Monday
/// 2026-01-05; `a` is 1/2.5/4 days (mean 2.5, scheduled 3, σ 0.5).
///
/// - `b` (2d) SS +1d after `a`: starts a day after `a` does, whatever `a`
///   takes: expected finish 1 + 2 = 3, σ 0 (its start is certain).
/// - `c` (1/1.5/2: mean 1.5, scheduled 2, σ 1/6) FF +1d after `a`: its finish
///   is held by `a`'s: expected 2.5 + 1 = 3.5, σ 0.5 (`a`'s; its own
///   duration moves its start, not its finish).
/// - `d` (1d) FS after `c`: expected 3.5 + 1 = 4.5, σ 0.5.
/// - milestone `m` waits for `b` and `d`: `d`'s, 4.5 ± 0.5; the schedule
///   has it on day 6 (3 + 1 = 4 for `c`, then `d` 4-5, exclusive 5).
#[test]
fn start_and_finish_links() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"Links\"\nstart = 2026-01-05\n"),
            ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-01-09\n"),
            (
                "features/a.toml",
                "title = \"A\"\nestimate = { low = \"1d\", likely = \"2.5d\", high = \"4d\" }\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nestimate = \"2d\"\nmilestone = \"m\"\ndepends-on = [{ id = \"a\", type = \"SS\", lag = \"1d\" }]\n",
            ),
            (
                "features/c.toml",
                "title = \"C\"\nestimate = { low = \"1d\", likely = \"1.5d\", high = \"2d\" }\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"1d\" }]\n",
            ),
            (
                "features/d.toml",
                "title = \"D\"\nestimate = \"1d\"\nmilestone = \"m\"\ndepends-on = [\"c\"]\n",
            ),
        ],
    );
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    // Warnings only (no owners).
    assert!(
        plan.diagnostics.iter().all(|d| d.code.id().starts_with('W')),
        "{:?}",
        plan.diagnostics
    );
    let s = milepost::schedule::schedule_with(&plan, date("2026-01-05"), Options { level: false }).unwrap();
    let close = |id: &str, mean: f64, sd: f64| {
        let e = entry(&s, id);
        assert!(
            (e.pert.unwrap().finish.mean - mean).abs() < 1e-9,
            "{id}: {} against {mean}",
            e.pert.unwrap().finish.mean
        );
        assert!(
            (e.pert.unwrap().finish.std_dev - sd).abs() < 1e-9,
            "{id}: σ {} against {sd}",
            e.pert.unwrap().finish.std_dev
        );
    };
    close("a", 2.5, 0.5);
    close("b", 3.0, 0.0);
    close("c", 3.5, 0.5);
    close("d", 4.5, 0.5);
    close("m", 4.5, 0.5);
    assert_eq!(entry(&s, "m").times.early_finish, 5);
    assert_eq!(
        (entry(&s, "c").pert.unwrap().std_dev * 6.0 * 1e6).round() / 1e6,
        1.0,
        "c's own σ, of its duration"
    );
    // Deadline Friday 2026-01-09: day 5, exclusive. P = Φ((5 - 4.5) / 0.5).
    let p = entry(&s, "m").pert.unwrap().probability.unwrap();
    assert!((p - phi(1.0)).abs() < 1e-6, "{p}");
    assert_eq!(s.pert.as_ref().unwrap().finish, entry(&s, "m").pert.unwrap().finish);
}

/// Leveling books a part-timer's work as whole days of theirs: PERT takes
/// the unrounded effort over their capacity, and σ over it too. Ana works
/// half time on two features of 1/1.2/2 days (mean 1.3, σ 1/6) one after
/// the other: leveling books ceil(1.3 / 0.5) = 3 days each (6 in all);
/// PERT expects 2.6 + 2.6 = 5.2, σ √2 × (1/6) / 0.5.
#[test]
fn part_timers_work_in_their_days() {
    let dir = tempfile::tempdir().unwrap();
    let three = "estimate = { low = \"1d\", likely = \"1.2d\", high = \"2d\" }\nowner = \"ana\"\nmilestone = \"m\"\n";
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"Part time\"\nstart = 2026-01-05\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n",
            ),
            ("milestones/m.toml", "title = \"M\"\n"),
            ("features/x.toml", &format!("title = \"X\"\n{three}")),
            ("features/y.toml", &format!("title = \"Y\"\n{three}")),
        ],
    );
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    // Warnings only (no owners).
    assert!(
        plan.diagnostics.iter().all(|d| d.code.id().starts_with('W')),
        "{:?}",
        plan.diagnostics
    );
    let s = milepost::schedule::schedule(&plan, date("2026-01-05")).unwrap();
    assert!(s.leveled());
    assert_eq!(s.length, 6);
    let m = entry(&s, "m");
    let (mean, sd) = (2.0 * 1.3 / 0.5, 2.0_f64.sqrt() * (1.0 / 6.0) / 0.5);
    assert!(
        (m.pert.unwrap().finish.mean - mean).abs() < 1e-9,
        "{} against {mean}",
        m.pert.unwrap().finish.mean
    );
    assert!(
        (m.pert.unwrap().finish.std_dev - sd).abs() < 1e-9,
        "{} against {sd}",
        m.pert.unwrap().finish.std_dev
    );
    assert!((entry(&s, "x").pert.unwrap().std_dev - (1.0 / 6.0) / 0.5).abs() < 1e-9);
}

/// `schedule --by-date` gives the project's chance in the table and the
/// JSON; σ = 0 is `0`, not null.
#[test]
fn by_date_in_table_and_json() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"By\"\nstart = 2026-01-05\n"),
            (
                "features/a.toml",
                "title = \"A\"\nestimate = { low = \"1d\", likely = \"2.5d\", high = \"4d\" }\n",
            ),
            ("features/b.toml", "title = \"B\"\nestimate = \"2d\"\n"),
        ],
    );
    let plan = dir.path().to_str().unwrap();
    let schedule = |more: &[&str]| {
        let out = run(milepost()
            .args([
                "schedule",
                "--plan",
                plan,
                "--as-of",
                "2026-01-05",
                "--by-date",
                "2026-01-07",
            ])
            .args(more));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    // a: 2.5 ± 0.5, by day 3 (Wednesday 2026-01-07 is the third day).
    let table = schedule(&[]);
    assert_eq!(
        table.lines().nth(1).unwrap(),
        format!(
            "PERT: expected 2026-01-07 ±0.5d (2.5 working days from day 0); P(finish by 2026-01-07): {}%",
            (phi(1.0) * 100.0).round()
        )
    );
    let json = schedule(&["--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let pert = &doc["pert"];
    assert_eq!(pert["finish"]["date"], "2026-01-07");
    assert!((pert["finish"]["day"].as_f64().unwrap() - 2.5).abs() < 1e-9);
    assert!((pert["std_dev_days"].as_f64().unwrap() - 0.5).abs() < 1e-9);
    assert_eq!(pert["by"]["date"], "2026-01-07");
    assert!((pert["by"]["probability"].as_f64().unwrap() - phi(1.0)).abs() < 1e-6);
    let b = by_id(&doc["items"], "b");
    assert_eq!(b["pert_std_dev_days"], serde_json::json!(0.0));
    assert_eq!(b["pert_finish_std_dev_days"], serde_json::json!(0.0));
    assert_eq!(b["pert_finish"]["day"], serde_json::json!(2.0));
}

/// On generated plans (every link type, leads and lags, part-timers, time
/// off, progress at several status dates; leveled and not), PERT's
/// expected finishes are finite, never later than the schedule's (rounding
/// only adds), and the project's is the latest of them.
#[test]
fn expected_finishes_never_pass_the_schedule() {
    use crate::synth_git::synth;
    let dir = tempfile::tempdir().unwrap();
    let options = synth::Options {
        people: Some(synth::People::new(12)),
    };
    synth::write_plan_with(dir.path(), 300, 7, &options).unwrap();
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    assert_eq!(plan.error_count(), 0);
    for as_of in ["2026-01-05", "2026-06-15", "2027-03-01"] {
        for level in [true, false] {
            let s = milepost::schedule::schedule_with(&plan, date(as_of), Options { level }).unwrap();
            assert_eq!(s.leveled(), level);
            let mut latest = f64::MIN;
            let mut uncertain = 0;
            for e in &s.entries {
                let (mean, sd) = (e.pert.unwrap().finish.mean, e.pert.unwrap().finish.std_dev);
                assert!(
                    mean.is_finite() && sd.is_finite() && sd >= 0.0,
                    "{}: {mean} ± {sd}",
                    e.id
                );
                assert!(
                    mean <= e.times.early_finish as f64 + 1e-9,
                    "{} at {as_of}, level {level}: expected {mean} after the schedule's {}",
                    e.id,
                    e.times.early_finish
                );
                assert!(e.pert.unwrap().date <= e.finish, "{}", e.id);
                latest = latest.max(mean);
                uncertain += usize::from(sd > 0.0);
            }
            assert!(uncertain > 0, "the generated plans have three-point estimates");
            assert_eq!(s.pert.as_ref().unwrap().finish.mean, latest);
            assert!(s.pert.as_ref().unwrap().finish.mean <= s.length as f64 + 1e-9);
            assert!(s.pert.as_ref().unwrap().date <= s.finish);
        }
    }
}

/// Leveled work a finish link holds that pauses over its owner's days
/// off: with every estimate certain, PERT's expected finish is the
/// schedule's. B (Ana, 2d) may not finish before Z (Ben, 4d, to Thursday
/// 03-05: FF), so it starts Wednesday; Ana is away Thursday and Friday,
/// and B finishes Monday 03-09, day 6 (PERT said Thursday, day 4: the
/// link's bound). The same with a start-to-finish link: B (Ana, 2d) may
/// not finish before Y (Ben) starts plus 3 days, so it starts Tuesday and
/// pauses over Ana's Wednesday off to Thursday 03-05; C (3d) follows to
/// Tuesday 03-10, day 7 (PERT said Monday).
#[test]
fn a_finish_link_into_work_that_pauses_keeps_pert_on_the_schedule() {
    let ana = |off: &str| {
        format!(
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{{ from = {off} }}]\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n"
        )
    };
    let cases = [
        (
            ana("2026-03-05, to = 2026-03-06"),
            vec![
                ("features/z.toml", "title = \"Z\"\nowner = \"ben\"\nestimate = \"4d\"\n"),
                (
                    "features/b.toml",
                    "title = \"B\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [{ id = \"z\", type = \"FF\" }]\n",
                ),
            ],
            6,
        ),
        (
            ana("2026-03-04, to = 2026-03-04"),
            vec![
                ("features/y.toml", "title = \"Y\"\nowner = \"ben\"\nestimate = \"5d\"\n"),
                (
                    "features/b.toml",
                    "title = \"B\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [{ id = \"y\", type = \"SF\", lag = \"3d\" }]\n",
                ),
                (
                    "features/c.toml",
                    "title = \"C\"\nowner = \"ana\"\nestimate = \"3d\"\ndepends-on = [\"b\"]\n",
                ),
            ],
            7,
        ),
    ];
    for (project, features, end) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut files = vec![("project.toml", project.as_str())];
        files.extend(features);
        write_files(dir.path(), &files);
        let plan = crate::support::check_dir(dir.path(), "").unwrap();
        let s = milepost::schedule::schedule(&plan, date("2026-03-02")).unwrap();
        assert!(s.leveled());
        assert_eq!(s.length, end, "{project}");
        assert_eq!(s.pert.as_ref().unwrap().finish.std_dev, 0.0);
        assert!(
            (s.pert.as_ref().unwrap().finish.mean - end as f64).abs() < 1e-9,
            "{} against {end}",
            s.pert.as_ref().unwrap().finish.mean
        );
        assert_eq!(s.pert.as_ref().unwrap().date, s.finish, "{project}");
    }
}
