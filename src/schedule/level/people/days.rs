//! Everyone's days: the project's working days on each week someone
//! keeps, counted once for everyone who keeps it ([`Week`]), and each
//! person's time off as ranges of their week's days. A person's `k`-th
//! day, and how many they work before a day, are read from both: no one's
//! days are counted one by one.

use std::cell::RefCell;

use super::People;
use crate::model::Weekday;
use crate::schedule::ScheduleError;
use crate::schedule::calendar::{Calendar, WorkingDays};
use crate::schedule::level::Worker;

/// The project's working days that fall on some weekdays (`on`, Monday
/// first), from day 0 as far as known.
#[derive(Clone, Debug)]
pub(super) struct Week {
    on: [bool; 7],
    days: Days,
}

/// The weekdays and weeks worked out by the last leveling on this thread,
/// for the next to start from: a history walk levels a plan per commit,
/// most often with the same calendar, and converting its days again each
/// time would cost more than a small leveling. Both depend only on the
/// calendar's working days ([`WorkingDays`]): they are taken up only when
/// those are equal, so the answers are those of days worked out afresh.
#[derive(Default)]
struct Kept {
    calendar: Option<WorkingDays>,
    weekdays: Vec<u8>,
    weeks: Vec<Week>,
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
}

impl Drop for People {
    /// Keeps the weekdays and weeks for the next leveling on this thread.
    fn drop(&mut self) {
        let kept = Kept {
            calendar: self.calendar.take(),
            weekdays: std::mem::take(&mut self.weekdays),
            weeks: std::mem::take(&mut self.weeks),
        };
        let _ = KEPT.try_with(|k| {
            if let Ok(mut k) = k.try_borrow_mut() {
                *k = kept;
            }
        });
    }
}

/// Each working day's weekday and the weeks kept on this thread (see
/// [`Kept`]) for a calendar of `calendar`'s working days (none for
/// another), with the week of each of `workers` among them: `None` for
/// every working day of the project, else an index into the weeks (one
/// added for a week not kept).
pub(super) fn weeks_of(workers: &[Worker], calendar: Option<&WorkingDays>) -> (Vec<u8>, Vec<Week>, Vec<Option<usize>>) {
    let mut kept = Kept::take();
    if kept.calendar.is_none() || kept.calendar.as_ref() != calendar {
        kept = Kept::default();
    }
    let mut weeks = kept.weeks;
    let week = workers
        .iter()
        .map(|w| {
            let on = w.workdays.filter(|on| !on.iter().all(|&d| d))?;
            Some(weeks.iter().position(|k| k.on == on).unwrap_or_else(|| {
                weeks.push(Week {
                    on,
                    days: Days::default(),
                });
                weeks.len() - 1
            }))
        })
        .collect();
    (kept.weekdays, weeks, week)
}

