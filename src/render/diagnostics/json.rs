//! `check --format json`: a versioned document, described in `docs/json.md`.

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Label};
use crate::files::Files;
use crate::plan::Plan;
use crate::source::Revision;

/// Bumped when a field changes meaning or disappears; new fields may be added
/// without a bump.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
pub struct CheckReport<'a> {
    pub version: u32,
    pub plan: &'a str,
    pub revision: Option<&'a Revision>,
    pub ok: bool,
    pub deny_warnings: bool,
    pub counts: Counts,
    pub diagnostics: Vec<JsonDiagnostic>,
}

#[derive(Serialize)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub milestones: usize,
    pub features: usize,
    pub risks: usize,
    pub people: usize,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub primary: Option<JsonLabel>,
    pub secondary: Vec<JsonLabel>,
}

#[derive(Serialize)]
pub struct JsonLabel {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: u32,
    pub byte_end: u32,
    pub message: String,
}

pub fn counts(plan: &Plan) -> Counts {
    Counts {
        errors: plan.error_count(),
        warnings: plan.warning_count(),
        files: plan.files.len(),
        milestones: plan.milestones.len(),
        features: plan.features.len(),
        risks: plan.risks.len(),
        people: plan.project_file().map_or(0, |p| p.data.people.len()),
    }
}

pub fn diagnostic(d: &Diagnostic, files: &Files) -> JsonDiagnostic {
    JsonDiagnostic {
        code: d.code.id(),
        name: d.code.name(),
        severity: d.severity().as_str(),
        message: d.message.clone(),
        help: d.help.clone(),
        primary: d.primary.as_ref().and_then(|l| label(l, files)),
        secondary: d.secondary.iter().filter_map(|l| label(l, files)).collect(),
    }
}

fn label(l: &Label, files: &Files) -> Option<JsonLabel> {
    let pos = super::position(files, l, |f| f.display.to_string())?;
    Some(JsonLabel {
        file: pos.path,
        line: pos.start.line,
        column: pos.start.column,
        end_line: pos.end.line,
        end_column: pos.end.column,
        byte_start: l.span.start,
        byte_end: l.span.end,
        message: l.message.clone(),
    })
}
