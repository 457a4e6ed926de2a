//! The template engine: minijinja with strict undefined variables, the
//! default templates embedded in the binary, overrides from a directory, and
//! the filters reports need.
//!
//! Templates cannot reach the file system beyond the override directory (the
//! only loader, which refuses absolute paths, `..` and links leading out of
//! it) and cannot run anything: minijinja has no such facility and none is
//! registered.

use std::path::{Path, PathBuf};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, ErrorKind, UndefinedBehavior};

use crate::error::{Error, Result};

mod filters;

/// The default templates of `report` and `history`, which `report
/// --init-templates` writes: (name, source).
pub const REPORT: &[(&str, &str)] = &[
    ("status.md", include_str!("templates/status.md")),
    ("status-exec.md", include_str!("templates/status-exec.md")),
    ("roadmap.md", include_str!("templates/roadmap.md")),
    ("gantt.md", include_str!("templates/gantt.md")),
    ("risks.md", include_str!("templates/risks.md")),
    ("history.md", include_str!("templates/history.md")),
    ("history-item.md", include_str!("templates/history-item.md")),
    ("layout.html", include_str!("templates/layout.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("status.html", include_str!("templates/status.html")),
    ("status-exec.html", include_str!("templates/status-exec.html")),
    ("roadmap.html", include_str!("templates/roadmap.html")),
    ("roadmap-section.html", include_str!("templates/roadmap-section.html")),
    ("gantt.html", include_str!("templates/gantt.html")),
    ("gantt-section.html", include_str!("templates/gantt-section.html")),
    ("risks.html", include_str!("templates/risks.html")),
    ("risks-section.html", include_str!("templates/risks-section.html")),
];

/// The default template of `diff --format markdown`, which `diff
/// --init-templates` writes: (name, source).
pub const DIFF: &[(&str, &str)] = &[("diff.md", include_str!("templates/diff.md"))];

/// The default template of that name.
pub fn default_source(name: &str) -> Option<&'static str> {
    REPORT.iter().chain(DIFF).find(|(n, _)| *n == name).map(|(_, s)| *s)
}

/// Whether `name` is a template name a loader may look up: `/`-separated
/// segments of letters, digits, `-`, `_` and `.`, none of them `.` or `..`.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
}

/// Checks that `--templates` names a directory (before a long history walk,
/// not after it).
pub fn check_dir(overrides: Option<&Path>) -> Result<()> {
    match overrides {
        Some(dir) if !dir.is_dir() => Err(Error::TemplatesDir {
            path: dir.to_path_buf(),
            exists: dir.exists(),
        }),
        _ => Ok(()),
    }
}

/// An environment with the filters, strict undefined behaviour, and
/// templates from `overrides` (when given) before the defaults; a template
/// there that is `output`, the file `-o` writes, is refused when read (the
/// output would replace it).
pub fn environment(
    overrides: Option<&Path>,
    currency: Option<String>,
    output: Option<&Path>,
) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    // Keeps each template's source for its errors, which then quote the
    // offending line (minijinja turns this on only in debug builds).
    env.set_debug(true);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .map_err(|e| template_error(&e))?,
    );
    // Loops over huge plans are fine; a template recursing forever is not.
    env.set_recursion_limit(64);
    check_dir(overrides)?;
    let dir = match overrides {
        Some(dir) => Some(dir.canonicalize().map_err(|e| Error::io(dir, e))?),
        None => None,
    };
    let output = output.and_then(crate::output::resolved);
    env.set_loader(move |name| load(dir.as_deref(), name, output.as_deref()));
    filters::register(&mut env, currency);
    Ok(env)
}

fn load(
    dir: Option<&Path>,
    name: &str,
    output: Option<&Path>,
) -> std::result::Result<Option<String>, minijinja::Error> {
    if !safe_name(name) {
        // Not `TemplateNotFound`: `include` reports that as "non-existing
        // template" and drops this explanation.
        return Err(minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("`{name}` is not a template name: use a relative path without `..`"),
        ));
    }
    if let Some(dir) = dir {
        let path: PathBuf = dir.join(name);
        if let Ok(meta) = std::fs::metadata(&path) {
            // A named pipe or a device could block, or never end.
            if let Some(kind) = crate::output::not_a_file(&meta) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`{}` is {kind}, not a template file", path.display()),
                ));
            }
            // A symbolic link may not lead out of the directory.
            let real = path.canonicalize().map_err(|e| io_error(&path, &e))?;
            if !real.starts_with(dir) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`{}` leads outside the template directory", path.display()),
                ));
            }
            if output == Some(real.as_path()) {
                return Err(minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!(
                        "`{}` is the file `-o` writes: the output would replace a template it is made from; write it elsewhere",
                        path.display()
                    ),
                ));
            }
            let invalid = |what: String| minijinja::Error::new(ErrorKind::InvalidOperation, what);
            let bytes = crate::output::read_regular(&real, MAX_TEMPLATE_BYTES + 1, "--templates")
                .map_err(|e| invalid(e.to_string()))?
                .unwrap_or_default();
            too_large(&path, &bytes).map_err(invalid)?;
            let text = String::from_utf8(bytes).map_err(|e| {
                io_error(
                    &path,
                    &std::io::Error::new(std::io::ErrorKind::InvalidData, crate::output::not_utf8(&e)),
                )
            })?;
            return Ok(Some(text));
        }
    }
    Ok(default_source(name).map(str::to_string))
}

