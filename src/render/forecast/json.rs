//! `milepost forecast --format json`: the document, its JSON Schema
//! (`milepost schema forecast`), documented in docs/json.md.

use schemars::JsonSchema;
use serde::Serialize;

use crate::forecast::{Forecast, Point, Shape, Spread};
use crate::model::Date;
use crate::source::Revision;

/// What `milepost forecast --format json` writes.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "milepost forecast")]
pub struct ForecastJson<'a> {
    /// The version of this document's shape: 1.
    pub version: u32,
    /// The plan directory, as given.
    pub plan: &'a str,
    /// The revision the plan was read at, with `--rev`.
    pub revision: Option<&'a Revision>,
    pub as_of: Date,
    pub runs: usize,
    pub seed: u64,
    /// How three-point estimates were sampled: `pert` or `triangular`.
    pub distribution: &'static str,
    /// The spread a single-point estimate gets, as multiples of it (most
    /// likely: as written).
    pub single_point: SinglePoint,
    /// Whether each run was leveled (people own work, and `--no-level`
    /// was not given).
    pub leveled: bool,
    /// The project's finish.
    pub project: Finish,
    /// In plan order.
    pub milestones: Vec<MilestoneJson<'a>>,
    /// Live features, in plan order.
    pub features: Vec<FeatureJson<'a>>,
    /// What moves the project's P80 most, most first.
    pub sensitivity: Vec<SwingJson<'a>>,
    /// `null` when nothing in the plan has a cost.
    pub cost: Option<CostJson<'a>>,
    /// The project's finish, working day by working day from the earliest
    /// run's to the latest.
    pub distribution_of_finish: Vec<BinJson>,
}

/// Multiples of a single-point estimate.
#[derive(Serialize, JsonSchema)]
pub struct SinglePoint {
    pub low: f64,
    pub high: f64,
}

/// A finish: the date of its last working day, and its working day
/// (exclusive, counted from the project's start as day 0).
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Point")]
pub struct PointJson {
    pub date: Date,
    pub day: i64,
}

impl PointJson {
    fn of(p: Point) -> PointJson {
        PointJson {
            date: p.date,
            day: p.day,
        }
    }
}

/// A finish over the runs, beside the deterministic forecast.
#[derive(Serialize, JsonSchema)]
pub struct Finish {
    /// The deterministic forecast (`milepost schedule`).
    pub deterministic: Date,
    pub p50: PointJson,
    pub p80: PointJson,
    pub p95: PointJson,
    /// The mean finish, in working days from day 0 (exclusive).
    pub mean_days: f64,
    pub earliest: PointJson,
    pub latest: PointJson,
}

impl Finish {
    fn of(deterministic: Date, s: &Spread) -> Finish {
        Finish {
            deterministic,
            p50: PointJson::of(s.p50),
            p80: PointJson::of(s.p80),
            p95: PointJson::of(s.p95),
            mean_days: s.mean_days,
            earliest: PointJson::of(s.earliest),
            latest: PointJson::of(s.latest),
        }
    }
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Milestone")]
pub struct MilestoneJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub finish: Finish,
    pub deadline: Option<Date>,
    /// The share of runs that reach it by its deadline.
    pub deadline_probability: Option<f64>,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Feature")]
pub struct FeatureJson<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// The share of runs in which it is on the driving chain to the
    /// project's end.
    pub criticality: f64,
    /// Whether the deterministic schedule has it critical.
    pub critical: bool,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Swing")]
pub struct SwingJson<'a> {
    /// `feature` (its estimate) or `risk`.
    pub kind: &'static str,
    pub id: &'a str,
    pub title: &'a str,
    /// The project's P80 over the runs where the estimate is in its low
    /// third (a risk: does not happen).
    pub p80_low: PointJson,
    /// Over the runs where it is in its high third (a risk: happens).
    pub p80_high: PointJson,
    /// `p80_high.day - p80_low.day`, working days.
    pub swing_days: i64,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Cost")]
pub struct CostJson<'a> {
    /// The project's currency, when set.
    pub currency: Option<&'a str>,
    /// The plan's cost at its estimates, without risks.
    pub deterministic: f64,
    pub mean: f64,
    pub p50: f64,
    pub p80: f64,
    pub p95: f64,
}

#[derive(Serialize, JsonSchema)]
#[schemars(rename = "Bin")]
pub struct BinJson {
    pub date: Date,
    pub day: i64,
    /// Runs that finish that day.
    pub runs: usize,
    /// The share of runs that finish that day or before.
    pub cumulative: f64,
}

/// The name of a distribution, as `--distribution` takes it.
pub fn shape_name(s: Shape) -> &'static str {
    match s {
        Shape::Pert => "pert",
        Shape::Triangular => "triangular",
    }
}

/// The JSON document of `f`.
pub fn json(f: &Forecast, plan: &str, revision: Option<&Revision>, currency: Option<&str>) -> String {
    let doc = ForecastJson {
        version: 1,
        plan,
        revision,
        as_of: f.as_of,
        runs: f.options.runs,
        seed: f.options.seed,
        distribution: shape_name(f.options.shape),
        single_point: SinglePoint {
            low: crate::forecast::SINGLE_POINT.0,
            high: crate::forecast::SINGLE_POINT.1,
        },
        leveled: f.leveled,
        project: Finish::of(f.deterministic.finish, &f.project),
        milestones: f
            .milestones
            .iter()
            .map(|m| MilestoneJson {
                id: &m.id,
                title: &m.title,
                finish: Finish::of(m.deterministic, &m.spread),
                deadline: m.deadline,
                deadline_probability: m.deadline_probability,
            })
            .collect(),
        features: f
            .features
            .iter()
            .map(|x| FeatureJson {
                id: &x.id,
                title: &x.title,
                criticality: x.criticality,
                critical: x.critical,
            })
            .collect(),
        sensitivity: f
            .sensitivity
            .iter()
            .map(|s| SwingJson {
                kind: s.kind.as_str(),
                id: &s.id,
                title: &s.title,
                p80_low: PointJson::of(s.low),
                p80_high: PointJson::of(s.high),
                swing_days: s.swing_days,
            })
            .collect(),
        cost: f.cost.map(|c| CostJson {
            currency,
            deterministic: c.deterministic,
            mean: c.mean,
            p50: c.p50,
            p80: c.p80,
            p95: c.p95,
        }),
        distribution_of_finish: f
            .distribution
            .iter()
            .map(|b| BinJson {
                date: b.finish.date,
                day: b.finish.day,
                runs: b.runs,
                cumulative: b.cumulative,
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
