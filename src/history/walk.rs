//! The Git side of a history walk: which commits changed the plan, the
//! plan's files at each, the renames Git sees, and every distinct file read
//! once (and decoded once, by whichever thread needs it first) into a
//! [`Cache`], the one that `milepost diff` reads its two sides through.
//!
//! Only trees are compared to find the commits that touched the plan (no
//! patch is computed, unlike `git log -p`): a commit touched it when the
//! plan directory's tree id differs from its parent's. A directory listing is
//! computed once per tree id, so a commit that changed one feature lists
//! only the `features/` folder again, and a blob is read once per path.
//!
//! The one place besides [`crate::git`] that uses `git2` (with `lister`,
//! which lists the plan's tree at each commit): reading commit after
//! commit is the hot path of `milepost history`. What it hands on
//! names objects by [`ObjectId`].

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use git2::{Oid, Repository};

use crate::error::{Error, Result};
use crate::git::{self, ObjectId, Repo};
use crate::layout::Rename;
use crate::load::{Blob, Cache};
use crate::model::Date;

/// Maps keyed by object ids and paths: a fast fixed-seed hash (ids are
/// already uniformly distributed; nothing here is attacker-chosen in a way
/// that matters for a one-shot read-only walk).
type Map<K, V> = HashMap<K, V, foldhash::fast::FixedState>;

mod lister;
use lister::Lister;

/// Which commits to walk.
#[derive(Clone, Debug, Default)]
pub struct Select {
    /// `A..B` (commits reachable from B and not from A) or one revision to
    /// walk back from; `HEAD` when not given.
    pub range: Option<String>,
    /// Follow every parent of a merge, not only the first.
    pub all_parents: bool,
    /// Only commits dated on or after / on or before (committer date).
    pub since: Option<Date>,
    pub until: Option<Date>,
}

/// The files of a plan tree, sorted by path: their numbers in [`Walked::files`].
/// Four bytes a file, so that the listing of every commit of a long history
/// stays small, and two listings compare by number, not by path.
pub type Listing = Arc<[u32]>;

/// The first parent of a listed commit, as far as the clone knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parent {
    /// The first commit of the repository.
    Root,
    /// A shallow clone's oldest commit: its parents were not fetched.
    Boundary,
    Commit {
        id: ObjectId,
        /// The plan directory's tree at the parent; `None`: no plan there.
        tree: Option<ObjectId>,
    },
}

/// A commit that changed the plan directory.
#[derive(Clone, Debug)]
pub struct Touch {
    pub id: ObjectId,
    /// The committer's calendar day: the status date at this commit.
    pub date: Date,
    pub author: String,
    pub subject: String,
    pub merge: bool,
    /// The plan directory's tree; `None` when the commit has no plan directory.
    pub tree: Option<ObjectId>,
    /// Without a plan directory because its path holds something else:
    /// what (`a file`, `a symbolic link`, `a submodule`).
    pub not_a_folder: Option<&'static str>,
    pub parent: Parent,
    /// Item files Git saw renamed since the parent.
    pub renames: Vec<Rename>,
    /// The ids of the items whose files differ from the parent's; `None`
    /// when every item must be compared (`project.toml` changed, or there
    /// is no parent plan).
    pub changed: Option<HashSet<String>>,
}

/// What the walk found.
pub struct Walked {
    /// Commits that changed the plan and pass the date filters, newest
    /// first as the walk finds them (see [`Walked::oldest_first`]).
    pub touches: Vec<Touch>,
    /// Commits looked at (whether or not they changed the plan).
    pub commits_seen: usize,
    /// Whether the repository is a shallow clone.
    pub shallow: bool,
    /// The oldest commit reached (the shallow boundary in a shallow clone).
    pub oldest: Option<(ObjectId, Date)>,
    /// Each plan tree's files.
    pub listings: Map<ObjectId, Listing>,
    /// Each distinct (path, blob), read, numbered as in the listings (and
    /// decoded by the first thread that needs it, see `load::Blob::prepared`).
    pub files: Cache,
    /// The plan trees in [`Walked::listings`], in the order they were listed.
    pub listed: Vec<ObjectId>,
}

impl Walked {
    /// Puts the commits in the order of history, oldest first.
    pub fn oldest_first(&mut self) {
        self.touches.reverse();
    }
}

