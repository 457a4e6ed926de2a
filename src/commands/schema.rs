//! `milepost schema KIND`

use crate::args::SchemaArgs;
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};

pub fn run(args: &SchemaArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    write(io.out, &crate::schema::json(args.kind), "standard output")?;
    Ok(ExitStatus::Success)
}
