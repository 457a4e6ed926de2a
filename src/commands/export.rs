//! `milepost export --format tjp|mspdi [-o FILE]`

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
        ExportFormat::Mspdi => {
            let options = super::schedule_options(&args.as_of);
            let schedule = crate::schedule::schedule_with(&located.plan, as_of, options)?;
            crate::render::export::mspdi::to_mspdi(&located.plan, &schedule)
        }
    };
    match &args.output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())?,
        None => write(io.out, &text, "standard output")?,
    }
    Ok(ExitStatus::Success)
}
