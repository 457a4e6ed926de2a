//! `milepost report`: every default report on the example and on edge-case
//! plans (snapshots), the Markdown they produce read back by a CommonMark
//! parser, values worked out by hand, and the command's behaviour (files,
//! `--check`, templates, the Gantt budget).

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::support::{by_id, milepost, root, run, write_files};

/// The plans reported on: (name, plan directory, status date).
const PLANS: &[(&str, &str, &str)] = &[
    ("atlas", "examples/atlas/plan", "2026-06-15"),
    (
        "empty-milestones",
        "tests/fixtures/report/empty-milestones",
        "2026-03-16",
    ),
    ("all-done", "tests/fixtures/report/all-done", "2026-04-15"),
    ("late", "tests/fixtures/report/late", "2026-03-09"),
    ("unassigned", "tests/fixtures/report/unassigned", "2026-03-09"),
    ("hostile", "tests/fixtures/report/hostile", "2026-03-09"),
];

/// The default reports: (name, arguments after `report`, has a Gantt chart).
const REPORTS: &[(&str, &[&str], bool)] = &[
    ("status", &["status"], true),
    ("status-exec", &["status", "--audience", "exec"], false),
    ("roadmap", &["roadmap"], false),
    ("gantt", &["gantt"], true),
    ("risks", &["risks"], false),
];

/// `milepost report ARGS --plan PLAN --as-of AS_OF`, which must succeed
/// without a word on standard error; its standard output.
fn report(plan: &str, as_of: &str, args: &[&str]) -> String {
    // `--no-since`: the report never depends on this repository's tags.
    let out = run(milepost()
        .arg("report")
        .args(args)
        .args(["--no-since", "--plan", plan, "--as-of", as_of]));
    assert_eq!(out.code, 0, "report {args:?} on {plan}: {}", out.stderr);
    assert_eq!(out.stderr, "", "report {args:?} on {plan}");
    out.stdout
}

/// The context (`--context`) as JSON.
fn context(plan: &Path, as_of: &str) -> Value {
    context_with(plan, as_of, &[])
}

