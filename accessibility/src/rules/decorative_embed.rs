//! # 1.2.6 — Image embarquée décorative restituée
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<embed type="image/…" aria-hidden="true">` n’a pas d’alternative (`aria-label`,
//! `aria-labelledby`, `title`).
//!
//! ## Pourquoi
//!
//! Le masquage et l’alternative se contredisent.
//!
//! ## Exemple en échec
//!
//! ```html
//! <embed type="image/svg+xml" src="frise.svg" aria-hidden="true" title="Frise">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <embed type="image/svg+xml" src="frise.svg" aria-hidden="true">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.2, test 1.2.6. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::is_image_type;

#[derive(Default)]
pub(crate) struct DecorativeEmbed;

impl Rule for DecorativeEmbed {
    fn tags(&self) -> &'static [&'static str] {
        &["embed"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if is_image_type(el) && el.aria_hidden() && el.has_attr_name() {
            out.error(
                el.offset,
                "Image embarquée décorative (aria-hidden) avec une alternative : retirez aria-label et title.",
            );
        }
    }
}
