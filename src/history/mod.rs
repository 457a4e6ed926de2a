//! `milepost history`: the plan at every commit that changed it, scheduled
//! as of that commit's date.
//!
//! [`walk`] finds the commits and reads and decodes each distinct file once;
//! while it goes on, worker threads (`process.rs`) assemble each commit's plan
//! from the decoded files, validate it after its parent's, schedule it and
//! compare it with its parent's plan with the engine of `milepost diff`;
//! the results are gathered into a [`History`]: slip series per milestone,
//! scope over time and per week, the change log, and with `--item` the life
//! of one item.

pub mod confidence;
pub mod context;
mod item;
mod process;
mod slips;
pub mod walk;

use std::collections::{BTreeMap, HashMap};

use crate::diff::{self, Change, PlanDiff, Version};
use crate::error::Result;
use crate::git::{ObjectId, Repo};

use crate::incremental::Calendars;
use crate::model::{Date, Status};
use crate::plan::{ItemKind, Plan};
use crate::schedule::calendar::{Calendar, days_per_week};
use crate::schedule::{Schedule, estimate_days};

pub use context::*;
use walk::{Parent, Touch, Walked};

/// Bumped when a field of [`History`] changes meaning or disappears.
pub const VERSION: u32 = 1;

/// What to walk and what to tell.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub select: walk::Select,
    /// `--item ID`: the life of one item.
    pub item: Option<String>,
    /// How each commit's plan is scheduled (`--no-level`: the critical
    /// path method alone).
    pub schedule: crate::schedule::Options,
    /// `--forecast`: the Monte Carlo forecast of each commit's plan, made
    /// so (its `level` as `schedule`'s).
    pub forecast: Option<crate::forecast::Options>,
}

/// A milestone's forecast at one commit.
#[derive(Clone, Debug)]
struct Forecast {
    id: String,
    title: String,
    finish: Date,
    deadline: Option<Date>,
    margin: Option<i64>,
    /// With `--forecast`: its Monte Carlo band and chance of its deadline.
    confidence: Option<(confidence::Band, Option<f64>)>,
}

/// Scope at one commit, with the numbers the charts need.
#[derive(Clone, Debug)]
struct Size {
    features: usize,
    done: usize,
    cut: usize,
    estimate_days: f64,
    done_days: f64,
    finish: Date,
}

/// Everything worked out for one commit.
struct Point {
    errors: usize,
    missing: bool,
    project: Option<(String, Option<String>)>,
    forecasts: Vec<Forecast>,
    size: Option<Size>,
    /// Its entry in the change log (written by the worker that compared it,
    /// not after the walk).
    log: LogEntry,
    /// Scope this commit moved (the week's fields, for one commit).
    moved: ScopeWeek,
    /// The live features' estimate in its first parent's plan (0 with no
    /// plan there); `None` when not known: a parent not fetched, or whose
    /// plan could not be scheduled as of this commit's date.
    base_scope: Option<f64>,
    /// The project file, when the plan was scheduled: the newest one's
    /// calendar counts the working days of slips.
    calendar: Option<std::sync::Arc<crate::model::ProjectFile>>,
    /// With `--forecast`, when the plan was scheduled: its Monte Carlo
    /// figures (shared with the commits that reuse them).
    confidence: Option<std::sync::Arc<confidence::Confidence>>,
}

