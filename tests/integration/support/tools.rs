//! Outside tools some tests read milepost's output with: Graphviz's `dot`
//! and Python's `icalendar` package. On a developer's machine a missing
//! tool skips the test with one line on the terminal; `.ci/run` installs
//! both and sets the `MILEPOST_REQUIRE_*` variable that makes a missing
//! one a failure (as `MILEPOST_REQUIRE_TJ3` does for TaskJuggler).

use std::process::Command;

/// Makes a missing Graphviz a failure.
pub const REQUIRE_GRAPHVIZ: &str = "MILEPOST_REQUIRE_GRAPHVIZ";
/// Makes a missing Python `icalendar` package a failure.
pub const REQUIRE_ICALENDAR: &str = "MILEPOST_REQUIRE_ICALENDAR";

/// Whether Graphviz's `dot` runs.
pub fn graphviz() -> bool {
    available(
        "Graphviz (dot)",
        Command::new("dot").arg("-V"),
        REQUIRE_GRAPHVIZ,
        "apt-get install graphviz",
    )
}

/// Whether `python3` runs and has the `icalendar` package.
pub fn icalendar() -> bool {
    available(
        "Python's icalendar package",
        Command::new("python3").args(["-c", "import icalendar"]),
        REQUIRE_ICALENDAR,
        "python3 -m pip install --user icalendar",
    )
}

/// Runs `probe`: `true` when it succeeds; otherwise a skip line on the
/// terminal (written past the harness's capture) and `false`, or, with
/// `require=1` in the environment, a failure that says how to install it.
fn available(what: &str, probe: &mut Command, require: &str, install: &str) -> bool {
    use std::io::Write;
    let ran = probe.output();
    if ran.as_ref().is_ok_and(|o| o.status.success()) {
        return true;
    }
    let why = match &ran {
        Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
        Err(e) => e.to_string(),
    };
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    if std::env::var_os(require).is_some_and(|v| v == "1") {
        panic!(
            "{what} is needed by {test} and {require}=1 asks for it, but it does not run ({why}): `{install}` (`.ci/run` installs it)"
        );
    }
    let _ = writeln!(
        std::io::stderr(),
        "{what} not found: skipping it in {test} ({install}, or set {require}=1 to make this an error)"
    );
    false
}
