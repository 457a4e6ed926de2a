//! The dependency network as a Mermaid flowchart: `milepost export
//! --format mermaid-flowchart`, for a ```` ```mermaid ```` block on GitHub
//! or GitLab.
//!
//! Node ids are made from plan ids ([`Ids`]): `m_` for a milestone, `f_`
//! for a feature, `c_` for a milestone's subgraph, then the id with every
//! character that is not an ASCII letter or digit as `_` (`auth/sso` is
//! `f_auth_sso`), and `_2`, `_3`… on a clash. No id is a Mermaid keyword
//! (`end`, `graph`) or starts with `o` or `x` (which would join an arrow:
//! `A--oB`). Labels are double-quoted and escaped by [`label_text`]. The
//! critical chain is red *and* thick (`==>` edges, `stroke-width`), and
//! named in its nodes' labels; done features are filled grey and say
//! `done`.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::{EdgeKind, Graph, is_done, node_lines};
use crate::plan::ItemKind;

/// The most edges Mermaid draws by default (`maxEdges`, which a diagram
/// cannot raise): a larger flowchart fails to render on GitHub.
pub const MAX_EDGES: usize = 500;
/// The largest diagram Mermaid draws by default, in characters (`maxTextSize`).
pub const MAX_TEXT: usize = 50_000;

/// Text in a double-quoted Mermaid label: what Mermaid would read
/// (`"`, `#` that starts an entity code, `%` that starts a directive, `|`
/// that ends an edge label, a backtick that starts Markdown) and what
/// becomes HTML (`<`, `>`, `&`) written as Mermaid's entity codes
/// (`#quot;`, `#35;`…), which show as the character itself; every
/// character a page or a terminal would act on replaced
/// ([`crate::text::shown`]), line breaks by spaces. (The Gantt chart's
/// [`crate::render::mermaid::mermaid_text`] uses look-alikes instead:
/// after a task's first `:`, an entity code is a syntax error.)
pub fn label_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::text::shown(s, false).chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '%' => out.push_str("#37;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

/// The node ids of a graph, made once so that clashes are settled in one
/// order (milestones, their subgraphs, then features, as the schedule
/// lists them).
pub struct Ids {
    nodes: Vec<String>,
    clusters: Vec<String>,
}

impl Ids {
    pub fn of(g: &Graph<'_>) -> Ids {
        let mut taken = HashSet::new();
        let mut make = |prefix: &str, id: &str| {
            let base: String = std::iter::once(prefix.to_string())
                .chain(
                    id.chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }.to_string()),
                )
                .collect();
            let mut name = base.clone();
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}");
                n += 1;
            }
            name
        };
        let entries = &g.schedule.entries;
        let mut nodes = vec![String::new(); entries.len()];
        let mut clusters = Vec::with_capacity(g.clusters.len());
        for c in &g.clusters {
            let id = &entries[c.milestone].id;
            nodes[c.milestone] = make("m_", id);
            clusters.push(make("c_", id));
        }
        for (i, e) in entries.iter().enumerate() {
            if e.kind != ItemKind::Milestone {
                nodes[i] = make("f_", &e.id);
            }
        }
        Ids { nodes, clusters }
    }

    /// The node id of entry `i`.
    pub fn node(&self, i: usize) -> &str {
        &self.nodes[i]
    }
}

