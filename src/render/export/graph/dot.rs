//! The dependency network in Graphviz's DOT language: `milepost export
//! --format dot | dot -Tsvg > plan.svg`.
//!
//! Every ID is a double-quoted string ([`quote`]): the node of an item is
//! its plan id, the cluster of a milestone `cluster:ID` (Graphviz draws a
//! subgraph whose name starts with `cluster` as a box; no plan id holds a
//! `:`). The critical chain is red *and* drawn thicker (`penwidth`, bold
//! edges) and named in its nodes' labels, so it reads without colour too;
//! done features are filled grey and say `done`.

use std::fmt::Write as _;

use super::{EdgeKind, Graph, is_done, node_lines};
use crate::plan::ItemKind;

/// The colour of the critical chain.
const CRITICAL: &str = "#c62828";

/// `s` as a DOT double-quoted string: `"` and `\` escaped with a backslash
/// (a backslash starts an escape in a label: `\n`, `\N`, `\l`), `&`
/// written `&amp;` (Graphviz reads HTML entities in labels), and every
/// character a page or a terminal would act on replaced
/// ([`crate::text::shown`]), line breaks by spaces.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    escape_into(&mut out, &crate::text::shown(s, false));
    out.push('"');
    out
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
}

/// A label of several lines: each escaped, joined by `\n` (centred lines).
fn label(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        escape_into(&mut out, &crate::text::shown(line, false));
    }
    out.push('"');
    out
}

/// The graph in DOT.
pub fn to_dot(g: &Graph<'_>) -> String {
    let mut out = String::new();
    let s = g.schedule;
    let _ = writeln!(
        out,
        "// The dependency network of {} as of {}, by milepost (export --format dot).",
        crate::text::shown(g.project, false),
        s.as_of
    );
    out.push_str("// Render it with Graphviz: dot -Tsvg plan.dot > plan.svg\n");
    let _ = writeln!(out, "digraph {} {{", quote(g.project));
    let title = [
        format!("{}: dependencies as of {}", g.project, s.as_of),
        "thick red: the critical chain · dotted: a feature its milestone waits for · dashed: waiting for a person"
            .to_string(),
    ];
    // `newrank`: one ranking over the whole graph, clusters and all. The
    // default ranks each cluster on its own, and on some plans (a generated
    // one of 200 features, `export_graph.rs`) Graphviz gives up with
    // "trouble in init_rank" and draws nothing.
    let _ = writeln!(
        out,
        "  graph [newrank=true, rankdir=LR, labelloc=t, fontname=\"Helvetica\", label={}];",
        label(&title)
    );
    out.push_str("  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for c in &g.clusters {
        let m = g.entry(c.milestone);
        let _ = writeln!(out, "  subgraph {} {{", quote(&format!("cluster:{}", m.id)));
        let _ = writeln!(out, "    label={}; style=rounded; color=\"#9e9e9e\";", quote(&m.title));
        node(&mut out, g, c.milestone, "    ");
        for &f in &c.features {
            node(&mut out, g, f, "    ");
        }
        out.push_str("  }\n");
    }
    for &f in &g.loose {
        node(&mut out, g, f, "  ");
    }
    for e in &g.edges {
        let (a, b) = (g.entry(e.from), g.entry(e.to));
        let _ = write!(out, "  {} -> {}", quote(&a.id), quote(&b.id));
        let mut attrs = Vec::new();
        if let Some(text) = e.label() {
            attrs.push(format!("label={}", quote(&text)));
        }
        match e.kind {
            EdgeKind::Link { .. } => {}
            EdgeKind::Member => attrs.push("style=dotted, arrowhead=empty".into()),
            EdgeKind::Wait { .. } => attrs.push("style=dashed".into()),
        }
        if e.critical {
            attrs.push(format!("color=\"{CRITICAL}\", penwidth=3"));
            if matches!(e.kind, EdgeKind::Link { .. }) {
                attrs.push("style=bold".into());
            }
        }
        if attrs.is_empty() {
            out.push_str(";\n");
        } else {
            let _ = writeln!(out, " [{}];", attrs.join(", "));
        }
    }
    out.push_str("}\n");
    out
}

/// One node: its label, its shape for a milestone, its marks.
fn node(out: &mut String, g: &Graph<'_>, i: usize, indent: &str) {
    let e = g.entry(i);
    let mut attrs = vec![format!("label={}", label(&node_lines(e)))];
    attrs.push(format!("tooltip={}", quote(&e.title)));
    if e.kind == ItemKind::Milestone {
        attrs.push("shape=hexagon, style=\"\"".into());
    } else if is_done(e) {
        attrs.push("style=\"rounded,filled\", fillcolor=\"#e0e0e0\", fontcolor=\"#424242\"".into());
    }
    if e.critical {
        attrs.push(format!("color=\"{CRITICAL}\", penwidth=3"));
    }
    let _ = writeln!(out, "{indent}{} [{}];", quote(&e.id), attrs.join(", "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_dot_reads_specially() {
        assert_eq!(quote(r#"say "hi" \N & co"#), r#""say \"hi\" \\N &amp; co""#);
        assert_eq!(quote("a\nb\u{1b}"), "\"a b\u{FFFD}\"");
        assert_eq!(label(&["a\"".into(), "b".into()]), r#""a\"\nb""#);
    }
}
