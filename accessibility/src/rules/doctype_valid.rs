//! # 8.1.2 — Type de document invalide
//!
//! ## Ce que la règle vérifie
//!
//! La déclaration de type de document nomme `html` (erreur sinon) ; un identifiant public qui
//! n’est ni HTML 4.01, ni XHTML 1.0/1.1, ni XHTML Basic est à vérifier.
//!
//! ## Pourquoi
//!
//! Un doctype inconnu laisse le navigateur deviner comment interpréter la page.
//!
//! ## Exemple en échec
//!
//! ```html
//! <!DOCTYPE htlm>
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
//! Critère 8.1, test 8.1.2. Erreur certaine pour un nom autre que `html`.

use crate::context::{DocInfo, Out, Page};
use crate::rules::Rule;

/// Public identifiers of the W3C doctypes a page may still use.
const KNOWN_PUBLIC: &[&str] = &[
    "-//W3C//DTD HTML 4.01//EN",
    "-//W3C//DTD HTML 4.01 Transitional//EN",
    "-//W3C//DTD HTML 4.01 Frameset//EN",
    "-//W3C//DTD XHTML 1.0 Strict//EN",
    "-//W3C//DTD XHTML 1.0 Transitional//EN",
    "-//W3C//DTD XHTML 1.0 Frameset//EN",
    "-//W3C//DTD XHTML 1.1//EN",
    "-//W3C//DTD XHTML Basic 1.0//EN",
    "-//W3C//DTD XHTML Basic 1.1//EN",
    "-//W3C//DTD XHTML+RDFa 1.0//EN",
];

#[derive(Default)]
pub(crate) struct DoctypeValid;

impl Rule for DoctypeValid {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, _page: &Page, doc: &DocInfo, out: &mut Out<'_>) {
        let Some(d) = &doc.doctype else {
            return;
        };
        let name = d.name.as_deref().unwrap_or_default();
        if !name.eq_ignore_ascii_case("html") {
            out.error(
                d.offset,
                format!("Doctype « {name} » invalide : écrivez <!DOCTYPE html>."),
            );
            return;
        }
        if let Some(public) = d.public_id.as_deref().filter(|p| !p.is_empty()) {
            if !KNOWN_PUBLIC.iter().any(|k| k.eq_ignore_ascii_case(public)) {
                out.review(
                    d.offset,
                    format!("Doctype à identifiant public inconnu « {public} » : préférez <!DOCTYPE html>."),
                );
            }
        }
    }
}
