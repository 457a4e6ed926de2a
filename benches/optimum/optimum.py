#!/usr/bin/env python3
"""How far milepost's leveled makespan is from the optimum.

Generates small plans (seeded), solves each one's resource-leveling problem
exactly with OR-Tools CP-SAT, runs `milepost schedule --format json` on the
same plan, checks that milepost's schedule is feasible for the same
constraints, and reports milepost's makespan against the optimum.

See benches/optimum/README.md for the model and how to run it:

    python3 benches/optimum/optimum.py --milepost target/release/milepost --plans 30

(with `ortools` importable: `pip install -r benches/optimum/requirements.txt`
into a virtual environment, and that environment's python3).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction

# ---------------------------------------------------------------------------
# The problem, read back from a plan's files
# ---------------------------------------------------------------------------

LINK_TYPES = ("FS", "SS", "FF", "SF")
DAYS_PER_WEEK = 5  # the generated plans use the default Mon–Fri calendar


class Unsupported(Exception):
    """The plan uses something this model does not (time off, progress...)."""


def duration_days(text: str) -> Fraction:
    """`"3d"`, `"0.5d"`, `"2w"`, `"-1d"` in working days, exactly."""
    unit = text[-1]
    number = Fraction(text[:-1])
    if unit == "d":
        return number
    if unit == "w":
        return number * DAYS_PER_WEEK
    raise ValueError(f"not a duration: {text!r}")


def estimate_days(estimate) -> Fraction:
    """A single estimate, or a three-point one's PERT mean (low + 4 likely + high) / 6."""
    if estimate is None:
        return Fraction(0)
    if isinstance(estimate, str):
        return duration_days(estimate)
    low, likely, high = (duration_days(estimate[k]) for k in ("low", "likely", "high"))
    return (low + 4 * likely + high) / 6


def ceil_days(days: Fraction) -> int:
    """Durations are rounded up to whole working days (docs/scheduling.md)."""
    return max(0, math.ceil(days))


def lag_whole_days(days: Fraction) -> int:
    """Lags are rounded to the nearest whole day, halves away from zero."""
    whole = math.floor(abs(days) + Fraction(1, 2))
    return whole if days >= 0 else -whole


@dataclass
class Link:
    src: str
    dst: str
    kind: str  # FS, SS, FF or SF
    lag: int  # whole working days


@dataclass
class Node:
    id: str
    kind: str  # "feature" or "milestone"
    effort: Fraction = Fraction(0)  # estimate in working days (the owner's effort)
    owner: str | None = None
    capacity: Fraction = Fraction(1)  # the owner's

    @property
    def cpm_duration(self) -> int:
        """The duration the unleveled CPM gives it: the estimate rounded up."""
        return ceil_days(self.effort) if self.kind == "feature" else 0

    @property
    def duration(self) -> int:
        """Its duration when people are resources: ceil(E / c) of its owner's days."""
        if self.kind != "feature":
            return 0
        return ceil_days(self.effort / self.capacity)


@dataclass
class Problem:
    name: str
    start: dt.date
    nodes: dict[str, Node]
    links: list[Link]
    people: dict[str, Fraction]  # id -> capacity
    order: list[str] = field(default_factory=list)  # topological

    def owned(self) -> dict[str, list[str]]:
        by_person: dict[str, list[str]] = {p: [] for p in self.people}
        for n in self.nodes.values():
            if n.owner is not None:
                by_person[n.owner].append(n.id)
        return by_person


