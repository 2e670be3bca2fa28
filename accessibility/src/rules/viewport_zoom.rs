//! # 10.4.2 — Zoom bloqué par la balise viewport
//!
//! ## Ce que la règle vérifie
//!
//! La balise `<meta name="viewport">` ne contient ni `user-scalable=no` (ou `0`), ni
//! `maximum-scale` inférieur à 2.
//!
//! ## Pourquoi
//!
//! Bloquer le zoom empêche les personnes malvoyantes d’agrandir le texte sur mobile.
//!
//! ## Exemple en échec
//!
//! ```html
//! <meta name="viewport" content="width=device-width, initial-scale=1, maximum-scale=1, user-scalable=no">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <meta name="viewport" content="width=device-width, initial-scale=1">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 10.4, test 10.4.2 (axe-core : `meta-viewport`). Erreur certaine.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct ViewportZoom;

impl Rule for ViewportZoom {
    fn tags(&self) -> &'static [&'static str] {
        &["meta"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if !el.attr_is("name", "viewport") {
            return;
        }
        let content = el.attr("content").unwrap_or_default().to_ascii_lowercase();
        for part in content.split([',', ';']) {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let (key, value) = (key.trim(), value.trim());
            if key == "user-scalable" && matches!(value, "no" | "0") {
                out.error(
                    el.offset,
                    "Zoom bloqué (user-scalable=no) : retirez-le de la balise viewport.",
                );
            }
            if key == "maximum-scale" && value.parse::<f32>().is_ok_and(|v| v < 2.0) {
                out.error(
                    el.offset,
                    format!("Zoom limité (maximum-scale={value}) : retirez maximum-scale ou mettez-le à 2 au moins."),
                );
            }
        }
    }
}
