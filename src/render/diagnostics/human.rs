//! rustc-style diagnostics with source snippets, via annotate-snippets.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::files::{FileId, Files};

/// Renders one diagnostic. `styled` adds ANSI colours.
pub fn render(d: &Diagnostic, files: &Files, styled: bool) -> String {
    let renderer = if styled {
        // The one error colour of every command (annotate-snippets' own is bright red).
        Renderer::styled().error(crate::render::style::ERROR)
    } else {
        Renderer::plain()
    };
    let level = match d.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group: Group<'_> = Group::with_title(level.primary_title(d.message.as_str()).id(d.code.id()));

    // A label on a whole file (an empty span at its start) has no line to
    // show: the primary one names the file at 1:1 (the position JSON and
    // GitHub annotations give it), secondary ones become notes.
    let whole_file = |l: &Label| l.span.start == 0 && l.span.end == 0;
    // One snippet per file, the primary label's file first, in label order.
    let mut order: Vec<FileId> = Vec::new();
    for label in d.primary.iter().chain(&d.secondary).filter(|l| !whole_file(l)) {
        if !order.contains(&label.file) {
            order.push(label.file);
        }
    }
    if let Some(primary) = d.primary.as_ref().filter(|l| whole_file(l))
        && let Some(file) = files.get(primary.file)
    {
        group = group.element(Origin::path(&*file.display).line(1).char_column(1));
    }
    // Each file's text as shown, kept until the group is rendered.
    let shown: Vec<(FileId, Shown<'_>)> = order
        .iter()
        .filter_map(|&id| Some((id, Shown::of(&files.get(id)?.text))))
        .collect();
    for (file_id, source) in &shown {
        let Some(file) = files.get(*file_id) else { continue };
        let mut snippet = Snippet::source(&*source.text).path(&*file.display);
        let labels = d
            .primary
            .iter()
            .map(|l| (l, AnnotationKind::Primary))
            .chain(d.secondary.iter().map(|l| (l, AnnotationKind::Context)));
        for (label, kind) in labels.filter(|(l, _)| l.file == *file_id && !whole_file(l)) {
            let span = clamp(label, file.text.len());
            let span = source.at(span.start)..source.at(span.end);
            snippet = snippet.annotation(kind.span(span).label(label.message.as_str()));
        }
        group = group.element(snippet);
    }
    for label in d.secondary.iter().filter(|l| whole_file(l)) {
        if let Some(file) = files.get(label.file) {
            group = group.element(Level::NOTE.message(format!("{}: {}:1:1", label.message, file.display)));
        }
    }
    if let Some(help) = &d.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// A file's text as a snippet shows it: each character no reader sees
/// beyond ASCII ([`crate::text::is_hidden`]: a C1 control, a bidirectional
/// character, a line separator, a byte order mark), which the snippet
/// renderer would print as it is, replaced by `�`; with where each byte
/// offset went, for the labels.
struct Shown<'t> {
    text: std::borrow::Cow<'t, str>,
    /// (offset in the file just after a replaced character, that offset
    /// in `text`), in order.
    moved: Vec<(usize, usize)>,
}

impl<'t> Shown<'t> {
    fn of(text: &'t str) -> Shown<'t> {
        let hidden = |c: char| !c.is_ascii() && crate::text::is_hidden(c);
        if !text.chars().any(hidden) {
            return Shown {
                text: std::borrow::Cow::Borrowed(text),
                moved: Vec::new(),
            };
        }
        let (mut out, mut moved) = (String::with_capacity(text.len()), Vec::new());
        for (i, c) in text.char_indices() {
            if hidden(c) {
                out.push(crate::text::REPLACEMENT);
                moved.push((i + c.len_utf8(), out.len()));
            } else {
                out.push(c);
            }
        }
        Shown {
            text: std::borrow::Cow::Owned(out),
            moved,
        }
    }

    /// Where the file's byte offset `at` is in the text shown.
    fn at(&self, at: usize) -> usize {
        let before = self.moved.partition_point(|(from, _)| *from <= at);
        match before.checked_sub(1).and_then(|k| self.moved.get(k)) {
            Some((from, to)) => to + (at - from),
            None => at,
        }
    }
}

fn clamp(label: &Label, len: usize) -> std::ops::Range<usize> {
    let r = label.span.range();
    r.start.min(len)..r.end.min(len)
}

/// An error that stops a command, or one of its steps (not a problem of
/// the plan), as the command line writes it: `error: WHAT`, then `help:
/// HOW` when the error says how to fix it. Both quote what the user gave
/// (a revision, a folder's name): shown without a control or
/// bidirectional character, as every output is ([`crate::text::shown`]).
pub fn error(e: &crate::error::Error) -> String {
    let (red, cyan) = (crate::render::style::ERROR, crate::render::style::HELP);
    let what = crate::text::shown(&e.to_string(), true).into_owned();
    let mut text = format!("{red}error{red:#}: {what}\n");
    if let Some(hint) = e.hint() {
        let hint = crate::text::shown(&hint, true).into_owned();
        text.push_str(&format!("  {cyan}help{cyan:#}: {hint}\n"));
    }
    text
}

/// "1 feature", "2 features", "2 people".
pub fn count(n: usize, word: &str) -> String {
    match (n, word) {
        (1, _) => format!("1 {word}"),
        (_, "person") => format!("{n} people"),
        _ => format!("{n} {word}s"),
    }
}

/// The closing line: counts, and whether the plan passed.
pub fn summary(errors: usize, warnings: usize, deny_warnings: bool) -> String {
    let plural = count;
    match (errors, warnings) {
        (0, 0) => "the plan is valid".to_string(),
        (0, w) if !deny_warnings => format!("the plan is valid, with {}", plural(w, "warning")),
        (0, w) => format!("the plan has {} (denied by `--deny warnings`)", plural(w, "warning")),
        (e, 0) => format!("the plan has {}", plural(e, "error")),
        (e, w) => format!("the plan has {} and {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// Left-aligned columns separated by two spaces, each line after `indent`;
/// the last column is not padded.
pub fn columns(rows: &[Vec<String>], indent: &str) -> String {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::from(indent);
        for (c, cell) in r.iter().enumerate() {
            if c + 1 < r.len() {
                let _ = write!(line, "{cell:<w$}  ", w = widths[c]);
            } else {
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    /// A snippet shows no character a reader cannot see (beyond ASCII,
    /// which the renderer shows as control pictures): each is `�`, and a
    /// label after them still points at its character.
    #[test]
    fn a_snippet_shows_hidden_characters_as_replacements_and_labels_move_with_them() {
        let text = "title = \"a\u{200F}b\u{061C}c\u{2028}d\u{0085}e\u{FEFF}f\" x\n";
        let plan = crate::test_plan(&[
            ("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
            ("features/a.toml", text),
        ]);
        let Some(d) = plan
            .diagnostics
            .iter()
            .find(|d| d.primary.as_ref().is_some_and(|l| l.span.start > 0))
        else {
            panic!("no problem with a place: {:?}", plan.diagnostics);
        };
        let shown = super::render(d, &plan.files, false);
        for c in ['\u{200F}', '\u{061C}', '\u{2028}', '\u{0085}', '\u{FEFF}'] {
            assert!(!shown.contains(c), "{c:?} in\n{shown}");
        }
        assert!(shown.contains("title = \"a�b�c�d�e�f\" x"), "{shown}");
        // The caret under the `x`, 23 columns in.
        assert!(shown.contains(&format!("\n  |{}^", " ".repeat(23))), "{shown}");
        // The offsets of the file, in the text shown: after the five
        // replacements (3, 2, 3, 2 and 3 bytes each, 3 bytes now), +2.
        let source = super::Shown::of(text);
        let end_of_title = text.find("\" x").unwrap_or(0);
        assert_eq!(source.at(end_of_title), end_of_title + 2);
        assert_eq!(source.at(3), 3);
        assert_eq!(&source.text[source.at(end_of_title)..][..1], "\"");
    }
}
