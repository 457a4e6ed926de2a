//! The plan as a TaskJuggler 3 project, to cross-check milepost's schedule
//! against `tj3`.
//!
//! The file is a translation, not a schedule: every date in it comes from the
//! plan (project start, status date, holidays, `not-before`, actual dates),
//! and every duration and lag is the whole number of working days milepost's
//! scheduler uses ([`whole_days`], [`lag_days`]). `tj3` does the arithmetic.
//! (Taken from milepost's leveled schedule are only the project's end, a
//! horizon for tj3, with a year or more to spare, and what tj3 cannot know
//! of owned work: its owner's days of it and leveling's order, `people.rs`.)
//!
//! How each concept maps:
//!
//! - **Calendar.** A working day is 24 working hours (`workinghours … 0:00 -
//!   24:00`, `dailyworkinghours 24`), so `length 3d` is exactly three working
//!   days and work never ends mid-day. Days off are `workinghours … off`;
//!   holidays are global `leaves holiday` (tj3 intervals end exclusively, so a
//!   range ends the day after its `to`).
//! - **People.** Each person is a resource and owned unfinished work is
//!   effort allocated to its owner, so that tj3 levels (see `people.rs`);
//!   with [`Resources::Omitted`] there are no resources and every feature
//!   keeps its length, the CPM schedule.
//! - **Ids.** `auth/sso` becomes `auth_sso`: every character that is not an
//!   ASCII letter, digit or `_` becomes `_`, an id starting with a digit gets a
//!   leading `_`, and a clash gets `_2`, `_3`… (milestones first, then
//!   features, in plan order; then the helpers). No generated id starts with
//!   `__`. Each plan item also carries its plan id in the `MilepostId`
//!   attribute, which the report lists. Titles are the task names.
//! - **Features.** Not started: `length Nd` (N the estimate rounded up; a
//!   three-point estimate counts as its PERT mean; weeks are the calendar's
//!   working weekdays), or a `milestone` when N is 0; owned, `effort Nd`
//!   with N its owner's days (`people.rs`); blocked, its `remaining` when
//!   it has one. Done: fixed `start` and
//!   `end` (tj3's end is exclusive: the day after `finished`), or `end` and
//!   `length` without `started`; no dependencies. Started (any status but
//!   done, with `started`): a container with a fixed `start`, whose children
//!   are the estimate counted from the start (without `remaining`) and the
//!   work left from the status date on (`remaining`, or one day; blocked,
//!   `remaining` or the whole estimate, and no estimate child); owned, the
//!   effort left, allocated to its owner, from the status date on. Cut
//!   features are left out, and so are links to them.
//! - **Milestones.** `milestone` tasks that depend on their features and
//!   their `depends-on`, and on the project start only: a milestone is
//!   reached when what it waits for finishes, even before the status date.
//!   The deadline is a comment.
//! - **Floors.** Nothing unstarted may start before the project start or the
//!   status date, nor before its `not-before`: these are milestones with a
//!   fixed `start` that the tasks depend on. (A `start` on a task with
//!   dependencies is a fixed date in tj3, not a lower bound.)
//! - **Links.** Each link bounds the successor's start: the predecessor's
//!   start or finish plus an offset in working days. FS is `depends x {
//!   gaplength Nd }`, SS adds `onstart`; FF and SF subtract the successor's
//!   duration, and while the predecessor has not started its start is its
//!   finish minus its duration, so FF, SF and leads (negative lags) are
//!   exact too. What is still negative is taken from an ALAP helper,
//!   `x_start_minus_Nd`, that `precedes` the predecessor and so starts N
//!   working days before it. The start of work that has started is its
//!   `started` date (a fixed-date milestone). Into work that has started,
//!   FS and SS no longer apply and FF and SF bound its finish (a one-day
//!   child that ends no earlier than the bound); into done work nothing
//!   applies. Links that do not apply are listed as comments, and so is
//!   every link that is not a plain FS or SS.
//! - **Report.** `taskreport` writes `milepost-schedule.csv`
//!   (`"Id";"Milepost id";"Start";"End"`, times `%Y-%m-%d %H:%M`).
//!
//! tj3 checks the network for loops by walking it, and walks milestones
//! and containers both ways; `onstart` links onto them then look like loops
//! where there are none. So only leaf tasks are ever linked `onstart`, and
//! only from leaf tasks: links into milestones use the predecessor's finish,
//! and the start of started work is its fixed date.
//!
//! Reading tj3's dates: a task's `start` is the earliest instant it may
//! begin, which can fall on a day off (a task after one that finishes on a
//! Friday starts on Saturday 00:00), so its first day of work is the first
//! working day from there; `end` is exclusive. Milestones and features of
//! zero duration are instants: milepost puts them on the last day of what
//! they wait for, or, when nothing they wait for drives them, on the first
//! day they could be. (tests/integration/tj3.rs reads them that way.)

