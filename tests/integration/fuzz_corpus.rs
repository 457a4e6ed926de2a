//! The fuzz targets' corpus (`fuzz/corpus/TARGET/`), replayed on stable:
//! every committed input goes through the same function its target runs
//! under libFuzzer (`fuzz/src/targets.rs`), so an input that once made
//! milepost panic, hang or break an invariant is checked on every `cargo
//! test`, without the nightly toolchain or cargo-fuzz.

use std::path::Path;

// It holds the leveling checker's rules (`leveling_check/rules.rs`) a
// second time, as the fuzz crate needs them: the same file, not a copy.
#[path = "../../fuzz/src/targets.rs"]
#[allow(clippy::duplicate_mod)]
mod targets;

/// A target's body.
type Target = fn(&[u8]);

/// Every target, by the name of its corpus folder.
const TARGETS: [(&str, Target); 6] = [
    ("decode", targets::decode),
    ("parsers", targets::parsers),
    ("load", targets::load),
    ("schedule", targets::schedule),
    ("escape", targets::escape),
    ("md_filter", targets::md_filter),
];

/// The inputs of `target`'s corpus, sorted by name.
fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut inputs: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.display().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_corpus_input_passes_its_target() {
    for (target, run) in TARGETS {
        let inputs = corpus(target);
        assert!(!inputs.is_empty(), "fuzz/corpus/{target} is empty");
        for (path, bytes) in inputs {
            if let Err(e) = std::panic::catch_unwind(|| run(&bytes)) {
                let message = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                panic!("{path} fails its target `{target}`: {message}");
            }
        }
    }
}

/// The corpus holds real plans: the schedule target reaches the
/// scheduler (a plan without errors) and the checker, not only the
/// decoder.
#[test]
fn the_schedule_corpus_holds_valid_plans() {
    let valid = corpus("schedule")
        .iter()
        .filter(|(_, bytes)| {
            let files = targets::files(bytes);
            let refs: Vec<(&str, &[u8])> = files.iter().map(|(p, t)| (p.as_str(), t.as_slice())).collect();
            let plan = milepost::fuzz::plan(&refs);
            plan.error_count() == 0 && !plan.features.is_empty()
        })
        .count();
    assert!(valid >= 3, "only {valid} valid plans in fuzz/corpus/schedule");
}
