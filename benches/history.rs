//! `cargo bench --bench history`: how long the Git-history commands take,
//! next to `git log -p` on the same repository.
//!
//! 1. A repository of 2,000 commits growing a plan from 20 to 200 features is
//!    generated with git2 (see `synth_git.rs`; `MILEPOST_HISTORY_COMMITS`,
//!    `MILEPOST_HISTORY_FEATURES`), then these run as processes with the
//!    working directory in the repository:
//!    - `git log -p -- plan/`, the reference;
//!    - `milepost history --plan plan --format json`;
//!    - `milepost history --plan plan` (Markdown, the default).
//!
//!    Target: `history` takes no longer than `git log -p -- plan/`. A build
//!    without the `history` command prints that it is not available.
//!
//!    Then the same on a history whose plan grows to 1,000 features
//!    (`MILEPOST_HISTORY_LARGE_FEATURES`; 0 skips it), where each commit
//!    still touches a feature or two. Target: within 1.5x `git log -p`.
//! 2. A repository of two commits of a 5,000-feature plan
//!    (`MILEPOST_DIFF_FEATURES`), the second touching about 50 features:
//!    `milepost diff HEAD~1 HEAD --plan plan --format json --runs 0` against
//!    `milepost check --plan plan --rev HEAD --format json` (and `check` on the
//!    working tree). Target: `diff` within 2x of `check --rev`. Then `diff`
//!    with its default P80 shift (a Monte Carlo forecast of each side, 1,000
//!    runs each): its ratio and its cost a run are printed, without a target
//!    (the forecast's are `cargo bench --bench forecast`'s).
//!
//! Each command runs once to warm up; then the commands of a table run in
//! turns, `MILEPOST_BENCH_RUNS` rounds (default 7), so that a noisy moment of
//! the machine falls on all of them alike; the median is reported with the
//! fastest and slowest run. The
//! standard output of every process is read in full and thrown away. Git's
//! system and global configuration are ignored, so a user's settings cannot
//! change what `git log` does. `MILEPOST_BENCH_DIR=DIR` generates the
//! repositories in `DIR/history` and `DIR/diff` (which must not exist) and
//! keeps them.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "synth_git.rs"]
mod synth_git;
#[path = "timing.rs"]
mod timing;

use timing::{Measured, check_dir, env_usize, measure_in_turns, milepost_binary, ms, verdict};

use synth_git::synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const SEED: u64 = 2026;
/// The status date of `diff`, so that both sides are scheduled alike on any day.
const AS_OF: &str = "2026-03-02";

