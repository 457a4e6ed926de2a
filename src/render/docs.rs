//! The reference shipped inside the binary: `docs/*.md` as they are in the
//! repository, for `milepost help TOPIC` on a machine that has only the
//! binary. Hints and errors point at these topics, not at files the user
//! does not have.

/// A topic: its name, what it covers (one line), and its text.
pub struct Topic {
    pub name: &'static str,
    pub about: &'static str,
    pub text: &'static str,
}

pub const TOPICS: &[Topic] = &[
    Topic {
        name: "format",
        about: "the plan format: every file and every key",
        text: include_str!("../../docs/format.md"),
    },
    Topic {
        name: "scheduling",
        about: "how the schedule is computed: calendar, links, progress, leveling, PERT",
        text: include_str!("../../docs/scheduling.md"),
    },
    Topic {
        name: "monte-carlo",
        about: "the Monte Carlo forecast: distributions, risks, criticality, sensitivity",
        text: include_str!("../../docs/monte-carlo.md"),
    },
    Topic {
        name: "exports",
        about: "the exports: iCalendar feed, Graphviz DOT, Mermaid flowchart, TaskJuggler",
        text: include_str!("../../docs/exports.md"),
    },
    Topic {
        name: "templates",
        about: "report templates: the context field by field, filters, escaping",
        text: include_str!("../../docs/templates.md"),
    },
    Topic {
        name: "mspdi",
        about: "the MS Project XML export: opening it, what maps to what, what is lost",
        text: include_str!("../../docs/mspdi.md"),
    },
    Topic {
        name: "diagnostics",
        about: "every diagnostic code `check` reports",
        text: include_str!("../../docs/diagnostics.md"),
    },
    Topic {
        name: "svg",
        about: "the SVG Gantt chart: what each mark means, its layout and attributes",
        text: include_str!("../../docs/svg.md"),
    },
    Topic {
        name: "json",
        about: "the JSON output of check, schedule, forecast and diff",
        text: include_str!("../../docs/json.md"),
    },
];

/// The topic named `name`.
pub fn topic(name: &str) -> Option<&'static Topic> {
    TOPICS.iter().find(|t| t.name == name)
}

/// The list `milepost help` ends with.
pub fn list() -> String {
    let mut text = String::from("Reference (`milepost help TOPIC`):\n");
    for t in TOPICS {
        text.push_str(&format!("  {:<12} {}\n", t.name, t.about));
    }
    text
}
