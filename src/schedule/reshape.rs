//! A network made from the network of other inputs ([`Network::reshape`]):
//! features added, removed, cut, restored or linked anew, with the
//! activities and links of the items that stayed copied and renumbered,
//! and only the rest worked out from the inputs. Which features stayed is
//! for the caller to say ([`crate::incremental::schedule::reshape`]).
//!
//! The result is, part for part, the network [`Network::build`] makes of
//! the same inputs: activities in the same order (milestones, then live
//! features in plan order), links in the same order (milestones' links,
//! then each live feature's, then each live feature's link to its
//! milestone), so that the critical path method, which breaks ties by link
//! order, gives the same answer.

use super::ScheduleError;
use super::calendar::Calendar;
use super::cpm::{self, Activity, Link};
use super::inputs::Inputs;
use super::level::Work;
use super::network::{
    Network, before_calendar, delayed_milestones, feature_activity, live_features, push_links, resolver, work_of,
};
use crate::model::DependencyType;

/// A feature of the inputs a network is reshaped to, as it was in the
/// inputs the network was made of (at the same path, under the same id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kept {
    /// Its position in the plan the network was made of.
    pub was: usize,
    /// Whether its own activity's inputs are the same: then its activity is
    /// copied (when it had one).
    pub activity: bool,
    /// Whether its milestone and `depends-on` are the same: then its links
    /// are copied, renumbered, when every item they came from is still
    /// there with an activity.
    pub links: bool,
}

/// The activities of a network with, for each, the standard deviation of
/// its duration, for a three-point estimate its PERT mean, and what
/// leveling reads of it.
type Activities = (Vec<Activity>, Vec<f64>, Vec<Option<f64>>, Vec<Work>);

impl Network {
    /// The network of `inputs`, as of this network's date, made from this
    /// one: `kept[i]` is what feature `i` of `inputs` (by position) was in
    /// the inputs this network was made of, if it was there.
    ///
    /// `inputs` must have the calendar and the milestones (ids and
    /// inputs) of those this network was made of, and a feature not kept
    /// must have an id those did not declare. Then an id names the same
    /// item in both (a feature's own id names it, as its file comes before
    /// any milestone's), so a kept item's link comes from the same item,
    /// at its new place; a link that came from an item gone, or that was
    /// left out (an item without an activity, or the item itself), makes
    /// the item's links worked out again from its ids.
    ///
    /// Returns the network with how it differs from this one, activity by
    /// activity and link by link ([`cpm::Changes`], for
    /// [`cpm::solve_after`]). `None` when `kept` does not fit this network,
    /// or a date falls before the calendar's first day: build the network
    /// from scratch then.
    pub fn reshape(
        self,
        inputs: &Inputs<'_>,
        kept: &[Option<Kept>],
    ) -> Option<Result<(Network, cpm::Changes), ScheduleError>> {
        let m = self.m;
        if inputs.milestone_count() != m || kept.len() != inputs.feature_count() {
            return None;
        }
        let (features, feature_node) = live_features(inputs);
        // The node each live feature had, and each old node's new one.
        let old_nodes = self.old_nodes(&features, kept)?;
        let mut renumber = vec![None; self.activities.len()];
        for (i, r) in renumber.iter_mut().enumerate().take(m) {
            *r = Some(i);
        }
        for (k, old) in old_nodes.iter().enumerate() {
            if let Some((node, _)) = *old {
                *renumber.get_mut(node)? = Some(m + k);
            }
        }
        let mut cal = self.cal.clone();
        let activities = match self.activities_after(inputs, &features, &old_nodes, &mut cal)? {
            Ok(a) => a,
            Err(e) => return Some(Err(e)),
        };
        let node_of = resolver(inputs, &feature_node);
        let (links, link_was, milestone_node) =
            self.links_after(inputs, &features, &old_nodes, &renumber, &node_of, &cal)?;
        let (activities, sigma, means, work) = activities;
        let graph = match cpm::Graph::new(activities.len(), &links) {
            Ok(g) => g,
            Err(_) => return Some(Err(ScheduleError::Cycle)),
        };
        let changes = self.changes(&old_nodes, &renumber, &links, &link_was)?;
        let network = Network {
            project: inputs.project_file().clone(),
            as_of: self.as_of,
            cal,
            status_day: self.status_day,
            m,
            features,
            milestone_node,
            activities,
            sigma,
            means,
            links,
            graph,
            // The same people (the caller's terms: the same calendar and
            // people).
            workers: self.workers,
            worker_index: self.worker_index,
            work,
        };
        Some(Ok((network, changes)))
    }

