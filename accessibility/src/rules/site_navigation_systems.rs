//! # 12.1.1 — Deux systèmes de navigation
//!
//! ## Ce que la règle vérifie
//!
//! Le site offre au moins deux systèmes de navigation parmi : un menu (`<nav>`), une page
//! « plan du site », un moteur de recherche (`role="search"`). Cette règle porte sur le site entier : elle est appliquée par `SiteChecker`.
//!
//! ## Pourquoi
//!
//! Chacun navigue à sa façon : menu, plan ou recherche ; un seul moyen exclut une partie des
//! utilisateurs.
//!
//! ## Exemple en échec
//!
//! ```html
//! <nav><a href="/">Accueil</a> <a href="/mairie/">Mairie</a></nav>
//! <!-- ni plan du site, ni recherche -->
//! ```
//!
//! ## Correction
//!
//! ```html
//! <nav><a href="/">Accueil</a> <a href="/mairie/">Mairie</a></nav>
//! <footer><a href="/plan-du-site/">Plan du site</a></footer>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.1, test 12.1.1. Erreur certaine.

use crate::summary::PageSummary;

/// `Some(message)` when the site has fewer than two navigation systems.
pub(crate) fn check(pages: &[(String, PageSummary)], has_sitemap: bool) -> Option<String> {
    let menu = pages.iter().any(|(_, p)| p.has_nav);
    let search = pages.iter().any(|(_, p)| p.has_search);
    let count = [menu, has_sitemap, search]
        .into_iter()
        .filter(|b| *b)
        .count();
    (count < 2).then(|| {
        "Le site n’a qu’un système de navigation : ajoutez une page « Plan du site » liée depuis chaque page (ou un moteur de recherche).".to_owned()
    })
}
