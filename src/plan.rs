//! A loaded plan: every file, every item that could be read, and the problems
//! found while reading.

use crate::diagnostic::Diagnostic;
use crate::files::{FileId, Files};
use crate::model::{FeatureFile, MilestoneFile, ProjectFile, RiskFile};

/// The kinds of item files.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ItemKind {
    Milestone,
    Feature,
    Risk,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Milestone => "milestone",
            ItemKind::Feature => "feature",
            ItemKind::Risk => "risk",
        }
    }

    /// The folder under the plan directory that holds this kind.
    pub fn folder(self) -> &'static str {
        match self {
            ItemKind::Milestone => "milestones",
            ItemKind::Feature => "features",
            ItemKind::Risk => "risks",
        }
    }
}

/// A decoded file with its id (the file stem, with subfolders) and the file it came from.
#[derive(Clone, Debug)]
pub struct Item<T> {
    /// Shared: cloning a plan (a history walk builds one per commit) copies
    /// no text.
    pub id: std::sync::Arc<str>,
    pub file: FileId,
    /// Shared: a history walk puts the same decoded file in many plans.
    pub data: std::sync::Arc<T>,
    /// False when decoding the file found an error (a value of the wrong
    /// type, say, which is then left out; a warning leaves nothing out).
    /// Rules about missing values skip such items, so one mistake is not
    /// reported twice.
    pub clean: bool,
}

/// Where an id was declared. Recorded for every item file, including files
/// that could not be decoded, so that a broken file does not also turn every
/// reference to it into an "unknown id" error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Declared {
    pub kind: ItemKind,
    pub file: FileId,
    /// Position in `Plan::milestones`, `features` or `risks`; `None` when the
    /// file could not be decoded.
    pub index: Option<u32>,
}

/// A fast hash map with a fixed seed: lookups of ids sharing long prefixes
/// are the hot path of validation, and iteration order must not vary between runs.
pub type IdMap<V> = std::collections::HashMap<std::sync::Arc<str>, V, foldhash::fast::FixedState>;

#[derive(Clone, Debug, Default)]
pub struct Plan {
    pub files: Files,
    pub project: Option<Item<ProjectFile>>,
    /// `project.toml` when its `[project]` table could not be read (a
    /// problem says why; `project` is `None` then): the rest of the file,
    /// which validation checks all the same ([`Read::info_missing`]).
    ///
    /// [`Read::info_missing`]: crate::model::project::Read::info_missing
    pub unread_project: Option<Item<ProjectFile>>,
    pub milestones: Vec<Item<MilestoneFile>>,
    pub features: Vec<Item<FeatureFile>>,
    pub risks: Vec<Item<RiskFile>>,
    /// Every item id, milestones, features and risks alike.
    pub ids: IdMap<Declared>,
    /// Problems found while loading and validating, in reading order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Plan {
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
            .count()
    }

    /// The feature with id `id`, if its file could be read.
    pub fn feature(&self, id: &str) -> Option<&Item<FeatureFile>> {
        let d = self.ids.get(id).filter(|d| d.kind == ItemKind::Feature)?;
        self.features.get(d.index? as usize)
    }

    /// The milestone with id `id`, if its file could be read.
    pub fn milestone(&self, id: &str) -> Option<&Item<MilestoneFile>> {
        let d = self.ids.get(id).filter(|d| d.kind == ItemKind::Milestone)?;
        self.milestones.get(d.index? as usize)
    }

    /// Whether the plan has a feature `id` that is not cut.
    pub fn has_live_feature(&self, id: &str) -> bool {
        self.feature(id)
            .is_some_and(|f| f.data.status() != crate::model::Status::Cut)
    }

    /// `project.toml` as validation reads it: [`Plan::project`], or the
    /// rest of a file whose `[project]` could not be read
    /// ([`Plan::unread_project`]).
    pub fn project_file(&self) -> Option<&Item<ProjectFile>> {
        self.project.as_ref().or(self.unread_project.as_ref())
    }

    /// `project.toml` when its start could be read, for the rules about
    /// dates: [`Plan::project`], or the rest of a file whose `[project]`
    /// lacks only its name.
    pub fn dated_project(&self) -> Option<&Item<ProjectFile>> {
        self.project_file().filter(|p| !p.data.read.start_missing)
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}
