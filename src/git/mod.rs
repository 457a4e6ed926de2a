//! Git: the one module that talks to libgit2 (through the `git2` crate).
//! The rest of milepost sees only what is defined here: object ids
//! ([`ObjectId`]), a repository with the plan directory in it ([`Repo`]), a
//! commit resolved from a revision ([`Commit`]), and errors as
//! [`Error`]s. No `git2` type appears in a public signature.
//!
//! One exception: the history walk (`history/walk.rs`, and
//! `history/walk/lister.rs`, which lists each commit's plan tree) reads thousands of
//! commits and trees in a loop that is the hot path of `milepost history`,
//! and uses `git2` directly there, through the crate-private
//! `Repo::raw`, `resolve_commit`, `commit_date`, `tree_renames` and
//! `error`; what it hands on is in [`ObjectId`]s too.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, NeedsGit, Result};
use crate::layout::{Rename, Role, classify};
use crate::model::Date;
use crate::source::{MAX_DEPTH, MAX_FILE_BYTES, MAX_FILES, Refused, join_display};

mod id;
mod revision;
pub use id::ObjectId;
pub(crate) use revision::{no_commits, resolve_commit, unknown_revision};

/// A commit a revision resolved to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Commit {
    pub id: ObjectId,
    /// The day it was committed: its committer date, in the committer's
    /// time zone.
    pub date: Date,
}

impl Commit {
    fn of(commit: &git2::Commit<'_>) -> Commit {
        Commit {
            id: ObjectId::from_git(commit.id()),
            date: commit_date(commit),
        }
    }
}

/// A Git repository with a working directory, and where the plan directory
/// is in it.
pub struct Repo {
    repo: git2::Repository,
    /// The plan directory relative to the repository root, `/`-separated.
    prefix: String,
}

/// The working directory of the repository that holds `dir` (or one of
/// its parents), if there is one.
pub fn workdir(dir: &Path) -> Option<PathBuf> {
    git2::Repository::discover(dir)
        .ok()
        .and_then(|repo| repo.workdir().map(Path::to_path_buf))
}

