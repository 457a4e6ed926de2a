//! The rows' marks: each row's label and tooltip, feature bars (status,
//! progress, the critical chain), milestone diamonds, deadlines, forecast
//! bands; the dependency arrows under them and the status date's line over
//! them.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::draw::{Escaped, FONT, Frame, LABEL_W, PAD, width};
use super::layout::ellipsis;
use super::xml::{escape, line, num};
use super::{Band, GanttInput, Group, Row};
use crate::model::{Date, DependencyType, Status};
use crate::render::vocab;
use crate::schedule::Entry;

/// A bar's height.
const BAR_H: f64 = 12.0;
/// Half a milestone diamond's width.
const DIAMOND: f64 = 7.0;
/// Where labels start: a group's, and a row's within a group.
const GROUP_X: f64 = PAD + 8.0;
const ROW_X: f64 = PAD + 22.0;
/// The right edge of the label column's text.
const LABEL_END: f64 = PAD + LABEL_W - 8.0;

/// Where links attach to an item: its row's middle, the x of its start
/// and of its end, and whether it is critical.
#[derive(Clone, Copy)]
struct Anchor {
    y: f64,
    start: f64,
    end: f64,
    critical: bool,
}

pub(super) fn rows(out: &mut String, input: &GanttInput<'_>, rows: &[Row<'_>], f: &Frame) {
    let mut anchors: HashMap<&str, Anchor, foldhash::fast::FixedState> = HashMap::default();
    for (i, row) in rows.iter().enumerate() {
        let y = f.cy(i, row);
        let entry = match row {
            Row::Feature(e) | Row::Milestone(e) | Row::Group(Group::Milestone(e)) => e,
            Row::Group(_) => continue,
        };
        let (start, end) = match row {
            Row::Feature(e) => (f.scale.x(e.start.0), f.scale.end_x(e.finish.0)),
            _ => (f.scale.end_x(entry.finish.0), f.scale.end_x(entry.finish.0)),
        };
        anchors.insert(
            &entry.id,
            Anchor {
                y,
                start,
                end,
                critical: entry.critical,
            },
        );
    }
    links(out, input, &anchors);
    let bands: HashMap<&str, &Band, foldhash::fast::FixedState> =
        input.bands.iter().map(|b| (&*b.milestone, b)).collect();
    for (i, row) in rows.iter().enumerate() {
        let y = f.cy(i, row);
        match row {
            Row::Feature(e) => feature(out, e, y, f),
            Row::Milestone(e) => milestone(out, e, bands.get(&*e.id).copied(), input.runs, y, f, false),
            Row::Group(Group::Milestone(e)) => {
                milestone(out, e, bands.get(&*e.id).copied(), input.runs, y, f, true);
            }
            Row::Group(Group::Person(p)) => {
                let name = input.people.get(*p).map_or("", |p| p.name.as_str());
                label(out, name, GROUP_X, LABEL_END, y, "group");
            }
            Row::Group(Group::Named(name)) => label(out, name, GROUP_X, LABEL_END, y, "group"),
        }
    }
    let x = num(f.scale.x(input.schedule.as_of.0).round() + 0.5);
    let _ = writeln!(
        out,
        "<line class=\"now\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" data-kind=\"status-date\" \
         data-date=\"{d}\"><title>Status date {d}: work before it is done, or late</title></line>",
        num(f.axis_top),
        num(f.body_bottom),
        d = input.schedule.as_of,
    );
}

/// A label in the label column, from `x` and cut to end by `end`; bold for
/// a group's heading.
fn label(out: &mut String, text: &str, x: f64, end: f64, y: f64, kind: &str) {
    let bold = kind == "group";
    let shown = line(text);
    let shown = if shown.is_empty() { "untitled".into() } else { shown };
    let cut = ellipsis(&shown, FONT, bold, end - x);
    super::draw::text(out, if bold { "gl" } else { "" }, x, y + 4.0, kind, &cut);
}

