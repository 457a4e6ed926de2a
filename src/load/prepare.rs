//! Decoding one file: parsing its TOML and decoding it into the model, with
//! what else about it does not depend on the other files of the plan
//! ([`Prepared`]).

use std::sync::Arc;

use toml::de::DeTable;

use crate::decode::{Cx, span_of};
use crate::diagnostic::{Code, Diagnostic};
use crate::files::{File, FileId};
use crate::layout::{Role, classify};
use crate::model::{FeatureFile, MilestoneFile, ProjectFile, RiskFile};
use crate::plan::ItemKind;
use crate::source::{LFS_POINTER, MAX_FILE_BYTES, Refused};
use crate::span::Span;

/// A decoded file.
#[derive(Clone, Debug)]
pub(super) enum Parsed {
    Project(Arc<ProjectFile>),
    Milestone(Arc<MilestoneFile>),
    Feature(Arc<FeatureFile>),
    Risk(Arc<RiskFile>),
}

/// Parses and decodes one file. `None` when the file could not be decoded;
/// the reasons are in the diagnostics.
fn parse_file(role: &Role, file: FileId, text: &str, paths: (&str, &str)) -> (Option<Parsed>, Vec<Diagnostic>) {
    let mut cx = Cx::new(file);
    let (root, errors) = DeTable::parse_recoverable(text);
    let mut fatal = false;
    for e in errors {
        let message = e.message().trim_end();
        // The parser's recursion limit: said without a place for tables and
        // dotted keys, at the value for arrays and inline tables (with no
        // word of depth): a line nested that deep is the cause.
        let at_deep = e.span().map(span_of).and_then(|s| deep_line_at(text, s.start as usize));
        if (e.span().is_none() && message.contains("recursion limit")) || at_deep.is_some() {
            fatal = true;
            let (span, depth) = at_deep.unwrap_or_else(|| deepest_line(text));
            cx.error(
                Code::TomlSyntax,
                span,
                format!(
                    "invalid TOML: nested too deeply ({depth} levels of tables, arrays or dotted keys on one line)"
                ),
                "too deep",
                Some("a plan file needs a few levels of nesting at most: write the keys out flat".into()),
            );
            continue;
        }
        // Whatever else the parser cannot place is shown at the file's start.
        let span = e.span().map_or(Span::new(0, 0), span_of);
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
            syntax_error(&mut cx, file, text, span, message);
        }
    }
    if fatal {
        return (None, cx.diags);
    }
    let parsed = match role {
        Role::Project => ProjectFile::decode(&root, &mut cx).map(|p| Parsed::Project(Arc::new(p))),
        Role::Item(kind, _) => {
            let parsed = decode_item(*kind, &root, &mut cx);
            if let Some(d) = wrong_folder(*kind, &root, &cx.diags, file, paths) {
                return (None, vec![d]);
            }
            parsed
        }
        Role::Stray => None,
    };
    (parsed, cx.diags)
}

/// The TOML parser's `message` about `span` of `text` (file `file`), as a
/// diagnostic that says what is wrong in the plan's terms and how to fix
/// it; a key or table written twice points at where it was first written.
fn syntax_error(cx: &mut Cx, file: FileId, text: &str, span: Span, message: &str) {
    let (what, help) = super::syntax::describe(message);
    let written = text.get(span.range()).unwrap_or_default().trim();
    let help = match super::syntax::percentage(written) {
        // `capacity = 50%`: quoting it would only lead to the next
        // error; say what to write instead.
        Some((share, whole)) if whole => format!(
            "write a share as a number, bare: `{share}` for {written} (capacity, a risk's probability and RICE confidence are from 0 to 1)"
        ),
        Some((share, _)) => format!(
            "a share is a number from 0 to 1, bare (`0.5` for 50%): {written} would be `{share}`, more than the whole (capacity, a risk's probability, RICE confidence)"
        ),
        None => help.into(),
    };
    cx.error(
        Code::TomlSyntax,
        span,
        format!("invalid TOML: {what}"),
        "here",
        Some(help),
    );
    // A key or a table written twice: where it was first written.
    if message.starts_with("duplicate key")
        && let Some(first) = super::twice::first_written(text, span)
        && let Some(d) = cx.diags.pop()
    {
        cx.diags.push(d.also(file, first, "first written here"));
    }
}

