//! People as work resources, and each feature's owner assigned to it.

use crate::model::ProjectFile;

use super::calendars::PROJECT_CALENDAR;
use super::tasks::{Kind, Row};
use super::xml::{MINUTES_PER_DAY, Xml, duration};

/// `<Resources>`: person `i` is UID `i + 1`, on calendar `PROJECT_CALENDAR + 1 + i`.
pub(super) fn resources(project: &ProjectFile, xml: &mut Xml) {
    if project.people.is_empty() {
        return;
    }
    xml.open("Resources");
    for (i, person) in project.people.iter().enumerate() {
        let p = &person.value;
        xml.open("Resource");
        xml.leaf("UID", i + 1);
        xml.leaf("ID", i + 1);
        xml.text("Name", &p.name.value, 255);
        // Work.
        xml.leaf("Type", 1);
        xml.bool("IsNull", false);
        xml.text("Initials", &p.id.value, 255);
        if let Some(role) = &p.role {
            xml.text("Group", &role.value, 255);
        }
        xml.leaf("MaxUnits", p.capacity.as_ref().map_or(1.0, |c| c.value.0));
        if let Some(rate) = &p.day_rate {
            // MSPDI's rates are per hour; shown per day.
            let per_hour = rate.value.0 * 60.0 / MINUTES_PER_DAY as f64;
            xml.leaf("StandardRate", per_hour);
            xml.leaf("StandardRateFormat", 3);
        }
        xml.leaf("CalendarUID", PROJECT_CALENDAR + 1 + i);
        xml.close("Resource");
    }
    xml.close("Resources");
}

/// `<Assignments>`: the owner of each feature that has one among the
/// people, at their capacity.
pub(super) fn assignments(rows: &[Row<'_>], xml: &mut Xml) {
    let owned = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.kind == Kind::Feature)
        .filter_map(|(uid, r)| Some((uid, r, r.owner?)));
    let mut uid = 0;
    for (task, row, owner) in owned {
        if uid == 0 {
            xml.open("Assignments");
        }
        uid += 1;
        let units = owner.units;
        let done = row.actual.map_or(0, |a| (a.done as f64 * units).round() as i64);
        xml.open("Assignment");
        xml.leaf("UID", uid);
        xml.leaf("TaskUID", task);
        xml.leaf("ResourceUID", owner.person + 1);
        xml.leaf("PercentWorkComplete", row.percent);
        if let Some(a) = row.actual {
            if let Some(f) = a.finish {
                xml.leaf("ActualFinish", f);
            }
            xml.leaf("ActualStart", a.start);
            xml.leaf("ActualWork", duration(done));
        }
        xml.leaf("Finish", row.finish);
        xml.leaf("RemainingWork", duration(row.work - done));
        xml.leaf("Start", row.start);
        xml.leaf("Units", units);
        xml.leaf("Work", duration(row.work));
        // Flat.
        xml.leaf("WorkContour", 0);
        xml.close("Assignment");
    }
    if uid > 0 {
        xml.close("Assignments");
    }
}
