//! Working out each commit while the walk goes on.
//!
//! The walk runs on the calling thread, from the newest commit back, so
//! that work starts with the first commits read. Every [`CHUNK`] commits it
//! hands the next run of consecutive commits to the worker thread with the
//! least work waiting, with the files and tree listings found since that
//! worker's last run. A worker goes through a run oldest first, keeping its
//! own copies of the decoded files, and the plan, schedules and networks of
//! the commit it worked on last: on the main line that commit is the next one's parent, so a plan
//! is loaded once, validated after its parent's, and scheduled once per day
//! it is needed at.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use git2::Oid;

use super::walk::{self, Blob, Listing, Select, Touch, Walked};
use super::{Point, Scheduled, Schedules, parent_tree, point, schedule_of};
use crate::error::Result;
use crate::load::Prepared;
use crate::plan::Plan;
use crate::schedule::Calendars;

/// Commits per run handed to a worker: small enough that the workers start
/// early in the walk, large enough that starting a run (loading its first
/// parent's plan from scratch) is rare.
const CHUNK: usize = 32;

/// A run of consecutive commits for one worker, with what the walk found
/// since that worker's last run.
struct Package {
    /// The position of the first commit in the walk.
    first: usize,
    touches: Vec<Touch>,
    /// Files numbered from the worker's count on.
    blobs: Vec<Arc<Blob>>,
    listings: Vec<(Oid, Listing)>,
}

/// Walks the history and works out every commit that changed the plan;
/// the commits and their points are oldest first.
pub(super) fn walk_and_process(
    repo: &git2::Repository,
    prefix: &str,
    select: &Select,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Walked, Vec<Point>)> {
    let threads = crate::par::threads().max(1);
    let done = AtomicUsize::new(0);
    // Commits each worker has worked out.
    let progressed: Vec<AtomicUsize> = (0..threads).map(|_| AtomicUsize::new(0)).collect();
    let (walked, mut points) = std::thread::scope(|scope| {
        let done = &done;
        let (finished_tx, finished) = mpsc::channel::<()>();
        let mut feeder = Feeder::default();
        let mut handles = Vec::with_capacity(threads);
        for mine in &progressed {
            let (tx, rx) = mpsc::channel::<Package>();
            let finished_tx = finished_tx.clone();
            feeder.workers.push(Lane {
                tx,
                blobs: 0,
                listings: 0,
                sent: 0,
                done: mine,
            });
            handles.push(scope.spawn(move || {
                let out = worker(rx, done, mine);
                let _ = finished_tx.send(());
                out
            }));
        }
        drop(finished_tx);
        let walked = walk::walk(
            repo,
            prefix,
            select,
            &mut |seen| progress(seen, done.load(Ordering::Relaxed)),
            &mut |w| feeder.feed(w, false),
        );
        if let Ok(w) = &walked {
            feeder.feed(w, true);
        }
        // Closing the channels lets the workers finish.
        drop(feeder);
        // Show progress until every worker is done (a worker that panicked
        // never says so: its thread has finished all the same).
        let seen = walked.as_ref().map_or(0, |w| w.commits_seen);
        let mut running = threads;
        while running > 0 {
            match finished.recv_timeout(Duration::from_millis(100)) {
                Ok(()) => running -= 1,
                Err(mpsc::RecvTimeoutError::Timeout) if handles.iter().all(|h| h.is_finished()) => break,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            progress(seen, done.load(Ordering::Relaxed));
        }
        let mut points = Vec::new();
        for handle in handles {
            match handle.join() {
                Ok(part) => points.extend(part),
                // A panic in a worker is a bug: let it surface as one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        walked.map(|w| (w, points))
    })?;
    points.sort_by_key(|(i, _)| *i);
    let (mut walked, mut points): (Walked, Vec<Point>) = (walked, points.into_iter().map(|(_, p)| p).collect());
    walked.oldest_first(&mut points);
    Ok((walked, points))
}

/// Hands each run of commits to the worker with the least work waiting
/// (runs grow more costly as the plan grows: taking turns would leave one
/// worker with the last, biggest runs while the other idles), with the
/// files and listings that worker has not been sent yet.
#[derive(Default)]
struct Feeder<'d> {
    workers: Vec<Lane<'d>>,
    /// Commits handed out so far.
    sent: usize,
}

/// One worker, as the feeder sees it.
struct Lane<'d> {
    tx: mpsc::Sender<Package>,
    /// How many files and listings it was sent.
    blobs: usize,
    listings: usize,
    /// Commits sent to it, and how many it has worked out.
    sent: usize,
    done: &'d AtomicUsize,
}

impl Feeder<'_> {
    /// Sends the next run once it is complete (or, at the end, whatever is left).
    fn feed(&mut self, walked: &Walked, end: bool) {
        let ready = walked.touches.len() - self.sent;
        if ready == 0 || (!end && ready < CHUNK) || self.workers.is_empty() {
            return;
        }
        let waiting = |l: &Lane<'_>| l.sent.saturating_sub(l.done.load(Ordering::Relaxed));
        let Some(lane) = self.workers.iter_mut().min_by_key(|l| waiting(l)) else {
            return;
        };
        let package = Package {
            first: self.sent,
            touches: walked.touches[self.sent..].to_vec(),
            blobs: walked.blobs[lane.blobs..].to_vec(),
            listings: walked.listed[lane.listings..]
                .iter()
                .filter_map(|t| Some((*t, walked.listings.get(t)?.clone())))
                .collect(),
        };
        lane.blobs = walked.blobs.len();
        lane.listings = walked.listed.len();
        lane.sent += package.touches.len();
        // A worker that is gone panicked: joining it says so.
        let _ = lane.tx.send(package);
        self.sent = walked.touches.len();
    }
}

