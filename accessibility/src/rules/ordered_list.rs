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
use crate::rules::{ListLikeParagraphs, Rule, list_child, list_text};

/// Starts of paragraphs that look like list items.
const MARKERS: &[&str] = &["1. ", "1) ", "2. ", "2) ", "3. ", "3) "];

#[derive(Default)]
pub(crate) struct OrderedList {
    paragraphs: ListLikeParagraphs,
}

impl Rule for OrderedList {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn wants_text(&self) -> bool {
        true
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        list_child("ol", cx, el, out);
    }

    fn text(&mut self, cx: &Cx<'_>, text: &str, offset: usize, out: &mut Out<'_>) {
        list_text("ol", cx, text, offset, out);
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, out: &mut Out<'_>) {
        self.paragraphs.end("ol", MARKERS, frame, out);
    }
}
