//! One vocabulary for every output: how durations, signed working days,
//! percentages, dates, money and field changes are written, the order
//! milestones are listed in, and how a slip says what it is measured
//! against and as of when.
//!
//! The terminal outputs call these functions; the templates (reports,
//! history, the diff's pull-request comment) get the same ones as filters
//! (`src/render/templates.rs`), so a figure reads the same wherever it is
//! shown. The rules, decided once:
//!
//! - **Working days** have one decimal at most and the unit `d`: `5d`,
//!   `0.5d`, `4.2d`; a negative zero is `0d`. In a sentence they are words:
//!   `1 working day`, `4 working days`.
//! - **Signed** figures (slips, variances, deltas) carry `+` when above zero
//!   as written (after rounding), `-` below, nothing for zero: `+3d`, `-2d`,
//!   `0d`.
//! - **Percentages** are whole, and honest at the ends: a share that is not
//!   exactly 1 is never `100%` (`>99%`), one that is not exactly 0 never
//!   `0%` (`<1%`), and one just over 1 is `>100%`. A PERT chance of making
//!   a deadline is never a certainty: `>99%` and `<1%` at the ends.
//! - **Dates** are `YYYY-MM-DD`; a missing date in a terminal table is `-`.
//! - **Money** is in whole units with thousands separators, in the
//!   project's currency.
//! - **Field changes** are `field: before → after`, with `(none)` for the
//!   side that is not set; an item that is new lists `field: value`, having
//!   no before. The working days an estimate stands for follow in brackets
//!   when its text does not say them plainly (`1w`, `2d/3d/10d`).
//! - **Milestones** are listed in [forecast order](forecast_order).
//! - **Slips** say what they are measured from and as of when ([`basis`]):
//!   `diff`, `--baseline` and `history` measure one milestone's slip from
//!   different forecasts, as of different days, and so give different
//!   figures; each output says which.

use std::cmp::Ordering;

use crate::model::Date;

/// What is written for a field that is not set, on one side of a change.
pub const NONE: &str = "(none)";

/// A number a figure can be made of: working days are whole in a schedule
/// and fractional in estimates.
pub trait Number: Copy {
    fn value(self) -> f64;
}

impl Number for f64 {
    fn value(self) -> f64 {
        self
    }
}

impl Number for i64 {
    fn value(self) -> f64 {
        self as f64
    }
}

impl Number for u32 {
    fn value(self) -> f64 {
        f64::from(self)
    }
}

impl Number for usize {
    fn value(self) -> f64 {
        self as f64
    }
}

/// A number with one decimal at most, without a unit: `5`, `4.2`, `-3`,
/// `0` (never `-0`).
pub fn number(x: impl Number) -> String {
    trimmed(x.value(), 1)
}

/// `x` with `decimals` decimals at most, trailing zeros dropped.
fn trimmed(x: f64, decimals: usize) -> String {
    // A whole number (most day counts) needs no decimals to trim.
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return (x as i64).to_string();
    }
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// [`number`] with its sign: `+3`, `-2.5`, `0`.
pub fn signed_number(x: impl Number) -> String {
    let s = number(x);
    if s == "0" || s.starts_with('-') {
        s
    } else {
        format!("+{s}")
    }
}

/// Working days: `5d`, `0.5d`, `4.2d`.
pub fn days(x: impl Number) -> String {
    let mut s = number(x);
    s.push('d');
    s
}

/// Signed working days: `+3d`, `-2d`, `0d`.
pub fn signed_days(x: impl Number) -> String {
    format!("{}d", signed_number(x))
}

/// An offset written after what it offsets: ` +2d`, ` -1d`; nothing for 0
/// (a link's lag, in the schedule's drivers and the TaskJuggler export).
pub fn offset(days: i64) -> String {
    if days == 0 {
        String::new()
    } else {
        format!(" {}", signed_days(days))
    }
}

/// Working days in words: `1 working day`, `4 working days`, `2.5 working days`.
pub fn working_days(x: impl Number) -> String {
    in_words(number(x))
}

/// [`working_days`] of a number a user wrote (a risk's `impact.days`), to
/// three decimals rather than one: `1.25 working days`, not `1.2`.
pub fn written_working_days(x: f64) -> String {
    in_words(trimmed(x, 3))
}

/// [`working_days`] with its sign: `+1 working day`, `-4 working days`.
pub fn signed_working_days(x: impl Number) -> String {
    in_words(signed_number(x))
}

