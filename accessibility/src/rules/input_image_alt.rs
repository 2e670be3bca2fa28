//! # 1.1.3 — Bouton image sans alternative
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<input type="image">` a un `alt` non vide, ou un `aria-label`, `aria-labelledby` ou
//! `title`.
//!
//! ## Pourquoi
//!
//! Le bouton n’a pas d’autre intitulé : sans alternative, sa fonction est inconnue.
//!
//! ## Exemple en échec
//!
//! ```html
//! <input type="image" src="loupe.png">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <input type="image" src="loupe.png" alt="Rechercher">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.3 (axe-core : `input-image-alt`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::input_type;

#[derive(Default)]
pub(crate) struct InputImageAlt;

impl Rule for InputImageAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["input"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if input_type(el) != "image" || cx.hidden() {
            return;
        }
        if el.attr_filled("alt").is_none() && !el.has_attr_name() {
            out.error(
                el.offset,
                "Bouton image sans alternative : ajoutez un alt décrivant l’action (« Rechercher »).",
            );
        }
    }
}
