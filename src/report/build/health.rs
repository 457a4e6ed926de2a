//! The report's health and the reasons for it.

use std::sync::Arc;

use crate::render::vocab;
use crate::report::context::{Feature, Milestone, Person, Progress};

/// The overall health and why, worst first (see `Context::health`): late
/// milestones, milestones at risk, critical work blocked, then people
/// booked over their capacity. A person over capacity makes the health at
/// best `at-risk`, never `on-track`; in a leveled schedule nobody is.
pub(super) fn health(
    milestones: &[Milestone],
    features: &[Arc<Feature>],
    progress: &Progress,
    people: &[Person],
    leveled: bool,
) -> (String, Vec<String>) {
    let mut reasons = Vec::new();
    for m in milestones.iter().filter(|m| m.status == "late") {
        if let (Some(deadline), Some(margin)) = (&m.deadline, m.margin_days) {
            reasons.push(format!(
                "milestone {} is forecast for {}, {} after its deadline {}",
                m.id,
                m.forecast,
                vocab::working_days(-margin),
                deadline
            ));
        }
    }
    let late = !reasons.is_empty();
    for m in milestones.iter().filter(|m| m.status == "at-risk") {
        if let (Some(deadline), Some(margin)) = (&m.deadline, m.margin_days) {
            let mut text = format!(
                "milestone {} has {} of margin before its deadline {}",
                m.id,
                vocab::working_days(margin),
                deadline
            );
            match (m.monte_carlo.as_ref().and_then(|mc| mc.deadline_chance), m.probability) {
                (Some(p), _) => text.push_str(&format!(" ({} chance to make it, Monte Carlo)", vocab::chance(p))),
                (None, Some(p)) => text.push_str(&format!(" ({} chance to make it, PERT)", vocab::chance(p))),
                (None, None) => {}
            }
            reasons.push(text);
        }
    }
    for f in features.iter().filter(|f| f.status == "blocked" && f.critical) {
        reasons.push(format!("critical feature {} is blocked", f.id));
    }
    overbooked(people, leveled, &mut reasons);
    let health = if late {
        "late"
    } else if !reasons.is_empty() {
        "at-risk"
    } else if progress.features > 0
        && progress.done == progress.features
        && milestones.iter().all(|m| m.status == "done")
    {
        "done"
    } else {
        "on-track"
    };
    (health.into(), reasons)
}

/// At most this many people over capacity are named in the health reasons;
/// the others are counted.
const OVERBOOKED_NAMED: usize = 3;

/// A reason for each person booked over their capacity (the first
/// [`OVERBOOKED_NAMED`], then how many more), each at their worst: the
/// month, or else the milestone window, with the highest load.
fn overbooked(people: &[Person], leveled: bool, reasons: &mut Vec<String>) {
    let over: Vec<&Person> = people.iter().filter(|p| p.overloaded).collect();
    let why = if leveled { "" } else { " (not leveled: `--no-level`)" };
    for p in over.iter().take(OVERBOOKED_NAMED) {
        let load = |l: Option<f64>| l.unwrap_or(f64::INFINITY);
        let month = p
            .months
            .iter()
            .filter(|m| m.over)
            .max_by(|a, b| load(a.load).total_cmp(&load(b.load)));
        let window = p
            .windows
            .iter()
            .filter(|w| w.over)
            .max_by(|a, b| load(a.load).total_cmp(&load(b.load)));
        let (share, when) = match (month, window) {
            (Some(m), _) => (m.load, format!("in {}", m.month)),
            (None, Some(w)) => (w.load, format!("up to {}", w.to)),
            (None, None) => continue,
        };
        let share = share.map_or_else(
            || "work with no day available".to_string(),
            |l| format!("{} of their time", vocab::percent(l)),
        );
        reasons.push(format!(
            "{} is booked over their capacity: {share} {when}{why}",
            crate::render::markdown::code(&p.id)
        ));
    }
    if over.len() > OVERBOOKED_NAMED {
        let more = over.len() - OVERBOOKED_NAMED;
        reasons.push(format!(
            "{more} more {} booked over their capacity{why}",
            if more == 1 { "person is" } else { "people are" }
        ));
    }
}
