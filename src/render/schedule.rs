//! `milepost schedule` output: a table for people (`schedule_table`), JSON,
//! CSV and a Mermaid Gantt chart.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Date;
use crate::plan::ItemKind;
pub use crate::render::schedule_table::table;
use crate::render::vocab;
use crate::schedule::{Driver, Entry, Schedule};
use crate::source::Revision;

/// Entries in schedule order: milestones in forecast order
/// ([`vocab::forecast_order`]), features by start, then finish, then id.
pub(crate) fn in_order(s: &Schedule, kind: ItemKind) -> Vec<&Entry> {
    in_order_where(s, kind, &|_| true)
}

/// [`in_order`], of the entries `keep` keeps (chosen before they are
/// sorted: the report's chart sorts its critical chain alone).
pub(crate) fn in_order_where<'s>(s: &'s Schedule, kind: ItemKind, keep: &dyn Fn(&Entry) -> bool) -> Vec<&'s Entry> {
    let mut v: Vec<&Entry> = s.entries.iter().filter(|e| e.kind == kind && keep(e)).collect();
    if kind == ItemKind::Milestone {
        v.sort_by(|a, b| {
            vocab::forecast_order((Some(a.finish), a.deadline, &a.id), (Some(b.finish), b.deadline, &b.id))
        });
    } else {
        v.sort_by(|a, b| (a.start, a.finish, &a.id).cmp(&(b.start, b.finish, &b.id)));
    }
    v
}

/// What set an item's start, in a few words: `api (FS +2d)`, `mara, busy
/// on auth/mfa`, `ben's time off 2026-08-10..21`.
pub fn driver_text(d: &Driver) -> String {
    // The two a large plan has most of are joined, not formatted: the
    // report and the schedule's table write one per feature.
    match d {
        Driver::ProjectStart => "project start".into(),
        Driver::StatusDate => "status date".into(),
        Driver::NotBefore => "not-before".into(),
        Driver::Actual => "actual dates".into(),
        Driver::Item { id, kind, lag: 0 } => [id, " (", kind.as_str(), ")"].concat(),
        Driver::Item { id, kind, lag } => format!("{id} ({kind}{})", vocab::offset(*lag)),
        Driver::Person { person, on, .. } => [person, ", busy on ", on].concat(),
        Driver::OwnerAway { person, time_off } => match time_off {
            Some((from, to)) => format!("{person}'s time off {}", vocab::date_range(*from, *to)),
            None => format!("{person}'s week"),
        },
    }
}

#[derive(Serialize)]
pub struct ScheduleJson<'a> {
    pub version: u32,
    pub plan: &'a str,
    pub revision: Option<&'a Revision>,
    pub as_of: Date,
    pub start: Date,
    pub finish: Date,
    pub length_days: i64,
    /// Whether people moved the dates (docs/scheduling.md).
    pub leveled: bool,
    pub critical_paths: Vec<Vec<&'a str>>,
    pub critical_paths_total: u64,
    /// The project's PERT outlook (docs/scheduling.md, "PERT figures").
    pub pert: PertJson,
    pub items: Vec<ItemJson<'a>>,
}

/// The project's PERT outlook: the expected finish, its standard deviation
/// and the chance of a date asked for.
#[derive(Serialize)]
pub struct PertJson {
    pub finish: Expected,
    pub std_dev_days: f64,
    /// `--by-date`: the date and the chance of finishing by it.
    pub by: Option<ByJson>,
}

/// An expected finish: the working day it falls on, and the unrounded
/// working days from day 0 (exclusive, as a finish's `day`).
#[derive(Serialize)]
pub struct Expected {
    pub date: Date,
    pub day: f64,
}

#[derive(Serialize)]
pub struct ByJson {
    pub date: Date,
    /// `null` when nothing on the path is uncertain.
    pub probability: Option<f64>,
}

