//! The plan as Microsoft Project XML (MSPDI, the Project XML Data
//! Interchange format, namespace `http://schemas.microsoft.com/project`),
//! which MS Project and ProjectLibre open, with milepost's forecast.
//!
//! Elements are written in the order of the published schema's sequences
//! (`mspdi_pj12.xsd`, which later versions extend), every one of them on a
//! line of its own; the same plan and status date give the same bytes.
//!
//! How each concept maps (docs/export.md says it for users):
//!
//! - **Time.** A working day is 08:00–12:00 and 13:00–17:00, MS Project's
//!   standard: `MinutesPerDay` 480. Durations are working time
//!   (`PT24H0M0S` is three days, shown in days: `DurationFormat` 7); a
//!   task's `Start` is 08:00 of its first day, its `Finish` 17:00 of its
//!   last (milepost's dates are inclusive days). Something of no duration
//!   is an instant: at 17:00 of its day when a finish holds it, else at
//!   08:00, as milepost dates milestones.
//! - **Calendars.** UID 1, `Standard`: the project's working weekdays, and
//!   its holidays as non-working exceptions. Each person has a calendar
//!   based on it, with the project's working weekdays they do not work and
//!   their time off as exceptions; it is their resource calendar.
//! - **Tasks.** UID 0 is the project's summary. Each milestone is a
//!   summary task (outline level 1, `OutlineNumber` and `WBS` its place)
//!   holding its features and, last, the milestone itself: a milestone
//!   task of no duration, with its `Deadline`, linked from each of its
//!   features (FS) and from its `depends-on`. Features of no milestone
//!   follow at level 1. Cut features are left out, with their links.
//!   UIDs and IDs are the rows' order. Each item's plan id is in the task
//!   field Text1, named `Milepost id`; descriptions are the notes.
//! - **Dates.** `Start`/`Finish` are milepost's forecast (leveled unless
//!   `--no-level`), and `Duration` is the working days between them on the
//!   calendar MS Project schedules the task on: its owner's when it has
//!   one (a person's time off inside the span is not counted), else the
//!   project's. So MS Project recomputing a finish from the start and the
//!   duration finds milepost's. Where leveling moved a feature,
//!   `PreLeveledStart`/`PreLeveledFinish` hold its unleveled dates.
//! - **Constraints.** A feature not started that its `not-before` date or
//!   the status date holds has `ConstraintType` 4 (Start No Earlier Than)
//!   at the later of the two: MS Project does not otherwise keep unstarted
//!   work after the status date.
//! - **Progress.** Done: 100%, `ActualStart`/`ActualFinish`. Started: its
//!   `ActualStart`, and as done the working days from its start to the day
//!   before the status date, never all of it (`PercentComplete`,
//!   `ActualDuration`, `RemainingDuration`). A milestone forecast before
//!   the status date is reached (100%). `StatusDate` is the status date.
//! - **Links.** `PredecessorLink` with `Type` 0 FF, 1 FS, 2 SF, 3 SS, and
//!   `LinkLag` in tenths of a working minute (a day is 4,800), shown in
//!   days (`LagFormat` 7); a lead is negative.
//! - **People.** Each person is a work resource (`Initials` their id,
//!   `Group` their role, `MaxUnits` their capacity, `StandardRate` their
//!   day rate per hour); a feature's owner is assigned to it at `Units`
//!   equal to their capacity, its `Work` its duration at those units.
//!   Tasks are fixed-duration and not effort-driven, so MS Project keeps
//!   the durations when it recalculates.
//!
//! Not carried over: estimates' uncertainty, risks, priorities and value,
//! tags and links, the budget. MS Project schedules again when it opens the
//! file: it does not level, so a feature leveling delayed moves back to its
//! unleveled start unless you level in MS Project.

mod calendars;
mod resources;
mod tasks;
mod xml;

use crate::model::{Date, ProjectFile};
use crate::plan::Plan;
use crate::schedule::Schedule;

use calendars::{Days, PersonDays};
use xml::{Instant, Xml};

/// The namespace of every MSPDI element.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/project";

/// The task field holding each item's plan id (Text1), and its alias.
pub const ID_FIELD: u32 = 188_743_731;
pub const ID_FIELD_ALIAS: &str = "Milepost id";

