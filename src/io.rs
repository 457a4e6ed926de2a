//! What every command shares with its caller: where output goes, how it is
//! written, and the exit statuses a command ends with.

use std::io::Write;

use crate::error::{Error, Result};

/// The exit statuses milepost uses. They are part of the interface: scripts
/// and CI jobs depend on them, and the README documents them, command by
/// command (`Exit status:` under each).
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
///
/// A reader that went away (`milepost check --format json | head`, a
/// broken pipe) is not an error, and does not stop the command: what it
/// would have read is dropped, and the command goes on to its end and its
/// own exit status. `check | head` of an invalid plan still exits 1, and
/// `fmt 2>&1 | true` still formats every file.
pub fn write(w: &mut dyn Write, text: &str, what: &str) -> Result<()> {
    match w.write_all(text.as_bytes()).and_then(|()| w.flush()) {
        Err(source) if source.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(source) => Err(Error::Output {
            what: what.into(),
            source,
        }),
        Ok(()) => Ok(()),
    }
}

/// How wide a table on standard output may be: `COLUMNS` when it is set
/// to a whole number, else the terminal's width when standard output is a
/// terminal, else `None` (a pipe or a file: nothing is cut).
pub fn table_width() -> Option<usize> {
    use std::io::IsTerminal;
    let columns = std::env::var("COLUMNS").ok();
    if let Some(n) = columns.and_then(|c| c.trim().parse::<usize>().ok()).filter(|n| *n > 0) {
        return Some(n);
    }
    let out = std::io::stdout();
    if !out.is_terminal() {
        return None;
    }
    terminal_columns(&out)
}

#[cfg(unix)]
fn terminal_columns(out: &std::io::Stdout) -> Option<usize> {
    let size = rustix::termios::tcgetwinsize(out).ok()?;
    Some(usize::from(size.ws_col)).filter(|n| *n > 0)
}

#[cfg(not(unix))]
fn terminal_columns(_: &std::io::Stdout) -> Option<usize> {
    None
}
