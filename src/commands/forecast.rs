//! `milepost forecast`

use crate::args::{Distribution, ForecastArgs, ForecastFormat};
use crate::error::{Error, Result};
use crate::forecast::{ForecastError, Options, Shape};
use crate::io::{ExitStatus, Io, write};
use crate::render::forecast as out;

impl From<ForecastError> for Error {
    fn from(e: ForecastError) -> Error {
        match e {
            ForecastError::Schedule(e) => e.into(),
            ForecastError::Runs(n) => Error::Unknown {
                what: "number of runs",
                name: n.to_string(),
                hint: format!("give `--runs` a whole number from 1 to {}", crate::forecast::MAX_RUNS),
            },
        }
    }
}

pub fn run(args: &ForecastArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let Some(located) = super::load_valid(&args.plan, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let as_of = super::as_of(&args.as_of);
    let options = Options {
        runs: args.runs,
        seed: args.seed,
        shape: match args.distribution {
            Distribution::Pert => Shape::Pert,
            Distribution::Triangular => Shape::Triangular,
        },
        level: super::schedule_options(&args.as_of).level,
    };
    let forecast = crate::forecast::run(&located.plan, as_of, &options)?;
    let project = located.plan.project.as_ref().map(|p| &p.data.project.value);
    let name = project.map_or("", |p| p.name.value.as_str());
    let currency = project.and_then(|p| p.currency.as_ref()).map(|c| c.value.as_str());
    let text = match args.format {
        ForecastFormat::Table => out::table(&forecast, name, currency),
        ForecastFormat::Json => out::json(&forecast, &located.display, located.revision.as_ref(), currency),
        ForecastFormat::Markdown => out::markdown(&forecast, name, currency),
        ForecastFormat::Csv => out::csv(&forecast),
    };
    write(io.out, &text, "standard output")?;
    Ok(ExitStatus::Success)
}
