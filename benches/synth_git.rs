//! A deterministic synthetic Git history of a plan, for benchmarks and tests.
//!
//! Include it from any target with
//!
//! ```ignore
//! #[path = "../benches/synth_git.rs"]
//! mod synth_git;
//! ```
//!
//! It includes `synth.rs` itself (as `synth_git::synth`), whose project,
//! people and milestones it starts from.
//!
//! [`history`] writes a normal (non-bare) repository whose `main` branch has
//! `commits` commits, one every one to five hours from 2025-12-15, by six
//! fixed authors, growing a plan from `features / 10` to `features` features:
//! features added (alone or a few at a time), estimates raised and lowered,
//! owners and priorities changed, work started (`started`, `remaining`),
//! blocked, finished (`finished`), features cut, feature files renamed (a pure
//! rename: same blob, new path), dependencies added, milestone deadlines moved;
//! about one commit in five touches only code outside `plan/`; a few commits
//! leave the plan invalid (a TOML syntax error, an unknown owner, or a renamed
//! file whose dependents still name the old id) and the next commit fixes it;
//! now and then a side branch of 2 or 3 plan commits is merged back with a
//! merge commit (`--no-ff`), while `main` got a code-only commit meanwhile.
//! Every commit but the broken ones has a valid plan without warnings.
//!
//! Objects are written to an in-memory object database and stored as one pack
//! at the end, as a clone would have them; `HEAD` is `refs/heads/main`, and
//! the last commit is checked out in the working tree.
//!
//! Same options, same commits (same ids).

#[path = "synth.rs"]
pub mod synth;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Bound;
use std::path::Path;

use git2::{ObjectType, Oid, Repository};

use synth::Rng;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Commits on `main`, counting merges and the side-branch commits.
    pub commits: usize,
    /// Features in the last commit (cut ones included).
    pub features: usize,
    pub seed: u64,
}

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub head: Option<Oid>,
    /// Every commit written (reachable from `main`).
    pub commits: usize,
    /// Commits that change something under `plan/` compared with their first parent.
    pub plan_commits: usize,
    /// Commits that only change files outside `plan/`.
    pub code_commits: usize,
    pub merges: usize,
    /// Commits whose plan has errors (each fixed by the next commit).
    pub invalid: usize,
    pub renames: usize,
    pub cuts: usize,
    pub finished: usize,
    pub deadline_moves: usize,
    pub estimate_changes: usize,
    pub features: usize,
    /// Size of the pack holding every object.
    pub pack_bytes: usize,
}

/// Generates the history of [`Options`] into a new repository at `dir`
/// (which must not be a repository yet).
pub fn history(dir: &Path, options: &Options) -> Result<Summary, git2::Error> {
    let repo = init(dir)?;
    let ((head, mut summary), pack_bytes) = in_one_pack(&repo, |repo| Gen::new(repo, options)?.run())?;
    summary.pack_bytes = pack_bytes;
    finish(&repo, head)?;
    summary.head = Some(head);
    Ok(summary)
}

/// Writes one commit per revision, each holding exactly the given plan files
/// (paths relative to the plan directory) under `plan/`: the first commit has
/// no parent, each next one has the previous one. Returns the commit ids.
pub fn plan_commits(dir: &Path, revisions: &[Vec<(String, String)>]) -> Result<Vec<Oid>, git2::Error> {
    let repo = init(dir)?;
    let (ids, _) = in_one_pack(&repo, |repo| {
        let odb = repo.odb()?;
        let mut ids: Vec<Oid> = Vec::with_capacity(revisions.len());
        let author = AUTHORS[0];
        for (k, files) in revisions.iter().enumerate() {
            let mut tree = TreeState::default();
            for (rel, text) in files {
                tree.set(&format!("plan/{rel}"), repo.blob(text.as_bytes())?);
            }
            let tree = tree.write(repo)?;
            let parents: Vec<Oid> = ids.last().copied().into_iter().collect();
            let time = START_TIME + 86_400 * k as i64;
            ids.push(write_commit(
                &odb,
                tree,
                &parents,
                author,
                time,
                &format!("Plan, revision {}", k + 1),
            )?);
        }
        Ok(ids)
    })?;
    if let Some(&head) = ids.last() {
        finish(&repo, head)?;
    }
    Ok(ids)
}

/// 2025-12-15 09:00 UTC, three weeks before the synthetic project's start.
const START_TIME: i64 = (synth::START - 21) * 86_400 + 9 * 3600;

const AUTHORS: &[(&str, &str)] = &[
    ("Ana Silva", "ana.silva@example.com"),
    ("Ben Novak", "ben.novak@example.com"),
    ("Chloe Okafor", "chloe.okafor@example.com"),
    ("Dev Tanaka", "dev.tanaka@example.com"),
    ("Emil Berg", "emil.berg@example.com"),
    ("Fatima Haddad", "fatima.haddad@example.com"),
];

