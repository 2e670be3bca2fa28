//! # 1.2.4 — Image vectorielle décorative
//!
//! ## Ce que la règle vérifie
//!
//! Pour chaque `<svg>` de premier niveau :
//! - masqué par `aria-hidden="true"`, il n’a ni `aria-label`, `aria-labelledby`, `title`, ni
//!   enfant `<title>` ou `<desc>` non vide ;
//! - sans `aria-hidden="true"`, sans `role="img"` ni alternative, il est décoratif et doit porter
//!   `aria-hidden="true"` (à vérifier seulement dans un lien ou bouton déjà nommé par attribut).
//!
//! ## Pourquoi
//!
//! Un SVG non masqué est parcouru par les lecteurs d’écran, qui annoncent des formes vides ;
//! un SVG masqué mais titré envoie des signaux contradictoires.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/agenda/"><svg viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg> Agenda</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/agenda/"><svg aria-hidden="true" focusable="false" viewBox="0 0 10 10"><path d="M0 0h10v10z"/></svg> Agenda</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.2, test 1.2.4. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::dom::Frame;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DecorativeSvg {
    /// The outermost `<svg>` has a non-empty `<title>` or `<desc>` child.
    described: bool,
}

impl Rule for DecorativeSvg {
    fn tags(&self) -> &'static [&'static str] {
        &["svg", "title", "desc"]
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "svg" && !cx.inside("svg") {
            self.described = false;
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() != "svg" {
            if cx.inside("svg") && frame.has_text() {
                self.described = true;
            }
            return;
        }
        let el = &frame.el;
        if cx.inside("svg") || cx.hidden() {
            return;
        }
        if el.aria_hidden() {
            if el.has_attr_name() || self.described {
                out.error(
                    el.offset,
                    "SVG décoratif (aria-hidden) avec un titre ou une alternative : retirez <title>, <desc>, aria-label et title.",
                );
            }
            return;
        }
        if el.has_role(&["img"]) || el.has_attr_name() || self.described {
            return;
        }
        let named_parent = cx
            .stack
            .iter()
            .rev()
            .any(|f| matches!(f.name(), "a" | "button") && f.el.has_attr_name());
        let message = "SVG sans aria-hidden=\"true\" ni alternative : ajoutez aria-hidden=\"true\" s’il est décoratif, sinon role=\"img\" et aria-label.";
        if named_parent {
            out.review(el.offset, message);
        } else {
            out.error(el.offset, message);
        }
    }
}
