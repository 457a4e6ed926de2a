//! Finding the plan: `--plan DIR`, or `plan/` in the current directory or a
//! parent (up to the repository root, as cargo finds `Cargo.toml`), read from
//! the working tree or, with `--rev`, from Git.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, NeedsGit, Result};
use crate::git::{ObjectId, Repo};
use crate::plan::Plan;
use crate::source::{self, RawFile, Revision};

/// A plan read from somewhere, with what is needed to talk about where.
pub struct Located {
    pub plan: Plan,
    pub revision: Option<Revision>,
    /// The plan directory as shown to the user.
    pub display: String,
    /// Where to find the plan directory relative to the repository root.
    repo_prefix: RepoPrefix,
    /// Read from Git: each file's path under the plan directory and blob id.
    pub blobs: Option<Vec<(String, ObjectId)>>,
}

enum RepoPrefix {
    /// Read from Git: known.
    Known(String),
    /// A working tree: found only when asked for, as opening the repository
    /// costs time that `check` does not otherwise spend.
    Discover(PathBuf),
}

impl Located {
    /// The plan directory relative to the repository root (`/`-separated),
    /// when the plan is inside a Git repository. GitHub annotations need it.
    pub fn repo_prefix(&self) -> Option<String> {
        match &self.repo_prefix {
            RepoPrefix::Known(prefix) => Some(prefix.clone()),
            RepoPrefix::Discover(dir) => crate::git::workdir(dir).and_then(|root| repo_relative(&root, dir)),
        }
    }
}

/// Reads, loads and validates the plan.
pub fn open(plan_arg: Option<&Path>, rev: Option<&str>) -> Result<Located> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let (files, revision, display, repo_prefix) = read(&cwd, plan_arg, rev)?;
    let plan = match files {
        Files::Listed(listed) => {
            let mut plan = crate::load::load_listed(&listed)?;
            crate::validate::validate(&mut plan);
            plan
        }
        Files::Read(raw) => crate::check(raw),
    };
    Ok(Located {
        plan,
        revision,
        display,
        repo_prefix,
        blobs: None,
    })
}

/// A plan read at a Git revision to compare with another: a diff side, a
/// baseline, the start of "changes since".
pub struct AtRevision {
    pub located: Located,
    /// False when the plan directory does not exist at that revision: the
    /// plan is then empty (no files, no items, no problems; see
    /// [`crate::diff::exists`]).
    pub exists: bool,
    /// The day the revision's commit was made (its committer date, in the
    /// committer's time zone).
    pub committed: crate::model::Date,
}

/// Reads, loads and validates the plan at `rev`, like [`open`], but a
/// revision where the plan directory does not exist gives an empty plan
/// instead of an error. `option` names the command-line option that asked
/// for it (`--baseline`), for the error outside a Git repository; without
/// one, the revision is a side of `milepost diff`.
pub fn open_at(plan_arg: Option<&Path>, rev: &str, option: Option<&str>) -> Result<AtRevision> {
    open_at_cached(plan_arg, rev, option, &mut crate::load::Cache::default())
}

/// [`open_at`], decoding only the files `cache` does not have (and adding
/// them to it): the two sides of a diff share most of their files.
pub fn open_at_cached(
    plan_arg: Option<&Path>,
    rev: &str,
    option: Option<&str>,
    cache: &mut crate::load::Cache,
) -> Result<AtRevision> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let needs = match option {
        Some(option) => NeedsGit::option(option, rev),
        None => NeedsGit::command("diff"),
    };
    let repo = repository(&cwd, plan_arg, needs)?;
    let commit = repo.resolve(rev)?;
    let read = source::read_git(&repo, commit.id, rev, &|rel, blob| cache.has(rel, blob));
    let (plan, exists, blobs) = match read {
        Ok(raw) => {
            let blobs = raw.iter().filter_map(|f| Some((f.rel.clone(), f.blob?))).collect();
            let mut plan = crate::load::load_cached(raw, cache);
            crate::validate::validate(&mut plan);
            (plan, true, Some(blobs))
        }
        Err(Error::PlanNotInRevision { .. }) => (Plan::default(), false, Some(Vec::new())),
        Err(e) => return Err(e),
    };
    let revision = Revision {
        spec: rev.to_string(),
        commit: commit.id.to_string(),
    };
    Ok(AtRevision {
        located: Located {
            plan,
            revision: Some(revision),
            display: format!("{rev}:{}", repo.prefix()),
            repo_prefix: RepoPrefix::Known(repo.prefix().to_string()),
            blobs,
        },
        exists,
        committed: commit.date,
    })
}

/// A working tree is listed and then read while parsing; a Git tree is read
/// up front (libgit2 objects stay on one thread).
enum Files {
    Listed(Vec<source::Listed>),
    Read(Vec<RawFile>),
}

