//! # 11.8.2 — Groupe d’options sans label
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<optgroup>` a un attribut `label` non vide.
//!
//! ## Pourquoi
//!
//! Le `label` est le seul nom du groupe d’options.
//!
//! ## Exemple en échec
//!
//! ```html
//! <select id="quartier"><optgroup><option>Centre</option></optgroup></select>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <label for="quartier">Quartier</label>
//! <select id="quartier"><optgroup label="Nord"><option>Centre</option></optgroup></select>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.8, test 11.8.2. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct OptgroupLabel;

impl Rule for OptgroupLabel {
    fn tags(&self) -> &'static [&'static str] {
        &["optgroup"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.attr_filled("label").is_none() {
            out.error(
                el.offset,
                "<optgroup> sans attribut label : nommez le groupe d’options.",
            );
        }
    }
}