const AREAS: &[&str] = &["auth", "billing", "search", "mobile", "infra", "reports"];
const PRIORITIES: &[&str] = &["must", "should", "could", "wont"];

fn init(dir: &Path) -> Result<Repository, git2::Error> {
    let mut opts = git2::RepositoryInitOptions::new();
    opts.initial_head("main");
    Repository::init_opts(dir, &opts)
}

/// Runs `f` with every object written to memory, then stores them all as one
/// pack: much faster than thousands of loose objects, and what a clone has.
/// Returns what `f` returns and the size of the pack.
fn in_one_pack<T>(
    repo: &Repository,
    f: impl FnOnce(&Repository) -> Result<T, git2::Error>,
) -> Result<(T, usize), git2::Error> {
    let odb = repo.odb()?;
    let mempack = odb.add_new_mempack_backend(1000)?;
    let out = f(repo)?;
    let mut buf = git2::Buf::new();
    mempack.dump(repo, &mut buf)?;
    let mut writer = odb.packwriter()?;
    writer
        .write_all(&buf)
        .map_err(|e| git2::Error::from_str(&format!("write the pack: {e}")))?;
    writer.commit()?;
    drop(writer);
    mempack.reset()?;
    odb.refresh()?;
    Ok((out, buf.len()))
}

/// Points `main` (and so `HEAD`) at `head` and checks it out.
fn finish(repo: &Repository, head: Oid) -> Result<(), git2::Error> {
    repo.reference("refs/heads/main", head, true, "synthetic history")?;
    repo.set_head("refs/heads/main")?;
    repo.checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
}

/// A commit object written directly: no lookups of the tree or the parents.
fn write_commit(
    odb: &git2::Odb<'_>,
    tree: Oid,
    parents: &[Oid],
    (name, email): (&str, &str),
    time: i64,
    message: &str,
) -> Result<Oid, git2::Error> {
    let mut s = String::with_capacity(256 + message.len());
    let _ = writeln!(s, "tree {tree}");
    for p in parents {
        let _ = writeln!(s, "parent {p}");
    }
    let _ = writeln!(s, "author {name} <{email}> {time} +0000");
    let _ = writeln!(s, "committer {name} <{email}> {time} +0000");
    let _ = write!(s, "\n{message}\n");
    odb.write(ObjectType::Commit, s.as_bytes())
}

/// The files of one commit, by path from the repository root, with the tree
/// of every directory cached until something under it changes.
#[derive(Clone, Default)]
struct TreeState {
    files: BTreeMap<String, Oid>,
    trees: HashMap<String, Oid>,
}

impl TreeState {
    fn set(&mut self, path: &str, blob: Oid) {
        self.files.insert(path.to_string(), blob);
        self.invalidate(path);
    }

    fn remove(&mut self, path: &str) {
        self.files.remove(path);
        self.invalidate(path);
    }

    fn invalidate(&mut self, path: &str) {
        let mut p = path;
        while let Some(i) = p.rfind('/') {
            p = &p[..i];
            self.trees.remove(p);
        }
        self.trees.remove("");
    }

    fn write(&mut self, repo: &Repository) -> Result<Oid, git2::Error> {
        self.write_dir(repo, "")
    }

    fn write_dir(&mut self, repo: &Repository, dir: &str) -> Result<Oid, git2::Error> {
        if let Some(&oid) = self.trees.get(dir) {
            return Ok(oid);
        }
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut blobs: Vec<(String, Oid)> = Vec::new();
        let mut dirs: Vec<String> = Vec::new();
        for (path, &oid) in self
            .files
            .range::<str, _>((Bound::Included(prefix.as_str()), Bound::Unbounded))
        {
            let Some(rest) = path.strip_prefix(&prefix) else { break };
            match rest.find('/') {
                None => blobs.push((rest.to_string(), oid)),
                // Paths under one folder are contiguous in sorted order.
                Some(i) if dirs.last().map(String::as_str) != Some(&rest[..i]) => dirs.push(rest[..i].to_string()),
                Some(_) => {}
            }
        }
        let mut builder = repo.treebuilder(None)?;
        for (name, oid) in &blobs {
            builder.insert(name, *oid, 0o100_644)?;
        }
        for name in &dirs {
            let oid = self.write_dir(repo, &format!("{prefix}{name}"))?;
            builder.insert(name, oid, 0o040_000)?;
        }
        let oid = builder.write()?;
        self.trees.insert(dir.to_string(), oid);
        Ok(oid)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Proposed,
    Planned,
    InProgress,
    Blocked,
    Done,
    Cut,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Proposed => "proposed",
            Status::Planned => "planned",
            Status::InProgress => "in-progress",
            Status::Blocked => "blocked",
            Status::Done => "done",
            Status::Cut => "cut",
        }
    }

    /// Work still to do: what estimates and owners are about.
    fn open(self) -> bool {
        matches!(
            self,
            Status::Proposed | Status::Planned | Status::InProgress | Status::Blocked
        )
    }
}

