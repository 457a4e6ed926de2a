//! `milepost init`: a plan `check` accepts at once, in a repository with no
//! commits and outside any repository, where the configuration says, with
//! schemas editors find, a CI workflow and a pre-commit hook that work;
//! never over a file that is already there.

use std::path::Path;

use assert_cmd::Command;

use crate::support::{self, Repo, run};

/// `milepost` in `dir`, with a Git configuration of its own: a home folder
/// with no `.gitconfig` and no system configuration, so that the name
/// `init` finds is only the one a test sets.
fn milepost_in(dir: &Path, home: &Path) -> Command {
    let mut cmd = support::milepost();
    cmd.current_dir(dir)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_CONFIG_GLOBAL");
    cmd
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// A repository with no commits whose configuration names its user.
fn fresh_repo(name: &str) -> Repo {
    let repo = Repo::new();
    repo.repo.config().unwrap().set_str("user.name", name).unwrap();
    repo
}

#[test]
fn in_a_repository_with_no_commits_it_writes_a_plan_that_check_accepts() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    let out = run(milepost_in(repo.path(), home.path()).args(["init", "--start", "2026-03-02"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr.contains("its one person is `ana` (Ana Ruiz"),
        "{}",
        out.stderr
    );

    let project = read(repo.path().join("plan/project.toml"));
    for line in [
        "start = 2026-03-02",
        "id = \"ana\"",
        "name = \"Ana Ruiz\"",
        "workdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
    ] {
        assert!(project.contains(line), "no `{line}` in\n{project}");
    }
    // The project is named after the folder it is in.
    let folder = std::fs::canonicalize(repo.path()).unwrap();
    let folder = folder.file_name().unwrap().to_string_lossy();
    assert!(project.contains(&format!("name = \"{folder}\"")), "{project}");

    let check = run(milepost_in(repo.path(), home.path()).arg("check"));
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stderr
            .contains("the plan is valid: `plan`: 1 milestone, 1 feature, 0 risks, 1 person"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    // Written the canonical way: `fmt --check` (the action and the
    // pre-commit example run it) passes on a plan just made.
    let fmt = run(milepost_in(repo.path(), home.path()).args(["fmt", "--check"]));
    assert_eq!(fmt.code, 0, "{}{}", fmt.stdout, fmt.stderr);

    // The first feature, 5 working days from Monday 2 March 2026 on a
    // Monday-to-Friday week, ends on Friday 6 March; the milestone with it.
    let schedule =
        run(milepost_in(repo.path(), home.path()).args(["schedule", "--as-of", "2026-03-02", "--format", "csv"]));
    assert_eq!(schedule.code, 0, "{}", schedule.stderr);
    let rows: Vec<&str> = schedule.stdout.lines().filter(|l| l.contains("first-")).collect();
    assert_eq!(rows.len(), 2, "{}", schedule.stdout);
    for row in rows {
        assert!(row.contains("2026-03-06"), "{row}");
    }
}

#[test]
fn every_plan_file_names_its_schema_and_the_taplo_file_maps_them() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    assert_eq!(run(milepost_in(repo.path(), home.path()).arg("init")).code, 0);
    for (file, kind) in [
        ("plan/project.toml", "project"),
        ("plan/milestones/first-release.toml", "milestone"),
        ("plan/features/first-feature.toml", "feature"),
    ] {
        let path = repo.path().join(file);
        let text = read(&path);
        let first = text.lines().next().unwrap();
        let schema = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{file}: {first}"));
        // Taplo reads a `#:schema` path relative to the file.
        let schema = read(path.parent().unwrap().join(schema));
        let printed = run(support::milepost().args(["schema", kind])).stdout;
        assert_eq!(schema, printed, "{file}");
    }
    let taplo = read(repo.path().join(".taplo.toml"));
    assert!(taplo.contains("include = [\"plan/**/*.toml\"]"), "{taplo}");
    for kind in ["project", "milestone", "feature", "risk"] {
        let line = format!("path = \"plan/.schema/{kind}.schema.json\"");
        assert!(taplo.contains(&line), "no `{line}` in\n{taplo}");
        assert!(repo.path().join(format!("plan/.schema/{kind}.schema.json")).is_file());
    }
}

#[test]
fn outside_a_repository_the_person_is_a_placeholder_and_hooks_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let hooks = run(milepost_in(dir.path(), home.path()).args(["init", "--hooks"]));
    assert_eq!(hooks.code, 2, "{}", hooks.stderr);
    assert!(
        hooks.stderr.contains("`--hooks` writes a Git hook, but"),
        "{}",
        hooks.stderr
    );
    assert!(
        !dir.path().join("plan").exists(),
        "nothing is written when it cannot run"
    );

    let out = run(milepost_in(dir.path(), home.path()).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("a placeholder: no `git config user.name` was found"),
        "{}",
        out.stderr
    );
    let project = read(dir.path().join("plan/project.toml"));
    assert!(project.contains("# No `git config user.name` was found: put your own id and name here.\n[[people]]\nid = \"me\"\nname = \"Your Name\""), "{project}");
    assert!(read(dir.path().join("plan/features/first-feature.toml")).contains("owner = \"me\""));
    assert!(dir.path().join(".taplo.toml").is_file());
    let check = run(milepost_in(dir.path(), home.path()).arg("check"));
    assert_eq!(check.code, 0, "{}", check.stderr);
}

/// Where a plan is there, `init` keeps its files as they are and adds what
/// is missing around it; a file of milepost's own that differs stops it
/// unless `--force`, which never touches a plan file or a hook.
#[test]
fn it_never_overwrites_a_plan_and_adds_what_is_missing_around_it() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    let init = |args: &[&str]| run(milepost_in(repo.path(), home.path()).arg("init").args(args));
    assert_eq!(init(&[]).code, 0);
    let mine = "[project]\nname = \"Mine\"\nstart = 2026-01-05\n";
    repo.write(&[("plan/project.toml", mine)]);
    std::fs::remove_file(repo.path().join("plan/features/first-feature.toml")).unwrap();
    let kept = |stderr: &str| {
        assert_eq!(read(repo.path().join("plan/project.toml")), mine, "{stderr}");
        assert!(
            !repo.path().join("plan/features/first-feature.toml").exists(),
            "a plan's feature is not written again: {stderr}"
        );
    };

    // Nothing missing: the schemas and `.taplo.toml` are as `init` writes them.
    let again = init(&[]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        again.stderr,
        "nothing to add: the plan in `plan` is there already: its files are kept as they are, and 5 other files are there and up to date\n"
    );
    kept(&again.stderr);

    // What is missing around it is added: the workflow.
    let ci = init(&["--ci", "github"]);
    assert_eq!(ci.code, 0, "{}", ci.stderr);
    assert!(
        ci.stderr
            .starts_with("added 1 file around the plan:\n  .github/workflows/milepost.yml\n"),
        "{}",
        ci.stderr
    );
    assert!(repo.path().join(".github/workflows/milepost.yml").is_file());
    kept(&ci.stderr);

    // `--name` and `--start` describe a new plan: refused.
    let start = init(&["--start", "2026-03-02"]);
    assert_eq!(start.code, 1, "{}", start.stderr);
    assert!(
        start
            .stderr
            .contains("`--start` describes a new plan, and there is one in `plan` already"),
        "{}",
        start.stderr
    );

    // A file of milepost's that differs stops it, all or nothing.
    std::fs::write(repo.path().join(".taplo.toml"), "# mine\n").unwrap();
    let differs = init(&["--hooks"]);
    assert_eq!(differs.code, 1, "{}", differs.stderr);
    assert!(
        differs.stderr.contains("a file it would write is already there")
            && differs.stderr.contains("  .taplo.toml\n")
            && differs.stderr.contains("the plan's own files are never touched")
            && differs.stderr.contains("pass `--force` to overwrite the file listed"),
        "{}",
        differs.stderr
    );
    let hook = repo.repo.path().join("hooks/pre-commit");
    assert!(!hook.exists(), "nothing is written when one file stops it");

    // A hook of the user's stops even `--force`, before anything is written.
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\necho mine\n").unwrap();
    let forced = init(&["--force", "--hooks"]);
    assert_eq!(forced.code, 1, "{}", forced.stderr);
    assert!(
        forced.stderr.contains("pre-commit hook is never replaced"),
        "{}",
        forced.stderr
    );
    assert_eq!(read(&hook), "#!/bin/sh\necho mine\n");
    assert_eq!(read(repo.path().join(".taplo.toml")), "# mine\n");

    // `--force` overwrites milepost's file, and never the plan's.
    let forced = init(&["--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert!(
        forced.stderr.contains("  .taplo.toml (overwritten: `--force`)\n"),
        "{}",
        forced.stderr
    );
    assert_ne!(read(repo.path().join(".taplo.toml")), "# mine\n");
    assert_eq!(read(&hook), "#!/bin/sh\necho mine\n");
    kept(&forced.stderr);
    let check = run(milepost_in(repo.path(), home.path()).arg("check"));
    assert_eq!(check.code, 0, "{}", check.stderr);

    // A new plan elsewhere: `.taplo.toml` (which maps this plan) differs.
    let other = init(&["--plan", "other"]);
    assert_eq!(other.code, 1, "{}", other.stderr);
    assert!(
        other.stderr.contains("a file it would write is already there")
            && other.stderr.contains("  .taplo.toml\n")
            && other.stderr.contains("pass `--plan DIR` to start a plan elsewhere")
            && !other.stderr.contains("project.toml"),
        "{}",
        other.stderr
    );
    assert!(!repo.path().join("other").exists());

    // A plan's file without a `project.toml`: not even `--force` replaces it.
    repo.write(&[("third/features/first-feature.toml", "title = \"Mine\"\n")]);
    for args in [
        &["--plan", "third", "--no-taplo"][..],
        &["--plan", "third", "--no-taplo", "--force"],
    ] {
        let third = init(args);
        assert_eq!(third.code, 1, "{}", third.stderr);
        assert!(
            third.stderr.contains("  third/features/first-feature.toml\n")
                && third.stderr.contains("A plan's files are never overwritten"),
            "{}",
            third.stderr
        );
    }
    assert_eq!(
        read(repo.path().join("third/features/first-feature.toml")),
        "title = \"Mine\"\n"
    );
    assert!(!repo.path().join("third/project.toml").exists());
}

/// A plan among another's items (`--plan plan/features`) would be read as
/// part of it (its `project.toml` as a feature): refused, nothing written,
/// the outer plan named. A plan beside it, in a folder of it the loader
/// does not read, or below another tool's `project.toml` is made.
#[test]
fn it_refuses_to_start_a_plan_inside_another() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    let init = |args: &[&str]| run(milepost_in(repo.path(), home.path()).arg("init").args(args));
    assert_eq!(init(&["--no-taplo"]).code, 0);
    for inner in ["plan/features", "plan/risks/deep"] {
        let out = init(&["--plan", inner, "--no-taplo"]);
        assert_eq!(out.code, 1, "{inner}: {}", out.stderr);
        assert!(
            out.stderr.contains(&format!("`{inner}` is inside the plan in `plan`")),
            "{}",
            out.stderr
        );
        assert!(!repo.path().join(inner).join("project.toml").exists(), "{inner}");
    }
    let check = |plan: &str| run(milepost_in(repo.path(), home.path()).args(["check", "--plan", plan])).code;
    assert_eq!(check("plan"), 0);
    assert_eq!(init(&["--plan", "other", "--no-taplo"]).code, 0);
    // Beside a plan's items, or below another tool's `project.toml`: made.
    assert_eq!(init(&["--plan", "plan/notes/deep", "--no-taplo"]).code, 0);
    assert_eq!((check("plan"), check("plan/notes/deep")), (0, 0));
    std::fs::write(repo.path().join("project.toml"), "[_]\nschema-version = \"0.2\"\n").unwrap();
    assert_eq!(init(&["--plan", "third", "--no-taplo"]).code, 0);
}

