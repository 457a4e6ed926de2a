//! The leveled network: the plan's links with the resource links, its
//! early dates and drivers, and for a schedule its late dates on each
//! owner's days.

use super::{Dates, Leveler};
use crate::schedule::ScheduleError;
use crate::schedule::calendar::Calendar;
use crate::schedule::cpm::{self, Activity, Link, Progress};
use crate::schedule::level::people::People;
use crate::schedule::level::{Work, drive};

impl Leveler {
    /// The leveled network, from the links with the resource links in
    /// `out.links`: its graph (`None` when a resource link closes a loop
    /// of links, possible with leads: then passes keep to the plan's
    /// `graph`), each activity's times and drivers, and, for
    /// [`Dates::All`], the backward pass and where work is booked first.
    /// `plain` links of `out.links` are the plan's.
    pub(super) fn resourced(
        &mut self,
        activities: &[Activity],
        graph: &cpm::Graph,
        (plain, dates): (usize, Dates),
        work: &[Work],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        let n = activities.len();
        let out = &mut self.out;
        let mut g = out.graph.take().or_else(|| self.spare.take()).unwrap_or_default();
        // Without the links that no longer hold (into started work, start
        // to start or finish to start: `cpm::applies`), which no pass
        // reads: with resource links, such a link could close a loop of
        // links that do not hold, and the passes keep to the plan's links.
        // (With a loop, the graph still has each activity's links in.)
        let holds = |l: &Link| cpm::applies(&activities[l.to], l);
        let built = match dates {
            Dates::All => g.rebuild_where(n, &out.links, holds).is_ok(),
            // The same links into each activity, in the same order, and
            // no graph: the drivers need no more.
            Dates::Early => {
                self.incoming.fill(n, &out.links, |l| l.to, holds);
                false
            }
        };
        let incoming = &self.incoming;
        drive(
            &mut out.times,
            &mut out.ready,
            activities,
            &out.links,
            plain,
            &self.span,
            |i| match dates {
                Dates::All => g.incoming(i),
                Dates::Early => incoming.of(i),
            },
            work,
            people,
            cal,
        )?;
        out.end = out.times.iter().map(|t| t.early_finish).max().unwrap_or(0).max(0);
        out.plain = plain;
        out.booked.clear();
        if dates == Dates::Early {
            out.keys.clear();
            self.keep_graph(g, built);
            return Ok(());
        }
        let leveled = if built { &g } else { graph };
        self.late_dates(activities, leveled, plain, work, people, cal)?;
        self.out.keys.clone_from(&self.keys);
        self.keep_graph(g, built);
        Ok(())
    }

    /// Keeps `g`, the leveled network's graph if `built` (else a spare
    /// for the next).
    fn keep_graph(&mut self, g: cpm::Graph, built: bool) {
        if built {
            self.out.graph = Some(g);
        } else {
            self.spare = Some(g);
        }
    }

    /// The leveled network's late dates and floats (into `out.times`),
    /// its early dates in: the backward pass over `graph` (the leveled
    /// network's, or the plan's with a loop), on each owner's days; and
    /// where each activity's work is booked first (`out.booked`).
    fn late_dates(
        &mut self,
        activities: &[Activity],
        graph: &cpm::Graph,
        plain: usize,
        work: &[Work],
        people: &mut People,
        cal: &mut Calendar,
    ) -> Result<(), ScheduleError> {
        let out = &mut self.out;
        out.booked.resize(activities.len(), i64::MIN);
        for &(start, _, node) in people.busy().iter().flatten() {
            if let Some(b) = out.booked.get_mut(node) {
                *b = start;
            }
        }
        // Late dates on the owner's days: the latest of their working days
        // that the links allow work not started to take (a
        // Monday-to-Thursday person's work cannot slip to a Friday, nor
        // start on a day they are away), and started work's late finish
        // on a day they work.
        let late = |i: usize, span: i64, finish: i64, start: i64| -> Result<(i64, i64), ScheduleError> {
            let by = finish.min(start.saturating_add(span));
            let owner = work.get(i).and_then(Work::worker).filter(|_| people.length(i) > 0);
            match (owner, activities[i].progress) {
                (Some(p), Progress::NotStarted) => {
                    let days = people.length(i);
                    Ok(people
                        .latest_within(p, days, finish, start, cal)?
                        .unwrap_or((by - span, by)))
                }
                (Some(p), Progress::InProgress { .. }) => {
                    let f = people.prev_working(p, by - 1, cal)?.map_or(by, |last| last + 1);
                    Ok((f - span, f))
                }
                _ => Ok((by - span, by)),
            }
        };
        // The resource links' lags are the owner's days off between two
        // of their features at the early dates: counted back, the late
        // finish is taken to a day they work instead.
        let bounds = cpm::Bounds {
            links: &out.links,
            lagless: plain,
            resumes: &out.booked,
        };
        cpm::backward_pass_by(activities, bounds, graph, out.end, &mut out.times, late)
    }
}
