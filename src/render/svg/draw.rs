//! Drawing the chart: the frame (title, axis, calendar shading, grid,
//! group headings) here; the rows' marks in [`super::marks`], the legend in
//! [`super::legend`].

use std::fmt::Write as _;

use super::layout::{self, Scale, ellipsis, text_width};
pub(super) use super::xml::Escaped;
use super::xml::{attr, escape, num, user};
use super::{GanttInput, GanttOptions, Group, Row, legend, marks};
use crate::model::Date;

/// The chart's margin.
pub(super) const PAD: f64 = 16.0;
/// The label column's width, margin excluded.
pub(super) const LABEL_W: f64 = 300.0;
pub(super) const FONT: f64 = 12.0;
const TITLE_H: f64 = 46.0;
const TIER_H: f64 = 20.0;
pub(super) const ROW_H: f64 = 22.0;
pub(super) const GROUP_H: f64 = 26.0;
/// Below this many pixels a day, weekends are not shaded (they would be a
/// texture of stripes, not days); holidays always are.
const SHADE_DAYS_PX: f64 = 2.0;

const FONTS: &str =
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif";

/// Where everything goes.
pub(super) struct Frame {
    pub scale: Scale,
    pub width: f64,
    pub axis_top: f64,
    pub body_top: f64,
    pub body_bottom: f64,
    /// The top of each row.
    pub ys: Vec<f64>,
    /// The id prefix.
    pub p: String,
    /// The status date.
    pub as_of: Date,
}

impl Frame {
    pub fn row_h(row: &Row<'_>) -> f64 {
        match row {
            Row::Group(_) => GROUP_H,
            _ => ROW_H,
        }
    }

    /// The middle of row `i`.
    pub fn cy(&self, i: usize, row: &Row<'_>) -> f64 {
        self.ys[i] + Frame::row_h(row) / 2.0
    }

    pub fn right(&self) -> f64 {
        self.scale.x0 + self.scale.width()
    }
}

/// The days the chart must show: every item's, the status date, every
/// deadline and forecast band.
fn span(input: &GanttInput<'_>) -> (Date, Date) {
    let s = input.schedule;
    let (mut first, mut last) = (s.start.min(s.as_of), s.finish.max(s.as_of));
    for e in &s.entries {
        first = first.min(e.start);
        last = last.max(e.finish).max(e.deadline.unwrap_or(e.finish));
    }
    for b in &input.bands {
        first = first.min(b.p50);
        last = last.max(b.p95);
    }
    (first, last)
}

pub(super) fn chart(input: &GanttInput<'_>, rows: &[Row<'_>], options: &GanttOptions) -> String {
    let (first, last) = span(input);
    let scale = Scale::new(first.0, last.0, PAD + LABEL_W);
    let axis_top = PAD + TITLE_H;
    let body_top = axis_top + 2.0 * TIER_H + 6.0;
    let mut ys = Vec::with_capacity(rows.len());
    let mut y = body_top;
    for r in rows {
        ys.push(y);
        y += Frame::row_h(r);
    }
    let width = (scale.x0 + scale.width() + PAD).ceil();
    let f = Frame {
        scale,
        width,
        axis_top,
        body_top,
        body_bottom: y,
        ys,
        p: options.id_prefix.clone(),
        as_of: input.schedule.as_of,
    };
    let shade_days = scale.day_px >= SHADE_DAYS_PX;
    let key = legend::Legend::of(input, rows, &f, shade_days);
    let height = (f.body_bottom + 14.0 + key.height() + PAD).ceil();

    let mut out = String::with_capacity(4096 + rows.len() * 700 + input.links.len() * 120);
    open(&mut out, input, rows, &f, height);
    shading(&mut out, input, &f, shade_days);
    grid_and_axis(&mut out, &f);
    headings(&mut out, input, rows, &f);
    marks::rows(&mut out, input, rows, &f);
    key.draw(&mut out, f.body_bottom + 14.0);
    out.push_str("</svg>\n");
    out
}

