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

pub mod schedule;
pub mod validation;

pub use schedule::{Calendars, forecast_after, patch, same_inputs};
pub use validation::{Memo, validate_after};
