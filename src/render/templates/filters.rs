//! The filters templates use (`md`, `code`, `mermaid`, `date`, the
//! figures of [`crate::render::vocab`], `money`, `field_change`,
//! `grouped_by`), registered on every environment.

use minijinja::value::{Rest, Value};
use minijinja::{Environment, ErrorKind};

use crate::render::vocab;

pub(super) fn register(env: &mut Environment<'static>, currency: Option<String>) {
    env.add_filter("md", |v: Value| match v.as_str() {
        // Nothing to escape (most text): passed on, not copied. (A value
        // marked safe is copied all the same: what `md` gives is never
        // marked safe, so that a template that escapes HTML escapes it.)
        Some(s) if !v.is_safe() && crate::render::markdown::is_plain(s) => Ok(v),
        Some(s) => Ok(Value::from(crate::render::markdown::inline(s))),
        None => text(&v).map(|t| Value::from(crate::render::markdown::inline(&t))),
    });
    env.add_filter("code", |v: Value| text(&v).map(|t| crate::render::markdown::code(&t)));
    env.add_filter("mermaid", |v: Value| {
        text(&v).map(|t| crate::render::mermaid::mermaid_text(&t))
    });
    env.add_filter("date", date);
    // Figures, written as every other output writes them (`crate::render::vocab`).
    let figure = |f: fn(f64) -> String| move |v: Value| number(&v).map(|n| n.map(f).unwrap_or_default());
    env.add_filter("days", figure(vocab::days));
    env.add_filter("signed_days", figure(vocab::signed_days));
    env.add_filter("signed", figure(vocab::signed_number));
    env.add_filter("working_days", figure(vocab::working_days));
    env.add_filter("signed_working_days", figure(vocab::signed_working_days));
    env.add_filter("margin", figure(vocab::margin));
    env.add_filter("percent", figure(vocab::percent));
    env.add_filter("chance", figure(vocab::chance));
    let project = currency.clone();
    env.add_filter("money", move |v: Value, other: Rest<Value>| {
        money(&v, project.as_deref(), &other, vocab::money)
    });
    env.add_filter("signed_money", move |v: Value, other: Rest<Value>| {
        money(&v, currency.as_deref(), &other, vocab::signed_money)
    });
    env.add_filter("field_change", field_change);
    env.add_filter("grouped_by", grouped_by);
}

/// `items | grouped_by("attr")`: a map from each value of the attribute
/// `attr` to the items that have it, in their order; made in one pass over
/// the items, where a `selectattr` for each value would pass over them all
/// once per value.
fn grouped_by(items: Value, attr: String) -> Result<Value, minijinja::Error> {
    let mut keys: Vec<Value> = Vec::new();
    let mut groups: Vec<Vec<Value>> = Vec::new();
    let mut group_of: std::collections::HashMap<Value, usize> = std::collections::HashMap::new();
    for item in items.try_iter()? {
        let key = item.get_attr(&attr)?;
        if key.is_undefined() {
            return Err(minijinja::Error::new(
                ErrorKind::UndefinedError,
                format!("`grouped_by`: an item has no attribute `{attr}`"),
            ));
        }
        let g = *group_of.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            groups.push(Vec::new());
            groups.len() - 1
        });
        if let Some(group) = groups.get_mut(g) {
            group.push(item);
        }
    }
    Ok(Value::from_pairs(
        keys.into_iter().zip(groups.into_iter().map(Value::from)),
    ))
}

/// `money`, in the project's currency, or `money(code)`: in that currency
/// instead (`money(none)`: in none, as a plain number); `signed_money` alike.
fn money(
    v: &Value,
    project: Option<&str>,
    other: &[Value],
    write: fn(f64, Option<&str>) -> String,
) -> Result<String, minijinja::Error> {
    let currency = match other {
        [] => project,
        [c] if c.is_none() => None,
        [c] => Some(c.as_str().ok_or_else(|| {
            minijinja::Error::new(
                ErrorKind::InvalidOperation,
                format!("`money` takes a currency code such as \"EUR\", not `{c}`"),
            )
        })?),
        _ => {
            return Err(minijinja::Error::new(
                ErrorKind::TooManyArguments,
                "`money` takes one currency code at most",
            ));
        }
    };
    number(v).map(|n| n.map(|n| write(n, currency)).unwrap_or_default())
}

