//! # 5.7.4 — Attribut headers vers des en-têtes absents
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `id` cité dans l’attribut `headers` d’un `<td>` ou d’un `<th>` existe dans la
//! page.
//!
//! ## Pourquoi
//!
//! Une référence cassée relie la cellule à rien : son en-tête n’est pas annoncé.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table>
//!   <tr><th id="jour">Jour</th></tr>
//!   <tr><td headers="jours">Lundi</td></tr>
//! </table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table>
//!   <tr><th id="jour">Jour</th></tr>
//!   <tr><td headers="jour">Lundi</td></tr>
//! </table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.7, test 5.7.4 (axe-core : `td-headers-attr`). Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct TdHeaders {
    pending: Vec<(usize, String)>,
}

impl Rule for TdHeaders {
    fn tags(&self) -> &'static [&'static str] {
        &["td", "th"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if let Some(headers) = el.attr_filled("headers") {
            self.pending.push((el.offset, headers.to_owned()));
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        for (offset, headers) in self.pending.drain(..) {
            let missing: Vec<&str> = headers
                .split_ascii_whitespace()
                .filter(|id| !page.has_id(id))
                .collect();
            if !missing.is_empty() {
                out.error(
                    offset,
                    format!(
                        "headers cite {} absent(s) de la page : corrigez la référence à l’en-tête.",
                        missing.join(", ")
                    ),
                );
            }
        }
    }
}
