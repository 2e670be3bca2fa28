//! # 9.2.1 — Structure du document
//!
//! ## Ce que la règle vérifie
//!
//! Sur une page HTML5 (le critère est non applicable sinon) :
//! - une balise `<main>` visible (sans `hidden`) est présente, et une seule (erreurs) ;
//! - l’en-tête (`<header>`), la navigation (`<nav>`) et le pied de page (`<footer>`) sont
//!   présents (à vérifier s’ils manquent : la page peut ne pas avoir ces zones).
//!
//! ## Pourquoi
//!
//! Les technologies d’assistance proposent d’aller directement à ces zones ; sans les
//! balises, il n’y a rien à proposer.
//!
//! ## Exemple en échec
//!
//! ```html
//! <body><div id="contenu"><h1>Démarches</h1></div></body>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <body>
//!   <header>…</header>
//!   <nav>…</nav>
//!   <main id="contenu"><h1>Démarches</h1></main>
//!   <footer>…</footer>
//! </body>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 9.2, test 9.2.1 (axe-core : `region`). Erreur certaine pour `<main>`.

use crate::context::{Cx, Out};
use crate::context::{DocInfo, Page};
use crate::dom::Element;
use crate::rules::Rule;

#[derive(Default)]
pub(crate) struct DocumentStructure {
    mains: u32,
    header: bool,
    nav: bool,
    footer: bool,
}

impl Rule for DocumentStructure {
    fn tags(&self) -> &'static [&'static str] {
        &["main", "header", "nav", "footer"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, _cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        match el.name() {
            "main" if !el.has("hidden") => {
                self.mains += 1;
                if self.mains == 2 {
                    out.error(
                        el.offset,
                        "Deuxième <main> visible : une page n’a qu’une zone de contenu principal (masquez les autres avec hidden).",
                    );
                }
            }
            "header" => self.header = true,
            "nav" => self.nav = true,
            "footer" => self.footer = true,
            _ => {}
        }
    }

    fn finish(&mut self, page: &Page, doc: &DocInfo, out: &mut Out<'_>) {
        if !doc.is_html5() {
            return;
        }
        let at = page.body_offset.unwrap_or_else(|| page.top_offset());
        if self.mains == 0 {
            out.error(
                at,
                "Pas de balise <main> : structurez le contenu principal avec <main>.",
            );
        }
        for (present, tag, zone) in [
            (self.header, "header", "l’en-tête"),
            (self.nav, "nav", "la navigation"),
            (self.footer, "footer", "le pied de page"),
        ] {
            if !present {
                out.review(
                    at,
                    format!(
                        "Pas de balise <{tag}> : si la page a {zone}, structurez-le avec <{tag}>."
                    ),
                );
            }
        }
    }
}
