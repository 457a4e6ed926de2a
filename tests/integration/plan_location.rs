//! Where the plan is: `--plan`, then `MILEPOST_PLAN`, then `plan` in a
//! `milepost.toml` at the repository root, then `plan/` (README, "Where the
//! plan is").

use std::path::Path;

use crate::support::{Repo, milepost, run, write_files};

fn project(name: &str) -> String {
    format!("[project]\nname = \"{name}\"\nstart = 2026-03-02\n")
}

/// Four plans in one repository, each with a feature of its own name, so
/// that the JSON of `check` says which was read.
fn four_plans(dir: &Path) {
    let mut files = Vec::new();
    for name in ["a", "b", "c", "plan"] {
        files.push((format!("{name}/project.toml"), project(name)));
        files.push((
            format!("{name}/features/from-{name}.toml"),
            "title = \"F\"\nestimate = \"1d\"\n".to_string(),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    write_files(dir, &files);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("sub/deeper")).unwrap();
}

/// The `plan` of `check --format json` run in `cwd` with `args` and `env`.
fn read(cwd: &Path, env: Option<&str>, args: &[&str]) -> String {
    let mut cmd = milepost();
    cmd.current_dir(cwd).args(["check", "--format", "json"]).args(args);
    if let Some(v) = env {
        cmd.env("MILEPOST_PLAN", v);
    }
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{args:?} {env:?}: {}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    v["plan"].as_str().unwrap().to_string()
}

#[test]
fn the_flag_beats_the_variable_which_beats_milepost_toml_which_beats_plan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    four_plans(root);
    assert_eq!(read(root, None, &[]), "plan");
    std::fs::write(root.join("milepost.toml"), "# where the plan is\nplan = \"c\"\n").unwrap();
    assert_eq!(read(root, None, &[]), "c");
    // From below the root, the path is relative to milepost.toml.
    assert_eq!(read(&root.join("sub/deeper"), None, &[]), "../../c");
    assert_eq!(read(root, Some("b"), &[]), "b");
    assert_eq!(read(root, Some(""), &[]), "c", "an empty MILEPOST_PLAN is no value");
    assert_eq!(read(root, Some("b"), &["--plan", "a"]), "a");
    // milepost.toml is looked for up to the repository root, not above.
    write_files(root, &[("sub/.git/HEAD", "")]);
    assert_eq!(read(&root.join("sub/deeper"), None, &["--plan", "../../a"]), "../../a");
    let out = run(milepost().current_dir(root.join("sub/deeper")).arg("check"));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: no plan found"), "{}", out.stderr);
}

#[test]
fn a_bad_milepost_toml_says_where_and_how_to_fix_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    four_plans(root);
    for (text, error) in [
        (
            "plna = \"c\"\n",
            "error: `milepost.toml:1:1`: unknown key `plna` (did you mean `plan`?)\n",
        ),
        (
            "\nplan = 3\n",
            "error: `milepost.toml:2:8`: `plan` must be a non-empty string: the plan directory\n",
        ),
        ("plan = \"c\n", "error: `milepost.toml:1:10`: invalid basic string"),
        (
            "plan = \"nope\"\n",
            "error: the plan directory `nope` does not exist (`plan` in `milepost.toml:1:8` names it)\n",
        ),
    ] {
        std::fs::write(root.join("milepost.toml"), text).unwrap();
        let out = run(milepost().current_dir(root).arg("check"));
        assert_eq!(out.code, 2, "{text}: {}", out.stderr);
        assert!(out.stderr.starts_with(error), "{text}:\n{}", out.stderr);
        assert!(out.stderr.contains("  help: "), "{}", out.stderr);
    }
    std::fs::remove_file(root.join("milepost.toml")).unwrap();
    let out = run(milepost().current_dir(root).env("MILEPOST_PLAN", "gone").arg("check"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: the plan directory `gone` does not exist (`MILEPOST_PLAN` names it)\n"),
        "{}",
        out.stderr
    );
    // A file named as the plan directory: who named it, too.
    std::fs::write(root.join("notes.txt"), "x\n").unwrap();
    let out = run(milepost()
        .current_dir(root)
        .env("MILEPOST_PLAN", "notes.txt")
        .arg("check"));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: the plan directory `notes.txt` is not a folder (`MILEPOST_PLAN` names it)\n"),
        "{}",
        out.stderr
    );
}

/// Commands that read Git find the plan the same way.
#[test]
fn git_commands_read_the_configured_plan() {
    let mut repo = Repo::new();
    repo.write(&[
        ("milepost.toml", "plan = \"project/plan\"\n"),
        ("project/plan/project.toml", &project("Nested")),
        ("project/plan/features/a.toml", "title = \"A\"\nestimate = \"1d\"\n"),
    ]);
    repo.commit("Add the plan");
    repo.write(&[("project/plan/features/b.toml", "title = \"B\"\nestimate = \"2d\"\n")]);
    repo.commit("Add b");
    let out = run(repo.milepost().args(["check", "--rev", "HEAD~1", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["counts"]["features"], 1);
    let out = run(repo.milepost().args(["diff", "HEAD~1", "HEAD", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"b\""), "{}", out.stdout);
    let out = run(repo.milepost().args(["history", "--format", "json"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("Add b"), "{}", out.stdout);
}
