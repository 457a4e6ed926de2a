//! `milepost export --format mspdi`, read back by an independent reader:
//! MPXJ (the library MS Project files are read with, ProjectLibre
//! included), through `tests/mspdi_read.py`, which prints what it read as
//! JSON. Every task, link, resource, assignment and calendar exception is
//! compared with milepost's own schedule (`schedule --format json`) and
//! plan; durations with a second, simple calendar walk written here; the
//! hand plan's numbers with values worked out by hand.
//!
//! MPXJ reads the file as it is, without scheduling it again, so its dates
//! are exactly the file's.
//!
//! Without python3, Java or the `mpxj` package (`pip install mpxj`) those
//! tests print one line and are skipped; `MILEPOST_REQUIRE_MPXJ=1`
//! (`.ci/run` sets it) makes that a failure. The tests of the file itself
//! (bytes, escaping, `-o`) always run.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use crate::support::{check_dir, milepost, root, run, write_files};

/// Set to `1` to make a missing MPXJ a failure rather than a skip.
const REQUIRE_MPXJ: &str = "MILEPOST_REQUIRE_MPXJ";

/// `milepost export --format mspdi` of `plan` as of `as_of`, with `args`.
fn export(plan: &Path, as_of: &str, args: &[&str]) -> String {
    let out = run(milepost()
        .args(["export", "--format", "mspdi", "--as-of", as_of])
        .args(args)
        .arg("--plan")
        .arg(plan));
    assert_eq!(out.code, 0, "export failed:\n{}", out.stderr);
    out.stdout
}

