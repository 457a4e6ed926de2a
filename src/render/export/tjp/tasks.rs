//! The tasks of plan items: one per milestone and one per feature that is
//! not cut (see the module comment of `tjp` for how each maps).

use super::syntax::{attributes, merge, write_comments, write_depends};
use super::*;
use crate::render::vocab::offset;

impl Export<'_> {
    /// The task of milestone `i`: a tj3 milestone that waits for the
    /// project start, its features and its `depends-on`, its deadline a
    /// comment.
    pub(super) fn milestone_task(&mut self, i: usize, out: &mut String) {
        let m = &self.plan.milestones[i];
        let me = Node::Milestone(i);
        // A milestone waits for its own features, then its `depends-on`.
        let mut links: Vec<Link> = (0..self.plan.features.len())
            .filter(|&k| {
                self.feature_ids[k].is_some()
                    && self.plan.features[k]
                        .data
                        .milestone
                        .as_ref()
                        .is_some_and(|ms| *ms.value == *m.id)
            })
            .map(|k| Link {
                from: Node::Feature(k),
                kind: DependencyType::FinishToStart,
                lag: 0,
            })
            .collect();
        links.extend(self.links(me, &m.data.depends_on));
        let mut comments = Vec::new();
        let mut deps = vec![Depends {
            task: self.start_id.clone(),
            on_start: false,
            gap: 0,
        }];
        // Reached as many working days after what it waits for as the
        // risks that occurred add: a task of that length then.
        let delay = self.milestone_delays.get(i).copied().unwrap_or(0);
        deps.extend(self.resolve(&links, delay, delay > 0, &mut comments));

        let _ = writeln!(
            out,
            "\ntask {} {} {{",
            self.milestone_ids[i],
            quote(&m.data.title.value)
        );
        let _ = writeln!(out, "  {ID_ATTRIBUTE} {}", quote(&m.id));
        if let Some(d) = &m.data.deadline {
            let _ = writeln!(out, "  # deadline {}", d.value);
        }
        write_comments(comments, out);
        if delay > 0 {
            let _ = writeln!(
                out,
                "  # risks that occurred: {delay} working days before it is reached"
            );
            let _ = writeln!(out, "  length {delay}d");
        } else {
            out.push_str("  milestone\n");
        }
        write_depends(deps, out);
        out.push_str("}\n");
    }

    /// The task of feature `i`, not cut: its title and id, then a body
    /// that depends on where it is (not started, done, started).
    pub(super) fn feature_task(&mut self, i: usize, out: &mut String) {
        let f = &self.plan.features[i];
        let links = self.links(Node::Feature(i), &f.data.depends_on);
        let id = self.feature_ids[i].clone().unwrap_or_default();
        let _ = writeln!(out, "\ntask {id} {} {{", quote(&f.data.title.value));
        let _ = writeln!(out, "  {ID_ATTRIBUTE} {}", quote(&f.id));
        match self.states[i] {
            State::Cut => {}
            State::NotStarted { duration } => {
                let not_before = f.data.not_before.as_ref().map(|d| d.value);
                let work = self.work(i, duration);
                self.not_started_body(&links, not_before, &work, out);
            }
            State::Done { start, end, duration } => self.done_body(&links, start, end, duration, out),
            State::Started {
                start,
                duration,
                remaining,
                least,
            } => {
                let left = self.work(i, remaining.unwrap_or(least));
                self.started_body(&links, start, duration, remaining.is_some(), &left, out);
            }
        }
        out.push_str("}\n");
    }

    /// The work of feature `i` of `days` working days: a length, or, for
    /// owned unfinished work, effort allocated to its owner.
    fn work(&self, i: usize, days: i64) -> Work {
        match self.allocation(i) {
            Some((resource, priority)) if days > 0 => Work::Effort {
                days,
                resource: resource.to_string(),
                priority,
            },
            _ => Work::Length(days),
        }
    }

    /// The body of the task of a feature not started, whose `work` takes
    /// some working days and whose dependencies are `links` and
    /// `not_before`: that work (a milestone when it takes none) after the
    /// floors and what the links bound.
    fn not_started_body(&mut self, links: &[Link], not_before: Option<Date>, work: &Work, out: &mut String) {
        let duration = work.days();
        let mut comments = Vec::new();
        let mut deps = self.floors(not_before);
        deps.extend(self.resolve(links, duration, duration > 0, &mut comments));
        write_comments(comments, out);
        if duration > 0 {
            work.write("  ", "\n  ", out);
            out.push('\n');
        } else {
            out.push_str("  milestone\n");
        }
        write_depends(deps, out);
    }

    /// The body of the task of a feature done: its actual dates (`end`
    /// exclusive; without a `start`, its `duration` counted back from
    /// `end`), and a comment naming its `links`, which no longer apply.
    fn done_body(&self, links: &[Link], start: Option<Date>, end: Date, duration: i64, out: &mut String) {
        let on: Vec<&str> = links.iter().map(|l| self.plan_id(l.from)).collect();
        if !on.is_empty() {
            let _ = writeln!(
                out,
                "  # done: its links ({}) no longer apply",
                one_line(&on.join(", "))
            );
        }
        let _ = writeln!(out, "  # actual dates; tj3's end is exclusive");
        match start {
            Some(s) => {
                let _ = writeln!(out, "  start {s}\n  end {end}");
            }
            None if duration > 0 => {
                let _ = writeln!(out, "  end {end}\n  length {duration}d");
            }
            None => {
                let _ = writeln!(out, "  start {end}\n  milestone");
            }
        }
    }

    /// The body of the task of a feature started on `start`: a container
    /// with that fixed start, whose children are the estimate of `duration`
    /// working days counted from the start (without a known `remaining`,
    /// for unowned work), the work `left` from the status date on and,
    /// when FF or SF `links` bound its finish, a one-day child ending no
    /// earlier than they allow (owned, the effort left is bound instead:
    /// it is not split from its finish).
    fn started_body(
        &mut self,
        links: &[Link],
        start: Date,
        duration: i64,
        remaining: bool,
        left: &Work,
        out: &mut String,
    ) {
        let finish_links = self.finish_links(links, out);
        let owned = matches!(left, Work::Effort { .. });
        // Owned, the effort left is what the links bound: it ends at least
        // its days after it starts. Otherwise a child of one day ends no
        // earlier than they allow: it starts a day before the bound.
        let span = if owned { left.days() } else { 1 };
        let bound = self.resolve(&finish_links, span, true, &mut Vec::new());
        let _ = writeln!(out, "  start {start}");
        if !remaining && !owned && duration > 0 {
            let _ = writeln!(
                out,
                "  task estimate \"Estimate, from the start\" {{ length {duration}d }}"
            );
        }
        let what = if owned {
            "Effort left, of its owner"
        } else if remaining {
            "Remaining work"
        } else {
            "At least a day of work left"
        };
        let shape = if left.days() > 0 {
            let mut s = String::new();
            left.write("", " ", &mut s);
            s
        } else {
            "milestone".into()
        };
        let mut deps = vec![Depends {
            task: self.floor_id.clone(),
            on_start: false,
            gap: 0,
        }];
        if owned {
            deps.extend(bound.iter().cloned());
        }
        let _ = write!(out, "  task remaining \"{what}\" {{");
        for d in merge(deps) {
            let _ = write!(out, " depends !!{}{}", d.task, attributes(&d));
        }
        let _ = writeln!(out, " {shape} }}");
        if !owned && !bound.is_empty() {
            out.push_str("  task finish_bound \"Last day of work, by FF and SF\" {");
            for d in merge(bound) {
                let _ = write!(out, " depends !!{}{}", d.task, attributes(&d));
            }
            out.push_str(" length 1d }\n");
        }
    }

    /// Of the `links` into a feature that has started, those that still
    /// apply: FF and SF, which bound its finish (FS and SS bound its start,
    /// which is past). A comment for each link: that it no longer applies,
    /// or how it bounds the finish.
    fn finish_links(&self, links: &[Link], out: &mut String) -> Vec<Link> {
        let mut finish_links = Vec::new();
        for l in links {
            match l.kind {
                DependencyType::FinishToFinish | DependencyType::StartToFinish => finish_links.push(*l),
                _ => {
                    let _ = writeln!(
                        out,
                        "  # started: {} {} no longer applies",
                        l.kind.as_str(),
                        one_line(self.plan_id(l.from))
                    );
                }
            }
        }
        for l in &finish_links {
            let lag = offset(l.lag);
            let anchor = if l.kind == DependencyType::FinishToFinish {
                "end"
            } else {
                "start"
            };
            let _ = writeln!(
                out,
                "  # {} {}{lag}: finishes no earlier than its {anchor}{lag}",
                l.kind.as_str(),
                one_line(self.plan_id(l.from))
            );
        }
        finish_links
    }
}

/// A task's work: a length in working days, or effort allocated to a
/// person, with its priority.
enum Work {
    Length(i64),
    Effort { days: i64, resource: String, priority: u16 },
}

impl Work {
    fn days(&self) -> i64 {
        match self {
            Work::Length(days) | Work::Effort { days, .. } => *days,
        }
    }

    /// Its attributes, the first after `first`, the others after `sep`.
    fn write(&self, first: &str, sep: &str, out: &mut String) {
        match self {
            Work::Length(days) => {
                let _ = write!(out, "{first}length {days}d");
            }
            Work::Effort {
                days,
                resource,
                priority,
            } => {
                let _ = write!(
                    out,
                    "{first}effort {days}d{sep}allocate {resource}{sep}priority {priority}"
                );
            }
        }
    }
}
