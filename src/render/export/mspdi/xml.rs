//! The text of an MSPDI file: elements one per line, escaped text, and
//! the dates and durations the format spells its own way.

use std::fmt::{Display, Write as _};

use crate::model::Date;

/// Working minutes in a working day: 08:00–12:00 and 13:00–17:00, MS
/// Project's standard calendar.
pub(super) const MINUTES_PER_DAY: i64 = 480;

/// An element-by-element writer, two spaces an indentation level.
pub(super) struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    /// A document whose root element `name` has the default namespace `ns`.
    pub(super) fn new(name: &str, ns: &str) -> Xml {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        let _ = writeln!(out, "<{name} xmlns=\"{ns}\">");
        Xml { out, depth: 1 }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    pub(super) fn open(&mut self, name: &str) {
        self.indent();
        let _ = writeln!(self.out, "<{name}>");
        self.depth += 1;
    }

    pub(super) fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        let _ = writeln!(self.out, "</{name}>");
    }

    /// An element holding a value milepost made (a number, a date): never
    /// text from the plan.
    pub(super) fn leaf(&mut self, name: &str, value: impl Display) {
        self.indent();
        let _ = writeln!(self.out, "<{name}>{value}</{name}>");
    }

    /// An element holding text from the plan, on one line, cut to `max`
    /// characters (the schema's or MS Project's limit).
    pub(super) fn text(&mut self, name: &str, value: &str, max: usize) {
        let value = escape(&cut(value, max), false);
        self.leaf(name, value);
    }

    /// An element holding text from the plan that may run over several
    /// lines (notes).
    pub(super) fn notes(&mut self, name: &str, value: &str) {
        let value = escape(value, true);
        self.leaf(name, value);
    }

    pub(super) fn bool(&mut self, name: &str, value: bool) {
        self.leaf(name, u8::from(value));
    }

    /// Closes the root element `name` and gives the text.
    pub(super) fn finish(mut self, name: &str) -> String {
        self.depth = 0;
        let _ = writeln!(self.out, "</{name}>");
        self.out
    }
}

/// `value` cut to at most `max` characters, the last one `…` when cut.
fn cut(value: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(max) {
        None => value.into(),
        Some(_) => {
            let mut s: String = value.chars().take(max.saturating_sub(1)).collect();
            s.push('…');
            s.into()
        }
    }
}

/// Text from the plan as XML character data: what milepost never shows
/// (controls, bidirectional overrides: [`crate::text`]) replaced as every
/// output replaces it, the two non-characters XML forbids (U+FFFE,
/// U+FFFF) too, and `& < > "` escaped. One line unless `multiline` (which
/// keeps line breaks and tabs).
pub(super) fn escape(value: &str, multiline: bool) -> String {
    let shown = crate::text::shown(value, multiline);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\u{FFFE}' | '\u{FFFF}' => out.push(crate::text::REPLACEMENT),
            c => out.push(c),
        }
    }
    out
}

/// A moment of a working day: its start (08:00) or its end (17:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Instant {
    pub date: Date,
    /// The end of the working day rather than its start.
    pub end: bool,
}

impl Instant {
    pub(super) fn start_of(date: Date) -> Instant {
        Instant { date, end: false }
    }

    pub(super) fn end_of(date: Date) -> Instant {
        Instant { date, end: true }
    }
}

impl Display for Instant {
    /// `2026-03-02T08:00:00`, as `xsd:dateTime` without a time zone.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let time = if self.end { "17:00:00" } else { "08:00:00" };
        write!(f, "{}T{time}", self.date)
    }
}

/// A date at midnight (calendar exceptions start there) or, `last`, at
/// 23:59 (where they end).
pub(super) fn day_bound(date: Date, last: bool) -> String {
    format!("{date}T{}", if last { "23:59:00" } else { "00:00:00" })
}

/// An `xsd:duration` of working minutes as MS Project writes one:
/// `PT24H0M0S` for three working days.
pub(super) fn duration(minutes: i64) -> String {
    let minutes = minutes.max(0);
    format!("PT{}H{}M0S", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_the_plan_cannot_break_out_of_its_element() {
        assert_eq!(
            escape("<img src=x onerror=alert(1)> & \"q\"", false),
            "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(
            escape("a\u{1b}[31mb\u{202E}c\u{FFFF}", false),
            "a\u{FFFD}[31mb\u{FFFD}c\u{FFFD}"
        );
        assert_eq!(escape("two\nlines", false), "two lines");
        assert_eq!(escape("two\r\nlines\t", true), "two\nlines\t");
    }

    #[test]
    fn long_text_is_cut_to_the_limit_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 6), "abcdef");
        assert_eq!(cut("abcdefg", 6), "abcde…");
        assert_eq!(cut("ééééééé", 3).chars().count(), 3);
    }

    #[test]
    fn durations_are_hours_and_minutes() {
        assert_eq!(duration(3 * MINUTES_PER_DAY), "PT24H0M0S");
        assert_eq!(duration(90), "PT1H30M0S");
        assert_eq!(duration(-5), "PT0H0M0S");
    }

    #[test]
    fn instants_are_the_start_or_the_end_of_a_working_day() {
        let d = Date::parse("2026-03-02").unwrap();
        assert_eq!(Instant::start_of(d).to_string(), "2026-03-02T08:00:00");
        assert_eq!(Instant::end_of(d).to_string(), "2026-03-02T17:00:00");
        assert!(Instant::start_of(d) < Instant::end_of(d));
        assert_eq!(day_bound(d, true), "2026-03-02T23:59:00");
    }
}
