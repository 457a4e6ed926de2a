//! Mermaid `xychart-beta` line charts of a history: each milestone's slip
//! (with `--forecast`, its Monte Carlo P50 and P95 beside it) and the scope
//! burn-up.
//!
//! The x axis is categorical (one label per point), so a long history is
//! reduced to at most [`MAX_POINTS`] points: one per day (the day's last
//! commit), then evenly spaced samples that always keep the first and the
//! last. Mermaid's xychart has no legend, so each chart's title says what
//! its lines are.

use std::fmt::Write;

use crate::history::{Chart, Charts, History};

/// Most points on one chart: more labels than this do not fit a page width.
pub const MAX_POINTS: usize = 24;

pub fn charts(h: &History) -> Charts {
    let mut sampled = false;
    let slip = h
        .milestones
        .iter()
        .filter_map(|m| {
            // With `--forecast`, the Monte Carlo's P50 and P95 beside the
            // forecast: the band it is likely to land in.
            let band = m.points.iter().all(|p| p.confidence.is_some());
            let points: Vec<(String, Vec<f64>)> = m
                .points
                .iter()
                .map(|p| {
                    let mut values = vec![p.slip_days as f64];
                    if let (true, Some(c)) = (band, &p.confidence) {
                        values.extend([c.p50_slip_days as f64, c.p95_slip_days as f64]);
                    }
                    (p.date.clone(), values)
                })
                .collect();
            let (points, cut) = reduce(points);
            // One day has no line to draw: the table says it all.
            if points.len() < 2 {
                return None;
            }
            sampled |= cut;
            let name = if m.title.is_empty() { &m.id } else { &m.title };
            let title = match band {
                true => format!("{}: slip (red), P50 (blue), P95 (green)", shorten(name, 36)),
                false => format!("{}: slip", shorten(name, 36)),
            };
            Some(Chart {
                id: m.id.clone(),
                mermaid: line_chart(&title, "working days later than the first forecast", &points, PALETTE),
            })
        })
        .collect();
    let scope = {
        let points: Vec<(String, Vec<f64>)> = h
            .scope
            .iter()
            .map(|s| (s.date.clone(), vec![s.estimate_days, s.done_days]))
            .collect();
        let (points, cut) = reduce(points);
        sampled |= cut && points.len() > 1;
        (points.len() > 1).then(|| {
            line_chart(
                "Scope (blue) and work done (green)",
                "working days",
                &points,
                "#1f77b4, #2ca02c",
            )
        })
    };
    Charts {
        slip,
        scope,
        sampled: sampled.then(|| {
            format!(
                "charts show at most {MAX_POINTS} points, evenly spaced over the history; the tables have every change"
            )
        }),
    }
}

/// One point per date (the last), then at most [`MAX_POINTS`] evenly spaced.
/// Returns whether points were dropped by sampling.
fn reduce(points: Vec<(String, Vec<f64>)>) -> (Vec<(String, Vec<f64>)>, bool) {
    let mut daily: Vec<(String, Vec<f64>)> = Vec::with_capacity(points.len());
    for p in points {
        match daily.last_mut() {
            Some(last) if last.0 == p.0 => *last = p,
            _ => daily.push(p),
        }
    }
    let n = daily.len();
    if n <= MAX_POINTS {
        return (daily, false);
    }
    let picked = (0..MAX_POINTS)
        .map(|k| daily[k * (n - 1) / (MAX_POINTS - 1)].clone())
        .collect();
    (picked, true)
}

/// Text safe inside a Mermaid double-quoted string: characters Mermaid
/// reads as syntax or HTML written as its entity codes (`#35;` for `#`), no
/// line breaks.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            ';' => out.push_str("#59;"),
            '&' => out.push_str("#38;"),
            '<' => out.push_str("#60;"),
            '>' => out.push_str("#62;"),
            '%' => out.push_str("#37;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// At most `max` characters, with an ellipsis when cut: long titles run off
/// the chart.
fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// Line colours, one per series: Mermaid's default theme draws the first
/// line in a colour barely visible on white.
const PALETTE: &str = "#d62728, #1f77b4, #2ca02c";

/// A line chart, one line per value column.
fn line_chart(title: &str, y_label: &str, points: &[(String, Vec<f64>)], palette: &str) -> String {
    let columns = points.first().map_or(0, |p| p.1.len());
    let (mut lo, mut hi) = (0.0f64, 0.0f64);
    for (_, values) in points {
        for v in values {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
    }
    if hi - lo < 1.0 {
        hi = lo + 1.0;
    }
    let mut out = format!(
        "---\nconfig:\n  themeVariables:\n    xyChart:\n      plotColorPalette: \"{palette}\"\n---\nxychart-beta\n"
    );
    let _ = writeln!(out, "    title \"{}\"", quoted(title));
    let labels: Vec<String> = points.iter().map(|(d, _)| format!("\"{d}\"")).collect();
    let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
    let _ = writeln!(
        out,
        "    y-axis \"{y_label}\" {} --> {}",
        number(lo.floor()),
        number(hi.ceil())
    );
    for c in 0..columns {
        let values: Vec<String> = points.iter().map(|(_, v)| number(v[c])).collect();
        let _ = writeln!(out, "    line [{}]", values.join(", "));
    }
    out
}

/// A number as Mermaid reads it: no exponent, at most two decimals.
fn number(x: f64) -> String {
    let rounded = crate::history::round2(x);
    if rounded == rounded.trunc() {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(d: &str, v: f64) -> (String, Vec<f64>) {
        (d.to_string(), vec![v])
    }

    #[test]
    fn one_point_per_day_then_evenly_spaced_samples() {
        let (daily, cut) = reduce(vec![p("2026-03-02", 1.0), p("2026-03-02", 2.0), p("2026-03-03", 3.0)]);
        assert_eq!(daily, vec![p("2026-03-02", 2.0), p("2026-03-03", 3.0)]);
        assert!(!cut);
        let many: Vec<_> = (0..100).map(|i| p(&format!("d{i:03}"), f64::from(i))).collect();
        let (sampled, cut) = reduce(many);
        assert!(cut);
        assert_eq!(sampled.len(), MAX_POINTS);
        assert_eq!((sampled[0].1[0], sampled[MAX_POINTS - 1].1[0]), (0.0, 99.0));
        // Evenly spaced: index k * 99 / 23.
        assert_eq!(sampled[1].1[0], 4.0);
    }

    #[test]
    fn titles_cannot_close_the_string() {
        let chart = line_chart("a \"quoted\"\n#1; <b> & 50%", "days", &[p("2026-03-02", -2.5)], PALETTE);
        assert!(
            chart.contains("title \"a #quot;quoted#quot; #35;1#59; #60;b#62; #38; 50#37;\""),
            "{chart}"
        );
        assert!(chart.contains("y-axis \"days\" -3 --> 0"), "{chart}");
        assert!(chart.contains("line [-2.5]"), "{chart}");
    }
}
