//! The bodies of the fuzz targets, one function each: `fuzz_targets/*.rs`
//! call them under libFuzzer (`cargo fuzz run NAME`, nightly), and
//! `tests/integration/fuzz_corpus.rs` feeds them every file of the
//! committed corpus (`fuzz/corpus/NAME/`) on stable, as part of `cargo
//! test`. Each panics, so that both report it, when milepost panics or
//! when an invariant it states does not hold.

use milepost::model::{Date, Duration};
use milepost::render::markdown;
use milepost::text::is_shown;

/// The leveled-schedule checker of the integration tests, shared as it is.
#[path = "../../tests/integration/leveling_check/rules.rs"]
#[allow(dead_code)]
mod rules;

/// The kinds of file a plan holds, as the first byte of a `decode` input
/// picks them (modulo their number).
const KINDS: [&str; 5] = [
    "project.toml",
    "features/a.toml",
    "milestones/m.toml",
    "risks/r.toml",
    "features/team/deep/b.toml",
];

/// One plan file, decoded: the first byte picks its kind, the rest is its
/// content. Every problem points inside the file.
pub fn decode(data: &[u8]) {
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let rel = KINDS[usize::from(kind) % KINDS.len()];
    // The text problems point into: the file's, each bad UTF-8 sequence
    // replaced.
    let len = String::from_utf8_lossy(bytes).len();
    for d in milepost::fuzz::decode_file(rel, bytes) {
        for label in d.primary.iter().chain(&d.secondary) {
            let r = label.span.range();
            assert!(r.start <= r.end && r.end <= len, "{d:?} outside the file's {len} bytes");
        }
    }
}

/// The duration and date parsers: what they accept they write back the
/// same way (a date exactly as written, a duration as a value that parses
/// to itself).
pub fn parsers(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(d) = Date::parse(text) {
        assert_eq!(d.to_string(), text, "a date reads back as written");
    }
    if let Ok(d) = Duration::parse(text) {
        let written = d.to_string();
        let again = Duration::parse(&written).unwrap_or_else(|e| panic!("{written:?} does not parse again: {e:?}"));
        assert_eq!(again.to_string(), written);
        assert!(d.working_days(5).is_finite());
    }
}

/// A plan of several files: `=== PATH` on a line of its own starts a file
/// (the text before the first is `project.toml`).
pub fn files(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![("project.toml".to_string(), Vec::new())];
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(path) = line.strip_prefix(b"=== ") {
            let path = String::from_utf8_lossy(path).trim().to_string();
            out.push((path, Vec::new()));
        } else if let Some((_, text)) = out.last_mut() {
            text.extend_from_slice(line);
        }
    }
    out
}

fn plan_of(data: &[u8]) -> milepost::Plan {
    let files = files(data);
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_slice())).collect();
    milepost::fuzz::plan(&refs)
}

/// A whole plan loaded and validated, and its problems written in every
/// format: nothing panics.
pub fn load(data: &[u8]) {
    let plan = plan_of(data);
    for d in &plan.diagnostics {
        let _ = milepost::render::diagnostics::human::render(d, &plan.files, false);
        let _ = milepost::render::diagnostics::json::diagnostic(d, &plan.files);
        let _ = milepost::render::diagnostics::github::render(d, &plan.files, &|f| f.display.to_string());
    }
}

/// The day the schedule target schedules as of.
const AS_OF: &str = "2026-03-16";

