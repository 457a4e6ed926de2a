#!/usr/bin/env python3
"""Shifts every date of a TaskJuggler file by whole weeks, so that tj3 can
schedule a plan whose work runs past the last year it accepts.

tj3 3.7.1 refuses a project that ends after 2035, and `milepost export
--format tjp` of a large synthetic plan (the level bench's 5,000 features)
runs into the late 2030s. Moved back by a whole number of weeks, every date
keeps its weekday, and the holidays and time off (explicit dates in the
file) move with it: the problem is the same, in working days, and tj3's
dates moved forward by the same number of days are its schedule of the
original plan.

    python3 benches/tj3_shift.py IN.tjp OUT.tjp [--weeks 520] [--end 2035-12-31]

writes OUT.tjp with every YYYY-MM-DD moved back by --weeks weeks (520
weeks, 3,640 days, by default) and the project's range ending on --end.
Add the same number of days to the dates of tj3's report
(`milepost-schedule.csv`) to read them against milepost's.
"""

import argparse
import datetime
import re
import sys


def shift(text: str, days: int, end: str) -> str:
    delta = datetime.timedelta(days=days)

    def moved(m: re.Match) -> str:
        return (datetime.date.fromisoformat(m.group(0)) + delta).isoformat()

    out = re.sub(r"\b\d{4}-\d{2}-\d{2}\b", moved, text)
    out, n = re.subn(r'^(project \S+ "[^"]*" \S+) - \S+', rf"\1 - {end}", out, count=1, flags=re.M)
    if n != 1:
        sys.exit("no `project ID \"NAME\" START - END` line found")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--weeks", type=int, default=520, help="how many weeks to move every date back")
    ap.add_argument("--end", default="2035-12-31", help="the project range's new end")
    a = ap.parse_args()
    with open(a.input, encoding="utf-8") as f:
        text = f.read()
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(shift(text, -7 * a.weeks, a.end))


if __name__ == "__main__":
    main()