    /// Takes `cal` as its calendar when it is this one's with more days
    /// known (a schedule's of this network: solving it counts the days its
    /// late dates reach, before the first day or after the last), so that
    /// the next network made from this one ([`Network::reshape`],
    /// [`Network::rework`]) does not count them again. Days known in front
    /// or after change no answer about a date.
    pub fn extend_calendar(&mut self, cal: &Calendar) {
        let known = |c: &Calendar| (c.counts_from(), c.last_day());
        let ((from, last), (their_from, their_last)) = (known(&self.cal), known(cal));
        if cal.working_days() == self.cal.working_days()
            && their_from <= from
            && their_last >= last
            && (their_from, their_last) != (from, last)
        {
            self.cal = cal.clone();
        }
    }

    /// How this network differs from itself before the live features at
    /// `reworked` (positions in the plan) had their activities worked out
    /// again ([`Network::rework`]): in nothing else.
    pub fn reworked(&self, reworked: &[usize]) -> cpm::Changes {
        let n = self.activities.len();
        let mut same_in = vec![true; n];
        for i in reworked {
            if let Ok(k) = self.features.binary_search(i)
                && let Some(same) = same_in.get_mut(self.m + k)
            {
                *same = false;
            }
        }
        cpm::Changes {
            moved: None,
            same_in,
            same_out: vec![true; n],
        }
    }

    /// How the reshaped network differs from this one: its activities'
    /// nodes here (`old_nodes`, after the milestones), each of this one's
    /// nodes' new one (`renumber`), and each new link's link here
    /// (`link_was`). An activity not copied, or with a link in that was not
    /// there or is gone, is not the same; one with a link out that was not
    /// there or is gone has other links out.
    fn changes(
        &self,
        old_nodes: &[Option<(usize, Kept)>],
        renumber: &[Option<usize>],
        links: &[Link],
        link_was: &[Option<usize>],
    ) -> Option<cpm::Changes> {
        let n = self.m + old_nodes.len();
        let mut was: Vec<Option<usize>> = (0..self.m).map(Some).collect();
        was.extend(old_nodes.iter().map(|o| o.map(|(node, _)| node)));
        let mut same_in = vec![true; self.m];
        same_in.extend(
            old_nodes
                .iter()
                .map(|o| matches!(o, Some((_, Kept { activity: true, .. })))),
        );
        let mut same_out = vec![true; n];
        let mut link_now = vec![None; self.links.len()];
        for (j, (l, w)) in links.iter().zip(link_was).enumerate() {
            match w {
                Some(o) => *link_now.get_mut(*o)? = Some(j),
                None => {
                    *same_in.get_mut(l.to)? = false;
                    *same_out.get_mut(l.from)? = false;
                }
            }
        }
        for (l, now) in self.links.iter().zip(&link_now) {
            if now.is_none() {
                if let Some(to) = renumber.get(l.to).copied().flatten() {
                    same_in[to] = false;
                }
                if let Some(from) = renumber.get(l.from).copied().flatten() {
                    same_out[from] = false;
                }
            }
        }
        Some(cpm::Changes {
            moved: Some(cpm::Moved { was, link_now }),
            same_in,
            same_out,
        })
    }