fn main() {
    // Arguments (`cargo bench` passes `--bench`) are ignored.
    let runs = env_usize("MILEPOST_BENCH_RUNS").unwrap_or(7).max(1);
    let commits = env_usize("MILEPOST_HISTORY_COMMITS").unwrap_or(2_000);
    let features = env_usize("MILEPOST_HISTORY_FEATURES").unwrap_or(200);
    let large_features = env_usize("MILEPOST_HISTORY_LARGE_FEATURES").unwrap_or(1_000);
    let diff_features = env_usize("MILEPOST_DIFF_FEATURES").unwrap_or(5_000);
    let bin = milepost_binary();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::TempDir::new().expect("create a temporary directory");
    // MILEPOST_BENCH_DIR=DIR keeps the repositories (DIR/history, DIR/diff) to look at.
    let kept = std::env::var_os("MILEPOST_BENCH_DIR").map(PathBuf::from);
    let root = kept.clone().unwrap_or_else(|| tmp.path().to_path_buf());
    let git = Git::new(tmp.path());

    println!("milepost history benchmark");
    println!("  cores:   {cores} (std::thread::available_parallelism)");
    println!("  binary:  {}", bin.display());
    println!("  git:     {}", git.version.as_deref().unwrap_or("not found"));
    if let Some(dir) = &kept {
        println!("  kept in: {}", dir.display());
    }
    println!("  method:  repositories generated once (seed {SEED}), every command run as a process with");
    println!("           the working directory in the repository, 1 warm-up run, median of {runs} timed runs,");
    println!("           stdout read and discarded; warm page cache");
    println!();

    // 1. History: the everyday repository, then one whose plan grows five
    // times as large.
    let available = has_history(&bin);
    let mut targets = Vec::new();
    for (name, features, target) in [("history", features, 1.0), ("history-large", large_features, 1.5)] {
        if features == 0 {
            continue;
        }
        let options = synth_git::Options {
            commits,
            features,
            seed: SEED,
        };
        let (git_log, history) = history_table(&root.join(name), &options, &bin, &git, runs, available);
        targets.push((features, target, git_log, history));
    }
    if !available {
        println!("history: not available in this build (`milepost history --help` fails)");
    }

    // 2. Diff of a large plan (`MILEPOST_DIFF_FEATURES=0` skips it).
    if diff_features == 0 {
        println!("diff: skipped (MILEPOST_DIFF_FEATURES=0)");
    }
    let diff_table = (diff_features > 0).then(|| {
        let repo = root.join("diff");
        eprintln!("diff: generating two revisions of {diff_features} features...");
        let t = Instant::now();
        let base = synth::plan_files(diff_features, SEED);
        let (head, change) = synth_git::revise(&base, diff_features, SEED);
        synth_git::plan_commits(&repo, &[base, head]).expect("generate the repository");
        let generated = t.elapsed();
        ensure_no_errors(&repo.join("plan"));
        println!(
            "diff repository: 2 commits of {diff_features} features; the second changes {} features ({} estimates raised, \
             {} owners, {} cut, {} added, {} dependencies), generated in {:.0} ms",
            change.features_changed(),
            change.estimates_raised,
            change.owners_changed,
            change.cut,
            change.added,
            change.dependencies_changed,
            ms(generated)
        );
        println!();
        let diff_args = [
            "diff", "HEAD~1", "HEAD", "--plan", "plan", "--format", "json", "--as-of", AS_OF, "--runs", "0",
        ];
        let check_rev_args = ["check", "--plan", "plan", "--rev", "HEAD", "--format", "json"];
        let check_args = ["check", "--plan", "plan", "--format", "json"];
        let all = [&diff_args[..], &check_rev_args[..], &check_args[..], &SHIFT_ARGS[..]];
        let commands: Vec<Box<dyn Fn() -> Command + '_>> = all
            .iter()
            .map(|args| Box::new(|| milepost(&bin, &repo, args)) as Box<dyn Fn() -> Command>)
            .collect();
        eprintln!("diff: diff, check --rev and check, in turns...");
        let table: Vec<(String, Result<Measured, String>)> = all
            .iter()
            .map(|args| format!("milepost {}", args.join(" ")))
            .zip(measure_in_turns(runs, &commands))
            .collect();
        print_table(&table);
        println!();
        table
    });

    println!("targets ({cores} cores):");
    for (features, target, git_log, history) in &targets {
        let at = format!("{features} features");
        match git_log {
            Err(e) => println!("  history <= {target}x git log -p -- plan/ ({at}):  no reference ({e})"),
            Ok(_) if !available => println!("  history ({at}):  not available in this build"),
            Ok(reference) => {
                for (label, m) in history {
                    match m {
                        Ok(m) => {
                            let r = m.stats.ms() / reference.stats.ms();
                            println!(
                                "  {label:<32} / git log -p ({at}): {r:>6.2}x  {} (target <= {target}x)",
                                verdict(r <= *target)
                            );
                        }
                        Err(e) => println!("  {label:<32} / git log -p ({at}): failed: {e}"),
                    }
                }
            }
        }
    }
    let Some(table) = &diff_table else { return };
    let (diff, check_rev, check, shift) = (&table[0].1, &table[1].1, &table[2].1, &table[3].1);
    for (label, base) in [("check --rev HEAD", check_rev), ("check (working tree)", check)] {
        match (diff, base) {
            (Ok(d), Ok(c)) => {
                let r = d.stats.ms() / c.stats.ms();
                println!(
                    "  diff HEAD~1 HEAD --runs 0 / {label:<21} {r:>6.2}x  {}",
                    verdict(r <= 2.0)
                );
            }
            (Err(e), _) | (_, Err(e)) => println!("  diff HEAD~1 HEAD --runs 0 / {label:<21} failed: {e}"),
        }
    }
    // The P80 shift is two Monte Carlo forecasts of the whole plan: its cost
    // is the forecast's (`cargo bench --bench forecast` has its targets).
    // Its runs are the default's for the plan's size, as the diff says.
    let runs = milepost(&bin, &root.join("diff"), &SHIFT_ARGS)
        .output()
        .ok()
        .and_then(|out| serde_json::from_slice::<serde_json::Value>(&out.stdout).ok())
        .and_then(|d| d["p80"]["runs"].as_u64())
        .unwrap_or(0) as f64;
    match (shift, check_rev) {
        (Ok(s), Ok(c)) => println!(
            "  diff HEAD~1 HEAD (with the P80 shift, {runs} runs a side) / check --rev HEAD: {:.2}x  (no target: \
             the Monte Carlo's cost, {:.2} ms a run)",
            s.stats.ms() / c.stats.ms(),
            diff.as_ref()
                .map_or(f64::NAN, |d| (s.stats.ms() - d.stats.ms()) / (2.0 * runs))
        ),
        (Err(e), _) | (_, Err(e)) => println!("  diff HEAD~1 HEAD (with the P80 shift) failed: {e}"),
    }
}

/// `diff` of the 5,000-feature repository with its default P80 shift.
const SHIFT_ARGS: [&str; 9] = [
    "diff", "HEAD~1", "HEAD", "--plan", "plan", "--format", "json", "--as-of", AS_OF,
];

