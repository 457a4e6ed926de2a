//! `--rev`: the plan read from Git history, in real repositories built in
//! temporary directories.

use crate::invalid::CheckJson;
use crate::support::{PROJECT, Repo, run};

const SSO: &str = "title = \"SSO\"\nowner = \"ana\"\nestimate = \"3d\"\ndepends-on = [\"auth-db\"]\n";
const AUTH_DB: &str = "title = \"Auth DB\"\nowner = \"ana\"\nestimate = \"2d\"\n";

/// v1: valid. v2: `auth-db` deleted, so `sso` depends on nothing that exists.
/// v3: valid again, `auth-db` restored. Tagged `approved` at v1.
fn history() -> (Repo, [git2::Oid; 3]) {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/features/sso.toml", SSO),
        ("plan/features/auth-db.toml", AUTH_DB),
        ("README.md", "code lives here\n"),
    ]);
    let v1 = repo.commit("plan: first version");
    repo.tag("approved");
    repo.remove("plan/features/auth-db.toml");
    let v2 = repo.commit("plan: drop auth-db");
    repo.write(&[("plan/features/auth-db.toml", AUTH_DB)]);
    let v3 = repo.commit("plan: restore auth-db");
    (repo, [v1, v2, v3])
}

fn json(repo: &Repo, args: &[&str]) -> (i32, CheckJson, String) {
    let out = run(repo.milepost().args(["check", "--format", "json"]).args(args));
    let parsed = serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}\n{}", out.stdout, out.stderr));
    (out.code, parsed, out.stderr)
}

#[test]
fn checks_any_revision_without_checking_it_out() {
    let (repo, [v1, v2, _]) = history();
    // Break the working tree: --rev must not see it.
    repo.write(&[("plan/features/sso.toml", "description = \"no title\"\n")]);

    let (code, head, _) = json(&repo, &["--rev", "HEAD"]);
    assert_eq!(code, 0, "{head:?}");
    assert_eq!(head.counts.features, 2);

    let (code, broken, _) = json(&repo, &["--rev", "HEAD~1"]);
    assert_eq!(code, 1);
    let revision = broken.revision.as_ref().unwrap();
    assert_eq!(revision.spec, "HEAD~1");
    assert_eq!(revision.commit, v2.to_string());
    let codes: Vec<&str> = broken.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0203"]);
    let primary = broken.diagnostics[0].primary.as_ref().unwrap();
    assert_eq!((primary.file.as_str(), primary.line), ("plan/features/sso.toml", 4));

    let (code, tagged, _) = json(&repo, &["--rev", "approved"]);
    assert_eq!(code, 0);
    assert_eq!(tagged.revision.unwrap().commit, v1.to_string());

    let (code, by_id, _) = json(&repo, &["--rev", &v2.to_string()[..10]]);
    assert_eq!(code, 1);
    assert_eq!(by_id.revision.unwrap().commit, v2.to_string());

    // And the working tree itself is broken.
    let out = run(repo.milepost().arg("check"));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("E0103"), "{}", out.stderr);
}

#[test]
fn human_output_names_the_revision_and_paths_from_the_repository_root() {
    let (repo, [_, v2, _]) = history();
    let out = run(repo.milepost().args(["check", "--rev", "HEAD~1"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("--> plan/features/sso.toml:4:15"), "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!("at HEAD~1 ({})", &v2.to_string()[..12])),
        "{}",
        out.stderr
    );
}

#[test]
fn finds_the_plan_from_a_subdirectory() {
    let (repo, _) = history();
    repo.write(&[("src/deep/er/main.rs", "fn main() {}\n")]);
    let out = run(repo
        .milepost()
        .current_dir(repo.path().join("src/deep/er"))
        .arg("check"));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("`../../../plan`"), "{}", out.stderr);
    let out = run(repo
        .milepost()
        .current_dir(repo.path().join("src/deep"))
        .args(["check", "--rev", "HEAD~1"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
}

#[test]
fn plan_in_a_subdirectory_of_the_repository() {
    let mut repo = Repo::new();
    repo.write(&[
        ("ops/plan/project.toml", PROJECT),
        ("ops/plan/features/a.toml", AUTH_DB),
    ]);
    repo.commit("plan");
    // Gone from the working tree, still in history.
    std::fs::remove_dir_all(repo.path().join("ops")).unwrap();
    let (code, out, _) = json(&repo, &["--plan", "ops/plan", "--rev", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(out.plan, "HEAD:ops/plan");
    assert_eq!(out.counts.features, 1);
}

#[test]
fn revision_errors_exit_2_with_a_hint() {
    let (repo, _) = history();
    let out = run(repo.milepost().args(["check", "--rev", "no-such-branch"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("error: unknown revision `no-such-branch`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("help: "), "{}", out.stderr);

    let out = run(repo
        .milepost()
        .args(["check", "--rev", "HEAD", "--plan", "elsewhere/plan"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("revision `HEAD` has no `elsewhere/plan` directory"),
        "{}",
        out.stderr
    );

    let outside = tempfile::tempdir().unwrap();
    let out = run(repo
        .milepost()
        .current_dir(outside.path())
        .args(["check", "--rev", "HEAD", "--plan", "."]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("error: `--rev HEAD` reads the plan from Git, but `"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("is not inside a Git repository"), "{}", out.stderr);
    assert!(out.stderr.contains("or drop `--rev`"), "{}", out.stderr);
}

#[test]
fn a_revision_where_the_plan_was_invalid_toml() {
    let mut repo = Repo::new();
    repo.write(&[
        ("plan/project.toml", PROJECT),
        ("plan/features/a.toml", "title = \"A\nowner = ana\n"),
    ]);
    repo.commit("broken");
    let (code, out, _) = json(&repo, &["--rev", "HEAD"]);
    assert_eq!(code, 1);
    assert!(out.diagnostics.iter().all(|d| d.code == "E0001"));
    assert!(!out.diagnostics.is_empty());
}

#[test]
fn schedule_reads_a_revision_too() {
    let (repo, _) = history();
    let out = run(repo.milepost().args([
        "schedule",
        "--rev",
        "approved",
        "--as-of",
        "2026-03-02",
        "--format",
        "csv",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // auth-db (2d) Mon-Tue, then sso (3d) Wed-Fri.
    assert!(
        out.stdout
            .contains("\nauth-db,feature,Auth DB,planned,2026-03-02,2026-03-03,2,"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("\nsso,feature,SSO,planned,2026-03-04,2026-03-06,3,"),
        "{}",
        out.stdout
    );
    let broken = run(repo
        .milepost()
        .args(["schedule", "--rev", "HEAD~1", "--as-of", "2026-03-02"]));
    assert_eq!(broken.code, 1);
    assert!(broken.stderr.contains("error[E0203]"), "{}", broken.stderr);
}
