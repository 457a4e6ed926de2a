//! milepost's fuzz targets: their bodies are in `targets.rs`, shared with
//! the stable test that replays the corpus.

pub mod targets;
