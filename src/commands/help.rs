//! `milepost help [COMMAND|TOPIC]`: a command's help, or a reference
//! shipped inside the binary (`docs/*.md`, see [`crate::render::docs`]).

use clap::CommandFactory;

use crate::args::{Cli, HelpArgs};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::render::docs;

pub fn run(args: &HelpArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let mut cli = Cli::command();
    cli.build();
    let text = match args.topic.as_deref() {
        None => format!("{}\n{}", flag_help(&mut cli, &[]), docs::list()),
        Some(name) => {
            if let Some(topic) = docs::topic(name) {
                topic.text.to_string()
            } else if cli.find_subcommand(name).is_some() {
                flag_help(&mut cli, &[name])
            } else {
                let commands: Vec<String> = cli.get_subcommands().map(|c| c.get_name().to_string()).collect();
                let names = docs::TOPICS
                    .iter()
                    .map(|t| t.name)
                    .chain(commands.iter().map(String::as_str));
                let topics: Vec<&str> = docs::TOPICS.iter().map(|t| t.name).collect();
                return Err(Error::Unknown {
                    what: "command or help topic",
                    name: name.to_string(),
                    hint: crate::suggest::did_you_mean(name, names).unwrap_or_else(|| {
                        format!(
                            "`milepost help` lists the commands; the references are {}",
                            crate::suggest::one_of(&topics)
                        )
                    }),
                });
            }
        }
    };
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}

/// What `milepost ARGS --help` prints, exactly: clap's answer to it.
fn flag_help(cli: &mut clap::Command, args: &[&str]) -> String {
    let argv = std::iter::once("milepost")
        .chain(args.iter().copied())
        .chain(["--help"]);
    match cli.try_get_matches_from_mut(argv) {
        Err(e) => e.render().ansi().to_string(),
        Ok(_) => String::new(),
    }
}
