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
    let wanted = Name::new(input);
    closest(&wanted, candidates.into_iter().map(Name::new))
}

/// A name with the form it is compared in ([`normalize`]).
struct Name<'a> {
    name: &'a str,
    norm: String,
    /// The characters of `norm`.
    chars: usize,
}

impl<'a> Name<'a> {
    fn new(name: &'a str) -> Name<'a> {
        let norm = normalize(name);
        let chars = if norm.is_ascii() {
            norm.len()
        } else {
            norm.chars().count()
        };
        Name { name, norm, chars }
    }
}

/// [`nearest`] of `wanted` among `candidates`, in their order. The work
/// is kept to what can change the answer: a candidate that cannot beat the
/// best so far is not measured further, and the edit distance, which
/// costs most, is measured only when the similarity falls short and the
/// lengths alone do not rule it out.
fn closest<'a, N>(wanted: &Name<'_>, candidates: impl Iterator<Item = N>) -> Option<&'a str>
where
    N: std::borrow::Borrow<Name<'a>>,
{
    let (input, norm) = (wanted.name, &*wanted.norm);
    let len = wanted.chars.max(3);
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let c = c.borrow();
        if c.name == input {
            continue;
        }
        if c.norm == norm {
            return Some(c.name);
        }
        let score = similarity(norm, &c.norm);
        // Ties go to the alphabetically first name, whatever the input order.
        if best.is_some_and(|(s, n)| !(score > s || (score == s && c.name < n))) {
            continue;
        }
        // An edit changes the length by one at most.
        let close = score >= 0.8
            || (c.chars.abs_diff(wanted.chars) * 3 <= len && strsim::osa_distance(norm, &c.norm) * 3 <= len);
        if close {
            best = Some((score, c.name));
        }
    }
    best.map(|(_, c)| c)
}

/// The Jaro-Winkler similarity of `a` and `b`: by bytes when both are
/// ASCII (each character one byte, so the same figure), else by characters.
fn similarity(a: &str, b: &str) -> f64 {
    if a.is_ascii() && b.is_ascii() {
        strsim::generic_jaro_winkler(&Bytes(a.as_bytes()), &Bytes(b.as_bytes()))
    } else {
        strsim::jaro_winkler(a, b)
    }
}

/// A string's bytes, as `strsim`'s generic measures take a sequence.
struct Bytes<'a>(&'a [u8]);

impl<'b> IntoIterator for &Bytes<'b> {
    type Item = u8;
    type IntoIter = std::iter::Copied<std::slice::Iter<'b, u8>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().copied()
    }
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
    Names::new(candidates).nearest_id(input)
}

/// Names to suggest from ([`nearest`], [`nearest_id`]), each put in the
/// form it is compared in once: a plan whose folder was renamed asks about
/// hundreds of ids that are gone, each of every id. What a question costs
/// is known before it is asked ([`Names::work`], [`Names::segment_work`]),
/// so that a caller can keep to a budget.
pub struct Names<'a> {
    whole: Vec<Name<'a>>,
    /// The last segment of each id, in the same order.
    last: Vec<Name<'a>>,
    /// Σ (characters + 2) over `whole`, and over `last` ([`work`]).
    sizes: (usize, usize),
}

/// The work of comparing a name of `a` characters with names whose
/// characters plus two sum to `b`: measuring two names takes time in
/// proportion to the product of their lengths, and some however short.
fn work(a: usize, b: usize) -> usize {
    a.saturating_add(2).saturating_mul(b)
}

impl<'a> Names<'a> {
    /// The names `candidates`, in the order they are tried.
    pub fn new<I: IntoIterator<Item = &'a str>>(candidates: I) -> Names<'a> {
        let whole: Vec<Name<'a>> = candidates.into_iter().map(Name::new).collect();
        let last: Vec<Name<'a>> = whole.iter().map(|c| Name::new(last_segment(c.name))).collect();
        let size = |names: &[Name<'_>]| names.iter().map(|n| n.chars + 2).sum();
        let sizes = (size(&whole), size(&last));
        Names { whole, last, sizes }
    }

    /// What [`Names::nearest`] of `input` costs, in pairs of characters
    /// compared (an upper bound, in proportion to its time).
    pub fn work(&self, input: &str) -> usize {
        work(Name::new(input).chars, self.sizes.0)
    }

    /// What [`Names::by_segment`] of `input` costs, as [`Names::work`].
    pub fn segment_work(&self, input: &str) -> usize {
        work(Name::new(last_segment(input)).chars, self.sizes.1)
    }

    /// [`nearest`] of `input` among these names.
    pub fn nearest(&self, input: &str) -> Option<&'a str> {
        closest(&Name::new(input), self.whole.iter())
    }

