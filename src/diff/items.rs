//! Item by item: what changed in each feature, milestone and risk between
//! two versions of the plan, field by field and link by link.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Change, DependencyChanges, FieldChange, ItemChange, Link, LinkChange};
use crate::layout::Rename;
use crate::model::{Dependency, FeatureFile, MilestoneFile, RiskFile, Status};
use crate::plan::{ItemKind, Plan};
use crate::schedule::calendar::days_per_week;
use crate::schedule::estimate_days;
use crate::span::Sp;

/// An item reduced to what a diff compares.
struct Snapshot {
    title: String,
    cut: bool,
    /// `None` when its file could not be read: nothing to compare.
    fields: Option<Vec<FieldChange>>,
    links: BTreeMap<String, Link>,
}

/// A field as one side has it: `after` holds the value ([`changed_fields`]
/// pairs two sides' lists).
pub(super) fn field(name: &'static str, value: Option<String>) -> FieldChange {
    FieldChange {
        field: name,
        before: None,
        after: value,
        before_days: None,
        after_days: None,
    }
}

fn text<T: std::fmt::Display>(v: &Option<Sp<T>>) -> Option<String> {
    v.as_ref().map(|s| s.value.to_string())
}

/// A list of strings (tags, ids) as one value, `None` when empty.
fn list(v: &[Sp<String>]) -> Option<String> {
    (!v.is_empty()).then(|| v.iter().map(|s| s.value.as_str()).collect::<Vec<_>>().join(", "))
}

fn links(deps: &[Sp<Dependency>]) -> BTreeMap<String, Link> {
    deps.iter()
        .map(|d| {
            let id = d.value.id().value.clone();
            let link = Link {
                id: id.clone(),
                kind: d.value.kind().as_str(),
                lag: d.value.lag().map(|l| l.value.to_string()),
            };
            (id, link)
        })
        .collect()
}

/// Every item of the plan, by kind and id; items whose file could not be
/// decoded are there without fields.
fn snapshots(plan: &Plan, only: Option<&HashSet<String>>) -> BTreeMap<(ItemKind, String), Snapshot> {
    let per_week = plan.project.as_ref().map_or(5, |p| days_per_week(&p.data));
    let mut out = BTreeMap::new();
    // Only some ids (a history walk knows which files changed): look each
    // up, rather than go through every id of the plan.
    let declared: Vec<(&str, &crate::plan::Declared)> = match only {
        Some(ids) => ids
            .iter()
            .filter_map(|id| Some((id.as_str(), plan.ids.get(id.as_str())?)))
            .collect(),
        None => plan.ids.iter().map(|(id, d)| (&**id, d)).collect(),
    };
    for (id, declared) in declared {
        let index = declared.index.map(|i| i as usize);
        let snap = match (declared.kind, index) {
            (ItemKind::Feature, Some(i)) => plan.features.get(i).map(|f| feature(&f.data, per_week)),
            (ItemKind::Milestone, Some(i)) => plan.milestones.get(i).map(|m| milestone(&m.data)),
            (ItemKind::Risk, Some(i)) => plan.risks.get(i).map(|r| risk(&r.data)),
            (_, None) => None,
        };
        let snap = snap.unwrap_or(Snapshot {
            title: String::new(),
            cut: false,
            fields: None,
            links: BTreeMap::new(),
        });
        out.insert((declared.kind, id.to_string()), snap);
    }
    out
}

/// A feature reduced to what a diff compares (`per_week`: the project's
/// working days a week, for estimates in weeks).
fn feature(f: &FeatureFile, per_week: u8) -> Snapshot {
    let mut estimate = field("estimate", f.estimate.as_ref().map(|e| e.value.to_string()));
    estimate.after_days = f.estimate.as_ref().map(|e| estimate_days(&e.value, per_week).0);
    Snapshot {
        title: f.title.value.to_string(),
        cut: f.status() == Status::Cut,
        fields: Some(vec![
            field("title", Some(f.title.value.to_string())),
            field("status", Some(f.status().to_string())),
            field(
                "kind",
                Some(f.kind.as_ref().map_or("feature", |k| k.value.as_str()).to_string()),
            ),
            field("owner", text(&f.owner)),
            field("milestone", text(&f.milestone)),
            field("priority", text(&f.priority)),
            field("rank", f.rank.as_ref().map(|r| r.value.0.to_string())),
            estimate,
            field("remaining", text(&f.remaining)),
            field("not-before", text(&f.not_before)),
            field("started", text(&f.started)),
            field("finished", text(&f.finished)),
            field("tags", list(&f.tags)),
        ]),
        links: links(&f.depends_on),
    }
}

