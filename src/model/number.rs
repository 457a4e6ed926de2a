//! Numbers with a range: fractions (0 to 1) and non-negative amounts. The
//! range is checked while decoding, so it is reported even when something
//! else in the same file is wrong.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::decode::{Cx, FromToml, span_of};
use crate::diagnostic::Code;

/// A number from 0 to 1 (capacity, probability, confidence).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Fraction(pub f64);

/// A number that cannot be negative (money, days, scores).
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct Amount(pub f64);

impl FromToml for Fraction {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let n = f64::from_toml(value, key, cx)?;
        if (0.0..=1.0).contains(&n) {
            return Some(Fraction(n));
        }
        let help = if (2.0..=100.0).contains(&n) {
            format!("write a fraction, not a percentage: `{}`", n / 100.0)
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

impl FromToml for Amount {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let n = f64::from_toml(value, key, cx)?;
        if n >= 0.0 {
            return Some(Amount(n));
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
}

impl JsonSchema for Fraction {
    fn schema_name() -> Cow<'static, str> {
        "Fraction".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": 1 })
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0 })
    }
}
