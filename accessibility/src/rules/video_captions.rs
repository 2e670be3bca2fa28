//! # 4.3.1 — Vidéo sans sous-titres
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<video>` sans piste `<track kind="captions">` : une personne vérifie que la
//! vidéo n’a pas de son à sous-titrer, ou qu’une version sous-titrée est accessible par un lien
//! adjacent.
//!
//! ## Pourquoi
//!
//! Les sous-titres sont le seul accès des personnes sourdes à la bande son.
//!
//! ## Exemple en échec
//!
//! ```html
//! <video src="voeux-2025.mp4" controls></video>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <video src="voeux-2025.mp4" controls><track kind="captions" src="voeux.vtt" srclang="fr" label="Français"></video>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.3, test 4.3.1 (axe-core : `video-caption`). À vérifier.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct VideoCaptions {
    captioned: bool,
}

impl Rule for VideoCaptions {
    fn tags(&self) -> &'static [&'static str] {
        &["video", "track"]
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "video" {
            self.captioned = false;
        } else if cx.inside("video") && el.attr_is("kind", "captions") {
            self.captioned = true;
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() == "video" && !self.captioned {
            out.review(
                frame.el.offset,
                "Vidéo sans piste <track kind=\"captions\"> : ajoutez des sous-titres, ou vérifiez qu’elle n’a pas de son.",
            );
        }
    }
}
