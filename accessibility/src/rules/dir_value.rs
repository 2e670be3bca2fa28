//! # 8.10.2 — Valeur de l’attribut dir
//!
//! ## Ce que la règle vérifie
//!
//! Chaque attribut `dir` vaut `rtl` ou `ltr` ; `auto`, valide en HTML mais absent du RGAA,
//! est à vérifier ; toute autre valeur est une erreur.
//!
//! ## Pourquoi
//!
//! Une valeur inconnue est ignorée : le sens de lecture n’est pas signalé.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p dir="right">שלום</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p dir="rtl">שלום</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.10, test 8.10.2. Erreur certaine pour une valeur inconnue.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DirValue;

impl Rule for DirValue {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn events(&self) -> super::Events {
        super::Events::START_WITH_ATTRIBUTES
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let Some(dir) = el.attr("dir") else {
            return;
        };
        if cx.foreign() {
            return;
        }
        match dir.trim().to_ascii_lowercase().as_str() {
            "rtl" | "ltr" => {}
            "auto" => out.review(
                el.offset,
                "dir=\"auto\" : précisez le sens de lecture avec rtl ou ltr.",
            ),
            _ => out.error(
                el.offset,
                format!("dir=\"{dir}\" n’est pas valide : utilisez rtl ou ltr."),
            ),
        }
    }
}