/// Tunes libgit2 for a read-only walk: objects read are not hashed again to
/// verify them (they come from the repository's own object database), and
/// not cached: the walk reads each commit once and keeps what it needs of
/// each tree itself. libgit2's cache would only grow the heap, a fresh page
/// (zeroed by the kernel) at a time: three quarters of the walk's page
/// faults.
pub fn tune() {
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
}

/// Walks the history selected by `select`, reporting the commit count to
/// `progress` as it goes, and calling `found` each time a commit that
/// changed the plan was added to [`Walked::touches`].
pub fn walk(
    repo: &Repo,
    prefix: &str,
    select: &Select,
    progress: &mut dyn FnMut(usize),
    found: &mut dyn FnMut(&Walked),
) -> Result<Walked> {
    let repo = repo.raw();
    let shallow = repo.is_shallow();
    let mut commits = commits(repo, select, shallow)?.peekable();
    let boundary = if shallow {
        shallow_boundary(repo)
    } else {
        HashSet::new()
    };
    let prefix = prefix.trim_matches('/');

    let mut walked = Walked {
        touches: Vec::new(),
        commits_seen: 0,
        shallow,
        oldest: None,
        listings: Map::default(),
        files: Cache::default(),
        listed: Vec::new(),
    };
    let mut walker = Walker {
        repo,
        prefix,
        select,
        boundary,
        plan_trees: Map::default(),
        lister: Lister::new(prefix),
    };
    while let Some(commit) = commits.next() {
        let commit = commit?;
        walked.commits_seen += 1;
        progress(walked.commits_seen);
        let next = match commits.peek() {
            Some(Ok(next)) => Some(next),
            _ => None,
        };
        let tree = walker.tree(&commit, next)?;
        let date = git::commit_date(&commit);
        // Newest first: the last one read is the oldest.
        walked.oldest = Some((ObjectId::from_git(commit.id()), date));
        if let Some(touch) = walker.touch(&commit, tree, date, &mut walked)? {
            walked.touches.push(touch);
            found(&walked);
        }
    }
    Ok(walked)
}

/// What a walk keeps from one commit to the next, besides what it found.
struct Walker<'a> {
    repo: &'a Repository,
    /// The plan directory, without a leading or trailing `/`.
    prefix: &'a str,
    select: &'a Select,
    /// The commits whose parents a shallow clone did not fetch.
    boundary: HashSet<Oid>,
    /// The plan tree of every commit seen, for its children.
    plan_trees: Map<Oid, Option<Oid>>,
    lister: Lister,
}

