//! `milepost diff --format human`: plain text for a terminal, coloured when
//! the terminal takes colours (the stream strips them otherwise).

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::diff::{
    Baseline, BaselineMilestone, BaselineScope, Change, ItemChange, MilestoneImpact, PlanDiff, ScopeItem, Side,
};
use crate::render::vocab::{self, date, money, signed_days, signed_money};

const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().bold();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// How a side is named: its label, and the commit it resolved to; `no
/// plan at REV (commit)` for a revision without the plan.
pub fn side_name(s: &Side) -> String {
    let name = match &s.revision {
        Some(r) => format!("{} ({})", s.label, r.commit.get(..12).unwrap_or(&r.commit)),
        None => s.label.clone(),
    };
    if s.exists {
        name
    } else {
        format!("no plan at {name}{}", s.why_no_plan())
    }
}

/// A milestone's standing against its deadline after the change.
pub fn deadline_status(m: &MilestoneImpact) -> &'static str {
    match (m.deadline, m.after, m.late_before, m.late_after) {
        (_, None, _, _) if m.before.is_some() => "removed",
        (_, Some(_), _, Some(true)) if m.before.is_none() => "added, misses its deadline",
        (_, Some(_), _, _) if m.before.is_none() => "added",
        (None, _, _, _) => "no deadline",
        (_, _, _, Some(true)) if m.newly_late => "newly misses its deadline",
        (_, _, _, Some(true)) => "misses its deadline",
        (_, _, Some(true), Some(false)) => "now meets its deadline",
        (_, _, _, Some(false)) => "meets its deadline",
        _ => "-",
    }
}

/// Each change to an item, one line of plain text each: its fields, then
/// its dependencies.
pub fn details(i: &ItemChange) -> Vec<String> {
    let added = i.change == Change::Added;
    let mut out: Vec<String> = i.fields.iter().map(|f| vocab::field_change(&f.view(), added)).collect();
    let verb = if i.change == Change::Added { "" } else { " (added)" };
    for l in &i.dependencies.added {
        out.push(format!("depends on {}{verb}", link_text(l)));
    }
    for l in &i.dependencies.removed {
        out.push(format!("no longer depends on {}", link_text(l)));
    }
    for c in &i.dependencies.changed {
        out.push(format!("depends on {} → {}", link_text(&c.before), link_text(&c.after)));
    }
    out
}

/// A dependency: `auth-db`, or `auth-db (SS, lag 2d)`.
pub fn link_text(l: &crate::diff::Link) -> String {
    match (&l.lag, l.kind) {
        (None, "FS") => l.id.clone(),
        (None, kind) => format!("{} ({kind})", l.id),
        (Some(lag), kind) => format!("{} ({kind}, lag {lag})", l.id),
    }
}

fn item_lines(i: &ItemChange, out: &mut String) {
    let (mark, style) = match i.change {
        Change::Added => ("+", GREEN),
        Change::Removed => ("-", RED),
        Change::Cut => ("✂", RED),
        Change::Restored => ("↺", GREEN),
        Change::Changed => ("~", YELLOW),
        Change::Renamed => ("→", YELLOW),
    };
    let was = i
        .renamed_from
        .as_ref()
        .map(|f| format!(" (was {f})"))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "  {} {:<8} {} {}{was}: {}",
        paint(style, mark),
        i.change.as_str(),
        i.kind,
        i.id,
        i.title
    );
    for line in details(i) {
        let _ = writeln!(out, "      {line}");
    }
}

