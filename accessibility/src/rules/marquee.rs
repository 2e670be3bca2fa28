//! # 13.8.1 — Texte défilant (marquee)
//!
//! ## Ce que la règle vérifie
//!
//! Aucun élément `<marquee>` : un contenu en mouvement déclenché automatiquement sans moyen de l’arrêter.
//!
//! ## Pourquoi
//!
//! Le mouvement et le clignotement empêchent de lire et détournent l’attention, en
//! particulier des personnes avec des troubles de l’attention.
//!
//! ## Exemple en échec
//!
//! ```html
//! <marquee>Inscriptions ouvertes !</marquee>
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
//! Critère 13.8, test 13.8.1 (axe-core : `marquee`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct Marquee;

impl Rule for Marquee {
    fn tags(&self) -> &'static [&'static str] {
        &["marquee"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        out.error(
            el.offset,
            "<marquee> ne peut pas être arrêté : affichez le texte sans défilement.",
        );
    }
}
