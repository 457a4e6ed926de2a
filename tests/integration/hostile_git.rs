//! Hostile repositories for the commands that read Git (issue 17): a
//! revision where `plan` is a file, links and submodules under it, a blob
//! of 100 MB, paths that are not UTF-8, a Git LFS pointer in place of a
//! feature, tens of thousands of files in one commit. `check --rev`,
//! `diff` and `history` never crash on them, and say what they skipped in
//! human and JSON output.

#![cfg(unix)]

use std::time::Duration;

use crate::support::{PROJECT, Repo, milepost, run, write_files};

/// A command that would hang fails the test instead of the whole run. Not
/// a measure of speed: the commands on 50,000 and 100,000 files take a
/// second or two of CPU in a debug build, many times that in wall-clock
/// time on a loaded machine (`cargo bench --bench hostile` measures).
const HANG: Duration = Duration::from_secs(300);

const FEATURE: &str = "title = \"A\"\nestimate = \"2d\"\nowner = \"ana\"\n";

/// A repository whose first commit holds a valid plan with one feature, `a`.
fn repo_with_plan() -> Repo {
    let mut repo = Repo::new();
    repo.write(&[("plan/project.toml", PROJECT), ("plan/features/a.toml", FEATURE)]);
    repo.commit("a plan");
    repo
}

const BLOB: u32 = 0o100_644;

/// `diff HEAD~1 HEAD`, human and JSON, then `history`, human and JSON, in
/// `repo`: each exit code and output.
fn diff_and_history(repo: &Repo) -> Vec<(i32, String)> {
    let mut outs = Vec::new();
    for args in [
        &["diff", "HEAD~1", "HEAD"][..],
        &["diff", "HEAD~1", "HEAD", "--format", "json"],
        &["history"],
        &["history", "--format", "json"],
    ] {
        let out = run(repo.milepost().args(args).timeout(HANG));
        assert!(!out.stderr.contains("panicked"), "{args:?} panicked:\n{}", out.stderr);
        outs.push((out.code, format!("{}{}", out.stdout, out.stderr)));
    }
    outs
}

#[test]
fn a_revision_where_plan_is_a_file_holds_no_plan() {
    let mut repo = repo_with_plan();
    std::fs::remove_dir_all(repo.path().join("plan")).unwrap();
    repo.write(&[("plan", "not a folder\n")]);
    repo.commit("plan is a file now");

    says_what_the_plan_path_is(&repo, "a file");
}

/// `plan` as a symbolic link (to a folder that holds a plan) and as a
/// submodule: neither is followed, and each is named.
#[test]
fn a_revision_where_plan_is_a_link_or_a_submodule_names_it() {
    for (what, mode) in [("a symbolic link", 0o120_000), ("a submodule", 0o160_000)] {
        let mut repo = repo_with_plan();
        let head = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
        let mut index = repo.repo.index().unwrap();
        index.remove_dir(std::path::Path::new("plan"), 0).unwrap();
        index.write().unwrap();
        let id = if mode == 0o160_000 {
            head
        } else {
            repo.repo.blob(b"elsewhere/plan").unwrap()
        };
        repo.commit_entries("plan is not a folder now", &[(b"plan".to_vec(), id, mode)]);
        says_what_the_plan_path_is(&repo, what);
    }
}

/// `check --rev HEAD` refuses the revision naming what `plan` is; `diff`
/// and `history`, human and JSON, count it as a revision without a plan
/// and say why.
fn says_what_the_plan_path_is(repo: &Repo, what: &str) {
    let check = run(repo.milepost().args(["check", "--rev", "HEAD"]).timeout(HANG));
    assert_eq!(check.code, 2, "{}", check.stderr);
    assert!(
        check.stderr.contains(&format!(
            "revision `HEAD` has no `plan` directory: `plan` is {what} there"
        )),
        "{}",
        check.stderr
    );
    assert!(
        check.stderr.contains("a plan is a folder holding `project.toml`"),
        "{}",
        check.stderr
    );

    let outs = diff_and_history(repo);
    let (code, human) = &outs[0];
    assert_eq!(*code, 0, "{human}");
    assert!(
        human.contains(&format!(
            "No plan at HEAD (the plan's path is {what} there): 1 feature removed"
        )),
        "{human}"
    );
    let (_, json) = &outs[1];
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(json["head"]["exists"], false, "{json}");
    assert_eq!(json["head"]["not_a_folder"], what, "{json}");
    assert_eq!(json["base"]["not_a_folder"], serde_json::Value::Null, "{json}");
    let (code, human) = &outs[2];
    assert_eq!(*code, 0, "{human}");
    assert!(human.contains("1 without a plan directory"), "{human}");
    assert!(
        human.contains(&format!("no plan directory (the plan's path is {what} here)")),
        "{human}"
    );
    let (_, json) = &outs[3];
    let json: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        (json["valid"].as_u64(), json["missing"].as_u64()),
        (Some(1), Some(1)),
        "{json}"
    );
    let states: Vec<_> = json["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["state"].as_str(), e["not_a_folder"].as_str()))
        .collect();
    assert_eq!(states, [(Some("missing"), Some(what)), (Some("valid"), None)], "{json}");
}

