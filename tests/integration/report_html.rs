//! `milepost report --format html`: every page read back by a
//! browser-grade HTML parser (html5ever, through scraper): every item of
//! the example in its table, hostile text as text, nothing loaded from the
//! network, headings and tables people with screen readers can use, the
//! same figures as the Markdown, the same bytes every time, templates that
//! users override; a snapshot of a small plan's page, and the example page
//! committed under `examples/reports/`.

use std::path::Path;

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use crate::support::{milepost, root, run, write_files};

/// The example plan, as of a day with late, at-risk and done milestones.
const ATLAS: (&str, &str) = ("examples/atlas/plan", "2026-06-15");

/// Every HTML report: (name, arguments after `report`).
const PAGES: &[(&str, &[&str])] = &[
    ("status", &["status"]),
    ("status-exec", &["status", "--audience", "exec"]),
    ("roadmap", &["roadmap"]),
    ("gantt", &["gantt"]),
    ("risks", &["risks"]),
];

/// `milepost report ARGS --format html --plan PLAN --as-of AS_OF
/// --no-since`, which must succeed without a word on standard error.
fn html(plan: &str, as_of: &str, args: &[&str]) -> String {
    let out = run(milepost().arg("report").args(args).args([
        "--format",
        "html",
        "--no-since",
        "--plan",
        plan,
        "--as-of",
        as_of,
    ]));
    assert_eq!(out.code, 0, "report {args:?} on {plan}: {}", out.stderr);
    assert_eq!(out.stderr, "", "report {args:?} on {plan}");
    out.stdout
}

/// `milepost report ARGS --format html` on the example, as of its status
/// date, without the changes since a tag: more arguments to add.
fn atlas_page(args: &[&str]) -> assert_cmd::Command {
    let mut c = milepost();
    c.arg("report")
        .args(args)
        .args(["--format", "html", "--no-since", "--plan", ATLAS.0, "--as-of", ATLAS.1]);
    c
}

