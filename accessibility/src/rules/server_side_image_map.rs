//! # 1.1.4 — Image réactive côté serveur
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<img ismap>` : une personne vérifie qu’un mécanisme utilisable au clavier
//! (des liens) mène aux mêmes destinations.
//!
//! ## Pourquoi
//!
//! Les zones d’une image réactive côté serveur ne sont atteignables qu’à la souris.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="/plan"><img src="plan.png" alt="Plan" ismap></a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <img src="plan.png" alt="Plan des quartiers">
//! <ul><li><a href="/quartiers/nord/">Quartier nord</a></li></ul>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.4 (axe-core : `server-side-image-map`). À vérifier.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct ServerSideImageMap;

impl Rule for ServerSideImageMap {
    fn tags(&self) -> &'static [&'static str] {
        &["img"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.has("ismap") {
            out.review(
                el.offset,
                "Image réactive côté serveur (ismap) : vérifiez que des liens mènent aux mêmes destinations.",
            );
        }
    }
}
