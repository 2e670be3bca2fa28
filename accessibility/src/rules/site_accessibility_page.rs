//! # page-accessibilite — Lien vers la déclaration d’accessibilité
//!
//! ## Ce que la règle vérifie
//!
//! Obligation légale (loi 2005-102, article 47 ; décret 2019-768), hors tests RGAA : chaque
//! page a un lien dont l’intitulé commence par « Accessibilité » (suivi de l’état de
//! conformité : « Accessibilité : partiellement conforme »), et ce lien mène à une page du site.
//! Cette règle porte sur le site entier : elle est appliquée par `SiteChecker`.
//!
//! ## Pourquoi
//!
//! La mention de conformité et la déclaration doivent être accessibles depuis toute page,
//! en général le pied de page.
//!
//! ## Exemple en échec
//!
//! ```html
//! <footer><a href="/mentions-legales/">Mentions légales</a></footer>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <footer><a href="/accessibilite/">Accessibilité : non conforme</a></footer>
//! ```
//!
//! ## Référence RGAA
//!
//! Obligation liée au RGAA (déclaration d’accessibilité), pas un test RGAA. Erreur
//! certaine.

use rayon::prelude::*;

use crate::summary::{Link, PageSummary};
use crate::text::fold_starts_with;

/// The link of a page that leads to the accessibility statement, if any.
pub(crate) fn accessibility_link(page: &PageSummary) -> Option<&Link> {
    page.links.iter().find(|l| {
        // One look at most links: the two spellings differ only by their last letter.
        fold_starts_with(&l.text, "accessibilit")
            && (fold_starts_with(&l.text, "accessibilité")
                || fold_starts_with(&l.text, "accessibilite"))
    })
}

/// `(page, message)` for each page without the link.
pub(crate) fn check(pages: &[(String, PageSummary)]) -> Vec<(String, String)> {
    pages
        .par_iter()
        .filter(|(_, p)| accessibility_link(p).is_none())
        .map(|(url, _)| {
            (
                url.clone(),
                "Pas de lien « Accessibilité : … » sur cette page : ajoutez au pied de page le lien vers la déclaration d’accessibilité, avec l’état de conformité.".to_owned(),
            )
        })
        .collect()
}
