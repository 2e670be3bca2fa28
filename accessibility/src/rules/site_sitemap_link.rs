//! # 12.4.1 — Plan du site accessible depuis chaque page
//!
//! ## Ce que la règle vérifie
//!
//! Quand le site a une page « plan du site » (un lien dont l’intitulé commence par « Plan du
//! site »), chaque autre page a un tel lien ; à vérifier si ce lien n’est pas au même endroit
//! (pied de page ou non) sur toutes les pages. Cette règle porte sur le site entier : elle est appliquée par `SiteChecker`.
//!
//! ## Pourquoi
//!
//! Le plan du site doit se trouver de la même façon sur chaque page.
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
//! <footer><a href="/mentions-legales/">Mentions légales</a> <a href="/plan-du-site/">Plan du site</a></footer>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 12.4, tests 12.4.1 à 12.4.3. Erreur certaine pour un lien absent.

use crate::summary::{Link, PageSummary};
use crate::text::fold_starts_with;

/// The link of a page that leads to the plan du site, if any.
pub(crate) fn sitemap_link(page: &PageSummary) -> Option<&Link> {
    page.links
        .iter()
        .find(|l| fold_starts_with(&l.text, "plan du site"))
}

/// `(page, line, message, is_error)` for each page that breaks the rule.
/// `links` holds the [`sitemap_link`] of each page of `pages`.
pub(crate) fn check(
    pages: &[(String, PageSummary)],
    links: &[Option<&Link>],
    sitemap_url: Option<&str>,
) -> Vec<(String, u32, String, bool)> {
    let Some(sitemap_url) = sitemap_url else {
        return Vec::new();
    };
    let in_footer: Vec<bool> = links.iter().flatten().map(|l| l.in_footer).collect();
    let usual_footer = in_footer.iter().filter(|f| **f).count() * 2 >= in_footer.len();
    let mut out = Vec::new();
    for ((url, _), link) in pages.iter().zip(links) {
        if url == sitemap_url {
            continue;
        }
        match link {
            None => out.push((url.clone(), 1, "Pas de lien « Plan du site » sur cette page : ajoutez-le au pied de page, comme sur les autres.".to_owned(), true)),
            Some(l) if l.in_footer != usual_footer => out.push((
                url.clone(),
                l.line,
                "Le lien « Plan du site » n’est pas au même endroit que sur les autres pages : placez-le au même endroit partout.".to_owned(),
                false,
            )),
            Some(_) => {}
        }
    }
    out
}
