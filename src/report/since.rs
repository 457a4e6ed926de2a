//! "Changes since" in the status report: the plan's semantic changes (the
//! diff engine's items) between a revision and the plan reported.
//!
//! The revision is `--since REV`, or by default the previous tag touching
//! the plan: walking the first parents back from the plan reported (from
//! HEAD for the working tree, which HEAD itself precedes; from the parent
//! of REV for `--rev REV`), the first commit that carries a tag and changed
//! the plan directory relative to its first parent. Tags on commits that
//! did not touch the plan (a docs release, say) are skipped. No such tag,
//! or no Git repository, and there is no section.

use std::path::Path;

use super::context::{ChangeCounts, Changes, DependencyChange, ItemChange};
use crate::diff;
use crate::diff::human::link_text;
use crate::error::Result;
use crate::locate::{self, Located};
use crate::plan::Plan;

/// `--since REV`: the changes from REV to `reported`. Errors (no
/// repository, unknown revision) stop the report.
pub fn given(plan_arg: Option<&Path>, rev: &str, reported: &Plan) -> Result<Changes> {
    let at = locate::open_at(plan_arg, rev, Some("--since"))?;
    Ok(changes(&at, rev, "since", reported))
}

/// The changes since the previous tag touching the plan, when there is one.
/// Anything that keeps it from being found (no repository, a shallow clone
/// that ends first) means no section, never an error.
pub fn default(plan_arg: Option<&Path>, located: &Located) -> Option<Changes> {
    let cwd = std::env::current_dir().ok()?;
    let repo = locate::repository(&cwd, plan_arg, crate::NeedsGit::command("report")).ok()?;
    let (start, include_start) = match &located.revision {
        Some(r) => (r.commit.parse().ok()?, false),
        None => (repo.head()?, true),
    };
    let tag = repo.previous_tag(start, include_start)?;
    let at = locate::open_at(plan_arg, &format!("refs/tags/{tag}"), None).ok()?;
    Some(changes(&at, &tag, "previous-tag", &located.plan))
}

fn changes(at: &locate::AtRevision, name: &str, chosen: &str, reported: &Plan) -> Changes {
    let old = &at.located.plan;
    let items = diff::item_changes(old, reported, &[]);
    let c = diff::Counts::of(&items);
    let counts = ChangeCounts {
        added: c.added,
        removed: c.removed,
        cut: c.cut,
        restored: c.restored,
        // Renames are not looked for here: there are none to count.
        changed: c.changed + c.renamed,
    };
    Changes {
        name: name.to_string(),
        commit: at
            .located
            .revision
            .as_ref()
            .map(|r| r.commit.clone())
            .unwrap_or_default(),
        date: at.committed.to_string(),
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
        title: i.title.clone(),
        change: i.change,
        fields: i.fields.clone(),
        dependencies,
    }
}
