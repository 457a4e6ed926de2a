//! `milepost schedule` output: a table for people (`schedule_table`), JSON
//! and CSV, with what every schedule output shares (the order of entries,
//! drivers in words). The Mermaid Gantt chart is [`crate::render::mermaid`].

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
        return v;
    }
    // Sorted by keys taken out once, side by side, rather than read from
    // each entry at every comparison: a large plan's entries are scattered
    // over megabytes. No two features share an id: the order is total.
    let mut keyed: Vec<(Date, Date, &str, &Entry)> = v.into_iter().map(|e| (e.start, e.finish, &*e.id, e)).collect();
    keyed.sort_unstable_by(|a, b| (a.0, a.1, a.2).cmp(&(b.0, b.1, b.2)));
    keyed.into_iter().map(|k| k.3).collect()
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
                pert_std_dev_days: e.pert_figures().std_dev,
                pert_finish: Expected {
                    date: e.pert_figures().date,
                    day: e.pert_figures().finish.mean,
                },
                pert_finish_std_dev_days: e.pert_figures().finish.std_dev,
                deadline_probability: e.pert_figures().probability,
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
        pert: PertJson::of(&s.outlook()),
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
