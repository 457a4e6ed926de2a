//! Where plan files come from: a directory on disk, or a tree in Git at any
//! revision (read straight from the object database, nothing checked out).
//!
//! Both produce the same thing, a list of [`RawFile`]s, so everything after
//! this point is the same whichever the plan came from.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::layout::{Rename, Role, classify};

/// One file of the plan, not yet parsed.
#[derive(Clone, Debug)]
pub struct RawFile {
    /// Path relative to the plan directory, `/`-separated.
    pub rel: String,
    /// Path to show the user.
    pub display: String,
    pub bytes: Vec<u8>,
    /// The Git blob id, when read from Git: equal ids mean equal bytes, which
    /// lets a history walk parse each distinct blob once.
    pub blob: Option<git2::Oid>,
}

/// A file found under the plan directory, not read yet.
#[derive(Clone, Debug)]
pub struct Listed {
    pub rel: String,
    pub display: String,
    pub path: PathBuf,
}

/// Reads every file under `dir` (recursively; hidden files and folders are
/// skipped). `display_base` is prefixed to each relative path for display.
pub fn read_dir(dir: &Path, display_base: &str) -> Result<Vec<RawFile>> {
    let listed = list_dir(dir, display_base)?;
    let contents = crate::par::map(&listed, |l| std::fs::read(&l.path));
    listed
        .into_iter()
        .zip(contents)
        .map(|(l, bytes)| {
            Ok(RawFile {
                bytes: bytes.map_err(|e| Error::io(&l.path, e))?,
                rel: l.rel,
                display: l.display,
                blob: None,
            })
        })
        .collect()
}

/// Lists every file under `dir`, sorted by relative path, without reading them.
pub fn list_dir(dir: &Path, display_base: &str) -> Result<Vec<Listed>> {
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

fn join_display(base: &str, rel: &str) -> String {
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

/// Resolves `rev` in `repo` to a commit.
pub fn resolve<'r>(repo: &'r git2::Repository, rev: &str) -> Result<git2::Commit<'r>> {
    let object = repo.revparse_single(rev).map_err(|e| Error::UnknownRevision {
        rev: rev.to_string(),
        message: e.message().to_string(),
    })?;
    object.peel_to_commit().map_err(|e| Error::UnknownRevision {
        rev: rev.to_string(),
        message: e.message().to_string(),
    })
}

/// Reads every file under `plan_path` (repository-relative, `/`-separated,
/// empty for the root) in the tree of `commit`, without touching the working tree.
pub fn read_git(
    repo: &git2::Repository,
    commit: &git2::Commit<'_>,
    rev: &str,
    plan_path: &str,
) -> Result<Vec<RawFile>> {
    read_git_except(repo, commit, rev, plan_path, &|_, _| false)
}

/// [`read_git`], leaving out the bytes of the files `known(path, blob)`
/// says the caller already has decoded (their `bytes` are empty).
pub fn read_git_except(
    repo: &git2::Repository,
    commit: &git2::Commit<'_>,
    rev: &str,
    plan_path: &str,
    known: &dyn Fn(&str, git2::Oid) -> bool,
) -> Result<Vec<RawFile>> {
    let root = commit.tree().map_err(|e| Error::git(&e))?;
    let plan_path = plan_path.trim_matches('/');
    let tree = if plan_path.is_empty() {
        root
    } else {
        let entry = root
            .get_path(Path::new(plan_path))
            .map_err(|_| Error::PlanNotInRevision {
                rev: rev.to_string(),
                path: plan_path.to_string(),
            })?;
        let object = entry.to_object(repo).map_err(|e| Error::git(&e))?;
        object.into_tree().map_err(|_| Error::PlanNotInRevision {
            rev: rev.to_string(),
            path: plan_path.to_string(),
        })?
    };
    let mut files = Vec::new();
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
        let Ok(name) = entry.name() else {
            return git2::TreeWalkResult::Skip;
        };
        if name.starts_with('.') {
            return git2::TreeWalkResult::Skip;
        }
        if entry.kind() != Some(git2::ObjectType::Blob) {
            return git2::TreeWalkResult::Ok;
        }
        let rel = format!("{dir}{name}");
        if known(&rel, entry.id()) {
            files.push(RawFile {
                display: join_display(plan_path, &rel),
                rel,
                bytes: Vec::new(),
                blob: Some(entry.id()),
            });
            return git2::TreeWalkResult::Ok;
        }
        match repo.find_blob(entry.id()) {
            Ok(blob) => files.push(RawFile {
                display: join_display(plan_path, &rel),
                rel,
                bytes: blob.content().to_vec(),
                blob: Some(entry.id()),
            }),
            Err(e) => {
                failure = Some(Error::git(&e));
                return git2::TreeWalkResult::Abort;
            }
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(|e| failure.take().unwrap_or_else(|| Error::git(&e)))?;
    if let Some(e) = failure {
        return Err(e);
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(files)
}

/// The other end of a rename search: a commit's tree or the working tree.
pub enum Against<'a, 'r> {
    Tree(&'a git2::Tree<'r>),
    WorkingTree,
}

/// The item files under `plan_path` that Git's rename detection (the same
/// similarity rules as `git diff -M`) pairs between `old` and `new`.
pub fn renames(
    repo: &git2::Repository,
    old: &git2::Tree<'_>,
    new: Against<'_, '_>,
    plan_path: &str,
) -> std::result::Result<Vec<Rename>, git2::Error> {
    let plan_path = plan_path.trim_matches('/');
    let mut opts = git2::DiffOptions::new();
    if !plan_path.is_empty() {
        opts.pathspec(format!("{plan_path}/"));
    }
    let mut find = git2::DiffFindOptions::new();
    find.renames(true);
    let mut diff = match new {
        Against::Tree(tree) => repo.diff_tree_to_tree(Some(old), Some(tree), Some(&mut opts))?,
        Against::WorkingTree => {
            opts.include_untracked(true).recurse_untracked_dirs(true);
            find.for_untracked(true);
            repo.diff_tree_to_workdir_with_index(Some(old), Some(&mut opts))?
        }
    };
    diff.find_similar(Some(&mut find))?;
    let within = |p: Option<&Path>| -> Option<String> {
        let p = p?.to_str()?.replace('\\', "/");
        if plan_path.is_empty() {
            Some(p)
        } else {
            p.strip_prefix(plan_path)?.strip_prefix('/').map(str::to_string)
        }
    };
    let mut out = Vec::new();
    for delta in diff.deltas() {
        if delta.status() != git2::Delta::Renamed {
            continue;
        }
        let (Some(from), Some(to)) = (within(delta.old_file().path()), within(delta.new_file().path())) else {
            continue;
        };
        if let (Role::Item(k1, from), Role::Item(k2, to)) = (classify(&from), classify(&to))
            && k1 == k2
        {
            out.push(Rename {
                kind: k1,
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    Ok(out)
}
