//! Large plans with large teams: the generator the benchmarks use
//! (`benches/synth.rs`) keeps its default plans and makes the team it is
//! asked for; the report's per-person and per-milestone figures, which it
//! works out from indexes made once, are those of a plain search through
//! every feature for every person and milestone (worked out again here).

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde_json::Value;

use crate::support::{check_dir, milepost, run};
use crate::synth_git::synth;

/// FNV-1a over every file's path and text, in the generator's order.
fn digest(files: &[(String, String)]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, text) in files {
        for b in path.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
    }
    h
}

/// The benchmark plans of `cargo bench --bench check` and the plans tests
/// generate stay byte for byte what they were before the generator learnt
/// to make teams, but for progress dates moved off weekends and links to
/// cut features left out (session 19, when `check` began warning of them:
/// W0406, W0407), and links from work that started to work that started
/// later or not at all (session 26: W0408).
#[test]
fn default_generated_plans_are_unchanged() {
    for (n, seed, expected) in [
        (300, 5, 0x2a2b_c01b_e728_b6aa_u64),
        (1000, 2026, 0xc846_46cf_7877_1d2d),
        (5000, 2026, 0xd948_b4c9_ec7a_7eec),
    ] {
        assert_eq!(
            digest(&synth::plan_files(n, seed)),
            expected,
            "{n} features, seed {seed}: {:#x}",
            digest(&synth::plan_files(n, seed))
        );
        let same = synth::plan_files_with(n, seed, &synth::Options::default());
        assert_eq!(digest(&same), expected, "{n} features, seed {seed}, default options");
    }
}

/// A team of 100 for 2,000 features: a clean plan, with the share of part
/// timers, time off and weeks of their own asked for (within what chance
/// allows), and the features' owners spread over nearly everyone.
#[test]
fn a_generated_team_is_what_was_asked_for() {
    let people = synth::People {
        count: 100,
        part_time: 30,
        time_off: 40,
        own_week: 20,
    };
    let dir = tempfile::TempDir::new().unwrap();
    let options = synth::Options { people: Some(people) };
    synth::write_plan_with(dir.path(), 2000, 9, &options).unwrap();
    let plan = check_dir(dir.path(), "plan").unwrap();
    assert!(plan.diagnostics.is_empty(), "{:?}", plan.diagnostics.first());
    let team = &plan.project.as_ref().unwrap().data.people;
    assert_eq!(team.len(), 100);
    let part_time = team
        .iter()
        .filter(|p| p.value.capacity.as_ref().is_some_and(|c| c.value.0 < 1.0))
        .count();
    let time_off = team.iter().filter(|p| !p.value.time_off.is_empty()).count();
    let own_week = team.iter().filter(|p| p.value.workdays.is_some()).count();
    assert!((15..=45).contains(&part_time), "{part_time} part timers");
    assert!((25..=55).contains(&time_off), "{time_off} with time off");
    assert!((8..=35).contains(&own_week), "{own_week} with a week of their own");
    let owners: BTreeSet<&str> = plan
        .features
        .iter()
        .filter_map(|f| f.data.owner.as_ref().map(|o| o.value.as_str()))
        .collect();
    assert!(owners.len() >= 95, "{} owners", owners.len());
    assert!(owners.iter().all(|o| o.len() == 4 && o.starts_with('p')), "{owners:?}");
}

/// Working days from `from` to `to` (both included) of the generated
/// plan's calendar, counted one by one: Monday to Friday, less `holidays`.
fn working_days(from: Date, to: Date, holidays: &BTreeSet<Date>) -> i64 {
    let mut n = 0;
    let mut d = from;
    while d <= to {
        let weekday = d.weekday().to_monday_zero_offset();
        if weekday < 5 && !holidays.contains(&d) {
            n += 1;
        }
        d = d.tomorrow().unwrap();
    }
    n
}

fn date(v: &Value) -> Date {
    v.as_str().unwrap().parse().unwrap()
}

/// Every day of the project calendar's holidays.
fn holidays(project: &milepost::model::ProjectFile) -> BTreeSet<Date> {
    let mut days = BTreeSet::new();
    for h in project
        .calendar
        .as_ref()
        .map(|c| &c.value.holidays)
        .into_iter()
        .flatten()
    {
        let (from, to) = h.value.bounds();
        let mut d = from.0;
        while d <= to.0 {
            days.insert(d);
            d = d.tomorrow().unwrap();
        }
    }
    days
}

