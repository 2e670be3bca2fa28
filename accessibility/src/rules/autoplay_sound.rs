//! # 4.10.1 — Son déclenché automatiquement
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<audio autoplay>` et `<video autoplay>` non muet (`muted`) est une erreur s’il n’a
//! pas de `controls`, à vérifier s’il en a (le son dure-t-il plus de 3 secondes ?). `<bgsound>`
//! est toujours une erreur.
//!
//! ## Pourquoi
//!
//! Un son qui démarre seul couvre la voix du lecteur d’écran.
//!
//! ## Exemple en échec
//!
//! ```html
//! <audio src="jingle.mp3" autoplay></audio>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <audio src="jingle.mp3" controls></audio>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.10, test 4.10.1 (axe-core : `no-autoplay-audio`). Erreur certaine sans contrôles.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct AutoplaySound;

impl Rule for AutoplaySound {
    fn tags(&self) -> &'static [&'static str] {
        &["audio", "video", "bgsound"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "bgsound" {
            out.error(el.offset, "Son de fond <bgsound> : supprimez-le.");
            return;
        }
        if !el.has("autoplay") || el.has("muted") {
            return;
        }
        if el.has("controls") {
            out.review(
                el.offset,
                "Média en lecture automatique : vérifiez que le son dure moins de 3 s, ou retirez autoplay.",
            );
        } else {
            out.error(
                el.offset,
                "Média en lecture automatique sans contrôles : retirez autoplay, ou ajoutez muted et controls.",
            );
        }
    }
}
