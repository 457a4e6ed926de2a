//! Hostile and careless input (issue 17): what is under the plan directory
//! but is not a regular file inside it, files too large or too deep, and
//! text that is not UTF-8. milepost reads only regular files inside the
//! plan directory; everything else is reported by name, nothing of what it
//! holds or points to is printed, and no command waits on it.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use crate::support::{PROJECT, Repo, milepost, run, write_files};

/// A command that would hang (a pipe, an endless file) fails the test
/// instead of the whole run. Not a measure of speed: ten seconds is a
/// thousand times what these take.
const HANG: Duration = Duration::from_secs(10);

const FEATURE: &str = "title = \"A\"\nestimate = \"2d\"\nowner = \"ana\"\n";

/// A valid plan with one feature, `a`, in `dir/plan`.
fn plan(dir: &Path) -> std::path::PathBuf {
    let plan = dir.join("plan");
    write_files(&plan, &[("project.toml", PROJECT), ("features/a.toml", FEATURE)]);
    plan
}

/// `check` on `plan`, human and JSON: (exit code, stderr, JSON stdout).
fn check(plan: &Path) -> (i32, String, String) {
    let human = run(milepost().args(["check", "--plan"]).arg(plan).timeout(HANG));
    let json = run(milepost()
        .args(["check", "--format", "json", "--plan"])
        .arg(plan)
        .timeout(HANG));
    assert_eq!(human.code, json.code, "{}\n{}", human.stderr, json.stdout);
    (human.code, human.stderr, json.stdout)
}

#[test]
fn a_named_pipe_is_reported_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let fifo = plan.join("features/pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: skipping");
        return;
    }
    let (code, stderr, json) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`features/pipe.toml` is a named pipe, not a regular file"),
        "{stderr}"
    );
    assert!(stderr.contains("error[E0002]"), "{stderr}");
    assert!(json.contains("is a named pipe"), "{json}");
}

#[test]
fn a_link_out_of_the_plan_prints_nothing_of_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let outside = dir.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    // A TOML-looking secret, so that a reader that followed the link would
    // find something to quote back.
    std::fs::write(
        outside.join("secrets.env"),
        "title = \"x\"\nTOKEN = \"hunter2-secret\"\n",
    )
    .unwrap();
    symlink("../../outside/secrets.env", plan.join("features/leak.toml")).unwrap();
    symlink("/dev/zero", plan.join("features/zero.toml")).unwrap();
    let (code, stderr, json) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    for out in [&stderr, &json] {
        assert!(!out.contains("hunter2"), "a byte of the target was printed:\n{out}");
        assert!(!out.contains("TOKEN"), "a byte of the target was printed:\n{out}");
    }
    for link in ["features/leak.toml", "features/zero.toml"] {
        assert!(
            stderr.contains(&format!(
                "`{link}` is a symbolic link to something outside the plan directory"
            )),
            "{stderr}"
        );
    }
    assert!(
        stderr.contains("put the file itself there instead of a link"),
        "{stderr}"
    );
    // Two problems, each of the link, in JSON too.
    assert_eq!(json.matches("outside the plan directory").count(), 2, "{json}");
}

#[test]
fn a_link_inside_the_plan_is_followed_and_a_broken_one_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    // Inside the plan: read as the file it points to (the feature `b`).
    symlink("a.toml", plan.join("features/b.toml")).unwrap();
    let out = run(milepost()
        .args(["schedule", "--format", "json", "--no-level", "--plan"])
        .arg(&plan)
        .timeout(HANG));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\"id\": \"b\""), "{}", out.stdout);
    symlink("nowhere.toml", plan.join("features/c.toml")).unwrap();
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`features/c.toml` is a symbolic link to a file that does not exist"),
        "{stderr}"
    );
}

