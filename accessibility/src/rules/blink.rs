//! # 13.8.2 — Texte clignotant (blink)
//!
//! ## Ce que la règle vérifie
//!
//! Aucun élément `<blink>` : un contenu clignotant déclenché automatiquement sans moyen de l’arrêter.
//!
//! ## Pourquoi
//!
//! Le mouvement et le clignotement empêchent de lire et détournent l’attention, en
//! particulier des personnes avec des troubles de l’attention.
//!
//! ## Exemple en échec
//!
//! ```html
//! <blink>Inscriptions ouvertes !</blink>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p><strong>Inscriptions ouvertes !</strong></p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 13.8, test 13.8.2 (axe-core : `blink`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct Blink;

impl Rule for Blink {
    fn tags(&self) -> &'static [&'static str] {
        &["blink"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        out.error(
            el.offset,
            "<blink> ne peut pas être arrêté : affichez le texte sans clignotement.",
        );
    }
}
