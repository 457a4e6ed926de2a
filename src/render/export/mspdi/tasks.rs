//! The task rows: the project's summary (UID 0), a summary per milestone
//! holding its features and the milestone itself, then the features of no
//! milestone; each with its forecast dates, progress and links.

use std::collections::HashMap;

use crate::model::{DependencyType, FeatureFile, Status};
use crate::schedule::{Driver, Entry, lag_days};

use super::calendars::Days;
use super::xml::{Instant, MINUTES_PER_DAY, Xml, duration};
use super::{Export, Owner};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Project,
    Summary,
    Feature,
    Milestone,
}

/// A predecessor link, as the successor holds it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Pred {
    pub uid: usize,
    pub kind: DependencyType,
    /// Working days; negative for a lead.
    pub lag: i64,
}

/// What has been done of a task that has started.
#[derive(Clone, Copy, Debug)]
pub(super) struct Actual {
    pub start: Instant,
    /// Done: when.
    pub finish: Option<Instant>,
    /// Working minutes done and left.
    pub done: i64,
    pub left: i64,
}

/// One `<Task>`. Its UID and ID are its index in the rows.
#[derive(Debug)]
pub(super) struct Row<'p> {
    pub kind: Kind,
    pub name: &'p str,
    /// `1.2`: the milestone's place, then the task's within it.
    pub outline: String,
    pub level: usize,
    pub start: Instant,
    pub finish: Instant,
    /// Working minutes.
    pub duration: i64,
    /// Working minutes of its owner's work, when it has an owner.
    pub work: i64,
    pub owner: Option<Owner>,
    pub percent: i64,
    pub actual: Option<Actual>,
    /// Start No Earlier Than.
    pub constraint: Option<Instant>,
    pub deadline: Option<Instant>,
    pub critical: bool,
    /// The unleveled schedule's dates, when leveling moved them.
    pub preleveled: Option<(Instant, Instant)>,
    pub notes: Option<&'p str>,
    /// The plan's id of a feature or milestone.
    pub id: Option<&'p str>,
    pub preds: Vec<Pred>,
}

impl<'p> Row<'p> {
    fn new(kind: Kind, name: &'p str, outline: String, level: usize, at: Instant) -> Row<'p> {
        Row {
            kind,
            name,
            outline,
            level,
            start: at,
            finish: at,
            duration: 0,
            work: 0,
            owner: None,
            percent: 0,
            actual: None,
            constraint: None,
            deadline: None,
            critical: false,
            preleveled: None,
            notes: None,
            id: None,
            preds: Vec::new(),
        }
    }
}

/// The instant a milestone (or a feature of no duration) falls on: the
/// start of its day when the schedule shows it on the day that starts at
/// it ([`Entry::at_start_of_day`]), else the end of its day (a milestone
/// the risks that occurred delay: the last day they add), as milepost dates
/// milestones (docs/scheduling.md, time and dates).
fn instant_of(e: &Entry) -> Instant {
    if e.duration == 0 && e.at_start_of_day {
        Instant::start_of(e.finish)
    } else {
        Instant::end_of(e.finish)
    }
}

impl<'p> Export<'p> {
    /// Every row, in outline order, links resolved.
    pub(super) fn rows(&self) -> Vec<Row<'p>> {
        let s = self.schedule;
        let project_start = Instant::start_of(s.start);
        let mut rows = vec![Row::new(Kind::Project, self.name, "0".into(), 0, project_start)];
        let entries = s.by_id();
        let mut uids: HashMap<&str, usize> = HashMap::new();
        let mut top = 0;
        for m in &self.plan.milestones {
            let Some(e) = entries.get(&*m.id) else { continue };
            top += 1;
            let summary = rows.len();
            rows.push(Row::new(
                Kind::Summary,
                &m.data.title.value,
                top.to_string(),
                1,
                project_start,
            ));
            let mut n = 0;
            for f in self
                .plan
                .features
                .iter()
                .filter(|f| f.data.milestone.as_ref().is_some_and(|x| x.value == *m.id))
            {
                if let Some(e) = entries.get(&*f.id) {
                    n += 1;
                    uids.insert(&f.id, rows.len());
                    rows.push(self.feature_row(e, &f.data, format!("{top}.{n}"), 2));
                }
            }
            uids.insert(&m.id, rows.len());
            let mut row = Row::new(
                Kind::Milestone,
                &m.data.title.value,
                format!("{top}.{}", n + 1),
                2,
                instant_of(e),
            );
            row.deadline = e.deadline.map(Instant::end_of);
            row.critical = e.critical;
            row.id = Some(&m.id);
            row.notes = m.data.description.as_ref().map(|d| d.value.as_str());
            if row.finish.date < s.as_of {
                row.percent = 100;
                row.actual = Some(Actual {
                    start: row.start,
                    finish: Some(row.finish),
                    done: 0,
                    left: 0,
                });
            }
            rows.push(row);
            self.summarise(&mut rows, summary);
        }
        let in_milestone = |f: &FeatureFile| f.milestone.as_ref().is_some_and(|m| entries.contains_key(&*m.value));
        for f in self.plan.features.iter().filter(|f| !in_milestone(&f.data)) {
            if let Some(e) = entries.get(&*f.id) {
                top += 1;
                uids.insert(&f.id, rows.len());
                rows.push(self.feature_row(e, &f.data, top.to_string(), 1));
            }
        }
        self.summarise(&mut rows, 0);
        self.link(&mut rows, &uids, &entries);
        rows
    }

