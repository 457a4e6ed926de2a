//! The integration tests, in one binary so the suite links once.

// Tests fail loudly on purpose: unwrap and expect are the assertions here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout, clippy::print_stderr)]

mod baseline;
mod blocked;
mod browser;
mod chains;
mod cli;
mod diff;
mod diff_p80;
mod docs;
mod edit;
mod examples;
mod export_examples;
mod export_graph;
mod export_ics;
mod fmt;
mod forecast;
mod fuzz_corpus;
mod git;
mod history;
mod history_forecast;
mod history_oracle;
mod hostile;
mod hostile_git;
mod init;
mod invalid;
mod leveling;
mod leveling_check;
mod mspdi;
mod pert;
mod plan_location;
mod properties;
mod report;
mod report_confidence;
mod report_html;
mod report_load;
mod report_scale;
mod schedule;
mod schedule_table;
mod schema;
mod support;
mod svg;
mod syntax;
/// The benchmarks' generators (`synth_git` includes `synth`), shared.
#[path = "../../benches/synth_git.rs"]
#[allow(dead_code)]
mod synth_git;
mod template_limits;
mod terminal;
mod tidy;
mod tj3;
mod tj3_people;
mod vocab;
mod walkthrough;
