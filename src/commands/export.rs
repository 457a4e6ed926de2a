//! `milepost export --format tjp|mspdi|ics|dot|mermaid-flowchart [-o FILE]`

use crate::args::{ExportArgs, ExportFormat};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::render::export::{graph, ics};

pub fn run(args: &ExportArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    if args.format != ExportFormat::Ics {
        let option = match (&args.person, args.runs) {
            (Some(_), _) => Some("--person"),
            (None, n) if n > 0 => Some("--runs"),
            _ => None,
        };
        if let Some(option) = option {
            return Err(Error::OptionNeedsFormat {
                option,
                needs: "ics",
                format: args.format.as_str(),
            });
        }
    }
    super::refuse_output_over_inputs(args.output.as_deref(), args.plan.plan.as_deref(), None, None)?;
    let Some(located) = super::load_valid(&args.plan, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let plan = &located.plan;
    let as_of = super::as_of(&args.as_of);
    let options = super::schedule_options(&args.as_of);
    let mut warnings = Vec::new();
    let text = match args.format {
        ExportFormat::Tjp => {
            use crate::render::export::tjp::{Resources, to_tjp};
            let resources = if args.as_of.no_level {
                Resources::Omitted
            } else {
                Resources::People
            };
            let (text, warning) = to_tjp(plan, as_of, resources);
            warnings.extend(warning);
            text
        }
        ExportFormat::Ics => {
            let person = args.person.as_deref().map(|id| known_person(plan, id)).transpose()?;
            let mc = crate::report::confidence::options(args.runs, args.seed, options.level);
            let forecast = mc.map(|mc| crate::forecast::run(plan, as_of, &mc)).transpose()?;
            let schedule = match &forecast {
                Some(f) => std::borrow::Cow::Borrowed(&f.deterministic),
                None => std::borrow::Cow::Owned(crate::schedule::schedule_with(plan, as_of, options)?),
            };
            ics::to_ics(&ics::Feed {
                plan,
                schedule: &schedule,
                forecast: forecast.as_ref(),
                person,
            })
        }
        ExportFormat::Dot | ExportFormat::MermaidFlowchart => {
            let schedule = crate::schedule::schedule_with(plan, as_of, options)?;
            let g = graph::Graph::of(plan, &schedule);
            if args.format == ExportFormat::Dot {
                graph::dot::to_dot(&g)
            } else {
                let text = graph::mermaid::to_mermaid(&g);
                warnings = graph::mermaid::limits(&text, g.edges.len());
                text
            }
        }
        ExportFormat::Mspdi => {
            let schedule = crate::schedule::schedule_with(plan, as_of, options)?;
            crate::render::export::mspdi::to_mspdi(plan, &schedule)
        }
    };
    match &args.output {
        Some(path) => crate::output::write_output(path, text.as_bytes())?,
        None => write(io.out, &text, "standard output")?,
    }
    let yellow = crate::render::style::WARNING;
    for w in warnings {
        write(io.err, &format!("{yellow}warning{yellow:#}: {w}\n"), "standard error")?;
    }
    Ok(ExitStatus::Success)
}

/// `--person ID`: an id of `[[people]]`, else an error that names the
/// nearest one and the people there are.
fn known_person<'a>(plan: &crate::plan::Plan, id: &'a str) -> Result<&'a str> {
    let people: Vec<&str> = plan.project.as_ref().map_or_else(Vec::new, |p| {
        p.data.people.iter().map(|x| x.id.value.as_str()).collect()
    });
    if people.contains(&id) {
        return Ok(id);
    }
    let hint = match crate::suggest::nearest(id, people.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? `--person` takes the id of one of the plan's `[[people]]`"),
        None if people.is_empty() => {
            "the plan has no `[[people]]` in `project.toml`: add one, or leave out `--person`".into()
        }
        None => format!("give one of {}", crate::suggest::one_of(&people)),
    };
    Err(Error::Unknown {
        what: "person",
        name: id.to_string(),
        hint,
    })
}
