//! `milepost export --format ics`: the calendar feed, read back by an
//! independent parser (Python's `icalendar` package, through
//! `ics_read.py`) and checked line by line against RFC 5545's rules
//! (CRLF, 75 octets, folding) here.

use std::path::Path;

use serde::Deserialize;

use crate::support::{HAND, Repo, milepost, run, tools, write_files};

#[derive(Debug, Deserialize)]
struct Read {
    prodid: String,
    version: String,
    calscale: String,
    method: String,
    errors: Vec<String>,
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
struct Event {
    uid: String,
    summary: String,
    description: String,
    dtstart: Day,
    dtend: Day,
    dtstamp: Day,
    sequence: i64,
    categories: Vec<String>,
    transp: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Day {
    kind: String,
    value: String,
}

fn date(value: &str) -> Day {
    Day {
        kind: "date".into(),
        value: value.into(),
    }
}

/// The feed of the plan in `dir`, with `args`.
fn export(dir: &Path, args: &[&str]) -> String {
    let r = run(milepost()
        .args(["export", "--format", "ics", "--plan"])
        .arg(dir)
        .args(args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout
}

/// What Python's icalendar reads in `ics`; `None` (the test skips) when
/// it is not installed.
fn python_reads(ics: &str) -> Option<Read> {
    if !tools::icalendar() {
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("feed.ics");
    std::fs::write(&file, ics).unwrap();
    let script = crate::support::root().join("tests/integration/ics_read.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&file)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "icalendar: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: Read = serde_json::from_str(&stdout).unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    Some(read)
}

/// RFC 5545's line rules, checked on the bytes: every line ends with
/// CRLF, holds at most 75 octets and whole UTF-8 characters, and is either
/// a continuation (a space first) or starts with a property name and `:`
/// or `;`. Returns the unfolded content lines.
fn content_lines(ics: &str) -> Vec<String> {
    let bytes = ics.as_bytes();
    assert!(ics.ends_with("\r\n"), "the file ends with CRLF");
    let mut lines: Vec<String> = Vec::new();
    for raw in bytes[..bytes.len() - 1].split(|&b| b == b'\n') {
        let line = raw
            .strip_suffix(b"\r")
            .unwrap_or_else(|| panic!("a line without CR: {raw:?}"));
        assert!(!line.contains(&b'\r'), "a CR inside a line: {line:?}");
        assert!(
            line.len() <= 75,
            "{} octets: {:?}",
            line.len(),
            String::from_utf8_lossy(line)
        );
        let text = std::str::from_utf8(line).unwrap_or_else(|e| panic!("a line cut inside a character: {e}"));
        if let Some(rest) = text.strip_prefix(' ') {
            lines.last_mut().expect("a continuation first").push_str(rest);
        } else {
            let name_end = text.find([':', ';']).expect("a property name");
            let name = &text[..name_end];
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_uppercase() || c == '-'),
                "{text:?}"
            );
            lines.push(text.to_string());
        }
    }
    lines
}

/// The value of the first unfolded line with property `name`, in the
/// event whose UID is `uid`.
fn property<'a>(lines: &'a [String], uid: &str, name: &str) -> &'a str {
    let start = lines.iter().position(|l| l == &format!("UID:{uid}")).unwrap();
    let event_end = lines[start..].iter().position(|l| l == "END:VEVENT").unwrap() + start;
    lines[start..event_end]
        .iter()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
        .unwrap_or_else(|| panic!("no {name} in {uid}"))
}

/// The plan worked by hand (`schedule::a_plan_worked_by_hand` and
/// `leveling::one_person_does_it_all_worked_by_hand`, whose comments work
/// the dates out), leveled: Ana does design Mon 03-02 .. Wed 03-04, build
/// Thu 03-05 .. Wed 03-11, test Thu 03-12 .. Tue 03-17 (Fri 03-13 a
/// holiday), docs Wed 03-18 .. Thu 03-19; beta is reached Thu 03-19, its
/// deadline Wed 03-11. Each event ends the day after its last (iCalendar's
/// end is exclusive). DTSTAMP is the status date at midnight UTC;
/// SEQUENCE its day number from 1970-01-01 (day 0): 56 years of 365 days
/// and 14 leap days (1972 .. 2024) to 2026-01-01, then January and
/// February (31 + 28) to 03-01, and one more day.
#[test]
fn the_hand_plan_as_a_feed_read_back_by_icalendar() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &HAND);
    let ics = export(dir.path(), &["--as-of", "2026-03-02", "--person", "ana"]);
    let lines = content_lines(&ics);
    let header: Vec<&str> = lines.iter().take(5).map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "BEGIN:VCALENDAR",
            "PRODID:-//milepost//milepost//EN",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH"
        ]
    );
    assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
    let sequence = 56 * 365 + 14 + 31 + 28 + 1;
    assert_eq!(sequence, 20_514);
    let expected = [
        (
            "Hand/milestone/beta/forecast@milepost",
            "Beta: forecast",
            "2026-03-19",
            "2026-03-20",
        ),
        (
            "Hand/milestone/beta/deadline@milepost",
            "Beta: deadline",
            "2026-03-11",
            "2026-03-12",
        ),
        (
            "Hand/feature/design/work@milepost",
            "Design",
            "2026-03-02",
            "2026-03-05",
        ),
        ("Hand/feature/build/work@milepost", "Build", "2026-03-05", "2026-03-12"),
        ("Hand/feature/test/work@milepost", "Test", "2026-03-12", "2026-03-18"),
        ("Hand/feature/docs/work@milepost", "Docs", "2026-03-18", "2026-03-20"),
    ];
    // The raw lines say the same, whether or not Python is there.
    for (uid, _, start, end) in expected {
        assert_eq!(property(&lines, uid, "DTSTART;VALUE=DATE"), start.replace('-', ""));
        assert_eq!(property(&lines, uid, "DTEND;VALUE=DATE"), end.replace('-', ""));
        assert_eq!(property(&lines, uid, "SEQUENCE"), sequence.to_string());
    }
    let Some(read) = python_reads(&ics) else { return };
    assert_eq!(
        (&*read.prodid, &*read.version, &*read.calscale, &*read.method),
        ("-//milepost//milepost//EN", "2.0", "GREGORIAN", "PUBLISH")
    );
    let got: Vec<(&str, &str, &Day, &Day)> = read
        .events
        .iter()
        .map(|e| (&*e.uid, &*e.summary, &e.dtstart, &e.dtend))
        .collect();
    let want: Vec<(&str, &str, Day, Day)> = expected.iter().map(|&(u, s, a, b)| (u, s, date(a), date(b))).collect();
    let want: Vec<(&str, &str, &Day, &Day)> = want.iter().map(|(u, s, a, b)| (*u, *s, a, b)).collect();
    assert_eq!(got, want);
    for e in &read.events {
        assert_eq!(
            e.dtstamp,
            Day {
                kind: "datetime".into(),
                value: "2026-03-02T00:00:00+00:00".into()
            }
        );
        assert_eq!(e.sequence, sequence);
        assert_eq!(e.transp, "TRANSPARENT");
    }
    let forecast = &read.events[0];
    assert_eq!(forecast.categories, ["milestone", "forecast"]);
    assert!(
        forecast
            .description
            .contains("Forecast: reached 2026-03-19, on the critical chain.\nDeadline: 2026-03-11 (5d late)."),
        "{}",
        forecast.description
    );
    let docs = &read.events[5];
    assert!(
        docs.description
            .contains("owned by Ana, as of 2026-03-02 (leveled schedule).\n2026-03-18..19 (2 working days), planned"),
        "{}",
        docs.description
    );
}

