//! What every command shares with its caller: where output goes, how it is
//! written, and the exit statuses a command ends with.

use std::io::Write;

use crate::error::{Error, Result};

/// The exit statuses milepost uses. They are part of the interface: scripts
/// and CI jobs depend on them, and `docs/cli.md` documents them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done; the plan is valid.
    Success = 0,
    /// The plan has errors (or warnings under `--deny warnings`); for `diff`,
    /// a gate (`--fail-on-slip`, `--fail-on-invalid`) tripped.
    Invalid = 1,
    /// milepost could not do its job: bad arguments, no plan, unknown
    /// revision, unreadable file.
    Failure = 2,
}

/// Where output goes. The binary passes colour-aware standard streams; tests
/// can pass buffers.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Writes all of `text` and flushes, naming the stream in the error.
pub fn write(w: &mut dyn Write, text: &str, what: &str) -> Result<()> {
    w.write_all(text.as_bytes())
        .and_then(|()| w.flush())
        .map_err(|source| Error::Output {
            what: what.into(),
            source,
        })
}
