//! `milepost report`

use std::path::Path;

use crate::args::{Audience, ReportArgs, ReportFormat, Since};
use crate::diff::Version;
use crate::error::{Error, NeedsGit, Result};
use crate::io::{ExitStatus, Io, write};
use crate::load::{Cache, Loaded};
use crate::locate;
use crate::model::Date;
use crate::render::{html, templates};
use crate::report::context::{Changes, Context};
use crate::report::{build, confidence, since};
use crate::source::Source;

pub fn run(args: &ReportArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    if let Some(dir) = &args.templating.init_templates {
        let render = format!(
            "`milepost report --templates {}` (or `milepost history --templates {}`)",
            dir.display(),
            dir.display()
        );
        return super::init_templates(dir, args.templating.force, templates::REPORT, &render, io);
    }
    super::refuse_output_over_inputs(
        args.output.as_deref(),
        args.plan.plan.as_deref(),
        args.templating.template.as_deref(),
        args.templating.templates.as_deref(),
    )?;
    let as_of = super::as_of(&args.as_of);
    let options = super::schedule_options(&args.as_of);
    let Some((located, schedule)) = super::load_scheduled(&args.plan, as_of, options, io)? else {
        return Ok(ExitStatus::Invalid);
    };
    let Some(project) = located.plan.project.as_ref() else {
        // A valid plan has a project file; this is the guard.
        return Err(crate::schedule::ScheduleError::NoProject.into());
    };
    let options = build_options(args, &located, as_of, options)?;
    let mut context = build::build(&located.plan, &project.data, &schedule, &options);
    // The Monte Carlo starts from the schedule made above, and keeps it
    // (`Forecast::deterministic`) for the chart.
    let runs = args
        .runs
        .unwrap_or_else(|| crate::forecast::default_runs(confidence::DEFAULT_RUNS, located.plan.features.len()));
    let (kept, forecast) = match confidence::options(runs, args.seed, !args.as_of.no_level) {
        Some(mc) => {
            let forecast = crate::forecast::run_with(&located.plan, as_of, &mc, schedule)?;
            confidence::apply(&mut context, &forecast);
            (None, Some(forecast))
        }
        None => (Some(schedule), None),
    };
    let schedule = forecast.as_ref().map(|f| &f.deterministic).or(kept.as_ref());
    let gantt_svg = schedule
        .filter(|_| args.format() == ReportFormat::Html && !args.context)
        .map(|schedule| {
            html::gantt_svg(&html::GanttSlot {
                plan: &located.plan,
                schedule,
                forecast: forecast.as_ref(),
                by: args.by,
            })
        });
    // The plan and its schedule are done with: freed on another core while
    // this one renders.
    crate::par::free((located, forecast, kept));
    let text = output_text(args, context, gantt_svg)?;

    if let Some(path) = &args.check {
        return check(path, &text, io);
    }
    match &args.output {
        Some(path) => crate::output::write_output(path, text.as_bytes())?,
        None => write(io.out, &text, "standard output")?,
    }
    Ok(ExitStatus::Success)
}

/// What the command line decides about the report, with the baseline
/// (`--baseline`, scheduled with `schedule`) and the changes since an
/// earlier plan worked out from Git.
fn build_options(
    args: &ReportArgs,
    located: &Loaded,
    as_of: Date,
    schedule: crate::schedule::Options,
) -> Result<build::Options> {
    let report = if args.templating.template.is_some() {
        "custom"
    } else {
        args.report.as_str()
    };
    let audience = match args.audience {
        Audience::Engineering => "engineering",
        Audience::Exec => "exec",
    };
    let plan_arg = args.plan.plan.as_deref();
    let baseline = match &args.baseline {
        Some(rev) => {
            let head = Version::of("current".into(), located);
            let commit = located.revision.as_ref().and_then(|r| r.commit.parse().ok());
            Some(super::baseline(
                plan_arg,
                rev,
                (&head, &located.plan, commit),
                as_of,
                schedule,
            )?)
        }
        None => None,
    };
    let changes = since_changes(args, plan_arg, located)?;
    Ok(build::Options {
        report: report.into(),
        audience: audience.into(),
        plan_display: located.display.clone(),
        revision: located.revision.clone(),
        gantt_budget: args.gantt_budget,
        gantt_by_person: args.by == crate::args::GanttBy::Person,
        baseline,
        changes,
    })
}

