//! `milepost diff`'s P80 shift against `milepost forecast` run on each
//! revision with the same seed and runs, in a real Git repository built in
//! a temporary directory (fixed authors and dates: `support::Repo`).
//!
//! The project starts Monday 2026-03-02 and works Monday to Friday, without
//! holidays or people: a forecast's `day` is its working day from the
//! start, so the working days between two P80s on the same calendar are
//! the difference of their days.
//!
//! - v1: `a` (2d/4d/9d), then `b` (1d/3d/6d), for milestone `ga`; `c`
//!   (1d/2d/3d) for milestone `beta`.
//! - v2: only `a`'s title changes: the forecast is the same.
//! - v3: `b` becomes 4d/8d/16d: `ga` (and the project) slip.

use serde_json::Value;

use crate::support::{Repo, run};

const PROJECT: &str = "[project]\nname = \"P80\"\nstart = 2026-03-02\n";

/// A feature with a three-point estimate written `low/likely/high`.
fn feature(title: &str, milestone: &str, estimate: &str, extra: &str) -> String {
    let e: Vec<&str> = estimate.split('/').collect();
    let (low, likely, high) = (e[0], e[1], e[2]);
    format!(
        "title = \"{title}\"\nmilestone = \"{milestone}\"\nestimate = {{ low = \"{low}\", likely = \"{likely}\", high = \"{high}\" }}\n{extra}"
    )
}

fn history() -> Repo {
    let mut repo = Repo::new();
    let b = |e: &str| feature("Beta work", "ga", e, "depends-on = [\"a\"]\n");
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", "title = \"General availability\"\n"),
        ("plan/milestones/beta.toml", "title = \"Beta\"\n"),
        ("plan/features/a.toml", &feature("Alpha work", "ga", "2d/4d/9d", "")),
        ("plan/features/b.toml", &b("1d/3d/6d")),
        ("plan/features/c.toml", &feature("Side work", "beta", "1d/2d/3d", "")),
    ]);
    repo.commit("v1");
    repo.tag("v1");
    repo.write(&[("plan/features/a.toml", &feature("Alpha, renamed", "ga", "2d/4d/9d", ""))]);
    repo.commit("v2: a title");
    repo.tag("v2");
    repo.write(&[("plan/features/b.toml", &b("4d/8d/16d"))]);
    repo.commit("v3: b takes longer");
    repo.tag("v3");
    repo
}

const AS_OF: [&str; 2] = ["--as-of", "2026-03-02"];

fn json_of(repo: &Repo, args: &[&str]) -> (i32, Value) {
    let out = run(repo.milepost().args(args).args(AS_OF).args(["--format", "json"]));
    let v = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, v)
}

/// `forecast --rev REV`: the project's P80 and each milestone's, as (date, day).
fn forecast_p80(repo: &Repo, rev: &str, seed: &str, runs: &str) -> Vec<(String, String, i64)> {
    let (code, f) = json_of(repo, &["forecast", "--rev", rev, "--seed", seed, "--runs", runs]);
    assert_eq!(code, 0);
    let point = |p: &Value| {
        (
            p["date"].as_str().unwrap_or("").to_string(),
            p["day"].as_i64().unwrap_or(-1),
        )
    };
    let mut out = Vec::new();
    let (d, n) = point(&f["project"]["p80"]);
    out.push((String::new(), d, n));
    for m in f["milestones"].as_array().into_iter().flatten() {
        let (d, n) = point(&m["finish"]["p80"]);
        out.push((m["id"].as_str().unwrap_or("").to_string(), d, n));
    }
    out
}

/// The P80 shift of `diff` as (id, before, after, delta), the project first.
fn shift(d: &Value) -> Vec<(String, String, String, i64)> {
    let p = &d["p80"];
    let row = |id: &str, c: &Value| {
        (
            id.to_string(),
            c["before"].as_str().unwrap_or("").to_string(),
            c["after"].as_str().unwrap_or("").to_string(),
            c["delta_days"].as_i64().unwrap_or(i64::MIN),
        )
    };
    let mut out = vec![row("", &p["project"])];
    for m in p["milestones"].as_array().into_iter().flatten() {
        out.push(row(m["id"].as_str().unwrap_or(""), m));
    }
    out.sort();
    out
}

