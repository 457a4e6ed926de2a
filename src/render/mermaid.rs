//! The schedule as a Mermaid Gantt chart (`schedule --format mermaid`, the
//! reports' charts): every task with absolute dates, sections by milestone
//! or by person, titles made safe for Mermaid's grammar; and a chart
//! counted against a size budget without being kept whole (`Chart::within`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

use crate::model::Date;
use crate::plan::ItemKind;
use crate::render::schedule::{in_order, in_order_where};
use crate::schedule::{Entry, Schedule};

/// Text safe inside a Mermaid Gantt line: `:` ends a task name, `;` ends a
/// statement, `#` starts an entity code and `%%` a comment, so each is
/// replaced by a look-alike; line breaks become spaces.
pub fn mermaid_text(s: &str) -> String {
    safe_in_mermaid(s).into_owned()
}

/// [`mermaid_text`], borrowing `s` when it is safe as it is (most titles).
fn safe_in_mermaid(s: &str) -> Cow<'_, str> {
    // Most titles are one line of plain words: taken as they are.
    let text = if is_plain_title(s) {
        Cow::Borrowed(s)
    } else {
        let one_line = s
            .split(is_space)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        Cow::Owned(
            one_line
                .chars()
                .map(|c| match c {
                    ':' => '∶',
                    ';' => '；',
                    '#' => '＃',
                    '%' => '％',
                    '<' => '‹',
                    '>' => '›',
                    '`' => 'ʼ',
                    c if crate::text::is_shown(c, false) => c,
                    _ => crate::text::REPLACEMENT,
                })
                .collect(),
        )
    };
    if text.is_empty() {
        return Cow::Borrowed("untitled");
    }
    // Mermaid's Gantt lexer reads some words at the start of a line as
    // statements whatever follows ("Click tracking" is a `click` callback,
    // "Gantt rework" a second header). A zero-width space in front keeps
    // such a title a title, and shows nothing.
    let first = text.split_whitespace().next().unwrap_or("").as_bytes();
    if GANTT_KEYWORDS.iter().any(|k| {
        first
            .get(..k.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(k.as_bytes()))
    }) {
        return Cow::Owned(format!("\u{200b}{text}"));
    }
    text
}

/// A title [`mermaid_text`] leaves as it is: words separated by single
/// spaces, with none of the characters it replaces (nor other whitespace).
fn is_plain_title(s: &str) -> bool {
    if s.starts_with(' ') || s.ends_with(' ') || s.contains("  ") {
        return false;
    }
    // ASCII (most titles), byte by byte: printable, none replaced (the
    // rest of ASCII is control characters, whitespace but the space
    // among them).
    if s.is_ascii() {
        return s
            .bytes()
            .all(|b| (b' '..=b'~').contains(&b) && !matches!(b, b':' | b';' | b'#' | b'%' | b'<' | b'>' | b'`'));
    }
    !s.chars().any(|c| {
        (is_space(c) && c != ' ')
            || matches!(c, ':' | ';' | '#' | '%' | '<' | '>' | '`')
            || !crate::text::is_shown(c, false)
    })
}

/// Whether Mermaid trims `c` as white space (JavaScript's `\s`): Rust's
/// white space and the byte order mark, U+FEFF. A title of only such
/// characters is empty to Mermaid, which then cannot parse the task.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// Words Mermaid's Gantt grammar may take for a statement at the start of a line.
const GANTT_KEYWORDS: &[&str] = &[
    "gantt",
    "dateformat",
    "inclusiveenddates",
    "topaxis",
    "axisformat",
    "tickinterval",
    "includes",
    "excludes",
    "todaymarker",
    "weekday",
    "weekend",
    "title",
    "section",
    "click",
    "call",
    "href",
    "acctitle",
    "accdescr",
];

/// A Mermaid Gantt chart: every task with absolute dates (so weekends and
/// holidays need no Mermaid calendar), sections by milestone.
pub fn mermaid(s: &Schedule, project: &str) -> String {
    mermaid_with(s, project, &|_| true)
}

/// The sections of a Gantt chart (`--by`): a section per milestone, or
/// per person. [`Sections`] is the Mermaid chart's, with the people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum GanttBy {
    #[default]
    Milestone,
    Person,
}