mod links;
mod people;
mod syntax;
mod tasks;

use people::Owner;
pub use people::Resources;

use syntax::{WEEKDAYS, add_days, days_between, next_day, one_line, quote, sanitize};

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use crate::model::{Date, Dependency, DependencyType, FeatureFile, ProjectFile, Status};
use crate::plan::{ItemKind, Plan};
use crate::schedule::{lag_days, whole_days};
use crate::span::Sp;

/// The base name of the CSV file the report writes (`.csv` is added).
pub const REPORT: &str = "milepost-schedule";

/// The user-defined task attribute holding the milepost id.
pub const ID_ATTRIBUTE: &str = "MilepostId";

/// The first and last days TaskJuggler schedules: the years 1970 to 2035.
fn tj3_years() -> (Date, Date) {
    match (Date::new(1970, 1, 1), Date::new(2035, 12, 31)) {
        (Ok(first), Ok(last)) => (first, last),
        _ => (Date(jiff::civil::Date::MIN), Date(jiff::civil::Date::MAX)),
    }
}

/// The plan as a `.tjp` file, scheduled as of `as_of`, its people as
/// resources or not; with a warning when its dates fall outside the years
/// tj3 schedules (1970 to 2035), where tj3 refuses the file.
pub fn to_tjp(plan: &Plan, as_of: Date, resources: Resources) -> (String, Option<String>) {
    let Some(project) = plan.project.as_ref() else {
        let text = format!("# Generated by milepost: the plan has no valid project.toml (as of {as_of}).\n");
        return (text, None);
    };
    let (text, (from, to)) = Export::new(plan, &project.data, as_of, resources).write();
    let (first, last) = tj3_years();
    let warning = (from < first || to > last).then(|| {
        format!(
            "TaskJuggler schedules the years 1970 to 2035 only, and this plan's project runs from {from} to {to}: tj3 will refuse the file"
        )
    });
    (text, warning)
}

/// A milestone or a feature, by index in the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node {
    Milestone(usize),
    Feature(usize),
}

/// What a helper precedes: a plan item or a fixed-date milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Point {
    Item(Node),
    Date(Date),
}

/// Where a feature is, as milepost's scheduler sees it.
#[derive(Clone, Copy, Debug)]
enum State {
    Cut,
    NotStarted {
        duration: i64,
    },
    Started {
        start: Date,
        duration: i64,
        remaining: Option<i64>,
        /// Without `remaining` (nor an owner): the least work left, a
        /// day and what the risks that occurred add.
        least: i64,
    },
    /// `end` is exclusive (the day after `finished`).
    Done {
        start: Option<Date>,
        end: Date,
        duration: i64,
    },
}

impl State {
    /// Where feature `f` is, its work done by `owner` if any; `floor` is
    /// when unstarted work may start at the earliest; `delay`, the working
    /// days the risks that occurred add to its work unless it is done, as
    /// the scheduler adds them (`schedule::network::feature_activity`).
    fn of(f: &FeatureFile, owner: Option<Owner>, per_week: u8, floor: Date, delay: f64) -> State {
        let estimate = f
            .estimate
            .as_ref()
            .map_or(0.0, |e| crate::schedule::estimate_days(&e.value, per_week).0);
        let duration = whole_days(estimate);
        let remaining_days = f.remaining.as_ref().map(|r| r.value.working_days(per_week));
        let remaining = remaining_days.map(whole_days);
        // Work started: whole days left, and the delay's whole days.
        let extra = whole_days(delay);
        match (f.status(), &f.started, &f.finished) {
            (Status::Cut, _, _) => State::Cut,
            (Status::Done, started, finished) => {
                // Done without `finished` (validation forbids it): the
                // scheduler has it finish on the status date.
                let end = finished.as_ref().map_or(floor, |d| next_day(d.value));
                State::Done {
                    start: started.as_ref().map(|s| s.value.min(end)),
                    end,
                    duration,
                }
            }
            (status, Some(started), _) => State::Started {
                start: started.value,
                duration: duration + extra,
                remaining: match owner {
                    Some(o) => Some(o.days),
                    // Blocked work made no progress: all of it is left.
                    None => remaining
                        .or((status == Status::Blocked).then_some(duration.max(1)))
                        .map(|r| r + extra),
                },
                least: 1 + extra,
            },
            // Blocked before it started: `remaining` is its work.
            (Status::Blocked, None, _) => State::NotStarted {
                duration: owner.map_or_else(|| whole_days(remaining_days.unwrap_or(estimate) + delay), |o| o.days),
            },
            _ => State::NotStarted {
                duration: owner.map_or_else(|| whole_days(estimate + delay), |o| o.days),
            },
        }
    }
}

