//! `milepost.toml`: the repository's own settings. One key for now, `plan`,
//! the plan directory relative to the file (see [`crate::locate`] for the
//! precedence of `--plan`, `MILEPOST_PLAN` and this file).

use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};

use crate::error::{Error, Result};
use crate::files::line_col;

/// The `plan` of the `milepost.toml` at `path` (shown in errors as
/// `shown`), if it has one, with the line and column of its value.
pub fn plan_of(path: &Path, shown: &Path) -> Result<(Option<PathBuf>, usize, usize)> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(shown, e))?;
    let fail = |offset: usize, message: String| {
        let at = line_col(&text, offset);
        Error::Config {
            path: shown.to_path_buf(),
            line: at.line,
            column: at.column,
            message,
        }
    };
    let root = DeTable::parse(&text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        fail(offset, e.message().trim_end().to_string())
    })?;
    let mut plan = None;
    for (key, value) in root.get_ref() {
        let offset = value.span().start;
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("plan", DeValue::String(s)) if !s.trim().is_empty() => {
                let at = line_col(&text, offset);
                plan = Some((PathBuf::from(s.as_ref()), at.line, at.column));
            }
            ("plan", _) => {
                return Err(fail(
                    offset,
                    "`plan` must be a non-empty string: the plan directory".into(),
                ));
            }
            (other, _) => {
                let hint = crate::suggest::nearest(other, ["plan"])
                    .map_or(String::new(), |s| format!(" (did you mean `{s}`?)"));
                return Err(fail(key.span().start, format!("unknown key `{other}`{hint}")));
            }
        }
    }
    Ok(match plan {
        Some((p, line, column)) => (Some(p), line, column),
        None => (None, 1, 1),
    })
}