#[test]
fn links_and_submodules_in_a_revision_are_reported_by_diff() {
    let mut repo = repo_with_plan();
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
    let target = repo.repo.blob(b"../../secret.env").unwrap();
    repo.commit_entries(
        "a link and a submodule",
        &[
            (b"plan/features/leak.toml".to_vec(), target, 0o120_000),
            (b"plan/features/vendored.toml".to_vec(), head, 0o160_000),
        ],
    );
    let outs = diff_and_history(&repo);
    for (i, (code, out)) in outs.iter().enumerate() {
        assert_eq!(*code, 0, "{i}: {out}");
        assert!(out.contains("is a symbolic link in this revision"), "{out}");
        // (In Markdown, with its backticks escaped.)
        assert!(
            out.contains("features/vendored.toml") && out.contains("is a submodule"),
            "{out}"
        );
        assert!(!out.contains("secret.env"), "the link's target was printed: {out}");
    }
}

#[test]
fn a_blob_over_the_size_limit_is_refused_from_its_header() {
    let mut repo = repo_with_plan();
    // 100 MB of comments: a loose object of about 100 kB once compressed.
    let mut big = b"title = \"Big\"\n".to_vec();
    big.resize(100 * 1024 * 1024, b'#');
    let id = repo.repo.blob(&big).unwrap();
    drop(big);
    // Cut the object to its first 256 bytes: its header (the size) still
    // reads, its content no longer does. Reading the blob whole would fail
    // with a Git error; reading its size first refuses it by name.
    let hex = id.to_string();
    let object = repo.path().join(".git/objects").join(&hex[..2]).join(&hex[2..]);
    let bytes = std::fs::read(&object).unwrap();
    let mut perms = std::fs::metadata(&object).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    perms.set_readonly(false);
    std::fs::set_permissions(&object, perms).unwrap();
    std::fs::write(&object, &bytes[..256]).unwrap();
    repo.commit_entries("a big feature", &[(b"plan/features/big.toml".to_vec(), id, BLOB)]);

    let check = run(repo.milepost().args(["check", "--rev", "HEAD"]).timeout(HANG));
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("`features/big.toml` is larger than the 4 MiB a plan file may hold"),
        "{}",
        check.stderr
    );
    for (i, (code, out)) in diff_and_history(&repo).iter().enumerate() {
        assert_eq!(*code, 0, "{i}: {out}");
        assert!(out.contains("is larger than the 4 MiB a plan file may hold"), "{out}");
    }
}

#[test]
fn a_path_that_is_not_utf8_is_listed_and_reported() {
    let mut repo = repo_with_plan();
    let id = repo.repo.blob(FEATURE.as_bytes()).unwrap();
    // `café.toml` in Latin-1, and a stray file named the same way.
    repo.commit_entries(
        "Latin-1 names",
        &[
            (b"plan/features/caf\xe9.toml".to_vec(), id, BLOB),
            (b"plan/notes/r\xe9sum\xe9.md".to_vec(), id, BLOB),
        ],
    );
    for (i, (code, out)) in diff_and_history(&repo).iter().enumerate() {
        assert_eq!(*code, 0, "{i}: {out}");
        // The name as UTF-8 with the bad byte replaced: an invalid id.
        assert!(out.contains("caf\u{FFFD}"), "{out}");
        assert!(out.contains("E0005"), "{out}");
        assert!(
            out.contains("r\u{FFFD}sum\u{FFFD}.md"),
            "the stray file is reported: {out}"
        );
    }
}

/// File names that hold an escape sequence or a bidirectional override (a
/// pull request can add such a file): no output for people carries either,
/// in the ids, paths and messages of `check` (human, with colours too,
/// and GitHub's annotations), `diff` and `history`; each is shown as
/// `\u{FFFD}`, an invalid id (E0005).
#[test]
fn names_with_control_or_bidirectional_characters_are_shown_safely() {
    let mut repo = repo_with_plan();
    let id = repo.repo.blob(FEATURE.as_bytes()).unwrap();
    repo.commit_entries(
        "hostile names",
        &[
            (b"plan/features/w\x1b]0;pwned\x07\x1b[2J.toml".to_vec(), id, BLOB),
            ("plan/features/z\u{202E}q.toml".as_bytes().to_vec(), id, BLOB),
            (b"plan/notes/x\x1b[31m.md".to_vec(), id, BLOB),
        ],
    );
    let unsafe_char = |c: char| (c.is_control() && c != '\n') || ('\u{202A}'..='\u{202E}').contains(&c);
    let mut outs = diff_and_history(&repo);
    for args in [
        &["diff", "HEAD~1", "HEAD", "--format", "markdown"][..],
        &["check", "--rev", "HEAD", "--format", "github"],
    ] {
        let out = run(repo.milepost().args(args).timeout(HANG));
        outs.push((out.code, format!("{}{}", out.stdout, out.stderr)));
    }
    for (i, (_, out)) in outs.iter().enumerate() {
        // (JSON escapes what it must: its strings are for programs.)
        if i == 1 || i == 3 {
            continue;
        }
        let found: Vec<char> = out.chars().filter(|&c| unsafe_char(c)).collect();
        assert!(found.is_empty(), "{i}: {found:?} in:\n{out}");
        assert!(out.contains("z\u{FFFD}q"), "{i}: {out}");
        assert!(out.contains("E0005"), "{i}: {out}");
    }
    // With colours, only the colours' own escape sequences: each ESC starts
    // `[` and a colour's numbers, never the file name's `]0;` or `[2J`.
    let out = run(repo
        .milepost()
        .args(["check", "--rev", "HEAD", "--color", "always"])
        .timeout(HANG));
    assert!(
        !out.stderr.contains("\u{1b}]") && !out.stderr.contains("\u{1b}[2J"),
        "{:?}",
        out.stderr
    );
    assert!(
        !out.stderr.contains('\u{202E}') && !out.stderr.contains('\u{7}'),
        "{:?}",
        out.stderr
    );
    assert!(
        out.stderr.contains("w\u{FFFD}]0;pwned\u{FFFD}\u{FFFD}[2J"),
        "{:?}",
        out.stderr
    );
    // An error that stops the command quotes what was given the same way
    // (here a revision that names nothing).
    let out = run(repo
        .milepost()
        .args(["check", "--rev", "x\u{1b}[2J\u{202E}"])
        .timeout(HANG));
    assert_eq!(out.code, 2, "{:?}", out.stderr);
    assert!(
        out.stderr.contains("unknown revision `x\u{FFFD}[2J\u{FFFD}`"),
        "{:?}",
        out.stderr
    );
}