/// `f | field_change(change)`: a field change (a `FieldDiff`: `field`,
/// `before`, `after`, `before_days`, `after_days`) in words, as `diff` and
/// `history` write it; `change` is the item's (`added` lists the value alone).
fn field_change(v: Value, change: Option<String>) -> Result<String, minijinja::Error> {
    let not_a_change = || {
        minijinja::Error::new(
            ErrorKind::InvalidOperation,
            format!("`field_change` takes a field change (with `field`, `before` and `after`), not `{v}`"),
        )
    };
    let attr = |key: &str| -> Result<Option<Value>, minijinja::Error> {
        let x = v.get_attr(key).map_err(|_| not_a_change())?;
        Ok((!x.is_undefined() && !x.is_none()).then_some(x))
    };
    let field = attr("field")?.ok_or_else(not_a_change)?;
    let field = text(&field)?;
    let string = |key| -> Result<Option<String>, minijinja::Error> { attr(key)?.map(|x| text(&x)).transpose() };
    let days = |key| -> Result<Option<f64>, minijinja::Error> {
        Ok(match attr(key)? {
            Some(x) => number(&x)?,
            None => None,
        })
    };
    let (before, after) = (string("before")?, string("after")?);
    let f = vocab::Field {
        field: &field,
        before: before.as_deref(),
        after: after.as_deref(),
        before_days: days("before_days")?,
        after_days: days("after_days")?,
    };
    Ok(vocab::field_change(&f, change.as_deref() == Some("added")))
}

/// The text of a value; `none` is the empty string.
fn text(v: &Value) -> Result<String, minijinja::Error> {
    if v.is_undefined() {
        return Err(minijinja::Error::new(
            ErrorKind::UndefinedError,
            "the value given to the filter is undefined",
        ));
    }
    if v.is_none() {
        return Ok(String::new());
    }
    Ok(match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    })
}

/// A number, or `None` for `none`.
pub(super) fn number(v: &Value) -> Result<Option<f64>, minijinja::Error> {
    if v.is_none() {
        return Ok(None);
    }
    // A number first: asked for an integer, a fraction makes an error
    // (an allocated message) on its way to `None`, and most days in a
    // report are fractions of a capacity.
    if v.is_number()
        && let Ok(n) = f64::try_from(v.clone())
    {
        return Ok(Some(n));
    }
    // `true` is 1, as an integer.
    if let Some(i) = v.as_i64() {
        return Ok(Some(i as f64));
    }
    f64::try_from(v.clone())
        .map(Some)
        .map_err(|_| minijinja::Error::new(ErrorKind::InvalidOperation, format!("expected a number, found `{v}`")))
}

/// `date` or `date("%d %b %Y")`: a YYYY-MM-DD date, formatted with
/// strftime directives (jiff's).
fn date(v: Value, format: Option<String>) -> Result<String, minijinja::Error> {
    let s = text(&v)?;
    if s.is_empty() {
        return Ok(s);
    }
    let d = crate::model::Date::parse(&s)
        .map_err(|e| minijinja::Error::new(ErrorKind::InvalidOperation, format!("`{s}` is not a date: {e}")))?;
    match format {
        None => Ok(d.to_string()),
        Some(f) => {
            let shown = jiff::fmt::strtime::format(f.as_str(), d.0).map_err(|e| {
                minijinja::Error::new(ErrorKind::InvalidOperation, format!("bad date format `{f}`: {e}"))
            })?;
            Ok(shown)
        }
    }
}
