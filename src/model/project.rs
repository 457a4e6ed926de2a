//! `plan/project.toml`: the project, its calendar, people and budget.

use schemars::JsonSchema;
use serde::Serialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::decode::{Cx, FromToml, TableReader, span_of, string_enum};
use crate::diagnostic::Code;
use crate::model::date::Date;
use crate::model::number::{Amount, Fraction};
use crate::span::{Sp, Span};

/// The whole of `project.toml`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "milepost project.toml")]
pub struct ProjectFile {
    /// Name, start date and currency.
    pub project: Sp<ProjectInfo>,
    /// Money the project may spend.
    pub budget: Option<Sp<Budget>>,
    /// Who holds the project's key roles (ids from `[[people]]`).
    pub roles: Option<Sp<Roles>>,
    /// People outside the team with an interest in the project.
    #[serde(default)]
    pub stakeholders: Vec<Sp<Stakeholder>>,
    /// Working days and holidays. Without it: Monday to Friday, no holidays.
    pub calendar: Option<Sp<Calendar>>,
    /// The people who do the work.
    #[serde(default)]
    pub people: Vec<Sp<Person>>,
    /// What of the file could be read; not part of the format.
    #[serde(skip)]
    #[schemars(skip)]
    pub read: Read,
}

/// What of a `project.toml` could be read ([`ProjectFile::read`]): a
/// mistake in one part of the file does not hide the problems of the others.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Read {
    /// `[project]` could not be read (its `name` or `start` missing or
    /// wrong): the file's `project` holds what could be, and no start that
    /// anything may read. Such a file is not the plan's project
    /// (`Plan::project` is `None`); validation still checks the rest of it
    /// (`Plan::unread_project`).
    pub info_missing: bool,
    /// Of `[project]`, its `start` could not be read: with only its name
    /// missing, the rules about dates (a deadline before the start, work on
    /// a day off) still read the start and the calendar.
    pub start_missing: bool,
    /// An entry of `[[people]]` could not be read (and is left out), or the
    /// file has a key the format does not know (the people misspelled,
    /// `[[person]]`?), so references to people cannot be checked without
    /// reporting each again as unknown.
    pub people_missing: bool,
}

/// `[project]`
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ProjectInfo {
    /// The project's name, as shown in reports.
    pub name: Sp<String>,
    /// What the project is for, in a sentence or two.
    pub description: Option<Sp<String>>,
    /// The first working day of the project. Nothing is scheduled before it.
    pub start: Sp<Date>,
    /// ISO 4217 code used for day rates, costs and the budget (e.g. `EUR`).
    pub currency: Option<Sp<String>>,
}

/// `[budget]`
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Budget {
    /// Total budget, in the project currency.
    pub total: Sp<Amount>,
    /// Part of the total held back for risks, in the project currency.
    pub contingency: Option<Sp<Amount>>,
}

/// `[roles]`: ids of people from `[[people]]`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Roles {
    /// Accountable for the project: dates, budget, risks.
    pub owner: Option<Sp<String>>,
    /// Accountable for the technical plan: dependencies, critical path.
    pub tech_lead: Option<Sp<String>>,
    /// Accountable for what ships: priorities and value.
    pub product: Option<Sp<String>>,
}

/// `[[stakeholders]]`
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Stakeholder {
    pub name: Sp<String>,
    /// Their role or organisation ("VP Sales", "Security team").
    pub role: Option<Sp<String>>,
    /// What they care about in this project.
    pub interest: Option<Sp<String>>,
}

string_enum! {
    /// A day of the week.
    pub enum Weekday : "weekday" {
        Monday = "mon",
        Tuesday = "tue",
        Wednesday = "wed",
        Thursday = "thu",
        Friday = "fri",
        Saturday = "sat",
        Sunday = "sun",
    }
}

impl Weekday {
    pub fn of(date: Date) -> Weekday {
        use jiff::civil::Weekday as W;
        match date.0.weekday() {
            W::Monday => Weekday::Monday,
            W::Tuesday => Weekday::Tuesday,
            W::Wednesday => Weekday::Wednesday,
            W::Thursday => Weekday::Thursday,
            W::Friday => Weekday::Friday,
            W::Saturday => Weekday::Saturday,
            W::Sunday => Weekday::Sunday,
        }
    }
}

/// `[calendar]`
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Calendar {
    /// Working weekdays. Default: `["mon", "tue", "wed", "thu", "fri"]`.
    pub workdays: Option<Sp<Vec<Sp<Weekday>>>>,
    /// Days nobody works: single days or ranges.
    #[serde(default)]
    pub holidays: Vec<Sp<Holiday>>,
    /// `workdays` was written but a day of it could not be read (`"satt"`):
    /// the week is not known, and no rule reads it (`model::project::week`). Not part of
    /// the format.
    #[serde(skip)]
    #[schemars(skip)]
    pub week_unread: bool,
}

/// A day or a range of days off: `2026-12-25`, `{ date = 2026-12-25, name =
/// "Christmas" }` or `{ from = 2026-12-24, to = 2026-12-31, name = "Winter break" }`.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Holiday {
    Date(Date),
    Day(HolidayDay),
    Range(DateRange),
}

