//! The one limit that no single value shows: a plan whose work could run
//! past the last year milepost schedules ([`MAX_YEAR`]).
//!
//! Each estimate, lag and date has its own limit where it is read (at most
//! 10,000 working days, dates before the year 9000). Many such values
//! together can still reach beyond the calendar, and `schedule` must never
//! fail on a plan `check` accepts. So this rule bounds the schedule from
//! above: every feature's work done one after another, by each owner on
//! their own working days at their capacity, its risks' delays added to it
//! (each risk not closed, on every feature it affects, as a Monte Carlo
//! run where it happens adds it; on a milestone, in project working days),
//! every lag waited in full, from the plan's latest date or today,
//! whichever is later (work not started starts at the status date, today
//! unless `--as-of` says otherwise), plus every holiday and every day of
//! time off. No schedule or forecast run, leveled or not, ends later; when
//! that bound reaches the year 9000 the plan is refused, pointing at its
//! largest piece of work.
//!
//! It reads every feature's estimate, adding up one part per feature
//! ([`Sums`]). A history walk keeps the sums with its validation memo
//! ([`crate::incremental::validate_after`]): the next commit's plan takes
//! out and puts in again only the parts of the features that changed, came
//! or went, while its project file and risks are the same.

use std::collections::HashMap;

use foldhash::fast::FixedState;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::RiskStatus;
use crate::model::date::MAX_YEAR;
use crate::model::{Date, Estimate, FeatureFile, ProjectFile, Status};
use crate::plan::Plan;
use crate::schedule::inputs::{PersonInputs, RiskInputs};

/// What [`check`] adds up over a plan's features, kept with a history
/// walk's validation memo so that the next plan, of the same shape, is
/// checked from the features whose files changed ([`Terms::sums_after`]).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Sums {
    /// The calendar days of every feature's lags and work left, summed
    /// exactly (the rule's total stops at `u64::MAX`).
    days: u128,
    /// The risks' delays on no feature, in project working days: every
    /// delay less those on features, taken off in plan order.
    elsewhere: f64,
    /// The latest of the features' dates, if any has one.
    latest: Option<Date>,
}

/// Checks that the plan's work, done one piece after another, ends before
/// [`MAX_YEAR`]. `before` is a plan with the same project file checked
/// before, with its [`Sums`]: this one's are worked out from the features
/// that differ when its risks are the same. Returns this plan's sums (none
/// without a dated project).
pub(super) fn check(plan: &Plan, before: Option<Before<'_>>, out: &mut Vec<Diagnostic>) -> Option<Sums> {
    let project = plan.dated_project()?;
    let p = &project.data;
    let (latest, days_off, longest_off) = latest_and_days_off(plan, p);
    let delays = RiskDelays::of(plan);
    let terms = Terms::of(p, &delays);
    let (sums, largest) = match before.and_then(|b| terms.sums_after(b, plan)) {
        Some(sums) => (sums, None),
        None => {
            let (sums, largest) = terms.sums(plan);
            (sums, Some(largest))
        }
    };
    // Work not started starts at the status date: today by default (read
    // once: `history` validates a plan per commit).
    static TODAY: std::sync::OnceLock<Date> = std::sync::OnceLock::new();
    let today = *TODAY.get_or_init(Date::today);
    let latest = sums.latest.map_or(latest, |l| latest.max(l));
    let from_today = today > latest;
    let latest = latest.max(today);
    // Each sum stops at `u64::MAX`, as adding one term at a time would.
    let work = sums.days + u128::from(span(sums.elsewhere, terms.project_days));
    let total = u64::try_from(work + u128::from(days_off)).unwrap_or(u64::MAX);
    let Ok(end) = Date::new(MAX_YEAR, 1, 1) else {
        return Some(sums);
    };
    let room = days_between(latest, end);
    if total < room {
        return Some(sums);
    }
    let work = u64::try_from(work).unwrap_or(u64::MAX);
    // The largest piece of work, from every feature when the sums were
    // known (a plan refused is rare).
    let largest = largest.unwrap_or_else(|| terms.sums(plan).1);
    // Days, when the dates themselves are what comes near the end.
    let spans = match total / 365 {
        0 | 1 => format!("{total} calendar days"),
        years => format!("about {years} years"),
    };
    let from = if from_today {
        format!("{latest} (today)")
    } else {
        latest.to_string()
    };
    // (The bound counts every day off, wherever it falls: say so.)
    let off = match days_off {
        0 => ",".to_string(),
        1 => " and with the 1 calendar day of holidays and time off counted,".to_string(),
        n => format!(" and with all {n} calendar days of holidays and time off counted,"),
    };
    let mut d = Diagnostic::new(
        Code::OutOfRange,
        format!(
            "the plan's work could run past the year {MAX_YEAR}: from {from}, done one piece after another{off} it could take up to {spans}"
        ),
    );
    // The largest piece: the days off when they are most of it (the
    // longest holiday or time off), else a feature's estimate, or a risk's
    // delay counted on every item it affects, when that is more.
    let estimate = largest.and_then(|(work, item)| Some((work, item.file, item.data.estimate.as_ref()?.span)));
    let off = longest_off.filter(|_| days_off > work);
    d = match (off, estimate, delays.largest) {
        (Some((_, span)), ..) => d.at(project.file, span, "the longest holiday or time off"),
        (None, Some((work, ..)), Some((days, file, span))) if days > work => d.at(file, span, "the largest risk delay"),
        (None, Some((_, file, span)), _) => d.at(file, span, "the largest estimate"),
        (None, None, Some((_, file, span))) => d.at(file, span, "the largest risk delay"),
        (None, None, None) => d.at(project.file, p.project.start.span, "from here"),
    };
    out.push(d.help(format!(
        "no schedule can promise anything that far: check the units of the largest estimates, lags and risk delays (`d` working days, `w` weeks), small capacities (at `capacity = 0.01` work takes 100 times as long), the latest dates and long holidays or time off; plans are limited to work that fits before {MAX_YEAR}, one feature after another"
    )));
    Some(sums)
}

