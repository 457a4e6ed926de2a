//! `milepost new`, `start` and `done`: the files they write, what they
//! refuse (and that a refusal writes nothing), and that a file they edit
//! keeps its comments and layout.

use std::path::Path;

use crate::support::{self, Run, run, write_files};

const PROJECT: &str = "[project]\nname = \"Edit\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana Ruiz\"\n\n[[people]]\nid = \"ben\"\nname = \"Ben Okafor\"\n";

/// A valid plan: a milestone `beta`, features `design` and `auth/login`.
fn plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("plan/project.toml", PROJECT),
            ("plan/milestones/beta.toml", "title = \"Beta\"\n"),
            (
                "plan/features/design.toml",
                "title = \"Design\"\nowner = \"ana\"\nestimate = \"3d\"\n",
            ),
            (
                "plan/features/auth/login.toml",
                "title = \"Log in\"\nowner = \"ben\"\nestimate = \"2d\"\nmilestone = \"beta\"\n",
            ),
        ],
    );
    dir
}

fn milepost(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = support::milepost();
    cmd.current_dir(dir).args(args);
    run(&mut cmd)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Every file under `dir`, with its contents: what a refusal must leave alone.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Each command of `cases` (arguments, the start of its error, words of its
/// hint) is refused with exit status 1, and leaves every file as it was.
fn assert_all_refused(dir: &Path, cases: &[(&[&str], &str, &str)]) {
    assert_all_stop(dir, 1, cases);
}

/// Each command of `cases` (as for [`assert_all_refused`]) ends with exit
/// status `code`, its error and hint, and leaves every file as it was.
fn assert_all_stop(dir: &Path, code: i32, cases: &[(&[&str], &str, &str)]) {
    let before = snapshot(dir);
    for (args, what, hint) in cases {
        let out = milepost(dir, args);
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with(&format!("error: {what}")),
            "{args:?}: {}",
            out.stderr
        );
        let help = out
            .stderr
            .lines()
            .find(|l| l.trim_start().starts_with("help:"))
            .unwrap_or_default();
        assert!(help.contains(hint), "{args:?}: {}", out.stderr);
        assert_eq!(snapshot(dir), before, "{args:?} wrote something");
    }
}

fn assert_valid(dir: &Path) {
    let check = milepost(dir, &["check", "--deny", "warnings"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn new_writes_each_kind_and_the_plan_stays_valid() {
    let dir = plan();
    let p = dir.path();
    let out = milepost(
        p,
        &[
            "new",
            "feature",
            "auth/sso",
            "--title",
            "Single sign-on",
            "--milestone",
            "beta",
            "--owner",
            "ana",
            "--estimate",
            "2w",
            "--after",
            "design,auth/login",
            "--priority",
            "must",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "wrote feature `auth/sso`: `plan/features/auth/sso.toml`\nnext: `milepost check`, or `milepost schedule` to see its dates\n"
    );
    assert_eq!(
        read(p, "plan/features/auth/sso.toml"),
        "title = \"Single sign-on\"\nmilestone = \"beta\"\nowner = \"ana\"\nstatus = \"planned\"\npriority = \"must\"\nestimate = \"2w\"\ndepends-on = [\"design\", \"auth/login\"]\n"
    );

    let out = milepost(
        p,
        &[
            "new",
            "milestone",
            "ga",
            "--deadline",
            "2026-06-30",
            "--after",
            "beta",
            "--owner",
            "ben",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The title is made from the id when none is given.
    assert_eq!(
        read(p, "plan/milestones/ga.toml"),
        "title = \"Ga\"\ndeadline = 2026-06-30\nowner = \"ben\"\ndepends-on = [\"beta\"]\n"
    );

    let out = milepost(
        p,
        &[
            "new",
            "risk",
            "vendor-delay",
            "--probability",
            "0.4",
            "--impact-days",
            "8",
            "--impact-cost",
            "1200.5",
            "--affects",
            "auth/sso,ga",
            "--mitigation",
            "Ask early",
            "--owner",
            "ana",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(p, "plan/risks/vendor-delay.toml"),
        "title = \"Vendor delay\"\nprobability = 0.4\nimpact = { days = 8, cost = 1200.5 }\nowner = \"ana\"\nmitigation = \"Ask early\"\naffects = [\"auth/sso\", \"ga\"]\n"
    );
    assert_valid(p);

    // The new feature is scheduled: after design (3d, Mon 2 – Wed 4 March)
    // and login (2d, Mon 2 – Tue 3, Ben's), ten working days, Thu 5 to
    // Wed 18 March.
    let csv = milepost(p, &["schedule", "--as-of", "2026-03-02", "--format", "csv"]).stdout;
    let row = csv.lines().find(|l| l.starts_with("auth/sso,")).unwrap();
    assert!(row.contains("2026-03-05") && row.contains("2026-03-18"), "{row}");
}

#[test]
fn new_refuses_what_would_make_the_plan_invalid_and_writes_nothing() {
    let dir = plan();
    let p = dir.path();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["new", "feature", "design"],
            "`design` is already a feature: `plan/features/design.toml`",
            "choose another id",
        ),
        (
            &["new", "risk", "beta", "--probability", "0.1"],
            "`beta` is already a milestone",
            "ids are shared",
        ),
        (
            &["new", "feature", "AUTH/Login"],
            "`AUTH/Login` differs from the feature `auth/login` only in case",
            "macOS and Windows",
        ),
        (
            &["new", "feature", "Auth/mfa"],
            "the folder `Auth` of `Auth/mfa` differs from the plan's `auth` (of `auth/login`) only in case",
            "write it `auth` as the plan does",
        ),
        (
            &["new", "feature", "x", "--milestone", "bta"],
            "`--milestone bta`: no milestone `bta` in the plan",
            "did you mean `beta`?",
        ),
        (
            &["new", "feature", "x", "--milestone", "design"],
            "`--milestone design`: `design` is a feature, not a milestone",
            "name a milestone",
        ),
        (
            &["new", "feature", "x", "--owner", "anna"],
            "`--owner anna`: no person `anna` in the plan",
            "did you mean `ana`?",
        ),
        (
            &["new", "feature", "x", "--after", "design,login"],
            "`--after login`: no feature or milestone `login`",
            "did you mean `auth/login`?",
        ),
        (
            &["new", "milestone", "m", "--deadline", "2026-03-01"],
            "`--deadline 2026-03-01` is before the project starts, on 2026-03-02",
            "on or after",
        ),
        (
            &["new", "risk", "r", "--probability", "0.5", "--affects", "vendor"],
            "`--affects vendor`: no feature or milestone `vendor`",
            "file name",
        ),
        // Beta waits for its features: one in it cannot wait for it (E0206).
        (
            &["new", "feature", "x", "--milestone", "beta", "--after", "design,beta"],
            "`x` would wait for `beta`, the milestone it is in, which waits for its features: a circular dependency",
            "drop `--milestone beta`, or leave `beta` out of `--after`",
        ),
    ];
    assert_all_refused(p, cases);
    // Nor wait for what waits for it: `later` waits for beta.
    write_files(
        p,
        &[(
            "plan/features/later.toml",
            "title = \"Later\"\nowner = \"ana\"\nestimate = \"1d\"\ndepends-on = [\"beta\"]\n",
        )],
    );
    assert_all_refused(
        p,
        &[(
            &["new", "feature", "y", "--milestone", "beta", "--after", "later"],
            "`y` would wait for `later`, which waits for `beta`, the milestone it is in",
            "leave `later` out of `--after`",
        )],
    );
    // Waiting for it without being in it is no loop.
    let out = milepost(p, &["new", "feature", "z", "--after", "later,beta"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let check = milepost(p, &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    // An id deeper than the plan is read (64 folders) would make every
    // command fail on the plan: a bad argument, said before it is read.
    let deep = vec!["d"; 65].join("/");
    let said = format!("`{deep}` would be 65 folders below the plan directory");
    assert_all_stop(
        p,
        2,
        &[(&["new", "feature", &deep], &said, "ids nest a few folders at most")],
    );
    // Risks have folders of their own: `risks/Auth` is not `features/auth`.
    let risk = milepost(p, &["new", "risk", "Auth/leak", "--probability", "0.1"]);
    assert_eq!(risk.code, 0, "{}", risk.stderr);
    // No plan: it cannot run, and says how to start one.
    let empty = tempfile::tempdir().unwrap();
    let out = milepost(empty.path(), &["new", "feature", "x"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("start a plan with `milepost init`"),
        "{}",
        out.stderr
    );
}

/// A value no plan would take is a bad argument, exit 2 as clap's usage
/// errors are (a `--deadline` that is not a date), whichever option it is
/// given with; it is said before the plan is read, so before an id taken
/// or a plan missing, and nothing is written.
/// An id given twice (`--after a --after a`, `--after a,a`) is one link.
#[test]
fn new_writes_an_id_given_twice_once() {
    let dir = plan();
    let p = dir.path();
    let args = [
        "new",
        "feature",
        "x",
        "--owner",
        "ana",
        "--estimate",
        "1d",
        "--after",
        "design",
        "--after",
        "design,auth/login",
    ];
    let out = milepost(p, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = read(p, "plan/features/x.toml");
    assert!(text.contains("depends-on = [\"design\", \"auth/login\"]\n"), "{text}");
    assert_valid(p);
}

/// `--owner` is checked against the people of `project.toml` even when
/// its `[project]` cannot be read (no `start`): an owner who is there is
/// taken, one who is not is refused with the nearest id; when the file
/// cannot be read at all, the refusal says so instead of "no person".
#[test]
fn new_knows_the_people_of_a_project_file_without_a_start() {
    let dir = plan();
    let p = dir.path();
    write_files(
        p,
        &[("plan/project.toml", &PROJECT.replace("start = 2026-03-02\n", ""))],
    );
    let out = milepost(p, &["new", "feature", "x", "--owner", "ana"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(read(p, "plan/features/x.toml").contains("owner = \"ana\""));
    assert_all_refused(
        p,
        &[(
            &["new", "feature", "y", "--owner", "anna"],
            "`--owner anna`: no person `anna`",
            "`ana`",
        )],
    );
    write_files(p, &[("plan/project.toml", "[project\n")]);
    assert_all_refused(
        p,
        &[(
            &["new", "feature", "y", "--owner", "ana"],
            "`--owner ana`: `project.toml` could not be read",
            "milepost check",
        )],
    );
}

#[test]
fn new_says_a_bad_option_value_is_a_bad_argument_exit_2() {
    let dir = plan();
    let p = dir.path();
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["new", "feature", "Dark Mode"],
            "`Dark Mode` is not a valid id",
            "ASCII letters",
        ),
        (
            &["new", "milestone", "m", "--deadline", "2026-02-30"],
            "invalid value '2026-02-30' for '--deadline <DATE>'",
            "",
        ),
        (
            &["new", "feature", "x", "--estimate", "5 days"],
            "`--estimate 5 days`: `5 days` is not a duration",
            "write `5d`",
        ),
        (
            &["new", "feature", "x", "--estimate=-1d"],
            "`--estimate -1d`: an estimate is not negative",
            "without a sign: `--estimate 1d`",
        ),
        (
            &["new", "feature", "x", "--estimate", "-1d"],
            "`--estimate -1d`: an estimate is not negative",
            "without a sign: `--estimate 1d`",
        ),
        (
            &["new", "feature", "x", "--after", "design,,auth/login"],
            "`--after design,,auth/login` has an empty id",
            "single commas",
        ),
        (
            &["new", "risk", "r", "--probability", "0.1", "--affects", ""],
            "`--affects ` has an empty id",
            "single commas",
        ),
        (
            &["new", "feature", "x", "--estimate", "20001d"],
            "`features/x.toml` would not be a valid feature: `20001d` is longer than a plan can hold",
            "values given on the command line",
        ),
        (
            &["new", "feature", "x", "--status", "done"],
            "`--status done`: a new feature is `proposed` or `planned`",
            "milepost start",
        ),
        (
            &["new", "feature", "x", "--priority", "mustt"],
            "`--priority mustt` is not a priority",
            "did you mean `must`?",
        ),
        (
            &["new", "feature", "x", "--title", "two\nlines"],
            "`--title` holds a line break",
            "description",
        ),
        (
            &["new", "risk", "r", "--probability", "1.5"],
            "`--probability 1.5` is out of range",
            "from 0 to 1",
        ),
        (
            &["new", "risk", "r", "--probability", "0.5", "--impact-days=-1"],
            "`--impact-days -1` is out of range",
            "from 0 to 10000",
        ),
        (
            &["new", "risk", "r", "--probability", "0.5", "--impact-cost=-5"],
            "`--impact-cost -5` is out of range",
            "from 0 up",
        ),
        // Said before the id is found taken.
        (
            &["new", "feature", "design", "--estimate", "5 days"],
            "`--estimate 5 days`",
            "write `5d`",
        ),
        (
            &["new", "risk", "r"],
            "the following required arguments were not provided",
            "",
        ),
    ];
    assert_all_stop(p, 2, cases);
    // A value only the format's own check catches (a text too long).
    let long = "m".repeat(100_001);
    let out = milepost(p, &["new", "risk", "r", "--probability", "0.5", "--mitigation", &long]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: `risks/r.toml` would not be a valid risk: `mitigation` is 100001 characters long"),
        "{}",
        out.stderr
    );
    assert!(!p.join("plan/risks").exists());
    // And before the plan is looked for.
    let empty = tempfile::tempdir().unwrap();
    let out = milepost(empty.path(), &["new", "feature", "x", "--priority", "high"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with("error: `--priority high` is not a priority"),
        "{}",
        out.stderr
    );
}

/// A risk's numbers on the command line are what its file takes: a
/// probability from 0 to 1, `impact.days` as a plain number of working
/// days. What a person would plainly mean otherwise (`30%`, `5d`) gets the
/// value to write instead of a parser's error.
#[test]
fn new_risk_says_how_to_write_its_numbers() {
    let dir = plan();
    let p = dir.path();
    let risk = |more: &[&'static str]| {
        let mut args = vec!["new", "risk", "r"];
        args.extend_from_slice(more);
        args
    };
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            risk(&["--probability", "0.3", "--impact-days", "5d"]),
            "`--impact-days 5d`: `impact.days` is a number of working days, without a unit",
            "write `--impact-days 5`",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "0.5d"]),
            "`--impact-days 0.5d`",
            "write `--impact-days 0.5`",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "2w"]),
            "`--impact-days 2w`",
            "`--impact-days 10` for five-day weeks",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "3000w"]),
            "`--impact-days 3000w`",
            "from 0 to 10000, e.g. `--impact-days 5`",
        ),
        (
            risk(&["--probability", "150%"]),
            "`--probability 150%` is out of range",
            "e.g. `--probability 0.3` for 30%",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "soon"]),
            "`--impact-days soon` is not a number",
            "e.g. `--impact-days 5`",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "-2"]),
            "`--impact-days -2` is out of range",
            "from 0 to 10000",
        ),
        (
            risk(&["--probability", "0.3", "--impact-days", "10001"]),
            "`--impact-days 10001` is out of range",
            "from 0 to 10000",
        ),
        (
            risk(&["--probability", "0.3", "--impact-cost", "5k"]),
            "`--impact-cost 5k` is not a number",
            "e.g. `--impact-cost 5000`",
        ),
        (
            risk(&["--probability", "30%"]),
            "`--probability 30%` is a percentage: a probability is a number from 0 to 1",
            "write `--probability 0.3`",
        ),
        (
            risk(&["--probability", "33.3 %"]),
            "`--probability 33.3 %` is a percentage",
            "write `--probability 0.333`",
        ),
        (
            risk(&["--probability", "30"]),
            "`--probability 30` is out of range",
            "not a percentage: `--probability 0.3`",
        ),
        (
            risk(&["--probability", "-0.1"]),
            "`--probability -0.1` is out of range",
            "from 0 to 1",
        ),
        (
            risk(&["--probability", "likely"]),
            "`--probability likely` is not a number",
            "e.g. `--probability 0.3`",
        ),
    ];
    let cases: Vec<(&[&str], &str, &str)> = cases.iter().map(|(a, w, h)| (&a[..], *w, *h)).collect();
    assert_all_stop(p, 2, &cases);

    // What each takes is written as given, and the plan stays valid.
    let out = milepost(
        p,
        &[
            "new",
            "risk",
            "r",
            "--probability",
            "0.05",
            "--impact-days",
            "0.5",
            "--impact-cost",
            "1e3",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(p, "plan/risks/r.toml"),
        "title = \"R\"\nprobability = 0.05\nimpact = { days = 0.5, cost = 1000 }\n"
    );
    assert_valid(p);
}

/// A feature file as a person writes one: comments above, beside and below
/// the keys, a section at the end.
const COMMENTED: &str = r#"# Design comes first: everything waits for it.
title = "Design"   # keep it short
owner = "ana"

# Where it stands.
status = "planned"   # agreed in the kick-off
estimate = "3d"

[value]
reach = 10   # teams
"#;

/// `new` does not write through a folder that is a symbolic link, out of
/// the plan or in it: the loader follows no link to a folder, so it would
/// not read the item, or would read it where the link leads (a feature in
/// `milestones/`: an invalid plan). It said "wrote feature".
#[cfg(unix)]
#[test]
fn new_writes_nothing_outside_the_plan() {
    let dir = plan();
    let p = dir.path();
    let outside = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), p.join("plan/features/ext")).unwrap();
    std::os::unix::fs::symlink("../milestones", p.join("plan/features/ms")).unwrap();
    for (id, rel) in [("ext/foo", "ext"), ("ms/y", "ms")] {
        let out = milepost(p, &["new", "feature", id]);
        assert_eq!(out.code, 1, "{}", out.stderr);
        let said = format!(
            "error: `plan/features/{id}.toml` would be written through a symbolic link (`features/{rel}` leads to"
        );
        assert!(out.stderr.starts_with(&said), "{}", out.stderr);
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!p.join("plan/milestones/y.toml").exists());
}

