//! TOML syntax errors in milepost's words: what the parser reports
//! (`toml_parser`'s description, "invalid basic string, expected `"`"),
//! said as what is wrong in the file and how to write it instead. The
//! parser's own phrasing never reaches the user; its position does.

/// What is wrong and how to fix it, for the parser's error `message`.
pub(super) fn describe(message: &str) -> (&'static str, &'static str) {
    // The parser writes "DESCRIPTION, expected WHAT".
    let (what, expected) = message.split_once(", expected ").unwrap_or((message, ""));
    let what = what.trim();
    match what {
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
            if expected.contains("visible characters") =>
        {
            (
                "a string holds a control character (a tab or a line break inside one-line quotes, or an invisible character)",
                "write a tab as `\\t`, or text of several lines between triple quotes `\"\"\"`; remove any other control character",
            )
        }
        "invalid basic string"
        | "invalid literal string"
        | "invalid multi-line basic string"
        | "invalid multi-line literal string"
        | "missing opening quote" => (
            "a string is not closed: its closing quote is missing",
            "end the text with the quote it starts with, on the same line (`title = \"Login\"`); text of several lines goes between triple quotes `\"\"\"`",
        ),
        "missing escaped value" | "too few unicode value digits" => (
            "a backslash starts an escape that does not exist",
            "in double quotes a backslash starts an escape (`\\n`, `\\t`, `\\\"`, `\\\\`, `\\u00e9`): write `\\\\` for a backslash itself, or put the text in single quotes ('C:\\path'), where a backslash is only a backslash",
        ),
        "duplicate key" => (
            "this key or table is written twice",
            "each key is set once in its table, and each `[table]` header appears once: keep one of them",
        ),
        "key with no value"
        | "missing value for key"
        | "missing value"
        | "missing assignment between key-value pairs" => (
            "a key without its value: `=` and a value are missing",
            "write `key = value` on one line, text in quotes (`title = \"Login\"`)",
        ),
        "extra `=`" | "extra assignment between key-value pairs" => (
            "one `=` too many",
            "write one `=` between a key and its value (`estimate = \"3d\"`)",
        ),
        "string values must be quoted" => (
            "a value that is not a number, a date, `true` or `false` must be quoted text",
            "put text in quotes (`owner = \"ana\"`, `estimate = \"3d\"`); numbers, dates (`2026-03-02`), `true` and `false` are written bare",
        ),
        "`_` may only go between digits"
        | "unexpected sign"
        | "unexpected leading zero"
        | "redundant numeric sign"
        | "redundant integer number prefix"
        | "integers with a radix cannot be signed"
        | "radix must be lowercase"
        | "invalid exponent"
        | "invalid mantissa"
        | "invalid float"
        | "invalid integer" => (
            "not a number as TOML writes numbers",
            "write digits with `.` for a fraction, with no leading zero or `+` (`3`, `0.5`); a duration is text: `\"3d\"`",
        ),
        "invalid time" | "invalid offset" | "invalid datetime" => (
            "not a valid time of day",
            "plan dates are days: write `YYYY-MM-DD` alone (`2026-03-02`), without a time",
        ),
        "invalid date" => (
            "not a valid date",
            "write a real calendar day as YYYY-MM-DD, e.g. `2026-03-02`",
        ),
        "unclosed inline table"
        | "missing inline table opening"
        | "missing key for inline table element"
        | "missing comma between key-value pairs"
        | "extra comma in inline table"
        | "invalid inline table element" => (
            "an inline table `{ … }` is not written right, or not closed on its line",
            "write `{ key = value, other = value }` on one line, one comma between entries",
        ),
        "unclosed array"
        | "missing array opening"
        | "missing comma between array elements"
        | "extra comma in array"
        | "unexpected `=` in array" => (
            "an array `[ … ]` is not written right, or not closed",
            "write values between `[` and `]`, one comma between each (`depends-on = [\"a\", \"b\"]`)",
        ),
        "unclosed table" | "unclosed array table" | "missing table open" => (
            "a table header is not closed, or its name is not one name",
            "write a header on a line of its own as `[name]` or `[[name]]`: letters, digits, `-` and `_`, or a quoted name",
        ),
        "unexpected key or value" | "unexpected content" | "unexpected content between comment and newline" => (
            "unexpected text after a value",
            "put each `key = value` on a line of its own; a comment starts with `#`",
        ),
        "unquoted keys cannot be empty"
        | "invalid unquoted key"
        | "keys cannot be multi-line literal strings"
        | "keys cannot be multi-line basic strings" => (
            "a key is missing, or is not a valid key",
            "a key is letters, digits, `-` and `_` (`estimate`), or text in quotes, before the `=`",
        ),
        "invalid comment character" | "carriage return must be followed by newline" | "missing comment start" => (
            "a control character in the file",
            "remove it: a plan file is plain text, and a comment holds printable characters only",
        ),
        w if w.starts_with("cannot extend value of type") => (
            "a dotted key adds to a value that is not a table",
            "`a.b = 1` makes `a` a table: `a` cannot also be set to a value, nor `a.b` after `a.b.c`",
        ),
        _ => (
            "this is not valid TOML",
            "see https://toml.io for the syntax, or `milepost help format` for what a plan file holds",
        ),
    }
}
