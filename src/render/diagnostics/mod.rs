//! Diagnostics written out: for people (`human`), for programs (`json`) and
//! for GitHub Actions annotations (`github`).

pub mod github;
pub mod human;
pub mod json;

use crate::diagnostic::Label;
use crate::files::{Files, LineCol};

/// A label resolved to 1-based lines and columns.
pub struct Position {
    pub path: String,
    pub start: LineCol,
    pub end: LineCol,
}

pub fn position(files: &Files, label: &Label, path: impl Fn(&crate::files::File) -> String) -> Option<Position> {
    let file = files.get(label.file)?;
    Some(Position {
        path: path(file),
        start: file.line_col(label.span.start as usize),
        end: file.line_col(label.span.end as usize),
    })
}
