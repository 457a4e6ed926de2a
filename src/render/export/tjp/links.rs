//! Turning milepost's links, progress and date constraints into tj3
//! `depends` and `precedes` clauses (see the module comment of `tjp` for why
//! each has the form it has).

use super::*;
use crate::render::vocab;

impl<'p> Export<'p> {
    pub(super) fn pred(&self, node: Node) -> Pred {
        match node {
            Node::Milestone(i) => {
                let duration = self.milestone_delays.get(i).copied().unwrap_or(0);
                Pred::Free {
                    duration,
                    leaf: duration > 0,
                }
            }
            Node::Feature(i) => match self.states[i] {
                State::NotStarted { duration } if duration > 0 && self.allocation(i).is_some() => {
                    Pred::Effort { duration }
                }
                State::NotStarted { duration }
                | State::Done {
                    start: None, duration, ..
                } => Pred::Free {
                    duration,
                    leaf: duration > 0,
                },
                State::Done { start: Some(start), .. } | State::Started { start, .. } => Pred::Pinned { start },
                State::Cut => Pred::Free {
                    duration: 0,
                    leaf: false,
                },
            },
        }
    }

    /// The id of the fixed-date milestone on `date`.
    pub(super) fn date_id(&mut self, date: Date) -> String {
        if let Some(id) = self.dates.get(&date) {
            return id.clone();
        }
        let id = self.claim(&format!("milepost_date_{}", date.to_string().replace('-', "_")));
        self.dates.insert(date, id.clone());
        id
    }

    pub(super) fn point_id(&mut self, p: Point) -> String {
        match p {
            Point::Item(node) => self.id(node).to_string(),
            Point::Date(d) => self.date_id(d),
        }
    }

    /// A dependency on `days` (> 0) working days before `p`'s start or end.
    pub(super) fn before(&mut self, p: Point, anchor: Anchor, days: i64) -> Depends {
        let id = match self.helpers.get(&(p, anchor, days)) {
            Some(id) => id.clone(),
            None => {
                let base = format!("{}_{}_minus_{days}d", self.point_id(p), anchor.word());
                let id = self.claim(&base);
                self.helpers.insert((p, anchor, days), id.clone());
                id
            }
        };
        Depends {
            task: id,
            on_start: true,
            gap: 0,
        }
    }

    /// `p`'s start or end plus `offset` working days.
    pub(super) fn at(&mut self, p: Point, anchor: Anchor, offset: i64) -> Depends {
        if offset < 0 {
            return self.before(p, anchor, -offset);
        }
        Depends {
            task: self.point_id(p),
            on_start: anchor == Anchor::Start,
            gap: offset,
        }
    }

    /// The schedulable node an id refers to (none for risks, cut features
    /// and unknown ids, as in the scheduler).
    pub(super) fn node_of(&self, id: &str) -> Option<Node> {
        let d = self.plan.ids.get(id)?;
        let i = d.index? as usize;
        match d.kind {
            ItemKind::Milestone => Some(Node::Milestone(i)),
            ItemKind::Feature if self.feature_ids.get(i).is_some_and(Option::is_some) => Some(Node::Feature(i)),
            _ => None,
        }
    }

    pub(super) fn links(&self, me: Node, deps: &[Sp<Dependency>]) -> Vec<Link> {
        // A milestone the risks that occurred give days of its own: its
        // links read as the scheduler reads them.
        let delayed = |n: Node| match n {
            Node::Milestone(i) => self.milestone_delays.get(i).is_some_and(|&d| d > 0),
            Node::Feature(_) => false,
        };
        deps.iter()
            .filter_map(|dep| {
                let from = self.node_of(&dep.value.id().value)?;
                (from != me).then(|| Link {
                    from,
                    kind: crate::schedule::network::scheduled_kind(dep.value.kind(), delayed(from), delayed(me)),
                    lag: dep
                        .value
                        .lag()
                        .map_or(0, |l| lag_days(l.value.working_days(self.per_week))),
                })
            })
            .collect()
    }

    /// The dependencies of a task whose start the links bound: its duration
    /// `duration` (FF and SF subtract it), `leaf` when it is a task with a
    /// length. One comment per link that is not a plain FS or SS.
    pub(super) fn resolve(
        &mut self,
        links: &[Link],
        duration: i64,
        leaf: bool,
        comments: &mut Vec<String>,
    ) -> Vec<Depends> {
        let mut out = Vec::new();
        for (from, list) in self.bounds_by_predecessor(links, duration, comments) {
            let item = Point::Item(from);
            match self.pred(from) {
                Pred::Free {
                    duration: d,
                    leaf: from_leaf,
                } => out.extend(self.free_bound(item, &list, d, leaf && from_leaf)),
                Pred::Pinned { start } => self.pinned_bounds(item, start, &list, &mut out),
                Pred::Effort { duration: d } => self.effort_bounds(item, &list, d, &mut out),
            }
        }
        out
    }

