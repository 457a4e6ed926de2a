//! How the plan directory is laid out: which path is the project file, and
//! which holds an item of which kind and id.
//!
//! Below both [`crate::source`] (which finds the files) and
//! [`mod@crate::load`] (which parses them), so that either can ask.

use std::sync::Arc;

use crate::plan::ItemKind;

/// What a path inside the plan directory is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Project,
    Item(ItemKind, Arc<str>),
    /// Not part of the format.
    Stray,
}

/// Classifies a path relative to the plan directory. An item's id is its
/// path as shown ([`crate::text::shown`]): a file name may hold a control
/// or bidirectional character, which no output may carry, and ids reach
/// every output. Such an id is not a valid one either way (`E0005`).
pub fn classify(rel: &str) -> Role {
    if rel == "project.toml" {
        return Role::Project;
    }
    match in_items_folder(rel) {
        Some((kind, rest)) => match rest.strip_suffix(".toml") {
            Some(id) => Role::Item(kind, Arc::from(crate::text::shown(id, false))),
            None => Role::Stray,
        },
        None => Role::Stray,
    }
}

/// The kind whose folder (`milestones/`, `features/`, `risks/`) holds the
/// path `rel` (relative to the plan directory), and the path inside it:
/// any file there, an item's or not.
pub fn in_items_folder(rel: &str) -> Option<(ItemKind, &str)> {
    [ItemKind::Milestone, ItemKind::Feature, ItemKind::Risk]
        .into_iter()
        .find_map(|kind| Some((kind, rel.strip_prefix(kind.folder())?.strip_prefix('/')?)))
}

/// An item whose file Git saw renamed: same item, new id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub kind: ItemKind,
    pub from: String,
    pub to: String,
}
