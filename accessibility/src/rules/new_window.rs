//! # 13.2.1 — Ouverture de nouvelle fenêtre
//!
//! ## Ce que la règle vérifie
//!
//! - Erreur : un `onload` sur `<body>` qui appelle `window.open` (ouverture sans action de
//!   l’utilisateur) ;
//! - à vérifier : chaque lien `target="_blank"` dont l’intitulé et le `title` ne mentionnent
//!   pas l’ouverture d’une nouvelle fenêtre.
//!
//! ## Pourquoi
//!
//! Une nouvelle fenêtre inattendue désoriente : le bouton « Retour » ne marche plus.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="https://www.service-public.fr/" target="_blank">Service public</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="https://www.service-public.fr/" target="_blank">Service public (nouvelle fenêtre)</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 13.2, test 13.2.1. Erreur certaine pour l’ouverture au chargement.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;
use crate::text::fold;

const WARNINGS: &[&str] = &[
    "nouvelle fenetre",
    "nouvelle fenêtre",
    "nouvel onglet",
    "new window",
    "new tab",
];

#[derive(Default)]
pub(crate) struct NewWindow;

impl Rule for NewWindow {
    fn tags(&self) -> &'static [&'static str] {
        &["a", "body"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "body" && el.attr("onload").is_some_and(|h| h.contains("window.open")) {
            out.error(el.offset, "Une fenêtre s’ouvre au chargement (window.open) : ouvrez-la seulement sur action de l’utilisateur.");
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if el.name != "a" || !el.attr_is("target", "_blank") {
            return;
        }
        let said = format!(
            "{} {} {}",
            fold(&frame.text),
            fold(el.attr("title").unwrap_or_default()),
            fold(el.attr("aria-label").unwrap_or_default())
        );
        if !WARNINGS.iter().any(|w| said.contains(&fold(w))) {
            out.review(
                el.offset,
                "Lien ouvrant une nouvelle fenêtre : vérifiez que l’utilisateur en est averti (« nouvelle fenêtre » dans l’intitulé).",
            );
        }
    }
}
