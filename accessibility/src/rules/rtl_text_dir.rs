//! # 8.10.1 — Texte de droite à gauche sans attribut dir
//!
//! ## Ce que la règle vérifie
//!
//! Signale le texte en écriture de droite à gauche (hébreu, arabe…) dont aucun élément parent
//! n’a d’attribut `dir`.
//!
//! ## Pourquoi
//!
//! Sans `dir="rtl"`, la ponctuation et les chiffres du passage s’affichent dans le mauvais
//! ordre.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p>Bienvenue : <span lang="ar">مرحبا بكم</span></p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <p>Bienvenue : <span lang="ar" dir="rtl">مرحبا بكم</span></p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.10, test 8.10.1. À vérifier.

use crate::context::{Cx, Out};
use crate::rules::Rule;

fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// `true` when `text` may hold a character of [`is_rtl`]: its UTF-8 encoding starts with one of
/// these bytes (U+0580–U+07FF, U+0800–U+0FFF, U+F000–U+FFFF). Most text is skipped here.
fn may_have_rtl(text: &str) -> bool {
    // A test per chunk without an early exit compiles to vector code; French text has bytes
    // of 0xD6 and up (`’` is E2 80 99) in few chunks, which are then looked at byte by byte.
    text.as_bytes().chunks(32).any(|chunk| {
        chunk.iter().fold(false, |high, &b| high | (b >= 0xD6))
            && chunk
                .iter()
                .any(|&b| matches!(b, 0xD6..=0xDF | 0xE0 | 0xEF))
    })
}

#[derive(Default)]
pub(crate) struct RtlTextDir {
    /// Offset of the element last reported, to report each element once.
    reported: Option<usize>,
}

impl Rule for RtlTextDir {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
        if !may_have_rtl(text)
            || !text.chars().any(is_rtl)
            || cx.stack.iter().any(|f| f.el.has("dir"))
        {
            return;
        }
        let at = cx.parent().map_or(offset, |p| p.el.offset);
        if self.reported != Some(at) {
            self.reported = Some(at);
            out.review(
                at,
                "Texte écrit de droite à gauche sans attribut dir : ajoutez dir=\"rtl\" à l’élément qui le contient.",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_letters_are_found_in_any_chunk() {
        let french = "L’été à la mairie : « Fête » ".repeat(5);
        assert!(!may_have_rtl(&french));
        for rtl in ["مرحبا", "שלום", "ﷺ"] {
            for at in [0, 31, 32, 33, french.find('m').unwrap_or(0)] {
                let mut text = french.clone();
                let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                text.insert_str(at, rtl);
                assert!(may_have_rtl(&text), "{rtl} at {at}");
            }
        }
    }
}
