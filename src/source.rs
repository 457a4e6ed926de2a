//! Where a plan comes from: a directory on disk, or the plan directory in a
//! Git tree at a commit (read straight from the object database, nothing
//! checked out). [`crate::locate`] finds it; [`crate::load::load`] reads
//! either into the same decoded files, so everything after that is the same
//! whichever the plan came from.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::git::{Commit, Repo};

/// A plan's files, wherever they are.
pub enum Source {
    /// A directory on disk (the working tree's plan, or any `--plan DIR`).
    Dir {
        path: PathBuf,
        /// The directory as shown to the user: each file is shown as this,
        /// `/`, and its path below the directory (just its path when empty).
        display: String,
    },
    /// The plan directory of a repository (see [`Repo::prefix`]) at a commit.
    Revision {
        repo: Repo,
        /// The revision as the user wrote it (`HEAD~3`, `v1.0`).
        spec: String,
        /// The commit it resolved to.
        commit: Commit,
        /// Whether a commit without the plan directory holds an empty plan
        /// that does not exist (see [`crate::load::Loaded::exists`]), as a
        /// side of a comparison may, rather than being an error.
        missing_ok: bool,
    },
}

impl Source {
    /// The plan directory of `repo` at the revision `rev`; see
    /// [`Source::Revision`] for `missing_ok`.
    pub fn at(repo: Repo, rev: &str, missing_ok: bool) -> Result<Source> {
        let commit = repo.resolve(rev)?;
        Ok(Source::Revision {
            repo,
            spec: rev.to_string(),
            commit,
            missing_ok,
        })
    }
}

/// A file found under the plan directory, not read yet.
#[derive(Clone, Debug)]
pub(crate) struct Listed {
    pub rel: String,
    pub display: String,
    pub path: PathBuf,
}

/// Lists every file under `dir`, sorted by relative path, without reading them.
pub(crate) fn list_dir(dir: &Path, display_base: &str) -> Result<Vec<Listed>> {
    let meta = std::fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::PlanDirMissing(dir.to_path_buf()),
        _ => Error::io(dir, e),
    })?;
    if !meta.is_dir() {
        return Err(Error::PlanNotADirectory(dir.to_path_buf()));
    }
    let mut listed: Vec<(String, PathBuf)> = Vec::new();
    let mut stack: Vec<(PathBuf, String)> = vec![(dir.to_path_buf(), String::new())];
    // Directories already read, so a symbolic link back up the tree cannot loop.
    let mut seen = std::collections::HashSet::new();
    while let Some((path, rel_prefix)) = stack.pop() {
        if let Ok(canonical) = std::fs::canonicalize(&path)
            && !seen.insert(canonical)
        {
            continue;
        }
        let entries = std::fs::read_dir(&path).map_err(|e| Error::io(&path, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(&path, e))?;
            let name = entry.file_name();
            // A name that is not UTF-8 cannot be an id; it is listed by its
            // lossy form and reported like any other file that is out of place.
            let name = name.to_string_lossy();
            if name.starts_with('.') {
                continue;
            }
            let rel = format!("{rel_prefix}{name}");
            let entry_path = entry.path();
            let file_type = entry.file_type().map_err(|e| Error::io(&entry_path, e))?;
            // Follow symbolic links the way `cat` would.
            let is_dir = if file_type.is_symlink() {
                entry_path.is_dir()
            } else {
                file_type.is_dir()
            };
            if is_dir {
                stack.push((entry_path, format!("{rel}/")));
            } else {
                listed.push((rel, entry_path));
            }
        }
    }
    listed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(listed
        .into_iter()
        .map(|(rel, path)| Listed {
            display: join_display(display_base, &rel),
            rel,
            path,
        })
        .collect())
}

/// The path of the file `rel` of a plan directory shown as `base`.
pub(crate) fn join_display(base: &str, rel: &str) -> String {
    if base.is_empty() {
        rel.to_string()
    } else {
        format!("{}/{rel}", base.trim_end_matches('/'))
    }
}

/// A revision resolved to a commit, for messages and JSON output.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "ResolvedRevision")]
pub struct Revision {
    /// What the user asked for (`HEAD~3`, `v1.0`).
    pub spec: String,
    /// The full commit id it resolved to.
    pub commit: String,
}
