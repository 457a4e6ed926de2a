//! An independent checker of leveled schedules (issue 14).
//!
//! Given a plan and where a schedule puts each item (`day` numbers, as
//! `schedule --format json` gives them, or as read off tj3's report),
//! [`violations`] lists every rule of docs/scheduling.md the schedule
//! breaks, one sentence each:
//!
//! - a link (FS, SS, FF, SF, with its lag in project working days; a
//!   feature's implicit FS into its milestone) that does not hold, with
//!   the progress override: a started feature keeps only its FF and SF
//!   links, a done one none;
//! - unstarted work before the project start, the status date or its
//!   `not-before`; started work whose effort left does not fit between the
//!   status date and its finish;
//! - owned work that starts or finishes on a day its owner does not work,
//!   or that spans a number of its owner's working days other than
//!   `ceil(E / capacity)` (E unrounded: the PERT mean for a three-point
//!   estimate; for started work, the effort left: `remaining`, else, for
//!   work in progress, the estimate less the owner's working days since
//!   it started times their capacity, at least one day of theirs
//!   (`capacity`));
//! - a person on two features on one day;
//! - for JSON: a `date` that is not its `day` on the project calendar.
//!
//! It reads the plan through `milepost::load` and the model types, and
//! works out the calendars itself (project working days: the calendar's
//! weekdays less holidays; a person's: those of them on their `workdays`,
//! less their `time-off`). It never calls the scheduler.

use std::collections::BTreeMap;

use jiff::civil::Date as Civil;
use milepost::Plan;
use milepost::model::{Date, DependencyType, Duration, Estimate, FeatureFile, Status, Unit};

/// Where a schedule puts an item: its first day and the day after its last
/// (`day` numbers, finish exclusive), and the dates it prints for them if
/// it prints any (first and last day of work).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub start: i64,
    pub finish: i64,
    pub dates: Option<(String, String)>,
}

/// Items by id.
pub type Timings = BTreeMap<String, Placed>;

/// The items of `schedule --format json` output: `early_start` and
/// `early_finish`, the forecast.
pub fn from_json(json: &serde_json::Value) -> Timings {
    let items = json["items"].as_array().expect("`items` is an array");
    items
        .iter()
        .map(|item| {
            let at = |key: &str| {
                let day = item[key]["day"]
                    .as_i64()
                    .unwrap_or_else(|| panic!("{key}.day in {item}"));
                let date = item[key]["date"]
                    .as_str()
                    .unwrap_or_else(|| panic!("{key}.date in {item}"));
                (day, date.to_string())
            };
            let (start, first) = at("early_start");
            let (finish, last) = at("early_finish");
            let id = item["id"].as_str().expect("`id` is a string").to_string();
            let placed = Placed {
                start,
                finish,
                dates: Some((first, last)),
            };
            (id, placed)
        })
        .collect()
}

/// The project's working days, numbered as the scheduler numbers them:
/// day 0 is the first working day on or after the project start.
pub struct Days {
    dates: Vec<Civil>,
    origin: usize,
    pub workdays: [bool; 7],
}

fn weekday(d: Civil) -> usize {
    d.weekday().to_monday_zero_offset() as usize
}

fn week_of(days: &[milepost::span::Sp<milepost::model::Weekday>]) -> [bool; 7] {
    let mut week = [false; 7];
    for d in days {
        week[d.value as usize] = true;
    }
    week
}

impl Days {
    /// The working days of `plan` as of `as_of`, from before the earliest
    /// date the plan names to `reach` working days after day 0 and 400
    /// more.
    pub fn of(plan: &Plan, as_of: Date, reach: i64) -> Days {
        let project = &plan.project.as_ref().expect("a project").data;
        let cal = project.calendar.as_ref().map(|c| &c.value);
        let workdays = match cal.and_then(|c| c.workdays.as_ref()) {
            Some(days) if !days.value.is_empty() => week_of(&days.value),
            _ => [true, true, true, true, true, false, false],
        };
        let holidays: Vec<(Civil, Civil)> = cal
            .map(|c| {
                c.holidays
                    .iter()
                    .map(|h| h.value.bounds())
                    .map(|(a, b)| (a.0, b.0))
                    .collect()
            })
            .unwrap_or_default();
        let start = project.project.value.start.value.0;
        let mut earliest = start.min(as_of.0);
        for f in &plan.features {
            for d in [&f.data.started, &f.data.finished, &f.data.not_before]
                .into_iter()
                .flatten()
            {
                earliest = earliest.min(d.value.0);
            }
        }
        let after = reach.max(0) + 400;
        let mut dates = Vec::new();
        let mut origin = None;
        let mut d = earliest.checked_sub(jiff::Span::new().days(30)).expect("a date");
        loop {
            let off = holidays.iter().any(|(a, b)| *a <= d && d <= *b);
            if workdays[weekday(d)] && !off {
                if origin.is_none() && d >= start {
                    origin = Some(dates.len());
                }
                dates.push(d);
            }
            if origin.is_some_and(|o| dates.len() > o + after as usize) {
                break;
            }
            d = d.tomorrow().expect("a date");
        }
        Days {
            dates,
            origin: origin.expect("day 0"),
            workdays,
        }
    }

