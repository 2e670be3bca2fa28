//! # 8.5.1 — Titre de page absent
//!
//! ## Ce que la règle vérifie
//!
//! Chaque page a un élément `<title>` (hors SVG) dont le texte n’est pas vide.
//!
//! ## Pourquoi
//!
//! Le titre est la première chose annoncée à l’ouverture d’une page et ce qui nomme
//! l’onglet.
//!
//! ## Exemple en échec
//!
//! ```html
//! <head><meta charset="utf-8"></head>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <head><meta charset="utf-8"><title>Horaires de la mairie – Commune de Saint-Martin</title></head>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.5, test 8.5.1 (axe-core : `document-title`). Erreur certaine.

use crate::context::{DocInfo, Out, Page};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct PageTitle;

impl Rule for PageTitle {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        match &page.title {
            None => out.error(
                page.top_offset(),
                "Titre de page absent : ajoutez <title> dans <head>.",
            ),
            Some((text, offset)) if text.is_empty() => out.error(
                *offset,
                "Titre de page vide : décrivez la page et le site dans <title>.",
            ),
            Some(_) => {}
        }
    }
}