/// How a Gantt chart is divided.
#[derive(Clone, Copy, Debug)]
pub enum Sections<'a> {
    /// A section per milestone, its features first.
    Milestones,
    /// A section per person (`(id, name)`, in this order), their features in
    /// the order they do them; then features no one of them owns, then the
    /// milestones.
    People(&'a [(&'a str, &'a str)]),
}

/// [`mermaid`], with only the features `keep` accepts (milestones are
/// always shown).
pub fn mermaid_with(s: &Schedule, project: &str, keep: &dyn Fn(&Entry) -> bool) -> String {
    mermaid_in(s, project, keep, Sections::Milestones)
}

/// [`mermaid_with`], divided into `sections`.
pub fn mermaid_in(s: &Schedule, project: &str, keep: &dyn Fn(&Entry) -> bool, sections: Sections<'_>) -> String {
    let mut out = String::new();
    let chart = Chart {
        project,
        milestones: &in_order(s, ItemKind::Milestone),
        features: &in_order_where(s, ItemKind::Feature, keep),
        sections,
    };
    chart.draw(&mut out);
    out
}

/// A Mermaid Gantt chart's parts: the milestones and the features shown,
/// each in schedule order ([`in_order`]).
pub(crate) struct Chart<'a, 's> {
    pub(crate) project: &'a str,
    pub(crate) milestones: &'a [&'s Entry],
    pub(crate) features: &'a [&'s Entry],
    pub(crate) sections: Sections<'a>,
}

impl Chart<'_, '_> {
    /// The chart, if it takes at most `budget` characters; and how many it
    /// takes. Over budget, the characters are counted, not kept: a large
    /// plan's full chart runs to megabytes.
    pub(crate) fn within(&self, budget: usize) -> (Option<String>, usize) {
        let mut capped = Capped {
            out: String::new(),
            size: 0,
            budget,
        };
        self.draw(&mut capped);
        let Capped { out, size, .. } = capped;
        ((size <= budget).then_some(out), size)
    }

    /// Writes the chart to `out`.
    fn draw<W: Write>(&self, out: &mut W) {
        let _ = self.write(out);
    }

    fn write<W: Write>(&self, out: &mut W) -> std::fmt::Result {
        out.write_str("gantt\n    title ")?;
        out.write_str(&safe_in_mermaid(self.project))?;
        out.write_str("\n    dateFormat YYYY-MM-DD\n    axisFormat %Y-%m-%d\n    todayMarker off\n")?;
        let mut n = 0;
        let mut task = |out: &mut W, e: &Entry| {
            n += 1;
            task(out, e, n)
        };
        if let Sections::People(people) = self.sections {
            return people_sections(self.milestones, self.features, people, out, &mut task);
        }
        // The features kept, by milestone (in schedule order), in one pass.
        let mut by_milestone: HashMap<&str, Vec<&Entry>, foldhash::fast::FixedState> = HashMap::default();
        let mut loose: Vec<&Entry> = Vec::new();
        for &f in self.features {
            match f.milestone.as_deref() {
                Some(m) => by_milestone.entry(m).or_default().push(f),
                None => loose.push(f),
            }
        }
        for &m in self.milestones {
            section(out, &safe_in_mermaid(&m.title))?;
            for f in by_milestone.get(&*m.id).into_iter().flatten() {
                task(out, f)?;
            }
            task(out, m)?;
        }
        if !loose.is_empty() {
            // Named as in the reports' tables.
            section(out, "No milestone")?;
            for f in loose {
                task(out, f)?;
            }
        }
        Ok(())
    }
}

/// A sink for a chart that keeps its first `budget` characters, and counts
/// them all.
struct Capped {
    out: String,
    size: usize,
    budget: usize,
}

impl Write for Capped {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.size += s.chars().count();
        if self.size <= self.budget {
            self.out.push_str(s);
        }
        Ok(())
    }
}

/// A section's line of a Gantt chart.
fn section<W: Write>(out: &mut W, title: &str) -> std::fmt::Result {
    out.write_str("    section ")?;
    out.write_str(title)?;
    out.write_char('\n')
}

/// `d` as [`Date`]'s `Display` writes it: its bytes, when it has them
/// ([`Date::ymd`]), without the formatting machinery (a large chart
/// writes two dates a line).
fn date<W: Write>(out: &mut W, d: Date) -> std::fmt::Result {
    match d.ymd().as_ref().map(|b| std::str::from_utf8(b)) {
        Some(Ok(text)) => out.write_str(text),
        _ => write!(out, "{d}"),
    }
}

