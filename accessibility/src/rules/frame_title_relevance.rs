//! # 2.2.1 — Titre de cadre peu pertinent
//!
//! ## Ce que la règle vérifie
//!
//! Signale les titres de cadre génériques (« iframe », « vidéo », « carte »…) et les titres
//! identiques portés par des cadres de contenus différents.
//!
//! ## Pourquoi
//!
//! Un titre générique ou partagé ne permet pas de distinguer les cadres.
//!
//! ## Exemple en échec
//!
//! ```html
//! <iframe src="https://www.youtube-nocookie.com/embed/abc" title="iframe"></iframe>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <iframe src="https://www.youtube-nocookie.com/embed/abc" title="Vidéo : vœux du maire 2025"></iframe>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 2.2, test 2.2.1 (axe-core : `frame-title-unique`). À vérifier.

use std::collections::HashMap;

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::Element;
use crate::rules::Rule;
use crate::text::fold;

const GENERIC: &[&str] = &[
    "iframe",
    "frame",
    "cadre",
    "video",
    "vidéo",
    "carte",
    "map",
    "embed",
    "widget",
    "contenu",
    "titre",
    "title",
    "sans titre",
    "untitled",
    "youtube",
    "player",
    "lecteur",
];

#[derive(Default)]
pub(crate) struct FrameTitleRelevance {
    /// Folded title → (first offset, first src).
    seen: HashMap<String, (usize, String)>,
    duplicates: Vec<(usize, String)>,
}

impl Rule for FrameTitleRelevance {
    fn tags(&self) -> &'static [&'static str] {
        &["iframe", "frame"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        if el.aria_hidden() || cx.hidden() {
            return;
        }
        let Some(title) = el.attr_filled("title") else {
            return;
        };
        let folded = fold(title);
        if GENERIC.contains(&folded.as_str()) {
            out.review(
                el.offset,
                format!(
                    "Titre de cadre « {title} » trop générique : dites ce que contient le cadre."
                ),
            );
        }
        let src = el.attr("src").unwrap_or_default().to_owned();
        match self.seen.get(&folded) {
            Some((_, first_src)) if *first_src != src => {
                self.duplicates.push((el.offset, title.to_owned()));
            }
            Some(_) => {}
            None => {
                self.seen.insert(folded, (el.offset, src));
            }
        }
    }

    fn finish(&mut self, _page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        for (offset, title) in self.duplicates.drain(..) {
            out.review(
                offset,
                format!(
                    "Titre de cadre « {title} » déjà porté par un autre cadre : distinguez-les."
                ),
            );
        }
    }
}
