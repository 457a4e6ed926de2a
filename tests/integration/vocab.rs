//! One vocabulary: `diff`, `report`, `history` and `schedule` run on one
//! repository write the same field change, the same probability and the
//! same order of milestones alike, and each slip says what it is measured
//! from and as of when.
//!
//! The project starts on Monday 2026-03-02 and works Monday to Friday.
//! Commits are made one a day at 08:00 UTC, the first on 2026-03-03.
//!
//! 1. 2026-03-03, tagged `v1`: milestones `z-early` (deadline 2026-03-20),
//!    `a-late` (deadline 2026-04-30) and `b-tie` (deadline 2026-04-15,
//!    after `f2`); features `f1` (3d, `z-early`) and `f2` (2d/3d/10d, a PERT
//!    mean of 4 days, `a-late`, after `f1`). As of 03-03: `f1` 03-03..03-05,
//!    `f2` 03-06..03-11, so `a-late` and `b-tie` both on **03-11**.
//! 2. 2026-03-04: `f1` started on 03-03; `f2` re-estimated 3d/4d/11d (a
//!    mean of 5).
//! 3. 2026-03-05: `f3` (2d, `a-late`, after `f2`) added.
//!
//! As of 03-05 (HEAD's date): `f1` 03-03..03-05, so `z-early` on 03-05;
//! `f2` 03-06..03-12, so `b-tie` on 03-12; `f3` 03-13..03-16, so `a-late`
//! on **03-16**. The plan at `v1` as of 03-05 has `f1` unstarted: 03-05..
//! 03-09, `f2` 03-10..03-13, so `a-late` on **03-13**.
//!
//! So `a-late` slips +1 working day in `diff v1 HEAD` (03-13 → 03-16, both
//! as of 03-05), but +3 in `history` (its first forecast 03-11, as of
//! 03-03, to 03-16, as of 03-05) and against `--baseline v1` (03-11 as of
//! the baseline's date to 03-16 as of 03-05): three right answers, each
//! saying which it is.

use milepost::render::vocab::{Basis, basis};
use serde_json::Value;

use crate::support::{Repo, by_id, run};

const PROJECT: &str = "[project]\nname = \"Words\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

/// Milestones in forecast order: `b-tie` and `a-late` tie on their forecast
/// at `v1` and `b-tie`'s deadline is earlier; by id they would be
/// `a-late`, `b-tie`, `z-early`.
const FORECAST_ORDER: [&str; 3] = ["z-early", "b-tie", "a-late"];

const STARTED: &str = "started: (none) → 2026-03-03";
const ESTIMATE: &str = "estimate: 2d/3d/10d → 3d/4d/11d (4 → 5 working days)";

fn feature(title: &str, milestone: &str, estimate: &str, extra: &str) -> String {
    // A three-point estimate `low/likely/high` is written as a table.
    let estimate = match estimate.split('/').collect::<Vec<_>>()[..] {
        [low, likely, high] => format!("{{ low = \"{low}\", likely = \"{likely}\", high = \"{high}\" }}"),
        _ => format!("\"{estimate}\""),
    };
    format!("title = \"{title}\"\nmilestone = \"{milestone}\"\nowner = \"ana\"\nestimate = {estimate}\n{extra}")
}

fn scripted() -> Repo {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        (
            "plan/milestones/z-early.toml",
            "title = \"Early\"\ndeadline = 2026-03-20\n",
        ),
        (
            "plan/milestones/a-late.toml",
            "title = \"Late\"\ndeadline = 2026-04-30\n",
        ),
        (
            "plan/milestones/b-tie.toml",
            "title = \"Tie\"\ndeadline = 2026-04-15\ndepends-on = [\"f2\"]\n",
        ),
        ("plan/features/f1.toml", &feature("One", "z-early", "3d", "")),
        (
            "plan/features/f2.toml",
            &feature("Two", "a-late", "2d/3d/10d", "depends-on = [\"f1\"]\n"),
        ),
    ]);
    repo.commit("the plan");
    repo.tag("v1");
    repo.write(&[
        (
            "plan/features/f1.toml",
            &feature("One", "z-early", "3d", "started = 2026-03-03\n"),
        ),
        (
            "plan/features/f2.toml",
            &feature("Two", "a-late", "3d/4d/11d", "depends-on = [\"f1\"]\n"),
        ),
    ]);
    repo.commit("f1 started, f2 re-estimated");
    repo.write(&[(
        "plan/features/f3.toml",
        &feature("Three", "a-late", "2d", "depends-on = [\"f2\"]\n"),
    )]);
    repo.commit("f3 added");
    repo
}