impl Walker<'_> {
    /// The plan tree at `commit`. When `next`, the commit the walk reads
    /// next, is its parent on the main line, its plan tree is read now, once,
    /// from it.
    fn tree(&mut self, commit: &git2::Commit<'_>, next: Option<&git2::Commit<'_>>) -> Result<Option<Oid>> {
        let id = commit.id();
        let tree = match self.plan_trees.get(&id) {
            Some(tree) => *tree,
            None => plan_tree(commit, self.prefix)?,
        };
        self.plan_trees.insert(id, tree);
        if let Some(next) = next
            && commit.parent_id(0).is_ok_and(|p| p == next.id())
            && !self.plan_trees.contains_key(&next.id())
        {
            self.plan_trees.insert(next.id(), plan_tree(next, self.prefix)?);
        }
        Ok(tree)
    }

    /// `commit` (with plan tree `tree`, dated `date`) as a [`Touch`], when
    /// it changed the plan and passes the date filters; its plan trees and
    /// its parents' are listed into `walked`.
    fn touch(
        &mut self,
        commit: &git2::Commit<'_>,
        tree: Option<Oid>,
        date: Date,
        walked: &mut Walked,
    ) -> Result<Option<Touch>> {
        let id = commit.id();
        let parents: Vec<Oid> = commit.parent_ids().collect();
        let boundary = self.boundary.contains(&id);
        // The first parent and its plan tree: none for the repository's
        // first commit and a shallow clone's oldest.
        let first = match parents.first() {
            Some(&first) if !boundary => {
                Some((first, parent_tree(self.repo, first, self.prefix, &mut self.plan_trees)?))
            }
            _ => None,
        };
        let changed = self.changed_plan(first.map(|(_, t)| t), &parents, tree)?;
        let select = self.select;
        let in_window = select.since.is_none_or(|s| date.0 >= s.0) && select.until.is_none_or(|u| date.0 <= u.0);
        if !changed || !in_window {
            return Ok(None);
        }
        let (renames, changed) = self.changes(first.and_then(|(_, t)| t), &parents, tree, walked)?;
        let parent = match first {
            _ if boundary => Parent::Boundary,
            Some((first, tree)) => Parent::Commit {
                id: ObjectId::from_git(first),
                tree: tree.map(ObjectId::from_git),
            },
            None => Parent::Root,
        };
        let author = commit.author();
        // In the commit's own encoding, as `git log` shows them.
        let encoding = commit.message_encoding().ok().flatten();
        let text = |bytes: &[u8]| crate::text::shown(&crate::text::decode(bytes, encoding), false).into_owned();
        Ok(Some(Touch {
            id: ObjectId::from_git(id),
            date,
            author: text(author.name_bytes()),
            subject: text(commit.summary_bytes().unwrap_or_default()),
            merge: parents.len() > 1,
            tree: tree.map(ObjectId::from_git),
            not_a_folder: if tree.is_none() {
                not_a_folder(commit, self.prefix)
            } else {
                None
            },
            parent,
            renames,
            changed,
        }))
    }

    /// Whether a commit with plan tree `tree` changed the plan: `before` is
    /// its first parent's plan tree (`None` without a first parent, see
    /// [`Parent`]), `parents` all its parents.
    fn changed_plan(&mut self, before: Option<Option<Oid>>, parents: &[Oid], tree: Option<Oid>) -> Result<bool> {
        Ok(match before {
            None => tree.is_some(),
            Some(before) => {
                before != tree
                    // Following every parent, a merge is listed only when
                    // its plan differs from each parent's (both sides
                    // changed it, or a conflict was resolved by hand): the
                    // branches' own commits list their changes.
                    && (!self.select.all_parents || {
                        let mut differs = true;
                        for p in parents.iter().skip(1) {
                            differs &= parent_tree(self.repo, *p, self.prefix, &mut self.plan_trees)? != tree;
                        }
                        differs
                    })
            }
        })
    }

    /// What a commit that changed the plan changed: the renames since its
    /// first parent, whose plan tree is `before`, and the ids of the items
    /// whose files differ (see [`Touch::changed`]). Lists its plan tree and
    /// its parents' into `walked`.
    fn changes(
        &mut self,
        before: Option<Oid>,
        parents: &[Oid],
        tree: Option<Oid>,
        walked: &mut Walked,
    ) -> Result<(Vec<Rename>, Option<HashSet<String>>)> {
        let repo = self.repo;
        if let Some(t) = tree {
            self.lister.list(repo, t, walked)?;
        }
        if let Some(t) = before {
            // The first commit listed compares with a parent not listed.
            self.lister.list(repo, t, walked)?;
        }
        let (renames, mut changed) = match (before, tree) {
            (Some(old), Some(new)) => compare(repo, old, new, &walked.listings, walked.files.blobs())?,
            _ => (Vec::new(), None),
        };
        if self.select.all_parents
            && let Some(new) = tree
        {
            // The other parents' commits are listed too: a merge's own
            // changes are the files that differ from every parent's
            // (`project.toml` among them: one that is a parent's is not the
            // merge's change, nor a reason to compare every item).
            for p in parents.iter().skip(1) {
                let Some(other) = parent_tree(repo, *p, self.prefix, &mut self.plan_trees)? else {
                    continue;
                };
                self.lister.list(repo, other, walked)?;
                let (_, differs) = compare(repo, other, new, &walked.listings, walked.files.blobs())?;
                changed = match (changed, differs) {
                    (Some(a), Some(b)) => Some(a.both(b)),
                    (None, x) | (x, None) => x,
                };
            }
        }
        Ok((renames, changed.and_then(crate::load::FileChanges::items)))
    }
}

