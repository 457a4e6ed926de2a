//! What `new` refuses beyond ids that name nothing: an id no plan could
//! hold, and a new feature in a milestone that it would wait for: the
//! milestone waits for its features, so `new feature F --milestone M
//! --after X` closes a loop when X is M or waits for M, through links or
//! through a milestone's features (E0206, whether or not an item of it is
//! cut).

use std::collections::{HashMap, VecDeque};

use super::bad;
use crate::error::{Error, Result};
use crate::plan::Plan;

/// The longest part of an id (between `/`): a file name of 255 bytes,
/// the usual limit, with `.toml`.
const MAX_PART: usize = 250;

/// Refuses an id no plan could hold: not a valid id, a part too long for a
/// file name, or deeper than the loader reads (the file would make the
/// whole plan unreadable).
pub(super) fn id_allowed(id: &str) -> Result<()> {
    if !crate::load::is_valid_id(id) {
        return Err(bad(
            format!("`{id}` is not a valid id"),
            "an id is a file name: ASCII letters, digits, `-` and `_`, starting with a letter or a digit; `/` makes subfolders (`auth/sso`)",
        ));
    }
    // A file name holds 255 bytes on the usual file systems, `.toml` included.
    if let Some(long) = id.split('/').find(|part| part.len() > MAX_PART) {
        return Err(bad(
            format!("`{long}` is too long for a file name ({} characters)", long.len()),
            format!("each part of an id between `/` is at most {MAX_PART} characters: choose a shorter id"),
        ));
    }
    // Deeper than the loader reads.
    let folders = 1 + id.matches('/').count();
    if folders > crate::source::MAX_DEPTH {
        return Err(bad(
            format!(
                "`{id}` would be {folders} folders below the plan directory, past milepost's limit of {}",
                crate::source::MAX_DEPTH
            ),
            "ids nest a few folders at most (`auth/sso`): choose a shorter path",
        ));
    }
    Ok(())
}

/// Refuses the feature `id` in `milestone` when it would wait for it
/// (`after`), saying through what.
pub(super) fn loops(plan: &Plan, id: &str, milestone: Option<&str>, after: &[String]) -> Result<()> {
    let Some((m, path)) = milestone.and_then(|m| Some((m, waits_for(plan, m, after)?))) else {
        return Ok(());
    };
    let what = match &path[..] {
        [_] => format!(
            "`{id}` would wait for `{m}`, the milestone it is in, which waits for its features: a circular dependency"
        ),
        _ => {
            let through = path
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", which waits for ");
            format!(
                "`{id}` would wait for {through}, the milestone it is in, which waits for its features: a circular dependency"
            )
        }
    };
    Err(Error::Refused {
        what,
        hint: format!("drop `--milestone {m}`, or leave `{}` out of `--after`", path[0]),
    })
}

/// Of `after`, the first that waits for `milestone` in `plan`, with the
/// ids from it to `milestone`, each waiting for the next (itself alone
/// when it is `milestone`); `None` when none does.
fn waits_for(plan: &Plan, milestone: &str, after: &[String]) -> Option<Vec<String>> {
    let mut waits: HashMap<&str, Vec<&str>> = HashMap::new();
    for f in &plan.features {
        let on = waits.entry(&*f.id).or_default();
        on.extend(f.data.depends_on.iter().map(|d| d.value.id().value.as_str()));
        if let Some(m) = &f.data.milestone {
            waits.entry(m.value.as_str()).or_default().push(&*f.id);
        }
    }
    for m in &plan.milestones {
        let on = waits.entry(&*m.id).or_default();
        on.extend(m.data.depends_on.iter().map(|d| d.value.id().value.as_str()));
    }
    after.iter().find_map(|x| path(&waits, x, milestone))
}

/// The ids from `from` to `to` along `waits` (breadth first: a shortest
/// path), both included.
fn path(waits: &HashMap<&str, Vec<&str>>, from: &str, to: &str) -> Option<Vec<String>> {
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue = VecDeque::from([from]);
    let mut seen = std::collections::HashSet::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut ids = vec![at.to_string()];
            let mut here = at;
            while let Some(&before) = came_from.get(here) {
                ids.push(before.to_string());
                here = before;
            }
            ids.reverse();
            return Some(ids);
        }
        for &next in waits.get(at).map_or(&[][..], |v| &v[..]) {
            if seen.insert(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}
