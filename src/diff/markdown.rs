//! `milepost diff --format markdown`: a pull-request comment. The summary
//! comes first, then the milestones that moved as a table, then the details
//! in collapsible `<details>` sections. Every piece of text from the plan
//! (titles, ids, owners, messages, revision names) goes through
//! [`crate::markdown::inline`] or [`crate::markdown::code`].

use std::fmt::Write as _;

use super::human::{
    baseline_invalid, baseline_name, days, deadline_status, field_text, link_text, scope_rows, side_name, signed_days,
    signed_fdays, unscheduled,
};
use super::{Baseline, ItemChange, MilestoneImpact, PlanDiff, money, signed_money};
use crate::markdown::{code, inline};

fn date(d: Option<crate::model::Date>) -> String {
    d.map_or("—".into(), |d| d.to_string())
}

fn status_cell(m: &MilestoneImpact) -> String {
    let s = deadline_status(m);
    let icon = match s {
        "newly misses its deadline" | "misses its deadline" | "added, misses its deadline" => "❌ ",
        "now meets its deadline" | "meets its deadline" => "✅ ",
        _ => "",
    };
    format!("{icon}{s}")
}

fn item_line(i: &ItemChange, out: &mut String) {
    let title = inline(&i.title);
    let _ = writeln!(
        out,
        "- **{}** {} {}{}{}",
        i.change.as_str(),
        i.kind,
        code(&i.id),
        i.renamed_from
            .as_ref()
            .map(|f| format!(" (was {})", code(f)))
            .unwrap_or_default(),
        if title.is_empty() {
            String::new()
        } else {
            format!(": {title}")
        }
    );
    for f in &i.fields {
        let _ = writeln!(out, "  - {}", inline(&field_text(f)));
    }
    let verb = if i.change == super::Change::Added {
        ""
    } else {
        " (added)"
    };
    for l in &i.dependencies.added {
        let _ = writeln!(out, "  - depends on {}{verb}", code(&link_text(l)));
    }
    for l in &i.dependencies.removed {
        let _ = writeln!(out, "  - no longer depends on {}", code(&link_text(l)));
    }
    for c in &i.dependencies.changed {
        let _ = writeln!(
            out,
            "  - depends on {} → {}",
            code(&link_text(&c.before)),
            code(&link_text(&c.after))
        );
    }
}

fn counts_text(d: &PlanDiff) -> String {
    let c = &d.counts;
    [
        (c.added, "added"),
        (c.removed, "removed"),
        (c.cut, "cut"),
        (c.restored, "restored"),
        (c.changed, "changed"),
        (c.renamed, "renamed"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, w)| format!("{n} {w}"))
    .collect::<Vec<_>>()
    .join(", ")
}

/// The whole comment.
pub fn render(d: &PlanDiff) -> String {
    let summary = super::summary(d, &|s| inline(s));
    let mut out = format!("**{summary}**\n\n");
    let _ = writeln!(
        out,
        "{} → {}, as of {}.",
        inline(&side_name(&d.base)),
        inline(&side_name(&d.head)),
        d.as_of
    );
    if d.changed {
        changes(d, &mut out);
    }
    if let Some(b) = &d.baseline {
        baseline(b, &mut out);
    }
    out
}

