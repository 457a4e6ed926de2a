//! `milepost init`: a new plan that `check` accepts at once, with what
//! editors need to validate it, and optionally a CI workflow and a
//! pre-commit hook. Where a plan is already there, it is left as it is and
//! only what is missing around it is added (the schemas, `.taplo.toml`,
//! the workflow, the hook). Nothing already there is replaced: `--force`
//! overwrites milepost's own files (schemas, `.taplo.toml`, the workflow),
//! never a plan file or a hook.

mod files;

pub(crate) use files::SCHEMA_DIR;

use std::path::{Path, PathBuf};

use crate::args::{InitArgs, InitCi};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};

/// Who `--force` may replace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// The plan's own files (`project.toml`, the first milestone and
    /// feature): written only where there is no plan, never replaced.
    Plan,
    /// A file `init` writes that holds nothing of the team's (a schema,
    /// `.taplo.toml`, the workflow): replaced with `--force`.
    Milepost,
    /// A Git hook: other tools write them too; never replaced.
    Hook,
}

/// A file to write: where, what, and whether `--force` may replace it.
struct Planned {
    path: PathBuf,
    bytes: Vec<u8>,
    owner: Owner,
}

/// Where the plan goes, and the folder that holds the editor and CI files:
/// the repository's root when the plan is inside one, else the plan's
/// parent folder.
struct Place {
    /// The plan directory, as the user named it (relative to the current
    /// directory, or absolute).
    plan: PathBuf,
    /// The folder of `.taplo.toml` and `.github/`, as shown (relative to
    /// the current directory: empty for the current directory itself).
    base: PathBuf,
    /// The same, absolute: where to look for Git's configuration.
    base_absolute: PathBuf,
    /// The plan directory relative to `base`, `/`-separated.
    plan_in_base: String,
    in_repository: bool,
}

/// The plan whose files `dir` (absolute) would be read among: the nearest
/// folder above it holding a `project.toml` when `dir` is in its
/// `milestones/`, `features/` or `risks/` (where that plan reads every
/// `.toml`, so the new `project.toml` would be read as one of its items),
/// within the same repository (the search stops at a folder holding
/// `.git`). A `project.toml` above that is not a plan (another tool's), or
/// a plan beside the new one, is no reason to refuse.
fn enclosing_plan(dir: &Path) -> Option<PathBuf> {
    for above in dir.ancestors().skip(1) {
        if above.join("project.toml").is_file() {
            let rel = dir.strip_prefix(above).ok()?;
            let first = rel.components().next()?.as_os_str().to_str()?;
            return ["milestones", "features", "risks"]
                .contains(&first)
                .then(|| above.to_path_buf());
        }
        if above.join(".git").exists() {
            return None;
        }
    }
    None
}

