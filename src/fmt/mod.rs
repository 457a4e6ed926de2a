//! `milepost fmt`: a plan file written the one canonical way.
//!
//! - **Order.** Each table's keys in the order `docs/format.md` documents
//!   them ([`shape`]): `title` first in an item, `[project]` first in
//!   `project.toml`, then `[budget]`, `[roles]`, `[[stakeholders]]`,
//!   `[calendar]` and `[[people]]`. Tables and arrays of tables keep their
//!   place as sections or inline tables, and the order of their entries (the
//!   order of `[[people]]` is meaningful). A key the format does not define
//!   keeps its place.
//! - **Quoting.** Keys bare (`tech-lead`, not `"tech-lead"`); strings in
//!   double quotes unless they hold a double quote or a backslash, then in
//!   single quotes; a line break written `\n` in triple quotes; text
//!   written in triple quotes stays as written (its line breaks and `\` at
//!   the ends of lines are its author's layout); a string holding a
//!   character no reader sees ([`crate::text::is_hidden`]) in double quotes
//!   on one line, each such character a `\u` escape; numbers without `_`
//!   separators; dates as TOML writes them (`2026-03-02`).
//! - **Spacing.** `key = value`; no indentation; one blank line before each
//!   `[section]` and none after it; blank lines in a table only before
//!   comments, never two in a row (keys move: a blank line between two
//!   keys would end up anywhere); inline
//!   tables as `{ id = "a", type = "SS" }`; arrays on one line as `["a",
//!   "b"]`, or one entry a line (each indented by two spaces, a comma after
//!   every entry) when they were written over several lines or hold
//!   comments; one line break at the end of the file.
//! - **Comments** stay with what they were written before or after: a
//!   comment line moves with the key below it, a comment at the end of a
//!   line stays on that line.
//!
//! Formatting changes only how the file is written: the same file decodes
//! to the same item (`tests/integration/fmt.rs` checks that on generated
//! files), and formatting a formatted file changes nothing.

pub mod shape;

use std::collections::HashMap;

use toml_edit::{Array, Decor, DocumentMut, InlineTable, Item, Table, Value};

pub use shape::Shape;
use shape::{Child, Shape as S};

/// `text`, a plan file of the kind `shape` describes, formatted. An error
/// when `text` is not TOML (a file that decodes always is).
pub fn format(text: &str, shape: &Shape) -> Result<String, toml_edit::TomlError> {
    let (header, text) = split_header(text);
    let body = format_body(text, shape)?;
    let header = lines(header, Blank::Leading);
    let header = header.trim_end_matches('\n');
    Ok(match (header.is_empty(), body.is_empty()) {
        (true, _) => body,
        (false, true) => format!("{header}\n"),
        (false, false) => format!("{header}\n\n{body}"),
    })
}

/// The file's header, the comment lines at its top that a blank line
/// separates from what follows (`#:schema ...`, a licence): they stay at
/// the top whatever moves below them. Comment lines right above a key
/// belong to that key instead.
fn split_header(text: &str) -> (&str, &str) {
    let mut cut = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() && line.ends_with('\n') {
            cut = at + line.len();
        } else if !trimmed.starts_with('#') || !line.ends_with('\n') {
            break;
        }
        at += line.len();
    }
    text.split_at(cut)
}

/// The file below its header, formatted.
fn format_body(text: &str, shape: &Shape) -> Result<String, toml_edit::TomlError> {
    let mut doc: DocumentMut = text.parse()?;
    let root = doc.as_table_mut();
    let body_first = root.iter().any(|(_, item)| is_body(item));
    table(root, shape);
    let mut position = 0;
    number_sections(root, &mut position, &mut !body_first);
    let trailing = raw(doc.trailing().as_str());
    doc.set_trailing(lines(&trailing, Blank::Middle).trim_end_matches('\n').to_string() + end(&trailing));
    let mut out = doc.to_string();
    // A file of comments only, or empty.
    if out.trim().is_empty() {
        out.clear();
    } else if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// The line break that ends a file's trailing comments, if they are any.
fn end(trailing: &str) -> &'static str {
    if trailing.contains('#') { "\n" } else { "" }
}

