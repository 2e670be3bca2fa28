//! # 9.1.3 — Paragraphe qui imite un titre
//!
//! ## Ce que la règle vérifie
//!
//! Signale les paragraphes courts (moins de 80 caractères), sans ponctuation finale, dont tout
//! le texte est en gras (`<strong>` ou `<b>`) : ce sont souvent des titres non balisés.
//!
//! ## Pourquoi
//!
//! Un texte qui a l’air d’un titre mais n’en est pas un n’apparaît pas dans la liste des
//! titres des lecteurs d’écran.
//!
//! ## Exemple en échec
//!
//! ```html
//! <p><strong>Horaires d’ouverture</strong></p>
//! <p>Du lundi au vendredi, de 9 h à 12 h.</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <h2>Horaires d’ouverture</h2>
//! <p>Du lundi au vendredi, de 9 h à 12 h.</p>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.1, test 9.1.3 (axe-core : `p-as-heading`). À vérifier.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct FakeHeading {
    /// Bold text directly inside the paragraph being read.
    bold: String,
}

impl Rule for FakeHeading {
    fn tags(&self) -> &'static [&'static str] {
        &["p", "strong", "b"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "p" {
            self.bold.clear();
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() != "p" {
            if cx.parent().is_some_and(|p| p.name() == "p") {
                self.bold.push_str(frame.norm_text());
            }
            return;
        }
        // Most paragraphs have no bold text: nothing to compare then, and their text is not
        // even collapsed.
        if self.bold.trim().is_empty() {
            self.bold.clear();
            return;
        }
        let text = frame.norm_text();
        // The paragraph is all bold: its text and the bold text inside it are the same, spaces
        // aside.
        let visible = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<Vec<_>>();
        let all_bold = {
            let (bold, all) = (visible(&self.bold), visible(text));
            !all.is_empty() && bold == all
        };
        let short = text.chars().count() < 80;
        let no_final_punctuation = !text.ends_with(['.', ':', ';', '!', '?', ',', '…']);
        if all_bold && short && no_final_punctuation {
            out.review(
                frame.el.offset,
                format!("« {text} » a l’air d’un titre : si c’en est un, utilisez <h2>…<h6>."),
            );
        }
        self.bold.clear();
    }
}