/// The report's context (`--context`) as JSON.
fn context(plan: &str, as_of: &str) -> Value {
    let out = run(milepost().args(["report", "--context", "--no-since", "--plan", plan, "--as-of", as_of]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).unwrap()
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// `text` parsed as a document that a browser reads without a parse
/// error, in standards mode (the doctype is there).
fn parse(what: &str, text: &str) -> Html {
    let doc = Html::parse_document(text);
    assert!(doc.errors.is_empty(), "{what}: parse errors {:?}", doc.errors);
    assert_eq!(format!("{:?}", doc.quirks_mode), "NoQuirks", "{what}");
    doc
}

/// The text of an element, its white space runs made one space.
fn text(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The table whose caption is `caption`: its body rows, each as the text
/// of its cells (the row header first).
fn table(doc: &Html, caption: &str) -> Vec<Vec<String>> {
    let found = doc
        .select(&sel("table"))
        .find(|t| t.select(&sel("caption")).next().is_some_and(|c| text(c) == caption))
        .unwrap_or_else(|| panic!("no table captioned {caption:?}"));
    found
        .select(&sel("tbody tr"))
        .map(|row| row.select(&sel("th, td")).map(text).collect())
        .collect()
}

/// The value of a JSON string field.
fn s<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key].as_str().unwrap_or_else(|| panic!("{key} in {v}"))
}

/// How a status reads in a badge: its words.
fn status_words(status: &str) -> &str {
    match status {
        "on-track" => "on track",
        "at-risk" => "at risk",
        "no-deadline" => "no deadline",
        other => other,
    }
}

// ---------------------------------------------------------------------------
// What the page holds.

/// Every milestone, live feature, cut feature and risk of the example is
/// in its table or list of the status page, with the figures of the
/// context beside it.
#[test]
fn every_item_of_the_example_is_in_its_table() {
    let page = html(ATLAS.0, ATLAS.1, &["status"]);
    let doc = parse("atlas status", &page);
    let ctx = context(ATLAS.0, ATLAS.1);

    let milestones = ctx["milestones"].as_array().unwrap();
    let rows = table(&doc, "Milestones in forecast order");
    assert_eq!(rows.len(), milestones.len());
    for (m, row) in milestones.iter().zip(&rows) {
        assert_eq!(row[0], format!("{} {}", s(m, "title"), s(m, "id")));
        assert_eq!(row[1], m["deadline"].as_str().unwrap_or("—"));
        assert_eq!(row[2], s(m, "forecast"));
        assert_eq!(
            row[4],
            format!("{} {}", badge_glyph(s(m, "status")), status_words(s(m, "status")))
        );
        let done = format!("({}/{})", m["features_done"], m["features"]);
        assert!(row[5].ends_with(&done), "{row:?}");
        assert_eq!(row[6], s(&m["monte_carlo"], "p80"), "{row:?}");
    }

    // Live features: each in the table of its milestone (or of none),
    // once, with its dates, status and owner.
    let features = ctx["features"].as_array().unwrap();
    let mut seen = 0;
    for m in milestones {
        let rows = table(&doc, &format!("Features of {}", s(m, "title")));
        let mine: Vec<_> = features.iter().filter(|f| f["milestone"] == m["id"]).collect();
        assert_eq!(rows.len(), mine.len(), "{}", s(m, "id"));
        for (f, row) in mine.iter().zip(&rows) {
            let critical = if f["critical"] == true { " ⚑ critical" } else { "" };
            assert_eq!(row[0], format!("{} {}{critical}", s(f, "title"), s(f, "id")));
            assert_eq!(row[3], s(f, "status"));
            let owner = f["owner_name"].as_str().or(f["owner"].as_str()).unwrap_or("—");
            assert_eq!(row[4], owner);
            assert_eq!((row[6].as_str(), row[7].as_str()), (s(f, "start"), s(f, "finish")));
        }
        seen += rows.len();
    }
    let loose = features.iter().filter(|f| f["milestone"].is_null()).count();
    if loose > 0 {
        seen += table(&doc, "Features in no milestone").len();
    }
    assert_eq!(seen, features.len(), "every live feature once");

    let cut = ctx["cut"].as_array().unwrap();
    assert!(!cut.is_empty(), "the example cuts a feature");
    let cut_list: Vec<String> = doc.select(&sel("#roadmap-cut + ul > li")).map(text).collect();
    assert_eq!(cut_list.len(), cut.len());
    for (f, li) in cut.iter().zip(&cut_list) {
        assert!(li.starts_with(&format!("{} {}", s(f, "title"), s(f, "id"))), "{li}");
    }

    let risks = ctx["risks"].as_array().unwrap();
    let rows = table(&doc, "Risk register");
    assert_eq!(rows.len(), risks.len());
    for (r, row) in risks.iter().zip(&rows) {
        assert_eq!(row[0], format!("{} {}", s(r, "title"), s(r, "id")));
        assert_eq!(row[1], s(r, "status"));
        // Each risk's details, under a heading the register links to.
        let heading = doc
            .select(&sel(&format!("[id=\"risk-{}\"]", s(r, "id"))))
            .next()
            .unwrap_or_else(|| panic!("no details for {}", s(r, "id")));
        assert_eq!(text(heading), s(r, "title"));
    }
}

fn badge_glyph(status: &str) -> &'static str {
    match status {
        "on-track" => "●",
        "at-risk" => "▲",
        "late" => "✖",
        "done" => "✔",
        _ => "○",
    }
}

