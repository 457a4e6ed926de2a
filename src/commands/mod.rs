//! One module per subcommand.

pub mod check;
pub mod diff;
pub mod explain;
pub mod export;
pub mod history;
pub mod report;
pub mod schedule;
pub mod schema;

use crate::args::{AsOfArgs, PlanArgs};
use crate::error::Result;
use crate::io::Io;
use crate::locate::{self, Located};
use crate::model::Date;

/// Loads the plan for a command that needs a valid one. An invalid plan's
/// problems are printed as `check` prints them, and `None` is returned:
/// nothing is scheduled from a plan with errors.
pub fn load_valid(plan: &PlanArgs, io: &mut Io<'_>) -> Result<Option<Located>> {
    let located = locate::open(plan.plan.as_deref(), plan.rev.as_deref())?;
    if located.plan.error_count() > 0 {
        check::print_human(&located, false, io)?;
        return Ok(None);
    }
    Ok(Some(located))
}

/// `--as-of`, or today in the local time zone.
pub fn as_of(args: &AsOfArgs) -> Date {
    args.as_of.unwrap_or_else(|| Date(jiff::Zoned::now().date()))
}