fn decode_item(kind: ItemKind, root: &toml::Spanned<DeTable<'_>>, cx: &mut Cx) -> Option<Parsed> {
    match kind {
        ItemKind::Milestone => MilestoneFile::decode(root, cx).map(|m| Parsed::Milestone(Arc::new(m))),
        ItemKind::Feature => FeatureFile::decode(root, cx).map(|f| Parsed::Feature(Arc::new(f))),
        ItemKind::Risk => RiskFile::decode(root, cx).map(|r| Parsed::Risk(Arc::new(r))),
    }
}

/// The top-level keys of `root` that `diags` report as unknown.
fn unknown_keys<'r>(root: &'r toml::Spanned<DeTable<'_>>, diags: &[Diagnostic]) -> Vec<(&'r str, Span)> {
    root.get_ref()
        .keys()
        .map(|k| (k.get_ref().as_ref(), span_of(k.span())))
        .filter(|(_, span)| {
            diags
                .iter()
                .any(|d| d.code == Code::UnknownField && d.primary.as_ref().is_some_and(|l| l.span == *span))
        })
        .collect()
}

/// An item file in the wrong folder: a feature written under `risks/`
/// reads as a risk with half a dozen unknown keys and no word on why.
/// When at least two of its top-level keys are unknown to `kind` and
/// every one of them is known to another kind of item, the one problem
/// that stands for them all: the file is in the wrong folder, and where
/// it belongs. `paths` is the file's path in the plan and as shown.
fn wrong_folder(
    kind: ItemKind,
    root: &toml::Spanned<DeTable<'_>>,
    diags: &[Diagnostic],
    file: FileId,
    (rel, display): (&str, &str),
) -> Option<Diagnostic> {
    let mut unknown = unknown_keys(root, diags);
    unknown.sort_by_key(|(_, span)| span.start);
    if unknown.len() < 2 {
        return None;
    }
    let other = [ItemKind::Feature, ItemKind::Milestone, ItemKind::Risk]
        .into_iter()
        .filter(|&other| other != kind)
        .find(|&other| {
            let mut scratch = Cx::new(file);
            decode_item(other, root, &mut scratch);
            unknown_keys(root, &scratch.diags).is_empty()
        })?;
    let inside = rel.strip_prefix(kind.folder())?.strip_prefix('/')?;
    let moved = format!("{}/{inside}", other.folder());
    let shown = display
        .strip_suffix(rel)
        .map_or_else(|| moved.clone(), |base| format!("{base}{moved}"));
    let keys: Vec<String> = unknown.iter().map(|(k, _)| format!("`{k}`")).collect();
    let keys = match keys.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => keys.join(""),
    };
    let (kind_folder, kind, other_name) = (kind.folder(), kind.as_str(), other.as_str());
    Some(
        Diagnostic::new(
            Code::UnknownField,
            format!(
                "`{rel}` holds a {other_name}, but is in `{}/`: {keys} are keys of a {other_name}, not of a {kind}",
                kind_folder
            ),
        )
        .at(file, unknown[0].1, format!("a {other_name}'s key"))
        .help(format!(
            "move the file to `{moved}` (`git mv {display} {shown}`); a {kind} is described in `milepost help format`"
        )),
    )
}

/// The line of `text` that nests deepest (the most `.`, `[` and `{`
/// outside strings and comments, a rough count that finds the line a
/// parser's recursion limit stopped at), and that count.
fn deepest_line(text: &str) -> (Span, usize) {
    let mut best = (Span::new(0, 0), 0);
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let depth = depth_of(line);
        if depth > best.1 {
            best = (Span::new(start, start + line.trim_end().len()), depth);
        }
        start += line.len();
    }
    best
}

/// Levels of tables, arrays or dotted keys opened on `line` (outside
/// strings and comments).
fn depth_of(line: &str) -> usize {
    let mut depth = 0;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '#') => break,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '.' | '[' | '{') => depth += 1,
            _ => {}
        }
    }
    depth
}

/// More levels than a plan file could mean on one line: past half the
/// parser's limit (80), and far past any real plan's few.
const DEEP: usize = 40;

