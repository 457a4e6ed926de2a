//! One [`Leveler`] leveling network after network against [`level`] on a
//! thread of its own each time (nothing kept from before).

use super::leveler::Parts;
use super::people::tests::{calendar_from, date};
use super::*;
use crate::incremental::testgen::Rng;

/// The network `net` leveled in buffers of its own: what any leveling
/// must give.
fn level(
    (milestones, activities, links, graph, unleveled, work, workers): Parts<'_>,
    cal: &mut Calendar,
) -> Result<Leveled, ScheduleError> {
    let mut leveler = Leveler::default();
    leveler.level(milestones, activities, links, graph, unleveled, work, workers, cal)?;
    Ok(leveler.into_leveled())
}

/// A network to level: milestones first, then features, each linked to
/// earlier ones (leads too), some done or started, owned by one of the
/// workers or no one.
struct Case {
    milestones: usize,
    activities: Vec<Activity>,
    links: Vec<Link>,
    work: Vec<Work>,
    workers: Vec<Worker>,
    holidays: &'static [&'static str],
    /// The first day the calendar counts from (the project starts on
    /// Monday 2 March 2026).
    from: &'static str,
}

const KINDS: [DependencyType; 4] = [
    DependencyType::FinishToStart,
    DependencyType::StartToStart,
    DependencyType::FinishToFinish,
    DependencyType::StartToFinish,
];
const WEEKS: [Option<[bool; 7]>; 3] = [None, Some([true, true, true, true, false, false, false]), None];
const OFF: [&[(&str, &str)]; 4] = [
    &[],
    &[("2026-03-16", "2026-03-20")],
    &[("2026-03-09", "2026-03-10"), ("2026-04-06", "2026-04-17")],
    // Before the project starts, and across its start.
    &[("2026-02-09", "2026-02-13"), ("2026-02-26", "2026-03-04")],
];
/// Days a calendar counts from: the project's start, or earlier.
const FROM: [&str; 3] = ["2026-03-02", "2026-02-02", "2026-02-27"];

const PRIORITIES: [Option<Priority>; 4] = [
    None,
    Some(Priority::Must),
    Some(Priority::Should),
    Some(Priority::Could),
];

fn workers(rng: &mut Rng) -> Vec<Worker> {
    (0..1 + rng.below(4))
        .map(|p| Worker {
            id: format!("p{p}").into(),
            capacity: [1.0, 0.5, 0.8][rng.below(3)],
            workdays: WEEKS[rng.below(WEEKS.len())],
            time_off: OFF[rng.below(OFF.len())]
                .iter()
                .map(|&(a, b)| (date(a), date(b)))
                .collect(),
        })
        .collect()
}

fn case(rng: &mut Rng, workers: Vec<Worker>) -> Case {
    let (features, milestones) = (2 + rng.below(30), rng.below(3));
    case_of(rng, workers, features, milestones)
}

/// [`case`] with `features` features and `milestones` milestones.
fn case_of(rng: &mut Rng, workers: Vec<Worker>, features: usize, milestones: usize) -> Case {
    let n = milestones + features;
    let mut activities = Vec::with_capacity(n);
    let mut work = Vec::with_capacity(n);
    for i in 0..n {
        let duration = if i < milestones { 0 } else { 1 + rng.below(8) as i64 };
        let progress = match rng.below(8) {
            0 if i >= milestones => Progress::Done {
                start: 0,
                finish: duration,
            },
            1 if i >= milestones => Progress::InProgress {
                start: 1,
                min_finish: 3 + duration,
            },
            _ => Progress::NotStarted,
        };
        activities.push(Activity {
            duration,
            min_start: if rng.chance(10) { rng.below(10) as i64 } else { 0 },
            min_start_reason: Reason::ProjectStart,
            progress,
            deadline: (i < milestones).then(|| 10 + rng.below(30) as i64),
        });
        let owner = (i >= milestones && rng.chance(80)).then(|| rng.below(workers.len()) as u32);
        work.push(match owner {
            Some(o) => Work {
                owner: Some(o),
                effort: duration as f64 - [0.0, 0.5][rng.below(2)],
                // The status day, 3: where work started on day 1 resumes.
                resume: if matches!(progress, Progress::InProgress { .. }) {
                    3
                } else {
                    0
                },
                rank: rng.chance(10).then(|| 1 + rng.below(3) as u32),
                priority: PRIORITIES[rng.below(PRIORITIES.len())],
            },
            None => Work::NONE,
        });
    }
    let mut links = Vec::new();
    for to in milestones.max(1)..n {
        for _ in 0..rng.below(3) {
            let from = rng.below(to);
            links.push(Link {
                from,
                to,
                kind: KINDS[rng.below(KINDS.len())],
                lag: rng.below(5) as i64 - 1,
            });
        }
    }
    // Milestones wait for some features.
    for m in 0..milestones {
        for _ in 0..1 + rng.below(3) {
            links.push(Link {
                from: milestones + rng.below(n - milestones),
                to: m,
                kind: DependencyType::FinishToStart,
                lag: 0,
            });
        }
    }
    Case {
        milestones,
        activities,
        links,
        work,
        workers,
        holidays: [&[][..], &["2026-03-05", "2026-04-02"][..]][rng.below(2)],
        from: FROM[rng.below(FROM.len())],
    }
}

