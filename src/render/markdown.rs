//! Escaping user text for Markdown output.
//!
//! Titles, names, descriptions and mitigations come from the plan's authors
//! and end up in tables, lists and PR comments. [`inline`] makes any such
//! text one line of literal Markdown: it cannot end a table cell, open a
//! code span, start a list or heading, or inject HTML; [`code`] puts an id
//! or a path in a code span when that is safe.

/// One line of literal text, safe in a paragraph, a list item or a table
/// cell (GitHub-flavoured Markdown).
///
/// - Line breaks and runs of white space become one space.
/// - Any other character a terminal or a page acts on (a control, a
///   bidirectional override: see [`crate::text`]) becomes `�`.
/// - `<` and `>` become `&lt;` and `&gt;`, and a `&` that would start an
///   entity (`&lt;`) becomes `&amp;`, so no HTML tag or entity survives.
/// - Every other ASCII punctuation character that Markdown gives a meaning
///   to (`\ ` * _ [ ] ( ) { } # + - . ! | ~ = :`) is backslash-escaped
///   where it could matter: always for `\ ` * _ [ ] | ~`, and at the start
///   of the text for `# + - = !` and a `1.`-style list marker. A `|` is
///   escaped so it never ends a table cell, even inside a code span.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut first = true;
    // ASCII text (most) splits on ASCII whitespace, without decoding
    // characters; the vertical tab is whitespace to Unicode, not to ASCII.
    let words: &mut dyn Iterator<Item = &str> = if text.is_ascii() && !text.contains('\x0B') {
        &mut text.split_ascii_whitespace()
    } else {
        &mut text.split_whitespace()
    };
    for word in words {
        if !first {
            out.push(' ');
        }
        escape_word(word, first, &mut out);
        first = false;
    }
    out
}

/// Whether [`inline`] gives `text` back as it is: words one space apart,
/// with no other white space, nothing to escape and no list or heading
/// marker (nor digit) at the start. Most titles, names, commit subjects and
/// change details (`estimate: 3d → 5d`) are, and the `md` filter then
/// passes them on without copying them.
pub fn is_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    let ascii_ok = |b: u8| matches!(b, b' '..=b'~') && !escaped(b);
    !bytes.first().is_some_and(|&b| b == b' ' || starts_block(b))
        && bytes.last() != Some(&b' ')
        && if text.is_ascii() {
            bytes.iter().all(|&b| ascii_ok(b))
        } else {
            // Beyond ASCII only white space (`inline` makes it one space)
            // and what is not shown (replaced) change.
            text.chars().all(|c| {
                if c.is_ascii() {
                    ascii_ok(c as u8)
                } else {
                    !c.is_whitespace() && crate::text::is_shown(c, false)
                }
            })
        }
        && !text.contains("  ")
}

/// The ASCII characters escaped (or, for `&`, possibly escaped) wherever
/// they are: [`escape_chars`] says how.
fn escaped(b: u8) -> bool {
    matches!(
        b,
        b'<' | b'>' | b'&' | b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'|' | b'~'
    )
}

/// The characters that may start a heading, list or rule at the start of
/// the text (a digit: an ordered list item, `1.`), escaped or looked at
/// closer there.
fn starts_block(b: u8) -> bool {
    matches!(b, b'#' | b'+' | b'-' | b'=' | b'!' | b'0'..=b'9')
}

/// An id, a path or a value in a code span when it holds nothing a code span
/// cannot (backticks, `|` in a table); escaped plain text, as [`inline`]
/// makes it, otherwise.
pub fn code(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | '.' | ':' | '+' | ' ' | ',' | '(' | ')')
        });
    if plain { format!("`{text}`") } else { inline(text) }
}

fn escape_word(word: &str, at_start: bool, out: &mut String) {
    // Most words have nothing to escape: copied whole.
    let first_plain = !at_start || !word.as_bytes().first().is_some_and(|&b| starts_block(b));
    let clean = !word.bytes().any(|b| escaped(b) || b.is_ascii_control())
        && (word.is_ascii() || word.chars().all(|c| crate::text::is_shown(c, false)));
    if first_plain && clean {
        out.push_str(word);
    } else {
        escape_chars(word, at_start, out);
    }
}

/// [`escape_word`], character by character.
fn escape_chars(word: &str, at_start: bool, out: &mut String) {
    for (i, c) in word.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Only where it would start an entity (`&lt;`, `&#60;`).
            '&' if starts_entity(&word[i + 1..]) => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            // Block markers only mean something at the start of a line;
            // the text is one line, so only its first character matters.
            '#' | '+' | '-' | '=' | '!' if at_start && i == 0 => {
                out.push('\\');
                out.push(c);
            }
            // `1. text` or `1) text` would start an ordered list.
            '.' | ')' if at_start && i > 0 && word[..i].bytes().all(|b| b.is_ascii_digit()) => {
                out.push('\\');
                out.push(c);
            }
            // `![` and `](` are already covered by escaping the brackets.
            c if crate::text::is_shown(c, false) => out.push(c),
            _ => out.push(crate::text::REPLACEMENT),
        }
    }
}