def load_problem(plan_dir: str) -> Problem:
    """The scheduling problem of a plan directory, read from its TOML files.

    Only what the generated plans use is accepted: anything that would make
    the model differ from milepost's problem raises `Unsupported`.
    """
    with open(os.path.join(plan_dir, "project.toml"), "rb") as f:
        project = tomllib.load(f)
    start = project["project"]["start"]
    cal = project.get("calendar", {})
    if cal.get("workdays", ["mon", "tue", "wed", "thu", "fri"]) != ["mon", "tue", "wed", "thu", "fri"]:
        raise Unsupported("calendar workdays other than Mon–Fri")
    if start.weekday() >= 5 or start in holidays(cal):
        raise Unsupported("project start is not a working day")
    people: dict[str, Fraction] = {}
    for p in project.get("people", []):
        if p.get("time-off") or "workdays" in p:
            raise Unsupported(f"person {p['id']}: time-off and workdays are not modelled")
        people[p["id"]] = Fraction(str(p.get("capacity", 1)))

    nodes: dict[str, Node] = {}
    deps: dict[str, list] = {}
    milestone_of: dict[str, str] = {}
    for kind, folder in (("milestone", "milestones"), ("feature", "features")):
        root = os.path.join(plan_dir, folder)
        for dirpath, _, files in os.walk(root):
            for name in files:
                if not name.endswith(".toml") or name.startswith("."):
                    continue
                path = os.path.join(dirpath, name)
                item_id = os.path.relpath(path, root)[: -len(".toml")].replace(os.sep, "/")
                with open(path, "rb") as f:
                    item = tomllib.load(f)
                node = Node(item_id, kind)
                if kind == "feature":
                    status = item.get("status", "planned")
                    if status not in ("planned", "proposed"):
                        raise Unsupported(f"{item_id}: status {status}")
                    for key in ("started", "finished", "remaining", "not-before", "rank"):
                        if key in item:
                            raise Unsupported(f"{item_id}: {key}")
                    node.effort = estimate_days(item.get("estimate"))
                    node.owner = item.get("owner")
                    if node.owner is not None:
                        node.capacity = people[node.owner]
                    if "milestone" in item:
                        milestone_of[item_id] = item["milestone"]
                nodes[item_id] = node
                deps[item_id] = item.get("depends-on", [])

    links: list[Link] = []
    for item_id, entries in deps.items():
        for dep in entries:
            if isinstance(dep, str):
                dep = {"id": dep}
            lag = lag_whole_days(duration_days(dep["lag"])) if "lag" in dep else 0
            links.append(Link(dep["id"], item_id, dep.get("type", "FS"), lag))
    # A milestone waits for its features.
    for feature, milestone in milestone_of.items():
        links.append(Link(feature, milestone, "FS", 0))

    problem = Problem(os.path.basename(plan_dir.rstrip("/")), start, nodes, links, people)
    problem.order = topological_order(problem)
    return problem


def holidays(cal: dict) -> set[dt.date]:
    days: set[dt.date] = set()
    for h in cal.get("holidays", []):
        if isinstance(h, dt.date):
            days.add(h)
        elif "date" in h:
            days.add(h["date"])
        else:
            d = h["from"]
            while d <= h["to"]:
                days.add(d)
                d += dt.timedelta(days=1)
    return days


def topological_order(problem: Problem) -> list[str]:
    indegree = {i: 0 for i in problem.nodes}
    out: dict[str, list[str]] = {i: [] for i in problem.nodes}
    for link in problem.links:
        indegree[link.dst] += 1
        out[link.src].append(link.dst)
    ready = sorted(i for i, d in indegree.items() if d == 0)
    order = []
    while ready:
        i = ready.pop(0)
        order.append(i)
        for j in out[i]:
            indegree[j] -= 1
            if indegree[j] == 0:
                ready.append(j)
    if len(order) != len(problem.nodes):
        raise ValueError(f"{problem.name}: the links have a cycle")
    return order


# ---------------------------------------------------------------------------
# The constraints, in one place: CPM, the checker and CP-SAT all read these
# ---------------------------------------------------------------------------


def link_bound(link: Link, src_start: int, src_finish: int, dst_duration: int) -> int:
    """The earliest start of `link.dst` that the link allows (F exclusive)."""
    if link.kind == "FS":
        return src_finish + link.lag
    if link.kind == "SS":
        return src_start + link.lag
    if link.kind == "FF":
        return src_finish + link.lag - dst_duration
    if link.kind == "SF":
        return src_start + link.lag - dst_duration
    raise ValueError(link.kind)


def cpm(problem: Problem, duration) -> dict[str, int]:
    """Early starts, people ignored, with `duration(node)` for each node."""
    incoming: dict[str, list[Link]] = {i: [] for i in problem.nodes}
    for link in problem.links:
        incoming[link.dst].append(link)
    start: dict[str, int] = {}
    for i in problem.order:
        d = duration(problem.nodes[i])
        s = 0
        for link in incoming[i]:
            src = link.src
            s = max(s, link_bound(link, start[src], start[src] + duration(problem.nodes[src]), d))
        start[i] = s
    return start


