//! The plan format, v1: one Rust type per kind of file, each field documented.
//!
//! These types are the single source of the format: the decoder fills them,
//! the JSON Schemas under `schema/` are generated from them, and
//! `docs/format.md` describes them.

pub mod date;
pub mod dependency;
pub mod duration;
pub mod feature;
pub mod milestone;
pub mod number;
pub mod project;
pub mod risk;

pub use date::Date;
pub use dependency::{Dependency, DependencyType};
pub use duration::{Duration, Estimate, ThreePoint, Unit};
pub use feature::{FeatureFile, Kind, Priority, Status};
pub use milestone::MilestoneFile;
pub use number::{Amount, DelayDays, Fraction, Rank};
pub use project::{Calendar, DateRange, Holiday, Person, ProjectFile, Weekday};
pub use risk::{RiskFile, RiskStatus};
