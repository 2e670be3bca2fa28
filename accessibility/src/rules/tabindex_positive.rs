//! # 12.8.1 — tabindex positif
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque attribut `tabindex` supérieur à 0.
//!
//! ## Pourquoi
//!
//! Un `tabindex` positif fait passer l’élément avant tous les autres dans l’ordre de
//! tabulation, qui ne suit plus l’ordre de lecture.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/contact/" tabindex="1">Contact</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/contact/">Contact</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.8, test 12.8.1 (axe-core : `tabindex`). À vérifier : l’ordre obtenu peut rester
//! cohérent.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct TabindexPositive;

impl Rule for TabindexPositive {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let Some(n) = el
            .attr("tabindex")
            .and_then(|t| t.trim().parse::<i32>().ok())
        else {
            return;
        };
        if n > 0 {
            out.review(
                el.offset,
                format!("tabindex=\"{n}\" modifie l’ordre de tabulation : utilisez 0 et l’ordre du code."),
            );
        }
    }
}
