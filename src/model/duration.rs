//! Durations (`3d`, `2w`, `-1d`) and estimates.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::decode::{Cx, FromToml, TableReader, span_of};
use crate::diagnostic::Code;
use crate::span::Sp;

/// The unit a duration was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Working days.
    Day,
    /// Working weeks: as many days as the project calendar has working weekdays.
    Week,
}

/// A number of working days or weeks, as written: `"3d"`, `"0.5d"`, `"2w"`,
/// `"-1d"` (negative only where a lead is meaningful, i.e. dependency lags).
///
/// `Eq` and `Hash` hold because an amount is parsed from digits: it is never
/// NaN (`0d` and `-0d` are equal, and hash alike).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Duration {
    pub amount: f64,
    pub unit: Unit,
}

impl Eq for Duration {}

impl std::hash::Hash for Duration {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // `+ 0.0` makes `-0.0` the `0.0` it equals.
        (self.amount + 0.0).to_bits().hash(state);
        self.unit.hash(state);
    }
}

impl Duration {
    pub fn days(amount: f64) -> Duration {
        Duration {
            amount,
            unit: Unit::Day,
        }
    }

    /// The duration in working days, given the length of a working week.
    pub fn working_days(self, days_per_week: u8) -> f64 {
        match self.unit {
            Unit::Day => self.amount,
            Unit::Week => self.amount * f64::from(days_per_week),
        }
    }

    pub fn parse(text: &str) -> Result<Duration, (String, String)> {
        let trimmed = text.trim();
        let split = trimmed
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .unwrap_or(trimmed.len());
        let (number, rest) = trimmed.split_at(split);
        let unit_word = rest.trim();
        // Exactly `-?[0-9]+(\.[0-9]+)?`, as the JSON Schema says: no `.5`, `5.` or `1e3`.
        let digits = number.strip_prefix('-').unwrap_or(number);
        let well_formed = match digits.split_once('.') {
            Some((int, frac)) => is_digits(int) && is_digits(frac),
            None => is_digits(digits),
        };
        let amount = number.parse::<f64>().ok().filter(|n| n.is_finite() && well_formed);
        let unit = match unit_word {
            "d" | "day" | "days" => Some(Unit::Day),
            "w" | "wk" | "week" | "weeks" => Some(Unit::Week),
            _ => None,
        };
        match (amount, unit) {
            // So large that it has no number of working days (a week holds
            // at most 7): far past the limit every plan value is held to.
            (Some(amount), Some(_)) if (amount * 7.0).is_infinite() => Err((
                format!(
                    "`{text}` is longer than a plan can hold: at most {MAX_DAYS}d ({MAX_WEEKS}w), about forty years"
                ),
                "write a shorter duration".to_string(),
            )),
            (Some(amount), Some(unit)) if trimmed == text && rest == unit_word && unit_word.len() == 1 => {
                Ok(Duration { amount, unit })
            }
            // A number Rust reads but the format does not (`.5`, `5.`, `1e3`):
            // the same number, written the format's way.
            (None, Some(unit)) if number.parse::<f64>().is_ok_and(f64::is_finite) && unit_word.len() == 1 => {
                let short = if unit == Unit::Day { "d" } else { "w" };
                let n = number.parse::<f64>().unwrap_or_default();
                Err((
                    format!("`{text}` is not a duration: write the number with digits on both sides of the point"),
                    format!("write `{n}{short}`"),
                ))
            }
            (Some(_), Some(unit)) => {
                let short = if unit == Unit::Day { "d" } else { "w" };
                Err((
                    format!("`{text}` is not a duration"),
                    format!("write `{number}{short}`"),
                ))
            }
            (_, None)
                if matches!(
                    unit_word,
                    "h" | "hr"
                        | "hrs"
                        | "hour"
                        | "hours"
                        | "m"
                        | "min"
                        | "mo"
                        | "month"
                        | "months"
                        | "y"
                        | "year"
                        | "years"
                ) =>
            {
                Err((
                    format!("`{text}` is not a duration: `{unit_word}` is not a unit milepost counts in"),
                    "durations are in working days (`d`) or working weeks (`w`), e.g. `0.5d`, `3d`, `2w`".into(),
                ))
            }
            _ => Err((
                format!("`{text}` is not a duration"),
                "write a number followed by `d` (working days) or `w` (working weeks), e.g. `3d` or `2w`".into(),
            )),
        }
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.unit {
            Unit::Day => 'd',
            Unit::Week => 'w',
        };
        write!(f, "{}{unit}", self.amount)
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Working days (`3d`, `0.5d`) or working weeks (`2w`). A week is as many days as the calendar has working weekdays.",
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]+)?[dw]$",
            "examples": ["3d", "0.5d", "2w"]
        })
    }
}

/// The longest duration a plan may write, in working days (about forty
/// years of five-day weeks): far above any real estimate or lag, and short
/// enough that a plan of such values can still be scheduled.
pub const MAX_DAYS: f64 = 10_000.0;

/// The longest duration in weeks: [`MAX_DAYS`] in five-day weeks.
pub const MAX_WEEKS: f64 = MAX_DAYS / 5.0;

