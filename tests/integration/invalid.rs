//! Every plan under `examples/invalid/` is run through the binary: the human
//! output is snapshotted, and the JSON output is read back into strict structs
//! and compared with the diagnostics each example was written to produce.

use serde::Deserialize;

use crate::support::{milepost, run};

/// `check --format json`, read back strictly: an unexpected or missing field
/// fails the test, so `docs/json.md` and the output cannot drift apart silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckJson {
    pub version: u32,
    pub plan: String,
    pub revision: Option<RevisionJson>,
    pub ok: bool,
    pub deny_warnings: bool,
    pub counts: CountsJson,
    pub diagnostics: Vec<DiagnosticJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionJson {
    pub spec: String,
    pub commit: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountsJson {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
    pub milestones: usize,
    pub features: usize,
    pub risks: usize,
    pub people: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticJson {
    pub code: String,
    pub name: String,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
    pub primary: Option<LabelJson>,
    pub secondary: Vec<LabelJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelJson {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: u32,
    pub byte_end: u32,
    pub message: String,
}

pub fn check_json(args: &[&str]) -> (i32, CheckJson) {
    let out = run(milepost().arg("check").arg("--format").arg("json").args(args));
    let parsed: CheckJson = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}\nstderr: {}", out.stdout, out.stderr));
    (out.code, parsed)
}

/// (code, file relative to the example, line of the primary label; 0 = no file)
type Expected = &'static [(&'static str, &'static str, usize)];

/// Checks one example: exit status, and exactly the expected diagnostics in
/// reading order. Returns the parsed JSON for further checks.
fn expect(case: &str, exit: i32, expected: Expected) -> CheckJson {
    let dir = format!("examples/invalid/{case}");
    let (code, json) = check_json(&["--plan", &dir]);
    let got: Vec<(String, String, usize)> = json
        .diagnostics
        .iter()
        .map(|d| match &d.primary {
            Some(p) => (
                d.code.clone(),
                p.file.strip_prefix(&format!("{dir}/")).unwrap_or(&p.file).to_string(),
                p.line,
            ),
            None => (d.code.clone(), String::new(), 0),
        })
        .collect();
    let want: Vec<(String, String, usize)> = expected
        .iter()
        .map(|(c, f, l)| (c.to_string(), f.to_string(), *l))
        .collect();
    assert_eq!(got, want, "diagnostics of {case}");
    assert_eq!(code, exit, "exit status of {case}");
    assert_eq!(json.version, 1);
    assert_eq!(json.plan, dir);
    assert_eq!(json.ok, exit == 0);
    let errors = json.diagnostics.iter().filter(|d| d.severity == "error").count();
    assert_eq!(json.counts.errors, errors);
    assert_eq!(json.counts.warnings, json.diagnostics.len() - errors);
    for d in &json.diagnostics {
        assert!(
            d.code.starts_with(if d.severity == "error" { 'E' } else { 'W' }),
            "{d:?}"
        );
        assert!(!d.name.is_empty() && !d.message.is_empty());
    }
    json
}

/// The human output (stderr) and exit status, for a snapshot.
fn human(case: &str, extra: &[&str]) -> String {
    let out = run(milepost()
        .args(["check", "--plan", &format!("examples/invalid/{case}")])
        .args(extra));
    assert!(out.stdout.is_empty(), "human output goes to stderr");
    format!("exit status: {}\n\n{}", out.code, out.stderr)
}

macro_rules! snapshot {
    ($case:literal) => {
        insta::assert_snapshot!(concat!("human-", $case), human($case, &[]));
    };
}

#[test]
fn three_errors_in_three_files_are_all_reported_with_positions() {
    let json = expect(
        "three-files",
        1,
        &[
            ("E0104", "features/login.toml", 4),
            ("E0203", "features/signup.toml", 5),
            ("E0107", "project.toml", 9),
        ],
    );
    let cols: Vec<(usize, usize)> = json
        .diagnostics
        .iter()
        .filter_map(|d| d.primary.as_ref().map(|p| (p.column, p.end_column)))
        .collect();
    // `estimate = "5 days"`, `depends-on = ["logn"]`, `capacity = 1.5`
    assert_eq!(cols, [(12, 20), (15, 21), (12, 15)]);
    assert_eq!(json.diagnostics[0].help.as_deref(), Some("write `5d`"));
    // Byte offsets and lines agree with the file's text.
    for (d, written) in json.diagnostics.iter().zip(["\"5 days\"", "\"logn\"", "1.5"]) {
        let p = d.primary.as_ref().unwrap();
        let text = std::fs::read_to_string(crate::support::root().join(&p.file)).unwrap();
        assert_eq!(&text[p.byte_start as usize..p.byte_end as usize], written);
        assert_eq!(p.end_line, p.line);
        assert!(!p.message.is_empty());
    }
    assert_eq!(json.counts.files, 4);
    assert_eq!(json.diagnostics[1].help.as_deref(), Some("did you mean `login`?"));
    snapshot!("three-files");
}

#[test]
fn every_syntax_error_is_reported_in_order() {
    expect(
        "syntax",
        1,
        &[
            ("E0001", "features/broken.toml", 1),
            ("E0001", "features/broken.toml", 2),
            ("E0001", "features/broken.toml", 3),
            ("E0001", "features/broken.toml", 3),
            ("E0001", "features/dup-key.toml", 2),
        ],
    );
    snapshot!("syntax");
}

#[test]
fn field_problems_are_all_reported() {
    let json = expect(
        "fields",
        1,
        &[
            ("E0103", "features/export.toml", 1),
            ("E0103", "features/export.toml", 3),
            ("E0104", "features/export.toml", 3),
            ("E0101", "features/export.toml", 3),
            ("E0106", "features/search.toml", 4),
            ("E0102", "features/search.toml", 5),
            ("E0106", "features/search.toml", 6),
            ("E0101", "features/search.toml", 7),
            ("E0102", "features/search.toml", 8),
            ("E0105", "milestones/beta.toml", 2),
            ("E0101", "milestones/beta.toml", 3),
            ("E0105", "project.toml", 3),
            // Checked although `[project]` cannot be read (its start is not a date).
            ("E0106", "project.toml", 4),
            ("E0101", "project.toml", 5),
            ("E0106", "project.toml", 8),
            ("E0107", "project.toml", 13),
            ("E0102", "project.toml", 14),
            ("E0102", "risks/launch.toml", 2),
            ("E0107", "risks/vendor.toml", 2),
            ("E0107", "risks/vendor.toml", 3),
        ],
    );
    let helps: Vec<&str> = json.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    for hint in [
        "did you mean `depends-on`?",
        "did you mean `fri`?",
        "write `3d`",
        "write a fraction, not a percentage: `0.8`",
        "write a number between 0 and 1, not a percentage: `probability = 0.3`",
        "remove the quotes: `650`",
    ] {
        assert!(helps.contains(&hint), "missing hint {hint:?} in {helps:#?}");
    }
    let messages: Vec<&str> = json.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(messages.contains(&"2026-02-30 is not a date: February 2026 has 28 days"));
    assert!(messages.contains(&"2026-04-31 is not a date: April 2026 has 30 days"));
    snapshot!("fields");
}

/// A `project.toml` whose `[project]` cannot be read (no `start`) hides
/// none of the plan's other problems: the people's (no capacity, an id
/// written twice, time off that ends before it starts), the roles', and
/// the features' references to people, with the nearest id suggested.
/// Nothing can be scheduled, so the plan is not the project's: its people
/// are counted all the same.
#[test]
fn a_project_without_a_start_still_has_every_other_problem_reported() {
    let json = expect(
        "project",
        1,
        &[
            ("E0202", "features/export.toml", 3),
            ("E0103", "project.toml", 3),
            ("E0202", "project.toml", 7),
            ("E0107", "project.toml", 12),
            ("E0006", "project.toml", 15),
            ("E0306", "project.toml", 21),
        ],
    );
    assert_eq!(json.counts.people, 3);
    let helps: Vec<&str> = json.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    assert!(helps.contains(&"did you mean `ben`?"), "{helps:#?}");
    snapshot!("project");
    let out = run(milepost().args(["schedule", "--plan", "examples/invalid/project"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains("missing the required key `start`"),
        "{}",
        out.stderr
    );
}

#[test]
fn unknown_references_suggest_the_nearest_id() {
    let json = expect(
        "references",
        1,
        &[
            ("E0201", "features/auth-db.toml", 2),
            ("E0205", "features/auth-db.toml", 5),
            ("W0404", "features/sso.toml", 5),
            ("E0203", "features/sso.toml", 5),
            ("E0203", "features/sso.toml", 5),
            ("E0202", "milestones/beta.toml", 2),
            ("E0203", "milestones/beta.toml", 3),
            ("E0202", "project.toml", 6),
            ("E0204", "risks/vendor.toml", 4),
        ],
    );
    let helps: Vec<&str> = json.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    for hint in ["did you mean `beta`?", "did you mean `ana`?", "did you mean `auth-db`?"] {
        assert!(helps.contains(&hint), "missing hint {hint:?} in {helps:#?}");
    }
    assert!(
        json.diagnostics
            .iter()
            .any(|d| d.message == "`vendor` is a risk, not a feature or milestone")
    );
    snapshot!("references");
}

#[test]
fn cycles_print_the_whole_circle_with_every_link() {
    let json = expect(
        "cycle",
        1,
        &[("E0206", "features/a.toml", 4), ("E0206", "features/polish.toml", 2)],
    );
    assert_eq!(json.diagnostics[0].message, "circular dependency `a -> b -> c -> a`");
    let links: Vec<(String, usize)> = json.diagnostics[0]
        .secondary
        .iter()
        .map(|l| (l.file.rsplit('/').next().unwrap().to_string(), l.line))
        .collect();
    assert_eq!(links, [("b.toml".to_string(), 4), ("c.toml".to_string(), 4)]);
    assert_eq!(
        json.diagnostics[1].message,
        "circular dependency `beta -> polish -> beta`"
    );
    snapshot!("cycle");
}

#[test]
fn inconsistent_values_are_errors() {
    expect(
        "consistency",
        1,
        &[
            ("E0302", "features/dates.toml", 6),
            ("E0304", "features/doing.toml", 3),
            ("E0107", "features/doing.toml", 5),
            ("E0303", "features/done.toml", 3),
            ("E0301", "features/estimate.toml", 3),
            ("E0301", "features/estimate.toml", 3),
            ("E0305", "milestones/kickoff.toml", 2),
            ("E0306", "project.toml", 6),
            ("E0306", "project.toml", 11),
        ],
    );
    snapshot!("consistency");
}

#[test]
fn warnings_pass_unless_denied() {
    let expected: Expected = &[
        ("W0004", "feature.toml", 1),
        ("W0401", "features/api.toml", 5),
        ("W0409", "features/backlog.toml", 5),
        ("W0406", "features/export.toml", 7),
        ("W0405", "features/feed.toml", 4),
        ("W0407", "features/migrate.toml", 5),
        ("W0408", "features/report.toml", 6),
        ("W0402", "features/sdk.toml", 3),
        ("W0403", "features/sdk.toml", 3),
        ("W0004", "notes/2026-03-02.md", 1),
    ];
    let json = expect("warnings", 0, expected);
    assert!(!json.deny_warnings);
    let (code, denied) = check_json(&["--plan", "examples/invalid/warnings", "--deny", "warnings"]);
    assert_eq!(code, 1);
    assert!(!denied.ok && denied.deny_warnings);
    snapshot!("warnings");
    insta::assert_snapshot!("human-warnings-denied", human("warnings", &["--deny", "warnings"]));
}

#[test]
fn layout_problems() {
    let json = expect(
        "layout",
        1,
        &[
            ("E0003", "", 0),
            ("E0005", "features/Dark Mode.toml", 1),
            ("E0006", "milestones/beta.toml", 1),
            ("E0101", "risks/csv-export.toml", 3),
        ],
    );
    // A feature in `risks/` is one problem, the folder, not three unknown
    // keys and a missing `probability`.
    let moved = json
        .diagnostics
        .iter()
        .find(|d| d.code == "E0101")
        .and_then(|d| d.help.as_deref());
    assert_eq!(
        moved,
        Some(
            "move the file to `features/csv-export.toml` (`git mv examples/invalid/layout/risks/csv-export.toml examples/invalid/layout/features/csv-export.toml`); a risk is described in `milepost help format`"
        )
    );
    snapshot!("layout");
}

#[test]
fn github_annotations_point_at_the_lines() {
    let out = run(milepost().args(["check", "--plan", "examples/invalid/three-files", "--format", "github"]));
    assert_eq!(out.code, 1);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", out.stdout);
    // This repository is a Git repository in development but maybe not in a
    // packaged source tree: the path is repository-relative either way.
    assert_eq!(
        lines[0],
        "::error file=examples/invalid/three-files/features/login.toml,line=4,col=12,endLine=4,endColumn=20,\
         title=E0104 invalid-duration::`5 days` is not a duration%0Ahelp: write `5d`"
    );
    assert!(lines[1].starts_with("::error file=examples/invalid/three-files/features/signup.toml,line=5,col=15,"));
    assert!(out.stderr.contains("the plan has 3 errors"));

    // The other places human and JSON output name are in the annotation.
    let refs = run(milepost().args(["check", "--plan", "examples/invalid/references", "--format", "github"]));
    assert!(
        refs.stdout.contains(
            "title=E0203 unknown-dependency::`vendor` is a risk, not a feature or milestone%0Anote: risk `vendor` is declared here (examples/invalid/references/risks/vendor.toml:1:1)"
        ),
        "{}",
        refs.stdout
    );
    assert!(
        refs.stdout
            .contains("%0Anote: first listed here (examples/invalid/references/features/sso.toml:5:15)%0Ahelp: "),
        "{}",
        refs.stdout
    );

    let warn = run(milepost().args(["check", "--plan", "examples/invalid/warnings", "--format", "github"]));
    assert_eq!(warn.code, 0);
    assert!(
        warn.stdout.lines().all(|l| l.starts_with("::warning ")),
        "{}",
        warn.stdout
    );
}

/// W0407 names what a live item no longer waits for as items it can
/// depend on: live, existing, not itself, through cut work to what that
/// waited for.
#[test]
fn depending_on_cut_work_names_only_what_can_be_depended_on() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
            ("milestones/m.toml", "title = \"M\"\n"),
            ("features/k.toml", "title = \"K\"\nestimate = \"1d\"\n"),
            // Cut, waiting for `k`.
            (
                "features/h.toml",
                "title = \"H\"\nstatus = \"cut\"\ndepends-on = [\"k\"]\n",
            ),
            // Cut, waiting for cut `h`, the milestone `m`, `g` and `k` again.
            (
                "features/f.toml",
                "title = \"F\"\nstatus = \"cut\"\ndepends-on = [\"h\", \"m\", \"g\", \"k\"]\n",
            ),
            (
                "features/g.toml",
                "title = \"G\"\nestimate = \"1d\"\ndepends-on = [\"f\"]\n",
            ),
        ],
    );
    let (code, json) = check_json(&["--plan", dir.path().to_str().unwrap()]);
    // (`f -> g -> f` is a cycle all the same: E0206.)
    assert_eq!(code, 1);
    assert!(json.diagnostics.iter().any(|d| d.code == "E0206"));
    let w = json.diagnostics.iter().find(|d| d.code == "W0407").expect("a W0407");
    assert_eq!(
        w.message,
        "`g` depends on `f`, which is cut: the schedule drops the link, so `g` no longer waits for what `f` waited for (`k`, `m`)"
    );
    assert_eq!(
        w.help.as_deref(),
        Some("remove `f` from `depends-on`, or depend instead on what `g` still needs (`k`, `m`)")
    );
}

/// Items that wait on each other in two loops get both reported at once
/// (not the second after the first is fixed); a dense knot is reported up
/// to 20 loops, the last saying more remain.
#[test]
fn every_loop_of_links_is_reported_up_to_a_bound() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"P\"\nstart = 2026-03-02\n"),
            ("features/f.toml", "title = \"F\"\ndepends-on = [\"g\", \"h\"]\n"),
            ("features/g.toml", "title = \"G\"\ndepends-on = [\"f\"]\n"),
            ("features/h.toml", "title = \"H\"\ndepends-on = [\"f\"]\n"),
        ],
    );
    let (code, json) = check_json(&["--plan", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let cycles: Vec<&str> = json
        .diagnostics
        .iter()
        .filter(|d| d.code == "E0206")
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        cycles,
        ["circular dependency `f -> g -> f`", "circular dependency `f -> h -> f`"]
    );

    // Eight features, each waiting for every other: 56 links.
    let knot = tempfile::tempdir().unwrap();
    let ids: Vec<String> = (0..8).map(|i| format!("k{i}")).collect();
    let mut files = vec![(
        "project.toml".to_string(),
        "[project]\nname = \"P\"\nstart = 2026-03-02\n".to_string(),
    )];
    for id in &ids {
        let others: Vec<String> = ids.iter().filter(|o| *o != id).map(|o| format!("\"{o}\"")).collect();
        files.push((
            format!("features/{id}.toml"),
            format!("title = \"{id}\"\ndepends-on = [{}]\n", others.join(", ")),
        ));
    }
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    crate::support::write_files(knot.path(), &files);
    let (_, json) = check_json(&["--plan", knot.path().to_str().unwrap()]);
    let cycles: Vec<_> = json.diagnostics.iter().filter(|d| d.code == "E0206").collect();
    assert_eq!(cycles.len(), 20);
    assert!(
        cycles[19]
            .help
            .as_deref()
            .is_some_and(|h| h
                .ends_with("more loops among these items remain: `milepost check` shows them once these are broken")),
        "{:?}",
        cycles[19].help
    );
}
