//! # 8.6.1 — Titre de page peu pertinent
//!
//! ## Ce que la règle vérifie
//!
//! Sur une page : signale un titre générique (« Accueil », « Sans titre », « Document »…) ou
//! qui ressemble à un nom de fichier. Sur le site ([`crate::SiteChecker`]) : signale les titres
//! portés par plusieurs pages.
//!
//! ## Pourquoi
//!
//! Le titre doit identifier la page de façon claire et unique : c’est lui qui distingue les
//! onglets et l’historique.
//!
//! ## Exemple en échec
//!
//! ```html
//! <title>Accueil</title>
//! ```
//!
//! ## Correction
//!
//! ```html
//! <title>Accueil – Commune de Saint-Martin</title>
//! ```
//!
//! ## Référence RGAA
//!
//! Critère 8.6, test 8.6.1. À vérifier.

use crate::context::{DocInfo, Out, Page};
use crate::rules::Rule;
use crate::text::fold;

const GENERIC: &[&str] = &[
    "accueil",
    "sans titre",
    "untitled",
    "document",
    "page",
    "titre",
    "index",
    "home",
    "nouvelle page",
    "new page",
    "page sans titre",
    "bienvenue",
    "welcome",
];

#[derive(Default)]
pub(crate) struct PageTitleRelevance;

impl Rule for PageTitleRelevance {
    fn tags(&self) -> &'static [&'static str] {
        &[]
    }

    fn finish(&mut self, page: &Page, _doc: &DocInfo, out: &mut Out<'_>) {
        let Some((title, offset)) = &page.title else {
            return;
        };
        let lower = title.to_lowercase();
        let file_like = [".html", ".htm", ".php", ".md"]
            .iter()
            .any(|e| lower.ends_with(e));
        if GENERIC.contains(&fold(title).as_str()) || file_like {
            out.review(
                *offset,
                format!("Titre « {title} » peu explicite : nommez la page et le site (« Horaires – Mairie de … »)."),
            );
        }
    }
}

/// Site level: titles shared by several pages, as `(page, title, number of pages)`.
pub(crate) fn duplicate_titles<'a>(
    pages: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<(&'a str, &'a str, usize)> {
    let mut by_title: std::collections::BTreeMap<String, Vec<(&str, &str)>> =
        std::collections::BTreeMap::new();
    for (page, title) in pages {
        if let Some(title) = title.filter(|t| !t.trim().is_empty()) {
            by_title.entry(fold(title)).or_default().push((page, title));
        }
    }
    by_title
        .into_values()
        .filter(|v| v.len() > 1)
        .flat_map(|v| {
            let n = v.len();
            v.into_iter().map(move |(page, title)| (page, title, n))
        })
        .collect()
}