/// The whole report.
pub fn render(d: &PlanDiff) -> String {
    let mut out = format!("{} → {}, as of {}\n", side_name(&d.base), side_name(&d.head), d.as_of);
    let _ = writeln!(out, "{}", paint(BOLD, &d.summary));
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
        let _ = writeln!(out, "\n{}", unscheduled(d));
    }
    milestones(d, scheduled, out);
    let f = &d.project_finish;
    if scheduled && f.before != f.after {
        let delta = f
            .delta_days
            .map(|n| format!(" ({})", signed_days(n)))
            .unwrap_or_default();
        let _ = writeln!(out, "\nProject finish: {} → {}{delta}", date(f.before), date(f.after));
    }
    p80(d, out);
    cost(d, out);

    if !d.items.is_empty() {
        out.push_str("\nItems\n");
        for i in &d.items {
            item_lines(i, out);
        }
    }

    let cp = &d.critical_path;
    if !cp.entered.is_empty() || !cp.left.is_empty() {
        out.push_str("\nCritical path\n");
        for (refs, what) in [(&cp.entered, "entered"), (&cp.left, "left")] {
            for r in refs {
                let _ = writeln!(out, "  {what:<8} {} {}: {}", r.kind, r.id, r.title);
            }
        }
    }
    problems(d, out);
}

/// A milestone's id, with its base id when its file was renamed:
/// `launch (was m1)`.
fn renamed(id: &str, from: Option<&str>) -> String {
    match from {
        Some(from) => format!("{id} (was {from})"),
        None => id.to_string(),
    }
}

/// The table of the milestones that moved, when the forecasts can be
/// compared (`scheduled`) and any did, with a count of the others.
fn milestones(d: &PlanDiff, scheduled: bool, out: &mut String) {
    let moved: Vec<&MilestoneImpact> = d.milestones.iter().filter(|m| scheduled && m.moved()).collect();
    if moved.is_empty() {
        return;
    }
    out.push_str("\nMilestones\n");
    let mut rows = vec![
        ["milestone", "before", "after", "change", "deadline", "status"]
            .map(String::from)
            .to_vec(),
    ];
    for m in &moved {
        rows.push(vec![
            renamed(&m.id, m.renamed_from.as_deref()),
            date(m.before),
            date(m.after),
            m.delta_days.map_or("-".into(), signed_days),
            date(m.deadline),
            deadline_status(m).to_string(),
        ]);
    }
    out.push_str(&crate::render::diagnostics::human::columns(&rows, "  "));
    for m in moved.iter().filter(|m| !m.people.is_empty()) {
        let _ = writeln!(out, "  {} waits for people now: {}", m.id, m.people.join("; "));
    }
    for m in moved.iter().filter(|m| !m.risks.is_empty()) {
        let _ = writeln!(
            out,
            "  {} is delayed by risks that occurred: {}",
            m.id,
            m.risks.join("; ")
        );
    }
    let _ = writeln!(out, "  change: {}", basis(d));
    let unchanged = d.milestones.len() - moved.len();
    if unchanged > 0 {
        let _ = writeln!(
            out,
            "  ({} unchanged)",
            crate::render::diagnostics::human::count(unchanged, "milestone")
        );
    }
}

/// The Monte Carlo P80 of the project and of each milestone whose P80
/// moved, when any did and the forecasts can be compared.
fn p80(d: &PlanDiff, out: &mut String) {
    let Some(p) = d.p80.as_ref().filter(|_| d.comparable()) else {
        return;
    };
    let named = |m: &crate::diff::P80Milestone| renamed(&m.id, m.renamed_from.as_deref());
    let moved: Vec<(String, &crate::diff::P80Change)> = std::iter::once(("project".to_string(), &p.project))
        .chain(p.milestones.iter().map(|m| (named(m), &m.change)))
        .filter(|(_, c)| c.moved())
        .collect();
    if moved.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "\nP80 (80% confident by; Monte Carlo, {} runs, seed {})",
        p.runs, p.seed
    );
    let mut rows = vec![["", "before", "after", "change"].map(String::from).to_vec()];
    for (what, c) in moved {
        rows.push(vec![
            what,
            date(c.before),
            date(c.after),
            c.delta_days.map_or("-".into(), signed_days),
        ]);
    }
    out.push_str(&crate::render::diagnostics::human::columns(&rows, "  "));
}

