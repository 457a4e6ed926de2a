//! Entry points for the fuzz targets (`fuzz/`, run with `cargo fuzz`) and
//! for the test that replays their corpus on stable (`tests/integration/
//! fuzz_corpus.rs`). Not part of the library's API: hidden from its
//! documentation, and free to change with the loader.
//!
//! They are the loader's own steps, without the file system: each file
//! decoded as [`crate::load::load`] decodes one read from disk, and a plan
//! put together from such files as it puts one together from a directory.

use crate::diagnostic::Diagnostic;
use crate::plan::Plan;

/// Decodes the file `rel` (a path under the plan directory, such as
/// `features/a.toml`) holding `bytes`, as the loader decodes a file it has
/// read: its problems, if any.
pub fn decode_file(rel: &str, bytes: &[u8]) -> Vec<Diagnostic> {
    let prepared = crate::load::prepare(
        crate::load::file_id(0),
        rel.to_string(),
        format!("plan/{rel}"),
        Ok(bytes.to_vec()),
    );
    prepared.diagnostics
}

/// The plan of the files `files` (path under the plan directory, bytes),
/// loaded and validated as `check` loads and validates a directory holding
/// them. Files are taken in path order; of two with one path, the first.
pub fn plan(files: &[(&str, &[u8])]) -> Plan {
    let mut sorted: Vec<&(&str, &[u8])> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    sorted.dedup_by(|a, b| a.0 == b.0);
    let prepared: Vec<crate::load::Prepared> = sorted
        .iter()
        .enumerate()
        .map(|(i, (rel, bytes))| {
            crate::load::prepare(
                crate::load::file_id(i),
                rel.to_string(),
                format!("plan/{rel}"),
                Ok(bytes.to_vec()),
            )
        })
        .collect();
    let mut plan = crate::load::assemble_from(&prepared);
    crate::validate(&mut plan);
    plan
}
