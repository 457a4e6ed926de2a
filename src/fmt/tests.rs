use super::format;
use super::shape::{FEATURE, PROJECT, RISK};

#[track_caller]
fn same(shape: &super::Shape, input: &str, expected: &str) {
    let out = format(input, shape).unwrap();
    assert_eq!(out, expected, "formatting:\n{input}");
    assert_eq!(format(&out, shape).unwrap(), out, "formatting again changed it");
}

#[test]
fn keys_take_the_documented_order_with_their_comments() {
    same(
        &FEATURE,
        "estimate = \"3d\"\n# who\nowner = \"ana\"\ntitle = \"Login\"\n",
        "title = \"Login\"\n# who\nowner = \"ana\"\nestimate = \"3d\"\n",
    );
}

#[test]
fn a_commented_out_key_at_the_end_of_a_table_stays_with_that_table() {
    // TOML gives the comment to the next header; the blank line says whose it is.
    same(
        &PROJECT,
        "[project]\nname = \"P\"\nstart = 2026-03-02\n# currency = \"EUR\"\n\n[calendar]\nholidays = []\n",
        "[project]\nname = \"P\"\nstart = 2026-03-02\n# currency = \"EUR\"\n\n[calendar]\nholidays = []\n",
    );
    // Both kinds at once, and the table's keys still take their order.
    same(
        &PROJECT,
        "[project]\nstart = 2026-03-02\nname = \"P\"\n# old = 1\n\n# the calendar\n[calendar]\nholidays = []\n",
        "[project]\nname = \"P\"\nstart = 2026-03-02\n# old = 1\n\n# the calendar\n[calendar]\nholidays = []\n",
    );
    // A comment with a blank line above it belongs to the header below.
    same(
        &PROJECT,
        "[project]\nname = \"P\"\nstart = 2026-03-02\n\n# the calendar\n[calendar]\nholidays = []\n",
        "[project]\nname = \"P\"\nstart = 2026-03-02\n\n# the calendar\n[calendar]\nholidays = []\n",
    );
}

#[test]
fn quoting_and_spacing_are_canonical() {
    same(
        &FEATURE,
        "  title='Login'   # why\n\"not-before\"=2026-03-02\nestimate={likely=\"3d\",high=\"5d\",low=\"2d\"}\ntags=[ \"a\",\"b\" ]\n\n\n\nlinks = []\n",
        "title = \"Login\" # why\nestimate = { low = \"2d\", likely = \"3d\", high = \"5d\" }\nnot-before = 2026-03-02\ntags = [\"a\", \"b\"]\nlinks = []\n",
    );
}

#[test]
fn a_string_with_a_double_quote_is_single_quoted_and_text_over_lines_triple_quoted() {
    same(
        &FEATURE,
        "title = \"Say \\\"hi\\\"\"\ndescription = \"one\\ntwo\"\n",
        "title = 'Say \"hi\"'\ndescription = \"\"\"\none\ntwo\"\"\"\n",
    );
}

#[test]
fn dependencies_keep_their_order_and_each_table_is_ordered() {
    same(
        &FEATURE,
        "title = \"x\"\ndepends-on = [ {lag=\"2d\", id = \"b\"}, \"a\" ]\n",
        "title = \"x\"\ndepends-on = [{ id = \"b\", lag = \"2d\" }, \"a\"]\n",
    );
}

#[test]
fn an_array_over_several_lines_keeps_one_entry_a_line_and_its_comments() {
    same(
        &PROJECT,
        "[calendar]\nholidays = [\n    2026-04-03,   # a day\n  # named\n  { name = \"Labour Day\", date = 2026-05-01 },\n\n\n  { to = 2026-12-31, from = 2026-12-24 }]\n[project]\nname = \"P\"\nstart = 2026-03-02\n",
        "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[calendar]\nholidays = [\n  2026-04-03, # a day\n  # named\n  { date = 2026-05-01, name = \"Labour Day\" },\n  { from = 2026-12-24, to = 2026-12-31 },\n]\n",
    );
}

