//! Leveling's buffers, kept from one leveling to the next ([`Leveler`]),
//! and the passes that fill them: the order work is taken in, the serial
//! pass, and the leveled network with its resource links.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::people::{Busy, People};
use super::{
    Dates, Inherited, Kept, Key, Leveled, ORDERS, Order, Orders, Work, Worker, inherited, justify, place, timed,
};
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress, Times};
use crate::schedule::{Network, ScheduleError};

mod resourced;

/// Leveling's buffers, kept from one leveling to the next: a Monte Carlo
/// forecast levels one network a thousand times with other durations.
/// Each leveling starts afresh: the buffers carry no answer over, but
/// everyone's working days, and those only when worked out from the same
/// calendar, weeks and time off (`people.rs`). The tests check that a
/// leveling in kept buffers is one in new buffers (`tests.rs`).
#[derive(Default)]
pub struct Leveler {
    /// Each activity's place in the order work is taken in.
    keys: Vec<Key>,
    /// Each activity's place in the order as a number ([`packed`]), or
    /// else its position in `by_rank`, the activities sorted by `keys`
    /// (empty when the keys are packed): the queue of work ready holds
    /// those numbers, not keys.
    by_rank: Vec<u32>,
    rank: Vec<u128>,
    /// Per activity: the links into it that apply, not placed yet.
    waiting: Vec<u32>,
    ready: BinaryHeap<Reverse<u128>>,
    /// The buffers of the pass that takes the work that can start first
    /// first ([`Order::Time`]).
    timed: timed::Timed,
    /// Whether the serial pass is that one.
    by_time: bool,
    /// Per activity: its leveled start and finish.
    span: Vec<(i64, i64)>,
    inherited: Inherited,
    /// Everyone's time, from the leveling before.
    people: Option<People>,
    /// A graph to build the next leveled network's in.
    spare: Option<cpm::Graph>,
    /// The links into each activity of the leveled network, when no graph
    /// of it is built ([`Dates::Early`]).
    incoming: cpm::Adjacency,
    out: Leveled,
    /// Per milestone, the latest finish a schedule may give it to be kept.
    bar: Vec<i64>,
}

/// Each activity's start and finish.
type Span = Vec<(i64, i64)>;

/// The other orders' schedules worked out beside the team's
/// ([`Leveler::others`]).
type Tried = Result<Option<Vec<(Order, Span, Busy)>>, ScheduleError>;

/// What every pass of one leveling reads.
#[derive(Clone, Copy)]
struct Plan<'a> {
    milestones: usize,
    activities: &'a [Activity],
    links: &'a [Link],
    graph: &'a cpm::Graph,
    work: &'a [Work],
    keys: &'a [Key],
    unleveled: &'a [Times],
}

impl<'a> Plan<'a> {
    /// The network justification reads, with these bars.
    fn net(&self, bar: &'a [i64]) -> justify::Net<'a> {
        justify::Net {
            activities: self.activities,
            links: self.links,
            graph: self.graph,
            work: self.work,
            keys: self.keys,
            bar,
        }
    }
}

/// A network to level, as [`Leveler::level`] takes it.
pub(super) type Parts<'a> = (
    usize,
    &'a [Activity],
    &'a [Link],
    &'a cpm::Graph,
    &'a [Times],
    &'a [Work],
    &'a [Worker],
);

thread_local! {
    /// The buffers of the last leveling on this thread ([`Leveler::kept`]).
    static KEPT: std::cell::RefCell<Option<Leveler>> = const { std::cell::RefCell::new(None) };
}

