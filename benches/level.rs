//! `cargo bench --bench level`: resource leveling, how fast and how good.
//!
//! For each size (default: 1,000 and 5,000 features with 20 people, 20,000
//! with 50; override with `MILEPOST_LEVEL_SIZES=5000x20,20000x50`), the
//! synthetic plan of `synth.rs` is generated once with its features' owners
//! folded onto that many people (`pNNN` becomes `p{NNN mod people}`), then:
//!
//! - load+validate+schedule: `milepost schedule`'s work in process, leveled
//!   (median of the timed runs), next to the same without leveling;
//! - quality: the leveled makespan against a lower bound, the larger of the
//!   critical path method's length and, for each person, the earliest
//!   unleveled start of their work plus the working days their work takes
//!   at their capacity (no schedule can do better);
//! - relevel: the same network leveled again and again in one
//!   `level::Leveler`'s buffers, as a Monte Carlo forecast levels it (the
//!   median of `MILEPOST_LEVEL_AGAIN` levelings, default 200, each timed),
//!   per leveling; target: 1,000 runs of 1,000 features / 20 people in 2 s
//!   on two cores, 4 ms a leveling;
//! - with `MILEPOST_LEVEL_TJP=DIR`, each plan is also exported to
//!   `DIR/level-N.tjp` (and kept as `DIR/level-N/`) for TaskJuggler.
//!
//! Targets (issue 14): 5,000 features / 20 people in 1 s, 20,000 / 50 in
//! 5 s; makespan within 10% of the lower bound at 5,000 / 20.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "synth.rs"]
mod synth;
#[path = "timing.rs"]
mod timing;

use std::collections::HashMap;
use std::path::Path;

use timing::{check_dir, env_list, measure, verdict};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 2026;
const AS_OF: &str = "2026-03-02";
/// (features, people, seconds the leveled schedule may take).
const DEFAULT_SIZES: &[(usize, usize)] = &[(1_000, 20), (5_000, 20), (20_000, 50)];
const TARGETS: &[(usize, usize, f64)] = &[(5_000, 20, 1.0), (20_000, 50, 5.0)];
/// The leveled makespan may be at most this much above the lower bound.
const MAX_GAP: f64 = 0.10;

/// The synthetic plan's files, its features owned by `people` people.
fn plan_files(n: usize, people: usize) -> Vec<(String, String)> {
    let mut files = synth::plan_files(n, SEED);
    for (path, text) in &mut files {
        if !path.starts_with("features/") {
            continue;
        }
        if let Some(at) = text.find("owner = \"p") {
            let from = at + "owner = \"p".len();
            let to = from + text[from..].find('"').unwrap();
            let k: usize = text[from..to].parse().unwrap();
            text.replace_range(from..to, &format!("{:03}", k % people));
        }
    }
    files
}

fn sizes() -> Vec<(usize, usize)> {
    let Ok(v) = std::env::var("MILEPOST_LEVEL_SIZES") else {
        return DEFAULT_SIZES.to_vec();
    };
    v.split(',')
        .filter_map(|s| {
            let (n, p) = s.split_once('x')?;
            Some((n.trim().parse().ok()?, p.trim().parse().ok()?))
        })
        .collect()
}

/// The lower bound on the makespan of `plan`'s leveled schedule `s` (see
/// the top). Work in progress is left out of the people's part.
fn lower_bound(plan: &milepost::Plan, s: &milepost::Schedule) -> i64 {
    let capacity: HashMap<&str, f64> = plan
        .project
        .as_ref()
        .map(|p| {
            p.data
                .people
                .iter()
                .map(|p| (p.id.value.as_str(), p.capacity.as_ref().map_or(1.0, |c| c.value.0)))
                .collect()
        })
        .unwrap_or_default();
    // Per person: (earliest unleveled start, days of work), counting the
    // work not started only (leaving some out keeps it a bound).
    let mut work: HashMap<&str, (i64, i64)> = HashMap::new();
    for e in &s.entries {
        let (Some(owner), Some(status)) = (e.owner.as_deref(), e.status) else {
            continue;
        };
        let Some(&c) = capacity.get(owner) else { continue };
        let started = plan.feature(&e.id).is_some_and(|f| f.data.started.is_some());
        if matches!(status, milepost::model::Status::Done) || started {
            continue;
        }
        let effort = milepost::schedule::feature_days(plan, &e.id).unwrap_or(0.0);
        let days = milepost::schedule::whole_days(effort / c);
        if days == 0 {
            continue;
        }
        let w = work.entry(owner).or_insert((i64::MAX, 0));
        w.0 = w.0.min(e.unleveled.early_start);
        w.1 += days;
    }
    let people = work.values().map(|(from, days)| from + days).max().unwrap_or(0);
    let unleveled = s.entries.iter().map(|e| e.unleveled.early_finish).max().unwrap_or(0);
    people.max(unleveled)
}