/// The user's name as Git knows it (`git config user.name`): the
/// configuration of the repository holding `dir` when there is one, else
/// the user's and the system's. `None` when it is not set.
pub fn user_name(dir: &Path) -> Option<String> {
    let config = match git2::Repository::discover(dir) {
        Ok(repo) => repo.config().ok()?,
        Err(_) => git2::Config::open_default().ok()?,
    };
    let name = config.get_string("user.name").ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Where the Git repository holding `dir` keeps its hooks: `core.hooksPath`
/// (relative to the working directory) when set, else `.git/hooks`. `None`
/// outside a repository.
pub fn hooks_dir(dir: &Path) -> Option<PathBuf> {
    let repo = git2::Repository::discover(dir).ok()?;
    let configured = repo.config().ok().and_then(|c| c.get_path("core.hooksPath").ok());
    Some(match configured {
        Some(p) if p.is_absolute() => p,
        Some(p) => repo.workdir().unwrap_or_else(|| repo.path()).join(p),
        None => repo.path().join("hooks"),
    })
}

impl Repo {
    /// Opens the repository holding `dir` (or one of its parents). `prefix`
    /// says where the plan directory is, given the repository's root.
    ///
    /// `needs` says what asked for Git, for the error outside a repository.
    pub(crate) fn discover(dir: &Path, needs: NeedsGit, prefix: impl FnOnce(&Path) -> Result<String>) -> Result<Repo> {
        let repo = match git2::Repository::discover(dir) {
            Ok(repo) => repo,
            Err(_) => {
                return Err(Error::NotARepository {
                    path: dir.to_path_buf(),
                    needs,
                });
            }
        };
        let root = repo
            .workdir()
            .map(Path::to_path_buf)
            .ok_or_else(|| Error::BareRepository {
                path: repo.path().to_path_buf(),
                needs,
            })?;
        let prefix = prefix(&root)?;
        Ok(Repo { repo, prefix })
    }

    /// The plan directory relative to the repository root (`/`-separated,
    /// empty for the root itself).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The `git2` repository, for the history walk.
    pub(crate) fn raw(&self) -> &git2::Repository {
        &self.repo
    }

    /// Resolves `rev` to a commit.
    pub fn resolve(&self, rev: &str) -> Result<Commit> {
        Ok(Commit::of(&resolve_commit(&self.repo, rev)?))
    }

    /// The commit `HEAD` is on, if any (none in a repository without commits).
    pub fn head(&self) -> Option<ObjectId> {
        let commit = self.repo.head().ok()?.peel_to_commit().ok()?;
        Some(ObjectId::from_git(commit.id()))
    }

    /// The best common ancestor of the revisions `a` and `b`.
    pub fn merge_base(&self, a: &str, b: &str) -> Result<ObjectId> {
        let (ca, cb) = (resolve_commit(&self.repo, a)?, resolve_commit(&self.repo, b)?);
        let base = self.repo.merge_base(ca.id(), cb.id()).map_err(|e| match e.code() {
            // A shallow clone may not have the commit where they met.
            git2::ErrorCode::NotFound if self.repo.is_shallow() => Error::ShallowMergeBase {
                a: a.to_string(),
                b: b.to_string(),
            },
            // The repository is fine: the two histories just never met.
            git2::ErrorCode::NotFound => Error::NoMergeBase {
                a: a.to_string(),
                b: b.to_string(),
            },
            _ => Error::Git {
                message: format!("no merge base between `{a}` and `{b}`: {}", e.message()),
            },
        })?;
        Ok(ObjectId::from_git(base))
    }

    /// Every file under the plan directory in the tree of `commit` (the
    /// resolution of `rev`, named in errors), sorted by path, read straight
    /// from the object database without touching the working tree. The
    /// content of the files `known(path, blob)` says the caller already has
    /// is left out. Hidden files and folders are skipped.
    pub(crate) fn read_plan(
        &self,
        commit: ObjectId,
        rev: &str,
        known: &dyn Fn(&str, ObjectId) -> bool,
    ) -> Result<Vec<TreeFile>> {
        let plan_path = self.prefix.trim_matches('/');
        let tree = self.plan_tree(commit, rev, plan_path)?;
        let mut files = Vec::new();
        let mut failure = None;
        tree.walk(git2::TreeWalkMode::PreOrder, |dir, entry| {
            // A name that is not UTF-8 cannot be an id: listed by its lossy
            // form and reported like any other file out of place, as on disk.
            let name = String::from_utf8_lossy(entry.name_bytes());
            if name.starts_with('.') {
                return git2::TreeWalkResult::Skip;
            }
            if files.len() > MAX_FILES {
                failure = Some(crate::source::too_many_files(&format!("{rev}:{plan_path}"), dir));
                return git2::TreeWalkResult::Abort;
            }
            let rel = format!("{dir}{name}");
            match self.tree_file(entry, rel, rev, plan_path, known) {
                Ok(Some(file)) => files.push(file),
                Ok(None) => {}
                Err(e) => {
                    failure = Some(e);
                    return git2::TreeWalkResult::Abort;
                }
            }
            git2::TreeWalkResult::Ok
        })
        .map_err(|e| failure.take().unwrap_or_else(|| error(&e)))?;
        if let Some(e) = failure {
            return Err(e);
        }
        if files.len() > MAX_FILES {
            return Err(crate::source::too_many_files(&format!("{rev}:{plan_path}"), ""));
        }
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(files)
    }

    /// The tree of the plan directory `plan_path` in `commit` (the
    /// resolution of `rev`, named in errors).
    fn plan_tree(&self, commit: ObjectId, rev: &str, plan_path: &str) -> Result<git2::Tree<'_>> {
        let repo = &self.repo;
        let commit = repo.find_commit(commit.to_git()?).map_err(|e| error(&e))?;
        let root = commit.tree().map_err(|e| error(&e))?;
        if plan_path.is_empty() {
            return Ok(root);
        }
        let missing = |found| Error::PlanNotInRevision {
            rev: rev.to_string(),
            path: plan_path.to_string(),
            found,
        };
        let entry = root.get_path(Path::new(plan_path)).map_err(|_| missing(None))?;
        if let Some(found) = not_a_folder(&entry) {
            return Err(missing(Some(found)));
        }
        let object = entry.to_object(repo).map_err(|e| error(&e))?;
        object.into_tree().map_err(|_| missing(None))
    }

    /// The file a plan tree's `entry` at `rel` is for [`Repo::read_plan`]
    /// (`None` for a folder or what is neither file nor folder): its
    /// content left out when `known` says the caller has it, and a stray
    /// file's too. A folder too deep is an error, which names it by `rev`
    /// and the plan's path `plan_path`.
    fn tree_file(
        &self,
        entry: &git2::TreeEntry<'_>,
        rel: String,
        rev: &str,
        plan_path: &str,
        known: &dyn Fn(&str, ObjectId) -> bool,
    ) -> Result<Option<TreeFile>> {
        let blob = ObjectId::from_git(entry.id());
        let bytes = match tree_entry(entry.kind(), entry.filemode()) {
            Entry::Folder if rel.matches('/').count() >= MAX_DEPTH => {
                return Err(Error::PlanTooDeep {
                    folder: format!("{rev}:{}", join_display(plan_path, &rel)),
                    limit: MAX_DEPTH,
                });
            }
            Entry::Folder | Entry::Other => return Ok(None),
            Entry::Refused(why) => Some(Err(why)),
            Entry::File if known(&rel, blob) => None,
            Entry::File => Some(file_bytes(&self.repo, entry.id(), &rel)?),
        };
        Ok(Some(TreeFile { rel, blob, bytes }))
    }

    /// The item files under the plan directory that Git's rename detection
    /// (the same similarity rules as `git diff -M`) pairs between the
    /// commit `old` and the commit `new`, or the working tree when `new` is
    /// `None`.
    pub fn renames(&self, old: ObjectId, new: Option<ObjectId>) -> Result<Vec<Rename>> {
        let tree_of = |commit: ObjectId| -> Result<git2::Tree<'_>> {
            let commit = self.repo.find_commit(commit.to_git()?).map_err(|e| error(&e))?;
            commit.tree().map_err(|e| error(&e))
        };
        let old = tree_of(old)?;
        let new = new.map(tree_of).transpose()?;
        let against = new.as_ref().map_or(Against::WorkingTree, Against::Tree);
        renames(&self.repo, &old, against, &self.prefix).map_err(|e| error(&e))
    }

    /// The newest commit on the first-parent line from `start` (itself
    /// included) made before `date` (committer date): the plan as it was
    /// when that day began. `None` when the line ends first (its root, or
    /// the end of a shallow clone).
    pub fn first_parent_before(&self, start: ObjectId, date: Date) -> Result<Option<Commit>> {
        let oid = start.to_git()?;
        let mut commit = self.repo.find_commit(oid).map_err(|e| error(&e))?;
        loop {
            let found = Commit::of(&commit);
            if found.date < date {
                return Ok(Some(found));
            }
            match commit.parent(0) {
                Ok(parent) => commit = parent,
                Err(_) => return Ok(None),
            }
        }
    }

    /// The name of the most recent tag on the first-parent line from `start`
    /// (included or not) whose commit changed the plan directory relative
    /// to its first parent. With several such tags on one commit, the first
    /// by name. `None` when there is none, or the line cannot be read to it
    /// (a shallow clone that ends first).
    pub fn previous_tag(&self, start: ObjectId, include_start: bool) -> Option<String> {
        let repo = &self.repo;
        let mut tags: HashMap<git2::Oid, String> = HashMap::new();
        let names = repo.tag_names(None).ok()?;
        for name in names.iter().flatten().flatten() {
            let Ok(reference) = repo.find_reference(&format!("refs/tags/{name}")) else {
                continue;
            };
            let Ok(commit) = reference.peel_to_commit() else {
                continue;
            };
            let entry = tags.entry(commit.id()).or_insert_with(|| name.to_string());
            if name < entry.as_str() {
                *entry = name.to_string();
            }
        }
        if tags.is_empty() {
            return None;
        }
        let mut commit = repo.find_commit(start.to_git().ok()?).ok()?;
        let mut first = true;
        loop {
            if (include_start || !first)
                && let Some(name) = tags.get(&commit.id())
                && touches(&commit, &self.prefix)
            {
                return Some(name.clone());
            }
            first = false;
            // A root commit, or the end of a shallow clone: no tag.
            commit = commit.parent(0).ok()?;
        }
    }
}

