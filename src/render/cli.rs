//! The command line described for other tools: shell completion scripts
//! (clap_complete) and manual pages in roff (clap_mangen), both generated
//! from the clap definitions in `args.rs`, so they cannot drift from it.

use crate::error::{Error, Result};

/// The completion script of `cmd` (the `milepost` command) for `shell`.
pub fn completions(shell: clap_complete::Shell, cmd: &mut clap::Command) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, cmd, "milepost", &mut script);
    script
}

/// The manual pages of `cmd`: its own (`milepost.1`) first, then one per
/// subcommand (`milepost-check.1`, ...), each as (file name, roff).
pub fn man_pages(cmd: clap::Command) -> Result<Vec<(String, Vec<u8>)>> {
    fn add(cmd: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        let subcommands: Vec<clap::Command> = cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned().collect();
        let man = clap_mangen::Man::new(cmd);
        let mut roff = Vec::new();
        man.render(&mut roff).map_err(|source| Error::Output {
            what: "the manual page".into(),
            source,
        })?;
        pages.push((man.get_filename(), roff));
        for sub in subcommands {
            add(sub, pages)?;
        }
        Ok(())
    }
    // `help` is clap's own subcommand; every page documents `--help`.
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    add(cmd, &mut pages)?;
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::{completions, man_pages};
    use crate::args::Cli;

    /// Every subcommand, and each one's long options, as clap knows them:
    /// a command added to `args.rs` is in this list without anyone
    /// editing the tests.
    fn commands() -> Vec<(String, Vec<String>)> {
        let cli = Cli::command();
        let out: Vec<(String, Vec<String>)> = cli
            .get_subcommands()
            .map(|s| {
                let longs = s
                    .get_arguments()
                    .filter_map(|a| a.get_long())
                    .map(str::to_string)
                    .collect();
                (s.get_name().to_string(), longs)
            })
            .collect();
        assert!(out.len() >= 10, "{out:?}");
        out
    }

    #[test]
    fn every_shell_completes_every_command() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::PowerShell,
            clap_complete::Shell::Elvish,
        ] {
            let script = String::from_utf8(completions(shell, &mut Cli::command())).unwrap();
            for (name, longs) in commands() {
                assert!(script.contains(&name), "{shell}: no `{name}` in\n{script}");
                // Options too (fish writes `--plan` as `-l plan`).
                for long in longs {
                    let written = match shell {
                        clap_complete::Shell::Fish => format!("-l {long}"),
                        _ => format!("--{long}"),
                    };
                    assert!(script.contains(&written), "{shell}: no `--{long}` of `{name}`");
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_man_page_with_every_option() {
        let pages = man_pages(Cli::command()).unwrap();
        let page = |file: &str| {
            let roff = &pages
                .iter()
                .find(|(n, _)| n == file)
                .unwrap_or_else(|| panic!("no {file}"))
                .1;
            // roff escapes `-` as `\-`.
            String::from_utf8(roff.clone()).unwrap().replace("\\-", "-")
        };
        let main = page("milepost.1");
        for (name, longs) in commands() {
            assert!(
                main.contains(&format!("milepost-{name}(1)")),
                "milepost.1 does not list `{name}`"
            );
            let own = page(&format!("milepost-{name}.1"));
            assert!(own.contains(".SH SYNOPSIS"), "{own}");
            for long in longs {
                assert!(
                    own.contains(&format!("--{long}")),
                    "milepost-{name}.1 has no `--{long}`"
                );
            }
        }
        // A page each for milepost, its commands and theirs (`new feature`).
        fn count(cmd: &clap::Command) -> usize {
            1 + cmd.get_subcommands().map(count).sum::<usize>()
        }
        assert_eq!(pages.len(), count(&Cli::command()));
        for nested in [
            "milepost-new-feature.1",
            "milepost-new-milestone.1",
            "milepost-new-risk.1",
        ] {
            assert!(page(nested).contains("--owner"), "{nested}");
        }
    }
}
