//! Helpers shared by the integration tests: running the binary, temporary
//! plans, and Git repositories built in code with fixed authors and dates.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

pub mod browser;
pub mod people_plans;
pub mod tools;

/// The repository root, where the examples are.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `milepost` binary, run from the repository root with a clean environment.
pub fn milepost() -> Command {
    let mut cmd = Command::cargo_bin("milepost").unwrap();
    cmd.current_dir(root())
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("MILEPOST_THREADS")
        .env_remove("MILEPOST_PLAN")
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run(cmd: &mut Command) -> Run {
    let Output { status, stdout, stderr } = cmd.output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

/// Writes `files` (relative path, contents) under `dir`.
pub fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (rel, text) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

/// Loads and validates the plan in the directory `dir`, as `milepost check
/// --plan DIR` does; its files are shown as `display`, `/` and their path
/// below `dir`.
pub fn check_dir(dir: &Path, display: &str) -> milepost::Result<milepost::Plan> {
    let source = milepost::source::Source::Dir {
        path: dir.to_path_buf(),
        display: display.to_string(),
    };
    let mut plan = milepost::load::load(&source, &mut milepost::load::Cache::default())?.plan;
    milepost::validate::validate(&mut plan);
    Ok(plan)
}

pub const PROJECT: &str = r#"[project]
name = "Test"
start = 2026-03-02

[[people]]
id = "ana"
name = "Ana Ruiz"
"#;

/// A Git repository in a temporary directory, committed to with a fixed
/// author and explicit dates so that every run builds the same history.
pub struct Repo {
    pub dir: tempfile::TempDir,
    pub repo: git2::Repository,
    /// The time of the last commit (seconds since 1970): each commit is
    /// made one day later.
    pub time: i64,
    /// Who the next commits are by (name, email).
    pub author: (&'static str, &'static str),
}

impl Repo {
    pub fn new() -> Repo {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        Repo {
            dir,
            repo,
            time: 1_772_438_400, // 2026-03-02T08:00:00Z
            author: ("Ana Ruiz", "ana@example.com"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, files: &[(&str, &str)]) {
        write_files(self.path(), files);
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.path().join(rel)).unwrap();
    }

    /// Stages everything (additions, changes, deletions) and commits it one
    /// day after the previous commit. Returns the commit id.
    pub fn commit(&mut self, message: &str) -> git2::Oid {
        self.commit_with(message, &[])
    }

    /// Like [`Repo::commit`], with `others` as further parents: a merge
    /// of what is staged (resolve by writing the merged files first).
    pub fn commit_with(&mut self, message: &str, others: &[git2::Oid]) -> git2::Oid {
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        self.time += 86_400;
        let sig = git2::Signature::new(self.author.0, self.author.1, &git2::Time::new(self.time, 0)).unwrap();
        let mut parents: Vec<git2::Commit<'_>> = self
            .repo
            .head()
            .ok()
            .and_then(|h| h.peel_to_commit().ok())
            .into_iter()
            .collect();
        parents.extend(others.iter().map(|o| self.repo.find_commit(*o).unwrap()));
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &parent_refs)
            .unwrap()
    }

    /// Commits what is staged with `entries` added (path bytes, object id,
    /// mode), one day after the previous commit: entries no working tree
    /// can hold (paths that are not UTF-8, submodules, links to anything,
    /// blobs never written out).
    pub fn commit_entries(&mut self, message: &str, entries: &[(Vec<u8>, git2::Oid, u32)]) -> git2::Oid {
        let mut index = self.repo.index().unwrap();
        for (path, id, mode) in entries {
            index
                .add(&git2::IndexEntry {
                    ctime: git2::IndexTime::new(0, 0),
                    mtime: git2::IndexTime::new(0, 0),
                    dev: 0,
                    ino: 0,
                    mode: *mode,
                    uid: 0,
                    gid: 0,
                    file_size: 0,
                    id: *id,
                    flags: 0,
                    flags_extended: 0,
                    path: path.clone(),
                })
                .unwrap();
        }
        index.write().unwrap();
        let tree = self.repo.find_tree(index.write_tree().unwrap()).unwrap();
        self.time += 86_400;
        let sig = git2::Signature::new(self.author.0, self.author.1, &git2::Time::new(self.time, 0)).unwrap();
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head])
            .unwrap()
    }

    /// Switches to `branch`, making the working tree match it.
    pub fn checkout(&self, branch: &str) {
        self.repo.set_head(&format!("refs/heads/{branch}")).unwrap();
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force().remove_untracked(true)))
            .unwrap();
    }

    pub fn tag(&self, name: &str) {
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        self.repo.tag_lightweight(name, head.as_object(), false).unwrap();
    }

    pub fn milepost(&self) -> Command {
        let mut cmd = milepost();
        cmd.current_dir(self.path());
        cmd
    }

    /// A shallow clone of this repository (`git clone --depth DEPTH`, with
    /// `args` more) in `dir`/clone: its path.
    pub fn shallow_clone(&self, dir: &Path, depth: u32, args: &[&str]) -> PathBuf {
        let clone = dir.join("clone");
        let url = format!("file://{}", self.path().display());
        let status = std::process::Command::new("git")
            .args(["clone", "--quiet", "--depth", &depth.to_string()])
            .args(args)
            .arg(&url)
            .arg(&clone)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .status()
            .unwrap();
        assert!(status.success());
        clone
    }
}

