//! # 5.7.1 — En-têtes de lignes et de colonnes non reliés
//!
//! ## Ce que la règle vérifie
//!
//! Dans un tableau qui a des en-têtes à la fois sur plusieurs lignes et sur plusieurs
//! colonnes, chaque `<th>` a un attribut `scope`, un `id` ou un `role="rowheader"`/
//! `"columnheader"`. Les tableaux dont les en-têtes tiennent sur une seule ligne ou une seule
//! colonne sont exemptés (cas particulier du critère 5.7).
//!
//! ## Pourquoi
//!
//! Avec des en-têtes dans les deux sens, le lecteur d’écran ne sait pas à quelles cellules
//! s’applique un `<th>` sans `scope`.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table>
//!   <caption>Inscrits par bureau</caption>
//!   <tr><th>Bureau</th><th>Inscrits</th></tr>
//!   <tr><th>Mairie</th><td>612</td></tr>
//! </table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table>
//!   <caption>Inscrits par bureau</caption>
//!   <tr><th scope="col">Bureau</th><th scope="col">Inscrits</th></tr>
//!   <tr><th scope="row">Mairie</th><td>612</td></tr>
//! </table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.7, test 5.7.1. Erreur certaine.

use std::collections::BTreeSet;

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::{OpenTables, Rule};

#[derive(Default)]
struct Table {
    row: u32,
    column: u32,
    header_rows: BTreeSet<u32>,
    header_columns: BTreeSet<u32>,
    /// Offsets of `<th>` without scope, id or header role.
    bare: Vec<usize>,
}

#[derive(Default)]
pub(crate) struct ThScopeRequired {
    open: OpenTables<Table>,
}

impl Rule for ThScopeRequired {
    fn tags(&self) -> &'static [&'static str] {
        &["table", "tr", "td", "th"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        let Some(t) = self.open.start(el) else {
            return;
        };
        if el.name == "tr" {
            t.row += 1;
            t.column = 0;
            return;
        }
        let span = el
            .attr("colspan")
            .and_then(|c| c.trim().parse::<u32>().ok())
            .unwrap_or(1)
            .max(1);
        if el.name == "th" {
            t.header_rows.insert(t.row);
            t.header_columns.insert(t.column);
            let tied = el.has("scope")
                || el.attr_filled("id").is_some()
                || el.has_role(&["rowheader", "columnheader"]);
            if !tied {
                t.bare.push(el.offset);
            }
        }
        t.column += span;
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let Some(t) = self.open.end(frame) else {
            return;
        };
        if t.header_rows.len() > 1 && t.header_columns.len() > 1 {
            for offset in t.bare {
                out.error(
                    offset,
                    "<th> sans scope dans un tableau à en-têtes de lignes et de colonnes : ajoutez scope=\"col\" ou scope=\"row\".",
                );
            }
        }
    }
}