/// A result of [`measure_in_turns`], by label.
type Rows = Vec<(&'static str, Result<Measured, String>)>;

/// Generates a history repository in `repo` and measures `git log -p` and
/// both formats of `milepost history` on it, in turns; prints the table.
/// Returns git's measurement and milepost's.
fn history_table(
    repo: &Path,
    options: &synth_git::Options,
    bin: &Path,
    git: &Git,
    runs: usize,
    available: bool,
) -> (Result<Measured, String>, Rows) {
    let name = repo
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    eprintln!(
        "{name}: generating {} commits, {} features...",
        options.commits, options.features
    );
    let t = Instant::now();
    let s = synth_git::history(repo, options).expect("generate the repository");
    let generated = t.elapsed();
    ensure_no_errors(&repo.join("plan"));
    println!(
        "{name} repository: {} commits ({} touch plan/, {} only code, {} merges, {} with an invalid plan), generated in {:.0} ms",
        s.commits,
        s.plan_commits,
        s.code_commits,
        s.merges,
        s.invalid,
        ms(generated)
    );
    println!(
        "  HEAD {}: {} features; {} estimate changes, {} finished, {} cut, {} renames, {} deadline moves; pack {:.1} MiB",
        s.head.map(|h| h.to_string()[..12].to_string()).unwrap_or_default(),
        s.features,
        s.estimate_changes,
        s.finished,
        s.cuts,
        s.renames,
        s.deadline_moves,
        s.pack_bytes as f64 / (1024.0 * 1024.0)
    );
    println!();

    // The reference and both formats, measured in turns.
    let formats = [
        (
            "milepost history --format json",
            &["history", "--plan", "plan", "--format", "json"][..],
        ),
        ("milepost history (markdown)", &["history", "--plan", "plan"][..]),
    ];
    let git_log = || git.command(repo, &["log", "-p", "--", "plan/"]);
    let mut commands: Vec<Box<dyn Fn() -> Command + '_>> = vec![Box::new(git_log)];
    if available {
        for (_, args) in formats {
            commands.push(Box::new(move || milepost(bin, repo, args)));
        }
    }
    eprintln!("{name}: git log -p and milepost history, in turns...");
    let mut measured = measure_in_turns(runs, &commands).into_iter();
    let git_log = match (&git.version, measured.next()) {
        (Some(_), Some(m)) => m,
        _ => Err("git not found".to_string()),
    };
    let mut table: Vec<(String, Result<Measured, String>)> = vec![("git log -p -- plan/".to_string(), git_log.clone())];
    let mut history = Vec::new();
    for ((label, _), m) in formats.iter().zip(measured) {
        history.push((*label, m.clone()));
        table.push((label.to_string(), m));
    }
    print_table(&table);
    println!();
    (git_log, history)
}

/// One measured command: the timings and the size of its standard output.
fn print_table(rows: &[(String, Result<Measured, String>)]) {
    let width = rows.iter().map(|(l, _)| l.len()).max().unwrap_or(0).max(7);
    println!(
        "{:<width$} | {:>10} {:>19} | {:>10}",
        "command", "median ms", "min..max ms", "stdout KiB"
    );
    println!("{}", "-".repeat(width + 47));
    for (label, m) in rows {
        match m {
            Ok(m) => println!(
                "{label:<width$} | {:>10.1} {:>19} | {:>10.1}",
                m.stats.ms(),
                m.stats.range(),
                m.bytes as f64 / 1024.0
            ),
            Err(e) => println!("{label:<width$} | failed: {e}"),
        }
    }
}

fn milepost(bin: &Path, repo: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(bin);
    c.args(args).current_dir(repo).env("NO_COLOR", "1");
    c
}

/// Whether this build has `milepost history`: it is being written on
/// another branch, and this benchmark may be merged before it.
fn has_history(bin: &Path) -> bool {
    Command::new(bin)
        .args(["history", "--help"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// The `git` command line, with the system and global configuration ignored.
struct Git {
    version: Option<String>,
    empty_config: PathBuf,
}

impl Git {
    fn new(tmp: &Path) -> Git {
        let empty_config = tmp.join("empty.gitconfig");
        std::fs::write(&empty_config, "").expect("write an empty Git configuration");
        let version = Command::new("git")
            .arg("--version")
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string());
        Git { version, empty_config }
    }

    fn command(&self, repo: &Path, args: &[&str]) -> Command {
        let mut c = Command::new("git");
        c.args(args)
            .current_dir(repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", &self.empty_config)
            .env("GIT_PAGER", "cat")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        c
    }
}

/// Fails loudly, with the first diagnostics, if the plan has errors: the
/// numbers would mean nothing.
fn ensure_no_errors(dir: &Path) {
    let plan = check_dir(dir).expect("read the plan");
    if plan.error_count() == 0 {
        if plan.warning_count() > 0 {
            eprintln!(
                "note: the plan at {} has {} warnings",
                dir.display(),
                plan.warning_count()
            );
        }
        return;
    }
    for d in plan.diagnostics.iter().take(10) {
        eprintln!(
            "{}\n",
            milepost::render::diagnostics::human::render(d, &plan.files, false)
        );
    }
    panic!("the generated plan has {} errors (first 10 above)", plan.error_count());
}