#[derive(Clone, Copy)]
enum Estimate {
    Days(u32),
    Three(u32, u32, u32),
}

impl Estimate {
    fn render(self) -> String {
        match self {
            Estimate::Days(d) => format!("\"{d}d\""),
            Estimate::Three(l, m, h) => format!("{{ low = \"{l}d\", likely = \"{m}d\", high = \"{h}d\" }}"),
        }
    }

    fn likely(self) -> u32 {
        match self {
            Estimate::Days(d) | Estimate::Three(_, d, _) => d,
        }
    }

    /// Raised by `by` days (the pessimistic side a bit more for three points).
    fn raised(self, by: u32) -> Estimate {
        match self {
            Estimate::Days(d) => Estimate::Days(d + by),
            Estimate::Three(l, m, h) => Estimate::Three(l, m + by, h + by + by / 2),
        }
    }

    /// Lowered by `by` days, never below one day, keeping `low <= likely <= high`.
    fn lowered(self, by: u32) -> Estimate {
        match self {
            Estimate::Days(d) => Estimate::Days(d.saturating_sub(by).max(1)),
            Estimate::Three(l, m, h) => {
                let m2 = m.saturating_sub(by).max(l);
                Estimate::Three(l, m2, h.saturating_sub(by).max(m2))
            }
        }
    }
}

#[derive(Clone)]
struct Feature {
    area: &'static str,
    slug: String,
    title: String,
    milestone: usize,
    owner: usize,
    status: Status,
    priority: &'static str,
    estimate: Estimate,
    remaining: Option<u32>,
    started: Option<i64>,
    finished: Option<i64>,
    /// Indices of earlier features.
    deps: Vec<usize>,
    tags: Vec<&'static str>,
}

impl Feature {
    fn id(&self) -> String {
        format!("{}/{}", self.area, self.slug)
    }

    fn path(&self) -> String {
        format!("plan/features/{}/{}.toml", self.area, self.slug)
    }

