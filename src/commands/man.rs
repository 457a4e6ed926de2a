//! `milepost man [COMMAND]`: a manual page in roff on stdout, or `--out
//! DIR`: every page written into DIR.

use clap::CommandFactory;

use crate::args::{Cli, ManArgs};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};

pub fn run(args: &ManArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let pages = crate::render::cli::man_pages(Cli::command())?;
    if let Some(dir) = &args.out {
        let files: Vec<(&str, &[u8])> = pages.iter().map(|(n, roff)| (n.as_str(), roff.as_slice())).collect();
        let first = dir.join("milepost.1");
        let then = format!("read one with `man -l {}`", first.display());
        return super::write_new_files(dir, args.force, &files, "man page", &then, io);
    }
    let wanted = match &args.command {
        None => "milepost.1".to_string(),
        Some(name) => format!("milepost-{name}.1"),
    };
    let Some((_, roff)) = pages.iter().find(|(n, _)| *n == wanted) else {
        let names: Vec<&str> = pages
            .iter()
            .filter_map(|(n, _)| n.strip_prefix("milepost-")?.strip_suffix(".1"))
            .collect();
        let name = args.command.clone().unwrap_or_default();
        return Err(Error::Unknown {
            what: "command",
            hint: crate::suggest::did_you_mean(&name, names.iter().copied())
                .unwrap_or_else(|| format!("the commands are {}", crate::suggest::one_of(&names))),
            name,
        });
    };
    write(io.out, &String::from_utf8_lossy(roff), "standard output")?;
    Ok(ExitStatus::Success)
}