#[test]
fn a_link_back_up_the_tree_is_listed_once() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    symlink("..", plan.join("features/loop")).unwrap();
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn folders_deeper_than_the_limit_are_an_error_that_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    // At the limit: a feature 64 folders below the plan directory (63 below
    // `features/`) is read.
    let at_limit = ["x"; 63].join("/");
    write_files(&plan, &[(&format!("features/{at_limit}/deep.toml"), FEATURE)]);
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 0, "{stderr}");
    // A thousand folders deep: refused at the 65th, without walking on.
    let deep = ["y"; 1000].join("/");
    std::fs::create_dir_all(plan.join("features").join(&deep)).unwrap();
    let out = run(milepost().args(["check", "--plan"]).arg(&plan).timeout(HANG));
    assert_eq!(out.code, 2, "{}", out.stderr);
    let expected = format!(
        "/features/{}` is more than 64 folders below the plan directory",
        ["y"; 64].join("/")
    );
    assert!(out.stderr.contains(&expected), "{}", out.stderr);
    assert!(out.stderr.contains("move the files up"), "{}", out.stderr);
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let mut big = String::from("title = \"Big\"\n");
    while big.len() <= 4 * 1024 * 1024 {
        big.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(plan.join("features/big.toml"), &big).unwrap();
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`features/big.toml` is larger than the 4 MiB a plan file may hold"),
        "{stderr}"
    );
    assert!(!stderr.contains("padding"), "{stderr}");
}

#[test]
fn text_that_is_not_utf8_points_at_its_first_bad_byte() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    // Latin-1 `é` (0xE9) on line 5, after `note = "caf` (11 characters).
    let mut bytes = b"title = \"Latin\"\nestimate = \"1d\"\nowner = \"ana\"\n# plain\nnote = \"caf".to_vec();
    bytes.extend_from_slice(b"\xe9\"\n");
    std::fs::write(plan.join("features/latin.toml"), bytes).unwrap();
    let (code, stderr, json) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("`features/latin.toml` is not UTF-8 text: byte 0xE9 cannot be read as a character"),
        "{stderr}"
    );
    assert!(stderr.contains("features/latin.toml:5:12"), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let problem = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "E0002")
        .unwrap_or_else(|| panic!("{json}"));
    let text = problem.to_string();
    assert!(text.contains("\"line\":5") && text.contains("\"column\":12"), "{text}");
}