/// The context with `more` options.
fn context_with(plan: &Path, as_of: &str, more: &[&str]) -> Value {
    let out = run(milepost()
        .args(["report", "--context", "--no-since", "--as-of", as_of])
        .args(more)
        .arg("--plan")
        .arg(plan));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// The edge-case plans are valid (warnings allowed: `unassigned` and
/// `hostile` have work without an owner on purpose).
#[test]
fn the_fixtures_are_valid_plans() {
    for (name, plan, _) in PLANS {
        let out = run(milepost().args(["check", "--plan", plan]));
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
    }
}

#[test]
fn every_default_report_on_every_plan() {
    for (plan_name, plan, as_of) in PLANS {
        for (report_name, args, _) in REPORTS {
            let text = report(plan, as_of, args);
            insta::assert_snapshot!(format!("{plan_name}-{report_name}"), text);
        }
    }
}

// ---------------------------------------------------------------------------
// The Markdown, read back by a CommonMark (GFM tables) parser.

/// Whether the table row `row` (one line of Markdown) has exactly `n` cells,
/// as the parser splits them: a header row is only read as a table when its
/// cells match the delimiter row's, so the row is put above an `n`-column
/// delimiter row and must make a table. (The parser pads short rows and
/// drops extra cells in a table's body, so counting the cells it reports
/// there would prove nothing.)
fn row_has_cells(row: &str, n: usize) -> bool {
    let doc = format!("{}\n|{}\n", row.trim_end(), "---|".repeat(n));
    Parser::new_ext(&doc, Options::ENABLE_TABLES).any(|e| matches!(e, Event::Start(Tag::Table(ref a)) if a.len() == n))
}

#[test]
fn the_row_check_can_fail() {
    assert!(row_has_cells("| a | b | c |", 3));
    assert!(!row_has_cells("| a | b | c |", 2));
    assert!(!row_has_cells("| a | b | c |", 4));
    // An escaped pipe stays in its cell, even in a code span.
    assert!(row_has_cells("| a \\| b | `c \\| d` |", 2));
}

/// What [`check_markdown`] found in one document.
#[derive(Debug, Default)]
pub struct Found {
    pub tables: usize,
    pub rows: usize,
    /// Info strings of the fenced code blocks, and their text.
    pub fenced: Vec<(String, String)>,
    pub indented_code_blocks: usize,
    /// All text and inline code, as the reader sees it.
    pub text: String,
}

/// Parses `markdown` and checks that every row of every table has as many
/// cells as its header, and that no raw HTML gets through.
pub fn check_markdown(what: &str, markdown: &str) -> Found {
    let mut found = Found::default();
    let mut columns = 0;
    let mut code: Option<String> = None;
    for (event, range) in Parser::new_ext(markdown, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("{what}: raw HTML {html:?} in {:?}", &markdown[range])
            }
            Event::Start(Tag::Table(alignments)) => {
                found.tables += 1;
                columns = alignments.len();
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                found.rows += 1;
                let row = &markdown[range];
                assert!(
                    row_has_cells(row, columns),
                    "{what}: this row does not have the header's {columns} cells:\n{row}"
                );
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                found.fenced.push((info.to_string(), String::new()));
                code = Some(String::new());
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => found.indented_code_blocks += 1,
            Event::End(TagEnd::CodeBlock) => {
                if let (Some(text), Some(last)) = (code.take(), found.fenced.last_mut()) {
                    last.1 = text;
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut code {
                Some(c) => c.push_str(&t),
                None => found.text.push_str(&t),
            },
            _ => {}
        }
    }
    found
}

#[test]
fn every_report_is_well_formed_commonmark() {
    for (plan_name, plan, as_of) in PLANS {
        let gantt = context(&root().join(plan), as_of)["gantt"].clone();
        for (report_name, args, has_gantt) in REPORTS {
            let what = format!("{plan_name} {report_name}");
            let text = report(plan, as_of, args);
            let found = check_markdown(&what, &text);
            if *plan_name == "atlas" && *report_name != "gantt" {
                assert!(found.tables > 0, "{what}: no table");
            }
            assert_eq!(found.indented_code_blocks, 0, "{what}");
            // The Mermaid chart is one fenced block, the context's chart as is;
            // no other code block (a title's ``` must not open one).
            if *has_gantt && gantt["scope"] != "none" {
                assert_eq!(found.fenced.len(), 1, "{what}: {:?}", found.fenced);
                let (info, chart) = &found.fenced[0];
                assert_eq!(info, "mermaid", "{what}");
                assert_eq!(chart, gantt["chart"].as_str().unwrap(), "{what}");
            } else {
                assert!(found.fenced.is_empty(), "{what}: {:?}", found.fenced);
            }
        }
    }
}

/// The hostile plan: what the reader sees is the author's text, literally.
#[test]
fn hostile_text_reads_back_literally() {
    let (_, plan, as_of) = PLANS.iter().find(|p| p.0 == "hostile").unwrap();
    let status = report(plan, as_of, &["status"]);
    let found = check_markdown("hostile status", &status);
    // The project name, whitespace and all, is the title of the report.
    assert!(
        found.text.starts_with(
            "Pipe | Colon: #1; <script>alert('x')</script> > `tick` \\ *star* _under_ [x](y) &lt;: status as of"
        ),
        "{}",
        found.text
    );
    // A name over two lines is one line.
    assert!(found.text.contains("Mal lory \\ *the* _bad_"), "{}", found.text);
    // The same headings as any status report (titles open none) and six
    // tables: milestones, attention, risks, load by month and by
    // milestone, budget.
    let headings = |md: &str| {
        Parser::new_ext(md, Options::ENABLE_TABLES)
            .filter(|e| matches!(e, Event::Start(Tag::Heading { .. })))
            .count()
    };
    let plain = report("tests/fixtures/report/late", "2026-03-09", &["status"]);
    assert_eq!(headings(&status), headings(&plain));
    assert_eq!(headings(&status), 8, "one title and seven sections");
    assert_eq!(found.tables, 6, "and load both by month and by milestone");
    // No link was made from `[x](y)` or `[spec](javascript:…)`.
    let roadmap = report(plan, as_of, &["roadmap"]);
    check_markdown("hostile roadmap", &roadmap);
    assert!(
        !Parser::new_ext(&roadmap, Options::ENABLE_TABLES).any(|e| matches!(e, Event::Start(Tag::Link { .. }))),
        "a link got through"
    );
    // In the chart, nothing can end a task or start a comment or directive.
    let chart = &found.fenced[0].1;
    for line in chart.lines().filter(|l| l.contains("Break")) {
        assert_eq!(line.matches(':').count(), 1, "{line}");
    }
    assert!(
        !chart.contains("%%") && !chart.contains('#') && !chart.contains(';'),
        "{chart}"
    );
}

// ---------------------------------------------------------------------------
// Values worked out by hand.

/// A small plan. 2026-03-02 is a Monday; the status date is Monday 03-09.
///
/// - `setup` (2d, ana), done 03-02..03-03.
/// - `api` (5d, ana), from the status date: Mon 03-09 .. Fri 03-13.
///   RICE = reach 100 × impact 2 × confidence 0.5 / 5 days = 20.
/// - `ui` (2/4/12d, ben): PERT mean (2 + 4×4 + 12) / 6 = 5 days, FS after
///   `api`: Mon 03-16 .. Fri 03-20. Standard deviation (12 − 2) / 6 = 5/3.
/// - milestone `v1` (deadline Thu 03-26) waits for all three: forecast Fri
///   03-20, margin 4 working days (03-23, 24, 25, 26): fewer than 5, so
///   `at-risk`, and the plan's health is `at-risk`.
///
/// Budget (total 20,000, contingency 2,000): setup 2 × 500 = 1,000 (spent),
/// api 5 × 500 = 2,500, ui 5 × 400 = 2,000: planned 5,500, remaining 14,500,
/// used 5,500 / 20,000 = 0.275.
///
/// Load in the `v1` window (up to its forecast, Fri 03-20):
/// - ana, capacity 1, off Wed 03-11 and Thu 03-12: from the status date
///   03-09, 10 working days − 2 off = 8 available; assigned 5 (api).
/// - ben, capacity 0.5, off Thu 03-19: from his first day, 03-16, 5 working
///   days − 1 off = 4, × 0.5 = 2 available; assigned 5: over, load 2.5.
///
/// Risks, exposure = probability × impact: `late-vendor` 0.25 × 10d = 2.5d;
/// `outage` 0.5 × 4d = 2d and 0.5 × 3,000 = 1,500; `churn` 0.5 × 4d = 2d and
/// 0.5 × 1,000 = 500; `audit` (closed) 0.9 × 20d = 18d. By exposure, ties on
/// days broken by cost, closed last: late-vendor, outage, churn, audit (not
/// the id order: audit, churn, late-vendor, outage).
const HAND_PLAN: &[(&str, &str)] = &[
    (
        "project.toml",
        r#"[project]
name = "Hand"
start = 2026-03-02
currency = "EUR"

[budget]
total = 20000
contingency = 2000

[[people]]
id = "ana"
name = "Ana Ruiz"
day-rate = 500
time-off = [{ from = 2026-03-11, to = 2026-03-12 }]

[[people]]
id = "ben"
name = "Ben Okafor"
capacity = 0.5
day-rate = 400
time-off = [{ from = 2026-03-19, to = 2026-03-19 }]
"#,
    ),
    ("milestones/v1.toml", "title = \"Version 1\"\ndeadline = 2026-03-26\n"),
    (
        "features/setup.toml",
        "title = \"Setup\"\nmilestone = \"v1\"\nowner = \"ana\"\nstatus = \"done\"\nestimate = \"2d\"\nstarted = 2026-03-02\nfinished = 2026-03-03\n",
    ),
    (
        "features/api.toml",
        "title = \"API\"\nmilestone = \"v1\"\nowner = \"ana\"\nestimate = \"5d\"\nvalue = { reach = 100, impact = 2, confidence = 0.5 }\n",
    ),
    (
        "features/ui.toml",
        "title = \"UI\"\nmilestone = \"v1\"\nowner = \"ben\"\nestimate = { low = \"2d\", likely = \"4d\", high = \"12d\" }\ndepends-on = [\"api\"]\n",
    ),
    (
        "risks/late-vendor.toml",
        "title = \"Vendor late\"\nprobability = 0.25\nimpact = { days = 10 }\naffects = [\"v1\"]\n",
    ),
    (
        "risks/outage.toml",
        "title = \"Outage\"\nprobability = 0.5\nimpact = { days = 4, cost = 3000 }\n",
    ),
    (
        "risks/churn.toml",
        "title = \"Churn\"\nprobability = 0.5\nimpact = { days = 4, cost = 1000 }\nreview-by = 2026-03-06\n",
    ),
    (
        "risks/audit.toml",
        "title = \"Audit\"\nprobability = 0.9\nimpact = { days = 20 }\nstatus = \"closed\"\nreview-by = 2026-03-02\n",
    ),
];

fn close(actual: &Value, expected: f64) {
    let a = actual.as_f64().unwrap_or_else(|| panic!("not a number: {actual}"));
    assert!((a - expected).abs() < 1e-9, "{a} != {expected}");
}

/// Work in progress without `remaining` counts as done what the schedule
/// assumes of it: a day of its estimate per working day since it started,
/// with a day left at least; blocked work without `remaining` made none;
/// work not started made none, `remaining` or not.
#[test]
fn progress_without_remaining_counts_the_days_since_it_started() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
            ("milestones/m.toml", "title = \"M\"\n"),
            // Started Wednesday 03-04, status date Monday 03-09: 3 working
            // days done (04, 05, 06) of 5.
            (
                "features/a.toml",
                "title = \"A\"\nmilestone = \"m\"\nestimate = \"5d\"\nstatus = \"in-progress\"\nstarted = 2026-03-04\n",
            ),
            // Started 03-02: 5 working days elapsed of a 4-day estimate,
            // but it is not done: 3 of 4, a day left.
            (
                "features/b.toml",
                "title = \"B\"\nmilestone = \"m\"\nestimate = \"4d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\n",
            ),
            // `remaining` says: 10 − 4 = 6 of 10.
            (
                "features/c.toml",
                "title = \"C\"\nmilestone = \"m\"\nestimate = \"10d\"\nstatus = \"in-progress\"\nstarted = 2026-03-05\nremaining = \"4d\"\n",
            ),
            // Blocked since it started: no progress.
            (
                "features/d.toml",
                "title = \"D\"\nmilestone = \"m\"\nestimate = \"6d\"\nstatus = \"blocked\"\nstarted = 2026-03-03\n",
            ),
            // Not started: `remaining` is not read (W0409), nothing done.
            (
                "features/e.toml",
                "title = \"E\"\nmilestone = \"m\"\nestimate = \"10d\"\nremaining = \"4d\"\n",
            ),
            // Blocked after starting, with what is left: 8 − 2 = 6 of 8.
            (
                "features/f.toml",
                "title = \"F\"\nmilestone = \"m\"\nestimate = \"8d\"\nstatus = \"blocked\"\nstarted = 2026-03-03\nremaining = \"2d\"\n",
            ),
        ],
    );
    for more in [&[][..], &["--no-level"][..]] {
        let c = context_with(dir.path(), "2026-03-09", more);
        let complete = |id: &str| {
            let f = by_id(&c["features"], id);
            f["complete"].clone()
        };
        close(&complete("a"), 3.0 / 5.0);
        close(&complete("b"), 3.0 / 4.0);
        close(&complete("c"), 6.0 / 10.0);
        close(&complete("d"), 0.0);
        close(&complete("e"), 0.0);
        close(&complete("f"), 6.0 / 8.0);
        // 3 + 3 + 6 + 0 + 0 + 6 of 5 + 4 + 10 + 6 + 10 + 8 estimated days.
        close(&c["progress"]["done_days"], 18.0);
        close(&c["progress"]["complete"], 18.0 / 43.0);
        close(&c["milestones"][0]["complete"], 18.0 / 43.0);
    }
}