fn fresh(c: &Case) -> String {
    leveled_on_a_thread(c, false)
}

/// [`level`] on a thread of its own where nothing was leveled before,
/// `beside` others ([`crate::par::beside`]: then the other orders are
/// tried on that thread too) or not.
fn leveled_on_a_thread(c: &Case, beside: bool) -> String {
    let (m, activities, links, work, workers, holidays, from) = (
        c.milestones,
        c.activities.clone(),
        c.links.clone(),
        c.work.clone(),
        c.workers.clone(),
        c.holidays,
        c.from,
    );
    let run = move || {
        let Ok(graph) = cpm::Graph::new(activities.len(), &links) else {
            return "cycle".to_string();
        };
        let Ok(unleveled) = cpm::solve_graph(&activities, &links, &graph) else {
            return "cycle".to_string();
        };
        let mut cal = calendar_from(holidays, from);
        let leveled = level(
            (m, &activities, &links, &graph, &unleveled.times, &work, &workers),
            &mut cal,
        );
        // Every field of the leveled network, as text.
        format!("{leveled:?}")
    };
    std::thread::spawn(move || if beside { crate::par::beside(run) } else { run() })
        .join()
        .unwrap_or_else(|_| panic!("panicked"))
}

fn reused(leveler: &mut Leveler, c: &Case) -> String {
    let Ok(graph) = cpm::Graph::new(c.activities.len(), &c.links) else {
        return "cycle".to_string();
    };
    let Ok(unleveled) = cpm::solve_graph(&c.activities, &c.links, &graph) else {
        return "cycle".to_string();
    };
    let mut cal = calendar_from(c.holidays, c.from);
    let leveled = leveler.level(
        c.milestones,
        &c.activities,
        &c.links,
        &graph,
        &unleveled.times,
        &c.work,
        &c.workers,
        &mut cal,
    );
    format!("{leveled:?}")
}

/// Networks leveled one after another with one [`Leveler`], as a Monte
/// Carlo forecast does (the same network with other durations, the same
/// people) and as a history walk does (other networks, sometimes other
/// people or another calendar): each leveling is, field for field, the
/// one [`level`] gives on a thread where nothing was leveled before.
#[test]
fn a_leveler_used_again_levels_as_a_fresh_one() {
    let mut leveler = Leveler::default();
    let (mut compared, mut loops) = (0, 0);
    for seed in 1..=60u64 {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ seed);
        let people = workers(&mut rng);
        let mut c = case(&mut rng, people.clone());
        for step in 0..8 {
            if step > 0 && rng.chance(20) {
                // The same network and people on a calendar counting from
                // another day.
                c.from = FROM[rng.below(FROM.len())];
            } else if step > 0 && rng.chance(70) {
                // The same network, other durations and efforts.
                for (a, w) in c.activities.iter_mut().zip(&mut c.work).skip(c.milestones) {
                    if matches!(a.progress, Progress::NotStarted) {
                        a.duration = 1 + rng.below(8) as i64;
                        if w.owner.is_some() {
                            w.effort = a.duration as f64;
                        }
                    }
                }
            } else if rng.chance(50) {
                c = case(&mut rng, people.clone());
            } else {
                let others = workers(&mut rng);
                c = case(&mut rng, others);
            }
            let expected = fresh(&c);
            assert_eq!(reused(&mut leveler, &c), expected, "seed {seed}, step {step}");
            compared += 1;
            loops += usize::from(expected.contains("graph: None"));
        }
    }
    // (Loops come from leads; links into started work, which no longer
    // hold, are in no graph and close none.)
    assert!(compared > 400 && loops > 3, "{compared} compared, {loops} with a loop");
}

/// What a Monte Carlo run reads of a leveled network: the end, the links
/// (the resource links among them) and each activity's early dates and
/// driver.
fn early(l: &Leveled) -> String {
    let times: Vec<_> = l
        .times
        .iter()
        .map(|t| (t.early_start, t.early_finish, t.driver))
        .collect();
    format!("{} {:?} {:?} {:?} {times:?}", l.end, l.links, l.waits_for, l.kept)
}

