//! The schedule, cross-checked against TaskJuggler 3 (`tj3`).
//!
//! For each plan: `milepost export --format tjp` writes it as a TaskJuggler
//! project, `tj3` schedules that, and every feature's first and last day of
//! work must equal what `milepost::schedule::schedule` computes in process.
//! Every mismatch is listed.
//!
//! tj3 reports instants, not days: a task's `start` is the earliest instant
//! it may begin (a task after one that finishes on a Friday may "start" on
//! Saturday 00:00) and its `end` is exclusive. So that tj3 alone decides
//! which days are worked, the test adds two one-hour probes per feature to
//! the exported file: `__first_X` depends on X's start and takes the first
//! working hour from there, `__last_X` precedes X's end (ALAP) and takes the
//! last working hour before it. Their days are X's first and last day of
//! work. (The export never generates ids starting with `__`.)
//!
//! Without `tj3` on the PATH (`apt-get install tj3`) each test prints one
//! line and is skipped; `MILEPOST_REQUIRE_TJ3=1` (`.ci/run` sets it) makes
//! that a failure. See `support::tj3_available`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use milepost::model::Date;
use milepost::plan::ItemKind;
use milepost::render::export::tjp::REPORT;

use crate::support::{milepost, root, run, tj3_available, write_files};

/// `milepost export --format tjp --no-level` of `plan` as of `as_of`: the
/// CPM schedule's problem, which these tests compare day by day (people are
/// exported, and leveled, in tj3_people.rs).
fn export(plan: &Path, as_of: &str) -> String {
    export_with(plan, as_of, &["--no-level"])
}

/// `milepost export --format tjp` of `plan` as of `as_of`, with `args`.
pub fn export_with(plan: &Path, as_of: &str, args: &[&str]) -> String {
    let out = run(milepost()
        .args(["export", "--format", "tjp", "--as-of", as_of])
        .args(args)
        .arg("--plan")
        .arg(plan));
    assert_eq!(out.code, 0, "export failed:\n{}", out.stderr);
    out.stdout
}

/// The top-level tasks of an exported file that are plan items: tj3 id ->
/// milepost id (the `MilepostId` line right after the `task` line).
fn plan_tasks(tjp: &str) -> BTreeMap<String, String> {
    let mut tasks = BTreeMap::new();
    let mut lines = tjp.lines().peekable();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("task ") else {
            continue;
        };
        let id = rest.split_whitespace().next().unwrap().to_string();
        if let Some(next) = lines.peek()
            && let Some(value) = next.trim().strip_prefix("MilepostId ")
        {
            tasks.insert(id, value.trim_matches('"').to_string());
        }
    }
    tasks
}

/// A row of the report: start and end, `YYYY-MM-DD HH:MM`.
pub fn read_report(csv: &str) -> BTreeMap<String, (String, String)> {
    let mut rows = BTreeMap::new();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(';').map(|c| c.trim_matches('"')).collect();
        assert_eq!(cells.len(), 4, "unexpected report line {line:?}");
        rows.insert(cells[0].to_string(), (cells[2].to_string(), cells[3].to_string()));
    }
    rows
}

pub fn instant(s: &str) -> jiff::civil::DateTime {
    jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", s).unwrap_or_else(|e| panic!("{s:?}: {e}"))
}

/// Runs `tj3` on `text` in a fresh directory, which holds the reports.
fn run_tj3(text: &str) -> tempfile::TempDir {
    run_tj3_allowing(text, &[])
}