/// The Markdown and the HTML say the same: the milestones' rows agree
/// cell for cell but for the name (escaped differently) and the status's
/// icon (the words are the same).
#[test]
fn the_figures_are_the_markdowns() {
    let out = run(milepost().args(["report", "--no-since", "--plan", ATLAS.0, "--as-of", ATLAS.1]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let md_rows: Vec<Vec<String>> = out
        .stdout
        .split("## Milestones")
        .nth(1)
        .unwrap()
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .take_while(|l| l.starts_with("| "))
        .map(|l| l.trim_matches('|').split(" | ").map(|c| c.trim().to_string()).collect())
        .collect();
    let doc = parse("atlas status", &html(ATLAS.0, ATLAS.1, &["status"]));
    let rows = table(&doc, "Milestones in forecast order");
    assert_eq!(md_rows.len(), rows.len());
    for (md, html) in md_rows.iter().zip(&rows) {
        assert_eq!(md.len(), html.len(), "{md:?} {html:?}");
        for (i, (a, b)) in md.iter().zip(html).enumerate() {
            match i {
                0 => assert_eq!(a.replace(" (`", " ").replace("`)", ""), *b),
                4 => assert_eq!(a.split_once(' ').map(|x| x.1), b.split_once(' ').map(|x| x.1)),
                _ => assert_eq!(a, b, "column {i}"),
            }
        }
    }
}

/// One context for every format: `--context` gives the same bytes with
/// `--format html`.
#[test]
fn the_context_is_the_same_for_both_formats() {
    let args = [
        "report",
        "--context",
        "--no-since",
        "--plan",
        ATLAS.0,
        "--as-of",
        ATLAS.1,
    ];
    let md = run(milepost().args(args));
    let html = run(milepost().args(args).args(["--format", "html"]));
    assert_eq!(md.code, 0, "{}", md.stderr);
    assert_eq!(md.stdout, html.stdout);
}

// ---------------------------------------------------------------------------
// Safety.

/// A plan whose texts are made to break out of HTML and to act on a
/// terminal or reorder text.
fn hostile_plan(dir: &Path) {
    write_files(
        dir,
        &[
            (
                "project.toml",
                "[project]\nname = \"</title><script>alert('p')</script>\"\nstart = 2026-03-02\n\
                 description = \"line one\\n<style>body{display:none}</style>\"\n\n\
                 [[people]]\nid = \"eve\"\nname = \"Eve \\\"<b>\\\" \\u001b]8;;http://x\\u0007\"\n",
            ),
            (
                "milestones/m1.toml",
                "title = \"<img src=x onerror=alert(1)>\"\ndeadline = 2026-03-20\n\
                 description = \"<a href='https://evil.example/'>click</a>\"\n",
            ),
            (
                "features/a.toml",
                "title = \"</script><script>alert(2)</script> \\u001b[31mred\\u001b[0m \\u202Egnp.exe\"\n\
                 milestone = \"m1\"\nowner = \"eve\"\nestimate = \"3d\"\n",
            ),
            (
                "risks/r.toml",
                "title = \"'\\\" onmouseover=alert(3) x=\\\"\"\nprobability = 0.5\nimpact = { days = 2 }\n\
                 mitigation = \"<iframe src=https://evil.example></iframe> &amp;\"\naffects = [\"a\"]\n",
            ),
        ],
    );
}

#[test]
fn hostile_text_is_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile_plan(dir.path());
    let plan = dir.path().to_str().unwrap();
    for (name, args) in PAGES {
        let page = html(plan, "2026-03-09", args);
        let doc = parse(name, &page);
        // Not one element the plan's text tried to make.
        for tag in [
            "script",
            "img",
            "iframe",
            "b",
            "a[href^=http]",
            "[onerror]",
            "[onmouseover]",
        ] {
            assert!(doc.select(&sel(tag)).next().is_none(), "{name}: a {tag} got through");
        }
        assert_eq!(
            doc.select(&sel("style")).count(),
            1 + doc.select(&sel("svg style")).count(),
            "{name}: only the page's own style (and the chart's)"
        );
        // No character that acts on a terminal or reorders text; each
        // shown as the replacement character.
        assert!(!page.contains('\u{1b}') && !page.contains('\u{7}'), "{name}");
        assert!(!page.contains('\u{202E}'), "{name}");
        let all = text(doc.root_element());
        assert!(all.contains("</title><script>alert('p')</script>"), "{name}: {all}");
        if ["status", "roadmap", "risks"].contains(name) {
            assert!(
                all.contains("\u{FFFD}[31mred\u{FFFD}[0m \u{FFFD}gnp.exe"),
                "{name}: {all}"
            );
        }
        let title = doc.select(&sel("title")).next().unwrap();
        assert!(text(title).starts_with("</title><script>alert('p')</script>"), "{name}");
    }
    // The texts read back whole in the pages that show them.
    let status = parse("status", &html(plan, "2026-03-09", &["status"]));
    let all = text(status.root_element());
    for shown in [
        "<img src=x onerror=alert(1)>",
        "</script><script>alert(2)</script> \u{FFFD}[31mred\u{FFFD}[0m \u{FFFD}gnp.exe",
        "'\" onmouseover=alert(3) x=\"",
        "<iframe src=https://evil.example></iframe> &amp;",
        "Eve \"<b>\" \u{FFFD}]8;;http://x\u{FFFD}",
        "<a href='https://evil.example/'>click</a>",
    ] {
        assert!(all.contains(shown), "{shown:?} not in {all}");
    }
}

/// What a page may refer to: anchors in itself. No script, no element
/// that loads anything, no style that imports or fetches, a policy that
/// forbids loading anything should something get in.
fn assert_loads_nothing(what: &str, page: &str) {
    let doc = parse(what, page);
    for tag in [
        "script", "link", "img", "iframe", "object", "embed", "base", "video", "audio", "source", "form",
    ] {
        assert!(doc.select(&sel(tag)).next().is_none(), "{what}: a <{tag}>");
    }
    for e in doc.select(&sel("*")) {
        for (name, value) in e.value().attrs() {
            assert!(
                !matches!(name, "src" | "srcset" | "action" | "data" | "poster" | "background"),
                "{what}: {name}={value:?}"
            );
            assert!(!name.starts_with("on"), "{what}: an event handler {name}");
            if name == "href" || name == "xlink:href" {
                let target = value
                    .strip_prefix('#')
                    .unwrap_or_else(|| panic!("{what}: href {value:?}"));
                assert!(
                    doc.select(&sel(&format!("[id=\"{target}\"]"))).next().is_some(),
                    "{what}: #{target} is no element"
                );
            }
            // An inline SVG names its namespaces: names, not addresses.
            if name.starts_with("xmlns") || name == "xlink" {
                assert!(NAMESPACES.contains(&value), "{what}: {name}={value:?}");
                continue;
            }
            assert!(!refers_outside(&doc, value), "{what}: {name}={value:?}");
        }
    }
    for style in doc.select(&sel("style")) {
        let css = style.text().collect::<String>();
        assert!(!refers_outside(&doc, &css), "{what}: {css}");
    }
    let csp = doc
        .select(&sel("meta[http-equiv=\"Content-Security-Policy\"]"))
        .next()
        .unwrap_or_else(|| panic!("{what}: no content security policy"));
    assert!(
        csp.value()
            .attr("content")
            .is_some_and(|c| c.starts_with("default-src 'none'")),
        "{what}"
    );
}

/// The namespaces an inline SVG may declare.
const NAMESPACES: &[&str] = &["http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"];

/// Whether a style or an attribute value refers to anything outside the
/// page: an `@import`, an address, or a `url()` that is not a fragment
/// of the page (`url(#arrow)`, an SVG's marker, is).
fn refers_outside(doc: &Html, text: &str) -> bool {
    let outside_url = text.match_indices("url(").any(|(i, _)| {
        let rest = text[i + 4..].trim_start_matches(['"', '\'']);
        match rest.strip_prefix('#') {
            Some(fragment) => {
                let id: String = fragment
                    .chars()
                    .take_while(|c| !matches!(c, ')' | '"' | '\''))
                    .collect();
                doc.select(&sel(&format!("[id=\"{id}\"]"))).next().is_none()
            }
            None => true,
        }
    });
    outside_url || text.contains("@import") || text.contains("://")
}

/// Every page of the example, of the hostile plans (this file's and the
/// Markdown tests') and of a plan that is all done: (what, page).
fn every_page() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    hostile_plan(dir.path());
    let hostile = dir.path().to_str().unwrap();
    let mut pages = Vec::new();
    for (plan, as_of) in [
        ATLAS,
        (hostile, "2026-03-09"),
        ("tests/fixtures/report/hostile", "2026-03-09"),
        ("tests/fixtures/report/all-done", "2026-04-15"),
    ] {
        for (name, args) in PAGES {
            pages.push((format!("{plan} {name}"), html(plan, as_of, args)));
        }
    }
    pages
}

