//! `milepost history`: slip, scope and the change log from Git history.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::args::{HistoryArgs, HistoryFormat};
use crate::error::{Error, Result};
use crate::history::{self, Options, walk::Select};
use crate::run::{ExitStatus, Io, write};

pub fn run(args: &HistoryArgs, io: &mut Io<'_>) -> Result<ExitStatus> {
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let (repo, prefix) = crate::locate::repository(&cwd, args.plan.as_deref())?;
    let options = Options {
        select: Select {
            range: args.rev_range.clone(),
            all_parents: args.all_parents,
            since: args.since,
            until: args.until,
        },
        item: args.item.clone(),
    };
    let mut progress = Progress::new();
    let result = history::history(&repo, &prefix, &options, &mut |seen, done| progress.show(seen, done));
    progress.clear();
    let h = result?;

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
            suggestion: crate::suggest::nearest(&item.id, ids).map(String::from),
        });
    }

    if args.format == HistoryFormat::Json && args.output.is_none() {
        // Megabytes for a long history: streamed, not built in memory first.
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut *io.out);
        let streamed = serde_json::to_writer_pretty(&mut out, &h)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n"))
            .and_then(|()| out.flush());
        streamed.map_err(|source| Error::Output {
            what: "standard output".into(),
            source,
        })?;
        return Ok(ExitStatus::Success);
    }
    let text = match args.format {
        HistoryFormat::Json => {
            let mut t = serde_json::to_string_pretty(&h).map_err(|e| Error::Output {
                what: "the history".into(),
                source: e.into(),
            })?;
            t.push('\n');
            t
        }
        HistoryFormat::Markdown => {
            let user = match &args.template {
                Some(path) => {
                    let source = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                    Some((path.display().to_string(), source))
                }
                None => None,
            };
            let name = if args.item.is_some() {
                "history-item.md"
            } else {
                "history.md"
            };
            crate::report::render_any(&h, h.currency.clone(), args.templates.as_deref(), name, user)?
        }
    };
    match &args.output {
        Some(path) => crate::output::write_atomic(path, text.as_bytes())?,
        None => write(io.out, &text, "standard output")?,
    }
    Ok(ExitStatus::Success)
}

/// A one-line counter on standard error, shown only on a terminal and only
/// once the walk has taken a moment; erased when done.
struct Progress {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
    shown: bool,
}

impl Progress {
    const DELAY: Duration = Duration::from_millis(500);
    const EVERY: Duration = Duration::from_millis(100);

    fn new() -> Progress {
        Progress {
            started: Instant::now(),
            last: None,
            enabled: std::io::stderr().is_terminal(),
            shown: false,
        }
    }

    fn show(&mut self, seen: usize, done: usize) {
        if !self.enabled || self.started.elapsed() < Self::DELAY {
            return;
        }
        if self.last.is_some_and(|l| l.elapsed() < Self::EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        let text = if done == 0 {
            format!("history: {seen} commits walked")
        } else {
            format!("history: {done} plans scheduled ({seen} commits walked)")
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{text}");
        let _ = err.flush();
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