/// The RFC 5545 escaping of TEXT, written here a second time, for the
/// expected lines: `\` first, then `;`, `,` and line breaks.
fn escaped(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// A title with every character TEXT escapes, a line break, a control
/// character and a bidi override, and a 200-character title of 2-, 3-
/// and 4-octet characters: escaped, folded at 75 octets between whole
/// characters, and read back as written (the line break, the control and
/// the override shown as in every output: a space, then `�`).
#[test]
fn hostile_titles_are_escaped_and_folded() {
    let hostile = "Semi; colon, comma \\ backslash\nnext line \u{7} bell \u{202E} rtl";
    let long: String = "éß漢字🎉".chars().cycle().take(200).collect();
    assert_eq!(long.chars().count(), 200);
    let toml = |s: &str| s.replace('\\', "\\\\").replace('\n', "\\n").replace('\u{7}', "\\u0007");
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            (
                "milestones/m.toml",
                &format!("title = \"{}\"\ndeadline = 2026-04-01\n", toml(hostile)),
            ),
            (
                "features/long.toml",
                &format!(
                    "title = \"{long}\"\nowner = \"ana\"\nmilestone = \"m\"\nestimate = \"2d\"\ndescription = \"\"\"\nLine one; with, punctuation\nLine two \\\\ end\"\"\"\n"
                ),
            ),
        ],
    );
    let ics = export(dir.path(), &["--as-of", "2026-03-02", "--person", "ana"]);
    let lines = content_lines(&ics);
    let shown = "Semi; colon, comma \\ backslash next line \u{FFFD} bell \u{FFFD} rtl";
    let summary = property(&lines, "Test/milestone/m/forecast@milepost", "SUMMARY");
    assert_eq!(summary, escaped(&format!("{shown}: forecast")));
    assert_eq!(
        summary,
        "Semi\\; colon\\, comma \\\\ backslash next line \u{FFFD} bell \u{FFFD} rtl: forecast"
    );
    let work = "Test/feature/long/work@milepost";
    assert_eq!(property(&lines, work, "SUMMARY"), long);
    // The long title needed folding: its SUMMARY spans several lines.
    let start: String = long.chars().take(20).collect();
    assert!(ics.contains(&format!("SUMMARY:{start}")));
    assert!(!ics.contains(&long), "folded");
    let description = property(&lines, work, "DESCRIPTION");
    assert!(
        description.ends_with("\\n\\nLine one\\; with\\, punctuation\\nLine two \\\\ end"),
        "{description}"
    );
    let Some(read) = python_reads(&ics) else { return };
    let by_uid = |uid: &str| read.events.iter().find(|e| e.uid == uid).unwrap();
    assert_eq!(
        by_uid("Test/milestone/m/deadline@milepost").summary,
        format!("{shown}: deadline")
    );
    assert_eq!(by_uid(work).summary, long);
    assert!(
        by_uid(work)
            .description
            .ends_with("\n\nLine one; with, punctuation\nLine two \\ end")
    );
}

