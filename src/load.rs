//! From a [`Source`] to a [`Plan`]: read its files, classify each by its
//! path, parse it, decode it into the model, and record every id. [`load`]
//! is the one way in; validation is the next step
//! ([`crate::validate::validate`]), the caller's.
//!
//! Parsing one file is a pure function of its path and bytes
//! (`parse_file`), so results can be computed in parallel, and cached by
//! path and Git blob id: one [`Cache`] serves the two sides of a diff and
//! every commit of a history walk.

use std::collections::hash_map::Entry;
use std::sync::{Arc, Mutex, OnceLock};

use toml::de::DeTable;

use crate::decode::{Cx, span_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::{File, FileId};
use crate::git::{ObjectId, TreeFile};
use crate::layout::{Role, classify};
use crate::model::{FeatureFile, MilestoneFile, ProjectFile, RiskFile};
use crate::plan::{Declared, Item, ItemKind, Plan};
use crate::source::{Listed, Revision, Source, join_display};
use crate::span::Span;

/// A decoded file.
#[derive(Clone, Debug)]
pub(crate) enum Parsed {
    Project(Arc<ProjectFile>),
    Milestone(Arc<MilestoneFile>),
    Feature(Arc<FeatureFile>),
    Risk(Arc<RiskFile>),
}

/// Parses and decodes one file. `None` when the file could not be decoded;
/// the reasons are in the diagnostics.
fn parse_file(role: &Role, file: FileId, text: &str) -> (Option<Parsed>, Vec<Diagnostic>) {
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
        Role::Project => ProjectFile::decode(&root, &mut cx).map(|p| Parsed::Project(Arc::new(p))),
        Role::Item(ItemKind::Milestone, _) => {
            MilestoneFile::decode(&root, &mut cx).map(|m| Parsed::Milestone(Arc::new(m)))
        }
        Role::Item(ItemKind::Feature, _) => FeatureFile::decode(&root, &mut cx).map(|f| Parsed::Feature(Arc::new(f))),
        Role::Item(ItemKind::Risk, _) => RiskFile::decode(&root, &mut cx).map(|r| Parsed::Risk(Arc::new(r))),
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

/// One file, decoded: everything about it that does not depend on the other files.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// Its path, shown path and text: shared by every plan that has it.
    pub(crate) file: Arc<File>,
    role: Role,
    utf8_ok: bool,
    /// For an item file, whether its name is a valid id (worked out once per
    /// file, not per plan it is part of).
    id_ok: bool,
    parsed: Option<Parsed>,
    diagnostics: Vec<Diagnostic>,
}

/// Decodes one file. `file` is the id its problems point at: its position in
/// the sorted list of files (a plan assembled from it points them at the
/// file's position there, see [`assemble_from`]). A pure function of its
/// arguments, so files can be prepared in parallel.
pub(crate) fn prepare(file: FileId, rel: String, display: String, bytes: Vec<u8>) -> Prepared {
    let role = classify(&rel);
    let (text, utf8_ok) = if role == Role::Stray {
        (String::new(), true)
    } else {
        match String::from_utf8(bytes) {
            Ok(s) => (s, true),
            Err(_) => (String::new(), false),
        }
    };
    let (parsed, diagnostics) = if utf8_ok && role != Role::Stray {
        parse_file(&role, file, &text)
    } else {
        (None, Vec::new())
    };
    Prepared {
        file: Arc::new(File {
            rel: rel.into(),
            display: display.into(),
            text: text.into(),
        }),
        id_ok: match &role {
            Role::Item(_, id) => is_valid_id(id),
            _ => true,
        },
        role,
        utf8_ok,
        parsed,
        diagnostics,
    }
}

impl Prepared {
    /// A copy that shares nothing with this one: every shared value is
    /// copied. For a thread that clones a file into plan after plan, so that
    /// counting references never contends with another thread doing the same.
    pub(crate) fn detached(&self) -> Prepared {
        fn copy<T: Clone>(v: &Arc<T>) -> Arc<T> {
            Arc::new(T::clone(v))
        }
        // The titles are shared strings of their own: copied too (the
        // schedule clones each title for its entries, on every worker).
        fn titled<T: Clone>(v: &Arc<T>, title: fn(&mut T) -> &mut Arc<str>) -> Arc<T> {
            let mut v = T::clone(v);
            let t = title(&mut v);
            *t = Arc::from(&**t);
            Arc::new(v)
        }
        Prepared {
            file: Arc::new(File {
                rel: Arc::from(&*self.file.rel),
                display: Arc::from(&*self.file.display),
                text: Arc::from(&*self.file.text),
            }),
            role: match &self.role {
                Role::Item(kind, id) => Role::Item(*kind, Arc::from(&**id)),
                other => other.clone(),
            },
            utf8_ok: self.utf8_ok,
            id_ok: self.id_ok,
            parsed: self.parsed.as_ref().map(|p| match p {
                Parsed::Project(d) => Parsed::Project(copy(d)),
                Parsed::Milestone(d) => Parsed::Milestone(titled(d, |m| &mut m.title.value)),
                Parsed::Feature(d) => Parsed::Feature(titled(d, |f| &mut f.title.value)),
                Parsed::Risk(d) => Parsed::Risk(copy(d)),
            }),
            diagnostics: self.diagnostics.clone(),
        }
    }
}

/// The id of the file at position `i` of a plan's sorted files.
pub(crate) fn file_id(i: usize) -> FileId {
    FileId(u32::try_from(i).unwrap_or(u32::MAX))
}

/// A plan loaded from a [`Source`], with what commands say about where it
/// came from.
pub struct Loaded {
    /// Not validated yet (see [`crate::validate::validate`]).
    pub plan: Plan,
    /// The revision read, for a plan from Git.
    pub revision: Option<Revision>,
    /// The plan directory as shown to the user (`plan`, `HEAD~1:plan`).
    pub display: String,
    /// False when the plan directory does not exist at the revision read
    /// (a [`Source::Revision`] with `missing_ok`): the plan is then empty
    /// (no files, no items, no problems; see [`crate::diff::exists`]).
    pub exists: bool,
    /// The day the revision's commit was made (its committer date, in the
    /// committer's time zone), for a plan from Git.
    pub committed: Option<crate::model::Date>,
    /// Read from Git: each file's path under the plan directory and blob id.
    pub blobs: Option<Vec<(String, ObjectId)>>,
    /// Where to find the plan directory relative to the repository root.
    repo_prefix: RepoPrefix,
}

enum RepoPrefix {
    /// Read from Git: known.
    Known(String),
    /// A directory: found only when asked for, as opening the repository
    /// costs time that `check` does not otherwise spend.
    Discover(std::path::PathBuf),
}

impl Loaded {
    /// The plan directory relative to the repository root (`/`-separated),
    /// when the plan is inside a Git repository. GitHub annotations need it.
    pub fn repo_prefix(&self) -> Option<String> {
        match &self.repo_prefix {
            RepoPrefix::Known(prefix) => Some(prefix.clone()),
            RepoPrefix::Discover(dir) => crate::locate::repo_prefix(dir),
        }
    }
}

/// Loads the plan from `source`, without cross-file validation (see
/// [`mod@crate::validate`]). A directory's files are read and parsed in
/// parallel; a Git tree's are read up front (Git objects stay on one
/// thread), taking the files `cache` has decoded already from it and
/// adding the others: the plans of several revisions (the two sides of a
/// diff) decode the files they share once, and share their data.
pub fn load(source: &Source, cache: &mut Cache) -> crate::Result<Loaded> {
    match source {
        Source::Dir { path, display } => {
            let listed = crate::source::list_dir(path, display)?;
            Ok(Loaded {
                plan: load_listed(&listed)?,
                revision: None,
                display: display.clone(),
                exists: true,
                committed: None,
                blobs: None,
                repo_prefix: RepoPrefix::Discover(path.clone()),
            })
        }
        Source::Revision {
            repo,
            spec,
            commit,
            missing_ok,
        } => {
            let read = repo.read_plan(commit.id, spec, &|rel, blob| cache.find(blob, |r| r == rel).is_some());
            let (plan, exists, blobs) = match read {
                Ok(files) => {
                    let blobs = files.iter().map(|f| (f.rel.clone(), f.blob)).collect();
                    (cache.plan(files, repo.prefix().trim_matches('/')), true, blobs)
                }
                Err(crate::Error::PlanNotInRevision { .. }) if *missing_ok => (Plan::default(), false, Vec::new()),
                Err(e) => return Err(e),
            };
            Ok(Loaded {
                plan,
                revision: Some(Revision {
                    spec: spec.clone(),
                    commit: commit.id.to_string(),
                }),
                display: format!("{spec}:{}", repo.prefix()),
                exists,
                committed: Some(commit.date),
                blobs: Some(blobs),
                repo_prefix: RepoPrefix::Known(repo.prefix().to_string()),
            })
        }
    }
}

/// What differs between two versions of the plan directory, from their
/// files alone: each file's path (sorted) and Git blob.
#[derive(Debug, Default, PartialEq)]
pub struct FileChanges {
    /// The ids of the items whose file was added, removed or changed;
    /// `None` when `project.toml` differs (every item may read differently:
    /// a week's length, the people).
    pub items: Option<std::collections::HashSet<String>>,
    /// A path disappeared and another appeared: there may be a rename.
    pub moved: bool,
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
        items: (!project).then_some(items),
        moved: gone && came,
    }
}