    fn render(&self, all: &[Feature]) -> String {
        let mut s = String::with_capacity(400);
        let _ = writeln!(s, "title = \"{}\"", self.title);
        let _ = writeln!(
            s,
            "description = \"{} Acceptance: reviewed, tested, documented.\"",
            self.title
        );
        let _ = writeln!(s, "milestone = \"m{}\"", self.milestone);
        let _ = writeln!(s, "owner = \"p{:03}\"", self.owner);
        let _ = writeln!(s, "status = \"{}\"", self.status.as_str());
        let _ = writeln!(s, "priority = \"{}\"", self.priority);
        let _ = writeln!(s, "estimate = {}", self.estimate.render());
        if let Some(r) = self.remaining {
            let _ = writeln!(s, "remaining = \"{r}d\"");
        }
        if let Some(d) = self.started {
            let _ = writeln!(s, "started = {}", day(d));
        }
        if let Some(d) = self.finished {
            let _ = writeln!(s, "finished = {}", day(d));
        }
        if !self.deps.is_empty() {
            s.push_str("depends-on = [\n");
            for &d in &self.deps {
                let _ = writeln!(s, "  \"{}\",", all[d].id());
            }
            s.push_str("]\n");
        }
        let tags: Vec<String> = self.tags.iter().map(|t| format!("\"{t}\"")).collect();
        let _ = writeln!(s, "tags = [{}]", tags.join(", "));
        s
    }
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
fn day(days: i64) -> String {
    let (y, m, d) = synth::civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A plan left broken by the last commit, and how the next one fixes it.
struct Fix {
    message: String,
    rerender: Vec<usize>,
}

struct Gen<'r> {
    repo: &'r Repository,
    odb: git2::Odb<'r>,
    rng: Rng,
    options: Options,
    tree: TreeState,
    features: Vec<Feature>,
    /// `synth`'s milestone files and their current deadlines (days since 1970).
    milestones: Vec<String>,
    deadlines: Vec<i64>,
    people: usize,
    time: i64,
    head: Oid,
    src_revision: usize,
    pending_fix: Option<Fix>,
    summary: Summary,
}

impl<'r> Gen<'r> {
    fn new(repo: &'r Repository, options: &Options) -> Result<Gen<'r>, git2::Error> {
        Ok(Gen {
            repo,
            odb: repo.odb()?,
            rng: Rng::new(options.seed ^ 0x0068_6973_746f_7279), // "history"
            options: *options,
            tree: TreeState::default(),
            features: Vec::new(),
            milestones: Vec::new(),
            deadlines: Vec::new(),
            people: synth::people_count(options.features),
            time: START_TIME,
            head: Oid::ZERO_SHA1,
            src_revision: 0,
            pending_fix: None,
            summary: Summary::default(),
        })
    }

    fn run(mut self) -> Result<(Oid, Summary), git2::Error> {
        let total = self.options.commits.max(2);
        self.initial()?;
        while self.summary.commits < total {
            let left = total - self.summary.commits;
            if let Some(fix) = self.pending_fix.take() {
                for &i in &fix.rerender {
                    self.touch(i)?;
                }
                self.commit_main(&fix.message)?;
                self.summary.plan_commits += 1;
                continue;
            }
            let roll = self.rng.below(1000);
            if roll < 200 {
                let message = self.code_change(None)?;
                self.commit_main(&message)?;
                self.summary.code_commits += 1;
            } else if roll < 212 && left >= 6 && self.summary.commits > 20 {
                self.merge()?;
            } else if roll < 216 && left >= 3 && self.summary.commits > 20 {
                let message = self.break_plan()?;
                self.commit_main(&message)?;
                self.summary.plan_commits += 1;
                self.summary.invalid += 1;
            } else {
                let message = self.plan_change(total)?;
                self.commit_main(&message)?;
                self.summary.plan_commits += 1;
            }
        }
        self.summary.features = self.features.len();
        Ok((self.head, self.summary))
    }

    fn initial(&mut self) -> Result<(), git2::Error> {
        let files = synth::plan_files(self.options.features, self.options.seed);
        for (rel, text) in files.iter().filter(|(rel, _)| !rel.starts_with("features/")) {
            let blob = self.repo.blob(text.as_bytes())?;
            self.tree.set(&format!("plan/{rel}"), blob);
            if rel.starts_with("milestones/") {
                let deadline = text
                    .lines()
                    .find_map(|l| l.strip_prefix("deadline = "))
                    .map_or(0, parse_day);
                self.milestones.push(text.clone());
                self.deadlines.push(deadline);
            }
        }
        let readme = "# Synthetic\n\nA generated repository: code in `src/`, the plan in `plan/`.\n";
        let blob = self.repo.blob(readme.as_bytes())?;
        self.tree.set("README.md", blob);
        let _ = self.code_change(None)?;
        for _ in 0..(self.options.features / 10).max(1) {
            self.add_feature()?;
        }
        self.commit_main("Initial plan")?;
        self.summary.plan_commits += 1;
        Ok(())
    }

    /// Commits the current tree on `main`.
    fn commit_main(&mut self, message: &str) -> Result<(), git2::Error> {
        let tree = self.tree.write(self.repo)?;
        let parents: Vec<Oid> = (!self.head.is_zero()).then_some(self.head).into_iter().collect();
        self.head = self.commit(tree, &parents, message)?;
        Ok(())
    }

    fn commit(&mut self, tree: Oid, parents: &[Oid], message: &str) -> Result<Oid, git2::Error> {
        self.time += 3600 * (1 + self.rng.below(4) as i64) + self.rng.below(3600) as i64;
        let author = AUTHORS[self.rng.below(AUTHORS.len())];
        self.summary.commits += 1;
        write_commit(&self.odb, tree, parents, author, self.time, message)
    }

    /// Today, in days since 1970-01-01: the date of the commit being made.
    fn today(&self) -> i64 {
        self.time.div_euclid(86_400)
    }

    /// Writes feature `i` as it is now.
    fn touch(&mut self, i: usize) -> Result<(), git2::Error> {
        let text = self.features[i].render(&self.features);
        let blob = self.repo.blob(text.as_bytes())?;
        let path = self.features[i].path();
        self.tree.set(&path, blob);
        Ok(())
    }

    /// A change outside `plan/`, to `tree` (or the current tree).
    fn code_change(&mut self, tree: Option<&mut TreeState>) -> Result<String, git2::Error> {
        self.src_revision += 1;
        let n = self.src_revision;
        let word = synth::WORDS[n % synth::WORDS.len()];
        let text = format!(
            "//! Synthetic application code.\n\npub const REVISION: usize = {n};\n\npub fn {word}() -> usize {{\n    {}\n}}\n",
            n % 97
        );
        let blob = self.repo.blob(text.as_bytes())?;
        tree.unwrap_or(&mut self.tree).set("src/lib.rs", blob);
        Ok(format!(
            "{} {word} handling (#{n})",
            synth::VERBS[n % synth::VERBS.len()]
        ))
    }

    fn add_feature(&mut self) -> Result<String, git2::Error> {
        let i = self.features.len();
        let target = self.options.features.max(1);
        let milestones = self.milestones.len();
        let word = self.rng.pick(synth::WORDS);
        let verb = self.rng.pick(synth::VERBS);
        let estimate = if self.rng.chance(30) {
            let low = 1 + self.rng.below(5) as u32;
            let likely = low + self.rng.below(5) as u32;
            Estimate::Three(low, likely, likely + self.rng.below(10) as u32)
        } else {
            Estimate::Days(1 + self.rng.below(15) as u32)
        };
        // Up to three earlier features, mostly recent ones: no cycles, and
        // never a later milestone (milestones grow with the index).
        let want = self.rng.below(4).min(i);
        let mut deps = Vec::with_capacity(want);
        while deps.len() < want {
            let d = if self.rng.chance(70) {
                i - 1 - self.rng.below(i.min(10))
            } else {
                self.rng.below(i)
            };
            if !deps.contains(&d) {
                deps.push(d);
            }
        }
        let mut tags = Vec::new();
        for _ in 0..self.rng.below(3) {
            let t = self.rng.pick(synth::TAGS);
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let feature = Feature {
            area: AREAS[self.rng.below(AREAS.len())],
            slug: format!("{word}-{i}"),
            title: format!("{verb} {word} ({i})"),
            milestone: (i * milestones / target + 1).min(milestones),
            owner: self.rng.below(self.people),
            status: if self.rng.chance(20) {
                Status::Proposed
            } else {
                Status::Planned
            },
            priority: self.rng.pick(PRIORITIES),
            estimate,
            remaining: None,
            started: None,
            finished: None,
            deps,
            tags,
        };
        self.features.push(feature);
        self.touch(i)?;
        Ok(self.features[i].id())
    }

    /// A random feature for which `pred` holds.
    fn pick_feature(&mut self, pred: impl Fn(&Feature) -> bool) -> Option<usize> {
        let candidates: Vec<usize> = (0..self.features.len()).filter(|&i| pred(&self.features[i])).collect();
        (!candidates.is_empty()).then(|| candidates[self.rng.below(candidates.len())])
    }

    /// Features whose `depends-on` names feature `i`.
    fn dependents(&self, i: usize) -> Vec<usize> {
        (0..self.features.len())
            .filter(|&j| self.features[j].deps.contains(&i))
            .collect()
    }

    /// One valid change to the plan; returns the commit message.
    fn plan_change(&mut self, total: usize) -> Result<String, git2::Error> {
        let n = self.features.len();
        let target = self.options.features;
        // Features grow linearly to the target over the first 90% of commits.
        let start = (target / 10).max(1);
        let due = start + (target - start.min(target)) * self.summary.commits * 10 / (total * 9).max(1);
        if n < target && (n < due || self.rng.chance(3)) {
            let batch = if self.rng.chance(20) { 2 + self.rng.below(3) } else { 1 };
            let mut ids = Vec::new();
            for _ in 0..batch.min(target - n) {
                ids.push(self.add_feature()?);
            }
            return Ok(match ids.as_slice() {
                [one] => format!("Plan {one}"),
                _ => format!("Plan {} new features: {}", ids.len(), ids.join(", ")),
            });
        }
        let today = self.today();
        let project_started = today >= synth::START;
        let op = self.rng.below(100);
        let message = match op {
            0..=21 => self.re_estimate()?,
            22..=31 => self.change_owner()?,
            32..=45 if project_started => self.start_work()?,
            46..=57 if project_started => self.finish_work()?,
            58..=61 => self.promote()?,
            62..=64 if project_started => self.block_or_unblock()?,
            65..=70 => self.add_dependency()?,
            71..=73 => self.change_priority()?,
            74..=75 => self.cut()?,
            76..=77 => self.rename()?,
            78..=79 => self.move_deadline()?,
            _ => None,
        };
        match message {
            Some(m) => Ok(m),
            None => match self.re_estimate()? {
                Some(m) => Ok(m),
                None => self.retitle(),
            },
        }
    }

    fn re_estimate(&mut self) -> Result<Option<String>, git2::Error> {
        let count = if self.rng.chance(15) { 2 + self.rng.below(3) } else { 1 };
        let mut changed = Vec::new();
        for _ in 0..count {
            let Some(i) = self.pick_feature(|f| matches!(f.status, Status::Proposed | Status::Planned)) else {
                break;
            };
            let by = 1 + self.rng.below(5) as u32;
            let f = &mut self.features[i];
            let before = f.estimate.likely();
            f.estimate = if self.rng.chance(70) {
                f.estimate.raised(by)
            } else {
                f.estimate.lowered(by)
            };
            let after = f.estimate.likely();
            changed.push(format!("{} {before}d -> {after}d", f.id()));
            self.touch(i)?;
            self.summary.estimate_changes += 1;
        }
        Ok(match changed.as_slice() {
            [] => None,
            [one] => Some(format!("Re-estimate {one}")),
            _ => Some(format!("Re-estimate after planning: {}", changed.join(", "))),
        })
    }

    fn change_owner(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| f.status.open()) else {
            return Ok(None);
        };
        let owner = (self.features[i].owner + 1 + self.rng.below(self.people - 1)) % self.people;
        self.features[i].owner = owner;
        self.touch(i)?;
        Ok(Some(format!("Hand {} over to p{owner:03}", self.features[i].id())))
    }

    fn start_work(&mut self) -> Result<Option<String>, git2::Error> {
        // Work starts once what it waits for has (`check` warns otherwise:
        // W0408); cut work is waited for no more.
        let begun = |d: &usize| {
            self.features.get(*d).is_none_or(|f| {
                matches!(
                    f.status,
                    Status::InProgress | Status::Blocked | Status::Done | Status::Cut
                )
            })
        };
        let ready: Vec<bool> = self
            .features
            .iter()
            .map(|f| f.status == Status::Planned && f.deps.iter().all(begun))
            .collect();
        let candidates: Vec<usize> = (0..ready.len()).filter(|&i| ready[i]).collect();
        let Some(i) = (!candidates.is_empty()).then(|| candidates[self.rng.below(candidates.len())]) else {
            return Ok(None);
        };
        let today = synth::working_day_on_or_before(self.today());
        let remaining = self.rng.chance(50).then(|| self.features[i].estimate.likely());
        let f = &mut self.features[i];
        f.status = Status::InProgress;
        f.started = Some(today);
        f.remaining = remaining;
        self.touch(i)?;
        Ok(Some(format!("Start {}", self.features[i].id())))
    }

    fn finish_work(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| f.status == Status::InProgress) else {
            return Ok(None);
        };
        let today = synth::working_day_on_or_before(self.today());
        let f = &mut self.features[i];
        f.status = Status::Done;
        f.finished = Some(today.max(f.started.unwrap_or(today)));
        f.remaining = None;
        self.touch(i)?;
        self.summary.finished += 1;
        Ok(Some(format!("Done: {}", self.features[i].id())))
    }

