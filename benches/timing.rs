//! What the benchmarks share: timing statistics, commands timed in turns, settings from the
//! environment, where the `milepost` binary is, and loading a plan in
//! process. Included with `#[path]`.

#![allow(dead_code)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Loads and validates the plan in the directory `dir` (its files shown as
/// `plan/...`), as `milepost check --plan DIR` does.
pub fn check_dir(dir: &Path) -> milepost::Result<milepost::Plan> {
    let source = milepost::source::Source::Dir {
        path: dir.to_path_buf(),
        display: "plan".into(),
    };
    let mut plan = milepost::load::load(&source, &mut milepost::load::Cache::default())?.plan;
    milepost::validate::validate(&mut plan);
    Ok(plan)
}

pub fn verdict(ok: bool) -> &'static str {
    if ok { "PASS" } else { "FAIL" }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    let mid = times.len() / 2;
    if times.len() % 2 == 1 {
        times[mid]
    } else {
        (times[mid - 1] + times[mid]) / 2
    }
}

/// The timed runs of one measurement.
#[derive(Clone, Copy)]
pub struct Stats {
    pub median: Duration,
    pub min: Duration,
    pub max: Duration,
}

impl Stats {
    pub fn of(mut times: Vec<Duration>) -> Stats {
        times.sort();
        Stats {
            median: median(times.clone()),
            min: times[0],
            max: times[times.len() - 1],
        }
    }

    pub fn ms(self) -> f64 {
        ms(self.median)
    }

    /// `min..max` in milliseconds.
    pub fn range(self) -> String {
        format!("{:.1}..{:.1}", ms(self.min), ms(self.max))
    }
}

/// Runs `f` once to warm up, then `runs` times. What `f` returns is dropped
/// inside the timed region, so freeing memory counts.
pub fn measure<T>(runs: usize, mut f: impl FnMut() -> T) -> Stats {
    black_box(f());
    let times = (0..runs.max(1))
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    Stats::of(times)
}

/// A comma-separated list of numbers from the environment (`1000,5_000`).
pub fn env_list(name: &str) -> Option<Vec<usize>> {
    let text = std::env::var(name).ok()?;
    let list: Vec<usize> = text
        .split(',')
        .map(|s| s.trim().replace('_', ""))
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap_or_else(|_| panic!("{name}: `{s}` is not a number")))
        .collect();
    (!list.is_empty()).then_some(list)
}

/// One number from the environment.
pub fn env_usize(name: &str) -> Option<usize> {
    env_list(name).and_then(|v| v.first().copied())
}

/// The `milepost` binary: cargo builds it for benchmarks and says where.
pub fn milepost_binary() -> PathBuf {
    if let Some(path) = option_env!("CARGO_BIN_EXE_milepost") {
        return PathBuf::from(path);
    }
    // target/<profile>/deps/<bench>-<hash> -> target/<profile>/milepost
    let exe = std::env::current_exe().expect("current executable");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the bench runs from target/<profile>/deps");
    let bin = dir.join(format!("milepost{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.exists(),
        "no milepost binary at {}; run `cargo build --release`",
        bin.display()
    );
    bin
}

/// A command's timings over the runs, and the size of its standard output.
#[derive(Clone)]
pub struct Measured {
    pub stats: Stats,
    pub bytes: usize,
}

/// Runs each command once to warm up (and to see that it succeeds), then
/// `runs` rounds in which each runs once, in turn: a noisy moment of a
/// shared machine falls on all of them alike, so their ratios hold better
/// than those of commands timed one after the other.
pub fn measure_in_turns(runs: usize, commands: &[Box<dyn Fn() -> Command + '_>]) -> Vec<Result<Measured, String>> {
    let mut bytes: Vec<Result<usize, String>> = commands.iter().map(|c| run(&mut c())).collect();
    let mut times = vec![Vec::with_capacity(runs); commands.len()];
    for _ in 0..runs {
        for (i, command) in commands.iter().enumerate() {
            if bytes[i].is_err() {
                continue;
            }
            let mut c = command();
            let t = Instant::now();
            match run(&mut c) {
                Ok(n) => {
                    black_box(n);
                    times[i].push(t.elapsed());
                }
                Err(e) => bytes[i] = Err(e),
            }
        }
    }
    bytes
        .into_iter()
        .zip(times)
        .map(|(b, t)| {
            b.map(|bytes| Measured {
                stats: Stats::of(t),
                bytes,
            })
        })
        .collect()
}

/// Runs a command to the end: the size of its standard output, or why it failed.
pub fn run(command: &mut Command) -> Result<usize, String> {
    let out = command.output().map_err(|e| format!("cannot run: {e}"))?;
    if out.status.success() {
        Ok(out.stdout.len())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Err(format!(
            "{} ({})",
            out.status,
            stderr.lines().next().unwrap_or("no message").trim()
        ))
    }
}
