//! Writing files safely: atomically, and never over a user's file unasked.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// directory, then renamed over `path`. A reader sees the old file or the
/// new one, never half of it; a failure leaves the old file as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |e: std::io::Error| Error::Output {
        what: format!("`{}`", path.display()),
        source: e,
    };
    // tempfile names its own temporary path in the error; the user asked for `path`.
    let mut tmp = tempfile::Builder::new()
        .prefix(".milepost-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at path ").next().unwrap_or_default().to_string();
            fail(std::io::Error::new(e.kind(), message))
        })?;
    tmp.write_all(bytes).map_err(fail)?;
    // Temporary files are private (0600); the file written is not: keep the
    // permissions of the file replaced, or use the usual 0644.
    let permissions = match std::fs::metadata(path) {
        Ok(meta) => meta.permissions(),
        Err(_) => default_permissions(tmp.as_file()).map_err(fail)?,
    };
    tmp.as_file().set_permissions(permissions).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
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
