//! `milepost diff [BASE] [HEAD]`: what a change does to the plan, its
//! schedule and its cost; optionally a gate that fails on slips.

use std::path::Path;

use crate::args::{DiffArgs, DiffFormat};
use crate::diff::{self, Version};
use crate::error::{Error, NeedsGit, Result};
use crate::io::{ExitStatus, Io, write};
use crate::load::{Cache, Loaded};
use crate::locate;
use crate::render::templates;
use crate::source::Source;

/// Where one side of the comparison comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Spec {
    /// A revision, as given.
    Rev(String),
    /// The merge base of two revisions (`A...B`).
    MergeBase(String, String),
    WorkingTree,
}

/// The two sides named by the positional arguments: none (HEAD against the
/// working tree), `A` (A against the working tree), `A..B`, `A...B` (from the
/// merge base of A and B to B), or `A B`. An empty end of a range is `HEAD`,
/// as in Git.
pub fn sides(base: Option<&str>, head: Option<&str>) -> (Spec, Spec) {
    let or_head = |s: &str| {
        if s.is_empty() {
            "HEAD".to_string()
        } else {
            s.to_string()
        }
    };
    match (base, head) {
        (None, _) => (Spec::Rev("HEAD".into()), Spec::WorkingTree),
        (Some(b), Some(h)) => (Spec::Rev(b.into()), Spec::Rev(h.into())),
        (Some(b), None) => {
            if let Some((x, y)) = b.split_once("...") {
                (Spec::MergeBase(or_head(x), or_head(y)), Spec::Rev(or_head(y)))
            } else if let Some((x, y)) = b.split_once("..") {
                (Spec::Rev(or_head(x)), Spec::Rev(or_head(y)))
            } else {
                (Spec::Rev(b.into()), Spec::WorkingTree)
            }
        }
    }
}

pub fn run(args: &DiffArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    if let Some(dir) = &args.templating.init_templates {
        let render = format!("`milepost diff --format markdown --templates {}`", dir.display());
        return super::init_templates(dir, args.templating.force, templates::DIFF, &render, io);
    }
    check_templates(args)?;
    if let Some(limit) = args.fail_on_p80_slip
        && args.runs == Some(0)
    {
        return Err(Error::P80GateWithoutRuns { limit });
    }
    let (base_spec, head_spec) = sides(args.base.as_deref(), args.head.as_deref());
    let plan_arg = args.plan.as_deref();
    // Files the two sides share are decoded once.
    let mut cache = Cache::default();
    let (base_label, base_source) = side(&base_spec, plan_arg)?;
    let base = super::load(&base_source, &mut cache)?;
    let (head_label, head_source) = side(&head_spec, plan_arg)?;
    // Git's rename detection, on the base's repository, while the head
    // loads (most of its files are the base's, decoded already).
    let new = match &head_source {
        Source::Revision { commit, .. } => Some(commit.id),
        Source::Dir { .. } => None,
    };
    let (head, renames) = crate::par::meanwhile(
        || super::load(&head_source, &mut cache),
        move || super::renames(&base_source, new),
    );
    let head = head?;
    if !diff::exists(&base.plan) && !diff::exists(&head.plan) {
        // Nothing to compare: say why, as reading the head alone would.
        if let Spec::Rev(rev) = &head_spec {
            super::open(plan_arg, Some(rev))?;
        }
    }
    let as_of = super::as_of(&args.as_of);
    let head_version = Version::of(head_label, &head);
    let only = changed_items(&base, &head);
    let (mut d, schedules) = diff::diff_dated(
        &Version::of(base_label, &base),
        &head_version,
        (as_of, as_of),
        super::schedule_options(&args.as_of),
        &renames,
        only.as_ref(),
    );
    if let Some(rev) = &args.baseline {
        let against = (&head_version, &head.plan, new);
        let options = super::schedule_options(&args.as_of);
        d.baseline = Some(super::baseline(plan_arg, rev, against, as_of, options)?);
        d.summary = diff::summary(&d, &|s| s.to_string());
    }
    let features = base.plan.features.len().max(head.plan.features.len());
    let runs = args
        .runs
        .unwrap_or_else(|| crate::forecast::default_runs(diff::confidence::DEFAULT_RUNS, features));
    if runs > 0 {
        let options = crate::forecast::Options {
            runs,
            seed: args.seed,
            shape: crate::forecast::Shape::Pert,
            level: super::schedule_options(&args.as_of).level,
        };
        d.p80 = diff::confidence::shift(&base.plan, &head.plan, as_of, &options, schedules, &renames);
    }
    d.apply_gate(args.fail_on_slip, args.fail_on_p80_slip, args.fail_on_invalid);
    write(io.out, &output_text(args, &d)?, "standard output")?;
    if d.gate.tripped {
        let red = crate::render::style::ERROR;
        let mut err = String::new();
        for reason in &d.gate.reasons {
            err.push_str(&format!("{red}gate{red:#}: {reason}\n"));
        }
        write(io.err, &err, "standard error")?;
        return Ok(ExitStatus::Invalid);
    }
    Ok(ExitStatus::Success)
}

