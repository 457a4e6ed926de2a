//! Turning a parsed TOML tree into typed plan structs, reporting every problem.
//!
//! serde's derive stops at the first error in a file and loses the position of
//! most values. milepost decodes by hand instead, over `toml`'s spanned
//! document tree: each struct asks a [`TableReader`] for its keys, wrong types
//! and missing keys are reported where they are, and whatever keys nobody
//! asked for are reported as unknown with the nearest known key as a hint. So a
//! file with five mistakes gets five diagnostics in one run, each with a span.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::{Code, Diagnostic};
use crate::files::FileId;
use crate::span::{Sp, Span};
use crate::suggest;

/// Where decoded values report their problems.
pub struct Cx {
    pub file: FileId,
    pub diags: Vec<Diagnostic>,
}

impl Cx {
    pub fn new(file: FileId) -> Cx {
        Cx {
            file,
            diags: Vec::new(),
        }
    }

    pub fn error(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) {
        let d = Diagnostic::new(code, message).at(self.file, span, label).help_opt(help);
        self.diags.push(d);
    }

    /// Reports that `value` (at `key`) is not what `expected` describes.
    pub fn wrong_type(&mut self, key: &str, value: &Spanned<DeValue<'_>>, expected: &str) {
        let found = type_name(value.get_ref());
        let help = type_hint(value.get_ref(), expected, key);
        self.error(
            Code::WrongType,
            span_of(value.span()),
            format!("`{key}` must be {expected}, found {found}"),
            format!("expected {expected}"),
            help,
        );
    }
}

pub fn span_of(r: Range<usize>) -> Span {
    Span::from(r)
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

fn type_hint(v: &DeValue<'_>, expected: &str, key: &str) -> Option<String> {
    match v {
        // `[people]` for `[[people]]`: one table, not a list of them.
        DeValue::Table(_) if expected.contains("array") && key == "people" => Some(format!(
            "write each entry under `[[{key}]]` (two brackets), or `{key} = [...]`"
        )),
        // `[links]`: a list of values, not of tables.
        DeValue::Table(_) if expected.contains("array") => Some(format!("write a list: `{key} = [...]`")),
        _ if expected == "a table" => Some(match key {
            "impact" => "write a table: `impact = { days = 5, cost = 2000 }`".to_string(),
            "value" => "write a table: `value = { reach = 100, impact = 2, confidence = 0.8 }`".to_string(),
            // Each entry of the list; a single day is a range of one day.
            "time-off" => match v {
                DeValue::Datetime(d) => {
                    format!("each entry is a range: `time-off = [{{ from = {d}, to = {d} }}]` for the one day")
                }
                _ => "each entry is a range: `time-off = [{ from = 2026-08-10, to = 2026-08-21 }]`".to_string(),
            },
            _ => format!("write a table: `{key} = {{ ... }}` (`milepost help format` lists its keys)"),
        }),
        DeValue::Integer(i) if expected.contains("duration") => Some(format!(
            "durations need a unit: write `\"{}d\"` (working days) or `\"{}w\"` (weeks)",
            i.as_str(),
            i.as_str()
        )),
        DeValue::String(s) if expected.contains("number") && s.trim().parse::<f64>().is_ok() => {
            Some(format!("remove the quotes: `{}`", s.trim()))
        }
        DeValue::String(s) if expected.contains("array") => {
            Some(format!("write a list: `[\"{}\"]`", s.replace('"', "\\\"")))
        }
        _ => plain_hint(expected, key),
    }
}

/// How to write a value of the type `expected` at `key`, whatever was
/// written instead.
fn plain_hint(expected: &str, key: &str) -> Option<String> {
    Some(match expected {
        "a date (YYYY-MM-DD)" => "write a date as YYYY-MM-DD, without quotes: `2026-12-25`".to_string(),
        "a number" => format!("write a number without quotes: `{key} = 1` or `{key} = 0.5`"),
        "a whole number" => format!("write a whole number without quotes: `{key} = 3`"),
        "a string" => format!("write it in quotes: `{key} = \"...\"`"),
        "`true` or `false`" => format!("write `{key} = true` or `{key} = false`, without quotes"),
        _ => return None,
    })
}

/// A type that can be read from one TOML value.
pub trait FromToml: Sized {
    /// Read `value`, found at `key`. On failure, report why and return `None`.
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self>;
}

/// Shared text: cloning it (a schedule entry's title, for every schedule
/// of a history walk) copies nothing.
impl FromToml for std::sync::Arc<str> {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        String::from_toml(value, key, cx).map(Into::into)
    }
}

