//! What `milepost init` writes: the plan's first files, each commented so
//! that a newcomer can read it without the reference at hand, the JSON
//! Schemas editors validate them with, and the optional CI workflow and
//! pre-commit hook.

use crate::model::Date;
use crate::schema::SchemaKind;

/// The id of the first milestone.
pub const MILESTONE: &str = "first-release";

/// The id of the first feature.
pub const FEATURE: &str = "first-feature";

/// The folder, under the plan directory, of the JSON Schemas the plan
/// files name on their first line. Hidden: milepost does not read it.
pub const SCHEMA_DIR: &str = ".schema";

/// The project's one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub id: String,
    pub name: String,
    /// False for the placeholder written when Git knows no name.
    pub from_git: bool,
}

impl Person {
    /// The person `git config user.name` names, or a placeholder.
    pub fn from_git(name: Option<String>) -> Person {
        match name {
            Some(name) => Person {
                id: person_id(&name),
                name,
                from_git: true,
            },
            None => Person {
                id: "me".into(),
                name: "Your Name".into(),
                from_git: false,
            },
        }
    }
}

/// A person's id from their name: the first word, lower case, in ASCII
/// letters and digits (`Ana Ruiz` is `ana`); `me` when nothing is left.
fn person_id(name: &str) -> String {
    let first = name.split_whitespace().next().unwrap_or_default();
    let id: String = first
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if crate::load::is_valid_id(&id) { id } else { "me".into() }
}

/// What the plan's first files say.
pub struct Setup {
    pub name: String,
    pub start: Date,
    pub person: Person,
}

/// A TOML string holding `text`, quoted and escaped as TOML needs.
pub fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// The files of the plan directory, each as (path under it, text).
pub fn plan_files(setup: &Setup) -> Vec<(String, String)> {
    let mut files = vec![
        ("project.toml".to_string(), project(setup)),
        (format!("milestones/{MILESTONE}.toml"), milestone()),
        (format!("features/{FEATURE}.toml"), feature(&setup.person)),
    ];
    for kind in [
        SchemaKind::Project,
        SchemaKind::Milestone,
        SchemaKind::Feature,
        SchemaKind::Risk,
    ] {
        files.push((
            format!("{SCHEMA_DIR}/{}", crate::schema::file_name(kind)),
            crate::schema::json(kind),
        ));
    }
    files
}

fn project(setup: &Setup) -> String {
    let person = &setup.person;
    let placeholder = if person.from_git {
        ""
    } else {
        "# No `git config user.name` was found: put your own id and name here.\n"
    };
    format!(
        r#"#:schema ./{SCHEMA_DIR}/project.schema.json
# The project: its name, the day work starts, the working calendar and the
# people who do the work. Every key is described by `milepost help format`.

[project]
name = {name}
# currency = "EUR"   # ISO 4217, for day rates, costs and a budget
start = {start}

[calendar]
# The working week: the usual Monday to Friday. Change it to the days your
# team works (`sun` to `thu` where the weekend is Friday and Saturday).
workdays = ["mon", "tue", "wed", "thu", "fri"]

# Days nobody works: a day, a named day, or a range.
# holidays = [2026-12-25, {{ from = 2026-12-28, to = 2026-12-31, name = "Winter break" }}]

# One entry per person who does the work; features name them by `id`.
{placeholder}[[people]]
id = "{id}"
name = {person_name}
# capacity = 0.5   # the share of their time on this project, 0 to 1
# day-rate = 800   # the cost of one working day, in `currency`
"#,
        name = toml_string(&setup.name),
        start = setup.start,
        id = person.id,
        person_name = toml_string(&person.name),
    )
}

fn milestone() -> String {
    format!(
        r#"#:schema ../{SCHEMA_DIR}/milestone.schema.json
# A milestone: a point the team works towards. It is reached when its
# features (those with `milestone = "{MILESTONE}"`) are done. Its id is the
# file name. `milepost new milestone ID` adds another.
title = "First release"
# The date you committed to (YYYY-MM-DD): `milepost schedule` then shows the
# margin, and warns when the forecast misses it.
# deadline = 2027-03-01
"#
    )
}