    /// The date of working day `day`.
    pub fn date(&self, day: i64) -> Civil {
        let i = self.origin as i64 + day;
        assert!(
            i >= 0 && (i as usize) < self.dates.len(),
            "day {day} is outside the calendar"
        );
        self.dates[i as usize]
    }

    /// The number of the first working day on or after `d`: for an
    /// instant at midnight, how many working days come before it.
    pub fn on_or_after(&self, d: Civil) -> i64 {
        let i = self.dates.partition_point(|x| *x < d);
        i as i64 - self.origin as i64
    }

    /// Working weekdays per week: what `1w` means.
    pub fn per_week(&self) -> f64 {
        self.workdays.iter().filter(|&&w| w).count().max(1) as f64
    }
}

/// A person as the checker reads them.
struct Person {
    id: String,
    capacity: f64,
    week: [bool; 7],
    off: Vec<(Civil, Civil)>,
}

impl Person {
    fn of(p: &milepost::model::Person, project_week: [bool; 7]) -> Person {
        let mut week = project_week;
        if let Some(days) = p.workdays.as_ref().filter(|d| !d.value.is_empty()) {
            let theirs = week_of(&days.value);
            for (w, t) in week.iter_mut().zip(theirs) {
                *w = *w && t;
            }
        }
        Person {
            id: p.id.value.clone(),
            capacity: p.capacity.as_ref().map_or(1.0, |c| c.value.0),
            week,
            off: p
                .time_off
                .iter()
                .map(|r| (r.value.from.value.0, r.value.to.value.0))
                .collect(),
        }
    }

    /// Whether they work on project working day `day`.
    fn works(&self, days: &Days, day: i64) -> bool {
        let d = days.date(day);
        self.week[weekday(d)] && !self.off.iter().any(|(a, b)| *a <= d && d <= *b)
    }

    /// Their working days in `from .. to`.
    fn days_in(&self, days: &Days, from: i64, to: i64) -> Vec<i64> {
        (from..to).filter(|&d| self.works(days, d)).collect()
    }
}

/// Working days for a duration as written.
fn working_days(d: &Duration, per_week: f64) -> f64 {
    match d.unit {
        Unit::Day => d.amount,
        Unit::Week => d.amount * per_week,
    }
}

/// Whole days: rounded up, with the scheduler's tolerance for binary
/// fractions (3 / 0.3 is 10.000000000000002, which is 10 days).
pub fn ceil_days(x: f64) -> i64 {
    ((x - 1e-9).ceil() as i64).max(0)
}

/// A feature's estimate in working days, unrounded.
fn estimate(f: &FeatureFile, per_week: f64) -> f64 {
    match f.estimate.as_ref().map(|e| &e.value) {
        None => 0.0,
        Some(Estimate::Single(d)) => working_days(d, per_week),
        Some(Estimate::ThreePoint(t)) => {
            let [l, m, h] = [&t.low, &t.likely, &t.high].map(|d| working_days(&d.value, per_week));
            (l + 4.0 * m + h) / 6.0
        }
    }
}

fn kind_name(k: DependencyType) -> &'static str {
    match k {
        DependencyType::FinishToStart => "FS",
        DependencyType::StartToStart => "SS",
        DependencyType::FinishToFinish => "FF",
        DependencyType::StartToFinish => "SF",
    }
}

fn lag_text(lag: i64) -> String {
    match lag {
        0 => String::new(),
        l => format!(" {l:+}d"),
    }
}

/// Which rule a violation breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A date printed is not its day.
    Date,
    /// A link does not hold.
    Link,
    /// Work before the project start, the status date or a `not-before`;
    /// started work finishing too early for the work left.
    Floor,
    /// Owned work starting or finishing on a day its owner is off.
    DayOff,
    /// Owned work spanning `have` of its owner's working days where it
    /// needs `need` (for started work, from the status date on).
    Span { have: i64, need: i64 },
    /// One person on features `a` and `b` on the same days.
    Overlap { a: String, b: String },
}

