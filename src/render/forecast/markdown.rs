//! `milepost forecast --format markdown`: the forecast for a page, with the
//! project's finish as Mermaid `xychart-beta` charts (an S-curve of the
//! share of runs finished by each date, and a histogram).

use std::fmt::Write as _;

use crate::forecast::{Bin, Forecast};
use crate::render::markdown::inline;
use crate::render::vocab::{chance, money, percent, signed_days};

use super::{TOP, bar, milestones_in_order, most_critical, shape_text};

/// The charts' colour (the default theme's first is near white).
const PALETTE: &str = "---\nconfig:\n  themeVariables:\n    xyChart:\n      plotColorPalette: \"#1f77b4\"\n---\n";

/// Most points on a chart: more labels than this do not fit a page width.
pub const MAX_POINTS: usize = 10;

pub fn markdown(f: &Forecast, project: &str, currency: Option<&str>) -> String {
    let mut out = format!("# {}: how sure is the forecast?\n\n", inline(project));
    let _ = writeln!(
        out,
        "Monte Carlo forecast of {} (seed {}, {} three-point estimates, single-point estimates from {} to {} of their value{}), as of {}.\n",
        super::runs(f.options.runs),
        f.options.seed,
        shape_text(f.options.shape),
        percent(crate::forecast::SINGLE_POINT.0),
        percent(crate::forecast::SINGLE_POINT.1),
        if f.leveled { "; each run leveled" } else { "" },
        f.as_of,
    );
    let p = &f.project;
    out.push_str("| | deterministic | P50 | P80 | P95 |\n| --- | --- | --- | --- | --- |\n");
    let _ = writeln!(
        out,
        "| project finish | {} | {} | {} | {} |",
        f.deterministic.finish, p.p50.date, p.p80.date, p.p95.date
    );
    if let Some(c) = f.cost {
        let _ = writeln!(
            out,
            "| cost | {} | {} | {} | {} |",
            money(c.deterministic, currency),
            money(c.p50, currency),
            money(c.p80, currency),
            money(c.p95, currency)
        );
    }
    out.push('\n');
    charts(&f.distribution, &mut out);
    milestones(f, &mut out);
    criticality(f, &mut out);
    tornado(f, &mut out);
    out.push_str(
        "P50, P80, P95: the finish that half, 80% and 95% of runs make. Method, defaults and assumptions: `milepost help monte-carlo`.\n",
    );
    out
}

fn milestones(f: &Forecast, out: &mut String) {
    if f.milestones.is_empty() {
        return;
    }
    out.push_str("## Milestones\n\n| milestone | deterministic | P50 | P80 | P95 | deadline | chance of the deadline |\n| --- | --- | --- | --- | --- | --- | --- |\n");
    for m in milestones_in_order(f) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            inline(&m.title),
            m.deterministic,
            m.spread.p50.date,
            m.spread.p80.date,
            m.spread.p95.date,
            m.deadline.map_or("-".into(), |d| d.to_string()),
            m.deadline_probability.map_or("-".into(), chance),
        );
    }
    out.push('\n');
}

fn criticality(f: &Forecast, out: &mut String) {
    let (critical, more) = most_critical(f);
    if critical.is_empty() {
        return;
    }
    out.push_str("## Most often critical\n\nThe share of runs in which each feature is on the driving chain to the project's end.\n\n| feature | criticality | critical in the deterministic schedule |\n| --- | --- | --- |\n");
    for x in critical {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            inline(&x.title),
            percent(x.criticality),
            if x.critical { "yes" } else { "no" }
        );
    }
    if more > 0 {
        let _ = writeln!(out, "\n{more} more features are critical in some runs.");
    }
    out.push('\n');
}

fn tornado(f: &Forecast, out: &mut String) {
    let shown: Vec<_> = f.sensitivity.iter().filter(|s| s.swing_days != 0).take(TOP).collect();
    if shown.is_empty() {
        return;
    }
    let max = shown.iter().map(|s| s.swing_days.abs()).max().unwrap_or(0);
    out.push_str("## What moves the P80 most\n\nThe project's P80 over the runs where a feature's estimate is in its low third against its high third, or a risk does not against does happen.\n\n| | kind | P80 if low | P80 if high | swing | |\n| --- | --- | --- | --- | --- | --- |\n");
    for s in shown {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | `{}` |",
            inline(&s.title),
            s.kind.as_str(),
            s.low.date,
            s.high.date,
            signed_days(s.swing_days),
            bar(s.swing_days.abs(), max, 20),
        );
    }
    out.push('\n');
}

/// The S-curve and the histogram of the project's finish; a sentence
/// instead when every run finishes the same day.
fn charts(bins: &[Bin], out: &mut String) {
    let (Some(first), Some(last)) = (bins.first(), bins.last()) else {
        return;
    };
    if bins.len() < 2 {
        let _ = writeln!(out, "Every run finishes on {}.\n", first.finish.date);
        return;
    }
    let groups = group(bins);
    let labels: Vec<String> = groups.iter().map(|g| format!("\"{}\"", g.0)).collect();
    out.push_str("## When the project finishes\n\n");
    let _ = writeln!(
        out,
        "Share of runs finished by each date, from {} to {}:\n",
        first.finish.date, last.finish.date
    );
    out.push_str("```mermaid\n");
    out.push_str(PALETTE);
    out.push_str("xychart-beta\n    title \"Runs finished by the date (%)\"\n");
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    out.push_str("    y-axis \"runs finished (%)\" 0 --> 100\n");
    let curve: Vec<String> = groups.iter().map(|g| number(g.2 * 100.0)).collect();
    let _ = writeln!(out, "    line [{}]\n```\n", curve.join(", "));
    let top = groups.iter().map(|g| g.1).fold(0.0, f64::max);
    out.push_str("Share of runs finishing on each date shown (or in the days since the one before it):\n\n");
    out.push_str("```mermaid\n");
    out.push_str(PALETTE);
    out.push_str("xychart-beta\n    title \"Runs finishing (%)\"\n");
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(
        out,
        "    y-axis \"runs (%)\" 0 --> {}",
        number((top * 100.0).ceil().max(1.0))
    );
    let share: Vec<String> = groups.iter().map(|g| number(g.1 * 100.0)).collect();
    let _ = writeln!(out, "    bar [{}]\n```\n", share.join(", "));
}

/// At most [`MAX_POINTS`] groups of consecutive days: each group's last
/// date, the share of runs finishing in it, and the share finished by that
/// date.
fn group(bins: &[Bin]) -> Vec<(String, f64, f64)> {
    let total: usize = bins.iter().map(|b| b.runs).sum();
    let width = bins.len().div_ceil(MAX_POINTS);
    bins.chunks(width)
        .map(|c| {
            let runs: usize = c.iter().map(|b| b.runs).sum();
            let last = c.last().map_or(0.0, |b| b.cumulative);
            let date = c.last().map_or(c[0].finish.date, |b| b.finish.date);
            (date.to_string(), runs as f64 / total.max(1) as f64, last)
        })
        .collect()
}

/// A number as Mermaid reads it: no exponent, at most one decimal.
fn number(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}
