//! `cargo bench --bench hostile`: no input makes a command run longer than
//! a second per megabyte of plan (issue 17).
//!
//! Runs `check`, `schedule` and `report` (each as a process, as a user
//! would, JSON or Markdown to a pipe) on every plan of the fuzz corpus
//! (`fuzz/corpus/load/` and `fuzz/corpus/schedule/`, each input written out
//! as a plan directory) and on hostile plans generated at the limits: a 4 MiB
//! file, text at its longest, a chain of 5,000 features, 1,000 features each
//! depending on the 50 before it, 10,000 references each to another id no
//! item has, 2,000 ids of 200 characters each naming another missing one,
//! 10,000 owners no one is among 2,000 people, a year of time off for 200
//! people, a
//! table nested to the parser's limit, and 20,000 stray files. For each it
//! prints the plan's size, the slowest command's time (the fastest of
//! `MILEPOST_BENCH_RUNS` runs, default 3: the machine's noise only adds) and
//! seconds per megabyte, the size counted as at least one megabyte (a plan
//! of a few kilobytes is allowed a second, not a millisecond); then the
//! worst. Exit codes are not checked: most of these plans are invalid, and
//! what is measured is that the command ends.
//!
//! `MILEPOST_BIN=PATH` times another binary (by default the one cargo
//! builds for the bench profile).

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::expect_used, clippy::unwrap_used)]

#[path = "timing.rs"]
mod timing;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PROJECT: &str = "[project]\nname = \"Hostile\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";
const AS_OF: &str = "2026-03-16";

/// A plan: its name and files (path under the plan directory, bytes).
struct Plan {
    name: String,
    files: Vec<(String, Vec<u8>)>,
}

fn main() {
    let bin = std::env::var_os("MILEPOST_BIN").map_or_else(timing::milepost_binary, PathBuf::from);
    let runs = timing::env_usize("MILEPOST_BENCH_RUNS").unwrap_or(3).max(1);
    println!("milepost hostile-input benchmark: seconds per megabyte of plan");
    println!("  binary: {}", bin.display());
    println!("  method: check, schedule and report as processes; fastest of {runs} runs each; size at least 1 MB");
    println!();
    println!(
        "{:<44} {:>10} {:>9} {:>9} {:>9} {:>8}",
        "plan", "bytes", "check", "schedule", "report", "s/MB"
    );
    let mut worst: Option<(f64, String)> = None;
    for plan in corpus().into_iter().chain(generated()) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let root = dir.path().join("plan");
        let bytes = write(&root, &plan.files);
        let commands: [(&str, Vec<&str>); 3] = [
            ("check", vec!["check", "--format", "json"]),
            ("schedule", vec!["schedule", "--format", "json", "--as-of", AS_OF]),
            ("report", vec!["report", "--as-of", AS_OF]),
        ];
        let times: Vec<Duration> = commands
            .iter()
            .map(|(_, args)| fastest(runs, || time(&bin, args, &root)))
            .collect();
        let slowest = times.iter().max().copied().unwrap_or_default();
        let mb = (bytes as f64 / 1e6).max(1.0);
        let per_mb = slowest.as_secs_f64() / mb;
        println!(
            "{:<44} {:>10} {:>8.0}ms {:>8.0}ms {:>8.0}ms {:>8.3}",
            plan.name,
            bytes,
            timing::ms(times[0]),
            timing::ms(times[1]),
            timing::ms(times[2]),
            per_mb
        );
        if worst.as_ref().is_none_or(|(w, _)| per_mb > *w) {
            worst = Some((per_mb, plan.name.clone()));
        }
    }
    if let Some((per_mb, name)) = worst {
        println!();
        println!(
            "worst: {per_mb:.3} s per MB ({name}); target at most 1 s per MB: {}",
            timing::verdict(per_mb <= 1.0)
        );
    }
}

/// The fastest of `runs` runs of `f`.
fn fastest(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    (0..runs).map(|_| f()).min().unwrap_or_default()
}

