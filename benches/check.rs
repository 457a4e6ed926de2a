//! `cargo bench --bench check`: how long `milepost check` takes on large
//! synthetic plans, next to the cost of merely reading and TOML-parsing the
//! same files.
//!
//! For each size N (default 1000, 5000, 20000 features; override with
//! `MILEPOST_BENCH_SIZES=1000,5000`), the plan is generated once into a
//! temporary directory (see `synth.rs`), then each measurement is run once to
//! warm up and timed several times (7 runs up to 5000 features, 5 above;
//! override with `MILEPOST_BENCH_RUNS`); the median is reported. The page
//! cache is warm: this measures milepost, not the disk.
//!
//! - read:       walk the directory and read every file (std::fs), no parsing;
//! - read+parse: the same, then `toml::de::DeTable::parse` on each file,
//!   sequentially on one thread: what any TOML-based tool pays on one core;
//! - check:      `milepost::load::load` of the directory and `validate` (what
//!   `milepost check --plan DIR` runs), in process;
//! - e2e:        `milepost check --plan DIR --format json` as a process.
//!
//! A second table splits `check` into loading (list, read, parse, decode)
//! and validating; a third shows the fastest and slowest timed runs, since a
//! shared machine can be noisy.
//!
//! Then bad input: the folder `features/g00` (the first 500 features) is
//! renamed, so that every reference to those features names an id that is
//! gone, and `check` (in process) finds them all, each with the nearest id
//! as a suggestion. Its time is shown next to `check` of the valid plan.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "synth.rs"]
mod synth;
#[path = "timing.rs"]
mod timing;

use timing::{Stats, check_dir, env_list, measure, milepost_binary, ms, verdict};

/// The allocator the `milepost` binary uses, so that in-process figures (and
/// the read+parse floor) are measured under the same conditions as the binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SEED: u64 = 2026;
const DEFAULT_SIZES: &[usize] = &[1_000, 5_000, 20_000];

/// The targets from the issue, in milliseconds: (features, check must take less).
const TARGETS: &[(usize, f64)] = &[(5_000, 100.0), (20_000, 400.0)];
/// `check` may take at most this many times `read+parse`.
const MAX_RATIO: f64 = 1.5;

