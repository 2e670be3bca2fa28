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
use crate::rules::{ListLikeParagraphs, Rule, list_child, list_text};

/// Starts of paragraphs that look like list items.
const MARKERS: &[&str] = &["- ", "• ", "* ", "– ", "— ", "· "];

#[derive(Default)]
pub(crate) struct UnorderedList {
    paragraphs: ListLikeParagraphs,
}

impl Rule for UnorderedList {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        list_child("ul", cx, el, out);
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
        list_text("ul", cx, text, offset, out);
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        self.paragraphs.end("ul", MARKERS, frame, out);
    }
}
