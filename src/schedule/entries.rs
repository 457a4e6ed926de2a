//! A solved network's entries: each activity's times mapped back to the
//! plan's item, with its dates, driver, deadline margin and PERT figures.

use super::calendar::Calendar;
use super::cpm::{self, Link, Progress, Reason};
use super::{Driver, Entry, EntryPert, Keep, Network, Precedence, ScheduleError, Unleveled, level};
use crate::model::{Date, Status};
use crate::plan::{ItemKind, Plan};
use crate::schedule::inputs::Inputs;

/// A solved network with what maps its solution back to the plan's items:
/// what [`solve`] builds the entries from.
pub(super) struct Solved<'a> {
    pub(super) plan: &'a Plan,
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) net: &'a Network,
    /// The solution's times, one per activity: leveled when `leveled`.
    pub(super) times: &'a [cpm::Times],
    /// The critical path method's times.
    pub(super) unleveled: &'a [cpm::Times],
    /// The links `times` were solved with: the plan's, then, when
    /// leveled, the resource links.
    pub(super) links: &'a [Link],
    pub(super) leveled: Option<&'a level::Leveled>,
    /// Per activity: whether it is critical ([`criticality`]).
    pub(super) critical: &'a [bool],
    /// Per activity: its PERT figures.
    /// PERT's figures; none for a history's forecast ([`Keep::Forecast`]).
    pub(super) pert: Option<&'a super::pert::Figures>,
    /// Per activity: whether it is an instant shown on the day that starts
    /// at it, in `times` and in `unleveled` ([`cpm::starts_of_day`]).
    pub(super) at_start: &'a (Vec<bool>, Vec<bool>),
}

/// What names a scheduled item, from the plan: the fields of its [`Entry`]
/// that do not come from the solution.
struct Naming<'a> {
    id: &'a std::sync::Arc<str>,
    kind: ItemKind,
    title: &'a std::sync::Arc<str>,
    status: Option<Status>,
    deadline: Option<Date>,
    milestone: Option<std::sync::Arc<str>>,
    owner: Option<std::sync::Arc<str>>,
}

