//! The output layer: every format milepost writes lives here.
//!
//! - [`diagnostics`]: problems, for people (with snippets), for programs
//!   (JSON) and for GitHub Actions annotations.
//! - [`schedule`]: the schedule as a table, JSON, CSV and a Mermaid Gantt
//!   chart; [`schedule_table`]: that table fitted to the terminal.
//! - [`diff`]: a comparison for a terminal (its JSON is the serialized
//!   document, its Markdown the `diff.md` template).
//! - [`templates`]: documents rendered from a serializable context through
//!   minijinja templates users can override (reports, the pull-request
//!   comment, history), with the built-in templates in `templates/`;
//!   [`html`]: what differs when they render HTML (the reports as one
//!   self-contained page), and its escaping.
//! - [`chart`]: the history's charts (Mermaid); [`svg`]: the Gantt chart
//!   drawn as SVG.
//! - [`forecast`]: the Monte Carlo forecast as a table, JSON, Markdown
//!   (with Mermaid charts) and CSV of every run.
//! - [`cli`]: the command line itself, for shells and `man`: completion
//!   scripts and manual pages; [`style`]: the terminal's colours;
//!   [`table`]: aligned columns cut to the terminal's width.
//! - [`docs`]: the reference (`docs/*.md`) inside the binary, for `milepost
//!   help TOPIC`.
//! - [`export`]: other tools' formats (TaskJuggler, MS Project XML).
//! - [`vocab`]: how every output writes days, signed days, percentages,
//!   dates, money and field changes; [`markdown`]: escaping user text.
//!
//! What a document says (the report's, the diff's, the history's context)
//! is worked out where the data lives (`report::build`, `diff`, `history`);
//! how it is written is decided here.

pub mod chart;
pub mod cli;
pub mod diagnostics;
pub mod diff;
pub mod docs;
pub mod export;
pub mod forecast;
pub mod html;
pub mod markdown;
pub mod mermaid;
pub mod schedule;
pub mod schedule_table;
pub mod style;
pub mod svg;
pub mod table;
pub mod templates;
pub mod vocab;
