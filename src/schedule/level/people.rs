//! Everyone's time: the days each person works, and the work placed on it.

mod days;

use super::{ScheduleError, Work, Worker};
use crate::model::DependencyType;
use crate::schedule::calendar::{Calendar, WorkingDays};
use crate::schedule::cpm::{Activity, Link, Progress};
use days::{Week, off_of};
#[cfg(test)]
use days::{off_before, skip, skip_back};

/// What everyone is busy with: per person, `(start, finish, node)` by
/// start.
pub(super) type Busy = Vec<Vec<(i64, i64, usize)>>;

/// Everyone's time: when each person works (their week and time off, read
/// as the [`days`] module says), and what they are busy with.
pub(super) struct People {
    workers: Vec<Worker>,
    /// Per person: their time off as working-day ranges `[from, to)`.
    off: Vec<Vec<(i64, i64)>>,
    /// Per person: the week they keep, an index into `weeks`; `None` for
    /// every working day of the project.
    week: Vec<Option<usize>>,
    /// Per person: their time off as ranges `[a, b)` of the numbers of
    /// their week's days (from the `a`-th to before the `b`-th working
    /// day of the project on their weekdays), sorted and apart.
    holes: Vec<Vec<(u32, u32)>>,
    /// The project's working days on each week someone keeps, from day 0
    /// as far as known.
    weeks: Vec<Week>,
    /// Each working day's weekday (Monday 0), from day 0, known as far as
    /// asked: shared by every week, so a date is converted once.
    weekdays: Vec<u8>,
    /// Whether each person works every working day of the project.
    always: Vec<bool>,
    /// Per person: the activities placed on their time, `(start, finish,
    /// node)`, by start, never overlapping.
    busy: Vec<Vec<(i64, i64, usize)>>,
    /// Per person: where in `busy` work was last booked, the place the
    /// next booking most often goes or starts looking from ([`seek`]).
    near: Vec<usize>,
    /// Per activity: how many of its owner's working days its work takes
    /// ([`Worker::days_for`]; 0 when it is no one's), for the work this
    /// leveling places ([`People::new`], [`People::renew`]).
    lengths: Vec<i64>,
    /// What the calendar's working days are made of: `weekdays` and
    /// `weeks` hold for any calendar with the same (what [`days`] keeps
    /// on the thread).
    calendar: Option<WorkingDays>,
    /// The first day the calendar counts from: with the same people and
    /// working days, the same time off in working days ([`off_of`]).
    counts_from: crate::model::Date,
}

impl People {
    /// Everyone's time for a leveling of `work` by `workers` on `cal`,
    /// with no one busy.
    pub(super) fn new(workers: &[Worker], work: &[Work], cal: &mut Calendar) -> Result<People, ScheduleError> {
        let off = off_of(workers, cal)?;
        // Days worked out on another calendar's working days are not taken up.
        let calendar = cal.working_days();
        let (weekdays, weeks, week) = days::weeks_of(workers, calendar.as_ref());
        let mut people = People {
            workers: workers.to_vec(),
            off,
            week,
            holes: Vec::new(),
            weeks,
            weekdays,
            always: workers.iter().map(Worker::always).collect(),
            busy: vec![Vec::new(); workers.len()],
            lengths: Vec::new(),
            near: vec![0; workers.len()],
            calendar,
            counts_from: cal.counts_from(),
        };
        people.holes = people.holes_of_off(cal)?;
        people.take_on(work);
        Ok(people)
    }

    /// Everyone's time for another leveling, of `work` by `workers` on
    /// `cal`, with no one busy: `old`'s (from a leveling before) when its
    /// people, their time off in working days and the calendar's working
    /// days are the same, their days then taken up as they are; else
    /// [`People::new`]'s.
    pub(super) fn renew(
        old: Option<People>,
        workers: &[Worker],
        work: &[Work],
        cal: &mut Calendar,
    ) -> Result<People, ScheduleError> {
        if let Some(mut people) = old
            && people.workers == workers
            && people.calendar.is_some()
            && people.calendar == cal.working_days()
            && (people.counts_from == cal.counts_from() || people.off == off_of(workers, cal)?)
        {
            people.counts_from = cal.counts_from();
            for busy in &mut people.busy {
                busy.clear();
            }
            people.take_on(work);
            return Ok(people);
        }
        // (`old`, unless taken, is dropped before the new one is made,
        // which takes up its weeks.)
        People::new(workers, work, cal)
    }

    /// Each activity's length on its owner's days ([`People::length`]),
    /// for a leveling of `work`: worked out once, not at every placement.
    fn take_on(&mut self, work: &[Work]) {
        let workers = &self.workers;
        self.lengths.clear();
        self.lengths.extend(work.iter().map(|w| {
            w.worker()
                .and_then(|o| workers.get(o))
                .map_or(0, |p| p.days_for(w.effort))
        }));
    }

