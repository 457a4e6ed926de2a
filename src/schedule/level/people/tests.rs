//! People's days and placements against counts day by day.
use super::*;
use crate::model::{Date, Weekday};
use std::collections::BTreeSet;

pub(in crate::schedule::level) fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|e| panic!("{e}"))
}

/// A Monday-to-Friday calendar from Monday 2 March 2026.
pub(in crate::schedule::level) fn calendar(holidays: &[&str]) -> Calendar {
    calendar_from(holidays, "2026-03-02")
}

/// [`calendar`], counting from `from` (on or before 2 March).
pub(in crate::schedule::level) fn calendar_from(holidays: &[&str], from: &str) -> Calendar {
    let holidays: BTreeSet<jiff::civil::Date> = holidays.iter().map(|d| date(d).0).collect();
    let week = [true, true, true, true, true, false, false];
    Calendar::from_parts(week, holidays, date("2026-03-02"), date(from))
}

fn worker(workdays: Option<[bool; 7]>, time_off: &[(&str, &str)]) -> Worker {
    Worker {
        id: "ana".into(),
        capacity: 1.0,
        workdays,
        time_off: time_off.iter().map(|&(a, b)| (date(a), date(b))).collect(),
    }
}

/// What `People` says of each person's days: the next day they work
/// from each day, and where 1, 3 and 7 of their days from there end;
/// the last day they work before each day, and where 4 of their days
/// ending there start.
/// Per person, per day: see [`answers`].
type Answers = Vec<Vec<(i64, i64, i64, i64, Option<i64>, Option<i64>)>>;

fn answers(workers: &[Worker], cal: &mut Calendar) -> Answers {
    let mut people = People::new(workers, &[], cal).unwrap_or_else(|e| panic!("{e}"));
    (0..workers.len())
        .map(|p| {
            (-2..140)
                .map(|t| {
                    let next = people.next_working(p, t, cal).unwrap_or_else(|e| panic!("{e}"));
                    let mut ends =
                        [1, 3, 7].map(|d| people.end_after(p, next, d, cal).unwrap_or_else(|e| panic!("{e}")));
                    ends.sort_unstable();
                    let prev = people.prev_working(p, t, cal).unwrap_or_else(|e| panic!("{e}"));
                    let start = people.start_before(p, t, 4, cal).unwrap_or_else(|e| panic!("{e}"));
                    (next, ends[0], ends[1], ends[2], prev, start)
                })
                .collect()
        })
        .collect()
}

/// The same, on a thread of its own: nothing kept from before.
fn fresh(workers: &[Worker], cal: &Calendar) -> Answers {
    let (workers, mut cal) = (workers.to_vec(), cal.clone());
    std::thread::spawn(move || answers(&workers, &mut cal))
        .join()
        .unwrap_or_else(|_| panic!("panicked"))
}

/// Two people with days of their own: a Mon–Thu week and a week off,
/// and a full week with two spells off; on a Mon–Fri calendar.
fn two_people() -> (People, Calendar) {
    let mon_thu = Some([true, true, true, true, false, false, false]);
    let workers = [
        worker(mon_thu, &[("2026-03-16", "2026-03-20")]),
        worker(None, &[("2026-03-09", "2026-03-11"), ("2026-04-06", "2026-04-17")]),
    ];
    let mut cal = calendar(&[]);
    let people = People::new(&workers, &[], &mut cal).unwrap_or_else(|e| panic!("{e}"));
    (people, cal)
}

/// Person `p`'s time cleared, then fewer than `most` pieces of work
/// of 1 to 5 days placed on it, each one of `gaps` days after the one
/// before.
fn random_work(people: &mut People, p: usize, rng: &mut crate::incremental::testgen::Rng, most: usize, gaps: &[i64]) {
    people.clear_all();
    let mut t = rng.below(4) as i64;
    for node in 0..rng.below(most) {
        let f = t + 1 + rng.below(5) as i64;
        people.busy[p].push((t, f, node));
        t = f + gaps[rng.below(gaps.len())];
    }
}

