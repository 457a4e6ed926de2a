//! Where a key or a table written twice in a TOML file was first written,
//! for the syntax error that the parser reports at the second one.
//!
//! Read from the text, line by line back from the second: the first is in
//! the same table, so the search stops at the header that starts it (for a
//! key) or at the `[[array]]` element that holds it (for a sub-table), and
//! lines inside multi-line strings are not read as keys or headers. Only
//! what is written the same way is found: `[ budget ]` is not `[budget]`
//! for this, and a key inside an inline table is not pointed at (better no
//! pointer than a wrong one).

use crate::span::Span;

/// Where what is written twice at `span` (the parser's position of the
/// second) was first written: the key or the table's name on its line.
pub(super) fn first_written(text: &str, span: Span) -> Option<Span> {
    let lines = code_lines(text);
    let start = span.start as usize;
    // The line of the second, read as code.
    let at = lines.iter().rposition(|&(from, _, _)| from <= start)?;
    let (from, line, code) = lines[at];
    if !code {
        return None;
    }
    let lead = line.len() - line.trim_start().len();
    if let Some(header) = header_of(line) {
        for &(from, earlier, code) in lines[..at].iter().rev() {
            let Some(other) = code.then(|| header_of(earlier)).flatten() else {
                continue;
            };
            if other == header {
                return Some(name_span(from, earlier));
            }
            // An element of an array of tables that holds this sub-table.
            if let Some(array) = other.strip_prefix("[[").and_then(|h| h.strip_suffix("]]"))
                && header.trim_matches(['[', ']']).starts_with(&format!("{array}."))
            {
                return None;
            }
        }
        return None;
    }
    // A key: only one written before its line's `=` (a dotted key's last
    // part too), not one inside an inline table after it.
    let key = key(line)?;
    let before_equals = line.find('=')?;
    if start < from + lead || start >= from + before_equals {
        return None;
    }
    for &(from, earlier, code) in lines[..at].iter().rev() {
        if !code {
            continue;
        }
        if header_of(earlier).is_some() {
            return None;
        }
        if self::key(earlier) == Some(key.clone()) {
            let lead = earlier.len() - earlier.trim_start().len();
            let written = earlier[lead..].split('=').next().unwrap_or("").trim_end().len();
            return Some(Span::new(from + lead, from + lead + written));
        }
    }
    None
}

/// Each line of `text` with where it starts, and whether it starts as
/// code (not inside a multi-line string).
fn code_lines(text: &str) -> Vec<(usize, &str, bool)> {
    let mut out = Vec::new();
    let mut at = 0;
    // The closing quotes of the multi-line string open at a line's end.
    let mut open: Option<&str> = None;
    for line in text.split_inclusive('\n') {
        out.push((at, line.trim_end_matches(['\n', '\r']), open.is_none()));
        open = strings_after(line, open);
        at += line.len();
    }
    out
}