def length(problem: Problem, start: dict[str, int], duration) -> int:
    return max((start[i] + duration(n) for i, n in problem.nodes.items()), default=0)


def lower_bound(problem: Problem) -> tuple[int, int]:
    """(CPM length with the leveled durations, the lower bound).

    The bound is the larger of that CPM length and, for each person, the
    earliest early start of their features plus all their features'
    durations: they do one at a time.
    """
    dur = Node.duration.fget
    es = cpm(problem, dur)
    cpm_len = length(problem, es, dur)
    bound = cpm_len
    for person, ids in problem.owned().items():
        if ids:
            bound = max(bound, min(es[i] for i in ids) + sum(problem.nodes[i].duration for i in ids))
    return cpm_len, bound


def serial_schedule(problem: Problem) -> dict[str, int]:
    """A plain serial schedule generation pass, for reference and as CP-SAT's
    horizon: in a topological order preferring the lowest CPM early start,
    each item at the earliest day its links and its owner allow."""
    dur = Node.duration.fget
    es = cpm(problem, dur)
    incoming: dict[str, list[Link]] = {i: [] for i in problem.nodes}
    preds_left = {i: 0 for i in problem.nodes}
    out: dict[str, list[str]] = {i: [] for i in problem.nodes}
    for link in problem.links:
        incoming[link.dst].append(link)
        preds_left[link.dst] += 1
        out[link.src].append(link.dst)
    position = {i: k for k, i in enumerate(problem.order)}
    busy: dict[str, list[tuple[int, int]]] = {p: [] for p in problem.people}
    start: dict[str, int] = {}
    ready = [i for i, n in preds_left.items() if n == 0]
    while ready:
        ready.sort(key=lambda i: (es[i], position[i]))
        i = ready.pop(0)
        node = problem.nodes[i]
        d = node.duration
        s = 0
        for link in incoming[i]:
            s = max(s, link_bound(link, start[link.src], start[link.src] + problem.nodes[link.src].duration, d))
        if node.owner is not None and d > 0:
            for a, b in sorted(busy[node.owner]):
                if s + d <= a:
                    break
                if s < b:
                    s = b
            busy[node.owner].append((s, s + d))
        start[i] = s
        for j in out[i]:
            preds_left[j] -= 1
            if preds_left[j] == 0:
                ready.append(j)
    return start


def violations(problem: Problem, start: dict[str, int], finish: dict[str, int]) -> list[tuple[str, str]]:
    """Every constraint of the leveling model that a schedule breaks, as
    (kind, explanation): `start` (before day 0), `duration` (not ceil(E/c) of
    its owner's days: work at more than their capacity when shorter),
    `link`, `overlap` (a person on two features on one day), `missing`."""
    found: list[tuple[str, str]] = []
    for i, node in problem.nodes.items():
        if i not in start:
            found.append(("missing", f"{i} is not in milepost's schedule"))
            continue
        if start[i] < 0:
            found.append(("start", f"{i} starts on day {start[i]}, before day 0"))
        got = finish[i] - start[i]
        if got != node.duration:
            what = f"{node.effort}d of effort at capacity {node.capacity}" if node.owner else f"{node.effort}d"
            found.append(("duration", f"{i} takes {got} days; {what} takes {node.duration}"))
    if any(k == "missing" for k, _ in found):
        return found
    for link in problem.links:
        need = link_bound(link, start[link.src], finish[link.src], finish[link.dst] - start[link.dst])
        if start[link.dst] < need:
            found.append(
                (
                    "link",
                    f"{link.src} -{link.kind} {link.lag:+d}-> {link.dst}: starts day {start[link.dst]}, link needs {need}",
                )
            )
    for person, ids in problem.owned().items():
        spans = sorted((start[i], finish[i], i) for i in ids if finish[i] > start[i])
        for (s1, f1, a), (s2, f2, b) in zip(spans, spans[1:]):
            if s2 < f1:
                found.append(("overlap", f"{person} works on {a} (days {s1}..{f1}) and {b} (days {s2}..{f2}) at once"))
    return found


# ---------------------------------------------------------------------------
# CP-SAT
# ---------------------------------------------------------------------------


@dataclass
class Solved:
    status: str  # "optimal" or "bound" (time limit: best solution and best bound)
    makespan: int  # the best solution found
    bound: int  # the best lower bound proved (== makespan when optimal)
    start: dict[str, int]
    seconds: float


