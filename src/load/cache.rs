//! The files read from Git, each path and blob decoded once ([`Cache`]):
//! what the plans of several revisions share.

use std::sync::{Arc, Mutex, OnceLock};

use super::{Prepared, assemble_from, file_id, prepare};
use crate::git::{ObjectId, TreeFile};
use crate::plan::Plan;
use crate::source::{Refused, join_display};

/// One distinct file read from Git: a path under the plan directory
/// (`/`-separated) holding a blob, read once and decoded once, by the
/// first thread that needs it. (A history walk reads on one thread and
/// decodes on the others: decoding every file of the first plan as it
/// reads them would keep the others waiting for their first run.)
#[derive(Debug)]
pub(crate) struct Blob {
    pub(crate) rel: Arc<str>,
    pub(crate) id: ObjectId,
    /// How messages show its path.
    display: String,
    /// Its content, until decoded.
    bytes: Mutex<Option<Result<Vec<u8>, Refused>>>,
    decoded: OnceLock<Prepared>,
}

impl Blob {
    /// The file decoded (see [`prepare()`]); another thread asking while it
    /// is being decoded waits for it.
    pub(crate) fn prepared(&self) -> &Prepared {
        self.decoded.get_or_init(|| {
            // Taken once: only the first call runs this. (Were decoding to
            // panic, another thread could run it again and find no bytes:
            // it would decode an empty file, but the panic fails the whole
            // command when the threads are joined, so nothing is written.)
            let bytes = self
                .bytes
                .lock()
                .ok()
                .and_then(|mut b| b.take())
                .unwrap_or(Ok(Vec::new()));
            // Its problems point at file 0 until a plan is assembled from
            // it (see `assemble_after`).
            prepare(file_id(0), self.rel.to_string(), self.display.clone(), bytes)
        })
    }
}

/// The files read from Git, each distinct path and blob once, numbered in
/// the order they were read and decoded once (`Blob::prepared`): what the
/// plans of several revisions share (the two sides of a diff, the commits
/// of a history walk). Plans that have a file in common share its text and
/// decoded data, not copies.
#[derive(Default)]
pub struct Cache {
    blobs: Vec<Arc<Blob>>,
    /// The numbers of the files holding each blob (almost always one),
    /// hashed fast: object ids are uniformly distributed already.
    by_blob: std::collections::HashMap<ObjectId, Vec<u32>, foldhash::fast::FixedState>,
    /// The files of the blobs held by more than [`FEW`] paths (a commit of
    /// 50,000 empty files), by blob and path: searching them one by one
    /// would cost the square of their number.
    by_path: std::collections::HashMap<(ObjectId, Arc<str>), u32, foldhash::fast::FixedState>,
}

/// How many files may hold one blob before they are found by path
/// ([`Cache::by_path`]) rather than one by one.
const FEW: usize = 8;

impl Cache {
    /// The number of the file holding `blob` whose path is `prefix`
    /// followed by `name`.
    pub(crate) fn find(&self, blob: ObjectId, prefix: &str, name: &str) -> Option<u32> {
        let numbers = self.by_blob.get(&blob)?;
        if numbers.len() > FEW {
            let path: Arc<str> = Arc::from(format!("{prefix}{name}"));
            return self.by_path.get(&(blob, path)).copied();
        }
        let same = |r: &str| r.len() == prefix.len() + name.len() && r.starts_with(prefix) && r.ends_with(name);
        numbers
            .iter()
            .copied()
            .find(|&n| self.blobs.get(n as usize).is_some_and(|b| same(&b.rel)))
    }

    /// Adds the file `rel` (shown as `display`) holding `blob`, whose
    /// content is `bytes` (or why it is not read), to be decoded when first needed; returns its
    /// number.
    pub(crate) fn add(
        &mut self,
        rel: Arc<str>,
        blob: ObjectId,
        display: String,
        bytes: Result<Vec<u8>, Refused>,
    ) -> u32 {
        let n = u32::try_from(self.blobs.len()).unwrap_or(u32::MAX);
        self.blobs.push(Arc::new(Blob {
            rel: rel.clone(),
            id: blob,
            display,
            bytes: Mutex::new(Some(bytes)),
            decoded: OnceLock::new(),
        }));
        let numbers = self.by_blob.entry(blob).or_default();
        numbers.push(n);
        match numbers.len() {
            len if len < FEW + 1 => {}
            // Past a few: every file of the blob is found by path from now on.
            len if len == FEW + 1 => {
                for &m in numbers.iter() {
                    if let Some(b) = self.blobs.get(m as usize) {
                        self.by_path.entry((blob, b.rel.clone())).or_insert(m);
                    }
                }
            }
            _ => {
                self.by_path.entry((blob, rel)).or_insert(n);
            }
        }
        n
    }

    /// Every file, by number.
    pub(crate) fn blobs(&self) -> &[Arc<Blob>] {
        &self.blobs
    }

    /// The plan of the files `files`, sorted by path, as
    /// [`crate::git::Repo::read_plan`] reads them from the plan directory
    /// shown as `plan_path`: the ones the cache has (their content left
    /// out) are taken from it, the others added to it and decoded on all
    /// cores.
    pub(super) fn plan(&mut self, files: Vec<TreeFile>, plan_path: &str) -> Plan {
        let start = self.blobs.len();
        let mut listing = Vec::with_capacity(files.len());
        for f in files {
            let n = match f.bytes {
                Some(bytes) => Some(self.add(
                    Arc::from(f.rel.as_str()),
                    f.blob,
                    join_display(plan_path, &f.rel),
                    bytes,
                )),
                // Left out because the cache said it had it.
                None => self.find(f.blob, "", &f.rel),
            };
            listing.extend(n);
        }
        crate::par::map(self.blobs.get(start..).unwrap_or_default(), |b| {
            b.prepared();
        });
        assemble_from(
            listing
                .iter()
                .filter_map(|&n| Some(self.blobs.get(n as usize)?.prepared())),
        )
    }
}