/// A milestone reduced to what a diff compares.
fn milestone(m: &MilestoneFile) -> Snapshot {
    Snapshot {
        title: m.title.value.to_string(),
        cut: false,
        fields: Some(vec![
            field("title", Some(m.title.value.to_string())),
            field("owner", text(&m.owner)),
            field("deadline", text(&m.deadline)),
        ]),
        links: links(&m.depends_on),
    }
}

/// A risk reduced to what a diff compares.
fn risk(r: &RiskFile) -> Snapshot {
    let impact = r.impact.as_ref().map(|i| &i.value);
    Snapshot {
        title: r.title.value.to_string(),
        cut: false,
        fields: Some(vec![
            field("title", Some(r.title.value.to_string())),
            field(
                "status",
                Some(r.status.as_ref().map_or("open", |s| s.value.as_str()).to_string()),
            ),
            field(
                "probability",
                r.probability.as_ref().map(|p| crate::render::vocab::percent(p.value.0)),
            ),
            field(
                "impact.days",
                impact
                    .and_then(|i| i.days.as_ref())
                    .map(|d| crate::render::vocab::days(d.value.0)),
            ),
            field(
                "impact.cost",
                impact
                    .and_then(|i| i.cost.as_ref())
                    .map(|c| crate::render::vocab::number(c.value.0)),
            ),
            field("affects", list(&r.affects)),
            field("owner", text(&r.owner)),
            field("review-by", text(&r.review_by)),
        ]),
        links: BTreeMap::new(),
    }
}

/// What changed in each item from `base` to `head`. A rename (from Git's
/// rename detection) is one item changing id, not one removed and one added.
pub fn item_changes(base: &Plan, head: &Plan, renames: &[Rename]) -> Vec<ItemChange> {
    item_changes_in(base, head, renames, None)
}

/// [`item_changes`] among the items `only` names (`None`: all of them,
/// and the project and its people, `diff/project.rs`). A history walk
/// knows which files a commit changed: the items of the others are the
/// same, and need not be compared; it gives no `only` when `project.toml`
/// changed.
pub fn item_changes_in(
    base: &Plan,
    head: &Plan,
    renames: &[Rename],
    only: Option<&HashSet<String>>,
) -> Vec<ItemChange> {
    let (b, a) = (snapshots(base, only), snapshots(head, only));
    let renamed = renamed_keys(&b, &a, renames);
    let old_keys: BTreeSet<&(ItemKind, String)> = renamed.values().collect();
    let keys: BTreeSet<&(ItemKind, String)> = b.keys().chain(a.keys()).collect();
    let mut out = Vec::new();
    for key in keys {
        if old_keys.contains(key) {
            continue;
        }
        let from = renamed.get(key);
        let before = from.map_or_else(|| b.get(key), |k| b.get(k));
        out.extend(item_change(key, from, before, a.get(key)));
    }
    // The project file: `only` is given when it did not change.
    if only.is_none() {
        out.extend(super::project::project_changes(base, head));
    }
    out
}

/// New key -> old key, for the `renames` whose two ends are where they
/// should be: the old key only in the base, the new only in the head.
fn renamed_keys(
    b: &BTreeMap<(ItemKind, String), Snapshot>,
    a: &BTreeMap<(ItemKind, String), Snapshot>,
    renames: &[Rename],
) -> BTreeMap<(ItemKind, String), (ItemKind, String)> {
    let mut renamed = BTreeMap::new();
    for r in renames {
        let (from, to) = ((r.kind, r.from.clone()), (r.kind, r.to.clone()));
        if b.contains_key(&from) && !a.contains_key(&from) && a.contains_key(&to) && !b.contains_key(&to) {
            renamed.insert(to, from);
        }
    }
    renamed
}

