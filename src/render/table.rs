//! Tables for a terminal: columns aligned, cells in colour, and the columns
//! of free text (titles) cut with `…` when, and only when, the table is
//! wider than the terminal.
//!
//! The width is the caller's to find (`crate::io::table_width`): the
//! terminal's, `COLUMNS`, or none when the output goes to a pipe or a file,
//! where nothing is cut. Colour codes are written whatever the colour
//! choice: the stream strips them when colour is off (`--color`, `NO_COLOR`,
//! not a terminal), and they count for nothing in a column's width.

use std::fmt::Write as _;

use anstyle::Style;

/// One cell: its text, on one line, and its style.
#[derive(Clone, Debug, Default)]
pub struct Cell {
    pub text: String,
    pub style: Style,
}

impl Cell {
    pub fn styled(text: impl Into<String>, style: Style) -> Cell {
        Cell {
            text: text.into(),
            style,
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            text,
            style: Style::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Cell {
        Cell::from(text.to_string())
    }
}

/// A column that may be cut to fit, and the fewest characters it keeps.
#[derive(Clone, Copy, Debug)]
pub struct Cut {
    pub column: usize,
    pub min: usize,
}

/// The rows as aligned columns, two spaces apart, each line after
/// `indent`. When `width` is given and the table is wider, the `cuts`
/// columns give up characters, the widest first, down to their minimum; a
/// table still too wide then is left wider (ids, dates and numbers are
/// never cut).
pub fn render(rows: &[Vec<Cell>], indent: &str, width: Option<usize>, cuts: &[Cut]) -> String {
    let mut widths = natural_widths(rows);
    if let Some(width) = width {
        let excess = line_width(&widths, indent).saturating_sub(width);
        narrow(&mut widths, cuts, excess);
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::from(indent);
        for (c, cell) in row.iter().enumerate() {
            let w = widths.get(c).copied().unwrap_or(0);
            let text = clip(&cell.text, w);
            let len = text.chars().count();
            if !text.is_empty() {
                let _ = write!(line, "{}{text}{:#}", cell.style, cell.style);
            }
            if c + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', w.saturating_sub(len) + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Takes `excess` characters from the `cuts` columns, one at a time from
/// the widest, none below its minimum: two long columns end up about as
/// wide as each other.
fn narrow(widths: &mut [usize], cuts: &[Cut], excess: usize) {
    for _ in 0..excess {
        let widest = cuts
            .iter()
            .filter(|c| widths.get(c.column).is_some_and(|w| *w > c.min))
            .max_by_key(|c| (widths[c.column], std::cmp::Reverse(c.column)));
        match widest {
            Some(c) => widths[c.column] -= 1,
            None => return,
        }
    }
}

fn natural_widths(rows: &[Vec<Cell>]) -> Vec<usize> {
    let n = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..n)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.text.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// How wide the table's lines are with these column widths (the last
/// column is not padded).
fn line_width(widths: &[usize], indent: &str) -> usize {
    indent.chars().count() + widths.iter().sum::<usize>() + 2 * widths.len().saturating_sub(1)
}

/// `s` in at most `width` characters: cut with `…` when longer.
pub fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Vec<Cell>> {
        vec![
            vec!["id".into(), "title".into(), "end".into()],
            vec!["a".into(), "A rather long title".into(), "2026-03-02".into()],
            vec!["bb".into(), "Short".into(), "-".into()],
        ]
    }

    #[test]
    fn without_a_width_nothing_is_cut() {
        let out = render(&rows(), "", None, &[Cut { column: 1, min: 5 }]);
        assert_eq!(
            out,
            "id  title                end\na   A rather long title  2026-03-02\nbb  Short                -\n"
        );
    }

    #[test]
    fn a_cut_column_gives_up_what_the_width_needs_and_no_more() {
        // Natural width: 2 + 2 + 19 + 2 + 10 = 35; 30 needs 5 from the title.
        let out = render(&rows(), "", Some(30), &[Cut { column: 1, min: 5 }]);
        for line in out.lines() {
            assert!(line.chars().count() <= 30, "{line:?}");
        }
        assert_eq!(out.lines().nth(1), Some("a   A rather long…  2026-03-02"));
        assert_eq!(out.lines().nth(2), Some("bb  Short           -"));
        // Never below its minimum: the table is then wider than asked.
        let narrow = render(&rows(), "", Some(10), &[Cut { column: 1, min: 5 }]);
        assert_eq!(narrow.lines().nth(1), Some("a   A ra…  2026-03-02"));
    }

    #[test]
    fn two_cut_columns_give_from_the_wider_first() {
        let rows = vec![vec![
            Cell::from("x".repeat(30)),
            Cell::from("y".repeat(10)),
            Cell::from("z".repeat(20)),
        ]];
        let cuts = [Cut { column: 0, min: 4 }, Cut { column: 2, min: 4 }];
        // 30 + 10 + 20 + 2 × 2 = 64 wide; 40 takes 24: 10 from the first
        // (down to 20, the third's width), then 7 from each in turn.
        let out = render(&rows, "", Some(40), &cuts);
        let widths: Vec<usize> = out.trim_end().split("  ").map(|c| c.chars().count()).collect();
        assert_eq!(widths, [13, 10, 13]);
        assert_eq!(out.trim_end().chars().count(), 40);
    }

    #[test]
    fn styles_do_not_count_in_widths() {
        let red = anstyle::AnsiColor::Red.on_default();
        let rows = vec![
            vec![Cell::styled("-3d", red), "x".into()],
            vec!["10d".into(), "y".into()],
        ];
        let out = render(&rows, "", None, &[]);
        assert_eq!(out, format!("{red}-3d{red:#}  x\n10d  y\n"));
    }
}
