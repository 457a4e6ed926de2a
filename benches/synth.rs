//! A deterministic synthetic plan generator, for benchmarks and tests.
//!
//! Include it from any target with
//!
//! ```ignore
//! #[path = "../benches/synth.rs"]
//! mod synth;
//! ```
//!
//! The generated plan is valid: `milepost check` reports zero errors and zero
//! warnings on it. Layout, for `n` features:
//!
//! - `project.toml`: start 2026-01-05, a Monday-to-Friday calendar with a few
//!   holidays, `max(8, n / 25)` people with capacities, day rates and some
//!   time off, a budget, roles and stakeholders;
//! - `milestones/m{k}.toml`, `k` in `1..=clamp(n / 100, 3, 200)`: each depends
//!   on the previous one and has a later deadline;
//! - `features/g{i / 500:02}/f{i:05}.toml` (id `g{..}/f{..}`, nested folders
//!   exercise ids with `/`): milestones are assigned monotonically by index,
//!   and each feature depends on 0 to 6 (3 on average) distinct earlier
//!   features, so the graph is a DAG and no feature waits on a later milestone.
//!
//! Same `(n, seed)`, same bytes. [`plan_files_with`] takes [`Options`]:
//! with [`People`] set, the team is generated to order (a given number of
//! people, some part time, some with time off, some with a short working
//! week) and the features' owners are spread over all of them; without,
//! the plan is byte for byte that of [`plan_files`].

use std::fmt::Write as _;
use std::path::Path;

/// splitmix64: tiny, fast, and good enough for synthetic data.
#[allow(dead_code)]
pub struct Rng(u64);

