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

/// [`render`] for any serializable context (the history's, say); `currency`
/// is what the `money` filter uses.
pub fn render_any<C: serde::Serialize>(
    context: &C,
    currency: Option<String>,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
) -> Result<String> {
    let mut env = templates::environment(overrides, currency)?;
    let name = with_user(&mut env, name, user)?;
    let template = env.get_template(&name).map_err(|e| templates::template_error(&e))?;
    render_template(&template, context)
}

/// Renders a history template ([`render_any`] with the history's context);
/// when the template prints `change_log` (the default `history.md` does),
/// that is the change log rendered by `history-log.md` in parts, on all
/// cores: thousands of commits make it most of the document.
pub fn render_history(
    history: &crate::history::History,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
) -> Result<String> {
    let mut env = templates::environment(overrides, history.currency.clone())?;
    let name = with_user(&mut env, name, user)?;
    let template = env.get_template(&name).map_err(|e| templates::template_error(&e))?;
    let change_log = if template.undeclared_variables(false).contains("change_log") {
        Some(change_log(&env, &history.log)?)
    } else {
        None
    };
    #[derive(serde::Serialize)]
    struct WithLog<'h> {
        #[serde(flatten)]
        history: &'h crate::history::History,
        #[serde(skip_serializing_if = "Option::is_none")]
        change_log: Option<String>,
    }
    render_template(&template, &WithLog { history, change_log })
}

/// The change log, rendered by `history-log.md` in as many consecutive
/// parts as there are cores (one for a short log), joined in order.
fn change_log(env: &minijinja::Environment<'_>, log: &[crate::history::LogEntry]) -> Result<String> {
    let template = env
        .get_template("history-log.md")
        .map_err(|e| templates::template_error(&e))?;
    let parts = if log.len() < 64 {
        1
    } else {
        crate::par::threads().clamp(1, 8)
    };
    let size = log.len().div_ceil(parts).max(1);
    let render = |part: &[crate::history::LogEntry]| {
        template
            .render(minijinja::context! { log => Value::from(Serde(part)) })
            .map_err(|e| templates::template_error(&e))
    };
    let mut chunks = log.chunks(size);
    let first = chunks.next().unwrap_or_default();
    let rendered: Vec<Result<String>> = std::thread::scope(|scope| {
        let others: Vec<_> = chunks.map(|part| scope.spawn(move || render(part))).collect();
        let mut all = vec![render(first)];
        for handle in others {
            match handle.join() {
                Ok(part) => all.push(part),
                // A panic while rendering is a bug: let it surface as one.
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    rendered
        .into_iter()
        .collect::<Result<Vec<String>>>()
        .map(|parts| parts.concat())
}

/// Adds the user's template to `env` when given; the name to render.
fn with_user(env: &mut minijinja::Environment<'static>, name: &str, user: Option<(String, String)>) -> Result<String> {
    Ok(match user {
        Some((user_name, source)) => {
            env.add_template_owned(user_name.clone(), source)
                .map_err(|e| templates::template_error(&e))?;
            user_name
        }
        None => name.to_string(),
    })
}

/// Renders `template` with `context`, tidied.
fn render_template<C: serde::Serialize>(template: &minijinja::Template<'_, '_>, context: &C) -> Result<String> {
    let context = Value::from(Serde(context));
    let rendered = template.render(&context);
    // A long history's context is a tree of hundreds of thousands of
    // values: freed on another core while this one tidies and writes.
    std::thread::spawn(move || drop(context));
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
