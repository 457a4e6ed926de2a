//! `plan/risks/<id>.toml`: something that may go wrong, and what it would cost.

use schemars::JsonSchema;
use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::decode::{Cx, FromToml, TableReader, string_enum};
use crate::model::date::Date;
use crate::model::number::{Amount, DelayDays, Fraction};
use crate::span::Sp;

string_enum! {
    /// Where a risk is in its life.
    pub enum RiskStatus : "risk status" {
        /// Identified, nothing done yet (the default).
        Open = "open",
        /// Mitigation under way.
        Mitigating = "mitigating",
        /// Consciously accepted without mitigation.
        Accepted = "accepted",
        /// It happened: now an issue to manage.
        Occurred = "occurred",
        /// No longer a risk.
        Closed = "closed",
    }
}

/// The whole of a risk file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "milepost risk")]
pub struct RiskFile {
    /// What might happen.
    pub title: Sp<String>,
    /// Cause, trigger, consequences.
    pub description: Option<Sp<String>>,
    /// Chance it happens, from 0 to 1.
    // Required (the schema says so): `None` only in a plan with that error
    // (E0103), kept so that the risk's other problems are reported at
    // once; nothing is scheduled or forecast from such a plan.
    #[schemars(with = "Sp<Fraction>")]
    pub probability: Option<Sp<Fraction>>,
    /// What it would cost if it happened.
    pub impact: Option<Sp<Impact>>,
    /// Id of the person who watches the risk.
    pub owner: Option<Sp<String>>,
    /// `open` (default), `mitigating`, `accepted`, `occurred` or `closed`.
    pub status: Option<Sp<RiskStatus>>,
    /// What is being done to make it less likely or less costly.
    pub mitigation: Option<Sp<String>>,
    /// Ids of the features and milestones it would hit.
    #[serde(default)]
    pub affects: Vec<Sp<String>>,
    /// The day by which the risk should be looked at again.
    pub review_by: Option<Sp<Date>>,
}

/// `impact = { days = 10, cost = 20000 }`: delay in working days and/or cost.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Impact {
    /// Working days of delay, at most 10,000.
    pub days: Option<Sp<DelayDays>>,
    /// Extra cost, in the project currency.
    pub cost: Option<Sp<Amount>>,
}

impl RiskFile {
    pub fn decode(root: &Spanned<DeTable<'_>>, cx: &mut Cx) -> Option<RiskFile> {
        let mut t = TableReader::root(root, "a risk");
        let title = t.req("title", cx);
        let description = t.opt("description", cx);
        let probability = t.req("probability", cx);
        let impact = t.opt("impact", cx);
        let owner = t.opt("owner", cx);
        let status = t.opt("status", cx);
        let mitigation = t.opt("mitigation", cx);
        let affects = t.list("affects", cx);
        let review_by = t.opt("review-by", cx);
        t.finish(cx);
        Some(RiskFile {
            // Missing, they are reported, and the risk kept (with no title,
            // no probability) so that its other problems are reported at
            // once too.
            title: title.unwrap_or_else(|| Sp::new(String::new(), 0..0)),
            description,
            probability,
            impact,
            owner,
            status,
            mitigation,
            affects,
            review_by,
        })
    }
}

impl FromToml for Impact {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "`impact`", cx)?;
        let impact = Impact {
            days: t.opt("days", cx),
            cost: t.opt("cost", cx),
        };
        t.finish(cx);
        Some(impact)
    }
}
