#!/usr/bin/env python3
"""Reads an MS Project XML (MSPDI) file with MPXJ and prints what it found
as JSON: an independent reader for `milepost export --format mspdi`.

    python3 tests/mspdi_read.py FILE.xml

MPXJ (https://www.mpxj.org, `pip install mpxj`; it needs Java 11 or newer
and JPype) is the library most tools use to read MS Project files,
ProjectLibre included. It reads the file as it is: it does not schedule
again, so its dates are the file's.

Exit status: 0 with the JSON on stdout; 3 when python's mpxj, JPype or a
Java runtime is missing (tests/integration/mspdi.rs skips then); 1 when
MPXJ cannot read the file.
"""

import json
import sys

try:
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
except ImportError as e:
    print(f"missing: {e}", file=sys.stderr)
    sys.exit(3)


def text(value):
    return None if value is None else str(value)


def duration(d):
    """A duration as [amount, unit]: `[3.0, "d"]`."""
    if d is None:
        return None
    return [float(d.getDuration()), str(d.getUnits())]


def dependency(relation):
    return {
        "uid": int(relation.getPredecessorTask().getUniqueID()),
        "type": str(relation.getType()),
        "lag": duration(relation.getLag()),
    }


def task(t):
    return {
        "uid": int(t.getUniqueID()),
        "id": int(t.getID()),
        "name": text(t.getName()),
        "outline_level": int(t.getOutlineLevel()),
        "outline_number": text(t.getOutlineNumber()),
        "wbs": text(t.getWBS()),
        "summary": bool(t.getSummary()),
        "milestone": bool(t.getMilestone()),
        "critical": bool(t.getCritical()),
        "start": text(t.getStart()),
        "finish": text(t.getFinish()),
        "duration": duration(t.getDuration()),
        "percent_complete": float(t.getPercentageComplete() or 0),
        "actual_start": text(t.getActualStart()),
        "actual_finish": text(t.getActualFinish()),
        "constraint_type": text(t.getConstraintType()),
        "constraint_date": text(t.getConstraintDate()),
        "deadline": text(t.getDeadline()),
        "milepost_id": text(t.getText(1)),
        "notes": text(t.getNotes()),
        "predecessors": [dependency(r) for r in t.getPredecessors()],
    }


def calendar(c):
    exceptions = []
    for e in c.getCalendarExceptions():
        exceptions.append({
            "from": text(e.getFromDate()),
            "to": text(e.getToDate()),
            "name": text(e.getName()),
            "working": bool(e.getWorking()),
        })
    from java.time import DayOfWeek

    days = {str(d): text(c.getCalendarDayType(d)) for d in DayOfWeek.values()}
    return {
        "uid": int(c.getUniqueID()),
        "name": text(c.getName()),
        "parent": text(c.getParent().getName()) if c.getParent() is not None else None,
        "exceptions": exceptions,
        "days": days,
    }


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        jpype.startJVM()
    except Exception as e:  # no Java runtime
        print(f"missing: a Java runtime ({e})", file=sys.stderr)
        return 3
    from org.mpxj.reader import UniversalProjectReader

    project = UniversalProjectReader().read(sys.argv[1])
    if project is None:
        print(f"MPXJ could not read {sys.argv[1]}", file=sys.stderr)
        return 1
    props = project.getProjectProperties()
    out = {
        "file_type": text(props.getFileType()),
        "name": text(props.getName()),
        "start_date": text(props.getStartDate()),
        "status_date": text(props.getStatusDate()),
        "minutes_per_day": int(props.getMinutesPerDay()),
        "default_calendar": text(project.getDefaultCalendar().getName()),
        "tasks": [task(t) for t in project.getTasks()],
        "resources": [
            {
                "uid": int(r.getUniqueID()),
                "name": text(r.getName()),
                "initials": text(r.getInitials()),
                "group": text(r.getGroup()),
                "max_units": float(r.getMaxUnits()),
                "calendar": text(r.getCalendar().getName()) if r.getCalendar() is not None else None,
                "standard_rate": text(r.getStandardRate()),
            }
            for r in project.getResources()
            if r.getUniqueID() is not None and int(r.getUniqueID()) > 0
        ],
        "assignments": [
            {
                "task_uid": int(a.getTask().getUniqueID()),
                "resource_uid": int(a.getResource().getUniqueID()),
                "units": float(a.getUnits()),
                "work": duration(a.getWork()),
                "start": text(a.getStart()),
                "finish": text(a.getFinish()),
            }
            for a in project.getResourceAssignments()
            if a.getResource() is not None
        ],
        "calendars": [calendar(c) for c in project.getCalendars()],
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
