//! Plans edited at random, for the tests that check reuse against work
//! done from scratch: features added (some with the id of a milestone),
//! removed, re-estimated, linked anew (sometimes into a cycle, or to a
//! milestone), moved to another milestone, started, finished, cut and
//! restored, given to someone unknown, or only retitled; and a risk that
//! occurs, is closed or opened again, on other features and milestones.

use std::collections::BTreeMap;

use crate::load::{Prepared, assemble_from, file_id, prepare};
use crate::plan::Plan;

/// A small deterministic generator (xorshift).
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n.max(1) as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A feature as the test writes it.
#[derive(Clone)]
struct Feature {
    estimate: String,
    milestone: Option<&'static str>,
    owner: &'static str,
    /// As written in `depends-on` (some with a type and a lag).
    deps: Vec<String>,
    state: &'static str,
    title: usize,
}

impl Feature {
    fn text(&self) -> String {
        let mut s = format!(
            "title = \"T{}\"\nowner = \"{}\"\nestimate = {}\n",
            self.title, self.owner, self.estimate
        );
        if let Some(m) = self.milestone {
            s += &format!("milestone = \"{m}\"\n");
        }
        s += self.state;
        s += &format!("depends-on = [{}]\n", self.deps.join(", "));
        s
    }
}

/// Ids the features may take (paths `features/{id}.toml`): in folders,
/// and ordered differently by id and by path (`a/x-1` before `a/x`).
const NAMES: &[&str] = &[
    "a/x", "a/x-1", "a/x/y", "a-b", "b/one", "b/two", "b/three", "c", "c-d", "c_e", "d/p", "d/q", "e", "f/g", "f/h",
    "g", "h/i", "h-j", "k", "m/n",
];
const STATES: &[&str] = &[
    "",
    "",
    "status = \"in-progress\"\nstarted = 2026-03-04\n",
    "status = \"done\"\nstarted = 2026-03-02\nfinished = 2026-03-06\n",
    "status = \"cut\"\n",
    "not-before = 2026-04-01\n",
    "status = \"blocked\"\nstarted = 2026-03-10\nremaining = \"4d\"\n",
];
const MILESTONES: &[Option<&str>] = &[Some("m1"), Some("m2"), Some("m3"), None];

/// A plan being edited at random: its features by id, in the order they
/// were added (a new feature depends on older ones), and each file's text
/// with its decoded file, shared from one plan to the next while the text
/// stays the same, as a history walk shares them.
pub(crate) struct Edited {
    features: BTreeMap<String, Feature>,
    order: Vec<String>,
    files: BTreeMap<String, (String, Prepared)>,
    title: usize,
    /// The text of `risks/r.toml`, when there is one.
    risk: Option<String>,
}

impl Default for Edited {
    /// A plan with feature `c`, which milestone `m3` waits for.
    fn default() -> Edited {
        let c = Feature {
            estimate: "\"3d\"".into(),
            milestone: Some("m2"),
            owner: "ana",
            deps: Vec::new(),
            state: "",
            title: 0,
        };
        Edited {
            features: BTreeMap::from([("c".to_string(), c)]),
            order: vec!["c".into()],
            files: BTreeMap::new(),
            title: 0,
            risk: None,
        }
    }
}

impl Edited {
    /// A feature of id `id` depending on some of `older` (mostly the most
    /// recent), in a milestone no earlier than theirs (mostly).
    fn random_feature(&self, rng: &mut Rng, id: &str, older: &[String]) -> Feature {
        let mut deps = Vec::new();
        let mut named = Vec::new();
        let mut latest = 0;
        for _ in 0..rng.below(4) {
            let Some(dep) = older.get(older.len().saturating_sub(1 + rng.below(6))) else {
                break;
            };
            if dep == id || named.contains(&dep) {
                continue;
            }
            named.push(dep);
            if let Some(m) = self.features.get(dep).and_then(|f| f.milestone) {
                latest = latest.max(MILESTONES.iter().position(|x| *x == Some(m)).unwrap_or(0));
            }
            deps.push(match rng.below(6) {
                0 => format!("{{ id = \"{dep}\", type = \"SS\", lag = \"2d\" }}"),
                1 => format!("{{ id = \"{dep}\", type = \"FF\", lag = \"-1d\" }}"),
                _ => format!("\"{dep}\""),
            });
        }

        let estimate = if rng.chance(30) {
            "{ low = \"2d\", likely = \"4d\", high = \"9d\" }".to_string()
        } else {
            format!("\"{}d\"", 1 + rng.below(9))
        };
        let milestone = if rng.chance(10) {
            MILESTONES[rng.below(MILESTONES.len())]
        } else {
            MILESTONES[latest + rng.below(MILESTONES.len() - latest)]
        };
        // Waiting for a milestone: for work of a later one.
        if milestone != MILESTONES[0] && rng.chance(8) {
            deps.push("\"m1\"".into());
        }
        if milestone != MILESTONES[2] && rng.chance(4) {
            deps.push("\"m3\"".into());
        }
        Feature {
            estimate,
            milestone,
            owner: if rng.chance(1) { "zed" } else { "ana" },
            deps,
            state: STATES[rng.below(STATES.len())],
            title: self.title,
        }
    }

