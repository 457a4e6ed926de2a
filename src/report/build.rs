//! Building the report [`Context`] from a valid plan and its schedule.

use std::collections::HashMap;
use std::sync::Arc;

use crate::cost::{Cost, Rates};
use crate::model::{Date, FeatureFile, ProjectFile, RiskFile, RiskStatus, Status};
use crate::plan::{Item, ItemKind, Plan};
use crate::schedule::{Entry, Schedule, calendar::days_per_week, estimate_days};

use super::context::*;
use crate::render::vocab;

mod budget;
mod health;
mod index;
mod load;
mod people;
use budget::budget;
use health::health;
use index::{Names, group_by, risks_by_item};
use people::people;

/// Fewer working days of margin than this before a deadline is `at-risk`.
pub const AT_RISK_MARGIN_DAYS: i64 = 5;
/// A PERT probability of making the deadline below this is `at-risk`.
pub const AT_RISK_PROBABILITY: f64 = 0.8;

/// What the command line decides about the report.
#[derive(Clone, Debug)]
pub struct Options {
    pub report: String,
    pub audience: String,
    pub plan_display: String,
    pub revision: Option<crate::source::Revision>,
    pub gantt_budget: usize,
    /// `--by person`: the Gantt chart's sections are people, not milestones.
    pub gantt_by_person: bool,
    /// `--baseline`: worked out by the command, which reads Git.
    pub baseline: Option<crate::diff::Baseline>,
    /// `--since` or the previous tag: worked out by the command.
    pub changes: Option<Changes>,
}

/// Each scheduled item's entry, by kind and id.
type Entries<'s> = HashMap<(ItemKind, &'s str), &'s Entry>;

/// Builds the context every report template sees.
pub fn build(plan: &Plan, project: &ProjectFile, schedule: &Schedule, options: &Options) -> Context {
    // The Gantt chart reads the schedule alone: drawn on another core (when
    // there is one) while the rest is worked out.
    let name = &project.project.value.name.value;
    let people: Vec<(&str, &str)> = project
        .people
        .iter()
        .map(|p| (p.id.value.as_str(), p.name.value.as_str()))
        .collect();
    let sections = match options.gantt_by_person {
        true => crate::render::mermaid::Sections::People(&people),
        false => crate::render::mermaid::Sections::Milestones,
    };
    let gantt = || super::gantt::gantt(schedule, name, options.gantt_budget, sections);
    std::thread::scope(|scope| {
        let drawing = (crate::par::threads() > 1).then(|| scope.spawn(gantt));
        let mut context = build_without_gantt(plan, project, schedule, options);
        context.gantt = match drawing.map(|d| d.join()) {
            Some(Ok(drawn)) => drawn,
            // A panic drawing the chart is a bug: let it surface as one.
            Some(Err(panic)) => std::panic::resume_unwind(panic),
            None => gantt(),
        };
        context
    })
}

