//! The command line itself: argument definitions, exit statuses, errors
//! outside the plan, and the README's commands.

use crate::support::{PROJECT, Repo, milepost, root, run, write_files};

#[test]
fn usage_errors_exit_2() {
    let out = run(milepost().arg("frobnicate"));
    assert_eq!(out.code, 2);
    let out = run(milepost().args(["check", "--format", "xml"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("possible values: human, json, github"),
        "{}",
        out.stderr
    );
}

#[test]
fn help_documents_exit_statuses() {
    let out = run(milepost().args(["check", "--help"]));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("0 when the plan is valid, 1 when it has errors"),
        "{}",
        out.stdout
    );
}

#[test]
fn missing_plan_directory_exits_2_with_a_hint() {
    let out = run(milepost().args(["check", "--plan", "no/such/dir"]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: plan directory `no/such/dir` does not exist\n  \
         help: pass the directory that holds `project.toml` with `--plan DIR`\n"
    );
}

#[test]
fn no_plan_found_walking_up_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    let out = run(milepost().current_dir(dir.path().join("a/b")).arg("check"));
    assert_eq!(out.code, 2);
    assert!(out.stderr.starts_with("error: no plan found in"), "{}", out.stderr);
    assert!(out.stderr.contains("pass `--plan DIR`"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn unreadable_file_exits_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[("project.toml", PROJECT), ("features/a.toml", "title = \"A\"\n")],
    );
    let file = dir.path().join("features/a.toml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        return; // running as root: permissions do not apply
    }
    let out = run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("cannot read"), "{}", out.stderr);
}

#[test]
fn non_utf8_file_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("project.toml", PROJECT)]);
    std::fs::write(dir.path().join("features").join("a.toml"), b"title = \"\xff\"\n").unwrap_or_else(|_| {
        std::fs::create_dir_all(dir.path().join("features")).unwrap();
        std::fs::write(dir.path().join("features/a.toml"), b"title = \"\xff\"\n").unwrap();
    });
    let out = run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[E0002]"), "{}", out.stderr);
}

/// The exit status of `milepost args` run in `dir` with standard output
/// and error going to pipes nobody reads (`milepost check | head` once
/// `head` has gone): every write to them is a broken pipe.
fn status_with_no_reader(dir: &std::path::Path, args: &[&str]) -> Option<i32> {
    let (out_reader, out) = std::io::pipe().unwrap();
    let (err_reader, err) = std::io::pipe().unwrap();
    drop((out_reader, err_reader));
    std::process::Command::new(env!("CARGO_BIN_EXE_milepost"))
        .current_dir(dir)
        .args(args)
        .env_remove("MILEPOST_PLAN")
        .env_remove("GIT_DIR")
        .stdout(out)
        .stderr(err)
        .status()
        .unwrap()
        .code()
}

