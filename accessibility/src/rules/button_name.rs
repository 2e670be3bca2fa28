//! # 11.9.1 — Bouton sans intitulé
//!
//! ## Ce que la règle vérifie
//!
//! Chaque bouton a un intitulé : `<button>` (ou élément `role="button"`) avec du texte, une
//! image dotée d’une alternative, `aria-label`, `aria-labelledby` (vers un `id` existant) ou
//! `title` ; `<input type="button">` avec une `value` ; `<input type="submit">` et
//! `<input type="reset">` sans `value` vide.
//!
//! ## Pourquoi
//!
//! Un bouton sans intitulé est annoncé « bouton » : impossible de savoir ce qu’il fait.
//!
//! ## Exemple en échec
//!
//! ```html
//! <button type="button" class="menu"><span class="icone-menu"></span></button>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <button type="button" class="menu" aria-expanded="false"><span class="icone-menu"></span> Menu</button>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 11.9, test 11.9.1 (axe-core : `button-name`, `input-button-name`,
//! `aria-command-name`). Erreur certaine ; la pertinence reste à juger.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame};
use crate::rules::{LabelledBy, Rule, input_type};

#[derive(Default)]
pub(crate) struct ButtonName {
    labelled_by: LabelledBy,
}

impl Rule for ButtonName {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.name != "input" || cx.hidden() || el.has_attr_name() {
            return;
        }
        let ty = input_type(el);
        let value = el.attr("value").map(str::trim);
        let missing = match ty.as_str() {
            "button" => value.is_none_or(str::is_empty),
            "submit" | "reset" => value.is_some_and(str::is_empty),
            _ => false,
        };
        if missing {
            out.push(
                crate::Severity::Error,
                el.offset,
                format!("<input type=\"{ty}\"> sans intitulé : renseignez value."),
                Some("input-button-name"),
            );
        }
    }

    fn end(&mut self, cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        let el = &frame.el;
        let is_button = el.name == "button" || el.has_role(&["button"]);
        if !is_button || el.aria_hidden() || cx.hidden() || frame.has_text() {
            return;
        }
        if el.attr_filled("aria-label").is_some() || el.attr_filled("title").is_some() {
            return;
        }
        match el.attr_filled("aria-labelledby") {
            Some(ids) => self.labelled_by.expect(
                el.offset,
                ids,
                "Bouton nommé par aria-labelledby vers un id absent de la page.".to_owned(),
            ),
            None => out.error(
                el.offset,
                "Bouton sans intitulé : ajoutez un texte (éventuellement masqué visuellement) ou aria-label.",
            ),
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        self.labelled_by.finish(page, out);
    }
}