/// Where [`People::fit`] places work among work placed already, for
/// people with a week of their own or time off, against a search day
/// by day: the first day from `from` they work whose `days` of their
/// working days end at `finish_at` or later and meet no work placed.
#[test]
fn work_fits_in_the_first_gap_long_enough() {
    let (mut people, mut cal) = two_people();
    let mut rng = crate::incremental::testgen::Rng(0x5DEE_CE66_D1CE_4E5B);
    let mut skipped = 0;
    for round in 0..400 {
        let p = rng.below(2);
        // Work placed back to back or with gaps of 0 to 3 days.
        random_work(&mut people, p, &mut rng, 12, &[0, 0, 1, 2, 3]);
        let (days, from) = (1 + rng.below(4) as i64, rng.below(20) as i64);
        let finish_at = if rng.chance(30) {
            from + rng.below(15) as i64
        } else {
            i64::MIN
        };
        let works = |people: &mut People, d: i64, cal: &mut Calendar| {
            people.next_working(p, d, cal).unwrap_or_else(|e| panic!("{e}")) == d
        };
        let mut expected = None;
        for t in from.max(0)..400 {
            if !works(&mut people, t, &mut cal) {
                continue;
            }
            // The end of `days` of their days from `t`, counted.
            let (mut f, mut left) = (t, days);
            while left > 0 {
                left -= i64::from(works(&mut people, f, &mut cal));
                f += 1;
            }
            let free = people.busy[p].iter().all(|&(s, e, _)| e <= t || f <= s);
            if f >= finish_at && free {
                expected = Some((t, f));
                break;
            }
        }
        let Some(expected) = expected else { continue };
        let (t, f, k) = people
            .fit(p, days, from, finish_at, &mut cal)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((t, f), expected, "round {round}: {:?}", people.busy[p]);
        assert_eq!(k, people.busy[p].partition_point(|&(_, e, _)| e <= t), "round {round}");
        skipped += usize::from(people.busy[p].iter().any(|&(_, e, _)| e <= t && e > from));
    }
    assert!(skipped > 100, "{skipped} placed after other work");
}

/// Where [`People::place_late`] places work among work placed
/// already, for people with a week of their own or time off, against
/// a search day by day back from `finish_by`: the last day they work
/// on which `days` of their working days end, starting at `start_by`
/// or before and at `from` or after, meeting no work placed.
#[test]
fn work_placed_late_goes_in_the_last_gap_long_enough() {
    let (mut people, mut cal) = two_people();
    let mut rng = crate::incremental::testgen::Rng(0x2F69_3B1D_CA1E_0A7E);
    let (mut placed, mut moved_back) = (0, 0);
    for round in 0..600 {
        let p = rng.below(2);
        // Work placed back to back or with gaps of 0 to 5 days.
        random_work(&mut people, p, &mut rng, 10, &[0, 0, 1, 3, 5]);
        let days = 1 + rng.below(5) as i64;
        let from = rng.below(10) as i64 - 2;
        let finish_by = from + rng.below(60) as i64;
        let start_by = if rng.chance(50) {
            finish_by
        } else {
            from + rng.below(40) as i64
        };
        let works = |people: &mut People, d: i64, cal: &mut Calendar| {
            d >= 0 && people.next_working(p, d, cal).unwrap_or_else(|e| panic!("{e}")) == d
        };
        let mut expected = None;
        for f in (1..=finish_by).rev() {
            if !works(&mut people, f - 1, &mut cal) {
                continue;
            }
            // The start of `days` of their days ending at `f`, counted.
            let (mut t, mut left) = (f, days);
            while left > 0 && t > 0 {
                t -= 1;
                left -= i64::from(works(&mut people, t, &mut cal));
            }
            if left > 0 || t < from {
                break;
            }
            let free = people.busy[p].iter().all(|&(s, e, _)| e <= t || f <= s);
            if t <= start_by && free {
                expected = Some((t, f));
                break;
            }
        }
        let before = people.busy[p].clone();
        let got = people
            .place_late(p, days, from, start_by, finish_by, 99, &mut cal)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            got, expected,
            "round {round}: {days} days, from {from}, start by {start_by}, finish by {finish_by}, {before:?}"
        );
        placed += usize::from(got.is_some());
        moved_back += usize::from(got.is_some_and(|(t, _)| t + days < start_by.min(finish_by) - 3));
    }
    assert!(
        placed > 200 && moved_back > 50,
        "{placed} placed, {moved_back} well before their bound"
    );
}