    /// The bounds `links` put on a task's start, grouped by predecessor in
    /// the order the predecessors first appear: on the predecessor's start
    /// or end, plus an offset in working days (FF and SF subtract the
    /// task's `duration`). One comment per link that is not a plain FS or
    /// SS, in link order.
    fn bounds_by_predecessor(
        &self,
        links: &[Link],
        duration: i64,
        comments: &mut Vec<String>,
    ) -> Vec<(Node, Vec<(Anchor, i64)>)> {
        let mut order: Vec<Node> = Vec::new();
        let mut bounds: BTreeMap<Node, Vec<(Anchor, i64)>> = BTreeMap::new();
        for l in links {
            let (anchor, offset) = match l.kind {
                DependencyType::FinishToStart => (Anchor::End, l.lag),
                DependencyType::StartToStart => (Anchor::Start, l.lag),
                DependencyType::FinishToFinish => (Anchor::End, l.lag - duration),
                DependencyType::StartToFinish => (Anchor::Start, l.lag - duration),
            };
            let plain = matches!(l.kind, DependencyType::FinishToStart | DependencyType::StartToStart) && l.lag >= 0;
            if !plain {
                comments.push(format!(
                    "{} {}{}: starts no earlier than its {}{}",
                    l.kind.as_str(),
                    self.plan_id(l.from),
                    vocab::offset(l.lag),
                    anchor.word(),
                    vocab::offset(offset)
                ));
            }
            if !order.contains(&l.from) {
                order.push(l.from);
            }
            bounds.entry(l.from).or_default().push((anchor, offset));
        }
        order
            .into_iter()
            .map(|from| (from, bounds.remove(&from).unwrap_or_default()))
            .collect()
    }

    /// The dependency on `item`, a predecessor whose start is its finish
    /// minus `d` working days, for its bounds `list`: the strongest, counted
    /// from its start. When both it and the task are leaf tasks (`leaves`),
    /// a bound on its end without a lead is kept as written and any other
    /// is put on its start; otherwise the bound is put on its end. `None`
    /// without bounds.
    fn free_bound(&mut self, item: Point, list: &[(Anchor, i64)], d: i64, leaves: bool) -> Option<Depends> {
        // Counted from its start, the strongest bound wins; an
        // FS of its own is kept as written when it is that one.
        let (anchor, offset) = list
            .iter()
            .copied()
            .max_by_key(|&(a, o)| (if a == Anchor::End { o + d } else { o }, a == Anchor::End))?;
        let from_start = if anchor == Anchor::End { offset + d } else { offset };
        Some(if leaves {
            if anchor == Anchor::End && offset >= 0 {
                self.at(item, Anchor::End, offset)
            } else {
                self.at(item, Anchor::Start, from_start)
            }
        } else {
            self.at(item, Anchor::End, from_start - d)
        })
    }

    /// The dependencies on `item`, a predecessor that started on `start`,
    /// for its bounds `list`, pushed onto `out`: the largest end bound, and
    /// the largest start bound (from the fixed date) when no end bound
    /// covers it.
    fn pinned_bounds(&mut self, item: Point, start: Date, list: &[(Anchor, i64)], out: &mut Vec<Depends>) {
        // Its finish is not before its start: an end bound with
        // at least the same offset covers the start bounds.
        let end = list.iter().filter(|b| b.0 == Anchor::End).map(|b| b.1).max();
        let begin = list.iter().filter(|b| b.0 == Anchor::Start).map(|b| b.1).max();
        if let Some(e) = end {
            out.push(self.at(item, Anchor::End, e));
        }
        if let Some(s) = begin
            && end.is_none_or(|e| e < s)
        {
            out.push(self.at(Point::Date(start), Anchor::End, s));
        }
    }

    /// The dependency on `item`, owned work of `d` working days not
    /// started, for its bounds `list`, pushed onto `out`: on its end, the
    /// largest of the bounds on its end and of those on its start less `d`.
    /// That is its start's bound when it runs its days without a pause, and
    /// later when its owner's days off (or tj3) split it. Never on its
    /// start: tj3 lets a task that depends on the start of effort go first
    /// with the start the effort may begin at, which moves when the effort
    /// finds its owner busy, and then stops ("must start after start of
    /// ...").
    fn effort_bounds(&mut self, item: Point, list: &[(Anchor, i64)], d: i64, out: &mut Vec<Depends>) {
        let end = list.iter().map(|&(anchor, offset)| match anchor {
            Anchor::End => offset,
            Anchor::Start => offset - d,
        });
        if let Some(e) = end.max() {
            out.push(self.at(item, Anchor::End, e));
        }
    }

    /// The project start or status date, and the `not-before` date.
    pub(super) fn floors(&mut self, not_before: Option<Date>) -> Vec<Depends> {
        let mut out = vec![Depends {
            task: self.floor_id.clone(),
            on_start: false,
            gap: 0,
        }];
        if let Some(d) = not_before.filter(|d| *d > self.floor) {
            let task = self.date_id(d);
            out.push(Depends {
                task,
                on_start: false,
                gap: 0,
            });
        }
        out
    }
}