#[allow(dead_code)]
impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x6d69_6c65_706f_7374) // "milepost"
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent / 100`.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// 2026-01-05 (a Monday), in days since 1970-01-01.
#[allow(dead_code)]
pub const START: i64 = 20_458;

/// The project start plus `offset` calendar days, as `YYYY-MM-DD`.
pub fn date(offset: i64) -> String {
    let (y, m, d) = civil(START + offset);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Day `offset` moved to a working day of the generated calendar, forward
/// (`later`) or back: `check` warns of progress dates on a weekend
/// (W0406). Monday to Friday; the progress dates (up to day 80, late
/// March 2026) fall before its first holiday after the start.
fn working_day(offset: i64, later: bool) -> i64 {
    // Day 0, 2026-01-05, is a Monday.
    match (offset.rem_euclid(7), later) {
        (5, true) => offset + 2,
        (6, true) => offset + 1,
        (5, false) => offset - 1,
        (6, false) => offset - 2,
        _ => offset,
    }
}

/// Whether day `days` (since 1970-01-01) is a working day of the
/// generated plans' calendar: Monday to Friday, less its holidays.
#[allow(dead_code)]
pub fn is_working_day(days: i64) -> bool {
    // 1970-01-01 was a Thursday: Monday is 0.
    let weekday = (days + 3).rem_euclid(7);
    let (y, m, d) = civil(days);
    let holiday = matches!((y, m, d), (2026, 1, 1) | (2026, 4, 3) | (2026, 5, 1) | (2026, 7, 14))
        || (y == 2026 && m == 12 && d >= 24)
        || (y == 2027 && m == 1 && d == 1)
        || (y == 2027 && m == 8 && (9..=13).contains(&d));
    weekday < 5 && !holiday
}

/// The last working day on or before day `days` (see [`is_working_day`]):
/// the day a team records for work started or finished when it commits
/// on a weekend or a holiday (`check` warns of such dates: W0406).
#[allow(dead_code)]
pub fn working_day_on_or_before(days: i64) -> i64 {
    let mut d = days;
    while !is_working_day(d) {
        d -= 1;
    }
    d
}

#[allow(dead_code)] // not every target that includes this file uses every function
pub fn people_count(n_features: usize) -> usize {
    (n_features / 25).max(8)
}

#[allow(dead_code)]
pub fn milestone_count(n_features: usize) -> usize {
    (n_features / 100).clamp(3, 200)
}

/// What a generated plan looks like beyond its size. The default is the
/// plan [`plan_files`] has always generated.
#[allow(dead_code)]
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The team, generated to order; `None`: [`people_count`] people as
    /// [`plan_files`] makes them.
    pub people: Option<People>,
}

/// A team of `count` people (at least one; ids `p000`, `p001`, ...), drawn from a random
/// stream of its own so that the rest of the plan does not depend on it.
/// Each feature is owned by one of them, uniformly at random.
#[allow(dead_code)]
#[derive(Clone, Debug)]
pub struct People {
    pub count: usize,
    /// Percent of people working part time: a capacity of 0.8, 0.75, 0.5
    /// or 0.25.
    pub part_time: u64,
    /// Percent of people with time off: one to three ranges of up to three
    /// weeks in the project's first two years.
    pub time_off: u64,
    /// Percent of people with a working week of their own (`workdays`):
    /// Monday to Thursday, Tuesday to Friday, or Monday, Wednesday, Friday.
    pub own_week: u64,
}

#[allow(dead_code)]
impl People {
    /// `count` people: 30% part time, 40% with time off, 15% with a week
    /// of their own.
    pub fn new(count: usize) -> People {
        People {
            count,
            part_time: 30,
            time_off: 40,
            own_week: 15,
        }
    }
}

/// The id of feature `i` (`g00/f00000`).
#[allow(dead_code)]
pub fn feature_id(i: usize) -> String {
    format!("g{:02}/f{i:05}", i / 500)
}

/// The milestone (1-based) of feature `i`: monotonic in `i`, so a feature's
/// dependencies (always earlier features) are in the same or an earlier milestone.
fn milestone_of(i: usize, n_features: usize, n_milestones: usize) -> usize {
    i * n_milestones / n_features.max(1) + 1
}

#[allow(dead_code)]
pub const WORDS: &[&str] = &[
    "account",
    "audit",
    "billing",
    "cache",
    "checkout",
    "dashboard",
    "export",
    "import",
    "invoice",
    "login",
    "mobile",
    "notification",
    "onboarding",
    "payment",
    "permission",
    "report",
    "search",
    "settings",
    "sync",
    "upload",
    "webhook",
    "workflow",
    "api",
    "admin",
    "backup",
    "calendar",
    "chart",
    "comment",
    "editor",
    "feed",
];
#[allow(dead_code)]
pub const VERBS: &[&str] = &[
    "Add", "Rework", "Speed up", "Harden", "Redesign", "Migrate", "Localise", "Document", "Simplify", "Support",
];
#[allow(dead_code)]
pub const TAGS: &[&str] = &[
    "backend", "frontend", "infra", "ux", "security", "perf", "data", "mobile", "api", "growth",
];
const ROLES: &[&str] = &[
    "Backend engineer",
    "Frontend engineer",
    "Designer",
    "QA engineer",
    "SRE",
    "Data engineer",
    "Mobile engineer",
];
const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloe", "Dev", "Emil", "Fatima", "Goran", "Hana", "Ivo", "Jun", "Kofi", "Lea", "Mateo", "Nora",
    "Omar", "Priya",
];
const LAST: &[&str] = &[
    "Silva", "Novak", "Okafor", "Tanaka", "Berg", "Haddad", "Kowalski", "Moreau", "Rossi", "Singh", "Walsh", "Yilmaz",
];

/// `project.toml` with [`people_count`]-style people drawn from the plan's
/// own random stream (as [`plan_files`] has always made them).
fn project(rng: &mut Rng, n_people: usize) -> String {
    let mut s = project_header(n_people);
    for p in 0..n_people {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let role = rng.pick(ROLES);
        let _ = write!(
            s,
            "\n[[people]]\nid = \"p{p:03}\"\nname = \"{first} {last}\"\nrole = \"{role}\"\n"
        );
        if rng.chance(70) {
            let capacity = [1.0, 0.8, 0.75, 0.5][rng.below(4)];
            let _ = writeln!(s, "capacity = {capacity:?}");
        }
        let _ = writeln!(s, "day-rate = {}", 400 + 50 * rng.below(10));
        if rng.chance(30) {
            let from = 30 + rng.below(600) as i64;
            let to = from + rng.below(15) as i64;
            let _ = writeln!(
                s,
                "time-off = [{{ from = {}, to = {}, name = \"Vacation\" }}]",
                date(from),
                date(to)
            );
        }
    }
    s
}

/// `project.toml` with the team `people` describes, drawn from `rng` (a
/// stream of its own).
fn project_with(rng: &mut Rng, people: &People) -> String {
    let count = people.count.max(1);
    let mut s = project_header(count);
    for p in 0..count {
        let (first, last, role) = (rng.pick(FIRST), rng.pick(LAST), rng.pick(ROLES));
        let _ = write!(
            s,
            "\n[[people]]\nid = \"p{p:03}\"\nname = \"{first} {last}\"\nrole = \"{role}\"\n"
        );
        if rng.chance(people.part_time) {
            let capacity = [0.8, 0.75, 0.5, 0.25][rng.below(4)];
            let _ = writeln!(s, "capacity = {capacity:?}");
        }
        if rng.chance(people.own_week) {
            let week = [
                r#"["mon", "tue", "wed", "thu"]"#,
                r#"["tue", "wed", "thu", "fri"]"#,
                r#"["mon", "wed", "fri"]"#,
            ][rng.below(3)];
            let _ = writeln!(s, "workdays = {week}");
        }
        let _ = writeln!(s, "day-rate = {}", 400 + 50 * rng.below(10));
        if rng.chance(people.time_off) {
            let ranges: Vec<String> = (0..1 + rng.below(3))
                .map(|k| {
                    // One range per quarter of the two years, so they never overlap.
                    let from = 182 * k as i64 + 14 + rng.below(150) as i64;
                    let to = from + rng.below(21) as i64;
                    format!("{{ from = {}, to = {} }}", date(from), date(to))
                })
                .collect();
            let _ = writeln!(s, "time-off = [{}]", ranges.join(", "));
        }
    }
    s
}

/// `project.toml` up to its people: project, budget, roles (the first three
/// people, or the first one again in a smaller team), stakeholders, calendar.
fn project_header(n_people: usize) -> String {
    let mut s = String::with_capacity(256 + n_people * 160);
    s.push_str(
        "[project]\n\
         name = \"Synthetic\"\n\
         description = \"A generated plan for benchmarks.\"\n\
         start = 2026-01-05\n\
         currency = \"EUR\"\n\
         \n\
         [budget]\n\
         total = 5_000_000\n\
         contingency = 500_000.0\n\
         \n\
         [roles]\n",
    );
    let role = |k: usize| k % n_people.max(1);
    let _ = write!(
        s,
        "owner = \"p{:03}\"\ntech-lead = \"p{:03}\"\nproduct = \"p{:03}\"\n",
        role(0),
        role(1),
        role(2)
    );
    s.push_str(
        "\n\
         [[stakeholders]]\n\
         name = \"Sales\"\n\
         role = \"VP Sales\"\n\
         interest = \"Dates of the public releases\"\n\
         \n\
         [calendar]\n\
         workdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]\n\
         holidays = [\n\
         \x20 2026-01-01,\n\
         \x20 2026-04-03,\n\
         \x20 { date = 2026-05-01, name = \"Labour Day\" },\n\
         \x20 { date = \"2026-07-14\", name = \"Summer holiday\" },\n\
         \x20 { from = 2026-12-24, to = 2027-01-01, name = \"Winter break\" },\n\
         \x20 { from = 2027-08-09, to = 2027-08-13 },\n\
         ]\n",
    );
    s
}

fn milestone(rng: &mut Rng, k: usize, n_people: usize) -> String {
    let mut s = String::with_capacity(256);
    let _ = writeln!(s, "title = \"Release {k}\"");
    let _ = writeln!(
        s,
        "description = \"Everything planned for release {k} is shipped and announced.\""
    );
    // 3 weeks per milestone plus slack, strictly increasing.
    let _ = writeln!(s, "deadline = {}", date(21 * k as i64 + 28));
    if k > 1 {
        let _ = writeln!(s, "depends-on = [\"m{}\"]", k - 1);
    }
    let _ = writeln!(s, "owner = \"p{:03}\"", rng.below(n_people));
    s
}

fn duration(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "0.5d".to_string(),
        1 | 2 => format!("{}w", 1 + rng.below(3)),
        _ => format!("{}d", 1 + rng.below(15)),
    }
}

/// What feature `d` of a plan being written is, for the features after it
/// that depend on it.
struct Earlier {
    cut: bool,
    /// The working day it started on, when it has (in progress or done).
    started: Option<i64>,
}

/// Feature `i`; `earlier[d]` says what feature `d` (before it) is, and
/// gets what this one is.
fn feature(
    rng: &mut Rng,
    i: usize,
    n_features: usize,
    n_milestones: usize,
    n_people: usize,
    earlier: &mut Vec<Earlier>,
) -> String {
    let mut s = String::with_capacity(640);
    let verb = rng.pick(VERBS);
    let what = rng.pick(WORDS);
    let _ = writeln!(s, "title = \"{verb} {what} ({i})\"");
    if rng.chance(30) {
        let _ = writeln!(
            s,
            "description = \"\"\"\n{verb} the {what} flow.\n\nAcceptance: the {what} screens pass review and the \
             load test holds at {} requests per second.\n\"\"\"",
            100 * (1 + rng.below(50))
        );
    } else {
        let _ = writeln!(s, "description = \"{verb} the {what} flow end to end.\"");
    }
    let _ = writeln!(s, "milestone = \"m{}\"", milestone_of(i, n_features, n_milestones));
    let _ = writeln!(s, "owner = \"p{:03}\"", rng.below(n_people));

    // Every status; each with the dates it needs, so none warns.
    let status = match rng.below(20) {
        0..=11 => "planned",
        12..=14 => "in-progress",
        15..=16 => "done",
        17 => "blocked",
        18 => "proposed",
        _ => "cut",
    };
    let _ = writeln!(s, "status = \"{status}\"");
    if rng.chance(40) {
        let _ = writeln!(
            s,
            "kind = \"{}\"",
            ["feature", "tech-debt", "bug", "chore"][rng.below(4)]
        );
    }
    let _ = writeln!(
        s,
        "priority = \"{}\"",
        ["must", "should", "could", "wont"][rng.below(4)]
    );

    if rng.chance(35) {
        // Three-point, in days: low <= likely <= high.
        let low = 1 + rng.below(5);
        let likely = low + rng.below(5);
        let high = likely + rng.below(10);
        let _ = writeln!(
            s,
            "estimate = {{ low = \"{low}d\", likely = \"{likely}d\", high = \"{high}d\" }}"
        );
    } else {
        let _ = writeln!(s, "estimate = \"{}\"", duration(rng));
    }
    let started = match status {
        "in-progress" => {
            let started = working_day(rng.below(60) as i64, true);
            let _ = writeln!(s, "started = {}", date(started));
            let _ = writeln!(s, "remaining = \"{}d\"", 1 + rng.below(5));
            Some(started)
        }
        "done" => {
            let drawn = rng.below(60) as i64;
            let started = working_day(drawn, true);
            let finished = working_day(drawn + rng.below(20) as i64, false).max(started);
            let _ = writeln!(s, "started = {}", date(started));
            let _ = writeln!(s, "finished = {}", date(finished));
            Some(started)
        }
        _ => None,
    };
    earlier.push(Earlier {
        cut: status == "cut",
        started,
    });
    if rng.chance(10) {
        let _ = writeln!(s, "not-before = \"{}\"", date(rng.below(200) as i64));
    }

    // 0..=6 distinct earlier features, half of them close by (like real
    // work streams), half anywhere before.
    if i > 0 {
        let want = rng.below(7).min(i);
        let mut deps: Vec<usize> = Vec::with_capacity(want);
        while deps.len() < want {
            let d = if rng.chance(50) {
                i - 1 - rng.below(i.min(50))
            } else {
                rng.below(i)
            };
            if !deps.contains(&d) {
                deps.push(d);
            }
        }
        // Nothing depends on cut work (`check` warns: W0407), and work that
        // started waits for nothing that started later or not at all
        // (W0408); the draws for such a link are made all the same, so that
        // the rest of the plan is what it was.
        let mut links = String::new();
        if !deps.is_empty() {
            for d in deps {
                let id = feature_id(d);
                let s = &mut links;
                let start = s.len();
                if rng.chance(70) {
                    let _ = writeln!(s, "  \"{id}\",");
                } else {
                    let kind = ["FS", "SS", "FF", "SF"][rng.below(4)];
                    match rng.below(3) {
                        0 => {
                            let _ = writeln!(s, "  {{ id = \"{id}\", type = \"{kind}\" }},");
                        }
                        1 => {
                            let lag = ["1d", "2d", "-1d", "0.5d", "1w", "-2d"][rng.below(6)];
                            let _ = writeln!(s, "  {{ id = \"{id}\", type = \"{kind}\", lag = \"{lag}\" }},");
                        }
                        _ => {
                            let _ = writeln!(s, "  {{ id = \"{id}\", lag = \"{}d\" }},", 1 + rng.below(3));
                        }
                    }
                }
                let dep = earlier.get(d);
                let cut = dep.is_some_and(|e| e.cut);
                let before_it = |mine: i64| dep.and_then(|e| e.started).is_none_or(|theirs| theirs > mine);
                if cut || started.is_some_and(before_it) {
                    s.truncate(start);
                }
            }
        }
        if !links.is_empty() {
            s.push_str("depends-on = [\n");
            s.push_str(&links);
            s.push_str("]\n");
        }
    }

    if rng.chance(30) {
        let _ = writeln!(
            s,
            "value = {{ reach = {}, impact = {}, confidence = {} }}",
            100 * (1 + rng.below(100)),
            ["3", "2", "1", "0.5", "0.25"][rng.below(5)],
            ["1.0", "0.8", "0.5"][rng.below(3)]
        );
    }
    let n_tags = rng.below(4);
    let mut tags: Vec<&str> = Vec::with_capacity(n_tags);
    while tags.len() < n_tags {
        let t = rng.pick(TAGS);
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let _ = writeln!(
        s,
        "tags = [{}]",
        tags.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
    );
    if rng.chance(20) {
        let _ = writeln!(s, "links = [\"https://issues.example.com/SYN-{i}\"]");
    }
    s
}

/// Every file of the plan as `(path relative to the plan directory,
/// contents)`, `project.toml` first, then milestones, then features.
#[allow(dead_code)]
pub fn plan_files(n_features: usize, seed: u64) -> Vec<(String, String)> {
    plan_files_with(n_features, seed, &Options::default())
}

/// [`plan_files`] with `options`; with the default options, the same files.
#[allow(dead_code)]
pub fn plan_files_with(n_features: usize, seed: u64, options: &Options) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    let n_milestones = milestone_count(n_features);
    let (n_people, project) = match &options.people {
        None => {
            let n = people_count(n_features);
            (n, project(&mut rng, n))
        }
        // The team from a stream of its own: the plan's own stream is then
        // drawn from for the same things whatever the team.
        Some(people) => (
            people.count.max(1),
            project_with(&mut Rng::new(seed ^ 0x7065_6f70_6c65), people),
        ),
    };
    let mut files = Vec::with_capacity(1 + n_milestones + n_features);
    files.push(("project.toml".to_string(), project));
    for k in 1..=n_milestones {
        files.push((format!("milestones/m{k}.toml"), milestone(&mut rng, k, n_people)));
    }
    let mut earlier = Vec::with_capacity(n_features);
    for i in 0..n_features {
        files.push((
            format!("features/{}.toml", feature_id(i)),
            feature(&mut rng, i, n_features, n_milestones, n_people, &mut earlier),
        ));
    }
    files
}

/// Writes the plan of [`plan_files`] under `dir` (created if needed).
#[allow(dead_code)]
pub fn write_plan(dir: &Path, n_features: usize, seed: u64) -> std::io::Result<()> {
    write_plan_with(dir, n_features, seed, &Options::default())
}

/// Writes the plan of [`plan_files_with`] under `dir` (created if needed).
#[allow(dead_code)]
pub fn write_plan_with(dir: &Path, n_features: usize, seed: u64, options: &Options) -> std::io::Result<()> {
    for (rel, text) in plan_files_with(n_features, seed, options) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
