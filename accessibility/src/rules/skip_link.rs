//! # 12.7.1 — Lien d’évitement vers le contenu principal
//!
//! ## Ce que la règle vérifie
//!
//! La page a un lien interne (`href="#…"`) vers le contenu principal : l’élément `<main>` ou un
//! élément qu’il contient, ou, sans `<main>`, une cible existante d’un lien dont l’intitulé parle
//! de contenu. Sans un tel lien : erreur. Un lien d’évitement dont la cible n’existe pas : erreur.
//! S’il n’est pas le premier élément qui prend le focus : à vérifier.
//!
//! ## Pourquoi
//!
//! Sans lien d’évitement, une personne au clavier doit traverser tout l’en-tête et le menu
//! sur chaque page.
//!
//! ## Exemple en échec
//!
//! ```html
//! <body>
//!   <header><a href="/">Accueil</a></header>
//!   <main id="contenu"><h1>Démarches</h1></main>
//! </body>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <body>
//!   <a href="#contenu" class="evitement">Aller au contenu</a>
//!   <header><a href="/">Accueil</a></header>
//!   <main id="contenu"><h1>Démarches</h1></main>
//! </body>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.7, test 12.7.1 (axe-core : `bypass`). Erreur certaine.

use crate::context::{Cx, DocInfo, Out, Page};
use crate::dom::{Element, Frame};
use crate::rules::Rule;
use crate::text::fold;

#[derive(Default)]
pub(crate) struct SkipLink {
    /// In-page links: (offset, target id, folded text).
    links: Vec<(usize, String, String)>,
    /// Offset of the first element that takes focus.
    first_focusable: Option<usize>,
    has_main: bool,
}

fn mentions_content(text: &str) -> bool {
    ["contenu", "content", "principal", "main"]
        .iter()
        .any(|w| text.contains(w))
}

impl Rule for SkipLink {
    fn tags(&self) -> &'static [&'static str] {
        &["*"]
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, _out: &mut Out<'_>) {
        if el.name == "main" {
            self.has_main = true;
        }
        if self.first_focusable.is_none() && el.is_focusable() {
            self.first_focusable = Some(el.offset);
        }
    }

    fn end(&mut self, _cx: &Cx<'_>, frame: &Frame, _out: &mut Out<'_>) {
        if frame.name() != "a" {
            return;
        }
        let Some(target) = frame
            .el
            .attr("href")
            .and_then(|h| h.trim().strip_prefix('#'))
        else {
            return;
        };
        if !target.is_empty() {
            self.links
                .push((frame.el.offset, target.to_owned(), fold(&frame.text)));
        }
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        if page.body_offset.is_none() {
            return;
        }
        let skip =
            self.links
                .iter()
                .find(|(_, target, text)| match page.ids.get(target.as_str()) {
                    Some(info) if self.has_main => info.in_main,
                    Some(_) => mentions_content(text),
                    None => false,
                });
        if let Some((offset, _, _)) = skip {
            if self.first_focusable.is_some_and(|f| f != *offset) {
                out.review(
                    *offset,
                    "Le lien d’évitement n’est pas le premier élément qui prend le focus : placez-le en tête de page.",
                );
            }
            return;
        }
        let broken = self
            .links
            .iter()
            .find(|(_, target, text)| !page.has_id(target) && mentions_content(text));
        match broken {
            Some((offset, target, _)) => out.error(
                *offset,
                format!("Lien d’évitement vers #{target} : aucun élément n’a cet id ; donnez-le à <main>."),
            ),
            None => out.error(
                page.body_offset.unwrap_or_default(),
                "Pas de lien d’évitement : ajoutez en tête de page <a href=\"#contenu\">Aller au contenu</a> et id=\"contenu\" sur <main>.",
            ),
        }
    }
}