/// The change to the item at `key` (renamed from the key `from`, if so),
/// from its snapshot `before` to `after`; `None` when it did not change, or
/// when a side could not be read and it was not renamed.
fn item_change(
    key: &(ItemKind, String),
    from: Option<&(ItemKind, String)>,
    before: Option<&Snapshot>,
    after: Option<&Snapshot>,
) -> Option<ItemChange> {
    let change = |change, title: &str, fields, dependencies| ItemChange {
        kind: key.0.as_str(),
        id: key.1.clone(),
        title: title.to_string(),
        change,
        renamed_from: from.map(|k| k.1.clone()),
        fields,
        dependencies,
    };
    match (before, after) {
        (None, Some(s)) => {
            let deps = DependencyChanges {
                added: s.links.values().cloned().collect(),
                ..DependencyChanges::default()
            };
            Some(change(Change::Added, &s.title, created_fields(s), deps))
        }
        (Some(s), None) => Some(change(
            Change::Removed,
            &s.title,
            Vec::new(),
            DependencyChanges::default(),
        )),
        (Some(sb), Some(sa)) => {
            let (Some(fb), Some(fa)) = (&sb.fields, &sa.fields) else {
                // One side could not be read: its problems say why.
                return from
                    .is_some()
                    .then(|| change(Change::Renamed, &sa.title, Vec::new(), DependencyChanges::default()));
            };
            let what = match (sb.cut, sa.cut, from.is_some()) {
                (_, _, true) => Change::Renamed,
                (false, true, _) => Change::Cut,
                (true, false, _) => Change::Restored,
                _ => Change::Changed,
            };
            let status_implied = matches!(what, Change::Cut | Change::Restored);
            let fields = changed_fields(fb, fa, status_implied);
            let deps = link_changes(&sb.links, &sa.links);
            (what != Change::Changed || !fields.is_empty() || !deps.is_empty())
                .then(|| change(what, &sa.title, fields, deps))
        }
        (None, None) => None,
    }
}

/// What an item is created with: every field set but the title, and
/// those left at their defaults (a feature's status `planned` and kind
/// `feature`, a risk's status `open`).
fn created_fields(s: &Snapshot) -> Vec<FieldChange> {
    let default = |f: &FieldChange| {
        matches!(
            (f.field, f.after.as_deref()),
            ("status", Some("planned" | "open")) | ("kind", Some("feature"))
        )
    };
    s.fields
        .iter()
        .flatten()
        .filter(|f| f.after.is_some() && f.field != "title" && !default(f))
        .cloned()
        .collect()
}

/// The fields whose values differ from `before` to `after` (the same fields,
/// in the same order); not the status when `status_implied` (by a cut or a
/// restore).
pub(super) fn changed_fields(before: &[FieldChange], after: &[FieldChange], status_implied: bool) -> Vec<FieldChange> {
    before
        .iter()
        .zip(after)
        .filter(|(x, y)| x.after != y.after && !(x.field == "status" && status_implied))
        .map(|(x, y)| FieldChange {
            field: x.field,
            before: x.after.clone(),
            after: y.after.clone(),
            before_days: x.after_days,
            after_days: y.after_days,
        })
        .collect()
}

fn link_changes(before: &BTreeMap<String, Link>, after: &BTreeMap<String, Link>) -> DependencyChanges {
    let mut d = DependencyChanges::default();
    for (id, l) in after {
        match before.get(id) {
            None => d.added.push(l.clone()),
            Some(b) if b != l => d.changed.push(LinkChange {
                id: id.clone(),
                before: b.clone(),
                after: l.clone(),
            }),
            Some(_) => {}
        }
    }
    for (id, l) in before {
        if !after.contains_key(id) {
            d.removed.push(l.clone());
        }
    }
    d
}
