//! The text of a `.tjp` file: ids, string literals, comments, dependency
//! attributes, and the date arithmetic the export needs.

use std::fmt::Write as _;

use super::Depends;
use crate::model::{Date, Weekday};

pub(super) fn next_day(d: Date) -> Date {
    d.0.tomorrow().map(Date).unwrap_or(d)
}

pub(super) fn add_days(d: Date, n: i64) -> Date {
    d.0.checked_add(jiff::Span::new().days(n)).map(Date).unwrap_or(d)
}

pub(super) fn days_between(from: Date, to: Date) -> i64 {
    i64::from((to.0 - from.0).get_days())
}

/// A tj3 id for `id`: letters, digits and `_` only, not starting with a digit.
pub(super) fn sanitize(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        // Plan ids start with a letter or a digit, so this is `_` before a
        // digit: never `__`.
        out.insert(0, '_');
    }
    out
}

/// A tj3 string literal. tj3 unescapes only `\"`; it expands `${…}` and
/// `$(…)` even inside strings, so a space goes after such a `$`; a final
/// backslash would escape the closing quote, so a space follows it too.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '$' if matches!(chars.peek(), Some('{' | '(')) => out.push_str("$ "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    if out.ends_with('\\') {
        out.push(' ');
    }
    out.push('"');
    out
}

/// Text for a `#` comment: one line.
pub(super) fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// tj3 spells weekdays as the plan does: `mon` .. `sun`.
pub(super) const WEEKDAYS: &[&str] = Weekday::NAMES;

/// ` { onstart gaplength 2d }`, or nothing for a plain FS.
pub(super) fn attributes(d: &Depends) -> String {
    match (d.on_start, d.gap) {
        (false, 0) => String::new(),
        (false, g) => format!(" {{ gaplength {g}d }}"),
        (true, 0) => " { onstart }".to_string(),
        (true, g) => format!(" {{ onstart gaplength {g}d }}"),
    }
}

/// One `#` comment line per entry of `comments`.
pub(super) fn write_comments(comments: Vec<String>, out: &mut String) {
    for c in comments {
        let _ = writeln!(out, "  # {}", one_line(&c));
    }
}

/// One `depends` line per task of `deps` ([`merge`]d).
pub(super) fn write_depends(deps: Vec<Depends>, out: &mut String) {
    for d in merge(deps) {
        let _ = writeln!(out, "  depends {}{}", d.task, attributes(&d));
    }
}

/// One entry per task (tj3 refuses a second dependency on the same task):
/// the largest gap wins.
pub(super) fn merge(deps: Vec<Depends>) -> Vec<Depends> {
    let mut out: Vec<Depends> = Vec::with_capacity(deps.len());
    for d in deps {
        match out.iter_mut().find(|o| o.task == d.task && o.on_start == d.on_start) {
            Some(o) => o.gap = o.gap.max(d.gap),
            None => out.push(d),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_letters_digits_and_underscores() {
        assert_eq!(sanitize("auth/sso"), "auth_sso");
        assert_eq!(sanitize("auth-sso"), "auth_sso");
        assert_eq!(sanitize("g00/f00001"), "g00_f00001");
        assert_eq!(sanitize("2fa"), "_2fa");
        assert_eq!(sanitize("a/2-b_c"), "a_2_b_c");
    }

    #[test]
    fn strings_survive_tj3s_scanner() {
        assert_eq!(quote("Plain"), r#""Plain""#);
        assert_eq!(quote(r#"Say "hi""#), r#""Say \"hi\"""#);
        assert_eq!(quote(r"C:\dir\"), r#""C:\dir\ ""#);
        assert_eq!(quote("${x} $(HOME) $$ $"), r#""$ {x} $ (HOME) $$ $""#);
        assert_eq!(quote("two\nlines"), r#""two lines""#);
    }

    #[test]
    fn one_dependency_per_task_the_longest_gap() {
        let d = |task: &str, on_start, gap| Depends {
            task: task.into(),
            on_start,
            gap,
        };
        assert_eq!(
            merge(vec![
                d("a", false, 0),
                d("b", true, 2),
                d("a", false, 3),
                d("b", true, 1)
            ]),
            [d("a", false, 3), d("b", true, 2)]
        );
    }
}