/// How long `bin args --plan root` takes, its output read through a pipe.
fn time(bin: &Path, args: &[&str], root: &Path) -> Duration {
    let start = Instant::now();
    let _ = Command::new(bin)
        .args(args)
        .arg("--plan")
        .arg(root)
        .stdin(Stdio::null())
        .output()
        .expect("milepost runs");
    start.elapsed()
}

/// Writes `files` under `root`; their size in all.
fn write(root: &Path, files: &[(String, Vec<u8>)]) -> usize {
    let mut total = 0;
    for (rel, bytes) in files {
        // A corpus input may name any path: only plain relative ones are written.
        if rel.is_empty() || rel.starts_with('/') || rel.split('/').any(|s| s == ".." || s.is_empty()) {
            continue;
        }
        let path = root.join(rel);
        if let Some(parent) = path.parent()
            && std::fs::create_dir_all(parent).is_err()
        {
            continue;
        }
        if std::fs::write(&path, bytes).is_ok() {
            total += bytes.len();
        }
    }
    std::fs::create_dir_all(root).expect("the plan directory");
    total
}

/// The fuzz corpus's plans (`=== PATH` starts a file; before the first,
/// `project.toml`), as `fuzz/src/targets.rs` reads them.
fn corpus() -> Vec<Plan> {
    let mut plans = Vec::new();
    for target in ["load", "schedule"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut names: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        names.sort();
        for path in names {
            let data = std::fs::read(&path).expect("a corpus file");
            let mut files = vec![("project.toml".to_string(), Vec::new())];
            for line in data.split_inclusive(|&b| b == b'\n') {
                if let Some(p) = line.strip_prefix(b"=== ") {
                    files.push((String::from_utf8_lossy(p).trim().to_string(), Vec::new()));
                } else if let Some((_, text)) = files.last_mut() {
                    text.extend_from_slice(line);
                }
            }
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            plans.push(Plan {
                name: format!("corpus/{target}/{name}"),
                files,
            });
        }
    }
    plans
}

fn feature(title: &str, extra: &str) -> Vec<u8> {
    format!("title = \"{title}\"\nestimate = \"2d\"\nowner = \"ana\"\n{extra}").into_bytes()
}

fn plan(name: &str, mut files: Vec<(String, Vec<u8>)>) -> Plan {
    files.insert(0, ("project.toml".into(), PROJECT.as_bytes().to_vec()));
    Plan {
        name: name.into(),
        files,
    }
}

