//! From raw files to a [`Plan`]: classify each file by its path, parse it,
//! decode it into the model, and record every id.
//!
//! Parsing one file is a pure function of its path and bytes
//! ([`parse_file`]), so results can be cached by Git blob id and computed in
//! parallel.

use std::collections::btree_map::Entry;
use std::sync::Arc;

use toml::de::DeTable;

use crate::decode::{Cx, span_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::{File, FileId};
use crate::model::{FeatureFile, MilestoneFile, ProjectFile, RiskFile};
use crate::plan::{Declared, Item, ItemKind, Plan};
use crate::source::RawFile;
use crate::span::Span;

/// What a path inside the plan directory is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    Project,
    Item(ItemKind, String),
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
            return Role::Item(kind, id.to_string());
        }
    }
    Role::Stray
}

/// A decoded file.
#[derive(Clone, Debug)]
pub enum Parsed {
    Project(ProjectFile),
    Milestone(MilestoneFile),
    Feature(FeatureFile),
    Risk(RiskFile),
}

/// Parses and decodes one file. `None` when the file could not be decoded;
/// the reasons are in the diagnostics.
pub fn parse_file(role: &Role, file: FileId, text: &str) -> (Option<Parsed>, Vec<Diagnostic>) {
    let mut cx = Cx::new(file);
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut fatal = false;
    for e in errors {
        let span = e.span().map_or(Span::new(0, 0), span_of);
        let message = e.message().trim_end();
        if message.starts_with("invalid date") {
            // The TOML parser rejects `2026-02-30`; say why in calendar terms.
            // The rest of the file is still decoded: the bad value is left out.
            let written = text.get(span.range()).unwrap_or_default();
            let message = crate::model::Date::parse(written)
                .err()
                .unwrap_or_else(|| format!("`{written}` is not a valid date"));
            cx.error(
                Code::InvalidDate,
                span,
                message,
                "invalid date",
                Some("write a real calendar day as YYYY-MM-DD, e.g. `2026-03-02`".into()),
            );
        } else {
            fatal = true;
            cx.error(
                Code::TomlSyntax,
                span,
                format!("invalid TOML: {message}"),
                "here",
                Some("see https://toml.io for the syntax".into()),
            );
        }
    }
    if fatal {
        return (None, cx.diags);
    }
    let parsed = match role {
        Role::Project => ProjectFile::decode(&root, &mut cx).map(Parsed::Project),
        Role::Item(ItemKind::Milestone, _) => MilestoneFile::decode(&root, &mut cx).map(Parsed::Milestone),
        Role::Item(ItemKind::Feature, _) => FeatureFile::decode(&root, &mut cx).map(Parsed::Feature),
        Role::Item(ItemKind::Risk, _) => RiskFile::decode(&root, &mut cx).map(Parsed::Risk),
        Role::Stray => None,
    };
    (parsed, cx.diags)
}

