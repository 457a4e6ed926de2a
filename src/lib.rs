//! milepost: a project plan kept as TOML files in a Git repository,
//! validated, scheduled and reported.
//!
//! The modules follow the pipeline every command runs:
//! [`locate`] (which [`source::Source`] the command line names: a directory,
//! or the plan directory at a Git revision, read through [`git`]) →
//! [`load::load`] (its files, TOML with spans, into the [`model`]) →
//! [`validate`] (every problem as a [`diagnostic`]) → [`emit`] (human, JSON,
//! GitHub).

pub mod args;
pub mod commands;
pub mod cost;
pub mod decode;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod error;
pub mod export;
pub mod files;
pub mod git;
pub mod history;
pub mod incremental;
pub mod io;
pub mod layout;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod output;
pub mod par;
pub mod plan;
pub mod report;
pub mod run;
pub mod schedule;
pub mod schema;
pub mod source;
pub mod span;
pub mod suggest;
pub mod validate;

pub use error::{Error, NeedsGit, Result};
pub use io::{ExitStatus, Io};
pub use plan::Plan;
pub use run::run;

/// A plan loaded and validated from in-memory files (`(path under plan/,
/// text)`), for unit tests.
#[cfg(test)]
pub(crate) fn test_plan(files: &[(&str, &str)]) -> Plan {
    let prepared: Vec<load::Prepared> = files
        .iter()
        .enumerate()
        .map(|(i, (path, text))| {
            load::prepare(
                load::file_id(i),
                path.to_string(),
                format!("plan/{path}"),
                text.as_bytes().to_vec(),
            )
        })
        .collect();
    let mut plan = load::assemble_from(&prepared);
    validate::validate(&mut plan);
    plan
}