/// A file where the plan's folder goes, or a folder where its project file
/// goes, is refused (exit 1) with what to do, `--force` or not; nothing is
/// written and the file is kept.
#[test]
fn something_else_in_the_plans_place_is_refused() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    let init = |args: &[&str]| run(milepost_in(repo.path(), home.path()).arg("init").args(args));
    std::fs::write(repo.path().join("plan"), "notes\n").unwrap();
    for force in [false, true] {
        let out = init(if force {
            &["--no-taplo", "--force"]
        } else {
            &["--no-taplo"]
        });
        assert_eq!(out.code, 1, "{}", out.stderr);
        assert!(
            out.stderr
                .starts_with("error: `plan` is a file, not a folder: a plan is a folder of TOML files\n"),
            "{}",
            out.stderr
        );
        assert!(out.stderr.contains("help: rename or move `plan`"), "{}", out.stderr);
        assert_eq!(read(repo.path().join("plan")), "notes\n");
    }
    std::fs::remove_file(repo.path().join("plan")).unwrap();
    std::fs::create_dir_all(repo.path().join("plan/project.toml")).unwrap();
    let out = init(&["--no-taplo"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: `plan/project.toml` is a folder, not the project file\n"),
        "{}",
        out.stderr
    );
    assert!(!repo.path().join("plan/features").exists());
}

