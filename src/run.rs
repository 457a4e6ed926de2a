//! Running a parsed command line and mapping the outcome to an exit status.

use std::io::Write;

use crate::args::{Cli, Command};
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

/// Runs the command and reports any error on `io.err`.
pub fn run(cli: &Cli, io: &mut Io<'_>) -> ExitStatus {
    let result = crate::par::configured().and_then(|_| match &cli.command {
        Command::Check(args) => crate::commands::check::run(args, io),
        Command::Schedule(args) => crate::commands::schedule::run(args, io),
        Command::Explain(args) => crate::commands::explain::run(args, io),
        Command::Diff(args) => crate::commands::diff::run(args, io),
        Command::History(args) => crate::commands::history::run(args, io),
        Command::Report(args) => crate::commands::report::run(args, io),
        Command::Export(args) => crate::commands::export::run(args, io),
        Command::Schema(args) => crate::commands::schema::run(args, io),
    });
    match result {
        Ok(status) => status,
        // The reader went away (`milepost check --format json | head`): not an error.
        Err(Error::Output { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            let red = anstyle::AnsiColor::Red.on_default().bold();
            let cyan = anstyle::AnsiColor::Cyan.on_default().bold();
            let mut text = format!("{red}error{red:#}: {e}\n");
            if let Some(hint) = e.hint() {
                text.push_str(&format!("  {cyan}help{cyan:#}: {hint}\n"));
            }
            let _ = io.err.write_all(text.as_bytes());
            ExitStatus::Failure
        }
    }
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
