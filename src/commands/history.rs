//! `milepost history`: slip, scope and the change log from Git history.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::args::{HistoryArgs, HistoryFormat, Since};
use crate::error::{Error, Result};
use crate::history::{self, Options, walk::Select};
use crate::io::{ExitStatus, Io, write};

pub fn run(args: &HistoryArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let repo = crate::locate::repository(&cwd, args.plan.as_deref(), crate::NeedsGit::command("history"))?;
    crate::render::templates::check_dir(args.templates.as_deref())?;
    super::refuse_output_over_inputs(
        args.output.as_deref(),
        args.plan.as_deref(),
        args.template.as_deref(),
        args.templates.as_deref(),
    )?;
    let (range, since) = match &args.since {
        None => (args.rev_range.clone(), None),
        Some(Since::Date(date)) => (args.rev_range.clone(), Some(*date)),
        // `--since REV`: the commits after REV, up to where the walk starts
        // (REV resolved first, so that an error names it as given).
        Some(Since::Rev(rev)) => match repo.resolve(rev).map(|_| &args.rev_range)? {
            Some(range) if range.contains("..") => {
                return Err(Error::SinceAndRange {
                    since: rev.clone(),
                    range: range.clone(),
                });
            }
            Some(end) => (Some(format!("{rev}..{end}")), None),
            None => (Some(format!("{rev}..HEAD")), None),
        },
    };
    if let (Some(from), Some(to)) = (since, args.until)
        && from > to
    {
        return Err(Error::SinceAfterUntil {
            since: from.to_string(),
            until: to.to_string(),
        });
    }
    let options = Options {
        select: Select {
            range,
            all_parents: args.all_parents,
            since,
            until: args.until,
        },
        item: args.item.clone(),
        schedule: crate::schedule::Options { level: !args.no_level },
        forecast: args.forecast.then_some(crate::forecast::Options {
            runs: args.runs,
            seed: args.seed,
            shape: crate::forecast::Shape::Pert,
            level: !args.no_level,
        }),
    };
    let mut progress = Progress::new();
    let result = history::history(&repo, &options, &mut |seen, done| progress.show(seen, done));
    progress.clear();
    let (mut h, walked) = result?;
    let status = show(args, io, &mut h);
    // The process ends right after: freeing the history, what the walk read
    // and the repository one allocation at a time would only make it end
    // later (and take a core from rendering the output).
    std::mem::forget(h);
    std::mem::forget(walked);
    std::mem::forget(repo);
    status
}

/// Writes the history where and how `args` say.
fn show(args: &HistoryArgs, io: &mut Io<'_>, h: &mut history::History) -> Result<ExitStatus> {
    if let Some(item) = &h.item
        && item.events.is_empty()
        && args.since.is_none()
        && args.until.is_none()
        && args.rev_range.is_none()
        && h.shallow.is_none()
    {
        // The whole history never mentions it: a typo, most likely.
        let ids = h.log.iter().flat_map(|e| e.items.iter().map(|i| i.change.id.as_str()));
        return Err(Error::UnknownItem {
            id: item.id.clone(),
            place: "the plan's history",
            suggestion: crate::suggest::nearest_id(&item.id, ids).map(String::from),
        });
    }

    if args.format() == HistoryFormat::Json && args.output.is_none() {
        // Megabytes for a long history: streamed, not built in memory first.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *io.out);
        let streamed = serde_json::to_writer_pretty(&mut out, h)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        streamed.map_err(|source| Error::Output {
            what: "standard output".into(),
            source,
        })?;
        return Ok(ExitStatus::Success);
    }
    let text = match args.format() {
        HistoryFormat::Json => {
            let mut t = serde_json::to_string_pretty(h).map_err(|e| Error::Output {
                what: "the history".into(),
                source: e.into(),
            })?;
            t.push('\n');
            t
        }
        HistoryFormat::Markdown => {
            let user = super::user_template(args.template.as_deref())?;
            let name = if args.item.is_some() {
                "history-item.md"
            } else {
                "history.md"
            };
            let currency = h.currency.clone();
            let size = h.log.len() + h.log.iter().map(|e| e.items.len() + e.milestones.len()).sum::<usize>();
            let context = history::context::template_context(h);
            let output = args.output.as_deref();
            crate::render::templates::render_value(
                context,
                currency,
                args.templates.as_deref(),
                name,
                user,
                (size, output),
            )?
        }
    };
    match &args.output {
        Some(path) => crate::output::write_output(path, text.as_bytes())?,
        None => write(io.out, &text, "standard output")?,
    }
    Ok(ExitStatus::Success)
}

/// A one-line counter on standard error, shown only on a terminal and only
/// once the walk has taken a moment; erased when done.
struct Progress<W: Write> {
    out: W,
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
    /// How long the walk runs before the counter shows.
    delay: Duration,
    /// At most this often: a terminal need not redraw more.
    every: Duration,
    shown: bool,
}

impl Progress<std::io::Stderr> {
    fn new() -> Progress<std::io::Stderr> {
        let err = std::io::stderr();
        let enabled = err.is_terminal();
        Progress::to(err, enabled, Duration::from_millis(500), Duration::from_millis(100))
    }
}

impl<W: Write> Progress<W> {
    fn to(out: W, enabled: bool, delay: Duration, every: Duration) -> Progress<W> {
        Progress {
            out,
            started: Instant::now(),
            last: None,
            enabled,
            delay,
            every,
            shown: false,
        }
    }

    fn show(&mut self, seen: usize, done: usize) {
        if !self.enabled || self.started.elapsed() < self.delay {
            return;
        }
        if self.last.is_some_and(|l| l.elapsed() < self.every) {
            return;
        }
        self.last = Some(Instant::now());
        let text = if done == 0 {
            format!("history: {seen} commits walked")
        } else {
            format!("history: {done} plans scheduled ({seen} commits walked)")
        };
        let _ = write!(self.out, "\r\x1b[2K{text}");
        let _ = self.out.flush();
        self.shown = true;
    }

    /// Erases the counter, if it was shown.
    fn clear(&mut self) {
        if self.shown {
            let _ = write!(self.out, "\r\x1b[2K");
            let _ = self.out.flush();
            self.shown = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_shows_on_a_terminal_after_the_delay_and_is_erased() {
        // Not a terminal: nothing, ever.
        let hour = Duration::from_secs(3600);
        let mut quiet = Progress::to(Vec::new(), false, Duration::ZERO, Duration::ZERO);
        quiet.show(10, 0);
        quiet.clear();
        assert!(quiet.out.is_empty());

        // A terminal, before the delay: nothing yet.
        let mut early = Progress::to(Vec::new(), true, hour, Duration::ZERO);
        early.show(10, 0);
        early.clear();
        assert!(early.out.is_empty());

        // A terminal after the delay: one line, redrawn in place, then
        // erased; an update sooner than `every` after the last is skipped.
        let mut shown = Progress::to(Vec::new(), true, Duration::ZERO, hour);
        shown.show(10, 0);
        shown.show(20, 0);
        shown.clear();
        assert_eq!(
            String::from_utf8_lossy(&shown.out),
            "\r\x1b[2Khistory: 10 commits walked\r\x1b[2K"
        );
    }
}
