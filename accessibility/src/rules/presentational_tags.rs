//! # 8.9.1 — Balises utilisées pour la présentation
//!
//! ## Ce que la règle vérifie
//!
//! Signale les paragraphes vides (sans texte ni élément, `<br>` excepté) et les suites de
//! `<br>` qui servent à créer de l’espace.
//!
//! ## Pourquoi
//!
//! Un paragraphe vide est annoncé comme un paragraphe ; l’espacement relève des feuilles de
//! styles.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Horaires d’été</p>
//! <p>&nbsp;</p>
//! <p>Lundi : 9 h – 12 h<br><br>Mardi : fermé</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p class="espace-apres">Horaires d’été</p>
//! <p>Lundi : 9 h – 12 h</p>
//! <p>Mardi : fermé</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.9, test 8.9.1. À vérifier.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct PresentationalTags {
    /// A `<br>` was seen with no text since.
    last_br: bool,
}

impl Rule for PresentationalTags {
    fn tags(&self) -> &'static [&'static str] {
        &["p", "br"]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name != "br" {
            self.last_br = false;
            return;
        }
        if self.last_br {
            out.review(
                el.offset,
                "<br> successifs : séparez les paragraphes avec <p> et l’espacement avec CSS.",
            );
            self.last_br = false;
        } else {
            self.last_br = true;
        }
    }

    fn text(&mut self, _cx: &Cx<'_>, text: &str, _offset: usize, _out: &mut Out<'_>) {
        // Asked of every text of the page: only after a <br> does it matter.
        if self.last_br && !crate::text::is_blank(text) {
            self.last_br = false;
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        self.last_br = false;
        if frame.name() == "p" && frame.descendants == 0 && !frame.has_text() {
            out.review(
                frame.el.offset,
                "Paragraphe vide : n’utilisez pas <p> pour créer de l’espace (utilisez CSS).",
            );
        }
    }
}
