//! # 1.1.1 — Image sans alternative textuelle
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<img>` a un attribut `alt` (vide pour une image décorative) ou un nom donné par
//! `aria-label`, `aria-labelledby` (vers un `id` existant) ou `title`. Chaque élément
//! `role="img"` (hors `<svg>`, vu par 1.1.5) a un tel nom. Les images masquées
//! (`aria-hidden="true"`, `role="presentation"`) sont ignorées.
//!
//! ## Pourquoi
//!
//! Sans alternative, un lecteur d’écran lit le nom du fichier, ou rien : l’information portée
//! par l’image est perdue.
//!
//! ## Exemple en échec
//!
//! ```html
//! <img src="/images/mairie.jpg">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <img src="/images/mairie.jpg" alt="La mairie, place de la République">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.1 (axe-core : `image-alt`, `role-img-alt`). Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::{LabelledBy, Rule};

#[derive(Default)]
pub(crate) struct ImgAlt {
    labelled_by: LabelledBy,
}

impl Rule for ImgAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let is_img = el.name == "img";
        if !is_img && (el.name == "svg" || !el.has_role(&["img"])) {
            return;
        }
        if cx.hidden() || el.aria_hidden() || el.has_role(&["presentation", "none"]) {
            return;
        }
        if (is_img && el.has("alt"))
            || el.attr_filled("aria-label").is_some()
            || el.attr_filled("title").is_some()
        {
            return;
        }
        let message = if is_img {
            "Image sans attribut alt : ajoutez alt=\"…\" (alt=\"\" si elle est décorative)."
        } else {
            "Élément role=\"img\" sans alternative : ajoutez aria-label."
        };
        match el.attr_filled("aria-labelledby") {
            Some(ids) => self.labelled_by.expect(
                el.offset,
                ids,
                "Image nommée par aria-labelledby vers un id absent de la page.".to_owned(),
            ),
            None => out.push(
                crate::Severity::Error,
                el.offset,
                message.to_owned(),
                Some(if is_img { "image-alt" } else { "role-img-alt" }),
            ),
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        self.labelled_by.finish(page, out);
    }
}
