//! `milepost fmt [--check]`: every plan file written the canonical way
//! ([`crate::fmt`]), or, with `--check`, the files that are not.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::args::FmtArgs;
use crate::diagnostic::Severity;
use crate::error::Result;
use crate::files::{File, FileId};
use crate::io::{ExitStatus, Io, write};
use crate::render::diagnostics::human;
use crate::render::style;
use crate::source::Source;

/// A plan file whose formatted text differs from what is on disk.
struct Changed<'a> {
    file: &'a File,
    path: PathBuf,
    formatted: String,
}

pub fn run(args: &FmtArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let source = crate::locate::source(args.plan.as_deref(), None)?;
    let dir = match &source {
        Source::Dir { path, .. } => path.clone(),
        // `locate::source` without a revision is always a directory.
        Source::Revision { .. } => return Ok(ExitStatus::Failure),
    };
    let loaded = crate::load::load(&source, &mut crate::load::Cache::default())?;
    let plan = &loaded.plan;
    let refused = report_undecodable(plan, io)?;
    // The plan files that decode, each with its kind's shape.
    let files: Vec<(&File, &crate::fmt::Shape)> = plan
        .files
        .iter()
        .filter(|(id, _)| !refused.contains(id))
        .filter_map(|(_, file)| Some((file, crate::fmt::shape::of(&crate::layout::classify(&file.rel))?)))
        .collect();
    let checked = files.len();
    // Formatted on every core, as the loader parses.
    let results = crate::par::map(&files, |(file, shape)| crate::fmt::format(&file.text, shape));
    let mut changed = Vec::new();
    let mut failed = refused.len();
    let mut unwritten = 0;
    for ((file, _), result) in files.iter().zip(results) {
        match result {
            Ok(formatted) if formatted != *file.text => changed.push(Changed {
                file,
                path: dir.join(&*file.rel),
                formatted,
            }),
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                let text = format!("{}: `{}`: {e}\n", error_word(), file.display);
                write(io.err, &text, "standard error")?;
            }
        }
    }
    let status = if args.check {
        check(&changed, checked, failed, io)?
    } else {
        let skipped = rewrite(&changed, io)?;
        failed += skipped.changed + skipped.unwritten;
        unwritten = skipped.unwritten;
        let noun = human::count(changed.len() - skipped.changed - skipped.unwritten, "file");
        let text = format!("formatted {noun} of {checked}\n");
        write(io.err, &text, "standard error")?;
        ExitStatus::Success
    };
    if failed > 0 {
        // `check` lists the problems of the plan, not why a file could not
        // be written.
        let listed = if unwritten == 0 {
            " (`milepost check` lists them)"
        } else {
            ""
        };
        let text = format!(
            "{}: {} not formatted: fix the problems above{listed}, then run `milepost fmt` again\n",
            error_word(),
            human::count(failed, "file"),
        );
        write(io.err, &text, "standard error")?;
        return Ok(ExitStatus::Invalid);
    }
    Ok(status)
}

fn error_word() -> String {
    format!("{}error{:#}", style::ERROR, style::ERROR)
}

/// Prints the errors of the files that do not decode, as `check` does, and
/// returns those files: they are left as they are.
fn report_undecodable(plan: &crate::plan::Plan, io: &mut Io<'_>) -> Result<HashSet<FileId>> {
    let mut refused = HashSet::new();
    let mut text = String::new();
    for d in plan.diagnostics.iter().filter(|d| d.severity() == Severity::Error) {
        if let Some(label) = &d.primary {
            refused.insert(label.file);
        }
        text.push_str(&human::render(d, &plan.files, true));
        text.push_str("\n\n");
    }
    write(io.err, &text, "standard error")?;
    Ok(refused)
}

/// `--check`: each file that is not formatted and its first line that
/// differs, on stdout; exit status 1 when there is any. `failed` files
/// could not be formatted (their problems are said already).
fn check(changed: &[Changed<'_>], checked: usize, failed: usize, io: &mut Io<'_>) -> Result<ExitStatus> {
    let mut text = String::new();
    for c in changed {
        text.push_str(&first_difference(&c.file.display, &c.file.text, &c.formatted));
    }
    write(io.out, &text, "standard output")?;
    if changed.is_empty() {
        // Nothing was written: say the files are as `fmt` would write them.
        let text = match (checked, failed) {
            (1, 0) => "the 1 file is formatted already\n".to_string(),
            (n, 0) => format!("all {} are formatted already\n", human::count(n, "file")),
            // Beside files that could not be: not "all".
            (0, _) => String::new(),
            (1, _) => "the 1 other file is formatted already\n".to_string(),
            (n, _) => format!("the {n} other files are formatted already\n"),
        };
        write(io.err, &text, "standard error")?;
        return Ok(ExitStatus::Success);
    }
    let text = format!(
        "{}: {} of {checked} not formatted: run `milepost fmt` to format them\n",
        error_word(),
        human::count(changed.len(), "file"),
    );
    write(io.err, &text, "standard error")?;
    Ok(ExitStatus::Invalid)
}

/// `FILE:LINE: not formatted`, then the line as it is (`-`) and as `fmt`
/// writes it (`+`).
pub fn first_difference(display: &str, old: &str, new: &str) -> String {
    let (mut a, mut b) = (old.lines(), new.lines());
    let mut line = 1;
    loop {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => line += 1,
            (None, None) => {
                // Only line breaks differ: `\r\n`, or the one at the end.
                return format!("{display}: not formatted (its line breaks)\n");
            }
            (x, y) => {
                let shown = |s: Option<&str>| {
                    s.map_or("(end of file)".to_string(), |s| {
                        crate::text::shown(s, false).into_owned()
                    })
                };
                return format!("{display}:{line}: not formatted\n  - {}\n  + {}\n", shown(x), shown(y));
            }
        }
    }
}

/// The changed files [`rewrite`] left as they are.
struct Skipped {
    /// Changed on disk since they were read.
    changed: usize,
    /// Could not be written (read-only, no permission, disk full).
    unwritten: usize,
}

/// Writes each changed file atomically, unless it changed on disk since it
/// was read; a file that cannot be written is said and left, and the others
/// are written all the same.
fn rewrite(changed: &[Changed<'_>], io: &mut Io<'_>) -> Result<Skipped> {
    let mut skipped = Skipped {
        changed: 0,
        unwritten: 0,
    };
    for c in changed {
        // (A symbolic link is read and written through: `output::replace_atomic`.)
        match crate::output::replace_atomic(&c.path, c.file.text.as_bytes(), c.formatted.as_bytes()) {
            Ok(true) => {}
            Ok(false) => {
                skipped.changed += 1;
                let text = format!(
                    "{}: `{}` changed while it was being formatted; left as it is\n  {}help{:#}: run `milepost fmt` again\n",
                    error_word(),
                    c.file.display,
                    style::HELP,
                    style::HELP,
                );
                write(io.err, &text, "standard error")?;
            }
            Err(e) => {
                skipped.unwritten += 1;
                write(io.err, &human::error(&e), "standard error")?;
            }
        }
    }
    Ok(skipped)
}
