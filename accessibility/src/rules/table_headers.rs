//! # 5.6.1 — Tableau sans en-têtes
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque tableau sans `role="presentation"`, d’au moins deux lignes et deux
//! colonnes, qui n’a aucun `<th>` ni `role="columnheader"`/`"rowheader"` : s’il présente des
//! données, ses en-têtes doivent être déclarés.
//!
//! ## Pourquoi
//!
//! Sans en-têtes déclarés, une cellule est lue sans savoir à quoi elle correspond.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table>
//!   <tr><td>Jour</td><td>Horaires</td></tr>
//!   <tr><td>Lundi</td><td>9 h – 12 h</td></tr>
//! </table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table>
//!   <caption>Horaires d’ouverture</caption>
//!   <tr><th scope="col">Jour</th><th scope="col">Horaires</th></tr>
//!   <tr><td>Lundi</td><td>9 h – 12 h</td></tr>
//! </table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.6, test 5.6.1. À vérifier : ce peut être un tableau de mise en forme.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::layout_table::is_layout;
use crate::rules::{OpenTables, Rule};

#[derive(Default)]
struct Table {
    headers: bool,
    rows: u32,
    max_cells: u32,
    cells: u32,
}

#[derive(Default)]
pub(crate) struct TableHeaders {
    open: OpenTables<Table>,
}

impl Rule for TableHeaders {
    fn tags(&self) -> &'static [&'static str] {
        &["table", "tr", "td", "th"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        let Some(t) = self.open.start(el) else {
            return;
        };
        match el.name() {
            "tr" => {
                t.rows += 1;
                t.cells = 0;
            }
            _ => {
                t.cells += 1;
                t.max_cells = t.max_cells.max(t.cells);
                if el.name == "th" || el.has_role(&["columnheader", "rowheader"]) {
                    t.headers = true;
                }
            }
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let Some(t) = self.open.end(frame) else {
            return;
        };
        if !is_layout(&frame.el) && !t.headers && t.rows >= 2 && t.max_cells >= 2 {
            out.review(
                frame.el.offset,
                "Tableau sans cellule d’en-tête : s’il présente des données, déclarez ses en-têtes avec <th> ; sinon ajoutez role=\"presentation\".",
            );
        }
    }
}