fn feature(person: &Person) -> String {
    format!(
        r#"#:schema ../{SCHEMA_DIR}/feature.schema.json
# A feature: one piece of work, estimated in working days (`3d`) or weeks
# (`2w`). Its progress is one command each:
#   milepost start {FEATURE}
#   milepost done {FEATURE}
# `milepost new feature ID` adds another.
title = "First feature"
milestone = "{MILESTONE}"
owner = "{id}"
status = "planned"
estimate = "5d"
# depends-on = ["another-feature"]   # what it waits for
"#,
        id = person.id,
    )
}

/// `.taplo.toml`, in the folder taplo and editors start from: which files
/// are the plan's, and their schemas.
pub fn taplo(plan: &str) -> String {
    // The plan's path quoted and escaped as a TOML string (`my "plan"`).
    let q = |rest: &str| toml_string(&format!("{plan}/{rest}"));
    let mut text = format!(
        r#"# Taplo and the Even Better TOML extension: validate milepost's plan
# files as you type. Written by `milepost init`. Paths are relative to this
# folder (open it as the editor's workspace). Each plan file also names its
# schema on its first line (`#:schema`).
include = [{}]
"#,
        q("**/*.toml")
    );
    for (kind, files) in [
        ("project", "project.toml".to_string()),
        ("milestone", "milestones/**/*.toml".to_string()),
        ("feature", "features/**/*.toml".to_string()),
        ("risk", "risks/**/*.toml".to_string()),
    ] {
        text.push_str(&format!(
            "\n[[rule]]\nname = \"milepost-{kind}\"\ninclude = [{}]\n\n[rule.schema]\npath = {}\n",
            q(&files),
            q(&format!("{SCHEMA_DIR}/{kind}.schema.json"))
        ));
    }
    text
}

/// A GitHub Actions workflow: on pull requests that touch the plan, `check`
/// with annotations, and the diff in the job summary.
pub fn github_workflow(plan: &str) -> String {
    let repository = env!("CARGO_PKG_REPOSITORY");
    let version = env!("CARGO_PKG_VERSION");
    let arg = shell_quote(plan);
    let yaml = plan.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        r#"# milepost, written by `milepost init --ci github`. On each pull request
# that touches the plan: `milepost check` (problems annotated on the lines
# of the pull request; the job fails when the plan is invalid), then what
# the pull request changes in the plan (milestones moved, cost) in the job
# summary. Read-only: it works the same for pull requests from forks.
#
# milepost's repository also has a composite action (its `action.yml`)
# that posts the diff as a pull-request comment: `uses:
# milepost-rs/milepost@REF` (see its README).
name: plan

on:
  pull_request:
    paths: ["{yaml}/**"]

permissions:
  contents: read

jobs:
  plan:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          # `diff` reads the base branch's history.
          fetch-depth: 0
      # milepost is built once from its repository and kept in the cache.
      # Pin a commit with `--rev SHA` (and put it in the key) to upgrade
      # when you choose.
      - uses: actions/cache@v4
        id: cache
        with:
          path: ~/.cargo/bin/milepost
          key: milepost-{version}-${{{{ runner.os }}}}
      - name: Install milepost
        if: steps.cache.outputs.cache-hit != 'true'
        run: cargo install --locked --git {repository} milepost
      - name: Check the plan
        run: {check}
      - name: What this pull request changes in the plan
        run: {diff}
"#,
        check = yaml_scalar(&format!("milepost check --plan {arg} --format github")),
        diff = yaml_scalar(&format!(
            "milepost diff --plan {arg} --format markdown \"origin/${{{{ github.base_ref }}}}...HEAD\" >> \"$GITHUB_STEP_SUMMARY\""
        )),
    )
}