#[test]
fn no_page_loads_anything() {
    for (what, page) in every_page() {
        assert_loads_nothing(&what, &page);
    }
}

/// The check above fails on what it looks for.
#[test]
fn the_loading_check_can_fail() {
    let page = |body: &str, head: &str| {
        format!(
            "<!DOCTYPE html><html lang=\"en\"><head><meta http-equiv=\"Content-Security-Policy\" \
             content=\"default-src 'none'\"><title>t</title>{head}</head><body>{body}</body></html>"
        )
    };
    assert_loads_nothing("clean", &page("<p id=\"a\"><a href=\"#a\">a</a></p>", ""));
    // An inline SVG's namespace and its references to its own patterns.
    assert_loads_nothing(
        "svg",
        &page(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><style>.b{fill:url(#p)}</style>\
             <pattern id=\"p\"></pattern><rect class=\"b\" fill=\"url(#p)\"/></svg>",
            "",
        ),
    );
    for (body, head) in [
        ("<img src=\"https://x/y.png\" alt=\"\">", ""),
        ("<a href=\"https://x/\">x</a>", ""),
        ("<a href=\"#nowhere\">x</a>", ""),
        ("<p style=\"background:url(https://x/)\">x</p>", ""),
        ("", "<style>@import \"https://x/a.css\";</style>"),
        ("", "<link rel=\"stylesheet\" href=\"https://x/a.css\">"),
        ("<svg xmlns=\"http://evil.example/\"></svg>", ""),
        ("<svg><rect fill=\"url(#nowhere)\"/></svg>", ""),
        ("<svg><style>.b{fill:url(https://x/p.svg)}</style></svg>", ""),
    ] {
        let p = page(body, head);
        let failed = std::panic::catch_unwind(|| assert_loads_nothing("bad", &p)).is_err();
        assert!(failed, "{body}{head} passed");
    }
}

// ---------------------------------------------------------------------------
// Accessibility basics.

#[test]
fn pages_have_language_headings_in_order_and_labelled_tables() {
    for (what, page) in every_page() {
        let doc = parse(&what, &page);
        assert_eq!(doc.root_element().value().attr("lang"), Some("en"), "{what}");
        // One h1, first; no level skipped on the way down.
        let levels: Vec<u8> = doc
            .select(&sel("h1, h2, h3, h4, h5, h6"))
            .map(|h| h.value().name().as_bytes()[1] - b'0')
            .collect();
        assert_eq!(levels.first(), Some(&1), "{what}: {levels:?}");
        assert_eq!(levels.iter().filter(|&&l| l == 1).count(), 1, "{what}");
        for pair in levels.windows(2) {
            assert!(pair[1] <= pair[0] + 1, "{what}: h{} after h{}", pair[1], pair[0]);
        }
        for t in doc.select(&sel("table")) {
            let caption = t.select(&sel("caption")).next().map(text);
            assert!(
                caption.is_some_and(|c| !c.is_empty()),
                "{what}: a table without a caption"
            );
            for th in t.select(&sel("th")) {
                let scope = th.value().attr("scope");
                assert!(matches!(scope, Some("col" | "row")), "{what}: {}", th.html());
            }
            for th in t.select(&sel("thead th")) {
                assert_eq!(th.value().attr("scope"), Some("col"), "{what}");
            }
        }
        // A status is words, not a colour: each badge's text, without
        // its icon, is a status's words.
        for badge in doc.select(&sel(".badge")) {
            let words: String = badge
                .children()
                .filter_map(|c| c.value().as_text().map(|t| t.to_string()))
                .collect();
            let words = words.trim();
            assert!(
                [
                    "on track",
                    "at risk",
                    "late",
                    "done",
                    "no deadline",
                    "over budget",
                    "into the contingency"
                ]
                .contains(&words),
                "{what}: badge {:?}",
                badge.html()
            );
            let icon = badge.select(&sel("[aria-hidden=true]")).count();
            assert_eq!(icon, 1, "{what}: the icon is hidden from screen readers");
        }
    }
}

// ---------------------------------------------------------------------------
// Determinism and files.

#[test]
fn the_same_plan_gives_the_same_bytes() {
    let base = || atlas_page(&[]);
    let first = run(&mut base());
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(run(&mut base()).stdout, first.stdout);
    for threads in ["1", "3"] {
        let out = run(base().env("MILEPOST_THREADS", threads));
        assert_eq!(out.stdout, first.stdout, "MILEPOST_THREADS={threads}");
    }
}

#[test]
fn output_and_check_work_for_html() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plan.html");
    let out = run(atlas_page(&[]).arg("-o").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), html(ATLAS.0, ATLAS.1, &[]));
    let out = run(atlas_page(&[]).arg("--check").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    // The Markdown is not the HTML.
    let out = run(milepost()
        .args([
            "report",
            "--format",
            "markdown",
            "--no-since",
            "--plan",
            ATLAS.0,
            "--as-of",
            ATLAS.1,
            "--check",
        ])
        .arg(&file));
    assert_eq!(out.code, 1, "{}", out.stderr);
}

/// Without `--format`, a `.html` (or `.htm`, any case) file given to `-o`
/// or `--check` gets the page, any other file the Markdown; `--format`
/// wins over the extension.
#[test]
fn the_file_extension_picks_the_format_when_none_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let page = html(ATLAS.0, ATLAS.1, &[]);
    let markdown = run(milepost().args(["report", "--no-since", "--plan", ATLAS.0, "--as-of", ATLAS.1]));
    assert_eq!(markdown.code, 0, "{}", markdown.stderr);
    assert!(markdown.stdout.starts_with('#'), "{}", markdown.stdout);
    let report = |args: &[&str], file: &Path| {
        let out = run(milepost()
            .args(["report", "--no-since", "--plan", ATLAS.0, "--as-of", ATLAS.1])
            .args(args)
            .arg("-o")
            .arg(file));
        assert_eq!(out.code, 0, "{}", out.stderr);
        std::fs::read_to_string(file).unwrap()
    };
    for name in ["status.html", "STATUS.HTM"] {
        assert_eq!(report(&[], &dir.path().join(name)), page, "{name}");
    }
    for name in ["status.md", "status", "status.html.txt"] {
        assert_eq!(report(&[], &dir.path().join(name)), markdown.stdout, "{name}");
    }
    let file = dir.path().join("forced.html");
    assert_eq!(report(&["--format", "markdown"], &file), markdown.stdout);
    // `--check` reads the extension too: the page is current, then not.
    let check = |file: &Path| {
        run(milepost()
            .args(["report", "--no-since", "--plan", ATLAS.0, "--as-of", ATLAS.1, "--check"])
            .arg(file))
        .code
    };
    assert_eq!(check(&dir.path().join("status.html")), 0);
    assert_eq!(check(&file), 1, "a Markdown report in a .html file is not the page");
}

