//! `milepost new feature|milestone|risk ID`: a new item file, written only
//! once its id is free and valid and every id it names exists, so that the
//! plan it joins stays valid.

use std::path::Path;

use toml_edit::{DocumentMut, value};

use crate::args::{NewArgs, NewCommonArgs, NewFeatureArgs, NewItem, NewMilestoneArgs, NewRiskArgs};
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::model::duration::{MAX_DAYS, Unit};
use crate::model::number::fraction_of_percentage;
use crate::model::{Date, Duration};
use crate::plan::{ItemKind, Plan};
use crate::source::Source;

mod refuse;

pub fn run(args: &NewArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let (kind, common) = match &args.item {
        NewItem::Feature(a) => (ItemKind::Feature, &a.common),
        NewItem::Milestone(a) => (ItemKind::Milestone, &a.common),
        NewItem::Risk(a) => (ItemKind::Risk, &a.common),
    };
    let id = common.id.as_str();
    // First what is wrong whatever the plan holds: a bad argument, exit 2,
    // as clap's usage errors are, said before the plan is read.
    refuse::id_allowed(id)?;
    let mut doc = DocumentMut::new();
    doc["title"] = value(title(common)?);
    match &args.item {
        NewItem::Feature(a) => feature(a, &mut doc)?,
        NewItem::Milestone(a) => milestone(a, &mut doc)?,
        NewItem::Risk(a) => risk(a, &mut doc)?,
    }
    let rel = format!("{}/{id}.toml", kind.folder());
    decodes_cleanly(kind, &rel, &doc.to_string())?;
    // Then what the plan rules out: a refusal, exit 1.
    let (dir, display) = plan_dir(common.plan.as_deref())?;
    let source = Source::Dir {
        path: dir.clone(),
        display: display.clone(),
    };
    let plan = crate::load::load(&source, &mut crate::load::Cache::default())?.plan;
    free_id(kind, id, &plan, &dir)?;
    Refs { plan: &plan }.check(&args.item)?;
    let text = format!("{}{doc}", schema_line(&dir, kind, id));
    let path = dir.join(&rel);
    inside_the_plan(&dir, &path, &format!("{display}/{rel}"))?;
    let not = format!("`{display}/{rel}` was not written");
    super::refuse_new_errors(plan, (&dir, &display), (&rel, &text), &not)?;
    // The folders of a new subfolder id (`auth/sso`) made here, deepest
    // first: taken away again if the file cannot be written.
    let made: Vec<&Path> = path.ancestors().skip(1).take_while(|a| !a.exists()).collect();
    let folders = match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| Error::Output {
            what: format!("`{}`", parent.display()),
            source,
        }),
        None => Ok(()),
    };
    let written = folders.and_then(|()| match crate::output::create_atomic(&path, text.as_bytes()) {
        Ok(true) => Ok(()),
        Ok(false) => Err(taken(kind, id, &format!("{display}/{rel}"))),
        Err(e) => Err(e),
    });
    if written.is_err() {
        for folder in made {
            // Only if empty: nothing else is removed.
            let _ = std::fs::remove_dir(folder);
        }
    }
    written?;
    let said = format!(
        "wrote {} `{id}`: `{display}/{rel}`\nnext: `milepost check`, or `milepost schedule` to see its dates\n",
        kind.as_str()
    );
    write(io.err, &said, "standard error")?;
    Ok(ExitStatus::Success)
}

/// Refuses to write `path` (shown as `shown`) when a folder on its way in
/// the plan directory `dir` is a symbolic link: the loader follows no link
/// to a folder, so the item written would not be in the plan, or would be
/// where the link leads (a feature in `milestones/`, a plan invalid).
fn inside_the_plan(dir: &Path, path: &Path, shown: &str) -> Result<()> {
    let Ok(root) = std::fs::canonicalize(dir) else {
        return Ok(());
    };
    // The deepest folder of the path that exists, as written and resolved.
    let Some(existing) = path.ancestors().skip(1).find(|a| a.exists()) else {
        return Ok(());
    };
    let Ok(rel) = existing.strip_prefix(dir) else {
        return Ok(());
    };
    match std::fs::canonicalize(existing) {
        Ok(real) if real != root.join(rel) => Err(Error::Refused {
            what: format!(
                "`{shown}` would be written through a symbolic link (`{}` leads to `{}`): milepost would not read it there",
                rel.display(),
                real.strip_prefix(&root).unwrap_or(&real).display()
            ),
            hint: "choose an id in a folder of the plan itself, or replace the link with a folder".into(),
        }),
        _ => Ok(()),
    }
}