fn raw(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

/// Whether `item` is written in its table's body (`key = value`, or a
/// dotted `key.sub = value`) rather than as a `[section]` of its own.
fn is_body(item: &Item) -> bool {
    match item {
        Item::Value(_) => true,
        Item::Table(t) => t.is_dotted(),
        Item::None | Item::ArrayOfTables(_) => false,
    }
}

/// A table's keys in order, its body formatted, and each section in it.
fn table(t: &mut Table, shape: &S) {
    let order = target_order(t.iter().map(|(k, _)| k), shape);
    t.sort_values_by(|k1, _, k2, _| rank(&order, k1.get()).cmp(&rank(&order, k2.get())));
    let mut first = true;
    for (mut key, item) in t.iter_mut() {
        let child = shape.child(key.get());
        match item {
            Item::Value(v) => {
                body_key(&mut key, first);
                first = false;
                value(v, child);
                let suffix = raw(v.decor().suffix().and_then(|s| s.as_str()));
                v.decor_mut().clear();
                v.decor_mut().set_suffix(same_line_comment(&suffix));
            }
            Item::Table(sub) if sub.is_dotted() => {
                first = false;
                dotted(sub, child);
            }
            Item::Table(sub) => {
                header_key(&mut key);
                section(sub, child);
            }
            Item::ArrayOfTables(tables) => {
                header_key(&mut key);
                for sub in tables.iter_mut() {
                    section(sub, child);
                }
            }
            Item::None => {}
        }
    }
}

/// A `[section]` or `[[section]]`: its header's comments, then its table.
fn section(t: &mut Table, child: Child) {
    let decor = t.decor_mut();
    let prefix = raw(decor.prefix().and_then(|s| s.as_str()));
    let suffix = raw(decor.suffix().and_then(|s| s.as_str()));
    let (above, own) = split_above(&prefix);
    decor.set_prefix(format!(
        "{}\n{}",
        lines(above, Blank::Leading),
        lines(own, Blank::Leading)
    ));
    decor.set_suffix(same_line_comment(&suffix));
    table(t, inner(child));
}

/// The comments before a section's header, in two: the comment lines right
/// below the table above (no blank line between) and followed by a blank
/// line stay with that table, as a commented-out key at its end does; the
/// rest are the header's own. TOML puts both before the header.
fn split_above(prefix: &str) -> (&str, &str) {
    let mut offset = 0;
    for line in prefix.split_inclusive('\n') {
        if line.trim().is_empty() {
            // A blank line: after comments, it ends the table's; first,
            // every comment is the header's. (The last piece, without a
            // line break, is only the header's indentation.)
            return if offset > 0 && line.ends_with('\n') {
                prefix.split_at(offset)
            } else {
                ("", prefix)
            };
        }
        offset += line.len();
    }
    ("", prefix)
}

/// A dotted key's table (`value.reach = 1`): its keys in order and its
/// values formatted; how the dotted keys are spaced is left as written.
fn dotted(t: &mut Table, child: Child) {
    let shape = inner(child);
    let order = target_order(t.iter().map(|(k, _)| k), shape);
    t.sort_values_by(|k1, _, k2, _| rank(&order, k1.get()).cmp(&rank(&order, k2.get())));
    for (key, item) in t.iter_mut() {
        match item {
            Item::Value(v) => value(v, shape.child(key.get())),
            Item::Table(sub) if sub.is_dotted() => dotted(sub, shape.child(key.get())),
            _ => {}
        }
    }
}

/// The shape inside a table or an array of tables; a table the format does
/// not define has none, and keeps its keys' order.
fn inner(child: Child) -> &'static S {
    static NONE: S = S { keys: &[] };
    match child {
        Child::Table(s) | Child::Tables(s) => s,
        Child::Leaf => &NONE,
    }
}

/// A key in a table's body: bare when it can be, the comment lines above
/// it kept (at most one blank line in a row, none first in a table).
fn body_key(key: &mut toml_edit::KeyMut<'_>, first: bool) {
    let prefix = raw(key.leaf_decor().prefix().and_then(|s| s.as_str()));
    let has_dots = key.dotted_decor().prefix().is_some();
    key.fmt();
    let blank = if first { Blank::Leading } else { Blank::Middle };
    key.leaf_decor_mut().set_prefix(lines(&prefix, blank));
    if has_dots {
        key.dotted_decor_mut().clear();
    }
}