    /// How many of its owner's working days activity `i`'s work takes (0
    /// when it takes no one's time).
    pub(super) fn length(&self, i: usize) -> i64 {
        self.lengths.get(i).copied().unwrap_or_default()
    }

    /// Places `days` of person `p`'s work for activity `node` at the
    /// earliest start from `from` where they are free throughout and which
    /// finishes at `finish_at` or later ([`People::fit`]); returns its
    /// start and finish.
    pub(super) fn place(
        &mut self,
        p: usize,
        days: i64,
        from: i64,
        finish_at: i64,
        node: usize,
        cal: &mut Calendar,
    ) -> Result<(i64, i64), ScheduleError> {
        let (t, f, k) = self.fit(p, days, from, finish_at, cal)?;
        self.busy[p].insert(k, (t, f, node));
        self.near[p] = k + 1;
        Ok((t, f))
    }

    /// Books person `p`'s time from `start` to `finish` for activity
    /// `node` (where [`People::fit`] found them free); returns both.
    pub(super) fn book(&mut self, p: usize, start: i64, finish: i64, node: usize) -> (i64, i64) {
        let busy = &mut self.busy[p];
        let k = seek(busy, self.near[p], |&(_, e, _)| e <= start);
        busy.insert(k, (start, finish, node));
        self.near[p] = k + 1;
        (start, finish)
    }

    /// Where [`People::place`] would place `days` of person `p`'s work:
    /// its start, its finish and its place among their work.
    pub(super) fn fit(
        &mut self,
        p: usize,
        days: i64,
        from: i64,
        finish_at: i64,
        cal: &mut Calendar,
    ) -> Result<(i64, i64, usize), ScheduleError> {
        if self.always[p] && days > 0 {
            // Every day theirs: the first gap long enough, by arithmetic.
            let busy = &self.busy[p];
            let mut t = from.max(finish_at.saturating_sub(days)).max(0);
            let mut k = seek(busy, self.near[p], |&(_, e, _)| e <= t);
            while let Some(&(s, e, _)) = busy.get(k)
                && s < t + days
            {
                t = e;
                k += 1;
            }
            return Ok((t, t + days, k));
        }
        let mut t = from;
        // The first of their work that ends after `t`, once known.
        let mut after: Option<usize> = None;
        loop {
            t = self.next_working(p, t, cal)?;
            let f = self.end_after(p, t, days, cal)?;
            if f < finish_at {
                t = if self.always[p] || days <= 0 {
                    t + (finish_at - f)
                } else {
                    self.first_to_end_by(p, days, finish_at, cal)?
                };
                after = None;
                continue;
            }
            let busy = &self.busy[p];
            let mut k = after.unwrap_or_else(|| seek(busy, self.near[p], |&(_, e, _)| e <= t));
            while busy.get(k).is_some_and(|&(_, e, _)| e <= t) {
                k += 1;
            }
            if let Some(&(s, e, _)) = busy.get(k)
                && s < f
            {
                // Past it, and past each gap after it too short for the
                // work: any start there would run into the work after it.
                let mut next = k + 1;
                t = e;
                while let Some(&(s, e, _)) = busy.get(next)
                    && self.between(p, t, s).is_some_and(|n| n < days)
                {
                    t = e;
                    next += 1;
                }
                after = Some(next);
                continue;
            }
            return Ok((t, f, k));
        }
    }

    /// The latest `days` (1 or more) of person `p`'s working days that end
    /// (exclusive) by `finish` and start by `start`: their first day and
    /// the day after their last. `None` when they work no such days from
    /// day 0 on.
    pub(super) fn latest_within(
        &mut self,
        p: usize,
        days: i64,
        finish: i64,
        start: i64,
        cal: &mut Calendar,
    ) -> Result<Option<(i64, i64)>, ScheduleError> {
        let Some(last) = self.prev_working(p, finish - 1, cal)? else {
            return Ok(None);
        };
        match self.start_before(p, last + 1, days, cal)? {
            Some(s) if s <= start => Ok(Some((s, last + 1))),
            // The latest start binds: the last day they work up to it, and
            // their days from there.
            Some(_) => match (
                self.prev_working(p, start, cal)?,
                self.last_to_start_by(p, days, start, cal)?,
            ) {
                (Some(s), Some(l)) => Ok(Some((s, l + 1))),
                _ => Ok(None),
            },
            None => Ok(None),
        }
    }

    /// Whether person `p` has time off on a day of their week among the
    /// days `from..to` (positions in `cal`).
    pub(super) fn away_in(&self, p: usize, from: i64, to: i64, cal: &mut Calendar) -> Result<bool, ScheduleError> {
        let Some(w) = self.workers.get(p).filter(|w| !w.time_off.is_empty()) else {
            return Ok(false);
        };
        Ok(w.off_before(from, to, cal)?.is_some())
    }