/// A file in a Git tree, as [`Repo::read_plan`] reads it.
pub(crate) struct TreeFile {
    /// Its path under the directory read, `/`-separated.
    pub rel: String,
    pub blob: ObjectId,
    /// Its content, or why it is not read; `None` when the caller said it
    /// had it already.
    pub bytes: Option<std::result::Result<Vec<u8>, Refused>>,
}

/// What an entry of a plan tree is to milepost.
pub(crate) enum Entry {
    /// A regular file (executable or not): read.
    File,
    /// A folder: listed.
    Folder,
    /// Something milepost reports by name and never reads.
    Refused(Refused),
    /// Anything else Git may hold one day: skipped.
    Other,
}

/// What the tree entry of `kind` and `mode` is: symbolic links (mode
/// 120000) are blobs to Git, but what they hold is a path, never followed;
/// submodules (mode 160000) are commits of another repository.
pub(crate) fn tree_entry(kind: Option<git2::ObjectType>, mode: i32) -> Entry {
    const LINK: i32 = 0o120_000;
    match kind {
        Some(git2::ObjectType::Blob) if mode == LINK => Entry::Refused(Refused::GitLink),
        Some(git2::ObjectType::Blob) => Entry::File,
        Some(git2::ObjectType::Tree) => Entry::Folder,
        Some(git2::ObjectType::Commit) => Entry::Refused(Refused::Submodule),
        _ => Entry::Other,
    }
}

