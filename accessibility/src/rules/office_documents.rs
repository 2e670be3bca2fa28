//! # 13.3.1 — Document bureautique en téléchargement
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque lien vers un document bureautique (`.pdf`, `.doc`, `.docx`, `.odt`, `.ods`,
//! `.odp`, `.xls`, `.xlsx`, `.ppt`, `.pptx`, `.rtf`) : une personne vérifie que le document est
//! accessible ou qu’une version accessible (HTML ou document balisé) est proposée.
//!
//! ## Pourquoi
//!
//! Un PDF scanné ou non balisé est illisible pour un lecteur d’écran.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/documents/compte-rendu-conseil.pdf">Compte rendu du conseil</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/conseil/2025-03/">Compte rendu du conseil (page web)</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 13.3, test 13.3.1. À vérifier.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

const OFFICE: &[&str] = &[
    "pdf", "doc", "docx", "odt", "ods", "odp", "xls", "xlsx", "ppt", "pptx", "rtf",
];

/// The office extension of `href`, lowercased, if it points to an office document.
pub(crate) fn office_extension(href: &str) -> Option<&'static str> {
    // Asked of every link of every page: bytes, and no copy.
    let end = href.bytes().position(|b| b == b'?' || b == b'#');
    let path = &href[..end.unwrap_or(href.len())];
    let name = &path[path.rfind('/').map_or(0, |slash| slash + 1)..];
    let ext = name.rsplit_once('.')?.1;
    OFFICE
        .iter()
        .copied()
        .find(|office| office.eq_ignore_ascii_case(ext))
}

#[derive(Default)]
pub(crate) struct OfficeDocuments;

impl Rule for OfficeDocuments {
    fn tags(&self) -> &'static [&'static str] {
        &["a"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if let Some(ext) = el.attr("href").and_then(office_extension) {
            out.review(
                el.offset,
                format!("Document {} en téléchargement : vérifiez qu’il est accessible, ou proposez une version accessible.", ext.to_uppercase()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_is_that_of_the_path_lowercased() {
        for (href, expected) in [
            ("/actes/2026-03.pdf", Some("pdf")),
            ("Budget.XLSX?version=2#page=3", Some("xlsx")),
            ("https://exemple.fr/a.b/compte-rendu.odt", Some("odt")),
            ("rapport.pdf/", None),
            ("/docs.pdf/index.html", None),
            ("page.html#annexe.pdf", None),
            ("/recherche?fichier=a.pdf", None),
            ("pdf", None),
            ("", None),
        ] {
            assert_eq!(office_extension(href), expected, "{href}");
        }
    }
}