#[test]
fn context_values_worked_out_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), HAND_PLAN);
    // Worked out for the critical path method alone.
    let c = context_with(dir.path(), "2026-03-09", &["--no-level"]);

    let feature = |id: &str| by_id(&c["features"], id);
    assert_eq!(feature("api")["start"], "2026-03-09");
    assert_eq!(feature("api")["finish"], "2026-03-13");
    assert_eq!(feature("ui")["start"], "2026-03-16");
    assert_eq!(feature("ui")["finish"], "2026-03-20");
    close(&feature("ui")["estimate_days"], 5.0);
    close(&feature("api")["rice"], 20.0);
    assert_eq!(feature("ui")["rice"], Value::Null, "no value scores");
    close(&feature("api")["cost"], 2500.0);
    close(&feature("ui")["cost"], 2000.0);

    let m = &c["milestones"][0];
    assert_eq!(m["id"], "v1");
    assert_eq!(m["forecast"], "2026-03-20");
    assert_eq!(m["margin_days"], 4);
    assert_eq!(m["status"], "at-risk");
    assert_eq!(m["features"], 3);
    assert_eq!(m["features_done"], 1);
    // 2 of 12 estimated days are done.
    close(&m["complete"], 2.0 / 12.0);
    close(&m["std_dev"], 5.0 / 3.0);
    // 4 days of margin over a standard deviation of 5/3: z = 2.4, and
    // Φ(2.4) ≈ 0.992; whatever correction is used, well over 0.95.
    let p = m["probability"].as_f64().unwrap();
    assert!(p > 0.95 && p <= 1.0, "{p}");
    assert_eq!(m["risks"], serde_json::json!(["late-vendor"]));

    assert_eq!(c["health"], "at-risk");
    let reasons = c["health_reasons"].as_array().unwrap();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    // Not leveled, ben is over capacity in his window (not in March as a
    // whole: 5 days of work for 16 of his days from 03-09, × 0.5 = 8).
    assert_eq!(
        reasons[1],
        "`ben` is booked over their capacity: 250% of their time up to 2026-03-20 (not leveled: `--no-level`)"
    );
    let ben = by_id(&c["people"], "ben");
    let march = &ben["months"][0];
    assert_eq!((&march["month"], &march["busy_days"]), (&"2026-03".into(), &5.into()));
    close(&march["available_days"], 8.0);
    assert_eq!(march["over"], false);
    let reason = reasons[0].as_str().unwrap();
    assert!(
        reason.starts_with("milestone v1 has 4 working days of margin before its deadline 2026-03-26 ("),
        "{reason}"
    );
    // The chance is the Monte Carlo's, which the report makes by default,
    // as written in the milestone's figures.
    let v1 = by_id(&c["milestones"], "v1");
    let chance = v1["monte_carlo"]["deadline_chance"].as_f64().unwrap();
    assert!(
        reason.ends_with(&format!(
            "({}% chance to make it, Monte Carlo)",
            (chance * 100.0).round()
        )),
        "{reason}, {chance}"
    );
    assert_eq!(v1["status"], "at-risk");

    let progress = &c["progress"];
    assert_eq!(progress["features"], 3);
    assert_eq!(progress["done"], 1);
    assert_eq!(progress["not_started"], 2);
    close(&progress["estimate_days"], 12.0);
    close(&progress["done_days"], 2.0);
    close(&progress["complete"], 2.0 / 12.0);

    let budget = &c["budget"];
    close(&budget["planned"], 5500.0);
    close(&budget["spent"], 1000.0);
    close(&budget["remaining"], 14500.0);
    close(&budget["used"], 0.275);
    assert_eq!(budget["into_contingency"], false);
    assert_eq!(budget["over"], false);
    assert_eq!(budget["uncosted_features"], 0);
    close(&budget["by_milestone"][0]["cost"], 5500.0);

    let person = |id: &str| by_id(&c["people"], id);
    let ana = &person("ana")["windows"][0];
    assert_eq!(ana["milestone"], "v1");
    assert_eq!(
        (ana["from"].as_str(), ana["to"].as_str()),
        (Some("2026-03-09"), Some("2026-03-20"))
    );
    close(&ana["available_days"], 8.0);
    close(&ana["assigned_days"], 5.0);
    close(&ana["load"], 5.0 / 8.0);
    assert_eq!(ana["over"], false);
    let ben = &person("ben")["windows"][0];
    assert_eq!(ben["from"], "2026-03-16");
    close(&ben["available_days"], 2.0);
    close(&ben["assigned_days"], 5.0);
    close(&ben["load"], 2.5);
    assert_eq!(ben["over"], true);
    assert_eq!(person("ben")["overloaded"], true);
    assert_eq!(person("ana")["overloaded"], false);

    let risks = c["risks"].as_array().unwrap();
    let order: Vec<&str> = risks.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["late-vendor", "outage", "churn", "audit"]);
    close(&risks[0]["exposure_days"], 2.5);
    close(&risks[1]["exposure_days"], 2.0);
    close(&risks[1]["exposure_cost"], 1500.0);
    close(&risks[2]["exposure_cost"], 500.0);
    close(&risks[3]["exposure_days"], 18.0);
    // Reviews due before the status date: overdue unless closed.
    assert_eq!(risks[2]["review_overdue"], true);
    assert_eq!(risks[3]["review_overdue"], false);
}

