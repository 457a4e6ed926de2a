//! A seeded generator of small random plans with people, for the leveling
//! checks (tests/integration/leveling_check.rs and the tj3 cross-check):
//! 2 to 4 people with capacities (0.3 to 1), their own work weeks and time
//! off; a calendar of 4 to 6 working days a week with holidays; 1 to 3
//! milestones, some with deadlines; 6 to 14 features with estimates (whole,
//! fractional, in weeks, three-point), owners (most), MoSCoW priorities and
//! ranks, links of every type with lags and leads, `not-before` dates, and
//! progress (done, in progress with and without `remaining`, blocked, cut).
//!
//! Each feature depends on earlier ones only, so the plan has no cycle;
//! `check` reports no errors on it. Same seed, same plan.

use std::fmt::Write as _;

use crate::synth_git::synth::Rng;

/// A generated plan: its files (path, text) and the status date to
/// schedule it as of.
pub struct Generated {
    pub files: Vec<(String, String)>,
    pub as_of: String,
}

const WEEKS: &[&[&str]] = &[
    &["mon", "tue", "wed", "thu", "fri"],
    &["mon", "tue", "wed", "thu", "fri"],
    &["mon", "tue", "wed", "thu"],
    &["mon", "tue", "wed", "thu", "fri", "sat"],
    &["sun", "mon", "tue", "wed", "thu"],
];

/// 2026-03-02 plus `days`.
fn date(days: usize) -> String {
    let d = jiff::civil::date(2026, 3, 2);
    d.checked_add(jiff::Span::new().days(days as i64)).unwrap().to_string()
}

fn quoted(list: &[&str]) -> String {
    let items: Vec<String> = list.iter().map(|d| format!("\"{d}\"")).collect();
    format!("[{}]", items.join(", "))
}

fn project(rng: &mut Rng, start: usize, people: usize) -> String {
    let week = WEEKS[rng.below(WEEKS.len())];
    let mut s = format!(
        "[project]\nname = \"Random\"\nstart = {}\n\n[calendar]\nworkdays = {}\nholidays = [",
        date(start),
        quoted(week)
    );
    for _ in 0..rng.below(3) {
        let from = rng.below(60);
        if rng.chance(50) {
            let _ = write!(s, "{}, ", date(from));
        } else {
            let _ = write!(
                s,
                "{{ from = {}, to = {} }}, ",
                date(from),
                date(from + 1 + rng.below(4))
            );
        }
    }
    s.push_str("]\n");
    for p in 1..=people {
        let _ = write!(s, "\n[[people]]\nid = \"p{p}\"\nname = \"Person {p}\"\n");
        let capacity = [1.0, 1.0, 1.0, 0.8, 0.75, 0.5, 0.3][rng.below(7)];
        if capacity < 1.0 || rng.chance(20) {
            let _ = writeln!(s, "capacity = {capacity:?}");
        }
        if rng.chance(30) {
            // Their own week: the project's less one or two days.
            let mut theirs: Vec<&str> = week.to_vec();
            for _ in 0..1 + rng.below(2) {
                if theirs.len() > 1 {
                    theirs.remove(rng.below(theirs.len()));
                }
            }
            let _ = writeln!(s, "workdays = {}", quoted(&theirs));
        }
        let ranges: Vec<String> = (0..rng.below(3))
            .map(|_| {
                let from = start + rng.below(80);
                format!("{{ from = {}, to = {} }}", date(from), date(from + rng.below(7)))
            })
            .collect();
        if !ranges.is_empty() {
            let _ = writeln!(s, "time-off = [{}]", ranges.join(", "));
        }
    }
    s
}

fn estimate(rng: &mut Rng) -> String {
    match rng.below(20) {
        0..=11 => format!("\"{}d\"", 1 + rng.below(6)),
        12..=14 => format!("\"{}d\"", ["0.5", "1.5", "2.5", "3.2"][rng.below(4)]),
        15..=16 => "\"1w\"".to_string(),
        _ => {
            let low = 1 + rng.below(3);
            let likely = low + rng.below(3);
            let high = likely + rng.below(5);
            format!("{{ low = \"{low}d\", likely = \"{likely}d\", high = \"{high}d\" }}")
        }
    }
}

