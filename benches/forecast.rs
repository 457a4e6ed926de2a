//! `cargo bench --bench forecast`: the Monte Carlo forecast, how fast.
//!
//! The synthetic plan of `synth.rs` (1,000 features; `MILEPOST_FORECAST_FEATURES`
//! changes it), loaded and validated once, then `forecast::run` in
//! process, the median of the timed runs after a warm-up:
//!
//! - 10,000 runs with the critical path method alone (`--no-level`);
//!   target 1 s on the 2-core development machine;
//! - 1,000 runs leveled, the plan's features owned by 20 people; target 2 s.
//!
//! `MILEPOST_BENCH_RUNS` (default 3) sets the timed runs;
//! `MILEPOST_BENCH_DIR=DIR` keeps the plans in `DIR/forecast-cpm` and
//! `DIR/forecast-leveled`, for `milepost forecast` by hand (valgrind).

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "synth.rs"]
mod synth;
#[path = "timing.rs"]
mod timing;

use timing::{check_dir, env_list, env_usize, measure, verdict};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 2026;
const AS_OF: &str = "2026-03-02";

/// (what, people owning the work or the plan's own team, leveled, runs,
/// target in seconds).
const CASES: &[(&str, Option<usize>, bool, usize, f64)] = &[
    ("CPM", None, false, 10_000, 1.0),
    ("leveled", Some(20), true, 1_000, 2.0),
];

fn main() {
    let timed = env_list("MILEPOST_BENCH_RUNS")
        .and_then(|v| v.first().copied())
        .unwrap_or(3);
    let features = env_usize("MILEPOST_FORECAST_FEATURES").unwrap_or(1_000);
    let keep = std::env::var_os("MILEPOST_BENCH_DIR").map(std::path::PathBuf::from);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let as_of = milepost::model::Date::parse(AS_OF).unwrap();
    println!("milepost Monte Carlo forecast benchmark");
    println!(
        "  cores: {cores}; synthetic plan of {features} features (seed {SEED}), as of {AS_OF}; median of {timed} after a warm-up"
    );
    println!();
    println!("  case      people    runs |     ms   (fastest .. slowest) | µs a run | target");
    println!("{}", "-".repeat(82));
    let mut ok = true;
    for &(what, people, level, runs, target) in CASES {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = match &keep {
            Some(d) => d.join(format!("forecast-{}", what.to_lowercase())),
            None => tmp.path().join("plan"),
        };
        let options = synth::Options {
            people: people.map(synth::People::new),
        };
        synth::write_plan_with(&dir, features, SEED, &options).unwrap();
        let plan = check_dir(&dir).unwrap();
        let forecast = milepost::forecast::Options {
            runs,
            level,
            ..Default::default()
        };
        let f = milepost::forecast::run(&plan, as_of, &forecast).unwrap();
        assert_eq!(f.leveled, level, "{what}: leveled as asked");
        let stats = measure(timed, || {
            milepost::forecast::run(&plan, as_of, &forecast)
                .unwrap()
                .project
                .p80
                .day
        });
        let fast = stats.ms() <= target * 1000.0;
        ok &= fast;
        println!(
            "  {what:<8} {:>6}  {runs:>6} | {:>6.0}   ({}) | {:>8.1} | {} {}",
            people.map_or("-".into(), |p| p.to_string()),
            stats.ms(),
            stats.range(),
            stats.ms() * 1000.0 / runs as f64,
            verdict(fast),
            format_args!("(≤ {target} s)"),
        );
    }
    println!();
    println!(
        "in process: forecast::run on a loaded, validated plan (the deterministic schedule, the runs, the summary)"
    );
    if !ok {
        println!("some targets were missed");
    }
}
