//! # 4.11.1 — Média sans contrôles
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<audio>` et `<video>` sans attribut `controls` : une personne vérifie
//! que des commandes propres au site (lecture, pause, volume) existent et sont utilisables au
//! clavier.
//!
//! ## Pourquoi
//!
//! Sans commandes, le média ne peut être ni lancé ni arrêté au clavier.
//!
//! ## Exemple en échec
//!
//! ```html
//! <video src="visite.mp4"><track kind="captions" src="visite.vtt" srclang="fr"></video>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <video src="visite.mp4" controls><track kind="captions" src="visite.vtt" srclang="fr"></video>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.11, test 4.11.1. À vérifier : un lecteur en JavaScript peut fournir les commandes.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct MediaControls;

impl Rule for MediaControls {
    fn tags(&self) -> &'static [&'static str] {
        &["audio", "video"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if !el.has("controls") {
            out.review(
                el.offset,
                format!(
                    "<{}> sans attribut controls : ajoutez-le, ou vérifiez que le lecteur a des commandes utilisables au clavier.",
                    el.name
                ),
            );
        }
    }
}
