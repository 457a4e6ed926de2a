//! `plan/milestones/<id>.toml`: a point the team works towards.

use schemars::JsonSchema;
use serde::Serialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::decode::{Cx, TableReader};
use crate::model::date::Date;
use crate::model::dependency::Dependency;
use crate::span::Sp;

/// The whole of a milestone file. A milestone is reached when all its
/// features and everything in its `depends-on` are finished.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "milepost milestone")]
pub struct MilestoneFile {
    /// Name of the milestone ("Public beta").
    pub title: Sp<std::sync::Arc<str>>,
    /// What "reached" means: the exit criteria.
    pub description: Option<Sp<String>>,
    /// The committed date. The schedule reports how far the forecast is from it.
    pub deadline: Option<Sp<Date>>,
    /// Other milestones or features that must finish first.
    #[serde(default)]
    pub depends_on: Vec<Sp<Dependency>>,
    /// Id of the person accountable for the milestone.
    pub owner: Option<Sp<String>>,
}

impl MilestoneFile {
    pub fn decode(root: &Spanned<DeTable<'_>>, cx: &mut Cx) -> Option<MilestoneFile> {
        let mut t = TableReader::root(root, "a milestone");
        let title = t.req("title", cx);
        let description = t.opt("description", cx);
        let deadline = t.opt("deadline", cx);
        let depends_on = t.list("depends-on", cx);
        let owner = t.opt("owner", cx);
        t.finish(cx);
        Some(MilestoneFile {
            // Missing, it is reported, and the milestone kept with no title
            // so that its other problems are reported at once too.
            title: title.unwrap_or_else(|| Sp::new("".into(), 0..0)),
            description,
            deadline,
            depends_on,
            owner,
        })
    }
}
