//! # 8.1.1 — Type de document absent
//!
//! ## Ce que la règle vérifie
//!
//! Chaque page a une déclaration de type de document (`<!DOCTYPE …>`).
//!
//! ## Pourquoi
//!
//! Sans doctype, le navigateur passe en mode de compatibilité (« quirks ») et le code n’a
//! plus de règles de validité de référence.
//!
//! ## Exemple en échec
//!
//! ```html
//! <html lang="fr"><head><title>Accueil – Mairie</title></head><body><main><h1>Accueil</h1></main></body></html>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <!DOCTYPE html>
//! <html lang="fr"><head><title>Accueil – Mairie</title></head><body><main><h1>Accueil</h1></main></body></html>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.1, test 8.1.1. Erreur certaine.

use crate::context::{DocInfo, Out, Page};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DoctypePresent;

impl Rule for DoctypePresent {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, page: &Page, doc: &DocInfo, out: &mut Out<'_>) {
        if doc.doctype.is_none() {
            out.error(
                page.top_offset(),
                "Doctype absent : commencez la page par <!DOCTYPE html>.",
            );
        }
    }
}
