//! # 1.1.5 — Image vectorielle porteuse d’information
//!
//! ## Ce que la règle vérifie
//!
//! Pour chaque `<svg>` (hors `aria-hidden="true"`) :
//! - s’il a `role="img"`, il a une alternative : `aria-label`, `aria-labelledby` vers un `id`
//!   existant, ou un enfant `<title>` non vide ;
//! - s’il a une alternative, il a aussi `role="img"`.
//!
//! ## Pourquoi
//!
//! Sans `role="img"`, les lecteurs d’écran parcourent le dessin au lieu d’annoncer une image ;
//! sans alternative, l’image reste muette.
//!
//! ## Exemple en échec
//!
//! ```html
//! <svg role="img" viewBox="0 0 10 10"><circle r="5"/></svg>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <svg role="img" aria-label="Logo de la commune" viewBox="0 0 10 10"><circle r="5"/></svg>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.5 (axe-core : `svg-img-alt`). Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame};
use crate::rules::{LabelledBy, Rule};

#[derive(Default)]
pub(crate) struct SvgImgAlt {
    /// The outermost `<svg>` has a non-empty `<title>` child.
    titled: bool,
    labelled_by: LabelledBy,
}

impl Rule for SvgImgAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["svg", "title"]
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "svg" && !cx.inside("svg") {
            self.titled = false;
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() == "title" {
            if cx.parent().is_some_and(|p| p.name() == "svg") && frame.has_text() {
                self.titled = true;
            }
            return;
        }
        let el = &frame.el;
        if cx.inside("svg") || el.aria_hidden() || cx.hidden() {
            return;
        }
        let has_alt = el.attr_filled("aria-label").is_some() || self.titled;
        let labelled = el.attr_filled("aria-labelledby");
        if el.has_role(&["img"]) {
            if let (false, Some(ids)) = (has_alt, labelled) {
                self.labelled_by.expect(
                    el.offset,
                    ids,
                    "SVG nommé par aria-labelledby vers un id absent de la page.".to_owned(),
                );
            } else if !has_alt {
                out.error(
                    el.offset,
                    "SVG role=\"img\" sans alternative : ajoutez aria-label (ou un <title> non vide).",
                );
            }
        } else if has_alt || labelled.is_some() {
            out.error(
                el.offset,
                "SVG porteur d’une alternative sans role=\"img\" : ajoutez role=\"img\".",
            );
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        self.labelled_by.finish(page, out);
    }
}
