//! Writing files safely: atomically, and never over a user's file unasked.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// directory, then renamed over `path`. A reader sees the old file or the
/// new one, never half of it; a failure leaves the old file as it was. A
/// symbolic link is written through, as a shell's `>` does: the file it
/// names is replaced, and the link stays a link. What is there and is no
/// file nor folder (a named pipe, a device such as `/dev/null`,
/// `/dev/stdout`), itself or through a link, is written into as a shell's
/// `>` does: replacing it would put a file in its place.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut into = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| failed(path, e))?;
        return into.write_all(bytes).map_err(|e| failed(path, e));
    }
    let target = through_links(path);
    let tmp = staged(&target, path, bytes)?;
    tmp.persist(&target).map_err(|e| failed(path, e.error))?;
    Ok(())
}

/// Reads the file `path` (a link to one is followed), at most `limit`
/// bytes of it: `None` when nothing is there. Only a regular file is read:
/// a folder, a named pipe or a device (reading one could block, or never
/// end) is a bad argument, as `what` (`--template`) names it.
pub fn read_regular(path: &Path, limit: u64, what: &str) -> Result<Option<Vec<u8>>> {
    use std::io::Read;
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    if let Some(kind) = not_a_file(&meta) {
        return Err(Error::BadArgument {
            what: format!("`{what} {}` is {kind}, not a file", path.display()),
            hint: format!("give `{what}` the path of a file"),
        });
    }
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    Ok(Some(bytes))
}

/// Why bytes are not text, as reading a file into a string says it (with
/// where): `stream did not contain valid UTF-8 (at byte 0)`.
pub fn not_utf8(e: &std::string::FromUtf8Error) -> String {
    format!(
        "stream did not contain valid UTF-8 (at byte {})",
        e.utf8_error().valid_up_to()
    )
}

/// What a path that is not a regular file is (`a folder`, `a named pipe`:
/// as the listing of a plan directory says it), from its
/// metadata; `None` for a regular file.
pub fn not_a_file(meta: &std::fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    match (t.is_file(), t.is_dir()) {
        (true, _) => None,
        (_, true) => Some("a folder"),
        _ => Some(crate::source::file_kind(t)),
    }
}

/// Writes a command's output (`-o FILE`): [`write_atomic`], where a
/// read-only file refused is a file the command cannot write (exit 2), not
/// a plan it refused to change (exit 1).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic(path, bytes).map_err(|e| match e {
        Error::Refused { what, hint } => Error::BadArgument { what, hint },
        e => e,
    })
}

/// The file writing `path` replaces: the one a symbolic link names (links
/// followed to the end), or `path` itself when it names nothing yet.
fn through_links(path: &Path) -> std::path::PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| followed(path))
}

/// `path` with symbolic links in its last part followed (a link's relative
/// target read from the link's directory) to a path that is not a link:
/// the file a link names even when that file does not exist yet, as a
/// shell's `>` creates it. A loop of links is left as it is, after 40
/// (Linux's limit); writing there then fails.
fn followed(path: &Path) -> std::path::PathBuf {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        let is_link = std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink());
        let Some(target) = is_link.then(|| std::fs::read_link(&at).ok()).flatten() else {
            return at;
        };
        at = match at.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    path.to_path_buf()
}

/// Writes a new file at `path` atomically, as [`write_atomic`], but only
/// if there is none: `Ok(false)`, and nothing written, when a file
/// appeared there meanwhile.
pub fn create_atomic(path: &Path, bytes: &[u8]) -> Result<bool> {
    let tmp = staged(path, path, bytes)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(true),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(failed(path, e.error)),
    }
}

/// Replaces the file at `path` with `bytes` atomically, as
/// [`write_atomic`], if it still holds `read` (what the caller read and
/// edited): `Ok(false)`, and nothing written, when it changed on disk
/// since. The comparison is made once the new text is ready to be renamed
/// into place, the moment before. A symbolic link is written through, as
/// by [`write_atomic`].
pub fn replace_atomic(path: &Path, read: &[u8], bytes: &[u8]) -> Result<bool> {
    let target = through_links(path);
    let tmp = staged(&target, path, bytes)?;
    match std::fs::read(&target) {
        Ok(now) if now == read => {}
        _ => return Ok(false),
    }
    tmp.persist(&target).map_err(|e| failed(path, e.error))?;
    Ok(true)
}

/// What a command reads that its output (`-o FILE`) must not replace:
/// each a path (a file, or a directory and all in it) and what it is, to
/// say so ("the template `mine.md`").
pub type Reads<'a> = [(Option<&'a Path>, &'a str)];

/// Refuses to write a command's output at `path` (`-o`; it need not exist)
/// over what the command reads (`reads`: a template file, or a directory
/// of them), before any work is done. `flag` names the option. Paths are
/// compared as the file system resolves them (`resolved`), so a
/// symbolic link or `..` does not get round it.
pub fn refuse_over_inputs(flag: &str, path: &Path, reads: &Reads<'_>) -> Result<()> {
    let Some(target) = resolved(path) else {
        return Ok(());
    };
    for (read, what) in reads {
        // (A file that is not there yet counts too: written, it would be read.)
        let Some(read) = read.and_then(resolved) else {
            continue;
        };
        if target == read || target.starts_with(&read) {
            let replaces = if target == read { "is" } else { "is in" };
            return Err(Error::BadArgument {
                what: format!(
                    "`{flag} {}` {replaces} {what}: writing there would replace what this command reads",
                    path.display()
                ),
                hint: format!("write it somewhere else (e.g. `{flag} report.md`)"),
            });
        }
    }
    Ok(())
}

