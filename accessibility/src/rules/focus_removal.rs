//! # 7.3.2 — Script qui retire le focus
//!
//! ## Ce que la règle vérifie
//!
//! Signale les gestionnaires `onfocus` qui appellent `blur()`.
//!
//! ## Pourquoi
//!
//! Un élément qui perd le focus dès qu’il le reçoit est inutilisable au clavier.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/agenda/" onfocus="this.blur()">Agenda</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/agenda/">Agenda</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 7.3, test 7.3.2. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct FocusRemoval;

impl Rule for FocusRemoval {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.attr("onfocus").is_some_and(|h| h.contains("blur(")) {
            out.error(
                el.offset,
                "onfocus retire le focus (blur) : supprimez ce script, l’élément devient inutilisable au clavier.",
            );
        }
    }
}