/// The `<svg>` element's start: size, accessibility, styles, patterns,
/// markers, the white background, the title.
fn open(out: &mut String, input: &GanttInput<'_>, rows: &[Row<'_>], f: &Frame, height: f64) {
    let (w, h, p) = (num(f.width), num(height), &f.p);
    let s = input.schedule;
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
         role=\"img\" aria-labelledby=\"{p}title {p}desc\" class=\"mpg\" font-size=\"{}\"",
        num(FONT)
    );
    attr(out, "font-family", FONTS);
    out.push_str(">\n");
    let name = if input.project.trim().is_empty() {
        "Plan"
    } else {
        &input.project
    };
    let _ = write!(out, "<title id=\"{p}title\">");
    user(out, name);
    let _ = writeln!(out, ": Gantt chart as of {}</title>", s.as_of);
    let features = rows.iter().filter(|r| matches!(r, Row::Feature(_))).count();
    let milestones = s
        .entries
        .iter()
        .filter(|e| e.kind == crate::plan::ItemKind::Milestone)
        .count();
    let critical = s.entries.iter().filter(|e| e.critical).count();
    let _ = writeln!(
        out,
        "<desc id=\"{p}desc\">{} and {} scheduled from {} to {}, one row each, grouped by {}; {} on the \
         critical chain, drawn hatched.</desc>",
        count(features, "feature"),
        count(milestones, "milestone"),
        s.start,
        s.finish,
        if rows.iter().any(|r| matches!(r, Row::Group(Group::Person(_)))) {
            "person"
        } else {
            "milestone"
        },
        count(critical, "item"),
    );
    styles(out, p);
    let _ = writeln!(out, "<rect width=\"{w}\" height=\"{h}\" fill=\"#fff\"/>");
    let title = ellipsis(&super::xml::line(name), 16.0, true, f.width - 2.0 * PAD).into_owned();
    text(out, "t", PAD, PAD + 16.0, "title", &title);
    let leveled = if s.leveled() {
        ", leveled: people do their work one thing at a time"
    } else {
        ""
    };
    let sub = format!("As of {}: {} to {}{leveled}", s.as_of, s.start, s.finish);
    let sub = ellipsis(&sub, FONT, false, f.width - 2.0 * PAD);
    text(out, "st", PAD, PAD + 36.0, "subtitle", &sub);
}

/// The chart's styles, every rule under its root's class, and its
/// patterns and markers, their ids prefixed with `p`.
fn styles(out: &mut String, p: &str) {
    let _ = writeln!(
        out,
        "<style>.mpg text{{fill:#1f2937}}.mpg .t{{font-size:16px;font-weight:700}}.mpg .st,.mpg .ax,.mpg .dt{{fill:#4b5563}}\
.mpg .ax{{font-size:11px}}.mpg .gl{{font-weight:700}}.mpg .gb{{fill:#eef2f7}}.mpg .we{{fill:#eceff3}}\
.mpg .ho{{fill:#fcd34d;fill-opacity:.45}}.mpg .hm{{fill:#d97706}}.mpg .to{{fill:url(#{p}off)}}\
.mpg .gm{{stroke:#e5e7eb}}.mpg .gM{{stroke:#c3cad5}}.mpg .sep{{stroke:#c3cad5}}\
.mpg .b{{fill:#3b82f6}}.mpg .b.proposed{{fill:#bfdbfe;stroke:#3b82f6;stroke-dasharray:3 2}}\
.mpg .b.blocked{{fill:#f59e0b}}.mpg .b.done{{fill:#a3aab5}}.mpg .b.crit{{fill:#dc2626}}\
.mpg .pg{{fill:#1e3a8a}}.mpg .pg.crit{{fill:#7f1d1d}}.mpg .hatch{{fill:url(#{p}hatch)}}\
.mpg .ln{{fill:none;stroke:#94a3b8;marker-end:url(#{p}arrow)}}\
.mpg .ln.crit{{stroke:#dc2626;stroke-width:1.4;marker-end:url(#{p}arrowc)}}\
.mpg .ms{{fill:#111827}}.mpg .ms.late{{fill:#dc2626}}.mpg .dl{{stroke:#dc2626;stroke-width:2}}.mpg .dlf{{fill:#dc2626}}\
.mpg .band{{fill:#8b5cf6;fill-opacity:.28;stroke:#7c3aed;stroke-width:.8}}.mpg .p80{{stroke:#6d28d9;stroke-width:1.5}}\
.mpg .now{{stroke:#16a34a;stroke-width:1.5}}</style>"
    );
    let _ = writeln!(
        out,
        "<defs><pattern id=\"{p}hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" \
         patternTransform=\"rotate(45)\"><rect width=\"2.5\" height=\"6\" fill=\"#fff\" fill-opacity=\".6\"/></pattern>\
<pattern id=\"{p}off\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(-45)\">\
<rect width=\"2\" height=\"6\" fill=\"#64748b\" fill-opacity=\".3\"/></pattern>\
<marker id=\"{p}arrow\" viewBox=\"0 0 6 6\" refX=\"5.5\" refY=\"3\" markerWidth=\"6\" markerHeight=\"6\" \
orient=\"auto\"><path d=\"M0,0L6,3L0,6z\" fill=\"#94a3b8\"/></marker>\
<marker id=\"{p}arrowc\" viewBox=\"0 0 6 6\" refX=\"5.5\" refY=\"3\" markerWidth=\"5\" markerHeight=\"5\" \
orient=\"auto\"><path d=\"M0,0L6,3L0,6z\" fill=\"#dc2626\"/></marker></defs>"
    );
}

