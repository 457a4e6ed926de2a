//! Each milestone's forecasts over the history: one series per milestone,
//! going on when its file is renamed.

use std::collections::HashMap;

use super::{Forecast, Point, SlipPoint, SlipSeries, confidence};
use crate::history::walk::Touch;
use crate::model::Date;
use crate::plan::ItemKind;

/// Each milestone's forecasts over the valid points.
pub(super) fn slips(touches: &[Touch], points: &[Point], days: &mut dyn FnMut(Date, Date) -> i64) -> Vec<SlipSeries> {
    // Per milestone: the newest forecast, and every (commit, forecast).
    type Series<'t> = (Forecast, Vec<(&'t Touch, Forecast)>);
    let mut series: Vec<Series<'_>> = Vec::new();
    // Each id's series, while the id is the milestone's.
    let mut live: HashMap<&str, usize> = HashMap::new();
    let last_valid = points.iter().rev().find(|p| p.size.is_some());
    for (t, p) in touches.iter().zip(points) {
        // A milestone whose file was renamed goes on with its series.
        let has = |id: &str| p.forecasts.iter().any(|f| f.id == id);
        for r in t.renames.iter().filter(|r| r.kind == ItemKind::Milestone) {
            if has(&r.to)
                && !has(&r.from)
                && !live.contains_key(r.to.as_str())
                && let Some(k) = live.remove(r.from.as_str())
            {
                live.insert(&r.to, k);
            }
        }
        for f in &p.forecasts {
            let k = *live.entry(&f.id).or_insert_with(|| {
                series.push((f.clone(), Vec::new()));
                series.len() - 1
            });
            series[k].0 = f.clone();
            series[k].1.push((t, f.clone()));
        }
    }
    let mut out: Vec<SlipSeries> = series
        .into_iter()
        .filter_map(|(newest, all)| {
            let id = newest.id.clone();
            let current = last_valid.is_some_and(|p| p.forecasts.iter().any(|f| f.id == id));
            let first = all.first()?.1.finish;
            let last = all.last()?.1.finish;
            let n = all.len();
            let mut points = Vec::new();
            let mut previous = None;
            for (k, (t, f)) in all.iter().enumerate() {
                let now = (f.finish, f.deadline, f.confidence);
                if previous != Some(now) || k + 1 == n {
                    points.push(SlipPoint {
                        date: t.date.to_string(),
                        commit: t.id.short(),
                        forecast: f.finish.to_string(),
                        deadline: f.deadline.map(|d| d.to_string()),
                        margin_days: f.margin,
                        slip_days: days(first, f.finish),
                        confidence: f.confidence.map(|c| confidence::slip(first, c, days)),
                    });
                }
                previous = Some(now);
            }
            Some(SlipSeries {
                id,
                title: newest.title.clone(),
                deadline: newest.deadline.map(|d| d.to_string()),
                first: first.to_string(),
                last: last.to_string(),
                slip_days: days(first, last),
                late: newest.margin.is_some_and(|m| m < 0),
                current,
                points,
            })
        })
        .collect();
    // In forecast order (by the latest forecast), as everywhere.
    let dates = |s: &SlipSeries| {
        let parse = |d: &str| Date::parse(d).ok();
        (parse(&s.last), s.deadline.as_deref().and_then(parse))
    };
    out.sort_by(|a, b| {
        let ((fa, da), (fb, db)) = (dates(a), dates(b));
        crate::render::vocab::forecast_order((fa, da, &a.id), (fb, db, &b.id))
    });
    out
}
