//! The content lines of an iCalendar file (RFC 5545, section 3.1): TEXT
//! values escaped, lines folded at 75 octets, CRLF line endings.

use crate::model::Date;

/// The longest line, in octets, without its CRLF (RFC 5545, 3.1: "Lines of
/// text SHOULD NOT be longer than 75 octets").
pub const MAX_LINE: usize = 75;

/// A TEXT value (RFC 5545, 3.3.11) of one line: each character a page or a
/// terminal would act on replaced as in every other output
/// ([`crate::text::shown`]), line breaks and tabs by spaces; then `\`, `;`
/// and `,` escaped.
pub fn text(s: &str) -> String {
    escape(&crate::text::shown(s, false))
}

/// A TEXT value of several lines (a description): as [`text`], but a line
/// break is kept, as `\n`, and a tab as it is.
pub fn multiline(s: &str) -> String {
    escape(&crate::text::shown(s, true))
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// A DATE value (RFC 5545, 3.3.4): `20260316`.
pub fn date(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.0.year(), d.0.month(), d.0.day())
}

/// A DATE-TIME in UTC (RFC 5545, 3.3.5, form 2): midnight at the start of `d`.
pub fn midnight_utc(d: Date) -> String {
    format!("{}T000000Z", date(d))
}

/// An iCalendar file being written: content lines, each folded and ended
/// with CRLF.
#[derive(Default)]
pub struct Lines {
    out: String,
}

impl Lines {
    /// A content line `NAME:VALUE` (`name` may carry parameters,
    /// `DTSTART;VALUE=DATE`), `value` already escaped.
    pub fn line(&mut self, name: &str, value: &str) {
        fold_into(&mut self.out, &format!("{name}:{value}"));
        self.out.push_str("\r\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

/// Writes `line` into `out` folded (RFC 5545, 3.1): a CRLF and one space
/// before each piece that would take the line past [`MAX_LINE`] octets,
/// the space counting towards the next line's octets. A line is never cut
/// inside a UTF-8 character, nor between a backslash and the character it
/// escapes (readers unfold before they unescape, but some do not).
pub fn fold_into(out: &mut String, line: &str) {
    let mut used = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut end = i + c.len_utf8();
        if c == '\\'
            && let Some(&(j, next)) = chars.peek()
        {
            end = j + next.len_utf8();
            chars.next();
        }
        let piece = &line[i..end];
        if used + piece.len() > MAX_LINE {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push_str(piece);
        used += piece.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_into(&mut out, line);
        out
    }

    #[test]
    fn escapes_text_as_rfc_5545_says() {
        assert_eq!(text(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(text("two\nlines"), "two lines");
        assert_eq!(multiline("two\r\nlines\tx"), r"two\nlines	x");
        assert_eq!(text("bell\u{7} rtl\u{202E}"), "bell\u{FFFD} rtl\u{FFFD}");
        // A colon needs no escape in a value.
        assert_eq!(text("a: b"), "a: b");
    }

    #[test]
    fn folds_at_75_octets_without_cutting_a_character() {
        let short = "X".repeat(75);
        assert_eq!(folded(&short), short);
        let long = "X".repeat(76);
        assert_eq!(folded(&long), format!("{}\r\n X", "X".repeat(75)));
        // 'é' is 2 octets: 37 of them are 74 octets; the 38th does not fit
        // in 75 and starts the next line.
        let accents = "é".repeat(40);
        let out = folded(&accents);
        let lines: Vec<&str> = out.split("\r\n").collect();
        assert_eq!(lines[0], "é".repeat(37));
        assert_eq!(lines[1], format!(" {}", "é".repeat(3)));
        for l in &lines {
            assert!(l.len() <= MAX_LINE, "{l:?}");
        }
        // Unfolding gives the line back.
        assert_eq!(out.replace("\r\n ", ""), accents);
    }

    #[test]
    fn never_cuts_an_escape() {
        // The backslash would be the 75th octet: it moves to the next line
        // with what it escapes.
        let line = format!("{}\\,b", "a".repeat(74));
        assert_eq!(folded(&line), format!("{}\r\n \\,b", "a".repeat(74)));
    }

    #[test]
    fn writes_dates() {
        let d = Date::parse("2026-03-02").unwrap();
        assert_eq!(date(d), "20260302");
        assert_eq!(midnight_utc(d), "20260302T000000Z");
    }
}
