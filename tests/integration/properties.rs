//! Properties of the loader and validator on arbitrary input: never panic,
//! every position points inside its file, the same input gives the same
//! diagnostics, and cycles are found exactly when they exist.

use proptest::prelude::*;

/// A plan file: its path under the plan directory and its bytes.
#[derive(Clone, Debug)]
struct RawFile {
    rel: String,
    bytes: Vec<u8>,
}

fn raw(rel: &str, bytes: Vec<u8>) -> RawFile {
    RawFile {
        rel: rel.to_string(),
        bytes,
    }
}

/// Writes `files` to a new plan directory and runs the whole pipeline on
/// it, as `milepost check --plan DIR` does.
fn check(files: &[RawFile]) -> milepost::Plan {
    let dir = tempfile::tempdir().unwrap();
    for f in files {
        let path = dir.path().join(&f.rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.bytes).unwrap();
    }
    crate::support::check_dir(dir.path(), "").unwrap()
}

/// Runs the whole pipeline and checks what must hold for any input.
fn check_invariants(files: Vec<RawFile>) -> Vec<String> {
    let plan = check(&files);
    let again = check(&files);
    let render = |p: &milepost::Plan| -> Vec<String> {
        p.diagnostics
            .iter()
            .map(|d| milepost::render::diagnostics::human::render(d, &p.files, false))
            .collect()
    };
    let first = render(&plan);
    assert_eq!(first, render(&again), "diagnostics must be deterministic");
    for d in &plan.diagnostics {
        for label in d.primary.iter().chain(&d.secondary) {
            let file = plan.files.get(label.file).expect("label points at a known file");
            let (s, e) = (label.span.start as usize, label.span.end as usize);
            assert!(
                s <= e && e <= file.text.len(),
                "span {s}..{e} outside {} ({} bytes)",
                file.rel,
                file.text.len()
            );
            assert!(file.text.is_char_boundary(s) && file.text.is_char_boundary(e));
        }
        assert!(!d.message.is_empty());
    }
    first
}