/// A leveling of early dates only ([`Dates::Early`], each Monte Carlo
/// run's) gives the early dates, drivers and resource links of the whole
/// leveling in the same order, on a [`Leveler`] that also levels in full
/// between them (nothing of one kind left over for the other).
#[test]
fn early_dates_only_are_the_whole_leveling_s() {
    let mut leveler = Leveler::default();
    let mut compared = 0;
    for seed in 1..=150u64 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
        let people = workers(&mut rng);
        let c = case(&mut rng, people);
        let Ok(graph) = cpm::Graph::new(c.activities.len(), &c.links) else {
            continue;
        };
        let Ok(unleveled) = cpm::solve_graph(&c.activities, &c.links, &graph) else {
            continue;
        };
        let net = (
            c.milestones,
            &c.activities[..],
            &c.links[..],
            &graph,
            &unleveled.times[..],
            &c.work[..],
            &c.workers[..],
        );
        let mut cal = calendar_from(c.holidays, c.from);
        let whole = match level(net, &mut cal) {
            Ok(whole) => whole,
            Err(e) => {
                let Err(again) = leveler.level_early(Orders::All, net, &mut cal) else {
                    panic!("seed {seed}: the whole leveling failed ({e:?}), early dates did not");
                };
                assert_eq!(format!("{again:?}"), format!("{e:?}"), "seed {seed}");
                continue;
            }
        };
        let orders = [Orders::All, Orders::As(whole.kept)];
        for (k, orders) in orders.into_iter().enumerate() {
            let expected = match k {
                0 => early(&whole),
                _ => early(
                    &leveler
                        .level_as(orders, Dates::All, net, &mut cal)
                        .unwrap_or_else(|e| panic!("{e:?}"))
                        .clone(),
                ),
            };
            let got = leveler
                .level_early(orders, net, &mut cal)
                .unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
            assert_eq!(early(got), expected, "seed {seed}, {orders:?}");
            assert!(
                got.booked.is_empty() && got.graph.is_none(),
                "seed {seed}: nothing booked, no graph"
            );
            compared += 1;
        }
    }
    assert!(compared > 150, "{compared} compared");
}

/// Activities not started, from day 0, each of `(duration, owner,
/// priority)` at full rate: what leveling reads of them.
fn owned(each: &[(i64, u32, Option<Priority>)]) -> (Vec<Activity>, Vec<Work>) {
    each.iter()
        .map(|&(duration, owner, priority)| {
            let activity = Activity {
                duration,
                min_start: 0,
                min_start_reason: Reason::ProjectStart,
                progress: Progress::NotStarted,
                deadline: None,
            };
            let work = Work {
                owner: Some(owner),
                effort: duration as f64,
                resume: 0,
                rank: None,
                priority,
            };
            (activity, work)
        })
        .unzip()
}

/// `copies` times the plan of `tests/integration/leveling.rs` that the
/// team's order schedules badly (`SERIAL_NOT_BEST`), each with two people
/// of its own: x (must, 4 days) waits for y (3 days, someone else's) and
/// shares its owner with z (could, 5 days). The team's order ends on day
/// 12 (x 3..7, z 7..12), time first on day 9 (z 0..5, x 5..9).
fn serial_not_best(copies: usize) -> Case {
    let (mut activities, mut links, mut work, mut workers) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in 0..copies {
        let (ana, ben) = (2 * c as u32, 2 * c as u32 + 1);
        for p in [ana, ben] {
            workers.push(Worker {
                id: format!("p{p}").into(),
                capacity: 1.0,
                workdays: None,
                time_off: Vec::new(),
            });
        }
        let y = activities.len();
        let (a, w) = owned(&[
            (3, ben, None),
            (4, ana, Some(Priority::Must)),
            (5, ana, Some(Priority::Could)),
        ]);
        activities.extend(a);
        work.extend(w);
        links.push(Link {
            from: y,
            to: y + 1,
            kind: DependencyType::FinishToStart,
            lag: 0,
        });
    }
    Case {
        milestones: 0,
        activities,
        links,
        work,
        workers,
        holidays: &[],
        from: "2026-03-02",
    }
}

/// On a network large enough ([`crate::par::forks`]), the other orders are
/// tried on a thread of their own while the team's is justified: the
/// leveled network is, field for field, the one worked out on one thread,
/// whether the team's order is kept (random networks) or time first
/// ([`serial_not_best`]).
#[test]
fn the_other_orders_beside_the_team_s_level_as_on_one_thread() {
    if !crate::par::forks(600) {
        eprintln!("one thread only (MILEPOST_THREADS or a single core): nothing runs beside the team's order here");
        return;
    }
    let (mut team, mut time) = (0, 0);
    for seed in 1..=24u64 {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
        let c = if seed % 3 == 0 {
            serial_not_best(200 + rng.below(100))
        } else {
            let people = workers(&mut rng);
            let (features, milestones) = (600 + rng.below(200), rng.below(3));
            case_of(&mut rng, people, features, milestones)
        };
        let apart = leveled_on_a_thread(&c, false);
        assert_eq!(apart, leveled_on_a_thread(&c, true), "seed {seed}");
        team += usize::from(apart.contains("kept: Kept(None)"));
        time += usize::from(apart.contains("kept: Kept(Some(Time))"));
    }
    assert!(
        team >= 10 && time == 8,
        "{team} kept the team's order, {time} time first"
    );
}

