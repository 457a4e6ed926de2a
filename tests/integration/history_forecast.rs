//! `milepost history --forecast`: each commit's Monte Carlo figures against
//! `milepost forecast --rev COMMIT --as-of DATE` with the same runs and
//! seed, in a real Git repository built in a temporary directory (fixed
//! authors and dates: `support::Repo`, one commit a day at 08:00 UTC).
//!
//! The project starts Monday 2026-03-02 and works Monday to Friday; Ana
//! and Bob own the work, so each run is leveled (and with `--no-level`, not).
//!
//! | commit | date | what | Monte Carlo |
//! |---|---|---|---|
//! | c1 | Tue 03-03 | `a`, `b` (after `a`) for `ga`; `c` for `beta`; risk `r` (p 0.3, 5d on `b`) | run |
//! | c2 | Wed 03-04 | `a`'s title | run (another working day) |
//! | c3 | Thu 03-05 | `b` takes longer | run |
//! | c4 | Fri 03-06 | `r`'s title | run (another working day) |
//! | c5 | Sat 03-07 | `c` takes longer | run (as of Monday 03-09) |
//! | c6 | Sun 03-08 | `a`'s title | c5's figures: the same inputs, the same working day |
//! | c7 | Mon 03-09 | `r`'s probability 0.3 → 0.9 | run: the schedule's inputs are the same, the risks are not |
//! | c8 | Tue 03-10 | `b` waits for `zz`: invalid | none |
//! | c9 | Wed 03-11 | fixed | run |

use serde_json::Value;

use crate::support::{Repo, by_id, run};

const PROJECT: &str = r#"[project]
name = "Confidence"
start = 2026-03-02

[[people]]
id = "ana"
name = "Ana"

[[people]]
id = "bob"
name = "Bob"
"#;

/// A feature with a three-point estimate written `low/likely/high`.
fn feature(title: &str, milestone: &str, owner: &str, estimate: &str, extra: &str) -> String {
    let e: Vec<&str> = estimate.split('/').collect();
    format!(
        "title = \"{title}\"\nmilestone = \"{milestone}\"\nowner = \"{owner}\"\nestimate = {{ low = \"{}\", likely = \"{}\", high = \"{}\" }}\n{extra}",
        e[0], e[1], e[2]
    )
}

fn risk(title: &str, probability: f64) -> String {
    format!("title = \"{title}\"\nprobability = {probability}\nimpact = {{ days = 5 }}\naffects = [\"b\"]\n")
}

/// The history in the table above.
fn scripted() -> Repo {
    let mut repo = Repo::new();
    let b = |e: &str, after: &str| feature("Beta work", "ga", "bob", e, &format!("depends-on = [\"{after}\"]\n"));
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/milestones/ga.toml", "title = \"GA\"\ndeadline = 2026-03-27\n"),
        ("plan/milestones/beta.toml", "title = \"Beta\"\n"),
        (
            "plan/features/a.toml",
            &feature("Alpha work", "ga", "ana", "2d/4d/9d", ""),
        ),
        ("plan/features/b.toml", &b("1d/3d/6d", "a")),
        (
            "plan/features/c.toml",
            &feature("Side work", "beta", "ana", "1d/2d/3d", ""),
        ),
        ("plan/risks/r.toml", &risk("Vendor late", 0.3)),
    ]);
    repo.commit("c1: plan");
    repo.write(&[("plan/features/a.toml", &feature("Alpha", "ga", "ana", "2d/4d/9d", ""))]);
    repo.commit("c2: a's title");
    repo.write(&[("plan/features/b.toml", &b("4d/8d/16d", "a"))]);
    repo.commit("c3: b takes longer");
    repo.write(&[("plan/risks/r.toml", &risk("The vendor is late", 0.3))]);
    repo.commit("c4: r's title");
    repo.write(&[(
        "plan/features/c.toml",
        &feature("Side work", "beta", "ana", "2d/5d/12d", ""),
    )]);
    repo.commit("c5: c takes longer");
    repo.write(&[(
        "plan/features/a.toml",
        &feature("Alpha work", "ga", "ana", "2d/4d/9d", ""),
    )]);
    repo.commit("c6: a's title again");
    repo.write(&[("plan/risks/r.toml", &risk("The vendor is late", 0.9))]);
    repo.commit("c7: r is likely");
    repo.write(&[("plan/features/b.toml", &b("4d/8d/16d", "zz"))]);
    repo.commit("c8: invalid");
    repo.write(&[("plan/features/b.toml", &b("4d/8d/16d", "a"))]);
    repo.commit("c9: fixed");
    repo
}

