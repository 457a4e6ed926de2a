//! `cargo bench --bench report`: how long `milepost report` takes on a large
//! plan with a large team, next to `milepost check` on the same plan.
//!
//! The plan (see `synth.rs`) has 50,000 features (`MILEPOST_REPORT_FEATURES`),
//! 200 milestones and 2,000 people (`MILEPOST_REPORT_PEOPLE`), some part
//! time, some with time off, some with a working week of their own, owning
//! the features between them. These run as processes, in turns,
//! `MILEPOST_BENCH_RUNS` rounds (default 5) after a warm-up run each, so
//! that a noisy moment of a shared machine falls on all of them alike:
//!
//! - `milepost check --plan DIR --format json`, the reference;
//! - `milepost schedule --plan DIR --as-of 2026-03-02 --format json`, with
//!   and without `--no-level`;
//! - `milepost report` (status), with and without `--no-level`, `report
//!   roadmap`, `report --context` and `report --format html` (the status
//!   page: status, roadmap and risk register), all `--as-of 2026-03-02
//!   --no-since --runs N`.
//!
//! `N`, the Monte Carlo runs of every `report` command, is
//! `MILEPOST_REPORT_RUNS`, 0 unless told: the report's own work, without
//! the forecast. `report`'s default, 1,000 runs each leveled like the
//! schedule, takes minutes on this plan (every run levels 50,000 features
//! for 2,000 people), which would make the bench last hours; set
//! `MILEPOST_REPORT_RUNS=1000` (with `MILEPOST_BENCH_RUNS=1`) to time it.
//!
//! Targets: `report` (status) takes at most 2x `check`; `report --format
//! html` at most 2x `report` (issue 18, on the plan of 5,000 features:
//! `MILEPOST_REPORT_FEATURES=5000`). The report of a plan
//! whose people own work is leveled (docs/scheduling.md); `--no-level`
//! leaves the leveling out, which shows the report's own share. A second
//! table times the stages of `report` in process (median of the same number
//! of runs): load and validate, schedule (leveled, and the critical path
//! method alone, each on a new thread, as a process schedules once), the
//! report's context, rendering the status template (Markdown, and HTML
//! with the chart inlined), and drawing the SVG Gantt chart
//! (`render::svg::gantt`).
//! `MILEPOST_BENCH_DIR=DIR` writes the plan to `DIR/plan` (which must not
//! exist) and keeps it.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "synth.rs"]
mod synth;
#[path = "timing.rs"]
mod timing;

use timing::{Measured, Stats, check_dir, env_usize, measure, measure_in_turns, milepost_binary, ms, verdict};

/// The allocator the `milepost` binary uses, for the in-process stages.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SEED: u64 = 2026;
const AS_OF: &str = "2026-03-02";
/// `report` may take at most this many times `check`.
const MAX_RATIO: f64 = 2.0;