    /// What everyone is busy with: per person, `(start, finish, node)` by
    /// start.
    pub(super) fn busy(&self) -> &[Vec<(i64, i64, usize)>] {
        &self.busy
    }

    /// What everyone is busy with, to [`People::restore`].
    pub(super) fn snapshot(&self) -> Busy {
        self.busy.clone()
    }

    pub(super) fn restore(&mut self, busy: Busy) {
        self.busy = busy;
    }

    /// Places `days` of person `p`'s work for activity `node` as *late* as
    /// possible: starting at `start_by` or before, finishing at `finish_by`
    /// or before, not before `from`, where they are free throughout. Returns
    /// its start and finish; `None` when there is no such time.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn place_late(
        &mut self,
        p: usize,
        days: i64,
        from: i64,
        start_by: i64,
        finish_by: i64,
        node: usize,
        cal: &mut Calendar,
    ) -> Result<Option<(i64, i64)>, ScheduleError> {
        let mut by = finish_by;
        loop {
            let Some(last) = self.prev_working(p, by - 1, cal)? else {
                return Ok(None);
            };
            let f = last + 1;
            let Some(t) = self.start_before(p, f, days, cal)? else {
                return Ok(None);
            };
            if t < from {
                return Ok(None);
            }
            if t > start_by {
                if self.always[p] {
                    by = f - (t - start_by);
                } else {
                    let Some(last) = self.last_to_start_by(p, days, start_by, cal)? else {
                        return Ok(None);
                    };
                    by = last + 1;
                }
                continue;
            }
            let busy = &self.busy[p];
            // The last placed work starting before `f`: the only one that
            // can overlap if it ends after `t`.
            let k = seek(busy, self.near[p], |&(s, _, _)| s < f);
            if k > 0 && busy[k - 1].1 > t {
                by = busy[k - 1].0;
                self.near[p] = k - 1;
                continue;
            }
            self.busy[p].insert(k, (t, f, node));
            self.near[p] = k;
            return Ok(Some((t, f)));
        }
    }

    /// Takes all work off everyone's time.
    pub(super) fn clear_all(&mut self) {
        for busy in &mut self.busy {
            busy.clear();
        }
    }

    /// Takes the work of every activity `moving` says off everyone's time.
    pub(super) fn clear(&mut self, moving: &[bool]) {
        for busy in &mut self.busy {
            busy.retain(|&(_, _, n)| !moving[n]);
        }
    }

    /// The plan's `links` followed by the resource links: for each person,
    /// from each of their activities to the next, finish to start, the lag
    /// being the days they are off in between. With each resource link,
    /// the person it waits for.
    ///
    /// Into work that has started (`activities`), whose start is history,
    /// the link holds where its work left resumes: finish to finish, the
    /// lag being those days off and the span of that work, so that the
    /// work before has no float the resumed work does not (backward pass)
    /// and is on its chain.
    /// Into `all` and `waits_for`.
    pub(super) fn resource_links(
        &mut self,
        activities: &[Activity],
        links: &[Link],
        all: &mut Vec<Link>,
        waits_for: &mut Vec<u32>,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        let resource = self.busy.iter().map(|b| b.len().saturating_sub(1)).sum::<usize>();
        all.clear();
        all.reserve(links.len() + resource);
        all.extend_from_slice(links);
        waits_for.clear();
        waits_for.reserve(resource);
        for p in 0..self.busy.len() {
            for k in 1..self.busy[p].len() {
                let (_, f, from) = self.busy[p][k - 1];
                let (resumes, finish, to) = self.busy[p][k];
                let lag = self.next_working(p, f, cal)? - f;
                let started = activities
                    .get(to)
                    .is_some_and(|a| matches!(a.progress, Progress::InProgress { .. }));
                let (kind, lag) = match started {
                    true => (DependencyType::FinishToFinish, lag + (finish - resumes)),
                    false => (DependencyType::FinishToStart, lag),
                };
                all.push(Link { from, to, kind, lag });
                waits_for.push(p as u32);
            }
        }
        Ok(())
    }
}

/// Where in `busy` (by start, never overlapping) `before` stops holding,
/// as [`slice::partition_point`] says (`before` holds for a first part of
/// `busy`, then not): tried first at `near` and on either side of it, where
/// work was last booked. Passes book a person's work mostly in order of
/// time, each next to the one before.
#[inline]
fn seek(busy: &[(i64, i64, usize)], near: usize, before: impl Fn(&(i64, i64, usize)) -> bool) -> usize {
    let at = |k: usize| k <= busy.len() && (k == 0 || before(&busy[k - 1])) && busy.get(k).is_none_or(|b| !before(b));
    for k in [near, near.wrapping_sub(1), near + 1] {
        if at(k) {
            return k;
        }
    }
    busy.partition_point(before)
}

#[cfg(test)]
pub(super) mod tests;
