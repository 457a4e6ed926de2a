//! From the runs to the figures: percentiles, chances of deadlines,
//! criticality, the sensitivity ranking and the cost.

use crate::model::Date;
use crate::plan::{ItemKind, Plan};
use crate::schedule::calendar::Calendar;
use crate::schedule::{Schedule, ScheduleError};

use super::model::{Input, Model};
use super::runs::Chunk;
use super::{
    Bin, CostSpread, Dates, FeatureForecast, Forecast, ForecastError, MilestoneForecast, Options, Point, Runs, Spread,
    Swing,
};

/// What the runs made, with what they were made of.
pub(super) struct Made<'a, 'm> {
    pub plan: &'a Plan,
    pub model: &'a Model<'m>,
    pub chunks: Vec<Chunk>,
    pub deterministic: Schedule,
    pub options: Options,
    pub cal: &'a mut Calendar,
    pub as_of: Date,
}

/// The `q` quantile of sorted `values` by nearest rank: the least value
/// at least a share `q` of them are at or below.
pub(super) fn nearest_rank<T: Copy>(sorted: &[T], q: f64) -> Option<T> {
    let n = sorted.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n.max(1));
    sorted.get(rank - 1).copied()
}

pub(super) fn summarise(made: Made<'_, '_>) -> Result<Forecast, ForecastError> {
    let Made {
        plan,
        model,
        chunks,
        deterministic,
        options,
        cal,
        as_of,
    } = made;
    let (runs, codes, critical) = gather(chunks, model.parts.activities.len());
    let n = runs.ends.len();
    let lo = runs.ends.iter().chain(&runs.milestones).min().copied().unwrap_or(0);
    let hi = runs.ends.iter().chain(&runs.milestones).max().copied().unwrap_or(0);
    let first = (lo - 1).max(0);
    let dates = Dates {
        first,
        dates: (first..=(hi - 1).max(0))
            .map(|d| cal.date(d))
            .collect::<Result<_, _>>()
            .map_err(ScheduleError::from)?,
    };
    let point = |day: i64| {
        let i = ((day - 1).max(0) - first) as usize;
        Point {
            day,
            date: dates.dates.get(i).copied().unwrap_or(deterministic.finish),
        }
    };
    let mut sorted = runs.ends.clone();
    sorted.sort_unstable();
    let project = spread(&sorted, &point);
    let milestones = milestones(plan, model, &runs, &deterministic, &point);
    let features = features(plan, model, &critical, n, &deterministic);
    let sensitivity = sensitivity(plan, model, &runs.ends, &codes, &point);
    let cost = model.costed.then(|| cost(plan, &runs.costs));
    let distribution = distribution(&sorted, &point);
    Ok(Forecast {
        as_of,
        options,
        leveled: model.leveled,
        deterministic,
        project,
        milestones,
        features,
        sensitivity,
        cost,
        distribution,
        runs,
        dates,
    })
}

/// Each milestone's spread and chance of its deadline, beside the
/// deterministic forecast.
fn milestones(
    plan: &Plan,
    model: &Model<'_>,
    runs: &Runs,
    deterministic: &Schedule,
    point: &impl Fn(i64) -> Point,
) -> Vec<MilestoneForecast> {
    let (m, n) = (model.parts.m, runs.ends.len());
    let mut milestones = Vec::with_capacity(m);
    let mut column = Vec::with_capacity(n);
    for (j, item) in plan.milestones.iter().enumerate().take(m) {
        column.clear();
        column.extend((0..n).map(|r| runs.milestones[r * m + j]));
        column.sort_unstable();
        let deadline_day = model.parts.activities[j].deadline;
        // The schedule's entries are its milestones first, in plan order.
        let det = deterministic
            .entries
            .get(j)
            .filter(|e| e.kind == ItemKind::Milestone && e.id == item.id);
        milestones.push(MilestoneForecast {
            id: item.id.clone(),
            title: item.data.title.value.clone(),
            deterministic: det.map_or(deterministic.finish, |e| e.finish),
            deadline: det.and_then(|e| e.deadline),
            spread: spread(&column, point),
            deadline_probability: deadline_day.map(|_| runs.met.get(j).copied().unwrap_or(0) as f64 / n as f64),
        });
    }
    milestones
}

/// Each live feature's criticality over `n` runs (`critical`: the runs
/// each activity was on the driving chain in).
fn features(
    plan: &Plan,
    model: &Model<'_>,
    critical: &[u32],
    n: usize,
    deterministic: &Schedule,
) -> Vec<FeatureForecast> {
    let m = model.parts.m;
    let critical_now: std::collections::HashMap<&str, bool> = deterministic
        .entries
        .iter()
        .filter(|e| e.kind == ItemKind::Feature)
        .map(|e| (&*e.id, e.critical))
        .collect();
    model
        .parts
        .features
        .iter()
        .enumerate()
        .map(|(k, &position)| {
            let f = &plan.features[position];
            FeatureForecast {
                id: f.id.clone(),
                title: f.data.title.value.clone(),
                criticality: critical[m + k] as f64 / n as f64,
                critical: critical_now.get(&*f.id).copied().unwrap_or(false),
            }
        })
        .collect()
}

/// The chunks, in order, as one: the runs, the sensitivity codes and the
/// criticality counts.
fn gather(chunks: Vec<Chunk>, n: usize) -> (Runs, Vec<u8>, Vec<u32>) {
    let mut runs = Runs::default();
    let mut codes = Vec::new();
    let mut critical = vec![0u32; n];
    for c in chunks {
        runs.ends.extend(c.ends);
        runs.milestones.extend(c.milestones);
        runs.met.resize(c.met.len(), 0);
        for (a, b) in runs.met.iter_mut().zip(c.met) {
            *a += b;
        }
        runs.costs.extend(c.costs);
        codes.extend(c.codes);
        for (a, b) in critical.iter_mut().zip(c.critical) {
            *a += b;
        }
    }
    (runs, codes, critical)
}

