//! `milepost init`: a new plan that `check` accepts at once, with what
//! editors need to validate it, and optionally a CI workflow and a
//! pre-commit hook. Nothing already there is replaced (`--force`
//! overwrites the files `init` itself writes, `project.toml` included,
//! never a hook).

mod files;

pub(crate) use files::SCHEMA_DIR;

use std::path::{Path, PathBuf};

use crate::args::{InitArgs, InitCi};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};

/// Who `--force` may replace.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A file `init` writes: replaced with `--force`.
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
    let planned = planned(args, &cwd, &place, &setup)?;
    let project = place.plan.join("project.toml");
    refuse_existing(&planned, args.force, &project)?;
    // What `--force` overwrites, to say so.
    let overwritten: Vec<&Path> = planned
        .iter()
        .filter(|f| f.path.symlink_metadata().is_ok())
        .map(|f| f.path.as_path())
        .collect();
    for file in &planned {
        write_one(file, args.force)?;
    }
    write(
        io.err,
        &summary(&place, &planned, &overwritten, &person),
        "standard error",
    )?;
    Ok(ExitStatus::Success)
}

/// Every file `init` writes with these arguments.
fn planned(args: &InitArgs, cwd: &Path, place: &Place, setup: &files::Setup) -> Result<Vec<Planned>> {
    let mut out: Vec<Planned> = files::plan_files(setup)
        .into_iter()
        .map(|(rel, text)| Planned {
            path: place.plan.join(rel),
            bytes: text.into_bytes(),
            owner: Owner::Milepost,
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

/// Stops before anything is written when a file is already there (any,
/// without `--force`; a hook, even with it), listing all of them, and
/// saying what `--force` would overwrite: `project` (the plan's
/// `project.toml`) by name, since it holds the team's data.
fn refuse_existing(planned: &[Planned], force: bool, project: &Path) -> Result<()> {
    let blocking: Vec<&Planned> = planned
        .iter()
        .filter(|f| f.path.symlink_metadata().is_ok() && (!force || f.owner == Owner::Hook))
        .collect();
    if blocking.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = blocking.iter().map(|f| format!("  {}", f.path.display())).collect();
    let hook = blocking.iter().any(|f| f.owner == Owner::Hook);
    let listed = match blocking.len() {
        1 => "the file listed with a new one".to_string(),
        n => format!("the {n} files listed with new ones"),
    };
    let elsewhere = "pass `--plan DIR` to start a plan elsewhere (`--no-taplo` leaves `.taplo.toml` out)";
    let hint = if hook {
        "a pre-commit hook is never replaced: leave out `--hooks`, and add a line that runs `milepost check` to the hook you have".to_string()
    } else if blocking.iter().any(|f| f.path == project) {
        format!(
            "nothing was written. `--force` would overwrite {listed}, `{}` too: the project, people, calendar and holidays written there would be lost. To keep them, leave out `--force` and {elsewhere}",
            project.display()
        )
    } else {
        format!("nothing was written. Keep your files and {elsewhere}, or pass `--force` to overwrite {listed}")
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

fn summary(place: &Place, planned: &[Planned], overwritten: &[&Path], person: &files::Person) -> String {
    let names: Vec<String> = planned
        .iter()
        .map(|f| {
            let again = if overwritten.contains(&f.path.as_path()) {
                " (overwritten: `--force`)"
            } else {
                ""
            };
            format!("  {}{again}", f.path.display())
        })
        .collect();
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
