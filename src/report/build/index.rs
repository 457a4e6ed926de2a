//! Look-ups the report makes once per item, made once per report: people's
//! names and milestones' titles by id, and the live features by milestone
//! and by owner. Each is built in one pass, so that a report costs time in
//! proportion to the plan, however many people and milestones it has.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::ProjectFile;
use crate::plan::Plan;
use crate::report::context::{Feature, Risk, Text};

/// A map keyed by text that the plan owns.
pub(super) type ByKey<'a, V> = HashMap<&'a str, V, foldhash::fast::FixedState>;

/// Names and titles by id, with the ids themselves, as text a report's
/// items share.
pub(super) struct Names<'a> {
    people: ByKey<'a, (Text, Text)>,
    milestones: ByKey<'a, (Text, Text)>,
}

impl<'a> Names<'a> {
    pub(super) fn new(plan: &'a Plan, project: &'a ProjectFile) -> Names<'a> {
        let mut people = ByKey::with_capacity_and_hasher(project.people.len(), Default::default());
        for p in &project.people {
            // The first of two people with one id (an error `check`
            // reports), as a search from the top would find.
            let id = p.value.id.value.as_str();
            people
                .entry(id)
                .or_insert_with(|| (Text::from(id), Text::from(p.value.name.value.as_str())));
        }
        let mut milestones = ByKey::with_capacity_and_hasher(plan.milestones.len(), Default::default());
        for m in &plan.milestones {
            milestones
                .entry(&*m.id)
                .or_insert_with(|| (m.id.clone(), m.data.title.value.clone()));
        }
        Names { people, milestones }
    }

    /// The name of the person `id`, when `[[people]]` lists them.
    pub(super) fn person(&self, id: &str) -> Option<String> {
        self.people.get(id).map(|(_, name)| name.to_string())
    }

    /// The milestone (`kind` Milestone) or person (any other kind) `id`
    /// names, if any: its id, shared with the other items that name it
    /// ([`Text`] of its own when nothing is known by it), and its title or
    /// name when it is known. One look-up for both.
    pub(super) fn named(&self, kind: crate::plan::ItemKind, id: Option<&str>) -> (Option<Text>, Option<Text>) {
        let Some(id) = id else { return (None, None) };
        let known = match kind {
            crate::plan::ItemKind::Milestone => self.milestones.get(id),
            _ => self.people.get(id),
        };
        match known {
            Some((id, name)) => (Some(id.clone()), Some(name.clone())),
            None => (Some(Text::from(id)), None),
        }
    }
}

/// `features` grouped by the key `key` gives each (those it gives none are
/// left out), each group in the order of `features`.
pub(super) fn group_by<'f>(
    features: &'f [Arc<Feature>],
    key: impl Fn(&'f Feature) -> Option<&'f str>,
) -> ByKey<'f, Vec<&'f Feature>> {
    let mut groups: ByKey<'f, Vec<&'f Feature>> = ByKey::default();
    for f in features.iter().map(|f| &**f) {
        if let Some(k) = key(f) {
            groups.entry(k).or_default().push(f);
        }
    }
    groups
}

/// The ids of the risks that affect each item, in the order of `risks`,
/// each risk once per item.
pub(super) fn risks_by_item(risks: &[Risk]) -> ByKey<'_, Vec<String>> {
    let mut by_item: ByKey<'_, Vec<String>> = ByKey::default();
    for r in risks {
        for a in &r.affects {
            let ids = by_item.entry(a.id.as_str()).or_default();
            // A risk that names an item twice is listed once.
            if ids.last() != Some(&r.id) {
                ids.push(r.id.clone());
            }
        }
    }
    by_item
}
