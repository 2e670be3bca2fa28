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
    if !close_spaces(text) {
        return false;
    }
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

/// Three spaces, each at most five bytes after the one before: the two inner letters of
/// four spaced ones lie between such spaces (a letter is at most four bytes). Most text has
/// none, and is not cut into words at all: every text of every page is asked.
fn close_spaces(text: &str) -> bool {
    let (mut previous, mut close) = (None, 0);
    for at in memchr::memchr_iter(b' ', text.as_bytes()) {
        close = match previous {
            Some(before) if at - before <= 5 => close + 1,
            _ => 0,
        };
        if close == 2 {
            return true;
        }
        previous = Some(at);
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
        for spaced in ["M A I R I E", "la M A I R I E", "É t é s", "x 𝔸 b c"] {
            assert!(letter_spaced(spaced), "{spaced}");
        }
        for text in [
            "Mairie",
            "à la mairie de la ville",
            "M A I",
            "M  A  I  R",
            "a b cd e f",
        ] {
            assert!(!letter_spaced(text), "{text}");
        }
        assert!(close_spaces("a b c d"));
        assert!(!close_spaces("un deux trois quatre"));
    }
}