/// Keys sorted as numbers ([`leveler::packed`]) are in [`Key`]'s order,
/// with days at the ends of what fits (and no deadline); days that do not
/// fit are not packed.
#[test]
fn packed_keys_sort_as_keys() {
    let days = [
        i64::MIN,
        -2_147_483_649,
        i32::MIN as i64,
        -40,
        -1,
        0,
        1,
        7,
        300,
        i32::MAX as i64 - 1,
        i32::MAX as i64,
        i64::MAX,
    ];
    let fits = |d: i64| (i32::MIN as i64..i32::MAX as i64).contains(&d);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let keys: Vec<Key> = (0..3000)
        .map(|node| Key {
            fresh: rng.chance(50),
            rank: [(true, 0), (false, 1), (false, 2), (false, u32::MAX)][rng.below(4)],
            deadline: days[rng.below(days.len())],
            priority: rng.below(5) as u8,
            late_start: days[rng.below(days.len() - 1)],
            node,
            deadline_of: usize::MAX,
            moscow: None,
        })
        .collect();
    let mut packed = Vec::new();
    for k in &keys {
        let fit = fits(k.late_start) && (fits(k.deadline) || k.deadline == i64::MAX);
        match leveler::packed(k) {
            Some(p) => packed.push(p),
            None => assert!(!fit, "{k:?} fits"),
        }
        assert!(leveler::packed(k).is_some() || !fit, "{k:?}");
    }
    assert!(
        packed.len() > 1000 && packed.len() < keys.len(),
        "{} packed",
        packed.len()
    );
    packed.sort_unstable();
    let by_number: Vec<usize> = packed.iter().map(|&p| (p & ((1 << 22) - 1)) as usize).collect();
    let mut by_key: Vec<Key> = by_number.iter().map(|&i| keys[i]).collect();
    by_key.sort_unstable();
    assert_eq!(by_number, by_key.iter().map(|k| k.node).collect::<Vec<_>>());
    // A node past 22 bits is not packed.
    let far = Key {
        node: 1 << 22,
        late_start: 0,
        deadline: 0,
        ..keys[0]
    };
    assert_eq!(leveler::packed(&far), None);
}

/// Justification keeps a round that ends the project one day sooner, and
/// only then stops. P does m (must, 1 day) and c1 (could, 1 day); Q does
/// c2 (2 days) after c1. Worked out by hand:
/// - the team's order takes m first (must before could): m 0..1, c1 1..2
///   on P's time, c2 2..4: the project ends on day 4. Time first does the
///   same (at day 0, m and c1 are both ready for P; m is the more urgent);
/// - justification moves everything as late as day 4 allows, latest finish
///   first: c2 2..4, c1 1..2, m 3..4; then as early as it can go in the
///   order of those starts: c1 0..1, c2 1..3, m 1..2. The project ends on
///   day 3, one day sooner, which no order can better (c1 then c2 take 3
///   days); the next round gains nothing and is dropped.
#[test]
fn justification_keeps_a_round_that_gains_one_day() {
    let (p, q) = (0u32, 1u32);
    let workers: Vec<Worker> = ["p", "q"]
        .iter()
        .map(|id| Worker {
            id: (*id).into(),
            capacity: 1.0,
            workdays: None,
            time_off: Vec::new(),
        })
        .collect();
    let (activities, work) = owned(&[
        (1, p, Some(Priority::Must)),
        (1, p, Some(Priority::Could)),
        (2, q, None),
    ]);
    let links = vec![Link {
        from: 1,
        to: 2,
        kind: DependencyType::FinishToStart,
        lag: 0,
    }];
    let graph = cpm::Graph::new(activities.len(), &links).unwrap_or_else(|e| panic!("{e:?}"));
    let unleveled = cpm::solve_graph(&activities, &links, &graph).unwrap_or_else(|e| panic!("{e:?}"));
    let mut cal = calendar_from(&[], "2026-03-02");
    let leveled = level(
        (0, &activities, &links, &graph, &unleveled.times, &work, &workers),
        &mut cal,
    )
    .unwrap_or_else(|e| panic!("{e:?}"));
    let spans: Vec<(i64, i64)> = leveled.times.iter().map(|t| (t.early_start, t.early_finish)).collect();
    assert_eq!(spans, vec![(1, 2), (0, 1), (1, 3)]);
    assert_eq!(leveled.end, 3);
    assert!(leveled.improved, "justified");
    assert_eq!(leveled.kept, Kept(None), "the team's order, justified");
}