impl Solved<'_> {
    /// The entries `keep` keeps, in activity order: milestones, then
    /// features. Their dates are converted on `cal`.
    pub(super) fn entries(&self, keep: Keep, cal: &mut Calendar) -> Result<Vec<Entry>, ScheduleError> {
        let m = self.net.m;
        let mut entries = Vec::with_capacity(match keep {
            Keep::All => self.times.len(),
            Keep::Forecast => m + self.critical[m..].iter().filter(|c| **c).count(),
        });
        let at_start = self.at_start;
        for node in 0..self.times.len() {
            if keep == Keep::Forecast && node >= m && !self.critical[node] {
                continue;
            }
            let back = |v: &[bool]| i64::from(!v.get(node).copied().unwrap_or(false));
            entries.push(self.entry(node, (back(&at_start.0), back(&at_start.1)), cal)?);
        }
        Ok(entries)
    }

    /// The entry of activity `node`, its dates converted on `cal`; `back`
    /// how many days before its exclusive finish its date falls, in the
    /// schedule and unleveled ([`cpm::starts_of_day`]).
    fn entry(&self, node: usize, back: (i64, i64), cal: &mut Calendar) -> Result<Entry, ScheduleError> {
        let (back, unleveled_back) = back;
        let t = &self.times[node];
        let Naming {
            id,
            kind,
            title,
            status,
            deadline,
            milestone,
            owner,
        } = self.naming(node);
        let duration = t.early_finish - t.early_start;
        let driver = self.driver(node, self.shown_reason(node, back), cal)?;
        let [start, finish, late_start, late_finish] = dates(cal, t, duration, back)?;
        let unleveled = match self.leveled {
            None => Unleveled {
                early_start: t.early_start,
                early_finish: t.early_finish,
                start,
                finish,
            },
            Some(_) => self.unleveled_of(node, unleveled_back, cal)?,
        };
        let risk_delay = self.risk_delay(node, id);
        let deadline_day = self.net.activities[node].deadline;
        let deadline_margin = deadline_day.map(|d| d - t.early_finish);
        let pert = self.pert.map(|figures| {
            let pert = match figures.finish.get(node) {
                Some(f) => *f,
                None => super::pert::Finish::certain(t.early_finish as f64),
            };
            EntryPert {
                std_dev: match node < self.net.m {
                    true => pert.std_dev,
                    false => figures.duration_sd.get(node).copied().unwrap_or(0.0),
                },
                finish: pert,
                // The day it falls on, as `dates` makes a finish; the
                // schedule's own finish should that day be out of the
                // calendar's reach.
                date: cal.date(super::whole_days(pert.mean) - back).unwrap_or(finish),
                probability: match deadline_day {
                    Some(d) if node < self.net.m => pert.probability_by(d),
                    _ => None,
                },
            }
        });
        Ok(Entry {
            id: id.clone(),
            kind,
            title: title.clone(),
            status,
            milestone,
            owner,
            queue: self.leveled.and_then(|l| l.place(node)),
            work_days: self.work_days(node),
            work_left: self.work_left(node),
            unleveled,
            duration,
            risk_delay,
            times: *t,
            at_start_of_day: back == 0,
            start,
            finish,
            late_start,
            late_finish,
            critical: self.critical[node],
            driver,
            deadline,
            deadline_margin,
            mean_duration: self.net.means[node],
            pert,
            resumes: self.resumes(node, cal)?,
        })
    }

    /// Why activity `node` starts when it does, as shown: `back` days
    /// before its exclusive finish its date falls. Shown at the start of
    /// its day by another link than the one that drove it first (they
    /// hold it at once), that link names why.
    fn shown_reason(&self, node: usize, back: i64) -> Reason {
        let t = &self.times[node];
        match t.driver {
            Reason::Link(l)
                if back == 0
                    && !self
                        .links
                        .get(l)
                        .is_some_and(|l| cpm::holds_at_start(l, t.early_finish, self.times, &self.at_start.0)) =>
            {
                cpm::start_link(node, self.times, self.links, &self.net.graph, &self.at_start.0)
                    .map_or(t.driver, Reason::Link)
            }
            r => r,
        }
    }

    /// Activity `node`'s dates in the unleveled schedule of a leveled one,
    /// `back` days before its exclusive finish its date falls there.
    fn unleveled_of(&self, node: usize, back: i64, cal: &mut Calendar) -> Result<Unleveled, ScheduleError> {
        let u = &self.unleveled[node];
        let [start, finish, ..] = dates(cal, u, u.early_finish - u.early_start, back)?;
        Ok(Unleveled {
            early_start: u.early_start,
            early_finish: u.early_finish,
            start,
            finish,
        })
    }

    /// The delay of activity `node` (item `id`) from risks that occurred:
    /// work started takes it in whole days
    /// (`ActivityInputs::started_delay`), work done none.
    fn risk_delay(&self, node: usize, id: &str) -> f64 {
        match self.net.activities[node].progress {
            Progress::Done { .. } => 0.0,
            Progress::InProgress { .. } => super::whole_days(self.inputs.occurred().delay(id).0) as f64,
            Progress::NotStarted => self.inputs.occurred().delay(id).0,
        }
    }

    /// In a leveled schedule, where started work `node` resumes, and the
    /// link into it (a resource link first) that holds its finish there.
    fn resumes(&self, node: usize, cal: &mut Calendar) -> Result<Option<super::Resumes>, ScheduleError> {
        let Some(lv) = self.leveled else { return Ok(None) };
        let started = matches!(self.net.activities[node].progress, Progress::InProgress { .. });
        let Some(day) = lv.booked.get(node).copied().filter(|&d| started && d != i64::MIN) else {
            return Ok(None);
        };
        let to = &self.times[node];
        let holds = |&l: &usize| {
            let link = &self.links[l];
            cpm::applies(&self.net.activities[node], link) && super::chains::binds(link, &self.times[link.from], to)
        };
        let into: Vec<usize> = lv
            .graph
            .as_ref()
            .map_or(&[][..], |g| g.incoming(node))
            .iter()
            .map(|&l| l as usize)
            .filter(holds)
            .collect();
        let held = into.iter().find(|&&l| l >= lv.plain).or(into.first());
        let held_by = match held {
            Some(&l) => Some(self.driver(node, Reason::Link(l), cal)?),
            None => None,
        };
        Ok(Some(super::Resumes {
            day,
            date: cal.date(day)?,
            held_by,
        }))
    }

    /// What names activity `node`'s item: a milestone (`node < m`) or a
    /// live feature.
    fn naming(&self, node: usize) -> Naming<'_> {
        let (plan, inputs, m) = (self.plan, self.inputs, self.net.m);
        if node < m {
            let ms = &plan.milestones[node];
            let deadline = inputs.milestone(node).and_then(|i| i.deadline);
            Naming {
                id: &ms.id,
                kind: ItemKind::Milestone,
                title: &ms.data.title.value,
                status: None,
                deadline,
                milestone: None,
                owner: None,
            }
        } else {
            let i = self.net.features[node - m];
            let (f, fi) = (&plan.features[i], inputs.feature(i));
            // The milestone's own id (shared), or the reference as written.
            let milestone = match self.net.milestone_node[node - m] {
                Some(to) => Some(plan.milestones[to].id.clone()),
                None => fi.and_then(|fi| fi.milestone).map(std::sync::Arc::from),
            };
            Naming {
                id: &f.id,
                kind: ItemKind::Feature,
                title: &f.data.title.value,
                status: fi.map(|fi| fi.activity.status),
                deadline: None,
                milestone,
                owner: f.data.owner.as_ref().map(|o| std::sync::Arc::from(o.value.as_str())),
            }
        }
    }

    /// The [`Driver`] of activity `node`'s early start, set by `reason`: a
    /// link names the item it comes from; a resource link, the person and
    /// what they work on until when (a date on `cal`).
    fn driver(&self, node: usize, reason: Reason, cal: &mut Calendar) -> Result<Driver, ScheduleError> {
        let owner = || {
            let w = self.net.work[node].owner.and_then(|o| self.net.workers.get(o as usize));
            w.map_or_else(|| std::sync::Arc::from(""), |w| w.id.clone())
        };
        Ok(match reason {
            Reason::ProjectStart => Driver::ProjectStart,
            Reason::StatusDate => Driver::StatusDate,
            Reason::NotBefore => Driver::NotBefore,
            Reason::Actual => Driver::Actual,
            Reason::Owner { since } => {
                let worker = self.net.work[node].owner.and_then(|o| self.net.workers.get(o as usize));
                let time_off = match worker {
                    Some(w) => w.off_before(since, self.times[node].early_start, cal)?,
                    None => None,
                };
                Driver::OwnerAway {
                    person: owner(),
                    time_off,
                }
            }
            Reason::Link(l) => {
                let link = self.links[l];
                let on = node_id(self.plan, &self.net.features, self.net.m, link.from).clone();
                match self.leveled {
                    Some(lv) if l >= lv.plain => Driver::Person {
                        person: owner(),
                        on,
                        until: cal.date(self.times[link.from].early_finish - 1)?,
                        first: self.precedence(lv.ahead(link.from, node))?,
                    },
                    _ => Driver::Item {
                        id: on,
                        kind: link.kind,
                        lag: link.lag,
                    },
                }
            }
        })
    }
}

