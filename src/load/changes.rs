//! What differs between two versions of the plan directory, from the
//! paths and Git blobs of their files alone.

use crate::git::ObjectId;
use crate::layout::{Role, classify};

/// What differs between two versions of the plan directory, from their
/// files alone: each file's path (sorted) and Git blob.
#[derive(Debug, Default, PartialEq)]
pub struct FileChanges {
    /// The ids of the items whose file was added, removed or changed.
    pub files: std::collections::HashSet<String>,
    /// Whether `project.toml` differs.
    pub project: bool,
    /// A path disappeared and another appeared: there may be a rename.
    pub moved: bool,
}

impl FileChanges {
    /// The ids of the items to compare: those whose file differs; `None`
    /// (every item) when `project.toml` differs, as every item may read
    /// differently then (a week's length, the people).
    pub fn items(self) -> Option<std::collections::HashSet<String>> {
        (!self.project).then_some(self.files)
    }

    /// What differs from each of two versions at once (a merge's own
    /// changes, against each parent): the item files that differ from
    /// both, and `project.toml` when it differs from both.
    pub fn both(self, other: FileChanges) -> FileChanges {
        FileChanges {
            files: self.files.intersection(&other.files).cloned().collect(),
            project: self.project && other.project,
            moved: self.moved && other.moved,
        }
    }
}

/// Compares two lists of plan files, each sorted by path.
pub fn file_changes<'a>(
    before: impl IntoIterator<Item = (&'a str, ObjectId)>,
    after: impl IntoIterator<Item = (&'a str, ObjectId)>,
) -> FileChanges {
    let (mut gone, mut came, mut project) = (false, false, false);
    let mut items = std::collections::HashSet::new();
    let mut note = |rel: &str| match classify(rel) {
        Role::Item(_, id) => {
            items.insert(id.to_string());
        }
        Role::Project => project = true,
        Role::Stray => {}
    };
    let (mut a, mut b) = (before.into_iter().peekable(), after.into_iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                if x.1 != y.1 {
                    note(x.0);
                }
                a.next();
                b.next();
            }
            (Some(x), y) if y.is_none_or(|y| x.0 < y.0) => {
                note(x.0);
                gone = true;
                a.next();
            }
            (_, Some(y)) => {
                note(y.0);
                came = true;
                b.next();
            }
            _ => break,
        }
    }
    FileChanges {
        files: items,
        project,
        moved: gone && came,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_bytes([n; 20])
    }

    fn ids(c: &FileChanges) -> Option<Vec<&str>> {
        if c.project {
            return None;
        }
        let mut v: Vec<&str> = c.files.iter().map(String::as_str).collect();
        v.sort_unstable();
        Some(v)
    }

    #[test]
    fn file_changes_name_the_items_whose_files_differ() {
        let before = [
            ("features/a.toml", oid(1)),
            ("features/b.toml", oid(2)),
            ("notes.txt", oid(3)),
            ("project.toml", oid(4)),
        ];
        // `a` changed, `b` gone, `c` new, the stray file changed (not an item).
        let after = [
            ("features/a.toml", oid(5)),
            ("features/c.toml", oid(2)),
            ("notes.txt", oid(6)),
            ("project.toml", oid(4)),
        ];
        let c = file_changes(before, after);
        assert_eq!(ids(&c), Some(vec!["a", "b", "c"]));
        assert!(c.moved);
        // Only changes: nothing moved.
        let c = file_changes(before, [before[0], before[1], before[2], ("project.toml", oid(4))]);
        assert_eq!((ids(&c), c.moved), (Some(vec![]), false));
        // project.toml changed: every item must be compared.
        let c = file_changes(before, [before[0], before[1], before[2], ("project.toml", oid(9))]);
        assert_eq!(ids(&c), None);
        assert!(c.files.is_empty());
        assert_eq!(c.items(), None);
    }

    /// A merge's own changes: the files that differ from each parent, and
    /// `project.toml` only when it differs from each. A merge that takes
    /// one side's `project.toml` and the other's `a` changes neither.
    #[test]
    fn both_keeps_what_differs_from_each() {
        let base = [("features/a.toml", oid(1)), ("project.toml", oid(2))];
        let merge = [("features/a.toml", oid(3)), ("project.toml", oid(4))];
        let first = file_changes([("features/a.toml", oid(1)), ("project.toml", oid(4))], merge);
        let second = file_changes([("features/a.toml", oid(3)), ("project.toml", oid(2))], merge);
        assert!(!first.project && second.project);
        let own = first.both(second);
        assert_eq!(ids(&own), Some(vec![]));
        // Both differ from each parent: the merge's own, every item then.
        let own = file_changes(base, merge).both(file_changes(base, merge));
        assert_eq!(own.items(), None);
    }
}
