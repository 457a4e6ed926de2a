//! Numbers with a range: fractions (0 to 1), non-negative amounts and
//! delays in working days (0 to [`MAX_DAYS`], as long as an estimate). The
//! range is checked while decoding, so it is reported even when something
//! else in the same file is wrong.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::decode::{Cx, FromToml, span_of};
use crate::diagnostic::Code;
use crate::model::duration::MAX_DAYS;

/// A number from 0 to 1 (capacity, probability, confidence).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Fraction(pub f64);

/// A feature's place in its owner's queue: a whole number from 1, lower
/// first ([`crate::schedule`](mod@crate::schedule) levels ranked work before unranked work).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Rank(pub u32);

/// A number that cannot be negative (money, scores), at most
/// [`MAX_AMOUNT`].
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Amount(pub f64);

/// The largest amount a plan may write (a day rate, a budget, a risk's
/// cost, a score): a million million, far above any real plan, so that a
/// slip of the exponent (`1e30`) is said where it is written rather than
/// shown as a cost no report can print.
pub const MAX_AMOUNT: f64 = 1e12;

/// Working days of delay (a risk's impact): from 0 to [`MAX_DAYS`], as
/// long as an estimate may be, so that a delay no plan can hold is refused
/// where it is written.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct DelayDays(pub f64);

/// The fraction a percentage is (`30` → `0.3`), rounded to nine decimals
/// so that it reads as written (`33.3` → `0.333`, not `0.33299999999999996`).
pub(crate) fn fraction_of_percentage(percent: f64) -> f64 {
    (percent / 100.0 * 1e9).round() / 1e9
}

/// How to write, as a number, a fraction written as text that is not one
/// (`"30%"`, `"high"`; a number in quotes has the quotes' own hint): the
/// fraction a percentage is, else an example.
fn fraction_text_hint(key: &str, text: &str) -> Option<String> {
    let given = text.trim();
    if given.parse::<f64>().is_ok() {
        return None;
    }
    let percent = given
        .strip_suffix('%')
        .and_then(|p| p.trim_end().parse::<f64>().ok())
        .filter(|p| (0.0..=100.0).contains(p));
    Some(match percent {
        // A capacity of 0 is refused too (E0107): no number to write then.
        Some(p) if key == "capacity" && fraction_of_percentage(p) == 0.0 => {
            "write the share of their time as a number above 0 and up to 1, e.g. `capacity = 0.2`, or take \
             them off the plan if they have no time for it"
                .into()
        }
        Some(p) => format!(
            "write a number between 0 and 1, not a percentage: `{key} = {}`",
            fraction_of_percentage(p)
        ),
        None => format!("write a number between 0 and 1, without quotes, e.g. `{key} = 0.3`"),
    })
}

impl FromToml for Fraction {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        if let DeValue::String(text) = value.get_ref()
            && let Some(help) = fraction_text_hint(key, text)
        {
            cx.error(
                Code::WrongType,
                span_of(value.span()),
                format!("`{key}` must be a number between 0 and 1, found a string"),
                "expected a number",
                Some(help),
            );
            return None;
        }
        let n = f64::from_toml(value, key, cx)?;
        if (0.0..=1.0).contains(&n) {
            return Some(Fraction(n));
        }
        let help = if (2.0..=100.0).contains(&n) {
            format!("write a fraction, not a percentage: `{}`", fraction_of_percentage(n))
        } else {
            "write a number from 0 to 1".into()
        };
        cx.error(
            Code::OutOfRange,
            span_of(value.span()),
            format!("`{key}` must be between 0 and 1, found {n}"),
            "must be between 0 and 1",
            Some(help),
        );
        None
    }
}

impl FromToml for Rank {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let n = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
            _ => {
                cx.wrong_type(key, value, "a whole number");
                return None;
            }
        };
        match n {
            Some(n @ 1..=1_000_000) => Some(Rank(n as u32)),
            _ => {
                cx.error(
                    Code::OutOfRange,
                    span_of(value.span()),
                    format!("`{key}` must be a whole number from 1 to 1000000"),
                    "out of range",
                    Some("rank 1 goes first; leave `rank` out to let milepost order the work".into()),
                );
                None
            }
        }
    }
}

/// A number that cannot be negative, or the error that it is.
fn non_negative(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<f64> {
    let n = f64::from_toml(value, key, cx)?;
    if n >= 0.0 {
        return Some(n);
    }
    cx.error(
        Code::OutOfRange,
        span_of(value.span()),
        format!("`{key}` cannot be negative, found {n}"),
        "negative",
        None,
    );
    None
}

impl FromToml for Amount {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let n = non_negative(value, key, cx)?;
        if n <= MAX_AMOUNT {
            return Some(Amount(n));
        }
        cx.error(
            Code::OutOfRange,
            span_of(value.span()),
            format!("`{key}` is larger than a plan can hold: at most 1,000,000,000,000, found {n}"),
            "too large",
            Some(format!(
                "check the number: `{key}` counts whole units (of the currency, for money)"
            )),
        );
        None
    }
}

impl FromToml for DelayDays {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let n = non_negative(value, key, cx)?;
        if n <= MAX_DAYS {
            return Some(DelayDays(n));
        }
        cx.error(
            Code::OutOfRange,
            span_of(value.span()),
            format!(
                "`{key}` is longer than a plan can hold: a delay is at most {MAX_DAYS} working days, about forty years"
            ),
            "too long",
            Some(format!("`{key}` counts working days: check the number")),
        );
        None
    }
}

impl JsonSchema for Fraction {
    fn schema_name() -> Cow<'static, str> {
        "Fraction".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
    }
}

impl JsonSchema for Rank {
    fn schema_name() -> Cow<'static, str> {
        "Rank".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "integer", "minimum": 1, "maximum": 1_000_000 })
    }
}

impl JsonSchema for DelayDays {
    fn schema_name() -> Cow<'static, str> {
        "DelayDays".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": MAX_DAYS as u32 })
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": MAX_AMOUNT })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_in_quotes_is_told_its_fraction() {
        let hint = |text| fraction_text_hint("probability", text);
        assert_eq!(
            hint("30%").as_deref(),
            Some("write a number between 0 and 1, not a percentage: `probability = 0.3`")
        );
        assert_eq!(
            hint(" 33.3 % ").as_deref(),
            Some("write a number between 0 and 1, not a percentage: `probability = 0.333`")
        );
        assert_eq!(
            hint("0%").as_deref(),
            Some("write a number between 0 and 1, not a percentage: `probability = 0`")
        );
        // Not a percentage a probability can be, or no percentage at all: the example.
        for text in ["150%", "high", "%", ""] {
            assert_eq!(
                hint(text).as_deref(),
                Some("write a number between 0 and 1, without quotes, e.g. `probability = 0.3`"),
                "{text:?}"
            );
        }
        // A number in quotes is left to the hint that says to remove them.
        assert_eq!(hint("0.3"), None);
    }

    /// A capacity of 0 is refused as well (E0107): "0%" is not told to
    /// write `capacity = 0`.
    #[test]
    fn no_capacity_is_not_told_to_write_one_of_0() {
        let hint = |text| fraction_text_hint("capacity", text).unwrap_or_default();
        assert_eq!(
            hint("50%"),
            "write a number between 0 and 1, not a percentage: `capacity = 0.5`"
        );
        for text in ["0%", "0.0000000001 %"] {
            let h = hint(text);
            assert!(!h.contains("capacity = 0`"), "{text}: {h}");
            assert!(h.contains("`capacity = 0.2`"), "{text}: {h}");
        }
    }
}
