//! The report's Monte Carlo figures (issue 15, "confidence everywhere"):
//! each milestone's "80% confident by" and chance of its deadline, and
//! each risk's effect on the P80, checked against `milepost forecast
//! --format json` for the same plan, seed and runs: two paths through the
//! command line to the same engine.

use serde_json::Value;

use crate::support::{by_id, milepost, run, write_files};

/// A small plan: two chains of three-point work into a milestone with a
/// deadline, a risk on one chain, one person owning the other.
fn small_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let feature = |est: &str, after: &str, more: &str| {
        format!("title = \"F\"\nmilestone = \"end\"\nestimate = {est}\ndepends-on = [{after}]\n{more}")
    };
    let a = feature("{ low = \"3d\", likely = \"5d\", high = \"12d\" }", "", "");
    let b = feature("{ low = \"2d\", likely = \"4d\", high = \"9d\" }", "\"a\"", "");
    let c = feature(
        "{ low = \"4d\", likely = \"6d\", high = \"10d\" }",
        "",
        "owner = \"ann\"\n",
    );
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"T\"\nstart = 2026-01-05\n\n[[people]]\nid = \"ann\"\nname = \"Ann\"\n",
            ),
            ("features/a.toml", &a),
            ("features/b.toml", &b),
            ("features/c.toml", &c),
            ("milestones/end.toml", "title = \"End\"\ndeadline = 2026-01-21\n"),
            ("milestones/mid.toml", "title = \"Mid\"\n"),
            (
                "risks/r.toml",
                "title = \"R\"\nprobability = 0.4\nimpact = { days = 6 }\naffects = [\"a\"]\n",
            ),
            (
                "risks/q.toml",
                "title = \"Q\"\nprobability = 0.5\nimpact = { days = 3 }\naffects = [\"c\"]\nstatus = \"closed\"\n",
            ),
        ],
    );
    dir
}