    /// Whether an item depends on `id` (milestone `m3` on `c`).
    fn depended_on(&self, id: &str) -> bool {
        let quoted = format!("\"{id}\"");
        id == "c"
            || self
                .features
                .values()
                .any(|f| f.deps.iter().any(|d| d.contains(&quoted)))
    }

    /// One random edit.
    pub(crate) fn edit(&mut self, rng: &mut Rng) {
        self.title += 1;
        let ids: Vec<String> = self.features.keys().cloned().collect();
        let pick = |rng: &mut Rng| ids.get(rng.below(ids.len())).cloned();
        // One edit in eleven is the risk's.
        if rng.chance(9) {
            self.edit_risk(rng, &ids);
            return;
        }
        match rng.below(10) {
            0..=2 => {
                let id = if rng.chance(2) {
                    ["m2", "m3"][rng.below(2)].to_string()
                } else {
                    NAMES[rng.below(NAMES.len())].to_string()
                };
                // An id already there keeps its place among the others:
                // depending on later ones could close a cycle.
                let older: Vec<String> = self.order.iter().take_while(|o| **o != id).cloned().collect();
                let f = self.random_feature(rng, &id, &older);
                if !self.order.contains(&id) {
                    self.order.push(id.clone());
                }
                self.features.insert(id, f);
            }
            3 => {
                // Mostly one nothing depends on (and the one with a
                // milestone's id first).
                let id = match ["m2", "m3"].into_iter().find(|m| self.features.contains_key(*m)) {
                    Some(m) => Some(m.to_string()),
                    None => pick(rng),
                };
                if let Some(id) = id.filter(|id| !self.depended_on(id) || rng.chance(3)) {
                    self.features.remove(&id);
                    self.order.retain(|o| *o != id);
                }
            }
            kind => {
                let Some(id) = pick(rng) else { return };
                // Sometimes on anything: maybe into a cycle.
                let older: Vec<String> = if rng.chance(2) {
                    ids.clone()
                } else {
                    self.order.iter().take_while(|o| **o != id).cloned().collect()
                };
                let fresh = self.random_feature(rng, &id, &older);
                let title = self.title;
                let Some(f) = self.features.get_mut(&id) else { return };
                match kind {
                    4 => f.estimate = fresh.estimate,
                    5 => f.deps = fresh.deps,
                    6 => f.milestone = fresh.milestone,
                    7 => f.state = fresh.state,
                    8 => f.owner = fresh.owner,
                    _ => f.title = title,
                }
            }
        }
    }

    /// The risk written anew: occurred (mostly), open or closed, of 1 to
    /// 3 days, on one or two of the features (or a milestone, or an id
    /// the plan no longer has).
    fn edit_risk(&mut self, rng: &mut Rng, ids: &[String]) {
        let status = ["occurred", "occurred", "open", "closed"][rng.below(4)];
        let mut affects = Vec::new();
        for _ in 0..1 + rng.below(2) {
            let id = match rng.below(5) {
                0 => ["m1", "m2", "m3"][rng.below(3)].to_string(),
                1 => NAMES[rng.below(NAMES.len())].to_string(),
                _ => ids.get(rng.below(ids.len())).cloned().unwrap_or_default(),
            };
            affects.push(format!("\"{id}\""));
        }
        self.risk = Some(format!(
            "title = \"R\"\nprobability = 0.5\nstatus = \"{status}\"\nimpact = {{ days = {} }}\naffects = [{}]\n",
            1 + rng.below(3),
            affects.join(", ")
        ));
    }

    /// The plan as it stands, decoding only the files whose text changed.
    pub(crate) fn plan(&mut self) -> Plan {
        let mut texts: BTreeMap<String, String> = BTreeMap::new();
        texts.insert(
            "project.toml".into(),
            "[project]\nname = \"P\"\nstart = 2026-03-02\n\n[[people]]\nid = \"ana\"\nname = \"Ana\"\nday-rate = 612.37\n".into(),
        );
        texts.insert(
            "milestones/m1.toml".into(),
            "title = \"M1\"\ndeadline = 2026-04-10\n".into(),
        );
        texts.insert(
            "milestones/m2.toml".into(),
            "title = \"M2\"\ndeadline = 2026-03-20\ndepends-on = [\"m1\"]\n".into(),
        );
        texts.insert(
            "milestones/m3.toml".into(),
            "title = \"M3\"\ndeadline = 2026-05-01\ndepends-on = [\"c\"]\n".into(),
        );
        for (id, f) in &self.features {
            texts.insert(format!("features/{id}.toml"), f.text());
        }
        if let Some(risk) = &self.risk {
            texts.insert("risks/r.toml".into(), risk.clone());
        }
        self.files.retain(|rel, _| texts.contains_key(rel));
        for (rel, text) in texts {
            if self.files.get(&rel).is_none_or(|(t, _)| *t != text) {
                let p = prepare(
                    file_id(0),
                    rel.clone(),
                    format!("plan/{rel}"),
                    Ok(text.clone().into_bytes()),
                );
                self.files.insert(rel, (text, p));
            }
        }
        assemble_from(self.files.values().map(|(_, p)| p))
    }
}
