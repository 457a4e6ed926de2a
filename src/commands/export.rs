//! `milepost export --format tjp`

use crate::args::{ExportArgs, ExportFormat};
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};

pub fn run(args: &ExportArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let Some(located) = super::load_valid(&args.plan, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let as_of = super::as_of(&args.as_of);
    let text = match args.format {
        ExportFormat::Tjp => {
            use crate::render::export::tjp::{Resources, to_tjp};
            let resources = if args.as_of.no_level {
                Resources::Omitted
            } else {
                Resources::People
            };
            to_tjp(&located.plan, as_of, resources)
        }
    };
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}