impl FromToml for Duration {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(s) => match Duration::parse(s) {
                Ok(d) if d.amount.abs() > if d.unit == Unit::Day { MAX_DAYS } else { MAX_WEEKS } => {
                    cx.error(
                        Code::OutOfRange,
                        span_of(value.span()),
                        format!(
                            "`{s}` is longer than a plan can hold: at most {MAX_DAYS}d ({MAX_WEEKS}w), about forty years"
                        ),
                        "too long",
                        Some("check the number and the unit (`d` for working days, `w` for weeks); split work that long into features".into()),
                    );
                    None
                }
                Ok(d) => Some(d),
                Err((message, help)) => {
                    cx.error(
                        Code::InvalidDuration,
                        span_of(value.span()),
                        message,
                        "invalid duration",
                        Some(help),
                    );
                    None
                }
            },
            _ => {
                cx.wrong_type(key, value, "a duration such as \"3d\"");
                None
            }
        }
    }
}

/// A three-point estimate, in the same units as a single estimate.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ThreePoint {
    /// Optimistic: the work goes as well as it realistically can.
    pub low: Sp<Duration>,
    /// Most likely.
    pub likely: Sp<Duration>,
    /// Pessimistic: most things that can go wrong do.
    pub high: Sp<Duration>,
}

/// How much work a feature is: a single duration (`"5d"`) or a three-point
/// estimate (`{ low = "3d", likely = "5d", high = "10d" }`).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Estimate {
    Single(Duration),
    ThreePoint(ThreePoint),
}

/// `5d`, or `3d/5d/2w` for a three-point estimate (low/likely/high).
impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Estimate::Single(d) => write!(f, "{d}"),
            Estimate::ThreePoint(t) => write!(f, "{}/{}/{}", t.low.value, t.likely.value, t.high.value),
        }
    }
}

impl FromToml for Estimate {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::Table(_) => {
                let mut t = TableReader::nested(value, key, "a three-point estimate", cx)?;
                let low = t.req("low", cx);
                let likely = t.req("likely", cx);
                let high = t.req("high", cx);
                t.finish(cx);
                Some(Estimate::ThreePoint(ThreePoint {
                    low: low?,
                    likely: likely?,
                    high: high?,
                }))
            }
            DeValue::String(_) => Duration::from_toml(value, key, cx).map(Estimate::Single),
            _ => {
                cx.wrong_type(key, value, "a duration such as \"3d\" or a table { low, likely, high }");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_written_another_way_gets_it_written_the_formats_way() {
        let help = |s: &str| Duration::parse(s).err().map(|(_, h)| h);
        assert_eq!(help(".5d").as_deref(), Some("write `0.5d`"));
        assert_eq!(help("5.d").as_deref(), Some("write `5d`"));
        assert_eq!(help("-.5d").as_deref(), Some("write `-0.5d`"));
    }

    /// Found by the `parsers` fuzz target: a number of 300 digits is a
    /// finite amount whose working days are not.
    #[test]
    fn an_amount_with_no_number_of_working_days_is_refused() {
        let huge = format!("-1{}w", "0".repeat(308));
        let (message, _) = Duration::parse(&huge).err().unwrap_or_default();
        assert!(message.contains("longer than a plan can hold"), "{message}");
        let largest = format!("{}d", "9".repeat(300));
        // Huge but with finite working days: the parser reads it, and the
        // plan's limit (MAX_DAYS) refuses it where it is written.
        assert!(Duration::parse(&largest).is_ok_and(|d| d.working_days(7).is_finite()));
        assert!(Duration::parse("2000w").is_ok_and(|d| d.working_days(7).is_finite()));
    }

    #[test]
    fn parses_days_and_weeks() {
        assert_eq!(Duration::parse("3d"), Ok(Duration::days(3.0)));
        assert_eq!(Duration::parse("0.5d"), Ok(Duration::days(0.5)));
        assert_eq!(Duration::parse("-2d"), Ok(Duration::days(-2.0)));
        assert_eq!(
            Duration::parse("2w"),
            Ok(Duration {
                amount: 2.0,
                unit: Unit::Week
            })
        );
        assert_eq!(Duration::parse("2w").map(|d| d.working_days(4)), Ok(8.0));
    }

    #[test]
    fn explains_how_to_fix_near_misses() {
        let help = |s: &str| Duration::parse(s).err().map(|(_, h)| h);
        assert_eq!(help("5 days").as_deref(), Some("write `5d`"));
        assert_eq!(help("5days").as_deref(), Some("write `5d`"));
        assert_eq!(help("2 weeks").as_deref(), Some("write `2w`"));
        assert_eq!(help(" 3d").as_deref(), Some("write `3d`"));
        assert!(help("4h").is_some_and(|h| h.contains("working days")));
        assert!(help("").is_some());
        assert!(help("d").is_some());
        assert!(help("1.2.3d").is_some());
        assert!(help(".5d").is_some());
        assert!(help("5.d").is_some());
        assert!(help("--5d").is_some());
    }
}
