//! Putting decoded files together into a [`Plan`]: its files, their
//! problems, the project, the items in file order and the id table.

use std::collections::hash_map::Entry;
use std::sync::Arc;

use super::prepare::{Parsed, Prepared};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::layout::Role;
use crate::plan::{Declared, Item, ItemKind, Plan};
use crate::source::Refused;
use crate::span::Span;

/// Puts decoded files together: ids, the project, items in file order.
pub(super) fn assemble(prepared: Vec<Prepared>) -> Plan {
    assemble_from(&prepared)
}

/// [`assemble`], from files borrowed in path order: each is file number
/// its position, and shares its text and data with the file it was given
/// as (a history walk puts each commit's plan together from files it
/// decoded once).
pub(crate) fn assemble_from<'p>(prepared: impl IntoIterator<Item = &'p Prepared>) -> Plan {
    assemble_after(prepared, None)
}

/// [`assemble_from`], knowing a plan `before` that most likely has the
/// same files (the parent commit's, in a history walk): when it has (see
/// [`crate::validate::Shape`]) and declares no id twice, its id table
/// is copied rather than built again, one hashed id at a time.
pub(crate) fn assemble_after<'p>(prepared: impl IntoIterator<Item = &'p Prepared>, before: Option<&Plan>) -> Plan {
    let prepared = prepared.into_iter();
    let mut plan = Plan::default();
    // At most one item per file: sized by the upper bound (a filtered
    // iterator's lower bound is 0), so that nothing grows from empty.
    let (low, high) = prepared.size_hint();
    plan.features.reserve(high.unwrap_or(low));
    let mut declared = Vec::with_capacity(high.unwrap_or(low));
    let mut upper = false;
    for p in prepared {
        upper |= p.id_upper;
        declared.extend(add_file(&mut plan, p));
    }
    if upper {
        case_clashes(&mut plan, &declared);
    }
    declare_ids(&mut plan, declared, before);
    if !plan.files.iter().any(|(_, f)| &*f.rel == "project.toml") {
        plan.diagnostics.push(
            Diagnostic::new(Code::MissingProject, "the plan has no `project.toml`")
                .help("create `project.toml` with at least `[project]`, `name` and `start` (`milepost help format`)"),
        );
    }
    plan
}

/// What an item file declares, for the id table: the item's kind, its id,
/// its file, and its position among the plan's items of that kind (`None`
/// when the file could not be decoded).
type Declaration<'p> = (ItemKind, &'p Arc<str>, FileId, Option<u32>);

/// Adds the decoded file `p` to `plan` as its next file: its problems,
/// pointed at that file, then whether it is UTF-8, then what its role makes
/// it (a stray file, the project, an item). Returns what an item file
/// declares.
fn add_file<'p>(plan: &mut Plan, p: &'p Prepared) -> Option<Declaration<'p>> {
    let file = plan.files.add(p.file.clone());
    // Only an error can leave a value out: a warning (a control character
    // in a title, say) keeps it, and must not hide the rules about
    // missing values, or a plan they make invalid would pass.
    let clean = !p
        .diagnostics
        .iter()
        .any(|d| d.severity() == crate::diagnostic::Severity::Error);
    plan.diagnostics.extend(p.diagnostics.iter().map(|d| {
        let mut d = d.clone();
        for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
            label.file = file;
        }
        d
    }));
    let rel = &p.file.rel;
    match &p.role {
        Role::Stray => {
            plan.diagnostics.push(stray(file, rel, p.refused));
            None
        }
        Role::Project => {
            if let Some(Parsed::Project(data)) = &p.parsed {
                let item = Some(Item {
                    id: "project".into(),
                    file,
                    data: data.clone(),
                    clean,
                });
                if data.read.info_missing {
                    plan.unread_project = item;
                } else {
                    plan.project = item;
                }
            }
            None
        }
        Role::Item(kind, id) => Some(add_item(plan, p, *kind, id, file, clean)),
    }
}

