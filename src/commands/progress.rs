//! `milepost start ID` and `milepost done ID`: a feature's status and
//! dates set in its file, which keeps its comments and layout (toml_edit);
//! written atomically, and only if the file did not change since it was
//! read.

use toml_edit::{DocumentMut, Item, value};

use crate::args::ProgressArgs;
use crate::error::{Error, Result};
use crate::io::{ExitStatus, Io, write};
use crate::model::{Date, Status};
use crate::plan::{ItemKind, Plan};
use crate::source::Source;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    Start,
    Done,
}

pub fn start(args: &ProgressArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    progress(args, Step::Start, io)
}

pub fn done(args: &ProgressArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    progress(args, Step::Done, io)
}

fn progress(args: &ProgressArgs, step: Step, io: &mut Io<'_>) -> Result<ExitStatus> {
    let today = Date::today();
    let on = args.on.unwrap_or(today);
    not_after_today(&args.id, step, on, today)?;
    let (dir, display) = super::new::plan_dir(args.plan.as_deref())?;
    let source = Source::Dir {
        path: dir.clone(),
        display: display.clone(),
    };
    let plan = crate::load::load(&source, &mut crate::load::Cache::default())?.plan;
    let rel = feature_file(&plan, &args.id)?;
    let path = dir.join(&rel);
    let shown = format!("{display}/{rel}");
    // A link out of the plan is not part of it (E0002): not edited.
    if crate::output::landing_in(&dir, &path).is_none() {
        return Err(Error::Refused {
            what: format!(
                "`{shown}` is a symbolic link out of the plan: `{}` was not changed",
                args.id
            ),
            hint: "`milepost check` says so (E0002): move the file into the plan, or edit it where it is".into(),
        });
    }
    let read = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let broken = |why: &str| Error::Refused {
        what: format!("`{shown}` {why}: `{}` was not changed", args.id),
        hint: "`milepost check` shows what is wrong with it; fix it first".into(),
    };
    let text = std::str::from_utf8(&read).map_err(|_| broken("is not UTF-8"))?;
    let mut doc: DocumentMut = text.parse().map_err(|_| broken("is not valid TOML"))?;
    let change = match step {
        Step::Start => start_feature(&mut doc, &args.id, on)?,
        Step::Done => finish_feature(&mut doc, &args.id, on)?,
    };
    let edited = keep_line_ends(text, keep_formatted(text, doc.to_string()));
    if let Some(problem) = decode_problems(ItemKind::Feature, &edited).first() {
        return Err(broken(&format!("would not be a valid feature ({problem})")));
    }
    let not = format!("`{}` was not changed", args.id);
    super::refuse_new_errors(plan, (&dir, &display), (&rel, &edited), &not)?;
    if !crate::output::replace_atomic(&path, &read, edited.as_bytes())? {
        return Err(Error::Refused {
            what: format!(
                "`{shown}` changed on disk while milepost was editing it: `{}` was not changed",
                args.id
            ),
            hint: "another program or an editor wrote it meanwhile: look at the file, then run the command again"
                .into(),
        });
    }
    write(io.err, &format!("{change}: `{shown}`\n"), "standard error")?;
    Ok(ExitStatus::Success)
}

/// Refuses a day after `today` (a bad argument, exit 2): work starts and
/// ends on days that have come. A typed year (`2062` for `2026`) would
/// otherwise be written as progress, which the schedule keeps as actual
/// dates, years ahead.
fn not_after_today(id: &str, step: Step, on: Date, today: Date) -> Result<()> {
    if on <= today {
        return Ok(());
    }
    let hint = match step {
        Step::Start => format!(
            "give the day work on it began; to plan it to start later, write `not-before = {on}` in its file instead"
        ),
        Step::Done => "give the day its work ended; until then it stays in progress".to_string(),
    };
    Err(Error::BadArgument {
        what: format!("`--on {on}` is after today ({today}): `{id}` was not changed"),
        hint,
    })
}

/// `edited`, formatted as `milepost fmt` writes it when the file was
/// (`original`): a key set for the first time is added at the end of the
/// top-level keys, where `fmt --check`, which a CI job or a pre-commit
/// hook may run, would refuse it. A file that was not formatted keeps its
/// layout, the new key at the end.
fn keep_formatted(original: &str, edited: String) -> String {
    let shape = &crate::fmt::shape::FEATURE;
    let formatted = |text: &str| crate::fmt::format(text, shape).ok();
    if formatted(original).as_deref() != Some(original) {
        return edited;
    }
    formatted(&edited).unwrap_or(edited)
}

