//! The command line at a terminal: completions, man pages, `--version`,
//! colours, and hints for a plan directory given one level too high.

use crate::support::{PROJECT, milepost, root, run, write_files};

#[test]
fn completions_print_a_script_for_each_shell() {
    for (shell, marker) in [
        ("bash", "complete -F _milepost"),
        ("zsh", "#compdef milepost"),
        ("fish", "complete -c milepost"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[milepost]"),
    ] {
        let out = run(milepost().args(["completions", shell]));
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(marker), "{shell}:\n{}", out.stdout);
        assert!(out.stdout.contains("schedule"), "{shell}");
    }
    let out = run(milepost().args(["completions", "tcsh"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("possible values: bash, elvish, fish, powershell, zsh"),
        "{}",
        out.stderr
    );
}

/// Every subcommand's page, rendered by `man` itself when it is installed.
#[test]
fn man_pages_render() {
    let main = run(milepost().arg("man"));
    assert_eq!(main.code, 0, "{}", main.stderr);
    assert!(main.stdout.starts_with(".ie \\n(.g"), "roff:\n{}", main.stdout);
    let check = run(milepost().args(["man", "check"]));
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains(".TH milepost-check 1"), "{}", check.stdout);
    assert!(check.stdout.contains("\\-\\-deny"), "{}", check.stdout);

    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("milepost-check.1");
    std::fs::write(&page, &check.stdout).unwrap();
    match std::process::Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "man -l failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(text.contains("milepost-check - Validate the plan"), "{text}");
            assert!(text.contains("--deny"), "{text}");
        }
        Err(e) => eprintln!("man not found ({e}): the page's content is checked, not its rendering"),
    }

    let out = run(milepost().args(["man", "chek"]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: unknown command `chek`\n  help: did you mean `check`?\n"
    );
}

#[test]
fn man_out_writes_every_page_once_and_replaces_them_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out = run(milepost().args(["man", "--out"]).arg(&out_dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.starts_with("wrote 11 man pages to "), "{}", out.stderr);
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 11, "{names:?}");
    for name in ["milepost.1", "milepost-check.1", "milepost-report.1", "milepost-man.1"] {
        assert!(names.contains(&name.to_string()), "{names:?}");
    }
    // The user's own page, where a page would go, is left alone.
    let mine = out_dir.join("milepost-check.1");
    std::fs::write(&mine, "mine").unwrap();
    let again = run(milepost().args(["man", "--out"]).arg(&out_dir));
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("pass `--force`"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "mine");
    let forced = run(milepost().args(["man", "--force", "--out"]).arg(&out_dir));
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(std::fs::read_to_string(&mine).unwrap().contains(".TH milepost-check"));
    // No temporary files left behind.
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 11);

    let out = run(milepost().args(["man", "--force"]));
    assert_eq!(out.code, 2, "--force goes with --out");
}

/// Built from a Git checkout, `--version` names its commit (build.rs).
#[test]
fn version_names_the_commit_it_was_built_from() {
    let out = run(milepost().arg("--version"));
    assert_eq!(out.code, 0);
    let line = out.stdout.trim_end();
    let version = format!("milepost {}", env!("CARGO_PKG_VERSION"));
    match git2::Repository::open(root()) {
        // The test binary and milepost were built from the same HEAD.
        Ok(repo) => {
            let head = repo.head().unwrap().peel_to_commit().unwrap().id().to_string();
            assert_eq!(line, format!("{version} (commit {})", &head[..12]));
        }
        Err(_) => assert!(line.starts_with(&version), "{line}"),
    }
}

#[test]
fn a_plan_one_level_down_is_suggested() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &[("plan/project.toml", PROJECT)]);
    for args in [
        &["check", "--plan", "."][..],
        &["schedule", "--plan", "."],
        &["report", "--plan", "."],
    ] {
        let out = run(milepost().current_dir(dir.path()).args(args));
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(
            out.stderr,
            "error: `.` holds no `project.toml`, but `plan/project.toml` does\n  help: did you mean `--plan plan`?\n",
            "{args:?}"
        );
    }
    let out = run(milepost().args(["check", "--plan"]).arg(dir.path()));
    assert!(
        out.stderr
            .contains(&format!("did you mean `--plan {}`?", dir.path().join("plan").display())),
        "{}",
        out.stderr
    );
    // A directory that is a plan is read as one, whatever is below it.
    write_files(dir.path(), &[("project.toml", PROJECT)]);
    let out = run(milepost().current_dir(dir.path()).args(["check", "--plan", "."]));
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
}

/// One red for errors: a problem in the plan (annotate-snippets would
/// use bright red) and a command that fails look the same.
#[test]
fn errors_are_one_colour() {
    let colour = |args: &[&str]| {
        let out = run(milepost()
            .env_remove("NO_COLOR")
            .arg("--color")
            .arg("always")
            .args(args));
        let at = out.stderr.find("error").unwrap_or_else(|| panic!("{}", out.stderr));
        let before = &out.stderr[..at];
        (
            before[before.rfind("\n").map_or(0, |i| i + 1)..].to_string(),
            out.stderr,
        )
    };
    let (plan_error, stderr) = colour(&["check", "--plan", "examples/invalid/three-files"]);
    let (command_error, _) = colour(&["man", "chek"]);
    assert_eq!(plan_error, "\u{1b}[1m\u{1b}[31m");
    assert_eq!(command_error, plan_error);
    assert!(!stderr.contains("\u{1b}[91m"), "bright red in\n{stderr}");
}