/// A value given on the command line that no plan would take: exit 2.
fn bad(what: String, hint: impl Into<String>) -> Error {
    Error::BadArgument {
        what,
        hint: hint.into(),
    }
}

/// The plan directory the command line names, as a path and as shown.
pub(crate) fn plan_dir(plan_arg: Option<&Path>) -> Result<(std::path::PathBuf, String)> {
    match crate::locate::source(plan_arg, None)? {
        Source::Dir { path, display } => Ok((path, display)),
        // Without `--rev` the plan is always a directory.
        Source::Revision { .. } => Err(Error::Git {
            message: "the plan was located in Git, not in the working tree".into(),
        }),
    }
}

/// Refuses an id that is not valid or that an item already has (of any
/// kind: ids are shared), or whose file is there already.
fn free_id(kind: ItemKind, id: &str, plan: &Plan, dir: &Path) -> Result<()> {
    if let Some(declared) = plan.ids.get(id) {
        let shown = plan
            .files
            .get(declared.file)
            .map_or_else(String::new, |f| f.display.to_string());
        return Err(Error::Refused {
            what: format!("`{id}` is already a {}: `{shown}`", declared.kind.as_str()),
            hint: "ids are shared by milestones, features and risks: choose another id".into(),
        });
    }
    // Two ids that differ only in case are one file on some file systems
    // (E0007 says so of a plan that has them).
    if let Some((other, declared)) = plan.ids.iter().find(|(other, _)| other.eq_ignore_ascii_case(id)) {
        return Err(Error::Refused {
            what: format!(
                "`{id}` differs from the {} `{other}` only in case",
                declared.kind.as_str()
            ),
            hint: "ids that differ only in case are the same file on macOS and Windows: choose another id".into(),
        });
    }
    // A folder of the id spelled with other case than one the plan has
    // (`Auth/x` beside `auth/y`) is one folder on those file systems too:
    // there the file would land in the plan's folder, under another id.
    let folders: Vec<&str> = id.split('/').collect();
    let folders = &folders[..folders.len() - 1];
    for (other, _) in plan.ids.iter().filter(|(_, d)| d.kind == kind) {
        let theirs: Vec<&str> = other.split('/').collect();
        let theirs = &theirs[..theirs.len() - 1];
        let same = folders
            .iter()
            .zip(theirs)
            .take_while(|(a, b)| a.eq_ignore_ascii_case(b));
        if let Some((mine, _)) = same.clone().find(|(a, b)| a != b) {
            let spelled: Vec<&str> = same.map(|(_, b)| *b).collect();
            return Err(Error::Refused {
                what: format!(
                    "the folder `{mine}` of `{id}` differs from the plan's `{}` (of `{other}`) only in case",
                    spelled.join("/")
                ),
                hint: format!(
                    "folders that differ only in case are one folder on macOS and Windows: write it `{}` as the plan does",
                    spelled.join("/")
                ),
            });
        }
    }
    let path = dir.join(format!("{}/{id}.toml", kind.folder()));
    if path.symlink_metadata().is_ok() {
        return Err(taken(kind, id, &path.display().to_string()));
    }
    Ok(())
}

fn taken(kind: ItemKind, id: &str, shown: &str) -> Error {
    Error::Refused {
        what: format!("`{shown}` is already there: {} `{id}` was not written", kind.as_str()),
        hint: "choose another id, or edit that file".into(),
    }
}

/// `--title`, or one made from the id's last segment (`auth/single-sign-on`
/// is "Single sign on").
fn title(common: &NewCommonArgs) -> Result<String> {
    let title = match &common.title {
        Some(t) => t.trim().to_string(),
        None => {
            let last = common
                .id
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .replace(['-', '_'], " ");
            let mut chars = last.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
    };
    one_line("--title", title)
}

/// `text`, given with `flag`, when it is one line of 1 to 1,000 characters
/// with no control characters: what a title or a name may be.
pub(crate) fn one_line(flag: &str, text: String) -> Result<String> {
    let max = crate::decode::MAX_LINE_CHARS;
    let hidden = text
        .chars()
        .find(|&c| !crate::text::is_shown(c, false) || crate::text::is_hidden(c));
    let (what, hint) = match hidden {
        _ if text.is_empty() => (format!("`{flag}` is empty"), "give it some text".to_string()),
        Some('\n' | '\r') => (
            format!("`{flag}` holds a line break"),
            "write it on one line; longer text goes in a `description`".into(),
        ),
        Some(c) => (
            format!("`{flag}` holds a character no reader sees (U+{:04X})", u32::from(c)),
            "remove it: such characters can rewrite a terminal or reorder what a reviewer sees".into(),
        ),
        None if text.chars().count() > max => (
            format!("`{flag}` is {} characters long: at most {max}", text.chars().count()),
            "a one-line field is a name or a title: put the rest in a `description`".into(),
        ),
        None => return Ok(text),
    };
    Err(bad(what, &hint))
}

/// The ids and people the new item may name.
struct Refs<'a> {
    plan: &'a Plan,
}