    /// For each live feature at `features` (positions in the new plan), its
    /// node in this network and whether its links may be copied, when
    /// `kept` says it was a live feature here. `None` when two features
    /// claim one node, or `kept` names a position this network never had.
    #[allow(clippy::type_complexity)]
    fn old_nodes(&self, features: &[usize], kept: &[Option<Kept>]) -> Option<Vec<Option<(usize, Kept)>>> {
        // This network's node of each feature position, live ones only.
        let positions = self.features.last().map_or(0, |&p| p + 1);
        let mut node_at = vec![None; positions];
        for (k, &p) in self.features.iter().enumerate() {
            *node_at.get_mut(p)? = Some(self.m + k);
        }
        let mut claimed = vec![false; self.activities.len()];
        let mut out = Vec::with_capacity(features.len());
        for &i in features {
            let old = match kept.get(i).copied().flatten() {
                Some(k) => node_at.get(k.was).copied().flatten().map(|node| (node, k)),
                None => None,
            };
            if let Some((node, _)) = old
                && std::mem::replace(claimed.get_mut(node)?, true)
            {
                return None;
            }
            out.push(old);
        }
        Some(out)
    }

    /// The activities of the reshaped network: the milestones' as they are,
    /// a kept feature's copied when its activity is the same, the others
    /// worked out on `cal`. `None` when one names a date before the
    /// calendar's first day.
    fn activities_after(
        &self,
        inputs: &Inputs<'_>,
        features: &[usize],
        old_nodes: &[Option<(usize, Kept)>],
        cal: &mut Calendar,
    ) -> Option<Result<Activities, ScheduleError>> {
        let (m, n) = (self.m, self.m + features.len());
        let per_week = cal.days_per_week();
        let mut activities = Vec::with_capacity(n);
        let mut sigma = Vec::with_capacity(n);
        let mut means = Vec::with_capacity(n);
        let mut work = Vec::with_capacity(n);
        activities.extend_from_slice(self.activities.get(..m)?);
        sigma.extend_from_slice(self.sigma.get(..m)?);
        means.extend_from_slice(self.means.get(..m)?);
        work.extend_from_slice(self.work.get(..m)?);
        for (&i, old) in features.iter().zip(old_nodes) {
            match old {
                // (What leveling reads of it is the same too: it is made of
                // the same inputs and activity, for the same people.)
                Some((node, Kept { activity: true, .. })) => {
                    activities.push(self.activities.get(*node)?.clone());
                    sigma.push(*self.sigma.get(*node)?);
                    means.push(*self.means.get(*node)?);
                    work.push(*self.work.get(*node)?);
                }
                _ => {
                    let f = inputs.feature(i)?;
                    if before_calendar(cal, &f.activity) {
                        return None;
                    }
                    match feature_activity(&f.activity, cal, self.status_day, per_week) {
                        Ok((a, sd, mean)) => {
                            let who = (&self.worker_index, &self.workers[..]);
                            match work_of(&f.activity, &a, who, (self.status_day, per_week), cal) {
                                Ok(w) => work.push(w),
                                Err(e) => return Some(Err(e)),
                            }
                            activities.push(a);
                            sigma.push(sd);
                            means.push(mean);
                        }
                        Err(e) => return Some(Err(e)),
                    }
                }
            }
        }
        Some(Ok((activities, sigma, means, work)))
    }