/// `text` as a YAML value on one line: as it is when YAML reads it so
/// (no ` #`, which starts a comment, no `: `, nothing YAML reads first as
/// syntax), else double-quoted and escaped.
fn yaml_scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(" #")
        && !text.contains(": ")
        && !text.ends_with(':')
        && !text.chars().any(char::is_control)
        && !text.starts_with([
            '\'', '"', '&', '*', '!', '|', '>', '%', '@', '`', '{', '[', '-', '?', ':', '#', ' ',
        ]);
    if plain {
        return text.to_string();
    }
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A pre-commit hook: `milepost check` when the commit touches the plan.
pub fn pre_commit(plan: &str) -> String {
    let arg = shell_quote(plan);
    format!(
        r#"#!/bin/sh
# Written by `milepost init --hooks`: stops a commit that touches the plan
# while the plan has errors (`git commit --no-verify` skips it once).
if git diff --cached --quiet -- {arg}; then
  exit 0
fi
if ! command -v milepost >/dev/null 2>&1; then
  echo "pre-commit: milepost is not on the PATH; install it or remove this hook" >&2
  exit 1
fi
exec milepost check --plan {arg}
"#
    )
}

/// `text` as one word for a POSIX shell.
fn shell_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
    {
        return text.to_string();
    }
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_persons_id_is_their_first_name_in_ascii() {
        assert_eq!(person_id("Ana Ruiz"), "ana");
        assert_eq!(person_id("  jean-luc  Picard"), "jean-luc");
        assert_eq!(person_id("Tomás Ferreira"), "toms");
        assert_eq!(person_id("李雷"), "me");
        assert_eq!(person_id("-x"), "me");
    }

    #[test]
    fn strings_are_quoted_and_escaped_for_toml() {
        assert_eq!(toml_string("Atlas"), "\"Atlas\"");
        let tricky = "say \"hi\"\\ \n";
        let quoted = toml_string(tricky);
        let doc: toml_edit::DocumentMut = format!("k = {quoted}").parse().unwrap();
        assert_eq!(doc["k"].as_str(), Some(tricky));
    }

    /// A plan path with quotes or a backslash gives a `.taplo.toml` that
    /// TOML reads back with the path as written.
    #[test]
    fn the_taplo_file_holds_any_plan_path() {
        for plan in ["plan", "my \"plan\"", r"dir\plan", "a #b: c"] {
            let doc: toml_edit::DocumentMut = taplo(plan).parse().unwrap_or_else(|e| panic!("{plan}: {e}"));
            let include = doc["include"]
                .as_array()
                .and_then(|a| a.get(0))
                .and_then(|v| v.as_str());
            assert_eq!(include, Some(format!("{plan}/**/*.toml").as_str()));
        }
    }

    /// A plan path YAML would cut (` #` starts a comment) is kept whole in
    /// the workflow's `run:` lines: quoted for YAML, then for the shell.
    #[test]
    fn the_workflow_keeps_any_plan_path_whole() {
        assert_eq!(yaml_scalar("milepost check --plan plan"), "milepost check --plan plan");
        let workflow = github_workflow("a #b: c");
        assert!(
            workflow.contains("        run: \"milepost check --plan 'a #b: c' --format github\"\n"),
            "{workflow}"
        );
        assert!(
            workflow.contains(
                "        run: \"milepost diff --plan 'a #b: c' --format markdown \\\"origin/${{ github.base_ref }}...HEAD\\\" >> \\\"$GITHUB_STEP_SUMMARY\\\"\"\n"
            ),
            "{workflow}"
        );
        let plain = github_workflow("plan");
        assert!(
            plain.contains("        run: milepost check --plan plan --format github\n"),
            "{plain}"
        );
    }

    #[test]
    fn paths_are_one_shell_word() {
        assert_eq!(shell_quote("plan"), "plan");
        assert_eq!(shell_quote("docs/my plan"), "'docs/my plan'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
