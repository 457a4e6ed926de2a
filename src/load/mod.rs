//! From a [`Source`] to a [`Plan`]: read its files, classify each by its
//! path, parse it, decode it into the model, and record every id. [`load`]
//! is the one way in; validation is the next step
//! ([`crate::validate::validate`]), the caller's.
//!
//! Parsing one file is a pure function of its path and bytes
//! (`parse_file`), so results can be computed in parallel, and cached by
//! path and Git blob id: one [`Cache`] serves the two sides of a diff and
//! every commit of a history walk.
//!
//! By concern: `prepare` decodes one file, `cache` keeps the files read
//! from Git, `assemble` puts decoded files together into a plan, and
//! `changes` tells what differs between two lists of files.

mod assemble;
mod cache;
mod changes;
mod prepare;
mod syntax;
mod twice;

pub(crate) use assemble::{assemble_after, assemble_from};
pub(crate) use cache::Blob;
pub use cache::Cache;
pub use changes::{FileChanges, file_changes};
pub use prepare::is_valid_id;
#[cfg(test)]
pub(crate) use prepare::tests::file as test_file;

/// The plan of `examples/DIR` (`atlas/plan`, `invalid/cycle`), loaded,
/// not validated: for the unit tests that start from a bundled example.
#[cfg(test)]
pub(crate) fn example(dir: &str) -> Plan {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(dir);
    let source = Source::Dir {
        path,
        display: dir.into(),
    };
    match load(&source, &mut Cache::default()) {
        Ok(loaded) => loaded.plan,
        Err(e) => panic!("examples/{dir}: {e}"),
    }
}
pub(crate) use prepare::{Prepared, file_id, prepare};

use crate::git::ObjectId;
use crate::layout::{Role, classify};
use crate::plan::Plan;
use crate::source::{Listed, Revision, Source};

/// A plan loaded from a [`Source`], with what commands say about where it
/// came from.
pub struct Loaded {
    /// Not validated yet (see [`crate::validate::validate`]).
    pub plan: Plan,
    /// The revision read, for a plan from Git.
    pub revision: Option<Revision>,
    /// The plan directory as shown to the user (`plan`, `HEAD~1:plan`).
    pub display: String,
    /// False when the plan directory does not exist at the revision read
    /// (a [`Source::Revision`] with `missing_ok`): the plan is then empty
    /// (no files, no items, no problems; see [`crate::diff::exists`]).
    pub exists: bool,
    /// When the plan directory does not exist because its path holds
    /// something else at that revision: what (`a file`, `a symbolic link`,
    /// `a submodule`).
    pub not_a_folder: Option<&'static str>,
    /// The day the revision's commit was made (its committer date, in the
    /// committer's time zone), for a plan from Git.
    pub committed: Option<crate::model::Date>,
    /// Read from Git: each file's path under the plan directory and blob id.
    pub blobs: Option<Vec<(String, ObjectId)>>,
    /// Where to find the plan directory relative to the repository root.
    repo_prefix: RepoPrefix,
}

enum RepoPrefix {
    /// Read from Git: known.
    Known(String),
    /// A directory: found only when asked for, as opening the repository
    /// costs time that `check` does not otherwise spend.
    Discover(std::path::PathBuf),
}

impl Loaded {
    /// The plan directory relative to the repository root (`/`-separated),
    /// when the plan is inside a Git repository. GitHub annotations need it.
    pub fn repo_prefix(&self) -> Option<String> {
        match &self.repo_prefix {
            RepoPrefix::Known(prefix) => Some(prefix.clone()),
            RepoPrefix::Discover(dir) => crate::locate::repo_prefix(dir),
        }
    }
}

