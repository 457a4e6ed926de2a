//! Working out each commit while the walk goes on.
//!
//! The walk runs on the calling thread, from the newest commit back, so
//! that work starts with the first commits read, on a core of its own: one
//! worker thread runs on each other core. Every [`CHUNK`] commits the walk
//! cuts the next run of consecutive commits; a worker is handed one when it
//! is down to its last, with the files and tree listings found since its
//! last run. Once the walk is done, the calling thread works out the runs
//! still waiting, oldest first, alongside the workers.
//!
//! A thread goes through a run oldest first, keeping its own copies of the
//! decoded files, and the plan, schedules and networks of the commit it
//! worked on last: on the main line that commit is the next one's parent,
//! so a plan is loaded once, validated after its parent's, and scheduled
//! once per day it is needed at.

use std::collections::{HashMap, VecDeque};
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread::ScopedJoinHandle;
use std::time::Duration;

use super::confidence::{self, Confidence};
use super::walk::{self, Listing, Touch, Walked};
use super::{Plans, Point, Scheduled, Schedules, parent_tree, point, schedule_of};
use crate::error::Result;
use crate::git::{ObjectId, Repo};
use crate::incremental::Calendars;
use crate::load::{Blob, Prepared};
use crate::plan::Plan;

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
    listings: Vec<(ObjectId, Listing)>,
}

/// Walks the history and works out every commit that changed the plan;
/// the commits and their points are oldest first.
pub(super) fn walk_and_process(
    repo: &Repo,
    prefix: &str,
    options: &super::Options,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(Walked, Vec<Point>)> {
    let (select, options) = (&options.select, How::of(options));
    // The walk has a core of its own: with a worker on every core, it
    // would get two thirds of one and hold everything up.
    let threads = crate::par::threads().max(1) - 1;
    // Commits each worker, and the calling thread, has worked out.
    let progressed: Vec<AtomicUsize> = (0..threads).map(|_| AtomicUsize::new(0)).collect();
    let own_done = AtomicUsize::new(0);
    let done =
        || own_done.load(Ordering::Relaxed) + progressed.iter().map(|d| d.load(Ordering::Relaxed)).sum::<usize>();
    // Every core walks or works out commits: a commit's leveling stays on
    // its thread (`par::beside`).
    let (mut walked, points) = crate::par::beside(|| {
        std::thread::scope(|scope| {
            let (finished_tx, finished) = mpsc::channel::<()>();
            let mut feeder = Feeder::default();
            let mut handles = Vec::with_capacity(threads);
            for mine in &progressed {
                handles.push(spawn_worker(scope, &mut feeder, mine, finished_tx.clone(), options));
            }
            drop(finished_tx);
            let walked = walk::walk(repo, prefix, select, &mut |seen| progress(seen, done()), &mut |w| {
                feeder.queue(w, false);
                feeder.dispatch(w);
            });
            // The walk done, this thread works out runs too: the oldest waiting,
            // while the workers take the newest.
            let mut own = Worker::new(options);
            if let Ok(w) = &walked {
                feeder.queue(w, true);
                let mut sent = Sent::default();
                while let Some(run) = feeder.next_own(w) {
                    own.run(sent.package(w, run), &own_done);
                    progress(w.commits_seen, done());
                }
            }
            // Closing the channels lets the workers finish.
            drop(feeder);
            let seen = walked.as_ref().map_or(0, |w| w.commits_seen);
            await_workers(&finished, &handles, &mut || progress(seen, done()));
            let parts = join_workers(own.out, handles);
            walked.map(|w| (w, parts))
        })
    })?;
    let points = points_oldest_first(points, walked.touches.len());
    walked.oldest_first();
    Ok((walked, points))
}

/// Starts a worker thread in `scope`, and gives `feeder` its lane: the
/// worker works out the runs sent to it (scheduling as `options` say),
/// counting its commits in `done`, says so on `finished` once its channel
/// is closed, and returns its points, each with its position in the walk.
fn spawn_worker<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    feeder: &mut Feeder<'env>,
    done: &'env AtomicUsize,
    finished: mpsc::Sender<()>,
    options: How,
) -> ScopedJoinHandle<'scope, Vec<(usize, Point)>> {
    let (tx, rx) = mpsc::channel::<Package>();
    feeder.workers.push(Lane {
        tx,
        sent: Sent::default(),
        commits: 0,
        done,
    });
    scope.spawn(move || {
        crate::par::beside(|| {
            let mut worker = Worker::new(options);
            for package in rx {
                worker.run(package, done);
            }
            let _ = finished.send(());
            worker.out
        })
    })
}