/// The key of a section's header (`[people]`): bare, no spaces in brackets.
fn header_key(key: &mut toml_edit::KeyMut<'_>) {
    let keep = [key.leaf_decor(), key.dotted_decor()].iter().any(|d| {
        [d.prefix(), d.suffix()]
            .iter()
            .flatten()
            .any(|r| r.as_str().is_none_or(|s| s.contains('#')))
    });
    if !keep {
        key.fmt();
    }
}

/// A value written the default way, its tables' keys in order.
fn value(v: &mut Value, child: Child) {
    match v {
        // Text over several lines (`"""`, `'''`) keeps its author's
        // layout: where its lines break, a `\` at the end of a line.
        Value::String(f) => {
            let raw = f.as_repr().and_then(|r| r.as_raw().as_str());
            if !raw.is_some_and(|r| r.starts_with("\"\"\"") || r.starts_with("'''")) {
                f.fmt();
                // Characters no reader sees stay escapes (TOML's own
                // writing would put them in the file as they are); line
                // breaks and tabs are seen.
                if f.value()
                    .chars()
                    .any(|c| crate::text::is_hidden(c) && !matches!(c, '\n' | '\t'))
                    && let Ok(Value::String(mut escaped)) = escaped(f.value()).parse::<Value>()
                {
                    *escaped.decor_mut() = f.decor().clone();
                    *f = escaped;
                }
            }
        }
        Value::Integer(f) => f.fmt(),
        Value::Float(f) => f.fmt(),
        Value::Boolean(f) => f.fmt(),
        Value::Datetime(f) => f.fmt(),
        Value::Array(a) => array(a, child),
        Value::InlineTable(t) => inline_table(t, inner(child)),
    }
}

/// `s` as a TOML basic string on one line, every character a reader
/// cannot see ([`crate::text::is_hidden`]) written as a `\u` escape.
fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if crate::text::is_hidden(c) && u32::from(c) > 0xFFFF => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)))
            }
            c if crate::text::is_hidden(c) => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn inline_table(t: &mut InlineTable, shape: &S) {
    let order = target_order(t.iter().map(|(k, _)| k), shape);
    t.sort_values_by(|k1, _, k2, _| rank(&order, k1.get()).cmp(&rank(&order, k2.get())));
    for (key, v) in t.iter_mut() {
        value(v, shape.child(key.get()));
    }
    // TOML 1.1 lets an inline table span lines and hold comments: such a
    // table keeps its spacing.
    let mut spaced = t.trailing().as_str().is_none_or(|s| s.contains(['\n', '#']));
    spaced |= t.iter().any(|(_, v)| has_break(v.decor()));
    for (key, _) in t.get_values() {
        spaced |= key
            .iter()
            .any(|k| has_break(k.leaf_decor()) || has_break(k.dotted_decor()));
    }
    if !spaced {
        t.fmt();
        t.set_trailing("");
        t.set_trailing_comma(false);
    }
}

/// An array: on one line, or one entry a line when it was written over
/// several lines or holds comments.
fn array(a: &mut Array, child: Child) {
    let entry = match child {
        Child::Tables(s) => Child::Table(s),
        other => other,
    };
    let mut multiline = a.trailing().as_str().is_none_or(|s| s.contains(['\n', '#']));
    for v in a.iter_mut() {
        value(v, entry);
        multiline |= has_break(v.decor());
    }
    if !multiline {
        a.fmt();
        return;
    }
    for (i, v) in a.iter_mut().enumerate() {
        let decor = v.decor_mut();
        let prefix = raw(decor.prefix().and_then(|s| s.as_str()));
        let suffix = raw(decor.suffix().and_then(|s| s.as_str()));
        let blank = if i == 0 { Blank::Leading } else { Blank::Middle };
        decor.set_prefix(entry_lines(&prefix, blank, "  "));
        if !suffix.contains('#') {
            decor.set_suffix("");
        }
    }
    let trailing = raw(a.trailing().as_str());
    a.set_trailing(entry_lines(&trailing, Blank::Middle, ""));
    a.set_trailing_comma(!a.is_empty());
}

/// Whether a decor holds a line break or a comment (or cannot be read).
fn has_break(d: &Decor) -> bool {
    [d.prefix(), d.suffix()]
        .iter()
        .flatten()
        .any(|r| r.as_str().is_none_or(|s| s.contains(['\n', '#'])))
}

