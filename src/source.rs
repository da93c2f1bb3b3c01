//! Source files as read: their relative path, text, and a line index that turns
//! byte offsets into 1-based line and column (columns count characters).

use std::ops::Range;

/// A decoded source file.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// Path relative to the root, with `/` separators.
    pub path: String,
    /// Text without a byte-order mark.
    pub text: String,
    /// Byte offset of each line's start (records are at most 1 MiB; a longer text's
    /// offsets past 4 GiB would clamp, which no reader allows).
    line_starts: Vec<u32>,
    digest: u128,
}

/// A position in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// Length of the span on that line, in characters (at least 1).
    pub width: usize,
}

impl Source {
    /// Index a decoded text.
    pub fn new(path: impl Into<String>, text: String) -> Source {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.match_indices('\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        let digest = xxhash_rust::xxh3::xxh3_128(text.as_bytes());
        Source {
            path: path.into(),
            text,
            line_starts,
            digest,
        }
    }

    /// XXH3-128 of the text as read (kept after [`Source::forget_text`]).
    pub fn digest(&self) -> u128 {
        self.digest
    }

    /// Drop the text and its line index once nothing will ask for lines or positions
    /// again (a site build after checking: at 100,000 records the texts are most of
    /// the memory). Positions then all read 1:1.
    pub fn forget_text(&mut self) {
        self.text = String::new();
        self.line_starts = vec![0];
    }

    /// The text of 1-based line `n`, without its line end.
    pub fn line_text(&self, n: usize) -> &str {
        let Some(start) = self.start_of(n.wrapping_sub(1)) else {
            return "";
        };
        let end = self.start_of(n).unwrap_or(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }

    /// Byte offset of the start of 0-based line `i`.
    fn start_of(&self, i: usize) -> Option<usize> {
        self.line_starts.get(i).map(|&s| s as usize)
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Position of a byte span (clamped to the text).
    pub fn pos(&self, span: Range<usize>) -> Pos {
        let start = span.start.min(self.text.len());
        let key = u32::try_from(start).unwrap_or(u32::MAX);
        let line_idx = match self.line_starts.binary_search(&key) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.start_of(line_idx).unwrap_or(0);
        let prefix = self.text.get(line_start..start).unwrap_or("");
        let line = self.line_text(line_idx + 1);
        let end = span.end.clamp(start, line_start + line.len());
        let width = self.text.get(start..end).map_or(0, |s| s.chars().count());
        Pos {
            line: line_idx + 1,
            column: prefix.chars().count() + 1,
            width: width.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_survive_crlf() {
        let s = Source::new("a.toml", "id = \"1\"\r\nname = \"年产\"\r\n".into());
        let p = s.pos(14..22);
        assert_eq!(p.line, 2);
        assert_eq!(p.column, 5);
        assert_eq!(s.line_text(2), "name = \"年产\"");
        assert_eq!(s.line_text(9), "");
        let end = s.pos(10_000..10_001);
        assert_eq!(end.line, 3);
    }
}
