//! # 1.1.7 — Image embarquée porteuse d’information
//!
//! ## Ce que la règle vérifie
//!
//! Signale chaque `<embed type="image/…">` non masqué (`aria-hidden="true"`) qui n’a pas à la
//! fois `role="img"` et une alternative (`aria-label`, `aria-labelledby`, `title`) : une personne
//! vérifie qu’un lien ou bouton adjacent donne accès à un contenu alternatif.
//!
//! ## Pourquoi
//!
//! Le contenu d’un `<embed>` n’est pas restitué comme une image par les technologies
//! d’assistance sans `role="img"` et une alternative.
//!
//! ## Exemple en échec
//!
//! ```html
//! <embed type="image/png" src="carte.png">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <embed type="image/png" src="carte.png" role="img" aria-label="Carte des bureaux de vote">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 1.1, test 1.1.7 (pas de règle axe-core). À vérifier : un lien adjacent peut suffire.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::unnamed_shown_image;

#[derive(Default)]
pub(crate) struct EmbedImgAlt;

impl Rule for EmbedImgAlt {
    fn tags(&self) -> &'static [&'static str] {
        &["embed"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if unnamed_shown_image(cx, el) {
            out.review(
                el.offset,
                "Image <embed> sans role=\"img\" ni alternative : ajoutez-les, ou vérifiez qu’un lien adjacent mène à un contenu alternatif.",
            );
        }
    }
}