/// The paths of a commit's tree can hold links and submodules; a revision
/// is never checked out, and neither is followed.
#[test]
fn links_and_submodules_in_a_revision_are_reported_never_followed() {
    let mut repo = Repo::new();
    repo.write(&[("plan/project.toml", PROJECT), ("plan/features/a.toml", FEATURE)]);
    repo.write(&[("secret.env", "TOKEN = \"hunter2-secret\"\n")]);
    symlink("../../secret.env", repo.path().join("plan/features/leak.toml")).unwrap();
    repo.commit("a link in the plan");
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap().id();
    // A submodule entry (mode 160000) pointing at a commit.
    repo.commit_entries(
        "a submodule in the plan",
        &[(b"plan/features/vendored".to_vec(), head, 0o160_000)],
    );

    let out = run(repo.milepost().args(["check", "--rev", "HEAD"]).timeout(HANG));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("`features/leak.toml` is a symbolic link in this revision"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("`features/vendored` is a submodule, not part of the plan format and is ignored"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("hunter2"), "{}", out.stderr);
    assert!(
        !out.stderr.contains("secret.env"),
        "the link's target was printed:\n{}",
        out.stderr
    );

    // History reads the same trees through its own walk: it says the same,
    // and goes on.
    let history = run(repo.milepost().args(["history", "--format", "json"]).timeout(HANG));
    assert_eq!(history.code, 0, "{}", history.stderr);
    let value: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    assert_eq!(value["invalid"], 2, "both commits hold the link: {}", history.stdout);
    assert!(
        history.stdout.contains("is a symbolic link in this revision"),
        "{}",
        history.stdout
    );
    assert!(
        history.stdout.contains("is a submodule, not part of the plan format"),
        "{}",
        history.stdout
    );
    assert!(!history.stdout.contains("hunter2") && !history.stderr.contains("hunter2"));
}

/// `check` refuses `plan` saying `expected` at `at` (file:line:col), and
/// `milepost ARGS --plan PLAN`, which schedules it, refuses it alike:
/// check's stderr.
fn refused_alike(plan: &Path, args: &[&str], expected: &str, at: &str) -> String {
    let (code, stderr, _) = check(plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains(expected), "{expected}\n{stderr}");
    assert!(stderr.contains(at), "{at}\n{stderr}");
    let out = run(milepost().args(args).arg("--plan").arg(plan).timeout(HANG));
    assert_eq!(out.code, 1, "{args:?} agrees with check: {}", out.stderr);
    assert!(out.stderr.contains(expected), "{args:?}: {}", out.stderr);
    stderr
}

/// `check` accepts `plan`, and `milepost ARGS --plan PLAN` schedules it.
fn accepted_alike(plan: &Path, args: &[&str]) {
    let (code, stderr, _) = check(plan);
    assert_eq!(code, 0, "{stderr}");
    let out = run(milepost().args(args).arg("--plan").arg(plan).timeout(HANG));
    assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
}

/// Values no schedule can hold: `check` refuses them where they are
/// written, and `schedule` says the same instead of failing later.
#[test]
fn values_that_cannot_be_scheduled_are_refused_by_check_and_schedule_alike() {
    for (feature, at, expected) in [
        (
            "title = \"B\"\nestimate = \"99999999d\"\n",
            "features/b.toml:2:12",
            "`99999999d` is longer than a plan can hold: at most 10000d (2000w), about forty years",
        ),
        (
            "title = \"B\"\nestimate = \"1d\"\ndepends-on = [{ id = \"a\", lag = \"99999999d\" }]\n",
            "features/b.toml:3:33",
            "`99999999d` is longer than a plan can hold",
        ),
        (
            "title = \"B\"\nestimate = \"1d\"\nnot-before = 9100-01-01\n",
            "features/b.toml:3:14",
            "`not-before` is in the year 9100: plans hold dates before the year 9000",
        ),
        (
            // Each value allowed, together past the year 9000.
            "title = \"B\"\nestimate = \"9000d\"\nnot-before = 8990-01-01\n",
            "features/b.toml:2:12",
            "the plan's work could run past the year 9000: from 8990-01-01, done one piece after another",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let plan = plan(dir.path());
        write_files(&plan, &[("features/b.toml", feature)]);
        refused_alike(&plan, &["schedule"], expected, at);
    }
}

/// Work that fits before the year 9000 from a plan's own dates but not from
/// today, where work not started starts by default: `check` counts from
/// the later of the two, so `schedule` never refuses what `check` passed
/// (found by a generated plan: a start in the year 1, two features of
/// 10,000 days at 1% capacity).
#[test]
fn work_that_runs_past_9000_from_today_is_refused_by_check_and_schedule_alike() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    let project =
        "[project]\nname = \"Old\"\nstart = 0001-01-01\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.01\n";
    let feature = "title = \"X\"\nestimate = \"10000d\"\nowner = \"ana\"\n";
    write_files(
        &plan,
        &[
            ("project.toml", project),
            ("features/x.toml", feature),
            ("features/y.toml", feature),
        ],
    );
    let expected = "the plan's work could run past the year 9000: from ";
    let stderr = refused_alike(&plan, &["schedule"], expected, "features/x.toml:2:12");
    assert!(
        stderr.contains("(today)") && stderr.contains("the largest estimate"),
        "{stderr}"
    );

    // Half the work fits from today: both accept it.
    let small = "title = \"Y\"\nestimate = \"1d\"\nowner = \"ana\"\n";
    write_files(&plan, &[("features/y.toml", small)]);
    accepted_alike(&plan, &["schedule"]);
}

/// A status date so late that work not started runs past the year 9000,
/// on a plan `check` accepts: the error says so and names the status date
/// as what to change.
#[test]
fn a_status_date_too_late_for_the_work_says_to_change_it() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    write_files(&plan, &[("features/b.toml", "title = \"B\"\nestimate = \"9000d\"\n")]);
    accepted_alike(&plan, &["schedule"]);
    let late = run(milepost()
        .args(["schedule", "--as-of", "8990-01-01", "--plan"])
        .arg(&plan)
        .timeout(HANG));
    assert_eq!(late.code, 2, "{}", late.stderr);
    assert!(late.stderr.contains("runs past the year 9000"), "{}", late.stderr);
    assert!(
        late.stderr.contains("a later `--as-of` starts it later still"),
        "{}",
        late.stderr
    );
}

