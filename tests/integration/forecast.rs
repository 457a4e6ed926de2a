//! The Monte Carlo forecast against independent computation: the exact
//! distribution of each feature's duration in whole working days (rounded
//! up, as the schedule rounds), worked out here from the PERT-Beta density
//! by numerical integration (or the triangle's CDF in closed form), sums
//! by convolution and maxima by multiplying CDFs. Every tolerance is a
//! number of standard errors of the statistic for the runs made.

use milepost::forecast::{Forecast, Options, Shape};
use milepost::model::Date;

use crate::support::{milepost, run, write_files};

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// How many standard errors a statistic may stray: a false alarm about
/// once in 16,000 tests.
const Z: f64 = 4.0;

/// A plan starting Monday 2026-01-05 (the default week) from `files`
/// besides `project.toml`, checked (warnings allowed, no errors).
fn plan(files: &[(&str, &str)]) -> (tempfile::TempDir, milepost::Plan) {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec![(
        "project.toml",
        "[project]\nname = \"T\"\nstart = 2026-01-05\ncurrency = \"EUR\"\n\n[[people]]\nid = \"ann\"\nname = \"Ann\"\nday-rate = 100\n",
    )];
    all.extend_from_slice(files);
    write_files(dir.path(), &all);
    let plan = crate::support::check_dir(dir.path(), "").unwrap();
    assert!(
        plan.diagnostics.iter().all(|d| d.code.id().starts_with('W')),
        "{:?}",
        plan.diagnostics
    );
    (dir, plan)
}

/// A feature file: a three-point estimate in days, what it waits for, and
/// more lines.
fn feature(low: f64, likely: f64, high: f64, after: &[&str], more: &str) -> String {
    let deps: Vec<String> = after.iter().map(|d| format!("\"{d}\"")).collect();
    format!(
        "title = \"F\"\nmilestone = \"end\"\nestimate = {{ low = \"{low}d\", likely = \"{likely}d\", high = \"{high}d\" }}\ndepends-on = [{}]\n{more}",
        deps.join(", ")
    )
}

const END: (&str, &str) = ("milestones/end.toml", "title = \"End\"\n");

fn forecast(plan: &milepost::Plan, runs: usize, shape: Shape, level: bool) -> Forecast {
    let options = Options {
        runs,
        seed: 42,
        shape,
        level,
    };
    milepost::forecast::run(plan, date("2026-01-05"), &options).unwrap()
}