/// Plans at milepost's limits and shapes that cost the most per byte.
fn generated() -> Vec<Plan> {
    let mut plans = Vec::new();
    // A file of 4 MiB, less a line: comments after a feature.
    let mut big = feature("Big", "");
    while big.len() < 4 * 1024 * 1024 - 80 {
        big.extend_from_slice(b"# padding padding padding padding padding padding padding padding\n");
    }
    plans.push(plan("a 4 MiB feature file", vec![("features/big.toml".into(), big)]));
    // Text at its longest: a 100,000-character description, 1,000-character titles.
    let long_title = "t".repeat(1000);
    let mut files: Vec<(String, Vec<u8>)> = (0..200)
        .map(|i| (format!("features/f{i}.toml"), feature(&long_title, "")))
        .collect();
    files.push((
        "features/long.toml".into(),
        feature("Long", &format!("description = \"{}\"\n", "d".repeat(100_000))),
    ));
    plans.push(plan("text at its longest", files));
    // A chain of 5,000 features.
    let files = (0..5000)
        .map(|i| {
            let dep = if i == 0 {
                String::new()
            } else {
                format!("depends-on = [\"c{}\"]\n", i - 1)
            };
            (format!("features/c{i}.toml"), feature("Chain", &dep))
        })
        .collect();
    plans.push(plan("a chain of 5,000 features", files));
    // 1,000 features, each depending on the 50 before it.
    let files = (0..1000)
        .map(|i: usize| {
            let deps: Vec<String> = (i.saturating_sub(50)..i).map(|j| format!("\"d{j}\"")).collect();
            (
                format!("features/d{i}.toml"),
                feature("Dense", &format!("depends-on = [{}]\n", deps.join(", "))),
            )
        })
        .collect();
    plans.push(plan("1,000 features, 50 links each", files));
    // 10,000 features, each depending on an id no item has, each another
    // (a near miss of some feature's): a "did you mean" per reference.
    let files = (0..10_000)
        .map(|i: usize| {
            let missing = format!("depends-on = [\"m{:05}x\"]\n", (i * 7919) % 10_000);
            (format!("features/m{i:05}.toml"), feature("Missing", &missing))
        })
        .collect();
    plans.push(plan("10,000 references to 10,000 missing ids", files));
    // 2,000 features whose ids are 200 characters long, each depending on
    // another such id no item has: measuring two names costs the product
    // of their lengths.
    let long_id = |i: usize, salt: usize| {
        let mut x = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ salt as u64;
        (0..200)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                char::from(b'a' + (x % 26) as u8)
            })
            .collect::<String>()
    };
    let files = (0..2000)
        .map(|i: usize| {
            let missing = format!("depends-on = [\"{}\"]\n", long_id(i, 1));
            (format!("features/{}.toml", long_id(i, 0)), feature("Long id", &missing))
        })
        .collect();
    plans.push(plan("2,000 ids of 200 characters, each naming a missing one", files));
    // 2,000 people, and 10,000 features each owned by another person who
    // is not one of them.
    let mut project = PROJECT.to_string();
    for p in 0..2000 {
        let _ = write!(project, "\n[[people]]\nid = \"person{p:04}\"\nname = \"P\"\n");
    }
    let mut files: Vec<(String, Vec<u8>)> = (0..10_000)
        .map(|i: usize| {
            let owner = format!("persn{:05}", (i * 7919) % 10_000);
            let text = format!("title = \"F\"\nestimate = \"1d\"\nowner = \"{owner}\"\n");
            (format!("features/o{i:05}.toml"), text.into_bytes())
        })
        .collect();
    files.insert(0, ("project.toml".into(), project.into_bytes()));
    plans.push(Plan {
        name: "10,000 owners no one is, 2,000 people".into(),
        files,
    });
    // 200 people with a year of time off in single days, and their work.
    let mut project = PROJECT.to_string();
    for p in 0..200 {
        let _ = write!(project, "\n[[people]]\nid = \"p{p}\"\nname = \"P\"\ntime-off = [");
        for d in 0..100 {
            let day = 1 + (d % 28);
            let month = 3 + d / 28;
            let _ = write!(
                project,
                "{{ from = 2026-{month:02}-{day:02}, to = 2026-{month:02}-{day:02} }}, "
            );
        }
        project.push_str("]\n");
    }
    let mut files: Vec<(String, Vec<u8>)> = (0..2000)
        .map(|i| {
            (
                format!("features/w{i}.toml"),
                format!("title = \"W\"\nestimate = \"5d\"\nowner = \"p{}\"\n", i % 200).into_bytes(),
            )
        })
        .collect();
    files.insert(0, ("project.toml".into(), project.into_bytes()));
    plans.push(Plan {
        name: "200 people with 100 days off each".into(),
        files,
    });
    // Nesting at the parser's limit, and past it.
    for depth in [100, 10_000] {
        let text = format!("title = \"N\"\nx = {}{}\n", "[".repeat(depth), "]".repeat(depth));
        plans.push(plan(
            &format!("arrays nested {depth} deep"),
            vec![("features/n.toml".into(), text.into_bytes())],
        ));
    }
    // 20,000 stray files.
    let files = (0..20_000)
        .map(|i| (format!("notes/n{i}.md"), b"x\n".to_vec()))
        .collect();
    plans.push(plan("20,000 stray files", files));
    plans
}