def solve(problem: Problem, horizon: int, hint: dict[str, int] | None, det_limit: float, workers: int) -> Solved:
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    s = {i: model.new_int_var(0, horizon, f"s[{i}]") for i in problem.nodes}
    d = {i: n.duration for i, n in problem.nodes.items()}
    for link in problem.links:
        src, dst = link.src, link.dst
        if link.kind == "FS":
            model.add(s[dst] >= s[src] + d[src] + link.lag)
        elif link.kind == "SS":
            model.add(s[dst] >= s[src] + link.lag)
        elif link.kind == "FF":
            model.add(s[dst] + d[dst] >= s[src] + d[src] + link.lag)
        else:  # SF
            model.add(s[dst] + d[dst] >= s[src] + link.lag)
    for person, ids in problem.owned().items():
        intervals = [model.new_fixed_size_interval_var(s[i], d[i], f"w[{i}]") for i in ids if d[i] > 0]
        if len(intervals) > 1:
            model.add_no_overlap(intervals)
    makespan = model.new_int_var(0, horizon, "makespan")
    model.add_max_equality(makespan, [s[i] + d[i] for i in problem.nodes])
    model.minimize(makespan)
    if hint:
        for i, v in hint.items():
            model.add_hint(s[i], v)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 0
    # Deterministic time, so that a run gives the same numbers on a busy
    # machine; the wall-clock limit is only a safety net.
    solver.parameters.max_deterministic_time = det_limit
    solver.parameters.max_time_in_seconds = 10 * det_limit
    t0 = time.monotonic()
    status = solver.solve(model)
    seconds = time.monotonic() - t0
    if status == cp_model.OPTIMAL:
        kind = "optimal"
    elif status == cp_model.FEASIBLE:
        kind = "bound"
    else:
        raise RuntimeError(f"{problem.name}: CP-SAT found no schedule ({solver.status_name(status)})")
    best = round(solver.objective_value)
    bound = math.ceil(solver.best_objective_bound - 1e-6)
    return Solved(kind, best, best if kind == "optimal" else bound, {i: solver.value(v) for i, v in s.items()}, seconds)


def solve_checked(problem: Problem, det_limit: float, workers: int) -> Solved:
    """CP-SAT's answer, with its own schedule checked by `violations` (which
    also checks the checker)."""
    sgs = serial_schedule(problem)
    horizon = length(problem, sgs, Node.duration.fget)
    solved = solve(problem, horizon, sgs, det_limit, workers)
    finish = {i: solved.start[i] + n.duration for i, n in problem.nodes.items()}
    bad = violations(problem, solved.start, finish)
    if bad or length(problem, solved.start, Node.duration.fget) != solved.makespan:
        raise SystemExit(f"{problem.name}: CP-SAT's own schedule fails the checker: {bad[:3]}")
    return solved


# ---------------------------------------------------------------------------
# milepost
# ---------------------------------------------------------------------------


@dataclass
class Milepost:
    length: int
    leveled: bool  # the JSON says "leveled": true
    start: dict[str, int]
    finish: dict[str, int]
    owner: dict[str, str | None]  # when the JSON has per-item owners
    seconds: float


def run_milepost(binary: str, plan_dir: str, as_of: dt.date, extra: list[str]) -> Milepost:
    cmd = [binary, "schedule", "--plan", plan_dir, "--as-of", as_of.isoformat(), "--format", "json", *extra]
    t0 = time.monotonic()
    out = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.monotonic() - t0
    if out.returncode != 0:
        raise SystemExit(f"`{' '.join(cmd)}` failed ({out.returncode}):\n{out.stdout}{out.stderr}")
    doc = json.loads(out.stdout)
    start, finish, owner = {}, {}, {}
    for item in doc["items"]:
        start[item["id"]] = item["early_start"]["day"]
        finish[item["id"]] = item["early_finish"]["day"]
        if "owner" in item:
            owner[item["id"]] = item["owner"]
    return Milepost(doc["length_days"], doc.get("leveled") is True, start, finish, owner, seconds)


def supports_no_level(binary: str) -> bool:
    out = subprocess.run([binary, "schedule", "--help"], capture_output=True, text=True)
    return "--no-level" in out.stdout


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


