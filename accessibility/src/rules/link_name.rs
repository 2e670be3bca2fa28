//! # 6.2.1 — Lien sans intitulé
//!
//! ## Ce que la règle vérifie
//!
//! Chaque `<a href>` non masqué a un intitulé : du texte, l’alternative d’une image qu’il
//! contient, un `aria-label`, un `title`, ou un `aria-labelledby` vers un `id` existant.
//!
//! ## Pourquoi
//!
//! Un lien sans intitulé est annoncé par son adresse, ou comme « lien » tout court.
//!
//! ## Exemple en échec
//!
//! ```html
//! <a href="https://www.facebook.com/commune"><img src="facebook.svg" alt=""></a>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <a href="https://www.facebook.com/commune"><img src="facebook.svg" alt="Facebook de la commune"></a>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 6.2, test 6.2.1 (axe-core : `link-name`). Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Frame;
use crate::rules::{LabelledBy, Rule};

#[derive(Default)]
pub(crate) struct LinkName {
    labelled_by: LabelledBy,
}

impl Rule for LinkName {
    fn tags(&self) -> &'static [&'static str] {
        &["a"]
    }

    fn events(&self) -> super::Events {
        super::Events::END
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        if !el.has("href") || el.aria_hidden() || cx.hidden() {
            return;
        }
        if frame.has_text()
            || el.attr_filled("aria-label").is_some()
            || el.attr_filled("title").is_some()
        {
            return;
        }
        match el.attr_filled("aria-labelledby") {
            Some(ids) => self.labelled_by.expect(
                el.offset,
                ids,
                "Lien nommé par aria-labelledby vers un id absent de la page.".to_owned(),
            ),
            None => out.error(
                el.offset,
                "Lien sans intitulé : ajoutez un texte, ou une alternative à l’image qu’il contient.",
            ),
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        self.labelled_by.finish(page, out);
    }
}
