//! Revisions as the user writes them (`HEAD~3`, `v1`, `main^2`): resolved
//! to a commit, and, when one does not resolve, said why in their terms
//! (no commits yet, past the first commit, the nearest name).

use crate::error::{Error, Result};

/// Whether `repo` has no commit at all: libgit2's emptiness, which holds
/// only when HEAD names the default branch (`master` unless
/// `init.defaultBranch` says otherwise), or HEAD on a branch not made yet
/// (`git init -b main`) and no reference anywhere.
pub(crate) fn no_commits(repo: &git2::Repository) -> bool {
    if repo.is_empty().unwrap_or(false) {
        return true;
    }
    let unborn = matches!(repo.head(), Err(e) if e.code() == git2::ErrorCode::UnbornBranch);
    unborn && repo.references().is_ok_and(|mut refs| refs.next().is_none())
}

/// Resolves `rev` in `repo` to a commit.
pub(crate) fn resolve_commit<'r>(repo: &'r git2::Repository, rev: &str) -> Result<git2::Commit<'r>> {
    let object = repo.revparse_single(rev).map_err(|e| {
        if no_commits(repo) {
            // No revision resolves in a repository without commits: say that.
            return Error::NoCommits(repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf());
        }
        unknown_revision(repo, rev, &e)
    })?;
    object.peel_to_commit().map_err(|e| match object.kind() {
        // `HEAD:plan`, `HEAD^{tree}`: a folder or a file, not a commit.
        Some(kind @ (git2::ObjectType::Tree | git2::ObjectType::Blob)) => Error::BadArgument {
            what: format!(
                "`{rev}` names a {}, not a commit",
                if kind == git2::ObjectType::Tree { "folder (a tree)" } else { "file (a blob)" }
            ),
            hint: "give a commit (a branch, a tag, `HEAD~3`): the plan is read at a commit, its folder named with `--plan`".into(),
        },
        _ => Error::UnknownRevision {
            rev: rev.to_string(),
            message: e.message().to_string(),
            nearest: None,
        },
    })
}

/// `rev` could not be resolved in `repo`: the error, with `rev` spelt as
/// the nearest branch or tag when the name it starts with (before `~`,
/// `^`, `@`, `:` or `..`) names none and one is close.
pub(crate) fn unknown_revision(repo: &git2::Repository, rev: &str, e: &git2::Error) -> Error {
    Error::UnknownRevision {
        rev: rev.to_string(),
        message: past_the_root(repo, rev, e.message()).unwrap_or_else(|| e.message().to_string()),
        nearest: nearest_revision(repo, rev),
    }
}

/// What libgit2's "parent 0 does not exist" means, in the user's terms: the
/// revision goes back past the first commit (`HEAD~5` with 2 commits), or
/// names a parent a commit does not have (`main^2` on a commit that is not
/// a merge). `None` for any other failure.
fn past_the_root(repo: &git2::Repository, rev: &str, message: &str) -> Option<String> {
    if !(message.starts_with("parent ") && message.ends_with(" does not exist")) {
        return None;
    }
    let end = rev.find(['~', '^'])?;
    let base = &rev[..end];
    // The simple case, `NAME~N`: how far back its first-parent line goes.
    let steps = rev[end..].strip_prefix('~').and_then(|n| n.parse::<u64>().ok());
    let commit = repo.revparse_single(base).ok()?.peel_to_commit().ok()?;
    let Some(steps) = steps else {
        return Some(format!(
            "it names a parent a commit does not have, or goes back past the first commit (`git log --oneline --graph {base}` shows the commits and their parents)"
        ));
    };
    let mut before = 0u64;
    let mut at = commit;
    while let Ok(parent) = at.parent(0) {
        before += 1;
        at = parent;
    }
    Some(format!(
        "it goes back {steps} commit{} from `{base}`, past the first commit: `{base}` has {before} commit{} before it on its first-parent line",
        if steps == 1 { "" } else { "s" },
        if before == 1 { "" } else { "s" },
    ))
}

fn nearest_revision(repo: &git2::Repository, rev: &str) -> Option<String> {
    // In `a..b`, the side that does not resolve.
    if let Some((a, b)) = rev.split_once("..") {
        let b = b.trim_start_matches('.');
        let fix = |side: &str| {
            (!side.is_empty() && repo.revparse_single(side).is_err()).then(|| nearest_revision(repo, side))
        };
        return match (fix(a), fix(b)) {
            (Some(a2), None) => a2.map(|a2| format!("{a2}..{b}")),
            (None, Some(b2)) => b2.map(|b2| format!("{a}..{b2}")),
            _ => None,
        };
    }
    let end = rev.find(['~', '^', '@', ':']).unwrap_or(rev.len());
    let (name, rest) = rev.split_at(end);
    if name.is_empty() || repo.revparse_single(name).is_ok() {
        return None;
    }
    let names: Vec<String> = repo
        .references()
        .ok()?
        .flatten()
        .filter(|r| r.is_branch() || r.is_tag() || r.is_remote())
        .filter_map(|r| r.shorthand().ok().map(str::to_string))
        .collect();
    crate::suggest::nearest(name, names.iter().map(String::as_str)).map(|n| format!("{n}{rest}"))
}