def gen_estimate(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.5:
        return f'"{rng.randint(1, 8)}d"'
    if r < 0.6:
        return f'"{rng.randint(0, 5)}.5d"'
    if r < 0.7:
        return f'"{rng.randint(1, 2)}w"'
    low = rng.randint(1, 5)
    likely = low + rng.randint(0, 4)
    high = likely + rng.randint(0, 8)
    return f'{{ low = "{low}d", likely = "{likely}d", high = "{high}d" }}'


LAGS = ["1d", "2d", "3d", "-1d", "-2d", "1w", "1.5d", "-0.5d", "0.5d", "-1w"]


def gen_link(rng: random.Random, dep: str, kinds=(60, 15, 15, 10)) -> str:
    kind = rng.choices(LINK_TYPES, weights=kinds)[0]
    lag = rng.choice(LAGS) if rng.random() < 0.35 else None
    if kind == "FS" and lag is None:
        return f'"{dep}"'
    parts = [f'id = "{dep}"']
    if kind != "FS":
        parts.append(f'type = "{kind}"')
    if lag is not None:
        parts.append(f'lag = "{lag}"')
    return "{ " + ", ".join(parts) + " }"


def generate(out_dir: str, seed: int, index: int, n_range, p_range) -> str:
    """Writes plan `index` of `seed` under `out_dir`; returns its directory."""
    rng = random.Random(f"milepost-optimum:{seed}:{index}")
    n = rng.randint(*n_range)
    p = rng.randint(*p_range)
    k = rng.randint(2, 4)  # milestones
    # A Monday in 2026 or 2027.
    start = dt.date(2026, 1, 5) + dt.timedelta(weeks=rng.randint(0, 90))
    name = f"plan-{index:02d}"
    plan = os.path.join(out_dir, name)
    os.makedirs(os.path.join(plan, "features"))
    os.makedirs(os.path.join(plan, "milestones"))

    people = [(f"p{j + 1}", rng.choice(["1", "0.8", "0.5"])) for j in range(p)]
    # A few weekday holidays, which only rename days: work is counted in working days.
    hol = []
    for _ in range(rng.randint(0, 3)):
        day = start + dt.timedelta(days=rng.randint(1, 200))
        if day.weekday() < 5:
            hol.append(day.isoformat())
    lines = [
        "[project]",
        f'name = "Optimum bench {name} (seed {seed})"',
        f"start = {start.isoformat()}",
        "",
        "[calendar]",
        f"holidays = [{', '.join(sorted(set(hol)))}]",
    ]
    for pid, cap in people:
        lines += ["", "[[people]]", f'id = "{pid}"', f'name = "Person {pid[1:]}"', f"capacity = {cap}"]
    with open(os.path.join(plan, "project.toml"), "w") as f:
        f.write("\n".join(lines) + "\n")

    # Features in a topological order; each milestone goes after its last
    # feature, and anything may depend on anything before it.
    features = [f"f{i + 1:03d}" for i in range(n)]
    milestone_of: dict[str, str | None] = {}
    for i, fid in enumerate(features):
        if rng.random() < 0.75:
            m = min(k - 1, i * k // n)
            if rng.random() < 0.2:
                m = rng.randrange(k)
            milestone_of[fid] = f"m{m + 1}"
        else:
            milestone_of[fid] = None
    order: list[str] = list(features)
    for m in range(k):
        mid = f"m{m + 1}"
        members = [i for i, fid in enumerate(features) if milestone_of[fid] == mid]
        after = order.index(features[members[-1]]) + 1 if members else rng.randrange(len(order))
        order.insert(after, mid)
    position = {x: i for i, x in enumerate(order)}

    # Plans differ in shape: how unevenly people are loaded, how much work
    # has no owner, how many links a feature has and how far back they
    # reach (short reach: long chains, where links bind as much as people).
    skew = rng.uniform(0.0, 1.0)
    weights = [rng.uniform(1.0 - 0.5 * skew, 1.0 + skew) for _ in people]
    owned_share = rng.uniform(0.7, 0.95)
    link_weights = rng.choice([[20, 40, 28, 12], [10, 30, 35, 25], [5, 25, 40, 30]])
    reach = rng.uniform(3, 15)
    for x in order:
        before = order[: position[x]]
        if x.startswith("m"):
            deps = []
            earlier_ms = [y for y in before if y.startswith("m")]
            if earlier_ms and rng.random() < 0.7:
                deps.append(gen_link(rng, earlier_ms[-1], kinds=(80, 10, 10, 0)))
            if before and rng.random() < 0.3:
                cand = [y for y in before if y.startswith("f") and milestone_of[y] != x]
                if cand:
                    deps.append(gen_link(rng, rng.choice(cand)))
            lines = [f'title = "Milestone {x[1:]}"']
            if rng.random() < 0.7:
                deadline = start + dt.timedelta(weeks=rng.randint(4, 40))
                lines.append(f"deadline = {deadline.isoformat()}")
            if deps:
                lines.append(f"depends-on = [{', '.join(deps)}]")
            with open(os.path.join(plan, "milestones", f"{x}.toml"), "w") as f:
                f.write("\n".join(lines) + "\n")
            continue
        lines = [f'title = "Feature {x[1:]}"']
        if milestone_of[x]:
            lines.append(f'milestone = "{milestone_of[x]}"')
        if rng.random() < owned_share:
            owner = rng.choices([pid for pid, _ in people], weights=weights)[0]
            lines.append(f'owner = "{owner}"')
            lines.append('status = "planned"')
        else:
            lines.append('status = "proposed"')
        if rng.random() < 0.5:
            lines.append(f'priority = "{rng.choice(["must", "should", "could"])}"')
        lines.append(f"estimate = {gen_estimate(rng)}")
        # 0-3 predecessors, mostly recent ones: chains with some fan-in.
        count = rng.choices([0, 1, 2, 3], weights=link_weights)[0]
        chosen: list[str] = []
        for _ in range(count):
            if not before:
                break
            back = min(len(before), 1 + int(rng.expovariate(1 / reach)))
            dep = before[-back]
            if dep not in chosen:
                chosen.append(dep)
        if chosen:
            lines.append(f"depends-on = [{', '.join(gen_link(rng, d) for d in chosen)}]")
        with open(os.path.join(plan, "features", f"{x}.toml"), "w") as f:
            f.write("\n".join(lines) + "\n")
    return plan


def own_person_variant(plan: str, problem: Problem) -> str:
    """A copy of `plan` where every feature has a person of its own, at
    capacity 1: leveling has nothing to do there."""
    variant = plan + "-own"
    shutil.copytree(plan, variant)
    with open(os.path.join(variant, "project.toml")) as f:
        head = f.read().split("\n[[people]]")[0].rstrip("\n")
    features = sorted(i for i, n in problem.nodes.items() if n.kind == "feature")
    people = [f'\n[[people]]\nid = "own{k}"\nname = "Own {k}"' for k in range(len(features))]
    with open(os.path.join(variant, "project.toml"), "w") as f:
        f.write(head + "\n" + "".join(people) + "\n")
    for k, fid in enumerate(features):
        path = os.path.join(variant, "features", fid + ".toml")
        with open(path) as f:
            lines = [line for line in f.read().splitlines() if not line.startswith(("owner =", "status ="))]
        lines.insert(1, f'owner = "own{k}"')
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
    return variant


# ---------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------


def pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--milepost", default="target/release/milepost", help="the milepost binary")
    ap.add_argument("--plans", type=int, default=30, help="how many plans to generate")
    ap.add_argument("--seed", type=int, default=1, help="the generator's seed")
    ap.add_argument("--features", default="30-120", help="range of features per plan")
    ap.add_argument("--people", default="4-10", help="range of people per plan")
    ap.add_argument(
        "--time-limit",
        type=float,
        default=10.0,
        help="CP-SAT's limit per plan, in deterministic seconds (about wall seconds on one core)",
    )
    ap.add_argument("--workers", type=int, default=1, choices=[1, 2], help="CP-SAT threads (the machine is shared)")
    ap.add_argument("--keep", metavar="DIR", help="write the plans to DIR (must not exist) and keep them")
    ap.add_argument("--json", metavar="FILE", help="also write every number to FILE as JSON")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the first violations of each plan")
    ap.add_argument(
        "--require-feasible",
        action="store_true",
        help="exit 1 when milepost's schedule breaks the model on any plan",
    )
    args = ap.parse_args()
    try:
        import ortools  # noqa: F401
    except ImportError:
        print(
            "needs OR-Tools: python3 -m venv /tmp/optimum-venv && "
            "/tmp/optimum-venv/bin/pip install -r benches/optimum/requirements.txt, "
            "then run this script with /tmp/optimum-venv/bin/python3",
            file=sys.stderr,
        )
        return 2
    n_range = tuple(int(x) for x in args.features.split("-"))
    p_range = tuple(int(x) for x in args.people.split("-"))
    binary = os.path.abspath(args.milepost)
    no_level = supports_no_level(binary)

    if args.keep:
        os.makedirs(args.keep)
        out_dir = args.keep
    else:
        out_dir = tempfile.mkdtemp(prefix="milepost-optimum-")
    t_run = time.monotonic()
    rows = []
    cpm_checked = 0
    try:
        for index in range(args.plans):
            plan = generate(out_dir, args.seed, index, n_range, p_range)
            problem = load_problem(plan)
            name = problem.name
            as_of = problem.start

            # The plain CPM length, people ignored: ours must be milepost's.
            cpm_dur = Node.cpm_duration.fget
            cpm_len = length(problem, cpm(problem, cpm_dur), cpm_dur)
            plain = run_milepost(binary, plan, as_of, ["--no-level"] if no_level else [])
            if not plain.leveled:
                cpm_checked += 1
            if not plain.leveled and plain.length != cpm_len:
                raise SystemExit(
                    f"SELF-CHECK FAILED on {name}: this model's CPM length is {cpm_len}, "
                    f"milepost's unleveled schedule says {plain.length}"
                )

            # Self-check: with a person per feature at capacity 1, leveling
            # changes nothing, so the CP-SAT optimum is milepost's CPM length.
            variant = own_person_variant(plan, problem)
            own = solve_checked(load_problem(variant), args.time_limit, args.workers)
            own_mp = run_milepost(binary, variant, as_of, [])
            if own.status != "optimal" or own.makespan != cpm_len or own_mp.length != cpm_len:
                raise SystemExit(
                    f"SELF-CHECK FAILED on {name} with a person per feature: CP-SAT {own.status} "
                    f"{own.makespan}, milepost {own_mp.length}, CPM length {cpm_len}"
                )
            shutil.rmtree(variant)

            lev_cpm, lb = lower_bound(problem)
            sgs = serial_schedule(problem)
            sgs_len = length(problem, sgs, Node.duration.fget)
            solved = solve_checked(problem, args.time_limit, args.workers)
            mp = run_milepost(binary, plan, as_of, [])
            bad = violations(problem, mp.start, mp.finish)
            for i, owner in mp.owner.items():
                if i in problem.nodes and owner != problem.nodes[i].owner:
                    bad.append(("owner", f"{i}: milepost says owner {owner}, the plan {problem.nodes[i].owner}"))
            ends = max(mp.finish.values(), default=0)
            if ends != mp.length:
                bad.append(("length", f"length_days is {mp.length}, the last finish is day {ends}"))
            counts: dict[str, int] = {}
            for kind, _ in bad:
                counts[kind] = counts.get(kind, 0) + 1
            gap = None if bad else (mp.length - solved.makespan) / solved.makespan if solved.makespan else 0.0
            # At a time limit: the gap against the best bound (an upper
            # estimate of the real gap), never against a guess.
            gap_bound = None if bad or not solved.bound else (mp.length - solved.bound) / solved.bound
            row = {
                "plan": name,
                "features": sum(1 for n in problem.nodes.values() if n.kind == "feature"),
                "owned": sum(1 for n in problem.nodes.values() if n.owner),
                "people": len(problem.people),
                "links": len(problem.links),
                "cpm": cpm_len,
                "leveled_cpm": lev_cpm,
                "lower_bound": lb,
                "cpsat_status": solved.status,
                "cpsat_makespan": solved.makespan,
                "cpsat_bound": solved.bound,
                "cpsat_seconds": round(solved.seconds, 2),
                "serial": sgs_len,
                "milepost": mp.length,
                "milepost_leveled": mp.leveled,
                "milepost_seconds": round(mp.seconds, 3),
                "violations": counts,
                "gap": gap,
                "gap_to_bound": gap_bound,
            }
            rows.append(row)
            print_row(row, len(rows) == 1)
            if args.verbose:
                for _, text in bad[:5]:
                    print(f"      {text}")
            sys.stdout.flush()
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)

    total = time.monotonic() - t_run
    summarize(rows, args, no_level, cpm_checked, total)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"seed": args.seed, "plans": rows}, f, indent=2)
    if args.require_feasible and any(r["violations"] for r in rows):
        return 1
    return 0


