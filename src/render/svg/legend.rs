//! The legend under the chart: a sample of each kind of mark the chart
//! holds, and what it means, laid out in lines that wrap at the chart's
//! width.

use std::fmt::Write as _;

use super::draw::{FONT, Frame, PAD, width};
use super::layout::ellipsis;
use super::xml::num;
use super::{GanttInput, Group, Row};
use crate::model::Status;
use crate::plan::ItemKind;

/// A legend's line height.
const LINE_H: f64 = 20.0;
/// A sample's width, and the space after it and after an entry.
const SAMPLE_W: f64 = 18.0;
const GAP: f64 = 6.0;
const AFTER: f64 = 18.0;

/// What a sample shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sample {
    Bar(&'static str),
    InProgress,
    Critical,
    Milestone,
    Late,
    Deadline,
    Band,
    Link,
    StatusDate,
    NonWorking,
    Holiday,
    TimeOff,
}

/// The entries, each placed: its sample, text, and where it goes.
pub(super) struct Legend {
    entries: Vec<(Sample, String, f64, f64)>,
    lines: usize,
}

impl Legend {
    /// The legend of what the chart draws.
    pub fn of(input: &GanttInput<'_>, rows: &[Row<'_>], f: &Frame, shade_days: bool) -> Legend {
        let features = || {
            rows.iter().filter_map(|r| match r {
                Row::Feature(e) => Some(*e),
                _ => None,
            })
        };
        let has = |s: Status| features().any(|e| e.status == Some(s));
        let milestones = || input.schedule.entries.iter().filter(|e| e.kind == ItemKind::Milestone);
        let in_range = |from: crate::model::Date, to: crate::model::Date| from.0 < f.scale.to && to.0 >= f.scale.from;
        let by_person = rows.iter().any(|r| matches!(r, Row::Group(Group::Person(_))));
        let mut want: Vec<(Sample, String)> = vec![(Sample::Bar("planned"), "Planned".into())];
        let mut add = |cond: bool, s: Sample, text: &str| {
            if cond {
                want.push((s, text.into()));
            }
        };
        add(has(Status::Proposed), Sample::Bar("proposed"), "Proposed");
        add(
            has(Status::InProgress),
            Sample::InProgress,
            "In progress (dark: before the status date)",
        );
        add(has(Status::Blocked), Sample::Bar("blocked"), "Blocked");
        add(has(Status::Done), Sample::Bar("done"), "Done");
        add(
            features().any(|e| e.critical),
            Sample::Critical,
            "Critical chain (red, hatched)",
        );
        add(milestones().next().is_some(), Sample::Milestone, "Milestone (forecast)");
        add(
            milestones().any(|e| e.deadline_margin.is_some_and(|m| m < 0)),
            Sample::Late,
            "Milestone past its deadline",
        );
        add(milestones().any(|e| e.deadline.is_some()), Sample::Deadline, "Deadline");
        let band = format!("P50 to P95 of {} Monte Carlo runs (line: P80)", input.runs);
        add(!input.bands.is_empty(), Sample::Band, &band);
        add(!input.links.is_empty(), Sample::Link, "Dependency");
        add(true, Sample::StatusDate, "Status date");
        add(shade_days, Sample::NonWorking, "Non-working day");
        add(
            input.holidays.iter().any(|h| in_range(h.from, h.to)),
            Sample::Holiday,
            "Holiday",
        );
        add(
            by_person
                && input
                    .people
                    .iter()
                    .any(|p| p.time_off.iter().any(|t| in_range(t.from, t.to))),
            Sample::TimeOff,
            "Time off",
        );
        let (mut x, mut line) = (PAD, 0);
        let right = f.width - PAD;
        let mut entries = Vec::with_capacity(want.len());
        for (sample, text) in want {
            let text = ellipsis(&text, FONT, false, right - PAD - SAMPLE_W - GAP).into_owned();
            let w = SAMPLE_W + GAP + width(&text);
            if x > PAD && x + w > right {
                x = PAD;
                line += 1;
            }
            entries.push((sample, text, x, line as f64 * LINE_H));
            x += w + AFTER;
        }
        Legend {
            entries,
            lines: line + 1,
        }
    }

    pub fn height(&self) -> f64 {
        self.lines as f64 * LINE_H
    }

    /// Draws the legend with its first line's top at `top`.
    pub fn draw(&self, out: &mut String, top: f64) {
        let _ = writeln!(out, "<g data-kind=\"legend\">");
        for (sample, text, x, dy) in &self.entries {
            let y = top + dy + LINE_H / 2.0;
            draw_sample(out, *sample, *x, y);
            super::draw::text(out, "", x + SAMPLE_W + GAP, y + 4.0, "legend", text);
        }
        out.push_str("</g>\n");
    }
}

/// A sample, `SAMPLE_W` wide from `x`, around the line `y`.
fn draw_sample(out: &mut String, sample: Sample, x: f64, y: f64) {
    let bar = |class: &str| {
        format!(
            "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"2\"/>",
            num(x),
            num(y - 5.0),
            num(SAMPLE_W)
        )
    };
    let (xs, mid) = (num(x), num(x + SAMPLE_W / 2.0));
    let _ = match sample {
        Sample::Bar(status) => out.write_str(&bar(&format!("b {status}"))),
        Sample::InProgress => {
            let dark = format!(
                "<rect class=\"pg\" x=\"{xs}\" y=\"{}\" width=\"{}\" height=\"10\" rx=\"2\"/>",
                num(y - 5.0),
                num(SAMPLE_W / 2.0)
            );
            write!(out, "{}{dark}", bar("b in-progress"))
        }
        Sample::Critical => write!(out, "{}{}", bar("b crit"), bar("hatch")),
        Sample::Milestone | Sample::Late => write!(
            out,
            "<path class=\"ms{}\" d=\"M{mid},{}l6,6l-6,6l-6,-6z\"/>",
            if sample == Sample::Late { " late" } else { "" },
            num(y - 6.0)
        ),
        Sample::Deadline => write!(
            out,
            "<line class=\"dl\" x1=\"{mid}\" x2=\"{mid}\" y1=\"{}\" y2=\"{}\"/><path class=\"dlf\" d=\"M{mid},{}l5,-3v6z\"/>",
            num(y - 8.0),
            num(y + 8.0),
            num(y - 5.0)
        ),
        Sample::Band => write!(
            out,
            "{}<line class=\"p80\" x1=\"{mid}\" x2=\"{mid}\" y1=\"{}\" y2=\"{}\"/>",
            bar("band"),
            num(y - 5.0),
            num(y + 5.0)
        ),
        Sample::Link => write!(
            out,
            "<path class=\"ln\" d=\"M{xs},{}H{}V{}H{}\"/>",
            num(y - 5.0),
            num(x + 6.0),
            num(y + 4.0),
            num(x + SAMPLE_W)
        ),
        Sample::StatusDate => write!(
            out,
            "<line class=\"now\" x1=\"{mid}\" x2=\"{mid}\" y1=\"{}\" y2=\"{}\"/>",
            num(y - 8.0),
            num(y + 8.0)
        ),
        Sample::NonWorking => out.write_str(&bar("we")),
        Sample::Holiday => write!(
            out,
            "{}<rect class=\"hm\" x=\"{xs}\" y=\"{}\" width=\"{}\" height=\"3\"/>",
            bar("ho"),
            num(y - 5.0),
            num(SAMPLE_W)
        ),
        Sample::TimeOff => out.write_str(&bar("to")),
    };
}
