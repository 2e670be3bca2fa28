//! # 10.1.3 — Espaces utilisés pour la mise en forme
//!
//! ## Ce que la règle vérifie
//!
//! Signale les mots écrits lettre par lettre (« M A I R I E ») et les suites d’au moins trois
//! espaces insécables, hors `<pre>` et `<code>`.
//!
//! ## Pourquoi
//!
//! Un mot espacé est épelé par la synthèse vocale ; des espaces qui alignent des colonnes
//! n’ont aucun sens une fois lus.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>M A I R I E</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p class="espace-lettres">Mairie</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 10.1, test 10.1.3. À vérifier.

use crate::context::{Cx, Out};
use crate::rules::Rule;
use crate::text::decode_entities;

#[derive(Default)]
pub(crate) struct SpacingWithSpaces;

/// Four or more single letters separated by single spaces: « M A I R I E ».
fn letter_spaced(text: &str) -> bool {
    let mut run = 0;
    for word in text.split(' ') {
        // A letter is at most four bytes: longer words end the run without decoding them.
        let single = word.len() <= 4 && {
            let mut chars = word.chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        };
        run = if single { run + 1 } else { 0 };
        if run >= 4 {
            return true;
        }
    }
    false
}

impl Rule for SpacingWithSpaces {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
        // Most text has neither entities nor letters standing alone: look at the text first,
        // at its ancestors only when it would be reported.
        let decoded = decode_entities(text);
        let spaced = letter_spaced(decoded.trim());
        if !spaced && !decoded.contains("\u{a0}\u{a0}\u{a0}") {
            return;
        }
        if cx.inside("pre") || cx.inside("code") || cx.inside("textarea") {
            return;
        }
        let at = cx.parent().map_or(offset, |p| p.el.offset);
        if spaced {
            out.review(at, "Mot écrit lettre par lettre : écrivez-le normalement et espacez les lettres avec CSS (letter-spacing).");
        } else {
            out.review(at, "Suite d’espaces insécables : n’utilisez pas d’espaces pour aligner ou décaler du texte (CSS).");
        }
    }
}
