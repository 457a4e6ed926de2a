//! The SVG Gantt chart as Chromium draws it (`tests/browser/inspect.js`,
//! `support::browser`): the example's, a generated plan's of 40 features
//! and of 2,000, and one whose titles are markup. Skipped, saying so,
//! without node, Chromium or the harness's npm packages, unless
//! `MILEPOST_REQUIRE_BROWSER=1`.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::browser::{self, Element, Page};
use crate::support::{milepost, run, write_files};
use crate::synth_git::synth;

/// The schedule's feature ids and critical ids, from its JSON.
pub(crate) fn features(args: &[&str]) -> (BTreeSet<String>, BTreeSet<String>) {
    let out = run(milepost().args(["schedule", "--format", "json"]).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let (mut all, mut critical) = (BTreeSet::new(), BTreeSet::new());
    for item in json["items"].as_array().unwrap() {
        if item["kind"] == "feature" {
            let id = item["id"].as_str().unwrap().to_string();
            if item["critical"] == true {
                critical.insert(id.clone());
            }
            all.insert(id);
        }
    }
    (all, critical)
}

/// Writes the chart `schedule --format svg ARGS` draws into `dir` and
/// opens it in Chromium.
/// `MILEPOST_BROWSER_KEEP=DIR` writes them into DIR instead, to be looked at.
fn chart(dir: &Path, name: &str, args: &[&str], counts: &[&str]) -> Page {
    let kept = std::env::var_os("MILEPOST_BROWSER_KEEP").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(dir);
    let out = run(milepost().args(["schedule", "--format", "svg"]).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let svg = dir.join(format!("{name}.svg"));
    std::fs::write(&svg, &out.stdout).unwrap();
    let page = browser::inspect(&svg, Some(&dir.join(format!("{name}.png"))), counts);
    assert_eq!(page.document.as_deref(), Some("svg"));
    assert!(dir.join(format!("{name}.png")).metadata().unwrap().len() > 1000);
    page
}

/// What every chart must hold: drawn without a complaint, a bar of some
/// size for every feature and for nothing else, no two labels overlapping
/// (as drawn, with the font Chromium found), every label of the label
/// column inside it, and the critical chain marked by a pattern over its
/// bars and in their accessible names, not by colour alone.
pub(crate) fn assert_sound(page: &Page, features: &BTreeSet<String>, critical: &BTreeSet<String>) {
    page.assert_clean();
    let bars: Vec<&Element> = page.with("kind", "bar").collect();
    let ids: BTreeSet<String> = bars.iter().map(|b| b.attr("id").unwrap().to_string()).collect();
    assert_eq!(bars.len(), features.len(), "one bar per feature");
    assert_eq!(&ids, features);
    for b in &bars {
        assert!(b.rect.width >= 1.9 && b.rect.height >= 10.0, "{:?}", b);
    }
    // The chart's left edge: where the column's separator is, left of
    // every bar.
    let chart_x = bars.iter().map(|b| b.rect.x).fold(f64::INFINITY, f64::min);
    let mut labels: Vec<&Element> = page.having("label").collect();
    assert!(labels.len() > features.len(), "a label per feature, and more");
    for l in &labels {
        assert!(!l.text.is_empty() && l.rect.width > 0.0, "{l:?}");
        if matches!(l.attr("label"), Some("feature" | "group" | "milestone" | "date")) {
            assert!(l.rect.right() <= chart_x, "{:?} runs into the chart at {chart_x}", l);
        }
    }
    // Sorted by top: each label is compared with those below it that
    // start before it ends (a few), not with all.
    labels.sort_by(|a, b| a.rect.y.total_cmp(&b.rect.y));
    for (i, a) in labels.iter().enumerate() {
        for b in labels[i + 1..]
            .iter()
            .take_while(|b| b.rect.y < a.rect.y + a.rect.height)
        {
            assert!(!a.rect.overlaps(&b.rect), "labels overlap: {a:?} and {b:?}");
        }
    }
    let marks: Vec<&Element> = page.with("kind", "critical-mark").collect();
    let marked: BTreeSet<String> = marks.iter().map(|m| m.attr("for").unwrap().to_string()).collect();
    assert_eq!(&marked, critical, "a pattern over every critical bar and no other");
    for m in marks {
        let bar = bars.iter().find(|b| b.attr("id") == m.attr("for")).unwrap();
        assert_eq!(bar.attr("critical"), Some("true"));
        assert_eq!(m.rect, bar.rect, "the pattern covers the bar");
        let fill = m.fill.as_deref().unwrap_or("");
        assert!(
            fill.starts_with("url(") && fill.contains("hatch"),
            "filled with a pattern, not {fill}"
        );
    }
    for b in &bars {
        let is_critical = critical.contains(b.attr("id").unwrap());
        assert_eq!(b.attr("critical") == Some("true"), is_critical);
        let name = b.aria.get("label").map_or("", String::as_str);
        assert_eq!(name.ends_with(", critical"), is_critical, "accessible name: {name}");
    }
}

#[test]
fn the_example_chart_is_drawn_whole_and_nothing_overlaps() {
    if !browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let plan = ["--plan", "examples/atlas/plan", "--as-of", "2026-03-16"];
    let (all, critical) = features(&plan);
    assert!(!critical.is_empty(), "the example has a critical chain");
    let page = chart(tmp.path(), "atlas", &plan, &[]);
    assert_sound(&page, &all, &critical);
    assert_eq!(page.title, "Atlas: Gantt chart as of 2026-03-16");
    assert_eq!(page.with("kind", "milestone").count(), 5);
    assert!(
        page.with("label", "legend")
            .any(|l| l.text == "Critical chain (red, hatched)")
    );
    // Holidays in the chart's months, each marked.
    let holidays: Vec<&str> = page.with("kind", "holiday").filter_map(|h| h.attr("date")).collect();
    assert_eq!(
        holidays,
        [
            "2026-04-03",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-05-25",
            "2026-10-09"
        ]
    );

    // By person, with the Monte Carlo's bands.
    let by_person = [&plan[..], &["--by", "person", "--runs", "200"]].concat();
    let page = chart(tmp.path(), "atlas-person", &by_person, &[]);
    assert_sound(&page, &all, &critical);
    let bands: Vec<&Element> = page.with("kind", "band").collect();
    assert_eq!(bands.len(), 5, "a band per milestone");
    for b in bands {
        assert!(b.rect.width >= 2.0 && b.attr("p50") <= b.attr("p95"), "{b:?}");
    }
    assert!(page.with("kind", "time-off").count() > 5);
}

/// A generated plan of `n` features (the benchmarks' generator), in
/// `dir` (or under `MILEPOST_BROWSER_KEEP`, to be kept).
fn generated(n: usize, dir: &Path) -> Vec<String> {
    let kept = std::env::var_os("MILEPOST_BROWSER_KEEP").map(std::path::PathBuf::from);
    let plan = kept.as_deref().unwrap_or(dir).join(format!("plan-{n}"));
    if plan.exists() {
        std::fs::remove_dir_all(&plan).unwrap();
    }
    synth::write_plan(&plan, n, 7).unwrap();
    let plan = plan.display().to_string();
    vec!["--plan".into(), plan, "--as-of".into(), "2026-03-02".into()]
}

#[test]
fn forty_features_and_two_thousand_are_drawn_whole_without_overlaps() {
    if !browser::available() {
        return;
    }
    for n in [40, 2000] {
        let tmp = tempfile::tempdir().unwrap();
        let args = generated(n, tmp.path());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (all, critical) = features(&args);
        assert!(
            all.len() > n * 9 / 10 && all.len() <= n,
            "{n}: {} features scheduled",
            all.len()
        );
        for by in ["milestone", "person"] {
            let page = chart(
                tmp.path(),
                &format!("{n}-{by}"),
                &[&args[..], &["--by", by]].concat(),
                &[],
            );
            assert_sound(&page, &all, &critical);
        }
    }
}

#[test]
fn markup_in_titles_is_shown_as_text() {
    if !browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let title = "<img src=x onerror=alert(1)>";
    let plan = tmp.path().join("plan");
    write_files(
        &plan,
        &[
            (
                "project.toml",
                "[project]\nname = \"</svg><script>alert(2)</script>\"\nstart = 2026-03-02\n",
            ),
            ("milestones/m.toml", "title = \"<b onmouseover=alert(3)>M</b>\"\n"),
            (
                "features/x.toml",
                &format!("title = \"{title}\"\nmilestone = \"m\"\nestimate = \"3d\"\n"),
            ),
            (
                "features/long.toml",
                &format!(
                    "title = \"{}\"\nestimate = \"2d\"\n",
                    "Wide WWW titles MMM cut to the column ".repeat(4)
                ),
            ),
        ],
    );
    let args = ["--plan", plan.to_str().unwrap(), "--as-of", "2026-03-02"];
    let page = chart(tmp.path(), "markup", &args, &["img", "script", "b", "foreignObject"]);
    page.assert_clean();
    for (selector, n) in &page.counts {
        assert_eq!(*n, 0, "a `{selector}` element was made from a title");
    }
    let (all, critical) = features(&args);
    assert_sound(&page, &all, &critical);
    let label = page.with("label", "feature").find(|l| l.text.starts_with('<')).unwrap();
    assert_eq!(label.text, title);
    // The long title, cut to the column (`assert_sound` checks it ends
    // before the chart), says so.
    let long = page
        .with("label", "feature")
        .find(|l| l.text.starts_with("Wide"))
        .unwrap();
    assert!(long.text.ends_with("…") && long.text.len() < 100, "{}", long.text);
    assert!(
        page.with("label", "group")
            .any(|l| l.text == "<b onmouseover=alert(3)>M</b>")
    );
    assert!(
        page.title.starts_with("</svg><script>alert(2)</script>: Gantt chart"),
        "{}",
        page.title
    );
}