/// The environment variable that turns a missing `tj3` from a skip into a
/// failure (`.ci/run` sets it).
pub const REQUIRE_TJ3: &str = "MILEPOST_REQUIRE_TJ3";

/// Whether the TaskJuggler cross-check can run. Every test that runs `tj3`
/// starts with `if !support::tj3_available() { return; }`.
///
/// Without `tj3` on the PATH the test is skipped: one line on the
/// terminal, written to stderr directly so that the test harness does not
/// swallow it, and `false`. With `MILEPOST_REQUIRE_TJ3=1` a missing `tj3`
/// fails the test instead. A `tj3` that is there but does not run fails
/// either way: that is a broken installation, not a fresh machine.
pub fn tj3_available() -> bool {
    use std::io::Write;
    let required = std::env::var_os(REQUIRE_TJ3).is_some_and(|v| v == "1");
    match std::process::Command::new("tj3").arg("--version").output() {
        Ok(out) if out.status.success() => true,
        Ok(out) => panic!(
            "`tj3 --version` failed ({}): {}\nThe TaskJuggler cross-check needs a working tj3: `apt-get install tj3`.",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => {
            let test = std::thread::current().name().unwrap_or("a test").to_string();
            // Past the harness's capture, so that `cargo test` shows it.
            let _ = writeln!(
                std::io::stderr(),
                "tj3 not found on PATH: skipping the TaskJuggler cross-check in {test} \
                 (install tj3, or set {REQUIRE_TJ3}=1 to make this an error)"
            );
            false
        }
        Err(e) => panic!(
            "tj3 (TaskJuggler 3) could not be run ({e}) and {REQUIRE_TJ3}=1 asks for the TaskJuggler cross-check: \
             install it with `apt-get install tj3` (Debian/Ubuntu package `tj3`; `.ci/run` installs it)."
        ),
    }
}

/// The plan worked by hand in `schedule::a_plan_worked_by_hand` (whose
/// comment works out its dates), without its not-before feature: one
/// person, a holiday, a deadline and FS, SS and FF links with lags.
/// `leveling` works the same plan out leveled.
pub const HAND: [(&str, &str); 6] = [
    (
        "project.toml",
        "[project]\nname = \"Hand\"\nstart = 2026-03-02\n\n[calendar]\nholidays = [2026-03-13]\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n",
    ),
    ("milestones/beta.toml", "title = \"Beta\"\ndeadline = 2026-03-11\n"),
    (
        "features/design.toml",
        "title = \"Design\"\nowner = \"ana\"\nestimate = \"3d\"\n",
    ),
    (
        "features/build.toml",
        "title = \"Build\"\nowner = \"ana\"\nestimate = \"1w\"\nmilestone = \"beta\"\ndepends-on = [\"design\"]\n",
    ),
    (
        "features/docs.toml",
        "title = \"Docs\"\nowner = \"ana\"\nestimate = \"2d\"\nmilestone = \"beta\"\ndepends-on = [{ id = \"build\", type = \"SS\", lag = \"1d\" }]\n",
    ),
    (
        "features/test.toml",
        "title = \"Test\"\nowner = \"ana\"\nestimate = { low = \"2d\", likely = \"3d\", high = \"4d\" }\nmilestone = \"beta\"\ndepends-on = [{ id = \"build\", type = \"FF\", lag = \"2d\" }]\n",
    ),
];

/// The element of the JSON list `list` whose `id` is `id`: a milestone,
/// feature, person or item of a command's JSON output or a report's
/// context. Panics, naming the id, when the list has none.
pub fn by_id<'a>(list: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    list.as_array()
        .and_then(|items| items.iter().find(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("no element with id {id:?} in {list}"))
}