/// The report's people, milestones and budget lines on a generated plan
/// with a team are those worked out here by searching every feature for
/// each person and milestone, and counting working days one by one.
#[test]
fn people_and_milestones_are_those_of_a_plain_search() {
    let dir = tempfile::TempDir::new().unwrap();
    let options = synth::Options {
        people: Some(synth::People::new(40)),
    };
    synth::write_plan_with(dir.path(), 800, 4, &options).unwrap();
    let as_of = "2026-03-02";
    // Unleveled: assigned days are the schedule's (a leveled schedule's
    // are leveling's own, checked in `leveling.rs`).
    let out = run(milepost()
        .args([
            "report",
            "--context",
            "--no-since",
            "--no-level",
            "--as-of",
            as_of,
            "--plan",
        ])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c: Value = serde_json::from_str(&out.stdout).unwrap();
    let plan = check_dir(dir.path(), "plan").unwrap();
    let project = &plan.project.as_ref().unwrap().data;
    let features = c["features"].as_array().unwrap();
    let milestones = c["milestones"].as_array().unwrap();
    assert!(features.len() > 700 && milestones.len() == 8);

    check_people(&c, project, date(&Value::from(as_of)));
    for m in milestones {
        let mine: Vec<&Value> = features.iter().filter(|f| f["milestone"] == m["id"]).collect();
        assert_eq!(m["features"], mine.len(), "{}", m["id"]);
        let done = mine.iter().filter(|f| f["status"] == "done").count();
        assert_eq!(m["features_done"], done, "{}", m["id"]);
        let cost: f64 = mine.iter().filter_map(|f| f["cost"].as_f64()).sum();
        assert!((m["cost"].as_f64().unwrap() - cost).abs() < 1e-6, "{}", m["id"]);
        let line = c["budget"]["by_milestone"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["milestone"] == m["id"])
            .unwrap();
        assert!((line["cost"].as_f64().unwrap() - cost).abs() < 1e-6, "{}", m["id"]);
        let uncosted = mine.iter().filter(|f| f["cost"].is_null()).count();
        assert_eq!(line["uncosted_features"], uncosted, "{}", m["id"]);
    }
}

/// Each person's load, worked out from the context's features and the
/// plan's people by a search per person and per milestone.
fn check_people(c: &Value, project: &milepost::model::ProjectFile, as_of: Date) {
    let features = c["features"].as_array().unwrap();
    let holidays = holidays(project);
    let mut windows: Vec<(Value, String)> = c["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] != "done")
        .map(|m| (m["id"].clone(), m["forecast"].as_str().unwrap().to_string()))
        .collect();
    if features
        .iter()
        .any(|f| f["milestone"].is_null() && f["status"] != "done")
    {
        windows.push((Value::Null, c["project"]["finish"].as_str().unwrap().to_string()));
    }
    let people = c["people"].as_array().unwrap();
    assert_eq!(people.len(), project.people.len());
    let mut loaded = 0;
    for (p, person) in project.people.iter().map(|p| &p.value).zip(people) {
        assert_eq!(person["id"], p.id.value.as_str());
        let mine: Vec<&Value> = features
            .iter()
            .filter(|f| f["owner"] == p.id.value.as_str() && f["status"] != "done")
            .collect();
        assert_eq!(person["features"], mine.len(), "{}", p.id.value);
        let assigned: i64 = mine.iter().map(|f| f["remaining_days"].as_i64().unwrap()).sum();
        assert_eq!(person["assigned_days"], assigned, "{}", p.id.value);
        let capacity = p.capacity.as_ref().map_or(1.0, |c| c.value.0);
        let mut expected = Vec::new();
        for (ms, to) in &windows {
            let work: Vec<&&Value> = mine.iter().filter(|f| f["milestone"] == *ms).collect();
            if work.is_empty() {
                continue;
            }
            let first = work.iter().filter_map(|f| f["start"].as_str()).min().unwrap_or(to);
            let from = first.parse::<Date>().unwrap().max(as_of);
            let until: Date = to.parse().unwrap();
            let mut days = 0;
            let mut d = from;
            while d <= until {
                days += i64::from(own_day(p, d, &holidays));
                d = d.tomorrow().unwrap();
            }
            let available = days as f64 * capacity;
            expected.push((ms.clone(), from.to_string(), to.clone(), assigned_in(&work), available));
        }
        // Each month's available days (of the months they work in): their
        // own days from the status date (or the month's first day) to the
        // month's last day.
        for m in person["months"].as_array().unwrap() {
            let month = &m["month"];
            assert_eq!(&c["months"][m["index"].as_u64().unwrap() as usize], month);
            let first: Date = format!("{}-01", month.as_str().unwrap()).parse().unwrap();
            let mut days = 0;
            let mut d = first.max(as_of);
            while d <= first.last_of_month() {
                days += i64::from(own_day(p, d, &holidays));
                d = d.tomorrow().unwrap();
            }
            let available = m["available_days"].as_f64().unwrap();
            assert!(
                (available - days as f64 * capacity).abs() < 1e-9,
                "{} {month}: {available} {days}",
                p.id.value
            );
        }
        let got = person["windows"].as_array().unwrap();
        assert_eq!(got.len(), expected.len(), "{}", p.id.value);
        for (w, (ms, from, to, assigned, available)) in got.iter().zip(expected) {
            assert_eq!(
                (&w["milestone"], &w["from"], &w["to"]),
                (&ms, &Value::from(from), &Value::from(to))
            );
            assert_eq!(
                w["assigned_days"].as_f64(),
                Some(assigned as f64),
                "{} {ms}",
                p.id.value
            );
            let got_available = w["available_days"].as_f64().unwrap();
            assert!(
                (got_available - available).abs() < 1e-9,
                "{} {ms}: {got_available} {available}",
                p.id.value
            );
        }
        loaded += usize::from(!got.is_empty());
    }
    assert!(loaded > 30, "only {loaded} people have work");
}

/// Whether `d` is one of `p`'s own days: the project's, on their
/// weekdays, not away.
fn own_day(p: &milepost::model::Person, d: Date, holidays: &BTreeSet<Date>) -> bool {
    let weekday = d.weekday().to_monday_zero_offset() as usize;
    let theirs = p
        .workdays
        .as_ref()
        .is_none_or(|w| w.value.iter().any(|x| x.value as usize == weekday));
    let away = p
        .time_off
        .iter()
        .any(|r| r.value.from.value.0 <= d && d <= r.value.to.value.0);
    working_days(d, d, holidays) == 1 && theirs && !away
}

fn assigned_in(work: &[&&Value]) -> i64 {
    work.iter().map(|f| f["remaining_days"].as_i64().unwrap()).sum()
}

/// The roadmap lists, under each milestone, exactly that milestone's
/// features, in schedule order (it groups them with `grouped_by`).
#[test]
fn the_roadmap_lists_each_milestones_features_in_order() {
    let dir = tempfile::TempDir::new().unwrap();
    synth::write_plan(dir.path(), 400, 3).unwrap();
    let report = |args: &[&str]| {
        let out = run(milepost()
            .arg("report")
            .args(args)
            .args(["--no-since", "--as-of", "2026-03-02", "--plan"])
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let c: Value = serde_json::from_str(&report(&["--context"])).unwrap();
    let roadmap = report(&["roadmap"]);
    let sections = sections(&roadmap);
    let milestones = c["milestones"].as_array().unwrap();
    assert_eq!(sections.len(), milestones.len());
    for (m, (title, ids)) in milestones.iter().zip(sections) {
        assert_eq!(m["title"], title.as_str());
        let expected: Vec<&str> = c["features"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["milestone"] == m["id"])
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert!(!expected.is_empty());
        assert_eq!(ids, expected, "{title}");
    }
}

/// Each `## ` section of a roadmap (but a last `## Cut`), with the ids of
/// the features its table lists.
fn sections(roadmap: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in roadmap.lines() {
        if let Some(title) = line.strip_prefix("## ") {
            sections.push((title.to_string(), Vec::new()));
        } else if let (Some(last), Some(cell)) = (sections.last_mut(), line.strip_prefix("| "))
            && let Some(id) = cell.split(" (`").nth(1).and_then(|rest| rest.split("`)").next())
        {
            last.1.push(id.to_string());
        }
    }
    sections.retain(|(title, _)| title != "Cut");
    sections
}