/// One distinct file read from Git: a path under the plan directory
/// (`/`-separated) holding a blob, read once and decoded once, by the
/// first thread that needs it. (A history walk reads on one thread and
/// decodes on the others: decoding every file of the first plan as it
/// reads them would keep the others waiting for their first run.)
#[derive(Debug)]
pub(crate) struct Blob {
    pub(crate) rel: Arc<str>,
    pub(crate) id: ObjectId,
    /// How messages show its path.
    display: String,
    /// Its content, until decoded.
    bytes: Mutex<Option<Vec<u8>>>,
    decoded: OnceLock<Prepared>,
}

impl Blob {
    /// The file decoded (see [`prepare`]); another thread asking while it
    /// is being decoded waits for it.
    pub(crate) fn prepared(&self) -> &Prepared {
        self.decoded.get_or_init(|| {
            // Taken once: only the first call runs this. (Were decoding to
            // panic, another thread could run it again and find no bytes:
            // it would decode an empty file, but the panic fails the whole
            // command when the threads are joined, so nothing is written.)
            let bytes = self.bytes.lock().ok().and_then(|mut b| b.take()).unwrap_or_default();
            // Its problems point at file 0 until a plan is assembled from
            // it (see `assemble_after`).
            prepare(file_id(0), self.rel.to_string(), self.display.clone(), bytes)
        })
    }
}

