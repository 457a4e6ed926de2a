//! `milepost completions SHELL`: the shell completion script, on stdout.

use clap::CommandFactory;

use crate::args::{Cli, CompletionsArgs};
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};

pub fn run(args: &CompletionsArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let script = crate::render::cli::completions(args.shell, &mut Cli::command());
    write(io.out, &String::from_utf8_lossy(&script), "standard output")?;
    Ok(ExitStatus::Success)
}
