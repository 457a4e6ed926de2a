//! Where things go on the SVG Gantt chart: the width text takes, titles
//! cut to a width, the scale from dates to x, and the time axis's ticks,
//! chosen so that no two of its labels overlap.
//!
//! There is no font at hand when the chart is written, so text widths are
//! estimated from the advance widths of DejaVu Sans (Chromium's fallback
//! for `sans-serif` on Linux, and wider than Arial, Helvetica, Segoe UI or
//! Roboto, the fonts the chart asks for first), rounded up: an estimate
//! never falls short of what a browser draws. The browser tests measure the
//! labels a real Chromium draws (`tests/integration/browser.rs`).

use std::borrow::Cow;

use jiff::civil::Date;

use crate::model::date::MONTH_NAMES as MONTHS;

/// The ellipsis that ends a title cut short.
pub const ELLIPSIS: char = '…';

/// Advance widths of `a`..`z` in thousandths of an em (DejaVu Sans,
/// rounded up).
const LOWER: [u16; 26] = [
    614, 636, 551, 636, 616, 353, 636, 634, 279, 279, 580, 279, 975, 634, 613, 636, 636, 412, 522, 393, 634, 592, 819,
    592, 592, 526,
];
/// `A`..`Z`.
const UPPER: [u16; 26] = [
    685, 687, 699, 771, 633, 576, 776, 753, 296, 296, 657, 558, 864, 749, 788, 604, 788, 696, 636, 612, 733, 685, 990,
    686, 612, 686,
];

/// The advance width of `c` in thousandths of an em, rounded up; an upper
/// bound for the characters DejaVu Sans does not have.
fn advance(c: char) -> u16 {
    match c {
        'a'..='z' => LOWER[c as usize - 'a' as usize],
        'A'..='Z' => UPPER[c as usize - 'A' as usize],
        '0'..='9' | '$' | '{' | '}' => 637,
        ' ' | '.' | ',' => 318,
        ':' | ';' | '/' | '\\' | '|' => 337,
        '\'' => 275,
        '"' => 460,
        '-' => 361,
        '(' | ')' | '[' | ']' => 390,
        '!' => 400,
        '?' => 531,
        '_' | '*' | '`' => 500,
        '&' => 780,
        '#' | '+' | '<' | '=' | '>' | '~' | '^' => 838,
        '%' => 950,
        '@' => 1000,
        ELLIPSIS => 1000,
        '–' => 500,
        '—' | '‹' | '›' => 1000,
        // Combining marks take no room of their own.
        '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200d}' => 0,
        c if is_wide(c) => 1000,
        // Accented Latin, Greek, Cyrillic letters are as wide as the
        // widest of theirs without the accent; a bound for the rest.
        c if (c as u32) < 0x2e80 => 800,
        // Emoji and the like are drawn from a font of their own.
        _ => 1250,
    }
}

/// Characters a font gives a full em (CJK, Hangul, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115f | 0x2e80..=0x303e | 0x3041..=0x33ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff | 0xfe30..=0xfe4f | 0xff00..=0xff60
        | 0xffe0..=0xffe6)
}

/// The width `text` takes at `size` pixels, at most: bold text is
/// counted 12% wider (DejaVu Sans Bold's widest letters are).
pub fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    let ems: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    let factor = if bold { 1.12 } else { 1.0 };
    f64::from(ems) / 1000.0 * size * factor
}

/// `text` cut to at most `max` pixels wide: as it is when it fits, else
/// its longest beginning that fits with an ellipsis after it (nothing but
/// the ellipsis when not even one character fits).
pub fn ellipsis(text: &str, size: f64, bold: bool, max: f64) -> Cow<'_, str> {
    if text_width(text, size, bold) <= max {
        return Cow::Borrowed(text);
    }
    let budget = max - text_width("…", size, bold);
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let w = text_width(c.encode_utf8(&mut [0; 4]), size, bold);
        if used + w > budget {
            break;
        }
        used += w;
        end = i + c.len_utf8();
    }
    let mut cut = text[..end].trim_end().to_string();
    cut.push(ELLIPSIS);
    Cow::Owned(cut)
}

/// Days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    i64::from((b - a).get_days())
}

/// A date `n` days after `d` (before, when `n` is negative), kept within
/// the dates there are.
pub fn add_days(d: Date, n: i64) -> Date {
    d.checked_add(jiff::Span::new().days(n))
        .unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

/// How wide a day is drawn at most, in pixels (a plan of a few weeks).
pub const MAX_DAY_PX: f64 = 28.0;
/// The width the time scale aims at: a longer plan draws its days
/// narrower, down to a fraction of a pixel, so the chart stays this wide.
pub const TARGET_WIDTH: f64 = 1100.0;

/// Dates to x: the chart shows the days from `from` (included) to `to`
/// (excluded), each `day_px` wide, the first at `x0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub from: Date,
    pub to: Date,
    pub day_px: f64,
    pub x0: f64,
}