impl FromToml for String {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(s) => text(s, key, span_of(value.span()), cx),
            _ => {
                cx.wrong_type(key, value, "a string");
                None
            }
        }
    }
}

impl FromToml for f64 {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let parsed = match value.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok().map(|n| n as f64),
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                cx.wrong_type(key, value, "a number");
                return None;
            }
        };
        match parsed {
            Some(n) if n.is_finite() => Some(n),
            _ => {
                cx.error(
                    Code::OutOfRange,
                    span_of(value.span()),
                    format!("`{key}` must be a finite number"),
                    "not a finite number",
                    Some(format!(
                        "write a number such as `{key} = 0.5` (`nan` and `inf` are none)"
                    )),
                );
                None
            }
        }
    }
}

impl FromToml for bool {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                cx.wrong_type(key, value, "`true` or `false`");
                None
            }
        }
    }
}

impl<T: FromToml> FromToml for Sp<T> {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        T::from_toml(value, key, cx).map(|v| Sp::new(v, value.span()))
    }
}

impl<T: FromToml> FromToml for Vec<T> {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::Array(items) => {
                // An element that fails is reported and left out; the rest is kept.
                let before = cx.diags.len();
                let kept = items.iter().filter_map(|item| T::from_toml(item, key, cx)).collect();
                entries_named(&mut cx.diags[before..], key);
                Some(kept)
            }
            _ => {
                cx.wrong_type(key, value, "an array");
                None
            }
        }
    }
}

/// An entry of the list at `key` of the wrong type is reported as one: "each
/// entry of `tags` must be a string", not "`tags` must be a string", whose
/// help (`tags = "..."`) would be an error of its own.
fn entries_named(diags: &mut [Diagnostic], key: &str) {
    let whole = format!("`{key}` must be ");
    for d in diags.iter_mut().filter(|d| d.code == Code::WrongType) {
        let Some(rest) = d.message.strip_prefix(&whole) else {
            continue;
        };
        if rest.starts_with("a string,") {
            d.help = Some(format!("write each entry in quotes: `{key} = [\"...\", \"...\"]`"));
        }
        d.message = format!("each entry of `{key}` must be {rest}");
    }
}

/// Room for the keys of the largest table of the format (a feature has 16),
/// so asking for keys never reallocates: this runs for every table of every file.
const KNOWN_KEYS: usize = 16;

/// Reads the keys of one TOML table. Call [`TableReader::finish`] after the
/// last key to report the keys nobody asked for.
pub struct TableReader<'a, 'i> {
    table: &'a DeTable<'i>,
    span: Span,
    what: &'a str,
    known: Vec<&'static str>,
    /// Each required key found missing, with the place of its problem in
    /// the problems ([`TableReader::finish`] takes it back when the key is
    /// only misspelled).
    missing: Vec<(&'static str, usize)>,
}

impl<'a, 'i> TableReader<'a, 'i> {
    /// The top-level table of a file.
    pub fn root(table: &'a Spanned<DeTable<'i>>, what: &'a str) -> TableReader<'a, 'i> {
        TableReader {
            table: table.get_ref(),
            // Missing top-level keys are reported at the start of the file.
            span: Span::new(0, 0),
            what,
            known: Vec::with_capacity(KNOWN_KEYS),
            missing: Vec::new(),
        }
    }

