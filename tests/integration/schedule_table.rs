//! The `schedule` table at a terminal: it fits the terminal's width
//! (`COLUMNS` here), cutting titles only when it must; piped, nothing is
//! cut; critical items and negative float in colour under `--color`.

use crate::support::{milepost, run, write_files};

fn atlas(columns: Option<&str>, color: &str) -> String {
    let mut cmd = milepost();
    cmd.args([
        "--color",
        color,
        "schedule",
        "--plan",
        "examples/atlas/plan",
        "--as-of",
        "2026-03-16",
    ]);
    if let Some(c) = columns {
        cmd.env("COLUMNS", c);
    }
    let out = run(&mut cmd);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

/// The feature table's rows: its lines from its header to the blank line.
fn feature_rows(table: &str) -> Vec<&str> {
    table
        .lines()
        .skip_while(|l| !l.starts_with("feature "))
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn at_200_columns_nothing_is_cut_and_every_line_fits() {
    let out = atlas(Some("200"), "never");
    assert!(!out.contains('…'), "{out}");
    for line in out.lines().filter(|l| !l.starts_with("expected (PERT) and P")) {
        assert!(line.chars().count() <= 200, "{line}");
    }
    // The same as piped: the table's natural width is below 200.
    assert_eq!(out, atlas(None, "never"));
    insta::assert_snapshot!("schedule-table-200", out);
}

#[test]
fn at_80_columns_titles_are_cut_with_an_ellipsis() {
    let out = atlas(Some("80"), "never");
    insta::assert_snapshot!("schedule-table-80", out);
    let full = atlas(None, "never");
    let (cut, whole) = (feature_rows(&out), feature_rows(&full));
    assert_eq!(cut.len(), whole.len());
    // Ids, dates and numbers are never cut: each row ends the same once
    // the title (and what it waits for) are set aside.
    for (c, w) in cut.iter().zip(&whole) {
        let id = |l: &str| l.split_whitespace().next().map(str::to_string);
        assert_eq!(id(c), id(w));
        assert!(c.chars().count() <= w.chars().count(), "{c}");
    }
    // The longest title, cut; it is whole when piped.
    let title = "Daily buckets ignore the organisation's time zone";
    assert!(full.contains(title));
    assert!(!out.contains(title));
    assert!(out.contains("Daily bucke…"), "{out}");
}

/// Piped, the whole of every title is written, however long.
#[test]
fn piped_nothing_is_cut() {
    let dir = tempfile::tempdir().unwrap();
    let title = "A title far longer than any terminal is wide, ".repeat(5);
    write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            (
                "features/a.toml",
                &format!("title = \"{}\"\nestimate = \"2d\"\n", title.trim()),
            ),
        ],
    );
    let out = run(milepost()
        .args(["schedule", "--as-of", "2026-03-02", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains(title.trim()), "{}", out.stdout);
    assert!(!out.stdout.contains('…'));
}

/// A plan that misses its deadline: feature `a` takes 10 working days from
/// Monday 2026-03-02, so it ends on Friday 2026-03-13; milestone `m`'s
/// deadline is Friday 2026-03-06, five working days earlier. `m` misses it
/// by 5 (margin -5d) and the path through `a` has 5 days too few (float
/// -5d for both).
fn late_plan() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"Late\"\nstart = 2026-03-02\n"),
            (
                "features/a.toml",
                "title = \"A\"\nmilestone = \"m\"\nestimate = \"10d\"\n",
            ),
            ("milestones/m.toml", "title = \"M\"\ndeadline = 2026-03-06\n"),
        ],
    );
    dir
}

#[test]
fn colour_only_with_color_always() {
    let dir = late_plan();
    let table = |color: &str| {
        let out = run(milepost()
            .args(["--color", color, "schedule", "--as-of", "2026-03-02", "--plan"])
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let plain = table("never");
    assert!(plain.contains("* a "), "{plain}");
    assert!(plain.contains("-5d"), "{plain}");
    // Piped, `auto` is plain too; so is `never`.
    assert_eq!(table("auto"), plain);
    assert!(!plain.contains('\u{1b}'));
    // `always` colours even under NO_COLOR (which the test environment sets):
    // the critical ids in bold yellow, the negative margin and floats in
    // the one error red (bold), nothing else.
    let coloured = table("always");
    let (yellow, red, reset) = ("\u{1b}[1m\u{1b}[33m", "\u{1b}[1m\u{1b}[31m", "\u{1b}[0m");
    assert!(coloured.contains(&format!("{yellow}* a{reset}")), "{coloured:?}");
    assert!(coloured.contains(&format!("{yellow}* m{reset}")), "{coloured:?}");
    assert_eq!(coloured.matches(&format!("{red}-5d{reset}")).count(), 3, "{coloured:?}");
    // Without its codes, it is the plain table.
    let stripped = coloured.replace(yellow, "").replace(red, "").replace(reset, "");
    assert_eq!(stripped, plain);
}