fn stdout(repo: &Repo, args: &[&str]) -> String {
    let out = run(repo.milepost().args(args));
    assert_eq!(out.code, 0, "milepost {args:?}: {}", out.stderr);
    out.stdout
}

fn json(repo: &Repo, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(repo, args)).unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

/// The rows of the first Markdown table after `heading` whose first cell
/// mentions a milestone, as (milestone id, cells).
fn milestone_rows(text: &str, heading: &str) -> Vec<(String, Vec<String>)> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no `{heading}` in\n{text}"));
    let mut rows = Vec::new();
    for line in text[start..].lines().skip(1) {
        if rows.is_empty() && !line.starts_with('|') {
            continue;
        }
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<String> = line
            .trim_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect();
        if let Some(id) = FORECAST_ORDER.iter().find(|id| cells[0].contains(&format!("`{id}`"))) {
            rows.push((id.to_string(), cells));
        }
    }
    rows
}

fn order(rows: &[(String, Vec<String>)]) -> Vec<&str> {
    rows.iter().map(|r| r.0.as_str()).collect()
}

#[test]
fn diff_report_and_history_speak_one_vocabulary() {
    let repo = scripted();
    let date = |s: &str| milepost::model::Date::parse(s).unwrap();
    let v1_date = "2026-03-03";

    let diff = |format: &str| {
        let args = [
            "diff",
            "v1",
            "HEAD",
            "--baseline",
            "v1",
            "--as-of",
            "2026-03-05",
            "--format",
            format,
        ];
        stdout(&repo, &args)
    };
    let (diff_human, diff_md) = (diff("human"), diff("markdown"));
    let diff_json: Value = serde_json::from_str(&diff("json")).unwrap();
    let report_args = ["report", "--as-of", "2026-03-05", "--baseline", "v1", "--since", "v1"];
    let report = stdout(&repo, &report_args);
    let context = json(&repo, &[&report_args[..], &["--context"]].concat());
    let history_md = stdout(&repo, &["history"]);
    let history_json = json(&repo, &["history", "--format", "json"]);
    let schedule = stdout(&repo, &["schedule", "--as-of", "2026-03-05"]);

    // The same field changes, word for word, in the four outputs that list
    // changes: a field set for the first time on an existing item shows its
    // `(none)`, and a three-point estimate the working days it stands for.
    for (name, text) in [
        ("diff", &diff_human),
        ("diff --format markdown", &diff_md),
        ("report", &report),
        ("history", &history_md),
    ] {
        for change in [STARTED, ESTIMATE] {
            assert!(text.contains(change), "{name} does not say `{change}`:\n{text}");
        }
    }

    // Milestones in forecast order everywhere.
    let listed = |v: &Value| ids(v);
    assert_eq!(listed(&diff_json["milestones"]), FORECAST_ORDER);
    assert_eq!(listed(&diff_json["baseline"]["milestones"]), FORECAST_ORDER);
    assert_eq!(listed(&context["milestones"]), FORECAST_ORDER);
    assert_eq!(listed(&context["baseline"]["milestones"]), FORECAST_ORDER);
    assert_eq!(listed(&history_json["milestones"]), FORECAST_ORDER);
    let schedule_order: Vec<&str> = schedule
        .lines()
        .filter_map(|l| l.split_whitespace().find(|w| FORECAST_ORDER.contains(w)))
        .collect();
    assert_eq!(schedule_order, FORECAST_ORDER, "{schedule}");
    let status = milestone_rows(&report, "## Milestones");
    assert_eq!(order(&status), FORECAST_ORDER);
    assert_eq!(order(&milestone_rows(&report, "## Against baseline")), FORECAST_ORDER);
    assert_eq!(
        order(&milestone_rows(&history_md, "## Milestone forecasts")),
        FORECAST_ORDER
    );
    // At v1 `b-tie` and `a-late` tie: the diff's baseline table in Markdown
    // lists all three, in the same order.
    assert_eq!(
        order(&milestone_rows(&diff_md, "| milestone | baseline |")),
        FORECAST_ORDER
    );

    // One slip, three figures, each saying what it is measured from and as of when.
    let late = |list: &Value| -> Value { by_id(list, "a-late").clone() };
    assert_eq!(late(&diff_json["milestones"])["delta_days"], 1);
    assert_eq!(late(&diff_json["baseline"]["milestones"])["variance_days"], 3);
    assert_eq!(late(&context["baseline"]["milestones"])["variance_days"], 3);
    assert_eq!(late(&history_json["milestones"])["slip_days"], 3);

    let versions = basis(Basis::Versions {
        base: "v1",
        head: "HEAD",
        as_of: date("2026-03-05"),
    });
    assert_eq!(
        versions,
        "working days from the forecast at v1 to the forecast at HEAD, both as of 2026-03-05"
    );
    let baseline = basis(Basis::Baseline {
        name: "v1",
        baseline_as_of: date(v1_date),
        as_of: date("2026-03-05"),
    });
    assert!(
        diff_human.contains("  a-late     2026-03-13  2026-03-16  +1d"),
        "{diff_human}"
    );
    assert!(
        diff_human.contains(&format!("\n  change: {versions}\n")),
        "{diff_human}"
    );
    assert!(
        diff_human.contains(&format!("\n  variance: {baseline}\n")),
        "{diff_human}"
    );
    assert!(diff_md.contains(&format!("\nΔ: {versions}.\n")), "{diff_md}");
    assert!(diff_md.contains(&format!("\nVariance: {baseline}.\n")), "{diff_md}");
    assert_eq!(context["baseline"]["basis"], baseline.as_str());
    assert_eq!(diff_json["baseline"]["basis"], baseline.as_str());
    assert!(report.contains(&format!("\nVariance: {baseline}.\n")), "{report}");
    let history = basis(Basis::History);
    assert_eq!(history_json["basis"], history.as_str());
    assert!(history_md.contains(&format!("\nSlip: {history}.\n")), "{history_md}");
    assert!(
        history_md.contains(&format!("\nMilestone moves: {}.\n", basis(Basis::Commit))),
        "{history_md}"
    );
    // The signed figures, written one way: `+3d` in a table of working
    // days, `+3 working days` in words.
    let baseline_rows = milestone_rows(&report, "## Against baseline");
    assert_eq!(baseline_rows[2].1[3], "+3d");
    let history_rows = milestone_rows(&history_md, "## Milestone forecasts");
    assert_eq!(history_rows[2].1[4], "+3 working days");

    // The same PERT chance in `schedule` and `report`: never a certainty.
    for (k, id) in FORECAST_ORDER.iter().enumerate() {
        let in_schedule = schedule
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == *id))
            .unwrap()
            .split_whitespace()
            // id, title, forecast, expected (PERT) (a date and `±σ`),
            // deadline, margin, P(deadline).
            .nth(if l_starts_critical(&schedule, id) { 8 } else { 7 })
            .unwrap()
            .to_string();
        // The last column: Chance (PERT), after the Monte Carlo's two.
        let in_report = status[k].1[8].clone();
        let expected = if in_report == "—" {
            "-".to_string()
        } else {
            in_report.clone()
        };
        assert_eq!(
            in_schedule, expected,
            "P(deadline) of {id}: schedule {in_schedule}, report {in_report}"
        );
    }
    // Far from their deadlines, `a-late` and `b-tie` are near certain,
    // and shown as such, not as `100%`.
    assert_eq!(status[1].1[8], ">99%", "{report}");
}

/// Whether the schedule table marks `id` critical (`* id`): the columns
/// then start one word later.
fn l_starts_critical(schedule: &str, id: &str) -> bool {
    schedule.lines().any(|l| l.starts_with(&format!("* {id} ")))
}
