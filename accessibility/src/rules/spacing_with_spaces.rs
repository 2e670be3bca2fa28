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
        let mut chars = word.chars();
        let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
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
        if cx.inside("pre") || cx.inside("code") || cx.inside("textarea") {
            return;
        }
        // Most text has neither entities nor letters standing alone: skip it cheaply.
        let decoded: std::borrow::Cow<'_, str> = if text.contains('&') {
            decode_entities(text).into()
        } else {
            text.into()
        };
        let at = cx.parent().map_or(offset, |p| p.el.offset);
        if letter_spaced(decoded.trim()) {
            out.review(at, "Mot écrit lettre par lettre : écrivez-le normalement et espacez les lettres avec CSS (letter-spacing).");
        } else if decoded.contains("\u{a0}\u{a0}\u{a0}") {
            out.review(at, "Suite d’espaces insécables : n’utilisez pas d’espaces pour aligner ou décaler du texte (CSS).");
        }
    }
}