/// [`build`], with an empty chart.
fn build_without_gantt(plan: &Plan, project: &ProjectFile, schedule: &Schedule, options: &Options) -> Context {
    let as_of = schedule.as_of;
    let names = Names::new(plan, project);
    let person_name = |id: &str| names.person(id);
    let entry_of: Entries<'_> = schedule.entries.iter().map(|e| ((e.kind, &*e.id), e)).collect();

    let (features, cut, progress) = features(plan, project, schedule, &entry_of, &names);
    let risks = risks(plan, as_of, &person_name);
    let milestones = milestones(plan, &entry_of, &features, &risks, as_of, &person_name);

    let id_of = |i: usize| schedule.entries.get(i).map(|e| e.id.to_string()).unwrap_or_default();
    let critical_paths: Vec<Vec<String>> = schedule
        .critical_paths
        .iter()
        .map(|chain| chain.iter().map(|&i| id_of(i)).collect())
        .collect();

    // Shared with `features`, not copied.
    let blocked: Vec<Arc<Feature>> = features.iter().filter(|f| f.status == "blocked").cloned().collect();
    // A blocked feature is listed once, with the blocked ones. Sorted
    // stably: in schedule order when floats tie.
    let mut late: Vec<Arc<Feature>> = features
        .iter()
        .filter(|f| f.status != "done" && f.status != "blocked" && f.total_float.is_some_and(|t| t < 0))
        .cloned()
        .collect();
    late.sort_by_key(|f| f.total_float);
    let unassigned: Vec<Arc<Feature>> = features
        .iter()
        .filter(|f| f.status != "done" && f.status != "proposed" && f.owner.is_none())
        .cloned()
        .collect();

    let (people, months) = people(project, schedule, &milestones, &features);
    let (health, health_reasons) = health(&milestones, &features, &progress, &people, schedule.leveled());
    let budget = budget(project, &milestones, &features, &risks);
    let gantt = Gantt {
        chart: String::new(),
        scope: "none".into(),
        size: 0,
        budget: options.gantt_budget,
        full_size: 0,
    };

    Context {
        version: 1,
        report: options.report.clone(),
        audience: options.audience.clone(),
        project: project_of(project, schedule, options, &person_name),
        health,
        health_reasons,
        progress,
        milestones,
        features,
        cut,
        critical_path: critical_path(schedule),
        critical_paths,
        blocked,
        late,
        unassigned,
        risks,
        monte_carlo: None,
        people,
        months,
        budget,
        gantt,
        baseline: options.baseline.clone(),
        changes: options.changes.clone(),
    }
}

/// The live features in schedule order, the cut ones by id, and the progress
/// the live ones add up to.
fn features(
    plan: &Plan,
    project: &ProjectFile,
    schedule: &Schedule,
    entry_of: &Entries<'_>,
    names: &Names<'_>,
) -> (Vec<Arc<Feature>>, Vec<Feature>, Progress) {
    let per_week = days_per_week(project);
    let rates = Rates::of(project);
    // Each feature's part of the context, on every core: on a large plan,
    // most of the report's own work. Made in place where it stays (an
    // `Arc`): a feature is over 600 bytes, and gathering the threads'
    // parts then boxing each would copy them all twice into fresh memory.
    let made = crate::par::map(&plan.features, |item| {
        let entry = entry_of.get(&(ItemKind::Feature, &*item.id)).copied();
        let cost = rates.cost(&item.data);
        let dates = entry.map(|e| (e.start, e.finish));
        (
            Arc::new(feature(&item.id, &item.data, entry, cost, schedule, per_week, names)),
            dates,
        )
    });
    let mut features = Vec::with_capacity(plan.features.len());
    let mut cut = Vec::new();
    let mut progress = Progress::default();
    for (item, (feature, dates)) in plan.features.iter().zip(made) {
        let f = &item.data;
        if f.status() == Status::Cut {
            progress.cut += 1;
            cut.push(Arc::unwrap_or_clone(feature));
            continue;
        }
        progress.features += 1;
        match f.status() {
            Status::Done => progress.done += 1,
            Status::InProgress => progress.in_progress += 1,
            Status::Blocked => progress.blocked += 1,
            _ => progress.not_started += 1,
        }
        if let Some(days) = feature.estimate_days {
            progress.estimate_days += days;
            progress.done_days += days * feature.complete;
        }
        features.push((dates, feature));
    }
    progress.complete = ratio(progress.done_days, progress.estimate_days);
    let features = in_schedule_order(features);
    cut.sort_by(|a, b| a.id.cmp(&b.id));
    (features, cut, progress)
}

/// A feature's start and finish (none when it is not scheduled), as dates.
type Dates = Option<(Date, Date)>;

/// `features` by start, then finish (each feature's [`Dates`]: its
/// `start` and `finish` are those written out; none first), then id.
fn in_schedule_order(mut features: Vec<(Dates, Arc<Feature>)>) -> Vec<Arc<Feature>> {
    // No two features share an id: the order is total. The dates sit in
    // the list; a feature's id is read only when they tie.
    features.sort_unstable_by(|(a, f), (b, g)| a.cmp(b).then_with(|| f.id.cmp(&g.id)));
    features.into_iter().map(|(_, f)| f).collect()
}

