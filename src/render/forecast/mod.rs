//! `milepost forecast` output: a table for people, JSON ([`json`](fn@json)),
//! Markdown with Mermaid charts ([`markdown`](fn@markdown)) and CSV of every run.

pub mod json;
pub mod markdown;

use std::fmt::Write as _;

use crate::forecast::{FeatureForecast, Forecast, MilestoneForecast, Shape};
use crate::render::schedule::csv_field;
use crate::render::vocab::{self, chance, money, percent, signed_days};

pub use json::json;
pub use markdown::markdown;

/// Most rows of the criticality and sensitivity tables in the terminal
/// and in Markdown (JSON has them all).
pub const TOP: usize = 10;

/// How a distribution is named for people.
pub fn shape_text(s: Shape) -> &'static str {
    match s {
        Shape::Pert => "PERT-Beta",
        Shape::Triangular => "triangular",
    }
}

/// How many runs, in words: `1 run`, `10,000 runs`.
pub(super) fn runs(n: usize) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} run{s}", vocab::number(n as f64))
}

/// The first line: what was run.
fn headline(f: &Forecast, project: &str) -> String {
    format!(
        "{project}: Monte Carlo forecast of {} (seed {}, {} three-point estimates{}), as of {}",
        runs(f.options.runs),
        f.options.seed,
        shape_text(f.options.shape),
        if f.leveled { ", leveled" } else { "" },
        f.as_of,
    )
}

/// Milestones in forecast order (by P80, then deadline, then id).
pub(crate) fn milestones_in_order(f: &Forecast) -> Vec<&MilestoneForecast> {
    let mut v: Vec<&MilestoneForecast> = f.milestones.iter().collect();
    v.sort_by(|a, b| {
        vocab::forecast_order(
            (Some(a.spread.p80.date), a.deadline, &a.id),
            (Some(b.spread.p80.date), b.deadline, &b.id),
        )
    });
    v
}

/// The features most often critical (more than no runs), most first, at
/// most [`TOP`]; and how many were left out.
pub(crate) fn most_critical(f: &Forecast) -> (Vec<&FeatureForecast>, usize) {
    let mut v: Vec<&FeatureForecast> = f.features.iter().filter(|x| x.criticality > 0.0).collect();
    v.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
    let more = v.len().saturating_sub(TOP);
    v.truncate(TOP);
    (v, more)
}

/// A bar of `#` as long as `x` is of `max`, at most `width`.
pub(crate) fn bar(x: i64, max: i64, width: usize) -> String {
    if max <= 0 || x <= 0 {
        return String::new();
    }
    let n = ((x as f64 / max as f64) * width as f64).round().max(1.0) as usize;
    "#".repeat(n.min(width))
}

/// The human table.
pub fn table(f: &Forecast, project: &str, currency: Option<&str>) -> String {
    let mut out = headline(f, project);
    out.push('\n');
    let p = &f.project;
    let _ = writeln!(
        out,
        "project finish: P50 {}, P80 {}, P95 {} (deterministic {}; runs from {} to {})",
        p.p50.date, p.p80.date, p.p95.date, f.deterministic.finish, p.earliest.date, p.latest.date
    );
    if let Some(c) = f.cost {
        let _ = writeln!(
            out,
            "cost: P50 {}, P80 {}, P95 {} (deterministic {}, without risks)",
            money(c.p50, currency),
            money(c.p80, currency),
            money(c.p95, currency),
            money(c.deterministic, currency)
        );
    }
    out.push('\n');
    let mut rows = vec![strings(&[
        "milestone",
        "deterministic",
        "P50",
        "P80",
        "P95",
        "deadline",
        "P(deadline)",
    ])];
    for m in milestones_in_order(f) {
        rows.push(vec![
            m.id.to_string(),
            m.deterministic.to_string(),
            m.spread.p50.date.to_string(),
            m.spread.p80.date.to_string(),
            m.spread.p95.date.to_string(),
            vocab::date(m.deadline),
            m.deadline_probability.map_or("-".into(), chance),
        ]);
    }
    if rows.len() > 1 {
        out.push_str(&crate::render::diagnostics::human::columns(&rows, ""));
        out.push('\n');
    }
    let (critical, more) = most_critical(f);
    if !critical.is_empty() {
        let mut rows = vec![strings(&["feature", "criticality", "critical now"])];
        for x in critical {
            rows.push(vec![
                x.id.to_string(),
                percent(x.criticality),
                if x.critical { "yes" } else { "no" }.into(),
            ]);
        }
        out.push_str(&crate::render::diagnostics::human::columns(&rows, ""));
        if more > 0 {
            let _ = writeln!(
                out,
                "({more} more features are critical in some runs: `--format json` lists all)"
            );
        }
        out.push('\n');
    }
    tornado(f, &mut out);
    out.push_str(
        "P50/P80/P95: the finish that half, 80% and 95% of runs make; criticality: the share of runs a feature is on the driving chain to the end (`milepost help monte-carlo`)\n",
    );
    out
}

/// The sensitivity ranking as a tornado table.
fn tornado(f: &Forecast, out: &mut String) {
    let shown: Vec<_> = f.sensitivity.iter().filter(|s| s.swing_days != 0).take(TOP).collect();
    if shown.is_empty() {
        return;
    }
    let max = shown.iter().map(|s| s.swing_days.abs()).max().unwrap_or(0);
    let mut rows = vec![strings(&[
        "moves the P80",
        "kind",
        "P80 if low",
        "P80 if high",
        "swing",
        "",
    ])];
    for s in shown {
        rows.push(vec![
            s.id.to_string(),
            s.kind.as_str().into(),
            s.low.date.to_string(),
            s.high.date.to_string(),
            signed_days(s.swing_days),
            bar(s.swing_days.abs(), max, 20),
        ]);
    }
    out.push_str(&crate::render::diagnostics::human::columns(&rows, ""));
    out.push_str("low/high: the runs where the feature's estimate is in its low or high third, or the risk does not or does happen\n\n");
}

fn strings(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| n.to_string()).collect()
}

/// One row per run: its number (from 0), the project's finish, each
/// milestone's (in plan order) and the cost.
pub fn csv(f: &Forecast) -> String {
    let m = f.milestones.len();
    let mut out = String::from("run,finish");
    for ms in &f.milestones {
        out.push(',');
        out.push_str(&csv_field(&ms.id));
    }
    out.push_str(",cost\n");
    let date = |day: i64| f.date(day).map_or(String::new(), |d| d.to_string());
    for (r, &end) in f.runs.ends.iter().enumerate() {
        let _ = write!(out, "{r},{}", date(end));
        for j in 0..m {
            let _ = write!(out, ",{}", date(f.runs.milestones[r * m + j]));
        }
        match f.cost {
            Some(_) => {
                let _ = writeln!(out, ",{:.2}", f.runs.costs[r]);
            }
            None => out.push_str(",\n"),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// One run is one run.
    #[test]
    fn runs_are_counted_in_words() {
        assert_eq!(super::runs(1), "1 run");
        assert_eq!(super::runs(0), "0 runs");
        assert_eq!(
            super::runs(2000),
            format!("{} runs", crate::render::vocab::number(2000.0))
        );
    }
}
