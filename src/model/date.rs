//! Calendar dates as written in plan files.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::decode::{Cx, FromToml, span_of};
use crate::diagnostic::Code;

/// A calendar day, written as a TOML date (`2026-03-02`) or a quoted string
/// (`"2026-03-02"`). A day that does not exist (`2026-02-30`) is an error, never
/// moved to a nearby day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

/// The year no plan reaches: every date a plan writes is before it, and
/// validation rejects a plan whose work could run into it. Far beyond any
/// real plan, it bounds what the calendar may have to hold.
pub const MAX_YEAR: i16 = 9000;

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Result<Date, String> {
        jiff::civil::Date::new(year, month, day)
            .map(Date)
            .map_err(|_| impossible(year.into(), month.into(), day.into()))
    }

    /// Today, in the machine's time zone: the status date when none is
    /// given, and the day from which `check` bounds work not started.
    pub fn today() -> Date {
        Date(jiff::Zoned::now().date())
    }

    /// Parses exactly `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return Err(format!("`{text}` is not a date in the form YYYY-MM-DD"));
        }
        let num = |r: std::ops::Range<usize>| text[r].parse::<i32>().unwrap_or(0);
        let (y, m, d) = (num(0..4), num(5..7), num(8..10));
        match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
            (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
            _ => Err(impossible(y, m, d)),
        }
    }
}

fn impossible(y: i32, m: i32, d: i32) -> String {
    if !(1..=12).contains(&m) {
        return format!("{y:04}-{m:02}-{d:02} is not a date: there is no month {m}");
    }
    let days = jiff::civil::Date::new(y.clamp(1, 9999) as i16, m as i8, 1)
        .map(|first| first.days_in_month())
        .unwrap_or(31);
    let month = MONTH_NAMES[(m - 1) as usize];
    format!("{y:04}-{m:02}-{d:02} is not a date: {month} {y} has {days} days")
}

/// The months' names in English, January first (a chart's axis, messages).
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Date {
    /// `YYYY-MM-DD`, as [`Display`](fmt::Display) writes it, for years 0
    /// to 9999 (every plan's): its ten bytes, digit by digit. `None`
    /// otherwise.
    pub fn ymd(&self) -> Option<[u8; 10]> {
        let (y, m, d) = (self.0.year(), self.0.month(), self.0.day());
        match (u16::try_from(y), u8::try_from(m), u8::try_from(d)) {
            (Ok(y), Ok(m), Ok(d)) if y <= 9999 => {
                let digit = |n: u16| b'0' + (n % 10) as u8;
                let (m, d) = (u16::from(m), u16::from(d));
                Some([
                    digit(y / 1000),
                    digit(y / 100),
                    digit(y / 10),
                    digit(y),
                    b'-',
                    digit(m / 10),
                    digit(m),
                    b'-',
                    digit(d / 10),
                    digit(d),
                ])
            }
            _ => None,
        }
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`, as jiff writes it. Years 0 to 9999 (every plan's) are
    /// written here ([`Date::ymd`]): a large report writes a few hundred
    /// thousand dates, and jiff's general printer costs several times more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ymd() {
            Some(buf) => f.write_str(std::str::from_utf8(&buf).map_err(|_| fmt::Error)?),
            None => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar day: a TOML date (2026-03-02) or the string \"2026-03-02\".",
            "type": "string",
            "format": "date"
        })
    }
}

impl FromToml for Date {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let result = match value.get_ref() {
            DeValue::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => match (i16::try_from(d.year), i8::try_from(d.month), i8::try_from(d.day)) {
                    (Ok(y), Ok(m), Ok(d)) => Date::new(y, m, d),
                    _ => Err(format!("{dt} is not a valid date")),
                },
                (Some(d), Some(_)) => Err(format!("`{key}` takes a date, not a date and time: write `{d}`")),
                // The parser could not read the date and has reported it already.
                (None, None) => return None,
                (None, Some(_)) => Err(format!("`{key}` takes a date (YYYY-MM-DD), not a time of day")),
            },
            DeValue::String(s) => Date::parse(s),
            _ => {
                cx.wrong_type(key, value, "a date (YYYY-MM-DD)");
                return None;
            }
        };
        if let Ok(date) = &result
            && date.0.year() >= MAX_YEAR
        {
            cx.error(
                Code::OutOfRange,
                span_of(value.span()),
                format!(
                    "`{key}` is in the year {}: plans hold dates before the year {MAX_YEAR}",
                    date.0.year()
                ),
                "too far ahead",
                Some("check the year".into()),
            );
            return None;
        }
        result
            .map_err(|message| {
                cx.error(
                    Code::InvalidDate,
                    span_of(value.span()),
                    message,
                    "invalid date",
                    Some("write a real calendar day as YYYY-MM-DD, e.g. `2026-03-02`".into()),
                );
            })
            .ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dates are written as jiff writes them, in and out of the years
    /// written digit by digit.
    #[test]
    fn dates_are_written_as_jiff_writes_them() {
        let mut day = jiff::civil::date(-3, 12, 25);
        let mut seen = 0;
        while day < jiff::civil::date(10, 1, 10) {
            assert_eq!(Date(day).to_string(), day.to_string());
            day = day.tomorrow().unwrap_or(day);
            seen += 1;
        }
        for (y, m, d) in [
            (2026, 3, 2),
            (1999, 12, 31),
            (9999, 12, 31),
            (-9999, 1, 1),
            (0, 1, 1),
            (2040, 2, 29),
        ] {
            let day = jiff::civil::date(y, m, d);
            assert_eq!(Date(day).to_string(), day.to_string());
        }
        assert_eq!(Date(jiff::civil::date(2026, 3, 2)).to_string(), "2026-03-02");
        assert_eq!(Date(jiff::civil::date(7, 11, 9)).to_string(), "0007-11-09");
        assert!(seen > 4000);
    }

    #[test]
    fn parses_real_days_and_rejects_impossible_ones() {
        assert_eq!(
            Date::parse("2028-02-29").map(|d| d.to_string()),
            Ok("2028-02-29".into())
        );
        assert_eq!(
            Date::parse("2026-02-30"),
            Err("2026-02-30 is not a date: February 2026 has 28 days".into())
        );
        assert_eq!(
            Date::parse("2026-13-01"),
            Err("2026-13-01 is not a date: there is no month 13".into())
        );
        assert!(Date::parse("2026-3-1").is_err());
        assert!(Date::parse("2026/03/01").is_err());
        assert!(Date::parse("").is_err());
    }
}