/// Every risk, open ones first by exposure (schedule, then cost), then by id;
/// closed ones last.
fn risks(plan: &Plan, as_of: Date, person_name: &dyn Fn(&str) -> Option<String>) -> Vec<Risk> {
    let mut risks: Vec<Risk> = plan
        .risks
        .iter()
        .map(|item| risk(plan, item, as_of, person_name))
        .collect();
    risks.sort_by(|a, b| {
        let closed = |r: &Risk| r.status == "closed";
        closed(a)
            .cmp(&closed(b))
            .then(b.exposure_days.total_cmp(&a.exposure_days))
            .then(b.exposure_cost.total_cmp(&a.exposure_cost))
            .then(a.id.cmp(&b.id))
    });
    risks
}

/// One risk, with the features and milestones it affects.
fn risk(plan: &Plan, item: &Item<RiskFile>, as_of: Date, person_name: &dyn Fn(&str) -> Option<String>) -> Risk {
    let r = &item.data;
    let status = r.status.as_ref().map_or(RiskStatus::Open, |s| s.value);
    // A risk that occurred is certain, as the Monte Carlo forecast counts it.
    let p = if status == RiskStatus::Occurred {
        1.0
    } else {
        // (Always there: a report is made of a plan without errors.)
        r.probability.as_ref().map_or(0.0, |p| p.value.0)
    };
    let impact_days = r.impact.as_ref().and_then(|i| i.value.days.as_ref()).map(|d| d.value.0);
    let impact_cost = r.impact.as_ref().and_then(|i| i.value.cost.as_ref()).map(|c| c.value.0);
    let review_by = r.review_by.as_ref().map(|d| d.value);
    Risk {
        id: item.id.to_string(),
        title: r.title.value.to_string(),
        description: r.description.as_ref().map(|d| d.value.clone()),
        status: status.as_str().into(),
        probability: p,
        impact_days,
        impact_cost,
        exposure_days: p * impact_days.unwrap_or(0.0),
        exposure_cost: p * impact_cost.unwrap_or(0.0),
        owner: r.owner.as_ref().map(|o| o.value.clone()),
        owner_name: r.owner.as_ref().and_then(|o| person_name(&o.value)),
        mitigation: r.mitigation.as_ref().map(|m| m.value.clone()),
        review_by: review_by.map(|d| d.to_string()),
        review_overdue: status != RiskStatus::Closed && review_by.is_some_and(|d| d < as_of),
        affects: r
            .affects
            .iter()
            .filter_map(|a| {
                let declared = plan.ids.get(a.value.as_str())?;
                let index = declared.index? as usize;
                let title = match declared.kind {
                    ItemKind::Feature => plan.features.get(index)?.data.title.value.to_string(),
                    ItemKind::Milestone => plan.milestones.get(index)?.data.title.value.to_string(),
                    ItemKind::Risk => return None,
                };
                Some(Affected {
                    id: a.value.clone(),
                    kind: declared.kind.as_str().into(),
                    title,
                })
            })
            .collect(),
        p80_effect: None,
    }
}

