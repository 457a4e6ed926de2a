//! The terminal's colours, one place for every command: an error is the
//! same red whether `check`, `diff`'s gate or any failing command says it.

use anstyle::{AnsiColor, Style};

/// `error` (a failing command, a problem in the plan, a tripped gate).
pub const ERROR: Style = AnsiColor::Red.on_default().bold();
/// `help` under an error.
pub const HELP: Style = AnsiColor::Cyan.on_default().bold();
/// A summary that says all is well.
pub const SUCCESS: Style = AnsiColor::Green.on_default().bold();
/// `warning` (output that another tool may refuse to draw).
pub const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// A critical item in a table: no float to lose.
pub const CRITICAL: Style = AnsiColor::Yellow.on_default().bold();