/// A feature's row: its tooltip, label and bar.
fn feature(out: &mut String, e: &Entry, y: f64, f: &Frame) {
    let status = e.status.unwrap_or(Status::Planned);
    let x0 = f.scale.x(e.start.0);
    let w = (f.scale.end_x(e.finish.0) - x0).max(2.0);
    let top = y - BAR_H / 2.0;
    let crit = if e.critical { " crit" } else { "" };
    out.push_str("<g><title>");
    escape(out, &line(&e.title));
    let _ = write!(
        out,
        "\n{} · {status}{}\n{} to {} · {}\n{} of float{}</title>",
        Escaped(&e.id),
        e.owner
            .as_deref()
            .map_or(String::new(), |o| format!(" · owner {}", Escaped(o))),
        e.start,
        e.finish,
        vocab::working_days(e.duration),
        vocab::days(e.times.total_float),
        if e.critical { " · on the critical chain" } else { "" },
    );
    label(out, &e.title, ROW_X, LABEL_END, y, "feature");
    let _ = write!(
        out,
        "<rect class=\"b {status}{crit}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" data-kind=\"bar\" \
         data-id=\"{id}\" data-status=\"{status}\" data-critical=\"{}\" aria-label=\"",
        num(x0),
        num(top),
        num(w),
        num(BAR_H),
        e.critical,
        id = Escaped(&e.id),
    );
    escape(out, &line(&e.title));
    let _ = write!(out, ": {status}, {} to {}", e.start, e.finish);
    if e.critical {
        out.push_str(", critical");
    }
    out.push_str("\"/>");
    if status == Status::InProgress && e.start < f.as_of {
        let done = (f.scale.x(f.as_of.0).min(x0 + w) - x0).max(0.0);
        let _ = write!(
            out,
            "<rect class=\"pg{crit}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" data-kind=\"progress\" \
             data-for=\"{}\"/>",
            num(x0),
            num(top),
            num(done),
            num(BAR_H),
            Escaped(&e.id)
        );
    }
    if e.critical {
        let _ = write!(
            out,
            "<rect class=\"hatch\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"2\" data-kind=\"critical-mark\" \
             data-for=\"{}\"/>",
            num(x0),
            num(top),
            num(w),
            num(BAR_H),
            Escaped(&e.id)
        );
    }
    out.push_str("</g>\n");
}

/// A milestone: on its group's heading (`heading`, by milestone) or on a
/// row of its own; its diamond, deadline and forecast band, its label
/// and its date at the label column's right.
fn milestone(out: &mut String, e: &Entry, band: Option<&Band>, runs: usize, y: f64, f: &Frame, heading: bool) {
    let late = e.deadline_margin.is_some_and(|m| m < 0);
    out.push_str("<g><title>");
    escape(out, &line(&e.title));
    let _ = write!(out, "\nmilestone {} · forecast {}", Escaped(&e.id), e.finish);
    if let (Some(d), Some(m)) = (e.deadline, e.deadline_margin) {
        let _ = write!(out, "\ndeadline {d}: {}", vocab::margin(m));
    }
    if let Some(b) = band {
        let _ = write!(out, "\nP50 {} · P80 {} · P95 {} ({runs} runs)", b.p50, b.p80, b.p95);
    }
    out.push_str("</title>");
    let date = short_date(e.finish);
    let date_w = width(&date);
    let (x, kind) = if heading {
        (GROUP_X, "group")
    } else {
        (ROW_X, "milestone")
    };
    label(out, &e.title, x, LABEL_END - date_w - 10.0, y, kind);
    let _ = writeln!(
        out,
        "<text class=\"dt\" x=\"{}\" y=\"{}\" text-anchor=\"end\" data-label=\"date\">{date}</text>",
        num(LABEL_END),
        num(y + 4.0)
    );
    if let Some(b) = band {
        let (x1, x2) = (f.scale.end_x(b.p50.0), f.scale.end_x(b.p95.0));
        let x80 = num(f.scale.end_x(b.p80.0));
        let _ = write!(
            out,
            "<rect class=\"band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" data-kind=\"band\" data-id=\"{}\" \
             data-p50=\"{}\" data-p95=\"{}\"/><line class=\"p80\" x1=\"{x80}\" x2=\"{x80}\" y1=\"{}\" y2=\"{}\"/>",
            num(x1 - 1.0),
            num(y - BAR_H / 2.0),
            num((x2 - x1).max(0.0) + 2.0),
            num(BAR_H),
            Escaped(&e.id),
            b.p50,
            b.p95,
            num(y - BAR_H / 2.0),
            num(y + BAR_H / 2.0),
        );
    }
    if let Some(d) = e.deadline {
        let x = num(f.scale.end_x(d.0));
        let _ = write!(
            out,
            "<g data-kind=\"deadline\" data-id=\"{}\" data-date=\"{d}\"><line class=\"dl\" x1=\"{x}\" x2=\"{x}\" \
             y1=\"{}\" y2=\"{}\"/><path class=\"dlf\" d=\"M{x},{}l5,-3v6z\"/></g>",
            Escaped(&e.id),
            num(y - 10.0),
            num(y + 10.0),
            num(y - 7.0),
        );
    }
    let (cx, cy) = (f.scale.end_x(e.finish.0), y);
    let _ = writeln!(
        out,
        "<path class=\"ms{}\" d=\"M{},{}l{d},{d}l-{d},{d}l-{d},-{d}z\" data-kind=\"milestone\" data-id=\"{}\" \
         data-late=\"{late}\" aria-label=\"{}: milestone, forecast {}{}\"/></g>",
        if late { " late" } else { "" },
        num(cx),
        num(cy - DIAMOND),
        Escaped(&e.id),
        Escaped(&e.title),
        e.finish,
        if late { ", late" } else { "" },
        d = num(DIAMOND),
    );
}