/// Every scheduled milestone, with what its live features add up to and the
/// risks that affect it, in forecast order ([`vocab::forecast_order`]).
fn milestones(
    plan: &Plan,
    entry_of: &Entries<'_>,
    features: &[Arc<Feature>],
    risks: &[Risk],
    as_of: Date,
    person_name: &dyn Fn(&str) -> Option<String>,
) -> Vec<Milestone> {
    let by_milestone = group_by(features, |f| f.milestone.as_deref());
    let risks_of = risks_by_item(risks);
    let mut milestones: Vec<Milestone> = plan
        .milestones
        .iter()
        .filter_map(|item| {
            let e = entry_of.get(&(ItemKind::Milestone, &*item.id))?;
            let m = &item.data;
            let mine: &[&Feature] = by_milestone.get(&*item.id).map_or(&[], Vec::as_slice);
            let estimate: f64 = mine.iter().filter_map(|f| f.estimate_days).sum();
            let done_days: f64 = mine
                .iter()
                .filter_map(|f| f.estimate_days.map(|d| d * f.complete))
                .sum();
            let all_done = mine.iter().all(|f| f.status == "done");
            let status = if all_done && e.finish < as_of {
                "done"
            } else {
                status(e.deadline_margin, e.pert_figures().probability)
            };
            let cost: f64 = mine.iter().filter_map(|f| f.cost).sum();
            Some(Milestone {
                id: item.id.to_string(),
                title: m.title.value.to_string(),
                description: m.description.as_ref().map(|d| d.value.clone()),
                owner: m.owner.as_ref().map(|o| o.value.clone()),
                owner_name: m.owner.as_ref().and_then(|o| person_name(&o.value)),
                deadline: e.deadline.map(|d| d.to_string()),
                forecast: e.finish.to_string(),
                late_finish: e.late_finish.to_string(),
                margin_days: e.deadline_margin,
                status: status.into(),
                total_float: e.times.total_float,
                critical: e.critical,
                features: mine.len(),
                features_done: mine.iter().filter(|f| f.status == "done").count(),
                complete: ratio(done_days, estimate),
                pert_finish: e.pert_figures().date.to_string(),
                pert_finish_days: e.pert_figures().finish.mean,
                std_dev: e.pert_figures().std_dev,
                probability: e.pert_figures().probability,
                monte_carlo: None,
                cost,
                risks: risks_of.get(&*item.id).cloned().unwrap_or_default(),
            })
        })
        .collect();
    let dates = |m: &Milestone| (parse(&m.forecast), m.deadline.as_deref().and_then(parse));
    milestones.sort_by(|a, b| {
        let ((fa, da), (fb, db)) = (dates(a), dates(b));
        vocab::forecast_order((fa, da, &a.id), (fb, db, &b.id))
    });
    milestones
}

/// A milestone's status that is not `done`, from its margin before its
/// deadline (working days; `None` without a deadline) and its chance of
/// making it: PERT's, or the Monte Carlo's when the report makes one
/// ([`crate::report::confidence::apply`]).
pub(crate) fn status(margin: Option<i64>, chance: Option<f64>) -> &'static str {
    match margin {
        None => "no-deadline",
        Some(m) if m < 0 => "late",
        Some(m) if m < AT_RISK_MARGIN_DAYS || chance.is_some_and(|p| p < AT_RISK_PROBABILITY) => "at-risk",
        _ => "on-track",
    }
}

/// The context's health and its reasons worked out again from its
/// milestones, features and people (after the Monte Carlo changed
/// milestones' statuses).
pub(crate) fn health_again(context: &mut Context) {
    let (h, reasons) = health(
        &context.milestones,
        &context.features,
        &context.progress,
        &context.people,
        context.project.leveled,
    );
    context.health = h;
    context.health_reasons = reasons;
}

/// The project's name, dates and roles, and where the plan was read from.
fn project_of(
    project: &ProjectFile,
    schedule: &Schedule,
    options: &Options,
    person_name: &dyn Fn(&str) -> Option<String>,
) -> Project {
    let info = &project.project.value;
    let role = |r: Option<&crate::span::Sp<String>>| r.and_then(|id| person_name(&id.value));
    let roles = project.roles.as_ref().map(|r| &r.value);
    Project {
        name: info.name.value.clone(),
        description: info.description.as_ref().map(|d| d.value.clone()),
        currency: info.currency.as_ref().map(|c| c.value.clone()),
        start: schedule.start.to_string(),
        finish: schedule.finish.to_string(),
        as_of: schedule.as_of.to_string(),
        length_days: schedule.length,
        pert_finish: schedule.outlook().date.to_string(),
        pert_finish_days: schedule.outlook().finish.mean,
        pert_std_dev_days: schedule.outlook().finish.std_dev,
        leveled: schedule.leveled(),
        plan: options.plan_display.clone(),
        revision: options.revision.as_ref().map(|r| Revision {
            name: r.spec.clone(),
            commit: r.commit.clone(),
        }),
        owner: role(roles.and_then(|r| r.owner.as_ref())),
        tech_lead: role(roles.and_then(|r| r.tech_lead.as_ref())),
        product: role(roles.and_then(|r| r.product.as_ref())),
    }
}

