"""Reads an iCalendar file with Python's icalendar package (an independent
parser) and prints what it read as JSON, for tests/integration/export_ics.rs.

Usage: python3 ics_read.py FILE.ics
Exits 1 when the package reports a problem with any component or property.
"""

import datetime
import json
import sys

import icalendar


def value(component, name):
    v = component.get(name)
    return None if v is None else str(v)


def day(component, name):
    if name not in component:
        return None
    d = component.decoded(name)
    kind = "datetime" if isinstance(d, datetime.datetime) else "date"
    return {"kind": kind, "value": d.isoformat()}


def main():
    with open(sys.argv[1], "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    errors = []
    for c in cal.walk():
        errors.extend(f"{c.name}: {e}" for e in getattr(c, "errors", []))
    events = []
    for e in cal.walk("VEVENT"):
        categories = e.get("CATEGORIES")
        cats = [] if categories is None else [str(c) for c in categories.cats]
        events.append(
            {
                "uid": value(e, "UID"),
                "summary": value(e, "SUMMARY"),
                "description": value(e, "DESCRIPTION"),
                "dtstart": day(e, "DTSTART"),
                "dtend": day(e, "DTEND"),
                "dtstamp": day(e, "DTSTAMP"),
                "sequence": e.decoded("SEQUENCE") if "SEQUENCE" in e else None,
                "categories": cats,
                "transp": value(e, "TRANSP"),
            }
        )
    out = {
        "name": cal.name,
        "prodid": value(cal, "PRODID"),
        "version": value(cal, "VERSION"),
        "calscale": value(cal, "CALSCALE"),
        "method": value(cal, "METHOD"),
        "errors": errors,
        "events": events,
    }
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
