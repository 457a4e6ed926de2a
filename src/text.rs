//! Text from outside (plan files, commit messages) as milepost shows it:
//! control characters (an escape sequence, a bell, a NUL) and
//! bidirectional overrides (the "Trojan Source" characters,
//! CVE-2021-42574) never reach an output for people, whatever its format
//! or template.

use std::borrow::Cow;

/// The character shown in place of one that is not.
pub const REPLACEMENT: char = '\u{FFFD}';

/// The characters that change the direction text is shown in, which can
/// make text read differently from what it is (rustc's list for its
/// `text_direction_codepoint` lints).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` is a character a reader of the text cannot see, or that
/// changes how the text around it is read: a control or bidirectional
/// character, a line or paragraph separator, a zero-width space or word
/// joiner, a byte order mark. `fmt` writes them as `\u` escapes, never as
/// they are.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The line and paragraph separators (U+2028, U+2029): line breaks to a
/// browser or an editor, where a terminal shows nothing.
pub fn is_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// Whether `c` may be shown as it is in text of one line (`multiline`:
/// of several, where line breaks and tabs are kept).
pub fn is_shown(c: char, multiline: bool) -> bool {
    !(c.is_control() || is_bidi(c) || is_separator(c)) || (multiline && matches!(c, '\n' | '\t'))
}

/// `s` as shown: each character that is not shown replaced (a line break,
/// a line separator or a tab in one-line text by a space, a line separator
/// in multi-line text by a line break, anything else by `�`; a carriage
/// return in multi-line text dropped). Borrowed when nothing changes.
pub fn shown(s: &str, multiline: bool) -> Cow<'_, str> {
    if s.chars().all(|c| is_shown(c, multiline)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| !(multiline && c == '\r'))
            .map(|c| match c {
                c if is_shown(c, multiline) => c,
                c if multiline && is_separator(c) => '\n',
                '\n' | '\r' | '\t' => ' ',
                c if is_separator(c) => ' ',
                _ => REPLACEMENT,
            })
            .collect(),
    )
}

/// Text Git stored in `encoding` (a commit's `encoding` header, which
/// covers its message and names), decoded as `git log` shows it:
/// ISO-8859-1 (Latin-1) and Windows-1252 exactly; UTF-8, no header, or any
/// other encoding read as UTF-8, a byte that is not one shown as U+FFFD.
pub fn decode<'a>(bytes: &'a [u8], encoding: Option<&str>) -> Cow<'a, str> {
    let label = encoding.map(|e| e.trim().to_ascii_lowercase());
    match label.as_deref() {
        Some("iso-8859-1" | "iso8859-1" | "iso_8859-1" | "latin1" | "latin-1" | "l1") => {
            Cow::Owned(bytes.iter().map(|&b| char::from(b)).collect())
        }
        Some("windows-1252" | "cp1252" | "win1252" | "x-cp1252") => {
            Cow::Owned(bytes.iter().map(|&b| cp1252(b)).collect())
        }
        _ => String::from_utf8_lossy(bytes),
    }
}

/// One byte of Windows-1252: Latin-1, but for 0x80 to 0x9F (five of which
/// mean nothing).
fn cp1252(b: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D,
        0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
        0x017E, 0x0178,
    ];
    match b {
        0x80..=0x9F => char::from_u32(u32::from(HIGH[usize::from(b - 0x80)]))
            .filter(|&c| c != '\0')
            .unwrap_or(REPLACEMENT),
        _ => char::from(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit's declared encoding is honoured, as `git log` does: Latin-1
    /// and Windows-1252 byte for byte, anything else read as UTF-8.
    #[test]
    fn decode_honours_latin1_and_windows_1252() {
        assert_eq!(decode(b"caf\xe9 Jos\xe9", Some("ISO-8859-1")), "café José");
        assert_eq!(decode(b"caf\xe9", Some(" latin1 ")), "café");
        assert_eq!(
            decode(b"\x80 \x93x\x94 \x81", Some("windows-1252")),
            "€ \u{201c}x\u{201d} \u{fffd}"
        );
        assert_eq!(decode(b"\x9f", Some("cp1252")), "Ÿ");
        assert_eq!(decode("café".as_bytes(), None), "café");
        assert_eq!(decode(b"caf\xe9", None), "caf\u{fffd}");
        assert_eq!(decode(b"caf\xe9", Some("Shift_JIS")), "caf\u{fffd}");
    }

    #[test]
    fn replaces_what_a_terminal_or_a_page_would_act_on() {
        assert_eq!(shown("plain é 漢", false), "plain é 漢");
        assert!(matches!(shown("plain", false), Cow::Borrowed(_)));
        assert_eq!(shown("a\u{1b}[31mb\u{7}", false), "a\u{FFFD}[31mb\u{FFFD}");
        assert_eq!(shown("two\nlines\tx", false), "two lines x");
        assert_eq!(shown("two\r\nlines\tx", true), "two\nlines\tx");
        assert_eq!(shown("abc\u{202E}def\u{2066}", true), "abc\u{FFFD}def\u{FFFD}");
        // C1 controls and DEL too.
        assert_eq!(shown("a\u{9b}b\u{7f}", false), "a\u{FFFD}b\u{FFFD}");
    }
}
