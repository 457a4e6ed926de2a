//! The README's walkthrough, run command by command as a new user would
//! type it, in a fresh repository: init → new → check → schedule → report →
//! a branch, a commit and `diff main` → start and done. The commands are
//! read from the README itself, so the two cannot drift apart.

use std::path::Path;

use jiff::civil::{Date, Weekday};

/// The walkthrough's commands: the `sh` block after the marker.
fn commands() -> Vec<String> {
    let readme = std::fs::read_to_string(crate::support::root().join("README.md")).unwrap();
    let (_, after) = readme
        .split_once("<!-- walkthrough: tests/integration/walkthrough.rs runs these commands -->")
        .expect("the README has the walkthrough marker");
    let block = after.split_once("```sh\n").unwrap().1.split_once("```").unwrap().0;
    block
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect()
}

/// The `n`th working day (Monday to Friday) counting `from` as the first
/// when it is one: worked out here, independently of milepost's calendar.
fn working_day(from: Date, n: usize) -> Date {
    let mut day = from;
    let mut seen = 0;
    loop {
        if !matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
            seen += 1;
            if seen == n {
                return day;
            }
        }
        day = day.tomorrow().unwrap();
    }
}

struct Ran {
    line: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `line` with `sh` in `cwd`, as typed at a prompt; returns what it
/// printed and the directory it ended in (`cd` moves on to the next line).
fn sh(line: &str, cwd: &Path, home: &Path, path: &str) -> (Ran, std::path::PathBuf) {
    let pwd = home.join("pwd");
    let script = format!("{line}\nstatus=$?\npwd > '{}'\nexit $status\n", pwd.display());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(cwd)
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_DATE", "2026-03-02T08:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-02T08:00:00Z")
        .env("NO_COLOR", "1")
        .env_remove("GIT_CONFIG_GLOBAL")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("MILEPOST_PLAN")
        .env_remove("MILEPOST_THREADS")
        .output()
        .unwrap();
    let next = std::fs::read_to_string(&pwd).map_or_else(|_| cwd.to_path_buf(), |p| p.trim().into());
    let ran = Ran {
        line: line.to_string(),
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    (ran, next)
}

#[cfg(unix)]
#[test]
fn the_readme_walkthrough_runs_as_written() {
    let lines = commands();
    assert!(lines.len() >= 10, "{lines:?}");
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".gitconfig"),
        "[user]\n\tname = Ana Ruiz\n\temail = ana@example.com\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("milepost");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap());
    let today = jiff::Zoned::now().date();

    let mut cwd = tmp.path().to_path_buf();
    let mut ran = Vec::new();
    for line in &lines {
        let (r, next) = sh(line, &cwd, &home, &path);
        assert_eq!(r.code, Some(0), "`{line}` failed:\n{}{}", r.stdout, r.stderr);
        ran.push(r);
        cwd = next;
    }
    let output = |prefix: &str| -> &Ran {
        ran.iter()
            .find(|r| r.line.starts_with(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in the walkthrough"))
    };

    // init made `ana` from `git config user.name`, whom `new` names.
    assert!(
        output("milepost init")
            .stderr
            .contains("its one person is `ana` (Ana Ruiz")
    );
    assert!(
        output("milepost check")
            .stderr
            .contains("the plan is valid: `plan`: 1 milestone, 2 features")
    );

    // One person, Monday to Friday, from today: the first feature's five
    // days, then login's three, and the milestone with login.
    let first = working_day(today, 1);
    let feature_end = working_day(today, 5);
    let login = (working_day(today, 6), working_day(today, 8));
    let schedule = &output("milepost schedule").stdout;
    let row = |id: &str| {
        schedule
            .lines()
            .find(|l| l.trim_start_matches("* ").starts_with(&format!("{id} ")))
            .unwrap_or_else(|| panic!("no {id} in\n{schedule}"))
    };
    assert!(
        row("first-feature").contains(&format!("{first}  {feature_end}")),
        "{schedule}"
    );
    assert!(
        row("login").contains(&format!("{}  {}", login.0, login.1)),
        "{schedule}"
    );
    assert!(row("first-release").contains(&login.1.to_string()), "{schedule}");

    let status = std::fs::read_to_string(cwd.join("STATUS.md")).unwrap();
    assert!(status.contains(&format!("forecast finish **{}**", login.1)), "{status}");

    // The branch adds signup, two days after login: the milestone slips
    // two working days.
    let diff = &output("milepost diff main").stdout;
    assert!(
        diff.contains("1 feature added; First release slips 2 working days"),
        "{diff}"
    );
    let after = working_day(today, 10);
    assert!(
        diff.contains(&format!("first-release  {}  {after}  +2d", login.1)),
        "{diff}"
    );

    let file = std::fs::read_to_string(cwd.join("plan/features/login.toml")).unwrap();
    assert!(file.contains("\nstatus = \"done\"\n"), "{file}");
    assert!(
        file.ends_with(&format!(
            "depends-on = [\"first-feature\"]\nstarted = {today}\nfinished = {today}\n"
        )),
        "{file}"
    );
    let log = std::process::Command::new("git")
        .args(["log", "--format=%s", "main..signup"])
        .current_dir(&cwd)
        .env("HOME", &home)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&log.stdout), "Add sign-up\n");
}
