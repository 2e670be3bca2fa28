//! # 11.2.1 — Plusieurs étiquettes pour un champ
//!
//! ## Ce que la règle vérifie
//!
//! Signale les champs désignés par plusieurs `<label for>` : une personne vérifie que
//! l’étiquette restituée est la bonne.
//!
//! ## Pourquoi
//!
//! Les technologies d’assistance ne restituent pas toutes les étiquettes multiples de la même
//! façon.
//!
//! ## Exemple en échec
//!
//! ```html
//! <label for="cp">Code postal</label>
//! <input type="text" id="cp" autocomplete="postal-code">
//! <label for="cp">(5 chiffres)</label>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <label for="cp">Code postal (5 chiffres)</label>
//! <input type="text" id="cp" autocomplete="postal-code">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.2, test 11.2.1 (axe-core : `form-field-multiple-labels`). À vérifier.

use std::collections::HashMap;

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct MultipleLabels {
    /// id → offsets of the labels that point to it.
    labels: HashMap<String, Vec<usize>>,
}

impl Rule for MultipleLabels {
    fn tags(&self) -> &'static [&'static str] {
        &["label"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if let Some(id) = el.attr_filled("for") {
            self.labels
                .entry(id.to_owned())
                .or_default()
                .push(el.offset);
        }
    }

    fn finish(&mut self, _page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        let mut many: Vec<_> = self.labels.drain().filter(|(_, v)| v.len() > 1).collect();
        many.sort_by_key(|(_, v)| v[0]);
        for (id, offsets) in many {
            out.review(
                offsets[1],
                format!(
                    "Le champ « {id} » a {} étiquettes : regroupez-les en un seul <label>.",
                    offsets.len()
                ),
            );
        }
    }
}
