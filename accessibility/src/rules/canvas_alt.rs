//! # 1.1.8 — Image bitmap (canvas) porteuse d’information
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<canvas>` non masqué qui n’a ni `role="img"` avec une alternative, ni
//! contenu alternatif entre `<canvas>` et `</canvas>`.
//!
//! ## Pourquoi
//!
//! Un `<canvas>` est une surface de dessin : sans alternative, rien n’est restitué.
//!
//! ## Exemple en échec
//!
//! ```html
//! <canvas id="graphique" width="400" height="200"></canvas>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <canvas width="400" height="200">Participation : 62 % en 2024, 58 % en 2020.</canvas>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.8. À vérifier : l’image peut être décorative, ou doublée d’un lien adjacent.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct CanvasAlt;

impl Rule for CanvasAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["canvas"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        let named = el.has_role(&["img"]) && el.has_attr_name();
        if !named && !frame.has_text() {
            out.review(
                el.offset,
                "<canvas> sans alternative : ajoutez role=\"img\" et aria-label, ou un contenu alternatif, ou aria-hidden=\"true\" s’il est décoratif.",
            );
        }
    }
}