    /// A table nested at `key`; reports a wrong type if it is not a table.
    pub fn nested(
        value: &'a Spanned<DeValue<'i>>,
        key: &str,
        what: &'a str,
        cx: &mut Cx,
    ) -> Option<TableReader<'a, 'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(TableReader {
                table,
                span: span_of(value.span()),
                what,
                known: Vec::with_capacity(KNOWN_KEYS),
                missing: Vec::new(),
            }),
            _ => {
                cx.wrong_type(key, value, "a table");
                None
            }
        }
    }

    /// The raw value at `key`, remembering that `key` is a known key.
    pub fn raw(&mut self, key: &'static str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.known.push(key);
        self.table.get(key)
    }

    /// Span of the key `key` itself, if present (for "first declared here").
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.table
            .keys()
            .find(|k| k.get_ref().as_ref() == key)
            .map(|k| span_of(k.span()))
    }

    pub fn span(&self) -> Span {
        self.span
    }

    /// An optional key.
    pub fn opt<T: FromToml>(&mut self, key: &'static str, cx: &mut Cx) -> Option<Sp<T>> {
        let value = self.raw(key)?;
        Sp::<T>::from_toml(value, key, cx)
    }

    /// An optional list; absent means empty.
    pub fn list<T: FromToml>(&mut self, key: &'static str, cx: &mut Cx) -> Vec<Sp<T>> {
        self.opt::<Vec<Sp<T>>>(key, cx).map(|v| v.value).unwrap_or_default()
    }

    /// A required key: reports it when missing.
    pub fn req<T: FromToml>(&mut self, key: &'static str, cx: &mut Cx) -> Option<Sp<T>> {
        let Some(value) = self.raw(key) else {
            self.missing.push((key, cx.diags.len()));
            self.missing(key, cx);
            return None;
        };
        Sp::<T>::from_toml(value, key, cx)
    }

    /// Reports that the required key `key` is missing.
    fn missing(&self, key: &str, cx: &mut Cx) {
        let what = self.what;
        cx.error(
            Code::MissingField,
            self.span,
            format!("{what} is missing the required key `{key}`"),
            format!("`{key}` is required here"),
            Some(format!("add `{key} = ...`; see `milepost help format`")),
        );
    }

    /// Reports every key that was not asked for, with the nearest known key.
    /// A required key reported missing whose misspelling is here (`titel`
    /// for `title`) is one mistake: only the unknown key is reported, with
    /// the key it should be. Whether every key was known.
    pub fn finish(self, cx: &mut Cx) -> bool {
        let mut misspelled = Vec::new();
        let mut all_known = true;
        for (key, _) in self.table.iter() {
            let name = key.get_ref().as_ref();
            if self.known.contains(&name) {
                continue;
            }
            all_known = false;
            // A key the table has already is not the one meant.
            let absent: Vec<&'static str> = self
                .known
                .iter()
                .copied()
                .filter(|k| !self.table.contains_key(*k))
                .collect();
            let nearest = synonym(name, &absent).or_else(|| suggest::nearest(name, absent.iter().copied()));
            if let Some(&(_, at)) = self.missing.iter().find(|(k, _)| Some(*k) == nearest) {
                misspelled.push(at);
            }
            let help = nearest
                .map(|k| format!("did you mean `{k}`?"))
                .or_else(|| Some(format!("{} accepts {}", self.what, suggest::one_of(&self.known))));
            cx.error(
                Code::UnknownField,
                span_of(key.span()),
                format!("unknown key `{name}` in {}", self.what),
                "unknown key",
                help,
            );
        }
        misspelled.sort_unstable();
        misspelled.dedup();
        for at in misspelled.into_iter().rev() {
            if at < cx.diags.len() && cx.diags[at].code == Code::MissingField {
                cx.diags.remove(at);
            }
        }
        all_known
    }
}

/// Keys other planning tools and habits spell another way (PERT's
/// `optimistic`, a tracker's `assignee`), each with the key milepost reads:
/// an unknown key found here stands for that key when the table has it
/// (the first such entry), as a misspelling does.
const SYNONYMS: &[(&str, &str)] = &[
    ("optimistic", "low"),
    ("best", "low"),
    ("best-case", "low"),
    ("min", "low"),
    ("minimum", "low"),
    ("pessimistic", "high"),
    ("worst", "high"),
    ("worst-case", "high"),
    ("max", "high"),
    ("maximum", "high"),
    ("most-likely", "likely"),
    ("most_likely", "likely"),
    ("mostlikely", "likely"),
    ("expected", "likely"),
    ("mode", "likely"),
    ("name", "title"),
    ("title", "name"),
    ("assignee", "owner"),
    ("assigned-to", "owner"),
    ("assigned_to", "owner"),
    ("assigned", "owner"),
    ("dependencies", "depends-on"),
    ("deps", "depends-on"),
    ("after", "depends-on"),
    ("blocked-by", "depends-on"),
    ("blocked_by", "depends-on"),
    ("requires", "depends-on"),
    ("effort", "estimate"),
    ("duration", "estimate"),
    ("due", "deadline"),
    ("due-date", "deadline"),
    ("due_date", "deadline"),
    ("likelihood", "probability"),
    ("chance", "probability"),
    ("start-after", "not-before"),
    ("earliest-start", "not-before"),
    ("labels", "tags"),
    ("vacation", "time-off"),
    ("leave", "time-off"),
    ("pto", "time-off"),
    ("absences", "time-off"),
    ("rate", "day-rate"),
    ("daily-rate", "day-rate"),
    ("fte", "capacity"),
    ("allocation", "capacity"),
    ("availability", "capacity"),
    ("begin", "start"),
    ("start-date", "start"),
    ("start", "from"),
    ("end", "to"),
];