/// A value of the wrong type, or a number that is none, has a help line
/// saying how to write it: each of these had none, or a wrong one
/// (`[[links]]` for a list of strings).
#[test]
fn wrong_values_say_how_to_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let project = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[calendar]\nholidays = [5]\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = nan\n";
    let feature = "title = \"A\"\nestimate = \"2d\"\ntags = [\"ok\", 1]\n\n[links]\ndocs = \"https://example.com\"\n";
    write_files(&plan, &[("project.toml", project), ("features/a.toml", feature)]);
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    for (said, help) in [
        (
            "`holidays` must be a date (YYYY-MM-DD), found an integer",
            "help: write a date as YYYY-MM-DD, without quotes: `2026-12-25`",
        ),
        (
            "`capacity` must be a finite number",
            "help: write a number such as `capacity = 0.5`",
        ),
        (
            "`links` must be an array, found a table",
            "help: write a list: `links = [...]`",
        ),
        // An entry of a list, not the list (`tags = "..."` is an error too).
        (
            "each entry of `tags` must be a string, found an integer",
            "help: write each entry in quotes: `tags = [\"...\", \"...\"]`",
        ),
    ] {
        let at = stderr.find(said).unwrap_or_else(|| panic!("{said}\n{stderr}"));
        let next_help = stderr[at..]
            .find("help: ")
            .map(|h| &stderr[at + h..])
            .unwrap_or_default();
        assert!(next_help.starts_with(help), "{said}: {next_help}");
    }
    assert!(!stderr.contains("[[links]]"), "{stderr}");
}

/// Money and scores past 1,000,000,000,000 (a slip of the exponent) are
/// refused where they are written, by `check` and `report` alike; they
/// used to pass and be shown as 18,446,744,073,709,551,615 (the largest
/// integer) with "9223372036854775807% used".
#[test]
fn amounts_no_plan_holds_are_refused_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let project = PROJECT.replacen("[[people]]", "[budget]\ntotal = 1e30\n\n[[people]]", 1);
    write_files(&plan, &[("project.toml", &project)]);
    let expected =
        "`total` is larger than a plan can hold: at most 1,000,000,000,000, found 1000000000000000000000000000000";
    let line = project.lines().position(|l| l.starts_with("total")).unwrap() + 1;
    let stderr = refused_alike(
        &plan,
        &["report", "--runs", "0"],
        expected,
        &format!("project.toml:{line}:9"),
    );
    assert!(stderr.contains("help: check the number"), "{stderr}");
    // At the limit, accepted.
    let project = PROJECT.replacen("[[people]]", "[budget]\ntotal = 1e12\n\n[[people]]", 1);
    write_files(&plan, &[("project.toml", &project)]);
    accepted_alike(&plan, &["report", "--runs", "0"]);
}

