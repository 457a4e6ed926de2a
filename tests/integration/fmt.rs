//! `milepost fmt`: formatting never changes what a file means, formatting a
//! formatted file changes nothing, comments stay, `--check` lists what is
//! not formatted and exits 1, and a file that does not decode is left alone.

use std::path::Path;

use proptest::prelude::*;

use crate::support::{milepost, run, write_files};

/// A table's keys and the ways each value may be written: every way of a
/// key means the same.
type Keys = &'static [(&'static str, &'static [&'static str])];

const FEATURE: Keys = &[
    ("title", &[r#""Log in""#, r#"'Log in'"#, r#""Log \u0069n""#]),
    (
        "description",
        &[
            "\"\"\"\nLine one\nline two\"\"\"",
            r#""Line one\nline two""#,
            "'''\nLine one\nline two'''",
        ],
    ),
    ("milestone", &[r#""m""#, "'m'"]),
    ("owner", &[r#""ana""#]),
    ("status", &[r#""planned""#]),
    ("kind", &[r#""bug""#]),
    ("priority", &[r#""must""#, "'must'"]),
    ("rank", &["2", "+2"]),
    (
        "estimate",
        &[
            r#"{ low = "1d", likely = "2d", high = "1w" }"#,
            r#"{high="1w",likely="2d",low="1d"}"#,
            r#""3d""#,
        ],
    ),
    ("remaining", &[r#""1d""#]),
    (
        "depends-on",
        &[
            r#"["a", { id = "b", type = "SS", lag = "1d" }]"#,
            "[\n  \"a\", # first\n      {lag=\"1d\",id=\"b\",type=\"SS\"},\n\n\n]",
            "[ # why\n\"a\",{ type = 'SS', id = 'b', lag = '1d' }]",
        ],
    ),
    ("not-before", &["2026-03-09", r#""2026-03-09""#]),
    ("started", &["2026-03-02"]),
    (
        "value",
        &[
            "{ reach = 1_000, impact = 2, confidence = 0.5 }",
            "{confidence=0.5,reach=1000,impact=2.0}",
        ],
    ),
    (
        "tags",
        &[r#"["a","b"]"#, "[ 'a' , \"b\" ]", "[\n  \"a\",\n  # b next\n  \"b\"\n]"],
    ),
    ("links", &[r#"["https://example.com/1"]"#]),
];

const MILESTONE: Keys = &[
    ("title", &[r#""Beta""#, "'Beta'"]),
    ("description", &[r#""Done when""#]),
    ("deadline", &["2026-06-30", r#""2026-06-30""#]),
    ("depends-on", &[r#"["f"]"#, "[ { id = 'f', type = 'FF' } ]"]),
    ("owner", &[r#""ana""#]),
];

const RISK: Keys = &[
    ("title", &[r#""Vendor late""#]),
    ("description", &["'''\nWhy\n'''"]),
    ("probability", &["0.3", "3e-1"]),
    ("impact", &["{ days = 5, cost = 1_000 }", "{cost=1000.0,days=5}"]),
    ("owner", &[r#""ana""#]),
    ("status", &[r#""mitigating""#]),
    ("mitigation", &[r#""Second vendor""#]),
    ("affects", &[r#"["f","m"]"#]),
    ("review-by", &["2026-04-01"]),
];

const PROJECT_INFO: Keys = &[
    ("name", &[r#""Atlas""#, "'Atlas'"]),
    ("description", &[r#""Analytics""#]),
    ("start", &["2026-03-02", r#""2026-03-02""#]),
    ("currency", &[r#""EUR""#]),
];
const BUDGET: Keys = &[("total", &["100_000", "100000.0"]), ("contingency", &["10000"])];
const ROLES: Keys = &[
    ("owner", &[r#""ana""#]),
    ("tech-lead", &[r#""bo""#]),
    ("product", &[r#""ana""#]),
];
const STAKEHOLDER: Keys = &[
    ("name", &[r#""Sales""#]),
    ("role", &[r#""VP""#]),
    ("interest", &[r#""Dates""#]),
];
const CALENDAR: Keys = &[
    (
        "workdays",
        &[r#"["mon", "tue", "wed", "thu"]"#, "['mon','tue','wed','thu']"],
    ),
    (
        "holidays",
        &[
            "[\n  2026-04-03,  # a day\n  # named\n  { name = \"Labour Day\", date = 2026-05-01 },\n  { to = 2026-12-31, from = 2026-12-24 }]",
            r#"[2026-04-03, { date = 2026-05-01, name = "Labour Day" }, { from = 2026-12-24, to = 2026-12-31 }]"#,
        ],
    ),
];
const PERSON: Keys = &[
    ("id", &[r#""ana""#]),
    ("name", &[r#""Ana Ruiz""#]),
    ("role", &[r#""Engineer""#]),
    ("capacity", &["0.5", "5e-1"]),
    ("workdays", &[r#"["mon", "tue"]"#]),
    ("day-rate", &["800", "800.0"]),
    (
        "time-off",
        &[
            "[{ from = 2026-08-03, to = 2026-08-21, name = \"Vacation\" }]",
            "[ {name='Off',to=2026-08-21,from=2026-08-03} ]",
        ],
    ),
];

/// How one key is written: left out or not, which way, the spacing
/// around `=`, the comment lines above it and the comment after it.
#[derive(Clone, Debug)]
struct Style {
    include: bool,
    way: usize,
    sep: usize,
    before: usize,
    after: usize,
}

const SEPS: [&str; 3] = [" = ", "=", "   =  "];
const BEFORE: [&str; 4] = ["", "# a note\n", "\n\n# two\n#  lines\n\n", "  "];
const AFTER: [&str; 3] = ["", "  # why", " #no space"];

fn styles(n: usize) -> impl Strategy<Value = (Vec<Style>, Vec<usize>)> {
    let style = (any::<bool>(), 0..8usize, 0..SEPS.len(), 0..BEFORE.len(), 0..AFTER.len()).prop_map(
        |(include, way, sep, before, after)| Style {
            include,
            way,
            sep,
            before,
            after,
        },
    );
    (
        proptest::collection::vec(style, n),
        Just((0..n).collect::<Vec<usize>>()).prop_shuffle(),
    )
}

/// The keys of a table written in `order`, each as its style says; the
/// first key is always there (each kind's first key is required).
fn table(keys: Keys, (styles, order): &(Vec<Style>, Vec<usize>), required: &[&str]) -> String {
    let mut text = String::new();
    for &i in order {
        let ((key, ways), s) = (keys[i], &styles[i]);
        if !s.include && !required.contains(&key) {
            continue;
        }
        let key = if s.sep == 2 {
            format!("\"{key}\"")
        } else {
            key.to_string()
        };
        text.push_str(&format!(
            "{}{key}{}{}{}\n",
            BEFORE[s.before],
            SEPS[s.sep],
            ways[s.way % ways.len()],
            AFTER[s.after]
        ));
    }
    text
}

fn item(keys: Keys, required: &'static [&'static str]) -> impl Strategy<Value = String> {
    styles(keys.len()).prop_map(move |s| table(keys, &s, required))
}

fn project() -> impl Strategy<Value = String> {
    let section = |name: &'static str, keys: Keys, required: &'static [&'static str]| {
        (styles(keys.len()), 0..3usize).prop_map(move |(s, gap)| {
            format!(
                "{}{name}\n{}",
                ["\n", "", "\n\n\n# the section\n"][gap],
                table(keys, &s, required)
            )
        })
    };
    (
        section("[project]", PROJECT_INFO, &["name", "start"]),
        section("[budget]", BUDGET, &["total"]),
        section("[roles]", ROLES, &[]),
        section("[[stakeholders]]", STAKEHOLDER, &["name"]),
        section("[calendar]", CALENDAR, &[]),
        section("[[people]]", PERSON, &["id", "name"]),
        Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
    )
        .prop_map(|(a, b, c, d, e, f, order)| {
            let sections = [a, b, c, d, e, f];
            let mut text = String::from("#:schema ../schema/project.schema.json\n\n");
            for i in order {
                text.push_str(&sections[i]);
            }
            text
        })
}

/// The plan's files, each decoded: every item's data as JSON, and the
/// problems the loader found (decoding only; rules across files are
/// `check`'s, not a file's meaning).
fn decoded(files: &[(&str, &str)]) -> (Vec<serde_json::Value>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), files);
    let source = milepost::source::Source::Dir {
        path: dir.path().to_path_buf(),
        display: String::new(),
    };
    let plan = milepost::load::load(&source, &mut milepost::load::Cache::default())
        .unwrap()
        .plan;
    let mut items = Vec::new();
    items.extend(plan.project.iter().map(|p| serde_json::to_value(&*p.data).unwrap()));
    items.extend(plan.milestones.iter().map(|i| serde_json::to_value(&*i.data).unwrap()));
    items.extend(plan.features.iter().map(|i| serde_json::to_value(&*i.data).unwrap()));
    items.extend(plan.risks.iter().map(|i| serde_json::to_value(&*i.data).unwrap()));
    let problems = plan.diagnostics.iter().map(|d| d.message.clone()).collect();
    (items, problems)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// `fmt` of `fmt` is `fmt`, and the formatted files decode to the very
    /// same items as the files written any which way.
    #[test]
    fn formatting_is_idempotent_and_never_changes_meaning(
        project in project(),
        feature in item(FEATURE, &["title"]),
        milestone in item(MILESTONE, &["title"]),
        risk in item(RISK, &["title", "probability"]),
    ) {
        use milepost::fmt::shape;
        let files = [
            ("project.toml", project.as_str(), &shape::PROJECT),
            ("features/f.toml", feature.as_str(), &shape::FEATURE),
            ("milestones/m.toml", milestone.as_str(), &shape::MILESTONE),
            ("risks/r.toml", risk.as_str(), &shape::RISK),
        ];
        let mut formatted = Vec::new();
        for (rel, text, shape) in files {
            let once = milepost::fmt::format(text, shape).unwrap();
            let twice = milepost::fmt::format(&once, shape).unwrap();
            prop_assert_eq!(&twice, &once, "formatting {} again changed it; written:\n{}", rel, text);
            formatted.push((rel, once));
        }
        let before: Vec<(&str, &str)> = files.iter().map(|(r, t, _)| (*r, *t)).collect();
        let after: Vec<(&str, &str)> = formatted.iter().map(|(r, t)| (*r, t.as_str())).collect();
        let (items, problems) = decoded(&before);
        prop_assert!(problems.is_empty(), "the generated files must decode: {:?}\n{:?}", problems, before);
        prop_assert_eq!(items.len(), 4);
        prop_assert_eq!(decoded(&after), (items, problems), "meaning changed:\n{:?}", after);
        // The comments are all still there (they move with their keys).
        for ((_, b), (_, a)) in before.iter().zip(&after) {
            let (mut b, mut a) = (comments(b), comments(a));
            b.sort_unstable();
            a.sort_unstable();
            prop_assert_eq!(b, a);
        }
    }
}

/// The comments of a file (a `#` outside strings: the generated
/// files have none inside strings).
fn comments(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|l| l.find('#').map(|i| l[i..].trim_end()))
        .collect()
}

const MESSY: &str = r#"#:schema ../../schema/feature.schema.json

# Who does it.
owner="ana"   # for now
"title" = 'Single sign-on'
depends-on = [
    "auth/db",   # the store first
  {lag="2d",id="auth/api", type = "SS"}]
estimate = {high="8d",low="3d",likely="5d"}
tags=[ "auth","security" ]


milestone = "beta"
[value]
confidence = 0.8
reach = 1_200
"#;

fn plan_with(dir: &Path, feature: &str) {
    write_files(
        dir,
        &[
            ("plan/project.toml", crate::support::PROJECT),
            ("plan/milestones/beta.toml", "title = \"Beta\"\n"),
            ("plan/features/auth/db.toml", "title = \"Store\"\nestimate = \"2d\"\n"),
            ("plan/features/auth/api.toml", "title = \"API\"\nestimate = \"2d\"\n"),
            ("plan/features/auth/sso.toml", feature),
        ],
    );
}

/// A messy file, before and after: the snapshot is read by a person.
#[test]
fn a_messy_file_is_formatted_with_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    plan_with(dir.path(), MESSY);
    let check = run(milepost()
        .args(["fmt", "--check", "--plan"])
        .arg(dir.path().join("plan")));
    assert_eq!(check.code, 1, "{}", check.stderr);
    let fixed = run(milepost().args(["fmt", "--plan"]).arg(dir.path().join("plan")));
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(fixed.stderr, "formatted 1 file of 5\n");
    let after = std::fs::read_to_string(dir.path().join("plan/features/auth/sso.toml")).unwrap();
    insta::assert_snapshot!("fmt-messy", format!("--- before\n{MESSY}--- after\n{after}"));
    // Formatted already: nothing to do, and `--check` agrees.
    let again = run(milepost().args(["fmt", "--plan"]).arg(dir.path().join("plan")));
    assert_eq!((again.code, again.stderr.as_str()), (0, "formatted 0 files of 5\n"));
    let check = run(milepost()
        .args(["fmt", "--check", "--plan"])
        .arg(dir.path().join("plan")));
    assert_eq!((check.code, check.stdout.as_str()), (0, ""), "{}", check.stderr);
}

/// `--check` writes nothing, names each file and its first line that
/// differs on stdout, and exits 1.
#[test]
fn check_lists_the_files_to_format_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    plan_with(dir.path(), "estimate = \"3d\"\ntitle = \"SSO\"\n");
    let plan = dir.path().join("plan");
    let before = std::fs::read_to_string(plan.join("features/auth/sso.toml")).unwrap();
    let out = run(milepost().args(["fmt", "--check", "--plan"]).arg(&plan));
    assert_eq!(out.code, 1);
    let shown = plan.join("features/auth/sso.toml").display().to_string();
    assert_eq!(
        out.stdout,
        format!("{shown}:1: not formatted\n  - estimate = \"3d\"\n  + title = \"SSO\"\n")
    );
    assert_eq!(
        out.stderr,
        "error: 1 file of 5 not formatted: run `milepost fmt` to format them\n"
    );
    assert_eq!(
        std::fs::read_to_string(plan.join("features/auth/sso.toml")).unwrap(),
        before
    );
}

/// A file that does not decode is left as it is, its problem printed as
/// `check` prints it; the other files are formatted; the exit status is 1.
#[test]
fn a_file_that_does_not_decode_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "estimate = \"3d\"\ntitel = \"SSO\"\n";
    plan_with(dir.path(), broken);
    write_files(
        dir.path(),
        &[("plan/features/auth/db.toml", "estimate = \"2d\"\ntitle = \"Store\"\n")],
    );
    let plan = dir.path().join("plan");
    let out = run(milepost().args(["fmt", "--plan"]).arg(&plan));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stderr.contains("E0101"), "{}", out.stderr);
    assert!(out.stderr.contains("sso.toml:2:1"), "{}", out.stderr);
    assert!(
        out.stderr.ends_with(
            "formatted 1 file of 4\nerror: 1 file not formatted: fix the problems above (`milepost check` lists them), then run `milepost fmt` again\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(plan.join("features/auth/sso.toml")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read_to_string(plan.join("features/auth/db.toml")).unwrap(),
        "title = \"Store\"\nestimate = \"2d\"\n"
    );
    // Checked again: the others are formatted, not "all" of them.
    let out = run(milepost().args(["fmt", "--check", "--plan"]).arg(&plan));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.ends_with(
            "the 4 other files are formatted already\nerror: 1 file not formatted: fix the problems above (`milepost check` lists them), then run `milepost fmt` again\n"
        ),
        "{}",
        out.stderr
    );
}

/// The example plan is formatted, as CI would require of a user's.
#[test]
fn the_example_plan_is_formatted() {
    let out = run(milepost().args(["fmt", "--check", "--plan", "examples/atlas/plan"]));
    assert_eq!((out.code, out.stdout.as_str()), (0, ""), "{}", out.stderr);
    // Nothing was written, and the message does not read as if it had been.
    assert!(
        out.stderr.starts_with("all ") && out.stderr.ends_with(" files are formatted already\n"),
        "{}",
        out.stderr
    );
}

/// No plan to read: exit 2, and the error says where it looked.
#[test]
fn no_plan_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(milepost()
        .args(["fmt", "--check", "--plan"])
        .arg(dir.path().join("nowhere")));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.starts_with("error: "), "{}", out.stderr);
    assert!(out.stderr.contains("nowhere"), "{}", out.stderr);
}

/// A plan file that is a symbolic link (to a file inside the plan) is
/// formatted through the link: the link stays a link.
#[test]
fn a_linked_file_is_written_through_its_link() {
    let dir = tempfile::tempdir().unwrap();
    plan_with(dir.path(), "estimate = \"3d\"\ntitle = \"SSO\"\n");
    let plan = dir.path().join("plan");
    std::fs::rename(
        plan.join("features/auth/sso.toml"),
        plan.join("features/auth/.real.toml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(".real.toml", plan.join("features/auth/sso.toml")).unwrap();
    let out = run(milepost().args(["fmt", "--plan"]).arg(&plan));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let link = plan.join("features/auth/sso.toml");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(
        std::fs::read_to_string(plan.join("features/auth/.real.toml")).unwrap(),
        "title = \"SSO\"\nestimate = \"3d\"\n"
    );
}

/// A file that cannot be written (read-only here) is said, with how to fix
/// it, and left; the other files are formatted all the same; exit 1.
#[test]
fn a_file_that_cannot_be_written_stops_no_other() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let messy = "estimate = \"3d\"\ntitle = \"SSO\"\n";
    plan_with(dir.path(), messy);
    let plan = dir.path().join("plan");
    // Two more files to format, one on each side of the read-only one in
    // the plan's order.
    write_files(
        dir.path(),
        &[
            ("plan/features/auth/api.toml", "estimate = \"2d\"\ntitle = \"API\"\n"),
            ("plan/features/auth/zz.toml", "estimate = \"1d\"\ntitle = \"Last\"\n"),
        ],
    );
    let locked = plan.join("features/auth/sso.toml");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(milepost().args(["fmt", "--plan"]).arg(&plan));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(&format!(
            "error: `{}` is read-only: it was not replaced\n  help: make it writable",
            locked.display()
        )),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.ends_with(
            "formatted 2 files of 6\nerror: 1 file not formatted: fix the problems above, then run `milepost fmt` again\n"
        ),
        "{}",
        out.stderr
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), messy);
    for (file, title, estimate) in [("api", "API", "2d"), ("zz", "Last", "1d")] {
        assert_eq!(
            std::fs::read_to_string(plan.join(format!("features/auth/{file}.toml"))).unwrap(),
            format!("title = \"{title}\"\nestimate = \"{estimate}\"\n")
        );
    }
}