/// The UIDs of the events in `ics`, in order.
fn uids(ics: &str) -> Vec<String> {
    content_lines(ics)
        .into_iter()
        .filter_map(|l| l.strip_prefix("UID:").map(String::from))
        .collect()
}

/// Two revisions of a plan in Git: estimates, a title, a deadline and a
/// link change, a feature is added. Every item keeps its events' UIDs, so
/// a calendar that imports the second feed updates the first one's events;
/// the new feature adds one. The same revision gives the same bytes.
#[test]
fn uids_stay_the_same_across_revisions() {
    let mut repo = Repo::new();
    let mut files = HAND.map(|(p, t)| (format!("plan/{p}"), t.to_string())).to_vec();
    let as_files = |f: &[(String, String)]| f.iter().map(|(p, t)| (p.clone(), t.clone())).collect::<Vec<_>>();
    let write = |repo: &Repo, f: &[(String, String)]| {
        let refs: Vec<(&str, &str)> = f.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        repo.write(&refs);
    };
    write(&repo, &files);
    repo.commit("First plan");
    files = as_files(&files)
        .into_iter()
        .map(|(p, t)| {
            let t = t
                .replace("estimate = \"3d\"", "estimate = \"6d\"")
                .replace("title = \"Build\"", "title = \"Build it all\"")
                .replace("2026-03-11", "2026-03-25");
            (p, t)
        })
        .collect();
    files.push((
        "plan/features/review.toml".into(),
        "title = \"Review\"\nowner = \"ana\"\nestimate = \"1d\"\nmilestone = \"beta\"\ndepends-on = [\"test\"]\n"
            .into(),
    ));
    write(&repo, &files);
    repo.commit("Second plan");
    let feed = |rev: &str| {
        let r = run(repo.milepost().args([
            "export",
            "--format",
            "ics",
            "--rev",
            rev,
            "--as-of",
            "2026-03-02",
            "--person",
            "ana",
        ]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        r.stdout
    };
    let (first, second) = (feed("HEAD~1"), feed("HEAD"));
    assert_ne!(first, second);
    assert_eq!(feed("HEAD~1"), first, "the same bytes again");
    let (a, b) = (uids(&first), uids(&second));
    assert_eq!(a.len(), 6);
    for uid in &a {
        assert!(b.contains(uid), "{uid} lost");
    }
    let added: Vec<&String> = b.iter().filter(|u| !a.contains(u)).collect();
    assert_eq!(added, [&"Hand/feature/review/work@milepost".to_string()]);
    // The renamed feature's event is the same event, with its new title.
    let lines = content_lines(&second);
    assert_eq!(
        property(&lines, "Hand/feature/build/work@milepost", "SUMMARY"),
        "Build it all"
    );
    assert_eq!(
        property(&lines, "Hand/milestone/beta/deadline@milepost", "DTSTART;VALUE=DATE"),
        "20260325"
    );
}

/// `--runs N` adds each milestone's P80 as an event: the day `milepost
/// forecast` gives with the same runs and seed.
#[test]
fn the_monte_carlo_adds_the_p80() {
    let atlas = crate::support::root().join("examples/atlas/plan");
    let args = ["--as-of", "2026-03-16", "--runs", "300", "--seed", "7"];
    let ics = export(&atlas, &args);
    let r = run(milepost()
        .args(["forecast", "--format", "json", "--plan"])
        .arg(&atlas)
        .args(args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let milestones = json["milestones"].as_array().unwrap();
    assert_eq!(milestones.len(), 5);
    let lines = content_lines(&ics);
    for m in milestones {
        let id = m["id"].as_str().unwrap();
        let p80 = m["finish"]["p80"]["date"].as_str().unwrap_or_else(|| panic!("{m}"));
        let uid = format!("Atlas/milestone/{id}/p80@milepost");
        assert_eq!(
            property(&lines, &uid, "DTSTART;VALUE=DATE"),
            p80.replace('-', ""),
            "{id}"
        );
        assert!(property(&lines, &uid, "DESCRIPTION").contains(&format!("80% confident by {p80}")));
    }
    // Without --runs: no P80 events.
    let plain = export(&atlas, &["--as-of", "2026-03-16"]);
    assert!(!plain.contains("/p80@milepost"));
    assert!(python_reads(&ics).is_none_or(|r| r.events.len() == uids(&ics).len()));
}

/// `--person` names one of `[[people]]`; `--person` and `--runs` are for
/// the feed only; `-o` writes the very bytes of standard output.
#[test]
fn person_runs_and_output() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &HAND);
    let r = run(milepost()
        .args(["export", "--format", "ics", "--person", "anna", "--plan"])
        .arg(dir.path()));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown person `anna`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `ana`?"), "{}", r.stderr);
    for (option, value) in [("--person", "ana"), ("--runs", "10")] {
        let r = run(milepost()
            .args(["export", "--format", "dot", option, value, "--plan"])
            .arg(dir.path()));
        assert_eq!(r.code, 2, "{option}");
        assert!(
            r.stderr
                .contains(&format!("`{option}` is for `--format ics`, and the format is `dot`")),
            "{}",
            r.stderr
        );
    }
    let out = dir.path().join("feed.ics");
    let r = run(milepost()
        .args(["export", "--format", "ics", "--as-of", "2026-03-02", "-o"])
        .arg(&out)
        .arg("--plan")
        .arg(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        export(dir.path(), &["--as-of", "2026-03-02"])
    );
}

/// A feed with no event (a plan without milestones) still holds a
/// component, as RFC 5545 asks (`1*component`): the UTC time zone its
/// dates are in; a feed with events holds none but them.
#[test]
fn a_feed_without_events_still_holds_a_component() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"Empty\"\nstart = 2026-03-02\n"),
            (
                "features/a.toml",
                "title = \"A\"\nestimate = \"2d\"\nstatus = \"proposed\"\n",
            ),
        ],
    );
    let ics = export(dir.path(), &["--as-of", "2026-03-02"]);
    let lines = content_lines(&ics);
    let begins: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("BEGIN:")).collect();
    assert_eq!(begins, ["VCALENDAR", "VTIMEZONE", "STANDARD"], "{ics}");
    assert!(lines.contains(&"TZID:UTC".to_string()), "{ics}");
    if let Some(read) = python_reads(&ics) {
        assert!(read.errors.is_empty());
    }
    let atlas = export(
        &crate::support::root().join("examples/atlas/plan"),
        &["--as-of", "2026-06-15"],
    );
    assert!(!atlas.contains("VTIMEZONE"));
}