/// The diff `d` in the format asked for.
fn output_text(args: &DiffArgs, d: &diff::PlanDiff) -> Result<String> {
    Ok(match args.format {
        DiffFormat::Human => crate::render::diff::render(d),
        DiffFormat::Markdown => {
            let user = super::user_template(args.templating.template.as_deref())?;
            let context = diff::context::Context::of(d);
            templates::render_any(
                &context,
                d.cost.currency.clone(),
                args.templating.templates.as_deref(),
                "diff.md",
                user,
                (context.items.len() + context.milestones.len(), None),
            )?
        }
        DiffFormat::Json => {
            let mut t = serde_json::to_string_pretty(d).unwrap_or_default();
            t.push('\n');
            t
        }
    })
}

/// `--template` and `--templates` render the Markdown comment: refused with
/// another format, and a templates directory must be one (both checked
/// before any plan is read).
fn check_templates(args: &DiffArgs) -> Result<()> {
    let option = match (&args.templating.template, &args.templating.templates) {
        (Some(_), _) => "--template",
        (None, Some(_)) => "--templates",
        (None, None) => return Ok(()),
    };
    let format = match args.format {
        DiffFormat::Markdown => return templates::check_dir(args.templating.templates.as_deref()),
        DiffFormat::Human => "human",
        DiffFormat::Json => "json",
    };
    Err(Error::TemplateNeedsMarkdown { option, format })
}

/// Where one side comes from, and its label. A revision without the plan
/// directory (the change that introduces milepost) is an empty plan.
fn side(spec: &Spec, plan_arg: Option<&Path>) -> Result<(String, Source)> {
    let needs = || NeedsGit::command("diff");
    match spec {
        Spec::WorkingTree => Ok(("working tree".into(), locate::source(plan_arg, None)?)),
        Spec::Rev(rev) => Ok((rev.clone(), locate::revision(plan_arg, rev, needs())?)),
        Spec::MergeBase(a, b) => {
            let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
            let repo = locate::repository(&cwd, plan_arg, needs())?;
            let base = repo.merge_base(a, b)?.to_string();
            Ok((format!("merge base of {a} and {b}"), Source::at(repo, &base, true)?))
        }
    }
}

/// When both sides come from Git and share `project.toml`: the ids of the
/// items whose files differ (by path and blob). `None`: compare every item.
fn changed_items(base: &Loaded, head: &Loaded) -> Option<std::collections::HashSet<String>> {
    let (b, h) = (base.blobs.as_ref()?, head.blobs.as_ref()?);
    crate::load::file_changes(
        b.iter().map(|(r, o)| (r.as_str(), *o)),
        h.iter().map(|(r, o)| (r.as_str(), *o)),
    )
    .items()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rev(s: &str) -> Spec {
        Spec::Rev(s.into())
    }

    #[test]
    fn positional_arguments_name_the_sides() {
        assert_eq!(sides(None, None), (rev("HEAD"), Spec::WorkingTree));
        assert_eq!(sides(Some("main"), None), (rev("main"), Spec::WorkingTree));
        assert_eq!(sides(Some("v1..v2"), None), (rev("v1"), rev("v2")));
        assert_eq!(sides(Some("main.."), None), (rev("main"), rev("HEAD")));
        assert_eq!(
            sides(Some("main...topic"), None),
            (Spec::MergeBase("main".into(), "topic".into()), rev("topic"))
        );
        assert_eq!(sides(Some("a"), Some("b")), (rev("a"), rev("b")));
    }
}
