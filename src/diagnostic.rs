//! Problems found in a plan: a stable code, a severity, where, what and how to fix it.

use serde::Serialize;

use crate::files::FileId;
use crate::span::Span;

/// How bad a problem is. Errors make `check` fail; warnings only with `--deny warnings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $id:literal, $sev:ident, $name:literal, $summary:literal;)*) => {
        /// Every diagnostic milepost can report. The code (`E0203`) is stable:
        /// once published it keeps its meaning. `docs/diagnostics.md` lists them all.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable code, e.g. `E0203`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$variant => $id,)* }
            }

            /// A short kebab-case name, e.g. `unknown-dependency`.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// One line describing the problem, for the docs and `--format json`.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    TomlSyntax = "E0001", Error, "toml-syntax", "the file is not valid TOML";
    Unreadable = "E0002", Error, "unreadable-file", "the file cannot be read: not UTF-8, too large, or not a regular file inside the plan";
    MissingProject = "E0003", Error, "missing-project", "the plan has no `project.toml`";
    StrayFile = "W0004", Warning, "stray-file", "a file outside the folders milepost reads";
    InvalidId = "E0005", Error, "invalid-id", "a file name that is not a valid id";
    DuplicateId = "E0006", Error, "duplicate-id", "two items or people share an id";
    IdCase = "E0007", Error, "id-case", "two ids differ only in upper and lower case";
    ControlCharacter = "W0008", Warning, "control-character", "text holding a control character, a bidirectional override or (in a one-line field) a line break";
    UnknownField = "E0101", Error, "unknown-field", "a key that the format does not define";
    WrongType = "E0102", Error, "wrong-type", "a value of the wrong TOML type";
    MissingField = "E0103", Error, "missing-field", "a required key is missing";
    InvalidDuration = "E0104", Error, "invalid-duration", "a duration that is not `<number>d` or `<number>w`";
    InvalidDate = "E0105", Error, "invalid-date", "a date that does not exist or is not `YYYY-MM-DD`";
    InvalidValue = "E0106", Error, "invalid-value", "a value outside the allowed set (status, priority, ...)";
    OutOfRange = "E0107", Error, "out-of-range", "a number outside its allowed range";
    UnknownMilestone = "E0201", Error, "unknown-milestone", "a reference to a milestone that does not exist";
    UnknownPerson = "E0202", Error, "unknown-person", "a reference to a person not listed in `project.toml`";
    UnknownDependency = "E0203", Error, "unknown-dependency", "a dependency on a feature or milestone that does not exist";
    UnknownRiskTarget = "E0204", Error, "unknown-risk-target", "a risk that affects a feature or milestone that does not exist";
    SelfDependency = "E0205", Error, "self-dependency", "an item that depends on itself";
    DependencyCycle = "E0206", Error, "dependency-cycle", "items that depend on each other in a circle";
    EstimateOrder = "E0301", Error, "estimate-order", "a three-point estimate with `low <= likely <= high` broken";
    FinishedBeforeStarted = "E0302", Error, "finished-before-started", "a feature that finished before it started";
    DoneWithoutFinish = "E0303", Error, "done-without-finish", "a `done` feature without a `finished` date";
    StartedWithoutStart = "E0304", Error, "in-progress-without-start", "an `in-progress` feature without a `started` date";
    DeadlineBeforeStart = "E0305", Error, "deadline-before-start", "a milestone deadline before the project starts";
    ReversedRange = "E0306", Error, "reversed-range", "a date range whose `from` is after its `to`";
    DependsOnLaterMilestone = "W0401", Warning, "depends-on-later-milestone", "a feature that waits on work planned for a later milestone";
    NoOwner = "W0402", Warning, "no-owner", "planned work without an owner";
    NoEstimate = "W0403", Warning, "no-estimate", "planned work without an estimate";
    DuplicateDependency = "W0404", Warning, "duplicate-dependency", "the same dependency listed twice";
    BlockedWithoutRemaining = "W0405", Warning, "blocked-without-remaining", "a blocked feature that started, without `remaining`: its whole estimate is assumed left";
    DateOffCalendar = "W0406", Warning, "date-off-calendar", "a `started` or `finished` date on a day the project does not work";
    DependsOnCut = "W0407", Warning, "depends-on-cut", "a live item that depends on a cut feature: the link is dropped";
    StartedBeforePredecessor = "W0408", Warning, "started-before-predecessor", "work that started (or finished) before the work it waits for started: the schedule drops the link";
    RemainingNotStarted = "W0409", Warning, "remaining-not-started", "`remaining` on work not started: the schedule reads its estimate alone";
}

/// A place in a file with a message.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

/// One problem in the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    /// Where the problem is. `None` only for problems of the plan as a whole
    /// (for example a missing `project.toml`).
    pub primary: Option<Label>,
    /// Other places that explain the problem ("first declared here", the
    /// links of a dependency cycle).
    pub secondary: Vec<Label>,
    /// How to fix it ("did you mean `auth-db`?").
    pub help: Option<String>,
    /// The id this problem says no item or person has (E0201 to E0204),
    /// when it is one: its help, where ids come from, is replaced by a
    /// likely spelling once the rules about items have run (`validate`).
    /// Not shown.
    pub unknown_id: Option<Box<str>>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            unknown_id: None,
        }
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn at(mut self, file: FileId, span: Span, label: impl Into<String>) -> Diagnostic {
        self.primary = Some(Label {
            file,
            span,
            message: label.into(),
        });
        self
    }

    pub fn also(mut self, file: FileId, span: Span, label: impl Into<String>) -> Diagnostic {
        self.secondary.push(Label {
            file,
            span,
            message: label.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Says that no item or person has the id `id` ([`Diagnostic::unknown_id`]).
    pub(crate) fn naming_unknown(mut self, id: &str) -> Diagnostic {
        self.unknown_id = Some(id.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// The order diagnostics are reported in: by file, then position, then code.
    pub fn sort_key(&self) -> (u32, u32, u32, Code) {
        match &self.primary {
            Some(l) => (l.file.0, l.span.start, l.span.end, self.code),
            None => (0, 0, 0, self.code),
        }
    }
}

/// Sorts diagnostics into reading order and drops exact duplicates.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by_key(|d| d.sort_key());
    diags.dedup();
}
