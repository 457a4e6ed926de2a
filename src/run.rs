//! Running a parsed command line and mapping the outcome to an exit status.

use crate::args::{Cli, Command};
use crate::error::Error;
use crate::io::{ExitStatus, Io};

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
