//! # 1.2.5 — Image bitmap (canvas) décorative restituée
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<canvas aria-hidden="true">` n’a ni alternative (`aria-label`, `aria-labelledby`,
//! `title`) ni contenu texte.
//!
//! ## Pourquoi
//!
//! Le masquage et l’alternative se contredisent.
//!
//! ## Exemple en échec
//!
//! ```html
//! <canvas aria-hidden="true" aria-label="Animation">Animation de fond</canvas>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <canvas aria-hidden="true"></canvas>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.2, test 1.2.5. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DecorativeCanvas;

impl Rule for DecorativeCanvas {
    fn tags(&self) -> &'static [&'static str] {
        &["canvas"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if el.aria_hidden() && (el.has_attr_name() || frame.has_text()) {
            out.error(
                el.offset,
                "<canvas> décoratif (aria-hidden) avec une alternative : retirez le texte et les attributs aria-label, title.",
            );
        }
    }
}
