//! # 8.1.3 — Type de document mal placé
//!
//! ## Ce que la règle vérifie
//!
//! La déclaration de type de document précède la balise `<html>` et tout autre élément.
//!
//! ## Pourquoi
//!
//! Placée après, elle est ignorée : la page s’affiche en mode de compatibilité.
//!
//! ## Exemple en échec
//!
//! ```html
//! <html lang="fr">
//! <!DOCTYPE html>
//! <head><title>Accueil – Mairie</title></head><body><main><h1>Accueil</h1></main></body></html>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <!DOCTYPE html>
//! <html lang="fr">
//! <head><title>Accueil – Mairie</title></head><body><main><h1>Accueil</h1></main></body></html>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.1, test 8.1.3. Erreur certaine.

use crate::context::{DocInfo, Out, Page};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DoctypePosition;

impl Rule for DoctypePosition {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, _page: &Page, doc: &DocInfo, out: &mut Out<'_>) {
        if let Some(d) = doc.doctype.as_ref().filter(|d| d.after_element) {
            out.error(
                d.offset,
                "Doctype placé après une balise : mettez <!DOCTYPE html> tout en haut de la page.",
            );
        }
    }
}