impl People {
    /// Each person's time off (`off`) as ranges of the numbers of their
    /// week's days, sorted, overlapping or touching ranges made one: what
    /// `holes` holds.
    pub(super) fn holes_of_off(&mut self, cal: &mut Calendar) -> Result<Vec<Vec<(u32, u32)>>, ScheduleError> {
        let mut all = Vec::with_capacity(self.off.len());
        for p in 0..self.off.len() {
            let mut holes = Vec::with_capacity(self.off[p].len());
            for k in 0..self.off[p].len() {
                let (a, b) = self.off[p][k];
                let (a, b) = (usize::try_from(a).unwrap_or(0), usize::try_from(b).unwrap_or(0));
                let (a, b) = (self.on_week_before(p, a, cal)?, self.on_week_before(p, b, cal)?);
                if a < b {
                    holes.push((as_u32(a), as_u32(b)));
                }
            }
            holes.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(holes.len());
            for (a, b) in holes {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            all.push(merged);
        }
        Ok(all)
    }

    /// Knows week `w`'s days `0..to` at least: twice as far as known (or
    /// as asked), at once, but no further than the calendar reaches (an
    /// error only when a day before `to` is beyond it).
    #[inline]
    fn know(&mut self, w: usize, to: usize, cal: &mut Calendar) -> Result<(), ScheduleError> {
        if self.weeks[w].days.known() >= to {
            return Ok(());
        }
        self.learn(w, to, cal)
    }

    /// [`People::know`] for days not known yet.
    #[cold]
    fn learn(&mut self, w: usize, to: usize, cal: &mut Calendar) -> Result<(), ScheduleError> {
        let known = self.weeks[w].days.known();
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
        let week = &mut self.weeks[w];
        for day in known..upto {
            week.days.push(day, week.on[usize::from(self.weekdays[day])]);
        }
        Ok(())
    }

    /// How many days of person `p`'s week come before day `at`: the number
    /// of the first of them on or after it.
    #[inline]
    fn on_week_before(&mut self, p: usize, at: usize, cal: &mut Calendar) -> Result<usize, ScheduleError> {
        let Some(w) = self.week[p] else {
            return Ok(at);
        };
        match self.weeks[w].days.before.get(at) {
            Some(&j) => Ok(j as usize),
            None => self.week_before(w, at, cal),
        }
    }

    /// How many days of week `w` come before day `at`, not known yet.
    #[cold]
    fn week_before(&mut self, w: usize, at: usize, cal: &mut Calendar) -> Result<usize, ScheduleError> {
        self.know(w, at, cal)?;
        Ok(self.weeks[w].days.before[at] as usize)
    }

    /// How many days person `p` works before day `at`.
    #[inline]
    fn before(&mut self, p: usize, at: usize, cal: &mut Calendar) -> Result<usize, ScheduleError> {
        let j = self.on_week_before(p, at, cal)?;
        Ok(j - off_before(&self.holes[p], j))
    }

    /// How many days person `p` works from day `from` to day `to`
    /// (exclusive), when both are known without working out more of their
    /// week.
    #[inline]
    pub(super) fn between(&self, p: usize, from: i64, to: i64) -> Option<i64> {
        let before = |at: i64| -> Option<usize> {
            let at = usize::try_from(at).ok()?;
            let j = match self.week[p] {
                Some(w) => *self.weeks[w].days.before.get(at)? as usize,
                None => at,
            };
            Some(j - off_before(&self.holes[p], j))
        };
        (from <= to).then_some(())?;
        Some(before(to)? as i64 - before(from)? as i64)
    }

    /// Person `p`'s `k`-th working day (from 0).
    #[inline]
    fn nth(&mut self, p: usize, k: usize, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        self.day_of(p, skip(&self.holes[p], 0, k), cal)
    }

    /// The `j`-th day (from 0) of person `p`'s week.
    #[inline]
    fn day_of(&mut self, p: usize, j: usize, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        let Some(w) = self.week[p] else {
            return Ok(j as i64);
        };
        match self.weeks[w].days.nth.get(j) {
            Some(&d) => Ok(i64::from(d)),
            None => self.week_nth(w, j, cal),
        }
    }

    /// Week `w`'s `j`-th day (from 0), not known yet.
    #[cold]
    fn week_nth(&mut self, w: usize, j: usize, cal: &mut Calendar) -> Result<i64, ScheduleError> {
        loop {
            let days = &self.weeks[w].days;
            if let Some(&d) = days.nth.get(j) {
                return Ok(i64::from(d));
            }
            let to = days.known() + 1;
            self.know(w, to, cal)?;
        }
    }

    /// The first day on or after `t` that person `p` works.
    pub(in crate::schedule::level) fn next_working(
        &mut self,
        p: usize,
        t: i64,
        cal: &mut Calendar,
    ) -> Result<i64, ScheduleError> {
        let t = t.max(0);
        if self.always[p] {
            return Ok(t);
        }
        let at = usize::try_from(t).unwrap_or_default();
        let j = self.on_week_before(p, at, cal)?;
        self.day_of(p, skip(&self.holes[p], j, 0), cal)
    }

    /// The end (exclusive) of `days` of person `p`'s working days from `t`,
    /// a day they work.
    pub(in crate::schedule::level) fn end_after(
        &mut self,
        p: usize,
        t: i64,
        days: i64,
        cal: &mut Calendar,
    ) -> Result<i64, ScheduleError> {
        if self.always[p] {
            return Ok(t + days);
        }
        if days <= 0 {
            return Ok(t);
        }
        // Their days of the week from `t` on (from day 0 before it), the
        // `days`-th of them not off.
        let j = match usize::try_from(t) {
            Ok(at) => self.on_week_before(p, at, cal)?,
            Err(_) => 0,
        };
        let last = self.day_of(p, skip(&self.holes[p], j, days as usize - 1), cal)?;
        Ok(last + 1)
    }

    /// The first of person `p`'s working days from which `days` (1 or
    /// more) of them end at `finish_at` (after day 0) or later: where a
    /// search day by day from any earlier day of theirs whose `days` end
    /// sooner would stop. The first of their days on or after
    /// `finish_at - 1` is their `j`-th; the `days`-th last of their days up
    /// to it, their `j + 1 - days`-th, is the one.
    pub(super) fn first_to_end_by(
        &mut self,
        p: usize,
        days: i64,
        finish_at: i64,
        cal: &mut Calendar,
    ) -> Result<i64, ScheduleError> {
        let last = usize::try_from(finish_at - 1).unwrap_or_default();
        let j = self.before(p, last, cal)?;
        self.nth(p, (j + 1).saturating_sub(days as usize), cal)
    }

    /// The last of person `p`'s working days on which `days` (1 or more)
    /// of them ending there start at `start_by` or before: where a search
    /// day by day back from any later day of theirs would stop. The last
    /// of their days up to `start_by` is their `s`-th; the day `days - 1`
    /// of theirs after it is the one. `None` when they work no day up to
    /// `start_by`.
    pub(super) fn last_to_start_by(
        &mut self,
        p: usize,
        days: i64,
        start_by: i64,
        cal: &mut Calendar,
    ) -> Result<Option<i64>, ScheduleError> {
        let Ok(upto) = usize::try_from(start_by + 1) else {
            return Ok(None);
        };
        let Some(s) = self.before(p, upto, cal)?.checked_sub(1) else {
            return Ok(None);
        };
        self.nth(p, s + (days.max(1) as usize) - 1, cal).map(Some)
    }

    /// The last day at or before `t` that person `p` works; `None` before
    /// day 0.
    pub(in crate::schedule::level) fn prev_working(
        &mut self,
        p: usize,
        t: i64,
        cal: &mut Calendar,
    ) -> Result<Option<i64>, ScheduleError> {
        let Ok(at) = usize::try_from(t) else {
            return Ok(None);
        };
        if self.always[p] {
            return Ok(Some(t));
        }
        let j = self.on_week_before(p, at + 1, cal)?;
        match skip_back(&self.holes[p], j, 0) {
            Some(j) => self.day_of(p, j, cal).map(Some),
            None => Ok(None),
        }
    }

    /// The start of `days` of person `p`'s working days that end (exclusive)
    /// at `f`, the day after one they work; `None` before day 0.
    pub(super) fn start_before(
        &mut self,
        p: usize,
        f: i64,
        days: i64,
        cal: &mut Calendar,
    ) -> Result<Option<i64>, ScheduleError> {
        if self.always[p] {
            return Ok(Some(f - days).filter(|&t| t >= 0));
        }
        let Ok(at) = usize::try_from(f) else {
            return Ok(None);
        };
        // Their working days before `f`: the first of the last `days` of them.
        let j = self.on_week_before(p, at, cal)?;
        if days <= 0 {
            return Ok(None);
        }
        match skip_back(&self.holes[p], j, days as usize - 1) {
            Some(j) => self.day_of(p, j, cal).map(Some),
            None => Ok(None),
        }
    }
}

/// Per person: their time off on `cal`, as working-day ranges `[from, to)`.
pub(super) fn off_of(workers: &[Worker], cal: &mut Calendar) -> Result<Vec<Vec<(i64, i64)>>, ScheduleError> {
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

/// A week's days from day 0, as far as known: how many of them come
/// before each day, and which those are. A day of the week, or the first
/// after any day, and the span of any number of its days, are then read,
/// not counted day by day.
#[derive(Clone, Debug)]
pub(super) struct Days {
    /// `before[t]`: how many of its days come before day `t`; one more
    /// entry than days known (`before[0]` is 0).
    before: Vec<u32>,
    /// Its days, in order.
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

    /// Day `day`, the next one not known, and whether it is one of the week's.
    fn push(&mut self, day: usize, works: bool) {
        let count = self.nth.len() as u32;
        if works {
            self.nth.push(day as u32);
        }
        self.before.push(count + u32::from(works));
    }
}

/// How many of the numbers before `j` fall in `holes` (ranges `[a, b)`,
/// sorted and apart).
#[inline]
pub(super) fn off_before(holes: &[(u32, u32)], j: usize) -> usize {
    let mut off = 0;
    for &(a, b) in holes {
        let (a, b) = (a as usize, b as usize);
        if a >= j {
            break;
        }
        off += b.min(j) - a;
    }
    off
}

/// The `n`-th number (from 0) from `j` on in none of `holes` (ranges
/// `[a, b)`, sorted and apart); from 0, the `n`-th of all such numbers.
#[inline]
pub(super) fn skip(holes: &[(u32, u32)], j: usize, n: usize) -> usize {
    let mut at = j + n;
    for &(a, b) in holes {
        let (a, b) = (a as usize, b as usize);
        if b <= j {
            continue;
        }
        let a = a.max(j);
        if a > at {
            break;
        }
        at += b - a;
    }
    at
}

/// The `n`-th number (from 0) before `j`, counting back, in none of
/// `holes` (ranges `[a, b)`, sorted and apart); `None` when there are not
/// that many.
#[inline]
pub(super) fn skip_back(holes: &[(u32, u32)], j: usize, n: usize) -> Option<usize> {
    let mut at = j.checked_sub(n + 1)?;
    for &(a, b) in holes.iter().rev() {
        let (a, b) = (a as usize, (b as usize).min(j));
        if a >= j {
            continue;
        }
        if b <= at {
            break;
        }
        at = at.checked_sub(b - a)?;
    }
    Some(at)
}

/// A number of days as a table entry: days are counted in `u32` (a
/// calendar reaches at most a few million days).
fn as_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