fn schedule_json(plan: &Path, as_of: &str, args: &[&str]) -> Value {
    let out = run(milepost()
        .args(["schedule", "--format", "json", "--as-of", as_of])
        .args(args)
        .arg("--plan")
        .arg(plan));
    assert_eq!(out.code, 0, "schedule failed:\n{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// What MPXJ reads in `xml`, or `None` (after one line on stderr) when it
/// is not installed and not required.
fn mpxj(xml: &str) -> Option<Value> {
    use std::io::Write;
    let required = std::env::var_os(REQUIRE_MPXJ).is_some_and(|v| v == "1");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.xml");
    std::fs::write(&file, xml).unwrap();
    let script = root().join("tests/mspdi_read.py");
    let out = match std::process::Command::new("python3").arg(&script).arg(&file).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            let _ = writeln!(
                std::io::stderr(),
                "python3 not found: skipping the MPXJ read-back ({REQUIRE_MPXJ}=1 makes this an error)"
            );
            return None;
        }
        Err(e) => panic!("python3 could not be run ({e}) and {REQUIRE_MPXJ}=1 asks for the MPXJ read-back"),
    };
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(3) {
        assert!(
            !required,
            "{REQUIRE_MPXJ}=1 but MPXJ cannot run: {stderr}\ninstall it with `python3 -m pip install mpxj JPype1` (and a Java runtime)"
        );
        let test = std::thread::current().name().unwrap_or("a test").to_string();
        let _ = writeln!(
            std::io::stderr(),
            "MPXJ not available ({}): skipping the MPXJ read-back in {test} (pip install mpxj JPype1, or set {REQUIRE_MPXJ}=1 to make this an error)",
            stderr.trim()
        );
        return None;
    }
    assert!(
        out.status.success(),
        "MPXJ could not read the export ({}):\n{stderr}\n--- file ---\n{xml}",
        out.status
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// MPXJ's tasks by the plan id in Text1.
fn tasks_by_id(read: &Value) -> BTreeMap<String, &Value> {
    read["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| Some((t["milepost_id"].as_str()?.to_string(), t)))
        .collect()
}

fn date(s: &str) -> jiff::civil::Date {
    s.get(..10).unwrap().parse().unwrap()
}

/// First and last day of each range of days off.
type Ranges = Vec<(jiff::civil::Date, jiff::civil::Date)>;

/// A second, plain calendar: the project's working days, or a person's.
struct Cal {
    workdays: [bool; 7],
    holidays: Ranges,
    /// The person's own weekdays and time off.
    person: Option<([bool; 7], Ranges)>,
}

impl Cal {
    fn works(&self, d: jiff::civil::Date) -> bool {
        let w = d.weekday().to_monday_zero_offset() as usize;
        let within = |ranges: &[(jiff::civil::Date, jiff::civil::Date)]| ranges.iter().any(|&(a, b)| a <= d && d <= b);
        self.workdays[w]
            && !within(&self.holidays)
            && self.person.as_ref().is_none_or(|(days, off)| days[w] && !within(off))
    }

    fn count(&self, from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
        let mut n = 0;
        let mut d = from;
        while d <= to {
            n += i64::from(self.works(d));
            d = d.tomorrow().unwrap();
        }
        n
    }
}

/// The calendar feature `owner`'s work is on in `plan`.
fn calendar_of(plan: &milepost::Plan, owner: Option<&str>) -> Cal {
    let project = &plan.project.as_ref().unwrap().data;
    let weekdays = |days: &[milepost::span::Sp<milepost::model::Weekday>]| {
        let mut on = [false; 7];
        for d in days {
            on[d.value as usize] = true;
        }
        on
    };
    let cal = project.calendar.as_ref().map(|c| &c.value);
    let workdays = cal
        .and_then(|c| c.workdays.as_ref())
        .map_or([true, true, true, true, true, false, false], |w| weekdays(&w.value));
    let holidays = cal
        .map(|c| {
            c.holidays
                .iter()
                .map(|h| h.value.bounds())
                .map(|(a, b)| (a.0, b.0))
                .collect()
        })
        .unwrap_or_default();
    let person = owner
        .and_then(|o| project.people.iter().find(|p| p.value.id.value == o))
        .map(|p| {
            let p = &p.value;
            let days = p.workdays.as_ref().map_or([true; 7], |w| weekdays(&w.value));
            (
                days,
                p.time_off
                    .iter()
                    .map(|r| (r.value.from.value.0, r.value.to.value.0))
                    .collect(),
            )
        });
    Cal {
        workdays,
        holidays,
        person,
    }
}

fn link_type(t: &str) -> &'static str {
    match t {
        "SS" => "SS",
        "FF" => "FF",
        "SF" => "SF",
        _ => "FS",
    }
}

/// Everything MPXJ read in the export of the plan in `dir`, as of `as_of`
/// with `args`, compared with milepost's schedule and plan.
fn read_back(dir: &Path, as_of: &str, args: &[&str]) -> Option<Value> {
    let xml = export(dir, as_of, args);
    let read = mpxj(&xml)?;
    let schedule = schedule_json(dir, as_of, args);
    let plan = check_dir(dir, "plan").unwrap();
    assert_eq!(read["file_type"], "MSPDI");
    assert_eq!(read["minutes_per_day"], 480);
    assert_eq!(read["status_date"], format!("{as_of}T08:00"));
    let tasks = tasks_by_id(&read);
    let items = schedule["items"].as_array().unwrap();
    assert_eq!(tasks.len(), items.len(), "one task per scheduled item");
    let uid_to_id: BTreeMap<i64, String> = tasks
        .iter()
        .map(|(id, t)| (t["uid"].as_i64().unwrap(), id.clone()))
        .collect();
    for item in items {
        let id = item["id"].as_str().unwrap();
        let t = tasks.get(id).unwrap_or_else(|| panic!("no task for {id}"));
        let milestone = item["kind"] == "milestone";
        assert_eq!(t["milestone"], milestone, "{id}");
        assert_eq!(t["critical"], item["critical"], "{id}");
        let (start, finish) = (
            item["early_start"]["date"].as_str().unwrap(),
            item["early_finish"]["date"].as_str().unwrap(),
        );
        let days = item["duration_days"].as_i64().unwrap();
        // A milestone stays one, on the day it is reached, whatever the
        // days the risks that occurred add before it (a lag on its links).
        let delay = if milestone { days } else { 0 };
        let days = if milestone { 0 } else { days };
        if days > 0 {
            assert_eq!(t["start"], format!("{start}T08:00"), "{id}");
            assert_eq!(t["finish"], format!("{finish}T17:00"), "{id}");
        } else {
            assert_eq!(date(t["start"].as_str().unwrap()).to_string(), finish, "{id}");
            assert_eq!(t["start"], t["finish"], "{id}");
        }
        // Duration: the working days from start to finish on the owner's
        // calendar (or the project's), counted again here.
        let owner = item["owner"].as_str();
        let expected = if days > 0 {
            calendar_of(&plan, owner).count(date(start), date(finish))
        } else {
            0
        };
        assert_eq!(t["duration"], serde_json::json!([expected as f64, "d"]), "{id}");
        match item["status"].as_str() {
            Some("done") => {
                assert_eq!(t["percent_complete"], 100.0, "{id}");
                assert_eq!(t["actual_finish"], t["finish"], "{id}");
            }
            Some("planned" | "proposed") => assert_eq!(t["percent_complete"], 0.0, "{id}"),
            _ => {}
        }
        if let Some(d) = item["deadline"].as_str() {
            assert_eq!(t["deadline"], format!("{d}T17:00"), "{id}");
        }
        // Links, as the plan has them (cut predecessors left out).
        let live = |p: &str| tasks.contains_key(p);
        let mut want = BTreeSet::new();
        if milestone {
            let m = plan.milestone(id).unwrap();
            for f in plan
                .features
                .iter()
                .filter(|f| f.data.milestone.as_ref().is_some_and(|x| x.value == id))
            {
                if live(&f.id) {
                    want.insert((f.id.to_string(), "FS".to_string(), delay));
                }
            }
            for d in &m.data.depends_on {
                let kind = link_type(d.value.kind().as_str());
                want.insert((d.value.id().value.clone(), kind.into(), lag(&d.value) + delay));
            }
        } else {
            for d in &plan.feature(id).unwrap().data.depends_on {
                if live(&d.value.id().value) {
                    want.insert((
                        d.value.id().value.clone(),
                        link_type(d.value.kind().as_str()).into(),
                        lag(&d.value),
                    ));
                }
            }
        }
        let got: BTreeSet<(String, String, i64)> = t["predecessors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let lag = &p["lag"];
                assert_eq!(lag[1], "d", "{id}: lags in days");
                (
                    uid_to_id[&p["uid"].as_i64().unwrap()].clone(),
                    p["type"].as_str().unwrap().to_string(),
                    lag[0].as_f64().unwrap() as i64,
                )
            })
            .collect();
        assert_eq!(got, want, "{id}: predecessors");
    }
    people_read_back(&plan, &read);
    Some(read)
}

/// A link's lag in whole working days, in a five-day week.
fn lag(d: &milepost::model::Dependency) -> i64 {
    d.lag().map_or(0, |l| l.value.working_days(5).round() as i64)
}

/// Resources, assignments and calendars, as the plan has them.
fn people_read_back(plan: &milepost::Plan, read: &Value) {
    let project = &plan.project.as_ref().unwrap().data;
    let resources = read["resources"].as_array().unwrap();
    assert_eq!(resources.len(), project.people.len());
    for (i, (p, r)) in project.people.iter().zip(resources).enumerate() {
        let p = &p.value;
        assert_eq!(r["uid"], i as i64 + 1);
        assert_eq!(r["name"], p.name.value.as_str());
        assert_eq!(r["initials"], p.id.value.as_str());
        assert_eq!(r["calendar"], p.name.value.as_str());
        let capacity = p.capacity.as_ref().map_or(1.0, |c| c.value.0);
        assert!(
            (r["max_units"].as_f64().unwrap() - capacity * 100.0).abs() < 1e-9,
            "{}",
            p.id.value
        );
    }
    let tasks = tasks_by_id(read);
    let uid_of = |id: &str| tasks[id]["uid"].as_i64().unwrap();
    let mut want = BTreeSet::new();
    for f in &plan.features {
        let Some(owner) = f.data.owner.as_ref() else { continue };
        let Some(i) = project.people.iter().position(|p| p.value.id.value == owner.value) else {
            continue;
        };
        if tasks.contains_key(&*f.id) {
            let capacity = project.people[i].value.capacity.as_ref().map_or(1.0, |c| c.value.0);
            want.insert((uid_of(&f.id), i as i64 + 1, (capacity * 100.0).round() as i64));
        }
    }
    let got: BTreeSet<(i64, i64, i64)> = read["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["task_uid"].as_i64().unwrap(),
                a["resource_uid"].as_i64().unwrap(),
                a["units"].as_f64().unwrap().round() as i64,
            )
        })
        .collect();
    assert_eq!(got, want, "assignments");

    let calendars: BTreeMap<&str, &Value> = read["calendars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c))
        .collect();
    let exceptions = |c: &Value| -> BTreeSet<(String, String)> {
        c["exceptions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                assert_eq!(e["working"], false);
                (
                    e["from"].as_str().unwrap().to_string(),
                    e["to"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let holidays: BTreeSet<(String, String)> = project
        .calendar
        .iter()
        .flat_map(|c| &c.value.holidays)
        .map(|h| h.value.bounds())
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(read["default_calendar"], "Standard");
    assert_eq!(exceptions(calendars["Standard"]), holidays);
    for p in &project.people {
        let p = &p.value;
        let c = calendars[p.name.value.as_str()];
        assert_eq!(c["parent"], "Standard");
        let off: BTreeSet<(String, String)> = p
            .time_off
            .iter()
            .map(|r| (r.value.from.value.to_string(), r.value.to.value.to_string()))
            .collect();
        assert_eq!(exceptions(c), off, "{}", p.id.value);
    }
}

#[test]
fn the_example_reads_back_in_mpxj_as_milepost_schedules_it() {
    let plan = root().join("examples/atlas/plan");
    read_back(&plan, "2026-03-16", &[]);
    read_back(&plan, "2026-03-16", &["--no-level"]);
    read_back(&plan, "2026-06-01", &[]);
}

/// Every link type with lags and leads, a part-timer who works four days
/// a week with time off, a holiday, done, started and planned work, a
/// not-before date, a feature of no milestone, and a hostile title.
const LINKS: &[(&str, &str)] = &[
    (
        "project.toml",
        "[project]\nname = \"Links & <Leads>\"\nstart = 2026-03-02\ncurrency = \"EUR\"\n\n\
         [calendar]\nholidays = [{ date = 2026-03-13, name = \"Founders' day\" }]\n\n\
         [[people]]\nid = \"ana\"\nname = \"Ana\"\nday-rate = 800\n\n\
         [[people]]\nid = \"ben\"\nname = \"Ben\"\nrole = \"Part-timer\"\ncapacity = 0.5\n\
         workdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\
         time-off = [{ from = 2026-03-23, to = 2026-03-24, name = \"Away\" }]\n",
    ),
    ("milestones/beta.toml", "title = \"Beta\"\ndeadline = 2026-04-10\n"),
    (
        "features/a.toml",
        "title = \"Design\"\nmilestone = \"beta\"\nowner = \"ana\"\nstatus = \"done\"\nestimate = \"3d\"\n\
         started = 2026-03-02\nfinished = 2026-03-04\n",
    ),
    (
        "features/b.toml",
        "title = \"Build\"\nmilestone = \"beta\"\nowner = \"ana\"\nstatus = \"in-progress\"\nestimate = \"5d\"\n\
         started = 2026-03-05\ndepends-on = [\"a\"]\n",
    ),
    (
        "features/c.toml",
        "title = \"<img src=x onerror=alert(1)> & \\u202Eevil\\u0007\"\nmilestone = \"beta\"\nowner = \"ben\"\n\
         estimate = \"2d\"\ndepends-on = [{ id = \"b\", type = \"SS\", lag = \"1d\" }]\n",
    ),
    (
        "features/d.toml",
        "title = \"Document\"\nmilestone = \"beta\"\nestimate = \"2d\"\n\
         depends-on = [{ id = \"c\", type = \"FF\", lag = \"2d\" }]\n",
    ),
    (
        "features/e.toml",
        "title = \"Email the testers\"\nmilestone = \"beta\"\nestimate = \"1d\"\nnot-before = 2026-03-25\n\
         depends-on = [{ id = \"b\", type = \"SF\", lag = \"-1d\" }]\n",
    ),
    (
        "features/f.toml",
        "title = \"Follow-up\"\nowner = \"ana\"\nestimate = \"2d\"\ndepends-on = [{ id = \"d\", lag = \"-1d\" }]\n",
    ),
];

/// The hand plan, as of Monday 2026-03-09 (Friday 03-13 a holiday):
///
/// - a, done Mon 03-02 to Wed 03-04: 3 days, 100%.
/// - b, started Thu 03-05, 5 days: Thu and Fri done by the status date,
///   3 left from Mon 03-09 to Wed 03-11; 2 of 5 days is 40%.
/// - c, Ben at 0.5 on Mon–Thu, 2 days of effort: 4 of his days. SS +1
///   from b allows Fri 03-06, the status date holds it to Mon 03-09
///   (Start No Earlier Than 03-09), then Mon to Thu 03-12; 4 days of his
///   calendar, 16 hours of work.
/// - d, FF +2 from c: finishes 2 working days after Thu 03-12, skipping
///   the holiday: Tue 03-17, so Mon 03-16 to Tue 03-17.
/// - e, SF −1 from b, not before Wed 03-25: 03-25, Start No Earlier Than.
/// - f, FS −1 from d: Tue 03-17 to Wed 03-18, at level 1 (no milestone).
/// - Beta: reached at the end of Wed 03-25 (e, FS), deadline Fri 04-10.
/// - The Beta summary: 5 of 15 task days done, 33%; the project's with f,
///   5 of 17, 29%.
#[test]
fn links_people_and_progress_read_back_as_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), LINKS);
    let Some(read) = read_back(dir.path(), "2026-03-09", &[]) else {
        return;
    };
    let tasks = tasks_by_id(&read);
    let row = |id: &str| {
        let t = tasks[id];
        (
            t["start"].as_str().unwrap().to_string(),
            t["finish"].as_str().unwrap().to_string(),
            t["duration"][0].as_f64().unwrap(),
            t["percent_complete"].as_f64().unwrap(),
        )
    };
    let s = |a: &str, b: &str, d: f64, p: f64| (a.to_string(), b.to_string(), d, p);
    assert_eq!(row("a"), s("2026-03-02T08:00", "2026-03-04T17:00", 3.0, 100.0));
    assert_eq!(row("b"), s("2026-03-05T08:00", "2026-03-11T17:00", 5.0, 40.0));
    assert_eq!(row("c"), s("2026-03-09T08:00", "2026-03-12T17:00", 4.0, 0.0));
    assert_eq!(row("d"), s("2026-03-16T08:00", "2026-03-17T17:00", 2.0, 0.0));
    assert_eq!(row("e"), s("2026-03-25T08:00", "2026-03-25T17:00", 1.0, 0.0));
    assert_eq!(row("f"), s("2026-03-17T08:00", "2026-03-18T17:00", 2.0, 0.0));
    assert_eq!(row("beta"), s("2026-03-25T17:00", "2026-03-25T17:00", 0.0, 0.0));
    assert_eq!(tasks["b"]["actual_start"], "2026-03-05T08:00");
    assert_eq!(tasks["b"]["actual_finish"], Value::Null);
    assert_eq!(tasks["c"]["constraint_type"], "START_NO_EARLIER_THAN");
    assert_eq!(tasks["c"]["constraint_date"], "2026-03-09T08:00");
    assert_eq!(tasks["e"]["constraint_date"], "2026-03-25T08:00");
    assert_eq!(tasks["d"]["constraint_type"], "AS_SOON_AS_POSSIBLE");
    assert_eq!(tasks["beta"]["deadline"], "2026-04-10T17:00");
    // The hostile title arrives as text, its control and bidi characters
    // replaced as every output replaces them.
    assert_eq!(
        tasks["c"]["name"],
        "<img src=x onerror=alert(1)> & \u{FFFD}evil\u{FFFD}"
    );
    assert_eq!(read["name"], "Links & <Leads>");

    let all = read["tasks"].as_array().unwrap();
    let outline: Vec<(&str, i64)> = all
        .iter()
        .map(|t| {
            (
                t["outline_number"].as_str().unwrap(),
                t["outline_level"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            ("0", 0),
            ("1", 1),
            ("1.1", 2),
            ("1.2", 2),
            ("1.3", 2),
            ("1.4", 2),
            ("1.5", 2),
            ("1.6", 2),
            ("2", 1)
        ]
    );
    assert_eq!(all[1]["name"], "Beta");
    assert_eq!(all[1]["summary"], true);
    assert_eq!(all[1]["percent_complete"], 33.0);
    assert_eq!(all[0]["percent_complete"], 29.0);
    assert_eq!(
        (all[0]["start"].as_str(), all[0]["finish"].as_str()),
        (Some("2026-03-02T08:00"), Some("2026-03-25T17:00"))
    );

    // Ben's 4 days at half time are 16 hours of work; Ana's rate is per day.
    let work: Vec<(i64, &Value)> = read["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["task_uid"].as_i64().unwrap(), &a["work"]))
        .collect();
    let c = tasks["c"]["uid"].as_i64().unwrap();
    assert!(
        work.iter()
            .any(|(t, w)| *t == c && **w == serde_json::json!([16.0, "h"])),
        "{work:?}"
    );
    assert_eq!(read["resources"][0]["standard_rate"], "800.0/d");
    let ben = read["calendars"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Ben")
        .unwrap();
    assert_eq!(ben["days"]["FRIDAY"], "NON_WORKING");
    assert_eq!(ben["days"]["MONDAY"], "DEFAULT");
}

/// A milestone is written at the instant the schedule shows it: `k` (SS
/// from work starting Wednesday 4) and `a` (FS from `k`) at the start of
/// Wednesday, `b` (SS +1d from that work) at its end (found by review: `a`
/// was written at the end, `b` at the start, so `a` came after `b`).
#[test]
fn milestones_are_written_at_the_instant_the_schedule_shows() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("plan/project.toml", "[project]\nname = \"R\"\nstart = 2026-03-02\n"),
            (
                "plan/features/w.toml",
                "title = \"W\"\nestimate = \"3d\"\nnot-before = 2026-03-04\n",
            ),
            (
                "plan/milestones/k.toml",
                "title = \"K\"\ndepends-on = [{ id = \"w\", type = \"SS\" }]\n",
            ),
            ("plan/milestones/a.toml", "title = \"A\"\ndepends-on = [\"k\"]\n"),
            (
                "plan/milestones/b.toml",
                "title = \"B\"\ndepends-on = [{ id = \"w\", type = \"SS\", lag = \"1d\" }]\n",
            ),
        ],
    );
    let xml = export(&dir.path().join("plan"), "2026-03-02", &[]);
    // Each milestone's task (after its summary row of the same name) and
    // the summary start at the instant.
    let starts = |name: &str| -> Vec<&str> {
        xml.split(&format!("<Name>{name}</Name>"))
            .skip(1)
            .filter_map(|rest| rest.split("<Start>").nth(1)?.split("</Start>").next())
            .collect()
    };
    for (name, at) in [
        ("K", "2026-03-04T08:00:00"),
        ("A", "2026-03-04T08:00:00"),
        ("B", "2026-03-04T17:00:00"),
    ] {
        let s = starts(name);
        assert!(!s.is_empty() && s.iter().all(|s| *s == at), "{name}: {s:?}");
    }
}

#[test]
fn the_file_is_the_same_bytes_every_time_and_its_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), LINKS);
    let xml = export(dir.path(), "2026-03-09", &[]);
    assert_eq!(xml, export(dir.path(), "2026-03-09", &[]));
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n"));
    assert!(xml.contains("<Name>&lt;img src=x onerror=alert(1)&gt; &amp; \u{FFFD}evil\u{FFFD}</Name>"));
    assert!(!xml.contains("<img"));
    assert!(!xml.contains('\u{202E}') && !xml.contains('\u{7}'));
    // Lags in tenths of a working minute: a day is 4,800.
    for lag in [
        "<LinkLag>4800</LinkLag>",
        "<LinkLag>9600</LinkLag>",
        "<LinkLag>-4800</LinkLag>",
    ] {
        assert!(xml.contains(lag), "{lag}");
    }
}