impl Solved<'_> {
    /// In a leveled schedule, the working days of its owner the work left
    /// of activity `node` takes ([`Entry::work_days`]).
    fn work_days(&self, node: usize) -> Option<i64> {
        let (w, owner) = self.booked(node)?;
        Some(owner.days_for(w.effort))
    }

    /// In a leveled schedule, the work left of activity `node` at full
    /// rate as leveling books it ([`Entry::work_left`]).
    fn work_left(&self, node: usize) -> Option<f64> {
        Some(self.booked(node)?.0.effort)
    }

    /// In a leveled schedule, the work of activity `node` not done, and
    /// its owner, when they are one of the people.
    fn booked(&self, node: usize) -> Option<(&level::Work, &level::Worker)> {
        self.leveled?;
        if matches!(self.net.activities.get(node)?.progress, Progress::Done { .. }) {
            return None;
        }
        let w = self.net.work.get(node)?;
        Some((w, self.net.workers.get(w.owner? as usize)?))
    }

    /// [`level::Ahead`] in the plan's terms.
    fn precedence(&self, ahead: level::Ahead) -> Result<Precedence, ScheduleError> {
        use level::Ahead;
        Ok(match ahead {
            Ahead::Started => Precedence::Started,
            Ahead::Rank(r) => Precedence::Rank(r),
            Ahead::Deadline(node) => match self.inputs.milestone(node).and_then(|m| m.deadline) {
                Some(date) => Precedence::Deadline {
                    milestone: node_id(self.plan, &self.net.features, self.net.m, node).clone(),
                    date,
                },
                None => Precedence::ReadyFirst,
            },
            Ahead::Priority(p) => Precedence::Priority(p),
            Ahead::LessSlack => Precedence::LessSlack,
            Ahead::PlanOrder => Precedence::PlanOrder,
            Ahead::ReadyFirst => Precedence::ReadyFirst,
            Ahead::Sooner => Precedence::Sooner,
            Ahead::Linked(kind, lag) => Precedence::Linked(kind, lag),
        })
    }
}

/// An item's early start, finish, late start and late finish as dates on
/// `cal`, from its times `t`, its `duration` in working days and how many
/// days before its exclusive finish its date falls ([`cpm::starts_of_day`]).
fn dates(cal: &mut Calendar, t: &cpm::Times, duration: i64, back: i64) -> Result<[Date; 4], ScheduleError> {
    Ok(if duration == 0 {
        let early = cal.date(t.early_finish - back)?;
        let late = cal.date(t.late_finish - back)?;
        [early, early, late, late]
    } else {
        [
            cal.date(t.early_start)?,
            cal.date(t.early_finish - 1)?,
            cal.date(t.late_start)?,
            cal.date(t.late_finish - 1)?,
        ]
    })
}

fn node_id<'p>(plan: &'p Plan, features: &[usize], m: usize, node: usize) -> &'p std::sync::Arc<str> {
    if node < m {
        &plan.milestones[node].id
    } else {
        &plan.features[features[node - m]].id
    }
}