/// How a predecessor's start relates to its finish.
#[derive(Clone, Copy, Debug)]
enum Pred {
    /// The start is the finish minus `duration` working days; `leaf` when
    /// it is a tj3 task with a length (not a milestone).
    Free { duration: i64, leaf: bool },
    /// The start is a fixed date.
    Pinned { start: Date },
    /// Owned work not started, of `duration` of its owner's working days:
    /// its finish is at least that many working days after its start, and
    /// may be more (its owner's days off, or tj3 splitting it).
    Effort { duration: i64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Anchor {
    Start,
    End,
}

impl Anchor {
    fn word(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::End => "end",
        }
    }
}

/// One dependency as the scheduler reads it.
#[derive(Clone, Copy)]
struct Link {
    from: Node,
    kind: DependencyType,
    lag: i64,
}

/// A `depends` entry: on `task`'s start or end, after `gap` working days.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Depends {
    task: String,
    on_start: bool,
    gap: i64,
}

struct Export<'p> {
    plan: &'p Plan,
    project: &'p ProjectFile,
    as_of: Date,
    /// The last working day of milepost's forecast, when the plan schedules.
    finish: Option<Date>,
    per_week: u8,
    workdays: [bool; 7],
    states: Vec<State>,
    /// Per feature: who does its work, when people are exported.
    owners: Vec<Option<Owner>>,
    /// Per feature: the tj3 priority of owned unfinished work.
    priorities: Vec<Option<u16>>,
    /// One per person when people are exported; empty otherwise.
    resource_ids: Vec<String>,
    milestone_ids: Vec<String>,
    /// Per milestone: the working days the risks that occurred add before
    /// it is reached (then it is a task of that length, not a milestone).
    milestone_delays: Vec<i64>,
    /// `None` for cut features.
    feature_ids: Vec<Option<String>>,
    used: HashSet<String>,
    /// The earliest any unstarted work may start: the project start or the
    /// status date, whichever is later.
    floor: Date,
    floor_id: String,
    /// The project start, which milestones wait for (they are reached when
    /// what they wait for finishes, even before the status date).
    start_id: String,
    /// Fixed-date milestones: `not-before` dates and actual starts.
    dates: BTreeMap<Date, String>,
    /// ALAP helpers: (what they precede, which end, working days) -> id.
    helpers: BTreeMap<(Point, Anchor, i64), String>,
}

impl<'p> Export<'p> {
    fn new(plan: &'p Plan, project: &'p ProjectFile, as_of: Date, resources: Resources) -> Export<'p> {
        let workdays = crate::schedule::calendar::workdays(project);
        let per_week = crate::schedule::calendar::days_per_week(project);
        let start = project.project.value.start.value;
        let floor = start.max(as_of);
        let schedule = crate::schedule::schedule(plan, as_of).ok();
        let owners = people::owners(plan, &project.people, resources, schedule.as_ref());

        let occurred = crate::schedule::inputs::Occurred::of(plan);
        let states: Vec<State> = plan
            .features
            .iter()
            .zip(&owners)
            .map(|(f, owner)| State::of(&f.data, *owner, per_week, floor, occurred.delay(&f.id).0))
            .collect();
        let milestone_delays = plan
            .milestones
            .iter()
            .map(|m| whole_days(occurred.delay(&m.id).0))
            .collect();
        let resource_ids = match resources {
            Resources::People => Export::resource_ids(&project.people),
            Resources::Omitted => Vec::new(),
        };

