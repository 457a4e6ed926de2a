//! Everyone's time: the days each person works, and the work placed on it.

use std::cell::RefCell;

use super::{ScheduleError, Work, Worker};
use crate::model::{DependencyType, Weekday};
use crate::schedule::calendar::{Calendar, WorkingDays};
use crate::schedule::cpm::Link;

/// What everyone is busy with: per person, `(start, finish, node)` by
/// start.
pub(super) type Busy = Vec<Vec<(i64, i64, usize)>>;

/// Everyone's time: when each person works, and what they are busy with.
pub(super) struct People {
    workers: Vec<Worker>,
    /// Per person: their time off as working-day ranges `[from, to)`.
    off: Vec<Vec<(i64, i64)>>,
    /// Per person with a restricted week or time off, their days from day
    /// 0 as far as known ([`Days`]).
    days: Vec<Days>,
    /// Each working day's weekday (Monday 0), from day 0, known as far as
    /// asked: shared by everyone, so a date is converted once, not once
    /// per person.
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
    /// What the calendar's working days are made of: `weekdays` and `days`
    /// hold for any calendar with the same ([`Kept`]).
    calendar: Option<WorkingDays>,
    /// The first day the calendar counts from: with the same people and
    /// working days, the same time off in working days ([`off_of`]).
    counts_from: crate::model::Date,
}

/// The days worked out by the last leveling on this thread, for the next
/// to start from: a history walk levels a plan per commit, most often with
/// the same calendar and people, and working out everyone's days again
/// each time would cost more than the leveling itself. A person's days
/// depend only on the calendar's working days ([`WorkingDays`]: their
/// weekdays), their own week and their time off in working days: they are
/// taken up again only when all three are equal, so the answers are the
/// same as those of days worked out afresh.
#[derive(Default)]
struct Kept {
    calendar: Option<WorkingDays>,
    weekdays: Vec<u8>,
    people: Vec<KeptPerson>,
}

/// A person's days, kept with what they were worked out from.
struct KeptPerson {
    week: Option<[bool; 7]>,
    /// Their time off, in working days.
    off: Vec<(i64, i64)>,
    /// `None` once taken up.
    days: Option<Days>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

impl Kept {
    /// What was kept on this thread, emptied (nothing when it is in use).
    fn take() -> Kept {
        KEPT.try_with(|k| {
            k.try_borrow_mut()
                .map(|mut k| std::mem::take(&mut *k))
                .unwrap_or_default()
        })
        .unwrap_or_default()
    }

