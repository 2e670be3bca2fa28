//! # 8.3.1 — Langue par défaut absente
//!
//! ## Ce que la règle vérifie
//!
//! L’élément `<html>` a un attribut `lang` ou `xml:lang` non vide ; quand il a les deux, ils
//! désignent la même langue.
//!
//! ## Pourquoi
//!
//! Sans langue, la synthèse vocale lit le français avec la prononciation de sa langue par
//! défaut.
//!
//! ## Exemple en échec
//!
//! ```html
//! <html>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <html lang="fr">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.3, test 8.3.1 (axe-core : `html-has-lang`, `html-xml-lang-mismatch`). Erreur
//! certaine.

use crate::context::{DocInfo, Out, Page};
use crate::lang::primary_subtag;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct HtmlLang;

impl Rule for HtmlLang {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        let Some(html) = &page.html else {
            out.error(
                0,
                "Pas de balise <html lang=\"fr\"> : la langue de la page n’est pas indiquée.",
            );
            return;
        };
        let lang = html.attr_filled("lang");
        let xml_lang = html.attr_filled("xml:lang");
        match (lang, xml_lang) {
            (None, None) => out.push(
                crate::Severity::Error,
                html.offset,
                "Langue de la page absente : ajoutez lang=\"fr\" à <html>.".to_owned(),
                Some("html-has-lang"),
            ),
            (Some(a), Some(b)) if !primary_subtag(a).eq_ignore_ascii_case(primary_subtag(b)) => out.push(
                crate::Severity::Error,
                html.offset,
                format!("lang=\"{a}\" et xml:lang=\"{b}\" désignent des langues différentes : accordez-les."),
                Some("html-xml-lang-mismatch"),
            ),
            _ => {}
        }
    }
}