/// Which multi-line string is open at the end of `line`, given the one
/// open at its start.
fn strings_after<'q>(line: &str, mut open: Option<&'q str>) -> Option<&'q str> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &line[i..];
        match open {
            Some(close) => {
                if close == "\"\"\"" && rest.starts_with('\\') {
                    // The backslash and the character it escapes.
                    i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                    continue;
                }
                if rest.starts_with(close) {
                    open = None;
                    i += 3;
                    continue;
                }
            }
            None => {
                if rest.starts_with("\"\"\"") {
                    open = Some("\"\"\"");
                    i += 3;
                    continue;
                }
                if rest.starts_with("'''") {
                    open = Some("'''");
                    i += 3;
                    continue;
                }
                if rest.starts_with('#') {
                    return None;
                }
                // A one-line string: to its closing quote.
                if let Some(q) = rest.chars().next().filter(|&c| c == '"' || c == '\'') {
                    let mut j = 1;
                    while let Some(c) = rest[j..].chars().next() {
                        if c == '\\' && q == '"' {
                            j += 1 + rest[j + 1..].chars().next().map_or(0, char::len_utf8);
                            continue;
                        }
                        j += c.len_utf8();
                        if c == q {
                            break;
                        }
                    }
                    i += j;
                    continue;
                }
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    open
}

/// The header `line` is, as written (comment and spaces around it left
/// out): `[budget]`, `[[people]]`.
fn header_of(line: &str) -> Option<String> {
    let t = line.trim_start();
    if !t.starts_with('[') {
        return None;
    }
    let end = t.rfind(']')?;
    Some(t[..=end].to_string())
}

/// Where the name of the header on `line` (starting at `from`) is: after
/// its brackets.
fn name_span(from: usize, line: &str) -> Span {
    let lead = line.len() - line.trim_start().len();
    let t = line.trim_start();
    let open = t.len() - t.trim_start_matches('[').len();
    let name = t[open..].split(']').next().unwrap_or("");
    Span::new(from + lead + open, from + lead + open + name.len())
}

/// The key a `key = value` line sets, as written before its `=` (spaces
/// around dots left out); `None` for any other line.
fn key(line: &str) -> Option<String> {
    let t = line.trim_start();
    if t.starts_with(['[', '#', '{']) {
        return None;
    }
    let (key, _) = t.split_once('=')?;
    let key: String = key.split('.').map(str::trim).collect::<Vec<_>>().join(".");
    (!key.is_empty() && !key.contains(['{', '[', ',', ' '])).then_some(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line:column (1-based) of `first_written` for the last `needle`
    /// in `text`, with the parser's span: `needle`'s bytes.
    fn first(text: &str, needle: &str) -> Option<(usize, usize)> {
        let at = text.rfind(needle)?;
        let span = first_written(text, Span::new(at, at + needle.len()))?;
        let before = &text[..span.start as usize];
        Some((
            before.matches('\n').count() + 1,
            before.rsplit('\n').next()?.chars().count() + 1,
        ))
    }

    #[test]
    fn the_first_is_in_the_same_table() {
        // A key of the second person, not the first's nor a time off's.
        let people = "[[people]]\nid = \"a\"\nname = \"A\"\n[[people]]\nid = \"b\"\nname = \"B\"\ntime-off = [{ from = 2026-03-02, to = 2026-03-03, name = \"V\" }]\nname = \"C\"\n";
        assert_eq!(first(people, "name = \"C\""), Some((6, 1)));
        // Not a key of an inline table before it.
        let inline = "title = \"A\"\nvalue = { title = \"x\" }\ntitle = \"B\"\n";
        assert_eq!(first(inline, "title = \"B\""), Some((1, 1)));
        // A repeated `[project]`: its first `name`, not a holiday's.
        let project = "[project]\nname = \"P\"\n[calendar]\nholidays = [{ date = 2026-04-03, name = \"Good Friday\" }]\n[project]\nname = \"U\"\n";
        assert_eq!(first(project, "[project]"), Some((1, 2)));
        // A sub-table repeated under the second element of an array: not
        // the first element's.
        let sub = "[[people]]\nid = \"a\"\n[people.extra]\nx = 1\n[[people]]\nid = \"b\"\n[people.extra]\nx = 2\n[people.extra]\n";
        assert_eq!(first(sub, "[people.extra]"), Some((7, 2)));
        let sub_first = "[[people]]\nid = \"a\"\n[people.extra]\nx = 1\n[[people]]\nid = \"b\"\n[people.extra]\n";
        assert_eq!(first(sub_first, "[people.extra]"), None);
        // Dotted keys, as written (the parser points at the last part).
        let dotted = "impact.days = 1\nimpact.cost = 2\nimpact.days = 3\n";
        assert_eq!(first(dotted, "impact.days = 3"), Some((1, 1)));
        assert_eq!(first(dotted, "days = 3"), Some((1, 1)));
        // A key inside an inline table: no pointer.
        let inline_twice = "value = { reach = 1, reach = 2 }\n";
        assert_eq!(first(inline_twice, "reach = 2"), None);
    }

    #[test]
    fn lines_inside_strings_are_not_read() {
        let text = "description = \"\"\"\n[impact]\ndays = 1\n\"\"\"\n[impact]\ndays = 2\n[impact]\n";
        assert_eq!(first(text, "[impact]"), Some((5, 2)));
        let key = "description = '''\ntitle = \"x\"\n'''\ntitle = \"A\"\ntitle = \"B\"\n";
        // An escape of a wide character inside a multi-line string.
        let wide = "note = \"\"\"\\é\ntitle = \"x\"\n\"\"\"\ntitle = \"A\"\ntitle = \"B\"\n";
        assert_eq!(first(wide, "title = \"B\""), Some((4, 1)));
        assert_eq!(first(key, "title = \"B\""), Some((4, 1)));
        // An escaped quote and a `#` inside one-line strings open nothing.
        let escaped = "a = \"x\\\"y\"\nb = \"# not a comment\"\ntitle = \"A\"\ntitle = \"B\"\n";
        assert_eq!(first(escaped, "title = \"B\""), Some((3, 1)));
        // A comment holding quotes opens nothing either.
        let comment = "# see \"\"\"\ntitle = \"A\"\ntitle = \"B\"\n";
        assert_eq!(first(comment, "title = \"B\""), Some((2, 1)));
    }

    #[test]
    fn crlf_and_wide_characters_keep_columns() {
        let text = "title = \"é日本\"\r\nestimate = \"1d\"\r\ntitle = \"B\"\r\n";
        assert_eq!(first(text, "title = \"B\""), Some((1, 1)));
        let text = "note = \"日本\"\r\n[budget]\r\ntotal = 1\r\n[budget]\r\n";
        assert_eq!(first(text, "[budget]"), Some((2, 2)));
    }

    /// No text and no position makes it panic: fragments of strings,
    /// escapes, wide characters and headers, put together at random, with
    /// the second at every character.
    #[test]
    fn any_text_any_position() {
        const PARTS: [&str; 14] = [
            "\"\"\"", "'''", "\\", "é", "日", "[a]", "[[a]]", "a = 1", "\n", "\r\n", "\"", "'", "#", " = ",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..2_000 {
            let mut text = String::new();
            for _ in 0..12 {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push_str(PARTS[(state % PARTS.len() as u64) as usize]);
            }
            for (at, _) in text.char_indices() {
                let _ = first_written(&text, Span::new(at, text.len()));
            }
        }
    }
}