/// A number as written, followed by the unit in agreement.
fn in_words(n: String) -> String {
    let one = n.trim_start_matches(['+', '-']) == "1";
    format!("{n} working {}", if one { "day" } else { "days" })
}

/// A deadline margin in working days, in words: `3d early`, `2d late`,
/// `on the day`.
pub fn margin(x: impl Number) -> String {
    let d = x.value().round() as i64;
    match d {
        0 => "on the day".into(),
        d if d > 0 => format!("{} early", days(d)),
        d => format!("{} late", days(-d)),
    }
}

/// A share or a probability as a whole percentage, never rounded to a
/// certainty it is not: `73%`, `>99%` for 0.999, `<1%` for 0.0001, `100%`
/// and `0%` only for exactly 1 and 0, `>100%` for just over 1.
pub fn percent(p: f64) -> String {
    if !p.is_finite() {
        return "-".into();
    }
    // (`-0` is 0.)
    let r = (p * 100.0).round() + 0.0;
    if r >= 100.0 && p < 1.0 {
        ">99%".into()
    } else if r <= 100.0 && p > 1.0 {
        ">100%".into()
    } else if r <= 0.0 && p > 0.0 {
        "<1%".into()
    } else if r >= 0.0 && p < 0.0 {
        ">-1%".into()
    } else {
        // (Every digit: a cast would stop at `i64::MAX`.)
        let mut s = format!("{r:.0}");
        s.push('%');
        s
    }
}

/// A chance worked out from a distribution (PERT's normal approximation of
/// making a deadline): [`percent`], but never a certainty, since such a
/// chance is never exactly 1 or 0 even when the arithmetic rounds it there:
/// `>99%`, `<1%`.
pub fn chance(p: f64) -> String {
    if p >= 1.0 {
        ">99%".into()
    } else if p <= 0.0 {
        "<1%".into()
    } else {
        percent(p)
    }
}

/// A PERT expected finish: the day it falls on and its standard
/// deviation, `2026-03-27 ±1.3d`; `±0d` when nothing on the path is
/// uncertain.
pub fn expected(date: Date, std_dev: f64) -> String {
    format!("{date} ±{}", days(std_dev))
}

/// A date, or `-` when there is none (terminal tables).
pub fn date(d: Option<Date>) -> String {
    d.map_or("-".into(), |d| d.to_string())
}