/// `start` does not edit a feature file that is a symbolic link out of the
/// plan: `check` says it is not part of the plan (E0002).
#[cfg(unix)]
#[test]
fn start_edits_nothing_outside_the_plan() {
    let dir = plan();
    let p = dir.path();
    let outside = tempfile::tempdir().unwrap();
    let file = outside.path().join("far.toml");
    let text = "title = \"Far\"\nowner = \"ana\"\nestimate = \"2d\"\n";
    std::fs::write(&file, text).unwrap();
    std::os::unix::fs::symlink(&file, p.join("plan/features/far.toml")).unwrap();
    let out = milepost(p, &["start", "far", "--on", "2026-03-03"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: `plan/features/far.toml` is a symbolic link out of the plan"),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

/// A feature file that is a symbolic link (to a file elsewhere in the
/// plan directory, which the loader reads) is edited through the link:
/// the file it names changes, and the link stays a link. (Replacing the
/// link with an edited copy left the two to drift apart.)
#[cfg(unix)]
#[test]
fn start_writes_through_a_symbolic_link() {
    let dir = plan();
    let p = dir.path();
    let shared = p.join("plan/shared-login.txt");
    std::fs::rename(p.join("plan/features/auth/login.toml"), &shared).unwrap();
    std::os::unix::fs::symlink("../../shared-login.txt", p.join("plan/features/auth/login.toml")).unwrap();
    let out = milepost(p, &["start", "auth/login", "--on", "2026-03-03"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = std::fs::symlink_metadata(p.join("plan/features/auth/login.toml")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    let text = std::fs::read_to_string(&shared).unwrap();
    assert!(
        text.contains("status = \"in-progress\"") && text.contains("started = 2026-03-03"),
        "{text}"
    );
}

/// A file written with `\r\n` line breaks and a byte order mark keeps
/// both when `start` and `done` edit it: only the keys they set change.
#[test]
fn start_and_done_keep_line_breaks_and_a_byte_order_mark() {
    let dir = plan();
    let p = dir.path();
    let crlf = "\u{feff}title = \"Design\"  # ux\r\nowner = \"ana\"\r\nestimate = \"3d\"\r\n";
    write_files(p, &[("plan/features/design.toml", crlf)]);
    for args in [
        ["start", "design", "--on", "2026-03-03"],
        ["done", "design", "--on", "2026-03-05"],
    ] {
        let out = milepost(p, &args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
    }
    assert_eq!(
        read(p, "plan/features/design.toml"),
        format!("{crlf}status = \"done\"\r\nstarted = 2026-03-03\r\nfinished = 2026-03-05\r\n")
    );
}

/// A file that mixes `\r\n` and `\n` keeps each line's own break when
/// `start` edits it; the lines it adds take the break most lines have.
#[test]
fn start_keeps_mixed_line_breaks_line_by_line() {
    let dir = plan();
    let p = dir.path();
    let mixed = "title = \"Design\"\r\nowner = \"ana\"\nestimate = \"3d\"\r\n\r\n[value]\nreach = 3\r\n";
    write_files(p, &[("plan/features/design.toml", mixed)]);
    let out = milepost(p, &["start", "design", "--on", "2026-03-03"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(p, "plan/features/design.toml"),
        "title = \"Design\"\r\nowner = \"ana\"\nestimate = \"3d\"\r\nstatus = \"in-progress\"\r\nstarted = 2026-03-03\r\n\r\n[value]\nreach = 3\r\n"
    );
}

#[test]
fn start_and_done_keep_comments_and_layout() {
    let dir = plan();
    let p = dir.path();
    write_files(p, &[("plan/features/design.toml", COMMENTED)]);

    let out = milepost(p, &["start", "design", "--on", "2026-03-03"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "started `design` on 2026-03-03: `plan/features/design.toml`\n"
    );
    let started = read(p, "plan/features/design.toml");
    insta::assert_snapshot!("started", started);
    assert_valid(p);

    let out = milepost(p, &["done", "design", "--on", "2026-03-05"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "done `design` on 2026-03-05, started on 2026-03-03: `plan/features/design.toml`\n"
    );
    let done = read(p, "plan/features/design.toml");
    insta::assert_snapshot!("done", done);
    assert_valid(p);

    // Only the status and the two dates changed: every other line is as written.
    let kept: Vec<&str> = done
        .lines()
        .filter(|l| !l.starts_with("status") && !l.starts_with("started") && !l.starts_with("finished"))
        .collect();
    let original: Vec<&str> = COMMENTED.lines().filter(|l| !l.starts_with("status")).collect();
    assert_eq!(kept, original);

    // Done 3 March to 5 March: the schedule keeps the actual dates.
    let csv = milepost(p, &["schedule", "--as-of", "2026-03-09", "--format", "csv"]).stdout;
    let row = csv.lines().find(|l| l.starts_with("design,")).unwrap();
    assert!(row.contains("2026-03-03") && row.contains("2026-03-05"), "{row}");
}

/// A file written the way `milepost fmt` writes it stays so: `started`,
/// `status` and `finished` go where `fmt` puts them (before `tags`, which
/// comes last), so that `fmt --check` in a CI job or a pre-commit hook
/// still passes after `start` and `done`.
#[test]
fn start_and_done_keep_a_formatted_file_formatted() {
    let dir = plan();
    let p = dir.path();
    write_files(
        p,
        &[(
            "plan/features/design.toml",
            "title = \"Design\"\nowner = \"ana\"\nestimate = \"3d\"\ntags = [\"ux\"]\n",
        )],
    );
    assert_eq!(milepost(p, &["fmt"]).code, 0);
    assert_eq!(milepost(p, &["fmt", "--check"]).code, 0, "the plan starts formatted");
    for (args, keys) in [
        (
            &["start", "design", "--on", "2026-03-03"][..],
            &["status", "started"][..],
        ),
        (
            &["done", "design", "--on", "2026-03-05"],
            &["status", "started", "finished"],
        ),
    ] {
        let out = milepost(p, args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        let check = milepost(p, &["fmt", "--check"]);
        assert_eq!(check.code, 0, "{args:?}: {}{}", check.stdout, check.stderr);
        let text = read(p, "plan/features/design.toml");
        let at = |key: &str| text.lines().position(|l| l.starts_with(&format!("{key} ")));
        let tags = at("tags").unwrap();
        for key in keys {
            assert!(
                at(key).is_some_and(|i| i < tags),
                "{args:?}: `{key}` after `tags`:\n{text}"
            );
        }
        assert!(
            text.contains("title = \"Design\"\n") && text.contains("tags = [\"ux\"]\n"),
            "{text}"
        );
    }
    assert_valid(p);
}

#[test]
fn start_and_done_refuse_nonsense_and_write_nothing() {
    let dir = plan();
    let p = dir.path();
    write_files(
        p,
        &[
            (
                "plan/features/doing.toml",
                "title = \"Doing\"\nowner = \"ana\"\nestimate = \"2d\"\nstatus = \"in-progress\"\nstarted = \"2026-03-04\"\n",
            ),
            (
                "plan/features/shipped.toml",
                "title = \"Shipped\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-03\n",
            ),
            ("plan/features/dropped.toml", "title = \"Dropped\"\nstatus = \"cut\"\n"),
            (
                "plan/features/kickoff.toml",
                "title = \"Kickoff\"\nestimate = \"2d\"\nstarted = 2026-02-02  # the real day\n",
            ),
            (
                "plan/features/closing.toml",
                "title = \"Closing\"\nestimate = \"2d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nfinished = 2026-03-10\n",
            ),
        ],
    );
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["done", "design"],
            "`design` has not started",
            "milepost start design --on DATE",
        ),
        (
            &["done", "doing", "--on", "2026-03-03"],
            "`doing` cannot be done on 2026-03-03, before it started on 2026-03-04",
            "on or after 2026-03-04",
        ),
        (
            &["start", "doing"],
            "`doing` is already in progress since 2026-03-04",
            "milepost done doing",
        ),
        (
            &["start", "shipped"],
            "`shipped` is done, finished on 2026-03-03",
            "status",
        ),
        (
            &["done", "shipped"],
            "`shipped` is already done, finished on 2026-03-03",
            "nothing to do",
        ),
        (&["start", "dropped"], "`dropped` is cut", "`planned`"),
        (&["done", "dropped"], "`dropped` is cut", "`planned`"),
        (
            &["start", "desing"],
            "no feature `desing` in the plan",
            "did you mean `design`?",
        ),
        (
            &["done", "login"],
            "no feature `login` in the plan",
            "did you mean `auth/login`?",
        ),
        (
            &["start", "beta"],
            "`beta` is a milestone, not a feature",
            "only features",
        ),
        // A date the file records is not replaced unasked.
        (
            &["start", "kickoff", "--on", "2026-04-01"],
            "`kickoff` is not started but its file records `started = 2026-02-02`",
            "`milepost start kickoff --on 2026-02-02` keeps that day",
        ),
        (
            &["done", "closing", "--on", "2026-03-12"],
            "`closing` is not done but its file records `finished = 2026-03-10`",
            "`milepost done closing --on 2026-03-10` keeps that day",
        ),
    ];
    assert_all_refused(p, cases);
    for (args, kept) in [
        (
            ["start", "kickoff", "--on", "2026-02-02"],
            ("kickoff", "started = 2026-02-02  # the real day"),
        ),
        (
            ["done", "closing", "--on", "2026-03-10"],
            ("closing", "finished = 2026-03-10"),
        ),
    ] {
        let out = milepost(p, &args);
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        let text = read(p, &format!("plan/features/{}.toml", kept.0));
        assert!(text.contains(kept.1), "{args:?}: {text}");
    }
    let before = snapshot(p);
    let bad_date = milepost(p, &["start", "design", "--on", "2026-02-30"]);
    assert_eq!(bad_date.code, 2, "{}", bad_date.stderr);
    assert!(
        bad_date.stderr.contains("February 2026 has 28 days"),
        "{}",
        bad_date.stderr
    );
    // A day no plan holds is a bad argument too, not a file "to fix first".
    let far = milepost(p, &["start", "design", "--on", "9999-12-31"]);
    assert_eq!(far.code, 2, "{}", far.stderr);
    assert!(
        far.stderr.contains("plans hold dates before the year 9000"),
        "{}",
        far.stderr
    );
    assert_eq!(snapshot(p), before);
    // A day after today: work has not started or ended yet (a mistyped
    // year would be written as progress years ahead). A bad argument,
    // said before the plan is read; nothing written.
    for (args, hint) in [
        (
            ["start", "design", "--on", "8999-12-31"],
            "write `not-before = 8999-12-31` in its file instead",
        ),
        (
            ["done", "doing", "--on", "8999-12-31"],
            "until then it stays in progress",
        ),
    ] {
        let ahead = milepost(p, &args);
        assert_eq!(ahead.code, 2, "{args:?}: {}", ahead.stderr);
        let today = jiff::Zoned::now().date();
        assert!(
            ahead.stderr.contains(&format!(
                "error: `--on 8999-12-31` is after today ({today}): `{}` was not changed",
                args[1]
            )) && ahead.stderr.contains(hint),
            "{args:?}: {}",
            ahead.stderr
        );
        assert_eq!(snapshot(p), before);
    }

    // A started date written as a string is read as one; done writes a date.
    let out = milepost(p, &["done", "doing", "--on", "2026-03-04"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        read(p, "plan/features/doing.toml")
            .ends_with("status = \"done\"\nstarted = \"2026-03-04\"\nfinished = 2026-03-04\n")
    );

    // Today, without `--on`.
    let today = jiff::Zoned::now().date().to_string();
    let out = milepost(p, &["start", "design"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The file was formatted: the keys go where `fmt` puts them.
    assert_eq!(
        read(p, "plan/features/design.toml"),
        format!(
            "title = \"Design\"\nowner = \"ana\"\nstatus = \"in-progress\"\nestimate = \"3d\"\nstarted = {today}\n"
        )
    );
}

#[test]
fn a_blocked_feature_resumes_with_its_start_date_kept() {
    let dir = plan();
    let p = dir.path();
    let blocked = "title = \"Design\"\nowner = \"ana\"\nestimate = \"3d\"\nstatus = \"blocked\"  # waiting for legal\nstarted = 2026-03-02\nremaining = \"1d\"\n";
    write_files(p, &[("plan/features/design.toml", blocked)]);
    let out = milepost(p, &["start", "design", "--on", "2026-03-10"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stderr,
        "resumed `design`, in progress since 2026-03-02: `plan/features/design.toml`\n"
    );
    assert_eq!(
        read(p, "plan/features/design.toml"),
        blocked.replace("\"blocked\"", "\"in-progress\"")
    );
    assert_valid(p);
}

/// An id too long for a file name is a bad argument, said before anything
/// is written; a write that fails half way (a path longer than the system
/// takes) leaves none of the folders it made.
#[test]
fn new_leaves_no_folder_behind() {
    let dir = plan();
    let p = dir.path();
    let before = files_under(&p.join("plan"));
    let long = "x".repeat(251);
    let out = milepost(p, &["new", "feature", &format!("auth/{long}")]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.starts_with(&format!(
            "error: `{long}` is too long for a file name (251 characters)\n  help: each part of an id between `/` is at most 250 characters: choose a shorter id\n"
        )),
        "{}",
        out.stderr
    );
    // 20 folders of 250 characters: more than a path may hold (4,096 bytes).
    let deep = vec!["y".repeat(250); 20].join("/");
    let out = milepost(p, &["new", "feature", &deep]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: cannot write to `"), "{}", out.stderr);
    assert_eq!(files_under(&p.join("plan")), before);
}

/// Every file and folder under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
            if path.is_dir() {
                todo.push(path);
            }
        }
    }
    found.sort();
    found
}

/// `new` refuses a file that would give the plan an error `check` would
/// report (exit 1), and writes nothing: here a feature whose estimate
/// takes the plan's work past the year 9000, the plan starting in 8980.
/// The same feature, smaller, is written.
#[test]
fn new_refuses_an_item_that_would_make_the_plan_invalid() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    write_files(
        p,
        &[("plan/project.toml", "[project]\nname = \"Late\"\nstart = 8980-01-02\n")],
    );
    let before = snapshot(p);
    let huge = milepost(p, &["new", "feature", "huge", "--estimate", "9000d"]);
    assert_eq!(huge.code, 1, "{}", huge.stderr);
    assert!(
        huge.stderr.contains(
            "error: that would give the plan an error, so `plan/features/huge.toml` was not written: the plan's work could run past the year 9000"
        ) && huge.stderr.contains("[E0107]"),
        "{}",
        huge.stderr
    );
    assert_eq!(snapshot(p), before);
    let small = milepost(p, &["new", "feature", "small", "--estimate", "5d"]);
    assert_eq!(small.code, 0, "{}", small.stderr);
    assert!(p.join("plan/features/small.toml").exists());
}

/// What is wrong with an argument is said as it is: an empty title, a
/// title holding a character no reader sees, a negative estimate (with
/// the estimate to write), a path given for an id (with the id it names).
#[test]
fn arguments_are_told_what_is_wrong_with_them() {
    let dir = plan();
    let p = dir.path();
    let before = snapshot(p);
    for (args, code, said) in [
        (
            &["new", "feature", "t", "--title", " "][..],
            2,
            "error: `--title` is empty",
        ),
        (
            &["new", "feature", "t", "--title", "a\u{1}b"],
            2,
            "error: `--title` holds a character no reader sees (U+0001)",
        ),
        (
            &["new", "feature", "t", "--estimate", "-1d"],
            2,
            "help: write how long the work takes, without a sign: `--estimate 1d`",
        ),
        (
            &["start", "plan/features/auth/login.toml"],
            1,
            "help: did you mean `auth/login`? a feature's id is its file name under `features/`",
        ),
        (
            &["start", "../x"],
            1,
            "help: `../x` is not an id: a feature's id is its file name",
        ),
    ] {
        let out = milepost(p, args);
        assert_eq!(out.code, code, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(said), "{args:?}: {}", out.stderr);
    }
    assert_eq!(snapshot(p), before);
}