fn json(args: &[&str], threads: &str) -> Value {
    let out = run(milepost().args(args).env("MILEPOST_THREADS", threads));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// `report --context` and `forecast --format json` for the same plan,
/// seed, runs and `--no-level` (or not).
fn both(plan: &str, extra: &[&str]) -> (Value, Value) {
    let common = ["--plan", plan, "--as-of", "2026-01-05", "--runs", "700", "--seed", "11"];
    let report: Vec<&str> = ["report", "--context", "--no-since"]
        .iter()
        .chain(&common)
        .chain(extra)
        .copied()
        .collect();
    let forecast: Vec<&str> = ["forecast", "--format", "json"]
        .iter()
        .chain(&common)
        .chain(extra)
        .copied()
        .collect();
    (json(&report, "2"), json(&forecast, "2"))
}

#[test]
fn the_reports_confidence_is_the_forecasts() {
    let dir = small_plan();
    let plan = dir.path().to_str().unwrap();
    for extra in [&[][..], &["--no-level"][..]] {
        let (report, forecast) = both(plan, extra);
        let mc = &report["monte_carlo"];
        assert_eq!((mc["runs"].as_u64(), mc["seed"].as_u64()), (Some(700), Some(11)));
        assert_eq!(mc["leveled"], forecast["leveled"], "{extra:?}");
        assert_eq!(
            mc["leveled"],
            extra.is_empty(),
            "Ann owns work: leveled unless --no-level"
        );
        for (k, key) in [("p50", "p50"), ("p80", "p80"), ("p95", "p95")] {
            assert_eq!(mc[k], forecast["project"][key]["date"], "{extra:?} project {k}");
        }
        let milestones = report["milestones"].as_array().unwrap();
        assert_eq!(milestones.len(), 2);
        for m in milestones {
            let f = by_id(&forecast["milestones"], m["id"].as_str().unwrap());
            let c = &m["monte_carlo"];
            assert_eq!(c["p80"], f["finish"]["p80"]["date"], "{}", m["id"]);
            assert_eq!(c["p50"], f["finish"]["p50"]["date"], "{}", m["id"]);
            assert_eq!(c["deadline_chance"], f["deadline_probability"], "{}", m["id"]);
        }
        // The deadline is neither certain nor hopeless: the check is not vacuous.
        let end = milestones.iter().find(|m| m["id"] == "end").unwrap();
        let chance = end["monte_carlo"]["deadline_chance"].as_f64().unwrap();
        assert!(chance > 0.0 && chance < 1.0, "{chance}");
        let mid = milestones.iter().find(|m| m["id"] == "mid").unwrap();
        assert!(
            mid["monte_carlo"]["deadline_chance"].is_null(),
            "no deadline, no chance"
        );

        // The open risk's effect is the forecast's swing for it; the closed
        // one moves nothing and has none.
        let risks = report["risks"].as_array().unwrap();
        let r = risks.iter().find(|r| r["id"] == "r").unwrap();
        let swing = forecast["sensitivity"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["kind"] == "risk" && s["id"] == "r")
            .unwrap();
        let effect = &r["p80_effect"];
        assert_eq!(effect["if_not"], swing["p80_low"]["date"]);
        assert_eq!(effect["if_occurs"], swing["p80_high"]["date"]);
        assert_eq!(effect["days"], swing["swing_days"]);
        assert!(
            effect["days"].as_i64().unwrap() > 0,
            "6 days on the longer chain move the P80"
        );
        let q = risks.iter().find(|r| r["id"] == "q").unwrap();
        assert!(q["p80_effect"].is_null());
    }
}

#[test]
fn the_report_shows_the_confidence_and_runs_0_leaves_it_out() {
    let dir = small_plan();
    let plan = dir.path().to_str().unwrap();
    let (context, _) = both(plan, &[]);
    let end = by_id(&context["milestones"], "end").clone();
    let p80 = end["monte_carlo"]["p80"].as_str().unwrap().to_string();
    let args = |runs: &str, more: &[&str]| {
        let mut a: Vec<String> = [
            "report",
            "--no-since",
            "--plan",
            plan,
            "--as-of",
            "2026-01-05",
            "--seed",
            "11",
            "--runs",
            runs,
        ]
        .map(String::from)
        .to_vec();
        a.extend(more.iter().map(|s| s.to_string()));
        a
    };
    let out = run(milepost().args(args("700", &[])));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("80% confident by"), "{}", out.stdout);
    let row = out.stdout.lines().find(|l| l.starts_with("| End (`end`)")).unwrap();
    assert!(row.contains(&format!("| {p80} |")), "{row}");
    assert!(out.stdout.contains("PERT is the analytic approximation"));
    assert!(out.stdout.contains("Effect on P80"));
    let risks = run(milepost().args(args("700", &[])).arg("risks"));
    assert!(risks.stdout.contains("Effect on P80"), "{}", risks.stdout);
    let exec = run(milepost().args(args("700", &["--audience", "exec"])));
    assert!(exec.stdout.contains("80% confident by"), "{}", exec.stdout);

    let none = json(
        &args("0", &["--context"]).iter().map(String::as_str).collect::<Vec<_>>(),
        "2",
    );
    assert!(none["monte_carlo"].is_null());
    assert!(
        none["milestones"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["monte_carlo"].is_null())
    );
    assert!(
        none["risks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["p80_effect"].is_null())
    );
    for (kind, audience) in [("status", "engineering"), ("status", "exec"), ("risks", "engineering")] {
        let out = run(milepost().args(args("0", &[kind, "--audience", audience])));
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(!out.stdout.contains("80% confident by"), "{kind} {audience}");
        assert!(!out.stdout.contains("Effect on P80"), "{kind} {audience}");
    }
    let out = run(milepost().args(args("0", &[])));
    assert!(out.stdout.contains("No Monte Carlo (`--runs 0`)"), "{}", out.stdout);
}

/// Unless `--runs` says, a plan of more than 5,000 features gets fewer
/// Monte Carlo runs, as many feature-runs as 5,000 features get at 1,000
/// runs: 6,250 features get 5,000,000 / 6,250 = 800. `--runs` is taken as
/// it is, and a plan of 5,000 features or fewer gets the whole 1,000.
#[test]
fn a_large_plan_gets_fewer_runs_unless_told() {
    let dir = tempfile::tempdir().unwrap();
    let project = (
        "project.toml".to_string(),
        "[project]\nname = \"L\"\nstart = 2026-01-05\n".to_string(),
    );
    let feature = "title = \"F\"\nestimate = { low = \"1d\", likely = \"2d\", high = \"4d\" }\n";
    let files: Vec<(String, String)> = std::iter::once(project)
        .chain((0..6_250).map(|i| (format!("features/f{i}.toml"), feature.to_string())))
        .collect();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_files(dir.path(), &files);
    let plan = dir.path().to_str().unwrap();
    let runs = |extra: &[&str]| {
        let args = [
            &[
                "report",
                "--context",
                "--no-since",
                "--plan",
                plan,
                "--as-of",
                "2026-01-05",
            ][..],
            extra,
        ]
        .concat();
        json(&args, "2")["monte_carlo"]["runs"].as_i64()
    };
    assert_eq!(runs(&[]), Some(800));
    assert_eq!(runs(&["--runs", "7"]), Some(7));
    let small = small_plan();
    let small = small.path().to_str().unwrap();
    let args = [
        "report",
        "--context",
        "--no-since",
        "--plan",
        small,
        "--as-of",
        "2026-01-05",
    ];
    assert_eq!(json(&args, "2")["monte_carlo"]["runs"].as_i64(), Some(1_000));
}

#[test]
fn report_runs_must_be_a_count() {
    for value in ["-1", "many", "2000000"] {
        let out = run(milepost().args(["report", "--plan", "examples/atlas/plan", &format!("--runs={value}")]));
        assert_eq!(out.code, 2, "{value}");
        assert!(
            out.stderr.contains(
                "from 0 (no Monte Carlo) to 1000000 (the default is 1000, fewer on plans of more than 5000 features)"
            ),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn the_report_is_the_same_on_one_thread_and_three() {
    for audience in ["engineering", "exec"] {
        let args = [
            "report",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-03-16",
            "--no-since",
            "--audience",
            audience,
        ];
        let one = run(milepost().args(args).env("MILEPOST_THREADS", "1"));
        let three = run(milepost().args(args).env("MILEPOST_THREADS", "3"));
        assert_eq!(one.code, 0, "{}", one.stderr);
        assert!(one.stdout.contains("80% confident by"));
        assert!(
            one.stdout == three.stdout,
            "{audience}: output differs between 1 and 3 threads"
        );
    }
}

/// The budget against the cost, worked out by hand. Ana (€1,000 a day)
/// did A (20 days) and B (30 days): €50,000 planned, done work, whose cost
/// no run samples. Risk `late` occurred (€2,000): certain, so €52,000 of the
/// €60,000 budget is used (87%), €8,000 left, short of the €5,000
/// contingency. Risk `vendor` may happen (30%, €10,000): each Monte Carlo
/// run costs €52,000, or €62,000 when it happens, so P50 is €52,000, P80
/// and P95 €62,000, and the runs within the budget are those without it:
/// about 70% (one in 1,000 runs is a 1.45-point standard error; the band
/// is five of them).
#[test]
fn the_budget_counts_risks_that_occurred_and_the_cost_of_each_run() {
    let dir = tempfile::tempdir().unwrap();
    let project = "[project]\nname = \"Costs\"\nstart = 2026-03-02\ncurrency = \"EUR\"\n\n\
                   [budget]\ntotal = 60000\ncontingency = 5000\n\n\
                   [[people]]\nid = \"ana\"\nname = \"Ana\"\nday-rate = 1000\n";
    write_files(
        dir.path(),
        &[
            ("project.toml", project),
            (
                "features/a.toml",
                "title = \"A\"\nowner = \"ana\"\nestimate = \"20d\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-27\n",
            ),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \"30d\"\nstatus = \"done\"\nstarted = 2026-03-30\nfinished = 2026-05-08\n",
            ),
            (
                "risks/late.toml",
                "title = \"Late\"\nstatus = \"occurred\"\nprobability = 0.5\nimpact = { cost = 2000 }\naffects = [\"a\"]\n",
            ),
            (
                "risks/vendor.toml",
                "title = \"Vendor\"\nprobability = 0.3\nimpact = { cost = 10000 }\naffects = [\"b\"]\n",
            ),
        ],
    );
    let report = |more: &[&str]| {
        let out = run(milepost()
            .args(["report", "--no-since", "--as-of", "2026-06-01", "--seed", "7", "--plan"])
            .arg(dir.path())
            .args(more));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let context: Value = serde_json::from_str(&report(&["--runs", "1000", "--context"])).unwrap();
    let b = &context["budget"];
    assert_eq!(b["planned"], 50000.0);
    assert_eq!(b["occurred_risks"], 2000.0);
    assert_eq!(b["remaining"], 8000.0);
    assert!((b["used"].as_f64().unwrap() - 52.0 / 60.0).abs() < 1e-12, "{b}");
    assert_eq!(
        (b["over"].clone(), b["into_contingency"].clone()),
        (false.into(), false.into())
    );
    let mc = &b["monte_carlo"];
    assert_eq!(
        (mc["p50"].as_f64(), mc["p80"].as_f64(), mc["p95"].as_f64()),
        (Some(52000.0), Some(62000.0), Some(62000.0))
    );
    let within = mc["within_budget"].as_f64().unwrap();
    assert!((within - 0.7).abs() < 5.0 * 0.0145, "{within}");

    let text = report(&["--runs", "1000"]);
    assert!(
        text.contains(
            "Planned cost **€50,000**, plus **€2,000** for risks that occurred, of a budget of **€60,000** \
             (including €5,000 contingency): 87% used, €8,000 left. Done work accounts for €50,000."
        ),
        "{text}"
    );
    let percent = format!("{}%", (within * 100.0).round());
    assert!(
        text.contains(&format!(
            "Cost over the 1000 Monte Carlo runs (estimate ranges, and the open risks that happen in each): \
             €52,000 at P50, €62,000 at P80; {percent} of the runs stay within the budget."
        )),
        "{text}"
    );
    let exec = report(&["--runs", "1000", "--audience", "exec"]);
    assert!(
        exec.contains(&format!(
            "**Budget:** €50,000 planned, plus €2,000 for risks that occurred, of €60,000 (87%); \
             {percent} chance of staying within it (P80 €62,000)."
        )),
        "{exec}"
    );
    // Without runs: no Monte Carlo figure, the rest alike.
    let context: Value = serde_json::from_str(&report(&["--runs", "0", "--context"])).unwrap();
    assert_eq!(context["budget"]["monte_carlo"], Value::Null);
    assert_eq!(context["budget"]["remaining"], 8000.0);
    assert!(!report(&["--runs", "0"]).contains("Monte Carlo runs (estimate"));
    // Without a budget: the cost alone, and no share of runs within it.
    let unbudgeted = project.replace("[budget]\ntotal = 60000\ncontingency = 5000\n\n", "");
    assert_ne!(unbudgeted, project);
    std::fs::write(dir.path().join("project.toml"), unbudgeted).unwrap();
    let text = report(&["--runs", "1000"]);
    assert!(
        text.contains(
            "Planned cost **€50,000**, plus **€2,000** for risks that occurred; the plan sets no budget. \
             Done work accounts for €50,000."
        ),
        "{text}"
    );
    assert!(text.contains("€52,000 at P50, €62,000 at P80.\n"), "{text}");
    // No risk occurred: none of their cost, written as a plain 0.
    std::fs::remove_file(dir.path().join("risks/late.toml")).unwrap();
    let context = report(&["--runs", "0", "--context"]);
    assert!(context.contains("\"occurred_risks\": 0.0,"), "{context}");
    assert!(!report(&["--runs", "0"]).contains("risks that occurred"));
}