    /// The row of feature `f`, scheduled as `e`.
    fn feature_row(&self, e: &'p Entry, f: &'p FeatureFile, outline: String, level: usize) -> Row<'p> {
        let s = self.schedule;
        let owner = f.owner.as_ref().and_then(|o| self.owner(&o.value));
        let days = owner.map_or(Days::project(&s.calendar), |o| self.person_days(o));
        let mut row = Row::new(Kind::Feature, &e.title, outline, level, instant_of(e));
        if e.duration > 0 {
            row.start = Instant::start_of(e.start);
            row.finish = Instant::end_of(e.finish);
            row.duration = days.count(e.start, e.finish) * MINUTES_PER_DAY;
            if s.leveled() && (e.unleveled.start, e.unleveled.finish) != (e.start, e.finish) {
                row.preleveled = Some((
                    Instant::start_of(e.unleveled.start),
                    Instant::end_of(e.unleveled.finish),
                ));
            }
        }
        row.owner = owner;
        row.work = owner.map_or(0, |o| (row.duration as f64 * o.units).round() as i64);
        row.critical = e.critical;
        row.id = Some(&e.id);
        row.notes = f.description.as_ref().map(|d| d.value.as_str());
        self.progress(&mut row, f, days);
        if f.status() != Status::Done && f.started.is_none() {
            // The earliest milepost lets it start, when that is what holds
            // it: its not-before date, or the status date.
            let floor = (s.as_of > self.project_start).then_some(s.as_of);
            let held = f.not_before.is_some() || matches!(e.driver, Driver::StatusDate);
            let date = f.not_before.as_ref().map(|d| d.value).max(floor);
            row.constraint = date.filter(|_| held).map(Instant::start_of);
        }
        row
    }

    /// Percent complete and actuals: done work all done; started work done
    /// up to the status date (the working days from its start to the day
    /// before), and never all of it.
    fn progress(&self, row: &mut Row<'p>, f: &FeatureFile, days: Days<'_>) {
        let as_of = self.schedule.as_of;
        if f.status() == Status::Done {
            row.percent = 100;
            row.actual = Some(Actual {
                start: row.start,
                finish: Some(row.finish),
                done: row.duration,
                left: 0,
            });
        } else if f.started.is_some() {
            let total = row.duration / MINUTES_PER_DAY;
            let before = as_of.0.yesterday().map_or(0, |y| {
                days.count(row.start.date, crate::model::Date(y).min(row.finish.date))
            });
            let done = before.min(total - 1).max(0);
            row.percent = if total > 0 { (done * 100 + total / 2) / total } else { 0 }.min(99);
            row.actual = Some(Actual {
                start: row.start,
                finish: None,
                done: done * MINUTES_PER_DAY,
                left: (total - done) * MINUTES_PER_DAY,
            });
        }
    }

    /// Row `at`, a summary, from the rows below it (to the next row of its
    /// level or higher): its dates span theirs; its duration and percent
    /// complete are on the project calendar.
    fn summarise(&self, rows: &mut [Row<'p>], at: usize) {
        let level = rows[at].level;
        let below = rows[at + 1..].iter().take_while(|r| r.level > level);
        let (mut start, mut finish, mut duration, mut done) = (None::<Instant>, None::<Instant>, 0, 0);
        for r in below.filter(|r| r.kind != Kind::Summary) {
            start = Some(start.map_or(r.start, |s| s.min(r.start)));
            finish = Some(finish.map_or(r.finish, |f| f.max(r.finish)));
            duration += r.duration;
            done += r.actual.map_or(0, |a| a.done);
        }
        let days = Days::project(&self.schedule.calendar);
        let row = &mut rows[at];
        row.start = start.unwrap_or(row.start);
        row.finish = finish.unwrap_or(row.finish);
        row.duration = days.minutes(row.start, row.finish);
        row.percent = if duration > 0 {
            (done * 100 + duration / 2) / duration
        } else {
            0
        };
    }

    /// Each row's predecessors: a feature's `depends-on`; a milestone's
    /// features and `depends-on`. Links to items left out (cut) are left
    /// out too.
    fn link(&self, rows: &mut [Row<'p>], uids: &HashMap<&str, usize>, entries: &HashMap<&str, &Entry>) {
        let per_week = self.per_week;
        let links = |deps: &[crate::span::Sp<crate::model::Dependency>]| -> Vec<Pred> {
            deps.iter()
                .filter_map(|d| {
                    let d = &d.value;
                    Some(Pred {
                        uid: *uids.get(d.id().value.as_str())?,
                        kind: d.kind(),
                        lag: d.lag().map_or(0, |l| lag_days(l.value.working_days(per_week))),
                    })
                })
                .collect()
        };
        for f in &self.plan.features {
            if let Some(&uid) = uids.get(&*f.id) {
                rows[uid].preds = links(&f.data.depends_on);
            }
        }
        for m in &self.plan.milestones {
            let Some(&uid) = uids.get(&*m.id) else { continue };
            // Reached as many working days after its features as the risks
            // that occurred add (its duration in the schedule): the lag of
            // each link from them, the row staying a milestone.
            let delay = entries.get(&*m.id).map_or(0, |e| e.duration);
            let mut preds: Vec<Pred> = self
                .plan
                .features
                .iter()
                .filter(|f| f.data.milestone.as_ref().is_some_and(|x| x.value == *m.id))
                .filter_map(|f| uids.get(&*f.id))
                .map(|&uid| Pred {
                    uid,
                    kind: DependencyType::FinishToStart,
                    lag: delay,
                })
                .collect();
            // (Every link into it: the scheduler reads FF and SF into such a
            // milestone as FS and SS, which a point in time has anyway.)
            preds.extend(links(&m.data.depends_on).into_iter().map(|p| Pred {
                lag: p.lag + delay,
                ..p
            }));
            // Waiting for nothing, it is reached that many days after the
            // project's start: a date it may not come before.
            if delay > 0 && preds.is_empty() {
                rows[uid].constraint = Some(rows[uid].start);
            }
            rows[uid].preds = preds;
        }
    }
}

/// Row `uid` as a `<Task>`.
pub(super) fn write(uid: usize, row: &Row<'_>, xml: &mut Xml) {
    xml.open("Task");
    xml.leaf("UID", uid);
    xml.leaf("ID", uid);
    xml.text("Name", row.name, 255);
    // Fixed duration.
    xml.leaf("Type", 1);
    xml.bool("IsNull", false);
    xml.leaf("WBS", &row.outline);
    xml.leaf("OutlineNumber", &row.outline);
    xml.leaf("OutlineLevel", row.level);
    xml.leaf("Start", row.start);
    xml.leaf("Finish", row.finish);
    xml.leaf("Duration", duration(row.duration));
    xml.leaf("DurationFormat", 7);
    xml.leaf("Work", duration(row.work));
    xml.bool("EffortDriven", false);
    xml.bool("Estimated", false);
    xml.bool("Milestone", row.kind == Kind::Milestone);
    xml.bool("Summary", matches!(row.kind, Kind::Project | Kind::Summary));
    if matches!(row.kind, Kind::Feature | Kind::Milestone) {
        xml.bool("Critical", row.critical);
    }
    xml.leaf("PercentComplete", row.percent);
    xml.leaf("PercentWorkComplete", row.percent);
    if let Some(a) = row.actual {
        xml.leaf("ActualStart", a.start);
        if let Some(f) = a.finish {
            xml.leaf("ActualFinish", f);
        }
        if row.kind == Kind::Feature {
            xml.leaf("ActualDuration", duration(a.done));
            xml.leaf("RemainingDuration", duration(a.left));
        }
    }
    match row.constraint {
        Some(date) => {
            xml.leaf("ConstraintType", 4);
            xml.leaf("ConstraintDate", date);
        }
        None => xml.leaf("ConstraintType", 0),
    }
    if let Some(d) = row.deadline {
        xml.leaf("Deadline", d);
    }
    if let Some((start, finish)) = row.preleveled {
        xml.leaf("PreLeveledStart", start);
        xml.leaf("PreLeveledFinish", finish);
    }
    if let Some(notes) = row.notes {
        xml.notes("Notes", notes);
    }
    for p in &row.preds {
        xml.open("PredecessorLink");
        xml.leaf("PredecessorUID", p.uid);
        xml.leaf("Type", link_type(p.kind));
        xml.bool("CrossProject", false);
        xml.leaf("LinkLag", p.lag * MINUTES_PER_DAY * 10);
        xml.leaf("LagFormat", 7);
        xml.close("PredecessorLink");
    }
    if let Some(id) = row.id {
        xml.open("ExtendedAttribute");
        xml.leaf("FieldID", super::ID_FIELD);
        xml.text("Value", id, 255);
        xml.close("ExtendedAttribute");
    }
    xml.close("Task");
}

/// MSPDI's link types: 0 FF, 1 FS, 2 SF, 3 SS.
fn link_type(kind: DependencyType) -> u8 {
    match kind {
        DependencyType::FinishToFinish => 0,
        DependencyType::FinishToStart => 1,
        DependencyType::StartToFinish => 2,
        DependencyType::StartToStart => 3,
    }
}