/// Money in `currency`, rounded to whole units: `€12,400`, `12,400 CHF`,
/// `12,400` without a currency.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    let rounded = amount.abs().round();
    // Every digit of the whole amount, however large (a cast would stop at
    // `u64::MAX`); `-` for no number.
    let digits = if rounded.is_finite() {
        format!("{rounded:.0}")
    } else {
        "-".into()
    };
    let whole = rounded.is_finite() && rounded > 0.0;
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 && whole { "-" } else { "" };
    match currency {
        Some("EUR") => format!("{sign}€{grouped}"),
        Some("USD") => format!("{sign}${grouped}"),
        Some("GBP") => format!("{sign}£{grouped}"),
        Some(code) => format!("{sign}{grouped} {code}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A change in money with its sign: `+€2,400`, `-€1,000`, `€0`.
pub fn signed_money(amount: f64, currency: Option<&str>) -> String {
    let m = money(amount, currency);
    if m.starts_with('-') || amount.abs().round() == 0.0 {
        m
    } else {
        format!("+{m}")
    }
}

/// One field of an item, before and after, as the plan writes it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Field<'a> {
    pub field: &'a str,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    /// For an estimate: the working days each side stands for.
    pub before_days: Option<f64>,
    pub after_days: Option<f64>,
}

/// One field change in words. `added`: the item is new, so the field has
/// no before and is listed as `field: value`; otherwise `field: before →
/// after` with [`NONE`] for a side not set. An estimate whose text does not
/// say its working days plainly is followed by them: `estimate: 2w (10
/// working days)`, `estimate: 1w → 2d/3d/10d (5 → 4 working days)`.
pub fn field_change(f: &Field<'_>, added: bool) -> String {
    let side = |s: Option<&str>| s.unwrap_or(NONE).to_string();
    let mut s = if added {
        format!("{}: {}", f.field, side(f.after))
    } else {
        format!("{}: {} → {}", f.field, side(f.before), side(f.after))
    };
    let plain = |text: Option<&str>, d: Option<f64>| match (text, d) {
        (Some(t), Some(d)) => t == days(d),
        _ => true,
    };
    let shown_before = if added { None } else { f.before_days };
    if !(plain(f.before, shown_before) && plain(f.after, f.after_days)) {
        match (shown_before, f.after_days) {
            (Some(b), Some(a)) => s.push_str(&format!(" ({} → {} working days)", number(b), number(a))),
            (Some(x), None) | (None, Some(x)) => s.push_str(&format!(" ({})", working_days(x))),
            (None, None) => {}
        }
    }
    s
}

/// The order milestones are listed in everywhere: by forecast (the day
/// each is forecast to be reached, earliest first), then by deadline
/// (earliest first, none last), then by id. Milestones without a forecast
/// (gone, or on a side that was not scheduled) come last, in the same order
/// of deadline and id.
pub fn forecast_order(a: (Option<Date>, Option<Date>, &str), b: (Option<Date>, Option<Date>, &str)) -> Ordering {
    fn none_last(x: Option<Date>, y: Option<Date>) -> Ordering {
        match (x, y) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    none_last(a.0, b.0).then(none_last(a.1, b.1)).then(a.2.cmp(b.2))
}

/// What a slip is measured against, and as of when: the ways milepost
/// measures one, which give different figures for one milestone.
#[derive(Clone, Copy, Debug)]
pub enum Basis<'a> {
    /// `diff`: the forecast at the base against the head's, both scheduled
    /// as of one status date.
    Versions { base: &'a str, head: &'a str, as_of: Date },
    /// `--baseline`: the forecast at the baseline, as of its commit's date,
    /// against the forecast as of the status date.
    Baseline {
        name: &'a str,
        baseline_as_of: Date,
        as_of: Date,
    },
    /// `history`: each milestone's first forecast in the history walked
    /// against the later ones, each plan scheduled as of its commit's date.
    History,
    /// `history`'s change log: each commit's plan against its parent's,
    /// both scheduled as of the commit's date.
    Commit,
}

/// What a slip, a variance or a change in working days is measured from
/// and as of when, to label the figures: `working days from the forecast at
/// v1 to the forecast at v3, both as of 2026-03-02`.
pub fn basis(b: Basis<'_>) -> String {
    match b {
        Basis::Versions { base, head, as_of } => {
            format!("working days from the forecast at {base} to the forecast at {head}, both as of {as_of}")
        }
        Basis::Baseline {
            name,
            baseline_as_of,
            as_of,
        } => format!(
            "working days from the forecast at baseline {name} as of {baseline_as_of} (its commit's date) to the forecast as of {as_of}"
        ),
        Basis::History => {
            "working days from the milestone's first forecast in the history walked, each plan as of its commit's date"
                .into()
        }
        Basis::Commit => {
            "working days from the forecast at the commit's parent to the commit's, both as of the commit's date".into()
        }
    }
}

/// Why a person took one feature first, in a few words ("rank 1",
/// "alpha deadline 2026-05-08", "priority must").
pub fn precedence(p: &crate::schedule::Precedence) -> String {
    use crate::schedule::Precedence;
    match p {
        Precedence::Started => "already started".into(),
        Precedence::Rank(r) => format!("rank {r}"),
        Precedence::Deadline { milestone, date } => format!("{milestone} deadline {date}"),
        Precedence::Priority(p) => format!("priority {p}"),
        Precedence::LessSlack => "less slack".into(),
        Precedence::PlanOrder => "earlier in the plan".into(),
        Precedence::ReadyFirst => "ready to start first".into(),
        Precedence::Sooner => "ends the project sooner".into(),
        Precedence::Linked(kind, lag) => {
            use crate::model::DependencyType::*;
            let (mine, theirs) = match kind {
                FinishToStart => ("start", "finishes"),
                StartToStart => ("start", "starts"),
                FinishToFinish => ("finish", "finishes"),
                StartToFinish => ("finish", "starts"),
            };
            // A lead lets it go that much before: said so.
            let lead = match *lag {
                ..0 => format!("more than {} ", days(-lag)),
                _ => String::new(),
            };
            format!(
                "it may not {mine} {lead}before that work {theirs}, {}{}",
                kind.as_str(),
                offset(*lag)
            )
        }
    }
}

/// An inclusive range of days, shortened where the ends share a year or a
/// month: `2026-08-10..21`, `2026-07-27..08-07`, `2026-12-21..2027-01-04`.
pub fn date_range(from: Date, to: Date) -> String {
    let (a, b) = (from.0, to.0);
    if from == to {
        from.to_string()
    } else if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{from}..{:02}", b.day())
    } else if a.year() == b.year() {
        format!("{from}..{:02}-{:02}", b.month(), b.day())
    } else {
        format!("{from}..{to}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn numbers_and_days() {
        assert_eq!(number(0.0), "0");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(-0.04), "0");
        assert_eq!(number(4.26), "4.3");
        assert_eq!(number(4.0 + 1.0 / 6.0), "4.2");
        assert_eq!(number(1e16), "10000000000000000");
        assert_eq!(days(5_i64), "5d");
        assert_eq!(days(0.5), "0.5d");
        assert_eq!(days(-3_i64), "-3d");
        assert_eq!(days(-0.0), "0d");
        assert_eq!(days(0_usize), "0d");
    }

    #[test]
    fn signed_figures_sign_what_they_show() {
        assert_eq!(signed_days(3_i64), "+3d");
        assert_eq!(signed_days(-2_i64), "-2d");
        assert_eq!(signed_days(0_i64), "0d");
        assert_eq!(signed_days(0.04), "0d");
        assert_eq!(signed_days(-0.04), "0d");
        assert_eq!(signed_days(2.34), "+2.3d");
        assert_eq!(signed_number(13.0), "+13");
        assert_eq!(signed_number(-2.5), "-2.5");
        assert_eq!(signed_number(0.0), "0");
    }

    #[test]
    fn working_days_agree_in_number() {
        assert_eq!(working_days(1_i64), "1 working day");
        assert_eq!(working_days(-1_i64), "-1 working day");
        assert_eq!(working_days(4_i64), "4 working days");
        assert_eq!(working_days(0_i64), "0 working days");
        assert_eq!(working_days(2.5), "2.5 working days");
        assert_eq!(signed_working_days(1_i64), "+1 working day");
        assert_eq!(signed_working_days(-9_i64), "-9 working days");
        assert_eq!(signed_working_days(0_i64), "0 working days");
    }

    #[test]
    fn margins_in_words() {
        assert_eq!(margin(3_i64), "3d early");
        assert_eq!(margin(-2_i64), "2d late");
        assert_eq!(margin(0_i64), "on the day");
        assert_eq!(margin(-0.4), "on the day");
    }

    #[test]
    fn percentages_are_never_rounded_to_a_certainty() {
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.999), ">99%");
        assert_eq!(percent(0.995), ">99%");
        assert_eq!(percent(0.994), "99%");
        assert_eq!(percent(0.0001), "<1%");
        assert_eq!(percent(0.005), "1%");
        assert_eq!(percent(0.73), "73%");
        assert_eq!(percent(1.001), ">100%");
        assert_eq!(percent(1.5), "150%");
        assert_eq!(percent(f64::NAN), "-");
        // A PERT chance is never certain, even when it rounds to 1 or 0.
        assert_eq!(chance(1.0), ">99%");
        assert_eq!(chance(0.0), "<1%");
        assert_eq!(chance(2.4e-6), "<1%");
        assert_eq!(chance(0.8), "80%");
    }

    #[test]
    fn expected_finishes_carry_their_spread() {
        assert_eq!(expected(d("2026-03-27"), 1.2803), "2026-03-27 ±1.3d");
        assert_eq!(expected(d("2026-03-27"), 0.0), "2026-03-27 ±0d");
    }

    #[test]
    fn dates_and_money() {
        assert_eq!(date(Some(d("2026-03-02"))), "2026-03-02");
        assert_eq!(date(None), "-");
        assert_eq!(money(12_400.0, Some("EUR")), "€12,400");
        assert_eq!(money(1_234_567.4, Some("CHF")), "1,234,567 CHF");
        assert_eq!(money(999.6, None), "1,000");
        assert_eq!(money(-0.4, Some("GBP")), "£0");
        assert_eq!(signed_money(-2_400.0, Some("USD")), "-$2,400");
        assert_eq!(signed_money(1_000.0, Some("EUR")), "+€1,000");
        assert_eq!(signed_money(0.2, Some("EUR")), "€0");
        assert_eq!(signed_money(0.0, None), "0");
        // Every digit past what an integer holds (it stopped at u64::MAX,
        // 18,446,744,073,709,551,615); no number is no amount, not 0.
        assert_eq!(money(1e20, Some("EUR")), "€100,000,000,000,000,000,000");
        assert_eq!(money(-1e20, None), "-100,000,000,000,000,000,000");
        assert_eq!(money(f64::INFINITY, Some("EUR")), "€-");
        assert_eq!(percent(1e18), "100000000000000000000%");
        assert_eq!(percent(-0.0), "0%");
    }

    fn field<'a>(name: &'a str, before: Option<&'a str>, after: Option<&'a str>) -> Field<'a> {
        Field {
            field: name,
            before,
            after,
            ..Field::default()
        }
    }

    #[test]
    fn field_changes_read_one_way() {
        // Set, changed, unset.
        let set = field("finished", None, Some("2026-11-27"));
        assert_eq!(field_change(&set, false), "finished: (none) → 2026-11-27");
        assert_eq!(field_change(&set, true), "finished: 2026-11-27");
        let changed = field("owner", Some("ana"), Some("bob"));
        assert_eq!(field_change(&changed, false), "owner: ana → bob");
        let unset = field("owner", Some("ana"), None);
        assert_eq!(field_change(&unset, false), "owner: ana → (none)");
        // Estimates: days only when the text does not say them.
        let plain = Field {
            before_days: Some(8.0),
            after_days: Some(12.0),
            ..field("estimate", Some("8d"), Some("12d"))
        };
        assert_eq!(field_change(&plain, false), "estimate: 8d → 12d");
        let weeks = Field {
            before_days: Some(5.0),
            after_days: Some(4.0),
            ..field("estimate", Some("1w"), Some("2d/3d/10d"))
        };
        assert_eq!(
            field_change(&weeks, false),
            "estimate: 1w → 2d/3d/10d (5 → 4 working days)"
        );
        let new = Field {
            after_days: Some(10.0),
            ..field("estimate", None, Some("2w"))
        };
        assert_eq!(field_change(&new, true), "estimate: 2w (10 working days)");
        assert_eq!(field_change(&new, false), "estimate: (none) → 2w (10 working days)");
        let gone = Field {
            before_days: Some(1.0),
            ..field("estimate", Some("0.2w"), None)
        };
        assert_eq!(field_change(&gone, false), "estimate: 0.2w → (none) (1 working day)");
        let fraction = Field {
            after_days: Some(2.0 + 1.0 / 6.0),
            ..field("estimate", None, Some("1d/2d/4d"))
        };
        assert_eq!(field_change(&fraction, true), "estimate: 1d/2d/4d (2.2 working days)");
    }

    /// A link that forces the order, as `explain` says it: what it may not
    /// do before what, and a lead as the most it may go before.
    #[test]
    fn a_link_that_puts_work_first_says_what_it_holds() {
        use crate::model::DependencyType::*;
        use crate::schedule::Precedence::Linked;
        assert_eq!(
            precedence(&Linked(FinishToFinish, 0)),
            "it may not finish before that work finishes, FF"
        );
        assert_eq!(
            precedence(&Linked(StartToStart, 5)),
            "it may not start before that work starts, SS +5d"
        );
        assert_eq!(
            precedence(&Linked(FinishToStart, -2)),
            "it may not start more than 2d before that work finishes, FS -2d"
        );
        assert_eq!(
            precedence(&Linked(StartToFinish, 0)),
            "it may not finish before that work starts, SF"
        );
    }

    #[test]
    fn milestones_in_forecast_order() {
        let mut list = [
            (None, Some(d("2026-01-01")), "gone"),
            (Some(d("2026-03-10")), None, "b"),
            (Some(d("2026-03-10")), Some(d("2026-03-20")), "c"),
            (Some(d("2026-03-02")), None, "z"),
            (Some(d("2026-03-10")), None, "a"),
            (None, None, "x"),
        ];
        list.sort_by(|a, b| forecast_order(*a, *b));
        let ids: Vec<&str> = list.iter().map(|m| m.2).collect();
        assert_eq!(ids, ["z", "c", "a", "b", "gone", "x"]);
    }

    #[test]
    fn each_basis_says_against_what_and_as_of_when() {
        let as_of = d("2026-12-01");
        assert_eq!(
            basis(Basis::Versions {
                base: "HEAD~2",
                head: "HEAD",
                as_of
            }),
            "working days from the forecast at HEAD~2 to the forecast at HEAD, both as of 2026-12-01"
        );
        assert_eq!(
            basis(Basis::Baseline {
                name: "v1",
                baseline_as_of: d("2026-11-20"),
                as_of,
            }),
            "working days from the forecast at baseline v1 as of 2026-11-20 (its commit's date) to the forecast as of 2026-12-01"
        );
        assert!(basis(Basis::History).ends_with("each plan as of its commit's date"));
        assert!(basis(Basis::Commit).ends_with("both as of the commit's date"));
    }
}
