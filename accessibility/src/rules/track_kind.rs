//! # 4.3.2 — Piste de sous-titres sans kind="captions"
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<track>` d’une vidéo dont `kind` est absent ou vaut `subtitles` : une
//! personne vérifie s’il s’agit de sous-titres pour sourds et malentendants, qui exigent
//! `kind="captions"`.
//!
//! ## Pourquoi
//!
//! `subtitles` désigne une traduction ; seuls les `captions` décrivent aussi les sons.
//!
//! ## Exemple en échec
//!
//! ```html
//! <video src="voeux.mp4" controls><track src="voeux.vtt" srclang="fr"></video>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <video src="voeux.mp4" controls><track kind="captions" src="voeux.vtt" srclang="fr"></video>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 4.3, test 4.3.2. À vérifier.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct TrackKind;

impl Rule for TrackKind {
    fn tags(&self) -> &'static [&'static str] {
        &["track"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if !cx.inside("video") {
            return;
        }
        if !el.has("kind") || el.attr_is("kind", "subtitles") {
            out.review(
                el.offset,
                "Piste <track> de type subtitles : pour des sous-titres destinés aux personnes sourdes, utilisez kind=\"captions\".",
            );
        }
    }
}