/// A risk's delay: more than a plan can hold is refused where it is
/// written; within that, its delay on each feature it affects counts in the
/// bound on the plan's work, so the forecast never refuses what `check`
/// passed, and the error points at the risk when its delay is the largest
/// piece. A closed risk delays nothing.
#[test]
fn risk_delays_that_cannot_be_scheduled_are_refused_by_check_and_forecast_alike() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let huge = "title = \"R\"\nprobability = 1\nimpact = { days = 1e15 }\naffects = [\"a\"]\n";
    write_files(&plan, &[("risks/r.toml", huge)]);
    let expected = "`days` is longer than a plan can hold: a delay is at most 10000 working days";
    refused_alike(&plan, &["forecast", "--runs", "5"], expected, "risks/r.toml:3:19");

    // Each delay allowed; on a feature that starts in 8990, past the year
    // 9000.
    let late = "title = \"B\"\nestimate = \"1d\"\nnot-before = 8990-01-01\n";
    let risk = "title = \"R\"\nprobability = 1\nimpact = { days = 9000 }\naffects = [\"b\", \"b\"]\n";
    write_files(&plan, &[("features/b.toml", late), ("risks/r.toml", risk)]);
    let expected = "the plan's work could run past the year 9000: from 8990-01-01, done one piece after another";
    let stderr = refused_alike(&plan, &["forecast", "--runs", "5"], expected, "risks/r.toml:3:19");
    assert!(stderr.contains("the largest risk delay"), "{stderr}");

    // Closed, it delays nothing: the plan is valid and the forecast runs.
    write_files(&plan, &[("risks/r.toml", &format!("{risk}status = \"closed\"\n"))]);
    accepted_alike(&plan, &["forecast", "--runs", "5"]);
}

/// Two files a case-insensitive file system would make one: an error that
/// shows both, whether the names or the folders differ in case.
#[test]
fn ids_that_differ_only_in_case_are_an_error_showing_both() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    write_files(
        &plan,
        &[
            ("features/Login.toml", FEATURE),
            ("features/login.toml", FEATURE),
            ("features/Auth/sso.toml", FEATURE),
            ("features/auth/sso.toml", FEATURE),
            // Not a clash: different ids that share letters.
            ("features/logins.toml", FEATURE),
            // Two ids, but one folder there: said once, for the folders.
            ("features/team/sso.toml", FEATURE),
            ("features/Team/mfa.toml", FEATURE),
            ("features/Team/sub/x.toml", FEATURE),
            // Not a clash: risks have folders of their own.
            ("risks/Team/r.toml", "title = \"R\"\nprobability = 0.2\n"),
        ],
    );
    let (code, stderr, json) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    let folders = "error[E0007]: the folders `features/Team` and `features/team` differ only in upper and lower case";
    assert!(stderr.contains(folders), "{stderr}");
    assert!(
        stderr.contains("move the files of `features/team` into `features/Team`"),
        "{stderr}"
    );
    // Both files are shown (no other problem names them).
    for file in ["features/team/sso.toml", "features/Team/mfa.toml"] {
        assert!(stderr.contains(file), "{file}\n{stderr}");
    }
    for (first, second) in [("Auth/sso", "auth/sso"), ("Login", "login")] {
        let message = format!("error[E0007]: the ids `{first}` and `{second}` differ only in upper and lower case");
        assert!(stderr.contains(&message), "{message}\n{stderr}");
        for file in [first, second] {
            assert!(stderr.contains(&format!("features/{file}.toml")), "{file}\n{stderr}");
        }
    }
    assert_eq!(stderr.matches("error[E0007]").count(), 3, "{stderr}");
    assert_eq!(json.matches("\"E0007\"").count(), 3, "{json}");
}

/// TOML nested past the parser's limit, and problems about a whole file:
/// each has a line and column, the same in human and JSON output.
#[test]
fn every_problem_has_a_position_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let header = format!("title = \"D\"\n[{}]\nx = 1\n", ["a"; 10_000].join("."));
    // Arrays and inline tables too: the parser says only "not valid" there.
    let arrays = format!("title = \"E\"\nx = {}1{}\n", "[".repeat(90), "]".repeat(90));
    let inline = format!("title = \"F\"\nx = {}1{}\n", "{ a = ".repeat(85), " }".repeat(85));
    write_files(
        &plan,
        &[
            ("features/deep.toml", &header),
            ("features/deep-arrays.toml", &arrays),
            ("features/deep-inline.toml", &inline),
            ("features/empty.toml", ""),
        ],
    );
    let (code, stderr, json) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    for (file, levels) in [("deep", 10_000), ("deep-arrays", 90), ("deep-inline", 85)] {
        let said =
            format!("invalid TOML: nested too deeply ({levels} levels of tables, arrays or dotted keys on one line)");
        assert!(stderr.contains(&said), "{said}\n{stderr}");
        assert!(
            stderr.contains(&format!("features/{file}.toml:2:1")),
            "{file}\n{stderr}"
        );
    }
    assert!(!stderr.contains("this is not valid TOML"), "{stderr}");
    assert!(!stderr.contains("recursion limit"), "the parser's words: {stderr}");
    // The empty file's missing title: at 1:1 in both formats.
    assert!(stderr.contains("features/empty.toml:1:1"), "{stderr}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    for d in value["diagnostics"].as_array().unwrap() {
        let primary = &d["primary"];
        assert!(primary["line"].as_u64().is_some_and(|l| l >= 1), "{d}");
        let file = primary["file"].as_str().unwrap();
        let at = format!("{file}:{}:{}", primary["line"], primary["column"]);
        assert!(stderr.contains(&at), "JSON says {at}, human does not:\n{stderr}");
    }
}