/// Shows progress (`progress`) until every worker of `handles` has said on
/// `finished` that it is done. A worker that panicked never says so: its
/// thread has finished all the same, and is not waited for.
fn await_workers<T>(finished: &mpsc::Receiver<()>, handles: &[ScopedJoinHandle<'_, T>], progress: &mut dyn FnMut()) {
    let mut running = handles.len();
    while running > 0 {
        match finished.recv_timeout(Duration::from_millis(100)) {
            Ok(()) => running -= 1,
            Err(mpsc::RecvTimeoutError::Timeout) if handles.iter().all(|h| h.is_finished()) => break,
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
        progress();
    }
}

/// The points the calling thread worked out (`own`), then each worker's,
/// its thread joined. A panic in a worker is raised again here.
fn join_workers(
    own: Vec<(usize, Point)>,
    handles: Vec<ScopedJoinHandle<'_, Vec<(usize, Point)>>>,
) -> Vec<Vec<(usize, Point)>> {
    let mut parts = Vec::with_capacity(handles.len() + 1);
    parts.push(own);
    for handle in handles {
        match handle.join() {
            Ok(part) => parts.push(part),
            // A panic in a worker is a bug: let it surface as one.
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    parts
}

/// The points of every thread's `parts`, each given with its position in
/// the walk (newest first), put oldest first; `count` commits were walked.
fn points_oldest_first(parts: Vec<Vec<(usize, Point)>>, count: usize) -> Vec<Point> {
    // Each point straight to its place: points are large, and sorting them
    // would move each one many times.
    let mut slots: Vec<Option<Point>> = std::iter::repeat_with(|| None).take(count).collect();
    for (i, p) in parts.into_iter().flatten() {
        if let Some(slot) = count.checked_sub(i + 1).and_then(|j| slots.get_mut(j)) {
            *slot = Some(p);
        }
    }
    // Every run reaches a thread, and a thread that does not finish its
    // runs panicked (re-raised when joined): no slot is left empty.
    slots.into_iter().flatten().collect()
}

/// Cuts the walk into runs of commits and hands each to the worker with
/// the least work waiting (runs grow more costly as the plan grows: taking
/// turns would leave one worker with the last, biggest runs while the
/// other idles), once that worker is down to its last run: the runs not
/// handed out yet are left for whichever thread is free first, the
/// calling thread included once the walk is done.
#[derive(Default)]
struct Feeder<'d> {
    workers: Vec<Lane<'d>>,
    /// Commits cut into runs so far.
    queued: usize,
    /// Runs not handed out yet, newest first: positions in the walk.
    pending: VecDeque<Range<usize>>,
}

/// One worker, as the feeder sees it.
struct Lane<'d> {
    tx: mpsc::Sender<Package>,
    sent: Sent,
    /// Commits sent to it; how many it has worked out.
    commits: usize,
    done: &'d AtomicUsize,
}

/// How many of the walk's files and listings a worker was sent.
#[derive(Default)]
struct Sent {
    blobs: usize,
    listings: usize,
}

impl Sent {
    /// The run `run` of the walk's commits, with the files and listings
    /// found since the last package.
    fn package(&mut self, walked: &Walked, run: Range<usize>) -> Package {
        let package = Package {
            first: run.start,
            touches: walked.touches.get(run).unwrap_or_default().to_vec(),
            blobs: walked.files.blobs().get(self.blobs..).unwrap_or_default().to_vec(),
            listings: walked
                .listed
                .get(self.listings..)
                .unwrap_or_default()
                .iter()
                .filter_map(|t| Some((*t, walked.listings.get(t)?.clone())))
                .collect(),
        };
        self.blobs = walked.files.blobs().len();
        self.listings = walked.listed.len();
        package
    }
}

impl Feeder<'_> {
    /// Cuts the next run once it is complete (or, at the end, whatever is left).
    fn queue(&mut self, walked: &Walked, end: bool) {
        let ready = walked.touches.len() - self.queued;
        if ready == 0 || (!end && ready < CHUNK) {
            return;
        }
        self.pending.push_back(self.queued..walked.touches.len());
        self.queued = walked.touches.len();
    }

    /// Once the walk is done: hands runs out to the workers down to their
    /// last, then gives the calling thread the oldest run still waiting.
    fn next_own(&mut self, walked: &Walked) -> Option<Range<usize>> {
        self.dispatch(walked);
        self.pending.pop_back()
    }

    /// Hands runs out, newest first, to the workers down to their last run.
    fn dispatch(&mut self, walked: &Walked) {
        let waiting = |l: &Lane<'_>| l.commits.saturating_sub(l.done.load(Ordering::Relaxed));
        while !self.pending.is_empty() {
            let Some(lane) = self
                .workers
                .iter_mut()
                .filter(|l| waiting(l) <= CHUNK)
                .min_by_key(|l| waiting(l))
            else {
                return;
            };
            let Some(run) = self.pending.pop_front() else {
                return;
            };
            lane.commits += run.len();
            // A worker that is gone panicked: joining it says so.
            let _ = lane.tx.send(lane.sent.package(walked, run));
        }
    }
}

/// What a worker knows of the walk: the files (decoded once, by the first
/// thread to need each, see [`Blob::prepared`]; copied into this thread's
/// own on first use, so that no two threads count references on the same
/// decoded data) and the tree listings it was sent. Not a cache of its own:
/// a thread's view of the walk's [`crate::load::Cache`], by file number.
#[derive(Default)]
struct Store {
    blobs: Vec<Arc<Blob>>,
    decoded: Vec<Option<Prepared>>,
    listings: HashMap<ObjectId, Listing, foldhash::fast::FixedState>,
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
            *slot = Some(self.blobs.get(i)?.prepared().detached());
        }
        slot.as_ref()
    }

    /// Frees this thread's copies of the files but those of the plan trees
    /// `trees`.
    fn keep_only(&mut self, trees: impl Iterator<Item = ObjectId>) {
        let mut keep = vec![false; self.decoded.len()];
        for tree in trees {
            for &id in self.listings.get(&tree).map_or(&[][..], |l| &l[..]) {
                if let Some(k) = keep.get_mut(id as usize) {
                    *k = true;
                }
            }
        }
        for (slot, keep) in self.decoded.iter_mut().zip(keep) {
            if !keep {
                *slot = None;
            }
        }
    }

    /// The plan of a plan tree (`None`: no plan directory, an empty plan),
    /// validated, reusing what validating `before` found (see
    /// [`crate::incremental::validate_after`]), with its validation memo.
    fn load(&mut self, tree: Option<ObjectId>, before: Option<&Loaded>) -> Loaded {
        let Some(listing) = tree.and_then(|t| self.listings.get(&t)).cloned() else {
            return Loaded::default();
        };
        // Copied into this thread first (see `Store::get`), then borrowed.
        for &id in listing.iter() {
            self.get(id);
        }
        let decoded = &self.decoded;
        let mut plan = crate::load::assemble_after(
            listing.iter().filter_map(|&id| decoded.get(id as usize)?.as_ref()),
            before.map(|l| &l.plan),
        );
        let memo = crate::incremental::validate_after(&mut plan, before.map(|l| (&l.plan, &l.memo)));
        let (cost, costs) = crate::incremental::totals_after(&plan, before.map(|l| (&l.plan, &l.costs[..])));
        Loaded {
            plan,
            memo,
            cost,
            costs,
            live_days: std::cell::OnceCell::new(),
        }
    }
}

