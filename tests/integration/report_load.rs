//! The status report's load per person, from the leveled schedule: busy
//! days per month, idle gaps and queues, worked out by hand; and health,
//! which over-allocation lowers.
//!
//! 2026-03-02 is a Monday. March 2026 has 22 weekdays (2–6, 9–13, 16–20,
//! 23–27, 30, 31), April 22 (1–3, 6–10, 13–17, 20–24, 27–30).

use serde_json::Value;

use crate::support::{by_id, milepost, run, write_files};

/// Two people and six features.
///
/// - ana: full time, Monday to Friday, away 2026-04-06..10.
/// - ben: half time, Monday to Thursday.
/// - a (ana, 5d); f (ben, 1d, rank 1); c (ben, 6d); b (ana, 3d, after c);
///   d (ana, 8d, after b); e (ana, 4d, not before 2026-04-27).
const PLAN: [(&str, &str); 7] = [
    (
        "project.toml",
        "[project]\nname = \"Load\"\nstart = 2026-03-02\n\n\
         [[people]]\nid = \"ana\"\nname = \"Ana\"\ntime-off = [{ from = 2026-04-06, to = 2026-04-10 }]\n\n\
         [[people]]\nid = \"ben\"\nname = \"Ben\"\ncapacity = 0.5\nworkdays = [\"mon\", \"tue\", \"wed\", \"thu\"]\n",
    ),
    ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n"),
    (
        "features/b.toml",
        "title = \"B\"\nowner = \"ana\"\nestimate = \"3d\"\ndepends-on = [\"c\"]\n",
    ),
    ("features/c.toml", "title = \"C\"\nowner = \"ben\"\nestimate = \"6d\"\n"),
    (
        "features/d.toml",
        "title = \"D\"\nowner = \"ana\"\nestimate = \"8d\"\ndepends-on = [\"b\"]\n",
    ),
    (
        "features/e.toml",
        "title = \"E\"\nowner = \"ana\"\nestimate = \"4d\"\nnot-before = 2026-04-27\n",
    ),
    (
        "features/f.toml",
        "title = \"F\"\nowner = \"ben\"\nestimate = \"1d\"\nrank = 1\n",
    ),
];

fn report(dir: &std::path::Path, more: &[&str]) -> String {
    let out = run(milepost()
        .args(["report", "--no-since", "--as-of", "2026-03-02"])
        .args(more)
        .arg("--plan")
        .arg(dir));
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

fn context(dir: &std::path::Path, more: &[&str]) -> Value {
    let mut args = vec!["--context"];
    args.extend_from_slice(more);
    serde_json::from_str(&report(dir, &args)).unwrap()
}

fn person<'a>(c: &'a Value, id: &str) -> &'a Value {
    by_id(&c["people"], id)
}