/// `--force`'s help says plainly that it never overwrites a plan file.
#[test]
fn the_help_of_force_says_it_never_overwrites_a_plan_file() {
    let short = run(support::milepost().args(["init", "-h"]));
    let force = short
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("--force"))
        .unwrap_or_default();
    assert!(force.contains("Overwrite milepost's own files"), "{}", short.stdout);
    let long = run(support::milepost().args(["init", "--help"]));
    assert!(
        long.stdout
            .contains("A plan's files (`project.toml`, with the project, its people,")
            && long.stdout.contains("never overwritten, `--force` or not"),
        "{}",
        long.stdout
    );
}

#[test]
fn it_creates_the_plan_where_milepost_toml_or_milepost_plan_says() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    repo.write(&[("milepost.toml", "plan = \"docs/plan\"\n")]);
    std::fs::create_dir_all(repo.path().join("src")).unwrap();
    // From a subfolder: the plan and the editor file go where they belong.
    let out = run(milepost_in(&repo.path().join("src"), home.path()).arg("init"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(repo.path().join("docs/plan/project.toml").is_file());
    let taplo = read(repo.path().join(".taplo.toml"));
    assert!(taplo.contains("include = [\"docs/plan/**/*.toml\"]"), "{taplo}");
    assert_eq!(run(milepost_in(repo.path(), home.path()).arg("check")).code, 0);

    let other = run(milepost_in(repo.path(), home.path())
        .env("MILEPOST_PLAN", "roadmap")
        .args(["init", "--no-taplo", "--name", "Road \"map\""]));
    assert_eq!(other.code, 0, "{}", other.stderr);
    let project: toml_edit::DocumentMut = read(repo.path().join("roadmap/project.toml")).parse().unwrap();
    assert_eq!(project["project"]["name"].as_str(), Some("Road \"map\""));
    let check = run(milepost_in(repo.path(), home.path())
        .env("MILEPOST_PLAN", "roadmap")
        .arg("check"));
    assert_eq!(check.code, 0, "{}", check.stderr);

    // A name is one line: a bad argument (exit 2, as for `new --title`),
    // said before anything is written.
    let refused = run(milepost_in(repo.path(), home.path()).args(["init", "--plan", "other", "--name", "a\nb"]));
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.starts_with("error: `--name` holds a line break"),
        "{}",
        refused.stderr
    );
    assert!(!repo.path().join("other").exists());
}

