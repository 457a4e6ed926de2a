//! TOML syntax errors in milepost's words: what the parser reports
//! (`toml_parser`'s description, "invalid basic string, expected `"`"),
//! said as what is wrong in the file and how to write it instead. The
//! parser's own phrasing never reaches the user; its position does.

/// An unclosed string: what is wrong and how to fix it.
const UNCLOSED: (&str, &str) = (
    "a string is not closed: its closing quote is missing",
    "end the text with the quote it starts with, on the same line (`title = \"Login\"`); text of several lines goes between triple quotes `\"\"\"`",
);

/// The parser's descriptions of an unclosed string: said of a control
/// character in one too, when it expected visible characters.
const STRINGS: [&str; 4] = [
    "invalid basic string",
    "invalid literal string",
    "invalid multi-line basic string",
    "invalid multi-line literal string",
];

/// A bare percentage as written (`50%`, `12.5%`), which TOML cannot
/// read: the share it means, as a number to write instead (`0.5`,
/// `0.125`), and whether that is at most the whole (1).
pub(super) fn percentage(written: &str) -> Option<(String, bool)> {
    let number = written.strip_suffix('%')?.trim();
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let share = number.parse::<f64>().ok()? / 100.0;
    share
        .is_finite()
        .then(|| (format!("{}", (share * 1e6).round() / 1e6), share <= 1.0))
}

/// What is wrong and how to fix it, for the parser's error `message`.
pub(super) fn describe(message: &str) -> (&'static str, &'static str) {
    // The parser writes "DESCRIPTION, expected WHAT".
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let what = what.trim();
    if STRINGS.contains(&what) && expected.contains("visible characters") {
        return (
            "a string holds a control character (a tab or a line break inside one-line quotes, or an invisible character)",
            "write a tab as `\\t`, or text of several lines between triple quotes `\"\"\"`; remove any other control character",
        );
    }
    if what.starts_with("cannot extend value of type") {
        return (
            "a dotted key adds to a value that is not a table",
            "`a.b = 1` makes `a` a table: `a` cannot also be set to a value, nor `a.b` after `a.b.c`",
        );
    }
    MEANINGS.iter().find(|m| m.said.contains(&what)).map_or(
        (
            "this is not valid TOML",
            "see https://toml.io for the syntax, or `milepost help format` for what a plan file holds",
        ),
        |m| (m.what, m.fix),
    )
}

/// What the parser says (any of `said`), what is wrong and how to fix it.
struct Meaning {
    said: &'static [&'static str],
    what: &'static str,
    fix: &'static str,
}

