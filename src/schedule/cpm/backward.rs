//! The backward pass of the critical path method: each activity's late
//! dates and floats from its successors' and the project's end, on the
//! project's working days ([`backward_pass`]) or, for leveling, on each
//! owner's ([`backward_pass_by`]).

use super::{Activity, Graph, Link, Times, applies};
use crate::model::DependencyType;

/// The backward pass, in `graph`'s order reversed, after the forward pass:
/// writes each activity's late start, late finish, total float and free
/// float into `times`, the latest finish being the project's `end` or the
/// activity's deadline if earlier.
pub(crate) fn backward_pass(activities: &[Activity], links: &[Link], graph: &Graph, end: i64, times: &mut [Times]) {
    for &i in graph.order().iter().rev() {
        let late = backward_plain(activities, links, graph, end, times, i);
        late.write(&mut times[i]);
    }
}

/// [`backward`] on the project's working days: the latest finish the
/// links allow is the late finish.
pub(super) fn backward_plain(
    activities: &[Activity],
    links: &[Link],
    graph: &Graph,
    end: i64,
    times: &[Times],
    i: usize,
) -> Late {
    let bounds = Bounds {
        links,
        lagless: links.len(),
        resumes: &[],
    };
    match backward(activities, bounds, graph, end, times, i, |_, span, finish, start| {
        let finish = finish.min(start.saturating_add(span));
        Ok::<_, std::convert::Infallible>((finish - span, finish))
    }) {
        Ok(late) => late,
        Err(never) => match never {},
    }
}

/// The links of a backward pass. Those from `lagless` on are leveling's
/// resource links, whose lag holds the owner's days off between two of
/// their features at the early dates, which need not fall between them
/// at the late ones: counted back without them (the late finish is taken
/// back to a day the owner works instead). A finish-to-start one counts
/// back from the next feature's late start; a finish-to-finish one, into
/// started work, from where that work resumes at its late dates: its late
/// finish less its work left after `resumes` (each activity's first
/// booked day, `i64::MIN` for none).
#[derive(Clone, Copy)]
pub(crate) struct Bounds<'a> {
    pub links: &'a [Link],
    pub lagless: usize,
    pub resumes: &'a [i64],
}

/// [`backward_pass`] where `late` gives each activity's late start and
/// late finish from its early span, and the latest finish and the latest
/// start its links (and the end, or its deadline) allow: leveling's
/// backward pass, on the days its owner works.
pub(crate) fn backward_pass_by<E>(
    activities: &[Activity],
    bounds: Bounds<'_>,
    graph: &Graph,
    end: i64,
    times: &mut [Times],
    mut late: impl FnMut(usize, i64, i64, i64) -> Result<(i64, i64), E>,
) -> Result<(), E> {
    for &i in graph.order().iter().rev() {
        let got = backward(activities, bounds, graph, end, times, i, &mut late)?;
        got.write(&mut times[i]);
    }
    Ok(())
}

/// What the backward pass works out for one activity.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Late {
    pub(super) late_start: i64,
    pub(super) late_finish: i64,
    total_float: i64,
    free_float: i64,
}

impl Late {
    pub(super) fn of(t: &Times) -> Late {
        Late {
            late_start: t.late_start,
            late_finish: t.late_finish,
            total_float: t.total_float,
            free_float: t.free_float,
        }
    }

    pub(super) fn write(self, t: &mut Times) {
        t.late_start = self.late_start;
        t.late_finish = self.late_finish;
        t.total_float = self.total_float;
        t.free_float = self.free_float;
    }
}

/// Activity `i`'s late times and floats, from its own early times and its
/// successors' early and late times in `times`. `late` gives its late
/// start and finish from its early span, the latest finish (finish-to-start and
/// finish-to-finish links, the end or its deadline) and the latest start
/// (start-to-start and start-to-finish links, `i64::MAX` without) its
/// links allow. Total float is the lesser of late less early start and
/// late less early finish: the same on the project's days, where the
/// late dates keep the early span; on an owner's days, work that pauses
/// over their days off at one place and not the other has more of one.
#[inline]
fn backward<E>(
    activities: &[Activity],
    Bounds {
        links,
        lagless,
        resumes,
    }: Bounds<'_>,
    graph: &Graph,
    end: i64,
    times: &[Times],
    i: usize,
    mut late: impl FnMut(usize, i64, i64, i64) -> Result<(i64, i64), E>,
) -> Result<Late, E> {
    let a = &activities[i];
    let mut finish = a.deadline.map_or(end, |d| d.min(end));
    let mut start = i64::MAX;
    // Slack left on each outgoing link, in the successor's early times.
    let mut free = None::<i64>;
    for &li in graph.outgoing(i) {
        let l = &links[li as usize];
        if applies(&activities[l.to], l) {
            let (me, to) = (&times[i], &times[l.to]);
            let lag = match l.kind {
                _ if (li as usize) < lagless => l.lag,
                DependencyType::FinishToStart => 0,
                DependencyType::FinishToFinish => match resumes.get(l.to) {
                    Some(&r) if r != i64::MIN => to.early_finish - r,
                    _ => l.lag,
                },
                _ => l.lag,
            };
            match l.kind {
                DependencyType::FinishToStart => finish = finish.min(to.late_start - lag),
                DependencyType::FinishToFinish => finish = finish.min(to.late_finish - lag),
                DependencyType::StartToStart => start = start.min(to.late_start - lag),
                DependencyType::StartToFinish => start = start.min(to.late_finish - lag),
            }
            let slack = forward_slack(l, me.early_start, me.early_finish, to.early_start, to.early_finish);
            free = Some(free.map_or(slack, |f| f.min(slack)));
        }
    }
    let (early_start, early_finish) = (times[i].early_start, times[i].early_finish);
    let (late_start, late_finish) = late(i, early_finish - early_start, finish, start)?;
    let total = (late_finish - early_finish).min(late_start - early_start);
    Ok(Late {
        late_start,
        late_finish,
        total_float: total,
        // Never negative (actual dates may break a link: that is not
        // float), and never more than the total float.
        free_float: free.unwrap_or(end - early_finish).max(0).min(total.max(0)),
    })
}

/// How much later `from` could be (keeping its duration) before link `l`
/// pushed `to` past its early times.
fn forward_slack(l: &Link, from_start: i64, from_finish: i64, to_start: i64, to_finish: i64) -> i64 {
    match l.kind {
        DependencyType::FinishToStart => to_start - (from_finish + l.lag),
        DependencyType::StartToStart => to_start - (from_start + l.lag),
        DependencyType::FinishToFinish => to_finish - (from_finish + l.lag),
        DependencyType::StartToFinish => to_finish - (from_start + l.lag),
    }
}