fn main() {
    // Arguments (`cargo bench` passes `--bench`) are ignored.
    let runs = env_usize("MILEPOST_BENCH_RUNS").unwrap_or(5).max(1);
    let features = env_usize("MILEPOST_REPORT_FEATURES").unwrap_or(50_000);
    let people = env_usize("MILEPOST_REPORT_PEOPLE").unwrap_or(2_000);
    // Monte Carlo runs of each `report` command: none unless told (see above).
    let mc_runs = env_usize("MILEPOST_REPORT_RUNS").unwrap_or(0).to_string();
    let bin = milepost_binary();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::TempDir::new().expect("create a temporary directory");
    let kept = std::env::var_os("MILEPOST_BENCH_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(tmp.path()).join("plan");
    assert!(!dir.exists(), "{} exists already", dir.display());

    let options = synth::Options {
        people: Some(synth::People::new(people)),
    };
    let t = Instant::now();
    synth::write_plan_with(&dir, features, SEED, &options).expect("write the synthetic plan");
    let generated = t.elapsed();
    ensure_clean(&dir);

    println!("milepost report benchmark");
    println!("  cores:   {cores} (std::thread::available_parallelism)");
    println!("  binary:  {}", bin.display());
    println!(
        "  plan:    {features} features, {} milestones, {people} people (seed {SEED}), generated in {:.0} ms{}",
        synth::milestone_count(features),
        ms(generated),
        kept.as_ref()
            .map_or(String::new(), |_| format!(", kept in {}", dir.display()))
    );
    println!("  report:  --runs {mc_runs} (Monte Carlo runs, MILEPOST_REPORT_RUNS; report's own default is 1000)");
    println!("  method:  every command as a process, 1 warm-up run each, then {runs} rounds in turns; median,");
    println!("           fastest and slowest; stdout read and discarded; warm page cache");
    println!();

    let flags = ["--as-of", AS_OF, "--no-since", "--runs", mc_runs.as_str()];
    let schedule = ["schedule", "--as-of", AS_OF, "--format", "json"];
    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("check --format json", vec!["check", "--format", "json"]),
        ("schedule --format json", schedule.to_vec()),
        ("schedule ... --no-level", [&schedule[..], &["--no-level"]].concat()),
        ("report (status)", [&["report"][..], &flags].concat()),
        ("report --no-level", [&["report", "--no-level"][..], &flags].concat()),
        ("report roadmap", [&["report", "roadmap"][..], &flags].concat()),
        ("report --context", [&["report", "--context"][..], &flags].concat()),
        (
            "report --format html",
            [&["report", "--format", "html"][..], &flags].concat(),
        ),
    ];
    eprintln!("commands, in turns...");
    let (bin, dir) = (&bin, &dir);
    let runners: Vec<Box<dyn Fn() -> Command + '_>> = commands
        .iter()
        .map(|(_, args)| {
            Box::new(move || {
                let mut c = Command::new(bin);
                c.args(args).arg("--plan").arg(dir);
                c
            }) as Box<dyn Fn() -> Command>
        })
        .collect();
    let measured = measure_in_turns(runs, &runners);
    print_table(&commands, &measured, &mc_runs);

    eprintln!("report, stage by stage...");
    println!();
    stages(dir, runs);
}

/// One measured command: the timings and the size of its standard output;
/// `mc_runs`, the `--runs` every `report` command was given.
fn print_table(commands: &[(&str, Vec<&str>)], measured: &[Result<Measured, String>], mc_runs: &str) {
    let check = measured.first().and_then(|m| m.as_ref().ok()).map(|m| m.stats.ms());
    println!(
        "{:<24} | {:>10} {:>19} | {:>10} | {:>8}",
        "milepost ...", "median ms", "min..max ms", "stdout KiB", "/ check"
    );
    println!("{}", "-".repeat(82));
    for ((label, _), m) in commands.iter().zip(measured) {
        match m {
            Ok(m) => println!(
                "{label:<24} | {:>10.1} {:>19} | {:>10.1} | {:>7.2}x",
                m.stats.ms(),
                m.stats.range(),
                m.bytes as f64 / 1024.0,
                check.map_or(f64::NAN, |c| m.stats.ms() / c)
            ),
            Err(e) => println!("{label:<24} | failed: {e}"),
        }
    }
    let ms_of = |i: usize| measured.get(i).and_then(|m| m.as_ref().ok()).map(|m| m.stats.ms());
    println!();
    for (i, what) in [(3, "report"), (4, "report --no-level")] {
        if let (Some(c), Some(r)) = (check, ms_of(i)) {
            println!(
                "target: {what} (--runs {mc_runs}) <= {MAX_RATIO}x check: {:.2}x {}",
                r / c,
                verdict(r / c <= MAX_RATIO)
            );
        }
    }
    // Issue 18: the HTML page (status, roadmap and risk register) against
    // the Markdown status report.
    if let (Some(md), Some(html)) = (ms_of(3), ms_of(7)) {
        println!(
            "target: report --format html <= {MAX_RATIO}x report: {:.2}x {}",
            html / md,
            verdict(html / md <= MAX_RATIO)
        );
    }
}

