//! Everyone's time: the days each person works, and the work placed on it.

use super::{ScheduleError, Worker};
use crate::model::{DependencyType, Weekday};
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::Link;

/// Everyone's time: when each person works, and what they are busy with.
pub(super) struct People {
    workers: Vec<Worker>,
    /// Per person: their time off as working-day ranges `[from, to)`.
    off: Vec<Vec<(i64, i64)>>,
    /// Per person with a restricted week or time off: whether they work on
    /// each day from day 0, known as far as asked.
    works: Vec<Vec<bool>>,
    /// Each working day's weekday (Monday 0), from day 0, known as far as
    /// asked: shared by everyone, so a date is converted once, not once
    /// per person.
    weekdays: Vec<u8>,
    /// Whether each person works every working day of the project.
    always: Vec<bool>,
    /// Per person: the activities placed on their time, `(start, finish,
    /// node)`, by start, never overlapping.
    busy: Vec<Vec<(i64, i64, usize)>>,
}

impl People {
    pub(super) fn new(workers: &[Worker], cal: &mut Calendar) -> Result<People, ScheduleError> {
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
        Ok(People {
            workers: workers.to_vec(),
            off,
            works: vec![Vec::new(); workers.len()],
            weekdays: Vec::new(),
            always: workers.iter().map(Worker::always).collect(),
            busy: vec![Vec::new(); workers.len()],
        })
    }

    /// How many of person `p`'s working days `effort` takes.
    pub(super) fn days_for(&self, p: usize, effort: f64) -> i64 {
        self.workers[p].days_for(effort)
    }

    /// Whether person `p` works on working day `t`.
    pub(super) fn works(&mut self, p: usize, t: i64, cal: &mut Calendar) -> Result<bool, ScheduleError> {
        if self.always[p] {
            return Ok(true);
        }
        let Ok(at) = usize::try_from(t) else {
            return Ok(false);
        };
        if let Some(&w) = self.works[p].get(at) {
            return Ok(w);
        }
        // Twice as far as known (or as asked), at once.
        let mut to = (at + 1).max(2 * self.works[p].len()).max(64);
        while self.weekdays.len() < to {
            let day = self.weekdays.len();
            match cal.date(day as i64) {
                Ok(date) => self.weekdays.push(Weekday::of(date) as u8),
                // Past the calendar's range, but not yet where asked.
                Err(_) if day > at => to = day,
                Err(e) => return Err(e.into()),
            }
        }
        let (week, off, works) = (self.workers[p].workdays, &self.off[p], &mut self.works[p]);
        for day in works.len()..to {
            let on_week = week.is_none_or(|w| w[usize::from(self.weekdays[day])]);
            let d = day as i64;
            let away = off.iter().any(|&(a, b)| a <= d && d < b);
            works.push(on_week && !away);
        }
        Ok(works[at])
    }

    /// The first day on or after `t` that person `p` works.
    pub(super) fn next_working(&mut self, p: usize, mut t: i64, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        t = t.max(0);
        while !self.works(p, t, cal)? {
            t += 1;
        }
        Ok(t)
    }

    /// The end (exclusive) of `days` of person `p`'s working days from `t`,
    /// a day they work.
    pub(super) fn end_after(&mut self, p: usize, t: i64, days: i64, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        if self.always[p] {
            return Ok(t + days);
        }
        let (mut at, mut left) = (t, days);
        while left > 0 {
            if self.works(p, at, cal)? {
                left -= 1;
            }
            at += 1;
        }
        Ok(at)
    }

    /// Places `days` of person `p`'s work for activity `node` at the
    /// earliest start from `from` where they are free throughout and which
    /// finishes at `finish_at` or later; returns its start and finish.
    pub(super) fn place(
        &mut self,
        p: usize,
        days: i64,
        from: i64,
        finish_at: i64,
        node: usize,
        cal: &mut Calendar,
    ) -> Result<(i64, i64), ScheduleError> {
        let mut t = from;
        loop {
            t = self.next_working(p, t, cal)?;
            let f = self.end_after(p, t, days, cal)?;
            if f < finish_at {
                // Exact for someone who works every day; a step otherwise.
                t += if self.always[p] { finish_at - f } else { 1 };
                continue;
            }
            let busy = &self.busy[p];
            let k = busy.partition_point(|&(_, e, _)| e <= t);
            if let Some(&(s, e, _)) = busy.get(k)
                && s < f
            {
                t = e;
                continue;
            }
            self.busy[p].insert(k, (t, f, node));
            return Ok((t, f));
        }
    }

    /// What everyone is busy with, to [`People::restore`].
    pub(super) fn snapshot(&self) -> Vec<Vec<(i64, i64, usize)>> {
        self.busy.clone()
    }

    pub(super) fn restore(&mut self, busy: Vec<Vec<(i64, i64, usize)>>) {
        self.busy = busy;
    }

    /// The last day at or before `t` that person `p` works; `None` before
    /// day 0.
    fn prev_working(&mut self, p: usize, mut t: i64, cal: &mut Calendar) -> Result<Option<i64>, ScheduleError> {
        while t >= 0 {
            if self.works(p, t, cal)? {
                return Ok(Some(t));
            }
            t -= 1;
        }
        Ok(None)
    }

    /// The start of `days` of person `p`'s working days that end (exclusive)
    /// at `f`, the day after one they work; `None` before day 0.
    fn start_before(&mut self, p: usize, f: i64, days: i64, cal: &mut Calendar) -> Result<Option<i64>, ScheduleError> {
        if self.always[p] {
            return Ok(Some(f - days).filter(|&t| t >= 0));
        }
        let (mut at, mut left) = (f - 1, days);
        while at >= 0 {
            if self.works(p, at, cal)? {
                left -= 1;
                if left == 0 {
                    return Ok(Some(at));
                }
            }
            at -= 1;
        }
        Ok(None)
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
                by = f - if self.always[p] { t - start_by } else { 1 };
                continue;
            }
            let busy = &self.busy[p];
            // The last placed work starting before `f`: the only one that
            // can overlap if it ends after `t`.
            let k = busy.partition_point(|&(s, _, _)| s < f);
            if k > 0 && busy[k - 1].1 > t {
                by = busy[k - 1].0;
                continue;
            }
            self.busy[p].insert(k, (t, f, node));
            return Ok(Some((t, f)));
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
    pub(super) fn resource_links(
        &mut self,
        links: &[Link],
        cal: &mut Calendar,
    ) -> Result<(Vec<Link>, Vec<u32>), ScheduleError> {
        let mut all = links.to_vec();
        let mut waits_for = Vec::new();
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
        Ok((all, waits_for))
    }
}