/// The plan's latest date but its features' (its start, holidays, time
/// off, deadlines), the calendar days of every holiday and every person's
/// time off, and the longest of those (its days, and where it is written).
fn latest_and_days_off(plan: &Plan, p: &ProjectFile) -> (Date, u64, Option<(u64, crate::span::Span)>) {
    let mut latest = p.project.start.value;
    let mut days_off: u64 = 0;
    let mut longest: Option<(u64, crate::span::Span)> = None;
    let mut off = |from: Date, to: Date, span: crate::span::Span| {
        let days = days_between(from, to) + 1;
        if longest.is_none_or(|(l, _)| days > l) {
            longest = Some((days, span));
        }
        days
    };
    if let Some(cal) = &p.calendar {
        for h in &cal.value.holidays {
            let (from, to) = h.value.bounds();
            latest = latest.max(to);
            days_off += off(from, to, h.span);
        }
    }
    for person in &p.people {
        for range in &person.value.time_off {
            latest = latest.max(range.value.to.value);
            days_off += off(range.value.from.value, range.value.to.value, range.span);
        }
    }
    for m in &plan.milestones {
        if let Some(d) = &m.data.deadline {
            latest = latest.max(d.value);
        }
    }
    (latest, days_off, longest)
}

/// What a feature's part of the sums depends on besides the feature: the
/// project's calendar and people, and the risks' delays.
struct Terms<'p> {
    days_per_week: u8,
    project_days: u64,
    people: HashMap<&'p str, (u64, f64), FixedState>,
    delays: &'p RiskDelays<'p>,
}

/// One feature's part of the [`Sums`]: the calendar days of its lags and
/// of its work left with its risk delays (done by its owner on their own
/// working days at their capacity, every lag waited in full); its own work
/// left (risk delays aside), none when it is done; its latest date.
struct Part {
    days: u128,
    own: Option<f64>,
    latest: Option<Date>,
}

/// The largest piece of work of a plan's features: the feature with the
/// most work left of its own (risk delays aside), the first of equals.
type Largest<'p> = Option<(f64, &'p crate::plan::Item<FeatureFile>)>;