/// Control characters and bidirectional overrides, written as TOML escapes
/// (raw ones are not TOML): warned about where they are written, and never
/// in any output for people, whatever the format; commit subjects too.
#[test]
fn control_and_bidi_characters_never_reach_an_output() {
    let mut repo = Repo::new();
    repo.write(&[
        (
            "plan/project.toml",
            "[project]\nname = \"Two\\nlines\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana \\u202Eevil\"\n",
        ),
        (
            "plan/features/a.toml",
            "title = \"Bad \\u001b[31mRED\\u001b[0m \\u001b]0;pwned\\u0007 \\u0000\"\nestimate = \"2d\"\nowner = \"ana\"\ndescription = \"line one\\nline \\u2066two\"\n",
        ),
        (
            "plan/milestones/m.toml",
            "title = \"M \\u2028 two\"\ndescription = \"one\\rtwo \\u2029 three\"\n",
        ),
        (
            "plan/risks/r.toml",
            "title = \"R\"\nprobability = 0.5\ndescription = \"one \\u2029 two\"\n",
        ),
    ]);
    repo.commit("plan \u{1b}[2Jwiped \u{202e}txt.exe");
    let out = run(repo.milepost().args(["check"]));
    assert_eq!(out.code, 0, "warnings only: {}", out.stderr);
    for expected in [
        "warning[W0008]: `title` holds a control character (U+001B), shown as `\u{FFFD}`",
        "features/a.toml:1:9",
        "warning[W0008]: `name` holds a line break, shown as a space",
        "warning[W0008]: `name` holds a bidirectional override (U+202E)",
        "warning[W0008]: `description` holds a bidirectional override (U+2066)",
        "warning[W0008]: `title` holds a line separator (U+2028), shown as a space",
        "warning[W0008]: `description` holds a carriage return, left out",
        "warning[W0008]: `description` holds a line separator (U+2029), shown as a line break",
    ] {
        assert!(out.stderr.contains(expected), "{expected}\n{}", out.stderr);
    }
    let bad = |c: char| {
        (c.is_control() && c != '\n' && c != '\t') || milepost::text::is_bidi(c) || milepost::text::is_separator(c)
    };
    for args in [
        &["schedule"][..],
        &["schedule", "--format", "csv"],
        &["schedule", "--format", "mermaid"],
        &["schedule", "--format", "json"],
        &["report"],
        &["report", "roadmap"],
        &["report", "gantt"],
        &["explain", "a"],
        &["history"],
        &["history", "--format", "json"],
        &["diff", "HEAD", "--format", "markdown"],
    ] {
        let out = run(repo.milepost().args(args).timeout(HANG));
        assert!(out.code == 0 || out.code == 1, "{args:?}: {}", out.stderr);
        let found: Vec<char> = out
            .stdout
            .chars()
            .chain(out.stderr.chars())
            .filter(|&c| bad(c))
            .collect();
        assert!(found.is_empty(), "{args:?} printed {found:?}:\n{}", out.stdout);
    }
    // The header of the schedule is one line: the name's line break is a space.
    let schedule = run(repo.milepost().args(["schedule"]));
    assert!(schedule.stdout.starts_with("Two lines: "), "{}", schedule.stdout);
    // The commit's subject, shown in history, lost its escape and override.
    let history = run(repo.milepost().args(["history"]));
    // (Markdown escapes the bracket.)
    assert!(
        history.stdout.contains("plan \u{FFFD}\\[2Jwiped \u{FFFD}txt.exe"),
        "{}",
        history.stdout
    );
}