/// The steps of the first critical path, from its start to the project end.
fn critical_path(schedule: &Schedule) -> Vec<Step> {
    schedule
        .critical_paths
        .first()
        .map(|chain| {
            chain
                .iter()
                .filter_map(|&i| schedule.entries.get(i))
                .map(|e| Step {
                    id: e.id.to_string(),
                    kind: e.kind.as_str().into(),
                    title: e.title.to_string(),
                    start: e.start.to_string(),
                    finish: e.finish.to_string(),
                    duration: e.duration,
                    total_float: e.times.total_float,
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ratio(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        (part / whole).clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[allow(clippy::too_many_arguments)]
fn feature(
    id: &Text,
    f: &FeatureFile,
    entry: Option<&Entry>,
    cost: Cost,
    schedule: &Schedule,
    per_week: u8,
    names: &Names<'_>,
) -> Feature {
    let estimate_days = f.estimate.as_ref().map(|e| estimate_days(&e.value, per_week).0);
    let status = f.status();
    let complete = match (status, estimate_days) {
        (Status::Done, _) => 1.0,
        (_, Some(total)) if total > 0.0 => match (&f.remaining, status, entry) {
            // `remaining` as the schedule reads it: for work in progress or
            // blocked, not for work not started (W0409).
            (Some(r), Status::InProgress | Status::Blocked, _) => ratio(total - r.value.working_days(per_week), total),
            // Without `remaining`, work in progress has done what the
            // schedule assumes: leveled, what its owner did since it
            // started; otherwise a day of its estimate per working day
            // since then; with at least a day left (docs/scheduling.md).
            // (The days of the risks that occurred are work left, but none
            // of the estimate's.)
            (None, Status::InProgress, Some(e)) => match e.work_left {
                Some(left) => ratio(total - (left - e.risk_delay), total),
                None => {
                    let elapsed = (schedule.status_day - e.times.early_start).max(0) as f64;
                    ratio(elapsed.min(total - 1.0), total)
                }
            },
            _ => 0.0,
        },
        _ => 0.0,
    };
    let remaining_days = match (status, entry) {
        (Status::Done, _) | (_, None) => 0,
        (_, Some(e)) => (e.times.early_finish - e.times.early_start.max(schedule.status_day)).max(0),
    };
    let rice = match (&f.value, estimate_days) {
        (Some(v), Some(effort)) if effort > 0.0 => match (&v.value.reach, &v.value.impact, &v.value.confidence) {
            (Some(r), Some(i), Some(c)) => Some(r.value.0 * i.value.0 * c.value.0 / effort),
            _ => None,
        },
        _ => None,
    };
    let driver = entry.map(|e| Written(DriverWords(e.driver.clone())));
    let (milestone, milestone_title) = names.named(ItemKind::Milestone, f.milestone.as_ref().map(|m| &*m.value));
    let (owner, owner_name) = names.named(ItemKind::Feature, f.owner.as_ref().map(|o| &*o.value));
    Feature {
        id: id.clone(),
        title: f.title.value.clone(),
        description: f.description.as_ref().map(|d| d.value.clone()),
        milestone,
        milestone_title,
        owner,
        owner_name,
        status: status.as_str(),
        kind: f.kind.as_ref().map_or("feature", |k| k.value.as_str()),
        priority: f.priority.as_ref().map(|p| p.value.as_str()),
        estimate: f.estimate.as_ref().map(|e| Written(e.value.clone())),
        estimate_days,
        remaining_days,
        start: entry.map(|e| e.start),
        finish: entry.map(|e| e.finish),
        late_start: entry.map(|e| e.late_start),
        late_finish: entry.map(|e| e.late_finish),
        total_float: entry.map(|e| e.times.total_float),
        free_float: entry.map(|e| e.times.free_float),
        critical: entry.is_some_and(|e| e.critical),
        driver,
        rice,
        cost: cost.amount(),
        complete,
        depends_on: f.depends_on.iter().map(|d| d.value.id().value.clone()).collect(),
        tags: f.tags.iter().map(|t| t.value.clone()).collect(),
        links: f.links.iter().map(|l| l.value.clone()).collect(),
    }
}

/// A date of the context, parsed back from its text.
fn parse(date: &str) -> Option<Date> {
    Date::parse(date).ok()
}
