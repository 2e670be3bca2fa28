//! # 7.3.1 — Gestionnaire de clic sur un élément non focalisable
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque élément avec `onclick` (ou `onmousedown`, `onmouseup`) qui ne prend pas le
//! focus : ni lien, ni bouton, ni champ, ni `tabindex`.
//!
//! ## Pourquoi
//!
//! Ce qui ne prend pas le focus ne s’active pas au clavier.
//!
//! ## Exemple en échec
//!
//! ```html
//! <div onclick="ouvrirMenu()">Menu</div>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <button type="button" onclick="ouvrirMenu()">Menu</button>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 7.3, test 7.3.1. À vérifier : un autre élément de la page peut offrir la même
//! action au clavier.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct ClickWithoutKeyboard;

impl Rule for ClickWithoutKeyboard {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let handler = ["onclick", "onmousedown", "onmouseup"]
            .into_iter()
            .find(|a| el.has(a));
        let Some(handler) = handler else {
            return;
        };
        let native = matches!(
            el.name(),
            "html" | "body" | "label" | "option" | "summary" | "details"
        );
        if !native && !el.is_focusable() && !el.has("disabled") {
            out.review(
                el.offset,
                format!("<{}> avec {handler} ne prend pas le focus : utilisez un <button>, ou ajoutez tabindex=\"0\" et la gestion du clavier.", el.name),
            );
        }
    }
}