/// A rule broken, and a sentence that says how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    pub text: String,
}

/// The sentences of `v`.
pub fn texts(v: &[Violation]) -> Vec<String> {
    v.iter().map(|v| v.text.clone()).collect()
}

struct Check<'a> {
    plan: &'a Plan,
    timings: &'a Timings,
    days: Days,
    people: Vec<Person>,
    status_day: i64,
    out: Vec<Violation>,
}

/// Every rule `timings` breaks for `plan` as of `as_of` (see the module
/// comment), one sentence each, in a fixed order: dates, links, floors,
/// people.
pub fn violations(plan: &Plan, as_of: Date, timings: &Timings) -> Vec<Violation> {
    let mut check = Check::new(plan, as_of, timings);
    check.dates();
    check.links();
    check.floors();
    check.people();
    check.out
}

/// A lower bound on the makespan of any valid schedule of `plan` as of
/// `as_of`, in working days: the makespan of its CPM schedule `cpm`, and
/// for each person the status date plus all the working days their work
/// not done needs (one feature at a time, on project working days at
/// most).
pub fn lower_bound(plan: &Plan, as_of: Date, cpm: &Timings) -> i64 {
    let check = Check::new(plan, as_of, cpm);
    let mut load = vec![0; check.people.len()];
    for w in check.owned_work() {
        load[w.person] += w.need;
    }
    load.into_iter()
        .map(|n| check.status_day + n)
        .fold(makespan(cpm), i64::max)
}

impl<'a> Check<'a> {
    fn new(plan: &'a Plan, as_of: Date, timings: &'a Timings) -> Check<'a> {
        let project = &plan.project.as_ref().expect("a project").data;
        let days = Days::of(plan, as_of, makespan(timings));
        let people = project
            .people
            .iter()
            .map(|p| Person::of(&p.value, days.workdays))
            .collect();
        let status_day = days.on_or_after(as_of.0).max(0);
        Check {
            plan,
            timings,
            days,
            people,
            status_day,
            out: Vec::new(),
        }
    }

    fn push(&mut self, rule: Rule, text: String) {
        self.out.push(Violation { rule, text });
    }

    fn placed(&self, id: &str) -> Option<&Placed> {
        self.timings.get(id)
    }

    fn show(&self, day: i64) -> String {
        format!("day {day} ({})", self.days.date(day))
    }

    /// The dates printed are the days numbered (for work of a day or more).
    fn dates(&mut self) {
        for (id, p) in self.timings {
            let Some((first, last)) = &p.dates else { continue };
            if p.finish <= p.start || self.plan.feature(id).is_none() {
                continue;
            }
            let (a, b) = (self.days.date(p.start), self.days.date(p.finish - 1));
            if (first.as_str(), last.as_str()) != (a.to_string().as_str(), b.to_string().as_str()) {
                self.push(Rule::Date, format!(
                    "{id} is placed on days {} .. {} ({a} to {b} on the project calendar), but its dates are {first} to {last}",
                    p.start,
                    p.finish - 1
                ));
            }
        }
    }

    /// Every link into a scheduled item, and each feature's FS into its
    /// milestone.
    fn links(&mut self) {
        let per_week = self.days.per_week();
        let mut links = Vec::new();
        for m in &self.plan.milestones {
            for d in &m.data.depends_on {
                links.push((
                    d.value.id().value.clone(),
                    m.id.to_string(),
                    d.value.kind(),
                    d.value.lag().map(|l| l.value),
                ));
            }
        }
        for f in &self.plan.features {
            if let Some(m) = &f.data.milestone {
                links.push((f.id.to_string(), m.value.clone(), DependencyType::FinishToStart, None));
            }
            let keeps = |k: DependencyType| match (f.data.status(), &f.data.started) {
                (Status::Done, _) => false,
                (_, Some(_)) => matches!(k, DependencyType::FinishToFinish | DependencyType::StartToFinish),
                _ => true,
            };
            for d in f.data.depends_on.iter().filter(|d| keeps(d.value.kind())) {
                links.push((
                    d.value.id().value.clone(),
                    f.id.to_string(),
                    d.value.kind(),
                    d.value.lag().map(|l| l.value),
                ));
            }
        }
        for (from, to, kind, lag) in links {
            let (Some(a), Some(b)) = (self.placed(&from), self.placed(&to)) else {
                continue; // cut, a risk, or not scheduled
            };
            let lag = lag.map_or(0, |l| working_days(&l, per_week).round() as i64);
            let (theirs, ours, what) = match kind {
                DependencyType::FinishToStart => (a.finish, b.start, ("finish", "start")),
                DependencyType::StartToStart => (a.start, b.start, ("start", "start")),
                DependencyType::FinishToFinish => (a.finish, b.finish, ("finish", "finish")),
                DependencyType::StartToFinish => (a.start, b.finish, ("start", "finish")),
            };
            if ours < theirs + lag {
                self.push(
                    Rule::Link,
                    format!(
                        "{} {from} -> {to}{} does not hold: {to}'s {} is day {ours}, {from}'s {} is day {theirs}",
                        kind_name(kind),
                        lag_text(lag),
                        what.1,
                        what.0
                    ),
                );
            }
        }
    }

    /// Unstarted work starts on or after day 0, the status date and its
    /// `not-before`; milestones are reached on day 0 or later.
    fn floors(&mut self) {
        for m in &self.plan.milestones {
            if let Some(p) = self.placed(&m.id).filter(|p| p.start < 0) {
                self.push(
                    Rule::Floor,
                    format!(
                        "milestone {} is reached on day {}, before the project start",
                        m.id, p.start
                    ),
                );
            }
        }
        for f in &self.plan.features {
            let Some(p) = self.placed(&f.id).cloned() else { continue };
            if f.data.status() == Status::Done || f.data.started.is_some() {
                continue;
            }
            if p.start < self.status_day {
                self.push(
                    Rule::Floor,
                    format!(
                        "{} starts on day {}, before the status date ({})",
                        f.id,
                        p.start,
                        self.show(self.status_day)
                    ),
                );
            }
            if let Some(nb) = &f.data.not_before {
                let floor = self.days.on_or_after(nb.value.0);
                if p.start < floor {
                    self.push(
                        Rule::Floor,
                        format!(
                            "{} starts on day {}, before its not-before {} (day {floor})",
                            f.id, p.start, nb.value
                        ),
                    );
                }
            }
        }
    }
}

