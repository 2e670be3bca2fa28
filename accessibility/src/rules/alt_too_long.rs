//! # 1.3.9 — Alternative trop longue
//!
//! ## Ce que la règle vérifie
//!
//! Signale les alternatives d’images (`alt`, `aria-label`) de plus de 80 caractères.
//!
//! ## Pourquoi
//!
//! Une alternative longue est pénible à écouter ; une description détaillée a sa place dans
//! le texte ou une légende (critère 1.6).
//!
//! ## Exemple en échec
//!
//! ```html
//! <img src="affiche.jpg" alt="Affiche de la fête de la musique avec des musiciens sur la place de la mairie, des guirlandes, une scène et le programme complet">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <img src="affiche.jpg" alt="Affiche de la fête de la musique, 21 juin, place de la mairie">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.3, test 1.3.9. À vérifier : certaines images exigent une alternative plus longue.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::text::{excerpt, normalize};

/// Beyond this many characters an alternative is probably not "courte et concise".
const MAX_CHARS: usize = 80;

#[derive(Default)]
pub(crate) struct AltTooLong;

impl Rule for AltTooLong {
    fn tags(&self) -> &'static [&'static str] {
        &["img", "area", "input"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        let Some(alt) = el.attr_filled("aria-label").or(el.attr_filled("alt")) else {
            return;
        };
        let count = normalize(alt).chars().count();
        if count > MAX_CHARS {
            out.review(
                el.offset,
                format!(
                    "Alternative de {count} caractères (« {} ») : raccourcissez-la, et mettez la description détaillée dans le texte.",
                    excerpt(alt)
                ),
            );
        }
    }
}
