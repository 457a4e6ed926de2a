//! The Gantt chart as SVG, drawn by milepost (`milepost schedule --format
//! svg`, and inlined in the HTML report): every feature a bar on a
//! calendar-day scale with weekends and holidays shaded, grouped by
//! milestone or by person, with dependency arrows, the critical chain,
//! progress, the status date, milestones and their deadlines, and each
//! milestone's P50 to P95 band when a Monte Carlo forecast is given.
//! docs/svg.md says what each mark means.
//!
//! [`gantt`] is a pure function of a [`GanttInput`] (the schedule and what
//! it draws from the plan) and [`GanttOptions`]; the same input gives the
//! same bytes. One row per item, titles cut to the label column with the
//! full title in a tooltip, and an axis whose unit is chosen so its labels
//! fit ([`layout`]): nothing overlaps at 40 features or at 2,000.
//!
//! ```
//! use milepost::render::svg::{GanttInput, GanttOptions, gantt};
//! # use milepost::{Source, load, schedule, validate};
//! # let source = Source::Dir { path: "examples/atlas/plan".into(), display: "plan".into() };
//! # let mut plan = load(&source, &mut Default::default())?.plan;
//! # validate(&mut plan);
//! # let schedule = schedule(&plan, milepost::model::Date::parse("2026-03-16")?)?;
//! let svg = gantt(&GanttInput::new(&plan, &schedule), &GanttOptions::default());
//! assert!(svg.starts_with("<svg"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod draw;
pub mod layout;
mod legend;
mod marks;
mod xml;

use std::collections::HashMap;
use std::sync::Arc;

use crate::forecast::Forecast;
use crate::model::{Date, DependencyType};
use crate::plan::{ItemKind, Plan};
pub use crate::render::mermaid::GanttBy;
use crate::render::schedule::in_order;
use crate::schedule::{Entry, Schedule};

/// What the chart draws: a schedule and, from the plan, what the schedule
/// does not hold. [`GanttInput::new`] fills it from a plan and its
/// schedule (leveled or not, as computed); [`GanttInput::with_forecast`]
/// adds the Monte Carlo bands.
#[derive(Clone, Debug)]
pub struct GanttInput<'a> {
    pub schedule: &'a Schedule,
    /// The project's name.
    pub project: String,
    /// `[[people]]`, in order: the groups of a chart by person.
    pub people: Vec<Person>,
    /// The plan's dependencies (arrows), in plan order.
    pub links: Vec<Link>,
    /// The calendar's holidays.
    pub holidays: Vec<DaysOff>,
    /// Each milestone's P50 to P95 from a forecast; empty without one.
    pub bands: Vec<Band>,
    /// The forecast's runs behind the bands (0 without one).
    pub runs: usize,
}

/// A person, for a chart by person.
#[derive(Clone, Debug, PartialEq)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub time_off: Vec<DaysOff>,
}

/// Days off, first and last included, with a name when the plan gives one.
#[derive(Clone, Debug, PartialEq)]
pub struct DaysOff {
    pub from: Date,
    pub to: Date,
    pub name: Option<String>,
}

/// A dependency: `to` waits for `from`.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub from: Arc<str>,
    pub to: Arc<str>,
    pub kind: DependencyType,
}

/// A milestone's finish over a forecast's runs: the days half, 80% and 95%
/// of runs reach it by.
#[derive(Clone, Debug, PartialEq)]
pub struct Band {
    pub milestone: Arc<str>,
    pub p50: Date,
    pub p80: Date,
    pub p95: Date,
}

impl<'a> GanttInput<'a> {
    /// What to draw of `plan`, scheduled as `schedule`.
    pub fn new(plan: &Plan, schedule: &'a Schedule) -> GanttInput<'a> {
        let project = plan.project.as_ref().map(|p| &p.data);
        let off = |from: Date, to: Date, name: Option<&str>| DaysOff {
            from,
            to,
            name: name.map(str::to_string),
        };
        let holidays = project.and_then(|p| p.calendar.as_ref()).map_or_else(Vec::new, |c| {
            c.holidays
                .iter()
                .map(|h| {
                    let (from, to) = h.value.bounds();
                    off(from, to, h.value.name())
                })
                .collect()
        });
        let people = project.map_or_else(Vec::new, |p| {
            p.people
                .iter()
                .map(|p| Person {
                    id: p.id.value.clone(),
                    name: p.name.value.clone(),
                    time_off: p
                        .time_off
                        .iter()
                        .map(|t| {
                            off(
                                t.value.from.value,
                                t.value.to.value,
                                t.value.name.as_ref().map(|n| n.value.as_str()),
                            )
                        })
                        .collect(),
                })
                .collect()
        });
        let mut links = Vec::new();
        let items = plan
            .milestones
            .iter()
            .map(|m| (&m.id, &m.data.depends_on))
            .chain(plan.features.iter().map(|f| (&f.id, &f.data.depends_on)));
        for (id, deps) in items {
            for d in deps {
                links.push(Link {
                    from: Arc::from(d.value.id().value.as_str()),
                    to: id.clone(),
                    kind: d.value.kind(),
                });
            }
        }
        GanttInput {
            schedule,
            project: project.map_or_else(String::new, |p| p.project.name.value.clone()),
            people,
            links,
            holidays,
            bands: Vec::new(),
            runs: 0,
        }
    }

    /// Adds each milestone's P50 to P95 band from `forecast` (made for the
    /// same plan and status date).
    pub fn with_forecast(mut self, forecast: &Forecast) -> GanttInput<'a> {
        self.bands = forecast
            .milestones
            .iter()
            .map(|m| Band {
                milestone: m.id.clone(),
                p50: m.spread.p50.date,
                p80: m.spread.p80.date,
                p95: m.spread.p95.date,
            })
            .collect();
        self.runs = forecast.options.runs;
        self
    }
}

