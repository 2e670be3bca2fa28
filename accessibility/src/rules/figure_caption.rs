//! # 1.9.1 — Légende d’image mal reliée
//!
//! ## Ce que la règle vérifie
//!
//! Pour chaque `<figure>` qui contient une image (`<img>`, `<input type="image">`) et une
//! légende `<figcaption>` :
//! - `<figure>` a `role="figure"` ou `role="group"` ;
//! - `<figure>` a un `aria-label` identique au texte de la légende.
//!
//! ## Pourquoi
//!
//! Sans ces attributs, la légende n’est pas annoncée avec l’image par toutes les technologies
//! d’assistance de la base de référence du RGAA.
//!
//! ## Exemple en échec
//!
//! ```html
//! <figure>
//!   <img src="eglise.jpg" alt="L’église Saint-Martin">
//!   <figcaption>Photo : Jeanne Martin, 2023</figcaption>
//! </figure>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <figure role="figure" aria-label="Photo : Jeanne Martin, 2023">
//!   <img src="eglise.jpg" alt="L’église Saint-Martin">
//!   <figcaption>Photo : Jeanne Martin, 2023</figcaption>
//! </figure>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.9, test 1.9.1. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;
use crate::text::{excerpt, fold};

#[derive(Default)]
struct Figure {
    has_image: bool,
    caption: Option<String>,
}

#[derive(Default)]
pub(crate) struct FigureCaption {
    open: Vec<Figure>,
}

impl Rule for FigureCaption {
    fn tags(&self) -> &'static [&'static str] {
        &["figure", "figcaption", "img", "input"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        match el.name() {
            "figure" => self.open.push(Figure::default()),
            "img" => self.mark_image(),
            "input" if el.attr_is("type", "image") => self.mark_image(),
            _ => {}
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() == "figcaption" {
            if let Some(fig) = self.open.last_mut() {
                fig.caption = Some(frame.norm_text().to_owned());
            }
            return;
        }
        if frame.name() != "figure" {
            return;
        }
        let Some(fig) = self.open.pop() else {
            return;
        };
        let (true, Some(caption)) = (fig.has_image, fig.caption) else {
            return;
        };
        let el = &frame.el;
        if !el.has_role(&["figure", "group"]) {
            out.error(
                el.offset,
                "Image légendée : ajoutez role=\"figure\" (ou role=\"group\") à <figure>.",
            );
        }
        let label = el.attr("aria-label").map(fold).unwrap_or_default();
        if label != fold(&caption) {
            out.error(
                el.offset,
                format!(
                    "Image légendée : l’aria-label de <figure> doit reprendre la légende « {} ».",
                    excerpt(&caption)
                ),
            );
        }
    }
}

impl FigureCaption {
    fn mark_image(&mut self) {
        if let Some(fig) = self.open.last_mut() {
            fig.has_image = true;
        }
    }
}