/// The plan, scheduled as `schedule` (which must be its schedule), as an
/// MSPDI document.
pub fn to_mspdi(plan: &Plan, schedule: &Schedule) -> String {
    let Some(project) = plan.project.as_ref() else {
        let xml = Xml::new("Project", NAMESPACE);
        return xml.finish("Project");
    };
    Export::new(plan, &project.data, schedule).write()
}

/// A feature's owner as a resource: the person's index, and their units.
#[derive(Clone, Copy, Debug)]
struct Owner {
    person: usize,
    units: f64,
}

struct Export<'p> {
    plan: &'p Plan,
    project: &'p ProjectFile,
    schedule: &'p Schedule,
    name: &'p str,
    project_start: Date,
    per_week: u8,
    workdays: [bool; 7],
    people: Vec<PersonDays>,
}

impl<'p> Export<'p> {
    fn new(plan: &'p Plan, project: &'p ProjectFile, schedule: &'p Schedule) -> Export<'p> {
        Export {
            plan,
            project,
            schedule,
            name: &project.project.value.name.value,
            project_start: project.project.value.start.value,
            per_week: crate::schedule::calendar::days_per_week(project),
            workdays: crate::schedule::calendar::workdays(project),
            people: project.people.iter().map(|p| PersonDays::of(&p.value)).collect(),
        }
    }

    /// The person called `id` as a resource, if they are one.
    fn owner(&self, id: &str) -> Option<Owner> {
        let person = self.project.people.iter().position(|p| p.value.id.value == id)?;
        let units = self.project.people[person]
            .value
            .capacity
            .as_ref()
            .map_or(1.0, |c| c.value.0);
        Some(Owner { person, units })
    }

    fn person_days(&self, owner: Owner) -> Days<'_> {
        match self.people.get(owner.person) {
            Some(p) => Days::person(&self.schedule.calendar, p),
            None => Days::project(&self.schedule.calendar),
        }
    }

    fn write(self) -> String {
        let rows = self.rows();
        let mut xml = Xml::new("Project", NAMESPACE);
        self.header(&rows, &mut xml);
        calendars::write(self.project, self.workdays, &mut xml);
        xml.open("Tasks");
        for (uid, row) in rows.iter().enumerate() {
            tasks::write(uid, row, &mut xml);
        }
        xml.close("Tasks");
        resources::resources(self.project, &mut xml);
        resources::assignments(&rows, &mut xml);
        xml.finish("Project")
    }

    /// The project's own elements, up to `<ExtendedAttributes>`.
    fn header(&self, rows: &[tasks::Row<'_>], xml: &mut Xml) {
        let info = &self.project.project.value;
        xml.leaf("SaveVersion", 14);
        xml.text("Name", self.name, 255);
        xml.text("Title", self.name, 512);
        xml.bool("ScheduleFromStart", true);
        xml.leaf("StartDate", Instant::start_of(self.schedule.start));
        let finish = rows.first().map_or(Instant::end_of(self.schedule.finish), |r| r.finish);
        xml.leaf("FinishDate", finish);
        xml.leaf("FYStartDate", 1);
        xml.leaf("CriticalSlackLimit", 0);
        xml.leaf("CurrencyDigits", 2);
        if let Some(code) = info.currency.as_ref() {
            xml.text("CurrencyCode", &code.value, 3);
        }
        xml.leaf("CalendarUID", calendars::PROJECT_CALENDAR);
        xml.leaf("DefaultStartTime", "08:00:00");
        xml.leaf("DefaultFinishTime", "17:00:00");
        xml.leaf("MinutesPerDay", xml::MINUTES_PER_DAY);
        xml.leaf("MinutesPerWeek", xml::MINUTES_PER_DAY * i64::from(self.per_week));
        xml.leaf("DaysPerMonth", 20);
        // Fixed duration.
        xml.leaf("DefaultTaskType", 1);
        xml.leaf("DurationFormat", 7);
        // Days.
        xml.leaf("WorkFormat", 3);
        xml.bool("HonorConstraints", true);
        xml.bool("NewTasksEffortDriven", false);
        xml.bool("NewTasksEstimated", false);
        xml.leaf("WeekStartDay", 1);
        xml.leaf("StatusDate", Instant::start_of(self.schedule.as_of));
        xml.open("ExtendedAttributes");
        xml.open("ExtendedAttribute");
        xml.leaf("FieldID", ID_FIELD);
        xml.leaf("FieldName", "Text1");
        xml.leaf("Alias", ID_FIELD_ALIAS);
        xml.close("ExtendedAttribute");
        xml.close("ExtendedAttributes");
    }
}