/// Adds the item of `p`, an item file of `kind` named `id` (the plan's
/// file `file`; `clean` when decoding found no error), to `plan`, after
/// reporting an id that is not valid. Returns what it declares.
fn add_item<'p>(
    plan: &mut Plan,
    p: &Prepared,
    kind: ItemKind,
    id: &'p Arc<str>,
    file: FileId,
    clean: bool,
) -> Declaration<'p> {
    if !p.id_ok {
        plan.diagnostics.push(
            Diagnostic::new(Code::InvalidId, format!("`{id}` is not a valid id"))
                .at(file, Span::new(0, 0), "the file name is the id")
                .help(format!(
                    "ids use ASCII letters, digits, `-` and `_`, each folder and the name starting with a letter or a digit: rename the file to `{}/{}.toml`",
                    kind.folder(),
                    slug(id)
                )),
        );
    }
    // A file with a problem of its own, its name included, gets no warnings
    // about what it leaves out (docs/format.md).
    let clean = clean && p.id_ok;
    let index = match &p.parsed {
        Some(Parsed::Milestone(data)) => Some(push(&mut plan.milestones, id, file, data.clone(), clean)),
        Some(Parsed::Feature(data)) => Some(push(&mut plan.features, id, file, data.clone(), clean)),
        Some(Parsed::Risk(data)) => Some(push(&mut plan.risks, id, file, data.clone(), clean)),
        _ => None,
    };
    (kind, id, file, index.and_then(|i| u32::try_from(i).ok()))
}

/// Fills `plan`'s id table with what its files `declared`, in file order:
/// a copy of `before`'s when `before` has the same shape and declares as
/// many ids; otherwise one id at a time, reporting an id declared twice.
fn declare_ids(plan: &mut Plan, declared: Vec<Declaration<'_>>, before: Option<&Plan>) {
    match before {
        // The same files, each declaring the same id at the same place,
        // and no id declared twice (which would be a problem to report).
        Some(b) if b.ids.len() == declared.len() && crate::validate::Shape(b) == crate::validate::Shape(plan) => {
            plan.ids = b.ids.clone()
        }
        _ => {
            plan.ids.reserve(declared.len());
            for (kind, id, file, index) in declared {
                declare(plan, kind, id.clone(), file, index);
            }
        }
    }
}

