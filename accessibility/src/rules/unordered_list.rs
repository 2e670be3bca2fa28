//! # 9.3.1 — Liste non ordonnée mal structurée
//!
//! ## Ce que la règle vérifie
//!
//! - Un `<ul>` ne contient directement que des `<li>` (ou `<script>`, `<template>`), et pas
//!   de texte ;
//! - chaque `<li>` est dans un `<ul>`, un `<ol>`, un `<menu>` ou un élément `role="list"` ;
//! - à vérifier : deux paragraphes de suite qui commencent par un tiret ou une puce (« - », « • ») forment sans doute
//!   une liste non balisée.
//!
//! ## Pourquoi
//!
//! Les lecteurs d’écran annoncent une liste et son nombre d’éléments ; une liste mal balisée
//! perd cette information.
//!
//! ## Exemple en échec
//!
//! ```html
//! <ul>
//!   <p>Carte d’identité</p>
//! </ul>
//! <p>- Passeport</p>
//! <p>- Permis de conduire</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <ul>
//!   <li>Carte d’identité</li>
//!   <li>Passeport</li>
//!   <li>Permis de conduire</li>
//! </ul>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.3, test 9.3.1 (axe-core : `list, listitem`). Erreur certaine pour le balisage.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

/// Starts of paragraphs that look like list items.
const MARKERS: &[&str] = &["- ", "• ", "* ", "– ", "— ", "· "];

#[derive(Default)]
pub(crate) struct UnorderedList {
    /// Consecutive paragraphs starting with a marker, and the offset of the first.
    run: (u32, usize),
}

impl Rule for UnorderedList {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let parent = cx.parent().map(Frame::name);
        if parent == Some("ul") && !matches!(el.name(), "li" | "script" | "template") {
            out.error(
                el.offset,
                format!(
                    "<{}> directement dans <ul> : une liste ne contient que des <li>.",
                    el.name
                ),
            );
        }
        let in_list = cx
            .parent()
            .is_some_and(|p| matches!(p.name(), "ul" | "ol" | "menu") || p.el.has_role(&["list"]));
        if el.name == "li" && !in_list {
            out.push(
                crate::Severity::Error,
                el.offset,
                "<li> hors d’une liste : placez-le dans <ul> ou <ol>.".to_owned(),
                Some("listitem"),
            );
        }
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
        if cx.parent().is_some_and(|p| p.name() == "ul") && !crate::text::is_blank(text) {
            out.error(
                offset,
                "Texte directement dans <ul> : placez-le dans un <li>.",
            );
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        if frame.name() != "p" {
            return;
        }
        let text = frame.norm_text();
        if MARKERS.iter().any(|m| text.starts_with(m)) {
            if self.run.0 == 0 {
                self.run.1 = frame.el.offset;
            }
            self.run.0 += 1;
            if self.run.0 == 2 {
                out.review(
                    self.run.1,
                    "Paragraphes qui commencent comme des éléments de liste : utilisez <ul> et <li>.",
                );
            }
        } else {
            self.run.0 = 0;
        }
    }
}