/// (month, busy days, available days, assigned days) of each month.
fn months(p: &Value) -> Vec<(String, i64, f64, f64)> {
    p["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_string(),
                m["busy_days"].as_i64().unwrap(),
                m["available_days"].as_f64().unwrap(),
                m["assigned_days"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Leveled, by hand:
///
/// - ben: f first (rank 1), 1d at 0.5 = 2 of his days: Mar 2, 3; then c,
///   6d at 0.5 = 12 of his days (Mon–Thu): Mar 4, 5, 9–12, 16–19, 23, 24.
/// - ana: a Mar 2–6; b waits for c (FS): Mar 25–27; d after b, 8 of her
///   days: Mar 30, 31, Apr 1–3, (away 6–10), 13–15; e not before Apr 27:
///   Apr 27–30.
///
/// Busy days: ana March 5 + 3 + 2 = 10, April 6 + 4 = 10; ben March
/// 2 + 12 = 14, April 0. Available: ana March 22, April 22 − 5 away = 17;
/// ben (Mon–Thu) March 18, April 18, × 0.5 = 9 each. Loads: ana 10/22
/// and 10/17; ben 14 × 0.5 / 9 = 7/9 in March.
///
/// Idle gaps (at least 5 of their days): ana from Mar 9 to Mar 24 (12
/// days: 9–13, 16–20, 23, 24) before b, waiting for c (FS); from Apr 16
/// to Apr 24 (7 days: 16, 17, 20–24) before e, waiting for its
/// not-before date. None between b and d (none of her days), nor for ben.
#[test]
fn load_per_month_gaps_and_queue_worked_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &PLAN);
    let c = context(dir.path(), &[]);
    assert_eq!(c["project"]["leveled"], true);
    assert_eq!(c["months"], serde_json::json!(["2026-03", "2026-04"]));
    assert_eq!(c["project"]["finish"], "2026-04-30");

    let ana = person(&c, "ana");
    assert_eq!(
        months(ana),
        vec![("2026-03".into(), 10, 22.0, 10.0), ("2026-04".into(), 10, 17.0, 10.0)]
    );
    assert_eq!(ana["busy_days"], 20);
    assert!(close(ana["available_days"].as_f64().unwrap(), 39.0));
    assert!(close(ana["load"].as_f64().unwrap(), 20.0 / 39.0));
    assert_eq!(
        (&ana["first_day"], &ana["last_day"]),
        (&"2026-03-02".into(), &"2026-04-30".into())
    );
    assert_eq!(
        ana["gaps"],
        serde_json::json!([
            {"from": "2026-03-09", "to": "2026-03-24", "days": 12, "after": "a", "before": "b", "why": "c (FS)"},
            {"from": "2026-04-16", "to": "2026-04-24", "days": 7, "after": "d", "before": "e", "why": "its not-before date"},
        ])
    );
    let queue = |p: &Value| -> Vec<(String, String, i64)> {
        p["queue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                (
                    q["id"].as_str().unwrap().to_string(),
                    q["from"].as_str().unwrap().to_string(),
                    q["days"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let q = |id: &str, from: &str, days: i64| (id.to_string(), from.to_string(), days);
    assert_eq!(
        queue(ana),
        vec![
            q("a", "2026-03-02", 5),
            q("b", "2026-03-25", 3),
            q("d", "2026-03-30", 8),
            q("e", "2026-04-27", 4)
        ]
    );
    assert_eq!(ana["overloaded"], false);

    let ben = person(&c, "ben");
    // Only the months with work: not April.
    assert_eq!(months(ben), vec![("2026-03".into(), 14, 9.0, 7.0)]);
    assert_eq!(ben["months"][0]["index"], 0);
    assert_eq!(ana["months"][1]["index"], 1);
    assert!(close(ben["available_days"].as_f64().unwrap(), 18.0));
    assert!(close(ben["load"].as_f64().unwrap(), 7.0 / 18.0));
    assert_eq!(ben["last_day"], "2026-03-24");
    assert_eq!(ben["gaps"], serde_json::json!([]));
    assert_eq!(queue(ben), vec![q("f", "2026-03-02", 2), q("c", "2026-03-04", 12)]);
    assert_eq!(ben["queue"][1]["finish"], "2026-03-24");
    assert_eq!(c["health"], "on-track", "{:?}", c["health_reasons"]);

    let text = report(dir.path(), &[]);
    let load = &text[text.find("## Load").unwrap()..text.find("## Budget").unwrap()];
    insta::assert_snapshot!("report-load-leveled", load);
}

/// Not leveled (`--no-level`), the critical path method's dates: a Mar
/// 2–6; f Mar 2; c Mar 2–6, 9 (6 project days); b after c Mar 10–12; d
/// after b Mar 13, 16–20, 23, 24; e Apr 27–30. Busy days are each
/// feature's project days: ana March 5 + 3 + 8 = 16, April 4; ben March
/// 1 + 6 = 7 (Mar 2 counted twice), one day of effort a day whatever his
/// capacity: 7 of his 9 in March.
#[test]
fn load_not_leveled_counts_each_feature_s_days() {
    let dir = tempfile::tempdir().unwrap();
    write_files(dir.path(), &PLAN);
    let c = context(dir.path(), &["--no-level"]);
    assert_eq!(c["project"]["leveled"], false);
    assert_eq!(
        months(person(&c, "ana")),
        vec![("2026-03".into(), 16, 22.0, 16.0), ("2026-04".into(), 4, 17.0, 4.0)]
    );
    assert_eq!(months(person(&c, "ben")), vec![("2026-03".into(), 7, 9.0, 7.0)]);
    // ana: a ends Mar 6, b starts Mar 10: 1 day (Mar 9), no gap; d ends
    // Mar 24, e starts Apr 27: 18 of her days (Mar 25–27, 30, 31, Apr
    // 1–3, 13–17, 20–24), not before its date.
    assert_eq!(
        person(&c, "ana")["gaps"],
        serde_json::json!([
            {"from": "2026-03-25", "to": "2026-04-24", "days": 18, "after": "d", "before": "e", "why": "its not-before date"},
        ])
    );
}

/// On a generated plan with a team (part-timers, time off, weeks of their
/// own): leveled, nobody is over capacity in any month or window, and each
/// person's busy days are the days leveling books for their unfinished
/// work (`Entry::work_days`), spread over the months; their gaps lie
/// between their first and last day of work. Not leveled, the same plan
/// overbooks people, and the health says so: never `on-track`.
#[test]
fn leveled_load_is_never_over_and_overbooking_lowers_health() {
    use crate::synth_git::synth;
    let dir = tempfile::tempdir().unwrap();
    let options = synth::Options {
        people: Some(synth::People::new(30)),
    };
    synth::write_plan_with(dir.path(), 600, 11, &options).unwrap();
    let plan = crate::support::check_dir(dir.path(), "plan").unwrap();
    let as_of = milepost::model::Date::parse("2026-03-02").unwrap();
    let schedule = milepost::schedule::schedule(&plan, as_of).unwrap();
    assert!(schedule.leveled());
    let mut booked: std::collections::HashMap<&str, i64> = Default::default();
    for e in &schedule.entries {
        if let (Some(owner), Some(days)) = (e.owner.as_deref(), e.work_days) {
            *booked.entry(owner).or_default() += days;
        }
    }

    let c = context(dir.path(), &[]);
    let people = c["people"].as_array().unwrap();
    let mut busy_people = 0;
    for p in people {
        let id = p["id"].as_str().unwrap();
        assert_eq!(p["overloaded"], false, "{id}");
        let months = p["months"].as_array().unwrap();
        for m in months {
            assert!(m["busy_days"].as_i64().unwrap() > 0, "{id} {m}");
            let index = m["index"].as_u64().unwrap() as usize;
            assert_eq!(c["months"][index], m["month"], "{id} {m}");
            assert!(
                m["assigned_days"].as_f64().unwrap() <= m["available_days"].as_f64().unwrap() + 1e-9,
                "{id} {m}"
            );
        }
        let busy: i64 = months.iter().map(|m| m["busy_days"].as_i64().unwrap()).sum();
        assert_eq!(p["busy_days"], busy, "{id}");
        assert_eq!(busy, booked.get(id).copied().unwrap_or(0), "{id}");
        let queued: i64 = p["queue"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["days"].as_i64().unwrap())
            .sum();
        assert_eq!(queued, busy, "{id}");
        for g in p["gaps"].as_array().unwrap() {
            assert!(g["days"].as_i64().unwrap() >= 5, "{id} {g}");
            assert!(
                p["first_day"].as_str().unwrap() < g["from"].as_str().unwrap(),
                "{id} {g}"
            );
            assert!(g["to"].as_str().unwrap() < p["last_day"].as_str().unwrap(), "{id} {g}");
        }
        busy_people += usize::from(busy > 0);
    }
    assert!(busy_people > 20, "only {busy_people} people at work");
    assert!(
        !c["health_reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r.as_str().unwrap().contains("over their capacity")),
        "{}",
        c["health_reasons"]
    );

    let plain = context(dir.path(), &["--no-level"]);
    let over: Vec<&str> = plain["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["overloaded"] == true)
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    assert!(over.len() > 3, "{over:?}");
    assert_ne!(plain["health"], "on-track");
    let reasons: Vec<&str> = plain["health_reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    for id in &over[..3] {
        assert!(
            reasons
                .iter()
                .any(|r| r.starts_with(&format!("`{id}` is booked over their capacity"))),
            "{id}: {reasons:?}"
        );
    }
    let more = format!("{} more people are booked over their capacity", over.len() - 3);
    assert!(reasons.iter().any(|r| r.starts_with(&more)), "{reasons:?}");
}

/// A forecast over more than 12 months: the status report's table shows
/// the next 12 months, then the busy days after them. Ana: a, 5 days, Mar
/// 2–6 2026 (5 of March's 22 days: 23%); z, 3 days, not before Mon
/// 2027-05-03: May 3–5 2027, in the 15th month, after the 12 shown.
#[test]
fn months_past_the_twelfth_are_summed_as_later() {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "project.toml",
                "[project]\nname = \"Long\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n",
            ),
            ("features/a.toml", "title = \"A\"\nowner = \"ana\"\nestimate = \"5d\"\n"),
            (
                "features/z.toml",
                "title = \"Z\"\nowner = \"ana\"\nestimate = \"3d\"\nnot-before = 2027-05-03\n",
            ),
        ],
    );
    let c = context(dir.path(), &[]);
    assert_eq!(c["months"].as_array().unwrap().len(), 15);
    let ana = person(&c, "ana");
    assert_eq!(
        months(ana),
        vec![("2026-03".into(), 5, 22.0, 5.0), ("2027-05".into(), 3, 21.0, 3.0)]
    );
    assert_eq!(ana["months"][1]["index"], 14);
    let text = report(dir.path(), &[]);
    assert!(
        text.contains("| Person | Capacity | 2026-03 | 2026-04 | 2026-05 | 2026-06 | 2026-07 | 2026-08 | 2026-09 | 2026-10 | 2026-11 | 2026-12 | 2027-01 | 2027-02 | Later | Busy | Load | Busy until |"),
        "{text}"
    );
    let row = format!("| Ana | 100% | 23% |{} 3d | 8d |", " · |".repeat(11));
    assert!(text.contains(&row), "{row}\n{text}");
    assert!(text.contains("| 2027-05-05 |"), "{text}");
}
