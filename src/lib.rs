//! milepost: a project plan kept as TOML files in a Git repository,
//! validated, scheduled and reported.
//!
//! Every command runs the same pipeline, and so can a program:
//!
//! 1. [`locate`] finds the plan and names its [`Source`]: a directory, or
//!    the plan directory in a Git tree at a revision (read through [`git`],
//!    the one module that talks to Git).
//! 2. [`load()`] reads its files (TOML, with every value's position) into a
//!    [`Plan`] of the typed [`model`]; problems inside one file are
//!    [`diagnostic`]s already.
//! 3. [`validate()`] adds every problem across files.
//! 4. [`schedule()`] computes the critical path over the working-day
//!    calendar, as of a status date; it reads the plan only through its
//!    typed [`schedule::Inputs`]. The commands that schedule build the
//!    schedule's network while the last rules of step 3 run, once every
//!    item is known valid ([`validate::validate_beside`]), and drop it if
//!    those rules find an error.
//! 5. [`diff::diff`] compares two plans and their schedules; [`history`]
//!    does it for every commit that changed the plan, reusing what it can
//!    from one commit to the next ([`incremental`], by comparing what each
//!    stage reads).
//! 6. [`render`], the output layer, writes every format: diagnostics,
//!    schedules, diffs, reports and history through templates, charts,
//!    exports.
//!
//! The command line itself (`args`, `commands`, `run`) is private; [`cli`]
//! runs it.
//!
//! # Example
//!
//! Load the bundled example plan, validate it and schedule it:
//!
//! ```
//! use milepost::{Source, load, schedule, validate};
//!
//! let source = Source::Dir { path: "examples/atlas/plan".into(), display: "plan".into() };
//! let mut plan = load(&source, &mut Default::default())?.plan;
//! validate(&mut plan);
//! assert_eq!(plan.error_count(), 0);
//!
//! let as_of = milepost::model::Date::parse("2026-03-16")?;
//! let schedule = schedule(&plan, as_of)?;
//! let beta = schedule.entries.iter().find(|e| &*e.id == "beta").expect("a milestone beta");
//! assert!(beta.finish >= as_of);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

// No unsafe code in the library (the binary's allocator options aside: `src/main.rs`).
#![forbid(unsafe_code)]

mod args;
mod commands;
pub mod config;
pub mod cost;
pub mod decode;
pub mod diagnostic;
pub mod diff;
pub mod error;
pub mod files;
pub mod fmt;
pub mod forecast;
#[doc(hidden)]
pub mod fuzz;
pub mod git;
pub mod history;
pub mod incremental;
mod io;
pub mod layout;
pub mod load;
pub mod locate;
pub mod model;
pub mod output;
mod par;
pub mod plan;
pub mod render;
pub mod report;
mod run;
pub mod schedule;
pub mod schema;
pub mod source;
pub mod span;
pub mod suggest;
pub mod text;
pub mod validate;

pub use error::{Error, NeedsGit, Result};
pub use load::{Cache, Loaded, load};
pub use plan::Plan;
pub use run::cli;
pub use schedule::{Schedule, ScheduleError, schedule};
pub use source::Source;
pub use validate::validate;

/// A plan loaded and validated from in-memory files (`(path under plan/,
/// text)`), for unit tests.
#[cfg(test)]
pub(crate) fn test_plan(files: &[(&str, &str)]) -> Plan {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(path, text)| (*path, text.as_bytes())).collect();
    fuzz::plan(&files)
}