pub fn run(args: &InitArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let place = place(&cwd, &crate::locate::target(args.plan.as_deref())?);
    if args.hooks && !place.in_repository {
        return Err(Error::HooksOutsideRepository(place.plan.clone()));
    }
    let person = files::Person::from_git(crate::git::user_name(&place.base_absolute));
    let name = match &args.name {
        Some(name) => super::new::one_line("--name", name.trim().to_string())?,
        None => folder_name(&cwd, &place),
    };
    let setup = files::Setup {
        name,
        start: args.start.unwrap_or_else(crate::model::Date::today),
        person: person.clone(),
    };
    let project = place.plan.join("project.toml");
    // A plan already there is left as it is: what is missing around it is added.
    let existing = project.symlink_metadata().is_ok();
    refuse_misplaced(args, &cwd, &place, existing)?;
    let mut planned = planned(args, &cwd, &place, &setup)?;
    if existing {
        planned.retain(|f| f.owner != Owner::Plan);
    }
    // A file already there with the very bytes `init` would write: nothing to do.
    let (current, planned): (Vec<Planned>, Vec<Planned>) = planned
        .into_iter()
        .partition(|f| std::fs::read(&f.path).is_ok_and(|bytes| bytes == f.bytes));
    refuse_existing(&planned, args.force, existing)?;
    // What `--force` overwrites, to say so.
    let overwritten: Vec<&Path> = planned
        .iter()
        .filter(|f| f.path.symlink_metadata().is_ok())
        .map(|f| f.path.as_path())
        .collect();
    for (done, file) in planned.iter().enumerate() {
        if let Err(e) = write_one(file, args.force) {
            // The files written before it stay: say which, and that running
            // `init` again goes on from there.
            let mut text = crate::render::diagnostics::human::error(&e);
            if done > 0 {
                let names: Vec<String> = planned[..done]
                    .iter()
                    .map(|f| format!("`{}`", f.path.display()))
                    .collect();
                text.push_str(&format!(
                    "  note: {} written before it, and kept: {}. Once the error is fixed, `milepost init` again with the same options writes the rest and leaves those as they are\n",
                    crate::render::diagnostics::human::count(done, "file"),
                    names.join(", "),
                ));
            }
            write(io.err, &text, "standard error")?;
            return Ok(e.status());
        }
    }
    let told = if existing {
        added(&place, &planned, &overwritten, current.len())
    } else {
        summary(&place, &planned, &overwritten, &person)
    };
    write(io.err, &told, "standard error")?;
    Ok(ExitStatus::Success)
}

/// Refuses a new plan inside another plan, and `--name` or `--start` where
/// a plan is already (`existing`): they describe a new one.
fn refuse_misplaced(args: &InitArgs, cwd: &Path, place: &Place, existing: bool) -> Result<()> {
    let project = place.plan.join("project.toml");
    // Something else where the plan's folder, or its project file, goes.
    if place.plan.symlink_metadata().is_ok() && !place.plan.is_dir() {
        return Err(Error::Refused {
            what: format!(
                "`{}` is a file, not a folder: a plan is a folder of TOML files",
                place.plan.display()
            ),
            hint: format!(
                "rename or move `{}`, or start the plan in another folder (`--plan DIR`)",
                place.plan.display()
            ),
        });
    }
    if project.is_dir() {
        return Err(Error::Refused {
            what: format!("`{}` is a folder, not the project file", project.display()),
            hint: format!(
                "move what is in `{}` elsewhere and remove the folder; then `milepost init` writes the project file",
                project.display()
            ),
        });
    }
    if !existing && let Some(outer) = enclosing_plan(&cwd.join(&place.plan)) {
        return Err(Error::Refused {
            what: format!(
                "`{}` is inside the plan in `{}`: a plan there would be read as part of it",
                place.plan.display(),
                match outer.strip_prefix(cwd) {
                    Ok(rel) if rel.as_os_str().is_empty() => Path::new("."),
                    Ok(rel) => rel,
                    Err(_) => &outer,
                }
                .display()
            ),
            hint: "start the plan in a folder of its own, outside the other plan (`--plan DIR`)".into(),
        });
    }
    if existing && (args.name.is_some() || args.start.is_some()) {
        let given = if args.name.is_some() { "--name" } else { "--start" };
        return Err(Error::Refused {
            what: format!(
                "`{given}` describes a new plan, and there is one in `{}` already",
                place.plan.display()
            ),
            hint: format!(
                "edit `{}` (its `[project]` `name` and `start`), or leave out `--name` and `--start` to add what is missing around the plan",
                project.display()
            ),
        });
    }
    Ok(())
}