#[test]
fn dash_o_writes_the_file_atomically_and_standard_output_stays_empty() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), LINKS);
    let file = dir.path().join("out.xml");
    std::fs::write(&file, "old").unwrap();
    let out = run(milepost()
        .args(["export", "--format", "mspdi", "--as-of", "2026-03-09", "-o"])
        .arg(&file)
        .arg("--plan")
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        export(dir.path(), "2026-03-09", &[])
    );
    let out = run(milepost()
        .args(["export", "--format", "mspdi", "-o"])
        .arg(dir.path().join("missing/out.xml"))
        .arg("--plan")
        .arg(dir.path()));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("missing"), "{}", out.stderr);
}

/// `examples/atlas/atlas.mspdi.xml` is the example plan's export as of
/// 2026-03-16, kept current (the read-back above covers what it holds).
#[test]
fn the_committed_example_export_is_current() {
    let path = root().join("examples/atlas/atlas.mspdi.xml");
    let xml = export(&root().join("examples/atlas/plan"), "2026-03-16", &[]);
    if std::env::var_os("MILEPOST_BLESS").is_some() {
        std::fs::write(&path, &xml).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == xml,
        "{} is out of date: run `milepost export --format mspdi --plan examples/atlas/plan --as-of 2026-03-16 \
         -o examples/atlas/atlas.mspdi.xml` (or `MILEPOST_BLESS=1 cargo test mspdi`) and commit the result",
        path.display()
    );
}

/// A generated plan (every link type, leads and lags, part-timers with
/// weeks of their own and time off, progress), leveled and not, at two
/// status dates.
#[test]
fn a_generated_plan_reads_back_in_mpxj_as_milepost_schedules_it() {
    use crate::synth_git::synth;
    let dir = tempfile::tempdir().unwrap();
    let options = synth::Options {
        people: Some(synth::People::new(12)),
    };
    synth::write_plan_with(dir.path(), 300, 7, &options).unwrap();
    for as_of in ["2026-01-05", "2026-06-15"] {
        read_back(dir.path(), as_of, &[]);
        read_back(dir.path(), as_of, &["--no-level"]);
    }
}
