//! `milepost export --format dot` and `--format mermaid-flowchart`: the
//! dependency network, read back by Graphviz (`dot -Tjson`) and by a
//! parser of the flowchart's lines written here, and compared with the
//! links read straight from the plan.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use milepost::model::DependencyType;

use crate::support::{HAND, milepost, run, tools, write_files};

fn export(dir: &Path, format: &str, args: &[&str]) -> String {
    exported(dir, format, args, None).stdout
}

/// `milepost export --format FORMAT --plan DIR ARGS`, on `threads` threads
/// (all the cores without), which succeeds.
fn exported(dir: &Path, format: &str, args: &[&str], threads: Option<&str>) -> crate::support::Run {
    let mut cmd = milepost();
    if let Some(n) = threads {
        cmd.env("MILEPOST_THREADS", n);
    }
    let r = run(cmd.args(["export", "--format", format, "--plan"]).arg(dir).args(args));
    assert_eq!(r.code, 0, "{}", r.stderr);
    r
}

/// An edge as both languages draw it: from, to (plan ids), its label, and
/// how it is drawn (`link`, `member`, `wait`), and whether it is critical.
type Edge = (String, String, Option<String>, &'static str, bool);

/// Each node's cluster: the plan id of its milestone, or none.
type Clusters = BTreeMap<String, Option<String>>;

/// A link of the plan: from, to, its label.
type Link = (String, String, Option<String>);

/// What Graphviz reads in `dot`: each node's cluster (plan id of the
/// milestone, or none) and the edges. `None` when Graphviz is missing.
fn graphviz(dot: &str) -> Option<(Clusters, Vec<Edge>)> {
    if !tools::graphviz() {
        return None;
    }
    let mut child = std::process::Command::new("dot")
        .arg("-Tjson")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && stderr.trim().is_empty(), "dot: {stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let objects = json["objects"].as_array().unwrap();
    let name = |i: &serde_json::Value| {
        objects[i.as_u64().unwrap() as usize]["name"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let mut nodes = BTreeMap::new();
    for o in objects.iter().filter(|o| o.get("nodes").is_none()) {
        nodes.insert(o["name"].as_str().unwrap().to_string(), None);
    }
    for c in objects.iter().filter(|o| o.get("nodes").is_some()) {
        let cluster = c["name"]
            .as_str()
            .unwrap()
            .strip_prefix("cluster:")
            .unwrap()
            .to_string();
        for n in c["nodes"].as_array().unwrap() {
            nodes.insert(name(n), Some(cluster.clone()));
        }
    }
    let mut edges = Vec::new();
    for e in json["edges"].as_array().into_iter().flatten() {
        let style = e.get("style").and_then(|s| s.as_str()).unwrap_or("");
        let kind = match style {
            "dotted" => "member",
            "dashed" => "wait",
            "" | "bold" => "link",
            other => panic!("style {other}"),
        };
        let critical = e.get("penwidth").and_then(|p| p.as_str()) == Some("3");
        assert_eq!(critical, e.get("color").is_some(), "colour and width go together: {e}");
        let label = e
            .get("label")
            .and_then(|l| l.as_str())
            .filter(|l| !l.is_empty())
            .map(String::from);
        edges.push((name(&e["tail"]), name(&e["head"]), label, kind, critical));
    }
    Some((nodes, edges))
}

/// A Mermaid flowchart as its lines say, parsed here: node id to (label
/// lines, decoded; subgraph title), edges by node id, the ids of critical
/// and done nodes, and the indices `linkStyle` makes thick.
#[derive(Debug, Default)]
struct Flowchart {
    nodes: BTreeMap<String, (Vec<String>, Option<String>)>,
    edges: Vec<(String, String, Option<String>, &'static str)>,
    classes: BTreeMap<String, Vec<String>>,
    thick: Vec<usize>,
}

/// Mermaid's entity codes as the flowchart writes them, back to text;
/// panics on anything Mermaid would read in a label (a line of one: the
/// writer's own `<br>` are split off first).
fn decode(label: &str) -> String {
    for bad in ['"', '<', '>', '%', '`', '|', '&'] {
        assert!(!label.contains(bad), "`{bad}` in the label {label:?}");
    }
    let codes = [
        ("#quot;", '"'),
        ("#35;", '#'),
        ("#37;", '%'),
        ("#lt;", '<'),
        ("#gt;", '>'),
        ("#124;", '|'),
        ("#96;", '`'),
        ("#amp;", '&'),
    ];
    // One pass from the left: a code's output is never read again.
    let mut out = String::new();
    let mut rest = label;
    while let Some(c) = rest.chars().next() {
        match codes.iter().find(|(code, _)| rest.starts_with(code)) {
            Some((code, c)) => {
                out.push(*c);
                rest = &rest[code.len()..];
            }
            None => {
                assert_ne!(c, '#', "a bare `#` in {label:?}");
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn parse_flowchart(text: &str) -> Flowchart {
    let mut f = Flowchart::default();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut subgraph: Option<String> = None;
    for line in lines {
        let line = line.trim();
        let words: Vec<&str> = line.splitn(3, ' ').collect();
        if line.starts_with("%%") || line.starts_with("classDef ") {
        } else if let Some(rest) = line.strip_prefix("subgraph ") {
            assert!(subgraph.is_none(), "nested subgraph");
            let (_, title) = rest.split_once(" [\"").unwrap();
            subgraph = Some(decode(title.strip_suffix("\"]").unwrap()));
        } else if line == "end" {
            subgraph.take().expect("an open subgraph");
        } else if words[0] == "class" {
            f.classes
                .insert(words[2].to_string(), words[1].split(',').map(String::from).collect());
        } else if words[0] == "linkStyle" {
            f.thick = words[1].split(',').map(|n| n.parse().unwrap()).collect();
        } else if let Some(i) = line.find(['(', '{']) {
            let id = &line[..i];
            assert!(id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'), "{id}");
            let inner = line[i..].trim_matches(['(', ')', '{', '}']);
            let label = inner.strip_prefix('"').unwrap().strip_suffix('"').unwrap();
            let lines = label.split("<br>").map(decode).collect();
            assert!(
                f.nodes.insert(id.to_string(), (lines, subgraph.clone())).is_none(),
                "{id} twice"
            );
        } else {
            let (from, rest) = line.split_once(' ').unwrap();
            let (arrow, rest) = rest.split_at(3);
            let kind = match arrow {
                "-->" | "==>" => "link",
                "-.-" => "dotted",
                other => panic!("arrow {other} in {line}"),
            };
            let rest = if kind == "dotted" {
                rest.strip_prefix('>').unwrap()
            } else {
                rest
            };
            let (label, to) = match rest.strip_prefix("|\"") {
                Some(r) => {
                    let (label, to) = r.split_once("\"| ").unwrap();
                    (Some(decode(label)), to)
                }
                None => (None, rest.trim_start()),
            };
            let kind = match (kind, &label) {
                ("dotted", Some(l)) if l.starts_with("waits for ") => "wait",
                ("dotted", _) => "member",
                (k, _) => k,
            };
            if arrow == "==>" {
                assert!(f.thick.is_empty(), "linkStyle comes last");
            }
            f.edges.push((from.to_string(), to.to_string(), label, kind));
        }
    }
    assert!(subgraph.is_none());
    f
}

impl Flowchart {
    /// The plan id of a node: the first word of its second label line.
    fn plan_id(&self, node: &str) -> String {
        let (lines, _) = &self.nodes[node];
        lines[1].split(' ').next().unwrap().to_string()
    }

    /// The edges by plan id, as [`graphviz`] gives them.
    fn edges(&self) -> Vec<Edge> {
        self.edges
            .iter()
            .enumerate()
            .map(|(i, (a, b, label, kind))| {
                (
                    self.plan_id(a),
                    self.plan_id(b),
                    label.clone(),
                    *kind,
                    self.thick.contains(&i),
                )
            })
            .collect()
    }

    /// Plan ids of the nodes in class `name`.
    fn class(&self, name: &str) -> BTreeSet<String> {
        self.classes
            .get(name)
            .into_iter()
            .flatten()
            .map(|n| self.plan_id(n))
            .collect()
    }
}

fn edge(a: &str, b: &str, label: Option<&str>, kind: &'static str, critical: bool) -> Edge {
    (a.into(), b.into(), label.map(String::from), kind, critical)
}

fn sorted(mut edges: Vec<Edge>) -> Vec<Edge> {
    edges.sort();
    edges
}

/// The hand-worked plan (`schedule::a_plan_worked_by_hand`), unleveled:
/// the critical chain is design, build, test (FF +2d after build), beta.
/// Beta's cluster holds build, docs and test; design has no milestone.
/// Build is waited for by docs and test in the same milestone, so only
/// docs and test have member edges to beta.
#[test]
fn the_hand_plan_as_a_graph() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &HAND);
    let args = ["--as-of", "2026-03-02", "--no-level"];
    let dot = export(dir.path(), "dot", &args);
    let mermaid = export(dir.path(), "mermaid-flowchart", &args);
    insta::assert_snapshot!("hand-dot", dot);
    insta::assert_snapshot!("hand-mermaid-flowchart", mermaid);
    let expected = sorted(vec![
        edge("design", "build", None, "link", true),
        edge("build", "docs", Some("SS +1d"), "link", false),
        edge("build", "test", Some("FF +2d"), "link", true),
        edge("docs", "beta", None, "member", false),
        edge("test", "beta", None, "member", true),
    ]);
    let flow = parse_flowchart(&mermaid);
    assert_eq!(sorted(flow.edges()), expected);
    let critical: BTreeSet<String> = ["beta", "build", "design", "test"].map(String::from).into();
    assert_eq!(flow.class("critical"), critical);
    assert!(flow.class("done").is_empty());
    let clusters: BTreeMap<String, Option<String>> = flow
        .nodes
        .iter()
        .map(|(n, (_, sub))| (flow.plan_id(n), sub.clone()))
        .collect();
    let beta = || Some("Beta".to_string());
    let want: BTreeMap<String, Option<String>> = [
        ("beta", beta()),
        ("build", beta()),
        ("docs", beta()),
        ("test", beta()),
        ("design", None),
    ]
    .map(|(a, b)| (a.to_string(), b))
    .into();
    assert_eq!(clusters, want);
    let Some((nodes, edges)) = graphviz(&dot) else { return };
    assert_eq!(sorted(edges), expected);
    let want: BTreeMap<String, Option<String>> = want
        .into_iter()
        .map(|(id, c)| (id, c.map(|_| "beta".to_string())))
        .collect();
    assert_eq!(nodes, want);
}

/// Leveled, Ana does test before docs (`leveling::one_person_does_it_all_worked_by_hand`):
/// the critical chain runs design, build, test, then docs, which waits for
/// Ana, not for a link, then beta. That step is a wait edge; test's member
/// edge to beta is no longer on the chain.
#[test]
fn a_leveled_chain_waits_for_a_person() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &HAND);
    let args = ["--as-of", "2026-03-02"];
    let flow = parse_flowchart(&export(dir.path(), "mermaid-flowchart", &args));
    let expected = sorted(vec![
        edge("design", "build", None, "link", true),
        edge("build", "docs", Some("SS +1d"), "link", false),
        edge("build", "test", Some("FF +2d"), "link", true),
        edge("docs", "beta", None, "member", true),
        edge("test", "beta", None, "member", false),
        edge("test", "docs", Some("waits for Ana"), "wait", true),
    ]);
    assert_eq!(sorted(flow.edges()), expected);
    let dot = export(dir.path(), "dot", &args);
    let Some((_, edges)) = graphviz(&dot) else { return };
    assert_eq!(sorted(edges), expected);
}

/// The links of the plan in `dir`, read from its files (cut features and
/// links to them left out), with the label each should have: every link
/// is an edge of both graphs, and every feature and milestone a node.
fn plan_links(dir: &Path) -> (BTreeSet<String>, Vec<Link>) {
    let plan = crate::support::check_dir(dir, "").unwrap();
    assert_eq!(plan.error_count(), 0);
    let per_week = f64::from(milepost::schedule::calendar::days_per_week(
        &plan.project.as_ref().unwrap().data,
    ));
    let cut = |id: &str| {
        plan.feature(id)
            .is_some_and(|f| f.data.status() == milepost::model::Status::Cut)
    };
    let mut nodes: BTreeSet<String> = plan.milestones.iter().map(|m| m.id.to_string()).collect();
    nodes.extend(plan.features.iter().filter(|f| !cut(&f.id)).map(|f| f.id.to_string()));
    let mut links = Vec::new();
    let deps = plan.milestones.iter().map(|m| (&m.id, &m.data.depends_on)).chain(
        plan.features
            .iter()
            .filter(|f| !cut(&f.id))
            .map(|f| (&f.id, &f.data.depends_on)),
    );
    for (id, deps) in deps {
        for d in deps {
            let from = d.value.id().value.as_str();
            if cut(from) {
                continue;
            }
            // In working days, to the nearest (halves away from zero).
            let lag = d.value.lag().map_or(0, |l| {
                let days = l.value.amount
                    * if l.value.unit == milepost::model::duration::Unit::Week {
                        per_week
                    } else {
                        1.0
                    };
                days.round() as i64
            });
            let kind = match d.value.kind() {
                DependencyType::FinishToStart => "",
                DependencyType::StartToStart => "SS",
                DependencyType::FinishToFinish => "FF",
                DependencyType::StartToFinish => "SF",
            };
            let lag = match lag {
                0 => String::new(),
                l if l > 0 => format!("+{l}d"),
                l => format!("{l}d"),
            };
            let label = [kind, &lag]
                .iter()
                .filter(|s| !s.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join(" ");
            links.push((from.to_string(), id.to_string(), (!label.is_empty()).then_some(label)));
        }
    }
    links.sort();
    (nodes, links)
}

/// A generated plan of 200 features (every link type, leads and lags,
/// cut and done work, 12 people): every feature and milestone is a node
/// and every link an edge, in both languages, which draw the same graph;
/// the same plan gives the same bytes, on one thread or all.
#[test]
fn every_feature_is_a_node_and_every_link_an_edge() {
    use crate::synth_git::synth;
    let dir = tempfile::tempdir().unwrap();
    let options = synth::Options {
        people: Some(synth::People::new(12)),
    };
    synth::write_plan_with(dir.path(), 200, 11, &options).unwrap();
    let (nodes, links) = plan_links(dir.path());
    assert!(links.len() > 150, "{}", links.len());
    let args = ["--as-of", "2026-03-02"];
    let mermaid = export(dir.path(), "mermaid-flowchart", &args);
    let one_thread = exported(dir.path(), "mermaid-flowchart", &args, Some("1"));
    assert_eq!(one_thread.stdout, mermaid);
    let flow = parse_flowchart(&mermaid);
    let flow_nodes: BTreeSet<String> = flow.nodes.keys().map(|n| flow.plan_id(n)).collect();
    assert_eq!(flow_nodes, nodes);
    let flow_edges = flow.edges();
    let mut flow_links: Vec<_> = flow_edges
        .iter()
        .filter(|e| e.3 == "link")
        .map(|(a, b, l, _, _)| (a.clone(), b.clone(), l.clone()))
        .collect();
    flow_links.sort();
    assert_eq!(flow_links, links);
    // Member edges go from a feature to its own milestone's node, within the subgraph.
    for (a, b, _, kind, _) in &flow_edges {
        if *kind == "member" {
            assert!(
                flow.nodes
                    .values()
                    .any(|(lines, _)| lines[1].starts_with(&format!("{b} ")))
            );
            assert!(!a.is_empty() && nodes.contains(b));
        }
    }
    let dot = export(dir.path(), "dot", &args);
    assert_eq!(export(dir.path(), "dot", &args), dot, "the same bytes");
    let Some((dot_nodes, dot_edges)) = graphviz(&dot) else {
        return;
    };
    assert_eq!(dot_nodes.keys().cloned().collect::<BTreeSet<_>>(), nodes);
    assert_eq!(sorted(dot_edges), sorted(flow_edges));
}

/// Titles with what each language reads (quotes, backslashes, `#` codes,
/// a directive, HTML, `|`) come back as written from either graph (the
/// control character and the override replaced, as in every output).
#[test]
fn hostile_titles_come_back_as_written() {
    let title = r#"<img src=x onerror=alert(1)> "q" \N %%{init: {}}%% #35; `t` | a&b"#;
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("project.toml", crate::support::PROJECT),
            ("milestones/end.toml", "title = \"end\"\n"),
            (
                "features/x.toml",
                &format!(
                    "title = \"{}\"\nmilestone = \"end\"\nestimate = \"1d\"\n",
                    title.replace('\\', "\\\\").replace('"', "\\\"")
                ),
            ),
        ],
    );
    let flow = parse_flowchart(&export(dir.path(), "mermaid-flowchart", &[]));
    let labels: Vec<&String> = flow.nodes.values().map(|(lines, _)| &lines[0]).collect();
    // Cut at 48 characters, the last one `…`.
    let cut: String = title.chars().take(47).collect();
    assert!(labels.contains(&&format!("{}…", cut.trim_end())), "{labels:?}");
    assert!(flow.nodes.contains_key("m_end") && flow.nodes.contains_key("f_x"));
    let dot = export(dir.path(), "dot", &[]);
    assert!(dot.contains(r#"tooltip="<img src=x onerror=alert(1)> \"q\" \\N %%{init: {}}%% #35; `t` | a&amp;b""#));
    let Some((nodes, _)) = graphviz(&dot) else { return };
    assert_eq!(nodes.len(), 2);
}

/// A flowchart past Mermaid's default limits (500 edges, 50,000
/// characters) is written all the same, with a warning for each limit it
/// passes on standard error; one within them, without.
#[test]
fn a_flowchart_too_large_for_mermaid_is_written_with_a_warning() {
    use crate::synth_git::synth;
    for (features, warned) in [(60, false), (400, true)] {
        let dir = tempfile::tempdir().unwrap();
        synth::write_plan(dir.path(), features, 5).unwrap();
        let r = exported(dir.path(), "mermaid-flowchart", &["--as-of", "2026-03-02"], None);
        let edges = parse_flowchart(&r.stdout).edges.len();
        let chars = r.stdout.encode_utf16().count();
        assert_eq!(
            edges > 500 || chars > 50_000,
            warned,
            "{features}: {edges} edges, {chars} characters"
        );
        let expected = usize::from(edges > 500) + usize::from(chars > 50_000);
        assert_eq!(r.stderr.matches("warning: ").count(), expected, "{}", r.stderr);
        if edges > 500 {
            assert!(r.stderr.contains(&format!(
                "the flowchart has {edges} edges and Mermaid draws at most 500"
            )));
        }
    }
}
