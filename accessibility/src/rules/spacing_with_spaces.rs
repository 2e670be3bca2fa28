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
///
/// One pass over the bytes: every text of every page is asked, and most French text has short
/// words close together, so looking for close spaces first, then cutting into words, read most
/// texts twice.
fn letter_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut run, mut start) = (0, 0);
    for at in 0..=bytes.len() {
        if at < bytes.len() && bytes[at] != b' ' {
            continue;
        }
        // A letter is at most four bytes: longer words end the run without decoding them.
        let single = at - start <= 4 && {
            // `start` and `at` are at a space or an end of the text: char boundaries.
            let mut chars = text[start..at].chars();
            matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
        };
        run = if single { run + 1 } else { 0 };
        if run >= 4 {
            return true;
        }
        start = at + 1;
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
        // A byte search first: a substring search costs more to set up than most texts.
        let nbsp = || {
            memchr::memchr(0xA0, decoded.as_bytes()).is_some()
                && decoded.contains("\u{a0}\u{a0}\u{a0}")
        };
        if !spaced && !nbsp() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_standing_alone_are_found_and_words_are_not() {
        for spaced in [
            "M A I R I E",
            "la M A I R I E",
            "É t é s",
            "x 𝔸 b c",
            "a b c d",
            "mot a b c d",
        ] {
            assert!(letter_spaced(spaced), "{spaced}");
        }
        for text in [
            "Mairie",
            "à la mairie de la ville",
            "M A I",
            "M  A  I  R",
            "a b cd e f",
            "un deux trois quatre",
            "a b c 12",
            "",
            " ",
        ] {
            assert!(!letter_spaced(text), "{text}");
        }
    }
}