/// What a tree entry that should be the plan directory is instead (`a
/// file`, `a symbolic link`, `a submodule`); `None` for a folder.
pub(crate) fn not_a_folder(entry: &git2::TreeEntry<'_>) -> Option<&'static str> {
    match tree_entry(entry.kind(), entry.filemode()) {
        Entry::Folder => None,
        Entry::File => Some("a file"),
        Entry::Refused(Refused::Submodule) => Some("a submodule"),
        Entry::Refused(_) => Some("a symbolic link"),
        Entry::Other => Some("not a folder"),
    }
}

/// What a plan file at `rel` holds, its blob being `id`: nothing for a
/// stray file (reported by its name alone: it is not read), else
/// [`read_blob`]'s answer.
pub(crate) fn file_bytes(
    repo: &git2::Repository,
    id: git2::Oid,
    rel: &str,
) -> Result<std::result::Result<Vec<u8>, Refused>> {
    if classify(rel) == Role::Stray {
        return Ok(Ok(Vec::new()));
    }
    read_blob(repo, id)
}

/// The content of the blob `id`, or [`Refused::TooLarge`] when it is over
/// [`MAX_FILE_BYTES`]: then it is not read, its size taken from the
/// object's header (a 100 MB blob is never inflated whole).
pub(crate) fn read_blob(repo: &git2::Repository, id: git2::Oid) -> Result<std::result::Result<Vec<u8>, Refused>> {
    let (size, _) = repo.odb().and_then(|odb| odb.read_header(id)).map_err(|e| error(&e))?;
    if size as u64 > MAX_FILE_BYTES {
        return Ok(Err(Refused::TooLarge));
    }
    let blob = repo.find_blob(id).map_err(|e| error(&e))?;
    let content = blob.content();
    if content.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Refused::TooLarge));
    }
    Ok(Ok(content.to_vec()))
}