const KINDS: &[&str] = &["project.toml", "features/x.toml", "milestones/m.toml", "risks/r.toml"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(kind in 0..KINDS.len(), bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_invariants(vec![raw(KINDS[kind], bytes)]);
    }

    #[test]
    fn random_text_never_panics(kind in 0..KINDS.len(), text in "\\PC{0,300}") {
        check_invariants(vec![raw(KINDS[kind], text.into_bytes())]);
    }

    #[test]
    fn random_toml_documents_never_panic(docs in proptest::collection::vec((0..KINDS.len(), document()), 1..6)) {
        let mut files: Vec<RawFile> = docs
            .into_iter()
            .enumerate()
            .map(|(i, (k, text))| {
                let rel = if KINDS[k] == "project.toml" && i > 0 {
                    format!("features/p{i}.toml")
                } else {
                    KINDS[k].replace(".toml", &format!("{i}.toml")).replace("project0", "project")
                };
                raw(&rel, text.into_bytes())
            })
            .collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        files.dedup_by(|a, b| a.rel == b.rel);
        check_invariants(files);
    }

    /// Dependencies only on lower-numbered features form a DAG: no cycle may
    /// be reported. One extra edge from the first to the last feature of a
    /// chain closes a circle: exactly one cycle error, naming every member.
    #[test]
    fn cycles_are_found_exactly_when_they_exist(n in 2usize..30, extra in proptest::collection::vec((0usize..30, 0usize..30), 0..40)) {
        let mut deps: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, d) in deps.iter_mut().enumerate().skip(1) {
            d.push(i - 1); // a chain 0 <- 1 <- ... <- n-1
        }
        for (a, b) in extra {
            let (a, b) = (a % n, b % n);
            if a > b && !deps[a].contains(&b) {
                deps[a].push(b);
            }
        }
        let files = |deps: &Vec<Vec<usize>>| -> Vec<RawFile> {
            let mut files = vec![raw("project.toml", PROJECT.as_bytes().to_vec())];
            for (i, d) in deps.iter().enumerate() {
                let list: Vec<String> = d.iter().map(|j| format!("\"f{j:02}\"")).collect();
                let text = format!("title = \"F{i}\"\nowner = \"ana\"\nestimate = \"1d\"\ndepends-on = [{}]\n", list.join(", "));
                files.push(raw(&format!("features/f{i:02}.toml"), text.into_bytes()));
            }
            files
        };
        let acyclic = check(&files(&deps));
        prop_assert!(acyclic.diagnostics.is_empty(), "{:?}", acyclic.diagnostics);
        // A valid plan always schedules, and every FS link holds in dates.
        let as_of = milepost::model::Date::parse("2026-03-02").unwrap();
        let s = milepost::schedule::schedule(&acyclic, as_of).unwrap();
        let entry = |i: usize| {
            let id = format!("f{i:02}");
            s.entries.iter().find(|e| *e.id == *id).unwrap()
        };
        for (i, d) in deps.iter().enumerate() {
            for &j in d {
                let (after, before) = (entry(i).start, entry(j).finish);
                prop_assert!(after > before, "f{} starts {} before f{} finishes {}", i, after, j, before);
            }
        }

        deps[0].push(n - 1);
        let cyclic = check(&files(&deps));
        let cycles: Vec<_> = cyclic.diagnostics.iter().filter(|d| d.code.id() == "E0206").collect();
        // One or more loops (the back link may close several), up to 20,
        // and nothing else.
        prop_assert!((1..=20).contains(&cycles.len()), "{}", cycles.len());
        prop_assert_eq!(cyclic.diagnostics.len(), cycles.len());
        let mut seen = std::collections::HashSet::new();
        for c in &cycles {
            // Each reported circle is a real one, told once: consecutive
            // names are linked by a dependency, and every loop goes through
            // the back link.
            let text = c.message.trim_start_matches("circular dependency `").trim_end_matches('`').to_string();
            prop_assert!(seen.insert(text.clone()), "{} twice", text);
            let names: Vec<usize> = text.split(" -> ").map(|s| s.trim_start_matches('f').parse().unwrap()).collect();
            prop_assert_eq!(names.first(), names.last());
            for pair in names.windows(2) {
                prop_assert!(deps[pair[0]].contains(&pair[1]), "{} does not depend on {}", pair[0], pair[1]);
            }
            prop_assert!(names.windows(2).any(|p| p == [0, n - 1]), "{}", text);
            prop_assert_eq!(c.secondary.len() + 1, names.len() - 1);
        }
    }
}

const PROJECT: &str = "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\n";

/// Keys the format knows, plus a few it does not, so documents hit both paths.
const KEYS: &[&str] = &[
    "title",
    "description",
    "milestone",
    "owner",
    "status",
    "kind",
    "priority",
    "estimate",
    "remaining",
    "depends-on",
    "not-before",
    "started",
    "finished",
    "value",
    "tags",
    "links",
    "deadline",
    "probability",
    "impact",
    "affects",
    "review-by",
    "mitigation",
    "project",
    "people",
    "calendar",
    "budget",
    "roles",
    "stakeholders",
    "name",
    "start",
    "id",
    "low",
    "likely",
    "high",
    "type",
    "lag",
    "from",
    "to",
    "x",
    "Title",
];

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 ._-]{0,12}".prop_map(|s| format!("{s:?}")),
        prop_oneof![
            Just("3d"),
            Just("-2d"),
            Just("2w"),
            Just("5 days"),
            Just("0.5d"),
            Just("1e9d"),
            Just("d")
        ]
        .prop_map(|s| format!("{s:?}")),
        prop_oneof![
            Just("done"),
            Just("in-progress"),
            Just("SS"),
            Just("FF"),
            Just("mon"),
            Just("must")
        ]
        .prop_map(|s| format!("{s:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        Just("inf".to_string()),
        Just("nan".to_string()),
        any::<bool>().prop_map(|b| b.to_string()),
        (1900u16..2100, 1u8..13, 1u8..32).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (1900u16..2100, 0u8..15, 0u8..35).prop_map(|(y, m, d)| format!("\"{y:04}-{m:02}-{d:02}\"")),
        Just("2026-03-02T10:00:00".to_string()),
        Just("10:00:00".to_string()),
    ]
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 24, 5, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..5).prop_map(|kv| {
                let mut seen = std::collections::BTreeSet::new();
                let parts: Vec<String> = kv
                    .into_iter()
                    .filter(|(k, _)| seen.insert(*k))
                    .map(|(k, v)| format!("{k} = {v}"))
                    .collect();
                format!("{{ {} }}", parts.join(", "))
            }),
        ]
    })
}

