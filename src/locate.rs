//! Finding the plan: `--plan DIR`, or `plan/` in the current directory or a
//! parent (up to the repository root, as cargo finds `Cargo.toml`), in the
//! working tree or, with `--rev`, in Git: the [`Source`] a command reads
//! (with [`crate::load::load`]), and how its paths are shown.

use std::path::{Component, Path, PathBuf};

use crate::error::{Error, NeedsGit, Result};
use crate::git::Repo;
use crate::source::Source;

/// The plan the command line names: `--plan DIR`, or the `plan/` that
/// [`find`] finds from the current directory, in the working tree; with
/// `--rev REV`, the plan directory at REV, where it must exist.
pub fn source(plan_arg: Option<&Path>, rev: Option<&str>) -> Result<Source> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let configured = configured(&cwd, plan_arg)?;
    if rev.is_none()
        && let Some(c) = &configured
    {
        c.exists()?;
    }
    let plan_arg = configured.as_ref().map(|c| c.path.as_path());
    match rev {
        None => {
            let path = match plan_arg {
                Some(p) => {
                    not_above_a_plan(&cwd, p)?;
                    p.to_path_buf()
                }
                None => find(&cwd)?,
            };
            let display = display_path(&cwd, &path);
            Ok(Source::Dir { path, display })
        }
        Some(rev) => Source::at(repository(&cwd, plan_arg, NeedsGit::option("--rev", rev))?, rev, false),
    }
}

/// The plan directory at the revision `rev`, to compare a plan with: a
/// diff side, a baseline, the start of "changes since". Where the plan
/// directory does not exist at `rev`, the plan is empty (see
/// [`crate::load::Loaded::exists`]). `needs` says what asked for Git, for
/// the error outside a repository.
pub fn revision(plan_arg: Option<&Path>, rev: &str, needs: NeedsGit) -> Result<Source> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    Source::at(repository(&cwd, plan_arg, needs)?, rev, true)
}

/// The directory `dir` (relative to the current directory) relative to the
/// root of the repository that holds it (`/`-separated), if one does.
pub(crate) fn repo_prefix(dir: &Path) -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    let dir = absolute(&cwd, dir);
    crate::git::workdir(&dir).and_then(|root| repo_relative(&root, &dir))
}

/// The Git repository holding the plan, and the plan directory relative to
/// its root (`/`-separated): `--plan DIR` when given, else the `plan/` that
/// [`find`] finds from `cwd`, else `plan`. The directory need not exist in the
/// working tree: it is the one read at every revision.
///
/// `needs` says what asked for Git, for the error outside a repository.
pub fn repository(cwd: &Path, plan_arg: Option<&Path>, needs: NeedsGit) -> Result<Repo> {
    let configured = configured(cwd, plan_arg)?;
    let plan_arg = configured.as_ref().map(|c| c.path.as_path());
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

/// The plan directory `milepost init` creates: the one `--plan`,
/// `MILEPOST_PLAN` or a `milepost.toml` names (which need not exist yet),
/// else `plan` in the current directory. Relative to the current
/// directory, or absolute.
pub fn target(plan_arg: Option<&Path>) -> Result<PathBuf> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    Ok(configured(&cwd, plan_arg)?.map_or_else(|| PathBuf::from("plan"), |c| c.path))
}

/// The environment variable that names the plan directory when `--plan`
/// is not given.
pub const PLAN_ENV: &str = "MILEPOST_PLAN";

/// The file at the repository root (or any directory between it and the
/// current one) that names the plan directory: `plan = "path"`.
pub const CONFIG_FILE: &str = "milepost.toml";

/// A plan directory the user named, and where they named it.
#[derive(Debug)]
struct Configured {
    /// Relative to the current directory, or absolute.
    path: PathBuf,
    /// `--plan`, `MILEPOST_PLAN`, or the `plan` key of a `milepost.toml`
    /// (`milepost.toml:1:8`): for the error when it does not exist.
    from: Option<String>,
}

impl Configured {
    /// A directory named by `MILEPOST_PLAN` or `milepost.toml` must exist
    /// in the working tree and be a folder, and the error says who named it (`--plan`'s
    /// own error is the loader's).
    fn exists(&self) -> Result<()> {
        let is = if !self.path.exists() {
            "does not exist"
        } else if !self.path.is_dir() {
            "is not a folder"
        } else {
            return Ok(());
        };
        match &self.from {
            Some(from) => Err(Error::ConfiguredPlanMissing {
                path: self.path.clone(),
                from: from.clone(),
                is,
            }),
            None => Ok(()),
        }
    }
}

/// Where the plan is, by precedence: `--plan`, then `MILEPOST_PLAN` (an
/// empty value is no value), then the `plan` key of the nearest
/// `milepost.toml` from `cwd` up to the repository root (relative to that
/// file). `None`: look for `plan/` ([`find`]).
fn configured(cwd: &Path, plan_arg: Option<&Path>) -> Result<Option<Configured>> {
    if let Some(p) = plan_arg {
        return Ok(Some(Configured {
            path: p.to_path_buf(),
            from: None,
        }));
    }
    if let Some(p) = std::env::var_os(PLAN_ENV).filter(|v| !v.is_empty()) {
        return Ok(Some(Configured {
            path: PathBuf::from(p),
            from: Some(format!("`{PLAN_ENV}`")),
        }));
    }
    for (depth, dir) in cwd.ancestors().enumerate() {
        let file = dir.join(CONFIG_FILE);
        if file.is_file() {
            let shown = PathBuf::from("../".repeat(depth)).join(CONFIG_FILE);
            let (plan, line, column) = crate::config::plan_of(&file, &shown)?;
            let Some(plan) = plan else { return Ok(None) };
            let path = if plan.is_absolute() {
                plan
            } else {
                PathBuf::from("../".repeat(depth)).join(plan)
            };
            return Ok(Some(Configured {
                path: PathBuf::from(display_path(cwd, &path)),
                from: Some(format!("`plan` in `{}:{line}:{column}`", shown.display())),
            }));
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    Ok(None)
}

/// `--plan DIR` where DIR has no `project.toml` but `DIR/plan/project.toml`
/// exists (`--plan .` at a repository's root) is a slip for `--plan
/// DIR/plan`: said at once, rather than as a plan missing its project and
/// every file below it out of place.
///
/// So is a folder of a plan (`--plan plan/features`: a directory without
/// `project.toml` one of whose parents, a few folders up, has one), and the
/// project file itself (`--plan plan/project.toml`): for `--plan plan`.
fn not_above_a_plan(cwd: &Path, dir: &Path) -> Result<()> {
    if dir.join("project.toml").exists() {
        return Ok(());
    }
    let shown = |p: &Path| {
        let p = if p.as_os_str().is_empty() { Path::new(".") } else { p };
        PathBuf::from(display_path(cwd, p))
    };
    let nested = dir.join("plan");
    if nested.join("project.toml").is_file() {
        return Err(Error::PlanBelow {
            given: dir.to_path_buf(),
            nested: shown(&nested),
        });
    }
    let named_file = dir.file_name().is_some_and(|f| f == "project.toml") && dir.is_file();
    if named_file || dir.is_dir() {
        let within = dir
            .ancestors()
            .skip(1)
            .take(4)
            .find(|a| a.join("project.toml").is_file());
        if let Some(root) = within {
            return Err(Error::PlanWithin {
                given: dir.to_path_buf(),
                plan: shown(root),
            });
        }
    }
    Ok(())
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
pub(crate) fn absolute(cwd: &Path, path: &Path) -> PathBuf {
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
pub(crate) fn repo_relative(root: &Path, path: &Path) -> Option<String> {
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
