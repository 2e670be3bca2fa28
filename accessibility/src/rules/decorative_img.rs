//! # 1.2.1 — Image décorative avec une alternative
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<img alt="">` (image déclarée décorative) n’a pas d’autre attribut qui lui donne une
//! alternative : `title`, `aria-label` ou `aria-labelledby` non vides. Les images masquées par
//! `aria-hidden="true"` sont ignorées.
//!
//! ## Pourquoi
//!
//! Une image décorative doit être ignorée ; un `title` ou un `aria-label` la fait annoncer
//! quand même, avec un texte souvent sans intérêt.
//!
//! ## Exemple en échec
//!
//! ```html
//! <img src="motif.png" alt="" title="Motif décoratif">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <img src="motif.png" alt="">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.2, test 1.2.1. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DecorativeImg;

impl Rule for DecorativeImg {
    fn tags(&self) -> &'static [&'static str] {
        &["img"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        let empty_alt = el.attr("alt").is_some_and(|a| a.trim().is_empty());
        if empty_alt && el.has_attr_name() {
            out.error(
                el.offset,
                "Image décorative (alt vide) avec title, aria-label ou aria-labelledby : retirez-les, ou renseignez alt si l’image informe.",
            );
        }
    }
}