/// A risk that occurred counts as certain in the register, as in the Monte
/// Carlo forecast: `hit` (written 20%, 3 days) is exposed 3 days, ahead of
/// `maybe` (50% of 4: 2 days); at its written 20% it would be 0.6 and last.
#[test]
fn a_risk_that_occurred_is_certain_in_the_register() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"T\"\nstart = 2026-03-02\n"),
            ("features/a.toml", "title = \"A\"\nestimate = \"5d\"\n"),
            (
                "risks/hit.toml",
                "title = \"Hit\"\nprobability = 0.2\nimpact = { days = 3 }\nstatus = \"occurred\"\naffects = [\"a\"]\n",
            ),
            (
                "risks/maybe.toml",
                "title = \"Maybe\"\nprobability = 0.5\nimpact = { days = 4 }\naffects = [\"a\"]\n",
            ),
        ],
    );
    let report = |more: &[&str]| {
        let out = run(milepost()
            .args(["report", "risks", "--runs", "0", "--as-of", "2026-03-02", "--plan"])
            .arg(dir.path())
            .args(more));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let c: Value = serde_json::from_str(&report(&["--context"])).unwrap();
    let risks = c["risks"].as_array().unwrap();
    let order: Vec<&str> = risks.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(order, ["hit", "maybe"]);
    close(&risks[0]["probability"], 1.0);
    close(&risks[0]["exposure_days"], 3.0);
    close(&risks[1]["probability"], 0.5);
    close(&risks[1]["exposure_days"], 2.0);
    let md = report(&[]);
    assert!(md.contains("| Hit (`hit`) | occurred | 100% | 3d | 3d |"), "{md}");
}

