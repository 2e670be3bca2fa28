//! # 10.1.2 — Attributs de présentation
//!
//! ## Ce que la règle vérifie
//!
//! Aucun attribut de présentation listé par le RGAA n’est présent (`align`, `alink`,
//! `background`, `bgcolor`, `border`, `cellpadding`, `cellspacing`, `char`, `charoff`, `clear`,
//! `compact`, `color`, `frameborder`, `hspace`, `link`, `marginheight`, `marginwidth`, `text`,
//! `valign`, `vlink`, `vspace`), ni `width`/`height` ailleurs que sur `<img>`, `<object>`,
//! `<embed>`, `<canvas>`, `<svg>` (tolérés aussi sur `<video>`, `<iframe>`, `<source>` et
//! `<input type="image">`, où HTML les prévoit), ni `size` ailleurs que sur `<select>`. Le
//! contenu SVG et MathML et les éléments de `<head>` sont ignorés.
//!
//! ## Pourquoi
//!
//! La présentation doit passer par CSS pour que l’utilisateur puisse l’adapter.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table border="1" cellpadding="4"><tr><td align="center">Lundi</td></tr></table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table class="tableau"><tr><td class="centre">Lundi</td></tr></table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 10.1, test 10.1.2. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

const PRESENTATIONAL: &[&str] = &[
    "align",
    "alink",
    "background",
    "bgcolor",
    "border",
    "cellpadding",
    "cellspacing",
    "char",
    "charoff",
    "clear",
    "compact",
    "color",
    "frameborder",
    "hspace",
    "link",
    "marginheight",
    "marginwidth",
    "text",
    "valign",
    "vlink",
    "vspace",
];

#[derive(Default)]
pub(crate) struct PresentationalAttributes;

impl Rule for PresentationalAttributes {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let name = el.name();
        if matches!(name, "svg" | "math" | "link" | "meta" | "script" | "style") {
            return;
        }
        let sized = matches!(
            name,
            "img" | "object" | "embed" | "canvas" | "svg" | "video" | "iframe" | "source"
        ) || (name == "input" && el.attr_is("type", "image"));
        let found: Vec<&str> = el
            .attrs
            .iter()
            .map(|a| &*a.name)
            .filter(|a| {
                PRESENTATIONAL.contains(a)
                    || (matches!(*a, "width" | "height") && !sized)
                    || (*a == "size" && name != "select")
            })
            .collect();
        // Inside SVG or MathML these attributes are not HTML presentation: asked last, as it
        // walks up the ancestors.
        if !found.is_empty() && !cx.foreign() {
            out.error(
                el.offset,
                format!(
                    "Attribut(s) de présentation sur <{name}> ({}) : utilisez CSS.",
                    found.join(", ")
                ),
            );
        }
    }
}