/// A person's days, counted against a hand count of a Mon–Thu week
/// with a week off; then levelings one after another on one thread,
/// each taking up the days the one before worked out ([`Kept`]) with
/// another calendar, other time off, another week or other people:
/// each answers as days worked out afresh do.
#[test]
fn days_taken_up_from_the_leveling_before_are_those_worked_out_afresh() {
    let mon_thu = Some([true, true, true, true, false, false, false]);
    let away = worker(mon_thu, &[("2026-03-16", "2026-03-20")]);
    let mut cal = calendar(&[]);
    let mut people = People::new(std::slice::from_ref(&away), &[], &mut cal).unwrap_or_else(|e| panic!("{e}"));
    // Day 0 is Monday 2 March; days 10 to 14 (16–20 March) are off, and
    // Fridays (4, 9, 19, ...) are not theirs.
    let next =
        |people: &mut People, t, cal: &mut Calendar| people.next_working(0, t, cal).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(next(&mut people, 4, &mut cal), 5);
    assert_eq!(next(&mut people, 9, &mut cal), 15);
    // 6 of their days from Thursday 12 March (day 8): 12, 23, 24, 25, 26, 30 March.
    assert_eq!(
        people.end_after(0, 8, 6, &mut cal).unwrap_or_else(|e| panic!("{e}")),
        21
    );
    assert_eq!(
        people
            .start_before(0, 21, 6, &mut cal)
            .unwrap_or_else(|e| panic!("{e}")),
        Some(8)
    );
    drop(people);

    let other_week = worker(
        Some([false, true, true, true, true, false, false]),
        &[("2026-03-16", "2026-03-20")],
    );
    let later_off = worker(mon_thu, &[("2026-04-06", "2026-04-17")]);
    let steps: [(&str, Vec<Worker>, Calendar); 6] = [
        ("same", vec![away.clone()], calendar(&[])),
        ("a holiday", vec![away.clone()], calendar(&["2026-03-05", "2026-04-02"])),
        (
            "same again",
            vec![away.clone()],
            calendar(&["2026-03-05", "2026-04-02"]),
        ),
        (
            "other time off",
            vec![later_off.clone()],
            calendar(&["2026-03-05", "2026-04-02"]),
        ),
        (
            "another week",
            vec![other_week.clone(), later_off.clone()],
            calendar(&["2026-03-05", "2026-04-02"]),
        ),
        ("people swapped", vec![later_off, away, other_week], calendar(&[])),
    ];
    for (what, workers, mut cal) in steps {
        let expected = fresh(&workers, &cal);
        assert_eq!(answers(&workers, &mut cal), expected, "{what}");
    }
}

/// [`seek`] finds where [`slice::partition_point`] does, whatever the
/// place it starts from: on lists of work by start, for searches by
/// finish and by start, from every place near and far.
#[test]
fn seeking_from_near_the_last_booking_finds_the_partition_point() {
    let mut rng = crate::incremental::testgen::Rng(0x5EE4_0001);
    let mut near_hits = 0;
    for _ in 0..300 {
        let mut busy = Vec::new();
        let mut t = rng.below(3) as i64;
        for node in 0..rng.below(12) {
            let s = t + rng.below(3) as i64;
            t = s + 1 + rng.below(4) as i64;
            busy.push((s, t, node));
        }
        for at in -1..=t + 1 {
            let by_finish = |b: &(i64, i64, usize)| b.1 <= at;
            let by_start = |b: &(i64, i64, usize)| b.0 < at;
            let (f, s) = (busy.partition_point(by_finish), busy.partition_point(by_start));
            for near in [0, 1, busy.len() / 2, busy.len(), busy.len() + 1, f, s, 999] {
                assert_eq!(seek(&busy, near, by_finish), f, "{busy:?} at {at} near {near}");
                assert_eq!(seek(&busy, near, by_start), s, "{busy:?} at {at} near {near}");
            }
            near_hits += usize::from(f > 0);
        }
    }
    assert!(near_hits > 1000, "{near_hits}");
}

/// The arithmetic of time off as ranges of a week's days ([`off_before`],
/// [`skip`], [`skip_back`]) against counting number by
/// number, on random sets of ranges, sorted and apart as
/// [`People::holes`] makes them.
#[test]
fn ranges_of_days_off_count_as_day_by_day() {
    let mut rng = crate::incremental::testgen::Rng(0x00FF_DA75_1234_5678);
    let mut inside = 0;
    for _ in 0..300 {
        let mut holes = Vec::new();
        let mut at = rng.below(4) as u32;
        for _ in 0..rng.below(5) {
            let a = at + rng.below(3) as u32 + u32::from(!holes.is_empty());
            let b = a + 1 + rng.below(4) as u32;
            holes.push((a, b));
            at = b;
        }
        let off = |j: usize| holes.iter().any(|&(a, b)| (a as usize) <= j && j < b as usize);
        let free: Vec<usize> = (0..60).filter(|&j| !off(j)).collect();
        for j in 0..40 {
            inside += usize::from(off(j));
            assert_eq!(
                off_before(&holes, j),
                (0..j).filter(|&i| off(i)).count(),
                "{holes:?} {j}"
            );
            assert_eq!(skip(&holes, 0, j), free[j], "{holes:?} {j}");
            for n in 0..5 {
                let ahead: Vec<usize> = free.iter().copied().filter(|&i| i >= j).collect();
                assert_eq!(skip(&holes, j, n), ahead[n], "{holes:?} {j} {n}");
                let back: Vec<usize> = free.iter().copied().filter(|&i| i < j).rev().collect();
                assert_eq!(skip_back(&holes, j, n), back.get(n).copied(), "{holes:?} {j} {n}");
            }
        }
    }
    assert!(inside > 1000, "{inside} numbers in ranges");
}

