//! # 8.4.1 — Code de langue par défaut invalide
//!
//! ## Ce que la règle vérifie
//!
//! Les attributs `lang` et `xml:lang` de `<html>` sont des codes de langue valides : syntaxe
//! BCP 47 et, pour les codes à deux lettres, un code ISO 639-1 existant.
//!
//! ## Pourquoi
//!
//! Un code invalide est ignoré : la synthèse vocale retombe sur sa langue par défaut.
//!
//! ## Exemple en échec
//!
//! ```html
//! <html lang="fr_FR">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <html lang="fr-FR">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.4, test 8.4.1 (axe-core : `html-lang-valid`). Erreur certaine ; la pertinence
//! (la page est-elle bien en français ?) reste à juger.

use crate::context::{DocInfo, Out, Page};
use crate::lang::invalid_reason;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct HtmlLangValid;

impl Rule for HtmlLangValid {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        let Some(html) = &page.html else {
            return;
        };
        for attr in ["lang", "xml:lang"] {
            let Some(code) = html.attr_filled(attr) else {
                continue;
            };
            if let Some(reason) = invalid_reason(code) {
                out.error(html.offset, format!("Langue de la page : {reason}."));
            }
        }
    }
}