/// `examples/reports/status.html` is the example's status page as
/// milepost writes it now (`MILEPOST_BLESS=1` rewrites it).
#[test]
fn the_example_page_is_current() {
    let path = root().join("examples/reports/status.html");
    let page = html(ATLAS.0, ATLAS.1, &["status"]);
    if std::env::var_os("MILEPOST_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &page).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == page,
        "{} is out of date: run `MILEPOST_BLESS=1 cargo test --test integration report_html` and commit it",
        path.display()
    );
}

/// A small plan's pages, whole but for the chart's markup (whose bytes
/// `svg.rs` checks): one `<svg>` element, where the page puts it.
#[test]
fn snapshot_of_a_small_plan() {
    for (name, args) in [
        ("status", &["status"][..]),
        ("status-exec", &["status", "--audience", "exec"]),
    ] {
        let page = html("tests/fixtures/report/late", "2026-03-09", args);
        parse(name, &page);
        let (before, rest) = page.split_once("<svg ").unwrap_or_else(|| panic!("{name}: no chart"));
        let (chart, after) = rest.split_once("</svg>").unwrap();
        assert!(!chart.contains("<svg") && !after.contains("<svg"), "{name}: one chart");
        let page = format!("{before}<svg><!-- the chart: tests/integration/svg.rs --></svg>{after}");
        insta::assert_snapshot!(format!("late-{name}-html"), page);
    }
}