/// The commits to look at, newest first, read as the walk asks for them.
///
/// The first-parent line from one commit is followed parent by parent, so
/// that the walk (and the workers after it) start at once, and each commit
/// is read once. A range (`A..B`), or every parent, takes Git's revision
/// walk (which reads each commit once to sort them, and again here).
fn commits<'r>(
    repo: &'r Repository,
    select: &Select,
    shallow: bool,
) -> Result<Box<dyn Iterator<Item = Result<git2::Commit<'r>>> + 'r>> {
    let tip = match select.range.as_deref() {
        Some(range) if range.contains("...") => {
            return Err(Error::ThreeDotHistory {
                range: range.to_string(),
            });
        }
        Some(range) if range.contains("..") => None,
        Some(rev) => Some(git::resolve_commit(repo, rev)?),
        None => {
            if git::no_commits(repo) {
                let path = repo.workdir().unwrap_or_else(|| repo.path());
                return Err(Error::NoCommits(path.to_path_buf()));
            }
            Some(git::resolve_commit(repo, "HEAD")?)
        }
    };
    if !select.all_parents
        && let Some(tip) = tip.clone()
    {
        let mut next = Some(tip);
        return Ok(Box::new(std::iter::from_fn(move || {
            let at = next.take()?;
            if at.parent_count() > 0 {
                match at.parent(0) {
                    Ok(parent) => next = Some(parent),
                    // A shallow clone's oldest commit names a parent it does not have.
                    Err(_) if shallow => {}
                    Err(e) => return Some(Err(git::error(&e))),
                }
            }
            Some(Ok(at))
        })));
    }
    let mut revwalk = repo.revwalk().map_err(|e| git::error(&e))?;
    revwalk
        .set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::TIME)
        .map_err(|e| git::error(&e))?;
    match (&tip, select.range.as_deref()) {
        (Some(tip), _) => revwalk.push(tip.id()).map_err(|e| git::error(&e))?,
        (None, Some(range)) => revwalk
            .push_range(range)
            .map_err(|e| git::unknown_revision(repo, range, &e))?,
        (None, None) => {}
    }
    if !select.all_parents {
        revwalk.simplify_first_parent().map_err(|e| git::error(&e))?;
    }
    Ok(Box::new(revwalk.map(move |id| {
        let id = id.map_err(|e| git::error(&e))?;
        repo.find_commit(id).map_err(|e| git::error(&e))
    })))
}

/// The commits whose parents a shallow clone did not fetch (`.git/shallow`).
fn shallow_boundary(repo: &Repository) -> HashSet<Oid> {
    std::fs::read_to_string(repo.path().join("shallow"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| Oid::from_str(l.trim()).ok())
        .collect()
}

/// The plan directory's tree id at `commit`; `None` when it has none.
fn plan_tree(commit: &git2::Commit<'_>, prefix: &str) -> Result<Option<Oid>> {
    let root = commit.tree().map_err(|e| git::error(&e))?;
    if prefix.is_empty() {
        return Ok(Some(root.id()));
    }
    Ok(match root.get_path(Path::new(prefix)) {
        Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Some(entry.id()),
        _ => None,
    })
}

/// What the plan directory's path holds at `commit` when it is not a
/// folder (`None` when it is one, or holds nothing).
fn not_a_folder(commit: &git2::Commit<'_>, prefix: &str) -> Option<&'static str> {
    let entry = commit.tree().ok()?.get_path(Path::new(prefix)).ok()?;
    git::not_a_folder(&entry)
}

/// The plan tree at a parent, from the commits already seen or from Git.
fn parent_tree(repo: &Repository, parent: Oid, prefix: &str, seen: &mut Map<Oid, Option<Oid>>) -> Result<Option<Oid>> {
    if let Some(t) = seen.get(&parent) {
        return Ok(*t);
    }
    // Not walked (outside the range, or another branch's): ask Git.
    let tree = match repo.find_commit(parent) {
        Ok(c) => plan_tree(&c, prefix)?,
        // Not in the clone: a shallow clone's edge.
        Err(_) => None,
    };
    seen.insert(parent, tree);
    Ok(tree)
}

/// What changed between two plan trees: the renames Git sees (asked of Git
/// only when a path disappeared and another appeared) and which files
/// differ (`None` when a tree was not listed: every item may differ).
fn compare<'w>(
    repo: &Repository,
    old: Oid,
    new: Oid,
    listings: &'w Map<ObjectId, Listing>,
    blobs: &'w [Arc<Blob>],
) -> Result<(Vec<Rename>, Option<crate::load::FileChanges>)> {
    let (Some(a), Some(b)) = (
        listings.get(&ObjectId::from_git(old)),
        listings.get(&ObjectId::from_git(new)),
    ) else {
        return Ok((Vec::new(), None));
    };
    // The same number is the same file (path and blob): skip the files the
    // two listings share at both ends (all but one or two, usually).
    let head = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let files = |l: &'w [u32]| {
        l.iter()
            .filter_map(|&id| blobs.get(id as usize))
            .map(|b| (&*b.rel, b.id))
    };
    let changed = crate::load::file_changes(files(&a[head..a.len() - tail]), files(&b[head..b.len() - tail]));
    if !changed.moved {
        return Ok((Vec::new(), Some(changed)));
    }
    Ok((git::tree_renames(repo, old, new)?, Some(changed)))
}