/// The files read from Git, each distinct path and blob once, numbered in
/// the order they were read and decoded once (`Blob::prepared`): what the
/// plans of several revisions share (the two sides of a diff, the commits
/// of a history walk). Plans that have a file in common share its text and
/// decoded data, not copies.
#[derive(Default)]
pub struct Cache {
    blobs: Vec<Arc<Blob>>,
    /// The numbers of the files holding each blob (almost always one),
    /// hashed fast: object ids are uniformly distributed already.
    by_blob: std::collections::HashMap<ObjectId, Vec<u32>, foldhash::fast::FixedState>,
}

impl Cache {
    /// The number of the file holding `blob` whose path `is_path` accepts.
    pub(crate) fn find(&self, blob: ObjectId, is_path: impl Fn(&str) -> bool) -> Option<u32> {
        let numbers = self.by_blob.get(&blob)?;
        numbers
            .iter()
            .copied()
            .find(|&n| self.blobs.get(n as usize).is_some_and(|b| is_path(&b.rel)))
    }

    /// Adds the file `rel` (shown as `display`) holding `blob`, whose
    /// content is `bytes`, to be decoded when first needed; returns its
    /// number.
    pub(crate) fn add(&mut self, rel: Arc<str>, blob: ObjectId, display: String, bytes: Vec<u8>) -> u32 {
        let n = u32::try_from(self.blobs.len()).unwrap_or(u32::MAX);
        self.blobs.push(Arc::new(Blob {
            rel,
            id: blob,
            display,
            bytes: Mutex::new(Some(bytes)),
            decoded: OnceLock::new(),
        }));
        self.by_blob.entry(blob).or_default().push(n);
        n
    }

    /// Every file, by number.
    pub(crate) fn blobs(&self) -> &[Arc<Blob>] {
        &self.blobs
    }

    /// The plan of the files `files`, sorted by path, as
    /// [`crate::git::Repo::read_plan`] reads them from the plan directory
    /// shown as `plan_path`: the ones the cache has (their content left
    /// out) are taken from it, the others added to it and decoded on all
    /// cores.
    fn plan(&mut self, files: Vec<TreeFile>, plan_path: &str) -> Plan {
        let start = self.blobs.len();
        let mut listing = Vec::with_capacity(files.len());
        for f in files {
            let n = match f.bytes {
                Some(bytes) => Some(self.add(
                    Arc::from(f.rel.as_str()),
                    f.blob,
                    join_display(plan_path, &f.rel),
                    bytes,
                )),
                // Left out because the cache said it had it.
                None => self.find(f.blob, |r| r == f.rel),
            };
            listing.extend(n);
        }
        crate::par::map(self.blobs.get(start..).unwrap_or_default(), |b| {
            b.prepared();
        });
        assemble_from(
            listing
                .iter()
                .filter_map(|&n| Some(self.blobs.get(n as usize)?.prepared())),
        )
    }
}

/// Reads and decodes the files of a directory listing (sorted by path) on
/// all cores, so that reading one file overlaps parsing another.
fn load_listed(listed: &[Listed]) -> crate::Result<Plan> {
    let prepared = crate::par::map(&listed.iter().enumerate().collect::<Vec<_>>(), |(i, l)| {
        std::fs::read(&l.path)
            .map(|bytes| prepare(file_id(*i), l.rel.clone(), l.display.clone(), bytes))
            .map_err(|e| crate::Error::io(&l.path, e))
    });
    prepared.into_iter().collect::<crate::Result<Vec<_>>>().map(assemble)
}