fn spread(sorted: &[i64], point: &impl Fn(i64) -> Point) -> Spread {
    let q = |q: f64| point(nearest_rank(sorted, q).unwrap_or(0));
    let sum: i64 = sorted.iter().sum();
    Spread {
        p50: q(0.5),
        p80: q(0.8),
        p95: q(0.95),
        mean_days: sum as f64 / sorted.len().max(1) as f64,
        earliest: point(sorted.first().copied().unwrap_or(0)),
        latest: point(sorted.last().copied().unwrap_or(0)),
    }
}

fn distribution(sorted: &[i64], point: &impl Fn(i64) -> Point) -> Vec<Bin> {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let n = sorted.len() as f64;
    (lo..=hi)
        .map(|day| {
            let upto = sorted.partition_point(|&e| e <= day);
            let before = sorted.partition_point(|&e| e < day);
            Bin {
                finish: point(day),
                runs: upto - before,
                cumulative: upto as f64 / n,
            }
        })
        .collect()
}

/// The tornado: per input, the project's P80 over the runs of its low
/// third against its high third (a risk: not happening against
/// happening), most swing first, ties in plan order.
fn sensitivity(
    plan: &Plan,
    model: &Model<'_>,
    ends: &[i64],
    codes: &[u8],
    point: &impl Fn(i64) -> Point,
) -> Vec<Swing> {
    let k = model.inputs.len();
    // The project's ends of the runs in each third, per input: as many
    // values as runs (a histogram over the forecast's days cost as many
    // days per input, thousands on a long plan).
    let (mut low, mut high) = (Vec::new(), Vec::new());
    let mut swings = Vec::new();
    for (i, input) in model.inputs.iter().enumerate() {
        low.clear();
        high.clear();
        for (r, &end) in ends.iter().enumerate() {
            match codes[r * k + i] {
                0 => low.push(end),
                2 => high.push(end),
                _ => {}
            }
        }
        let (Some(a), Some(b)) = (p80_of(&mut low), p80_of(&mut high)) else {
            continue;
        };
        let (kind, id, title) = match *input {
            Input::Var(v) => {
                let node = model.vars[v].node;
                let f = &plan.features[model.parts.features[node - model.parts.m]];
                (ItemKind::Feature, f.id.clone(), f.data.title.value.clone())
            }
            Input::Event(e) => {
                let r = &plan.risks[model.events[e].index];
                (ItemKind::Risk, r.id.clone(), r.data.title.value.as_str().into())
            }
        };
        swings.push(Swing {
            kind,
            id,
            title,
            low: point(a),
            high: point(b),
            swing_days: b - a,
        });
    }
    // Stable: ties keep plan order (estimates, then risks).
    swings.sort_by_key(|s| std::cmp::Reverse(s.swing_days.abs()));
    swings
}

/// The P80 (nearest rank, as [`nearest_rank`]) of `values`, which it
/// reorders; `None` when there are none.
fn p80_of(values: &mut [i64]) -> Option<i64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let rank = ((0.8 * n as f64).ceil() as usize).clamp(1, n);
    let (_, p80, _) = values.select_nth_unstable(rank - 1);
    Some(*p80)
}

fn cost(plan: &Plan, costs: &[f64]) -> CostSpread {
    let mut sorted = costs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let q = |q: f64| nearest_rank(&sorted, q).unwrap_or(0.0);
    CostSpread {
        deterministic: crate::cost::plan_totals(plan).amount,
        mean: costs.iter().sum::<f64>() / costs.len().max(1) as f64,
        p50: q(0.5),
        p80: q(0.8),
        p95: q(0.95),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_is_the_least_value_that_share_of_values_reach() {
        let v: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&v, 0.5), Some(5));
        assert_eq!(nearest_rank(&v, 0.8), Some(8));
        assert_eq!(nearest_rank(&v, 0.81), Some(9));
        assert_eq!(nearest_rank(&v, 0.95), Some(10));
        assert_eq!(nearest_rank(&[7i64], 0.5), Some(7));
        assert_eq!(nearest_rank::<i64>(&[], 0.5), None);
        assert_eq!(p80_of(&mut [3, 10, 1, 8, 2, 9, 4, 7, 5, 6]), Some(8));
        assert_eq!(p80_of(&mut []), None);
    }

    /// The P80 of unsorted values is the sorted values' nearest rank, and
    /// the least day a histogram of them reaches 80% of its count by (as
    /// the sensitivity ranking once counted it), on random samples.
    #[test]
    fn the_p80_of_values_is_the_histograms() {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |below: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % below
        };
        for _ in 0..500 {
            let n = next(40) as usize;
            let mut values: Vec<i64> = (0..n).map(|_| 100 + next(30) as i64).collect();
            let mut counts = vec![0usize; 131];
            for &v in &values {
                counts[v as usize] += 1;
            }
            let rank = ((0.8 * n as f64).ceil() as usize).max(1);
            let mut seen = 0;
            let by_histogram = (n > 0)
                .then(|| {
                    counts.iter().position(|&c| {
                        seen += c;
                        seen >= rank
                    })
                })
                .flatten()
                .map(|slot| slot as i64);
            let mut sorted = values.clone();
            sorted.sort_unstable();
            assert_eq!(p80_of(&mut values), by_histogram, "{sorted:?}");
            assert_eq!(by_histogram, nearest_rank(&sorted, 0.8), "{sorted:?}");
        }
    }
}