impl Refs<'_> {
    /// Refuses an id or a person the new item names that the plan does not
    /// have, and a deadline before the project starts.
    fn check(&self, item: &NewItem) -> Result<()> {
        match item {
            NewItem::Feature(a) => {
                if let Some(m) = &a.milestone {
                    self.item("milestone", m, &[ItemKind::Milestone])?;
                }
                self.owner(&a.common)?;
                self.items("after", &a.after)?;
                refuse::loops(self.plan, &a.common.id, a.milestone.as_deref(), &a.after)
            }
            NewItem::Milestone(a) => {
                if let Some(deadline) = a.deadline
                    && let Some(start) = self.start().filter(|s| deadline < *s)
                {
                    return Err(Error::Refused {
                        what: format!("`--deadline {deadline}` is before the project starts, on {start}"),
                        hint: "give a deadline on or after the project's `start` in `project.toml`".into(),
                    });
                }
                self.owner(&a.common)?;
                self.items("after", &a.after)
            }
            NewItem::Risk(a) => {
                self.owner(&a.common)?;
                self.items("affects", &a.affects)
            }
        }
    }

    fn owner(&self, common: &NewCommonArgs) -> Result<()> {
        common.owner.as_deref().map_or(Ok(()), |o| self.person(o))
    }

    /// Refuses any of `ids`, given with `--flag`, that is not a feature or
    /// a milestone.
    fn items(&self, flag: &str, ids: &[String]) -> Result<()> {
        for id in ids {
            self.item(flag, id, &[ItemKind::Feature, ItemKind::Milestone])?;
        }
        Ok(())
    }

    /// Refuses `id`, given with `--flag`, unless it is an item of one of `kinds`.
    fn item(&self, flag: &str, id: &str, kinds: &[ItemKind]) -> Result<()> {
        let what = kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(" or ");
        if let Some(declared) = self.plan.ids.get(id) {
            if kinds.contains(&declared.kind) {
                return Ok(());
            }
            return Err(Error::Refused {
                what: format!("`--{flag} {id}`: `{id}` is a {}, not a {what}", declared.kind.as_str()),
                hint: format!("name a {what} with `--{flag}`"),
            });
        }
        let candidates = self
            .plan
            .ids
            .iter()
            .filter(|(_, d)| kinds.contains(&d.kind))
            .map(|(id, _)| &**id);
        Err(unknown(flag, id, &what, crate::suggest::nearest_id(id, candidates)))
    }

    fn person(&self, id: &str) -> Result<()> {
        // The people of `project.toml` even when its `[project]` cannot be
        // read (`Plan::project_file`); none at all when the file cannot be.
        let Some(project) = self.plan.project_file() else {
            return Err(Error::Refused {
                what: format!("`--owner {id}`: `project.toml` could not be read, so its people are not known"),
                hint: "run `milepost check` and fix `project.toml` first".into(),
            });
        };
        let people: Vec<&str> = project.data.people.iter().map(|p| p.id.value.as_str()).collect();
        if people.contains(&id) {
            return Ok(());
        }
        Err(unknown("owner", id, "person", crate::suggest::nearest(id, people)))
    }

    fn start(&self) -> Option<Date> {
        self.plan.project.as_ref().map(|p| p.data.project.value.start.value)
    }
}

fn unknown(flag: &str, id: &str, what: &str, nearest: Option<&str>) -> Error {
    Error::Refused {
        what: format!("`--{flag} {id}`: no {what} `{id}` in the plan"),
        hint: match nearest {
            Some(n) => format!("did you mean `{n}`?"),
            None if what == "person" => "people are the `id`s of `[[people]]` in `project.toml`".into(),
            None => format!("a {what}'s id is its file name under the plan directory, without `.toml`"),
        },
    }
}