/// How every commit is worked out: scheduled, and forecast with
/// `--forecast`.
#[derive(Clone, Copy)]
struct How {
    schedule: crate::schedule::Options,
    forecast: Option<crate::forecast::Options>,
}

impl How {
    fn of(options: &super::Options) -> How {
        How {
            schedule: options.schedule,
            forecast: options.forecast,
        }
    }
}

/// A plan loaded and validated, with what validation found.
#[derive(Default)]
pub(super) struct Loaded {
    pub(super) plan: Plan,
    memo: crate::incremental::Memo,
    /// Worked out once, for the comparisons with its parent and its child.
    pub(super) cost: crate::cost::Totals,
    /// Each feature's, by position: for the next plan's ([`crate::incremental::totals_after`]).
    costs: Vec<crate::cost::Cost>,
    /// The live features' estimate ([`super::Size`]'s), once worked out:
    /// for its own point, then its child's weekly scope.
    pub(super) live_days: std::cell::OnceCell<f64>,
}

/// A thread working out runs, each in order, keeping the last plans and
/// schedules from one commit (and one run) to the next.
struct Worker {
    store: Store,
    plans: Plans,
    schedules: Schedules,
    calendars: Calendars,
    /// How every commit's plan is scheduled and forecast.
    options: How,
    /// The last commit's plan tree and Monte Carlo figures (`--forecast`).
    confidence: Option<(Option<ObjectId>, Arc<Confidence>)>,
    /// Each commit's point with its position in the walk.
    out: Vec<(usize, Point)>,
}