/// Puts decoded files together: ids, the project, items in file order.
fn assemble(prepared: Vec<Prepared>) -> Plan {
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
    for p in prepared {
        let file = plan.files.add(p.file.clone());
        let clean = p.diagnostics.is_empty();
        plan.diagnostics.extend(p.diagnostics.iter().map(|d| {
            let mut d = d.clone();
            for label in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
                label.file = file;
            }
            d
        }));
        let rel = &p.file.rel;
        if !p.utf8_ok {
            plan.diagnostics.push(
                Diagnostic::new(Code::Unreadable, format!("`{rel}` is not UTF-8 text"))
                    .at(file, Span::new(0, 0), "not UTF-8")
                    .help("save the file as UTF-8"),
            );
        }
        match &p.role {
            Role::Stray => plan.diagnostics.push(stray(file, rel)),
            Role::Project => {
                if let Some(Parsed::Project(data)) = &p.parsed {
                    plan.project = Some(Item {
                        id: "project".into(),
                        file,
                        data: data.clone(),
                        clean,
                    });
                }
            }
            Role::Item(kind, id) => {
                if !p.id_ok {
                    plan.diagnostics.push(
                        Diagnostic::new(Code::InvalidId, format!("`{id}` is not a valid id"))
                            .at(file, Span::new(0, 0), "the file name is the id")
                            .help(format!(
                                "ids use letters, digits, `-` and `_`: rename the file to `{}/{}.toml`",
                                kind.folder(),
                                slug(id)
                            )),
                    );
                }
                let index = match &p.parsed {
                    Some(Parsed::Milestone(data)) => Some(push(&mut plan.milestones, id, file, data.clone(), clean)),
                    Some(Parsed::Feature(data)) => Some(push(&mut plan.features, id, file, data.clone(), clean)),
                    Some(Parsed::Risk(data)) => Some(push(&mut plan.risks, id, file, data.clone(), clean)),
                    _ => None,
                };
                declared.push((*kind, id, file, index.and_then(|i| u32::try_from(i).ok())));
            }
        }
    }
    match before {
        // The same files, each declaring the same id at the same place,
        // and no id declared twice (which would be a problem to report).
        Some(b) if b.ids.len() == declared.len() && crate::validate::Shape(b) == crate::validate::Shape(&plan) => {
            plan.ids = b.ids.clone()
        }
        _ => {
            plan.ids.reserve(declared.len());
            for (kind, id, file, index) in declared {
                declare(&mut plan, kind, id.clone(), file, index);
            }
        }
    }
    if !plan.files.iter().any(|(_, f)| &*f.rel == "project.toml") {
        plan.diagnostics.push(
            Diagnostic::new(Code::MissingProject, "the plan has no `project.toml`")
                .help("create `project.toml` with at least `[project]`, `name` and `start` (see docs/format.md)"),
        );
    }
    plan
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

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_bytes([n; 20])
    }

    fn ids(c: &FileChanges) -> Option<Vec<&str>> {
        let mut v: Vec<&str> = c.items.as_ref()?.iter().map(String::as_str).collect();
        v.sort_unstable();
        Some(v)
    }

    /// The file `rel` of a plan directory `plan`, holding `text`, decoded.
    fn file(rel: &str, text: &str) -> Prepared {
        prepare(file_id(0), rel.into(), format!("plan/{rel}"), text.as_bytes().to_vec())
    }

    /// A detached copy decodes alike and shares no reference-counted value
    /// with the original, titles included: two threads cloning them never
    /// count on the same memory.
    #[test]
    fn a_detached_copy_shares_nothing() {
        let feature = file("features/a.toml", "title = \"A\"\nestimate = \"2d\"\n");
        let milestone = file("milestones/m.toml", "title = \"M\"\n");
        for p in [&feature, &milestone] {
            let d = p.detached();
            let (a, b) = (&p.file, &d.file);
            assert!(!Arc::ptr_eq(a, b) && !Arc::ptr_eq(&a.rel, &b.rel) && !Arc::ptr_eq(&a.text, &b.text));
            assert!(!Arc::ptr_eq(&a.display, &b.display));
            match (&p.parsed, &d.parsed) {
                (Some(Parsed::Feature(a)), Some(Parsed::Feature(b))) => {
                    assert!(!Arc::ptr_eq(a, b) && !Arc::ptr_eq(&a.title.value, &b.title.value));
                    assert_eq!((&*a.title.value, &a.estimate), (&*b.title.value, &b.estimate));
                }
                (Some(Parsed::Milestone(a)), Some(Parsed::Milestone(b))) => {
                    assert!(!Arc::ptr_eq(a, b) && !Arc::ptr_eq(&a.title.value, &b.title.value));
                    assert_eq!(&*a.title.value, &*b.title.value);
                }
                other => panic!("not decoded alike: {other:?}"),
            }
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
        assert_eq!(c.items, None);
    }
}
