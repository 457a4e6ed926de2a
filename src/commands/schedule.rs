//! `milepost schedule`

use crate::args::{ScheduleArgs, ScheduleFormat};
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};
use crate::render::schedule as out;

pub fn run(args: &ScheduleArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let Some(located) = super::load_valid(&args.plan, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let as_of = super::as_of(&args.as_of);
    let mut schedule = crate::schedule::schedule_with(&located.plan, as_of, super::schedule_options(&args.as_of))?;
    if let Some(date) = args.by_date {
        schedule.ask_by(date);
    }
    let project = located
        .plan
        .project
        .as_ref()
        .map_or("", |p| p.data.project.name.value.as_str());
    let text = match args.format {
        ScheduleFormat::Table => out::table(&schedule, project, crate::io::table_width()),
        ScheduleFormat::Json => out::json(&schedule, &located.display, located.revision.as_ref()),
        ScheduleFormat::Csv => out::csv(&schedule),
        ScheduleFormat::Mermaid => {
            let people = super::people_names(&located.plan);
            let names: Vec<(&str, &str)> = people.iter().map(|(i, n)| (i.as_str(), n.as_str())).collect();
            let sections = match args.by {
                crate::args::GanttBy::Milestone => out::Sections::Milestones,
                crate::args::GanttBy::Person => out::Sections::People(&names),
            };
            out::mermaid_in(&schedule, project, &|_| true, sections)
        }
    };
    write(io.out, &text, "standard output")?;
    // As in `check`: the process ends here, freeing is wasted time.
    std::mem::forget((located, schedule, text));
    Ok(ExitStatus::Success)
}