/// How to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GanttOptions {
    /// A group of rows per milestone (its features, in the order they
    /// start), or per person (their features in the order they do them;
    /// then the features no one of them owns, then the milestones).
    pub by: GanttBy,
    /// Put before every `id` the chart defines (its patterns, markers,
    /// title), so that charts inlined in one HTML page each keep theirs:
    /// give each chart of a page its own.
    pub id_prefix: String,
}

impl Default for GanttOptions {
    fn default() -> GanttOptions {
        GanttOptions::by(GanttBy::Milestone)
    }
}

impl GanttOptions {
    /// Grouped `by` milestone or person, ids prefixed `mpg-`.
    pub fn by(by: GanttBy) -> GanttOptions {
        GanttOptions {
            by,
            id_prefix: "mpg-".into(),
        }
    }
}

/// The chart of `input`, drawn as `options` say: an `<svg>` element, with
/// no XML declaration, so it can be written to a file or inlined in HTML
/// as it is.
pub fn gantt(input: &GanttInput<'_>, options: &GanttOptions) -> String {
    let rows = rows(input, options.by);
    draw::chart(input, &rows, options)
}

/// A row of the chart, top to bottom.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Row<'s> {
    /// A group's heading: a milestone (drawn on its heading row, by
    /// milestone), a person (`people[i]`), or a group of its own ("No
    /// milestone", "No owner", "Milestones").
    Group(Group<'s>),
    Feature(&'s Entry),
    /// A milestone on a row of its own (by person).
    Milestone(&'s Entry),
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Group<'s> {
    Milestone(&'s Entry),
    Person(usize),
    Named(&'static str),
}

/// The rows, grouped `by` milestone or person.
fn rows<'s>(input: &GanttInput<'s>, by: GanttBy) -> Vec<Row<'s>> {
    let s = input.schedule;
    let features = in_order(s, ItemKind::Feature);
    let milestones = in_order(s, ItemKind::Milestone);
    let mut rows = Vec::with_capacity(features.len() + milestones.len() + input.people.len() + 3);
    match by {
        GanttBy::Milestone => {
            let mut groups: HashMap<&str, Vec<&Entry>, foldhash::fast::FixedState> = HashMap::default();
            let mut loose = Vec::new();
            for f in features {
                match f.milestone.as_deref() {
                    Some(m) => groups.entry(m).or_default().push(f),
                    None => loose.push(f),
                }
            }
            for m in milestones {
                rows.push(Row::Group(Group::Milestone(m)));
                rows.extend(groups.remove(&*m.id).into_iter().flatten().map(Row::Feature));
            }
            // A milestone that is not in the schedule (none, in a valid plan).
            let mut rest: Vec<&Entry> = groups.into_values().flatten().collect();
            rest.extend(loose);
            rest.sort_by(|a, b| (a.start, a.finish, &a.id).cmp(&(b.start, b.finish, &b.id)));
            if !rest.is_empty() {
                rows.push(Row::Group(Group::Named("No milestone")));
                rows.extend(rest.into_iter().map(Row::Feature));
            }
        }
        GanttBy::Person => {
            let index: HashMap<&str, usize, foldhash::fast::FixedState> = input
                .people
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect();
            let mut theirs: Vec<Vec<&Entry>> = vec![Vec::new(); input.people.len()];
            let mut nobody = Vec::new();
            for f in features {
                match f.owner.as_deref().and_then(|o| index.get(o)) {
                    Some(&i) => theirs[i].push(f),
                    None => nobody.push(f),
                }
            }
            for (i, work) in theirs.into_iter().enumerate() {
                if !work.is_empty() {
                    rows.push(Row::Group(Group::Person(i)));
                    rows.extend(work.into_iter().map(Row::Feature));
                }
            }
            if !nobody.is_empty() {
                rows.push(Row::Group(Group::Named("No owner")));
                rows.extend(nobody.into_iter().map(Row::Feature));
            }
            if !milestones.is_empty() {
                rows.push(Row::Group(Group::Named("Milestones")));
                rows.extend(milestones.into_iter().map(Row::Milestone));
            }
        }
    }
    rows
}
