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
//!   estimate; for started work, the effort left: `remaining`, else the
//!   estimate in whole days less the project working days since it
//!   started, at least one);
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
    /// The effort left of feature `f`, started and not done: `remaining`,
    /// else the estimate in whole days less the working days since it
    /// started, at least one.
    fn effort_left(&self, f: &FeatureFile, per_week: f64) -> f64 {
        if let Some(r) = &f.remaining {
            return working_days(&r.value, per_week);
        }
        let started = f
            .started
            .as_ref()
            .map_or(self.status_day, |s| self.days.on_or_after(s.value.0));
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
            let effort = if started {
                self.effort_left(data, per_week)
            } else {
                estimate(data, per_week)
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
            let need = ceil_days(self.effort_left(data, per_week));
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

// ---------------------------------------------------------------------------
// The checker, checked.

use std::path::Path;

use crate::support::{check_dir, milepost, run, write_files};

/// The valid plan in `dir`.
pub fn load(dir: &Path) -> Plan {
    let plan = check_dir(dir, "").unwrap();
    assert_eq!(plan.error_count(), 0, "{}: {:#?}", dir.display(), plan.diagnostics);
    plan
}

/// The forecast of `milepost schedule --format json` for the plan in
/// `dir` as of `as_of` (leveled when the plan has people who own work),
/// with `args` added.
pub fn schedule_json(dir: &Path, as_of: &str, args: &[&str]) -> serde_json::Value {
    let out = run(milepost()
        .args(["schedule", "--format", "json", "--as-of", as_of])
        .args(args)
        .arg("--plan")
        .arg(dir));
    assert_eq!(out.code, 0, "schedule failed:\n{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

/// The forecast of the plan in `dir` as of `as_of`.
pub fn forecast(dir: &Path, as_of: &str) -> Timings {
    from_json(&schedule_json(dir, as_of, &[]))
}

/// The CPM schedule, people left out: `schedule --no-level`.
pub fn unleveled(dir: &Path, as_of: &str) -> Timings {
    from_json(&schedule_json(dir, as_of, &["--no-level"]))
}

/// What the checker says of the unleveled schedule of a plan of `project`
/// (the `[project]` table and the people) and `features` (id, text).
fn flags(project: &str, features: &[(&str, &str)], as_of: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    write_plan(dir.path(), project, features);
    let plan = load(dir.path());
    texts(&violations(
        &plan,
        Date::parse(as_of).unwrap(),
        &unleveled(dir.path(), as_of),
    ))
}

fn write_plan(dir: &Path, project: &str, features: &[(&str, &str)]) {
    let files: Vec<(String, String)> = std::iter::once(("project.toml".to_string(), project.to_string()))
        .chain(
            features
                .iter()
                .map(|(id, text)| (format!("features/{id}.toml"), text.to_string())),
        )
        .collect();
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    write_files(dir, &refs);
}

/// Starts on Monday 2026-03-02, Monday to Friday.
const ANA: &str = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

#[test]
fn two_parallel_features_of_one_person_are_flagged() {
    // a: days 0..2 (Mar 2-4), b: days 0..1 (Mar 2-3), both ana's.
    let got = flags(
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"3d\"\nowner = \"ana\"\n"),
            ("b", "title = \"B\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        ["ana works on a and b on the same 2 days, 2026-03-02 to 2026-03-03"]
    );
}

#[test]
fn three_overlapping_features_are_flagged_pair_by_pair() {
    // a: Mar 2-6, b: Mar 2-3, c after an SS +1 on a: Mar 3-5. Day by day,
    // the first feature on a day holds it: b and c meet a, not each other.
    let got = flags(
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"5d\"\nowner = \"ana\"\n"),
            ("b", "title = \"B\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
            (
                "c",
                "title = \"C\"\nestimate = \"3d\"\nowner = \"ana\"\ndepends-on = [{ id = \"a\", type = \"SS\", lag = \"1d\" }]\n",
            ),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        [
            "ana works on a and b on the same 2 days, 2026-03-02 to 2026-03-03",
            "ana works on a and c on the same 3 days, 2026-03-03 to 2026-03-05",
        ]
    );
}

#[test]
fn capacity_time_off_and_workdays_are_flagged() {
    let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
                   [[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n\n\
                   [[people]]\nid = \"ben\"\nname = \"Ben\"\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n\
                   time-off = [{ from = 2026-03-03, to = 2026-03-03 }]\n";
    let got = flags(
        project,
        &[
            // 4.2 days at half time: 9 of ana's days; the CPM gives it 5.
            (
                "a",
                "title = \"A\"\nestimate = { low = \"3d\", likely = \"4d\", high = \"6.2d\" }\nowner = \"ana\"\n",
            ),
            // Mar 2-4; ben is off on Mar 3: 2 of his days for 3 of effort.
            ("b", "title = \"B\"\nestimate = \"3d\"\nowner = \"ben\"\n"),
            // Friday Mar 6, which ben does not work.
            (
                "c",
                "title = \"C\"\nestimate = \"1d\"\nowner = \"ben\"\nnot-before = 2026-03-06\n",
            ),
        ],
        "2026-03-02",
    );
    assert_eq!(
        got,
        [
            "a spans 5 of ana's working days (days 0 .. 4), where its effort of 4.2d at capacity 0.5 needs 9",
            "b spans 2 of ben's working days (days 0 .. 2), where its effort of 3d at capacity 1 needs 3",
            "c starts on day 4 (2026-03-06), a day off for ben",
            "c finishes on day 4 (2026-03-06), a day off for ben",
            "c spans 0 of ben's working days (days 4 .. 4), where its effort of 1d at capacity 1 needs 1",
        ]
    );
}

/// Copies the plan in `from` to `to`, leaving out every `owner` line.
fn copy_without_owners(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_without_owners(&path, &target);
        } else {
            let text = std::fs::read_to_string(&path).unwrap();
            let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("owner = ")).collect();
            std::fs::write(&target, kept.join("\n") + "\n").unwrap();
        }
    }
}

/// The CPM schedule keeps every link, floor and date rule: on the example
/// and the tj3 fixtures (every link type, leads, short weeks, holidays,
/// progress), with owners left out, the checker finds nothing.
#[test]
fn the_cpm_schedule_of_plans_without_owners_passes() {
    let root = crate::support::root();
    let plans = [
        ("examples/atlas/plan", &["2026-01-05", "2026-03-16", "2026-06-01"][..]),
        (
            "tests/fixtures/tj3/calendar/plan",
            &["2026-03-02", "2026-04-03", "2026-04-22"][..],
        ),
        ("tests/fixtures/tj3/progress/plan", &["2026-04-06", "2026-04-14"][..]),
        ("tests/fixtures/tj3/links/plan", &["2026-03-18"][..]),
    ];
    for (rel, dates) in plans {
        let dir = tempfile::tempdir().unwrap();
        copy_without_owners(&root.join(rel), dir.path());
        let plan = load(dir.path());
        assert!(plan.features.iter().all(|f| f.data.owner.is_none()));
        for as_of in dates {
            let timings = unleveled(dir.path(), as_of);
            assert!(timings.len() > 10, "{rel}: {} items", timings.len());
            let got = texts(&violations(&plan, Date::parse(as_of).unwrap(), &timings));
            assert!(got.is_empty(), "{rel} as of {as_of}:\n{}", got.join("\n"));
        }
    }
}

/// People whose work does not collide: one after the other, at full
/// capacity, with time off and short weeks outside their work, and work
/// that has started or is done. The CPM schedule is then already leveled,
/// and passes.
#[test]
fn a_plan_without_conflicts_passes() {
    let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n\
                   [[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-03-09, to = 2026-03-13 }]\n\n\
                   [[people]]\nid = \"ben\"\nname = \"Ben\"\ncapacity = 1\nworkdays = [\"mon\", \"tue\", \"wed\"]\n\n\
                   [[people]]\nid = \"eve\"\nname = \"Eve\"\n";
    // As of Wednesday 2026-03-04, day 2.
    let got = flags(
        project,
        &[
            // ana: a on Mar 4-5; c 6 working days after a, Mon Mar 16, after her week off.
            ("a", "title = \"A\"\nestimate = \"2d\"\nowner = \"ana\"\n"),
            (
                "c",
                "title = \"C\"\nestimate = \"1d\"\nowner = \"ana\"\ndepends-on = [{ id = \"a\", lag = \"6d\" }]\n",
            ),
            // ben (Mon-Wed): b on Wed Mar 4; d 3 days after b starts, Mon-Wed Mar 9-11.
            ("b", "title = \"B\"\nestimate = \"1d\"\nowner = \"ben\"\n"),
            (
                "d",
                "title = \"D\"\nestimate = \"3d\"\nowner = \"ben\"\n\
                 depends-on = [{ id = \"b\", type = \"SS\", lag = \"3d\" }, { id = \"b\", type = \"FF\" }]\n",
            ),
            // eve: e done; f in progress, 2 days left (Mar 4-5); h after f (Fri Mar 6, Mon Mar 9).
            (
                "e",
                "title = \"E\"\nestimate = \"2d\"\nowner = \"eve\"\nstatus = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-03\n",
            ),
            (
                "f",
                "title = \"F\"\nestimate = \"4d\"\nowner = \"eve\"\nstatus = \"in-progress\"\nstarted = 2026-03-03\n\
                 remaining = \"2d\"\ndepends-on = [{ id = \"e\", type = \"SF\", lag = \"-1d\" }]\n",
            ),
            (
                "h",
                "title = \"H\"\nestimate = \"2d\"\nowner = \"eve\"\ndepends-on = [\"f\"]\n",
            ),
            // Nobody's: not constrained by people.
            ("g", "title = \"G\"\nestimate = \"2w\"\nnot-before = 2026-03-04\n"),
        ],
        "2026-03-04",
    );
    assert_eq!(got, Vec::<String>::new());
}

/// A schedule altered by hand breaks the rules the checker names: a link,
/// the status date, a `not-before`, started work (its own or a person's)
/// finishing too early for the work left, and a date that is not its day.
#[test]
fn each_broken_rule_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_plan(
        dir.path(),
        ANA,
        &[
            ("a", "title = \"A\"\nestimate = \"3d\"\n"),
            (
                "b",
                "title = \"B\"\nestimate = \"2d\"\ndepends-on = [{ id = \"a\", type = \"FF\", lag = \"1d\" }]\n",
            ),
            ("c", "title = \"C\"\nestimate = \"1d\"\nnot-before = 2026-03-12\n"),
            (
                "d",
                "title = \"D\"\nestimate = \"5d\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"2d\"\n",
            ),
            (
                "e",
                "title = \"E\"\nestimate = \"5d\"\nowner = \"ana\"\nstatus = \"in-progress\"\nstarted = 2026-03-02\nremaining = \"1d\"\n",
            ),
        ],
    );
    let plan = load(dir.path());
    let as_of = "2026-03-04";
    let mut timings = unleveled(dir.path(), as_of);
    // As scheduled: a days 2..4 (from the status date, Wed Mar 4), b 4..6
    // (finishing a day after a), c from Thu Mar 12 (day 8), d to day 4.
    let at = |s: i64, f: i64| (s, f);
    let got: Vec<(i64, i64)> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|id| at(timings[*id].start, timings[*id].finish))
        .collect();
    assert_eq!(got, [(2, 5), (4, 6), (8, 9), (0, 4), (0, 3)]);
    assert!(violations(&plan, Date::parse(as_of).unwrap(), &timings).is_empty());

    let mut set = |id: &str, start: i64, finish: i64| {
        let p = timings.get_mut(id).unwrap();
        (p.start, p.finish, p.dates) = (start, finish, None);
    };
    set("a", 1, 4);
    set("b", 2, 4);
    set("c", 7, 8);
    set("d", 0, 3);
    set("e", 0, 2);
    timings.get_mut("d").unwrap().dates = Some(("2026-03-02".into(), "2026-03-05".into()));
    let got = texts(&violations(&plan, Date::parse(as_of).unwrap(), &timings));
    assert_eq!(
        got,
        [
            "d is placed on days 0 .. 2 (2026-03-02 to 2026-03-04 on the project calendar), but its dates are 2026-03-02 to 2026-03-05",
            "FF a -> b +1d does not hold: b's finish is day 4, a's finish is day 4",
            "a starts on day 1, before the status date (day 2 (2026-03-04))",
            "c starts on day 7, before its not-before 2026-03-12 (day 8)",
            "d finishes on day 2, but its 2 days of work left cannot start before the status date (day 2 (2026-03-04))",
            "e has 1d of effort left at capacity 1, 1 of ana's working days, but only 0 from the status date (day 2 (2026-03-04)) to its finish",
        ]
    );
}

// ---------------------------------------------------------------------------
// Generated plans.

use crate::support::people_plans;

/// The seeds of the generated plans the leveling checks run on.
pub const SEEDS: std::ops::RangeInclusive<u64> = 1..=40;

/// Writes the plan of `seed` into a fresh directory; returns it, the plan
/// loaded (valid) and its status date.
pub fn generated(seed: u64) -> (tempfile::TempDir, Plan, String) {
    let g = people_plans::generate(seed);
    let dir = tempfile::tempdir().unwrap();
    g.write(dir.path());
    let plan = check_dir(dir.path(), "").unwrap();
    assert_eq!(
        plan.error_count(),
        0,
        "seed {seed}: {:#?}\n{:#?}",
        plan.diagnostics,
        g.files
    );
    (dir, plan, g.as_of)
}

/// Whether `v` breaks a rule of people (not a link, floor or date).
pub fn about_people(v: &Violation) -> bool {
    matches!(v.rule, Rule::DayOff | Rule::Span { .. } | Rule::Overlap { .. })
}

/// The generated plans are valid, their CPM schedules keep every link,
/// floor and date rule, and overbook people: the checker finds what
/// leveling must fix on most of them.
#[test]
fn generated_plans_overbook_people_when_not_leveled() {
    let (mut overlaps, mut spans, mut days_off) = (0, 0, 0);
    for seed in SEEDS {
        let (dir, plan, as_of) = generated(seed);
        let found = violations(&plan, Date::parse(&as_of).unwrap(), &unleveled(dir.path(), &as_of));
        let (people, other): (Vec<Violation>, Vec<Violation>) = found.into_iter().partition(about_people);
        assert!(other.is_empty(), "seed {seed}:\n{}", texts(&other).join("\n"));
        overlaps += usize::from(people.iter().any(|v| matches!(v.rule, Rule::Overlap { .. })));
        spans += usize::from(people.iter().any(|v| matches!(v.rule, Rule::Span { .. })));
        days_off += usize::from(people.iter().any(|v| v.rule == Rule::DayOff));
    }
    let n = SEEDS.count();
    println!(
        "of {n} generated plans, the CPM schedule overbooks someone in {overlaps}, misses a capacity, time off or workday in {spans}, starts or ends work on a day off in {days_off}"
    );
    assert!(
        overlaps * 4 >= n * 3 && spans * 2 >= n && days_off * 4 >= n,
        "{overlaps} {spans} {days_off} of {n}"
    );
}

/// milepost's own forecast of every generated plan keeps every rule,
/// finishes no item earlier than the CPM schedule, and is the same with one
/// thread or two.
#[test]
fn milepost_levels_generated_plans_validly() {
    let mut failures = Vec::new();
    for seed in SEEDS {
        let (dir, plan, as_of) = generated(seed);
        let leveled = forecast(dir.path(), &as_of);
        let cpm = unleveled(dir.path(), &as_of);
        let found = texts(&violations(&plan, Date::parse(&as_of).unwrap(), &leveled));
        if !found.is_empty() {
            failures.push(format!("seed {seed} as of {as_of}:\n  {}", found.join("\n  ")));
        }
        if makespan(&leveled) < makespan(&cpm) {
            failures.push(format!(
                "seed {seed}: leveled makespan {} < CPM {}",
                makespan(&leveled),
                makespan(&cpm)
            ));
        }
        // No item finishes earlier than the critical path method has it.
        for (id, p) in &leveled {
            if cpm.get(id).is_some_and(|c| p.finish < c.finish) {
                failures.push(format!(
                    "seed {seed}: {id} finishes on day {} before its CPM finish",
                    p.finish
                ));
            }
        }
        // The same schedule whatever the number of threads.
        let text = |threads: &str| {
            let out = run(milepost()
                .env("MILEPOST_THREADS", threads)
                .args(["schedule", "--format", "json", "--as-of", &as_of, "--plan"])
                .arg(dir.path()));
            assert_eq!(out.code, 0, "{}", out.stderr);
            out.stdout
        };
        if seed % 8 == 0 && text("1") != text("2") {
            failures.push(format!("seed {seed}: the schedule differs with 1 and 2 threads"));
        }
        println!(
            "seed {seed}: makespan {} working days leveled, {} CPM",
            makespan(&leveled),
            makespan(&cpm)
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