/// `x` to three decimals, for sentences (4.2, not 4.199999999999999).
fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Owned work, as the people rules read it.
struct Work {
    id: String,
    person: usize,
    /// Its owner's working days it takes: `ceil(E / capacity)`.
    need: i64,
    effort: f64,
    started: bool,
}

impl Check<'_> {
    /// The effort left of feature `f`, started and not done: `remaining`;
    /// else, in progress with an owner among the people (`owner`), the
    /// estimate less a day for each of the owner's working days since it
    /// started, times their capacity, at least their capacity (a day of
    /// theirs); else the estimate in whole days less the project working
    /// days since it started, at least one.
    fn effort_left(&self, f: &FeatureFile, per_week: f64, owner: Option<usize>) -> f64 {
        if let Some(r) = &f.remaining {
            return working_days(&r.value, per_week);
        }
        let started = f
            .started
            .as_ref()
            .map_or(self.status_day, |s| self.days.on_or_after(s.value.0));
        if let (Status::InProgress, Some(p)) = (f.status(), owner.and_then(|o| self.people.get(o))) {
            let worked = p.days_in(&self.days, started, self.status_day).len() as f64;
            return (estimate(f, per_week) - worked * p.capacity).max(p.capacity);
        }
        let elapsed = (self.status_day - started).max(0);
        (ceil_days(estimate(f, per_week)) - elapsed).max(1) as f64
    }

    /// The owned work the people rules apply to: not done, not cut, of a
    /// day or more, with an owner among the people.
    fn owned_work(&self) -> Vec<Work> {
        let per_week = self.days.per_week();
        let mut work = Vec::new();
        for f in &self.plan.features {
            let data = &f.data;
            if matches!(data.status(), Status::Done | Status::Cut) || self.placed(&f.id).is_none() {
                continue;
            }
            let Some(person) = data
                .owner
                .as_ref()
                .and_then(|o| self.people.iter().position(|p| p.id == o.value))
            else {
                continue;
            };
            let started = data.started.is_some();
            // Blocked before it started: its `remaining`, when it has one,
            // is its work (docs/scheduling.md, "Blocked work").
            let blocked_left = data.remaining.as_ref().filter(|_| data.status() == Status::Blocked);
            let effort = match (started, blocked_left) {
                (true, _) => self.effort_left(data, per_week, Some(person)),
                (false, Some(r)) => working_days(&r.value, per_week),
                (false, None) => estimate(data, per_week),
            };
            let need = ceil_days(effort / self.people[person].capacity);
            if need > 0 {
                work.push(Work {
                    id: f.id.to_string(),
                    person,
                    need,
                    effort,
                    started,
                });
            }
        }
        work
    }

    /// Started work without an owner: its effort left fits between the
    /// status date and its finish.
    fn unowned_started(&mut self, owned: &[Work]) {
        let per_week = self.days.per_week();
        for f in &self.plan.features {
            let data = &f.data;
            if data.started.is_none() || matches!(data.status(), Status::Done | Status::Cut) {
                continue;
            }
            let Some(p) = self.placed(&f.id) else { continue };
            if owned.iter().any(|w| *w.id == *f.id) {
                continue;
            }
            let need = ceil_days(self.effort_left(data, per_week, None));
            if p.finish - need < self.status_day {
                self.push(Rule::Floor, format!(
                    "{} finishes on day {}, but its {need} days of work left cannot start before the status date ({})",
                    f.id,
                    p.finish - 1,
                    self.show(self.status_day)
                ));
            }
        }
    }

    /// The owner's working days `w` occupies, checking that it starts and
    /// finishes on days they work and spans exactly the days it needs
    /// (started work: the last `need` of them up to its finish, from the
    /// status date on).
    fn occupied(&mut self, w: &Work) -> Vec<i64> {
        let Some(p) = self.placed(&w.id).cloned() else {
            return Vec::new();
        };
        let person = &self.people[w.person];
        let who = person.id.clone();
        let c = person.capacity;
        let (start_off, finish_off) = (
            !person.works(&self.days, p.start),
            p.finish > p.start && !person.works(&self.days, p.finish - 1),
        );
        let (from, to) = if w.started {
            (self.status_day, p.finish)
        } else {
            (p.start, p.finish)
        };
        let mut days = person.days_in(&self.days, from, to);
        if !w.started && start_off {
            self.push(
                Rule::DayOff,
                format!("{} starts on {}, a day off for {who}", w.id, self.show(p.start)),
            );
        }
        if finish_off {
            self.push(
                Rule::DayOff,
                format!("{} finishes on {}, a day off for {who}", w.id, self.show(p.finish - 1)),
            );
        }
        if w.started {
            if (days.len() as i64) < w.need {
                self.push(Rule::Span { have: days.len() as i64, need: w.need }, format!(
                    "{} has {}d of effort left at capacity {c}, {} of {who}'s working days, but only {} from the status date ({}) to its finish",
                    w.id,
                    round(w.effort),
                    w.need,
                    days.len(),
                    self.show(self.status_day)
                ));
                return days;
            }
            return days.split_off(days.len() - w.need as usize);
        }
        if days.len() as i64 != w.need {
            self.push(Rule::Span { have: days.len() as i64, need: w.need }, format!(
                "{} spans {} of {who}'s working days (days {} .. {}), where its effort of {}d at capacity {c} needs {}",
                w.id,
                days.len(),
                p.start,
                p.finish - 1,
                round(w.effort),
                w.need
            ));
        }
        days
    }

    /// Owned work on its owner's days; nobody on two features a day.
    fn people(&mut self) {
        let owned = self.owned_work();
        self.unowned_started(&owned);
        // Per person, day -> the work on it; per pair, the days shared.
        let mut taken: Vec<BTreeMap<i64, usize>> = vec![BTreeMap::new(); self.people.len()];
        let mut shared: BTreeMap<(usize, usize), Vec<i64>> = BTreeMap::new();
        for (k, w) in owned.iter().enumerate() {
            for day in self.occupied(w) {
                if let Some(&other) = taken[w.person].get(&day) {
                    shared.entry((other, k)).or_default().push(day);
                } else {
                    taken[w.person].insert(day, k);
                }
            }
        }
        for ((a, b), days) in shared {
            let (first, last) = (days[0], days[days.len() - 1]);
            self.push(
                Rule::Overlap {
                    a: owned[a].id.clone(),
                    b: owned[b].id.clone(),
                },
                format!(
                    "{} works on {} and {} on the same {} day{}, {} to {}",
                    self.people[owned[a].person].id,
                    owned[a].id,
                    owned[b].id,
                    days.len(),
                    if days.len() == 1 { "" } else { "s" },
                    self.days.date(first),
                    self.days.date(last)
                ),
            );
        }
    }
}

/// The makespan of `timings`: the day after the last day of work.
pub fn makespan(timings: &Timings) -> i64 {
    timings.values().map(|p| p.finish).max().unwrap_or(0)
}