def print_row(row: dict, header: bool) -> None:
    if header:
        print(
            "| plan | features | people | CPM | lower bound | CP-SAT | serial | milepost | milepost's schedule | gap |"
        )
        print("| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |")
    if row["cpsat_status"] == "optimal":
        cps = f"{row['cpsat_makespan']} optimal"
    else:
        cps = f"{row['cpsat_makespan']} (bound {row['cpsat_bound']}, time limit)"
    if row["violations"]:
        check = "infeasible: " + ", ".join(f"{n} {k}" for k, n in sorted(row["violations"].items()))
        gap = "n/a"
    else:
        check = "feasible"
        gap = pct(row["gap"]) if row["cpsat_status"] == "optimal" else f"≤ {pct(row['gap_to_bound'])}"
    print(
        f"| {row['plan']} | {row['features']} | {row['people']} | {row['cpm']} | {row['lower_bound']} "
        f"| {cps} | {row['serial']} | {row['milepost']} | {check} | {gap} |"
    )


def summarize(rows: list[dict], args, no_level: bool, cpm_checked: int, total: float) -> None:
    print()
    opt = [r for r in rows if r["cpsat_status"] == "optimal"]
    print(
        f"{len(rows)} plans (seed {args.seed}, {args.features} features, {args.people} people), "
        f"CP-SAT proved {len(opt)} optimal within {args.time_limit:g} deterministic s each "
        f"({args.workers} worker{'s' if args.workers > 1 else ''}); run took {total:.0f} s."
    )
    lb_gap = [(r["cpsat_makespan"] - r["lower_bound"]) / r["cpsat_makespan"] for r in opt if r["cpsat_makespan"]]
    if lb_gap:
        print(f"The lower bound is {pct(sum(lb_gap) / len(lb_gap))} below the optimum on average, {pct(max(lb_gap))} at worst.")
    sgs_gap = [(r["serial"] - r["cpsat_makespan"]) / r["cpsat_makespan"] for r in opt if r["cpsat_makespan"]]
    if sgs_gap:
        print(
            f"The plain serial pass (reference): mean gap {pct(sum(sgs_gap) / len(sgs_gap))}, "
            f"worst {pct(max(sgs_gap))}."
        )
    infeasible = [r for r in rows if r["violations"]]
    if infeasible:
        kinds: dict[str, int] = {}
        for r in infeasible:
            for k, n in r["violations"].items():
                kinds[k] = kinds.get(k, 0) + n
        print(
            f"milepost's schedule breaks the leveling model on {len(infeasible)} of {len(rows)} plans "
            f"({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))}): no gap is computed for those."
        )
        if not any(r["milepost_leveled"] for r in rows):
            print(
                "This milepost does not level resources yet (its JSON has no \"leveled\": true): people work "
                "on several features at once and at more than their capacity, as expected until leveling lands."
            )
    ok = [r for r in rows if not r["violations"]]
    exact = [r["gap"] for r in ok if r["cpsat_status"] == "optimal"]
    if exact:
        print(
            f"milepost against the optimum, on {len(exact)} plans where its schedule is feasible and the optimum "
            f"proved: mean gap {pct(sum(exact) / len(exact))}, worst {pct(max(exact))}."
        )
    bounded = [r["gap_to_bound"] for r in ok if r["cpsat_status"] != "optimal"]
    if bounded:
        print(
            f"On {len(bounded)} more plans CP-SAT hit its time limit: milepost is at most "
            f"{pct(max(bounded))} above the best bound there (mean at most {pct(sum(bounded) / len(bounded))})."
        )
    if not ok:
        print("No plan has a feasible milepost schedule: there is no gap to report.")
    print(
        f"Self-checks passed: with a person per feature at capacity 1, CP-SAT's optimum equals milepost's "
        f"length on all {len(rows)} plans; this model's CPM length equals milepost's unleveled length on "
        f"{cpm_checked} of {len(rows)} plans ("
        + ("read with --no-level" if no_level else "its schedule without --no-level, unleveled only before leveling lands")
        + ")."
    )


if __name__ == "__main__":
    sys.exit(main())
