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

/// Classifies a path relative to the plan directory.
pub fn classify(rel: &str) -> Role {
    if rel == "project.toml" {
        return Role::Project;
    }
    for kind in [ItemKind::Milestone, ItemKind::Feature, ItemKind::Risk] {
        if let Some(rest) = rel.strip_prefix(kind.folder()).and_then(|r| r.strip_prefix('/'))
            && let Some(id) = rest.strip_suffix(".toml")
        {
            return Role::Item(kind, Arc::from(id));
        }
    }
    Role::Stray
}

/// An item whose file Git saw renamed: same item, new id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rename {
    pub kind: ItemKind,
    pub from: String,
    pub to: String,
}