#[test]
fn sections_are_ordered_people_keep_their_order_and_comments_move_with_them() {
    same(
        &PROJECT,
        "#:schema ../schema/project.schema.json\n\n[[people]]\nname = \"Bo\"\nid = \"bo\"\n\n# second\n[[people]]\n  id = \"al\"\n  name = \"Al\"\n[project]\nstart = 2026-03-02\nname = \"P\"   \n# the end\n\n",
        "#:schema ../schema/project.schema.json\n\n[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"bo\"\nname = \"Bo\"\n\n# second\n[[people]]\nid = \"al\"\nname = \"Al\"\n# the end\n",
    );
}

#[test]
fn a_section_table_is_ordered_inside() {
    same(
        &RISK,
        "probability = 0.5\ntitle = \"Vendor\"\n\n[impact]\ncost = 1_000\ndays = 5\n",
        "title = \"Vendor\"\nprobability = 0.5\n\n[impact]\ndays = 5\ncost = 1000\n",
    );
}

#[test]
fn a_key_the_format_does_not_define_keeps_its_place() {
    same(
        &FEATURE,
        "owner = \"a\"\nzzz = 1\ntitle = \"t\"\n",
        "title = \"t\"\nzzz = 1\nowner = \"a\"\n",
    );
}

#[test]
fn an_empty_file_and_a_file_of_comments_stay() {
    same(&FEATURE, "", "");
    same(&FEATURE, "# just this\n\n\n", "# just this\n");
}

#[test]
fn text_that_is_not_toml_is_an_error() {
    assert!(format("title = ", &FEATURE).is_err());
}

#[test]
fn comments_at_the_top_stay_there_unless_they_belong_to_the_first_key() {
    same(
        &FEATURE,
        "# licence\n\n\n# about owner\nowner = \"a\"\ntitle = \"t\"\n",
        "# licence\n\ntitle = \"t\"\n# about owner\nowner = \"a\"\n",
    );
}

#[test]
fn blank_lines_are_kept_only_before_comments() {
    same(
        &FEATURE,
        "[value]\n\n\nimpact = 1\n\n\n# some\n\n# more\n\nreach = 2\n",
        "[value]\n# some\n\n# more\nreach = 2\nimpact = 1\n",
    );
}

#[test]
fn text_written_over_several_lines_keeps_its_layout() {
    let input = "title = \"t\"\ndescription = \"\"\"\nA long line, \\\n  wrapped.\n\"\"\"\n";
    same(&FEATURE, input, input);
}

#[test]
fn windows_line_breaks_become_line_feeds_and_the_file_ends_with_one() {
    same(
        &FEATURE,
        "# c\r\ntitle = \"t\"\r\nowner = \"a\"",
        "# c\ntitle = \"t\"\nowner = \"a\"\n",
    );
}

/// Characters no reader sees, written as escapes, stay escapes: TOML's own
/// writing would put a right-to-left override or a zero-width space in the
/// file as it is (text that reads otherwise than it is). Other text is
/// written as before: a line break in triple quotes.
#[test]
fn characters_no_reader_sees_stay_escapes() {
    same(
        &FEATURE,
        "title = \"safe\\u202e txt.exe \\u2066 x\"\ndescription = \"LS \\u2028 NEL \\u0085 \\ufeff\\u200b \\\"q\\\" \\\\ tab\\tend\\n\"\n",
        "title = \"safe\\u202E txt.exe \\u2066 x\"\ndescription = \"LS \\u2028 NEL \\u0085 \\uFEFF\\u200B \\\"q\\\" \\\\ tab\\tend\\n\"\n",
    );
    same(
        &FEATURE,
        "title = 'plain é 漢 👨\u{200d}👩'\ndescription = \"one\\ntwo\"\n",
        "title = \"plain é 漢 👨\u{200d}👩\"\ndescription = \"\"\"\none\ntwo\"\"\"\n",
    );
}
