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

    #[error("`{folder}` is more than {limit} folders below the plan directory")]
    PlanTooDeep { folder: String, limit: usize },

    #[error("the plan holds more than {limit} files (counted as far as `{folder}`)")]
    PlanTooManyFiles { folder: String, limit: usize },

    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{} reads the plan from Git, but `{path}` is not inside a Git repository", needs.what)]
    NotARepository { path: PathBuf, needs: NeedsGit },

    /// A bare repository: no working tree to find the plan's folder in.
    #[error("{} reads the plan from Git, but the repository at `{path}` is bare: it has no working tree to find the plan's folder in", needs.what)]
    BareRepository { path: PathBuf, needs: NeedsGit },

    #[error("unknown revision `{rev}`: {message}")]
    UnknownRevision {
        rev: String,
        message: String,
        /// The revision with its name spelt as the nearest branch or tag,
        /// when one is close enough to be a likely typo.
        nearest: Option<String>,
    },

    #[error("revision `{rev}` has no `{path}` directory{}", found.map(|f| format!(": `{path}` is {f} there")).unwrap_or_default())]
    PlanNotInRevision {
        rev: String,
        path: String,
        /// What the path is instead (`a file`, `a symbolic link`, `a
        /// submodule`); `None` when nothing is there.
        found: Option<&'static str>,
    },

    #[error("the plan directory `{plan}` is outside the repository at `{repo}`")]
    PlanOutsideRepository { plan: PathBuf, repo: PathBuf },

    #[error("git: {message}")]
    Git { message: String },

    #[error("`{a}` and `{b}` share no history: no commit is an ancestor of both")]
    NoMergeBase { a: String, b: String },

    /// [`Error::NoMergeBase`] in a shallow clone: where the two branched off
    /// may be in the history not fetched.
    #[error("`{a}` and `{b}` share no history in this shallow clone: where they branched off was not fetched")]
    ShallowMergeBase { a: String, b: String },

    /// The scheduler's own error (`schedule::ScheduleError`), boxed so that
    /// this module needs nothing from the scheduler; `commands` converts it.
    #[error("cannot schedule the plan: {0}")]
    Schedule(#[source] Box<dyn std::error::Error + Send + Sync>),

    #[error("no item `{id}` in {place}")]
    UnknownItem {
        id: String,
        /// `the plan`, `the plan's history`.
        place: &'static str,
        suggestion: Option<String>,
    },

    #[error("`{range}` is a three-dot range: a history walks one line of commits")]
    ThreeDotHistory { range: String },

    #[error("`--since {since}` and `--rev-range {range}` both say where the walk starts")]
    SinceAndRange { since: String, range: String },

    #[error("`--since {since}` is after `--until {until}`: no commit is dated between them")]
    SinceAfterUntil { since: String, until: String },

    #[error("`--fail-on-p80-slip {limit}` gates on the Monte Carlo P80, which `--runs 0` leaves out")]
    P80GateWithoutRuns { limit: u32 },

    #[error("no commit before {date} on the main line from {start}")]
    NothingBefore { date: String, start: String },

    #[error("the repository at `{0}` has no commits yet: there is no history to read")]
    NoCommits(PathBuf),

    #[error("{}", template_message(name.as_deref(), *line, message, line_text.as_deref()))]
    Template {
        name: Option<String>,
        line: Option<usize>,
        message: String,
        line_text: Option<String>,
    },

    #[error("`--templates {}` {}", .path.display(), if *.exists { "is a file, not a directory" } else { "does not exist" })]
    TemplatesDir { path: PathBuf, exists: bool },

    #[error("`{option}` renders the Markdown comment, and the format is `{format}`")]
    TemplateNeedsMarkdown { option: &'static str, format: &'static str },

    /// An option only one format uses, given with another.
    #[error("`{option}` is for `--format {needs}`, and the format is `{format}`")]
    OptionNeedsFormat {
        option: &'static str,
        needs: &'static str,
        format: &'static str,
    },

    #[error("`{0}` already exists")]
    WouldOverwrite(PathBuf),

    /// A name given on the command line that names nothing: a command
    /// (`milepost man NAME`), a help topic. `hint` says what there is.
    #[error("unknown {what} `{name}`")]
    Unknown {
        what: &'static str,
        name: String,
        hint: String,
    },

    #[error("the plan directory `{}` {is} ({from} names it)", path.display())]
    ConfiguredPlanMissing {
        path: PathBuf,
        from: String,
        /// `does not exist`, or `is a file, not a folder`.
        is: &'static str,
    },

    #[error("`{}:{line}:{column}`: {message}", path.display())]
    Config {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    /// `--plan DIR` names a directory without `project.toml` that holds a
    /// plan below it: `--plan .` at the root of a repository.
    #[error("`{given}` holds no `project.toml`, but `{}` does", nested.join("project.toml").display())]
    PlanBelow { given: PathBuf, nested: PathBuf },

    /// `--plan DIR` names a folder or the project file of a plan.
    #[error("`{}` is inside the plan at `{}`, not a plan of its own", given.display(), plan.display())]
    PlanWithin { given: PathBuf, plan: PathBuf },

    #[error("`--hooks` writes a Git hook, but `{}` is not inside a Git repository", .0.display())]
    HooksOutsideRepository(PathBuf),

    /// A command that writes the plan (`init`, `new`, `start`, `done`)
    /// refused to, and wrote nothing: a file already there, an id taken,
    /// a reference to nothing, a change that makes no sense. Exit status 1.
    #[error("{what}")]
    Refused { what: String, hint: String },

    /// A value given on the command line that is wrong whatever the plan
    /// holds: a duration, number, priority or status that is not one, a
    /// title on two lines. A usage error, as clap's are: exit status 2.
    #[error("{what}")]
    BadArgument { what: String, hint: String },

    #[error("the environment variable `MILEPOST_THREADS` is `{0}`, not a number of threads")]
    Threads(String),

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

/// What asked for Git, for the error outside a repository.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NeedsGit {
    /// As the user wrote it: `` `--rev main` ``, `` `milepost history` ``.
    pub what: String,
    /// The option to leave out to do without Git, if there is one.
    pub option: Option<String>,
}

impl NeedsGit {
    /// An option naming a revision: `--rev main`, `--baseline v1`.
    pub fn option(option: &str, rev: &str) -> NeedsGit {
        NeedsGit {
            what: format!("`{option} {rev}`"),
            option: Some(option.to_string()),
        }
    }

    /// A command that reads Git history by nature: `milepost history`.
    pub fn command(command: &str) -> NeedsGit {
        NeedsGit {
            what: format!("`milepost {command}`"),
            option: None,
        }
    }
}

/// How to fix a file that could not be read, by why.
fn read_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        // (Text read as UTF-8: a template, `milepost.toml`.)
        std::io::ErrorKind::InvalidData => "save it as UTF-8 text",
        std::io::ErrorKind::PermissionDenied => "check that you may read it",
        _ => "check that the file exists and that you may read it",
    }
}

