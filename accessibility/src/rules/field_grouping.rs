//! # 11.5.1 — Champs de même nature non regroupés
//!
//! ## Ce que la règle vérifie
//!
//! Signale les boutons radio et cases à cocher qui partagent un même `name` sans être dans un
//! `<fieldset>` ou un élément `role="group"`/`"radiogroup"`.
//!
//! ## Pourquoi
//!
//! Sans regroupement, « Oui » et « Non » sont annoncés sans la question posée.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Recevoir la lettre d’information ?</p>
//! <input type="radio" name="lettre" id="oui"><label for="oui">Oui</label>
//! <input type="radio" name="lettre" id="non"><label for="non">Non</label>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <fieldset>
//!   <legend>Recevoir la lettre d’information ?</legend>
//!   <input type="radio" name="lettre" id="oui"><label for="oui">Oui</label>
//!   <input type="radio" name="lettre" id="non"><label for="non">Non</label>
//! </fieldset>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.5, test 11.5.1. À vérifier : les étiquettes peuvent porter elles-mêmes le
//! contexte.

use std::collections::BTreeMap;

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::{Rule, input_type};

#[derive(Default)]
pub(crate) struct FieldGrouping {
    /// name → (first offset, count, all grouped).
    names: BTreeMap<String, (usize, u32, bool)>,
}

impl Rule for FieldGrouping {
    fn tags(&self) -> &'static [&'static str] {
        &["input"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        let ty = input_type(el);
        if ty != "radio" && ty != "checkbox" {
            return;
        }
        let Some(name) = el.attr_filled("name") else {
            return;
        };
        let grouped = cx
            .stack
            .iter()
            .any(|f| f.name() == "fieldset" || f.el.has_role(&["group", "radiogroup"]));
        let entry = self
            .names
            .entry(format!("{ty}:{name}"))
            .or_insert((el.offset, 0, true));
        entry.1 += 1;
        entry.2 &= grouped;
    }

    fn finish(&mut self, _page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        for (key, (offset, count, grouped)) in std::mem::take(&mut self.names) {
            if count > 1 && !grouped {
                let name = key.split_once(':').map_or(key.as_str(), |(_, n)| n);
                out.review(
                    offset,
                    format!("Choix « {name} » ({count} champs) hors d’un <fieldset> : regroupez-les avec <fieldset> et <legend>."),
                );
            }
        }
    }
}