/// `Apr 29`.
fn short_date(d: Date) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = usize::from(d.0.month().unsigned_abs()).clamp(1, 12) - 1;
    format!("{} {}", MONTHS[m], d.0.day())
}

/// The dependency arrows between items on the chart, each from the end
/// (or start) of what is waited for to the start (or end) of what waits:
/// out a little, down (or up) to the row, and in, going round when the
/// target lies behind. Red when both ends are critical.
fn links(out: &mut String, input: &GanttInput<'_>, anchors: &HashMap<&str, Anchor, foldhash::fast::FixedState>) {
    out.push_str("<g>\n");
    for l in &input.links {
        let (Some(a), Some(b)) = (anchors.get(&*l.from), anchors.get(&*l.to)) else {
            continue;
        };
        let (from_end, to_start) = match l.kind {
            DependencyType::FinishToStart => (true, true),
            DependencyType::StartToStart => (false, true),
            DependencyType::FinishToFinish => (true, false),
            DependencyType::StartToFinish => (false, false),
        };
        let (sx, tx) = (
            if from_end { a.end } else { a.start },
            if to_start { b.start } else { b.end },
        );
        let out_x = sx + if from_end { 5.0 } else { -5.0 };
        // Where the arrow turns into the target: before its start, after its end.
        let in_x = tx + if to_start { -6.0 } else { 6.0 };
        let d = if (to_start && out_x <= in_x) || (!to_start && out_x >= in_x) {
            format!("M{},{}H{}V{}H{}", num(sx), num(a.y), num(in_x), num(b.y), num(tx))
        } else {
            let mid = b.y - (b.y - a.y).signum() * (super::draw::ROW_H / 2.0);
            format!(
                "M{},{}H{}V{}H{}V{}H{}",
                num(sx),
                num(a.y),
                num(out_x),
                num(mid),
                num(in_x),
                num(b.y),
                num(tx)
            )
        };
        let crit = if a.critical && b.critical { " crit" } else { "" };
        let _ = writeln!(
            out,
            "<path class=\"ln{crit}\" d=\"{d}\" data-kind=\"link\" data-from=\"{}\" data-to=\"{}\" data-type=\"{}\"/>",
            Escaped(&l.from),
            Escaped(&l.to),
            l.kind
        );
    }
    out.push_str("</g>\n");
}