impl Worker {
    fn new(options: How) -> Worker {
        Worker {
            store: Store::default(),
            plans: Plans::default(),
            schedules: Schedules::default(),
            calendars: Calendars::default(),
            options,
            confidence: None,
            out: Vec::new(),
        }
    }

    /// Works out a run of commits, counting each in `done`.
    fn run(&mut self, package: Package, done: &AtomicUsize) {
        let Worker {
            store,
            plans,
            schedules,
            calendars,
            options,
            confidence,
            out,
        } = self;
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
                if !schedules.contains_key(&(tree, t.date)) {
                    let scheduled = schedule(plans, schedules, calendars, base, tree, t.date, options.schedule);
                    schedules.insert((tree, t.date), scheduled);
                }
            }
            let figures = options.forecast.and_then(|mc| {
                let figures = forecast(plans, schedules, t, &mc, confidence.take())?;
                *confidence = Some((t.tree, figures.clone()));
                Some(figures)
            });
            out.push((package.first + k, point(t, plans, schedules, figures)));
            // Keep what the next commit, on the main line, will need.
            plans.retain(|tree, _| *tree == t.tree);
            schedules.retain(|(tree, date), _| *tree == t.tree && *date == t.date);
            done.fetch_add(1, Ordering::Relaxed);
        }
        // The run's two ends are where the next run most likely picks up:
        // this thread's copies of their files are kept, the others freed
        // (and copied again if a later run needs them). Otherwise every
        // thread would keep a copy of every version of every file.
        let first = package.touches.last().and_then(parent_tree).flatten();
        let last = package.touches.first().and_then(|t| t.tree);
        store.keep_only([first, last].into_iter().flatten());
    }
}

/// The Monte Carlo figures of commit `t` (its plan in `plans`, scheduled
/// in `schedules`), made as `options` say: those of `last` (the last
/// commit's plan tree and figures) when its plan, most often `t`'s parent's,
/// forecasts alike ([`confidence::after`]). `None` for a plan that was not
/// scheduled.
fn forecast(
    plans: &Plans,
    schedules: &Schedules,
    t: &Touch,
    options: &crate::forecast::Options,
    last: Option<(Option<ObjectId>, Arc<Confidence>)>,
) -> Option<Arc<Confidence>> {
    let plan = &plans.get(&t.tree)?.plan;
    let schedule = schedules.get(&(t.tree, t.date))?.schedule.as_ref()?;
    let before = last.as_ref().and_then(|(tree, c)| Some((&plans.get(tree)?.plan, c)));
    confidence::after(plan, schedule, t.date, options, before)
}