fn main() {
    // Arguments (`cargo bench` passes `--bench`) are ignored.
    let sizes = env_list("MILEPOST_BENCH_SIZES").unwrap_or_else(|| DEFAULT_SIZES.to_vec());
    let runs_override = env_list("MILEPOST_BENCH_RUNS").and_then(|v| v.first().copied());
    let bin = milepost_binary();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!("milepost check benchmark");
    println!("  cores:   {cores} (std::thread::available_parallelism)");
    println!("  binary:  {}", bin.display());
    println!("  method:  plan generated once per N (seed {SEED}), 1 warm-up run, median of the timed runs,");
    println!("           warm page cache; read+parse is sequential on one thread, check uses milepost's own threading");
    println!();

    let mut rows = Vec::new();
    let mut schedules = Vec::new();
    let mut broken = Vec::new();
    for &n in &sizes {
        let runs = runs_override.unwrap_or(if n <= 5_000 { 7 } else { 5 });
        eprintln!("N = {n}: generating...");
        let tmp = tempfile::TempDir::new().expect("create a temporary directory");
        let dir = tmp.path().join("plan");
        let t = Instant::now();
        synth::write_plan(&dir, n, SEED).expect("write the synthetic plan");
        let gen_time = t.elapsed();
        let (files, bytes) = baseline_read(&dir);
        eprintln!(
            "N = {n}: {files} files, {:.1} MiB, generated in {:.0} ms; {runs} runs each",
            bytes as f64 / (1024.0 * 1024.0),
            ms(gen_time)
        );

        ensure_valid(&dir);

        eprintln!("N = {n}: read...");
        let read = measure(runs, || baseline_read(&dir));
        eprintln!("N = {n}: read+parse...");
        let parse = measure(runs, || baseline_read_parse(&dir));
        eprintln!("N = {n}: check (in process)...");
        let check = measure(runs, || {
            let plan = check_dir(&dir).expect("read the plan");
            assert_eq!((plan.error_count(), plan.warning_count()), (0, 0));
            plan.features.len()
        });
        eprintln!("N = {n}: check (process)...");
        let e2e = measure(runs, || run_binary(&bin, &dir));

        eprintln!("N = {n}: breakdown...");
        let breakdown = breakdown(&dir, runs);

        eprintln!("N = {n}: schedule...");
        let plan = check_dir(&dir).expect("read the plan");
        let as_of = milepost::model::Date::parse("2026-03-02").expect("a date");
        let schedule_only = measure(runs, || milepost::schedule::schedule(&plan, as_of).expect("schedule"));
        let full = measure(runs, || {
            let plan = check_dir(&dir).expect("read the plan");
            milepost::schedule::schedule(&plan, as_of)
                .expect("schedule")
                .entries
                .len()
        });
        let schedule_e2e = measure(runs, || {
            let out = Command::new(&bin)
                .args(["schedule", "--format", "json", "--as-of", "2026-03-02", "--plan"])
                .arg(&dir)
                .output()
                .expect("run milepost schedule");
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            out.stdout.len()
        });
        schedules.push((n, full, schedule_only, schedule_e2e));

        eprintln!("N = {n}: check with a folder renamed...");
        std::fs::rename(dir.join("features/g00"), dir.join("features/group00")).expect("rename a folder");
        let errors = check_dir(&dir).expect("read the plan").error_count();
        assert!(errors > 0, "references into the renamed folder are errors");
        let renamed = measure(runs, || check_dir(&dir).expect("read the plan").error_count());
        broken.push((n, errors, check.ms(), renamed));

        rows.push(Row {
            n,
            files,
            bytes,
            read,
            parse,
            check,
            e2e,
            breakdown,
        });
    }

    print_tables(&rows, cores);

    println!();
    println!("schedule (load + validate + CPM), medians:");
    println!("      N | load+validate+schedule ms  of which schedule ms |  process (--format json) ms");
    println!("--------------------------------------------------------------------------------------");
    for (n, full, only, e2e) in &schedules {
        println!("{n:>7} | {:>25.1}  {:>20.1} | {:>27.1}", full.ms(), only.ms(), e2e.ms());
    }
    println!("targets: 5,000 features < 100 ms, 20,000 < 400 ms (load + validate + schedule)");

    println!();
    println!("check with `features/g00` renamed (every reference into it broken), in process, medians:");
    println!("      N |  errors | check ms (valid) | check ms (renamed) | renamed/valid");
    println!("---------------------------------------------------------------------------");
    for (n, errors, valid, renamed) in &broken {
        println!(
            "{n:>7} | {errors:>7} | {valid:>16.1} | {:>18.1} | {:>12.2}x",
            renamed.ms(),
            renamed.ms() / valid
        );
    }
}

struct Row {
    n: usize,
    files: usize,
    bytes: usize,
    read: Stats,
    parse: Stats,
    check: Stats,
    e2e: Stats,
    breakdown: Breakdown,
}

/// Medians of the stages of `check`, each timed on its own.
struct Breakdown {
    load: Stats,
    validate: Stats,
}

