//! # 8.8.1 — Code de langue d’un changement de langue invalide
//!
//! ## Ce que la règle vérifie
//!
//! Chaque attribut `lang` ou `xml:lang` non vide d’un élément autre que `<html>` est un code de
//! langue valide (syntaxe BCP 47, code ISO 639-1 existant pour deux lettres).
//!
//! ## Pourquoi
//!
//! Un code invalide est ignoré : le passage est lu avec la prononciation de la page.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Jumelage avec <span lang="english">Stratford</span>.</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Jumelage avec <span lang="en">Stratford-upon-Avon</span>.</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.8, test 8.8.1 (axe-core : `valid-lang`). Erreur certaine ; la pertinence reste à
//! juger.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::lang::invalid_reason;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct LangChangeValid;

impl Rule for LangChangeValid {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "html" {
            return;
        }
        for attr in ["lang", "xml:lang"] {
            // lang="" is valid HTML: "unknown language".
            let Some(code) = el.attr_filled(attr) else {
                continue;
            };
            if let Some(reason) = invalid_reason(code) {
                out.error(
                    el.offset,
                    format!("Changement de langue sur <{}> : {reason}.", el.name),
                );
            }
        }
    }
}
