//! Tag pages of the news (issue #7): `/actualites/etiquettes/` lists the tags of the news
//! items with their counts, `/actualites/etiquettes/<slug>/` the items with one tag, paginated
//! like the news section.
//!
//! A tag is known by its slug (accents folded, `Écoles` and `ecoles` are one tag) and shown as
//! first written by the newest item that carries it. The pages exist only when the site has a
//! section at `/actualites/` and at least one tagged news item (a dated page that is neither
//! an event nor an act); they are generated pages: their listing's children are the items,
//! which stay the children of their own section.

use std::collections::{BTreeMap, HashMap};

use super::{Page, PageId, PageKind, listing_order, url};
use crate::diagnostic::Diagnostic;

/// The news section the tag pages belong to.
pub const NEWS_URL: &str = "/actualites/";
/// The index of the tags.
pub const TAGS_URL: &str = "/actualites/etiquettes/";

/// The tags of the site, by slug.
#[derive(Debug, Default)]
pub struct Tags {
    pub by_slug: BTreeMap<String, Tag>,
    /// The index page, when there are tags.
    pub index: Option<PageId>,
}

/// One tag and its page.
#[derive(Debug)]
pub struct Tag {
    /// As the newest item carrying it writes it.
    pub name: String,
    pub page: PageId,
}

impl Tags {
    /// The address of the page of `tag` (as an item writes it), if there is one.
    pub fn url_of<'a>(&self, tag: &str, pages: &'a [Page]) -> Option<&'a str> {
        let tag = self.by_slug.get(&url::slugify(tag))?;
        Some(pages[tag.page].url.as_str())
    }
}

/// Adds the tag pages to `pages` (whose `children` are already sorted) and to `by_url`.
/// Errors: an editor's page at one of their addresses. Warnings: a tag without letters.
pub(super) fn add_pages(
    pages: &mut Vec<Page>,
    by_url: &mut HashMap<String, PageId>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Tags {
    let Some(&news) = by_url.get(NEWS_URL) else {
        return Tags::default();
    };
    if pages[news].kind != PageKind::Section {
        return Tags::default();
    }
    // Newest first, as the news section lists them: the first spelling met names the tag.
    let mut items: Vec<PageId> = (0..pages.len())
        .filter(|&id| pages[id].is_news() && !pages[id].tags.is_empty())
        .collect();
    items.sort_by(|&a, &b| listing_order(&pages[a], &pages[b]));
    let mut tagged: BTreeMap<String, (String, Vec<PageId>)> = BTreeMap::new();
    for &id in &items {
        for tag in &pages[id].tags {
            let slug = url::slugify(tag);
            if slug.is_empty() {
                warnings.push(blank_tag(&pages[id], tag));
                continue;
            }
            let entry = tagged
                .entry(slug)
                .or_insert_with(|| (tag.trim().to_owned(), Vec::new()));
            if entry.1.last() != Some(&id) {
                entry.1.push(id);
            }
        }
    }
    if tagged.is_empty() {
        return Tags::default();
    }
    let (section_title, per_page) = (pages[news].title.clone(), pages[news].per_page);
    if reserved(by_url, TAGS_URL, pages, problems) {
        return Tags::default();
    }
    let index = pages.len();
    pages.push(generated_page(
        PageKind::TagIndex,
        TAGS_URL.to_owned(),
        format!("{section_title} : toutes les étiquettes"),
        news,
        Vec::new(),
        per_page,
    ));
    by_url.insert(TAGS_URL.to_owned(), index);
    let mut tags = Tags {
        by_slug: BTreeMap::new(),
        index: Some(index),
    };
    for (slug, (name, items)) in tagged {
        let address = format!("{TAGS_URL}{slug}/");
        if reserved(by_url, &address, pages, problems) {
            continue;
        }
        let id = pages.len();
        pages.push(generated_page(
            PageKind::Tag,
            address.clone(),
            // Non-breaking spaces inside the guillemets: « Travaux » never breaks apart.
            format!("{section_title} : étiquette «\u{a0}{name}\u{a0}»"),
            index,
            items,
            per_page,
        ));
        by_url.insert(address, id);
        pages[index].children.push(id);
        tags.by_slug.insert(slug, Tag { name, page: id });
    }
    tags
}

/// The index has its own template; a tag's page is a listing like a section's.
pub(super) fn template(kind: PageKind) -> &'static str {
    match kind {
        PageKind::TagIndex => "etiquettes.html",
        _ => "rubrique.html",
    }
}

fn generated_page(
    kind: PageKind,
    url: String,
    title: String,
    parent: PageId,
    children: Vec<PageId>,
    per_page: usize,
) -> Page {
    Page {
        template: template(kind).to_owned(),
        kind,
        url,
        title,
        description: None,
        date: None,
        weight: i64::MAX,
        tags: Vec::new(),
        draft: false,
        content: String::new(),
        source: None,
        parent: Some(parent),
        children,
        event: None,
        act: None,
        per_page,
    }
}

/// An editor's page already has `url`: an error on it.
fn reserved(
    by_url: &HashMap<String, PageId>,
    url: &str,
    pages: &[Page],
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let Some(&taken) = by_url.get(url) else {
        return false;
    };
    problems.push(reserved_url(&pages[taken], url));
    true
}

fn reserved_url(page: &Page, url: &str) -> Diagnostic {
    let diagnostic = Diagnostic::error(
        "site.adresse-reservee",
        format!("l'adresse {url} est réservée aux pages d'étiquettes des actualités"),
    )
    .with_hint("renommez ce fichier, ou changez son slug : les pages d'étiquettes sont créées par la construction.");
    match &page.source {
        Some(source) => diagnostic.in_file(&source.display),
        None => diagnostic,
    }
}

fn blank_tag(page: &Page, tag: &str) -> Diagnostic {
    let diagnostic = Diagnostic::warning(
        "page.etiquette-vide",
        format!("étiquette « {tag} » sans lettre ni chiffre : elle n'a pas de page et n'est pas affichée comme lien"),
    )
    .with_hint("écrivez l'étiquette avec des lettres, par exemple etiquettes = [\"Travaux\"].");
    match &page.source {
        Some(source) => diagnostic.in_file(&source.display),
        None => diagnostic,
    }
}