/// `edited` with the byte order mark and the line breaks of `original`
/// (`\r\n`, which TOML allows and some editors write), which the edit
/// lost: the file changes only where the command changed it. Each line
/// kept from `original` keeps its own break, taken in order among the
/// lines of the same text (a file may mix the two); a new line takes the
/// break most of the file's lines have.
fn keep_line_ends(original: &str, edited: String) -> String {
    const BOM: char = '\u{feff}';
    let mut out = edited;
    if original.contains("\r\n") && !out.contains("\r\n") {
        let mut breaks: std::collections::HashMap<&str, std::collections::VecDeque<bool>> =
            std::collections::HashMap::new();
        let (mut crlf, mut lf) = (0, 0);
        for line in original.split_inclusive('\n') {
            let Some(text) = line.strip_suffix('\n') else { continue };
            let (text, windows) = match text.strip_suffix('\r') {
                Some(text) => (text, true),
                None => (text, false),
            };
            *(if windows { &mut crlf } else { &mut lf }) += 1;
            breaks
                .entry(text.strip_prefix(BOM).unwrap_or(text))
                .or_default()
                .push_back(windows);
        }
        let mut kept = String::with_capacity(out.len() + crlf);
        for line in out.split_inclusive('\n') {
            let Some(text) = line.strip_suffix('\n') else {
                kept.push_str(line);
                continue;
            };
            let own = breaks
                .get_mut(text.strip_prefix(BOM).unwrap_or(text))
                .and_then(|b| b.pop_front());
            kept.push_str(text);
            kept.push_str(if own.unwrap_or(crlf >= lf) { "\r\n" } else { "\n" });
        }
        out = kept;
    }
    if original.starts_with(BOM) && !out.starts_with(BOM) {
        out.insert(0, BOM);
    }
    out
}

/// The file of the feature `id`, relative to the plan directory; refused
/// when there is none (with the nearest feature id) or `id` is not a feature.
fn feature_file(plan: &Plan, id: &str) -> Result<String> {
    match plan.ids.get(id) {
        Some(d) if d.kind == ItemKind::Feature => Ok(plan
            .files
            .get(d.file)
            .map_or_else(|| format!("features/{id}.toml"), |f| f.rel.to_string())),
        Some(d) => Err(Error::Refused {
            what: format!("`{id}` is a {}, not a feature", d.kind.as_str()),
            hint: "only features are started and done; a milestone is reached when its features are done".into(),
        }),
        None => {
            let features = plan
                .ids
                .iter()
                .filter(|(_, d)| d.kind == ItemKind::Feature)
                .map(|(id, _)| &**id);
            // A path given for the id (`features/auth/login.toml`): the id
            // it names, when there is one.
            let named = id
                .trim_start_matches("./")
                .trim_start_matches("plan/")
                .trim_start_matches("features/")
                .trim_end_matches(".toml");
            let known = |n: &str| plan.ids.get(n).is_some_and(|d| d.kind == ItemKind::Feature);
            let about = "a feature's id is its file name under `features/`, without `.toml`";
            Err(Error::Refused {
                what: format!("no feature `{id}` in the plan"),
                hint: match crate::suggest::nearest_id(id, features) {
                    _ if named != id && known(named) => format!("did you mean `{named}`? {about}"),
                    _ if !crate::load::is_valid_id(id) => format!("`{id}` is not an id: {about}"),
                    Some(n) => format!("did you mean `{n}`?"),
                    None => about.into(),
                },
            })
        }
    }
}

/// `status = "in-progress"` and `started`; what it did, in words.
fn start_feature(doc: &mut DocumentMut, id: &str, on: Date) -> Result<String> {
    let started = date(doc, "started")?;
    match status(doc)? {
        Status::InProgress => Err(refused(
            format!("`{id}` is already in progress{}", since(started)),
            format!("`milepost done {id}` marks it done"),
        )),
        Status::Done => Err(refused(
            format!("`{id}` is done{}", finished_on(doc)?),
            "to work on it again, set its `status` back to `in-progress` in its file".into(),
        )),
        Status::Cut => Err(cut(id)),
        Status::Blocked if started.is_some() => {
            set(doc, "status", value("in-progress"));
            Ok(format!("resumed `{id}`, in progress{}", since(started)))
        }
        Status::Proposed | Status::Planned | Status::Blocked => {
            if let Some(finished) = date(doc, "finished")? {
                return Err(refused(
                    format!("`{id}` is not started but has `finished = {finished}`"),
                    "remove `finished` from its file, or set its `status` to `done`".into(),
                ));
            }
            // A start the file records is the user's: not replaced unasked.
            if let Some(recorded) = started.filter(|&d| d != on) {
                return Err(refused(
                    format!("`{id}` is not started but its file records `started = {recorded}`"),
                    format!("`milepost start {id} --on {recorded}` keeps that day; or remove `started` from its file"),
                ));
            }
            set(doc, "status", value("in-progress"));
            set(doc, "started", value(super::new::toml_date(on)));
            Ok(format!("started `{id}` on {on}"))
        }
    }
}