type Read = (Files, Option<Revision>, String, RepoPrefix);

fn read(cwd: &Path, plan_arg: Option<&Path>, rev: Option<&str>) -> Result<Read> {
    match rev {
        None => {
            let dir = match plan_arg {
                Some(p) => p.to_path_buf(),
                None => find(cwd)?,
            };
            let display = display_path(cwd, &dir);
            let listed = source::list_dir(&dir, &display)?;
            let repo_prefix = RepoPrefix::Discover(absolute(cwd, &dir));
            Ok((Files::Listed(listed), None, display, repo_prefix))
        }
        Some(rev) => {
            let repo = repository(cwd, plan_arg, NeedsGit::option("--rev", rev))?;
            let commit = repo.resolve(rev)?;
            let raw = source::read_git(&repo, commit.id, rev, &|_, _| false)?;
            let revision = Revision {
                spec: rev.to_string(),
                commit: commit.id.to_string(),
            };
            let display = format!("{rev}:{}", repo.prefix());
            Ok((
                Files::Read(raw),
                Some(revision),
                display,
                RepoPrefix::Known(repo.prefix().to_string()),
            ))
        }
    }
}

/// The Git repository holding the plan, and the plan directory relative to
/// its root (`/`-separated): `--plan DIR` when given, else the `plan/` that
/// [`find`] finds from `cwd`, else `plan`. The directory need not exist in the
/// working tree: it is the one read at every revision.
///
/// `needs` says what asked for Git, for the error outside a repository.
pub fn repository(cwd: &Path, plan_arg: Option<&Path>, needs: NeedsGit) -> Result<Repo> {
    let start = plan_arg.map_or_else(|| cwd.to_path_buf(), |p| absolute(cwd, p));
    // The plan directory may not exist in the working tree any more:
    // discover the repository from its closest existing ancestor.
    let existing = start.ancestors().find(|p| p.exists()).unwrap_or(cwd);
    Repo::discover(existing, needs, |root| {
        Ok(match plan_arg {
            Some(p) => repo_relative(root, &absolute(cwd, p)).ok_or_else(|| Error::PlanOutsideRepository {
                plan: p.to_path_buf(),
                repo: root.to_path_buf(),
            })?,
            None => find(cwd)
                .ok()
                .and_then(|dir| repo_relative(root, &absolute(cwd, &dir)))
                .unwrap_or_else(|| "plan".to_string()),
        })
    })
}

/// Walks up from `start` to the repository root (or the file system root)
/// looking for `plan/project.toml`. The result is relative to `start`
/// (`plan`, `../../plan`).
pub fn find(start: &Path) -> Result<PathBuf> {
    let mut stopped_at = start.to_path_buf();
    for (depth, dir) in start.ancestors().enumerate() {
        stopped_at = dir.to_path_buf();
        if dir.join("plan").join("project.toml").is_file() {
            let mut rel = PathBuf::new();
            for _ in 0..depth {
                rel.push("..");
            }
            return Ok(rel.join("plan"));
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Err(Error::NoPlanFound {
        start: start.to_path_buf(),
        stopped_at,
    })
}

/// `path` made absolute against `cwd` and cleaned of `.` and `..` without
/// touching the file system (the path may not exist).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the repository root `root`, `/`-separated.
fn repo_relative(root: &Path, path: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    // Canonicalize the longest existing ancestor, so symlinks (e.g. /tmp on
    // macOS) do not hide that the path is inside the repository.
    let existing = path.ancestors().find(|p| p.exists())?;
    let rest = path.strip_prefix(existing).ok()?;
    let canonical = std::fs::canonicalize(existing).ok()?.join(rest);
    let rel = canonical.strip_prefix(&root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// How to show `dir` to a user standing in `cwd`: relative when it is below
/// `cwd`, as given otherwise.
fn display_path(cwd: &Path, dir: &Path) -> String {
    let shown = if dir.is_absolute() {
        dir.strip_prefix(cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| dir.to_path_buf())
    } else {
        dir.to_path_buf()
    };
    let s = shown.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./").trim_end_matches('/').to_string();
    if s.is_empty() { ".".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_cleans_dots() {
        assert_eq!(
            absolute(Path::new("/a/b"), Path::new("../c/./d")),
            PathBuf::from("/a/c/d")
        );
        assert_eq!(absolute(Path::new("/a"), Path::new("/x/y")), PathBuf::from("/x/y"));
    }

    #[test]
    fn display_is_relative_below_cwd() {
        assert_eq!(display_path(Path::new("/r"), Path::new("/r/plan")), "plan");
        assert_eq!(display_path(Path::new("/r"), Path::new("./plan/")), "plan");
        assert_eq!(display_path(Path::new("/r/sub"), Path::new("/r/plan")), "/r/plan");
    }
}
