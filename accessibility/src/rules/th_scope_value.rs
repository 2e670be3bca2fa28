//! # 5.7.2 — Valeur de scope invalide
//!
//! ## Ce que la règle vérifie
//!
//! Chaque attribut `scope` d’un `<th>` vaut `col` ou `row` (erreur sinon) ; `colgroup` et
//! `rowgroup`, valides en HTML mais réservés aux en-têtes qui ne s’appliquent pas à toute la
//! ligne ou colonne, sont à vérifier.
//!
//! ## Pourquoi
//!
//! Une valeur inconnue est ignorée : l’en-tête n’est relié à rien.
//!
//! ## Exemple en échec
//!
//! ```html
//! <table><tr><th scope="column">Jour</th></tr><tr><td>Lundi</td></tr></table>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <table><tr><th scope="col">Jour</th></tr><tr><td>Lundi</td></tr></table>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 5.7, test 5.7.2. Erreur certaine pour une valeur inconnue.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct ThScopeValue;

impl Rule for ThScopeValue {
    fn tags(&self) -> &'static [&'static str] {
        &["th"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let Some(scope) = el.attr("scope") else {
            return;
        };
        match scope.trim().to_ascii_lowercase().as_str() {
            "col" | "row" => {}
            "colgroup" | "rowgroup" => out.review(
                el.offset,
                format!("scope=\"{scope}\" : vérifiez que l’en-tête ne s’applique pas à toute la ligne ou colonne (sinon col ou row)."),
            ),
            _ => out.error(
                el.offset,
                format!("scope=\"{scope}\" n’est pas une valeur valide : utilisez col ou row."),
            ),
        }
    }
}