impl Scale {
    /// The scale for work from `first` to `last` (inclusive): from the
    /// Monday on or before `first`, to a few days past `last`, at least
    /// four weeks long.
    pub fn new(first: Date, last: Date, x0: f64) -> Scale {
        let back = i64::from(first.weekday().to_monday_zero_offset());
        let from = add_days(first, -back);
        let to = add_days(last, 4).max(add_days(from, 28));
        let days = days_between(from, to).max(1) as f64;
        Scale {
            from,
            to,
            day_px: (TARGET_WIDTH / days).min(MAX_DAY_PX),
            x0,
        }
    }

    /// The left edge of day `d`.
    pub fn x(&self, d: Date) -> f64 {
        self.x0 + days_between(self.from, d) as f64 * self.day_px
    }

    /// The right edge of day `d` (the left edge of the next).
    pub fn end_x(&self, d: Date) -> f64 {
        self.x(d) + self.day_px
    }

    /// The width of the whole time scale.
    pub fn width(&self) -> f64 {
        days_between(self.from, self.to) as f64 * self.day_px
    }
}

/// The size of the axis's text.
pub const AXIS_FONT: f64 = 11.0;
/// Space kept between a tick and its label, and after the label.
const LABEL_PAD: f64 = 3.0;

/// What one step of a tier of the axis is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Day,
    /// Weeks starting on Mondays.
    Week,
    Month,
    Quarter,
    /// Years, every `n`th (counted from year 0).
    Years(u16),
}

impl Unit {
    /// The fewest days one step takes.
    fn min_days(self) -> f64 {
        match self {
            Unit::Day => 1.0,
            Unit::Week => 7.0,
            Unit::Month => 28.0,
            Unit::Quarter => 90.0,
            Unit::Years(n) => 365.0 * f64::from(n),
        }
    }

    /// The first day of the step `d` is in.
    fn floor(self, d: Date) -> Date {
        match self {
            Unit::Day => d,
            Unit::Week => add_days(d, -i64::from(d.weekday().to_monday_zero_offset())),
            Unit::Month => d.first_of_month(),
            Unit::Quarter => Date::new(d.year(), (d.month() - 1) / 3 * 3 + 1, 1).unwrap_or(d),
            Unit::Years(n) => {
                let n = i16::try_from(n).unwrap_or(1).max(1);
                Date::new(d.year() - d.year().rem_euclid(n), 1, 1).unwrap_or(d)
            }
        }
    }

    /// The first day of the step after the one starting on `start`.
    fn next(self, start: Date) -> Option<Date> {
        let months = |m: i64| start.checked_add(jiff::Span::new().months(m)).ok();
        match self {
            Unit::Day => start.tomorrow().ok(),
            Unit::Week => start.checked_add(jiff::Span::new().days(7)).ok(),
            Unit::Month => months(1),
            Unit::Quarter => months(3),
            Unit::Years(n) => start.checked_add(jiff::Span::new().years(n)).ok(),
        }
    }
}

/// How a step's label is written, from the longest way to the shortest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    /// The day of the month: `16`.
    DayOfMonth,
    /// `March 2026`.
    MonthYear,
    /// `Mar 2026`.
    ShortMonthYear,
    /// `Mar`.
    ShortMonth,
    /// `Q2`.
    Quarter,
    /// `2026`.
    Year,
}

fn label(style: Style, d: Date) -> String {
    let month = MONTHS[usize::from(d.month().unsigned_abs()).clamp(1, 12) - 1];
    match style {
        Style::DayOfMonth => d.day().to_string(),
        Style::MonthYear => format!("{month} {}", d.year()),
        Style::ShortMonthYear => format!("{} {}", &month[..3], d.year()),
        Style::ShortMonth => month[..3].to_string(),
        Style::Quarter => format!("Q{}", (d.month() - 1) / 3 + 1),
        Style::Year => d.year().to_string(),
    }
}

/// The styles a unit's labels may take, longest first.
fn styles(unit: Unit, major: bool) -> &'static [Style] {
    match (unit, major) {
        (Unit::Day | Unit::Week, _) => &[Style::DayOfMonth],
        (Unit::Month, true) => &[Style::MonthYear, Style::ShortMonthYear, Style::ShortMonth],
        (Unit::Month, false) => &[Style::ShortMonth],
        (Unit::Quarter, _) => &[Style::Quarter],
        (Unit::Years(_), _) => &[Style::Year],
    }
}