/// What a worker knows of the walk: the files (decoded by the walk; copied
/// into this thread's own on first use, so that no two threads count
/// references on the same decoded data) and the tree listings it was sent.
struct Store {
    blobs: Vec<Arc<Blob>>,
    decoded: Vec<Option<Prepared>>,
    listings: HashMap<Oid, Listing, foldhash::fast::FixedState>,
}

impl Store {
    /// File number `id` of the walk ([`walk::Listing`]), this thread's copy.
    fn get(&mut self, id: u32) -> Option<&Prepared> {
        let i = id as usize;
        if self.decoded.len() < self.blobs.len() {
            self.decoded.resize_with(self.blobs.len(), || None);
        }
        let slot = self.decoded.get_mut(i)?;
        if slot.is_none() {
            *slot = Some(self.blobs.get(i)?.prepared.detached());
        }
        slot.as_ref()
    }

    /// The plan of a plan tree (`None`: no plan directory, an empty plan),
    /// validated, reusing what validating `before` found (see
    /// [`crate::validate::validate_after`]), with its validation memo.
    fn load(&mut self, tree: Option<Oid>, before: Option<&Loaded>) -> Loaded {
        let Some(listing) = tree.and_then(|t| self.listings.get(&t)).cloned() else {
            return Loaded::default();
        };
        // Copied into this thread first (see `Store::get`), then borrowed.
        for &id in listing.iter() {
            self.get(id);
        }
        let decoded = &self.decoded;
        let mut plan = crate::load::assemble_from(listing.iter().filter_map(|&id| decoded.get(id as usize)?.as_ref()));
        let memo = crate::validate::validate_after(&mut plan, before.map(|l| (&l.plan, &l.memo)));
        let cost = crate::cost::plan_totals(&plan);
        Loaded { plan, memo, cost }
    }
}

/// A plan loaded and validated, with what validation found.
#[derive(Default)]
pub(super) struct Loaded {
    pub(super) plan: Plan,
    memo: crate::validate::Memo,
    /// Worked out once, for the comparisons with its parent and its child.
    pub(super) cost: crate::cost::Totals,
}

/// Works through the runs it is sent, each in order, keeping the last plans
/// and schedules from one commit (and one run) to the next. Returns each
/// commit's point with its position in the walk.
fn worker(packages: mpsc::Receiver<Package>, done: &AtomicUsize, mine: &AtomicUsize) -> Vec<(usize, Point)> {
    let mut store = Store {
        blobs: Vec::new(),
        decoded: Vec::new(),
        listings: HashMap::default(),
    };
    let mut plans: HashMap<Option<Oid>, Loaded> = HashMap::new();
    let mut schedules: Schedules = HashMap::new();
    let mut calendars = Calendars::default();
    let mut out = Vec::new();
    for package in packages {
        store.blobs.extend(package.blobs);
        store.listings.extend(package.listings);
        // A run comes newest first, as the walk found it: worked out
        // oldest first, each commit after its parent.
        for (k, t) in package.touches.iter().enumerate().rev() {
            let base = parent_tree(t);
            for tree in base.into_iter().chain([t.tree]) {
                if !plans.contains_key(&tree) {
                    // Validated after the plan it most likely differs least
                    // from: the parent's, or else the commit before's.
                    let before = base.and_then(|b| plans.get(&b)).or_else(|| plans.values().next());
                    let loaded = store.load(tree, before);
                    plans.insert(tree, loaded);
                }
                let Some(Loaded { plan, .. }) = plans.get(&tree) else {
                    continue;
                };
                if schedules.contains_key(&(tree, t.date)) {
                    continue;
                }
                // A commit that changed nothing the scheduler reads (titles,
                // owners, priorities) schedules as its parent did that day;
                // one that changed some features' estimates or progress,
                // from its parent's network (see `Network::after`).
                let parent = base.filter(|b| *b != tree).and_then(|b| plans.get(&b).map(|p| (b, p)));
                // The parent's network goes to its child: nothing else needs it.
                let network = parent.and_then(|(b, _)| schedules.get_mut(&(b, t.date))?.network.take());
                let parent_schedule =
                    parent.and_then(|(b, p)| Some((p, schedules.get(&(b, t.date))?.schedule.as_ref())));
                let scheduled = match parent_schedule {
                    // (An invalid plan is not scheduled: an unknown owner is
                    // no input to the scheduler, but it is an error.)
                    Some((before, Some(s)))
                        if plan.error_count() == 0 && crate::schedule::same_inputs(&before.plan, plan) =>
                    {
                        Scheduled {
                            schedule: Some(s.retitled(plan)),
                            network,
                        }
                    }
                    _ => schedule_of(plan, t.date, &mut calendars, parent.map(|(_, p)| &p.plan).zip(network)),
                };
                schedules.insert((tree, t.date), scheduled);
            }
            out.push((package.first + k, point(t, &plans, &schedules)));
            // Keep what the next commit, on the main line, will need.
            plans.retain(|tree, _| *tree == t.tree);
            schedules.retain(|(tree, date), _| *tree == t.tree && *date == t.date);
            done.fetch_add(1, Ordering::Relaxed);
            mine.fetch_add(1, Ordering::Relaxed);
        }
    }
    out
}