fn feature(a: &NewFeatureArgs, doc: &mut DocumentMut) -> Result<()> {
    if let Some(m) = &a.milestone {
        doc["milestone"] = value(m.as_str());
    }
    owner(&a.common, doc);
    let status = a.status.as_deref().unwrap_or("planned");
    if !["proposed", "planned"].contains(&status) {
        return Err(bad(
            format!("`--status {status}`: a new feature is `proposed` or `planned`"),
            "add it as `planned`, then `milepost start ID` and `milepost done ID` record its progress",
        ));
    }
    doc["status"] = value(status);
    if let Some(p) = &a.priority {
        let names = crate::model::Priority::NAMES;
        if !names.contains(&p.as_str()) {
            return Err(bad(
                format!("`--priority {p}` is not a priority"),
                crate::suggest::did_you_mean(p, names.iter().copied())
                    .unwrap_or_else(|| format!("write {}", crate::suggest::one_of(names))),
            ));
        }
        doc["priority"] = value(p.as_str());
    }
    if let Some(e) = &a.estimate {
        estimate(e)?;
        doc["estimate"] = value(e.trim());
    }
    depends_on(&a.after, doc)
}

fn milestone(a: &NewMilestoneArgs, doc: &mut DocumentMut) -> Result<()> {
    if let Some(deadline) = a.deadline {
        doc["deadline"] = value(toml_date(deadline));
    }
    owner(&a.common, doc);
    depends_on(&a.after, doc)
}

fn risk(a: &NewRiskArgs, doc: &mut DocumentMut) -> Result<()> {
    doc["probability"] = value(toml_number(probability(&a.probability)?));
    let mut impact = toml_edit::InlineTable::new();
    if let Some(days) = &a.impact_days {
        impact.insert("days", toml_number(impact_days(days)?));
    }
    if let Some(cost) = &a.impact_cost {
        let example = "`--impact-cost 5000`";
        impact.insert("cost", toml_number(number("impact-cost", cost, None, example)?));
    }
    if !impact.is_empty() {
        doc["impact"] = value(impact);
    }
    owner(&a.common, doc);
    if let Some(m) = &a.mitigation {
        doc["mitigation"] = value(m.as_str());
    }
    if !a.affects.is_empty() {
        doc["affects"] = value(ids("affects", &a.affects)?);
    }
    Ok(())
}

fn owner(common: &NewCommonArgs, doc: &mut DocumentMut) {
    if let Some(o) = &common.owner {
        doc["owner"] = value(o.as_str());
    }
}

/// `depends-on`, from `--after`.
fn depends_on(after: &[String], doc: &mut DocumentMut) -> Result<()> {
    if !after.is_empty() {
        doc["depends-on"] = value(ids("after", after)?);
    }
    Ok(())
}

