//! Running a parsed command line and mapping the outcome to an exit status.

use crate::args::{Cli, Command};
use crate::error::Error;
use crate::io::{ExitStatus, Io};

/// The `milepost` command: parses the command line, runs the command with
/// standard output and error (colour as `--color` and the terminal say),
/// and returns its exit status. All `src/main.rs` does.
pub fn cli() -> std::process::ExitCode {
    use clap::Parser;

    let cli = Cli::parse_from(crate::args::joined(std::env::args_os()));
    match cli.color {
        crate::args::ColorChoice::Auto => {}
        crate::args::ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        crate::args::ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
    }
    let mut err = anstream::stderr();
    let mut document;
    let mut styled;
    // A document (JSON, Markdown) goes out as written; terminal text loses
    // its colour when the terminal does not take it.
    let out: &mut dyn std::io::Write = if cli.writes_document() {
        document = std::io::stdout();
        &mut document
    } else {
        styled = anstream::stdout();
        &mut styled
    };
    let status = run(&cli, &mut Io { out, err: &mut err });
    std::process::ExitCode::from(status as u8)
}

/// Runs the command and reports any error on `io.err`.
pub fn run(cli: &Cli, io: &mut Io<'_>) -> ExitStatus {
    let result = crate::par::configured().and_then(|_| match &cli.command {
        Command::Check(args) => crate::commands::check::run(args, io),
        Command::Schedule(args) => crate::commands::schedule::run(args, io),
        Command::Forecast(args) => crate::commands::forecast::run(args, io),
        Command::Explain(args) => crate::commands::explain::run(args, io),
        Command::Fmt(args) => crate::commands::fmt::run(args, io),
        Command::Diff(args) => crate::commands::diff::run(args, io),
        Command::History(args) => crate::commands::history::run(args, io),
        Command::Report(args) => crate::commands::report::run(args, io),
        Command::Export(args) => crate::commands::export::run(args, io),
        Command::Schema(args) => crate::commands::schema::run(args, io),
        Command::Completions(args) => crate::commands::completions::run(args, io),
        Command::Man(args) => crate::commands::man::run(args, io),
        Command::Help(args) => crate::commands::help::run(args, io),
        Command::Init(args) => crate::commands::init::run(args, io),
        Command::New(args) => crate::commands::new::run(args, io),
        Command::Start(args) => crate::commands::progress::start(args, io),
        Command::Done(args) => crate::commands::progress::done(args, io),
    });
    match result {
        Ok(status) => status,
        // The reader of an output streamed as it is made went away (`history
        // --format json | head`): not an error. (`io::write` lets the
        // command go on to its own status.)
        Err(Error::Output { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(e) => {
            let _ = io
                .err
                .write_all(crate::render::diagnostics::human::error(&e).as_bytes());
            e.status()
        }
    }
}