/// P(X <= x) for a duration of low `a`, likely `m`, high `b`: the
/// triangle's CDF in closed form; PERT-Beta's by Simpson's rule over its
/// density `t^(α-1) (1-t)^(β-1)`, normalised by the same integral to 1.
fn cdf(shape: Shape, (a, m, b): (f64, f64, f64), x: f64) -> f64 {
    if x <= a {
        return 0.0;
    }
    if x >= b {
        return 1.0;
    }
    match shape {
        Shape::Triangular => {
            if x <= m {
                (x - a).powi(2) / ((b - a) * (m - a))
            } else {
                1.0 - (b - x).powi(2) / ((b - a) * (b - m))
            }
        }
        Shape::Pert => {
            let (al, be) = (1.0 + 4.0 * (m - a) / (b - a), 1.0 + 4.0 * (b - m) / (b - a));
            let density = |t: f64| t.powf(al - 1.0) * (1.0 - t).powf(be - 1.0);
            let simpson = |to: f64| {
                let n = 2000;
                let h = to / n as f64;
                let mut s = density(0.0) + density(to);
                for k in 1..n {
                    s += density(k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
                }
                s * h / 3.0
            };
            simpson((x - a) / (b - a)) / simpson(1.0)
        }
    }
}

/// The distribution of a duration in whole working days, rounded up:
/// `p[k]` = P(k - 1 < X <= k).
fn whole(shape: Shape, est: (f64, f64, f64)) -> Vec<f64> {
    let top = est.2.ceil() as usize;
    (0..=top)
        .map(|k| {
            let k = k as f64;
            if k == 0.0 {
                0.0
            } else {
                cdf(shape, est, k) - cdf(shape, est, k - 1.0)
            }
        })
        .collect()
}

/// The distribution of a sum of independent whole-day durations.
fn convolve(a: &[f64], b: &[f64]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

/// Mean, variance and fourth central moment of a distribution on 0, 1, ...
fn moments(p: &[f64]) -> (f64, f64, f64) {
    let mean: f64 = p.iter().enumerate().map(|(k, q)| k as f64 * q).sum();
    let var: f64 = p.iter().enumerate().map(|(k, q)| (k as f64 - mean).powi(2) * q).sum();
    let m4: f64 = p.iter().enumerate().map(|(k, q)| (k as f64 - mean).powi(4) * q).sum();
    (mean, var, m4)
}

fn cumulative(p: &[f64]) -> Vec<f64> {
    p.iter()
        .scan(0.0, |s, q| {
            *s += q;
            Some(*s)
        })
        .collect()
}

/// The least day by which at least half the mass has finished.
fn median(cum: &[f64]) -> usize {
    cum.iter().position(|&c| c >= 0.5).unwrap()
}

fn sample_moments(xs: &[i64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<i64>() as f64 / n;
    let var = xs.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

/// A serial chain: the project's finish is the sum of the durations; its
/// mean and variance over the runs match the exact ones within Z standard
/// errors (of the mean, σ/√N; of the variance, √((μ₄ − σ⁴)/N)).
#[test]
fn a_serial_chain_matches_the_analytic_mean_and_variance_of_the_sum() {
    let ests = [(2.0, 4.0, 9.0), (1.0, 3.0, 4.0), (5.0, 6.0, 12.0), (0.5, 2.5, 7.5)];
    let files: Vec<(String, String)> = ests
        .iter()
        .enumerate()
        .map(|(i, &(l, m, h))| {
            let after: Vec<String> = (i > 0).then(|| format!("f{}", i - 1)).into_iter().collect();
            let after: Vec<&str> = after.iter().map(String::as_str).collect();
            (format!("features/f{i}.toml"), feature(l, m, h, &after, ""))
        })
        .collect();
    let mut refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    refs.push(END);
    let (_dir, plan) = plan(&refs);
    let n = 20_000;
    for shape in [Shape::Pert, Shape::Triangular] {
        let sum = ests.iter().fold(vec![1.0], |acc, &e| convolve(&acc, &whole(shape, e)));
        let (mean, var, m4) = moments(&sum);
        let f = forecast(&plan, n, shape, false);
        let (m, v) = sample_moments(&f.runs.ends);
        let n = n as f64;
        assert!((m - mean).abs() < Z * (var / n).sqrt(), "{shape:?}: mean {m} vs {mean}");
        assert!(
            (v - var).abs() < Z * ((m4 - var * var) / n).sqrt(),
            "{shape:?}: variance {v} vs {var}"
        );
        // The milestone is reached when the chain ends.
        assert_eq!(f.runs.milestones, f.runs.ends);
    }
}

/// Two paths of two features each merge into the milestone: the finish is
/// the later of the two, whose CDF is the product of theirs. Its P50 is
/// later than either path's (merge bias) and later than the deterministic
/// forecast; the runs' CDF matches the product at every day within Z
/// binomial standard errors, and their P50 is the exact one.
#[test]
fn parallel_paths_merging_show_merge_bias() {
    let (a1, a2, b1, b2) = ((3.0, 5.0, 11.0), (2.0, 4.0, 8.0), (4.0, 6.0, 9.0), (2.0, 3.0, 7.0));
    let files = [
        ("features/a1.toml".to_string(), feature(a1.0, a1.1, a1.2, &[], "")),
        ("features/a2.toml".to_string(), feature(a2.0, a2.1, a2.2, &["a1"], "")),
        ("features/b1.toml".to_string(), feature(b1.0, b1.1, b1.2, &[], "")),
        ("features/b2.toml".to_string(), feature(b2.0, b2.1, b2.2, &["b1"], "")),
    ];
    let mut refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    refs.push(END);
    let (_dir, plan) = plan(&refs);
    let n = 20_000;
    let shape = Shape::Pert;
    let a = cumulative(&convolve(&whole(shape, a1), &whole(shape, a2)));
    let b = cumulative(&convolve(&whole(shape, b1), &whole(shape, b2)));
    let at = |c: &[f64], k: usize| c.get(k).copied().unwrap_or(1.0);
    let top = a.len().max(b.len());
    let max: Vec<f64> = (0..top).map(|k| at(&a, k) * at(&b, k)).collect();
    let p50 = median(&max);
    assert!(
        p50 > median(&a) && p50 > median(&b),
        "merge bias: {p50} {} {}",
        median(&a),
        median(&b)
    );

    let f = forecast(&plan, n, shape, false);
    let nf = n as f64;
    for (k, &exact) in max.iter().enumerate() {
        let share = f.runs.ends.iter().filter(|&&e| e <= k as i64).count() as f64 / nf;
        let se = (exact * (1.0 - exact) / nf).sqrt().max(1.0 / nf);
        assert!((share - exact).abs() <= Z * se, "day {k}: {share} vs {exact}");
    }
    // The exact CDF is far enough from one half on both sides of its P50
    // for the runs to find the same day.
    let se = (0.25 / nf).sqrt();
    assert!(
        max[p50 - 1] < 0.5 - Z * se && max[p50] > 0.5 + Z * se,
        "{:?}",
        &max[p50 - 1..=p50]
    );
    assert_eq!(f.project.p50.day, p50 as i64);
    assert!(
        f.deterministic.length < p50 as i64,
        "{} vs {p50}",
        f.deterministic.length
    );
    assert_eq!(f.milestones[0].spread.p50.day, p50 as i64);
}

/// A risk of probability p delays a certain feature by its days in a share
/// p of runs (within Z binomial standard errors), and adds its cost; a
/// closed risk does nothing, one that occurred happens in every run.
#[test]
fn a_risk_of_probability_p_shifts_a_share_p_of_runs() {
    let risk = |p: f64, days: u32, status: &str| {
        format!(
            "title = \"R\"\nprobability = {p}\nimpact = {{ days = {days}, cost = 1000 }}\naffects = [\"a\"]\nstatus = \"{status}\"\n"
        )
    };
    let a = feature(5.0, 5.0, 5.0, &[], "owner = \"ann\"\n");
    let (r1, r2, r3) = (risk(0.3, 4, "open"), risk(0.9, 50, "closed"), risk(0.1, 2, "occurred"));
    let (_dir, p) = plan(&[
        ("features/a.toml", &a),
        ("risks/r1.toml", &r1),
        ("risks/r2.toml", &r2),
        END,
    ]);
    let n = 20_000;
    let f = forecast(&p, n, Shape::Pert, false);
    // 5 days of work, 4 more in the runs where r1 happens; r2 is closed.
    let hit = f.runs.ends.iter().filter(|&&e| e == 9).count();
    assert_eq!(hit + f.runs.ends.iter().filter(|&&e| e == 5).count(), n);
    let share = hit as f64 / n as f64;
    assert!((share - 0.3).abs() < Z * (0.3 * 0.7 / n as f64).sqrt(), "{share}");
    // Costs: 5 days at 100 a day, and 1000 in the runs where r1 happens.
    for (end, cost) in f.runs.ends.iter().zip(&f.runs.costs) {
        assert_eq!(*cost, if *end == 9 { 1500.0 } else { 500.0 });
    }
    let c = f.cost.unwrap();
    assert_eq!((c.deterministic, c.p50, c.p95), (500.0, 500.0, 1500.0));
    // The risk moves the P80 by its days: 5 without it, 9 with it.
    let r = f.sensitivity.iter().find(|s| &*s.id == "r1").unwrap();
    assert_eq!((r.low.day, r.high.day, r.swing_days), (5, 9, 4));

    let (_dir, p) = plan(&[("features/a.toml", &a), ("risks/r3.toml", &r3), END]);
    let f = forecast(&p, 1000, Shape::Pert, false);
    assert!(f.runs.ends.iter().all(|&e| e == 7), "an occurred risk delays every run");
    assert!(f.runs.costs.iter().all(|&c| c == 1500.0));
    assert!(f.sensitivity.is_empty(), "nothing varies");
}

/// A risk that occurred is in the deterministic schedule as it is in every
/// run, and counted once: as of Monday 2026-01-12 (day 5), `a` (5 days, not
/// started) takes the 2 days of `r`, `s` (started, 4 days `remaining`)
/// the 4 of `q` (which names it twice: once), and `end` is reached the 2
/// days of `r` after both. By hand: unleveled, `a` ends on day 5 + 7 = 12,
/// `s` on 5 + 8 = 13, `end` on 13 + 2 = 15; leveled (both Ann's, the
/// started one first), `s` ends on 13, `a` on 13 + 7 = 20, `end` on 22.
/// Nothing varies, so every run ends there too (a run that counted `q`
/// again for the started work would end 4 days later).
#[test]
fn a_risk_that_occurred_is_in_the_schedule_and_in_every_run_once() {
    let certain = |days: u32, more: &str| {
        format!(
            "title = \"F\"\nmilestone = \"end\"\nowner = \"ann\"\nestimate = {{ low = \"{days}d\", likely = \"{days}d\", high = \"{days}d\" }}\n{more}"
        )
    };
    let a = certain(5, "");
    let s = certain(
        6,
        "status = \"in-progress\"\nstarted = 2026-01-07\nremaining = \"4d\"\n",
    );
    let r =
        "title = \"R\"\nprobability = 0.2\nstatus = \"occurred\"\nimpact = { days = 2 }\naffects = [\"a\", \"end\"]\n";
    let q = "title = \"Q\"\nprobability = 0.7\nstatus = \"occurred\"\nimpact = { days = 4, cost = 300 }\naffects = [\"s\", \"s\"]\n";
    let (_dir, p) = plan(&[
        ("features/a.toml", &a),
        ("features/s.toml", &s),
        ("risks/r.toml", r),
        ("risks/q.toml", q),
        END,
    ]);
    for (level, a_ends, s_ends, end) in [(false, 12, 13, 15), (true, 20, 13, 22)] {
        let f = milepost::forecast::run(
            &p,
            date("2026-01-12"),
            &Options {
                runs: 200,
                seed: 1,
                shape: Shape::Pert,
                level,
            },
        )
        .unwrap();
        let s = &f.deterministic;
        let day = |id: &str| s.entries.iter().find(|e| &*e.id == id).unwrap().times.early_finish;
        assert_eq!(
            (day("a"), day("s"), day("end")),
            (a_ends, s_ends, end),
            "leveled {level}"
        );
        assert_eq!(s.length, end, "leveled {level}");
        // PERT counts them as certain: its expected finish is the date.
        let pert = s.entries.iter().find(|e| &*e.id == "end").unwrap().pert.unwrap().finish;
        assert_eq!((pert.mean, pert.std_dev), (end as f64, 0.0), "leveled {level}");
        let delays: Vec<(&str, f64)> = s.entries.iter().map(|e| (&*e.id, e.risk_delay)).collect();
        assert_eq!(delays, [("end", 2.0), ("a", 2.0), ("s", 4.0)]);
        assert!(
            f.runs.ends.iter().all(|&e| e == end),
            "leveled {level}: {:?}",
            &f.runs.ends[..5]
        );
        // Its cost is in every run, beside the work's.
        assert!(f.runs.costs.iter().all(|&c| c == f.runs.costs[0]));
    }
}

/// Criticality: a path certainly longer is critical in every run, the
/// other in none; of two paths alike, each is on the driving chain in the
/// share of runs where it is at least as long as the other (both when they
/// tie), which the exact distributions give.
/// A milestone is an instant, shown on the day that ends at it once whole
/// days have passed since what holds it, and on the day that starts at it
/// when none have (its floor, an SS link from work, a link with no lag from
/// a milestone shown so); held at once by both, the later. The schedule
/// and every Monte Carlo run (certain estimates) show the same days, and a
/// deadline is met by a milestone shown at the end of a day exactly when
/// that day is not after it. By hand,
/// from Monday 2026-01-05: `g` works Mon 5 and Tue 6, `f` Wed 7 to Tue 13;
/// `kick` (nothing) on Mon 5, its floor; `pilot`, two weeks (FS) after it,
/// by the end of Fri 16 (was Mon 19 with the first version of this rule);
/// `k` (SS f) on Wed 7, and `n` (FS k) and `d` (SS n) with it (`n` was
/// Tue 6, before `k`); `q` (FF n +1d) by the end of Wed 7; `m0` (FS f) Tue
/// 13 and `m1` (SF m0 +1d) Wed 14 (was Thu 15); `two` (SS g +2d) by the end
/// of Tue 6 (was Wed 7), and `s1`, `s2` (FS g and FS two, in either order)
/// too; `t1`, `t2` (FS g and SS f, in either order: the same instant) on Wed
/// 7; `z`, done with no duration, on the day it finished, Mon 5 (was Tue
/// 6), and `y` (FS z) too.
#[test]
fn a_milestone_is_shown_on_the_day_it_falls_in_by_the_schedule_and_every_run() {
    let work = |days: u32, more: &str| {
        format!(
            "title = \"W\"\nowner = \"ann\"\nestimate = {{ low = \"{days}d\", likely = \"{days}d\", high = \"{days}d\" }}\n{more}"
        )
    };
    let g = work(2, "");
    let f = work(5, "depends-on = [\"g\"]\n");
    let z = "title = \"Z\"\nestimate = \"0d\"\nstatus = \"done\"\nfinished = 2026-01-05\n";
    let link = |on: &str, kind: &str, lag: &str| format!("{{ id = \"{on}\", type = \"{kind}\", lag = \"{lag}\" }}");
    let milestone =
        |links: &[String], more: &str| format!("title = \"M\"\ndepends-on = [{}]\n{more}", links.join(", "));
    let one = |on: &str, kind: &str, lag: &str| milestone(&[link(on, kind, lag)], "");
    let (fs_g, ss_f, fs_two) = (link("g", "FS", "0d"), link("f", "SS", "0d"), link("two", "FS", "0d"));
    let (_dir, p) = plan(&[
        ("features/g.toml", &g),
        ("features/f.toml", &f),
        ("features/z.toml", z),
        ("milestones/kick.toml", "title = \"Kick\"\n"),
        (
            "milestones/pilot.toml",
            &milestone(&[link("kick", "FS", "2w")], "deadline = 2026-01-16\n"),
        ),
        ("milestones/k.toml", &one("f", "SS", "0d")),
        ("milestones/n.toml", &one("k", "FS", "0d")),
        ("milestones/d.toml", &one("n", "SS", "0d")),
        ("milestones/q.toml", &one("n", "FF", "1d")),
        (
            "milestones/m0.toml",
            &milestone(&[link("f", "FS", "0d")], "deadline = 2026-01-12\n"),
        ),
        ("milestones/m1.toml", &one("m0", "SF", "1d")),
        ("milestones/two.toml", &one("g", "SS", "2d")),
        ("milestones/s1.toml", &milestone(&[fs_g.clone(), fs_two.clone()], "")),
        ("milestones/s2.toml", &milestone(&[fs_two, fs_g.clone()], "")),
        ("milestones/t1.toml", &milestone(&[fs_g.clone(), ss_f.clone()], "")),
        ("milestones/t2.toml", &milestone(&[ss_f, fs_g], "")),
        ("milestones/y.toml", &one("z", "FS", "0d")),
    ]);
    let expected = [
        ("d", "2026-01-07"),
        ("k", "2026-01-07"),
        ("kick", "2026-01-05"),
        ("m0", "2026-01-13"),
        ("m1", "2026-01-14"),
        ("n", "2026-01-07"),
        ("pilot", "2026-01-16"),
        ("q", "2026-01-07"),
        ("s1", "2026-01-06"),
        ("s2", "2026-01-06"),
        ("t1", "2026-01-07"),
        ("t2", "2026-01-07"),
        ("two", "2026-01-06"),
        ("y", "2026-01-05"),
    ];
    for level in [false, true] {
        let options = Options {
            runs: 50,
            seed: 3,
            shape: Shape::Pert,
            level,
        };
        let f = milepost::forecast::run(&p, date("2026-01-05"), &options).unwrap();
        let s = &f.deterministic;
        let entry = |id: &str| s.entries.iter().find(|e| &*e.id == id).unwrap();
        for (id, day) in expected {
            let e = entry(id);
            assert_eq!((e.start, e.finish), (date(day), date(day)), "{id}, leveled {level}");
            // Shown at the end of its day, a deadline is met exactly when
            // that day is not after it.
            if let (Some(deadline), Some(margin), false) = (e.deadline, e.deadline_margin, e.at_start_of_day) {
                assert_eq!(e.finish <= deadline, margin >= 0, "{id}, leveled {level}");
            }
        }
        assert_eq!(entry("pilot").deadline_margin, Some(0));
        assert_eq!(entry("m0").deadline_margin, Some(-1));
        assert_eq!(entry("z").finish, date("2026-01-05"));
        let m = f.milestones.len();
        assert_eq!(m, expected.len());
        for (j, mf) in f.milestones.iter().enumerate() {
            let days: Vec<Option<Date>> = (0..50).map(|r| f.date(f.runs.milestones[r * m + j])).collect();
            assert!(
                days.iter().all(|d| *d == Some(mf.deterministic)),
                "{}, leveled {level}: the schedule shows {}, the runs {days:?}",
                mf.id,
                mf.deterministic
            );
            let met = entry(&mf.id)
                .deadline_margin
                .map(|margin| if margin >= 0 { 1.0 } else { 0.0 });
            assert_eq!(mf.deadline_probability, met, "{}, leveled {level}", mf.id);
        }
    }
}

/// Work started with `remaining = "0d"` has nothing left in the schedule,
/// and in every run, leveled or not: a risk that may delay it (here never)
/// makes it vary from run to run, and runs gave it a day of work all the
/// same (found by review). By hand: started Monday 2026-01-05, as of
/// Wednesday 7, it finishes by the end of Tuesday 6, and so `end` is
/// reached; `g`, Ann's next, takes Wednesday 7 and Thursday 8.
#[test]
fn work_started_with_nothing_left_takes_no_day_in_any_run() {
    let a = "title = \"A\"\nmilestone = \"end\"\nowner = \"ann\"\nestimate = { low = \"3d\", likely = \"3d\", high = \"3d\" }\nstatus = \"in-progress\"\nstarted = 2026-01-05\nremaining = \"0d\"\n";
    let g = "title = \"G\"\nowner = \"ann\"\nestimate = { low = \"2d\", likely = \"2d\", high = \"2d\" }\n";
    let r = "title = \"R\"\nprobability = 0.0\nimpact = { days = 1 }\naffects = [\"a\"]\n";
    let (_dir, p) = plan(&[("features/a.toml", a), ("features/g.toml", g), ("risks/r.toml", r), END]);
    for level in [false, true] {
        let options = Options {
            runs: 40,
            seed: 1,
            shape: Shape::Pert,
            level,
        };
        let f = milepost::forecast::run(&p, date("2026-01-07"), &options).unwrap();
        assert_eq!(f.deterministic.finish, date("2026-01-08"), "leveled {level}");
        assert_eq!(f.milestones[0].deterministic, date("2026-01-06"), "leveled {level}");
        assert!(
            f.runs.ends.iter().all(|&e| f.date(e) == Some(date("2026-01-08"))),
            "leveled {level}: {:?}",
            f.runs.ends
        );
        assert_eq!(f.milestones[0].spread.p95.date, date("2026-01-06"), "leveled {level}");
    }
}

/// `explain` names the link that holds a milestone on the day it is shown
/// (of two that hold it at once, the SS link that puts it at the start of
/// Wednesday 4, not the FS link from work ending Tuesday 3), and says
/// whether what it waits for is reached at the start or at the end of its
/// day, so that a lag reads from there: two weeks after a kickoff reached
/// at the start of Monday 2 March is the end of Friday 13 March.
#[test]
fn explain_says_which_link_holds_a_milestone_and_from_when() {
    let dir = tempfile::tempdir().unwrap();
    let certain = |days: u32, more: &str| {
        format!("title = \"W\"\nestimate = {{ low = \"{days}d\", likely = \"{days}d\", high = \"{days}d\" }}\n{more}")
    };
    write_files(
        dir.path(),
        &[
            ("project.toml", "[project]\nname = \"R\"\nstart = 2026-03-02\n"),
            ("features/a.toml", &certain(2, "")),
            ("features/b.toml", &certain(3, "depends-on = [\"a\"]\n")),
            (
                "milestones/m.toml",
                "title = \"M\"\ndepends-on = [{ id = \"a\" }, { id = \"b\", type = \"SS\" }]\n",
            ),
            ("milestones/k.toml", "title = \"K\"\n"),
            (
                "milestones/p.toml",
                "title = \"P\"\ndepends-on = [{ id = \"k\", lag = \"2w\" }]\n",
            ),
        ],
    );
    let explain = |id: &str| {
        let out = run(milepost()
            .args(["explain", id, "--as-of", "2026-03-02", "--plan"])
            .arg(dir.path()));
        assert_eq!(out.code, 0, "{}", out.stderr);
        out.stdout
    };
    let m = explain("m");
    assert!(
        m.starts_with("`m` is reached on 2026-03-04;")
            && m.contains("because it waits for b (SS), which starts 2026-03-04\n"),
        "{m}"
    );
    let p = explain("p");
    assert!(
        p.starts_with("`p` is reached on 2026-03-13;")
            && p.contains("because it waits for k (FS +10d), which is reached at the start of 2026-03-02\n"),
        "{p}"
    );
}

#[test]
fn criticality_is_the_share_of_runs_on_the_driving_chain() {
    let long = feature(10.0, 10.0, 10.0, &[], "");
    let short = feature(3.0, 4.0, 5.0, &[], "");
    let (_dir, p) = plan(&[("features/long.toml", &long), ("features/short.toml", &short), END]);
    let f = forecast(&p, 2000, Shape::Pert, false);
    let crit = |f: &Forecast, id: &str| f.features.iter().find(|x| &*x.id == id).unwrap().criticality;
    assert_eq!((crit(&f, "long"), crit(&f, "short")), (1.0, 0.0));

    let (x, y) = ((3.0, 5.0, 9.0), (4.0, 5.0, 7.0));
    let fx = feature(x.0, x.1, x.2, &[], "");
    let fy = feature(y.0, y.1, y.2, &[], "");
    let (_dir, p) = plan(&[("features/x.toml", &fx), ("features/y.toml", &fy), END]);
    let n = 20_000;
    let f = forecast(&p, n, Shape::Pert, false);
    let (px, py) = (whole(Shape::Pert, x), whole(Shape::Pert, y));
    let cy = cumulative(&py);
    // P(X >= Y) = sum over k of P(X = k) P(Y <= k).
    let x_critical: f64 = px
        .iter()
        .enumerate()
        .map(|(k, q)| q * cy.get(k).copied().unwrap_or(1.0))
        .sum();
    let se = (x_critical * (1.0 - x_critical) / n as f64).sqrt();
    assert!(
        (crit(&f, "x") - x_critical).abs() < Z * se,
        "{} vs {x_critical}",
        crit(&f, "x")
    );
}

/// Leveled: one person owns two features that could run in parallel; each
/// run has her do one after the other, so the finish is their sum (her
/// capacity is whole, a day of work a day), where without leveling it is
/// the longer of the two.
#[test]
fn leveled_runs_put_one_persons_work_in_sequence() {
    let (x, y) = ((2.0, 4.0, 9.0), (1.0, 3.0, 6.0));
    let fx = feature(x.0, x.1, x.2, &[], "owner = \"ann\"\n");
    let fy = feature(y.0, y.1, y.2, &[], "owner = \"ann\"\n");
    let (_dir, p) = plan(&[("features/x.toml", &fx), ("features/y.toml", &fy), END]);
    let n = 10_000;
    let f = forecast(&p, n, Shape::Pert, true);
    assert!(f.leveled);
    let (mean, var, _) = moments(&convolve(&whole(Shape::Pert, x), &whole(Shape::Pert, y)));
    let (m, _) = sample_moments(&f.runs.ends);
    assert!((m - mean).abs() < Z * (var / n as f64).sqrt(), "{m} vs {mean}");
    let unleveled = forecast(&p, n, Shape::Pert, false);
    assert!(!unleveled.leveled);
    assert!(unleveled.project.p50.day < f.project.p50.day);
}

/// Started work samples what is left, scaled as the estimate's sample is
/// to its mean; done work is fixed.
#[test]
fn started_work_samples_what_is_left_and_done_work_is_fixed() {
    let done = "title = \"D\"\nmilestone = \"end\"\nestimate = { low = \"1d\", likely = \"2d\", high = \"9d\" }\nstatus = \"done\"\nstarted = 2026-01-05\nfinished = 2026-01-06\n";
    // Started on the 7th (day 2); as of the 12th (day 5) 4 days are left.
    let started = "title = \"S\"\nmilestone = \"end\"\nestimate = { low = \"4d\", likely = \"6d\", high = \"14d\" }\nstatus = \"in-progress\"\nstarted = 2026-01-07\nremaining = \"4d\"\ndepends-on = [\"d\"]\n";
    let (_dir, p) = plan(&[("features/d.toml", done), ("features/s.toml", started), END]);
    let n = 20_000;
    let f = milepost::forecast::run(
        &p,
        date("2026-01-12"),
        &Options {
            runs: n,
            seed: 3,
            shape: Shape::Triangular,
            level: false,
        },
    )
    .unwrap();
    // The left work is max(1, ceil(4 X / 7)): X triangular (4, 6, 14),
    // measured against the estimate's deterministic value, its PERT mean
    // (4 + 4 * 6 + 14) / 6 = 7, as the schedule has it. So
    // P(left = k) = P(7 (k - 1) / 4 < X <= 7 k / 4), k from 1 to 8.
    let est = (4.0, 6.0, 14.0);
    let at = |k: f64| cdf(Shape::Triangular, est, 7.0 * k / 4.0);
    let p_left: Vec<f64> = (0..=8)
        .map(|k| {
            let k = k as f64;
            if k == 0.0 { 0.0 } else { at(k) - at(k - 1.0) }
        })
        .collect();
    let (mean, var, _) = moments(&p_left);
    let left: Vec<i64> = f.runs.ends.iter().map(|e| e - 5).collect();
    let (m, _) = sample_moments(&left);
    assert!((m - mean).abs() < Z * (var / n as f64).sqrt(), "{m} vs {mean}");
    assert!(left.iter().all(|&l| (3..=8).contains(&l)));
    let d = f.features.iter().find(|x| &*x.id == "d").unwrap();
    assert_eq!(d.criticality, 0.0, "done work is never critical");
}

/// The same seed gives the same bytes, on one thread or three; another
/// seed gives other figures.
#[test]
fn seeds_reproduce_and_threads_do_not_change_the_output() {
    let args = |seed: &str, format: &str| {
        [
            "forecast",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-03-16",
            "--runs",
            "1500",
            "--seed",
            seed,
            "--format",
            format,
        ]
        .map(String::from)
    };
    for format in ["json", "csv", "table", "markdown"] {
        let one = run(milepost().args(args("7", format)).env("MILEPOST_THREADS", "1"));
        let three = run(milepost().args(args("7", format)).env("MILEPOST_THREADS", "3"));
        assert_eq!(one.code, 0, "{}", one.stderr);
        assert!(
            one.stdout == three.stdout,
            "{format}: output differs between 1 and 3 threads"
        );
    }
    let a = run(milepost().args(args("7", "csv")));
    let b = run(milepost().args(args("8", "csv")));
    assert_ne!(a.stdout, b.stdout);
    assert_eq!(a.stdout.lines().count(), 1501, "a header and a row per run");
}

#[test]
fn bad_arguments_and_invalid_plans_are_clear_errors() {
    for (flag, value, says) in [
        ("--runs", "0", "from 1 to 1000000"),
        ("--runs", "many", "from 1 to 1000000"),
        ("--runs", "2000000", "from 1 to 1000000"),
        ("--seed", "-1", "as the seed"),
        ("--seed", "x", "as the seed"),
    ] {
        let out = run(milepost().args(["forecast", "--plan", "examples/atlas/plan", &format!("{flag}={value}")]));
        assert_eq!(out.code, 2, "{flag} {value}");
        assert!(out.stderr.contains(says), "{flag} {value}: {}", out.stderr);
        assert!(out.stderr.contains(flag), "{}", out.stderr);
    }
    let out = run(milepost().args(["forecast", "--plan", "examples/invalid/three-files"]));
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error["), "{}", out.stderr);
}

/// The JSON reads back as documented: the schema's required fields are
/// there, shares are shares, percentiles in order.
#[test]
fn json_is_the_documented_document() {
    let out = run(milepost().args([
        "forecast",
        "--plan",
        "examples/atlas/plan",
        "--as-of",
        "2026-03-16",
        "--runs",
        "800",
        "--format",
        "json",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let doc: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&milepost::schema::json(milepost::schema::SchemaKind::Forecast)).unwrap();
    for key in schema["required"].as_array().unwrap() {
        assert!(doc.get(key.as_str().unwrap()).is_some(), "{key}");
    }
    assert_eq!(doc["runs"], 800);
    let p = &doc["project"];
    let day = |k: &str| p[k]["day"].as_i64().unwrap();
    assert!(day("earliest") <= day("p50") && day("p50") <= day("p80") && day("p80") <= day("p95"));
    assert!(day("p95") <= day("latest"));
    let bins = doc["distribution_of_finish"].as_array().unwrap();
    let runs: i64 = bins.iter().map(|b| b["runs"].as_i64().unwrap()).sum();
    assert_eq!(runs, 800);
    assert_eq!(bins.last().unwrap()["cumulative"], 1.0);
    for f in doc["features"].as_array().unwrap() {
        let c = f["criticality"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&c));
    }
}

#[test]
fn terminal_and_markdown_output() {
    let args = |format: &str| {
        [
            "forecast",
            "--plan",
            "examples/atlas/plan",
            "--as-of",
            "2026-03-16",
            "--runs",
            "2000",
            "--format",
            format,
        ]
        .map(String::from)
    };
    let table = run(milepost().args(args("table")));
    assert_eq!(table.code, 0, "{}", table.stderr);
    insta::assert_snapshot!("forecast-table", table.stdout);
    let md = run(milepost().args(args("markdown")));
    assert_eq!(md.code, 0, "{}", md.stderr);
    insta::assert_snapshot!("forecast-markdown", md.stdout);
}

/// A plan of a project alone, or of milestones alone, forecasts its start
/// in every run, in every format.
#[test]
fn a_plan_without_work_forecasts_its_start() {
    for files in [vec![], vec![END]] {
        let (dir, p) = plan(&files);
        let f = forecast(&p, 600, Shape::Pert, true);
        assert!(f.runs.ends.iter().all(|&e| f.date(e) == Some(date("2026-01-05"))));
        assert_eq!(f.project.p95.date, date("2026-01-05"));
        assert!(f.sensitivity.is_empty() && f.features.is_empty());
        for format in ["table", "json", "markdown", "csv"] {
            let out = run(milepost()
                .args([
                    "forecast",
                    "--as-of",
                    "2026-01-05",
                    "--runs",
                    "600",
                    "--format",
                    format,
                    "--plan",
                ])
                .arg(dir.path()));
            assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        }
    }
}

/// `run_with`, given the schedule the caller made (`report`'s and
/// `diff`'s, or a history's forecast of milestones and critical items),
/// gives the very forecast `run` makes scheduling the plan itself.
#[test]
fn a_forecast_from_a_schedule_already_made_is_the_one_run_makes() {
    let plan = crate::support::check_dir(std::path::Path::new("examples/atlas/plan"), "plan").unwrap();
    let as_of = date("2026-03-16");
    let json = |f: &Forecast| milepost::render::forecast::json::json(f, "plan", None, Some("EUR"));
    for level in [true, false] {
        let options = Options {
            runs: 400,
            seed: 9,
            shape: Shape::Pert,
            level,
        };
        let fresh = json(&milepost::forecast::run(&plan, as_of, &options).unwrap());
        let schedule = milepost::schedule::schedule_with(&plan, as_of, milepost::schedule::Options { level }).unwrap();
        let given = milepost::forecast::run_with(&plan, as_of, &options, schedule).unwrap();
        assert_eq!(json(&given), fresh, "level {level}");
        if level {
            let history = milepost::schedule::forecast(&plan, as_of).unwrap();
            let given = milepost::forecast::run_with(&plan, as_of, &options, history).unwrap();
            assert_eq!(json(&given), fresh, "from a history's forecast");
        }
    }
    // The runs are checked before anything is sampled.
    let schedule = milepost::schedule::schedule(&plan, as_of).unwrap();
    let zero = Options {
        runs: 0,
        ..Options::default()
    };
    assert!(milepost::forecast::run_with(&plan, as_of, &zero, schedule).is_err());
}

/// Work started takes a risk's days in whole days, leveled or not, and
/// the report counts none of them done. Ann's `g` (6 days, started Monday
/// 2026-01-05, no `remaining`) and `h` (6 days, started the same day,
/// 2.5 days `remaining`), each hit by 1.5 days of `r`; as of Wednesday
/// 2026-01-07 (day 2). By hand, `--no-level`: `g` has 6 - 2 = 4 days
/// left and 2 of the risk: day 2 + 6 = 8; `h` 3 whole days left and 2:
/// day 2 + 5 = 7. Leveled, Ann does one after the other (which first is
/// the order's business, not this test's), each taking those days of
/// hers, so the second ends on day 2 + 6 + 5 = 13; and every run of the
/// Monte Carlo (certain estimates) ends where the schedule does.
/// Progress: `g` 2 of 6 days done, `h` 3.5 of 6.
#[test]
fn work_started_takes_a_risk_in_whole_days() {
    let started = |more: &str| {
        format!(
            "title = \"F\"\nmilestone = \"end\"\nowner = \"ann\"\nestimate = {{ low = \"6d\", likely = \"6d\", high = \"6d\" }}\nstatus = \"in-progress\"\nstarted = 2026-01-05\n{more}"
        )
    };
    let (g, h) = (started(""), started("remaining = \"2.5d\"\n"));
    let r =
        "title = \"R\"\nprobability = 0.2\nstatus = \"occurred\"\nimpact = { days = 1.5 }\naffects = [\"g\", \"h\"]\n";
    let (dir, p) = plan(&[
        ("features/g.toml", &g),
        ("features/h.toml", &h),
        ("risks/r.toml", r),
        END,
    ]);
    for level in [false, true] {
        let f = milepost::forecast::run(
            &p,
            date("2026-01-07"),
            &Options {
                runs: 100,
                seed: 1,
                shape: Shape::Pert,
                level,
            },
        )
        .unwrap();
        let s = &f.deterministic;
        let e = |id: &str| s.entries.iter().find(|e| &*e.id == id).unwrap();
        assert_eq!((e("g").risk_delay, e("h").risk_delay), (2.0, 2.0));
        if level {
            let (first, last) = if e("g").times.early_finish < e("h").times.early_finish {
                ("g", "h")
            } else {
                ("h", "g")
            };
            let own = |id: &str| if id == "g" { 6 } else { 5 };
            assert_eq!(e(first).times.early_finish, 2 + own(first), "{first} first");
            assert_eq!(e(last).times.early_finish, 2 + own(first) + own(last), "{last} second");
            assert_eq!(s.length, 13);
        } else {
            assert_eq!((e("g").times.early_finish, e("h").times.early_finish), (8, 7));
        }
        assert!(
            f.runs.ends.iter().all(|&end| end == s.length),
            "leveled {level}: {:?}",
            &f.runs.ends[..5]
        );
    }
    let out = run(milepost()
        .args(["report", "--context", "--runs", "0", "--as-of", "2026-01-07", "--plan"])
        .arg(dir.path()));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let c: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let complete = |id: &str| {
        c["features"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap()["complete"]
            .as_f64()
            .unwrap()
    };
    assert!((complete("g") - 2.0 / 6.0).abs() < 1e-9, "{}", complete("g"));
    assert!((complete("h") - 3.5 / 6.0).abs() < 1e-9, "{}", complete("h"));
}

/// A risk on a milestone held by a finish-to-finish link, with a
/// start-to-start link out of it: its days come after what it waits for
/// and before what waits for it, in a run where it happens as in the
/// schedule once it has occurred. By hand: `w` days 0..3, `x` 3..7, `gate`
/// (FF on `x`) reached at 7 and its 2 days to 9, `after` (SS on `gate`)
/// 9..10.
#[test]
fn a_milestone_s_risk_days_come_after_what_it_waits_for_whatever_the_links() {
    let certain = |days: u32, more: &str| {
        format!(
            "title = \"F\"\nmilestone = \"end\"\nestimate = {{ low = \"{days}d\", likely = \"{days}d\", high = \"{days}d\" }}\n{more}"
        )
    };
    let w = certain(3, "");
    let x = certain(4, "depends-on = [\"w\"]\n");
    let after = certain(1, "depends-on = [{ id = \"gate\", type = \"SS\" }]\n");
    let gate = "title = \"Gate\"\ndepends-on = [{ id = \"x\", type = \"FF\" }]\n";
    for status in ["open", "occurred"] {
        let r = format!(
            "title = \"R\"\nprobability = 1.0\nstatus = \"{status}\"\nimpact = {{ days = 2 }}\naffects = [\"gate\"]\n"
        );
        let (_dir, p) = plan(&[
            ("features/w.toml", &w),
            ("features/x.toml", &x),
            ("features/after.toml", &after),
            ("milestones/gate.toml", gate),
            ("risks/r.toml", &r),
            END,
        ]);
        let f = forecast(&p, 50, Shape::Pert, false);
        assert!(
            f.runs.ends.iter().all(|&e| e == 10),
            "{status}: {:?}",
            &f.runs.ends[..5]
        );
        let gate_day = f.milestones.iter().find(|m| &*m.id == "gate").unwrap().spread.p50.day;
        assert_eq!(gate_day, 9, "{status}");
        if status == "occurred" {
            assert_eq!(f.deterministic.length, 10);
        }
    }
}
