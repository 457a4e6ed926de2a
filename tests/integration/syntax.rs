//! TOML syntax errors (issue 17): every kind the parser reports that a
//! plan file can trigger gets a position and milepost's own words, never
//! the parser's phrasing.

use milepost::fuzz::decode_file;

use crate::support::milepost;

/// Line 1 of every case: the error is on line 2.
const FIRST: &str = "title = \"T\"\n";

/// (what, line 2 of a feature file, the column the problem starts at,
/// worked out by hand: 1-based, in characters).
const CASES: &[(&str, &str, usize)] = &[
    // `note = "abc`: the quote is missing at the end of the line.
    ("unterminated string", "note = \"abc", 12),
    ("unterminated literal string", "note = 'abc", 12),
    ("control character in a string", "note = \"a\u{1}b\"", 10),
    // The `q` after the backslash.
    ("bad escape", "note = \"a\\qb\"", 11),
    // Where the missing digits of `\u12` should be.
    ("bad unicode escape", "note = \"\\u12\"", 13),
    ("duplicate key", "title = \"U\"", 1),
    // Where the `=` should be.
    ("missing =", "owner \"ana\"", 7),
    ("key alone", "owner", 6),
    ("one = too many", "owner == \"ana\"", 8),
    ("bare word", "owner = ana", 9),
    ("bad number (underscores)", "n = 1__2", 6),
    ("bad number (leading zero)", "n = 01", 5),
    ("bad number (exponent)", "n = 1e", 7),
    ("bad number (no digit before the point)", "n = .5", 5),
    ("bad number (sign after a radix)", "n = 0x-1", 7),
    ("bad time", "not-before = 2026-03-02T25:00:00", 14),
    ("unclosed inline table", "x = {b = 1", 11),
    // The second comma.
    ("two commas in an inline table", "x = {b = 1,, c = 2}", 12),
    ("unclosed array", "depends-on = [\"a\", \"b\"", 23),
    ("extra comma in an array", "depends-on = [\"a\",,\"b\"]", 19),
    ("trailing garbage", "note = \"a\" garbage", 12),
    ("empty key", "= 1", 1),
    ("unclosed array table header", "[[x]", 5),
    ("table header of two words", "[x y]", 3),
    ("nesting into a value", "title.x = 1", 1),
    ("control character in a comment", "# c\u{1}", 4),
    // Just after the carriage return, where its line feed must be.
    ("lone carriage return", "# c\rx = 1", 5),
];

/// The 1-based line and column (in characters) of byte `at` of `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

/// What the parser itself says of `text`: its descriptions, without what
/// it expected.
fn parser_words(text: &str) -> Vec<String> {
    let (_, errors) = toml::de::DeTable::parse_recoverable(text);
    errors
        .iter()
        .map(|e| e.message().split(", expected").next().unwrap_or("").trim().to_string())
        .collect()
}

#[test]
fn every_syntax_error_has_a_position_and_milepost_s_words() {
    for (what, line, col) in CASES {
        let text = format!("{FIRST}{line}\n");
        let raw = parser_words(&text);
        assert!(!raw.is_empty(), "{what}: the parser accepts {text:?}");
        let diags = decode_file("features/a.toml", text.as_bytes());
        let first = diags
            .first()
            .unwrap_or_else(|| panic!("{what}: no problem for {text:?}"));
        assert!(matches!(first.code.id(), "E0001" | "E0107"), "{what}: {first:?}");
        let label = first.primary.as_ref().unwrap_or_else(|| panic!("{what}: no position"));
        assert_eq!(
            line_col(&text, label.span.start as usize),
            (2, *col),
            "{what}: {first:?}"
        );
        for d in &diags {
            let words = format!("{} {}", d.message, d.help.as_deref().unwrap_or(""));
            assert!(!words.contains(", expected"), "{what}: {words}");
            for r in &raw {
                assert!(!words.contains(r.as_str()), "{what}: the parser's {r:?} in {words:?}");
            }
        }
    }
}

/// Through the command: the same words with the file, line and column, in
/// human and JSON output.
#[test]
fn a_syntax_error_is_shown_at_its_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            ("features/a.toml", "title = \"A\"\nnote = \"a\\qb\"\n"),
        ],
    );
    let human = crate::support::run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert!(human.stderr.contains("features/a.toml:2:11"), "{}", human.stderr);
    assert!(
        human
            .stderr
            .contains("invalid TOML: a backslash starts an escape that does not exist"),
        "{}",
        human.stderr
    );
    let json = crate::support::run(milepost().args(["check", "--format", "json", "--plan"]).arg(dir.path()));
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let d = &value["diagnostics"][0];
    assert_eq!(d["code"], "E0001", "{d}");
    assert_eq!(
        (d["primary"]["line"].as_u64(), d["primary"]["column"].as_u64()),
        (Some(2), Some(11)),
        "{d}"
    );
}

/// A key or a table written twice points at both: the duplicate, and
/// where it was first written (in the same table, not another one).
#[test]
fn a_key_written_twice_points_at_its_first_time() {
    // (file text, byte offsets of the duplicate and of its first time:
    // found by hand as the start of the line's key or header name).
    let cases: &[(&str, &str, &str)] = &[
        (
            "a key",
            "title = \"A\"\nestimate = \"5d\"\nowner = \"x\"\nestimate = \"3d\"\n",
            "estimate",
        ),
        (
            "a key of the second table of an array",
            "title = \"A\"\n[[x]]\nname = \"a\"\n[[x]]\nname = \"b\"\nname = \"c\"\n",
            "name",
        ),
        (
            "a table header",
            "title = \"A\"\n[extra]\nn = 1\n[more]\nm = 2\n[extra]\nk = 3\n",
            "extra",
        ),
    ];
    for (what, text, key) in cases {
        let diags = decode_file("features/a.toml", text.as_bytes());
        let d = diags
            .iter()
            .find(|d| d.code.id() == "E0001")
            .unwrap_or_else(|| panic!("{what}: {diags:?}"));
        let occurrences: Vec<usize> = text.match_indices(key).map(|(i, _)| i).collect();
        // The duplicate is the last time the name is written; the first
        // time is the one before it (in the array case, in the same table).
        let (last, first) = (occurrences[occurrences.len() - 1], occurrences[occurrences.len() - 2]);
        let primary = d.primary.as_ref().unwrap();
        assert_eq!(primary.span.start as usize, last, "{what}: {d:?}");
        let also: Vec<(usize, &str)> = d
            .secondary
            .iter()
            .map(|l| (l.span.start as usize, l.message.as_str()))
            .collect();
        assert_eq!(also, [(first, "first written here")], "{what}: {d:?}");
    }
}

/// `capacity = 50%` is not TOML: the help says what to write (`0.5`), not
/// to quote it (which only leads to the next error), and says when the
/// share is more than the whole.
#[test]
fn a_bare_percentage_gets_the_number_to_write() {
    for (written, help) in [
        ("50%", "write a share as a number, bare: `0.5` for 50%"),
        ("150%", "150% would be `1.5`, more than the whole"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let project = format!(
            "{}\n[[people]]\nid = \"cy\"\nname = \"Cy\"\ncapacity = {written}\n",
            crate::support::PROJECT
        );
        crate::support::write_files(dir.path(), &[("project.toml", project.as_str())]);
        let out = crate::support::run(milepost().args(["check", "--plan"]).arg(dir.path()));
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr.contains(help) && !out.stderr.contains("put text in quotes"),
            "{}",
            out.stderr
        );
    }
}