/// The ids given with `--flag` (repeated, or comma-separated), each once,
/// in the order given; an empty one (`a,,b`) is a bad argument.
fn ids(flag: &str, given: &[String]) -> Result<toml_edit::Array> {
    let mut seen: Vec<&str> = Vec::with_capacity(given.len());
    for id in given {
        let id = id.trim();
        if id.is_empty() {
            return Err(bad(
                format!("`--{flag} {}` has an empty id", given.join(",")),
                format!("separate ids with single commas: `--{flag} a,b`"),
            ));
        }
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    Ok(seen.into_iter().collect())
}

fn estimate(text: &str) -> Result<Duration> {
    let refused = |what: String, hint: String| bad(format!("`--estimate {text}`: {what}"), hint);
    let duration = Duration::parse(text).map_err(|(what, hint)| refused(what, hint))?;
    if duration.amount < 0.0 {
        return Err(refused(
            "an estimate is not negative".into(),
            format!(
                "write how long the work takes, without a sign: `--estimate {}`",
                text.trim().trim_start_matches('-')
            ),
        ));
    }
    Ok(duration)
}

/// `--probability`: a number from 0 to 1. A percentage (`30%`, `30`) is
/// told as one, with the fraction to write.
fn probability(text: &str) -> Result<f64> {
    let given = text.trim();
    let percent = given.strip_suffix('%').map(str::trim_end);
    let n = percent.unwrap_or(given).parse::<f64>().ok().filter(|n| n.is_finite());
    match (percent, n) {
        (Some(_), Some(n)) if (0.0..=100.0).contains(&n) => Err(bad(
            format!("`--probability {text}` is a percentage: a probability is a number from 0 to 1"),
            format!("write `--probability {}`", fraction_of_percentage(n)),
        )),
        (Some(_), Some(_)) => Err(bad(
            format!("`--probability {text}` is out of range: a probability is a number from 0 to 1"),
            "write a fraction from 0 to 1, e.g. `--probability 0.3` for 30%",
        )),
        (None, Some(n)) if (2.0..=100.0).contains(&n) => Err(bad(
            format!("`--probability {text}` is out of range: a probability is a number from 0 to 1"),
            format!(
                "write a fraction, not a percentage: `--probability {}`",
                fraction_of_percentage(n)
            ),
        )),
        _ => number("probability", text, Some(1.0), "`--probability 0.3`"),
    }
}

/// `--impact-days`: working days as a plain number, as `impact.days` is
/// in a risk file. A duration (`5d`, `2w`) is told as one, with the number
/// to write.
fn impact_days(text: &str) -> Result<f64> {
    let example = "`--impact-days 5`";
    if let Ok(d) = Duration::parse(text)
        && d.amount >= 0.0
    {
        let days = match d.unit {
            Unit::Day => d.amount,
            Unit::Week => d.amount * 5.0,
        };
        let hint = match d.unit {
            _ if days > MAX_DAYS => format!("write a number of working days from 0 to {MAX_DAYS}, e.g. {example}"),
            Unit::Day => format!("write `--impact-days {days}`"),
            Unit::Week => {
                format!("write the working days it comes to: `--impact-days {days}` for five-day weeks")
            }
        };
        return Err(bad(
            format!("`--impact-days {text}`: `impact.days` is a number of working days, without a unit"),
            hint,
        ));
    }
    number("impact-days", text, Some(MAX_DAYS), example)
}

/// A number given with `--flag`, from 0 to `max` (or up): refused, with
/// `example` in the hint, when it is not a number or out of range.
fn number(flag: &str, text: &str, max: Option<f64>, example: &str) -> Result<f64> {
    let range = match max {
        Some(m) => format!("a number from 0 to {m}"),
        None => "a number from 0 up".to_string(),
    };
    let Some(n) = text.trim().parse::<f64>().ok().filter(|n| n.is_finite()) else {
        return Err(bad(
            format!("`--{flag} {text}` is not a number"),
            format!("write {range} in digits, e.g. {example}"),
        ));
    };
    if n >= 0.0 && max.is_none_or(|m| n <= m) {
        return Ok(n);
    }
    Err(bad(
        format!("`--{flag} {text}` is out of range"),
        format!("write {range}, e.g. {example}"),
    ))
}

/// A whole number as a TOML integer (`8`, not `8.0`), others as floats.
fn toml_number(n: f64) -> toml_edit::Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        // Whole and well inside i64: the cast is exact.
        #[allow(clippy::cast_possible_truncation)]
        toml_edit::Value::from(n as i64)
    } else {
        toml_edit::Value::from(n)
    }
}

/// A TOML local date.
pub(crate) fn toml_date(date: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(date.0.year()).unwrap_or_default(),
            month: u8::try_from(date.0.month()).unwrap_or_default(),
            day: u8::try_from(date.0.day()).unwrap_or_default(),
        }),
        time: None,
        offset: None,
    }
}

/// `#:schema` for editors, when the plan has the schemas `milepost init`
/// writes: the path from the new file to its kind's schema.
fn schema_line(dir: &Path, kind: ItemKind, id: &str) -> String {
    let name = crate::schema::file_name(match kind {
        ItemKind::Milestone => crate::schema::SchemaKind::Milestone,
        ItemKind::Feature => crate::schema::SchemaKind::Feature,
        ItemKind::Risk => crate::schema::SchemaKind::Risk,
    });
    let schemas = super::init::SCHEMA_DIR;
    if !dir.join(schemas).join(name).is_file() {
        return String::new();
    }
    let up = "../".repeat(id.split('/').count());
    format!("#:schema {up}{schemas}/{name}\n")
}

/// Refuses text that does not decode cleanly as an item of `kind`: a guard
/// that what `new` writes is what the format says. A file decodes without
/// the rest of the plan, so what it catches is a bad argument (a
/// `--mitigation` too long).
fn decodes_cleanly(kind: ItemKind, rel: &str, text: &str) -> Result<()> {
    let problems = super::progress::decode_problems(kind, text);
    match problems.first() {
        None => Ok(()),
        Some(message) => Err(bad(
            format!("`{rel}` would not be a valid {}: {message}", kind.as_str()),
            "check the values given on the command line (`milepost help format` describes each key)",
        )),
    }
}
