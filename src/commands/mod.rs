//! One module per subcommand.

pub mod check;
pub mod completions;
pub mod diff;
pub mod explain;
pub mod export;
pub mod fmt;
pub mod forecast;
pub mod help;
pub mod history;
pub mod init;
pub mod man;
pub mod new;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod schema;

use std::path::Path;

use crate::args::{AsOfArgs, PlanArgs};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::load::{Cache, Loaded};
use crate::model::Date;
use crate::plan::Plan;
use crate::schedule::ScheduleError;
use crate::source::Source;

/// A plan that cannot be scheduled stops a command like any other error. The
/// conversion is here, where commands schedule, rather than in
/// [`crate::error`], which sits below the scheduler.
impl From<ScheduleError> for Error {
    fn from(e: ScheduleError) -> Error {
        Error::Schedule(Box::new(e))
    }
}

/// Loads the plan from `source` and validates it (a plan that does not
/// exist at a revision is empty: there is nothing to validate).
pub(crate) fn load(source: &Source, cache: &mut Cache) -> Result<Loaded> {
    let mut loaded = crate::load::load(source, cache)?;
    if loaded.exists {
        crate::validate::validate(&mut loaded.plan);
    }
    Ok(loaded)
}

/// The plan `--plan` and `--rev` name (see [`crate::locate::source`]),
/// loaded and validated.
pub(crate) fn open(plan_arg: Option<&Path>, rev: Option<&str>) -> Result<Loaded> {
    load(&crate::locate::source(plan_arg, rev)?, &mut Cache::default())
}

/// [`open`], running `beside` on the plan while it is validated, once its
/// items are found valid ([`crate::validate::validate_beside`]): its
/// result, if it ran.
fn open_beside<R: Send>(
    plan_arg: Option<&Path>,
    rev: Option<&str>,
    beside: impl FnOnce(&Plan) -> R + Send,
) -> Result<(Loaded, Option<R>)> {
    let mut loaded = crate::load::load(&crate::locate::source(plan_arg, rev)?, &mut Cache::default())?;
    let done = match loaded.exists {
        true => crate::validate::validate_beside(&mut loaded.plan, beside),
        false => None,
    };
    Ok((loaded, done))
}

/// Refuses `-o path` (`output`) where the plan keeps its files (its
/// `project.toml`, `milestones/`, `features/` and `risks/`, in the plan
/// directory on disk that `--plan`, `plan_arg`, names or that is found) or
/// over a template the command reads (`--template`, `--templates`), before
/// any work: writing there would replace a plan file or a template, or add
/// a file to the plan. A report next to the plan's files (`plan/STATUS.md`)
/// is written. See [`crate::output::refuse_over_inputs`].
pub(crate) fn refuse_output_over_inputs(
    output: Option<&Path>,
    plan_arg: Option<&Path>,
    template: Option<&Path>,
    templates: Option<&Path>,
) -> Result<()> {
    let Some(output) = output else { return Ok(()) };
    // No plan directory on disk (a plan read from Git only): nothing of it
    // to replace.
    // A plan file, or any file in the items' folders (`features/notes.md`:
    // one more file there for `check` to warn of).
    let of_the_plan = |rel: &str| {
        crate::layout::in_items_folder(rel).is_some() || crate::layout::classify(rel) != crate::layout::Role::Stray
    };
    if let Ok(Source::Dir { path, display }) = crate::locate::source(plan_arg, None)
        && let Some(rel) = crate::output::landing_in(&path, output)
        && of_the_plan(&rel.to_string_lossy().replace('\\', "/"))
    {
        return Err(Error::BadArgument {
            what: format!(
                "`-o {}` is a file of the plan `{display}`: writing there would replace it, or add it to the plan",
                output.display()
            ),
            hint: "write it outside the plan's `project.toml`, `milestones/`, `features/` and `risks/` (e.g. `-o report.md`)".into(),
        });
    }
    // In `--templates DIR`, a file named like a template the commands look
    // up there (`status.md`); a report beside them (`STATUS.md`) is fine.
    let named = output.file_name().and_then(|n| n.to_str()).filter(|n| {
        let templates = crate::render::templates::REPORT
            .iter()
            .chain(crate::render::templates::DIFF);
        templates.map(|(name, _)| *name).any(|t| t == *n)
    });
    let overridden = templates.zip(named).map(|(dir, name)| dir.join(name));
    let template_what = template.map(|t| format!("the template `{}` (`--template`)", t.display()));
    let overridden_what = templates.map(|t| format!("a template of `{}` (`--templates`)", t.display()));
    let reads = [
        (template, template_what.as_deref().unwrap_or_default()),
        (overridden.as_deref(), overridden_what.as_deref().unwrap_or_default()),
    ];
    crate::output::refuse_over_inputs("-o", output, &reads)
}

