//! Writing the plan in other tools' formats.

pub mod mspdi;
pub mod tjp;
