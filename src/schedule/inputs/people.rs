//! The people, as leveling reads them ([`PersonInputs`]), and the number
//! type inputs compare by its bits ([`Exact`]).

use std::hash::{Hash, Hasher};

use crate::model::{Date, DateRange, Person};
use crate::span::Sp;

/// A person, as leveling reads them: who they are, how much of their time
/// the project has, the weekdays they work and their time off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PersonInputs<'p> {
    pub id: &'p str,
    /// Share of their time, from 0 to 1.
    pub capacity: Exact,
    /// Monday first; `None`: every working day of the project.
    pub workdays: Option<[bool; 7]>,
    pub time_off: TimeOff<'p>,
}

impl<'p> PersonInputs<'p> {
    pub fn of(person: &'p Person) -> PersonInputs<'p> {
        let Person {
            id,
            name: _,
            role: _,
            capacity,
            workdays,
            day_rate: _,
            time_off,
            // (A week not read is in a plan with an error: not scheduled.)
            week_unread: _,
        } = person;
        let workdays = workdays.as_ref().filter(|d| !d.value.is_empty()).map(|days| {
            let mut on = [false; 7];
            for d in &days.value {
                on[d.value as usize] = true;
            }
            on
        });
        PersonInputs {
            id: &id.value,
            capacity: Exact(capacity.as_ref().map_or(1.0, |c| c.value.0)),
            workdays,
            time_off: TimeOff(time_off),
        }
    }
}

/// A number as the scheduler reads it, compared by its bits (so that it
/// can be `Eq` and `Hash`): a person's share of their time, the working
/// days a risk adds.
#[derive(Clone, Copy, Debug, Default)]
pub struct Exact(pub f64);

impl PartialEq for Exact {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_bits() == other.0.to_bits()
    }
}

impl Eq for Exact {}

impl Hash for Exact {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.to_bits().hash(state);
    }
}

/// A person's time off: compared by the days it covers, not by the reasons
/// given or where they are written.
#[derive(Clone, Copy, Debug)]
pub struct TimeOff<'p>(&'p [Sp<DateRange>]);

impl TimeOff<'_> {
    /// Each absence's first and last day.
    pub fn bounds(&self) -> impl Iterator<Item = (Date, Date)> + '_ {
        self.0.iter().map(|r| (r.from.value, r.to.value))
    }
}

impl PartialEq for TimeOff<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.bounds().eq(other.bounds())
    }
}

impl Eq for TimeOff<'_> {}

impl Hash for TimeOff<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_usize(self.0.len());
        for b in self.bounds() {
            b.hash(state);
        }
    }
}
