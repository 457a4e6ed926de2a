//! Writing the plan in other tools' formats.

pub mod tjp;