/// The key of `known` that `name` (an unknown key) is another spelling of
/// ([`SYNONYMS`]), if any.
fn synonym(name: &str, known: &[&'static str]) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    SYNONYMS
        .iter()
        .filter(|(other, _)| *other == name)
        .find_map(|(_, ours)| known.iter().copied().find(|k| k == ours))
}

/// Declares a string enum: its TOML spellings, a [`FromToml`] that reports an
/// unknown value with the allowed set and the nearest match, and `as_str`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident : $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, schemars::JsonSchema)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $text)] $variant, )*
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];
            pub const NAMES: &'static [&'static str] = &[$($text,)*];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)* }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::decode::FromToml for $name {
            fn from_toml(
                value: &toml::Spanned<toml::de::DeValue<'_>>,
                key: &str,
                cx: &mut $crate::decode::Cx,
            ) -> Option<Self> {
                let text: String = $crate::decode::FromToml::from_toml(value, key, cx)?;
                match text.as_str() {
                    $($text => Some($name::$variant),)*
                    _ => {
                        let help = $crate::suggest::did_you_mean(&text, $name::NAMES.iter().copied())
                            .unwrap_or_else(|| format!("write one of {}", $crate::suggest::one_of($name::NAMES)));
                        cx.error(
                            $crate::diagnostic::Code::InvalidValue,
                            $crate::decode::span_of(value.span()),
                            format!("`{text}` is not a valid {}", $what),
                            format!("not a valid {}", $what),
                            Some(help),
                        );
                        None
                    }
                }
            }
        }
    };
}
pub(crate) use string_enum;

/// The longest one-line text (a title, a name, an id reference), in characters.
pub const MAX_LINE_CHARS: usize = 1_000;

/// The longest multi-line text (a description, a mitigation), in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// Keys whose text may run over several lines.
const MULTILINE: &[&str] = &["description", "mitigation"];

/// A string from a plan file as milepost keeps it ([`crate::text::shown`]):
/// so that no output for people, whatever its format or template, carries
/// a control character or a bidirectional override to a terminal or a page.
/// The first such character is reported as a warning at the value.
fn text(s: &str, key: &str, span: Span, cx: &mut Cx) -> Option<String> {
    let multiline = MULTILINE.contains(&key);
    // A file's CRLF line endings, which TOML allows, are line breaks in a
    // text of several lines, not characters of it.
    let crlf;
    let s = if multiline && s.contains("\r\n") {
        crlf = s.replace("\r\n", "\n");
        crlf.as_str()
    } else {
        s
    };
    let limit = if multiline { MAX_TEXT_CHARS } else { MAX_LINE_CHARS };
    if s.len() > limit && s.chars().count() > limit {
        cx.error(
            Code::OutOfRange,
            span,
            format!("`{key}` is {} characters long: at most {limit}", s.chars().count()),
            "too long",
            Some(if multiline {
                "keep the plan's text short: write a longer document elsewhere in the repository and link to it".into()
            } else {
                "a one-line field is a name or a title: put the rest in `description`".into()
            }),
        );
        return None;
    }
    let Some(first) = s.chars().find(|&c| !crate::text::is_shown(c, multiline)) else {
        return Some(s.to_string());
    };
    let line_break = matches!(first, '\n' | '\r') || crate::text::is_separator(first);
    let (what, shown, help) = match first {
        '\r' if multiline => (
            "a carriage return".to_string(),
            "left out",
            "end lines with a line break alone (`\\n`)",
        ),
        c if multiline && crate::text::is_separator(c) => (
            format!("a line separator (U+{:04X})", u32::from(c)),
            "shown as a line break",
            "write a line break instead",
        ),
        c if crate::text::is_separator(c) => (
            format!("a line separator (U+{:04X})", u32::from(c)),
            "shown as a space",
            "write it on one line",
        ),
        _ if line_break => ("a line break".to_string(), "shown as a space", "write it on one line"),
        '\t' => ("a tab".to_string(), "shown as a space", "write a space instead"),
        c if crate::text::is_bidi(c) => (
            format!("a bidirectional override (U+{:04X})", u32::from(c)),
            "shown as `\u{FFFD}`",
            "remove it: such characters can rewrite a terminal or reorder what a reviewer sees",
        ),
        c => (
            format!("a control character (U+{:04X})", u32::from(c)),
            "shown as `\u{FFFD}`",
            "remove it: such characters can rewrite a terminal or reorder what a reviewer sees",
        ),
    };
    cx.diags.push(
        Diagnostic::new(Code::ControlCharacter, format!("`{key}` holds {what}, {shown}"))
            .at(cx.file, span, "here")
            .help(help),
    );
    Some(crate::text::shown(s, multiline).into_owned())
}