/// The section on what changed since an earlier plan: `--since REV` or
/// `--since DATE`, else the previous tag (none without one, or with
/// `--no-since`).
fn since_changes(args: &ReportArgs, plan_arg: Option<&Path>, located: &Loaded) -> Result<Option<Changes>> {
    // The files Git saw renamed from `source` to the plan reported.
    let reported = located.revision.as_ref().and_then(|r| r.commit.parse().ok());
    let renames = |source: &Source| super::renames(source, reported);
    Ok(match &args.since {
        // Errors (no repository, unknown revision) stop the report.
        Some(Since::Rev(rev)) => {
            let source = locate::revision(plan_arg, rev, NeedsGit::option("--since", rev))?;
            let at = super::load(&source, &mut Cache::default())?;
            Some(since::changes(&at, rev, "since", &located.plan, &renames(&source)))
        }
        Some(Since::Date(date)) => {
            let source = since::before(plan_arg, located, *date)?;
            let at = super::load(&source, &mut Cache::default())?;
            let name = date.to_string();
            Some(since::changes(&at, &name, "since", &located.plan, &renames(&source)))
        }
        None if args.no_since => None,
        // Anything that keeps the previous tag from being found or read
        // means no section, never an error.
        None => since::previous_tag(plan_arg, located).and_then(|(source, tag)| {
            let at = super::load(&source, &mut Cache::default()).ok()?;
            Some(since::changes(
                &at,
                &tag,
                "previous-tag",
                &located.plan,
                &renames(&source),
            ))
        }),
    })
}

/// The output: the context as JSON with `--context` (the same for every
/// format), else the report rendered with its template; `gantt_svg` for
/// `--format html`.
fn output_text(args: &ReportArgs, context: Context, gantt_svg: Option<String>) -> Result<String> {
    Ok(if args.context {
        let mut json = serde_json::to_string_pretty(&context).map_err(|e| Error::Output {
            what: "the context".into(),
            source: e.into(),
        })?;
        json.push('\n');
        json
    } else {
        let user = super::user_template(args.templating.template.as_deref())?;
        let overrides = args.templating.templates.as_deref();
        let name = template_name(args.report.as_str(), args.format(), args.audience, overrides);
        match gantt_svg {
            Some(svg) => templates::render_html(context, svg, overrides, &name, user, args.output.as_deref())?,
            None => templates::render(context, overrides, &name, user, args.output.as_deref())?,
        }
    })
}

/// `status.md` (`status.html` for `--format html`), or `status-exec.md`
/// for `--audience exec` when there is such a template (in the overrides
/// or the defaults). Anything of that name in the overrides is taken, so
/// that one that is not a file (a named pipe, a folder) is refused when
/// read rather than passed over.
fn template_name(report: &str, format: ReportFormat, audience: Audience, overrides: Option<&Path>) -> String {
    let extension = format.extension();
    if audience == Audience::Exec {
        let exec = format!("{report}-exec.{extension}");
        if templates::default_source(&exec).is_some() || overrides.is_some_and(|d| d.join(&exec).exists()) {
            return exec;
        }
    }
    format!("{report}.{extension}")
}

/// `--check FILE`: the same bytes, or exit 1 saying what differs.
fn check(path: &Path, text: &str, io: &mut Io<'_>) -> Result<ExitStatus> {
    let shown = path.display();
    // One byte more than the report is enough to know it differs.
    let limit = u64::try_from(text.len()).unwrap_or(u64::MAX - 1) + 1;
    let current = crate::output::read_regular(path, limit, "--check")?;
    let message = match current {
        Some(bytes) if bytes == text.as_bytes() => {
            write(io.err, &format!("`{shown}` is up to date\n"), "standard error")?;
            return Ok(ExitStatus::Success);
        }
        Some(bytes) => {
            let old = String::from_utf8_lossy(&bytes);
            let line = old
                .lines()
                .zip(text.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| old.lines().count().min(text.lines().count()))
                + 1;
            format!(
                "`{shown}` is out of date (first difference at line {line})\n  help: regenerate it with the same command and `-o {shown}` instead of `--check {shown}`, and commit it\n"
            )
        }
        None => format!(
            "`{shown}` does not exist\n  help: write it with the same command and `-o {shown}` instead of `--check {shown}`, and commit it\n"
        ),
    };
    write(io.err, &format!("error: {message}"), "standard error")?;
    Ok(ExitStatus::Invalid)
}
