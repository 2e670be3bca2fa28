//! # 9.1.1 — Hiérarchie des titres
//!
//! ## Ce que la règle vérifie
//!
//! Signale, pour qu’une personne juge si la hiérarchie reste cohérente : une page sans titre de
//! niveau 1, et chaque saut de niveau (un `<h2>` suivi d’un `<h4>`). Le RGAA n’en fait pas des
//! erreurs : « la présence de sauts hiérarchiques n’invalide pas le critère » (glossaire,
//! « Titre »).
//!
//! ## Pourquoi
//!
//! Les titres sont la table des matières de la page pour les lecteurs d’écran.
//!
//! ## Exemple en échec
//!
//! ```html
//! <h1>Démarches</h1>
//! <h3>État civil</h3>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <h1>Démarches</h1>
//! <h2>État civil</h2>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.1, test 9.1.1. À vérifier.

use crate::context::{Cx, Out};
use crate::context::{DocInfo, Page};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct HeadingHierarchy {
    previous: Option<u32>,
    has_h1: bool,
}

impl Rule for HeadingHierarchy {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let Some(level) = heading_level(el) else {
            return;
        };
        if el.aria_hidden() || cx.hidden() || el.has("hidden") {
            return;
        }
        self.has_h1 |= level == 1;
        if let Some(prev) = self.previous.filter(|p| level > p + 1) {
            out.review(
                el.offset,
                format!("Saut de niveau de titre (h{prev} puis h{level}) : vérifiez que la hiérarchie reste cohérente."),
            );
        }
        self.previous = Some(level);
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        if !self.has_h1 && page.body_offset.is_some() {
            out.review(
                page.body_offset.unwrap_or_default(),
                "Aucun titre de niveau 1 : donnez à la page un <h1> qui dit son sujet.",
            );
        }
    }
}

/// The level of a heading element (`h1`–`h6`, or `role="heading"` with `aria-level`,
/// 2 by default).
pub(crate) fn heading_level(el: &Element) -> Option<u32> {
    let name = el.name.as_bytes();
    if name.len() == 2 && name[0] == b'h' && (b'1'..=b'6').contains(&name[1]) {
        return Some(u32::from(name[1] - b'0'));
    }
    el.has_role(&["heading"]).then(|| {
        el.attr("aria-level")
            .and_then(|l| l.trim().parse().ok())
            .unwrap_or(2)
    })
}
