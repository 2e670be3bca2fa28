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
pub(crate) fn office_extension(href: &str) -> Option<String> {
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let name = path.rsplit('/').next().unwrap_or_default();
    let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
    OFFICE.contains(&ext.as_str()).then_some(ext)
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
