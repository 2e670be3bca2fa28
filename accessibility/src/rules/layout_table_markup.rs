//! # 5.8.1 — Tableau de mise en forme avec balisage de données
//!
//! ## Ce que la règle vérifie
//!
//! Un tableau `role="presentation"` n’a pas d’attribut `summary` non vide et ne contient ni
//! `<caption>`, `<th>`, `<thead>`, `<tfoot>`, ni cellule `role="rowheader"`/`"columnheader"`,
//! ni attributs `scope`, `headers`, `axis` sur ses cellules.
//!
//! ## Pourquoi
//!
//! Ces éléments annoncent un tableau de données alors que le tableau dit n’en être pas un.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table role="presentation"><tr><th>Adresse</th><td>1 place de la Mairie</td></tr></table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table role="presentation"><tr><td>Adresse</td><td>1 place de la Mairie</td></tr></table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.8, test 5.8.1. Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::layout_table::is_layout;

#[derive(Default)]
pub(crate) struct LayoutTableMarkup;

impl Rule for LayoutTableMarkup {
    fn tags(&self) -> &'static [&'static str] {
        &["table", "caption", "th", "thead", "tfoot", "td"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "table" {
            if is_layout(el) && el.attr_filled("summary").is_some() {
                out.error(
                    el.offset,
                    "Tableau de mise en forme avec un attribut summary : retirez-le.",
                );
            }
            return;
        }
        if !cx.ancestor("table").is_some_and(|t| is_layout(&t.el)) {
            return;
        }
        let data_attr = ["scope", "headers", "axis"].into_iter().find(|a| el.has(a));
        if el.name != "td" {
            out.error(
                el.offset,
                format!("Tableau de mise en forme contenant <{}> : retirez ce balisage de tableau de données.", el.name),
            );
        } else if let Some(attr) = data_attr {
            out.error(
                el.offset,
                format!("Cellule de tableau de mise en forme avec l’attribut {attr} : retirez-le."),
            );
        } else if el.has_role(&["rowheader", "columnheader"]) {
            out.error(
                el.offset,
                "Cellule de tableau de mise en forme avec un rôle d’en-tête : retirez-le.",
            );
        }
    }
}