#[test]
fn the_p80_shift_is_the_difference_of_the_two_forecasts() {
    let repo = history();
    for (seed, runs) in [("7", "400"), ("1", "1000")] {
        let (code, d) = json_of(&repo, &["diff", "v1..v3", "--seed", seed, "--runs", runs]);
        assert_eq!(code, 0);
        assert_eq!(d["p80"]["runs"].as_i64(), runs.parse().ok());
        assert_eq!(d["p80"]["seed"].as_i64(), seed.parse().ok());
        let before = forecast_p80(&repo, "v1", seed, runs);
        let after = forecast_p80(&repo, "v3", seed, runs);
        let mut expected: Vec<_> = before
            .iter()
            .map(|(id, d0, n0)| {
                let (_, d1, n1) = after.iter().find(|(i, ..)| i == id).expect("same milestones");
                (id.clone(), d0.clone(), d1.clone(), n1 - n0)
            })
            .collect();
        expected.sort();
        assert_eq!(shift(&d), expected);
        // `b` is longer at every sample: `ga` and the project slip.
        let ga = expected.iter().find(|r| r.0 == "ga").expect("ga");
        assert!(ga.3 > 0, "{expected:?}");
    }
}

#[test]
fn an_unchanged_schedule_shifts_by_zero() {
    let repo = history();
    for range in ["v1..v2", "v1..v1"] {
        let (code, d) = json_of(&repo, &["diff", range, "--runs", "300", "--seed", "3"]);
        assert_eq!(code, 0);
        let rows = shift(&d);
        assert_eq!(rows.len(), 3, "the project, beta and ga: {rows:?}");
        for (id, before, after, delta) in rows {
            assert_eq!((before == after, delta), (true, 0), "{range}: {id}");
        }
    }
}

/// A side whose forecast inputs equal the other's is not forecast again
/// (its figures are the other's): each side's P80 must still be what
/// `forecast` gives for its own revision, and a change that only the
/// Monte Carlo reads (a risk) must not be taken for no change.
#[test]
fn each_side_is_its_own_forecast_when_only_a_risk_or_a_title_changes() {
    let mut repo = history();
    repo.write(&[(
        "plan/risks/late.toml",
        "title = \"Beta work slips\"\nprobability = 0.9\nimpact = { days = 10 }\naffects = [\"b\"]\n",
    )]);
    repo.commit("v4: a risk on b");
    repo.tag("v4");
    let (seed, runs) = ("5", "300");
    for (range, base, head, moves) in [("v3..v4", "v3", "v4", true), ("v1..v2", "v1", "v2", false)] {
        let (code, d) = json_of(&repo, &["diff", range, "--seed", seed, "--runs", runs]);
        assert_eq!(code, 0, "{range}");
        let (before, after) = (
            forecast_p80(&repo, base, seed, runs),
            forecast_p80(&repo, head, seed, runs),
        );
        let mut expected: Vec<_> = before
            .iter()
            .zip(&after)
            .map(|((id, d0, n0), (_, d1, n1))| (id.clone(), d0.clone(), d1.clone(), n1 - n0))
            .collect();
        expected.sort();
        assert_eq!(shift(&d), expected, "{range}");
        let ga = expected.iter().find(|r| r.0 == "ga").map(|r| r.3);
        assert_eq!(ga.is_some_and(|delta| delta > 0), moves, "{range}: {expected:?}");
    }
}

