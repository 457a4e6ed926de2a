//! `history --item ID`: the life of one item, from the change log.

use crate::diff::{Change, ItemChange};

use super::context::{ItemEvent, ItemLife, LogEntry};

/// The life of `id`: the log entries that touched it, following renames.
///
/// When the newest plan has an item `id`, its story is told back from now
/// to its creation (through its renames: an id reused after a rename is a
/// different item; one added again after its file was deleted is the same,
/// and its earlier life is told too). Otherwise `id` is followed forward from its first
/// appearance through renames, to what it became: removed, or renamed to
/// an item that still exists.
pub(super) fn life(id: &str, log: &[LogEntry]) -> ItemLife {
    // The log is newest first.
    let mentions = |e: &LogEntry, name: &str| -> Option<usize> {
        e.items
            .iter()
            .position(|i| i.change.id == name || i.change.renamed_from.as_deref() == Some(name))
    };
    let newest = log.iter().find_map(|e| Some(&e.items[mentions(e, id)?].change));
    let exists_now = newest.is_some_and(|c| c.id == id && c.change != Change::Removed);
    let mut name = id.to_string();
    if !exists_now {
        // Follow `id` forward from where it first appears.
        let first = log.iter().rposition(|e| e.items.iter().any(|i| i.change.id == id));
        for e in log[..first.map_or(0, |f| f + 1)].iter().rev() {
            if let Some(c) = e
                .items
                .iter()
                .map(|i| &i.change)
                .find(|c| c.renamed_from.as_deref() == Some(&name))
            {
                name = c.id.clone();
            }
        }
    }
    // Back from the newest identity to the creation.
    let mut ids = vec![name.clone()];
    let mut events = Vec::new();
    let (mut kind, mut title) = (String::new(), String::new());
    for (k, entry) in log.iter().enumerate() {
        let Some(change) = entry.items.iter().map(|i| &i.change).find(|i| i.id == name) else {
            continue;
        };
        if kind.is_empty() {
            kind = change.kind.to_string();
            title = change.title.clone();
        }
        events.push(event(entry, change));
        // Its creation, unless the id was removed before: then it was
        // added again, and its earlier life is told too.
        if change.change == Change::Added && !removed_before(&log[k + 1..], &name) {
            break;
        }
        if let Some(from) = &change.renamed_from {
            name = from.clone();
            ids.push(name.clone());
        }
    }
    events.reverse();
    ids.reverse();
    let exists = events.last().is_some_and(|e| e.change != Change::Removed);
    ItemLife {
        id: id.to_string(),
        kind,
        title,
        ids,
        exists,
        events,
    }
}

/// Whether, in `older` (newest first), the last change of `name` before
/// now is its removal: its file deleted (not renamed away), so that adding
/// it again goes on with the same item.
fn removed_before(older: &[LogEntry], name: &str) -> bool {
    older
        .iter()
        .flat_map(|e| e.items.iter().map(|i| &i.change))
        .find(|c| c.id == name || c.renamed_from.as_deref() == Some(name))
        .is_some_and(|c| c.id == name && c.change == Change::Removed)
}

fn event(entry: &LogEntry, change: &ItemChange) -> ItemEvent {
    ItemEvent {
        commit: entry.commit.clone(),
        short: entry.short.clone(),
        date: entry.date.clone(),
        author: entry.author.clone(),
        subject: entry.subject.clone(),
        change: change.change,
        renamed_from: change.renamed_from.clone(),
        fields: change.fields.clone(),
        dependencies: change.dependencies.clone(),
        details: crate::render::diff::details(change),
    }
}