fn json(repo: &Repo, args: &[&str], threads: &str) -> Value {
    let out = run(repo
        .milepost()
        .args(args)
        .args(["--format", "json"])
        .env("MILEPOST_THREADS", threads));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// A finish's (P50, P80, P95) from `forecast --format json`.
fn band(finish: &Value) -> [String; 3] {
    ["p50", "p80", "p95"].map(|q| finish[q]["date"].as_str().unwrap().to_string())
}

/// The same from `history`'s `monte_carlo.commits[]`.
fn history_band(c: &Value) -> [String; 3] {
    ["p50", "p80", "p95"].map(|q| c[q].as_str().unwrap().to_string())
}

/// Each commit's figures as `history --forecast` gives them and as
/// `forecast --rev` does, as (commit, project band, [(milestone, band,
/// deadline chance)]).
type Figures = Vec<(String, [String; 3], Vec<(String, [String; 3], Option<f64>)>)>;

/// The milestones of either document: each one's band (read by `band`)
/// and its deadline chance (the key `chance`).
fn milestones(ms: &Value, band: fn(&Value) -> [String; 3], chance: &str) -> Vec<(String, [String; 3], Option<f64>)> {
    let row = |m: &Value| (m["id"].as_str().unwrap().to_string(), band(m), m[chance].as_f64());
    ms.as_array().unwrap().iter().map(row).collect()
}

fn history_figures(h: &Value) -> Figures {
    let commit = |c: &Value| {
        (
            c["commit"].as_str().unwrap().to_string(),
            history_band(&c["project"]),
            milestones(&c["milestones"], history_band, "deadline_chance"),
        )
    };
    h["monte_carlo"]["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(commit)
        .collect()
}

fn forecast_figures(repo: &Repo, commit: &str, date: &str, more: &[&str]) -> Figures {
    let args = [&["forecast", "--rev", commit, "--as-of", date][..], more].concat();
    let f = json(repo, &args, "2");
    let finish = |m: &Value| band(&m["finish"]);
    let ms = milestones(&f["milestones"], finish, "deadline_probability");
    vec![(commit.to_string(), band(&f["project"]), ms)]
}

#[test]
fn each_commits_figures_are_forecast_at_that_commit() {
    let repo = scripted();
    for level in [&[][..], &["--no-level"][..]] {
        let mc = ["--forecast", "--runs", "300", "--seed", "7"];
        let h = json(&repo, &[&["history"][..], level, &mc].concat(), "2");
        assert_eq!(h["monte_carlo"]["runs"], 300);
        assert_eq!(h["monte_carlo"]["seed"], 7);
        assert_eq!(h["monte_carlo"]["distribution"], "pert");
        let got = history_figures(&h);
        // Every valid commit, oldest first; c8's plan is invalid.
        let log: Vec<[String; 4]> = h["log"]
            .as_array()
            .unwrap()
            .iter()
            .rev()
            .map(|e| ["short", "date", "state", "subject"].map(|k| e[k].as_str().unwrap().to_string()))
            .collect();
        assert_eq!(log.len(), 9);
        let valid: Vec<&[String; 4]> = log.iter().filter(|e| e[2] == "valid").collect();
        assert_eq!(valid.len(), 8);
        assert_eq!(
            got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(),
            valid.iter().map(|e| e[0].as_str()).collect::<Vec<_>>()
        );
        let mut expected = Vec::new();
        for [short, date, ..] in &valid {
            expected.extend(forecast_figures(
                &repo,
                short,
                date,
                &[&["--runs", "300", "--seed", "7"][..], level].concat(),
            ));
        }
        assert_eq!(got, expected, "level {level:?}");
        // The deterministic forecast beside: `scope[].finish` for the project.
        for (c, s) in h["monte_carlo"]["commits"]
            .as_array()
            .unwrap()
            .iter()
            .zip(h["scope"].as_array().unwrap())
        {
            assert_eq!(c["project"]["forecast"], s["finish"]);
        }

        // c6 only renamed a feature, on c5's working day: the same figures
        // (common random numbers). c7 changed a risk alone, on that day
        // again: its figures are its own (`forecast --rev` says they
        // differ), not c5's reused.
        let at = |subject: &str| {
            let e = log.iter().find(|e| e[3] == subject).unwrap();
            got.iter().find(|g| g.0 == e[0]).unwrap()
        };
        let (c5, c6, c7) = (
            at("c5: c takes longer"),
            at("c6: a's title again"),
            at("c7: r is likely"),
        );
        assert_eq!((&c5.1, &c5.2), (&c6.1, &c6.2));
        assert_ne!(c6.1[1], c7.1[1], "a risk of 0.9 moves the project's P80");
    }
}

#[test]
fn threads_do_not_change_the_output() {
    let repo = scripted();
    for format in ["json", "markdown"] {
        let args = ["history", "--forecast", "--runs", "200", "--format", format];
        let one = run(repo.milepost().args(args).env("MILEPOST_THREADS", "1"));
        let three = run(repo.milepost().args(args).env("MILEPOST_THREADS", "3"));
        assert_eq!(one.code, 0, "{}", one.stderr);
        assert!(
            one.stdout == three.stdout,
            "{format}: output differs between 1 and 3 threads"
        );
    }
}

/// Without `--forecast` the document has no figures, and the slip chart
/// shows the forecast alone; with it, the P50 and P95 besides, and the
/// tables the P50, P80, P95 and chance of the deadline.
#[test]
fn markdown_shows_the_band() {
    let repo = scripted();
    let h = json(&repo, &["history"], "2");
    assert!(h["monte_carlo"].is_null());
    let ga = by_id(&h["milestones"], "ga");
    assert!(
        ga["points"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["confidence"].is_null())
    );

    let plain = run(repo.milepost().arg("history"));
    assert!(plain.stdout.contains("title \"GA: slip\""), "{}", plain.stdout);
    let out = run(repo.milepost().args(["history", "--forecast", "--runs", "200"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    insta::assert_snapshot!("history-forecast-markdown", out.stdout);
    // Well-formed Markdown: the milestones, each one's slip table, weeks.
    let found = crate::report::check_markdown("history --forecast", &out.stdout);
    assert_eq!(found.tables, 4);
    let chart = out
        .stdout
        .split("title \"GA: slip (red), P50 (blue), P95 (green)\"")
        .nth(1)
        .unwrap();
    let chart = &chart[..chart.find("```").unwrap()];
    assert_eq!(chart.matches("    line [").count(), 3, "{chart}");
    assert!(
        out.stdout.contains(
            "| Date | Commit | Forecast | P50 | 80% confident by | P95 | Deadline | Chance | Margin | Slip |"
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("200 Monte Carlo runs"), "{}", out.stdout);

    // The chart's lines are the points' slips: the forecast's, the P50's
    // and the P95's, in working days from the first forecast.
    let h = json(&repo, &["history", "--forecast", "--runs", "200"], "2");
    let ga = by_id(&h["milestones"], "ga");
    let points = ga["points"].as_array().unwrap();
    let line = |f: &dyn Fn(&Value) -> i64| {
        let v: Vec<String> = points.iter().map(|p| f(p).to_string()).collect();
        format!("    line [{}]", v.join(", "))
    };
    let c = |k: &'static str| move |p: &Value| p["confidence"][k].as_i64().unwrap();
    assert!(chart.contains(&line(&|p| p["slip_days"].as_i64().unwrap())), "{chart}");
    assert!(chart.contains(&line(&c("p50_slip_days"))), "{chart}");
    assert!(chart.contains(&line(&c("p95_slip_days"))), "{chart}");
    // P50 ≤ P80 ≤ P95 at every point.
    for p in points {
        let d = |k: &str| p["confidence"][k].as_str().unwrap().to_string();
        assert!(d("p50") <= d("p80") && d("p80") <= d("p95"), "{p}");
    }
}

#[test]
fn bad_runs_are_clear_errors() {
    let repo = scripted();
    for (args, says) in [
        (
            &["--forecast", "--runs", "0"][..],
            "from 1 to 1000000 (200 is the default)",
        ),
        (&["--forecast", "--runs", "many"][..], "from 1 to 1000000"),
        (&["--forecast", "--runs", "2000000"][..], "from 1 to 1000000"),
        (&["--forecast", "--seed=-1"][..], "as the seed"),
        (&["--runs", "100"][..], "--forecast"),
        (&["--seed", "3"][..], "--forecast"),
    ] {
        let out = run(repo.milepost().arg("history").args(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(says), "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "");
    }
}
