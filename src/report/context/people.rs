//! The people of the report context: each one's load, month by month and
//! by milestone window, their queue and their idle gaps.

use schemars::JsonSchema;
use serde::Serialize;

use super::{DriverWords, Text, Written};
use crate::model::Date;

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Person {
    /// Their id in `[[people]]`.
    pub id: String,
    /// Their name.
    pub name: String,
    /// Their role on the team.
    pub role: Option<String>,
    /// Share of their time on the project, 0 to 1.
    pub capacity: f64,
    /// Cost of one of their working days.
    pub day_rate: Option<f64>,
    /// Working days of unfinished work they own, from the status date.
    pub assigned_days: i64,
    /// Unfinished features they own.
    pub features: usize,
    /// Their load in each milestone window still ahead (see `Window`).
    pub windows: Vec<Window>,
    /// Days the schedule has them at work from the status date on (see
    /// `MonthLoad.busy_days`), in all.
    pub busy_days: i64,
    /// Their working days in `months`: from the status date to the end of
    /// the month of the project's forecast finish (the project's days, on
    /// their weekdays, less their time off), × capacity.
    pub available_days: f64,
    /// The effort of those busy days (see `MonthLoad.assigned_days`), in all.
    pub effort_days: f64,
    /// effort_days / available_days: the share of their time the schedule
    /// uses; None when nothing is available.
    pub load: Option<f64>,
    /// Their first day of work from the status date on; None without work.
    pub first_day: Option<String>,
    /// Their last day of work: they are free after it. None without work.
    pub last_day: Option<String>,
    /// Their load in each month of the context's `months` in which they
    /// are at work (busy_days > 0), in month order: a month left out is
    /// one with no work for them.
    pub months: Vec<MonthLoad>,
    /// Runs of at least 5 of their own working days with no work, between
    /// their first and last day of work, in date order.
    pub gaps: Vec<Gap>,
    /// Their unfinished features in the order they work on them, next up
    /// first: by their first day of work from the status date on (`from`),
    /// then leveling's order.
    pub queue: Vec<Queued>,
    /// True when any window or month is over capacity: never in a leveled
    /// schedule.
    pub overloaded: bool,
}

/// A person's load in one calendar month, from the status date on.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MonthLoad {
    /// Its place in the context's `months`, from 0.
    pub index: usize,
    /// `YYYY-MM`.
    pub month: String,
    /// Their working days in the month, from the status date on, to its
    /// last day (the project's, on their weekdays, less their time off),
    /// × capacity.
    pub available_days: f64,
    /// Days of the month the schedule has them at work on unfinished
    /// features. Leveled: their own working days inside each feature's
    /// dates (a feature pauses over their days off; they work on one
    /// feature a day). Not leveled (`--no-level`): each feature's project
    /// working days in the month, so a day on two features counts twice.
    pub busy_days: i64,
    /// The effort of those days: busy_days × capacity when leveled (their
    /// rate); busy_days when not (the critical path method gives a
    /// feature one day of effort a day, whoever owns it).
    pub assigned_days: f64,
    /// assigned / available; None when nothing is available.
    pub load: Option<f64>,
    /// More work assigned than available.
    pub over: bool,
}

/// A run of a person's own working days with no work, between two of
/// their features.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Gap {
    /// Its first day (one of their working days).
    #[schemars(with = "String")]
    pub from: Date,
    /// Its last day.
    #[schemars(with = "String")]
    pub to: Date,
    /// Their working days in it.
    pub days: i64,
    /// The feature they finish before it.
    pub after: Text,
    /// The feature they start after it.
    pub before: Text,
    /// What that feature waits for, when it is a link or a constraint:
    /// the link as in `Feature.driver` (`auth-db (FS)`), or `its
    /// not-before date`. None otherwise.
    pub why: Option<String>,
}

/// One of a person's unfinished features, in the order they work on them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Queued {
    /// The feature's id.
    pub id: Text,
    /// Its title.
    pub title: Text,
    /// The milestone it ships in.
    pub milestone: Option<Text>,
    /// `planned`, `proposed`, `in-progress` or `blocked`.
    pub status: &'static str,
    /// Forecast first day of work (for work in progress, when it started).
    #[schemars(with = "String")]
    pub start: Date,
    /// Its first day of work from the status date on (for work in
    /// progress, when it resumes); None when it has none (no effort left).
    #[schemars(with = "Option<String>")]
    pub from: Option<Date>,
    /// Forecast last day of work.
    #[schemars(with = "String")]
    pub finish: Date,
    /// Its busy days from the status date on (see `MonthLoad.busy_days`).
    pub days: i64,
    /// What sets its start, as `Feature.driver`.
    #[schemars(with = "String")]
    pub driver: Written<DriverWords>,
}

/// A person's load in a milestone still ahead: from their first day of
/// work in it (not before the status date) to the milestone's forecast.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Window {
    /// The milestone id; None for work that ships in no milestone (the
    /// window then ends at the project's forecast finish).
    pub milestone: Option<Text>,
    /// The milestone's title, or `No milestone`.
    pub title: Text,
    /// First day of the window: the status date or the first scheduled day
    /// of the milestone's work, whichever is later.
    #[schemars(with = "String")]
    pub from: Date,
    /// Last day: the milestone's forecast.
    #[schemars(with = "String")]
    pub to: Date,
    /// Their working days in the window (the project's, on their weekdays,
    /// less their time off), × capacity.
    pub available_days: f64,
    /// Their working days the schedule has them on their unfinished work
    /// in that milestone, from the status date, × capacity: never more
    /// than available in a leveled schedule.
    pub assigned_days: f64,
    /// assigned / available; None when nothing is available.
    pub load: Option<f64>,
    /// More work assigned than available.
    pub over: bool,
}