#[cfg(unix)]
#[test]
fn the_workflow_runs_real_commands_and_the_hook_stops_an_invalid_plan() {
    use std::os::unix::fs::PermissionsExt;

    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    let out = run(milepost_in(repo.path(), home.path()).args(["init", "--ci", "github", "--hooks"]));
    assert_eq!(out.code, 0, "{}", out.stderr);

    let workflow = read(repo.path().join(".github/workflows/milepost.yml"));
    assert!(workflow.contains("paths: [\"plan/**\"]"), "{workflow}");
    let check = workflow
        .lines()
        .find_map(|l| l.trim().strip_prefix("run: milepost check "))
        .unwrap();
    let args: Vec<&str> = std::iter::once("check").chain(check.split_whitespace()).collect();
    let ran = run(milepost_in(repo.path(), home.path()).args(&args));
    assert_eq!((ran.code, ran.stdout.as_str()), (0, ""), "{}", ran.stderr);
    assert!(workflow.contains("milepost diff --plan plan --format markdown \"origin/${{ github.base_ref }}...HEAD\""));

    let hook = repo.repo.path().join("hooks/pre-commit");
    assert_eq!(std::fs::metadata(&hook).unwrap().permissions().mode() & 0o777, 0o755);
    let bin = assert_cmd::cargo::cargo_bin("milepost");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap());
    let hook_run = |repo: &Repo| {
        std::process::Command::new(&hook)
            .current_dir(repo.path())
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let stage = |repo: &Repo| {
        let mut index = repo.repo.index().unwrap();
        index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
    };
    // Nothing staged in the plan: nothing checked, even with a broken plan.
    repo.write(&[("plan/features/broken.toml", "title = 3\n")]);
    assert!(hook_run(&repo).status.success());
    stage(&repo);
    let stopped = hook_run(&repo);
    assert_eq!(stopped.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&stopped.stderr).contains("broken.toml"));
    repo.remove("plan/features/broken.toml");
    stage(&repo);
    assert!(hook_run(&repo).status.success());
}

/// A file `init` cannot write stops it with the error, and the files it
/// wrote before are named and kept; once the cause is gone, `init` again
/// writes the rest.
#[test]
fn a_write_that_fails_half_way_names_what_was_written() {
    let repo = fresh_repo("Ana Ruiz");
    let home = tempfile::tempdir().unwrap();
    // A file where the workflow's folder goes: the last file cannot be written.
    repo.write(&[(".github", "not a folder\n")]);
    let init = || run(milepost_in(repo.path(), home.path()).args(["init", "--ci", "github"]));
    let out = init();
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error: cannot write to `.github/workflows`"),
        "{}",
        out.stderr
    );
    let note = out
        .stderr
        .lines()
        .find(|l| l.starts_with("  note: "))
        .unwrap_or_default();
    assert!(
        note.contains(" written before it, and kept: `plan/project.toml`, "),
        "{}",
        out.stderr
    );
    assert!(note.contains("`.taplo.toml`"), "{}", out.stderr);
    assert!(!note.contains("milepost.yml"), "{}", out.stderr);
    assert!(repo.path().join("plan/project.toml").is_file());
    std::fs::remove_file(repo.path().join(".github")).unwrap();
    let again = init();
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stderr
            .starts_with("added 1 file around the plan:\n  .github/workflows/milepost.yml\n"),
        "{}",
        again.stderr
    );
}