    /// The days of a person whose week is `week` and time off `off`, if
    /// kept (each kept person's days are taken once).
    fn days_of(&mut self, p: usize, week: Option<[bool; 7]>, off: &[(i64, i64)]) -> Option<Days> {
        let fits = |k: &KeptPerson| k.days.is_some() && k.week == week && k.off == off;
        // The same person most often has the same place.
        let at = match self.people.get(p) {
            Some(k) if fits(k) => p,
            _ => self.people.iter().position(fits)?,
        };
        self.people.get_mut(at)?.days.take()
    }
}

impl Drop for People {
    /// Keeps everyone's days for the next leveling on this thread.
    fn drop(&mut self) {
        let kept = Kept {
            calendar: self.calendar.take(),
            weekdays: std::mem::take(&mut self.weekdays),
            people: self
                .workers
                .iter()
                .zip(self.off.iter_mut())
                .zip(self.days.iter_mut())
                .map(|((w, off), days)| KeptPerson {
                    week: w.workdays,
                    off: std::mem::take(off),
                    days: Some(std::mem::take(days)),
                })
                .collect(),
        };
        let _ = KEPT.try_with(|k| {
            if let Ok(mut k) = k.try_borrow_mut() {
                *k = kept;
            }
        });
    }
}

impl People {
    /// Everyone's time for a leveling of `work` by `workers` on `cal`,
    /// with no one busy.
    pub(super) fn new(workers: &[Worker], work: &[Work], cal: &mut Calendar) -> Result<People, ScheduleError> {
        let off = off_of(workers, cal)?;
        // Days worked out on another calendar's working days are not taken up.
        let calendar = cal.working_days();
        let mut kept = Kept::take();
        if kept.calendar.is_none() || kept.calendar != calendar {
            kept = Kept::default();
        }
        let days = workers
            .iter()
            .zip(&off)
            .enumerate()
            .map(|(p, (w, off))| kept.days_of(p, w.workdays, off).unwrap_or_default())
            .collect();
        let mut people = People {
            workers: workers.to_vec(),
            off,
            days,
            weekdays: kept.weekdays,
            always: workers.iter().map(Worker::always).collect(),
            busy: vec![Vec::new(); workers.len()],
            lengths: Vec::new(),
            near: vec![0; workers.len()],
            calendar,
            counts_from: cal.counts_from(),
        };
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
        // which takes up its days.)
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

    /// Knows person `p`'s days `0..to` at least: twice as far as known (or
    /// as asked), at once, but no further than the calendar reaches (an
    /// error only when a day before `to` is beyond it).
    #[inline]
    fn know(&mut self, p: usize, to: usize, cal: &mut Calendar) -> Result<(), ScheduleError> {
        if self.days[p].known() >= to {
            return Ok(());
        }
        self.learn(p, to, cal)
    }

    /// [`People::know`] for days not known yet.
    #[cold]
    fn learn(&mut self, p: usize, to: usize, cal: &mut Calendar) -> Result<(), ScheduleError> {
        let known = self.days[p].known();
        let mut upto = to.max(2 * known).max(64);
        while self.weekdays.len() < upto {
            let day = self.weekdays.len();
            match cal.date(day as i64) {
                Ok(date) => self.weekdays.push(Weekday::of(date) as u8),
                // Past the calendar's range, but not yet where asked.
                Err(_) if day >= to => upto = day,
                Err(e) => return Err(e.into()),
            }
        }
        let (week, off, days) = (self.workers[p].workdays, &self.off[p], &mut self.days[p]);
        for day in known..upto {
            let on_week = week.is_none_or(|w| w[usize::from(self.weekdays[day])]);
            let d = day as i64;
            let away = off.iter().any(|&(a, b)| a <= d && d < b);
            days.push(day, on_week && !away);
        }
        Ok(())
    }

    /// Person `p`'s `k`-th working day (from 0), from day `t` on: knows
    /// their days as far as it takes.
    fn nth(&mut self, p: usize, k: usize, t: usize, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        let mut to = t + 1;
        loop {
            if let Some(&d) = self.days[p].nth.get(k) {
                return Ok(i64::from(d));
            }
            to = to.max(self.days[p].known() + 1);
            self.know(p, to, cal)?;
        }
    }

    /// The first day on or after `t` that person `p` works.
    pub(super) fn next_working(&mut self, p: usize, t: i64, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        let t = t.max(0);
        if self.always[p] {
            return Ok(t);
        }
        let at = usize::try_from(t).unwrap_or_default();
        self.know(p, at + 1, cal)?;
        let k = self.days[p].before[at] as usize;
        self.nth(p, k, at, cal)
    }

    /// The end (exclusive) of `days` of person `p`'s working days from `t`,
    /// a day they work.
    pub(super) fn end_after(&mut self, p: usize, t: i64, days: i64, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        if self.always[p] {
            return Ok(t + days);
        }
        if days <= 0 {
            return Ok(t);
        }
        // The working days before `t` (none before day 0), then `days` more.
        let at = usize::try_from(t).unwrap_or_default();
        self.know(p, at + 1, cal)?;
        let k = if t < 0 { 0 } else { self.days[p].before[at] as usize };
        let last = self.nth(p, k + (days as usize) - 1, at, cal)?;
        Ok(last + 1)
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
                    && self.days[p].between(t, s).is_some_and(|n| n < days)
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

    /// The first of person `p`'s working days from which `days` (1 or
    /// more) of them end at `finish_at` (after day 0) or later: where a
    /// search day by day from any earlier day of theirs whose `days` end
    /// sooner would stop. The first of their days on or after
    /// `finish_at - 1` is their `j`-th; the `days`-th last of their days up
    /// to it, their `j + 1 - days`-th, is the one.
    fn first_to_end_by(
        &mut self,
        p: usize,
        days: i64,
        finish_at: i64,
        cal: &mut Calendar,
    ) -> Result<i64, ScheduleError> {
        let last = usize::try_from(finish_at - 1).unwrap_or_default();
        self.know(p, last + 1, cal)?;
        let j = self.days[p].before[last] as usize;
        self.nth(p, (j + 1).saturating_sub(days as usize), last, cal)
    }

    /// The last of person `p`'s working days on which `days` (1 or more)
    /// of them ending there start at `start_by` or before: where a search
    /// day by day back from any later day of theirs would stop. The last
    /// of their days up to `start_by` is their `s`-th; the day `days - 1`
    /// of theirs after it is the one. `None` when they work no day up to
    /// `start_by`.
    fn last_to_start_by(
        &mut self,
        p: usize,
        days: i64,
        start_by: i64,
        cal: &mut Calendar,
    ) -> Result<Option<i64>, ScheduleError> {
        let Ok(upto) = usize::try_from(start_by + 1) else {
            return Ok(None);
        };
        self.know(p, upto, cal)?;
        let Some(s) = (self.days[p].before[upto] as usize).checked_sub(1) else {
            return Ok(None);
        };
        self.nth(p, s + (days.max(1) as usize) - 1, upto, cal).map(Some)
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

    /// The last day at or before `t` that person `p` works; `None` before
    /// day 0.
    fn prev_working(&mut self, p: usize, t: i64, cal: &mut Calendar) -> Result<Option<i64>, ScheduleError> {
        let Ok(at) = usize::try_from(t) else {
            return Ok(None);
        };
        if self.always[p] {
            return Ok(Some(t));
        }
        self.know(p, at + 1, cal)?;
        let d = &self.days[p];
        Ok(d.before[at + 1].checked_sub(1).map(|k| i64::from(d.nth[k as usize])))
    }

    /// The start of `days` of person `p`'s working days that end (exclusive)
    /// at `f`, the day after one they work; `None` before day 0.
    fn start_before(&mut self, p: usize, f: i64, days: i64, cal: &mut Calendar) -> Result<Option<i64>, ScheduleError> {
        if self.always[p] {
            return Ok(Some(f - days).filter(|&t| t >= 0));
        }
        let Ok(at) = usize::try_from(f) else {
            return Ok(None);
        };
        self.know(p, at, cal)?;
        if days <= 0 {
            return Ok(None);
        }
        let d = &self.days[p];
        // Their working days before `f`: the first of the last `days` of them.
        let before = d.before.get(at).map_or(0, |&b| b as usize);
        Ok(before
            .checked_sub(days as usize)
            .and_then(|k| d.nth.get(k))
            .map(|&t| i64::from(t)))
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
    /// Into `all` and `waits_for`.
    pub(super) fn resource_links(
        &mut self,
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
                let (_, _, to) = self.busy[p][k];
                let lag = self.next_working(p, f, cal)? - f;
                all.push(Link {
                    from,
                    to,
                    kind: DependencyType::FinishToStart,
                    lag,
                });
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

/// Per person: their time off on `cal`, as working-day ranges `[from, to)`.
fn off_of(workers: &[Worker], cal: &mut Calendar) -> Result<Vec<Vec<(i64, i64)>>, ScheduleError> {
    let mut off = Vec::with_capacity(workers.len());
    for w in workers {
        let mut ranges = Vec::with_capacity(w.time_off.len());
        for &(from, to) in &w.time_off {
            if to < cal.counts_from() {
                continue;
            }
            let (a, b) = (cal.on_or_after(from.max(cal.counts_from()))?, cal.on_or_before(to)? + 1);
            if a < b {
                ranges.push((a, b));
            }
        }
        off.push(ranges);
    }
    Ok(off)
}

/// One person's days from day 0, as far as known: how many of them they
/// work before each day, and which those are. A day they work, or the
/// first they work after any day, and the span of any number of their
/// working days, are then read, not counted day by day.
#[derive(Clone, Debug)]
struct Days {
    /// `before[t]`: how many days before day `t` they work; one more entry
    /// than days known (`before[0]` is 0).
    before: Vec<u32>,
    /// The days they work, in order.
    nth: Vec<u32>,
}

impl Default for Days {
    fn default() -> Days {
        Days {
            before: vec![0],
            nth: Vec::new(),
        }
    }
}

impl Days {
    /// How many days are known: `0..known()`.
    fn known(&self) -> usize {
        self.before.len() - 1
    }

    /// How many days they work from day `from` to day `to` (exclusive),
    /// when both are known.
    #[inline]
    fn between(&self, from: i64, to: i64) -> Option<i64> {
        let at = |d: i64| usize::try_from(d).ok().and_then(|d| self.before.get(d)).copied();
        (from <= to).then_some(())?;
        Some(i64::from(at(to)?) - i64::from(at(from)?))
    }

    /// Day `day`, the next one not known, and whether they work it.
    fn push(&mut self, day: usize, works: bool) {
        let count = self.nth.len() as u32;
        if works {
            self.nth.push(day as u32);
        }
        self.before.push(count + u32::from(works));
    }
}

#[cfg(test)]
pub(super) mod tests;
