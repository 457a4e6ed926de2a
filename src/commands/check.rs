//! `milepost check`: validate the plan, print every problem, exit 0/1/2.

use crate::args::{CheckArgs, CheckFormat, Deny};
use crate::error::Result;
use crate::io::{ExitStatus, Io, write};
use crate::load::Loaded;
use crate::render::diagnostics::{github, human, json};

pub fn run(args: &CheckArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let located = super::open(args.plan.plan.as_deref(), args.plan.rev.as_deref())?;
    let deny_warnings = args.deny == Some(Deny::Warnings);
    let plan = &located.plan;
    let errors = plan.error_count();
    let warnings = plan.warning_count();
    let ok = errors == 0 && !(deny_warnings && warnings > 0);

    match args.format {
        CheckFormat::Human => print_human(&located, deny_warnings, io)?,
        CheckFormat::Json => {
            let report = json::CheckReport {
                version: json::VERSION,
                plan: &located.display,
                revision: located.revision.as_ref(),
                ok,
                deny_warnings,
                counts: json::counts(plan),
                diagnostics: plan
                    .diagnostics
                    .iter()
                    .map(|d| json::diagnostic(d, &plan.files))
                    .collect(),
            };
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
            text.push('\n');
            write(io.out, &text, "standard output")?;
        }
        CheckFormat::Github => {
            let path = github_path(&located);
            let mut text = String::new();
            for d in &plan.diagnostics {
                text.push_str(&github::render(d, &plan.files, &path));
                text.push('\n');
            }
            write(io.out, &text, "standard output")?;
            let summary = human::summary(errors, warnings, deny_warnings);
            write(io.err, &format!("{summary}\n"), "standard error")?;
        }
    }
    // The process is about to exit: freeing tens of thousands of small
    // allocations one by one would only delay it (~30 ms at 20,000 features).
    std::mem::forget(located);
    Ok(if ok { ExitStatus::Success } else { ExitStatus::Invalid })
}

/// Prints every diagnostic as a snippet, then the summary line, to stderr.
pub fn print_human(located: &Loaded, deny_warnings: bool, io: &mut Io<'_>) -> Result<()> {
    let plan = &located.plan;
    let (errors, warnings) = (plan.error_count(), plan.warning_count());
    let ok = errors == 0 && !(deny_warnings && warnings > 0);
    let mut text = String::new();
    for d in &plan.diagnostics {
        text.push_str(&human::render(d, &plan.files, true));
        text.push_str("\n\n");
    }
    let what = match &located.revision {
        Some(r) => format!("`{}` at {} ({})", located.display, r.spec, short(&r.commit)),
        None => format!("`{}`", located.display),
    };
    let counts = json::counts(plan);
    let summary = human::summary(errors, warnings, deny_warnings);
    let style = if ok {
        crate::render::style::SUCCESS
    } else {
        crate::render::style::ERROR
    };
    text.push_str(&format!(
        "{style}{summary}{style:#}: {what}: {}, {}, {}, {}\n",
        human::count(counts.milestones, "milestone"),
        human::count(counts.features, "feature"),
        human::count(counts.risks, "risk"),
        human::count(counts.people, "person"),
    ));
    write(io.err, &text, "standard error")
}

/// Paths relative to the repository root, as GitHub expects; the displayed
/// path outside a repository.
fn github_path(located: &Loaded) -> impl Fn(&crate::files::File) -> String + '_ {
    let prefix = located.repo_prefix();
    move |file| match &prefix {
        Some(prefix) if !prefix.is_empty() => format!("{prefix}/{}", file.rel),
        Some(_) => file.rel.to_string(),
        None => file.display.to_string(),
    }
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}
