//! # 5.3.1 — Tableau de mise en forme
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<table role="presentation">` : une personne vérifie que son contenu reste
//! compréhensible une fois linéarisé (lu cellule après cellule).
//!
//! ## Pourquoi
//!
//! Un lecteur d’écran lit un tableau de mise en forme dans l’ordre du code, sans la grille.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table role="presentation"><tr><td>Horaires</td><td>Lundi 9 h – 12 h</td></tr></table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Horaires : lundi 9 h – 12 h</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.3, test 5.3.1. À vérifier ; préférez une mise en page CSS.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct LayoutTable;

impl Rule for LayoutTable {
    fn tags(&self) -> &'static [&'static str] {
        &["table"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if is_layout(el) {
            out.review(
                el.offset,
                "Tableau de mise en forme : vérifiez que son contenu reste compréhensible lu dans l’ordre du code (préférez CSS).",
            );
        }
    }
}

/// `role="presentation"` or `role="none"`: a layout table.
pub(crate) fn is_layout(el: &Element) -> bool {
    el.has_role(&["presentation", "none"])
}