/// The comment on the line of what came before, as ` # comment`; nothing
/// when there is none.
fn same_line_comment(s: &str) -> String {
    let line = s.split('\n').next().unwrap_or_default().trim();
    if line.starts_with('#') {
        format!(" {line}")
    } else {
        String::new()
    }
}

/// Whether blank lines may open a run of comment lines.
#[derive(Clone, Copy, PartialEq)]
enum Blank {
    /// First in a table or an array: no blank line before it.
    Leading,
    /// Elsewhere: at most one.
    Middle,
}

/// The whole lines of whitespace and comments in `s` (what follows its
/// last line break is the indentation of what comes next): each comment,
/// or `None` for a blank line; at most one blank line in a row, and only
/// before a comment.
fn comment_lines(s: &str, blank: Blank) -> Vec<Option<&str>> {
    let mut parts: Vec<&str> = s.split('\n').collect();
    parts.pop();
    let mut out: Vec<Option<&str>> = Vec::new();
    for line in parts {
        let line = line.trim();
        if !line.is_empty() {
            out.push(Some(line));
        } else if out.last().is_some_and(Option::is_some) || (out.is_empty() && blank == Blank::Middle) {
            out.push(None);
        }
    }
    // A blank line separates comments, not keys: keys move.
    if out.last().is_some_and(Option::is_none) {
        out.pop();
    }
    out
}

/// The comment lines before a key in a table's body or a section's header,
/// not indented.
fn lines(s: &str, blank: Blank) -> String {
    let mut out = String::new();
    for line in comment_lines(s, blank) {
        out.push_str(line.unwrap_or_default());
        out.push('\n');
    }
    out
}

/// What comes before an entry of an array written one entry a line (or
/// before its `]`, with `indent` empty): the comment left on the line
/// before, the comment lines indented by two spaces, a line break and
/// `indent`.
fn entry_lines(s: &str, blank: Blank, indent: &str) -> String {
    let mut out = same_line_comment(s);
    let whole = s.find('\n').map_or("", |i| &s[i + 1..]);
    for line in comment_lines(whole, blank) {
        out.push('\n');
        if let Some(comment) = line {
            out.push_str("  ");
            out.push_str(comment);
        }
    }
    out.push('\n');
    out.push_str(indent);
    out
}

/// Where each key goes: the keys the format defines take the places such
/// keys held, in the documented order; any other key keeps its place.
fn target_order<'k>(keys: impl Iterator<Item = &'k str>, shape: &S) -> HashMap<String, usize> {
    let keys: Vec<&str> = keys.collect();
    let mut known: Vec<&str> = keys.iter().copied().filter(|k| shape.rank(k).is_some()).collect();
    known.sort_by_key(|k| shape.rank(k));
    let mut known = known.into_iter();
    keys.iter()
        .enumerate()
        .map(|(slot, k)| {
            let key = if shape.rank(k).is_some() {
                known.next().unwrap_or(k)
            } else {
                k
            };
            (key.to_string(), slot)
        })
        .collect()
}

fn rank(order: &HashMap<String, usize>, key: &str) -> usize {
    order.get(key).copied().unwrap_or(usize::MAX)
}

/// Numbers the sections in the order of the (sorted) keys, which is the
/// order they are written in; the first loses its blank line when nothing
/// comes before it.
fn number_sections(t: &mut Table, position: &mut isize, first: &mut bool) {
    for (_, item) in t.iter_mut() {
        match item {
            Item::Table(sub) if !sub.is_dotted() => {
                numbered(sub, position, first);
                number_sections(sub, position, first);
            }
            Item::ArrayOfTables(tables) => {
                for sub in tables.iter_mut() {
                    numbered(sub, position, first);
                    number_sections(sub, position, first);
                }
            }
            _ => {}
        }
    }
}

fn numbered(t: &mut Table, position: &mut isize, first: &mut bool) {
    t.set_position(Some(*position));
    *position += 1;
    if std::mem::take(first) {
        let prefix = raw(t.decor().prefix().and_then(|s| s.as_str()));
        t.decor_mut().set_prefix(prefix.trim_start_matches('\n').to_string());
    }
}

#[cfg(test)]
mod tests;
