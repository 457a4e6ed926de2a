//! Reuse from one plan to the next: everything a history walk keeps from
//! one commit to the next, and `diff` from one side to the other.
//!
//! The stages below (loading, validation, scheduling) are functions of
//! their inputs and know nothing of reuse. This module decides what can be
//! reused, and only by comparing what a stage reads: a schedule by the
//! plans' typed schedule inputs ([`crate::schedule::Inputs`]), a feature's
//! problems by its file and the names it reads, the graph's problems by
//! what the graph rules read.
//!
//! - [`validation`]: validating a plan after another ([`validate_after`]).
//! - [`schedule`]: the last calendar kept ([`Calendars`]), a plan that
//!   schedules as the one before ([`same_inputs`]), a network patched from
//!   the one before ([`forecast_after`]).
//!
//! Two kinds of reuse stay with the loader, by design: the cache of decoded
//! files ([`crate::load::Cache`], each Git blob decoded once, shared by
//! `diff`'s two sides and every commit of a history walk) is the loader's
//! own input (`load::load(&Source, &mut Cache)`: held here, it would make
//! the loader and this module import each other), and a plan assembled
//! after one with the same files copies its id table. Both are keyed by
//! content (a blob's id, the files' paths), not by what a later stage
//! reads, so no stage's knowledge leaks into them.

pub mod schedule;
pub mod validation;

pub use schedule::{Calendars, forecast_after, patch, same_inputs};
pub use validation::{Memo, validate_after};
