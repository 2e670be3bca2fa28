//! # 9.3.2 — Liste ordonnée mal structurée
//!
//! ## Ce que la règle vérifie
//!
//! - Un `<ol>` ne contient directement que des `<li>` (ou `<script>`, `<template>`), et pas
//!   de texte ;
//! - à vérifier : deux paragraphes de suite qui commencent par un numéro (« 1. », « 2) ») forment sans doute
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
//! <ol>
//!   Étapes :
//!   <li>Remplir le formulaire</li>
//! </ol>
//! <p>1. Prendre rendez-vous</p>
//! <p>2. Venir en mairie</p>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <ol>
//!   <li>Prendre rendez-vous</li>
//!   <li>Venir en mairie</li>
//! </ol>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.3, test 9.3.2 (axe-core : `list`). Erreur certaine pour le balisage.

use crate::context::{Cx, Out};
use crate::dom::{Element, Frame};
use crate::rules::Rule;

/// Starts of paragraphs that look like list items.
const MARKERS: &[&str] = &["1. ", "1) ", "2. ", "2) ", "3. ", "3) "];

#[derive(Default)]
pub(crate) struct OrderedList {
    /// Consecutive paragraphs starting with a marker, and the offset of the first.
    run: (u32, usize),
}

impl Rule for OrderedList {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let parent = cx.parent().map(Frame::name);
        if parent == Some("ol") && !matches!(el.name(), "li" | "script" | "template") {
            out.error(
                el.offset,
                format!(
                    "<{}> directement dans <ol> : une liste ne contient que des <li>.",
                    el.name
                ),
            );
        }
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
        if cx.parent().is_some_and(|p| p.name() == "ol") && !crate::text::is_blank(text) {
            out.error(
                offset,
                "Texte directement dans <ol> : placez-le dans un <li>.",
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
                    "Paragraphes qui commencent comme des éléments de liste : utilisez <ol> et <li>.",
                );
            }
        } else {
            self.run.0 = 0;
        }
    }
}