/// Non-working days (weekends, when days are wide enough) and holidays,
/// shaded down the rows; holidays also marked under the axis, with their
/// names in a tooltip. Runs of days alike are one rectangle.
fn shading(out: &mut String, input: &GanttInput<'_>, f: &Frame, shade_days: bool) {
    let cal = &input.schedule.calendar;
    let holiday = |d: jiff::civil::Date| {
        input
            .holidays
            .iter()
            .find(|h| h.from.0 <= d && d <= h.to.0)
            .map(|h| h.name.as_deref())
    };
    // (first day, last day, Some(the holiday's name, if it has one)) of
    // each run; `None` for days not worked that are no holiday.
    let mut runs: Vec<(jiff::civil::Date, jiff::civil::Date, Option<Option<&str>>)> = Vec::new();
    let mut d = f.scale.from;
    while d < f.scale.to {
        if !cal.is_working(d) {
            let h = holiday(d);
            match runs.last_mut() {
                Some(run) if run.2 == h && run.1.tomorrow().ok() == Some(d) => run.1 = d,
                _ => runs.push((d, d, h)),
            }
        }
        let Ok(next) = d.tomorrow() else { break };
        d = next;
    }
    let (top, height) = (f.body_top, f.body_bottom - f.body_top);
    out.push_str("<g>\n");
    for (from, to, name) in runs {
        let x = f.scale.x(from);
        let w = (f.scale.end_x(to) - x).max(1.0);
        match name {
            None if shade_days => {
                let _ = writeln!(
                    out,
                    "<rect class=\"we\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    num(x),
                    num(top),
                    num(w),
                    num(height)
                );
            }
            None => {}
            Some(name) => {
                let range = crate::render::vocab::date_range(Date(from), Date(to));
                let _ = write!(out, "<g data-kind=\"holiday\" data-date=\"{}\"><title>", Date(from));
                match name {
                    Some(name) => {
                        user(out, name);
                        out.push_str(" (holiday)");
                    }
                    None => out.push_str("Holiday"),
                }
                let _ = writeln!(
                    out,
                    ", {range}</title><rect class=\"ho\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"{}\"/>\
                     <rect class=\"hm\" x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"4\"/></g>",
                    num(top),
                    num(height),
                    num(top - 5.0),
                    x = num(x),
                    w = num(w),
                );
            }
        }
    }
    out.push_str("</g>\n");
}