/// Every file the walk read and decoded, and every listing, handed back by
/// [`history`] for the caller to free when it suits: a command that ends
/// right after its output keeps it (`std::mem::forget`), since freeing it
/// one allocation at a time would only take a core from the output.
pub struct WalkData(#[allow(dead_code)] Walked);

/// Walks the history of the plan directory of `repo`.
pub fn history(repo: &Repo, options: &Options, progress: &mut dyn FnMut(usize, usize)) -> Result<(History, WalkData)> {
    walk::tune();
    let prefix = repo.prefix().trim_matches('/');
    let (walked, points) = process::walk_and_process(repo, prefix, options, progress)?;
    let mut history = gather(&walked, points, prefix, options);
    if history.project.is_empty() {
        // No commit in the window changed the plan: the project is named
        // as the walk's tip has it.
        if let Some(p) = tip_plan(repo, options).and_then(|plan| plan.project) {
            history.project = p.data.project.name.value.clone();
            history.currency = p.data.project.currency.as_ref().map(|c| c.value.clone());
        }
    }
    Ok((history, WalkData(walked)))
}

/// The plan at the commit the walk starts from (the end of `A..B`, or
/// `HEAD`), if it can be read.
fn tip_plan(repo: &Repo, options: &Options) -> Option<Plan> {
    let range = options.select.range.as_deref().unwrap_or("HEAD");
    let tip = match range.split_once("..") {
        Some((_, "")) => "HEAD",
        Some((_, tip)) => tip,
        None => range,
    };
    crate::load::plan_at(repo, tip).ok()
}

/// The plan tree a commit is compared with: its first parent's (`None`
/// inside: no plan there), or none to compare with (a shallow boundary).
fn parent_tree(t: &Touch) -> Option<Option<ObjectId>> {
    match t.parent {
        Parent::Commit { tree, .. } => Some(tree),
        Parent::Root => Some(None),
        Parent::Boundary => None,
    }
}

/// A plan's schedule as of a date (none for an invalid plan), with the
/// network it solved and its solution while its child may still be
/// scheduled from them.
#[derive(Default)]
struct Scheduled {
    schedule: Option<Schedule>,
    network: Option<crate::incremental::Solved>,
}

/// A worker's plans by plan tree, and schedules by plan tree and day (a
/// handful each: the last commit's and its parent's), hashed fast.
type Plans = HashMap<Option<ObjectId>, process::Loaded, foldhash::fast::FixedState>;
type Schedules = HashMap<(Option<ObjectId>, Date), Scheduled, foldhash::fast::FixedState>;

/// A valid plan's forecast as of `as_of`, with its solved network (see
/// [`crate::incremental::forecast_after`]); nothing for an invalid plan.
fn schedule_of(
    plan: &Plan,
    as_of: Date,
    calendars: &mut Calendars,
    before: Option<(&Plan, crate::incremental::Solved)>,
    options: crate::schedule::Options,
) -> Scheduled {
    if plan.error_count() > 0 {
        return Scheduled::default();
    }
    match crate::incremental::forecast_after(plan, as_of, calendars, before, options) {
        Ok((schedule, network)) => Scheduled {
            schedule: Some(schedule),
            network: Some(network),
        },
        Err(_) => Scheduled::default(),
    }
}

/// One commit: its plan scheduled as of its date, compared with its
/// parent's, with its Monte Carlo figures (`--forecast`).
fn point(
    t: &Touch,
    loaded: &Plans,
    schedules: &Schedules,
    confidence: Option<std::sync::Arc<confidence::Confidence>>,
) -> Point {
    let empty = Plan::default();
    let plan = loaded.get(&t.tree).map_or(&empty, |l| &l.plan);
    let schedule = schedules.get(&(t.tree, t.date)).and_then(|s| s.schedule.as_ref());
    let parent = parent_tree(t).map(|tree| (tree, loaded.get(&tree).map_or(&empty, |l| &l.plan)));
    let cost = |tree| loaded.get(&tree).map(|l| l.cost);
    let diff = parent.map(|(tree, base)| {
        let before = schedules.get(&(tree, t.date)).and_then(|s| s.schedule.as_ref());
        let short = t.id.short();
        let version = |label: String, plan, cost, not_a_folder| Version {
            label,
            revision: None,
            display: String::new(),
            plan,
            cost,
            not_a_folder,
        };
        diff::compare(
            &version(format!("{short}^"), base, cost(tree), None),
            &version(short, plan, cost(t.tree), t.not_a_folder),
            before,
            schedule,
            t.date,
            &t.renames,
            t.changed.as_ref(),
        )
    });
    let moved = match (&diff, parent) {
        (Some(d), Some((_, base))) => moved(d, base, plan),
        _ => ScopeWeek::default(),
    };
    // (Each plan's sum worked out once: for its own point, then its child's.)
    let live_days = |tree: Option<ObjectId>, plan: &Plan, s: &Schedule| -> f64 {
        let sum = || size(plan, s).estimate_days;
        loaded.get(&tree).map_or_else(sum, |l| *l.live_days.get_or_init(sum))
    };
    let base_scope = parent.and_then(|(tree, base)| match tree {
        None => Some(0.0),
        Some(_) => {
            let before = schedules.get(&(tree, t.date)).and_then(|s| s.schedule.as_ref())?;
            Some(live_days(tree, base, before))
        }
    });
    let project = plan.project.as_ref().map(|p| {
        (
            p.data.project.name.value.clone(),
            p.data.project.currency.as_ref().map(|c| c.value.clone()),
        )
    });
    let (forecasts, size, calendar) = match schedule {
        Some(s) => (
            forecasts(s, confidence.as_deref()),
            Some(size(plan, s)),
            plan.project.as_ref().map(|p| p.data.clone()),
        ),
        None => (Vec::new(), None, None),
    };
    // Its sum, kept for its child's `base_scope`.
    if let (Some(size), Some(l)) = (&size, loaded.get(&t.tree)) {
        let _ = l.live_days.set(size.estimate_days);
    }
    let (errors, warnings, missing) = (plan.error_count(), plan.warning_count(), t.tree.is_none());
    Point {
        errors,
        missing,
        project,
        forecasts,
        size,
        log: log_entry(t, (errors, warnings), missing, schedule.is_some(), diff),
        moved,
        base_scope,
        calendar,
        confidence,
    }
}

fn forecasts(s: &Schedule, confidence: Option<&confidence::Confidence>) -> Vec<Forecast> {
    s.entries
        .iter()
        .filter(|e| e.kind == ItemKind::Milestone)
        .map(|e| Forecast {
            id: e.id.to_string(),
            title: e.title.to_string(),
            finish: e.finish,
            deadline: e.deadline,
            margin: e.deadline_margin,
            confidence: confidence.and_then(|c| c.milestone(&e.id)),
        })
        .collect()
}

/// A feature's estimate in working days (0 without one).
fn estimate_of(plan: &Plan, id: &str) -> f64 {
    crate::schedule::feature_days(plan, id).unwrap_or(0.0)
}

fn size(plan: &Plan, s: &Schedule) -> Size {
    let per_week = plan.project.as_ref().map_or(5, |p| days_per_week(&p.data));
    let mut size = Size {
        features: 0,
        done: 0,
        cut: 0,
        estimate_days: 0.0,
        done_days: 0.0,
        finish: s.finish,
    };
    for f in &plan.features {
        let days = f
            .data
            .estimate
            .as_ref()
            .map_or(0.0, |e| estimate_days(&e.value, per_week).0);
        match f.data.status() {
            Status::Cut => size.cut += 1,
            Status::Done => {
                size.features += 1;
                size.done += 1;
                size.estimate_days += days;
                size.done_days += days;
            }
            _ => {
                size.features += 1;
                size.estimate_days += days;
            }
        }
    }
    size
}

/// Scope moved by one commit: live features added, cut (or removed while
/// live), restored, and estimates of features live on both sides changed.
fn moved(d: &PlanDiff, base: &Plan, head: &Plan) -> ScopeWeek {
    let mut m = ScopeWeek::default();
    for i in d.items.iter().filter(|i| i.kind == "feature") {
        let old = i.renamed_from.as_deref().unwrap_or(&i.id);
        match i.change {
            Change::Added if head.has_live_feature(&i.id) => {
                m.added += 1;
                m.added_days += estimate_of(head, &i.id);
            }
            Change::Removed | Change::Cut if base.has_live_feature(old) => {
                m.cut += 1;
                m.cut_days += estimate_of(base, old);
            }
            Change::Restored => {
                m.restored += 1;
                m.restored_days += estimate_of(head, &i.id);
            }
            Change::Changed | Change::Renamed if base.has_live_feature(old) && head.has_live_feature(&i.id) => {
                for f in i.fields.iter().filter(|f| f.field == "estimate") {
                    m.reestimated_days += f.after_days.unwrap_or(0.0) - f.before_days.unwrap_or(0.0);
                }
            }
            _ => {}
        }
    }
    m
}

/// Puts the points together into the document.
fn gather(walked: &Walked, points: Vec<Point>, prefix: &str, options: &Options) -> History {
    let newest = points.iter().rev().find_map(|p| p.project.clone());
    let mut cal = calendar(&points);
    let mut history = History {
        version: VERSION,
        report: if options.item.is_some() {
            "history-item"
        } else {
            "history"
        }
        .into(),
        project: newest.as_ref().map(|p| p.0.clone()).unwrap_or_default(),
        plan: if prefix.is_empty() { ".".into() } else { prefix.into() },
        currency: newest.and_then(|p| p.1),
        range: options.select.range.clone().unwrap_or_else(|| "HEAD".into()),
        first_parent: !options.select.all_parents,
        since: options.select.since.map(|d| d.to_string()),
        until: options.select.until.map(|d| d.to_string()),
        commits_seen: walked.commits_seen,
        commits: points.len(),
        valid: points.iter().filter(|p| !p.missing && p.errors == 0).count(),
        unscheduled: points
            .iter()
            .filter(|p| !p.missing && p.errors == 0 && p.size.is_none())
            .count(),
        invalid: points.iter().filter(|p| !p.missing && p.errors > 0).count(),
        missing: points.iter().filter(|p| p.missing).count(),
        shallow: shallow(walked),
        basis: crate::render::vocab::basis(crate::render::vocab::Basis::History),
        log_basis: crate::render::vocab::basis(crate::render::vocab::Basis::Commit),
        milestones: Vec::new(),
        scope: Vec::new(),
        weeks: Vec::new(),
        log: Vec::new(),
        charts: Charts {
            slip: Vec::new(),
            scope: None,
            sampled: None,
        },
        item: None,
        monte_carlo: None,
    };
    let mut days = |from: Date, to: Date| -> i64 {
        cal.as_mut()
            .and_then(|c| Some(c.on_or_before(to).ok()? - c.on_or_before(from).ok()?))
            .unwrap_or(0)
    };
    history.milestones = slips::slips(&walked.touches, &points, &mut days);
    history.scope = scope(&walked.touches, &points);
    history.weeks = weeks(&walked.touches, &points, !options.select.all_parents);
    history.monte_carlo = confidence::document(options.forecast.as_ref(), &walked.touches, &points);
    history.log = points.into_iter().rev().map(|p| p.log).collect();
    history.charts = crate::render::chart::charts(&history);
    if let Some(id) = &options.item {
        history.item = Some(item::life(id, &history.log));
    }
    history
}

/// The newest valid plan's calendar, reaching back to the earliest
/// forecast of any point.
fn calendar(points: &[Point]) -> Option<Calendar> {
    points.iter().rev().find_map(|p| p.calendar.as_ref()).map(|project| {
        let forecasts = points.iter().flat_map(|p| &p.forecasts).map(|f| f.finish);
        // (A P50 can fall before the deterministic forecast.)
        let bands = points.iter().flat_map(|p| &p.confidence).map(|c| c.project.p50);
        let milestone_bands = points
            .iter()
            .flat_map(|p| &p.forecasts)
            .filter_map(|f| Some(f.confidence?.0.p50));
        let earliest = forecasts
            .chain(bands)
            .chain(milestone_bands)
            .fold(project.project.start.value, Date::min);
        Calendar::new(project, earliest)
    })
}

/// The plan's size at each point with a valid plan (`touches`: their
/// commits).
fn scope(touches: &[Touch], points: &[Point]) -> Vec<ScopePoint> {
    touches
        .iter()
        .zip(points)
        .filter_map(|(t, p)| {
            let s = p.size.as_ref()?;
            Some(ScopePoint {
                date: t.date.to_string(),
                commit: t.id.short(),
                features: s.features,
                done: s.done,
                cut: s.cut,
                estimate_days: round2(s.estimate_days),
                done_days: round2(s.done_days),
                finish: s.finish.to_string(),
            })
        })
        .collect()
}

pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

fn shallow(walked: &Walked) -> Option<Shallow> {
    if !walked.shallow {
        return None;
    }
    let (id, date) = walked.oldest?;
    Some(Shallow {
        oldest_commit: id.short(),
        oldest_date: date.to_string(),
        hint: "this is a shallow clone: history before that commit is not here; fetch it with `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0` on actions/checkout)".into(),
    })
}

/// The Monday of `date`'s week.
fn monday(date: Date) -> Date {
    let back = i64::from(date.0.weekday().to_monday_zero_offset());
    Date(date.0.checked_sub(jiff::Span::new().days(back)).unwrap_or(date.0))
}

fn weeks(touches: &[Touch], points: &[Point], first_parent: bool) -> Vec<ScopeWeek> {
    // Each week's sums, with its net scope when a valid commit is in it:
    // the sum of what each of its valid commits moved the live estimate
    // from its parent's (or, when that is not known, from the last valid
    // commit walked before it), so that a commit counts in its own week
    // whatever order the dates are in. Following every parent, a merge
    // moves only what it changed itself: its branch counted already.
    let mut weeks: BTreeMap<Date, (ScopeWeek, Option<f64>)> = BTreeMap::new();
    let mut scope: Option<f64> = None;
    for (t, p) in touches.iter().zip(points) {
        let start = monday(t.date);
        let (w, net) = weeks.entry(start).or_insert_with(|| {
            let w = ScopeWeek {
                week: start.to_string(),
                ..ScopeWeek::default()
            };
            (w, None)
        });
        let m = &p.moved;
        w.commits += 1;
        w.added += m.added;
        w.added_days += m.added_days;
        w.cut += m.cut;
        w.cut_days += m.cut_days;
        w.restored += m.restored;
        w.restored_days += m.restored_days;
        w.reestimated_days += m.reestimated_days;
        if let Some(size) = &p.size {
            let moved = if t.merge && !first_parent {
                parts(m)
            } else {
                size.estimate_days - p.base_scope.or(scope).unwrap_or(0.0)
            };
            *net = Some(net.unwrap_or(0.0) + moved);
            scope = Some(size.estimate_days);
        }
    }
    weeks
        .into_values()
        .map(|(mut w, net)| {
            let parts = parts(&w);
            let net = net.unwrap_or(parts);
            w.net_days = round2(net);
            w.unattributed_days = round2(net - parts);
            w.added_days = round2(w.added_days);
            w.cut_days = round2(w.cut_days);
            w.restored_days = round2(w.restored_days);
            w.reestimated_days = round2(w.reestimated_days);
            w
        })
        .collect()
}

/// The scope a week's (or a commit's) changes account for, in days.
fn parts(w: &ScopeWeek) -> f64 {
    w.added_days - w.cut_days + w.restored_days + w.reestimated_days
}

fn log_entry(
    t: &Touch,
    (errors, warnings): (usize, usize),
    missing: bool,
    scheduled: bool,
    diff: Option<PlanDiff>,
) -> LogEntry {
    let state = if missing {
        "missing"
    } else if errors > 0 {
        "invalid"
    } else {
        "valid"
    };
    let mut entry = LogEntry {
        commit: t.id.to_string(),
        short: t.id.short(),
        date: t.date.to_string(),
        author: t.author.clone(),
        subject: t.subject.clone(),
        merge: t.merge,
        state: state.into(),
        not_a_folder: t.not_a_folder.map(str::to_string),
        errors,
        warnings,
        scheduled,
        compared: diff.is_some(),
        summary: "The history available starts here".into(),
        items: Vec::new(),
        milestones: Vec::new(),
        cost_before: Some(0.0),
        cost_after: Some(0.0),
        cost_delta: Some(0.0),
        problems_new: Vec::new(),
        problems_fixed: Vec::new(),
    };
    if let Some(d) = diff {
        entry.summary = d.summary;
        entry.items = d.items.into_iter().map(diff::context::DetailedChange::of).collect();
        entry.milestones = d.milestones.into_iter().filter(|m| m.moved()).collect();
        entry.cost_before = d.cost.before;
        entry.cost_after = d.cost.after;
        entry.cost_delta = d.cost.delta;
        entry.problems_new = d.problems.new;
        entry.problems_fixed = d.problems.fixed;
    }
    entry
}