/// The same numbers, as the status report prints them.
#[test]
fn status_report_prints_the_hand_worked_values() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), HAND_PLAN);
    let out = run(milepost()
        // The deterministic figures alone: the Monte Carlo's are checked
        // against `forecast` in report_confidence.rs.
        .args(["report", "--no-level", "--runs", "0", "--as-of", "2026-03-09", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = out.stdout;
    assert!(s.contains("**Health: 🟡 at risk**"), "{s}");
    assert!(
        s.contains("| Version 1 (`v1`) | 2026-03-26 | 2026-03-20 | 4d early | 🟡 at risk | 17% (1/3) |"),
        "{s}"
    );
    assert!(
        s.contains("| Ana Ruiz | 100% | Version 1 (to 2026-03-20) | 8d | 5d | 63% |"),
        "{s}"
    );
    assert!(
        s.contains("| Ben Okafor | 50% | Version 1 (to 2026-03-20) | 2d | 5d | 250% ⚠️ over |"),
        "{s}"
    );
    assert!(
        s.contains(
            "Planned cost **€5,500** of a budget of **€20,000** (including €2,000 contingency): 28% used, €14,500 left."
        ),
        "{s}"
    );
    assert!(s.contains("Done work accounts for €1,000."), "{s}");
    assert!(
        s.contains("| Vendor late (`late-vendor`) | open | 25% | 10d | 2.5d | — | — |"),
        "{s}"
    );
}

/// The status report lists the first 40 late features, most behind first
/// (the order of the context's `late`), and says how many more there are;
/// each person's idle gaps, the first three and how many more. The plan:
/// features f01 to f45 of 1 to 45 days, each with a person of its own, all
/// for a milestone due on the project's second day (working day 1), so
/// feature `fi` has a total float of 2 - i working days: f03 to f45 are
/// late, 43 of them, f45 the most. Ben does 5 one-day features two weeks
/// apart (not-before), so he is idle 9 days between each: 4 gaps.
#[test]
fn the_status_report_lists_40_late_and_three_gaps_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let mut project =
        "[project]\nname = \"Long lists\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ben\"\nname = \"Ben\"\n"
            .to_string();
    let mut files = vec![(
        "milestones/v1.toml".to_string(),
        "title = \"V1\"\ndeadline = 2026-03-03\n".to_string(),
    )];
    for i in 1..=45 {
        project.push_str(&format!("\n[[people]]\nid = \"p{i:02}\"\nname = \"P{i}\"\n"));
        files.push((
            format!("features/f{i:02}.toml"),
            format!("title = \"F{i}\"\nestimate = \"{i}d\"\nowner = \"p{i:02}\"\nmilestone = \"v1\"\n"),
        ));
    }
    files.push(("project.toml".to_string(), project));
    for (i, day) in ["2026-03-02", "2026-03-16", "2026-03-30", "2026-04-13", "2026-04-27"]
        .iter()
        .enumerate()
    {
        files.push((
            format!("features/g{i}.toml"),
            format!("title = \"G{i}\"\nestimate = \"1d\"\nowner = \"ben\"\nnot-before = {day}\n"),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    write_files(dir.path(), &files);
    let as_of = "2026-03-02";
    // The status report, with `more` arguments.
    let status = |more: &[&str]| {
        let out = run(milepost()
            .arg("report")
            .args(more)
            .args(["--runs", "0", "--no-since", "--as-of", as_of, "--plan"])
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let s = status(&[]);

    let late = context(dir.path(), as_of)["late"].as_array().unwrap().clone();
    let floats: Vec<i64> = late.iter().map(|f| f["total_float"].as_i64().unwrap()).collect();
    assert_eq!(floats, (-43..=-1).collect::<Vec<_>>(), "2 - i for f45 down to f03");
    // Rows of the "Needs attention" table, in order: the context's first 40.
    let rows: Vec<&str> = s
        .lines()
        .filter(|l| l.contains("behind a deadline it leads to"))
        .collect();
    assert_eq!(rows.len(), 40, "{s}");
    for (row, f) in rows.iter().zip(&late) {
        let id = f["id"].as_str().unwrap();
        assert!(row.contains(&format!("(`{id}`)")), "{row} is not {id}");
        let behind = -f["total_float"].as_i64().unwrap();
        assert!(row.contains(&format!("| {behind}d behind")), "{row}: {behind}d");
    }
    assert!(
        s.contains(
            "The first 40 of each are listed (late work most behind first); not listed: 3 more late. \
             `milepost schedule` lists every feature with its float."
        ),
        "{s}"
    );

    let ben = s.lines().find(|l| l.starts_with("- **Ben**")).unwrap();
    assert_eq!(ben.matches(" → ").count(), 3, "{ben}");
    assert!(ben.ends_with("; and 1 more later."), "{ben}");
    let gaps = context(dir.path(), as_of)["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "ben")
        .unwrap()["gaps"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(gaps, 4);
    // The HTML page lists the same.
    let h = status(&["--format", "html"]);
    assert_eq!(h.matches("behind a deadline it leads to</td>").count(), 40, "{h}");
    assert!(
        h.contains("not listed: 3 more late. <code>milepost schedule</code>"),
        "{h}"
    );
    assert!(h.contains("; and 1 more later.</li>"), "{h}");
    // Someone without gaps: no word of them.
    let p45 = s.lines().find(|l| l.starts_with("- **P45**")).unwrap();
    assert!(!p45.contains("Idle") && !p45.contains("more later"), "{p45}");
}

// ---------------------------------------------------------------------------
// Behaviour.

const ATLAS: &[&str] = &["--plan", "examples/atlas/plan", "--as-of", "2026-06-15"];

/// `-o` never writes over what the command reads: a file of the plan (or
/// a new one where the plan keeps its files, through a symbolic link or
/// `..` too), or the template it renders. Each is refused before any work
/// (exit 2), saying what the path is, and leaves the file as it was; a
/// report next to the plan's files, or beside the plan, is written.
#[test]
fn output_never_replaces_the_plan_or_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let project = "[project]\nname = \"O\"\nstart = 2026-03-02\n";
    write_files(
        p,
        &[
            ("plan/project.toml", project),
            ("plan/features/a.toml", "title = \"A\"\nestimate = \"2d\"\n"),
            ("mine.md", "{{ project.name }}\n"),
        ],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink("plan/project.toml", p.join("link.md")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["report", "-o", "plan/project.toml"],
            "`-o plan/project.toml` is a file of the plan `plan`",
        ),
        (
            &["report", "-o", "plan/features/new.toml"],
            "`-o plan/features/new.toml` is a file of the plan `plan`",
        ),
        (
            &["report", "-o", "plan/features/../project.toml"],
            "is a file of the plan `plan`",
        ),
        (
            &["export", "--format", "dot", "-o", "plan/features/a.toml"],
            "is a file of the plan `plan`",
        ),
        // Not a plan file, but in the features' folder: a stray for `check`.
        (
            &["report", "-o", "plan/features/notes.md"],
            "`-o plan/features/notes.md` is a file of the plan `plan`",
        ),
        (
            &["report", "--template", "mine.md", "-o", "mine.md"],
            "`-o mine.md` is the template `mine.md`",
        ),
        #[cfg(unix)]
        (
            &["report", "-o", "link.md"],
            "`-o link.md` is a file of the plan `plan`",
        ),
    ];
    for (args, what) in cases {
        let out = run(milepost().current_dir(p).args(*args));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(what), "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains("help: write it "), "{}", out.stderr);
    }
    assert_eq!(std::fs::read_to_string(p.join("plan/project.toml")).unwrap(), project);
    assert_eq!(
        std::fs::read_to_string(p.join("mine.md")).unwrap(),
        "{{ project.name }}\n"
    );
    assert!(!p.join("plan/features/new.toml").exists());
    // In `--templates DIR`, a file named like a template (there or not:
    // written, it would be read as one) is refused; another is written.
    std::fs::create_dir(p.join("mine")).unwrap();
    let out = run(milepost()
        .current_dir(p)
        .args(["report", "--templates", "mine", "-o", "mine/status.md"]));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`-o mine/status.md` is a template of `mine` (`--templates`)"),
        "{}",
        out.stderr
    );
    let out =
        run(milepost()
            .current_dir(p)
            .args(["report", "--runs", "0", "--templates", "mine", "-o", "mine/STATUS.md"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // Next to the plan's files, or beside the plan, a report is written.
    for written in ["plan/STATUS.md", "plan/../status.md"] {
        let out =
            run(milepost()
                .current_dir(p)
                .args(["report", "--runs", "0", "--template", "mine.md", "-o", written]));
        assert_eq!(out.code, 0, "{written}: {}", out.stderr);
        assert_eq!(std::fs::read_to_string(p.join(written)).unwrap(), "O\n");
    }
}

#[test]
fn output_file_has_the_bytes_of_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("STATUS.md");
    let stdout = report(ATLAS[1], ATLAS[3], &["status"]);
    let out = run(milepost().arg("report").args(ATLAS).arg("-o").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    // Written atomically, and nothing left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["STATUS.md"]);
    // A second run replaces it, still leaving one file.
    let out = run(milepost().arg("report").args(ATLAS).arg("-o").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

/// `-o` into what is no file (a named pipe here, as `/dev/stdout` or a
/// device such as `/dev/null` would be), itself or through a symbolic
/// link: the output goes into it, and it stays what it was (it used to be
/// replaced by a file, which as root turned `/dev/null` into one). A
/// read-only file is not replaced: exit 2, a file the command cannot
/// write (`report` and `export` here; `history` writes the same way).
#[cfg(unix)]
#[test]
fn output_goes_into_a_pipe_as_it_is_and_never_over_a_read_only_file() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = dir.path().join("link");
    std::os::unix::fs::symlink(&fifo, &link).unwrap();
    let stdout = report(ATLAS[1], ATLAS[3], &["status"]);
    for target in [&fifo, &link] {
        // Opened for reading and writing, the pipe's opening does not wait
        // for a writer, and the command's does not wait for a reader.
        let mut pipe = std::fs::OpenOptions::new().read(true).write(true).open(&fifo).unwrap();
        let (sent, received) = std::sync::mpsc::channel();
        let len = stdout.len();
        std::thread::spawn(move || {
            let mut got = vec![0; len];
            let _ = sent.send(pipe.read_exact(&mut got).map(|()| got));
        });
        let out = run(milepost()
            .args(["report", "--no-since"])
            .args(ATLAS)
            .arg("-o")
            .arg(target));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let got = received.recv_timeout(std::time::Duration::from_secs(60));
        let got = got
            .unwrap_or_else(|e| panic!("{target:?}: nothing came through the pipe ({e})"))
            .unwrap();
        assert_eq!(String::from_utf8(got).unwrap(), stdout, "{target:?}");
        assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo(), "{target:?}");
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let read_only = dir.path().join("STATUS.md");
    std::fs::write(&read_only, "mine\n").unwrap();
    let mut perms = std::fs::metadata(&read_only).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&read_only, perms).unwrap();
    for args in [&["report", "--no-since"][..], &["export", "--format", "dot"]] {
        let out = run(milepost()
            .current_dir(root())
            .args(args)
            .args(["--plan", "examples/atlas/plan", "-o"])
            .arg(&read_only));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("is read-only: it was not replaced"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("help: make it writable"), "{}", out.stderr);
    }
    assert_eq!(std::fs::read_to_string(&read_only).unwrap(), "mine\n");
}

/// A template that is not UTF-8 text is said to be so, with how to fix it
/// (the hint said to check that the file exists).
#[test]
fn a_template_that_is_not_text_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("bin.md");
    std::fs::write(&template, b"\xff\xfe{{ project.name }}").unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--template").arg(&template));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("did not contain valid UTF-8"), "{}", out.stderr);
    assert!(out.stderr.contains("help: save it as UTF-8 text"), "{}", out.stderr);
}

#[test]
fn check_passes_when_current_and_fails_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("STATUS.md");
    let check = || run(milepost().arg("report").args(ATLAS).arg("--check").arg(&file));

    let out = check();
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("does not exist"), "{}", out.stderr);
    assert!(
        out.stderr.contains("help: write it with the same command and `-o "),
        "{}",
        out.stderr
    );
    assert!(!file.exists(), "--check never writes");

    let out = run(milepost().arg("report").args(ATLAS).arg("-o").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = check();
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("is up to date"), "{}", out.stderr);
    assert_eq!(out.stdout, "");

    // Change line 3 (the line after the title and its blank line).
    let text = std::fs::read_to_string(&file).unwrap();
    let changed: String = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 2 {
                "stale\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(&file, &changed).unwrap();
    let out = check();
    assert_eq!(out.code, 1);
    assert!(
        out.stderr.contains("is out of date (first difference at line 3)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("help: regenerate it"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), changed, "--check never writes");

    // Only a missing last newline: the lines agree, the bytes do not.
    std::fs::write(&file, text.trim_end()).unwrap();
    assert_eq!(check().code, 1);
}

#[test]
fn init_templates_writes_the_defaults_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    let init = |force: bool| {
        let mut cmd = milepost();
        cmd.args(["report", "--init-templates"]).arg(&templates);
        if force {
            cmd.arg("--force");
        }
        run(&mut cmd)
    };
    let out = init(false);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut names: Vec<_> = std::fs::read_dir(&templates)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "gantt-section.html",
            "gantt.html",
            "gantt.md",
            "history-item.md",
            "history.md",
            "layout.html",
            "macros.html",
            "risks-section.html",
            "risks.html",
            "risks.md",
            "roadmap-section.html",
            "roadmap.html",
            "roadmap.md",
            "status-exec.html",
            "status-exec.md",
            "status.html",
            "status.md"
        ]
    );
    for name in &names {
        let default = std::fs::read_to_string(root().join("src/render/templates").join(name)).unwrap();
        assert_eq!(
            std::fs::read_to_string(templates.join(name)).unwrap(),
            default,
            "{name}"
        );
    }
    assert!(out.stderr.contains("wrote 17 templates"), "{}", out.stderr);

    // Rendering with them gives the built-in report.
    let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(&templates));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, report(ATLAS[1], ATLAS[3], &["status"]));

    // One file there already: nothing is written.
    std::fs::remove_dir_all(&templates).unwrap();
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("risks.md"), "mine\n").unwrap();
    let out = init(false);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("risks.md` already exists"), "{}", out.stderr);
    assert!(out.stderr.contains("--force"), "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(templates.join("risks.md")).unwrap(), "mine\n");
    assert_eq!(std::fs::read_dir(&templates).unwrap().count(), 1);

    let out = init(true);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_dir(&templates).unwrap().count(), 17);
    assert_eq!(
        std::fs::read_to_string(templates.join("risks.md")).unwrap(),
        std::fs::read_to_string(root().join("src/render/templates/risks.md")).unwrap()
    );

    // A file given for the directory: said so (it said "File exists").
    let file = dir.path().join("notes.md");
    std::fs::write(&file, "notes\n").unwrap();
    for force in [false, true] {
        let mut cmd = milepost();
        cmd.args(["report", "--init-templates"]).arg(&file);
        if force {
            cmd.arg("--force");
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("notes.md` is a file, not a directory"),
            "{}",
            out.stderr
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "notes\n");
    }
}

#[test]
fn an_overridden_gantt_template_is_used_by_the_status_report() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("gantt.md"),
        "Chart left out ({{ gantt.scope }}, {{ gantt.size }} characters).\n",
    )
    .unwrap();
    let full = context(&root().join(ATLAS[1]), ATLAS[3])["gantt"]["size"]
        .as_u64()
        .unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .ends_with(&format!("## Gantt\n\nChart left out (full, {full} characters).\n")),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("```mermaid"));
    // The gantt report itself too; the others are the defaults.
    let out = run(milepost()
        .args(["report", "gantt"])
        .args(ATLAS)
        .arg("--templates")
        .arg(dir.path()));
    assert_eq!(out.stdout, format!("Chart left out (full, {full} characters).\n"));
    let out = run(milepost()
        .args(["report", "risks"])
        .args(ATLAS)
        .arg("--templates")
        .arg(dir.path()));
    assert_eq!(out.stdout, report(ATLAS[1], ATLAS[3], &["risks"]));
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typo.md");
    std::fs::write(&file, "# Weekly\n\n{{ projet.name }}\n").unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--template").arg(&file));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert_eq!(out.stdout, "");
    assert!(out.stderr.contains("typo.md"), "{}", out.stderr);
    assert!(out.stderr.contains("line 3"), "{}", out.stderr);
    assert!(out.stderr.contains("{{ projet.name }}"), "{}", out.stderr);

    // The same in an override of a default.
    std::fs::write(dir.path().join("risks.md"), "ok\n{% for r in riskz %}{% endfor %}\n").unwrap();
    let out = run(milepost()
        .args(["report", "risks"])
        .args(ATLAS)
        .arg("--templates")
        .arg(dir.path()));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("risks.md"), "{}", out.stderr);
    assert!(out.stderr.contains("line 2"), "{}", out.stderr);

    // In an override that another template includes: where the mistake
    // is, and where the render reached it from (not the including line).
    std::fs::write(dir.path().join("gantt.md"), "G\n\n{{ gantt.nope }}\n").unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(dir.path()));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: template `gantt.md`, line 3: undefined value: `gantt.nope` is undefined (reached from `status.md`, line "),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("\n  3 | {{ gantt.nope }}\n"), "{}", out.stderr);
}