/// A reader that goes away does not change what a command does: `check` of
/// an invalid plan still exits 1 (0 let `check | head` pass an invalid plan
/// in CI), `fmt --check` still says "not formatted" by its status, and
/// `fmt` still formats every file (it stopped at its first message).
#[test]
fn a_broken_pipe_changes_no_exit_status_and_stops_no_work() {
    let root = root();
    assert_eq!(
        status_with_no_reader(&root, &["check", "--plan", "examples/invalid/three-files"]),
        Some(1)
    );
    assert_eq!(
        status_with_no_reader(
            &root,
            &["check", "--format", "json", "--plan", "examples/invalid/three-files"]
        ),
        Some(1)
    );
    let dir = tempfile::tempdir().unwrap();
    let messy = "estimate   =   \"3d\"\ntitle=\"A\"\n";
    write_files(
        dir.path(),
        &[
            ("plan/project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
            ("plan/features/a.toml", messy),
            ("plan/features/b.toml", messy),
        ],
    );
    assert_eq!(status_with_no_reader(dir.path(), &["fmt", "--check"]), Some(1));
    assert_eq!(status_with_no_reader(dir.path(), &["fmt"]), Some(0));
    assert_eq!(status_with_no_reader(dir.path(), &["fmt", "--check"]), Some(0));
    for f in ["a", "b"] {
        let text = std::fs::read_to_string(dir.path().join(format!("plan/features/{f}.toml"))).unwrap();
        assert_ne!(text, messy, "{f} was not formatted");
    }
}

/// A negative count (`--runs -5`) is the option's value, refused with the
/// range it takes (exit 2), not clap's "unexpected argument '-5'" with a
/// tip (`-- -5`) that would make it something else.
#[test]
fn a_negative_count_is_refused_as_the_option_s_value() {
    for (args, said) in [
        (
            &["report", "--runs", "-5"][..],
            "invalid value '-5' for '--runs <N>': give a whole number of runs from 0",
        ),
        (&["forecast", "--seed", "-1"][..], "invalid value '-1' for '--seed <S>'"),
        (
            &["report", "--gantt-budget", "-1"][..],
            "invalid value '-1' for '--gantt-budget <CHARS>'",
        ),
    ] {
        let out = run(milepost().args(args).args(["--plan", "examples/atlas/plan"]));
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(&format!("error: {said}")),
            "{args:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn colours_only_when_asked() {
    let plain = run(milepost().args(["check", "--plan", "examples/invalid/three-files"]));
    assert!(!plain.stderr.contains('\u{1b}'));
    let coloured = run(milepost().env_remove("NO_COLOR").args([
        "--color",
        "always",
        "check",
        "--plan",
        "examples/invalid/three-files",
    ]));
    assert!(coloured.stderr.contains('\u{1b}'));
    let json = run(milepost().env_remove("NO_COLOR").args([
        "--color",
        "always",
        "check",
        "--format",
        "json",
        "--plan",
        "examples/invalid/three-files",
    ]));
    assert!(!json.stdout.contains('\u{1b}'), "JSON is never coloured");
}

/// The README promises two commands: the main job on the bundled example,
/// and the tests. Both must exist and the first must work.
#[test]
fn readme_commands_work() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let main_job = readme
        .lines()
        .find(|l| l.trim_start().starts_with("cargo run --release -- "))
        .expect("README shows `cargo run --release -- ...`");
    assert!(
        readme.lines().any(|l| l.trim() == "cargo test"),
        "README shows `cargo test`"
    );
    let args: Vec<&str> = main_job
        .trim()
        .trim_start_matches("cargo run --release -- ")
        .split_whitespace()
        .collect();
    let out = run(milepost().args(&args));
    assert_eq!(out.code, 0, "`{main_job}` failed:\n{}", out.stderr);
    // The main job is the status report: every section is there.
    for section in [
        "## Milestones",
        "## Critical path",
        "## Top risks",
        "## Load",
        "## Budget",
        "```mermaid",
    ] {
        assert!(
            out.stdout.contains(section),
            "`{main_job}` printed no `{section}`:\n{}",
            out.stdout
        );
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_the_plan_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", PROJECT),
            ("features/a.toml", "title = \"A\"\nstatus = \"proposed\"\n"),
        ],
    );
    std::os::unix::fs::symlink(dir.path(), dir.path().join("features/loop")).unwrap();
    let out = run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
}

/// Every `$ milepost ...` example in the README shows real output: the lines
/// shown (up to a `...` line) are exactly the first lines the command prints.
#[test]
fn readme_console_examples_are_real_output() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let mut checked = 0;
    let mut lines = readme.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(command) = line.strip_prefix("$ milepost ") else {
            continue;
        };
        let mut shown = Vec::new();
        while let Some(l) = lines.next_if(|l| !l.starts_with("```")) {
            if l == "..." {
                break;
            }
            shown.push(l);
        }
        let out = run(milepost().args(command.split_whitespace()));
        // Human diagnostics go to stderr, data to stdout: the README shows what a terminal shows.
        let printed = format!("{}{}", out.stdout, out.stderr);
        let printed: Vec<&str> = printed.lines().take(shown.len()).collect();
        assert_eq!(printed, shown, "README example `milepost {command}` is out of date");
        checked += 1;
    }
    assert!(checked >= 3, "found {checked} examples");
}

#[test]
fn a_bad_status_date_is_a_usage_error() {
    let out = run(milepost().args(["schedule", "--plan", "examples/atlas/plan", "--as-of", "2026-02-30"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("2026-02-30 is not a date: February 2026 has 28 days"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_thread_count_that_is_no_number_is_refused() {
    for bad in ["0", "two", "-1", ""] {
        let out = run(milepost()
            .env("MILEPOST_THREADS", bad)
            .args(["check", "--plan", "examples/atlas/plan"]));
        assert_eq!(out.code, 2, "MILEPOST_THREADS={bad:?}: {}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("`MILEPOST_THREADS` is `{bad}`, not a number of threads")),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("whole number from 1 up"), "{}", out.stderr);
    }
    // More threads than cores, however many, is no error: the cores are used.
    let mut repo = Repo::new();
    repo.write(&[("plan/project.toml", PROJECT)]);
    repo.commit("Start the plan");
    for fine in ["1", "100000", "99999999999999999999999"] {
        let out = run(milepost()
            .env("MILEPOST_THREADS", fine)
            .args(["check", "--plan", "examples/atlas/plan"]));
        assert!(out.code <= 1, "MILEPOST_THREADS={fine}: {}", out.stderr);
        let out = run(repo.milepost().env("MILEPOST_THREADS", fine).args(["history"]));
        assert_eq!(out.code, 0, "MILEPOST_THREADS={fine}: {}", out.stderr);
    }
}
