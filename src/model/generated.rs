//! Pages every commune site has, made by the build rather than written by editors:
//! plan du site, legal pages, the 404 page, and the search page when search is on. A content
//! page at the same URL supplies editable additions shown below the generated part.

use super::PageKind;

/// A page the build adds to every site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Generated {
    SiteMap,
    LegalNotice,
    Privacy,
    Accessibility,
    NotFound,
    /// Only with `[fonctionnalites] recherche` (issue #7).
    Search,
}

impl Generated {
    pub const ALL: [Generated; 6] = [
        Generated::SiteMap,
        Generated::LegalNotice,
        Generated::Privacy,
        Generated::Accessibility,
        Generated::NotFound,
        Generated::Search,
    ];

    pub fn url(self) -> &'static str {
        match self {
            Generated::SiteMap => "/plan-du-site/",
            Generated::LegalNotice => "/mentions-legales/",
            Generated::Privacy => "/donnees-personnelles/",
            Generated::Accessibility => "/accessibilite/",
            Generated::NotFound => "/404.html",
            Generated::Search => crate::search::SEARCH_URL,
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Generated::SiteMap => "Plan du site",
            Generated::LegalNotice => "Mentions légales",
            Generated::Privacy => "Données personnelles",
            Generated::Accessibility => "Accessibilité",
            Generated::NotFound => "Page introuvable",
            Generated::Search => "Rechercher",
        }
    }

    pub fn template(self) -> &'static str {
        match self {
            Generated::SiteMap => "plan-du-site.html",
            Generated::LegalNotice => "mentions-legales.html",
            Generated::Privacy => "donnees-personnelles.html",
            Generated::Accessibility => "accessibilite.html",
            Generated::NotFound => "404.html",
            Generated::Search => "recherche.html",
        }
    }

    pub fn kind(self) -> PageKind {
        PageKind::Generated(self)
    }
}
