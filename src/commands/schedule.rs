//! `milepost schedule`

use crate::args::{ScheduleArgs, ScheduleFormat};
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};
use crate::render::mermaid;
use crate::render::schedule as out;

pub fn run(args: &ScheduleArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let as_of = super::as_of(&args.as_of);
    let options = super::schedule_options(&args.as_of);
    let Some((located, network)) = super::load_valid_ahead(&args.plan, as_of, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    if args.runs > 0 && args.format != ScheduleFormat::Svg {
        return Err(crate::error::Error::OptionNeedsFormat {
            option: "--runs",
            needs: "svg",
            format: format_name(args.format),
        });
    }
    // A chart's sections: the table, JSON and CSV have none (it was
    // silently ignored there).
    if args.by == crate::args::GanttBy::Person && !matches!(args.format, ScheduleFormat::Mermaid | ScheduleFormat::Svg)
    {
        return Err(crate::error::Error::OptionNeedsFormat {
            option: "--by person",
            needs: "mermaid` or `--format svg",
            format: format_name(args.format),
        });
    }
    if args.format == ScheduleFormat::Svg {
        let text = svg(args, &located.plan, as_of, options)?;
        write(io.out, &text, "standard output")?;
        return Ok(ExitStatus::Success);
    }
    let mut schedule = crate::schedule::schedule_network(&located.plan, network, as_of, options)?;
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
                crate::args::GanttBy::Milestone => mermaid::Sections::Milestones,
                crate::args::GanttBy::Person => mermaid::Sections::People(&names),
            };
            mermaid::mermaid_in(&schedule, project, &|_| true, sections)
        }
        // Drawn above, with or without a forecast.
        ScheduleFormat::Svg => String::new(),
    };
    write(io.out, &text, "standard output")?;
    // As in `check`: the process ends here, freeing is wasted time.
    std::mem::forget((located, schedule, text));
    Ok(ExitStatus::Success)
}

/// `--format svg`: the chart of the schedule, with each milestone's band
/// from a forecast of `--runs` runs (whose deterministic schedule is the
/// chart's) when asked for.
fn svg(
    args: &ScheduleArgs,
    plan: &crate::plan::Plan,
    as_of: crate::model::Date,
    options: crate::schedule::Options,
) -> Result<String> {
    use crate::render::svg::{GanttInput, GanttOptions, gantt};
    let chart = GanttOptions::by(args.by);
    match crate::report::confidence::options(args.runs, args.seed, options.level) {
        Some(mc) => {
            let forecast = crate::forecast::run(plan, as_of, &mc)?;
            let input = GanttInput::new(plan, &forecast.deterministic).with_forecast(&forecast);
            Ok(gantt(&input, &chart))
        }
        None => {
            let schedule = crate::schedule::schedule_with(plan, as_of, options)?;
            Ok(gantt(&GanttInput::new(plan, &schedule), &chart))
        }
    }
}

/// The name `--format` takes.
fn format_name(f: ScheduleFormat) -> &'static str {
    match f {
        ScheduleFormat::Table => "table",
        ScheduleFormat::Json => "json",
        ScheduleFormat::Csv => "csv",
        ScheduleFormat::Mermaid => "mermaid",
        ScheduleFormat::Svg => "svg",
    }
}