// ---------------------------------------------------------------------------
// Templates.

#[test]
fn a_layout_in_the_templates_directory_styles_every_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("layout.html"),
        "<!DOCTYPE html>\n<html lang=\"en\"><head><title>ACME | {{ project.name }}</title></head>\n\
         <body class=\"acme\">{% block content %}{% endblock %}</body></html>\n",
    )
    .unwrap();
    for (name, args) in PAGES {
        let out = run(atlas_page(args).arg("--templates").arg(dir.path()));
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        let doc = parse(name, &out.stdout);
        assert_eq!(
            text(doc.select(&sel("title")).next().unwrap()),
            "ACME | Atlas",
            "{name}"
        );
        assert!(doc.select(&sel("body.acme h1")).next().is_some(), "{name}");
        assert!(
            doc.select(&sel("head style")).next().is_none(),
            "{name}: the layout is the user's"
        );
    }
    // The Markdown is untouched by it.
    let out = run(milepost()
        .args([
            "report",
            "--no-since",
            "--plan",
            ATLAS.0,
            "--as-of",
            ATLAS.1,
            "--templates",
        ])
        .arg(dir.path()));
    assert!(out.stdout.starts_with("# Atlas: status"), "{}", out.stdout);
}

/// `--template FILE` renders as HTML with `--format html`, whatever the
/// file's name: every value escaped.
#[test]
fn a_template_file_is_escaped_as_html() {
    let dir = tempfile::tempdir().unwrap();
    hostile_plan(&dir.path().join("plan"));
    let file = dir.path().join("mine.md");
    std::fs::write(
        &file,
        "<h1>{{ project.name }}</h1>{% for m in milestones %}<p>{{ m.title }}</p>{% endfor %}\n",
    )
    .unwrap();
    let out = run(milepost()
        .args(["report", "--format", "html", "--as-of", "2026-03-09", "--plan"])
        .arg(dir.path().join("plan"))
        .arg("--template")
        .arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "<h1>&lt;/title&gt;&lt;script&gt;alert(&#39;p&#39;)&lt;/script&gt;</h1><p>&lt;img src=x onerror=alert(1)&gt;</p>\n"
    );
}

