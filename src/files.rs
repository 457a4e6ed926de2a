//! The files a plan was read from, and turning byte offsets into lines and columns.

/// Index of a file in a [`Files`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// One file of the plan, as read from the working tree or a Git tree.
#[derive(Clone, Debug)]
pub struct File {
    /// Path relative to the plan directory, with `/` separators
    /// (`features/auth/sso.toml`).
    pub rel: std::sync::Arc<str>,
    /// Path shown to the user: relative to the current directory for a working
    /// tree, relative to the repository root for a Git revision.
    pub display: std::sync::Arc<str>,
    /// The file's text (empty if the file was not valid UTF-8).
    pub text: std::sync::Arc<str>,
}

/// All files of one loaded plan. Sorted by `rel`, so the order of diagnostics
/// does not depend on the order of the directory listing. Each file is
/// shared: plans of revisions that have it in common (a history walk builds
/// one per commit) hold the same one, one reference count a file.
#[derive(Clone, Debug, Default)]
pub struct Files {
    files: Vec<std::sync::Arc<File>>,
}

/// A 1-based line and column (the column counts characters, not bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl Files {
    pub fn add(&mut self, file: std::sync::Arc<File>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> Option<&File> {
        self.files.get(id.0 as usize).map(|f| &**f)
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &File)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), &**f))
    }
}

impl File {
    /// Line and column of a byte offset. Offsets past the end, or inside a
    /// multi-byte character, are clamped to the nearest valid position.
    pub fn line_col(&self, offset: usize) -> LineCol {
        line_col(&self.text, offset)
    }
}

pub fn line_col(text: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.bytes().filter(|&b| b == b'\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_and_in_characters() {
        let text = "a = 1\nb = \"é\" x\n";
        assert_eq!(line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(line_col(text, 6), LineCol { line: 2, column: 1 });
        // 'x' comes after a two-byte character: byte 15, character column 9.
        assert_eq!(&text[15..16], "x");
        assert_eq!(line_col(text, 15), LineCol { line: 2, column: 9 });
        // Inside the two-byte character: clamped back to its start.
        assert_eq!(line_col(text, 12), LineCol { line: 2, column: 6 });
        assert_eq!(line_col(text, 999), LineCol { line: 3, column: 1 });
    }
}
