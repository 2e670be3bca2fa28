//! # 5.1.1 — Tableau complexe sans résumé
//!
//! ## Ce que la règle vérifie
//!
//! Un tableau est jugé complexe quand une cellule a un attribut `headers`, ou qu’un `<th>` a
//! `scope="colgroup"`/`"rowgroup"`, `colspan` ou `rowspan`. Signale ceux qui n’ont ni
//! `<caption>` non vide ni `aria-describedby` : une personne vérifie qu’un résumé est
//! disponible.
//!
//! ## Pourquoi
//!
//! Le résumé explique comment lire un tableau dont la structure n’est pas évidente.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table>
//!   <tr><th colspan="2" scope="colgroup">2024</th></tr>
//!   <tr><th scope="col">Inscrits</th><th scope="col">Votants</th></tr>
//!   <tr><td>1 204</td><td>745</td></tr>
//! </table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table>
//!   <caption>Participation 2024 : inscrits et votants par bureau</caption>
//!   <tr><th colspan="2" scope="colgroup">2024</th></tr>
//!   <tr><th scope="col">Inscrits</th><th scope="col">Votants</th></tr>
//!   <tr><td>1 204</td><td>745</td></tr>
//! </table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.1, test 5.1.1. À vérifier.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::{OpenTables, Rule};

#[derive(Default)]
struct Table {
    complex: bool,
    captioned: bool,
}

#[derive(Default)]
pub(crate) struct ComplexTableSummary {
    open: OpenTables<Table>,
}

impl Rule for ComplexTableSummary {
    fn tags(&self) -> &'static [&'static str] {
        &["table", "caption", "th", "td"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        let Some(t) = self.open.start(el) else {
            return;
        };
        let spans = |a: &str| el.attr(a).is_some_and(|v| v.trim() != "1");
        let complex = el.has("headers")
            || (el.name == "th"
                && (el.attr_is("scope", "colgroup")
                    || el.attr_is("scope", "rowgroup")
                    || spans("colspan")
                    || spans("rowspan")));
        if complex {
            t.complex = true;
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() == "caption" {
            if let (false, Some(t)) = (!frame.has_text(), self.open.innermost()) {
                t.captioned = true;
            }
            return;
        }
        let Some(t) = self.open.end(frame) else {
            return;
        };
        let el = &frame.el;
        if t.complex && !t.captioned && el.attr_filled("aria-describedby").is_none() {
            out.review(
                el.offset,
                "Tableau complexe sans résumé : expliquez sa structure dans <caption> ou via aria-describedby.",
            );
        }
    }
}