/// A valid id: ASCII letters, digits, `-` and `_`, starting with a letter or
/// digit; subfolders add `/`-separated segments of the same kind.
pub fn is_valid_id(id: &str) -> bool {
    id.split('/').all(|seg| {
        seg.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

fn slug(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || c == '/' || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-').to_string();
    if trimmed.is_empty() { "item".into() } else { trimmed }
}

/// Loads raw files into a plan, without cross-file validation (see
/// [`crate::validate`]).
pub fn load(raw: Vec<RawFile>) -> Plan {
    let mut plan = Plan::default();
    let mut work = Vec::with_capacity(raw.len());
    for f in raw {
        let role = classify(&f.rel);
        let (text, utf8_ok): (Arc<str>, bool) = if role == Role::Stray {
            (Arc::from(""), true)
        } else {
            match String::from_utf8(f.bytes) {
                Ok(s) => (Arc::from(s), true),
                Err(_) => (Arc::from(""), false),
            }
        };
        let id = plan.files.add(File {
            rel: f.rel,
            display: f.display,
            text,
        });
        work.push((id, role, utf8_ok));
    }

    let results = parse_all(&plan, &work);

    for ((file, role, utf8_ok), (parsed, diags)) in work.into_iter().zip(results) {
        let clean = diags.is_empty();
        plan.diagnostics.extend(diags);
        let rel = plan.files.get(file).map(|f| f.rel.clone()).unwrap_or_default();
        if !utf8_ok {
            plan.diagnostics.push(
                Diagnostic::new(Code::Unreadable, format!("`{rel}` is not UTF-8 text"))
                    .at(file, Span::new(0, 0), "not UTF-8")
                    .help("save the file as UTF-8"),
            );
        }
        match role {
            Role::Stray => plan.diagnostics.push(stray(file, &rel)),
            Role::Project => {
                if let Some(Parsed::Project(p)) = parsed {
                    plan.project = Some(Item {
                        id: "project".into(),
                        file,
                        data: p,
                        clean,
                    });
                }
            }
            Role::Item(kind, id) => {
                if !is_valid_id(&id) {
                    plan.diagnostics.push(
                        Diagnostic::new(Code::InvalidId, format!("`{id}` is not a valid id"))
                            .at(file, Span::new(0, 0), "the file name is the id")
                            .help(format!(
                                "ids use letters, digits, `-` and `_`: rename the file to `{}/{}.toml`",
                                kind.folder(),
                                slug(&id)
                            )),
                    );
                }
                declare(&mut plan, kind, &id, file);
                match parsed {
                    Some(Parsed::Milestone(data)) => plan.milestones.push(Item { id, file, data, clean }),
                    Some(Parsed::Feature(data)) => plan.features.push(Item { id, file, data, clean }),
                    Some(Parsed::Risk(data)) => plan.risks.push(Item { id, file, data, clean }),
                    _ => {}
                }
            }
        }
    }
    if !plan.files.iter().any(|(_, f)| f.rel == "project.toml") {
        plan.diagnostics.push(
            Diagnostic::new(Code::MissingProject, "the plan has no `project.toml`")
                .help("create `project.toml` with at least `[project]`, `name` and `start` (see docs/format.md)"),
        );
    }
    plan
}

/// Parses every file, on all cores when there are many.
fn parse_all(plan: &Plan, work: &[(FileId, Role, bool)]) -> Vec<(Option<Parsed>, Vec<Diagnostic>)> {
    let parse_one = |(file, role, ok): &(FileId, Role, bool)| {
        if !ok || *role == Role::Stray {
            return (None, Vec::new());
        }
        let text = plan
            .files
            .get(*file)
            .map(|f| f.text.clone())
            .unwrap_or_else(|| Arc::from(""));
        parse_file(role, *file, &text)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || work.len() < 256 {
        return work.iter().map(parse_one).collect();
    }
    let chunk = work.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = work
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(parse_one).collect::<Vec<_>>()))
            .collect();
        let mut out = Vec::with_capacity(work.len());
        for (handle, part) in handles.into_iter().zip(work.chunks(chunk)) {
            match handle.join() {
                Ok(results) => out.extend(results),
                // A panic in a parser thread would be a bug; fall back to parsing here.
                Err(_) => out.extend(part.iter().map(parse_one)),
            }
        }
        out
    })
}

fn stray(file: FileId, rel: &str) -> Diagnostic {
    let help = if rel.ends_with(".toml") {
        "milepost reads `project.toml` and `.toml` files under `milestones/`, `features/` and `risks/`; move the file there, or out of the plan directory".to_string()
    } else {
        "only `.toml` files are part of the plan; move this file out of the plan directory".to_string()
    };
    Diagnostic::new(
        Code::StrayFile,
        format!("`{rel}` is not part of the plan format and is ignored"),
    )
    .at(file, Span::new(0, 0), "ignored")
    .help(help)
}

fn declare(plan: &mut Plan, kind: ItemKind, id: &str, file: FileId) {
    match plan.ids.entry(id.to_string()) {
        Entry::Vacant(v) => {
            v.insert(Declared { kind, file });
        }
        Entry::Occupied(o) => {
            let first = *o.get();
            plan.diagnostics.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the id `{id}` is used by a {} and a {}", first.kind.as_str(), kind.as_str()),
                )
                .at(file, Span::new(0, 0), format!("{} `{id}`", kind.as_str()))
                .also(first.file, Span::new(0, 0), format!("{} `{id}` declared here", first.kind.as_str()))
                .help("ids are shared by milestones, features and risks so that a reference is never ambiguous; rename one of the files"),
            );
        }
    }
}
