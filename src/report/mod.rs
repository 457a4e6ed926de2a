//! `milepost report`: the plan and its schedule as Markdown, through
//! templates.
//!
//! [`build`](build::build) turns a valid plan and its schedule into a
//! serializable [`Context`](context::Context); [`templates`] renders it
//! with the embedded defaults, a user's overrides, or a user's template.

pub mod build;
pub mod context;
pub mod gantt;
pub mod since;
pub mod templates;

use std::path::Path;

use minijinja::value::{Serde, Value};

use crate::error::Result;

/// Renders template `name` (from the overrides or the defaults), or the
/// template text `user` (named for error messages), with `context`.
pub fn render(
    context: &context::Context,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
) -> Result<String> {
    render_any(context, context.project.currency.clone(), overrides, name, user)
}

/// [`render_value`] for any serializable context.
pub fn render_any<C: serde::Serialize>(
    context: &C,
    currency: Option<String>,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
) -> Result<String> {
    render_value(Value::from(Serde(context)), currency, overrides, name, user)
}

/// [`render`] with a context already made a template value (the history
/// converts its change log on two cores, see
/// [`crate::history::context::template_context`]); `currency` is what the
/// `money` filter uses.
pub fn render_value(
    context: Value,
    currency: Option<String>,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
) -> Result<String> {
    let mut env = templates::environment(overrides, currency)?;
    let name = match user {
        Some((user_name, source)) => {
            env.add_template_owned(user_name.clone(), source)
                .map_err(|e| templates::template_error(&e))?;
            user_name
        }
        None => name.to_string(),
    };
    let template = env.get_template(&name).map_err(|e| templates::template_error(&e))?;
    let rendered = template.render(&context);
    // A long history's context is a tree of hundreds of thousands of
    // values: freed on another core while this one tidies and writes.
    if crate::par::threads() > 1 {
        std::thread::spawn(move || drop(context));
    }
    let mut text = rendered.map_err(|e| templates::template_error(&e))?;
    tidy(&mut text);
    Ok(text)
}

/// Markdown output ends with exactly one newline and has no runs of more
/// than one blank line, whatever the template's whitespace.
fn tidy(text: &mut String) {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    *text = out;
}