/// Every file `init` writes with these arguments.
fn planned(args: &InitArgs, cwd: &Path, place: &Place, setup: &files::Setup) -> Result<Vec<Planned>> {
    let mut out: Vec<Planned> = files::plan_files(setup)
        .into_iter()
        .map(|(rel, text)| Planned {
            owner: if rel.starts_with(SCHEMA_DIR) {
                Owner::Milepost
            } else {
                Owner::Plan
            },
            path: place.plan.join(rel),
            bytes: text.into_bytes(),
        })
        .collect();
    if !args.no_taplo {
        out.push(Planned {
            path: place.base.join(".taplo.toml"),
            bytes: files::taplo(&place.plan_in_base).into_bytes(),
            owner: Owner::Milepost,
        });
    }
    if args.ci == Some(InitCi::Github) {
        out.push(Planned {
            path: place.base.join(".github/workflows/milepost.yml"),
            bytes: files::github_workflow(&place.plan_in_base).into_bytes(),
            owner: Owner::Milepost,
        });
    }
    if args.hooks {
        // `place` checked that there is a repository.
        let hooks = crate::git::hooks_dir(&place.base_absolute).ok_or_else(|| Error::Git {
            message: "cannot find the repository's hooks folder".into(),
        })?;
        out.push(Planned {
            path: shown(cwd, &hooks.join("pre-commit")),
            bytes: files::pre_commit(&place.plan_in_base).into_bytes(),
            owner: Owner::Hook,
        });
    }
    Ok(out)
}

/// Stops before anything is written when a file is already there and
/// differs from what `init` would write (any, without `--force`; a plan
/// file or a hook, even with it), listing all of them. `existing`: the plan
/// is there, and only what is missing around it is being added.
fn refuse_existing(planned: &[Planned], force: bool, existing: bool) -> Result<()> {
    let blocking: Vec<&Planned> = planned
        .iter()
        .filter(|f| f.path.symlink_metadata().is_ok() && (!force || f.owner != Owner::Milepost))
        .collect();
    if blocking.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = blocking.iter().map(|f| format!("  {}", f.path.display())).collect();
    let hook = blocking.iter().any(|f| f.owner == Owner::Hook);
    let listed = match blocking.len() {
        1 => "the file listed with this version's".to_string(),
        n => format!("the {n} files listed with this version's"),
    };
    let hint = if hook {
        "a pre-commit hook is never replaced: leave out `--hooks`, and add a line that runs `milepost check` to the hook you have".to_string()
    } else if blocking.iter().any(|f| f.owner == Owner::Plan) {
        // No `project.toml` (else the plan's files are left out), but
        // others of the plan's files are there.
        "nothing was written. A plan's files are never overwritten: this folder holds some without a `project.toml`. Pass `--plan DIR` to start a plan elsewhere, or move those files away".to_string()
    } else if existing {
        format!(
            "nothing was written, and the plan's own files are never touched. These are milepost's (schemas, `.taplo.toml`, the workflow) and differ from what this version writes: pass `--force` to overwrite {listed}, or leave out the option that writes one (`--no-taplo`, `--ci`)"
        )
    } else {
        format!(
            "nothing was written. Keep your files and pass `--plan DIR` to start a plan elsewhere (`--no-taplo` leaves `.taplo.toml` out), or pass `--force` to overwrite {listed}"
        )
    };
    Err(Error::Refused {
        what: format!(
            "{} already there, and `milepost init` never overwrites:\n{}",
            match blocking.len() {
                1 => "a file it would write is".to_string(),
                n => format!("{n} files it would write are"),
            },
            list.join("\n")
        ),
        hint,
    })
}

fn write_one(file: &Planned, force: bool) -> Result<()> {
    if let Some(dir) = file.path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Output {
            what: format!("`{}`", dir.display()),
            source,
        })?;
    }
    if force && file.owner == Owner::Milepost {
        crate::output::write_atomic(&file.path, &file.bytes)?;
    } else if !crate::output::create_atomic(&file.path, &file.bytes)? {
        return Err(Error::Refused {
            what: format!("`{}` appeared while `milepost init` was writing", file.path.display()),
            hint: "another program is writing there: run `milepost init` again once it is done".into(),
        });
    }
    if file.owner == Owner::Hook {
        executable(&file.path)?;
    }
    Ok(())
}

#[cfg(unix)]
fn executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).map_err(|source| Error::Output {
        what: format!("`{}`", path.display()),
        source,
    })
}

