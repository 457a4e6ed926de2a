//! Errors that stop milepost before it can look at a plan: a missing
//! directory, an unknown revision, an unreadable file. Problems *in* a plan are
//! [`Diagnostic`](crate::diagnostic::Diagnostic)s instead.

use std::path::PathBuf;

/// Everything that can go wrong outside the plan's content. Each variant says
/// what happened and where; [`Error::hint`] says how to fix it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no plan found in `{start}` or its parents")]
    NoPlanFound { start: PathBuf, stopped_at: PathBuf },

    #[error("plan directory `{0}` does not exist")]
    PlanDirMissing(PathBuf),

    #[error("`{0}` is not a directory")]
    PlanNotADirectory(PathBuf),

    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("`{path}` is not inside a Git repository")]
    NotARepository { path: PathBuf },

    #[error("`{option} {rev}` reads the plan from Git, but `{path}` is not inside a Git repository")]
    RevisionOutsideRepository { option: String, rev: String, path: PathBuf },

    #[error("unknown revision `{rev}`: {message}")]
    UnknownRevision { rev: String, message: String },

    #[error("revision `{rev}` has no `{path}` directory")]
    PlanNotInRevision { rev: String, path: String },

    #[error("the plan directory `{plan}` is outside the repository at `{repo}`")]
    PlanOutsideRepository { plan: PathBuf, repo: PathBuf },

    #[error("git: {message}")]
    Git { message: String },

    #[error("cannot schedule the plan: {0}")]
    Schedule(#[from] crate::schedule::ScheduleError),

    #[error("no feature or milestone `{id}` in the plan")]
    UnknownItem { id: String, suggestion: Option<String> },

    #[error("{}", template_message(name.as_deref(), *line, message, line_text.as_deref()))]
    Template {
        name: Option<String>,
        line: Option<usize>,
        message: String,
        line_text: Option<String>,
    },

    #[error("`{0}` already exists")]
    WouldOverwrite(PathBuf),

    #[error("cannot write to {what}: {source}")]
    Output {
        what: String,
        #[source]
        source: std::io::Error,
    },
}

fn template_message(name: Option<&str>, line: Option<usize>, message: &str, line_text: Option<&str>) -> String {
    let mut text = match (name, line) {
        (Some(name), Some(line)) if line > 0 => format!("template `{name}`, line {line}: {message}"),
        (Some(name), _) => format!("template `{name}`: {message}"),
        _ => format!("template: {message}"),
    };
    if let (Some(line), Some(src)) = (line, line_text) {
        text.push_str(&format!("\n  {line} | {src}"));
    }
    text
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// How to fix it, in one sentence.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::NoPlanFound { stopped_at, .. } => format!(
                "looked for `plan/project.toml` up to `{}`; pass `--plan DIR`, or create `plan/project.toml` (see docs/format.md)",
                stopped_at.display()
            ),
            Error::PlanDirMissing(_) | Error::PlanNotADirectory(_) => {
                "pass the directory that holds `project.toml` with `--plan DIR`".into()
            }
            Error::Io { .. } => "check that the file exists and that you may read it".into(),
            Error::NotARepository { .. } => {
                "`--rev` reads the plan from Git history: run it inside a Git repository, or drop `--rev`".into()
            }
            Error::RevisionOutsideRepository { option, .. } => format!(
                "run milepost inside the Git repository that holds the plan (or pass its directory with `--plan`), or drop `{option}`"
            ),
            Error::UnknownRevision { .. } => {
                "use a branch, tag or commit that exists (`git log --oneline` lists commits); in a shallow CI clone, fetch more history (`fetch-depth: 0`)".into()
            }
            Error::PlanNotInRevision { .. } => {
                "the plan did not exist at that revision, or lived elsewhere: pass its directory with `--plan`".into()
            }
            Error::PlanOutsideRepository { .. } => {
                "with `--rev`, `--plan` must name a directory inside the repository".into()
            }
            Error::Schedule(_) => "check the estimates and lags of the plan; if it passes `milepost check`, this is a bug worth reporting".into(),
            Error::UnknownItem { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "ids are file names under `features/` or `milestones/`, without `.toml`".into(),
            },
            Error::Template { .. } => "`milepost report --context` (for reports) and `milepost history --format json` (for history) print every field a template can use; docs/templates.md describes them and the filters".into(),
            Error::WouldOverwrite(_) => "milepost never overwrites your files unprompted: pass `--force` to replace them, or choose another directory".into(),
            // A file (named in backticks), not a standard stream.
            Error::Output { what, .. } if what.starts_with('`') => {
                "check that its directory exists and that you may write there".into()
            }
            Error::Git { .. } | Error::Output { .. } => return None,
        })
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn git(e: &git2::Error) -> Error {
        Error::Git {
            message: e.message().to_string(),
        }
    }
}
