//! # 2.1.1 — Cadre sans titre
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<iframe>` et `<frame>` non masqué (`aria-hidden="true"`) a un attribut `title`
//! non vide.
//!
//! ## Pourquoi
//!
//! Le titre du cadre est ce que les lecteurs d’écran annoncent pour dire ce qu’il contient.
//!
//! ## Exemple en échec
//!
//! ```html
//! <iframe src="https://www.openstreetmap.org/export/embed.html"></iframe>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <iframe src="https://www.openstreetmap.org/export/embed.html" title="Carte : accès à la mairie"></iframe>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 2.1, test 2.1.1 (axe-core : `frame-title`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct FrameTitle;

impl Rule for FrameTitle {
    fn tags(&self) -> &'static [&'static str] {
        &["iframe", "frame"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        if el.attr_filled("title").is_none() {
            out.error(
                el.offset,
                format!(
                    "<{}> sans attribut title : ajoutez un titre qui dit ce que contient le cadre.",
                    el.name
                ),
            );
        }
    }
}