const LFS: &str = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n";

#[test]
fn a_git_lfs_pointer_says_how_to_fetch_the_file() {
    let mut repo = repo_with_plan();
    repo.write(&[("plan/features/b.toml", LFS)]);
    repo.commit("b tracked with LFS");
    // The working tree holds the pointer too (LFS not installed).
    let check = run(repo.milepost().args(["check"]).timeout(HANG));
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("`features/b.toml` is a Git LFS pointer, not the file: its content was not fetched"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("git lfs pull"), "{}", check.stderr);
    assert!(
        !check.stderr.contains("missing"),
        "no missing-key problems for a pointer: {}",
        check.stderr
    );
    for (i, (code, out)) in diff_and_history(&repo).iter().enumerate() {
        assert_eq!(*code, 0, "{i}: {out}");
        assert!(out.contains("is a Git LFS pointer"), "{out}");
        assert!(!out.contains("sha256:4d7a"), "{out}");
    }
}

#[test]
fn fifty_thousand_stray_files_are_listed_not_read() {
    let mut repo = repo_with_plan();
    let id = repo.repo.blob(b"not read\n").unwrap();
    let entries: Vec<_> = (0..50_000)
        .map(|i| (format!("plan/notes/n{i:05}.md").into_bytes(), id, BLOB))
        .collect();
    repo.commit_entries("fifty thousand notes", &entries);
    let outs = diff_and_history(&repo);
    for (i, (code, out)) in outs.iter().enumerate() {
        assert_eq!(*code, 0, "{i}: {}", &out[out.len().saturating_sub(3000)..]);
        if i % 2 == 1 {
            // JSON: each stray file is a warning of its own.
            assert!(out.contains("notes/n49999.md"), "{}", &out[..out.len().min(2000)]);
        }
    }
}

/// The most files a plan may hold: 100,000 are read, one more stops the
/// command (exit 2) naming the folder and the limit, in a directory and
/// at a revision.
#[test]
fn more_files_than_the_limit_is_an_error_naming_the_folder() {
    let mut repo = repo_with_plan();
    let id = repo.repo.blob(b"x\n").unwrap();
    // With project.toml and a.toml: 100,000 files in all.
    let entries: Vec<_> = (0..99_998)
        .map(|i| (format!("plan/notes/n{i:06}.md").into_bytes(), id, BLOB))
        .collect();
    repo.commit_entries("at the limit", &entries);
    repo.commit_entries("past the limit", &[(b"plan/notes/z.md".to_vec(), id, BLOB)]);
    let at = run(repo
        .milepost()
        .args(["check", "--rev", "HEAD~1", "--format", "json"])
        .timeout(HANG));
    assert_eq!(at.code, 0, "{}", at.stderr);
    let past = run(repo.milepost().args(["check", "--rev", "HEAD"]).timeout(HANG));
    assert_eq!(past.code, 2, "{}", past.stderr);
    assert!(
        past.stderr
            .contains("the plan holds more than 100000 files (counted as far as `HEAD:plan"),
        "{}",
        past.stderr
    );

    // The same in a directory: 100,001 files.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    write_files(&plan, &[("project.toml", PROJECT), ("features/a.toml", FEATURE)]);
    let notes = plan.join("notes");
    std::fs::create_dir_all(&notes).unwrap();
    for i in 0..99_999 {
        std::fs::write(notes.join(format!("n{i:06}.md")), "").unwrap();
    }
    let out = run(milepost().args(["check", "--plan"]).arg(&plan).timeout(HANG));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("the plan holds more than 100000 files"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("move other files"), "{}", out.stderr);
}