/// [`run_tj3`], where warnings containing one of `allowed` are no failure.
pub fn run_tj3_allowing(text: &str, allowed: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.tjp"), text).unwrap();
    let out = Command::new("tj3")
        .args(["--silent", "--no-color", "plan.tjp"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "tj3 failed ({}):\n{stderr}\n--- plan.tjp ---\n{text}",
        out.status
    );
    // tj3 reports problems it works around as warnings: there must be none.
    let warned = stderr
        .lines()
        .any(|l| l.contains("Warning") && !allowed.iter().any(|a| l.contains(a)));
    assert!(!warned, "tj3 warned:\n{stderr}");
    dir
}

/// Runs `tj3` on `tjp` plus the probes for `tasks`; returns each task's
/// first and last day of work, by milepost id.
fn tj3_days(tjp: &str, tasks: &BTreeMap<String, String>) -> BTreeMap<String, (String, String)> {
    let mut text = tjp.to_string();
    text.push_str("\n# Probes added by the cross-check test.\n");
    for id in tasks.keys() {
        text.push_str(&format!(
            "task __first_{id} \"\" {{ depends {id} {{ onstart }} length 1h }}\n\
             task __last_{id} \"\" {{ precedes {id} {{ onend }} length 1h }}\n"
        ));
    }
    let dir = run_tj3(&text);
    let csv = std::fs::read_to_string(dir.path().join(format!("{REPORT}.csv"))).unwrap();
    let rows = read_report(&csv);
    let hour = jiff::SignedDuration::from_hours(1);
    tasks
        .iter()
        .map(|(id, milepost_id)| {
            let first = &rows[&format!("__first_{id}")];
            let last = &rows[&format!("__last_{id}")];
            let first_day = (instant(&first.1) - hour).date();
            let last_day = instant(&last.0).date();
            (milepost_id.clone(), (first_day.to_string(), last_day.to_string()))
        })
        .collect()
}

/// Exports `plan`, schedules it with tj3 and with milepost, and compares
/// every feature's first and last day of work, and the day every milestone
/// is reached. Returns how many features were compared.
///
/// Milestones, and features that take no time, are instants in tj3.
/// milepost gives them a day: the last day of what they wait for, or, when
/// nothing they wait for drives them (their floor, or actual dates), the
/// first day they could be. Those are the days of tj3's probes.
fn cross_check(plan: &Path, as_of: &str) -> usize {
    let loaded = crate::support::check_dir(plan, "").unwrap();
    assert_eq!(
        loaded.error_count(),
        0,
        "{} is not valid: {:#?}",
        plan.display(),
        loaded.diagnostics
    );
    // Exported with --no-level: no resources, so tj3 schedules as the
    // critical path method alone does.
    let unleveled = milepost::schedule::Options { level: false };
    let schedule = milepost::schedule::schedule_with(&loaded, Date::parse(as_of).unwrap(), unleveled).unwrap();

    let tjp = export(plan, as_of);
    let tasks = plan_tasks(&tjp);
    let theirs = tj3_days(&tjp, &tasks);

    let mut features = 0;
    let mut mismatches = Vec::new();
    for e in &schedule.entries {
        let name = match e.kind {
            ItemKind::Milestone => format!("{} (milestone)", e.id),
            _ => e.id.to_string(),
        };
        let Some((first, last)) = theirs.get(&*e.id) else {
            mismatches.push(format!("  {name:<32} missing from the tj3 report"));
            continue;
        };
        let tj3 = if e.duration > 0 {
            (first.clone(), last.clone())
        } else {
            // The day that starts at the instant, or the one that ends at
            // it, as milepost shows it (tests/integration/forecast.rs
            // checks which, by hand): the instant is compared.
            let day = if e.at_start_of_day { first } else { last };
            (day.clone(), day.clone())
        };
        let ours = (e.start.to_string(), e.finish.to_string());
        if ours == tj3 {
            features += usize::from(e.kind == ItemKind::Feature);
        } else {
            mismatches.push(format!(
                "  {name:<32} milepost {} .. {}   tj3 {} .. {}",
                ours.0, ours.1, tj3.0, tj3.1
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} as of {as_of}: {} items differ between milepost and tj3 (first .. last day), {features} features \
         agree:\n{}",
        plan.display(),
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(features > 0);
    features
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/tj3").join(name).join("plan")
}

/// The example plan, as it is: its FF, SF and lead links are exported
/// exactly (see src/render/export/tjp/), so it needs no simplified copy.
#[test]
fn atlas_agrees_with_tj3() {
    if !tj3_available() {
        return;
    }
    let plan = root().join("examples/atlas/plan");
    for as_of in ["2026-01-05", "2026-03-16", "2026-06-01"] {
        let n = cross_check(&plan, as_of);
        assert!(n >= 35, "{n}");
    }
}

/// The example with only the links the issue asks for: FF becomes FS, SF
/// becomes SS, and leads are dropped.
#[test]
fn atlas_with_fs_and_ss_only_agrees_with_tj3() {
    if !tj3_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/atlas/plan"), dir.path());
    let mut rewritten = 0;
    for path in files(dir.path()) {
        let text = std::fs::read_to_string(&path).unwrap();
        let simple = text
            .replace("type = \"FF\"", "type = \"FS\"")
            .replace("type = \"SF\"", "type = \"SS\"")
            .replace(", lag = \"-1d\"", "")
            .replace(", lag = \"-2d\"", "");
        if simple != text {
            rewritten += 1;
            std::fs::write(&path, simple).unwrap();
        }
    }
    assert!(rewritten >= 5, "{rewritten}");
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    for f in &plan.features {
        for d in &f.data.depends_on {
            use milepost::model::DependencyType::*;
            assert!(matches!(d.value.kind(), FinishToStart | StartToStart), "{}", f.id);
            assert!(d.value.lag().is_none_or(|l| l.value.amount >= 0.0), "{}", f.id);
        }
    }
    cross_check(dir.path(), "2026-03-16");
}

#[test]
fn a_four_day_week_with_holidays_lags_and_not_before_agrees_with_tj3() {
    if !tj3_available() {
        return;
    }
    // Before the (Saturday) project start, on it, on a Friday (a day off in
    // this calendar) and mid-plan.
    for as_of in ["2026-03-02", "2026-03-07", "2026-04-03", "2026-04-22"] {
        assert_eq!(cross_check(&fixture("calendar"), as_of), 14);
    }
}

#[test]
fn progress_as_of_a_status_date_agrees_with_tj3() {
    if !tj3_available() {
        return;
    }
    // Easter Monday (a holiday), then a day inside the offsite.
    for as_of in ["2026-04-06", "2026-04-14"] {
        assert_eq!(cross_check(&fixture("progress"), as_of), 14);
    }
}

#[test]
fn ff_sf_and_leads_agree_with_tj3() {
    if !tj3_available() {
        return;
    }
    assert_eq!(cross_check(&fixture("links"), "2026-03-18"), 16);
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for path in files(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, &target).unwrap();
    }
}

use crate::synth_git::synth;

/// Random plans from the benchmark generator: every status, FF, SF, leads,
/// fractional estimates and lags, not-before dates, done work that starts
/// and finishes on the same weekend.
#[test]
fn synthetic_plans_agree_with_tj3() {
    if !tj3_available() {
        return;
    }
    for seed in [1, 2] {
        let dir = tempfile::tempdir().unwrap();
        synth::write_plan(dir.path(), 300, seed).unwrap();
        let n = cross_check(dir.path(), "2026-02-16");
        assert!(n >= 270, "seed {seed}: {n} features compared");
    }
}

/// Ids that only differ in `/`, `-` and `_`, ids that start with a digit or
/// take the name of a generated task, and titles with quotes, backslashes
/// and tj3 macro syntax.
#[test]
fn awkward_ids_and_titles_survive_tj3() {
    if !tj3_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = 'Esc \"q\" ${x}'\nstart = 2026-03-02\n",
            ),
            (
                "milestones/milepost_status_date.toml",
                "title = \"Named like the status date\"\n",
            ),
            (
                "features/auth/sso.toml",
                "title = 'Quote \" and backslash \\ end\\'\nestimate = \"1d\"\n",
            ),
            (
                "features/auth-sso.toml",
                "title = \"Dash\"\nestimate = \"2d\"\ndepends-on = [\"auth/sso\"]\n",
            ),
            (
                "features/auth_sso.toml",
                "title = \"Underscore\"\nestimate = \"1d\"\ndepends-on = [{ id = \"b\", type = \"SF\" }]\n",
            ),
            (
                "features/2fa.toml",
                "title = 'Macros ${projectstart} $(HOME) $$ # not a comment'\nestimate = \"1d\"\ndepends-on = [\"auth_sso\"]\n",
            ),
            ("features/b.toml", "title = \"B\"\nestimate = \"1d\"\n"),
            (
                "features/b_start_minus_1d.toml",
                "title = \"Named like a helper\"\nestimate = \"1d\"\n",
            ),
        ],
    );
    assert_eq!(cross_check(dir.path(), "2026-03-04"), 6);

    let tjp = export(dir.path(), "2026-03-04");
    let ids: Vec<(&str, &str)> = plan_tasks(&tjp).into_iter().map(|(a, b)| (leak(a), leak(b))).collect();
    assert_eq!(
        ids,
        [
            ("_2fa", "2fa"),
            ("auth_sso", "auth-sso"),
            ("auth_sso_2", "auth/sso"),
            ("auth_sso_3", "auth_sso"),
            ("b", "b"),
            ("b_start_minus_1d", "b_start_minus_1d"),
            ("milepost_status_date", "milepost_status_date"),
        ]
    );
    assert!(tjp.contains("task milepost_status_date_2 \"Status date\""), "{tjp}");
    assert!(tjp.contains("task b_start_minus_1d_2 "), "{tjp}");

    let dir = run_tj3(&format!(
        "{tjp}\ntaskreport names \"names\" {{ formats csv columns id, name }}\n"
    ));
    let names = std::fs::read_to_string(dir.path().join("names.csv")).unwrap();
    for line in [
        r#""_2fa";"Macros $ {projectstart} $ (HOME) $$ # not a comment""#,
        r#""auth_sso_2";"Quote " and backslash \ end\ ""#,
    ] {
        assert!(names.contains(line), "{line}\nnot in\n{names}");
    }
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

/// Risks that occurred, exported as the scheduler counts them: days of
/// work on features not started, started, blocked (with and without
/// `remaining`, whole and fractional) and done (none), and days before
/// milestones held by every link type into and out of them.
#[test]
fn risks_that_occurred_agree_with_tj3() {
    if !tj3_available() {
        return;
    }
    let risk = |days: &str, affects: &str| {
        format!(
            "title = \"R\"\nprobability = 0.3\nstatus = \"occurred\"\nimpact = {{ days = {days} }}\naffects = [{affects}]\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("progress"), dir.path());
    let work = "\"access\", \"archive\", \"load\", \"reconcile\", \"signoff\", \"transform\", \"vendor-feed\", \"training\", \"discovery\"";
    write_files(
        dir.path(),
        &[
            ("risks/slow.toml", &risk("1.5", work)),
            ("risks/audit-late.toml", &risk("2", "\"audit\", \"cutover\", \"load\"")),
        ],
    );
    for as_of in ["2026-04-06", "2026-04-14"] {
        assert_eq!(cross_check(dir.path(), as_of), 14);
    }
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("links"), dir.path());
    write_files(
        dir.path(),
        &[("risks/r.toml", &risk("2", "\"m1\", \"m2\", \"b\", \"c\""))],
    );
    assert_eq!(cross_check(dir.path(), "2026-03-18"), 16);
}

/// Milestones held through other milestones by every link type, and one
/// after a done feature of no duration: tj3's instants are milepost's,
/// unleveled, at two status dates.
#[test]
fn milestones_held_through_milestones_agree_with_tj3() {
    if !tj3_available() {
        return;
    }
    let milestone = |on: &str, kind: &str, lag: &str| {
        format!("title = \"M\"\ndepends-on = [{{ id = \"{on}\", type = \"{kind}\", lag = \"{lag}\" }}]\n")
    };
    let dir = tempfile::tempdir().unwrap();
    let mut files = vec![
        (
            "project.toml".to_string(),
            "[project]\nname = \"T\"\nstart = 2026-01-05\n".to_string(),
        ),
        ("features/g.toml".into(), "title = \"G\"\nestimate = \"2d\"\n".into()),
        (
            "features/f.toml".into(),
            "title = \"F\"\nestimate = \"5d\"\ndepends-on = [\"g\"]\n".into(),
        ),
        (
            "features/z.toml".into(),
            "title = \"Z\"\nestimate = \"0d\"\nstatus = \"done\"\nfinished = 2026-01-05\n".into(),
        ),
        (
            "features/after.toml".into(),
            "title = \"A\"\nestimate = \"1d\"\ndepends-on = [\"q\", \"m1\"]\n".into(),
        ),
        ("milestones/k.toml".into(), milestone("f", "SS", "0d")),
        ("milestones/y.toml".into(), milestone("z", "FS", "0d")),
    ];
    for (on, kinds) in [("k", "k"), ("m0", "m")] {
        for kind in ["FS", "SS", "FF", "SF"] {
            for lag in ["0d", "1d", "-1d"] {
                let name = format!(
                    "milestones/{kinds}-{}-{}.toml",
                    kind.to_lowercase(),
                    lag.replace('-', "m")
                );
                files.push((name, milestone(on, kind, lag)));
            }
        }
    }
    files.push(("milestones/m0.toml".into(), milestone("f", "FS", "0d")));
    files.push(("milestones/q.toml".into(), milestone("k-fs-0d", "FF", "1d")));
    files.push(("milestones/m1.toml".into(), milestone("m0", "SF", "1d")));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    write_files(dir.path(), &borrowed);
    for as_of in ["2026-01-05", "2026-01-08"] {
        assert_eq!(cross_check(dir.path(), as_of), 4);
    }
}

/// tj3 schedules the years 1970 to 2035 only: a plan that ends before
/// 2036 is exported with the project's span cut at 2035-12-31 (the
/// margin after milepost's finish reached 2036 and tj3 refused the file);
/// a plan that runs past it is exported with a warning that says so.
#[test]
fn the_project_span_stays_within_the_years_tj3_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan");
    write_files(
        &plan,
        &[
            ("project.toml", "[project]\nname = \"Y\"\nstart = 2026-01-05\n"),
            ("features/a.toml", "title = \"Long\"\nestimate = \"1400d\"\n"),
        ],
    );
    let tjp = export(&plan, "2026-01-05");
    assert!(
        tjp.contains("project milepost \"Y\" 2026-01-05 - 2035-12-31 {"),
        "{tjp}"
    );
    if tj3_available() {
        run_tj3(&tjp);
    }
    write_files(
        &plan,
        &[("features/a.toml", "title = \"Long\"\nestimate = \"2800d\"\n")],
    );
    let out = run(milepost()
        .args(["export", "--format", "tjp", "--as-of", "2026-01-05", "--plan"])
        .arg(&plan));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("warning: TaskJuggler schedules the years 1970 to 2035 only, and this plan's project runs from 2026-01-05 to "),
        "{}",
        out.stderr
    );
}
