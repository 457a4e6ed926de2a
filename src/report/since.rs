//! "Changes since" in the status report: the plan's semantic changes (the
//! diff engine's items) between a revision and the plan reported.
//!
//! The revision is `--since REV`; with `--since DATE`, the newest commit
//! before that day on the first-parent line from the plan reported (HEAD
//! for the working tree; the plan as it was when the day began); by default
//! the previous tag touching
//! the plan: walking the first parents back from the plan reported (from
//! HEAD for the working tree, which HEAD itself precedes; from the parent
//! of REV for `--rev REV`), the first commit that carries a tag and changed
//! the plan directory relative to its first parent. Tags on commits that
//! did not touch the plan (a docs release, say) are skipped. No such tag,
//! or no Git repository, and there is no section.

use std::path::Path;

use super::context::{ChangeCounts, Changes, DependencyChange, ItemChange};
use crate::diff;
use crate::layout::Rename;
use crate::load::Loaded;
use crate::plan::Plan;
use crate::render::diff::link_text;
use crate::source::Source;

/// The previous tag touching the plan reported (`located`), when there is
/// one: where to read the plan at it, and its name. Anything that keeps it
/// from being found (no repository, a shallow clone that ends first) means
/// none.
pub fn previous_tag(plan_arg: Option<&Path>, located: &Loaded) -> Option<(Source, String)> {
    let cwd = std::env::current_dir().ok()?;
    let repo = crate::locate::repository(&cwd, plan_arg, crate::NeedsGit::command("report")).ok()?;
    let (start, include_start) = match &located.revision {
        Some(r) => (r.commit.parse().ok()?, false),
        None => (repo.head()?, true),
    };
    let tag = repo.previous_tag(start, include_start)?;
    let source = Source::at(repo, &format!("refs/tags/{tag}"), true).ok()?;
    Some((source, tag))
}

/// `--since DATE`: where to read the plan as it was when `date` began: the
/// newest commit before that day on the first-parent line from the plan
/// reported (`located`; HEAD, itself included, for the working tree).
/// Errors stop the report: the section was asked for.
pub fn before(plan_arg: Option<&Path>, located: &Loaded, date: crate::model::Date) -> crate::Result<Source> {
    let cwd = std::env::current_dir().map_err(|e| crate::Error::io(".", e))?;
    let needs = crate::NeedsGit::option("--since", &date.to_string());
    let repo = crate::locate::repository(&cwd, plan_arg, needs)?;
    let (start, label) = match &located.revision {
        Some(r) => (r.commit.parse().ok(), format!("`{}`", r.spec)),
        None => (repo.head(), "HEAD".to_string()),
    };
    let nothing = || crate::Error::NothingBefore {
        date: date.to_string(),
        start: label.clone(),
    };
    let start = start.ok_or_else(nothing)?;
    let commit = repo.first_parent_before(start, date)?.ok_or_else(nothing)?;
    Source::at(repo, &commit.id.to_string(), true)
}

/// The changes from the plan `at` (read at the revision `name`, chosen by
/// `chosen`: `since` or `previous-tag`; a date's name is the date) to the
/// plan `reported`; `renames`, the item files Git saw renamed between the
/// two, are items renamed (as in `diff` and `history`).
pub fn changes(at: &Loaded, name: &str, chosen: &str, reported: &Plan, renames: &[Rename]) -> Changes {
    let old = &at.plan;
    let items = diff::item_changes(old, reported, renames);
    let c = diff::Counts::of(&items);
    let counts = ChangeCounts {
        added: c.added,
        removed: c.removed,
        cut: c.cut,
        restored: c.restored,
        renamed: c.renamed,
        changed: c.changed,
    };
    Changes {
        name: name.to_string(),
        commit: at.revision.as_ref().map(|r| r.commit.clone()).unwrap_or_default(),
        date: at.committed.map(|d| d.to_string()).unwrap_or_default(),
        chosen: chosen.to_string(),
        exists: at.exists,
        errors: old.error_count(),
        counts,
        items: items.iter().map(item).collect(),
    }
}

fn item(i: &diff::ItemChange) -> ItemChange {
    let mut dependencies = Vec::new();
    for l in &i.dependencies.added {
        dependencies.push(DependencyChange {
            change: "added".into(),
            id: l.id.clone(),
            before: None,
            after: Some(link_text(l)),
        });
    }
    for l in &i.dependencies.removed {
        dependencies.push(DependencyChange {
            change: "removed".into(),
            id: l.id.clone(),
            before: Some(link_text(l)),
            after: None,
        });
    }
    for c in &i.dependencies.changed {
        dependencies.push(DependencyChange {
            change: "changed".into(),
            id: c.id.clone(),
            before: Some(link_text(&c.before)),
            after: Some(link_text(&c.after)),
        });
    }
    ItemChange {
        kind: i.kind.to_string(),
        id: i.id.clone(),
        renamed_from: i.renamed_from.clone(),
        title: i.title.clone(),
        change: i.change,
        fields: i.fields.clone(),
        dependencies,
    }
}