/// The graph as a Mermaid flowchart.
pub fn to_mermaid(g: &Graph<'_>) -> String {
    let ids = Ids::of(g);
    let mut out = String::from("flowchart LR\n");
    let _ = writeln!(
        out,
        "    %% The dependency network of {} as of {}, by milepost (export --format mermaid-flowchart).",
        label_text(g.project),
        g.schedule.as_of
    );
    out.push_str("    %% Thick red: the critical chain. Dotted: a feature its milestone waits for. Labelled `waits for`: a person.\n");
    out.push_str("    classDef critical stroke:#c62828,stroke-width:3px\n");
    out.push_str("    classDef done fill:#e0e0e0,color:#424242\n");
    for (c, cluster) in g.clusters.iter().enumerate() {
        let m = g.entry(cluster.milestone);
        let _ = writeln!(out, "    subgraph {} [\"{}\"]", ids.clusters[c], label_text(&m.title));
        node(&mut out, g, &ids, cluster.milestone, "        ");
        for &f in &cluster.features {
            node(&mut out, g, &ids, f, "        ");
        }
        out.push_str("    end\n");
    }
    for &f in &g.loose {
        node(&mut out, g, &ids, f, "    ");
    }
    let mut thick = Vec::new();
    for (n, e) in g.edges.iter().enumerate() {
        let arrow = match (&e.kind, e.critical) {
            (EdgeKind::Link { .. }, true) => "==>",
            (EdgeKind::Link { .. }, false) => "-->",
            (EdgeKind::Member | EdgeKind::Wait { .. }, _) => "-.->",
        };
        let _ = write!(out, "    {} {arrow}", ids.node(e.from));
        if let Some(text) = e.label() {
            let _ = write!(out, "|\"{}\"|", label_text(&text));
        }
        let _ = writeln!(out, " {}", ids.node(e.to));
        if e.critical {
            thick.push(n.to_string());
        }
    }
    let class = |out: &mut String, name: &str, keep: &dyn Fn(usize) -> bool| {
        let members: Vec<&str> = (0..g.schedule.entries.len())
            .filter(|&i| keep(i))
            .map(|i| ids.node(i))
            .collect();
        if !members.is_empty() {
            let _ = writeln!(out, "    class {} {name}", members.join(","));
        }
    };
    class(&mut out, "critical", &|i| g.entry(i).critical);
    class(&mut out, "done", &|i| is_done(g.entry(i)));
    if !thick.is_empty() {
        let _ = writeln!(out, "    linkStyle {} stroke:#c62828,stroke-width:3px", thick.join(","));
    }
    out
}

/// One node: a hexagon for a milestone, a rounded box for a feature.
fn node(out: &mut String, g: &Graph<'_>, ids: &Ids, i: usize, indent: &str) {
    let e = g.entry(i);
    let text: Vec<String> = node_lines(e).iter().map(|l| label_text(l)).collect();
    let text = text.join("<br>");
    let (open, close) = match e.kind {
        ItemKind::Milestone => ("{{", "}}"),
        _ => ("(", ")"),
    };
    let _ = writeln!(out, "{indent}{}{open}\"{text}\"{close}", ids.node(i));
}

/// What keeps Mermaid from drawing `text` (a flowchart of `edges` edges)
/// with its default limits, which GitHub and GitLab keep: one sentence
/// each, with what to do instead.
pub fn limits(text: &str, edges: usize) -> Vec<String> {
    let mut out = Vec::new();
    if edges > MAX_EDGES {
        out.push(format!(
            "the flowchart has {edges} edges and Mermaid draws at most {MAX_EDGES} (its `maxEdges`, which GitHub keeps): render the network with `--format dot` instead"
        ));
    }
    let chars = text.encode_utf16().count();
    if chars > MAX_TEXT {
        out.push(format!(
            "the flowchart is {chars} characters and Mermaid draws at most {MAX_TEXT} (its `maxTextSize`, which GitHub keeps): render the network with `--format dot` instead"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_hold_no_character_mermaid_reads() {
        assert_eq!(
            label_text("Say \"hi\" #1; <b>&co</b> 100% | `x`"),
            "Say #quot;hi#quot; #35;1; #lt;b#gt;#amp;co#lt;/b#gt; 100#37; #124; #96;x#96;"
        );
        assert_eq!(label_text("two\nlines\u{202E}"), "two lines\u{FFFD}");
    }

    #[test]
    fn limits_name_the_edges_and_the_size() {
        assert!(limits("flowchart LR\n", 500).is_empty());
        assert_eq!(limits("flowchart LR\n", 501).len(), 1);
        assert_eq!(limits(&"x".repeat(50_001), 0).len(), 1);
    }
}
