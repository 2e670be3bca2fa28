//! Diagnostics: what the build tells an editor, in French, with file, line and a hint.
//!
//! Every stage returns its problems as [`Diagnostic`] values; the CLI renders them at the edge
//! (see `report`). A diagnostic carries the text of its source line so it can be rendered
//! without going back to the file.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The commune cannot be published.
    Error,
    /// Published, but someone should fix it.
    Warning,
    /// A person must look (accessibility review); never a failure.
    Review,
}

/// A position in a source file, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Location {
    /// Path shown to the user, relative to the communes folder when possible.
    pub file: String,
    pub line: u32,
    pub column: u32,
}

/// One problem found while building a commune.
///
/// Deserialized from the manifests of incremental builds, which replay a skipped
/// commune's diagnostics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable identifier, e.g. `config.cle-inconnue` or an RGAA test id such as `1.1.1`.
    pub code: String,
    /// What is wrong, in French.
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The text of the source line, for the excerpt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_line: Option<String>,
    /// How to fix it, in French.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The RGAA finding behind this diagnostic, positioned like it, for `usine check` formats.
    #[serde(skip)]
    pub finding: Option<Box<accessibility::Finding>>,
}

impl Diagnostic {
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_owned(),
            message: message.into(),
            location: None,
            source_line: None,
            hint: None,
            finding: None,
        }
    }

    /// Points at `line`/`column` of `file`, keeping the line's text from `source` for the excerpt.
    pub fn at(mut self, file: &str, source: &str, line: u32, column: u32) -> Self {
        self.source_line = source
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(str::to_owned);
        self.location = Some(Location {
            file: file.to_owned(),
            line,
            column: column.max(1),
        });
        self
    }

    /// Points at the byte `offset` of `source`.
    pub fn at_offset(self, file: &str, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(file, source, line, column)
    }

    /// Names a file without a line (missing file, unreadable folder).
    pub fn in_file(mut self, file: &str) -> Self {
        self.location = Some(Location {
            file: file.to_owned(),
            line: 0,
            column: 0,
        });
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line as u32, column as u32)
}

/// The path shown to editors: relative to `base` when it can be, with `/` separators.
pub fn display_path(path: &Path, base: &Path) -> String {
    let shown = path.strip_prefix(base).unwrap_or(path);
    shown.to_string_lossy().replace('\\', "/")
}

/// Sorts diagnostics by file, line and column so reports read top to bottom, and drops
/// repeats (a broken template gives the same error for every page that uses it).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        a.location
            .cmp(&b.location)
            .then(a.severity.cmp(&b.severity))
            .then(a.message.cmp(&b.message))
    });
    diagnostics
        .dedup_by(|a, b| a.location == b.location && a.code == b.code && a.message == b.message);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\néàc\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (2, 1));
        // 'c' comes after two 2-byte characters.
        assert_eq!(line_column(text, 7), (2, 3));
    }

    #[test]
    fn sort_drops_repeated_diagnostics() {
        let same = || Diagnostic::error("theme.gabarit", "champ inconnu").at("t.html", "a\n", 1, 3);
        let mut list = vec![same(), Diagnostic::warning("w", "autre"), same()];
        sort(&mut list);
        assert_eq!(list.len(), 2);
    }

    #[test]
    fn line_column_clamps_inside_a_character() {
        assert_eq!(line_column("é", 1), (1, 1));
    }
}
