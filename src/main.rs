use clap::Parser;

use milepost::args::{Cli, ColorChoice};

/// Parsing thousands of small TOML files is allocation-bound; mimalloc is
/// markedly faster than the system allocator at it, on two threads especially.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorChoice::Auto => {}
        ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
    }
    let mut err = anstream::stderr();
    let mut document;
    let mut styled;
    let out: &mut dyn std::io::Write = if cli.writes_document() {
        document = std::io::stdout();
        &mut document
    } else {
        styled = anstream::stdout();
        &mut styled
    };
    let status = milepost::run(&cli, &mut milepost::Io { out, err: &mut err });
    std::process::ExitCode::from(status as u8)
}
