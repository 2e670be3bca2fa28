//! # 10.8.1 — Contenu masqué mais atteignable au clavier
//!
//! ## Ce que la règle vérifie
//!
//! `aria-hidden="true"` n’est pas posé sur `<body>`, ni sur un élément qui prend le focus ou
//! qui en contient un (liens, boutons, champs, `tabindex` ≥ 0).
//!
//! ## Pourquoi
//!
//! Le clavier atteint l’élément mais le lecteur d’écran n’en dit rien : la personne est
//! perdue sur un élément « vide ».
//!
//! ## Exemple en échec
//!
//! ```html
//! <div aria-hidden="true"><a href="/agenda/">Agenda</a></div>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <div aria-hidden="true"><a href="/agenda/" tabindex="-1">Agenda</a></div>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 10.8, test 10.8.1 (axe-core : `aria-hidden-focus`, `aria-hidden-body`). Erreur
//! certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct HiddenFocusable;

impl Rule for HiddenFocusable {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "body" && el.aria_hidden() {
            out.push(
                crate::Severity::Error,
                el.offset,
                "aria-hidden=\"true\" sur <body> masque toute la page : retirez-le.".to_owned(),
                Some("aria-hidden-body"),
            );
            return;
        }
        if (el.aria_hidden() || cx.hidden()) && el.is_focusable() {
            out.error(
                el.offset,
                format!("<{}> prend le focus mais est masqué par aria-hidden : ajoutez tabindex=\"-1\" ou retirez aria-hidden.", el.name),
            );
        }
    }
}