    /// The links of the reshaped network, in [`Network::build`]'s order, with
    /// each one's link in this network when it was copied from there, and
    /// each live feature's milestone activity: a milestone's and a kept
    /// feature's links copied and renumbered (`renumber`: each node's new
    /// one) where they can be, the others resolved by id (`node_of`).
    #[allow(clippy::type_complexity)]
    fn links_after(
        &self,
        inputs: &Inputs<'_>,
        features: &[usize],
        old_nodes: &[Option<(usize, Kept)>],
        renumber: &[Option<usize>],
        node_of: &impl Fn(&str) -> Option<usize>,
        cal: &Calendar,
    ) -> Option<(Vec<Link>, Vec<Option<usize>>, Vec<Option<usize>>)> {
        let (m, per_week) = (self.m, cal.days_per_week());
        let into = self.links_into()?;
        let delayed = delayed_milestones(inputs);
        let mut links = Vec::with_capacity(self.links.len() + 8);
        let mut was = Vec::with_capacity(self.links.len() + 8);
        for (i, ms) in inputs.milestones().enumerate() {
            if !copy_links(
                &mut links,
                &mut was,
                into.of(i),
                i,
                ms.depends_on.iter().len(),
                renumber,
            ) {
                push_links(&mut links, i, ms.depends_on, node_of, (per_week, &delayed));
            }
        }
        for (k, (&i, old)) in features.iter().zip(old_nodes).enumerate() {
            let deps = inputs.depends_on(i)?;
            let copied = match old {
                Some((node, Kept { links: true, .. })) => {
                    copy_links(&mut links, &mut was, into.of(*node), m + k, deps.iter().len(), renumber)
                }
                _ => false,
            };
            if !copied {
                push_links(&mut links, m + k, deps, node_of, (per_week, &delayed));
            }
        }
        was.resize(links.len(), None);
        // This network's link from each of its features to its milestone.
        let mut membership = into.deps.len()..;
        let old_membership: Vec<Option<usize>> = self
            .milestone_node
            .iter()
            .map(|to| to.and_then(|_| membership.next()))
            .collect();
        let mut milestone_node = vec![None; features.len()];
        for (k, (&i, old)) in features.iter().zip(old_nodes).enumerate() {
            let copied = match old {
                Some((node, Kept { links: true, .. })) => {
                    let to = self.milestone_node.get(node - m).copied().flatten();
                    to.zip(old_membership.get(node - m).copied().flatten())
                }
                _ => None,
            };
            // A milestone is kept with its position: the same node.
            let resolved = || inputs.feature(i)?.milestone.and_then(node_of).filter(|&to| to < m);
            if let Some(to) = copied.map(|(to, _)| to).or_else(resolved) {
                milestone_node[k] = Some(to);
                links.push(Link {
                    from: m + k,
                    to,
                    kind: DependencyType::FinishToStart,
                    lag: 0,
                });
                was.push(copied.map(|(_, l)| l));
            }
        }
        Some((links, was, milestone_node))
    }

    /// The links of each item's `depends-on` in this network, by the node
    /// they go into; `None` if they are not first and in node order, as
    /// [`Network::build`] puts them.
    fn links_into(&self) -> Option<LinksInto<'_>> {
        let memberships = self.milestone_node.iter().flatten().count();
        let deps = self.links.get(..self.links.len().checked_sub(memberships)?)?;
        if deps.windows(2).any(|w| w[0].to > w[1].to) {
            return None;
        }
        // Where each node's links start, and end.
        let mut start = vec![0usize; self.activities.len() + 1];
        for l in deps {
            *start.get_mut(l.to + 1)? += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        Some(LinksInto { deps, start })
    }
}

/// A network's `depends-on` links, grouped by the node they go into.
struct LinksInto<'n> {
    deps: &'n [Link],
    /// Node `i`'s links are `deps[start[i]..start[i + 1]]`.
    start: Vec<usize>,
}

impl LinksInto<'_> {
    /// The links into `node`, and the first one's index.
    fn of(&self, node: usize) -> (usize, &[Link]) {
        let (a, b) = (self.start.get(node).copied(), self.start.get(node + 1).copied());
        a.zip(b)
            .and_then(|(a, b)| Some((a, self.deps.get(a..b)?)))
            .unwrap_or_default()
    }
}

/// Pushes onto `links` the links `old` into node `me` (the first at index
/// `first` in its network), renumbered, and onto `was` their indices
/// there: when they are as many as the item's `declared` dependencies
/// (none was left out) and every one comes from a node still there.
/// Otherwise pushes nothing and says so.
fn copy_links(
    links: &mut Vec<Link>,
    was: &mut Vec<Option<usize>>,
    (first, old): (usize, &[Link]),
    me: usize,
    declared: usize,
    renumber: &[Option<usize>],
) -> bool {
    if old.len() != declared {
        return false;
    }
    let mark = links.len();
    for l in old {
        match renumber.get(l.from).copied().flatten() {
            Some(from) => links.push(Link { from, to: me, ..*l }),
            None => {
                links.truncate(mark);
                return false;
            }
        }
    }
    // Pushed links without an index there stay without one.
    was.resize(mark, None);
    was.extend((first..first + old.len()).map(Some));
    true
}
