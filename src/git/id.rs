//! Git object ids, as milepost keeps them: 20 bytes, with no git2 type
//! in sight outside this module.

use crate::error::Result;

/// A Git object id (SHA-1): a commit, a tree or a blob. Equal ids mean
/// equal content.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId([u8; 20]);

const HEX: &[u8; 16] = b"0123456789abcdef";

impl ObjectId {
    pub const fn from_bytes(bytes: [u8; 20]) -> ObjectId {
        ObjectId(bytes)
    }

    pub fn as_bytes(&self) -> &[u8; 20] {
        &self.0
    }

    /// The id as Git abbreviates it: its first seven hex digits (formatted
    /// straight from the bytes: the whole id is 40).
    pub fn short(&self) -> String {
        self.hex().take(7).map(char::from).collect()
    }

    fn hex(&self) -> impl Iterator<Item = u8> + '_ {
        self.0
            .iter()
            .flat_map(|b| [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]])
    }

    /// The id of a `git2` object.
    pub(crate) fn from_git(oid: git2::Oid) -> ObjectId {
        // Without git2's `unstable-sha256` feature an id is always 20 bytes.
        ObjectId(<[u8; 20]>::try_from(oid.as_bytes()).unwrap_or_default())
    }

    pub(super) fn to_git(self) -> Result<git2::Oid> {
        git2::Oid::from_bytes(&self.0).map_err(|e| super::error(&e))
    }
}

impl std::fmt::Display for ObjectId {
    /// The 40 lowercase hex digits, as Git writes an id.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = [0; 40];
        for (to, from) in text.iter_mut().zip(self.hex()) {
            *to = from;
        }
        f.write_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

impl std::fmt::Debug for ObjectId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for ObjectId {
    type Err = String;

    /// Reads a full id: 40 hex digits, in either case.
    fn from_str(s: &str) -> std::result::Result<ObjectId, String> {
        let digit = |c: u8| char::from(c).to_digit(16).and_then(|d| u8::try_from(d).ok());
        let text = s.as_bytes();
        let mut bytes = [0; 20];
        if text.len() != 40 {
            return Err(format!("`{s}` is not a full object id (40 hex digits)"));
        }
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            match (digit(pair[0]), digit(pair[1])) {
                (Some(high), Some(low)) => *byte = high << 4 | low,
                _ => return Err(format!("`{s}` is not a full object id (40 hex digits)")),
            }
        }
        Ok(ObjectId(bytes))
    }
}