fn document() -> impl Strategy<Value = String> {
    let line = (proptest::sample::select(KEYS), value()).prop_map(|(k, v)| format!("{k} = {v}\n"));
    let table = (
        proptest::sample::select(KEYS),
        any::<bool>(),
        proptest::collection::vec((proptest::sample::select(KEYS), value()), 0..4),
    )
        .prop_map(|(name, array, kv)| {
            let header = if array {
                format!("[[{name}]]\n")
            } else {
                format!("[{name}]\n")
            };
            let body: String = kv.into_iter().map(|(k, v)| format!("{k} = {v}\n")).collect();
            header + &body
        });
    (
        proptest::collection::vec(line, 0..8),
        proptest::collection::vec(table, 0..3),
    )
        .prop_map(|(lines, tables)| lines.concat() + &tables.concat())
}

/// One feature of [`a_plan_check_accepts_always_schedules`]: (estimate,
/// lag on the previous feature, not-before year, owner).
type ExtremeFeature = (&'static str, Option<&'static str>, Option<u16>, Option<usize>);

fn extreme_feature() -> impl Strategy<Value = ExtremeFeature> {
    (
        proptest::sample::select(vec![
            "0.5d", "3d", "400d", "9999d", "10000d", "2000w", "2001w", "10001d",
        ]),
        proptest::option::of(proptest::sample::select(vec![
            "-5d", "30d", "5000d", "10000d", "-10000d",
        ])),
        proptest::option::of(prop_oneof![Just(2026u16), 8900u16..9001]),
        proptest::option::of(0usize..3),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `check` and `schedule` never disagree: a plan without errors, however
    /// extreme its values (durations at their limit, dates near the year
    /// 9000, people at a sliver of capacity on one weekday), schedules
    /// leveled and unleveled; a plan with errors names a limit.
    #[test]
    fn a_plan_check_accepts_always_schedules(
        features in proptest::collection::vec(extreme_feature(), 1..12),
        capacities in proptest::collection::vec(prop_oneof![Just(1.0f64), Just(0.5), Just(0.01)], 3),
        one_day in any::<bool>(),
    ) {
        let mut project = String::from("[project]\nname = \"X\"\nstart = 2026-03-02\n");
        for (p, c) in capacities.iter().enumerate() {
            project.push_str(&format!("\n[[people]]\nid = \"p{p}\"\nname = \"P{p}\"\ncapacity = {c}\n"));
            if one_day && p == 0 {
                project.push_str("workdays = [\"wed\"]\n");
            }
        }
        let mut files = vec![raw("project.toml", project.into_bytes())];
        for (i, (estimate, lag, year, owner)) in features.iter().enumerate() {
            let mut text = format!("title = \"F{i}\"\nestimate = \"{estimate}\"\n");
            if let Some(p) = owner {
                text.push_str(&format!("owner = \"p{p}\"\n"));
            }
            if let Some(y) = year {
                text.push_str(&format!("not-before = {y:04}-06-01\n"));
            }
            if let (Some(lag), true) = (lag, i > 0) {
                text.push_str(&format!("depends-on = [{{ id = \"f{:02}\", lag = \"{lag}\" }}]\n", i - 1));
            }
            files.push(raw(&format!("features/f{i:02}.toml"), text.into_bytes()));
        }
        let plan = check(&files);
        let as_of = milepost::model::Date::parse("2026-03-02").unwrap();
        if plan.error_count() == 0 {
            for level in [true, false] {
                let options = milepost::schedule::Options { level };
                let s = milepost::schedule::schedule_with(&plan, as_of, options);
                prop_assert!(s.is_ok(), "check accepted a plan schedule refuses: {:?}", s.err().map(|e| e.to_string()));
            }
        } else {
            let limits = ["longer than a plan can hold", "plans hold dates before", "could run past the year"];
            prop_assert!(
                plan.diagnostics.iter().any(|d| limits.iter().any(|l| d.message.contains(l))),
                "{:?}",
                plan.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
            );
        }
    }
}