#[test]
fn templates_must_name_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("status.md");
    std::fs::write(&file, "# Mine\n").unwrap();
    let missing = dir.path().join("nowhere");
    for (path, what) in [(&file, "is a file, not a directory"), (&missing, "does not exist")] {
        let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(path));
        assert_eq!(out.code, 2, "{}", out.stdout);
        assert_eq!(out.stdout, "");
        assert!(
            out.stderr.contains(&format!("`--templates {}` {what}", path.display())),
            "{}",
            out.stderr
        );
        // How to fix it: a directory, or --template for one file.
        assert!(out.stderr.contains("--init-templates DIR"), "{}", out.stderr);
        assert!(out.stderr.contains("`--template FILE`"), "{}", out.stderr);
    }
}

#[test]
fn templates_cannot_include_files_outside_their_directory() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("secret.md"), "TOP SECRET\n").unwrap();
    let templates = dir.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("status.md"), "{% include \"../secret.md\" %}\n").unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(&templates));
    assert_eq!(out.code, 2);
    assert!(!out.stdout.contains("TOP SECRET"));
    assert!(out.stderr.contains("../secret.md"), "{}", out.stderr);

    // A user template is no different, and an absolute path neither.
    let user = templates.join("user.md");
    let absolute = dir.path().join("secret.md");
    for include in ["../secret.md".to_string(), absolute.display().to_string()] {
        std::fs::write(&user, format!("{{% include \"{include}\" %}}\n")).unwrap();
        let out = run(milepost()
            .arg("report")
            .args(ATLAS)
            .arg("--templates")
            .arg(&templates)
            .arg("--template")
            .arg(&user));
        assert_eq!(out.code, 2, "{include}");
        assert!(!out.stdout.contains("TOP SECRET"), "{include}");
        assert!(out.stderr.contains("is not a template name"), "{}", out.stderr);
    }
}

