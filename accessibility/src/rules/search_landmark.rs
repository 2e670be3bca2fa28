//! # 12.6.1 — Zone de recherche sans rôle
//!
//! ## Ce que la règle vérifie
//!
//! Signale les champs de recherche (`type="search"`, ou nommés `q`, `recherche`, `search`)
//! qui ne sont ni dans un élément `<search>` ni dans un élément `role="search"`.
//!
//! ## Pourquoi
//!
//! Le rôle `search` permet d’atteindre le moteur de recherche directement, comme les autres
//! zones de la page.
//!
//! ## Exemple en échec
//!
//! ```html
//! <form action="/recherche/"><label for="q">Rechercher</label><input type="search" id="q" name="q"></form>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <form action="/recherche/" role="search"><label for="q">Rechercher</label><input type="search" id="q" name="q"></form>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.6, test 12.6.1. À vérifier : un titre ou un lien d’accès rapide peut suffire.

use crate::context::{Cx, Out};
use crate::dom::Element;
use crate::rules::Rule;
use crate::rules::input_type;

#[derive(Default)]
pub(crate) struct SearchLandmark {
    reported: bool,
}

impl Rule for SearchLandmark {
    fn tags(&self) -> &'static [&'static str] {
        &["input"]
    }

    fn events(&self) -> super::Events {
        super::Events::START
    }

    fn start(&mut self, cx: &Cx<'_>, el: &Element, out: &mut Out<'_>) {
        let name = el.attr("name").unwrap_or_default().to_ascii_lowercase();
        let search =
            input_type(el) == "search" || matches!(name.as_str(), "q" | "recherche" | "search");
        if !search || self.reported {
            return;
        }
        let landmark = cx
            .stack
            .iter()
            .any(|f| f.name() == "search" || f.el.has_role(&["search"]));
        if !landmark {
            self.reported = true;
            out.review(
                el.offset,
                "Moteur de recherche hors d’une zone role=\"search\" : ajoutez role=\"search\" à son <form> (ou utilisez <search>).",
            );
        }
    }
}