impl PertJson {
    pub fn of(o: &crate::schedule::pert::Outlook) -> PertJson {
        PertJson {
            finish: Expected {
                date: o.date,
                day: o.finish.mean,
            },
            std_dev_days: o.finish.std_dev,
            by: o.by.map(|b| ByJson {
                date: b.date,
                probability: b.probability,
            }),
        }
    }
}

#[derive(Serialize)]
pub struct Point {
    pub date: Date,
    pub day: i64,
}

#[derive(Serialize)]
pub struct DriverJson<'a> {
    pub kind: &'static str,
    /// The item waited for; for `person` and `owner-away`, the person.
    pub id: Option<&'a str>,
    #[serde(rename = "type")]
    pub link_type: Option<&'static str>,
    pub lag_days: Option<i64>,
    /// `person`: the feature they work on first.
    pub on: Option<&'a str>,
    /// `person`: the last day of that work.
    pub until: Option<Date>,
    /// `person`: why that work goes first.
    pub first: Option<String>,
    /// `owner-away`: the time off that ends just before it starts.
    pub time_off: Option<Range>,
}

/// An inclusive range of days.
#[derive(Serialize)]
pub struct Range {
    pub from: Date,
    pub to: Date,
}

impl<'a> DriverJson<'a> {
    fn of(d: &'a Driver) -> DriverJson<'a> {
        let plain = |kind| DriverJson {
            kind,
            id: None,
            link_type: None,
            lag_days: None,
            on: None,
            until: None,
            first: None,
            time_off: None,
        };
        match d {
            Driver::Item { id, kind, lag } => DriverJson {
                id: Some(id),
                link_type: Some(kind.as_str()),
                lag_days: Some(*lag),
                ..plain("item")
            },
            Driver::Person {
                person,
                on,
                until,
                first,
            } => DriverJson {
                id: Some(person),
                on: Some(on),
                until: Some(*until),
                first: Some(vocab::precedence(first)),
                ..plain("person")
            },
            Driver::OwnerAway { person, time_off } => DriverJson {
                id: Some(person),
                time_off: time_off.map(|(from, to)| Range { from, to }),
                ..plain("owner-away")
            },
            Driver::ProjectStart => plain("project-start"),
            Driver::StatusDate => plain("status-date"),
            Driver::NotBefore => plain("not-before"),
            Driver::Actual => plain("actual"),
        }
    }
}

#[derive(Serialize)]
pub struct ItemJson<'a> {
    pub id: &'a str,
    pub kind: &'static str,
    pub title: &'a str,
    pub status: Option<&'static str>,
    pub duration_days: i64,
    pub early_start: Point,
    pub early_finish: Point,
    pub late_start: Point,
    pub late_finish: Point,
    pub total_float_days: i64,
    pub free_float_days: i64,
    pub critical: bool,
    pub driver: DriverJson<'a>,
    /// For features: the owner, as written.
    pub owner: Option<&'a str>,
    /// The early start and finish of the unleveled schedule.
    pub unleveled_start: Point,
    pub unleveled_finish: Point,
    /// Working days the finish moved because of people.
    pub resource_delay_days: i64,
    /// Working days the risks that occurred add.
    pub risk_delay_days: f64,
    pub deadline: Option<Date>,
    pub deadline_margin_days: Option<i64>,
    pub pert_mean_days: Option<f64>,
    pub pert_std_dev_days: f64,
    pub pert_finish: Expected,
    pub pert_finish_std_dev_days: f64,
    pub deadline_probability: Option<f64>,
}