/// The stages of `report`, each timed on its own in process.
fn stages(dir: &Path, runs: usize) {
    let as_of = milepost::model::Date::parse(AS_OF).expect("a date");
    let load = measure(runs, || check_dir(dir).expect("read the plan"));
    let plan = check_dir(dir).expect("read the plan");
    // Each schedule on a thread of its own: leveling keeps its buffers
    // (each person's table of days among them) on its thread for the next
    // leveling there, which a `report` process, leveling once, never has.
    let fresh = |options| {
        std::thread::scope(|s| {
            s.spawn(|| milepost::schedule::schedule_with(&plan, as_of, options).expect("schedule"))
                .join()
                .expect("the schedule's thread")
        })
    };
    let schedule = measure(runs, || fresh(milepost::schedule::Options { level: true }));
    let unleveled = measure(runs, || fresh(milepost::schedule::Options { level: false }));
    let scheduled = milepost::schedule(&plan, as_of).expect("schedule");
    let project = &plan.project.as_ref().expect("a project file").data;
    let options = milepost::report::build::Options {
        report: "status".into(),
        audience: "engineering".into(),
        plan_display: "plan".into(),
        revision: None,
        gantt_budget: milepost::report::gantt::DEFAULT_BUDGET,
        gantt_by_person: false,
        baseline: None,
        changes: None,
    };
    let build = || milepost::report::build::build(&plan, project, &scheduled, &options);
    let context_stats = measure(runs, build);
    // Rendering takes the context: each run gets a new one, made untimed
    // (the first run warms up).
    let times = (0..=runs).map(|_| {
        let context = build();
        let t = Instant::now();
        let text = milepost::render::templates::render(context, None, "status.md", None, None).expect("render");
        black_box(text);
        t.elapsed()
    });
    let render = Stats::of(times.skip(1).collect());
    // The SVG Gantt chart of the same schedule (`schedule --format svg`,
    // inlined by the HTML report), by milestone.
    let input = milepost::render::svg::GanttInput::new(&plan, &scheduled);
    let options = milepost::render::svg::GanttOptions::default();
    let svg = measure(runs, || milepost::render::svg::gantt(&input, &options));
    let chart = milepost::render::svg::gantt(&input, &options);
    let times = (0..=runs).map(|_| {
        let context = build();
        let t = Instant::now();
        let text = milepost::render::templates::render_html(context, chart.clone(), None, "status.html", None, None)
            .expect("render");
        black_box(text);
        t.elapsed()
    });
    let render_html = Stats::of(times.skip(1).collect());
    let rows: [(&str, Stats); 7] = [
        ("load + validate", load),
        ("schedule (leveled)", schedule),
        ("schedule (--no-level)", unleveled),
        ("context (report::build)", context_stats),
        ("render status.md", render),
        ("render status.html", render_html),
        ("render the SVG Gantt", svg),
    ];
    println!("report in process, stage by stage (medians of {runs} runs):");
    println!("{:<24} | {:>10} {:>19}", "stage", "median ms", "min..max ms");
    println!("{}", "-".repeat(58));
    for (label, s) in rows {
        println!("{label:<24} | {:>10.1} {:>19}", s.ms(), s.range());
    }
}

/// Fails loudly, with the first diagnostics, unless the plan is clean: the
/// numbers mean nothing for a plan that stops early or reports problems.
fn ensure_clean(dir: &Path) {
    let plan = check_dir(dir).expect("read the plan");
    if plan.diagnostics.is_empty() {
        return;
    }
    for d in plan.diagnostics.iter().take(10) {
        eprintln!(
            "{}\n",
            milepost::render::diagnostics::human::render(d, &plan.files, false)
        );
    }
    panic!(
        "the synthetic plan has {} errors and {} warnings (first 10 above)",
        plan.error_count(),
        plan.warning_count()
    );
}
