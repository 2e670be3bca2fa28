//! # 9.1.2 — Titre vide
//!
//! ## Ce que la règle vérifie
//!
//! Chaque titre (`<h1>`–`<h6>`, `role="heading"`) non masqué a un contenu : texte ou
//! alternative d’image.
//!
//! ## Pourquoi
//!
//! Un titre vide est annoncé comme titre sans rien dire, et sert souvent d’espacement.
//!
//! ## Exemple en échec
//!
//! ```html
//! <h2>&nbsp;</h2>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <h2>Prochains événements</h2>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.1, test 9.1.2. Erreur certaine : un titre vide ne peut être pertinent.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;
use crate::rules::heading_hierarchy::heading_level;

#[derive(Default)]
pub(crate) struct HeadingContent;

impl Rule for HeadingContent {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if heading_level(el).is_none() || el.aria_hidden() || cx.hidden() {
            return;
        }
        if !frame.has_text() && el.attr_filled("aria-label").is_none() {
            out.error(
                el.offset,
                format!("Titre <{}> vide : donnez-lui un texte, ou supprimez-le (l’espacement relève de CSS).", el.name),
            );
        }
    }
}