/// The two tiers of the axis, and the grid lines of their ticks down the
/// rows.
fn grid_and_axis(out: &mut String, f: &Frame) {
    let axis = layout::axis(&f.scale);
    let bottom = f.body_bottom;
    out.push_str("<g>\n");
    for (ticks, class, top, label_y) in [
        (&axis.minor, "gm", f.axis_top + TIER_H, f.axis_top + 2.0 * TIER_H - 6.0),
        (&axis.major, "gM", f.axis_top, f.axis_top + TIER_H - 6.0),
    ] {
        for t in ticks.iter() {
            if t.line {
                let _ = writeln!(
                    out,
                    "<line class=\"{class}\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
                    num(top),
                    num(bottom),
                    x = num(t.x.round() + 0.5)
                );
            }
            if let Some((x, label)) = &t.label {
                text(out, "ax", *x, label_y, "tick", label);
            }
        }
    }
    // The axis's baseline and the label column's edge.
    let _ = writeln!(
        out,
        "<line class=\"sep\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>\
         <line class=\"sep\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/></g>",
        num(PAD),
        num(f.right()),
        num(f.axis_top),
        num(bottom),
        y = num(f.body_top - 0.5),
        x = num(f.scale.x0 - 0.5),
    );
}

/// The group headings' bands across the chart and, by person, each
/// person's time off hatched over their rows.
fn headings(out: &mut String, input: &GanttInput<'_>, rows: &[Row<'_>], f: &Frame) {
    out.push_str("<g>\n");
    for (i, row) in rows.iter().enumerate() {
        let Row::Group(group) = row else { continue };
        let _ = writeln!(
            out,
            "<rect class=\"gb\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(PAD),
            num(f.ys[i]),
            num(f.right() - PAD),
            num(GROUP_H)
        );
        let Group::Person(p) = group else { continue };
        let Some(person) = input.people.get(*p) else { continue };
        // The person's rows: up to the next heading.
        let end = rows[i + 1..]
            .iter()
            .position(|r| matches!(r, Row::Group(_)))
            .map_or(f.body_bottom, |k| f.ys[i + 1 + k]);
        let top = f.ys[i] + GROUP_H;
        for off in &person.time_off {
            let (from, to) = (
                off.from.0.max(f.scale.from),
                off.to.0.min(layout::add_days(f.scale.to, -1)),
            );
            if from > to {
                continue;
            }
            let x = f.scale.x(from);
            let _ = write!(
                out,
                "<g data-kind=\"time-off\" data-person=\"{}\"><title>",
                Escaped(&person.id)
            );
            user(out, &person.name);
            out.push_str(" away");
            if let Some(name) = &off.name {
                out.push_str(": ");
                user(out, name);
            }
            let _ = writeln!(
                out,
                ", {}</title><rect class=\"to\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></g>",
                crate::render::vocab::date_range(off.from, off.to),
                num(x),
                num(top),
                num((f.scale.end_x(to) - x).max(1.0)),
                num(end - top)
            );
        }
    }
    out.push_str("</g>\n");
}

/// A line of text at (`x`, `y`) (its baseline), of `class` (none when
/// empty), labelled `data-label="KIND"`: `shown` (text already shown:
/// [`super::xml::line`]) escaped.
pub(super) fn text(out: &mut String, class: &str, x: f64, y: f64, kind: &str, shown: &str) {
    out.push_str("<text");
    if !class.is_empty() {
        let _ = write!(out, " class=\"{class}\"");
    }
    let _ = write!(out, " x=\"{}\" y=\"{}\" data-label=\"{kind}\">", num(x), num(y));
    escape(out, shown);
    out.push_str("</text>\n");
}

/// `n` things: `1 feature`, `2 features`.
fn count(n: usize, thing: &str) -> String {
    format!("{n} {thing}{}", if n == 1 { "" } else { "s" })
}

/// The width of text as the chart writes it (for the legend and columns).
pub(super) fn width(text: &str) -> f64 {
    text_width(text, FONT, false)
}
