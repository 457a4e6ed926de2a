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
        ExportFormat::Tjp => crate::render::export::tjp::to_tjp(&located.plan, as_of),
    };
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}
