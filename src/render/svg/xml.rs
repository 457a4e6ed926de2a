//! Text and numbers as the SVG holds them.
//!
//! Text from the plan goes through [`line`] (what is shown: the policy of
//! [`crate::text`], control and bidirectional characters replaced, on one
//! line) and then [`escape`] (XML: no markup survives). Numbers are written
//! by [`num`], rounded to a tenth, so the same chart is the same bytes.

use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// `text` as one line of shown text: control and bidirectional characters
/// replaced ([`crate::text::shown`]), each run of white space one space,
/// trimmed, and the two characters XML refuses that are neither
/// (U+FFFE, U+FFFF) replaced too.
pub fn line(text: &str) -> Cow<'_, str> {
    // Most titles: printable ASCII, one space apart (looked at byte by byte).
    let bytes = text.as_bytes();
    if bytes.iter().all(|b| matches!(b, b' '..=b'~'))
        && bytes.first() != Some(&b' ')
        && bytes.last() != Some(&b' ')
        && !text.contains("  ")
    {
        return Cow::Borrowed(text);
    }
    let shown = crate::text::shown(text, false);
    let plain = !shown.contains(['\u{FFFE}', '\u{FFFF}'])
        && !shown.starts_with(char::is_whitespace)
        && !shown.ends_with(char::is_whitespace)
        && !shown.contains("  ")
        && !shown.contains(|c: char| c.is_whitespace() && c != ' ');
    if plain {
        return shown;
    }
    let mut out = String::with_capacity(shown.len());
    for word in shown.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| match c {
            '\u{FFFE}' | '\u{FFFF}' => crate::text::REPLACEMENT,
            c => c,
        }));
    }
    Cow::Owned(out)
}

/// Appends `text` escaped for an element's content or an attribute's
/// value between double quotes. `text` must be shown text already
/// ([`line`], or text milepost wrote).
pub fn escape(out: &mut String, text: &str) {
    let _ = escape_to(out, text);
}

/// [`escape`], into any writer (a formatter: [`Escaped`]).
fn escape_to(out: &mut impl fmt::Write, text: &str) -> fmt::Result {
    let mut rest = text;
    while let Some(i) = rest.find(['&', '<', '>', '"', '\'']) {
        out.write_str(&rest[..i])?;
        out.write_str(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[i + 1..];
    }
    out.write_str(rest)
}

/// Text from the plan in `format!`: [`line`], then escaped.
pub struct Escaped<'t>(pub &'t str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape_to(f, &line(self.0))
    }
}

/// Appends text from the plan: [`line`], then [`escape`].
pub fn user(out: &mut String, text: &str) {
    escape(out, &line(text));
}

/// A coordinate or length, rounded to a tenth and written without a
/// trailing `.0` (`12`, `12.5`, `-3.2`).
pub struct Num(pub f64);

pub fn num(x: f64) -> Num {
    Num(x)
}

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = if self.0.is_finite() {
            (self.0 * 10.0).round() as i64
        } else {
            0
        };
        let (sign, abs) = if tenths < 0 { ("-", -tenths) } else { ("", tenths) };
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            d => write!(f, "{sign}{}.{d}", abs / 10),
        }
    }
}

/// Appends an attribute, ` name="value"`, its value escaped.
pub fn attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"");
    escape(out, value);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        user(&mut out, text);
        out
    }

    #[test]
    fn markup_in_a_title_is_text() {
        assert_eq!(
            escaped("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(escaped("a \"b\" & 'c'"), "a &quot;b&quot; &amp; &#39;c&#39;");
        assert_eq!(escaped("]]><script>"), "]]&gt;&lt;script&gt;");
    }

    #[test]
    fn what_a_page_would_act_on_or_xml_refuses_is_replaced() {
        assert_eq!(escaped("a\u{1b}[31mb\u{7}"), "a\u{FFFD}[31mb\u{FFFD}");
        assert_eq!(escaped("abc\u{202E}def"), "abc\u{FFFD}def");
        assert_eq!(escaped("x\u{0}y\u{FFFE}z\u{FFFF}"), "x\u{FFFD}y\u{FFFD}z\u{FFFD}");
        assert_eq!(escaped("  two\n\tlines \u{a0} here "), "two lines here");
        assert!(matches!(line("Plain title"), Cow::Borrowed(_)));
        assert!(matches!(line("Ünïcödé title"), Cow::Borrowed(_)));
        assert_eq!(Escaped(" <a>\u{7} ").to_string(), "&lt;a&gt;\u{FFFD}");
    }

    #[test]
    fn numbers_are_rounded_to_a_tenth() {
        let n = |x: f64| num(x).to_string();
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.04), "12");
        assert_eq!(n(12.05), "12.1");
        assert_eq!(n(-3.25), "-3.3");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(0.5), "0.5");
        assert_eq!(n(f64::NAN), "0");
    }
}
