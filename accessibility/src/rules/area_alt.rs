//! # 1.1.2 — Zone cliquable sans alternative
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<area href>` d’une image réactive a un `alt` non vide, ou un `aria-label`,
//! `aria-labelledby` ou `title`.
//!
//! ## Pourquoi
//!
//! La zone est un lien : sans alternative, sa destination n’est pas annoncée.
//!
//! ## Exemple en échec
//!
//! ```html
//! <map name="plan"><area shape="rect" coords="0,0,80,80" href="/quartiers/nord/"></map>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <map name="plan"><area shape="rect" coords="0,0,80,80" href="/quartiers/nord/" alt="Quartier nord"></map>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.2 (axe-core : `area-alt`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct AreaAlt;

impl Rule for AreaAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["area"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if !el.has("href") || el.aria_hidden() || cx.hidden() {
            return;
        }
        if el.attr_filled("alt").is_none() && !el.has_attr_name() {
            out.error(
                el.offset,
                "Zone cliquable <area> sans alternative : ajoutez un alt décrivant sa destination.",
            );
        }
    }
}