/// `n` in decimal, as `Display` writes it (a task's number, on every line
/// of a chart).
fn decimal<W: Write>(out: &mut W, mut n: usize) -> std::fmt::Result {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    match digits.get(at..).map(std::str::from_utf8) {
        Some(Ok(text)) => out.write_str(text),
        _ => Err(std::fmt::Error),
    }
}

/// Task `n`'s line of a Gantt chart: entry `e`.
fn task<W: Write>(out: &mut W, e: &Entry, n: usize) -> std::fmt::Result {
    out.write_str("    ")?;
    out.write_str(&safe_in_mermaid(&e.title))?;
    out.write_str(" :")?;
    if e.critical {
        out.write_str("crit, ")?;
    }
    match e.status {
        Some(crate::model::Status::Done) => out.write_str("done, ")?,
        Some(crate::model::Status::InProgress) => out.write_str("active, ")?,
        _ => {}
    }
    if e.kind == ItemKind::Milestone {
        out.write_str("milestone, ")?;
    }
    out.write_char('t')?;
    decimal(out, n)?;
    out.write_str(", ")?;
    if e.kind == ItemKind::Milestone {
        date(out, e.finish)?;
        out.write_str(", 0d\n")
    } else if e.duration == 0 {
        date(out, e.start)?;
        out.write_str(", 0d\n")
    } else {
        // Mermaid's end date is exclusive.
        let next_day = e.finish.0.tomorrow().map(Date).unwrap_or(e.finish);
        date(out, e.start)?;
        out.write_str(", ")?;
        date(out, next_day)?;
        out.write_char('\n')
    }
}

