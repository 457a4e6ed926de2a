//! `milepost report`: what a report says. [`build`](build::build) turns a
//! valid plan and its schedule into a serializable
//! [`Context`](context::Context) (with [`gantt`] and the changes
//! [`since`] a revision); `crate::render::templates` writes it.

pub mod build;
pub mod confidence;
pub mod context;
pub mod gantt;
pub mod since;
pub mod value;
