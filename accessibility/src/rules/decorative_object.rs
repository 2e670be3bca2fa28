//! # 1.2.3 — Image objet décorative restituée
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<object type="image/…">` masqué par `aria-hidden="true"` (donc décoratif) n’a ni
//! alternative (`aria-label`, `aria-labelledby`, `title`) ni texte entre `<object>` et
//! `</object>`.
//!
//! ## Pourquoi
//!
//! Une alternative sur une image décorative contredit `aria-hidden` et embrouille la
//! restitution.
//!
//! ## Exemple en échec
//!
//! ```html
//! <object type="image/svg+xml" data="frise.svg" aria-hidden="true">Frise</object>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <object type="image/svg+xml" data="frise.svg" aria-hidden="true"></object>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.2, test 1.2.3. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;
use crate::rules::is_image_type;

#[derive(Default)]
pub(crate) struct DecorativeObject;

impl Rule for DecorativeObject {
    fn tags(&self) -> &'static [&'static str] {
        &["object"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if !is_image_type(el) || !el.aria_hidden() {
            return;
        }
        if el.has_attr_name() || frame.has_text() {
            out.error(
                el.offset,
                "Image objet décorative (aria-hidden) avec une alternative : retirez le texte et les attributs aria-label, title.",
            );
        }
    }
}