/// A valid plan, scheduled: `schedule` succeeds on every plan `check`
/// accepts; every item's floats agree with its dates; and the leveled
/// schedule keeps every link, floor and person's calendar, as the
/// independent checker of the integration tests sees them.
pub fn schedule(data: &[u8]) {
    let plan = plan_of(data);
    if plan.error_count() > 0 {
        return;
    }
    let Ok(as_of) = Date::parse(AS_OF) else { return };
    let s = milepost::schedule(&plan, as_of).unwrap_or_else(|e| panic!("check accepts the plan, schedule fails: {e}"));
    let json: serde_json::Value = serde_json::from_str(&milepost::render::schedule::json(&s, "plan", None))
        .unwrap_or_else(|e| panic!("schedule --format json is not JSON: {e}"));
    let Some(items) = json["items"].as_array() else {
        panic!("no items in {json}")
    };
    for item in items {
        let day = |key: &str| item[key]["day"].as_i64().unwrap_or_else(|| panic!("{key} in {item}"));
        let float = |key: &str| item[key].as_i64().unwrap_or_else(|| panic!("{key} in {item}"));
        let (es, ef, ls, lf) = (
            day("early_start"),
            day("early_finish"),
            day("late_start"),
            day("late_finish"),
        );
        let (total, free) = (float("total_float_days"), float("free_float_days"));
        assert!(es <= ef, "finishes before it starts: {item}");
        // The lesser of the two: the same but where leveled work pauses
        // over its owner's days off at one place and not the other.
        assert_eq!(
            (ls - es).min(lf - ef),
            total,
            "total float is the lesser of start and finish float: {item}"
        );
        assert!(
            free >= 0 && (total < 0 || free <= total),
            "free float in 0..=total: {item}"
        );
    }
    let timings = rules::from_json(&json);
    let broken = rules::texts(&rules::violations(&plan, as_of, &timings));
    assert!(broken.is_empty(), "the leveled schedule breaks: {broken:#?}");
}

/// Whether the character at byte `i` of `s` is escaped by an odd run of
/// backslashes before it.
fn escaped_at(s: &str, i: usize) -> bool {
    s.as_bytes()[..i].iter().rev().take_while(|&&b| b == b'\\').count() % 2 == 1
}

/// What Markdown text for a table cell or a line must not hold: a
/// character a terminal or a page acts on (a control, a line break, a bidi
/// override), an unescaped `|` (ends a cell), an unescaped backtick or `~`
/// (a code span or a fence), a `<` (HTML).
fn assert_inline_safe(input: &str, out: &str) {
    for (i, c) in out.char_indices() {
        assert!(is_shown(c, false), "{c:?} in {out:?} (from {input:?})");
        assert!(c != '<', "`<` in {out:?} (from {input:?})");
        if matches!(c, '|' | '`' | '~') {
            assert!(escaped_at(out, i), "unescaped {c:?} at {i} in {out:?} (from {input:?})");
        }
    }
}

/// The Markdown, HTML and Mermaid escaping of text from a plan, and the exports'.
pub fn escape(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let inline = markdown::inline(text);
    assert_inline_safe(text, &inline);
    if markdown::is_plain(text) {
        assert_eq!(inline, text, "plain text is given back as it is");
    }
    let code = markdown::code(text);
    match code.strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
        Some(inner) if code.len() >= 2 && !inner.contains('`') && inner == text => {
            assert!(
                !inner.contains('|') && inner.chars().all(|c| is_shown(c, false)),
                "{code:?}"
            );
        }
        _ => assert_eq!(code, inline, "a code span or escaped text"),
    }
    assert_html_safe(text);
    let mermaid = milepost::render::mermaid::mermaid_text(text);
    assert!(!mermaid.is_empty());
    for c in mermaid.chars() {
        assert!(is_shown(c, false), "{c:?} in Mermaid text {mermaid:?} (from {text:?})");
        assert!(
            !matches!(c, ':' | ';' | '#' | '%' | '<' | '>' | '`'),
            "{c:?} in {mermaid:?}"
        );
    }
    export_escape(text);
}