/// The most a template file may hold: 4 MiB, as a plan file (the
/// built-in ones hold a few kilobytes).
pub const MAX_TEMPLATE_BYTES: u64 = crate::source::MAX_FILE_BYTES;

/// `Err` saying so when `bytes`, read from `path` with one byte more than
/// [`MAX_TEMPLATE_BYTES`] allowed, are more than a template may hold.
pub fn too_large(path: &Path, bytes: &[u8]) -> std::result::Result<(), String> {
    match u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_TEMPLATE_BYTES {
        true => Err(format!(
            "`{}` is larger than the {} MiB a template may hold",
            path.display(),
            MAX_TEMPLATE_BYTES / (1024 * 1024)
        )),
        false => Ok(()),
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> minijinja::Error {
    minijinja::Error::new(
        ErrorKind::InvalidOperation,
        format!("cannot read `{}`: {e}", path.display()),
    )
}

/// A template problem as a milepost error: what, in which template and
/// line, and the line itself.
pub fn template_error(e: &minijinja::Error) -> Error {
    // The innermost error with a place: in a template that another
    // includes, imports or extends, where the mistake is.
    let mut chain = vec![e];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(inner) = s.downcast_ref::<minijinja::Error>() {
            chain.push(inner);
        }
        source = s.source();
    }
    let at = chain
        .iter()
        .rev()
        .find(|m| m.name().is_some() && m.line().is_some())
        .copied()
        .unwrap_or(e);
    let mut message = match at.detail() {
        Some(detail) => format!("{}: {detail}", at.kind()),
        // What a render may do is bounded (`fuel`).
        None if at.kind() == ErrorKind::OutOfFuel => {
            "the template did more work, or made more text, than a report of this plan can need: a loop over a range too large, or text repeated without end?".into()
        }
        None => at.kind().to_string(),
    };
    let mut source = std::error::Error::source(at);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    // Where the render reached it from, when that is elsewhere.
    if !std::ptr::eq(at, e)
        && let (Some(name), Some(line)) = (e.name(), e.line())
        && at.name() != Some(name)
    {
        message.push_str(&format!(" (reached from `{name}`, line {line})"));
    }
    let line_text = match (at.template_source(), at.line()) {
        (Some(src), Some(line)) if line > 0 => src.lines().nth(line - 1).map(|l| l.trim().to_string()),
        _ => None,
    };
    Error::Template {
        name: at.name().map(str::to_string),
        line: at.line(),
        message,
        line_text,
    }
}

/// Renders template `name` (from the overrides or the defaults), or the
/// template text `user` (named for error messages), with a report's
/// `context`; each field of it is made a template value when the template
/// first reads it ([`crate::report::value`]).
pub fn render(
    context: crate::report::context::Context,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
    output: Option<&Path>,
) -> Result<String> {
    let currency = context.project.currency.clone();
    let size = report_size(&context);
    let value = crate::report::value::LazyContext::value(context);
    render_in(environment(overrides, currency, output)?, value, name, user, size)
}

/// How many items a report's context holds, for [`fuel`].
fn report_size(context: &crate::report::context::Context) -> usize {
    context.features.len() + context.cut.len() + context.milestones.len() + context.risks.len() + context.people.len()
}

/// [`render_value`] for any serializable context.
pub fn render_any<C: serde::Serialize>(
    context: &C,
    currency: Option<String>,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
    (size, output): (usize, Option<&Path>),
) -> Result<String> {
    render_value(
        Value::from(Serde(context)),
        currency,
        overrides,
        name,
        user,
        (size, output),
    )
}

/// [`render`] as HTML (`report --format html`): every value escaped for
/// HTML ([`crate::render::html`]), and `gantt_svg`, the chart's SVG
/// markup, a variable every template sees beside the context.
pub fn render_html(
    context: crate::report::context::Context,
    gantt_svg: String,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
    output: Option<&Path>,
) -> Result<String> {
    let currency = context.project.currency.clone();
    let size = report_size(&context);
    let value = crate::report::value::LazyContext::value(context);
    let mut env = environment(overrides, currency, output)?;
    crate::render::html::configure(&mut env);
    env.add_global("gantt_svg", Value::from_safe_string(gantt_svg));
    render_in(env, value, name, user, size)
}

/// [`render`] with a context already made a template value (the history
/// converts its change log on two cores, see
/// [`crate::history::context::template_context`]); `currency` is what the
/// `money` filter uses; `size`, how many items it holds ([`fuel`]);
/// `output`, the file `-o` writes ([`environment`]).
pub fn render_value(
    context: Value,
    currency: Option<String>,
    overrides: Option<&Path>,
    name: &str,
    user: Option<(String, String)>,
    (size, output): (usize, Option<&Path>),
) -> Result<String> {
    render_in(environment(overrides, currency, output)?, context, name, user, size)
}

/// The work a render may do ([`Environment::set_fuel`]) with a context of
/// `size` items (features, milestones, risks, people, commits, changes):
/// 16 M steps (a step is about one instruction of the template, or 64
/// bytes of text it makes) and 1,024 more an item. The default templates
/// take about 120 steps a feature (0.6 M for a status report of 5,000), so
/// a template that shows a plan has room many times over; one that loops
/// without end, or makes text without end, stops with an error after a
/// few seconds, having made a gigabyte or so of text (a few on a plan of
/// many thousand features), instead of taking the machine's memory.
pub fn fuel(size: usize) -> u64 {
    (1 << 24) + 1024 * u64::try_from(size).unwrap_or(u64::MAX / 2048)
}

/// Renders template `name`, or the template text `user`, in `env`, with a
/// context of `size` items ([`fuel`]).
fn render_in(
    mut env: Environment<'static>,
    context: Value,
    name: &str,
    user: Option<(String, String)>,
    size: usize,
) -> Result<String> {
    let name = match user {
        Some((user_name, source)) => {
            env.add_template_owned(user_name.clone(), source)
                .map_err(|e| template_error(&e))?;
            user_name
        }
        None => name.to_string(),
    };
    env.set_fuel(Some(fuel(size)));
    let template = env.get_template(&name).map_err(|e| template_error(&e))?;
    let rendered = template.render(&context);
    // A long history's context is a tree of hundreds of thousands of
    // values: freed on another core while this one tidies and writes.
    crate::par::free(context);
    let mut text = rendered.map_err(|e| template_error(&e))?;
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

#[cfg(test)]
mod tests {
    use super::filters::number;
    use super::*;

    /// `source` rendered as template `name`, with no context, for a
    /// project in `currency`.
    fn render(name: &str, source: &str, currency: Option<&str>) -> Result<String, minijinja::Error> {
        let Ok(mut env) = environment(None, currency.map(String::from), None) else {
            panic!("no environment");
        };
        env.add_template_owned(name.to_string(), source.to_string())?;
        env.get_template(name).and_then(|t| t.render(()))
    }

    /// `md` gives text, never a value marked safe: in a template that
    /// escapes HTML (by its name), `safe | md` is escaped like `md`.
    #[test]
    fn md_never_passes_a_safe_mark_on() {
        let source = "{{ 'a/b' | safe | md }} {{ 'a/b' | md }} {{ 'plain' | md }}";
        let out = render("t.html", source, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "a&#x2f;b a&#x2f;b plain");
    }

    /// `code` puts ids and paths in a code span, and escapes anything else.
    #[test]
    fn code_spans_only_what_they_can_hold() {
        let source = "{{ 'a/b.toml:5' | code }} {{ 'a|`b`' | code }} [{{ none | code }}]";
        let out = render("t.md", source, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "`a/b.toml:5` a\\|\\`b\\` []");
    }

    /// `money` uses the project's currency, or the one it is given.
    #[test]
    fn money_takes_another_currency() {
        let source = "{{ 1200 | money }} {{ 1200 | money('USD') }} {{ -1200 | money(none) }}";
        let out = render("t.md", source, Some("EUR")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(out, "€1,200 $1,200 -1,200");
        let wrong = render("t.md", "{{ 1 | money('EUR', 'USD') }}", None).map_err(|e| e.to_string());
        assert!(
            wrong.as_ref().is_err_and(|e| e.contains("one currency code at most")),
            "{wrong:?}"
        );
    }

    /// The figure filters write what `crate::render::vocab` writes, and take `none`.
    #[test]
    fn figure_filters_are_the_vocabulary() {
        let source = "{{ 4.26 | days }} {{ -3 | signed_days }} {{ 0 | signed_days }} {{ 2.5 | signed }} \
            {{ 1 | working_days }} {{ -9 | signed_working_days }} {{ -2 | margin }} \
            {{ 0.999 | percent }} {{ 0.0001 | percent }} {{ 1 | percent }} {{ 1 | chance }} {{ 1000 | signed_money }} \
            {{ -5 | signed_money('USD') }} [{{ none | days }}{{ none | percent }}]";
        let out = render("t.md", source, Some("EUR")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out,
            "4.3d -3d 0d +2.5 1 working day -9 working days 2d late >99% <1% 100% >99% +€1,000 -$5 []"
        );
    }

    /// A figure filter reads any number as it is (integers, fractions,
    /// integers past `i64`, integral floats), `true` as 1, `none` as
    /// nothing, and refuses text.
    #[test]
    fn figure_filters_read_every_kind_of_number() {
        let n = |v: Value| number(&v).map_err(|e| e.to_string());
        assert_eq!(n(Value::from(3)), Ok(Some(3.0)));
        assert_eq!(n(Value::from(-2.5)), Ok(Some(-2.5)));
        assert_eq!(n(Value::from(4.0)), Ok(Some(4.0)));
        assert_eq!(n(Value::from(u64::MAX)), Ok(Some(u64::MAX as f64)));
        assert_eq!(n(Value::from(1e300)), Ok(Some(1e300)));
        assert_eq!(n(Value::from(true)), Ok(Some(1.0)));
        assert_eq!(n(Value::from(())), Ok(None));
        assert!(n(Value::from("5")).is_err_and(|e| e.contains("expected a number")));
        let out = render("t.md", "{{ 0.25 | percent }} {{ true | days }} {{ 7 | days }}", None);
        assert_eq!(out.map_err(|e| e.to_string()), Ok("25% 1d 7d".to_string()));
    }

    /// `field_change` writes a field change as `diff` does, from the
    /// context's object.
    #[test]
    fn field_change_is_the_diff_wording() {
        let source = "{% set f = {'field': 'finished', 'before': none, 'after': '2026-11-27', 'before_days': none, 'after_days': none} %}\
            {{ f | field_change('changed') }}; {{ f | field_change('added') }}; \
            {{ {'field': 'estimate', 'before': '1w', 'after': '8d', 'before_days': 5, 'after_days': 8} | field_change('changed') }}";
        let out = render("t.md", source, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            out,
            "finished: (none) → 2026-11-27; finished: 2026-11-27; estimate: 1w → 8d (5 → 8 working days)"
        );
        let wrong = render("t.md", "{{ 'x' | field_change('changed') }}", None).map_err(|e| e.to_string());
        assert!(
            wrong.as_ref().is_err_and(|e| e.contains("takes a field change")),
            "{wrong:?}"
        );
    }

    #[test]
    fn template_names_stay_inside_the_directory() {
        assert!(safe_name("status.md"));
        assert!(safe_name("partials/header.md"));
        assert!(!safe_name("../secret.md"));
        assert!(!safe_name("/etc/passwd"));
        assert!(!safe_name("a//b"));
        assert!(!safe_name("a/./b"));
        assert!(!safe_name("C:\\x"));
    }

    /// `grouped_by` keeps each group in the items' order (the map iterates
    /// by key, as every map does); a key no item has gives nothing,
    /// which `default` turns into an empty list even with strict undefined
    /// values; an item without the attribute is an error that names it.
    #[test]
    fn grouped_by_groups_in_order() {
        let items =
            r#"{% set items = [{"m": "b", "n": 1}, {"m": "a", "n": 2}, {"m": "b", "n": 3}, {"m": none, "n": 4}] %}"#;
        let source = format!(
            "{items}{{% set g = items | grouped_by(\"m\") %}}\
             {{% for k in g %}}{{{{ k if k is not none else \"-\" }}}}:{{{{ g[k] | map(attribute=\"n\") | join(\",\") }}}};{{% endfor %}}\
             |{{{{ g[\"z\"] | default([]) | length }}}}|{{{{ g[\"b\"] | length }}}}"
        );
        let grouped = render("g.md", &source, None).map_err(|e| e.to_string());
        assert_eq!(grouped.as_deref(), Ok("-:4;a:2;b:1,3;|0|2"));
        let missing = render("g.md", &format!("{items}{{{{ items | grouped_by(\"x\") }}}}"), None);
        assert!(
            missing
                .as_ref()
                .is_err_and(|e| e.to_string().contains("an item has no attribute `x`")),
            "{missing:?}"
        );
    }
}