/// Refuses writing `text` as the file `rel` of the plan in `dir` (an
/// edit, or a new file) when that would give the plan an error it does not
/// have (`start --on 8999-12-31`, a new feature whose estimate takes the
/// plan's work past the year 9000): the first such error, with its code,
/// and `not` (what was left undone). `plan` is the plan as it is, loaded.
pub(crate) fn refuse_new_errors(
    mut plan: Plan,
    (dir, display): (&Path, &str),
    (rel, text): (&str, &str),
    not: &str,
) -> Result<()> {
    let errors = |p: &Plan| -> Vec<(crate::diagnostic::Code, String)> {
        p.diagnostics
            .iter()
            .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
            .map(|d| (d.code, d.message.clone()))
            .collect()
    };
    crate::validate::validate(&mut plan);
    let before = errors(&plan);
    let mut after = crate::load::load_dir_edited(dir, display, (rel, text))?;
    crate::validate::validate(&mut after);
    let new = after
        .diagnostics
        .iter()
        .find(|d| d.severity() == crate::diagnostic::Severity::Error && !before.contains(&(d.code, d.message.clone())));
    match new {
        Some(d) => Err(Error::Refused {
            what: format!("that would give the plan an error, so {not}: {} [{}]", d.message, d.code.id()),
            hint: "`milepost check` would report it after the change: change what the command writes (a day, an estimate), or fix what the error names first".into(),
        }),
        None => Ok(()),
    }
}

/// Loads the plan for a command that needs a valid one. An invalid plan's
/// problems are printed as `check` prints them, and `None` is returned:
/// nothing is scheduled from a plan with errors.
pub fn load_valid(plan: &PlanArgs, io: &mut Io<'_>) -> Result<Option<Loaded>> {
    let located = open(plan.plan.as_deref(), plan.rev.as_deref())?;
    Ok((!refused(&located, io)?).then_some(located))
}

/// Whether the plan `located` has errors, which are then printed as `check`
/// prints them: a command that needs a valid plan stops there.
fn refused(located: &Loaded, io: &mut Io<'_>) -> Result<bool> {
    let invalid = located.plan.error_count() > 0;
    if invalid {
        check::print_human(located, false, io)?;
    }
    Ok(invalid)
}

/// [`load_valid`], with the network of its schedule as of `as_of`, built
/// while the rules over the whole plan check it (on another core:
/// [`crate::validate::validate_beside`]) and dropped should they find an
/// error; for [`crate::schedule::schedule_network`].
pub fn load_valid_ahead(plan: &PlanArgs, as_of: Date, io: &mut Io<'_>) -> Result<Option<(Loaded, Ahead)>> {
    let network = |plan: &Plan| crate::schedule::network(plan, as_of);
    let (located, network) = open_beside(plan.plan.as_deref(), plan.rev.as_deref(), network)?;
    Ok((!refused(&located, io)?).then_some((located, network)))
}

/// A schedule's network built ahead ([`load_valid_ahead`]), if it was.
pub type Ahead = Option<std::result::Result<crate::schedule::Network, ScheduleError>>;

/// [`load_valid_ahead`], and the schedule as of `as_of`.
pub fn load_scheduled(
    plan: &PlanArgs,
    as_of: Date,
    options: crate::schedule::Options,
    io: &mut Io<'_>,
) -> Result<Option<(Loaded, crate::schedule::Schedule)>> {
    let Some((located, network)) = load_valid_ahead(plan, as_of, io)? else {
        return Ok(None);
    };
    let schedule = crate::schedule::schedule_network(&located.plan, network, as_of, options)?;
    Ok(Some((located, schedule)))
}

/// `--as-of`, or today in the local time zone.
pub fn as_of(args: &AsOfArgs) -> Date {
    args.as_of.unwrap_or_else(Date::today)
}

/// The plan's people, `(id, name)`, in the order of `[[people]]`: the
/// sections of a Gantt chart by person.
pub fn people_names(plan: &Plan) -> Vec<(String, String)> {
    plan.project.as_ref().map_or_else(Vec::new, |p| {
        p.data
            .people
            .iter()
            .map(|p| (p.id.value.clone(), p.name.value.clone()))
            .collect()
    })
}

/// How to schedule: `--no-level`.
pub fn schedule_options(args: &AsOfArgs) -> crate::schedule::Options {
    crate::schedule::Options { level: !args.no_level }
}

/// `--template FILE`: the template's name for messages, and its text.
pub fn user_template(path: Option<&Path>) -> Result<Option<(String, String)>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let limit = crate::render::templates::MAX_TEMPLATE_BYTES;
    let Some(bytes) = crate::output::read_regular(path, limit + 1, "--template")? else {
        return Err(Error::io(path, std::io::ErrorKind::NotFound.into()));
    };
    crate::render::templates::too_large(path, &bytes).map_err(|what| Error::BadArgument {
        what,
        hint: "a template is a page of text and a few loops: check that `--template` names the template".into(),
    })?;
    let source = String::from_utf8(bytes).map_err(|e| {
        Error::io(
            path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, crate::output::not_utf8(&e)),
        )
    })?;
    Ok(Some((path.display().to_string(), source)))
}

