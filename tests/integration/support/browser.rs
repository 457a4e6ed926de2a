//! The browser harness (`tests/browser/inspect.js`) from Rust: open a page
//! (SVG or HTML) in headless Chromium and read back what it shows.
//!
//! It needs `node`, Chromium (`/usr/bin/chromium`, or `MILEPOST_CHROMIUM`)
//! and the harness's npm packages (`npm ci` in `tests/browser`). Without
//! them a test is skipped with one line on stderr; with
//! `MILEPOST_REQUIRE_BROWSER=1` (`.ci/run` sets it) it fails instead.

// Every field of the JSON is read (strictly), not every one asserted on.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The environment variable that turns a missing browser from a skip into
/// a failure.
pub const REQUIRE_BROWSER: &str = "MILEPOST_REQUIRE_BROWSER";

/// What a page showed: `inspect.js`'s JSON, read strictly.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Page {
    pub page: PathBuf,
    pub browser: Option<String>,
    pub document: Option<String>,
    pub title: String,
    pub console: Vec<Console>,
    pub page_errors: Vec<String>,
    pub dialogs: Vec<String>,
    pub blocked_requests: Vec<String>,
    pub parser_errors: usize,
    pub size: Size,
    pub counts: BTreeMap<String, usize>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Console {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Size {
    pub width: f64,
    pub height: f64,
}

/// An element with `data-*` attributes.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub tag: String,
    /// Its `data-*` attributes, without `data-`.
    pub attrs: BTreeMap<String, String>,
    /// Its `aria-*` attributes, without `aria-`, and `role`.
    pub aria: BTreeMap<String, String>,
    #[serde(rename = "box")]
    pub rect: Rect,
    /// Its text, tooltips (`<title>`) left out.
    pub text: String,
    /// Computed.
    pub fill: Option<String>,
    pub stroke: Option<String>,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    /// Whether the two share more than a sliver (half a pixel each way).
    pub fn overlaps(&self, other: &Rect) -> bool {
        let w = (self.x + self.width).min(other.x + other.width) - self.x.max(other.x);
        let h = (self.y + self.height).min(other.y + other.height) - self.y.max(other.y);
        w > 0.5 && h > 0.5
    }

    pub fn right(&self) -> f64 {
        self.x + self.width
    }
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

impl Page {
    /// The elements whose `data-NAME` is `value`.
    pub fn with<'p>(&'p self, name: &'p str, value: &'p str) -> impl Iterator<Item = &'p Element> + 'p {
        self.elements.iter().filter(move |e| e.attr(name) == Some(value))
    }

    /// The elements that have a `data-NAME`.
    pub fn having<'p>(&'p self, name: &'p str) -> impl Iterator<Item = &'p Element> + 'p {
        self.elements.iter().filter(move |e| e.attrs.contains_key(name))
    }

    /// Fails on any console error or warning, uncaught exception, dialog,
    /// request for anything but the page, or XML parse error.
    pub fn assert_clean(&self) {
        assert!(self.console.is_empty(), "console: {:?}", self.console);
        assert!(self.page_errors.is_empty(), "page errors: {:?}", self.page_errors);
        assert!(self.dialogs.is_empty(), "dialogs opened: {:?}", self.dialogs);
        assert!(
            self.blocked_requests.is_empty(),
            "requests: {:?}",
            self.blocked_requests
        );
        assert_eq!(self.parser_errors, 0, "the document did not parse");
    }
}

/// Whether the harness can run; prints the skip notice when it cannot
/// (and fails under `MILEPOST_REQUIRE_BROWSER=1`).
pub fn available() -> bool {
    use std::io::Write;
    let chromium =
        std::env::var_os("MILEPOST_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let node = std::process::Command::new("node").arg("--version").output();
    let missing = match () {
        _ if !node.as_ref().is_ok_and(|o| o.status.success()) => Some("node is not on the PATH".to_string()),
        _ if !chromium.exists() => Some(format!("Chromium is not at {}", chromium.display())),
        _ if !dir().join("node_modules/playwright-core/package.json").exists() => {
            Some("playwright-core is not installed (`npm ci` in tests/browser)".to_string())
        }
        _ => None,
    };
    let Some(missing) = missing else { return true };
    let test = std::thread::current().name().unwrap_or("a test").to_string();
    if std::env::var_os(REQUIRE_BROWSER).is_some_and(|v| v == "1") {
        panic!(
            "{missing}, and {REQUIRE_BROWSER}=1 asks for the browser tests: `apt-get install chromium nodejs npm`, \
             then `npm ci` in tests/browser (`.ci/run` does both)"
        );
    }
    let _ = writeln!(
        std::io::stderr(),
        "{missing}: skipping the browser test {test} (install chromium, node and `npm ci` in tests/browser, \
         or set {REQUIRE_BROWSER}=1 to make this an error)"
    );
    false
}

/// `tests/browser`.
pub fn dir() -> PathBuf {
    super::root().join("tests/browser")
}

/// Opens `page` in Chromium; writes a PNG of it to `screenshot` when
/// given; counts the elements each of `counts` (CSS selectors) matches.
/// Call [`available`] first.
pub fn inspect(page: &Path, screenshot: Option<&Path>, counts: &[&str]) -> Page {
    let mut cmd = std::process::Command::new("node");
    cmd.arg(dir().join("inspect.js")).arg(page);
    if let Some(png) = screenshot {
        cmd.arg("--screenshot").arg(png);
    }
    for c in counts {
        cmd.args(["--count", c]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "inspect.js {} failed ({}): {}",
        page.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