fn print_tables(rows: &[Row], cores: usize) {
    println!(
        "{:>7} {:>7} {:>6} | {:>9} {:>11} {:>9} {:>9} | {:>11} {:>9}",
        "N", "files", "MiB", "read ms", "read+parse", "check ms", "e2e ms", "check/parse", "e2e/parse"
    );
    println!("{}", "-".repeat(95));
    for r in rows {
        println!(
            "{:>7} {:>7} {:>6.1} | {:>9.1} {:>11.1} {:>9.1} {:>9.1} | {:>10.2}x {:>8.2}x",
            r.n,
            r.files,
            r.bytes as f64 / (1024.0 * 1024.0),
            r.read.ms(),
            r.parse.ms(),
            r.check.ms(),
            r.e2e.ms(),
            r.check.ms() / r.parse.ms(),
            r.e2e.ms() / r.parse.ms(),
        );
    }
    println!();
    println!("check, stage by stage (each stage timed alone; medians):");
    println!(
        "{:>7} | {:>20} {:>12} {:>9} | {:>14}",
        "N", "list+read+load ms", "validate ms", "sum ms", "load/read+parse"
    );
    println!("{}", "-".repeat(72));
    for r in rows {
        let b = &r.breakdown;
        println!(
            "{:>7} | {:>20.1} {:>12.1} {:>9.1} | {:>13.2}x",
            r.n,
            b.load.ms(),
            b.validate.ms(),
            b.load.ms() + b.validate.ms(),
            b.load.ms() / r.parse.ms(),
        );
    }
    println!();
    println!("run-to-run spread (fastest..slowest timed run, ms):");
    println!(
        "{:>7} | {:>15} {:>15} {:>15} {:>15}",
        "N", "read", "read+parse", "check", "e2e"
    );
    println!("{}", "-".repeat(73));
    for r in rows {
        println!(
            "{:>7} | {:>15} {:>15} {:>15} {:>15}",
            r.n,
            r.read.range(),
            r.parse.range(),
            r.check.range(),
            r.e2e.range()
        );
    }
    println!();
    println!("targets ({cores} cores):");
    for &(n, limit) in TARGETS {
        match rows.iter().find(|r| r.n == n) {
            Some(r) => println!(
                "  {n:>6} features, check < {limit:.0} ms:  in process {:>7.1} ms {}   process {:>7.1} ms {}",
                r.check.ms(),
                verdict(r.check.ms() < limit),
                r.e2e.ms(),
                verdict(r.e2e.ms() < limit),
            ),
            None => println!("  {n:>6} features, check < {limit:.0} ms:  not measured"),
        }
    }
    for r in rows {
        let (c, e) = (r.check.ms() / r.parse.ms(), r.e2e.ms() / r.parse.ms());
        println!(
            "  {:>6} features, check <= {MAX_RATIO}x read+parse: in process {c:>6.2}x {}   process {e:>6.2}x {}",
            r.n,
            verdict(c <= MAX_RATIO),
            verdict(e <= MAX_RATIO),
        );
    }
}

/// Every file under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a directory") {
        let entry = entry.expect("read a directory entry");
        if entry.file_type().expect("file type").is_dir() {
            walk(&entry.path(), out);
        } else {
            out.push(entry.path());
        }
    }
}

/// (a) Reads every file into memory: (files, bytes).
fn baseline_read(dir: &Path) -> (usize, usize) {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let contents: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).expect("read a file")).collect();
    (contents.len(), contents.iter().map(Vec::len).sum())
}

/// (b) Reads and TOML-parses every file, one after the other: (files, top-level keys).
fn baseline_read_parse(dir: &Path) -> (usize, usize) {
    let mut paths = Vec::new();
    walk(dir, &mut paths);
    let mut keys = 0;
    for p in &paths {
        let text = std::fs::read_to_string(p).expect("read a file");
        let table = toml::de::DeTable::parse(&text).expect("valid TOML");
        keys += table.get_ref().len();
    }
    (paths.len(), keys)
}

/// (d) Runs the binary; panics unless it exits 0.
fn run_binary(bin: &Path, dir: &Path) -> usize {
    let out = Command::new(bin)
        .args(["check", "--plan"])
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .expect("run milepost");
    assert!(
        out.status.success(),
        "milepost check exited with {}:\n{}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout.len()
}

fn breakdown(dir: &Path, runs: usize) -> Breakdown {
    // The stages of `check`: load (list the directory, read and decode
    // every file, in parallel), validate. Freeing the plan is left out.
    let source = milepost::source::Source::Dir {
        path: dir.to_path_buf(),
        display: "plan".into(),
    };
    let load = || milepost::load::load(&source, &mut milepost::load::Cache::default()).expect("read the plan");
    let time_load = || {
        let t = Instant::now();
        let loaded = black_box(load());
        (t.elapsed(), loaded)
    };
    let _ = time_load();
    let load_stats = Stats::of((0..runs.max(1)).map(|_| time_load().0).collect());
    let time_validate = || {
        let mut plan = load().plan;
        let t = Instant::now();
        milepost::validate::validate(black_box(&mut plan));
        let elapsed = t.elapsed();
        black_box(&plan);
        elapsed
    };
    let _ = time_validate();
    let validate = Stats::of((0..runs.max(1)).map(|_| time_validate()).collect());
    Breakdown {
        load: load_stats,
        validate,
    }
}

/// Fails loudly, with the diagnostics, if the generated plan is not clean:
/// the numbers mean nothing for a plan that stops early or reports problems.
fn ensure_valid(dir: &Path) {
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