fn link(rng: &mut Rng, id: String) -> String {
    let kind = ["FS", "FS", "FS", "SS", "FF", "SF"][rng.below(6)];
    let lag = if rng.chance(60) {
        String::new()
    } else {
        format!(
            ", lag = \"{}\"",
            ["-2d", "-1d", "1d", "2d", "3d", "0.5d", "1w"][rng.below(7)]
        )
    };
    format!("{{ id = \"{id}\", type = \"{kind}\"{lag} }}")
}

/// Progress lines for a feature, as of `as_of` days after 2026-03-02 (the
/// project starts `start` days after it).
fn progress(rng: &mut Rng, start: usize, as_of: usize) -> String {
    match rng.below(20) {
        0..=2 => {
            let started = start + rng.below(4);
            let finished = started + rng.below(as_of - started);
            format!(
                "status = \"done\"\nstarted = {}\nfinished = {}\n",
                date(started),
                date(finished)
            )
        }
        3..=5 => {
            let started = start + rng.below(as_of - start + 1);
            let remaining = if rng.chance(50) {
                format!("remaining = \"{}d\"\n", ["1", "2", "3", "0.5", "4.5"][rng.below(5)])
            } else {
                String::new()
            };
            format!("status = \"in-progress\"\nstarted = {}\n{remaining}", date(started))
        }
        6 => "status = \"blocked\"\n".to_string(),
        7 => "status = \"cut\"\n".to_string(),
        _ => String::new(),
    }
}

fn feature(rng: &mut Rng, i: usize, ctx: (usize, usize, usize, usize)) -> String {
    let (people, milestones, start, as_of) = ctx;
    let mut s = format!("title = \"Feature {i}\"\nestimate = {}\n", estimate(rng));
    if rng.chance(85) {
        let _ = writeln!(s, "owner = \"p{}\"", 1 + rng.below(people));
    }
    if rng.chance(50) {
        let _ = writeln!(
            s,
            "priority = \"{}\"",
            ["must", "should", "could", "wont"][rng.below(4)]
        );
    }
    if rng.chance(20) {
        let _ = writeln!(s, "rank = {}", 1 + rng.below(5));
    }
    if rng.chance(60) {
        let _ = writeln!(s, "milestone = \"m{}\"", 1 + rng.below(milestones));
    }
    let mut from: Vec<usize> = (0..rng.below(3).min(i)).map(|_| rng.below(i)).collect();
    from.sort_unstable();
    from.dedup();
    if !from.is_empty() {
        let links: Vec<String> = from.into_iter().map(|k| link(rng, format!("f{k:02}"))).collect();
        let _ = writeln!(s, "depends-on = [{}]", links.join(", "));
    }
    if rng.chance(15) {
        let _ = writeln!(s, "not-before = {}", date(start + rng.below(30)));
    }
    s.push_str(&progress(rng, start, as_of));
    s
}

/// The plan of `seed`.
pub fn generate(seed: u64) -> Generated {
    let mut rng = Rng::new(seed);
    let start = rng.below(7);
    let as_of = start + 5 + rng.below(15);
    let people = 2 + rng.below(3);
    let milestones = 1 + rng.below(3);
    let mut files = vec![("project.toml".to_string(), project(&mut rng, start, people))];
    for k in 1..=milestones {
        let mut s = format!("title = \"Milestone {k}\"\n");
        if rng.chance(50) {
            let _ = writeln!(s, "deadline = {}", date(start + 20 + rng.below(60)));
        }
        if k > 1 && rng.chance(50) {
            let _ = writeln!(s, "depends-on = [\"m{}\"]", k - 1);
        }
        files.push((format!("milestones/m{k}.toml"), s));
    }
    for i in 0..6 + rng.below(9) {
        let text = feature(&mut rng, i, (people, milestones, start, as_of));
        files.push((format!("features/f{i:02}.toml"), text));
    }
    Generated {
        files,
        as_of: date(as_of),
    }
}

impl Generated {
    /// Writes the plan under `dir`.
    pub fn write(&self, dir: &std::path::Path) {
        let files: Vec<(&str, &str)> = self.files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        super::write_files(dir, &files);
    }
}