/// `--init-templates DIR`: the `defaults`, written out to start from (all
/// or none: an existing file stops it, unless `force`). `render` says how
/// to render with them.
pub fn init_templates(
    dir: &Path,
    force: bool,
    defaults: &[(&str, &str)],
    render: &str,
    io: &mut Io<'_>,
) -> Result<ExitStatus> {
    let files: Vec<(&str, &[u8])> = defaults.iter().map(|(n, s)| (*n, s.as_bytes())).collect();
    write_new_files(dir, force, &files, "template", &format!("render with {render}"), io)
}

/// Writes `files` (name, contents) into `dir`, creating it, each file
/// atomically; all or none: a file already there stops it before anything
/// is written, unless `force`. Then says on stderr what it wrote (`noun`:
/// what one file is) and `then`, what to do next.
pub fn write_new_files(
    dir: &Path,
    force: bool,
    files: &[(&str, &[u8])],
    noun: &str,
    then: &str,
    io: &mut Io<'_>,
) -> Result<ExitStatus> {
    for (name, _) in files {
        let path = dir.join(name);
        // A link, even with `--force`: it could lead out of `dir`, and the
        // file it names is not this command's to replace. (A named pipe or
        // a device would be written into, not replaced.)
        let what = std::fs::symlink_metadata(&path)
            .ok()
            .and_then(|meta| match meta.file_type().is_symlink() {
                true => Some("a symbolic link"),
                false => crate::output::not_a_file(&meta),
            });
        if let Some(what) = what {
            return Err(Error::BadArgument {
                what: format!(
                    "`{}` is {what}: the {noun}s are written as files of their own in `{}`",
                    path.display(),
                    dir.display()
                ),
                hint: "remove it, or give another directory".into(),
            });
        }
        if !force && path.exists() {
            return Err(Error::WouldOverwrite(path));
        }
    }
    if dir.exists() && !dir.is_dir() {
        return Err(Error::BadArgument {
            what: format!(
                "`{}` is a file, not a directory: the {noun}s go into a directory",
                dir.display()
            ),
            hint: "give a directory (it is created if it does not exist)".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let mut names = Vec::new();
    for (name, bytes) in files {
        crate::output::write_output(&dir.join(name), bytes)?;
        names.push(*name);
    }
    let text = format!(
        "wrote {} to `{}`: {}\n{then}\n",
        crate::render::diagnostics::human::count(names.len(), noun),
        dir.display(),
        names.join(", "),
    );
    write(io.err, &text, "standard error")?;
    Ok(ExitStatus::Success)
}

/// `--baseline REV` of `diff` and `report`: the plan `head` (read from the
/// commit `head_commit`, or the working tree when `None`) against the plan
/// at `rev`, scheduled as of REV's commit date and `head` as of `as_of`;
/// an item whose file Git saw renamed between the two is one item.
pub(super) fn baseline(
    plan_arg: Option<&Path>,
    rev: &str,
    (head, head_plan, head_commit): (&crate::diff::Version<'_>, &Plan, Option<crate::git::ObjectId>),
    as_of: Date,
    options: crate::schedule::Options,
) -> Result<crate::diff::Baseline> {
    let needs = crate::error::NeedsGit::option("--baseline", rev);
    let source = crate::locate::revision(plan_arg, rev, needs)?;
    let at = load(&source, &mut Cache::default())?;
    // (Always known: the plan was read from Git.)
    let committed = at.committed.unwrap_or(as_of);
    let base = crate::diff::Version::of(rev.to_string(), &at);
    let renames = renames(&source, head_commit);
    let (d, _) = crate::diff::diff_dated(&base, head, (committed, as_of), options, &renames, None);
    Ok(crate::diff::baseline(&d, &base, head_plan, committed))
}

/// The item files Git saw renamed from `base` (a revision) to the commit
/// `new` (the working tree when `None`). Best effort: without a repository
/// there are no renames, and a renamed file shows as removed and added.
pub(super) fn renames(base: &Source, new: Option<crate::git::ObjectId>) -> Vec<crate::layout::Rename> {
    let Source::Revision { repo, commit, .. } = base else {
        return Vec::new();
    };
    repo.renames(commit.id, new).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{Error, ScheduleError};

    #[test]
    fn a_plan_that_cannot_be_scheduled_is_an_error_with_the_schedulers_reason() {
        let e = Error::from(ScheduleError::Cycle);
        assert_eq!(e.to_string(), "cannot schedule the plan: the dependencies form a cycle");
        assert_eq!(
            std::error::Error::source(&e).map(ToString::to_string).as_deref(),
            Some("the dependencies form a cycle")
        );
        let hint = e.hint().unwrap_or_default();
        assert!(
            hint.starts_with("check the estimates, lags, capacities and risk delays"),
            "{hint}"
        );
        assert!(hint.contains("`--as-of`"), "{hint}");
    }
}