/// The cost before and after, when it changes by half a unit or more, and
/// the count of features without a cost, when it changes.
fn cost(d: &PlanDiff, out: &mut String) {
    let c = &d.cost;
    if let (Some(before), Some(after), Some(delta)) = (c.before, c.after, c.delta)
        && delta.abs() >= 0.5
    {
        let cur = c.currency.as_deref();
        let style = if delta > 0.0 { RED } else { GREEN };
        let _ = writeln!(
            out,
            "\nCost: {} → {} ({})",
            money(before, cur),
            money(after, cur),
            paint(style, &signed_money(delta, cur))
        );
    }
    // (Counted only where the people could be read.)
    if c.delta.is_some() && c.uncosted_features_before != c.uncosted_features_after {
        let _ = writeln!(
            out,
            "Features without a cost (no estimate, owner or day rate): {} → {}",
            c.uncosted_features_before, c.uncosted_features_after
        );
    }
}

/// The validation problems the change brings (new) and fixes, with where
/// each one is.
fn problems(d: &PlanDiff, out: &mut String) {
    let p = &d.problems;
    if p.new.is_empty() && p.fixed.is_empty() {
        return;
    }
    out.push_str("\nProblems\n");
    for (list, what, style) in [(&p.new, "new", RED), (&p.fixed, "fixed", GREEN)] {
        for x in list {
            let place = match (&x.file, x.line) {
                (Some(f), Some(l)) => format!(" {f}:{l}"),
                (Some(f), None) => format!(" {f}"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {} {}{place}: {}",
                paint(style, &format!("{what:<6}")),
                x.code,
                x.message
            );
        }
    }
}

/// What the milestones' changes are measured from and as of when.
pub fn basis(d: &PlanDiff) -> String {
    vocab::basis(vocab::Basis::Versions {
        base: &d.base.label,
        head: &d.head.label,
        as_of: d.as_of,
    })
}

/// A baseline milestone's variance: `+7d`, `new`, `gone`, `-`.
pub fn variance(m: &BaselineMilestone) -> String {
    match (m.change.as_str(), m.variance_days) {
        ("new", _) => "new".into(),
        ("gone", _) => "gone".into(),
        (_, Some(v)) => signed_days(v),
        _ => "-".into(),
    }
}

/// How the baseline is named: `v1 (d22e995a292f)`.
pub fn baseline_name(b: &Baseline) -> String {
    format!("{} ({})", b.name, b.commit.get(..12).unwrap_or(&b.commit))
}

/// Why a baseline has no figures, or `None`.
fn baseline_invalid(b: &Baseline) -> Option<String> {
    (b.errors > 0).then(|| {
        format!(
            "the baseline plan has {}, so it is not scheduled; `milepost check --rev {}` lists them",
            crate::render::diagnostics::human::count(b.errors, "error"),
            b.name
        )
    })
}

/// The scope lines: (change, feature id, title, estimate), in that order.
pub fn scope_rows(s: &BaselineScope) -> Vec<(&'static str, &ScopeItem)> {
    let mut rows = Vec::new();
    for (what, list) in [("added", &s.added), ("cut", &s.cut), ("removed", &s.removed)] {
        for i in list {
            rows.push((what, i));
        }
    }
    rows
}

/// The head against the baseline.
fn baseline(b: &Baseline, out: &mut String) {
    let _ = writeln!(
        out,
        "\nAgainst baseline {}, its forecast as of {}{}",
        baseline_name(b),
        b.as_of,
        if b.exists { "" } else { " (no plan at the baseline)" }
    );
    if let Some(why) = baseline_invalid(b) {
        let _ = writeln!(out, "  {why}");
        return;
    }
    if !b.milestones.is_empty() {
        let mut rows = vec![
            ["milestone", "baseline", "forecast", "variance", "deadline"]
                .map(String::from)
                .to_vec(),
        ];
        for m in &b.milestones {
            let d = |x: &Option<String>| x.clone().unwrap_or_else(|| "-".into());
            rows.push(vec![
                renamed(&m.id, m.renamed_from.as_deref()),
                d(&m.baseline),
                d(&m.forecast),
                variance(m),
                d(&m.deadline),
            ]);
        }
        out.push_str(&crate::render::diagnostics::human::columns(&rows, "  "));
        let _ = writeln!(out, "  variance: {}", b.basis);
    }
    if let Some(s) = &b.scope {
        let _ = writeln!(
            out,
            "Scope: total estimate {} → {} ({})",
            vocab::days(s.baseline_days),
            vocab::days(s.current_days),
            signed_days(s.delta_days)
        );
        for (what, i) in scope_rows(s) {
            let est = i
                .estimate_days
                .map(|x| format!(" ({})", vocab::days(x)))
                .unwrap_or_default();
            let _ = writeln!(out, "  {what:<8} feature {}: {}{est}", i.id, i.title);
        }
    }
    if let Some(c) = &b.cost {
        let cur = c.currency.as_deref();
        let _ = writeln!(
            out,
            "Cost: {} → {} ({})",
            money(c.baseline, cur),
            money(c.current, cur),
            signed_money(c.delta, cur)
        );
    }
}

/// Why there is no schedule impact: which sides have errors, or could not
/// be scheduled all the same (`schedule` at that revision says why).
fn unscheduled(d: &PlanDiff) -> String {
    let unscheduled: Vec<_> = [&d.base, &d.head]
        .into_iter()
        .filter(|s| s.exists && !s.scheduled)
        .collect();
    let sides: Vec<String> = unscheduled
        .iter()
        .map(|s| match s.errors {
            0 => format!("{} could not be scheduled as of {}", s.label, d.as_of),
            n => format!(
                "{} has {}",
                s.label,
                crate::render::diagnostics::human::count(n, "error")
            ),
        })
        .collect();
    let why = if unscheduled.iter().any(|s| s.errors > 0) {
        ", and a plan with errors is not scheduled"
    } else {
        " (`milepost schedule --rev REV --as-of DATE` says why)"
    };
    format!("Schedule impact not computed: {}{why}.", sides.join(" and "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn impact(before: Option<&str>, after: Option<&str>, late: (Option<bool>, Option<bool>)) -> MilestoneImpact {
        let date = |s: Option<&str>| s.and_then(|s| Date::parse(s).ok());
        MilestoneImpact {
            id: "m".into(),
            renamed_from: None,
            title: "M".into(),
            before: date(before),
            after: date(after),
            delta_days: None,
            deadline: date(Some("2026-04-01")),
            late_before: late.0,
            late_after: late.1,
            newly_late: late == (Some(false), Some(true)),
            people: Vec::new(),
            risks: Vec::new(),
        }
    }

    #[test]
    fn deadline_status_names_added_removed_and_late_milestones() {
        let (d1, d2) = (Some("2026-03-20"), Some("2026-04-03"));
        assert_eq!(
            deadline_status(&impact(None, d2, (Some(false), Some(true)))),
            "added, misses its deadline"
        );
        assert_eq!(deadline_status(&impact(None, d1, (Some(false), Some(false)))), "added");
        assert_eq!(
            deadline_status(&impact(d1, None, (Some(false), Some(false)))),
            "removed"
        );
        assert_eq!(
            deadline_status(&impact(d1, d2, (Some(false), Some(true)))),
            "newly misses its deadline"
        );
        assert_eq!(
            deadline_status(&impact(d2, d2, (Some(true), Some(true)))),
            "misses its deadline"
        );
        assert_eq!(
            deadline_status(&impact(d2, d1, (Some(true), Some(false)))),
            "now meets its deadline"
        );
    }
}