/// The plan of `tree` (in `plans`) scheduled as of `date`, after its
/// parent's (`base`) that day, or itself another day (in `schedules`),
/// as `options` say (every schedule of a walk the same way: a network or
/// forecast reused from another commit was made alike).
///
/// A commit that changed nothing the scheduler reads (titles, owners,
/// priorities) schedules as its parent did that day; one that changed some
/// features, from its parent's network (see `incremental::reshape`). The
/// parent's network goes to its child: nothing else needs it. Without
/// one, the network of this same plan as of another day (the commit
/// before's) is moved to this day; if that day falls on the same working
/// day, its forecast too.
fn schedule(
    plans: &Plans,
    schedules: &mut Schedules,
    calendars: &mut Calendars,
    base: Option<Option<ObjectId>>,
    tree: Option<ObjectId>,
    date: crate::model::Date,
    options: crate::schedule::Options,
) -> Scheduled {
    let Some(Loaded { plan, .. }) = plans.get(&tree) else {
        return Scheduled::default();
    };
    let parent = base.filter(|b| *b != tree).and_then(|b| plans.get(&b).map(|p| (b, p)));
    let network = match parent.and_then(|(b, p)| Some((p, schedules.get_mut(&(b, date))?.network.take()?))) {
        Some((p, n)) => Some((&p.plan, n)),
        None => {
            let other = schedules
                .iter_mut()
                .find(|((other, _), _)| *other == tree)
                .map(|(_, s)| s);
            match other.and_then(|s| Some((s.network.take()?, s.schedule.as_ref()))) {
                Some((mut n, s)) => {
                    if let Some(moved) = s.and_then(|s| crate::incremental::same_day(s, &mut n, plan, date)) {
                        return Scheduled {
                            schedule: Some(moved),
                            network: Some(n),
                        };
                    }
                    Some((plan, n))
                }
                None => None,
            }
        }
    };
    let parent_schedule = parent.and_then(|(b, p)| Some((p, schedules.get(&(b, date))?.schedule.as_ref())));
    match parent_schedule {
        // (An invalid plan is not scheduled: an unknown owner is no input
        // to the scheduler, but it is an error.)
        Some((before, Some(s))) if plan.error_count() == 0 && crate::incremental::same_inputs(&before.plan, plan) => {
            Scheduled {
                schedule: Some(s.retitled(plan)),
                // (As of whichever day: a network knows its own.)
                network: network.map(|(_, n)| n),
            }
        }
        _ => schedule_of(plan, date, calendars, network, options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::walk::Parent;

    /// A walk that has found `n` commits (no files: the feeder only cuts
    /// and hands out positions).
    fn walked(n: usize) -> Walked {
        let date = crate::model::Date::new(2026, 3, 2).unwrap_or_else(|e| panic!("{e}"));
        Walked {
            touches: (0..n)
                .map(|i| Touch {
                    id: ObjectId::from_bytes([(i % 251) as u8; 20]),
                    date,
                    author: "A".into(),
                    subject: format!("commit {i}"),
                    merge: false,
                    tree: None,
                    not_a_folder: None,
                    parent: Parent::Root,
                    renames: Vec::new(),
                    changed: None,
                })
                .collect(),
            commits_seen: n,
            shallow: false,
            oldest: None,
            listings: Default::default(),
            files: Default::default(),
            listed: Vec::new(),
        }
    }

    /// Feeds the walk's commits to `workers` lanes one by one, as the walk
    /// does, with the workers working out nothing meanwhile; then, as the
    /// calling thread does, hands runs out while taking the oldest for
    /// itself, the workers done with all they had. Returns the runs each
    /// worker was sent, and the calling thread's, in the order taken.
    fn feed(n: usize, workers: usize) -> (Vec<Vec<Range<usize>>>, Vec<Range<usize>>) {
        let done: Vec<AtomicUsize> = (0..workers).map(|_| AtomicUsize::new(0)).collect();
        let mut receivers = Vec::new();
        let mut feeder = Feeder::default();
        for d in &done {
            let (tx, rx) = mpsc::channel::<Package>();
            receivers.push(rx);
            feeder.workers.push(Lane {
                tx,
                sent: Sent::default(),
                commits: 0,
                done: d,
            });
        }
        let all = walked(n);
        let mut w = walked(0);
        for t in all.touches {
            w.touches.push(t);
            feeder.queue(&w, false);
            feeder.dispatch(&w);
        }
        // No worker took more than its first run and the next.
        for lane in &feeder.workers {
            assert!(lane.commits <= 2 * CHUNK, "{}", lane.commits);
        }
        feeder.queue(&w, true);
        let mut own = Vec::new();
        loop {
            for lane in &feeder.workers {
                lane.done.store(lane.commits, Ordering::Relaxed);
            }
            let Some(run) = feeder.next_own(&w) else {
                break;
            };
            own.push(run);
        }
        drop(feeder);
        let sent = receivers
            .iter()
            .map(|rx| rx.try_iter().map(|p| p.first..p.first + p.touches.len()).collect())
            .collect();
        (sent, own)
    }

    #[test]
    fn every_commit_goes_to_one_thread_once() {
        for (n, workers) in [(200, 1), (200, 3), (31, 1), (33, 2), (0, 1), (500, 0)] {
            let (sent, own) = feed(n, workers);
            let mut seen = vec![0; n];
            for run in sent.iter().flatten().chain(&own) {
                assert!(!run.is_empty() && run.len() <= CHUNK, "{run:?}");
                for i in run.clone() {
                    seen[i] += 1;
                }
            }
            assert!(seen.iter().all(|&k| k == 1), "n {n}, {workers} workers: {seen:?}");
            // Workers get the newest runs first, the calling thread the oldest.
            for runs in &sent {
                assert!(runs.windows(2).all(|r| r[0].start < r[1].start), "{runs:?}");
            }
            assert!(own.windows(2).all(|r| r[0].start > r[1].start), "{own:?}");
            if workers == 0 {
                assert_eq!(own.len(), n.div_ceil(CHUNK));
            }
        }
    }
}
