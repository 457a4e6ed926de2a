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

use std::collections::HashMap;
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
    let (repo, prefix) = locate::repository(&cwd, plan_arg, crate::NeedsGit::command("report")).ok()?;
    let (start, include_start) = match &located.revision {
        Some(r) => (git2::Oid::from_str(&r.commit).ok()?, false),
        None => (repo.head().ok()?.peel_to_commit().ok()?.id(), true),
    };
    let tag = previous_tag(&repo, start, include_start, &prefix)?;
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

/// The name of the most recent tag on the first-parent line from `start`
/// (included or not) whose commit changed `prefix` relative to its first
/// parent. With several such tags on one commit, the first by name.
pub fn previous_tag(repo: &git2::Repository, start: git2::Oid, include_start: bool, prefix: &str) -> Option<String> {
    let mut tags: HashMap<git2::Oid, String> = HashMap::new();
    let names = repo.tag_names(None).ok()?;
    for name in names.iter().flatten().flatten() {
        let Ok(reference) = repo.find_reference(&format!("refs/tags/{name}")) else {
            continue;
        };
        let Ok(commit) = reference.peel_to_commit() else {
            continue;
        };
        let entry = tags.entry(commit.id()).or_insert_with(|| name.to_string());
        if name < entry.as_str() {
            *entry = name.to_string();
        }
    }
    if tags.is_empty() {
        return None;
    }
    let mut commit = repo.find_commit(start).ok()?;
    let mut first = true;
    loop {
        if (include_start || !first)
            && let Some(name) = tags.get(&commit.id())
            && touches(&commit, prefix)
        {
            return Some(name.clone());
        }
        first = false;
        // A root commit, or the end of a shallow clone: no tag.
        commit = commit.parent(0).ok()?;
    }
}

/// Whether `commit` changed the directory `prefix` relative to its first
/// parent (a root commit changed it if it has it).
fn touches(commit: &git2::Commit<'_>, prefix: &str) -> bool {
    let id = |c: &git2::Commit<'_>| -> Option<git2::Oid> {
        let tree = c.tree().ok()?;
        if prefix.is_empty() {
            return Some(tree.id());
        }
        tree.get_path(Path::new(prefix)).ok().map(|e| e.id())
    };
    match commit.parent(0) {
        Ok(parent) => id(commit) != id(&parent),
        // A root commit, or the shallow end: what it holds is new.
        Err(_) => id(commit).is_some(),
    }
}