/// Unless `--runs` says, each side of a diff where either has more than
/// 5,000 features gets 1,000 × 5,000 / features runs (as `report`): 6,250
/// features get 800, the same on both sides.
#[test]
fn a_large_plan_gets_fewer_runs_unless_told() {
    let mut repo = Repo::new();
    let feature = "title = \"F\"\nestimate = { low = \"1d\", likely = \"2d\", high = \"4d\" }\n";
    let files: Vec<(String, &str)> = (0..6_250)
        .map(|i| (format!("plan/features/f{i}.toml"), feature))
        .collect();
    let mut files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), *t)).collect();
    files.push(("plan/project.toml", PROJECT));
    repo.write(&files);
    repo.commit("6,250 features");
    // The working tree is HEAD's plan: one forecast, for both sides.
    let (code, d) = json_of(&repo, &["diff", "HEAD"]);
    assert_eq!(code, 0, "{d}");
    assert_eq!(d["p80"]["runs"].as_i64(), Some(800));
    assert_eq!(d["p80"]["project"]["delta_days"].as_i64(), Some(0));
    let (_, d) = json_of(&repo, &["diff", "HEAD", "--runs", "9"]);
    assert_eq!(d["p80"]["runs"].as_i64(), Some(9));
    // The two sides are scheduled on two threads at this size: the same
    // diff as on one.
    repo.write(&[("plan/features/f7.toml", "title = \"F\"\nestimate = \"6d\"\n")]);
    let on = |threads: &str| {
        let out = run(repo
            .milepost()
            .args(["diff", "HEAD", "--runs", "5", "--format", "json"])
            .args(AS_OF)
            .env("MILEPOST_THREADS", threads));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let one = on("1");
    assert!(one.contains("\"f7\""), "{one}");
    assert_eq!(on("2"), one);
}

#[test]
fn runs_0_leaves_the_p80_out() {
    let repo = history();
    let (code, d) = json_of(&repo, &["diff", "v1..v3", "--runs", "0"]);
    assert_eq!(code, 0);
    assert!(d["p80"].is_null());
    let out = run(repo
        .milepost()
        .args(["diff", "v1..v3", "--runs", "0", "--fail-on-p80-slip", "1"])
        .args(AS_OF));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.stdout, "", "nothing compared");
    assert_eq!(
        out.stderr,
        "error: `--fail-on-p80-slip 1` gates on the Monte Carlo P80, which `--runs 0` leaves out\n  \
         help: give `--runs` at least 1 (the default is 1000), or drop `--fail-on-p80-slip` to diff without the Monte Carlo\n"
    );
}

#[test]
fn fail_on_p80_slip_gates_on_the_largest_p80_slip() {
    let repo = history();
    let args = ["diff", "v1..v3", "--runs", "500"];
    let (_, d) = json_of(&repo, &args);
    let worst = shift(&d).iter().map(|r| r.3).max().unwrap_or(0);
    assert!(worst > 1, "{worst}");
    let limit = (worst - 1).to_string();
    let (code, d) = json_of(&repo, &[&args[..], &["--fail-on-p80-slip", &limit]].concat());
    assert_eq!(code, 1);
    assert_eq!(d["gate"]["fail_on_p80_slip"].as_i64(), Some(worst - 1));
    assert_eq!(d["gate"]["tripped"], Value::Bool(true));
    let reasons = d["gate"]["reasons"].to_string();
    assert!(reasons.contains("P80"), "{reasons}");
    let limit = worst.to_string();
    let (code, d) = json_of(&repo, &[&args[..], &["--fail-on-p80-slip", &limit]].concat());
    assert_eq!(code, 0, "{d}");
    assert_eq!(d["gate"]["tripped"], Value::Bool(false));
    // An unchanged plan never trips it, even at 0.
    let (code, _) = json_of(&repo, &["diff", "v1..v2", "--fail-on-p80-slip", "0"]);
    assert_eq!(code, 0);
}

#[test]
fn human_and_markdown_show_the_p80_that_moved() {
    let repo = history();
    let out = run(repo.milepost().args(["diff", "v1..v3", "--runs", "500"]).args(AS_OF));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("diff-p80-human", out.stdout);
    let out = run(repo
        .milepost()
        .args(["diff", "v1..v3", "--runs", "500", "--format", "markdown"])
        .args(AS_OF));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("diff-p80-markdown", out.stdout);
    // Nothing about the P80 when it did not move.
    let out = run(repo.milepost().args(["diff", "v1..v2"]).args(AS_OF));
    assert!(!out.stdout.contains("P80"), "{}", out.stdout);
}
