//! "Did you mean ...?" for misspelt keys, ids and values.

/// The candidate closest to `input`, if it is close enough to be a likely typo.
///
/// Case, `_` versus `-` and surrounding spaces are ignored first (so
/// `depends_on` finds `depends-on`); otherwise the Jaro-Winkler similarity must
/// be at least 0.8, or the edit distance (a swap of two neighbouring
/// letters counting one edit: `mpv` finds `mvp`) at most a third of the
/// length.
pub fn nearest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let norm = normalize(input);
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == input {
            continue;
        }
        if normalize(candidate) == norm {
            return Some(candidate);
        }
        let score = strsim::jaro_winkler(&norm, &normalize(candidate));
        let distance = strsim::osa_distance(&norm, &normalize(candidate));
        let close = score >= 0.8 || distance * 3 <= norm.chars().count().max(3);
        // Ties go to the alphabetically first name, whatever the input order.
        if close && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

fn normalize(s: &str) -> String {
    s.trim().to_lowercase().replace('_', "-")
}

/// `help` text for an unknown name: a suggestion if one is close, otherwise nothing.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    nearest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The item id closest to `input`: [`nearest`] on whole ids, then on the
/// last `/`-separated segment, so that `sso` finds `auth/sso` and
/// `auth/sso` finds `sso` after the file moved out of `auth/`. A segment
/// that more than one id ends with suggests none of them.
pub fn nearest_id<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    if let Some(found) = nearest(input, candidates.iter().copied()) {
        return Some(found);
    }
    let last = |id: &str| id.rsplit('/').next().unwrap_or(id).to_string();
    let wanted = last(input);
    let segments: Vec<String> = candidates.iter().map(|c| last(c)).collect();
    let best = nearest(&wanted, segments.iter().map(String::as_str)).or_else(|| {
        // `nearest` skips a candidate equal to its input: the same segment.
        segments.iter().find(|s| **s == wanted).map(String::as_str)
    })?;
    let mut matching = candidates
        .iter()
        .zip(&segments)
        .filter(|(c, s)| s.as_str() == best && **c != input);
    let first = matching.next()?.0;
    match matching.next() {
        Some(_) => None,
        None => Some(first),
    }
}

/// "`a`, `b` or `c`", for listing the allowed values in a message.
pub fn one_of(options: &[&str]) -> String {
    let quoted: Vec<String> = options.iter().map(|o| format!("`{o}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_case_variants() {
        let keys = ["title", "depends-on", "milestone", "estimate"];
        assert_eq!(nearest("depends_on", keys), Some("depends-on"));
        assert_eq!(nearest("dependson", keys), Some("depends-on"));
        assert_eq!(nearest("estimte", keys), Some("estimate"));
        assert_eq!(nearest("Title", keys), Some("title"));
        assert_eq!(nearest("colour", keys), None);
        assert_eq!(nearest("auth-bd", ["auth-db", "billing"]), Some("auth-db"));
        // Two letters swapped in a short id: one edit, not two.
        assert_eq!(nearest("mpv", ["mvp", "beta", "ga"]), Some("mvp"));
        assert_eq!(nearest("dve", ["dev", "ana", "bob"]), Some("dev"));
        assert_eq!(nearest("xyz", ["mvp", "beta", "ga"]), None);
    }

    #[test]
    fn finds_ids_by_their_last_segment() {
        let ids = ["auth/sso", "auth/login", "billing/invoice", "ui/login"];
        assert_eq!(nearest_id("sso", ids), Some("auth/sso"));
        assert_eq!(nearest_id("invoices", ids), Some("billing/invoice"));
        assert_eq!(nearest_id("old/sso", ids), Some("auth/sso"));
        // Two ids end with `login`: neither is more likely.
        assert_eq!(nearest_id("login", ids), None);
        assert_eq!(nearest_id("auth/logn", ids), Some("auth/login"));
        assert_eq!(nearest_id("payments", ids), None);
    }

    #[test]
    fn lists_options() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