/// The widest label a style can give (at the axis's size).
fn widest(style: Style) -> f64 {
    let w = |s: &str| text_width(s, AXIS_FONT, false);
    match style {
        Style::DayOfMonth => w("28"),
        // Every year of four digits is as wide (digits share one width).
        Style::MonthYear | Style::ShortMonthYear | Style::ShortMonth => (1..=12)
            .filter_map(|m| Date::new(2026, m, 1).ok())
            .map(|d| w(&label(style, d)))
            .fold(0.0, f64::max),
        Style::Quarter => w("Q4"),
        Style::Year => w("2026"),
    }
}

/// A line of the axis: a step's first day, with its label when it fits.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    pub date: Date,
    /// Where the step starts (the chart's left edge for a step begun
    /// before it).
    pub x: f64,
    /// Whether a grid line marks it (not at the chart's left edge).
    pub line: bool,
    /// The label and its left edge.
    pub label: Option<(f64, String)>,
}

/// The time axis: a tier of coarse steps over one of fine steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Axis {
    pub minor_unit: Unit,
    pub minor: Vec<Tick>,
    pub major_unit: Option<Unit>,
    pub major: Vec<Tick>,
}

/// The axis for `scale`: the finest unit whose every whole step holds its
/// widest label, and above it the next coarser one.
pub fn axis(scale: &Scale) -> Axis {
    let candidates = [
        Unit::Day,
        Unit::Week,
        Unit::Month,
        Unit::Quarter,
        Unit::Years(1),
        Unit::Years(2),
        Unit::Years(5),
        Unit::Years(10),
        Unit::Years(20),
        Unit::Years(50),
        Unit::Years(100),
    ];
    let fits = |unit: Unit, style: Style| unit.min_days() * scale.day_px >= widest(style) + 2.0 * LABEL_PAD;
    let minor_unit = candidates
        .into_iter()
        .find(|&u| fits(u, styles(u, false)[0]))
        .unwrap_or(Unit::Years(100));
    let major_unit = match minor_unit {
        Unit::Day | Unit::Week => Some(Unit::Month),
        Unit::Month | Unit::Quarter => Some(Unit::Years(1)),
        Unit::Years(_) => None,
    };
    let minor = ticks(scale, minor_unit, styles(minor_unit, false)[0]);
    let major = match major_unit {
        Some(u) => {
            let styles = styles(u, true);
            let style = styles
                .iter()
                .copied()
                .find(|&s| fits(u, s))
                .unwrap_or(styles[styles.len() - 1]);
            ticks(scale, u, style)
        }
        None => Vec::new(),
    };
    Axis {
        minor_unit,
        minor,
        major_unit,
        major,
    }
}

