//! HTML output: the reports as one self-contained page (`milepost report
//! --format html`), through the same templates mechanism as the Markdown
//! ([`crate::render::templates`]), from the same context.
//!
//! - [`escape`]: text from the plan as HTML text or a quoted attribute
//!   value. `&`, `<`, `>`, `"` and `'` become entities, so no tag,
//!   attribute or entity survives; any character a page would act on (a
//!   control, a bidirectional override: [`crate::text`]) becomes `�`; line
//!   breaks and tabs stay (white space to HTML).
//! - [`configure`]: what an environment rendering HTML does differently:
//!   every template escapes every value it prints that is not marked safe
//!   with [`escape`] (whatever the template's name: the output is HTML),
//!   `escape` (`e`) is that escaping, and the Markdown filters (`md`,
//!   `code`, `mermaid`) stop with an error that says what to write
//!   instead, since Markdown escaping means nothing in HTML.
//! - [`gantt_svg`]: the Gantt chart the page shows, drawn by
//!   [`crate::render::svg`], which templates print as it is (`gantt_svg`).

use std::borrow::Cow;
use std::fmt::{self, Write};

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State};

/// `text` escaped for HTML text or a quoted attribute value (see the
/// module's documentation). Borrowed when nothing changes.
pub fn escape(text: &str) -> Cow<'_, str> {
    if text.bytes().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    // Writing to a String cannot fail.
    let _ = write_escaped(&mut out, text);
    Cow::Owned(out)
}

/// An ASCII byte [`escape`] copies as it is.
fn plain(b: u8) -> bool {
    matches!(b, b' '..=b'~' | b'\n' | b'\t') && !matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')
}

/// [`escape`], written to `out` piece by piece.
fn write_escaped(out: &mut impl Write, text: &str) -> fmt::Result {
    if text.bytes().all(plain) {
        return out.write_str(text);
    }
    let mut start = 0;
    for (i, c) in text.char_indices() {
        let replaced = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            // A carriage return is dropped: `\r\n` is a line break.
            '\r' => "",
            c if crate::text::is_shown(c, true) => continue,
            _ => "\u{FFFD}",
        };
        out.write_str(&text[start..i])?;
        out.write_str(replaced)?;
        start = i + c.len_utf8();
    }
    out.write_str(&text[start..])
}

/// Sets up `env` for HTML: escaping by [`escape`] on for every template,
/// the `escape` filter, and the Markdown filters refused with a hint.
pub fn configure(env: &mut Environment<'static>) {
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(formatter);
    let escape_filter = |v: Value| -> Value {
        if v.is_safe() {
            return v;
        }
        let text = match v.as_str() {
            Some(s) => escape(s).into_owned(),
            None => escape(&v.to_string()).into_owned(),
        };
        Value::from_safe_string(text)
    };
    env.add_filter("escape", escape_filter);
    env.add_filter("e", escape_filter);
    for (name, instead) in [
        (
            "md",
            "print the value as it is (`{{ f.title }}`): every value is escaped for HTML already",
        ),
        (
            "code",
            "write `<code>{{ f.id }}</code>`: every value is escaped for HTML already",
        ),
        ("mermaid", "HTML reports draw the Gantt chart as SVG: print `gantt_svg`"),
    ] {
        env.add_filter(name, move |_: Value| -> Result<Value, minijinja::Error> {
            Err(minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("the `{name}` filter is for Markdown and this template renders HTML: {instead}"),
            ))
        });
    }
}

/// Prints a value in an HTML template: as it is when marked safe (or in a
/// block with escaping turned off), else escaped by [`escape`].
fn formatter(out: &mut Output, state: &mut State, value: &Value) -> Result<(), minijinja::Error> {
    if value.is_safe() || *state.auto_escape() == AutoEscape::None {
        return minijinja::escape_formatter(out, state, value);
    }
    let written = match value.as_str() {
        Some(s) => write_escaped(out, s),
        None if value.is_none() => out.write_str("none"),
        None => write_escaped(out, &value.to_string()),
    };
    written.map_err(|_| minijinja::Error::new(ErrorKind::WriteFailure, "cannot write the output"))
}