/// Whether the text after a `&` reads as the rest of an HTML entity.
fn starts_entity(rest: &str) -> bool {
    let name_len = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name_len > 0 && rest.as_bytes().get(name_len) == Some(&b';')
}

#[cfg(test)]
mod tests {
    use super::{code, escape_chars, escape_word, inline, is_plain};
    use proptest::prelude::*;

    proptest! {
        /// Words copied whole come out as escaping them character by
        /// character would.
        #[test]
        fn the_fast_path_escapes_as_the_slow_one(word in "[a-z0-9#+=!.)&;<>|*_~`\\\\\\[\\]é-]{1,12}", at_start: bool) {
            let (mut fast, mut slow) = (String::new(), String::new());
            escape_word(&word, at_start, &mut fast);
            escape_chars(&word, at_start, &mut slow);
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn plain_text_is_what_inline_gives_back(text in "[ a-z0-9#+=!.)&;<>|*_~`\\\\\\[\\]\t\né-]{0,16}") {
            if is_plain(&text) {
                prop_assert_eq!(inline(&text), text);
            }
        }

        #[test]
        fn plain_words_are_what_inline_gives_back(text in "[a-zA-Z0-9 .,:;()!#=+→é\u{a0}\u{2003}-]{0,20}") {
            if is_plain(&text) {
                prop_assert_eq!(inline(&text), text);
            }
        }
    }

    #[test]
    fn plain_text_is_recognised() {
        for plain in [
            "",
            "Add single sign-on",
            "v1.2 - fix",
            "Chloe Okafor",
            "a.b(c) {d}: e",
            "estimate: 3d → 5d",
            "café",
        ] {
            assert!(is_plain(plain), "{plain:?}");
            assert_eq!(inline(plain), plain);
        }
        for not in [
            "# x",
            "1. first",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\u{a0}b",
            "a\u{2003}b",
            "à\u{3000}",
            "AT&T",
            "a|b",
            "-x",
            "\u{7f}",
        ] {
            assert!(!is_plain(not), "{not:?}");
        }
    }

    #[test]
    fn code_spans_hold_only_what_they_can() {
        assert_eq!(code("auth/sso"), "`auth/sso`");
        assert_eq!(code("plan/features/b.toml:5"), "`plan/features/b.toml:5`");
        assert_eq!(code("alpha (SS, lag 2d)"), "`alpha (SS, lag 2d)`");
        assert_eq!(code("a|`b`"), "a\\|\\`b\\`");
        assert_eq!(code("<x>"), "&lt;x&gt;");
        assert_eq!(code(""), "");
    }

    /// Found by the `escape` fuzz target: text that reaches a template
    /// without passing the decoder (a template's own value, a commit
    /// subject) kept its escape sequences and bidi overrides.
    #[test]
    fn control_and_bidi_characters_never_pass() {
        assert_eq!(inline("Bad \u{1b}[31mRED\u{7}"), "Bad \u{FFFD}\\[31mRED\u{FFFD}");
        assert_eq!(inline("abc\u{202E}def\u{2066}"), "abc\u{FFFD}def\u{FFFD}");
        assert_eq!(inline("\u{0}x\u{9b}"), "\u{FFFD}x\u{FFFD}");
        for text in ["a\u{1b}", "abc\u{202E}", "x\u{9b}", "\u{7f}"] {
            assert!(!is_plain(text), "{text:?}");
        }
        assert_eq!(code("a\u{1b}b"), "a\u{FFFD}b");
    }

    #[test]
    fn any_whitespace_separates_words() {
        assert_eq!(inline(" a\tb\x0Bc\x0C d\r\n"), "a b c d");
        assert_eq!(inline("é\u{2003}*x*"), "é \\*x\\*");
    }

    #[test]
    fn neutralises_markdown_and_html() {
        assert_eq!(inline("a | b"), "a \\| b");
        assert_eq!(
            inline("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(inline("`code` and *bold* _it_"), "\\`code\\` and \\*bold\\* \\_it\\_");
        assert_eq!(inline("line one\nline two\r\n\tthree"), "line one line two three");
        assert_eq!(inline("# heading"), "\\# heading");
        assert_eq!(inline("- item"), "\\- item");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("12) x"), "12\\) x");
        assert_eq!(inline("v1.2 - fix"), "v1.2 - fix");
        assert_eq!(inline("C:\\path"), "C:\\\\path");
        assert_eq!(inline("[link](http://x)"), "\\[link\\](http://x)");
        assert_eq!(inline("AT&T and R & D"), "AT&T and R & D");
        assert_eq!(inline("&lt;b&gt; &#60;"), "&amp;lt;b&amp;gt; &amp;#60;");
        assert_eq!(inline("  "), "");
    }
}