/// The parser's descriptions that [`describe`] puts in its own words by
/// looking them up (a control character in a string, and a dotted key
/// extending a value, are told apart before).
const MEANINGS: &[Meaning] = &[
    Meaning {
        said: &STRINGS,
        what: UNCLOSED.0,
        fix: UNCLOSED.1,
    },
    Meaning {
        said: &["missing opening quote"],
        what: UNCLOSED.0,
        fix: UNCLOSED.1,
    },
    Meaning {
        said: &["missing escaped value", "too few unicode value digits"],
        what: "a backslash starts an escape that does not exist",
        fix: "in double quotes a backslash starts an escape (`\\n`, `\\t`, `\\\"`, `\\\\`, `\\u00e9`): write `\\\\` for a backslash itself, or put the text in single quotes ('C:\\path'), where a backslash is only a backslash",
    },
    Meaning {
        said: &["duplicate key"],
        what: "this key or table is written twice",
        fix: "each key is set once in its table, and each `[table]` header appears once: keep one of them",
    },
    Meaning {
        said: &[
            "key with no value",
            "missing value for key",
            "missing value",
            "missing assignment between key-value pairs",
        ],
        what: "a key without its value: `=` and a value are missing",
        fix: "write `key = value` on one line, text in quotes (`title = \"Login\"`)",
    },
    Meaning {
        said: &["extra `=`", "extra assignment between key-value pairs"],
        what: "one `=` too many",
        fix: "write one `=` between a key and its value (`estimate = \"3d\"`)",
    },
    Meaning {
        said: &["string values must be quoted"],
        what: "a value that is not a number, a date, `true` or `false` must be quoted text",
        fix: "put text in quotes (`owner = \"ana\"`, `estimate = \"3d\"`); numbers, dates (`2026-03-02`), `true` and `false` are written bare",
    },
    Meaning {
        said: &[
            "`_` may only go between digits",
            "unexpected sign",
            "unexpected leading zero",
            "redundant numeric sign",
            "redundant integer number prefix",
            "integers with a radix cannot be signed",
            "radix must be lowercase",
            "invalid exponent",
            "invalid mantissa",
            "invalid float",
            "invalid integer",
        ],
        what: "not a number as TOML writes numbers",
        fix: "write digits with `.` for a fraction, with no leading zero or `+` (`3`, `0.5`); a duration is text: `\"3d\"`",
    },
    Meaning {
        said: &["invalid time", "invalid offset", "invalid datetime"],
        what: "not a valid time of day",
        fix: "plan dates are days: write `YYYY-MM-DD` alone (`2026-03-02`), without a time",
    },
    Meaning {
        said: &["invalid date"],
        what: "not a valid date",
        fix: "write a real calendar day as YYYY-MM-DD, e.g. `2026-03-02`",
    },
    Meaning {
        said: &[
            "unclosed inline table",
            "missing inline table opening",
            "missing key for inline table element",
            "missing comma between key-value pairs",
            "extra comma in inline table",
            "invalid inline table element",
        ],
        what: "an inline table `{ … }` is not written right, or not closed on its line",
        fix: "write `{ key = value, other = value }` on one line, one comma between entries",
    },
    Meaning {
        said: &[
            "unclosed array",
            "missing array opening",
            "missing comma between array elements",
            "extra comma in array",
            "unexpected `=` in array",
        ],
        what: "an array `[ … ]` is not written right, or not closed",
        fix: "write values between `[` and `]`, one comma between each (`depends-on = [\"a\", \"b\"]`)",
    },
    Meaning {
        said: &["unclosed table", "unclosed array table", "missing table open"],
        what: "a table header is not closed, or its name is not one name",
        fix: "write a header on a line of its own as `[name]` or `[[name]]`: letters, digits, `-` and `_`, or a quoted name",
    },
    Meaning {
        said: &[
            "unexpected key or value",
            "unexpected content",
            "unexpected content between comment and newline",
        ],
        what: "unexpected text after a value",
        fix: "put each `key = value` on a line of its own; a comment starts with `#`",
    },
    Meaning {
        said: &[
            "unquoted keys cannot be empty",
            "invalid unquoted key",
            "keys cannot be multi-line literal strings",
            "keys cannot be multi-line basic strings",
        ],
        what: "a key is missing, or is not a valid key",
        fix: "a key is letters, digits, `-` and `_` (`estimate`), or text in quotes, before the `=`",
    },
    Meaning {
        said: &[
            "invalid comment character",
            "carriage return must be followed by newline",
            "missing comment start",
        ],
        what: "a control character in the file",
        fix: "remove it: a plan file is plain text, and a comment holds printable characters only",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_percentage_is_the_share_it_means() {
        let share = percentage;
        assert_eq!(share("50%"), Some(("0.5".into(), true)));
        assert_eq!(share("150%"), Some(("1.5".into(), false)));
        assert_eq!(share("12.5%"), Some(("0.125".into(), true)));
        assert_eq!(share("100%"), Some(("1".into(), true)));
        for not in ["%", "50", "fifty%", "-5%", "5%%", "1e3%", ""] {
            assert_eq!(percentage(not), None, "{not}");
        }
    }

    /// Each description the parser gives is in one entry of the table, so
    /// the table's order never decides; `describe` finds each one's words,
    /// and tells a control character in a string and a dotted key apart
    /// before looking up.
    #[test]
    fn each_description_of_the_parser_has_one_meaning() {
        let mut seen = std::collections::HashSet::new();
        for m in MEANINGS {
            for said in m.said {
                assert!(seen.insert(*said), "`{said}` is in two entries of MEANINGS");
                assert!(
                    !said.starts_with("cannot extend value of type"),
                    "`{said}` is told apart before"
                );
                assert_eq!(describe(said), (m.what, m.fix), "{said}");
                assert_eq!(
                    describe(&format!("{said}, expected something")),
                    (m.what, m.fix),
                    "{said}"
                );
            }
        }
        for said in STRINGS {
            let control = describe(&format!("{said}, expected visible characters"));
            assert!(control.0.contains("control character"), "{said}: {control:?}");
            assert_eq!(describe(said), UNCLOSED, "{said}");
        }
        let dotted = describe("cannot extend value of type integer with a dotted key");
        assert!(dotted.0.contains("dotted key"), "{dotted:?}");
        let unknown = describe("something the parser has never said");
        assert!(unknown.0.contains("not valid TOML"), "{unknown:?}");
    }
}