/// What the Gantt chart of an HTML report is drawn from.
#[derive(Clone, Copy)]
pub struct GanttSlot<'a> {
    pub plan: &'a crate::plan::Plan,
    pub schedule: &'a crate::schedule::Schedule,
    /// The Monte Carlo forecast, when the report made one (`--runs`): each
    /// milestone's P50 to P95.
    pub forecast: Option<&'a crate::forecast::Forecast>,
    /// A group of rows per milestone or per person (`--by`).
    pub by: crate::render::mermaid::GanttBy,
}

/// The Gantt chart of an HTML report: the SVG chart of
/// [`crate::render::svg`] (which escapes the plan's text inside it), to
/// print as it is.
pub fn gantt_svg(slot: &GanttSlot<'_>) -> String {
    use crate::render::svg::{GanttInput, GanttOptions, gantt};
    let mut input = GanttInput::new(slot.plan, slot.schedule);
    if let Some(forecast) = slot.forecast {
        input = input.with_forecast(forecast);
    }
    gantt(&input, &GanttOptions::by(slot.by))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_reads_and_replaces_what_a_page_acts_on() {
        assert!(matches!(escape("plain text, 100% / ok"), Cow::Borrowed(_)));
        assert_eq!(
            escape(r#"<img src=x onerror="alert(1)"> & 'q'"#),
            "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &#39;q&#39;"
        );
        assert_eq!(escape("a\u{1b}[31mb\u{7}"), "a\u{FFFD}[31mb\u{FFFD}");
        assert_eq!(escape("abc\u{202E}def\u{2066}é"), "abc\u{FFFD}def\u{FFFD}é");
        assert_eq!(escape("two\r\nlines\tx"), "two\nlines\tx");
        assert_eq!(escape("a\u{9b}b\u{7f}\u{0}"), "a\u{FFFD}b\u{FFFD}\u{FFFD}");
        assert_eq!(escape("&amp;"), "&amp;amp;");
    }

    fn render(source: &str) -> Result<String, minijinja::Error> {
        let mut env = Environment::new();
        configure(&mut env);
        env.add_template_owned("t.md".to_string(), source.to_string())?;
        let ctx = minijinja::context! { t => "<b>\u{202E}</b>", n => 3, nothing => () };
        env.get_template("t.md").and_then(|t| t.render(ctx))
    }

    /// Every template escapes, whatever its name; `safe` and `e` do what
    /// they say; `none` prints as in Markdown templates.
    #[test]
    fn every_value_is_escaped_unless_marked_safe() {
        let out = render("{{ t }}|{{ t | e }}|{{ t | e | e }}|{{ '<i>' | safe }}|{{ n }}|{{ nothing }}|{{ [t] }}");
        assert_eq!(
            out.map_err(|e| e.to_string()).as_deref(),
            Ok(
                "&lt;b&gt;\u{FFFD}&lt;/b&gt;|&lt;b&gt;\u{FFFD}&lt;/b&gt;|&lt;b&gt;\u{FFFD}&lt;/b&gt;|<i>|3|none|[&#39;&lt;b&gt;\u{FFFD}&lt;/b&gt;&#39;]"
            )
        );
    }

    #[test]
    fn the_markdown_filters_say_what_to_write_instead() {
        let out = render("{{ t | md }}").map_err(|e| e.to_string());
        assert!(
            out.as_ref()
                .is_err_and(|e| e.contains("`md` filter is for Markdown") && e.contains("{{ f.title }}")),
            "{out:?}"
        );
        assert!(render("{{ t | code }}").is_err());
        assert!(render("{{ t | mermaid }}").is_err());
    }
}