#[test]
fn the_gantt_falls_back_within_its_budget() {
    let plan = root().join(ATLAS[1]);
    let gantt_at = |budget: u64| {
        let out = run(milepost()
            .args([
                "report",
                "--context",
                "--as-of",
                ATLAS[3],
                "--gantt-budget",
                &budget.to_string(),
                "--plan",
            ])
            .arg(&plan));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let c: Value = serde_json::from_str(&out.stdout).unwrap();
        c["gantt"].clone()
    };
    let status_at = |budget: u64| report(ATLAS[1], ATLAS[3], &["status", "--gantt-budget", &budget.to_string()]);

    let full = gantt_at(50_000);
    assert_eq!(full["scope"], "full");
    let full_size = full["size"].as_u64().unwrap();
    assert_eq!(full["full_size"].as_u64(), Some(full_size));
    // Exactly the size fits.
    assert_eq!(gantt_at(full_size)["scope"], "full");

    let critical = gantt_at(full_size - 1);
    assert_eq!(critical["scope"], "critical");
    let critical_size = critical["size"].as_u64().unwrap();
    assert!(critical_size < full_size);
    let text = status_at(full_size - 1);
    assert!(
        text.contains(&format!(
            "_The full chart ({full_size} characters) is over the {}-character budget, so this one shows the milestones and the critical path.",
            full_size - 1
        )),
        "{text}"
    );
    let chart = critical["chart"].as_str().unwrap();
    assert!(chart.contains("Dashboard builder :crit"), "{chart}");
    assert!(!chart.contains("Two-factor authentication"), "not critical: {chart}");

    let milestones = gantt_at(critical_size - 1);
    assert_eq!(milestones["scope"], "milestones");
    let milestones_size = milestones["size"].as_u64().unwrap();
    let chart = milestones["chart"].as_str().unwrap();
    // Five milestones, no features.
    assert_eq!(chart.matches("milestone, t").count(), 5, "{chart}");
    assert!(!chart.contains("Dashboard builder"), "{chart}");
    assert!(status_at(critical_size - 1).contains("so this one shows the milestones only."));

    let none = gantt_at(milestones_size - 1);
    assert_eq!(none["scope"], "none");
    assert_eq!(none["chart"], "");
    let text = status_at(milestones_size - 1);
    assert!(
        text.contains(&format!(
            "_No Gantt chart: even the milestones alone take more than {} characters of Mermaid.",
            milestones_size - 1
        )),
        "{text}"
    );
    assert!(!text.contains("```"));
    check_markdown("gantt none", &text);
}

