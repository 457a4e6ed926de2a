//! `milepost schedule`'s table for people: the milestones, then the
//! features, in schedule order, fitted to the terminal ([`table`](fn@table)).

use std::fmt::Write as _;

use crate::plan::ItemKind;
use crate::render::schedule::{driver_text, in_order};
use crate::render::style;
use crate::render::table::{self, Cell, Cut};
use crate::render::vocab::{self, chance, days, signed_days, working_days};
use crate::schedule::{Entry, Schedule};

fn header(names: &[&str]) -> Vec<Cell> {
    names.iter().map(|n| Cell::from(*n)).collect()
}

/// The id, after `* ` when the item is critical, in the critical colour.
fn marked(e: &Entry) -> Cell {
    if e.critical {
        Cell::styled(format!("* {}", e.id), style::CRITICAL)
    } else {
        Cell::from(format!("  {}", e.id))
    }
}

/// A title on one line (whitespace runs made one space); the table cuts it
/// when the terminal is too narrow.
fn one_line(s: &str) -> Cell {
    Cell::from(s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Signed days (a margin, a float) in the error colour when negative.
fn negative_red(text: String, negative: bool) -> Cell {
    Cell::styled(text, if negative { style::ERROR } else { anstyle::Style::new() })
}

/// The milestones' table, and a blank line; nothing without milestones.
fn milestones(s: &Schedule, width: Option<usize>) -> String {
    let mut out = String::new();
    let milestones = in_order(s, ItemKind::Milestone);
    if !milestones.is_empty() {
        let mut rows = vec![header(&[
            "milestone",
            "title",
            "forecast",
            "expected (PERT)",
            "deadline",
            "margin",
            "P(deadline)",
            "float",
        ])];
        for e in milestones {
            rows.push(vec![
                marked(e),
                one_line(&e.title),
                e.finish.to_string().into(),
                vocab::expected(e.pert_figures().date, e.pert_figures().finish.std_dev).into(),
                e.deadline.map_or("-".into(), |d| d.to_string().into()),
                e.deadline_margin
                    .map_or("-".into(), |m| negative_red(signed_days(m), m < 0)),
                e.pert_figures().probability.map_or("-".into(), |p| chance(p).into()),
                negative_red(days(e.times.total_float), e.times.total_float < 0),
            ]);
        }
        let cut = [Cut {
            column: 1,
            min: TITLE_MIN,
        }];
        out.push_str(&table::render(&rows, "", width, &cut));
        out.push('\n');
    }
    out
}

/// The features' table.
fn features(s: &Schedule, width: Option<usize>) -> String {
    let mut rows = vec![header(&[
        "feature",
        "title",
        "status",
        "start",
        "finish",
        "days",
        "float",
        "waits for",
    ])];
    for e in in_order(s, ItemKind::Feature) {
        rows.push(vec![
            marked(e),
            one_line(&e.title),
            e.status.map_or("-".into(), |st| st.to_string().into()),
            e.start.to_string().into(),
            e.finish.to_string().into(),
            e.duration.to_string().into(),
            negative_red(days(e.times.total_float), e.times.total_float < 0),
            driver_text(&e.driver).into(),
        ]);
    }
    // The title first, then what a feature waits for (the last column).
    let cuts = [
        Cut {
            column: 1,
            min: TITLE_MIN,
        },
        Cut {
            column: 7,
            min: TITLE_MIN,
        },
    ];
    table::render(&rows, "", width, &cuts)
}

/// What the titles keep at least when the terminal is narrow: enough to
/// tell two apart.
const TITLE_MIN: usize = 12;

/// The human table. `width`: the terminal's, to fit titles (and what a
/// feature waits for) into; `None` writes every cell in full.
pub fn table(s: &Schedule, project: &str, width: Option<usize>) -> String {
    let mut out = format!(
        "{project}: {} to {} ({}), as of {}\n",
        s.start,
        s.finish,
        working_days(s.length),
        s.as_of
    );
    let pert = &s.outlook();
    let _ = write!(
        out,
        "PERT: expected {} ({} from day 0)",
        vocab::expected(pert.date, pert.finish.std_dev),
        working_days(pert.finish.mean),
    );
    if let Some(by) = pert.by {
        let p = by
            .probability
            .map_or("- (nothing on the path is uncertain)".into(), chance);
        let _ = write!(out, "; P(finish by {}): {p}", by.date);
    }
    out.push_str("\n\n");
    out.push_str(&milestones(s, width));
    out.push_str(&features(s, width));
    out.push_str("\n* critical: no float (or the least float, when a deadline cannot be met)\n");
    out.push_str(
        "expected (PERT) and P: PERT's normal approximation along the driving path, from unrounded estimates (`milepost help scheduling`)\n",
    );
    out
}