/// The exports' escaping of text from a plan (docs/exports.md): a Mermaid
/// flowchart label holds nothing Mermaid reads but its entity codes; a
/// DOT string escapes every `"` and `\\`; an iCalendar TEXT value escapes
/// `\\`, `;` and `,`, and folds into lines of at most 75 octets that
/// unfold to it.
fn export_escape(text: &str) {
    use milepost::render::export::{graph, ics};
    let label = graph::mermaid::label_text(text);
    for (i, c) in label.char_indices() {
        assert!(is_shown(c, false), "{c:?} in the label {label:?} (from {text:?})");
        assert!(
            !matches!(c, '"' | '%' | '<' | '>' | '&' | '|' | '`'),
            "{c:?} in {label:?}"
        );
        if c == '#' {
            let code = label[i + 1..].split(';').next().unwrap_or("");
            assert!(
                !code.is_empty()
                    && code.chars().all(|c| c.is_ascii_alphanumeric())
                    && label[i + 1 + code.len()..].starts_with(';'),
                "a `#` that starts no entity code in {label:?}"
            );
        }
    }
    let quoted = graph::dot::quote(text);
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .expect("a quoted string");
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        assert!(is_shown(c, false), "{c:?} in {quoted:?}");
        assert!(c != '"', "an unescaped quote in {quoted:?}");
        if c == '\\' {
            assert!(
                matches!(chars.next(), Some('\\' | '"')),
                "a backslash escape in {quoted:?}"
            );
        }
    }
    let value = ics::syntax::text(text);
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        assert!(is_shown(c, false), "{c:?} in {value:?}");
        assert!(!matches!(c, ';' | ','), "an unescaped {c:?} in {value:?}");
        if c == '\\' {
            assert!(matches!(chars.next(), Some('\\' | ';' | ',' | 'n')), "{value:?}");
        }
    }
    let line = format!("SUMMARY:{value}");
    let mut folded = String::new();
    ics::syntax::fold_into(&mut folded, &line);
    for l in folded.split("\r\n") {
        assert!(l.len() <= ics::syntax::MAX_LINE, "{} octets: {l:?}", l.len());
    }
    assert_eq!(folded.replace("\r\n ", ""), line, "unfolding gives the line back");
}

/// The HTML escaping of text from a plan: nothing HTML reads as markup
/// (`<`, `>`, quotes, a `&` other than its own entities), no character a
/// page acts on, and the text back, as shown, once the entities are read.
fn assert_html_safe(text: &str) {
    let html = milepost::render::html::escape(text);
    for (i, c) in html.char_indices() {
        assert!(is_shown(c, true), "{c:?} in {html:?} (from {text:?})");
        assert!(!matches!(c, '<' | '>' | '"' | '\''), "{c:?} in {html:?}");
        if c == '&' {
            let rest = &html[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]
                    .iter()
                    .any(|e| rest.starts_with(e)),
                "a bare `&` at {i} in {html:?}"
            );
        }
    }
    let read = html
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert_eq!(read, milepost::text::shown(text, true), "from {text:?}");
}

/// The templates' `md`, `code` and `mermaid` filters, on a string and on
/// a list of strings (the first byte picks which).
pub fn md_filter(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(env) = milepost::render::templates::environment(None, None, None) else {
        panic!("the built-in templates load")
    };
    let value = if pick % 2 == 0 {
        minijinja::Value::from(text)
    } else {
        minijinja::Value::from(text.split('\n').map(minijinja::Value::from).collect::<Vec<_>>())
    };
    let ctx = minijinja::context! { x => value };
    let md = env
        .render_str("{{ x | md }}", ctx.clone())
        .unwrap_or_else(|e| panic!("md: {e}"));
    assert_inline_safe(text, &md);
    if pick % 2 == 0 {
        assert_eq!(md, markdown::inline(text), "`md` is `inline`");
    }
    let mermaid = env
        .render_str("{{ x | mermaid }}", ctx.clone())
        .unwrap_or_else(|e| panic!("mermaid: {e}"));
    assert!(mermaid.chars().all(|c| is_shown(c, false)), "{mermaid:?}");
    let _ = env.render_str("{{ x | code }}", ctx);
}
