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

/// The commands `milepost --help` lists.
fn commands() -> Vec<String> {
    let help = run(milepost().arg("--help")).stdout;
    let list = help.split("Commands:\n").nth(1).unwrap();
    let names: Vec<String> = list
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(
        names.contains(&"check".to_string()) && names.contains(&"help".to_string()),
        "{names:?}"
    );
    names
}

#[test]
fn man_out_writes_every_page_once_and_replaces_them_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("man1");
    let out = run(milepost().args(["man", "--out"]).arg(&out_dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // `milepost new` has commands of its own, each with its page.
    let nested = [
        "milepost-new-feature.1",
        "milepost-new-milestone.1",
        "milepost-new-risk.1",
    ];
    let pages = commands().len() + 1 + nested.len();
    assert!(
        out.stderr.starts_with(&format!("wrote {pages} man pages to ")),
        "{}",
        out.stderr
    );
    let mut names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = commands().iter().map(|c| format!("milepost-{c}.1")).collect();
    expected.push("milepost.1".into());
    expected.extend(nested.map(String::from));
    expected.sort();
    assert_eq!(names, expected);
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
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), pages);

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
        // milepost was built from HEAD, or from an ancestor of it when a
        // commit landed between the build and this test.
        Ok(repo) => {
            let head = repo.head().unwrap().peel_to_commit().unwrap().id();
            let short = line
                .strip_prefix(&format!("{version} (commit "))
                .and_then(|rest| rest.strip_suffix(')'))
                .unwrap_or_else(|| panic!("no commit in {line:?}"));
            assert_eq!(short.len(), 12, "{line}");
            let built = repo.revparse_single(short).unwrap().peel_to_commit().unwrap().id();
            assert!(
                built == head || repo.graph_descendant_of(head, built).unwrap(),
                "{line}: not HEAD ({head}) nor an ancestor of it"
            );
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

/// A folder of a plan, or its project file, named with `--plan`: the plan
/// they are in is suggested, with exit 2, not a plan without its project
/// and every file out of place (found by a new-user review).
#[test]
fn a_folder_or_the_project_file_of_a_plan_suggests_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("plan/project.toml", PROJECT),
            ("plan/features/a.toml", "title = \"A\"\n"),
        ],
    );
    for (given, plan) in [
        ("plan/features", "plan"),
        ("plan/project.toml", "plan"),
        ("plan/features/", "plan"),
    ] {
        let out = run(milepost().current_dir(dir.path()).args(["check", "--plan", given]));
        assert_eq!(out.code, 2, "{given}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("is inside the plan at `{plan}`"))
                && out.stderr.contains(&format!("did you mean `--plan {plan}`?")),
            "{given}: {}",
            out.stderr
        );
    }
    // From inside the plan: the plan is `.`.
    let out = run(milepost()
        .current_dir(dir.path().join("plan"))
        .args(["check", "--plan", "features"]));
    assert!(out.stderr.contains("did you mean `--plan .`?"), "{}", out.stderr);
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

/// `milepost help TOPIC` prints the reference as it is in `docs/`, and
/// every file there is a topic.
#[test]
fn help_prints_the_reference_shipped_inside() {
    let mut topics = Vec::new();
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            topics.push(path);
        }
    }
    assert!(topics.len() >= 5, "{topics:?}");
    let overview = run(milepost().arg("help"));
    assert_eq!(overview.code, 0);
    for path in topics {
        let topic = path.file_stem().unwrap().to_str().unwrap();
        let out = run(milepost().args(["help", topic]));
        assert_eq!(out.code, 0, "{topic}: {}", out.stderr);
        assert!(
            out.stdout == std::fs::read_to_string(&path).unwrap(),
            "help {topic} is not {}",
            path.display()
        );
        assert!(
            overview.stdout.contains(&format!("\n  {topic} ")),
            "`milepost help` does not list {topic}"
        );
    }
    for command in commands() {
        let help = run(milepost().args(["help", &command]));
        let flag = run(milepost().args([&command, "--help"]));
        assert_eq!(help.code, 0, "{command}: {}", help.stderr);
        assert_eq!(help.stdout, flag.stdout, "help {command}");
    }
    let out = run(milepost().args(["help", "schedulng"]));
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "error: unknown command or help topic `schedulng`\n  help: did you mean `scheduling`?\n"
    );
}

/// Hints and `--help` point at `milepost help TOPIC`, never at a file of
/// this repository that a user of the binary does not have.
#[test]
fn no_message_points_at_a_docs_file() {
    fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // clap turns the doc comments of args.rs into `--help`.
                let help_text = path.ends_with("args.rs");
                for (i, line) in text.lines().enumerate() {
                    let code = line.trim_start();
                    let comment = code.starts_with("//") && !(help_text && code.starts_with("///"));
                    if !comment && !code.contains("include_str!") && code.contains("docs/") && code.contains(".md") {
                        found.push(format!("{}:{}: {code}", path.display(), i + 1));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(&root().join("src"), &mut found);
    assert!(
        found.is_empty(),
        "say `milepost help TOPIC` instead:\n{}",
        found.join("\n")
    );
}