#[cfg(not(unix))]
fn executable(_: &Path) -> Result<()> {
    Ok(())
}

fn place(cwd: &Path, plan: &Path) -> Place {
    let absolute = crate::locate::absolute(cwd, plan);
    let existing = absolute.ancestors().find(|p| p.exists()).unwrap_or(cwd);
    let repo = crate::git::workdir(existing)
        .and_then(|root| crate::locate::repo_relative(&root, &absolute).map(|rel| (root, rel)));
    let (base, plan_in_base, in_repository) = match repo {
        // `--plan .` at the root: the plan is the root itself.
        Some((root, rel)) if rel.is_empty() => (root, ".".into(), true),
        Some((root, rel)) => (root, rel, true),
        None => {
            let parent = absolute.parent().unwrap_or(cwd).to_path_buf();
            let name = absolute
                .file_name()
                .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
            (parent, name, false)
        }
    };
    Place {
        plan: plan.to_path_buf(),
        base: shown(cwd, &base),
        base_absolute: base,
        plan_in_base,
        in_repository,
    }
}

/// `path` as the user would write it: relative to where they are when it
/// is below (empty for the current directory itself), as it is otherwise.
fn shown(cwd: &Path, path: &Path) -> PathBuf {
    crate::locate::repo_relative(cwd, path).map_or_else(|| path.to_path_buf(), PathBuf::from)
}

/// The project's default name: the folder holding the plan folder (the
/// repository's, usually).
fn folder_name(cwd: &Path, place: &Place) -> String {
    let plan = crate::locate::absolute(cwd, &place.plan);
    let parent = plan.parent().map(Path::to_path_buf).unwrap_or_default();
    let parent = std::fs::canonicalize(&parent).unwrap_or(parent);
    parent
        .file_name()
        .map(|n| n.to_string_lossy().trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "My project".into())
}

/// Each file written, with `(overwritten: `--force`)` after those that
/// were there.
fn written(planned: &[Planned], overwritten: &[&Path]) -> Vec<String> {
    planned
        .iter()
        .map(|f| {
            let again = if overwritten.contains(&f.path.as_path()) {
                " (overwritten: `--force`)"
            } else {
                ""
            };
            format!("  {}{again}", f.path.display())
        })
        .collect()
}

/// What was added around a plan already there; `current` files were
/// there already, as `init` would write them.
fn added(place: &Place, planned: &[Planned], overwritten: &[&Path], current: usize) -> String {
    let kept = format!(
        "the plan in `{}` is there already: its files are kept as they are",
        place.plan.display()
    );
    let up_to_date = match current {
        0 => String::new(),
        1 => ", and 1 other file is there and up to date".into(),
        n => format!(", and {n} other files are there and up to date"),
    };
    if planned.is_empty() {
        return format!("nothing to add: {kept}{up_to_date}\n");
    }
    format!(
        "added {} around the plan:\n{}\n{kept}{up_to_date}\n",
        crate::render::diagnostics::human::count(planned.len(), "file"),
        written(planned, overwritten).join("\n"),
    )
}

fn summary(place: &Place, planned: &[Planned], overwritten: &[&Path], person: &files::Person) -> String {
    let names = written(planned, overwritten);
    let who = if person.from_git {
        format!("`{}` ({}, from `git config user.name`)", person.id, person.name)
    } else {
        format!(
            "`{}`, a placeholder: no `git config user.name` was found; put your name in `{}`",
            person.id,
            place.plan.join("project.toml").display()
        )
    };
    format!(
        "created a plan in `{}`, {}:\n{}\nits one person is {who}\nnext: `milepost check`, then add work with `milepost new feature ID --milestone {} --owner {} --estimate 3d`\n",
        place.plan.display(),
        crate::render::diagnostics::human::count(planned.len(), "file"),
        names.join("\n"),
        files::MILESTONE,
        person.id,
    )
}