/// The Markdown filters refuse to run in an HTML template, saying where
/// and what to write instead.
#[test]
fn markdown_filters_in_an_html_template_say_what_to_write() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("risks.html"),
        "{% for r in risks %}\n<p>{{ r.title | md }}</p>\n{% endfor %}\n",
    )
    .unwrap();
    let out = run(atlas_page(&["risks"]).arg("--templates").arg(dir.path()));
    assert_eq!(out.code, 2, "{}", out.stdout);
    assert!(out.stderr.contains("template `risks.html`, line 2"), "{}", out.stderr);
    assert!(out.stderr.contains("the `md` filter is for Markdown"), "{}", out.stderr);
    assert!(out.stderr.contains("{{ f.title }}"), "{}", out.stderr);
}

/// `--init-templates` writes the HTML templates with the Markdown ones;
/// rendering with them gives the built-in pages; a user's `status.html`
/// there stops it.
#[test]
fn init_templates_writes_the_html_templates() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("t");
    let out = run(milepost().args(["report", "--init-templates"]).arg(&templates));
    assert_eq!(out.code, 0, "{}", out.stderr);
    for (name, args) in PAGES {
        let out = run(atlas_page(args).arg("--templates").arg(&templates));
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(out.stdout, html(ATLAS.0, ATLAS.1, args), "{name}");
    }
    std::fs::remove_dir_all(&templates).unwrap();
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("status.html"), "mine\n").unwrap();
    let out = run(milepost().args(["report", "--init-templates"]).arg(&templates));
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("status.html` already exists"), "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(templates.join("status.html")).unwrap(),
        "mine\n"
    );
    assert_eq!(std::fs::read_dir(&templates).unwrap().count(), 1);
}