        let mut export = Export {
            plan,
            project,
            as_of,
            finish: schedule.map(|s| s.finish),
            per_week,
            workdays,
            states,
            owners,
            priorities: Vec::new(),
            resource_ids,
            milestone_ids: Vec::new(),
            milestone_delays,
            feature_ids: Vec::new(),
            used: HashSet::new(),
            floor,
            floor_id: String::new(),
            start_id: String::new(),
            dates: BTreeMap::new(),
            helpers: BTreeMap::new(),
        };
        for m in &plan.milestones {
            let id = export.claim(&sanitize(&m.id));
            export.milestone_ids.push(id);
        }
        for i in 0..plan.features.len() {
            let id = match export.states[i] {
                State::Cut => None,
                _ => Some(export.claim(&sanitize(&plan.features[i].id))),
            };
            export.feature_ids.push(id);
        }
        export.priorities = export.work_priorities();
        export.start_id = export.claim("milepost_project_start");
        export.floor_id = if as_of > start {
            export.claim("milepost_status_date")
        } else {
            export.start_id.clone()
        };
        export
    }

    /// A fresh tj3 id based on `base`.
    fn claim(&mut self, base: &str) -> String {
        let mut id = base.to_string();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }

    fn id(&self, node: Node) -> &str {
        match node {
            Node::Milestone(i) => &self.milestone_ids[i],
            Node::Feature(i) => self.feature_ids[i].as_deref().unwrap_or(""),
        }
    }

    fn plan_id(&self, node: Node) -> &'p str {
        match node {
            Node::Milestone(i) => &self.plan.milestones[i].id,
            Node::Feature(i) => &self.plan.features[i].id,
        }
    }

    /// The whole file: the project, holidays, fixed dates, tasks, helpers
    /// and the report.
    fn write(mut self) -> (String, (Date, Date)) {
        // The tasks first: they name the fixed dates and the helpers.
        let mut tasks = String::new();
        for i in 0..self.plan.milestones.len() {
            self.milestone_task(i, &mut tasks);
        }
        for i in 0..self.plan.features.len() {
            if self.feature_ids[i].is_some() {
                self.feature_task(i, &mut tasks);
            }
        }

        let holidays = holidays(self.project);
        let (project_start, project_end) = self.bounds(&holidays);

        let mut out = String::new();
        self.write_project(project_start, project_end, &mut out);
        if !holidays.is_empty() {
            out.push_str("\n# Holidays (tj3 intervals end exclusively).\n");
            for (from, to, name) in &holidays {
                let name = name.as_ref().map(|n| format!("{} ", quote(n))).unwrap_or_default();
                let _ = writeln!(out, "leaves holiday {name}{from} - {}", next_day(*to));
            }
        }
        self.write_resources(&mut out);
        self.write_fixed_dates(&mut out);
        out.push_str(&tasks);
        self.write_helpers(&mut out);

        let _ = write!(
            out,
            "\ntaskreport milepost_schedule \"{REPORT}\" {{\n  formats csv\n  columns id, {ID_ATTRIBUTE}, start, end\n  \
             timeformat \"%Y-%m-%d %H:%M\"\n}}\n"
        );
        (out, (project_start, project_end))
    }

    /// The start and end of the tj3 project: from before the earliest date
    /// the plan mentions (with room for the helpers and for done work counted
    /// back from its end) to well past milepost's finish. Call after the
    /// tasks are written: they add the helpers.
    fn bounds(&self, holidays: &[(Date, Date, Option<String>)]) -> (Date, Date) {
        let start = self.project.project.value.start.value;
        // The earliest date the plan mentions, as the scheduler computes it.
        let mut earliest = start.min(self.as_of);
        let mut latest = start.max(self.as_of);
        for f in &self.plan.features {
            for d in [&f.data.started, &f.data.finished, &f.data.not_before]
                .into_iter()
                .flatten()
            {
                earliest = earliest.min(d.value);
                latest = latest.max(d.value);
            }
        }
        let holiday_days: i64 = holidays.iter().map(|(from, to, _)| days_between(*from, *to) + 1).sum();

        // Helpers reach back before the earliest date by their length in
        // working days (a week per day is plenty, plus the holidays).
        // So does done work without a start date, counted back from its end.
        let done_before = self.states.iter().map(|s| match s {
            State::Done {
                start: None, duration, ..
            } => *duration,
            _ => 0,
        });
        let longest_lead = self.helpers.keys().map(|k| k.2).chain(done_before).max().unwrap_or(0);
        let project_start = if longest_lead > 0 {
            add_days(earliest, -(longest_lead * 7 + 7 + holiday_days))
        } else {
            earliest
        };
        // The project must reach past tj3's schedule: milepost's finish plus
        // a generous margin (if the two disagree, tj3 has room to show it).
        let finish = self.finish.unwrap_or_else(|| {
            let total: i64 = self
                .states
                .iter()
                .map(|s| match s {
                    State::NotStarted { duration } | State::Started { duration, .. } => duration + 1,
                    _ => 0,
                })
                .sum();
            add_days(latest, total * 7)
        });
        let last = finish.max(latest);
        let project_end = add_days(
            last,
            days_between(project_start, last).max(366) + holiday_days + self.people_margin(),
        );
        // Within the years tj3 schedules, when the plan's own dates are.
        let (first, end) = tj3_years();
        let project_start = if earliest >= first {
            project_start.max(first)
        } else {
            project_start
        };
        let project_end = if last < end { project_end.min(end) } else { project_end };
        (project_start, project_end)
    }

    /// The opening comments and the `project` block: its span, the working
    /// week and the id attribute.
    fn write_project(&self, project_start: Date, project_end: Date, out: &mut String) {
        let name = &self.project.project.value.name.value;
        let _ = writeln!(
            out,
            "# Generated by milepost: plan {}, as of {}.",
            one_line(&quote(name)),
            self.as_of
        );
        out.push_str(HEADER_NOTES);
        let _ = writeln!(
            out,
            "project milepost {} {project_start} - {project_end} {{",
            quote(name)
        );
        out.push_str("  timezone \"UTC\"\n");
        let _ = writeln!(out, "  now {}", self.as_of);
        out.push_str("  # Whole working days: a working day is 24 working hours.\n");
        out.push_str("  dailyworkinghours 24\n");
        let on: Vec<&str> = (0..7).filter(|&d| self.workdays[d]).map(|d| WEEKDAYS[d]).collect();
        let off: Vec<&str> = (0..7).filter(|&d| !self.workdays[d]).map(|d| WEEKDAYS[d]).collect();
        let _ = writeln!(out, "  workinghours {} 0:00 - 24:00", on.join(", "));
        if !off.is_empty() {
            let _ = writeln!(out, "  workinghours {} off", off.join(", "));
        }
        let _ = writeln!(
            out,
            "  extend task {{\n    text {ID_ATTRIBUTE} \"Milepost id\"\n  }}\n}}"
        );
    }

    /// The fixed-date milestones: the project start, the status date when
    /// it is later, and the dates the tasks named.
    fn write_fixed_dates(&self, out: &mut String) {
        let start = self.project.project.value.start.value;
        out.push_str("\n# Fixed dates: the project start (milestones wait for it), the status date\n");
        out.push_str("# (nothing unstarted starts before it), `not-before` dates and the actual\n");
        out.push_str("# starts of work that has started.\n");
        let _ = writeln!(
            out,
            "task {} \"Project start\" {{ start {start} milestone }}",
            self.start_id
        );
        if self.floor_id != self.start_id {
            let _ = writeln!(
                out,
                "task {} \"Status date\" {{ start {} milestone }}",
                self.floor_id, self.floor
            );
        }
        for (d, id) in &self.dates {
            let _ = writeln!(out, "task {id} \"{d}\" {{ start {d} milestone }}");
        }
    }

    /// The ALAP helpers the tasks named, if any.
    fn write_helpers(&self, out: &mut String) {
        if self.helpers.is_empty() {
            return;
        }
        out.push_str("\n# Helpers for bounds before a task's start or end: each ends there (ALAP),\n");
        out.push_str("# so it starts that many working days earlier.\n");
        for ((p, anchor, days), id) in &self.helpers {
            let (target, what) = match p {
                Point::Item(node) => (self.id(*node).to_string(), self.plan_id(*node).to_string()),
                Point::Date(d) => (self.dates.get(d).cloned().unwrap_or_default(), d.to_string()),
            };
            let _ = writeln!(
                out,
                "task {id} \"{days} working day{} before the {} of {}\" {{ precedes {target} {{ on{} }} length {days}d }}",
                if *days == 1 { "" } else { "s" },
                anchor.word(),
                one_line(&what),
                anchor.word(),
            );
        }
    }
}

/// The project's holidays: first and last day, and name if any.
fn holidays(project: &ProjectFile) -> Vec<(Date, Date, Option<String>)> {
    project
        .calendar
        .iter()
        .flat_map(|c| &c.value.holidays)
        .map(|h| {
            let (from, to) = h.value.bounds();
            (from, to, h.value.name().map(str::to_string))
        })
        .collect()
}

const HEADER_NOTES: &str = "\
# Durations and lags are milepost's whole working days; a working day is 24
# working hours, so `length 3d` is three working days. A start is the earliest
# instant a task may begin and can fall on a day off; an end is exclusive.
# See src/render/export/tjp/ for how each concept maps.

";