/// A single named day off.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct HolidayDay {
    pub date: Sp<Date>,
    pub name: Option<Sp<String>>,
}

/// An inclusive range of days (`from` and `to` are both days off).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DateRange {
    pub from: Sp<Date>,
    pub to: Sp<Date>,
    /// For holidays: its name. For time off: the reason, if you want to record it.
    pub name: Option<Sp<String>>,
}

impl Holiday {
    /// Its name, when it has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Holiday::Date(_) => None,
            Holiday::Day(d) => d.name.as_ref().map(|n| n.value.as_str()),
            Holiday::Range(r) => r.name.as_ref().map(|n| n.value.as_str()),
        }
    }

    /// First and last day off.
    pub fn bounds(&self) -> (Date, Date) {
        match self {
            Holiday::Date(d) => (*d, *d),
            Holiday::Day(h) => (h.date.value, h.date.value),
            Holiday::Range(r) => (r.from.value, r.to.value),
        }
    }
}

/// `[[people]]`
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Person {
    /// Short id used by `owner` fields (`alice`).
    pub id: Sp<String>,
    /// Full name.
    pub name: Sp<String>,
    /// Job title or role on the team.
    pub role: Option<Sp<String>>,
    /// Share of their working time available to this project, from 0 to 1. Default 1.
    pub capacity: Option<Sp<Fraction>>,
    /// The weekdays they work, when not every working day of the project
    /// (e.g. `["mon", "tue", "wed", "thu"]`). Default: the project's.
    pub workdays: Option<Sp<Vec<Sp<Weekday>>>>,
    /// Cost of one working day, in the project currency.
    pub day_rate: Option<Sp<Amount>>,
    /// Vacations and other absences (inclusive ranges).
    #[serde(default)]
    pub time_off: Vec<Sp<DateRange>>,
    /// As [`Calendar::week_unread`], for their `workdays`. Not part of the
    /// format.
    #[serde(skip)]
    #[schemars(skip)]
    pub week_unread: bool,
}

impl ProjectFile {
    /// The person `id` of `[[people]]`.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().map(|p| &p.value).find(|p| p.id.value == id)
    }

    /// Decodes the file, its problems into `cx`. Each part is read on its
    /// own: with `[project]` missing or wrong, the rest is still read (and
    /// [`Read::info_missing`] says so), so that every problem of the file
    /// is reported at once. `None` only when the file is not a table.
    pub fn decode(root: &Spanned<DeTable<'_>>, cx: &mut Cx) -> Option<ProjectFile> {
        let mut t = TableReader::root(root, "project.toml");
        let raw = t.raw("project");
        let project = match raw {
            Some(value) => ProjectInfo::partial(value, cx),
            None => {
                cx.error(
                    Code::MissingField,
                    Span::new(0, 0),
                    "project.toml is missing its `[project]` table".to_string(),
                    "`[project]` is required",
                    Some("add `[project]` with the project's `name` and `start` (e.g. `start = 2026-03-02`); see `milepost help format`".into()),
                );
                None
            }
        };
        let budget = t.opt("budget", cx);
        let roles = t.opt("roles", cx);
        let stakeholders = t.list("stakeholders", cx);
        let calendar = t.opt("calendar", cx);
        let people: Vec<Sp<Person>> = t.list("people", cx);
        // Each entry written was read (none, when there is no `people`),
        // and no key the format does not know could be the people
        // misspelled (`[[person]]`).
        let all_known = t.finish(cx);
        let people_missing = !all_known
            || match root.get_ref().get("people").map(Spanned::get_ref) {
                None => false,
                Some(DeValue::Array(written)) => written.len() != people.len(),
                Some(_) => true,
            };
        let (info, info_missing, start_missing) = match project {
            Some((info, complete, start_read)) => (info, !complete, !start_read),
            None => (
                ProjectInfo::unread(raw.map_or(Span::new(0, 0), |v| span_of(v.span()))),
                true,
                true,
            ),
        };
        Some(ProjectFile {
            project: info,
            budget,
            roles,
            stakeholders,
            calendar,
            read: Read {
                info_missing,
                start_missing,
                people_missing,
            },
            people,
        })
    }
}

impl Person {
    /// Whether `date` falls on a day of their week (any day, without
    /// `workdays`: the project's calendar says the rest).
    pub fn works_on(&self, date: Date) -> bool {
        let day = Weekday::of(date);
        self.workdays
            .as_ref()
            .is_none_or(|w| w.value.iter().any(|d| d.value == day))
    }

    /// Their time off that meets the days from `from` to `to` (both
    /// included), in the order written.
    pub fn time_off_within(&self, from: Date, to: Date) -> impl Iterator<Item = &DateRange> {
        self.time_off
            .iter()
            .map(|r| &r.value)
            .filter(move |r| r.from.value <= to && from <= r.to.value)
    }
}

