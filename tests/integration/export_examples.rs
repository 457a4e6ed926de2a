//! The exports committed under `examples/exports/` (and the SVG Gantt
//! chart beside them) are what milepost writes today. After changing an export on purpose:
//! `MILEPOST_BLESS=1 cargo test --test integration export_examples` and
//! commit the result (read the diff first).

use crate::support::{milepost, root, run};

/// Each committed file, the command and the arguments that make it, all
/// from the bundled plan as of 2026-03-16 (also in
/// `examples/exports/README.md`).
const EXPORTS: [(&str, &str, &[&str]); 4] = [
    (
        "atlas.ics",
        "export",
        &["--format", "ics", "--person", "tomas", "--runs", "1000"],
    ),
    ("atlas.dot", "export", &["--format", "dot"]),
    ("atlas-flowchart.mmd", "export", &["--format", "mermaid-flowchart"]),
    ("atlas-gantt.svg", "schedule", &["--format", "svg", "--runs", "1000"]),
];

#[test]
fn committed_exports_are_current() {
    let bless = std::env::var_os("MILEPOST_BLESS").is_some();
    let readme = std::fs::read_to_string(root().join("examples/exports/README.md")).unwrap();
    for (file, name, args) in EXPORTS {
        let r = run(milepost()
            .args([name, "--plan", "examples/atlas/plan", "--as-of", "2026-03-16"])
            .args(args));
        assert_eq!(r.code, 0, "{}", r.stderr);
        // (`schedule` writes to standard output.)
        let to = if name == "export" { "-o" } else { ">" };
        let command = format!(
            "milepost {name} --plan examples/atlas/plan --as-of 2026-03-16 {} {to} examples/exports/{file}",
            args.join(" ")
        );
        assert!(
            readme.contains(&command),
            "examples/exports/README.md lacks `{command}`"
        );
        let path = root().join("examples/exports").join(file);
        if bless {
            std::fs::write(&path, &r.stdout).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == r.stdout,
            "examples/exports/{file} is out of date: run `MILEPOST_BLESS=1 cargo test --test integration export_examples` and commit the result"
        );
    }
}
