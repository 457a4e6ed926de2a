//! Mermaid `xychart-beta` line charts of a history: each milestone's slip
//! and the scope burn-up.
//!
//! The x axis is categorical (one label per point), so a long history is
//! reduced to at most [`MAX_POINTS`] points: one per day (the day's last
//! commit), then evenly spaced samples that always keep the first and the
//! last. Mermaid's xychart has no legend, so each chart's title says what
//! its lines are.

use std::fmt::Write;

use super::{Chart, Charts, History};

/// Most points on one chart: more labels than this do not fit a page width.
pub const MAX_POINTS: usize = 24;

pub fn charts(h: &History) -> Charts {
    let mut sampled = false;
    let slip = h
        .milestones
        .iter()
        .filter(|m| !m.points.is_empty())
        .map(|m| {
            let points: Vec<(String, Vec<f64>)> = m
                .points
                .iter()
                .map(|p| (p.date.clone(), vec![p.slip_days as f64]))
                .collect();
            let (points, cut) = reduce(points);
            sampled |= cut;
            let name = if m.title.is_empty() { &m.id } else { &m.title };
            Chart {
                id: m.id.clone(),
                mermaid: line_chart(
                    &format!("{}: working days later than its first forecast", quoted(name)),
                    "working days",
                    &points,
                ),
            }
        })
        .collect();
    let scope = (!h.scope.is_empty()).then(|| {
        let points: Vec<(String, Vec<f64>)> = h
            .scope
            .iter()
            .map(|s| (s.date.clone(), vec![s.estimate_days, s.done_days]))
            .collect();
        let (points, cut) = reduce(points);
        sampled |= cut;
        line_chart(
            "Scope (upper line) and work done (lower line), in working days",
            "working days",
            &points,
        )
    });
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

/// Text safe inside a Mermaid double-quoted string: no quotes, no line breaks.
fn quoted(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '"' => '\'',
            '\n' | '\r' | '\t' => ' ',
            c => c,
        })
        .collect()
}

/// A line chart, one line per value column.
fn line_chart(title: &str, y_label: &str, points: &[(String, Vec<f64>)]) -> String {
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
    let mut out = String::from("xychart-beta\n");
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
    let rounded = (x * 100.0).round() / 100.0;
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
        let chart = line_chart("a \"quoted\"\ntitle", "days", &[p("2026-03-02", -2.5)]);
        assert!(chart.contains("title \"a 'quoted' title\""), "{chart}");
        assert!(chart.contains("y-axis \"days\" -3 --> 0"), "{chart}");
        assert!(chart.contains("line [-2.5]"), "{chart}");
    }
}