/// Help that says exactly what to write: an id found by its last segment,
/// a duration written the format's way, and no warnings about what a file
/// with an invalid name leaves out (docs/format.md skips them for a file
/// with errors).
/// A plan whose files end their lines with CRLF (Git's `core.autocrlf` on
/// Windows), which TOML allows, is the same plan: no warning for the line
/// breaks of a description (a lone carriage return still is one), and the
/// same schedule.
#[test]
fn a_plan_with_windows_line_endings_is_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let crlf = dir.path().join("plan");
    let atlas = crate::support::root().join("examples/atlas/plan");
    let mut stack = vec![atlas.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let to = crlf.join(p.strip_prefix(&atlas).unwrap());
            if p.is_dir() {
                stack.push(p);
            } else {
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                let text = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&to, text.replace('\n', "\r\n")).unwrap();
            }
        }
    }
    assert!(
        std::fs::read_to_string(crlf.join("project.toml"))
            .unwrap()
            .contains("\r\n")
    );
    let out = run(milepost().args(["check", "--deny", "warnings", "--plan"]).arg(&crlf));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let schedule = |plan: &Path| {
        let out = run(milepost()
            .args(["schedule", "--format", "json", "--as-of", "2026-06-15", "--plan"])
            .arg(plan));
        assert_eq!(out.code, 0, "{}", out.stderr);
        let mut json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        // (Where the plan is differs, and nothing else may.)
        json["plan"] = serde_json::Value::Null;
        json
    };
    assert!(schedule(&crlf) == schedule(&atlas), "the schedules differ");
}

#[test]
fn help_says_exactly_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    write_files(
        &plan,
        &[
            ("features/auth/sso.toml", FEATURE),
            (
                "features/b.toml",
                "title = \"B\"\nowner = \"ana\"\nestimate = \".5d\"\ndepends-on = [\"sso\"]\n",
            ),
            ("features/Bad Name.toml", "title = \"No owner, no estimate\"\n"),
        ],
    );
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "unknown feature or milestone `sso`",
        "help: did you mean `auth/sso`?",
        "`.5d` is not a duration: write the number with digits on both sides of the point",
        "help: write `0.5d`",
        "error[E0005]: `Bad Name` is not a valid id",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    assert!(!stderr.contains("W0402") && !stderr.contains("W0403"), "{stderr}");
}

/// Text has a documented length: a title at the limit is read, one
/// character more is an error that says the limit, as is a description
/// over its own.
#[test]
fn text_longer_than_its_limit_is_an_error_that_says_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan(dir.path());
    let title = |n: usize| format!("title = \"{}\"\nestimate = \"1d\"\nowner = \"ana\"\n", "é".repeat(n));
    write_files(&plan, &[("features/b.toml", &title(1_000))]);
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 0, "{stderr}");
    write_files(&plan, &[("features/b.toml", &title(1_001))]);
    let description = format!(
        "title = \"C\"\nestimate = \"1d\"\nowner = \"ana\"\ndescription = \"{}\"\n",
        "x".repeat(100_001)
    );
    write_files(&plan, &[("features/c.toml", &description)]);
    let (code, stderr, _) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    for expected in [
        "error[E0107]: `title` is 1001 characters long: at most 1000",
        "features/b.toml:1:9",
        "error[E0107]: `description` is 100001 characters long: at most 100000",
        "features/c.toml:4:15",
    ] {
        assert!(
            stderr.contains(expected),
            "{expected}\n{}",
            &stderr[..stderr.len().min(3000)]
        );
    }
}
