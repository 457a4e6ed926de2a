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
    /// Why it must not be read, when it must not: milepost reads only
    /// regular files inside the plan directory.
    pub refused: Option<Refused>,
}

/// The deepest a file may be below the plan directory, in folders. Ids
/// nest a few folders at most; a listing deeper than this is a mistake
/// (or a trap), and is refused before it costs anything.
pub const MAX_DEPTH: usize = 64;

/// The most files a plan directory may hold (stray files, hidden ones
/// aside, included): a plan of 20,000 features is large, and this is five
/// times that. Past it, listing stops and the command fails (exit code 2),
/// naming the folder: a directory that holds more is not a plan (a
/// `node_modules`, a checkout of something else).
pub const MAX_FILES: usize = 100_000;

/// Why a file of the plan is not decoded. milepost reads only regular
/// UTF-8 files inside the plan directory, of at most
/// [`MAX_FILE_BYTES`]: anything else is reported by name, and nothing of
/// what it holds or points to is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Refused {
    /// A symbolic link that resolves to something outside the plan directory.
    LinkOutside,
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A symbolic link in a Git tree: links in a revision are never followed.
    GitLink,
    /// A submodule in a Git tree.
    Submodule,
    /// Not a regular file: a named pipe, a socket or a device.
    NotAFile(&'static str),
    /// Larger than [`MAX_FILE_BYTES`].
    TooLarge,
    /// Not UTF-8 text: the first bad byte is at this offset.
    NotUtf8 { at: usize, byte: u8 },
    /// A Git LFS pointer (a file tracked by Git LFS whose content was not
    /// fetched): the file's text starts with [`LFS_POINTER`].
    LfsPointer,
}

/// How a Git LFS pointer file starts (its first line, the spec's version).
pub const LFS_POINTER: &str = "version https://git-lfs.github.com/spec/v1";

/// The largest plan file milepost reads: far above any real one (a
/// feature file is a few hundred bytes, a project with years of holidays
/// a few kilobytes), and small enough that no file can make a command slow.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What a directory is, to find one already listed (a symbolic link back
/// up the tree): its device and inode where there are such, its full path
/// elsewhere. Asked once per folder, so a deep tree costs in proportion to
/// its folders (resolving every path in full would cost the square).
#[cfg(unix)]
fn dir_identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn dir_identity(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// What a non-regular, non-directory file is, in words.
pub(crate) fn file_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// Lists every file under `dir`, sorted by relative path, without reading
/// them. Symbolic links are followed when they resolve inside `dir`; links
/// that lead out of it, broken links and anything that is neither a file
/// nor a folder are listed with the reason they will not be read.
pub(crate) fn list_dir(dir: &Path, display_base: &str) -> Result<Vec<Listed>> {
    let meta = std::fs::metadata(dir).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Error::PlanDirMissing(dir.to_path_buf()),
        _ => Error::io(dir, e),
    })?;
    if !meta.is_dir() {
        return Err(Error::PlanNotADirectory(dir.to_path_buf()));
    }
    let root = std::fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    let mut listed: Vec<(String, PathBuf, Option<Refused>)> = Vec::new();
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(dir.to_path_buf(), String::new(), 0)];
    // Directories already read, so a symbolic link back up the tree cannot loop.
    let mut seen = std::collections::HashSet::new();
    while let Some((path, rel_prefix, depth)) = stack.pop() {
        if let Some(identity) = dir_identity(&path)
            && !seen.insert(identity)
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
            if listed.len() > MAX_FILES {
                return Err(too_many_files(display_base, &rel_prefix));
            }
            let rel = format!("{rel_prefix}{name}");
            let entry_path = entry.path();
            let file_type = entry.file_type().map_err(|e| Error::io(&entry_path, e))?;
            let file_type = match followed(&entry_path, file_type, &root)? {
                Ok(file_type) => file_type,
                Err(why) => {
                    listed.push((rel, entry_path, Some(why)));
                    continue;
                }
            };
            if file_type.is_dir() {
                if depth + 1 > MAX_DEPTH {
                    return Err(Error::PlanTooDeep {
                        folder: join_display(display_base, &rel),
                        limit: MAX_DEPTH,
                    });
                }
                stack.push((entry_path, format!("{rel}/"), depth + 1));
            } else if file_type.is_file() {
                listed.push((rel, entry_path, None));
            } else {
                listed.push((rel, entry_path, Some(Refused::NotAFile(file_kind(file_type)))));
            }
        }
    }
    if listed.len() > MAX_FILES {
        return Err(too_many_files(display_base, ""));
    }
    listed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(listed
        .into_iter()
        .map(|(rel, path, refused)| Listed {
            display: join_display(display_base, &rel),
            rel,
            path,
            refused,
        })
        .collect())
}

/// What the entry at `path`, of type `file_type`, is once a symbolic link
/// is followed: the type of what it leads to, or why it is not read (a
/// broken link, or one that leads out of `root`).
fn followed(
    path: &Path,
    file_type: std::fs::FileType,
    root: &Path,
) -> Result<std::result::Result<std::fs::FileType, Refused>> {
    if !file_type.is_symlink() {
        return Ok(Ok(file_type));
    }
    Ok(match std::fs::canonicalize(path) {
        Err(_) => Err(Refused::BrokenLink),
        Ok(target) if !target.starts_with(root) => Err(Refused::LinkOutside),
        Ok(target) => Ok(std::fs::metadata(&target).map_err(|e| Error::io(path, e))?.file_type()),
    })
}

/// The error of a plan directory shown as `base` found to hold more than
/// [`MAX_FILES`] files while listing its folder `rel_prefix` (`""`, or
/// ending in `/`).
pub(crate) fn too_many_files(base: &str, rel_prefix: &str) -> Error {
    let folder = rel_prefix.trim_end_matches('/');
    Error::PlanTooManyFiles {
        folder: match (base.is_empty(), folder.is_empty()) {
            (true, true) => ".".to_string(),
            (false, true) => base.to_string(),
            _ => join_display(base, folder),
        },
        limit: MAX_FILES,
    }
}

/// Reads the listed file `l`: its bytes, or why they are not read (it is
/// not a regular file when opened, or it is larger than
/// [`MAX_FILE_BYTES`]). Only a failure to read at all is an error.
pub(crate) fn read_listed(l: &Listed) -> Result<Result<Vec<u8>, Refused>> {
    use std::io::Read;
    if let Some(refused) = l.refused {
        return Ok(Err(refused));
    }
    let file = std::fs::File::open(&l.path).map_err(|e| Error::io(&l.path, e))?;
    let meta = file.metadata().map_err(|e| Error::io(&l.path, e))?;
    if !meta.is_file() {
        return Ok(Err(Refused::NotAFile(file_kind(meta.file_type()))));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Ok(Err(Refused::TooLarge));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // Bounded even if the file grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(&l.path, e))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Ok(Err(Refused::TooLarge));
    }
    Ok(Ok(bytes))
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