/// The line of `text` holding byte `at`, with its depth, when it opens
/// more than [`DEEP`] levels.
fn deep_line_at(text: &str, at: usize) -> Option<(Span, usize)> {
    let start = text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = text.get(start..)?.split_inclusive('\n').next()?;
    let depth = depth_of(line);
    (depth > DEEP).then(|| (Span::new(start, start + line.trim_end().len()), depth))
}

/// A valid id: ASCII letters, digits, `-` and `_`, starting with a letter or
/// digit; subfolders add `/`-separated segments of the same kind.
pub fn is_valid_id(id: &str) -> bool {
    id.split('/').all(|seg| {
        seg.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
            && seg.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    })
}

/// One file, decoded: everything about it that does not depend on the other files.
#[derive(Clone, Debug)]
pub(crate) struct Prepared {
    /// Its path, shown path and text: shared by every plan that has it.
    pub(crate) file: Arc<File>,
    pub(super) role: Role,
    /// Why its content was not read or decoded, when it was not.
    pub(super) refused: Option<Refused>,
    /// For an item file, whether its name is a valid id (worked out once per
    /// file, not per plan it is part of).
    pub(super) id_ok: bool,
    /// For an item file, whether its id has an upper-case letter, so that
    /// it could differ from another only in case (worked out once per file:
    /// a plan of none skips the check, see `assemble::case_clashes`).
    pub(super) id_upper: bool,
    pub(super) parsed: Option<Parsed>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Decodes one file. `file` is the id its problems point at: its position in
/// the sorted list of files (a plan assembled from it points them at the
/// file's position there, see [`super::assemble_from`]). A pure function of its
/// arguments, so files can be prepared in parallel.
pub(crate) fn prepare(file: FileId, rel: String, display: String, content: Result<Vec<u8>, Refused>) -> Prepared {
    let role = classify(&rel);
    // The path is shown in every problem and hint: as any text from
    // outside, without a control or bidirectional character (a file name
    // may hold one).
    let display = match crate::text::shown(&display, false) {
        std::borrow::Cow::Owned(shown) => shown,
        std::borrow::Cow::Borrowed(_) => display,
    };
    let mut refused = None;
    let text = match content {
        // A stray file is reported by its name (and what it is, when it is
        // not a file): what it holds does not matter.
        Err(why) if role == Role::Stray => {
            refused = Some(why);
            String::new()
        }
        _ if role == Role::Stray => String::new(),
        // A file tracked by Git LFS whose content was never fetched: its
        // pointer is not the plan's text, and decoding it would only say
        // that every key is missing.
        Ok(bytes) if bytes.starts_with(LFS_POINTER.as_bytes()) => {
            refused = Some(Refused::LfsPointer);
            String::new()
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let byte = e.as_bytes().get(at).copied().unwrap_or(0);
                refused = Some(Refused::NotUtf8 { at, byte });
                // Shown with each bad sequence replaced, so the snippet can
                // point at the line; the part before `at` is unchanged.
                String::from_utf8_lossy(e.as_bytes()).into_owned()
            }
        },
        Err(why) => {
            refused = Some(why);
            String::new()
        }
    };
    let (parsed, diagnostics) = match refused {
        _ if role == Role::Stray => (None, Vec::new()),
        Some(why) => (None, vec![refused_diagnostic(why, file, &rel)]),
        None => parse_file(&role, file, &text, (&rel, &display)),
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
        id_upper: matches!(&role, Role::Item(_, id) if id.bytes().any(|b| b.is_ascii_uppercase())),
        role,
        refused,
        parsed,
        diagnostics,
    }
}