/// The plan directory of `repo` at `commit` (`spec` as written): its plan,
/// whether it exists, what is there instead when it does not (with
/// `missing_ok`; otherwise that is an error), and each file's blob.
type Read = (Plan, bool, Option<&'static str>, Vec<(String, ObjectId)>);

fn read_revision(
    repo: &crate::git::Repo,
    spec: &str,
    commit: ObjectId,
    missing_ok: bool,
    cache: &mut Cache,
) -> crate::Result<Read> {
    match repo.read_plan(commit, spec, &|rel, blob| cache.find(blob, "", rel).is_some()) {
        Ok(files) => {
            let blobs = files.iter().map(|f| (f.rel.clone(), f.blob)).collect();
            Ok((cache.plan(files, repo.prefix().trim_matches('/')), true, None, blobs))
        }
        Err(crate::Error::PlanNotInRevision { found, .. }) if missing_ok => {
            Ok((Plan::default(), false, found, Vec::new()))
        }
        Err(e) => Err(e),
    }
}

/// The plan of `repo` at the revision `rev`, loaded as [`load`] loads a
/// [`Source::Revision`] (without cross-file validation); empty when the
/// plan directory is not there. For a caller that holds the repository
/// by reference.
pub(crate) fn plan_at(repo: &crate::git::Repo, rev: &str) -> crate::Result<Plan> {
    let commit = repo.resolve(rev)?;
    Ok(read_revision(repo, rev, commit.id, true, &mut Cache::default())?.0)
}

/// Loads the plan from `source`, without cross-file validation (see
/// [`mod@crate::validate`]). A directory's files are read and parsed in
/// parallel; a Git tree's are read up front (Git objects stay on one
/// thread), taking the files `cache` has decoded already from it and
/// adding the others: the plans of several revisions (the two sides of a
/// diff) decode the files they share once, and share their data.
pub fn load(source: &Source, cache: &mut Cache) -> crate::Result<Loaded> {
    match source {
        Source::Dir { path, display } => {
            let listed = crate::source::list_dir(path, display)?;
            Ok(Loaded {
                plan: load_listed(&listed)?,
                revision: None,
                display: display.clone(),
                exists: true,
                not_a_folder: None,
                committed: None,
                blobs: None,
                repo_prefix: RepoPrefix::Discover(path.clone()),
            })
        }
        Source::Revision {
            repo,
            spec,
            commit,
            missing_ok,
        } => {
            let (plan, exists, not_a_folder, blobs) = read_revision(repo, spec, commit.id, *missing_ok, cache)?;
            Ok(Loaded {
                plan,
                revision: Some(Revision {
                    spec: spec.clone(),
                    commit: commit.id.to_string(),
                }),
                display: format!("{spec}:{}", repo.prefix()),
                exists,
                not_a_folder,
                committed: Some(commit.date),
                blobs: Some(blobs),
                repo_prefix: RepoPrefix::Known(repo.prefix().to_string()),
            })
        }
    }
}

/// The plan of the directory `path` (shown as `display`) as it would be
/// with the file `rel` holding `text` (in place of what it holds, or added
/// where it is not there yet): what an edit, or a new file, would make of
/// it, before it is written. Not validated.
pub(crate) fn load_dir_edited(path: &std::path::Path, display: &str, (rel, text): (&str, &str)) -> crate::Result<Plan> {
    let mut listed = crate::source::list_dir(path, display)?;
    let at = listed.partition_point(|l| l.rel.as_str() < rel);
    if listed.get(at).is_none_or(|l| l.rel != rel) {
        listed.insert(
            at,
            Listed {
                rel: rel.to_string(),
                display: crate::source::join_display(display, rel),
                path: path.join(rel),
                refused: None,
            },
        );
    }
    load_listed_with(&listed, Some((rel, text)))
}

/// Reads and decodes the files of a directory listing (sorted by path) on
/// all cores, so that reading one file overlaps parsing another.
fn load_listed(listed: &[Listed]) -> crate::Result<Plan> {
    load_listed_with(listed, None)
}

/// [`load_listed`], the file `edited.0` taken as holding `edited.1`.
fn load_listed_with(listed: &[Listed], edited: Option<(&str, &str)>) -> crate::Result<Plan> {
    let prepared = crate::par::map(&listed.iter().enumerate().collect::<Vec<_>>(), |(i, l)| {
        // A stray file is reported by its name alone: it is not read.
        let content = match edited {
            _ if classify(&l.rel) == Role::Stray => Ok(Ok(Vec::new())),
            Some((rel, text)) if rel == l.rel => Ok(Ok(text.as_bytes().to_vec())),
            _ => crate::source::read_listed(l),
        };
        content.map(|content| prepare(file_id(*i), l.rel.clone(), l.display.clone(), content))
    });
    prepared
        .into_iter()
        .collect::<crate::Result<Vec<_>>>()
        .map(assemble::assemble)
}