    /// [`nearest_id`] of `input` among these names: [`Names::nearest`],
    /// else [`Names::by_segment`].
    pub fn nearest_id(&self, input: &str) -> Option<&'a str> {
        self.nearest(input).or_else(|| self.by_segment(input))
    }

    /// The one name whose last `/`-separated segment is the nearest to
    /// `input`'s (or the same), if only one has it: what [`nearest_id`]
    /// suggests when no whole name is close.
    pub fn by_segment(&self, input: &str) -> Option<&'a str> {
        let wanted = last_segment(input);
        let best = closest(&Name::new(wanted), self.last.iter()).or_else(|| {
            // `closest` skips a candidate equal to its input: the same segment.
            self.last.iter().find(|s| s.name == wanted).map(|s| s.name)
        })?;
        let mut matching = self
            .whole
            .iter()
            .zip(&self.last)
            .filter(|(c, s)| s.name == best && c.name != input);
        let first = matching.next()?.0.name;
        match matching.next() {
            Some(_) => None,
            None => Some(first),
        }
    }
}

/// What follows the last `/` of `id` (all of it without one).
fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
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

    /// [`nearest`] as first written: every candidate normalized, measured
    /// both ways, and compared. What the faster one must answer.
    fn nearest_as_written<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
        let norm = normalize(input);
        let mut best: Option<(f64, &'a str)> = None;
        for &candidate in candidates {
            if candidate == input {
                continue;
            }
            if normalize(candidate) == norm {
                return Some(candidate);
            }
            let score = strsim::jaro_winkler(&norm, &normalize(candidate));
            let distance = strsim::osa_distance(&norm, &normalize(candidate));
            let close = score >= 0.8 || distance * 3 <= norm.chars().count().max(3);
            if close && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
                best = Some((score, candidate));
            }
        }
        best.map(|(_, c)| c)
    }

    /// [`nearest_id`] as first written, on [`nearest_as_written`].
    fn nearest_id_as_written<'a>(input: &str, candidates: &[&'a str]) -> Option<&'a str> {
        if let Some(found) = nearest_as_written(input, candidates) {
            return Some(found);
        }
        let last = |id: &str| id.rsplit('/').next().unwrap_or(id).to_string();
        let wanted = last(input);
        let segments: Vec<String> = candidates.iter().map(|c| last(c)).collect();
        let as_str: Vec<&str> = segments.iter().map(String::as_str).collect();
        let best = nearest_as_written(&wanted, &as_str)
            .or_else(|| segments.iter().find(|s| **s == wanted).map(String::as_str))?;
        let mut matching = candidates
            .iter()
            .zip(&segments)
            .filter(|(c, s)| s.as_str() == best && **c != input);
        let first = *matching.next()?.0;
        match matching.next() {
            Some(_) => None,
            None => Some(first),
        }
    }

    /// On random names (ASCII and not, folders, case, `_`), the
    /// suggestions are those of the first, plainer way of working them out,
    /// asked once or again of the same ids; each kind of answer is counted
    /// so that the test cannot pass on one alone.
    #[test]
    fn suggestions_are_those_worked_out_the_plain_way() {
        use crate::incremental::testgen::Rng;
        const PARTS: [&str; 12] = ["a", "b", "ab", "ba", "x", "é", "É", "_", "-", "/", "Q", "ss"];
        let word = |rng: &mut Rng, most: usize| {
            let len = 1 + rng.below(most);
            (0..len).map(|_| PARTS[rng.below(PARTS.len())]).collect::<String>()
        };
        // Found at once, found by its last segment, none.
        let mut seen = [0usize; 3];
        for seed in 1..=1500u64 {
            let mut rng = Rng(0xD1B5_4A32_D192_ED03 ^ seed);
            let mut names: Vec<String> = (0..rng.below(12)).map(|_| word(&mut rng, 5)).collect();
            names.sort();
            names.dedup();
            let candidates: Vec<&str> = names.iter().map(String::as_str).collect();
            let ids = Names::new(candidates.iter().copied());
            for _ in 0..4 {
                let input = match rng.below(3) {
                    0 if !names.is_empty() => {
                        // A near miss of a candidate.
                        let mut s = names[rng.below(names.len())].clone();
                        s.push_str(PARTS[rng.below(PARTS.len())]);
                        s
                    }
                    _ => word(&mut rng, 6),
                };
                let expected = nearest_as_written(&input, &candidates);
                assert_eq!(
                    nearest(&input, candidates.iter().copied()),
                    expected,
                    "seed {seed}: {input:?} in {candidates:?}"
                );
                assert_eq!(
                    ids.nearest(&input),
                    expected,
                    "seed {seed}: {input:?} in {candidates:?}"
                );
                let expected_id = nearest_id_as_written(&input, &candidates);
                assert_eq!(
                    ids.nearest_id(&input),
                    expected_id,
                    "seed {seed}: {input:?} in {candidates:?}"
                );
                assert_eq!(ids.nearest_id(&input), expected_id, "seed {seed}, asked again");
                seen[match (expected, expected_id) {
                    (Some(_), _) => 0,
                    (None, Some(_)) => 1,
                    (None, None) => 2,
                }] += 1;
            }
        }
        assert!(seen.iter().all(|&n| n > 300), "{seen:?}");
    }

    #[test]
    fn lists_options() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
    }
}