/// The problem of a file that is not read or not decoded, and why. It names
/// the file and prints nothing of what it holds or points to.
fn refused_diagnostic(why: Refused, file: FileId, rel: &str) -> Diagnostic {
    let (message, label, help) = match why {
        Refused::NotUtf8 { byte, .. } => (
            format!("`{rel}` is not UTF-8 text: byte 0x{byte:02X} cannot be read as a character"),
            "not UTF-8".to_string(),
            "save the file as UTF-8 (an editor's \"encoding\" setting; Latin-1 and Windows-1252 are not UTF-8)"
                .to_string(),
        ),
        Refused::LinkOutside => (
            format!("`{rel}` is a symbolic link to something outside the plan directory"),
            "link leads out of the plan".to_string(),
            "milepost reads only files inside the plan directory: put the file itself there instead of a link"
                .to_string(),
        ),
        Refused::BrokenLink => (
            format!("`{rel}` is a symbolic link to a file that does not exist"),
            "broken link".to_string(),
            "remove the link, or point it at a file inside the plan directory".to_string(),
        ),
        Refused::GitLink => (
            format!("`{rel}` is a symbolic link in this revision"),
            "symbolic link".to_string(),
            "milepost does not follow links in Git trees: commit the file itself instead of a link".to_string(),
        ),
        Refused::Submodule => (
            format!("`{rel}` is a submodule"),
            "submodule".to_string(),
            "a plan is files in its own repository: move the submodule out of the plan directory".to_string(),
        ),
        Refused::NotAFile(kind) => (
            format!("`{rel}` is {kind}, not a regular file"),
            "not a file".to_string(),
            "milepost reads only regular files: remove it from the plan directory".to_string(),
        ),
        Refused::LfsPointer => (
            format!("`{rel}` is a Git LFS pointer, not the file: its content was not fetched"),
            "Git LFS pointer".to_string(),
            "fetch the files with `git lfs pull` (in CI, check out with LFS: `lfs: true` for actions/checkout); better, stop tracking the plan with LFS (`git lfs untrack` the pattern that matches it in .gitattributes), as its files are small text".to_string(),
        ),
        Refused::TooLarge => (
            format!(
                "`{rel}` is larger than the {} MiB a plan file may hold",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "too large".to_string(),
            "a plan file holds one item, a few kilobytes at most: check that this is the file you meant".to_string(),
        ),
    };
    let span = match why {
        Refused::NotUtf8 { at, .. } => Span::new(at, at + '\u{FFFD}'.len_utf8()),
        _ => Span::new(0, 0),
    };
    Diagnostic::new(Code::Unreadable, message)
        .at(file, span, label)
        .help(help)
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
            refused: self.refused,
            id_ok: self.id_ok,
            id_upper: self.id_upper,
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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The file `rel` of a plan directory `plan`, holding `text`, decoded
    /// (`crate::load::test_file` for the tests of other modules).
    pub(crate) fn file(rel: &str, text: &str) -> Prepared {
        prepare(
            file_id(0),
            rel.into(),
            format!("plan/{rel}"),
            Ok(text.as_bytes().to_vec()),
        )
    }

    /// A file in the wrong folder is one problem saying where it belongs;
    /// one stray key, or keys no kind of item knows, are reported one by
    /// one as unknown keys.
    #[test]
    fn a_file_in_the_wrong_folder_is_one_problem() {
        let messages = |p: &Prepared| -> Vec<String> { p.diagnostics.iter().map(|d| d.message.clone()).collect() };
        let risk = file(
            "milestones/q3/vendor.toml",
            "title = \"Vendor late\"\nprobability = 0.3\nimpact = { days = 5 }\naffects = [\"a\"]\n",
        );
        assert_eq!(
            messages(&risk),
            [
                "`milestones/q3/vendor.toml` holds a risk, but is in `milestones/`: `probability`, `impact` and `affects` are keys of a risk, not of a milestone"
            ]
        );
        assert!(risk.parsed.is_none());
        let help = risk.diagnostics[0].help.as_deref().unwrap_or_default();
        assert!(
            help.starts_with("move the file to `risks/q3/vendor.toml` (`git mv plan/milestones/q3/vendor.toml plan/risks/q3/vendor.toml`)"),
            "{help}"
        );

        let typo = file(
            "risks/r.toml",
            "title = \"R\"\nprobability = 0.3\nimpact = { days = 5 }\nestimate = \"2d\"\n",
        );
        assert_eq!(messages(&typo), ["unknown key `estimate` in a risk"]);

        let unknown = file(
            "risks/r.toml",
            "title = \"R\"\nprobability = 0.3\nestimate = \"2d\"\ncolour = \"red\"\n",
        );
        let mut both = messages(&unknown);
        both.sort();
        assert_eq!(
            both,
            ["unknown key `colour` in a risk", "unknown key `estimate` in a risk"]
        );
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
}