pub fn json(s: &Schedule, plan: &str, revision: Option<&Revision>) -> String {
    let items = s
        .entries
        .iter()
        .map(|e| {
            let t = &e.times;
            ItemJson {
                id: &e.id,
                kind: e.kind.as_str(),
                title: &e.title,
                status: e.status.map(|st| st.as_str()),
                duration_days: e.duration,
                early_start: Point {
                    date: e.start,
                    day: t.early_start,
                },
                early_finish: Point {
                    date: e.finish,
                    day: t.early_finish,
                },
                late_start: Point {
                    date: e.late_start,
                    day: t.late_start,
                },
                late_finish: Point {
                    date: e.late_finish,
                    day: t.late_finish,
                },
                total_float_days: t.total_float,
                free_float_days: t.free_float,
                critical: e.critical,
                driver: DriverJson::of(&e.driver),
                owner: e.owner.as_deref(),
                unleveled_start: Point {
                    date: e.unleveled.start,
                    day: e.unleveled.early_start,
                },
                unleveled_finish: Point {
                    date: e.unleveled.finish,
                    day: e.unleveled.early_finish,
                },
                resource_delay_days: e.resource_delay(),
                risk_delay_days: e.risk_delay,
                deadline: e.deadline,
                deadline_margin_days: e.deadline_margin,
                pert_mean_days: e.mean_duration,
                pert_std_dev_days: e.std_dev,
                pert_finish: Expected {
                    date: e.pert_finish,
                    day: e.pert.mean,
                },
                pert_finish_std_dev_days: e.pert.std_dev,
                deadline_probability: e.probability,
            }
        })
        .collect();
    let doc = ScheduleJson {
        version: 1,
        plan,
        revision,
        as_of: s.as_of,
        start: s.start,
        finish: s.finish,
        length_days: s.length,
        leveled: s.leveled(),
        critical_paths: s
            .critical_paths
            .iter()
            .map(|chain| chain.iter().map(|&i| &*s.entries[i].id).collect())
            .collect(),
        critical_paths_total: s.critical_paths_total,
        pert: PertJson::of(&s.pert),
        items,
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
pub(crate) fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

pub fn csv(s: &Schedule) -> String {
    let mut out = String::from(
        "id,kind,title,status,start,finish,duration_days,late_start,late_finish,total_float_days,free_float_days,critical,driver,deadline,deadline_margin_days\n",
    );
    for e in &s.entries {
        let fields = [
            csv_field(&e.id),
            e.kind.as_str().into(),
            csv_field(&e.title),
            e.status.map_or(String::new(), |st| st.to_string()),
            e.start.to_string(),
            e.finish.to_string(),
            e.duration.to_string(),
            e.late_start.to_string(),
            e.late_finish.to_string(),
            e.times.total_float.to_string(),
            e.times.free_float.to_string(),
            e.critical.to_string(),
            csv_field(&driver_text(&e.driver)),
            e.deadline.map_or(String::new(), |d| d.to_string()),
            e.deadline_margin.map_or(String::new(), |m| m.to_string()),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// Text safe inside a Mermaid Gantt line: `:` ends a task name, `;` ends a
/// statement, `#` starts an entity code and `%%` a comment, so each is
/// replaced by a look-alike; line breaks become spaces.
pub fn mermaid_text(s: &str) -> String {
    // Most titles are one line of plain words: taken as they are.
    let text = if is_plain_title(s) {
        s.to_string()
    } else {
        let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
        one_line
            .chars()
            .map(|c| match c {
                ':' => '∶',
                ';' => '；',
                '#' => '＃',
                '%' => '％',
                '<' => '‹',
                '>' => '›',
                '`' => 'ʼ',
                c if crate::text::is_shown(c, false) => c,
                _ => crate::text::REPLACEMENT,
            })
            .collect()
    };
    if text.is_empty() {
        return "untitled".into();
    }
    // Mermaid's Gantt lexer reads some words at the start of a line as
    // statements whatever follows ("Click tracking" is a `click` callback,
    // "Gantt rework" a second header). A zero-width space in front keeps
    // such a title a title, and shows nothing.
    let first = text.split_whitespace().next().unwrap_or("").as_bytes();
    if GANTT_KEYWORDS.iter().any(|k| {
        first
            .get(..k.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(k.as_bytes()))
    }) {
        return format!("\u{200b}{text}");
    }
    text
}

/// A title [`mermaid_text`] leaves as it is: words separated by single
/// spaces, with none of the characters it replaces (nor other whitespace).
fn is_plain_title(s: &str) -> bool {
    !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.chars().any(|c| {
            (c.is_whitespace() && c != ' ')
                || matches!(c, ':' | ';' | '#' | '%' | '<' | '>' | '`')
                || !crate::text::is_shown(c, false)
        })
}

/// Words Mermaid's Gantt grammar may take for a statement at the start of a line.
const GANTT_KEYWORDS: &[&str] = &[
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "section",
    "click",
    "call",
    "href",
    "acctitle",
    "accdescr",
];

/// A Mermaid Gantt chart: every task with absolute dates (so weekends and
/// holidays need no Mermaid calendar), sections by milestone.
pub fn mermaid(s: &Schedule, project: &str) -> String {
    mermaid_with(s, project, &|_| true)
}

/// The sections of a Gantt chart (`--by`): a section per milestone, or
/// per person. [`Sections`] is the Mermaid chart's, with the people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GanttBy {
    #[default]
    Milestone,
    Person,
}

/// How a Gantt chart is divided.
#[derive(Clone, Copy, Debug)]
pub enum Sections<'a> {
    /// A section per milestone, its features first.
    Milestones,
    /// A section per person (`(id, name)`, in this order), their features in
    /// the order they do them; then features no one of them owns, then the
    /// milestones.
    People(&'a [(&'a str, &'a str)]),
}

/// [`mermaid`], with only the features `keep` accepts (milestones are
/// always shown).
pub fn mermaid_with(s: &Schedule, project: &str, keep: &dyn Fn(&Entry) -> bool) -> String {
    mermaid_in(s, project, keep, Sections::Milestones)
}

/// [`mermaid_with`], divided into `sections`.
pub fn mermaid_in(s: &Schedule, project: &str, keep: &dyn Fn(&Entry) -> bool, sections: Sections<'_>) -> String {
    let mut out = String::from("gantt\n");
    let _ = writeln!(out, "    title {}", mermaid_text(project));
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    todayMarker off\n");
    let next_day = |d: Date| d.0.tomorrow().map(Date).unwrap_or(d);
    let task = |out: &mut String, e: &Entry, n: usize| {
        out.push_str("    ");
        out.push_str(&mermaid_text(&e.title));
        out.push_str(" :");
        if e.critical {
            out.push_str("crit, ");
        }
        match e.status {
            Some(crate::model::Status::Done) => out.push_str("done, "),
            Some(crate::model::Status::InProgress) => out.push_str("active, "),
            _ => {}
        }
        if e.kind == ItemKind::Milestone {
            let _ = writeln!(out, "milestone, t{n}, {}, 0d", e.finish);
        } else if e.duration == 0 {
            let _ = writeln!(out, "t{n}, {}, 0d", e.start);
        } else {
            // Mermaid's end date is exclusive.
            let _ = writeln!(out, "t{n}, {}, {}", e.start, next_day(e.finish));
        }
    };
    let kept = in_order_where(s, ItemKind::Feature, keep);
    let mut n = 0;
    if let Sections::People(people) = sections {
        people_sections(s, &kept, people, &mut out, &mut |out, e| {
            n += 1;
            task(out, e, n);
        });
        return out;
    }
    // The features kept, by milestone (in schedule order), in one pass.
    let mut by_milestone: HashMap<&str, Vec<&Entry>, foldhash::fast::FixedState> = HashMap::default();
    let mut loose: Vec<&Entry> = Vec::new();
    for f in kept {
        match f.milestone.as_deref() {
            Some(m) => by_milestone.entry(m).or_default().push(f),
            None => loose.push(f),
        }
    }
    for m in in_order(s, ItemKind::Milestone) {
        let _ = writeln!(out, "    section {}", mermaid_text(&m.title));
        for f in by_milestone.get(&*m.id).into_iter().flatten() {
            n += 1;
            task(&mut out, f, n);
        }
        n += 1;
        task(&mut out, m, n);
    }
    if !loose.is_empty() {
        // Named as in the reports' tables.
        out.push_str("    section No milestone\n");
        for f in loose {
            n += 1;
            task(&mut out, f, n);
        }
    }
    out
}

/// The sections of a chart by person ([`Sections::People`]): `features` (in
/// schedule order) grouped by owner in one pass, each written by `task`.
fn people_sections<'s>(
    s: &'s Schedule,
    features: &[&'s Entry],
    people: &[(&str, &str)],
    out: &mut String,
    task: &mut dyn FnMut(&mut String, &Entry),
) {
    let mut by_owner: HashMap<&str, Vec<&Entry>, foldhash::fast::FixedState> = HashMap::default();
    for &(id, _) in people {
        by_owner.entry(id).or_default();
    }
    let mut nobody: Vec<&Entry> = Vec::new();
    for &f in features {
        match f.owner.as_deref().and_then(|o| by_owner.get_mut(o)) {
            Some(theirs) => theirs.push(f),
            None => nobody.push(f),
        }
    }
    for &(id, name) in people {
        let Some(theirs) = by_owner.remove(id).filter(|t| !t.is_empty()) else {
            continue;
        };
        let _ = writeln!(out, "    section {}", mermaid_text(name));
        for f in theirs {
            task(out, f);
        }
    }
    if !nobody.is_empty() {
        out.push_str("    section No owner\n");
        for f in nobody {
            task(out, f);
        }
    }
    out.push_str("    section Milestones\n");
    for m in in_order(s, ItemKind::Milestone) {
        task(out, m);
    }
}

#[cfg(test)]
mod tests {
    use super::mermaid_text;

    #[test]
    fn titles_cannot_break_a_gantt_line() {
        assert_eq!(mermaid_text("a: b; #c %%d"), "a∶ b； ＃c ％％d");
        assert_eq!(mermaid_text("two\nlines"), "two lines");
        assert_eq!(mermaid_text("  "), "untitled");
        // Mermaid 11 reads these as statements at the start of a task line
        // (checked by rendering them): they get a zero-width space in front.
        assert_eq!(mermaid_text("Click tracking"), "\u{200b}Click tracking");
        assert_eq!(mermaid_text("gantt :crit, done, x"), "\u{200b}gantt ∶crit, done, x");
        assert_eq!(mermaid_text("Weekday digest"), "\u{200b}Weekday digest");
        assert_eq!(mermaid_text("Onboarding"), "Onboarding");
    }

    /// Found by the `escape` fuzz target: a control character or bidi
    /// override that reached the Gantt chart without passing the decoder
    /// was written as it is.
    #[test]
    fn control_and_bidi_characters_never_reach_a_chart() {
        assert_eq!(mermaid_text("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(mermaid_text("x\u{202E}y\u{0}"), "x\u{FFFD}y\u{FFFD}");
    }

    /// The way `mermaid_text` was written before plain titles were taken
    /// as they are: every title still comes out as it did.
    fn mermaid_text_by_hand(s: &str) -> String {
        let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
        let replace = |c| match c {
            ':' => '∶',
            ';' => '；',
            '#' => '＃',
            '%' => '％',
            '<' => '‹',
            '>' => '›',
            '`' => 'ʼ',
            c => c,
        };
        let text: String = one_line.chars().map(replace).collect();
        if text.is_empty() {
            return "untitled".into();
        }
        let first = text.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if super::GANTT_KEYWORDS.iter().any(|k| first.starts_with(k)) {
            return format!("\u{200b}{text}");
        }
        text
    }

    #[test]
    fn plain_titles_come_out_as_they_did() {
        let titles = [
            "",
            " ",
            "Plain title",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "no\u{a0}break",
            "CLICKS counted",
            "Clickable",
            "cl",
            "ÉCLAIR sections",
            "section",
            "Sectioned: work",
            "a`b",
            "50% <done>",
            "#1; next",
            "Ünïcödé title 漢字",
            "title\n",
            "todayMarker",
            "\u{200b}gantt",
        ];
        for t in titles {
            assert_eq!(mermaid_text(t), mermaid_text_by_hand(t), "{t:?}");
        }
    }
}
