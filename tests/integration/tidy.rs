//! The shape of the code that CONTRIBUTING promises a newcomer: short
//! functions and files, and git2 in one place. Read from the source tree,
//! as a reviewer would, so that a change breaking a promise fails here
//! rather than in a review.

use std::path::{Path, PathBuf};

use crate::support::root;

/// Lines a function may take, its signature and closing brace included.
const FUNCTION_LINES: usize = 80;
/// Lines of a file outside its tests.
const FILE_LINES: usize = 600;

/// Every `.rs` file under `dir`, by path.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// The lines of a source file that are not tests: up to its
/// `#[cfg(test)] mod`, and none of a file that is a test module itself.
/// `path` is relative to the source tree.
fn code_lines(path: &Path, text: &str) -> Vec<String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let in_tests = path.components().any(|c| c.as_os_str() == "tests");
    if name == "tests.rs" || in_tests {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let end = lines
        .windows(2)
        .position(|w| w[0].trim() == "#[cfg(test)]" && w[1].trim_start().contains("mod "))
        .unwrap_or(lines.len());
    lines[..end].iter().map(|l| l.to_string()).collect()
}

/// Each function of `lines` with a body over several lines: its name, its
/// first line (from 1) and how many lines it takes, up to the closing
/// brace at its own indentation.
fn functions(lines: &[String]) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let code = line.trim_start();
        let indent = &line[..line.len() - code.len()];
        let Some(name) = fn_name(code) else { continue };
        // A declaration without a body, or a body on the same line.
        if code.ends_with(';') || code.trim_end().ends_with('}') {
            continue;
        }
        let close = format!("{indent}}}");
        let Some(end) = lines[i + 1..].iter().position(|l| *l == close) else {
            continue;
        };
        found.push((name, i + 1, end + 2));
    }
    found
}

/// The name of the function a trimmed line starts, if it starts one.
fn fn_name(code: &str) -> Option<String> {
    let mut rest = code;
    for prefix in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
        "extern \"C\" ",
    ] {
        rest = rest.strip_prefix(prefix).unwrap_or(rest);
    }
    if let Some(r) = rest.strip_prefix("pub(in ") {
        rest = r.split_once(") ")?.1;
    }
    let name = rest.strip_prefix("fn ")?;
    let end = name.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
    Some(name[..end].to_string())
}

/// No function of the crate's own code (tests aside) runs past
/// [`FUNCTION_LINES`], and no file past [`FILE_LINES`] outside its tests.
#[test]
fn functions_and_files_stay_short() {
    let mut long = Vec::new();
    let mut checked = 0;
    for path in sources(&root().join("src")) {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let rel = path.strip_prefix(root()).unwrap_or(&path);
        let lines = code_lines(rel, &text);
        let rel = rel.display().to_string();
        if lines.len() > FILE_LINES {
            long.push(format!("{rel}: {} lines outside tests", lines.len()));
        }
        for (name, line, length) in functions(&lines) {
            checked += 1;
            if length > FUNCTION_LINES {
                long.push(format!("{rel}:{line}: fn {name} is {length} lines"));
            }
        }
    }
    assert!(
        checked > 1000,
        "only {checked} functions found: is the source tree read?"
    );
    assert!(
        long.is_empty(),
        "split these (CONTRIBUTING, \"Code shape\"):\n{}",
        long.join("\n")
    );
}

/// The checks above count what they should: a function's lines from its
/// signature to its closing brace, declarations and one-line bodies
/// aside, and a file's lines up to its tests.
#[test]
fn the_shape_check_counts_lines_as_a_reader_does() {
    let text = "\
//! A module.
pub fn one() -> u8 { 1 }
pub(crate) fn two(
    a: u8,
) -> u8 {
    let b = a;
    b
}
trait T {
    fn declared(&self);
    fn provided(&self) {
        let _ = 1;
    }
}
#[cfg(test)]
mod tests {
    fn inside_tests() {
        let _ = 2;
    }
}
";
    let lines = code_lines(Path::new("src/a.rs"), text);
    assert_eq!(lines.len(), 14);
    let found = functions(&lines);
    assert_eq!(found, vec![("two".to_string(), 3, 6), ("provided".to_string(), 11, 3)]);
    assert!(code_lines(Path::new("src/schedule/level/tests.rs"), text).is_empty());
    assert_eq!(fn_name("pub(in crate::schedule) fn days(&self) {"), Some("days".into()));
    assert_eq!(fn_name("let f = fn_name(x);"), None);
}

/// git2 is used in one module, `src/git/`, and in the history walk,
/// which reads trees and blobs commit after commit: no other file names it.
#[test]
fn git2_stays_in_the_git_module_and_the_history_walk() {
    let walk = ["src/history/walk.rs", "src/history/walk/lister.rs"];
    let mut found = Vec::new();
    for path in sources(&root().join("src")) {
        let rel = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
        if text.contains("git2") && !rel.starts_with("src/git/") && !walk.contains(&rel.as_str()) {
            found.push(rel);
        }
    }
    assert!(
        found.is_empty(),
        "git2 outside src/git/ and the history walk: {found:?}"
    );
}