impl<'p> Terms<'p> {
    fn of(p: &'p ProjectFile, delays: &'p RiskDelays<'p>) -> Terms<'p> {
        let project_week = crate::schedule::calendar::workdays(p);
        Terms {
            days_per_week: crate::schedule::calendar::days_per_week(p),
            project_days: count(&project_week).max(1),
            people: weeks_and_capacities(p, project_week),
            delays,
        }
    }

    /// The risk delay on the feature `id` (done work is delayed by nothing,
    /// but its delay is not elsewhere either).
    fn delay(&self, id: &str) -> f64 {
        if self.delays.by_item.is_empty() {
            0.0
        } else {
            self.delays.by_item.get(id).copied().unwrap_or(0.0)
        }
    }

    fn part(&self, item: &crate::plan::Item<FeatureFile>) -> Part {
        let f = &*item.data;
        let latest = [&f.not_before, &f.started, &f.finished]
            .into_iter()
            .flatten()
            .map(|d| d.value)
            .max();
        let mut days: u128 = 0;
        for link in &f.depends_on {
            if let Some(lag) = link.value.lag() {
                days += u128::from(span(
                    lag.value.working_days(self.days_per_week).abs(),
                    self.project_days,
                ));
            }
        }
        if f.status() == Status::Done {
            return Part {
                days,
                own: None,
                latest,
            };
        }
        let own = work_days(f, self.days_per_week);
        let work = own + self.delay(&item.id);
        let (per_week, capacity) = f
            .owner
            .as_ref()
            .and_then(|o| self.people.get(o.value.as_str()))
            .copied()
            .unwrap_or((self.project_days, 1.0));
        // A person's days at their capacity, one more for rounding.
        // (A capacity of 0 is an error of its own: counted as full time here.)
        let capacity = if capacity > 0.0 { capacity.min(1.0) } else { 1.0 };
        let own_days = work.ceil() / capacity + 1.0;
        days += u128::from(span(own_days, per_week));
        Part {
            days,
            own: Some(own),
            latest,
        }
    }

    /// Every feature's part added up, and the largest piece of work.
    fn sums<'a>(&self, plan: &'a Plan) -> (Sums, Largest<'a>) {
        let mut sums = Sums {
            days: 0,
            elsewhere: self.delays.all,
            latest: None,
        };
        let mut largest: Largest<'a> = None;
        for item in &plan.features {
            // Risk delays on features count with their work; the rest (on
            // milestones, or ids of nothing) in project working days.
            sums.elsewhere -= self.delay(&item.id);
            let part = self.part(item);
            sums.days += part.days;
            sums.latest = sums.latest.max(part.latest);
            if let Some(own) = part.own
                && largest.is_none_or(|(w, _)| own > w)
            {
                largest = Some((own, item));
            }
        }
        (sums, largest)
    }

    /// The sums of `plan`, from those of `before.plan`, a plan with the
    /// same project file: the parts of the features that differ, came or
    /// went taken out and put in again. `None` when its risks differ (the
    /// delays on features may), or a feature that changed or went had the
    /// latest date and no feature has it now: add up every feature then.
    fn sums_after(&self, before: Before<'_>, plan: &Plan) -> Option<Sums> {
        let old = before.plan;
        let same_risks = old.risks.len() == plan.risks.len()
            && old
                .risks
                .iter()
                .zip(&plan.risks)
                .all(|(x, y)| std::sync::Arc::ptr_eq(&x.data, &y.data));
        if !same_risks {
            return None;
        }
        let mut sums = before.sums;
        // Latest dates of features taken out, and put in.
        let (mut lost, mut gained) = (false, None);
        let mut out = |part: Part, sums: &mut Sums| {
            lost |= part.latest.is_some() && part.latest >= before.sums.latest;
            sums.days = sums.days.checked_sub(part.days)?;
            Some(())
        };
        match before.at {
            // The same ids in the same order, delayed alike: `elsewhere` is the same.
            None if old.features.len() == plan.features.len() => {
                for (a, b) in old.features.iter().zip(&plan.features) {
                    if !std::sync::Arc::ptr_eq(&a.data, &b.data) {
                        let now = self.part(b);
                        out(self.part(a), &mut sums)?;
                        gained = gained.max(now.latest);
                        sums.days += now.days;
                    }
                }
            }
            None => return None,
            Some(at) => {
                let mut kept = vec![false; old.features.len()];
                for (b, was) in plan.features.iter().zip(at) {
                    let a = was.and_then(|j| Some((j, old.features.get(j)?)));
                    if let Some((j, a)) = a {
                        *kept.get_mut(j)? = true;
                        if std::sync::Arc::ptr_eq(&a.data, &b.data) {
                            continue;
                        }
                        out(self.part(a), &mut sums)?;
                    }
                    let now = self.part(b);
                    gained = gained.max(now.latest);
                    sums.days += now.days;
                }
                for (a, _) in old.features.iter().zip(&kept).filter(|(_, k)| !**k) {
                    out(self.part(a), &mut sums)?;
                }
                // Other ids: the delays on features taken off again, in plan order.
                sums.elsewhere = self.delays.all;
                if !self.delays.by_item.is_empty() {
                    for item in &plan.features {
                        sums.elsewhere -= self.delay(&item.id);
                    }
                }
            }
        }
        if lost && gained < before.sums.latest {
            return None;
        }
        sums.latest = sums.latest.max(gained);
        Some(sums)
    }
}

