//! # 4.1.3 — Transcription ou audiodescription d’une vidéo
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<video>` et chaque cadre de plateforme vidéo (YouTube, Dailymotion,
//! Vimeo, PeerTube) : une personne vérifie qu’une transcription textuelle ou une
//! audiodescription est disponible.
//!
//! ## Pourquoi
//!
//! Sans transcription ni audiodescription, les personnes aveugles perdent ce qui n’est que
//! montré.
//!
//! ## Exemple en échec
//!
//! ```html
//! <video src="voeux-2025.mp4" controls><track kind="captions" src="voeux.vtt" srclang="fr"></video>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>La vidéo des vœux est accompagnée de sa transcription ci-dessous.</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.1, test 4.1.3. À vérifier.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

const VIDEO_HOSTS: &[&str] = &["youtube", "youtu.be", "dailymotion", "vimeo", "peertube"];

#[derive(Default)]
pub(crate) struct MediaVideoTranscript;

impl Rule for MediaVideoTranscript {
    fn tags(&self) -> &'static [&'static str] {
        &["video", "iframe"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let video = el.name == "video"
            || el
                .attr("src")
                .is_some_and(|s| VIDEO_HOSTS.iter().any(|h| s.contains(h)));
        if video {
            out.review(
                el.offset,
                "Vidéo : vérifiez qu’une transcription textuelle ou une audiodescription est proposée.",
            );
        }
    }
}
