//! Listing the plan's tree at each commit of a history walk: each subtree
//! once, each distinct file read once.

use std::sync::Arc;

use git2::{Oid, Repository};

use super::{Listing, Map, Walked};
use crate::error::{Error, Result};
use crate::git::{self, ObjectId};
use crate::source::{MAX_DEPTH, MAX_FILES, Refused};

/// Lists plan trees, each subtree once (by tree id and path), numbering
/// each distinct (path, blob) in [`Walked::files`] and reading its bytes
/// once.
#[derive(Default)]
pub(super) struct Lister {
    /// The plan directory, as files are shown (`plan/features/a.toml`).
    plan: String,
    /// A subtree's files by (tree id, path of the subtree).
    subtrees: Map<(Oid, Arc<str>), Listing>,
    /// A buffer for the files of the tree being listed.
    files: Vec<u32>,
    /// Per folder (by path): the files of the tree last listed there, in
    /// its order, each with its blob and number. The next tree of that
    /// folder (a commit changes a file or two of a hundred) takes the
    /// numbers of the files it shares with it from there, without hashing
    /// their paths.
    last: Map<Arc<str>, Vec<Known>>,
}

/// A file of a folder's last listing: its name, blob and number.
type Known = (Box<[u8]>, Oid, u32);

impl Lister {
    /// A lister of the plan directory `plan` (as files are shown).
    pub(super) fn new(plan: &str) -> Lister {
        Lister {
            plan: plan.to_string(),
            ..Lister::default()
        }
    }

    /// Lists the plan tree `tree` into `walked.listings`, queueing every
    /// blob not seen yet into `walked.blobs`.
    pub(super) fn list(&mut self, repo: &Repository, tree: Oid, walked: &mut Walked) -> Result<()> {
        let id = ObjectId::from_git(tree);
        if walked.listings.contains_key(&id) {
            return Ok(());
        }
        let listing = self.subtree(repo, tree, Arc::from(""), walked)?;
        if listing.len() > MAX_FILES {
            return Err(crate::source::too_many_files(&self.plan, ""));
        }
        walked.listings.insert(id, listing);
        walked.listed.push(id);
        Ok(())
    }

    fn subtree(&mut self, repo: &Repository, tree: Oid, prefix: Arc<str>, walked: &mut Walked) -> Result<Listing> {
        if let Some(l) = self.subtrees.get(&(tree, prefix.clone())) {
            return Ok(l.clone());
        }
        let t = repo.find_tree(tree).map_err(|e| git::error(&e))?;
        // Folders nest: each level appends to the shared buffer from `start`.
        let start = self.files.len();
        let mut before = self.last.remove(&prefix).unwrap_or_default().into_iter().peekable();
        let mut known: Vec<Known> = Vec::with_capacity(before.len());
        // Where each of this folder's files and folders starts in the buffer.
        let mut breaks = Vec::new();
        for entry in t.iter() {
            let bytes = entry.name_bytes();
            if bytes.first() == Some(&b'.') {
                continue;
            }
            if self.files.len() > MAX_FILES {
                return Err(crate::source::too_many_files(&self.plan, &prefix));
            }
            breaks.push(self.files.len() - start);
            let kind = git::tree_entry(entry.kind(), entry.filemode());
            if let git::Entry::File | git::Entry::Refused(_) = kind {
                // The same name and blob as in the folder's last listing
                // (both in Git's order, by name): the same file.
                while before.next_if(|b| *b.0 < *bytes).is_some() {}
                let id = match before.next_if(|b| *b.0 == *bytes && b.1 == entry.id()) {
                    Some(same) => same.2,
                    None => {
                        // Not UTF-8: listed by its lossy form, as `Repo::read_plan` does.
                        let refused = match kind {
                            git::Entry::Refused(why) => Some(why),
                            _ => None,
                        };
                        let name = String::from_utf8_lossy(bytes);
                        self.entry(repo, entry.id(), &prefix, &name, walked, refused)?
                    }
                };
                self.files.push(id);
                known.push((bytes.into(), entry.id(), id));
            } else if matches!(kind, git::Entry::Folder) {
                let name = String::from_utf8_lossy(bytes);
                if prefix.matches('/').count() >= MAX_DEPTH {
                    return Err(Error::PlanTooDeep {
                        folder: format!("{}/{prefix}{name}", self.plan),
                        limit: MAX_DEPTH,
                    });
                }
                let sub = self.subtree(repo, entry.id(), Arc::from(format!("{prefix}{name}/")), walked)?;
                self.files.extend_from_slice(&sub);
            }
        }
        // Git sorts a tree's entries by name, a folder's as if it ended in
        // `/`: so the files, each folder's listed in place (and in order
        // already), are in path order, which each place where one entry's
        // files meet the next's tells. Only a malformed tree needs sorting.
        let files = &mut self.files[start..];
        let rel = |id: &u32| walked.files.blobs().get(*id as usize).map(|b| &*b.rel);
        let meet = |&b: &usize| b == 0 || b >= files.len() || rel(&files[b - 1]) <= rel(&files[b]);
        if !breaks.iter().all(meet) {
            files.sort_by(|a, b| rel(a).cmp(&rel(b)));
        }
        let listing: Listing = Arc::from(&*files);
        self.files.truncate(start);
        self.last.insert(prefix.clone(), known);
        self.subtrees.insert((tree, prefix), listing.clone());
        Ok(listing)
    }

    /// The number of the blob `blob` at `prefix` + `name`: given and read
    /// the first time (unless it is `refused`), reused after.
    fn entry(
        &mut self,
        repo: &Repository,
        blob: Oid,
        prefix: &str,
        name: &str,
        walked: &mut Walked,
        refused: Option<Refused>,
    ) -> Result<u32> {
        let id = ObjectId::from_git(blob);
        if let Some(n) = walked.files.find(id, prefix, name) {
            return Ok(n);
        }
        let rel: Arc<str> = Arc::from(format!("{prefix}{name}"));
        let bytes = match refused {
            Some(why) => Err(why),
            None => git::file_bytes(repo, blob, &rel)?,
        };
        let display = if self.plan.is_empty() {
            rel.to_string()
        } else {
            format!("{}/{rel}", self.plan)
        };
        Ok(walked.files.add(rel, id, display, bytes))
    }
}
