//! The words of the command line as milepost reads them: dates (any day,
//! or one a plan can hold), `--since`'s date or revision, the working
//! days of a gate, and the one word clap cannot be told to take (a
//! negative estimate).

/// The working days a gate allows (`--fail-on-slip`, `--fail-on-p80-slip`):
/// a whole number from 0, said so (Rust's own words were "invalid digit
/// found in string").
pub(super) fn parse_gate_days(s: &str) -> Result<u32, String> {
    s.trim()
        .parse::<u32>()
        .map_err(|_| "give a whole number of working days, 0 or more (0: any later forecast fails)".to_string())
}

pub(super) fn parse_date(s: &str) -> Result<crate::model::Date, String> {
    crate::model::Date::parse(s)
}

/// A date that goes into a plan file (`init --start`, `new milestone
/// --deadline`, `start`/`done --on`): a real day before the year plans
/// stop at, so that a file written with it stays valid.
pub(super) fn parse_plan_date(s: &str) -> Result<crate::model::Date, String> {
    use crate::model::date::MAX_YEAR;
    let date = parse_date(s)?;
    if date.0.year() >= MAX_YEAR {
        return Err(format!(
            "{s} is in the year {}: plans hold dates before the year {MAX_YEAR}",
            date.0.year()
        ));
    }
    Ok(date)
}

/// What `--since` names: a day, or a revision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Since {
    Date(crate::model::Date),
    Rev(String),
}

/// `--since`: a date when it is written as one (`YYYY-MM-DD`, which must
/// then be a real day), a revision otherwise. A branch named like a date
/// is `refs/heads/2026-01-05`.
pub(super) fn parse_since(s: &str) -> Result<Since, String> {
    let b = s.as_bytes();
    let dated = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if dated {
        return crate::model::Date::parse(s).map(Since::Date);
    }
    if s.trim().is_empty() {
        return Err("give a date (YYYY-MM-DD) or a revision (a tag, a branch, a commit)".into());
    }
    Ok(Since::Rev(s.to_string()))
}

/// The command line as clap is to read it: `--estimate -1d` as
/// `--estimate=-1d`, so that a negative estimate gets the estimate's own
/// error ("an estimate is not negative") instead of clap's "unexpected
/// argument '-1'". Clap reads a word that starts with `-` as an option;
/// told to take any such word as the estimate (`allow_hyphen_values`), it
/// would take `--after` of `--estimate --after a` as one, and say
/// "unexpected argument 'a'". Only a word that starts with `-` and a digit
/// or `.` (a negative duration; no option of milepost starts so) is joined
/// to the `--estimate` before it.
pub(crate) fn joined(args: impl IntoIterator<Item = std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    let mut out: Vec<std::ffi::OsString> = Vec::new();
    // Everything after `--` is a value: nothing there is joined.
    let mut options = true;
    for arg in args {
        let negative = arg
            .to_str()
            .and_then(|a| a.strip_prefix('-'))
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit() || c == '.'));
        match out.last_mut() {
            Some(last) if negative && options && last == "--estimate" => {
                last.push("=");
                last.push(arg);
            }
            _ => {
                options &= arg != "--";
                out.push(arg);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--estimate -1d` is joined into one word; what is not a negative
    /// duration after it (`--after`), a word after `--`, and a negative
    /// number after another option are left as they are.
    #[test]
    fn a_negative_estimate_is_joined_to_its_option() {
        let words = |line: &str| line.split(' ').map(std::ffi::OsString::from).collect::<Vec<_>>();
        let cases = [
            (
                "milepost new feature x --estimate -1d",
                "milepost new feature x --estimate=-1d",
            ),
            (
                "milepost new feature x --estimate -.5d",
                "milepost new feature x --estimate=-.5d",
            ),
            (
                "milepost new feature x --estimate --after a",
                "milepost new feature x --estimate --after a",
            ),
            (
                "milepost new feature x --estimate 3d",
                "milepost new feature x --estimate 3d",
            ),
            (
                "milepost new feature x --title -1d",
                "milepost new feature x --title -1d",
            ),
            (
                "milepost new feature -- --estimate -1d",
                "milepost new feature -- --estimate -1d",
            ),
        ];
        for (given, read) in cases {
            assert_eq!(joined(words(given)), words(read), "{given}");
        }
    }

    #[test]
    fn since_is_a_date_when_written_as_one() {
        let date = |s: &str| crate::model::Date::parse(s).map(Since::Date);
        assert_eq!(parse_since("2026-01-05"), date("2026-01-05"));
        assert!(parse_since("2026-02-30").is_err(), "not a day");
        for rev in [
            "v1.0",
            "HEAD~3",
            "main",
            "refs/heads/2026-01-05",
            "2026-01-5",
            "20260105",
        ] {
            assert_eq!(parse_since(rev), Ok(Since::Rev(rev.into())), "{rev}");
        }
        assert!(parse_since(" ").is_err());
    }
}