impl Error {
    /// How to fix it, in one sentence.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            Error::NoPlanFound { stopped_at, .. } => format!(
                "looked for `plan/project.toml` up to `{}`; pass `--plan DIR`, set `MILEPOST_PLAN=DIR`, or write `plan = \"DIR\"` in a `milepost.toml` at the repository root; or start a plan with `milepost init` (`milepost help format` describes the files)",
                stopped_at.display()
            ),
            Error::PlanDirMissing(_) | Error::PlanNotADirectory(_) => {
                "pass the directory that holds `project.toml` with `--plan DIR`".into()
            }
            Error::PlanTooDeep { .. } => {
                "ids nest a few folders at most: move the files up, or remove the folder if it was not meant to be in the plan".into()
            }
            Error::PlanTooManyFiles { .. } => {
                "a plan holds a file per item, a few thousand at most: check that `--plan` names the plan directory, and move other files (a build output, a dependency folder) out of it".into()
            }
            Error::Io { source, .. } => read_hint(source).into(),
            Error::Schedule(_) => "check the estimates, lags, capacities and risk delays of the plan, and the status date: `milepost check` counts the work from the plan's latest date or today, whichever is later, and a later `--as-of` starts it later still; if the plan passes `milepost check` and the status date is not after today, this is a bug worth reporting".into(),
            Error::UnknownItem { suggestion, .. } => match suggestion {
                Some(s) => format!("did you mean `{s}`?"),
                None => "ids are file names under `features/`, `milestones/` or `risks/`, without `.toml`".into(),
            },
            Error::ThreeDotHistory { .. }
            | Error::SinceAndRange { .. }
            | Error::SinceAfterUntil { .. }
            | Error::P80GateWithoutRuns { .. }
            | Error::NothingBefore { .. }
            | Error::NoMergeBase { .. }
            | Error::ShallowMergeBase { .. } => return self.range_hint(),
            Error::Template { .. }
            | Error::TemplatesDir { .. }
            | Error::TemplateNeedsMarkdown { .. }
            | Error::OptionNeedsFormat { .. }
            | Error::Threads(_) => return self.option_hint(),
            Error::Unknown { hint, .. } | Error::Refused { hint, .. } | Error::BadArgument { hint, .. } => hint.clone(),
            Error::ConfiguredPlanMissing { .. } => "fix the path (relative to the current directory for `MILEPOST_PLAN`, to `milepost.toml` for its `plan`), or pass `--plan DIR`".into(),
            Error::Config { .. } => "`milepost.toml` takes one key, the plan directory relative to the file: `plan = \"path/to/plan\"`".into(),
            Error::PlanBelow { nested, .. } => format!("did you mean `--plan {}`?", nested.display()),
            Error::PlanWithin { plan, .. } => format!(
                "did you mean `--plan {}`? `--plan` names the directory that holds `project.toml`",
                plan.display()
            ),
            Error::WouldOverwrite(_) => "milepost never overwrites your files unprompted: pass `--force` to replace them, or choose another directory".into(),
            // A file (named in backticks), not a standard stream.
            Error::Output { what, .. } if what.starts_with('`') => {
                "check that its directory exists and that you may write there".into()
            }
            Error::BareRepository { .. }
            | Error::NotARepository { .. }
            | Error::UnknownRevision { .. }
            | Error::PlanNotInRevision { .. }
            | Error::PlanOutsideRepository { .. }
            | Error::NoCommits(_)
            | Error::HooksOutsideRepository(_)
            | Error::Git { .. } => return self.repository_hint(),
            Error::Output { .. } => return None,
        })
    }

    /// [`Error::hint`] for a repository or a revision that cannot be read
    /// as asked.
    fn repository_hint(&self) -> Option<String> {
        Some(match self {
            Error::BareRepository { .. } => {
                "run milepost in a clone of it (`git clone`) or a linked worktree (`git worktree add DIR`), where the plan's folder is".into()
            }
            Error::NotARepository { needs, .. } => {
                let mut hint = "run milepost inside the Git repository that holds the plan (or pass its directory with `--plan`)".to_string();
                if let Some(option) = &needs.option {
                    hint.push_str(&format!(", or drop `{option}`"));
                }
                hint
            }
            Error::UnknownRevision { nearest, .. } => {
                let mut hint = nearest.as_ref().map(|n| format!("did you mean `{n}`? ")).unwrap_or_default();
                hint.push_str("use a branch, tag or commit that exists (`git log --oneline` lists commits, `git tag` the tags); in a shallow CI clone, fetch more history (`fetch-depth: 0`)");
                hint
            }
            Error::PlanNotInRevision { found: None, .. } => {
                "the plan did not exist at that revision, or lived elsewhere: pass its directory with `--plan`".into()
            }
            Error::PlanNotInRevision { found: Some(_), path, .. } => format!(
                "a plan is a folder holding `project.toml`; milepost does not read a plan through a link or a submodule: commit the folder itself as `{path}`, or pass the plan's folder with `--plan`"
            ),
            Error::PlanOutsideRepository { .. } => {
                "to read the plan from Git, `--plan` must name a directory inside the repository".into()
            }
            Error::NoCommits(_) => {
                "commit the plan first (`git add plan && git commit`); `milepost check` and `report` work without history".into()
            }
            Error::HooksOutsideRepository(_) => {
                "run `git init` first, or leave out `--hooks`: `milepost init` works outside a repository".into()
            }
            Error::Git { .. } => {
                "Git could not read the repository: `git fsck` lists what is missing or damaged; a partial or shallow clone may need `git fetch --unshallow` (in GitHub Actions: `fetch-depth: 0`)".into()
            }
            _ => return None,
        })
    }

    /// [`Error::hint`] for a range of history or a gate given wrong.
    fn range_hint(&self) -> Option<String> {
        Some(match self {
            Error::ThreeDotHistory { .. } => {
                "use `A..B` for the commits after A up to B, or `--since DATE`".into()
            }
            Error::SinceAndRange { since, range } => format!(
                "give the start once: `--rev-range {since}..{}`, or `--since {since}` with `--rev-range` naming only where to walk back from",
                range.rsplit_once("..").map_or(range.as_str(), |(_, b)| b)
            ),
            Error::SinceAfterUntil { since, until } => {
                format!("give the earlier date to `--since`: `--since {until} --until {since}`")
            }
            Error::P80GateWithoutRuns { .. } => format!(
                "give `--runs` at least 1 (the default is {}), or drop `--fail-on-p80-slip` to diff without the Monte Carlo",
                crate::diff::confidence::DEFAULT_RUNS
            ),
            Error::NothingBefore { .. } => {
                "the history starts on or after that day (or a shallow clone ends there): choose a later date, or name a revision".into()
            }
            Error::NoMergeBase { a, b } => format!(
                "`{a}...{b}` compares `{b}` with where the two branched off, and they never did: compare them directly with `milepost diff {a} {b}`"
            ),
            Error::ShallowMergeBase { a, b } => format!(
                "fetch the rest of the history (`git fetch --unshallow`; in GitHub Actions: `fetch-depth: 0`), or compare the two directly with `milepost diff {a} {b}`"
            ),
            _ => return None,
        })
    }

    /// [`Error::hint`] for templates, options and settings given wrong.
    fn option_hint(&self) -> Option<String> {
        Some(match self {
            Error::Template { .. } => "`milepost report --context` (for reports) and `milepost history --format json` (for history) print every field a template can use; `milepost help templates` describes them, the diff template's context (also `milepost schema diff-context`) and the filters".into(),
            Error::TemplatesDir { .. } => "`--templates DIR` takes a directory of templates named like the built-in ones (`status.md`, `history.md`, `diff.md`, ...; `milepost report --init-templates DIR` and `milepost diff --init-templates DIR` write them out to start from); to render one template file, use `--template FILE`".into(),
            Error::TemplateNeedsMarkdown { option, .. } => format!("add `--format markdown` to render the pull-request comment with `{option}`"),
            Error::OptionNeedsFormat { option, needs, .. } => {
                format!("add `--format {needs}`, or leave out `{option}`")
            }
            Error::Threads(_) => "set `MILEPOST_THREADS` to a whole number from 1 up (how many cores milepost may use), or unset it to use every core".into(),
            _ => return None,
        })
    }

    /// The exit status the error ends the command with: 1 when a command
    /// that writes the plan refused to ([`Error::Refused`]), 2 otherwise.
    pub fn status(&self) -> crate::io::ExitStatus {
        match self {
            Error::Refused { .. } => crate::io::ExitStatus::Invalid,
            _ => crate::io::ExitStatus::Failure,
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