/// Everything that changed from the base to the head.
fn changes(d: &PlanDiff, out: &mut String) {
    let scheduled = d.comparable();
    if !scheduled {
        let _ = writeln!(out, "\n{}", unscheduled(d, &|s| inline(s)));
    }
    let moved: Vec<&MilestoneImpact> = d.milestones.iter().filter(|m| scheduled && m.moved()).collect();
    if !moved.is_empty() {
        out.push_str("\n| milestone | forecast | Δ working days | deadline | status |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for m in &moved {
            let name = if m.title.is_empty() {
                code(&m.id)
            } else {
                format!("{} ({})", inline(&m.title), code(&m.id))
            };
            let _ = writeln!(
                out,
                "| {name} | {} → {} | {} | {} | {} |",
                date(m.before),
                date(m.after),
                m.delta_days
                    .map_or("—".into(), |n| if n > 0 { format!("+{n}") } else { n.to_string() }),
                date(m.deadline),
                status_cell(m)
            );
        }
        let unchanged = d.milestones.len() - moved.len();
        if unchanged > 0 {
            let _ = writeln!(
                out,
                "\n{} unchanged.",
                crate::emit::human::count(unchanged, "other milestone")
            );
        }
    }

    let mut facts = Vec::new();
    let f = &d.project_finish;
    if scheduled && f.before != f.after {
        let delta = f
            .delta_days
            .map(|n| format!(" ({})", signed_days(n)))
            .unwrap_or_default();
        facts.push(format!(
            "Project finish: {} → {}{delta}.",
            date(f.before),
            date(f.after)
        ));
    }
    let c = &d.cost;
    if c.delta.abs() >= 0.5 {
        let cur = c.currency.as_deref();
        facts.push(format!(
            "Cost: {} → {} ({}).",
            money(c.before, cur),
            money(c.after, cur),
            signed_money(c.delta, cur)
        ));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "\n{}", facts.join(" "));
    }

    if !d.items.is_empty() {
        let _ = writeln!(out, "\n<details><summary>Items: {}</summary>\n", counts_text(d));
        for i in &d.items {
            item_line(i, out);
        }
        out.push_str("\n</details>\n");
    }

    let cp = &d.critical_path;
    if !cp.entered.is_empty() || !cp.left.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Critical path: {} entered, {} left</summary>\n",
            cp.entered.len(),
            cp.left.len()
        );
        for (refs, what) in [(&cp.entered, "entered"), (&cp.left, "left")] {
            for r in refs {
                let _ = writeln!(out, "- **{what}** {} {}: {}", r.kind, code(&r.id), inline(&r.title));
            }
        }
        out.push_str("\n</details>\n");
    }

    let p = &d.problems;
    if !p.new.is_empty() || !p.fixed.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>Validation: {} new, {} fixed</summary>\n",
            p.new.len(),
            p.fixed.len()
        );
        out.push_str("| | code | file | problem |\n| --- | --- | --- | --- |\n");
        for (list, what) in [(&p.new, "new"), (&p.fixed, "fixed")] {
            for x in list {
                let place = match (&x.file, x.line) {
                    (Some(f), Some(l)) => code(&format!("{f}:{l}")),
                    (Some(f), None) => code(f),
                    _ => "—".into(),
                };
                let _ = writeln!(out, "| {what} | {} | {place} | {} |", x.code, inline(&x.message));
            }
        }
        out.push_str("\n</details>\n");
    }
}

/// The head against the baseline, in a collapsible section.
fn baseline(b: &Baseline, out: &mut String) {
    let clause = super::baseline_clause(b, &|s| inline(s));
    // "vs baseline v1: ..." reads as "Against baseline v1: ..." as a title.
    let title = clause.strip_prefix("vs ").unwrap_or(&clause);
    let _ = writeln!(out, "\n<details><summary>Against {title}</summary>\n");
    let _ = writeln!(
        out,
        "Baseline {}: its forecast as of {} (the commit's date){}.",
        inline(&baseline_name(b)),
        b.as_of,
        if b.exists { "" } else { "; there was no plan then" }
    );
    if let Some(why) = baseline_invalid(b) {
        let mut why = inline(&why);
        why.replace_range(..1, "T");
        let _ = writeln!(out, "\n{why}.");
    }
    if !b.milestones.is_empty() {
        out.push_str("\n| milestone | baseline | forecast | variance (working days) | deadline |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for m in &b.milestones {
            let name = if m.title.is_empty() {
                code(&m.id)
            } else {
                format!("{} ({})", inline(&m.title), code(&m.id))
            };
            let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "—".into());
            let v = match (m.change.as_str(), m.variance_days) {
                ("new" | "gone", _) => m.change.clone(),
                (_, Some(v)) if v > 0 => format!("+{v}"),
                (_, Some(v)) => v.to_string(),
                _ => "—".into(),
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {v} | {} |",
                d(&m.baseline),
                d(&m.forecast),
                d(&m.deadline)
            );
        }
    }
    if let Some(s) = &b.scope {
        let _ = writeln!(
            out,
            "\nScope: total estimate {} → {} working days ({}).",
            days(s.baseline_days).trim_end_matches('d'),
            days(s.current_days).trim_end_matches('d'),
            signed_fdays(s.delta_days).trim_end_matches('d')
        );
        let rows = scope_rows(s);
        if !rows.is_empty() {
            out.push('\n');
        }
        for (what, i) in rows {
            let est = i.estimate_days.map(|x| format!(" ({})", days(x))).unwrap_or_default();
            let title = inline(&i.title);
            let title = if title.is_empty() {
                String::new()
            } else {
                format!(": {title}")
            };
            let _ = writeln!(out, "- **{what}** feature {}{title}{est}", code(&i.id));
        }
    }
    if let Some(c) = &b.cost {
        let cur = c.currency.as_deref();
        let _ = writeln!(
            out,
            "\nCost: {} → {} ({}).",
            money(c.baseline, cur),
            money(c.current, cur),
            signed_money(c.delta, cur)
        );
    }
    out.push_str("\n</details>\n");
}
