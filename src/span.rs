//! Values that remember where they came from.
//!
//! Every value read from a plan file is wrapped in [`Sp`], which keeps the byte
//! range of the value in its file. Diagnostics use it to point at
//! `file:line:column`; later stages (scheduling, diffs) carry it along so that
//! anything they report can point back at the line that caused it.

use std::ops::Range;

use schemars::JsonSchema;
use serde::Serialize;

/// A value and the byte range it was read from, in its own file.
///
/// The file itself is not stored here: a file's parse result is a pure
/// function of its bytes, so the same parsed value can be shared by every
/// revision that contains the same blob.
#[derive(Clone, Debug, PartialEq)]
pub struct Sp<T> {
    pub value: T,
    pub span: Span,
}

/// A byte range in a file (`start..end`, end exclusive).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: saturate(start),
            end: saturate(end.max(start)),
        }
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl<T> Sp<T> {
    pub fn new(value: T, span: impl Into<Span>) -> Sp<T> {
        Sp {
            value,
            span: span.into(),
        }
    }

    pub fn as_ref(&self) -> Sp<&T> {
        Sp {
            value: &self.value,
            span: self.span,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Sp<U> {
        Sp {
            value: f(self.value),
            span: self.span,
        }
    }
}

impl<T> std::ops::Deref for Sp<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Sp<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// The schema of a spanned value is the schema of the value: spans are not
/// part of the file format.
impl<T: JsonSchema> JsonSchema for Sp<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
