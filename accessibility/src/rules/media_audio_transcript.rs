//! # 4.1.1 — Transcription d’un contenu audio
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<audio>` : une personne vérifie qu’une transcription textuelle est
//! disponible à côté (texte adjacent ou lien).
//!
//! ## Pourquoi
//!
//! Les personnes sourdes ou malentendantes n’ont accès au contenu que par la transcription.
//!
//! ## Exemple en échec
//!
//! ```html
//! <audio src="conseil-2025-03.mp3" controls></audio>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Les enregistrements sont accompagnés d’un compte rendu écrit.</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.1, test 4.1.1. À vérifier : une machine ne sait pas si la transcription existe.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct MediaAudioTranscript;

impl Rule for MediaAudioTranscript {
    fn tags(&self) -> &'static [&'static str] {
        &["audio"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        out.review(
            el.offset,
            "Contenu audio : vérifiez qu’une transcription textuelle est proposée à côté (texte ou lien).",
        );
    }
}