/// Where writing `path` lands in the directory `dir`, both resolved as
/// the file system does (links, `..`): the path relative to `dir`; `None`
/// when it lands outside it, or either cannot be resolved.
pub(crate) fn landing_in(dir: &Path, path: &Path) -> Option<std::path::PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    resolved(path)?.strip_prefix(&dir).ok().map(Path::to_path_buf)
}

/// Where writing `path` would put the file: the path resolved through
/// symbolic links when it exists, else its resolved directory and its
/// name (through a link to a file not there yet, the file it names);
/// `None` when its directory does not exist (writing fails anyway).
pub(crate) fn resolved(path: &Path) -> Option<std::path::PathBuf> {
    if let Ok(p) = std::fs::canonicalize(path) {
        return Some(p);
    }
    // A link to a file not there yet: the file it names.
    let path = &followed(path);
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

fn failed(path: &Path, e: std::io::Error) -> Error {
    Error::Output {
        what: format!("`{}`", path.display()),
        source: e,
    }
}

/// `bytes` in a temporary file next to `target`, synced, with the
/// permissions of the file at `target` (or the usual 0644): ready to be
/// renamed into place. Errors name `shown`, the path the user gave.
fn staged(target: &Path, shown: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile> {
    let path = target;
    // A file made read-only is one its owner does not want changed: the
    // rename would replace it all the same (it needs only the directory).
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(Error::Refused {
            what: format!("`{}` is read-only: it was not replaced", shown.display()),
            hint: format!("make it writable (`chmod u+w {}`) if it should change", shown.display()),
        });
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // tempfile names its own temporary path in its errors; the user asked
    // for `shown`.
    let fail = |e: std::io::Error| {
        let message = e.to_string();
        match message.split_once(" at path ") {
            Some((message, _)) => failed(shown, std::io::Error::new(e.kind(), message.to_string())),
            None => failed(shown, e),
        }
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".milepost-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    // Temporary files are private (0600); the file written is not: keep the
    // permissions of the file replaced, or use the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(tmp.as_file()).map_err(fail)?,
    };
    tmp.as_file().set_permissions(permissions).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    Ok(tmp)
}

#[cfg(unix)]
fn default_permissions(_: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions(file: &std::fs::File) -> std::io::Result<std::fs::Permissions> {
    Ok(file.metadata()?.permissions())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_writes_only_over_the_text_that_was_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        std::fs::write(&path, "a = 1\n").unwrap();
        assert!(replace_atomic(&path, b"a = 1\n", b"a = 2\n").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
        // Someone wrote `a = 2`; the caller had read `a = 1`: refused.
        assert!(!replace_atomic(&path, b"a = 1\n", b"a = 3\n").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = 2\n");
        // Removed meanwhile: refused too, and not created.
        std::fs::remove_file(&path).unwrap();
        assert!(!replace_atomic(&path, b"a = 2\n", b"a = 3\n").unwrap());
        assert!(!path.exists());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    }

    /// A read-only file is left as it is, by each way of writing, with an
    /// error that names it and says how to let it change; nothing is left
    /// behind.
    #[test]
    fn a_read_only_file_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.md");
        std::fs::write(&path, "mine\n").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let shown = |e: Error| (e.to_string(), e.hint().unwrap_or_default());
        for result in [
            write_atomic(&path, b"new\n").map(|()| true),
            replace_atomic(&path, b"mine\n", b"new\n"),
        ] {
            let (what, hint) = shown(result.unwrap_err());
            assert!(what.ends_with("locked.md` is read-only: it was not replaced"), "{what}");
            assert!(hint.starts_with("make it writable (`chmod u+w "), "{hint}");
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn create_never_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.toml");
        assert!(create_atomic(&path, b"first\n").unwrap());
        assert!(!create_atomic(&path, b"second\n").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first\n");
    }
    /// A link to a file not there yet is written through, as a shell's `>`
    /// does: the file it names is made and the link stays a link (it was
    /// replaced by a file of its own). A chain of links, relative to each
    /// link's folder, is followed too.
    #[cfg(unix)]
    #[test]
    fn a_link_to_no_file_yet_is_written_through() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("site")).unwrap();
        let link = dir.path().join("STATUS.md");
        std::os::unix::fs::symlink("site/hop.md", &link).unwrap();
        std::os::unix::fs::symlink("report.md", dir.path().join("site/hop.md")).unwrap();
        write_atomic(&link, b"report\n").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site/report.md")).unwrap(),
            "report\n"
        );
        // Where it lands is where it is checked: the file the links name.
        std::fs::remove_file(dir.path().join("site/report.md")).unwrap();
        let site = std::fs::canonicalize(dir.path().join("site")).unwrap();
        assert_eq!(resolved(&link), Some(site.join("report.md")));
        let refused = refuse_over_inputs("-o", &link, &[(Some(site.as_path()), "the plan")]);
        assert!(refused.unwrap_err().to_string().contains("is in the plan"));
        // A loop of links is not followed for ever: the path is left as given.
        let a = dir.path().join("a.md");
        std::os::unix::fs::symlink("b.md", &a).unwrap();
        std::os::unix::fs::symlink("a.md", dir.path().join("b.md")).unwrap();
        assert_eq!(followed(&a), a);
    }
}