impl Leveler {
    /// The buffers the last leveling on this thread left
    /// ([`Leveler::keep`]), or new ones: a history walk levels a plan per
    /// commit.
    pub fn kept() -> Leveler {
        KEPT.try_with(|k| k.try_borrow_mut().ok().and_then(|mut k| k.take()))
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    /// Keeps these buffers for the next [`Leveler::kept`] on this thread.
    pub fn keep(self) {
        let _ = KEPT.try_with(|k| {
            if let Ok(mut k) = k.try_borrow_mut() {
                *k = Some(self);
            }
        });
    }

    /// Levels a network: `activities` (the first `milestones` of them
    /// milestones), `links` and `graph` as the critical path method solved
    /// them into `unleveled`; `work` and `workers` say who does what. Dates
    /// are read from `cal` (a person's weekdays and time off). A serial
    /// pass, then justification while it helps, then the other orders
    /// while the project could end sooner. The leveled network, kept in
    /// these buffers until the next leveling.
    #[allow(clippy::too_many_arguments)]
    pub fn level(
        &mut self,
        milestones: usize,
        activities: &[Activity],
        links: &[Link],
        graph: &cpm::Graph,
        unleveled: &[Times],
        work: &[Work],
        workers: &[Worker],
        cal: &mut Calendar,
    ) -> Result<&Leveled, ScheduleError> {
        let net = (milestones, activities, links, graph, unleveled, work, workers);
        self.level_as(Orders::All, Dates::All, net, cal)
    }

    /// The network `net` leveled in the orders `orders` says, in these
    /// buffers, with its early dates and drivers only ([`Dates::Early`]):
    /// a Monte Carlo run, which levels one network a thousand times.
    pub fn level_early(
        &mut self,
        orders: Orders,
        net: Parts<'_>,
        cal: &mut Calendar,
    ) -> Result<&Leveled, ScheduleError> {
        self.level_as(orders, Dates::Early, net, cal)
    }

    /// [`Leveler::level`], trying the orders `orders` says.
    pub(super) fn level_as(
        &mut self,
        orders: Orders,
        dates: Dates,
        (milestones, activities, links, graph, unleveled, work, workers): Parts<'_>,
        cal: &mut Calendar,
    ) -> Result<&Leveled, ScheduleError> {
        self.rank(activities, links, graph, unleveled, work);
        self.by_time = false;
        let mut people = People::renew(self.people.take(), workers, work, cal)?;
        let keys = std::mem::take(&mut self.keys);
        let first = match orders {
            Orders::All => None,
            Orders::As(Kept(order)) => order,
        };
        self.by_time = first == Some(Order::Time);
        let mut bar = std::mem::take(&mut self.bar);
        let plan = Plan {
            milestones,
            activities,
            links,
            graph,
            work,
            keys: &keys,
            unleveled,
        };
        // On a large plan, with a core to spare, the other orders are tried
        // on a thread of their own while the team's is justified.
        let (mut improved, others) = if orders == Orders::All && crate::par::forks(activities.len()) {
            self.team_beside_others(&plan, workers, &mut people, &mut bar, cal)?
        } else {
            self.serial(activities, links, graph, work, &mut people, cal)?;
            justify::Net::bars(activities, milestones, &self.span, &mut bar);
            let improved = justify::justify(&plan.net(&bar), unleveled, &mut self.span, &mut people, cal)?;
            (improved, None)
        };
        let mut kept = first;
        if orders == Orders::All
            && let Some(order) = self.other_orders(&plan.net(&bar), unleveled, &mut people, cal, others)?
        {
            (kept, improved) = (Some(order), true);
        }
        self.keys = keys;
        self.bar = bar;
        people.resource_links(activities, links, &mut self.out.links, &mut self.out.waits_for, cal)?;
        self.resourced(activities, graph, (links.len(), dates), work, &mut people, cal)?;
        self.people = Some(people);
        self.out.kept = Kept(kept);
        self.out.improved = improved;
        Ok(&self.out)
    }

    /// The serial pass in the team's order, justified (into `span` and
    /// `people`; the bars into `bar`), on this thread, and meanwhile the
    /// other orders on another ([`Leveler::others`]), which waits for the
    /// bars. Whether justification changed the team's schedule, and the
    /// others' schedules, for [`Leveler::other_orders`]: the same answers
    /// as on one thread, where those come one after the other.
    fn team_beside_others(
        &mut self,
        plan: &Plan<'_>,
        workers: &[Worker],
        people: &mut People,
        bar: &mut Vec<i64>,
        cal: &mut Calendar,
    ) -> Result<(bool, Option<Tried>), ScheduleError> {
        let (bars, their_bars) = std::sync::mpsc::channel::<Vec<i64>>();
        let (by_rank, rank) = (self.by_rank.clone(), self.rank.clone());
        let mut their_cal = cal.clone();
        let (team, others) = crate::par::join(
            plan.activities.len(),
            || {
                let p = plan;
                self.serial(p.activities, p.links, p.graph, p.work, people, cal)?;
                justify::Net::bars(p.activities, p.milestones, &self.span, bar);
                // (The other thread has nothing to wait for if this failed.)
                let _ = bars.send(bar.clone());
                justify::justify(&p.net(bar), p.unleveled, &mut self.span, people, cal)
            },
            move || Leveler::others(plan, (by_rank, rank), their_bars, workers, &mut their_cal),
        );
        // The team's error first, as on one thread; the others' only if
        // they are looked at (`other_orders`).
        Ok((team?, Some(others)))
    }

    /// Each other [`Order`] than the team's, justified, in buffers and
    /// with everyone's time of its own: a thread's. `order` is the team's
    /// order (`by_rank`, `rank`); the bars come from `bars` once the
    /// team's serial pass has them (`Ok(None)` if it failed).
    fn others(
        plan: &Plan<'_>,
        (by_rank, rank): (Vec<u32>, Vec<u128>),
        bars: std::sync::mpsc::Receiver<Vec<i64>>,
        workers: &[Worker],
        cal: &mut Calendar,
    ) -> Tried {
        let mut people = People::new(workers, plan.work, cal)?;
        let mut mine = Leveler {
            by_rank,
            rank,
            ..Leveler::default()
        };
        let mut bar = None;
        let mut tried = Vec::with_capacity(ORDERS.len());
        for order in ORDERS {
            let p = plan;
            mine.by_time = order == Order::Time;
            people.clear_all();
            mine.serial(p.activities, p.links, p.graph, p.work, &mut people, cal)?;
            if bar.is_none() {
                let Ok(b) = bars.recv() else { return Ok(None) };
                bar = Some(b);
            }
            let net = p.net(bar.as_deref().unwrap_or_default());
            justify::justify(&net, p.unleveled, &mut mine.span, &mut people, cal)?;
            tried.push((order, std::mem::take(&mut mine.span), people.snapshot()));
        }
        Ok(Some(tried))
    }

    /// The last leveled network, without the buffers.
    #[cfg(test)]
    pub(super) fn into_leveled(self) -> Leveled {
        self.out
    }

    /// When the project could end sooner than in the team's order (in
    /// `span` and `people`), the same work in each other [`Order`],
    /// justified: `tried` when worked out already
    /// ([`Leveler::team_beside_others`]), else here. The one that ends the
    /// project soonest, if it ends it sooner than the team's order and
    /// takes no milestone past its bar ([`justify::Net::bars`]), replaces
    /// it (into `span` and `people`): that order, if any.
    fn other_orders(
        &mut self,
        net: &justify::Net<'_>,
        unleveled: &[Times],
        people: &mut People,
        cal: &mut Calendar,
        tried: Option<Tried>,
    ) -> Result<Option<Order>, ScheduleError> {
        if justify::settled(net.activities, unleveled, &self.span, people, cal)? {
            return Ok(None);
        }
        let mut tried = match tried {
            Some(tried) => tried?.unwrap_or_default().into_iter(),
            None => Vec::new().into_iter(),
        };
        let (team, busy) = (self.span.clone(), people.snapshot());
        let mut best: Option<(Order, Span, Busy)> = None;
        let mut best_end = justify::end(&team);
        let mut at = Vec::new();
        for order in ORDERS {
            let (span, theirs) = match tried.next() {
                Some((_, span, theirs)) => (span, theirs),
                None => {
                    self.by_time = order == Order::Time;
                    people.clear_all();
                    self.serial(net.activities, net.links, net.graph, net.work, people, cal)?;
                    justify::justify(net, unleveled, &mut self.span, people, cal)?;
                    (std::mem::take(&mut self.span), people.snapshot())
                }
            };
            let end = justify::end(&span);
            // Each person's work the pin tells apart stays in the team's
            // order's order.
            if end < best_end && net.within(&span) && justify::keeps_pins(net.keys, &busy, &theirs, &mut at) {
                best_end = end;
                best = Some((order, span, theirs));
            }
        }
        self.by_time = false;
        let (order, span, busy) = match best {
            Some((order, span, busy)) => (Some(order), span, busy),
            None => (None, team, busy),
        };
        self.span = span;
        people.restore(busy);
        Ok(order)
    }

    /// Each activity's key ([`Key`]), and the activities in that order.
    fn rank(
        &mut self,
        activities: &[Activity],
        links: &[Link],
        graph: &cpm::Graph,
        unleveled: &[Times],
        work: &[Work],
    ) {
        let n = activities.len();
        inherited(&mut self.inherited, activities, work, links, graph);
        let (deadline, priority) = &self.inherited;
        self.keys.clear();
        self.keys.extend((0..n).map(|i| Key {
            fresh: matches!(activities[i].progress, Progress::NotStarted),
            rank: work[i].rank.map_or((true, 0), |r| (false, r)),
            deadline: deadline[i].0,
            deadline_of: deadline[i].1,
            priority: priority[i].0,
            late_start: unleveled[i].late_start,
            node: i,
            moscow: priority[i].1,
        }));
        self.order_by_team();
    }

    /// The team's order ([`Leveler::order_by`] its keys).
    fn order_by_team(&mut self) {
        let keys = std::mem::take(&mut self.keys);
        self.order_by(&keys);
        self.keys = keys;
    }

    /// The order the serial pass takes work in: that of `keys`.
    fn order_by(&mut self, keys: &[Key]) {
        let n = keys.len();
        // No two keys are equal (`node` differs): each activity's key as
        // one number in the keys' order ([`packed`]), the node in its low
        // bits; or, when a key does not fit in one, its rank among the
        // keys sorted (`by_rank`).
        self.by_rank.clear();
        self.rank.clear();
        self.rank.extend(keys.iter().map_while(packed));
        if self.rank.len() == n {
            return;
        }
        self.by_rank.extend(0..n as u32);
        self.by_rank
            .sort_unstable_by(|&a, &b| keys[a as usize].cmp(&keys[b as usize]));
        self.rank.clear();
        self.rank.resize(n, 0);
        for (r, &i) in self.by_rank.iter().enumerate() {
            self.rank[i as usize] = r as u128;
        }
    }

    /// The serial pass: each activity, once all it waits for is placed,
    /// the first in the order first, placed into `span`.
    fn serial(
        &mut self,
        activities: &[Activity],
        links: &[Link],
        graph: &cpm::Graph,
        work: &[Work],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        let n = activities.len();
        let Leveler {
            by_rank,
            rank,
            waiting,
            ready,
            span,
            ..
        } = self;
        // How many links into each activity still apply (the progress
        // override), and are not placed yet.
        waiting.clear();
        waiting.resize(n, 0);
        for l in links {
            if cpm::applies(&activities[l.to], l) {
                waiting[l.to] += 1;
            }
        }
        span.clear();
        span.resize(n, (0, 0));
        let node = |r: u128| {
            if by_rank.is_empty() {
                (r & NODE) as usize
            } else {
                by_rank[r as usize] as usize
            }
        };
        if self.by_time {
            let net = timed::Net {
                activities,
                links,
                graph,
                work,
                rank,
            };
            return self.timed.pass(&net, node, waiting, span, people, cal);
        }
        ready.clear();
        ready.extend((0..n).filter(|&i| waiting[i] == 0).map(|i| Reverse(rank[i])));
        let mut placed = 0;
        while let Some(Reverse(r)) = ready.pop() {
            let i = node(r);
            span[i] = place(i, activities, links, graph, work, span, people, cal)?;
            placed += 1;
            for &li in graph.outgoing(i) {
                let l = &links[li as usize];
                if cpm::applies(&activities[l.to], l) {
                    waiting[l.to] -= 1;
                    if waiting[l.to] == 0 {
                        ready.push(Reverse(rank[l.to]));
                    }
                }
            }
        }
        if placed != n {
            return Err(ScheduleError::Cycle);
        }
        Ok(())
    }
}

/// The bits of a [`packed`] key that hold its node.
const NODE: u128 = (1 << 22) - 1;

/// `k` as one number, of two keys the lesser number: the parts of the
/// order from the most significant bits down, the node (below 2^22) in
/// the last 22. `None` when a day does not fit in 32 bits or the node in
/// 22 (then keys are compared field by field). Every part of the order is
/// named here: a field added to [`Key`] does not compile until it is
/// placed.
pub(super) fn packed(k: &Key) -> Option<u128> {
    let Key {
        fresh,
        rank: (unranked, rank),
        deadline,
        priority,
        late_start,
        node,
        deadline_of: _,
        moscow: _,
    } = *k;
    // Days as 32 bits in order; no deadline (`i64::MAX`) after every day.
    let day = |d: i64| {
        i32::try_from(d)
            .ok()
            .filter(|&d| d < i32::MAX)
            .map(|d| (d as u32) ^ (1 << 31))
    };
    let deadline = if deadline == i64::MAX { u32::MAX } else { day(deadline)? };
    let late_start = day(late_start)?;
    let node = u128::try_from(node).ok().filter(|&n| n <= NODE)?;
    Some(
        (u128::from(fresh) << 127)
            | (u128::from(unranked) << 126)
            | (u128::from(rank) << 94)
            | (u128::from(deadline) << 62)
            | (u128::from(priority) << 54)
            | (u128::from(late_start) << 22)
            | node,
    )
}

impl Network {
    /// This network leveled in `leveler`'s buffers, `unleveled` being the
    /// critical path method's solution of it ([`Network::solve`]); dates
    /// are read from `cal`, a calendar of the network's (one leveling
    /// after another: [`Network::calendar`] once).
    pub fn level_with<'l>(
        &self,
        leveler: &'l mut Leveler,
        unleveled: &[Times],
        cal: &mut Calendar,
    ) -> Result<&'l Leveled, ScheduleError> {
        leveler.level(
            self.m,
            &self.activities,
            &self.links,
            &self.graph,
            unleveled,
            &self.work,
            &self.workers,
            cal,
        )
    }

    /// The critical path method's solution of this network, unleveled.
    pub fn solve(&self) -> Result<cpm::Solution, ScheduleError> {
        cpm::solve_graph(&self.activities, &self.links, &self.graph).map_err(|_| ScheduleError::Cycle)
    }

    /// The network's calendar, which knows every day its dates fall on.
    pub fn calendar(&self) -> Calendar {
        self.cal.clone()
    }
}
