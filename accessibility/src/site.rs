//! Checks that need every page of the site: unique titles (8.6.1), internal links and
//! anchors, the plan du site (12.1.1, 12.4.1) and the accessibility statement link.
//!
//! Pages are added one by one with their [`PageSummary`], which [`crate::check_page_with_summary`]
//! returns from the same pass that checks the page.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::rules::{
    page_title_relevance, site_accessibility_page, site_internal_links, site_navigation_systems,
    site_sitemap_link,
};
use crate::summary::PageSummary;
use crate::{Finding, Severity, registry};

/// A finding on one page of the site: the page's path or URL as given to
/// [`SiteChecker::add_page`], and the finding.
pub type SiteFinding = (String, Finding);

/// Collects page summaries, then checks the site as a whole.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct SiteChecker {
    pages: Vec<(String, PageSummary)>,
}

fn finding(
    rule: &'static str,
    severity: Severity,
    line: u32,
    column: u32,
    message: String,
) -> Finding {
    Finding {
        rule,
        axe: registry::entry(rule).and_then(|e| e.axe),
        severity,
        message,
        offset: 0,
        line,
        column,
    }
}

impl SiteChecker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a page; `path_or_url` is its address on the site (`/`, `/mairie/`,
    /// `mairie/index.html`…), used to resolve its relative links.
    pub fn add_page(&mut self, path_or_url: &str, summary: PageSummary) {
        self.pages.push((path_or_url.to_owned(), summary));
    }

    /// Runs the site rules; findings are sorted by page then line.
    pub fn finish(self) -> Vec<SiteFinding> {
        let pages = &self.pages;
        // Each rule reads every page: the pages in parallel, the titles (one map of them
        // all) beside the others.
        let (mut out, others) =
            rayon::join(|| duplicate_titles(pages), || navigation_and_links(pages));
        out.extend(others);
        out.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then(a.1.line.cmp(&b.1.line))
                .then(a.1.rule.cmp(b.1.rule))
        });
        out
    }
}

/// Pages sharing a title (8.6.1).
fn duplicate_titles(pages: &[(String, PageSummary)]) -> Vec<SiteFinding> {
    page_title_relevance::duplicate_titles(
        pages.iter().map(|(u, p)| (u.as_str(), p.title.as_deref())),
    )
    .into_iter()
    .map(|(page, title, n)| {
        (
            page.to_owned(),
            finding(
                "8.6.1",
                Severity::Review,
                1,
                1,
                format!("Titre « {title} » porté par {n} pages : rendez chaque titre unique."),
            ),
        )
    })
    .collect()
}

/// The plan du site (12.1.1, 12.4.1), the accessibility statement link and the internal
/// links, in that order.
fn navigation_and_links(pages: &[(String, PageSummary)]) -> Vec<SiteFinding> {
    let mut out = Vec::new();
    let (paths, sitemap_links): (Vec<String>, Vec<_>) = pages
        .par_iter()
        .map(|(url, p)| {
            (
                site_internal_links::normalize(url),
                site_sitemap_link::sitemap_link(p),
            )
        })
        .unzip();
    let by_path: HashMap<&str, &PageSummary> = paths
        .iter()
        .map(String::as_str)
        .zip(pages.iter().map(|(_, p)| p))
        .collect();
    let sitemap_url = pages
        .iter()
        .zip(&sitemap_links)
        .find_map(|((url, _), link)| {
            site_internal_links::resolve(url, &(*link)?.href).map(|(path, _)| path)
        });
    // The page it leads to, if it is one of the site's.
    let sitemap_page = sitemap_url.and_then(|s| {
        let at = paths.iter().position(|path| *path == s)?;
        Some(pages[at].0.clone())
    });

    if let (Some(message), Some((first, _))) = (
        site_navigation_systems::check(pages, sitemap_page.is_some()),
        pages.first(),
    ) {
        out.push((
            first.clone(),
            finding("12.1.1", Severity::Error, 1, 1, message),
        ));
    }
    for (page, line, message, error) in
        site_sitemap_link::check(pages, &sitemap_links, sitemap_page.as_deref())
    {
        let severity = if error {
            Severity::Error
        } else {
            Severity::Review
        };
        out.push((page, finding("12.4.1", severity, line, 1, message)));
    }
    for (page, message) in site_accessibility_page::check(pages) {
        out.push((
            page,
            finding("page-accessibilite", Severity::Error, 1, 1, message),
        ));
    }

    // Most links are absolute paths shared by every page (menu, footer): each thread
    // resolves one once.
    let links: Vec<Vec<SiteFinding>> = pages
        .par_iter()
        .map_init(HashMap::new, |absolute, (url, page)| {
            let is_sitemap = sitemap_page.as_deref() == Some(url.as_str());
            broken_links(url, page, &by_path, is_sitemap, absolute)
        })
        .collect();
    out.extend(links.into_iter().flatten());
    out
}

/// The internal links of the page at `url` that lead nowhere on the site, or to an anchor
/// the page they lead to lacks. `absolute` keeps the resolved absolute paths.
fn broken_links<'p>(
    url: &str,
    page: &'p PageSummary,
    by_path: &HashMap<&str, &PageSummary>,
    is_sitemap: bool,
    absolute: &mut HashMap<&'p str, Option<(String, Option<String>)>>,
) -> Vec<SiteFinding> {
    let mut out = Vec::new();
    for link in &page.links {
        let href = link.href.trim();
        let relative;
        let resolved = if href.starts_with('/') && !href.starts_with("//") {
            absolute
                .entry(href)
                .or_insert_with(|| site_internal_links::resolve(url, href))
        } else {
            relative = site_internal_links::resolve(url, href);
            &relative
        };
        let Some((path, fragment)) = resolved else {
            continue;
        };
        let message = match (by_path.get(path.as_str()), fragment) {
            (None, _) => format!(
                "Lien vers {} : aucune page du site à cette adresse.",
                link.href
            ),
            (Some(target), Some(f)) if f != "top" && !target.ids.contains(f) => {
                format!(
                    "Lien vers {} : l’ancre #{f} n’existe pas dans la page visée.",
                    link.href
                )
            }
            _ => continue,
        };
        let message = if is_sitemap {
            format!("{message} Sur le plan du site, c’est aussi un échec du test RGAA 12.3.2.")
        } else {
            message
        };
        out.push((
            url.to_owned(),
            finding(
                "liens-internes",
                Severity::Error,
                link.line,
                link.column,
                message,
            ),
        ));
    }
    out
}