fn main() {
    let runs = env_list("MILEPOST_BENCH_RUNS")
        .and_then(|v| v.first().copied())
        .unwrap_or(5);
    let tjp = std::env::var_os("MILEPOST_LEVEL_TJP").map(std::path::PathBuf::from);
    let again = env_list("MILEPOST_LEVEL_AGAIN")
        .and_then(|v| v.first().copied())
        .unwrap_or(200);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("milepost leveling benchmark");
    println!("  cores:  {cores}; synthetic plans (seed {SEED}), as of {AS_OF}; median of {runs} runs after a warm-up");
    println!();
    println!(
        "      N  people | leveled ms  unleveled ms  relevel ms | CPM days  leveled days  lower bound  above bound | time  quality"
    );
    println!("{}", "-".repeat(124));
    let as_of = milepost::model::Date::parse(AS_OF).unwrap();
    let mut ok = true;
    for (n, people) in sizes() {
        let tmp = tempfile::TempDir::new().unwrap();
        let dir = match &tjp {
            Some(out) => out.join(format!("level-{n}")),
            None => tmp.path().join("plan"),
        };
        for (path, text) in plan_files(n, people) {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let level = milepost::schedule::Options { level: true };
        let plain = milepost::schedule::Options { level: false };
        let leveled = measure(runs, || schedule(&dir, as_of, level).length);
        let unleveled = measure(runs, || schedule(&dir, as_of, plain).length);
        let plan = check_dir(&dir).unwrap();
        let relevel = relevel(&plan, as_of, again);
        let s = milepost::schedule::schedule_with(&plan, as_of, level).unwrap();
        let cpm = s.entries.iter().map(|e| e.unleveled.early_finish).max().unwrap_or(0);
        let bound = lower_bound(&plan, &s);
        let gap = s.length as f64 / bound.max(1) as f64 - 1.0;
        let target = TARGETS.iter().find(|t| t.0 == n && t.1 == people);
        let fast = target.is_none_or(|t| leveled.ms() <= t.2 * 1000.0);
        let good = gap <= MAX_GAP;
        ok &= fast && good;
        println!(
            "{n:>7}  {people:>6} | {:>10.1}  {:>12.1}  {:>10.2} | {cpm:>8}  {:>12}  {bound:>11}  {:>10.1}% | {:>4}  {}",
            leveled.ms(),
            unleveled.ms(),
            relevel.ms(),
            s.length,
            gap * 100.0,
            if target.is_some() { verdict(fast) } else { "-" },
            verdict(good),
        );
        if let Some(out) = &tjp {
            let tjp = std::process::Command::new(timing::milepost_binary())
                .args(["export", "--format", "tjp", "--as-of", AS_OF, "--plan"])
                .arg(&dir)
                .output()
                .unwrap();
            std::fs::write(out.join(format!("level-{n}.tjp")), tjp.stdout).unwrap();
        }
    }
    println!();
    println!("relevel: one leveling of the same network in a Leveler's buffers (median of {again})");
    println!(
        "time: load + validate + schedule in process; quality: leveled makespan at most {:.0}% above the bound",
        MAX_GAP * 100.0
    );
    if !ok {
        println!("some targets were missed");
    }
}

fn schedule(dir: &Path, as_of: milepost::model::Date, options: milepost::schedule::Options) -> milepost::Schedule {
    let plan = check_dir(dir).unwrap();
    milepost::schedule::schedule_with(&plan, as_of, options).unwrap()
}

/// The median time of leveling `plan`'s network again, `times` times, in
/// one `Leveler`'s buffers.
fn relevel(plan: &milepost::Plan, as_of: milepost::model::Date, times: usize) -> timing::Stats {
    use milepost::schedule::{Inputs, Network, calendar::Calendar, level::Leveler};
    let inputs = Inputs::of(plan).unwrap();
    let cal = Calendar::of(inputs.calendar(), Network::earliest(&inputs, as_of));
    let net = Network::build(&inputs, as_of, cal).unwrap();
    let unleveled = net.solve().unwrap();
    let mut cal = net.calendar();
    let mut leveler = Leveler::default();
    measure(times, || {
        net.level_with(&mut leveler, &unleveled.times, &mut cal).unwrap().end
    })
}