/// A plan checked before the one [`check`] checks, with the same project
/// file, and what the rule added up in it.
#[derive(Clone, Copy)]
pub(crate) struct Before<'o> {
    pub(crate) plan: &'o Plan,
    pub(crate) sums: Sums,
    /// For each feature of the plan checked, the position of the feature at
    /// the same path in `plan`; `None` when the two have the same shape
    /// ([`super::Shape`]): then the features are at the same positions.
    pub(crate) at: Option<&'o [Option<usize>]>,
}

/// What the risks not closed can add: working days of delay by the id of
/// each item they affect ([`affected`]), and in all; and the risk whose
/// delay adds up to the most over its items, with that many days, its
/// file and where its `days` is written.
struct RiskDelays<'p> {
    by_item: HashMap<&'p str, f64, FixedState>,
    all: f64,
    largest: Option<(f64, crate::files::FileId, crate::span::Span)>,
}

impl RiskDelays<'_> {
    fn of(plan: &Plan) -> RiskDelays<'_> {
        let mut delays = RiskDelays {
            by_item: HashMap::default(),
            all: 0.0,
            largest: None,
        };
        for item in &plan.risks {
            let risk = RiskInputs::of(&item.id, &item.data);
            let days = item.data.impact.as_ref().and_then(|i| i.value.days.as_ref());
            let (Some(days), false) = (days, risk.status == RiskStatus::Closed) else {
                continue;
            };
            let ids = affected(risk.affects);
            let total = risk.delay_days * ids.len() as f64;
            if total <= 0.0 {
                continue;
            }
            for id in ids {
                *delays.by_item.entry(id).or_default() += risk.delay_days;
            }
            delays.all += total;
            if delays.largest.is_none_or(|(t, ..)| total > t) {
                delays.largest = Some((total, item.file, days.span));
            }
        }
        delays
    }
}