/// Reports ids that differ only in upper and lower case (`features/Login.toml`
/// beside `features/login.toml`): a clone on macOS or Windows keeps only one
/// of the two files. Only an id with an upper-case letter can clash, so it
/// is called only for a plan that has one (`Prepared::id_upper`, known
/// from each file once: a history walk assembles a plan per commit).
fn case_clashes(plan: &mut Plan, declared: &[Declaration<'_>]) {
    let mut seen: std::collections::HashMap<String, &Declaration<'_>> = std::collections::HashMap::new();
    // The ids reported here, in lower case: their folders are not again.
    let mut clashed = std::collections::HashSet::new();
    for d in declared {
        let (kind, id, file, _) = d;
        match seen.entry(id.to_ascii_lowercase()) {
            Entry::Vacant(v) => {
                v.insert(d);
            }
            Entry::Occupied(o) => {
                let (first_kind, first_id, first_file, _) = **o.get();
                if first_id == *id {
                    continue; // the same id twice: a duplicate, reported as such
                }
                clashed.insert(id.to_ascii_lowercase());
                plan.diagnostics.push(
                    Diagnostic::new(
                        Code::IdCase,
                        format!("the ids `{first_id}` and `{id}` differ only in upper and lower case"),
                    )
                    .at(*file, Span::new(0, 0), format!("{} `{id}`", kind.as_str()))
                    .also(first_file, Span::new(0, 0), format!("{} `{first_id}`", first_kind.as_str()))
                    .help("macOS and Windows keep only one of two such files: rename one (ids are usually all lower case)"),
                );
            }
        }
    }
    folder_clashes(plan, declared, &clashed);
}

/// Reports folders of one kind's ids that differ only in upper and lower
/// case (`features/Auth/mfa.toml` beside `features/auth/sso.toml`): a clone
/// on macOS or Windows puts both files in one folder, so one id changes
/// and what names it by its old id finds nothing there only. Once per
/// pair of spellings, at the first folder that differs; not for ids
/// reported whole (`clashed`).
fn folder_clashes(plan: &mut Plan, declared: &[Declaration<'_>], clashed: &std::collections::HashSet<String>) {
    // Per kind and folder in lower case, its first spelling and an id in it.
    let mut seen: std::collections::HashMap<(ItemKind, String), (&str, &Declaration<'_>)> =
        std::collections::HashMap::new();
    let mut said = std::collections::HashSet::new();
    for d in declared {
        let (kind, id, file, _) = d;
        if clashed.contains(&id.to_ascii_lowercase()) {
            continue;
        }
        // Each folder of the id: `A`, `A/b` of `A/b/c`.
        for (end, _) in id.match_indices('/') {
            let folder = &id[..end];
            match seen.entry((*kind, folder.to_ascii_lowercase())) {
                Entry::Vacant(v) => {
                    v.insert((folder, d));
                }
                Entry::Occupied(o) => {
                    let (first, (first_kind, first_id, first_file, _)) = *o.get();
                    if first == folder {
                        continue;
                    }
                    if said.insert((*kind, first, folder)) {
                        let dir = kind.folder();
                        plan.diagnostics.push(
                            Diagnostic::new(
                                Code::IdCase,
                                format!(
                                    "the folders `{dir}/{first}` and `{dir}/{folder}` differ only in upper and lower case"
                                ),
                            )
                            .at(*file, Span::new(0, 0), format!("{} `{id}`", kind.as_str()))
                            .also(*first_file, Span::new(0, 0), format!("{} `{first_id}`", first_kind.as_str()))
                            .help(format!(
                                "macOS and Windows make them one folder, and the ids of its files change: move the files of `{dir}/{folder}` into `{dir}/{first}` (ids are usually all lower case)"
                            )),
                        );
                    }
                    // Its deeper folders differ too: said once, here.
                    break;
                }
            }
        }
    }
}

/// Appends an item and returns its position.
fn push<T>(items: &mut Vec<Item<T>>, id: &Arc<str>, file: FileId, data: Arc<T>, clean: bool) -> usize {
    items.push(Item {
        id: id.clone(),
        file,
        data,
        clean,
    });
    items.len() - 1
}

/// The warning for the file at `rel`, the plan's file `file`, that the
/// plan format does not include; `refused` says what it is when it is not a
/// regular file (it is never read).
fn stray(file: FileId, rel: &str, refused: Option<Refused>) -> Diagnostic {
    let help = if rel.ends_with(".toml") {
        "milepost reads `project.toml` and `.toml` files under `milestones/`, `features/` and `risks/`; move the file there, or out of the plan directory".to_string()
    } else {
        "only `.toml` files are part of the plan; move this file out of the plan directory".to_string()
    };
    let what = match refused {
        Some(Refused::Submodule) => "a submodule, ",
        Some(Refused::GitLink | Refused::LinkOutside | Refused::BrokenLink) => "a symbolic link, ",
        Some(Refused::NotAFile(_)) => "not a regular file, ",
        Some(Refused::TooLarge | Refused::NotUtf8 { .. } | Refused::LfsPointer) | None => "",
    };
    Diagnostic::new(
        Code::StrayFile,
        format!("`{rel}` is {what}not part of the plan format and is ignored"),
    )
    .at(file, Span::new(0, 0), "ignored")
    .help(help)
}

/// Adds `id`, of `kind`, to `plan`'s id table; an id declared already is
/// reported, and its first declaration kept.
fn declare(plan: &mut Plan, kind: ItemKind, id: Arc<str>, file: FileId, index: Option<u32>) {
    match plan.ids.entry(id) {
        Entry::Vacant(v) => {
            v.insert(Declared { kind, file, index });
        }
        Entry::Occupied(o) => {
            let first = *o.get();
            let id = o.key();
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

/// The file name a message suggests for `id`, a valid id
/// ([`super::prepare::is_valid_id`]): in each `/`-separated folder and the
/// name, its ASCII letters (made lowercase), digits and `_`, each run of
/// other characters one `-`, starting with a letter or a digit and not
/// ending with `-`; empty parts left out; `item` when nothing is left.
fn slug(id: &str) -> String {
    let part = |seg: &str| {
        let mut out = String::new();
        for c in seg.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_start_matches(|c: char| !c.is_ascii_alphanumeric())
            .trim_end_matches('-')
            .to_string()
    };
    let parts: Vec<String> = id.split('/').map(part).filter(|p| !p.is_empty()).collect();
    let slug = parts.join("/");
    if super::prepare::is_valid_id(&slug) {
        slug
    } else {
        "item".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::prepare::tests::file;

    /// The name suggested for an invalid id is a valid one, made of what
    /// it can keep of it.
    #[test]
    fn the_suggested_name_is_a_valid_id() {
        for (id, slug) in [
            ("-lead", "lead"),
            ("_lead", "lead"),
            ("ok/-bad", "ok/bad"),
            ("Dark Mode", "dark-mode"),
            ("a//b", "a/b"),
            ("__", "item"),
            ("über/ß", "ber"),
            ("x_-", "x_"),
        ] {
            assert_eq!(super::slug(id), slug, "{id}");
            assert!(crate::load::prepare::is_valid_id(&super::slug(id)), "{id}");
        }
    }

    /// Assembled after a plan of the same files, a plan has the id table a
    /// plan assembled alone has, its duplicate ids reported alike; after a
    /// plan of other files, too.
    #[test]
    fn a_plan_assembled_after_another_declares_what_it_would_alone() {
        let project = file("project.toml", "[project]\nname = \"P\"\nstart = 2026-01-05\n");
        let a = file("features/a.toml", "title = \"A\"\nestimate = \"2d\"\n");
        let a2 = file("features/a.toml", "title = \"A, renamed\"\nestimate = \"3d\"\n");
        let b = file("features/b.toml", "title = \"B\"\n");
        let broken = file("features/c.toml", "title = \n");
        let twin = file("milestones/b.toml", "title = \"B as a milestone\"\n");
        let m = file("milestones/m.toml", "title = \"M\"\n");
        let ids = |p: &Plan| {
            let mut v: Vec<_> = p
                .ids
                .iter()
                .map(|(id, d)| (id.to_string(), d.kind, d.file, d.index))
                .collect();
            v.sort_by(|x, y| x.0.cmp(&y.0));
            v
        };
        let codes = |p: &Plan| p.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>();
        let plans: Vec<Vec<&Prepared>> = vec![
            vec![&project, &a, &b, &broken, &m],
            vec![&project, &a2, &b, &broken, &m],
            vec![&project, &a, &b, &m],
            vec![&project, &a, &b, &twin, &m],
            vec![&project, &a2, &b, &twin, &m],
        ];
        for before in &plans {
            let before = assemble_from(before.iter().copied());
            for files in &plans {
                let alone = assemble_from(files.iter().copied());
                let after = assemble_after(files.iter().copied(), Some(&before));
                assert_eq!(ids(&after), ids(&alone));
                assert_eq!(codes(&after), codes(&alone));
            }
        }
        // The twin is reported, after a plan with it too.
        let with_twin = assemble_from(plans[3].iter().copied());
        let again = assemble_after(plans[4].iter().copied(), Some(&with_twin));
        assert!(again.diagnostics.iter().any(|d| d.code == Code::DuplicateId));
    }
}
