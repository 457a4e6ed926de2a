//! What a template may do, and what `report` reads and writes around one:
//! the work of a render is bounded, a template is a regular file of at
//! most 4 MiB, `-o` never replaces a template the render reads, and
//! `--init-templates` never writes through a link.

use std::path::Path;

use crate::support::{milepost, run};

const ATLAS: &[&str] = &["--plan", "examples/atlas/plan", "--as-of", "2026-06-15", "--runs", "0"];

/// A named pipe at `path`; `false` (and a notice) where `mkfifo` is not.
fn fifo(path: &Path) -> bool {
    let made = std::process::Command::new("mkfifo").arg(path).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available: skipping");
        return false;
    }
    true
}

/// A template that loops without end stops with an error at its line (a
/// render's work is bounded), and `-o` writes nothing.
#[test]
fn a_template_that_loops_without_end_stops_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("loop.md");
    std::fs::write(
        &template,
        "# Weekly\n\n{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let output = dir.path().join("out.md");
    let out = run(milepost()
        .arg("report")
        .args(ATLAS)
        .arg("--template")
        .arg(&template)
        .arg("-o")
        .arg(&output));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("loop.md`, line 3: the template did more work"),
        "{}",
        out.stderr
    );
    assert!(!output.exists(), "nothing is written");
}

/// `--template` and `--check` read regular files only (a named pipe would
/// block, a device never end), and a template of more than 4 MiB is
/// refused; so is a named pipe in `--templates DIR`, which was skipped
/// for the built-in template.
#[test]
fn templates_and_checked_reports_are_regular_files_of_a_bounded_size() {
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--template", "--check"] {
        let out = run(milepost().arg("report").args(ATLAS).args([flag, "/dev/zero"]));
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains(&format!("error: `{flag} /dev/zero` is a device, not a file")),
            "{}",
            out.stderr
        );
    }
    let pipe = dir.path().join("pipe.md");
    if fifo(&pipe) {
        for flag in ["--template", "--check"] {
            let out = run(milepost().arg("report").args(ATLAS).arg(flag).arg(&pipe));
            assert_eq!(out.code, 2, "{}", out.stderr);
            assert!(out.stderr.contains("is a named pipe, not a file"), "{}", out.stderr);
        }
        let templates = dir.path().join("td");
        std::fs::create_dir(&templates).unwrap();
        assert!(fifo(&templates.join("status.md")));
        let out = run(milepost().arg("report").args(ATLAS).arg("--templates").arg(&templates));
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("status.md` is a named pipe, not a template file"),
            "{}",
            out.stderr
        );
        // An exec template of a report with no built-in one is refused
        // too, not passed over for the report's own template.
        let exec = dir.path().join("exec");
        std::fs::create_dir(&exec).unwrap();
        assert!(fifo(&exec.join("roadmap-exec.md")));
        let out = run(milepost()
            .args(["report", "roadmap", "--audience", "exec"])
            .args(ATLAS)
            .arg("--templates")
            .arg(&exec));
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr
                .contains("roadmap-exec.md` is a named pipe, not a template file"),
            "{}",
            out.stderr
        );
    }
    let huge = dir.path().join("huge.md");
    std::fs::write(&huge, "x".repeat(4 * 1024 * 1024 + 1)).unwrap();
    let out = run(milepost().arg("report").args(ATLAS).arg("--template").arg(&huge));
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("is larger than the 4 MiB a template may hold"),
        "{}",
        out.stderr
    );
}

/// `-o` onto a template the render includes (not one of the built-in
/// names, so not known before the render) is refused when the render
/// reads it: the template is kept, nothing is written.
#[test]
fn output_never_replaces_a_template_the_render_includes() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("td");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(templates.join("part.md"), "INCLUDED {{ project.name }}\n").unwrap();
    std::fs::write(templates.join("main.md"), "top\n{% include \"part.md\" %}\n").unwrap();
    std::fs::write(templates.join("status.md"), "S\n{% include \"part.md\" %}\n").unwrap();
    let part = templates.join("part.md");
    for user in [true, false] {
        let mut cmd = milepost();
        cmd.arg("report").args(ATLAS).arg("--templates").arg(&templates);
        if user {
            cmd.arg("--template").arg(templates.join("main.md"));
        }
        let out = run(cmd.arg("-o").arg(&part));
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(
            out.stderr.contains("part.md` is the file `-o` writes"),
            "{}",
            out.stderr
        );
        assert_eq!(std::fs::read_to_string(&part).unwrap(), "INCLUDED {{ project.name }}\n");
    }
    // A report beside the templates is written.
    let report = templates.join("STATUS.md");
    let out = run(milepost()
        .arg("report")
        .args(ATLAS)
        .arg("--templates")
        .arg(&templates)
        .arg("-o")
        .arg(&report));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "S\nINCLUDED Atlas\n");
}

/// `--init-templates` never writes through a symbolic link, `--force` or
/// not: the file it leads to (outside the directory, or not there yet) is
/// left alone, and nothing is written.
#[test]
fn init_templates_never_writes_through_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "VICTIM\n").unwrap();
    for (folder, target, force) in [("a", "../victim.txt", true), ("b", "../outside.txt", false)] {
        let templates = dir.path().join(folder);
        std::fs::create_dir(&templates).unwrap();
        std::os::unix::fs::symlink(target, templates.join("status.md")).unwrap();
        let mut cmd = milepost();
        cmd.args(["report", "--init-templates"]).arg(&templates);
        if force {
            cmd.arg("--force");
        }
        let out = run(&mut cmd);
        assert_eq!(out.code, 2, "{}", out.stderr);
        assert!(out.stderr.contains("status.md` is a symbolic link"), "{}", out.stderr);
        assert!(!templates.join("roadmap.md").exists(), "all or nothing");
    }
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "VICTIM\n");
    assert!(!dir.path().join("outside.txt").exists());
}
