//! `depends-on` entries of features and milestones.

use schemars::JsonSchema;
use serde::Serialize;
use toml::Spanned;
use toml::de::DeValue;

use crate::decode::{Cx, FromToml, TableReader, string_enum};
use crate::model::duration::Duration;
use crate::span::Sp;

string_enum! {
    /// How a dependency links two items (the four precedence types of the
    /// critical path method).
    pub enum DependencyType : "dependency type" {
        /// Finish-to-start: this item starts after the other finishes (the default).
        FinishToStart = "FS",
        /// Start-to-start: this item starts after the other starts.
        StartToStart = "SS",
        /// Finish-to-finish: this item finishes after the other finishes.
        FinishToFinish = "FF",
        /// Start-to-finish: this item finishes after the other starts.
        StartToFinish = "SF",
    }
}

/// A dependency with a type or a lag: `{ id = "auth-db", type = "SS", lag = "2d" }`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DependencyTable {
    /// The feature or milestone depended on.
    pub id: Sp<String>,
    /// `FS` (default), `SS`, `FF` or `SF`.
    #[serde(rename = "type")]
    pub kind: Option<Sp<DependencyType>>,
    /// Working days (or weeks) to wait after the link is satisfied; negative
    /// for a lead (`"-2d"`).
    pub lag: Option<Sp<Duration>>,
}

/// One entry of `depends-on`: an id (`"auth-db"`, finish-to-start, no lag) or
/// a table with a type and a lag.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Dependency {
    Id(Sp<String>),
    Table(DependencyTable),
}

impl Dependency {
    pub fn id(&self) -> &Sp<String> {
        match self {
            Dependency::Id(id) => id,
            Dependency::Table(t) => &t.id,
        }
    }

    pub fn kind(&self) -> DependencyType {
        match self {
            Dependency::Table(DependencyTable { kind: Some(k), .. }) => k.value,
            _ => DependencyType::FinishToStart,
        }
    }

    pub fn lag(&self) -> Option<&Sp<Duration>> {
        match self {
            Dependency::Table(t) => t.lag.as_ref(),
            Dependency::Id(_) => None,
        }
    }
}

impl FromToml for Dependency {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::String(_) => Sp::<String>::from_toml(value, key, cx).map(Dependency::Id),
            DeValue::Table(_) => {
                let mut t = TableReader::nested(value, key, "a dependency", cx)?;
                let id = t.req("id", cx);
                let kind = t.opt("type", cx);
                let lag = t.opt("lag", cx);
                t.finish(cx);
                Some(Dependency::Table(DependencyTable { id: id?, kind, lag }))
            }
            _ => {
                cx.wrong_type(key, value, "an id or a table { id, type, lag }");
                None
            }
        }
    }
}