/// Everyone's days on random calendars (holidays), weeks and time off,
/// several people to a week, against a count from the dates alone: a day
/// is theirs when it is a working day of the project, on one of their
/// weekdays and in none of their spells off.
#[test]
fn everyone_s_days_are_those_their_dates_say() {
    let mut rng = crate::incremental::testgen::Rng(0xDA75_0F0A_2E11);
    let first = date("2026-01-26");
    let day = |n: usize| {
        let mut d = first.0;
        for _ in 0..n {
            d = d.tomorrow().unwrap_or_else(|e| panic!("{e}"));
        }
        Date(d)
    };
    let weeks = [
        None,
        Some([true, true, true, true, false, false, false]),
        Some([true, false, true, false, true, false, false]),
        Some([false, true, true, true, true, true, true]),
    ];
    let mut spells = 0;
    for round in 0..40 {
        let holidays: Vec<String> = (0..rng.below(6))
            .map(|_| day(35 + rng.below(120)).to_string())
            .collect();
        let holidays: Vec<&str> = holidays.iter().map(String::as_str).collect();
        let mut cal = calendar_from(&holidays, "2026-02-23");
        let workers: Vec<Worker> = (0..5)
            .map(|_| {
                let week = weeks[rng.below(weeks.len())];
                let off: Vec<(Date, Date)> = (0..rng.below(4))
                    .map(|_| {
                        let a = rng.below(200);
                        (day(a), day(a + rng.below(12)))
                    })
                    .collect();
                spells += off.len();
                Worker {
                    id: "p".into(),
                    capacity: 1.0,
                    workdays: week,
                    time_off: off,
                }
            })
            .collect();
        let mut people = People::new(&workers, &[], &mut cal).unwrap_or_else(|e| panic!("{e}"));
        for (p, w) in workers.iter().enumerate() {
            let works: Vec<bool> = (0..260)
                .map(|d| {
                    let date = cal.date(d).unwrap_or_else(|e| panic!("{e:?}"));
                    let on = w.workdays.is_none_or(|k| k[Weekday::of(date) as usize]);
                    on && !w.time_off.iter().any(|&(a, b)| a <= date && date <= b)
                })
                .collect();
            let theirs: Vec<i64> = (0..260).filter(|&d| works[d as usize]).collect();
            let why = || format!("round {round}, person {p}: {w:?}");
            for t in -2..150i64 {
                let next = theirs
                    .iter()
                    .copied()
                    .find(|&d| d >= t)
                    .unwrap_or_else(|| panic!("few days"));
                assert_eq!(
                    people.next_working(p, t, &mut cal).ok(),
                    Some(next),
                    "{} next from {t}",
                    why()
                );
                let k = theirs.partition_point(|&d| d < next);
                for n in [1, 2, 5] {
                    assert_eq!(
                        people.end_after(p, next, n, &mut cal).ok(),
                        Some(theirs[k + n as usize - 1] + 1),
                        "{} {n} from {next}",
                        why()
                    );
                }
                let upto = theirs.partition_point(|&d| d <= t);
                let prev = upto.checked_sub(1).map(|i| theirs[i]);
                assert_eq!(
                    people.prev_working(p, t, &mut cal).ok(),
                    Some(prev),
                    "{} last by {t}",
                    why()
                );
                let before = theirs.partition_point(|&d| d < t);
                for n in [1, 3] {
                    let start = before.checked_sub(n).map(|i| theirs[i]);
                    let got = people.start_before(p, t, n as i64, &mut cal).ok();
                    // Every day theirs: the arithmetic answer, day 0 on.
                    let start = if w.always() {
                        Some(t - n as i64).filter(|&s| s >= 0)
                    } else {
                        start
                    };
                    assert_eq!(got, Some(start), "{} {n} before {t}", why());
                }
            }
        }
    }
    assert!(spells > 100, "{spells} spells off");
}