#[test]
fn reports_are_deterministic() {
    for (_, args, _) in REPORTS {
        let first = run(milepost().arg("report").args(*args).args(ATLAS));
        let second = run(milepost().arg("report").args(*args).args(ATLAS));
        assert_eq!(first.code, 0);
        assert_eq!(first.stdout.as_bytes(), second.stdout.as_bytes(), "{args:?}");
    }
    let first = run(milepost().args(["report", "--context"]).args(ATLAS));
    let second = run(milepost().args(["report", "--context"]).args(ATLAS));
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn an_invalid_plan_prints_diagnostics_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"nobody\"\nestimate = \"2d\"\n",
            ),
        ],
    );
    let out = run(milepost()
        .args(["report", "--as-of", "2026-03-02", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout, "", "no report from an invalid plan");
    assert!(out.stderr.contains("error[E0202]"), "{}", out.stderr);
    // And nothing is written with -o.
    let file = dir.path().join("STATUS.md");
    let out = run(milepost()
        .args(["report", "--as-of", "2026-03-02", "-o"])
        .arg(&file)
        .arg("--plan")
        .arg(dir.path()));
    assert_eq!(out.code, 1);
    assert!(!file.exists());
}

#[test]
fn report_works_outside_a_git_repository() {
    let dir = tempfile::tempdir().unwrap();
    assert!(
        git2::Repository::discover(dir.path()).is_err(),
        "the temporary directory is inside a Git repository"
    );
    std::fs::create_dir(dir.path().join("plan")).unwrap();
    for (rel, text) in HAND_PLAN {
        let path = dir.path().join("plan").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = run(milepost()
        .current_dir(dir.path())
        .args(["report", "--plan", "plan", "--as-of", "2026-03-09"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout.starts_with("# Hand: status as of 2026-03-09\n"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------
// The custom template example.

#[test]
fn the_weekly_template_example() {
    let text = report(ATLAS[1], ATLAS[3], &["--template", "examples/templates/weekly.md"]);
    let found = check_markdown("weekly", &text);
    assert_eq!(found.tables, 1);
    assert_eq!(found.fenced.len(), 1);
    assert_eq!(found.fenced[0].0, "mermaid");
    insta::assert_snapshot!("atlas-weekly", text);
    // On the hostile plan it stays well-formed.
    let hostile = report(
        "tests/fixtures/report/hostile",
        "2026-03-09",
        &["--template", "examples/templates/weekly.md"],
    );
    let found = check_markdown("hostile weekly", &hostile);
    assert_eq!(found.fenced.len(), 1);
    insta::assert_snapshot!("hostile-weekly", hostile);
}

/// Files a user names that cannot be used: the error says which file, why,
/// and what to do, and exits 2.
#[test]
fn unusable_files_are_named_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let missing_template = dir.path().join("nope.md");
    let out = run(milepost()
        .args([
            "report",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-06-15",
            "--template",
        ])
        .arg(&missing_template));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains(&format!("cannot read `{}`", missing_template.display())),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("help: check that the file exists"),
        "{}",
        out.stderr
    );

    let unwritable = dir.path().join("no-such-dir/STATUS.md");
    let out = run(milepost()
        .args(["report", "--plan", "examples/atlas/plan", "--as-of", "2026-06-15", "-o"])
        .arg(&unwritable));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains(&format!("cannot write to `{}`", unwritable.display())),
        "{}",
        out.stderr
    );
    assert!(
        !out.stderr.contains(".milepost-"),
        "the temporary file is an implementation detail: {}",
        out.stderr
    );
    assert!(
        out.stderr.contains("help: check that its directory exists"),
        "{}",
        out.stderr
    );
}