/// The ids a risk affects, each once (as the forecast delays an item
/// listed twice once).
fn affected(affects: &[crate::span::Sp<String>]) -> Vec<&str> {
    let mut ids: Vec<&str> = affects.iter().map(|id| id.value.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Each person: their working days a week (those of the project's
/// `project_week` they work) and their capacity.
fn weeks_and_capacities(p: &ProjectFile, project_week: [bool; 7]) -> HashMap<&str, (u64, f64), FixedState> {
    p.people
        .iter()
        .map(|person| {
            let inputs = PersonInputs::of(&person.value);
            let week = inputs.workdays.map_or(project_week, |own| {
                let mut both = [false; 7];
                for (b, (o, w)) in both.iter_mut().zip(own.iter().zip(project_week)) {
                    *b = *o && w;
                }
                both
            });
            (inputs.id, (count(&week).max(1), inputs.capacity.0))
        })
        .collect()
}

/// How many days of a week `days` are.
fn count(days: &[bool; 7]) -> u64 {
    days.iter().filter(|&&d| d).count() as u64
}

/// Calendar days: a run of n working days of someone who works
/// `per_week` days a week spans at most 7 * ceil(n / per_week) days, plus
/// the days off it meets.
fn span(working_days: f64, per_week: u64) -> u64 {
    (working_days.max(0.0).ceil() as u64)
        .div_ceil(per_week)
        .saturating_mul(7)
}

/// A feature's work left, in project working days: the larger of its
/// estimate (a three-point one's high end) and what is said to remain.
fn work_days(f: &FeatureFile, days_per_week: u8) -> f64 {
    let estimate = f.estimate.as_ref().map_or(0.0, |e| match &e.value {
        Estimate::Single(d) => d.working_days(days_per_week),
        Estimate::ThreePoint(t) => t.high.value.working_days(days_per_week),
    });
    let remaining = f
        .remaining
        .as_ref()
        .map_or(0.0, |r| r.value.working_days(days_per_week));
    estimate.max(remaining).max(0.0)
}

/// Calendar days from `from` to `to` (0 when `to` is not later).
fn days_between(from: Date, to: Date) -> u64 {
    from.0
        .until((jiff::Unit::Day, to.0))
        .map_or(0, |s| u64::try_from(s.get_days()).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    fn problems(files: &[(&str, &str)]) -> Vec<String> {
        let plan = crate::test_plan(files);
        plan.diagnostics
            .iter()
            .filter(|d| d.message.contains("could run past the year"))
            .map(|d| d.message.clone())
            .collect()
    }

    const PROJECT: &str =
        "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ncapacity = 0.5\n";

    /// 9,000 days of Ana's work at half time is 18,001 of her days, 25,202
    /// calendar days (7 per 5): about 69 years from 2026, far from 9000.
    /// Not before 8940 instead (60 years, 21,915 days, before 9000), it cannot.
    #[test]
    fn refuses_only_work_that_cannot_end_before_the_year_9000() {
        let feature = |extra: &str| format!("title = \"A\"\nestimate = \"9000d\"\nowner = \"ana\"\n{extra}");
        let near = feature("");
        assert!(problems(&[("project.toml", PROJECT), ("features/a.toml", &near)]).is_empty());
        let far = feature("not-before = 8940-01-01\n");
        let found = problems(&[("project.toml", PROJECT), ("features/a.toml", &far)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("from 8940-01-01"), "{found:?}");
        // 7 * ceil(18,001 / 5) = 25,207 days: about 69 years.
        assert!(found[0].contains("about 69 years"), "{found:?}");
        // Two days of work from the last day a plan holds (counted as a
        // week, 7 calendar days): said in days (it said "about 0 years").
        let late = "[project]\nname = \"T\"\nstart = 8999-12-31\n";
        let two = "title = \"B\"\nestimate = \"2d\"\n";
        let found = problems(&[("project.toml", late), ("features/b.toml", two)]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].ends_with("from 8999-12-31, done one piece after another, it could take up to 7 calendar days"),
            "{found:?}"
        );
    }

    /// When holidays and time off are most of the days, the error points at
    /// the longest of them (it pointed at the largest estimate, 5 days).
    #[test]
    fn time_off_that_reaches_the_limit_is_pointed_at() {
        let project = "[project]\nname = \"T\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-04-01, to = 2026-04-03 }, { from = 2026-05-01, to = 8999-12-31 }]\n";
        let feature = "title = \"A\"\nestimate = \"5d\"\nowner = \"ana\"\n";
        let plan = crate::test_plan(&[("project.toml", project), ("features/a.toml", feature)]);
        let found: Vec<_> = plan
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("could run past the year"))
            .collect();
        assert_eq!(found.len(), 1, "{:?}", plan.diagnostics);
        let at = found[0].primary.as_ref().unwrap_or_else(|| panic!("no place"));
        let text = &plan.files.get(at.file).unwrap_or_else(|| panic!("no file")).text;
        assert_eq!(
            &text[at.span.start as usize..at.span.end as usize],
            "{ from = 2026-05-01, to = 8999-12-31 }"
        );
        assert_eq!(at.message, "the longest holiday or time off");
    }

    /// Many features of allowed size together: 300 of 10,000 days each, one
    /// after another, are 4.2 million calendar days, past 9000.
    #[test]
    fn many_allowed_estimates_can_add_up_past_the_limit() {
        let mut files = vec![(
            "project.toml".to_string(),
            "[project]\nname = \"T\"\nstart = 2026-03-02\n".to_string(),
        )];
        for i in 0..300 {
            files.push((
                format!("features/f{i}.toml"),
                "title = \"F\"\nestimate = \"10000d\"\n".to_string(),
            ));
        }
        let refs: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        assert_eq!(problems(&refs).len(), 1);
        assert!(
            problems(&refs[..100]).is_empty(),
            "100 of them span about 3,800 years from 2026"
        );
    }
}