/// With a baseline and the changes since a tag (the scripted history of
/// `baseline.rs`): the status page's sections hold every row of the
/// context's, and the summary page its line.
#[test]
fn baseline_and_changes_in_the_page() {
    let repo = crate::baseline::history();
    let args = [
        "--as-of",
        "2026-03-09",
        "--no-level",
        "--baseline",
        "v1-plan-approved",
        "--since",
        "v2",
    ];
    let out = run(repo.milepost().args(["report", "--context"]).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let ctx: Value = serde_json::from_str(&out.stdout).unwrap();
    let out = run(repo.milepost().args(["report", "--format", "html"]).args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = parse("baseline status", &out.stdout);

    let rows = table(&doc, "Forecast against the baseline");
    let milestones = ctx["baseline"]["milestones"].as_array().unwrap();
    assert!(milestones.len() >= 3, "{milestones:?}");
    assert_eq!(rows.len(), milestones.len());
    for (m, row) in milestones.iter().zip(&rows) {
        assert_eq!(row[0], format!("{} {}", s(m, "title"), s(m, "id")));
        assert_eq!(row[1], m["baseline"].as_str().unwrap_or("—"));
    }
    let changes: Vec<String> = doc.select(&sel("#changes > ul > li")).map(text).collect();
    let items = ctx["changes"]["items"].as_array().unwrap();
    assert!(items.len() >= 4, "{items:?}");
    assert_eq!(changes.len(), items.len());
    for (i, li) in items.iter().zip(&changes) {
        assert!(
            li.starts_with(&format!("{} {} {}", s(i, "change"), s(i, "kind"), s(i, "id"))),
            "{li}"
        );
    }
    assert!(text(doc.root_element()).contains("Fourth <b>"));
    assert!(doc.select(&sel("b")).next().is_none());

    let out = run(repo
        .milepost()
        .args(["report", "--format", "html", "--audience", "exec"])
        .args(args));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc = parse("baseline exec", &out.stdout);
    assert!(
        text(doc.root_element()).contains("Against baseline v1-plan-approved: Alpha +"),
        "{}",
        text(doc.root_element())
    );
}

/// A page of one's own extends the built-in layout and adds to its style
/// with `super()`, as docs/templates.md says.
#[test]
fn a_page_of_ones_own_extends_the_layout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.html");
    std::fs::write(
        &file,
        "{% extends \"layout.html\" %}{% block style %}{{ super() }}\nbody { color: #000; }\n{% endblock %}\
         {% block content %}<h1>{{ project.name }}</h1>{% include \"gantt-section.html\" %}{% endblock %}\n",
    )
    .unwrap();
    let out = run(atlas_page(&[]).arg("--template").arg(&file));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_loads_nothing("mine", &out.stdout);
    let doc = parse("mine", &out.stdout);
    let css: String = doc.select(&sel("head style")).next().unwrap().text().collect();
    assert!(
        css.contains("@media print") && css.ends_with("body { color: #000; }\n"),
        "{css}"
    );
    assert_eq!(text(doc.select(&sel("h1")).next().unwrap()), "Atlas");
}

// ---------------------------------------------------------------------------
// In Chromium (`tests/browser/inspect.js`; skipped, saying so, without
// it unless `MILEPOST_REQUIRE_BROWSER=1`).

/// Opens `page` (HTML) in Chromium, from a file in `dir` (or in
/// `MILEPOST_BROWSER_KEEP`, to be looked at), with a screenshot; fails on
/// any console message, exception, dialog or request.
fn in_chromium(dir: &Path, name: &str, page: &str) -> crate::support::browser::Page {
    let kept = std::env::var_os("MILEPOST_BROWSER_KEEP").map(std::path::PathBuf::from);
    let dir = kept.as_deref().unwrap_or(dir);
    let path = dir.join(format!("{name}.html"));
    let png = dir.join(format!("{name}.html.png"));
    std::fs::write(&path, page).unwrap();
    let counts = ["svg", "table", "img", "script", "iframe", "b", "[onerror]"];
    let shown = crate::support::browser::inspect(&path, Some(&png), &counts);
    shown.assert_clean();
    assert_eq!(shown.document.as_deref(), Some("html"), "{name}");
    assert!(png.metadata().unwrap().len() > 1000, "{name}: a screenshot");
    for none in ["img", "script", "iframe", "b", "[onerror]"] {
        assert_eq!(shown.counts[none], 0, "{name}: {none}");
    }
    shown
}

/// Every page of the example, as Chromium shows it: nothing to complain
/// about, nothing requested, and in the pages with the chart a bar for
/// every feature, no two labels overlapping and the critical chain marked
/// (`browser.rs`'s checks of the chart alone, here inside the page).
#[test]
fn the_pages_in_chromium() {
    if !crate::support::browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (all, critical) = crate::browser::features(&["--plan", ATLAS.0, "--as-of", ATLAS.1]);
    for (name, args) in PAGES {
        let page = html(ATLAS.0, ATLAS.1, args);
        let shown = in_chromium(tmp.path(), name, &page);
        assert!(shown.title.starts_with("Atlas: "), "{name}: {}", shown.title);
        let chart = ["status", "status-exec", "gantt"].contains(name);
        assert_eq!(shown.counts["svg"], usize::from(chart), "{name}");
        if chart {
            crate::browser::assert_sound(&shown, &all, &critical);
            assert_eq!(shown.with("kind", "band").count(), 5, "{name}: the Monte Carlo's bands");
        }
        // Chromium builds the tables html5ever does.
        let tables = parse(name, &page).select(&sel("table")).count();
        assert!(tables > 0 || *name == "gantt", "{name}");
        assert_eq!(shown.counts["table"], tables, "{name}");
    }
}

/// The hostile plan's pages run nothing: no dialog opens (an injected
/// handler would `alert`), no element comes from its text.
#[test]
fn hostile_pages_in_chromium() {
    if !crate::support::browser::available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    hostile_plan(&tmp.path().join("plan"));
    let plan = tmp.path().join("plan").display().to_string();
    let (all, critical) = crate::browser::features(&["--plan", &plan, "--as-of", "2026-03-09"]);
    for (name, args) in PAGES {
        let shown = in_chromium(tmp.path(), &format!("hostile-{name}"), &html(&plan, "2026-03-09", args));
        assert!(shown.title.starts_with("</title><script>"), "{name}: {}", shown.title);
        if ["status", "status-exec", "gantt"].contains(name) {
            crate::browser::assert_sound(&shown, &all, &critical);
        }
    }
}
