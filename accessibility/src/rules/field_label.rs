//! # 11.1.1 — Champ de formulaire sans étiquette
//!
//! ## Ce que la règle vérifie
//!
//! Chaque champ (`<input>` hors `hidden`, `submit`, `reset`, `button`, `image` ;
//! `<select>` ; `<textarea>`) a une étiquette : `aria-labelledby` vers un `id` existant,
//! `aria-label`, `title`, un `<label for>` qui désigne son `id`, ou un `<label>` qui
//! l’englobe. Un `placeholder` ne suffit pas.
//!
//! ## Pourquoi
//!
//! Sans étiquette, le lecteur d’écran annonce « zone de saisie » sans dire quoi saisir.
//!
//! ## Exemple en échec
//!
//! ```html
//! <input type="email" id="courriel" placeholder="Votre courriel">
//! ```
//!
//! ## Correction
//!
//! ```html
//! <label for="courriel">Courriel</label>
//! <input type="email" id="courriel" autocomplete="email">
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.1, test 11.1.1 (axe-core : `label`, `select-name`). Erreur certaine.

use std::collections::HashSet;

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::{LabelledBy, Rule};

#[derive(Default)]
pub(crate) struct FieldLabel {
    label_for: HashSet<String>,
    /// Fields whose only hope is a `<label for>`: (offset, id, tag).
    pending: Vec<(usize, String, String)>,
    labelled_by: LabelledBy,
}

fn message(tag: &str, placeholder: bool) -> String {
    let hint = if placeholder {
        " (le placeholder ne suffit pas)"
    } else {
        ""
    };
    format!(
        "<{tag}> sans étiquette{hint} : associez-lui un <label for> (ou aria-label, aria-labelledby, title)."
    )
}

impl Rule for FieldLabel {
    fn tags(&self) -> &'static [&'static str] {
        &["input", "select", "textarea", "label"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name == "label" {
            if let Some(id) = el.attr_filled("for") {
                self.label_for.insert(id.to_owned());
            }
            return;
        }
        if !el.is_labelable_field() || cx.hidden() || el.aria_hidden() {
            return;
        }
        if el.attr_filled("aria-label").is_some()
            || el.attr_filled("title").is_some()
            || cx.inside("label")
        {
            return;
        }
        if let Some(ids) = el.attr_filled("aria-labelledby") {
            self.labelled_by.expect(
                el.offset,
                ids,
                format!(
                    "<{}> nommé par aria-labelledby vers un id absent de la page.",
                    el.name
                ),
            );
            return;
        }
        match el.attr_filled("id") {
            Some(id) => self
                .pending
                .push((el.offset, id.to_owned(), el.name().to_owned())),
            None => out.error(el.offset, message(&el.name, el.has("placeholder"))),
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        for (offset, id, tag) in self.pending.drain(..) {
            if !self.label_for.contains(&id) {
                out.error(offset, message(&tag, false));
            }
        }
        self.labelled_by.finish(page, out);
    }
}