/// The sections of a chart by person ([`Sections::People`]): `features` (in
/// schedule order) grouped by owner in one pass, each written by `task`,
/// then the `milestones`.
fn people_sections<W: Write>(
    milestones: &[&Entry],
    features: &[&Entry],
    people: &[(&str, &str)],
    out: &mut W,
    task: &mut dyn FnMut(&mut W, &Entry) -> std::fmt::Result,
) -> std::fmt::Result {
    let mut by_owner: HashMap<&str, Vec<&Entry>, foldhash::fast::FixedState> = HashMap::default();
    for &(id, _) in people {
        by_owner.entry(id).or_default();
    }
    let mut nobody: Vec<&Entry> = Vec::new();
    for &f in features {
        match f.owner.as_deref().and_then(|o| by_owner.get_mut(o)) {
            Some(theirs) => theirs.push(f),
            None => nobody.push(f),
        }
    }
    for &(id, name) in people {
        let Some(theirs) = by_owner.remove(id).filter(|t| !t.is_empty()) else {
            continue;
        };
        section(out, &safe_in_mermaid(name))?;
        for f in theirs {
            task(out, f)?;
        }
    }
    if !nobody.is_empty() {
        section(out, "No owner")?;
        for f in nobody {
            task(out, f)?;
        }
    }
    section(out, "Milestones")?;
    for &m in milestones {
        task(out, m)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{Chart, ItemKind, Sections, in_order, mermaid_in, mermaid_text};

    /// The example plan's schedule, as of a day in its middle.
    fn atlas() -> crate::schedule::Schedule {
        let plan = crate::load::example("atlas/plan");
        let Ok(as_of) = crate::model::Date::parse("2026-06-15") else {
            panic!("a date");
        };
        match crate::schedule::schedule(&plan, as_of) {
            Ok(s) => s,
            Err(e) => panic!("{e}"),
        }
    }

    /// A chart within its budget (in characters, not bytes) is the chart
    /// `mermaid_in` draws; over it, nothing is kept but its size is
    /// counted all the same; by milestone and by person.
    #[test]
    fn a_chart_within_its_budget_is_drawn_and_over_it_only_counted() {
        let s = atlas();
        // Not ASCII: characters and bytes differ.
        let project = "Atlas — plan ✓";
        let (milestones, features) = (in_order(&s, ItemKind::Milestone), in_order(&s, ItemKind::Feature));
        let people = [("ana", "Ana"), ("ben", "Ben")];
        for sections in [Sections::Milestones, Sections::People(&people)] {
            let full = mermaid_in(&s, project, &|_| true, sections);
            let size = full.chars().count();
            assert!(size < full.len() && full.contains("section"), "{full}");
            let chart = Chart {
                project,
                milestones: &milestones,
                features: &features,
                sections,
            };
            for budget in [size + 100, size + 1, size, size - 1, size / 2, 0] {
                let (drawn, counted) = chart.within(budget);
                assert_eq!(counted, size, "budget {budget}");
                assert_eq!(
                    drawn.as_deref(),
                    (budget >= size).then_some(full.as_str()),
                    "budget {budget}"
                );
            }
        }
    }

    #[test]
    fn titles_cannot_break_a_gantt_line() {
        assert_eq!(mermaid_text("a: b; #c %%d"), "a∶ b； ＃c ％％d");
        assert_eq!(mermaid_text("two\nlines"), "two lines");
        assert_eq!(mermaid_text("  "), "untitled");
        // Mermaid 11 reads these as statements at the start of a task line
        // (checked by rendering them): they get a zero-width space in front.
        assert_eq!(mermaid_text("Click tracking"), "\u{200b}Click tracking");
        assert_eq!(mermaid_text("gantt :crit, done, x"), "\u{200b}gantt ∶crit, done, x");
        assert_eq!(mermaid_text("Weekday digest"), "\u{200b}Weekday digest");
        assert_eq!(mermaid_text("Onboarding"), "Onboarding");
    }

    /// Found by the `escape` fuzz target: a control character or bidi
    /// override that reached the Gantt chart without passing the decoder
    /// was written as it is.
    #[test]
    fn control_and_bidi_characters_never_reach_a_chart() {
        assert_eq!(mermaid_text("a\u{1b}[31mb"), "a\u{FFFD}[31mb");
        assert_eq!(mermaid_text("x\u{202E}y\u{0}"), "x\u{FFFD}y\u{FFFD}");
        // Mermaid trims a byte order mark as white space (JavaScript's
        // `\s`): a title of one would be an empty task, a parse error.
        assert_eq!(mermaid_text("\u{FEFF}"), "untitled");
        assert_eq!(mermaid_text("a\u{FEFF}b\u{FEFF}"), "a b");
    }

    /// The way `mermaid_text` was written before plain titles were taken
    /// as they are: every title still comes out as it did.
    fn mermaid_text_by_hand(s: &str) -> String {
        // (Split where JavaScript's `\s` would: a byte order mark too.)
        let one_line = s
            .split(|c: char| c.is_whitespace() || c == '\u{FEFF}')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let replace = |c| match c {
            ':' => '∶',
            ';' => '；',
            '#' => '＃',
            '%' => '％',
            '<' => '‹',
            '>' => '›',
            '`' => 'ʼ',
            // Control characters (and bidi controls) are never shown.
            c if c.is_control() || !crate::text::is_shown(c, false) => crate::text::REPLACEMENT,
            c => c,
        };
        let text: String = one_line.chars().map(replace).collect();
        if text.is_empty() {
            return "untitled".into();
        }
        let first = text.split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if super::GANTT_KEYWORDS.iter().any(|k| first.starts_with(k)) {
            return format!("\u{200b}{text}");
        }
        text
    }

    #[test]
    fn plain_titles_come_out_as_they_did() {
        let titles = [
            "",
            " ",
            "Plain title",
            " leading",
            "trailing ",
            "two  spaces",
            "tab\there",
            "no\u{a0}break",
            "CLICKS counted",
            "Clickable",
            "cl",
            "ÉCLAIR sections",
            "section",
            "Sectioned: work",
            "a`b",
            "50% <done>",
            "#1; next",
            "Ünïcödé title 漢字",
            "title\n",
            "todayMarker",
            "\u{200b}gantt",
            // Every ASCII character, printable or not, in a title of its own.
            "a\u{1}b",
            "del\u{7f}",
            "bell\u{7}",
            "x\u{1f}y",
            "~tilde~ {braces} [and] (more) !?&*+-=_/\\|'\"@$^,.",
        ];
        let every_ascii: Vec<String> = (0u8..=127).map(|b| format!("t{}t", char::from(b))).collect();
        for t in &every_ascii {
            assert_eq!(mermaid_text(t), mermaid_text_by_hand(t), "{t:?}");
        }
        for t in titles {
            assert_eq!(mermaid_text(t), mermaid_text_by_hand(t), "{t:?}");
        }
    }
}
