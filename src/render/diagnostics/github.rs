//! GitHub Actions workflow commands: one `::error` or `::warning` line per
//! diagnostic, which GitHub shows as an annotation on the exact lines of the
//! pull request.
//!
//! Format: <https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions>

use crate::diagnostic::{Diagnostic, Severity};
use crate::files::{File, Files};

/// One line (without the trailing newline). `path` maps a file to the path
/// GitHub expects: relative to the repository root.
pub fn render(d: &Diagnostic, files: &Files, path: &dyn Fn(&File) -> String) -> String {
    let command = match d.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = Vec::new();
    if let Some(pos) = d.primary.as_ref().and_then(|l| super::position(files, l, path)) {
        // (A file's name may hold a control or bidirectional character.)
        props.push(format!("file={}", property(&crate::text::shown(&pos.path, false))));
        props.push(format!("line={}", pos.start.line));
        props.push(format!("col={}", pos.start.column));
        props.push(format!("endLine={}", pos.end.line));
        props.push(format!("endColumn={}", pos.end.column));
    }
    props.push(format!(
        "title={}",
        property(&format!("{} {}", d.code.id(), d.code.name()))
    ));
    // A message quotes text from outside (a file's name, an id): shown
    // without a control or bidirectional character, as in every output.
    let mut message = crate::text::shown(&d.message, false).into_owned();
    // The other places human and JSON output show ("first written here",
    // the other file of a duplicate id): the annotation is all a pull
    // request shows.
    for label in &d.secondary {
        if let Some(pos) = super::position(files, label, path) {
            message.push_str(&format!(
                "\nnote: {} ({}:{}:{})",
                crate::text::shown(&label.message, false),
                crate::text::shown(&pos.path, false),
                pos.start.line,
                pos.start.column
            ));
        }
    }
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&crate::text::shown(help, false));
    }
    format!("::{command} {}::{}", props.join(","), data(&message))
}

/// Escapes the message part of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
