//! # 10.1.1 — Balises de présentation
//!
//! ## Ce que la règle vérifie
//!
//! Aucune des balises de présentation listées par le RGAA n’est présente : `<basefont>`,
//! `<big>`, `<blink>`, `<center>`, `<font>`, `<marquee>`, `<s>`, `<strike>`, `<tt>` ; et `<u>` si
//! le doctype n’est pas HTML5.
//!
//! ## Pourquoi
//!
//! La présentation doit passer par CSS pour que l’utilisateur puisse l’adapter.
//!
//! ## Exemple en échec
//!
//! ```html
//! <center><font color="red">Mairie fermée lundi</font></center>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p class="alerte">Mairie fermée lundi</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 10.1, test 10.1.1. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

const PRESENTATIONAL: &[&str] = &[
    "basefont", "big", "blink", "center", "font", "marquee", "s", "strike", "tt",
];

#[derive(Default)]
pub(crate) struct PresentationalElements;

impl Rule for PresentationalElements {
    fn tags(&self) -> &'static [&'static str] {
        &[
            "basefont", "big", "blink", "center", "font", "marquee", "s", "strike", "tt", "u",
        ]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let forbidden =
            PRESENTATIONAL.contains(&el.name()) || (el.name == "u" && !cx.doc.is_html5());
        if forbidden && !cx.foreign() {
            out.error(
                el.offset,
                format!("Balise de présentation <{}> : utilisez CSS.", el.name),
            );
        }
    }
}