/// The ticks of `unit` over the scale, labelled in `style` where the label
/// fits before the next tick (a step cut by either edge of the chart may
/// have no room for it).
fn ticks(scale: &Scale, unit: Unit, style: Style) -> Vec<Tick> {
    let mut starts = vec![unit.floor(scale.from)];
    while let Some(next) = starts.last().and_then(|&s| unit.next(s))
        && next < scale.to
    {
        starts.push(next);
    }
    let end_x = scale.x0 + scale.width();
    let mut out = Vec::with_capacity(starts.len());
    for (i, &date) in starts.iter().enumerate() {
        let x = scale.x(date.max(scale.from));
        let next_x = starts.get(i + 1).map_or(end_x, |&n| scale.x(n));
        let text = label(style, date);
        let left = x + LABEL_PAD;
        let fits = left + text_width(&text, AXIS_FONT, false) + LABEL_PAD <= next_x;
        out.push(Tick {
            date,
            x,
            line: date > scale.from,
            label: fits.then_some((left, text)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn widths_add_up_from_the_font_table() {
        // "Mi": M 864 + i 279 thousandths of an em, at 10 px.
        assert!((text_width("Mi", 10.0, false) - 11.43).abs() < 1e-9);
        assert!((text_width("Mi", 10.0, true) - 11.43 * 1.12).abs() < 1e-9);
        assert_eq!(text_width("", 12.0, false), 0.0);
        // A CJK character takes a full em, an emoji more.
        assert_eq!(text_width("漢", 12.0, false), 12.0);
        assert_eq!(text_width("🚀", 12.0, false), 15.0);
    }

    #[test]
    fn a_title_that_fits_is_kept_and_a_longer_one_cut_with_an_ellipsis() {
        assert!(matches!(
            ellipsis("Event store", 12.0, false, 200.0),
            Cow::Borrowed("Event store")
        ));
        // "Event store" at 12 px: E 633 v 592 e 616 n 634 t 393 (space 318)
        // s 522 t 393 o 613 r 412 e 616 = 5422 thousandths = 65.06 px.
        // At 50 px, less the ellipsis (12 px): 38 px, "Event" (34.4 px)
        // fits and " " after it would too (38.2 > 38: no).
        assert_eq!(ellipsis("Event store", 12.0, false, 50.0), "Event…");
        let cut = ellipsis(
            "Single sign-on with SAML and OIDC for enterprise customers",
            12.0,
            false,
            120.0,
        );
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12.0, false) <= 120.0);
        // Not even one letter: the ellipsis alone.
        assert_eq!(ellipsis("Wide", 12.0, false, 13.0), "…");
        // Characters are never split.
        assert_eq!(ellipsis("漢字漢字漢字", 12.0, false, 40.0), "漢字…");
    }

    #[test]
    fn the_scale_starts_on_a_monday_and_spans_at_least_four_weeks() {
        // 2026-03-18 is a Wednesday.
        let s = Scale::new(date(2026, 3, 18), date(2026, 3, 20), 100.0);
        assert_eq!(s.from, date(2026, 3, 16));
        assert_eq!(s.to, date(2026, 4, 13));
        assert_eq!(s.day_px, MAX_DAY_PX);
        assert_eq!(s.x(date(2026, 3, 16)), 100.0);
        assert_eq!(s.end_x(date(2026, 3, 17)), 100.0 + 2.0 * MAX_DAY_PX);
        // A year: 1100 px over its days.
        let y = Scale::new(date(2026, 1, 5), date(2026, 12, 31), 0.0);
        assert_eq!(days_between(y.from, y.to), 364);
        assert!((y.width() - TARGET_WIDTH).abs() < 1e-9);
    }

    /// The labels of one tier, left to right, never touch.
    fn assert_apart(ticks: &[Tick]) {
        let mut right = f64::NEG_INFINITY;
        for t in ticks {
            if let Some((x, text)) = &t.label {
                assert!(
                    *x >= right,
                    "{text} at {x} overlaps the label before, which ends at {right}"
                );
                right = x + text_width(text, AXIS_FONT, false);
            }
        }
    }

    #[test]
    fn the_axis_takes_the_finest_unit_its_labels_fit() {
        // Four weeks at 28 px a day: days under months.
        let s = Scale::new(date(2026, 3, 16), date(2026, 3, 20), 0.0);
        let a = axis(&s);
        assert_eq!((a.minor_unit, a.major_unit), (Unit::Day, Some(Unit::Month)));
        assert_eq!(a.minor.len(), 28);
        assert_eq!(a.minor[0].label, Some((3.0, "16".into())));
        assert!(!a.minor[0].line && a.minor[1].line);
        // March 16 to April 13: "March 2026" then "April 2026".
        let majors: Vec<_> = a
            .major
            .iter()
            .filter_map(|t| t.label.as_ref().map(|l| l.1.as_str()))
            .collect();
        assert_eq!(majors, ["March 2026", "April 2026"]);
        // A year at about 3 px a day: weeks (21.2 px) hold "28" (14 px and
        // 6 px of padding), so weeks under months, written short.
        let y = axis(&Scale::new(date(2026, 1, 5), date(2026, 12, 31), 0.0));
        assert_eq!((y.minor_unit, y.major_unit), (Unit::Week, Some(Unit::Month)));
        assert_eq!(y.minor.len(), 52);
        assert_eq!(y.major[1].label.as_ref().map(|l| l.1.as_str()), Some("Feb 2026"));
        // Ten years: a day is 0.3 px; a quarter (27 px) holds "Q4" and its
        // padding (21.7 px), a month (8.4 px) does not hold "May".
        let d = axis(&Scale::new(date(2026, 1, 5), date(2035, 12, 31), 0.0));
        assert_eq!((d.minor_unit, d.major_unit), (Unit::Quarter, Some(Unit::Years(1))));
        // A century: a day is 0.03 px, two years 22 px, too narrow for
        // "2026" (28 px and padding); every fifth year.
        let c = axis(&Scale::new(date(2000, 1, 3), date(2099, 12, 31), 0.0));
        assert_eq!((c.minor_unit, c.major_unit), (Unit::Years(5), None));
        assert_eq!(c.minor[1].date, date(2005, 1, 1));
        for a in [a, y, d, c] {
            assert_apart(&a.minor);
            assert_apart(&a.major);
        }
    }

    #[test]
    fn no_two_axis_labels_overlap_at_any_scale() {
        let start = date(2026, 1, 7);
        for span in [1, 5, 13, 27, 40, 90, 200, 400, 700, 1500, 3000, 8000, 20_000] {
            let s = Scale::new(start, add_days(start, span), 50.0);
            let a = axis(&s);
            assert_apart(&a.minor);
            assert_apart(&a.major);
            assert!(
                a.minor.iter().filter(|t| t.label.is_some()).count() >= 2,
                "span {span}: {a:?}"
            );
            for t in a.minor.iter().chain(&a.major) {
                assert!(t.x >= s.x0 && t.x <= s.x0 + s.width(), "span {span}: {t:?}");
            }
        }
    }
}