    fn promote(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| f.status == Status::Proposed) else {
            return Ok(None);
        };
        self.features[i].status = Status::Planned;
        self.touch(i)?;
        Ok(Some(format!("Commit to {}", self.features[i].id())))
    }

    fn block_or_unblock(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| matches!(f.status, Status::InProgress | Status::Blocked)) else {
            return Ok(None);
        };
        let f = &mut self.features[i];
        let blocked = f.status == Status::InProgress;
        f.status = if blocked { Status::Blocked } else { Status::InProgress };
        self.touch(i)?;
        let id = self.features[i].id();
        Ok(Some(if blocked {
            format!("{id} is blocked")
        } else {
            format!("Unblock {id}")
        }))
    }

    fn add_dependency(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| matches!(f.status, Status::Proposed | Status::Planned)) else {
            return Ok(None);
        };
        if i == 0 {
            return Ok(None);
        }
        let d = self.rng.below(i);
        if self.features[i].deps.contains(&d) || self.features[d].status == Status::Cut {
            return Ok(None);
        }
        self.features[i].deps.push(d);
        self.touch(i)?;
        Ok(Some(format!(
            "{} waits for {}",
            self.features[i].id(),
            self.features[d].id()
        )))
    }

    fn change_priority(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| f.status.open()) else {
            return Ok(None);
        };
        let p = self.rng.pick(PRIORITIES);
        if p == self.features[i].priority {
            return Ok(None);
        }
        self.features[i].priority = p;
        self.touch(i)?;
        Ok(Some(format!("{}: priority {p}", self.features[i].id())))
    }

    fn cut(&mut self) -> Result<Option<String>, git2::Error> {
        let Some(i) = self.pick_feature(|f| matches!(f.status, Status::Proposed | Status::Planned)) else {
            return Ok(None);
        };
        self.features[i].status = Status::Cut;
        self.touch(i)?;
        // What waited for it waits no more, in the same commit, as a team
        // does (`check` warns of a link to cut work: W0407).
        for k in 0..self.features.len() {
            if k != i && self.features[k].deps.contains(&i) {
                self.features[k].deps.retain(|&d| d != i);
                self.touch(k)?;
            }
        }
        self.summary.cuts += 1;
        Ok(Some(format!("Cut {}", self.features[i].id())))
    }

    /// A new path for feature `i`: another name, or another folder.
    fn new_name(&mut self, i: usize) -> (&'static str, String) {
        let f = &self.features[i];
        if self.rng.chance(50) {
            let area = AREAS[(AREAS.iter().position(|a| *a == f.area).unwrap_or(0) + 1) % AREAS.len()];
            (area, f.slug.clone())
        } else {
            let word = synth::WORDS[(i + self.rng.below(synth::WORDS.len() - 1) + 1) % synth::WORDS.len()];
            let slug = format!("{word}-{i}");
            (f.area, if slug == f.slug { format!("{word}-v2-{i}") } else { slug })
        }
    }

    /// A pure rename (same blob, new path) of a feature nobody depends on.
    fn rename(&mut self) -> Result<Option<String>, git2::Error> {
        let leaves: Vec<usize> = (0..self.features.len())
            .filter(|&i| self.dependents(i).is_empty())
            .collect();
        if leaves.is_empty() {
            return Ok(None);
        }
        let i = leaves[self.rng.below(leaves.len())];
        let (from, to) = self.move_file(i);
        self.summary.renames += 1;
        Ok(Some(format!("Rename {from} to {to}")))
    }

    /// Moves feature `i`'s file (same blob); returns the old and new ids.
    fn move_file(&mut self, i: usize) -> (String, String) {
        let old_path = self.features[i].path();
        let old_id = self.features[i].id();
        let blob = self.tree.files[&old_path];
        let (area, slug) = self.new_name(i);
        self.features[i].area = area;
        self.features[i].slug = slug;
        self.tree.remove(&old_path);
        let path = self.features[i].path();
        self.tree.set(&path, blob);
        (old_id, self.features[i].id())
    }

    fn move_deadline(&mut self) -> Result<Option<String>, git2::Error> {
        let k = self.rng.below(self.milestones.len());
        let slip = self.rng.chance(80);
        let before = self.deadlines[k];
        let after = if slip {
            before + 7 * (1 + self.rng.below(3) as i64)
        } else {
            before - 7
        };
        let floor = if k == 0 {
            synth::START + 7
        } else {
            self.deadlines[k - 1] + 7
        };
        if after < floor {
            return Ok(None);
        }
        self.deadlines[k] = after;
        // Later milestones keep strictly later deadlines.
        for j in k + 1..self.deadlines.len() {
            if self.deadlines[j] <= self.deadlines[j - 1] {
                self.deadlines[j] = self.deadlines[j - 1] + 7;
            }
        }
        for j in k..self.milestones.len() {
            let text: String = self.milestones[j]
                .lines()
                .map(|l| {
                    if l.starts_with("deadline = ") {
                        format!("deadline = {}\n", day(self.deadlines[j]))
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            let blob = self.repo.blob(text.as_bytes())?;
            self.tree.set(&format!("plan/milestones/m{}.toml", j + 1), blob);
            self.milestones[j] = text;
        }
        self.summary.deadline_moves += 1;
        Ok(Some(format!(
            "{} m{}: deadline {} -> {}",
            if slip { "Slip" } else { "Pull in" },
            k + 1,
            day(before),
            day(after)
        )))
    }

    fn retitle(&mut self) -> Result<String, git2::Error> {
        let i = self.rng.below(self.features.len());
        let verb = self.rng.pick(synth::VERBS);
        let word = self.rng.pick(synth::WORDS);
        self.features[i].title = format!("{verb} {word} ({i})");
        self.touch(i)?;
        Ok(format!("Reword {}", self.features[i].id()))
    }

    /// Leaves the plan invalid; the next commit fixes it.
    fn break_plan(&mut self) -> Result<String, git2::Error> {
        // The three kinds in turn.
        if self.summary.invalid % 3 == 2 {
            // A rename whose dependents still name the old id: E0203.
            let referenced: Vec<usize> = (0..self.features.len())
                .filter(|&i| !self.dependents(i).is_empty())
                .collect();
            if !referenced.is_empty() {
                let i = referenced[self.rng.below(referenced.len())];
                let dependents = self.dependents(i);
                let (from, to) = self.move_file(i);
                self.pending_fix = Some(Fix {
                    message: format!("Point the dependents of {from} at {to}"),
                    rerender: dependents,
                });
                self.summary.renames += 1;
                return Ok(format!("Rename {from} to {to}"));
            }
        }
        let i = self.rng.below(self.features.len());
        let id = self.features[i].id();
        let good = self.features[i].render(&self.features);
        let (bad, message, fix) = if self.summary.invalid % 3 == 1 {
            // Nobody has this id: E0202.
            let owner = format!("owner = \"p{:03}\"", self.features[i].owner);
            (
                good.replacen(&owner, "owner = \"new-hire\"", 1),
                format!("Give {id} to the new hire"),
                format!("{id}: the owner must be a person of project.toml"),
            )
        } else {
            // An unterminated string: E0001.
            (
                good.replacen("\"\ndescription", "\ndescription", 1),
                format!("Retitle {id}"),
                format!("Fix the TOML syntax of {id}"),
            )
        };
        let blob = self.repo.blob(bad.as_bytes())?;
        let path = self.features[i].path();
        self.tree.set(&path, blob);
        self.pending_fix = Some(Fix {
            message: fix,
            rerender: vec![i],
        });
        Ok(message)
    }

    /// A side branch of 2 or 3 plan commits merged back with a merge commit,
    /// `main` having got a code-only commit meanwhile.
    fn merge(&mut self) -> Result<(), git2::Error> {
        let base = self.head;
        let mut main_tree = self.tree.clone();
        let mut side = base;
        let total = self.options.commits;
        let mut subjects = Vec::new();
        for _ in 0..2 + self.rng.below(2) {
            let message = self.plan_change(total)?;
            let tree = self.tree.write(self.repo)?;
            side = self.commit(tree, &[side], &message)?;
            subjects.push(message);
            self.summary.plan_commits += 1;
        }
        let message = self.code_change(Some(&mut main_tree))?;
        let tree = main_tree.write(self.repo)?;
        let main = self.commit(tree, &[base], &message)?;
        self.summary.code_commits += 1;
        // The merge result: the side branch's plan with main's code.
        let blob = main_tree.files["src/lib.rs"];
        self.tree.set("src/lib.rs", blob);
        let tree = self.tree.write(self.repo)?;
        let n = self.summary.merges + 1;
        let message = format!("Merge branch 'plan-update-{n}'\n\n* {}", subjects.join("\n* "));
        self.head = self.commit(tree, &[main, side], &message)?;
        self.summary.merges += 1;
        self.summary.plan_commits += 1;
        Ok(())
    }
}

fn parse_day(text: &str) -> i64 {
    // Inverse of `synth::civil` for the dates synth writes (YYYY-MM-DD).
    let mut parts = text.trim().split('-').map(|p| p.parse::<i64>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(1970),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// What [`revise`] changed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Revision {
    pub estimates_raised: usize,
    pub owners_changed: usize,
    pub cut: usize,
    pub added: usize,
    pub dependencies_changed: usize,
}

impl Revision {
    pub fn features_changed(&self) -> usize {
        self.estimates_raised + self.owners_changed + self.cut + self.added + self.dependencies_changed
    }
}

/// The next revision of a [`synth::plan_files`] plan of `n_features`, as a
/// pull request might make it: about 1% of the features (at least 50)
/// touched — most estimates raised, a few owners changed, five planned
/// features cut, five added at the end, one feature's dependencies replaced.
/// Valid, without warnings, when the input is.
pub fn revise(files: &[(String, String)], n_features: usize, seed: u64) -> (Vec<(String, String)>, Revision) {
    let mut rng = Rng::new(seed ^ 0x7265_7669_7365); // "revise"
    let mut out = files.to_vec();
    let index: HashMap<String, usize> = out.iter().enumerate().map(|(k, (rel, _))| (rel.clone(), k)).collect();
    let path = |i: usize| format!("features/{}.toml", synth::feature_id(i));
    let mut touched = std::collections::HashSet::new();
    let mut summary = Revision::default();
    let n = n_features.max(1);
    let raise = (n / 100).max(50) - 10;

    fn replace_line(text: &str, key: &str, line: &str) -> String {
        text.lines()
            .map(|l| {
                if l.starts_with(key) {
                    format!("{line}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect()
    }

    let mut guard = 0;
    while summary.estimates_raised < raise && guard < 100 * n {
        guard += 1;
        let i = rng.below(n);
        if !touched.insert(i) {
            continue;
        }
        let k = index[&path(i)];
        out[k].1 = replace_line(
            &out[k].1,
            "estimate = ",
            &format!("estimate = \"{}d\"", 16 + rng.below(10)),
        );
        summary.estimates_raised += 1;
    }
    let people = synth::people_count(n_features);
    while summary.owners_changed < 3 && guard < 100 * n {
        guard += 1;
        let i = rng.below(n);
        if !touched.insert(i) {
            continue;
        }
        let k = index[&path(i)];
        let owner = format!("owner = \"p{:03}\"", rng.below(people));
        if out[k].1.contains(&owner) {
            touched.remove(&i);
            continue;
        }
        out[k].1 = replace_line(&out[k].1, "owner = ", &owner);
        summary.owners_changed += 1;
    }
    while summary.cut < 5 && guard < 100 * n {
        guard += 1;
        let i = rng.below(n);
        let k = index[&path(i)];
        if touched.contains(&i) || !out[k].1.contains("status = \"planned\"") {
            continue;
        }
        touched.insert(i);
        out[k].1 = out[k].1.replace("status = \"planned\"", "status = \"cut\"");
        summary.cut += 1;
    }
    // One feature in the second half waits for its predecessor instead.
    for i in (n / 2..n).filter(|i| *i > 0) {
        let k = index[&path(i)];
        if touched.contains(&i) || !out[k].1.contains("depends-on = [\n") {
            continue;
        }
        touched.insert(i);
        let mut text = String::with_capacity(out[k].1.len());
        let mut inside = false;
        for l in out[k].1.lines() {
            if l == "depends-on = [" {
                inside = true;
                let _ = writeln!(text, "depends-on = [\"{}\"]", synth::feature_id(i - 1));
            } else if inside {
                inside = l != "]";
            } else {
                let _ = writeln!(text, "{l}");
            }
        }
        out[k].1 = text;
        summary.dependencies_changed += 1;
        break;
    }
    let last_milestone = synth::milestone_count(n_features);
    for i in n..n + 5 {
        let mut s = String::new();
        let _ = writeln!(s, "title = \"Follow-up {} ({i})\"", rng.pick(synth::WORDS));
        let _ = writeln!(s, "milestone = \"m{last_milestone}\"");
        let _ = writeln!(s, "owner = \"p{:03}\"", rng.below(people));
        let _ = writeln!(s, "status = \"planned\"");
        let _ = writeln!(s, "estimate = \"{}d\"", 1 + rng.below(10));
        let _ = writeln!(s, "depends-on = [\"{}\"]", synth::feature_id(i - 1));
        out.push((path(i), s));
        summary.added += 1;
    }
    (out, summary)
}
