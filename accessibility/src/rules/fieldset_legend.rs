//! # 11.6.1 — Regroupement de champs sans légende
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<fieldset>` a une `<legend>` non vide ; chaque élément `role="radiogroup"` a un
//! nom (`aria-label`, `aria-labelledby`) ; un `role="group"` sans nom est à vérifier.
//!
//! ## Pourquoi
//!
//! La légende est la question que le groupe de champs pose ; sans elle, les options sont
//! annoncées hors contexte.
//!
//! ## Exemple en échec
//!
//! ```html
//! <fieldset>
//!   <input type="checkbox" id="cantine"><label for="cantine">Cantine</label>
//! </fieldset>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <fieldset>
//!   <legend>Services périscolaires</legend>
//!   <input type="checkbox" id="cantine"><label for="cantine">Cantine</label>
//! </fieldset>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.6, test 11.6.1. Erreur certaine pour `<fieldset>` et `radiogroup`.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct FieldsetLegend {
    /// For each open fieldset: its legend, if any, has text.
    open: Vec<Option<bool>>,
}

impl Rule for FieldsetLegend {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "fieldset" {
            self.open.push(None);
            return;
        }
        let named =
            el.attr_filled("aria-label").is_some() || el.attr_filled("aria-labelledby").is_some();
        if el.has_role(&["radiogroup"]) && !named {
            out.error(
                el.offset,
                "role=\"radiogroup\" sans nom : ajoutez aria-labelledby vers la question posée.",
            );
        } else if el.has_role(&["group"]) && !named {
            out.review(el.offset, "role=\"group\" sans nom : s’il regroupe des champs, ajoutez aria-labelledby vers sa légende.");
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        match frame.name() {
            "legend" if cx.parent().is_some_and(|p| p.name() == "fieldset") => {
                if let Some(state) = self.open.last_mut() {
                    *state = Some(frame.has_text());
                }
            }
            "fieldset" => match self.open.pop().flatten() {
                None => out.error(frame.el.offset, "<fieldset> sans <legend> : ajoutez une légende qui dit ce que le groupe demande."),
                Some(false) => out.error(frame.el.offset, "<legend> vide : écrivez ce que le groupe de champs demande."),
                Some(true) => {}
            },
            _ => {}
        }
    }
}
