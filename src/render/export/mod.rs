//! Writing the plan in other tools' formats.

pub mod graph;
pub mod ics;
pub mod mspdi;
pub mod tjp;
