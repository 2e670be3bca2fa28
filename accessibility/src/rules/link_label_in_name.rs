//! # 6.1.5 — Nom accessible de lien sans l’intitulé visible
//!
//! ## Ce que la règle vérifie
//!
//! Pour chaque lien qui a un texte visible et un `aria-label`, l’`aria-label` contient le
//! texte visible (casse et ponctuation ignorées).
//!
//! ## Pourquoi
//!
//! Les personnes qui pilotent leur ordinateur à la voix disent ce qu’elles voient ; si le
//! nom accessible ne le contient pas, la commande échoue.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/actualites/" aria-label="Toutes les nouvelles">Actualités</a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="/actualites/" aria-label="Actualités de la commune">Actualités</a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 6.1, test 6.1.5 (axe-core : `label-content-name-mismatch`). À vérifier : un texte
//! visuellement masqué peut compléter l’intitulé.

use crate::context::{Cx, Out};
use crate::dom::Frame;
use crate::rules::Rule;
use crate::text::{fold, normalize};

#[derive(Default)]
pub(crate) struct LinkLabelInName;

impl Rule for LinkLabelInName {
    fn tags(&self) -> &'static [&'static str] {
        &["a"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        let (true, Some(label)) = (el.has("href"), el.attr_filled("aria-label")) else {
            return;
        };
        let visible = fold(&frame.text);
        if !visible.is_empty() && !fold(label).contains(&visible) {
            out.review(
                el.offset,
                format!(
                    "L’aria-label « {} » ne contient pas le texte visible « {} » : reprenez-le au début du nom.",
                    normalize(label),
                    frame.norm_text()
                ),
            );
        }
    }
}
