//! Download links (RGAA 6.1 and 13.3): every link to a PDF or office file tells its format
//! and size in its text, « Délibération du 11 juillet 2024 (PDF, 245 Ko) ».
//!
//! The model measures each published document once ([`table`]); the check stage's lol_html
//! pass appends the details to a link's text unless the editor already wrote them (the text
//! names the format and a size in Ko, Mo or octets).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// A document published with the site: its format as shown to visitors, and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Download {
    pub format: &'static str,
    pub bytes: u64,
}

impl Download {
    /// `PDF, 245 Ko`.
    pub fn details(self) -> String {
        format!("{}, {}", self.format, french_size(self.bytes))
    }
}

/// Published URL (`/mairie/deliberation.pdf`) → document, for every asset that is a document.
pub type Downloads = HashMap<String, Download>;

/// The format visitors know a file by, from its extension; `None` for pages, images and
/// other files that open in the browser.
pub fn format_of(path: &str) -> Option<&'static str> {
    let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => "PDF",
        "doc" => "Word",
        "docx" => "Word",
        "odt" => "OpenDocument texte",
        "ods" => "OpenDocument tableur",
        "odp" => "OpenDocument présentation",
        "xls" | "xlsx" => "Excel",
        "ppt" | "pptx" => "PowerPoint",
        "rtf" => "RTF",
        "csv" => "CSV",
        "zip" => "ZIP",
        "epub" => "EPUB",
        _ => return None,
    })
}

/// Measures every document among the site's assets (one `stat` each, once per build).
pub fn table(root: &Path, assets: &BTreeMap<PathBuf, String>) -> Downloads {
    assets
        .iter()
        .filter_map(|(source, output)| {
            let format = format_of(output)?;
            let bytes = std::fs::metadata(root.join(source)).ok()?.len();
            Some((format!("/{output}"), Download { format, bytes }))
        })
        .collect()
}

/// The document a link leads to, if it is one of the site's.
pub fn lookup<'a>(downloads: &'a Downloads, href: &str) -> Option<&'a Download> {
    if downloads.is_empty() {
        return None;
    }
    let path = href.split(['#', '?']).next().unwrap_or(href);
    downloads.get(path)
}

/// Whether a link's text already tells the format and the size: then nothing is added.
pub fn already_described(text: &str, download: Download) -> bool {
    let text = text.to_lowercase();
    let format = download.format.to_lowercase();
    let names_format = text.contains(&format)
        || (download.format == "Word" && text.contains("doc"))
        || (download.format.starts_with("OpenDocument") && text.contains("od"));
    let names_size = ["ko", "mo", "octets", "kb", "mb"].iter().any(|unit| {
        text.match_indices(unit).any(|(at, _)| {
            text[..at]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_digit())
        })
    });
    names_format && names_size
}

/// `3 Ko`, `1,2 Mo`: sizes as the RGAA asks them shown next to download links.
pub fn french_size(bytes: u64) -> String {
    const KO: u64 = 1024;
    const MO: u64 = 1024 * 1024;
    if bytes < MO {
        format!("{} Ko", bytes.div_ceil(KO).max(1))
    } else {
        let tenths = (bytes * 10).div_ceil(MO);
        format!("{},{} Mo", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: Download = Download {
        format: "PDF",
        bytes: 250_000,
    };

    #[test]
    fn details_and_sizes() {
        assert_eq!(PDF.details(), "PDF, 245 Ko");
        assert_eq!(french_size(10), "1 Ko");
        assert_eq!(french_size(3000), "3 Ko");
        assert_eq!(french_size(1_300_000), "1,3 Mo");
    }

    #[test]
    fn formats_come_from_the_extension() {
        assert_eq!(format_of("/a/b.PDF"), Some("PDF"));
        assert_eq!(format_of("/a/b.odt"), Some("OpenDocument texte"));
        assert_eq!(format_of("/a/b.jpg"), None);
        assert_eq!(format_of("/a/"), None);
    }

    #[test]
    fn text_that_already_tells_format_and_size_is_kept() {
        assert!(already_described("Délibération (PDF, 3 Ko)", PDF));
        assert!(already_described("Budget – pdf 1,2 Mo", PDF));
        assert!(!already_described("Télécharger le PDF", PDF));
        assert!(!already_described("Délibération 2026-013", PDF));
    }

    #[test]
    fn lookup_ignores_query_and_fragment() {
        let table: Downloads = [("/a.pdf".to_owned(), PDF)].into();
        assert_eq!(lookup(&table, "/a.pdf#page=2"), Some(&PDF));
        assert_eq!(lookup(&table, "/b.pdf"), None);
    }
}
