//! `plan/features/<id>.toml`: one piece of work.

use schemars::JsonSchema;
use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::decode::{Cx, FromToml, TableReader, string_enum};
use crate::model::date::Date;
use crate::model::dependency::Dependency;
use crate::model::duration::{Duration, Estimate};
use crate::model::number::{Amount, Fraction, Rank};
use crate::span::Sp;

string_enum! {
    /// Where a feature is in its life.
    pub enum Status : "status" {
        /// An idea, not yet committed to. Scheduled, but not warned about.
        Proposed = "proposed",
        /// Committed to and waiting to start (the default).
        Planned = "planned",
        /// Being worked on: needs `started`.
        InProgress = "in-progress",
        /// Cannot go on until something outside the plan is resolved.
        Blocked = "blocked",
        /// Finished: needs `finished`.
        Done = "done",
        /// Dropped from the plan; kept for the record, never scheduled.
        Cut = "cut",
    }
}

string_enum! {
    /// MoSCoW priority.
    pub enum Priority : "priority" {
        Must = "must",
        Should = "should",
        Could = "could",
        Wont = "wont",
    }
}

string_enum! {
    /// What sort of work a feature is.
    pub enum Kind : "kind" {
        Feature = "feature",
        TechDebt = "tech-debt",
        Bug = "bug",
        Chore = "chore",
    }
}

/// The whole of a feature file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "milepost feature")]
pub struct FeatureFile {
    /// One line saying what the feature is.
    pub title: Sp<std::sync::Arc<str>>,
    /// Longer text: scope, acceptance criteria, links to specs.
    pub description: Option<Sp<String>>,
    /// Id of the milestone this feature ships in.
    pub milestone: Option<Sp<String>>,
    /// Id of the person (from `project.toml`) who owns the work.
    pub owner: Option<Sp<String>>,
    /// `proposed`, `planned` (default), `in-progress`, `blocked`, `done` or `cut`.
    pub status: Option<Sp<Status>>,
    /// `feature` (default), `tech-debt`, `bug` or `chore`.
    pub kind: Option<Sp<Kind>>,
    /// MoSCoW: `must`, `should`, `could` or `wont`.
    pub priority: Option<Sp<Priority>>,
    /// Pins the order its owner works in: rank 1 first. Ranked work goes
    /// before unranked work of the same person.
    pub rank: Option<Sp<Rank>>,
    /// Work in working days or weeks: `"5d"`, or `{ low, likely, high }`.
    pub estimate: Option<Sp<Estimate>>,
    /// For work in progress: what is left as of the status date.
    pub remaining: Option<Sp<Duration>>,
    /// Features or milestones this one waits for.
    #[serde(default)]
    pub depends_on: Vec<Sp<Dependency>>,
    /// Do not start before this day (an external date, a hire, a contract).
    pub not_before: Option<Sp<Date>>,
    /// The day work actually started.
    pub started: Option<Sp<Date>>,
    /// The day work actually finished (inclusive: the last day of work).
    pub finished: Option<Sp<Date>>,
    /// Scores for RICE prioritisation (effort comes from the estimate).
    pub value: Option<Sp<Value>>,
    /// Free-form labels.
    #[serde(default)]
    pub tags: Vec<Sp<String>>,
    /// URLs: issues, specs, designs.
    #[serde(default)]
    pub links: Vec<Sp<String>>,
}

/// RICE inputs: score = reach × impact × confidence / effort.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Value {
    /// How many people or events it affects per period (e.g. users per quarter).
    pub reach: Option<Sp<Amount>>,
    /// How much it matters to each: 3 massive, 2 high, 1 medium, 0.5 low, 0.25 minimal.
    pub impact: Option<Sp<Amount>>,
    /// How sure you are of reach and impact, from 0 to 1.
    pub confidence: Option<Sp<Fraction>>,
}

impl FeatureFile {
    pub fn decode(root: &Spanned<DeTable<'_>>, cx: &mut Cx) -> Option<FeatureFile> {
        let mut t = TableReader::root(root, "a feature");
        let title = t.req("title", cx);
        let feature = FeatureFile {
            title: Sp::new("".into(), 0..0),
            description: t.opt("description", cx),
            milestone: t.opt("milestone", cx),
            owner: t.opt("owner", cx),
            status: t.opt("status", cx),
            kind: t.opt("kind", cx),
            priority: t.opt("priority", cx),
            rank: t.opt("rank", cx),
            estimate: t.opt("estimate", cx),
            remaining: t.opt("remaining", cx),
            depends_on: t.list("depends-on", cx),
            not_before: t.opt("not-before", cx),
            started: t.opt("started", cx),
            finished: t.opt("finished", cx),
            value: t.opt("value", cx),
            tags: t.list("tags", cx),
            links: t.list("links", cx),
        };
        t.finish(cx);
        // Missing, the title is reported, and the feature kept with none
        // (`feature.title`) so that its other problems are reported at once
        // too.
        Some(match title {
            Some(title) => FeatureFile { title, ..feature },
            None => feature,
        })
    }

    /// The status, `planned` when not given.
    pub fn status(&self) -> Status {
        self.status.as_ref().map_or(Status::Planned, |s| s.value)
    }
}

impl FromToml for Value {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "`value`", cx)?;
        let v = Value {
            reach: t.opt("reach", cx),
            impact: t.opt("impact", cx),
            confidence: t.opt("confidence", cx),
        };
        t.finish(cx);
        Some(v)
    }
}