/// A `git2` error as milepost reports it.
pub(crate) fn error(e: &git2::Error) -> Error {
    Error::Git {
        message: e.message().to_string(),
    }
}

/// The committer date of `commit`, in the committer's time zone.
pub(crate) fn commit_date(commit: &git2::Commit<'_>) -> Date {
    let when = commit.time();
    let offset =
        jiff::tz::Offset::from_seconds(when.offset_minutes().saturating_mul(60)).unwrap_or(jiff::tz::Offset::UTC);
    // Past the dates a timestamp holds (a clock set to the year 9999, or a
    // forged commit): the last or first date there is, not year 0.
    let beyond = if when.seconds() > 0 {
        jiff::civil::Date::MAX
    } else {
        jiff::civil::Date::MIN
    };
    let date = jiff::Timestamp::from_second(when.seconds())
        .map(|t| t.to_zoned(jiff::tz::TimeZone::fixed(offset)).date())
        .unwrap_or(beyond);
    Date(date)
}

/// The item files Git's rename detection pairs between the plan trees
/// `old` and `new` (trees of the plan directory itself).
pub(crate) fn tree_renames(repo: &git2::Repository, old: git2::Oid, new: git2::Oid) -> Result<Vec<Rename>> {
    let (old, new) = (
        repo.find_tree(old).map_err(|e| error(&e))?,
        repo.find_tree(new).map_err(|e| error(&e))?,
    );
    renames(repo, &old, Against::Tree(&new), "").map_err(|e| error(&e))
}

/// Whether `commit` changed the directory `prefix` relative to its first
/// parent (a root commit changed it if it has it).
fn touches(commit: &git2::Commit<'_>, prefix: &str) -> bool {
    let id = |c: &git2::Commit<'_>| -> Option<git2::Oid> {
        let tree = c.tree().ok()?;
        if prefix.is_empty() {
            return Some(tree.id());
        }
        tree.get_path(Path::new(prefix)).ok().map(|e| e.id())
    };
    match commit.parent(0) {
        Ok(parent) => id(commit) != id(&parent),
        // A root commit, or the shallow end: what it holds is new.
        Err(_) => id(commit).is_some(),
    }
}

/// The other end of a rename search: a commit's tree or the working tree.
enum Against<'a, 'r> {
    Tree(&'a git2::Tree<'r>),
    WorkingTree,
}

/// The item files under `plan_path` that Git's rename detection (the same
/// similarity rules as `git diff -M`) pairs between `old` and `new`.
fn renames(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_shows_as_git_shows_it_and_reads_back() {
        for bytes in [
            [0u8; 20],
            [0xff; 20],
            [0x0a; 20],
            *b"\x12\x34\x56\x78\x9a\xbc\xde\xf0\x01\x23\x45\x67\x89\xab\xcd\xef\x10\x32\x54\x76",
        ] {
            let oid = git2::Oid::from_bytes(&bytes).unwrap_or_else(|e| panic!("{e}"));
            let id = ObjectId::from_git(oid);
            assert_eq!(id, ObjectId::from_bytes(bytes));
            assert_eq!(id.to_string(), oid.to_string());
            assert_eq!(id.short(), oid.to_string()[..7]);
            assert_eq!(id.to_git().ok(), Some(oid));
            assert_eq!(oid.to_string().parse::<ObjectId>(), Ok(id));
            assert_eq!(oid.to_string().to_uppercase().parse::<ObjectId>(), Ok(id));
        }
        for wrong in ["", "abc", &"g".repeat(40), &"a".repeat(41), "é".repeat(20).as_str()] {
            assert!(wrong.parse::<ObjectId>().is_err(), "{wrong}");
        }
    }
}