/// `status = "done"` and `finished`; what it did, in words.
fn finish_feature(doc: &mut DocumentMut, id: &str, on: Date) -> Result<String> {
    let started = date(doc, "started")?;
    match status(doc)? {
        Status::Done => Err(refused(
            format!("`{id}` is already done{}", finished_on(doc)?),
            "nothing to do".into(),
        )),
        Status::Cut => Err(cut(id)),
        Status::Proposed | Status::Planned => Err(refused(
            format!("`{id}` has not started"),
            format!("record when it started first: `milepost start {id} --on DATE`, then `milepost done {id}`"),
        )),
        Status::InProgress | Status::Blocked => {
            let Some(started) = started else {
                return Err(refused(
                    format!("`{id}` has no `started` date"),
                    format!("add `started = YYYY-MM-DD` to its file, then `milepost done {id}`"),
                ));
            };
            if on < started {
                return Err(refused(
                    format!("`{id}` cannot be done on {on}, before it started on {started}"),
                    format!("give the day it finished, on or after {started}: `milepost done {id} --on DATE`"),
                ));
            }
            // A finish the file records is the user's: not replaced unasked.
            if let Some(recorded) = date(doc, "finished")?.filter(|&d| d != on) {
                return Err(refused(
                    format!("`{id}` is not done but its file records `finished = {recorded}`"),
                    format!("`milepost done {id} --on {recorded}` keeps that day; or remove `finished` from its file"),
                ));
            }
            set(doc, "status", value("done"));
            set(doc, "finished", value(super::new::toml_date(on)));
            Ok(format!("done `{id}` on {on}, started on {started}"))
        }
    }
}

/// ", finished on DATE", or nothing when the file has no `finished`.
fn finished_on(doc: &DocumentMut) -> Result<String> {
    Ok(date(doc, "finished")?.map_or_else(String::new, |d| format!(", finished on {d}")))
}

fn cut(id: &str) -> Error {
    refused(
        format!("`{id}` is cut"),
        "to take it back into the plan, set its `status` to `planned` in its file first".into(),
    )
}

fn refused(what: String, hint: String) -> Error {
    Error::Refused { what, hint }
}

fn since(started: Option<Date>) -> String {
    started.map_or_else(String::new, |d| format!(" since {d}"))
}

/// The feature's `status` (`planned` when it has none).
fn status(doc: &DocumentMut) -> Result<Status> {
    let Some(item) = doc.get("status") else {
        return Ok(Status::Planned);
    };
    let written = item.as_str().unwrap_or_default();
    Status::ALL
        .iter()
        .copied()
        .find(|s| s.as_str() == written)
        .ok_or_else(|| {
            refused(
                format!("`status` is `{}`, not a feature status", item.to_string().trim()),
                format!(
                    "write {} (`milepost check` says where)",
                    crate::suggest::one_of(Status::NAMES)
                ),
            )
        })
}

/// The date at `key`, written as a TOML date or a `YYYY-MM-DD` string.
fn date(doc: &DocumentMut, key: &str) -> Result<Option<Date>> {
    let Some(item) = doc.get(key) else { return Ok(None) };
    let parsed = match (item.as_datetime(), item.as_str()) {
        (Some(dt), _) => match (dt.date, dt.time) {
            (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8).ok(),
            _ => None,
        },
        (None, Some(s)) => Date::parse(s).ok(),
        _ => None,
    };
    parsed.map(Some).ok_or_else(|| {
        refused(
            format!("`{key}` is `{}`, not a date", item.to_string().trim()),
            "write a date as YYYY-MM-DD (`milepost check` says where)".into(),
        )
    })
}

/// Sets `key` at the top of the file: in place, with the comment after the
/// old value kept, when the key is there; at the end of the top-level keys
/// otherwise.
fn set(doc: &mut DocumentMut, key: &str, new: Item) {
    if let (Some(old), Item::Value(mut new)) = (doc.get_mut(key).and_then(Item::as_value_mut), new.clone()) {
        *new.decor_mut() = old.decor().clone();
        *old = new;
        return;
    }
    doc.insert(key, new);
}

/// The problems (errors) found decoding `text` as an item of `kind`, as
/// `check` would report them for its file alone: none for a file that
/// decodes cleanly.
pub(crate) fn decode_problems(kind: ItemKind, text: &str) -> Vec<String> {
    let (root, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        return errors.iter().map(|e| e.message().trim().to_string()).collect();
    }
    let mut cx = crate::decode::Cx::new(crate::files::FileId(0));
    match kind {
        ItemKind::Feature => drop(crate::model::FeatureFile::decode(&root, &mut cx)),
        ItemKind::Milestone => drop(crate::model::MilestoneFile::decode(&root, &mut cx)),
        ItemKind::Risk => drop(crate::model::RiskFile::decode(&root, &mut cx)),
    }
    cx.diags
        .into_iter()
        .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
        .map(|d| d.message)
        .collect()
}