impl ProjectInfo {
    /// `[project]` as far as it can be read, whether all of it could (its
    /// name and start), and whether its start could: `None` when it is not
    /// a table. What is missing is reported, and stands in as
    /// [`ProjectInfo::unread`] has it.
    fn partial(value: &Spanned<DeValue<'_>>, cx: &mut Cx) -> Option<(Sp<ProjectInfo>, bool, bool)> {
        let mut t = TableReader::nested(value, "project", "[project]", cx)?;
        let name = t.req("name", cx);
        let description = t.opt("description", cx);
        let start = t.req("start", cx);
        let currency = t.opt("currency", cx);
        t.finish(cx);
        let here = span_of(value.span());
        let (complete, start_read) = (name.is_some() && start.is_some(), start.is_some());
        let stand_in = ProjectInfo::unread(here).value;
        let info = ProjectInfo {
            name: name.unwrap_or(stand_in.name),
            description,
            start: start.unwrap_or(stand_in.start),
            currency,
        };
        Some((Sp::new(info, here), complete, start_read))
    }

    /// What stands for a `[project]` that could not be read, at `span`:
    /// no name, and a start nothing may read ([`Read::info_missing`]).
    fn unread(span: Span) -> Sp<ProjectInfo> {
        let info = ProjectInfo {
            name: Sp::new(String::new(), span),
            description: None,
            start: Sp::new(Date(jiff::civil::Date::constant(2000, 1, 3)), span),
            currency: None,
        };
        Sp::new(info, span)
    }
}

impl FromToml for Budget {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "[budget]", cx)?;
        let total = t.req("total", cx);
        let contingency = t.opt("contingency", cx);
        t.finish(cx);
        Some(Budget {
            total: total?,
            contingency,
        })
    }
}

impl FromToml for Roles {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "[roles]", cx)?;
        let roles = Roles {
            owner: t.opt("owner", cx),
            tech_lead: t.opt("tech-lead", cx),
            product: t.opt("product", cx),
        };
        t.finish(cx);
        Some(roles)
    }
}

impl FromToml for Stakeholder {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "a stakeholder", cx)?;
        let name = t.req("name", cx);
        let role = t.opt("role", cx);
        let interest = t.opt("interest", cx);
        t.finish(cx);
        Some(Stakeholder {
            name: name?,
            role,
            interest,
        })
    }
}

impl FromToml for Calendar {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "[calendar]", cx)?;
        let (workdays, week_unread) = week(&mut t, cx);
        let calendar = Calendar {
            workdays,
            holidays: t.list("holidays", cx),
            week_unread,
        };
        t.finish(cx);
        Some(calendar)
    }
}

/// `workdays`, read whole or not at all, and whether it was written but
/// could not be: a week with a day that cannot be read (`"satt"`) is not
/// the week of its other days, and rules that read it (a person with no
/// day in common, a week of six days against `1w`, work on a day off)
/// would report mistakes that are not there.
fn week(t: &mut TableReader<'_, '_>, cx: &mut Cx) -> (Option<Sp<Vec<Sp<Weekday>>>>, bool) {
    let Some(raw) = t.raw("workdays") else {
        return (None, false);
    };
    let read = Sp::<Vec<Sp<Weekday>>>::from_toml(raw, "workdays", cx);
    match (read, raw.get_ref()) {
        (Some(days), DeValue::Array(written)) if days.value.len() == written.len() => (Some(days), false),
        _ => (None, true),
    }
}

impl FromToml for Holiday {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        match value.get_ref() {
            DeValue::Table(table) if table.keys().any(|k| k.get_ref() == "from" || k.get_ref() == "to") => {
                DateRange::from_toml(value, key, cx).map(Holiday::Range)
            }
            DeValue::Table(_) => {
                let mut t = TableReader::nested(value, key, "a holiday", cx)?;
                let date = t.req("date", cx);
                let name = t.opt("name", cx);
                t.finish(cx);
                Some(Holiday::Day(HolidayDay { date: date?, name }))
            }
            _ => Date::from_toml(value, key, cx).map(Holiday::Date),
        }
    }
}

impl FromToml for DateRange {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "a date range", cx)?;
        let from = t.req("from", cx);
        let to = t.req("to", cx);
        let name = t.opt("name", cx);
        t.finish(cx);
        Some(DateRange {
            from: from?,
            to: to?,
            name,
        })
    }
}

impl FromToml for Person {
    fn from_toml(value: &Spanned<DeValue<'_>>, key: &str, cx: &mut Cx) -> Option<Self> {
        let mut t = TableReader::nested(value, key, "a person", cx)?;
        let id = t.req("id", cx);
        let name = t.req("name", cx);
        let role = t.opt("role", cx);
        let capacity = t.opt("capacity", cx);
        let (workdays, week_unread) = week(&mut t, cx);
        let day_rate = t.opt("day-rate", cx);
        let time_off = t.list("time-off", cx);
        t.finish(cx);
        Some(Person {
            id: id?,
            // Missing, it is reported, and the person kept with no name:
            // their other problems are reported at once too, and the work
            // they own still finds them.
            name: name.unwrap_or_else(|| Sp::new(String::new(), span_of(value.span()))),
            role,
            capacity,
            workdays,
            day_rate,
            time_off,
            week_unread,
        })
    }
}
