//! # 5.4.1 — Titre de tableau mal associé
//!
//! ## Ce que la règle vérifie
//!
//! Pour chaque tableau de données (sans `role="presentation"`) :
//! - un `aria-labelledby` désigne un `id` existant (erreur sinon) ;
//! - une première ligne faite d’une seule cellule fusionnée (`colspan`) sans `<caption>` est
//!   signalée : c’est sans doute un titre, à mettre dans `<caption>`.
//!
//! ## Pourquoi
//!
//! Seul un titre associé (idéalement `<caption>`) est annoncé avec le tableau.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table>
//!   <tr><td colspan="2">Tarifs de la cantine</td></tr>
//!   <tr><th scope="col">Quotient</th><th scope="col">Prix</th></tr>
//!   <tr><td>A</td><td>1 €</td></tr>
//! </table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table>
//!   <caption>Tarifs de la cantine</caption>
//!   <tr><th scope="col">Quotient</th><th scope="col">Prix</th></tr>
//!   <tr><td>A</td><td>1 €</td></tr>
//! </table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.4, test 5.4.1 (axe-core : `table-fake-caption`). Erreur pour la référence
//! cassée, à vérifier pour la fausse légende.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame};
use crate::rules::layout_table::is_layout;
use crate::rules::{LabelledBy, Rule};

#[derive(Default)]
struct Table {
    offset: usize,
    layout: bool,
    captioned: bool,
    rows: u32,
    first_row_cells: u32,
    first_row_spans: bool,
}

#[derive(Default)]
pub(crate) struct TableTitle {
    open: Vec<Table>,
    labelled_by: LabelledBy,
}

impl Rule for TableTitle {
    fn tags(&self) -> &'static [&'static str] {
        &["table", "caption", "tr", "td", "th"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        match el.name() {
            "table" => {
                if let (false, Some(ids)) = (is_layout(el), el.attr_filled("aria-labelledby")) {
                    self.labelled_by.expect(
                        el.offset,
                        ids,
                        "Titre de tableau : aria-labelledby désigne un id absent de la page."
                            .to_owned(),
                    );
                }
                self.open.push(Table {
                    offset: el.offset,
                    layout: is_layout(el),
                    ..Table::default()
                });
            }
            "caption" => {
                if let Some(t) = self.open.last_mut() {
                    t.captioned = true;
                }
            }
            "tr" => {
                if let Some(t) = self.open.last_mut() {
                    t.rows += 1;
                }
            }
            _ => {
                if let Some(t) = self.open.last_mut().filter(|t| t.rows == 1) {
                    t.first_row_cells += 1;
                    t.first_row_spans = el
                        .attr("colspan")
                        .is_some_and(|c| c.trim().parse::<u32>().is_ok_and(|n| n > 1));
                }
            }
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() != "table" {
            return;
        }
        let Some(t) = self.open.pop() else {
            return;
        };
        if !t.layout && !t.captioned && t.rows > 1 && t.first_row_cells == 1 && t.first_row_spans {
            out.review(
                t.offset,
                "Première ligne faite d’une seule cellule fusionnée : si c’est le titre du tableau, mettez-le dans <caption>.",
            );
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        self.labelled_by.finish(page, out);
    }
}
