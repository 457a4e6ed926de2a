//! `milepost schedule --format svg`: the chart's bytes (the same on every
//! run and any number of threads), its geometry worked out by hand on a
//! small plan, escaping, and its options. How Chromium draws it is in
//! `browser.rs`.

use crate::support::{HAND, milepost, run, write_files};

/// The attribute `name` of the first element that holds `marker`.
fn attr<'s>(svg: &'s str, marker: &str, name: &str) -> &'s str {
    let at = svg.find(marker).unwrap_or_else(|| panic!("no element with {marker}"));
    let start = svg[..at].rfind('<').unwrap();
    let end = at + svg[at..].find('>').unwrap();
    let tag = &svg[start..end];
    let key = format!(" {name}=\"");
    let from = tag.find(&key).unwrap_or_else(|| panic!("{tag} has no {name}")) + key.len();
    &tag[from..from + tag[from..].find('"').unwrap()]
}

fn hand_chart(extra: &[&str]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    write_files(tmp.path(), &HAND);
    let out = run(milepost()
        .args(["schedule", "--format", "svg", "--as-of", "2026-03-02", "--plan"])
        .arg(tmp.path())
        .args(extra));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The example's chart as of 2026-03-16, with `extra` arguments, on
/// `threads` threads.
fn example(extra: &[&str], threads: &str) -> String {
    let out = run(milepost()
        .args([
            "schedule",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-03-16",
            "--format",
            "svg",
        ])
        .args(extra)
        .env("MILEPOST_THREADS", threads));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The hand plan (support::HAND) is scheduled (tests/integration/schedule.rs
/// works it out) as: design 03-02..04, build 03-05..11, test 03-12..17,
/// docs 03-18..19, beta reached 03-19 against a deadline of 03-11, a
/// holiday on Friday 03-13. The chart runs from Monday 03-02 for four
/// weeks (the least it shows) at 28 px a day, the first day at x = 316
/// (a margin of 16 and the label column's 300).
#[test]
fn the_hand_plan_is_drawn_where_its_dates_say() {
    let svg = hand_chart(&[]);
    let x = |day: i64| 316 + 28 * day;
    for (id, first, days) in [("design", 0, 3), ("build", 3, 7), ("test", 10, 6), ("docs", 16, 2)] {
        let bar = format!("data-kind=\"bar\" data-id=\"{id}\"");
        assert_eq!(attr(&svg, &bar, "x"), x(first).to_string(), "{id}");
        assert_eq!(attr(&svg, &bar, "width"), (28 * days).to_string(), "{id}");
        // All four are critical (beta misses its deadline): hatched.
        assert!(
            svg.contains(&format!("data-kind=\"critical-mark\" data-for=\"{id}\"")),
            "{id}"
        );
    }
    // By milestone: Beta's heading at the top (body from y 108, headings 26
    // high, rows 22), its features in the order they start, then the
    // features of no milestone.
    let y = |id: &str| {
        attr(&svg, &format!("data-kind=\"bar\" data-id=\"{id}\""), "y")
            .parse::<f64>()
            .unwrap()
    };
    assert_eq!(
        [y("build"), y("test"), y("docs"), y("design")],
        [139.0, 161.0, 183.0, 231.0]
    );
    // Beta: its diamond at the end of 03-19 (day 17), red (late), and its
    // deadline at the end of 03-11 (day 9).
    let diamond = attr(&svg, "data-kind=\"milestone\" data-id=\"beta\"", "d");
    assert!(diamond.starts_with(&format!("M{},114", x(18))), "{diamond}");
    assert_eq!(
        attr(&svg, "data-kind=\"milestone\" data-id=\"beta\"", "class"),
        "ms late"
    );
    assert_eq!(
        attr(&svg, "data-kind=\"deadline\" data-id=\"beta\"", "data-date"),
        "2026-03-11"
    );
    assert!(svg.contains(&format!("<line class=\"dl\" x1=\"{0}\" x2=\"{0}\"", x(10))));
    // The holiday, and the weekend before it, shaded.
    assert!(svg.contains(&format!("<rect class=\"ho\" x=\"{}\" y=\"108\" width=\"28\"", x(11))));
    assert!(svg.contains(&format!("<rect class=\"we\" x=\"{}\" y=\"108\" width=\"56\"", x(5))));
    // Build waits for design (FS): from design's end (x 400, its row's
    // middle 237) out 5, up to the boundary of build's row (156), back to
    // 6 before build's start, down to its middle (145), and in.
    assert!(
        svg.contains("d=\"M400,237H405V156H394V145H400\" data-kind=\"link\" data-from=\"design\" data-to=\"build\"")
    );
    // The status date's line at the start of 03-02.
    assert_eq!(attr(&svg, "data-kind=\"status-date\"", "x1"), "316.5");
    insta::assert_snapshot!("svg-hand", svg);
}

#[test]
fn by_person_each_persons_work_is_a_group_and_milestones_come_last() {
    let svg = hand_chart(&["--by", "person"]);
    let y = |marker: &str| attr(&svg, marker, "y").parse::<f64>().unwrap();
    // Ana's heading, her four features in the order she does them, then
    // the milestones' heading and Beta's row.
    let order = ["design", "build", "test", "docs"].map(|id| y(&format!("data-kind=\"bar\" data-id=\"{id}\"")));
    assert_eq!(order, [139.0, 161.0, 183.0, 205.0]);
    let labels: Vec<&str> = svg
        .split("data-label=\"group\">")
        .skip(1)
        .map(|s| &s[..s.find('<').unwrap()])
        .collect();
    assert_eq!(labels, ["Ana", "Milestones"]);
    assert!(svg.contains("data-label=\"milestone\">Beta</text>"));
}

#[test]
fn the_chart_is_the_same_bytes_every_run_and_on_any_number_of_threads() {
    let args = ["--by", "person", "--runs", "300"];
    let one = example(&args, "1");
    let three = example(&args, "3");
    let again = example(&args, "3");
    assert_eq!(one, three);
    assert_eq!(three, again);
    assert_eq!(one.matches("data-kind=\"band\"").count(), 5);
    // Without --runs: no band, and the same bytes again.
    let (a, b) = (example(&[], "2"), example(&[], "2"));
    assert_eq!(a, b);
    assert!(!a.contains("data-kind=\"band\""));
}

#[test]
fn titles_are_text_whatever_they_hold() {
    let tmp = tempfile::tempdir().unwrap();
    write_files(
        tmp.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"A & 'B' \\\"C\\\"\"\nstart = 2026-03-02\n",
            ),
            (
                "features/x.toml",
                "title = \"<img src=x onerror=alert(1)> \\u001b[31m\\u202e\"\nestimate = \"1d\"\n",
            ),
        ],
    );
    let out = run(milepost()
        .args(["schedule", "--format", "svg", "--as-of", "2026-03-02", "--plan"])
        .arg(tmp.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let svg = out.stdout;
    assert!(svg.contains(">&lt;img src=x onerror=alert(1)&gt; \u{FFFD}[31m\u{FFFD}</text>"));
    assert!(
        svg.contains("<title id=\"mpg-title\">A &amp; &#39;B&#39; &quot;C&quot;: Gantt chart as of 2026-03-02</title>")
    );
    assert!(!svg.contains("<img") && !svg.contains('\u{1b}') && !svg.contains('\u{202e}'));
}

#[test]
fn runs_are_for_the_svg_only() {
    let out = run(milepost().args([
        "schedule",
        "--plan",
        "examples/atlas/plan",
        "--format",
        "json",
        "--runs",
        "100",
    ]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: `--runs` is for `--format svg`, and the format is `json`\n  help: add `--format svg`, or leave out `--runs`\n"
    );
    // A chart's sections by person, asked of the table: said, not ignored.
    let out = run(milepost().args(["schedule", "--plan", "examples/atlas/plan", "--by", "person"]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: `--by person` is for `--format mermaid` or `--format svg`, and the format is `table`\n  help: add `--format mermaid` or `--format svg`, or leave out `--by person`\n"
    );
}

/// docs/svg.md names every `data-kind` the chart writes (by person, with a
/// forecast: every kind there is).
#[test]
fn every_kind_of_mark_is_documented() {
    let doc = std::fs::read_to_string(crate::support::root().join("docs/svg.md")).unwrap();
    let svg = example(&["--by", "person", "--runs", "50"], "2");
    let mut kinds: Vec<&str> = svg
        .split("data-kind=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    assert_eq!(kinds.len(), 11, "{kinds:?}");
    for kind in kinds {
        assert!(
            doc.contains(&format!("| `{kind}` |")),
            "docs/svg.md does not describe data-kind `{kind}`"
        );
    }
}
